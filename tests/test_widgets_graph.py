"""GraphStepper driven headless: every step draws; the forward captions and boxes show the
graph's values; at the end of the backward pass the gradients under the boxes are the
.grad values of an independent L.backward(); Play, the slider and the buttons move the
step; changing an input rebuilds the graph and keeps the step; the current edge's text
covers no other text; PNG static face; bad arguments are explained."""

import base64
import io
from typing import NamedTuple

import pytest
from PIL import Image

from lessons_lib import style
from lessons_lib.graph import Value, backward_steps, logistic_regression_graph, topological_order
from lessons_lib.plots.graph import format_value
from lessons_lib.widgets import GraphStepper
from lessons_lib.widgets.graph import backward_caption

pytestmark = pytest.mark.filterwarnings("error")

X, W, B, Y = (1.5, -0.5), (0.8, 0.4), -0.2, 1


@pytest.fixture(scope="module")
def stepper():
    return GraphStepper()


def _reference(x=X, w=W, b=B, y=Y):
    g = logistic_regression_graph(x, w, b, y)
    g.L.backward()
    return {node.label: node for node in topological_order(g.L)}


def _shown(stepper, kind):
    """{label: text} of the node texts of one kind ('values' or 'grads'), non-empty ones."""
    a = stepper._artists
    return {label.get_text(): t.get_text() for label, t in zip(a.labels, getattr(a, kind))
            if t.get_text()}


class Snapshot(NamedTuple):
    phase: str
    caption: str
    values: dict
    grads: dict
    edge_texts: list
    frame: bytes
    overlaps: list  # texts the current edge's text covers


def _snapshot(stepper):
    renderer = stepper._view.canvas.get_renderer()
    a = stepper._artists
    current = [t for t in a.edge_texts if "×" in t.get_text()]
    overlaps = []
    if current:
        box = current[0].get_window_extent(renderer)
        overlaps = [o.get_text() for o in [*a.labels, *a.values, *a.grads, *a.edge_texts]
                    if o is not current[0] and o.get_text()
                    and box.overlaps(o.get_window_extent(renderer))]
    return Snapshot(stepper.phase, stepper.caption, _shown(stepper, "values"),
                    _shown(stepper, "grads"), [t.get_text() for t in a.edge_texts],
                    bytes(stepper._view.image.value), overlaps)


@pytest.fixture(scope="module")
def walk(stepper):
    """Every step of the default stepper, visited once in order (frames are the cost)."""
    fig, n_artists = stepper._view.fig, len(stepper._view.fig.findobj())
    snapshots = []
    for step in range(stepper.num_steps):
        stepper.go_to(step)
        assert stepper.step == step
        snapshots.append(_snapshot(stepper))
    assert stepper._view.fig is fig and len(fig.findobj()) == n_artists  # drawn in place
    return snapshots


def test_steps_count_and_phases(stepper, walk):
    n_nodes, n_edges = 10, 9  # x₁ w₁ x₂ w₂ b, w₁x₁ w₂x₂, z, a, L; 4 + 3 + 1 + 1 edges
    assert stepper.num_steps == len(walk) == 1 + n_nodes + n_edges
    assert stepper._slider.max == stepper._play.max == stepper.num_steps - 1
    assert [s.phase for s in walk] == ["forward"] * (1 + n_nodes) + ["backward"] * n_edges


def test_every_step_draws_a_new_frame(walk):
    frames = [s.frame for s in walk]
    assert all(frames) and len(set(frames)) == len(frames)


def test_forward_shows_each_value_as_it_is_computed(walk):
    ref = _reference()
    assert walk[0].values == {} and walk[0].grads == {} and set(walk[0].edge_texts) == {""}
    for k in range(1, 11):
        assert len(walk[k].values) == k and walk[k].grads == {}
        assert all(text == format_value(ref[label].data) for label, text in walk[k].values.items())
    assert walk[8].caption == "z = w₁x₁ + w₂x₂ + b = 1.20 + (−0.200) + (−0.200) = 0.800"
    assert walk[9].caption == (f"a = σ(z) = σ({format_value(ref['z'].data)}) = "
                               f"{format_value(ref['a'].data)}")
    assert walk[1].caption == "w₁ = 0.800, an input: its value is given."


