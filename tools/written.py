"""The bank of written analysis questions: 2–3 per notebook, each with points, a model answer and a rubric.

One file per notebook, ``classroom/written/NN_slug.toml`` (named like the notebook)::

    [[question]]
    title = "Why the loss starts at 4.16"
    question = \"\"\"The notebook prints ... Explain ...\"\"\"
    answer = \"\"\"The output vectors start at zero ...\"\"\"
    rubric = [
        [2, "the reason every σ is ½"],
        [1, "the number, with (1 + K) log 2"],
    ]

A question is worth the sum of its rubric's points. The questions are asked about what the
notebook shows (a figure, a number it prints, a prediction to explain, two methods to compare),
so a teacher grades understanding, not only code. They reach three audiences:

* the classroom (nbgrader) edition, ``tools/nbgrader_course.py``: after *Check your
  understanding*, each question is a locked cell followed by a manually graded answer cell
  worth its points; the model answer and rubric are in the teacher's ``source/`` copy only;
* the teacher guide (``python -m tools.teacher_guide``): every question with its model answer
  and rubric, and the points of each notebook;
* self-paced learners: the student homework sheet of the notebook (``python -m tools.homework``)
  ends with the questions, without answers.

``tests/test_written.py`` checks the bank: every notebook has 2–3 questions, the rubrics add up,
and every number a model answer quotes appears in the notebook's stored outputs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "classroom" / "written"
NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class WrittenQuestion:
    """One written question of a notebook.

    Attributes
    ----------
    notebook : str
        The notebook's name, e.g. ``"04_word2vec"``.
    number : int
        Its number within the notebook (1, 2, …).
    title, question, answer : str
        A short title, the question (Markdown) and the model answer (Markdown).
    rubric : tuple of (int, str)
        The criteria and their points.
    """

    notebook: str
    number: int
    title: str
    question: str
    answer: str
    rubric: tuple[tuple[int, str], ...]

    @property
    def key(self) -> str:
        """Its name in the course, e.g. ``"W4.2"`` (written question 2 of notebook 04)."""
        return f"W{int(self.notebook[:2])}.{self.number}"

    @property
    def points(self) -> int:
        """Its worth: the sum of its rubric's points."""
        return sum(points for points, _ in self.rubric)

    @property
    def grade_id(self) -> str:
        """The nbgrader grade id of its answer cell, e.g. ``"written_4_2"``."""
        return f"written_{int(self.notebook[:2])}_{self.number}"


def parse_questions(notebook: str, text: str) -> list[WrittenQuestion]:
    """The questions of one bank file's text; a clear one-sentence error for a malformed entry.

    Examples
    --------
    >>> text = '[[question]]\\ntitle = "T"\\nquestion = "Q?"\\nanswer = "A."\\nrubric = [[2, "x"]]'
    >>> [(q.key, q.points) for q in parse_questions("04_word2vec", text)]
    [('W4.1', 2)]
    """
    questions = []
    for number, entry in enumerate(tomllib.loads(text).get("question", []), start=1):
        where = f"classroom/written/{notebook}.toml, question {number}"
        for field in ("title", "question", "answer"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ValueError(f"{where} needs a non-empty text `{field}`.")
        rubric = entry.get("rubric")
        if not rubric or not all(
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], int)
            and item[0] > 0
            and isinstance(item[1], str)
            and item[1].strip()
            for item in rubric
        ):
            raise ValueError(f"{where} needs a rubric of [points, criterion] pairs.")
        questions.append(
            WrittenQuestion(
                notebook,
                number,
                entry["title"].strip(),
                entry["question"].strip(),
                entry["answer"].strip(),
                tuple((int(p), str(c).strip()) for p, c in rubric),
            )
        )
    return questions


def load_questions(notebook: str, folder: Path = WRITTEN) -> list[WrittenQuestion]:
    """The written questions of a notebook (``"04_word2vec"``), none if it has no bank file."""
    path = folder / f"{notebook}.toml"
    if not path.is_file():
        return []
    return parse_questions(notebook, path.read_text(encoding="utf-8"))


def question_markdown(question: WrittenQuestion) -> str:
    """The question as learners see it: a heading with its points, then the question."""
    points = f"{question.points} point{'s' if question.points != 1 else ''}"
    return (
        f"### Written question {question.key} · {question.title} ({points})\n\n{question.question}"
    )


def answer_markdown(question: WrittenQuestion) -> str:
    """The model answer and rubric (the teacher's copy of the answer cell)."""
    criteria = "\n".join(
        f"- {points} point{'s' if points != 1 else ''}: {criterion}"
        for points, criterion in question.rubric
    )
    return (
        f"**Model answer.** {question.answer}\n\n**Rubric ({question.points} points).**\n{criteria}"
    )


def student_section(notebook: str, folder: Path = WRITTEN) -> str:
    """The *Written questions* section of a student homework sheet (questions only), or ``""``."""
    questions = load_questions(notebook, folder)
    if not questions:
        return ""
    total = sum(q.points for q in questions)
    body = "\n\n".join(
        question_markdown(q).replace("### Written question", "### Question", 1) for q in questions
    )
    return (
        f"\n## Written questions on the notebook ({total} points)\n\n"
        "Answer in a few sentences, with the numbers and figures the notebook shows you. In a "
        "graded lab they are answer cells at the end of the notebook.\n\n"
        f"{body}\n"
    )


def guide_section(folder: Path = WRITTEN, notebooks: Path = NOTEBOOKS) -> str:
    """Every notebook's written questions with model answers and rubrics (the teacher guide)."""
    parts = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        questions = load_questions(path.stem, folder)
        if not questions:
            continue
        parts.append(f"#### {path.stem} ({sum(q.points for q in questions)} points)\n")
        for q in questions:
            parts.append(
                f"**{q.key} · {q.title}** ({q.points} points). {q.question}\n\n"
                f"<details><summary>Model answer and rubric</summary>\n\n{answer_markdown(q)}\n\n"
                "</details>\n"
            )
    return "\n".join(parts).rstrip()
