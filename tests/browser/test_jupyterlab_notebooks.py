"""Every course notebook in JupyterLab, in Chromium, as a learner meets it.

For each ``notebooks/NN_*.ipynb`` (globbed at collection, so a new notebook is covered
the day it lands): open it in a fresh workspace and page, wait until the status bar says
the kernel is Idle, Run All, wait for idle, then assert

- no error or stderr output anywhere (cells tagged ``raises-exception`` or
  ``stderr-expected`` excepted) and no dialog open;
- every widget the stored notebook displays rendered, cell by cell (its widget-view
  outputs against the rendered widget views in the page);
- every checker passed (✓) in the course version;
- every explorer (an output with an image and a slider) fits its cell, answers a key
  press on its first slider with a new frame, and Play, where there is one, advances the
  step;
- every quiz question answers Check with feedback;
- no error in the browser's console, no request left 127.0.0.1.

Timings (open → idle, Run All → idle, slider → frame median) go to
``build/browser/timing.json``; the first explorer of each notebook is saved as
``build/browser/NN_first_explorer.png`` and every explorer under
``build/browser/explorers/<Class>__NN_cCC.png`` (notebook NN, code cell CC, after Run
All) and, for one with a step slider, ``<Class>__NN_cCC__end.png`` at its last step
(``tools/readme_images.py`` picks from them).
"""

from __future__ import annotations

import statistics

import pytest

import lab_harness as lab

pytestmark = pytest.mark.browser

NOTEBOOKS = lab.course_notebooks()
PRESSES = 6  # per explorer: key press -> frame, right and left in turn (back where it was)
PASSED, FAILED, NOT_ATTEMPTED = "✓", "✗", "not attempted yet"


def welcome_checks(lab_page) -> None:
    """00_welcome: the slider demo answers a key press with the new x², the widget
    self-check renders as a widget (not its text repr), the quiz explains the column
    convention when the learner picks (5, 200)."""
    page = lab_page.page
    demo = page.locator(".jp-OutputArea-output .widget-hbox").filter(
        has=page.locator(".widget-label", has_text="x² =")).first
    label = demo.locator(".widget-label", has_text="x² =")
    assert label.inner_text().strip() == "x² = 9"
    demo.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.textContent.includes('x² = 16')", arg=label.element_handle())
    assert page.locator(".widget-valid", has_text="widgets work").count() == 1
    outputs = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "Valid(value=True" not in outputs
    question = page.locator(".widget-vbox").filter(
        has=page.locator(".widget-radio-box")).filter(has_text="X.shape").last
    question.locator(".widget-radio-box label", has_text="(5, 200)").click()
    question.get_by_role("button", name="Check").click()
    question.locator(".widget-html-content", has_text="column convention").first.wait_for()
    lab.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    question.screenshot(path=str(lab.ARTIFACTS / "welcome_quiz.png"))
    page.screenshot(path=str(lab.ARTIFACTS / "welcome.png"), full_page=False)


EXTRA_CHECKS = {"00_welcome": welcome_checks}


