"""Checker for the backward pass of a small computational graph, by hand.

Exercise of ``04_computational_graph``. The graph, with a variable used twice::

    q = x * y        (a product)
    r = q - z        (a difference)
    f = r * x        (x is used a second time here)

The learner writes ``small_graph_backward(x, y, z) -> (dx, dy, dz)``, the three partial
derivatives of ``f`` worked out by hand with the chain rule, as a function of the inputs so the
checker can try it on several of them. The catalogue holds the mistakes a backward pass by hand
usually makes: one path of the reused ``x`` forgotten, the paths multiplied, the upstream factor
of the chain rule forgotten, a product's local derivatives swapped, the sign of the difference
lost, the results in another order, and a global variable read in place of an argument.
"""

from __future__ import annotations

import numpy as np

from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_small_graph_backward", "SMALL_GRAPH_BACKWARD_MISTAKES"]


def _backward(x, y, z):
    """The exact gradients of f = (x·y − z)·x: (2xy − z, x², −x)."""
    r = x * y - z
    return r + x * y, x * x, -x


SMALL_GRAPH_BACKWARD_MISTAKES = (
    Mistake("only the direct path of x (f = r·x)",
            "x feeds the graph twice: into q = x·y and into f = r·x. Its gradient is the SUM of "
            "what comes back along both edges: df/dx = r (direct) + (df/dq)·y (through q). "
            "You kept only the direct edge.",
            fn=lambda x, y, z: (x * y - z, x * x, -x)),
    Mistake("only the path of x through q",
            "x feeds the graph twice: into q = x·y and into f = r·x. Its gradient is the SUM of "
            "what comes back along both edges: df/dx = (df/dq)·y (through q) + r (direct). "
            "You kept only the edge through q (or the second edge overwrote the first: "
            "accumulate with +=).",
            fn=lambda x, y, z: (x * y, x * x, -x)),
    Mistake("the two paths of x multiplied",
            "The contributions of the two edges out of x are ADDED, not multiplied: "
            "df/dx = r + (df/dq)·y. The chain rule multiplies along one path; paths add.",
            fn=lambda x, y, z: ((x * y - z) * (x * y), x * x, -x)),
    Mistake("forgot the upstream factor (the chain rule's product)",
            "Each gradient is the upstream gradient times the local derivative. You used the "
            "local derivatives alone: dq/dy = x must be multiplied by df/dq = x, so "
            "df/dy = x·x; likewise df/dz = (df/dr)·(−1) = −x.",
            fn=lambda x, y, z: (x * y - z + y, x, -1.0)),
    Mistake("a product's local derivatives swapped",
            "For q = x·y the local derivative with respect to x is the OTHER factor, y "
            "(dq/dx = y, dq/dy = x), not x itself.",
            fn=lambda x, y, z: (x * y - z + x * x, x * y, -x)),
    Mistake("the sign of the difference",
            "r = q − z, so dr/dz = −1: df/dz = (df/dr)·(−1) = −x, with a minus.",
            fn=lambda x, y, z: (2 * x * y - z, x * x, x)),
    Mistake("dx and dy returned in the other order",
            "Return the gradients in the order of the arguments: (df/dx, df/dy, df/dz).",
            fn=lambda x, y, z: (x * x, 2 * x * y - z, -x)),
    GLOBAL_VARIABLE,
)


def _cases():
    rng = np.random.default_rng(4)
    x, y, z = (float(v) for v in rng.uniform(-2, 2, size=3))
    return (
        Case((2.0, -3.0, 1.0), "the numbers in the text", expected=(-13.0, 4.0, -2.0)),
        Case((0.5, 4.0, -1.5), "other numbers", expected=(5.5, 0.25, -0.5)),
        Case((-1.5, 2.0, 0.5), "a negative x", expected=(-6.5, 2.25, 1.5)),
        Case((3.0, 0.0, 2.0), "y = 0", expected=(-2.0, 9.0, -3.0)),
        Case((x, y, z), "random numbers"),
    )


_SMALL_GRAPH_BACKWARD = Exercise(
    "small_graph_backward", ("x", "y", "z"), _backward, _cases, SMALL_GRAPH_BACKWARD_MISTAKES,
    outputs=("dx", "dy", "dz"), kinds="biuf",
    hint="Walk the graph backwards from df/df = 1: df/dr = x, df/dq = df/dr, df/dz = −df/dr, "
         "df/dy = df/dq·x, and df/dx = r + df/dq·y (x is used twice: add both edges).")


def check_small_graph_backward(small_graph_backward):
    """Check ``small_graph_backward(x, y, z)``, a backward pass by hand (notebook
    ``04_computational_graph``).

    The exercise: for the graph ``q = x·y``, ``r = q − z``, ``f = r·x`` (``x`` is used twice),
    ``small_graph_backward(x, y, z) -> (dx, dy, dz)``, the partial derivatives of ``f``
    with respect to the three inputs (numbers in, numbers out).

    .. math:: \\frac{\\partial f}{\\partial x} = r + x y = 2xy - z, \\quad
              \\frac{\\partial f}{\\partial y} = x^2, \\quad \\frac{\\partial f}{\\partial z} = -x

    Parameters
    ----------
    small_graph_backward : callable
        The learner's function of three floats ``x, y, z``, returning a tuple of three numbers.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> check_small_graph_backward(lambda x, y, z: (2 * x * y - z, x * x, -x))
    ✓ small_graph_backward: all 5 checks passed.
    True
    """
    return run_checks(_SMALL_GRAPH_BACKWARD, small_graph_backward)
