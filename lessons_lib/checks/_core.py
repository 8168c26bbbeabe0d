"""The engine behind every checker: run a learner's function safely, find what is wrong, explain it.

An :class:`Exercise` is data: a reference solution, a few :class:`Case` inputs (closed forms,
shapes, edge values) and a catalogue of :class:`Mistake` (a buggy version of the exercise and the
hint aimed at it). :func:`run_checks` calls the learner's function on a fresh copy of each case's
inputs, inside ``warnings.catch_warnings`` and a fixed ``np.errstate``, and looks in this order for

1. an exception (``NotImplementedError`` means *not attempted yet*: no failure, return False);
2. an input changed in place;
3. a NumPy ``RuntimeWarning`` (overflow, log(0), 0/0);
4. the wrong form (not a tuple of the right length, not numbers, None);
5. the wrong shape, then the wrong dtype, then the wrong values.

For the first problem found it runs every catalogued mistake on the same input and gives the hint
of the one whose outcome matches (same exception, same warning, same mutated argument, the same
wrong shape or values), else a generic hint. Nothing is ever raised to the notebook.
"""

from __future__ import annotations

import copy
import re
import warnings
from typing import Any, Callable, NamedTuple

import numpy as np

from .._validation import describe
from ._compare import Problem, _as_numbers, _close, _same_feature, diagnose
from ._format import generic_hint, show_inputs, wrap_hint

__all__ = ["Mistake", "Case", "Exercise", "Problem", "run_checks", "NOT_ATTEMPTED"]

NOT_ATTEMPTED = ("○ {name}: not attempted yet. Replace `raise NotImplementedError()` with your "
                 "code, run that cell, then run this one again.")


class Mistake(NamedTuple):
    """A common mistake: ``fn`` is a buggy version of the exercise (same signature); ``detect``,
    for mistakes no output reveals, is ``detect(learner_fn) -> str or None``."""

    name: str
    hint: str
    fn: Callable | None = None
    detect: Callable | None = None


class Case(NamedTuple):
    """One input of a check. ``expected`` overrides the reference (closed forms); ``key(output,
    args) -> dict`` compares named features instead of values (random outputs); ``call(fn, args)``
    replaces ``fn(*args)`` when one call is not enough; ``rtol`` overrides the exercise's."""

    args: tuple
    note: str = ""
    expected: Any = None
    key: Callable | None = None
    call: Callable | None = None
    rtol: float | None = None


class Exercise(NamedTuple):
    """What a checker knows: the exercise's name and parameters, its reference solution, a
    function building its cases, its catalogue of mistakes and how results are compared."""

    name: str
    params: tuple
    reference: Callable
    cases: Callable
    mistakes: tuple
    outputs: tuple = ()
    kinds: str = "f"
    hint: str = "Compare your code with the formula in the text, term by term, on the input shown."
    rtol: float = 1e-6
    atol: float = 1e-9


class Outcome(NamedTuple):
    value: Any
    error: Exception | None
    warning: str | None
    mutated: str | None


# --- running a function -------------------------------------------------------------

def _same(a, b):
    """Whether an argument is unchanged (arrays elementwise, containers recursively)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return True  # numbers and strings are immutable; functions are not compared


def _run(fn, case, params):
    """Call ``fn`` on fresh copies of the case's inputs and record what happened."""
    args, before = copy.deepcopy(case.args), copy.deepcopy(case.args)
    value = error = None
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            value = case.call(fn, args) if case.call else fn(*args)
        except Exception as exc:  # noqa: BLE001 - whatever the learner's code raises is feedback
            error = exc
    numeric = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    warning = str(numeric[0].message) if numeric else None
    mutated = next((p for p, a, b in zip(params, args, before) if not _same(a, b)), None)
    return Outcome(value, error, warning, mutated)


# --- choosing the hint --------------------------------------------------------------

