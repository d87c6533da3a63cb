"""Fill the generated parts of the teacher guide (``classroom/GUIDE.md``).

The guide is written by hand except between two kinds of markers, which this tool rewrites:

- ``<!-- BEGIN MEASURED -->`` … ``<!-- END MEASURED -->``: the table of measured time, CPU and
  memory per notebook, from ``classroom/measurements.json`` (``tools/measure_notebooks.py``);
- ``<!-- BEGIN DIAGNOSED NN -->`` … ``<!-- END DIAGNOSED NN -->``: for notebook NN, every
  known mistake of its exercises (each exercise's record,
  :attr:`helpers.exercises.registry.Exercise.mistakes`, which the exercise tests also run) with
  the hint the check really gives, so the guide cannot promise a diagnosis the course does not
  make;
- ``<!-- BEGIN POINTS -->`` … ``<!-- END POINTS -->``: the points of every notebook's graded lab,
  each exercise at its record's weight
  (:attr:`helpers.exercises.registry.Exercise.points`) and the written questions;
- ``<!-- BEGIN WRITTEN -->`` … ``<!-- END WRITTEN -->``: every written question
  (``classroom/written/``, :mod:`tools.written`) with its model answer and rubric.

``python -m tools.teacher_guide`` rewrites the guide; a test fails when it is out of date.
"""

from __future__ import annotations

import json
import re

from tools.measure_notebooks import BEGIN, END, GUIDE, MEASUREMENTS, ROOT, measured_table
from tools.written import guide_section, load_questions

DIAGNOSED = re.compile(
    r"<!-- BEGIN DIAGNOSED (?P<nb>\d\d) -->.*?<!-- END DIAGNOSED (?P=nb) -->", re.DOTALL
)


def _hint(message: str) -> str:
    if "Hint:" in message:
        message = message.split("Hint:", 1)[1]
    message = message.replace("The notebook continues with the reference implementation.", "")
    return message.strip().replace("|", "\\|")


def diagnosed_table(notebook: str) -> str:
    """The Markdown table of the known mistakes of one notebook (``"04"``) and their verdicts."""
    import numpy as np

    from helpers.exercises import EXERCISES, evaluate_exercise

    number = str(int(notebook))
    rows = ["| exercise | the wrong answer | what the check tells the learner |", "|---|---|---|"]
    for key in EXERCISES:
        if key.split(".")[0] != number:
            continue
        exercise = EXERCISES[key]
        for mistake in exercise.mistakes:
            with np.errstate(all="ignore"):
                verdict = evaluate_exercise(key, mistake.function, quiet=True)
            rows.append(f"| {exercise.title} | {mistake.description} | {_hint(verdict.message)} |")
    if len(rows) == 2:
        return "*(No exercise of this notebook has tested wrong answers.)*"
    return "\n".join(rows)


POINTS = re.compile(r"<!-- BEGIN POINTS -->.*?<!-- END POINTS -->", re.DOTALL)
WRITTEN = re.compile(r"<!-- BEGIN WRITTEN -->.*?<!-- END WRITTEN -->", re.DOTALL)


def points_table() -> str:
    """The Markdown table of each notebook's graded points: exercises by weight, written questions."""
    from helpers.exercises import EXERCISES

    rows = [
        "| notebook | exercises (points each) | exercise points | written questions | written "
        "points | total |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        number = str(int(path.stem[:2]))
        keys = [key for key in EXERCISES if key.split(".")[0] == number]
        listed = ", ".join(f"{key} ({EXERCISES[key].points})" for key in keys) or "—"
        code = sum(EXERCISES[key].points for key in keys)
        questions = load_questions(path.stem)
        written = sum(q.points for q in questions)
        rows.append(
            f"| {path.stem} | {listed} | {code} | {len(questions)} | {written} | {code + written} |"
        )
    return "\n".join(rows)


def render(text: str) -> str:
    """``text`` (the guide) with every generated part rewritten."""
    text = POINTS.sub(
        lambda _m: f"<!-- BEGIN POINTS -->\n{points_table()}\n<!-- END POINTS -->", text
    )
    text = WRITTEN.sub(
        lambda _m: f"<!-- BEGIN WRITTEN -->\n{guide_section()}\n<!-- END WRITTEN -->", text
    )
    text = DIAGNOSED.sub(
        lambda m: (
            f"<!-- BEGIN DIAGNOSED {m['nb']} -->\n{diagnosed_table(m['nb'])}\n"
            f"<!-- END DIAGNOSED {m['nb']} -->"
        ),
        text,
    )
    if BEGIN in text and MEASUREMENTS.exists():
        data = json.loads(MEASUREMENTS.read_text(encoding="utf-8"))
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = f"{head}{BEGIN}\n{measured_table(data)}\n{END}{tail}"
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.teacher_guide`` rewrites classroom/GUIDE.md."""
    GUIDE.write_text(render(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Wrote {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
