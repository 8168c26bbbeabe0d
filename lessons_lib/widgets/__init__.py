"""The course's interactive explorers (ipywidgets), one class each.

Importing this package imports matplotlib and ipywidgets; ``import lessons_lib`` alone
does not. Every explorer is a ``VBox`` with its controls and one persistent figure, can
be driven headless by setting its controls' values, and carries a PNG of its current
state for viewers without a kernel.
"""

from ._base import Explorer, FigureView
from .boundary import BoundaryExplorer
from .loss import LossExplorer
from .descent import DescentExplorer
from .sigmoid import SigmoidExplorer
from .graph import GraphStepper
from .activation import ActivationExplorer
from .symmetry import SymmetryExplorer

__all__ = ["Explorer", "FigureView", "BoundaryExplorer", "LossExplorer", "DescentExplorer",
           "SigmoidExplorer", "GraphStepper", "ActivationExplorer", "SymmetryExplorer"]
