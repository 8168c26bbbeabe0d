"""Every course notebook has the shape STYLE.md asks for, and slides that make a talk.

nbval checks that outputs are reproducible; these tests check what a learner and an
instructor rely on: a title, learning goals and prerequisites, a quiz of at least three
questions, a summary and a "next"; slideshow metadata that gives a title slide and one slide
per section and keeps solutions off the slides; no hidden state or machine-specific paths;
and a README whose table of contents lists every notebook.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FORBIDDEN_CODE = {
    r"^\s*[!%]\s*(pip|conda)\b": "installs packages from a notebook (use the pinned environment)",
    r"\bimport \*": "uses `import *` (import names explicitly)",
    r"np\.random\.seed|np\.random\.(rand|randn|normal|uniform|choice)\(": (
        "uses NumPy's global random state (use a seeded np.random.default_rng)"),
    r"['\"](/home/|/work/|/tmp/|/Users/|[A-Z]:\\\\)": "uses an absolute path",
}


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def problems_in(path):
    """Return readable structure problems of one notebook (empty when it is fine)."""
    found, nb_cells = [], cells(path)
    number = path.name[:2]
    first = nb_cells[0]
    if not (first["cell_type"] == "markdown" and text(first).startswith(f"# {number} ")):
        found.append(f"the first cell must be the title, '# {number} · …'")
    if slide_type(first) != "slide":
        found.append("the title cell must start a slide (slide_type 'slide')")
    markdown = "\n".join(text(c) for c in nb_cells if c["cell_type"] == "markdown")
    for heading in ("Learning goals", "Summary"):
        if not re.search(rf"^## {heading}", markdown, re.M):
            found.append(f"no '## {heading}' section")
    if "Prerequisites" not in markdown:
        found.append("no prerequisites stated")
    if not re.search(r"^## (Next|What next|What comes next)", markdown, re.M | re.I):
        found.append("no '## Next' section")
    for index, cell in enumerate(nb_cells):
        found += cell_problems(index, cell)
    for index, (cell, after) in enumerate(zip(nb_cells, nb_cells[1:])):
        if index == 0:  # a title slide may hold only the title
            continue
        heading_only = cell["cell_type"] == "markdown" and len(
            [line for line in text(cell).splitlines() if line.strip()]) <= 2
        if heading_only and slide_type(cell) in ("slide", "subslide") and slide_type(after) in (
                "slide", "subslide"):
            found.append(f"cell {index}: a slide holding only its heading (and a line) (the next cell starts "
                         "another slide; give it slide_type '-')")
    quizzes = [c for c in nb_cells if c["cell_type"] == "code" and "quiz.Quiz(" in text(c)]
    if not quizzes or max(text(c).count("quiz.Question(") for c in quizzes) < 3:
        found.append("no quiz with at least three questions")
    return found


def cell_problems(index, cell):
    found, where, source = [], f"cell {index}", text(cell)
    kind = slide_type(cell)
    tags = set(cell.get("metadata", {}).get("tags", []))
    if kind is None:
        found.append(f"{where}: no slideshow metadata (give it a slide_type, '-' to continue a slide)")
    elif kind not in SLIDE_TYPES:
        found.append(f"{where}: unknown slide_type {kind!r}")
    if cell["cell_type"] == "markdown" and source.startswith("## ") and kind not in ("slide", "subslide"):
        found.append(f"{where}: a section heading should start a slide or sub-slide, got {kind!r}")
    grading = nbgrader(cell)
    if (grading.get("solution") or grading.get("grade")) and cell["cell_type"] == "code" and kind != "skip":
        found.append(f"{where}: exercise and check cells hold solutions; mark them 'skip' on slides")
    if cell["cell_type"] != "code":
        return found
    for pattern, why in FORBIDDEN_CODE.items():
        if re.search(pattern, source, re.M):
            found.append(f"{where}: {why}")
    shows_widget = any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))
    if (shows_widget or "quiz.Quiz(" in source) and "nbval-ignore-output" not in tags:
        found.append(f"{where}: displays a widget but lacks the 'nbval-ignore-output' tag")
    if "quiz.Quiz(" in source and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
        found.append(f"{where}: the quiz's source holds its answers; collapse it (source_hidden)")
    return found


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_the_course_structure_and_slides(path):
    assert problems_in(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_readme_table_of_contents_links_the_notebook(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(notebooks/{path.name})" in readme, f"README's table of contents lacks {path.name}"


def write(tmp_path, nb_cells):
    path = tmp_path / "01_demo.ipynb"
    path.write_text(json.dumps({"cells": nb_cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def md(source, kind=None):
    meta = {"slideshow": {"slide_type": kind}} if kind else {}
    return {"cell_type": "markdown", "metadata": meta, "source": source}


def code(source, kind=None, **meta):
    if kind:
        meta["slideshow"] = {"slide_type": kind}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
            "execution_count": 1}


QUIZ = code("quiz.Quiz([" + "quiz.Question(), " * 3 + "])", "slide",
            tags=["nbval-ignore-output"], jupyter={"source_hidden": True})
GOOD = [md("# 01 · Demo", "slide"), md("## Learning goals\n\n- one\n- two\n\n**Prerequisites:** none", "subslide"),
        md("## Idea", "slide"), code("x = 1", "-"), QUIZ, md("## Summary\n\n- one idea\n- another", "slide"),
        md("## Next", "slide")]


def test_a_good_notebook_passes(tmp_path):
    assert problems_in(write(tmp_path, GOOD)) == []


@pytest.mark.parametrize("change, words", [
    (lambda c: c.__setitem__(0, md("# Demo", "slide")), "title"),
    (lambda c: c.__setitem__(0, md("# 01 · Demo")), "start a slide"),
    (lambda c: c.__setitem__(2, md("## Idea")), "section heading"),
    (lambda c: c.pop(4), "quiz"),
    (lambda c: c.insert(3, code("y = 2")), "no slideshow metadata"),
    (lambda c: c.insert(4, md("## Check your understanding", "slide")), "only its heading"),
    (lambda c: c.insert(4, md("## Quiz\n\nPress *Check*.", "slide")), "only its heading"),
    (lambda c: c.pop(5), "Summary"),
    (lambda c: c.pop(6), "Next"),
    (lambda c: c.__setitem__(1, md("## Learning goals", "subslide")), "prerequisites"),
    (lambda c: c.insert(3, code("!pip install numpy")), "installs packages"),
    (lambda c: c.insert(3, code("np.random.seed(0)")), "global random"),
    (lambda c: c.insert(3, code("open('/home/me/data.csv')")), "absolute path"),
    (lambda c: c.insert(3, code("def f():\n    ### BEGIN SOLUTION\n    pass",
                                nbgrader={"solution": True})), "'skip' on slides"),
])
def test_each_structure_problem_is_named(tmp_path, change, words):
    nb_cells = json.loads(json.dumps(GOOD))
    change(nb_cells)
    found = problems_in(write(tmp_path, nb_cells))
    assert any(words in problem for problem in found), found


def test_a_widget_without_the_ignore_tag_is_named(tmp_path):
    widget = code("explorer")
    widget["outputs"] = [{"output_type": "display_data", "data": {WIDGET_VIEW: {}}, "metadata": {}}]
    found = problems_in(write(tmp_path, GOOD[:4] + [widget] + GOOD[4:]))
    assert any("nbval-ignore-output" in problem for problem in found), found
