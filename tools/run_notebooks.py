"""Re-execute notebooks in place so their stored outputs are exactly what a fresh run gives.

Each notebook runs in a fresh kernel of this environment, from its own folder, with a cell
timeout, without timing metadata and without stored widget state (which would add megabytes of
JavaScript and change on every run). ``./course execute`` runs every notebook in ``notebooks/``;
name notebooks to run only those.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT_SECONDS = 180
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute_notebook(path: Path, *, timeout: int = CELL_TIMEOUT_SECONDS) -> nbformat.NotebookNode:
    """Execute a notebook from a fresh kernel and return it, without writing it.

    Parameters
    ----------
    path : Path
        The notebook to run; it runs with its own folder as the working directory.
    timeout : int
        Seconds any one cell may take.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook, with widget state and execution timings removed.
    """
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC  # JupyterLab asks for a kernel without it
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    notebook.metadata.pop("jupytext", None)  # left by notebooks authored as py:percent
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.run_notebooks [NOTEBOOK ...]``."""
    parser = argparse.ArgumentParser(
        prog="course execute",
        description="Re-execute notebooks in place (all of notebooks/ when none is named).",
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run")
    paths = parser.parse_args(argv).notebooks or sorted(Path("notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        parser.error(f"not a notebook file: {', '.join(missing)}")
    for path in paths:
        start = time.perf_counter()
        notebook = execute_notebook(path)
        nbformat.write(notebook, path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
