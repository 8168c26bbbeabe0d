"""FigureView's image widget fits its cell."""

from matplotlib.figure import Figure

from lessons_lib.widgets import FigureView


def test_image_never_overflows_its_cell():
    """The browser test found a 4 px horizontal scroll bar: a 100 %-wide image with
    ipywidgets' default 2 px margins is wider than its cell."""
    view = FigureView(Figure(figsize=(10, 4), dpi=100))
    layout = view.image.layout
    assert layout.max_width == "100%"
    assert layout.margin == "0"
    assert layout.width == "1000px"
