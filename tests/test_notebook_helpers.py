"""Issue 29 §3: the notebook-local helpers a learner calls answer bad input in one sentence.

Each test takes the helper's own definition from the notebook (its imports, the constants named
and the ``def``), runs it with small stand-ins for the notebook's data, and makes the exact calls
the reliability audit made.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from helpers.exercises.one_hot import one_hot_bytes
from helpers.llm.language_model import init_language_model
from helpers.llm.next_token import top_next_tokens
from helpers.text import Vocabulary
from helpers.validate import UnknownWordError, WordList, one_of, word_index
from helpers.vectors import glove_words

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def notebook_helpers(notebook: str, cell_id: str, names: set[str], **given: object) -> dict:
    """The imports and the named definitions of one cell, run in a namespace holding ``given``."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c.get("id") == cell_id)
    kept = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.Import | ast.ImportFrom)
        or (isinstance(node, ast.FunctionDef) and node.name in names)
        or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in names for t in node.targets)
        )
    ]
    namespace: dict = dict(given)
    exec(compile(ast.Module(body=kept, type_ignores=[]), notebook, "exec"), namespace)
    return namespace


def sentence(error: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(error.value)
    assert "\n" not in message and message.endswith((".", "?")), message
    return message


def test_00_one_hot_row():
    one_hot_row = notebook_helpers("00_welcome.ipynb", "b662f77b", {"VOCABULARY", "one_hot_row"})[
        "one_hot_row"
    ]
    assert one_hot_row("queen") == " queen → [0 1 0 0 0 0]"
    with pytest.raises(TypeError) as error:
        one_hot_row(6)
    assert sentence(error) == "word must be a string such as 'king', got int 6."
    with pytest.raises(UnknownWordError) as error:
        one_hot_row("King")
    assert sentence(error) == "'King' is not in the vocabulary (6 words); did you mean 'king'?"


def test_01_memory_sentence():
    readable = notebook_helpers("01_one_hot.ipynb", "dd147e86", {"readable"})
    memory_sentence = notebook_helpers(
        "01_one_hot.ipynb",
        "010a5bcc",
        {"memory_sentence"},
        N_TOKENS=1_000,
        one_hot_bytes=one_hot_bytes,
        readable=readable["readable"],
    )["memory_sentence"]
    # 1 000 tokens × 4 words × 8 bytes dense; one 1 in every 4 entries
    assert memory_sentence(4) == (
        "<b>V = 4</b>: dense 32 kB, sparse 16 kB; 75 % of the dense entries are zeros."
    )
    for v in (0, -3):
        with pytest.raises(ValueError) as error:
            memory_sentence(v)
        assert sentence(error) == (
            f"v (the vocabulary size) must be a positive whole number, got {v}."
        )


def test_01_glove_vocab_index():
    glove_vocab = glove_words()
    assert isinstance(glove_vocab, list) and glove_vocab[glove_vocab.index("king")] == "king"
    with pytest.raises(UnknownWordError) as error:
        glove_vocab.index("King")
    assert sentence(error).startswith("'King' is not in the vocabulary (400 000 words); did you")
    assert error.value.suggestions[0] == "king"


def test_word_list_is_a_list_with_a_clear_index():
    words = WordList(["a", "b", "a"])
    assert words == ["a", "b", "a"] and words.index("a", 1) == 2
    with pytest.raises(UnknownWordError, match="did you mean 'b'"):
        words.index("B")
    with pytest.raises(TypeError, match="got int 0"):
        words.index(0)  # type: ignore[arg-type]


SENTENCES = [
    "the orchestra played music in the hall for the whole town".split(),
    "she studied music and art at the old school in paris".split(),
    "a river runs".split(),  # too short to be an example
]


def window_html_fn():
    found = notebook_helpers(
        "02_cooccurrence.ipynb", "f4b66dda", {"example_sentences"}, sentences=SENTENCES
    )
    return notebook_helpers(
        "02_cooccurrence.ipynb",
        "40c879e0",
        {"highlight_window", "window_html"},
        sentences=SENTENCES,
        example_sentences=found["example_sentences"],
        OKABE_ITO=["#000000"] * 8,
    )["window_html"]


def test_02_window_html():
    window_html = window_html_fn()
    shown = window_html("music", 2)
    assert shown.count("<li>") == 2 and shown.count("<b style") == 2
    with pytest.raises(UnknownWordError) as error:
        window_html("Music", 2)
    assert "'Music' is not in the vocabulary" in sentence(error)
    assert error.value.suggestions[0] == "music"
    with pytest.raises(ValueError) as error:
        window_html("river", 2)
    assert (
        sentence(error) == "No sentence of 8 to 25 tokens contains 'river': pick a commoner word."
    )
    with pytest.raises(ValueError) as error:
        window_html("music", 0)
    assert sentence(error) == "window must be a positive whole number, got 0."


def neighbour_table_fn():
    toy_vocab = Vocabulary.build("king queen man woman walked walk".split(), unk=None)
    precomputed = {
        d: (None, {"king": (["queen"] * 5, ["walk"] * 5), "walked": (["walk"] * 5,) * 2}, None)
        for d in (2, 50)
    }
    return notebook_helpers(
        "03_projection.ipynb",
        "7fde9299",
        {"neighbour_table"},
        toy_vocab=toy_vocab,
        precomputed=precomputed,
        DIMS=[2, 50],
        WIDGET_WORDS=["king", "walked"],
    )["neighbour_table"]


def test_03_neighbour_table():
    neighbour_table = neighbour_table_fn()
    shown = neighbour_table("king", 50)
    assert "d = 50" in shown and shown.count("queen") == 5
    with pytest.raises(ValueError) as error:
        neighbour_table("queen", 50)
    assert sentence(error) == (
        "word (the neighbours are precomputed for the menu only) must be one of 'king' or "
        "'walked', got 'queen'."
    )
    with pytest.raises(ValueError) as error:
        neighbour_table("king", 30)
    assert sentence(error) == "d must be one of 2 or 50, got 30."
    with pytest.raises(UnknownWordError) as error:
        neighbour_table("kingg", 2)
    assert error.value.suggestions[0] == "king"


def top_next_fn():
    vocab = ["the", "king", "of", "france", "spain", "<s>"]
    model = init_language_model(vocab_size=len(vocab), d=4, k=3, hidden=5, tied=False, seed=3)
    top_next = notebook_helpers(
        "08_language_model.ipynb", "2d45b53e", {"top_next"}, vocab=vocab, np=np
    )["top_next"]
    return top_next, model, vocab


def test_08_top_next():
    top_next, model, vocab = top_next_fn()
    # the model's forward pass written out, for "the king of" (ids 0, 1, 2)
    hidden = np.tanh(model.E[[0, 1, 2]].reshape(-1) @ model.W1 + model.b1)
    logits = hidden @ model.W2 @ model.U.T + model.b
    p = np.exp(logits - logits.max())
    p /= p.sum()
    order = sorted(range(len(vocab)), key=lambda j: -p[j])[:2]
    answer = top_next(model, "the king of", n=2)
    assert [w for w, _ in answer] == [vocab[j] for j in order]
    assert np.allclose([q for _, q in answer], p[order])
    with pytest.raises(UnknownWordError) as error:
        top_next(model, "The king of")
    assert sentence(error) == "'The' is not in the vocabulary (6 words); did you mean 'the'?"
    for context, count in (("the king", 2), ("", 0)):
        with pytest.raises(ValueError) as error:
            top_next(model, context)
        assert sentence(error) == (
            "context must have 3 words (pad a shorter one with <s>, e.g. '<s> <s> the'), "
            f"got {count}: {context!r}."
        )
    with pytest.raises(TypeError, match="got list"):
        top_next(model, ["the", "king", "of"])
    with pytest.raises(ValueError, match="n must be between 1 and 6"):
        top_next(model, "the king of", n=7)


def test_top_next_tokens_checks_its_vocabulary_and_n():
    _, model, vocab = top_next_fn()
    with pytest.raises(ValueError) as error:
        top_next_tokens(model, vocab[:-1], "the king of")
    assert sentence(error) == (
        "words must name every row of the model's embedding table (6), got 5 words."
    )
    for n, error_type in ((0, ValueError), (2.5, TypeError)):
        with pytest.raises(error_type, match="n must be"):
            top_next_tokens(model, vocab, "the king of", n=n)  # type: ignore[arg-type]
    everything = top_next_tokens(model, vocab, "<s> <s> the", n=len(vocab))
    assert sorted(w for w, _ in everything) == sorted(vocab)
    assert abs(sum(q for _, q in everything) - 1) < 1e-12


def test_word_index_and_one_of_answer_right_or_in_one_sentence():
    words = ["the", "king", "queen", "kings"]
    positions = {w: i for i, w in enumerate(words)}  # independent of list.index
    assert all(word_index(w, words) == positions[w] for w in words)
    with pytest.raises(UnknownWordError) as error:
        word_index("Kings", words)
    assert sentence(error) == "'Kings' is not in the vocabulary (4 words); did you mean 'kings'?"
    with pytest.raises(TypeError) as error:
        word_index(["king"], words, "every context word")
    assert (
        sentence(error) == "every context word must be a string such as 'the', got list ['king']."
    )
    assert one_of(50, [2, 50], "d") == 50
    with pytest.raises(ValueError) as error:
        one_of(True, [1, 2], "d")
    assert sentence(error) == "d must be one of 1 or 2, got True."
