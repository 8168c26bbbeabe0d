"""bench/bench_course.py's schedule, with a fake notebook runner (no kernel is started): the
first start is discarded, floor runs alternate with Run Alls, the floor is the median of the
later starts (an occasional ~4 s start does not move it) and a notebook's work is its Run All
minus that floor."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
# the first start 4 s; then ~0.6 s, with one 4 s start (a kernel ended by SIGTERM)
FLOORS = [4.0, 0.6, 0.7, 0.65, 4.02, 0.7, 0.65, 0.6, 0.7, 0.65, 0.6, 0.7, 0.65, 0.6, 0.7, 0.6]


@pytest.fixture(scope="module")
def course():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_course", BENCH / "bench_course.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


class FakeKernels:
    """Runs "notebooks" instantly; a clock that advances by the seconds each run reports."""

    def __init__(self, seconds):
        self.seconds, self.fail, self.now, self.log = seconds, set(), 0.0, []

    def clock(self):
        return self.now

    def run(self, nb, folder):
        name = nb[1]
        if name in self.fail:
            raise RuntimeError("a cell failed\nNameError: x")
        seconds = self.seconds[name](sum(entry == name for entry in self.log))
        self.log.append(name)
        self.now += seconds
        return seconds


@pytest.fixture
def fake(course, monkeypatch):
    monkeypatch.setattr(course, "_load_notebook", lambda path: ("notebook", path.name))
    monkeypatch.setattr(course, "empty_notebook", lambda: ("notebook", "floor"))
    # A's Run All is about 1 s more than the floor, B's 2 s
    return FakeKernels({"floor": FLOORS.__getitem__, "A.ipynb": lambda i: 1.6 + 0.01 * i,
                        "B.ipynb": lambda i: 2.7 + 0.01 * i})


def test_first_start_discarded_and_floor_runs_alternate_with_notebooks(course, fake):
    out = course.time_notebooks([Path("A.ipynb"), Path("B.ipynb")], quick=False, run=fake.run,
                                clock=fake.clock)
    rounds = course.MAX_ROUNDS
    assert rounds >= 5
    assert fake.log == ["floor"] + ["floor", "A.ipynb", "floor", "B.ipynb"] * rounds
    assert out["first start"] == 4.0 and out["floor"] == FLOORS[1:1 + 2 * rounds]
    assert out["times"]["A.ipynb"] == pytest.approx([1.6 + 0.01 * i for i in range(rounds)])
    assert out["errors"] == {}


def test_floor_is_the_median_of_later_starts_and_work_is_run_all_minus_it(course, fake):
    out = course.time_notebooks([Path("A.ipynb")], quick=False, run=fake.run, clock=fake.clock)
    summary = course.summarize_course(out)
    later = FLOORS[1:1 + course.MAX_ROUNDS]
    floor = summary["kernel floor"]
    assert floor["median"] == sorted(later)[len(later) // 2] == 0.65  # not 4 s
    assert summary["first start"] == 4.0 and summary["floor outliers"] == 1
    work = summary["work"]["A.ipynb"]
    times = summary["notebooks"]["A.ipynb"]
    assert work["median"] == pytest.approx(times["median"] - 0.65)  # about 1 s, not 0
    assert (work["lo"], work["hi"]) == pytest.approx((times["lo"] - 0.65, times["hi"] - 0.65))


def test_render_reports_the_floor_the_work_and_the_outliers(course, fake):
    out = course.time_notebooks([Path("A.ipynb")], quick=False, run=fake.run, clock=fake.clock)
    H = course.H
    imports = {k: H.summarize([0.02])._asdict() for k in ("lessons_lib", "widgets")}
    results = {"1": {**course.summarize_course(out), "threads": 1,
                     "imports": {**imports, "heavy_modules": []}}}
    lines = course.render(results).splitlines()
    floor_row = next(line for line in lines if "kernel floor" in line)
    assert "| 650 ms (600 ms–4.02 s) | 7 |" in floor_row
    work_row = next(line for line in lines if line.startswith("| A.ipynb"))
    assert work_row.split("|")[4].strip() == "980 ms (950 ms to 1.01 s)"  # 1.63 s − 650 ms
    text = "\n".join(lines)
    assert "the first, a warm-up, discarded: 4 s" in text
    assert "1 of them 2.5 s or more above the median" in text and "SIGTERM" in text
    assert course._fmt_signed({"median": -0.002, "lo": -0.01, "hi": 0.003}) == \
        "−2 ms (−10 ms to 3 ms)"  # noise can make a tiny notebook's work negative


def test_budget_stops_the_rounds_and_a_failing_notebook_is_dropped(course, fake, monkeypatch):
    monkeypatch.setattr(course, "BUDGET_SECONDS", 12.0)
    fake.fail.add("B.ipynb")
    out = course.time_notebooks([Path("A.ipynb"), Path("B.ipynb")], quick=False, run=fake.run,
                                clock=fake.clock)
    assert "NameError: x" in out["errors"]["B.ipynb"] and out["times"]["B.ipynb"] == []
    # round 1: floor, A, floor (B fails); later rounds skip B and its floor run
    assert fake.log[:4] == ["floor", "floor", "A.ipynb", "floor"]
    assert fake.log[4:] == ["floor", "A.ipynb"] * (len(fake.log[4:]) // 2)
    assert 1 < len(out["times"]["A.ipynb"]) < course.MAX_ROUNDS  # stopped by the budget


def test_quick_runs_the_floor_only(course, fake):
    out = course.time_notebooks([], quick=True, run=fake.run, clock=fake.clock)
    assert fake.log == ["floor"] * (1 + course.QUICK_ROUNDS)
    assert out["first start"] == 4.0 and len(out["floor"]) == course.QUICK_ROUNDS
