"""plots.activations: an activation and its derivative (library style: ax=None makes an axes
without pyplot, an axes handed in is not restyled, artists hold exactly the library's values,
the derivative of a kinked function is broken at z = 0 instead of joined by a fake slope)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import activations
from lessons_lib.plots import activations as plot_act

pytestmark = pytest.mark.filterwarnings("error")

NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]


@pytest.fixture
def ax():
    return Figure().add_subplot()


@pytest.mark.parametrize("name", NAMES)
def test_curve_holds_the_library_values_and_the_slope_matches_finite_differences(name, ax):
    artists = plot_act.plot_activation(name, ax, z_range=(-3.0, 2.0), num=101, alpha=0.2)
    z, a = artists.curve.get_xdata(), artists.curve.get_ydata()
    np.testing.assert_allclose(z[[0, -1]], [-3.0, 2.0])
    g = (lambda v: activations.leaky_relu(v, 0.2)) if name == "leaky_relu" else \
        getattr(activations, name)
    np.testing.assert_array_equal(a, g(z))
    z_s, s = artists.slope.get_xdata(), artists.slope.get_ydata()
    keep = np.isfinite(z_s) & (np.abs(z_s) > 1e-3)  # away from the kink
    h = 1e-6
    numerical = (g(z_s[keep] + h) - g(z_s[keep] - h)) / (2 * h)
    np.testing.assert_allclose(s[keep], numerical, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name, left", [("relu", 0.0), ("leaky_relu", 0.1)])
def test_a_kink_breaks_the_derivative_and_marks_both_values_at_zero(name, left, ax):
    artists = plot_act.plot_activation(name, ax, z_range=(-1.0, 1.0), num=5, alpha=0.1)
    z_s, s = artists.slope.get_xdata(), artists.slope.get_ydata()
    gap = np.flatnonzero(np.isnan(z_s))
    assert len(gap) == 1 and np.isnan(s[gap[0]])
    assert z_s[gap[0] - 1] == 0.0 == z_s[gap[0] + 1]  # both pieces reach z = 0
    assert s[gap[0] - 1] == left and s[gap[0] + 1] == 1.0
    filled, open_ = artists.kink
    assert filled.get_ydata()[0] == left  # the library's choice at z = 0
    assert open_.get_ydata()[0] == 1.0 and open_.get_markerfacecolor() == "white"
    assert np.all(np.diff(z_s[np.isfinite(z_s)]) >= 0)  # no line drawn back across the jump


@pytest.mark.parametrize("name, left", [("relu", 0.0), ("leaky_relu", 0.1)])
def test_a_kink_at_the_left_end_still_breaks_the_derivative(name, left, ax):
    """z_range = (0, 2): no steep fake segment from g′(0) up to 1 at the first point."""
    artists = plot_act.plot_activation(name, ax, z_range=(0.0, 2.0), num=5, alpha=0.1)
    z_s, s = artists.slope.get_xdata(), artists.slope.get_ydata()
    finite = np.isfinite(s)
    assert np.isnan(s[1]) and z_s[0] == 0.0 and s[0] == left
    np.testing.assert_array_equal(s[2:], 1.0)  # the right piece, from its limit at 0
    assert np.all(z_s[2:] >= 0) and finite.sum() == len(s) - 1
    assert [k.get_ydata()[0] for k in artists.kink] == [left, 1.0]


@pytest.mark.parametrize("z_range", [(0.5, 3.0), (-3.0, -0.5), (-3.0, 0.0)])
def test_no_break_when_the_kink_is_outside_the_range(z_range, ax):
    artists = plot_act.plot_activation("relu", ax, z_range=z_range, num=11)
    assert artists.kink == [] and not np.isnan(artists.slope.get_xdata()).any()


def test_smooth_functions_have_no_break_and_without_derivative_no_slope(ax):
    artists = plot_act.plot_activation("tanh", ax)
    assert artists.kink == [] and not np.isnan(artists.slope.get_ydata()).any()
    bare = plot_act.plot_activation("relu", ax, derivative=False)
    assert bare.slope is None and bare.kink == []


def test_axes_is_made_without_pyplot_and_a_given_label_is_kept(ax):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    made = plot_act.plot_activation("sigmoid")
    assert made.curve.axes.get_xlabel() == "z" and plt.get_fignums() == before
    ax.set_xlabel("pre-activation")
    plot_act.plot_activation("sigmoid", ax, label="σ(z)", slope_label="σ′(z)")
    assert ax.get_xlabel() == "pre-activation"
    assert [line.get_label() for line in ax.get_lines()] == ["σ(z)", "σ′(z)"]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"name": "softplus"}, ValueError, "must be one of"),
    ({"name": 3}, TypeError, "activation name"),
    ({"name": "relu", "z_range": (2.0, -2.0)}, ValueError, "low < high"),
    ({"name": "relu", "z_range": (1.0, 2.0, 3.0)}, ValueError, "two numbers"),
    ({"name": "relu", "num": 1}, ValueError, "num"),
    ({"name": "leaky_relu", "alpha": 2.0}, ValueError, "alpha"),
])
def test_bad_input_is_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        plot_act.activation_curves(**kwargs)
