"""Render a matplotlib figure to a PNG data URI (Agg, no pyplot, no inline backend).

The figure is drawn once at its own dpi and the Agg buffer is written as a 64-colour
palette PNG: about a quarter of the bytes of matplotlib's RGBA ``savefig`` output for the
same time, with no visible difference for flat-colour charts.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

PALETTE_COLOURS = 64
_NEAR_WHITE = 245


def new_figure(size: tuple[float, float], dpi: int) -> Figure:
    """A white figure at ``dpi`` attached to an Agg canvas, outside pyplot's global state."""
    figure = Figure(figsize=size, dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _palette_png(rgb: np.ndarray) -> bytes:
    image = Image.fromarray(rgb).quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    palette = np.array(image.getpalette()[: 3 * PALETTE_COLOURS], dtype=np.uint8).reshape(-1, 3)
    palette[(palette >= _NEAR_WHITE).all(axis=1)] = 255  # keep the background pure white
    image.putpalette(palette.ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def png_data_uri(figure: Figure) -> tuple[str, int, int]:
    """``(data:image/png;base64,..., width_px, height_px)`` of the figure at its dpi.

    The layout is set by the caller (no ``bbox_inches="tight"``, which is slow).
    """
    canvas = figure.canvas
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]
    height, width = rgb.shape[:2]
    encoded = base64.b64encode(_palette_png(np.ascontiguousarray(rgb))).decode("ascii")
    return f"data:image/png;base64,{encoded}", width, height
