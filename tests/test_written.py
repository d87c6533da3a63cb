"""The written analysis questions (classroom/written/, tools/written.py): every notebook from 01 has
2–3, each with a model answer and a rubric whose points add up, and every number a question or
model answer quotes is one the notebook's stored outputs print."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tools import homework, teacher_guide
from tools.written import (
    WRITTEN,
    answer_markdown,
    load_questions,
    parse_questions,
    question_markdown,
    student_section,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ASKED = [p for p in NOTEBOOKS if int(p.stem[:2]) >= 1]
# a quoted figure: a decimal (0.448, 35.7) or a number with thousands separators (446,678), but
# not an exercise's number ("exercise 4.6")
NUMBER = re.compile(r"(?<![\w.,])(?<!xercise )(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w])")


def stored_outputs(path: Path) -> str:
    """Every text a notebook's stored outputs show (printed text and plain-text results)."""
    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif "text/plain" in output.get("data", {}):
                texts.append(output["data"]["text/plain"])
    return "\n".join(texts)


def test_the_number_pattern() -> None:
    text = "0.448 and 446,678 tokens, 35.7 GB, exercise 4.6, 46 pairs, § 5, 1.43 TB."
    assert NUMBER.findall(text) == ["0.448", "446,678", "35.7", "1.43"]


@pytest.mark.parametrize("path", ASKED, ids=lambda p: p.stem[:2])
def test_every_notebook_has_two_or_three_questions_with_rubrics(path: Path) -> None:
    questions = load_questions(path.stem)
    assert 2 <= len(questions) <= 3, f"classroom/written/{path.stem}.toml: 2–3 questions"
    for question in questions:
        assert len(question.answer.split()) >= 40, f"{question.key}: a real model answer"
        assert len(question.rubric) >= 2 and all(points >= 1 for points, _ in question.rubric)
        assert 3 <= question.points <= 6
        teacher = answer_markdown(question)
        assert f"**Rubric ({question.points} points).**" in teacher
        criteria = [int(n) for n in re.findall(r"^- (\d+) points?:", teacher, re.M)]
        assert sum(criteria) == question.points
        assert f"({question.points} points)" in question_markdown(question)


@pytest.mark.parametrize("path", ASKED, ids=lambda p: p.stem[:2])
def test_quoted_numbers_are_the_notebooks_outputs(path: Path) -> None:
    printed = stored_outputs(path)
    for question in load_questions(path.stem):
        quoted = NUMBER.findall(question.question + "\n" + question.answer)
        missing = [number for number in quoted if number not in printed]
        assert not missing, f"{question.key} quotes {missing}, which {path.name} does not print"


def test_every_bank_file_belongs_to_a_notebook() -> None:
    stems = {p.stem for p in NOTEBOOKS}
    for bank in WRITTEN.glob("*.toml"):
        assert bank.stem in stems, f"classroom/written/{bank.name} names no notebook"


def test_a_malformed_entry_is_refused_in_one_sentence() -> None:
    good = '[[question]]\ntitle = "T"\nquestion = "Q?"\nanswer = "A."\nrubric = [[2, "x"]]\n'
    assert parse_questions("01_one_hot", good)[0].key == "W1.1"
    for bad, field in [
        (good.replace('answer = "A."', 'answer = ""'), "`answer`"),
        (good.replace('[[2, "x"]]', "[]"), "rubric"),
        (good.replace('[[2, "x"]]', '[[0, "x"]]'), "rubric"),
        (good.replace('[[2, "x"]]', '[["2", "x"]]'), "rubric"),
    ]:
        with pytest.raises(ValueError, match=field) as error:
            parse_questions("01_one_hot", bad)
        assert "classroom/written/01_one_hot.toml, question 1" in str(error.value)


def test_the_guide_and_the_homework_show_them() -> None:
    guide = (ROOT / "classroom" / "GUIDE.md").read_text(encoding="utf-8")
    assert teacher_guide.render(guide) == guide, "run: python -m tools.teacher_guide"
    sheets = homework.student_editions()
    for path in ASKED:
        for question in load_questions(path.stem):
            assert answer_markdown(question) in guide  # model answer and rubric for the teacher
            sheet = sheets[f"{path.stem}.md"]
            assert question.question in sheet and question.answer not in sheet
        assert student_section(path.stem) in sheets[f"{path.stem}.md"]


def test_written_questions_stay_out_of_the_notebooks() -> None:
    """Learners meet them in the homework sheet and the classroom edition: no notebook prose."""
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        for question in load_questions(path.stem):
            assert question.question[:60] not in text
