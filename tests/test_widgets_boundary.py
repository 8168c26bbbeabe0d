"""Headless tests of BoundaryExplorer: training once per change, snapshots equal to an
independent re-training, Play drives the frames, a frame only blits, divergence is a state,
and every control and a grid of combinations run without a warning."""

import base64
import io
import itertools
import warnings

import numpy as np
import pytest
from PIL import Image

from lessons_lib.descent import train
from lessons_lib.models import DenseNetwork
from lessons_lib.widgets import BoundaryExplorer
from lessons_lib.widgets import boundary as boundary_module
from lessons_lib.widgets.boundary import ACTIVATION_NAMES, DATASETS, make_data, train_snapshots


@pytest.fixture(scope="module")
def explorer():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return BoundaryExplorer(num_steps=100)


def test_snapshots_equal_an_independent_training():
    run = train_snapshots("xor", hidden_units=5, activation="relu", lr=0.5, num_steps=60,
                          rng=3, resolution=9, n_frames=6)
    assert list(run.steps) == [0, 10, 20, 30, 40, 50, 60] and not run.diverged
    X, y = make_data("xor", rng=3)
    np.testing.assert_array_equal(run.X, X)
    for i in (0, 2, 6):
        net = DenseNetwork([2, 5, 1], activation="relu", rng=3)
        train(net, X, y, lr=0.5, num_epochs=int(run.steps[i]))
        grid = run.grids[i]
        G1, G2 = np.meshgrid(grid.x1, grid.x2)
        P = net.predict_proba(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
        np.testing.assert_allclose(grid.P, P, rtol=1e-12, atol=1e-15)
        assert run.accuracies[i] == np.mean(net.predict(X) == y)
        assert run.costs[run.steps[i]] == pytest.approx(net.cost(X, y), rel=1e-12)


def test_bad_choices_are_clear_errors():
    with pytest.raises(ValueError, match="dataset"):
        train_snapshots("swirl")
    with pytest.raises(ValueError, match="activation"):
        train_snapshots(activation="softplus")
    with pytest.raises(ValueError, match="dataset"):
        BoundaryExplorer(dataset="swirl")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"lr": -1}, ValueError, r"`lr` must be between 0.001 and 100 .*got -1"),
    ({"lr": 1e3}, ValueError, r"`lr` must be between 0.001 and 100 .*got 1000"),
    ({"lr": "fast"}, TypeError, r"`lr` must be a number, got the string 'fast'"),
    ({"hidden_units": 10**6}, ValueError, r"`hidden_units` must be between 1 and 16 .*got 1000000"),
    ({"hidden_units": 0}, ValueError, r"`hidden_units` must be between 1 and 16 .*got 0"),
    ({"hidden_units": 4.0}, TypeError, r"`hidden_units` must be an integer"),
    ({"depth": 4}, ValueError, r"`depth` must be between 1 and 3 .*got 4"),
    ({"num_steps": 0}, ValueError, r"`num_steps` must be between 100 and 2000 .*got 0"),
    ({"num_steps": 5000}, ValueError, r"`num_steps` must be between 100 and 2000 .*got 5000"),
    ({"noise": -0.5}, ValueError, r"`noise` must be between 0 and 3 .*got -0.5"),
    ({"noise": float("nan")}, ValueError, r"`noise` must be between 0 and 3 .*got nan"),
    ({"noise": True}, TypeError, r"`noise` must be a number"),
    ({"seed": -5}, ValueError, r"`seed` must be ≥ 0, got -5"),
    ({"seed": "0"}, TypeError, r"`seed` must be an integer"),
])
def test_bad_numbers_are_clear_errors_not_clamped(kwargs, error, message):
    with pytest.raises(error, match=message):
        BoundaryExplorer(**kwargs)


def test_arguments_at_the_ends_of_the_ranges_are_kept_exactly(monkeypatch):
    calls = []
    monkeypatch.setattr(boundary_module, "train_snapshots",  # no training: just the arguments
                        lambda *a, **k: calls.append((a, k)) or train_snapshots(
                            num_steps=100, resolution=5, n_frames=2))
    low = BoundaryExplorer(hidden_units=1, depth=1, lr=1e-3, num_steps=100, noise=0.0, seed=0)
    high = BoundaryExplorer(hidden_units=16, depth=3, lr=100.0, num_steps=2000, noise=3.0, seed=7)
    assert calls[0] == (("moons", 0.0, 1, 1, "tanh", 1e-3, 100), {"rng": 0})
    assert calls[1] == (("moons", 3.0, 16, 3, "tanh", 100.0, 2000), {"rng": 7})
    assert (low._lr.value, high._lr.value) == (1e-3, 100.0)


