"""Every checker: a correct solution passes, a stub is "not attempted yet", an error is feedback,
and for every catalogued mistake a buggy implementation written here gets that mistake's hint.

The buggy implementations are written independently of the catalogue's own buggy functions
(other expressions, loops, np.dot), so a test fails if the matching only works on the exact
code of the catalogue.
"""

import math

import numpy as np
import pytest

from lessons_lib import checks

# --- globals that the "global variable" mistakes read by accident ---------------------------
X_train = np.arange(14.0).reshape(7, 2)
y_train = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0])
m = 7
lr = 0.3
A_prev_train = np.ones((7, 3))


# --- correct solutions, written for these tests ---------------------------------------------

def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(z):
    return np.where(z > 0, z, 0.0)


def bce(y, y_hat):
    return -(y * np.log(y_hat) + (1.0 - y) * np.log1p(-y_hat))


def descent(grad, x0, lr, num_steps):
    xs = np.empty(num_steps + 1)
    xs[0] = x0
    for t in range(num_steps):
        xs[t + 1] = xs[t] - lr * grad(xs[t])
    return xs


def train_loop(X, y, w, b, lr, num_epochs):
    costs = []
    for _ in range(num_epochs):
        a = sigmoid(np.dot(X, w) + b)
        costs.append(np.mean(bce(y, a)))
        w = w - lr * np.dot(X.T, a - y) / len(y)
        b = b - lr * np.mean(a - y)
    return w, b, costs


def initialize(layer_sizes, scheme="he", rng=None):
    gen, W, b = np.random.default_rng(rng), [], []
    for n_in, n_out in zip(layer_sizes, layer_sizes[1:]):
        scale = 0.0 if scheme == "zeros" else math.sqrt(2.0 / n_in)
        W.append(gen.normal(0.0, 1.0, size=(n_in, n_out)) * scale)
        b.append(np.zeros(n_out))
    return W, b


def dense_backward(dA, A_prev, W, Z, g_prime):
    dZ = dA * g_prime(Z)
    return np.dot(dZ, W.T), np.dot(A_prev.T, dZ), np.sum(dZ, axis=0)


def model_forward(X, W, b):
    A = X
    for l in range(len(W)):
        Z = np.dot(A, W[l]) + b[l]
        A = sigmoid(Z) if l == len(W) - 1 else relu(Z)
    return A


SOLUTIONS = {
    "check_linear_scores": lambda X, w, b: np.dot(X, w) + b,
    "check_sigmoid": sigmoid,
    "check_sigmoid_derivative": lambda z: sigmoid(z) * sigmoid(-z),
    "check_forward": lambda X, w, b: sigmoid(np.dot(X, w) + b),
    "check_predict": lambda X, w, b: np.where(np.dot(X, w) + b > 0, 1, 0),
    "check_bce_loss": bce,
    "check_cost": lambda y, y_hat: float(np.sum(bce(y, y_hat)) / len(y)),
    "check_update": lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db),
    "check_descent_loop": descent,
    "check_gradients": lambda X, y, a: (np.dot(X.T, a - y) / X.shape[0], np.mean(a - y)),
    "check_train_loop": train_loop,
    "check_relu": relu,
    "check_relu_derivative": lambda z: np.where(z > 0, 1.0, 0.0),
    "check_tanh_derivative": lambda z: 1.0 / np.cosh(np.clip(z, -350, 350)) ** 2,
    "check_softmax": lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True))
    / np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
    "check_initialize": initialize,
    "check_dense_forward": lambda A, W, b, g: (np.dot(A, W) + b, g(np.dot(A, W) + b)),
    "check_dense_backward": dense_backward,
    "check_model_forward": model_forward,
}


# --- buggy implementations, one per catalogued mistake ----------------------------------------

def _naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _relu_in_place(z):
    np.maximum(z, 0, out=z)
    return z


def _relu_derivative_in_place(z):
    z[...] = z > 0
    return z


def _update_in_place(w, b, dw, db, lr):
    for j in range(len(w)):
        w[j] -= lr * dw[j]
    return w, b - lr * db


def _descent_variant(grad, x0, lr, num_steps, *, sign=-1.0, keep_first=True, record_after=True,
                     extra=0, fixed_grad=False):
    x, xs, g0 = x0, [x0] if keep_first else [], grad(x0)
    step = lr
    for _ in range(num_steps + extra):
        if not record_after:
            xs.append(x)
        x = x + sign * step * (g0 if fixed_grad else grad(x))
        if record_after:
            xs.append(x)
    return xs


