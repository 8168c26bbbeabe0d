"""DenseNetwork's training step on reused buffers: what :func:`lessons_lib.descent.train` runs.

:meth:`lessons_lib.models.DenseNetwork.forward` and ``backward`` are the reference a learner
reads, one new array per formula::

    Z = A_prev @ W + b,   A = g(Z)
    dZ = (A_out - Y) / m,   dW = A_prev.T @ dZ,   db = sum(dZ),   dZ_prev = (dZ @ W.T) * g'(Z_prev)

This module computes exactly the same numbers, the same operations in the same order (so the
same bits in float64), but writes them into arrays that are reused from one step to the next
(``out=`` and in-place arithmetic), so a training step allocates no large temporaries.
It is private and does no validation: the model checks ``X`` and ``y`` once, at the boundary.

- :class:`Buffers`: the allocator ``new(key, shape)`` that hands back the same array for the
  same request;
- :func:`loss_and_grads`: one batch's cost and ``[dW[0], db[0], dW[1], ...]``, the gradients
  living in the buffers until the next call (``train`` uses them before that);
- :func:`logits`: the last layer's ``Z``, the hidden activations computed in place and
  dropped (the full-data cost after every epoch, predictions).

Rule for editing: change the reference in ``_dense_network.py`` (re-exported by
``models.py``) first, then this copy, and keep ``tests/test_models_fast_path.py`` (equal bit
for bit in float64) passing.
"""

from __future__ import annotations

import numpy as np

from .activations import _relu, _relu_derivative, _sigmoid
from .losses import _binary_cross_entropy_with_logits, _softmax_cross_entropy_and_softmax

__all__ = ["Buffers", "loss_and_grads", "logits"]


class Buffers:
    """An allocator ``new(key, shape)`` that hands out the same array for the same request.

    Training reuses one batch's activations and gradients from step to step instead of
    allocating them anew. At most ``limit`` arrays are kept (an epoch's two batch sizes fit).
    """

    limit = 64

    def __init__(self, dtype):
        self.dtype, self.arrays = np.dtype(dtype), {}

    def __call__(self, key, shape):
        a = self.arrays.get((key, shape))
        if a is None:
            if len(self.arrays) >= self.limit:
                self.arrays.clear()
            a = self.arrays[key, shape] = np.empty(shape, self.dtype)
        return a


def _activate(activation, Z, relu_out):
    """``A = g(Z)`` in Z's dtype; ReLU, the usual case, writes into ``relu_out()``."""
    if activation.fn is _relu:
        return np.maximum(Z, 0.0, out=relu_out())
    return activation.fn(Z).astype(Z.dtype, copy=False)


def _times_derivative(activation, dA, Z):
    """``dA * g'(Z)`` (g' in Z's dtype, as in the reference), written over ``dA``."""
    if activation.derivative is _relu_derivative:
        return np.multiply(dA, Z > 0, out=dA)
    dA *= activation.derivative(Z).astype(Z.dtype, copy=False)
    return dA


def _forward(net, X, new):
    """Every layer's input ``A_prev`` (``As[l]``) and ``Z`` (``Zs[l]``), in buffers."""
    As, Zs = [X], []
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        Z = np.matmul(As[l], W, out=new(("Z", l), (X.shape[0], W.shape[1])))
        Z += b
        Zs.append(Z)
        if l < len(net.activations):
            As.append(_activate(net.activations[l], Z, lambda: new(("A", l), Z.shape)))
    return As, Zs


def _cost_and_output(net, y, Z, new):
    """``(cost, A_out)`` from the last ``Z``; softmax and its cost share one ``exp``."""
    if net.output == "sigmoid":
        return float(_binary_cross_entropy_with_logits(y, Z[:, 0]).mean()), _sigmoid(Z)
    return _softmax_cross_entropy_and_softmax(y, Z, out=new(("A_out",), Z.shape))


def _output_dZ(net, y, A_out):
    """``dZ = (A_out - Y) / m`` written over ``A_out`` (``Y``: y as a column, or one-hot)."""
    m = A_out.shape[0]
    if net.output == "sigmoid":
        np.subtract(A_out, y[:, None], out=A_out)
    else:  # one-hot Y: subtract 1 where the label is
        A_out[np.arange(m), y.astype(np.int64, copy=False)] -= 1.0
    A_out /= m  # sigmoid + BCE and softmax + CE share this combined form
    return A_out


def _backprop(net, y, A_out, As, Zs, new):
    """``[dW[0], db[0], dW[1], db[1], ...]`` in buffers, from the last layer back."""
    dZ, L = _output_dZ(net, y, A_out), len(net.W)
    grads = [None] * (2 * L)
    for l in range(L - 1, -1, -1):
        grads[2 * l] = np.matmul(As[l].T, dZ, out=new(("dW", l), net.W[l].shape))
        grads[2 * l + 1] = np.add.reduce(dZ, axis=0, out=new(("db", l), net.b[l].shape))
        if l > 0:
            dA = np.matmul(dZ, net.W[l].T, out=new(("dA", l), Zs[l - 1].shape))
            dZ = _times_derivative(net.activations[l - 1], dA, Zs[l - 1])
    return grads


def loss_and_grads(net, X, y, new):
    """``(cost, [dW[0], db[0], ...])`` of ``net`` on a validated batch, in the buffers ``new``.

    ``net`` is a :class:`~lessons_lib.models.DenseNetwork` (its ``W``, ``b``,
    ``activations`` and ``output`` are read); ``X`` is in its dtype, ``y`` as
    ``validate_data`` returns it. The gradients are overwritten by the next call.
    """
    As, Zs = _forward(net, X, new)
    cost, A_out = _cost_and_output(net, y, Zs[-1], new)
    return cost, _backprop(net, y, A_out, As, Zs, new)


def logits(net, X):
    """The last layer's ``Z`` (a new array); the hidden layers work in place and are dropped."""
    A = X
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        Z = A @ W
        Z += b
        if l < len(net.activations):
            A = _activate(net.activations[l], Z, lambda: Z)
    return Z