def exercise_explorers(lab_page, run, number) -> tuple[dict, list[str]]:
    """Screenshot, key press -> frame and Play -> step for every explorer of the page.
    Returns ``({"Class@cell": [ms, ...]}, problems)``."""
    page, latencies, problems = lab_page.page, {}, []
    outputs = lab.explorer_outputs(page)
    seen_in_cell: dict[int, int] = {}
    (lab.ARTIFACTS / "explorers").mkdir(parents=True, exist_ok=True)
    for k in range(outputs.count()):
        output = outputs.nth(k)
        cell = lab.cell_index_of(output)
        nth_in_cell = seen_in_cell[cell] = seen_in_cell.get(cell, -1) + 1
        classes = run.cells[cell].explorer_classes
        name = classes[nth_in_cell] if nth_in_cell < len(classes) else f"explorer{k}"
        where = f"{name} (code cell {cell})"
        widget = output.locator(".jupyter-widgets").first
        output.scroll_into_view_if_needed()
        lab.wait_image_loaded(output)
        stem = f"{name}__{number}_c{cell:02d}"  # sorted: the first one of a class comes first
        shot = widget.screenshot(path=str(lab.ARTIFACTS / "explorers" / f"{stem}.png"))
        if k == 0:
            (lab.ARTIFACTS / f"{number}_first_explorer.png").write_bytes(shot)
        overflow = lab.overflowing(output)
        if overflow:
            problems.append(f"{where}: wider than its cell (a scroll bar): {overflow}")
        handle, keys = lab.first_slider_handle(output)
        try:
            latencies[f"{name}@{cell}"] = lab.measure_key_to_frame(
                page, output, handle, presses=PRESSES, keys=keys, settle_ms=100)
        except Exception as error:  # noqa: BLE001 - collected, asserted below
            problems.append(f"{where}: a key press on its first slider gave no new frame "
                            f"({type(error).__name__})")
        if output.locator(".widget-play").count():
            try:
                before, after = lab.play_advances(page, output)
            except Exception as error:  # noqa: BLE001
                problems.append(f"{where}: Play did not advance the step ({type(error).__name__})")
            else:
                if after is None or after < before + 2:
                    problems.append(f"{where}: Play went from step {before} to {after}")
            # The last step (every value computed) is the picture the README shows.
            if lab.step_to_end(page, output):
                widget.screenshot(path=str(lab.ARTIFACTS / "explorers" / f"{stem}__end.png"))
    return latencies, problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab_page, path):
    page, number = lab_page.page, path.name[:2]
    # Expectations from the server's copy: notebooks/ may change while the suite runs.
    run = lab.run_notebook(lab_page, path.name, lab_page.lab.root / path.name)
    problems = []
    if run.unreached():
        problems.append(f"Run All stopped: code cells {run.unreached()} never ran")
    errors = run.unexpected_errors()
    if errors:
        problems.append(f"error or stderr output, by code cell: {errors}")
    dialogs = lab.open_dialogs(page)
    if dialogs:
        problems.append(f"dialogs open: {dialogs}")
    expected, shown = run.widget_views()
    if shown != expected:
        problems.append(f"widget views by code cell, (outputs, rendered): stored {expected}, "
                        f"browser {shown}")
    for cell, text in run.check_outputs().items():
        if PASSED not in text or FAILED in text or NOT_ATTEMPTED in text:
            problems.append(f"check cell {cell} did not pass: {text[:300]!r}")

    latencies, explorer_problems = exercise_explorers(lab_page, run, number)
    problems += explorer_problems
    if path.stem in EXTRA_CHECKS:
        EXTRA_CHECKS[path.stem](lab_page)
    silent = lab.answer_quiz_questions(page)
    if silent:
        problems.append(f"quiz questions without feedback after Check: {silent}")

    samples = [ms for values in latencies.values() for ms in values]
    lab.record_timing("notebooks", path.name, {
        "open_s": run.open_s, "run_all_s": run.run_all_s,
        "frame_median_ms": round(statistics.median(samples), 1) if samples else None,
        "explorers": {k: round(statistics.median(v), 1) for k, v in latencies.items()},
        "presses_per_explorer": PRESSES, "chromium": page.context.browser.version})
    logged = lab.log_console_messages(page)
    if logged:  # e.g. a widget callback that raised: no output area shows it
        problems.append(f"log console (warnings and errors): {logged}")
    if lab_page.console_errors:  # uncaught exceptions and errors logged by the page
        problems.append(f"browser console errors: {lab_page.console_errors[:5]}")
    if lab_page.blocked:
        problems.append(f"requests outside 127.0.0.1: {lab_page.blocked}")
    assert problems == [], f"{path.name}:\n  - " + "\n  - ".join(problems)
