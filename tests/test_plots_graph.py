"""plots.graph: the layout puts every input left of its user and keeps boxes apart; draw_graph
adds one box/label/value/grad per node and one arrow/text per edge (in backward_steps'
order), shows values and gradients as asked, leaves a given axes' style alone, and its
texts do not overlap; numbers have 3 significant digits and a true minus sign."""

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import style
from lessons_lib.graph import Value, backward_steps, logistic_regression_graph, topological_order
from lessons_lib.plots import draw_graph, graph_layout
from lessons_lib.plots.graph import (BOX_SIZE, ROW_GAP, curve_point, format_value, graph_extent,
                                      op_symbol)

pytestmark = pytest.mark.filterwarnings("error")


def _graphs():
    g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    big = logistic_regression_graph([1.0, 2.0, -1.0], [0.1, -0.3, 0.2], 0.5, 0, expand_loss=True)
    x = Value(2.0, "x")
    square = x * x
    square.label = "s"
    return {"logistic": g.L, "expanded": big.L, "square": square}


@pytest.mark.parametrize("name", ["logistic", "expanded", "square"])
def test_layout_inputs_left_of_users_and_boxes_apart(name):
    root = _graphs()[name]
    layout = graph_layout(root)
    order = topological_order(root)
    assert set(map(id, layout)) == set(map(id, order))
    for node in order:
        assert all(layout[p][0] < layout[node][0] for p in node.parents)
    assert layout[root][0] == max(x for x, _ in layout.values())
    for a, b in itertools.combinations(order, 2):
        (xa, ya), (xb, yb) = layout[a], layout[b]
        assert xa != xb or abs(ya - yb) >= ROW_GAP - 1e-12


def test_logistic_layout_columns():
    g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    layout = graph_layout(g.L)
    column = {node.label: round(layout[node][0] / layout[g.z][0] * 2) for node in layout}
    assert column == {"x₁": 0, "w₁": 0, "x₂": 0, "w₂": 0, "w₁x₁": 1, "w₂x₂": 1, "b": 1,
                      "z": 2, "a": 3, "L": 4}


def test_draw_graph_returns_every_artist_in_order():
    g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    g.L.backward()
    with style.course_style():
        a = draw_graph(g.L, show_grads=True)
    order = topological_order(g.L)
    assert a.nodes == tuple(order)
    assert len(a.boxes) == len(a.labels) == len(a.values) == len(a.grads) == len(a.ops) == 10
    assert [t.get_text() for t in a.labels] == [n.label for n in order]
    assert [t.get_text() for t in a.values] == [format_value(n.data) for n in order]
    assert [t.get_text() for t in a.grads] == [f"∂L/∂{n.label} = {format_value(n.grad)}"
                                               for n in order]
    assert [o is None for o in a.ops] == [not n.parents for n in order]
    assert [o.get_text() for o in a.ops if o] == ["×", "×", "+", "σ", "BCE"]
    steps = backward_steps(g.L)
    index = {id(n): i for i, n in enumerate(order)}
    assert a.edges == tuple((index[id(s.parent)], index[id(s.node)]) for s in steps)
    assert len(a.arrows) == len(a.edge_texts) == len(steps) == 9
    fig = a.boxes[0].figure
    assert not fig.axes[0].axison  # a figure of its own: no frame


def test_a_given_axes_is_not_restyled_and_holds_every_box():
    root = _graphs()["expanded"]
    ax = Figure(figsize=(14, 6)).add_subplot()
    ax.set_title("mine")
    before = dict(matplotlib.rcParams)
    a = draw_graph(root, ax=ax, show_values=False)
    assert dict(matplotlib.rcParams) == before
    assert ax.axison and ax.get_title() == "mine"
    assert all(t.get_text() == "" for t in (*a.values, *a.grads, *a.edge_texts))
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for box in a.boxes:
        assert x0 <= box.get_x() and box.get_x() + box.get_width() <= x1
        assert y0 <= box.get_y() and box.get_y() + box.get_height() <= y1


