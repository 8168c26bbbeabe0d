"""lessons_lib: the helper library of the course *Neural Networks and Deep Learning, from scratch*.

Importing the package imports NumPy and the math modules only; ``lessons_lib.plots``
and ``lessons_lib.widgets`` import matplotlib and ipywidgets when they are
themselves imported.
"""

from . import (activations, datasets, descent, gradcheck, initializers, losses, models,
               preprocessing)

__version__ = "0.1.0"

__all__ = [
    "activations",
    "datasets",
    "descent",
    "gradcheck",
    "initializers",
    "losses",
    "models",
    "preprocessing",
    "__version__",
]
