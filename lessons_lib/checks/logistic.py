"""Checkers for logistic regression: the forward pass, predict and the gradients.

Exercises of ``01_logistic_regression`` (``forward``, ``predict``) and
``05_backprop_logistic_regression`` (``gradients``, ``propagate``, ``predict``).
``check_propagate`` and its mistakes are written in ``lessons_lib.checks._propagate`` and
re-exported here.
Rows are examples: ``X`` has shape (m, n_features), ``w`` shape (n_features,), ``b`` is a float.
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import _sigmoid
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE
# check_propagate is written in _propagate (kept apart for length); import it from here.
from ._propagate import (PROPAGATE_MISTAKES, _PROPAGATE, _propagate,  # noqa: F401
                         _propagate_cases, check_propagate)

__all__ = ["check_forward", "check_predict", "check_gradients", "check_propagate",
           "FORWARD_MISTAKES", "PREDICT_MISTAKES", "GRADIENTS_MISTAKES", "PROPAGATE_MISTAKES"]

_LOG3 = math.log(3.0)


def _array(rows):
    return np.array(rows, dtype=float)


def _naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- forward(X, w, b) -> a and predict(X, w, b) -> labels ------------------------------

FORWARD_MISTAKES = (
    Mistake("forgot the sigmoid", "The forward pass ends with the sigmoid: a = σ(X @ w + b), "
            "probabilities between 0 and 1, not the raw scores.", fn=lambda X, w, b: X @ w + b),
    Mistake("forgot b", "Add the bias inside the sigmoid: a = σ(X @ w + b).",
            fn=lambda X, w, b: _sigmoid(X @ w)),
    Mistake("w @ X", "Rows of X are examples: the scores are X @ w (w @ X pairs the wrong sizes).",
            fn=lambda X, w, b: _sigmoid(w @ X + b)),
    Mistake("output of shape (m, 1)", "Keep w one-dimensional, shape (n_features,), so that "
            "a has shape (m,), not (m, 1).",
            fn=lambda X, w, b: _sigmoid(X @ w.reshape(-1, 1) + b)),
    Mistake("the sign of the exponent", "σ(z) = 1 / (1 + e^(−z)): check the sign of the exponent "
            "in your sigmoid.", fn=lambda X, w, b: 1.0 / (1.0 + np.exp(X @ w + b))),
    Mistake("a naive sigmoid that overflows", "Large scores make np.exp overflow: use a stable "
            "sigmoid (yours from the sigmoid exercise, or lessons_lib.activations.sigmoid).",
            fn=lambda X, w, b: _naive_sigmoid(X @ w + b)),
    GLOBAL_VARIABLE,
)


def _forward_cases():
    rng = np.random.default_rng(1)
    X = _array([[1, 2], [3, 4], [5, 6]])
    return (
        Case((X, _array([0, 0]), 0.0), "w = 0, b = 0: every a is 1/2", expected=_array([0.5] * 3)),
        Case((_array([[_LOG3, 0], [0, _LOG3], [0, 0]]), _array([1, -1]), 0.0),
             "scores ±log 3 and 0", expected=_array([0.75, 0.25, 0.5])),
        Case((X, _array([0.5, -0.25]), _LOG3), "with a bias"),
        Case((_array([[1, -2, 3]]), _array([0.1, 0.2, 0.3]), -0.5), "one example"),
        Case((rng.normal(size=(6, 4)), rng.normal(size=4), 0.1), "6 examples, 4 features"),
        Case((_array([[1000], [-1000]]), _array([1]), 0.0), "large scores must not overflow",
             expected=_array([1, 0])),
    )


_FORWARD = Exercise("forward", ("X", "w", "b"), lambda X, w, b: _sigmoid(X @ w + b),
                    _forward_cases, FORWARD_MISTAKES, hint="a = σ(X @ w + b), of shape (m,).")


def check_forward(forward):
    """Check ``forward(X, w, b)``, logistic regression's forward pass (``01_logistic_regression``).

    The exercise: ``forward(X, w, b) -> a``, an ndarray of shape (m,) of probabilities,
    for ``X`` of shape (m, n_features), ``w`` of shape (n_features,) and a float ``b``.
    Scores of ±1000 must not overflow (use a stable sigmoid).

    .. math:: a = \\sigma(X w + b)

    Parameters
    ----------
    forward : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.activations import sigmoid
    >>> check_forward(lambda X, w, b: sigmoid(X @ w + b))
    ✓ forward: all 6 checks passed.
    True
    """
    return run_checks(_FORWARD, forward)


PREDICT_MISTAKES = (
    Mistake("returned probabilities", "predict returns labels, 0 or 1: threshold the "
            "probability, (a >= 0.5).astype(int).", fn=lambda X, w, b: _sigmoid(X @ w + b)),
    Mistake("thresholded the score at 0.5", "Threshold the probability σ(z) at 0.5 (which is the "
            "score z at 0), not the score z at 0.5.",
            fn=lambda X, w, b: (X @ w + b >= 0.5).astype(int)),
    Mistake("labels inverted", "Class 1 is where the probability is at least 0.5: a >= 0.5, "
            "not a < 0.5.", fn=lambda X, w, b: (_sigmoid(X @ w + b) < 0.5).astype(int)),
    Mistake("threshold at 0 on the probability", "A probability is always above 0: compare it "
            "with 0.5.", fn=lambda X, w, b: (_sigmoid(X @ w + b) > 0).astype(int)),
    Mistake("labels of shape (m, 1)", "Return one label per example, shape (m,), not a column "
            "(m, 1).", fn=lambda X, w, b: (_sigmoid(X @ w.reshape(-1, 1) + b) >= 0.5).astype(int)),
    Mistake("a naive sigmoid that overflows", "Large scores make np.exp overflow: use a stable "
            "sigmoid (or compare the score z with 0, which needs no sigmoid at all).",
            fn=lambda X, w, b: (_naive_sigmoid(X @ w + b) >= 0.5).astype(int)),
    GLOBAL_VARIABLE,
)


def _predict_cases():
    rng = np.random.default_rng(2)
    X1 = _array([[-2], [-0.5], [0.25], [2]])
    X5, w5 = rng.normal(size=(5, 2)), _array([1.5, -2])
    b5 = 0.1 if np.all(np.abs(X5 @ w5 + 0.1) > 1e-3) else 0.2  # never a score of exactly 0
    return (
        Case((X1, _array([1]), 0.0), "scores −2, −0.5, 0.25, 2", expected=np.array([0, 0, 1, 1])),
        Case((X1, _array([1]), 0.75), "with a bias", expected=np.array([0, 1, 1, 1])),
        Case((_array([[0.2], [-0.2], [0.4]]), _array([1]), 0.0), "scores between 0 and 0.5",
             expected=np.array([1, 0, 1])),
        Case((X5, w5, b5), "5 examples, 2 features"),
        Case((_array([[1000], [-1000]]), _array([1]), 0.0), "large scores must not overflow",
             expected=np.array([1, 0])),
    )


_PREDICT = Exercise(
    "predict", ("X", "w", "b"), lambda X, w, b: (_sigmoid(X @ w + b) >= 0.5).astype(np.int64),
    _predict_cases, PREDICT_MISTAKES, kinds="biuf", rtol=0.0, atol=0.0,
    hint="Label 1 where σ(X @ w + b) >= 0.5, else 0.")


def check_predict(predict):
    """Check ``predict(X, w, b)``, labels from logistic regression (``01_logistic_regression``).

    The exercise: ``predict(X, w, b) -> ndarray of shape (m,)`` of labels 0 or 1 (ints,
    floats or booleans are all accepted), 1 where :math:`\\sigma(Xw + b) \\ge 0.5`. No check
    puts a score at exactly 0, so ``>`` and ``>=`` are both right.

    Parameters
    ----------
    predict : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_predict(lambda X, w, b: (X @ w + b >= 0).astype(int))
    ✓ predict: all 5 checks passed.
    True
    """
    return run_checks(_PREDICT, predict)


# --- gradients(X, y, a) -> (dw, db) ----------------------------------------------------

def _gradients(X, y, a):
    return X.T @ (a - y) / X.shape[0], float(np.mean(a - y))


GRADIENTS_MISTAKES = (
    Mistake("forgot 1/m", "The cost is a mean, so its gradients carry 1/m: dw = X.T @ (a − y) / m "
            "and db = mean(a − y).", fn=lambda X, y, a: (X.T @ (a - y), float(np.sum(a - y)))),
    Mistake("the sign flipped (y − a)", "The gradient of the cross-entropy is (a − y), prediction "
            "minus truth, not (y − a).", fn=lambda X, y, a: _gradients(X, a, y)),
    Mistake("X @ (a − y) without the transpose", "dw needs one value per feature: X.T @ (a − y), "
            "shape (n_features,), since X has shape (m, n_features).",
            fn=lambda X, y, a: (X @ (a - y) / X.shape[0], float(np.mean(a - y)))),
    Mistake("m taken from X.shape[1]", "Rows are examples: m = X.shape[0]; X.shape[1] is the "
            "number of features (the column convention of other courses swaps them).",
            fn=lambda X, y, a: (X.T @ (a - y) / X.shape[1], float(np.sum(a - y) / X.shape[1]))),
    Mistake("dw of shape (n, 1)", "Keep dw one-dimensional, shape (n_features,) like w, not a "
            "column (n, 1).", fn=lambda X, y, a: (X.T @ (a - y)[:, None] / X.shape[0],
                                                   float(np.mean(a - y)))),
    Mistake("db without 1/m", "db is a mean too: db = (1/m) Σ (a_i − y_i) = np.mean(a - y).",
            fn=lambda X, y, a: (X.T @ (a - y) / X.shape[0], float(np.sum(a - y)))),
    GLOBAL_VARIABLE,
)


def _gradients_cases():
    rng = np.random.default_rng(3)
    X = _array([[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]])
    y = _array([1, 0, 1, 0])
    return (
        Case((X, y, y.copy()), "a = y: a perfect fit has zero gradients",
             expected=(np.zeros(3), 0.0)),
        Case((X, y, _array([0.5] * 4)), "a = 1/2 everywhere",
             expected=(X.T @ _array([-0.5, 0.5, -0.5, 0.5]) / 4, 0.0)),
        Case((X, y, _array([0.9, 0.8, 0.3, 0.4])), "4 examples, 3 features"),
        Case((rng.normal(size=(5, 1)), _array([1, 1, 0, 0, 1]), _array([0.6, 0.7, 0.2, 0.9, 0.1])),
             "one feature"),
    )


_GRADIENTS = Exercise("gradients", ("X", "y", "a"), _gradients, _gradients_cases,
                      GRADIENTS_MISTAKES, outputs=("dw", "db"),
                      hint="dw = X.T @ (a − y) / m and db = mean(a − y).")


def check_gradients(gradients):
    """Check ``gradients(X, y, a)``, the gradients of the mean cross-entropy (notebook
    ``05_backprop_logistic_regression``).

    The exercise: ``gradients(X, y, a) -> (dw, db)``, for ``X`` of shape (m, n_features),
    labels ``y`` and probabilities ``a = forward(X, w, b)`` of shape (m,); ``dw`` has shape
    (n_features,) and ``db`` is a float.

    .. math:: dw = \\frac{1}{m} X^\\top (a - y), \\qquad db = \\frac{1}{m} \\sum_i (a_i - y_i)

    Parameters
    ----------
    gradients : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_gradients(lambda X, y, a: (X.T @ (a - y) / len(y), (a - y).mean()))
    ✓ gradients: all 4 checks passed.
    True
    """
    return run_checks(_GRADIENTS, gradients)


# doctest.testmod(lessons_lib.checks.logistic) also runs check_propagate's example.
__test__ = {"check_propagate": check_propagate}
