"""plots.initialization: the weight-history heat map and the per-layer profile (library style:
ax=None makes an axes without pyplot, an axes handed in is not restyled, artists hold exactly
the data asked for)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib.plots import initialization as init_plots

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def ax():
    return Figure().add_subplot()


@pytest.mark.parametrize("k, n_in, n_hidden", [(1, 1, 1), (3, 2, 4), (5, 3, 2), (2, 4, 6)])
def test_rows_are_grouped_by_unit_and_follow_each_weight_over_time(k, n_in, n_hidden):
    W_history = np.random.default_rng(0).normal(size=(k, n_in, n_hidden))
    rows = init_plots.weight_history_rows(W_history)
    assert rows.shape == (n_hidden * n_in, k)
    for j in range(n_hidden):  # a second, loop-based reference
        for i in range(n_in):
            np.testing.assert_array_equal(rows[j * n_in + i], W_history[:, i, j])


def test_copies_give_repeating_bands_and_a_frozen_weight_a_constant_row():
    column = np.array([[0.5], [-1.0]])
    W_history = np.stack([np.tile(column * (1 + t), (1, 3)) for t in range(4)])  # 3 copies
    W_history[:, 1, 2] = 0.7  # unit 3's second weight never moves
    rows = init_plots.weight_history_rows(W_history)
    np.testing.assert_array_equal(rows[0:2], rows[2:4])
    assert np.all(rows[5] == 0.7) and not np.array_equal(rows[2:4], rows[4:6])


def test_heat_map_holds_the_rows_with_a_symmetric_colour_scale_and_unit_bands(ax):
    W_history = np.random.default_rng(1).normal(size=(11, 2, 4))
    artists = init_plots.plot_weight_history(W_history, ax, steps=np.arange(0, 110, 10))
    np.testing.assert_array_equal(artists.image.get_array(),
                                  init_plots.weight_history_rows(W_history))
    vmin, vmax = artists.image.get_clim()
    assert vmin == -vmax == -np.max(np.abs(W_history))
    assert len(artists.separators) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["unit 1", "unit 2", "unit 3", "unit 4"]
    left, right, _, _ = artists.image.get_extent()
    assert (left, right) == (-5.0, 105.0)  # each column centred on its step
    assert ax.get_xlabel() == "step"


def test_heat_map_keeps_given_labels_and_limits_and_an_all_zero_history_draws(ax):
    ax.set_xlabel("iteration")
    artists = init_plots.plot_weight_history(np.zeros((3, 2, 2)), ax, vmax=2.0)
    assert artists.image.get_clim() == (-2.0, 2.0) and ax.get_xlabel() == "iteration"
    alone = init_plots.plot_weight_history(np.zeros((1, 1, 1)))
    assert alone.image.axes.figure is not None and alone.separators == []
    assert alone.image.get_clim()[1] > 0


def test_layer_profile_plots_one_point_per_layer_on_a_log_scale(ax):
    ax.set_ylabel("spread")
    line = init_plots.plot_layer_profile([1.0, 0.5, 0.25], ax, label="Xavier", color="k")
    np.testing.assert_array_equal(line.get_xydata(), [[0, 1.0], [1, 0.5], [2, 0.25]])
    assert ax.get_yscale() == "log" and line.get_label() == "Xavier"
    assert ax.get_ylabel() == "spread" and ax.get_xlabel().startswith("layer")
    flat = init_plots.plot_layer_profile([0.0, 1.0], log=False)
    assert flat.axes.get_yscale() == "linear"


@pytest.mark.parametrize("bad, error, match", [
    (np.zeros((2, 2)), ValueError, "W_history"),
    ([[[np.nan]]], ValueError, "W_history"),
    ("weights", TypeError, "W_history"),
])
def test_bad_histories_are_named(bad, error, match):
    with pytest.raises(error, match=match):
        init_plots.plot_weight_history(bad)


def test_bad_steps_vmax_and_values_are_named():
    with pytest.raises(ValueError, match="`steps`"):
        init_plots.plot_weight_history(np.zeros((3, 1, 1)), steps=[0, 1])
    with pytest.raises(ValueError, match="`vmax`"):
        init_plots.plot_weight_history(np.zeros((3, 1, 1)), vmax=0.0)
    with pytest.raises(ValueError, match="log scale"):
        init_plots.plot_layer_profile([1.0, 0.0])
    with pytest.raises(ValueError, match="`values`"):
        init_plots.plot_layer_profile([[1.0]])
