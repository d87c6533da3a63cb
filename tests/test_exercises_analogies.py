"""Notebook 06's exercises: realistic wrong answers get ❌ with the intended hint.

The generic wrong functions every exercise must survive are in tests/test_exercises_generic.py."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np
import pytest

from helpers.evaluation.benchmarks import GOOGLE_CATEGORY_LABELS, category_label, google_analogies
from helpers.exercises import EXERCISES, evaluate_exercise
from helpers.exercises.analogies import _add_cases, three_cos_add

# ---- 6.1 three_cos_add ---------------------------------------------------------------------


def _unit(m):  # type: ignore[no-untyped-def]
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def add_inputs_allowed(vectors, a, b, c):  # type: ignore[no-untyped-def]
    unit = _unit(vectors)
    return int(np.argmax(unit @ (unit[b] - unit[a] + unit[c])))


def add_rows_not_normalised(vectors, a, b, c):  # type: ignore[no-untyped-def]
    unit = _unit(vectors)
    scores = vectors @ (unit[b] - unit[a] + unit[c])
    scores[[a, b, c]] = -np.inf
    return int(np.argmax(scores))


def add_wrong_direction(vectors, a, b, c):  # type: ignore[no-untyped-def]
    unit = _unit(vectors)
    scores = unit @ (unit[a] - unit[b] + unit[c])
    scores[[a, b, c]] = -np.inf
    return int(np.argmax(scores))


def add_top_k(vectors, a, b, c):  # type: ignore[no-untyped-def]
    return np.array([three_cos_add(vectors, a, b, c)] * 3)


def add_correct(vectors, a, b, c):  # type: ignore[no-untyped-def]
    unit = vectors / np.sqrt((vectors**2).sum(axis=1))[:, None]
    target = unit[b] - unit[a] + unit[c]
    cosines = unit @ (target / np.linalg.norm(target))
    order = [i for i in np.argsort(-cosines) if i not in (a, b, c)]
    return int(order[0])


# ---- 6.2 accuracy_per_category -------------------------------------------------------------


def _counts(questions, predicted, names):  # type: ignore[no-untyped-def]
    right = {n: 0 for n in names}
    covered = {n: 0 for n in names}
    total = {n: 0 for n in names}
    for q, p in zip(questions, predicted, strict=True):
        total[q[0]] += 1
        if p is not None:
            covered[q[0]] += 1
            right[q[0]] += p == q[4]
    return right, covered, total


def accuracy_uncovered_as_wrong(questions, predicted, names):  # type: ignore[no-untyped-def]
    right, _, total = _counts(questions, predicted, names)
    return np.array([right[n] / total[n] if total[n] else np.nan for n in names])


def accuracy_zero_when_empty(questions, predicted, names):  # type: ignore[no-untyped-def]
    right, covered, _ = _counts(questions, predicted, names)
    return np.array([right[n] / covered[n] if covered[n] else 0.0 for n in names])


def accuracy_counts(questions, predicted, names):  # type: ignore[no-untyped-def]
    right, _, _ = _counts(questions, predicted, names)
    return np.array([float(right[n]) for n in names])


def accuracy_sorted(questions, predicted, names):  # type: ignore[no-untyped-def]
    right, covered, _ = _counts(questions, predicted, names)
    return np.array([right[n] / covered[n] if covered[n] else np.nan for n in sorted(names)])


def accuracy_divides_by_zero(questions, predicted, names):  # type: ignore[no-untyped-def]
    right, covered, _ = _counts(questions, predicted, names)
    return np.array([right[n] / covered[n] for n in names])


def accuracy_correct(questions, predicted, names):  # type: ignore[no-untyped-def]
    result = []
    for name in names:
        pairs = [(q[4], p) for q, p in zip(questions, predicted, strict=True) if q[0] == name]
        asked = [expected == p for expected, p in pairs if p is not None]
        result.append(np.mean(asked) if asked else float("nan"))
    return np.array(result)


# ---- 6.3 three_cos_mul ---------------------------------------------------------------------


def _shifted(vectors, a, b, c):  # type: ignore[no-untyped-def]
    unit = _unit(vectors)
    return (1 + unit[[a, b, c]] @ unit.T) / 2


def mul_no_shift(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    unit = _unit(vectors)
    cos_a, cos_b, cos_c = unit[[a, b, c]] @ unit.T
    scores = cos_b * cos_c / (cos_a + eps)
    scores[[a, b, c]] = -np.inf
    return scores


def mul_no_eps(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    s_a, s_b, s_c = _shifted(vectors, a, b, c)
    scores = s_b * s_c / s_a
    scores[[a, b, c]] = -np.inf
    return scores


def mul_inputs_allowed(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    s_a, s_b, s_c = _shifted(vectors, a, b, c)
    return s_b * s_c / (s_a + eps)


def mul_rows_not_normalised(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    s_a, s_b, s_c = (1 + vectors[[a, b, c]] @ vectors.T) / 2
    scores = s_b * s_c / (s_a + eps)
    scores[[a, b, c]] = -np.inf
    return scores


def mul_fixed_eps(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    s_a, s_b, s_c = _shifted(vectors, a, b, c)
    scores = s_b * s_c / (s_a + 0.001)
    scores[[a, b, c]] = -np.inf
    return scores


def mul_correct(vectors, a, b, c, eps=1e-3):  # type: ignore[no-untyped-def]
    unit = vectors / np.linalg.norm(vectors, axis=1)[:, None]
    shifted = [(unit @ unit[i] + 1) / 2 for i in (a, b, c)]
    scores = shifted[1] * shifted[2] / (shifted[0] + eps)
    for i in (a, b, c):
        scores[i] = -np.inf
    return scores


# ---- 6.4 association_scores ----------------------------------------------------------------


def association_dots(w, a, b):  # type: ignore[no-untyped-def]
    return (w @ a.T).mean(axis=1) - (w @ b.T).mean(axis=1)


def association_sums(w, a, b):  # type: ignore[no-untyped-def]
    return (_unit(w) @ _unit(a).T).sum(axis=1) - (_unit(w) @ _unit(b).T).sum(axis=1)


def association_flipped(w, a, b):  # type: ignore[no-untyped-def]
    return (_unit(w) @ _unit(b).T).mean(axis=1) - (_unit(w) @ _unit(a).T).mean(axis=1)


def association_only_a(w, a, b):  # type: ignore[no-untyped-def]
    return (_unit(w) @ _unit(a).T).mean(axis=1)


def association_correct(w, a, b):  # type: ignore[no-untyped-def]
    def cos(x, y):  # type: ignore[no-untyped-def]
        return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))

    return np.array([np.mean([cos(x, y) for y in a]) - np.mean([cos(x, y) for y in b]) for x in w])


# ---- 6.5 effect_size -----------------------------------------------------------------------


def effect_population_std(s_x, s_y):  # type: ignore[no-untyped-def]
    return (s_x.mean() - s_y.mean()) / np.concatenate([s_x, s_y]).std()


def effect_within_groups(s_x, s_y):  # type: ignore[no-untyped-def]
    nx, ny = len(s_x), len(s_y)
    pooled = np.sqrt(((nx - 1) * s_x.var(ddof=1) + (ny - 1) * s_y.var(ddof=1)) / (nx + ny - 2))
    return (s_x.mean() - s_y.mean()) / pooled


def effect_no_division(s_x, s_y):  # type: ignore[no-untyped-def]
    return float(s_x.mean() - s_y.mean())


def effect_flipped(s_x, s_y):  # type: ignore[no-untyped-def]
    return (s_y.mean() - s_x.mean()) / np.concatenate([s_x, s_y]).std(ddof=1)


def effect_correct(s_x, s_y):  # type: ignore[no-untyped-def]
    both = list(s_x) + list(s_y)
    mean = sum(both) / len(both)
    std = (sum((v - mean) ** 2 for v in both) / (len(both) - 1)) ** 0.5
    return (sum(s_x) / len(s_x) - sum(s_y) / len(s_y)) / std


# ---- 6.6 permutation_p_value ---------------------------------------------------------------


def _p_value(s_x, s_y, n_permutations, seed, rule):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    s = np.concatenate([s_x, s_y])
    nx = len(s_x)
    observed = s_x.mean() - s_y.mean()
    count = 0
    for _ in range(n_permutations):
        shuffled = rng.permutation(s)
        diff = shuffled[:nx].mean() - shuffled[nx:].mean()
        count += rule(diff, observed)
    return count / n_permutations


def p_reversed(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    return _p_value(s_x, s_y, n_permutations, seed, lambda d, o: d <= o + 1e-12)


def p_strict(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    return _p_value(s_x, s_y, n_permutations, seed, lambda d, o: d > o + 1e-12)


def p_two_sided(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    return _p_value(s_x, s_y, n_permutations, seed, lambda d, o: abs(d) >= abs(o) - 1e-12)


def p_correct(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    count = _p_value(s_x, s_y, n_permutations, seed, lambda d, o: d >= o - 1e-12)
    return (count * n_permutations + 1) / (n_permutations + 1)


def p_correct_exact(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    s = list(s_x) + list(s_y)
    observed = sum(s_x)
    sums = [sum(s[i] for i in idx) for idx in combinations(range(len(s)), len(s_x))]
    return sum(v >= observed - 1e-12 for v in sums) / len(sums)


WRONG: list[tuple[str, Callable[..., Any], str]] = [
    ("6.1", add_inputs_allowed, "one of the three question words"),
    ("6.1", add_rows_not_normalised, "rows are not unit length"),
    ("6.1", add_wrong_direction, "points the wrong way"),
    ("6.1", add_top_k, "one row number"),
    ("6.2", accuracy_uncovered_as_wrong, "covered questions of the category"),
    ("6.2", accuracy_zero_when_empty, "report NaN"),
    ("6.2", accuracy_counts, "counts of right answers"),
    ("6.2", accuracy_sorted, "order of `names`"),
    ("6.2", accuracy_divides_by_zero, "no covered question has no accuracy"),
    ("6.3", mul_no_shift, "Shift each cosine"),
    ("6.3", mul_no_eps, "Add eps"),
    ("6.3", mul_inputs_allowed, "must be −∞"),
    ("6.3", mul_rows_not_normalised, "Normalise the rows"),
    ("6.3", mul_fixed_eps, "eps that is passed in"),
    ("6.4", association_dots, "dot products"),
    ("6.4", association_sums, "not the sum"),
    ("6.4", association_flipped, "sign is flipped"),
    ("6.4", association_only_a, "only the closeness to A"),
    ("6.5", effect_population_std, "ddof=1"),
    ("6.5", effect_within_groups, "taken together"),
    ("6.5", effect_no_division, "divide it by the standard deviation"),
    ("6.5", effect_flipped, "sign is flipped"),
    ("6.6", p_reversed, "at most the observed"),
    ("6.6", p_strict, "≥, not >"),
    ("6.6", p_two_sided, "two-sided"),
]


def test_at_least_three_wrong_answers_per_exercise() -> None:
    keys = [k for k in EXERCISES if k.startswith("6.")]
    assert keys == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    for key in keys:
        assert sum(w[0] == key for w in WRONG) >= 3, key


CORRECT = [
    ("6.1", add_correct),
    ("6.2", accuracy_correct),
    ("6.3", mul_correct),
    ("6.4", association_correct),
    ("6.5", effect_correct),
    ("6.6", p_correct),
    ("6.6", p_correct_exact),
]


@pytest.mark.parametrize(("key", "right"), CORRECT, ids=[c[1].__name__ for c in CORRECT])
def test_independent_correct_answers_pass(key: str, right: Callable[..., Any]) -> None:
    verdict = evaluate_exercise(key, right)
    assert verdict.passed, verdict.message


def test_cases_are_the_edges_they_claim() -> None:
    # 6.1: in the first case each usual mistake gives a different row from the right answer
    vectors, a, b, c = _add_cases()[0]
    answers = {
        f(vectors, a, b, c)
        for f in (three_cos_add, add_inputs_allowed, add_rows_not_normalised, add_wrong_direction)
    }
    assert len(answers) == 4


def test_category_labels_cover_the_benchmark() -> None:
    assert set(GOOGLE_CATEGORY_LABELS) == set(google_analogies())
    assert category_label("gram1-adjective-to-adverb") == "adjective → adverb"
    assert category_label("unknown-id") == "unknown-id"


# ---- the array helpers the exercises use as references (helpers.evaluation.bias) -----------


def test_bias_array_helpers_by_hand() -> None:
    from helpers.evaluation.bias import association_scores, effect_size, permutation_p_value

    # cosines with a = (1, 0) and b = (0, 1) read off: s = 1, −0.2, −1, 0.2 (as in test_bias.py)
    w = np.array([[2.0, 0.0], [3.0, 4.0], [0.0, 0.5], [4.0, 3.0]])
    s = association_scores(w, np.array([[5.0, 0.0]]), np.array([[0.0, 2.0]]))
    np.testing.assert_allclose(s, [1.0, -0.2, -1.0, 0.2], atol=1e-12)
    # means 0.4 and −0.4, sample std of the four scores sqrt(2.08 / 3)
    assert effect_size(s[:2], s[2:]) == pytest.approx(0.8 / np.sqrt(2.08 / 3))
    assert effect_size(np.ones(2), np.ones(3)) == 0.0
    # the six 2 + 2 splits: two are at least as extreme as the observed one
    assert permutation_p_value(s[:2], s[2:]) == pytest.approx(2 / 6)


def test_permutation_p_value_sampling_agrees_with_enumeration() -> None:
    from helpers.evaluation.bias import permutation_p_value

    rng = np.random.default_rng(11)
    s_x, s_y = rng.normal(0.5, 1.0, size=7), rng.normal(0.0, 1.0, size=7)  # C(14, 7) = 3432
    exact = permutation_p_value(s_x, s_y, n_permutations=5_000)
    sampled = permutation_p_value(s_x, s_y, n_permutations=3_000, seed=5)
    splits = list(combinations(range(14), 7))
    both = np.concatenate([s_x, s_y])
    by_hand = np.mean([both[list(i)].sum() >= s_x.sum() - 1e-12 for i in splits])
    assert exact == pytest.approx(by_hand)
    assert abs(sampled - exact) < 5 * np.sqrt(exact * (1 - exact) / 3_000) + 1e-3


def test_weat_helpers_use_the_array_helpers() -> None:
    from helpers.evaluation.bias import association, effect_size, weat_effect_size
    from helpers.vectors.wordvectors import WordVectors

    rng = np.random.default_rng(12)
    words = [f"w{i}" for i in range(10)]
    wv = WordVectors(words, rng.normal(size=(10, 4)))
    x, y, a, b = words[:3], words[3:6], words[6:8], words[8:]
    s = association(wv, x + y, a, b)
    assert weat_effect_size(wv, x, y, a, b) == pytest.approx(effect_size(s[:3], s[3:]))
