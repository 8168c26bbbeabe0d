"""Bad input over the whole public API: one table of cases, one parametrized test.

Each case calls one public function or method with exactly one bad argument (wrong
ndim, mismatched lengths, NaN, inf, strings, empty arrays, labels outside {0, 1}, bad
numbers, names and callables) and checks the error:

* it is a ``ValueError`` or ``TypeError`` raised by lessons_lib itself (exactly that type,
  from a lessons_lib frame: no bare NumPy error leaks out);
* its message names the argument, says what was expected and what came.

A second table checks that Python lists and ints are accepted where arrays are, with
exactly the same result. The loaders (``load_breast_cancer``, ``load_digits``) take no
input and have no cases.
"""

import re
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import pytest

import lessons_lib
from lessons_lib import activations as act
from lessons_lib import datasets as ds
from lessons_lib import descent
from lessons_lib import gradcheck as gc
from lessons_lib import initializers as ini
from lessons_lib import losses
from lessons_lib import preprocessing as pp
from lessons_lib.models import DenseNetwork, LogisticRegression

LIBRARY = Path(lessons_lib.__file__).resolve().parent

# Small valid data, m = 4 examples; each case spoils one argument.
X = np.array([[0.5, -1.0], [1.5, 2.0], [-0.5, 0.3], [2.0, -2.0]])
Y = np.array([0.0, 1.0, 1.0, 0.0])
Y_HAT = np.array([0.2, 0.9, 0.6, 0.4])
ZS = np.array([-1.0, 2.0, 0.5, -3.0])
Y3 = np.array([0.0, 2.0, 1.0, 2.0])
Z3 = np.array([[1.0, 0.0, -1.0], [0.5, 0.2, 2.0], [0.0, 0.0, 0.0], [-1.0, 3.0, 1.0]])


class Case(NamedTuple):
    id: str
    call: Callable
    error: type
    patterns: tuple  # regexes the message must match: the argument, what was expected, what came


def arg(name):
    return re.escape(f"`{name}`")


