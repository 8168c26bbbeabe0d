"""Checkers for gradient descent: one update, a descent loop in one dimension, a training loop.

Exercises of ``03_gradient_descent`` (``update``, ``descent``) and
``05_backprop_logistic_regression`` (``train_loop``).
"""

from __future__ import annotations

import numpy as np

from ..activations import _sigmoid
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_update", "check_descent_loop", "check_train_loop",
           "UPDATE_MISTAKES", "DESCENT_LOOP_MISTAKES", "TRAIN_LOOP_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


# --- update(w, b, dw, db, lr) -> (w, b) -------------------------------------------------

def _update_in_place(w, b, dw, db, lr):
    w -= lr * dw
    return w, b - lr * db


UPDATE_MISTAKES = (
    Mistake("plus instead of minus", "Descent goes against the gradient: w − lr · dw, with a "
            "minus (a plus climbs the cost).",
            fn=lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db)),
    Mistake("forgot lr", "Multiply the gradient by the learning rate: w − lr · dw.",
            fn=lambda w, b, dw, db, lr: (w - dw, b - db)),
    Mistake("w changed in place", "w -= lr * dw changes the caller's array. Return a new one: "
            "w = w - lr * dw.", fn=_update_in_place),
    Mistake("dw and db swapped", "w moves with its own gradient dw, and b with db.",
            fn=lambda w, b, dw, db, lr: (w - lr * db, b - lr * dw)),
    Mistake("lr only on w", "b takes the same step rule as w: b − lr · db.",
            fn=lambda w, b, dw, db, lr: (w - lr * dw, b - db)),
)


def _update_cases():
    return (
        Case((_array([1, 2]), 0.5, _array([0.1, -0.2]), 0.3, 1.0), "lr = 1",
             expected=(_array([0.9, 2.2]), 0.2)),
        Case((_array([1, 2]), 0.5, _array([0.1, -0.2]), 0.3, 0.1), "lr = 0.1",
             expected=(_array([0.99, 2.02]), 0.47)),
        Case((_array([1, -1, 3]), -2.0, _array([4, 0, -2]), 1.5, 0.0), "lr = 0 changes nothing",
             expected=(_array([1, -1, 3]), -2.0)),
        Case((_array([0.5, -0.5, 2]), 1.0, _array([-1, 2, 0.5]), -0.5, 0.25), "3 features"),
    )


_UPDATE = Exercise("update", ("w", "b", "dw", "db", "lr"),
                   lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db), _update_cases,
                   UPDATE_MISTAKES, outputs=("w", "b"), hint="w ← w − lr · dw and b ← b − lr · db.")


def check_update(update):
    """Check ``update(w, b, dw, db, lr)``, one gradient-descent step (``03_gradient_descent``).

    The exercise: ``update(w, b, dw, db, lr) -> (w, b)``, the new values, for ``w`` and ``dw``
    of shape (n_features,), floats ``b``, ``db`` and ``lr``. The arrays passed in stay unchanged.

    .. math:: w \\leftarrow w - \\eta\\, dw, \\qquad b \\leftarrow b - \\eta\\, db

    Parameters
    ----------
    update : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_update(lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db))
    ✓ update: all 4 checks passed.
    True
    """
    return run_checks(_UPDATE, update)


# --- descent(grad, x0, lr, num_steps) -> xs -----------------------------------------------

def _grad_parabola(x):
    """f'(x) = 2(x − 3), the gradient of f(x) = (x − 3)²"""
    return 2.0 * (x - 3.0)


def _grad_square(x):
    """f'(x) = 2x, the gradient of f(x) = x²"""
    return 2.0 * x


