r"""A tiny scalar automatic differentiation engine that records its computational graph.

Every number is a :class:`Value` node. An operation on nodes makes a new node that
remembers its inputs (``parents``) and, computed right away, the derivative of its
output with respect to each input (``local_grads``). :meth:`Value.backward` then applies
the chain rule from the output back to the inputs:

.. math:: \frac{\partial L}{\partial p} = \sum_{c \,:\, p \to c}
    \frac{\partial L}{\partial c}\,\frac{\partial c}{\partial p}

(a sum over every child ``c`` that uses ``p``: a node used twice collects two terms).

Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

from ._validation import describe

__all__ = ["Value", "BackwardStep", "LogisticGraph", "topological_order", "forward_steps",
           "backward_steps", "logistic_regression_graph"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _check_number(data, name):
    """Return ``data`` as a float after checking it is a finite real number."""
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        raise TypeError(f"`{name}` must be a real number (int or float), got {describe(data)}. "
                        f"Example: Value(2.0); for text use Value(float(s)).")
    if not math.isfinite(data):
        raise ValueError(f"`{name}` must be finite, got {data!r}. Use a finite float such as 1.0.")
    return float(data)


class Value:
    """A scalar node of a computational graph.

    Parameters
    ----------
    data : float
        The node's value (a finite real number).
    label : str, default ""
        A name to show in pictures, e.g. ``"w₁"``.

    Attributes
    ----------
    data : float
    grad : float
        ``∂root/∂self`` after ``root.backward()``; 0.0 before.
    label : str
    op : str
        The operation that made the node: ``""`` for a leaf (an input), else ``"+"``,
        ``"-"``, ``"*"``, ``"/"``, ``"**2"``, ``"σ"``, ``"log"``, ``"exp"``, ``"tanh"``,
        ``"relu"``, ``"BCE"``.
    parents : tuple of Value
        The operation's inputs.
    local_grads : tuple of float
        ``∂self/∂parent`` for each parent, in the same order, computed at forward time.

    Examples
    --------
    >>> x = Value(3.0, "x")
    >>> y = x * x + 1
    >>> y.backward()
    >>> y.data, x.grad
    (10.0, 6.0)

    Introduced in notebook ``04_computational_graph``.
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "local_grads")

    def __init__(self, data, label=""):
        self.data = _check_number(data, "data")
        if not isinstance(label, str):
            raise TypeError(f"`label` must be a str, got {describe(label)}. Example: label='x'.")
        self.grad, self.label, self.op = 0.0, label, ""
        self.parents, self.local_grads = (), ()

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label}{op})"

    # -- the one way to make an operation's output node ---------------------------------
    @staticmethod
    def _make(data, op, parents, local_grads):
        if not (math.isfinite(data) and all(map(math.isfinite, local_grads))):
            inputs = ", ".join(f"{p.data:.6g}" for p in parents)
            raise ValueError(f"`{op}` of ({inputs}) gives a result or a derivative that is not "
                             f"finite in float64 ({data!r}). Use smaller inputs.")
        out = Value.__new__(Value)
        out.data, out.grad, out.label, out.op = float(data), 0.0, "", op
        out.parents, out.local_grads = tuple(parents), tuple(float(g) for g in local_grads)
        return out

    @staticmethod
    def _wrap(other, op):
        if isinstance(other, Value):
            return other
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            raise TypeError(f"Value {op} …: the other operand must be a number or a Value, "
                            f"got {describe(other)}. Convert it first, e.g. float(s).")
        return Value(other, f"{other:g}")

    # -- primitives: output node + local derivatives ------------------------------------
    def __add__(self, other):
        other = self._wrap(other, "+")
        return self._make(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = self._wrap(other, "*")
        return self._make(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __sub__(self, other):
        other = self._wrap(other, "-")
        return self._make(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __truediv__(self, other):
        other = self._wrap(other, "/")
        if other.data == 0:
            raise ValueError(f"Division by zero: the denominator {other.label or 'Value'} is 0.")
        q = self.data / other.data
        return self._make(q, "/", (self, other), (1.0 / other.data, -q / other.data))

    def __neg__(self):
        return self._make(-self.data, "-", (self,), (-1.0,))

    def __pow__(self, n):
        if isinstance(n, bool) or not isinstance(n, numbers.Real) or not math.isfinite(n):
            raise TypeError(f"The exponent must be a finite int or float, got {describe(n)}. "
                            "For a Value exponent write (y * x.log()).exp().")
        x = self.data
        if (x == 0 and n < 1 and n != 0) or (x < 0 and not float(n).is_integer()):
            raise ValueError(f"x ** {n:g} at x = {x:g} has no real value or no finite derivative; "
                             "use a positive x.")
        try:
            local = 0.0 if n == 0 else n * x ** (n - 1)
            return self._make(x ** n, f"**{n:g}", (self,), (local,))
        except OverflowError:
            raise ValueError(f"{x:g} ** {n:g} overflows float64; use smaller numbers.") from None

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):
        return self._wrap(other, "-") - self

    def __rtruediv__(self, other):
        return self._wrap(other, "/") / self

    def sigmoid(self):
        """σ(x) = 1 / (1 + e^(−x)), computed through e^(−|x|); local derivative σ(1 − σ)."""
        e = math.exp(-abs(self.data))
        a = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._make(a, "σ", (self,), (a * (1.0 - a),))

    def log(self):
        """Natural logarithm (x > 0); local derivative 1/x."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive input, got {self.data:g}"
                             f"{f' (node {self.label!r})' if self.label else ''}. "
                             "Check where this value comes from (e.g. a probability of exactly 0).")
        return self._make(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def exp(self):
        """e^x; local derivative e^x."""
        if self.data > 709.0:
            raise ValueError(f"exp({self.data:g}) overflows float64 (limit ≈ 709); "
                             "use a smaller input.")
        e = math.exp(self.data)
        return self._make(e, "exp", (self,), (e,))

    def tanh(self):
        """tanh(x); local derivative 1 − tanh²."""
        t = math.tanh(self.data)
        return self._make(t, "tanh", (self,), (1.0 - t * t,))

    def relu(self):
        """max(0, x); local derivative 1 for x > 0, else 0 (0 at x = 0, as in the library)."""
        positive = self.data > 0
        return self._make(self.data if positive else 0.0, "relu", (self,), (float(positive),))

    def backward(self):
        """Fill ``.grad`` of every node of this node's graph with ``∂self/∂node``.

        All grads are zeroed first (so calling it twice gives the same grads), then
        ``self.grad = 1`` and, in reverse topological order, each node passes
        ``node.grad * local_grad`` to each parent, where it is *added*.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += node.grad * local


def topological_order(root):
    """Every node of ``root``'s graph, each after all its parents (inputs first, root last).

    Depth-first, parents visited in their order, without recursion (a chain of
    thousands of nodes is fine). Each node appears once.

    Parameters
    ----------
    root : Value

    Returns
    -------
    list of Value

    Examples
    --------
    >>> x = Value(2.0, "x"); y = (x * 3).exp()
    >>> [n.label or n.op for n in topological_order(y)]
    ['x', '3', '*', 'exp']
    """
    if not isinstance(root, Value):
        raise TypeError(f"`root` must be a Value, got {describe(root)}. Build one with Value(1.0).")
    order, seen, stack = [], {id(root)}, [(root, 0)]
    while stack:
        node, i = stack.pop()
        if i < len(node.parents):
            stack.append((node, i + 1))
            parent = node.parents[i]
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, 0))
        else:
            order.append(node)
    return order


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
