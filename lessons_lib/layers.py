"""One dense (fully connected) layer: its forward pass and its backward pass.

These are the library's versions of two exercises of ``08_deep_networks``, with exactly the
exercises' contracts, so ``09_capstone`` can fall back on them where a learner's version is not
done. Rows are examples: ``A_prev`` has shape (m, n_in), ``W`` shape (n_in, n_out), ``b`` shape
(n_out,), and

.. math:: Z = A_{prev} W + b, \\qquad A = g(Z)

Backward, ``dA`` is the gradient of the *mean* cost with respect to the layer's output ``A``
(the 1/m came in at the output layer), so no 1/m appears here:

.. math:: dZ = dA \\odot g'(Z), \\quad dW = A_{prev}^\\top dZ, \\quad
          db = \\textstyle\\sum_i dZ_i, \\quad dA_{prev} = dZ\\, W^\\top

Public functions validate their inputs once; the private ``_dense_forward`` and
``_dense_backward`` do not (for training loops).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, describe

__all__ = ["DenseForward", "DenseBackward", "dense_forward", "dense_backward"]


class DenseForward(NamedTuple):
    """What :func:`dense_forward` returns: the scores ``Z`` and the activations ``A``,
    both of shape (m, n_out). A tuple, so ``Z, A = dense_forward(...)`` works."""

    Z: np.ndarray
    A: np.ndarray


class DenseBackward(NamedTuple):
    """What :func:`dense_backward` returns: ``dA_prev`` (m, n_in), ``dW`` (n_in, n_out) and
    ``db`` (n_out,). A tuple, so ``dA_prev, dW, db = dense_backward(...)`` works."""

    dA_prev: np.ndarray
    dW: np.ndarray
    db: np.ndarray


# --- private, unvalidated versions (hot paths) ------------------------------------------

def _dense_forward(A_prev, W, b, activation):
    Z = A_prev @ W + b
    return DenseForward(Z, activation(Z))


def _dense_backward(dA, A_prev, W, Z, activation_derivative):
    dZ = dA * activation_derivative(Z)  # a new array: dA is not changed
    return DenseBackward(dZ @ W.T, A_prev.T @ dZ, dZ.sum(axis=0))


# --- validation -----------------------------------------------------------------------------

def _check_function(fn, name, example):
    if not callable(fn):
        raise TypeError(f"`{name}` must be a function of Z such as {example}, got "
                        f"{describe(fn)}. Pass the function itself, without calling it.")


def _check_layer(A_prev, W, b=None):
    """``A_prev`` (m, n_in), ``W`` (n_in, n_out) and ``b`` (n_out,), as float arrays."""
    A_prev = as_float_array(A_prev, "A_prev", ndim=2)
    W = as_float_array(W, "W", ndim=2)
    if W.shape[0] != A_prev.shape[1]:
        flipped = " (it looks transposed: pass W.T)" if W.shape[1] == A_prev.shape[1] else ""
        raise ValueError(f"`W` must have shape (n_in, n_out) with n_in = {A_prev.shape[1]}, the "
                         f"number of columns of `A_prev` {A_prev.shape}; got shape {W.shape}"
                         f"{flipped}. Rows are examples: Z = A_prev @ W.")
    if b is not None:
        b = as_float_array(b, "b", ndim=1)
        if b.shape != (W.shape[1],):
            raise ValueError(f"`b` must have shape ({W.shape[1]},), one bias per unit (the "
                             f"columns of `W` {W.shape}); got shape {b.shape}.")
    return A_prev, W, b


def _check_like_Z(value, name, A_prev, W):
    """``dA`` or ``Z``: a float array of shape (m, n_out), m from ``A_prev``, n_out from ``W``."""
    arr = as_float_array(value, name, ndim=2)
    if arr.shape != (A_prev.shape[0], W.shape[1]):
        raise ValueError(f"`{name}` must have shape ({A_prev.shape[0]}, {W.shape[1]}): one row per "
                         f"example of `A_prev` {A_prev.shape}, one column per unit of `W` "
                         f"{W.shape}; got shape {arr.shape}.")
    return arr


def _check_output(value, Z, name):
    """The activation's (or its derivative's) value as a float array of Z's shape."""
    value = as_float_array(value, f"{name}(Z)")
    if value.shape != Z.shape:
        raise ValueError(f"`{name}` returned shape {value.shape} for Z of shape {Z.shape}; it "
                         "must keep the shape (elementwise, or row by row like softmax).")
    return value


