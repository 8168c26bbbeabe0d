"""nbgrader metadata of the exercise cells (tools/check_nbgrader.py): consistent in notebooks/,
and the checker catches each kind of inconsistency in synthetic notebooks."""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from check_nbgrader import cell_kind, main, nbgrader_problems  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

SOLUTION = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
CHECK = "checks.check_f(f)"


def meta(kind, grade_id, **extra):
    flags = {"solution": (True, False, False), "check": (False, True, True),
             "read-only": (False, False, True)}[kind]
    data = dict(zip(("solution", "grade", "locked"), flags), grade_id=grade_id, schema_version=3)
    if kind == "check":
        data["points"] = 1
    data.update(extra)
    return {"nbgrader": data}


def good_cells(prefix="01"):
    code = nbformat.v4.new_code_cell
    return [
        nbformat.v4.new_markdown_cell("# Lesson\nWrite `f`."),
        code("from lessons_lib import checks", metadata=meta("read-only", f"{prefix}-setup")),
        code(SOLUTION, metadata=meta("solution", f"{prefix}-f")),
        code(CHECK + "\n### BEGIN HIDDEN TESTS\nassert f(1) == 2\n### END HIDDEN TESTS",
             metadata=meta("check", f"{prefix}-f-check", points=2)),
        code("print('the library from here on')"),
    ]


def problems(*cell_lists):
    named = [(f"{i:02d}_nb.ipynb", nbformat.v4.new_notebook(cells=cells))
             for i, cells in enumerate(cell_lists)]
    return nbgrader_problems(named)


def test_a_good_notebook_has_no_problems():
    assert problems(good_cells()) == []
    assert [cell_kind(c) for c in good_cells()] == [None, "read-only", "solution", "check", None]


def edit(index, *, source=None, **changes):
    """A good notebook with cell ``index`` changed (metadata keys, or its source)."""
    cells = good_cells()
    if source is not None:
        cells[index].source = source
    for key, value in changes.items():
        if value is None:
            cells[index].metadata["nbgrader"].pop(key)
        else:
            cells[index].metadata["nbgrader"][key] = value
    return cells


def swapped():
    cells = good_cells()
    cells[2], cells[3] = cells[3], cells[2]
    return cells


def without(index):
    cells = good_cells()
    del cells[index]
    return cells


MD, CODE = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
HIDDEN = "\n### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"
BAD = {
    "check cell missing": (without(3), r"cell 2 \(id .*\): solution cell '01-f' is not followed"),
    "check before solution": (swapped(), "check cell '01-f-check' does not follow"),
    "wrong check id": (edit(3, grade_id="01-g-check"),
                       "has grade_id '01-g-check'; expected '01-f-check'"),
    "zero points": (edit(3, points=0), "needs points > 0, got 0"),
    "missing points": (edit(3, points=None), "needs points > 0, got None"),
    "boolean points": (edit(3, points=True), "needs points > 0, got True"),
    "text points": (edit(3, points="2"), "needs points > 0, got '2'"),
    "solution without markers": (edit(2, source="def f(x):\n    return 2 * x"),
                                 "without ### BEGIN SOLUTION"),
    "unbalanced markers": (edit(2, source="def f(x):\n    ### BEGIN SOLUTION\n    return 2"),
                           "never closed"),
    "top-level solution": (edit(2, source="### BEGIN SOLUTION\nf = 2\n### END SOLUTION"),
                           "left margin"),
    "markers outside a solution cell": (edit(1, source=SOLUTION),
                                        "has ### BEGIN SOLUTION but is not a solution"),
    "markers in plain text": ([MD("Write between ### BEGIN SOLUTION and the end.")],
                              "mentions BEGIN SOLUTION but is not the marker line"),
    "hidden tests in a solution cell": (edit(2, source=SOLUTION + HIDDEN),
                                        "hidden tests belong in a check cell"),
    "checker call without metadata": (good_cells()[:4] + [CODE("checks.check_g(g)")],
                                      "cell 4 .*calls a checker but is not a check cell"),
    "unlocked check cell": (edit(3, locked=False), "none of the course's cell types"),
    "locked solution cell": (edit(2, locked=True), "none of the course's cell types"),
    "old schema": (edit(2, schema_version=1), "schema_version must be 3, got 1"),
    "bad grade id": (edit(1, grade_id="set up"), "grade_id must be letters, digits"),
    "duplicate grade id": (edit(1, grade_id="01-f"),
                           "grade_id '01-f' is already used in 00_nb.ipynb, cell 1"),
    "markdown solution cell": ([MD(SOLUTION, metadata=meta("solution", "x")),
                                CODE(CHECK, metadata=meta("check", "x-check"))],
                               "a solution cell must be a code cell"),
}


@pytest.mark.parametrize("name", BAD)
def test_the_checker_names_each_inconsistency(name):
    cells, words = BAD[name]
    found = problems(cells)
    assert found, f"{name}: not caught"
    assert any(re.search(words, p) for p in found), found


def test_grade_ids_must_be_unique_across_notebooks():
    found = problems(good_cells("01"), good_cells("01"))
    assert len(found) == 3 and all("already used in 00_nb.ipynb" in p for p in found)
    assert problems(good_cells("01"), good_cells("02")) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_course_notebook_metadata_is_consistent(path):
    assert nbgrader_problems([(path.name, nbformat.read(path, as_version=4))]) == []


def test_grade_ids_are_unique_across_the_course():
    notebooks = [(p.name, nbformat.read(p, as_version=4)) for p in NOTEBOOKS]
    assert [p for p in nbgrader_problems(notebooks) if "already used" in p] == []


def test_command_line_exits_nonzero_on_problems(tmp_path, capsys):
    bad = tmp_path / "01_bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=without(3)), bad)
    assert main([str(bad)]) == 1
    assert "not followed by its check cell" in capsys.readouterr().err
    assert main([str(p) for p in NOTEBOOKS]) == 0, capsys.readouterr().err
