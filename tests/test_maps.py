"""Tests for helpers.maps against numpy SVD, scikit-learn and plain loops."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.manifold import TSNE
from sklearn.metrics.pairwise import cosine_distances as sk_cosine_distances
from threadpoolctl import threadpool_limits

from helpers.plots.maps import MARKERS, MARKERS_3D, WORD_GROUPS, group_words, map_figure
from helpers.plots.style import OKABE_ITO
from helpers.projection.maps import (
    cosine_distances,
    neighbour_preservation,
    pca_coordinates,
    plane_coordinates,
    same_group_rate,
    tsne_coordinates,
)

RNG = np.random.default_rng(0)


def _blobs(n_per: int = 20, d: int = 10, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = np.eye(d)[:3] * 5  # three orthogonal directions: far apart by cosine too
    x = np.concatenate([c + rng.normal(size=(n_per, d)) * 0.3 for c in centres])
    return x, np.repeat(np.arange(3), n_per)


def test_word_groups_are_about_300_words_in_8_groups() -> None:
    words, labels = group_words(WORD_GROUPS, {w for g in WORD_GROUPS.values() for w in g})
    assert len(WORD_GROUPS) == len(OKABE_ITO) == len(MARKERS)
    assert 250 <= len(words) <= 320
    assert len(set(words)) == len(words)
    assert labels[words.index("orange")] == "colours"  # first group wins


def test_group_words_filters_and_caps() -> None:
    groups = {"a": ["x", "y", "z"], "b": ["z", "w"]}
    assert group_words(groups, ["x", "z", "w"]) == (["x", "z", "w"], ["a", "a", "b"])
    assert group_words(groups, ["x", "y", "z", "w"], per_group=1) == (["x", "z"], ["a", "b"])
    with pytest.raises(TypeError, match="single string"):
        group_words({"a": "xyz"}, ["x"])
    with pytest.raises(ValueError, match="per_group"):
        group_words(groups, ["x"], per_group=0)


def test_pca_matches_numpy_svd() -> None:
    x = RNG.normal(size=(40, 6)) @ np.diag([5, 3, 1, 0.5, 0.2, 0.1])
    centred = x - x.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    expected = u[:, :3] * s[:3]
    for j in range(3):  # sign convention: largest-magnitude coordinate positive
        if expected[np.abs(expected[:, j]).argmax(), j] < 0:
            expected[:, j] *= -1
    np.testing.assert_allclose(pca_coordinates(x, 3), expected, atol=1e-7)
    np.testing.assert_allclose(pca_coordinates(x, 2), expected[:, :2], atol=1e-7)


def test_cosine_distances_match_sklearn() -> None:
    x = RNG.normal(size=(25, 4))
    got = cosine_distances(x)
    np.testing.assert_allclose(got, sk_cosine_distances(x), atol=1e-9)
    assert np.array_equal(got, got.T) and np.all(np.diag(got) == 0)
    with pytest.raises(ValueError, match="row 0 of vectors is all zeros"):
        cosine_distances(np.array([[0.0, 0.0], [1.0, 1.0]]))


def test_tsne_is_sklearn_on_precomputed_cosine_distances() -> None:
    x, _ = _blobs()
    got = tsne_coordinates(x, perplexity=10, seed=3)
    start = np.round(pca_coordinates(x, 2), 6)
    start = start / start[:, 0].std() * 1e-4
    with threadpool_limits(limits=1):
        expected = TSNE(
            perplexity=10, metric="precomputed", init=start, random_state=3
        ).fit_transform(sk_cosine_distances(x).round(6).clip(0))
    np.testing.assert_allclose(got, expected, atol=1e-3)
    np.testing.assert_array_equal(got, tsne_coordinates(x, perplexity=10, seed=3))


def test_tsne_keeps_clusters_together() -> None:
    x, labels = _blobs()
    for k in (2, 3):
        coords = tsne_coordinates(x, n_components=k, perplexity=10)
        assert coords.shape == (60, k)
        # (almost) every point's nearest map neighbour is in its own blob
        d = ((coords[:, None, :] - coords[None, :, :]) ** 2).sum(-1)
        np.fill_diagonal(d, np.inf)
        assert (labels[d.argmin(axis=1)] == labels).mean() >= 0.9


def test_tsne_and_pca_argument_errors() -> None:
    x, _ = _blobs()
    with pytest.raises(ValueError, match="perplexity"):
        tsne_coordinates(x, perplexity=100)
    with pytest.raises(ValueError, match="n_components must be 2 or 3"):
        tsne_coordinates(x, n_components=4)
    with pytest.raises(ValueError, match="shape"):
        pca_coordinates(np.ones(5))
    with pytest.raises(ValueError, match="NaN"):
        pca_coordinates(np.array([[np.nan, 1.0], [1.0, 2.0], [3.0, 3.0]]))


def _naive_preservation(high: np.ndarray, low: np.ndarray, k: int) -> float:
    n = len(high)
    unit = high / np.linalg.norm(high, axis=1, keepdims=True)
    total = 0
    for i in range(n):
        dh = [(1 - unit[i] @ unit[j], j) for j in range(n) if j != i]
        dl = [(float(np.linalg.norm(low[i] - low[j])), j) for j in range(n) if j != i]
        near_h = {j for _, j in sorted(dh)[:k]}
        near_l = {j for _, j in sorted(dl)[:k]}
        total += len(near_h & near_l)
    return total / (n * k)


def test_neighbour_preservation_matches_loops() -> None:
    high = RNG.normal(size=(40, 6))
    low = RNG.normal(size=(40, 2))
    for k in (1, 5):
        assert neighbour_preservation(high, low, k) == pytest.approx(
            _naive_preservation(high, low, k), abs=1e-9
        )
    assert neighbour_preservation(high, high, 5, metric="euclidean") == 1.0
    with pytest.raises(ValueError, match="k must be"):
        neighbour_preservation(high, low, 40)
    with pytest.raises(ValueError, match="one row per point"):
        neighbour_preservation(high, low[:5], 3)


def test_map_figure_traces_colours_and_labels() -> None:
    coords = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    fig = map_figure(coords, ["a", "b", "c"], ["g1", "g2", "g1"], "Map", ["x axis", "y axis"])
    assert [t.name for t in fig.data] == ["g1", "g2"]
    assert list(fig.data[0].text) == ["a", "c"] and list(fig.data[0].x) == [0.0, 2.0]
    assert fig.data[0].marker.color == OKABE_ITO[0] and fig.data[1].marker.symbol == MARKERS[1]
    assert fig.layout.title.text == "Map" and fig.layout.xaxis.title.text == "x axis"
    fig3 = map_figure(np.c_[coords, coords[:, 0]], ["a", "b", "c"], ["g", "g", "h"], "3-D",
                      ["p1", "p2", "p3"])  # fmt: skip
    assert fig3.data[0].type == "scatter3d" and fig3.layout.scene.zaxis.title.text == "p3"
    eight = map_figure(np.zeros((8, 3)), list("abcdefgh"), list("abcdefgh"), "t", ["x", "y", "z"])
    assert [t.marker.symbol for t in eight.data] == list(MARKERS_3D)
    # issue 26: labels readable (at least 12 px) and no group drawn in yellow (1.3:1 on white)
    assert all(t.textfont.size >= 12 for t in eight.data)
    assert "#F0E442" not in {t.marker.color.upper() for t in eight.data}
    with pytest.raises(ValueError, match="one entry per point"):
        map_figure(coords, ["a"], ["g"], "t", ["x", "y"])
    with pytest.raises(ValueError, match="axis titles"):
        map_figure(coords, ["a", "b", "c"], ["g"] * 3, "t", ["x"])
    with pytest.raises(ValueError, match="at most 8 groups"):
        map_figure(np.zeros((9, 2)), list("abcdefghi"), list("abcdefghi"), "t", ["x", "y"])


def test_plane_coordinates_recovers_in_plane_points() -> None:
    d = 6
    origin = RNG.normal(size=d)
    u, v = RNG.normal(size=d), RNG.normal(size=d)
    e1 = u / np.linalg.norm(u)
    w = v - (v @ e1) * e1
    e2 = w / np.linalg.norm(w)
    true = RNG.normal(size=(5, 2))
    points = origin + true[:, :1] * e1 + true[:, 1:] * e2
    coords, kept = plane_coordinates(points, origin, u, v)
    np.testing.assert_allclose(coords, true, atol=1e-8)
    assert kept == pytest.approx(1.0)
    off = points + np.linalg.svd(np.stack([e1, e2]))[2][2] * 3.0  # a direction out of the plane
    _, kept_off = plane_coordinates(off, origin, u, v)
    assert kept_off < 1.0
    with pytest.raises(ValueError, match="non-parallel"):
        plane_coordinates(points, origin, u, 2 * u)


def test_same_group_rate_matches_loops() -> None:
    x = RNG.normal(size=(30, 4))
    labels = [str(i % 3) for i in range(30)]
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    for metric in ("euclidean", "cosine"):
        same = 0
        for i in range(30):
            dist = [
                (
                    float(np.linalg.norm(x[i] - x[j]))
                    if metric == "euclidean"
                    else 1 - unit[i] @ unit[j],
                    j,
                )
                for j in range(30)
                if j != i
            ]
            same += labels[min(dist)[1]] == labels[i]
        assert same_group_rate(x, labels, metric) == pytest.approx(same / 30)
    with pytest.raises(ValueError, match="one label per point"):
        same_group_rate(x, labels[:3])
    with pytest.raises(ValueError, match="metric"):
        same_group_rate(x, labels, "manhattan")


def test_pca_and_tsne_defaults_are_the_course_seed_and_one_perplexity() -> None:
    import inspect

    from helpers.notebook import SEED
    from helpers.projection import PERPLEXITY, random_projection, svd_embeddings

    assert inspect.signature(tsne_coordinates).parameters["seed"].default == SEED
    assert inspect.signature(tsne_coordinates).parameters["perplexity"].default == PERPLEXITY
    assert inspect.signature(random_projection).parameters["seed"].default == SEED
    assert inspect.signature(svd_embeddings).parameters["seed"].default == SEED


def test_map_refusals_are_one_sentence() -> None:
    with pytest.raises(ValueError, match="perplexity must be a finite number"):
        tsne_coordinates(np.eye(5), perplexity=float("nan"))
    with pytest.raises(ValueError, match="n_components must be a positive whole number"):
        pca_coordinates(np.eye(5), n_components=-1)
    with pytest.raises(ValueError, match="metric must be"):
        tsne_coordinates(np.eye(5), perplexity=2, metric="manhattan")


def test_map_figure_writes_a_few_words_per_group_and_keeps_symbols_in_3d() -> None:
    from helpers.plots.maps import words_to_label

    rng = np.random.default_rng(3)
    coords = rng.normal(size=(40, 2))
    labels = ["g1"] * 20 + ["g2"] * 20
    words = [f"w{i}" for i in range(40)]
    fig = map_figure(coords, words, labels, "Map", ["x", "y"], label_per_group=3)
    for trace in fig.data:
        assert sum(bool(t) for t in trace.text) <= 3 and len(trace.customdata) == 20
    chosen = sorted(words_to_label(coords, labels, per_group=3))
    extent = np.ptp(coords, axis=0).max()
    assert all(
        np.linalg.norm(coords[a] - coords[b]) >= 0.08 * extent
        for a in chosen
        for b in chosen
        if a < b
    )
    fig3 = map_figure(np.c_[coords, coords[:, 0]], words, labels, "3-D", ["x", "y", "z"])
    assert [t.marker.symbol for t in fig.data] == [t.marker.symbol for t in fig3.data]
