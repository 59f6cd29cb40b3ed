"""Where each phase and event of the timeline goes: its mark, its label's side and lines, its lane.

Pure layout in date units (x) and inches (y), from measured text; nothing is drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts.layout import date_number, pack_lanes
from analysis.charts.style import LABEL_SIZE
from analysis.charts.text import text_size, wrap_to_width
from analysis.datetext import interval_label, label_at_precision

LINE_IN = 0.14  # one 9 pt line of a timeline label, with leading
ROW_PAD_IN = 0.08
HEADER_IN = 0.3
LABEL_GAP_IN = 0.07  # mark to its label
ARROW_IN = 0.12  # arrowhead of a band or bar that runs on past the window edge
MAX_LABEL_IN = 4.5  # longer labels wrap (about 70 characters), so none spans the chart
ITEM_GAP_IN = 0.35  # between two items sharing a lane: wide enough to tell them apart

# A grouped event dated to the day: its id, its day, confirmed, involves the focus actor.
GroupPoint = tuple[str, pd.Timestamp, bool, bool]


@dataclass(frozen=True)
class TimelineScale:
    """The window in matplotlib date units, and how many days an inch of the axes spans."""

    x_lo: float
    x_hi: float
    days_per_in: float

    @property
    def gap(self) -> float:
        """From a mark to its label, in days."""
        return LABEL_GAP_IN * self.days_per_in

    @property
    def head(self) -> float:
        """An arrowhead's length, in days."""
        return ARROW_IN * self.days_per_in


@dataclass
class PlacedItem:
    """One timeline row laid out: its mark's span, its label and the row's middle (``y``)."""

    row: dict[str, Any]
    x0: float
    x1: float
    is_point: bool
    is_phase: bool
    points: list[GroupPoint]
    arrows: tuple[bool, bool]
    focus: bool
    side: str  # "inside" its band, "right" or "left" of its mark
    text: str
    n_lines: int
    half: float  # half the bar's height; a band grows to hold a label wrapped inside it
    extent: tuple[float, float]  # of the mark and its label, in days
    y: float = 0.0


def is_group(row: dict[str, Any]) -> bool:
    """Whether a timeline row stands for several events (see compute.group_timeline_events)."""
    members = row["member_ids"]  # empty (None or NaN) on a row of one event
    return isinstance(members, list) and len(members) > 1


def group_points(row: dict[str, Any]) -> list[GroupPoint]:
    """A group row's events dated to the day: id, day, confirmed, involves the focus."""
    if not is_group(row) or not row["member_starts"]:
        return []
    return list(
        zip(
            row["member_ids"],
            row["member_starts"],
            row["member_confirmed"],
            row["member_focus"],
            strict=True,
        )
    )


def item_label(row: dict[str, Any]) -> tuple[str, str]:
    """An item's label and its date in brackets, e.g. "(3 Mar 2017)"."""
    precision = str(row["date_precision"])
    start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    if is_group(row):
        # A group is dated by the period it gathers, not by its first and last event.
        start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    if row["item_kind"] == "phase" and row["is_open_ended"]:
        when = f"since {label_at_precision(start, precision)}"
    else:
        when = interval_label(start, end, precision)
    if is_group(row):
        unconfirmed = sum(not confirmed for confirmed in row["member_confirmed"])
        when += f", {unconfirmed} unconfirmed" if unconfirmed else ""
    elif not row["is_confirmed"]:
        when += ", unconfirmed"
    return str(row["label"]), f"({when})"


