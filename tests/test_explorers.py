"""Tests for helpers.explorers: answers match WordVectors queries; widgets react to their controls."""

from __future__ import annotations

import re

import numpy as np

from helpers.plots.explorers import (
    analogy_explorer,
    analogy_html,
    neighbour_explorer,
    neighbours_html,
    results_table_html,
)
from helpers.vectors.wordvectors import WordVectors

WORDS = ["king", "queen", "man", "woman", "prince", "princess", "boy", "girl", "apple"]
WV = WordVectors(WORDS, np.random.default_rng(0).normal(size=(len(WORDS), 6)))


def _rows(page: str) -> list[tuple[str, float]]:
    return [
        (w, float(s))
        for w, s in re.findall(
            r"<tr><td[^>]*>\d+</td><td[^>]*>(?:<b>)?([^<]+)(?:</b> \(an input word\))?</td>"
            r"<td[^>]*>([-0-9.]+)</td>",
            page,
        )
    ]


def test_neighbours_table_matches_cosines_computed_by_hand() -> None:
    unit = WV.vectors / np.linalg.norm(WV.vectors, axis=1, keepdims=True)
    cos = unit @ unit[WORDS.index("king")]
    order = [i for i in np.argsort(-cos) if WORDS[i] != "king"][:4]
    rows = _rows(neighbours_html(WV, "king", k=4))
    assert [w for w, _ in rows] == [WORDS[i] for i in order]
    np.testing.assert_allclose([s for _, s in rows], cos[order], atol=1e-4)


def test_unknown_and_empty_words_answer_with_a_sentence() -> None:
    page = neighbours_html(WV, "quen")
    assert "'quen' is not in the vocabulary" in page and "'queen'" in page
    assert "Type a word" in neighbours_html(WV, "  ")
    assert "is not in the vocabulary" in analogy_html(WV, "man", "kinng", "woman")
    assert "all three" in analogy_html(WV, "man", "", "woman")


def test_analogy_html_matches_wordvectors_for_both_methods_and_exclusion() -> None:
    for method in ("3cosadd", "3cosmul"):
        for exclude in (True, False):
            expected = WV.analogy(
                "man", "king", "woman", k=5, method=method, exclude_inputs=exclude
            )
            rows = _rows(analogy_html(WV, "man", "king", "woman", method, exclude, k=5))
            assert [w for w, _ in rows] == [w for w, _ in expected]
            np.testing.assert_allclose([s for _, s in rows], [s for _, s in expected], atol=1e-4)


def test_results_table_marks_input_words_and_escapes_html() -> None:
    page = results_table_html([("<b>", 0.5), ("man", 0.4)], "score", marked=["man"])
    assert "&lt;b&gt;" in page and "<b>man</b> (an input word)" in page


def test_neighbour_explorer_updates_on_button_and_k() -> None:
    box = neighbour_explorer(WV, word="king", example="queen", k=3)
    text, k_box, button = box.children[0].children
    answer = box.children[1]
    assert text.placeholder == "queen" and len(_rows(answer.value)) == 3
    text.value = "apple"
    button.click()
    assert "neighbours of <b>apple</b>" in answer.value
    k_box.value = 5
    assert len(_rows(answer.value)) == 5


def test_analogy_explorer_reacts_to_toggles() -> None:
    box = analogy_explorer(WV)
    method, exclusion = box.children[0].children
    answer = box.children[2]
    first = answer.value
    method.value = "3CosMul"
    assert answer.value != first and "3CosMul" in answer.value
    exclusion.value = "allowed"
    assert "allowed" in answer.value
    a, b, c, button = box.children[1].children
    assert all(t.placeholder for t in (a, b, c))
    b.value = "queen"
    button.click()
    assert "<b>queen</b> as" in answer.value
