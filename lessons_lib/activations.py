"""Activation functions and their derivatives, in numerically stable forms.

Every function works elementwise on an array of any shape (``softmax`` works
along one axis). Public functions validate their input once; the private
``_name`` versions skip validation and are the ones used inside training loops
(``ACTIVATIONS`` holds them).

ReLU and leaky ReLU (``lessons_lib._rectifiers``) and softmax (``lessons_lib._softmax``)
are written in private modules and re-exported here: import every activation from this module.

Introduced in ``06_activation_functions`` (sigmoid first in ``01_logistic_regression``).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validation import as_float_array, describe
# ReLU, leaky ReLU and softmax are written in private modules (kept apart for length);
# import them from here.
from ._rectifiers import (_check_alpha, _leaky_relu, _leaky_relu_derivative,  # noqa: F401
                          _relu, _relu_derivative, leaky_relu, leaky_relu_derivative, relu,
                          relu_derivative)
from ._softmax import (_at_least_1d, _softmax, _softmax_jacobian, softmax,  # noqa: F401
                       softmax_jacobian)

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


def _identity(z):
    return np.array(z, dtype=np.float64, copy=True)


def _identity_derivative(z):
    return np.ones_like(z, dtype=np.float64)


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


# doctest.testmod(lessons_lib.activations) also runs the examples of the re-exported functions.
__test__ = {"relu": relu, "relu_derivative": relu_derivative, "leaky_relu": leaky_relu,
            "leaky_relu_derivative": leaky_relu_derivative, "softmax": softmax,
            "softmax_jacobian": softmax_jacobian}