def test_last_forward_caption_names_the_loss(walk):
    ref = _reference()
    assert walk[10].phase == "forward" and walk[10].caption.startswith("L = −log a")
    assert walk[10].caption.endswith(f"= {format_value(ref['L'].data)}   (y = 1)")
    assert format_value(ref["L"].data) == "0.371"


def test_backward_ends_with_the_grads_of_backward(walk):
    ref = _reference()
    shown = walk[-1].grads
    assert set(shown) == set(ref)  # every node shows ∂L/∂node
    for label, text in shown.items():
        name, value = text.split(" = ")
        assert name == f"∂L/∂{label}" and value == format_value(ref[label].grad)
        assert float(value.replace("−", "-")) == pytest.approx(ref[label].grad, rel=5e-3)
    assert shown["z"] == f"∂L/∂z = {format_value(ref['a'].data - 1)}"  # a − y


def test_each_backward_step_follows_one_edge(stepper, walk):
    ref = _reference()
    for j, s in enumerate(backward_steps(stepper.root), start=1):
        snap = walk[10 + j]
        assert snap.caption == backward_caption(s, stepper.root, 0.0)  # no node reused here
        current = [t for t in snap.edge_texts if "×" in t]
        assert len(current) == 1 and current[0].endswith(f"= {format_value(s.contribution)}")
        assert snap.edge_texts[j - 1] == current[0]  # edges go in backward_steps' order
        assert all(t == format_value(step.local_grad) for t, step in
                   zip(snap.edge_texts[:j - 1], backward_steps(stepper.root)))
        assert snap.grads[s.parent.label].endswith(format_value(ref[s.parent.label].grad))
        assert len(snap.grads) == j + 1  # L, then one more input per edge
    assert walk[12].caption == "∂L/∂z = ∂L/∂a · ∂a/∂z = −1.45 × 0.214 = −0.310"


def test_the_current_edge_text_covers_no_other_text(walk):
    assert [s.overlaps for s in walk[11:]] == [[]] * 9


def test_play_slider_and_buttons_drive_the_step():
    stepper = GraphStepper()
    stepper._play.value = 5
    assert stepper.step == 5 and stepper._slider.value == 5
    stepper._slider.value = 12
    assert stepper.step == 12 and stepper._play.value == 12 and stepper.phase == "backward"
    stepper._forward.click()
    assert stepper.step == 13
    stepper._back.click()
    stepper._back.click()
    assert stepper.step == 11
    stepper._reset.click()
    assert stepper.step == 0 and stepper._play.value == 0
    stepper._back.click()
    assert stepper.step == 0
    stepper.go_to(stepper.num_steps - 1)
    stepper._forward.click()
    assert stepper.step == stepper.num_steps - 1


def test_changing_an_input_rebuilds_the_graph_and_keeps_the_step():
    stepper = GraphStepper()
    stepper.go_to(stepper.num_steps - 1)
    stepper._y.value = 0
    stepper._x[0].value = 2.0
    stepper._b.value = 0.5
    assert stepper.step == stepper.num_steps - 1
    ref = _reference(x=(2.0, -0.5), b=0.5, y=0)
    assert stepper.graph.L.data == pytest.approx(ref["L"].data, rel=1e-15)
    shown = _shown(stepper, "grads")
    assert all(text.endswith(format_value(ref[label].grad)) for label, text in shown.items())
    assert _shown(stepper, "values")["L"] == format_value(ref["L"].data)
    stepper.go_to(10)
    assert stepper.caption.startswith("L = −log(1 − a)")


def test_an_input_whose_loss_is_infinite_is_explained_not_raised():
    stepper = GraphStepper()
    stepper.go_to(10)
    before = stepper.caption
    stepper._y.value = 0
    stepper._x[0].value = 60.0  # σ(z) rounds to 1: −log(1 − a) is infinite in float64
    assert "infinite" in stepper._readout.value and stepper.caption != before
    stepper._x[0].value = 1.0
    assert "infinite" not in stepper._readout.value