def _spoil(good, value):
    bad = np.array(good, dtype=float)
    bad.flat[bad.size // 2] = value
    return bad


# --- builders: the standard kinds of bad input for one argument ------------------------
MISMATCH = r"same number of rows|must match"


def bad_array(where, name, call, good, ndim=None):
    """NaN, inf, text, a string, empty (and wrong ndim) for the array argument ``name``."""
    good = np.asarray(good, dtype=float)
    kinds = [
        ("nan", _spoil(good, np.nan), ValueError, "finite", "NaN"),
        ("inf", _spoil(good, -np.inf), ValueError, "finite", "infinity"),
        ("text", good.astype(str).tolist(), TypeError, "numbers", "text"),
        ("string", "abc", TypeError, "numbers", "'abc'"),
        ("empty", good[:0], ValueError, "at least one", r"shape \(0"),
    ]
    if ndim == 2:
        kinds.append(("1d", good[:, 0], ValueError, "2-D", re.escape(f"{good[:, 0].shape}")))
    if ndim == 1:
        kinds.append(("2d", good[:, None], ValueError, "1-D", re.escape(f"{good[:, None].shape}")))
    return [Case(f"{where}-{name}_{kind}", (lambda v=bad: call(v)), error, (arg(name), want, came))
            for kind, bad, error, want, came in kinds]


def bad_length(where, name, call, good):
    """One row fewer than the other arguments."""
    short = np.asarray(good)[:-1]
    return [Case(f"{where}-{name}_length_mismatch", lambda: call(short), ValueError,
                 (arg(name), MISMATCH, rf"\b{len(short)}\b"))]


def bad_labels(where, call, good, bad=2, classes="{0, 1}"):
    """A label outside ``classes`` (binary by default)."""
    y = _spoil(good, bad)
    kind = "not_binary" if classes == "{0, 1}" else "not_a_class"
    return [Case(f"{where}-y_{kind}", lambda: call(y), ValueError,
                 (arg("y"), re.escape(classes), re.escape(f"[{float(bad)}]")))]


def bad_y(where, call, good=Y, classes="{0, 1}", bad=2):
    return bad_array(where, "y", call, good, ndim=1) + bad_labels(where, call, good, bad, classes)


def bad_number(where, name, call, out_of_range=(), finite="finite", number="number"):
    """NaN, inf, a string and values out of range, given as (value, expected regex)."""
    cases = [
        Case(f"{where}-{name}_nan", lambda: call(np.nan), ValueError, (arg(name), finite, "nan")),
        Case(f"{where}-{name}_inf", lambda: call(np.inf), ValueError, (arg(name), finite, "inf")),
        Case(f"{where}-{name}_string", lambda: call("abc"), TypeError,
             (arg(name), number, "'abc'")),
    ]
    for value, want in out_of_range:
        label = f"{value:g}".replace("-", "minus_")
        cases.append(Case(f"{where}-{name}_{label}", (lambda v=value: call(v)), ValueError,
                          (arg(name), want, re.escape(repr(value)))))
    return cases


def bad_int(where, name, call, minimum):
    return [
        Case(f"{where}-{name}_string", lambda: call("3"), TypeError, (arg(name), "integer", "'3'")),
        Case(f"{where}-{name}_float", lambda: call(2.5), TypeError, (arg(name), "integer", "2.5")),
        Case(f"{where}-{name}_too_small", lambda: call(minimum - 1), ValueError,
             (arg(name), re.escape(f"≥ {minimum}"), rf"got {minimum - 1}\b")),
    ]


def bad_rng(where, call):
    return [
        Case(f"{where}-rng_string", lambda: call("abc"), TypeError, (arg("rng"), "seed", "'abc'")),
        Case(f"{where}-rng_float", lambda: call(1.5), TypeError, (arg("rng"), "seed", "1.5")),
        Case(f"{where}-rng_negative", lambda: call(-1), ValueError, (arg("rng"), "≥ 0", "-1")),
    ]


def bad_callable(where, name, call):
    return [Case(f"{where}-{name}_not_callable", lambda: call("abc"), TypeError,
                 (arg(name), "function", "'abc'"))]


def bad_name(where, name, call, valid):
    """An unknown name and a non-string, for an argument that picks by name."""
    return [
        Case(f"{where}-{name}_unknown", lambda: call("nope"), ValueError,
             (arg(name), re.escape(valid), "'nope'")),
        Case(f"{where}-{name}_not_a_string", lambda: call(5), TypeError,
             (arg(name), re.escape(valid), "int 5")),
    ]


# --- activations ------------------------------------------------------------------------
def activation_cases():
    cases = []
    for name in ["sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu",
                 "relu_derivative", "leaky_relu", "leaky_relu_derivative", "identity",
                 "identity_derivative", "softmax", "softmax_jacobian"]:
        fn = getattr(act, name)
        cases += bad_array(f"activations.{name}", "z", fn, ZS)
    for name in ["softmax", "softmax_jacobian"]:
        cases.append(Case(f"activations.{name}-z_scalar", (lambda f=getattr(act, name): f(1.0)),
                          ValueError, (arg("z"), "at least 1 dimension", "scalar")))
    for name in ["leaky_relu", "leaky_relu_derivative"]:
        fn = getattr(act, name)
        cases += bad_number(f"activations.{name}", "alpha", (lambda a, f=fn: f(ZS, alpha=a)),
                            [(-0.1, "≥ 0"), (2.0, re.escape("[0, 1]"))])
    cases += [
        Case("activations.sigmoid-z_holds_none", lambda: act.sigmoid([1.0, None]), TypeError,
             (arg("z"), "numbers", "None")),
        Case("activations.sigmoid-z_ragged", lambda: act.sigmoid([[1.0], [1.0, 2.0]]), ValueError,
             (arg("z"), "rectangular", "different lengths")),
        Case("activations.softmax-axis_string", lambda: act.softmax(Z3, axis="1"), TypeError,
             (arg("axis"), "integer", "'1'")),
        Case("activations.softmax-axis_out_of_range", lambda: act.softmax(Z3, axis=2), ValueError,
             (arg("axis"), re.escape("[-2, 1]"), "got 2")),
    ]
    return cases + bad_name("activations.get_activation", "name", act.get_activation, "'relu'")


# --- losses -------------------------------------------------------------------------------
def loss_cases():
    cases = []
    pairs = {  # function -> (name and good value of the prediction, labels binary?)
        "binary_cross_entropy": ("y_hat", Y_HAT, True), "bce_cost": ("y_hat", Y_HAT, True),
        "bce_cost_gradient": ("y_hat", Y_HAT, True),
        "binary_cross_entropy_with_logits": ("z", ZS, True),
        "bce_cost_with_logits": ("z", ZS, True), "bce_cost_with_logits_gradient": ("z", ZS, True),
        "squared_error": ("y_hat", Y_HAT, False), "squared_error_cost": ("y_hat", Y_HAT, False),
        "squared_error_cost_gradient": ("y_hat", Y_HAT, False),
    }
    for name, (second, good, binary) in pairs.items():
        fn, where = getattr(losses, name), f"losses.{name}"
        y_cases = bad_y if binary else (lambda w, c: bad_array(w, "y", c, Y, ndim=1))
        cases += y_cases(where, lambda y, f=fn, g=good: f(y, g))
        cases += bad_array(where, second, lambda p, f=fn: f(Y, p), good, ndim=1)
        cases += bad_length(where, second, lambda p, f=fn: f(Y, p), good)
        if second == "y_hat" and binary:
            cases.append(Case(f"{where}-y_hat_not_probability",
                              lambda f=fn: f(Y, _spoil(Y_HAT, 1.5)), ValueError,
                              (arg("y_hat"), re.escape("[0, 1]"), "1.5")))
            cases += bad_number(where, "eps", lambda e, f=fn: f(Y, Y_HAT, eps=e),
                                [(0.0, "> 0"), (0.5, re.escape("(0, 0.5)"))])
    for name in ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_cost",
                 "softmax_cross_entropy_gradient"]:
        fn, where = getattr(losses, name), f"losses.{name}"
        cases += bad_y(where, lambda y, f=fn: f(y, Z3), Y3, "{0, 1, 2}", bad=3)
        cases += bad_array(where, "Z", lambda Z, f=fn: f(Y3, Z), Z3, ndim=2)
        cases += bad_length(where, "Z", lambda Z, f=fn: f(Y3, Z), Z3)
        cases.append(Case(f"{where}-Z_one_column", lambda f=fn: f(Y3, Z3[:, :1]), ValueError,
                          (arg("Z"), "at least 2", re.escape("(4, 1)"))))
    cases += bad_y("losses.one_hot", lambda y: losses.one_hot(y, 3), Y3, "{0, 1, 2}", bad=3)
    cases += bad_int("losses.one_hot", "n_classes", lambda k: losses.one_hot(Y3, k), minimum=2)
    return cases


