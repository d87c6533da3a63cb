"""``./course new notebook NN_slug "Title"`` (tools/scaffold.py) gives a new notebook everything the
course's tests ask of one, and no placeholder of it reaches the course.

- quick: nothing the scaffold left for a person to write (``PLACEHOLDER``) is in the course; the
  name rules and refusals hold; the texts it inserts land in order;
- slow: in a temporary copy of this repository, scaffold a notebook, then run the tests that
  concern a notebook (structure, exercises, quiz, homework, guide, README times, student edition,
  strict nbval, ruff, mypy) against the copy: they pass, and only the placeholder test fails,
  naming the new files. The copy is removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.exercises.registry import MODULES
from tools.scaffold import (
    MODULES_BLOCK,
    PLACEHOLDER,
    NewNotebook,
    ScaffoldError,
    _refuse_existing,
    exercise_test,
    mistakes_module,
    registered_numbers,
    with_registration,
)

ROOT = Path(__file__).resolve().parents[1]
WRITTEN_TO = ["notebooks", "student", "src", "tests", "classroom", "README.md"]
TEXT_SUFFIXES = {".ipynb", ".py", ".md", ".toml", ".json", ".txt"}


def placeholders_left(root: Path) -> list[str]:
    """The files under ``root`` (where the scaffold writes) that still hold a placeholder."""
    found = []
    for name in WRITTEN_TO:
        top = root / name
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            if path.suffix in TEXT_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                if PLACEHOLDER in path.read_text(encoding="utf-8", errors="replace"):
                    found.append(path.relative_to(root).as_posix())
    return found


def test_no_scaffold_placeholder_is_left() -> None:
    left = placeholders_left(ROOT)
    assert not left, f"write the text marked {PLACEHOLDER} in: {', '.join(left)}"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("1_x", "X"),
        ("10-x", "X"),
        ("10_X", "X"),
        ("10_class", "X"),
        ("10_checks", "X"),
        ("10_x", ""),
    ],
)
def test_bad_names_are_refused_in_one_sentence(name: str, title: str) -> None:
    with pytest.raises(ScaffoldError) as error:
        NewNotebook.parse(name, title)
    assert str(error.value).count(".") >= 1 and "\n" not in str(error.value)


def test_taken_numbers_and_modules_are_refused() -> None:
    first = sorted((ROOT / "notebooks").glob("*.ipynb"))[0].stem
    with pytest.raises(ScaffoldError, match="is taken by"):
        _refuse_existing(NewNotebook.parse(f"{first[:2]}_fresh_name", "T"), ROOT)
    with pytest.raises(ScaffoldError, match="exists"):
        _refuse_existing(NewNotebook.parse("99_welcome", "T"), ROOT)  # 00's exercise module


def test_registration_is_inserted_in_sorted_order() -> None:
    registry = (ROOT / "src" / "helpers" / "exercises" / "registry.py").read_text(encoding="utf-8")
    before = registered_numbers(registry)
    middle = NewNotebook.parse("05_middle_name", "T")  # a number inside the registered ones
    with pytest.raises(ScaffoldError, match="registered already"):
        with_registration(registry, middle)
    for number in ("99", f"{int(max(before, key=int)) + 1:02d}"):
        new = NewNotebook.parse(f"{number}_middle_name", "T")
        text = with_registration(registry, new)
        after = registered_numbers(text)
        assert after == sorted([*before, str(int(number))], key=int)
        added = f'    "{int(number)}": "helpers.exercises.middle_name",\n'
        assert text.count(added) == 1 and text.replace(added, "", 1) == registry


def test_the_written_registry_maps_the_new_module() -> None:
    """The scaffold's registry text, executed, maps the key to the module (the lazy registry's
    contract) and keeps every other entry."""
    registry = (ROOT / "src" / "helpers" / "exercises" / "registry.py").read_text(encoding="utf-8")
    text = with_registration(registry, NewNotebook.parse("42_middle_name", "T"))
    block = MODULES_BLOCK.search(text)
    assert block is not None
    mapped: dict[str, dict[str, str]] = {}
    exec(block[0].replace("MODULES =", "mapped['m'] =", 1), {"mapped": mapped})
    assert mapped["m"] == {**MODULES, "42": "helpers.exercises.middle_name"}
    assert list(mapped["m"]) == sorted(mapped["m"], key=int)


def test_the_sample_mistakes_module_fits_the_record_layout() -> None:
    new = NewNotebook.parse("42_middle_name", "T")
    namespace: dict[str, object] = {}
    exec(compile(mistakes_module(new), "<mistakes>", "exec"), namespace)
    wrong = namespace["WRONG"]
    assert isinstance(wrong, list) and len(wrong) >= 4
    assert {key for key, _, _ in wrong} == {new.key}
    assert all(callable(f) and f.__doc__ for _, f, _ in wrong)
    assert "WRONG" not in exercise_test(new)  # the test file holds only what the record cannot


def _free_number() -> str:
    used = [int(p.name[:2]) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")]
    return f"{max(used) + 1:02d}"


def _copy_of_the_repository(target: Path) -> None:
    """Every file git knows or would add (tracked and untracked, not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1500)


