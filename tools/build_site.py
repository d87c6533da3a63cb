"""Build the website edition: the executed solution notebooks as a static, offline website.

``./course site`` (or ``python -m tools.build_site [OUTDIR]``) copies ``notebooks/*.ipynb`` into a
staging folder, prepares each copy for the web (below), and runs Sphinx with myst-nb (execution
off: the stored outputs are shown as they are) and sphinx-book-theme, configured in
``tools/site/conf.py``. The site lands in ``build/site/`` (git-ignored); open
``build/site/index.html`` or serve the folder with ``python -m http.server -d build/site``.

What the staging does to each copy (the committed notebooks are never changed):

- every stored plotly figure (``application/vnd.plotly.v1+json``, JSON only) becomes a small
  HTML block that ``_static/course-site.js`` draws with the plotly.js of the installed plotly
  package, so the figure is interactive and drawn by the version that made it, with the course's
  one figure config (``helpers.plots.style.FIGURE_CONFIG``) unless the figure stores its own;
- each code cell with a ``### BEGIN SOLUTION`` region is folded behind "Show the solution";
- a note under the title says how to open the page in JupyterLab (and on Binder) and links the
  original ``.ipynb`` for download.

MathJax comes from the ``jupyter-server-mathjax`` package, plotly.js from ``plotly``: building
and reading the site need no network. Sphinx runs with ``-W``: an output type the site cannot
show (myst-nb's "skipping unknown output mime type") fails the build instead of vanishing.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat

from helpers.plots.style import FIGURE_CONFIG

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CONF = ROOT / "tools" / "site"
DEFAULT_OUT = ROOT / "build" / "site"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SOLUTION_MARK = "### BEGIN SOLUTION"
BINDER = "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/student/{name}"


def figure_html(figure: dict[str, Any]) -> str:
    """The HTML block that stands for one stored plotly figure on the website.

    The figure's JSON goes into a ``<script type="application/json">`` element with every ``<``
    written as ``\\u003c``, so no string inside the figure (a label ``"</script>"``, say) can
    end the element early; ``course-site.js`` parses it and draws the figure in the ``div``
    before it. The ``div`` is named for screen readers by the figure's title.

    Parameters
    ----------
    figure : dict
        The stored ``application/vnd.plotly.v1+json`` data (``data``, ``layout``, maybe
        ``config``).

    Returns
    -------
    str
        The HTML.

    Examples
    --------
    >>> block = figure_html({"data": [{"text": ["</script>"]}], "layout": {"title": "x < y"}})
    >>> block.count("</script>")
    1
    >>> 'aria-label="Interactive figure: x &lt; y"' in block
    True
    """
    title = figure_title(figure)
    label = f"Interactive figure: {title}" if title else "Interactive figure"
    data = json.dumps(figure, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<div class="course-plotly" role="figure" aria-label="{html.escape(label)}"></div>\n'
        f'<script type="application/json" class="course-plotly-data">{data}</script>\n'
    )


def figure_title(figure: dict[str, Any]) -> str:
    """The plain text of a figure's title (HTML tags removed), or ``""`` if it has none.

    Examples
    --------
    >>> figure_title({"layout": {"title": {"text": "Cosine <b>by</b> rank"}}})
    'Cosine by rank'
    >>> figure_title({"layout": {}}), figure_title({"layout": {"title": "Plain"}})
    ('', 'Plain')
    """
    title = figure.get("layout", {}).get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return re.sub(r"<[^>]+>", "", text or "").strip()


def fold_solution(cell: dict[str, Any]) -> bool:
    """Fold a code cell holding a ``### BEGIN SOLUTION`` region behind "Show the solution".

    Sets myst-nb's ``hide-input`` tag and its prompts; returns whether the cell was folded.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION")
    >>> fold_solution(cell), cell.metadata.tags, cell.metadata.mystnb["code_prompt_show"]
    (True, ['hide-input'], 'Show the solution')
    >>> fold_solution(nbformat.v4.new_code_cell("x = 1"))
    False
    """
    if cell.get("cell_type") != "code" or SOLUTION_MARK not in cell.get("source", ""):
        return False
    metadata = cell.setdefault("metadata", {})
    tags = metadata.setdefault("tags", [])
    if "hide-input" not in tags:
        tags.append("hide-input")
    metadata["mystnb"] = {
        "code_prompt_show": "Show the solution",
        "code_prompt_hide": "Hide the solution",
    }
    return True


def open_note(name: str) -> str:
    """The Markdown note under each page's title: how to run the page yourself.

    Examples
    --------
    >>> note = open_note("05_geometry.ipynb")
    >>> "student/05_geometry.ipynb" in note and "_originals/05_geometry.ipynb" in note
    True
    """
    return (
        "```{admonition} Run this page yourself\n"
        ":class: tip course-open\n"
        "This is the website edition: the notebook with its stored outputs, solutions folded. "
        "Controls (sliders, menus) move only in a running notebook.\n\n"
        f"- **JupyterLab:** in a copy of the course run `./course lab` "
        f"(Windows: `py course.py lab`), then open `student/{name}` (exercises to fill in) or "
        f"`notebooks/{name}` (this edition, with solutions).\n"
        f"- **Download:** {{download}}`{name} <_originals/{name}>` (the solution edition, "
        "with outputs).\n"
        f"- **Binder:** `{BINDER.format(name=name)}`, a placeholder until the course is "
        "published: replace `OWNER/REPO` with its GitHub path (see the README).\n"
        "```\n"
    )


def prepare(nb: Any, name: str) -> dict[str, int]:
    """Prepare one notebook (in place) for the website; count what was changed.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("f()")]
    >>> nb.cells[1].outputs = [nbformat.v4.new_output("display_data", {PLOTLY_MIME: {"data": []}})]
    >>> prepare(nb, "00_x.ipynb")
    {'figures': 1, 'solutions': 0}
    >>> sorted(nb.cells[2].outputs[0].data)
    ['text/html']
    """
    counts = {"figures": 0, "solutions": 0}
    for cell in nb.cells:
        counts["solutions"] += fold_solution(cell)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                figure = {"config": FIGURE_CONFIG, **data[PLOTLY_MIME]}
                output["data"] = {"text/html": figure_html(figure)}
                counts["figures"] += 1
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(open_note(name)))
    return counts


def notebook_title(nb: Any) -> str:
    """The text of a notebook's first ``# `` heading.

    Examples
    --------
    >>> notebook_title(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00 · Hi")]))
    '00 · Hi'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("A notebook has no '# ' title heading.")


def index_page(titles: dict[str, str]) -> str:
    """The site's front page (MyST Markdown): what the course is, how to run it, the notebooks.

    Examples
    --------
    >>> page = index_page({"00_welcome": "00 · Welcome: embeddings from scratch"})
    >>> "| 00 | [Welcome: embeddings from scratch](00_welcome.ipynb) |" in page
    True
    """
    rows = []
    for stem, title in titles.items():
        number, _, rest = title.partition(" · ")
        rows.append(f"| {number} | [{rest or title}]({stem}.ipynb) |")
    toctree = "\n".join(f"{stem}.ipynb" for stem in titles)
    return f"""# Embeddings from scratch

An interactive Jupyter course that walks you from a **one-hot vector** (huge, sparse,
meaningless) through a **learned projection** into a small dense space, to **analogy arithmetic**
(`king − man + woman ≈ queen`) and to **token embeddings inside a language model**. You build
each step yourself in NumPy, on real data, offline once installed.

This website shows every notebook as executed, with its stored outputs: interactive figures,
the verdicts of the checks, and the solutions folded behind "Show the solution" so that you can
try first. Sliders and menus move only in a running notebook.

## Run it on your computer

You need Python 3.11 or newer on Linux, macOS or Windows (about 1.5 GB of disk). In a copy of the
course:

```sh
./course lab     # first time: creates .venv and installs the course, then opens JupyterLab
```

On Windows: `py course.py lab`. The exercises to fill in are in `student/`; the solution edition
shown here is in `notebooks/`. Each page also links its notebook for download.

## The notebooks

| # | Notebook |
| --- | --- |
{chr(10).join(rows)}

```{{toctree}}
:hidden:
:maxdepth: 1

{toctree}
```
"""


def stage(notebooks: Path, staging: Path) -> dict[str, dict[str, int]]:
    """Write the Sphinx source folder: prepared notebooks, originals, index page, static files."""
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "_originals").mkdir(parents=True)
    static = staging / "_vendor"
    static.mkdir()
    import jupyter_server_mathjax
    import plotly

    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", static / "mathjax")
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", static)
    titles, counts = {}, {}
    for path in sorted(notebooks.glob("*.ipynb")):
        shutil.copy(path, staging / "_originals" / path.name)
        nb = nbformat.read(path, as_version=4)
        titles[path.stem] = notebook_title(nb)
        counts[path.stem] = prepare(nb, path.name)
        nbformat.write(nb, staging / path.name)
    (staging / "index.md").write_text(index_page(titles), encoding="utf-8")
    return counts


def build(out: Path = DEFAULT_OUT, notebooks: Path = NOTEBOOKS) -> None:
    """Stage the notebooks and run Sphinx (``-W``: any warning fails the build) into ``out``."""
    started = time.perf_counter()
    staging = out.parent / f"{out.name}-source"
    counts = stage(notebooks, staging)
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    env = dict(os.environ, COURSE_SITE_VENDOR=str(staging / "_vendor"))
    command += ["-c", str(CONF), str(staging), str(out)]
    status = subprocess.call(command, cwd=ROOT, env=env)
    if status != 0:
        raise SystemExit(status)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    figures = sum(c["figures"] for c in counts.values())
    print(
        f"Website: {len(counts)} notebooks, {figures} figures, {size / 1e6:.1f} MB in "
        f"{time.perf_counter() - started:.0f} s -> {out / 'index.html'}"
    )


def main(argv: list[str]) -> None:
    if argv and argv[0] in {"-h", "--help"}:
        print(__doc__)
        return
    build(Path(argv[0]).resolve() if argv else DEFAULT_OUT)


if __name__ == "__main__":
    main(sys.argv[1:])