# --- models -------------------------------------------------------------------------------
def _data_method_cases(where, make, method):
    """X and y cases for ``make().method(X, y)``."""
    call_X = lambda X_: getattr(make(), method)(X_, Y)  # noqa: E731
    call_y = lambda y_: getattr(make(), method)(X, y_)  # noqa: E731
    return (bad_array(where, "X", call_X, X, ndim=2) + bad_columns(where, call_X)
            + bad_y(where, call_y) + bad_length(where, "y", call_y, Y))


def bad_columns(where, call):
    wide = np.column_stack([X, X[:, :1]])
    return [Case(f"{where}-X_wrong_columns", lambda: call(wide), ValueError,
                 (arg("X"), "2 columns", re.escape("(4, 3)")))]


def _X_method_cases(where, make, method):
    call = lambda X_: getattr(make(), method)(X_)  # noqa: E731
    return bad_array(where, "X", call, X, ndim=2) + bad_columns(where, call)


def _threshold_cases(where, make):
    return bad_number(where, "threshold", lambda t: make().predict(X, threshold=t),
                      [(-0.5, "≥ 0"), (1.5, re.escape("[0, 1]"))])


def logistic_cases():
    w = "models.LogisticRegression"
    make = lambda: LogisticRegression(2)  # noqa: E731
    cases = bad_int(w, "n_features", lambda n: LogisticRegression(n), minimum=1)
    cases += bad_name(w, "init", lambda i: LogisticRegression(2, init=i), "'xavier'")
    cases += bad_rng(w, lambda r: LogisticRegression(2, rng=r, init="xavier"))
    for method in ["forward", "predict_proba", "predict"]:
        cases += _X_method_cases(f"{w}.{method}", make, method)
    for method in ["cost", "loss_and_grads"]:
        cases += _data_method_cases(f"{w}.{method}", make, method)
    cases += _threshold_cases(f"{w}.predict", make)

    def backward(X_=X, y_=Y, cache="fresh"):
        model = make()
        return model.backward(X_, y_, model.forward(X) if cache == "fresh" else cache)

    cases += bad_array(f"{w}.backward", "X", lambda X_: backward(X_=X_), X, ndim=2)
    cases += bad_columns(f"{w}.backward", lambda X_: backward(X_=X_))
    cases += bad_y(f"{w}.backward", lambda y_: backward(y_=y_))
    cases += bad_length(f"{w}.backward", "y", lambda y_: backward(y_=y_), Y)
    other = make().forward(X[:3])
    cases += [
        Case(f"{w}.backward-cache_none", lambda: backward(cache=None), ValueError,
             (arg("cache"), "LogisticCache", "NoneType")),
        Case(f"{w}.backward-cache_other_X", lambda: backward(cache=other), ValueError,
             (arg("cache"), r"forward\(X\)", re.escape("shape (3,)"))),
    ]

    def set_attr(name, value):
        setattr(make(), name, value)

    cases += bad_array(f"{w}.w", "w", lambda v: set_attr("w", v), [1.0, 2.0], ndim=1)
    cases += [
        Case(f"{w}.w-w_wrong_length", lambda: set_attr("w", [1.0, 2.0, 3.0]), ValueError,
             (arg("w"), re.escape("(2,)"), re.escape("(3,)"))),
        Case(f"{w}.b-b_nan", lambda: set_attr("b", np.nan), ValueError,
             (arg("b"), "finite", "NaN")),
        Case(f"{w}.b-b_string", lambda: set_attr("b", "abc"), TypeError,
             (arg("b"), "numbers", "'abc'")),
        Case(f"{w}.b-b_1d", lambda: set_attr("b", [1.0]), ValueError,
             (arg("b"), "0-D", re.escape("(1,)"))),
    ]
    return cases


