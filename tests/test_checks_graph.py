"""check_small_graph_backward (the backward pass by hand of 04_computational_graph): the right
answer passes, a stub is "not attempted yet", an error is feedback, and every catalogued mistake,
written here independently of the catalogue (step by step, as a learner walks the graph), gets
its own hint. The checker's stated values are checked against central finite differences of f.
"""

import numpy as np
import pytest

from lessons_lib import checks
from lessons_lib.checks import graph as graph_checks

# globals a learner's function may read by accident: the forward values of the text's example
r_text = -7.0
q_text = -6.0


def f(x, y, z):
    """The graph of the exercise: q = x·y, r = q − z, f = r·x."""
    return (x * y - z) * x


def walk(x, y, z, *, direct=True, through_q=True, combine=lambda a, b: a + b, upstream=True,
         swap_product=False, sign=-1.0, order=(0, 1, 2)):
    """A backward pass written as a learner does it, node by node, with switches for mistakes."""
    q = x * y
    r = q - z  # the forward pass is right in every variant
    df = 1.0
    dr = df * x if upstream else x  # f = r·x
    dx_direct = df * r if upstream else r
    dq = dr * 1.0 if upstream else 1.0
    dz = dr * sign if upstream else sign
    local_x, local_y = (x, y) if swap_product else (y, x)  # dq/dx = y, dq/dy = x
    dx_q = dq * local_x if upstream else local_x
    dy = dq * local_y if upstream else local_y
    parts = [p for p, keep in ((dx_direct, direct), (dx_q, through_q)) if keep]
    dx = combine(*parts) if len(parts) == 2 else parts[0]
    grads = (dx, dy, dz)
    return tuple(grads[i] for i in order)


def correct(x, y, z):
    return walk(x, y, z)


def _global_r(x, y, z):
    dx = r_text + x * y
    return dx, x * x, -x


BUGGY = {
    "only the direct path of x (f = r·x)": lambda x, y, z: walk(x, y, z, through_q=False),
    "only the path of x through q": lambda x, y, z: walk(x, y, z, direct=False),
    "the two paths of x multiplied": lambda x, y, z: walk(x, y, z, combine=lambda a, b: a * b),
    "forgot the upstream factor (the chain rule's product)":
        lambda x, y, z: walk(x, y, z, upstream=False),
    "a product's local derivatives swapped": lambda x, y, z: walk(x, y, z, swap_product=True),
    "the sign of the difference": lambda x, y, z: walk(x, y, z, sign=1.0),
    "dx and dy returned in the other order": lambda x, y, z: walk(x, y, z, order=(1, 0, 2)),
    "a global variable instead of an argument": _global_r,
}


def _run(capsys, fn):
    result = checks.check_small_graph_backward(fn)
    return result, capsys.readouterr().out


def _words(text):
    return " ".join(text.replace("hint:", " ").split())


def test_registered_in_the_package_and_the_catalogue():
    assert "check_small_graph_backward" in checks.__all__
    assert checks.CATALOGUE["check_small_graph_backward"] is \
        graph_checks.SMALL_GRAPH_BACKWARD_MISTAKES
    assert {m.name for m in graph_checks.SMALL_GRAPH_BACKWARD_MISTAKES} == set(BUGGY)


@pytest.mark.parametrize("case", graph_checks._cases(), ids=lambda c: c.note)
def test_stated_values_match_finite_differences(case):
    x, y, z = case.args
    eps = 1e-6
    numeric = [(f(*(np.array(case.args) + eps * e)) - f(*(np.array(case.args) - eps * e)))
               / (2 * eps) for e in np.eye(3)]
    stated = case.expected if case.expected is not None else graph_checks._backward(x, y, z)
    np.testing.assert_allclose(stated, numeric, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(correct(x, y, z), numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("answer", [correct, lambda x, y, z: [2 * x * y - z, x ** 2, -x]],
                         ids=["walked", "list"])
def test_right_answer_passes_with_one_line(capsys, answer):
    result, out = _run(capsys, answer)
    assert result is True
    assert out == "✓ small_graph_backward: all 5 checks passed.\n"


def test_stub_is_not_attempted_yet(capsys):
    def small_graph_backward(x, y, z):
        raise NotImplementedError()

    result, out = _run(capsys, small_graph_backward)
    assert result is False
    assert "not attempted yet" in out and "✗" not in out and out.count("\n") == 1


def test_an_error_is_feedback_not_a_traceback(capsys):
    result, out = _run(capsys, lambda x, y, z: x / 0.0 if x else 1 / 0)
    assert result is False
    assert "raised ZeroDivisionError" in out and "input: x = 2, y = -3, z = 1" in out
    assert "hint:" in out and "Traceback" not in out


def test_two_values_is_a_form_problem(capsys):
    result, out = _run(capsys, lambda x, y, z: (2 * x * y - z, x * x))
    assert result is False
    assert "expected 3 values (dx, dy, dz)" in out and "return dx, dy, dz" in out


@pytest.mark.parametrize("name", sorted(BUGGY))
def test_each_mistake_gets_its_hint(capsys, name):
    mistake = next(m for m in graph_checks.SMALL_GRAPH_BACKWARD_MISTAKES if m.name == name)
    result, out = _run(capsys, BUGGY[name])
    assert result is False
    assert out.startswith("✗ small_graph_backward: check ") and "Traceback" not in out
    if mistake.detect is None:
        assert _words(mistake.hint) in _words(out), out
    else:
        assert "`r_text`" in out and "instead of using only its arguments" in _words(out), out
    others = [m for m in graph_checks.SMALL_GRAPH_BACKWARD_MISTAKES
              if m.name != name and m.detect is None]
    assert not any(_words(m.hint) in _words(out) for m in others), out


def test_mistakes_differ_from_the_answer_and_each_other_on_the_first_case():
    args = graph_checks._cases()[0].args
    outcomes = [tuple(np.round(BUGGY[n](*args), 9)) for n in BUGGY]
    assert len(set(outcomes)) == len(outcomes)
    assert tuple(np.round(correct(*args), 9)) not in outcomes[:-1]  # the global one is right here
