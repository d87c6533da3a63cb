#!/usr/bin/env python3
"""One entry point for learners, teachers and CI, on Linux, macOS and Windows.

    python course.py lab                  set up .venv (learner install) and open JupyterLab
    python course.py test [LAYER] [ARGS]  set up .venv (contributor install) and run the tests;
                                          LAYER: quick, notebooks, student, browser, slow
                                          (none = everything: lint, types and every layer);
                                          also coretypes (strict nbval under several OpenBLAS
                                          kernels) and oldest (lowest allowed versions)
    python course.py execute NB...        re-execute notebooks in place (refresh stored outputs)
    python course.py student [--force]    regenerate the student edition in student/ (--force:
                                          also overwrite student notebooks you changed)
    python course.py classroom OUTDIR [NB...]  build the nbgrader course (graded labs) in OUTDIR
    python course.py new notebook NN_slug "Title"  scaffold a new notebook and every artefact it
                                          needs (CONTRIBUTING.md, "A new notebook")
    python course.py site [OUTDIR]        build the website edition (default build/site/) from
                                          the stored outputs, offline (tools/build_site.py)
    python course.py setup                only create or update .venv (learner install)
    python course.py lock [--upgrade]     re-lock requirements/*.txt from pyproject.toml
    python course.py hub [install|lock]   start a JupyterHub on 127.0.0.1 for trying a class
                                          (install: only set up .venv-hub and the proxy)
    python course.py publish-student [--hub URL] [--repo URL]  commit student/ alone to the
                                          branch student-edition and print the nbgitpuller link

On Linux and macOS ``./course ...`` does the same; on Windows use ``py course.py ...``.
Standard library only: it runs before any dependency is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCKS = {"learner": "requirements/learner.txt", "contributor": "requirements/contributor.txt"}
LAYERS = ("quick", "notebooks", "student", "browser", "slow")
MIN_PYTHON = (3, 11)
TOO_OLD = (
    "This course needs Python 3.11 or newer (this is {found}); install it from python.org or "
    "your package manager and run this again."
)
LOCK_PYTHON = "3.11"
NO_TESTS_COLLECTED = 5  # pytest's exit status when a selection is empty


def python_is_new_enough(version: tuple[int, ...]) -> bool:
    """Whether a Python version (``sys.version_info``) can run the course.

    >>> python_is_new_enough((3, 11, 0)), python_is_new_enough((3, 10, 14))
    (True, False)
    """
    return version[:2] >= MIN_PYTHON


def venv_bin(venv: Path, platform: str) -> Path:
    """The folder of a virtualenv's executables: ``Scripts`` on Windows, ``bin`` elsewhere.

    >>> venv_bin(Path(".venv"), "win32").as_posix(), venv_bin(Path(".venv"), "linux").as_posix()
    ('.venv/Scripts', '.venv/bin')
    """
    return venv / ("Scripts" if platform.startswith("win") else "bin")


def venv_executable(venv: Path, name: str, platform: str) -> Path:
    """A virtualenv's executable ``name`` (``python``, ``jupyter``, ...) on ``platform``.

    >>> venv_executable(Path(".venv"), "python", "win32").as_posix()
    '.venv/Scripts/python.exe'
    >>> venv_executable(Path(".venv"), "python", "darwin").as_posix()
    '.venv/bin/python'
    """
    suffix = ".exe" if platform.startswith("win") else ""
    return venv_bin(venv, platform) / f"{name}{suffix}"


def path_with_venv(venv: Path, platform: str, path: str) -> str:
    """``PATH`` with the virtualenv's executables first (``;`` separates on Windows).

    >>> path_with_venv(Path("/c/.venv"), "linux", "/usr/bin")
    '/c/.venv/bin:/usr/bin'
    """
    separator = ";" if platform.startswith("win") else ":"
    return separator.join([str(venv_bin(venv, platform)), *([path] if path else [])])


def install_kind(command: str) -> str:
    """Which install a command needs: ``contributor`` (runtime + dev tools) for the tests and the
    authoring tools, ``learner`` (runtime only) for the lab and set-up.

    >>> install_kind("lab"), install_kind("test")
    ('learner', 'contributor')
    """
    authoring = {"test", "execute", "student", "classroom", "new", "site"}
    return "contributor" if command in authoring else "learner"


def stamp_name(kind: str, inputs: Sequence[bytes]) -> str:
    """The stamp file recording that the ``kind`` install of these inputs is done.

    >>> stamp_name("learner", [b"a"]) == stamp_name("learner", [b"a"]) != stamp_name("learner", [b"b"])
    True
    """
    digest = hashlib.sha256(b"\0".join(inputs)).hexdigest()[:16]
    return f".installed-{kind}-{digest}"


def satisfying_stamps(kind: str, inputs: Mapping[str, Sequence[bytes]]) -> list[str]:
    """Stamps any of which means ``kind`` needs no install: the contributor install includes the
    learner one, so after ``test`` the lab starts without reinstalling.

    >>> inputs = {"learner": [b"l"], "contributor": [b"c"]}
    >>> len(satisfying_stamps("learner", inputs)), len(satisfying_stamps("contributor", inputs))
    (2, 1)
    """
    kinds = ["learner", "contributor"] if kind == "learner" else ["contributor"]
    return [stamp_name(k, inputs[k]) for k in kinds]


def pytest_marker(layer: str | None) -> list[str]:
    """pytest arguments selecting a test layer (``None``: every layer).

    >>> pytest_marker("quick"), pytest_marker(None)
    (['-m', 'quick'], [])
    """
    if layer is None:
        return []
    if layer not in LAYERS:
        raise SystemExit(f"Unknown test layer {layer!r}; choose one of {', '.join(LAYERS)}.")
    return ["-m", layer]


def split_layer(args: Sequence[str]) -> tuple[str | None, list[str]]:
    """Split ``test`` arguments into an optional layer and the arguments passed on to pytest.

    >>> split_layer(["quick", "-x"]), split_layer(["tests/test_vectors.py"])
    (('quick', ['-x']), (None, ['tests/test_vectors.py']))
    """
    if args and args[0] in LAYERS:
        return args[0], list(args[1:])
    return None, list(args)


def lab_arguments(euid: int | None) -> list[str]:
    """Extra ``jupyter lab`` arguments: ``--allow-root`` when running as root (``euid`` 0; ``None``
    on Windows, which has no user ids).

    >>> lab_arguments(0), lab_arguments(1000), lab_arguments(None)
    (['--allow-root'], [], [])
    """
    return ["--allow-root"] if euid == 0 else []


def lock_command(kind: str, upgrade: bool) -> list[str]:
    """The ``uv pip compile`` arguments that write the ``kind`` lock from pyproject.toml.

    >>> lock_command("contributor", upgrade=False)[-4:]
    ['--extra', 'dev', '-o', 'requirements/contributor.txt']
    """
    command = [
        "pip",
        "compile",
        "pyproject.toml",
        "--universal",
        "--generate-hashes",
        "--python-version",
        LOCK_PYTHON,
        "--no-header",
        "--quiet",
    ]
    if upgrade:
        command.append("--upgrade")
    if kind == "contributor":
        command += ["--extra", "dev"]
    return [*command, "-o", LOCKS[kind]]


# ---------------------------------------------------------------- a class on a JupyterHub

HUB_VENV = ROOT / ".venv-hub"
HUB_LOCK = "requirements/hub.txt"
HUB_CONFIG = ROOT / "classroom" / "hub" / "jupyterhub_config.py"
HUB_PROXY_DIR = (
    ROOT / "classroom" / "hub" / "proxy"
)  # package.json + lock; npm ci fills node_modules
HUB_STATE = ROOT / ".hub"  # the local hub's database, cookie secret, homes and shared cache
STUDENT_BRANCH = "student-edition"
SOLUTION_MARKER = "### BEGIN SOLUTION"


def hub_lock_command(upgrade: bool) -> list[str]:
    """The ``uv pip compile`` arguments that write the hub lock: the learner set, pinned to the
    learner lock's versions, plus the ``hub`` extra (JupyterHub, nbgitpuller, the idle culler).

    >>> hub_lock_command(upgrade=False)[-6:]
    ['--extra', 'hub', '-c', 'requirements/learner.txt', '-o', 'requirements/hub.txt']
    """
    command = lock_command("learner", upgrade)[:-2]
    return [*command, "--extra", "hub", "-c", LOCKS["learner"], "-o", HUB_LOCK]


def hub_proxy_command(proxy_dir: Path, platform: str) -> Path:
    """The configurable-http-proxy executable that ``npm ci`` installs into ``proxy_dir``.

    >>> hub_proxy_command(Path("p"), "linux").as_posix()
    'p/node_modules/.bin/configurable-http-proxy'
    """
    suffix = ".cmd" if platform.startswith("win") else ""
    return proxy_dir / "node_modules" / ".bin" / f"configurable-http-proxy{suffix}"


def hub_environment(
    venv: Path, state: Path, port: int, password: str, **settings: int | str
) -> dict[str, str]:
    """The ``COURSE_HUB_*`` variables ``classroom/hub/jupyterhub_config.py`` reads.

    ``settings`` sets the others by their lower-case name without the prefix: ``cull_timeout``,
    ``cull_every``, ``kernel_cull``, ``activity``, ``api_port``, ``hub_port``, ``threads``.

    >>> env = hub_environment(Path("/v"), Path("/s"), 8000, "pw", cull_timeout=30)
    >>> env["COURSE_HUB_PORT"], env["COURSE_HUB_CULL_TIMEOUT"], env["COURSE_HUB_VENV"]
    ('8000', '30', '/v')
    """
    env = {
        "COURSE_HUB_VENV": str(venv),
        "COURSE_HUB_STATE": str(state),
        "COURSE_HUB_PORT": str(port),
        "COURSE_HUB_PASSWORD": password,
        "COURSE_HUB_PROXY": str(hub_proxy_command(HUB_PROXY_DIR, sys.platform)),
    }
    env.update({f"COURSE_HUB_{k.upper()}": str(v) for k, v in settings.items()})
    return env


def solution_files(listing: str) -> list[str]:
    """The files ``git grep -l`` listed (one per line, ``TREE:path``) as holding a solution.

    >>> solution_files("abc123:01_one_hot.ipynb"), solution_files("")
    (['01_one_hot.ipynb'], [])
    """
    return [line.split(":", 1)[-1] for line in listing.splitlines() if line.strip()]


def pull_link(hub: str, repo: str, branch: str, first_notebook: str) -> str:
    """The nbgitpuller link that clones (first click) or merges (later clicks) ``branch`` of
    ``repo`` into each learner's home and opens ``first_notebook`` in JupyterLab.

    >>> pull_link("https://hub.example.org/", "https://git.example.org/course.git",
    ...           "student-edition", "00_welcome.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fcourse.git&branch=student-edition&urlpath=lab%2Ftree%2Fcourse%2F00_welcome.ipynb'
    """
    from urllib.parse import urlencode

    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{first_notebook}"}
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def venv_problem(venv: Path, platform: str) -> str | None:
    """Why an existing ``venv`` cannot be used (one phrase), or None if it looks healthy or is absent.

    Catches what people do to a course folder: move, rename or copy it (the scripts' shebang
    lines still name the old folder), interrupt the first set-up (no pip yet), or remove or
    upgrade the Python it was made from (its ``python`` link points nowhere).

    >>> venv_problem(Path("/nonexistent/.venv"), "linux") is None
    True
    """
    if not venv.exists():
        return None
    config = venv / "pyvenv.cfg"
    if not config.is_file():
        return "has no pyvenv.cfg (its creation was interrupted)"
    home = next(
        (
            line.split("=", 1)[1].strip()
            for line in config.read_text(errors="replace").splitlines()
            if line.split("=", 1)[0].strip() == "home"
        ),
        "",
    )
    if not home or not Path(home).is_dir():
        return f"was made from a Python that is no longer there ({home or 'unknown'})"
    python = venv_executable(venv, "python", platform)
    if not python.exists():  # also a symbolic link to a removed or upgraded Python
        return "has no working python (the Python it was made from was removed or upgraded)"
    pip = venv_executable(venv, "pip", platform)
    if not pip.exists():
        return "has no pip (its first set-up was interrupted)"
    if not platform.startswith("win"):  # Windows scripts are .exe launchers: no shebang to read
        # The shebang names the venv's python, on the first line (or, for a long path, on an
        # ``exec`` line of a /bin/sh preamble): after a move or a copy it names the old folder.
        runs = script_interpreter(pip.read_bytes()[:2000].decode(errors="replace"))
        if runs is not None and Path(runs).parent != venv_bin(venv, platform):
            return f"belongs to another folder (its scripts run {runs})"
    return None


def script_interpreter(head: str) -> str | None:
    """The interpreter a pip-made script runs, from its first lines (None if it has no shebang).

    >>> script_interpreter("#!/c/.venv/bin/python3.11\\nimport sys")
    '/c/.venv/bin/python3.11'
    >>> script_interpreter("#!/bin/sh\\n'''exec' '/a b/.venv/bin/python' $0\\n' '''")
    '/a b/.venv/bin/python'
    """
    lines = head.splitlines()
    if not lines or not lines[0].startswith("#!"):
        return None
    first = lines[0][2:].strip()
    if first != "/bin/sh":
        return first.split()[0] if first else None
    for line in lines[1:3]:  # pip's preamble for paths too long for a shebang line
        if line.startswith("'''exec' "):
            rest = line[len("'''exec' ") :]
            return rest[1 : rest.index("'", 1)] if rest.startswith("'") else rest.split()[0]
    return first


def check_writable(root: Path) -> str | None:
    """One sentence if the course folder cannot be written to (a read-only checkout), else None.

    >>> check_writable(Path("/nonexistent")) is not None
    True
    """
    if root.is_dir() and os.access(root, os.W_OK):
        return None
    return (
        f"The course folder {root} is read-only, so the environment .venv cannot be created "
        "there: copy the course to a folder you can write to (e.g. your home folder) and run it "
        "from there."
    )


def unknown_command(command: str) -> str:
    """The sentence for a command course.py does not know.

    >>> unknown_command("labb")
    "Unknown command 'labb': the commands are listed below."
    """
    return f"Unknown command {command!r}: the commands are listed below."


# ---------------------------------------------------------------- side effects below this line


def run(command: Sequence[str | Path], env: dict[str, str] | None = None) -> None:
    """Run a command from the repository root; stop with its exit status if it fails."""
    status = subprocess.call([str(c) for c in command], cwd=ROOT, env=env)
    if status != 0:
        raise SystemExit(status)


def exec_(command: Sequence[str | Path]) -> None:
    """Hand over to a command and leave with its exit status (no ``os.exec*``: Windows-safe)."""
    try:
        raise SystemExit(subprocess.call([str(c) for c in command], cwd=ROOT))
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def python() -> Path:
    return venv_executable(VENV, "python", sys.platform)


def stamp_inputs() -> dict[str, list[bytes]]:
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    return {
        kind: [pyproject, (ROOT / lock).read_bytes() if (ROOT / lock).exists() else b""]
        for kind, lock in LOCKS.items()
    }


def ensure_env(kind: str) -> None:
    """Create .venv on first use and install the ``kind`` lock when its inputs changed.

    A broken or foreign .venv (see :func:`venv_problem`) is said in one sentence and rebuilt.
    """
    problem = venv_problem(VENV, sys.platform)
    if problem is not None:
        print(f"The course environment {VENV.name} {problem}: rebuilding it (a few minutes) ...")
        shutil.rmtree(VENV)
    if not python().exists():
        unwritable = check_writable(ROOT)
        if unwritable is not None:
            raise SystemExit(unwritable)
        print(f"Creating the course environment in {VENV.name} (first run only) ...")
        run([sys.executable, "-m", "venv", VENV])
    inputs = stamp_inputs()
    if any((VENV / s).exists() for s in satisfying_stamps(kind, inputs)):
        return
    what = "course and the contributors' tools" if kind == "contributor" else "course"
    print(
        f"Installing the {what} into {VENV.name} (a few minutes; again only when "
        f"pyproject.toml or {LOCKS[kind]} change) ..."
    )
    pip: list[str | Path] = [python(), "-m", "pip", "install", "--quiet"]
    run([*pip, "--require-hashes", "-r", LOCKS[kind]])
    run([*pip, "--no-deps", "-e", "."])
    for old in VENV.glob(f".installed-{kind}-*"):
        old.unlink()
    (VENV / stamp_name(kind, inputs[kind])).touch()


def venv_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = path_with_venv(VENV, sys.platform, env.get("PATH", ""))
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def run_tests(args: Sequence[str]) -> None:
    if args and args[0] in EXTRA_LAYERS:
        run_extra_layer(args[0], args[1:])
    layer, pytest_args = split_layer(args)
    env = venv_env()
    if layer in (None, "quick"):
        print("== ruff (lint and format) ==", flush=True)
        run([python(), "-m", "ruff", "check", "."], env=env)
        run([python(), "-m", "ruff", "format", "--check", "."], env=env)
        print("== mypy (src/helpers, tools, course.py) ==", flush=True)
        run([python(), "-m", "mypy"], env=env)
    print(f"== pytest ({layer or 'every layer'}) ==", flush=True)
    status = subprocess.call(
        [str(python()), "-m", "pytest", *pytest_marker(layer), *pytest_args], cwd=ROOT, env=env
    )
    if status == NO_TESTS_COLLECTED and layer is not None:
        print(f"No test is in the {layer} layer yet.")
        status = 0
    raise SystemExit(status)


# ------------------------------------------- extra layers: coretypes and oldest (issue 23 §4, §5)

EXTRA_LAYERS = ("coretypes", "oldest")
CORETYPES = ("Haswell", "SkylakeX", "Sandybridge", "Zen")
"""OpenBLAS kernels the ``coretypes`` layer runs strict nbval under (``OPENBLAS_CORETYPE``)."""
OPENBLAS_PROBE = (
    "import json, numpy, scipy.linalg, threadpoolctl; print(json.dumps(sorted({i.get('architecture')"
    " or '?' for i in threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas'})))"
)
OLDEST_VENV = ROOT / ".venv-oldest"


def coretype_skip_reason(requested: str, kernels: Sequence[str], tested: Sequence[str]) -> str:
    """Why the ``coretypes`` layer skips a core type ('' when it runs it).

    ``kernels`` are the kernels OpenBLAS reports (threadpoolctl) with ``OPENBLAS_CORETYPE`` set to
    ``requested``; ``tested`` are the kernels already tested in this run.

    >>> coretype_skip_reason("Haswell", ["Haswell"], [])
    ''
    >>> coretype_skip_reason("Zen", ["Haswell"], ["Haswell"])
    'OPENBLAS_CORETYPE=Zen runs the Haswell kernel on this CPU, which this run already tested'
    >>> coretype_skip_reason("SkylakeX", ["Haswell"], [])
    "this CPU cannot run OpenBLAS's SkylakeX kernel (OpenBLAS chose Haswell)"
    """
    if not kernels:
        return f"NumPy loads no OpenBLAS here, so OPENBLAS_CORETYPE={requested} changes nothing"
    chosen = sorted(set(kernels))
    if [k.lower() for k in chosen] == [requested.lower()]:
        return ""
    if len(chosen) == 1 and chosen[0] in tested:
        return (
            f"OPENBLAS_CORETYPE={requested} runs the {chosen[0]} kernel on this CPU, "
            "which this run already tested"
        )
    return f"this CPU cannot run OpenBLAS's {requested} kernel (OpenBLAS chose {', '.join(chosen)})"


def oldest_lock_command(lock: Path, python_version: str) -> list[str]:
    """The ``uv`` arguments that resolve the lowest versions pyproject.toml allows.

    Lowest for every direct dependency (runtime and dev), newest compatible for the packages
    they pull in (``--resolution lowest-direct``): it tests the floors we declare.

    >>> oldest_lock_command(Path("l.txt"), "3.11")[4:8]
    ['dev', '--resolution', 'lowest-direct', '--python-version']
    """
    return [
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--resolution",
        "lowest-direct",
        "--python-version",
        python_version,
        "--no-header",
        "--quiet",
        "-o",
        str(lock),
    ]


def run_extra_layer(layer: str, args: Sequence[str]) -> None:
    """Run the ``coretypes`` or ``oldest`` layer and leave with its exit status."""
    raise SystemExit(run_coretypes(args) if layer == "coretypes" else run_oldest(args))


def run_coretypes(args: Sequence[str]) -> int:
    """Strict nbval over notebooks/ once per OpenBLAS core type this CPU can run.

    Stored outputs must pass on any CPU (issue 23 §4): each pass sets ``OPENBLAS_CORETYPE``
    (only for its own processes), asks threadpoolctl which kernel NumPy's and SciPy's OpenBLAS
    really use, and skips, saying why, a core type this CPU cannot run or that falls back to a
    kernel already tested.
    """
    import json
    import time

    results: list[tuple[str, str, str]] = []
    tested: list[str] = []
    for coretype in CORETYPES:
        env = {**venv_env(), "OPENBLAS_CORETYPE": coretype}
        probe = subprocess.run(
            [str(python()), "-c", OPENBLAS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if probe.returncode != 0:
            reason = f"this CPU cannot run OpenBLAS's {coretype} kernel (Python exited with {probe.returncode})"
            kernels: list[str] = []
        else:
            kernels = json.loads(probe.stdout.strip().splitlines()[-1])
            reason = coretype_skip_reason(coretype, kernels, tested)
        if reason:
            print(f"== OPENBLAS_CORETYPE={coretype}: skipped: {reason} ==", flush=True)
            results.append((coretype, ", ".join(kernels) or "-", f"skipped: {reason}"))
            continue
        tested.append(kernels[0])
        print(f"== strict nbval over notebooks/, OPENBLAS_CORETYPE={coretype} ==", flush=True)
        start = time.monotonic()
        status = subprocess.call(
            [str(python()), "-m", "pytest", "-m", "notebooks", "-q", *args], cwd=ROOT, env=env
        )
        verdict = "passed" if status == 0 else f"FAILED (pytest exit status {status})"
        results.append((coretype, kernels[0], f"{verdict} in {time.monotonic() - start:.0f} s"))
    print("== coretypes: strict nbval of the stored outputs per OpenBLAS kernel ==")
    for coretype, kernel, outcome in results:
        print(f"  OPENBLAS_CORETYPE={coretype:<12} kernel {kernel:<12} {outcome}")
    print(f"  {len(tested)} of {len(CORETYPES)} core types ran on this CPU.")
    failed = [r for r in results if r[2].startswith("FAILED")]
    return 1 if failed or not tested else 0


def run_oldest(args: Sequence[str]) -> int:
    """The quick layer and every notebook's core under the lowest versions pyproject.toml allows.

    Resolves them with uv into a temporary lock, installs them into ``.venv-oldest`` (a separate
    environment; .venv is untouched), then runs ``pytest -m quick`` and the student layer's
    core test (each notebook without its deep dives, executed top to bottom). Strict nbval of
    the stored outputs is not run: older libraries may print differently. Ends with how long
    each stage took and its verdict.
    """
    import time

    start = time.monotonic()
    run([python(), "-m", "pip", "install", "--quiet", "uv"])
    uv = venv_executable(VENV, "uv", sys.platform)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not venv_executable(OLDEST_VENV, "python", sys.platform).exists():
        print(f"Creating {OLDEST_VENV.name} for the oldest allowed versions ...", flush=True)
        run([uv, "venv", "--quiet", "--python", sys.executable, OLDEST_VENV])
    lock = OLDEST_VENV / "oldest-lock.txt"
    print(f"== resolving the lowest allowed versions (Python {version}) ==", flush=True)
    run([uv, *oldest_lock_command(lock, version)])
    oldest_python = venv_executable(OLDEST_VENV, "python", sys.platform)
    run([uv, "pip", "sync", "--quiet", "--python", oldest_python, lock])
    run([uv, "pip", "install", "--quiet", "--python", oldest_python, "--no-deps", "-e", "."])
    direct = project_dependency_names()
    pins = [line for line in lock.read_text().splitlines() if line.split("==")[0] in direct]
    print("Lowest allowed versions: " + ", ".join(pins), flush=True)
    stages = [("resolve and install the lowest versions (uv)", time.monotonic() - start, "done")]
    statuses = []
    env = dict(os.environ)
    env["PATH"] = path_with_venv(OLDEST_VENV, sys.platform, env.get("PATH", ""))
    env["VIRTUAL_ENV"] = str(OLDEST_VENV)
    cores = (
        "tests/test_student_edition.py::test_student_core_runs_top_to_bottom_without_the_deep_dives"
    )
    for title, pytest_args in (
        ("pytest quick", ["-m", "quick"]),
        ("every notebook's core", [cores]),
    ):
        print(f"== {title} (oldest versions) ==", flush=True)
        start = time.monotonic()
        status = subprocess.call(
            [str(oldest_python), "-m", "pytest", *pytest_args, *args], cwd=ROOT, env=env
        )
        verdict = "passed" if status == 0 else f"FAILED (pytest exit status {status})"
        stages.append((title, time.monotonic() - start, verdict))
        statuses.append(status)
    print("== oldest: the stages and how long each took ==")
    for title, seconds, verdict in stages:
        print(f"  {title:<46} {seconds:5.0f} s  {verdict}")
    return next((status for status in statuses if status != 0), 0)


def project_dependency_names() -> set[str]:
    """Normalised names of pyproject.toml's direct dependencies (runtime and dev)."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {
        re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[; ]", t, maxsplit=1)[0]).lower() for t in texts
    }