def dense_cases():
    w = "models.DenseNetwork"
    make = lambda: DenseNetwork([2, 3, 1], rng=0)  # noqa: E731
    make3 = lambda: DenseNetwork([2, 3, 3], output="softmax", rng=0)  # noqa: E731
    cases = [
        Case(f"{w}-layer_sizes_string", lambda: DenseNetwork("2,1"), TypeError,
             (arg("layer_sizes"), "list of ints", "'2,1'")),
        Case(f"{w}-layer_sizes_too_short", lambda: DenseNetwork([2]), ValueError,
             (arg("layer_sizes"), "input and an output", re.escape("[2]"))),
        Case(f"{w}-layer_sizes_zero", lambda: DenseNetwork([2, 0, 1]), ValueError,
             (re.escape("`layer_sizes[1]`"), "≥ 1", "got 0")),
        Case(f"{w}-layer_sizes_nan", lambda: DenseNetwork([2, np.nan, 1]), TypeError,
             (re.escape("`layer_sizes[1]`"), "integer", "nan")),
        Case(f"{w}-layer_sizes_sigmoid_not_1", lambda: DenseNetwork([2, 3]), ValueError,
             (arg("layer_sizes"), "end in 1", re.escape("[2, 3]"))),
        Case(f"{w}-activation_list_length", lambda: DenseNetwork([2, 3, 3, 1], ["relu"]),
             ValueError, (arg("activation"), "list of 2", re.escape("length 1"))),
        Case(f"{w}-activation_item_not_a_string", lambda: DenseNetwork([2, 3, 1], [5]),
             TypeError, (arg("activation"), "'relu'", "int 5")),
    ]
    cases += bad_name(w, "activation", lambda a: DenseNetwork([2, 3, 1], activation=a), "'relu'")
    cases += bad_name(w, "output", lambda o: DenseNetwork([2, 3, 1], output=o), "'softmax'")
    cases += bad_name(w, "init", lambda i: DenseNetwork([2, 3, 1], init=i), "'he'")
    cases += bad_rng(w, lambda r: DenseNetwork([2, 3, 1], rng=r))
    for method in ["forward", "predict_proba", "predict"]:
        cases += _X_method_cases(f"{w}.{method}", make, method)
    for method in ["cost", "loss_and_grads"]:
        cases += _data_method_cases(f"{w}.{method}", make, method)
        cases += bad_labels(f"{w}[softmax].{method}",
                            lambda y_, m=method: getattr(make3(), m)(X, y_),
                            Y3, bad=3, classes="{0, 1, 2}")
    cases += _threshold_cases(f"{w}.predict", make)

    def backward(y_=Y, A_out=None, caches=None, net=make):
        model = net()
        out, fresh = model.forward(X)
        return model.backward(y_, out if A_out is None else A_out,
                              fresh if caches is None else caches)

    A_out = make().forward(X).A_out
    cases += bad_y(f"{w}.backward", lambda y_: backward(y_=y_))
    cases += bad_array(f"{w}.backward", "A_out", lambda a: backward(A_out=a), A_out, ndim=2)
    cases += bad_labels(f"{w}[softmax].backward", lambda y_: backward(y_=y_, net=make3), Y3,
                        bad=3, classes="{0, 1, 2}")
    cases += [
        Case(f"{w}.backward-y_length_mismatch_names_A_out", lambda: backward(y_=Y[:3]), ValueError,
             (arg("y"), "A_out", r"\b3 labels")),
        Case(f"{w}.backward-A_out_wrong_columns",
             lambda: backward(A_out=np.column_stack([A_out, A_out])), ValueError,
             (arg("A_out"), re.escape("(4, 1)"), re.escape("(4, 2)"))),
        Case(f"{w}.backward-A_out_other_rows",
             lambda: backward(y_=Y[:3], A_out=A_out[:3]), ValueError,
             (arg("A_out"), re.escape("(4, 1)"), re.escape("(3, 1)"))),
        Case(f"{w}.backward-caches_too_few", lambda: backward(caches=make().forward(X).caches[:1]),
             ValueError, (arg("caches"), "list of 2 LayerCache", "length 1")),
        Case(f"{w}.backward-caches_not_caches", lambda: backward(caches=[1, 2]), ValueError,
             (arg("caches"), "LayerCache", "int")),
    ]
    return cases


