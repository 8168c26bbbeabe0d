"""Models with an explicit forward and backward pass: logistic regression and a dense network.

Both follow the model protocol used by :func:`lessons_lib.descent.train` and
:func:`lessons_lib.gradcheck.check_model_gradients`:

- ``model.params``: list of the model's *live* arrays (training updates them in place);
- ``model.loss_and_grads(X, y) -> (cost, grads)``, ``grads`` in the order and shapes of ``params``;
- ``model.cost(X, y)``, ``model.predict_proba(X)``, ``model.predict(X)``;
- ``model.validate_data(X, y)``: the checks done once at the boundary.

Rows are examples: ``X`` has shape ``(m, n_features)`` and ``Z = A_prev @ W + b``.
``LogisticRegression`` is introduced in ``01_logistic_regression`` (its backward in
``05_backprop_logistic_regression``), ``DenseNetwork`` in ``08_deep_networks``.
``DenseNetwork`` and its caches (``LayerCache``, ``LayerGrads``, ``Forward``) are written in
``lessons_lib._dense_network`` and re-exported here: import them from this module.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_labels, as_rng, check_int, describe
from ._model_inputs import _as_X, _check_dtype, _check_threshold, _check_X  # noqa: F401
from .activations import _sigmoid
from .initializers import _get_initializer
from .losses import _binary_cross_entropy_with_logits
# DenseNetwork and its caches are written in _dense_network (kept apart for length);
# import them from here.
from ._dense_network import DenseNetwork, Forward, LayerCache, LayerGrads  # noqa: F401

# They live in a private module but belong to this one: a learner's repr, help() and pickle
# name them lessons_lib.models.DenseNetwork, as before the split.
for _cls in (DenseNetwork, Forward, LayerCache, LayerGrads):
    _cls.__module__ = __name__
del _cls

__all__ = ["LogisticCache", "LogisticGrads", "LogisticRegression",
           "LayerCache", "LayerGrads", "Forward", "DenseNetwork"]


class LogisticCache(NamedTuple):
    """What forward keeps for backward: ``z = X w + b`` and ``a = σ(z)``, both of shape (m,)."""

    z: np.ndarray
    a: np.ndarray


class LogisticGrads(NamedTuple):
    """Gradients of the cost: ``dw`` of shape (n_features,) and ``db`` (a float)."""

    dw: np.ndarray
    db: float


class LogisticRegression:
    """Binary logistic regression ``y_hat = σ(X w + b)`` trained on the cross-entropy cost.

    Parameters
    ----------
    n_features : int
        Number of input features (columns of ``X``).
    rng : None, int or numpy.random.Generator
        Used only by a random ``init``.
    init : str, default "zeros"
        An initialiser name (:func:`lessons_lib.initializers.get_initializer`) for ``w``.
        The cost is convex, so zeros are the textbook choice. ``b`` starts at 0.

    Attributes
    ----------
    w : ndarray of shape (n_features,)
        The weights (the live array; assigning ``model.w = ...`` copies into it).
    b : float
        The bias, read as a plain float. It is stored in a 0-d array (``params[1]``)
        so that training can update it in place.
    params : list of ndarray
        ``[w, b_array]`` (live; ``b_array`` has shape ``()``).

    Examples
    --------
    >>> model = LogisticRegression(2)
    >>> model.predict_proba([[1.0, 2.0]])
    array([0.5])

    Introduced in ``01_logistic_regression``.
    """

    def __init__(self, n_features, rng=None, *, init="zeros"):
        self.n_features = check_int(n_features, "n_features", minimum=1)
        rng = as_rng(rng)
        self._w = _get_initializer(init, "init")(self.n_features, 1, rng=rng)[:, 0].copy()
        self._b = np.zeros(())

    @property
    def w(self):
        return self._w

    @w.setter
    def w(self, value):
        value = as_float_array(value, "w", ndim=1)
        if value.shape != self._w.shape:
            raise ValueError(f"`w` must have shape {self._w.shape}, got {value.shape}.")
        self._w[...] = value

    @property
    def b(self):
        return float(self._b)

    @b.setter
    def b(self, value):
        self._b[...] = as_float_array(value, "b", ndim=0)

    @property
    def params(self):
        return [self._w, self._b]

    @property
    def n_params(self):
        return self.n_features + 1

    def __repr__(self):
        return f"LogisticRegression(n_features={self.n_features})"

    def validate_data(self, X, y):
        """Return ``X`` as floats of shape (m, n_features) and ``y`` as 0/1 floats of shape (m,)."""
        X = _check_X(X, self.n_features)
        return X, as_labels(y, "y", n_samples=X.shape[0])

    def _forward(self, X):
        z = X @ self._w + self._b
        return LogisticCache(z=z, a=_sigmoid(z))

    def forward(self, X):
        """Forward pass: ``z = X w + b``, ``a = σ(z)`` (shape (m,)) in a :class:`LogisticCache`."""
        return self._forward(_check_X(X, self.n_features))

    def _backward(self, X, y, cache):
        diff = cache.a - y
        return LogisticGrads(dw=X.T @ diff / X.shape[0], db=float(diff.mean()))

    def backward(self, X, y, cache):
        """Gradients of the mean cross-entropy from a forward ``cache``.

        .. math:: dw = \\frac{1}{m} X^\\top (a - y), \\qquad db = \\frac{1}{m} \\sum_i (a_i - y_i)

        Returns
        -------
        LogisticGrads
            ``dw`` of shape (n_features,), ``db`` a float.
        """
        X, y = self.validate_data(X, y)
        if not isinstance(cache, LogisticCache) or np.shape(cache.a) != y.shape:
            came = (f"a LogisticCache whose a has shape {np.shape(cache.a)} while `X` has "
                    f"{X.shape[0]} rows" if isinstance(cache, LogisticCache) else describe(cache))
            raise ValueError(
                f"`cache` must be the LogisticCache that forward(X) returned for these X, "
                f"got {came}. Call cache = model.forward(X) first."
            )
        return self._backward(X, y, cache)

    def _cost(self, X, y):
        return float(_binary_cross_entropy_with_logits(y, X @ self._w + self._b).mean())

    def cost(self, X, y):
        """Mean binary cross-entropy, computed from the logits ``z`` (never takes log(0))."""
        return self._cost(*self.validate_data(X, y))

    def _loss_and_grads(self, X, y):
        cache = self._forward(X)
        grads = self._backward(X, y, cache)
        cost = float(_binary_cross_entropy_with_logits(y, cache.z).mean())
        return cost, [grads.dw, np.array(grads.db)]

    def loss_and_grads(self, X, y):
        """Return ``(cost, [dw, db])``, ``db`` a 0-d array, matching ``params``."""
        return self._loss_and_grads(*self.validate_data(X, y))

    def predict_proba(self, X):
        """Probability of class 1 for every example, shape (m,)."""
        return self.forward(X).a

    def predict(self, X, threshold=0.5):
        """Class labels (0 or 1, ints) of shape (m,): 1 where ``predict_proba(X) >= threshold``.

        ``threshold`` is a probability in [0, 1], default 0.5.
        """
        threshold = _check_threshold(threshold)
        return (self.predict_proba(X) >= threshold).astype(np.int64)


# doctest.testmod(lessons_lib.models) also runs the examples of the re-exported classes.
__test__ = {"DenseNetwork": DenseNetwork}
