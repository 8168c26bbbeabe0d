"""Learner versions (tools/make_student.py): stubs instead of solutions, hidden tests removed,
outputs cleared; each learner version runs top to bottom with its checkers saying "not
attempted yet", and putting the solutions back makes every checker pass.

Every notebook in notebooks/ is tested, and a synthetic notebook with exercises, hidden tests
and a tiny local checker (so these tests do not depend on lessons_lib.checks).
"""

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from check_nbgrader import cell_kind, regions  # noqa: E402
from execute_notebooks import CurrentEnvKernelManager  # noqa: E402
from make_student import (STAMP, StudentVersionError, build, learner_version,  # noqa: E402
                          strip_source)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOT_ATTEMPTED = "not attempted yet"
# With lessons_lib.checks present, the synthetic notebook also uses a real checker.
HAVE_CHECKS = importlib.util.find_spec("lessons_lib.checks") is not None


# --- a synthetic course notebook -------------------------------------------------------------

CHECKER = '''import numpy as np


def check_close(name, fn, z, expected):  # a tiny local checker
    try:
        got = fn(np.asarray(z, dtype=float))
    except NotImplementedError:
        print(f"{name}: not attempted yet")
        return False
    ok = bool(np.allclose(got, expected))
    print(f"{name}: all tests passed" if ok else f"{name}: expected {expected}, got {got}")
    return ok'''

SIGMOID = '''def sigmoid(z):
    """The logistic function."""
    ### BEGIN SOLUTION
    return 1 / (1 + np.exp(-z))
    ### END SOLUTION'''

RELU = '''def relu(z):
    ### BEGIN SOLUTION
    return np.maximum(0.0, z)
    ### END SOLUTION


def relu_derivative(z):
    if z is None:
        return None
    else:
        ### BEGIN SOLUTION
        return (z > 0).astype(float)
        ### END SOLUTION'''

CHECK_SIGMOID = '''check_close("sigmoid", sigmoid, [0.0, 100.0], [0.5, 1.0])
### BEGIN HIDDEN TESTS
assert abs(sigmoid(np.array([-2.0]))[0] - 0.11920292) < 1e-8
### END HIDDEN TESTS'''

LIBRARY_SIGMOID = '''def stable_sigmoid(z):
    ### BEGIN SOLUTION
    return np.exp(-np.logaddexp(0.0, -z))
    ### END SOLUTION'''

LIBRARY_CHECK = "from lessons_lib import checks\n\nchecks.check_sigmoid(stable_sigmoid)"

CHECK_RELU = '''check_close("relu", relu, [-1.0, 2.0], [0.0, 2.0])
check_close("relu_derivative", relu_derivative, [-1.0, 2.0], [0.0, 1.0])'''


def nbgrader(kind, grade_id, points=1):
    meta = {"grade_id": grade_id, "schema_version": 3, "locked": kind == "check",
            "solution": kind == "solution", "grade": kind == "check"}
    if kind == "check":
        meta["points"] = points
    return {"nbgrader": meta}


