"""The scalar autodiff engine (lessons_lib.graph) against independent references:
central finite differences (lessons_lib.gradcheck) for every operation and for composite
expressions, the closed forms of logistic regression (∂L/∂z = a − y, ∂L/∂w = x (a − y))
and models.LogisticRegression.backward, and structural properties (accumulation, zeroing,
topological order, the replay of backward_steps, a 2000-node chain)."""

import doctest
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons_lib import graph
from lessons_lib.gradcheck import numerical_gradient, relative_error
from lessons_lib.graph import (BackwardStep, Value, backward_steps, forward_steps,
                               logistic_regression_graph, topological_order)
from lessons_lib.losses import binary_cross_entropy_with_logits
from lessons_lib.models import LogisticRegression

TOL = 1e-7


def _engine_grad(build, point):
    """Value and gradient of ``build(*Values)`` at ``point`` by the engine."""
    leaves = [Value(float(v)) for v in point]
    out = build(*leaves)
    out.backward()
    return out.data, np.array([leaf.grad for leaf in leaves])


def _numeric_grad(build, point):
    return numerical_gradient(lambda p: build(*[Value(float(v)) for v in p]).data,
                              np.array(point, dtype=float))


# name: (function of Values, number of inputs, how to draw a valid input from a standard normal u)
OPS = {
    "add": (lambda a, b: a + b, 2, lambda u: u),
    "sub": (lambda a, b: a - b, 2, lambda u: u),
    "mul": (lambda a, b: a * b, 2, lambda u: u),
    "div": (lambda a, b: a / b, 2, lambda u: np.sign(u) * (0.5 + np.abs(u))),
    "neg": (lambda a: -a, 1, lambda u: u),
    "pow2": (lambda a: a ** 2, 1, lambda u: u),
    "pow3": (lambda a: a ** 3, 1, lambda u: u),
    "pow-1": (lambda a: a ** -1, 1, lambda u: np.sign(u) * (0.5 + np.abs(u))),
    "pow0.5": (lambda a: a ** 0.5, 1, lambda u: 0.2 + np.abs(u)),
    "pow2.5": (lambda a: a ** 2.5, 1, lambda u: 0.2 + np.abs(u)),
    "sigmoid": (lambda a: a.sigmoid(), 1, lambda u: 3 * u),
    "log": (lambda a: a.log(), 1, lambda u: 0.2 + np.abs(u)),
    "exp": (lambda a: a.exp(), 1, lambda u: 2 * u),
    "tanh": (lambda a: a.tanh(), 1, lambda u: 2 * u),
    "relu": (lambda a: a.relu(), 1, lambda u: np.sign(u) * (0.1 + np.abs(u))),
    "radd": (lambda a: 2.5 + a, 1, lambda u: u),
    "rsub": (lambda a: 2.5 - a, 1, lambda u: u),
    "rmul": (lambda a: -1.5 * a, 1, lambda u: u),
    "rdiv": (lambda a: 2.0 / a, 1, lambda u: np.sign(u) * (0.5 + np.abs(u))),
    "sub_number": (lambda a: a - 4, 1, lambda u: u),
    "div_number": (lambda a: a / 3, 1, lambda u: u),
}


@pytest.mark.parametrize("name", OPS)
def test_every_operation_matches_finite_differences(name):
    build, n_inputs, domain = OPS[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    for _ in range(5):
        point = domain(rng.standard_normal(n_inputs))
        _, analytic = _engine_grad(build, point)
        numeric = _numeric_grad(build, point)
        assert relative_error(analytic, numeric) < TOL, (name, point, analytic, numeric)


def test_operations_compute_the_right_values_and_ops():
    a, b = Value(1.5, "a"), Value(-0.5, "b")
    cases = [(a + b, 1.0, "+"), (a - b, 2.0, "-"), (a * b, -0.75, "*"), (a / b, -3.0, "/"),
             (-a, -1.5, "-"), (a ** 2, 2.25, "**2"), (a.sigmoid(), 1 / (1 + math.exp(-1.5)), "σ"),
             (a.log(), math.log(1.5), "log"), (a.exp(), math.exp(1.5), "exp"),
             (a.tanh(), math.tanh(1.5), "tanh"), (b.relu(), 0.0, "relu")]
    for node, value, op in cases:
        assert node.data == pytest.approx(value, rel=1e-15) and node.op == op
        assert len(node.parents) == len(node.local_grads) and node.grad == 0.0
    assert a.op == "" and a.parents == () and a.local_grads == ()
    assert (a * b).parents[0] is a and (a * b).local_grads == (-0.5, 1.5)


def test_sigmoid_is_stable_and_relu_derivative_at_zero():
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0
    assert Value(-40.0).sigmoid().data == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert Value(0.0).relu().local_grads == (0.0,)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3))
