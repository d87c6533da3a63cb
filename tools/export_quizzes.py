"""Export the quiz bank as plain Markdown for a learning-management system.

    python -m tools.export_quizzes [OUTDIR]     # default: classroom/quizzes

Writes one ``NN_name.md`` per quiz (questions, lettered choices, an answer key with a one-line
explanation each) from ``src/helpers/exercises/quizzes/*.toml``, and removes stale files. A test
checks that ``classroom/quizzes/`` is in sync with the bank.
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.exercises.quiz import quiz_markdown, quiz_names

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "classroom" / "quizzes"


def exported_quizzes() -> dict[str, str]:
    """File name → Markdown text for every quiz in the bank."""
    return {f"{name}.md": quiz_markdown(name) for name in quiz_names()}


def write_quizzes(target: Path) -> list[Path]:
    """Write every quiz as Markdown into ``target`` (created if needed); remove stale ``*.md``."""
    target.mkdir(parents=True, exist_ok=True)
    files = exported_quizzes()
    for stale in target.glob("*.md"):
        if stale.name not in files and stale.name != "README.md":
            stale.unlink()
    written = []
    for name, text in files.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.export_quizzes [OUTDIR]``."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DEFAULT_DIR
    written = write_quizzes(target)
    print(f"Wrote {len(written)} quizzes to {target}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