# --- initializers ---------------------------------------------------------------------
def initializer_cases():
    cases = []
    for name in ["zeros", "random_normal", "xavier", "he"]:
        fn, where = getattr(ini, name), f"initializers.{name}"
        cases += bad_int(where, "n_in", lambda n, f=fn: f(n, 3), minimum=1)
        cases += bad_int(where, "n_out", lambda n, f=fn: f(3, n), minimum=1)
        cases += bad_rng(where, lambda r, f=fn: f(3, 2, rng=r))
    cases += bad_number("initializers.random_normal", "scale",
                        lambda s: ini.random_normal(3, 2, scale=s), [(0.0, "> 0"), (-1.0, "> 0")])
    cases += bad_name("initializers.get_initializer", "name", ini.get_initializer, "'he'")
    w = "initializers.init_layers"
    cases += [
        Case(f"{w}-layer_sizes_string", lambda: ini.init_layers("2,1"), TypeError,
             (arg("layer_sizes"), "list of ints", "'2,1'")),
        Case(f"{w}-layer_sizes_too_short", lambda: ini.init_layers([]), ValueError,
             (arg("layer_sizes"), "input and an output", re.escape("[]"))),
        Case(f"{w}-layer_sizes_float", lambda: ini.init_layers([2, 2.5, 1]), TypeError,
             (re.escape("`layer_sizes[1]`"), "integer", "2.5")),
    ]
    cases += bad_name(w, "scheme", lambda s: ini.init_layers([2, 1], s), "'he'")
    return cases + bad_rng(w, lambda r: ini.init_layers([2, 1], rng=r))


# --- descent --------------------------------------------------------------------------------
def descent_cases():
    w = "descent.gradient_descent"
    fun, grad, x0 = (lambda x: float(x @ x)), (lambda x: 2 * x), np.array([1.0, -2.0])

    def gd(**kwargs):
        args = dict(fun=fun, grad=grad, x0=x0, lr=0.1, num_steps=3) | kwargs
        return descent.gradient_descent(**args)

    cases = bad_callable(w, "fun", lambda f: gd(fun=f))
    cases += bad_callable(w, "grad", lambda g: gd(grad=g))
    cases += bad_array(w, "x0", lambda x: gd(x0=x), x0)
    cases += [
        Case(f"{w}-x0_2d", lambda: gd(x0=x0[:, None]), ValueError,
             (arg("x0"), "0-D or 1-D", re.escape("(2, 1)"))),
        Case(f"{w}-fun_returns_nan", lambda: gd(fun=lambda x: np.nan), ValueError,
             (arg("fun(x0)"), "one finite number", "nan")),
        Case(f"{w}-grad_wrong_shape", lambda: gd(grad=lambda x: np.zeros(3)), ValueError,
             (arg("grad(x0)"), re.escape("shape (2,)"), re.escape("(3,)"))),
    ]
    cases += bad_number(w, "lr", lambda lr: gd(lr=lr), [(0.0, "> 0"), (-0.1, "> 0")])
    cases += bad_int(w, "num_steps", lambda n: gd(num_steps=n), minimum=0)

    w = "descent.train"

    def train(**kwargs):
        args = dict(model=LogisticRegression(2), X=X, y=Y, lr=0.1, num_epochs=2) | kwargs
        return descent.train(**args)

    cases += [Case(f"{w}-model_not_a_model", lambda: train(model="abc"), TypeError,
                   (arg("model"), "loss_and_grads", "'abc'"))]
    cases += bad_array(w, "X", lambda X_: train(X=X_), X, ndim=2)
    cases += bad_columns(w, lambda X_: train(X=X_))
    cases += bad_y(w, lambda y_: train(y=y_)) + bad_length(w, "y", lambda y_: train(y=y_), Y)
    cases += bad_labels(f"{w}[softmax]", lambda y_: train(
        model=DenseNetwork([2, 3], output="softmax", rng=0), y=y_), Y3, bad=3, classes="{0, 1, 2}")
    cases += bad_number(w, "lr", lambda lr: train(lr=lr), [(0.0, "> 0")])
    cases += bad_int(w, "num_epochs", lambda n: train(num_epochs=n), minimum=0)
    cases += bad_int(w, "batch_size", lambda n: train(batch_size=n), minimum=1)
    cases += bad_int(w, "snapshot_every", lambda n: train(snapshot_every=n), minimum=1)
    cases += bad_callable(w, "callback", lambda c: train(callback=c))
    return cases + bad_rng(w, lambda r: train(rng=r, batch_size=2))


