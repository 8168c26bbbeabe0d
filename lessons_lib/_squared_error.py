"""Squared error: the loss of each example, its mean (the cost) and the cost's gradient.

Private: :mod:`lessons_lib.losses` re-exports every name here, so import them from there
(``from lessons_lib.losses import squared_error``). Argument order is ``(y, y_hat)``.

Introduced in ``02_loss_and_cost`` (the gradient in ``03_gradient_descent``).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_same_length

__all__ = ["squared_error", "squared_error_cost", "squared_error_cost_gradient"]


# --- private, unvalidated versions (hot paths) ------------------------------

def _squared_error(y, y_hat):
    return 0.5 * (y_hat - y) ** 2


def _squared_error_cost_gradient(y, y_hat):
    return (y_hat - y) / y.shape[0]


# --- validation at the boundary ----------------------------------------------------

def _real_pair(y, y_hat):
    y = as_float_array(y, "y", ndim=1)
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    check_same_length(y, y_hat, "y", "y_hat")
    return y, y_hat


# --- public, validated versions ------------------------------------------------

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
