"""helpers.beyond: hiding ratings for a held-out evaluation, and recall@k (notebook 09)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.beyond import generate_ratings, hold_out_ratings, recall_at_k


def _recall_by_sets(scores, seen, relevant, k):  # type: ignore[no-untyped-def]
    """recall@k written with Python sets and sorted(), one user at a time."""
    values = []
    for u in range(len(scores)):
        wanted = {j for j in range(scores.shape[1]) if relevant[u, j]}
        if not wanted:
            continue
        ranked = sorted(
            (j for j in range(scores.shape[1]) if not seen[u, j]), key=lambda j: (-scores[u, j], j)
        )
        values.append(len(wanted & set(ranked[:k])) / len(wanted))
    return sum(values) / len(values)


def test_hold_out_hides_a_share_of_each_users_ratings_and_nothing_else() -> None:
    data = generate_ratings(n_users=50, n_items=20, density=0.3, seed=1)
    train, held_out = hold_out_ratings(data.ratings, 0.25, seed=2)
    rated = ~np.isnan(data.ratings)
    assert not (held_out & ~rated).any()  # only real ratings are hidden
    assert np.array_equal(np.isnan(train), ~rated | held_out)
    assert np.array_equal(train[~np.isnan(train)], data.ratings[rated & ~held_out])
    for user in range(50):
        n = int(rated[user].sum())
        expected = 0 if n < 2 else min(n - 1, max(1, round(0.25 * n)))
        assert held_out[user].sum() == expected
    again = hold_out_ratings(data.ratings, 0.25, seed=2)[1]
    assert np.array_equal(again, held_out)


@pytest.mark.parametrize("seed", range(5))
def test_recall_agrees_with_a_set_based_computation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = np.round(rng.normal(size=(12, 25)), 1)  # ties
    seen = rng.random((12, 25)) < 0.3
    relevant = ~seen & (rng.random((12, 25)) < 0.2)
    relevant[0] = True & ~seen[0]
    for k in (1, 5, 30):
        assert recall_at_k(scores, seen, relevant, k) == pytest.approx(
            _recall_by_sets(scores, seen, relevant, k)
        )


def test_recall_errors_are_one_sentence() -> None:
    ones = np.ones((2, 3))
    seen = np.zeros((2, 3), dtype=bool)
    with pytest.raises(ValueError, match="No user has a relevant item"):
        recall_at_k(ones, seen, seen, 2)
    with pytest.raises(ValueError, match="both seen in training and relevant"):
        recall_at_k(ones, ~seen, ~seen, 2)
    with pytest.raises(ValueError, match="one shape"):
        recall_at_k(ones, seen[:1], seen, 2)
    with pytest.raises(ValueError, match="fraction must be between 0 and 1"):
        hold_out_ratings(ones, 1.0)
