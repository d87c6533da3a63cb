"""Embeddings inside language models: subword tokens, the embedding lookup, attention, semantic search (notebook 07), a tiny
language model trained by next-token prediction (:mod:`helpers.llm.language_model`).

The token matrix the course looks up is WordLlama's (:mod:`helpers.llm.wordllama`): learned from
the input layers of LLMs that share the Llama-2 tokenizer, but not the input layer of any one LLM.
"""

from helpers.llm.attention import (
    AttentionResult,
    causal_mask,
    mean_pool,
    mean_pool_batch,
    self_attention,
    sinusoidal_positions,
    softmax,
)
from helpers.llm.language_model import (
    BOS,
    LanguageModel,
    LanguageModelResult,
    adam_step,
    context_windows,
    factor_cosines,
    held_out_loss,
    init_language_model,
    loss_and_gradients,
    next_token_logits,
    random_table_like,
    softmax_cross_entropy,
    train_language_model,
)
from helpers.llm.semantic_search import (
    SENTENCES_FILE,
    Sentence,
    embed_texts,
    load_sentences,
    search,
)
from helpers.llm.tokens import (
    PAD_ID,
    WORD_BOUNDARY,
    TokenizedText,
    character_tokens,
    embedding_lookup,
    pad_token_ids,
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
    "BOS",
    "PAD_ID",
    "SENTENCES_FILE",
    "WORDLLAMA_VOCAB_SIZE",
    "WORD_BOUNDARY",
    "AttentionResult",
    "LanguageModel",
    "LanguageModelResult",
    "Sentence",
    "TokenizedText",
    "adam_step",
    "causal_mask",
    "character_tokens",
    "context_windows",
    "embed_texts",
    "embedding_lookup",
    "factor_cosines",
    "held_out_loss",
    "init_language_model",
    "load_sentences",
    "load_wordllama_embeddings",
    "load_wordllama_tokenizer",
    "loss_and_gradients",
    "mean_pool",
    "mean_pool_batch",
    "next_token_logits",
    "pad_token_ids",
    "random_embeddings_like",
    "random_table_like",
    "search",
    "self_attention",
    "sequence_lengths",
    "sinusoidal_positions",
    "softmax",
    "softmax_cross_entropy",
    "token_strings",
    "tokenize_text",
    "train_language_model",
    "word_tokens",
]
