"""Headless tests of SymmetryExplorer: the notebook's three calls, controls retrain once and
the picture follows, Play only blits, the pictures hold the recorded parameters unit by
unit, the status line says in words whether the units are copies, and bad arguments are
clear errors."""

import base64
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from lessons_lib import style
from lessons_lib.datasets import make_moons
from lessons_lib.symmetry import DEFAULT_SCALES, SCHEMES, train_recording_weights
from lessons_lib.widgets import SymmetryExplorer
from lessons_lib.widgets import symmetry as symmetry_module
from lessons_lib.widgets.symmetry import ACTIVATION_NAMES, M_EXAMPLES, _cell, status_text


def _quiet(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return SymmetryExplorer(**kwargs)


@pytest.fixture(scope="module")
def explorer():
    return _quiet(num_steps=100)


def _bands(explorer):
    """The heat map (a) as (unit, parameter, snapshot)."""
    rows = np.asarray(explorer._mesh.get_array()).reshape(explorer.hidden_units, 3, -1)
    return rows


@pytest.mark.parametrize("kwargs", [{}, {"scheme": "zeros"}, {"scheme": "random", "scale": 0.5}])
def test_the_notebooks_calls_show_the_library_training(kwargs):
    explorer = _quiet(**kwargs)
    scheme = kwargs.get("scheme", "random")
    scale = kwargs.get("scale", DEFAULT_SCALES[scheme])
    assert (explorer._scheme.value, explorer._scale.value) == (scheme, scale)
    assert explorer._scale.disabled == (scheme == "zeros")
    X, y = make_moons(m=M_EXAMPLES, rng=0)
    run = train_recording_weights(X, y, scheme, scale, 6, "tanh", 1.5, 600, rng=0)
    np.testing.assert_array_equal(explorer.training.W_hidden, run.W_hidden)
    np.testing.assert_array_equal(explorer.training.costs, run.costs)
    assert explorer.frame == len(run.steps) - 1 and explorer.step == 600  # shown at the end
    theta = np.concatenate([run.W_hidden, run.b_hidden[:, None, :]], axis=1)  # (k, 3, units)
    np.testing.assert_array_equal(_bands(explorer), theta.transpose(2, 1, 0))
    np.testing.assert_array_equal(explorer._now.get_array(), theta[-1].T)
    status = explorer._status.get_text()
    if scheme == "zeros":
        assert "all 6 units identical, every parameter still exactly 0" in status
        assert not _bands(explorer).any() and explorer._values[0].get_text() == "0"
    else:
        assert f"units differ by up to {run.unit_spread[-1]:.2g}" in status


def test_choosing_a_scheme_resets_the_scale_and_trains_once(explorer, monkeypatch):
    calls = []
    trainer = symmetry_module.train_recording_weights

    def counting(*args, **kwargs):
        calls.append(args[2:4])
        return trainer(*args, **kwargs)

    monkeypatch.setattr(symmetry_module, "train_recording_weights", counting)
    explorer._scheme.value = "constant"
    assert calls == [("constant", 0.5)] and explorer._scale.value == 0.5
    bands = _bands(explorer)
    assert np.all(bands == bands[:1]) and np.abs(bands).max() > 0.1  # six identical bands
    assert "all 6 units identical (spread 0)" in explorer._status.get_text()
    assert explorer._status.get_color() == style.PALETTE["vermillion"]
    explorer._scale.value = 2.0
    assert calls[-1] == ("constant", 2.0) and len(calls) == 2
    assert explorer.training.W_hidden[0].max() == 2.0
    explorer._scheme.value = "zeros"
    assert explorer._scale.disabled and len(calls) == 3
    explorer._scheme.value = "he"
    assert not explorer._scale.disabled and explorer._scale.value == 1.0 and len(calls) == 4


def test_activation_control_retrains(explorer):
    explorer._scheme.value = "zeros"
    explorer._activation.value = "sigmoid"  # units move, alike
    run = explorer.training
    assert np.abs(run.W_hidden[-1]).max() > 0 and not run.unit_spread.any()
    assert "all 6 units identical (spread 0)" in explorer._status.get_text()
    explorer._activation.value = "tanh"
    assert not explorer.training.W_hidden.any()


def test_play_drives_the_frames(explorer):
    explorer._scheme.value, explorer._scale.value = "random", 0.3
    run = explorer.training
    for i in (0, 7, len(run.steps) // 2):
        before = explorer._view.image.value
        explorer._play.value = i
        step = int(run.steps[i])
        assert explorer.frame == i and explorer.step == step == explorer._step.value
        assert list(explorer._marker_line.get_xdata()) == [step, step]
        now = np.vstack([run.W_hidden[i], run.b_hidden[i]]).T  # a row per unit
        np.testing.assert_array_equal(explorer._now.get_array(), now)
        assert [t.get_text() for t in explorer._values] == [_cell(v) for v in now.ravel()]
        assert explorer._marker.get_xydata().tolist() == [[step, run.costs[step]]]
        np.testing.assert_array_equal(explorer._progress.get_ydata(), run.costs[:step + 1])
        assert f"step {step}: units differ by up to" in explorer._status.get_text()
        assert f"step <b>{step}</b>" in explorer._readout.value
        assert explorer._view.image.value != before


def test_a_frame_only_blits(explorer, monkeypatch):
    canvas = explorer._view.canvas
    calls = {"draw": 0, "train": 0}
    draw = canvas.draw

    def counting_draw():
        calls["draw"] += 1
        draw()

    def no_training(*args, **kwargs):
        calls["train"] += 1

    monkeypatch.setattr(canvas, "draw", counting_draw)
    monkeypatch.setattr(symmetry_module, "train_recording_weights", no_training)
    for i in (1, 2, 3):
        explorer._step.index = i
    assert calls == {"draw": 0, "train": 0}


def test_static_face_is_a_png_that_changes_with_the_frame(explorer):
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    first = base64.b64decode(data["image/png"])
    assert Image.open(io.BytesIO(first)).size == (1000, 420)
    explorer._play.value = 0 if explorer.frame else 1
    assert explorer.frame_png() != first


def test_every_scheme_and_activation_through_the_controls(explorer):
    """Each scheme (tanh), the other activations (he start), the scale's two ends: no warning,
    and equal starts give copies while random ones do not."""
    assert tuple(explorer._activation.options) == ACTIVATION_NAMES
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer._activation.value = "tanh"
        settings = [(explorer._scheme, s) for s in SCHEMES] + [
            (explorer._activation, a) for a in ("relu", "leaky_relu")]  # tanh, sigmoid: above
        for control, value in settings:
            control.value = value
            run, scheme = explorer.training, explorer._scheme.value
            assert np.all(np.isfinite(run.costs)) and explorer._play.max == len(run.steps) - 1
            equal = scheme in ("zeros", "constant")
            assert (not run.unit_spread.any()) if equal else run.unit_spread[-1] > 0
            if value == "zeros":
                _check_flat_cost_axis(explorer)
        for scale in (10 ** explorer._scale.min, 10 ** explorer._scale.max):
            explorer._scale.value = scale
            explorer._play.value = 0
    costs = explorer.training.costs  # after the flat zeros run, limits follow the run again
    low, high = explorer._ax_cost.get_ylim()
    assert explorer._ax_cost.get_yscale() == "log"
    assert low <= costs.min() and costs.max() <= high < 2 * costs.max()


def _check_flat_cost_axis(explorer):
    """A nearly flat cost (zeros) gets a readable range, not one zoomed into 1e-5 changes."""
    low, high = explorer._ax_cost.get_ylim()
    assert high - low == pytest.approx(0.06) and low < explorer.training.costs[-1] < high
    assert explorer._ax_cost.yaxis.get_major_formatter().get_offset() == ""


def test_status_in_words():
    assert status_text(0.0, 6) == "all 6 units identical (spread 0)"
    assert status_text(0.0, 6, all_zero=True).endswith("every parameter still exactly 0")
    assert status_text(0.8412, 6) == "units differ by up to 0.84"
    assert status_text(0.0, 1) == "one hidden unit: nothing to compare"
    assert [_cell(v) for v in (0.0, -0.004, 0.0049, 1.234, -2.0)] == [
        "0", "-4e-03", "5e-03", "1.23", "-2.00"]


def test_one_unit_and_presentation_mode():
    style.presentation(True)
    try:
        explorer = _quiet(hidden_units=1, num_steps=20)
    finally:
        style.presentation(False)
    assert explorer._view.canvas.get_width_height() == (1600, 672)
    assert "one hidden unit" in explorer._status.get_text()
    assert explorer._now.get_array().shape == (1, 3)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"scheme": "ones"}, ValueError, r"`scheme` must be one of 'zeros', 'constant', 'random'"),
    ({"scale": 0.0}, ValueError, r"`scale` must be between 0.001 and 10 .*got 0.0\. It mult"),
    ({"scale": 100}, ValueError, r"`scale` must be between 0.001 and 10 .*got 100"),
    ({"scale": "big"}, TypeError, r"`scale` must be a number, got the string 'big'"),
    ({"scale": True}, TypeError, r"`scale` must be a number"),
    ({"activation": "identity"}, ValueError, r"`activation` must be one of 'tanh', 'sigmoid'"),
    ({"hidden_units": 9}, ValueError, r"`hidden_units` must be between 1 and 8 .*got 9"),
    ({"hidden_units": 4.0}, TypeError, r"`hidden_units` must be an integer"),
    ({"lr": 0}, ValueError, r"`lr` must be between 0.001 and 10 .*got 0"),
    ({"num_steps": 5}, ValueError, r"`num_steps` must be between 10 and 2000 .*got 5"),
    ({"seed": -1}, ValueError, r"`seed` must be ≥ 0"),
])
def test_bad_arguments_are_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        SymmetryExplorer(**kwargs)
