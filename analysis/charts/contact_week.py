"""The week of contacts: one row a contact, marked on its day by channel and origin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory

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
    legend_layout,
    marker_entry,
    patch_entry,
)
from analysis.charts.style import (
    CHANNEL_LABELS,
    CHANNEL_MARKERS,
    FIGURE_WIDTH,
    GRID_COLOR,
    LABEL_SIZE,
    MUTED_TEXT_COLOR,
    ORIGIN_COLORS,
    ORIGIN_LABELS,
    SMALL_SIZE,
    WEEKDAY_ABBR,
)
from analysis.charts.text import text_size, wrap_to_width
from analysis.datetext import MONTH_ABBR, interval_label, period_end

WEEK_LABEL_IN = 2.5  # row names wrap to this width, leaving the nine days about 4 inches
_NAME_GAP_IN = 0.04  # between a row's label and its participants
_AXIS_TEXT_IN = 0.85  # two-line day ticks and the x label


@dataclass(frozen=True)
class _RowName:
    """A contact's row: its label (bold) and participants, wrapped and measured."""

    row: dict[str, Any]
    label_lines: list[str]
    people_lines: list[str]
    label_size: tuple[float, float]
    people_size: tuple[float, float]

    @property
    def width(self) -> float:
        return max(self.label_size[0], self.people_size[0])

    @property
    def height(self) -> float:
        return self.label_size[1] + self.people_size[1] + _NAME_GAP_IN + 0.2


def _row_name(dpi: float, row: dict[str, Any]) -> _RowName:
    people = str(row["participants"] or "").strip() or "participants not named"
    label_lines = wrap_to_width(dpi, str(row["label"]), LABEL_SIZE, WEEK_LABEL_IN, "bold", 3)
    people_lines = wrap_to_width(dpi, people, SMALL_SIZE, WEEK_LABEL_IN, max_lines=2)
    return _RowName(
        row,
        label_lines,
        people_lines,
        text_size(dpi, "\n".join(label_lines), LABEL_SIZE, "bold", linespacing=1.0),
        text_size(dpi, "\n".join(people_lines), SMALL_SIZE, linespacing=1.0),
    )


def _last_day(row: dict[str, Any]) -> pd.Timestamp:
    """A contact's last day: its end, or the end of the month or year it is known to."""
    return period_end(row["contact_start"], row["contact_end"], str(row["date_precision"]))


def _spans_days(row: dict[str, Any]) -> bool:
    """Whether the contact is drawn as a bar: several days, or only its month known."""
    return _last_day(row).normalize() > pd.Timestamp(row["contact_start"]).normalize()


def _week_legend(rows: Sequence[dict[str, Any]]) -> list[LegendGroup]:
    origins = [o for o in ORIGIN_COLORS if any(r["origin"] == o for r in rows)]
    channels = [c for c in CHANNEL_LABELS if any(r["channel"] == c for r in rows)]
    dated = [patch_entry(ORIGIN_LABELS[o], ORIGIN_COLORS[o]) for o in origins]
    shapes = [
        marker_entry(CHANNEL_LABELS[c], CHANNEL_MARKERS[c], "#444444", size=9) for c in channels
    ]
    other: list[Any] = []
    if any(_spans_days(r) for r in rows):
        other.append(
            patch_entry("several days, or only the month known", "#999999", "#999999", alpha=0.35)
        )
    if any(not r["is_confirmed"] for r in rows):
        other.append(marker_entry("date not confirmed", "o", "#444444", face="white", size=9))
    return [("Colour: dated", dated, 1), ("Shape: channel", shapes, 1), ("Also", other, 1)]


def _day_tick_labels(days: pd.DatetimeIndex) -> list[str]:
    """ "Tue\\n28" for each day; the first day and a month's first day name the month too."""
    # At 7.2 inches a day is about half an inch: naming the month on every day would make
    # the ticks run into each other.
    return [
        f"{WEEKDAY_ABBR[d.day_of_week]}\n{d.day}"
        + (f" {MONTH_ABBR[d.month - 1]}" if i == 0 or d.day == 1 else "")
        for i, d in enumerate(days)
    ]


def _set_day_axis(ax: Axes, days: pd.DatetimeIndex) -> None:
    """Every day ticked and named along x, weekends shaded."""
    ax.set_xticks([date_number(d) for d in days])
    ax.set_xticklabels(_day_tick_labels(days), fontsize=LABEL_SIZE)
    ax.grid(True, axis="x", color=GRID_COLOR, linewidth=0.6)
    ax.set_xlabel(
        f"Day, {interval_label(days[0], days[-1], 'day')} (weekends shaded)",
        fontsize=LABEL_SIZE,
        color=MUTED_TEXT_COLOR,
    )
    for day in days:
        if day.day_of_week >= 5:
            x = date_number(day)
            ax.axvspan(x - 0.5, x + 0.5, color="#EFEFEF", zorder=0, linewidth=0)


