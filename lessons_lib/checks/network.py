"""Checkers for a deep network: its initialisation and its L-layer forward pass.

Exercises of ``07_initialization`` (``initialize``) and ``08_deep_networks`` (``model_forward``).
Rows are examples: ``W[l]`` has shape (n_l, n_{l+1}), ``b[l]`` shape (n_{l+1},), and a layer
computes ``Z = A @ W[l] + b[l]``.
"""

from __future__ import annotations

import numpy as np

from ..activations import _relu, _sigmoid
from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_initialize", "check_model_forward", "INITIALIZE_MISTAKES",
           "MODEL_FORWARD_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


# --- initialize(layer_sizes, scheme="he", rng=None) -> (W, b) -----------------------------

def _init(layer_sizes, scheme="he", rng=None, *, std=lambda n_in, n_out: np.sqrt(2.0 / n_in),
          shape=lambda n_in, n_out: (n_in, n_out), bias=None, draw=None, fresh=False):
    gen, W, b = np.random.default_rng(rng), [], []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        gen = np.random.default_rng(rng) if fresh else gen
        normal = draw or gen.standard_normal
        W.append(np.zeros(shape(n_in, n_out)) if scheme == "zeros"
                 else std(n_in, n_out) * normal(shape(n_in, n_out)))
        b.append(np.zeros(n_out) if bias is None else bias(gen, n_out))
    return W, b


def _unseeded_normal(shape):
    return np.random.default_rng().standard_normal(shape)  # a fresh seed: not reproducible


def _features(output, args):
    """What a random initialisation is compared by: shapes, zero biases, the spread of W."""
    W, b = output
    layer_sizes, scheme = args[0], args[1]
    features = {"number of weight matrices W": len(W), "number of bias vectors b": len(b)}
    for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        Wl, bl = np.asarray(W[l], dtype=float), np.asarray(b[l], dtype=float)
        features[f"W[{l}].shape"], features[f"b[{l}].shape"] = Wl.shape, bl.shape
        features[f"b[{l}] is all zeros"] = bool(np.all(bl == 0))
        if scheme == "zeros":
            features[f"W[{l}] is all zeros"] = bool(np.all(Wl == 0))
        elif Wl.size >= 1000:
            he_std = f"He: √(2/{n_in}) = {np.sqrt(2 / n_in):.4f}"
            features[f"W[{l}].std() ({he_std})"] = float(Wl.std())
            features[f"W[{l}].mean() is near 0"] = bool(abs(Wl.mean()) < 0.1 * np.sqrt(2 / n_in))
    return features


def _twice(fn, args):
    """Call twice with one seed, once with another: is the result reproducible, and seeded?"""
    (W1, _), (W2, _), (W3, _) = fn(*args), fn(*args), fn(args[0], args[1], args[2] + 1)
    return [np.asarray(w) for w in W1], [np.asarray(w) for w in W2], [np.asarray(w) for w in W3]


def _seeded(output, args):
    W1, W2, W3 = output
    return {"the same rng seed gives the same W": all(np.array_equal(a, c) for a, c in zip(W1, W2)),
            "another seed gives another W": not np.array_equal(W1[0], W3[0]),
            "layers differ (one generator for all layers)": not np.array_equal(W1[0], W1[1])}


