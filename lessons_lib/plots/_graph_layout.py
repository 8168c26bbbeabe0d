"""Where :func:`lessons_lib.plots.graph.draw_graph` puts a computational graph's parts.

Plain numbers in data units, no matplotlib: each node's position (columns by depth, the
inputs on the left, ``COLUMN_GAP`` apart; rows ``ROW_GAP`` apart), each edge's curve (a
quadratic Bézier from the right side of its input's box to the left side of its user's,
bowed over a box in its way or, repeated as in x * x, aside), and the extent that holds
them all. Private: :mod:`lessons_lib.plots.graph` re-exports every public name here;
import them from there.
Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

from .._validation import describe
from ..graph import topological_order

__all__ = ["graph_layout", "graph_extent", "graph_geometry", "curve_point", "COLUMN_GAP",
           "ROW_GAP", "BOX_SIZE"]

COLUMN_GAP, ROW_GAP = 2.35, 1.0  # data units (≈ inches at the figure size graph_extent gives)
BOX_SIZE = (1.1, 0.56)           # width, height of a node's box


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
