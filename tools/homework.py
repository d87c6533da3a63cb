"""Write the student edition of the homework from the teacher edition.

    python -m tools.homework      # classroom/homework/teacher/*.md -> classroom/homework/student/*.md

The teacher edition is the one source: every task's model answer and rubric sit between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` (HTML comments, invisible when the
Markdown is rendered). The student edition replaces each such block by *Your answer here.*,
exactly as the notebooks' student edition does for Markdown answers, and ends with the
notebook's written questions (``classroom/written/``, :mod:`tools.written`), without their
answers: the self-paced learner's copy of what the classroom edition asks at the end of the
notebook. A test checks that the student edition is in sync.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.student_edition import strip_markdown_answers
from tools.written import WRITTEN, student_section

HOMEWORK = Path(__file__).resolve().parent.parent / "classroom" / "homework"


def student_homework(teacher_text: str) -> str:
    """The student edition of one homework sheet: every answer block replaced by a prompt.

    Examples
    --------
    >>> student_homework("Task?\\n<!-- BEGIN SOLUTION -->\\n42\\n<!-- END SOLUTION -->\\n")
    'Task?\\n*Your answer here.*\\n'
    """
    return strip_markdown_answers(teacher_text)


def student_editions(folder: Path = HOMEWORK, written: Path = WRITTEN) -> dict[str, str]:
    """File name -> student text for every teacher sheet in ``folder/teacher``, each followed by
    its notebook's written questions (from ``written``)."""
    return {
        path.name: student_homework(path.read_text(encoding="utf-8"))
        + student_section(path.stem, written)
        for path in sorted((folder / "teacher").glob("*.md"))
    }


def write_student_editions(folder: Path = HOMEWORK) -> list[Path]:
    """Write ``folder/student/*.md`` from ``folder/teacher/*.md``; remove stale student sheets."""
    target = folder / "student"
    target.mkdir(parents=True, exist_ok=True)
    sheets = student_editions(folder)
    for stale in target.glob("*.md"):
        if stale.name not in sheets:
            stale.unlink()
    written = []
    for name, text in sheets.items():
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.homework [HOMEWORK_DIR]``."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else HOMEWORK
    written = write_student_editions(folder)
    print(f"Wrote {len(written)} student homework sheets to {folder / 'student'}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
