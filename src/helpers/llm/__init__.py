"""Embeddings inside language models: subword tokens, the embedding lookup, attention, semantic search (notebook 07)."""

from helpers.llm.attention import (
    AttentionResult,
    mean_pool,
    self_attention,
    sinusoidal_positions,
    softmax,
)
from helpers.llm.semantic_search import (
    SENTENCES_FILE,
    Sentence,
    embed_texts,
    load_sentences,
    search,
)
from helpers.llm.tokens import (
    WORD_BOUNDARY,
    TokenizedText,
    character_tokens,
    embedding_lookup,
    random_embeddings_like,
    sequence_lengths,
    token_strings,
    tokenize_text,
    word_tokens,
)

__all__ = [
    "SENTENCES_FILE",
    "WORD_BOUNDARY",
    "AttentionResult",
    "Sentence",
    "TokenizedText",
    "character_tokens",
    "embed_texts",
    "embedding_lookup",
    "load_sentences",
    "mean_pool",
    "random_embeddings_like",
    "search",
    "self_attention",
    "sequence_lengths",
    "sinusoidal_positions",
    "softmax",
    "token_strings",
    "tokenize_text",
    "word_tokens",
]
