"""Tests for helpers.download against a local HTTP server on 127.0.0.1 (never the internet).

The server serves a small zip in text8's format (one line of space-separated lower-case words)
and can be told to break off mid-transfer, ignore Range requests, or answer 404.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import re
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from helpers.text import text8 as dl
from helpers.text.corpus import download_text8 as text_download_text8
from helpers.text.corpus import load_text8 as text_load_text8
from helpers.text.text8 import ChecksumError, download, download_text8, load_text8, sha256_of


def _text8_like_zip(n_words: int = 30_000, seed: int = 0) -> tuple[bytes, list[str]]:
    rng = np.random.default_rng(seed)
    vocabulary = ["the", "of", "and", "one", "zero", "nine", "anarchism", "originated", "as", "a"]
    vocabulary += [
        "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), size=k))
        for k in rng.integers(2, 12, 200)
    ]
    words = [vocabulary[i] for i in rng.zipf(1.3, n_words) % len(vocabulary)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("text8", " " + " ".join(words))  # text8 starts with a space, no newline
    return buffer.getvalue(), words


@dataclass
class Server:
    payload: bytes
    url: str = ""
    mode: str = "normal"  # normal | break | ignore-range | 404 | truncate | trickle | no-length
    break_after: int = 0
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    payload, _ = _text8_like_zip()
    state = Server(payload)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append(dict(self.headers))
            if state.mode == "404":
                self.send_error(404, "Not Found")
                return
            data, start = state.payload, 0
            range_header = self.headers.get("Range")
            if range_header and state.mode != "ignore-range":
                start = int(range_header.removeprefix("bytes=").rstrip("-"))
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            if state.mode == "truncate":  # a short file announced as complete (a bad mirror)
                body = body[: len(body) // 2]
            if state.mode != "no-length":
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if state.mode == "trickle":  # one byte at a time, slowly: never done in time
                for byte in body[:30]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
                return
            if state.mode == "break":
                self.wfile.write(body[: state.break_after])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/text8.zip"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_fresh_download_is_verified_and_cached(server: Server, tmp_path: Path) -> None:
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert path == tmp_path / "text8.zip"
    assert path.read_bytes() == server.payload
    assert "Range" not in server.requests[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["text8.zip"]  # no .part left
    again = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert again == path and len(server.requests) == 1  # served from the cache


def test_progress_bar_runs(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    download_text8(server.url, tmp_path, _digest(server.payload), progress=True)
    assert "text8.zip" in capsys.readouterr().err  # tqdm's text bar outside Jupyter


def test_interrupted_download_resumes_with_range(server: Server, tmp_path: Path) -> None:
    server.mode, server.break_after = "break", 10_000
    with pytest.raises(ConnectionError, match=r"stopped after .* run it again to resume"):
        download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    part = tmp_path / "text8.zip.part"
    assert part.read_bytes() == server.payload[:10_000]
    assert not (tmp_path / "text8.zip").exists()

    server.mode = "normal"
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert server.requests[-1]["Range"] == "bytes=10000-"
    assert path.read_bytes() == server.payload
    assert not part.exists()


def test_server_ignoring_range_restarts_cleanly(server: Server, tmp_path: Path) -> None:
    (tmp_path / "text8.zip.part").write_bytes(server.payload[:5000])
    server.mode = "ignore-range"
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert server.requests[-1]["Range"] == "bytes=5000-"
    assert path.read_bytes() == server.payload  # not 5000 bytes too many


def test_complete_part_file_is_finished_after_416(server: Server, tmp_path: Path) -> None:
    (tmp_path / "text8.zip.part").write_bytes(server.payload)
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert path.read_bytes() == server.payload


def test_wrong_checksum_deletes_and_says_so(server: Server, tmp_path: Path) -> None:
    wrong = "0" * 64
    with pytest.raises(
        ChecksumError,
        match=r"has SHA-256 [0-9a-f]{12}\.\.\., not the expected 000000000000\.\.\., so it was deleted from "
        + re.escape(str(tmp_path)),
    ):
        download_text8(server.url, tmp_path, wrong, progress=False)
    assert list(tmp_path.iterdir()) == []
    # a corrupt partial file fails the check after resuming, is deleted, and the next try works
    (tmp_path / "text8.zip.part").write_bytes(b"x" * 3000)
    with pytest.raises(ChecksumError):
        download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert list(tmp_path.iterdir()) == []
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert path.read_bytes() == server.payload


def test_damaged_cached_file_is_fetched_again(server: Server, tmp_path: Path) -> None:
    (tmp_path / "text8.zip").write_bytes(b"damaged")
    with pytest.raises(ChecksumError):
        download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    path = download_text8(server.url, tmp_path, _digest(server.payload), progress=False)
    assert path.read_bytes() == server.payload


def test_no_checksum_accepts_the_file(server: Server, tmp_path: Path) -> None:
    path = download(server.url, tmp_path / "sub" / "x.zip", None, progress=False)
    assert path.read_bytes() == server.payload


def test_offline_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(
        ConnectionError,
        match=r"^Could not reach http://127\.0\.0\.1:\d+/text8\.zip \(.*\): check your internet connection and try again \(no notebook needs this download\)\.$",
    ):
        download_text8(f"http://127.0.0.1:{port}/text8.zip", tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_http_error_is_one_sentence(server: Server, tmp_path: Path) -> None:
    server.mode = "404"
    with pytest.raises(
        ConnectionError, match=r"The server answered 404 Not Found for .*; check the address"
    ):
        download_text8(server.url, tmp_path, progress=False)


def test_load_text8_matches_zipfile_reading(server: Server, tmp_path: Path) -> None:
    _, words = _text8_like_zip()
    tokens = load_text8(
        url=server.url, cache_dir=tmp_path, sha256=_digest(server.payload), progress=False
    )
    with zipfile.ZipFile(tmp_path / "text8.zip") as archive:
        expected = archive.read("text8").decode("ascii").split()
    assert tokens == expected == words
    assert (
        load_text8(1234, url=server.url, cache_dir=tmp_path, sha256=None, progress=False)
        == words[:1234]
    )
    # equal words share one string object (memory)
    the = [t for t in tokens if t == "the"]
    assert len(the) > 1 and all(t is the[0] for t in the)


def test_read_zip_tokens_across_block_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "alpha beta\ngamma délta  epsilon zeta eta theta"
    path = tmp_path / "small.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("t", text)
    real_open = zipfile.ZipFile.open

    class Tiny:  # reads 3 bytes at a time, cutting words and the two-byte 'é'
        def __init__(self, inner: io.BufferedIOBase) -> None:
            self.inner = inner

        def read(self, n: int) -> bytes:
            return self.inner.read(3)

        def __enter__(self) -> Tiny:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name: Tiny(real_open(self, name)))
    assert dl._read_zip_tokens(path, None) == text.split()
    assert dl._read_zip_tokens(path, 4) == text.split()[:4]


def test_bad_max_tokens(tmp_path: Path) -> None:
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="max_tokens must be a positive whole number"):
            load_text8(bad, cache_dir=tmp_path)  # type: ignore[arg-type]


def test_defaults_and_reexports() -> None:
    assert dl.TEXT8_URL == "http://mattmahoney.net/dc/text8.zip"
    assert len(dl.TEXT8_SHA256) == 64 and int(dl.TEXT8_SHA256, 16) >= 0
    assert text_download_text8 is download_text8 and text_load_text8 is load_text8


def test_default_folder_is_the_user_cache(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBEDDINGS_COURSE_CACHE", str(tmp_path / "cache"))
    path = download_text8(server.url, sha256=_digest(server.payload), progress=False)
    assert path == tmp_path / "cache" / "text8.zip"


def test_sha256_of_matches_hashlib(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000
    (tmp_path / "f").write_bytes(data)
    assert sha256_of(tmp_path / "f") == hashlib.sha256(data).hexdigest()


def test_truncated_file_without_checksum_is_not_kept(server: Server, tmp_path: Path) -> None:
    server.mode = "truncate"
    with pytest.raises(
        ValueError,
        match=rf"text8\.zip in {re.escape(str(tmp_path))} is not a zip archive .* so it was deleted; "
        "run the download again",
    ):
        load_text8(url=server.url, cache_dir=tmp_path, sha256=None, progress=False)
    assert list(tmp_path.iterdir()) == []  # not kept: the advice "sha256=None" cannot trap it
    server.mode = "normal"
    assert load_text8(10, url=server.url, cache_dir=tmp_path, sha256=None, progress=False)


def test_damaged_zip_is_deleted_not_read_again_and_again(server: Server, tmp_path: Path) -> None:
    path = download_text8(server.url, tmp_path, sha256=None, progress=False)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # damage the compressed stream, keep the directory
    path.write_bytes(bytes(data))
    assert zipfile.is_zipfile(path)
    with pytest.raises(
        ValueError, match=r"text8\.zip in .* could not be read .* so it was deleted"
    ):
        load_text8(url=server.url, cache_dir=tmp_path, sha256=None, progress=False)
    assert not path.exists()
    tokens = load_text8(url=server.url, cache_dir=tmp_path, sha256=None, progress=False)
    assert tokens == _text8_like_zip()[1]  # downloaded afresh, read fine


def test_unwritable_cache_folder_is_not_called_a_network_problem(
    server: Server, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(
        PermissionError,
        match=rf"Cannot write to the cache folder {re.escape(str(blocker / 'cache'))} .*: choose a "
        r"writable folder with cache_dir=\.\.\., or set the environment variable "
        "EMBEDDINGS_COURSE_CACHE",
    ):
        download_text8(server.url, blocker / "cache", progress=False)
    assert server.requests == []  # refused before any network access


def test_a_trickling_server_meets_the_deadline(server: Server, tmp_path: Path) -> None:
    server.mode = "trickle"
    began = time.monotonic()
    with pytest.raises(ConnectionError, match=r"is too slow: .* run it again later to resume"):
        download(server.url, tmp_path / "f", None, progress=False, deadline=0.3)
    assert time.monotonic() - began < 5  # not the hours a 1-byte-every-2-s server would take
    assert (tmp_path / "f.part").is_file()  # what arrived is kept for the next try


@pytest.mark.parametrize("mode", ["normal", "no-length"])
def test_a_file_larger_than_the_cap_is_refused_and_not_kept(
    server: Server, tmp_path: Path, mode: str
) -> None:
    server.mode = mode
    with pytest.raises(
        ValueError, match=r"sends more than 0\.0 MB .* so it is not the expected file"
    ):
        download(server.url, tmp_path / "f", None, progress=False, max_bytes=1000)
    assert list(tmp_path.iterdir()) == []
    assert download(server.url, tmp_path / "f", None, progress=False, max_bytes=10**7).is_file()


def test_the_checksum_error_does_not_advise_switching_the_check_off(
    server: Server, tmp_path: Path
) -> None:
    with pytest.raises(ChecksumError) as error:
        download_text8(server.url, tmp_path, "0" * 64, progress=False)
    assert "sha256=None" not in str(error.value) and "over https" in str(error.value)
