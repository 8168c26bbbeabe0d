"""A mistake no output reveals: a function that reads a global variable instead of its argument.

In a notebook the data live in global variables (``X_train``, ``m``, ``lr``), and a function
that reads one of them by mistake gives the right answer in the notebook and a wrong one anywhere
else. :func:`global_data` finds such reads in the function's bytecode.
"""

from __future__ import annotations

import dis
import numbers
import types

import numpy as np

from ._core import Mistake

__all__ = ["global_data", "GLOBAL_VARIABLE"]


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _is_data(value):
    if isinstance(value, np.ndarray):
        return True
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return True
    return isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value)


def _is_constant(name, value):
    """A number named in capitals, two letters or more (``EPS``, ``THRESHOLD``): a constant.

    Decided by what the global holds: an array is data whatever its name, and so is a number
    named with one capital letter (``L``, the number of layers, like ``X``, ``W``, ``A``, ``Z``)."""
    return len(name) >= 2 and name.isupper() and isinstance(value, numbers.Number)


def global_data(fn):
    """The global variables holding data (arrays, numbers) that ``fn`` reads, as text, or None.

    Numbers named in capitals (constants such as ``EPS``) are not counted; arrays always are,
    so a function reading a global ``X`` or ``W`` is found.
    """
    code, space = getattr(fn, "__code__", None), getattr(fn, "__globals__", None)
    if code is None or space is None:
        return None
    found = []
    for co in _code_objects(code):
        for ins in dis.get_instructions(co):
            name = ins.argval
            if (ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and isinstance(name, str)
                    and name not in found and _is_data(space.get(name))
                    and not _is_constant(name, space.get(name))):
                found.append(name)
    return ", ".join(f"`{name}`" for name in found) or None


GLOBAL_VARIABLE = Mistake(
    "a global variable instead of an argument",
    "Your function reads the global variable(s) {names} instead of using only its arguments "
    "({params}). The checker calls it with its own inputs, so a global gives the answer for "
    "other data: use the arguments.",
    detect=global_data,
)