def test_divergence_is_a_state_not_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train_snapshots(activation="leaky_relu", lr=31.6, num_steps=200, resolution=10)
    assert run.diverged and run.steps[-1] < 200
    assert run.costs.size == run.steps[-1] + 1 and np.all(np.isfinite(run.costs))
    assert all(np.all(np.isfinite(g.P)) for g in run.grids)


def test_play_drives_the_frames(explorer):
    run = explorer.training
    assert explorer._play.max == len(run.steps) - 1 == explorer.frame  # starts at the end
    for i in (0, 3, len(run.steps) // 2):
        before = explorer._view.image.value
        explorer._play.value = i
        step = int(run.steps[i])
        assert explorer.frame == i and explorer.step == step == explorer._step.value
        np.testing.assert_array_equal(explorer._boundary.image.get_array(), run.grids[i].P)
        assert explorer._marker.get_xydata().tolist() == [[step, run.costs[step]]]
        assert explorer._progress.get_xdata()[-1] == step
        np.testing.assert_array_equal(explorer._progress.get_ydata(), run.costs[:step + 1])
        assert f"step {step}\n" in explorer._text.get_text()
        assert f"step <b>{step}</b>" in explorer._readout.value
        assert explorer._view.image.value != before


def test_a_frame_blits_and_a_parameter_change_trains_once(explorer, monkeypatch):
    canvas = explorer._view.canvas
    calls = {"draw": 0, "train": 0}
    draw, trainer = canvas.draw, boundary_module.train_snapshots

    def counting_draw():
        calls["draw"] += 1
        draw()

    def counting_train(*args, **kwargs):
        calls["train"] += 1
        return trainer(*args, **kwargs)

    monkeypatch.setattr(canvas, "draw", counting_draw)
    monkeypatch.setattr(boundary_module, "train_snapshots", counting_train)
    explorer._step.index = 1
    assert calls == {"draw": 0, "train": 0}  # a frame only draws the animated artists
    old = explorer.training
    explorer._units.value = 4
    assert calls == {"draw": 1, "train": 1} and explorer.training is not old
    assert explorer.training.grids[0].P.shape == old.grids[0].P.shape
    assert explorer.frame == len(explorer.training.steps) - 1


def test_divergence_is_shown_in_words(explorer):
    explorer._units.value, explorer._depth.value, explorer._dataset.value = 8, 1, "moons"
    explorer._activation.value, explorer._lr.value = "identity", 100.0
    assert explorer.training.diverged
    assert "diverged at step" in explorer._note.get_text()
    readout = explorer._readout.value
    assert "diverged" in readout and "smaller learning rate" in readout
    explorer._lr.value = 1.0
    assert not explorer.training.diverged and explorer._note.get_text() == ""
    assert "trained" in explorer._readout.value


def test_static_face_is_a_png_that_changes_with_the_frame(explorer):
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    first = base64.b64decode(data["image/png"])
    assert Image.open(io.BytesIO(first)).format == "PNG"
    explorer._play.value = 0
    assert explorer.frame_png() != first


def test_sweep_controls_to_their_extremes(explorer):
    """Each control to both ends, every data set, warnings as errors: nothing raises.
    (Every activation × data set is trained in the grid test below.)"""
    lr = explorer._lr
    sweep = [(explorer._noise, [0.0, 3.0]), (explorer._units, [1]),
             (explorer._num_steps, [2000, 100]), (explorer._units, [16]), (explorer._depth, [3, 1]),
             (lr, [10 ** lr.min, 10 ** lr.max]), (explorer._activation, ["identity", "tanh"]),
             (explorer._dataset, list(DATASETS)[::-1])]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for control, values in sweep:
            for value in values:
                control.value = value
                assert explorer.training.costs.size >= 1
        for frame in (0, explorer._play.max):
            explorer._play.value = frame


def test_grid_of_combinations_trains_without_warnings():
    """Every data set × activation at a good and a divergent rate, a few steps each."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dataset, activation, lr in itertools.product(DATASETS, ACTIVATION_NAMES, [1.0, 100.0]):
            run = train_snapshots(dataset, activation=activation, lr=lr, num_steps=40,
                                  resolution=12, n_frames=4)
            assert np.all(np.isfinite(run.costs)) and 0 <= run.accuracies.min() <= 1
            assert all(np.all((g.P >= 0) & (g.P <= 1)) for g in run.grids)
