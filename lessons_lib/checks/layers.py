"""Checkers for one dense layer: its forward pass and its backward pass.

Exercises of ``08_deep_networks``. Rows are examples: ``A_prev`` has shape (m, n_in), ``W`` shape
(n_in, n_out), ``b`` shape (n_out,), and ``Z = A_prev @ W + b``.
"""

from __future__ import annotations

import numpy as np

from ..activations import _relu, relu, relu_derivative, sigmoid, tanh, tanh_derivative
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_dense_forward", "check_dense_backward", "DENSE_FORWARD_MISTAKES",
           "DENSE_BACKWARD_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


# --- dense_forward(A_prev, W, b, activation) -> (Z, A) ------------------------------------

DENSE_FORWARD_MISTAKES = (
    Mistake("W transposed", "With rows as examples, Z = A_prev @ W: W has shape (n_in, n_out) "
            "and needs no .T.", fn=lambda A_prev, W, b, g: (A_prev @ W.T + b, g(A_prev @ W.T + b))),
    Mistake("W @ A_prev", "The order is A_prev @ W (rows of A_prev are examples); W @ A_prev is "
            "the column convention.",
            fn=lambda A_prev, W, b, g: (W @ A_prev + b, g(W @ A_prev + b))),
    Mistake("forgot b", "Add the bias: Z = A_prev @ W + b.",
            fn=lambda A_prev, W, b, g: (A_prev @ W, g(A_prev @ W))),
    Mistake("forgot the activation", "A is the activation of Z: A = activation(Z).",
            fn=lambda A_prev, W, b, g: (A_prev @ W + b, A_prev @ W + b)),
    Mistake("returned (A, Z)", "Return Z first, then A: `return Z, A`.",
            fn=lambda A_prev, W, b, g: (g(A_prev @ W + b), A_prev @ W + b)),
    Mistake("relu whatever the activation", "Use the activation you were given, "
            "activation(Z), not relu every time.",
            fn=lambda A_prev, W, b, g: (A_prev @ W + b, _relu(A_prev @ W + b))),
    GLOBAL_VARIABLE,
)


def _dense_cases():
    rng = np.random.default_rng(5)
    A_prev = _array([[1, 2], [0, -1], [3, 1], [-2, 0]])
    W = _array([[0.5, -1, 0.25], [1, 0.5, -0.5]])
    return (
        Case((A_prev, np.zeros((2, 3)), _array([1, -1, 0]), relu), "W = 0: Z is b in every row",
             expected=(np.tile(_array([1, -1, 0]), (4, 1)), np.tile(_array([1, 0, 0]), (4, 1)))),
        Case((A_prev, W, _array([0.1, 0.2, -0.3]), relu), "4 examples, 2 inputs, 3 units"),
        Case((A_prev, W, _array([0.1, 0.2, -0.3]), tanh), "the activation is an argument"),
        Case((rng.normal(size=(1, 3)), rng.normal(size=(3, 2)), _array([0, 1]), sigmoid),
             "one example"),
    )


_DENSE_FORWARD = Exercise(
    "dense_forward", ("A_prev", "W", "b", "activation"),
    lambda A_prev, W, b, g: (A_prev @ W + b, g(A_prev @ W + b)), _dense_cases,
    DENSE_FORWARD_MISTAKES, outputs=("Z", "A"), hint="Z = A_prev @ W + b, then A = activation(Z).")


def check_dense_forward(dense_forward):
    """Check ``dense_forward(A_prev, W, b, activation)``, one dense layer (``08_deep_networks``).

    The exercise: ``dense_forward(A_prev, W, b, activation) -> (Z, A)`` with ``A_prev`` of
    shape (m, n_in), ``W`` (n_in, n_out), ``b`` (n_out,), ``activation`` a function such as
    ``relu``; ``Z`` and ``A`` have shape (m, n_out).

    .. math:: Z = A_{prev} W + b, \\qquad A = g(Z)

    Parameters
    ----------
    dense_forward : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_dense_forward(lambda A_prev, W, b, g: (A_prev @ W + b, g(A_prev @ W + b)))
    ✓ dense_forward: all 4 checks passed.
    True
    """
    return run_checks(_DENSE_FORWARD, dense_forward)


# --- dense_backward(dA, A_prev, W, Z, activation_derivative) -> (dA_prev, dW, db) ----------

def _backward(dA, A_prev, W, Z, g_prime, *, scale=1.0, use_g=True, db=None, dW=None, dA_prev=None,
              in_place=False):
    if in_place:
        dA *= g_prime(Z)
        dZ = dA
    else:
        dZ = dA * g_prime(Z) if use_g else dA
    return ((dA_prev or (lambda dZ, W: dZ @ W.T))(dZ, W),
            (dW or (lambda A_prev, dZ: A_prev.T @ dZ))(A_prev, dZ) / scale,
            (db or (lambda dZ: dZ.sum(axis=0)))(dZ) / scale)


