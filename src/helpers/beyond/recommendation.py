"""Users and items as embeddings: a generated ratings matrix and its matrix factorisation.

The same idea as word embeddings, for a film site. Each user and each film gets a small dense
vector; a user's rating of a film is modelled as the dot product of the two vectors. The
vectors are learned from the ratings that were observed (most are missing) by *alternating
least squares* (ALS): fix the item vectors and solve a small ridge regression per user, then
fix the user vectors and solve one per item, and repeat.

Because the ratings here are *generated* from known taste factors (:func:`generate_ratings`),
we can check what the learned vectors found: they recover the hidden factors up to an
invertible linear map (:func:`factor_recovery`).

Examples
--------
>>> data = generate_ratings(n_users=40, n_items=12, seed=0)
>>> data.ratings.shape, data.observed.sum() > 0
((40, 12), np.True_)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers.validate import positive_int, real_matrix
from helpers.vectors.similarity import nearest, top_k

__all__ = [
    "ALSResult",
    "RatingsData",
    "als",
    "als_loss",
    "als_step",
    "factor_recovery",
    "generate_ratings",
    "hold_out_ratings",
    "initial_item_vectors",
    "matrix_factorization",
    "nearest_items",
    "recall_at_k",
    "recommend",
    "rmse",
]

GENRES: tuple[str, ...] = ("action", "romance", "science fiction")
"""The hidden taste factors of the generated film site."""


@dataclass(frozen=True)
class RatingsData:
    """A generated ratings matrix with the hidden factors that produced it.

    Attributes
    ----------
    ratings : numpy.ndarray
        ``(n_users, n_items)`` observed ratings (0.5 to 5 stars in half stars), NaN where the
        user has not rated the item.
    complete : numpy.ndarray
        The rating every user *would* give every item (same noise and rounding), for checking
        predictions on the held-out entries.
    user_factors : numpy.ndarray
        ``(n_users, n_factors)`` true tastes: how much each user likes each genre.
    item_factors : numpy.ndarray
        ``(n_items, n_factors)`` true genre mix of each item.
    factor_names : list of str
        The genre of each factor.
    item_names : list of str
        A readable name per item, e.g. ``"action film 3"`` (named after its main genre).
    """

    ratings: np.ndarray
    complete: np.ndarray
    user_factors: np.ndarray
    item_factors: np.ndarray
    factor_names: list[str]
    item_names: list[str]

    @property
    def observed(self) -> np.ndarray:
        """Boolean mask of the observed ratings."""
        return ~np.isnan(self.ratings)

    @property
    def item_genres(self) -> list[str]:
        """The main genre of each item."""
        return [self.factor_names[i] for i in np.argmax(self.item_factors, axis=1)]


def generate_ratings(
    n_users: int = 300,
    n_items: int = 60,
    factor_names: Sequence[str] = GENRES,
    density: float = 0.25,
    noise: float = 0.3,
    seed: int = 42,
) -> RatingsData:
    """Generate star ratings from known taste factors, with most ratings missing.

    Each item has a main genre (items are spread evenly over the genres) with weight 1 plus
    small positive amounts of the others; each user has a taste per genre drawn from a normal
    distribution. The rating is ``3 + taste · genre mix + noise``, rounded to half stars and
    clipped to 0.5–5. Each rating is observed with probability ``density`` (every user and
    every item keeps at least two).

    Parameters
    ----------
    n_users, n_items : int
        Matrix size.
    factor_names : sequence of str
        One name per hidden factor.
    density : float
        Fraction of ratings observed, in (0, 1].
    noise : float
        Standard deviation of the noise added before rounding.
    seed : int
        Seed of the random generator.

    Returns
    -------
    RatingsData

    Examples
    --------
    >>> generate_ratings(n_users=10, n_items=6, seed=1).item_names[:2]
    ['action film 1', 'romance film 1']
    """
    n_factors = len(factor_names)
    if n_factors < 1:
        raise ValueError("factor_names needs at least one factor name.")
    if n_users < 2 or n_items < max(2, n_factors):
        raise ValueError(
            f"Need at least 2 users and at least {max(2, n_factors)} items, got {n_users} and {n_items}."
        )
    if not 0 < density <= 1:
        raise ValueError(f"density must be in (0, 1], got {density}.")
    rng = np.random.default_rng(seed)
    main = np.arange(n_items) % n_factors
    items = 0.25 * rng.random((n_items, n_factors))
    items[np.arange(n_items), main] = 1.0
    users = rng.normal(0.0, 1.0, size=(n_users, n_factors))
    raw = 3.0 + users @ items.T + rng.normal(0.0, noise, size=(n_users, n_items))
    complete = np.clip(np.round(raw * 2) / 2, 0.5, 5.0)
    observed = rng.random((n_users, n_items)) < density
    for matrix in (observed, observed.T):  # every row/column keeps at least two ratings
        for row in np.flatnonzero(matrix.sum(axis=1) < 2):
            matrix[row, rng.choice(matrix.shape[1], size=2, replace=False)] = True
    ratings = np.where(observed, complete, np.nan)
    counters = dict.fromkeys(factor_names, 0)
    names = []
    for genre_index in main.tolist():
        genre = factor_names[genre_index]
        counters[genre] += 1
        names.append(f"{genre} film {counters[genre]}")
    return RatingsData(ratings, complete, users, items, list(factor_names), names)


def als_step(
    fixed: np.ndarray, ratings: np.ndarray, observed: np.ndarray, reg: float
) -> np.ndarray:
    """Solve for one side's vectors with the other side fixed (one half of an ALS sweep).

    For every row ``u`` of ``ratings``, with ``F_u`` the rows of ``fixed`` that ``u`` has
    observed and ``r_u`` those ratings, the new vector is the ridge-regression solution
    ``x_u = (F_uᵀ F_u + reg·I)⁻¹ F_uᵀ r_u``.

    Parameters
    ----------
    fixed : numpy.ndarray
        ``(n_cols, d)`` vectors of the other side (items when solving for users).
    ratings : numpy.ndarray
        ``(n_rows, n_cols)`` centred ratings; entries where ``observed`` is False are ignored.
    observed : numpy.ndarray of bool
        ``(n_rows, n_cols)``.
    reg : float
        Ridge penalty (≥ 0).

    Returns
    -------
    numpy.ndarray
        ``(n_rows, d)`` the new vectors.

    Examples
    --------
    >>> F = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> als_step(F, np.array([[2.0, 3.0]]), np.array([[True, True]]), reg=0.0)
    array([[2., 3.]])
    """
    fixed = np.asarray(fixed, dtype=np.float64)
    ratings = np.asarray(ratings, dtype=np.float64)
    observed = np.asarray(observed, dtype=bool)
    if ratings.shape != observed.shape or ratings.shape[1] != fixed.shape[0]:
        raise ValueError(
            f"ratings and observed must both have shape (n_rows, {fixed.shape[0]}), "
            f"got {ratings.shape} and {observed.shape}."
        )
    d = fixed.shape[1]
    out = np.zeros((ratings.shape[0], d))
    eye = reg * np.eye(d)
    counts = observed.sum(axis=1)
    if reg <= 0 and counts.min() < d:
        u = int(np.argmin(counts))
        raise ValueError(
            f"row {u} has {int(counts[u])} observed ratings for d={d} unknowns, so with "
            f"reg={reg} its least-squares problem has no unique solution: use reg > 0 "
            "(e.g. reg=1.0) or a smaller d."
        )
    for u in range(ratings.shape[0]):
        seen = observed[u]
        F = fixed[seen]
        try:
            out[u] = np.linalg.solve(F.T @ F + eye, F.T @ ratings[u, seen])
        except np.linalg.LinAlgError:
            raise ValueError(
                f"row {u} has {int(seen.sum())} observed ratings for d={d} unknowns, so with "
                f"reg={reg} its least-squares problem has no unique solution: use reg > 0 "
                "(e.g. reg=1.0) or a smaller d."
            ) from None
    return out


@dataclass(frozen=True)
class ALSResult:
    """Learned user and item embeddings.

    Attributes
    ----------
    user_vectors, item_vectors : numpy.ndarray
        ``(n_users, d)`` and ``(n_items, d)``.
    mean : float
        The global mean rating, added back to every prediction.
    train_rmse : list of float
        Root-mean-square error on the observed ratings after each sweep.
    loss : list of float
        The objective ALS minimises after each sweep (:func:`als_loss`); it never goes up.
    """

    user_vectors: np.ndarray
    item_vectors: np.ndarray
    mean: float
    train_rmse: list[float]
    loss: list[float] = field(default_factory=list)

    def predict(self) -> np.ndarray:
        """Predicted rating of every user for every item: ``mean + U Vᵀ``."""
        return self.mean + self.user_vectors @ self.item_vectors.T


def als_loss(centred: np.ndarray, U: np.ndarray, V: np.ndarray, reg: float) -> float:
    """The ALS objective: squared errors on the observed entries plus the ridge penalty.

    ``Σ_(u,i) observed (r_ui − u_u · v_i)² + reg (‖U‖² + ‖V‖²)``, with ``centred`` the ratings
    minus their mean and NaN where a rating is missing.

    Examples
    --------
    >>> U, V = np.array([[1.0]]), np.array([[0.5], [2.0]])
    >>> als_loss(np.array([[1.0, np.nan]]), U, V, reg=0.1)  # 0.5² + 0.1 (1 + 0.25 + 4)
    0.775
    """
    centred = np.asarray(centred, dtype=np.float64)
    observed = ~np.isnan(centred)
    errors = np.where(observed, centred - U @ V.T, 0.0)
    return float(np.sum(errors**2) + reg * (np.sum(U**2) + np.sum(V**2)))


def initial_item_vectors(n_items: int, d: int, seed: int = 42) -> np.ndarray:
    """The small random item vectors ALS starts from: normal with standard deviation 0.1.

    Examples
    --------
    >>> initial_item_vectors(4, 2, seed=0).shape
    (4, 2)
    """
    return np.random.default_rng(seed).normal(0.0, 0.1, size=(n_items, d))


def als(
    ratings: np.ndarray, initial_items: np.ndarray, reg: float = 1.0, sweeps: int = 15
) -> ALSResult:
    """Alternating least squares from given starting item vectors (the loop of notebook 09).

    Centre the observed ratings on their mean; then, ``sweeps`` times, solve every user's vector
    with the item vectors fixed (:func:`als_step`), then every item's vector with the new user
    vectors fixed, and record the loss (:func:`als_loss`) and the training RMSE.

    Parameters
    ----------
    ratings : numpy.ndarray
        ``(n_users, n_items)``; NaN marks a missing rating. Every user and every item needs at
        least one observed rating.
    initial_items : numpy.ndarray
        ``(n_items, d)`` starting item vectors (not changed).
    reg : float
        Ridge penalty of every least-squares solve.
    sweeps : int
        Number of (users, then items) sweeps.

    Returns
    -------
    ALSResult

    Examples
    --------
    >>> data = generate_ratings(n_users=30, n_items=9, density=0.5, seed=0)
    >>> result = als(data.ratings, initial_item_vectors(9, 2, seed=0), reg=1.0, sweeps=4)
    >>> bool(np.all(np.diff(result.loss) <= 1e-9))
    True
    """
    ratings = np.asarray(ratings, dtype=np.float64)
    if ratings.ndim != 2:
        raise ValueError(f"ratings must be a matrix (n_users, n_items), got shape {ratings.shape}.")
    items = np.array(initial_items, dtype=np.float64)
    if items.ndim != 2 or items.shape[0] != ratings.shape[1]:
        raise ValueError(
            f"initial_items must have one row per item ({ratings.shape[1]}), got shape {items.shape}."
        )
    observed = ~np.isnan(ratings)
    if observed.sum(axis=1).min() == 0 or observed.sum(axis=0).min() == 0:
        raise ValueError("Every user and every item needs at least one observed rating.")
    mean = float(ratings[observed].mean())
    centred = ratings - mean
    filled = np.where(observed, centred, 0.0)
    users = np.zeros((ratings.shape[0], items.shape[1]))
    history, losses = [], []
    for _ in range(sweeps):
        users = als_step(items, filled, observed, reg)
        items = als_step(users, filled.T, observed.T, reg)
        history.append(rmse(mean + users @ items.T, ratings))
        losses.append(als_loss(centred, users, items, reg))
    return ALSResult(users, items, mean, history, losses)


def matrix_factorization(
    ratings: np.ndarray, d: int = 3, reg: float = 1.0, sweeps: int = 15, seed: int = 42
) -> ALSResult:
    """Factorise a ratings matrix with missing entries (NaN) by alternating least squares.

    :func:`als` started from :func:`initial_item_vectors` ``(n_items, d, seed)``.

    Parameters
    ----------
    ratings : numpy.ndarray
        ``(n_users, n_items)``; NaN marks a missing rating.
    d : int
        Embedding dimension.
    reg : float
        Ridge penalty of every least-squares solve.
    sweeps : int
        Number of (users, then items) sweeps.
    seed : int
        Seed for the small random initial item vectors.

    Returns
    -------
    ALSResult

    Examples
    --------
    >>> data = generate_ratings(n_users=60, n_items=12, density=0.5, seed=0)
    >>> result = matrix_factorization(data.ratings, d=3, sweeps=10)
    >>> result.train_rmse[-1] < result.train_rmse[0]
    True
    """
    ratings = np.asarray(ratings, dtype=np.float64)
    if ratings.ndim != 2:
        raise ValueError(f"ratings must be a matrix (n_users, n_items), got shape {ratings.shape}.")
    return als(ratings, initial_item_vectors(ratings.shape[1], d, seed), reg, sweeps)


def rmse(predicted: np.ndarray, actual: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Root-mean-square error over the entries where ``actual`` is not NaN (and ``mask`` is True).

    Examples
    --------
    >>> rmse(np.array([1.0, 2.0]), np.array([2.0, np.nan]))
    1.0
    """
    predicted, actual = (
        np.asarray(predicted, dtype=np.float64),
        np.asarray(actual, dtype=np.float64),
    )
    if predicted.shape != actual.shape:
        raise ValueError(
            f"predicted and actual need the same shape, got {predicted.shape} and {actual.shape}."
        )
    keep = ~np.isnan(actual)
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool)
    if not keep.any():
        raise ValueError("No entries to compare: every rating is missing or masked out.")
    return float(np.sqrt(np.mean((predicted[keep] - actual[keep]) ** 2)))