def _draw_row_name(ax: Axes, margin: Any, text_x: float, name: _RowName, y_mid: float) -> None:
    """The row's label and participants in the left margin, right-aligned, around ``y_mid``."""
    key = f"{name.row['contact_id']}:{name.row['origin']}"
    text_top = y_mid - (name.label_size[1] + _NAME_GAP_IN + name.people_size[1]) / 2
    ax.text(
        text_x,
        text_top,
        "\n".join(name.label_lines),
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
        text_top + name.label_size[1] + _NAME_GAP_IN,
        "\n".join(name.people_lines),
        transform=margin,
        ha="right",
        va="top",
        fontsize=SMALL_SIZE,
        color=MUTED_TEXT_COLOR,
        linespacing=1.0,
        gid=f"participants:{key}",
    )


def _draw_contact(ax: Axes, row: dict[str, Any], y_mid: float, x_lo: float, x_hi: float) -> None:
    """The contact's marker on its first day, over a pale bar if it spans several days."""
    key = f"{row['contact_id']}:{row['origin']}"
    color = ORIGIN_COLORS[str(row["origin"])]
    confirmed = bool(row["is_confirmed"])
    start = pd.Timestamp(row["contact_start"])
    if _spans_days(row):
        bx0 = max(date_number(start) - 0.35, x_lo)
        bx1 = min(date_number(_last_day(row)) + 0.35, x_hi)
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
    x = min(max(date_number(start), x_lo + 0.1), x_hi - 0.1)
    ax.plot(
        [x],
        [y_mid],
        marker=CHANNEL_MARKERS.get(row["channel"], "o"),  # a contact may name no channel
        markersize=10,
        markerfacecolor=color if confirmed else "white",
        markeredgecolor=color,
        markeredgewidth=1.6,
        linestyle="none",
        zorder=4,
        gid=key,
    )


def _draw_rows(
    ax: Axes, fig: Figure, names: Sequence[_RowName], left_in: float, x_range: tuple[float, float]
) -> None:
    """Each contact's row, top-down: a rule between rows, its name, its mark."""
    # Row names sit in the left margin: x in inches from the figure's edge, y in row data.
    margin = blended_transform_factory(fig.dpi_scale_trans, ax.transData)
    x_lo, x_hi = x_range
    top = 0.0
    for index, name in enumerate(names):
        y_mid = top + name.height / 2
        if index > 0:
            ax.axhline(top, color=GRID_COLOR, linewidth=0.6, zorder=1)
        _draw_row_name(ax, margin, left_in - 0.2, name, y_mid)
        _draw_contact(ax, name.row, y_mid, x_lo, x_hi)
        top += name.height


def plot_contact_week(
    contacts: pd.DataFrame,
    week_start: DateLike,
    week_end: DateLike,
    title: str,
    note: str = "",
) -> Figure:
    """The week's contacts, one row each: which day, by which channel, known from where.

    ``contacts`` is a declared ``contacts`` table (see ``OUTPUT_TABLES`` in
    :mod:`analysis.tables`). x is the day (every day ticked, e.g. "Tue 28"; weekends
    shaded). The marker tells the channel and its colour the origin, the article's own
    dating or the public record, so a contact the two date differently appears twice, on two
    days. A contact over several days, or known only to the month, is a bar over its days;
    unconfirmed ones are hollow. Each row is named on the left by its label (bold) and
    participants (grey). ``note``, if given, is printed under the axes: it says what the
    chart groups or leaves out.
    """
    first = pd.Timestamp(week_start).normalize()
    last = pd.Timestamp(week_end).normalize()
    days = pd.date_range(first, last, freq="D")
    fig = new_figure(FIGURE_WIDTH, 3.0)
    rows = [] if contacts is None or contacts.empty else contacts.to_dict(orient="records")
    names = [_row_name(fig.dpi, row) for row in rows]
    legends, legend_in = legend_layout(fig, _week_legend(rows))

    left_in = max(max([n.width for n in names] + [0.0]) + 0.4, 1.0)
    lines, note_in = note_lines(fig, note)
    bottom_in = _AXIS_TEXT_IN + note_in + legend_in + 0.1
    body_in = sum(n.height for n in names) if names else 1.2
    fig.set_size_inches(FIGURE_WIDTH, TITLE_BAND_IN + body_in + bottom_in)
    ax = add_axes(fig, left_in, 0.3, TITLE_BAND_IN, bottom_in)
    set_title(ax, fig, title)
    x_range = (date_number(first) - 0.6, date_number(last) + 0.6)
    ax.set_xlim(*x_range)
    ax.set_ylim(body_in, 0.0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    _set_day_axis(ax, days)
    if not names:
        draw_empty_note(ax, "No contacts in this window")
    _draw_rows(ax, fig, names, left_in, x_range)
    draw_note(fig, lines, top_in=legend_in + note_in + 0.05)
    draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig
