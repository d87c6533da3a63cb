"""Exercises of notebook 06 (analogies): cases, references and diagnoses (keys "6.x").

* 6.1 ``three_cos_add(vectors, a, b, c)``: the row of the 3CosAdd answer over a whole matrix
  (unit rows, ``b̂ − â + ĉ``, the three inputs excluded, argmax);
* 6.2 ``accuracy_per_category(questions, predicted, names)``: accuracy per benchmark category
  over the covered questions (NaN for a category with none);
* 6.3 ``three_cos_mul(vectors, a, b, c, eps)``: the 3CosMul score of every word, inputs at −∞;
* 6.4 ``association_scores(w, a, b)``: WEAT's ``s(w, A, B)`` for each target word;
* 6.5 ``effect_size(s_x, s_y)``: WEAT's effect size (pooled sample standard deviation);
* 6.6 ``permutation_p_value(s_x, s_y, n_permutations, seed)``: a seeded permutation test,
  accepted within the sampling error of the exact p-value (random splits cannot equal ours).

Every case is built from this module's own seeded generator, so checking changes no other random
number in the notebook. See :mod:`helpers.exercises.language_model` for the pattern.

Examples
--------
>>> vectors = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.2], [0.3, 1.0]])
>>> three_cos_add(vectors, 0, 1, 2)  # 1 − 0 + 2 points at row 3
3
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np

from helpers.evaluation.bias import association_scores, effect_size, permutation_p_value
from helpers.exercises.checks import close
from helpers.exercises.registry import Exercise, register
from helpers.vectors.analogies import analogy_scores, best_answers

__all__ = [
    "accuracy_per_category",
    "association_scores",
    "effect_size",
    "permutation_p_value",
    "three_cos_add",
    "three_cos_mul",
]

SEED = 601
"""The seed of every case in this module (independent of the notebook's generator)."""


# --------------------------------------------------------------------------------------------
# References


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def three_cos_add(vectors: np.ndarray, a: int, b: int, c: int) -> int:
    """The row of the best 3CosAdd answer to *a : b :: c : ?*, inputs excluded (exercise 6.1)."""
    question = np.array([[a, b, c, -1]])
    return int(best_answers(_unit_rows(vectors), question, "3cosadd")[0])


def three_cos_mul(vectors: np.ndarray, a: int, b: int, c: int, eps: float = 1e-3) -> np.ndarray:
    """The 3CosMul score of every row for *a : b :: c : ?*, inputs at −∞ (exercise 6.3)."""
    scores = analogy_scores(_unit_rows(vectors), a, b, c, "3cosmul", eps)
    scores[[a, b, c]] = -np.inf
    return scores


def accuracy_per_category(
    questions: list[tuple[str, str, str, str, str]],
    predicted: list[str | None],
    names: list[str],
) -> np.ndarray:
    """Accuracy of each category in ``names`` over its covered questions (exercise 6.2).

    ``questions[i]`` is ``(category, a, b, c, d)`` and ``predicted[i]`` the model's answer, or
    ``None`` if the question was not covered (not asked). A category with no covered question
    has no accuracy: NaN.
    """
    right = dict.fromkeys(names, 0)
    asked = dict.fromkeys(names, 0)
    for (category, *_, expected), answer in zip(questions, predicted, strict=True):
        if answer is not None:
            asked[category] += 1
            right[category] += answer == expected
    return np.array([right[n] / asked[n] if asked[n] else np.nan for n in names])


# --------------------------------------------------------------------------------------------
# Cases


def _analogy_case(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """Random words with unequal norms, an analogy planted in rows 1-4, a long distractor (5).

    Row 2 is row 1 plus a short offset; row 4 is row 3 plus the same offset and some noise, so
    that, as in real vectors, the target b̂ − â + ĉ stays close to c itself. Row 5 is only fairly
    close to the target, but six times longer than a unit vector.
    """
    unit = rng.normal(size=(n, d))
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    offset = 0.6 * rng.normal(size=d) / np.sqrt(d)
    unit[2] = unit[1] + offset
    unit[4] = unit[3] + offset + 0.35 * rng.normal(size=d) / np.sqrt(d)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    target = unit[2] - unit[1] + unit[3]
    unit[5] = target / np.linalg.norm(target) + 1.5 * rng.normal(size=d) / np.sqrt(d)
    unit[5] /= np.linalg.norm(unit[5])
    norms = rng.uniform(0.5, 2.0, size=(n, 1))
    norms[5] = 6.0
    return unit * norms


def _add_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED)
    cases: list[tuple[Any, ...]] = []
    for n, d in [(12, 6), (30, 8), (60, 10)]:
        cases.append((_analogy_case(rng, n, d), 1, 2, 3))
    cases.append((cases[-1][0], 3, 4, 1))  # the same words asked the other way round
    # every other word points away from the target: an input word scored 0 (not left out) wins
    away = _analogy_case(rng, 10, 6)
    unit = away / np.linalg.norm(away, axis=1, keepdims=True)
    target = unit[2] - unit[1] + unit[3]
    others = [i for i in range(len(away)) if i not in (1, 2, 3)]
    away[others] = -target + 0.3 * rng.normal(size=(len(others), away.shape[1]))
    cases.append((away, 1, 2, 3))
    return cases


def _mul_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 1)
    first, second = _analogy_case(rng, 25, 8), _analogy_case(rng, 10, 5)
    second[8] = -3.0 * second[1]  # a word opposite to a: cos'(x, a) = 0, only ε keeps it finite
    return [(first, 1, 2, 3, 1e-3), (first, 3, 4, 1, 0.05), (second, 1, 2, 3, 1e-3)]


