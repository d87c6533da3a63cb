"""Every notebook in real JupyterLab, driven by headless Chromium.

For each notebook in ``notebooks/`` (copied to a temporary folder, so nothing is saved over the
committed files) the test opens it in JupyterLab, runs all cells, waits for every plotly figure
and widget to render, fails on any error output (except in cells tagged ``raises-exception``)
or JavaScript page error, moves the first control of every interactive widget cell (slider,
dropdown, toggle buttons, checkbox, or text box + button) and checks that the cell's visible
result changed. It also reads the notebook as committed, before running it, and fails on text that
means something is broken there or after the run (a widget's Python repr such as ``VBox(``,
``Error displaying widget``, a progress bar frozen at 0 %). Screenshots of the page, and of every
figure and widget after the run, go to ``screenshots/<notebook>/``: look at them.

Needs Chromium: Debian's ``chromium`` package (``.ci/run`` installs it), or set ``CHROMIUM`` to
a Chromium/Chrome executable. Without one the test is skipped locally and fails under CI.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser_support import TOKEN, accessible_nodes, api, chromium, jupyterlab, plain

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "screenshots"
RUN_TIMEOUT_S = 240
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WITHOUT_CONTROLS = {
    "04_word2vec"
}  # its widgets are progress bars; its plotly animation has its own


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on 127.0.0.1 serving a copy of the notebooks; yields its base URL."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    # every cell rendered in the DOM (no windowing)
    windowing = {"windowingMode": "none"}
    with jupyterlab(
        root, {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": windowing}
    ) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def expected_outputs(path: Path) -> tuple[int, int, set[int]]:
    """Plotly figures and widget views stored in the notebook, and code cells allowed to raise."""
    nb = nbformat.read(path, as_version=4)
    figures = widgets = 0
    may_raise = set()
    code_index = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figures += PLOTLY_MIME in data
            widgets += WIDGET_MIME in data
        if "raises-exception" in cell.metadata.get("tags", []):
            may_raise.add(code_index)
        code_index += 1
    return figures, widgets, may_raise


STATE_JS = """
() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  return cells.map(cell => ({
    prompt: (cell.querySelector('.jp-InputPrompt') || {}).innerText || '',
    errors: cell.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
    errorText: [...cell.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(e => e.innerText.slice(0, 400)).join('\\n'),
    plots: cell.querySelectorAll('.jp-OutputArea .js-plotly-plot').length,
    widgets: cell.querySelectorAll('.jp-OutputArea .jupyter-widgets').length,
    brokenWidgets: (cell.querySelector('.jp-OutputArea') || {innerText: ''}).innerText
      .includes('Error displaying widget'),
  }));
}
"""

# What a widget cell shows, minus the controls' own readouts: text of outputs and plot data.
SIGNATURE_JS = """
(cell) => {
  const area = cell.querySelector('.jp-OutputArea');
  const clone = area.cloneNode(true);
  clone.querySelectorAll('.widget-readout, .widget-label, .noUi-target, select, input, button')
    .forEach(e => e.remove());
  const plots = [...area.querySelectorAll('.js-plotly-plot')].map(p =>
    [...p.querySelectorAll('.cartesianlayer .plot, .gl-container, .polarlayer, .ternarylayer, .infolayer .g-gtitle, .scene')]
      .map(e => e.innerHTML.length + ':' + e.innerHTML.slice(0, 2000)).join('|'));
  const images = [...area.querySelectorAll('img')].map(i => i.src.slice(-200));
  return clone.innerText + '||' + plots.join('##') + '||' + images.join(',');
}
"""


BROKEN_TEXT = (
    "VBox(",
    "HBox(",
    "IntSlider(",
    "FloatProgress(",
    "Error displaying widget",
    "Error rendering output",
    "  0%|",
)
"""Rendered text that means a widget, a progress bar or an output did not display as intended."""

OUTPUT_TEXT_JS = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(cell =>
  [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => o.innerText).join('\\n'))
"""


def broken_text(texts: list[str], may_raise: set[int]) -> dict[int, str]:
    """Code cells whose rendered outputs contain one of :data:`BROKEN_TEXT` (or a traceback).

    Examples
    --------
    >>> broken_text(["ok", "VBox(children=(IntSlider(value=0),))"], set())
    {1: 'VBox('}
    >>> broken_text(["Traceback (most recent call last):"], {0})
    {}
    """
    found = {}
    for i, text in enumerate(texts):
        marks = [m for m in BROKEN_TEXT if m in text]
        if i not in may_raise and "Traceback (most recent call last)" in text:
            marks.append("Traceback")
        if marks:
            found[i] = marks[0]
    return found


