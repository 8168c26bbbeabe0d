"""Losses (one value per example), costs (their mean) and the gradients of the costs.

Argument order is always ``(y, y_hat)`` or ``(y, z)``: the truth first. Per-example
functions return an array of shape (m,); costs return a float; gradients have
the shape of the prediction. Public functions validate once; the private
``_name`` versions skip validation for training loops.

Introduced in ``02_loss_and_cost`` (softmax cross-entropy in ``08_deep_networks``).
"""

from __future__ import annotations

import numpy as np

from ._validation import (as_float_array, as_labels, check_int, check_positive,
                          check_probabilities, check_same_length)
from .activations import _sigmoid, _softmax

__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "squared_error",
    "bce_cost", "bce_cost_with_logits", "squared_error_cost",
    "bce_cost_gradient", "bce_cost_with_logits_gradient", "squared_error_cost_gradient",
    "one_hot", "softmax_cross_entropy_with_logits", "softmax_cross_entropy_cost",
    "softmax_cross_entropy_gradient",
]


# --- private, unvalidated versions (hot paths) ------------------------------

def _binary_cross_entropy(y, y_hat, eps=1e-12):
    p = np.clip(y_hat, eps, 1.0 - eps)
    return -(y * np.log(p) + (1.0 - y) * np.log1p(-p))


def _bce_cost_gradient(y, y_hat, eps=1e-12):
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-y / p + (1.0 - y) / (1.0 - p)) / y.shape[0]


def _binary_cross_entropy_with_logits(y, z):
    # -[y log s(z) + (1-y) log(1-s(z))] = log(1 + exp(-z)) if y = 1 else log(1 + exp(z));
    # (1 - 2y) z is exact and logaddexp(0, t) = log(1 + e^t) never overflows.
    return np.logaddexp(0.0, (1.0 - 2.0 * y) * z)


def _bce_cost_with_logits_gradient(y, z):
    return (_sigmoid(z) - y) / y.shape[0]


def _squared_error(y, y_hat):
    return 0.5 * (y_hat - y) ** 2


def _squared_error_cost_gradient(y, y_hat):
    return (y_hat - y) / y.shape[0]


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

def _check_eps(eps):
    eps = check_positive(eps, "eps")
    if eps >= 0.5:
        raise ValueError(f"`eps` must be in (0, 0.5), got {eps!r}; the default 1e-12 is fine.")
    return eps


def _binary_pair(y, y_hat):
    """Validate binary labels ``y`` and probabilities ``y_hat`` of the same length."""
    y = as_labels(y, "y")
    y_hat = check_probabilities(as_float_array(y_hat, "y_hat", ndim=1), "y_hat")
    check_same_length(y, y_hat, "y", "y_hat")
    return y, y_hat


def _logit_pair(y, z):
    y = as_labels(y, "y")
    z = as_float_array(z, "z", ndim=1)
    check_same_length(y, z, "y", "z")
    return y, z


def _real_pair(y, y_hat):
    y = as_float_array(y, "y", ndim=1)
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    check_same_length(y, y_hat, "y", "y_hat")
    return y, y_hat


def _multiclass_pair(y, Z):
    Z = as_float_array(Z, "Z", ndim=2)
    if Z.shape[1] < 2:
        raise ValueError(f"`Z` must have one column per class (at least 2), got shape "
                         f"{Z.shape}. For two classes with one score use the binary losses.")
    y = as_labels(y, "y", n_classes=Z.shape[1])
    check_same_length(y, Z, "y", "Z")
    return y, Z


# --- binary cross-entropy -------------------------------------------------------

def binary_cross_entropy(y, y_hat, eps=1e-12):
    r"""Binary cross-entropy of each example, from probabilities.

    .. math:: L(y, \hat y) = -\left[y \log \hat y + (1 - y)\log(1 - \hat y)\right]

    ``y_hat`` is clipped to ``[eps, 1 - eps]`` first, because :math:`\log 0 = -\infty`:
    a prediction of exactly 1 (what ``sigmoid`` returns in float64 once :math:`z` > about
    36.7) or exactly 0 (only once :math:`z` < about -745; ``sigmoid(-37)`` is still about
    8.5e-17) would give an infinite loss and NaN gradients. The price: each loss is capped at
    about :math:`-\log(\text{eps}) \approx 27.63` for the default ``eps=1e-12``, so a
    confidently wrong prediction is under-penalised, and a perfect prediction costs
    about ``eps`` instead of 0. Where ``y_hat`` is in ``[eps, 1 - eps]`` nothing changes.
    To avoid the clip altogether, use :func:`binary_cross_entropy_with_logits`.
    Introduced in ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
        Labels, 0 or 1.
    y_hat : array_like of shape (m,)
        Predicted probabilities of class 1, in [0, 1].
    eps : float in (0, 0.5), default 1e-12

    Returns
    -------
    ndarray of shape (m,), values in [eps, about -log(eps)]

    Examples
    --------
    >>> round(float(binary_cross_entropy([1], [0.5])[0]), 4)  # log 2
    0.6931
    """
    y, y_hat = _binary_pair(y, y_hat)
    return _binary_cross_entropy(y, y_hat, _check_eps(eps))


