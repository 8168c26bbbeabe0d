"""plots.diagrams.draw_neuron: the right labels and arrows, an axes handed in keeps its limits,
aspect and frame, arrows end on the nodes' outlines, bad arguments give clear errors."""

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib.plots import draw_neuron
from lessons_lib.plots.diagrams import NeuronArtists, subscript

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def ax():
    return Figure(figsize=(8, 4)).add_subplot()


def texts(items):
    return [t.get_text() for t in items]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_every_input_is_drawn_with_its_weight(ax, n):
    artists = draw_neuron(ax, n_inputs=n)
    assert isinstance(artists, NeuronArtists)
    assert texts(artists.inputs) == [f"x{subscript(i)}" for i in range(1, n + 1)]
    assert texts(artists.weight_labels) == [f"w{subscript(i)}" for i in range(1, n + 1)]
    assert len(artists.edges) == n and artists.ellipsis is None
    assert artists.bias.get_text() == "b"


def test_many_inputs_are_elided_to_the_first_three_and_the_last(ax):
    artists = draw_neuron(ax, n_inputs=30)
    assert texts(artists.inputs) == ["x₁", "x₂", "x₃", "x₃₀"]
    assert texts(artists.weight_labels) == ["w₁", "w₂", "w₃", "w₃₀"]
    assert artists.ellipsis.get_text() == "⋮"
    heights = [t.get_position()[1] for t in artists.inputs]
    dots = artists.ellipsis.get_position()[1]
    assert heights[2] > dots > heights[3]  # the dots stand between x₃ and xₙ


def test_the_chain_reads_sum_sigma_output_with_the_formulas(ax):
    artists = draw_neuron(ax)
    assert [artists.sum_node.get_text(), artists.sigma_node.get_text(),
            artists.output.get_text()] == ["Σ", "σ", "ŷ"]
    xs = [t.get_position()[0] for t in (artists.inputs[0], artists.sum_node,
                                        artists.sigma_node, artists.output)]
    assert xs == sorted(xs)  # left to right: x, Σ, σ, ŷ
    assert texts(artists.formulas) == ["z = wᵀx + b", "ŷ = σ(z)", "P(y = 1 | x)",
                                       "z"]


def test_numbers_are_written_on_the_edges_and_the_bias(ax):
    artists = draw_neuron(ax, n_inputs=3, weights=[0.5, -2, 1.25], bias=-1.5)
    assert texts(artists.weight_labels) == ["w₁ = 0.5", "w₂ = −2", "w₃ = 1.2"]
    assert artists.bias.get_text() == "b = −1.5"


def test_arrows_join_the_right_nodes(ax):
    artists = draw_neuron(ax, n_inputs=2)
    for node, edge in zip(artists.inputs, artists.edges):
        assert edge.xyann == node.get_position() and edge.xy == artists.sum_node.get_position()
        assert edge.arrow_patch.patchA is node.get_bbox_patch()
        assert edge.arrow_patch.patchB is artists.sum_node.get_bbox_patch()
    first, second = artists.links
    assert first.xy == artists.sigma_node.get_position()
    assert second.xy == artists.output.get_position()
    assert artists.bias_edge.xy == artists.sum_node.get_position()


def test_arrows_stop_at_the_outline_of_the_node_they_point_to():
    """After a draw, each arrow's tip lies just outside its target's round box (within 8 px),
    not at the node's centre under the circle."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(8, 4))
    FigureCanvasAgg(fig)
    artists = draw_neuron(fig.add_subplot())
    fig.canvas.draw()
    pairs = [(artists.edges[0], artists.sum_node), (artists.bias_edge, artists.sum_node),
             (artists.links[0], artists.sigma_node), (artists.links[1], artists.output)]
    for edge, target in pairs:
        vertices = edge.arrow_patch.get_path().vertices  # display coordinates (identity transform)
        box = target.get_bbox_patch().get_extents()
        centre = np.array([box.x0 + box.x1, box.y0 + box.y1]) / 2
        distance = np.min(np.hypot(*(vertices[:-1] - centre).T))  # the last vertex closes the path
        radius = box.width / 2
        assert radius < distance < radius + 8, (target.get_text(), distance, radius)


def test_an_axes_handed_in_keeps_its_limits_aspect_frame_and_labels(ax):
    ax.set_xlim(-3, 7)
    ax.set_ylim(10, 20)
    ax.set_xlabel("mine")
    draw_neuron(ax)
    assert ax.get_xlim() == (-3, 7) and ax.get_ylim() == (10, 20)
    assert ax.get_aspect() == "auto" and ax.axison and ax.get_xlabel() == "mine"


def test_without_an_axes_it_makes_one_without_a_frame_and_no_pyplot_figure():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    artists = draw_neuron()
    assert not artists.sum_node.axes.axison
    assert plt.get_fignums() == before


def test_global_rc_params_are_untouched(ax):
    before = dict(mpl.rcParams)
    draw_neuron(ax, n_inputs=4, weights=[1, 2, 3, 4])
    assert dict(mpl.rcParams) == before


def test_subscript():
    assert subscript(0) == "₀" and subscript(1234567890) == "₁₂₃₄₅₆₇₈₉₀"


@pytest.mark.parametrize("kwargs, error, words", [
    ({"n_inputs": 0}, ValueError, "n_inputs"),
    ({"n_inputs": 2.0}, TypeError, "n_inputs"),
    ({"n_inputs": True}, TypeError, "n_inputs"),
    ({"n_inputs": 3, "weights": [1, 2]}, ValueError, "one weight per input (3), got 2"),
    ({"weights": [1, np.nan, 2]}, ValueError, "weights"),
    ({"weights": "abc"}, TypeError, "weights"),
    ({"bias": [1, 2]}, ValueError, "bias"),
    ({"bias": np.inf}, ValueError, "bias"),
])
def test_bad_arguments_name_themselves(ax, kwargs, error, words):
    with pytest.raises(error, match=None) as info:
        draw_neuron(ax, **kwargs)
    assert words in str(info.value)
