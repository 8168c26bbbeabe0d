"""Drive the course in Voilà, as a page and as slides, in Debian's Chromium.

The server is started the way ``make slides`` starts it: by running ``tools/slides.py``
(same templates, same local front-end files, same token handling), here on a free port,
with ``--no-browser``, in isolated Jupyter folders (config, data, runtime) whose kernelspec
runs *this* Python. The address (with its token) is read from what the tool prints.

The functions here know Voilà's and reveal.js's DOM, so a test reads as what a viewer does:
open the page, wait until every widget has rendered, press a key on a slider, see a new
frame; go to the next slide, go back.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import lab_harness

ROOT = lab_harness.ROOT
SLIDES_TOOL = ROOT / "tools" / "slides.py"
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SERVER_START_TIMEOUT = 90
INSTALL_HINT = ("the Voilà tests need voila (`make test-env` installs requirements.lock) and the "
                "slides' front-end files (`bash tools/install_slides.sh`, npm)")
sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402  (tools/slides.py: the tool `make slides` runs)


def require() -> None:
    """Skip (outside CI) or fail (under CI=true) when Chromium, Playwright or Voilà is missing."""
    import pytest

    reason = lab_harness.browser_unavailable() or voila_unavailable()
    if reason is None:
        return
    message = f"{reason}: {lab_harness.INSTALL_HINT}; {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def voila_unavailable() -> str | None:
    """Why Voilà cannot serve the course here, or None when it can."""
    try:
        import voila  # noqa: F401
    except ImportError:
        return "voila is not installed"
    return slides.vendor_problem()


def notebooks() -> list[Path]:
    """Every course notebook (new ones are picked up automatically)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def widget_outputs(path: Path) -> int:
    """How many widget views the stored (executed) notebook displays."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(WIDGET_MIME in output.get("data", {})
               for cell in cells if cell["cell_type"] == "code"
               for output in cell.get("outputs", []))


def title(path: Path) -> str:
    """The notebook's title: the first markdown heading, without its #."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        heading = re.search(r"^#\s+(.+)$", source, re.M)
        if cell["cell_type"] == "markdown" and heading:
            return heading[1].strip()
    raise ValueError(f"{path.name} has no # title")


@dataclass
class VoilaServer:
    """A running ``tools/slides.py`` (see :func:`start`)."""

    url: str
    proc: subprocess.Popen
    log_path: Path

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0].rstrip("/").removesuffix("/voila/tree")

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def render_url(self, name: str) -> str:
        """The page of notebook ``name`` (when the server serves a folder)."""
        return f"{self.base}/voila/render/{name}?token={self.token}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the tool stops Voilà, which stops the kernels
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


def isolated_environment(base: Path) -> dict[str, str]:
    """Jupyter folders of its own under ``base``, and a kernelspec running this Python."""
    folders = {name: base / name for name in ("config", "data", "runtime")}
    kernel = folders["data"] / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python"}))
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(folders["config"]), JUPYTER_DATA_DIR=str(folders["data"]),
               JUPYTER_RUNTIME_DIR=str(folders["runtime"]), JUPYTER_PLATFORM_DIRS="1",
               BROWSER="true", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1", PYTHONUNBUFFERED="1")
    return env


def start(base: Path, target: Path | str, plain: bool = False, code: bool = False) -> VoilaServer:
    """Run ``tools/slides.py target --port <free> --no-browser [--plain] [--code]``; wait for
    the address it prints."""
    port = lab_harness.free_port()
    cmd = [sys.executable, str(SLIDES_TOOL), str(target), "--port", str(port), "--no-browser"]
    log_path = base / "voila.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd + ["--plain"] * plain + ["--code"] * code, cwd=ROOT,
                                env=isolated_environment(base), stdout=subprocess.PIPE,
                                stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    found: list[str] = []
    threading.Thread(target=_read_address, args=(proc, log_path, found), daemon=True).start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not found and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if not found:
        server = VoilaServer("", proc, log_path)
        server.stop()
        raise RuntimeError(f"tools/slides.py printed no address within {SERVER_START_TIMEOUT} s "
                           f"(exit {proc.returncode}):\n{server.log()[-3000:]}")
    return VoilaServer(found[0], proc, log_path)


def _read_address(proc, log_path, found):
    # The pipe is closed here once the tool exits (EOF): left to the garbage collector, it
    # raised an unraisable ResourceWarning that pytest pinned on whatever test ran next.
    with proc.stdout, open(log_path.with_suffix(".stdout"), "w") as out:
        for line in proc.stdout:
            text = line.decode(errors="replace")
            out.write(text)
            out.flush()
            match = re.search(r"http://127\.0\.0\.1:\d+/\S*\?token=\S+", text)
            if match and not found:
                found.append(match[0])


# --- Voilà pages, as a viewer sees them ------------------------------------------------------

