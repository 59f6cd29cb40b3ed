"""Figures and axes placed in inches, titles that fit, notes, and lanes.

Every chart is a bare :class:`~matplotlib.figure.Figure` on an Agg canvas, laid out by
margins in inches measured from its text (see :mod:`analysis.charts.text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.charts.style import (
    BASE_SIZE,
    MUTED_TEXT_COLOR,
    REPORT_STYLE,
    SMALL_SIZE,
    TITLE_SIZE,
)
from analysis.charts.text import greedy_lines, text_size, wrap_to_width

# Dates arrive as pandas Timestamps from the frames, as dates from ReportData, or as ISO text.
DateLike = dt.date | pd.Timestamp | str

TITLE_X_IN = 0.2  # every title and legend starts this far from the figure's left edge
TITLE_BAND_IN = 0.55  # room above the axes for the title
MIN_TITLE_SIZE = 8.0
NOTE_LINE_IN = 0.16  # one line of a chart's note, 8.5 pt with leading


def new_figure(width: float, height: float) -> Figure:
    """A figure of this size (inches), in the report's style, not registered with pyplot."""
    # A bare Figure on an Agg canvas: text can be measured before drawing, and pyplot neither
    # keeps the figure open nor displays it a second time in a notebook.
    with mpl.rc_context(REPORT_STYLE):
        fig = Figure(figsize=(width, height), dpi=REPORT_STYLE["figure.dpi"])
    FigureCanvasAgg(fig)
    return fig


def add_axes(fig: Figure, left: float, right: float, top: float, bottom: float) -> Axes:
    """An axes placed by its margins in inches, created under the report's style."""
    width, height = fig.get_size_inches()
    rect = (
        left / width,
        bottom / height,
        max(width - left - right, 0.1) / width,
        max(height - top - bottom, 0.1) / height,
    )
    with mpl.rc_context(REPORT_STYLE):
        return fig.add_axes(rect)


def set_title(ax: Axes, fig: Figure, title: str) -> None:
    """The axes' title, aligned with the figure's left edge rather than the axes'.

    A title too long for the figure's width is set smaller until it fits (down to
    :data:`MIN_TITLE_SIZE`, then wrapped): the figure is the image, so nothing may stick out.
    """
    width_in = fig.get_size_inches()[0]
    room = width_in - 2 * TITLE_X_IN
    size = TITLE_SIZE
    while size > MIN_TITLE_SIZE and text_size(fig.dpi, title, size, "bold")[0] > room:
        size -= 0.5
    if text_size(fig.dpi, title, size, "bold")[0] > room:
        title = "\n".join(wrap_to_width(fig.dpi, title, size, room, "bold", max_lines=2))
    box = ax.get_position()
    x = (TITLE_X_IN / width_in - box.x0) / box.width
    ax.set_title(title, loc="left", x=x, fontsize=size, fontweight="bold", pad=12)


def date_number(ts: Any) -> float:
    """Matplotlib's date number (days) for any date-like value."""
    return float(mdates.date2num(pd.Timestamp(ts).to_pydatetime()))


def draw_empty_note(ax: Axes, message: str) -> None:
    """A grey italic line in the middle of an axes with nothing to draw."""
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=BASE_SIZE,
        color=MUTED_TEXT_COLOR,
        style="italic",
        gid="empty-note",
        bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": "none"},
    )


def note_lines(fig: Figure, note: str | None) -> tuple[list[str], float]:
    """A chart's note wrapped to the figure's width, and the height it needs (inches)."""
    if not note:
        return [], 0.0
    width = fig.get_size_inches()[0] - 2 * TITLE_X_IN
    # Filled line by line, not balanced: a note is prose across the figure's width, and
    # balancing would measure its long prefixes many times over.
    lines = greedy_lines(fig.dpi, note.split(), SMALL_SIZE, width, "normal")
    return lines, len(lines) * NOTE_LINE_IN + 0.12


def draw_note(fig: Figure, lines: Sequence[str], top_in: float) -> None:
    """The note under the chart, ``top_in`` above the figure's bottom: what it groups or omits."""
    if not lines:
        return
    height = fig.get_size_inches()[1]
    fig.text(
        TITLE_X_IN / fig.get_size_inches()[0],
        top_in / height,
        "\n".join(lines),
        ha="left",
        va="top",
        fontsize=SMALL_SIZE,
        style="italic",
        color=MUTED_TEXT_COLOR,
        linespacing=1.25,
        gid="note",
    )


def pack_lanes(extents: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """First-fit lane for each (x0, x1) extent, taken in the order given (date order)."""
    lane_ends: list[float] = []
    lanes: list[int] = []
    for x0, x1 in extents:
        for index, lane_end in enumerate(lane_ends):
            if x0 >= lane_end + gap:
                lane_ends[index] = x1
                lanes.append(index)
                break
        else:
            lane_ends.append(x1)
            lanes.append(len(lane_ends) - 1)
    return lanes
