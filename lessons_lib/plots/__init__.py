"""Plot functions for the course, in matplotlib's library style.

Each function takes ``ax=None`` (it makes an axes only if none is given), never clears or
restyles an axes it was handed, never touches global ``rcParams``, and returns the
artists it added so that a caller (an explorer) can update them with ``set_data`` and
friends. Importing this package imports matplotlib; ``import lessons_lib`` does not.
"""

from .classification import (plot_cost_curve, plot_data_2d, plot_decision_boundary,  # noqa: F401
                             plot_loss_branches, probability_grid, update_decision_boundary)
from .descent import plot_cost_contour, plot_path, plot_sigmoid_fit, plot_step_costs  # noqa: F401
from .slopes import plot_steps_1d, plot_tangents, tangent_segment  # noqa: F401
from .diagrams import draw_neuron  # noqa: F401
from .graph import draw_graph, graph_layout  # noqa: F401
from .images import ImageGridArtists, MosaicArtists, show_images, show_mosaic, tile_images  # noqa: F401
from .activations import activation_curves, plot_activation  # noqa: F401
from .initialization import plot_layer_profile, plot_weight_history  # noqa: F401
from .metrics import ConfusionArtists, plot_confusion_matrix  # noqa: F401
from .depth import plot_predictions_1d, plot_sawtooth_task  # noqa: F401