RENDERED_JS = """expected => {
  const cells = document.querySelector('#rendered_cells');
  if (!cells || getComputedStyle(cells).display === 'none') return false;
  const views = [...document.querySelectorAll('.jp-OutputArea-output')].filter(
    el => el.querySelector('.jupyter-widgets, .lm-Widget.jupyter-widgets') ||
          /Error (displaying|rendering) widget/i.test(el.textContent));
  return views.length >= expected;
}"""


def wait_rendered(page, expected_widgets: int, timeout: float = 60) -> None:
    """Wait until the page shows its cells and ``expected_widgets`` widget outputs."""
    page.wait_for_function(RENDERED_JS, arg=expected_widgets, timeout=timeout * 1000,
                           polling=100)


def widget_views(page):
    """Every output of the page that holds a rendered widget."""
    return page.locator(".jp-OutputArea-output").filter(has=page.locator(".jupyter-widgets"))


def error_outputs(page) -> list[str]:
    """Text of every error/stderr output, failed widget and cell Voilà could not execute."""
    return page.evaluate("""() => {
      const bad = [...document.querySelectorAll('.jp-OutputArea-output')].filter(el => {
        const mime = el.getAttribute('data-mime-type') || '';
        return mime.includes('stderr') || mime.includes('error') ||
               /Error (displaying|rendering) widget|model not found|There was an error when executing/i
                 .test(el.textContent);
      }).map(el => el.textContent.slice(0, 500));
      if (/There was an error when executing cell/.test(document.body.textContent)
          && bad.length === 0) bad.push('Voilà reports a cell that failed');
      return bad;
    }""")


def explorers(page):
    """Widget outputs with a slider (an explorer shows its picture in an <img>)."""
    return widget_views(page).filter(has=page.locator(".widget-slider"))


CHANGE_WATCH_JS = """([root, key]) => {
  const img = () => [...root.querySelectorAll('img')].map(i => i.src).join('|');
  const text = () => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.widget-readout, .noUi-target').forEach(el => el.remove());
    return copy.textContent;
  };
  window[key] = {img: img(), text: text(), changed: () => ({img: img() !== window[key].img,
                                                             text: text() !== window[key].text})};
}"""


def press_slider(page, root, timeout_ms: int = 15_000) -> dict:
    """Press a key on the first slider in ``root``; wait until the kernel answers.

    The key moves the slider away from the end it sits at. An explorer (``root`` holds an
    <img>) must show a new frame; another widget (a slider and a label, say) must show new
    text outside the slider. Returns ``{"img": bool, "text": bool, "ms": float}``.
    """
    handle = root.locator(".widget-slider .noUi-handle").first
    at_max = handle.evaluate("h => Number(h.getAttribute('aria-valuenow')) >= "
                             "Number(h.getAttribute('aria-valuemax'))")
    key = f"__change{abs(hash(str(root))) % 10**8}_{int(time.monotonic() * 1000)}"
    page.evaluate(CHANGE_WATCH_JS, [root.element_handle(), key])
    has_img = root.locator("img").count() > 0
    handle.focus()
    start = time.monotonic()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    what = "img" if has_img else "text"
    page.wait_for_function(f"() => window.{key}.changed().{what}", timeout=timeout_ms,
                           polling=50)
    result = page.evaluate(f"() => window.{key}.changed()")
    result["ms"] = (time.monotonic() - start) * 1000
    return result


# --- reveal.js slides ----------------------------------------------------------------------

INDICES_JS = """() => {
  const tops = [...document.querySelectorAll('.reveal .slides > section')];
  const h = tops.findIndex(s => s.classList.contains('present'));
  if (h < 0) return null;
  const subs = [...tops[h].querySelectorAll(':scope > section')];
  return [h, Math.max(0, subs.findIndex(s => s.classList.contains('present')))];
}"""

CURRENT_SLIDE_JS = """() => {
  const present = [...document.querySelectorAll('.reveal .slides section.present')];
  return present.find(s => !s.querySelector('section.present')) || null;
}"""


def slide_indices(page) -> tuple[int, int] | None:
    """(horizontal, vertical) index of the slide shown, or None before reveal.js has started."""
    found = page.evaluate(INDICES_JS)
    return tuple(found) if found else None


def current_slide(page):
    """The innermost present <section> (the slide on screen)."""
    return page.evaluate_handle(CURRENT_SLIDE_JS).as_element()


def wait_slides_ready(page, timeout: float = 60) -> None:
    """Wait until reveal.js shows a slide and Voilà shows its cells."""
    page.wait_for_function(
        f"() => ({INDICES_JS})() !== null && document.querySelector('.reveal.ready') !== null "
        "&& getComputedStyle(document.querySelector('#rendered_cells')).display !== 'none'",
        timeout=timeout * 1000, polling=100)


def total_slides(page) -> int:
    return page.evaluate("() => document.querySelectorAll('.reveal .slides section:not(.stack)')"
                         ".length")
