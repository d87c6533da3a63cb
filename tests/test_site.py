"""The website edition (``./course site``), built and read in headless Chromium.

The test builds the site into a temporary folder (Sphinx ``-W``: an output the site cannot show
fails the build), serves it on 127.0.0.1, blocks and records every request to any other host,
and checks each page: every plotly figure stored in the notebook is drawn, math is typeset, each
widget shows its stored sentence, solutions are folded, there are no console errors and no
request left the machine. It also checks that the search finds a word in the right notebook.

Needs Chromium like tests/test_browser.py (Debian's ``chromium`` or ``CHROMIUM``); it is in the
``browser`` layer. The build time and the site's size are printed (``-s`` shows them).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import nbformat
import pytest
from browser_support import accessible_nodes, chromium

from tools import build_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SEARCH = ("parallelogram", "06_analogies")
"""A word that only one notebook uses, and that notebook."""


def stored(path: Path) -> tuple[int, list[str]]:
    """The plotly figures stored in a notebook, and its widgets' stored sentences."""
    nb = nbformat.read(path, as_version=4)
    figures, sentences = 0, []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figures += build_site.PLOTLY_MIME in data
            if WIDGET_MIME in data:
                sentences.append(str(data.get("text/plain", "")).strip())
    return figures, sentences


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the website and serve it on 127.0.0.1; yield its base URL."""
    out = tmp_path_factory.mktemp("site") / "site"
    started = time.perf_counter()
    build_site.build(out)
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"\nsite built in {seconds:.1f} s, {size / 1e6:.1f} MB")
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def titles(path: Path) -> list[str]:
    """The titles of the plotly figures stored in a notebook, in order."""
    nb = nbformat.read(path, as_version=4)
    return [
        build_site.figure_title(output["data"][build_site.PLOTLY_MIME])
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if build_site.PLOTLY_MIME in output.get("data", {})
    ]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Visit:
    """A browser page that blocks and records requests to other hosts and records errors."""

    def __init__(self, browser: Any, base: str) -> None:
        self.host = urlparse(base).netloc
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1300, "height": 900})
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", self.response)

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).netloc == self.host:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def close(self) -> None:
        self.context.close()


MATH_DONE_JS = """
() => new Promise(resolve => MathJax.Hub.Queue(() => resolve(
  document.querySelectorAll('.MathJax, .MathJax_Display').length)))
"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_site_page(path: Path, site: str, browser: Any) -> None:
    figures, sentences = stored(path)
    visit = Visit(browser, site)
    page = visit.page
    try:
        page.goto(f"{site}/{path.stem}.html")
        page.wait_for_function(
            "n => document.querySelectorAll('div.course-plotly[data-drawn]:not("
            "[data-drawn=pending])').length >= n",
            arg=figures,
            timeout=60_000,
        )
        drawn = page.locator("div.course-plotly[data-drawn=yes] .main-svg").count()
        failed = page.locator("div.course-plotly[data-drawn=failed]").count()
        assert failed == 0 and page.locator("div.course-plotly[data-drawn=yes]").count() == figures
        assert drawn >= figures, f"{drawn} drawn plotly figures, {figures} stored"
        # a screen reader meets each figure as a figure named by its title
        named = accessible_nodes(page, "div.course-plotly")
        expected = [
            ("figure", f"Interactive figure: {t}" if t else "Interactive figure")
            for t in titles(path)
        ]
        assert [(role, name) for role, name, _ in named] == expected

        page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=30_000)
        typeset = page.evaluate(MATH_DONE_JS)
        text = page.locator("main").inner_text()
        raw = page.locator(".math.notranslate:not(:has(.MathJax, .MathJax_Display))").count()
        assert "$$" not in text and "\\(" not in text, "raw TeX left in the page"
        assert raw == 0, f"{raw} math elements not typeset"
        if "$" in "".join(c.source for c in nbformat.read(path, as_version=4).cells):
            assert typeset > 0, "the notebook has math but nothing was typeset"

        for sentence in sentences:
            assert sentence[:80] in text, f"widget sentence not shown: {sentence[:80]!r}"

        solutions = sum(
            "### BEGIN SOLUTION" in c.source for c in nbformat.read(path, as_version=4).cells
        )
        folded = page.locator("details.hide:not([open]) summary", has_text="Show the solution")
        assert folded.count() == solutions, "every solution cell is folded by default"
        assert page.locator(f"a[href$='{path.name}']").count() >= 1, "no .ipynb download"
        assert "./course lab" in text, "the page does not say how to open it in JupyterLab"

        assert not visit.errors, visit.errors
        assert not visit.outside, f"requests to other hosts: {visit.outside}"
    finally:
        visit.close()


def test_site_index_and_search(site: str, browser: Any) -> None:
    visit = Visit(browser, site)
    page = visit.page
    try:
        page.goto(f"{site}/index.html")
        table_links = page.locator("main table a")
        assert [table_links.nth(i).get_attribute("href") for i in range(table_links.count())] == [
            f"{p.stem}.html" for p in NOTEBOOKS
        ]
        assert page.locator("nav.bd-links a").count() >= len(NOTEBOOKS), "no sidebar"
        assert page.locator(".prev-next-area a").count() >= 1, "no previous/next link"

        word, expected = SEARCH
        page.goto(f"{site}/search.html?q={word}")
        results = page.locator("#search-results ul.search li a").first
        results.wait_for(timeout=30_000)
        hrefs = page.locator("#search-results ul.search li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert any(expected in h for h in hrefs), hrefs
        assert not visit.errors, visit.errors
        assert not visit.outside, f"requests to other hosts: {visit.outside}"
    finally:
        visit.close()