def _question(category: str, expected: str) -> tuple[str, str, str, str, str]:
    return (category, "a", "b", "c", expected)


def _accuracy_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 2)
    cases: list[tuple[Any, ...]] = []
    # hand-made: "currency" has questions, none of them covered; "family" has none at all
    questions = [_question("capital", w) for w in ("paris", "rome", "oslo", "bern")]
    questions += [_question("currency", w) for w in ("euro", "yen")]
    questions += [_question("plural", w) for w in ("mice", "geese", "cats")]
    predicted = ["paris", "milan", None, "bern", None, None, "mice", "gooses", None]
    cases.append((questions, predicted, ["capital", "currency", "plural", "family"]))
    # a prediction equal to one of the question's own words is wrong, whatever the answer
    own = [
        ("capital", "athens", "greece", "rome", "italy"),
        ("capital", "paris", "france", "oslo", "norway"),
        ("plural", "mouse", "mice", "goose", "geese"),
    ]
    cases.append((own, ["rome", "norway", "mice"], ["capital", "plural"]))
    # random: names in a different order from the questions, uncovered ones everywhere
    words = [f"w{i}" for i in range(6)]
    names = ["verbs", "adverbs", "states", "nouns"]
    for size in (20, 45):
        cats = rng.choice(names[:3], size=size)
        expected = rng.choice(words, size=size)
        guess = np.where(rng.random(size) < 0.5, expected, rng.choice(words, size=size))
        covered = rng.random(size) < 0.7
        covered[0] = True
        qs = [_question(str(c), str(e)) for c, e in zip(cats, expected, strict=True)]
        qs[0] = _question("verbs", qs[0][4])  # the first name is covered in every case
        pred = [str(g) if k else None for g, k in zip(guess, covered, strict=True)]
        cases.append((qs, pred, names))
    return cases


def _association_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 3)
    cases: list[tuple[Any, ...]] = []
    for n, n_a, n_b, d in [(4, 2, 3, 3), (6, 5, 2, 8), (8, 4, 4, 5)]:
        scale = lambda rows: rng.uniform(0.3, 4.0, size=(rows, 1))  # noqa: E731 unequal norms
        w = rng.normal(size=(n, d)) * scale(n)
        a = rng.normal(size=(n_a, d)) * scale(n_a) + 0.5
        b = rng.normal(size=(n_b, d)) * scale(n_b) - 0.5
        cases.append((w, a, b))
    return cases


def _effect_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 4)
    return [
        (np.array([1.0, -0.2]), np.array([-1.0, 0.2])),
        (rng.normal(0.3, 0.1, size=5), rng.normal(0.0, 0.3, size=3)),  # unequal sizes and spreads
        (rng.normal(-0.1, 0.2, size=4), rng.normal(0.1, 0.05, size=7)),
    ]