def nearest_items(item_vectors: np.ndarray, item: int, k: int = 5) -> list[tuple[int, float]]:
    """The ``k`` items whose vectors have the highest cosine similarity to item ``item``.

    Returns ``(item, cosine)`` pairs, best first, the item itself left out (unrounded; ties
    broken by index): :func:`helpers.vectors.similarity.nearest` with the item excluded.

    Examples
    --------
    >>> [(i, round(c, 4)) for i, c in nearest_items(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), 0, k=1)]
    [(1, 0.9939)]
    """
    V = real_matrix(item_vectors, "item_vectors")
    if isinstance(item, bool) or not isinstance(item, int | np.integer) or not 0 <= item < len(V):
        raise IndexError(f"item must be a whole number from 0 to {len(V) - 1}, got {item!r}.")
    k = positive_int(k, "k")
    if k >= len(V):
        raise ValueError(f"k must be at most {len(V) - 1} (the other items), got {k}.")
    return nearest(V, V[item], k, exclude=[int(item)])


def recommend(
    predicted: np.ndarray, ratings: np.ndarray, user: int, k: int = 5
) -> list[tuple[int, float]]:
    """The ``k`` items with the highest predicted rating that ``user`` has not rated yet.

    Returns ``(item, predicted rating)`` pairs, best first (unrounded; ties broken by index).

    Examples
    --------
    >>> recommend(np.array([[5.0, 4.0, 1.0]]), np.array([[5.0, np.nan, np.nan]]), 0, k=1)
    [(1, 4.0)]
    """
    predicted, ratings = np.asarray(predicted, dtype=np.float64), np.asarray(ratings)
    if not 0 <= user < len(ratings):
        raise IndexError(f"user must be between 0 and {len(ratings) - 1}, got {user}.")
    k = positive_int(k, "k")
    unseen = np.flatnonzero(np.isnan(ratings[user]))
    if len(unseen) == 0:
        return []
    best = top_k(predicted[user, unseen], min(k, len(unseen)))
    return [(int(unseen[i]), score) for i, score in best]


