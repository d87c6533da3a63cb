"""An optional, larger corpus: text8, downloaded on request (no notebook or test needs it).

text8 is the first 10^8 bytes of an English Wikipedia dump from 2006, cleaned by Matt Mahoney to
lower-case letters a-z and single spaces (numbers spelled out, markup removed): 17 005 207 tokens
on one line, shipped as ``text8.zip`` (31 344 016 bytes) at http://mattmahoney.net/dc/text8.zip.

The download

* shows a progress bar (``tqdm.auto``: a widget in Jupyter, text in a terminal);
* is written to ``<name>.part`` and renamed only once complete and verified, so a half-written
  file is never taken for the real one;
* resumes an interrupted download with an HTTP ``Range`` request (a server that ignores ranges
  gets a clean restart);
* is verified with SHA-256; a wrong digest deletes the file and says so;
* is cached in the user cache folder (:func:`helpers.datafiles.cache_dir`, or ``cache_dir=``):
  later calls only re-check the digest;
* answers "no internet" with one sentence, keeping what was already downloaded;
* is never kept when it is not a readable zip file, even with ``sha256=None``: a truncated or
  damaged archive is deleted and the message says so (the next call downloads it afresh);
* reports a cache folder it cannot write to as such (not as a network problem), naming the
  folder and how to choose another one.

Two downloads of the same file at the same moment (two notebooks) are not coordinated: they
would append to the same ``.part`` file, the digest check would then fail and delete it, and
the message says to run the download again.

The digest :data:`TEXT8_SHA256` is not published by the text8 site; it is the value that
several independent public projects pin for this file (together with its size, 31 344 016 bytes,
and the 100 000 000-byte ``text8`` inside). It could not be re-checked from the machine this
course was written on (no internet); pass ``sha256=None`` to skip the check.
"""

from __future__ import annotations

import codecs
import hashlib
import http.client
import os
import re
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from pathlib import Path
from typing import Any

from helpers.datafiles import CACHE_ENV
from helpers.datafiles import cache_dir as default_cache_dir

__all__ = [
    "TEXT8_BYTES",
    "TEXT8_SHA256",
    "TEXT8_URL",
    "ChecksumError",
    "download",
    "download_text8",
    "load_text8",
    "sha256_of",
]

TEXT8_URL = "http://mattmahoney.net/dc/text8.zip"
TEXT8_SHA256 = "a6640522afe85d1963ad56c05b0ede0a0c000dddc9671758a6cc09b7a38e5232"
TEXT8_BYTES = 31_344_016

_CHUNK = 1 << 16
#: Seconds a whole download may take before it stops (what arrived is kept, to resume).
DEADLINE = 30 * 60.0
_CONTENT_RANGE = re.compile(r"bytes (\d+)-\d+/(\d+|\*)")


class ChecksumError(ValueError):
    """A downloaded file does not have the expected SHA-256 digest."""


def sha256_of(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 digest of a file as 64 hexadecimal characters.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify(path: Path, sha256: str | None, url: str) -> None:
    if sha256 is None:
        return
    actual = sha256_of(path)
    if actual != sha256.lower():
        path.unlink(missing_ok=True)
        raise ChecksumError(
            f"The file downloaded from {url} has SHA-256 {actual[:12]}..., not the expected "
            f"{sha256.lower()[:12]}..., so it was deleted from {path.parent}; run the download "
            "again, and if this repeats, the file on the server has changed or was tampered with: "
            "do not switch the check off, but get the file from a source you trust over https "
            "and pass the sha256 it publishes."
        )


def _unwritable_message(folder: Path, error: OSError) -> str:
    return (
        f"Cannot write to the cache folder {folder} ({error.strerror or error}): choose a "
        f"writable folder with cache_dir=..., or set the environment variable {CACHE_ENV}."
    )


def _drop_if_empty(part: Path) -> None:
    """Remove the empty ``.part`` file made by :func:`_check_writable` when nothing arrived."""
    if part.is_file() and part.stat().st_size == 0:
        part.unlink()


def _check_writable(part: Path) -> None:
    """Create the folder and open the ``.part`` file for appending, or say the folder is the problem."""
    try:
        part.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "ab"):
            pass
    except OSError as error:
        raise PermissionError(_unwritable_message(part.parent, error)) from None


def _open(url: str, start: int, timeout: float) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={"User-Agent": "embeddings-course"})
    if start:
        request.add_header("Range", f"bytes={start}-")
    response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
    return response


