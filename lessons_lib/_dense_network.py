"""The fully connected network of ``08_deep_networks``: :class:`DenseNetwork` and its caches.

Private: :mod:`lessons_lib.models` re-exports every name here, so
``from lessons_lib.models import DenseNetwork, LayerCache`` is the way to import them.
``forward`` and ``backward`` are the reference passes (one new array per formula);
training's step runs in :mod:`lessons_lib._fast_network`.
Rows are examples: ``X`` has shape ``(m, n_features)`` and ``Z = A_prev @ W + b``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_labels, as_rng, check_choice, describe
from . import _fast_network as _fast
from ._model_inputs import _as_X, _check_dtype, _check_threshold
from .activations import ACTIVATIONS, Activation, _sigmoid, _softmax, get_activation
from .initializers import _check_layer_sizes, _get_initializer, init_layers
from .losses import (_binary_cross_entropy_with_logits, _one_hot,
                     _softmax_cross_entropy_with_logits)

__all__ = ["LayerCache", "LayerGrads", "Forward", "DenseNetwork"]


class LayerCache(NamedTuple):
    """One layer's forward values: input ``A_prev``, pre-activation ``Z`` and output ``A``."""

    A_prev: np.ndarray
    Z: np.ndarray
    A: np.ndarray


class LayerGrads(NamedTuple):
    """One layer's gradients: ``dW`` of the shape of ``W`` and ``db`` of the shape of ``b``."""

    dW: np.ndarray
    db: np.ndarray


class Forward(NamedTuple):
    """Result of :meth:`DenseNetwork.forward`: the output ``A_out`` and one cache per layer."""

    A_out: np.ndarray
    caches: list


def _hidden_activations(activation, n_hidden):
    names = [activation] * n_hidden if isinstance(activation, (str, Activation)) else activation
    valid = ", ".join(map(repr, ACTIVATIONS))
    if not isinstance(names, (list, tuple)) or len(names) != n_hidden:
        error = ValueError if isinstance(names, (list, tuple)) else TypeError
        raise error(
            f"`activation` must be a name or a list of {n_hidden} names (one per hidden "
            f"layer), got {describe(activation)}. Valid names: {valid}."
        )
    for name in names:
        if not isinstance(name, Activation):
            check_choice(name, "activation", tuple(ACTIVATIONS))
    return [get_activation(name) for name in names]


