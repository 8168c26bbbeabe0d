"""Fixtures of the browser tests: an isolated JupyterLab and Debian's Chromium.

- ``jupyter_lab`` (session): JupyterLab on 127.0.0.1 with a token, serving a throw-away
  copy of ``notebooks/``; tests may write more notebooks into ``jupyter_lab.root``.
- ``chromium`` (session): Debian's Chromium driven by Python Playwright.
- ``lab_page`` (per test): a fresh browser context and page on that server, where every
  request to anything but 127.0.0.1 is blocked and counted (``lab_page.blocked``).

Outside CI the tests skip, saying how to install the browser, when Chromium or Playwright
is missing; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os

import pytest

import lab_harness


def _require_browser():
    reason = lab_harness.browser_unavailable()
    if reason is None:
        return
    message = f"{reason}: {lab_harness.INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    _require_browser()
    base = tmp_path_factory.mktemp("jupyterlab")
    root = lab_harness.copy_notebooks(lab_harness.ROOT / "notebooks", base / "notebooks")
    lab = lab_harness.start_jupyterlab(base, root)
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


@pytest.fixture
def lab_page(chromium, jupyter_lab):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        yield lab_harness.new_lab_page(context, jupyter_lab)
    finally:
        context.close()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in Chromium (deselect with -m 'not browser')")
