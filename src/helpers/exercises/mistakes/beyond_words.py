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


# ---- 9.3 recall_at_k ----------------------------------------------------------------------


def _per_user(scores, seen, relevant, k, **how):  # type: ignore[no-untyped-def]
    drop_seen, divide = how.get("drop_seen", True), how.get("divide", "relevant")
    keep_empty, reverse = how.get("keep_empty", False), how.get("reverse", False)
    recalls = []
    for u in range(len(scores)):
        wanted = {j for j in range(scores.shape[1]) if relevant[u, j]}
        if not wanted and not keep_empty:
            continue
        items = [j for j in range(scores.shape[1]) if not (drop_seen and seen[u, j])]
        items.sort(key=lambda j: (scores[u, j] if reverse else -scores[u, j], j))
        found = len(wanted & set(items[:k]))
        n = {"relevant": len(wanted), "k": k}[divide]
        recalls.append(found / n if n else 0.0)
    return sum(recalls) / len(recalls)


def recall_right(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Sorted lists and sets, one user at a time."""
    return _per_user(scores, seen, relevant, k)


def recall_seen_included(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Ranks every film, the ones rated in training included."""
    return _per_user(scores, seen, relevant, k, drop_seen=False)


def recall_precision(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Divides the hits by k: precision@k."""
    return _per_user(scores, seen, relevant, k, divide="k")


def recall_empty_users_as_zero(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Counts users with no held-out film as recall 0."""
    return _per_user(scores, seen, relevant, k, keep_empty=True)


def recall_lowest_scores(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Takes the k lowest scores (an ascending sort)."""
    return _per_user(scores, seen, relevant, k, reverse=True)


def recall_pooled(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """All hits over all relevant films, pooled across users."""
    hits = total = 0
    for u in range(len(scores)):
        items = np.flatnonzero(~seen[u])
        top = items[np.argsort(-scores[u, items], kind="stable")[:k]]
        hits += int(relevant[u, top].sum())
        total += int(relevant[u].sum())
    return hits / total


def recall_unstable_sort(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Ranks with np.argsort's default (unstable) sort: ties not in film order."""
    recalls = []
    for u in range(len(scores)):
        n_relevant = relevant[u].sum()
        if n_relevant == 0:
            continue
        unseen = np.flatnonzero(~seen[u])
        ranked = unseen[np.argsort(-scores[u, unseen])]
        recalls.append(relevant[u, ranked[:k]].sum() / n_relevant)
    return float(np.mean(recalls))


def recall_min_k(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """Divides by min(k, the number of relevant films)."""
    recalls = []
    for u in np.flatnonzero(relevant.any(axis=1)):
        items = np.flatnonzero(~seen[u])
        top = items[np.argsort(-scores[u, items], kind="stable")[:k]]
        recalls.append(relevant[u, top].sum() / min(k, relevant[u].sum()))
    return float(np.mean(recalls))


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
    ("9.3", recall_seen_included, "Leave out the films each user rated in training"),
    ("9.3", recall_precision, "That is precision@k"),
    ("9.3", recall_empty_users_as_zero, "Average only over users with at least one"),
    ("9.3", recall_lowest_scores, "k lowest scores"),
    ("9.3", recall_pooled, "Average the recall of each user"),
    ("9.3", recall_min_k, "not by min(k"),
    ("9.3", recall_unstable_sort, 'kind="stable"'),
]


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


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
