"""Softmax along an axis and its Jacobian, computed after subtracting the maximum.

Private: :mod:`lessons_lib.activations` re-exports every name here, so import them from there
(``from lessons_lib.activations import softmax``).

Introduced in ``06_activation_functions``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, describe

__all__ = ["softmax", "softmax_jacobian"]


# --- private, unvalidated versions (hot paths) ------------------------------

def _softmax(z, axis=-1):
    with np.errstate(over="ignore"):  # z - max may reach -inf for |z| ~ 1e308: exp gives 0
        shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)  # largest entry is exp(0) = 1, so the sum is in [1, n]
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_jacobian(z):
    s = _softmax(z, axis=-1)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


# --- public, validated versions ------------------------------------------------

def softmax(z, axis=-1):
    r"""Softmax along ``axis``, computed after subtracting the maximum.

    .. math:: \mathrm{softmax}(z)_i = e^{z_i - \max_j z_j} / \sum_k e^{z_k - \max_j z_j}

    Subtracting the maximum changes nothing mathematically (softmax is shift
    invariant) but keeps every exponential in [0, 1], so scores of 1e3 or 1e300
    neither overflow nor warn. Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of shape (..., n), e.g. ``Z`` of shape (m, n_classes)
    axis : int, default -1
        The axis along which the result sums to 1.

    Returns
    -------
    ndarray of the shape of ``z``

    Examples
    --------
    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    z = _at_least_1d(as_float_array(z, "z"))
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"`axis` must be an integer, got {describe(axis)}.")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"`axis` must be in [{-z.ndim}, {z.ndim - 1}] for `z` of shape "
                         f"{z.shape}, got {axis}.")
    return _softmax(z, axis=int(axis))


def softmax_jacobian(z):
    r"""Jacobian of softmax along the last axis, :math:`J = \mathrm{diag}(s) - s s^\top`.

    Entry by entry :math:`\partial s_i / \partial z_j = s_i(\delta_{ij} - s_j)`.
    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of shape (..., n)

    Returns
    -------
    ndarray of shape (..., n, n)
        ``J[..., i, j]`` is the derivative of output ``i`` with respect to input ``j``.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    return _softmax_jacobian(_at_least_1d(as_float_array(z, "z")))


def _at_least_1d(z):
    if z.ndim == 0:
        raise ValueError(
            "`z` must have at least 1 dimension (softmax normalises along an axis), "
            "got a scalar. Pass a 1-D array of scores, e.g. [z]."
        )
    return z
