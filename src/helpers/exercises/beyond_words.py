"""Exercises of notebook 09 (beyond words): cases, references and diagnoses (keys "9.x").

The learner writes matrix factorisation by alternating least squares (ALS) for a ratings matrix
with missing entries: one user's ridge-regression update (9.1), the whole alternating loop with
its loss (9.2), and recall@k, the held-out evaluation of a recommender against a baseline
(9.3; cosine neighbours are written in notebooks 02 and 05, so 09 uses
:func:`helpers.beyond.nearest_items`). Every
case is built from this module's own seeded generator, so checking changes no other random
number in the notebook.

Examples
--------
>>> V = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> update_user(V, np.array([2.0, np.nan]), reg=1.0)  # (1 + 1)⁻¹ · 2 on the rated film's axis
array([1., 0.])
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from helpers.beyond.recommendation import als as _als
from helpers.beyond.recommendation import (
    als_loss,
    als_step,
    generate_ratings,
    matrix_factorization,
    recall_at_k,
)
from helpers.exercises.checks import close
from helpers.exercises.registry import Exercise, register

__all__ = ["als_loop", "recall_at_k", "update_user"]

SEED = 901
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def update_user(V: np.ndarray, ratings_row: np.ndarray, reg: float) -> np.ndarray:
    """One user's new vector from the film vectors ``V`` and their centred ratings (9.1).

    ``NaN`` in ``ratings_row`` marks a film the user has not rated; the rated ones give the
    ridge regression ``(V_uᵀ V_u + reg·I)⁻¹ V_uᵀ r_u`` (:func:`helpers.beyond.als_step`).
    """
    rated = ~np.isnan(ratings_row)
    return als_step(V, np.nan_to_num(ratings_row)[None, :], rated[None, :], reg)[0]


def als_loop(
    ratings: np.ndarray, V0: np.ndarray, reg: float, sweeps: int
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """``(U, V, losses)`` after ``sweeps`` ALS sweeps from the film vectors ``V0`` (9.2).

    :func:`helpers.beyond.als`: users first, then films with the new users; ``losses[s]`` is
    :func:`helpers.beyond.als_loss` after sweep ``s``.
    """
    result = _als(ratings, V0, reg, sweeps)
    return result.user_vectors, result.item_vectors, result.loss


# --------------------------------------------------------------------------------------------
# Cases


def _update_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    V = rng.normal(size=(6, 2))
    V3 = rng.normal(size=(8, 3)) * np.array(
        [[3.0], [0.5], [1.0], [2.0], [1.0], [0.2], [1.5], [1.0]]
    )
    row3 = np.round(rng.normal(size=8), 1)
    row3[[1, 4, 5]] = np.nan
    return [
        (V, np.array([1.0, np.nan, -0.5, 2.0, np.nan, 0.0]), 1.0),
        (V, np.array([np.nan, 0.5, np.nan, np.nan, -1.0, 1.5]), 0.1),
        (V3, row3, 0.5),
        (V3, np.where(np.arange(8) == 6, 1.5, np.nan), 0.3),  # a single rated film
    ]


def _loop_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    cases: list[tuple[Any, ...]] = []
    for n_users, n_items, d, reg, sweeps in [
        (7, 5, 2, 1.0, 3),
        (10, 6, 3, 0.3, 4),
        (5, 4, 2, 2.0, 1),
    ]:
        data = generate_ratings(n_users, n_items, density=0.5, seed=int(rng.integers(1_000)))
        cases.append((data.ratings, rng.normal(0.0, 0.1, size=(n_items, d)), reg, sweeps))
    return cases


def _recall_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)

    def case(n_users: int, n_items: int, k: int, ties: bool = False) -> tuple[Any, ...]:
        scores = rng.normal(size=(n_users, n_items))
        if ties:  # a few score levels: equal scores are ranked by item index
            scores = np.round(scores)
        seen = rng.random((n_users, n_items)) < 0.3
        scores[seen] += 3.0  # the films rated in training score high: they must be left out
        relevant = ~seen & (rng.random((n_users, n_items)) < 0.25)
        relevant[0] = False  # a user with nothing held out to find
        relevant[1, np.flatnonzero(~seen[1])[:3]] = True  # a user with several to find
        return scores, seen, relevant, k

    return [
        (
            np.array([[0.9, 0.8, 0.1, 0.5], [0.2, 0.4, 0.6, 0.8], [0.5, 0.5, 0.5, 0.5]]),
            np.array([[True, False, False, False], [False, False, False, True], [False] * 4]),
            np.array([[False, False, True, True], [True, False, False, False], [False] * 4]),
            2,
        ),
        case(6, 10, 3),
        case(8, 12, 4, ties=True),
        case(5, 9, 1),
        case(4, 30, 20, ties=True),  # k larger than some users' unseen films, ties beyond 16
        # many films sharing a few score levels (like a popularity baseline's means): NumPy's
        # default sort keeps equal scores in index order only for small arrays (≤ 16)
        case(5, 60, 10, ties=True),
        case(6, 80, 8, ties=True),
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


_close = close


def _diagnose_update(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    V, row, reg = args
    rated = ~np.isnan(row)
    V_u, r_u, eye = V[rated], row[rated], np.eye(V.shape[1])
    if np.isnan(np.asarray(got, dtype=float)).any():
        return "NaN in the result: leave out the films the user has not rated (they are NaN)."
    if _close(got, np.linalg.lstsq(V_u, r_u, rcond=None)[0]):
        return (
            "That is plain least squares: the ridge penalty adds reg to the diagonal of V_uᵀ V_u."
        )
    if _close(got, np.linalg.solve(V.T @ V + reg * eye, V_u.T @ r_u)):  # = V.T @ nan_to_num(row)
        return (
            "A film the user has not rated is not a rating of 0: V_uᵀ V_u, like the right-hand "
            "side, uses only the rated films."
        )
    if _close(got, np.linalg.solve(V_u.T @ V_u + reg * len(r_u) * eye, V_u.T @ r_u)):
        return "The penalty is reg times the identity, not scaled by the number of ratings."
    if _close(got, np.linalg.solve(V_u.T @ V_u + reg, V_u.T @ r_u)):
        return "The penalty goes on the diagonal only: add reg times the identity matrix."
    return None


def _loop_variant(
    ratings: np.ndarray,
    V0: np.ndarray,
    reg: float,
    sweeps: int,
    *,
    centre: bool = True,
    films_first: bool = False,
    old_users: bool = False,
    penalty: bool = True,
    loss_before: bool = False,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """The ALS loop with one of the usual mistakes switched on (for the diagnoses)."""
    observed = ~np.isnan(ratings)
    centred = ratings - ratings[observed].mean() if centre else ratings.copy()
    filled = np.where(observed, centred, 0.0)
    V = V0.copy()
    U = np.zeros((ratings.shape[0], V.shape[1]))
    losses = []
    for _ in range(sweeps):
        before = als_loss(centred, U, V, reg)
        if films_first:
            V = als_step(U, filled.T, observed.T, reg)
            U = als_step(V, filled, observed, reg)
        else:
            previous = U
            U = als_step(V, filled, observed, reg)
            V = als_step(previous if old_users else U, filled.T, observed.T, reg)
        loss = before if loss_before else als_loss(centred, U, V, reg if penalty else 0.0)
        losses.append(loss)
    return U, V, losses


def _diagnose_loop(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 3:
        return "Return three things: (U, V, losses)."
    U, V, losses = got
    ref_u, ref_v, ref_losses = expected
    if np.ndim(losses) != 1 or len(losses) != len(ref_losses):
        return "Record one loss per sweep, after the sweep: `losses` has `sweeps` numbers."
    if _close(U, ref_u) and _close(V, ref_v):
        if _close(losses, _loop_variant(*args, penalty=False)[2]):
            return "The loss includes the penalty reg (‖U‖² + ‖V‖²), as in the objective."
        if _close(losses, _loop_variant(*args, loss_before=True)[2]):
            return "Record the loss after each sweep's two updates, not before them."
        counts = [int((~np.isnan(args[0])).sum()), args[0].size]
        if any(_close(losses, np.array(ref_losses) / n) for n in counts):
            return "The loss is the sum of squared errors plus the penalty, not a mean."
        return (
            "U and V are right but the losses are not: L sums the squared errors of the "
            "observed ratings only, plus the penalty."
        )
    mistakes: list[tuple[dict[str, Any], str]] = [
        ({"centre": False}, "Centre the ratings first: subtract the mean observed rating μ."),
        ({"films_first": True}, "Update the users first (V fixed), then the films."),
        ({"old_users": True}, "Update the films with the NEW user vectors of the same sweep."),
    ]
    if _close(U, 0.0) and _close(V, 0.0):
        return (
            "U and V are all zero, so no rating took part: update the users first (U starts "
            "at zero, so films updated first learn nothing), and take μ with np.nanmean "
            "(np.mean of an array with NaN is NaN)."
        )
    matching = []
    for options, sentence in mistakes:
        ref = _loop_variant(*args, **options)
        if _close(U, ref[0]) and _close(V, ref[1]):
            matching.append(sentence)
    # several mistakes give these vectors here: naming one of them could be false
    return matching[0] if len(matching) == 1 else None


def _recall_variant(
    scores: np.ndarray,
    seen: np.ndarray,
    relevant: np.ndarray,
    k: int,
    *,
    exclude_seen: bool = True,
    denominator: str = "relevant",
    empty_users: bool = False,
    ascending: bool = False,
    pooled: bool = False,
    kind: Literal["stable", "quicksort"] = "stable",
) -> float:
    """recall@k with one of the usual mistakes switched on (for the diagnoses)."""
    hits, totals, recalls = 0, 0, []
    for user in range(len(scores)):
        n_relevant = int(relevant[user].sum())
        if n_relevant == 0 and not empty_users:
            continue
        items = np.flatnonzero(~seen[user]) if exclude_seen else np.arange(scores.shape[1])
        order = items[
            np.argsort(scores[user, items] if ascending else -scores[user, items], kind=kind)
        ]
        found = int(relevant[user, order[:k]].sum())
        divide = {"relevant": n_relevant, "k": k, "min": min(k, n_relevant)}[denominator]
        recalls.append(found / divide if divide else 0.0)
        hits, totals = hits + found, totals + n_relevant
    return hits / totals if pooled else float(np.mean(recalls))


def _diagnose_recall(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    if not isinstance(got, float | int | np.floating | np.integer) or isinstance(got, bool):
        return "Return one number: the mean recall@k over the users, as a float."
    mistakes: list[tuple[dict[str, Any], str]] = [
        (
            {"exclude_seen": False},
            "Leave out the films each user rated in training: they are "
            "never recommended again, so they cannot take a place in the top k.",
        ),
        (
            {"denominator": "k"},
            "That is precision@k: divide the hits by the user's number of "
            "relevant films, not by k.",
        ),
        (
            {"denominator": "min"},
            "Divide by the user's number of relevant films, not by min(k, that number).",
        ),
        (
            {"empty_users": True},
            "Average only over users with at least one relevant film: a "
            "user with nothing held out cannot be evaluated (counting them as 0 lowers the mean).",
        ),
        ({"ascending": True}, "Those are the k lowest scores: rank from the highest down."),
        (
            {"kind": "quicksort"},
            "Equal scores must keep the films' order (by index), and np.argsort's default sort "
            'does not for more than 16 films: pass kind="stable".',
        ),
        (
            {"pooled": True},
            "Average the recall of each user, not all hits over all relevant "
            "films pooled together (that weighs users with many films more).",
        ),
    ]
    matching = [s for options, s in mistakes if _close(got, _recall_variant(*args, **options))]
    # several mistakes can give the same number on a case: naming one of them could be false
    return matching[0] if len(matching) == 1 else None


register(
    Exercise(
        "9.1",
        "update_user",
        update_user,
        _update_cases,
        solved_by=(als_step,),
        points=2,
        hint="Keep only the rated films, then solve the ridge regression: V_uᵀ V_u plus the "
        "penalty on the diagonal, against V_uᵀ times the user's ratings.",
        diagnose=_diagnose_update,
    )
)
register(
    Exercise(
        "9.2",
        "als_loop",
        als_loop,
        _loop_cases,
        solved_by=(_als, matrix_factorization),
        points=5,
        hint="Centre on the mean observed rating; each sweep updates every user with V fixed, "
        "then every film with the new U fixed, and records the loss (observed squared errors "
        "plus the penalty).",
        diagnose=_diagnose_loop,
    )
)
register(
    Exercise(
        "9.3",
        "recall_at_k",
        recall_at_k,
        _recall_cases,
        hint="For each user with a relevant film: rank the films not seen in training by "
        "score (highest first, ties by index), count the relevant ones among the first k, "
        "divide by the user's number of relevant films; then average over those users.",
        diagnose=_diagnose_recall,
        points=3,
        solved_by=(recall_at_k,),
    )
)