INITIALIZE_MISTAKES = (
    Mistake("√(1/n_in): Xavier's scale, not He's", "He initialisation has variance 2 / n_in, so "
            "the standard deviation is np.sqrt(2 / n_in); √(1 / n_in) is too small for ReLU.",
            fn=lambda *a: _init(*a, std=lambda n_in, n_out: np.sqrt(1.0 / n_in))),
    Mistake("the variance used as the standard deviation", "2 / n_in is the variance; multiply "
            "the standard normal draws by its square root, np.sqrt(2 / n_in).",
            fn=lambda *a: _init(*a, std=lambda n_in, n_out: 2.0 / n_in)),
    Mistake("n_out in place of n_in", "He's variance uses the number of inputs of the layer, "
            "n_in (fan-in): np.sqrt(2 / n_in).",
            fn=lambda *a: _init(*a, std=lambda n_in, n_out: np.sqrt(2.0 / n_out))),
    Mistake("W transposed", "Rows are examples, so Z = A_prev @ W needs W of shape (n_in, n_out); "
            "(n_out, n_in) is the column convention.",
            fn=lambda *a: _init(*a, shape=lambda n_in, n_out: (n_out, n_in))),
    Mistake("b of shape (1, n) or (n, 1)",
            "Each bias is a vector of shape (n_out,): np.zeros(n_out).",
            fn=lambda *a: _init(*a, bias=lambda gen, n_out: np.zeros((1, n_out)))),
    Mistake("random biases", "Biases start at zero (the random weights already break the "
            "symmetry): b[l] = np.zeros(n_out).",
            fn=lambda *a: _init(*a, bias=lambda gen, n_out: gen.standard_normal(n_out))),
    Mistake("the global random generator", "Draw from the rng you were given: "
            "rng = np.random.default_rng(rng), then rng.standard_normal(...). np.random.randn "
            "(or a generator made without the seed) ignores it, so results cannot be reproduced.",
            fn=lambda *a: _init(*a, draw=_unseeded_normal)),
    Mistake("a fixed seed of your own", "Use the rng argument: np.random.default_rng(rng). A seed "
            "written in the function gives the same weights whatever rng the caller passes.",
            fn=lambda sizes, scheme="he", rng=None: _init(sizes, scheme, 0)),
    Mistake("a new generator for every layer", "Make the generator once, before the loop: "
            "np.random.default_rng(rng) inside the loop restarts the same random numbers in "
            "every layer.", fn=lambda *a: _init(*a, fresh=True)),
)


def _initialize_cases():
    return (
        Case(([2, 3, 1], "zeros", 0), "zeros: W and b all 0", key=_features),
        Case(([400, 100, 1], "he", 0), "He: the spread of W is √(2 / n_in)", key=_features,
             rtol=0.05),
        Case(([3, 5, 4, 2], "he", 1), "shapes of a deeper network", key=_features),
        Case(([20, 20, 20], "he", 7), "reproducible with a seed", key=_seeded, call=_twice),
        Case(([4, 1], "zeros", 0), "zeros: one layer", key=_features),
    )


_INITIALIZE = Exercise("initialize", ("layer_sizes", "scheme", "rng"), _init, _initialize_cases,
                       INITIALIZE_MISTAKES, outputs=("W", "b"),
                       hint="W[l] = np.sqrt(2 / n_in) * rng.standard_normal((n_in, n_out)); "
                            "b[l] = np.zeros(n_out).")


def check_initialize(initialize):
    """Check ``initialize(layer_sizes, scheme, rng)``, zeros and He initialisation
    (``07_initialization``).

    The exercise: ``initialize(layer_sizes, scheme="he", rng=None) -> (W, b)``, two lists with
    one entry per layer: ``W[l]`` of shape ``(n_l, n_{l+1})`` and ``b[l] = np.zeros(n_{l+1})``.
    ``scheme`` is ``"zeros"`` (all weights 0) or ``"he"``: normal weights with standard
    deviation :math:`\\sqrt{2 / n_{in}}`, drawn from ``np.random.default_rng(rng)`` (one
    generator for all layers), so the same seed gives the same weights.

    Parameters
    ----------
    initialize : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.initializers import init_layers
    >>> check_initialize(lambda sizes, scheme="he", rng=None: init_layers(sizes, scheme, rng))
    ✓ initialize: all 5 checks passed.
    True
    """
    return run_checks(_INITIALIZE, initialize)


# --- model_forward(X, W, b) -> A_out -----------------------------------------------------------

def _forward(X, W, b, *, hidden=_relu, output=_sigmoid, layers=None, chain=True, transpose=False,
             bias=True):
    A, L = X, len(W)
    for l in range(L if layers is None else layers(L)):
        Wl = W[l].T if transpose else W[l]
        Z = (A if chain else X) @ Wl + (b[l] if bias else 0.0)
        A = hidden(Z) if l < L - 1 else output(Z)
    return A


def _naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


