"""Why a network must not start with equal weights: training that records every hidden unit.

If every hidden unit starts with the same incoming weights (and the same outgoing weight),
every unit computes the same output, gets the same gradient and takes the same step: the
units stay copies for ever, and six units are no better than one. With all-zero weights
and ``tanh`` (or ReLU) units it is starker: the hidden outputs are 0, so
``dW[1] = A1ᵀ dZ = 0`` and ``dA1 = dZ W[1]ᵀ = 0``, and ``W[0]`` never moves at all.

Rows are examples: ``W[0]`` has shape ``(n_in, n_hidden)`` and hidden unit ``j``'s incoming
weights are **column** ``j`` of ``W[0]`` (a *row* in Andrew Ng's ``(n_out, n_in)``
convention). A unit's parameters here are that column and its bias ``b[0][j]``.

Why the training here computes its own gradients: :func:`train_recording_weights` runs
:func:`lessons_lib.descent.train` on a :class:`~lessons_lib.models.DenseNetwork` with
:meth:`DenseNetwork.backward <lessons_lib.models.DenseNetwork.backward>`'s formulas, but
with every sum written elementwise, so units with equal parameters get bit-for-bit equal
gradients. The library's matrix products (BLAS) may round some units differently in the
last bit (OpenBLAS here computes ``A1ᵀ dZ`` for 6 units as a block of 4 plus 2: differences
of ~1e-16), and the symmetric state is unstable, so such differences can grow (measured
with ``descent.train`` on 200 moons, lr 1: zeros with 6 sigmoid units, spread 1.9 after
500 steps). That is real floating-point behaviour, but machine-dependent and not this
lesson's point; here the exact-arithmetic statement holds bit for bit (tested).
That unit-by-unit model, ``_UnitExactNetwork``, lives in the private
:mod:`lessons_lib._unit_exact` (re-exported here); this module holds the starting weights,
:func:`unit_spread` and the recorded training.

Introduced in ``07_initialization``.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ._validation import (as_2d, as_float_array, as_labels, as_rng, check_choice, check_int,
                          check_positive)
from ._unit_exact import _UnitExactNetwork
from .activations import _sigmoid
from .descent import train
from .initializers import he, random_normal, xavier, zeros
from .models import DenseNetwork

__all__ = ["SCHEMES", "DEFAULT_SCALES", "initial_weights", "init_network", "unit_spread",
           "SymmetryRun", "train_recording_weights"]

SCHEMES = ("zeros", "constant", "random", "xavier", "he")
#: The ``scale`` used when none is given: the constant 0.5, Andrew Ng's small standard
#: deviation 0.01, and the plain Xavier and He variances (zeros ignore ``scale``).
DEFAULT_SCALES = {"zeros": 1.0, "constant": 0.5, "random": 0.01, "xavier": 1.0, "he": 1.0}


def _check_scheme_and_scale(scheme, scale):
    check_choice(scheme, "scheme", SCHEMES)
    return DEFAULT_SCALES[scheme] if scale is None else check_positive(scale, "scale")


def _weights(scheme, scale, n_in, n_out, rng):
    """``scale`` times the scheme's weights, unvalidated (``rng`` a Generator)."""
    if scheme == "random":
        return random_normal(n_in, n_out, scale=scale, rng=rng)
    if scheme == "constant":
        return np.full((n_in, n_out), float(scale))
    base = {"zeros": zeros, "xavier": xavier, "he": he}[scheme]
    return scale * base(n_in, n_out, rng=rng)


