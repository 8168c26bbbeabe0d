"""The rectifiers: ReLU and leaky ReLU with their derivatives.

Private: :mod:`lessons_lib.activations` re-exports every name here (the registry
``ACTIVATIONS`` holds the private ``_relu``, ``_leaky_relu``, ...), so import them from there
(``from lessons_lib.activations import relu``). Elementwise on an array of any shape.

Introduced in ``06_activation_functions``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_positive

__all__ = ["relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative"]


# --- private, unvalidated versions (hot paths) ------------------------------

def _relu(z):
    return np.maximum(z, 0.0)


def _relu_derivative(z):
    return (z > 0).astype(np.float64)


def _leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


# --- public, validated versions ------------------------------------------------

def relu(z):
    r"""Rectified linear unit, :math:`\max(z, 0)`.

    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``, values >= 0

    Examples
    --------
    >>> relu([-2.0, 3.0]).tolist()
    [0.0, 3.0]
    """
    return _relu(as_float_array(z, "z"))


def relu_derivative(z):
    r"""Derivative of ReLU: 1 where z > 0, else 0.

    ReLU has no derivative at z = 0 (a kink); any value in [0, 1] is a valid
    subgradient. We choose **0 at z = 0**, as PyTorch and TensorFlow do: a unit
    exactly at the kink passes no gradient. Gradient checks should keep away
    from the kink. Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``, values 0.0 or 1.0

    Examples
    --------
    >>> relu_derivative([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    return _relu_derivative(as_float_array(z, "z"))


def _check_alpha(alpha):
    alpha = check_positive(alpha, "alpha", allow_zero=True)
    if alpha > 1:
        raise ValueError(
            f"`alpha` is the slope for z < 0 and must be in [0, 1], got {alpha!r}. "
            "Typical values are 0.01 to 0.3."
        )
    return alpha


def leaky_relu(z, alpha=0.01):
    r"""Leaky ReLU: z where z > 0, else :math:`\alpha z`.

    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape
    alpha : float in [0, 1], default 0.01
        Slope for negative inputs (``alpha=0`` gives ReLU).

    Returns
    -------
    ndarray of the shape of ``z``

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], alpha=0.1).tolist()
    [-0.2, 3.0]
    """
    return _leaky_relu(as_float_array(z, "z"), _check_alpha(alpha))


def leaky_relu_derivative(z, alpha=0.01):
    r"""Derivative of leaky ReLU: 1 where z > 0, else :math:`\alpha`.

    At the kink z = 0 it returns :math:`\alpha`, the left slope, the same side
    ``relu_derivative`` takes (0 there). Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape
    alpha : float in [0, 1], default 0.01

    Returns
    -------
    ndarray of the shape of ``z``

    Examples
    --------
    >>> leaky_relu_derivative([-1.0, 0.0, 2.0], alpha=0.1).tolist()
    [0.1, 0.1, 1.0]
    """
    return _leaky_relu_derivative(as_float_array(z, "z"), _check_alpha(alpha))