def band_polygon(
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


def item_sort_key(row: dict[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """Rows in date order: by start, end, then id."""
    return pd.Timestamp(row["start"]), pd.Timestamp(row["end"]), str(row["item_id"])


def _mark_span(
    row: dict[str, Any], scale: TimelineScale, points: list[GroupPoint]
) -> tuple[float, float, bool, tuple[bool, bool]]:
    """A mark's drawn x span, whether it is a point, and which ends run past the window."""
    is_phase = row["item_kind"] == "phase"
    start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    true_x0, true_x1 = date_number(start), date_number(end) + 1.0
    is_point = not is_phase and not points and row["date_precision"] == "day" and end <= start
    if is_point:
        # A day is a point at the day's middle; keep room for the marker around it.
        mid = true_x0 + 0.5
        x0, x1 = mid - 0.06 * scale.days_per_in, mid + 0.06 * scale.days_per_in
    else:
        x0, x1 = max(true_x0, scale.x_lo), min(true_x1, scale.x_hi)
    open_ended = is_phase and bool(row["is_open_ended"])
    drawn_whole = is_point or bool(points)  # points are never cut at the window's edge
    arrows = (
        not drawn_whole and true_x0 < scale.x_lo,
        not drawn_whole and (true_x1 > scale.x_hi or open_ended),
    )
    return x0, x1, is_point, arrows


def _label_side(
    is_phase: bool, width_in: float, right: float, left: float, inside: float
) -> tuple[str, float]:
    """Where a label of ``width_in`` goes, given the room (inches) on each side, and its room.

    Inside a band if it fits, else beside the mark where it fits unwrapped; failing that,
    wrapped where the room is widest.
    """
    if is_phase and width_in <= inside:
        return "inside", inside
    if width_in <= right:
        return "right", right
    if width_in <= left:
        return "left", left
    if is_phase and inside >= max(left, right):
        return "inside", inside  # wrapped inside its band, which grows to hold it
    if right >= left:
        return "right", right
    return "left", left


def _label_lines(dpi: float, name: str, when: str, room: float) -> list[str]:
    """The label wrapped to ``room``; the date in brackets stays on one line if it fits."""
    date_words = [when] if text_size(dpi, when, LABEL_SIZE)[0] <= room else when.split()
    return wrap_to_width(dpi, [*name.split(), *date_words], LABEL_SIZE, room)


def place_item(dpi: float, row: dict[str, Any], scale: TimelineScale) -> PlacedItem:
    """Where one timeline item's mark and label go, in date units, and its label's lines."""
    days_per_in, gap = scale.days_per_in, scale.gap
    is_phase = row["item_kind"] == "phase"
    points = group_points(row)
    x0, x1, is_point, arrows = _mark_span(row, scale, points)
    name, when = item_label(row)
    side, room = _label_side(
        is_phase,
        text_size(dpi, f"{name} {when}", LABEL_SIZE)[0],
        right=min((scale.x_hi - x1 - gap) / days_per_in, MAX_LABEL_IN),
        left=min((x0 - gap - scale.x_lo) / days_per_in, MAX_LABEL_IN),
        inside=(x1 - x0 - 4 * gap - scale.head * sum(arrows)) / days_per_in,
    )
    lines = _label_lines(dpi, name, when, room)
    text_w = max(text_size(dpi, line, LABEL_SIZE)[0] for line in lines) * days_per_in
    extent = {
        "right": (x0, x1 + gap + text_w),
        "left": (x0 - gap - text_w, x1),
        "inside": (x0, x1),
    }[side]
    if side == "inside":
        half = max(0.085, len(lines) * LINE_IN / 2 + 0.03)
    else:
        half = 0.085 if is_phase else 0.06
    return PlacedItem(
        row=row,
        x0=x0,
        x1=x1,
        is_point=is_point,
        is_phase=is_phase,
        points=points,
        arrows=arrows,
        focus=bool(row["involves_focus"]),
        side=side,
        text="\n".join(lines),
        n_lines=len(lines),
        half=half,
        extent=extent,
    )


def timeline_sections(records: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The timeline's sections, each a header and its rows in date order: phases, then the
    article's events, then the record's."""
    events = [r for r in records if r["item_kind"] != "phase"]
    return [
        (
            "Phases (public record)",
            sorted((r for r in records if r["item_kind"] == "phase"), key=item_sort_key),
        ),
        (
            "Events as the article dates them",
            sorted((r for r in events if r["origin"] == "article"), key=item_sort_key),
        ),
        (
            "Events in the public record",
            sorted((r for r in events if r["origin"] != "article"), key=item_sort_key),
        ),
    ]


def _stack_lanes(items: list[PlacedItem], lanes: list[int], top: float) -> float:
    """Set each item's ``y`` in its lane, lanes stacked from ``top``; returns their height.

    Each lane is as tall as its tallest label, so labels never overlap.
    """
    lane_heights = [0.0] * (max(lanes) + 1)
    for item, lane in zip(items, lanes, strict=True):
        height = max(item.n_lines * LINE_IN, 2 * item.half) + ROW_PAD_IN
        lane_heights[lane] = max(lane_heights[lane], height)
    lane_tops = list(np.cumsum([0.0, *lane_heights[:-1]]) + top)
    for item, lane in zip(items, lanes, strict=True):
        item.y = lane_tops[lane] + lane_heights[lane] / 2
    return sum(lane_heights)


def lay_out_timeline(
    dpi: float,
    sections: Sequence[tuple[str, list[dict[str, Any]]]],
    scale: TimelineScale,
    compact: bool,
) -> tuple[list[tuple[float, str]], list[PlacedItem], float]:
    """Every row placed, top-down in inches: the sections' headers (top, text), the items,
    and the height of them all.

    With ``compact``, events whose marks and labels fit side by side share a lane.
    """
    headers: list[tuple[float, str]] = []
    items: list[PlacedItem] = []
    y = 0.0
    for header, members in sections:
        if not members:
            continue
        headers.append((y, header))
        y += HEADER_IN
        placed = [place_item(dpi, row, scale) for row in members]
        if compact and placed[0].is_phase is False:
            gap = ITEM_GAP_IN * scale.days_per_in
            lanes = pack_lanes([item.extent for item in placed], gap)
        else:
            lanes = list(range(len(placed)))
        y += _stack_lanes(placed, lanes, y)
        items += placed
    return headers, items, y
