"""Every claim 04_computational_graph makes in words, checked numerically.

The references are independent of lessons_lib.graph: closed forms, central differences written
here, and math.* one-liners. The numbers the text states are looked up in the notebook's own
markdown, so a changed number in the text fails here too.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import activations, graph
from lessons_lib.checks import graph as graph_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_computational_graph.ipynb"
EX = dict(x=(1.5, -0.5), w=(0.8, 0.4), b=-0.2, y=1)  # the example of the text and GraphStepper


def markdown():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def central(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def sig(z):
    return 0.5 * (1 + math.tanh(z / 2))  # an independent sigmoid


def bce(a, y):
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


# --- the chain rule ------------------------------------------------------------------------

def test_h_example_numbers():
    h = lambda x: (3 * x + 1) ** 2  # noqa: E731
    u = 3 * 0.5 + 1
    assert u == 2.5 and 2 * u * 3 == 15
    assert central(h, 0.5) == pytest.approx(15, rel=1e-9)
    assert "u = 2.5$ and $\\dfrac{dh}{dx} = 15$" in markdown()


def test_central_difference_error_is_of_order_eps_squared():
    f, x = (lambda t: -math.log(sig(3 * t + 1))), -0.5
    exact = -3 * (1 - sig(3 * x + 1))
    errors = [abs(central(f, x, eps) - exact) for eps in (1e-2, 5e-3)]
    assert 3.5 < errors[0] / errors[1] < 4.5  # halving ε divides the error by 4


@pytest.mark.parametrize("x", np.linspace(-3, 3, 13))
def test_chain_of_three_local_derivatives(x):
    z, a = 3 * x + 1, sig(3 * x + 1)
    assert central(lambda t: 3 * t + 1, x) == pytest.approx(3)
    assert central(sig, z) == pytest.approx(a * (1 - a), rel=1e-6, abs=1e-9)
    assert central(lambda t: -math.log(t), a, 1e-8) == pytest.approx(-1 / a, rel=1e-6)
    dL_dx = (-1 / a) * a * (1 - a) * 3
    assert dL_dx == pytest.approx(-3 * (1 - a), rel=1e-12)
    assert central(lambda t: -math.log(sig(3 * t + 1)), x) == pytest.approx(dL_dx, rel=1e-6,
                                                                              abs=1e-9)


def test_engine_chain_nodes_and_gradient():
    x = graph.Value(-0.5, label="x")
    L = -(3 * x + 1).sigmoid().log()
    order = graph.topological_order(L)
    inputs = [n.label for n in order if not n.op]
    assert inputs == ["x", "3", "1"]  # "numbers such as 3 and 1 became input nodes too"
    unnamed = [n for n in order if n.op and n is not L and n.op != "+" and n.op != "σ"]
    assert [n.data for n in unnamed] == [pytest.approx(-1.5),
                                         pytest.approx(math.log(sig(-0.5)))]  # 3x and log a
    a = next(n for n in order if n.op == "σ")
    assert a.local_grads[0] == pytest.approx(a.data * (1 - a.data))  # "stored a(1 − a)"
    L.backward()
    assert x.grad == pytest.approx(central(lambda t: -math.log(sig(3 * t + 1)), -0.5), rel=1e-7)


# --- the logistic-regression graph ----------------------------------------------------------

def test_example_forward_numbers_as_stated():
    z = sum(wi * xi for wi, xi in zip(EX["w"], EX["x"])) + EX["b"]
    a = sig(z)
    assert z == pytest.approx(0.8) and 1.5 * 0.8 == pytest.approx(1.2)
    assert -0.5 * 0.4 == pytest.approx(-0.2)
    text = markdown()
    assert "$z = 1.2 - 0.2 - 0.2 = 0.8$" in text
    assert f"\\sigma(0.8) \\approx {a:.3f}$" in text
    assert f"$L = -\\log {a:.3f} \\approx {bce(a, 1):.3f}$" in text
    assert f"$dz = {a:.3f} - 1 \\approx {a - 1:.3f}$" in text
    g = graph.logistic_regression_graph(**EX)
    assert (g.z.data, g.a.data, g.L.data) == (pytest.approx(z), pytest.approx(a),
                                              pytest.approx(bce(a, 1)))


def test_negative_dz_means_increasing_z_lowers_the_loss():
    z = 0.8
    assert sig(z) - 1 < 0
    assert bce(sig(z + 1e-3), 1) < bce(sig(z), 1)


@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("z", np.linspace(-6, 6, 25))
def test_local_derivatives_and_dz_equals_a_minus_y(z, y):
    a = sig(z)
    dL_da = -y / a + (1 - y) / (1 - a)
    assert central(lambda t: bce(t, y), a, 1e-9) == pytest.approx(dL_da, rel=1e-5)
    assert central(sig, z) == pytest.approx(a * (1 - a), rel=1e-7)
    assert dL_da * a * (1 - a) == pytest.approx(a - y, rel=1e-9, abs=1e-15)
    assert -y * (1 - a) + (1 - y) * a == pytest.approx(a - y, abs=1e-15)
    assert central(lambda t: bce(sig(t), y), z) == pytest.approx(a - y, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("y", [0, 1])
def test_engine_gradients_equal_formulas_and_finite_differences(seed, y):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    x, w, b = rng.normal(size=n).tolist(), rng.normal(size=n).tolist(), float(rng.normal())
    g = graph.logistic_regression_graph(x, w, b, y)
    g.L.backward()
    a = sig(sum(wi * xi for wi, xi in zip(w, x)) + b)

    def loss(w_, b_):
        return bce(sig(sum(wi * xi for wi, xi in zip(w_, x)) + b_), y)

    for j in range(n):
        def along_wj(t, j=j):
            return loss(w[:j] + [t] + w[j + 1:], b)
        assert g.w[j].grad == pytest.approx((a - y) * x[j], rel=1e-9, abs=1e-12)  # dz/dw = x
        assert g.w[j].grad == pytest.approx(central(along_wj, w[j]), rel=1e-6, abs=1e-9)
    assert g.b.grad == pytest.approx(a - y, rel=1e-9)
    assert g.b.grad == pytest.approx(central(lambda t: loss(w, t), b), rel=1e-6, abs=1e-9)
    assert g.z.grad == pytest.approx(a - y, rel=1e-9)
    assert g.a.grad == pytest.approx(-y / a + (1 - y) / (1 - a), rel=1e-9)


def test_factors_explode_and_vanish_but_dz_stays_between_minus_one_and_one():
    zs = np.linspace(-30, 30, 601)
    a = activations.sigmoid(zs)
    inv_a = 1 / a
    assert np.all(np.diff(inv_a) < 0) and inv_a[0] > 1e12  # 1/a grows without bound as z → −∞
    slope = a * (1 - a)
    assert slope[0] < 1e-12 and slope[-1] < 1e-12 and slope.max() <= 0.25
    for y in (0, 1):
        dz = a - y
        assert np.all(np.abs(dz) < 1)
        # dz vanishes only when the prediction is right (a on y's side of 1/2)
        small = np.abs(dz) < 0.01
        assert small.any() and np.all((a[small] > 0.5) == (y == 1))
    assert np.all(np.abs(activations.sigmoid(np.array([-800.0, 800.0])) - [0, 1]) <= 1)


# --- reverse mode ----------------------------------------------------------------------------

def test_backward_pass_visits_each_edge_once_and_the_example_has_nine():
    g = graph.logistic_regression_graph(**EX)
    steps = graph.backward_steps(g.L)
    edges = sum(len(n.parents) for n in graph.topological_order(g.L))
    assert len(steps) == edges == 9
    assert len({(id(s.node), id(s.parent), i) for i, s in enumerate(steps)}) == 9
    assert "the graph's {len(steps)} edges" in NOTEBOOK.read_text(encoding="utf-8")


def test_one_backward_pass_gives_every_gradient_finite_differences_need_two_per_parameter():
    calls = []
    w0 = np.random.default_rng(0).normal(size=1000)

    def cost(w):
        calls.append(1)
        return float(np.sum(np.tanh(w)))

    grad = np.array([central(lambda t, j=j: cost(np.concatenate([w0[:j], [t], w0[j + 1:]])),
                             w0[j]) for j in range(1000)])
    assert len(calls) == 2000  # "central differences need 2000 forward passes"
    np.testing.assert_allclose(grad, 1 - np.tanh(w0) ** 2, rtol=1e-6)
    x = [graph.Value(float(v)) for v in w0[:50]]
    total = x[0].tanh()
    for v in x[1:]:
        total = total + v.tanh()
    total.backward()  # one backward pass: all 50 gradients
    np.testing.assert_allclose([v.grad for v in x], 1 - np.tanh(w0[:50]) ** 2, rtol=1e-12)


def _overwriting_backward(root):
    """The bug the text warns about: grad = ... on each edge instead of +=."""
    order = graph.topological_order(root)
    grads = {id(n): 0.0 for n in order}
    grads[id(root)] = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads[id(node)] * local
    return grads


def test_a_node_used_twice_accumulates():
    x = graph.Value(3.0, label="x")
    f = x * x + x
    f.backward()
    assert x.grad == 7 == 2 * 3 + 1 == 3 + 3 + 1
    into_x = [s.contribution for s in graph.backward_steps(f) if s.parent is x]
    assert sorted(into_x) == [1, 3, 3] and sum(into_x) == x.grad  # three edges into x
    assert _overwriting_backward(f)[id(x)] != 7  # overwriting keeps only the last path
    assert "at $x = 3$, that is $3 + 3 + 1 = 7$" in markdown()


# --- the exercises -------------------------------------------------------------------------

def test_exercise_forward_numbers_and_gradients():
    x, y, z = 2.0, -3.0, 1.0
    q, r = x * y, x * y - z
    assert (q, r, r * x) == (-6, -7, -14)
    assert "$q = -6$, $r = -7$ and $f = -14$" in markdown()
    f = lambda x_, y_, z_: (x_ * y_ - z_) * x_  # noqa: E731
    numeric = (central(lambda t: f(t, y, z), x), central(lambda t: f(x, t, z), y),
               central(lambda t: f(x, y, t), z))
    np.testing.assert_allclose(graph_checks._backward(x, y, z), numeric, rtol=1e-8)
    xv, yv, zv = graph.Value(x), graph.Value(y), graph.Value(z)
    fv = (xv * yv - zv) * xv
    fv.backward()
    np.testing.assert_allclose((xv.grad, yv.grad, zv.grad), numeric, rtol=1e-8)


def test_product_local_derivative_is_the_other_factor():
    x, y = graph.Value(2.0), graph.Value(-3.0)
    assert (x * y).local_grads == (-3.0, 2.0)


@pytest.mark.parametrize("z", np.linspace(-10, 10, 41))
def test_sigmoid_derivative_identity(z):
    s = sig(z)
    assert math.exp(-z) / (1 + math.exp(-z)) ** 2 == pytest.approx(s * (1 - s), rel=1e-9)
    assert central(sig, z) == pytest.approx(s * (1 - s), rel=1e-6, abs=1e-12)
    assert float(activations.sigmoid_derivative(z)) == pytest.approx(s * (1 - s), rel=1e-9,
                                                                     abs=1e-300)


def test_stable_sigmoid_derivative_at_1000_is_zero_without_warning():
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        s = activations.sigmoid(np.array([-1000.0, 1000.0]))
        assert np.array_equal(s * (1 - s), [0.0, 0.0])


def test_quiz_wrong_options_are_wrong():
    a, y = sig(0.8), 1
    assert (a - y) * a * (1 - a) != pytest.approx(a - y)  # counts the slope twice
    assert a * (1 - a) != pytest.approx(a - y)
    assert -y / a + (1 - y) / (1 - a) != pytest.approx(a - y)


def test_gradients_with_respect_to_the_constants():
    x = graph.Value(-0.5, label="x")
    L = -(3 * x + 1).sigmoid().log()
    L.backward()
    three, one = (n for n in graph.topological_order(L) if n.label in ("3", "1"))
    assert three.grad == pytest.approx(central(lambda c: -math.log(sig(c * -0.5 + 1)), 3.0),
                                       rel=1e-7)
    assert one.grad == pytest.approx(central(lambda c: -math.log(sig(3 * -0.5 + c)), 1.0),
                                     rel=1e-7)


def test_stepping_the_accumulation_example_shows_1_then_4_then_7():
    from lessons_lib import widgets

    x = graph.Value(3.0, label="x")
    u = x * x
    f = u + x
    into_x = [s.contribution for s in graph.backward_steps(f) if s.parent is x]
    assert np.cumsum(into_x).tolist() == [1, 4, 7]
    stepper = widgets.GraphStepper(root=f)
    shown = []
    for step in range(stepper.num_steps):
        stepper.go_to(step)
        text = stepper.displayed_grads().get(x)
        if text and (not shown or shown[-1] != text):
            shown.append(text)
    assert [t.split("=")[-1].strip() for t in shown] == ["1.00", "4.00", "7.00"]
    assert "grow from 1 to 4 to 7" in markdown()