def _resumed_at(response: http.client.HTTPResponse, start: int) -> bool:
    """Whether the server honoured our ``Range: bytes=start-`` request."""
    if response.status != 206:
        return False
    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
    return match is not None and int(match.group(1)) == start


def _offline_message(url: str, reason: object) -> str:
    return (
        f"Could not reach {url} ({reason}): check your internet connection and try again "
        "(no notebook needs this download)."
    )


def download(
    url: str,
    path: str | os.PathLike[str],
    sha256: str | None = None,
    *,
    progress: bool = True,
    timeout: float = 30.0,
    deadline: float = DEADLINE,
    max_bytes: int | None = None,
) -> Path:
    """Download ``url`` to ``path`` (resumable, verified), unless a verified copy is already there.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` address.
    path : str or path-like
        Where the finished file goes. The download in progress is ``path + ".part"``.
    sha256 : str, optional
        Expected SHA-256 digest (hexadecimal). ``None`` skips the check.
    progress : bool
        Show a progress bar.
    timeout : float
        Seconds to wait for the server before giving up.
    deadline : float
        Seconds the whole transfer may take (a server that trickles bytes would otherwise never
        finish); what arrived is kept, and the next call resumes from there.
    max_bytes : int, optional
        Refuse a file larger than this (it is not the file asked for); ``None``: no limit.

    Returns
    -------
    pathlib.Path
        ``path``, complete and verified.

    Raises
    ------
    ConnectionError
        Offline, server unreachable, the transfer broke off or passed the deadline (what arrived
        is kept in the ``.part`` file, and the next call resumes from there).
    ValueError
        The file is larger than ``max_bytes`` (what arrived is deleted).
    ChecksumError
        The finished file has another digest (it is deleted).
    PermissionError
        The folder cannot be written (the message names it and says how to choose another).
    """
    target = Path(path)
    if target.is_file():
        _verify(target, sha256, url)  # a damaged cached copy is deleted and fetched again
        return target
    part = target.with_name(target.name + ".part")
    start = part.stat().st_size if part.is_file() else 0
    _check_writable(part)  # before the network: a read-only folder is not a network problem
    try:
        response = _open(url, start, timeout)
    except urllib.error.HTTPError as error:
        if error.code == 416 and start:  # nothing left to send: the .part may be complete
            return _finish(part, target, sha256, url)
        _drop_if_empty(part)
        raise ConnectionError(
            f"The server answered {error.code} {error.reason} for {url}; check the address."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        _drop_if_empty(part)
        reason = getattr(error, "reason", error)
        raise ConnectionError(_offline_message(url, reason)) from None
    with response:
        if start and not _resumed_at(response, start):
            start = 0  # the server sent the whole file again: start over cleanly
        length = response.headers.get("Content-Length")
        total = start + int(length) if length is not None and length.isdigit() else None
        if max_bytes is not None and total is not None and total > max_bytes:
            _drop_if_empty(part)
            raise _too_large(url, total, max_bytes, part)
        received = start
        began = time.monotonic()
        with (
            open(part, "ab" if start else "wb") as out,
            _progress_bar(progress, total, start, target.name) as bar,
        ):
            while True:
                if time.monotonic() - began > deadline:
                    raise ConnectionError(
                        f"The download of {url} is too slow: {received / 1e6:.1f} MB arrived in "
                        f"{deadline / 60:.0f} minutes; what arrived is kept in {part}: run it "
                        "again later to resume where it stopped."
                    )
                try:
                    # read1: whatever has arrived (up to _CHUNK), so a trickling server cannot
                    # hold one read, and the deadline, for hours
                    block = response.read1(_CHUNK)
                except (OSError, http.client.HTTPException) as error:
                    raise ConnectionError(
                        f"The download of {url} stopped after {received / 1e6:.1f} MB "
                        f"({error}); what arrived is kept in {part}: run it again to resume "
                        "where it stopped."
                    ) from None
                if not block:
                    break
                try:
                    out.write(block)
                except OSError as error:
                    raise PermissionError(_unwritable_message(part.parent, error)) from None
                received += len(block)
                bar.update(len(block))
                if max_bytes is not None and received > max_bytes:
                    out.close()
                    part.unlink(missing_ok=True)
                    raise _too_large(url, received, max_bytes, part)
    if total is not None and received < total:
        raise ConnectionError(
            f"The download of {url} stopped after {received / 1e6:.1f} of {total / 1e6:.1f} MB; "
            f"what arrived is kept in {part}: run it again to resume where it stopped."
        )
    return _finish(part, target, sha256, url)


def _too_large(url: str, size: int, max_bytes: int, part: Path) -> ValueError:
    return ValueError(
        f"{url} sends more than {max_bytes / 1e6:.1f} MB ({size / 1e6:.1f} MB), so it is not the "
        f"expected file; nothing was kept in {part.parent}: check the address."
    )


def _finish(part: Path, target: Path, sha256: str | None, url: str) -> Path:
    _verify(part, sha256, url)
    os.replace(part, target)
    return target


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _progress_bar(show: bool, total: int | None, initial: int, name: str) -> Any:
    if not show:
        return _NoBar()
    from helpers.widgettext import progress_bar

    return progress_bar(
        total=total, initial=initial, unit="B", unit_scale=True, unit_divisor=1024, desc=name
    )


def download_text8(
    url: str = TEXT8_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    sha256: str | None = TEXT8_SHA256,
    *,
    progress: bool = True,
) -> Path:
    """Download ``text8.zip`` (31 MB) once into the course cache and return its path.

    Parameters
    ----------
    url : str
        Where to get it (default: Matt Mahoney's site).
    cache_dir : str or path-like, optional
        Folder for the file (default: :func:`helpers.datafiles.cache_dir`, the user cache
        folder or ``$EMBEDDINGS_COURSE_CACHE``).
    sha256 : str, optional
        Expected digest (default :data:`TEXT8_SHA256`; ``None`` skips the check).
    progress : bool
        Show a progress bar.

    Returns
    -------
    pathlib.Path
        The verified ``text8.zip``.

    Raises
    ------
    ValueError
        If the file is not a readable zip archive (it is deleted first, whatever ``sha256``).
    """
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    name = url.rstrip("/").rsplit("/", 1)[-1] or "text8.zip"
    # text8.zip is 31 MB: anything several times larger is another file (and would fill memory)
    path = download(url, folder / name, sha256, progress=progress, max_bytes=4 * TEXT8_BYTES)
    if not zipfile.is_zipfile(path):  # e.g. a truncated file accepted with sha256=None
        raise _delete_bad_zip(path, "is not a zip archive (truncated or another file)")
    return path


def _delete_bad_zip(path: Path, what: str) -> ValueError:
    """Delete a bad archive and return the error that says so (never keep it: it would repeat)."""
    path.unlink(missing_ok=True)
    return ValueError(
        f"{path.name} in {path.parent} {what}, so it was deleted; run the download again to "
        "fetch a fresh copy."
    )


def load_text8(
    max_tokens: int | None = None,
    *,
    url: str = TEXT8_URL,
    cache_dir: str | os.PathLike[str] | None = None,
    sha256: str | None = TEXT8_SHA256,
    progress: bool = True,
) -> list[str]:
    """Return the text8 tokens (17 M in all), downloading the file first if needed.

    The file is already lower-case words separated by single spaces, so the tokens are simply
    its words (no :func:`helpers.text.tokenize` needed). Equal words share one string object,
    so the full list takes about 150 MB rather than 1 GB.

    Parameters
    ----------
    max_tokens : int, optional
        Return only the first ``max_tokens`` tokens (e.g. ``2_000_000`` for a quick experiment).
    url, cache_dir, sha256, progress
        As in :func:`download_text8`.

    Returns
    -------
    list of str
    """
    if max_tokens is not None and (
        isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1
    ):
        raise ValueError(f"max_tokens must be a positive whole number or None, got {max_tokens!r}.")
    path = download_text8(url, cache_dir, sha256, progress=progress)
    try:
        return _read_zip_tokens(path, max_tokens)
    except (zipfile.BadZipFile, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise _delete_bad_zip(path, f"could not be read ({error})") from None


def _read_zip_tokens(path: Path, max_tokens: int | None) -> list[str]:
    """Read the whitespace-separated words of the first file in a zip, block by block."""
    tokens: list[str] = []
    shared: dict[str, str] = {}
    decoder = codecs.getincrementaldecoder("utf-8")()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if not names:
            raise zipfile.BadZipFile("the archive contains no file")
        with archive.open(names[0]) as member:
            carry = ""  # a word possibly cut at the end of the previous block
            while max_tokens is None or len(tokens) < max_tokens:
                block = member.read(1 << 20)
                text = carry + decoder.decode(block, final=not block)
                if not block:
                    tokens += text.split()
                    break
                cut = max(text.rfind(" "), text.rfind("\n"))
                carry = text[cut + 1 :]
                tokens += [shared.setdefault(w, w) for w in text[: cut + 1].split()]
    return tokens if max_tokens is None else tokens[:max_tokens]
