"""Weight initialisation schemes: zeros, small random, Xavier/Glorot and He.

Every scheme has the same signature ``scheme(n_in, n_out, rng=None)`` and
returns a weight matrix of shape ``(n_in, n_out)`` (rows are inputs, columns
are the units of the layer, so ``Z = A_prev @ W + b``). Biases always start at
zero. Introduced in notebook ``07_initialization``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_rng, check_int, check_positive, describe

__all__ = [
    "zeros",
    "random_normal",
    "xavier",
    "he",
    "INITIALIZERS",
    "get_initializer",
    "init_layers",
]


def _check_sizes(n_in, n_out):
    return check_int(n_in, "n_in", minimum=1), check_int(n_out, "n_out", minimum=1)


def zeros(n_in, n_out, rng=None):
    """All-zero weights (every unit of a layer then computes the same thing).

    Parameters
    ----------
    n_in, n_out : int
        Units in the previous layer and in this layer (both ≥ 1).
    rng : None, int or numpy.random.Generator, ignored
        Accepted (and checked) so that every scheme has the same signature.

    Returns
    -------
    ndarray of shape (n_in, n_out)

    Examples
    --------
    >>> float(zeros(2, 3).sum())
    0.0
    """
    n_in, n_out = _check_sizes(n_in, n_out)
    as_rng(rng)
    return np.zeros((n_in, n_out))


def random_normal(n_in, n_out, scale=0.01, rng=None):
    """Small Gaussian weights with a fixed standard deviation ``scale``.

    .. math:: W_{ij} \\sim \\mathcal{N}(0, \\text{scale}^2)

    Parameters
    ----------
    n_in, n_out : int
        Units in the previous layer and in this layer (both ≥ 1).
    scale : float, default 0.01
        Standard deviation of every weight (> 0).
    rng : None, int or numpy.random.Generator
        Seed or generator, passed to ``np.random.default_rng``.

    Returns
    -------
    ndarray of shape (n_in, n_out)

    Examples
    --------
    >>> random_normal(3, 2, rng=0).shape
    (3, 2)
    """
    n_in, n_out = _check_sizes(n_in, n_out)
    scale = check_positive(scale, "scale")
    return as_rng(rng).normal(0.0, scale, size=(n_in, n_out))


def xavier(n_in, n_out, rng=None):
    """Xavier/Glorot normal weights: variance ``2 / (n_in + n_out)``.

    Keeps the variance of activations and of gradients roughly constant across
    layers with ``tanh`` or ``sigmoid`` (Glorot & Bengio, 2010).

    .. math:: W_{ij} \\sim \\mathcal{N}\\left(0, \\frac{2}{n_{in} + n_{out}}\\right)

    Parameters
    ----------
    n_in, n_out : int
        Units in the previous layer and in this layer (both ≥ 1).
    rng : None, int or numpy.random.Generator
        Seed or generator, passed to ``np.random.default_rng``.

    Returns
    -------
    ndarray of shape (n_in, n_out)

    Examples
    --------
    >>> xavier(4, 4, rng=0).shape
    (4, 4)
    """
    n_in, n_out = _check_sizes(n_in, n_out)
    std = np.sqrt(2.0 / (n_in + n_out))
    return as_rng(rng).normal(0.0, std, size=(n_in, n_out))


def he(n_in, n_out, rng=None):
    """He (Kaiming) normal weights: variance ``2 / n_in``, made for ReLU layers.

    .. math:: W_{ij} \\sim \\mathcal{N}\\left(0, \\frac{2}{n_{in}}\\right)

    Parameters
    ----------
    n_in, n_out : int
        Units in the previous layer and in this layer (both ≥ 1).
    rng : None, int or numpy.random.Generator
        Seed or generator, passed to ``np.random.default_rng``.

    Returns
    -------
    ndarray of shape (n_in, n_out)

    Examples
    --------
    >>> he(4, 2, rng=0).shape
    (4, 2)
    """
    n_in, n_out = _check_sizes(n_in, n_out)
    std = np.sqrt(2.0 / n_in)
    return as_rng(rng).normal(0.0, std, size=(n_in, n_out))


#: Scheme name -> function ``(n_in, n_out, rng=None) -> W``.
INITIALIZERS = {
    "zeros": zeros,
    "random_normal": random_normal,
    "xavier": xavier,
    "he": he,
}

_ALIASES = {"random": "random_normal", "glorot": "xavier", "kaiming": "he"}


def get_initializer(name):
    """Return the initialiser called ``name``.

    Parameters
    ----------
    name : str
        One of ``"zeros"``, ``"random_normal"`` (alias ``"random"``),
        ``"xavier"`` (alias ``"glorot"``), ``"he"`` (alias ``"kaiming"``).

    Returns
    -------
    callable
        ``scheme(n_in, n_out, rng=None) -> ndarray of shape (n_in, n_out)``.

    Examples
    --------
    >>> get_initializer("glorot") is xavier
    True
    """
    return _get_initializer(name, "name")


def _get_initializer(name, argument):
    """:func:`get_initializer`, with errors naming the caller's ``argument`` (e.g. ``init``)."""
    valid = f"{', '.join(map(repr, INITIALIZERS))} (aliases {', '.join(map(repr, _ALIASES))})"
    if not isinstance(name, str):
        raise TypeError(f"`{argument}` must be the name (a str) of an initialisation scheme, "
                        f"one of {valid}; got {describe(name)}.")
    if _ALIASES.get(name, name) not in INITIALIZERS:
        raise ValueError(f"`{argument}` must name an initialisation scheme, one of {valid}; "
                         f"got {name!r}. Check the spelling.")
    return INITIALIZERS[_ALIASES.get(name, name)]


def _check_layer_sizes(layer_sizes):
    """Return ``layer_sizes`` as a list of ints ≥ 1 with at least two entries."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(
            f"`layer_sizes` must be a list of ints, got {describe(layer_sizes)}. "
            "Example: [2, 4, 1] for 2 inputs, 4 hidden units and 1 output."
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            f"`layer_sizes` needs at least an input and an output size, got "
            f"{list(layer_sizes)}. Example: [2, 4, 1]."
        )
    return [check_int(n, f"layer_sizes[{i}]", minimum=1) for i, n in enumerate(layer_sizes)]


def init_layers(layer_sizes, scheme="he", rng=None):
    """Initial weights and biases for a fully connected network.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_0, n_1, ..., n_L]``: input size, hidden sizes, output size.
    scheme : str, default "he"
        A name accepted by :func:`get_initializer`.
    rng : None, int or numpy.random.Generator
        Seed or generator; one generator draws every layer in order.

    Returns
    -------
    W : list of ndarray
        ``W[l]`` has shape ``(layer_sizes[l], layer_sizes[l + 1])``.
    b : list of ndarray
        ``b[l]`` has shape ``(layer_sizes[l + 1],)`` and is all zeros.

    Examples
    --------
    >>> W, b = init_layers([2, 3, 1], "xavier", rng=0)
    >>> [w.shape for w in W], [v.shape for v in b]
    ([(2, 3), (3, 1)], [(3,), (1,)])
    """
    sizes = _check_layer_sizes(layer_sizes)
    init = _get_initializer(scheme, "scheme")
    rng = as_rng(rng)
    W = [init(n_in, n_out, rng=rng) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    b = [np.zeros(n_out) for n_out in sizes[1:]]
    return W, b
