"""Show charts and HTML in a notebook the same way under JupyterLab, papermill and nbconvert.

Charts are shown as SVG: vector graphics whose text stays text, so a reader can zoom into a
chart, search it and copy its labels, in the HTML and in the PDF. The SVG is made here, with
the same settings whatever backend the kernel was started with, and cleaned of anything that
could run in a reader's browser (see :func:`analysis.render.clean_svg`).
"""

from __future__ import annotations

import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

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

    def __repr__(self) -> str:
        # The notebook's text/plain of a chart: without an address, so two runs write the
        # same executed notebook.
        return "<chart (SVG)>"


# Charts already drawn in this process, by what they were drawn from: a warm kernel that
# reports on one article for many parameter sets draws each distinct chart once.
_CHART_CACHE_SIZE = 64
# Each entry keeps its plot function alive, so that no other function can take its id.
_chart_cache: OrderedDict[str, tuple[Callable[..., Figure], str]] = OrderedDict()
_chart_cache_lock = threading.Lock()


def chart_svg(plot: Callable[..., Figure], *args: Any, **kwargs: Any) -> str:
    """``plot(*args, **kwargs)`` as a cleaned SVG element, the figure freed.

    The SVG is kept by a digest of the plot function, its arguments and matplotlib's settings:
    the same chart of the same data in the same style, asked for again in this process, is
    the same bytes, and is not drawn again. Arguments that cannot be pickled are never kept.
    """
    import matplotlib.pyplot as plt

    key = _chart_key(plot, args, kwargs)
    if key is not None:
        with _chart_cache_lock:
            kept = _chart_cache.get(key)
            if kept is not None and kept[0] is plot:
                _chart_cache.move_to_end(key)
                return kept[1]
    figure = plot(*args, **kwargs)
    try:
        svg = figure_svg(figure)
    finally:
        plt.close(figure)
    if key is not None:
        with _chart_cache_lock:
            _chart_cache[key] = (plot, svg)
            while len(_chart_cache) > _CHART_CACHE_SIZE:
                _chart_cache.popitem(last=False)
    return svg


def _chart_key(
    plot: Callable[..., Figure], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    """A digest of everything a chart is drawn from, or None when an argument cannot be
    pickled. The function's identity is in it as well as its name, so two wrappers of one
    name are two charts."""
    settings = sorted((name, repr(value)) for name, value in mpl.rcParams.items())
    what = (plot.__module__, plot.__qualname__, id(plot), args, sorted(kwargs.items()), settings)
    try:
        payload = pickle.dumps(what, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # pickling fails in many ways (TypeError, PicklingError, AttributeError)
        return None
    return hashlib.sha256(payload).hexdigest()


def show_chart(plot: Callable[..., Figure], *args: Any, **kwargs: Any) -> None:
    """Display ``plot(*args, **kwargs)`` once, as inline SVG (see :func:`chart_svg`)."""
    from IPython.display import display

    display(SvgChart(chart_svg(plot, *args, **kwargs)))


def show_html(html: str) -> None:
    """Display HTML produced by analysis.render (already escaped there)."""
    from IPython.display import HTML, display

    display(HTML(html))
