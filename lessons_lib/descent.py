"""Gradient descent on a function of a vector, and training of a model; both keep the whole path.

Divergence is a state, not an error: when the cost stops being finite or explodes,
the run stops at the last finite point and reports ``diverged=True``. No NumPy
warning and no exception escapes. "Explodes" means

.. math:: |J| > 10^6 \\cdot \\max(|J_0|, 1)

where :math:`J_0` is the first cost (so with a starting cost of 1 the limit is 1e6,
and it is never below 1e6, so a run that starts at the minimum, cost 0, is not
flagged by rounding noise).

``gradient_descent`` is introduced in ``03_gradient_descent``; ``train`` in
``05_backprop_logistic_regression`` (mini-batches in ``08_deep_networks``).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validation import (as_2d, as_float_array, as_rng, check_int, check_positive,
                          check_same_length, describe)

__all__ = ["Trajectory", "gradient_descent", "StepInfo", "Snapshot", "History", "train"]


class Trajectory(NamedTuple):
    """The path of :func:`gradient_descent`; row ``t`` is the point after ``t`` steps."""

    params: np.ndarray      # (k + 1, d), first row is x0
    costs: np.ndarray       # (k + 1,)
    grad_norms: np.ndarray  # (k + 1,)
    diverged: bool


def _explosion_limit(first_cost):
    return 1e6 * max(abs(first_cost), 1.0)


def _check_callable(f, name, example):
    if not callable(f):
        raise TypeError(f"`{name}` must be a function, got {describe(f)}. Example: {example}.")


def _first_eval(fun, grad, x):
    """Evaluate at ``x0``: ``fun`` must give one finite number, ``grad`` finite values like x."""
    cost = np.asarray(fun(x.copy()), dtype=np.float64)
    if cost.size != 1 or not np.isfinite(cost):
        raise ValueError(f"`fun(x0)` must return one finite number, got {describe(cost)} "
                         f"with value(s) {cost.ravel()[:3]}. Start from another x0 or fix fun.")
    g = np.asarray(grad(x.copy()), dtype=np.float64)
    if g.shape != x.shape or not np.all(np.isfinite(g)):
        raise ValueError(f"`grad(x0)` must return finite values of shape {x.shape} (like x0), "
                         f"got {describe(g)}.")
    return cost.item(), g


def _step(fun, grad, x, g, lr, limit):
    """One step from ``x``; returns ``(x_new, cost, g_new)``, or None if it diverged."""
    with np.errstate(all="ignore"):
        x_new = x - lr * g
        try:
            cost = np.asarray(fun(x_new), dtype=np.float64).item()
            g_new = np.asarray(grad(x_new), dtype=np.float64)
        except (OverflowError, FloatingPointError, ZeroDivisionError):
            return None
    finite = np.isfinite(cost) and np.all(np.isfinite(x_new)) and np.all(np.isfinite(g_new))
    return (x_new, cost, g_new) if finite and abs(cost) <= limit else None


def gradient_descent(fun, grad, x0, lr, num_steps):
    """Plain gradient descent ``x ← x - lr · grad(x)`` from ``x0``, recording every step.

    .. math:: x_{t+1} = x_t - \\eta \\, \\nabla f(x_t)

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``, the cost, for ``x`` of shape (d,).
    grad : callable
        ``grad(x) -> ndarray of shape (d,)``, its gradient.
    x0 : array_like of shape (d,)
        The starting point (a number is treated as shape (1,)).
    lr : float
        Learning rate ``η > 0``.
    num_steps : int
        Number of steps (≥ 0).

    Returns
    -------
    Trajectory
        ``params`` of shape (k + 1, d) (first row ``x0``), ``costs`` and ``grad_norms`` of
        shape (k + 1,), and ``diverged``. ``k == num_steps`` unless the run diverged; then
        the trajectory ends at the last point where cost and gradient were finite and
        the cost had not exploded (see the module docstring).

    Examples
    --------
    >>> traj = gradient_descent(lambda x: x @ x, lambda x: 2 * x, [1.0, -2.0], lr=0.1, num_steps=50)
    >>> traj.params.shape, bool(traj.diverged)
    ((51, 2), False)
    """
    _check_callable(fun, "fun", "lambda x: x @ x")
    _check_callable(grad, "grad", "lambda x: 2 * x")
    x = np.atleast_1d(as_float_array(x0, "x0", ndim=(0, 1))).copy()
    lr = check_positive(lr, "lr")
    num_steps = check_int(num_steps, "num_steps", minimum=0)
    cost, g = _first_eval(fun, grad, x)
    limit = _explosion_limit(cost)
    xs, costs, norms = [x], [cost], [np.linalg.norm(g)]
    for _ in range(num_steps):
        result = _step(fun, grad, x, g, lr, limit)
        if result is None:
            break
        x, cost, g = result
        xs.append(x)
        costs.append(cost)
        norms.append(np.linalg.norm(g))
    return Trajectory(np.array(xs), np.array(costs), np.array(norms), len(xs) < num_steps + 1)


# --- training a model ---------------------------------------------------------------

class StepInfo(NamedTuple):
    """What a ``callback`` receives after each update: ``step`` (updates so far, from 1),
    ``epoch`` (from 0), ``cost`` (the batch cost before the update) and ``grad_norm``."""

    step: int
    epoch: int
    cost: float
    grad_norm: float


class Snapshot(NamedTuple):
    """Copies of ``model.params`` after ``step`` updates."""

    step: int
    params: list


class History(NamedTuple):
    """What :func:`train` returns.

    ``costs`` (n_steps,): batch cost at each step, before its update. ``epoch_costs``
    (n_epochs,): full-data cost after each completed epoch. ``snapshots``: list of
    :class:`Snapshot`. ``diverged``: the run stopped because the cost stopped being finite
    or exploded; the update that broke it is undone, so the model is left at the
    parameters whose cost is ``costs[-1]``. ``stopped_early``: the callback returned True.
    """

    costs: np.ndarray
    epoch_costs: np.ndarray
    snapshots: list
    diverged: bool
    stopped_early: bool


def _all_finite(arrays):
    """Whether every value of every array is finite (``isfinite(a).all()``: the fast spelling)."""
    return all(np.isfinite(a).all() for a in arrays)


def _fast(model, name):
    """The model's private unvalidated method if it has one (data are validated once, in train)."""
    return getattr(model, "_" + name, None) or getattr(model, name)