class DenseNetwork:
    """A fully connected network: hidden layers with chosen activations, then a sigmoid or softmax.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_0, n_1, ..., n_L]``: inputs, hidden units, outputs (all ≥ 1).
        ``output="sigmoid"`` needs ``n_L == 1``; ``output="softmax"`` needs ``n_L >= 2`` classes.
    activation : str or list of str, default "relu"
        ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or ``"identity"``, one for all
        hidden layers or a list with one per hidden layer.
    output : {"sigmoid", "softmax"}
        Binary labels in {0, 1} or integer labels ``0 .. n_L - 1``.
    init : str, default "he"
        Weight initialiser name; biases start at zero.
    rng : None, int or numpy.random.Generator
    dtype : {"float64", "float32"}, default "float64"
        The floating-point type of the parameters and of every computation. float32 halves
        the memory and is faster on large data; gradient checks need float64.

    Attributes
    ----------
    W, b : list of ndarray
        ``W[l]`` of shape ``(n_l, n_{l+1})``, ``b[l]`` of shape ``(n_{l+1},)`` (live arrays).
    params : list of ndarray
        ``[W[0], b[0], W[1], b[1], ...]``.

    Notes
    -----
    ``forward``, ``backward`` and ``loss_and_grads`` are the reference: one new array per
    formula. Training (:func:`lessons_lib.descent.train`) calls ``_loss_and_grads``, which
    computes the same numbers (bit for bit in float64) with :mod:`lessons_lib._fast_network`
    in arrays reused from step to step, so a step allocates no large temporaries;
    ``cost`` and ``predict_proba`` use its lean pass (hidden activations not kept).

    Examples
    --------
    >>> net = DenseNetwork([2, 4, 1], activation="tanh", rng=0)
    >>> net.predict_proba([[0.0, 0.0]])
    array([0.5])

    Introduced in ``08_deep_networks``.
    """

    def __init__(self, layer_sizes, activation="relu", output="sigmoid", init="he", rng=None,
                 dtype="float64"):
        sizes = _check_layer_sizes(layer_sizes)
        self.output = check_choice(output, "output", ("sigmoid", "softmax"))
        if output == "sigmoid" and sizes[-1] != 1:
            raise ValueError(f"`layer_sizes` must end in 1 for output='sigmoid' (one probability), "
                             f"got {sizes}. For k classes use output='softmax' and end in k.")
        if output == "softmax" and sizes[-1] < 2:
            raise ValueError(f"`layer_sizes` must end in the number of classes (≥ 2) for "
                             f"output='softmax', got {sizes}. For two classes either works.")
        self.layer_sizes = tuple(sizes)
        self.activations = _hidden_activations(activation, len(sizes) - 2)
        _get_initializer(init, "init")
        self.dtype = _check_dtype(dtype)
        W, b = init_layers(sizes, init, as_rng(rng))
        self.W = [w.astype(self.dtype, copy=False) for w in W]
        self.b = [v.astype(self.dtype, copy=False) for v in b]
        self._buffers = None  # the training step's arrays (_fast_network.Buffers)

    @property
    def params(self):
        return [p for pair in zip(self.W, self.b) for p in pair]

    @property
    def n_params(self):
        return sum(p.size for p in self.params)

    def __repr__(self):
        names = [a.name for a in self.activations]
        dtype = "" if self.dtype == np.float64 else f", dtype={self.dtype.name!r}"
        return (f"DenseNetwork(layer_sizes={list(self.layer_sizes)}, activation={names}, "
                f"output={self.output!r}{dtype})")

    def validate_data(self, X, y):
        """Return ``X`` (m, n_0) in the model's dtype and ``y`` as labels fitting the output."""
        X = _as_X(X, self.layer_sizes[0], self.dtype)
        n_classes = 2 if self.output == "sigmoid" else self.layer_sizes[-1]
        y = as_labels(y, "y", n_samples=X.shape[0], n_classes=n_classes)
        return X, (y.astype(self.dtype, copy=False) if self.output == "sigmoid" else y)

    # --- the reference passes: one new array per formula, as on the page ----------------

    def _g(self, l, Z):
        """``A = g(Z)`` of layer ``l`` in Z's dtype: its hidden activation, or the output's."""
        if l == len(self.activations):
            return self._output(Z)
        return self.activations[l].fn(Z).astype(Z.dtype, copy=False)

    def _g_prime(self, l, Z):
        """``g'(Z)`` of hidden layer ``l``, in Z's dtype."""
        return self.activations[l].derivative(Z).astype(Z.dtype, copy=False)

    def _output(self, Z):
        return _sigmoid(Z) if self.output == "sigmoid" else _softmax(Z, axis=1)

    def _forward(self, X):
        """The reference forward pass: ``Z = A_prev @ W + b``, ``A = g(Z)``, layer by layer."""
        A, caches = X, []
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            A_prev = A
            Z = A_prev @ W + b
            A = self._g(l, Z)
            caches.append(LayerCache(A_prev=A_prev, Z=Z, A=A))
        return Forward(A_out=A, caches=caches)

    def forward(self, X):
        """Forward pass; returns ``Forward(A_out, caches)``, ``A_out`` of shape (m, n_L).

        .. math:: Z^{[l]} = A^{[l-1]} W^{[l]} + b^{[l]}, \\qquad A^{[l]} = g^{[l]}(Z^{[l]})
        """
        return self._forward(_as_X(X, self.layer_sizes[0], self.dtype))

    def _Y(self, y, n_out):
        """The labels as rows like ``A_out``: a column (sigmoid) or one-hot rows (softmax)."""
        if self.output == "sigmoid":
            return y[:, None]
        return _one_hot(y, n_out).astype(self.dtype, copy=False)

    def _backward(self, y, A_out, caches):
        """The reference backward pass, from the output layer back to the first."""
        m, grads = A_out.shape[0], []
        dZ = (A_out - self._Y(y, A_out.shape[1])) / m  # sigmoid + BCE and softmax + CE alike
        for l in reversed(range(len(self.W))):
            A_prev = caches[l].A_prev
            grads.insert(0, LayerGrads(dW=A_prev.T @ dZ, db=dZ.sum(axis=0)))
            if l > 0:
                dZ = (dZ @ self.W[l].T) * self._g_prime(l - 1, caches[l - 1].Z)
        return grads

    def backward(self, y, A_out, caches):
        """Gradients of the mean cost for every layer, from a forward pass.

        .. math:: dZ^{[L]} = \\frac{A^{[L]} - Y}{m}, \\quad dW^{[l]} = A^{[l-1]\\top} dZ^{[l]},
                  \\quad dZ^{[l-1]} = (dZ^{[l]} W^{[l]\\top}) \\odot g'(Z^{[l-1]})

        Returns
        -------
        list of LayerGrads
            One ``LayerGrads(dW, db)`` per layer, first layer first.
        """
        self._check_caches(caches)
        A_out = as_float_array(A_out, "A_out", ndim=2).astype(self.dtype, copy=False)
        expected = caches[-1].A.shape
        if A_out.shape != expected:
            raise ValueError(f"`A_out` must have shape {expected} (the output of the forward pass "
                             f"that made `caches`), got shape {A_out.shape}. Pass the A_out and "
                             "caches of one call: A_out, caches = model.forward(X).")
        n_classes = 2 if self.output == "sigmoid" else self.layer_sizes[-1]
        y = as_labels(y, "y", n_samples=A_out.shape[0], n_classes=n_classes, rows_of="A_out")
        return self._backward(y.astype(self.dtype, copy=False) if n_classes == 2 else y,
                              A_out, caches)

    def _check_caches(self, caches):
        """``caches`` must be one LayerCache per layer whose A has the layer's width."""
        ok = isinstance(caches, (list, tuple)) and len(caches) == len(self.W) and all(
            isinstance(c, LayerCache) and np.ndim(c.A) == 2 and np.shape(c.A)[1] == n
            for c, n in zip(caches, self.layer_sizes[1:]))
        if not ok:
            items = (f" of {', '.join(sorted({type(c).__name__ for c in caches}))}"
                     if isinstance(caches, (list, tuple)) and caches else "")
            raise ValueError(f"`caches` must be the list of {len(self.W)} LayerCache that "
                             f"forward(X) returned, got {describe(caches)}{items}.")

    def _cost_from_logits(self, y, Z):
        if self.output == "sigmoid":
            return float(_binary_cross_entropy_with_logits(y, Z[:, 0]).mean())
        return float(_softmax_cross_entropy_with_logits(y, Z).mean())

    def _cost(self, X, y):
        return self._cost_from_logits(y, _fast.logits(self, X))

    def cost(self, X, y):
        """Mean cross-entropy (binary or softmax), computed stably from the last layer's ``Z``."""
        return self._cost(*self.validate_data(X, y))

    def _loss_and_grads(self, X, y):
        """Training's step (``descent.train`` calls it): the same numbers as ``loss_and_grads``,
        computed by :mod:`lessons_lib._fast_network` in this network's reused buffers (the
        grads live there until the next call)."""
        dtype = np.result_type(X, self.W[0])
        if getattr(self, "_buffers", None) is None or self._buffers.dtype != dtype:
            self._buffers = _fast.Buffers(dtype)
        return _fast.loss_and_grads(self, X, y, self._buffers)

    def loss_and_grads(self, X, y):
        """Return ``(cost, [dW[0], db[0], dW[1], db[1], ...])``, matching ``params``."""
        X, y = self.validate_data(X, y)
        A_out, caches = self._forward(X)
        grads = [g for layer in self._backward(y, A_out, caches) for g in layer]
        return self._cost_from_logits(y, caches[-1].Z), grads

    def predict_proba(self, X):
        """Probabilities: shape (m,) for a sigmoid output, (m, k) for softmax (rows sum to 1)."""
        A_out = self._output(_fast.logits(self, _as_X(X, self.layer_sizes[0], self.dtype)))
        return A_out[:, 0] if self.output == "sigmoid" else A_out

    def predict(self, X, threshold=0.5):
        """Labels (ints) of shape (m,): ``proba >= threshold`` (sigmoid) or the argmax (softmax).

        ``threshold`` is a probability in [0, 1], default 0.5 (unused with softmax).
        """
        threshold = _check_threshold(threshold)
        proba = self.predict_proba(X)
        if self.output == "sigmoid":
            return (proba >= threshold).astype(np.int64)
        return np.argmax(proba, axis=1)
