"""plots.slopes: tangent lines and 1-D descent paths (library style: ax=None makes an axes
without pyplot, an axes handed in is not restyled, artists hold exactly the data asked for)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib.plots import slopes

pytestmark = pytest.mark.filterwarnings("error")


def J(w):
    return (w - 2.0) ** 2


def dJ(w):
    return 2.0 * (w - 2.0)


@pytest.fixture
def ax():
    return Figure().add_subplot()


@pytest.mark.parametrize("w0", [-1.0, 0.5, 2.0, 3.7])
def test_tangent_segment_touches_the_curve_with_the_central_difference_slope(w0):
    w, t = slopes.tangent_segment(J, dJ, w0, 0.5)
    np.testing.assert_allclose(w, [w0 - 0.5, w0 + 0.5])
    h = 1e-6
    numerical = (J(w0 + h) - J(w0 - h)) / (2 * h)
    np.testing.assert_allclose((t[1] - t[0]) / (w[1] - w[0]), numerical, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(np.mean(t), J(w0))  # the midpoint is the point of contact


def test_plot_tangents_draws_one_tangent_marker_label_and_step_per_point(ax):
    points = [-0.5, 1.0, 2.0, 3.5]
    artists = slopes.plot_tangents(J, dJ, points, ax, x_range=(-1.5, 5.0), lr=0.25)
    assert len(artists.tangents) == len(artists.points) == len(artists.labels) == 4
    assert len(artists.steps) == 4
    np.testing.assert_allclose(artists.curve.get_xdata()[[0, -1]], [-1.5, 5.0])
    texts = [label.get_text() for label in artists.labels]
    assert texts == ["slope −5.0", "slope −2.0", "slope 0", "slope +3.0"]
    for arrow, w0 in zip(artists.steps, points):  # the step −lr · J'(w0), along w
        (x_tail, _), (x_head, _) = arrow.xyann, arrow.xy
        assert x_head - x_tail == pytest.approx(-0.25 * dJ(w0))
    assert "step −α · J′(w)" in [line.get_label() for line in ax.get_lines()]


def test_plot_tangents_without_lr_draws_no_steps_and_keeps_given_labels(ax):
    ax.set_xlabel("weight")
    artists = slopes.plot_tangents(J, dJ, [0.0], ax)
    assert artists.steps == []
    assert ax.get_xlabel() == "weight" and ax.get_ylabel() == "J(w)"


def test_plot_steps_1d_puts_each_point_on_the_curve():
    ws = np.array([0.0, 3.5, 0.9, 2.8])
    path = slopes.plot_steps_1d(J, ws, label="α = 0.75")
    np.testing.assert_allclose(path.get_xydata(), np.column_stack([ws, J(ws)]))
    assert path.get_label() == "α = 0.75" and path.axes.figure is not None


@pytest.mark.parametrize("bad, error", [("not a function", TypeError), (None, TypeError)])
def test_bad_functions_are_named(bad, error):
    with pytest.raises(error, match="`f`"):
        slopes.plot_tangents(bad, dJ, [0.0])
    with pytest.raises(error, match="`f`"):
        slopes.plot_steps_1d(bad, [0.0])


def test_bad_points_and_rates_are_named():
    with pytest.raises(ValueError, match="`points`"):
        slopes.plot_tangents(J, dJ, [[0.0, 1.0]])
    with pytest.raises(ValueError, match="`lr`"):
        slopes.plot_tangents(J, dJ, [0.0], lr=-1.0)
