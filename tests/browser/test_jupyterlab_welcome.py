"""The welcome notebook in JupyterLab, in Chromium: it runs clean and its widgets are live.

nbval cannot see widgets; this is what a learner sees on first opening the course.
"""

import pytest

import lab_harness as lab

pytestmark = pytest.mark.browser

NOTEBOOK = "00_welcome.ipynb"


def test_welcome_runs_clean_and_its_widgets_answer(lab_page, tmp_path):
    page = lab_page.page
    lab.open_notebook(lab_page, NOTEBOOK)
    lab.run_all(lab_page)
    assert lab.error_outputs(page) == []
    assert lab.open_dialogs(page) == []

    # The slider demo: the kernel answers a key press with a new x².
    demo = page.locator(".jp-OutputArea-output .widget-hbox").filter(
        has=page.locator(".widget-label", has_text="x² =")).first
    label = demo.locator(".widget-label", has_text="x² =")
    assert label.inner_text().strip() == "x² = 9"
    demo.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.textContent.includes('x² = 16')", arg=label.element_handle())

    # The self-check widget rendered (a Valid widget, not its text repr).
    assert page.locator(".widget-valid", has_text="widgets work").count() == 1
    outputs = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "Valid(value=True" not in outputs

    # The warm-up checker passed and the quiz answers a click.
    assert "✓ scores: all" in outputs
    question = page.locator(".widget-vbox").filter(
        has=page.locator(".widget-radio-box")).filter(has_text="X.shape").last
    question.locator(".widget-radio-box label", has_text="(5, 200)").click()
    question.get_by_role("button", name="Check").click()
    question.locator(".widget-html-content", has_text="column convention").first.wait_for()
    question.screenshot(path=str(lab.ROOT / "build" / "browser" / "welcome_quiz.png"))
    assert lab_page.blocked == []
    page.screenshot(path=str(lab.ROOT / "build" / "browser" / "welcome.png"), full_page=False)
