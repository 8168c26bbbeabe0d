"""DescentExplorer driven headless: every control set from Python (Play included); the
state and the picture follow; moving the step only blits; extremes and a grid of
combinations raise nothing (warnings are errors); the static face is a PNG of the state,
and survives an nbconvert HTML export of an executed notebook."""

import base64
import io
import sys
import textwrap
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from lessons_lib.activations import sigmoid
from lessons_lib.surfaces import PRESETS, SURFACES
from lessons_lib.widgets import DescentExplorer
from lessons_lib import style, surfaces
from lessons_lib.widgets.descent import run_status, two_cycle, zigzag_fraction
from lessons_lib.widgets._descent_figure import WORDS_WIDTH

pytestmark = pytest.mark.filterwarnings("error")


def _spy(explorer):
    """Count the FigureView's drawing calls (redraw, redraw_axes, refresh, blit)."""
    calls = Counter()
    view = explorer._view
    for name in ("redraw", "redraw_axes", "refresh", "blit"):
        method = getattr(view, name)

        def counted(*args, _method=method, _name=name):
            calls[_name] += 1
            return _method(*args)
        setattr(view, name, counted)
    return calls


def _assert_picture_at(explorer, step):
    traj, fig = explorer.trajectory, explorer._figure
    k = min(step, len(traj.params) - 1)
    np.testing.assert_array_equal(fig.path.marker.get_xydata(), traj.params[k:k + 1])
    np.testing.assert_array_equal(fig.path.line.get_xydata(), traj.params[:k + 1])
    np.testing.assert_array_equal(fig.costs.marker.get_xydata(), [[k, traj.costs[k]]])
    if fig.fit is not None:
        x = fig.fit.curve.get_xdata()
        np.testing.assert_allclose(fig.fit.curve.get_ydata(),
                                   sigmoid(traj.params[k, 0] * x + traj.params[k, 1]))


@pytest.fixture(scope="module")
def shared():
    return DescentExplorer()


def test_default_is_at_the_start_with_the_whole_path_faint(shared):
    state = shared.state
    assert state.step == 0 and state.last == 50 == len(shared.trajectory.params) - 1
    assert shared._play.max == shared._step.max == 50 and shared._play.value == 0
    _assert_picture_at(shared, 0)
    np.testing.assert_array_equal(shared._figure.path.whole.get_xydata(), shared.trajectory.params)
    assert f"step {state.step}" in shared._readout.value


def test_play_drives_the_step_and_only_blits(shared):
    calls = _spy(shared)
    before = bytes(shared._view.image.value)
    for step in (1, 2, 10, 49, 0):
        shared._play.value = step
        assert shared._step.value == step and shared.state.step == step
        _assert_picture_at(shared, step)
        assert shared._view.image.value != before
        before = bytes(shared._view.image.value)
        assert f"<b>step {step}</b>" in shared._readout.value
    assert calls == Counter(blit=5)


def test_scrubber_back_and_forward(shared):
    shared._step.value = 20
    assert shared._play.value == 20
    shared._back.click()
    assert shared.state.step == 19 and shared._play.value == 19
    shared._forward.click()
    shared._forward.click()
    assert shared.state.step == 21
    _assert_picture_at(shared, 21)
    shared._step.value = 0
    shared._back.click()
    assert shared.state.step == 0
    shared._step.value = shared._step.max
    shared._forward.click()
    assert shared.state.step == shared._step.max


def test_presets_set_the_rate_and_a_manual_rate_clears_the_preset():
    explorer = DescentExplorer(surface="bowl")
    for name in PRESETS:
        explorer._preset.value = name
        assert explorer._lr.value == pytest.approx(explorer.surface.lr_presets[name], rel=1e-9)
    explorer._lr.value = 0.123
    assert explorer._preset.value is None
    explorer._lr.value = explorer.surface.lr_presets["good"]
    assert explorer._preset.value == "good"


