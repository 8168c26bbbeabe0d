"""lessons_lib.checks.toolkit: the learner's function if its checker passes, else the library's,
with one line saying which and why; quiet while checking, and nothing escapes."""

import dataclasses

import numpy as np
import pytest

from lessons_lib import activations, initializers, layers
from lessons_lib.checks import CATALOGUE, check_relu, check_softmax
from lessons_lib.checks.layers import _backward
from lessons_lib.checks.network import _init
from lessons_lib.checks.toolkit import LIBRARY, Choice, Toolkit, build_toolkit, choose

pytestmark = pytest.mark.filterwarnings("error")


def stub(*args, **kwargs):
    raise NotImplementedError()


def good_relu(z):
    return np.maximum(z, 0.0)


# Reference solutions written here, independently of the library's functions.
SOLUTIONS = {
    "relu": good_relu,
    "relu_derivative": lambda z: (np.asarray(z) > 0).astype(float),
    "softmax": lambda Z: (lambda e: e / e.sum(axis=1, keepdims=True))(
        np.exp(Z - Z.max(axis=1, keepdims=True))),
    "initialize": _init,
    "dense_forward": lambda A_prev, W, b, g: (A_prev @ W + b, g(A_prev @ W + b)),
    "dense_backward": _backward,
}
COUNTS = {"relu": 5, "relu_derivative": 4, "softmax": 6, "initialize": 5, "dense_forward": 4,
          "dense_backward": 4}


@pytest.mark.parametrize("name", list(LIBRARY))
def test_every_library_fallback_passes_its_own_checker(name, capsys):
    checker, library = LIBRARY[name]
    assert checker(library) is True
    assert "checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_a_correct_function_is_kept_and_the_line_counts_its_checks(name, capsys):
    checker, library = LIBRARY[name]
    choice = choose(SOLUTIONS[name], checker, library, name)
    assert isinstance(choice, Choice)
    assert choice.fn is SOLUTIONS[name] and choice.yours and choice.status == "passed"
    assert choice.line == f"✓ your {name} (all {COUNTS[name]} checks passed)"
    assert "checks passed" in choice.report
    assert capsys.readouterr() == ("", "")  # quiet: the checker's report was captured


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_a_stub_means_the_library_not_attempted(name, capsys):
    checker, library = LIBRARY[name]
    choice = choose(stub, checker, library, name)
    assert choice.fn is library and not choice.yours and choice.status == "not attempted"
    assert choice.line == f"→ the library's {name}: yours is not attempted yet"
    assert capsys.readouterr() == ("", "")


MISTAKES = [(name, m) for name in SOLUTIONS for m in CATALOGUE[f"check_{name}"] if m.fn]


@pytest.mark.parametrize("name, mistake", MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_every_catalogued_mistake_is_replaced_by_the_library(name, mistake, capsys):
    checker, library = LIBRARY[name]
    choice = choose(mistake.fn, checker, library, name)
    assert choice.fn is library and choice.status == "failed", choice.report
    assert choice.line.startswith(f"→ the library's {name}: yours failed check ")
    assert choice.line.endswith(f"; run checks.check_{name}({name}) to see why")
    assert capsys.readouterr() == ("", "")


def test_the_failed_line_names_the_check_from_the_report():
    choice = choose(np.abs, check_relu, activations.relu, "relu")
    first = choice.report.split("\n")[0]
    assert first.startswith("✗ relu: check 1 of 5 failed (negatives become 0)")
    assert choice.line == ("→ the library's relu: yours failed check 1 of 5 (negatives become 0); "
                           "run checks.check_relu(relu) to see why")


def test_an_exception_from_the_learner_never_escapes():
    def broken(z):
        return 1 / 0

    choice = choose(broken, check_relu, activations.relu, "relu")
    assert choice.status == "failed" and "ZeroDivisionError" in choice.report


def test_a_function_that_prints_stays_quiet(capsys):
    def noisy(z):
        print("debugging!")
        import sys
        print("to stderr", file=sys.stderr)
        return np.maximum(z, 0.0)

    choice = choose(noisy, check_relu, activations.relu, "relu")
    assert choice.yours and capsys.readouterr() == ("", "")
    assert "debugging!" in choice.report


@pytest.mark.parametrize("value, shown", [(None, "NoneType None"), (3, "int 3"),
                                          ("relu", "the string 'relu'")])
def test_something_that_is_not_a_function(value, shown):
    choice = choose(value, check_relu, activations.relu, "relu")
    assert choice.fn is activations.relu and choice.status == "not a function"
    assert choice.line == f"→ the library's relu: `relu` is not a function (got {shown})"


def test_a_broken_checker_means_the_library_and_says_so():
    def checker(fn):
        raise RuntimeError("the checker broke")

    choice = choose(good_relu, checker, activations.relu, "relu")
    assert choice.fn is activations.relu and choice.status == "checker error"
    assert choice.line == ("→ the library's relu: checking yours raised RuntimeError; "
                           "run checker(relu) to see why")


def test_a_checker_that_returns_false_without_a_report_is_a_failure():
    choice = choose(good_relu, lambda fn: False, activations.relu, "relu")
    assert choice.status == "failed" and "yours failed a check" in choice.line


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(checker=None), TypeError, r"`checker` must be a function.*NoneType"),
    (dict(library="relu"), TypeError, r"`library` must be a function.*the string 'relu'"),
    (dict(name=""), TypeError, r"`name` must be the exercise's name"),
    (dict(name=3), TypeError, r"`name`.*int 3"),
])
def test_choose_validates_its_own_arguments(kwargs, error, pattern):
    args = dict(yours=good_relu, checker=check_relu, library=activations.relu, name="relu")
    with pytest.raises(error, match=pattern):
        choose(**{**args, **kwargs})


