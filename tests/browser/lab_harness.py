"""Drive the course in a real browser: an isolated JupyterLab and Debian's Chromium.

Used by the fixtures in ``conftest.py``; the functions here take a Playwright ``page``
and know JupyterLab's DOM, so a test reads as what a learner does: open a notebook, wait
until the kernel is ready, Run All, wait until idle, look for error output, press a key
on a slider and time the new frame.

Isolation: the server gets its own config, data, runtime, settings and workspace folders
under a temporary directory, a throw-away copy of the notebooks, a random token, a free
port on 127.0.0.1, news and update checks off, and a kernelspec that runs *this* Python.
The browser is Debian's Chromium (``/usr/bin/chromium``) through ``executable_path``
(never ``playwright install``) with a new empty profile; every request to anything but
127.0.0.1 is blocked and counted.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
# The course notebooks the tests open (another folder of NN_*.ipynb for trying the harness).
NOTEBOOKS = Path(os.environ.get("COURSE_NOTEBOOKS", ROOT / "notebooks"))
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "build" / "browser"))
TIMING_JSON = ARTIFACTS / "timing.json"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = (
    "the browser tests need Debian's Chromium and Python Playwright: run "
    "`sudo bash tools/install_browser.sh` (apt-get install chromium) and "
    "`.venv/bin/pip install -r requirements-browser.lock` (never `playwright install`); "
    "under CI=true they run and fail instead of skipping"
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    # A second wall behind the per-page routes (which do not see requests a worker makes):
    # anything not on 127.0.0.1 goes to a proxy that does not exist, and fails.
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1"}
# Settings written into the isolated user-settings folder (JupyterLab reads them as the user's).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Attach every cell, so widgets below the fold render and can be counted.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
SERVER_START_TIMEOUT = 60
WIDGET_RENDER_TIMEOUT = 15  # s after Run All's idle for every widget view to render


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_notebooks(source: Path, target: Path) -> Path:
    """Copy the regular files under ``source`` (sockets, checkpoints left out) to ``target``."""
    def ignore(folder, names):
        skipped = {".ipynb_checkpoints", "__pycache__"}
        return [n for n in names if n in skipped or not _regular_or_dir(Path(folder) / n)]

    shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)
    return target


def _regular_or_dir(path: Path) -> bool:
    mode = path.lstat().st_mode
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


@dataclass
class JupyterLab:
    """A running JupyterLab server (see :func:`start_jupyterlab`)."""

    base_url: str
    token: str
    root: Path
    proc: subprocess.Popen
    log_path: Path
    course: Path | None = None  # the course notebooks a learner-version server was made from

    def url(self, path: str = "lab", query: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}?token={self.token}{query}"

    def notebook_url(self, name: str) -> str:
        """The notebook alone in a fresh workspace of its own (``reset``), so tabs left open
        by an earlier test on the same server are not restored beside it."""
        workspace = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
        return self.url(f"lab/workspaces/{workspace}/tree/{name}", "&reset")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def _write_isolated_config(base: Path) -> dict[str, str]:
    """Make the isolated Jupyter folders, settings and kernelspec; return the environment."""
    names = ("config", "data", "runtime", "settings", "workspaces")
    folders = {name: base / name for name in names}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for plugin, values in LAB_SETTINGS.items():
        path = folders["settings"] / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))
    kernel = folders["data"] / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
    }))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(folders["config"]), JUPYTER_DATA_DIR=str(folders["data"]),
               JUPYTER_RUNTIME_DIR=str(folders["runtime"]), JUPYTER_PLATFORM_DIRS="1",
               BROWSER="true", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


def start_jupyterlab(base: Path, root: Path) -> JupyterLab:
    """Start JupyterLab serving ``root`` on 127.0.0.1; state lives under ``base``."""
    env = _write_isolated_config(base)
    port, token = free_port(), secrets.token_urlsafe(24)
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={base / 'settings'}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    lab = JupyterLab(f"http://127.0.0.1:{port}", token, root, proc, log_path)
    _wait_until_serving(lab)
    return lab


def _wait_until_serving(lab: JupyterLab) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {lab.proc.returncode}:\n"
                               f"{lab.log()[-3000:]}")
        try:
            with urllib.request.urlopen(lab.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    lab.stop()
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n"
                       f"{lab.log()[-3000:]}")


def launch_chromium(playwright):
    """Debian's Chromium, headless, with a new empty profile (Playwright makes one per launch).

    Scroll bars stay visible (Playwright hides them by default), so screenshots show what a
    learner sees, a widget too wide for its cell included.
    """
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"])


@dataclass
class LabPage:
    """A browser page on a :class:`JupyterLab`, with what it tried to reach outside."""

    page: object
    lab: JupyterLab
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def watch_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)


def new_lab_page(context, lab: JupyterLab) -> LabPage:
    page = context.new_page()
    lab_page = LabPage(page, lab)
    page.route("**/*", lab_page.route)  # per page: a shared context counts per page
    page.on("console", lab_page.watch_console)
    page.on("pageerror", lambda error: lab_page.console_errors.append(f"pageerror: {error}"))
    return lab_page


# --- JupyterLab, as a person uses it -------------------------------------------------------

KERNEL_STATUS_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  if (!bar) return null;
  for (const item of bar.querySelectorAll('.jp-StatusBar-TextItem, .jp-StatusBar-Item')) {
    const m = item.textContent.match(/\\|\\s*([A-Za-z][A-Za-z ]*?)\\s*$/);  // "Python 3 | Idle"
    if (m) return m[1].toLowerCase();
  }
  return null;
}"""

