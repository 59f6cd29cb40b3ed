"""Where the contact network's nodes, names, edges and edge dates go: pure layout in inches.

:func:`layout_contact_network` measures text but draws nothing; it returns a
:class:`NetworkLayout` that :func:`analysis.charts.network.plot_contact_network` draws as it is.
One unit is one inch on both axes, y upward from the bottom of the chart's body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts.layout import TITLE_X_IN, date_number
from analysis.charts.network_geometry import (
    Box,
    Curve,
    bezier,
    box_around,
    place_on_edge,
    points_of,
)
from analysis.charts.style import CHART_DPI, FIGURE_WIDTH, LABEL_SIZE, SIDE_COLORS, SMALL_SIZE
from analysis.charts.text import text_size, wrap_to_width
from analysis.datetext import label_at_precision

NODE_R = 0.11  # node radius, inches
ROW_GAP_IN = 0.8  # vertical distance between nodes of the fullest column
ARC_STEP_IN = 0.3  # how far parallel edges of one pair bow apart at their middle
# Names and roles in the side columns wrap to this width, so their labels leave the edges
# between the columns about 3 inches of the 7.2-inch figure. A middle node's label, centred
# under it, may be wider.
NODE_LABEL_IN = 1.65
MIDDLE_LABEL_IN = 2.2
NAME_SIZE = LABEL_SIZE + 0.5
ROLE_SIZE = SMALL_SIZE
LABEL_GAP_IN = 0.12  # node to its name
MARGIN_Y_IN = 0.5  # above the top node and below the bottom one
LEADER_FROM_IN = 0.37  # a date placed farther off its edge than this gets a leader line
LEFT, MIDDLE, RIGHT = 0, 1, 2  # the columns


@dataclass(frozen=True)
class NodeText:
    """A node's name and short role, wrapped, with their sizes in inches."""

    name: str
    role: str
    name_size: tuple[float, float]
    role_size: tuple[float, float]

    @property
    def width(self) -> float:
        return max(self.name_size[0], self.role_size[0])

    @property
    def height(self) -> float:
        return self.name_size[1] + self.role_size[1]

    @property
    def lines(self) -> tuple[int, int]:
        """Lines of the name and of the role (0 for no role)."""
        return tuple(len(text.split("\n")) if text else 0 for text in (self.name, self.role))  # type: ignore[return-value]


@dataclass(frozen=True)
class NetworkNode:
    """An actor drawn as a node: where, its side and column, and its label's place."""

    actor_id: str
    actor_name: str
    side: str
    column: int
    x: float
    y: float
    text: NodeText
    label_x: float
    label_ha: str  # "right" of the left column, "left" of the right one, "center" below
    name_top: float
    role_top: float  # where the role starts, under the name (unused if no role)


@dataclass(frozen=True)
class NetworkEdge:
    """One contact between two actors: its curve, and its date label's place."""

    index: int  # row position in the edges table
    row: dict[str, Any]
    curve: Curve
    label: str
    label_centre: np.ndarray
    label_anchor: np.ndarray  # the point of the curve the label belongs to
    label_size: tuple[float, float]  # of its box, in inches

    @property
    def has_leader(self) -> bool:
        """Whether the label stepped so far off its edge that a line must join them."""
        return abs(self.label_centre[1] - self.label_anchor[1]) > LEADER_FROM_IN


@dataclass(frozen=True)
class NetworkLayout:
    """The whole chart's body: ``width`` by ``height`` inches, nodes in drawing order, edges
    in row order and ``label_order``, the order their dates were placed (busiest first)."""

    width: float
    height: float
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    label_order: list[int]


def short_role(role: Any) -> str:
    """The role's first clause: who the actor is, without the rest of the sentence."""
    if not isinstance(role, str) or not role.strip():
        return ""
    # The role field can run to a sentence; its first clause says who the actor is.
    return role.split(";")[0].split(" (")[0].strip()


def column_of(side: str) -> int:
    """Russia's side on the left, NATO's on the right, anyone else in the middle."""
    if side == "russia":
        return LEFT
    if side in ("nato", "nato_member_state"):
        return RIGHT
    return MIDDLE


