"""One-hot vectors: a word as a vector of zeros with a single 1 at its id.

Two versions of the same thing: :func:`one_hot` builds a dense NumPy array (clear, but it stores
every zero), :func:`one_hot_sparse` a ``scipy.sparse`` CSR matrix that stores only the ones.

Examples
--------
>>> one_hot([2, 0], vocab_size=4)
array([[0., 0., 1., 0.],
       [1., 0., 0., 0.]])
>>> one_hot_sparse([2, 0], vocab_size=4).nnz
2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["check_ids", "one_hot", "one_hot_sparse"]


def check_ids(ids: int | Sequence[int] | np.ndarray, vocab_size: int) -> np.ndarray:
    """Validate word ids against a vocabulary size and return them as an int64 array.

    Parameters
    ----------
    ids : int or sequence of int
        Word ids.
    vocab_size : int
        Number of words in the vocabulary; valid ids are ``0 .. vocab_size - 1``.

    Returns
    -------
    numpy.ndarray of int64
        The ids, same shape as given.

    Raises
    ------
    TypeError
        If ``vocab_size`` or the ids are not integers.
    ValueError
        If ``vocab_size < 1`` or an id is out of range.

    Examples
    --------
    >>> check_ids([1, 2], 3).tolist()
    [1, 2]
    """
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, int | np.integer):
        raise TypeError(f"vocab_size must be an integer, got {vocab_size!r}.")
    if vocab_size < 1:
        raise ValueError(f"vocab_size must be at least 1, got {vocab_size}.")
    array = np.asarray(ids)
    if array.size and array.dtype.kind not in "iu":
        raise TypeError(f"Word ids must be integers, got values of type {array.dtype}.")
    array = array.astype(np.int64)
    bad = (array < 0) | (array >= vocab_size)
    if bad.any():
        first = int(array[bad].ravel()[0])
        raise ValueError(
            f"id {first} is out of range for a vocabulary of {vocab_size} words "
            f"(valid ids are 0 to {vocab_size - 1})."
        )
    return array


def one_hot(ids: int | Sequence[int] | np.ndarray, vocab_size: int) -> np.ndarray:
    """Dense one-hot vectors: row ``i`` has a single 1 in column ``ids[i]``.

    Parameters
    ----------
    ids : int or sequence of int
        One id (gives a vector of length ``vocab_size``) or several (gives a matrix).
    vocab_size : int
        Length of each vector.

    Returns
    -------
    numpy.ndarray of float64
        Shape ``(vocab_size,)`` for a single id, ``(len(ids), vocab_size)`` otherwise.

    Examples
    --------
    >>> one_hot(1, 3)
    array([0., 1., 0.])
    """
    array = check_ids(ids, vocab_size)
    if array.ndim == 0:
        vector = np.zeros(vocab_size)
        vector[int(array)] = 1.0
        return vector
    if array.ndim != 1:
        raise ValueError(f"ids must be a single id or a 1-D list of ids, got shape {array.shape}.")
    matrix = np.zeros((array.size, vocab_size))
    matrix[np.arange(array.size), array] = 1.0
    return matrix


def one_hot_sparse(ids: Sequence[int] | np.ndarray, vocab_size: int) -> sp.csr_matrix:
    """Sparse one-hot matrix (CSR): stores one value per row instead of ``vocab_size``.

    Parameters
    ----------
    ids : sequence of int
        Word ids, one row each (a single int gives a 1-row matrix).
    vocab_size : int
        Number of columns.

    Returns
    -------
    scipy.sparse.csr_matrix of float64
        Shape ``(len(ids), vocab_size)`` with ``len(ids)`` non-zeros.

    Examples
    --------
    >>> m = one_hot_sparse([3, 3, 1], 5)
    >>> m.shape, m.nnz
    ((3, 5), 3)
    >>> m.toarray()[0]
    array([0., 0., 0., 1., 0.])
    """
    array = np.atleast_1d(check_ids(ids, vocab_size))
    if array.ndim != 1:
        raise ValueError(f"ids must be a 1-D list of ids, got shape {array.shape}.")
    n = array.size
    return sp.csr_matrix(
        (np.ones(n), array, np.arange(n + 1, dtype=np.int64)), shape=(n, vocab_size)
    )