def test_composite_expression_matches_finite_differences(point):
    def build(a, b, c):
        h = (a * b + c).tanh() * a - b / (c ** 2 + 1.0)
        kinks.append((h - c).data)
        return (h.sigmoid() + 0.1).log() * (0.3 * a).exp() + (h - c).relu() * b
    kinks = []
    _, analytic = _engine_grad(build, point)
    assume(abs(kinks[0]) > 1e-3)  # relu has no derivative at 0: stay away from its kink
    numeric = _numeric_grad(build, point)
    assert relative_error(analytic, numeric) < TOL


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize("expand_loss", [False, True])
def test_logistic_graph_matches_closed_forms_and_the_model(n, expand_loss):
    rng = np.random.default_rng(n)
    for y in (0, 1):
        x, w, b = rng.standard_normal(n), rng.standard_normal(n), float(rng.standard_normal())
        g = logistic_regression_graph(x.tolist(), w.tolist(), b, y, expand_loss=expand_loss)
        g.L.backward()
        z = float(x @ w + b)
        a = 1 / (1 + math.exp(-z))
        assert g.z.data == pytest.approx(z, rel=1e-12) and g.a.data == pytest.approx(a, rel=1e-12)
        assert g.L.data == pytest.approx(binary_cross_entropy_with_logits([y], [z])[0], rel=1e-12)
        assert g.z.grad == pytest.approx(a - y, rel=1e-12, abs=1e-15)
        assert g.b.grad == pytest.approx(a - y, rel=1e-12, abs=1e-15)
        assert g.a.grad * g.a.local_grads[0] == pytest.approx(a - y, rel=1e-12)
        np.testing.assert_allclose([wi.grad for wi in g.w], x * (a - y), rtol=1e-12)
        np.testing.assert_allclose([xi.grad for xi in g.x], w * (a - y), rtol=1e-12)
        model = LogisticRegression(n)
        model.w, model.b = w, b
        grads = model.backward(x[None, :], [y], model.forward(x[None, :]))
        np.testing.assert_allclose([wi.grad for wi in g.w], grads.dw, rtol=1e-12)
        assert g.b.grad == pytest.approx(grads.db, rel=1e-12)


def test_logistic_graph_matches_finite_differences_and_its_structure():
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal(3), rng.standard_normal(3), 0.3
    g = logistic_regression_graph(x, w, b, 1)
    g.L.backward()
    params = np.concatenate([w, [b]])
    numeric = numerical_gradient(
        lambda p: logistic_regression_graph(x, p[:3], p[3], 1).L.data, params)
    analytic = [wi.grad for wi in g.w] + [g.b.grad]
    assert relative_error(analytic, numeric) < TOL
    assert [v.label for v in g.x + g.w] == ["x₁", "x₂", "x₃", "w₁", "w₂", "w₃"]
    assert [p.label for p in g.products] == ["w₁x₁", "w₂x₂", "w₃x₃"]
    assert (g.z.label, g.a.label, g.L.label, g.b.label) == ("z", "a", "L", "b")
    assert g.z.parents == g.products + (g.b,) and g.a.parents == (g.z,) and g.L.parents == (g.a,)
    assert g.a.op == "σ" and g.L.op == "BCE"


def test_a_node_used_twice_accumulates():
    x = Value(3.0, "x")
    for out, expected in [(x * x, 6.0), (x + x, 2.0), (x * x * x, 27.0), ((x + 1) * (x - 1), 6.0)]:
        out.backward()
        assert x.grad == pytest.approx(expected, rel=1e-15)


def test_backward_zeroes_first():
    x = Value(2.0, "x")
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 4.0 and y.grad == 1.0
    (y * 3.0).backward()  # a new root over the same nodes: grads start again from zero
    assert x.grad == 12.0 and y.grad == 3.0


def _random_graph(rng, n_leaves=4, n_ops=25):
    nodes = [Value(float(v), f"x{i}") for i, v in enumerate(rng.uniform(0.5, 1.5, n_leaves))]
    for _ in range(n_ops):
        i, j = rng.integers(len(nodes), size=2)
        a, b = nodes[i], nodes[j]
        nodes.append([a + b, a * b, a - b, (a.tanh() + b.sigmoid())][rng.integers(4)])
    return nodes[-1]


