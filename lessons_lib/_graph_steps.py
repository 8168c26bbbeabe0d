r"""The passes of a :mod:`lessons_lib.graph` graph step by step, and logistic regression's graph.

:func:`forward_steps` lists the nodes in the order the forward pass computes them,
:func:`backward_steps` the edges in the order :meth:`~lessons_lib.graph.Value.backward`
follows them (one :class:`BackwardStep` each: what an explorer or a table shows), and
:func:`logistic_regression_graph` builds the loss of logistic regression on one example as
a graph (:class:`LogisticGraph`). The engine they build on, ``Value`` and
``topological_order``, is in :mod:`lessons_lib.graph`, which re-exports every name here:
import them from there (``from lessons_lib.graph import backward_steps``).

Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ._validation import describe

__all__ = ["BackwardStep", "LogisticGraph", "forward_steps", "backward_steps",
           "logistic_regression_graph"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def forward_steps(root):
    """The nodes in the order the forward pass computes them (= :func:`topological_order`)."""
    return topological_order(root)


class BackwardStep(NamedTuple):
    """One edge of the backward pass: ``parent.grad += upstream * local_grad``.

    ``upstream`` is ``∂root/∂node`` (complete when the step runs) and
    ``contribution = upstream * local_grad``.
    """

    node: Value
    parent: Value
    local_grad: float
    upstream: float
    contribution: float


def backward_steps(root):
    """The edges of the backward pass in the order :meth:`Value.backward` applies them.

    Nothing is modified: the grads are tracked on the side. Adding every
    ``contribution`` to its ``parent`` (starting from 0, with ``root`` at 1) gives the
    grads ``root.backward()`` gives.

    Returns
    -------
    list of BackwardStep

    Examples
    --------
    >>> x = Value(2.0, "x"); y = x * x
    >>> [(s.parent.label, s.contribution) for s in backward_steps(y)]
    [('x', 2.0), ('x', 2.0)]
    """
    order = topological_order(root)
    grads = {id(node): 0.0 for node in order}
    grads[id(root)] = 1.0
    steps = []
    for node in reversed(order):
        upstream = grads[id(node)]
        for parent, local in zip(node.parents, node.local_grads):
            contribution = upstream * local
            grads[id(parent)] += contribution
            steps.append(BackwardStep(node, parent, local, upstream, contribution))
    return steps


class LogisticGraph(NamedTuple):
    """The nodes of logistic regression on one example (see :func:`logistic_regression_graph`)."""

    x: tuple
    w: tuple
    b: Value
    products: tuple
    z: Value
    a: Value
    L: Value


def _sum(values):
    """One ``+`` node with all ``values`` as parents (local derivative 1 for each)."""
    return Value._make(math.fsum(v.data for v in values), "+", values, (1.0,) * len(values))


def _cross_entropy(a, y):
    """One ``BCE`` node L = −(y log a + (1 − y) log(1 − a)) with parent a."""
    p = a.data if y == 1 else 1.0 - a.data  # the probability given to the true class
    if p <= 0.0:
        raise ValueError(f"a = σ(z) rounds to {a.data:g} while y = {y}: the loss −log {p:g} is "
                         "infinite in float64. Use smaller weights or inputs.")
    return Value._make(-math.log(p), "BCE", (a,), (-1.0 / p if y == 1 else 1.0 / p,))


def _expanded_cross_entropy(a, y):
    """L = −(y log a + (1 − y) log(1 − a)) built from primitive nodes, named for pictures."""
    nodes = {"y": Value(y, "y"), "1 − y": Value(1 - y, "1 − y"), "1": Value(1.0, "1")}
    nodes["log a"] = a.log()
    nodes["1 − a"] = nodes["1"] - a
    nodes["log(1−a)"] = nodes["1 − a"].log()
    nodes["t₁"] = nodes["y"] * nodes["log a"]
    nodes["t₂"] = nodes["1 − y"] * nodes["log(1−a)"]
    nodes["s"] = nodes["t₁"] + nodes["t₂"]
    for label, node in nodes.items():
        node.label = label
    return -nodes["s"]


def _sequence(values, name):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"`{name}` must be a sequence of numbers, got {describe(values)}. "
                        f"Example: {name}=(1.5, -0.5).")
    if len(values) == 0:
        raise ValueError(f"`{name}` is empty; it needs at least one number.")
    return [_check_number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def logistic_regression_graph(x, w, b, y, *, expand_loss=False):
    r"""The computational graph of logistic regression's loss on one example.

    .. math:: z = \sum_i w_i x_i + b, \quad a = \sigma(z), \quad
        L = -\bigl(y \log a + (1 - y) \log(1 - a)\bigr)

    Going backward, ∂L/∂a = −y/a + (1 − y)/(1 − a) and ∂a/∂z = a(1 − a), whose
    product simplifies to **∂L/∂z = a − y**; then ∂L/∂wᵢ = xᵢ (a − y), ∂L/∂b = a − y.

    Parameters
    ----------
    x, w : sequence of float, of the same length n
        One example's features and the weights.
    b : float
    y : {0, 1}
        The example's label.
    expand_loss : bool, default False
        False: L is one ``"BCE"`` node whose parent is ``a`` (the graph reads
        x, w, b → wᵢxᵢ → z → a → L). True: L is built from ``log``, ``*``, ``-``, ``+``
        nodes (same value and gradients, a bigger graph).

    Returns
    -------
    LogisticGraph
        Value nodes ``x`` and ``w`` (tuples, labelled ``x₁``, ``w₁``, …), ``b``,
        ``products`` (``w₁x₁``, …), ``z``, ``a`` and ``L``. Gradients are 0 until
        ``L.backward()``.

    Examples
    --------
    >>> g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    >>> g.L.backward()
    >>> round(g.z.grad, 6) == round(g.a.data - 1, 6)
    True
    """
    xs, ws = _sequence(x, "x"), _sequence(w, "w")
    if len(xs) != len(ws):
        raise ValueError(f"`x` and `w` must have the same length (one weight per feature), "
                         f"got {len(xs)} features and {len(ws)} weights.")
    b = _check_number(b, "b")
    if isinstance(y, bool) or y not in (0, 1):
        raise ValueError(f"`y` must be the label 0 or 1, got {y!r}. "
                         "Map your classes to 0 and 1 first.")
    y = int(y)
    names = [str(i + 1).translate(_SUBSCRIPTS) for i in range(len(xs))]
    xs = tuple(Value(v, f"x{s}") for v, s in zip(xs, names))
    ws = tuple(Value(v, f"w{s}") for v, s in zip(ws, names))
    products = tuple(wi * xi for wi, xi in zip(ws, xs))
    for node, s in zip(products, names):
        node.label = f"w{s}x{s}"
    b = Value(b, "b")
    z = _sum(products + (b,))
    a = z.sigmoid()
    L = (_expanded_cross_entropy if expand_loss else _cross_entropy)(a, y)
    z.label, a.label, L.label = "z", "a", "L"
    return LogisticGraph(xs, ws, b, products, z, a, L)


# Imported last, as lessons_lib.graph imports this module at its end: the two modules
# import each other, and with both imports last either one can be imported first.
from .graph import Value, _check_number, topological_order  # noqa: E402
