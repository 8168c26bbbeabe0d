"""A computational graph (:mod:`lessons_lib.graph`) drawn with matplotlib only (no graphviz).

Nodes are rounded boxes placed in columns by depth (the inputs on the left, the output on
the right): the node's name on top, its value below (blue), ``∂L/∂node`` under the box
(vermillion). The operation that made a node sits in a small circle where its edges
arrive; each edge is an arrow from an input to the node that uses it, with room for a
number (the local derivative). Library style (see :mod:`lessons_lib.plots`): ``ax=None``
makes an axes, a given axes is not restyled (call ``ax.set_axis_off()`` yourself for a
clean diagram), and every artist is returned so an explorer can change texts and colours
in place. The layout (positions, edge curves, extent) is computed in
``lessons_lib.plots._graph_layout`` and its names are re-exported here. Introduced in
notebook ``04_computational_graph``.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..graph import topological_order
from ..style import PALETTE
from ._graph_layout import (BOX_SIZE, COLUMN_GAP, ROW_GAP, curve_point,
                            graph_extent, graph_geometry, graph_layout)

__all__ = ["GraphArtists", "graph_layout", "graph_extent", "draw_graph", "format_value",
           "graph_geometry", "op_symbol", "node_name", "grad_name", "partial", "curve_point",
           "COLUMN_GAP", "ROW_GAP", "BOX_SIZE"]

LEAF_FACE, NODE_FACE, EDGE_GREY = "#EEEEEE", "white", PALETTE["grey"]
VALUE_COLOR, GRAD_COLOR = PALETTE["blue"], PALETTE["vermillion"]
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_OPS = {"*": "×", "-": "−", "/": "÷"}


def format_value(v):
    """``v`` with 3 significant digits and a true minus sign: 0.69 → '0.690', -1.449 → '−1.45'."""
    text = f"{float(v) + 0.0:#.3g}"  # + 0.0 turns −0.0 into 0.0
    mantissa, _, exponent = text.partition("e")
    text = mantissa.rstrip(".") + (f"e{int(exponent)}" if exponent else "")
    return text.replace("-", "−")


def op_symbol(op):
    """How an operation is shown in its circle: '*' → '×', '**2' → 'x²', 'σ' → 'σ'."""
    if op.startswith("**"):
        n = op[2:]
        return "x" + (n.translate(_SUPERSCRIPTS) if n.lstrip("-").isdigit() else f"^{n}")
    return _OPS.get(op, op)


class GraphArtists(NamedTuple):
    """What :func:`draw_graph` added. Node artists follow ``nodes`` (topological order);
    edge artists follow ``edges``, ``(parent_index, child_index)`` pairs in the order of
    :func:`lessons_lib.graph.backward_steps`. ``ops[i]`` is None for a leaf; ``curves[e]``
    is edge e's path as (start, control, end) points (see :func:`curve_point`)."""

    nodes: tuple
    edges: tuple
    boxes: tuple
    labels: tuple
    ops: tuple
    values: tuple
    grads: tuple
    arrows: tuple
    edge_texts: tuple
    curves: tuple


def _axes(ax, layout, curves):
    if ax is None:
        from matplotlib.figure import Figure

        x0, x1, y0, y1 = graph_extent(layout, curves)
        scale = matplotlib.rcParams["font.size"] / 11.0  # the course's text size fits 1 : 1
        ax = Figure(figsize=((x1 - x0) * scale, (y1 - y0) * scale)).add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
    return ax


def _draw_node(ax, node, xy, lw):
    w, h = BOX_SIZE
    x, y = xy
    box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.12",
                         facecolor=NODE_FACE if node.parents else LEAF_FACE,
                         edgecolor=EDGE_GREY, linewidth=lw, zorder=2)
    ax.add_patch(box)
    text = dict(ha="center", va="center", zorder=4)
    label = ax.text(x, y + h * 0.2, node_name(node), fontsize="large",
                    fontweight="bold", **text)
    value = ax.text(x, y - h * 0.22, "", fontsize="medium", color=VALUE_COLOR, **text)
    grad = ax.text(x, y - h / 2 - 0.05, "", fontsize="medium", color=GRAD_COLOR,
                   ha="center", va="top", zorder=4)
    op = None
    if node.parents:
        op = ax.text(x - w / 2, y, op_symbol(node.op), fontsize="small", zorder=5, ha="center",
                     va="center", bbox=dict(boxstyle="circle,pad=0.25", facecolor="white",
                                            edgecolor=PALETTE["black"], linewidth=lw * 0.8))
    return box, label, op, value, grad


