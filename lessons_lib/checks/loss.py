"""Checkers for the loss of one example and the cost of a whole set (binary cross-entropy).

Exercises of ``02_loss_and_cost``. Argument order is the library's: the truth first, ``(y, y_hat)``.
"""

from __future__ import annotations

import math

import numpy as np

from ._core import Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE

__all__ = ["check_bce_loss", "check_cost", "BCE_LOSS_MISTAKES", "COST_MISTAKES"]


def _array(rows):
    return np.array(rows, dtype=float)


def _bce(y, y_hat):
    return -(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat))


# --- binary_cross_entropy(y, y_hat) and cost(y, y_hat) ---------------------------------

_SWAPPED_ARGS = ("The arguments come in the order (y, y_hat): the true labels first. With them "
                 "swapped, log(y) is log(0) for every label 0.")

BCE_LOSS_MISTAKES = (
    Mistake("missing minus", "The loss has a minus in front: L = −[y log ŷ + (1 − y) log(1 − ŷ)]. "
            "Without it every loss is negative, and a better prediction would look worse.",
            fn=lambda y, y_hat: y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)),
    Mistake("log terms swapped", "y goes with log ŷ and (1 − y) with log(1 − ŷ): when y = 1 the "
            "loss is −log ŷ, small when ŷ is near 1.",
            fn=lambda y, y_hat: -(y * np.log(1 - y_hat) + (1 - y) * np.log(y_hat))),
    Mistake("reduced to one number", "This function returns one loss per example, shape (m,); "
            "averaging them is the job of the cost. Drop the np.mean / np.sum.",
            fn=lambda y, y_hat: np.mean(_bce(y, y_hat))),
    Mistake("log10", "Use the natural logarithm np.log, not np.log10.",
            fn=lambda y, y_hat: -(y * np.log10(y_hat) + (1 - y) * np.log10(1 - y_hat))),
    Mistake("arguments swapped", _SWAPPED_ARGS, fn=lambda y, y_hat: _bce(y_hat, y)),
    Mistake("forgot the (1 − y) term", "Both terms are needed: −[y log ŷ + (1 − y) log(1 − ŷ)]. "
            "With only the first one, every example with y = 0 has loss 0.",
            fn=lambda y, y_hat: -y * np.log(y_hat)),
)


def _loss_cases():
    return (
        Case((_array([1, 0]), _array([0.5, 0.5])), "ŷ = 1/2 gives log 2",
             expected=_array([math.log(2), math.log(2)])),
        Case((_array([1, 0, 1, 0]), _array([0.75, 0.25, 0.25, 0.75])), "right and wrong",
             expected=_array([math.log(4 / 3)] * 2 + [math.log(4)] * 2)),
        Case((_array([1, 1, 0, 0, 1]), _array([0.9, 0.2, 0.1, 0.6, 0.99])), "5 examples"),
        Case((_array([1, 0]), _array([1 - 1e-6, 1e-6])), "confident and right: loss near 0"),
        Case((_array([1, 0]), _array([1e-6, 1 - 1e-6])), "confident and wrong: a large loss"),
        Case((_array([0]), _array([0.3])), "one example", expected=_array([-math.log(0.7)])),
    )


_BCE_LOSS = Exercise(
    "binary_cross_entropy", ("y", "y_hat"), _bce, _loss_cases, BCE_LOSS_MISTAKES,
    hint="L = −[y log ŷ + (1 − y) log(1 − ŷ)] for each example, with np.log.")


def check_bce_loss(binary_cross_entropy):
    """Check ``binary_cross_entropy(y, y_hat)``, one loss per example (``02_loss_and_cost``).

    The exercise: ``binary_cross_entropy(y, y_hat) -> ndarray of shape (m,)``, with ``y`` the
    labels (0 or 1) and ``y_hat`` the probabilities, both of shape (m,), truth first. The checks
    keep ``y_hat`` within [1e-6, 1 − 1e-6], so clipping with any eps ≤ 1e-6 changes nothing.

    .. math:: L(y, \\hat y) = -\\left[y \\log \\hat y + (1 - y) \\log(1 - \\hat y)\\right]

    Parameters
    ----------
    binary_cross_entropy : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.losses import binary_cross_entropy
    >>> check_bce_loss(binary_cross_entropy)
    ✓ binary_cross_entropy: all 6 checks passed.
    True
    """
    return run_checks(_BCE_LOSS, binary_cross_entropy)


COST_MISTAKES = (
    Mistake("sum instead of mean", "The cost is the mean of the losses: divide the sum by m "
            "(or use np.mean), so that it does not grow with the number of examples.",
            fn=lambda y, y_hat: np.sum(_bce(y, y_hat))),
    Mistake("missing minus", "The cost has a minus in front: J = −(1/m) Σ [y log ŷ + (1 − y) "
            "log(1 − ŷ)]; it is never negative.",
            fn=lambda y, y_hat: -np.mean(_bce(y, y_hat))),
    Mistake("returned the per-example losses", "The cost is one number, the mean over the "
            "examples: return np.mean(losses), not the array of losses.",
            fn=lambda y, y_hat: _bce(y, y_hat)),
    Mistake("forgot the (1 − y) term", "Both terms are needed: with only y log ŷ, the examples "
            "with y = 0 add nothing to the cost.",
            fn=lambda y, y_hat: -np.mean(y * np.log(y_hat))),
    Mistake("arguments swapped", _SWAPPED_ARGS, fn=lambda y, y_hat: np.mean(_bce(y_hat, y))),
    GLOBAL_VARIABLE,
)


def _cost_cases():
    return (
        Case((_array([1, 0]), _array([0.5, 0.5])), "ŷ = 1/2 gives log 2", expected=math.log(2)),
        Case((_array([1, 0, 1, 0]), _array([0.75, 0.25, 0.25, 0.75])), "right and wrong",
             expected=math.log(4 / 3) / 2 + math.log(4) / 2),
        Case((_array([1, 1, 0, 0, 1]), _array([0.9, 0.2, 0.1, 0.6, 0.99])), "5 examples"),
        Case((_array([1, 0, 1]), _array([1 - 1e-6, 1e-6, 1 - 1e-6])),
             "near-perfect: cost near 0"),
        Case((_array([0]), _array([0.3])), "one example", expected=-math.log(0.7)),
    )


_COST = Exercise("cost", ("y", "y_hat"), lambda y, y_hat: np.mean(_bce(y, y_hat)), _cost_cases,
                 COST_MISTAKES, hint="J = (1/m) Σ L(y_i, ŷ_i): the mean of the per-example losses.")


def check_cost(cost):
    """Check ``cost(y, y_hat)``, the mean binary cross-entropy (``02_loss_and_cost``).

    The exercise: ``cost(y, y_hat) -> float``, with ``y`` and ``y_hat`` of shape (m,).

    .. math:: J = -\\frac{1}{m} \\sum_{i=1}^{m}
              \\left[y_i \\log \\hat y_i + (1 - y_i) \\log(1 - \\hat y_i)\\right]

    Parameters
    ----------
    cost : callable
        The learner's function.

    Returns
    -------
    bool
        True if every check passed; the report is printed.

    Examples
    --------
    >>> from lessons_lib.losses import bce_cost
    >>> check_cost(bce_cost)
    ✓ cost: all 5 checks passed.
    True
    """
    return run_checks(_COST, cost)
