"""Checkers for activation functions: relu and its derivative, tanh's derivative, a stable softmax.

Exercises of ``06_activation_functions`` (softmax is used again in ``08_deep_networks``).
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import _relu, _relu_derivative, _softmax, _tanh_derivative
from ._core import Case, Exercise, Mistake, run_checks

__all__ = ["check_relu", "check_relu_derivative", "check_tanh_derivative", "check_softmax",
           "RELU_MISTAKES", "RELU_DERIVATIVE_MISTAKES", "TANH_DERIVATIVE_MISTAKES",
           "SOFTMAX_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


# --- relu(z) ----------------------------------------------------------------------------

def _relu_in_place(z):
    z[z < 0] = 0.0
    return z


RELU_MISTAKES = (
    Mistake("np.max(z, 0)", "np.max(z, 0) is the largest entry along axis 0, not an elementwise "
            "maximum: use np.maximum(z, 0).", fn=lambda z: np.max(z, 0)),
    Mistake("np.max(0, z)", "np.max takes an array and an axis; the elementwise maximum of z and "
            "0 is np.maximum(z, 0).", fn=lambda z: np.max(0, z)),
    Mistake("Python's max on an array", "Python's max(0, z) compares whole arrays; use "
            "np.maximum(z, 0), which works element by element.", fn=lambda z: max(0, z)),
    Mistake("z changed in place", "z[z < 0] = 0 changes the caller's array. Return a new one: "
            "np.maximum(z, 0) (or work on z.copy()).", fn=_relu_in_place),
    Mistake("returned the derivative (the mask)", "relu(z) is z where z > 0 and 0 elsewhere; "
            "(z > 0) is its derivative.", fn=lambda z: (z > 0).astype(float)),
    Mistake("np.abs", "relu keeps positive values and sets negative ones to 0; np.abs flips "
            "their sign instead.", fn=np.abs),
    Mistake("np.minimum", "relu keeps the positive part: np.maximum(z, 0), not np.minimum.",
            fn=lambda z: np.minimum(z, 0.0)),
)


def _relu_cases():
    return (
        Case((_array([-2, -0.5, 0, 0.5, 2]),), "negatives become 0",
             expected=_array([0, 0, 0, 0.5, 2])),
        Case((_array([[-1, 2, -3], [4, -5, 6]]),), "a 2-D array keeps its shape",
             expected=_array([[0, 2, 0], [4, 0, 6]])),
        Case((_array([-3, -2, -1]),), "all negative", expected=np.zeros(3)),
        Case((_array([1e300, -1e300, 1e-300]),), "extreme values",
             expected=_array([1e300, 0, 1e-300])),
        Case((3.0,), "one number", expected=3.0),
    )


_RELU = Exercise("relu", ("z",), _relu, _relu_cases, RELU_MISTAKES,
                 hint="relu(z) = max(z, 0) element by element: np.maximum(z, 0).")


def check_relu(relu):
    """Check ``relu(z)`` (``06_activation_functions``).

    The exercise: ``relu(z) -> ndarray of the shape of z`` (a number for a number), elementwise
    :math:`\\max(z, 0)`, in floats, without changing ``z``.

    Parameters
    ----------
    relu : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_relu(lambda z: np.maximum(z, 0.0))
    ✓ relu: all 5 checks passed.
    True
    """
    return run_checks(_RELU, relu)


# --- relu_derivative(z) ---------------------------------------------------------------------

def _relu_derivative_in_place(z):
    z[z > 0] = 1.0
    z[z <= 0] = 0.0
    return z


def _at_zero(output, args):
    """Features for z = [-1, 0, 1]: at 0 either 0 or 1 (a subgradient); elsewhere exact values."""
    out = np.asarray(output, dtype=float)
    return {"shape": out.shape, "values at z = ±1": out[[0, 2]],
            "value at z = 0 is 0 or 1": bool(out[1] in (0.0, 1.0))}


RELU_DERIVATIVE_MISTAKES = (
    Mistake("returned booleans", "z > 0 gives booleans (True/False); return numbers: "
            "(z > 0).astype(float).", fn=lambda z: z > 0),
    Mistake("returned relu(z)", "That is relu itself; its derivative is 1 where z > 0 and 0 "
            "elsewhere.", fn=lambda z: np.maximum(z, 0.0)),
    Mistake("inverted", "The slope is 1 on the positive side (z > 0) and 0 on the negative side.",
            fn=lambda z: (z < 0).astype(float)),
    Mistake("np.sign", "np.sign(z) gives −1 for negative z; relu's slope there is 0: "
            "(z > 0).astype(float).", fn=np.sign),
    Mistake("z changed in place", "Assigning into z changes the caller's array: build a new one, "
            "(z > 0).astype(float).", fn=_relu_derivative_in_place),
    Mistake("1 everywhere", "relu is flat (slope 0) for negative z; only the positive side has "
            "slope 1.", fn=lambda z: np.ones_like(z, dtype=float)),
)


def _relu_derivative_cases():
    return (
        Case((_array([-2, -0.5, 0.5, 2]),), "slope 0 then 1", expected=_array([0, 0, 1, 1])),
        Case((_array([[-1, 2, -3], [4, -5, 6]]),), "a 2-D array keeps its shape",
             expected=_array([[0, 1, 0], [1, 0, 1]])),
        Case((_array([-1e-12, 1e-12, -1e300, 1e300]),), "tiny and huge values",
             expected=_array([0, 1, 0, 1])),
        Case((_array([-1, 0, 1]),), "at z = 0 both 0 and 1 are accepted", key=_at_zero),
    )


_RELU_DERIVATIVE = Exercise(
    "relu_derivative", ("z",), _relu_derivative, _relu_derivative_cases, RELU_DERIVATIVE_MISTAKES,
    hint="1.0 where z > 0, else 0.0: (z > 0).astype(float).")


def check_relu_derivative(relu_derivative):
    """Check ``relu_derivative(z)`` (``06_activation_functions``).

    The exercise: ``relu_derivative(z) -> ndarray of the shape of z``, 1.0 where z > 0 and
    0.0 where z < 0, as floats. At exactly z = 0 either 0 or 1 is accepted (``>`` and ``>=``
    are both right: any value in [0, 1] is a subgradient there).

    Parameters
    ----------
    relu_derivative : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_relu_derivative(lambda z: (z >= 0).astype(float))
    ✓ relu_derivative: all 4 checks passed.
    True
    """
    return run_checks(_RELU_DERIVATIVE, relu_derivative)


# --- tanh_derivative(z) ---------------------------------------------------------------------

def _naive_tanh(z):
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


TANH_DERIVATIVE_MISTAKES = (
    Mistake("1 − z² (forgot tanh)", "The derivative is 1 − tanh(z)²: square tanh(z), not z.",
            fn=lambda z: 1.0 - z ** 2),
    Mistake("forgot the square", "The derivative is 1 − tanh(z)², with the square.",
            fn=lambda z: 1.0 - np.tanh(z)),
    Mistake("the sigmoid's pattern", "t·(1 − t) is the pattern of the sigmoid's derivative; "
            "tanh's is 1 − t² with t = tanh(z).", fn=lambda z: np.tanh(z) * (1.0 - np.tanh(z))),
    Mistake("(1 − tanh z)²", "Square tanh(z) before subtracting: 1 − tanh(z)², not (1 − tanh(z))².",
            fn=lambda z: (1.0 - np.tanh(z)) ** 2),
    Mistake("a naive tanh that overflows", "(e^z − e^(−z)) / (e^z + e^(−z)) overflows for "
            "large |z|: use np.tanh.", fn=lambda z: 1.0 - _naive_tanh(z) ** 2),
    Mistake("1/cosh² that overflows", "1/cosh(z)² is the right formula, but np.cosh (and "
            "np.sinh) overflow to inf for |z| > about 710, so NumPy warns even where the answer "
            "rounds to 0. Write it as 1 − np.tanh(z)**2: np.tanh never overflows.",
            fn=lambda z: 1.0 / np.cosh(z) ** 2),
)


def _tanh_derivative_cases():
    log2 = math.log(2.0)
    return (
        Case((0.0,), "z = 0, one number", expected=1.0),
        Case((_array([-log2, 0, log2]),), "tanh(±log 2) = ±3/5, so 16/25",
             expected=_array([16 / 25, 1, 16 / 25])),
        Case((_array([[-2, 0], [1, 3]]),), "a 2-D array keeps its shape"),
        Case((_array([-1000, 1000]),), "large inputs must not overflow", expected=_array([0, 0])),
    )


_TANH_DERIVATIVE = Exercise(
    "tanh_derivative", ("z",), _tanh_derivative, _tanh_derivative_cases, TANH_DERIVATIVE_MISTAKES,
    hint="tanh'(z) = 1 − tanh(z)², with np.tanh.")


def check_tanh_derivative(tanh_derivative):
    """Check ``tanh_derivative(z)`` (``06_activation_functions``).

    The exercise: ``tanh_derivative(z) -> ndarray of the shape of z``, elementwise
    :math:`1 - \\tanh(z)^2`, without a NumPy warning at ``z = ±1000``.

    Parameters
    ----------
    tanh_derivative : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_tanh_derivative(lambda z: 1.0 - np.tanh(z) ** 2)
    ✓ tanh_derivative: all 4 checks passed.
    True
    """
    return run_checks(_TANH_DERIVATIVE, tanh_derivative)


# --- softmax(Z) -----------------------------------------------------------------------------

def _softmax_global_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / np.sum(e, axis=1, keepdims=True)


def _softmax_axis0(Z):
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


SOFTMAX_MISTAKES = (
    Mistake("normalised over columns (axis=0)", "Rows are examples: normalise each row, so "
            "take the max and the sum along axis=1 (with keepdims=True).", fn=_softmax_axis0),
    Mistake("normalised over the whole array", "Sum along each row (axis=1, keepdims=True), "
            "not over the whole array: every row must sum to 1.",
            fn=lambda Z: np.exp(Z - np.max(Z)) / np.sum(np.exp(Z - np.max(Z)))),
    Mistake("forgot keepdims=True", "Z.max(axis=1) and e.sum(axis=1) have shape (m,), which does "
            "not line up with (m, k): pass keepdims=True to keep shape (m, 1).",
            fn=lambda Z: np.exp(Z - np.max(Z, axis=1)) / np.sum(np.exp(Z), axis=1)),
    Mistake("subtracted the max of the whole array", "Subtract each row's own max "
            "(np.max(Z, axis=1, keepdims=True)): with one global max, a row far below it "
            "underflows to 0/0.", fn=_softmax_global_max),
    Mistake("naive form that overflows", "np.exp(1000) overflows. Subtract each row's max "
            "first: softmax(z) = softmax(z − max z), and then the largest exponent is e^0 = 1.",
            fn=lambda Z: np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)),
)


def _softmax_cases():
    return (
        Case((np.zeros((1, 3)),), "equal scores: 1/3 each", expected=np.full((1, 3), 1 / 3)),
        Case((np.log(_array([[1, 2, 3], [1, 1, 2]])),), "Z = log p gives p normalised",
             expected=_array([[1 / 6, 2 / 6, 3 / 6], [1 / 4, 1 / 4, 1 / 2]])),
        Case((_array([[1000, 1000, 1000], [1000, 1000 + math.log(2), 1000]]),),
             "large scores must not overflow", expected=_array([[1 / 3] * 3, [0.25, 0.5, 0.25]])),
        Case((_array([[0, math.log(3), 0], [-1000, -1000 + math.log(3), -1000]]),),
             "rows of different scales", expected=_array([[0.2, 0.6, 0.2], [0.2, 0.6, 0.2]])),
        Case((_array([[1, -2, 0.5, 3], [0, 0, 0, 0], [-1, 5, 2, 2]]),), "3 examples, 4 classes"),
        Case((_array([[2], [-7]]),), "one class: every probability is 1", expected=np.ones((2, 1))),
    )


_SOFTMAX = Exercise(
    "softmax", ("Z",), lambda Z: _softmax(Z, axis=1), _softmax_cases, SOFTMAX_MISTAKES,
    hint="For each row: e = np.exp(z − max z), then e / e.sum(); with axis=1 and keepdims=True.")


def check_softmax(softmax):
    """Check ``softmax(Z)``, a numerically stable softmax of each row (``06_activation_functions``).

    The exercise: ``softmax(Z) -> ndarray of shape (m, k)`` for scores ``Z`` of shape (m, k),
    one row per example; each row becomes probabilities that sum to 1. Scores of 1000 must not
    overflow, and rows of very different scales must both come out right.

    .. math:: \\mathrm{softmax}(z)_j = \\frac{e^{z_j - \\max z}}{\\sum_k e^{z_k - \\max z}}

    Parameters
    ----------
    softmax : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.activations import softmax
    >>> check_softmax(softmax)
    ✓ softmax: all 6 checks passed.
    True
    """
    return run_checks(_SOFTMAX, softmax)
