"""course.py, the one entry point: its pure parts on Linux, macOS and Windows, and its set-up logic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import course

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("platform", "python", "jupyter"),
    [
        ("linux", ".venv/bin/python", ".venv/bin/jupyter"),
        ("darwin", ".venv/bin/python", ".venv/bin/jupyter"),
        ("win32", ".venv/Scripts/python.exe", ".venv/Scripts/jupyter.exe"),
        ("cygwin", ".venv/bin/python", ".venv/bin/jupyter"),
    ],
)
def test_venv_layout_per_platform(platform: str, python: str, jupyter: str) -> None:
    venv = Path(".venv")
    assert course.venv_executable(venv, "python", platform).as_posix() == python
    assert course.venv_executable(venv, "jupyter", platform).as_posix() == jupyter


def test_path_puts_the_venv_first_with_the_platform_separator() -> None:
    venv = Path("C:/course/.venv")
    windows = course.path_with_venv(venv, "win32", r"C:\Windows;C:\Python311")
    assert windows.split(";")[0].replace("\\", "/") == "C:/course/.venv/Scripts"
    assert windows.endswith(r";C:\Windows;C:\Python311")
    posix = course.path_with_venv(Path("/c/.venv"), "linux", "/usr/bin:/bin")
    assert posix == "/c/.venv/bin:/usr/bin:/bin"
    assert course.path_with_venv(Path("/c/.venv"), "darwin", "") == "/c/.venv/bin"


@pytest.mark.parametrize(
    ("version", "ok"),
    [((3, 10, 14), False), ((3, 11, 0), True), ((3, 13, 1), True), ((2, 7), False)],
)
def test_python_version_gate(version: tuple[int, ...], ok: bool) -> None:
    assert course.python_is_new_enough(version) is ok


def test_old_python_gets_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(course.sys, "version_info", (3, 10, 12, "final", 0))
    monkeypatch.setattr(course.sys, "version", "3.10.12 (main)")
    with pytest.raises(SystemExit) as stop:
        course.main(["lab"])
    message = str(stop.value.code)
    assert message.startswith("This course needs Python 3.11 or newer (this is 3.10.12)")
    assert message.count(".") >= 2 and "\n" not in message


def test_layers_select_markers_and_pass_pytest_arguments_through() -> None:
    assert course.split_layer(["quick", "-x", "-k", "cosine"]) == ("quick", ["-x", "-k", "cosine"])
    assert course.split_layer(["notebooks/03_projection.ipynb"]) == (
        None,
        ["notebooks/03_projection.ipynb"],
    )
    assert course.split_layer([]) == (None, [])
    for layer in course.LAYERS:
        assert course.pytest_marker(layer) == ["-m", layer]
    assert course.pytest_marker(None) == []


def test_every_layer_is_a_registered_marker() -> None:
    import tomllib

    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
        "markers"
    ]
    assert sorted(m.split(":")[0] for m in markers) == sorted(course.LAYERS)


def test_learners_get_the_runtime_install_and_contributors_the_dev_one() -> None:
    assert course.install_kind("lab") == course.install_kind("setup") == "learner"
    assert course.install_kind("test") == "contributor"


def test_contributor_install_also_satisfies_the_lab_but_not_the_other_way() -> None:
    inputs = {"learner": [b"pyproject", b"learner lock"], "contributor": [b"pyproject", b"dev"]}
    contributor = course.stamp_name("contributor", inputs["contributor"])
    learner = course.stamp_name("learner", inputs["learner"])
    assert contributor in course.satisfying_stamps("learner", inputs)
    assert learner not in course.satisfying_stamps("contributor", inputs)
    changed = {**inputs, "learner": [b"pyproject", b"new learner lock"]}
    assert course.stamp_name("learner", changed["learner"]) != learner


def test_ensure_env_installs_the_lock_once_then_reuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv = tmp_path / ".venv"
    python = course.venv_executable(venv, "python", sys.platform)
    python.parent.mkdir(parents=True)
    python.touch()
    calls: list[list[str]] = []
    monkeypatch.setattr(course, "VENV", venv)
    monkeypatch.setattr(course, "venv_problem", lambda venv, platform: None)  # a stand-in venv
    monkeypatch.setattr(
        course, "run", lambda command, env=None: calls.append(list(map(str, command)))
    )
    course.ensure_env("learner")
    assert [c[c.index("install") + 1 :] for c in calls] == [
        ["--quiet", "--require-hashes", "-r", "requirements/learner.txt"],
        ["--quiet", "--no-deps", "-e", "."],
    ]
    calls.clear()
    course.ensure_env("learner")
    assert calls == []
    course.ensure_env("contributor")
    assert "requirements/contributor.txt" in calls[0]
    calls.clear()
    course.ensure_env("learner")  # back to the lab after the tests: nothing to install
    assert calls == []


def test_root_gets_allow_root_and_others_do_not() -> None:
    assert course.lab_arguments(0) == ["--allow-root"]
    assert course.lab_arguments(1000) == []
    assert course.lab_arguments(None) == []  # Windows has no os.geteuid


def test_lock_command_is_universal_hashed_and_for_the_oldest_python() -> None:
    learner = course.lock_command("learner", upgrade=False)
    assert {"--universal", "--generate-hashes"} <= set(learner) and "--extra" not in learner
    assert learner[learner.index("--python-version") + 1] == "3.11"
    assert learner[-2:] == ["-o", "requirements/learner.txt"]
    assert "--upgrade" in course.lock_command("contributor", upgrade=True)


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "course.py")], capture_output=True, text=True, check=True
    )
    for command in ("lab", "test", "execute", "student", "classroom", "new", "setup", "lock"):
        assert f"course.py {command}" in done.stdout


def test_posix_shim_only_hands_over_to_course_py() -> None:
    shim = (ROOT / "course").read_text()
    assert 'exec "$candidate" course.py "$@"' in shim
    assert "sys.version_info < (3, 11)" in shim


def test_extra_layers_dispatch_with_their_pytest_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(course, "run_coretypes", lambda args: seen.append(("c", list(args))) or 0)
    monkeypatch.setattr(course, "run_oldest", lambda args: seen.append(("o", list(args))) or 3)
    with pytest.raises(SystemExit) as first:
        course.run_tests(["coretypes", "-x"])
    with pytest.raises(SystemExit) as second:
        course.run_tests(["oldest"])
    assert seen == [("c", ["-x"]), ("o", [])]
    assert (first.value.code, second.value.code) == (0, 3)
    assert "coretypes" in (course.__doc__ or "") and "oldest" in (course.__doc__ or "")


class FakeRuns:
    """subprocess.run / subprocess.call stand-ins: OpenBLAS reports ``kernels[coretype]``."""

    def __init__(self, kernels: dict[str, str | None], failing: str = "") -> None:
        self.kernels, self.failing = kernels, failing
        self.pytest_coretypes: list[str] = []

    def run(self, command: list[str], env: dict[str, str], **_: object) -> object:
        kernel = self.kernels[env["OPENBLAS_CORETYPE"]]
        stdout = f'["{kernel}"]\n' if kernel else ""
        return subprocess.CompletedProcess(command, 0 if kernel else -4, stdout, "")

    def call(self, command: list[str], env: dict[str, str], **_: object) -> int:
        assert command[2:5] == ["pytest", "-m", "notebooks"]
        self.pytest_coretypes.append(env["OPENBLAS_CORETYPE"])
        return 1 if env["OPENBLAS_CORETYPE"] == self.failing else 0


def test_coretypes_runs_each_kernel_once_and_skips_what_the_cpu_cannot_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Prescott")  # the machine's own setting
    fake = FakeRuns(
        {"Haswell": "Haswell", "SkylakeX": None, "Sandybridge": "Sandybridge", "Zen": "Haswell"}
    )
    monkeypatch.setattr(course.subprocess, "run", fake.run)
    monkeypatch.setattr(course.subprocess, "call", fake.call)
    assert course.run_coretypes([]) == 0
    assert fake.pytest_coretypes == ["Haswell", "Sandybridge"]
    out = capsys.readouterr().out
    assert "cannot run OpenBLAS's SkylakeX kernel" in out
    assert "Zen runs the Haswell kernel on this CPU, which this run already tested" in out
    assert "2 of 4 core types ran" in out
    assert course.venv_env()["OPENBLAS_CORETYPE"] == "Prescott"  # other layers keep it


def test_coretypes_fails_when_one_kernel_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    kernels: dict[str, str | None] = {c: c for c in course.CORETYPES}
    fake = FakeRuns(kernels, failing="SkylakeX")
    monkeypatch.setattr(course.subprocess, "run", fake.run)
    monkeypatch.setattr(course.subprocess, "call", fake.call)
    assert course.run_coretypes([]) == 1
    assert fake.pytest_coretypes == list(course.CORETYPES)


def test_oldest_resolves_every_direct_dependency() -> None:
    names = course.project_dependency_names()
    assert {"numpy", "scipy", "scikit-learn", "plotly", "pyyaml", "nbval", "pytest"} <= names
    assert "lowest-direct" in course.oldest_lock_command(Path("x.txt"), "3.11")


def test_oldest_runs_both_stages_and_reports_each_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing quick layer still lets the cores run; the first failure is the exit status."""
    venv = tmp_path / ".venv-oldest"
    oldest_python = course.venv_executable(venv, "python", sys.platform)
    oldest_python.parent.mkdir(parents=True)
    oldest_python.touch()
    ran: list[list[str]] = []

    def fake_run(command: list[object], env: object = None) -> None:
        words = [str(c) for c in command]
        ran.append(words)
        if "compile" in words:  # uv writes the lock
            Path(words[words.index("-o") + 1]).write_text("numpy==2.0.0\nsix==1.16.0\n")

    calls: list[list[str]] = []

    def fake_call(command: list[str], env: dict[str, str], **_: object) -> int:
        calls.append(command)
        assert env["VIRTUAL_ENV"] == str(venv)
        return 2 if "quick" in command else 0

    monkeypatch.setattr(course, "OLDEST_VENV", venv)
    monkeypatch.setattr(course, "run", fake_run)
    monkeypatch.setattr(course.subprocess, "call", fake_call)
    assert course.run_oldest(["-x"]) == 2
    assert any("lowest-direct" in words for words in ran)
    assert [c[:3] for c in calls] == [[str(oldest_python), "-m", "pytest"]] * 2
    assert calls[0][3:] == ["-m", "quick", "-x"]
    assert calls[1][3].endswith("test_student_core_runs_top_to_bottom_without_the_deep_dives")
    out = capsys.readouterr().out
    assert "Lowest allowed versions: numpy==2.0.0\n" in out  # direct dependencies only
    assert "pytest quick" in out and "FAILED (pytest exit status 2)" in out
    assert re.search(r"every notebook's core +\d+ s  passed", out)