class _Actors:
    """The actors table by id; an actor it lacks is named by its id, on no side."""

    def __init__(self, actors: pd.DataFrame | None, dpi: float) -> None:
        rows = [] if actors is None or actors.empty else actors.to_dict(orient="records")
        self.by_id = {str(r["actor_id"]): r for r in rows}
        self.dpi = dpi

    def name(self, actor_id: str) -> str:
        row = self.by_id.get(actor_id)
        return str(row["name"]) if row is not None else actor_id

    def side(self, actor_id: str) -> str:
        row = self.by_id.get(actor_id)
        side = row["side"] if row is not None else "other"
        return side if side in SIDE_COLORS else "other"

    def text(self, actor_id: str, name_lines: int | None = None, role_lines: int = 3) -> NodeText:
        """The node's name and role wrapped (to at most so many lines) and measured."""
        row = self.by_id.get(actor_id)
        max_in = MIDDLE_LABEL_IN if column_of(self.side(actor_id)) == MIDDLE else NODE_LABEL_IN
        name = "\n".join(
            wrap_to_width(self.dpi, self.name(actor_id), NAME_SIZE, max_in, "bold", name_lines)
        )
        role = short_role(row["role"] if row is not None else None) if role_lines else ""
        role = "\n".join(wrap_to_width(self.dpi, role, ROLE_SIZE, max_in, max_lines=role_lines))
        return NodeText(
            name,
            role,
            text_size(self.dpi, name, NAME_SIZE, "bold", linespacing=1.0),
            text_size(self.dpi, role, ROLE_SIZE, linespacing=1.0),
        )


