"""Small helpers shared by the plot modules: an axes when none is given, labels that never
overwrite the caller's, and sizes that follow the current style (presentation mode)."""

import matplotlib


def axes_or_new(ax, figsize=(6.0, 4.0)):
    """``ax`` itself, or the axes of a new (pyplot-free) figure when ``ax`` is None."""
    if ax is None:
        from matplotlib.figure import Figure

        ax = Figure(figsize=figsize, layout="constrained").add_subplot()
    return ax


def label_if_empty(ax, xlabel, ylabel):
    """Label the axes, keeping any label the caller already set."""
    if not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if not ax.get_ylabel():
        ax.set_ylabel(ylabel)


def scaled_ms(size):
    """A marker size, scaled like the current style's (presentation mode makes it larger)."""
    return size * matplotlib.rcParams["lines.markersize"] / 6.0


def scaled_lw(width):
    """A line width, scaled like the current style's."""
    return width * matplotlib.rcParams["lines.linewidth"] / 2.0
