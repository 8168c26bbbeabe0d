"""The live slides (``make slides``) in Chromium, with no internet.

The server is the one ``make slides NB=..`` runs (``tools/slides.py``): Voilà's reveal
template with the course's local front-end files. A viewer opens the address it prints,
sees the notebook's title slide, moves through the slides with the keyboard, and moves a
widget on a slide; the kernel answers with a new picture. Every request to anything but
127.0.0.1 is blocked and counted: there must be none.
"""

from __future__ import annotations

import pytest

import lab_harness
import voila_harness as voila
from voila_harness import slides

pytestmark = pytest.mark.browser

SHOTS = lab_harness.ROOT / "build" / "browser"
NOTEBOOKS = voila.notebooks()
# The talk with a widget to move: gradient descent's explorer when that notebook exists.
WIDGET_NB = next((p for p in NOTEBOOKS if p.name.startswith("03_")), NOTEBOOKS[0])
VIEWPORT = {"width": 1280, "height": 800}  # a projector


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    """``make slides NB=03`` (the notebook with the explorer; the first one before it exists)."""
    voila.require()
    server = voila.start(tmp_path_factory.mktemp("slides"), WIDGET_NB.name[:2])
    try:
        yield server
    finally:
        server.stop()


def test_make_slides_default_is_the_first_notebook_and_a_prefix_picks_one():
    assert slides.find_notebook(None) == NOTEBOOKS[0]
    assert slides.find_notebook(WIDGET_NB.name[:2]) == WIDGET_NB
    with pytest.raises(SystemExit, match="matches no notebook"):
        slides.find_notebook("99")
    command = slides.voila_command(WIDGET_NB, 8866)
    assert "--template=course-reveal" in command and "--Voila.ip=127.0.0.1" in command
    assert "--Voila.port_retries=0" in command and not any("token" in a for a in command)
    assert "--VoilaConfiguration.strip_sources=True" in command
    assert "--VoilaConfiguration.strip_sources=False" in slides.voila_command(WIDGET_NB, 1, code=True)


def _open(chromium, server):
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    lab_page = lab_harness.new_lab_page(context, server)
    lab_page.page.goto(server.url, timeout=90_000)
    voila.wait_slides_ready(lab_page.page, timeout=90)
    voila.wait_rendered(lab_page.page, voila.widget_outputs(WIDGET_NB), timeout=60)
    return context, lab_page


def _press(page, key, expected):
    page.keyboard.press(key)
    page.wait_for_function(f"() => JSON.stringify(({voila.INDICES_JS})()) === "
                           f"JSON.stringify({list(expected)})", timeout=10_000)
    return voila.slide_indices(page)


def test_title_slide_and_keyboard_navigation(chromium, talk):
    context, lab_page = _open(chromium, talk)
    page = lab_page.page
    try:
        assert voila.slide_indices(page) == (0, 0)
        heading = voila.current_slide(page).query_selector("h1")
        shown = heading.evaluate("h => [...h.childNodes].filter(n => !n.classList?.contains("
                                 "'anchor-link')).map(n => n.textContent).join('').trim()")
        assert shown == voila.title(WIDGET_NB)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "slides_title.png"))

        assert _press(page, "ArrowRight", (1, 0)) == (1, 0)   # next topic
        assert _press(page, "ArrowLeft", (0, 0)) == (0, 0)    # back to the title
        if page.evaluate("() => document.querySelectorAll("
                         "'.reveal .slides > section:first-child > section').length") > 1:
            assert _press(page, "ArrowDown", (0, 1)) == (0, 1)  # a sub-slide of the topic
            assert _press(page, "ArrowUp", (0, 0)) == (0, 0)
        assert voila.total_slides(page) > 3
        # LaTeX is typeset by the MathJax bundled with Voilà (nothing fetched): no raw $$ left.
        page.wait_for_selector(".reveal mjx-container", state="attached")
        raw = page.evaluate("() => [...document.querySelectorAll('.reveal .jp-RenderedMarkdown')]"
                            ".filter(el => el.textContent.includes('$$')).length")
        assert raw == 0
        assert page.evaluate(STYLE_PROBE_JS) == {"heading": "uppercase", "math": "none",
                                                 "output": "normal"}
        assert voila.error_outputs(page) == []
        assert lab_page.blocked == [], f"requests outside 127.0.0.1: {lab_page.blocked}"
    finally:
        context.close()


# The theme capitalises headings; math inside one must keep its case (σ′ ≤ ¼ is not Σ′), and
# printed output must wrap between words, not inside them (JupyterLab's own rule breaks anywhere).
STYLE_PROBE_JS = """() => {
  const slide = document.querySelector('.reveal .slides section');
  const probe = document.createElement('div');
  probe.innerHTML = '<h2>What <mjx-container>σ</mjx-container></h2>' +
    '<div class="jp-OutputArea-output"><pre>unchanged after</pre></div>';
  slide.appendChild(probe);
  const style = (selector) => getComputedStyle(probe.querySelector(selector));
  const found = {heading: style('h2').textTransform, math: style('mjx-container').textTransform,
                 output: style('pre').wordBreak};
  probe.remove();
  return found;
}"""


FIRST_WIDGET_SLIDE_JS = """() => {
  const tops = [...document.querySelectorAll('.reveal .slides > section')];
  for (const [h, top] of tops.entries()) {
    const subs = [...top.querySelectorAll(':scope > section')];
    for (const [v, slide] of (subs.length ? subs : [top]).entries())
      if (slide.querySelector('.widget-slider .noUi-handle')) return [h, v];
  }
  return null;
}"""


def _show_first_widget(page):
    """Go to the first slide with a slider (its address), then step through its fragments
    (Space) until the slider is on screen; return its indices."""
    target = page.evaluate(FIRST_WIDGET_SLIDE_JS)
    assert target is not None, f"no slide of {WIDGET_NB.name} holds a slider"
    page.evaluate(f"() => {{ location.hash = '#/{target[0]}/{target[1]}'; }}")
    page.wait_for_function(f"() => JSON.stringify(({voila.INDICES_JS})()) === "
                           f"JSON.stringify({list(target)})", timeout=10_000)
    slider = page.locator(".reveal section.present .widget-slider").first
    for _ in range(20):
        if slider.is_visible() and slider.evaluate(
                "s => getComputedStyle(s.closest('.fragment') || s).opacity === '1'"):
            return tuple(target)
        page.keyboard.press("Space")
        page.wait_for_timeout(200)
    raise AssertionError("the slider's fragment never showed")


def test_a_widget_on_a_slide_answers(chromium, talk):
    context, lab_page = _open(chromium, talk)
    page = lab_page.page
    try:
        where = _show_first_widget(page)
        page.wait_for_timeout(800)  # the slide transition ends
        assert voila.slide_indices(page) == where
        root = page.locator(".reveal section.present .jp-OutputArea-output").filter(
            has=page.locator(".widget-slider")).first
        answer = voila.press_slider(page, root)
        assert answer["img" if root.locator("img").count() else "text"], answer
        assert voila.slide_indices(page) == where, "the key moved the slides, not only the slider"
        page.screenshot(path=str(SHOTS / "slides_widget.png"))
        assert voila.error_outputs(page) == []
        assert lab_page.blocked == [], f"requests outside 127.0.0.1: {lab_page.blocked}"
    finally:
        context.close()
