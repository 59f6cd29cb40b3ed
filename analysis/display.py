"""Show charts and HTML in a notebook the same way under JupyterLab, papermill and nbconvert.

Charts are shown as SVG: vector graphics whose text stays text, so a reader can zoom into a
chart, search it and copy its labels, in the HTML and in the PDF. The SVG is made here, with
the same settings whatever backend the kernel was started with, and cleaned of anything that
could run in a reader's browser (see :func:`analysis.render.clean_svg`).
"""

from __future__ import annotations

import io

import matplotlib as mpl
from matplotlib.figure import Figure

# Text as text in the font the labels were measured with; a fixed salt and no date, so that
# the same chart gives the same bytes in every build.
_SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "analysis-report", "savefig.bbox": None}


def figure_svg(figure: Figure) -> str:
    """The figure as a cleaned SVG element, ready to place inline in HTML."""
    from analysis.render import clean_svg

    buffer = io.StringIO()
    # The charts lay themselves out to the inch, so no "tight" bounding box: that would crop
    # them and draw every figure twice.
    with mpl.rc_context(_SVG_SETTINGS):
        figure.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    return clean_svg(buffer.getvalue())


class SvgChart:
    """A chart as IPython displays it: an ``image/svg+xml`` output."""

    def __init__(self, svg: str) -> None:
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg


def show_figure(figure: Figure) -> None:
    """Display a chart once, as inline SVG, and free it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(SvgChart(figure_svg(figure)))
    plt.close(figure)


def show_html(html: str) -> None:
    """Display HTML produced by analysis.render (already escaped there)."""
    from IPython.display import HTML, display

    display(HTML(html))
