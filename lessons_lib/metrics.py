"""How good is a classifier? Accuracy, the confusion matrix, and what it shows.

Labels are integers ``0 .. n_classes - 1``, one per example, shape (m,). The confusion matrix
``C`` counts the examples of each true class (row) by the class predicted for them (column):

.. math:: C_{ij} = \\#\\{\\, k : y_k = i,\\ \\hat y_k = j \\,\\}

so its diagonal holds the correct predictions and everything off it a mistake. Introduced in
``09_capstone``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_labels, check_int, check_same_length

__all__ = ["accuracy", "confusion_matrix", "per_class_accuracy", "Confusion", "most_confused"]


def _pair(y_true, y_pred):
    y_true = as_float_array(y_true, "y_true", ndim=1)
    y_pred = as_float_array(y_pred, "y_pred", ndim=1)
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    return y_true, y_pred


def _labels(y, name, n_classes, n_samples=None, rows_of="y_true"):
    """Integer labels in 0 .. n_classes - 1 (as_labels gives floats for two classes)."""
    return as_labels(y, name, n_samples=n_samples, n_classes=n_classes,
                     rows_of=rows_of).astype(np.int64)


def _check_counts(C):
    """A square matrix of counts: integers >= 0."""
    C = as_float_array(C, "C", ndim=2)
    if C.shape[0] != C.shape[1]:
        raise ValueError(f"`C` must be square, one row and one column per class, got shape "
                         f"{C.shape}. Make it with confusion_matrix(y_true, y_pred, n_classes).")
    if np.any(C < 0) or np.any(C != np.round(C)):
        raise ValueError("`C` must hold counts (integers >= 0), got values such as "
                         f"{C[(C < 0) | (C != np.round(C))][:3].tolist()}.")
    return C.astype(np.int64)


def accuracy(y_true, y_pred):
    """The fraction of examples whose predicted label equals the true one.

    .. math:: \\text{accuracy} = \\frac{1}{m} \\sum_{k=1}^{m} [\\hat y_k = y_k]

    Parameters
    ----------
    y_true : array_like of shape (m,)
    y_pred : array_like of shape (m,)

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes):
    """Count the examples of each true class (rows) by their predicted class (columns).

    .. math:: C_{ij} = \\#\\{\\, k : y_k = i,\\ \\hat y_k = j \\,\\}

    Parameters
    ----------
    y_true : array_like of shape (m,)
        True labels in ``0 .. n_classes - 1``.
    y_pred : array_like of shape (m,)
        Predicted labels in ``0 .. n_classes - 1``.
    n_classes : int >= 2

    Returns
    -------
    ndarray of shape (n_classes, n_classes), dtype int64
        Row sums are the class sizes, the trace is the number of correct predictions and the
        total is m.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], 3).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    y_true = _labels(y_true, "y_true", n_classes)
    y_pred = _labels(y_pred, "y_pred", n_classes, n_samples=y_true.shape[0])
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def per_class_accuracy(C):
    """For each true class, the fraction of its examples predicted correctly (its *recall*).

    .. math:: \\text{accuracy}_i = \\frac{C_{ii}}{\\sum_j C_{ij}}

    Parameters
    ----------
    C : array_like of shape (n_classes, n_classes)
        A confusion matrix (counts, true classes as rows).

    Returns
    -------
    ndarray of shape (n_classes,)
        NaN for a class with no examples (an empty row).

    Examples
    --------
    >>> per_class_accuracy([[3, 1], [0, 2]]).tolist()
    [0.75, 1.0]
    """
    C = _check_counts(C)
    sizes = C.sum(axis=1)
    out = np.full(C.shape[0], np.nan)
    np.divide(np.diag(C), sizes, out=out, where=sizes > 0)
    return out


class Confusion(NamedTuple):
    """One kind of mistake: examples of class ``true`` predicted as ``predicted``, ``count``
    times."""

    true: int
    predicted: int
    count: int


def most_confused(C, k=3):
    """The ``k`` largest off-diagonal counts of a confusion matrix, largest first.

    Ties are broken by the true class, then the predicted class; zero counts are left out, so
    fewer than ``k`` may come back.

    Parameters
    ----------
    C : array_like of shape (n_classes, n_classes)
        A confusion matrix (counts, true classes as rows).
    k : int >= 1, default 3

    Returns
    -------
    list of Confusion

    Examples
    --------
    >>> most_confused([[5, 2, 0], [0, 4, 1], [3, 0, 6]], k=2)
    [Confusion(true=2, predicted=0, count=3), Confusion(true=0, predicted=1, count=2)]
    """
    C = _check_counts(C)
    k = check_int(k, "k", minimum=1)
    pairs = [(int(C[i, j]), i, j) for i in range(C.shape[0]) for j in range(C.shape[1])
             if i != j and C[i, j] > 0]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return [Confusion(true=i, predicted=j, count=n) for n, i, j in pairs[:k]]
