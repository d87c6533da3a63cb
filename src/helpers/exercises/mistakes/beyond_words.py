"""Known realistic mistakes of notebook beyond_words's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

import numpy as np

# ---- 9.1 update_user ----------------------------------------------------------------------


def update_right(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    keep = [i for i, r in enumerate(ratings_row) if not np.isnan(r)]
    A = reg * np.eye(V.shape[1])
    b = np.zeros(V.shape[1])
    for i in keep:  # one rated film at a time
        A += np.outer(V[i], V[i])
        b += ratings_row[i] * V[i]
    return np.linalg.inv(A) @ b


def update_no_penalty(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    rated = ~np.isnan(ratings_row)
    return np.linalg.lstsq(V[rated], ratings_row[rated], rcond=None)[0]


def update_keeps_nan(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    return np.linalg.solve(V.T @ V + reg * np.eye(V.shape[1]), V.T @ ratings_row)


def update_missing_as_zero(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    return np.linalg.solve(V.T @ V + reg * np.eye(V.shape[1]), V.T @ np.nan_to_num(ratings_row))


def update_gram_of_all_films(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    rated = ~np.isnan(ratings_row)
    A = V.T @ V + reg * np.eye(V.shape[1])
    return np.linalg.solve(A, V[rated].T @ ratings_row[rated])


def update_penalty_per_rating(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    rated = ~np.isnan(ratings_row)
    V_u = V[rated]
    A = V_u.T @ V_u + reg * rated.sum() * np.eye(V.shape[1])  # ALS-WR's weighting
    return np.linalg.solve(A, V_u.T @ ratings_row[rated])


def update_penalty_everywhere(V, ratings_row, reg):  # type: ignore[no-untyped-def]
    rated = ~np.isnan(ratings_row)
    V_u = V[rated]
    return np.linalg.solve(V_u.T @ V_u + reg, V_u.T @ ratings_row[rated])


# ---- 9.2 als_loop -------------------------------------------------------------------------


def _update(F, row, reg):  # type: ignore[no-untyped-def]
    seen = ~np.isnan(row)
    return np.linalg.solve(F[seen].T @ F[seen] + reg * np.eye(F.shape[1]), F[seen].T @ row[seen])


def _loop(ratings, V0, reg, sweeps, *, centre=True, films_first=False, penalty=1.0,  # type: ignore[no-untyped-def]
          mean_loss=False, all_entries=False):  # fmt: skip
    observed = ~np.isnan(ratings)
    mu = np.nanmean(ratings) if centre else 0.0
    R = ratings - mu
    U, V = np.zeros((len(R), V0.shape[1])), V0.copy()
    losses = []
    for _ in range(sweeps):
        if films_first:
            V = np.array([_update(U, column, reg) for column in R.T])
            U = np.array([_update(V, row, reg) for row in R])
        else:
            U = np.array([_update(V, row, reg) for row in R])
            V = np.array([_update(U, column, reg) for column in R.T])
        squared = (R - U @ V.T) ** 2
        if all_entries:
            squared = np.where(observed, squared, (U @ V.T) ** 2)  # missing read as a 0 rating
        else:
            squared = np.where(observed, squared, 0.0)
        error = squared.sum() / (observed.sum() if mean_loss else 1)
        losses.append(float(error + penalty * reg * ((U**2).sum() + (V**2).sum())))
    return U, V, losses


def als_right(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    return _loop(ratings, V0, reg, sweeps)


def als_not_centred(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    return _loop(ratings, V0, reg, sweeps, centre=False)


def als_films_first(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    return _loop(ratings, V0, reg, sweeps, films_first=True)


def als_old_users(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    mu = np.nanmean(ratings)
    R = ratings - mu
    U, V = np.zeros((len(R), V0.shape[1])), V0.copy()
    losses = []
    for _ in range(sweeps):
        new_U = np.array([_update(V, row, reg) for row in R])
        V = np.array([_update(U, column, reg) for column in R.T])  # the users of the last sweep
        U = new_U
        err = np.nansum((R - U @ V.T) ** 2)
        losses.append(float(err + reg * ((U**2).sum() + (V**2).sum())))
    return U, V, losses


def als_loss_without_penalty(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    return _loop(ratings, V0, reg, sweeps, penalty=0.0)


def als_mean_loss(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    U, V, losses = _loop(ratings, V0, reg, sweeps)
    return U, V, [loss / np.sum(~np.isnan(ratings)) for loss in losses]


def als_loss_on_every_entry(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    return _loop(ratings, V0, reg, sweeps, all_entries=True)


def als_last_loss_only(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    U, V, losses = _loop(ratings, V0, reg, sweeps)
    return U, V, losses[-1:]


# ---- 9.3 nearest_items --------------------------------------------------------------------


def _ranked(scores, item, k):  # type: ignore[no-untyped-def]
    order = sorted(range(len(scores)), key=lambda j: (-scores[j], j))
    return [(j, float(scores[j])) for j in order if j != item][:k]


def _cosines(V, item):  # type: ignore[no-untyped-def]
    return [
        float(V[j] @ V[item] / np.sqrt((V[j] @ V[j]) * (V[item] @ V[item]))) for j in range(len(V))
    ]


def nearest_right(item_vectors, item, k):  # type: ignore[no-untyped-def]
    return _ranked(_cosines(item_vectors, item), item, k)


def nearest_itself_included(item_vectors, item, k):  # type: ignore[no-untyped-def]
    cos = _cosines(item_vectors, item)
    order = sorted(range(len(cos)), key=lambda j: (-cos[j], j))
    return [(j, cos[j]) for j in order[:k]]


def nearest_skips_first(item_vectors, item, k):  # type: ignore[no-untyped-def]
    cos = np.array(_cosines(item_vectors, item))
    order = np.argsort(-cos, kind="stable")[1 : k + 1]  # "the first one is the film itself"
    return [(int(j), float(cos[j])) for j in order]


def nearest_by_dot(item_vectors, item, k):  # type: ignore[no-untyped-def]
    return _ranked(item_vectors @ item_vectors[item], item, k)


def nearest_farthest(item_vectors, item, k):  # type: ignore[no-untyped-def]
    cos = _cosines(item_vectors, item)
    return _ranked([-c for c in cos], item, k)


def nearest_by_distance(item_vectors, item, k):  # type: ignore[no-untyped-def]
    distance = np.linalg.norm(item_vectors - item_vectors[item], axis=1)
    return _ranked(-distance, item, k)


def nearest_items_normalised_only(item_vectors, item, k):  # type: ignore[no-untyped-def]
    unit = item_vectors / np.linalg.norm(item_vectors, axis=1, keepdims=True)
    return _ranked(unit @ item_vectors[item], item, k)


WRONG = [
    ("9.1", update_no_penalty, "plain least squares"),
    ("9.1", update_keeps_nan, "NaN in the result"),
    ("9.1", update_missing_as_zero, "is not a rating of 0"),
    ("9.1", update_gram_of_all_films, "uses only the rated films"),
    ("9.1", update_penalty_per_rating, "not scaled by the number of ratings"),
    ("9.1", update_penalty_everywhere, "on the diagonal only"),
    ("9.2", als_not_centred, "subtract the mean observed rating"),
    ("9.2", als_films_first, "Update the users first"),
    ("9.2", als_old_users, "NEW user vectors"),
    ("9.2", als_loss_without_penalty, "The loss includes the penalty"),
    ("9.2", als_mean_loss, "not a mean"),
    ("9.2", als_loss_on_every_entry, "observed ratings only"),
    ("9.2", als_last_loss_only, "one loss per sweep"),
    ("9.3", nearest_itself_included, "The film itself is in the list"),
    ("9.3", nearest_skips_first, "The film itself is in the list"),
    ("9.3", nearest_by_dot, "ranks by dot product"),
    ("9.3", nearest_farthest, "least similar"),
    ("9.3", nearest_by_distance, "Euclidean distance"),
    ("9.3", nearest_items_normalised_only, "length of the film's vector too"),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def nearest_unstable_sort(item_vectors, item, k):  # type: ignore[no-untyped-def]
    """Sorts with NumPy's default sort, which reorders ties beyond 16 rows."""
    u = item_vectors / np.linalg.norm(item_vectors, axis=1, keepdims=True)
    s = u @ u[item]
    order = [j for j in np.argsort(-s) if j != item][:k]
    return [(int(j), float(s[j])) for j in order]


WRONG += [("9.3", nearest_unstable_sort, "equal cosines in row order")]


def als_mean_with_nan(ratings, V0, reg, sweeps):  # type: ignore[no-untyped-def]
    """Centres with `np.mean`, which is NaN when a rating is missing (instead of `np.nanmean`)."""
    R = ratings - np.mean(ratings)
    U, V = np.zeros((len(R), V0.shape[1])), V0.copy()
    losses = []
    for _ in range(sweeps):
        U = np.array([_update(V, row, reg) for row in R])
        V = np.array([_update(U, column, reg) for column in R.T])
        error = np.nansum((R - U @ V.T) ** 2)
        losses.append(float(error + reg * ((U**2).sum() + (V**2).sum())))
    return U, V, losses


WRONG += [("9.2", als_mean_with_nan, "np.nanmean")]
