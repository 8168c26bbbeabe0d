"""GraphStepper: step through a computational graph, forward node by node, then backward
edge by edge.

Introduced in notebook ``04_computational_graph``. Step 0 shows the bare graph. Each
forward step computes one node (its value appears in its box, a caption says how, in
symbols and numbers); each backward step follows one edge, from a node back to one of its
inputs: the edge shows ``upstream × local derivative``, and the input's gradient, under
its box, grows by that product. At the end every box shows ``∂L/∂node``, the numbers
``L.backward()`` gives. The picture is one persistent figure whose texts and colours
change in place; its texts come from ``lessons_lib.widgets._graph_captions``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from .. import style
from .._validation import check_int, describe
from ..graph import Value, backward_steps, logistic_regression_graph, topological_order
from ..plots.graph import (EDGE_GREY, GRAD_COLOR, LEAF_FACE, NODE_FACE, VALUE_COLOR,
                           draw_graph, format_value, grad_name, graph_extent, graph_layout)
from ._base import Explorer, FigureView
from ._graph_captions import backward_caption, clear_spot, edge_text, forward_caption, key_text

__all__ = ["GraphStepper", "forward_caption", "backward_caption", "key_text", "MAX_NODES"]

MAX_NODES = 30  # beyond this the boxes get too small to read
TOP, BOTTOM = 0.42, 0.85  # inches above the graph (key) and below it (caption)
DONE_EDGE = KEY_COLOR = "#555555"
MIN_WIDTH = 8.5  # inches: room for the key and the captions under a small graph


def _check_root(root, given=True):
    if not isinstance(root, Value):
        raise TypeError(f"`root` must be a Value (the output of a graph), got {describe(root)}. "
                        "Leave it out to get the logistic-regression graph.")
    n = len(topological_order(root))
    if n > MAX_NODES:
        what = "`root`'s graph" if given else "The graph of these `x` and `w`"
        raise ValueError(f"{what} has {n} nodes; GraphStepper draws at most {MAX_NODES} "
                         "readably. Step through a smaller graph (fewer features).")
    return root


class GraphStepper(Explorer):
    """Step through a computational graph: forward node by node, backward edge by edge.

    Parameters
    ----------
    root : Value, optional
        The graph's output. By default the logistic-regression graph
        :func:`lessons_lib.graph.logistic_regression_graph` of ``x, w, b, y``, with
        controls to change them (the graph is rebuilt and the step kept).
    x, w : sequence of float, default (1.5, -0.5) and (0.8, 0.4)
    b : float, default -0.2
    y : {0, 1}, default 1

    Attributes
    ----------
    step : int
        The current step (read only; move it with the controls or :meth:`go_to`).
    num_steps : int
        Steps are numbered 0 … ``num_steps − 1``: 0 the bare graph, then one per node
        (forward), then one per edge (backward).
    phase : {"forward", "backward"}
    caption : str
        What the current step computes, in symbols and numbers.
    root : Value
        The graph's output.
    graph : LogisticGraph or None
        The logistic-regression graph's nodes (None when ``root`` was given).

    Examples
    --------
    >>> from lessons_lib.widgets import GraphStepper   # doctest: +SKIP
    >>> GraphStepper(x=(2.0, 1.0), y=0)                 # doctest: +SKIP
    """

    def __init__(self, root=None, x=(1.5, -0.5), w=(0.8, 0.4), b=-0.2, y=1):
        self.graph = None if root is not None else logistic_regression_graph(x, w, b, y)
        self._set_root(_check_root(root) if root is not None else
                       _check_root(self.graph.L, given=False))
        self._step_value = 0
        self._build_figure()
        self._make_controls(x, w, b, y)
        super().__init__(children=self._layout())
        self._show(0)
        self._observe()

    # --- the graph and its steps --------------------------------------------------------
    def _set_root(self, root):
        self.root = root
        self._order = topological_order(root)
        self._steps = backward_steps(root)
        self._index = {id(node): i for i, node in enumerate(self._order)}

    @property
    def num_steps(self):
        return 1 + len(self._order) + len(self._steps)

    @property
    def step(self):
        return self._step_value

    @property
    def phase(self):
        return "forward" if self._step_value <= len(self._order) else "backward"

    @property
    def caption(self):
        return self._caption.get_text()

    def go_to(self, step):
        """Show ``step`` (an int in 0 … num_steps − 1), as moving the slider would."""
        step = check_int(step, "step", minimum=0)
        if step >= self.num_steps:
            raise ValueError(f"`step` must be at most {self.num_steps - 1}, got {step}.")
        self._slider.value = step

    def displayed_grads(self):
        """``{node: text under its box}`` for the nodes that show a gradient now."""
        return {node: t.get_text() for node, t in zip(self._order, self._artists.grads)
                if t.get_text()}

    # --- figure and controls --------------------------------------------------------------
    def _build_figure(self):
        scale = 1.6 if style.is_presentation() else 1.0
        with style.course_style():
            fig = Figure()
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            self._artists = draw_graph(self.root, ax, show_values=False)
            x0, x1, y0, y1 = graph_extent(graph_layout(self.root), self._artists.curves)
            pad = max(MIN_WIDTH - (x1 - x0), 0.0) / 2  # a small graph sits in the middle
            total = (y1 - y0) + TOP + BOTTOM
            fig.set_size_inches((x1 - x0 + 2 * pad) * scale, total * scale)
            ax.set_position((0, BOTTOM / total, 1, (y1 - y0) / total))
            ax.set_xlim(x0 - pad, x1 + pad)
            ax.set_ylim(y0, y1)
            self._key = fig.text(0.01, 1 - 0.1 / total, key_text(self.root), fontsize="small",
                                 color=KEY_COLOR, va="top")
            self._title = fig.text(0.01, (BOTTOM - 0.12) / total, "", fontweight="bold",
                                   va="top")
            self._caption = fig.text(0.01, (BOTTOM - 0.45) / total, "", va="top",
                                     fontsize="large")
        self._lw = ax.patches[0].get_linewidth()
        self._midpoints = [t.get_position() for t in self._artists.edge_texts]
        self._places = {}  # edge -> where its text goes when it is the current edge
        self._view = FigureView(fig)

    def _make_controls(self, x, w, b, y):
        last = self.num_steps - 1
        self._play = widgets.Play(min=0, max=last, interval=900, description="play")
        self._slider = widgets.IntSlider(min=0, max=last, description="step",
                                         continuous_update=True)
        widgets.jslink((self._play, "value"), (self._slider, "value"))
        small = widgets.Layout(width="44px")
        self._back = widgets.Button(description="◀", tooltip="step back", layout=small)
        self._forward = widgets.Button(description="▶", tooltip="step forward", layout=small)
        self._reset = widgets.Button(description="reset", tooltip="back to step 0",
                                     layout=widgets.Layout(width="70px"))
        self._readout = widgets.HTML()
        self._inputs = self._make_inputs(x, w, b, y) if self.graph is not None else []

    def _make_inputs(self, x, w, b, y):
        box = widgets.Layout(width="120px")
        wide = {"description_width": "28px"}
        self._x = [widgets.FloatText(value=v.data, step=0.1, description=v.label, layout=box,
                                     style=wide) for v in self.graph.x]
        self._w = [widgets.FloatText(value=v.data, step=0.1, description=v.label, layout=box,
                                     style=wide) for v in self.graph.w]
        self._b = widgets.FloatText(value=self.graph.b.data, step=0.1, description="b",
                                    layout=box, style=wide)
        self._y = widgets.ToggleButtons(options=[("y = 0", 0), ("y = 1", 1)], value=int(y),
                                        style={"button_width": "60px"})
        return [*self._x, *self._w, self._b, self._y]

    def _layout(self):
        row = widgets.HBox
        children = [self._view.image,
                    row([self._play, self._back, self._forward, self._reset, self._slider,
                         self._readout])]
        return children + ([row(self._inputs)] if self._inputs else [])

    def _observe(self):
        self._play.observe(self._on_play, names="value")
        self._slider.observe(self._on_slider, names="value")
        self._back.on_click(lambda _: self._nudge(-1))
        self._forward.on_click(lambda _: self._nudge(+1))
        self._reset.on_click(lambda _: setattr(self._slider, "value", 0))
        for control in self._inputs:
            control.observe(self._on_input, names="value")

    # --- reactions --------------------------------------------------------------------------
    def _on_play(self, change):
        if self._play._property_lock:  # from the browser: jslink moves the slider there
            self._show(change["new"])
        else:  # from Python: no browser, so keep the slider in step here
            self._slider.value = change["new"]

    def _on_slider(self, change):
        if not self._slider._property_lock and self._play.value != change["new"]:
            self._play.value = change["new"]
        self._show(change["new"])

    def _nudge(self, delta):
        self._slider.value = int(np.clip(self._slider.value + delta, 0, self._slider.max))

    def _on_input(self, change):
        try:
            graph = logistic_regression_graph([c.value for c in self._x],
                                              [c.value for c in self._w], self._b.value,
                                              self._y.value)
        except (TypeError, ValueError) as exc:
            message = html.escape(str(exc))
            self._readout.value = f"<span style='color:{GRAD_COLOR}'>{message}</span>"
            return
        self.graph = graph
        self._set_root(graph.L)  # the same shape: the artists stay, their numbers change
        self._artists = self._artists._replace(nodes=tuple(self._order))
        self._places = {}  # the numbers' widths changed
        self._show(self._step_value, force=True)

    # --- drawing a step -----------------------------------------------------------------------
    def _show(self, step, force=False):
        if step == self._step_value and not force and self._view.frames_sent:
            return
        self._step_value = step
        n = len(self._order)
        if step <= n:
            self._draw_forward(step)
        else:
            self._draw_backward(step - n)
        self._readout.value = (f"<b>step {step}</b> of {self.num_steps - 1} · {self.phase}")
        self._view.redraw()

    def _draw_forward(self, k):
        a, n = self._artists, len(self._order)
        for i, node in enumerate(self._order):
            a.values[i].set_text(format_value(node.data) if i < k else "")
            a.grads[i].set_text("")
            self._style_box(i, "current" if i == k - 1 else "done" if i < k else "future")
        for e, (_, child) in enumerate(self._artists.edges):  # the current node's inputs
            self._style_edge(e, "inflow" if child == k - 1 else "future")
        self._title.set_text("The graph: nothing computed yet" if k == 0 else
                             f"Forward pass · node {k} of {n}")
        self._caption.set_text(forward_caption(self._order[k - 1]) if k else
                               "Press ▶: the forward pass computes each node from its inputs, "
                               "left to right.")

    def _draw_backward(self, j):
        a, steps = self._artists, self._steps
        grads = {id(self.root): 1.0}
        for s in steps[:j - 1]:
            grads[id(s.parent)] = grads.get(id(s.parent), 0.0) + s.contribution
        current = steps[j - 1]
        before = grads.get(id(current.parent), 0.0)
        grads[id(current.parent)] = before + current.contribution
        parent, child = self._index[id(current.parent)], self._index[id(current.node)]
        for i, node in enumerate(self._order):
            a.values[i].set_text(format_value(node.data))
            g = grads.get(id(node))
            a.grads[i].set_text("" if g is None else
                                f"{grad_name(node, self.root)} = {format_value(g)}")
            self._style_box(i, "parent" if i == parent else "child" if i == child else "done")
        for e in range(len(steps)):
            self._style_edge(e, "done" if e < j - 1 else "current" if e == j - 1 else "future")
        self._title.set_text(f"Backward pass · edge {j} of {len(steps)}"
                             + ("   (start: ∂L/∂L = 1)" if j == 1 else ""))
        self._caption.set_text(backward_caption(current, self.root, before))

    def _style_box(self, i, kind):
        box, node = self._artists.boxes[i], self._order[i]
        color, width = {"future": (EDGE_GREY, 1.0), "done": ("black", 1.0),
                        "current": (VALUE_COLOR, 2.6), "parent": (GRAD_COLOR, 2.6),
                        "child": (GRAD_COLOR, 1.4)}[kind]
        box.set_edgecolor(color)
        box.set_linewidth(self._lw * width)
        face = LEAF_FACE if not node.parents else NODE_FACE
        box.set_facecolor(to_rgba(VALUE_COLOR, 0.16) if kind == "current" else face)

    def _style_edge(self, e, kind):
        arrow, text = self._artists.arrows[e], self._artists.edge_texts[e]
        s = self._steps[e]
        current = kind == "current"
        arrow.set_color({"current": GRAD_COLOR, "done": DONE_EDGE, "inflow": VALUE_COLOR}
                        .get(kind, EDGE_GREY))
        arrow.set_linewidth(self._lw * (2.6 if current else 2.0 if kind == "inflow" else 1.0))
        arrow.set_arrowstyle("<|-" if current else "-|>")
        arrow.set_zorder(3 if current or kind == "inflow" else 1)
        text.set_color(GRAD_COLOR if current else "black")
        text.set_fontweight("bold" if current else "normal")
        text.set_zorder(7 if current else 6)
        text.set_text(edge_text(s, kind))
        if current and e not in self._places:
            self._places[e] = clear_spot(self._artists, e, self._midpoints[e],
                                         self._view.canvas.get_renderer())
        text.set_position(self._places[e] if current else self._midpoints[e])
