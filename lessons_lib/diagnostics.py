"""Diagnostics of a deep network: each layer's gradient norm and its share of saturated units.

Introduced in ``06_activation_functions`` (vanishing gradients) and used by
:class:`lessons_lib.widgets.ActivationExplorer`.

**Gradient norm of layer l** (layer 1 next to the input, layer L the output layer): the
Frobenius norm of the cost's gradient with respect to that layer's weights,

.. math:: \\lVert dW^{[l]} \\rVert_F = \\sqrt{\\textstyle\\sum_{i,j} (dW^{[l]}_{ij})^2}

(in code ``W[l - 1]``: the library's lists are 0-based). It counts every entry, so a
layer with more weights has a larger norm for the same entries; the factors of 100 or
10 000 that vanishing gradients produce dwarf that.

**Saturated unit** (the one definition, used everywhere in the course): a hidden unit is
saturated on an example when its slope there is below 10 % of its activation's largest slope,

.. math:: g'(z) < 0.1 \\cdot \\max_z g'(z)

(backprop multiplies the gradient through the unit by g'(z): under a tenth of the most it
can pass; for the sigmoid, whose largest slope is 1/4, that is under 2.5 % of the gradient).
Worked out exactly (:func:`saturation_rule`): sigmoid :math:`|z| > 2\\,\\mathrm{artanh}
\\sqrt{0.9} \\approx 3.637`; tanh :math:`|z| > \\mathrm{artanh}\\sqrt{0.9} \\approx 1.818`;
ReLU :math:`z \\le 0` (slope 0: *inactive*, no gradient at all); leaky ReLU
:math:`z \\le 0` too (slope 0.01, 1 % of its peak: weak, but never zero, so the unit can
recover); identity never.

The saturation rule itself (:data:`SATURATION_LEVEL`, :class:`SaturationRule`,
:func:`saturation_rule`, :func:`is_saturated`, :func:`saturation_fraction`) lives in the
private :mod:`lessons_lib._saturation` and is re-exported here; this module holds the
per-layer measurements and the recorded training.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ._saturation import (SATURATION_LEVEL, SaturationRule, _below_level, is_saturated,
                          saturation_fraction, saturation_rule)
from ._validation import as_2d, as_float_array, as_labels, check_choice, check_int, describe
from .activations import ACTIVATIONS
from .descent import Snapshot, train
from .models import DenseNetwork

__all__ = ["SATURATION_LEVEL", "SaturationRule", "saturation_rule", "is_saturated",
           "saturation_fraction", "layer_gradient_norms", "HiddenSlopes", "hidden_saturation",
           "Diagnostics", "train_with_diagnostics", "ratio_sentence"]

# SaturationRule lives in a private module but belongs to this one: repr, help() and pickle
# name it lessons_lib.diagnostics.SaturationRule, as before the split (as models.py does).
SaturationRule.__module__ = __name__

N_FRAMES = 50


def _check_network(net):
    if not isinstance(net, DenseNetwork):
        raise TypeError(f"`net` must be a lessons_lib.models.DenseNetwork, got {describe(net)}. "
                        "Example: DenseNetwork([2, 8, 8, 1], activation='sigmoid', rng=0).")
    return net


def _hidden_slopes(caches, activations):
    """Each hidden layer's saturated fraction and mean slope ``g'(Z)``, two arrays (L - 1,)."""
    slopes = [a.derivative(c.Z) for c, a in zip(caches, activations)]
    saturated = [np.mean(_below_level(s, a.name)) for s, a in zip(slopes, activations)]
    return np.array(saturated), np.array([np.mean(s) for s in slopes])


def _layer_stats(net, X, y):
    """Gradient norms (L,), hidden saturated fractions and mean slopes (L - 1,) and the
    accuracy of ``net`` on validated data, with the reference passes."""
    A_out, caches = net._forward(X)
    grads = net._backward(y, A_out, caches)
    norms = np.array([np.linalg.norm(g.dW) for g in grads])
    saturated, slopes = _hidden_slopes(caches[:-1], net.activations)
    predicted = (A_out[:, 0] >= 0.5) if net.output == "sigmoid" else A_out.argmax(axis=1)
    return norms, saturated, slopes, float(np.mean(predicted == y))


def layer_gradient_norms(net, X, y):
    """The Frobenius norm of each layer's weight gradient: ``norms[l] = ||dW[l]||`` in the code's
    0-based lists, so ``norms[0]`` is layer 1's (the one next to the input).

    Parameters
    ----------
    net : DenseNetwork
    X : array_like of shape (m, n_features)
    y : array_like of shape (m,)

    Returns
    -------
    ndarray of shape (L,)
        ``L = len(net.W)``; entry 0 is the layer next to the input, entry L - 1 the output.

    Examples
    --------
    >>> net = DenseNetwork([2, 4, 4, 1], activation="sigmoid", rng=0)
    >>> layer_gradient_norms(net, [[0.5, -1.0], [1.0, 2.0]], [0, 1]).shape
    (3,)
    """
    X, y = _check_network(net).validate_data(X, y)
    return _layer_stats(net, X, y)[0]


class HiddenSlopes(NamedTuple):
    """Per hidden layer (shape (L - 1,) each): ``saturated``, the fraction of (unit, example)
    pairs where ``g'(z) < 0.1 · max g'``; ``mean_slope``, the mean of ``g'(Z)``."""

    saturated: np.ndarray
    mean_slope: np.ndarray


def hidden_saturation(net, X):
    """Each hidden layer's saturated fraction and mean slope on ``X`` (its own activation).

    Parameters
    ----------
    net : DenseNetwork
    X : array_like of shape (m, n_features)

    Returns
    -------
    HiddenSlopes
    """
    _, caches = _check_network(net).forward(X)
    return HiddenSlopes(*_hidden_slopes(caches[:-1], net.activations))


