"""pyproject.toml, environment.yml, Binder and CI agree with each other and with the README."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def conda_env(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text())


def pip_section(env: dict) -> list[str]:
    sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment files need exactly one pip section"
    return sections[0]


def normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower()


def test_environment_yml_matches_pyproject_dependencies_and_bounds() -> None:
    expected = sorted(normalise(r) for r in pyproject()["project"]["dependencies"])
    pip = pip_section(conda_env("environment.yml"))
    assert "-e ." in pip, "environment.yml must install the course package itself (-e .)"
    listed = sorted(normalise(r) for r in pip if r != "-e .")
    assert listed == expected


def test_binder_environment_is_the_same_minus_the_editable_install() -> None:
    root, binder = conda_env("environment.yml"), conda_env(".binder/environment.yml")
    assert [r for r in pip_section(root) if r != "-e ."] == pip_section(binder)
    assert [d for d in root["dependencies"] if not isinstance(d, dict)] == [
        d for d in binder["dependencies"] if not isinstance(d, dict)
    ]
    post_build = (ROOT / ".binder/postBuild").read_text()
    assert "pip install --no-deps -e ." in post_build


def test_python_is_pinned_to_a_minor_version_that_pyproject_allows() -> None:
    conda_deps = [d for d in conda_env("environment.yml")["dependencies"] if isinstance(d, str)]
    pins = [d for d in conda_deps if d.startswith("python")]
    assert pins and re.fullmatch(r"python=3\.\d+", pins[0]), "pin Python to a minor version"
    minor = int(pins[0].split(".")[1])
    required = pyproject()["project"]["requires-python"]
    assert required == ">=3.11" and minor >= 11


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    assert "./course test" in readme and "./course lab" in readme
    commands = [line.strip() for line in ci.splitlines() if line.strip().startswith("./course")]
    assert commands == ["./course test"]


def test_nbval_runs_strict_with_a_sanitizer_limited_to_uuids() -> None:
    addopts = pyproject()["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--nbval" in addopts and "--nbval-lax" not in addopts
    assert "--nbval-current-env" in addopts
    sanitize = (ROOT / "tests/sanitize.cfg").read_text()
    sections = re.findall(r"^\[(.+)\]$", sanitize, flags=re.MULTILINE)
    assert sections == ["uuid4"]
