"""The course's one definition of a saturated unit (private; re-exported by, and explained in,
:mod:`lessons_lib.diagnostics`).

A hidden unit is saturated on an example when its slope there is below
:data:`SATURATION_LEVEL` (10 %) of its activation's largest slope,
``g'(z) < 0.1 · max g'``. Here: the level, the exact z-region for each activation
(:func:`saturation_rule`) and the elementwise test (:func:`is_saturated`,
:func:`saturation_fraction`, and ``_below_level`` for the training loop's unvalidated path).
Introduced in ``06_activation_functions``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_choice
from .activations import ACTIVATIONS, get_activation

#: A unit is saturated where g'(z) < SATURATION_LEVEL · max g'.
SATURATION_LEVEL = 0.1
_ALPHA = 0.01  # leaky ReLU's slope for z < 0 in the library's ACTIVATIONS
_PEAK = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0, "identity": 1.0}


class SaturationRule(NamedTuple):
    """Where ``activation`` is saturated: ``peak`` is ``max g'``; ``side`` is ``"both"``
    (saturated where ``|z| > z_threshold``), ``"negative"`` (where ``z ≤ z_threshold`` = 0)
    or ``"never"``; ``text`` says it in words."""

    activation: str
    peak: float
    z_threshold: float
    side: str
    text: str


def saturation_rule(activation):
    """The exact z-region where ``activation`` is saturated: ``g'(z) < 0.1 · max g'``.

    .. math:: \\sigma'(z) = \\ell / 4 \\iff |z| = 2\\,\\mathrm{artanh}\\sqrt{1 - \\ell},
              \\qquad \\tanh'(z) = \\ell \\iff |z| = \\mathrm{artanh}\\sqrt{1 - \\ell}

    with :math:`\\ell` = :data:`SATURATION_LEVEL` = 0.1.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}

    Returns
    -------
    SaturationRule

    Examples
    --------
    >>> round(saturation_rule("sigmoid").z_threshold, 3)
    3.637
    """
    name = check_choice(activation, "activation", tuple(ACTIVATIONS))
    edge = float(np.arctanh(np.sqrt(1.0 - SATURATION_LEVEL)))  # tanh'(edge) = level
    peak = _PEAK[name]
    if name in ("sigmoid", "tanh"):
        z = 2.0 * edge if name == "sigmoid" else edge
        return SaturationRule(name, peak, z, "both", f"|z| > {z:.2f} (slope below "
                              f"{SATURATION_LEVEL:.0%} of its peak {peak:g})")
    text = {"relu": "z ≤ 0 (inactive: slope 0, no gradient passes)",
            "leaky_relu": f"z ≤ 0 (slope {_ALPHA:g}: {_ALPHA:.0%} of the gradient passes)"}
    if name in text:
        return SaturationRule(name, peak, 0.0, "negative", text[name])
    return SaturationRule(name, peak, np.inf, "never", "never (slope 1 everywhere)")


def _below_level(slopes, name):
    """The course's one test of saturation: ``g'(z) < SATURATION_LEVEL · max g'``."""
    return slopes < SATURATION_LEVEL * _PEAK[name]


def is_saturated(Z, activation):
    """Which entries of ``Z`` are saturated for ``activation`` (``g'(z) < 0.1 · max g'``).

    Parameters
    ----------
    Z : array_like of any shape, e.g. a hidden layer's ``Z`` of shape (m, n_units)
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}

    Returns
    -------
    ndarray of bool, the shape of ``Z``

    Examples
    --------
    >>> is_saturated([0.0, 3.0, -4.0], "sigmoid").tolist()
    [False, False, True]
    """
    rule = saturation_rule(activation)
    return _below_level(get_activation(rule.activation).derivative(as_float_array(Z, "Z")),
                        rule.activation)


def saturation_fraction(Z, activation):
    """The fraction of entries of ``Z`` (units × examples) that are saturated.

    Parameters
    ----------
    Z : array_like of shape (m, n_units)
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> saturation_fraction([[-1.0, 2.0], [3.0, -0.5]], "relu")
    0.5
    """
    return float(np.mean(is_saturated(Z, activation)))
