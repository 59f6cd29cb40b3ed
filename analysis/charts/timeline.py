"""The timeline: phases and events over the window, each date drawn at its true precision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

from analysis.charts.layout import (
    TITLE_BAND_IN,
    DateLike,
    add_axes,
    date_number,
    draw_empty_note,
    draw_note,
    new_figure,
    note_lines,
    set_title,
)
from analysis.charts.legends import (
    LegendGroup,
    draw_legends,
    label_box,
    legend_layout,
    line_entry,
    marker_entry,
    patch_entry,
)
from analysis.charts.style import (
    FIGURE_WIDTH,
    FOCUS_COLOR,
    GRID_COLOR,
    LABEL_SIZE,
    MUTED_TEXT_COLOR,
    ORIGIN_COLORS,
    ORIGIN_LABELS,
    ORIGIN_MARKERS,
    PHASE_COLOR,
    SMALL_SIZE,
    TEXT_COLOR,
)
from analysis.charts.timeline_layout import (
    HEADER_IN,
    GroupPoint,
    PlacedItem,
    TimelineScale,
    band_polygon,
    lay_out_timeline,
    timeline_sections,
)
from analysis.datetext import MONTH_ABBR, label_at_precision

_SIDE_MARGIN_IN = 0.3
_AXIS_TEXT_IN = 0.62  # tick labels and the x label under the axes


def date_axis(ax: Axes, x_lo: float, x_hi: float) -> str:
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


def _mark_entries(items: Sequence[PlacedItem]) -> list[Any]:
    """Legend: the marks of each origin drawn, and the phases' band."""
    events = [i for i in items if not i.is_phase]
    entries: list[Any] = []
    for origin in ("article", "record"):
        if any((i.row["origin"] == "article") == (origin == "article") for i in events):
            entries.append(
                marker_entry(ORIGIN_LABELS[origin], ORIGIN_MARKERS[origin], ORIGIN_COLORS[origin])
            )
    if len(events) < len(items):
        entries.append(patch_entry("phase (public record)", PHASE_COLOR, ORIGIN_COLORS["record"]))
    return entries