def shoot_outputs(page: Any, folder: Path) -> dict[str, int]:
    """Save a screenshot of every figure, widget and check verdict on the page; count them by kind."""
    shots = {"figure": 0, "widget": 0, "verdict": 0}
    for kind, selector in (
        ("figure", ".jp-Notebook .js-plotly-plot"),
        ("widget", ".jp-OutputArea-output > .jupyter-widgets, .jp-OutputArea-output > .widget-box"),
        ("verdict", ".jp-OutputArea-output .course-verdict"),
    ):
        elements = page.locator(selector)
        for i in range(elements.count()):
            element = elements.nth(i)
            try:
                element.scroll_into_view_if_needed(timeout=5_000)
                element.screenshot(path=str(folder / f"{kind}-{i + 1:02d}.png"), timeout=10_000)
                shots[kind] += 1
            except Exception as error:  # a hidden or zero-size element cannot be shot
                (folder / f"{kind}-{i + 1:02d}.txt").write_text(str(error)[:500])
    return shots


def menu(page: Any, top: str, item: str) -> None:
    """Click a JupyterLab menu item, e.g. Run → Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def wait_until_run(page: Any, n_code: int) -> list[dict[str, Any]]:
    """Wait until every code cell has an execution count and the kernel is idle."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        state = page.evaluate(STATE_JS)
        done = [s for s in state if s["prompt"].strip().strip("[]:").isdigit()]
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0
        if len(state) == n_code and len(done) == n_code and idle:
            return state
        page.wait_for_timeout(500)
    raise AssertionError(f"Run All did not finish within {RUN_TIMEOUT_S} s: {state}")


def interact(page: Any, cell: Any) -> str | None:
    """Move the cell's first control; return a description of what was done, or None."""
    slider = cell.locator(".noUi-handle").first
    if slider.count():
        slider.focus()
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        return "moved a slider"
    select = cell.locator(".jp-OutputArea select").first
    if select.count():
        options = select.locator("option")
        current = select.input_value()
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        other = next(v for v in values if v != current)
        select.select_option(other)
        return f"chose {other!r} in a dropdown"
    toggles = cell.locator(".widget-toggle-buttons button:not(.mod-active)")
    if toggles.count():
        toggles.first.click()
        return "clicked a toggle button"
    text = cell.locator(".jp-OutputArea .widget-text input[type=text]").first
    if text.count():
        example = text.get_attribute("placeholder") or ""
        assert example, "text boxes need a placeholder with an example query for this test"
        text.fill(example)
        buttons = cell.locator(".jp-OutputArea button.jupyter-button:not(.widget-toggle-button)")
        if buttons.count():
            buttons.first.click()
        else:
            text.press("Enter")
        return f"typed {example!r}"
    number = cell.locator(".jp-OutputArea .widget-text input[type=number]").first
    if number.count():
        number.focus()
        page.keyboard.press("ArrowUp")  # a spin button steps by one, as a learner's arrow key does
        number.press("Enter")
        return "stepped a number box"
    checkbox = cell.locator(".jp-OutputArea .widget-checkbox input[type=checkbox]").first
    if checkbox.count():
        checkbox.click()
        return "clicked a checkbox"
    return None


SLIDERS_WITHOUT_NAME: dict[str, int] = {}
"""Sliders left in each notebook that a screen reader announces without a name (2026-12-07).

ipywidgets' sliders (noUiSlider) cannot be named: their ``description`` is a ``<label>`` not tied
to the slider handle, and a ``SelectionSlider`` announces the position's index, not the option
shown. A labelled ``Dropdown`` (01, 02, 03) or ``BoundedIntText`` (09) has neither problem.
Only ever lowered: none is left."""

CONTROLS = {
    "combobox": ".jp-OutputArea select",
    "slider": ".jp-OutputArea [role=slider]",
    "textbox": ".jp-OutputArea .widget-text input[type=text]",
    "number box": ".jp-OutputArea .widget-text input[type=number]",
}

# What each control shows on screen: a menu its selected option, a slider its readout.
SHOWN_JS = """
(el) => {
  if (el.tagName === 'SELECT') return el.selectedOptions.length ? el.selectedOptions[0].text : '';
  if (el.tagName === 'INPUT') return el.value;
  const widget = el.closest('.widget-slider');
  const readout = widget && widget.querySelector('.widget-readout');
  return readout ? readout.innerText : '';
}
"""


def announced_controls(page: Any) -> list[dict[str, str]]:
    """Every menu, slider and text box in the outputs: what a screen reader announces, what shows."""
    found = []
    for kind, selector in CONTROLS.items():
        shown = page.locator(selector).evaluate_all(f"els => els.map({SHOWN_JS})")
        for (role, name, value), text in zip(accessible_nodes(page, selector), shown, strict=True):
            found.append({"kind": kind, "role": role, "name": name, "value": value, "shown": text})
    return found