def relock(args: Sequence[str]) -> None:
    upgrade = "--upgrade" in args
    run([python(), "-m", "pip", "install", "--quiet", "uv"])
    (ROOT / "requirements").mkdir(exist_ok=True)
    uv = venv_executable(VENV, "uv", sys.platform)
    for kind in LOCKS:
        print(f"== locking {LOCKS[kind]} ==", flush=True)
        run([uv, *lock_command(kind, upgrade)])


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo`` and return its output (stripped); stop with git's message if it fails."""
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def publish_student(repo: Path = ROOT, branch: str = STUDENT_BRANCH) -> str | None:
    """Commit the committed ``student/`` folder, alone at the top, onto ``branch``.

    The new commit's parent is the branch's previous tip, so every publication is a fast-forward
    and nbgitpuller merges it into the learners' copies. Refuses if ``student/`` has changes not
    committed or holds a solution. Returns the new commit, or ``None`` if nothing changed.
    """
    if git(repo, "status", "--porcelain", "--", "student"):
        raise SystemExit("student/ has changes that are not committed: commit them first.")
    tree = git(repo, "rev-parse", "HEAD:student")
    found = subprocess.run(
        ["git", "grep", "-l", "-F", SOLUTION_MARKER, tree], cwd=repo, capture_output=True, text=True
    )
    leaked = solution_files(found.stdout)
    if leaked:
        raise SystemExit(f"student/ holds solutions ({', '.join(leaked)}): not published.")
    exists = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    parent = exists.stdout.strip() if exists.returncode == 0 else ""
    if parent and git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    source = git(repo, "rev-parse", "--short", "HEAD")
    message = f"Student edition from {source} (student/ of the course, no solutions)"
    commit = git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git(repo, "update-ref", f"refs/heads/{branch}", commit, *([parent] if parent else []))
    return commit


