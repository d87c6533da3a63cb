"""What the browser tests share: finding Chromium, launching it, and running JupyterLab.

``tests/test_browser.py``, ``tests/test_site.py``, ``tests/test_verdict_contrast.py`` and
``tests/test_accessibility.py`` drive Debian's ``chromium`` (or ``CHROMIUM``) with Playwright;
the JupyterLab ones start a server on 127.0.0.1 with a token, in a folder of their own, with
settings that keep it quiet (no news, no update check). Without Chromium a test is skipped
locally and fails under CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

TOKEN = "course-browser-test"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
CANDIDATES = [
    "/usr/lib/chromium/chromium",  # Debian's real binary (the /usr/bin wrapper misbehaves)
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
]
QUIET_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
"""JupyterLab settings every test uses: no news toast, no update check."""


def find_chromium() -> str | None:
    """The Chromium executable to drive (``CHROMIUM`` first), or None."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("google-chrome")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium launched by Playwright; skips (fails under CI) when there is none."""
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found: install Debian's chromium or set CHROMIUM to run this test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def api(base: str, path: str, method: str = "GET") -> Any:
    """Call the Jupyter server's REST API with the test token; the decoded JSON answer."""
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def write_settings(folder: Path, extra: dict[str, dict[str, Any]] | None = None) -> None:
    """Write :data:`QUIET_SETTINGS` and ``extra`` (file name → JSON content) into ``folder``."""
    for name, content in {**QUIET_SETTINGS, **(extra or {})}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


@contextmanager
def jupyterlab(root: Path, settings: dict[str, dict[str, Any]] | None = None) -> Iterator[str]:
    """JupyterLab on 127.0.0.1 serving ``root`` with quiet settings plus ``settings``.

    Yields the server's base URL once it answers; stops the server afterwards. Its log is
    ``root/server.log`` (shown if it fails to start).
    """
    write_settings(root / "settings", settings)
    port = free_port()
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
    )
    log = open(root / "server.log", "w")  # open while the server runs
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--allow-root",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                api(base, "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    raise RuntimeError((root / "server.log").read_text()) from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def accessible_nodes(page: Any, selector: str) -> list[tuple[str, str, str]]:
    """Role, name and value of each element matching ``selector``, in document order, as
    Chromium's accessibility tree (what a screen reader reads) gives them.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = []
        for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})[
            "nodeIds"
        ]:
            tree = cdp.send(
                "Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False}
            )
            node = tree["nodes"][0]
            role, name, value = (
                str(node.get(key, {}).get("value", "")) for key in ("role", "name", "value")
            )
            found.append((role, name, value))
        return found
    finally:
        cdp.detach()


def plain(text: str) -> str:
    """Text without tags and without any kind of space, to compare what two routes read.

    >>> plain("Male → female<br>pairs\u00a0(d = 2)")
    'Male→femalepairs(d=2)'
    """
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text))