def _check_model_and_data(model, X, y):
    if not all(hasattr(model, name) for name in ("params", "loss_and_grads", "cost")):
        raise TypeError(f"`model` must have `params`, `loss_and_grads(X, y)` and `cost(X, y)` "
                        f"(e.g. models.LogisticRegression), got {describe(model)}.")
    if hasattr(model, "validate_data"):
        return model.validate_data(X, y)
    X = as_2d(X, "X")
    y = as_float_array(y, "y", ndim=(1, 2))
    check_same_length(X, y, "X", "y")
    return X, y


class _Run:
    """The mutable state of one call to :func:`train` (private)."""

    def __init__(self, model, lr, callback, snapshot_every):
        self.params, self.lr = model.params, lr
        self.loss_and_grads, self.cost = _fast(model, "loss_and_grads"), _fast(model, "cost")
        self.callback, self.snapshot_every = callback, snapshot_every
        self.backup = [p.copy() for p in self.params]
        self.costs, self.epoch_costs, self.snapshots = [], [], []
        self.limit, self.diverged, self.stopped_early = None, False, False
        if snapshot_every:
            self.snapshots.append(Snapshot(0, [p.copy() for p in self.params]))

    def _healthy(self, cost):
        if self.limit is None:
            self.limit = _explosion_limit(cost) if np.isfinite(cost) else 0.0
        ok = np.isfinite(cost) and abs(cost) <= self.limit
        return ok and _all_finite(self.params)

    def _diverge(self):
        """Undo the last update (its result is not finite or exploded) and its snapshot."""
        for p, saved in zip(self.params, self.backup):
            p[...] = saved
        self.snapshots = [s for s in self.snapshots if s.step < len(self.costs)]
        self.diverged = True

    def step(self, X, y, epoch):
        """One update on the batch ``(X, y)``; returns True when training must stop."""
        with np.errstate(all="ignore"):
            cost, grads = self.loss_and_grads(X, y)
            if not (self._healthy(cost) and _all_finite(grads)):
                self._diverge()
                return True
            for p, saved, g in zip(self.params, self.backup, grads):
                saved[...] = p
                p -= self.lr * g
        self.costs.append(float(cost))
        n = len(self.costs)
        if self.snapshot_every and n % self.snapshot_every == 0:
            self.snapshots.append(Snapshot(n, [p.copy() for p in self.params]))
        if self.callback is not None:
            norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
            self.stopped_early = bool(self.callback(StepInfo(n, epoch, float(cost), norm)))
        return self.stopped_early

    def end_epoch(self, X, y):
        with np.errstate(all="ignore"):
            cost = self.cost(X, y)
        if not self._healthy(cost):
            self._diverge()
        else:
            self.epoch_costs.append(float(cost))

    def history(self):
        return History(np.array(self.costs), np.array(self.epoch_costs), self.snapshots,
                       self.diverged, self.stopped_early)


