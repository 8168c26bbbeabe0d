"""The learner versions of the course notebooks in JupyterLab, in Chromium.

``tools/make_student.py`` (what ``make student`` runs) writes every notebook's learner
version, solutions replaced by ``raise NotImplementedError()`` and outputs cleared, into a
temporary folder that a JupyterLab of its own serves. For each one: open it (kernel
Idle), Run All, wait for idle, and assert that Run All reached every cell, that every
check cell (nbgrader ``grade: true``) says "not attempted yet" and nothing else, that no
other cell shows an error or stderr output, that every widget the course version
displays rendered, that no dialog is open, that the browser's console shows no
error and that no request left 127.0.0.1.
"""

from __future__ import annotations

import pytest

import lab_harness as lab

pytestmark = pytest.mark.browser

NOTEBOOKS = lab.course_notebooks()
NOT_ATTEMPTED = "not attempted yet"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_learner_version_runs_through(student_page, path):
    page = student_page.page
    # The learner version has no outputs: what to expect comes from the course's version.
    run = lab.run_notebook(student_page, path.name, student_page.lab.course / path.name)
    lab.record_timing("learner", path.name, {"open_s": run.open_s, "run_all_s": run.run_all_s})
    checks = run.check_outputs()
    problems = []
    said = {cell: text.count(NOT_ATTEMPTED) for cell, text in checks.items()}
    if [cell for cell, n in said.items() if n == 0]:
        problems.append(f"{sum(n > 0 for n in said.values())} of {len(checks)} check cells say "
                        f"{NOT_ATTEMPTED!r}; the others: "
                        f"{ {c: checks[c][:300] for c, n in said.items() if n == 0} }")
    for cell, text in checks.items():
        if "✗" in text or "✓" in text:
            problems.append(f"check cell {cell} judged a stub: {text[:300]!r}")
    if run.unreached():
        problems.append(f"Run All stopped: code cells {run.unreached()} never ran")
    errors = run.unexpected_errors()
    if errors:
        problems.append(f"error or stderr output, by code cell: {errors}")
    expected, shown = run.widget_views()
    if shown != expected:
        problems.append(f"widget views by code cell, (outputs, rendered): course version "
                        f"{expected}, learner version in the browser {shown}")
    dialogs = lab.open_dialogs(page)
    if dialogs:
        problems.append(f"dialogs open: {dialogs}")
    logged = lab.log_console_messages(page)
    if logged:  # e.g. a widget callback that raised: no output area shows it
        problems.append(f"log console (warnings and errors): {logged}")
    if student_page.console_errors:
        problems.append(f"browser console errors: {student_page.console_errors[:5]}")
    if student_page.blocked:
        problems.append(f"requests outside 127.0.0.1: {student_page.blocked}")
    assert problems == [], f"learner {path.name}:\n  - " + "\n  - ".join(problems)