# -- issue 29 §1: a broken or foreign .venv is said in one sentence and rebuilt -------------------


def _fake_venv(venv: Path, *, home: Path | None = None, shebang_dir: Path | None = None) -> Path:
    """A stand-in venv laid out as ``python -m venv`` makes it on Linux and macOS."""
    bin_dir = venv / "bin"
    bin_dir.mkdir(parents=True)
    base = Path(sys.executable).resolve()
    (venv / "pyvenv.cfg").write_text(f"home = {home or base.parent}\nversion = 3.11.7\n")
    (bin_dir / "python").symlink_to(base)
    runs = (shebang_dir or bin_dir) / "python3.11"
    (bin_dir / "pip").write_text(f"#!{runs}\nimport sys\n")
    return venv


posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX venv layout")


@posix_only
def test_a_healthy_venv_has_no_problem(tmp_path: Path) -> None:
    assert course.venv_problem(tmp_path / "absent", sys.platform) is None
    assert course.venv_problem(_fake_venv(tmp_path / ".venv"), sys.platform) is None


@posix_only
def test_a_moved_or_copied_venv_is_foreign(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path / "new" / ".venv", shebang_dir=tmp_path / "old" / ".venv" / "bin")
    assert course.venv_problem(venv, sys.platform) == (
        f"belongs to another folder (its scripts run {tmp_path}/old/.venv/bin/python3.11)"
    )