def test_learning_rate_change_recomputes_without_a_full_redraw():
    explorer = DescentExplorer(surface="ravine")
    calls = _spy(explorer)
    old = explorer.trajectory
    explorer._lr.value = 0.01
    assert not np.array_equal(explorer.trajectory.params, old.params)
    _assert_picture_at(explorer, 0)
    np.testing.assert_array_equal(explorer._figure.path.whole.get_xydata(),
                                  explorer.trajectory.params)
    explorer._play.value = explorer._play.max  # at the end, a new run keeps showing its end
    explorer._lr.value = 0.02
    assert explorer.state.step == explorer.state.last == 50
    _assert_picture_at(explorer, 50)
    assert calls["redraw"] == 0 and calls["refresh"] + calls["redraw_axes"] == 2


def test_divergence_is_a_state_with_words():
    explorer = DescentExplorer(surface="bowl")
    explorer._preset.value = "divergent"
    traj, state = explorer.trajectory, explorer.state
    assert traj.diverged and state.status.kind == "diverged" and state.status.bad
    assert state.last == len(traj.params) - 1 < explorer._num_steps.value
    assert explorer._step.max == explorer._play.max == state.last
    assert np.all(np.isfinite(traj.params))
    assert "Diverged" in explorer._readout.value
    assert "Diverged" in explorer._figure.words.get_text()
    explorer._play.value = state.last
    assert explorer._figure.path.marker.get_marker() == "X"
    _assert_picture_at(explorer, state.last)
    explorer._play.value = 3  # rewinding a diverged run is fine
    _assert_picture_at(explorer, 3)
    assert explorer._figure.path.marker.get_marker() == "o"


def test_start_and_number_of_steps_drive_the_run():
    explorer = DescentExplorer(surface="wells")
    explorer._w0.value, explorer._b0.value = 1.0, 0.5
    np.testing.assert_allclose(explorer.trajectory.params[0], [1.0, 0.5])
    np.testing.assert_allclose(explorer._figure.path.start.get_xydata(), [[1.0, 0.5]])
    assert explorer.state.status.kind == "minimum"  # the global well
    explorer._num_steps.value = 7
    assert explorer._step.max == explorer._play.max == 7 == explorer.state.last
    assert explorer._figure.ax_cost.get_xlim()[1] == pytest.approx(7 * 1.02)


def test_a_cost_panel_redraw_matches_a_full_redraw():
    explorer = DescentExplorer(surface="bowl")
    calls = _spy(explorer)
    explorer._w0.value, explorer._b0.value = 0.9, 0.4  # near the minimum: a smaller cost range
    explorer._num_steps.value = 120
    assert calls["redraw_axes"] >= 1 and calls["redraw"] == 0
    partial = np.asarray(Image.open(io.BytesIO(explorer._view.encode("png"))), dtype=int)
    explorer._view.redraw()
    full = np.asarray(Image.open(io.BytesIO(explorer._view.encode("png"))), dtype=int)
    assert np.sum(np.abs(partial - full).max(axis=2) > 32) < 20  # at most a few edge pixels


def test_status_words_for_each_kind():
    explorer = DescentExplorer(surface="wells")
    s = explorer.surface
    assert run_status(s, s.descend(0.2, 60), 60).kind == "local_minimum"
    assert "local minimum" in run_status(s, s.descend(0.2, 60), 60).words
    assert run_status(s, s.descend(0.2, 60, (2.0, 1.0)), 60).kind == "minimum"
    assert run_status(s, s.descend(0.9, 60), 60).kind == "bouncing"  # above 2/λₘₐₓ ≈ 0.706
    assert run_status(s, s.descend(0.001, 5), 5).kind == "descending"
    assert zigzag_fraction(np.array([[0.0, 0], [1, 0], [0, 0], [1, 0]])) == 1.0
    assert zigzag_fraction(np.array([[0.0, 0]])) == 0.0


# --- the status says what is true: the stable limit 2/λₘₐₓ ---------------------------------------