N_PERMUTATIONS = 4000
"""Random splits per p-value case: the sampling error is below 0.01 at these p-values."""


def _p_value_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(SEED + 5)
    return [
        (rng.normal(0.45, 1.0, size=5), rng.normal(0.0, 1.0, size=5), N_PERMUTATIONS, 0),
        (np.array([1.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0, 0.0, 0.0]), N_PERMUTATIONS, 1),
        (rng.normal(0.4, 1.0, size=3), rng.normal(0.0, 1.0, size=6), N_PERMUTATIONS, 2),
        (rng.normal(-0.3, 1.0, size=4), rng.normal(0.0, 1.0, size=5), N_PERMUTATIONS, 3),
        # very unequal sizes: a shuffle split into two halves is a different test
        (
            np.array([2.0, 1.5]),
            np.array([0.0, 0.3, -0.2, 1.0, 0.1, -0.5, 0.4, 0.2]),
            N_PERMUTATIONS,
            4,
        ),
    ]


# --------------------------------------------------------------------------------------------
# Diagnoses: recognise the usual mistakes by recomputing them


def _close(got: Any, value: Any) -> bool:
    return close(got, value, same_shape=True)


def _add_variants(vectors: np.ndarray, a: int, b: int, c: int) -> dict[str, int]:
    unit = _unit_rows(vectors)
    target = unit[b] - unit[a] + unit[c]
    variants = {
        "included": unit @ target,
        "raw rows": vectors @ target,
        "a - b + c": unit @ (unit[a] - unit[b] + unit[c]),
        "raw target": unit @ (vectors[b] - vectors[a] + vectors[c]),
    }
    found = {}
    for name, scores in variants.items():
        if name != "included":
            scores = scores.copy()
            scores[[a, b, c]] = -np.inf
        found[name] = int(np.argmax(scores))
    return found