def test_build_toolkit_prints_one_line_per_function_and_a_count(capsys):
    toolkit = build_toolkit(relu=good_relu, softmax=stub, dense_forward=np.abs)
    assert capsys.readouterr().out.splitlines() == [
        "✓ your relu (all 5 checks passed)",
        "→ the library's softmax: yours is not attempted yet",
        "→ the library's dense_forward: yours failed check 1 of 4 (W = 0: Z is b in every row); "
        "run checks.check_dense_forward(dense_forward) to see why",
        "1 of 3 functions are yours."]
    assert isinstance(toolkit, Toolkit)
    assert toolkit.relu is good_relu and toolkit.softmax is activations.softmax
    assert toolkit.dense_forward is layers.dense_forward
    assert toolkit.yours == ("relu",) and toolkit.library == ("softmax", "dense_forward")
    assert repr(toolkit) == str(toolkit) == toolkit.summary()
    assert {"relu", "softmax", "dense_forward"} <= set(dir(toolkit))


def test_build_toolkit_takes_a_dict_quietly_and_explicit_triples():
    toolkit = build_toolkit({"initialize": stub, "my_relu": (good_relu, check_relu,
                                                             activations.relu)}, verbose=False)
    assert toolkit.initialize is initializers.init_layers and toolkit.my_relu is good_relu
    assert [c.name for c in toolkit.choices] == ["initialize", "my_relu"]


def test_the_toolkit_is_frozen_and_names_what_it_has():
    toolkit = build_toolkit(relu=good_relu, verbose=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        toolkit.choices = ()
    with pytest.raises(AttributeError, match=r"no function 'softmax'; it has: relu"):
        toolkit.softmax


@pytest.mark.parametrize("args, kwargs, error, pattern", [
    ((), {}, ValueError, r"at least one function"),
    ((["relu"],), {}, TypeError, r"`functions` must be a dict.*list of length 1"),
    ((), {"tanh": np.tanh}, ValueError, r"no checked version of 'tanh'.*known names: sigmoid"),
])
def test_build_toolkit_bad_input(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        build_toolkit(*args, verbose=False, **kwargs)


def test_with_all_solutions_the_toolkit_computes_what_the_library_computes():
    """The learner's path and the library's path agree bit for bit on two layers, forward and
    backward (He weights from one seed included)."""
    rng = np.random.default_rng(0)
    mine = build_toolkit(SOLUTIONS, verbose=False)
    lib = build_toolkit({name: stub for name in SOLUTIONS}, verbose=False)
    assert mine.yours == tuple(SOLUTIONS) and lib.yours == ()
    results = []
    for tk in (mine, lib):
        W, b = tk.initialize([5, 4, 3], "he", 1)
        X = rng.normal(size=(6, 5)) if not results else results[0][0]
        Z1, A1 = tk.dense_forward(X, W[0], b[0], tk.relu)
        Z2, A2 = tk.dense_forward(A1, W[1], b[1], tk.softmax)
        grads = tk.dense_backward(A2 - 0.5, A1, W[1], Z2, activations.identity_derivative)
        back = tk.dense_backward(grads[0], X, W[0], Z1, tk.relu_derivative)
        results.append((X, *W, Z1, A2, *grads, *back))
    for got, want in zip(*results):
        np.testing.assert_array_equal(got, want)  # bit for bit