def synthetic_notebook():
    cells = [
        nbformat.v4.new_markdown_cell("# 99 · A synthetic lesson"),
        nbformat.v4.new_code_cell(CHECKER),
        nbformat.v4.new_code_cell(SIGMOID, metadata=nbgrader("solution", "99-sigmoid")),
        nbformat.v4.new_code_cell(CHECK_SIGMOID, metadata=nbgrader("check", "99-sigmoid-check")),
        nbformat.v4.new_markdown_cell("Now ReLU and its derivative."),
        nbformat.v4.new_code_cell(RELU, metadata=nbgrader("solution", "99-relu")),
        nbformat.v4.new_code_cell(CHECK_RELU, metadata=nbgrader("check", "99-relu-check", 2)),
        nbformat.v4.new_code_cell("print('later cells use the library, never the answer')"),
    ]
    if HAVE_CHECKS:
        cells[-1:-1] = [
            nbformat.v4.new_code_cell(LIBRARY_SIGMOID, metadata=nbgrader("solution", "99-lib")),
            nbformat.v4.new_code_cell(LIBRARY_CHECK, metadata=nbgrader("check", "99-lib-check"))]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"a": 1}}}
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="stale output\n")]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def tree_digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(source folder, learner folder) for notebooks/ and for the synthetic course."""
    base = tmp_path_factory.mktemp("student")
    synthetic_src = base / "synthetic"
    write(synthetic_notebook(), synthetic_src / "99_synthetic.ipynb")
    pairs = {}
    for label, src in [("notebooks", ROOT / "notebooks"), ("synthetic", synthetic_src)]:
        before = tree_digest(src)
        build(src, base / f"{label}-learner")
        assert tree_digest(src) == before, f"make_student wrote into {src}"
        pairs[label] = (src, base / f"{label}-learner")
    return pairs


CASES = [("notebooks", p.name) for p in NOTEBOOKS] + [("synthetic", "99_synthetic.ipynb")]
IDS = [name for _, name in CASES]


def load(course, label, name):
    src, out = course[label]
    return nbformat.read(src / name, as_version=4), nbformat.read(out / name, as_version=4)


# --- strip_source: the transformation itself ----------------------------------------------------

def test_solution_becomes_a_stub_at_the_markers_indentation():
    got = strip_source(RELU, "x")
    assert got.split("\n") == [
        "def relu(z):", "    # YOUR CODE HERE", "    raise NotImplementedError()", "", "",
        "def relu_derivative(z):", "    if z is None:", "        return None", "    else:",
        "        # YOUR CODE HERE", "        raise NotImplementedError()"]


def test_hidden_tests_are_removed_and_text_cells_get_a_text_stub():
    assert strip_source(CHECK_SIGMOID, "x") == CHECK_SIGMOID.split("\n")[0]
    text = "Explain:\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION"
    assert strip_source(text, "x", "markdown") == "Explain:\nYOUR ANSWER HERE"
    assert strip_source("x = 1\n\ny = 2\n", "x") == "x = 1\n\ny = 2\n"


UNBALANCED = [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1", "line 2 is never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION", "line 3: ### END SOLUTION without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
     "line 2: ### BEGIN SOLUTION inside"),
    ("### BEGIN SOLUTION\nx\n### END HIDDEN TESTS", "line 3: ### END HIDDEN TESTS without"),
    ("### BEGIN HIDDEN TESTS\n### BEGIN SOLUTION\n", "inside the HIDDEN TESTS region"),
    ("x = 1  ### BEGIN SOLUTION\n### END SOLUTION",
     "line 1: 'x = 1  ### BEGIN SOLUTION' mentions"),
]


@pytest.mark.parametrize("source, words", UNBALANCED, ids=range(len(UNBALANCED)))
def test_unbalanced_markers_are_refused_naming_notebook_cell_and_line(tmp_path, source, words):
    nb = synthetic_notebook()
    nb.cells.insert(2, nbformat.v4.new_code_cell(source))
    src = write(nb, tmp_path / "src" / "42_bad.ipynb").parent
    with pytest.raises(StudentVersionError) as info:
        build(src, tmp_path / "out")
    assert f"42_bad.ipynb, cell 2 (id {nb.cells[2].id})" in str(info.value)
    assert words in str(info.value)
    assert not (tmp_path / "out").exists(), "nothing may be written when a notebook is refused"


def test_metadata_problems_are_refused_too(tmp_path):
    nb = synthetic_notebook()
    del nb.cells[3]  # the sigmoid exercise loses its check cell
    src = write(nb, tmp_path / "src" / "42_bad.ipynb").parent
    with pytest.raises(StudentVersionError, match="not followed by its check cell"):
        build(src, tmp_path / "out")


# --- build: folders, determinism --------------------------------------------------------------

def test_never_writes_into_src_or_a_folder_it_does_not_own(tmp_path):
    src = write(synthetic_notebook(), tmp_path / "src" / "99_s.ipynb").parent
    for out in (src, src / "build"):
        with pytest.raises(StudentVersionError, match="never written into"):
            build(src, out)
    foreign = tmp_path / "workspace"
    write(synthetic_notebook(), foreign / "99_s.ipynb")
    before = tree_digest(foreign)
    with pytest.raises(StudentVersionError, match="did not write"):
        build(src, foreign)
    assert tree_digest(foreign) == before
    assert sorted(p.name for p in src.iterdir()) == ["99_s.ipynb"]


def test_build_is_deterministic_idempotent_and_drops_stale_versions(tmp_path):
    src = write(synthetic_notebook(), tmp_path / "src" / "99_s.ipynb").parent
    out = tmp_path / "out"
    build(src, out)
    first, stamp = (out / "99_s.ipynb").read_bytes(), (out / "99_s.ipynb").stat().st_mtime_ns
    write(synthetic_notebook(), out / "98_gone.ipynb")
    assert build(src, out) == [out / "99_s.ipynb"]
    assert (out / "99_s.ipynb").read_bytes() == first
    assert (out / "99_s.ipynb").stat().st_mtime_ns == stamp, "unchanged files are not rewritten"
    assert sorted(p.name for p in out.iterdir()) == [STAMP, "99_s.ipynb"]


def test_learner_version_does_not_change_the_notebook_it_is_given():
    nb = synthetic_notebook()
    before = nbformat.writes(nb)
    learner_version(nb, "99.ipynb")
    assert nbformat.writes(nb) == before


# --- every notebook: what the learner gets ------------------------------------------------------

@pytest.mark.parametrize("label, name", CASES, ids=IDS)
def test_outputs_counts_timings_and_widget_state_are_cleared(course, label, name):
    _, learner = load(course, label, name)
    nbformat.validate(learner)
    assert "widgets" not in learner.metadata and "language_info" not in learner.metadata
    for cell in learner.cells:
        assert "execution" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("label, name", CASES, ids=IDS)
def test_no_solution_or_hidden_test_text_survives(course, label, name):
    original, learner = load(course, label, name)
    everything = json.dumps(learner)
    assert not re.search("BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS", everything)
    for index, (cell, mine) in enumerate(zip(original.cells, learner.cells, strict=True)):
        lines = cell.source.split("\n")
        for region in regions(cell.source, f"{name} cell {index}"):
            body = lines[region.begin + 1:region.end]
            outside = set(lines[:region.begin] + lines[region.end + 1:])
            for line in body:
                if line.strip() and line not in outside:
                    assert line not in mine.source.split("\n"), f"cell {index} keeps {line!r}"
            assert "\n".join(body) not in everything


def put_back(learner_source, original_source):
    """Replace each stub of ``learner_source``, in order, by the original's solution."""
    lines = original_source.split("\n")
    bodies = [lines[r.begin + 1:r.end] for r in regions(original_source, "original")
              if r.kind == "SOLUTION"]
    out, mine, i = [], learner_source.split("\n"), 0
    while i < len(mine):
        is_stub = (mine[i].strip() == "# YOUR CODE HERE" and i + 1 < len(mine)
                   and mine[i + 1].strip() == "raise NotImplementedError()")
        if is_stub and bodies:
            out += bodies.pop(0)
            i += 2
        else:
            out.append(mine[i])
            i += 1
    assert not bodies, "a solution region has no stub in the learner version"
    return "\n".join(out)


