"""The hub's files without a hub (quick): publishing the student edition, the pull link, the
guide's load-test table and the deployment files' limits. tests/test_hub.py runs a real hub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

import course
from tools import hub_load

ROOT = course.ROOT
IDENTITY = hub_load.IDENTITY


def commit_all(repo: Path, message: str) -> None:
    course.git(repo, "add", "-A", env={**os.environ, **IDENTITY})
    course.git(repo, "commit", "--quiet", "-m", message, env={**os.environ, **IDENTITY})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    course.git(tmp_path, "init", "--quiet", "--initial-branch=main")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.py").write_text("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / "a.py").write_text("raise NotImplementedError\n")
    commit_all(tmp_path, "course")
    return tmp_path


def test_published_branch_holds_the_student_edition_alone(repo: Path) -> None:
    first = course.publish_student(repo)
    assert first is not None
    files = course.git(repo, "ls-tree", "-r", "--name-only", course.STUDENT_BRANCH).split()
    assert files == ["a.py"]
    assert course.git(repo, "show", f"{course.STUDENT_BRANCH}:a.py") == "raise NotImplementedError"
    assert course.publish_student(repo) is None  # nothing new: no empty commit


def test_a_new_publication_is_a_fast_forward(repo: Path) -> None:
    first = course.publish_student(repo)
    (repo / "student" / "a.py").write_text("raise NotImplementedError  # fixed\n")
    commit_all(repo, "a fix")
    second = course.publish_student(repo)
    assert second is not None
    assert course.git(repo, "rev-parse", f"{second}^") == first  # learners' pulls merge it


def test_publishing_refuses_solutions_and_uncommitted_changes(repo: Path) -> None:
    (repo / "student" / "a.py").write_text("x = 2\n")
    with pytest.raises(SystemExit, match="not committed"):
        course.publish_student(repo)
    (repo / "student" / "a.py").write_text("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")
    commit_all(repo, "a leak")
    with pytest.raises(SystemExit, match=r"holds solutions \(a.py\)"):
        course.publish_student(repo)
    missing = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", course.STUDENT_BRANCH], cwd=repo
    )
    assert missing.returncode != 0, "a refused publication must not create the branch"


def test_the_pull_link_names_repository_branch_and_first_notebook() -> None:
    link = course.pull_link("https://hub.example.org", "https://git.example.org/c.git", "b", "n")
    parsed = urlparse(link)
    assert parsed.path == "/hub/user-redirect/git-pull"
    assert parse_qs(parsed.query) == {
        "repo": ["https://git.example.org/c.git"],
        "branch": ["b"],
        "urlpath": ["lab/tree/c/n"],
    }


def test_the_load_test_talks_to_loopback_only() -> None:
    for url in ("http://localhost:8000/", "http://10.0.0.1/", "http://127.0.0.2/"):
        with pytest.raises(ValueError, match=r"only talks to 127\.0\.0\.1"):
            hub_load.require_loopback(url)


def test_guide_shows_the_measured_hub_sizing() -> None:
    data = json.loads(hub_load.SIZING.read_text())
    guide = hub_load.GUIDE.read_text(encoding="utf-8")
    shown = guide.split(hub_load.BEGIN, 1)[1].split(hub_load.END, 1)[0].strip()
    assert shown == hub_load.sizing_table(data), "run python -m tools.hub_load --guide"
    assert set(data["runs"]) >= {"1", "2", "4"}
    assert all(run["failures"] == 0 for run in data["runs"].values())


def test_the_guide_s_figures_are_the_load_test_s() -> None:
    """The prose under the table: server about 145 MB, hub + proxy about 190 MB, 08's kernel
    (the student edition, whose unanswered exercises run the course's references) within
    0.8-1.25x of the solution edition's single-kernel peak, about 50 CPU-seconds per learner."""
    data = json.loads(hub_load.SIZING.read_text())
    measured = json.loads((ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
    for run in data["runs"].values():
        assert run["hub_peak_mb"] + run["proxy_peak_mb"] == pytest.approx(190, rel=0.1)
        for user in run["users"]:
            assert user["server_peak_mb"] == pytest.approx(145, rel=0.1)
            assert user["kernel_cpu_s"] == pytest.approx(50, rel=0.2)
            for notebook, peak in user["kernel_peak_mb"].items():
                assert 0.8 <= peak / measured[notebook]["peak_memory_mb"] <= 1.25


def test_deployments_give_what_the_largest_kernels_need() -> None:
    """2 GB per user: 1 GiB barely holds the largest kernel and a server; 2 GB holds the server
    and any one kernel with room to spare, but not the two largest at their peaks, which is why
    the guide asks learners to shut kernels down and idle kernels are culled. The guide's
    sentence gives the measured range and the sum."""
    measured = json.loads((ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
    peaks = sorted((m["peak_memory_mb"] for m in measured.values()), reverse=True)
    runs = json.loads(hub_load.SIZING.read_text())["runs"].values()
    server = max(u["server_peak_mb"] for run in runs for u in run["users"])
    assert peaks[0] + server > 0.9 * 1024, "1 GiB is no longer too tight: revisit the guide"
    assert peaks[0] + server < 2000 - 800, "2 GB no longer leaves 0.8 GB beside one kernel"
    guide = (ROOT / "classroom" / "GUIDE.md").read_text(encoding="utf-8")
    assert f"kernels peak at {peaks[-1]}–{peaks[0]} MB" in guide
    two = peaks[0] + peaks[1] + 145
    if two > 2000:
        assert f"not the two largest at their peaks ({two:,} MB with the server)" in guide
    else:
        pytest.fail("2 GB holds the two largest kernels again: the guide can say so")
    values = yaml.safe_load((ROOT / "classroom" / "hub" / "z2jh-config.yaml").read_text())
    assert values["singleuser"]["memory"]["limit"] == "2G"
    assert values["cull"]["enabled"] is True
    tljh = (ROOT / "classroom" / "hub" / "tljh.sh").read_text()
    assert "tljh-config set limits.memory 2G" in tljh
    for text in (tljh, (ROOT / "classroom" / "hub" / "z2jh-config.yaml").read_text()):
        assert "cull_idle_timeout=1200" in text


def test_help_lists_the_hub_commands() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "course.py")], capture_output=True, text=True, check=True
    )
    for command in ("hub", "publish-student"):
        assert f"course.py {command}" in done.stdout


def test_hub_lock_keeps_the_learner_lock_s_versions() -> None:
    """The hub's kernels run what learners test: re-lock with ``./course hub lock`` after
    ``./course lock`` changes requirements/learner.txt."""

    def pins(lock: str) -> dict[str, str]:
        lines = (ROOT / lock).read_text().splitlines()
        found = [line.split(" ;")[0].split(" \\")[0] for line in lines if "==" in line]
        return dict(pin.split("==", 1) for pin in found if not pin.startswith(" "))

    learner, hub = pins(course.LOCKS["learner"]), pins(course.HUB_LOCK)
    changed = {name: (v, hub.get(name)) for name, v in learner.items() if hub.get(name) != v}
    assert not changed, f"run ./course hub lock: {changed}"
    assert {"jupyterhub", "nbgitpuller", "jupyterhub-idle-culler"} <= set(hub)
