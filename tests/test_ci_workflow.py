"""The CI workflow (.github/workflows/ci.yml) is valid and only calls course.py.

GitHub runs it on every push and pull request; nothing runs it here, so this test reads it: it
parses, it is triggered by push, pull_request and a weekly schedule, every job has a runner and
steps, every layer runs in a job of its own, the quick layer runs on Linux, macOS and Windows,
and every ``course.py test LAYER`` it calls names a layer course.py knows. It never repeats the
test recipe (no pytest, ruff or mypy of its own).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import course

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
# Layers another change adds to course.py (oldest versions; strict nbval under several
# OPENBLAS_CORETYPE values); the workflow may call them before this branch knows them.
LAYERS_ADDED_ELSEWHERE = {"oldest", "coretypes"}
COURSE_TEST = re.compile(r"\bpython course\.py test(?: (?P<layer>[a-z]+))?")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(CI.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` mapping (YAML 1.1, which PyYAML reads, turns the key ``on`` into True)."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "`on:` must be a mapping of events"
    return on


def commands(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_triggers(workflow: dict[str, Any]) -> None:
    on = triggers(workflow)
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(on)
    (cron,) = [entry["cron"] for entry in on["schedule"]]
    assert len(cron.split()) == 5 and cron.split()[4] != "*", "the schedule is weekly"


def test_every_job_is_well_formed(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    assert jobs
    for name, job in jobs.items():
        assert "runs-on" in job and isinstance(job["steps"], list) and job["steps"], name
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: set a timeout"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{name}: a step uses or runs, not both"
        assert any(str(s.get("uses", "")).startswith("actions/checkout@") for s in job["steps"])
        assert any(str(s.get("uses", "")).startswith("actions/setup-python@") for s in job["steps"])
        matrix = job.get("strategy", {}).get("matrix", {})
        for key in re.findall(r"matrix\.(\w+)", yaml.safe_dump(job)):
            assert key in matrix, f"{name} uses matrix.{key} but defines no such axis"


def test_every_called_layer_exists(workflow: dict[str, Any]) -> None:
    known = set(course.LAYERS) | LAYERS_ADDED_ELSEWHERE
    called = set()
    for name, job in workflow["jobs"].items():
        for command in commands(job):
            for line in command.splitlines():
                for match in COURSE_TEST.finditer(line):
                    layer = match["layer"]
                    assert layer is not None, f"{name}: run one layer per job, not every layer"
                    assert layer in known, f"{name}: course.py has no test layer {layer!r}"
                    called.add(layer)
    assert set(course.LAYERS) <= called, f"layers CI never runs: {set(course.LAYERS) - called}"


def test_jobs_call_course_py_and_never_repeat_its_recipe(workflow: dict[str, Any]) -> None:
    for name, job in workflow["jobs"].items():
        for command in commands(job):
            for line in filter(str.strip, command.splitlines()):
                assert line.strip().startswith("python course.py "), f"{name}: {line!r}"
                assert not re.search(r"\b(pytest|ruff|mypy|pip install)\b", line), line


def test_layers_run_in_parallel_jobs_from_the_locks(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    for layer in course.LAYERS:
        running = [
            n for n, j in jobs.items() if f"python course.py test {layer}" in "\n".join(commands(j))
        ]
        assert running, f"no job runs the {layer} layer"
        assert not any("needs" in jobs[n] for n in running), "layers run in parallel"
    locked = [n for n, j in jobs.items() if "lock --upgrade" not in "\n".join(commands(j))]
    assert {"quick", "notebooks", "student", "browser", "slow"} <= set(locked)


def test_quick_layer_on_every_platform(workflow: dict[str, Any]) -> None:
    quick = workflow["jobs"]["quick"]
    systems = set(quick["strategy"]["matrix"]["os"])
    assert {"ubuntu-latest", "macos-latest", "windows-latest"} <= systems
    assert quick["runs-on"] == "${{ matrix.os }}"


def test_newest_versions_weekly_and_oldest_versions_on_every_change(
    workflow: dict[str, Any],
) -> None:
    jobs = workflow["jobs"]
    newest = jobs["newest"]
    assert "schedule" in newest["if"]
    steps = commands(newest)
    assert steps[0] == "python course.py lock --upgrade" and len(steps) > 1
    assert not any("git " in s for s in steps), "the newest lock is never committed"
    for name, job in jobs.items():
        if name != "newest":
            assert job["if"] == "github.event_name != 'schedule'", name
    assert "python course.py test oldest" in commands(jobs["oldest"])
    assert "python course.py test coretypes" in commands(jobs["notebooks"])


def test_only_ci_tests_and_the_site_workflow_only_publishes() -> None:
    """ci.yml is the one workflow that tests (weekly.yml retired); site.yml only builds and
    publishes the website through course.py, so nothing duplicates course.py's test recipe."""
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["ci.yml", "site.yml"]
    site = yaml.safe_load((WORKFLOWS / "site.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for job in site["jobs"].values() for step in job["steps"] if "run" in step]
    assert runs == ["python course.py site"], runs
