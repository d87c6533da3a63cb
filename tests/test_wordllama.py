"""Tests for helpers.llm.wordllama, each against an independent reading of the package files."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from helpers import datafiles
from helpers.llm import wordllama
from helpers.llm.wordllama import (
    WORDLLAMA_VOCAB_SIZE,
    load_wordllama_embeddings,
    load_wordllama_tokenizer,
)

LLAMA_DIR = Path(np.__file__).resolve().parent.parent / "wordllama"


def _read_safetensors(path: Path) -> tuple[dict, bytes]:
    """Parse the safetensors format by hand: u64 header length, JSON header, raw bytes."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8 : 8 + n]), raw[8 + n :]


def test_wordllama_embeddings_match_hand_parsed_safetensors() -> None:
    header, data = _read_safetensors(LLAMA_DIR / "weights" / "l2_supercat_256.safetensors")
    info = header["embedding.weight"]
    assert info["dtype"] == "F16"
    start, end = info["data_offsets"]
    expected = np.frombuffer(data[start:end], dtype="<f2").reshape(info["shape"]).astype(np.float32)
    embeddings = load_wordllama_embeddings()
    assert embeddings.shape == (32_000, 256)
    assert embeddings.dtype == np.float32
    assert embeddings.flags.c_contiguous and embeddings.flags.writeable
    np.testing.assert_array_equal(embeddings, expected)


def test_wordllama_tokenizer_matches_json_vocabulary() -> None:
    config = json.loads(
        (LLAMA_DIR / "tokenizers" / "l2_supercat_tokenizer_config.json").read_text("utf-8")
    )
    vocab: dict[str, int] = config["model"]["vocab"]
    tok = load_wordllama_tokenizer()
    assert tok.get_vocab_size() == len(vocab) == 32_000
    for token in ["<unk>", "<s>", "</s>", "▁the", "▁king", "▁Hello"]:
        assert tok.token_to_id(token) == vocab[token]
    encoding = tok.encode("Hello world", add_special_tokens=False)
    assert encoding.tokens == ["▁Hello", "▁world"]
    assert encoding.ids == [vocab["▁Hello"], vocab["▁world"]]
    assert tok.encode("Hello").ids[0] == vocab["<s>"]  # the start token is added by default


def test_the_loaders_are_reexported_from_helpers_llm() -> None:
    import helpers.llm

    assert helpers.llm.load_wordllama_embeddings is load_wordllama_embeddings
    assert helpers.llm.load_wordllama_tokenizer is load_wordllama_tokenizer
    assert WORDLLAMA_VOCAB_SIZE == 32_000


def test_missing_package_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(datafiles.MissingDataError, match="'wordllama' is not installed"):
        load_wordllama_embeddings()


def test_missing_reader_library_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = datafiles.importlib.import_module

    def fake_import(name: str) -> object:
        if name.startswith("tokenizers"):
            raise ModuleNotFoundError(name)
        return real_import(name)

    monkeypatch.setattr(datafiles.importlib, "import_module", fake_import)
    with pytest.raises(
        datafiles.MissingDataError,
        match=r"needs the package 'tokenizers', which is not installed: install the course",
    ):
        load_wordllama_tokenizer()


def test_a_weights_file_without_the_tensor_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from safetensors.numpy import save_file

    fake = tmp_path / "l2_supercat_256.safetensors"
    save_file({"other": np.zeros((2, 2), dtype=np.float16)}, str(fake))
    monkeypatch.setattr(wordllama, "package_file", lambda package, relative: fake)
    with pytest.raises(datafiles.MissingDataError, match=r"has no 'embedding.weight' tensor"):
        load_wordllama_embeddings()