# --- gradcheck ------------------------------------------------------------------------------
def gradcheck_cases():
    f, grad, x = (lambda v: float(np.sum(v ** 2))), (lambda v: 2 * v), np.array([1.0, -2.0])
    w = "gradcheck.numerical_gradient"
    cases = bad_callable(w, "f", lambda g: gc.numerical_gradient(g, x))
    cases += bad_array(w, "x", lambda v: gc.numerical_gradient(f, v), x)
    cases += bad_number(w, "eps", lambda e: gc.numerical_gradient(f, x, eps=e), [(0.0, "> 0")])
    w = "gradcheck.relative_error"
    cases += bad_array(w, "a", lambda a: gc.relative_error(a, x), x)
    cases += bad_array(w, "b", lambda b: gc.relative_error(x, b), x)
    cases += [Case(f"{w}-b_length_mismatch", lambda: gc.relative_error(x, x[:1]), ValueError,
                   (arg("b"), "same shape", re.escape("(1,)")))]
    w = "gradcheck.check_gradients"
    cases += bad_callable(w, "f", lambda g: gc.check_gradients(g, grad, x))
    cases += bad_callable(w, "grad", lambda g: gc.check_gradients(f, g, x))
    cases += bad_array(w, "x", lambda v: gc.check_gradients(f, grad, v), x)
    cases += bad_number(w, "eps", lambda e: gc.check_gradients(f, grad, x, eps=e), [(-1.0, "> 0")])
    cases += [Case(f"{w}-grad_wrong_shape", lambda: gc.check_gradients(f, lambda v: v[:1], x),
                   ValueError, (arg("grad"), re.escape("(2,)"), re.escape("(1,)")))]
    w = "gradcheck.check_model_gradients"
    check = lambda X_=X, y_=Y, eps=1e-6, model=None: gc.check_model_gradients(  # noqa: E731
        model or LogisticRegression(2, rng=0, init="xavier"), X_, y_, eps=eps)
    cases += [Case(f"{w}-model_not_a_model", lambda: check(model="abc"), TypeError,
                   (arg("model"), "loss_and_grads", "'abc'"))]
    cases += bad_array(w, "X", lambda X_: check(X_=X_), X, ndim=2)
    cases += bad_columns(w, lambda X_: check(X_=X_))
    cases += bad_y(w, lambda y_: check(y_=y_)) + bad_length(w, "y", lambda y_: check(y_=y_), Y)
    return cases + bad_number(w, "eps", lambda e: check(eps=e), [(0.0, "> 0")])


# --- datasets and preprocessing -----------------------------------------------------------
def dataset_cases():
    cases = []
    for name in ["make_blobs", "make_moons", "make_circles", "make_xor", "make_spiral",
                 "make_flower"]:
        fn, where = getattr(ds, name), f"datasets.{name}"
        cases += bad_int(where, "m", lambda m, f=fn: f(m=m), minimum=2)
        cases += bad_number(where, "noise", lambda s, f=fn: f(noise=s), [(-0.1, "≥ 0")])
        cases += bad_rng(where, lambda r, f=fn: f(rng=r))
    cases += bad_number("datasets.make_circles", "factor", lambda v: ds.make_circles(factor=v),
                        [(1.0, "< 1"), (0.0, "> 0")])
    cases += bad_int("datasets.make_spiral", "n_classes",
                     lambda k: ds.make_spiral(n_classes=k), minimum=2)
    cases += bad_number("datasets.make_spiral", "turns", lambda t: ds.make_spiral(turns=t),
                        [(0.0, "> 0")])
    cases += bad_int("datasets.make_flower", "n_petals", lambda k: ds.make_flower(n_petals=k),
                     minimum=2)
    cases.append(Case("datasets.make_flower-n_petals_odd", lambda: ds.make_flower(n_petals=3),
                      ValueError, (arg("n_petals"), "even", "got 3")))
    return cases