MODEL_FORWARD_MISTAKES = (
    Mistake("sigmoid in the hidden layers", "The hidden layers use relu; only the output layer "
            "uses the sigmoid.", fn=lambda X, W, b: _forward(X, W, b, hidden=_sigmoid)),
    Mistake("relu at the output", "The output layer uses the sigmoid, so that A_out holds "
            "probabilities; relu is for the hidden layers.",
            fn=lambda X, W, b: _forward(X, W, b, output=_relu)),
    Mistake("the output layer left out", "A network with L = len(W) layers applies all of them: "
            "loop over range(L), relu for l < L − 1 and the sigmoid for the last.",
            fn=lambda X, W, b: _forward(X, W, b, layers=lambda L: L - 1)),
    Mistake("X in every layer", "Each layer takes the previous layer's output: A = g(A @ W[l] + "
            "b[l]), starting from A = X; not X @ W[l] in every layer.",
            fn=lambda X, W, b: _forward(X, W, b, chain=False)),
    Mistake("W transposed", "With rows as examples, Z = A @ W[l] + b[l]: W[l] has shape "
            "(n_in, n_out) and needs no .T.", fn=lambda X, W, b: _forward(X, W, b, transpose=True)),
    Mistake("forgot b", "Add each layer's bias: Z = A @ W[l] + b[l].",
            fn=lambda X, W, b: _forward(X, W, b, bias=False)),
    Mistake("a naive sigmoid that overflows", "Large scores make np.exp overflow: use a stable "
            "sigmoid (yours, or lessons_lib.activations.sigmoid).",
            fn=lambda X, W, b: _forward(X, W, b, output=_naive_sigmoid)),
    GLOBAL_VARIABLE,
)


def _model_forward_cases():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(5, 3))

    def layers(sizes):
        return ([rng.normal(size=(n_in, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])],
                [rng.normal(size=n_out) for n_out in sizes[1:]])

    W1, b1 = layers([3, 1])
    W2, b2 = layers([3, 4, 1])
    W3, b3 = layers([3, 4, 2, 1])
    return (
        Case((X, [np.zeros((3, 1))], [np.zeros(1)]), "one layer, all zeros: every output is 1/2",
             expected=np.full((5, 1), 0.5)),
        Case((X, [np.zeros((3, 4)), np.zeros((4, 1))], [np.zeros(4), np.zeros(1)]),
             "all zeros: every output is 1/2", expected=np.full((5, 1), 0.5)),
        Case((X, W1, b1), "one layer: logistic regression"),
        Case((X, W2, b2), "layer sizes [3, 4, 1]"),
        Case((X, W3, b3), "layer sizes [3, 4, 2, 1]"),
        Case((_array([[1], [-1]]), [_array([[1, -1]]), _array([[1000], [-1000]])],
              [np.zeros(2), np.zeros(1)]), "large scores must not overflow",
             expected=_array([[1], [0]])),
    )


_MODEL_FORWARD = Exercise(
    "model_forward", ("X", "W", "b"), _forward, _model_forward_cases, MODEL_FORWARD_MISTAKES,
    hint="A = X; for each layer l: Z = A @ W[l] + b[l]; A = relu(Z), or sigmoid(Z) for the last.")


def check_model_forward(model_forward):
    """Check ``model_forward(X, W, b)``, the forward pass of an L-layer network
    (``08_deep_networks``).

    The exercise: ``model_forward(X, W, b) -> A_out`` of shape (m, n_L), for ``X`` of shape
    (m, n_0) and lists ``W``, ``b`` of L layers. Layer l (counted from 1, as in the math) is
    ``W[l - 1]`` of shape (n_{l-1}, n_l) and ``b[l - 1]`` of shape (n_l,): Python's lists
    start at 0. The L − 1 hidden layers use relu, the last layer the sigmoid (stable: scores
    of 1000 must not overflow). Only ``A_out`` is returned.

    .. math:: A^{[0]} = X, \\quad A^{[l]} = g^{[l]}(A^{[l-1]} W^{[l]} + b^{[l]}),
              \\quad l = 1, \\dots, L

    Parameters
    ----------
    model_forward : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.checks.network import _forward
    >>> check_model_forward(_forward)
    ✓ model_forward: all 6 checks passed.
    True
    """
    return run_checks(_MODEL_FORWARD, model_forward)
