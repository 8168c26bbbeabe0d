"""Fixtures of the browser tests: an isolated JupyterLab and Debian's Chromium.

- ``jupyter_lab`` (session): JupyterLab on 127.0.0.1 with a token, serving a throw-away
  copy of ``notebooks/``; tests may write more notebooks into ``jupyter_lab.root``.
- ``student_lab`` (module): the same, serving the learner versions that
  ``tools/make_student.py`` writes from ``notebooks/`` into a temporary folder.
- ``chromium`` (session): Debian's Chromium driven by Python Playwright.
- ``lab_page`` / ``student_page`` (per test): a new page on that server, in one browser
  context per module (so JupyterLab's scripts are cached after the first page), where
  every request to anything but 127.0.0.1 is blocked and counted (``.blocked``);
  afterwards the page is closed and every kernel of the server shut down.

Outside CI the tests skip, saying how to install the browser, when Chromium or Playwright
is missing; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import lab_harness

VIEWPORT = {"width": 1400, "height": 1000}


def _require_browser():
    reason = lab_harness.browser_unavailable()
    if reason is None:
        return
    message = f"{reason}: {lab_harness.INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _serve(base, source):
    root = lab_harness.copy_notebooks(source, base / "notebooks")
    return lab_harness.start_jupyterlab(base, root)


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    _require_browser()
    lab = _serve(tmp_path_factory.mktemp("jupyterlab"), lab_harness.NOTEBOOKS)
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """JupyterLab serving the learner versions (``make student``'s output) of the course."""
    _require_browser()
    base = tmp_path_factory.mktemp("student")
    # A snapshot of the course, so the learner versions and the outputs they are compared
    # with come from the same notebooks even while someone edits notebooks/.
    course = lab_harness.copy_notebooks(lab_harness.NOTEBOOKS, base / "course")
    learner = base / "learner"
    done = subprocess.run([sys.executable, str(lab_harness.ROOT / "tools" / "make_student.py"),
                           str(course), str(learner)],
                          capture_output=True, text=True, cwd=lab_harness.ROOT)
    assert done.returncode == 0, f"make_student failed:\n{done.stdout}{done.stderr}"
    lab = _serve(base, learner)
    lab.course = course
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="session")
def chromium():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = lab_harness.launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _context(chromium):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    return context


def _page_on(context, lab):
    lab_page = lab_harness.new_lab_page(context, lab)
    try:
        yield lab_page
    finally:
        lab_page.page.close()
        lab_harness.shutdown_kernels(lab)  # one kernel at a time on 2 cores


@pytest.fixture(scope="module")
def lab_context(chromium, jupyter_lab):
    """One browser context per module: each test gets a new page, and JupyterLab's
    scripts come from the HTTP cache after the first page (saves seconds a notebook)."""
    context = _context(chromium)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def student_context(chromium, student_lab):
    context = _context(chromium)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def lab_page(lab_context, jupyter_lab):
    yield from _page_on(lab_context, jupyter_lab)


@pytest.fixture
def student_page(student_context, student_lab):
    yield from _page_on(student_context, student_lab)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in Chromium (deselect with -m 'not browser')")


def pytest_runtest_logreport(report):
    """Add up the browser tests' own time (set-up, call and tear-down, which include starting
    and stopping the servers), so the suite's time does not count the other tests of a
    `make test` run."""
    if report.nodeid.startswith("tests/browser/"):
        module = report.nodeid.split("::")[0].rsplit("/", 1)[-1]
        _BROWSER_TIME[module] = _BROWSER_TIME.get(module, 0.0) + report.duration


_BROWSER_TIME: dict[str, float] = {}  # test module -> seconds
LAB_MODULES = ("test_jupyterlab_notebooks.py", "test_jupyterlab_student.py")


def pytest_sessionfinish(session, exitstatus):
    """Record the browser suite's time and test count in build/browser/timing.json: ``wall_s``
    is the JupyterLab suite's (every notebook, course and learner versions: the goal's),
    ``all_browser_s`` adds Voilà and the slides; neither counts the other tests of the run."""
    ran = [item for item in session.items if item.get_closest_marker("browser")]
    notebooks = [item for item in ran if "test_jupyterlab_notebooks" in item.nodeid]
    if not notebooks or not lab_harness.TIMING_JSON.exists() or session.config.option.collectonly:
        return  # only runs that include the course notebooks are the suite's timing
    tests = sorted({item.nodeid.split("::")[0].rsplit("/", 1)[-1] for item in ran})
    lab_harness.record_timing("suite", "last_run", {
        "wall_s": round(sum(_BROWSER_TIME.get(m, 0.0) for m in LAB_MODULES), 2),
        "all_browser_s": round(sum(_BROWSER_TIME.values()), 2),
        "seconds_by_module": {m: round(t, 2) for m, t in sorted(_BROWSER_TIME.items())},
        "tests": len(ran),
        "modules": tests, "exit_status": int(exitstatus),
        "only_browser_tests": len(ran) == len(session.items)})
