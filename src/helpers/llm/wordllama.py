"""WordLlama token embeddings (Llama-2 tokenizer), read straight from the installed ``wordllama`` package.

What the files are (from the package's own README and training configuration):

* the **tokenizer** ``tokenizers/l2_supercat_tokenizer_config.json`` is Llama 2's: a
  SentencePiece/BPE vocabulary of 32 000 tokens;
* the **matrix** ``weights/l2_supercat_256.safetensors`` (key ``embedding.weight``,
  32 000 x 256 float16) is WordLlama's ``l2_supercat`` model. Its author concatenated the input
  token-embedding tables (*codebooks*) of several LLMs that share the Llama-2 tokenizer (Llama 2
  70B, Phi-3 medium and others: 28 672 numbers per token), then trained a projection down to
  1024/512/256/128/64 numbers (Matryoshka) with a contrastive sentence-similarity loss
  (MultipleNegativesRankingLoss) on the **average** of a text's token vectors. The package ships
  the 256-number version.

So it is *learned from* LLM input layers and looked up exactly like one, but it is not the input
layer of any one LLM. We read the files directly; ``WordLlama.load()`` would try the network.

Examples
--------
>>> E = load_wordllama_embeddings()
>>> tokenizer = load_wordllama_tokenizer()
>>> E.shape[0] == tokenizer.get_vocab_size() == WORDLLAMA_VOCAB_SIZE
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers.datafiles import INSTALL_HINT, MissingDataError, package_file, require_module

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["WORDLLAMA_VOCAB_SIZE", "load_wordllama_embeddings", "load_wordllama_tokenizer"]

WORDLLAMA_VOCAB_SIZE = 32_000
"""Number of tokens of the Llama-2 tokenizer, and rows of the WordLlama matrix."""

_TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
_WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"


def load_wordllama_tokenizer() -> Tokenizer:
    """Load the Llama-2 tokenizer (32 000 SentencePiece/BPE tokens) shipped with ``wordllama``.

    The tokenizer adds the start token ``<s>`` (id 1) unless you call
    ``encode(text, add_special_tokens=False)``.

    Returns
    -------
    tokenizers.Tokenizer
        Use ``.encode(text).tokens`` / ``.ids``, ``.decode(ids)``, ``.id_to_token(i)``.

    Examples
    --------
    >>> tok = load_wordllama_tokenizer()
    >>> tok.get_vocab_size()
    32000
    >>> tok.encode("Hello world", add_special_tokens=False).tokens
    ['▁Hello', '▁world']
    """
    tokenizers = require_module("tokenizers", "tokenizers")
    path = package_file("wordllama", _TOKENIZER_FILE)
    return tokenizers.Tokenizer.from_file(str(path))


def load_wordllama_embeddings() -> np.ndarray:
    """Load WordLlama's 32 000 x 256 token-embedding matrix (``l2_supercat``), as float32.

    Row ``i`` is the vector of token id ``i`` of :func:`load_wordllama_tokenizer`. The file stores
    float16 (``embedding.weight`` in ``l2_supercat_256.safetensors``); we convert to float32 so
    the arithmetic is exact enough and fast.

    Returns
    -------
    numpy.ndarray
        Shape ``(32000, 256)``, dtype float32, C-contiguous, writable (a fresh copy per call).

    Examples
    --------
    >>> E = load_wordllama_embeddings()
    >>> E.shape, E.dtype
    ((32000, 256), dtype('float32'))
    """
    safetensors_numpy = require_module("safetensors.numpy", "safetensors")
    path: Path = package_file("wordllama", _WEIGHTS_FILE)
    tensors = safetensors_numpy.load_file(str(path))
    if "embedding.weight" not in tensors:
        raise MissingDataError(
            f"{path.name} has no 'embedding.weight' tensor (found {sorted(tensors)}): "
            f"reinstall wordllama ({INSTALL_HINT})."
        )
    return np.ascontiguousarray(tensors["embedding.weight"], dtype=np.float32)