def factor_recovery(learned: np.ndarray, true: np.ndarray) -> np.ndarray:
    """How well a linear map of the learned vectors reproduces each true factor (R² per factor).

    Matrix factorisation can only find the factors up to an invertible linear map
    (``U Vᵀ = (U A)(V A⁻ᵀ)ᵀ``), so we fit the best map by least squares (with an intercept)
    and report the fraction of each true factor's variance it explains.

    Parameters
    ----------
    learned : numpy.ndarray
        ``(n, d)`` learned vectors.
    true : numpy.ndarray
        ``(n, k)`` true factors.

    Returns
    -------
    numpy.ndarray
        ``(k,)`` R² values in [0, 1].

    Examples
    --------
    >>> true = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.5]])
    >>> np.round(factor_recovery(true @ np.array([[2.0, 1.0], [0.0, 1.0]]), true), 4)
    array([1., 1.])
    """
    learned, true = np.asarray(learned, dtype=np.float64), np.asarray(true, dtype=np.float64)
    if learned.ndim != 2 or true.ndim != 2 or len(learned) != len(true):
        raise ValueError(
            f"learned and true must be matrices with the same number of rows, got {learned.shape} and {true.shape}."
        )
    design = np.column_stack([learned, np.ones(len(learned))])
    coef, *_ = np.linalg.lstsq(design, true, rcond=None)
    residual = true - design @ coef
    total = ((true - true.mean(axis=0)) ** 2).sum(axis=0)
    return np.asarray(1.0 - (residual**2).sum(axis=0) / total)


