"""The report's charts: pure functions from the report's frames to matplotlib Figures.

Every function returns a :class:`matplotlib.figure.Figure` attached to an Agg canvas and not
registered with pyplot, so a notebook shows it once (as the cell's value or with ``display``)
and nothing is left open between cells. Nothing is shown or saved here.

Layouts are computed in inches from measured text sizes rather than left to automatic
layout, because the charts must stay free of overlapping labels at print size (7.2 inches
wide, the text column of an A4 page, no font under 8 pt).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import blended_transform_factory

from analysis.datetext import MONTH_ABBR, interval_label, label_at_precision, period_end
from analysis.verdicts import VERDICT_COLOURS, VERDICTS

# Dates arrive as pandas Timestamps from the frames, as dates from ReportData, or as ISO text.
DateLike = dt.date | pd.Timestamp | str

# --- Palette ---------------------------------------------------------------------------------
# Okabe–Ito colours, told apart under the common colour-vision deficiencies. Charts never
# rely on colour alone: origin is also a marker shape or line style, channel a marker shape.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

SIDE_COLORS: dict[str, str] = {
    "russia": OKABE_ITO["vermillion"],
    "nato": OKABE_ITO["blue"],
    "nato_member_state": OKABE_ITO["sky_blue"],
    "expert": OKABE_ITO["bluish_green"],
    "media": OKABE_ITO["reddish_purple"],
    "ukraine": OKABE_ITO["orange"],
    "other": OKABE_ITO["grey"],
}
SIDE_LABELS: dict[str, str] = {
    "russia": "Russia",
    "nato": "NATO",
    "nato_member_state": "NATO member state",
    "expert": "Expert",
    "media": "Media",
    "ukraine": "Ukraine",
    "other": "Other / joint",
}

ORIGIN_COLORS: dict[str, str] = {
    "article": OKABE_ITO["vermillion"],
    "record": OKABE_ITO["blue"],
}
ORIGIN_LABELS: dict[str, str] = {
    "article": "as the article dates it",
    "record": "as the public record dates it",
}
ORIGIN_MARKERS: dict[str, str] = {"article": "D", "record": "o"}

VERDICT_COLORS: dict[str, str] = VERDICT_COLOURS  # declared once, in analysis/verdicts.py

# Channel colours avoid vermillion, blue and sky blue, the sides that meet in the contact
# network, so an edge is never mistaken for a node's side.
CHANNEL_COLORS: dict[str, str] = {
    "phone_call": OKABE_ITO["black"],
    "meeting": OKABE_ITO["orange"],
    "council_meeting": OKABE_ITO["reddish_purple"],
    "ministerial_decision": OKABE_ITO["bluish_green"],
    "public_statement": OKABE_ITO["grey"],
}
CHANNEL_LABELS: dict[str, str] = {
    "phone_call": "phone call",
    "meeting": "meeting",
    "council_meeting": "council meeting",
    "ministerial_decision": "ministerial decision",
    "public_statement": "public statement",
}
CHANNEL_MARKERS: dict[str, str] = {
    "phone_call": "o",
    "meeting": "s",
    "council_meeting": "^",
    "ministerial_decision": "P",
    "public_statement": "*",
}

ATTRIBUTION_COLORS: dict[str, str] = {
    "direct_quote": OKABE_ITO["blue"],
    "paraphrase": OKABE_ITO["sky_blue"],
    "narration": "#BBBBBB",
}
ATTRIBUTION_LABELS: dict[str, str] = {
    "direct_quote": "direct quote",
    "paraphrase": "paraphrase",
    "narration": "outlet's narration",
}

# The focus actor is marked like a highlighter pen: yellow behind the mark and its label.
FOCUS_COLOR = OKABE_ITO["yellow"]
PHASE_COLOR = "#D9E6F2"  # a pale tint of the record's blue: phases come from the record
TEXT_COLOR = "#222222"
MUTED_TEXT_COLOR = "#555555"
GRID_COLOR = "#DDDDDD"
UNKNOWN_COLOR = OKABE_ITO["grey"]

# --- Type sizes (points) ---------------------------------------------------------------------
TITLE_SIZE = 12.0
BASE_SIZE = 10.0
LABEL_SIZE = 9.0
SMALL_SIZE = 8.5  # the floor: nothing in a chart is set smaller

FIGURE_WIDTH = 7.2  # inches: the text width of an A4 page, so fonts print at their set size

REPORT_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_SIZE,
    "text.color": TEXT_COLOR,
    "axes.titlesize": TITLE_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 10.0,
    "axes.labelsize": BASE_SIZE,
    "axes.labelcolor": TEXT_COLOR,
    "axes.edgecolor": "#444444",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": GRID_COLOR,
    "grid.linewidth": 0.6,
    "xtick.labelsize": LABEL_SIZE,
    "ytick.labelsize": LABEL_SIZE,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.fontsize": LABEL_SIZE,
    "legend.frameon": False,
    "figure.dpi": 110,
    "figure.facecolor": "white",
    "savefig.dpi": 200,
    "savefig.facecolor": "white",
}


# Written out rather than taken from strftime, whose names follow the machine's locale.
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def apply_report_style() -> None:
    """Set matplotlib's rcParams to the report's style (fonts, spines, grid, dpi, savefig)."""
    mpl.rcParams.update(REPORT_STYLE)


# One home for dates at their precision (analysis/datetext.py); the charts' names for them.
format_date = label_at_precision
format_interval = interval_label


# --- Shared helpers --------------------------------------------------------------------------

_TITLE_X_IN = 0.2  # every title and legend starts this far from the figure's left edge
_TITLE_BAND_IN = 0.55  # room above the axes for the title
_LEGEND_ROW_IN = 0.22


def _new_figure(width: float, height: float) -> Figure:
    # A bare Figure on an Agg canvas: text can be measured before drawing, and pyplot neither
    # keeps the figure open nor displays it a second time in a notebook.
    with mpl.rc_context(REPORT_STYLE):
        fig = Figure(figsize=(width, height), dpi=REPORT_STYLE["figure.dpi"])
    FigureCanvasAgg(fig)
    return fig


def _add_axes(fig: Figure, left: float, right: float, top: float, bottom: float) -> Axes:
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


_MIN_TITLE_SIZE = 8.0


def _set_title(ax: Axes, fig: Figure, title: str) -> None:
    """The axes' title, aligned with the figure's left edge rather than the axes'.

    A title too long for the figure's width is set smaller until it fits (down to
    :data:`_MIN_TITLE_SIZE`, then wrapped): the figure is the image, so nothing may stick out.
    """
    width_in = fig.get_size_inches()[0]
    room = width_in - 2 * _TITLE_X_IN
    size = TITLE_SIZE
    while size > _MIN_TITLE_SIZE and _text_size(fig, title, size, "bold")[0] > room:
        size -= 0.5
    if _text_size(fig, title, size, "bold")[0] > room:
        title = "\n".join(_wrap_to_width(fig, title, size, room, "bold", max_lines=2))
    box = ax.get_position()
    x = (_TITLE_X_IN / width_in - box.x0) / box.width
    ax.set_title(title, loc="left", x=x, fontsize=size, fontweight="bold", pad=12)


def _text_size(
    fig: Figure, text: str, size: float, weight: str = "normal", linespacing: float = 1.2
) -> tuple[float, float]:
    """Width and height of ``text`` in inches, as the figure's renderer would draw it."""
    if not text:
        return 0.0, 0.0
    return _measure_text(text, size, weight, linespacing, float(fig.dpi))


@functools.lru_cache(maxsize=65_536)
def _measure_text(
    text: str, size: float, weight: str, linespacing: float, dpi: float
) -> tuple[float, float]:
    # Layout measures the same strings many times over (wrapping tries each prefix), and a
    # batch of reports measures the same labels again: the size depends on nothing else.
    fig, renderer = _scratch_canvas(dpi)
    probe = Text(
        0,
        0,
        text,
        fontsize=size,
        fontweight=weight,
        fontfamily="DejaVu Sans",
        linespacing=linespacing,
    )
    probe.set_figure(fig)
    box = probe.get_window_extent(renderer)
    return box.width / dpi, box.height / dpi


@functools.lru_cache(maxsize=8)
def _scratch_canvas(dpi: float) -> tuple[Figure, Any]:
    """A figure and renderer kept only for measuring text."""
    fig = _new_figure(1.0, 1.0)
    fig.set_dpi(dpi)
    return fig, fig.canvas.get_renderer()


