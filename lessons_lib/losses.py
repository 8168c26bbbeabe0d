"""Losses (one value per example), costs (their mean) and the gradients of the costs.

Argument order is always ``(y, y_hat)`` or ``(y, z)``: the truth first. Per-example
functions return an array of shape (m,); costs return a float; gradients have
the shape of the prediction. Public functions validate once; the private
``_name`` versions skip validation for training loops.

Squared error (``lessons_lib._squared_error``) and the softmax cross-entropy family
(``lessons_lib._softmax_losses``) are written in private modules and re-exported here:
import every loss from this module.

Introduced in ``02_loss_and_cost`` (softmax cross-entropy in ``08_deep_networks``).
"""

from __future__ import annotations

import numpy as np

from ._validation import (as_float_array, as_labels, check_positive, check_probabilities,
                          check_same_length)
from .activations import _sigmoid
# Squared error and the softmax cross-entropy family are written in private modules (kept
# apart for length); import them from here.
from ._softmax_losses import (_multiclass_pair, _one_hot,  # noqa: F401
                              _softmax_cross_entropy_and_softmax,
                              _softmax_cross_entropy_gradient,
                              _softmax_cross_entropy_with_logits, one_hot,
                              softmax_cross_entropy_cost, softmax_cross_entropy_gradient,
                              softmax_cross_entropy_with_logits)
from ._squared_error import (_real_pair, _squared_error,  # noqa: F401
                             _squared_error_cost_gradient, squared_error, squared_error_cost,
                             squared_error_cost_gradient)

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


# doctest.testmod(lessons_lib.losses) also runs the examples of the re-exported functions.
__test__ = {"squared_error": squared_error, "squared_error_cost": squared_error_cost,
            "squared_error_cost_gradient": squared_error_cost_gradient, "one_hot": one_hot,
            "softmax_cross_entropy_with_logits": softmax_cross_entropy_with_logits,
            "softmax_cross_entropy_cost": softmax_cross_entropy_cost,
            "softmax_cross_entropy_gradient": softmax_cross_entropy_gradient}