def _failures_first(output: str, tail: int) -> str:
    r"""An inner pytest's output for an assertion message: the tests that failed first (the
    ``FAILED``/``ERROR`` lines of its summary, one line each), then its last ``tail`` characters.

    Examples
    --------
    >>> print(_failures_first("x\nFAILED t.py::a - AssertionError: no\n  more\n1 failed", 8))
    inner tests that failed:
    FAILED t.py::a - AssertionError: no
    … the output's end:
    1 failed
    """
    failed = [line[:400] for line in output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return (
        "\n".join(
            ["inner tests that failed:", *(failed or ["(none named)"]), "… the output's end:"]
        )
        + f"\n{output[-tail:]}"
    )


@pytest.mark.slow
def test_a_scaffolded_notebook_passes_the_notebook_tests(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    _copy_of_the_repository(copy)
    # The course is installed in editable mode from this checkout: put the copy's sources first.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(copy)])}
    python = sys.executable
    new = NewNotebook.parse(f"{_free_number()}_scaffold_check", "A scaffolded notebook")
    try:
        done = _run([python, "-m", "tools.scaffold", "notebook", new.stem, new.title], copy, env)
        assert done.returncode == 0, done.stdout + done.stderr
        where = _run(
            [python, "-c", f"import helpers.exercises.{new.module} as m; print(m.__file__)"],
            copy,
            env,
        )
        assert where.stdout.strip().startswith(str(copy)), where.stdout + where.stderr

        tests = [
            "tests/test_notebook_structure.py",
            "tests/test_exercises_generic.py",
            "tests/test_exercises_lazy.py",
            f"tests/test_exercises_{new.module}.py",
            "tests/test_quiz.py",
            "tests/test_homework.py",
            "tests/test_teacher_guide.py",
            "tests/test_readme_times.py",
            "tests/test_student_edition.py",
            "tests/test_shadowing.py",
            f"src/helpers/exercises/{new.module}.py",
            f"notebooks/{new.stem}.ipynb",
        ]
        quick_and_nbval = _run(
            [python, "-m", "pytest", "-q", "-rfE", *tests, "-m", "quick or notebooks"],
            copy,
            env,
        )
        assert quick_and_nbval.returncode == 0, _failures_first(quick_and_nbval.stdout, 6000)
        core = "tests/test_student_edition.py::test_student_core_runs_top_to_bottom_without_the_deep_dives"
        student = _run([python, "-m", "pytest", "-q", "-rfE", f"{core}[{new.stem}]"], copy, env)
        assert student.returncode == 0 and "1 passed" in student.stdout, _failures_first(
            student.stdout, 4000
        )

        files = [
            f"notebooks/{new.stem}.ipynb",
            f"src/helpers/exercises/{new.module}.py",
            f"src/helpers/exercises/mistakes/{new.module}.py",
            "src/helpers/exercises/registry.py",
            f"tests/test_exercises_{new.module}.py",
        ]
        for lint in (["check"], ["format", "--check"]):
            ruff = _run([python, "-m", "ruff", *lint, *files], copy, env)
            assert ruff.returncode == 0, ruff.stdout + ruff.stderr
        mypy = _run(
            [
                python,
                "-m",
                "mypy",
                f"src/helpers/exercises/{new.module}.py",
                f"src/helpers/exercises/mistakes/{new.module}.py",
                "src/helpers/exercises/registry.py",
            ],
            copy,
            env,
        )
        assert mypy.returncode == 0, mypy.stdout + mypy.stderr

        left = placeholders_left(copy)
        assert f"notebooks/{new.stem}.ipynb" in left and "README.md" in left
        guard = _run(
            [
                python,
                "-m",
                "pytest",
                "-q",
                "tests/test_scaffold.py::test_no_scaffold_placeholder_is_left",
            ],
            copy,
            env,
        )
        assert guard.returncode == 1 and f"notebooks/{new.stem}.ipynb" in guard.stdout
    finally:
        shutil.rmtree(copy)
    assert not copy.exists()