def _greedy_lines(
    fig: Figure, words: Sequence[str], size: float, max_in: float, weight: str
) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and _text_size(fig, f"{lines[-1]} {word}", size, weight)[0] <= max_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _wrap_to_width(
    fig: Figure,
    text: str | Sequence[str],
    size: float,
    max_in: float,
    weight: str = "normal",
    max_lines: int | None = None,
) -> list[str]:
    """Words of ``text`` in lines no wider than ``max_in`` inches (a lone long word may be).

    ``text`` may be given as its words already, so a phrase that must not break (a date) can
    be one word. The lines are balanced: as few as fit, then as narrow as keeps them that
    few, so no word is left alone on a last line. Past ``max_lines`` the last line kept ends
    in an ellipsis.
    """
    words = str(text).split() if isinstance(text, str) else list(text)
    lines = _greedy_lines(fig, words, size, max_in, weight)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;") + "…"
    elif len(lines) > 1:
        # The narrowest width giving as many lines, found by bisection.
        hi = max_in
        lo = min(max(_text_size(fig, word, size, weight)[0] for word in words), hi)
        for _ in range(8):
            mid = (lo + hi) / 2
            if len(_greedy_lines(fig, words, size, mid, weight)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = _greedy_lines(fig, words, size, hi, weight)
    return lines or [""]


def _num(ts: Any) -> float:
    """Matplotlib's date number (days) for any date-like value."""
    return float(mdates.date2num(pd.Timestamp(ts).to_pydatetime()))


def _is_true(value: Any, default: bool = False) -> bool:
    """A flag from a frame cell, where a missing value (None, NaN, NA) means ``default``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return default
    return bool(value)


def _empty_note(ax: Axes, message: str) -> None:
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


_NOTE_LINE_IN = 0.16  # one line of a chart's note, 8.5 pt with leading


def _note_lines(fig: Figure, note: str | None) -> tuple[list[str], float]:
    """A chart's note wrapped to the figure's width, and the height it needs (inches)."""
    if not note:
        return [], 0.0
    width = fig.get_size_inches()[0] - 2 * _TITLE_X_IN
    # Filled line by line, not balanced: a note is prose across the figure's width, and
    # balancing would measure its long prefixes many times over.
    lines = _greedy_lines(fig, note.split(), SMALL_SIZE, width, "normal")
    return lines, len(lines) * _NOTE_LINE_IN + 0.12


def _draw_note(fig: Figure, lines: Sequence[str], top_in: float) -> None:
    """The note under the chart, ``top_in`` above the figure's bottom: what it groups or omits."""
    if not lines:
        return
    height = fig.get_size_inches()[1]
    fig.text(
        _TITLE_X_IN / fig.get_size_inches()[0],
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


# A legend group: its title, its entries and how many columns it spreads over.
LegendGroup = tuple[str, list[Any], int]
LegendLayout = list[tuple[float, float, LegendGroup]]


def _legend_layout(fig: Figure, groups: Sequence[LegendGroup]) -> tuple[LegendLayout, float]:
    """Titled legend groups side by side, wrapping to a new line at the figure's width.

    Returns each group's (x, y below the block's top) in inches and the block's height.
    """
    limit = fig.get_size_inches()[0] - _TITLE_X_IN
    x, y, line_height = _TITLE_X_IN, 0.0, 0.0
    layout: LegendLayout = []
    for group in groups:
        title, handles, ncol = group
        if not handles:
            continue
        ncol = max(1, min(ncol, len(handles)))
        label_w = max(_text_size(fig, str(h.get_label()), LABEL_SIZE)[0] for h in handles)
        # Handle (2.2 em), its gap to the text (0.8 em) and the gap between columns (1.6 em).
        column_w = 0.42 + label_w + 0.2
        width = max(_text_size(fig, title, LABEL_SIZE, "bold")[0], ncol * column_w) + 0.2
        height = (1 + math.ceil(len(handles) / ncol)) * _LEGEND_ROW_IN
        if layout and x + width > limit:
            x, y, line_height = _TITLE_X_IN, y + line_height + 0.1, 0.0
        layout.append((x, y, (title, handles, ncol)))
        x += width
        line_height = max(line_height, height)
    return layout, (y + line_height if layout else 0.0)


def _draw_legends(fig: Figure, layout: LegendLayout, top_in: float) -> None:
    """Draw legend groups laid out by :func:`_legend_layout`, ``top_in`` above the bottom."""
    width, height = fig.get_size_inches()
    for x, y, (title, handles, ncol) in layout:
        fig.legend(
            handles=handles,
            title=title,
            title_fontproperties={"weight": "bold", "size": LABEL_SIZE},
            alignment="left",
            loc="upper left",
            bbox_to_anchor=(x / width, (top_in - y) / height),
            ncol=ncol,
            fontsize=LABEL_SIZE,
            frameon=False,
            handlelength=2.2,
            handletextpad=0.8,
            columnspacing=1.6,
            borderaxespad=0.0,
            borderpad=0.0,
        )


def _marker_entry(
    label: str, marker: str, color: str, face: str | None = None, size: float = 7
) -> Line2D:
    style = {"markeredgecolor": color, "markerfacecolor": face or color, "markeredgewidth": 1.3}
    return Line2D([], [], marker=marker, linestyle="none", markersize=size, label=label, **style)


def _line_entry(
    label: str, color: str, dashed: bool = False, width: float = 2.0, alpha: float = 1.0
) -> Line2D:
    style: Any = (0, (4, 2.5)) if dashed else "-"
    return Line2D([], [], color=color, linestyle=style, linewidth=width, alpha=alpha, label=label)


def _patch_entry(label: str, face: str, edge: str = "none", alpha: float = 1.0) -> Patch:
    return Patch(facecolor=face, edgecolor=edge, alpha=alpha, label=label)


def _highlight_box() -> dict[str, Any]:
    return {"boxstyle": "square,pad=0.12", "facecolor": FOCUS_COLOR, "edgecolor": "none"}


def _label_box(focus: bool) -> dict[str, Any]:
    """Behind a label: the focus highlight, or white so gridlines do not cross the words."""
    if focus:
        return _highlight_box()
    return {"boxstyle": "square,pad=0.08", "facecolor": "white", "alpha": 0.85, "edgecolor": "none"}


# --- 2. Timeline -----------------------------------------------------------------------------

_LINE_IN = 0.14  # one 9 pt line of a timeline label, with leading
_ROW_PAD_IN = 0.08
_HEADER_IN = 0.3
_LABEL_GAP_IN = 0.07  # mark to its label
_ARROW_IN = 0.12  # arrowhead of a band or bar that runs on past the window edge
_MAX_LABEL_IN = 4.5  # longer labels wrap (about 70 characters), so none spans the chart
_ITEM_GAP_IN = 0.35  # between two items sharing a lane: wide enough to tell them apart


def _date_axis(ax: Axes, x_lo: float, x_hi: float) -> str:
    """Year gridlines with tick labels, finer ticks for short windows; returns the x label."""

    def month_label(value: float, _: int) -> str:
        day = mdates.num2date(value)
        if day.month == 1:
            return f"{day.year}"
        # The window's first tick names its year too, when no January tick would.
        if value - x_lo < 1.0:
            return f"{MONTH_ABBR[day.month - 1]} {day.year}"
        return MONTH_ABBR[day.month - 1]

    span_days = x_hi - x_lo

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(True, axis="x", which="major", color="#BBBBBB", linewidth=0.8)
    ax.grid(True, axis="x", which="minor", color=GRID_COLOR, linewidth=0.5)
    # Equal tick lengths keep year and month labels on one baseline.
    ax.tick_params(axis="x", which="major", labelsize=LABEL_SIZE, length=4)
    ax.tick_params(
        axis="x", which="minor", length=4, labelsize=SMALL_SIZE, labelcolor=MUTED_TEXT_COLOR
    )
    if span_days > 3 * 366:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
        return "Year (minor ticks: quarters)"
    if span_days > 366:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
        ax.xaxis.set_minor_formatter(mpl.ticker.FuncFormatter(month_label))
        return "Year and quarter"
    # Within a year or so every month is ticked and named; January carries the year.
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=1))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=range(2, 13)))
    ax.xaxis.set_minor_formatter(mpl.ticker.FuncFormatter(month_label))
    return "Month"


def _timeline_item_label(row: dict[str, Any]) -> tuple[str, str]:
    """An item's label and its date in brackets, e.g. "(3 Mar 2017)"."""
    precision = str(row["date_precision"])
    start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    if _is_group(row):
        # A group is dated by the period it gathers, not by its first and last event.
        start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    if row["item_kind"] == "phase" and _is_true(row.get("is_open_ended")):
        when = f"since {format_date(start, precision)}"
    else:
        when = format_interval(start, end, precision)
    if _is_group(row):
        unconfirmed = sum(not _is_true(c, True) for c in row.get("member_confirmed") or [])
        when += f", {unconfirmed} unconfirmed" if unconfirmed else ""
    elif not _is_true(row.get("is_confirmed"), default=True):
        when += ", unconfirmed"
    return str(row["label"]), f"({when})"


def _is_group(row: dict[str, Any]) -> bool:
    """Whether a timeline row stands for several events (see compute.group_timeline_events)."""
    members = row.get("member_ids")
    return isinstance(members, list) and len(members) > 1