def initial_weights(n_in, n_out, scheme="random", scale=None, rng=None):
    """A starting weight matrix: ``scale`` times the weights of ``scheme``.

    .. math:: W = \\text{scale} \\cdot W_\\text{scheme}, \\quad
              W_\\text{random} \\sim \\mathcal{N}(0, 1), \\quad W_\\text{constant} = 1

    Parameters
    ----------
    n_in, n_out : int
        Units in the previous layer and in this one.
    scheme : {"zeros", "constant", "random", "xavier", "he"}, default "random"
        ``"random"``: standard normal, so ``scale`` is the standard deviation;
        ``"constant"``: every weight equals ``scale``; ``"xavier"``, ``"he"``: the
        library's initialisers (:mod:`lessons_lib.initializers`), ``scale`` a multiplier
        (1 is the scheme itself); ``"zeros"``: all 0, ``scale`` ignored.
    scale : float > 0, optional
        Default :data:`DEFAULT_SCALES` ``[scheme]``.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    ndarray of shape (n_in, n_out)
        Column ``j`` holds the incoming weights of unit ``j``.

    Examples
    --------
    >>> initial_weights(2, 3, "constant", 0.5)
    array([[0.5, 0.5, 0.5],
           [0.5, 0.5, 0.5]])
    """
    n_in, n_out = check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1)
    scale = _check_scheme_and_scale(scheme, scale)
    return _weights(scheme, scale, n_in, n_out, as_rng(rng))


def init_network(layer_sizes, scheme="random", scale=None, activation="tanh", rng=None):
    """A :class:`~lessons_lib.models.DenseNetwork` (sigmoid output) started by ``scheme``.

    Every layer's weights come from :func:`initial_weights` (one generator draws them in
    order, first layer first); biases start at zero, as everywhere in the course.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, n_hidden, ..., 1]``.
    scheme, scale
        As in :func:`initial_weights`.
    activation : str, default "tanh"
        Hidden activation (see :class:`~lessons_lib.models.DenseNetwork`).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    DenseNetwork

    Examples
    --------
    >>> net = init_network([2, 3, 1], "zeros")
    >>> float(abs(net.W[0]).max()), float(abs(net.W[1]).max())
    (0.0, 0.0)
    """
    scale = _check_scheme_and_scale(scheme, scale)
    rng = as_rng(rng)
    net = DenseNetwork(layer_sizes, activation=activation, init="zeros")
    for W in net.W:
        W[...] = _weights(scheme, scale, *W.shape, rng)
    return net


def _spreads(W, b):
    """Largest distance between two units' (weights, bias), for stacks (k, n_in, n) and (k, n)."""
    theta = np.concatenate([W, b[:, None, :]], axis=1)  # (k, n_in + 1, n): a column per unit
    diff = theta[:, :, :, None] - theta[:, :, None, :]
    return np.sqrt(np.einsum("kiab,kiab->kab", diff, diff)).max(axis=(1, 2))


def unit_spread(W, b):
    """How far apart the hidden units are: the largest distance between two units' parameters.

    .. math:: \\max_{j, k} \\left\\| \\binom{W_{:, j}}{b_j} - \\binom{W_{:, k}}{b_k} \\right\\|_2

    Exactly 0 when every unit has the same incoming weights and bias (the units are copies).

    Parameters
    ----------
    W : array_like of shape (n_in, n_hidden)
        A hidden weight matrix (``W[0]``); column ``j`` is unit ``j``'s incoming weights.
    b : array_like of shape (n_hidden,)

    Returns
    -------
    float

    Examples
    --------
    >>> unit_spread([[1.0, 1.0], [2.0, 2.0]], [0.0, 0.0])
    0.0
    >>> unit_spread([[0.0, 3.0], [0.0, 4.0]], [0.0, 0.0])
    5.0
    """
    W = as_2d(W, "W")
    b = as_float_array(b, "b", ndim=1)
    if b.shape != (W.shape[1],):
        raise ValueError(f"`b` must have one bias per unit (column of `W`), shape "
                         f"({W.shape[1]},), got shape {b.shape}. Pass b[0] with W[0].")
    return float(_spreads(W[None], b[None])[0])