def _date_entries(items: Sequence[PlacedItem]) -> list[Any]:
    """Legend: how each precision of date is drawn, for those drawn."""
    events = [i for i in items if not i.is_phase]
    entries: list[Any] = []
    if any(i.is_point for i in events):
        entries.append(marker_entry("day known: a point", "o", "#777777"))
    if any(not i.is_point and not i.points for i in events):
        entries.append(patch_entry("only month or year known: a bar over all of it", "#777777"))
    if any(i.points for i in events):
        entries.append(
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
    if any(any(i.arrows) for i in items):
        arrow_label = "arrowhead: runs on past the window"
        entries.append(marker_entry(arrow_label, ">", ORIGIN_COLORS["record"], PHASE_COLOR, 8))
    return entries


def _also_entries(items: Sequence[PlacedItem], reference_date: DateLike | None) -> list[Any]:
    """Legend: unconfirmed dates, the focus highlight and the reference date, where shown."""
    entries: list[Any] = []
    if any(not i.row["is_confirmed"] for i in items):
        hollow_label = "date not confirmed: hollow or dashed"
        entries.append(marker_entry(hollow_label, "o", ORIGIN_COLORS["record"], face="white"))
    if any(i.focus for i in items):
        entries.append(patch_entry("involves the focus actor", FOCUS_COLOR))
    if reference_date is not None:
        ref_label = f"reference date, {label_at_precision(reference_date, 'day')}"
        entries.append(line_entry(ref_label, MUTED_TEXT_COLOR, dashed=True, width=1.0))
    return entries


def _legend_groups(
    items: Sequence[PlacedItem], reference_date: DateLike | None
) -> list[LegendGroup]:
    return [
        ("Marks", _mark_entries(items), 1),
        ("Dates", _date_entries(items), 1),
        ("Also", _also_entries(items, reference_date), 1),
    ]


def _draw_reference_date(ax: Axes, reference_date: DateLike, scale: TimelineScale) -> None:
    """The reference date as a dashed vertical line, if it falls in the window."""
    ref = date_number(reference_date) + 0.5
    if scale.x_lo <= ref <= scale.x_hi:
        ax.axvline(
            ref,
            color=MUTED_TEXT_COLOR,
            linestyle=(0, (4, 3)),
            linewidth=1.0,
            zorder=1,
            gid="reference-date",
        )


def _draw_headers(ax: Axes, headers: Sequence[tuple[float, str]], scale: TimelineScale) -> None:
    """Each section's header, with a rule above all but the first."""
    for top, text in headers:
        if top > 0:
            ax.axhline(top, color="#BBBBBB", linewidth=0.6, zorder=1)
        ax.text(
            scale.x_lo + 0.03 * scale.days_per_in,
            top + HEADER_IN / 2 + 0.02,
            text,
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight="bold",
            color=MUTED_TEXT_COLOR,
            gid=f"header:{text}",
        )


def _draw_point(ax: Axes, item: PlacedItem) -> None:
    """A day-precision event: its origin's marker at the day's middle, hollow if unconfirmed."""
    origin = str(item.row["origin"])
    color = ORIGIN_COLORS[origin]
    mid = (item.x0 + item.x1) / 2
    if item.focus:
        ax.plot(
            [mid],
            [item.y],
            marker="o",
            markersize=13,
            color=FOCUS_COLOR,
            linestyle="none",
            zorder=2,
        )
    ax.plot(
        [mid],
        [item.y],
        marker=ORIGIN_MARKERS[origin],
        markersize=7,
        markerfacecolor=color if item.row["is_confirmed"] else "white",
        markeredgecolor=color,
        markeredgewidth=1.4,
        linestyle="none",
        zorder=4,
        gid=str(item.row["item_id"]),
    )


def _draw_bar(ax: Axes, item: PlacedItem, scale: TimelineScale) -> None:
    """A phase's band, or an event's bar over its month or year; arrowheads where it runs on."""
    x0, x1, half, y_mid = item.x0, item.x1, item.half, item.y
    if item.focus:
        ax.add_patch(
            Rectangle(
                (x0 - 0.04 * scale.days_per_in, y_mid - half - 0.04),
                x1 - x0 + 0.08 * scale.days_per_in,
                2 * half + 0.08,
                facecolor=FOCUS_COLOR,
                edgecolor="none",
                zorder=2,
            )
        )
    if any(item.arrows):
        patch: Any = Polygon(band_polygon(x0, x1, y_mid, half, item.arrows, scale.head))
    else:
        patch = Rectangle((x0, y_mid - half), x1 - x0, 2 * half)
    if item.is_phase:
        patch.set(facecolor=PHASE_COLOR, edgecolor=ORIGIN_COLORS["record"], linewidth=0.8)
    else:
        color = ORIGIN_COLORS[str(item.row["origin"])]
        confirmed = bool(item.row["is_confirmed"])
        patch.set(
            facecolor=color if confirmed else "white",
            edgecolor=color,
            linewidth=1.2,
            linestyle="-" if confirmed else (0, (3, 2)),
        )
    patch.set(zorder=3, gid=str(item.row["item_id"]))
    ax.add_patch(patch)


def _draw_group_points(ax: Axes, item: PlacedItem) -> None:
    """A group row: a thin line over its days, and a small point at each event's day."""
    origin = str(item.row["origin"])
    color = ORIGIN_COLORS[origin]
    y_mid = item.y
    ax.plot(
        [item.x0, item.x1],
        [y_mid, y_mid],
        color=color,
        linewidth=0.8,
        alpha=0.6,
        zorder=3,
        gid=str(item.row["item_id"]),
    )
    point: GroupPoint
    for point in item.points:
        member_id, day, confirmed, focus = point
        mid = date_number(day) + 0.5
        if focus:
            ax.plot([mid], [y_mid], marker="o", markersize=9, color=FOCUS_COLOR, zorder=2)
        ax.plot(
            [mid],
            [y_mid],
            marker=ORIGIN_MARKERS[origin],
            markersize=4.5,
            markerfacecolor=color if confirmed else "white",
            markeredgecolor=color,
            markeredgewidth=0.9,
            linestyle="none",
            zorder=4,
            gid=str(member_id),
        )


def _draw_item_label(ax: Axes, item: PlacedItem, scale: TimelineScale) -> None:
    """The item's label inside its band, or beside its mark on a box."""
    if item.side == "inside":
        lx, ha = item.x0 + (scale.head if item.arrows[0] else 0.0) + 2 * scale.gap, "left"
    elif item.side == "right":
        lx, ha = item.x1 + scale.gap, "left"
    else:
        lx, ha = item.x0 - scale.gap, "right"
    ax.text(
        lx,
        item.y,
        item.text,
        ha=ha,
        va="center",
        fontsize=LABEL_SIZE,
        color=TEXT_COLOR,
        linespacing=1.05,
        zorder=5,
        gid=f"label:{item.row['item_id']}",
        bbox=label_box(item.focus) if item.side != "inside" else None,
    )


def _draw_item(ax: Axes, item: PlacedItem, scale: TimelineScale) -> None:
    if item.points:
        _draw_group_points(ax, item)
    elif item.is_point:
        _draw_point(ax, item)
    else:
        _draw_bar(ax, item, scale)
    _draw_item_label(ax, item, scale)


def _timeline_axes(
    fig: Figure, body_in: float, bottom_in: float, scale: TimelineScale, title: str
) -> Axes:
    """The axes: one unit of y an inch, top-down; the window's dates along x."""
    ax = add_axes(fig, _SIDE_MARGIN_IN, _SIDE_MARGIN_IN, TITLE_BAND_IN, bottom_in)
    ax.set_xlim(scale.x_lo, scale.x_hi)
    ax.set_ylim(body_in, 0.0)
    set_title(ax, fig, title)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    x_label = date_axis(ax, scale.x_lo, scale.x_hi)
    ax.set_xlabel(x_label, fontsize=LABEL_SIZE, color=MUTED_TEXT_COLOR)
    return ax


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

    ``timeline`` is a declared ``timeline`` table (see ``OUTPUT_TABLES`` in
    :mod:`analysis.tables`). Phases (``item_kind == "phase"``) are bands in their own lanes
    at the top; one that is open-ended, or runs past the window, ends in an arrowhead at the
    window's edge. Events follow in two groups: as the article dates them (diamonds) and as
    the public record dates them (circles). A day-precision event is a point; a month- or
    year-precision event is a bar over its whole interval (first to last day).
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
    x_lo = date_number(pd.Timestamp(window_start))
    x_hi = date_number(pd.Timestamp(window_end)) + 1.0
    fig = new_figure(FIGURE_WIDTH, 4.0)
    plot_width = FIGURE_WIDTH - 2 * _SIDE_MARGIN_IN
    scale = TimelineScale(x_lo, x_hi, (x_hi - x_lo) / plot_width)
    records = [] if timeline is None or timeline.empty else timeline.to_dict(orient="records")
    headers, items, height = lay_out_timeline(fig.dpi, timeline_sections(records), scale, compact)
    body_in = max(height, 1.0)
    legends, legend_in = legend_layout(fig, _legend_groups(items, reference_date))
    lines, note_in = note_lines(fig, note)
    bottom_in = _AXIS_TEXT_IN + note_in + legend_in + 0.1
    fig.set_size_inches(FIGURE_WIDTH, TITLE_BAND_IN + body_in + bottom_in)
    ax = _timeline_axes(fig, body_in, bottom_in, scale, title)
    if reference_date is not None:
        _draw_reference_date(ax, reference_date, scale)
    if not items:
        draw_empty_note(ax, "No phases or events in this window")
    _draw_headers(ax, headers, scale)
    for item in items:
        _draw_item(ax, item, scale)
    draw_note(fig, lines, top_in=legend_in + note_in + 0.05)
    draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig
