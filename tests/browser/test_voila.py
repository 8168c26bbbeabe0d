"""Every notebook rendered by Voilà (one page, live widgets) in Chromium, with no internet.

One Voilà server for the module, started as ``make slides`` starts it (``tools/slides.py
--plain`` on a throw-away copy of notebooks/). For each notebook: the page renders with no
error output, every widget the notebook displays renders, every slider answers a key press
(an explorer with a new frame, another widget with new text), and nothing outside
127.0.0.1 was requested (every such request is blocked and counted).
"""

from __future__ import annotations

import pytest

import lab_harness
import voila_harness as voila

pytestmark = pytest.mark.browser

SHOTS = lab_harness.ROOT / "build" / "browser"
NOTEBOOKS = voila.notebooks()


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory):
    voila.require()
    base = tmp_path_factory.mktemp("voila")
    root = lab_harness.copy_notebooks(voila.NOTEBOOKS, base / "notebooks")
    server = voila.start(base, root, plain=True)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def voila_page(chromium, voila_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        yield lab_harness.new_lab_page(context, voila_server)
    finally:
        context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_renders_in_voila_with_live_widgets_offline(voila_page, voila_server, notebook):
    page = voila_page.page
    expected = voila.widget_outputs(notebook)
    page.goto(voila_server.render_url(notebook.name), timeout=90_000)
    voila.wait_rendered(page, expected, timeout=90)

    assert voila.error_outputs(page) == [], voila_server.log()[-2000:]
    assert voila.widget_views(page).count() == expected

    sliders = voila.explorers(page)
    answers = []
    for i in range(sliders.count()):
        root = sliders.nth(i)
        root.scroll_into_view_if_needed()
        has_img = root.locator("img").count() > 0
        answer = voila.press_slider(page, root)
        assert answer["img" if has_img else "text"], f"widget {i} did not answer: {answer}"
        answers.append(answer)
    if sliders.count():
        sliders.first.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"voila_{notebook.name[:2]}.png"))
    assert voila.error_outputs(page) == []
    assert voila_page.blocked == [], f"requests outside 127.0.0.1: {voila_page.blocked}"
