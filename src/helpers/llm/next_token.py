"""What a trained language model expects next: the likeliest tokens after a context of words.

Notebook 08's probe: type ``k`` words, read the tokens the model finds likeliest to follow and
their probabilities. A context the model cannot read (a word it does not know, too few words,
not a string) is refused with one sentence that says what to type instead.

Examples
--------
>>> from helpers.llm.language_model import init_language_model
>>> words = ["the", "king", "of", "france", "<s>"]
>>> model = init_language_model(len(words), d=4, k=2, hidden=3, seed=0)
>>> len(top_next_tokens(model, words, "king of", n=3))
3
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from helpers.llm.attention import softmax
from helpers.llm.language_model import LanguageModel, next_token_logits
from helpers.validate import positive_int, word_index

__all__ = ["top_next_tokens"]


def top_next_tokens(
    model: LanguageModel, words: Sequence[str], context: str, n: int = 5
) -> list[tuple[str, float]]:
    """The ``n`` likeliest next tokens after ``context``, most likely first, with probabilities.

    Parameters
    ----------
    model : LanguageModel
        A trained model (:func:`helpers.llm.language_model.train_language_model`).
    words : sequence of str
        The token of every id, ``words[i]`` for row ``i`` of ``model.E`` (start token included).
    context : str
        Exactly ``model.k`` words separated by spaces, oldest first, e.g. ``"the king of"``;
        pad a shorter context on the left with the start token, e.g. ``"<s> <s> the"``.
    n : int
        How many tokens to return, 1 to ``len(words)``.

    Returns
    -------
    list of (str, float)
        ``(token, probability)`` pairs, the softmax of the model's scores, highest first.

    Raises
    ------
    UnknownWordError
        A context word that is not in ``words`` (close spellings are suggested).
    ValueError
        A context without exactly ``model.k`` words, or ``n`` outside ``1 .. len(words)``.
    TypeError
        A context that is not a string.

    Examples
    --------
    >>> from helpers.llm.language_model import init_language_model
    >>> words = ["the", "king", "of", "<s>"]
    >>> model = init_language_model(len(words), d=4, k=2, hidden=3, seed=0)
    >>> top_next_tokens(model, words, "The king", n=2)
    Traceback (most recent call last):
    ...
    helpers.validate.UnknownWordError: 'The' is not in the vocabulary (4 words); did you mean 'the'?
    """
    if not isinstance(context, str):
        raise TypeError(
            "context must be a string of words such as 'the king of', "
            f"got {type(context).__name__} {context!r}."
        )
    tokens = context.split()
    if len(tokens) != model.k:
        raise ValueError(
            f"context must have {model.k} words (pad a shorter one with <s>, e.g. "
            f"'{' '.join(['<s>'] * (model.k - 1) + ['the'])}'), got {len(tokens)}: {context!r}."
        )
    if len(words) != model.E.shape[0]:
        raise ValueError(
            f"words must name every row of the model's embedding table ({model.E.shape[0]}), "
            f"got {len(words)} words."
        )
    if positive_int(n, "n") > len(words):
        raise ValueError(f"n must be between 1 and {len(words)} (the vocabulary size), got {n}.")
    row = np.array([[word_index(token, words) for token in tokens]])
    probabilities = softmax(next_token_logits(model, row)[0])
    best = np.argsort(-probabilities, kind="stable")[:n]
    return [(words[j], float(probabilities[j])) for j in best]
