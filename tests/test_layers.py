"""lessons_lib.layers: one dense layer forward and backward, against independent references
(loops over examples and units, central differences), the exercises' checkers, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import activations, checks, gradcheck, losses
from lessons_lib.layers import DenseBackward, DenseForward, dense_backward, dense_forward

pytestmark = pytest.mark.filterwarnings("error")

SHAPES = [(1, 1, 1), (4, 3, 2), (7, 5, 10), (2, 64, 3)]  # (m, n_in, n_out)
SMOOTH = [(activations.tanh, activations.tanh_derivative),
          (activations.sigmoid, activations.sigmoid_derivative),
          (activations.identity, activations.identity_derivative)]


def layer(rng, m, n_in, n_out):
    return rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)


def loop_forward(A_prev, W, b):
    """Z one entry at a time: z_ij = sum_k a_ik w_kj + b_j."""
    m, n_in = A_prev.shape
    Z = np.zeros((m, W.shape[1]))
    for i in range(m):
        for j in range(W.shape[1]):
            Z[i, j] = sum(A_prev[i, k] * W[k, j] for k in range(n_in)) + b[j]
    return Z


@pytest.mark.parametrize("m, n_in, n_out", SHAPES)
@pytest.mark.parametrize("g", [activations.relu, activations.tanh, activations.softmax])
def test_forward_matches_a_loop_over_examples_and_units(m, n_in, n_out, g):
    A_prev, W, b = layer(np.random.default_rng(m * 100 + n_in), m, n_in, n_out)
    out = dense_forward(A_prev, W, b, g)
    assert isinstance(out, DenseForward)
    Z, A = out
    np.testing.assert_allclose(Z, loop_forward(A_prev, W, b), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(A, g(Z))
    assert Z.shape == A.shape == (m, n_out)


@pytest.mark.parametrize("m, n_in, n_out", SHAPES)
@pytest.mark.parametrize("g, g_prime", SMOOTH, ids=["tanh", "sigmoid", "identity"])
def test_backward_matches_central_differences(m, n_in, n_out, g, g_prime):
    """With the scalar L = sum(G * A), dA = G; every gradient agrees with finite differences."""
    rng = np.random.default_rng(7 * m + n_out)
    A_prev, W, b = layer(rng, m, n_in, n_out)
    G = rng.normal(size=(m, n_out))

    def L(A_prev_, W_, b_):
        return float(np.sum(G * dense_forward(A_prev_, W_, b_, g).A))

    Z = dense_forward(A_prev, W, b, g).Z
    out = dense_backward(G, A_prev, W, Z, g_prime)
    assert isinstance(out, DenseBackward)
    numerical = (gradcheck.numerical_gradient(lambda v: L(v, W, b), A_prev.copy()),
                 gradcheck.numerical_gradient(lambda v: L(A_prev, v, b), W.copy()),
                 gradcheck.numerical_gradient(lambda v: L(A_prev, W, v), b.copy()))
    for got, want in zip(out, numerical):
        assert got.shape == want.shape
        assert gradcheck.relative_error(got, want) < 1e-7


def test_relu_layer_matches_central_differences_away_from_the_kink():
    rng = np.random.default_rng(3)
    A_prev, W, b = layer(rng, 6, 4, 5)
    Z = dense_forward(A_prev, W, b, activations.relu).Z
    assert np.min(np.abs(Z)) > 1e-3  # no entry within eps of the kink
    G = rng.normal(size=Z.shape)
    _, dW, _ = dense_backward(G, A_prev, W, Z, activations.relu_derivative)
    num = gradcheck.numerical_gradient(
        lambda v: float(np.sum(G * dense_forward(A_prev, v, b, activations.relu).A)), W.copy())
    assert gradcheck.relative_error(dW, num) < 1e-7


@pytest.mark.parametrize("m, k", [(1, 2), (5, 3), (40, 10)])
def test_softmax_output_layer_with_identity_derivative_gives_the_cross_entropy_gradient(m, k):
    """The capstone's output layer: dA = dZ = (softmax(Z) − Y)/m and g' = 1."""
    rng = np.random.default_rng(m + k)
    A_prev, W, b = layer(rng, m, 4, k)
    y = rng.integers(0, k, size=m)

    def J(W_, b_):
        return losses.softmax_cross_entropy_cost(y, A_prev @ W_ + b_)

    Z, A = dense_forward(A_prev, W, b, activations.softmax)
    dZ = (A - losses.one_hot(y, k)) / m
    dA_prev, dW, db = dense_backward(dZ, A_prev, W, Z, activations.identity_derivative)
    assert gradcheck.relative_error(dW, gradcheck.numerical_gradient(
        lambda v: J(v, b), W.copy())) < 1e-7
    assert gradcheck.relative_error(db, gradcheck.numerical_gradient(
        lambda v: J(W, v), b.copy())) < 1e-7
    num_A = gradcheck.numerical_gradient(
        lambda v: losses.softmax_cross_entropy_cost(y, v @ W + b), A_prev.copy())
    assert gradcheck.relative_error(dA_prev, num_A) < 1e-7


def test_both_pass_the_exercises_checkers(capsys):
    assert checks.check_dense_forward(dense_forward) is True
    assert checks.check_dense_backward(dense_backward) is True
    printed = capsys.readouterr().out
    assert "dense_forward: all 4 checks passed" in printed
    assert "dense_backward: all 4 checks passed" in printed


def test_inputs_are_not_changed_and_lists_give_the_same_result():
    rng = np.random.default_rng(11)
    A_prev, W, b = layer(rng, 3, 2, 4)
    dA = rng.normal(size=(3, 4))
    saved = [a.copy() for a in (A_prev, W, b, dA)]
    Z, A = dense_forward(A_prev, W, b, activations.tanh)
    grads = dense_backward(dA, A_prev, W, Z, activations.tanh_derivative)
    for a, s in zip((A_prev, W, b, dA), saved):
        np.testing.assert_array_equal(a, s)
    Z_list, A_list = dense_forward(A_prev.tolist(), W.tolist(), b.tolist(), activations.tanh)
    np.testing.assert_array_equal(Z_list, Z)
    for got, want in zip(dense_backward(dA.tolist(), A_prev.tolist(), W.tolist(), Z.tolist(),
                                        activations.tanh_derivative), grads):
        np.testing.assert_array_equal(got, want)


@settings(deadline=None, max_examples=40)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6), st.integers(0, 2 ** 31))
def test_backward_is_linear_in_dA_and_dA_prev_is_dZ_times_W_transposed(m, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    A_prev, W, b = layer(rng, m, n_in, n_out)
    Z = dense_forward(A_prev, W, b, activations.tanh).Z
    d1, d2 = rng.normal(size=(m, n_out)), rng.normal(size=(m, n_out))
    g = activations.tanh_derivative
    both = dense_backward(d1 + 2 * d2, A_prev, W, Z, g)
    one, two = dense_backward(d1, A_prev, W, Z, g), dense_backward(d2, A_prev, W, Z, g)
    for s, x, y in zip(both, one, two):
        np.testing.assert_allclose(s, x + 2 * y, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(one.dA_prev, (d1 * g(Z)) @ W.T, rtol=1e-12, atol=1e-14)


GOOD = dict(A_prev=np.ones((3, 2)), W=np.ones((2, 4)), b=np.zeros(4))
BAD_FORWARD = [
    ("A_prev 1-D", dict(A_prev=np.ones(2)), ValueError, r"`A_prev` must be 2-D.*reshape"),
    ("A_prev NaN", dict(A_prev=np.array([[1.0, np.nan]] * 3)), ValueError, r"`A_prev`.*NaN"),
    ("A_prev text", dict(A_prev=[["a", "b"]]), TypeError, r"`A_prev` must hold numbers"),
    ("A_prev empty", dict(A_prev=np.ones((0, 2))), ValueError, r"`A_prev` is empty"),
    ("W transposed", dict(W=np.ones((4, 2))), ValueError,
     r"`W` must have shape \(n_in, n_out\) with n_in = 2.*got shape \(4, 2\).*W\.T"),
    ("W wrong rows", dict(W=np.ones((3, 4))), ValueError, r"`W`.*n_in = 2.*got shape \(3, 4\)"),
    ("W inf", dict(W=np.full((2, 4), np.inf)), ValueError, r"`W` contains infinity"),
    ("b 2-D", dict(b=np.zeros((1, 4))), ValueError, r"`b` must be 1-D.*ravel"),
    ("b wrong length", dict(b=np.zeros(3)), ValueError,
     r"`b` must have shape \(4,\).*got shape \(3,\)"),
    ("activation not callable", dict(activation="relu"), TypeError,
     r"`activation` must be a function.*the string 'relu'"),
    ("activation changes shape", dict(activation=lambda Z: Z.sum(axis=1)), ValueError,
     r"`activation` returned shape \(3,\) for Z of shape \(3, 4\)"),
    ("activation returns text", dict(activation=lambda Z: "no"), TypeError,
     r"`activation\(Z\)` must be numbers"),
]


@pytest.mark.parametrize("case, change, error, pattern", BAD_FORWARD,
                         ids=[c[0] for c in BAD_FORWARD])
def test_forward_bad_input_is_named_and_explained(case, change, error, pattern):
    kwargs = {**GOOD, "activation": activations.relu, **change}
    with pytest.raises(error, match=pattern) as info:
        dense_forward(**kwargs)
    assert type(info.value) is error


GOOD_B = dict(dA=np.ones((3, 4)), A_prev=np.ones((3, 2)), W=np.ones((2, 4)), Z=np.ones((3, 4)))
BAD_BACKWARD = [
    ("dA wrong shape", dict(dA=np.ones((4, 3))), ValueError,
     r"`dA` must have shape \(3, 4\).*got shape \(4, 3\)"),
    ("dA 1-D", dict(dA=np.ones(4)), ValueError, r"`dA` must be 2-D"),
    ("Z wrong rows", dict(Z=np.ones((2, 4))), ValueError, r"`Z` must have shape \(3, 4\)"),
    ("Z NaN", dict(Z=np.full((3, 4), np.nan)), ValueError, r"`Z` contains NaN"),
    ("W transposed", dict(W=np.ones((4, 2))), ValueError, r"`W`.*W\.T"),
    ("derivative not callable", dict(activation_derivative=None), TypeError,
     r"`activation_derivative` must be a function.*NoneType"),
    ("derivative changes shape", dict(activation_derivative=lambda Z: 1.0), ValueError,
     r"`activation_derivative` returned shape \(\) for Z of shape \(3, 4\)"),
]


@pytest.mark.parametrize("case, change, error, pattern", BAD_BACKWARD,
                         ids=[c[0] for c in BAD_BACKWARD])
def test_backward_bad_input_is_named_and_explained(case, change, error, pattern):
    kwargs = {**GOOD_B, "activation_derivative": activations.relu_derivative, **change}
    with pytest.raises(error, match=pattern) as info:
        dense_backward(**kwargs)
    assert type(info.value) is error