def test_a_repeated_edge_is_drawn_apart():
    a = draw_graph(_graphs()["square"])
    assert a.edges == ((0, 1), (0, 1))
    first, second = (arrow.get_path().vertices for arrow in a.arrows)
    assert not np.allclose(first.mean(axis=0), second.mean(axis=0))


@pytest.mark.parametrize("presentation", [False, True])
def test_texts_do_not_overlap_and_fit_the_figure(presentation):
    g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    g.L.backward()
    style.presentation(presentation)
    try:
        with style.course_style():
            a = draw_graph(g.L, show_grads=True)
    finally:
        style.presentation(False)
    fig = a.boxes[0].figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        renderer = FigureCanvasAgg(fig).get_renderer()
    texts = [t for t in (*a.labels, *a.values, *a.grads) if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (ta, ba), (tb, bb) in itertools.combinations(zip(texts, boxes), 2):
        assert not ba.overlaps(bb), (ta.get_text(), tb.get_text())
    inside = fig.bbox.padded(1.0)
    for b in boxes:
        assert inside.x0 <= b.x0 and b.x1 <= inside.x1 and inside.y0 <= b.y0 and b.y1 <= inside.y1
    for patch, value in zip(a.boxes, a.values):  # the value sits inside its box
        assert patch.get_window_extent(renderer).contains(*value.get_window_extent(renderer).p0)


@pytest.mark.parametrize("value, text", [(0.69, "0.690"), (-1.4493, "−1.45"), (1.0, "1.00"),
                                         (100.0, "100"), (1234.5, "1.23e3"), (-0.0, "0.00"),
                                         (2.5e-5, "2.50e-5"), (0.2139, "0.214")])
def test_format_value(value, text):
    assert format_value(value) == text.replace("e-", "e−")


@pytest.mark.parametrize("op, symbol", [("*", "×"), ("-", "−"), ("/", "÷"), ("+", "+"),
                                        ("**2", "x²"), ("**-1", "x⁻¹"), ("**0.5", "x^0.5"),
                                        ("σ", "σ"), ("log", "log")])
def test_op_symbol(op, symbol):
    assert op_symbol(op) == symbol


def test_extent_holds_the_boxes():
    layout = graph_layout(_graphs()["logistic"])
    x0, x1, y0, y1 = graph_extent(layout)
    w, h = BOX_SIZE
    assert all(x0 < x - w / 2 and x + w / 2 < x1 and y0 < y - h / 2 and y + h / 2 < y1
               for x, y in layout.values())


@pytest.mark.parametrize("layout, error, match", [
    ([(0, 0)], TypeError, "`layout` must be a dict"),
    ({}, ValueError, "no position for the nodes"),
])
def test_bad_layout_is_explained(layout, error, match):
    with pytest.raises(error, match=match):
        draw_graph(_graphs()["square"], layout=layout)


def test_root_must_be_a_value():
    with pytest.raises(TypeError, match="`root` must be a Value"):
        draw_graph(3.0)


def test_an_edge_that_would_cross_a_box_bows_over_it_and_stays_in_the_extent():
    x = Value(3.0, "x")
    f = x * x + x  # x → f skips the column of x·x, at the same height
    a = draw_graph(f)
    layout = graph_layout(f)
    x0, x1, y0, y1 = graph_extent(layout, a.curves)
    long_edge = a.edges.index((0, 2))
    assert curve_point(a.curves[long_edge], 0.5)[1] > layout[x][1] + BOX_SIZE[1]
    for curve in a.curves:
        px, py = curve_point(curve, 0.5)
        assert x0 < px < x1 and y0 < py < y1
    ax = a.boxes[0].axes
    assert ax.get_ylim()[1] >= curve_point(a.curves[long_edge], 0.5)[1]


def test_extent_of_a_layout_alone_holds_the_curves_draw_graph_draws():
    x = Value(3.0, "x")
    f = x * x + x
    layout = graph_layout(f)
    a = draw_graph(f)
    assert graph_extent(layout) == graph_extent(layout, a.curves)
    assert graph_extent(layout) != graph_extent(layout, [])
