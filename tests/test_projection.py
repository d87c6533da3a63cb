"""Tests for helpers.projection against independent computations.

References: ``numpy.linalg.svd`` on small dense matrices (signs fixed here by hand),
scikit-learn's own random projection transformers and ``johnson_lindenstrauss_min_dim``,
and distances computed pair by pair in plain loops.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.random_projection import (
    GaussianRandomProjection,
    SparseRandomProjection,
    johnson_lindenstrauss_min_dim,
)

from helpers.projection.random import (
    distance_ratios,
    distortion,
    jl_epsilon,
    random_project,
    random_projection_matrix,
    sample_pairs,
)
from helpers.projection.svd import (
    fix_signs,
    ppmi_svd_vectors,
    svd_embeddings,
    truncated_svd,
    weight_singular_vectors,
)


def _low_rank(n: int = 40, m: int = 30, seed: int = 0) -> np.ndarray:
    """A matrix with well-separated singular values 10, 8, 6, ... plus a little noise."""
    rng = np.random.default_rng(seed)
    q1, _ = np.linalg.qr(rng.normal(size=(n, n)))
    q2, _ = np.linalg.qr(rng.normal(size=(m, m)))
    s = np.array([10.0, 8.0, 6.0, 4.0, 2.0] + [0.01] * (min(n, m) - 5))
    return (q1[:, : s.size] * s) @ q2[:, : s.size].T


def _numpy_reference(matrix: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """numpy's full SVD, truncated; in each column the first entry of largest |value| (up to a
    relative 1e-6) is made positive, in a loop."""
    u, s, _ = np.linalg.svd(matrix, full_matrices=False)
    u = u[:, :d].copy()
    for j in range(d):
        top = max(abs(x) for x in u[:, j])
        k = next(i for i, x in enumerate(u[:, j]) if abs(x) >= top * (1 - 1e-6))
        if u[k, j] < 0:
            u[:, j] = -u[:, j]
    return u, s[:d]


def _sparse_symmetric(n: int = 60, seed: int = 1) -> sp.csr_matrix:
    """A symmetric non-negative sparse matrix, like a PPMI matrix."""
    rng = np.random.default_rng(seed)
    dense = rng.random((n, n)) * (rng.random((n, n)) < 0.15)
    dense = dense + dense.T
    return sp.csr_matrix(dense)


# --- truncated SVD ----------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 3, 5])
def test_truncated_svd_matches_numpy_on_dense(d: int) -> None:
    matrix = _low_rank()
    u, s = truncated_svd(matrix, d)
    u_ref, s_ref = _numpy_reference(matrix, d)
    np.testing.assert_allclose(s, s_ref, rtol=1e-8)
    np.testing.assert_allclose(u, u_ref, atol=1e-8)


def test_truncated_svd_matches_numpy_on_sparse_symmetric() -> None:
    matrix = _sparse_symmetric()
    u, s = truncated_svd(matrix, 4, n_iter=20)
    u_ref, s_ref = _numpy_reference(matrix.toarray(), 4)
    np.testing.assert_allclose(s, s_ref, rtol=1e-6)
    np.testing.assert_allclose(u, u_ref, atol=1e-5)


def test_truncated_svd_sparse_and_dense_agree() -> None:
    matrix = _sparse_symmetric()
    u_sparse, s_sparse = truncated_svd(matrix, 6)
    u_dense, s_dense = truncated_svd(matrix.toarray(), 6)
    np.testing.assert_allclose(s_sparse, s_dense, rtol=1e-10)
    np.testing.assert_allclose(u_sparse, u_dense, atol=1e-10)


def test_truncated_svd_columns_are_orthonormal() -> None:
    u, _ = truncated_svd(_sparse_symmetric(), 8)
    np.testing.assert_allclose(u.T @ u, np.eye(8), atol=1e-10)


def test_signs_do_not_depend_on_the_sign_of_the_input() -> None:
    # -M has the same singular values and left vectors of opposite sign; after fixing, equal.
    matrix = _low_rank()
    np.testing.assert_allclose(svd_embeddings(-matrix, 4), svd_embeddings(matrix, 4), atol=1e-10)


def test_svd_is_deterministic() -> None:
    matrix = _sparse_symmetric(200, seed=3)
    first = svd_embeddings(matrix, 10, seed=7)
    second = svd_embeddings(matrix, 10, seed=7)
    assert np.array_equal(first, second)


# --- fix_signs and weighting ------------------------------------------------------------------


def test_fix_signs_makes_largest_entry_positive_and_keeps_the_product() -> None:
    rng = np.random.default_rng(5)
    u0, s, vt0 = np.linalg.svd(rng.normal(size=(7, 5)), full_matrices=False)
    u0_copy = u0.copy()
    u, vt = fix_signs(u0, vt0)
    assert vt is not None
    for j in range(u.shape[1]):
        column = u[:, j]
        assert column[np.argmax(np.abs(column))] > 0
    np.testing.assert_allclose((u * s) @ vt, (u0 * s) @ vt0, atol=1e-12)
    assert np.array_equal(u0, u0_copy)  # input not modified


def test_fix_signs_breaks_near_ties_by_the_first_row() -> None:
    # two entries of equal magnitude and opposite sign (words with identical contexts): the
    # first one decides, whatever rounding noise made the second one a hair larger
    column = np.array([[0.1], [-0.6], [0.3], [0.6 + 1e-12]])
    u, _ = fix_signs(column)
    assert u[1, 0] > 0
    u_flipped, _ = fix_signs(-column)
    np.testing.assert_allclose(u_flipped, u)


def test_fix_signs_rejects_a_vector() -> None:
    with pytest.raises(ValueError, match="2-D"):
        fix_signs(np.ones(3))


@pytest.mark.parametrize("p", [0.0, 0.5, 1.0])
def test_svd_embeddings_is_u_times_sigma_to_the_p(p: float) -> None:
    matrix = _low_rank()
    u_ref, s_ref = _numpy_reference(matrix, 5)
    expected = np.empty_like(u_ref)
    for j in range(5):
        expected[:, j] = u_ref[:, j] * s_ref[j] ** p
    np.testing.assert_allclose(svd_embeddings(matrix, 5, p=p), expected, atol=1e-8)


def test_p_one_reproduces_the_rank_d_gram_matrix() -> None:
    # With p = 1, dot products of embeddings equal those of the best rank-d approximation's rows.
    matrix = _low_rank()
    emb = svd_embeddings(matrix, 5, p=1.0)
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    approx = (u[:, :5] * s[:5]) @ vt[:5]
    np.testing.assert_allclose(emb @ emb.T, approx @ approx.T, atol=1e-6)


def test_weight_singular_vectors_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match=r"one singular value per column"):
        weight_singular_vectors(np.ones((4, 3)), np.ones(2))
    with pytest.raises(ValueError, match="non-negative"):
        weight_singular_vectors(np.ones((4, 2)), np.array([1.0, -1.0]))


@pytest.mark.parametrize(
    ("d", "error", "message"),
    [
        (0, ValueError, "between 1 and 30"),
        (31, ValueError, "between 1 and 30"),
        (2.5, TypeError, "whole number"),
    ],
)
def test_svd_rejects_bad_dimensions(d: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        svd_embeddings(_low_rank(), d)  # type: ignore[arg-type]


def test_svd_rejects_non_matrices() -> None:
    with pytest.raises(TypeError, match=r"NumPy array or a scipy\.sparse matrix"):
        svd_embeddings([[1.0, 2.0], [3.0, 4.0]], 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2-D"):
        svd_embeddings(np.ones(5), 1)


# --- random projection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "transformer"),
    [
        ("gaussian", GaussianRandomProjection(n_components=20, random_state=3)),
        ("sparse", SparseRandomProjection(n_components=20, random_state=3, dense_output=True)),
    ],
)
def test_random_project_equals_scikit_learn(kind: str, transformer: object) -> None:
    x = np.random.default_rng(0).random((15, 300))
    expected = transformer.fit_transform(x)  # type: ignore[attr-defined]
    np.testing.assert_allclose(random_project(x, 20, kind=kind, seed=3), expected, atol=1e-12)  # type: ignore[arg-type]
    W = random_projection_matrix(300, 20, kind=kind, seed=3)  # type: ignore[arg-type]
    np.testing.assert_allclose(x @ W, expected, atol=1e-12)


def test_random_projection_of_one_hot_rows_is_the_matrix_itself() -> None:
    W = random_projection_matrix(50, 8, seed=1)
    np.testing.assert_allclose(random_project(np.eye(50), 8, seed=1), W, atol=0)
    np.testing.assert_allclose(random_project(sp.identity(50, format="csr"), 8, seed=1), W, atol=0)


def test_random_projection_matrix_entries_have_variance_one_over_d() -> None:
    W = random_projection_matrix(4000, 50, seed=0)
    assert W.shape == (4000, 50)
    assert abs(W.var() * 50 - 1) < 0.02
    S = random_projection_matrix(4000, 50, kind="sparse", seed=0)
    assert abs((S != 0).mean() - 1 / np.sqrt(4000)) < 0.005  # Li et al.'s density 1/sqrt(n)
    assert abs((S**2).sum(axis=1).mean() - 1) < 0.05


def test_random_projection_is_seeded() -> None:
    assert np.array_equal(
        random_projection_matrix(30, 4, seed=9), random_projection_matrix(30, 4, seed=9)
    )
    assert not np.array_equal(
        random_projection_matrix(30, 4, seed=9), random_projection_matrix(30, 4, seed=8)
    )


def test_random_projection_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="'gaussian' or 'sparse'"):
        random_projection_matrix(10, 2, kind="uniform")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        random_projection_matrix(0, 2)
    with pytest.raises(TypeError, match="whole number"):
        random_projection_matrix(10, "2")  # type: ignore[arg-type]


def test_johnson_lindenstrauss_bound_holds_for_all_pairs() -> None:
    # scikit-learn's JL dimension for 60 points and eps = 0.5 guarantees (with high probability)
    # that every squared distance keeps within a factor 1 ± 0.5.
    rng = np.random.default_rng(2)
    x = rng.random((60, 5000))
    d = int(johnson_lindenstrauss_min_dim(60, eps=0.5))
    for kind in ("gaussian", "sparse"):
        ratios = distance_ratios(x, random_project(x, d, kind=kind, seed=0), n_pairs=10_000)  # type: ignore[arg-type]
        assert ratios.size == 60 * 59 // 2
        assert distortion(ratios) < 0.5


def test_distortion_shrinks_as_d_grows() -> None:
    x = np.random.default_rng(4).random((80, 2000))
    eps = [distortion(distance_ratios(x, random_project(x, d, seed=0))) for d in (10, 100, 1000)]
    assert eps[0] > eps[1] > eps[2]


# --- distances --------------------------------------------------------------------------------


def test_distance_ratios_match_a_double_loop() -> None:
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=(12, 9)), rng.normal(size=(12, 3))
    expected = []
    for i in range(12):
        for j in range(i + 1, 12):
            expected.append(
                np.sqrt(((y[i] - y[j]) ** 2).sum()) / np.sqrt(((x[i] - x[j]) ** 2).sum())
            )
    np.testing.assert_allclose(distance_ratios(x, y), expected, rtol=1e-12)
    np.testing.assert_allclose(distance_ratios(sp.csr_matrix(x), y), expected, rtol=1e-12)


def test_distance_ratios_skip_identical_rows_and_check_shapes() -> None:
    x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert distance_ratios(x, x).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="one row per row of original"):
        distance_ratios(x, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"shape \(k, 2\)"):
        distance_ratios(x, x, pairs=np.array([0, 1]))


def test_sample_pairs_are_distinct_ordered_and_seeded() -> None:
    pairs = sample_pairs(1000, n_pairs=500, seed=1)
    assert pairs.shape == (500, 2)
    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert len({tuple(p) for p in pairs.tolist()}) == 500
    assert np.array_equal(pairs, sample_pairs(1000, n_pairs=500, seed=1))
    assert sample_pairs(4, n_pairs=100).shape == (6, 2)
    with pytest.raises(ValueError, match="at least 2 rows"):
        sample_pairs(1)


def test_distortion_is_the_worst_squared_ratio_error() -> None:
    assert distortion(np.array([1.0, 0.9, 1.2])) == pytest.approx(max(abs(0.81 - 1), abs(1.44 - 1)))
    with pytest.raises(ValueError, match="at least one"):
        distortion(np.array([]))


# --- the whole PPMI + SVD pipeline ------------------------------------------------------------


def _naive_ppmi_svd(
    sentences: list[list[str]], d: int, window: int, min_count: int, p: float, alpha: float
) -> tuple[list[str], np.ndarray]:
    """Counts, PPMI and SVD with plain loops and numpy.linalg.svd."""
    counts: dict[str, int] = {}
    for sentence in sentences:
        for t in sentence:
            counts[t] = counts.get(t, 0) + 1
    words = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(words)}
    n = len(words)
    table = np.zeros((n, n))
    for sentence in sentences:
        kept = [t for t in sentence if t in index]  # rare words removed before windowing
        for i, a in enumerate(kept):
            for j in range(max(0, i - window), min(len(kept), i + window + 1)):
                if j != i:
                    table[index[a], index[kept[j]]] += 1
    row = table.sum(axis=1)
    col = table.sum(axis=0) ** alpha
    pmi = np.zeros_like(table)
    for i in range(n):
        for j in range(n):
            if table[i, j] > 0:
                pmi[i, j] = max(0.0, np.log(table[i, j] / row[i] / (col[j] / col.sum())))
    u, s = _numpy_reference(pmi, d)
    return words, u * s**p


_CORPUS = (
    "the king rules the kingdom . the queen rules the kingdom . a man walks . a woman walks . "
    "the king and the queen talk . the man and the woman talk . a dog runs . a cat runs . "
    "the prince walks . the dog and the cat play . rare words appear once ."
).split()


@pytest.mark.parametrize(("window", "min_count", "p"), [(2, 2, 0.5), (3, 1, 1.0), (1, 3, 0.0)])
def test_ppmi_svd_vectors_match_a_naive_pipeline(window: int, min_count: int, p: float) -> None:
    tokens = _CORPUS * 3
    wv = ppmi_svd_vectors(tokens, d=4, window=window, min_count=min_count, p=p)
    words, expected = _naive_ppmi_svd([tokens], 4, window, min_count, p, 0.75)
    assert wv.words == words
    np.testing.assert_allclose(wv.vectors, expected, atol=1e-4)  # WordVectors stores float32


def test_ppmi_svd_vectors_respect_sentence_boundaries() -> None:
    sentences: list[list[str]] = []
    current: list[str] = []
    for t in _CORPUS * 2:
        current.append(t)
        if t == ".":
            sentences.append(current)
            current = []
    wv = ppmi_svd_vectors(sentences, d=3, window=3, min_count=2, p=0.5, alpha=1.0)
    words, expected = _naive_ppmi_svd(sentences, 3, 3, 2, 0.5, 1.0)
    assert wv.words == words
    np.testing.assert_allclose(wv.vectors, expected, atol=1e-4)


def test_ppmi_svd_vectors_reject_bad_input() -> None:
    with pytest.raises(TypeError, match="not a single string"):
        ppmi_svd_vectors("the king rules")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="smaller min_count"):
        ppmi_svd_vectors(["a", "b", "c"], d=2, min_count=5)
    with pytest.raises(ValueError, match="between 1 and"):
        ppmi_svd_vectors(_CORPUS, d=500, min_count=1)


# --- the Johnson–Lindenstrauss epsilon --------------------------------------------------------


@pytest.mark.parametrize(("n", "d"), [(1000, 5000), (1000, 300), (50, 2000), (13_000, 500)])
def test_jl_epsilon_inverts_scikit_learns_min_dim(n: int, d: int) -> None:
    eps = jl_epsilon(n, d)
    assert 0 < eps < 1
    assert johnson_lindenstrauss_min_dim(n, eps=eps) <= d  # ε is enough for d dimensions ...
    assert johnson_lindenstrauss_min_dim(n, eps=eps * 0.999) > d  # ... and barely so
    # the closed form 4 ln n / (ε²/2 − ε³/3) from scikit-learn's documentation, rounded down
    assert d <= 4 * np.log(n) / (eps**2 / 2 - eps**3 / 3) < d + 1


def test_jl_epsilon_is_infinite_when_d_is_too_small() -> None:
    assert jl_epsilon(1000, 100) == np.inf  # fewer than 24 ln(1000) ≈ 166 dimensions
    with pytest.raises(ValueError, match="at least 2"):
        jl_epsilon(1, 10)
