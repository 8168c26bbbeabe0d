"""Headless tests of ActivationExplorer: one training per parameter change equal to an
independent call, Play drives the frames (which only blit), the figure follows every
control, divergence is a state, bad arguments are clear errors, and the notebook's two calls
show what 06 says they show."""

import base64
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from lessons_lib import style, widgets
from lessons_lib.diagnostics import ratio_sentence, train_with_diagnostics
from lessons_lib.widgets import ActivationExplorer
from lessons_lib.widgets import activation as activation_module
from lessons_lib.widgets.activation import (ACTIVATION_NAMES, INITS, _decade_label, _log_limits,
                                            make_data, run_explorer_training)


def _quiet(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return ActivationExplorer(**kwargs)


@pytest.fixture(scope="module")
def explorer():
    return _quiet(num_steps=40)


@pytest.fixture(scope="module")
def notebook_explorers():
    """Exactly the two calls notebook 06 makes."""
    return widgets.ActivationExplorer(), widgets.ActivationExplorer(activation="sigmoid", depth=6)


def test_training_equals_an_independent_call():
    run = run_explorer_training("relu", depth=3, hidden_units=5, init="xavier", lr=0.3,
                                num_steps=40, seed=2)
    X, y = make_data(2)
    again = train_with_diagnostics(X, y, "relu", 3, 5, 0.3, 40, "xavier", rng=2, every=1)
    for field in ("steps", "grad_norms", "saturated", "mean_slope", "costs", "accuracy"):
        np.testing.assert_array_equal(getattr(run, field), getattr(again, field))


def test_notebook_calls_start_at_step_0_with_the_vanishing_gradient(notebook_explorers):
    default, six = notebook_explorers
    assert (default._activation.value, default._depth.value, default._units.value) == \
        ("sigmoid", 5, 8)
    assert (six._depth.value, six.num_steps, six._lr.value, six._init.value) == (6, 200, 0.5, "he")
    for e, text in [(default, "1/690"), (six, "1/510")]:
        assert e.frame == 0 and e.step == 0 and e._play.max == len(e.training.steps) - 1 == 50
        assert f"step 0: layer 1's gradient is {text} of the output layer's" in \
            e._status.get_text()
        assert e.training.saturated[0].max() == 0.0  # vanishing without any saturated unit
        assert f"is {text} of" in e._readout.value and "|z| > 3.64" in e._readout.value


def test_play_drives_the_frames(explorer):
    run = explorer.training
    for i in (3, 0, len(run.steps) - 1):
        before = explorer._view.image.value
        explorer._play.value = i
        step = int(run.steps[i])
        assert explorer.frame == i and explorer.step == step == explorer._step.value
        L = run.grad_norms.shape[1]
        np.testing.assert_array_equal(explorer._current.get_xdata(), np.arange(1, L + 1))
        np.testing.assert_array_equal(explorer._current.get_ydata(), run.grad_norms[i])
        heights = [bar.get_height() for bar in explorer._bars[:L - 1]]
        np.testing.assert_array_equal(heights, run.saturated[i])
        np.testing.assert_array_equal(explorer._slope.get_ydata(), run.mean_slope[i])
        assert explorer._marker.get_xydata().tolist() == [[step, run.costs[step]]]
        np.testing.assert_array_equal(explorer._progress.get_ydata(), run.costs[:step + 1])
        assert explorer._status.get_text().endswith(ratio_sentence(run.grad_norms[i]))
        assert f"step {step}\n" in explorer._text.get_text()
        assert f"step <b>{step}</b>" in explorer._readout.value
        assert explorer._view.image.value != before


def test_a_frame_blits_and_a_parameter_change_trains_once(explorer, monkeypatch):
    canvas = explorer._view.canvas
    calls = {"draw": 0, "train": 0}
    draw, trainer = canvas.draw, activation_module.run_explorer_training

    def counting_draw():
        calls["draw"] += 1
        draw()

    def counting_train(*args, **kwargs):
        calls["train"] += 1
        return trainer(*args, **kwargs)

    monkeypatch.setattr(canvas, "draw", counting_draw)
    monkeypatch.setattr(activation_module, "run_explorer_training", counting_train)
    explorer._step.index = 2
    assert calls == {"draw": 0, "train": 0}  # a frame only draws the animated artists
    old = explorer.training
    explorer._units.value = 4
    assert calls == {"draw": 1, "train": 1} and explorer.training is not old
    assert explorer.frame == 0


def test_the_figure_follows_activation_depth_and_init(explorer):
    explorer._activation.value, explorer._depth.value = "tanh", 7
    assert explorer.training.grad_norms.shape[1] == 8
    assert [bar.get_visible() for bar in explorer._bars] == [True] * 7 + [False] * 3
    assert explorer._ax_sat.get_title() == "(b) Saturated: |z| > 1.82"
    assert explorer._ax_grad.get_xlabel() == "layer (8 = output)"
    assert explorer._ax_grad.get_xlim() == (0.7, 8.3)
    explorer._activation.value = "relu"
    assert explorer._ax_sat.get_title() == "(b) Inactive: z ≤ 0 (slope 0)"
    assert explorer._legend.get_texts()[2].get_text() == "share inactive"
    assert explorer._peak.get_ydata()[0] == 1.0
    explorer._activation.value = "sigmoid"
    assert explorer._peak.get_ydata()[0] == 0.25
    low, high = explorer._ax_grad.get_ylim()
    norms = explorer.training.grad_norms
    assert low < norms.min() and norms.max() < high
    explorer._init.value = "random_normal"  # tiny weights: the gradient all but vanishes
    first = explorer.training.grad_norms[0]
    assert first[0] / first[-1] < 1e-12 and "10⁻" in explorer._status.get_text()
    explorer._init.value, explorer._depth.value = "he", 5


def test_divergence_is_shown_in_words(explorer):
    explorer._activation.value, explorer._lr.value = "leaky_relu", 10.0
    explorer._depth.value = 3
    assert explorer.training.diverged
    assert "diverged at step" in explorer._note.get_text()
    assert "diverged" in explorer._readout.value and "smaller learning rate" in \
        explorer._readout.value
    explorer._lr.value = 0.5
    assert not explorer.training.diverged and explorer._note.get_text() == ""


def test_static_face_is_a_png_that_changes_with_the_frame(explorer):
    explorer._play.value = explorer._play.max
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    first = base64.b64decode(data["image/png"])
    assert Image.open(io.BytesIO(first)).format == "PNG"
    explorer._play.value = 0
    assert explorer.frame_png() != first


def test_every_activation_and_init_at_the_extremes_runs_without_warnings():
    """The training behind every activation × init at both ends of the ranges (no drawing);
    the widget's drawing at the extremes is the next test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for activation in ACTIVATION_NAMES:
            for init in INITS:
                for depth, units, lr in [(10, 16, 10.0), (1, 2, 0.01)]:
                    run = run_explorer_training(activation, depth, units, init, lr, 20)
                    assert np.all(np.isfinite(run.grad_norms)) and run.steps[0] == 0
                    assert np.all((run.saturated >= 0) & (run.saturated <= 1))


def test_presentation_mode_scales_the_figure():
    style.presentation(True)
    try:
        big = _quiet(num_steps=20)
    finally:
        style.presentation(False)
    assert big._view.fig.get_size_inches().tolist() == [12.5, 6.6]
    assert "\n" in big._status.get_text()  # the sentence gets its own line
    assert big._ax_sat.title.get_fontsize() == pytest.approx(12 * 1.6)


def test_arguments_at_the_ends_of_the_ranges_are_kept_and_drawn_without_warnings(monkeypatch):
    calls = []
    monkeypatch.setattr(activation_module, "run_explorer_training",
                        lambda *a: calls.append(a) or run_explorer_training(*a[:5], 20, a[6]))
    low = _quiet(activation="tanh", depth=1, hidden_units=2, init="xavier", lr=0.01,
                 num_steps=20, seed=0)
    high = _quiet(activation="relu", depth=10, hidden_units=16, lr=10.0, num_steps=1000, seed=9)
    assert calls == [("tanh", 1, 2, "xavier", 0.01, 20, 0), ("relu", 10, 16, "he", 10.0, 1000, 9)]
    assert (low._lr.value, high._lr.value, high._units.value) == (0.01, 10.0, 16)
    assert len(low._slope.get_xdata()) == 1 and len(high._slope.get_xdata()) == 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        high._play.value = high._play.max
    assert np.all(np.isfinite(high.training.grad_norms))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"activation": "softplus"}, ValueError, r"`activation` must be one of 'sigmoid'"),
    ({"activation": "identity"}, ValueError, r"`activation` must be one of"),
    ({"init": "zeros"}, ValueError, r"`init` must be one of 'he', 'xavier', 'random_normal'"),
    ({"depth": 11}, ValueError, r"`depth` must be between 1 and 10 .*got 11"),
    ({"depth": 0}, ValueError, r"`depth` must be between 1 and 10 .*got 0"),
    ({"depth": 6.0}, TypeError, r"`depth` must be an integer"),
    ({"hidden_units": 1}, ValueError, r"`hidden_units` must be between 2 and 16 .*got 1"),
    ({"lr": 0}, ValueError, r"`lr` must be between 0.01 and 10 .*got 0"),
    ({"lr": "fast"}, TypeError, r"`lr` must be a number, got the string 'fast'"),
    ({"lr": float("nan")}, ValueError, r"`lr` must be between 0.01 and 10 .*got nan"),
    ({"num_steps": 5000}, ValueError, r"`num_steps` must be between 20 and 1000 .*got 5000"),
    ({"seed": -1}, ValueError, r"`seed` must be ≥ 0, got -1"),
    ({"seed": True}, TypeError, r"`seed` must be an integer"),
])
def test_bad_arguments_are_clear_errors_not_clamped(kwargs, error, message):
    with pytest.raises(error, match=message):
        ActivationExplorer(**kwargs)


def test_axis_helpers():
    assert _log_limits(np.array([[8.2e-3, 1e-20], [0.0, 3e-5]])) == (1e-21, 1e-1)
    assert _log_limits(np.array([0.0])) == (1e-6, 1.0)
    labels = [_decade_label(v, None) for v in (1e-3, 1.0, 100.0, 3e-3, 0.0)]
    assert labels == ["10⁻³", "10⁰", "10²", "", ""]


def test_teaching_claim_after_training_with_the_explorers_defaults():
    """With the explorer's defaults (200 steps, lr 0.5, He, 8 units), 6 hidden layers: the
    sigmoid network's cost stays within 0.001 of ln 2 ≈ 0.693 (a constant guess of 0.5),
    while tanh and ReLU reach a cost below 0.06."""
    final = {a: run_explorer_training(a, depth=6).costs[-1] for a in ("sigmoid", "tanh", "relu")}
    assert abs(final["sigmoid"] - np.log(2)) < 1e-3
    assert final["tanh"] < 0.06 and final["relu"] < 0.06