def _descent(grad, x0, lr, num_steps):
    xs = [x0]
    for _ in range(num_steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return np.array(xs, dtype=float)


def _descent_from_x0_gradient(grad, x0, lr, num_steps):
    g0 = grad(x0)
    return np.array([x0 - t * lr * g0 for t in range(num_steps + 1)])


DESCENT_LOOP_MISTAKES = (
    Mistake("gradient ascent", "Step against the gradient: x ← x − lr · f'(x), with a minus.",
            fn=lambda grad, x0, lr, n: _descent(lambda x: -grad(x), x0, lr, n)),
    Mistake("forgot x0", "The first entry is the starting point x0 itself, so num_steps steps "
            "give num_steps + 1 points: start the list with [x0].",
            fn=lambda grad, x0, lr, n: _descent(grad, x0, lr, n)[1:]),
    Mistake("the last point missing", "You record x before each step, so the point after the "
            "last step is missing: append x after updating it (and start the list with x0).",
            fn=lambda grad, x0, lr, n: _descent(grad, x0, lr, n)[:-1]),
    Mistake("returned only the last x", "Return every point of the path, x0 first, as an array "
            "of shape (num_steps + 1,), not only where it ended.",
            fn=lambda grad, x0, lr, n: _descent(grad, x0, lr, n)[-1]),
    Mistake("one step too many", "range(num_steps) makes num_steps steps; with x0 that is "
            "num_steps + 1 points.", fn=lambda grad, x0, lr, n: _descent(grad, x0, lr, n + 1)),
    Mistake("the gradient at x0 at every step", "Evaluate the gradient at the current point, "
            "grad(x), inside the loop, not once at x0.", fn=_descent_from_x0_gradient),
    GLOBAL_VARIABLE,
)


def _descent_cases():
    return (
        Case((_grad_parabola, 0.0, 0.25, 4), "halves the distance to 3 at each step",
             expected=_array([0, 1.5, 2.25, 2.625, 2.8125])),
        Case((_grad_parabola, 5.0, 0.5, 3), "lr = 0.5 jumps to the minimum in one step",
             expected=_array([5, 3, 3, 3])),
        Case((_grad_square, 1.0, 1.0, 4), "lr = 1 on x² oscillates",
             expected=_array([1, -1, 1, -1, 1])),
        Case((_grad_square, 1.0, 1.5, 3), "lr = 1.5 on x² diverges",
             expected=_array([1, -2, 4, -8])),
        Case((_grad_parabola, 2.0, 0.1, 0), "num_steps = 0 gives [x0]", expected=_array([2])),
    )


_DESCENT_LOOP = Exercise(
    "descent", ("grad", "x0", "lr", "num_steps"), _descent, _descent_cases, DESCENT_LOOP_MISTAKES,
    hint="Start from xs = [x0]; repeat num_steps times: x = x - lr * grad(x), then append x.")


def check_descent_loop(descent):
    """Check ``descent(grad, x0, lr, num_steps)``, gradient descent in one dimension
    (``03_gradient_descent``).

    The exercise: ``descent(grad, x0, lr, num_steps) -> ndarray of shape (num_steps + 1,)``
    (a list of numbers is accepted), the path ``x0, x1, ..., x_num_steps`` of
    :math:`x_{t+1} = x_t - \\eta f'(x_t)`, where ``grad(x)`` returns :math:`f'(x)` for a number
    ``x``, ``x0`` and ``lr`` are floats and ``num_steps`` an int ≥ 0.

    Parameters
    ----------
    descent : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> def descent(grad, x0, lr, num_steps):
    ...     xs = [x0]
    ...     for _ in range(num_steps):
    ...         xs.append(xs[-1] - lr * grad(xs[-1]))
    ...     return np.array(xs)
    >>> check_descent_loop(descent)
    ✓ descent: all 5 checks passed.
    True
    """
    return run_checks(_DESCENT_LOOP, descent)


# --- train_loop(X, y, w, b, lr, num_epochs) -> (w, b, costs) ------------------------------

def _cost(y, a):
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def _train(X, y, w, b, lr, num_epochs, *, after=False, update_b=True, sign=1.0, scale=None,
           in_place=False, cost=_cost):
    costs = []
    for _ in range(num_epochs):
        a = _sigmoid(X @ w + b)
        m = X.shape[0] if scale is None else scale
        dw, db = X.T @ (a - y) / m, float(np.sum(a - y) / m)
        if not after:
            costs.append(cost(y, a))
        if in_place:
            w -= sign * lr * dw
        else:
            w = w - sign * lr * dw
        b = b - sign * lr * db if update_b else b
        if after:
            costs.append(cost(y, _sigmoid(X @ w + b)))
    return w, b, np.array(costs)


def _train_loop(X, y, w, b, lr, num_epochs):
    return _train(X, y, w, b, lr, num_epochs)


TRAIN_LOOP_MISTAKES = (
    Mistake("cost recorded after the update", "Record the cost of the current w and b before "
            "updating them, so that costs[0] is the cost at the start.",
            fn=lambda *args: _train(*args, after=True)),
    Mistake("b never updated", "Update b too, at every epoch: b = b - lr * db.",
            fn=lambda *args: _train(*args, update_b=False)),
    Mistake("gradient ascent", "Step against the gradient: w - lr * dw, with a minus; the cost "
            "must go down.", fn=lambda *args: _train(*args, sign=-1.0)),
    Mistake("forgot 1/m in the gradients", "The gradients of the mean cost carry 1/m: "
            "dw = X.T @ (a - y) / m, db = np.mean(a - y).",
            fn=lambda *args: _train(*args, scale=1.0)),
    Mistake("w changed in place", "w -= lr * dw changes the caller's array: write "
            "w = w - lr * dw, which makes a new one.",
            fn=lambda *args: _train(*args, in_place=True)),
    Mistake("cost summed, not averaged", "The cost is the mean of the losses over the examples, "
            "not their sum.", fn=lambda *args: _train(
                *args, cost=lambda y, a: float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a))))),
    GLOBAL_VARIABLE,
)