def test_a_graph_of_your_own():
    x = Value(3.0, "x")
    f = x * x + x
    f.label = "f"
    stepper = GraphStepper(f)
    assert stepper.graph is None and len(stepper.children) == 2  # no input controls
    assert stepper.num_steps == 1 + 3 + 4  # nodes x, x·x, f; edges 2 + 2
    stepper.go_to(stepper.num_steps - 1)
    assert _shown(stepper, "grads")["x"] == "∂f/∂x = 7.00"  # 2x + 1, collected over 3 edges
    assert "+=" in stepper.caption and "now ∂f/∂x = 7.00" in stepper.caption


def test_static_face_and_presentation_size():
    stepper = GraphStepper()
    bundle = stepper._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    png = base64.b64decode(data["image/png"])
    normal = Image.open(io.BytesIO(png)).size
    assert Image.open(io.BytesIO(png)).format == "PNG"
    style.presentation(True)
    try:
        big = GraphStepper()
    finally:
        style.presentation(False)
    size = Image.open(io.BytesIO(big.frame_png())).size
    assert size[0] == pytest.approx(1.6 * normal[0], abs=2)
    renderer = big._view.canvas.get_renderer()
    inside = big._view.fig.bbox.padded(1.0)
    for step in (10, big.num_steps - 1):  # the longest captions stay inside the picture
        big.go_to(step)
        for text in big._view.fig.texts:
            box = text.get_window_extent(renderer)
            assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0


@pytest.mark.parametrize("kwargs, error, match", [
    ({"root": 1.0}, TypeError, "`root` must be a Value"),
    ({"x": (1.0, 2.0), "w": (1.0,)}, ValueError, "same length"),
    ({"y": 3}, ValueError, "label 0 or 1"),
    ({"b": "0"}, TypeError, "`b`"),
])
def test_bad_arguments_are_explained(kwargs, error, match):
    with pytest.raises(error, match=match):
        GraphStepper(**kwargs)


def test_too_big_a_graph_and_a_step_out_of_range():
    v = Value(1.0, "v")
    for _ in range(20):
        v = v * 1.5
    with pytest.raises(ValueError, match="at most 30"):
        GraphStepper(v)
    with pytest.raises(ValueError, match="fewer features"):
        GraphStepper(x=[1.0] * 9, w=[0.1] * 9)  # 3 · 9 + 4 nodes
    stepper = GraphStepper()
    with pytest.raises(ValueError, match="at most 19"):
        stepper.go_to(20)
    with pytest.raises(TypeError, match="`step` must be an integer"):
        stepper.go_to(1.5)


def test_local_derivative_out_of_the_root_is_not_written_like_the_total_gradient():
    # f = u + x with u = x·x: the edge f → x carries the local ∂(u + x)/∂x = 1, while the total
    # ∂f/∂x = 2x + 1 = 5 also collects the path through u. Writing the local one as ∂f/∂x (as
    # before this test) made the caption claim ∂f/∂x = 1.
    from lessons_lib.graph import Value, backward_steps

    x = Value(2.0, "x")
    u = x * x
    u.label = "u"
    f = u + x
    f.label = "f"
    f.backward()
    captions = [backward_caption(s, f, 0.0) for s in backward_steps(f)]
    direct = [c for c in captions if c.startswith("∂f/∂x") and "∂f/∂f" in c]
    assert direct and all("∂(u + x)/∂x" in c for c in direct), captions
    assert all("∂f/∂f · ∂f/∂x" not in c for c in captions)
    # an input used once keeps the short form
    a, b = Value(1.0, "a"), Value(3.0, "b")
    g = a * b
    g.label = "g"
    g.backward()
    assert any("∂g/∂g · ∂g/∂a" in backward_caption(s, g, 0.0) for s in backward_steps(g))


def test_key_names_the_graphs_own_output():
    # The key said "under it: ∂L/∂node" even for a graph whose output is f (notebook 04's second
    # stepper), contradicting the labels under the boxes (∂f/∂x).
    from lessons_lib.graph import Value
    from lessons_lib.widgets import GraphStepper

    x = Value(2.0, "x")
    f = x * x + x
    f.label = "f"
    stepper = GraphStepper(root=f)
    assert "under it: ∂f/∂node" in stepper._key.get_text()
    assert "under it: ∂L/∂node" in GraphStepper()._key.get_text()
