"""Exercise checkers that say what most likely went wrong, not only "wrong output".

A notebook imports this package explicitly (``from lessons_lib import checks``) and calls one
checker after each exercise, e.g. ``checks.check_sigmoid(sigmoid)``. A checker runs the learner's
function on inputs with known answers (closed forms, shapes, dtypes, edge values), prints one
line on success or a short report with a hint aimed at the most likely mistake, and returns
True or False. A stub that raises ``NotImplementedError`` is reported as *not attempted yet*;
nothing the learner's code raises ever escapes as a traceback. Each checker's docstring gives
the exercise's signature.

``CATALOGUE`` maps each exercise name to its common mistakes (:class:`Mistake`: a name, a hint and
a buggy version of the exercise, or a detector), so tests and instructors can iterate them.
"""

from ._core import NOT_ATTEMPTED, Case, Exercise, Mistake, run_checks
from ._globals import GLOBAL_VARIABLE, global_data
from .activations import (RELU_DERIVATIVE_MISTAKES, RELU_MISTAKES, SOFTMAX_MISTAKES,
                          TANH_DERIVATIVE_MISTAKES, check_relu, check_relu_derivative,
                          check_softmax, check_tanh_derivative)
from .descent import (DESCENT_LOOP_MISTAKES, TRAIN_LOOP_MISTAKES, UPDATE_MISTAKES,
                      check_descent_loop, check_train_loop, check_update)
from .graph import SMALL_GRAPH_BACKWARD_MISTAKES, check_small_graph_backward
from .layers import (DENSE_BACKWARD_MISTAKES, DENSE_FORWARD_MISTAKES, check_dense_backward,
                     check_dense_forward)
from .logistic import (FORWARD_MISTAKES, GRADIENTS_MISTAKES, PREDICT_MISTAKES, check_forward,
                       check_gradients, check_predict)
from .logistic import PROPAGATE_MISTAKES, check_propagate
from .loss import BCE_LOSS_MISTAKES, COST_MISTAKES, check_bce_loss, check_cost
from .network import (INITIALIZE_MISTAKES, MODEL_FORWARD_MISTAKES, check_initialize,
                      check_model_forward)
from .toolkit import Choice, Toolkit, build_toolkit, choose
from .neuron import (LINEAR_SCORES_MISTAKES, SIGMOID_DERIVATIVE_MISTAKES, SIGMOID_MISTAKES,
                     check_linear_scores, check_sigmoid, check_sigmoid_derivative)

#: Checker name -> its catalogue of common mistakes, in the order of the course.
CATALOGUE = {
    "check_linear_scores": LINEAR_SCORES_MISTAKES,
    "check_sigmoid": SIGMOID_MISTAKES,
    "check_sigmoid_derivative": SIGMOID_DERIVATIVE_MISTAKES,
    "check_forward": FORWARD_MISTAKES,
    "check_predict": PREDICT_MISTAKES,
    "check_bce_loss": BCE_LOSS_MISTAKES,
    "check_cost": COST_MISTAKES,
    "check_update": UPDATE_MISTAKES,
    "check_descent_loop": DESCENT_LOOP_MISTAKES,
    "check_small_graph_backward": SMALL_GRAPH_BACKWARD_MISTAKES,
    "check_gradients": GRADIENTS_MISTAKES,
    "check_propagate": PROPAGATE_MISTAKES,
    "check_train_loop": TRAIN_LOOP_MISTAKES,
    "check_relu": RELU_MISTAKES,
    "check_relu_derivative": RELU_DERIVATIVE_MISTAKES,
    "check_tanh_derivative": TANH_DERIVATIVE_MISTAKES,
    "check_softmax": SOFTMAX_MISTAKES,
    "check_initialize": INITIALIZE_MISTAKES,
    "check_dense_forward": DENSE_FORWARD_MISTAKES,
    "check_dense_backward": DENSE_BACKWARD_MISTAKES,
    "check_model_forward": MODEL_FORWARD_MISTAKES,
}

__all__ = [
    "check_linear_scores", "check_sigmoid", "check_sigmoid_derivative", "check_forward",
    "check_predict", "check_bce_loss", "check_cost", "check_update", "check_descent_loop",
    "check_gradients", "check_propagate", "check_train_loop", "check_relu", "check_relu_derivative",
    "check_tanh_derivative", "check_softmax", "check_initialize", "check_dense_forward",
    "check_dense_backward", "check_model_forward",
    "check_small_graph_backward",
    "build_toolkit", "choose", "Toolkit", "Choice",
    "CATALOGUE", "Mistake", "Case", "Exercise", "run_checks", "NOT_ATTEMPTED",
    "GLOBAL_VARIABLE", "global_data",
]