def preprocessing_cases():
    w = "preprocessing.train_test_split"
    split = lambda X_=X, y_=Y, **kw: pp.train_test_split(X_, y_, **kw)  # noqa: E731
    cases = bad_array(w, "X", lambda X_: split(X_=X_), X)
    cases += [Case(f"{w}-X_scalar", lambda: split(X_=5.0), ValueError,
                   (arg("X"), "one row per example", "5.0"))]
    cases += bad_array(w, "y", lambda y_: split(y_=y_), Y, ndim=1)
    cases += bad_length(w, "y", lambda y_: split(y_=y_), Y)
    cases += bad_number(w, "test_size", lambda t: split(test_size=t),
                        [(1.5, "between 0 and 1"), (0.0, "between 0 and 1")],
                        finite="between 0 and 1", number="fraction")
    cases += [
        Case(f"{w}-test_size_too_many_rows", lambda: split(test_size=4), ValueError,
             (arg("test_size"), "between 1 and 3", "4 test rows")),
        Case(f"{w}-y_not_labels_to_stratify", lambda: split(y_=[0.0, 0.5, 1.0, 1.5]), ValueError,
             (arg("y"), "integers", "0.5")),
        Case(f"{w}-stratify_string", lambda: split(stratify="no"), TypeError,
             (arg("stratify"), "True or False", "'no'")),
    ]
    cases += bad_rng(w, lambda r: split(rng=r))
    w = "preprocessing.standardize"
    cases += bad_array(w, "X_train", lambda X_: pp.standardize(X_, X), X, ndim=2)
    cases += bad_array(w, "X_test", lambda X_: pp.standardize(X, X_), X, ndim=2)
    cases += [Case(f"{w}-X_test_wrong_columns", lambda: pp.standardize(X, X[:, :1]), ValueError,
                   (arg("X_test"), "fitted on 2", "1 features"))]
    for method in ["fit", "fit_transform", "transform", "inverse_transform"]:
        where = f"preprocessing.Standardizer.{method}"
        call = lambda X_, m=method: getattr(pp.Standardizer().fit(X), m)(X_)  # noqa: E731
        cases += bad_array(where, "X", call, X, ndim=2)
        if method in ("transform", "inverse_transform"):
            cases += [
                Case(f"{where}-X_wrong_columns", lambda c=call: c(X[:, :1]), ValueError,
                     (arg("X"), "fitted on 2", "1 features")),
                Case(f"{where}-not_fitted", lambda m=method: getattr(pp.Standardizer(), m)(X),
                     ValueError, ("Standardizer", r"fit\(X_train\)", "not fitted")),
            ]
    return cases


CASES = (activation_cases() + loss_cases() + logistic_cases() + dense_cases()
         + initializer_cases() + descent_cases() + gradcheck_cases() + dataset_cases()
         + preprocessing_cases())


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_clear_error(case):
    with pytest.raises(Exception) as info:
        case.call()
    error = info.value
    assert type(error) is case.error, f"{type(error).__name__}: {error}"
    origin = Path(info.traceback[-1].path).resolve()
    assert LIBRARY in origin.parents, f"raised in {origin}, not by lessons_lib: {error}"
    missing = [p for p in case.patterns if not re.search(p, str(error))]
    assert not missing, f"message {str(error)!r} does not match {missing}"


# --- Python lists and ints are accepted where arrays are ----------------------------------
def fresh_lr():
    return LogisticRegression(2, rng=0, init="xavier")


def fresh_net():
    return DenseNetwork([2, 3, 1], activation="tanh", rng=0)


def dense_backward(y_, A_out_is_list):
    net = fresh_net()
    out, caches = net.forward(X)
    return net.backward(y_, out.tolist() if A_out_is_list else out, caches)


def set_w(value):
    model = fresh_lr()
    model.w, model.b = value, 1
    return model.params


def _f(v):
    return float(np.sum(np.sin(v)))


# id -> (call with lists/ints, call with arrays)
LISTS = {
    "losses.one_hot": (lambda: losses.one_hot([0, 2, 1], 3),
                       lambda: losses.one_hot(np.array([0.0, 2.0, 1.0]), np.int64(3))),
    "models.LogisticRegression.w": (lambda: set_w([1, -2]),
                                    lambda: set_w(np.array([1.0, -2.0]))),
    "models.DenseNetwork.backward": (lambda: dense_backward(Y.astype(int).tolist(), True),
                                     lambda: dense_backward(Y, False)),
    "initializers.init_layers": (lambda: ini.init_layers([2, 3, 1], rng=0),
                                 lambda: ini.init_layers(np.array([2, 3, 1]), rng=0)),
    "descent.gradient_descent": (
        lambda: descent.gradient_descent(lambda x: float(x @ x), lambda x: 2 * x, [1, -2], 0.1, 5),
        lambda: descent.gradient_descent(lambda x: float(x @ x), lambda x: 2 * x,
                                         np.array([1.0, -2.0]), 0.1, 5)),
    "descent.gradient_descent-x0_int": (
        lambda: descent.gradient_descent(lambda x: float(x @ x), lambda x: 2 * x, 3, 0.1, 5),
        lambda: descent.gradient_descent(lambda x: float(x @ x), lambda x: 2 * x,
                                         np.array([3.0]), 0.1, 5)),
    "descent.train": (
        lambda: (descent.train(m := fresh_net(), X.tolist(), [0, 1, 1, 0], 0.5, 3, batch_size=2,
                               rng=1, snapshot_every=1), m.params),
        lambda: (descent.train(m := fresh_net(), X, Y, 0.5, 3, batch_size=2, rng=1,
                               snapshot_every=1), m.params)),
    "gradcheck.numerical_gradient": (lambda: gc.numerical_gradient(_f, [1, 2]),
                                     lambda: gc.numerical_gradient(_f, np.array([1.0, 2.0]))),
    "gradcheck.relative_error": (lambda: gc.relative_error([1, 2], [1, 3]),
                                 lambda: gc.relative_error(np.array([1.0, 2.0]),
                                                           np.array([1.0, 3.0]))),
    "gradcheck.check_gradients": (lambda: gc.check_gradients(_f, np.cos, [1, 2]),
                                  lambda: gc.check_gradients(_f, np.cos, np.array([1.0, 2.0]))),
    "gradcheck.check_model_gradients": (
        lambda: gc.check_model_gradients(fresh_net(), X.tolist(), [0, 1, 1, 0]),
        lambda: gc.check_model_gradients(fresh_net(), X, Y)),
    "preprocessing.train_test_split": (
        lambda: pp.train_test_split(X.tolist(), [0, 1, 1, 0], test_size=2, rng=0),
        lambda: pp.train_test_split(X, np.array([0, 1, 1, 0]), test_size=2, rng=0)),
    "preprocessing.standardize": (lambda: pp.standardize(X.tolist(), [[1, 2]]),
                                  lambda: pp.standardize(X, np.array([[1.0, 2.0]]))),
}
for _name in ["sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu",
              "relu_derivative", "leaky_relu", "leaky_relu_derivative", "identity",
              "identity_derivative", "softmax", "softmax_jacobian"]:
    _fn = getattr(act, _name)
    LISTS[f"activations.{_name}"] = ((lambda f=_fn: f([-2, 0, 3])),
                                     (lambda f=_fn: f(np.array([-2.0, 0.0, 3.0]))))
    if _name not in ("softmax", "softmax_jacobian"):
        LISTS[f"activations.{_name}-int"] = ((lambda f=_fn: f(3)), (lambda f=_fn: f(np.array(3.0))))