def _draw_edge(ax, curve, rad, lw):
    arrow = FancyArrowPatch(curve[0], curve[2], arrowstyle="-|>",
                            mutation_scale=14 * lw, shrinkA=0, shrinkB=9 * lw,
                            connectionstyle=f"arc3,rad={rad}", color=EDGE_GREY,
                            linewidth=lw, zorder=1)
    ax.add_patch(arrow)
    text = ax.text(*curve_point(curve, 0.5), "", fontsize="small", ha="center", va="center",
                   zorder=6, color=PALETTE["black"],
                   bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                             alpha=0.9))
    return arrow, text


def draw_graph(root, ax=None, layout=None, *, show_values=True, show_grads=False):
    """Draw ``root``'s computational graph: boxes in columns, arrows from inputs to users.

    Parameters
    ----------
    root : Value
        The output node (e.g. the loss ``L``).
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure sized by :func:`graph_extent` (about one
        inch per data unit). A given axes is not restyled: its limits are widened to the
        boxes (autoscale), call ``ax.set_axis_off()`` to hide its frame.
    layout : dict {Value: (x, y)}, optional
        Node positions; default :func:`graph_layout`.
    show_values, show_grads : bool, default True and False
        Write each node's ``data`` in its box and ``∂L/∂node = grad`` under it.

    Returns
    -------
    GraphArtists

    Examples
    --------
    >>> from lessons_lib.graph import logistic_regression_graph
    >>> g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    >>> artists = draw_graph(g.L)
    >>> [t.get_text() for t in artists.labels][-3:]
    ['z', 'a', 'L']

    Introduced in notebook ``04_computational_graph``.
    """
    order = topological_order(root)
    layout, edges, rads, curves = graph_geometry(root, layout)
    ax = _axes(ax, layout, curves)
    lw = matplotlib.rcParams["lines.linewidth"] / 2.0
    nodes = [_draw_node(ax, node, layout[node], lw) for node in order]
    drawn = [_draw_edge(ax, curve, rad, lw) for curve, rad in zip(curves, rads)]
    ax.update_datalim([curve_point(c, 0.5) for c in curves])  # the curved edges' bulge
    ax.autoscale_view()
    artists = GraphArtists(tuple(order), tuple((j, i) for j, i, _ in edges),
                           *(tuple(n[f] for n in nodes) for f in range(5)),
                           tuple(d[0] for d in drawn), tuple(d[1] for d in drawn), tuple(curves))
    for node, value, grad in zip(order, artists.values, artists.grads):
        if show_values:
            value.set_text(format_value(node.data))
        if show_grads:
            grad.set_text(f"{grad_name(node, root)} = {format_value(node.grad)}")
    return artists


def node_name(node):
    """The node's label; for an unlabelled node, its expression one level deep ('x·x',
    'log(…)'), and for an unlabelled constant its value."""
    if node.label:
        return node.label
    if not node.parents:
        return format_value(node.data)
    args = [p.label or (format_value(p.data) if not p.parents else "…") for p in node.parents]
    if node.op in ("+", "*", "/") or (node.op == "-" and len(args) == 2):
        return {"+": "+", "*": "·", "/": "/", "-": "−"}[node.op].join(args)
    if node.op == "-":
        return f"−{args[0]}"
    if node.op.startswith("**"):
        return args[0] + op_symbol(node.op)[1:]
    return f"{node.op}({args[0]})"


def partial(of, by):
    """'∂a/∂z' for nodes a and z; a name with spaces or operators gets parentheses:
    '∂L/∂(1 − a)'."""
    return f"∂{_atom(node_name(of))}/∂{_atom(node_name(by))}"


def grad_name(node, root):
    """'∂L/∂z' for node z and root L."""
    return partial(root, node)


def _atom(name):
    plain = all(c.isalnum() or c in "₀₁₂₃₄₅₆₇₈₉_" for c in name)
    return name if plain or name.startswith(("log(", "σ(")) else f"({name})"