def _group_points(row: dict[str, Any]) -> list[tuple[str, pd.Timestamp, bool, bool]]:
    """A group row's events dated to the day: id, day, confirmed, involves the focus."""
    starts = row.get("member_starts")
    if not _is_group(row) or not isinstance(starts, list) or not starts:
        return []
    return list(
        zip(
            row["member_ids"],
            starts,
            row.get("member_confirmed") or [True] * len(starts),
            row.get("member_focus") or [False] * len(starts),
            strict=True,
        )
    )


def _band_polygon(
    x0: float, x1: float, y: float, half: float, arrows: tuple[bool, bool], head: float
) -> list[tuple[float, float]]:
    """Outline of a bar whose cut ends point outward: it runs on past the window's edge."""
    left_arrow, right_arrow = arrows
    inner0 = x0 + (head if left_arrow else 0.0)
    inner1 = x1 - (head if right_arrow else 0.0)
    points = [(inner0, y + half), (inner1, y + half)]
    if right_arrow:
        points.append((x1, y))
    points += [(inner1, y - half), (inner0, y - half)]
    if left_arrow:
        points.append((x0, y))
    return points


def _item_sort_key(row: dict[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    return pd.Timestamp(row["start"]), pd.Timestamp(row["end"]), str(row["item_id"])


def _timeline_item_layout(
    fig: Figure, row: dict[str, Any], x_lo: float, x_hi: float, days_per_in: float
) -> dict[str, Any]:
    """Where one timeline item's mark and label go, in date units, and its label's lines."""
    gap = _LABEL_GAP_IN * days_per_in
    head = _ARROW_IN * days_per_in
    is_phase = row["item_kind"] == "phase"
    start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    true_x0, true_x1 = _num(start), _num(end) + 1.0
    points = _group_points(row)
    is_point = not is_phase and not points and row["date_precision"] == "day" and end <= start
    if is_point:
        # A day is a point at the day's middle; keep room for the marker around it.
        mid = true_x0 + 0.5
        x0, x1 = mid - 0.06 * days_per_in, mid + 0.06 * days_per_in
    else:
        x0, x1 = max(true_x0, x_lo), min(true_x1, x_hi)
    open_ended = is_phase and _is_true(row.get("is_open_ended"))
    drawn_whole = is_point or bool(points)  # points are never cut at the window's edge
    arrows = (
        not drawn_whole and true_x0 < x_lo,
        not drawn_whole and (true_x1 > x_hi or open_ended),
    )
    name, when = _timeline_item_label(row)
    width_in = _text_size(fig, f"{name} {when}", LABEL_SIZE)[0]
    room_right = min((x_hi - x1 - gap) / days_per_in, _MAX_LABEL_IN)
    room_left = min((x0 - gap - x_lo) / days_per_in, _MAX_LABEL_IN)
    room_inside = (x1 - x0 - 4 * gap - head * sum(arrows)) / days_per_in
    if is_phase and width_in <= room_inside:
        side, room = "inside", room_inside
    elif width_in <= room_right:
        side, room = "right", room_right
    elif width_in <= room_left:
        side, room = "left", room_left
    elif is_phase and room_inside >= max(room_left, room_right):
        # Wrapped inside its band, which grows to hold it.
        side, room = "inside", room_inside
    elif room_right >= room_left:
        side, room = "right", room_right
    else:
        side, room = "left", room_left
    # The date in brackets stays on one line, unless it alone is wider than the room.
    date_words = [when] if _text_size(fig, when, LABEL_SIZE)[0] <= room else when.split()
    lines = _wrap_to_width(fig, [*name.split(), *date_words], LABEL_SIZE, room)
    text_w = max(_text_size(fig, line, LABEL_SIZE)[0] for line in lines) * days_per_in
    if side == "right":
        extent = (x0, x1 + gap + text_w)
    elif side == "left":
        extent = (x0 - gap - text_w, x1)
    else:
        extent = (x0, x1)
    return {
        "row": row,
        "x0": x0,
        "x1": x1,
        "is_point": is_point,
        "is_phase": is_phase,
        "points": points,
        "arrows": arrows,
        "focus": _is_true(row.get("involves_focus")),
        "side": side,
        "text": "\n".join(lines),
        "n_lines": len(lines),
        # Half the bar's height; a band grows to hold a label wrapped inside it.
        "half": (
            max(0.085, len(lines) * _LINE_IN / 2 + 0.03)
            if side == "inside"
            else (0.085 if is_phase else 0.06)
        ),
        "extent": extent,
    }


def _pack_lanes(extents: Sequence[tuple[float, float]], gap: float) -> list[int]:
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


def plot_timeline(
    timeline: pd.DataFrame,
    window_start: DateLike,
    window_end: DateLike,
    title: str,
    reference_date: DateLike | None = None,
    compact: bool = False,
    note: str = "",
) -> Figure:
    """Phases and events over the window, each date drawn at its true precision.

    Phases (``item_kind == "phase"``) are bands in their own lanes at the top; one that is
    open-ended, or runs past the window, ends in an arrowhead at the window's edge. Events
    follow in two groups: as the article dates them (diamonds) and as the public record
    dates them (circles). A day-precision event is a point; a month- or year-precision
    event is a bar over its whole interval (first to last day).
    Unconfirmed record events are hollow points or dashed bars; those involving the focus
    actor sit on yellow. ``reference_date``, if given, is a dashed vertical line.

    Each event has its own row, so the chart reads top-down in date order; with ``compact``,
    events whose marks and labels fit side by side share a lane (taken in date order),
    which saves height but interleaves two chronologies. A row grouping several events
    (``member_ids``, from :func:`analysis.compute.group_timeline_events`) draws those dated
    to the day as small points on a thin line, and is labelled with their count. ``note``,
    if given, is printed under the axes: it says what the chart groups or leaves out.

    Each mark carries its ``item_id`` as gid (a grouped event's point, its own id), each
    label ``"label:<item_id>"``.
    """
    lo, hi = pd.Timestamp(window_start), pd.Timestamp(window_end)
    x_lo, x_hi = _num(lo), _num(hi) + 1.0
    left_in, right_in = 0.3, 0.3
    fig = _new_figure(FIGURE_WIDTH, 4.0)
    days_per_in = (x_hi - x_lo) / (FIGURE_WIDTH - left_in - right_in)
    gap = _LABEL_GAP_IN * days_per_in
    head = _ARROW_IN * days_per_in

    records = [] if timeline is None or timeline.empty else timeline.to_dict(orient="records")
    events = [r for r in records if r["item_kind"] != "phase"]
    groups = [
        (
            "Phases (public record)",
            sorted((r for r in records if r["item_kind"] == "phase"), key=_item_sort_key),
        ),
        (
            "Events as the article dates them",
            sorted((r for r in events if r["origin"] == "article"), key=_item_sort_key),
        ),
        (
            "Events in the public record",
            sorted((r for r in events if r["origin"] != "article"), key=_item_sort_key),
        ),
    ]

    # Each item's mark, label side and (possibly wrapped) label, then its lane. Lanes are laid
    # top-down in inches, each as tall as its tallest label, so labels never overlap.
    headers: list[tuple[float, str]] = []
    items: list[dict[str, Any]] = []
    y = 0.0
    for header, members in groups:
        if not members:
            continue
        headers.append((y, header))
        y += _HEADER_IN
        group_items = [_timeline_item_layout(fig, row, x_lo, x_hi, days_per_in) for row in members]
        if compact and group_items[0]["is_phase"] is False:
            lanes = _pack_lanes(
                [(i["extent"][0], i["extent"][1]) for i in group_items],
                _ITEM_GAP_IN * days_per_in,
            )
        else:
            lanes = list(range(len(group_items)))
        n_lanes = max(lanes) + 1
        lane_heights = [0.0] * n_lanes
        for item, lane in zip(group_items, lanes, strict=True):
            height = max(item["n_lines"] * _LINE_IN, 2 * item["half"]) + _ROW_PAD_IN
            lane_heights[lane] = max(lane_heights[lane], height)
        lane_tops = list(np.cumsum([0.0, *lane_heights[:-1]]) + y)
        for item, lane in zip(group_items, lanes, strict=True):
            item["y"] = lane_tops[lane] + lane_heights[lane] / 2
            items.append(item)
        y += sum(lane_heights)
    body_in = max(y, 1.0)

    events = [i for i in items if not i["is_phase"]]
    marks: list[Any] = []
    if any(i["row"]["origin"] == "article" for i in events):
        marks.append(
            _marker_entry(
                ORIGIN_LABELS["article"], ORIGIN_MARKERS["article"], ORIGIN_COLORS["article"]
            )
        )
    if any(i["row"]["origin"] != "article" for i in events):
        marks.append(
            _marker_entry(
                ORIGIN_LABELS["record"], ORIGIN_MARKERS["record"], ORIGIN_COLORS["record"]
            )
        )
    if len(events) < len(items):
        marks.append(_patch_entry("phase (public record)", PHASE_COLOR, ORIGIN_COLORS["record"]))
    precision: list[Any] = []
    if any(i["is_point"] for i in events):
        precision.append(_marker_entry("day known: a point", "o", "#777777"))
    if any(not i["is_point"] and not i["points"] for i in events):
        precision.append(_patch_entry("only month or year known: a bar over all of it", "#777777"))
    if any(i["points"] for i in events):
        precision.append(
            Line2D(
                [],
                [],
                color="#777777",
                linewidth=0.8,
                marker="o",
                markersize=4.5,
                label="several days in one row: a point each",
            )
        )
    if any(any(i["arrows"]) for i in items):
        arrow_label = "arrowhead: runs on past the window"
        precision.append(_marker_entry(arrow_label, ">", ORIGIN_COLORS["record"], PHASE_COLOR, 8))
    other: list[Any] = []
    if any(not _is_true(i["row"].get("is_confirmed"), default=True) for i in items):
        hollow_label = "date not confirmed: hollow or dashed"
        other.append(_marker_entry(hollow_label, "o", ORIGIN_COLORS["record"], face="white"))
    if any(i["focus"] for i in items):
        other.append(_patch_entry("involves the focus actor", FOCUS_COLOR))
    if reference_date is not None:
        ref_label = f"reference date, {format_date(reference_date, 'day')}"
        other.append(_line_entry(ref_label, MUTED_TEXT_COLOR, dashed=True, width=1.0))
    legends, legend_in = _legend_layout(
        fig, [("Marks", marks, 1), ("Dates", precision, 1), ("Also", other, 1)]
    )
    note_lines, note_in = _note_lines(fig, note)
    axis_text_in = 0.62  # tick labels and the x label under the axes
    bottom_in = axis_text_in + note_in + legend_in + 0.1
    fig.set_size_inches(FIGURE_WIDTH, _TITLE_BAND_IN + body_in + bottom_in)
    ax = _add_axes(fig, left_in, right_in, _TITLE_BAND_IN, bottom_in)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(body_in, 0.0)
    _set_title(ax, fig, title)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(_date_axis(ax, x_lo, x_hi), fontsize=LABEL_SIZE, color=MUTED_TEXT_COLOR)
    if reference_date is not None:
        ref = _num(reference_date) + 0.5
        if x_lo <= ref <= x_hi:
            ax.axvline(
                ref,
                color=MUTED_TEXT_COLOR,
                linestyle=(0, (4, 3)),
                linewidth=1.0,
                zorder=1,
                gid="reference-date",
            )
    if not items:
        _empty_note(ax, "No phases or events in this window")

    for top, text in headers:
        if top > 0:
            ax.axhline(top, color="#BBBBBB", linewidth=0.6, zorder=1)
        ax.text(
            x_lo + 0.03 * days_per_in,
            top + _HEADER_IN / 2 + 0.02,
            text,
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight="bold",
            color=MUTED_TEXT_COLOR,
            gid=f"header:{text}",
        )

    for item in items:
        row, y_mid = item["row"], item["y"]
        item_id = str(row["item_id"])
        origin = str(row["origin"])
        color = ORIGIN_COLORS.get(origin, UNKNOWN_COLOR)
        confirmed = _is_true(row.get("is_confirmed"), default=True)
        x0, x1 = item["x0"], item["x1"]
        if item["points"]:
            _draw_group_points(ax, item["points"], y_mid, x0, x1, origin, item_id)
        elif item["is_point"]:
            mid = (x0 + x1) / 2
            if item["focus"]:
                ax.plot(
                    [mid],
                    [y_mid],
                    marker="o",
                    markersize=13,
                    color=FOCUS_COLOR,
                    linestyle="none",
                    zorder=2,
                )
            ax.plot(
                [mid],
                [y_mid],
                marker=ORIGIN_MARKERS.get(origin, "o"),
                markersize=7,
                markerfacecolor=color if confirmed else "white",
                markeredgecolor=color,
                markeredgewidth=1.4,
                linestyle="none",
                zorder=4,
                gid=item_id,
            )
        else:
            half = item["half"]
            if item["focus"]:
                ax.add_patch(
                    Rectangle(
                        (x0 - 0.04 * days_per_in, y_mid - half - 0.04),
                        x1 - x0 + 0.08 * days_per_in,
                        2 * half + 0.08,
                        facecolor=FOCUS_COLOR,
                        edgecolor="none",
                        zorder=2,
                    )
                )
            if any(item["arrows"]):
                patch: Any = Polygon(_band_polygon(x0, x1, y_mid, half, item["arrows"], head))
            else:
                patch = Rectangle((x0, y_mid - half), x1 - x0, 2 * half)
            if item["is_phase"]:
                patch.set(facecolor=PHASE_COLOR, edgecolor=ORIGIN_COLORS["record"], linewidth=0.8)
            else:
                patch.set(
                    facecolor=color if confirmed else "white",
                    edgecolor=color,
                    linewidth=1.2,
                    linestyle="-" if confirmed else (0, (3, 2)),
                )
            patch.set(zorder=3, gid=item_id)
            ax.add_patch(patch)

        if item["side"] == "inside":
            lx, ha = x0 + (head if item["arrows"][0] else 0.0) + 2 * gap, "left"
        elif item["side"] == "right":
            lx, ha = x1 + gap, "left"
        else:
            lx, ha = x0 - gap, "right"
        ax.text(
            lx,
            y_mid,
            item["text"],
            ha=ha,
            va="center",
            fontsize=LABEL_SIZE,
            color=TEXT_COLOR,
            linespacing=1.05,
            zorder=5,
            gid=f"label:{item_id}",
            bbox=_label_box(item["focus"]) if item["side"] != "inside" else None,
        )

    _draw_note(fig, note_lines, top_in=legend_in + note_in + 0.05)
    _draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig


def _draw_group_points(
    ax: Axes,
    points: Sequence[tuple[str, pd.Timestamp, bool, bool]],
    y_mid: float,
    x0: float,
    x1: float,
    origin: str,
    row_id: str,
) -> None:
    """A group row: a thin line over its days, and a small point at each event's day."""
    color = ORIGIN_COLORS.get(origin, UNKNOWN_COLOR)
    ax.plot([x0, x1], [y_mid, y_mid], color=color, linewidth=0.8, alpha=0.6, zorder=3, gid=row_id)
    for member_id, day, confirmed, focus in points:
        mid = _num(day) + 0.5
        if focus:
            ax.plot([mid], [y_mid], marker="o", markersize=9, color=FOCUS_COLOR, zorder=2)
        ax.plot(
            [mid],
            [y_mid],
            marker=ORIGIN_MARKERS.get(origin, "o"),
            markersize=4.5,
            markerfacecolor=color if confirmed else "white",
            markeredgecolor=color,
            markeredgewidth=0.9,
            linestyle="none",
            zorder=4,
            gid=str(member_id),
        )


# --- 3. The week of contacts -----------------------------------------------------------------

_WEEK_LABEL_IN = 2.5  # row names wrap to this width, leaving the nine days about 4 inches


def plot_contact_week(
    contacts: pd.DataFrame,
    week_start: DateLike,
    week_end: DateLike,
    title: str,
    note: str = "",
) -> Figure:
    """The week's contacts, one row each: which day, by which channel, known from where.

    x is the day (every day ticked, e.g. "Tue 28"; weekends shaded). The marker tells the
    channel and its colour the origin, the article's own dating or the public record, so a
    contact the two date differently appears twice, on two days. A contact over several
    days, or known only to the month, is a bar over its days; unconfirmed ones are hollow.
    Each row is named on the left by its label (bold) and participants (grey). ``note``, if
    given, is printed under the axes: it says what the chart groups or leaves out.
    """
    first = pd.Timestamp(week_start).normalize()
    last = pd.Timestamp(week_end).normalize()
    days = pd.date_range(first, last, freq="D")
    fig = _new_figure(FIGURE_WIDTH, 3.0)
    rows = [] if contacts is None or contacts.empty else contacts.to_dict(orient="records")

    blocks = []
    for row in rows:
        people = str(row.get("participants") or "").strip() or "participants not named"
        label = str(row.get("label") or "")
        blocks.append(
            (
                row,
                _wrap_to_width(fig, label, LABEL_SIZE, _WEEK_LABEL_IN, "bold", max_lines=3),
                _wrap_to_width(fig, people, SMALL_SIZE, _WEEK_LABEL_IN, max_lines=2),
            )
        )
    sizes = [
        (
            _text_size(fig, "\n".join(b[1]), LABEL_SIZE, "bold", linespacing=1.0),
            _text_size(fig, "\n".join(b[2]), SMALL_SIZE, linespacing=1.0),
        )
        for b in blocks
    ]
    label_w = max([max(a[0], b[0]) for a, b in sizes] + [0.0])
    heights = [a[1] + b[1] + 0.04 + 0.2 for a, b in sizes]

    origins = [o for o in ORIGIN_COLORS if any(r["origin"] == o for r in rows)]
    channels = [c for c in CHANNEL_LABELS if any(r.get("channel") == c for r in rows)]
    spans = any(
        period_end(
            r["contact_start"], r.get("contact_end"), str(r.get("date_precision"))
        ).normalize()
        > pd.Timestamp(r["contact_start"]).normalize()
        for r in rows
    )
    unconfirmed = any(not _is_true(r.get("is_confirmed"), default=True) for r in rows)
    dated = [_patch_entry(ORIGIN_LABELS[o], ORIGIN_COLORS[o]) for o in origins]
    shapes = [
        _marker_entry(CHANNEL_LABELS[c], CHANNEL_MARKERS[c], "#444444", size=9) for c in channels
    ]
    other: list[Any] = []
    if spans:
        other.append(
            _patch_entry("several days, or only the month known", "#999999", "#999999", alpha=0.35)
        )
    if unconfirmed:
        other.append(_marker_entry("date not confirmed", "o", "#444444", face="white", size=9))
    legends, legend_in = _legend_layout(
        fig, [("Colour: dated", dated, 1), ("Shape: channel", shapes, 1), ("Also", other, 1)]
    )

    left_in = max(label_w + 0.4, 1.0)
    right_in = 0.3
    note_lines, note_in = _note_lines(fig, note)
    axis_text_in = 0.85  # two-line day ticks and the x label
    bottom_in = axis_text_in + note_in + legend_in + 0.1
    body_in = sum(heights) if blocks else 1.2
    fig.set_size_inches(FIGURE_WIDTH, _TITLE_BAND_IN + body_in + bottom_in)
    ax = _add_axes(fig, left_in, right_in, _TITLE_BAND_IN, bottom_in)
    _set_title(ax, fig, title)
    x_lo, x_hi = _num(first) - 0.6, _num(last) + 0.6
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(body_in, 0.0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xticks([_num(d) for d in days])
    # At 7.2 inches a day is about half an inch: only the first day and a month's first day
    # name the month, so the day ticks do not run into each other.
    ax.set_xticklabels(
        [
            f"{WEEKDAY_ABBR[d.day_of_week]}\n{d.day}"
            + (f" {MONTH_ABBR[d.month - 1]}" if i == 0 or d.day == 1 else "")
            for i, d in enumerate(days)
        ],
        fontsize=LABEL_SIZE,
    )
    ax.grid(True, axis="x", color=GRID_COLOR, linewidth=0.6)
    ax.set_xlabel(
        f"Day, {format_interval(first, last, 'day')} (weekends shaded)",
        fontsize=LABEL_SIZE,
        color=MUTED_TEXT_COLOR,
    )
    for day in days:
        if day.day_of_week >= 5:
            ax.axvspan(_num(day) - 0.5, _num(day) + 0.5, color="#EFEFEF", zorder=0, linewidth=0)
    if not blocks:
        _empty_note(ax, "No contacts in this window")

    # Row names sit in the left margin: x in inches from the figure's edge, y in row data.
    margin = blended_transform_factory(fig.dpi_scale_trans, ax.transData)
    text_x = left_in - 0.2
    top = 0.0
    for index, ((row, label_lines, people_lines), height, (label_size, people_size)) in enumerate(
        zip(blocks, heights, sizes, strict=True)
    ):
        y_mid = top + height / 2
        if index > 0:
            ax.axhline(top, color=GRID_COLOR, linewidth=0.6, zorder=1)
        key = f"{row['contact_id']}:{row['origin']}"
        text_top = y_mid - (label_size[1] + 0.04 + people_size[1]) / 2
        ax.text(
            text_x,
            text_top,
            "\n".join(label_lines),
            transform=margin,
            ha="right",
            va="top",
            fontsize=LABEL_SIZE,
            fontweight="bold",
            linespacing=1.0,
            gid=f"label:{key}",
        )
        ax.text(
            text_x,
            text_top + label_size[1] + 0.04,
            "\n".join(people_lines),
            transform=margin,
            ha="right",
            va="top",
            fontsize=SMALL_SIZE,
            color=MUTED_TEXT_COLOR,
            linespacing=1.0,
            gid=f"participants:{key}",
        )
        origin = str(row["origin"])
        channel = str(row.get("channel") or "")
        color = ORIGIN_COLORS.get(origin, UNKNOWN_COLOR)
        confirmed = _is_true(row.get("is_confirmed"), default=True)
        start = pd.Timestamp(row["contact_start"])
        end = period_end(start, row.get("contact_end"), str(row.get("date_precision") or "day"))
        if end.normalize() > start.normalize():
            bx0 = max(_num(start) - 0.35, x_lo)
            bx1 = min(_num(end) + 0.35, x_hi)
            ax.add_patch(
                Rectangle(
                    (bx0, y_mid - 0.06),
                    bx1 - bx0,
                    0.12,
                    facecolor=color if confirmed else "white",
                    edgecolor=color,
                    alpha=0.35 if confirmed else 1.0,
                    linestyle="-" if confirmed else (0, (3, 2)),
                    zorder=2,
                    gid=f"span:{key}",
                )
            )
        x = min(max(_num(start), x_lo + 0.1), x_hi - 0.1)
        ax.plot(
            [x],
            [y_mid],
            marker=CHANNEL_MARKERS.get(channel, "o"),
            markersize=10,
            markerfacecolor=color if confirmed else "white",
            markeredgecolor=color,
            markeredgewidth=1.6,
            linestyle="none",
            zorder=4,
            gid=key,
        )
        top += height

    _draw_note(fig, note_lines, top_in=legend_in + note_in + 0.05)
    _draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig


# --- 4. Speakers -----------------------------------------------------------------------------


_SPEAKER_NAME_IN = 2.4  # longer names wrap, to two lines at most, so the bars keep their room


def plot_speakers(
    speakers: pd.DataFrame,
    title: str,
    focus_name: str | None = None,
    summary_row: str | None = None,
    note: str = "",
) -> Figure:
    """Claims per speaker, split by how the article attributes them.

    Rows are the speakers (the frame's index, in its order from the top); segments are the
    attribution modes: direct quote, paraphrase and the outlet's own narration. A row's
    total is written after its bar, and each segment's count inside it when the bar has
    several segments and the count fits. The focus speaker's name is highlighted.
    ``summary_row`` names a row that sums other speakers (see
    :func:`analysis.compute.top_speakers`): its name is set in italics. ``note``, if given,
    is printed under the axes: it says what the chart groups or leaves out.
    """
    return _plot_stacked_bars(
        speakers,
        ATTRIBUTION_LABELS,
        ATTRIBUTION_COLORS,
        light_text={"direct_quote"},
        title=title,
        legend_title="How the claim is attributed",
        x_label="Claims in the article",
        empty_text="No claims annotated",
        focus_name=focus_name,
        summary_row=summary_row,
        note=note,
    )


def plot_verdicts(
    verdicts: pd.DataFrame,
    title: str,
    focus_name: str | None = None,
    summary_row: str | None = None,
    note: str = "",
) -> Figure:
    """Checked claims per speaker, split by verdict, in the verdicts' declared colours.

    ``verdicts`` is :func:`analysis.compute.count_verdicts_by_speaker`'s table (speakers as
    the index, one column per verdict), cut to a page by
    :func:`analysis.compute.top_speakers`, whose ``summary_row`` and ``note`` it takes.
    """
    return _plot_stacked_bars(
        verdicts,
        {v.name: v.label for v in VERDICTS},
        VERDICT_COLOURS,
        light_text={"supported", "contradicted"},
        title=title,
        legend_title="Verdict",
        x_label="Checked claims",
        empty_text="No claims checked",
        focus_name=focus_name,
        summary_row=summary_row,
        note=note,
    )


def _plot_stacked_bars(
    counts: pd.DataFrame | None,
    labels: dict[str, str],
    colours: dict[str, str],
    light_text: set[str],
    title: str,
    legend_title: str,
    x_label: str,
    empty_text: str,
    focus_name: str | None = None,
    summary_row: str | None = None,
    note: str = "",
) -> Figure:
    """Horizontal bars, one a row of ``counts``, stacked by its columns named in ``labels``.

    Counts inside segments are white on the colours of ``light_text``, dark on the others.
    """
    modes = [m for m in labels if counts is not None and m in counts.columns]
    if counts is None or counts.empty or not modes:
        table = pd.DataFrame(columns=list(labels), dtype=int)
    else:
        table = counts[modes].fillna(0).astype(int)
    names = [str(n) for n in table.index]
    fig = _new_figure(FIGURE_WIDTH, 3.0)
    # Measured in bold, the focus speaker's weight, so any name may be highlighted.
    shown = [
        "\n".join(_wrap_to_width(fig, n, LABEL_SIZE, _SPEAKER_NAME_IN, "bold", max_lines=2))
        for n in names
    ]
    name_w = max([_text_size(fig, n, LABEL_SIZE, "bold")[0] for n in shown] + [0.6])
    left_in, right_in = name_w + 0.35, 0.45
    handles = [_patch_entry(labels[m], colours[m]) for m in modes]
    legends, legend_in = _legend_layout(fig, [(legend_title, handles, len(labels))])
    note_lines, note_in = _note_lines(fig, note)
    axis_text_in = 0.55
    bottom_in = axis_text_in + note_in + legend_in + 0.1
    body_in = max(len(names), 2) * 0.4
    fig.set_size_inches(FIGURE_WIDTH, _TITLE_BAND_IN + body_in + bottom_in)
    ax = _add_axes(fig, left_in, right_in, _TITLE_BAND_IN, bottom_in)
    _set_title(ax, fig, title)
    ax.set_xlabel(x_label, fontsize=LABEL_SIZE)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))

    if table.empty:
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        _empty_note(ax, empty_text)
        _draw_note(fig, note_lines, top_in=legend_in + note_in + 0.05)
        return fig

    totals = table.sum(axis=1).to_numpy()
    x_max = max(float(totals.max()), 1.0) * 1.06
    ax.set_xlim(0, x_max)
    ax.set_ylim(len(names) - 0.5, -0.5)
    in_per_claim = (FIGURE_WIDTH - left_in - right_in) / x_max
    y = np.arange(len(names))
    n_segments = (table > 0).sum(axis=1).to_numpy()
    left = np.zeros(len(names))
    for mode in modes:
        counts = table[mode].to_numpy()
        bars = ax.barh(
            y,
            counts,
            left=left,
            height=0.62,
            color=colours[mode],
            edgecolor="white",
            linewidth=0.8,
            label=labels[mode],
        )
        for index, (bar, count) in enumerate(zip(bars, counts, strict=True)):
            bar.set_gid(f"{mode}:{names[index]}")
            text = str(int(count))
            fits = _text_size(fig, text, LABEL_SIZE)[0] + 0.1 <= count * in_per_claim
            if count > 0 and n_segments[index] > 1 and fits:
                ax.text(
                    left[index] + count / 2,
                    index,
                    text,
                    ha="center",
                    va="center",
                    fontsize=LABEL_SIZE,
                    color="white" if mode in light_text else TEXT_COLOR,
                    gid=f"count:{mode}:{names[index]}",
                )
        left = left + counts
    for index, total in enumerate(totals):
        ax.text(
            total + x_max * 0.01,
            index,
            f"{int(total)}",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight="bold",
            color=TEXT_COLOR,
            gid=f"total:{names[index]}",
        )
    ax.set_yticks(y)
    ax.set_yticklabels(shown, fontsize=LABEL_SIZE)
    for tick_label in ax.get_yticklabels():
        if "\n" in tick_label.get_text():
            tick_label.set_linespacing(1.0)  # a wrapped name stays within its row
    ax.tick_params(axis="y", length=0)
    for name, tick_label in zip(names, ax.get_yticklabels(), strict=True):
        if focus_name is not None and name == focus_name:
            tick_label.set_fontweight("bold")
            tick_label.set_bbox(_highlight_box())
        if summary_row is not None and name == summary_row:
            tick_label.set_fontstyle("italic")
    _draw_note(fig, note_lines, top_in=legend_in + note_in + 0.05)
    _draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig


# --- 5. Contact network ----------------------------------------------------------------------

_NODE_R = 0.11  # node radius, inches
_ROW_GAP_IN = 0.8  # vertical distance between nodes of the fullest column
_ARC_STEP_IN = 0.3  # how far parallel edges of one pair bow apart at their middle
# Names and roles in the side columns wrap to this width, so their labels leave the edges
# between the columns about 3 inches of the 7.2-inch figure. A middle node's label, centred
# under it, may be wider.
_NODE_LABEL_IN = 1.65
_MIDDLE_LABEL_IN = 2.2


def _short_role(role: Any) -> str:
    if not isinstance(role, str) or not role.strip():
        return ""
    # The role field can run to a sentence; its first clause says who the actor is.
    return role.split(";")[0].split(" (")[0].strip()


def _column_of(side: str) -> int:
    if side == "russia":
        return 0
    if side in ("nato", "nato_member_state"):
        return 2
    return 1


def _bezier(p0: np.ndarray, c: np.ndarray, p1: np.ndarray, t: float | np.ndarray) -> np.ndarray:
    t = np.asarray(t, dtype=float)[..., None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t**2 * p1


Box = tuple[float, float, float, float]


def _boxes_overlap(a: Box, b: Box, margin: float = 0.03) -> bool:
    return not (
        a[2] + margin <= b[0]
        or b[2] + margin <= a[0]
        or a[3] + margin <= b[1]
        or b[3] + margin <= a[1]
    )


def _place_on_edge(
    geometry: tuple[np.ndarray, np.ndarray, np.ndarray],
    other_points: np.ndarray,
    size: tuple[float, float],
    occupied: Sequence[Box],
    frame: Box | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Centre for an edge's label, and the point of the edge it belongs to.

    The label goes on the edge, free of ``occupied``, far from other edges. Only when no
    point of the edge is free does it step off, by as little as needed: first up to 0.36
    inch above or below the edge, then (in a crowded chart) farther, inside ``frame``,
    where the caller draws a leader line to the edge. If nothing is free at all, it goes
    where it clashes least.
    """
    w, h = size
    fallback: tuple[int, float, np.ndarray, np.ndarray] | None = None
    for nudge in (0.0, 0.12, -0.12, 0.24, -0.24, 0.36, -0.36):
        best: tuple[float, np.ndarray] | None = None
        for t in np.linspace(0.2, 0.8, 25):
            on_edge = _bezier(*geometry, t)
            centre = on_edge + np.array([0.0, nudge])
            box = (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
            clashes = sum(_boxes_overlap(box, other) for other in occupied)
            if clashes:
                if fallback is None or (clashes, abs(nudge)) < (fallback[0], fallback[1]):
                    fallback = (clashes, abs(nudge), centre, on_edge)
                continue
            # Clearance is measured from the edge itself, so the label stays with its edge
            # where that edge runs apart from the others.
            clearance = (
                float(np.min(np.hypot(*(other_points - on_edge).T))) if len(other_points) else 1.0
            )
            score = min(clearance, 0.6) - 0.15 * abs(t - 0.5)
            if best is None or score > best[0]:
                best = (score, centre)
        if best is not None:
            return best[1], best[1] - np.array([0.0, nudge])
    if frame is not None:
        # Farther off the edge, nearest first, anywhere along it but its ends.
        for distance in np.arange(0.48, 2.0, 0.12):
            for nudge in (distance, -distance):
                for t in np.linspace(0.1, 0.9, 33):
                    on_edge = _bezier(*geometry, t)
                    centre = on_edge + np.array([0.0, nudge])
                    box = (
                        centre[0] - w / 2,
                        centre[1] - h / 2,
                        centre[0] + w / 2,
                        centre[1] + h / 2,
                    )
                    inside = frame[0] <= box[0] and box[2] <= frame[2]
                    inside = inside and frame[1] <= box[1] and box[3] <= frame[3]
                    if inside and not any(_boxes_overlap(box, other) for other in occupied):
                        return centre, on_edge
    if fallback is not None:
        return fallback[2], fallback[3]
    middle = _bezier(*geometry, 0.5)
    return middle, middle


Curve = tuple[np.ndarray, np.ndarray, np.ndarray]  # quadratic Bézier: start, control, end


def _edge_geometry(
    pairs: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]], positions: dict[str, Any]
) -> dict[int, Curve]:
    """Each edge whose ends are placed, as a curve; contacts of one pair bow apart in date order."""
    by_pair: dict[tuple[str, str], list[int]] = {}
    for index, (a, b) in enumerate(pairs):
        if a in positions and b in positions:
            by_pair.setdefault((min(a, b), max(a, b)), []).append(index)
    geometry: dict[int, Curve] = {}
    for (a, b), indices in by_pair.items():
        p0, p1 = positions[a], positions[b]
        direction = p1 - p0
        normal = np.array([-direction[1], direction[0]]) / (float(np.hypot(*direction)) or 1.0)
        ordered = sorted(indices, key=lambda i: (_num(rows[i]["contact_start"]), i))
        for slot, index in enumerate(ordered):
            bulge = (slot - (len(ordered) - 1) / 2) * _ARC_STEP_IN
            geometry[index] = (p0, (p0 + p1) / 2 + normal * 2 * bulge, p1)
    return geometry


def _place_middle_node(
    node: str,
    x: float,
    y_range: tuple[float, float],
    footprint: tuple[float, float],
    curves: Sequence[np.ndarray],
    pairs: Sequence[tuple[str, str]],
    positions: dict[str, np.ndarray],
) -> tuple[np.ndarray, float]:
    """Where a middle-column node goes, and how clear of ``curves`` it is there (inches).

    It must stay a row apart from middle nodes already placed; among the rest, the spot
    whose node and name block (beneath it) are clearest of the curves wins, the mean
    height of its partners breaking near-ties.
    """
    partners = [positions[b if a == node else a] for a, b in pairs if node in (a, b)]
    partners = [p for p in partners if p is not None]
    target = float(np.mean([p[1] for p in partners])) if partners else sum(y_range) / 2
    others = [p[1] for p in positions.values() if abs(p[0] - x) < 1e-9]
    width, height = footprint
    points = np.vstack(curves) if curves else np.empty((0, 2))
    best: tuple[float, float, float] | None = None
    for y in np.arange(y_range[0], y_range[1] + 1e-9, 0.05):
        if any(abs(y - other) < _ROW_GAP_IN + height for other in others):
            continue
        grid_x = np.linspace(x - width / 2, x + width / 2, 7)
        grid_y = np.linspace(y - _NODE_R - height, y + _NODE_R, 4)
        footprint_points = np.array([(gx, gy) for gx in grid_x for gy in grid_y])
        if len(points):
            gaps = np.hypot(*(points[:, None, :] - footprint_points[None, :, :]).T)
            clearance = float(gaps.min())
        else:
            clearance = 1.0
        score = min(clearance, 0.4) - 0.05 * abs(y - target)
        if best is None or score > best[0]:
            best = (score, float(y), clearance)
    if best is None:
        return np.array([x, target]), 0.0
    return np.array([x, best[1]]), best[2]


def _order_columns(
    columns: dict[int, list[str]], pairs: Iterable[tuple[str, str]], first_seen: dict[str, float]
) -> dict[int, list[str]]:
    """Order each column's nodes to reduce crossings: by the mean rank of their neighbours."""
    neighbours: dict[str, list[str]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    # Start with the busiest actors on top, then sweep barycentres across the columns.
    ordered = {
        key: sorted(nodes, key=lambda n: (-len(neighbours.get(n, [])), first_seen[n], n))
        for key, nodes in columns.items()
    }
    for key in (2, 0, 1, 2, 0, 2):
        if key not in ordered:
            continue
        rank = {
            node: (index + 0.5) / len(nodes)
            for nodes in ordered.values()
            for index, node in enumerate(nodes)
        }
        ordered[key] = sorted(
            ordered[key],
            key=lambda n: (
                float(np.mean([rank[m] for m in neighbours.get(n, [])] or [rank[n]])),
                first_seen[n],
                n,
            ),
        )
    return ordered


def plot_contact_network(
    edges: pd.DataFrame,
    actors: pd.DataFrame,
    title: str,
    focus_actor: str | None = None,
    note: str = "",
) -> Figure:
    """Who talked to whom, when and by which channel.

    Russian-side actors stand in a left column, NATO and NATO member-state actors in a right
    column, anyone else in the middle; nodes are coloured by side and named with a short
    role. Each edge is one contact between two participants, coloured by channel, solid when
    the article reports it and dashed when it comes from the public record (faded with a "?"
    when the record does not confirm its date); several contacts between one pair bow apart
    as arcs. Each edge carries its date at its precision, placed along the edge where it is
    clearest of other edges and never on another label. The focus actor is highlighted.
    An edge that stands for several contacts (a ``contacts`` count above 1, with
    ``contact_last``, from :func:`analysis.compute.select_network`) is labelled with their
    number and years. ``note``, if given, is printed under the chart: it says what the
    chart groups or leaves out.

    Node names carry gid ``"node-label:<actor_id>"``, their roles ``"node-role:<actor_id>"``,
    edge dates ``"edge-label:<row position>"``.
    """
    fig = _new_figure(FIGURE_WIDTH, 3.0)
    table: dict[str, dict[str, Any]] = (
        {}
        if actors is None or actors.empty
        else {str(r["actor_id"]): r for r in actors.to_dict(orient="records")}
    )
    rows = [] if edges is None or edges.empty else edges.to_dict(orient="records")

    if not rows:
        fig.set_size_inches(FIGURE_WIDTH, 2.0)
        ax = _add_axes(fig, 0.3, 0.3, _TITLE_BAND_IN, 0.2)
        _set_title(ax, fig, title)
        ax.set_axis_off()
        _empty_note(ax, "No contacts in this window")
        return fig

    def side_of(actor_id: str) -> str:
        side = table.get(actor_id, {}).get("side")
        return side if side in SIDE_COLORS else "other"

    first_seen: dict[str, float] = {}
    pairs: list[tuple[str, str]] = []
    for row in rows:
        a, b = str(row["source_actor_id"]), str(row["target_actor_id"])
        pairs.append((a, b))
        when = _num(row["contact_start"])
        for node in (a, b):
            first_seen[node] = min(first_seen.get(node, when), when)
    columns: dict[int, list[str]] = {}
    for node in first_seen:
        columns.setdefault(_column_of(side_of(node)), []).append(node)
    columns = _order_columns(columns, pairs, first_seen)

    name_size, role_size = LABEL_SIZE + 0.5, SMALL_SIZE
    labels: dict[str, tuple[str, str]] = {}
    sizes: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}

    def set_label(node: str, name_lines: int | None = None, role_lines: int = 3) -> None:
        """Wrap a node's name and role (to at most so many lines) and measure them."""
        info = table.get(node, {})
        max_in = _MIDDLE_LABEL_IN if _column_of(side_of(node)) == 1 else _NODE_LABEL_IN
        name = "\n".join(
            _wrap_to_width(fig, info.get("name") or node, name_size, max_in, "bold", name_lines)
        )
        role = _short_role(info.get("role")) if role_lines else ""
        role = "\n".join(_wrap_to_width(fig, role, role_size, max_in, max_lines=role_lines))
        labels[node] = (name, role)
        sizes[node] = (
            _text_size(fig, name, name_size, "bold", linespacing=1.0),
            _text_size(fig, role, role_size, linespacing=1.0),
        )

    for node in first_seen:
        set_label(node)

    def label_width(node: str) -> float:
        (name_w, _), (role_w, _) = sizes[node]
        return max(name_w, role_w)

    width = FIGURE_WIDTH
    label_gap = 0.12
    x_left = _TITLE_X_IN + max([label_width(n) for n in columns.get(0, [])] + [0.0]) + label_gap
    x_left += _NODE_R
    x_right = width - _TITLE_X_IN - _NODE_R - label_gap
    x_right -= max([label_width(n) for n in columns.get(2, [])] + [0.0])
    x_mid = (x_left + x_right) / 2

    sides_seen = [s for s in SIDE_COLORS if any(side_of(n) == s for n in first_seen)]
    channels_seen = [c for c in CHANNEL_LABELS if any(r.get("channel") == c for r in rows)]
    origins_seen = [o for o in ("article", "record") if any(r.get("origin") == o for r in rows)]
    any_unconfirmed = any(not _is_true(r.get("is_confirmed"), default=True) for r in rows)
    channel_handles = [
        _line_entry(CHANNEL_LABELS[c], CHANNEL_COLORS[c], width=2.2) for c in channels_seen
    ]
    source_handles = [
        _line_entry("reported in the article", "#444444")
        if o == "article"
        else _line_entry("from the public record", "#444444", dashed=True, width=1.6)
        for o in origins_seen
    ]
    if any_unconfirmed:
        source_handles.append(
            _line_entry('date not confirmed ("?")', "#444444", dashed=True, width=1.6, alpha=0.5)
        )
    side_handles: list[Any] = [
        _marker_entry(SIDE_LABELS[s], "o", "#333333", face=SIDE_COLORS[s], size=9)
        for s in sides_seen
    ]
    if focus_actor in first_seen:
        name = str(table.get(focus_actor, {}).get("name") or focus_actor)
        side_handles.append(_patch_entry(f"focus: {name}", FOCUS_COLOR))
    legends, legend_in = _legend_layout(
        fig,
        [
            ("Line colour: channel", channel_handles, 1),
            ("Line style: source", source_handles, 1),
            ("Node: side", side_handles, 2),
        ],
    )

    positions: dict[str, np.ndarray] = {}
    margin_y = 0.5
    n_side = max(len(columns.get(0, [])), len(columns.get(2, [])), 1)
    body = max(n_side - 1, 1) * _ROW_GAP_IN + 2 * margin_y
    for key in (0, 2):
        nodes = columns.get(key, [])
        x = x_left if key == 0 else x_right
        for index, node in enumerate(nodes):
            if len(nodes) == 1:
                y = body / 2
            else:
                # Every column spans the full height, so sparse columns' edges fan out.
                y = body - margin_y - (body - 2 * margin_y) * index / (len(nodes) - 1)
            positions[node] = np.array([x, y])
        # A name and role taller than the room between neighbours lose role lines, then
        # name lines, each cut shown by an ellipsis.
        for index, node in enumerate(nodes):
            neighbours = [*nodes[max(index - 1, 0) : index], *nodes[index + 1 : index + 2]]
            gaps = [abs(positions[node][1] - positions[n][1]) for n in neighbours]
            room = min(gaps, default=body) - 0.15
            name_lines, role_lines = (len(text.split("\n")) if text else 0 for text in labels[node])
            while sizes[node][0][1] + sizes[node][1][1] > room and name_lines + role_lines > 2:
                if role_lines > 1:
                    role_lines -= 1
                else:
                    name_lines -= 1
                set_label(node, name_lines, role_lines)
    # A middle node goes where it and its name are clearest of the edges already laid, so no
    # edge seems to pass through it; where none is clear enough, it goes below the columns.
    curves = [
        _bezier(*g, np.linspace(0.0, 1.0, 60))
        for g in _edge_geometry(pairs, rows, positions).values()
    ]
    lowest = min((p[1] for p in positions.values()), default=body / 2)
    for node in columns.get(1, []):
        (name_w, name_h), (role_w, role_h) = sizes[node]
        footprint = (max(name_w, role_w), name_h + role_h + 0.09)
        point, clearance = _place_middle_node(
            node, x_mid, (margin_y, body - margin_y), footprint, curves, pairs, positions
        )
        if clearance < 0.25:
            lowest -= _ROW_GAP_IN + footprint[1]
            point = np.array([x_mid, lowest])
        lowest = min(lowest, point[1])
        positions[node] = point
        curves += [
            np.linspace(point, positions[b if a == node else a], 40)
            for a, b in pairs
            if node in (a, b) and (b if a == node else a) in positions
        ]
    # Nodes placed below the columns grow the chart downward.
    floor = min(
        p[1] - (_NODE_R + sizes[n][0][1] + sizes[n][1][1] + 0.1 if n in columns.get(1, []) else 0)
        for n, p in positions.items()
    )
    shift = max(margin_y - floor, 0.0)
    for point in positions.values():
        point[1] += shift
    body += shift

    note_lines, note_in = _note_lines(fig, note)
    bottom_in = legend_in + note_in + 0.25
    fig.set_size_inches(width, _TITLE_BAND_IN + body + bottom_in)
    ax = _add_axes(fig, 0.0, 0.0, _TITLE_BAND_IN, bottom_in)
    # One data unit is one inch on both axes, so arcs, normals and label boxes can be laid
    # out in plain geometry.
    ax.set_xlim(0, width)
    ax.set_ylim(0, body)
    ax.set_axis_off()
    _set_title(ax, fig, title)

    occupied: list[Box] = [
        (x - _NODE_R, y - _NODE_R, x + _NODE_R, y + _NODE_R) for x, y in positions.values()
    ]
    for node, point in positions.items():
        if node == focus_actor:
            ax.add_patch(
                Circle(
                    (point[0], point[1]),
                    _NODE_R + 0.07,
                    facecolor=FOCUS_COLOR,
                    edgecolor="none",
                    zorder=4,
                    gid=f"focus:{node}",
                )
            )
        ax.add_patch(
            Circle(
                (point[0], point[1]),
                _NODE_R,
                facecolor=SIDE_COLORS[side_of(node)],
                edgecolor="#333333",
                linewidth=0.8,
                zorder=5,
                gid=f"node:{node}",
            )
        )

    # Names outside their column: left of the left column, right of the right one, under
    # the middle ones.
    for node, (x, y) in positions.items():
        key = _column_of(side_of(node))
        name, role = labels[node]
        (name_w, name_h), (role_w, role_h) = sizes[node]
        if key == 0:
            tx, ha = x - _NODE_R - label_gap, "right"
        elif key == 2:
            tx, ha = x + _NODE_R + label_gap, "left"
        else:
            tx, ha = x, "center"
        block_h = name_h + (role_h + 0.03 if role else 0.0)
        name_top = y + block_h / 2 if key != 1 else y - _NODE_R - 0.06
        ax.text(
            tx,
            name_top,
            name,
            ha=ha,
            va="top",
            fontsize=name_size,
            fontweight="bold",
            color=TEXT_COLOR,
            zorder=7,
            linespacing=1.0,
            gid=f"node-label:{node}",
            bbox=_label_box(node == focus_actor) if key == 1 or node == focus_actor else None,
        )
        boxes = [(name_w, name_h, name_top)]
        if role:
            role_top = name_top - name_h - 0.03
            ax.text(
                tx,
                role_top,
                role,
                ha=ha,
                va="top",
                fontsize=role_size,
                color=MUTED_TEXT_COLOR,
                zorder=7,
                linespacing=1.0,
                gid=f"node-role:{node}",
                bbox=_label_box(False) if key == 1 else None,
            )
            boxes.append((role_w, role_h, role_top))
        for w, h, top in boxes:
            x0 = tx - w if ha == "right" else (tx - w / 2 if ha == "center" else tx)
            occupied.append((x0 - 0.04, top - h - 0.04, x0 + w + 0.04, top + 0.04))

    geometry = _edge_geometry(pairs, rows, positions)

    samples = {i: _bezier(*geometry[i], np.linspace(0.0, 1.0, 60)) for i in geometry}
    for index, row in enumerate(rows):
        p0, control, p1 = geometry[index]
        origin = str(row.get("origin") or "")
        confirmed = _is_true(row.get("is_confirmed"), default=True)
        path = Path([tuple(p0), tuple(control), tuple(p1)], [Path.MOVETO, Path.CURVE3, Path.CURVE3])
        ax.add_patch(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=CHANNEL_COLORS.get(str(row.get("channel")), UNKNOWN_COLOR),
                linewidth=2.0 if origin == "article" else 1.6,
                linestyle="-" if origin == "article" else (0, (4, 2.5)),
                alpha=1.0 if confirmed else 0.5,
                zorder=2,
                capstyle="round",
                gid=f"edge:{index}",
            )
        )

    # Each date goes on its own edge, at the point farthest from every other edge among those
    # whose box is free of nodes, names and dates already placed. Edges of the busiest actors
    # choose first, as they have the least room.
    degree = {node: sum(node in pair for pair in pairs) for node in first_seen}
    order = sorted(range(len(rows)), key=lambda i: (-degree[pairs[i][0]] - degree[pairs[i][1]], i))
    for index in order:
        row = rows[index]
        text = _edge_label(row)
        if not _is_true(row.get("is_confirmed"), default=True):
            text += " ?"
        w, h = _text_size(fig, text, SMALL_SIZE)
        w, h = w + 0.1, h + 0.08  # the label's rounded box
        others = [samples[j] for j in samples if j != index]
        other_points = np.vstack(others) if others else np.empty((0, 2))
        centre, anchor = _place_on_edge(
            geometry[index], other_points, (w, h), occupied, frame=(0.0, 0.0, width, body)
        )
        occupied.append(
            (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
        )
        if abs(centre[1] - anchor[1]) > 0.37:
            # Stepped far off its edge: a leader line from the label's box to the edge.
            side = np.sign(anchor[1] - centre[1])
            ax.plot(
                [anchor[0], centre[0]],
                [anchor[1], centre[1] + side * h / 2],
                color=CHANNEL_COLORS.get(str(row.get("channel")), UNKNOWN_COLOR),
                linewidth=0.7,
                linestyle=":",
                zorder=5,
                gid=f"edge-leader:{index}",
            )
        ax.text(
            centre[0],
            centre[1],
            text,
            ha="center",
            va="center",
            fontsize=SMALL_SIZE,
            color=TEXT_COLOR,
            zorder=6,
            gid=f"edge-label:{index}",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": CHANNEL_COLORS.get(str(row.get("channel")), UNKNOWN_COLOR),
                "linewidth": 0.8,
                "linestyle": "-" if row.get("origin") == "article" else "--",
            },
        )

    _draw_note(fig, note_lines, top_in=legend_in + note_in + 0.1)
    _draw_legends(fig, legends, top_in=legend_in + 0.1)
    return fig


def _edge_label(row: dict[str, Any]) -> str:
    """An edge's date at its precision, or for several contacts their number and years."""
    contacts = row.get("contacts")
    if isinstance(contacts, (int, np.integer)) and contacts > 1:
        first = pd.Timestamp(row["contact_start"]).year
        last = pd.Timestamp(row.get("contact_last", row["contact_start"])).year
        years = f"{first}" if first == last else f"{first}–{last}"
        return f"{contacts} contacts, {years}"
    return format_date(row["contact_start"], str(row.get("date_precision") or "day"))


__all__ = [
    "ATTRIBUTION_COLORS",
    "CHANNEL_COLORS",
    "FOCUS_COLOR",
    "ORIGIN_COLORS",
    "SIDE_COLORS",
    "VERDICT_COLORS",
    "apply_report_style",
    "format_date",
    "format_interval",
    "plot_contact_network",
    "plot_contact_week",
    "plot_speakers",
    "plot_timeline",
    "plot_verdicts",
]