for _name, _second in [("binary_cross_entropy", Y_HAT), ("bce_cost", Y_HAT),
                       ("bce_cost_gradient", Y_HAT), ("binary_cross_entropy_with_logits", ZS),
                       ("bce_cost_with_logits", ZS), ("bce_cost_with_logits_gradient", ZS),
                       ("squared_error", Y_HAT), ("squared_error_cost", Y_HAT),
                       ("squared_error_cost_gradient", Y_HAT),
                       ("softmax_cross_entropy_with_logits", Z3),
                       ("softmax_cross_entropy_cost", Z3), ("softmax_cross_entropy_gradient", Z3)]:
    _fn, _y = getattr(losses, _name), (Y3 if _second is Z3 else Y)
    LISTS[f"losses.{_name}"] = (
        (lambda f=_fn, a=_y, b=_second: f(a.astype(int).tolist(), b.tolist())),
        (lambda f=_fn, a=_y, b=_second: f(a, b)))
for _cls, _make in [("LogisticRegression", fresh_lr), ("DenseNetwork", fresh_net)]:
    for _method in ["forward", "predict_proba", "predict"]:
        LISTS[f"models.{_cls}.{_method}"] = (
            (lambda mk=_make, m=_method: getattr(mk(), m)(X.tolist())),
            (lambda mk=_make, m=_method: getattr(mk(), m)(X)))
    for _method in ["cost", "loss_and_grads"]:
        LISTS[f"models.{_cls}.{_method}"] = (
            (lambda mk=_make, m=_method: getattr(mk(), m)(X.tolist(), [0, 1, 1, 0])),
            (lambda mk=_make, m=_method: getattr(mk(), m)(X, Y)))
LISTS["models.LogisticRegression.backward"] = (
    lambda: (m := fresh_lr()).backward(X.tolist(), [0, 1, 1, 0], m.forward(X.tolist())),
    lambda: (m := fresh_lr()).backward(X, Y, m.forward(X)))
for _method in ["fit_transform", "transform", "inverse_transform"]:
    LISTS[f"preprocessing.Standardizer.{_method}"] = (
        (lambda m=_method: getattr(pp.Standardizer().fit(X.tolist()), m)([[1, 2]])),
        (lambda m=_method: getattr(pp.Standardizer().fit(X), m)(np.array([[1.0, 2.0]]))))


def assert_same(a, b):
    """Equal values and shapes, recursing into named tuples, lists and library objects."""
    if isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b)
        for u, v in zip(a, b):
            assert_same(u, v)
    elif isinstance(a, pp.Standardizer):
        assert_same(list(vars(a).values()), list(vars(b).values()))
    else:
        assert np.shape(a) == np.shape(b) and np.asarray(a).dtype == np.asarray(b).dtype
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("with_lists, with_arrays", LISTS.values(), ids=LISTS.keys())
def test_lists_and_ints_are_accepted_with_the_same_result(with_lists, with_arrays):
    assert_same(with_lists(), with_arrays())