@settings(deadline=None, max_examples=30)
@given(st.integers(0, 10_000))
def test_topological_order_puts_every_parent_before_its_child(seed):
    root = _random_graph(np.random.default_rng(seed))
    order = topological_order(root)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is root
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)
    again = topological_order(root)
    assert [id(n) for n in again] == [id(n) for n in order] and forward_steps(root) == order


@settings(deadline=None, max_examples=30)
@given(st.integers(0, 10_000))
def test_backward_steps_replayed_give_the_grads_of_backward(seed):
    root = _random_graph(np.random.default_rng(seed))
    steps = backward_steps(root)
    assert all(node.grad == 0.0 for node in topological_order(root))  # nothing modified
    replay = {id(root): 1.0}
    for s in steps:
        assert isinstance(s, BackwardStep)
        assert s.upstream == replay[id(s.node)]  # the node's grad is complete when it is used
        assert s.contribution == s.upstream * s.local_grad
        replay[id(s.parent)] = replay.get(id(s.parent), 0.0) + s.contribution
    root.backward()
    for node in topological_order(root):
        assert replay.get(id(node), 0.0) == node.grad
    assert len(steps) == sum(len(n.parents) for n in topological_order(root))


def test_logistic_backward_steps_start_at_L():
    g = logistic_regression_graph([1.5, -0.5], [0.8, 0.4], -0.2, 1)
    steps = backward_steps(g.L)
    assert (steps[0].node, steps[0].parent) == (g.L, g.a)
    assert (steps[1].node, steps[1].parent) == (g.a, g.z)
    assert len(steps) == 1 + 1 + 3 + 2 * 2


def test_a_2000_node_chain():
    x = Value(0.5, "x")
    v = x
    for _ in range(2000):
        v = v.tanh() * 1.0001
    order = topological_order(v)
    assert len(order) == 1 + 2000 * 3
    v.backward()
    numeric = numerical_gradient(lambda p: _chain(p[0]), np.array([0.5]))
    assert relative_error([x.grad], numeric) < 1e-6  # 2000 compositions: rounding grows


def _chain(x0):
    v = x0
    for _ in range(2000):
        v = math.tanh(v) * 1.0001
    return v


@pytest.mark.parametrize("make, error, match", [
    (lambda: Value("1.0"), TypeError, "`data` must be a real number"),
    (lambda: Value(True), TypeError, "`data` must be a real number"),
    (lambda: Value(float("nan")), ValueError, "`data` must be finite"),
    (lambda: Value(math.inf), ValueError, "`data` must be finite"),
    (lambda: Value(1.0, label=3), TypeError, "`label` must be a str"),
    (lambda: Value(0.0).log(), ValueError, "log needs a positive input"),
    (lambda: Value(-2.0, "p").log(), ValueError, "node 'p'"),
    (lambda: Value(1000.0).exp(), ValueError, "overflows"),
    (lambda: Value(1.0) / 0, ValueError, "Division by zero"),
    (lambda: Value(1.0) + "2", TypeError, "must be a number or a Value"),
    (lambda: Value(1.0) ** Value(2.0), TypeError, "exponent must be"),
    (lambda: Value(-8.0) ** 0.5, ValueError, "no real value"),
    (lambda: Value(0.0) ** -1, ValueError, "no real value"),
    (lambda: Value(1e200) * 1e200, ValueError, "not finite"),
    (lambda: Value(1e200) ** 3, ValueError, "overflows"),
    (lambda: topological_order(1.0), TypeError, "`root` must be a Value"),
    (lambda: logistic_regression_graph([1.0, 2.0], [1.0], 0.0, 1), ValueError, "same length"),
    (lambda: logistic_regression_graph([], [], 0.0, 1), ValueError, "`x` is empty"),
    (lambda: logistic_regression_graph("ab", "cd", 0.0, 1), TypeError, "sequence of numbers"),
    (lambda: logistic_regression_graph([1.0], ["a"], 0.0, 1), TypeError, r"`w\[0\]`"),
    (lambda: logistic_regression_graph([1.0], [1.0], 0.0, 2), ValueError, "label 0 or 1"),
    (lambda: logistic_regression_graph([1.0], [1.0], math.nan, 1), ValueError, "`b`"),
    (lambda: logistic_regression_graph([50.0], [1.0], 0.0, 0), ValueError, "infinite"),
])
def test_bad_inputs_are_explained(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_docstring_examples_run():
    assert doctest.testmod(graph).failed == 0
