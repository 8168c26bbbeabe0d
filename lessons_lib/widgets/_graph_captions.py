"""The texts of :class:`~lessons_lib.widgets.graph.GraphStepper`: the key above the graph,
the caption under it, and where the current edge's numbers go.

:func:`forward_caption` says how a node's value is computed and :func:`backward_caption`
the chain rule on one edge, in symbols then numbers; :func:`key_text` names the graph's
own output; :func:`edge_text` writes the numbers on an edge and :func:`clear_spot` finds
the place along or beside the edge where they hide the least. Private:
:mod:`lessons_lib.widgets.graph` re-exports the captions and the key; import them from
there. Introduced in notebook ``04_computational_graph``.
"""

from __future__ import annotations

import numpy as np

from ..graph import topological_order
from ..plots.graph import curve_point, format_value, grad_name, node_name, op_symbol, partial

__all__ = ["forward_caption", "backward_caption", "key_text", "edge_text", "clear_spot"]

KEY = ("in a box: the node's value  ·  under it: ∂{out}/∂node  ·  "
       "on an edge: the local derivative ∂node/∂input")


def key_text(root):
    """The key above the graph, naming the graph's own output ('∂f/∂node' for a root f)."""
    return KEY.format(out=_atom_name(root))


def _atom_name(root):
    return grad_name(root, root).split("/∂")[1]


def _num(v, paren=False):
    text = format_value(v)
    return f"({text})" if paren and text.startswith("−") else text


def edge_text(step, kind):
    """The text on an edge of the backward pass (a :class:`~lessons_lib.graph.BackwardStep`):
    'upstream × local = contribution' on the current edge, the local derivative on an edge
    already followed (``kind`` "done"), nothing on the others."""
    return (f"{_num(step.upstream)} × {_num(step.local_grad, True)}\n"
            f"= {format_value(step.contribution)}" if kind == "current" else
            format_value(step.local_grad) if kind == "done" else "")


def forward_caption(node):
    """How ``node``'s value is computed, in symbols then numbers: 'a = σ(z) = σ(0.800) = 0.690'."""
    name, out = node_name(node), format_value(node.data)
    if not node.parents:
        return f"{name} = {out}, an input: its value is given."
    names = [node_name(p) for p in node.parents]
    nums = [_num(p.data, paren=i > 0 or node.op.startswith("**")) for i, p in
            enumerate(node.parents)]
    op = node.op
    if op == "BCE":
        y_is_1 = node.local_grads[0] < 0  # ∂L/∂a = −1/a when y = 1, 1/(1 − a) when y = 0
        form, vals = (("log a", f"log({nums[0]})") if y_is_1 else
                      ("log(1 − a)", f"log(1 − {nums[0]})"))
        return f"{name} = −{form} = −{vals} = {out}   (y = {int(y_is_1)})"
    if op in ("+", "*", "/") or (op == "-" and len(names) == 2):
        sign = {"+": " + ", "*": " · ", "/": " / ", "-": " − "}[op]
        num_sign = " × " if op == "*" else sign
        return f"{name} = {sign.join(names)} = {num_sign.join(nums)} = {out}"
    if op == "-":
        return f"{name} = −{names[0]} = −{_num(node.parents[0].data, True)} = {out}"
    if op.startswith("**"):
        power = op_symbol(op)[1:]
        return f"{name} = {names[0]}{power} = {nums[0]}{power} = {out}"
    return f"{name} = {op}({names[0]}) = {op}({nums[0]}) = {out}"


def backward_caption(step, root, before):
    """The chain rule on one edge: '∂L/∂z = ∂L/∂a · ∂a/∂z = −1.45 × 0.214 = −0.310'.

    ``step`` is a :class:`lessons_lib.graph.BackwardStep`; ``before`` is the input's
    gradient before this edge (0 the first time; a node used twice collects a sum).
    """
    target, upstream = grad_name(step.parent, root), grad_name(step.node, root)
    local = _local_partial(step.node, step.parent, root)
    product = f"{_num(step.upstream)} × {_num(step.local_grad, True)}"
    if before == 0.0:
        return (f"{target} = {upstream} · {local} = {product} = "
                f"{format_value(step.contribution)}")
    return (f"{target} += {upstream} · {local} = {product} = {format_value(step.contribution)}"
            f";  now {target} = {format_value(before + step.contribution)}")


def _local_partial(node, parent, root):
    """The local derivative's symbol, '∂a/∂z'. On an edge out of the root into an input that
    is used more than once, '∂f/∂x' would read as the total gradient (which also collects
    the other paths), so the root's expression is written out instead: '∂(u + x)/∂x'."""
    uses = sum(p is parent for n in topological_order(root) for p in n.parents)
    if node is not root or uses < 2 or len(node.parents) != 2 or node.op not in _INFIX:
        return partial(node, parent)
    names = [node_name(p) for p in node.parents]
    return f"∂({_INFIX[node.op].join(names)})/∂{partial(parent, parent).split('/∂')[1]}"


_INFIX = {"+": " + ", "*": " · ", "/": " / ", "-": " − "}


def clear_spot(artists, e, midpoint, renderer):
    """Where edge ``e``'s text covers the least of the boxes, the other texts and its own
    edge: along the edge or beside it. ``artists`` is what
    :func:`~lessons_lib.plots.graph.draw_graph` returned, ``midpoint`` the text's resting
    place (where it is left); the stepper caches the spot per edge until the numbers change."""
    text = artists.edge_texts[e]
    others = [t for t in _texts(artists) if t is not text and t.get_text()]
    obstacles = [b.get_window_extent(renderer) for b in artists.boxes]
    obstacles += [t.get_window_extent(renderer).padded(3) for t in others]
    inside = text.axes.bbox
    curve, to_display = artists.curves[e], text.get_transform().transform
    line = to_display([curve_point(curve, t) for t in np.linspace(0.1, 0.9, 17)])
    text.set_position(midpoint)
    box, origin = text.get_window_extent(renderer), to_display(midpoint)
    best = None
    for t in (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8):
        for shift in (0.0, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4, 0.5, -0.5):
            x, y = curve_point(curve, t)
            spot = (x, y + shift)
            moved = box.translated(*(to_display(spot) - origin))
            covered = [_overlap(moved, o) for o in obstacles]
            covered.append(1e6 * (not inside.contains(moved.x0, moved.y0)
                                  or not inside.contains(moved.x1, moved.y1)))
            hidden = sum(moved.contains(*point) for point in line)
            cost = (sum(covered) + 1000.0 * sum(c > 0 for c in covered) + 200.0 * hidden
                    + abs(shift) + abs(t - 0.5))
            if best is None or cost < best[0]:
                best = (cost, spot)
    return best[1]


def _texts(a):
    return [*a.labels, *a.values, *a.grads, *a.edge_texts, *(o for o in a.ops if o)]


def _overlap(a, b):
    """Area shared by two display boxes (0 if they do not meet)."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0