class Diagnostics(NamedTuple):
    """What :func:`train_with_diagnostics` records (k records, L layers): ``steps`` (k,)
    (0, every, 2·every, …, and the last reached); ``grad_norms`` (k, L), first layer first;
    ``saturated`` and ``mean_slope`` (k, L - 1) per hidden layer; ``costs`` (n + 1,): the
    cost after 0 .. n updates; ``accuracy`` (k,); ``diverged``; ``seconds``."""

    steps: np.ndarray
    grad_norms: np.ndarray
    saturated: np.ndarray
    mean_slope: np.ndarray
    costs: np.ndarray
    accuracy: np.ndarray
    diverged: bool
    seconds: float


def _record(net, history, X, y):
    """Stats at every snapshot and at the last state reached (the last finite one)."""
    last = len(history.costs) - (1 if history.diverged else 0)
    snapshots = [s for s in history.snapshots if s.step < last]
    snapshots.append(Snapshot(last, [p.copy() for p in net.params]))
    rows = []
    for snapshot in snapshots:
        for p, saved in zip(net.params, snapshot.params):
            p[...] = saved
        rows.append(_layer_stats(net, X, y))
    norms, saturated, slopes, accuracy = (np.array(column) for column in zip(*rows))
    return np.array([s.step for s in snapshots]), norms, saturated, slopes, accuracy


def train_with_diagnostics(X, y, activation="sigmoid", depth=5, hidden_units=8, lr=0.5,
                           num_steps=200, init="he", rng=None, every=None):
    """Train a deep :class:`DenseNetwork` once, recording per-layer diagnostics as it learns.

    Full-batch gradient descent (:func:`lessons_lib.descent.train`) of a network with
    ``depth`` hidden layers of ``hidden_units`` units and a sigmoid output. Every ``every``
    steps (and at the last state reached) the layers' gradient norms, the hidden layers'
    saturated fractions and the accuracy are computed with the reference passes
    (:meth:`DenseNetwork.forward`/``backward``): the gradient recorded at step s is the one
    the update s + 1 used. Divergence is a state: the run stops at the last finite point.

    Parameters
    ----------
    X : array_like of shape (m, n_features)
    y : array_like of shape (m,), labels 0 or 1
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}, default "sigmoid"
    depth : int ≥ 1, default 5
        Hidden layers (the network has ``depth + 1`` weight layers).
    hidden_units : int ≥ 1, default 8
    lr : float > 0, default 0.5
    num_steps : int ≥ 0, default 200
    init : str, default "he"
        An initialiser name (:func:`lessons_lib.initializers.get_initializer`).
    rng : None, int or numpy.random.Generator
        Seeds the initial weights.
    every : int ≥ 1, optional
        Steps between records; default ``num_steps // 50`` (at least 1).

    Returns
    -------
    Diagnostics

    Examples
    --------
    >>> from lessons_lib.datasets import make_moons
    >>> X, y = make_moons(rng=0)
    >>> run = train_with_diagnostics(X, y, "sigmoid", depth=6, num_steps=20, rng=0)
    >>> run.grad_norms.shape, run.saturated.shape
    ((21, 7), (21, 6))
    """
    start = time.perf_counter()
    check_choice(activation, "activation", tuple(ACTIVATIONS))
    sizes = [check_int(hidden_units, "hidden_units", minimum=1)] * check_int(depth, "depth",
                                                                           minimum=1)
    num_steps = check_int(num_steps, "num_steps", minimum=0)
    every = max(1, num_steps // N_FRAMES) if every is None else check_int(every, "every",
                                                                          minimum=1)
    X = as_2d(X, "X")
    y = as_labels(y, "y", n_samples=X.shape[0])
    net = DenseNetwork([X.shape[1], *sizes, 1], activation=activation, init=init, rng=rng)
    history = train(net, X, y, lr=lr, num_epochs=num_steps, snapshot_every=every)
    costs = np.asarray(history.costs, dtype=float)
    with np.errstate(all="ignore"):  # as in train: a healthy state may hold huge values
        if not history.diverged:
            costs = np.append(costs, net._cost(X, y))
        steps, norms, saturated, slopes, accuracy = _record(net, history, X, y)
    return Diagnostics(steps, norms, saturated, slopes, costs, accuracy, bool(history.diverged),
                       time.perf_counter() - start)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _fraction(r):
    """``r`` < 0.1 as "1/3,200" (two significant digits) or, below 1e-7, as "10⁻⁹"."""
    if r < 1e-7:
        return "10" + str(int(np.round(np.log10(r)))).translate(_SUPERSCRIPT)
    n = 1.0 / r
    return f"1/{round(n, 1 - int(np.floor(np.log10(n)))):,.0f}"


def ratio_sentence(norms):
    """Layer 1's gradient norm against the output layer's, in words.

    ``norms`` is an array of shape (L,), first layer first (:func:`layer_gradient_norms`).

    Examples
    --------
    >>> ratio_sentence([2e-5, 1e-3, 0.06])
    "layer 1's gradient is 1/3,000 of the output layer's"
    """
    norms = as_float_array(norms, "norms", ndim=1)
    first, last = float(norms[0]), float(norms[-1])
    if last == 0.0:
        return ("no gradient reaches the output layer" if first == 0.0
                else "the output layer's gradient is 0")
    if first == 0.0:
        return "layer 1's gradient is exactly 0: no gradient reaches it"
    r = first / last
    if r < 0.095:
        return f"layer 1's gradient is {_fraction(r)} of the output layer's"
    return f"layer 1's gradient is {r:.2g}× the output layer's"
