"""Quizzes: a bank of checked questions per notebook, as a widget, as Markdown, and for an LMS.

The questions live in ``helpers/exercises/quizzes/NN_name.toml`` (shipped with the package), one
file per notebook. Each question has a prompt, either ``choices`` and the index of the one right
``answer``, or a numeric ``answer_value`` with a ``tolerance``, and a one-line ``explanation``.

* ``quiz("04")`` shows the quiz in a notebook: radio buttons or a number box per question, a
  *Check* button, then ✅ or ❌ with the explanation. Where widgets cannot run (a static page),
  the same questions show as Markdown, without the answers.
* ``quiz_markdown("04")`` is plain Markdown with an answer key, for a learning-management system
  (``tools/export_quizzes.py`` writes it for every notebook into ``classroom/quizzes/``).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import ipywidgets as widgets

QUIZ_PACKAGE = "helpers.exercises.quizzes"


@dataclass(frozen=True)
class Question:
    """One quiz question: multiple choice (``choices`` and ``answer``) or numeric (``value``).

    Examples
    --------
    >>> q = Question("2 + 2?", "It is 4.", choices=("3", "4"), answer=1)
    >>> q.is_correct("4"), q.is_correct("3")
    (True, False)
    >>> Question("π to 2 decimals?", "3.14159…", value=3.14, tolerance=0.005).is_correct("3.141")
    True
    """

    prompt: str
    explanation: str
    choices: tuple[str, ...] = ()
    answer: int | None = None
    value: float | None = None
    tolerance: float = 0.0

    @property
    def numeric(self) -> bool:
        """True for a question answered with a number."""
        return self.value is not None

    @property
    def correct_text(self) -> str:
        """The right answer as text."""
        if self.numeric:
            return _number(self.value)
        assert self.answer is not None
        return self.choices[self.answer]

    def is_correct(self, response: Any) -> bool:
        """Whether ``response`` (a choice's text, or a number or its text) is right."""
        if self.numeric:
            number = parse_number(response)
            assert self.value is not None
            return number is not None and abs(number - self.value) <= self.tolerance + 1e-12
        return response == self.correct_text


@dataclass(frozen=True)
class Quiz:
    """The questions of one notebook."""

    notebook: str
    title: str
    questions: tuple[Question, ...]


def _number(x: float | None) -> str:
    assert x is not None
    return f"{x:g}" if abs(x) < 1e6 else f"{x:,.0f}".replace(",", " ")


def parse_number(response: Any) -> float | None:
    """Read a number typed by a learner (spaces as thousands separators allowed), or ``None``.

    Examples
    --------
    >>> parse_number("8 192 000"), parse_number(" -1.06 "), parse_number("about 4")
    (8192000.0, -1.06, None)
    """
    if isinstance(response, int | float) and not isinstance(response, bool):
        return float(response) if math.isfinite(response) else None
    if not isinstance(response, str):
        return None
    text = response.strip().replace(" ", "").replace("\u202f", "").replace("_", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def quiz_names() -> list[str]:
    """The names (``NN_name``) of every quiz in the bank, in order.

    Examples
    --------
    >>> quiz_names()[0]
    '00_welcome'
    """
    files = resources.files(QUIZ_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def _resolve(key: str) -> str:
    names = quiz_names()
    for name in names:
        number, _, slug = name.partition("_")
        if key in (name, number, slug):
            return name
    raise ValueError(
        f"There is no quiz {key!r}; use a notebook number or name, one of: {', '.join(names)}."
    )


@cache
def load_quiz(key: str) -> Quiz:
    """Read a notebook's quiz from the bank by its number (``"04"``) or name (``"04_word2vec"``).

    Examples
    --------
    >>> load_quiz("04").notebook
    '04_word2vec'
    >>> load_quiz("99")
    Traceback (most recent call last):
    ValueError: There is no quiz '99'; use a notebook number or name, one of: ...
    """
    name = _resolve(str(key))
    data = tomllib.loads(resources.files(QUIZ_PACKAGE).joinpath(f"{name}.toml").read_text("utf-8"))
    questions = []
    for item in data["question"]:
        numeric = "answer_value" in item
        questions.append(
            Question(
                prompt=item["prompt"],
                explanation=item["explanation"],
                choices=tuple(item.get("choices", ())),
                answer=item.get("answer"),
                value=float(item["answer_value"]) if numeric else None,
                tolerance=float(item.get("tolerance", 0.0)),
            )
        )
    return Quiz(data["notebook"], data["title"], tuple(questions))


def quiz_markdown(key: str, *, answers: bool = True) -> str:
    """The quiz as plain Markdown: numbered questions, lettered choices, then an answer key.

    Examples
    --------
    >>> print(quiz_markdown("00").splitlines()[0])
    # Quiz 00 · Welcome: how the course works
    """
    quiz = load_quiz(key)
    number = quiz.notebook.split("_", 1)[0]
    lines = [f"# Quiz {number} · {quiz.title}", ""]
    lines.append(f"{len(quiz.questions)} questions on notebook `{quiz.notebook}`.")
    lines.append("")
    for i, q in enumerate(quiz.questions, 1):
        lines.append(f"{i}. {q.prompt}")
        if q.numeric:
            lines.append("   *(answer with a number)*")
        for letter, choice in zip("abcdefgh", q.choices, strict=False):
            lines.append(f"   - ({letter}) {choice}")
        lines.append("")
    if answers:
        lines += ["## Answer key", ""]
        for i, q in enumerate(quiz.questions, 1):
            if q.numeric:
                tolerance = f" (± {_number(q.tolerance)})" if q.tolerance else ""
                given = f"{q.correct_text}{tolerance}"
            else:
                assert q.answer is not None
                given = f"({'abcdefgh'[q.answer]}) {q.correct_text}"
            lines.append(f"{i}. **{given}**: {q.explanation}")
        lines.append("")
    return "\n".join(lines)


class QuestionWidget(widgets.VBox):
    """One question: the prompt, an input (radio buttons or a number box), Check, and feedback."""

    def __init__(self, number: int, question: Question) -> None:
        self.question = question
        prompt = widgets.HTML(f"<b>{number}.</b> {_escape(question.prompt)}")
        self.input: widgets.RadioButtons | widgets.Text
        if question.numeric:
            self.input = widgets.Text(placeholder="a number", description="answer:")
        else:
            self.input = widgets.RadioButtons(
                options=list(question.choices), value=None, layout={"width": "max-content"}
            )
        self.button = widgets.Button(description="Check", button_style="primary")
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _button: self.check())
        super().__init__([prompt, self.input, widgets.HBox([self.button, self.feedback])])

    def check(self) -> bool:
        """Mark the current answer, show ✅ or ❌ with the explanation, and return whether it is right."""
        response = self.input.value
        if response in (None, ""):
            self.feedback.value = "Choose or type an answer first."
            return False
        if self.question.numeric and parse_number(response) is None:
            self.feedback.value = (
                f"❌ {_escape(str(response))} is not a number: type digits, e.g. 4.16."
            )
            return False
        right = self.question.is_correct(response)
        mark = "✅ Right." if right else "❌ Not quite."
        self.feedback.value = f"{mark} {_escape(self.question.explanation)}"
        return right


class QuizWidget(widgets.VBox):
    """A notebook's quiz as widgets, with a Markdown fallback where widgets cannot run."""

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self.items = [QuestionWidget(i, q) for i, q in enumerate(quiz.questions, 1)]
        title = widgets.HTML(f"<h3>Quiz · {_escape(quiz.title)}</h3>")
        super().__init__([title, *self.items])

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle["text/markdown"] = quiz_markdown(self.quiz.notebook, answers=False)
        return bundle


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quiz(key: str) -> QuizWidget:
    """The auto-checked quiz of a notebook, as a widget (``quiz("04")`` in a notebook cell).

    Examples
    --------
    >>> w = quiz("01")
    >>> item = w.items[0]
    >>> item.input.value = "0"
    >>> item.button.click()
    >>> item.feedback.value[:8]
    '✅ Right.'
    """
    return QuizWidget(load_quiz(key))
