"""How checkers show inputs and results, and the generic hints for when no catalogued mistake fits.

Everything here returns plain strings: the checkers print them, so the feedback reads the same in
a notebook, in a terminal and in nbval's stored outputs.
"""

from __future__ import annotations

import textwrap

import numpy as np

from .._validation import describe

__all__ = ["show", "show_inputs", "value_lines", "generic_hint", "wrap_hint"]

_KIND_WORDS = {"f": "floating-point numbers (float64)", "biuf": "numbers",
               "biu": "integers"}


def _number(x, precision=4):
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    return f"{float(x):.{precision + 1}g}" if np.isfinite(x) else str(float(x))


def show(x, precision=4, inline=8):
    """A one-line picture of an input or a result (small arrays in full, large ones by shape)."""
    if callable(x):
        doc = (getattr(x, "__doc__", None) or "").strip().splitlines()
        return doc[0] if doc and getattr(x, "__module__", "").startswith("lessons_lib.checks") \
            else getattr(x, "__name__", repr(x))
    if isinstance(x, str) or (isinstance(x, tuple) and all(isinstance(v, int) for v in x)):
        return repr(x)  # a name, or a shape
    if isinstance(x, (list, tuple)) and x and all(isinstance(v, np.ndarray) for v in x):
        shapes = ", ".join(str(v.shape) for v in x)
        return f"a list of {len(x)} array{'s' * (len(x) > 1)} of shape{'s' * (len(x) > 1)} {shapes}"
    try:
        a = np.asarray(x)
    except Exception:  # noqa: BLE001 - anything a learner returns must be showable
        return describe(x)
    if a.dtype.kind not in "biuf":
        return describe(x)
    if a.ndim == 0:
        return _number(a.item(), precision)
    if a.size > inline:
        return f"an array of shape {a.shape}"
    return _nested(a.tolist(), precision)


def _nested(x, precision):
    if isinstance(x, list):
        return "[" + ", ".join(_nested(v, precision) for v in x) + "]"
    return _number(x, precision) if not isinstance(x, int) or isinstance(x, bool) else str(x)


def show_inputs(params, args):
    """``'z = [-1., 0., 1.]'`` or ``'X = an array of shape (4, 3), w = [1., 2., 3.], b = 0.5'``."""
    return ", ".join(f"{p} = {show(a, inline=6)}" for p, a in zip(params, args))


def value_lines(name, expected, got, rtol, atol):
    """Lines showing the expected value against the one that came (first difference if large)."""
    prefix = f"{name}: " if name else ""
    pad = " " * len(prefix)
    if expected.size <= 8:
        for precision in (4, 6, 8, 12):
            want, have = show(expected, precision), show(got, precision)
            if want != have:
                break
        return (f"{prefix}expected {want}", f"{pad}got      {have}")
    with np.errstate(all="ignore"):
        far = ~np.isclose(got.astype(float), expected.astype(float), rtol=rtol, atol=atol)
    index = tuple(int(i) for i in np.argwhere(far)[0])
    where = ", ".join(map(str, index))
    return (f"{prefix}expected an array of shape {expected.shape}; first difference at [{where}]:",
            f"{pad}expected {_number(expected[index], 6)}, got {_number(got[index], 6)}")


def wrap_hint(hint):
    """The hint line, wrapped at 100 characters and indented under ``hint:``."""
    return textwrap.fill(hint, width=100, initial_indent="  hint: ", subsequent_indent="        ",
                         break_on_hyphens=False)


# --- generic hints, when no catalogued mistake matches ------------------------------

def _raised_hint(kind, message, params):
    if kind is TypeError and ("positional argument" in message or "keyword argument" in message):
        return (f"The checker calls your function with the arguments ({', '.join(params)}), in "
                f"this order: give it exactly these parameters.")
    if kind is NameError:
        return ("A name is not defined. Did you run the cell that defines it, or misspell one of "
                "the function's arguments?")
    if "matmul" in message or "not aligned" in message:
        return ("The inner sizes of a matrix product do not match. Print the shapes: rows are "
                "examples, so X has shape (m, n_features), W has shape (n_in, n_out), and the "
                "product is X @ W (not W @ X).")
    if "broadcast" in message:
        return ("Two arrays whose shapes do not fit were combined element by element. Print their "
                "shapes; keepdims=True keeps a summed axis so that the shapes line up.")
    if "truth value" in message:
        return ("Python's if, and, or and max() work on one number at a time; on arrays use "
                "np.maximum, np.where, & and |.")
    return "Read the message above, then try your function by hand on the input shown."


def _shape_hint(got, want):
    if got == () and want != ():
        return ("You returned a single number, but one value per element (or per example) is "
                "wanted: did you sum, average or take the max over the whole array?")
    if len(got) == len(want) + 1 and got[:-1] == want and got[-1] == 1:
        return ("Your result has an extra axis of length 1: shape (m, 1) where (m,) is wanted. "
                "Keep vectors one-dimensional (avoid reshaping into a column), or flatten with "
                ".ravel().")
    if len(got) == len(want) + 1 and got[1:] == want and got[0] == 1:
        return ("Your result has an extra leading axis of length 1: drop keepdims=True there, "
                "or index with [0].")
    if len(got) == len(want) == 2 and got == want[::-1]:
        return ("Your result is the transpose of what is wanted. Rows are examples: check the "
                "order of the factors in @ and any .T.")
    return ("The shape is not the one wanted: print the shapes of your intermediate arrays "
            "(rows are examples).")


def generic_hint(exercise, problem):
    """A hint for ``problem`` when no catalogued mistake of ``exercise`` explains it."""
    kind = problem.kind
    if kind == "raised":
        return _raised_hint(*problem.detail, exercise.params)
    if kind == "none":
        return "Your function returned None: did you forget the `return` line?"
    if kind == "mutated":
        name = problem.detail
        return (f"Your function changed `{name}`, an array it was given (for example with "
                f"`{name} -= ...` or `{name}[...] = ...`). The caller's data must stay as it was: "
                f"build a new array (`{name} = {name} - ...`, or start from `{name}.copy()`).")
    if kind == "warned":
        return ("NumPy warns when a result overflows (np.exp of a large number) or is undefined "
                "(log(0), 0/0). Use the numerically stable form from the text.")
    if kind == "form":
        if exercise.outputs:
            return f"Return the values as a tuple: `return {', '.join(exercise.outputs)}`."
        return "Return a NumPy array (or a number)."
    if kind == "shape":
        return _shape_hint(problem.detail[0].shape, problem.detail[1])
    if kind == "dtype":
        return (f"Return {_KIND_WORDS.get(exercise.kinds, 'numbers')}: convert with "
                f"`.astype(float)`." if exercise.kinds == "f" else
                f"Return {_KIND_WORDS.get(exercise.kinds, 'numbers')}.")
    return exercise.hint