def _train_variant(X, y, w, b, lr, num_epochs, *, after=False, update_b=True, sign=-1.0,
                   scale=True, in_place=False, summed=False, data=None):
    X, y = (X, y) if data is None else data
    costs = []
    for _ in range(num_epochs):
        a = sigmoid(X @ w + b)
        losses = bce(y, a)
        if not after:
            costs.append(losses.sum() if summed else losses.mean())
        dw, db = X.T @ (a - y), np.sum(a - y)
        if scale:
            dw, db = dw / len(y), db / len(y)
        if in_place:
            w += sign * lr * dw
        else:
            w = w + sign * lr * dw
        if update_b:
            b = b + sign * lr * db
        if after:
            costs.append(bce(y, sigmoid(X @ w + b)).mean())
    return w, b, costs


def _init_variant(layer_sizes, scheme="he", rng=None, *, var=lambda i, o: 2.0 / i, sd=None,
                  transpose=False, bias_shape=None, random_bias=False, global_rng=False,
                  seed=None, per_layer=False):
    gen = np.random.default_rng(rng if seed is None else seed)
    W, b = [], []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        if per_layer:
            gen = np.random.default_rng(rng)
        shape = (n_out, n_in) if transpose else (n_in, n_out)
        std = sd(n_in, n_out) if sd else math.sqrt(var(n_in, n_out))
        draws = np.random.default_rng().normal(size=shape) if global_rng else gen.normal(size=shape)
        W.append(np.zeros(shape) if scheme == "zeros" else std * draws)
        shape_b = bias_shape(n_out) if bias_shape else n_out
        b.append(gen.normal(size=n_out) if random_bias else np.zeros(shape_b))
    return W, b


def _dense_backward_variant(dA, A_prev, W, Z, g, *, per_m=False, use_g=True, dW_T=False,
                            db_all=False, db_keep=False, db_mean=False, no_T=False,
                            in_place=False):
    if in_place:
        dA *= g(Z)
        dZ = dA
    else:
        dZ = dA * g(Z) if use_g else dA
    A = A_prev
    dW = np.dot(dZ.T, A) if dW_T else np.dot(A.T, dZ)
    db = dZ.sum() if db_all else dZ.sum(axis=0, keepdims=db_keep)
    db = dZ.mean(axis=0) if db_mean else db
    if per_m:
        dW, db = dW / A.shape[0], db / A.shape[0]
    return np.dot(dZ, W if no_T else W.T), dW, db


def _model_forward_variant(X, W, b, *, hidden=relu, out=sigmoid, n_layers=None, chain=True,
                           transpose=False, with_b=True, data=None):
    X = X if data is None else data
    A = X
    L = len(W)
    for l in range(L if n_layers is None else n_layers(L)):
        Wl = W[l].T if transpose else W[l]
        Z = np.dot(A if chain else X, Wl) + (b[l] if with_b else 0)
        A = out(Z) if l == L - 1 else hidden(Z)
    return A


def _softmax_shift(Z, shift, axis=1, keep=True):
    e = np.exp(Z - shift)
    return e / e.sum(axis=axis, keepdims=keep) if axis is not None else e / e.sum()


B = {}  # (checker, mistake name) -> buggy implementation

B["check_linear_scores", "w @ X: the factors in the wrong order"] = \
    lambda X, w, b: np.matmul(w, X) + b
B["check_linear_scores", "forgot b"] = lambda X, w, b: np.dot(X, w)
B["check_linear_scores", "X * w: elementwise, not a matrix product"] = \
    lambda X, w, b: np.multiply(X, w) + b
B["check_linear_scores", "scores of shape (m, 1)"] = lambda X, w, b: np.dot(X, w[:, np.newaxis]) + b
B["check_linear_scores", "summed over examples (axis=0)"] = lambda X, w, b: (X * w).sum(0) + b
B["check_linear_scores", "a global variable instead of an argument"] = \
    lambda X, w, b: X_train @ w + b

