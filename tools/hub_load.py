"""Load-test the course's JupyterHub with simulated students, on this machine only (127.0.0.1).

``python -m tools.hub_load --users 1 2 4 [--notebooks 08_language_model] [--write]`` starts
the hub of ``classroom/hub/jupyterhub_config.py`` from ``.venv-hub`` (``./course hub install``
sets it up), and for each N lets N students at once, each through the proxy:

1. log in with the shared password and get an API token;
2. start their server and follow the nbgitpuller link of the student edition (a local clone);
3. run every code cell of each notebook through the kernel websocket, as *Run All* does, then
   ask the kernel for its own peak memory and CPU time.

Meanwhile it samples, with psutil, the resident memory and CPU time of the hub, the proxy, each
learner's server and kernel. It reports per user the time, CPU and peak memory and every failure
(a cell that raised, a timeout, an HTTP error), and with ``--write`` stores the figures in
``classroom/hub_sizing.json``, whose table the teacher guide shows (``--guide`` rewrites it).
N is at most ``MAX_USERS`` and every run stops after ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse
from tornado.websocket import websocket_connect

import course  # run as ``python -m tools.hub_load`` from the repository root

ROOT = Path(__file__).resolve().parents[1]

SIZING = ROOT / "classroom" / "hub_sizing.json"
GUIDE = ROOT / "classroom" / "GUIDE.md"
BEGIN, END = "<!-- BEGIN HUB SIZING -->", "<!-- END HUB SIZING -->"
MAX_USERS = 16
LOOPBACK = "127.0.0.1"
BRANCH = course.STUDENT_BRANCH
MB = 2**20
USAGE_CODE = """
import json as _json, os as _os, resource as _resource, psutil as _psutil
_t = _psutil.Process(_os.getpid()).cpu_times()
_peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss * 1024
print("[usage]" + _json.dumps({"peak_bytes": int(_peak), "cpu_s": _t.user + _t.system}))
"""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def require_loopback(url: str) -> str:
    """``url`` itself, if it points at 127.0.0.1; the load test talks to nothing else.

    >>> require_loopback("http://127.0.0.1:8000/hub/")
    'http://127.0.0.1:8000/hub/'
    >>> require_loopback("http://example.org/")
    Traceback (most recent call last):
    ...
    ValueError: The load test only talks to 127.0.0.1, not example.org.
    """
    host = urlparse(url).hostname
    if host != LOOPBACK:
        raise ValueError(f"The load test only talks to {LOOPBACK}, not {host}.")
    return url


def role_of(cmdline: list[str]) -> str | None:
    """Which part of the hub a process is, from its command line.

    >>> role_of(["node", "/x/configurable-http-proxy", "--ip", "127.0.0.1"])
    'proxy'
    >>> role_of(["/v/bin/python", "-m", "ipykernel_launcher", "-f", "k.json"])
    'kernel'
    >>> role_of(["/bin/sh"]) is None
    True
    """
    text = " ".join(cmdline)
    for needle, role in (
        ("configurable-http-proxy", "proxy"),
        ("jupyterhub-singleuser", "server"),
        ("ipykernel", "kernel"),
        ("jupyterhub_idle_culler", "culler"),
        ("jupyterhub", "hub"),
    ):
        if needle in text:
            return role
    return None


# ------------------------------------------------------------------ the hub and what it runs


@dataclass
class Sample:
    """Peak resident memory and last CPU time of one process, with its role and user."""

    role: str
    user: str
    peak_bytes: int = 0
    cpu_s: float = 0.0


class Sampler(threading.Thread):
    """Sample the hub's process tree every ``interval`` seconds until stopped."""

    def __init__(self, hub_pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.hub_pid, self.interval = hub_pid, interval
        self.seen: dict[int, Sample] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.sample()

    def sample(self) -> None:
        try:
            hub = psutil.Process(self.hub_pid)
            processes = [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in processes:
            try:
                with process.oneshot():
                    known = self.seen.get(process.pid)
                    if known is None:
                        role = "hub" if process.pid == self.hub_pid else role_of(process.cmdline())
                        if role is None:
                            continue
                        known = Sample(role, self._user_of(process, role))
                        self.seen[process.pid] = known
                    known.peak_bytes = max(known.peak_bytes, process.memory_info().rss)
                    times = process.cpu_times()
                    known.cpu_s = times.user + times.system
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue

    def _user_of(self, process: psutil.Process, role: str) -> str:
        if role == "kernel":
            parent = process.parent()
            return "" if parent is None else self._user_of(parent, "server")
        if role == "server":
            return str(process.environ().get("JUPYTERHUB_USER", ""))
        return ""


@dataclass
class Hub:
    """A running hub: its URL, password, state folder, process and sampler."""

    url: str
    password: str
    state: Path
    process: subprocess.Popen[bytes]
    sampler: Sampler
    log: Path
    pids: set[int] = field(default_factory=set)

    def alive_pids(self) -> list[int]:
        """The processes this hub ever started that are still running."""
        alive = []
        for pid in sorted(self.sampler.seen):
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                continue
        return alive


@contextmanager
def running_hub(
    state: Path, *, startup_timeout: float = 180, **settings: int | str
) -> Iterator[Hub]:
    """Start the course's hub in ``state`` on free loopback ports; stop it and all it started."""
    state.mkdir(parents=True, exist_ok=True)
    port, password = free_port(), secrets.token_urlsafe(16)
    settings = {"api_port": free_port(), "hub_port": free_port(), **settings}
    env = {
        **os.environ,
        **course.hub_environment(course.HUB_VENV, state, port, password, **settings),
    }
    jupyterhub = course.venv_executable(course.HUB_VENV, "jupyterhub", sys.platform)
    log = state / "jupyterhub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(jupyterhub), "-f", str(course.HUB_CONFIG)],
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    sampler = Sampler(process.pid)
    sampler.start()
    hub = Hub(f"http://{LOOPBACK}:{port}", password, state, process, sampler, log)
    try:
        asyncio.run(wait_until_up(hub, startup_timeout))
        yield hub
    finally:
        stop_hub(hub)


async def wait_until_up(hub: Hub, timeout: float) -> None:
    client = AsyncHTTPClient()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"The hub exited at start: see {hub.log}")
        try:
            await client.fetch(f"{hub.url}/hub/api", request_timeout=5)
            return
        except (OSError, HTTPClientError):
            await asyncio.sleep(1)
    raise RuntimeError(f"The hub did not answer within {timeout:.0f} s: see {hub.log}")


def stop_hub(hub: Hub, grace: float = 60) -> None:
    """Stop the hub (it stops the proxy, servers and culler), then kill whatever is left."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(grace)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait()
    hub.sampler.stop()
    deadline = time.monotonic() + 20
    while hub.alive_pids() and time.monotonic() < deadline:
        time.sleep(0.5)
    hub.pids = set(hub.alive_pids())  # left behind: reported, then killed
    for pid in hub.pids:
        try:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            continue


# ------------------------------------------------------------------ one simulated student


@dataclass
class Student:
    """One simulated student's session and results."""

    hub: str
    name: str
    token: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    async def fetch(
        self, path: str, method: str = "GET", body: Any = None, **kw: Any
    ) -> HTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        if "_xsrf" in self.cookies:
            headers["X-XSRFToken"] = self.cookies["_xsrf"]
        if isinstance(body, dict):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        elif method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = HTTPRequest(
            require_loopback(self.hub + path),
            method=method,
            body=body,
            headers={**headers, **kw.pop("headers", {})},
            follow_redirects=False,
            request_timeout=kw.pop("request_timeout", 300),
            **kw,
        )
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        for header in response.headers.get_list("Set-Cookie"):
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        if response.code >= 400 or response.code == 599:
            raise RuntimeError(f"{method} {path} answered {response.code}")
        return response

    async def log_in(self, password: str) -> None:
        """The login form, then an API token for the rest (as a browser's session would)."""
        await self.fetch("/hub/login")
        form = urlencode(
            {"username": self.name, "password": password, "_xsrf": self.cookies["_xsrf"]}
        )
        response = await self.fetch("/hub/login", "POST", form)
        if response.code != 302:
            raise RuntimeError(f"{self.name}: login refused ({response.code})")
        created = await self.fetch(
            f"/hub/api/users/{self.name}/tokens", "POST", {"note": "load test"}
        )
        self.token = json.loads(created.body)["token"]

    async def start_server(self, timeout: float) -> float:
        """Start the server and wait until it is ready; returns the seconds it took."""
        start = time.monotonic()
        await self.fetch(f"/hub/api/users/{self.name}/server", "POST", {})
        while time.monotonic() - start < timeout:
            user = json.loads((await self.fetch(f"/hub/api/users/{self.name}")).body)
            if user.get("servers", {}).get("", {}).get("ready"):
                return time.monotonic() - start
            await asyncio.sleep(1)
        raise RuntimeError(f"{self.name}: server not ready after {timeout:.0f} s")

    async def server_is_running(self) -> bool:
        user = json.loads((await self.fetch(f"/hub/api/users/{self.name}")).body)
        return bool(user.get("servers"))

    async def pull(self, link: str) -> str:
        """Follow the nbgitpuller link (hub -> server), then run the pull its page would start.

        Returns the last progress line; raises if the pull reports an error.
        """
        path = link.removeprefix(self.hub)
        for _ in range(5):  # user-redirect -> /user/NAME/git-pull?...
            response = await self.fetch(path)
            if response.code not in (301, 302, 303, 307):
                break
            path = response.headers["Location"].removeprefix(self.hub)
        if "/git-pull" not in path or response.code != 200:
            raise RuntimeError(f"{self.name}: the pull link ended at {path} ({response.code})")
        api = path.replace("/git-pull?", "/git-pull/api?", 1)
        stream = (await self.fetch(api)).body.decode()
        events = [json.loads(line[5:]) for line in stream.splitlines() if line.startswith("data:")]
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"{self.name}: the pull did not finish: {events[-1:]}")
        return str(events[-2].get("output", "")) if len(events) > 1 else ""

    async def notebook(self, path: str) -> dict[str, Any]:
        response = await self.fetch(f"/user/{self.name}/api/contents/{path}?content=1")
        return dict(json.loads(response.body)["content"])

    async def save_notebook(self, path: str, content: dict[str, Any]) -> None:
        body = {"type": "notebook", "format": "json", "content": content}
        await self.fetch(f"/user/{self.name}/api/contents/{path}", "PUT", body)

    async def run_notebook(self, path: str, cell_timeout: float) -> dict[str, Any]:
        """Run every code cell of ``path`` in a new kernel through the websocket, as Run All."""
        start = time.monotonic()
        cells = [c for c in (await self.notebook(path))["cells"] if c["cell_type"] == "code"]
        session = json.loads(
            (
                await self.fetch(
                    f"/user/{self.name}/api/sessions",
                    "POST",
                    {"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
                )
            ).body
        )
        kernel = session["kernel"]["id"]
        ws_url = require_loopback(self.hub + f"/user/{self.name}/api/kernels/{kernel}/channels")
        ws = await websocket_connect(
            HTTPRequest(
                "ws" + ws_url[4:],
                headers={"Authorization": f"token {self.token}"},
                request_timeout=120,
            )
        )
        slowest, errors, usage = 0.0, [], {}
        try:
            for index, cell in enumerate(cells):
                source = "".join(cell["source"])
                began = time.monotonic()
                error, _ = await execute(ws, source, cell_timeout)
                slowest = max(slowest, time.monotonic() - began)
                if error:
                    errors.append(f"{path} cell {index}: {error}")
            error, output = await execute(ws, USAGE_CODE, cell_timeout)
            if error or "[usage]" not in output:
                errors.append(f"{path}: no usage figures ({error or output[:200]})")
            else:
                usage = json.loads(output.split("[usage]", 1)[1])
        finally:
            ws.close()
            await self.fetch(f"/user/{self.name}/api/sessions/{session['id']}", "DELETE")
        self.failures += [f"{self.name}: {e}" for e in errors]
        return {
            "seconds": round(time.monotonic() - start, 1),
            "slowest_cell_s": round(slowest, 1),
            "kernel_cpu_s": round(float(usage.get("cpu_s", 0.0)), 1),
            "kernel_peak_mb": round(int(usage.get("peak_bytes", 0)) / MB),
            "errors": errors,
        }


async def execute(ws: Any, code: str, timeout: float) -> tuple[str, str]:
    """Send one execute_request; return (the error or "", the printed text) once it is done."""
    msg_id = uuid.uuid4().hex
    await ws.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "load-test",
                    "session": "load-test",
                    "date": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    deadline = time.monotonic() + timeout
    error, replied, idle = "", False, False
    text: list[str] = []
    while not (replied and idle):
        left = deadline - time.monotonic()
        if left <= 0:
            return f"no answer within {timeout:.0f} s", "".join(text)
        raw = await asyncio.wait_for(ws.read_message(), left)
        if raw is None:
            return "the kernel websocket closed", "".join(text)
        if not isinstance(raw, str):
            continue  # binary frames carry buffers (widgets), not replies
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream":
            text.append(content.get("text", ""))
        elif kind == "error":
            error = f"{content.get('ename')}: {content.get('evalue')}"
        elif kind == "execute_reply":
            replied = True
            if content.get("status") != "ok" and not error:
                error = str(content.get("ename", content.get("status")))
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
    return error, "".join(text)


async def simulate(
    hub: Hub, name: str, link: str, folder: str, notebooks: list[str], cell_timeout: float
) -> Student:
    """Log in, start a server, pull the student edition, run the notebooks; never raises."""
    student = Student(hub.url, name)
    start = time.monotonic()
    try:
        await student.log_in(hub.password)
        student.results["spawn_s"] = round(await student.start_server(timeout=300), 1)
        await student.pull(link)
        for notebook in notebooks:
            result = await student.run_notebook(f"{folder}/{notebook}.ipynb", cell_timeout)
            student.results[notebook] = result
    except Exception as exc:  # a failure to report, not to stop the other students
        student.failures.append(f"{name}: {type(exc).__name__}: {exc}")
    student.results["seconds"] = round(time.monotonic() - start, 1)
    return student


# ------------------------------------------------------------------ the student edition


def student_repository(where: Path, source: Path = ROOT / "student") -> Path:
    """A git repository in ``where`` whose branch ``student-edition`` holds ``source``'s
    notebooks at its top, as ``./course publish-student`` publishes them."""
    repo = where / "course"
    repo.mkdir(parents=True)
    shutil.copytree(source, repo / "student")
    env = {**os.environ, **IDENTITY}
    course.git(repo, "init", "--quiet", "--initial-branch=main")
    course.git(repo, "add", "student", env=env)
    course.git(repo, "commit", "--quiet", "-m", "course", env=env)
    course.publish_student(repo, BRANCH)
    return repo


IDENTITY = {
    "GIT_AUTHOR_NAME": "Teacher",
    "GIT_AUTHOR_EMAIL": "teacher@example.org",
    "GIT_COMMITTER_NAME": "Teacher",
    "GIT_COMMITTER_EMAIL": "teacher@example.org",
}


def local_link(hub: Hub, repo: Path) -> str:
    return course.pull_link(hub.url, repo.as_uri(), BRANCH, "00_welcome.ipynb")


# ------------------------------------------------------------------ a load test and its table


async def run_class(
    hub: Hub, names: list[str], link: str, folder: str, notebooks: list[str], cell_timeout: float
) -> list[Student]:
    AsyncHTTPClient.configure(None, max_clients=max(10, 8 * len(names)))  # default: 10 at once
    return list(
        await asyncio.gather(
            *(simulate(hub, n, link, folder, notebooks, cell_timeout) for n in names)
        )
    )


def summarise(hub: Hub, students: list[Student], notebooks: list[str]) -> dict[str, Any]:
    """The figures of one load test: per user, and the hub's and proxy's own."""
    seen = list(hub.sampler.seen.values())

    def peak(role: str, user: str = "") -> int:
        return round(
            max((s.peak_bytes for s in seen if s.role == role and s.user == user), default=0) / MB
        )

    def cpu(role: str, user: str = "") -> float:
        return round(sum(s.cpu_s for s in seen if s.role == role and s.user == user), 1)

    users = []
    for student in students:
        runs = [student.results[n] for n in notebooks if n in student.results]
        users.append(
            {
                "user": student.name,
                "seconds": student.results.get("seconds", 0.0),
                "spawn_s": student.results.get("spawn_s"),
                "slowest_cell_s": max((r["slowest_cell_s"] for r in runs), default=None),
                "kernel_peak_mb": {
                    n: student.results[n]["kernel_peak_mb"]
                    for n in notebooks
                    if n in student.results
                },
                "kernel_peak_mb_psutil": peak("kernel", student.name),
                "kernel_cpu_s": round(sum(r["kernel_cpu_s"] for r in runs), 1),
                "server_peak_mb": peak("server", student.name),
                "server_cpu_s": cpu("server", student.name),
                "failures": student.failures,
            }
        )
    return {
        "users": users,
        "hub_peak_mb": peak("hub"),
        "proxy_peak_mb": peak("proxy"),
        "failures": sum(len(u["failures"]) for u in users),
    }


def load_test(n: int, notebooks: list[str], timeout: float, cell_timeout: float) -> dict[str, Any]:
    """Start a hub, let ``n`` students run ``notebooks`` at once, stop it; return the figures."""
    if not 1 <= n <= MAX_USERS:
        raise SystemExit(f"Choose between 1 and {MAX_USERS} simulated students, not {n}.")
    with tempfile.TemporaryDirectory(prefix="hub-load-") as tmp:
        repo = student_repository(Path(tmp))
        with running_hub(Path(tmp) / "state") as hub:
            link = local_link(hub, repo)
            names = [f"student{i + 1}" for i in range(n)]
            start = time.monotonic()
            students = asyncio.run(
                asyncio.wait_for(
                    run_class(hub, names, link, repo.name, notebooks, cell_timeout), timeout
                )
            )
            wall = time.monotonic() - start
        figures = summarise(hub, students, notebooks)
        figures["wall_s"] = round(wall, 1)
        figures["left_behind"] = sorted(hub.pids)
    return figures


def sizing_table(data: dict[str, Any]) -> str:
    """The guide's Markdown table of load tests, from ``hub_sizing.json``'s data.

    Examples
    --------
    >>> user = {"seconds": 60.0, "slowest_cell_s": 20.0, "kernel_cpu_s": 28.0,
    ...         "kernel_peak_mb": {"08": 349}, "server_peak_mb": 145, "server_cpu_s": 3.0,
    ...         "failures": []}
    >>> print(sizing_table({"machine": "m", "notebooks": ["08"], "runs": {"1": {"users": [user],
    ...     "hub_peak_mb": 130, "proxy_peak_mb": 61, "failures": 0, "wall_s": 70.0}}}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Load test on m, each simulated student running 08 (`python -m tools.hub_load`; the times are from a machine busy with other work: upper bounds).
    <BLANKLINE>
    | students at once | failures | per user: time (slowest) | slowest cell (slowest user) | kernel CPU per user | kernel peak memory | server peak memory | hub | proxy |
    |---|---|---|---|---|---|---|---|---|
    | 1 | 0 | 60 s | 20 s | 28 s | 349 MB | 145 MB | 130 MB | 61 MB |
    """
    lines = [
        f"Load test on {data['machine']}, each simulated student running "
        f"{', '.join(data['notebooks'])} (`python -m tools.hub_load`; the times are from a machine "
        "busy with other work: upper bounds).",
        "",
        "| students at once | failures | per user: time (slowest) | slowest cell (slowest user) | "
        "kernel CPU per user | kernel peak memory | server peak memory | hub | proxy |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, run in data["runs"].items():
        users = run["users"]
        kernel = [m for u in users for m in u["kernel_peak_mb"].values()]
        lines.append(
            f"| {n} | {run['failures']} | {max(u['seconds'] for u in users):.0f} s | "
            f"{max(u['slowest_cell_s'] or 0 for u in users):.0f} s | "
            f"{max(u['kernel_cpu_s'] for u in users):.0f} s | {span(kernel)} MB | "
            f"{span([u['server_peak_mb'] for u in users])} MB | {run['hub_peak_mb']} MB | "
            f"{run['proxy_peak_mb']} MB |"
        )
    return "\n".join(lines)


def span(values: list[int]) -> str:
    """``"a–b"`` for the smallest and largest of ``values`` (one number if they agree).

    >>> span([349, 350, 349]), span([145])
    ('349–350', '145')
    """
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}–{high}"


def write_guide_table(data: dict[str, Any], guide: Path = GUIDE) -> None:
    """Replace the guide's text between the hub-sizing markers by :func:`sizing_table`."""
    text = guide.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    guide.write_text(f"{head}{BEGIN}\n{sizing_table(data)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--notebooks", nargs="+", default=["08_language_model"])
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per load test")
    parser.add_argument("--cell-timeout", type=float, default=300)
    parser.add_argument("--write", action="store_true", help="store in classroom/hub_sizing.json")
    parser.add_argument("--guide", action="store_true", help="only rewrite the guide's table")
    args = parser.parse_args(argv)
    if args.guide:
        write_guide_table(json.loads(SIZING.read_text()))
        return 0
    course.ensure_hub_env()
    data: dict[str, Any] = {"notebooks": args.notebooks, "runs": {}}
    for n in args.users:
        figures = load_test(n, args.notebooks, args.timeout, args.cell_timeout)
        print(f"N={n}", json.dumps(figures), flush=True)
        data["runs"][str(n)] = figures
    data["machine"] = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    if args.write:
        SIZING.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        if BEGIN in GUIDE.read_text(encoding="utf-8"):
            write_guide_table(data)
    print(sizing_table(data))
    failed = sum(run["failures"] for run in data["runs"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
