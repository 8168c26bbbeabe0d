"""How a run of :class:`lessons_lib.widgets.DescentExplorer` went, in words (private).

:func:`run_status` names what happened (diverged, bouncing between two points, off the map,
unable to settle, reached a minimum, ...) and, where it explains it, compares the learning
rate with the stable limit 2/λₘₐₓ of the nearest minimum
(:attr:`lessons_lib.surfaces.Surface.stable_limits`). Introduced in ``03_gradient_descent``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["RunStatus", "zigzag_fraction", "two_cycle", "run_status"]


def _inside(surface, p):
    return (surface.w_range[0] <= p[0] <= surface.w_range[1]
            and surface.b_range[0] <= p[1] <= surface.b_range[1])


class RunStatus(NamedTuple):
    """How a run went: ``kind`` is one of ``"diverged"``, ``"bouncing"``, ``"off_map"``,
    ``"rising"``, ``"unstable"``, ``"oscillating"``, ``"minimum"``, ``"local_minimum"``,
    ``"descending"``; ``words`` says it for a learner."""

    kind: str
    words: str

    @property
    def bad(self):
        """Whether the learning rate is the problem (shown in vermillion)."""
        return self.kind in ("diverged", "bouncing", "off_map", "rising", "unstable",
                             "oscillating")


_LOSS_NAMES = {"cross_entropy": "cross-entropy", "squared_error": "squared error"}


def zigzag_fraction(params):
    """Fraction of consecutive steps that turn back (negative dot product): overshooting."""
    d = np.diff(params, axis=0)
    if len(d) < 2:
        return 0.0
    return float(np.mean(np.sum(d[1:] * d[:-1], axis=1) < 0))


def two_cycle(params, rtol=1e-3):
    """Whether the path ends bouncing between two points: over its last six points every
    point is where the point two steps before was (within ``rtol`` of the jump), and the
    jump is not zero."""
    if len(params) < 6:
        return False
    tail = np.asarray(params[-6:], dtype=np.float64)
    jump = np.linalg.norm(tail[-1] - tail[-2])
    return bool(jump > 1e-6 and np.linalg.norm(tail[2:] - tail[:-2], axis=1).max() <= rtol * jump)


def _run_lr(surface, params):
    """The learning rate of a run, read from its first step (None when it cannot be)."""
    g = surface._grad(params[0]) if len(params) > 1 else np.zeros(2)
    return float((params[0] - params[1]) @ g / (g @ g)) if g @ g > 0 else None


def _limit(surface, params, lr):
    """``(above, why)``: whether ``lr`` is at or above the stable limit 2/λ_max of the
    minimum nearest the run's end (the middle of its last jump), and that said in words."""
    if lr is None or len(surface.minima) == 0:
        return False, ""
    middle = params[-2:].mean(axis=0)
    limit = surface.stable_limits[np.argmin(np.linalg.norm(surface.minima - middle, axis=1))]
    where = "above" if lr > limit * (1 + 1e-6) else "at" if lr >= limit * (1 - 1e-6) else "below"
    sign = "=" if abs(limit - float(f"{limit:.3g}")) <= 1e-9 * limit else "≈"
    return where != "below", f"α = {lr:.4g} is {where} the stable limit 2/λₘₐₓ {sign} {limit:.3g}"


def _departures(surface, params):
    """How many times the path leaves the map."""
    (w_low, w_high), (b_low, b_high) = surface.w_range, surface.b_range
    inside = ((params[:, 0] >= w_low) & (params[:, 0] <= w_high)
              & (params[:, 1] >= b_low) & (params[:, 1] <= b_high))
    return int(np.sum(inside[:-1] & ~inside[1:]))


def _off_map_words(surface, trajectory, lr, above, why):
    """Words for a run that ends off the map or keeps leaving it (without blowing up)."""
    if _departures(surface, trajectory.params) >= 2:
        if surface.loss in _LOSS_NAMES:  # logistic regression: |∇J| ≤ mean |x| + 1 anywhere
            return (f"off the map and back: the steps are too large, but the cost cannot "
                    f"explode (the gradient of {_LOSS_NAMES[surface.loss]} is bounded).")
        how = why if above else "the steps are far too large"
        return f"off the map and back: {how}."
    if lr is not None and lr * trajectory.grad_norms[-1] < 1e-3:
        return ("flew off the map onto a plateau: the gradient there is almost 0, so it "
                "barely moves.")
    return f"flew off the map: {why}." if above else "flew off the map (the steps overshoot)."


def run_status(surface, trajectory, num_steps, lr=None):
    """Say in words how a run of ``num_steps`` steps on ``surface`` went, as a :class:`RunStatus`.

    Diverged (the cost blew up: the path stops at the last finite point), bouncing between
    two points, off the map (or leaving it again and again), cost went up, unable to settle
    (``lr`` at or above the stable limit 2/λ_max of the nearest minimum, see
    :attr:`lessons_lib.surfaces.Surface.stable_limits`), reached a minimum (which one, when
    there are several; zigzagging or not), oscillating, or still descending. ``lr`` is the
    run's learning rate; by default it is read from the first step.
    """
    params, costs = trajectory.params, trajectory.costs
    end, done = params[-1], len(params) - 1
    after = f"After {num_steps} steps:"
    if trajectory.diverged:
        return RunStatus("diverged", f"Diverged at step {done + 1}: the cost blew up. The path "
                                     f"ends at step {done}.")
    lr = _run_lr(surface, params) if lr is None else float(lr)
    above, why = _limit(surface, params, lr)
    if two_cycle(params):
        how = f" for ever: {why}." if above else " (each step overshoots)."
        return RunStatus("bouncing", f"{after} bouncing between two points{how}")
    if not _inside(surface, end) or _departures(surface, params) >= 2:
        words = _off_map_words(surface, trajectory, lr, above, why)
        return RunStatus("off_map", f"{after} {words}")
    if costs[-1] > costs[0]:
        how = f": {why}." if above else " (overshooting)."
        return RunStatus("rising", f"{after} not converging, the cost went up{how}")
    return _settling_status(surface, trajectory, after, above, why)


def _settling_status(surface, trajectory, after, above, why):
    """The status of a run that stays on the map and ends below its start."""
    index = surface.nearest_minimum(trajectory.params[-1])
    zigzag = zigzag_fraction(trajectory.params) > 0.3
    one = len(surface.minima) == 1
    if above:
        if index is not None and " above " in why:  # at the limit exactly, it would not grow
            return RunStatus("unstable", f"{after} close to {'the' if one else 'a'} minimum, but "
                                         f"{why}: the zigzag grows, it cannot stay.")
        return RunStatus("unstable", f"{after} it cannot settle, as {why}.")
    if index is not None and trajectory.grad_norms[-1] < 1e-3:
        how = ", zigzagging (each step overshoots)" if zigzag else ""
        if index == 0:
            which = "the minimum" if one else "the global minimum"
            return RunStatus("minimum", f"{after} reached {which}{how}.")
        return RunStatus("local_minimum", f"{after} stuck in a local minimum (J = "
                         f"{surface._cost(surface.minima[index]):.3g}), not the global one.")
    if zigzag:
        how = f", but {why}: near the minimum the zigzag dies out." if why else \
            ": each step overshoots."
        return RunStatus("oscillating", f"{after} oscillating{how}")
    return RunStatus("descending", f"{after} still descending (more steps or a larger rate "
                                   "would help).")
