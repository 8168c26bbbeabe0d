"""The rendering core shared by every explorer.

One persistent matplotlib figure (Agg, no GUI backend, no pyplot) per explorer. An
update changes the artists' data and sends the canvas to an ``ipywidgets.Image``:

- :meth:`FigureView.redraw` draws everything that is not animated, keeps that as the
  background, then draws the animated artists on top (use it when a parameter changes);
- :meth:`FigureView.blit` restores the background and draws only the animated artists
  (use it when only markers move, e.g. each animation frame);
- artists given to :meth:`FigureView.keep_with_background` are animated artists that
  change with a parameter but not with each frame (a whole path, a status text): they are
  drawn into a second cached background by :meth:`FigureView.redraw` and
  :meth:`FigureView.refresh`, so a frame does not pay for them. (Text is slow to draw
  with Agg here, about 80 µs a character: keep it out of the frames.)

- :meth:`FigureView.redraw_axes` redraws one axes into the background (e.g. after its
  limits changed): a tenth of a full redraw, where the tick labels' text is the cost.

Animated artists are collected by :meth:`FigureView.redraw`: after adding an artist or
animating one, call ``redraw()`` before the next ``blit()``.

Frames are sent as JPEG by default: encoding a 1000×420 frame costs about 1 ms here
against 20 ms for PNG (compression level 6), and at quality 90 text stays crisp (looked
at side by side at 2× zoom; bench/RESULTS.md has the numbers). The static face
(:meth:`Explorer._repr_mimebundle_`) is always PNG, so a notebook viewed without a kernel
shows a sharp picture.
"""

from __future__ import annotations

import base64
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, IdentityTransform
from PIL import Image

__all__ = ["FigureView", "Explorer"]

FRAME_FORMATS = ("jpeg", "png")