def without_markers(source):
    """The original source with marker lines and hidden-test regions removed."""
    lines, drop = source.split("\n"), set()
    for region in regions(source, "original"):
        drop.update([region.begin, region.end] if region.kind == "SOLUTION"
                    else range(region.begin, region.end + 1))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


@pytest.mark.parametrize("label, name", CASES, ids=IDS)
def test_putting_the_solutions_back_gives_the_original_code(course, label, name):
    original, learner = load(course, label, name)
    for cell, mine in zip(original.cells, learner.cells, strict=True):
        assert put_back(mine.source, cell.source) == without_markers(cell.source)


# --- every notebook: running the learner version, and the solutions put back --------------------

RECORDER = '''import sys as _course_sys
_course_results = []


def _course_start(index):
    """Record the bool returned by each call made directly from the calling cell."""
    cell = _course_sys._getframe(1).f_code.co_filename

    def on_return(frame, event, arg):
        if event == "return" and type(arg).__name__ in ("bool", "bool_"):
            _course_results.append([index, frame.f_code.co_name, bool(arg)])
        return on_return

    def on_call(frame, event, arg):
        caller = frame.f_back.f_code if frame.f_back else None  # code objects of one cell
        if caller and caller.co_filename == cell and caller.co_name == "<module>":
            frame.f_trace_lines = False
            return on_return
        return None

    _course_sys.settrace(on_call)


def _course_stop():
    _course_sys.settrace(None)'''


def run(nb, folder):
    """Execute ``nb`` in ``folder``, recording what each check cell's checker calls return.

    Returns {check cell index: (stdout text, [return values])}; fails on any error output.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    checks = [i for i, cell in enumerate(nb.cells) if cell_kind(cell) == "check"]
    for i in checks:
        nb.cells[i].source = f"_course_start({i})\n{nb.cells[i].source}\n_course_stop()"
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER))
    nb.cells.append(nbformat.v4.new_code_cell("print(__import__('json').dumps(_course_results))"))
    NotebookClient(nb, kernel_name="python3", kernel_manager_class=CurrentEnvKernelManager,
                   timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    for index, cell in enumerate(nb.cells[1:-1]):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {index}: {out.ename}: {out.evalue}"
            if out.output_type == "stream" and out.name == "stderr":
                tags = cell.metadata.get("tags", [])
                assert "stderr-expected" in tags, f"cell {index}: {out.text}"
    records = json.loads(nb.cells[-1].outputs[0].text)
    return {i: ("".join(o.get("text", "") for o in nb.cells[i + 1].outputs),
                [ok for index, _, ok in records if index == i]) for i in checks}


@pytest.mark.parametrize("label, name", CASES, ids=IDS)
def test_learner_version_runs_and_its_checkers_say_not_attempted(course, label, name):
    _, learner = load(course, label, name)
    for index, (text, results) in run(learner, course[label][1]).items():
        assert NOT_ATTEMPTED in text.lower(), f"check cell {index} printed {text!r}"
        assert True not in results, f"check cell {index} passed a stub"


@pytest.mark.parametrize("label, name", CASES, ids=IDS)
def test_solutions_put_back_make_every_checker_pass(course, label, name):
    original, learner = load(course, label, name)
    if not any(cell_kind(cell) == "check" for cell in original.cells):
        return  # no exercise: nothing to put back (the learner run above covers the notebook)
    for cell, mine in zip(original.cells, learner.cells, strict=True):
        mine.source = put_back(mine.source, cell.source)
    for index, (text, results) in run(learner, course[label][1]).items():
        assert results and all(results), f"check cell {index}: {results} {text!r}"
        assert "not attempted" not in text.lower(), f"check cell {index} printed {text!r}"


def test_the_synthetic_course_has_exercises_so_the_run_tests_bite(course):
    original, _ = load(course, "synthetic", "99_synthetic.ipynb")
    assert [cell_kind(c) for c in original.cells].count("check") == 2 + HAVE_CHECKS