def order_columns(
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


def edge_geometry(
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
        ordered = sorted(indices, key=lambda i: (date_number(rows[i]["contact_start"]), i))
        for slot, index in enumerate(ordered):
            bulge = (slot - (len(ordered) - 1) / 2) * ARC_STEP_IN
            geometry[index] = (p0, (p0 + p1) / 2 + normal * 2 * bulge, p1)
    return geometry


def place_middle_node(
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
    # A partner in the middle column may not be placed yet: it cannot pull this node.
    partners = [positions.get(b if a == node else a) for a, b in pairs if node in (a, b)]
    partners = [p for p in partners if p is not None]
    target = float(np.mean([p[1] for p in partners])) if partners else sum(y_range) / 2
    others = [p[1] for p in positions.values() if abs(p[0] - x) < 1e-9]
    width, height = footprint
    points = points_of(curves)
    best: tuple[float, float, float] | None = None
    for y in np.arange(y_range[0], y_range[1] + 1e-9, 0.05):
        if any(abs(y - other) < ROW_GAP_IN + height for other in others):
            continue
        grid_x = np.linspace(x - width / 2, x + width / 2, 7)
        grid_y = np.linspace(y - NODE_R - height, y + NODE_R, 4)
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


def edge_label(row: dict[str, Any]) -> str:
    """An edge's date at its precision, or for several contacts their number and years;
    " ?" marks a date the record does not confirm."""
    if row["contacts"] > 1:
        first = pd.Timestamp(row["contact_start"]).year
        last = pd.Timestamp(row["contact_last"]).year
        years = f"{first}" if first == last else f"{first}–{last}"
        text = f"{row['contacts']} contacts, {years}"
    else:
        text = label_at_precision(row["contact_start"], str(row["date_precision"]))
    return text if row["is_confirmed"] else text + " ?"


# --- The layout, step by step ----------------------------------------------------------------


@dataclass
class _Draft:
    """The layout while it is being built: nodes by column, their texts and positions."""

    actors: _Actors
    rows: list[dict[str, Any]]
    pairs: list[tuple[str, str]]
    first_seen: dict[str, float]
    columns: dict[int, list[str]]
    texts: dict[str, NodeText]
    width: float
    body: float = 0.0


def _start_draft(rows: list[dict[str, Any]], actors: _Actors, width: float) -> _Draft:
    """Who is in the chart, in which column and order, and how each is named."""
    first_seen: dict[str, float] = {}
    pairs: list[tuple[str, str]] = []
    for row in rows:
        a, b = str(row["source_actor_id"]), str(row["target_actor_id"])
        pairs.append((a, b))
        when = date_number(row["contact_start"])
        for node in (a, b):
            first_seen[node] = min(first_seen.get(node, when), when)
    columns: dict[int, list[str]] = {}
    for node in first_seen:
        columns.setdefault(column_of(actors.side(node)), []).append(node)
    columns = order_columns(columns, pairs, first_seen)
    texts = {node: actors.text(node) for node in first_seen}
    return _Draft(actors, rows, pairs, first_seen, columns, texts, width)


def _column_xs(draft: _Draft) -> tuple[float, float]:
    """x of the left and right columns: as far apart as their names leave room for."""
    widest_left = max([draft.texts[n].width for n in draft.columns.get(LEFT, [])] + [0.0])
    widest_right = max([draft.texts[n].width for n in draft.columns.get(RIGHT, [])] + [0.0])
    x_left = TITLE_X_IN + widest_left + LABEL_GAP_IN
    x_left += NODE_R
    x_right = draft.width - TITLE_X_IN - NODE_R - LABEL_GAP_IN
    x_right -= widest_right
    return x_left, x_right


def _fit_label(draft: _Draft, node: str, room: float) -> None:
    """Cut a name and role taller than ``room`` by role lines, then name lines, each cut
    shown by an ellipsis."""
    name_lines, role_lines = draft.texts[node].lines
    while draft.texts[node].height > room and name_lines + role_lines > 2:
        if role_lines > 1:
            role_lines -= 1
        else:
            name_lines -= 1
        draft.texts[node] = draft.actors.text(node, name_lines, role_lines)


def _place_side_columns(draft: _Draft, x_left: float, x_right: float) -> dict[str, np.ndarray]:
    """The left and right columns' nodes, each column spread over the full height."""
    positions: dict[str, np.ndarray] = {}
    n_side = max(len(draft.columns.get(LEFT, [])), len(draft.columns.get(RIGHT, [])), 1)
    body = max(n_side - 1, 1) * ROW_GAP_IN + 2 * MARGIN_Y_IN
    draft.body = body
    for key, x in ((LEFT, x_left), (RIGHT, x_right)):
        nodes = draft.columns.get(key, [])
        for index, node in enumerate(nodes):
            if len(nodes) == 1:
                y = body / 2
            else:
                # Every column spans the full height, so sparse columns' edges fan out.
                y = body - MARGIN_Y_IN - (body - 2 * MARGIN_Y_IN) * index / (len(nodes) - 1)
            positions[node] = np.array([x, y])
        for index, node in enumerate(nodes):
            neighbours = [*nodes[max(index - 1, 0) : index], *nodes[index + 1 : index + 2]]
            gaps = [abs(positions[node][1] - positions[n][1]) for n in neighbours]
            _fit_label(draft, node, min(gaps, default=body) - 0.15)
    return positions


def _place_middle_column(draft: _Draft, positions: dict[str, np.ndarray], x_mid: float) -> None:
    """Each middle node where it and its name are clearest of the edges already laid, so no
    edge seems to pass through it; where none is clear enough, below the columns."""
    curves = [
        bezier(*g, np.linspace(0.0, 1.0, 60))
        for g in edge_geometry(draft.pairs, draft.rows, positions).values()
    ]
    lowest = min((p[1] for p in positions.values()), default=draft.body / 2)
    y_range = (MARGIN_Y_IN, draft.body - MARGIN_Y_IN)
    for node in draft.columns.get(MIDDLE, []):
        text = draft.texts[node]
        footprint = (text.width, text.height + 0.09)
        point, clearance = place_middle_node(
            node, x_mid, y_range, footprint, curves, draft.pairs, positions
        )
        if clearance < 0.25:
            lowest -= ROW_GAP_IN + footprint[1]
            point = np.array([x_mid, lowest])
        lowest = min(lowest, point[1])
        positions[node] = point
        curves += [
            np.linspace(point, positions[b if a == node else a], 40)
            for a, b in draft.pairs
            if node in (a, b) and (b if a == node else a) in positions
        ]


def _grow_downward(draft: _Draft, positions: dict[str, np.ndarray]) -> None:
    """Shift everything up by what nodes placed below the columns need; the body grows."""
    middle = draft.columns.get(MIDDLE, [])
    floor = min(
        p[1]
        - (
            NODE_R + draft.texts[n].name_size[1] + draft.texts[n].role_size[1] + 0.1
            if n in middle
            else 0
        )
        for n, p in positions.items()
    )
    shift = max(MARGIN_Y_IN - floor, 0.0)
    for point in positions.values():
        point[1] += shift
    draft.body += shift


def _label_box(x: float, ha: str, width: float, height: float, top: float) -> Box:
    """The box a text aligned at ``x`` by ``ha`` takes, padded by 0.04 inch."""
    x0 = x - width if ha == "right" else (x - width / 2 if ha == "center" else x)
    return (x0 - 0.04, top - height - 0.04, x0 + width + 0.04, top + 0.04)


def _node(draft: _Draft, actor_id: str, point: np.ndarray) -> NetworkNode:
    """A placed node with its label: outside its column, or under it in the middle."""
    x, y = point
    column = column_of(draft.actors.side(actor_id))
    text = draft.texts[actor_id]
    (_, name_h), (_, role_h) = text.name_size, text.role_size
    label_x, ha = {
        LEFT: (x - NODE_R - LABEL_GAP_IN, "right"),
        RIGHT: (x + NODE_R + LABEL_GAP_IN, "left"),
        MIDDLE: (x, "center"),
    }[column]
    block_h = name_h + (role_h + 0.03 if text.role else 0.0)
    name_top = y + block_h / 2 if column != MIDDLE else y - NODE_R - 0.06
    return NetworkNode(
        actor_id=actor_id,
        actor_name=draft.actors.name(actor_id),
        side=draft.actors.side(actor_id),
        column=column,
        x=x,
        y=y,
        text=text,
        label_x=label_x,
        label_ha=ha,
        name_top=name_top,
        role_top=name_top - name_h - 0.03,
    )


def _occupied_by(nodes: Sequence[NetworkNode]) -> list[Box]:
    """Boxes no edge label may cover: the nodes, then their names and roles."""
    occupied: list[Box] = [(n.x - NODE_R, n.y - NODE_R, n.x + NODE_R, n.y + NODE_R) for n in nodes]
    for n in nodes:
        (name_w, name_h), (role_w, role_h) = n.text.name_size, n.text.role_size
        occupied.append(_label_box(n.label_x, n.label_ha, name_w, name_h, n.name_top))
        if n.text.role:
            occupied.append(_label_box(n.label_x, n.label_ha, role_w, role_h, n.role_top))
    return occupied


def _place_edge_labels(
    draft: _Draft, geometry: dict[int, Curve], occupied: list[Box], dpi: float
) -> tuple[list[NetworkEdge], list[int]]:
    """Each date on its own edge, at the point farthest from every other edge among those
    whose box is free of nodes, names and dates already placed.

    Edges of the busiest actors choose first, as they have the least room.
    """
    samples = {i: bezier(*geometry[i], np.linspace(0.0, 1.0, 60)) for i in geometry}
    degree = {node: sum(node in pair for pair in draft.pairs) for node in draft.first_seen}
    pairs = draft.pairs
    order = sorted(
        range(len(draft.rows)), key=lambda i: (-degree[pairs[i][0]] - degree[pairs[i][1]], i)
    )
    frame = (0.0, 0.0, draft.width, draft.body)
    placed: dict[int, NetworkEdge] = {}
    for index in order:
        row = draft.rows[index]
        text = edge_label(row)
        w, h = text_size(dpi, text, SMALL_SIZE)
        size = (w + 0.1, h + 0.08)  # the label's rounded box
        other_points = points_of(samples[j] for j in samples if j != index)
        centre, anchor = place_on_edge(geometry[index], other_points, size, occupied, frame)
        occupied.append(box_around(centre, size))
        placed[index] = NetworkEdge(index, row, geometry[index], text, centre, anchor, size)
    return [placed[i] for i in range(len(draft.rows))], order


def layout_contact_network(
    edges: pd.DataFrame,
    actors: pd.DataFrame | None,
    dpi: float = CHART_DPI,
    width: float = FIGURE_WIDTH,
) -> NetworkLayout:
    """Lay out the contact network ``width`` inches wide; the height follows from the nodes.

    ``edges`` is a declared ``contact_edges`` table (see ``OUTPUT_TABLES`` in
    :mod:`analysis.tables`), ``actors`` the annotation's actors (an actor missing from it is
    named by its id). Deterministic: the same tables give the same layout.
    """
    rows = [] if edges is None or edges.empty else edges.to_dict(orient="records")
    draft = _start_draft(rows, _Actors(actors, dpi), width)
    x_left, x_right = _column_xs(draft)
    positions = _place_side_columns(draft, x_left, x_right)
    _place_middle_column(draft, positions, (x_left + x_right) / 2)
    _grow_downward(draft, positions)
    nodes = [_node(draft, actor_id, point) for actor_id, point in positions.items()]
    geometry = edge_geometry(draft.pairs, rows, positions)
    placed, order = _place_edge_labels(draft, geometry, _occupied_by(nodes), dpi)
    return NetworkLayout(width, draft.body, nodes, placed, order)
