"""Known realistic mistakes of notebook analogies's exercises: wrong answers a learner writes.

Each entry of :data:`WRONG` is ``(exercise key, wrong function, phrase)``: the phrase its check
must answer with, true for that mistake. The exercise's record
(:attr:`helpers.exercises.registry.Exercise.mistakes`) reads them from here; the exercise
tests, the teacher guide and the graded edition read the record.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

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
    return np.array([add_correct(vectors, a, b, c)] * 3)


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
    ("6.1", add_wrong_direction, "aim at b − a + c"),
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


# ---- found by the adversarial review (issue 22 §2) --------------------------------------------


def p_halves(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    """Splits every shuffle into two halves (len // 2) instead of len(s_x) and the rest."""
    rng = np.random.default_rng(seed)
    s = np.concatenate([s_x, s_y])
    half = len(s) // 2
    observed = s_x.mean() - s_y.mean()
    count = 0
    for _ in range(n_permutations):
        shuffled = rng.permutation(s)
        count += shuffled[:half].mean() - shuffled[half:].mean() >= observed - 1e-12
    return count / n_permutations


WRONG += [("6.6", p_halves, "not into two halves")]


def accuracy_in_question(questions, predicted, names):  # type: ignore[no-untyped-def]
    """Counts a prediction as right when it is any word of the question (`p in q[1:]`)."""
    out = []
    for name in names:
        rows = [(q, p) for q, p in zip(questions, predicted, strict=True) if q[0] == name]
        rows = [(q, p) for q, p in rows if p is not None]
        out.append(sum(p in q[1:] for q, p in rows) / len(rows) if rows else np.nan)
    return np.array(out, dtype=float)


WRONG += [("6.2", accuracy_in_question, "at index 0 expected 0.5, got 1")]


def p_global_random(s_x, s_y, n_permutations, seed):  # type: ignore[no-untyped-def]
    """Shuffles with the global `np.random` instead of `np.random.default_rng(seed)`."""
    s = np.concatenate([s_x, s_y])
    n = len(s_x)
    observed = np.mean(s_x) - np.mean(s_y)
    hits = 0
    for _ in range(n_permutations):
        p = np.random.permutation(s)  # noqa: NPY002
        hits += np.mean(p[:n]) - np.mean(p[n:]) >= observed
    return hits / n_permutations


def add_inputs_zero(vectors, a, b, c):  # type: ignore[no-untyped-def]
    """Scores the three input words 0 instead of leaving them out (one wins when all else is < 0)."""
    u = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    s = u @ (u[b] - u[a] + u[c])
    s[[a, b, c]] = 0
    return int(np.argmax(s))


WRONG += [
    ("6.6", p_global_random, "the global `np.random`"),
    ("6.1", add_inputs_zero, "one of the three question words"),
]