B["check_sigmoid", "math.exp on an array"] = lambda z: 1 / (1 + math.exp(-z))
B["check_sigmoid", "a naive form that overflows"] = lambda z: np.exp(z) / (1 + np.exp(z))
B["check_sigmoid", "the sign of the exponent"] = lambda z: np.exp(-z) / (1 + np.exp(-z))
B["check_sigmoid", "1 − e^(−z) in the denominator"] = lambda z: (1 - np.exp(-z)) ** -1.0

B["check_sigmoid_derivative", "z in place of σ(z)"] = lambda z: z - z * z
B["check_sigmoid_derivative", "returned σ(z) itself"] = sigmoid
B["check_sigmoid_derivative", "1 − σ(z)², the pattern of tanh"] = \
    lambda z: 1 - sigmoid(z) * sigmoid(z)
B["check_sigmoid_derivative", "a naive sigmoid that overflows"] = \
    lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2

B["check_forward", "forgot the sigmoid"] = lambda X, w, b: np.dot(X, w) + b
B["check_forward", "forgot b"] = lambda X, w, b: sigmoid(np.dot(X, w))
B["check_forward", "w @ X"] = lambda X, w, b: sigmoid(np.matmul(w, X) + b)
B["check_forward", "output of shape (m, 1)"] = lambda X, w, b: sigmoid(X @ w + b).reshape(-1, 1)
B["check_forward", "the sign of the exponent"] = lambda X, w, b: sigmoid(-(X @ w + b))
B["check_forward", "a naive sigmoid that overflows"] = lambda X, w, b: _naive_sigmoid(X @ w + b)
B["check_forward", "a global variable instead of an argument"] = \
    lambda X, w, b: sigmoid(X_train @ w + b)

B["check_predict", "returned probabilities"] = lambda X, w, b: sigmoid(np.dot(X, w) + b)
B["check_predict", "thresholded the score at 0.5"] = lambda X, w, b: np.where(X @ w + b > 0.5, 1, 0)
B["check_predict", "labels inverted"] = lambda X, w, b: np.where(sigmoid(X @ w + b) >= 0.5, 0, 1)
B["check_predict", "threshold at 0 on the probability"] = \
    lambda X, w, b: np.where(sigmoid(X @ w + b) > 0, 1, 0)
B["check_predict", "labels of shape (m, 1)"] = lambda X, w, b: (X @ w + b > 0).astype(int)[:, None]
B["check_predict", "a naive sigmoid that overflows"] = \
    lambda X, w, b: np.round(_naive_sigmoid(X @ w + b))
B["check_predict", "a global variable instead of an argument"] = \
    lambda X, w, b: (X_train @ w + b > 0) * 1

B["check_bce_loss", "missing minus"] = lambda y, y_hat: -bce(y, y_hat)
B["check_bce_loss", "log terms swapped"] = lambda y, y_hat: bce(1 - y, y_hat)
B["check_bce_loss", "reduced to one number"] = lambda y, y_hat: bce(y, y_hat).sum()
B["check_bce_loss", "log10"] = lambda y, y_hat: bce(y, y_hat) / math.log(10)
B["check_bce_loss", "arguments swapped"] = \
    lambda y_hat, y: -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
B["check_bce_loss", "forgot the (1 − y) term"] = lambda y, y_hat: -np.log(y_hat) * y

B["check_cost", "sum instead of mean"] = lambda y, y_hat: bce(y, y_hat).sum()
B["check_cost", "missing minus"] = \
    lambda y, y_hat: np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
B["check_cost", "returned the per-example losses"] = lambda y, y_hat: bce(y, y_hat) / 1
B["check_cost", "forgot the (1 − y) term"] = lambda y, y_hat: -(y * np.log(y_hat)).sum() / len(y)
B["check_cost", "arguments swapped"] = lambda y_hat, y: np.mean(bce(y, y_hat))
B["check_cost", "a global variable instead of an argument"] = \
    lambda y, y_hat: bce(y, y_hat).sum() / m

B["check_update", "plus instead of minus"] = lambda w, b, dw, db, lr: (w + dw * lr, b + db * lr)
B["check_update", "forgot lr"] = lambda w, b, dw, db, lr: (w - dw, b - db)
B["check_update", "w changed in place"] = _update_in_place
B["check_update", "dw and db swapped"] = lambda w, b, dw, db, lr: (w - lr * db, b - lr * dw)
B["check_update", "lr only on w"] = lambda w, b, dw, db, lr: (w - lr * dw, b - db)