def _batches(m, batch_size, rng):
    if batch_size is None:
        return [slice(None)]
    order = rng.permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


def _check_options(lr, num_epochs, batch_size, callback, snapshot_every, m):
    lr = check_positive(lr, "lr")
    num_epochs = check_int(num_epochs, "num_epochs", minimum=0)
    if batch_size is not None:
        batch_size = min(check_int(batch_size, "batch_size", minimum=1), m)
    if snapshot_every is not None:
        snapshot_every = check_int(snapshot_every, "snapshot_every", minimum=1)
    if callback is not None:
        _check_callable(callback, "callback", "lambda info: info.cost < 0.1")
    return lr, num_epochs, batch_size, snapshot_every


def train(model, X, y, lr, num_epochs, batch_size=None, rng=None, callback=None,
          snapshot_every=None):
    """Train ``model`` by (mini-batch) gradient descent, updating ``model.params`` in place.

    Each step computes ``cost, grads = model.loss_and_grads(X_batch, y_batch)`` and then
    ``p -= lr * g`` for every parameter.

    Parameters
    ----------
    model : object following the model protocol (see :mod:`lessons_lib.models`)
    X : array_like of shape (m, n_features)
    y : array_like of shape (m,)
    lr : float
        Learning rate (> 0).
    num_epochs : int
        Passes over the data (≥ 0).
    batch_size : int, optional
        ``None``: one full-batch step per epoch. Otherwise the rows are shuffled every
        epoch and cut into batches of ``batch_size`` (the last may be smaller; a value
        above m means m), so every example is used once per epoch.
    rng : None, int or numpy.random.Generator
        Seed or generator for the shuffling.
    callback : callable, optional
        Called after every update with a :class:`StepInfo`; returning True stops training.
    snapshot_every : int, optional
        Keep copies of the parameters at step 0 and after every ``snapshot_every`` updates.

    Returns
    -------
    History

    Examples
    --------
    >>> from lessons_lib.models import LogisticRegression
    >>> X, y = [[-2.0], [-1.0], [1.0], [3.0]], [0, 1, 0, 1]
    >>> history = train(LogisticRegression(1), X, y, lr=0.5, num_epochs=20)
    >>> bool(history.costs[-1] < history.costs[0])
    True
    """
    X, y = _check_model_and_data(model, X, y)
    m = X.shape[0]
    lr, num_epochs, batch_size, snapshot_every = _check_options(
        lr, num_epochs, batch_size, callback, snapshot_every, m)
    rng = as_rng(rng)
    run = _Run(model, lr, callback, snapshot_every)
    for epoch in range(num_epochs):
        batches = _batches(m, batch_size, rng)
        for done, idx in enumerate(batches, start=1):
            if run.step(X[idx], y[idx], epoch):
                break
        if run.diverged or done < len(batches):
            break
        run.end_epoch(X, y)
        if run.diverged or run.stopped_early:
            break
    return run.history()
