"""The expressivity side of :mod:`lessons_lib.depth` (private; re-exported there): counting a
dense network's parameters, the exact deep construction of the sawtooth and the ceiling of
one hidden layer.

``k`` hidden ReLU layers of width 2 compute ``g^k`` exactly with ``6k + 1`` parameters
(:func:`sawtooth_network`); one hidden layer of width ``W`` cannot beat
``1/2 + (W + 1) / 2^(k+1)`` (:func:`shallow_accuracy_ceiling`). ``_check_k`` (1 ≤ k ≤ 12
folds) is shared with the task and the experiments in :mod:`lessons_lib.depth`.
Introduced in ``08_deep_networks``.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_int, check_positive
from .initializers import _check_layer_sizes
from .models import DenseNetwork


def _check_k(k):
    if check_int(k, "k", minimum=1) > 12:
        raise ValueError(f"`k` (the number of folds) must be ≤ 12, got {k}: the label would "
                         f"change class {2 ** k} times. Try k = 4.")
    return int(k)


def dense_n_params(layer_sizes):
    """Weights and biases of a dense network: ``sum_l (n_l + 1) * n_{l+1}``.

    >>> dense_n_params([1, 8, 1]), dense_n_params([1, 2, 2, 2, 2, 1])
    (25, 25)
    """
    sizes = _check_layer_sizes(layer_sizes)
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def width_for_budget(budget, depth, n_in=1, n_out=1):
    """The width ``w`` whose network ``[n_in] + [w] * depth + [n_out]`` has the number of
    parameters nearest to ``budget`` (the smaller width on a tie).

    >>> width_for_budget(25, 1), width_for_budget(25, 4), width_for_budget(100, 4)
    (8, 2, 5)
    """
    budget, depth = check_int(budget, "budget", minimum=1), check_int(depth, "depth", minimum=1)
    n_in, n_out = check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1)
    counts = [dense_n_params([n_in] + [1] * depth + [n_out])]
    while counts[-1] < budget:  # the count grows with the width: stop at the first ≥ budget
        counts.append(dense_n_params([n_in] + [len(counts) + 1] * depth + [n_out]))
    return 1 + int(np.argmin(np.abs(np.array(counts) - budget)))  # argmin: the first (smaller)


def sawtooth_network(k=4, scale=10.0):
    """``DenseNetwork([1, 2, ..., 2, 1])``, ``k`` hidden ReLU layers of width 2, with hand-set
    weights whose logit is exactly ``scale * g^k(x)`` (``6k + 1`` parameters).

    Hidden layer ``l`` (``W[l]``) outputs ``relu(u), relu(-u)`` for ``u = g^l(x)``; the next
    ``W`` forms ``g(u) = 1 - 2 relu(u) - 2 relu(-u)`` (weights -2, bias 1) and splits it again.

    >>> net = sawtooth_network(k=3)
    >>> net.n_params, net.predict([[0.0], [0.25]]).tolist()
    (19, [0, 1])
    """
    k, scale = _check_k(k), check_positive(scale, "scale")
    net = DenseNetwork([1] + [2] * k + [1], activation="relu", rng=0)
    split, fold = np.array([[1.0, -1.0]]), np.array([[-2.0], [-2.0]])
    net.W[0][...], net.b[0][...] = split, 0.0
    for l in range(1, k):
        net.W[l][...], net.b[l][...] = fold @ split, [1.0, -1.0]
    net.W[k][...], net.b[k][...] = scale * fold, scale
    return net


def shallow_accuracy_ceiling(k, width):
    """An accuracy on ``[-1, 1]`` that no one-hidden-layer ReLU net of ``width`` units beats.

    Its logit has at most ``width + 1`` linear pieces, so its class changes at most
    ``s = width + 1`` times, and ``s`` well-placed changes get ``1/2 + s / 2^(k+1)`` of the
    interval right (each change adds half a stretch of length ``2^-k``); none do better.
    For ``k = 4`` and width 8 (25/32) a hand-built net reaches it (``tests/test_depth.py``).

    >>> shallow_accuracy_ceiling(4, 8), shallow_accuracy_ceiling(4, 33)
    (0.78125, 1.0)
    """
    k, width = _check_k(k), check_int(width, "width", minimum=1)
    return min(1.0, 0.5 + (width + 1) / 2 ** (k + 1))