def hold_out_ratings(
    ratings: np.ndarray, fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Hide a random share of each user's ratings, for a held-out evaluation.

    Every user with at least two ratings keeps at least one and hides
    ``max(1, round(fraction · n_rated))`` of them, chosen at random; users with fewer ratings
    hide none.

    Parameters
    ----------
    ratings : numpy.ndarray
        ``(n_users, n_items)`` ratings, ``NaN`` where not rated.
    fraction : float
        The share of each user's ratings to hide, between 0 and 1 (excluded).
    seed : int
        Seed of the random choice.

    Returns
    -------
    train : numpy.ndarray
        A copy of ``ratings`` with the hidden entries set to ``NaN``.
    held_out : numpy.ndarray
        ``(n_users, n_items)`` bool, True for the hidden ratings.

    Examples
    --------
    >>> train, held_out = hold_out_ratings(np.array([[4.0, 2.0, np.nan, 5.0, 1.0]]), 0.5)
    >>> int(held_out.sum()), int(np.isnan(train).sum())
    (2, 3)
    """
    ratings = np.asarray(ratings, dtype=np.float64)
    if ratings.ndim != 2:
        raise ValueError(f"ratings must be a (users, items) matrix, got shape {ratings.shape}.")
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1 (excluded), got {fraction!r}.")
    rng = np.random.default_rng(seed)
    held_out = np.zeros(ratings.shape, dtype=bool)
    for user, row in enumerate(ratings):
        rated = np.flatnonzero(~np.isnan(row))
        if len(rated) < 2:
            continue
        n_hidden = min(len(rated) - 1, max(1, round(fraction * len(rated))))
        held_out[user, rng.choice(rated, size=n_hidden, replace=False)] = True
    train = ratings.copy()
    train[held_out] = np.nan
    return train, held_out


def recall_at_k(scores: np.ndarray, seen: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """Mean recall@k: the share of each user's relevant items found in their top ``k``.

    For each user, the items not ``seen`` in training are ranked by ``scores`` (highest first,
    equal scores by item index); recall is the number of ``relevant`` items among the first
    ``k``, divided by the user's number of relevant items. The result is the mean over the
    users who have at least one relevant item (the others cannot be evaluated).

    Parameters
    ----------
    scores : numpy.ndarray
        ``(n_users, n_items)`` predicted scores (higher = recommended first).
    seen : numpy.ndarray
        ``(n_users, n_items)`` bool, the training interactions (never recommended again).
    relevant : numpy.ndarray
        ``(n_users, n_items)`` bool, the held-out items each user liked.
    k : int
        How many items each user is shown.

    Returns
    -------
    float
        Mean recall@k over the users with a relevant item, between 0 and 1.

    Examples
    --------
    >>> scores = np.array([[0.9, 0.8, 0.1, 0.5]])
    >>> seen = np.array([[True, False, False, False]])
    >>> relevant = np.array([[False, False, True, True]])
    >>> recall_at_k(scores, seen, relevant, k=2)  # top 2 unseen: items 1 and 3
    0.5
    """
    scores = np.asarray(scores, dtype=np.float64)
    seen, relevant = np.asarray(seen, dtype=bool), np.asarray(relevant, dtype=bool)
    if not scores.shape == seen.shape == relevant.shape or scores.ndim != 2:
        raise ValueError(
            f"scores, seen and relevant must be matrices of one shape, got {scores.shape}, "
            f"{seen.shape} and {relevant.shape}."
        )
    if np.isnan(scores).any():
        raise ValueError("scores hold NaN: every item needs a score to be ranked.")
    k = positive_int(k, "k")
    if (seen & relevant).any():
        raise ValueError("An item is both seen in training and relevant: hide it from training.")
    recalls = []
    for user in np.flatnonzero(relevant.any(axis=1)):
        unseen = np.flatnonzero(~seen[user])
        order = unseen[np.argsort(-scores[user, unseen], kind="stable")]
        recalls.append(relevant[user, order[:k]].sum() / relevant[user].sum())
    if not recalls:
        raise ValueError("No user has a relevant item: there is nothing to evaluate.")
    return float(np.mean(recalls))