@posix_only
def test_a_long_path_preamble_is_read_too(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path / ".venv")
    (venv / "bin" / "pip").write_text(f"#!/bin/sh\n'''exec' '{venv}/bin/python' \"$0\"\n' '''\n")
    assert course.venv_problem(venv, sys.platform) is None
    (venv / "bin" / "pip").write_text("#!/bin/sh\n'''exec' '/elsewhere/.venv/bin/python' $0\n")
    assert "another folder" in str(course.venv_problem(venv, sys.platform))


@posix_only
def test_an_interrupted_or_orphaned_venv_is_broken(tmp_path: Path) -> None:
    no_pip = _fake_venv(tmp_path / "a" / ".venv")
    (no_pip / "bin" / "pip").unlink()
    assert course.venv_problem(no_pip, sys.platform) == (
        "has no pip (its first set-up was interrupted)"
    )
    no_config = _fake_venv(tmp_path / "b" / ".venv")
    (no_config / "pyvenv.cfg").unlink()
    assert "interrupted" in str(course.venv_problem(no_config, sys.platform))
    removed = _fake_venv(tmp_path / "c" / ".venv", home=tmp_path / "gone" / "bin")
    assert "no longer there" in str(course.venv_problem(removed, sys.platform))
    upgraded = _fake_venv(tmp_path / "d" / ".venv")
    (upgraded / "bin" / "python").unlink()
    (upgraded / "bin" / "python").symlink_to(tmp_path / "python3.10-removed")
    assert "no working python" in str(course.venv_problem(upgraded, sys.platform))