def _close_any(a, b, ex):
    """Whether two results agree, for tie-breaking (tuples and lists compared item by item)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_close_any(x, y, ex) for x, y in zip(a, b))
    x, y = _as_numbers(a), _as_numbers(b)
    return x is not None and y is not None and _close(x, y, ex.rtol, ex.atol)


def _strength(p, q, ex):
    """How well a mistake's problem ``q`` explains the learner's problem ``p`` (0 to 3)."""
    if q is None or p.kind != q.kind or p.output != q.output:
        return 0
    if p.kind == "raised":  # the same exception and message (3), or with other sizes (1)
        if p.detail[0] is not q.detail[0]:
            return 0
        mine, theirs = _canonical(p.detail[1]), _canonical(q.detail[1])
        return 3 if mine == theirs else int(_blank(mine) == _blank(theirs))
    if p.kind == "shape":
        same_shape = p.detail[0].shape == q.detail[0].shape
        return same_shape * (1 + _close(p.detail[0], q.detail[0], ex.rtol, ex.atol))
    if p.kind == "value" and isinstance(p.detail, dict):
        keys = set(p.detail) | set(q.detail)
        return 2 * all(_same_feature(p.detail.get(k), q.detail.get(k), 0.05, ex.atol) for k in keys)
    if p.kind == "value":
        return 2 * _close(p.detail, q.detail, ex.rtol, ex.atol)
    if p.kind in ("none", "form"):
        return 1
    if p.kind == "warned" and p.detail != q.detail:  # same kind, other spelling of the operation
        return int(_warning_family(p.detail) == _warning_family(q.detail))
    # mutated, warned, dtype: the same argument, warning or dtype; ties go to the same values
    return (p.detail == q.detail) * (2 + _close_any(p.value, q.value, ex))


def _blank(message):
    return re.sub(r"\d+", "#", message)


def _canonical(message):
    """One wording for a matrix product whose inner sizes differ, whether from @ or np.dot."""
    found = re.search(r"size (\d+) is different from (\d+)", message)  # @ and np.matmul
    if found:
        return f"matrix product: inner sizes {found[2]} and {found[1]}"
    found = re.search(r"(\d+) \(dim \d+\) != (\d+) \(dim \d+\)", message)  # np.dot
    if found:
        return f"matrix product: inner sizes {found[1]} and {found[2]}"
    return message


# Operations that spell the same arithmetic differently: 1/x and x**-1, np.exp(z) and np.e**z.
_ARITHMETIC = frozenset("add subtract multiply divide true_divide floor_divide reciprocal power "
                        "float_power square exp exp2 expm1 matmul dot".split())
_HYPERBOLIC = frozenset(("cosh", "sinh"))


def _warning_family(message):
    """The kind of a NumPy warning and its operation's family: ``("overflow", "arithmetic")`` for
    ``"overflow encountered in exp"``, ``("overflow", "cosh/sinh")`` for ``"... in cosh"``.

    Two warnings of one family are the same mistake spelled two ways; an overflow in ``np.cosh``
    is not the overflow of a hand-written ``(e^z − e^−z)/…``, so it gets no hint about one."""
    kind, _, operation = message.partition(" encountered in ")
    operation = operation.removeprefix("scalar ").strip()
    if operation in _ARITHMETIC:
        return kind, "arithmetic"
    return kind, "cosh/sinh" if operation in _HYPERBOLIC else operation


def _hint(ex, case, problem, fn, want):
    """The hint for ``problem``: a catalogued mistake that reproduces it (strength 2 or more:
    the same values, the same exception) explains the numbers shown, even if ``fn`` also reads a
    global; else a detector that finds something (a global read) beats a weak match (strength 1:
    only the same shape, or the same family of warning); else the weak match or a generic hint."""
    best, strength = None, 0
    for mistake in ex.mistakes:
        if mistake.fn is not None:
            s = _strength(problem, diagnose(ex, case, _run(mistake.fn, case, ex.params), want), ex)
            best, strength = (mistake, s) if s > strength else (best, strength)
    if strength >= 2:
        return best.hint
    if problem.kind in ("raised", "form", "shape", "value"):  # a detector beats a weak match
        for mistake in ex.mistakes:
            found = mistake.detect(fn) if mistake.detect is not None else None
            if found:
                return mistake.hint.format(names=found, params=", ".join(ex.params))
    return best.hint if best is not None else generic_hint(ex, problem)


def _expected(ex, case):
    if case.expected is not None:
        return case.expected
    return _run(ex.reference, case, ex.params).value


def _report(ex, i, n, case, problem, hint):
    note = f" ({case.note})" if case.note else ""
    lines = [f"✗ {ex.name}: check {i} of {n} failed{note}",
             f"  input: {show_inputs(ex.params, case.args)}"]
    lines += [f"  {line}" for line in problem.lines]
    lines.append(wrap_hint(hint))
    return "\n".join(lines)


def run_checks(ex, fn):
    """Check the learner's ``fn`` against exercise ``ex``; print one report; return True/False."""
    if not callable(fn):
        print(f"✗ {ex.name}: pass your function itself, as in check_{ex.name}({ex.name}); "
              f"got {describe(fn)}.")
        return False
    cases = ex.cases()
    for i, case in enumerate(cases, 1):
        outcome = _run(fn, case, ex.params)
        if isinstance(outcome.error, NotImplementedError):
            print(NOT_ATTEMPTED.format(name=ex.name))
            return False
        try:
            want = _expected(ex, case)
            problem = diagnose(ex, case, outcome, want)
            report = problem and _report(ex, i, len(cases), case, problem,
                                         _hint(ex, case, problem, fn, want))
        except Exception:  # noqa: BLE001 - a safety net: never a traceback from the checker
            report = (f"✗ {ex.name}: check {i} of {len(cases)}: the checker could not read what "
                      f"your function returned ({describe(outcome.value)}).")
        if report:
            print(report)
            return False
    print(f"✓ {ex.name}: all {len(cases)} checks passed.")
    return True