def _train_cases():
    rng = np.random.default_rng(4)
    X = _array([[1, 2], [2, -1], [-1, -2], [-2, 1]])
    y = _array([1, 1, 0, 0])
    return (
        Case((X, y, np.zeros(2), 0.0, 0.5, 1), "one epoch from zeros: cost log 2"),
        Case((X, y, _array([0.1, -0.2]), 0.3, 0.5, 5), "5 epochs"),
        Case((X, y, _array([0.1, -0.2]), 0.3, 0.0, 3), "lr = 0: the cost never changes"),
        Case((rng.normal(size=(6, 3)), _array([1, 0, 1, 1, 0, 0]), np.zeros(3), 0.0, 0.1, 10),
             "6 examples, 3 features, 10 epochs"),
        Case((X, y, _array([0.1, -0.2]), 0.3, 0.5, 0), "num_epochs = 0 returns w, b and no cost"),
    )


_TRAIN_LOOP = Exercise(
    "train_loop", ("X", "y", "w", "b", "lr", "num_epochs"), _train_loop, _train_cases,
    TRAIN_LOOP_MISTAKES, outputs=("w", "b", "costs"),
    hint="Each epoch: a = σ(X @ w + b); record the cost; dw, db; then w, b ← w − lr·dw, b − lr·db.")


def check_train_loop(train_loop):
    """Check ``train_loop(X, y, w, b, lr, num_epochs)``, full-batch gradient descent for
    logistic regression (``05_backprop_logistic_regression``).

    The exercise: ``train_loop(X, y, w, b, lr, num_epochs) -> (w, b, costs)``. Each epoch
    computes ``a = σ(X @ w + b)``, records the mean cross-entropy cost of the current ``w, b``
    (before the update), then takes one step with ``dw = X.T @ (a − y) / m`` and
    ``db = mean(a − y)``. ``costs`` has shape (num_epochs,) (a list is accepted); ``w`` of shape
    (n_features,) and the float ``b`` are the final values. The ``w`` passed in stays unchanged.

    Parameters
    ----------
    train_loop : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.checks.descent import _train_loop
    >>> check_train_loop(_train_loop)
    ✓ train_loop: all 5 checks passed.
    True
    """
    return run_checks(_TRAIN_LOOP, train_loop)
