r"""A tiny scalar automatic differentiation engine that records its computational graph.

Every number is a :class:`Value` node. An operation on nodes makes a new node that
remembers its inputs (``parents``) and, computed right away, the derivative of its
output with respect to each input (``local_grads``). :meth:`Value.backward` then applies
the chain rule from the output back to the inputs:

.. math:: \frac{\partial L}{\partial p} = \sum_{c \,:\, p \to c}
    \frac{\partial L}{\partial c}\,\frac{\partial c}{\partial p}

(a sum over every child ``c`` that uses ``p``: a node used twice collects two terms).

This module holds the engine: :class:`Value` and :func:`topological_order`. The
step-by-step passes (:func:`forward_steps`, :func:`backward_steps`) and the graph of
logistic regression (:func:`logistic_regression_graph`) live in ``lessons_lib._graph_steps``
and are re-exported here, so ``from lessons_lib.graph import backward_steps`` works.

Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

import math
import numbers

from ._validation import describe

__all__ = ["Value", "BackwardStep", "LogisticGraph", "topological_order", "forward_steps",
           "backward_steps", "logistic_regression_graph"]


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


# Imported last: _graph_steps builds on Value and topological_order, defined above.
from ._graph_steps import (BackwardStep, LogisticGraph, backward_steps,  # noqa: E402
                           forward_steps, logistic_regression_graph)

# doctest.testmod(lessons_lib.graph) also runs the examples of the re-exported functions.
__test__ = {"backward_steps": backward_steps,
            "logistic_regression_graph": logistic_regression_graph}