B["check_descent_loop", "gradient ascent"] = lambda *a: _descent_variant(*a, sign=1.0)
B["check_descent_loop", "forgot x0"] = lambda *a: _descent_variant(*a, keep_first=False)
B["check_descent_loop", "the last point missing"] = \
    lambda *a: _descent_variant(*a, keep_first=False,
                                                                                record_after=False)
B["check_descent_loop", "returned only the last x"] = lambda *a: _descent_variant(*a)[-1]
B["check_descent_loop", "one step too many"] = lambda *a: _descent_variant(*a, extra=1)
B["check_descent_loop", "the gradient at x0 at every step"] = \
    lambda *a: _descent_variant(*a, fixed_grad=True)


def _descent_global_lr(grad, x0, learning_rate, num_steps):
    xs = [x0]
    for _ in range(num_steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


B["check_descent_loop", "a global variable instead of an argument"] = _descent_global_lr

B["check_gradients", "forgot 1/m"] = lambda X, y, a: (np.dot(X.T, a - y), np.sum(a - y))
B["check_gradients", "the sign flipped (y − a)"] = \
    lambda X, y, a: (X.T @ (y - a) / len(y), np.mean(y - a))
B["check_gradients", "X @ (a − y) without the transpose"] = \
    lambda X, y, a: (np.matmul(X, a - y) / len(y), 0.0)
B["check_gradients", "m taken from X.shape[1]"] = lambda X, y, a: (X.T @ (a - y) / X.shape[1],
                                                                 np.sum(a - y) / X.shape[1])
B["check_gradients", "dw of shape (n, 1)"] = \
    lambda X, y, a: ((X.T @ (a - y)).reshape(-1, 1) / len(y),
                                                            np.mean(a - y))
B["check_gradients", "db without 1/m"] = lambda X, y, a: (X.T @ (a - y) / len(y), (a - y).sum())
B["check_gradients", "a global variable instead of an argument"] = \
    lambda X, y, a: (X.T @ (a - y) / m, np.sum(a - y) / m)

B["check_train_loop", "cost recorded after the update"] = lambda *a: _train_variant(*a, after=True)
B["check_train_loop", "b never updated"] = lambda *a: _train_variant(*a, update_b=False)
B["check_train_loop", "gradient ascent"] = lambda *a: _train_variant(*a, sign=1.0)
B["check_train_loop", "forgot 1/m in the gradients"] = lambda *a: _train_variant(*a, scale=False)
B["check_train_loop", "w changed in place"] = lambda *a: _train_variant(*a, in_place=True)
B["check_train_loop", "cost summed, not averaged"] = lambda *a: _train_variant(*a, summed=True)
B["check_train_loop", "a global variable instead of an argument"] = \
    lambda X, y, w, b, lr, n: _train_variant(X, y, w, b, lr, n, data=(X_train[:, :1], y_train))

B["check_relu", "np.max(z, 0)"] = lambda z: np.amax(z, axis=0)
B["check_relu", "np.max(0, z)"] = lambda z: np.max(0.0, z)
B["check_relu", "Python's max on an array"] = lambda z: z if z > 0 else 0 * z
B["check_relu", "z changed in place"] = _relu_in_place
B["check_relu", "returned the derivative (the mask)"] = lambda z: np.where(z > 0, 1.0, 0.0)
B["check_relu", "np.abs"] = lambda z: np.sqrt(z * z)
B["check_relu", "np.minimum"] = lambda z: np.where(z < 0, z, 0.0)

B["check_relu_derivative", "returned booleans"] = lambda z: np.greater(z, 0)
B["check_relu_derivative", "returned relu(z)"] = relu
B["check_relu_derivative", "inverted"] = lambda z: np.where(z > 0, 0.0, 1.0) * (z != 0)
B["check_relu_derivative", "np.sign"] = lambda z: np.where(z > 0, 1.0, np.where(z < 0, -1.0, 0.0))
B["check_relu_derivative", "z changed in place"] = _relu_derivative_in_place
B["check_relu_derivative", "1 everywhere"] = lambda z: z * 0 + 1.0

B["check_tanh_derivative", "1 − z² (forgot tanh)"] = lambda z: 1 - z * z
B["check_tanh_derivative", "forgot the square"] = lambda z: 1 - np.tanh(z)
B["check_tanh_derivative", "the sigmoid's pattern"] = lambda z: np.tanh(z) - np.tanh(z) ** 2
B["check_tanh_derivative", "(1 − tanh z)²"] = lambda z: (1 - np.tanh(z)) * (1 - np.tanh(z))
B["check_tanh_derivative", "a naive tanh that overflows"] = \
    lambda z: 1 - ((np.exp(2 * z) - 1) / (np.exp(2 * z) + 1)) ** 2
B["check_tanh_derivative", "1/cosh² that overflows"] = lambda z: np.cosh(z) ** -2.0

B["check_softmax", "normalised over columns (axis=0)"] = \
    lambda Z: _softmax_shift(Z, Z.max(axis=0), axis=0)
B["check_softmax", "normalised over the whole array"] = \
    lambda Z: _softmax_shift(Z, Z.max(), axis=None)
B["check_softmax", "forgot keepdims=True"] = \
    lambda Z: _softmax_shift(Z, Z.max(axis=1, keepdims=True), keep=False)
B["check_softmax", "subtracted the max of the whole array"] = lambda Z: _softmax_shift(Z, Z.max())
B["check_softmax", "naive form that overflows"] = lambda Z: _softmax_shift(Z, 0.0)

B["check_initialize", "√(1/n_in): Xavier's scale, not He's"] = \
    lambda *a: _init_variant(*a, var=lambda i, o: 1.0 / i)
B["check_initialize", "the variance used as the standard deviation"] = \
    lambda *a: _init_variant(*a, sd=lambda i, o: 2.0 / i)
B["check_initialize", "n_out in place of n_in"] = \
    lambda *a: _init_variant(*a, var=lambda i, o: 2.0 / o)
B["check_initialize", "W transposed"] = lambda *a: _init_variant(*a, transpose=True)
B["check_initialize", "b of shape (1, n) or (n, 1)"] = \
    lambda *a: _init_variant(*a, bias_shape=lambda n: (1, n))
B["check_initialize", "random biases"] = lambda *a: _init_variant(*a, random_bias=True)
B["check_initialize", "the global random generator"] = lambda *a: _init_variant(*a, global_rng=True)
B["check_initialize", "a fixed seed of your own"] = lambda *a: _init_variant(*a, seed=42)
B["check_initialize", "a new generator for every layer"] = \
    lambda *a: _init_variant(*a, per_layer=True)

B["check_dense_forward", "W transposed"] = lambda A, W, b, g: (A @ W.T + b, g(A @ W.T + b))
B["check_dense_forward", "W @ A_prev"] = \
    lambda A, W, b, g: (np.matmul(W, A) + b, g(np.matmul(W, A) + b))
B["check_dense_forward", "forgot b"] = lambda A, W, b, g: (np.dot(A, W), g(np.dot(A, W)))
B["check_dense_forward", "forgot the activation"] = \
    lambda A, W, b, g: (np.dot(A, W) + b, np.dot(A, W) + b)
B["check_dense_forward", "returned (A, Z)"] = \
    lambda A, W, b, g: (g(np.dot(A, W) + b), np.dot(A, W) + b)
B["check_dense_forward", "relu whatever the activation"] = \
    lambda A, W, b, g: (np.dot(A, W) + b, relu(np.dot(A, W) + b))
B["check_dense_forward", "a global variable instead of an argument"] = \
    lambda A, W, b, g: (A_prev_train @ W[:3] + b, g(A_prev_train @ W[:3] + b))

B["check_dense_backward", "an extra 1/m"] = lambda *a: _dense_backward_variant(*a, per_m=True)
B["check_dense_backward", "forgot g'(Z)"] = lambda *a: _dense_backward_variant(*a, use_g=False)
B["check_dense_backward", "dW transposed"] = lambda *a: _dense_backward_variant(*a, dW_T=True)
B["check_dense_backward", "db summed over everything"] = \
    lambda *a: _dense_backward_variant(*a, db_all=True)
B["check_dense_backward", "db of shape (1, n_out)"] = \
    lambda *a: _dense_backward_variant(*a, db_keep=True)
B["check_dense_backward", "db is a mean"] = lambda *a: _dense_backward_variant(*a, db_mean=True)
B["check_dense_backward", "dZ @ W without the transpose"] = \
    lambda *a: _dense_backward_variant(*a, no_T=True)
B["check_dense_backward", "dA changed in place"] = \
    lambda *a: _dense_backward_variant(*a, in_place=True)
B["check_dense_backward", "a global variable instead of an argument"] = \
    lambda dA, A, W, Z, g: ((dA * g(Z)) @ W.T, A_prev_train.T @ (dA * g(Z)), (dA * g(Z)).sum(0))

B["check_model_forward", "sigmoid in the hidden layers"] = \
    lambda *a: _model_forward_variant(*a, hidden=sigmoid)
B["check_model_forward", "relu at the output"] = lambda *a: _model_forward_variant(*a, out=relu)
B["check_model_forward", "the output layer left out"] = \
    lambda *a: _model_forward_variant(*a, n_layers=lambda L: L - 1)
B["check_model_forward", "X in every layer"] = lambda *a: _model_forward_variant(*a, chain=False)
B["check_model_forward", "W transposed"] = lambda *a: _model_forward_variant(*a, transpose=True)
B["check_model_forward", "forgot b"] = lambda *a: _model_forward_variant(*a, with_b=False)
B["check_model_forward", "a naive sigmoid that overflows"] = \
    lambda *a: _model_forward_variant(*a, out=_naive_sigmoid)
B["check_model_forward", "a global variable instead of an argument"] = \
    lambda X, W, b: _model_forward_variant(X, W, b, data=A_prev_train)


# Checkers added with notebooks 04 and 05: their buggy versions are written, independently of the
# catalogue, in those checkers' own test files.
from test_checks_graph import BUGGY as _GRAPH_BUGGY, correct as _small_graph_backward  # noqa: E402
from test_checks_logistic_05 import BUGGY as _PROPAGATE_BUGGY, correct as _propagate  # noqa: E402

SOLUTIONS["check_propagate"] = _propagate
SOLUTIONS["check_small_graph_backward"] = _small_graph_backward
B.update({("check_propagate", name): fn for name, fn in _PROPAGATE_BUGGY.items()})
B.update({("check_small_graph_backward", name): fn for name, fn in _GRAPH_BUGGY.items()})


# --- the tests ---------------------------------------------------------------------------------

def _run(capsys, checker, fn):
    result = getattr(checks, checker)(fn)
    return result, capsys.readouterr().out


def _words(text):
    return " ".join(text.replace("hint:", " ").split())


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _boom(*args, **kwargs):
    raise ZeroDivisionError("boom")


def test_every_catalogued_mistake_has_a_buggy_implementation_here():
    catalogued = {(name, mistake.name) for name, mistakes in checks.CATALOGUE.items()
                  for mistake in mistakes}
    assert set(B) == catalogued


def test_every_checker_has_three_or_more_mistakes_and_a_solution_here():
    checkers = {name for name in checks.__all__ if name.startswith("check_")}
    assert set(SOLUTIONS) == set(checks.CATALOGUE) == checkers
    assert all(len(mistakes) >= 3 for mistakes in checks.CATALOGUE.values())


@pytest.mark.parametrize("checker", sorted(SOLUTIONS))
def test_correct_solution_passes_with_one_line(capsys, checker):
    result, out = _run(capsys, checker, SOLUTIONS[checker])
    assert result is True
    assert out.startswith("✓ ") and out.count("\n") == 1 and "checks passed" in out


@pytest.mark.parametrize("checker", sorted(SOLUTIONS))
def test_stub_is_not_attempted_yet(capsys, checker):
    result, out = _run(capsys, checker, _stub)
    assert result is False
    assert "not attempted yet" in out and "✗" not in out and out.count("\n") == 1


@pytest.mark.parametrize("checker", sorted(SOLUTIONS))
def test_an_error_is_feedback_not_a_traceback(capsys, checker):
    result, out = _run(capsys, checker, _boom)
    assert result is False
    assert "raised ZeroDivisionError: boom" in out and "input:" in out and "hint:" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("key", sorted(B), ids=lambda key: f"{key[0][6:]}: {key[1]}")
def test_buggy_implementation_gets_the_hint_of_its_mistake(capsys, key):
    checker, name = key
    mistake = next(m for m in checks.CATALOGUE[checker] if m.name == name)
    result, out = _run(capsys, checker, B[key])
    assert result is False
    assert out.startswith("✗ ") and "Traceback" not in out
    if mistake.detect is None:
        assert _words(mistake.hint) in _words(out), out
    else:
        assert "instead of using only its arguments" in _words(out), out
