"""Wide-and-shallow against narrow-and-deep at an equal number of parameters (Telgarsky 2016).

The task folds ``[-1, 1]`` in half ``k`` times: ``g(u) = 1 - 2|u|``, ``y = [g^k(x) > 0]``.
``g^k`` is a sawtooth with ``2^(k-1)`` teeth; the class changes ``2^k`` times along the line.

- Expressivity: ``g(u) = 1 - 2 relu(u) - 2 relu(-u)``, so ``k`` hidden layers of width 2 compute
  ``g^k`` exactly with ``6k + 1`` parameters (:func:`sawtooth_network`); one hidden layer of
  width ``W`` changes class at most ``W + 1`` times, so it cannot beat
  ``1/2 + (W + 1) / 2^(k+1)`` (:func:`shallow_accuracy_ceiling`).
- Trainability: :func:`compare_wide_deep` trains them with :func:`lessons_lib.descent.train`.

Registered experiments: :data:`TIGHT` (fixed before any accuracy was seen, except
:data:`TUNED_LR`, chosen on validation seeds) and :data:`ROOMY` (registered after TIGHT's
result). ``tests/test_depth.py`` checks what they showed; ``tests/test_claims_08.py``
checks the ROOMY numbers that notebook quotes (seeds 0-9). Introduced in ``08_deep_networks``.

Here: the task (:func:`sawtooth`, :func:`make_sawtooth`, :func:`sawtooth_grid`,
:func:`class_changes`) and the experiments. The parameter counts (:func:`dense_n_params`,
:func:`width_for_budget`) and the exact constructions (:func:`sawtooth_network`,
:func:`shallow_accuracy_ceiling`) live in the private :mod:`lessons_lib._depth_constructions`,
re-exported here.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._depth_constructions import (_check_k, dense_n_params, sawtooth_network,
                                   shallow_accuracy_ceiling, width_for_budget)
from ._validation import as_float_array, as_rng, check_int, check_positive, describe
from .descent import train
from .models import DenseNetwork

__all__ = ["sawtooth", "make_sawtooth", "sawtooth_grid", "dense_n_params", "width_for_budget",
           "sawtooth_network", "shallow_accuracy_ceiling", "class_changes", "TUNED_LR", "TIGHT",
           "ROOMY", "WideDeepResult", "compare_wide_deep", "LrSweep", "select_lr"]

#: ``(k, layer_sizes) -> lr`` chosen by :func:`select_lr` (seeds 100-104, grid 0.03, 0.1, 0.3,
#: 1.0, a tie to the smallest) with the default minibatch, epochs and data size.
TUNED_LR = MappingProxyType({(4, (1, 8, 1)): 0.03, (4, (1, 2, 2, 2, 2, 1)): 0.03,
                             (4, (1, 33, 1)): 1.0, (4, (1, 5, 5, 5, 5, 1)): 1.0})
#: The tight budget: 6k + 1 = 25 parameters, what the exact deep construction needs.
TIGHT = MappingProxyType({"k": 4})
#: Room to learn: about 100 parameters, three depths, five times the steps; lr from
#: select_lr(k=3, budget=100, depths=(1, 2, 3), lrs=(0.1, 0.3, 1.0), seeds=range(100, 103),
#: num_epochs=750).
ROOMY = MappingProxyType({"k": 3, "budget": 100, "depths": (1, 2, 3), "lr": (1.0, 0.3, 0.1),
                          "num_epochs": 750})


def _sawtooth(x, k):
    for _ in range(k):
        x = 1.0 - 2.0 * np.abs(x)
    return x


def sawtooth(x, k):
    """The fold ``g(u) = 1 - 2|u|`` applied ``k`` times (1 ≤ k ≤ 12): ``2^(k-1)`` teeth.

    ``x``: array_like of any shape, values in [-1, 1]; returns an ndarray like ``x``, in [-1, 1].

    Examples
    --------
    >>> sawtooth([-1.0, 0.0, 0.25, 1.0], k=2).tolist()
    [-1.0, -1.0, 0.0, -1.0]
    """
    x = as_float_array(x, "x")
    if np.abs(x).max() > 1:
        raise ValueError(f"`x` must lie in [-1, 1] (the fold maps it onto itself), got values "
                         f"from {x.min():.4g} to {x.max():.4g}. Rescale x first.")
    return _sawtooth(x, _check_k(k))


def _labels(X, k):
    return (_sawtooth(X[:, 0], k) > 0).astype(np.int64)


def make_sawtooth(m=256, k=4, rng=None):
    """``m`` points ``x ~ U(-1, 1)`` labelled ``y = [g^k(x) > 0]``: ``X`` of shape (m, 1) and
    ``y`` of shape (m,), int64 labels 0 or 1.

    Examples
    --------
    >>> X, y = make_sawtooth(m=4, k=1, rng=0)
    >>> bool(np.all(y == (np.abs(X[:, 0]) < 0.5)))
    True
    """
    m, k = check_int(m, "m", minimum=1), _check_k(k)
    X = as_rng(rng).uniform(-1.0, 1.0, size=(m, 1))
    return X, _labels(X, k)


def sawtooth_grid(m=2048, k=4):
    """The midpoints of ``m`` equal cells of ``[-1, 1]`` (sorted) and their labels: a test set.

    Its accuracy is the fraction of the interval classified correctly. With ``m`` a power of
    two no point lies on a class boundary (those are odd multiples of ``2^-k``).

    Examples
    --------
    >>> X, y = sawtooth_grid(m=4, k=1)
    >>> X[:, 0].tolist(), y.tolist()
    ([-0.75, -0.25, 0.25, 0.75], [0, 1, 1, 0])
    """
    m, k = check_int(m, "m", minimum=1), _check_k(k)
    X = (-1.0 + (2.0 * np.arange(m) + 1.0) / m)[:, None]
    return X, _labels(X, k)


def class_changes(y_pred):
    """How many times consecutive predictions differ (along a sorted line of points).

    >>> class_changes([0, 0, 1, 1, 0])
    2
    """
    return int(np.count_nonzero(np.diff(as_float_array(y_pred, "y_pred", ndim=1))))


class WideDeepResult(NamedTuple):
    """What :func:`compare_wide_deep` returns. ``train_accuracy``, ``test_accuracy``,
    ``n_changes`` (class changes of the prediction along the test grid; the task has
    ``2^k``) and ``diverged`` have shape (n_architectures, n_seeds); ``networks[i][j]`` is
    architecture ``i`` trained with ``seeds[j]``."""

    k: int
    layer_sizes: tuple
    n_params: tuple
    lr: tuple
    seeds: tuple
    num_steps: int
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    n_changes: np.ndarray
    diverged: np.ndarray
    networks: tuple

    @property
    def names(self):
        """``"1 × 8"``: hidden layers × width, one per architecture."""
        return tuple(f"{len(s) - 2} × {s[1]}" for s in self.layer_sizes)

    def table(self):
        """The results as text: mean ± sd (ddof 1) over seeds, fixed digits."""
        sd = (lambda a: a.std(ddof=1) if a.size > 1 else 0.0)
        rows = [f"{'layers × width':>14} {'params':>6} {'lr':>5} {'train accuracy':>14} "
                f"{'test accuracy':>14} {'class changes':>13}"]
        for i, name in enumerate(self.names):
            tr, te = self.train_accuracy[i], self.test_accuracy[i]
            rows.append(f"{name:>14} {self.n_params[i]:>6} {self.lr[i]:>5g} "
                        f"{tr.mean():>6.3f} ± {sd(tr):.3f} {te.mean():>6.3f} ± {sd(te):.3f} "
                        f"{self.n_changes[i].mean():>13.1f}")
        return "\n".join(rows)


def _architectures(k, budget, depths):
    budget = 6 * k + 1 if budget is None else check_int(budget, "budget", minimum=4)
    depths = (1, k) if depths is None else tuple(np.atleast_1d(depths).tolist())
    if not depths:
        raise ValueError("`depths` must name at least one depth, e.g. depths=(1, 4).")
    return tuple(tuple([1] + [width_for_budget(budget, d)] * d + [1])
                 for d in (check_int(d, "depths[i]", minimum=1) for d in depths))


def _check_lr(lr, archs, k):
    if lr is None:
        missing = [s for s in archs if (k, s) not in TUNED_LR]
        if missing:
            raise ValueError(f"No tuned learning rate for k={k} and {missing}; pass `lr` (a "
                             "number, or one per architecture), e.g. select_lr(...).best_lr.")
        return tuple(TUNED_LR[k, s] for s in archs)
    lrs = (lr,) * len(archs) if np.ndim(lr) == 0 else tuple(lr)
    if len(lrs) != len(archs):
        raise ValueError(f"`lr` must be one number or {len(archs)} (one per architecture), "
                         f"got {describe(lr)}.")
    return tuple(check_positive(v, "lr") for v in lrs)


def _check_seeds(seeds):
    seeds = tuple(seeds) if np.ndim(seeds) else (seeds,)
    if not seeds:
        raise ValueError("`seeds` must hold at least one integer seed, e.g. seeds=(0, 1, 2).")
    return tuple(check_int(s, "seeds[i]", minimum=0) for s in seeds)


def _check_training(num_epochs, batch_size, m_train):
    return (check_int(num_epochs, "num_epochs", minimum=0),
            check_int(batch_size, "batch_size", minimum=1),
            check_int(m_train, "m_train", minimum=2))


def _run(archs, lrs, seeds, k, m_train, X_eval, y_eval, num_epochs, batch_size):
    """Train every architecture on every seed's data; arrays of shape (n_arch, n_seeds).
    ``X_eval`` is sorted, so the changes along it are the prediction's class changes."""
    shape = (len(archs), len(seeds))
    acc_train, acc_eval, changes = np.zeros(shape), np.zeros(shape), np.zeros(shape, np.int64)
    diverged, nets = np.zeros(shape, bool), [[None] * len(seeds) for _ in archs]
    for j, seed in enumerate(seeds):
        data_seq, *arch_seqs = np.random.SeedSequence(seed).spawn(1 + len(archs))
        X, y = make_sawtooth(m_train, k, rng=np.random.default_rng(data_seq))
        for i, (sizes, lr) in enumerate(zip(archs, lrs)):
            rng = np.random.default_rng(arch_seqs[i])  # the initial weights, then the batches
            net = DenseNetwork(list(sizes), activation="relu", rng=rng)
            diverged[i, j] = train(net, X, y, lr, num_epochs, batch_size=batch_size,
                                   rng=rng).diverged
            y_pred = net.predict(X_eval)
            acc_train[i, j] = np.mean(net.predict(X) == y)
            acc_eval[i, j], changes[i, j] = np.mean(y_pred == y_eval), class_changes(y_pred)
            nets[i][j] = net
    return acc_train, acc_eval, changes, diverged, tuple(map(tuple, nets))


