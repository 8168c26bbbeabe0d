"""The DescentExplorer in JupyterLab, in Chromium, driven as a learner drives it.

Open a notebook that shows the explorer, Run All, check there is no error output, move
the learning-rate slider with the keyboard and see a new frame, press Play and see the
step readout advance. In the same run, time key press -> new frame for the explorer and
for a naive ``interactive_output`` widget that re-plots a whole pyplot figure on each
change; the medians go to ``build/browser/latency.json`` (reported, not asserted: this
is not a timed test). A screenshot of the explorer goes to ``build/browser/``.
"""

from __future__ import annotations

import json
import os
import re
import statistics
from pathlib import Path

import nbformat
import pytest

import lab_harness as lab
from lessons_lib.surfaces import make_surface

pytestmark = pytest.mark.browser

NOTEBOOK = "browser_descent_explorer.ipynb"
PRESSES = 15
EXPLORER_CELL, NAIVE_CELL = 1, 2
LR_LABEL = re.compile(r"learning rate|^lr$|η", re.IGNORECASE)
NAIVE_LABEL = "naive lr"
BENCH_JSON = Path(os.environ.get("BROWSER_LATENCY_JSON",
                                 lab.ROOT / "build" / "browser" / "latency.json"))
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", lab.ROOT / "build" / "browser"))

SETUP = """\
import numpy as np
import matplotlib.pyplot as plt
import ipywidgets as widgets
from lessons_lib import style
from lessons_lib.activations import sigmoid
from lessons_lib.surfaces import make_surface
from lessons_lib.widgets import DescentExplorer"""

EXPLORER = "explorer = DescentExplorer()\nexplorer"

# The naive baseline: the same surface, path and panels (cost contour with the path, cost
# against step, data with the model's curve), re-plotted from scratch with pyplot on every
# change, as `interact` does.
NAIVE = """\
surface = make_surface("logistic")
grid = surface.grid()
x_data, y_data = surface.X[:, 0], surface.y
x_line = np.linspace(x_data.min(), x_data.max(), 200)

def naive_plot(lr):
    path = surface.descend(lr, 50)
    w, b = path.params[-1]
    with style.course_style():
        fig, (ax_j, ax_cost, ax_data) = plt.subplots(1, 3, figsize=style.FIGSIZE["explorer"])
        ax_j.contour(grid.w, grid.b, grid.J, levels=30)
        ax_j.plot(path.params[:, 0], path.params[:, 1], "o-", markersize=3)
        ax_j.set(xlabel="w", ylabel="b", title=f"lr = {lr:.3g}")
        ax_cost.plot(path.costs)
        ax_cost.set(xlabel="step", ylabel="cost J")
        ax_data.scatter(x_data, y_data, c=y_data)
        ax_data.plot(x_line, sigmoid(w * x_line + b))
        ax_data.set(xlabel="x", ylabel="P(y = 1)")
        fig.tight_layout()
        plt.show()

naive_lr = widgets.FloatLogSlider(value=surface.lr_presets["good"], base=10, min=-3, max=3.5,
                                  step=0.01, description="naive lr")
widgets.VBox([naive_lr, widgets.interactive_output(naive_plot, {"lr": naive_lr})])"""


def write_notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (SETUP, EXPLORER, NAIVE)]
    nbformat.write(nb, folder / NOTEBOOK)
    return NOTEBOOK


STEP_JS = """root => {
  for (const el of root.querySelectorAll('.widget-html-content')) {
    const m = el.textContent.match(/\\bstep\\s+(\\d+)/i);
    if (m) return Number(m[1]);
  }
  return null;
}"""


def read_step(explorer) -> int:
    """The number the explorer's step readout (an HTML widget: "step 12 of 50 ...") shows."""
    step = explorer.evaluate(STEP_JS)
    assert step is not None, f"no step readout in the explorer: {explorer.inner_text()[:300]!r}"
    return step