class FigureView:
    """A matplotlib ``Figure`` drawn with Agg and shown in an ``ipywidgets.Image``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The explorer's one figure, made once (``matplotlib.figure.Figure``, not pyplot,
        so no figure manager keeps it alive and nothing is shown twice).
    fmt : {"jpeg", "png"}, default "jpeg"
        Encoding of the frames sent to the browser.
    quality : int, default 90
        JPEG quality.
    """

    def __init__(self, fig, *, fmt="jpeg", quality=90):
        if fmt not in FRAME_FORMATS:
            raise ValueError(f"`fmt` must be one of {FRAME_FORMATS}, got {fmt!r}.")
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.fmt, self.quality = fmt, quality
        width, height = self.canvas.get_width_height()
        # margin 0: ipywidgets' default 2 px margins would make a 100 % wide image overflow
        # its cell by 4 px in a narrow window (found by the browser test).
        self.image = widgets.Image(format=fmt, layout=widgets.Layout(
            width=f"{width}px", max_width="100%", margin="0"))
        self._background = self._middle = None
        self._kept, self._frame_artists, self._tight_boxes = [], [], {}
        self.frames_sent = 0

    def _animated(self):
        # visible or not: an artist hidden now may be shown before the next blit
        return self.fig.findobj(match=lambda a: a.get_animated())

    def _draw(self, artists):
        for artist in artists:
            self.fig.draw_artist(artist)  # skips an artist that is not visible

    def keep_with_background(self, *artists):
        """Animate ``artists`` and draw them into the cached background: they change with a
        parameter (redraw them with :meth:`refresh`), not with each frame (:meth:`blit`)."""
        for artist in artists:
            artist.set_animated(True)
            if not any(artist is kept for kept in self._kept):
                self._kept.append(artist)

    def _draw_kept_and_frame(self):
        if self._kept:
            self._draw(self._kept)
            self._middle = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self._middle = self._background
        self._draw(self._frame_artists)
        self.push()

    def redraw(self):
        """Draw the whole figure, cache the static background, and send a frame."""
        self.canvas.draw()  # Agg skips animated artists here
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        renderer = self.canvas.get_renderer()
        self._tight_boxes = {id(ax): ax.get_tightbbox(renderer) for ax in self.fig.axes
                             if ax.get_visible()}
        kept = {id(artist) for artist in self._kept}
        self._kept = [a for a in self._kept if a.figure is self.fig]  # forget removed artists
        self._frame_artists = [a for a in self._animated() if id(a) not in kept]
        self._draw_kept_and_frame()

    def redraw_axes(self, *axes):
        """Redraw only ``axes`` (e.g. after their limits changed) into the cached background,
        then the kept and the frame's artists; send a frame.

        Much cheaper than :meth:`redraw` (text is what costs: only these axes' tick labels
        are drawn again). The area the axes covered before and covers now (tick and axis
        labels included) is cleared to the figure's colour first, so nothing else may
        overlap it.
        """
        if self._background is None:
            self.redraw()
            return
        renderer = self.canvas.get_renderer()
        self.canvas.restore_region(self._background)
        for ax in axes:
            boxes = [self._tight_boxes.get(id(ax)), ax.get_tightbbox(renderer)]
            box = Bbox.union([b for b in boxes if b is not None] or [ax.bbox])
            blank = Rectangle((box.x0 - 1, box.y0 - 1), box.width + 2, box.height + 2,
                              transform=IdentityTransform(), facecolor=self.fig.get_facecolor(),
                              edgecolor="none")
            blank.set_figure(self.fig)
            blank.draw(renderer)
            self.fig.draw_artist(ax)  # the axes' animated children are skipped
            self._tight_boxes[id(ax)] = ax.get_tightbbox(renderer)
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_kept_and_frame()

    def refresh(self):
        """Redraw the artists kept with the background (see :meth:`keep_with_background`),
        then the frame's; the static background is reused. Send a frame."""
        if self._background is None:
            self.redraw()
            return
        self.canvas.restore_region(self._background)
        self._draw_kept_and_frame()

    def blit(self):
        """Redraw only the frame's animated artists over the cached background, and send a frame."""
        if self._middle is None:
            self.redraw()
            return
        self.canvas.restore_region(self._middle)
        self._draw(self._frame_artists)
        self.push()

    def _pil(self, mode="RGBA"):
        # "RGBX" reads the RGBA canvas without its alpha and without a copy: JPEG takes it
        # directly (0.5 ms less per frame than converting to RGB; the same bytes)
        width, height = self.canvas.get_width_height()
        return Image.frombuffer(mode, (width, height), self.canvas.buffer_rgba(), "raw", mode, 0, 1)

    def encode(self, fmt=None):
        """Return the current canvas as JPEG or PNG bytes."""
        fmt = fmt or self.fmt
        buffer = io.BytesIO()
        if fmt == "jpeg":
            self._pil("RGBX").save(buffer, "JPEG", quality=self.quality)
        else:
            self._pil().save(buffer, "PNG", compress_level=6)
        return buffer.getvalue()

    def push(self):
        """Send the current canvas to the ``Image`` widget."""
        self.image.value = self.encode()
        self.frames_sent += 1

    def png(self):
        """PNG bytes of the current state (what the learner sees now)."""
        if self._background is None:
            self.redraw()
        return self.encode("png")


class Explorer(widgets.VBox):
    """Base class of the explorers: a ``VBox`` of controls and one :class:`FigureView`.

    Subclasses build their figure and controls, call ``super().__init__(children=...)``,
    observe their controls with ``names="value"``, and draw through ``self._view``.
    Setting a control's value from Python updates the state and the picture exactly as a
    click would, so explorers can be driven headless.
    """

    _view: FigureView

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a PNG of the current state for viewers without a kernel."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["image/png"] = base64.b64encode(self._view.png()).decode("ascii")
        return bundle

    def frame_png(self):
        """PNG bytes of the current picture (for saving or testing)."""
        return self._view.png()

    def save_png(self, path):
        """Write the current picture to ``path`` as PNG."""
        with open(path, "wb") as handle:
            handle.write(self._view.png())