def _analytic_limit(surface):
    """2/λₘₐₓ at the global minimum: the mean of σ'(z)[x, 1][x, 1]ᵀ for logistic regression
    (cross-entropy), the exact Hessian of a quadratic from three gradients."""
    p = surface.minima[0]
    if surface.name == "logistic":
        x = surface.X[:, 0]
        a = sigmoid(p[0] * x + p[1])
        features = np.column_stack([x, np.ones_like(x)])
        H = (features * (a * (1 - a))[:, None]).T @ features / x.size
    else:
        g0 = surface.grad([0.0, 0.0])
        H = np.column_stack([surface.grad(e) - g0 for e in np.eye(2)])
    return 2 / np.linalg.eigvalsh(H)[-1]


@pytest.mark.parametrize("name, limit", [("logistic", 19.774), ("bowl", 2.0), ("ravine", 0.08)])
def test_stable_limits_match_the_hessian(name, limit):
    surface = surfaces.make_surface(name)
    assert surface.stable_limits[0] == pytest.approx(_analytic_limit(surface), rel=1e-6)
    assert surface.stable_limits[0] == pytest.approx(limit, abs=1e-3)


def test_too_large_on_logistic_is_never_called_converged():
    """α = 25 > 2/λₘₐₓ ≈ 19.8: after 50 steps it passes close to the minimum but the zigzag
    grows (x 1.53 a step); after 100 it bounces between two points for ever."""
    s = surfaces.make_surface("logistic")
    at_50 = run_status(s, s.descend(25.0, 50), 50, 25.0)
    assert at_50.kind == "unstable" and at_50.bad and "reached" not in at_50.words
    assert "α = 25 is above the stable limit 2/λₘₐₓ ≈ 19.8" in at_50.words
    run = s.descend(25.0, 50)  # independent check of "the zigzag grows": distances to the minimum
    d = np.linalg.norm(run.params - s.minima[0], axis=1)
    assert d[50] > 10 * d[40:].min()
    at_100 = run_status(s, s.descend(25.0, 100), 100, 25.0)
    assert at_100.kind == "bouncing"
    assert at_100.words == ("After 100 steps: bouncing between two points for ever: α = 25 is "
                            "above the stable limit 2/λₘₐₓ ≈ 19.8.")


@pytest.mark.parametrize("name, lr, num_steps, kind, where", [
    ("bowl", 2.0, 50, "bouncing", "at the stable limit 2/λₘₐₓ = 2"),
    ("bowl", 1.8, 100, "minimum", None),
    ("ravine", 0.0801, 100, "unstable", "above the stable limit 2/λₘₐₓ = 0.08"),
    ("ravine", 0.079, 100, "oscillating", "below the stable limit 2/λₘₐₓ = 0.08"),
    ("wells", 0.9, 60, "bouncing", "above the stable limit 2/λₘₐₓ ≈ 0.706"),
    ("logistic", 110.0, 300, "bouncing", "above the stable limit 2/λₘₐₓ ≈ 95.6"),  # squared error
])
def test_each_surface_compares_the_rate_with_its_stable_limit(name, lr, num_steps, kind, where):
    s = surfaces.make_surface(name, "squared_error" if lr == 110.0 else "cross_entropy")
    run = s.descend(lr, num_steps)
    status = run_status(s, run, num_steps, lr)
    assert status.kind == kind, status
    assert status == run_status(s, run, num_steps)  # the rate read from the first step
    if where is None:
        assert "limit" not in status.words
    else:
        assert where in status.words
    if kind == "bouncing":  # independently: the last points alternate, two apart
        np.testing.assert_allclose(run.params[-1], run.params[-3], atol=1e-6)
        assert np.linalg.norm(run.params[-1] - run.params[-2]) > 1e-3


def test_two_cycle_needs_a_persistent_jump():
    assert two_cycle(np.array([[0.0, 0], [1, 0]] * 3))
    assert not two_cycle(np.array([[0.0, 0], [1, 0]] * 2))  # too short to tell
    assert not two_cycle(np.zeros((8, 2)))  # standing still is no bouncing
    shrinking = np.array([[(-0.9) ** k, 0.0] for k in range(10)])
    assert not two_cycle(shrinking)