def press_play_and_watch(page, explorer, timeout_ms=15_000) -> tuple[int, int]:
    """Stop (rewinds to step 0), Play, wait until the readout has advanced by 3, pause."""
    buttons = explorer.locator(".widget-play button")
    buttons.nth(1).click()  # stop: back to the first step
    page.wait_for_function(f"root => ({STEP_JS})(root) === 0", arg=explorer.element_handle())
    before = read_step(explorer)
    buttons.first.click()  # play
    page.wait_for_function(f"([root, before]) => ({STEP_JS})(root) >= before + 3",
                           arg=[explorer.element_handle(), before], timeout=timeout_ms)
    buttons.first.click()  # pause, so the page is still for what follows
    return before, read_step(explorer)


def test_descent_explorer_in_jupyterlab(lab_page):
    """Open, Run All, no errors, slider -> frame, Play -> step, latencies, screenshot."""
    page = lab_page.page
    name = write_notebook(lab_page.lab.root)
    open_s = lab.open_notebook(lab_page, name)
    run_s = lab.run_all(lab_page)
    assert lab.error_outputs(page) == []
    assert lab.open_dialogs(page) == []

    explorer = lab.output_of_cell(page, EXPLORER_CELL)
    naive = lab.output_of_cell(page, NAIVE_CELL)
    explorer.locator("img.widget-image").first.wait_for(state="visible")
    naive.locator("img").first.wait_for(state="visible")
    # What Python set is what the learner sees (a slider made before its range would clamp).
    readouts, start = lab.slider_readouts(explorer), make_surface("logistic").start
    shown = [float(readouts[name].replace("\u2212", "-")) for name in ("start w₀", "start b₀")]
    assert shown == list(start), readouts
    overflow = lab.overflowing(explorer)  # asserted last, so the rest is still measured

    handle = lab.slider_handle(page, LR_LABEL, root=explorer)
    explorer_ms = lab.measure_key_to_frame(page, explorer, handle, presses=PRESSES)
    assert len(explorer_ms) == PRESSES, "a key press on the learning-rate slider gave no new frame"

    before, after = press_play_and_watch(page, explorer)
    assert after >= before + 3

    naive_handle = lab.slider_handle(page, NAIVE_LABEL, root=naive)
    naive_ms = lab.measure_key_to_frame(page, naive, naive_handle, presses=PRESSES)
    assert len(naive_ms) == PRESSES

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    explorer.locator(".jupyter-widgets").first.screenshot(path=ARTIFACTS / "descent_explorer.png")
    naive.locator(".jupyter-widgets").first.screenshot(path=ARTIFACTS / "naive_baseline.png")
    report_latency(explorer_ms, naive_ms, open_s=open_s, run_all_s=run_s,
                   chromium=page.context.browser.version)

    assert lab.error_outputs(page) == []
    assert lab_page.blocked == [], f"requests outside 127.0.0.1: {lab_page.blocked}"
    assert overflow == [], "the explorer is wider than its cell (a horizontal scroll bar)"


def report_latency(explorer_ms, naive_ms, **extra) -> None:
    """Print both medians and write them, with every sample, to build/browser/latency.json."""
    explorer_median, naive_median = statistics.median(explorer_ms), statistics.median(naive_ms)
    result = {
        "what": "key press on a slider -> new <img> src, JupyterLab in headless Chromium",
        "presses": PRESSES,
        "explorer_median_ms": round(explorer_median, 1),
        "naive_median_ms": round(naive_median, 1),
        "ratio": round(explorer_median / naive_median, 3),
        "goal": "explorer <= 60 ms and <= 0.4 x naive",
        "explorer_ms": [round(x, 1) for x in explorer_ms],
        "naive_ms": [round(x, 1) for x in naive_ms],
        **{k: (round(v, 2) if isinstance(v, float) else v) for k, v in extra.items()},
    }
    BENCH_JSON.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    text = re.sub(r"\[\s+([^\]]*?)\s+\]", lambda m: "[" + re.sub(r"\s+", " ", m[1]) + "]", text)
    BENCH_JSON.write_text(text + "\n")
    print(f"\nslider -> frame median: explorer {explorer_median:.1f} ms, "
          f"naive interactive_output {naive_median:.1f} ms (ratio {result['ratio']})")