IDLE_JS = """() => {
  const status = (%s)();
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel || status !== 'idle') return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  if (indicator && indicator.getAttribute('data-status') !== 'idle') return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')];
  return prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}""" % KERNEL_STATUS_JS


def kernel_status(page) -> str | None:
    """The kernel state the status bar shows ("idle", "busy", ...), or None."""
    return page.evaluate(KERNEL_STATUS_JS)


def open_notebook(lab_page: LabPage, name: str, timeout: float = 60) -> float:
    """Open ``name`` and wait until its kernel is ready (status bar "Idle"); return seconds."""
    page, start = lab_page.page, time.monotonic()
    page.goto(lab_page.lab.notebook_url(name), timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function(f"() => ({KERNEL_STATUS_JS})() === 'idle'", timeout=timeout * 1000)
    return time.monotonic() - start


def run_all(lab_page: LabPage, timeout: float = 120) -> float:
    """Clear all outputs, then Run > Run All Cells (menus), then wait until idle; return seconds.

    Clearing first resets every prompt to ``[ ]``, so "every cell has a count" really means
    this run reached it (a notebook stored with outputs already shows counts).
    """
    page, start = lab_page.page, time.monotonic()
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(NO_COUNTS_JS, timeout=timeout * 1000)
    _menu(page, "Run", "Run All Cells")
    wait_idle_or_stopped(page, timeout)
    return time.monotonic() - start


STOPPED_JS = """() => {
  const status = (%s)();
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel || status !== 'idle') return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')]
    .map(p => p.textContent);
  // JupyterLab renders an error output as application/vnd.jupyter.stderr
  const error = panel.querySelector(
    '.jp-OutputArea-output[data-mime-type*="stderr"], .jp-OutputArea-output[data-mime-type*="error"]');
  return !!error && prompts.every(t => !t.includes('*'))
         && prompts.some(t => !/\\[\\d+\\]/.test(t));
}""" % KERNEL_STATUS_JS


def wait_idle_or_stopped(page, timeout: float = 120) -> bool:
    """Like :func:`wait_idle`, but return False early (not after ``timeout``) when Run All
    stopped at an error: kernel idle, nothing queued, an error shown, cells never reached
    (stable for a second). True when every cell ran."""
    deadline, stopped_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if page.evaluate(IDLE_JS):
            wait_idle(page, max(1.0, deadline - time.monotonic()))
            return True
        if page.evaluate(STOPPED_JS):
            stopped_since = stopped_since or time.monotonic()
            if time.monotonic() - stopped_since > 1.0:
                return False
        else:
            stopped_since = None
        page.wait_for_timeout(100)
    raise TimeoutError(f"Run All did not finish within {timeout} s")


def _menu(page, menu: str, item: str) -> None:
    menubar = page.locator("#jp-menu-panel, #jp-MainMenu")
    menubar.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menu").get_by_role("menuitem", name=item, exact=True).click()


NO_COUNTS_JS = """() => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')].every(
  p => !/\\[\\d+\\]/.test(p.textContent))"""


def wait_idle(page, timeout: float = 120) -> None:
    """Wait until the status bar says Idle, the indicator agrees and every cell has a count."""
    page.wait_for_function(IDLE_JS, timeout=timeout * 1000, polling=100)
    page.wait_for_timeout(300)  # late comm messages (widget views) settle
    page.wait_for_function(IDLE_JS, timeout=timeout * 1000, polling=100)


def error_outputs(page) -> list[str]:
    """Text of every error or stderr output and every widget that failed to render."""
    return page.evaluate("""() => {
      const bad = [...document.querySelectorAll('.jp-OutputArea-output')].filter(el => {
        const mime = el.getAttribute('data-mime-type') || '';
        return mime.includes('stderr') || mime.includes('error');
      }).map(el => el.textContent.slice(0, 500));
      for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
        if (/Error displaying widget|Error rendering widget|model not found/i.test(el.textContent))
          bad.push(el.textContent.slice(0, 500));
      }
      return bad;
    }""")


def open_dialogs(page) -> list[str]:
    return page.locator(".jp-Dialog").all_inner_texts()


def output_of_cell(page, index: int):
    """The output area of the ``index``-th code cell of the open notebook."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(index).locator(
        ".jp-Cell-outputArea")


def slider_handle(page, label, root=None):
    """The keyboard-focusable handle of the slider whose description matches ``label``."""
    sliders = (root or page).locator(".widget-slider")
    slider = sliders.filter(has=page.locator(".widget-label", has_text=label)).first
    return slider.locator(".noUi-handle").first


def slider_readouts(root) -> dict[str, str]:
    """``{description: readout text}`` of every slider under ``root`` (what the learner reads)."""
    return root.evaluate("""root => Object.fromEntries(
      [...root.querySelectorAll('.widget-slider')].map(
      s => [s.querySelector('.widget-label')?.textContent.trim(),
            s.querySelector('.widget-readout')?.textContent.trim()]))""")


def overflowing(root) -> list[str]:
    """Widgets under ``root`` wider than the room they have (cut off, or a scroll bar)."""
    return root.evaluate("""root => [...root.querySelectorAll('.jupyter-widgets')].filter(
      el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
    ).map(el => `${el.className.split(' ').filter(c => c.startsWith('widget-')).join('.')}: `
               + `${el.scrollWidth} px of content in ${el.clientWidth} px`)""")


FRAME_WATCH_JS = """([root, key]) => {
  const state = {t0: null, latencies: [], frames: 0, last: null};
  const current = () => { const img = root.querySelector('img'); return img ? img.src : null; };
  state.last = current();
  new MutationObserver(() => {
    const src = current();
    if (!src || src === state.last) return;
    state.last = src; state.frames += 1;
    if (state.t0 !== null) { state.latencies.push(performance.now() - state.t0); state.t0 = null; }
  }).observe(root, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  document.addEventListener('keydown', () => { state.t0 = performance.now(); }, true);
  window[key] = state;
}"""


def measure_key_to_frame(page, root, handle, presses: int = 15, keys=("ArrowRight", "ArrowLeft"),
                         settle_ms: int = 150, timeout_ms: int = 10_000) -> list[float]:
    """Latency (ms) from a key press on ``handle`` to a new ``<img>`` src under ``root``.

    Measured in the page: a capturing keydown listener stamps ``performance.now()``, a
    MutationObserver stamps the first src change after it. Keys cycle through ``keys``
    so the slider stays in range. Waits ``settle_ms`` after each frame so a late frame
    of one press is never taken for the next one's.
    """
    key = f"__frameWatch{secrets.token_hex(4)}"
    page.evaluate(FRAME_WATCH_JS, [root.element_handle(), key])
    handle.focus()
    for i in range(presses):
        page.keyboard.press(keys[i % len(keys)])
        page.wait_for_function(f"() => window.{key}.latencies.length > {i}", timeout=timeout_ms,
                               polling="raf")
        page.wait_for_timeout(settle_ms)
    return page.evaluate(f"() => window.{key}.latencies")


# --- What a stored notebook says the browser must show -------------------------------------

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ALLOWED_ERROR_TAGS = {"raises-exception", "stderr-expected"}
EXPLORER_CLASS = re.compile(r"\b([A-Z]\w*(?:Explorer|Stepper))\s*\(")


@dataclass(frozen=True)
class CodeCell:
    """One code cell of a stored notebook, numbered among the code cells (as in the DOM)."""

    index: int
    widget_views: int  # top-level widget-view outputs in the stored notebook
    errors_allowed: bool  # tagged raises-exception or stderr-expected
    is_check: bool  # nbgrader grade: true (calls a checker)
    explorer_classes: tuple[str, ...]  # e.g. ("SigmoidExplorer",) named in the source


def code_cells(path: Path) -> list[CodeCell]:
    """The code cells of the notebook at ``path`` and what each must show in the browser."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    result = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        views = sum(1 for o in cell.get("outputs", []) if WIDGET_VIEW in o.get("data", {}))
        tags = set(cell.get("metadata", {}).get("tags", []))
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        result.append(CodeCell(index, views, bool(tags & ALLOWED_ERROR_TAGS),
                               bool(nbgrader.get("grade")),
                               tuple(dict.fromkeys(EXPLORER_CLASS.findall(source)))))
    return result


# --- What the browser shows, cell by cell ---------------------------------------------------

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
TOP_OUTPUT = f"{PANEL} .jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output"

CELL_OUTPUTS_JS = """() => {
  const panel = document.querySelector('%s');
  const failed = /Error displaying widget|Error rendering widget|model not found/i;
  return [...panel.querySelectorAll('.jp-CodeCell')].map(cell => {
    const area = cell.querySelector('.jp-Cell-outputArea');
    const all = area ? [...area.querySelectorAll('.jp-OutputArea-output')] : [];
    const top = area ? [...area.querySelectorAll(
      ':scope > .jp-OutputArea-child > .jp-OutputArea-output')] : [];
    // Rendered MIME outputs carry data-mime-type; a widget view does not: it holds the
    // widget's node (or, failing, says so in the output's own text).
    const mime = el => el.getAttribute('data-mime-type') || '';
    const widget = el => el.querySelector(':scope > .jupyter-widgets');
    const views = top.filter(el => widget(el) || el.classList.contains('jupyter-widgets')
                                   || (!mime(el) && failed.test(el.textContent)));
    return {
      errors: all.filter(el => /stderr|error/.test(mime(el)) || failed.test(el.textContent))
                 .map(el => `${mime(el) || 'widget'}: ${el.textContent.slice(0, 400)}`),
      widget_views: views.length,
      rendered_views: views.filter(el => widget(el) && !failed.test(el.textContent)).length,
      text: area ? area.innerText : '',
      ran: [...cell.querySelectorAll('.jp-InputPrompt:not(.jp-Placeholder-prompt)')]
             .every(p => /\\[\\d+\\]/.test(p.textContent)),  // collapsed input: no prompt
    };
  });
}""" % PANEL


def cell_outputs(page) -> list[dict]:
    """Per code cell of the open notebook: its error/stderr outputs (nested ones too), its
    top-level widget-view outputs, how many of those rendered, and its output text."""
    return page.evaluate(CELL_OUTPUTS_JS)


def explorer_outputs(page):
    """Top-level outputs holding an explorer: a widget with an image and a slider."""
    widget_outputs = page.locator(TOP_OUTPUT).filter(has=page.locator(":scope > .jupyter-widgets"))
    return widget_outputs.filter(has=page.locator("img.widget-image")).filter(
        has=page.locator(".widget-slider"))


def cell_index_of(output) -> int:
    """The code-cell index (among the open notebook's code cells) of an output locator."""
    return output.evaluate("""el => [...el.closest('.jp-NotebookPanel')
      .querySelectorAll('.jp-CodeCell')].indexOf(el.closest('.jp-CodeCell'))""")


def wait_image_loaded(root, timeout_ms: int = 10_000) -> None:
    root.page.wait_for_function(
        "root => [...root.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)",
        arg=root.element_handle(), timeout=timeout_ms)


def first_slider_handle(root):
    """The handle of the first enabled slider under ``root``, and the keys that keep it in
    range (ArrowRight first unless it sits at its maximum)."""
    handle = root.locator(".widget-slider:not(.mod-disabled) .noUi-handle").first
    now, high = (handle.get_attribute(a) for a in ("aria-valuenow", "aria-valuemax"))
    at_max = now is not None and high is not None and float(now) >= float(high)
    return handle, (("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft"))


STEP_OF_JS = """root => {
  for (const s of root.querySelectorAll('.widget-slider')) {
    const label = s.querySelector('.widget-label')?.textContent.trim() || '';
    const value = s.querySelector('.widget-readout')?.textContent.trim() || '';
    if (/\\bstep\\b/i.test(label) && /^-?\\d+$/.test(value)) return Number(value);
  }
  for (const el of root.querySelectorAll('.widget-html-content')) {
    const m = el.textContent.match(/\\bstep\\s+(\\d+)/i);
    if (m) return Number(m[1]);
  }
  return null;
}"""


def read_step(root) -> int | None:
    """The step an explorer shows: a slider labelled "step", or "step N" in a readout."""
    return root.evaluate(STEP_OF_JS)


def play_advances(page, root, by: int = 2, timeout_ms: int = 15_000) -> tuple[int, int]:
    """Stop (back to the first step), Play, wait until the step readout advanced by ``by``,
    pause again; return the steps before and after."""
    buttons = root.locator(".widget-play button")
    buttons.nth(1).click()  # stop
    page.wait_for_function(f"root => ({STEP_OF_JS})(root) !== null", arg=root.element_handle())
    page.wait_for_timeout(200)
    before = read_step(root)
    buttons.first.click()  # play
    page.wait_for_function(f"([root, before]) => ({STEP_OF_JS})(root) >= before + {by}",
                           arg=[root.element_handle(), before], timeout=timeout_ms)
    buttons.first.click()  # pause
    return before, read_step(root)


QUESTIONS_JS = """() => [...document.querySelectorAll('%s button')]
  .filter(b => b.textContent.trim() === 'Check').length""" % PANEL


def answer_quiz_questions(page) -> list[str]:
    """Choose the first option of every quiz question, press Check; return the questions
    (their first words) that showed no feedback."""
    silent = []
    checks = page.locator(f"{PANEL} button", has_text=re.compile(r"^\s*Check\s*$"))
    for i in range(checks.count()):
        check = checks.nth(i)
        question = check.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
        option = question.locator(".widget-radio-box input, .widget-checkbox input").first
        option.click(timeout=5_000)
        check.click(timeout=5_000)
        result = question.locator(":scope > .widget-html").last
        try:
            page.wait_for_function("el => el.textContent.trim().length > 0",
                                   arg=result.element_handle(), timeout=5_000)
        except Exception:  # noqa: BLE001 - reported by the caller
            silent.append(question.inner_text()[:80])
    return silent


def shutdown_kernels(lab: JupyterLab) -> int:
    """Shut down every session (and its kernel) of ``lab``; return how many."""
    headers = {"Authorization": f"token {lab.token}"}
    request = urllib.request.Request(f"{lab.base_url}/api/sessions", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        urllib.request.urlopen(urllib.request.Request(
            f"{lab.base_url}/api/sessions/{session['id']}", headers=headers, method="DELETE"),
            timeout=10).close()
    return len(sessions)


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered course notebooks (``NN_topic.ipynb``), sorted."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def record_timing(section: str, name: str, entry: dict, path: Path = TIMING_JSON) -> None:
    """Merge ``entry`` as ``section -> name`` into the timing file (other entries are kept,
    so a partial run updates only what it measured)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("what", {
        "open_s": "open the notebook's URL -> the status bar shows the kernel Idle",
        "run_all_s": "Edit > Clear Outputs, Run > Run All Cells -> kernel idle, every cell counted",
        "frame_ms": "key press on an explorer's first slider -> new <img> src "
                    "(median per explorer)",
    })
    data.setdefault(section, {})[name] = {
        k: (round(v, 2) if isinstance(v, float) else v) for k, v in entry.items()}
    data[section] = dict(sorted(data[section].items()))
    data["updated"] = time.strftime("%Y-%m-%d %H:%M:%S")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass
class NotebookRun:
    """A notebook opened and run in the browser: its timings, what the stored notebook
    expects (``cells``) and what the browser shows (``shown``, per code cell)."""

    name: str
    open_s: float
    run_all_s: float
    cells: list[CodeCell]
    shown: list[dict]

    def unexpected_errors(self) -> dict[int, list[str]]:
        """Error/stderr outputs by code cell, but for cells tagged to expect them."""
        return {c.index: s["errors"] for c, s in zip(self.cells, self.shown)
                if s["errors"] and not c.errors_allowed}

    def widget_views(self) -> tuple[dict, dict]:
        """``(expected, shown)``: per code cell, the stored notebook's widget views and, in
        the browser, ``(widget-view outputs, rendered widget views)``."""
        expected = {c.index: (c.widget_views, c.widget_views) for c in self.cells
                    if c.widget_views}
        shown = {i: (s["widget_views"], s["rendered_views"]) for i, s in enumerate(self.shown)
                 if s["widget_views"] or s["rendered_views"]}
        return expected, shown

    def unreached(self) -> list[int]:
        """Code cells without an execution count: Run All stopped before them."""
        return [i for i, s in enumerate(self.shown) if not s["ran"]]

    def check_outputs(self) -> dict[int, str]:
        """The output text of every check cell (nbgrader ``grade: true``)."""
        return {c.index: s["text"] for c, s in zip(self.cells, self.shown) if c.is_check}


def run_notebook(lab_page: LabPage, name: str, stored: Path) -> NotebookRun:
    """Open ``name`` (kernel ready), Run All (idle), read every cell's outputs. ``stored``
    is the notebook with the outputs to expect (for a learner version: the course's)."""
    cells = code_cells(stored)
    open_s = open_notebook(lab_page, name)
    run_all_s = run_all(lab_page)
    run = NotebookRun(name, open_s, run_all_s, cells, cell_outputs(lab_page.page))
    assert len(run.shown) == len(cells), (
        f"{name}: the browser shows {len(run.shown)} code cells, {stored.name} has {len(cells)}")
    # Widget views render after the kernel went idle (comm messages, then the views'
    # scripts): give a loaded machine time before counting them.
    deadline = time.monotonic() + WIDGET_RENDER_TIMEOUT
    while run.widget_views()[0] != run.widget_views()[1] and time.monotonic() < deadline:
        lab_page.page.wait_for_timeout(250)
        run.shown = cell_outputs(lab_page.page)
    return run


def step_to_end(page, root, timeout_ms: int = 10_000) -> bool:
    """Move an explorer's "step" slider to its last step (End key, as a learner can) and
    wait for the frame; False if it has no step slider."""
    slider = root.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile(r"^\s*step\s*$", re.I))).first
    if not slider.count():
        return False
    handle = slider.locator(".noUi-handle").first
    high = handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("End")
    page.wait_for_function("([h, high]) => h.getAttribute('aria-valuenow') === high",
                           arg=[handle.element_handle(), high], timeout=timeout_ms)
    page.wait_for_timeout(300)  # the kernel's frame for that step
    wait_image_loaded(root)
    return True


def log_console_messages(page) -> list[str]:
    """What the notebook's log console holds at level warning or above: output with no
    cell to go to, e.g. the traceback of a widget callback that raised after a slider
    moved (the output areas never show it). Empty when the status bar counts none."""
    item = page.locator("#jp-main-statusbar .jp-LogConsoleStatusItem")
    if not item.count() or "lm-mod-hidden" in (item.get_attribute("class") or ""):
        return []
    count = item.inner_text().strip()
    if not count.isdigit() or int(count) == 0:
        return []
    item.click()  # opens the log console
    panel = page.locator(".jp-LogConsolePanel").first
    panel.wait_for(timeout=5_000)
    page.wait_for_timeout(200)
    entries = panel.locator(".jp-OutputArea-child").all_inner_texts()
    # each entry: a time stamp, then the output; a traceback's last line names the error
    last_lines = [entry.strip().splitlines()[-1][:300] for entry in entries if entry.strip()]
    summary = {line: last_lines.count(line) for line in last_lines}
    return [f"{line} (×{n})" for line, n in summary.items()] or [f"{count} message(s)"]
