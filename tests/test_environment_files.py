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


def locked(path: str) -> dict[str, list[tuple[str, str]]]:
    """Package name -> [(pinned version, environment marker)] of a lock file."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in (ROOT / path).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)\s*(?:;([^\\]*))?", line)
        if match:
            name = re.sub(r"[-_.]+", "-", match[1]).lower()
            pins.setdefault(name, []).append((match[2], (match[3] or "").strip()))
    return pins


def test_every_runtime_dependency_is_locked_within_its_pyproject_range() -> None:
    from packaging.requirements import Requirement

    learner, contributor = (
        locked("requirements/learner.txt"),
        locked("requirements/contributor.txt"),
    )
    for text in pyproject()["project"]["dependencies"]:
        requirement = Requirement(text)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        for lock in (learner, contributor):
            assert name in lock, f"{name} is missing from a lock: run ./course lock"
            for version, _ in lock[name]:
                assert requirement.specifier.contains(version), f"{name}=={version} vs {text}"
        assert learner[name] == contributor[name], f"{name}: the two locks pin different versions"


def test_dev_tools_are_in_the_contributor_lock_only() -> None:
    from packaging.requirements import Requirement

    learner, contributor = (
        locked("requirements/learner.txt"),
        locked("requirements/contributor.txt"),
    )
    runtime_needs = (ROOT / "requirements/learner.txt").read_text()
    for text in pyproject()["project"]["optional-dependencies"]["dev"]:
        name = re.sub(r"[-_.]+", "-", Requirement(text).name).lower()
        assert name in contributor, f"{name} is missing from the contributor lock"
        if name in learner:  # allowed only when a runtime package needs it (e.g. pyyaml)
            block = runtime_needs.split(f"\n{name}==", 1)[1].split("\n\n", 1)[0]
            via = block.split("# via", 1)[1].split("\n" + name[0], 1)[0]
            assert "embeddings-course" not in via, f"{name} is a dev tool in the learner lock"
    for tool in ("playwright", "mypy", "ruff", "hypothesis", "pytest-timeout"):
        assert tool not in learner


def test_conda_and_binder_install_the_learner_lock() -> None:
    pip = pip_section(conda_env("environment.yml"))
    assert "-r requirements/learner.txt" in pip and "--require-hashes" in pip
    binder = conda_env(".binder/environment.yml")
    assert not [d for d in binder["dependencies"] if isinstance(d, dict)]
    post_build = (ROOT / ".binder/postBuild").read_text()
    assert "pip install --require-hashes -r requirements/learner.txt" in post_build
    assert "pip install --no-deps -e ." in post_build


def test_python_is_pinned_to_a_minor_version_that_pyproject_allows() -> None:
    conda_deps = [d for d in conda_env("environment.yml")["dependencies"] if isinstance(d, str)]
    pins = [d for d in conda_deps if d.startswith("python")]
    assert pins and re.fullmatch(r"python=3\.\d+", pins[0]), "pin Python to a minor version"
    minor = int(pins[0].split(".")[1])
    from packaging.specifiers import SpecifierSet

    assert f"3.{minor}" in SpecifierSet(pyproject()["project"]["requires-python"])


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    assert "./course test" in readme and "./course lab" in readme
    commands = [line.strip() for line in ci.splitlines() if line.strip().startswith("./course")]
    # Install steps (e.g. ./course hub install) may come first; then the README's test command and
    # the portability pass under other OpenBLAS kernels.
    tests = [c for c in commands if c.startswith("./course test")]
    assert tests == ["./course test", "./course test coretypes"]
    assert commands[-2:] == tests
    assert "./course test coretypes" in readme


def test_nbval_runs_strict_with_a_sanitizer_limited_to_uuids() -> None:
    addopts = pyproject()["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--nbval" in addopts and "--nbval-lax" not in addopts
    assert "--nbval-current-env" in addopts
    assert "--nbval-sanitize-with=tests/sanitize.cfg" in addopts


def test_floors_quoted_in_environment_yml_and_pyproject_comments_are_pyprojects() -> None:
    """environment.yml and pyproject.toml's comment name floors; they must be the real ones."""
    from packaging.requirements import Requirement

    floors = {}
    for text in pyproject()["project"]["dependencies"]:
        requirement = Requirement(text)
        for spec in requirement.specifier:
            if spec.operator == ">=":
                floors[requirement.name.lower()] = spec.version
    comments = "\n".join(
        line
        for path in ("environment.yml", "pyproject.toml")
        for line in (ROOT / path).read_text().splitlines()
        if line.startswith("#")
    )
    quoted = re.findall(r"([a-z][a-z0-9-]*)>=([0-9][0-9.]*[0-9])", comments)
    quoted += re.findall(r"(numpy|scipy|pandas|pyarrow|gensim) ([0-9]+(?:\.[0-9]+)*)", comments)
    assert len(quoted) >= 9
    for name, version in quoted:
        assert floors.get(name) == version, (
            f"{name} {version} is quoted, pyproject says {floors.get(name)}"
        )
    assert floors["numpy"] == "2.0"  # np.vecdot in helpers.word2vec.fast
