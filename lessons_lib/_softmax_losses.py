"""Several classes: one-hot labels and the softmax cross-entropy, its cost and its gradient.

Private: :mod:`lessons_lib.losses` re-exports every name here, so import them from there
(``from lessons_lib.losses import softmax_cross_entropy_cost``). Argument order is
``(y, Z)``: integer labels of shape (m,), scores of shape (m, n_classes).

Introduced in ``08_deep_networks``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, as_labels, check_int, check_same_length
from .activations import _softmax

__all__ = ["one_hot", "softmax_cross_entropy_with_logits", "softmax_cross_entropy_cost",
           "softmax_cross_entropy_gradient"]


# --- private, unvalidated versions (hot paths) ------------------------------

def _one_hot(y, n_classes):
    Y = np.zeros((y.shape[0], n_classes))
    Y[np.arange(y.shape[0]), y.astype(np.int64)] = 1.0
    return Y


def _softmax_cross_entropy_with_logits(y, Z):
    with np.errstate(over="ignore"):  # see activations._softmax
        shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))  # log-sum-exp minus the max
    return log_sum - shifted[np.arange(Z.shape[0]), y.astype(np.int64)]


def _softmax_cross_entropy_and_softmax(y, Z, out=None):
    """``(mean softmax cross-entropy, softmax(Z, axis=1))`` sharing one set of exponentials.

    The same operations as ``_softmax_cross_entropy_with_logits(y, Z).mean()`` and
    ``_softmax(Z, axis=1)``, so the same numbers, with one exp pass instead of two; the
    probabilities are written into ``out`` (shape of Z) when given.
    """
    with np.errstate(over="ignore"):  # see activations._softmax
        shifted = np.subtract(Z, np.max(Z, axis=1, keepdims=True), out=out)
    picked = shifted[np.arange(Z.shape[0]), y.astype(np.int64, copy=False)]
    e = np.exp(shifted, out=shifted)
    total = np.sum(e, axis=1, keepdims=True)
    cost = float((np.log(total[:, 0]) - picked).mean())
    e /= total
    return cost, e


def _softmax_cross_entropy_gradient(y, Z):
    return (_softmax(Z, axis=1) - _one_hot(y, Z.shape[1])) / Z.shape[0]


# --- validation at the boundary ----------------------------------------------------

def _multiclass_pair(y, Z):
    Z = as_float_array(Z, "Z", ndim=2)
    if Z.shape[1] < 2:
        raise ValueError(f"`Z` must have one column per class (at least 2), got shape "
                         f"{Z.shape}. For two classes with one score use the binary losses.")
    y = as_labels(y, "y", n_classes=Z.shape[1])
    check_same_length(y, Z, "y", "Z")
    return y, Z


# --- public, validated versions ------------------------------------------------

def one_hot(y, n_classes):
    """One-hot encode integer labels: row i has a 1 in column ``y[i]``.

    Introduced in ``08_deep_networks``.

    Parameters
    ----------
    y : array_like of shape (m,)
        Labels in ``0 .. n_classes - 1``.
    n_classes : int >= 2

    Returns
    -------
    ndarray of shape (m, n_classes)

    Examples
    --------
    >>> one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    return _one_hot(as_labels(y, "y", n_classes=n_classes), n_classes)


def softmax_cross_entropy_with_logits(y, Z):
    r"""Cross-entropy of each example between integer labels and softmax(Z).

    .. math:: L_i = -\log \mathrm{softmax}(Z_i)_{y_i} = \log\sum_k e^{Z_{ik}} - Z_{i y_i}

    Computed with log-sum-exp after subtracting each row's maximum: stable for any
    finite scores. Introduced in ``08_deep_networks``.

    Parameters
    ----------
    y : array_like of shape (m,)
        Labels in ``0 .. n_classes - 1``.
    Z : array_like of shape (m, n_classes)
        Scores (logits), one column per class.

    Returns
    -------
    ndarray of shape (m,), values >= 0

    Examples
    --------
    >>> round(float(softmax_cross_entropy_with_logits([0], [[0.0, 0.0]])[0]), 4)
    0.6931
    """
    return _softmax_cross_entropy_with_logits(*_multiclass_pair(y, Z))


def softmax_cross_entropy_cost(y, Z):
    """Mean of :func:`softmax_cross_entropy_with_logits` over the examples.

    Introduced in ``08_deep_networks``.

    Parameters
    ----------
    y : array_like of shape (m,)
    Z : array_like of shape (m, n_classes)

    Returns
    -------
    float

    Examples
    --------
    >>> round(softmax_cross_entropy_cost([0, 1], [[0.0, 0.0], [0.0, 0.0]]), 4)
    0.6931
    """
    return float(np.mean(_softmax_cross_entropy_with_logits(*_multiclass_pair(y, Z))))


def softmax_cross_entropy_gradient(y, Z):
    r"""Gradient of :func:`softmax_cross_entropy_cost` with respect to ``Z``.

    .. math:: \frac{\partial J}{\partial Z} = \frac{\mathrm{softmax}(Z) - Y}{m},
        \quad Y = \mathrm{one\_hot}(y)

    Introduced in ``08_deep_networks``.

    Parameters
    ----------
    y : array_like of shape (m,)
    Z : array_like of shape (m, n_classes)

    Returns
    -------
    ndarray of shape (m, n_classes)

    Examples
    --------
    >>> softmax_cross_entropy_gradient([0], [[0.0, 0.0]]).tolist()
    [[-0.5, 0.5]]
    """
    return _softmax_cross_entropy_gradient(*_multiclass_pair(y, Z))