def test_divergent_logistic_says_it_comes_back_and_why_the_cost_stays_finite():
    s = surfaces.make_surface("logistic")
    for num_steps in (50, 100):
        run = s.descend(150.0, num_steps)
        status = run_status(s, run, num_steps, 150.0)
        assert not run.diverged and status.kind == "off_map"
        assert "off the map and back" in status.words
        assert "gradient of cross-entropy is bounded" in status.words
        assert "flew off" not in status.words


def test_words_fit_on_two_lines():
    for name, loss in [("logistic", "cross_entropy"), ("logistic", "squared_error"),
                       ("bowl", None), ("ravine", None), ("wells", None)]:
        s = surfaces.make_surface(name, loss or "cross_entropy")
        for lr in [*s.lr_presets.values(), 0.0801, 0.6813, 110.0]:
            for num_steps in (5, 300):
                words = run_status(s, s.descend(lr, num_steps), num_steps, lr).words
                assert len(textwrap.wrap(words, WORDS_WIDTH)) <= 2, words


# --- the cost panel holds the whole run -------------------------------------------------------

def _boxes_overlap(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("presenting", [False, True])
def test_cost_panel_holds_the_whole_run_and_no_text_overlaps(presenting):
    style.presentation(presenting)
    try:
        explorer = DescentExplorer(num_steps=100)
    finally:
        style.presentation(False)
    fig, ax = explorer._figure, explorer._figure.ax_cost
    for surface, preset, scale in [("logistic", "divergent", "linear"),
                                   ("logistic", "too large", "linear"),
                                   ("wells", "divergent", "symlog"),
                                   ("bowl", "divergent", "symlog")]:
        explorer._surface.value = surface
        explorer._preset.value = preset
        explorer._play.value = explorer._play.max
        costs = explorer.trajectory.costs
        low, high = ax.get_ylim()
        assert ax.get_yscale() == scale and low <= costs.min() and costs.max() <= high
        assert not [t for t in ax.texts if t.get_text()]  # no note in the panel
        renderer = explorer._view.fig.canvas.get_renderer()
        words = fig.words.get_window_extent(renderer)
        for other in (ax.get_tightbbox(renderer), fig.status.get_window_extent(renderer),
                      fig.ax_surface.get_legend().get_window_extent(renderer)):
            assert not _boxes_overlap(words, other), (surface, preset)
        assert_nothing_clipped(explorer._view.fig)
    assert fig.costs.marker.get_marker() == "X"  # the bowl diverged: its last cost is crossed too


def test_diverged_cost_panel_shows_the_growth():
    """A blow-up on a log scale: a straight line, every point of it inside the panel."""
    explorer = DescentExplorer(surface="wells")
    explorer._preset.value = "divergent"
    ax, costs = explorer._figure.ax_cost, explorer.trajectory.costs
    assert explorer.trajectory.diverged and costs.max() > 1e5
    assert ax.get_yscale() == "symlog" and ax.get_ylim()[1] >= costs.max()
    assert ax.get_ylabel() == "cost J (log scale)"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "10⁶" in labels and "1" in labels
    explorer._preset.value = "good"  # back to the usual linear panel
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "cost J"


def _static_png(explorer):
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    return base64.b64decode(data["image/png"])


def test_static_face_is_a_png_of_the_current_state():
    explorer = DescentExplorer()
    first = _static_png(explorer)
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1000, 420)
    explorer._step.value = 3
    assert _static_png(explorer) != first
    explorer._surface.value = "ravine"
    assert _static_png(explorer) != first
    assert explorer.frame_png() == _static_png(explorer)


def assert_nothing_clipped(fig):
    """Every visible axes (ticks, labels, title, legend) and figure text lies inside the figure."""
    renderer = fig.canvas.get_renderer()
    inside = fig.bbox.padded(1.0)
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    boxes += [t.get_window_extent(renderer) for t in fig.texts if t.get_text()]
    for box in boxes:
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, box
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, box


