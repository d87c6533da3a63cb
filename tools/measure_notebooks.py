"""Measure every notebook for planning a lab or a JupyterHub: time per section, memory, CPU.

``python -m tools.measure_notebooks [NOTEBOOK ...]`` executes each notebook in a fresh kernel (as
``./course execute`` does, but writing nothing back), times every cell, adds up the core and each
``Deep dive (optional)`` section, and reads the kernel's peak resident memory and CPU time at the
end, each notebook from an empty data cache (its first run). The figures go to ``classroom/measurements.json``; ``classroom/GUIDE.md`` shows them in its
measured table (regenerate it with ``--guide``). Run it on a quiet machine: timings are wall-clock.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from helpers.datafiles import CACHE_ENV
from tools.notebook_core import is_deep_dive_start, markdown_words
from tools.run_notebooks import CELL_TIMEOUT_SECONDS, KERNELSPEC

ROOT = Path(__file__).resolve().parents[1]

MEASUREMENTS = ROOT / "classroom" / "measurements.json"
GUIDE = ROOT / "classroom" / "GUIDE.md"
BEGIN, END = "<!-- BEGIN MEASURED -->", "<!-- END MEASURED -->"

USAGE_CELL = """
import json as _json, os as _os, psutil as _psutil
_p = _psutil.Process(_os.getpid())
_t = _p.cpu_times()
_peak = getattr(_p.memory_info(), "peak_wset", None)
if _peak is None:
    import resource as _resource
    _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss * (1 if _os.uname().sysname == "Darwin" else 1024)
print("[usage]" + _json.dumps({"peak_bytes": int(_peak), "cpu_s": _t.user + _t.system}))
"""


def sections(notebook: nbformat.NotebookNode) -> list[str]:
    """The section each cell belongs to: ``"core"`` or the title of its deep dive.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"),
    ...     nbformat.v4.new_markdown_cell("## Deep dive (optional): more"),
    ...     nbformat.v4.new_code_cell("2"), nbformat.v4.new_markdown_cell("## Summary")])
    >>> sections(nb)
    ['core', 'more', 'more', 'core']
    """
    names, current = [], "core"
    for cell in notebook.cells:
        if is_deep_dive_start(cell):
            current = cell.source.lstrip().splitlines()[0].split(":", 1)[-1].strip() or "deep dive"
        elif cell.cell_type == "markdown" and cell.source.lstrip().startswith("## "):
            current = "core"
        names.append(current)
    return names


def _seconds(cell: nbformat.NotebookNode) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return 0.0
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def measure(path: Path) -> dict[str, Any]:
    """Execute ``path`` in a fresh kernel and return its measurements (nothing is written).

    The kernel starts with an empty data cache (``$EMBEDDINGS_COURSE_CACHE`` set to a new
    temporary folder), as a learner's first run and every kernel of a new JupyterHub do: the
    peak memory is then the one a hub must plan for (parsing the Wikipedia sample included).
    """
    notebook = nbformat.read(path, as_version=4)
    names = sections(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(USAGE_CELL))
    notebook.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    before = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="course-cache-") as empty_cache:
        os.environ[CACHE_ENV] = empty_cache  # the kernel inherits it
        try:
            start = time.perf_counter()
            client.execute()
            wall = time.perf_counter() - start
        finally:
            if before is None:
                del os.environ[CACHE_ENV]
            else:
                os.environ[CACHE_ENV] = before
    usage_text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    usage = json.loads(usage_text.split("[usage]", 1)[1])
    per_section: dict[str, float] = {}
    for name, cell in zip(names, notebook.cells, strict=False):
        if cell.cell_type == "code":
            per_section[name] = per_section.get(name, 0.0) + _seconds(cell)
    solutions = {name: 0 for name in per_section}
    for name, cell in zip(names, notebook.cells, strict=False):
        if cell.cell_type == "code":
            solutions[name] += cell.source.count("### BEGIN SOLUTION")
    core_cells = [c for n, c in zip(names, notebook.cells, strict=False) if n == "core"]
    return {
        "core_s": round(per_section.pop("core", 0.0), 1),
        "deep_dives_s": {k: round(v, 1) for k, v in per_section.items()},
        "kernel_wall_s": round(wall, 1),
        "cpu_s": round(usage["cpu_s"], 1),
        "peak_memory_mb": round(usage["peak_bytes"] / 2**20),
        "core_words": markdown_words(nbformat.v4.new_notebook(cells=core_cells)),
        "core_exercises": solutions.pop("core", 0),
        "deep_dive_exercises": sum(solutions.values()),
    }


def measured_table(data: dict[str, Any]) -> str:
    """The Markdown table of the guide's measured section, from ``measurements.json``'s data.

    Examples
    --------
    >>> print(measured_table({"machine": "m", "notebooks": {"01_a": {"core_s": 1.0,
    ...     "deep_dives_s": {"x": 2.0}, "kernel_wall_s": 5.0, "cpu_s": 4.0,
    ...     "peak_memory_mb": 300, "core_words": 900, "core_exercises": 3,
    ...     "deep_dive_exercises": 0}}}))  # doctest: +NORMALIZE_WHITESPACE
    Measured on m (executing the cells; a learner's reading and writing time is in the guide's timings).
    <BLANKLINE>
    | notebook | core: cells run in | deep dives: cells run in | kernel start to end | CPU time | peak memory | core words | exercises (core + deep dives) |
    |---|---|---|---|---|---|---|---|
    | 01_a | 1.0 s | x 2.0 s | 5.0 s | 4.0 s | 300 MB | 900 | 3 + 0 |
    """
    lines = [
        f"Measured on {data['machine']} (executing the cells; a learner's reading and writing "
        "time is in the guide's timings).",
        "",
        "| notebook | core: cells run in | deep dives: cells run in | kernel start to end | "
        "CPU time | peak memory | core words | exercises (core + deep dives) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, m in data["notebooks"].items():
        dives = "; ".join(f"{k} {v:.1f} s" for k, v in m["deep_dives_s"].items()) or "—"
        lines.append(
            f"| {name} | {m['core_s']:.1f} s | {dives} | {m['kernel_wall_s']:.1f} s | "
            f"{m['cpu_s']:.1f} s | {m['peak_memory_mb']} MB | {m['core_words']} | "
            f"{m['core_exercises']} + {m['deep_dive_exercises']} |"
        )
    return "\n".join(lines)


def write_guide_table(data: dict[str, Any], guide: Path = GUIDE) -> None:
    """Replace the guide's text between the measured markers by :func:`measured_table`."""
    text = guide.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    guide.write_text(f"{head}{BEGIN}\n{measured_table(data)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.measure_notebooks [--guide] [NOTEBOOK ...]``."""
    args = sys.argv[1:] if argv is None else argv
    guide_only = args == ["--guide"]
    paths = [Path(a) for a in args if a != "--guide"] or sorted(
        (ROOT / "notebooks").glob("*.ipynb")
    )
    data = json.loads(MEASUREMENTS.read_text()) if MEASUREMENTS.exists() else {"notebooks": {}}
    if not guide_only:
        for path in paths:
            data["notebooks"][path.stem] = measure(path)
            print(path.stem, data["notebooks"][path.stem], flush=True)
        data["machine"] = (
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}"
        )
        data["notebooks"] = dict(sorted(data["notebooks"].items()))
        MEASUREMENTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if GUIDE.exists() and BEGIN in GUIDE.read_text(encoding="utf-8"):
        write_guide_table(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