# --- public ---------------------------------------------------------------------------------

def dense_forward(A_prev, W, b, activation):
    """Forward pass of one dense layer: ``Z = A_prev @ W + b`` and ``A = activation(Z)``.

    .. math:: Z = A_{prev} W + b, \\qquad A = g(Z)

    Introduced in ``08_deep_networks`` (an exercise there); the library's fallback in
    ``09_capstone``.

    Parameters
    ----------
    A_prev : array_like of shape (m, n_in)
        The previous layer's activations (``X`` for the first layer), one row per example.
    W : array_like of shape (n_in, n_out)
        Column ``j`` holds the incoming weights of unit ``j``.
    b : array_like of shape (n_out,)
    activation : callable
        ``g``, applied to ``Z`` of shape (m, n_out) and keeping its shape, e.g.
        ``activations.relu`` or ``activations.softmax``.

    Returns
    -------
    DenseForward
        ``(Z, A)``, both ndarray of shape (m, n_out).

    Raises
    ------
    TypeError, ValueError
        For non-numeric or non-finite inputs, shapes that do not fit together, an
        ``activation`` that is not a function or changes the shape.

    Examples
    --------
    >>> from lessons_lib.activations import relu
    >>> Z, A = dense_forward([[1.0, 2.0]], [[1.0], [-1.0]], [0.5], relu)
    >>> Z.tolist(), A.tolist()
    ([[-0.5]], [[0.0]])
    """
    A_prev, W, b = _check_layer(A_prev, W, b)
    _check_function(activation, "activation", "activations.relu")
    Z = A_prev @ W + b
    return DenseForward(Z, _check_output(activation(Z), Z, "activation"))


def dense_backward(dA, A_prev, W, Z, activation_derivative):
    """Backward pass of one dense layer: the gradients of the mean cost for its inputs.

    .. math:: dZ = dA \\odot g'(Z), \\quad dW = A_{prev}^\\top dZ, \\quad
              db = \\textstyle\\sum_i dZ_i, \\quad dA_{prev} = dZ\\, W^\\top

    ``dA`` is already the gradient of the *mean* cost (it holds the 1/m), so ``dW`` and ``db``
    are sums over the examples, not means. ``dA`` is not changed. Introduced in
    ``08_deep_networks`` (an exercise there); the library's fallback in ``09_capstone``.

    Parameters
    ----------
    dA : array_like of shape (m, n_out)
        Gradient of the mean cost with respect to this layer's output ``A``.
    A_prev : array_like of shape (m, n_in)
        The layer's input in the forward pass.
    W : array_like of shape (n_in, n_out)
    Z : array_like of shape (m, n_out)
        The layer's scores in the forward pass.
    activation_derivative : callable
        ``g'``, elementwise, e.g. ``activations.relu_derivative``. For a layer whose ``dZ``
        is known already (softmax with cross-entropy), pass ``dA = dZ`` and
        ``activations.identity_derivative``.

    Returns
    -------
    DenseBackward
        ``(dA_prev, dW, db)`` of shapes (m, n_in), (n_in, n_out) and (n_out,).

    Examples
    --------
    >>> from lessons_lib.activations import identity_derivative
    >>> dA_prev, dW, db = dense_backward([[1.0]], [[2.0, 3.0]], [[0.5], [-1.0]], [[0.0]],
    ...                                  identity_derivative)
    >>> dA_prev.tolist(), dW.tolist(), db.tolist()
    ([[0.5, -1.0]], [[2.0], [3.0]], [1.0])
    """
    A_prev, W, _ = _check_layer(A_prev, W)
    _check_function(activation_derivative, "activation_derivative",
                    "activations.relu_derivative")
    dA = _check_like_Z(dA, "dA", A_prev, W)
    Z = _check_like_Z(Z, "Z", A_prev, W)
    g_prime = _check_output(activation_derivative(Z), Z, "activation_derivative")
    dZ = dA * g_prime
    return DenseBackward(dZ @ W.T, A_prev.T @ dZ, dZ.sum(axis=0))
