"""A toolkit of the learner's own functions, each replaced by the library's where it is not ready.

The capstone (``09_capstone``) builds a network from functions the learner wrote in earlier
notebooks (``relu``, ``softmax``, ``dense_forward``, ...). :func:`choose` runs the exercise's
checker on the learner's function *quietly* (its report is captured, not printed) and keeps the
learner's function only if every check passed; otherwise it takes the library's and says why
in one line. :func:`build_toolkit` does this for several functions at once and returns a
:class:`Toolkit`, whose attributes are the chosen functions::

    toolkit = build_toolkit(relu=relu, softmax=softmax)
    toolkit.relu(Z)

A stub that raises ``NotImplementedError``, a function that fails a check, a value that is not a
function, even a checker that breaks: each means the library's version, with its reason. Nothing
the learner's code raises escapes.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .. import activations, initializers, layers
from .._validation import describe
from .activations import check_relu, check_relu_derivative, check_softmax, check_tanh_derivative
from .layers import check_dense_backward, check_dense_forward
from .network import check_initialize
from .neuron import check_sigmoid, check_sigmoid_derivative

__all__ = ["Choice", "Toolkit", "choose", "build_toolkit", "LIBRARY"]

#: Exercise name -> (its checker, the library's function with the same contract).
LIBRARY = {
    "sigmoid": (check_sigmoid, activations.sigmoid),
    "sigmoid_derivative": (check_sigmoid_derivative, activations.sigmoid_derivative),
    "relu": (check_relu, activations.relu),
    "relu_derivative": (check_relu_derivative, activations.relu_derivative),
    "tanh_derivative": (check_tanh_derivative, activations.tanh_derivative),
    "softmax": (check_softmax, activations.softmax),
    "initialize": (check_initialize, initializers.init_layers),
    "dense_forward": (check_dense_forward, layers.dense_forward),
    "dense_backward": (check_dense_backward, layers.dense_backward),
}

#: ``Choice.status`` values: which function was chosen, and why.
STATUSES = ("passed", "not attempted", "failed", "not a function", "checker error")


class Choice(NamedTuple):
    """Which function is used for one exercise, and why.

    ``name``: the exercise's name; ``fn``: the function to use; ``yours``: whether it is the
    learner's; ``status``: one of ``"passed"``, ``"not attempted"``, ``"failed"``, ``"not a
    function"``, ``"checker error"``; ``line``: the one-line explanation; ``report``: what the
    checker printed (captured)."""

    name: str
    fn: Callable
    yours: bool
    status: str
    line: str
    report: str


def _hint(checker, name):
    module = getattr(checker, "__module__", "") or ""
    prefix = "checks." if module.startswith("lessons_lib.checks") else ""
    return f"run {prefix}{getattr(checker, '__name__', 'the checker')}({name}) to see why"


def _failed_line(name, report, checker):
    """``→ the library's relu: yours failed check 2 of 5 (note); run checks.check_relu(relu)
    to see why``, from the first line of the checker's report."""
    found = re.search(r"check (\d+) of (\d+) failed( \(.*?\))?$", report.strip().split("\n")[0])
    what = f"check {found[1]} of {found[2]}{found[3] or ''}" if found else "a check"
    return f"→ the library's {name}: yours failed {what}; {_hint(checker, name)}"


def _verdict(name, ok, report, checker):
    """(status, line) from the checker's result and its captured report."""
    if ok is True:
        found = re.search(r"all (\d+) checks passed", report)
        return "passed", f"✓ your {name} ({found[0] if found else 'every check passed'})"
    if "not attempted yet" in report:
        return "not attempted", f"→ the library's {name}: yours is not attempted yet"
    return "failed", _failed_line(name, report, checker)


