"""Check verdicts are readable in JupyterLab's light and dark themes (WCAG AA, 4.5:1).

A notebook with a pass, a fail and a not-done verdict, stored as the course stores them, is opened
in real JupyterLab (headless Chromium) under each theme; the contrast of the verdict's text and of
its label against the box's background is computed from the browser's computed styles, once as
opened (stored outputs) and once after running the cell (fresh outputs, which must also carry
``role="status"`` so that screen readers announce them). Set ``SCREENS`` to a
folder to keep a screenshot of each theme.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser_support import TOKEN, chromium, jupyterlab

from helpers.exercises.checks import Verdict, VerdictBox

pytestmark = pytest.mark.browser

THEMES = ("JupyterLab Light", "JupyterLab Dark")
AA = 4.5
CODE = """from IPython.display import display
from helpers.exercises.checks import Verdict, VerdictBox
for status, message in [("pass", "✅ Exercise 9.9 demo passed."),
                        ("fail", "❌ Exercise 9.9 demo: not right yet."),
                        ("todo", "⏳ Exercise 9.9 demo: not done yet.")]:
    display(VerdictBox(Verdict("9.9 demo", status, message)))"""


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0–255 channels.

    >>> relative_luminance((255, 255, 255)), relative_luminance((0, 0, 0))
    (1.0, 0.0)
    """
    linear = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb(...)`` colours (as ``getComputedStyle`` gives them).

    >>> round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1)
    21.0
    >>> round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2)  # WCAG's AA grey
    4.54
    """
    channels = [[float(x) for x in re.findall(r"[\d.]+", c)[:3]] for c in (a, b)]
    la, lb = sorted(relative_luminance((r, g, b_)) for r, g, b_ in channels)
    return (lb + 0.05) / (la + 0.05)


COLOURS_JS = """
() => {
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  return [...document.querySelectorAll('.jp-OutputArea-output .course-verdict')].map(box => ({
    text: getComputedStyle(box).color,
    label: getComputedStyle(box.querySelector('b') || box).color,
    background: background(box),
    role: box.getAttribute('role'),
  }));
}
"""


@pytest.fixture(scope="module", params=THEMES)
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on 127.0.0.1 in one theme, serving a notebook of stored verdicts."""
    theme = request.param
    root = tmp_path_factory.mktemp("contrast")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(CODE)
    for status in ("pass", "fail", "todo"):
        box = VerdictBox(Verdict("9.9 demo", status, f"Exercise 9.9 demo: {status}."))
        data = {"text/html": box._repr_html_(), "text/plain": repr(box)}
        cell.outputs.append(nbformat.v4.new_output("display_data", data))
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)"}
    nbformat.write(nb, root / "verdicts.ipynb")
    theme_setting = {"@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": theme}}
    with jupyterlab(root, theme_setting) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def assert_readable(boxes: list[dict[str, str]], when: str, *, announced: bool) -> None:
    assert len(boxes) == 3, f"{when}: {len(boxes)} verdicts shown, 3 expected"
    for box in boxes:
        for part in ("text", "label"):
            ratio = contrast(box[part], box["background"])
            assert ratio >= AA, f"{when}: verdict {part} {box} has contrast {ratio:.2f}:1 < {AA}"
        if announced:
            assert box["role"] == "status", f"{when}: a verdict is not announced (role=status)"


def test_verdicts_readable_in_theme(lab: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    try:
        page.goto(f"{lab}/lab/tree/verdicts.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-OutputArea-output .course-verdict", timeout=120_000)
        page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=120_000)
        # stored outputs of an untrusted notebook are sanitised (no role attribute): they are
        # not new, so there is nothing to announce
        assert_readable(page.evaluate(COLOURS_JS), "as stored", announced=False)
        theme = page.evaluate("() => document.body.dataset.jpThemeName")
        page.locator(".jp-Notebook .jp-CodeCell").first.click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-InputPrompt')]"
            ".some(p => /\\[\\d+\\]/.test(p.innerText))",
            timeout=120_000,
        )
        page.wait_for_selector(".jp-OutputArea-output .course-verdict", timeout=60_000)
        assert_readable(page.evaluate(COLOURS_JS), f"after running, {theme}", announced=True)
        screens = os.environ.get("SCREENS")
        if screens:
            Path(screens).mkdir(parents=True, exist_ok=True)
            name = str(theme).lower().replace(" ", "-")
            page.screenshot(path=str(Path(screens) / f"verdicts-{name}.png"))
    finally:
        page.close()
