"""Checker for ``propagate(X, y, w, b) -> (cost, dw, db)``, logistic regression's forward and
backward pass in one function (notebook ``05_backprop_logistic_regression``).

Private: :mod:`lessons_lib.checks.logistic` re-exports every name here
(``check_propagate``, ``PROPAGATE_MISTAKES``, ...), so import them from there or from
:mod:`lessons_lib.checks`. Rows are examples: ``X`` has shape (m, n_features), ``w`` shape
(n_features,), ``b`` is a float.
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import _sigmoid
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_propagate", "PROPAGATE_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


# --- propagate(X, y, w, b) -> (cost, dw, db) -------------------------------------------

def _propagate(X, y, w, b, *, bias=True, link=_sigmoid, scale=None, sign=1.0, total=False):
    a = link(X @ w + b) if bias else link(X @ w)
    losses = y * np.log(a) + (1 - y) * np.log(1 - a)
    m = X.shape[0] if scale is None else scale
    cost = float(-np.sum(losses) if total else -np.mean(losses))
    return cost, sign * X.T @ (a - y) / m, sign * float(np.sum(a - y)) / m


PROPAGATE_MISTAKES = (
    Mistake("forgot 1/m in the gradients", "The cost is a mean, so its gradients carry 1/m: "
            "dw = X.T @ (a − y) / m and db = mean(a − y).",
            fn=lambda X, y, w, b: _propagate(X, y, w, b, scale=1.0)),
    Mistake("the sign flipped (y − a)", "The gradient of the cross-entropy on z is dz = a − y, "
            "prediction minus truth, not y − a.",
            fn=lambda X, y, w, b: _propagate(X, y, w, b, sign=-1.0)),
    Mistake("m taken from X.shape[1]", "Rows are examples: m = X.shape[0]; X.shape[1] is the "
            "number of features.", fn=lambda X, y, w, b: _propagate(X, y, w, b, scale=X.shape[1])),
    Mistake("X @ (a − y) without the transpose", "dw needs one value per feature: "
            "X.T @ (a − y) / m, shape (n_features,), since X has shape (m, n_features).",
            fn=lambda X, y, w, b: (_propagate(X, y, w, b)[0], X @ (_sigmoid(X @ w + b) - y),
                                   0.0)),
    Mistake("cost summed, not averaged", "The cost is the mean of the losses over the m "
            "examples: -np.mean(...), not -np.sum(...).",
            fn=lambda X, y, w, b: _propagate(X, y, w, b, total=True)),
    Mistake("the cost without its minus sign", "log a ≤ 0, so the loss is −[y log a + "
            "(1 − y) log(1 − a)]: keep the minus, the cost is positive.",
            fn=lambda X, y, w, b: (-_propagate(X, y, w, b)[0],) + _propagate(X, y, w, b)[1:]),
    Mistake("forgot b", "The forward pass adds the bias: a = σ(X @ w + b).",
            fn=lambda X, y, w, b: _propagate(X, y, w, b, bias=False)),
    Mistake("forgot the sigmoid", "a = σ(X @ w + b) is a probability; without the sigmoid the "
            "log of a score ≤ 0 is undefined.",
            fn=lambda X, y, w, b: _propagate(X, y, w, b, link=lambda z: z)),
    Mistake("returned (dw, db, cost)", "Return the three values in the order (cost, dw, db).",
            fn=lambda X, y, w, b: _propagate(X, y, w, b)[1:] + _propagate(X, y, w, b)[:1]),
    GLOBAL_VARIABLE,
)


def _propagate_cases():
    rng = np.random.default_rng(5)
    X = _array([[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]])
    y = _array([1, 0, 1, 0])
    return (
        Case((X, y, np.zeros(3), 0.0), "w = 0, b = 0: every a is 1/2, the cost is log 2",
             expected=(math.log(2.0), X.T @ (0.5 - y) / 4, 0.0)),
        Case((X, y, _array([0.5, -0.25, 0.1]), 0.3), "4 examples, 3 features"),
        Case((_array([[0.5], [-1], [2], [0], [1.5]]), _array([1, 0, 1, 0, 0]), _array([0.8]), -0.2),
             "one feature"),
        Case((rng.normal(size=(6, 4)), _array([1, 0, 0, 1, 1, 0]), rng.normal(size=4), 0.1),
             "6 examples, 4 features"),
    )


_PROPAGATE = Exercise("propagate", ("X", "y", "w", "b"), _propagate, _propagate_cases,
                      PROPAGATE_MISTAKES, outputs=("cost", "dw", "db"),
                      hint="a = σ(X @ w + b); cost = −mean(y log a + (1 − y) log(1 − a)); "
                           "dw = X.T @ (a − y) / m; db = mean(a − y).")


def check_propagate(propagate):
    """Check ``propagate(X, y, w, b)``, the forward and backward pass of logistic regression
    (notebook ``05_backprop_logistic_regression``).

    The exercise: ``propagate(X, y, w, b) -> (cost, dw, db)`` for ``X`` of shape
    (m, n_features), labels ``y`` of shape (m,), ``w`` of shape (n_features,) and a float ``b``:
    the mean cross-entropy ``cost`` (a float) of ``a = σ(X @ w + b)``, ``dw`` of shape
    (n_features,) and the float ``db``. The checks use moderate scores, so the cost may be
    computed from ``a`` with ``np.log``.

    .. math:: J = -\\frac{1}{m} \\sum_i \\big[y_i \\log a_i + (1 - y_i) \\log(1 - a_i)\\big],
        \\quad dw = \\frac{1}{m} X^\\top (a - y), \\quad db = \\frac{1}{m} \\sum_i (a_i - y_i)

    Parameters
    ----------
    propagate : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.losses import bce_cost
    >>> from lessons_lib.activations import sigmoid
    >>> def propagate(X, y, w, b):
    ...     a = sigmoid(X @ w + b)
    ...     return bce_cost(y, a), X.T @ (a - y) / len(y), float(np.mean(a - y))
    >>> check_propagate(propagate)
    ✓ propagate: all 4 checks passed.
    True
    """
    return run_checks(_PROPAGATE, propagate)