@posix_only
def test_ensure_env_says_so_and_rebuilds_a_broken_venv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    venv = _fake_venv(tmp_path / ".venv")
    (venv / "bin" / "pip").unlink()
    calls: list[list[str]] = []
    monkeypatch.setattr(course, "VENV", venv)

    def run(command: list[str | Path], env: dict[str, str] | None = None) -> None:
        calls.append(list(map(str, command)))
        venv.mkdir(exist_ok=True)  # what `python -m venv` would make

    monkeypatch.setattr(course, "run", run)
    course.ensure_env("learner")
    said = capsys.readouterr().out.splitlines()
    assert said[0] == (
        "The course environment .venv has no pip (its first set-up was interrupted): "
        "rebuilding it (a few minutes) ..."
    )
    assert calls[0] == [sys.executable, "-m", "venv", str(venv)]  # made afresh
    assert not (venv / "pyvenv.cfg").exists()  # the broken one was removed first


def test_a_read_only_checkout_gets_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert course.check_writable(tmp_path) is None
    monkeypatch.setattr(course.os, "access", lambda path, mode: False)
    monkeypatch.setattr(course, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(course, "ROOT", tmp_path)
    with pytest.raises(SystemExit) as stop:
        course.ensure_env("learner")
    assert str(stop.value) == (
        f"The course folder {tmp_path} is read-only, so the environment .venv cannot be created "
        "there: copy the course to a folder you can write to (e.g. your home folder) and run it "
        "from there."
    )
    assert not (tmp_path / ".venv").exists()


def test_an_unknown_command_is_named() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "labb"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == "Unknown command 'labb': the commands are listed below.\n"
    assert "course.py lab " in done.stdout


@posix_only
def test_a_bad_python_variable_is_refused_not_replaced() -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHON": "/bad/path"}
    done = subprocess.run(
        ["sh", str(ROOT / "course"), "help"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "PYTHON=/bad/path is not a Python 3.11 or newer that runs here: point PYTHON at one, "
        "or unset it to let the course find one.\n"
    )


def test_troubleshooting_explains_each_environment_sentence() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    troubleshooting = readme[readme.index("## Troubleshooting") :]
    for quoted in (
        "The course environment .venv",
        "rebuilding it",
        "rm -rf .venv",
        "is read-only",
        "is not a Python 3.11 or newer that runs here",
        "Unknown command 'labb'",
    ):
        assert quoted in troubleshooting, quoted
