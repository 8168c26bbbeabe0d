"""Checkers for one neuron: the linear scores, the sigmoid and its derivative.

Exercises of ``00_welcome`` (``scores``) and ``01_logistic_regression`` (``sigmoid``,
``sigmoid_derivative``; the derivative is used again in ``05_backprop_logistic_regression``).
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import _sigmoid, _sigmoid_derivative
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_linear_scores", "check_sigmoid", "check_sigmoid_derivative",
           "LINEAR_SCORES_MISTAKES", "SIGMOID_MISTAKES", "SIGMOID_DERIVATIVE_MISTAKES"]

_LOG3 = math.log(3.0)


def _array(rows):
    return np.array(rows, dtype=float)


# --- scores(X, w, b) = X @ w + b ------------------------------------------------------

LINEAR_SCORES_MISTAKES = (
    Mistake("w @ X: the factors in the wrong order",
            "Rows of X are examples, so each score is one row times w: write X @ w (w @ X and "
            "X.T @ w pair the wrong sizes).",
            fn=lambda X, w, b: w @ X + b),
    Mistake("forgot b", "Add the bias: z = X @ w + b.", fn=lambda X, w, b: X @ w),
    Mistake("X * w: elementwise, not a matrix product",
            "X * w multiplies element by element and gives shape (m, n_features); the score of "
            "an example is a sum over its features, which X @ w computes.",
            fn=lambda X, w, b: X * w + b),
    Mistake("scores of shape (m, 1)",
            "Keep w one-dimensional, shape (n_features,): then X @ w has shape (m,), one score "
            "per example, not a column (m, 1).",
            fn=lambda X, w, b: X @ w.reshape(-1, 1) + b),
    Mistake("summed over examples (axis=0)",
            "Sum over the features of each example (axis=1), not over the examples (axis=0); "
            "X @ w does it for you.",
            fn=lambda X, w, b: np.sum(X * w, axis=0) + b),
    GLOBAL_VARIABLE,
)


def _scores_cases():
    rng = np.random.default_rng(0)
    X = _array([[1, 2], [3, 4], [5, 6]])
    return (
        Case((X, _array([1, -1]), 0.0), "b = 0", expected=_array([-1, -1, -1])),
        Case((X, _array([0.5, -1]), 0.5), "with a bias", expected=_array([-1, -2, -3])),
        Case((_array([[1], [2], [3], [4]]), _array([2]), 1.0), "one feature",
             expected=_array([3, 5, 7, 9])),
        Case((_array([[1, 2, 3]]), _array([1, 0, -1]), -2.0), "one example", expected=_array([-4])),
        Case((rng.normal(size=(5, 3)), rng.normal(size=3), 0.25), "5 examples, 3 features"),
    )


_LINEAR_SCORES = Exercise(
    "scores", ("X", "w", "b"), lambda X, w, b: X @ w + b, _scores_cases, LINEAR_SCORES_MISTAKES,
    hint="The score of example i is sum_j X[i, j] * w[j] + b; for all examples at once, X @ w + b.")


def check_linear_scores(scores):
    """Check ``scores(X, w, b)``: one linear score per example (notebook ``00_welcome``).

    The exercise: ``scores(X, w, b) -> ndarray of shape (m,)``, ``X @ w + b``.

    .. math:: z_i = \\mathbf{x}_i^\\top \\mathbf{w} + b

    Parameters
    ----------
    scores : callable
        The learner's function. ``X`` is an ndarray of shape (m, n_features) (rows are
        examples), ``w`` an ndarray of shape (n_features,), ``b`` a float.

    Returns
    -------
    bool
        True if every check passed. One line (or a short report with a hint) is printed.

    Examples
    --------
    >>> check_linear_scores(lambda X, w, b: X @ w + b)
    ✓ scores: all 5 checks passed.
    True
    """
    return run_checks(_LINEAR_SCORES, scores)


# --- sigmoid(z) -------------------------------------------------------------------------

SIGMOID_MISTAKES = (
    Mistake("math.exp on an array",
            "math.exp works on one number at a time; use np.exp, which works on whole arrays.",
            fn=lambda z: 1.0 / (1.0 + math.exp(-z))),
    Mistake("a naive form that overflows",
            "1 / (1 + np.exp(-z)) overflows for z = -1000, e^z / (1 + e^z) for z = 1000, and "
            "np.where computes both of its branches for every z. Use e = np.exp(-np.abs(z)), "
            "which never overflows: σ(z) = 1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0.",
            fn=lambda z: 1.0 / (1.0 + np.exp(-z))),
    Mistake("the sign of the exponent",
            "Check the sign of the exponent: σ(z) = 1 / (1 + e^(−z)), so np.exp(-z), with a minus. "
            "Large z must give values near 1.",
            fn=lambda z: 1.0 / (1.0 + np.exp(z))),
    Mistake("1 − e^(−z) in the denominator",
            "The denominator is 1 + e^(−z), with a plus: σ(0) must be 1/2.",
            fn=lambda z: 1.0 / (1.0 - np.exp(-z))),
)


def _sigmoid_cases():
    return (
        Case((0.0,), "z = 0, one number", expected=0.5),
        Case((_array([-_LOG3, 0, _LOG3]),), "σ(±log 3) = 1/4, 3/4",
             expected=_array([0.25, 0.5, 0.75])),
        Case((_array([[-2, 0], [2, 4]]),), "a 2-D array keeps its shape"),
        Case((_array([-1000, 1000]),), "large inputs must not overflow", expected=_array([0, 1])),
        Case((_array([-40, -20, 20, 40]),), "symmetry: σ(−z) = 1 − σ(z)"),
        Case((np.array([-1, 0, 1]),), "integer input, float output"),
    )


_SIGMOID = Exercise("sigmoid", ("z",), _sigmoid, _sigmoid_cases, SIGMOID_MISTAKES,
                    hint="σ(z) = 1 / (1 + e^(−z)), elementwise, computed without overflow.")


def check_sigmoid(sigmoid):
    """Check ``sigmoid(z)``, the stable logistic function (notebook ``01_logistic_regression``).

    The exercise: ``sigmoid(z) -> ndarray of the shape of z`` (a number for a number),
    elementwise, in floats. It must not overflow: ``sigmoid(-1000)`` is 0 and
    ``sigmoid(1000)`` is 1 *without a NumPy warning*, so the naive ``1 / (1 + np.exp(-z))``
    is reported (the notebook shows it first and asks for the stable form).

    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}}

    Parameters
    ----------
    sigmoid : callable
        The learner's function of an array ``z`` of any shape.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.activations import sigmoid
    >>> check_sigmoid(sigmoid)
    ✓ sigmoid: all 6 checks passed.
    True
    """
    return run_checks(_SIGMOID, sigmoid)


# --- sigmoid_derivative(z) -------------------------------------------------------------

SIGMOID_DERIVATIVE_MISTAKES = (
    Mistake("z in place of σ(z)",
            "The derivative is σ(z)·(1 − σ(z)): compute s = sigmoid(z) first, then s * (1 - s). "
            "z * (1 - z) uses z where σ(z) belongs.",
            fn=lambda z: z * (1.0 - z)),
    Mistake("returned σ(z) itself",
            "That is σ(z), the function; its derivative is σ(z)·(1 − σ(z)), which is 1/4 at z = 0.",
            fn=lambda z: _sigmoid(z)),
    Mistake("1 − σ(z)², the pattern of tanh",
            "1 − σ(z)² is the pattern of tanh's derivative; the sigmoid's is σ(z)·(1 − σ(z)).",
            fn=lambda z: 1.0 - _sigmoid(z) ** 2),
    Mistake("a naive sigmoid that overflows",
            "Your sigmoid overflows for z = -1000 (np.exp(1000) is inf). Use a stable sigmoid "
            "(yours from the sigmoid exercise, or lessons_lib.activations.sigmoid), then "
            "s * (1 - s).",
            fn=lambda z: (1.0 / (1.0 + np.exp(-z))) * (1.0 - 1.0 / (1.0 + np.exp(-z)))),
)


def _sigmoid_derivative_cases():
    return (
        Case((0.0,), "z = 0, one number", expected=0.25),
        Case((_array([-_LOG3, 0, _LOG3]),), "σ'(±log 3) = 3/16", expected=_array([3, 4, 3]) / 16),
        Case((_array([[-2, 0], [2, 4]]),), "a 2-D array keeps its shape"),
        Case((_array([-1000, 1000]),), "large inputs must not overflow", expected=_array([0, 0])),
        Case((_array([-8, -1, 1, 8]),), "symmetry: σ'(−z) = σ'(z)"),
    )


_SIGMOID_DERIVATIVE = Exercise(
    "sigmoid_derivative", ("z",), _sigmoid_derivative, _sigmoid_derivative_cases,
    SIGMOID_DERIVATIVE_MISTAKES, hint="σ'(z) = σ(z)·(1 − σ(z)), with a stable σ.")


def check_sigmoid_derivative(sigmoid_derivative):
    """Check ``sigmoid_derivative(z)`` (notebook ``01_logistic_regression``).

    The exercise: ``sigmoid_derivative(z) -> ndarray of the shape of z``, elementwise,
    without a NumPy warning at ``z = ±1000`` (where it is 0).

    .. math:: \\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))

    Parameters
    ----------
    sigmoid_derivative : callable
        The learner's function of an array ``z`` of any shape.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.activations import sigmoid_derivative
    >>> check_sigmoid_derivative(sigmoid_derivative)
    ✓ sigmoid_derivative: all 5 checks passed.
    True
    """
    return run_checks(_SIGMOID_DERIVATIVE, sigmoid_derivative)