def bce_cost(y, y_hat, eps=1e-12):
    r"""Binary cross-entropy cost: the mean of :func:`binary_cross_entropy`.

    .. math:: J = \frac{1}{m}\sum_{i=1}^m L(y^{(i)}, \hat y^{(i)})

    Introduced in ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
    y_hat : array_like of shape (m,)
    eps : float, default 1e-12

    Returns
    -------
    float

    Examples
    --------
    >>> round(bce_cost([1, 0], [0.5, 0.5]), 4)
    0.6931
    """
    y, y_hat = _binary_pair(y, y_hat)
    return float(np.mean(_binary_cross_entropy(y, y_hat, _check_eps(eps))))


def bce_cost_gradient(y, y_hat, eps=1e-12):
    r"""Gradient of :func:`bce_cost` with respect to ``y_hat``.

    .. math:: \frac{\partial J}{\partial \hat y_i} = \frac{1}{m}\left(-\frac{y_i}{\hat y_i}
        + \frac{1 - y_i}{1 - \hat y_i}\right)

    Evaluated at the clipped ``y_hat`` (so it stays finite). Where the clip is
    active the clipped cost is flat, but we return this formula's value instead of 0,
    so a saturated wrong prediction still gets pushed. Introduced in
    ``05_backprop_logistic_regression``.

    Parameters
    ----------
    y : array_like of shape (m,)
    y_hat : array_like of shape (m,)
    eps : float, default 1e-12

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> bce_cost_gradient([1, 0], [0.5, 0.5]).tolist()
    [-1.0, 1.0]
    """
    y, y_hat = _binary_pair(y, y_hat)
    return _bce_cost_gradient(y, y_hat, _check_eps(eps))


def binary_cross_entropy_with_logits(y, z):
    r"""Binary cross-entropy of each example, from the logits :math:`z` (before the sigmoid).

    .. math:: L(y, z) = \log(1 + e^{-z}) \text{ if } y = 1, \quad \log(1 + e^{z}) \text{ if } y = 0

    Equal to ``binary_cross_entropy(y, sigmoid(z))`` but computed with
    ``np.logaddexp``: no clipping, no overflow for any finite ``z`` (1e3, 1e300),
    and accurate for tiny losses. Introduced in ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
        Labels, 0 or 1.
    z : array_like of shape (m,)
        Logits, any finite real numbers.

    Returns
    -------
    ndarray of shape (m,), values >= 0

    Examples
    --------
    >>> binary_cross_entropy_with_logits([1, 0], [1000.0, -1000.0]).tolist()
    [0.0, 0.0]
    """
    y, z = _logit_pair(y, z)
    return _binary_cross_entropy_with_logits(y, z)


def bce_cost_with_logits(y, z):
    """Mean of :func:`binary_cross_entropy_with_logits` over the examples.

    Introduced in ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
    z : array_like of shape (m,)

    Returns
    -------
    float

    Examples
    --------
    >>> round(bce_cost_with_logits([1, 0], [0.0, 0.0]), 4)
    0.6931
    """
    y, z = _logit_pair(y, z)
    return float(np.mean(_binary_cross_entropy_with_logits(y, z)))


def bce_cost_with_logits_gradient(y, z):
    r"""Gradient of :func:`bce_cost_with_logits` with respect to ``z``.

    .. math:: \frac{\partial J}{\partial z_i} = \frac{\sigma(z_i) - y_i}{m}

    Introduced in ``05_backprop_logistic_regression``.

    Parameters
    ----------
    y : array_like of shape (m,)
    z : array_like of shape (m,)

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> bce_cost_with_logits_gradient([1, 0], [0.0, 0.0]).tolist()
    [-0.25, 0.25]
    """
    y, z = _logit_pair(y, z)
    return _bce_cost_with_logits_gradient(y, z)


# --- squared error -------------------------------------------------------------

def squared_error(y, y_hat):
    r"""Squared error of each example, with a factor 1/2.

    .. math:: L(y, \hat y) = \tfrac{1}{2}(\hat y - y)^2

    The 1/2 cancels the 2 of the derivative, so the gradient is simply
    :math:`\hat y - y`; it scales the loss and does not move the minimum.
    ``y`` may be any real numbers (0/1 labels or regression targets). Introduced in
    ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
    y_hat : array_like of shape (m,)

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> squared_error([1.0], [0.0]).tolist()
    [0.5]
    """
    return _squared_error(*_real_pair(y, y_hat))


def squared_error_cost(y, y_hat):
    """Mean of :func:`squared_error` over the examples.

    Introduced in ``02_loss_and_cost``.

    Parameters
    ----------
    y : array_like of shape (m,)
    y_hat : array_like of shape (m,)

    Returns
    -------
    float

    Examples
    --------
    >>> squared_error_cost([1.0, 0.0], [0.0, 0.0])
    0.25
    """
    return float(np.mean(_squared_error(*_real_pair(y, y_hat))))


def squared_error_cost_gradient(y, y_hat):
    r"""Gradient of :func:`squared_error_cost` with respect to ``y_hat``: :math:`(\hat y - y)/m`.

    Introduced in ``03_gradient_descent``.

    Parameters
    ----------
    y : array_like of shape (m,)
    y_hat : array_like of shape (m,)

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> squared_error_cost_gradient([1.0, 0.0], [0.0, 0.0]).tolist()
    [-0.5, 0.0]
    """
    return _squared_error_cost_gradient(*_real_pair(y, y_hat))


# --- several classes ------------------------------------------------------------

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
