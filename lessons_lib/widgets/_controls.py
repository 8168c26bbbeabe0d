"""Checks shared by the training explorers' constructors (Boundary, Activation, Symmetry).

An explorer's keyword arguments set its controls, so each must lie within its control's range:
a clear error, never a silent clamp.
"""

from __future__ import annotations

import numbers

from .._validation import check_int, describe


def check_ranges(ranges, values, notes=None):
    """Check each ``values[name]`` against ``ranges[name] = (low, high)``.

    Integer bounds ask for an int (an int slider), float bounds for a real number; NaN fails
    the range test. ``notes`` maps a name to a sentence added to its error.

    >>> check_ranges({"depth": (1, 3)}, {"depth": 5})
    Traceback (most recent call last):
    ValueError: `depth` must be between 1 and 3 (the control's range), got 5.
    """
    for name, value in values.items():
        low, high = ranges[name]
        if isinstance(low, int):
            check_int(value, name)
        elif isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"`{name}` must be a number, got {describe(value)}.")
        if not low <= value <= high:
            note = (notes or {}).get(name, "")
            raise ValueError(f"`{name}` must be between {low:g} and {high:g} (the control's "
                             f"range), got {value!r}." + (f" {note}" if note else ""))