def _assert_surface_shown(explorer, name, loss):
    """A surface or loss switch resets the start, the sliders' ranges, the rate and panels."""
    s = explorer.surface
    assert s.name == name and (loss is None or s.loss == loss)
    assert (explorer._w0.min, explorer._w0.max) == s.w_range
    assert (explorer._b0.min, explorer._b0.max) == s.b_range
    np.testing.assert_array_equal(explorer.trajectory.params[0], s.start)
    assert explorer._lr.value == pytest.approx(s.lr_presets["good"])
    assert explorer._preset.value == "good"
    assert explorer._loss.disabled == (name != "logistic")
    assert explorer._figure.ax_data.get_visible() == (name == "logistic")
    assert explorer._figure.ax_surface.get_title(loc="left") == s.title


def test_every_surface_swept_to_extremes_and_combinations_raises_nothing():
    explorer = DescentExplorer()
    for name, loss in [("logistic", "cross_entropy"), ("logistic", "squared_error"),
                       ("bowl", None), ("ravine", None), ("wells", None)]:
        explorer._surface.value = name
        if loss:
            explorer._loss.value = loss
        _assert_surface_shown(explorer, name, loss)
        corners = {"divergent": (explorer._w0.min, explorer._b0.max),
                   "too large": (explorer._w0.max, explorer._b0.min)}
        for preset, (w0, b0) in corners.items():  # a divergent rate from a far start, ...
            explorer._preset.value = preset
            explorer._w0.value, explorer._b0.value = w0, b0
            explorer._play.value = explorer._play.max // 2
            _assert_picture_at(explorer, explorer.state.step)
            assert_nothing_clipped(explorer._view.fig)
        for lr in (explorer._lr.min, explorer._lr.max):  # exponents of the log slider
            explorer._lr.value = 10.0 ** lr
            assert np.all(np.isfinite(explorer.trajectory.costs))
        explorer._num_steps.value = explorer._num_steps.max
        explorer._play.value = explorer._play.max
        _assert_picture_at(explorer, explorer.state.step)
        explorer._num_steps.value = explorer._num_steps.min
        assert explorer.state.status.words and explorer._view.image.value


@pytest.mark.parametrize("kwargs, match", [
    ({"surface": "saddle"}, "`surface` must be one of"),
    ({"loss": "hinge"}, "`loss` must be one of"),
    ({"lr": -1.0}, "`lr` must be > 0"),
    ({"lr": 1e9}, "`lr` must be between"),
    ({"num_steps": 0}, "`num_steps` must be"),
    ({"num_steps": 10_000}, "`num_steps` must be"),
    ({"start": (1.0,)}, "`start` must be"),
    ({"start": (100.0, 0.0)}, "`start` must be"),
])
def test_bad_arguments_are_explained(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        DescentExplorer(**kwargs)


def test_explorers_survive_an_html_export_without_a_kernel(tmp_path):
    """Execute a tiny notebook (nbclient), export it (nbconvert HTML): the static PNGs of
    both explorers are in the page, so a viewer without a kernel shows the pictures."""
    import nbformat  # imported here: it takes a second to import
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter
    from traitlets import default

    class ThisPython(KernelSpecManager):  # a kernel of the Python running the tests
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                    "{connection_file}"], display_name="python", language="python")

    class Manager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _default_kernel_spec_manager(self):
            return ThisPython()

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from lessons_lib.widgets import DescentExplorer, SigmoidExplorer\n"
        "DescentExplorer(surface='ravine')"), nbformat.v4.new_code_cell("SigmoidExplorer(w=2.0)")]
    # JupyterLab saves no widget state unless asked; without it nbconvert (and nbviewer, GitHub)
    # fall back to the richest static output: our image/png
    NotebookClient(nb, timeout=60, kernel_name="python3", kernel_manager_class=Manager,
                   store_widget_state=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    pngs = [out["data"]["image/png"] for cell in nb.cells for out in cell.outputs
            if "image/png" in out.get("data", {})]
    assert len(pngs) == 2
    html, _ = HTMLExporter().from_notebook_node(nb)
    for png in pngs:
        assert png.replace("\n", "") in html.replace("\n", "")
        assert Image.open(io.BytesIO(base64.b64decode(png))).format == "PNG"
