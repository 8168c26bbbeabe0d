"""check_propagate (notebook 05): a correct propagate passes, a stub is "not attempted yet", an
error is feedback, and each catalogued mistake, written here independently of the catalogue's own
buggy functions (loops, np.dot, other spellings), gets its own hint."""

import math

import numpy as np
import pytest

from lessons_lib.checks import logistic
from lessons_lib.gradcheck import numerical_gradient

# globals that the "global variable" mistake reads by accident
X_train = np.arange(14.0).reshape(7, 2)
y_train = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0])


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(np.asarray(z, dtype=float) / 2.0))


def propagate_variant(X, y, w, b, *, dz_sign=1.0, divide_by=None, summed=False, cost_sign=-1.0,
                      with_b=True, link=sigmoid, order=("cost", "dw", "db"), transpose=True,
                      data=None):
    """A loop-based propagate; each keyword introduces one mistake."""
    X, y = (X, y) if data is None else data
    m, n = X.shape
    a = link(np.dot(X, w) + (b if with_b else 0.0))
    total = sum(y[i] * math.log(a[i]) + (1 - y[i]) * math.log1p(-a[i]) for i in range(m))
    cost = cost_sign * (total if summed else total / m)
    dz = dz_sign * (a - y)
    dw = np.zeros(n)
    for i in range(m):
        dw += X[i] * dz[i]
    if not transpose:
        dw = np.dot(X, dz)
    scale = m if divide_by is None else divide_by(X)
    out = {"cost": cost, "dw": dw / scale, "db": float(np.sum(dz)) / scale}
    return tuple(out[k] for k in order)


def correct(X, y, w, b):
    return propagate_variant(X, y, w, b)


def _naive_link(z):
    return z


BUGGY = {
    "forgot 1/m in the gradients": lambda X, y, w, b: propagate_variant(
        X, y, w, b, divide_by=lambda X: 1.0),
    "the sign flipped (y − a)": lambda X, y, w, b: propagate_variant(X, y, w, b, dz_sign=-1.0),
    "m taken from X.shape[1]": lambda X, y, w, b: propagate_variant(
        X, y, w, b, divide_by=lambda X: X.shape[1]),
    "X @ (a − y) without the transpose": lambda X, y, w, b: propagate_variant(
        X, y, w, b, transpose=False),
    "cost summed, not averaged": lambda X, y, w, b: propagate_variant(X, y, w, b, summed=True),
    "the cost without its minus sign": lambda X, y, w, b: propagate_variant(
        X, y, w, b, cost_sign=1.0),
    "forgot b": lambda X, y, w, b: propagate_variant(X, y, w, b, with_b=False),
    "forgot the sigmoid": lambda X, y, w, b: _no_sigmoid(X, y, w, b),
    "returned (dw, db, cost)": lambda X, y, w, b: propagate_variant(
        X, y, w, b, order=("dw", "db", "cost")),
    "a global variable instead of an argument": lambda X, y, w, b: propagate_variant(
        X, y, w, b, data=(X_train, y_train)),
}


def _no_sigmoid(X, y, w, b):
    a = np.dot(X, w) + b
    cost = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    return float(cost), np.dot(X.T, a - y) / len(y), float(np.mean(a - y))


def run(capsys, fn):
    result = logistic.check_propagate(fn)
    return result, capsys.readouterr().out


def words(text):
    return " ".join(text.replace("hint:", " ").split())


def test_every_catalogued_mistake_has_a_buggy_implementation_here():
    assert set(BUGGY) == {m.name for m in logistic.PROPAGATE_MISTAKES}
    assert len(logistic.PROPAGATE_MISTAKES) >= 3


def test_correct_solution_passes_with_one_line(capsys):
    result, out = run(capsys, correct)
    assert result is True and out == "✓ propagate: all 4 checks passed.\n"


def test_stub_is_not_attempted_yet(capsys):
    def propagate(X, y, w, b):
        raise NotImplementedError()

    result, out = run(capsys, propagate)
    assert result is False and "not attempted yet" in out and "✗" not in out


def test_an_error_is_feedback_not_a_traceback(capsys):
    result, out = run(capsys, lambda X, y, w, b: 1 / 0)
    assert result is False and "raised ZeroDivisionError" in out and "hint:" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("name", sorted(BUGGY))
def test_buggy_implementation_gets_the_hint_of_its_mistake(capsys, name):
    mistake = next(m for m in logistic.PROPAGATE_MISTAKES if m.name == name)
    result, out = run(capsys, BUGGY[name])
    assert result is False and out.startswith("✗ ")
    if mistake.detect is None:
        assert words(mistake.hint) in words(out), out
    else:
        assert "instead of using only its arguments" in words(out), out


def test_reference_matches_finite_differences_of_its_own_cost():
    """The reference's dw, db are the gradient of its cost (central differences)."""
    for case in logistic._propagate_cases():
        X, y, w, b = case.args
        cost, dw, db = logistic._propagate(X, y, w, b)
        num_dw = numerical_gradient(lambda v: logistic._propagate(X, y, v, b)[0], w.copy())
        num_db = numerical_gradient(lambda v: logistic._propagate(X, y, w, float(v))[0], b)
        assert np.linalg.norm(num_dw - dw) / (np.linalg.norm(num_dw) + np.linalg.norm(dw)) < 1e-7
        assert abs(float(num_db) - db) <= 1e-7 * (abs(db) + abs(float(num_db))) + 1e-12
        if case.expected is not None:
            assert np.isclose(cost, case.expected[0], rtol=1e-12)
            assert np.allclose(dw, case.expected[1], rtol=1e-12)
            assert np.isclose(db, case.expected[2], atol=1e-15)


def test_cases_never_warn_and_differ_in_m_and_n():
    for case in logistic._propagate_cases():
        X = case.args[0]
        assert X.shape[0] != X.shape[1]
        with np.errstate(all="raise"):
            logistic._propagate(*case.args)
