"""The quiz bank: well-formed questions, one per notebook, a widget that marks, an export in sync."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from helpers.exercises.quiz import (
    QUIZ_PACKAGE,
    Question,
    load_quiz,
    parse_number,
    quiz,
    quiz_markdown,
    quiz_names,
)
from tools import export_quizzes

ROOT = Path(__file__).resolve().parent.parent
NAMES = quiz_names()
ALLOWED_KEYS = {"prompt", "choices", "answer", "answer_value", "tolerance", "explanation"}


def raw(name: str) -> dict:
    text = resources.files(QUIZ_PACKAGE).joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_every_notebook_has_a_quiz() -> None:
    """Matched by the notebook's name without its number, so renumbering keeps the match."""
    slugs = {name.split("_", 1)[1] for name in NAMES}
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert notebook.stem.split("_", 1)[1] in slugs, f"no quiz for {notebook.name}"


@pytest.mark.parametrize("name", NAMES)
def test_questions_are_well_formed(name: str) -> None:
    data = raw(name)
    assert data["notebook"] == name
    questions = data["question"]
    assert len(questions) >= 8
    prompts = [q["prompt"] for q in questions]
    assert len(set(prompts)) == len(prompts), "a question is repeated"
    for q in questions:
        assert set(q) <= ALLOWED_KEYS, f"unknown keys {set(q) - ALLOWED_KEYS} in {q['prompt']!r}"
        explanation = q["explanation"].strip()
        assert explanation and "\n" not in explanation, "one-line explanation needed"
        assert q["prompt"].strip()
        if "answer_value" in q:  # numeric: a tolerance, no choices
            assert "choices" not in q and "answer" not in q
            assert isinstance(q["tolerance"], int | float) and q["tolerance"] >= 0
        else:  # multiple choice: exactly one correct answer among distinct choices
            choices = q["choices"]
            assert len(choices) >= 2 and len(set(choices)) == len(choices)
            assert all(isinstance(c, str) and c.strip() for c in choices)
            assert isinstance(q["answer"], int) and not isinstance(q["answer"], bool)
            assert 0 <= q["answer"] < len(choices)
            quiz_q = Question(q["prompt"], explanation, tuple(choices), q["answer"])
            assert sum(quiz_q.is_correct(c) for c in choices) == 1


def test_numeric_questions_accept_within_tolerance_only() -> None:
    q = Question("loss?", "6 log 2.", value=4.16, tolerance=0.005)
    assert q.is_correct("4.16") and q.is_correct(4.164) and q.is_correct(" 4.158 ")
    assert not q.is_correct("4.17") and not q.is_correct("four") and not q.is_correct(None)
    assert parse_number("8 192 000") == 8192000.0
    assert parse_number("nan") is None and parse_number(True) is None


@pytest.mark.parametrize("name", NAMES)
def test_widget_marks_right_and_wrong(name: str) -> None:
    widget = quiz(name)
    assert len(widget.items) == len(load_quiz(name).questions)
    for item in widget.items:
        q = item.question
        wrong = (
            str(q.value + 10 * q.tolerance + 1)
            if q.numeric
            else next(c for c in q.choices if c != q.correct_text)
        )
        item.input.value = wrong
        item.button.click()
        assert item.feedback.value.startswith("❌ Not quite.")
        assert q.explanation.replace("&", "&amp;").replace("<", "&lt;")[:20] in item.feedback.value
        item.input.value = q.correct_text
        item.button.click()
        assert item.feedback.value.startswith("✅ Right.")


def test_widget_asks_for_an_answer_and_for_a_number() -> None:
    widget = quiz("01")
    numeric = next(item for item in widget.items if item.question.numeric)
    numeric.button.click()
    assert numeric.feedback.value == "Choose or type an answer first."
    numeric.input.value = "zero"
    numeric.button.click()
    assert numeric.feedback.value == "❌ zero is not a number: type digits, e.g. 4.16."
    choice = next(item for item in widget.items if not item.question.numeric)
    choice.button.click()
    assert choice.feedback.value == "Choose or type an answer first."


def test_widget_has_a_static_markdown_fallback_without_answers() -> None:
    bundle = quiz("04")._repr_mimebundle_()
    markdown = bundle["text/markdown"]
    assert markdown.startswith("# Quiz 04 ·") and "Answer key" not in markdown
    assert load_quiz("04").questions[0].prompt in markdown


def test_unknown_quiz_is_one_clear_sentence() -> None:
    with pytest.raises(ValueError, match=r"^There is no quiz '42'; use a notebook number or name"):
        load_quiz("42")


def test_lookup_by_number_name_or_slug() -> None:
    assert load_quiz("06") == load_quiz("06_analogies") == load_quiz("analogies")


def test_markdown_key_lists_every_answer() -> None:
    text = quiz_markdown("02")
    key = text.split("## Answer key", 1)[1]
    assert len([line for line in key.splitlines() if line[:1].isdigit()]) == len(
        load_quiz("02").questions
    )


def test_exported_quizzes_are_in_sync() -> None:
    folder = ROOT / "classroom" / "quizzes"
    expected = export_quizzes.exported_quizzes()
    present = {p.name for p in folder.glob("*.md") if p.name != "README.md"}
    assert present == set(expected), "run: python -m tools.export_quizzes"
    for name, text in expected.items():
        assert (folder / name).read_text(encoding="utf-8") == text, (
            f"classroom/quizzes/{name} is out of date: run python -m tools.export_quizzes"
        )
