"""A computational graph (:mod:`lessons_lib.graph`) drawn with matplotlib only (no graphviz).

Nodes are rounded boxes placed in columns by depth (the inputs on the left, the output on
the right): the node's name on top, its value below (blue), ``∂L/∂node`` under the box
(vermillion). The operation that made a node sits in a small circle where its edges
arrive; each edge is an arrow from an input to the node that uses it, with room for a
number (the local derivative). Library style (see :mod:`lessons_lib.plots`): ``ax=None``
makes an axes, a given axes is not restyled (call ``ax.set_axis_off()`` yourself for a
clean diagram), and every artist is returned so an explorer can change texts and colours
in place. Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .._validation import describe
from ..graph import topological_order
from ..style import PALETTE

__all__ = ["GraphArtists", "graph_layout", "graph_extent", "draw_graph", "format_value",
           "graph_geometry", "op_symbol", "node_name", "grad_name", "partial", "curve_point",
           "COLUMN_GAP", "ROW_GAP", "BOX_SIZE"]

COLUMN_GAP, ROW_GAP = 2.35, 1.0  # data units (≈ inches at the figure size graph_extent gives)
BOX_SIZE = (1.1, 0.56)           # width, height of a node's box
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


def _columns(order):
    """Column of each node (by index): 1 + the deepest parent's; a leaf (an input) then
    moves right, next to the first node that uses it."""
    index = {id(node): i for i, node in enumerate(order)}
    column = [0] * len(order)
    users = {}
    for i, node in enumerate(order):
        if node.parents:
            column[i] = 1 + max(column[index[id(p)]] for p in node.parents)
            for p in node.parents:
                if not p.parents:
                    users.setdefault(index[id(p)], []).append(column[i] - 1)
    for j, columns in users.items():
        column[j] = min(columns)
    return column


def graph_layout(root):
    """Positions ``{node: (x, y)}`` of every node of ``root``'s graph.

    Columns by depth, ``COLUMN_GAP`` apart (inputs left); within a column a node sits at
    the mean height of its inputs, at least ``ROW_GAP`` below the one above (y grows up,
    so rows go down).
    """
    order = topological_order(root)
    column = _columns(order)
    index = {id(node): i for i, node in enumerate(order)}
    row = [0.0] * len(order)
    for c in range(max(column) + 1):
        members = [i for i in range(len(order)) if column[i] == c]
        wanted = {i: (sum(row[index[id(p)]] for p in order[i].parents) / len(order[i].parents)
                      if order[i].parents else None) for i in members}
        placed = sorted((i for i in members if wanted[i] is not None), key=lambda i: wanted[i])
        previous = None
        for i in placed + [i for i in members if wanted[i] is None]:
            desired = wanted[i] if wanted[i] is not None else (previous or -1.0) + 1.0
            row[i] = desired if previous is None else max(desired, previous + 1.0)
            previous = row[i]
    return {node: (column[i] * COLUMN_GAP, -row[i] * ROW_GAP) for i, node in enumerate(order)}


def graph_extent(layout, curves=None):
    """``(x_min, x_max, y_min, y_max)`` that holds every box, the gradient under it, and
    the bulge of the curved edges (``curves``, by default those :func:`draw_graph` draws
    for this layout).

    One data unit is meant to be about one inch: a figure ``x_max − x_min`` inches wide
    shows the text at the size it was designed for (×1.6 in presentation mode).
    """
    if curves is None:
        curves = _layout_curves(layout)
    xs = [x for x, _ in layout.values()]
    ys = [y for _, y in layout.values()]
    w, h = BOX_SIZE
    apexes = [curve_point(c, 0.5)[1] for c in curves]
    return (min(xs) - w / 2 - 0.3, max(xs) + w / 2 + 0.3,
            min(ys + [y + 0.1 for y in apexes]) - h / 2 - 0.38,
            max(ys + [y - 0.1 for y in apexes]) + h / 2 + 0.08)


def _layout_curves(layout):
    """The curves of the edges among the nodes of ``layout`` (as draw_graph draws them)."""
    nodes = list(layout)
    positions = [layout[node] for node in nodes]
    index = {id(node): i for i, node in enumerate(nodes)}
    curves = []
    for i, node in enumerate(nodes):
        seen = {}
        for p in node.parents:
            j = index.get(id(p))
            if j is not None:
                seen[j] = k = seen.get(j, -1) + 1
                rad = _bend(positions[j], positions[i], k, positions)
                curves.append(_curve(positions[j], positions[i], rad))
    return curves


def graph_geometry(root, layout=None):
    """The layout and every edge's curve, in :func:`draw_graph`'s order:
    ``(layout, edges as (parent_index, child_index, repeat), rads, curves)``."""
    order = topological_order(root)
    layout = graph_layout(root) if layout is None else layout
    _check_layout(layout, order)
    positions = [layout[node] for node in order]
    edges = _edges(order)
    rads = [_bend(positions[j], positions[i], k, positions) for j, i, k in edges]
    curves = [_curve(positions[j], positions[i], rad) for (j, i, _), rad in zip(edges, rads)]
    return layout, edges, rads, curves


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


def _check_layout(layout, order):
    if not hasattr(layout, "get"):
        raise TypeError(f"`layout` must be a dict {{node: (x, y)}} like graph_layout(root) "
                        f"returns, got {describe(layout)}.")
    missing = [n.label or n.op for n in order if n not in layout]
    if missing:
        raise ValueError(f"`layout` has no position for the nodes {missing[:5]}; "
                         "build it with graph_layout(root).")


def _edges(order):
    """``(parent_index, child_index, k)`` for every edge, in backward_steps' order
    (children from the output back, each child's inputs in order); ``k`` counts repeats
    of the same pair (x * x has two edges)."""
    index = {id(node): i for i, node in enumerate(order)}
    edges = []
    for i in range(len(order) - 1, -1, -1):
        seen = {}
        for p in order[i].parents:
            j = index[id(p)]
            seen[j] = seen.get(j, -1) + 1
            edges.append((j, i, seen[j]))
    return edges


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


def _bend(start, end, k, positions):
    """``rad`` of the edge's arc: a repeated edge (x * x) curves aside; an edge that would
    run through a box on its way bows over it; others are straight."""
    if k:
        return 0.35 * ((k + 1) // 2) * (-1) ** k
    (x0, y0), (x1, y1) = start, end
    for x, y in positions:
        if x0 < x < x1 and abs(y0 + (x - x0) / (x1 - x0) * (y1 - y0) - y) < BOX_SIZE[1]:
            return -min(0.5, max(0.25, 1.2 / (x1 - x0 - BOX_SIZE[0])))
    return 0.0


def _curve(start, end, rad):
    """The edge as a quadratic Bézier (start, control, end), as ``arc3`` draws it when one
    data unit is as long across as up (the figure size of :func:`graph_extent`)."""
    w = BOX_SIZE[0] / 2
    p0, p2 = (start[0] + w, start[1]), (end[0] - w, end[1])
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    control = ((p0[0] + p2[0]) / 2 + rad * dy, (p0[1] + p2[1]) / 2 - rad * dx)
    return p0, control, p2


def curve_point(curve, t):
    """The point at ``t`` (0 … 1) along an edge's curve (``GraphArtists.curves``)."""
    (x0, y0), (cx, cy), (x2, y2) = curve
    a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t ** 2
    return (a * x0 + b * cx + c * x2, a * y0 + b * cy + c * y2)


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
