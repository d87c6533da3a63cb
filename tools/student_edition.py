"""Write the student edition: the solution notebooks with every solution region replaced by a stub.

Solution code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines (the nbgrader
convention). The student edition keeps everything else, replaces each region by a line that
raises ``NotImplementedError`` with a friendly message, and drops all outputs, so learners meet
each exercise fresh. Markdown answers can be hidden the same way between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``.

Run it with ``./course student`` (or ``python -m helpers.student_edition notebooks student``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

STUB_MESSAGE = "Exercise: replace this line with your code, then run the check cell below."
_CODE_REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(?:\n|$)",
    re.MULTILINE | re.DOTALL,
)
_MARKDOWN_REGION = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.DOTALL)


def strip_solutions(source: str) -> str:
    """Replace each solution region of a code cell by a stub that raises NotImplementedError.

    Parameters
    ----------
    source : str
        The code cell's source.

    Returns
    -------
    str
        The source with every ``### BEGIN SOLUTION`` … ``### END SOLUTION`` region replaced.

    Examples
    --------
    >>> code = "def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION\\n"
    >>> print(strip_solutions(code))
    def f(x):
        # YOUR CODE HERE
        raise NotImplementedError("Exercise: replace this line with your code, then run the check cell below.")
    <BLANKLINE>
    """
    if source.count("### BEGIN SOLUTION") != source.count("### END SOLUTION"):
        raise ValueError(
            "A code cell has unbalanced ### BEGIN SOLUTION / ### END SOLUTION markers."
        )

    def stub(match: re.Match[str]) -> str:
        indent = match.group("indent")
        return f'{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError("{STUB_MESSAGE}")\n'

    return _CODE_REGION.sub(stub, source)


def strip_markdown_answers(source: str) -> str:
    """Replace each ``<!-- BEGIN SOLUTION -->`` … ``<!-- END SOLUTION -->`` region by a prompt.

    Examples
    --------
    >>> strip_markdown_answers("Q? <!-- BEGIN SOLUTION -->42<!-- END SOLUTION -->")
    'Q? *Your answer here.*'
    """
    return _MARKDOWN_REGION.sub("*Your answer here.*", source)


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of a solution notebook as the student edition: no solutions, no outputs.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A solution notebook (nbformat 4).

    Returns
    -------
    nbformat.NotebookNode
        A new notebook; the input is not changed.
    """
    copy = nbformat.from_dict(notebook)
    copy.metadata.pop("widgets", None)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown_answers(cell.source)
    return copy


def write_student_edition(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write the student edition of every ``*.ipynb`` in ``source_dir`` into ``target_dir``.

    Parameters
    ----------
    source_dir : Path
        Folder of solution notebooks.
    target_dir : Path
        Folder to write to (created if needed); stale notebooks in it are removed.

    Returns
    -------
    list of Path
        The notebooks written.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    sources = sorted(source_dir.glob("*.ipynb"))
    names = {path.name for path in sources}
    for stale in target_dir.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    written = []
    for path in sources:
        notebook = student_notebook(nbformat.read(path, as_version=4))
        target = target_dir / path.name
        nbformat.write(notebook, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.student_edition SOURCE_DIR TARGET_DIR``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m helpers.student_edition SOURCE_DIR TARGET_DIR", file=sys.stderr)
        return 2
    written = write_student_edition(Path(args[0]), Path(args[1]))
    print(f"Wrote {len(written)} student notebooks to {args[1]}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