class SymmetryRun(NamedTuple):
    """What :func:`train_recording_weights` returns; a widget frame only reads it.

    ``steps`` (k,): the snapshot steps (0 first, the last step reached last).
    ``W_hidden`` (k, n_in, n_hidden): ``W[0]`` at each snapshot (column ``j``: unit ``j``);
    ``b_hidden`` (k, n_hidden): ``b[0]``; ``unit_spread`` (k,): :func:`unit_spread` of each;
    ``accuracies`` (k,): training accuracy; ``costs`` (n + 1,): the cost after 0 .. n
    updates (n the last step reached); ``diverged``; ``seconds``: the time it took.
    """

    steps: np.ndarray
    W_hidden: np.ndarray
    b_hidden: np.ndarray
    unit_spread: np.ndarray
    accuracies: np.ndarray
    costs: np.ndarray
    diverged: bool
    seconds: float


def _check_training(X, y, hidden_units, lr, num_steps, n_snapshots):
    X = as_2d(X, "X")
    y = as_labels(y, "y", n_samples=X.shape[0])
    return (X, y, check_int(hidden_units, "hidden_units", minimum=1), check_positive(lr, "lr"),
            check_int(num_steps, "num_steps", minimum=1),
            check_int(n_snapshots, "n_snapshots", minimum=1))


def _accuracy(params, g, X, y):
    W0, b0, W1, b1 = params
    y_hat = _sigmoid((g.fn(X @ W0 + b0) @ W1)[:, 0] + b1[0])
    return float(np.mean((y_hat >= 0.5) == (y == 1)))  # as DenseNetwork.predict


def train_recording_weights(X, y, scheme="random", scale=None, hidden_units=6, activation="tanh",
                            lr=1.5, num_steps=600, rng=0, n_snapshots=100):
    """Train a ``[n_in, hidden_units, 1]`` network by full-batch descent, recording ``W[0]``.

    Parameters
    ----------
    X : array_like of shape (m, n_in)
    y : array_like of shape (m,)
        Labels 0 or 1.
    scheme, scale
        The start of every layer (:func:`initial_weights`); biases start at 0.
    hidden_units : int, default 6
    activation : str, default "tanh"
    lr : float, default 1.5
    num_steps : int, default 600
    rng : None, int or numpy.random.Generator, default 0
        Draws the initial weights.
    n_snapshots : int, default 100
        About this many snapshots are kept (every ``num_steps // n_snapshots`` steps, and
        the last step reached).

    Returns
    -------
    SymmetryRun

    Examples
    --------
    >>> from lessons_lib.datasets import make_moons
    >>> X, y = make_moons(rng=0)
    >>> run = train_recording_weights(X, y, "zeros", num_steps=50)
    >>> float(abs(run.W_hidden).max()), float(run.unit_spread.max())
    (0.0, 0.0)
    """
    start = time.perf_counter()
    X, y, hidden_units, lr, num_steps, n_snapshots = _check_training(
        X, y, hidden_units, lr, num_steps, n_snapshots)
    net = init_network([X.shape[1], hidden_units, 1], scheme, scale, activation, rng)
    model = _UnitExactNetwork(net)
    history = train(model, X, y, lr=lr, num_epochs=num_steps,
                    snapshot_every=max(1, num_steps // n_snapshots))
    snapshots = list(history.snapshots)
    last = len(history.costs) - history.diverged  # a diverged run's last update was undone
    if snapshots[-1].step != last:
        snapshots.append(type(snapshots[0])(last, [p.copy() for p in net.params]))
    costs = np.asarray(history.costs, dtype=float)
    if not history.diverged:
        costs = np.append(costs, net.cost(X, y))
    W = np.array([s.params[0] for s in snapshots])
    b = np.array([s.params[1] for s in snapshots])
    accuracies = np.array([_accuracy(s.params, model.g, X, y) for s in snapshots])
    return SymmetryRun(np.array([s.step for s in snapshots]), W, b, _spreads(W, b), accuracies,
                       costs, bool(history.diverged), time.perf_counter() - start)