def choose(yours, checker, library, name):
    """Check the learner's function quietly; keep it if it passes, else take the library's.

    Parameters
    ----------
    yours : object
        The learner's function (a stub that raises ``NotImplementedError`` is fine; so is
        anything that is not a function).
    checker : callable
        The exercise's checker, ``checker(fn) -> bool``, which prints a report (captured here).
    library : callable
        The library's function with the same contract.
    name : str
        The exercise's name, used in the explanation.

    Returns
    -------
    Choice
        ``fn`` is ``yours`` if the checker returned True, else ``library``.

    Examples
    --------
    >>> import numpy as np
    >>> from lessons_lib import activations
    >>> from lessons_lib.checks import check_relu
    >>> def relu(z):
    ...     raise NotImplementedError()
    >>> choose(relu, check_relu, activations.relu, "relu").line
    "→ the library's relu: yours is not attempted yet"
    >>> choose(lambda z: np.maximum(z, 0.0), check_relu, activations.relu, "relu").line
    '✓ your relu (all 5 checks passed)'
    """
    for value, role in ((checker, "checker"), (library, "library")):
        if not callable(value):
            raise TypeError(f"`{role}` must be a function, got {describe(value)}.")
    if not isinstance(name, str) or not name:
        raise TypeError(f"`name` must be the exercise's name (a non-empty str), got "
                        f"{describe(name)}.")
    if not callable(yours):
        line = f"→ the library's {name}: `{name}` is not a function (got {describe(yours)})"
        return Choice(name, library, False, "not a function", line, "")
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            ok = checker(yours)
    except Exception as exc:  # noqa: BLE001 - a broken check means: use the library's
        line = (f"→ the library's {name}: checking yours raised {type(exc).__name__}; "
                f"{_hint(checker, name)}")
        return Choice(name, library, False, "checker error", line, captured.getvalue())
    report = captured.getvalue()
    status, line = _verdict(name, ok, report, checker)
    return Choice(name, yours if status == "passed" else library, status == "passed", status,
                  line, report)


@dataclass(frozen=True)
class Toolkit:
    """The chosen functions, as attributes (``toolkit.relu``), with the reasons.

    ``choices`` is the tuple of :class:`Choice`, one per function, in the order given.
    ``repr(toolkit)`` (and ``str``) is one line per function."""

    choices: tuple

    def __getattr__(self, name):
        for choice in self.__dict__.get("choices", ()):
            if choice.name == name:
                return choice.fn
        known = ", ".join(c.name for c in self.__dict__.get("choices", ()))
        raise AttributeError(f"the toolkit has no function {name!r}; it has: {known}.")

    def __dir__(self):
        return [*super().__dir__(), *(c.name for c in self.choices)]

    @property
    def yours(self):
        """Names of the functions that are the learner's own."""
        return tuple(c.name for c in self.choices if c.yours)

    @property
    def library(self):
        """Names of the functions taken from the library."""
        return tuple(c.name for c in self.choices if not c.yours)

    def summary(self):
        """One line per function, then how many are the learner's."""
        lines = [c.line for c in self.choices]
        lines.append(f"{len(self.yours)} of {len(self.choices)} functions are yours.")
        return "\n".join(lines)

    def __repr__(self):
        return self.summary()

    __str__ = __repr__


def _entry(name, value):
    """``(yours, checker, library)`` for one keyword: a function looked up in :data:`LIBRARY`,
    or an explicit ``(yours, checker, library)`` tuple."""
    if isinstance(value, tuple) and len(value) == 3:
        return value
    if name not in LIBRARY:
        raise ValueError(f"the library has no checked version of {name!r}; known names: "
                         f"{', '.join(LIBRARY)}. For another function pass a tuple "
                         f"{name}=({name}, its_checker, library_version).")
    return (value, *LIBRARY[name])


def build_toolkit(functions=None, /, *, verbose=True, **named):
    """Choose, for each function, the learner's version if its checker passes, else the library's.

    Parameters
    ----------
    functions : dict, optional
        Exercise name -> the learner's function (or a ``(yours, checker, library)`` tuple for a
        name not in :data:`LIBRARY`).
    verbose : bool, default True
        Print one line per function (which version is used and why) and a count.
    **named
        The same as ``functions``, as keywords: ``build_toolkit(relu=relu, softmax=softmax)``.

    Returns
    -------
    Toolkit
        ``toolkit.<name>`` is the chosen function; ``toolkit.choices`` says why.

    Examples
    --------
    >>> import numpy as np
    >>> toolkit = build_toolkit(relu=lambda z: np.maximum(z, 0.0), softmax=None)
    ✓ your relu (all 5 checks passed)
    → the library's softmax: `softmax` is not a function (got NoneType None)
    1 of 2 functions are yours.
    >>> toolkit.softmax([[0.0, 0.0]]).tolist()
    [[0.5, 0.5]]
    """
    if functions is not None and not isinstance(functions, dict):
        raise TypeError(f"`functions` must be a dict of name -> function, got "
                        f"{describe(functions)}. Or pass keywords: build_toolkit(relu=relu).")
    entries = {**(functions or {}), **named}
    if not entries:
        raise ValueError("`build_toolkit` needs at least one function, e.g. "
                         "build_toolkit(relu=relu, softmax=softmax).")
    toolkit = Toolkit(tuple(choose(*_entry(name, value), name)
                            for name, value in entries.items()))
    if verbose:
        print(toolkit.summary())
    return toolkit
