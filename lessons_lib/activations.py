"""Activation functions and their derivatives, in numerically stable forms.

Every function works elementwise on an array of any shape (``softmax`` works
along one axis). Public functions validate their input once; the private
``_name`` versions skip validation and are the ones used inside training loops
(``ACTIVATIONS`` holds them).

Introduced in ``06_activation_functions`` (sigmoid first in ``01_logistic_regression``).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validation import as_float_array, check_positive, describe

__all__ = [
    "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative",
    "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
    "identity", "identity_derivative", "softmax", "softmax_jacobian",
    "Activation", "ACTIVATIONS", "get_activation",
]


# --- private, unvalidated versions (hot paths) ------------------------------

def _sigmoid(z):
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    one_plus_e = 1.0 + e
    return np.where(z >= 0, 1.0 / one_plus_e, e / one_plus_e)


def _sigmoid_derivative(z):
    e = np.exp(-np.abs(z))  # sigma(1 - sigma) = e / (1 + e)^2, symmetric in z
    return e / (1.0 + e) ** 2


def _tanh(z):
    return np.tanh(z)


def _tanh_derivative(z):
    # 1 - tanh^2 = sech^2 = 4e / (1 + e)^2 with e = exp(-2|z|); the clip keeps 2|z| from
    # overflowing for |z| ~ 1e308 (exp(-2000) is 0 in float64 anyway).
    e = np.exp(-2.0 * np.minimum(np.abs(z), 1e3))
    return 4.0 * e / (1.0 + e) ** 2


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_derivative(z):
    return (z > 0).astype(np.float64)


def _leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


def _identity(z):
    return np.array(z, dtype=np.float64, copy=True)


def _identity_derivative(z):
    return np.ones_like(z, dtype=np.float64)


def _softmax(z, axis=-1):
    with np.errstate(over="ignore"):  # z - max may reach -inf for |z| ~ 1e308: exp gives 0
        shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)  # largest entry is exp(0) = 1, so the sum is in [1, n]
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_jacobian(z):
    s = _softmax(z, axis=-1)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


# --- public, validated versions ------------------------------------------------

def sigmoid(z):
    r"""Logistic sigmoid, computed without overflow.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Computed through :math:`e^{-|z|}`, so ``sigmoid(-1000)`` is exactly 0 and
    ``sigmoid(1000)`` exactly 1, with no warning. Introduced in ``01_logistic_regression``.

    Parameters
    ----------
    z : array_like of any shape
        Pre-activations (logits).

    Returns
    -------
    ndarray of the shape of ``z``, values in [0, 1]

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    """
    return _sigmoid(as_float_array(z, "z"))


def sigmoid_derivative(z):
    r"""Derivative of the sigmoid, :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`.

    Computed as :math:`e^{-|z|} / (1 + e^{-|z|})^2`, accurate for large :math:`|z|`
    (where ``1 - sigmoid(z)`` would round to 0). Introduced in
    ``05_backprop_logistic_regression``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``, values in [0, 1/4] (1/4 at z = 0)

    Examples
    --------
    >>> float(sigmoid_derivative(0.0))
    0.25
    """
    return _sigmoid_derivative(as_float_array(z, "z"))


def tanh(z):
    r"""Hyperbolic tangent, :math:`\tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z})`.

    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``, values in [-1, 1]

    Examples
    --------
    >>> float(tanh(0.0))
    0.0
    """
    return _tanh(as_float_array(z, "z"))


def tanh_derivative(z):
    r"""Derivative of tanh, :math:`1 - \tanh^2(z)`.

    Computed as :math:`4e^{-2|z|} / (1 + e^{-2|z|})^2` (that is :math:`4\sigma'(2z)`),
    accurate for large :math:`|z|`. Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``, values in [0, 1] (1 at z = 0)

    Examples
    --------
    >>> float(tanh_derivative(0.0))
    1.0
    """
    return _tanh_derivative(as_float_array(z, "z"))


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


def identity(z):
    """Identity activation (linear output layers); returns a float copy of ``z``.

    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``

    Examples
    --------
    >>> identity([1, 2]).tolist()
    [1.0, 2.0]
    """
    return _identity(as_float_array(z, "z"))


def identity_derivative(z):
    """Derivative of the identity: ones shaped like ``z``.

    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``

    Examples
    --------
    >>> identity_derivative([5.0, -3.0]).tolist()
    [1.0, 1.0]
    """
    return _identity_derivative(as_float_array(z, "z"))


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


# --- registry --------------------------------------------------------------------

class Activation(NamedTuple):
    """An activation's name, its function and its derivative (private, unvalidated)."""

    name: str
    fn: Callable
    derivative: Callable


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_derivative),
    "tanh": Activation("tanh", _tanh, _tanh_derivative),
    "relu": Activation("relu", _relu, _relu_derivative),
    "leaky_relu": Activation("leaky_relu", _leaky_relu, _leaky_relu_derivative),
    "identity": Activation("identity", _identity, _identity_derivative),
}


def get_activation(name):
    """Return the :class:`Activation` called ``name`` (an ``Activation`` is returned as is).
    Introduced in ``06_activation_functions``.

    Parameters
    ----------
    name : str
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"identity"``.

    Examples
    --------
    >>> float(get_activation("relu").fn(np.array(-1.0)))
    0.0
    """
    if isinstance(name, Activation):
        return name
    valid = ", ".join(map(repr, ACTIVATIONS))
    if not isinstance(name, str):
        raise TypeError(f"`name` must be an activation name (one of {valid}), "
                        f"got {describe(name)}.")
    if name not in ACTIVATIONS:
        raise ValueError(f"`name` must be one of {valid}; got {name!r}. Check the spelling.")
    return ACTIVATIONS[name]