DENSE_BACKWARD_MISTAKES = (
    Mistake("an extra 1/m", "dA is already the gradient of the mean cost (the 1/m came in at the "
            "output layer): dW = A_prev.T @ dZ and db = dZ.sum(axis=0), with no 1/m here.",
            fn=lambda dA, A_prev, W, Z, g: _backward(dA, A_prev, W, Z, g, scale=A_prev.shape[0])),
    Mistake("forgot g'(Z)", "Go through the activation first: dZ = dA * activation_derivative(Z); "
            "dW, db and dA_prev all use dZ.",
            fn=lambda dA, A_prev, W, Z, g: _backward(dA, A_prev, W, Z, g, use_g=False)),
    Mistake("dW transposed",
            "dW has the shape of W, (n_in, n_out): A_prev.T @ dZ, not dZ.T @ A_prev.",
            fn=lambda dA, A_prev, W, Z, g: _backward(dA, A_prev, W, Z, g,
                                                     dW=lambda A_prev, dZ: dZ.T @ A_prev)),
    Mistake("db summed over everything", "Sum dZ over the examples only: dZ.sum(axis=0), one "
            "value per unit, shape (n_out,).",
            fn=lambda dA, A_prev, W, Z, g: _backward(dA, A_prev, W, Z, g, db=lambda dZ: dZ.sum())),
    Mistake("db of shape (1, n_out)", "db has the shape of b, (n_out,): drop keepdims=True.",
            fn=lambda dA, A_prev, W, Z, g: _backward(
                dA, A_prev, W, Z, g, db=lambda dZ: dZ.sum(axis=0, keepdims=True))),
    Mistake("db is a mean", "db is a sum over the examples, dZ.sum(axis=0): the 1/m is already "
            "inside dZ.", fn=lambda dA, A_prev, W, Z, g: _backward(
                dA, A_prev, W, Z, g, db=lambda dZ: dZ.mean(axis=0))),
    Mistake("dZ @ W without the transpose", "dA_prev has the shape of A_prev, (m, n_in): "
            "dZ @ W.T.", fn=lambda dA, A_prev, W, Z, g: _backward(
                dA, A_prev, W, Z, g, dA_prev=lambda dZ, W: dZ @ W)),
    Mistake("dA changed in place", "dA *= ... changes the caller's array: write "
            "dZ = dA * activation_derivative(Z), a new array.",
            fn=lambda dA, A_prev, W, Z, g: _backward(dA, A_prev, W, Z, g, in_place=True)),
    GLOBAL_VARIABLE,
)


def _backward_cases():
    rng = np.random.default_rng(6)
    A_prev = _array([[1, 2, 0], [0, -1, 1], [2, 1, -1], [-1, 0, 2]])
    W = _array([[0.5, -1], [1, 0.5], [-0.5, 0.25]])
    dA = _array([[0.1, -0.2], [0.3, 0.1], [-0.1, 0.2], [0.2, 0.2]])
    Z = _array([[1, -1], [-2, 0.5], [0.5, 2], [-1, -0.5]])
    return (
        Case((dA, A_prev, W, Z, relu_derivative), "relu: g'(Z) is 0 or 1"),
        Case((dA, A_prev, W, Z, tanh_derivative), "tanh"),
        Case((rng.normal(size=(5, 3)), rng.normal(size=(5, 2)), rng.normal(size=(2, 3)),
              rng.normal(size=(5, 3)), tanh_derivative), "5 examples, 2 inputs, 3 units"),
        Case((dA[:1], A_prev[:1], W, Z[:1], relu_derivative), "one example"),
    )


_DENSE_BACKWARD = Exercise(
    "dense_backward", ("dA", "A_prev", "W", "Z", "activation_derivative"), _backward,
    _backward_cases, DENSE_BACKWARD_MISTAKES, outputs=("dA_prev", "dW", "db"),
    hint="dZ = dA * activation_derivative(Z); dA_prev = dZ @ W.T; dW = A_prev.T @ dZ; "
         "db = dZ.sum(axis=0).")


def check_dense_backward(dense_backward):
    """Check ``dense_backward(dA, A_prev, W, Z, activation_derivative)``, one dense layer's
    backward pass (``08_deep_networks``).

    The exercise: ``dense_backward(dA, A_prev, W, Z, activation_derivative) -> (dA_prev, dW, db)``.
    ``dA`` (m, n_out) is the gradient of the *mean* cost with respect to the layer's output ``A``
    (so it already holds the 1/m), ``A_prev`` (m, n_in) and ``Z`` (m, n_out) come from the
    forward pass, ``W`` is (n_in, n_out) and ``activation_derivative`` a function such as
    ``relu_derivative``. ``dA_prev`` has the shape of ``A_prev``, ``dW`` of ``W``, ``db`` (n_out,).
    ``dA`` stays unchanged.

    .. math:: dZ = dA \\odot g'(Z), \\quad dW = A_{prev}^\\top dZ, \\quad
              db = \\sum_i dZ_i, \\quad dA_{prev} = dZ \\, W^\\top

    Parameters
    ----------
    dense_backward : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.checks.layers import _backward
    >>> check_dense_backward(_backward)
    ✓ dense_backward: all 4 checks passed.
    True
    """
    return run_checks(_DENSE_BACKWARD, dense_backward)
