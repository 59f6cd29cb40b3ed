"""Show charts and HTML in a notebook the same way under JupyterLab, papermill and nbconvert."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

CHART_DPI = 150  # sharp on an A4 page, small enough to mail


def figure_png(figure: Figure, dpi: int = CHART_DPI) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    # The charts lay themselves out to the inch, so no "tight" bounding box: that would draw
    # every figure twice.
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def show_figure(figure: Figure, dpi: int = CHART_DPI) -> None:
    """Display a chart once, as an embedded PNG shown at its design width, and free it.

    Rendering the PNG here, rather than through the inline backend, gives the same image
    whatever backend or figure format the kernel was started with.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    width_px = int(figure.get_figwidth() * 96)  # CSS pixels: the figure's size in inches
    display(Image(data=figure_png(figure, dpi), format="png", width=width_px))
    plt.close(figure)


def show_html(html: str) -> None:
    """Display HTML produced by analysis.render (already escaped there)."""
    from IPython.display import HTML, display

    display(HTML(html))