def figure_texts(page: Any) -> list[tuple[str, str, str]]:
    """Each plotly figure's title, its pictures' accessible names, and its accessibility snapshot.

    In JupyterLab a figure is plotly's SVG layers (role ``img``) inside plain ``div``s: the
    pictures' names are empty, their text (title, axis titles, ticks) sits inside them.
    """
    figures = page.locator(".jp-OutputArea .js-plotly-plot")
    titles = figures.evaluate_all(
        "els => els.map(gd => { const t = (gd.layout || {}).title;"
        " return typeof t === 'string' ? t : ((t || {}).text || ''); })"
    )
    pictures = ".jp-OutputArea .js-plotly-plot svg.main-svg"
    owner = page.locator(pictures).evaluate_all(
        "els => els.map(svg => [...document.querySelectorAll('.jp-OutputArea .js-plotly-plot')]"
        ".indexOf(svg.closest('.js-plotly-plot')))"
    )
    names = [""] * len(titles)
    for index, (_, name, _) in zip(owner, accessible_nodes(page, pictures), strict=True):
        names[index] += name
    return [(title, names[i], figures.nth(i).aria_snapshot()) for i, title in enumerate(titles)]


def check_announced(stem: str, controls: list[dict[str, str]]) -> None:
    """Controls have a name and announce the value they show; sliders as allowed above."""
    for control in controls:
        shown = plain(control["shown"])
        assert plain(control["value"]) == shown, (
            f"announces {control['value']!r}, shows {shown!r}: {control}"
        )
        if control["kind"] != "slider":
            assert control["name"].strip(), f"a {control['kind']} has no accessible name: {control}"
    unnamed = sum(c["kind"] == "slider" and not c["name"].strip() for c in controls)
    allowed = SLIDERS_WITHOUT_NAME.get(stem, 0)
    assert unnamed <= allowed, f"{unnamed} sliders without an accessible name (allowed {allowed})"
    assert unnamed == allowed, f"{unnamed} unnamed sliders: lower SLIDERS_WITHOUT_NAME to {unnamed}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(path: Path, lab: str, browser: Any) -> None:
    for session in api(lab, "/api/sessions"):
        api(lab, f"/api/sessions/{session['id']}", method="DELETE")
    figures, widget_views, may_raise = expected_outputs(path)
    n_code = sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto(f"{lab}/lab/tree/notebooks/{path.name}?reset&token={TOKEN}")
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000
        )
        page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=120_000)
        # the notebook as committed, before anything runs: what a learner sees on opening it
        page.wait_for_timeout(1_000)
        stored = broken_text(page.evaluate(OUTPUT_TEXT_JS), may_raise)
        folder = SCREENSHOTS / path.stem
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        page.screenshot(path=str(folder / "page-before-run.png"), full_page=False)
        assert not stored, f"the committed notebook shows broken output in code cells {stored}"
        menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length === 0"
        )
        menu(page, "Run", "Run All Cells")
        state = wait_until_run(page, n_code)

        # every figure and widget rendered
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = page.evaluate(STATE_JS)
            plots = sum(s["plots"] for s in state)
            views = sum(s["widgets"] > 0 for s in state)
            if plots >= figures and views >= min(widget_views, 1):
                break
            page.wait_for_timeout(500)
        assert sum(s["plots"] for s in state) >= figures, "not every plotly figure rendered"
        assert not any(s["brokenWidgets"] for s in state), "a widget failed to display"

        errors = {
            i: s["errorText"] for i, s in enumerate(state) if s["errors"] and i not in may_raise
        }
        assert not errors, f"error output in code cells {errors}"
        broken = broken_text(page.evaluate(OUTPUT_TEXT_JS), may_raise)
        assert not broken, f"broken output after Run All in code cells {broken}"
        shots = shoot_outputs(page, folder)
        assert shots["figure"] >= figures, f"{shots['figure']} of {figures} figures photographed"

        # move the first control of every interactive widget cell
        cells = page.locator(".jp-Notebook .jp-CodeCell")
        moved = 0
        for i in range(cells.count()):
            cell = cells.nth(i)
            if not cell.locator(".jp-OutputArea .jupyter-widgets").count():
                continue
            cell.scroll_into_view_if_needed()
            before = cell.evaluate(SIGNATURE_JS)
            action = interact(page, cell)
            if action is None:  # e.g. a finished progress bar
                continue
            deadline = time.monotonic() + 15
            after = before
            while after == before and time.monotonic() < deadline:
                page.wait_for_timeout(300)
                after = cell.evaluate(SIGNATURE_JS)
            assert after != before, f"code cell {i}: {action} but the visible result did not change"
            moved += 1
        if path.stem not in WITHOUT_CONTROLS:
            assert moved, "no interactive widget was found to move"

        # what a screen reader announces (after the moves, so values must have followed)
        check_announced(path.stem, announced_controls(page))
        for title, names, snapshot in figure_texts(page):
            # JupyterLab's plotly renderer names no figure (evidence: the first assertion, which
            # fails once it does); the title is at least in the tree, inside an unnamed picture
            assert not names.strip(), f"figure {title!r} is now named {names!r}: assert the name"
            assert title.strip(), "a plotly figure has no title"
            assert plain(title) in plain(snapshot), f"title {title!r} not in the tree: {snapshot}"
        assert not page_errors, f"JavaScript errors: {page_errors}"
    finally:
        (SCREENSHOTS / path.stem).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / path.stem / "page.png"), full_page=False)
        page.close()