def compare_wide_deep(k=4, budget=None, depths=None, seeds=(0, 1, 2), lr=None,
                      num_epochs=150, batch_size=32, m_train=256, m_test=2048):
    """Train ReLU networks of one and of several hidden layers, of equal size, on the sawtooth.

    For each seed: ``m_train`` points from :func:`make_sawtooth`, shared by the architectures;
    for each architecture its own He initialisation and minibatch order (seeded), then
    :func:`lessons_lib.descent.train` (sigmoid output, cross-entropy, plain minibatch steps).
    The test set is :func:`sawtooth_grid` (held out). ``compare_wide_deep(**TIGHT)`` and
    ``compare_wide_deep(**ROOMY)`` are the registered experiments.

    ``budget``: parameters per network, default ``6k + 1`` (the exact deep construction's).
    ``depths``: hidden layers of each architecture, default ``(1, k)``, each with the width
    whose parameter count is nearest the budget (:func:`width_for_budget`). ``lr``: one
    number, one per architecture, or None (:data:`TUNED_LR`). Returns a :class:`WideDeepResult`.

    >>> result = compare_wide_deep(seeds=[0], num_epochs=1)
    >>> result.names, result.n_params, result.test_accuracy.shape
    (('1 × 8', '4 × 2'), (25, 25), (2, 1))
    """
    k = _check_k(k)
    archs = _architectures(k, budget, depths)
    lrs, seeds = _check_lr(lr, archs, k), _check_seeds(seeds)
    num_epochs, batch_size, m_train = _check_training(num_epochs, batch_size, m_train)
    X_test, y_test = sawtooth_grid(m_test, k)
    out = _run(archs, lrs, seeds, k, m_train, X_test, y_test, num_epochs, batch_size)
    steps = num_epochs * -(-m_train // batch_size)
    return WideDeepResult(k, archs, tuple(dense_n_params(s) for s in archs), lrs, seeds,
                          steps, *out)


class LrSweep(NamedTuple):
    """Mean validation accuracy of each architecture (rows) at each learning rate (columns)."""

    layer_sizes: tuple
    lrs: tuple
    val_accuracy: np.ndarray
    best_lr: tuple


def select_lr(k=4, budget=None, depths=None, lrs=(0.03, 0.1, 0.3, 1.0), seeds=range(100, 105),
              num_epochs=150, batch_size=32, m_train=256, m_val=1024):
    """Choose each architecture's learning rate by mean accuracy on a validation set.

    The validation points are random, from a stream of their own; the seeds are not the
    reported ones; every architecture gets the same grid. Returns an :class:`LrSweep`.
    """
    k = _check_k(k)
    archs, seeds = _architectures(k, budget, depths), _check_seeds(list(seeds))
    lrs = tuple(check_positive(v, "lrs[i]") for v in lrs)
    num_epochs, batch_size, m_train = _check_training(num_epochs, batch_size, m_train)
    X_val = np.sort(as_rng(np.random.SeedSequence(list(seeds))).uniform(
        -1.0, 1.0, size=(check_int(m_val, "m_val", minimum=1), 1)), axis=0)
    y_val = _labels(X_val, k)
    table = np.array([_run(archs, (lr,) * len(archs), seeds, k, m_train, X_val, y_val,
                           num_epochs, batch_size)[1].mean(axis=1) for lr in lrs]).T
    return LrSweep(archs, lrs, table, tuple(lrs[i] for i in table.argmax(axis=1)))
