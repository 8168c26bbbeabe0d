"""The checking engine: safe runs, what it reports for each kind of problem, generic hints,
detection of global variables, determinism, and the consistency of the exercises' own data."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from lessons_lib import checks
from lessons_lib.checks import (Exercise, _format, activations, descent, graph, layers, logistic,
                                loss, network, neuron)
from lessons_lib.checks._core import _run

MODULES = (neuron, logistic, loss, descent, graph, activations, layers, network)
EXERCISES = [obj for module in MODULES for obj in vars(module).values()
             if isinstance(obj, Exercise)]

scores_global = np.ones((4, 2))
n_samples = 4
THRESHOLD = 0.5
X = np.arange(6.0).reshape(3, 2)  # the course's data names, in capitals but not constants
W = [np.ones((2, 3)), np.ones((3, 1))]
L = 2
EPS_ARRAY = np.full(3, 1e-12)  # an array is data whatever its name
step_size = 0.25  # the learning rate of check_descent_loop's first case
other_step_size = 0.3


def stable_sigmoid(z):
    return 0.5 * (1.0 + np.tanh(np.asarray(z, dtype=float) / 2.0))


def check(capsys, checker, fn):
    result = checker(fn)
    return result, capsys.readouterr().out


# --- the exercises' own data ------------------------------------------------------------------

def test_every_exercise_is_found_and_has_a_checker():
    assert len(EXERCISES) == len(checks.CATALOGUE) == 21


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.name)
def test_reference_agrees_with_the_closed_forms_and_never_warns(ex):
    for case in ex.cases():
        outcome = _run(ex.reference, case, ex.params)
        assert outcome.error is None and outcome.warning is None and outcome.mutated is None
        if case.expected is not None:
            got, want = outcome.value, case.expected
            pairs = zip(got, want) if ex.outputs else [(got, want)]
            for g, w in pairs:
                assert np.allclose(np.asarray(g, dtype=float), np.asarray(w, dtype=float),
                                   rtol=1e-12, atol=1e-15), (ex.name, case.note)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.name)
def test_cases_are_built_fresh_and_identical_each_time(ex):
    first, second = ex.cases(), ex.cases()
    assert len(first) >= 4
    for a, b in zip(first, second):
        assert a.note == b.note
        for x, y in zip(a.args, b.args):
            if isinstance(x, np.ndarray):
                assert x is not y and np.array_equal(x, y)


def test_catalogue_entries_are_well_formed():
    for name, mistakes in checks.CATALOGUE.items():
        names = [m.name for m in mistakes]
        assert len(set(names)) == len(names), name
        for mistake in mistakes:
            assert mistake.name and mistake.hint.strip()
            assert (mistake.fn is None) != (mistake.detect is None)


# --- what the engine reports ----------------------------------------------------------------

def test_success_is_one_line_naming_the_count(capsys):
    result, out = check(capsys, checks.check_sigmoid, stable_sigmoid)
    assert result is True and out == "✓ sigmoid: all 6 checks passed.\n"


def test_not_attempted_even_when_the_stub_is_deep_inside(capsys):
    def helper(z):
        raise NotImplementedError("later")

    result, out = check(capsys, checks.check_relu, lambda z: helper(z) + 1)
    assert result is False and out.startswith("○ relu: not attempted yet")


def test_returning_none_says_so(capsys):
    def relu(z):
        np.maximum(z, 0)

    result, out = check(capsys, checks.check_relu, relu)
    assert result is False
    assert "returned None" in out and "forget the `return` line" in out


def test_a_mutation_nobody_catalogued_gets_the_generic_hint(capsys):
    def cost(y, y_hat):
        y_hat.sort()
        return -np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))

    result, out = check(capsys, checks.check_cost, cost)
    assert result is False
    assert "changed its argument `y_hat` in place" in out and "y_hat.copy()" in out


@pytest.mark.parametrize("value, words", [
    ("0.5", "expected numbers, got the string '0.5'"),
    ({"a": 1}, "expected numbers, got dict"),
    ([[1.0], [1.0, 2.0]], "expected numbers, got a list of length 2"),
])
def test_a_result_that_is_not_numbers_is_reported(capsys, value, words):
    result, out = check(capsys, checks.check_sigmoid, lambda z: value)
    assert result is False and words in out and "Traceback" not in out


def test_an_object_that_refuses_conversion_is_reported(capsys):
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")

    result, out = check(capsys, checks.check_relu, lambda z: Weird())
    assert result is False and "expected numbers" in out


def test_one_value_where_a_tuple_is_wanted(capsys):
    result, out = check(capsys, checks.check_gradients, lambda X, y, a: X.T @ (a - y) / len(y))
    assert result is False
    assert "expected 2 values (dw, db)" in out and "`return dw, db`" in out


@pytest.mark.parametrize("fn, words", [
    (lambda A, W, b, g: ((A @ W + b).T, g(A @ W + b)), "the transpose of what is wanted"),
    (lambda A, W, b, g: ((A @ W + b)[None], g(A @ W + b)), "extra leading axis"),
])
def test_generic_shape_hints(capsys, fn, words):
    result, out = check(capsys, checks.check_dense_forward, fn)
    assert result is False and "Z: expected shape (4, 3)" in out and words in out


def test_wrong_dtype_shows_expected_and_got(capsys):
    result, out = check(capsys, checks.check_relu_derivative, lambda z: (z > 0).astype(int))
    assert result is False
    assert "expected dtype float64, got dtype int64" in out and ".astype(float)" in out


@pytest.mark.parametrize("checker, fn, words", [
    (checks.check_linear_scores, lambda X, w, b: X @ w + bias,  # noqa: F821 - the point
     "A name is not defined"),
    (checks.check_linear_scores, lambda X, w, b: (X + w[:, None]).sum(1) + b, "shapes do not fit"),
    (checks.check_cost, lambda y, y_hat: np.dot(y, np.ones((3, 2))),
     "inner sizes of a matrix product"),
    (checks.check_relu, lambda z: z if z > 0 else 0 * z,
     "Python's max(0, z) compares whole arrays"),
])
def test_hints_for_errors(capsys, checker, fn, words):
    result, out = check(capsys, checker, fn)
    assert result is False and "your function raised" in out and words in out


def test_wrong_parameters_are_named(capsys):
    result, out = check(capsys, checks.check_forward, lambda X, w: X @ w)
    assert result is False and "with the arguments (X, w, b), in this order" in out


def test_np_where_with_two_overflowing_branches_gets_the_overflow_hint(capsys):
    def sigmoid(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    result, out = check(capsys, checks.check_sigmoid, sigmoid)
    assert result is False and "np.where computes both of its branches" in " ".join(out.split())


def test_np_dot_and_the_at_operator_are_the_same_mistake(capsys):
    result, out = check(capsys, checks.check_linear_scores, lambda X, w, b: np.dot(w, X) + b)
    assert result is False and "not aligned" in out and "write X @ w" in out


def test_large_results_show_the_first_difference(capsys):
    def dense_forward(A_prev, W, b, activation):
        Z = A_prev @ W + b
        return Z, activation(Z) + (Z > 0.5)

    result, out = check(capsys, checks.check_dense_forward, dense_forward)
    assert result is False
    assert "A: expected an array of shape (4, 3); first difference at [0, 0]" in out


def test_a_warning_nobody_catalogued_gets_the_generic_hint(capsys):
    def relu(z):
        return np.maximum(z, 0) * (1 + 0 * np.log(z * z))

    result, out = check(capsys, checks.check_relu, relu)
    assert result is False and 'NumPy warned: "divide by zero' in out and "stable form" in out


@pytest.mark.parametrize("tanh_derivative", [
    lambda z: 1 / np.cosh(z) ** 2,                       # right on paper, overflows in cosh
    lambda z: (2 / (np.cosh(2 * z) + 1)),                # another sech² identity, also cosh
    lambda z: 1 - (np.sinh(z) / np.cosh(z)) ** 2,        # tanh from sinh/cosh: overflows in sinh
], ids=["1/cosh^2", "2/(cosh 2z + 1)", "sinh/cosh"])
def test_an_overflow_in_cosh_gets_the_cosh_hint_not_the_naive_tanh_one(capsys, tanh_derivative):
    result, out = check(capsys, checks.check_tanh_derivative, tanh_derivative)
    assert result is False and "NumPy warned: \"overflow encountered in" in out
    assert "1 − np.tanh(z)**2" in out and "(e^z − e^(−z))" not in out


def test_the_same_overflow_spelled_another_way_still_gets_its_hint(capsys):
    def tanh_derivative(z):  # np.e ** z overflows "in power", the catalogue's np.exp "in exp"
        t = (np.e ** z - np.e ** -z) / (np.e ** z + np.e ** -z)
        return 1 - t ** 2

    result, out = check(capsys, checks.check_tanh_derivative, tanh_derivative)
    assert result is False and 'overflow encountered in power' in out
    assert "(e^z − e^(−z)) / (e^z + e^(−z)) overflows" in out


def test_not_callable(capsys):
    result, out = check(capsys, checks.check_sigmoid, 0.5)
    assert result is False and "pass your function itself, as in check_sigmoid(sigmoid)" in out


def test_the_learners_prints_do_not_break_the_report(capsys):
    def relu(z):
        print("debug", z.shape if hasattr(z, "shape") else z)
        return np.maximum(z, 0.0)

    result, out = check(capsys, checks.check_relu, relu)
    assert result is True and out.splitlines()[-1] == "✓ relu: all 5 checks passed."


def test_keyboard_interrupt_still_stops_the_check():
    def relu(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        checks.check_relu(relu)


def test_hint_lines_are_wrapped(capsys):
    check(capsys, checks.check_sigmoid, lambda z: 1 / (1 + np.exp(-z)))
    check(capsys, checks.check_initialize, lambda sizes, scheme="he", rng=None: None)
    out = capsys.readouterr().out
    for line in out.splitlines():
        if not line.startswith("  input:"):
            assert len(line) <= 100, line


# --- safety and determinism -------------------------------------------------------------------

def test_no_warning_escapes_and_numpy_state_is_restored(capsys):
    before = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result, out = check(capsys, checks.check_softmax,
                            lambda Z: np.exp(Z) / np.exp(Z).sum(1, keepdims=True))
    assert result is False and "overflow" in out
    assert np.geterr() == before


def test_same_function_same_report(capsys):
    naive = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    first = check(capsys, checks.check_sigmoid, naive)
    second = check(capsys, checks.check_sigmoid, naive)
    assert first == second


def test_the_caller_arrays_are_never_touched(capsys):
    def update(w, b, dw, db, lr):
        w -= lr * dw
        return w, b

    result, _ = check(capsys, checks.check_update, update)
    again, out = check(capsys, checks.check_update, update)
    assert result is again is False and "changed its argument `w`" in out


def test_importing_checks_needs_no_plotting_library():
    code = ("import sys, lessons_lib.checks; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- alternatives that are not mistakes -------------------------------------------------------

def bce_clipped(y, y_hat, eps=1e-7):
    p = np.clip(y_hat, eps, 1 - eps)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _descent_list(grad, x0, lr, num_steps):
    xs = [x0]
    for _ in range(num_steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


@pytest.mark.parametrize("checker, fn", [
    (checks.check_relu_derivative, lambda z: (z >= 0).astype(float)),
    (checks.check_relu_derivative, lambda z: np.heaviside(z, 0.5) * 0 + (z > 0)),
    (checks.check_predict, lambda X, w, b: stable_sigmoid(X @ w + b) >= 0.5),
    (checks.check_predict, lambda X, w, b: (X @ w + b > 0).astype(float)),
    (checks.check_sigmoid, lambda z: np.float32(1.0) * stable_sigmoid(z).astype(np.float32)),
    (checks.check_descent_loop, _descent_list),
    (checks.check_cost, lambda y, y_hat: np.mean(-np.log(np.where(y == 1, y_hat, 1 - y_hat)))),
    (checks.check_softmax, lambda Z: np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))),
    (checks.check_update, lambda w, b, dw, db, lr: (list(w - lr * dw), np.float64(b - lr * db))),
    (checks.check_bce_loss, bce_clipped),
    (checks.check_cost, lambda y, y_hat: float(np.mean(bce_clipped(y, y_hat)))),
    (checks.check_initialize, lambda sizes, scheme="he", rng=None: (
        lambda g: ([np.sqrt(2 / i) * g.standard_normal((i, o)) * (scheme == "he")
                    for i, o in zip(sizes, sizes[1:])], [np.zeros(o) for o in sizes[1:]]))(
        np.random.default_rng(rng))),
])
def test_right_answers_written_differently_pass(capsys, checker, fn):
    result, out = check(capsys, checker, fn)
    assert result is True, out


def test_relu_derivative_rejects_a_value_other_than_0_or_1_at_zero(capsys):
    def half_at_zero(z):
        return np.where(z > 0, 1.0, np.where(z < 0, 0.0, 0.5))

    result, out = check(capsys, checks.check_relu_derivative, half_at_zero)
    assert result is False and "value at z = 0 is 0 or 1: expected True, got False" in out


# --- the global-variable detector -------------------------------------------------------------

def test_global_data_finds_arrays_and_numbers_but_not_functions_or_constants():
    def reads_array(X, w, b):
        return scores_global @ w + b

    def reads_number_in_a_comprehension(y):
        return [v / n_samples for v in y]

    def reads_constant_and_functions(z):
        return np.maximum(z, THRESHOLD) + len(z) + stable_sigmoid(z)

    assert checks.global_data(reads_array) == "`scores_global`"
    assert checks.global_data(reads_number_in_a_comprehension) == "`n_samples`"
    assert checks.global_data(reads_constant_and_functions) is None
    assert checks.global_data(np.exp) is None


def test_global_data_finds_the_courses_capital_data_names():
    def reads_X(X_in, w, b):
        return X @ w + b

    def reads_W_and_L(X_in):
        A = X_in
        for l in range(L):
            A = A @ W[l]
        return A

    def reads_array_in_capitals(z):
        return z + EPS_ARRAY

    assert checks.global_data(reads_X) == "`X`"
    assert checks.global_data(reads_W_and_L) == "`L`, `W`"  # in the order they are read
    assert checks.global_data(reads_array_in_capitals) == "`EPS_ARRAY`"


def test_a_checker_names_a_global_X(capsys):
    def linear_scores(X_data, w, b):  # the notebook's X, not the argument
        return X @ w + b

    result, out = check(capsys, checks.check_linear_scores, linear_scores)
    assert result is False and "reads the global variable(s) `X` instead" in " ".join(out.split())


def test_a_catalogued_value_match_beats_the_global_detector(capsys):
    def ascent_with_global_lr(grad, x0, lr, num_steps):  # reads the global, and climbs
        xs = [x0]
        for _ in range(num_steps):
            xs.append(xs[-1] + step_size * grad(xs[-1]))
        return xs

    # check 1 has lr = 0.25 = step_size: the output is exactly "gradient ascent"'s, so that
    # hint explains the numbers shown (strength 2), even though the function reads a global
    assert checks.global_data(ascent_with_global_lr) == "`step_size`"
    result, out = check(capsys, checks.check_descent_loop, ascent_with_global_lr)
    assert result is False and "check 1 of" in out
    assert "Step against the gradient" in out and "global" not in out


def test_the_global_detector_beats_a_weak_match(capsys):
    def one_step_too_many_with_global_lr(grad, x0, lr, num_steps):
        xs = [x0]
        for _ in range(num_steps + 1):
            xs.append(xs[-1] - other_step_size * grad(xs[-1]))
        return xs

    # the shape is that of "one step too many", the values are not (strength 1): the detector
    # names the global instead
    result, out = check(capsys, checks.check_descent_loop, one_step_too_many_with_global_lr)
    assert result is False and "expected shape (5,), got shape (6,)" in out
    assert "reads the global variable(s) `other_step_size`" in " ".join(out.split())


def test_show_is_short_for_every_kind_of_value():
    assert _format.show(np.zeros((20, 3))) == "an array of shape (20, 3)"
    assert _format.show([np.zeros((2, 3))]) == "a list of 1 array of shape (2, 3)"
    assert _format.show((3,)) == "(3,)"
    assert _format.show(np.array([True, False])) == "[True, False]"
    assert _format.show(float("inf")) == "inf"
