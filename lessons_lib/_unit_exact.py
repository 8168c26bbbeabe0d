"""The training model of :func:`lessons_lib.symmetry.train_recording_weights` (private): a
one-hidden-layer network whose gradients treat every hidden unit alike, bit for bit.

``DenseNetwork.backward``'s formulas with every sum written elementwise, so hidden units with
equal parameters get exactly equal gradients (why: :mod:`lessons_lib.symmetry`'s docstring).
Re-exported by :mod:`lessons_lib.symmetry`. Introduced in ``07_initialization``.
"""

from __future__ import annotations

import numpy as np

from .activations import _sigmoid
from .losses import _binary_cross_entropy_with_logits


def _units_dot(A, W):
    """``A @ W`` as a sum over ``A``'s columns, each output column computed alike."""
    Z = A[:, 0:1] * W[0]
    for k in range(1, W.shape[0]):
        Z += A[:, k:k + 1] * W[k]
    return Z


class _UnitExactNetwork:
    """A one-hidden-layer ``DenseNetwork`` whose gradients treat every hidden unit alike.

    The model protocol of :func:`lessons_lib.descent.train`; ``params`` are the network's
    live arrays. The formulas are :meth:`DenseNetwork.backward`'s (sigmoid output and
    cross-entropy, ``dZ = (A_out - y) / m``); the sums run elementwise (see
    :mod:`lessons_lib.symmetry`'s docstring), so units with equal parameters stay bit-for-bit
    equal.
    """

    def __init__(self, net):
        self.net, self.params, self.g = net, net.params, net.activations[0]

    def validate_data(self, X, y):
        return self.net.validate_data(X, y)

    def cost(self, X, y):
        return self.net._cost(X, y)

    def _loss_and_grads(self, X, y):
        W0, b0, W1, b1 = self.params
        Z1 = _units_dot(X, W0) + b0                                  # (m, n_hidden)
        A1 = self.g.fn(Z1)
        z2 = _units_dot(A1, W1)[:, 0] + b1[0]                        # (m,)
        cost = float(_binary_cross_entropy_with_logits(y, z2).mean())
        dz2 = ((_sigmoid(z2) - y) / X.shape[0])[:, None]             # (m, 1)
        dW1 = np.add.reduce(A1 * dz2, axis=0)[:, None]               # A1ᵀ dZ2, (n_hidden, 1)
        dZ1 = (dz2 * W1[:, 0]) * self.g.derivative(Z1)               # (dZ2 W1ᵀ) ⊙ g'(Z1)
        dW0 = np.stack([np.add.reduce(X[:, i:i + 1] * dZ1, axis=0) for i in range(X.shape[1])])
        return cost, [dW0, np.add.reduce(dZ1, axis=0), dW1, dz2.sum(axis=0)]

    def loss_and_grads(self, X, y):
        return self._loss_and_grads(*self.validate_data(X, y))