def _diagnose_add(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    vectors, a, b, c = args
    if np.ndim(got) != 0:
        return "Return one row number (an int), the argmax of the scores."
    variants = _add_variants(vectors, a, b, c)
    if int(got) in (a, b, c):
        return (
            "Your answer is one of the three question words: they must be excluded (give them "
            "the lowest possible score) before taking the best one."
        )
    messages = {
        "raw rows": "A long vector wins because the rows are not unit length: divide every row "
        "by its norm, so that the dot product is the cosine.",
        "a - b + c": "The target points the wrong way: from a to b is b − a, added to c.",
        "raw target": "Build the target from unit vectors (b̂ − â + ĉ), not from the raw ones.",
    }
    matching = [name for name in messages if got == variants[name]]
    # several mistakes give this answer here: naming one of them could be false
    return messages[matching[0]] if len(matching) == 1 else None


def _mul_variants(vectors: np.ndarray, a: int, b: int, c: int, eps: float) -> dict[str, Any]:
    unit = _unit_rows(vectors)
    cos_a, cos_b, cos_c = unit[[a, b, c]] @ unit.T
    with np.errstate(divide="ignore", invalid="ignore"):
        variants = {
            "no shift": cos_b * cos_c / (cos_a + eps),
            "no eps": ((1 + cos_b) / 2) * ((1 + cos_c) / 2) / ((1 + cos_a) / 2),
            "fixed eps": ((1 + cos_b) / 2) * ((1 + cos_c) / 2) / ((1 + cos_a) / 2 + 1e-3),
            "raw rows": analogy_scores(vectors, a, b, c, "3cosmul", eps),
        }
    for scores in variants.values():
        scores[[a, b, c]] = -np.inf
    variants["included"] = analogy_scores(unit, a, b, c, "3cosmul", eps)
    return variants


def _diagnose_mul(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    vectors, a, b, c, eps = args
    if np.shape(got) != (len(vectors),):
        return "Return one score per word (a vector as long as the vocabulary), not the top k."
    variants = _mul_variants(vectors, a, b, c, eps)
    if _close(got, variants["included"]):
        return "The scores of a, b and c themselves must be −∞: the inputs are never the answer."
    if _close(got, variants["no shift"]):
        return "Shift each cosine to [0, 1] with (1 + cos) / 2 before multiplying and dividing."
    if _close(got, variants["fixed eps"]) and eps != 1e-3:
        return "Use the eps that is passed in: it is a parameter, not always 0.001."
    if _close(got, variants["no eps"]) or not np.all(np.isfinite(np.asarray(got)[expected > 0])):
        return "Add eps to the denominator: a word opposite to a has cos'(x, a) = 0."
    if _close(got, variants["raw rows"]):
        return "Normalise the rows first, so that the dot products are cosines."
    return None


def _diagnose_accuracy(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    questions, predicted, names = args
    got_array = np.asarray(got, dtype=float)
    if got_array.shape != (len(names),):
        return "Return one accuracy per name in `names`, in that order."
    known = ~np.isnan(expected)
    if np.allclose(got_array[known], expected[known]) and not np.all(np.isnan(got_array[~known])):
        return (
            "A category with no covered question has no accuracy: report NaN (nothing was asked), "
            "not 0."
        )
    all_questions = np.array(
        [sum(q[0] == n for q in questions) for n in names], dtype=float
    )  # questions of each category, covered or not
    right = np.array(
        [
            sum(q[0] == n and p == q[4] for q, p in zip(questions, predicted, strict=True))
            for n in names
        ],
        dtype=float,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        if _close(np.nan_to_num(got_array), np.nan_to_num(right / all_questions)):
            return (
                "Uncovered questions (predicted None) were not asked: divide by the number of "
                "covered questions of the category, not by all of them."
            )
    if _close(np.nan_to_num(got_array), right):
        return "Those are counts of right answers: divide by the number of covered questions."
    in_order = sorted(names)
    if _close(np.nan_to_num(got_array), np.nan_to_num(expected[np.argsort(names)])) and (
        in_order != list(names)
    ):
        return "The accuracies must come in the order of `names`, not sorted."
    return None


def _diagnose_association(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    w, a, b = args
    if _close(got, (w @ a.T).mean(axis=1) - (w @ b.T).mean(axis=1)):
        return "Those are dot products: normalise the rows first so that each one is a cosine."
    unit_w, unit_a, unit_b = _unit_rows(w), _unit_rows(a), _unit_rows(b)
    if _close(got, (unit_w @ unit_a.T).sum(axis=1) - (unit_w @ unit_b.T).sum(axis=1)):
        return "A and B have different sizes: take the mean cosine over each set, not the sum."
    if _close(got, -expected):
        return "The sign is flipped: s is the closeness to A minus the closeness to B."
    if _close(got, (unit_w @ unit_a.T).mean(axis=1)):
        return "That is only the closeness to A: subtract the mean cosine with the words of B."
    return None


def _diagnose_effect(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    s_x, s_y = args
    both = np.concatenate([s_x, s_y])
    difference = s_x.mean() - s_y.mean()
    if _close(got, difference / both.std()):
        return (
            "Use the sample standard deviation (divide by n − 1, NumPy's ddof=1) of all the "
            "target words' scores."
        )
    within = np.sqrt(
        ((len(s_x) - 1) * s_x.var(ddof=1) + (len(s_y) - 1) * s_y.var(ddof=1)) / (len(both) - 2)
    )
    if _close(got, difference / within) or _close(got, difference / s_x.std(ddof=1)):
        return (
            "WEAT divides by the standard deviation of the scores of X and Y taken together "
            "(one set of all target words), not by a within-group spread."
        )
    if _close(got, difference):
        return "That is the difference of the means: divide it by the standard deviation."
    if _close(got, -expected):
        return "The sign is flipped: mean over X minus mean over Y."
    return None


def _exact_p(s_x: np.ndarray, s_y: np.ndarray, rule: str) -> float:
    """The exact p-value of a usual mistake, over every split (small cases only)."""
    s = np.concatenate([s_x, s_y])
    n, nx = len(s), len(s_x)
    if rule == "halves":  # every split into two halves, whatever the sizes of X and Y
        nx = n // 2
    observed = s_x.mean() - s_y.mean()
    stats = []
    for idx in combinations(range(n), nx):
        mask = np.zeros(n, dtype=bool)
        mask[list(idx)] = True
        stats.append(s[mask].mean() - s[~mask].mean())
    values, tol = np.array(stats), 1e-9
    if rule == "strict":
        return float(np.mean(values > observed + tol))
    if rule == "reversed":
        return float(np.mean(values <= observed + tol))
    if rule == "halves":
        return float(np.mean(values >= observed - tol))
    return float(np.mean(np.abs(values) >= abs(observed) - tol))  # two-sided


def _p_tolerance(p: float, n_permutations: int) -> float:
    """About five standard errors of a p-value estimated from ``n_permutations`` random splits."""
    return 5.0 * np.sqrt(max(p * (1 - p), 0.01) / n_permutations) + 2.0 / n_permutations


def _compare_p_value(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    value = float(got)
    if not 0.0 <= value <= 1.0:
        return f"got {value:.4g}, but a p-value is a share of splits, between 0 and 1"
    if abs(value - expected) > _p_tolerance(expected, args[2]):
        return (
            f"expected about {expected:.3f} (within the sampling error of {args[2]} random "
            f"splits), got {value:.4g}"
        )
    return None


def _diagnose_p_value(args: tuple[Any, ...], got: Any, expected: Any) -> str | None:
    s_x, s_y, n_permutations, _ = args
    value = float(got)
    tol = _p_tolerance(expected, n_permutations)
    if abs(value - _exact_p(s_x, s_y, "reversed")) <= tol:
        return (
            "That counts the splits with a difference at most the observed one: the p-value is "
            "the share of splits at least as extreme, i.e. with a difference ≥ the observed."
        )
    halves = len(s_x) != (len(s_x) + len(s_y)) // 2  # else a split into halves is right
    if halves and abs(value - _exact_p(s_x, s_y, "halves")) <= tol:
        return (
            f"Split each shuffle into {len(s_x)} scores (as many as X) and the other "
            f"{len(s_y)}, not into two halves: a permutation test keeps the sizes of the groups."
        )
    if abs(value - _exact_p(s_x, s_y, "strict")) <= tol:
        return (
            "Splits that tie with the observed difference count too (≥, not >): with repeated "
            "scores ties are common."
        )
    if abs(value - _exact_p(s_x, s_y, "two-sided")) <= tol:
        return (
            "That is a two-sided test (absolute differences); WEAT's test is one-sided: how "
            "often a random split gives a difference at least as large as the observed one."
        )
    if value == 0.0:
        return "The observed split is one of the possible splits, so p is never 0."
    return None


register(
    Exercise(
        "6.1",
        "three_cos_add",
        three_cos_add,
        _add_cases,
        solved_by=(best_answers, analogy_scores),
        points=2,
        hint="Make every row unit length, aim at b − a + c, score every word by its dot product "
        "with that target, keep the three question words out, and take the best row.",
        diagnose=_diagnose_add,
    )
)
register(
    Exercise(
        "6.2",
        "accuracy_per_category",
        accuracy_per_category,
        _accuracy_cases,
        points=2,
        hint="For each name, count the covered questions (prediction not None) and the right "
        "ones among them; a category with no covered question has no accuracy (NaN).",
        diagnose=_diagnose_accuracy,
    )
)
register(
    Exercise(
        "6.3",
        "three_cos_mul",
        three_cos_mul,
        _mul_cases,
        solved_by=(analogy_scores,),
        points=2,
        hint="Cosines of a, b and c with every word, each shifted to [0, 1] by (1 + cos) / 2; "
        "close to b times close to c, divided by close to a plus eps; the inputs at −∞.",
        diagnose=_diagnose_mul,
        atol=1e-5,
    )
)
register(
    Exercise(
        "6.4",
        "association_scores",
        association_scores,
        _association_cases,
        points=2,
        hint="With unit rows, a matrix product gives every cosine; average over the words of A "
        "and over the words of B, and subtract.",
        diagnose=_diagnose_association,
    )
)
register(
    Exercise(
        "6.5",
        "effect_size",
        effect_size,
        _effect_cases,
        points=1,
        hint="Difference of the two means, divided by the sample standard deviation of all the "
        "scores together.",
        diagnose=_diagnose_effect,
    )
)
register(
    Exercise(
        "6.6",
        "permutation_p_value",
        permutation_p_value,
        _p_value_cases,
        points=3,
        hint="Shuffle all the scores (with a generator seeded by `seed`), split them into groups "
        "of the sizes of X and Y, and count how often the difference of the means is at least "
        "the observed one.",
        diagnose=_diagnose_p_value,
        compare=_compare_p_value,
    )
)
