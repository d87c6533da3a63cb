"""Write the student edition: the solution notebooks with every solution region replaced by a stub.

Solution code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines (the nbgrader
convention). The student edition keeps everything else, replaces each region by a line that
raises ``NotImplementedError`` with a friendly message, and drops all outputs, so learners meet
each exercise fresh. Markdown answers can be hidden the same way between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``.

Run it with ``./course student`` (or ``python -m tools.student_edition notebooks student``); it
never overwrites a student notebook changed after generation unless given ``--force``.
"""

from __future__ import annotations

import hashlib
import json
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
# Anything that looks like a solution marker (any case, any number of #, with or without spaces,
# in an HTML comment or not): what is left of it after the real markers were stripped is a slip
# (``## BEGIN SOLUTION``, ``###BEGIN SOLUTION``, ``### begin solution``) that would leak a solution.
_NEAR_MARKER = re.compile(r"(?i)\b(?:BEGIN|END)[ \t_-]*SOLUTIONS?\b")


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

    stripped = _CODE_REGION.sub(stub, source)
    if "### BEGIN SOLUTION" in stripped or "### END SOLUTION" in stripped:
        raise ValueError(
            "A code cell has ### BEGIN SOLUTION / ### END SOLUTION markers out of order or not "
            "on lines of their own, so its solution would stay in the student edition:\n" + source
        )
    _refuse_near_markers(stripped, "code cell")
    return stripped


def _refuse_near_markers(text: str, where: str) -> None:
    """One error for anything still looking like a solution marker once the real ones are gone."""
    found = _NEAR_MARKER.search(text)
    if found is not None:
        line = text[text.rfind("\n", 0, found.start()) + 1 :].split("\n", 1)[0].strip()
        raise ValueError(
            f"A {where} has {line!r}, which looks like a solution marker but is not one (write "
            "### BEGIN SOLUTION / ### END SOLUTION in code, <!-- BEGIN SOLUTION --> / "
            "<!-- END SOLUTION --> in Markdown), so its solution would leak into the student "
            "edition."
        )


def strip_markdown_answers(source: str) -> str:
    """Replace each ``<!-- BEGIN SOLUTION -->`` … ``<!-- END SOLUTION -->`` region by a prompt.

    Examples
    --------
    >>> strip_markdown_answers("Q? <!-- BEGIN SOLUTION -->42<!-- END SOLUTION -->")
    'Q? *Your answer here.*'
    """
    stripped = _MARKDOWN_REGION.sub("*Your answer here.*", source)
    _refuse_near_markers(stripped, "Markdown cell")
    return stripped


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
        _refuse_near_markers(json.dumps(cell.get("metadata", {})), "cell's metadata")
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown_answers(cell.source)
    return copy


MANIFEST = ".student-edition.json"
"""The file, in the target folder, that lists what the generator wrote and a hash of each."""


class ChangedStudentNotebookError(RuntimeError):
    """A student notebook was changed after it was generated (a learner's work?)."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(target_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((target_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_student_edition(source_dir: Path, target_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the student edition of every ``*.ipynb`` in ``source_dir`` into ``target_dir``.

    Safe for a learner's work: it refuses to write into the solution folder itself; it removes
    only notebooks it generated earlier and nobody changed since (listed with their hash in
    ``target_dir/.student-edition.json``); and it never overwrites a notebook that differs from
    what it wrote last time unless ``force`` is true. Every solution notebook is converted
    before anything is written, so a notebook with broken markers leaves the folder as it was.

    Parameters
    ----------
    source_dir : Path
        Folder of solution notebooks.
    target_dir : Path
        Folder to write to (created if needed).
    force : bool
        Overwrite (and remove) student notebooks even if they were changed after generation.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    ValueError
        If ``target_dir`` is ``source_dir``, or a notebook's markers are unbalanced or out of order.
    ChangedStudentNotebookError
        If a notebook to overwrite or remove was changed since it was generated.
    """
    if target_dir.resolve() == source_dir.resolve():
        raise ValueError(
            f"The student edition cannot be written into {source_dir}/ itself: that would "
            "replace the solutions. Choose another folder."
        )
    sources = sorted(source_dir.glob("*.ipynb"))
    converted = {}
    for path in sources:
        try:
            converted[path.name] = student_notebook(nbformat.read(path, as_version=4))
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None
    manifest = _read_manifest(target_dir)
    changed = []
    for target in sorted(target_dir.glob("*.ipynb")):
        ours = manifest.get(target.name) == _digest(target)
        if target.name in converted:
            fresh = nbformat.writes(converted[target.name])
            fresh += "" if fresh.endswith("\n") else "\n"
            if not ours and target.read_text(encoding="utf-8") != fresh:
                changed.append(target)
        elif target.name in manifest and not ours:
            changed.append(target)
    if changed and not force:
        names = ", ".join(str(p) for p in changed)
        raise ChangedStudentNotebookError(
            f"{names} changed since the student edition was generated (your work?): copy it "
            "elsewhere, or run again with --force to overwrite it."
        )
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in manifest:
        stale = target_dir / name
        if name not in converted and stale.exists() and (force or stale not in changed):
            stale.unlink()
    written, digests = [], {}
    for name, notebook in converted.items():
        target = target_dir / name
        nbformat.write(notebook, target)
        digests[name] = _digest(target)
        written.append(target)
    (target_dir / MANIFEST).write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.student_edition SOURCE_DIR TARGET_DIR [--force]``."""
    args = sys.argv[1:] if argv is None else argv
    force = "--force" in args
    args = [a for a in args if a != "--force"]
    if len(args) != 2:
        print(
            "usage: python -m tools.student_edition SOURCE_DIR TARGET_DIR [--force]",
            file=sys.stderr,
        )
        return 2
    try:
        written = write_student_edition(Path(args[0]), Path(args[1]), force=force)
    except (ValueError, ChangedStudentNotebookError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} student notebooks to {args[1]}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