def publish_student_command(args: Sequence[str]) -> None:
    options = dict(zip(args[::2], args[1::2], strict=False))
    commit = publish_student()
    print(
        f"Published {commit[:12]} to branch {STUDENT_BRANCH}."
        if commit
        else f"Branch {STUDENT_BRANCH} already holds this student/; nothing to publish."
    )
    remote = subprocess.run(
        ["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    repo = options.get("--repo", remote or "https://git.example.org/OWNER/REPO.git")
    hub = options.get("--hub", "https://HUB.example.org")
    print(f"Push it (git push origin {STUDENT_BRANCH}), then give learners this link:")
    print(pull_link(hub, repo, STUDENT_BRANCH, "00_welcome.ipynb"))


def hub_python() -> Path:
    return venv_executable(HUB_VENV, "python", sys.platform)


def ensure_hub_env() -> None:
    """Create .venv-hub (the hub lock: learner set + JupyterHub) and npm ci the proxy, once."""
    if not hub_python().exists():
        print(f"Creating the hub environment in {HUB_VENV.name} (first run only) ...")
        run([sys.executable, "-m", "venv", HUB_VENV])
    inputs = [(ROOT / "pyproject.toml").read_bytes(), (ROOT / HUB_LOCK).read_bytes()]
    stamp = HUB_VENV / stamp_name("hub", inputs)
    if not stamp.exists():
        print(f"Installing {HUB_LOCK} into {HUB_VENV.name} (a few minutes, once) ...")
        pip: list[str | Path] = [hub_python(), "-m", "pip", "install", "--quiet"]
        run([*pip, "--require-hashes", "-r", HUB_LOCK])
        run([*pip, "--no-deps", "-e", "."])
        for old in HUB_VENV.glob(".installed-hub-*"):
            old.unlink()
        stamp.touch()
    if not hub_proxy_command(HUB_PROXY_DIR, sys.platform).exists():
        print("Installing configurable-http-proxy from the npm registry (npm ci, once) ...")
        npm = "npm.cmd" if sys.platform.startswith("win") else "npm"
        if shutil.which(npm) is None:
            raise SystemExit("The hub's proxy needs npm: install Node.js 20 or newer, then retry.")
        run([npm, "ci", "--no-audit", "--no-fund", "--prefix", HUB_PROXY_DIR])


def start_hub(args: Sequence[str]) -> None:
    import secrets

    ensure_hub_env()
    port = int(args[args.index("--port") + 1]) if "--port" in args else 8000
    password = secrets.token_urlsafe(12)
    env = {**os.environ, **hub_environment(HUB_VENV, HUB_STATE, port, password)}
    HUB_STATE.mkdir(exist_ok=True)
    print(f"JupyterHub on http://127.0.0.1:{port}/ (this machine only). Log in with any user name")
    print(f"and the password {password}. Give the student edition with (after publish-student):")
    print(pull_link(f"http://127.0.0.1:{port}", ROOT.as_uri(), STUDENT_BRANCH, "00_welcome.ipynb"))
    print("Ctrl+C stops the hub, its proxy and every server.", flush=True)
    jupyterhub = venv_executable(HUB_VENV, "jupyterhub", sys.platform)
    try:
        raise SystemExit(
            subprocess.call([str(jupyterhub), "-f", str(HUB_CONFIG)], cwd=HUB_STATE, env=env)
        )
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def hub_command(args: Sequence[str]) -> None:
    if args[:1] == ["lock"]:
        ensure_env("learner")
        run([python(), "-m", "pip", "install", "--quiet", "uv"])
        run([venv_executable(VENV, "uv", sys.platform), *hub_lock_command("--upgrade" in args)])
    elif args[:1] == ["install"]:
        ensure_hub_env()
    else:
        start_hub(args)


def build_site(args: Sequence[str]) -> None:
    """Build the website edition of the executed notebooks (Sphinx; see tools/build_site.py)."""
    exec_([python(), "-m", "tools.build_site", *args])


def main(argv: Sequence[str]) -> None:
    if not python_is_new_enough(tuple(sys.version_info[:2])):
        raise SystemExit(TOO_OLD.format(found=sys.version.split()[0]))
    command, args = (argv[0], list(argv[1:])) if argv else ("help", [])
    if command == "hub":
        return hub_command(args)
    if command == "publish-student":
        return publish_student_command(args)
    if command not in {
        "lab",
        "test",
        "execute",
        "student",
        "classroom",
        "new",
        "setup",
        "lock",
        "site",
    }:
        if command not in {"help", "-h", "--help"}:
            print(unknown_command(command), file=sys.stderr)
        print(__doc__.split("\n\n")[1] if __doc__ else "")
        raise SystemExit(0 if command in {"help", "-h", "--help"} else 2)
    ensure_env(install_kind(command))
    if command == "lab":
        extra = lab_arguments(os.geteuid() if hasattr(os, "geteuid") else None)
        if extra:
            print("Running as root (e.g. in a container): starting JupyterLab with --allow-root.")
        jupyter = venv_executable(VENV, "jupyter", sys.platform)
        exec_([jupyter, "lab", "student/00_welcome.ipynb", *extra, *args])
    elif command == "test":
        run_tests(args)
    elif command == "execute":
        exec_([python(), "-m", "tools.run_notebooks", *args])
    elif command == "student":
        exec_([python(), "-m", "tools.student_edition", "notebooks", "student", *args])
    elif command == "classroom":
        exec_([python(), "-m", "tools.nbgrader_course", *args])
    elif command == "new":
        exec_([python(), "-m", "tools.scaffold", *args])
    elif command == "lock":
        relock(args)
    elif command == "site":
        build_site(args)


if __name__ == "__main__":
    main(sys.argv[1:])
