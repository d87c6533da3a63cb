"""The course on a real JupyterHub, on 127.0.0.1: two students run 00 and 01 through the proxy
and the kernel websockets, a re-pull keeps a learner's edit, the idle culler stops idle servers,
and nothing is left running. Needs ``.venv-hub`` and the proxy (``./course hub install``; CI's
``.ci/run`` does it), which this test sets up itself when missing.

It asserts failures and memory, never wall times: the machine may be shared.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import shutil
from pathlib import Path

import pytest

import course
from tools import hub_load

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

NOTEBOOKS = ["00_welcome", "01_one_hot"]
MEASURED = json.loads((course.ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
CULL_TIMEOUT = 30  # seconds; the real configuration uses an hour


@pytest.fixture(scope="module")
def hub_env() -> None:
    if shutil.which("npm") is None:
        pytest.fail("The hub test needs npm (Node.js) for configurable-http-proxy; install it.")
    course.ensure_hub_env()


def teacher_fix(repo: Path, notebook: str, marker: str) -> None:
    """Append ``marker`` to the notebook's last cell and publish it, as a teacher's fix would."""
    path = repo / "student" / notebook
    content = json.loads(path.read_text())
    last = content["cells"][-1]
    last["source"] = [*last["source"], f"\n{marker}"]
    path.write_text(json.dumps(content, indent=1) + "\n")
    env = {**os.environ, **hub_load.IDENTITY}
    course.git(repo, "commit", "--quiet", "-am", "a teacher's fix", env=env)
    assert course.publish_student(repo) is not None


async def edit_first_code_cell(student: hub_load.Student, path: str, marker: str) -> None:
    content = await student.notebook(path)
    edited = copy.deepcopy(content)
    first = next(c for c in edited["cells"] if c["cell_type"] == "code")
    first["source"] = f"{first['source']}\n{marker}"
    await student.save_notebook(path, edited)


async def wait_until_culled(students: list[hub_load.Student], timeout: float) -> list[str]:
    """The students whose server is still running after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    running = list(students)
    while running and loop.time() < deadline:
        await asyncio.sleep(5)
        running = [s for s in running if await s.server_is_running()]
    return [s.name for s in running]


def test_a_class_on_the_hub(tmp_path: Path, hub_env: None) -> None:
    repo = hub_load.student_repository(tmp_path)
    settings = {"cull_timeout": CULL_TIMEOUT, "cull_every": 5, "activity": 5}
    with hub_load.running_hub(tmp_path / "state", **settings) as hub:
        link = hub_load.local_link(hub, repo)
        students = asyncio.run(
            hub_load.run_class(hub, ["ada", "grace"], link, repo.name, NOTEBOOKS, 300)
        )
        figures = hub_load.summarise(hub, students, NOTEBOOKS)
        assert figures["failures"] == 0, [u["failures"] for u in figures["users"]]
        for user in figures["users"]:
            assert set(user["kernel_peak_mb"]) == set(NOTEBOOKS), user
            for notebook, peak in user["kernel_peak_mb"].items():
                measured = MEASURED[notebook]["peak_memory_mb"]
                assert 0.8 <= peak / measured <= 1.25, (user["user"], notebook, peak, measured)

        async def re_pull() -> tuple[str, str]:
            ada = students[0]
            path = f"{repo.name}/00_welcome.ipynb"
            await edit_first_code_cell(ada, path, "# ada's own note")
            teacher_fix(repo, "00_welcome.ipynb", "A teacher's fix.")
            await ada.pull(link)
            merged = await ada.notebook(path)
            sources = [cell["source"] for cell in merged["cells"]]
            first_code = next(c["source"] for c in merged["cells"] if c["cell_type"] == "code")
            return first_code, sources[-1]

        first_code, last = asyncio.run(re_pull())
        assert "# ada's own note" in first_code, "the re-pull lost the learner's edit"
        assert last.endswith("A teacher's fix."), "the re-pull did not bring the teacher's fix"

        left = asyncio.run(wait_until_culled(students, timeout=CULL_TIMEOUT + 120))
        assert left == [], f"the idle culler left these servers running: {left}"
    assert hub.pids == set(), f"processes left behind after the hub stopped: {hub.pids}"
