"""The course's look: a colour-blind-safe palette, figure sizes, and presentation mode.

Styling is opt-in: nothing here runs at import, and nothing touches matplotlib's global
``rcParams`` except inside :func:`course_style` (a context manager) or when a learner
calls :func:`presentation` on purpose.

The palette is Okabe and Ito's (2008) eight colours, chosen to stay distinct for the
common forms of colour-vision deficiency; class 0 and class 1 are blue and orange
everywhere in the course.
"""

from __future__ import annotations

import contextlib

__all__ = ["PALETTE", "CLASS_COLORS", "CMAP_DIVERGING", "CMAP_SEQUENTIAL", "FIGSIZE",
           "course_rc", "course_style", "presentation", "is_presentation"]

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
CLASS_COLORS = (PALETTE["blue"], PALETTE["orange"])
# Perceptually uniform colormaps that stay readable for colour-blind viewers.
CMAP_SEQUENTIAL = "cividis"
CMAP_DIVERGING = "RdBu_r"
FIGSIZE = {"single": (6.0, 4.0), "wide": (10.0, 4.0), "explorer": (10.0, 4.2)}

_state = {"presentation": False}


def course_rc(scale=1.0):
    """The rc settings of the course style, with text and lines scaled by ``scale``."""
    return {
        "axes.prop_cycle": _cycler(),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "font.size": 11 * scale,
        "axes.titlesize": 12 * scale,
        "axes.labelsize": 11 * scale,
        "legend.fontsize": 10 * scale,
        "xtick.labelsize": 10 * scale,
        "ytick.labelsize": 10 * scale,
        "lines.linewidth": 2.0 * scale,
        "lines.markersize": 6 * scale,
        "figure.dpi": 100,
    }


def _cycler():
    from cycler import cycler

    order = ["blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black"]
    return cycler(color=[PALETTE[name] for name in order])


@contextlib.contextmanager
def course_style(scale=None):
    """Use the course style inside a ``with`` block; global settings are restored after.

    Parameters
    ----------
    scale : float, optional
        Text and line scale; defaults to 1.0, or 1.6 in presentation mode.
    """
    import matplotlib as mpl

    if scale is None:
        scale = 1.6 if _state["presentation"] else 1.0
    with mpl.rc_context(course_rc(scale)):
        yield


def presentation(on=True):
    """Switch presentation mode: larger text and lines for a projector.

    Explorers and course figures made afterwards read :func:`is_presentation`.
    """
    _state["presentation"] = bool(on)
    return _state["presentation"]


def is_presentation():
    """Whether presentation mode is on."""
    return _state["presentation"]
