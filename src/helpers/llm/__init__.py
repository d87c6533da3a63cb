"""Embeddings inside language models: subword tokens, the embedding lookup, attention, semantic search (notebook 07).

The token matrix the course looks up is WordLlama's (:mod:`helpers.llm.wordllama`): learned from
the input layers of LLMs that share the Llama-2 tokenizer, but not the input layer of any one LLM.
"""

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
from helpers.llm.wordllama import (
    WORDLLAMA_VOCAB_SIZE,
    load_wordllama_embeddings,
    load_wordllama_tokenizer,
)

__all__ = [
    "SENTENCES_FILE",
    "WORDLLAMA_VOCAB_SIZE",
    "WORD_BOUNDARY",
    "AttentionResult",
    "Sentence",
    "TokenizedText",
    "character_tokens",
    "embed_texts",
    "embedding_lookup",
    "load_sentences",
    "load_wordllama_embeddings",
    "load_wordllama_tokenizer",
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
