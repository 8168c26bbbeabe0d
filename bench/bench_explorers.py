"""Benchmark: DescentExplorer frames against a naive ``interactive_output`` baseline.

What is timed (all headless, in this process, wall clock):

- **explorer frame**: set the explorer's step slider (what Play does) until new JPEG
  bytes are in its ``ipywidgets.Image``;
- **naive frame**: the same change on a naive widget, ``ipywidgets.interactive_output``
  with a function that re-plots the whole figure with pyplot (contours, path, cost curve,
  data and sigmoid), the way ``interact`` tutorials do, and renders it as the inline
  backend does on ``plt.show()`` (PNG, ``bbox_inches="tight"``). Its trajectory and grid
  are computed once beforehand, so only the plotting is timed (this favours the baseline);
- the two are **interleaved**, A B A B, so both see the same machine load;
- **recompute**: change the learning rate (or the start) of a 200-step run until the new
  frame is there (trajectory + drawing + encoding), and the trajectory alone. A start far
  away changes the cost panel's range: that panel's axes are redrawn too.

Usage::

    python bench/bench_explorers.py                # prints the Markdown table
    python bench/bench_explorers.py --frames 20 --out /tmp/results.md

``make bench`` (bench/run_all.py) runs it and folds the table into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

GOALS = {"frame_ms": 10.0, "frame_ratio": 0.1, "recompute_ms": 50.0}
ROOT = Path(__file__).resolve().parent


def _timed(change, image):
    """Seconds from ``change()`` until ``image()`` returns new bytes (checked, not assumed)."""
    before = bytes(image())
    start = time.perf_counter()
    change()
    elapsed = time.perf_counter() - start
    if bytes(image()) == before:
        raise RuntimeError("the change produced no new image bytes")
    return elapsed


class NaiveWidget:
    """``interactive_output`` re-plotting a pyplot figure from scratch on every change."""

    def __init__(self, surface, trajectory, figsize):
        import ipywidgets as widgets

        self.surface, self.trajectory, self.figsize = surface, trajectory, figsize
        self.grid = surface.grid(121)
        self.png = b""
        self.step = widgets.IntSlider(min=0, max=len(trajectory.params) - 1, description="step")
        self.output = widgets.interactive_output(self.plot, {"step": self.step})

    def plot(self, step):
        import matplotlib.pyplot as plt
        from IPython.core.pylabtools import print_figure

        params, costs = self.trajectory.params, self.trajectory.costs
        fig, (ax_s, ax_c, ax_d) = plt.subplots(1, 3, figsize=self.figsize)
        ax_s.contourf(self.grid.w, self.grid.b, self.grid.J, levels=14, cmap="cividis")
        ax_s.contour(self.grid.w, self.grid.b, self.grid.J, levels=14, colors="white")
        ax_s.plot(params[:step + 1, 0], params[:step + 1, 1], "o-", color="C1")
        ax_s.plot(*params[step], "o", markersize=10)
        ax_s.set(xlabel="weight w", ylabel="bias b", title=self.surface.title)
        ax_c.plot(costs, color="grey")
        ax_c.plot(step, costs[step], "o")
        ax_c.set(xlabel="step", ylabel="cost J")
        x = np.linspace(-3, 4, 200)
        ax_d.scatter(self.surface.X[:, 0], self.surface.y, c=self.surface.y)
        ax_d.plot(x, 1 / (1 + np.exp(-(params[step, 0] * x + params[step, 1]))))
        ax_d.set(xlabel="feature x", ylabel="ŷ")
        fig.tight_layout()
        self.png = print_figure(fig, "png", bbox_inches="tight")  # what plt.show() does inline
        plt.close(fig)


def _summary(seconds):
    ms = [1e3 * s for s in seconds]
    return {"median": statistics.median(ms), "min": min(ms), "max": max(ms), "n": len(ms)}


def bench_frames(frames):
    """Interleaved A B A B: explorer frame (JPEG), naive frame; then PNG frames for scale."""
    from lessons_lib.widgets import DescentExplorer

    explorer = DescentExplorer()
    with contextlib.redirect_stdout(io.StringIO()):  # clear_output writes escapes here
        naive = NaiveWidget(explorer.surface, explorer.trajectory,
                            explorer._view.fig.get_size_inches())
    last = explorer._step.max
    a, b = [], []
    for i in range(frames):
        step = (7 * i + 3) % last  # jumps about, never the same twice in a row
        a.append(_timed(lambda: setattr(explorer._step, "value", step),
                        lambda: explorer._view.image.value))
        with contextlib.redirect_stdout(io.StringIO()):  # clear_output writes escapes here
            b.append(_timed(lambda: setattr(naive.step, "value", step), lambda: naive.png))
    explorer._view.fmt = "png"
    png = [_timed(lambda s=(5 * i + 1) % last: setattr(explorer._step, "value", s),
                  lambda: explorer._view.image.value) for i in range(max(frames // 3, 2))]
    sizes = {"jpeg_kB": len(explorer._view.encode("jpeg")) / 1e3,
             "png_kB": len(explorer._view.encode("png")) / 1e3}
    return {"explorer_frame": _summary(a), "naive_frame": _summary(b),
            "explorer_frame_png": _summary(png), "sizes": sizes,
            "figure_px": explorer._view.canvas.get_width_height()}


def bench_recompute(repeats, num_steps=200):
    """A control change on a ``num_steps`` run: learning rate, start; and the trajectory alone."""
    from lessons_lib.widgets import DescentExplorer

    explorer = DescentExplorer(num_steps=num_steps)
    lrs = [3.0 + 0.05 * (i % 2) for i in range(repeats)]
    lr = [_timed(lambda v=v: setattr(explorer._lr, "value", v),
                 lambda: explorer._view.image.value) for v in lrs]
    starts = [-3.0 + 0.05 * ((i + 1) % 2) for i in range(repeats)]
    start = [_timed(lambda v=v: setattr(explorer._w0, "value", v),
                    lambda: explorer._view.image.value) for v in starts]
    far = [(3.0, -3.0)[i % 2] for i in range(repeats)]  # costs 0.3 and 3.5: the panel rescales
    rescale = [_timed(lambda v=v: setattr(explorer._w0, "value", v),
                      lambda: explorer._view.image.value) for v in far]
    surface = explorer.surface
    alone = []
    for v in lrs:
        t0 = time.perf_counter()
        surface.descend(v, num_steps)
        alone.append(time.perf_counter() - t0)
    assert len(explorer.trajectory.params) == num_steps + 1
    return {"recompute_lr": _summary(lr), "recompute_start": _summary(start),
            "recompute_rescale": _summary(rescale),
            "trajectory_only": _summary(alone), "num_steps": num_steps}


def run_benchmarks(frames=60, repeats=20, num_steps=200):
    """Run everything; return a dict of results (milliseconds)."""
    results = bench_frames(frames)
    results.update(bench_recompute(repeats, num_steps))
    return results


def _versions():
    import ipywidgets
    import matplotlib
    import PIL

    return (f"Python {platform.python_version()}, NumPy {np.__version__}, matplotlib "
            f"{matplotlib.__version__}, ipywidgets {ipywidgets.__version__}, Pillow {PIL.__version__}")


def _machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; load {load:.2f}"


def _row(name, s, note=""):
    return f"| {name} | {s['median']:.1f} | {s['min']:.1f}–{s['max']:.1f} | {s['n']} | {note} |"


def render_markdown(r, command="python bench/bench_explorers.py"):
    """The results as the Markdown of bench/RESULTS.md."""
    frame, naive = r["explorer_frame"]["median"], r["naive_frame"]["median"]
    ratio, recompute = frame / naive, r["recompute_lr"]["median"]
    ok = {True: "met", False: "NOT met"}
    w, h = r["figure_px"]
    return "\n".join([
        "# Explorer benchmark", "",
        f"`{command}` on {datetime.date.today().isoformat()}. DescentExplorer at its default "
        f"size ({w}×{h} px), headless, wall clock, milliseconds. A frame = set the step slider "
        "(what Play does) until new image bytes are in the widget. The naive baseline re-plots "
        "the whole figure with pyplot in `interactive_output` and renders it as `plt.show()` "
        "does inline; explorer and naive frames were interleaved (A B A B).", "",
        "| measurement | median | min–max | n | note |", "|---|---|---|---|---|",
        _row("explorer frame (blit + JPEG)", r["explorer_frame"],
             f"goal ≤ {GOALS['frame_ms']:g} ms: {ok[frame <= GOALS['frame_ms']]}"),
        _row("naive frame (pyplot re-plot + PNG)", r["naive_frame"],
             f"ratio explorer/naive = {ratio:.3f} (goal ≤ {GOALS['frame_ratio']}: "
             f"{ok[ratio <= GOALS['frame_ratio']]})"),
        _row("explorer frame sent as PNG instead", r["explorer_frame_png"],
             f"JPEG {r['sizes']['jpeg_kB']:.0f} kB vs PNG {r['sizes']['png_kB']:.0f} kB a frame"),
        _row(f"learning-rate change, {r['num_steps']}-step run", r["recompute_lr"],
             f"trajectory + frame; goal ≤ {GOALS['recompute_ms']:g} ms: "
             f"{ok[recompute <= GOALS['recompute_ms']]}"),
        _row(f"start change, {r['num_steps']}-step run", r["recompute_start"],
             "same cost-panel range: kept layer redrawn over the cached background"),
        _row("start change that rescales the cost panel", r["recompute_rescale"],
             "that panel's axes redrawn (FigureView.redraw_axes), the rest cached"),
        _row(f"the {r['num_steps']}-step trajectory alone", r["trajectory_only"],
             "lessons_lib.descent.gradient_descent"), "",
        f"Machine: {_machine()}.  ", f"Versions: {_versions()}.", ""])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200, help="length of the recomputed run")
    parser.add_argument("--out", type=Path, default=None,
                        help="also write the Markdown here (RESULTS.md is run_all.py's)")
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")  # the naive widget's pyplot must not open windows
    results = run_benchmarks(args.frames, args.repeats, args.steps)
    text = render_markdown(results)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
