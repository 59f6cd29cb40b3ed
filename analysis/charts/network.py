"""The contact network drawn: who talked to whom, when and by which channel.

The layout is computed by :func:`analysis.charts.network_layout.layout_contact_network`;
this module only draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, PathPatch
from matplotlib.path import Path

from analysis.charts.layout import (
    TITLE_BAND_IN,
    add_axes,
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
from analysis.charts.network_layout import (
    MIDDLE,
    NAME_SIZE,
    NODE_R,
    ROLE_SIZE,
    NetworkEdge,
    NetworkLayout,
    NetworkNode,
    layout_contact_network,
)
from analysis.charts.style import (
    CHANNEL_COLORS,
    CHANNEL_LABELS,
    FIGURE_WIDTH,
    FOCUS_COLOR,
    MUTED_TEXT_COLOR,
    SIDE_COLORS,
    SIDE_LABELS,
    SMALL_SIZE,
    TEXT_COLOR,
    channel_color,
)


def _network_legend(
    layout: NetworkLayout, rows: Sequence[dict[str, Any]], focus_actor: str | None
) -> list[LegendGroup]:
    """Line colour by channel, line style by source, node colour by side: those drawn."""
    channels_seen = [c for c in CHANNEL_LABELS if any(r["channel"] == c for r in rows)]
    origins_seen = [o for o in ("article", "record") if any(r["origin"] == o for r in rows)]
    channel_handles = [
        line_entry(CHANNEL_LABELS[c], CHANNEL_COLORS[c], width=2.2) for c in channels_seen
    ]
    source_handles = [
        line_entry("reported in the article", "#444444")
        if o == "article"
        else line_entry("from the public record", "#444444", dashed=True, width=1.6)
        for o in origins_seen
    ]
    if any(not r["is_confirmed"] for r in rows):
        source_handles.append(
            line_entry('date not confirmed ("?")', "#444444", dashed=True, width=1.6, alpha=0.5)
        )
    sides_seen = [s for s in SIDE_COLORS if any(n.side == s for n in layout.nodes)]
    side_handles: list[Any] = [
        marker_entry(SIDE_LABELS[s], "o", "#333333", face=SIDE_COLORS[s], size=9)
        for s in sides_seen
    ]
    focus = [n for n in layout.nodes if n.actor_id == focus_actor]
    if focus:
        side_handles.append(patch_entry(f"focus: {focus[0].actor_name}", FOCUS_COLOR))
    return [
        ("Line colour: channel", channel_handles, 1),
        ("Line style: source", source_handles, 1),
        ("Node: side", side_handles, 2),
    ]


def _draw_node(ax: Axes, node: NetworkNode, focus: bool) -> None:
    """A node in its side's colour, on a yellow disc if it is the focus actor."""
    if focus:
        ax.add_patch(
            Circle(
                (node.x, node.y),
                NODE_R + 0.07,
                facecolor=FOCUS_COLOR,
                edgecolor="none",
                zorder=4,
                gid=f"focus:{node.actor_id}",
            )
        )
    ax.add_patch(
        Circle(
            (node.x, node.y),
            NODE_R,
            facecolor=SIDE_COLORS[node.side],
            edgecolor="#333333",
            linewidth=0.8,
            zorder=5,
            gid=f"node:{node.actor_id}",
        )
    )


def _draw_node_label(ax: Axes, node: NetworkNode, focus: bool) -> None:
    """A node's name (bold) and role (grey) where the layout put them.

    Names under middle nodes, which edges may cross, sit on white; the focus on yellow.
    """
    in_middle = node.column == MIDDLE
    ax.text(
        node.label_x,
        node.name_top,
        node.text.name,
        ha=node.label_ha,
        va="top",
        fontsize=NAME_SIZE,
        fontweight="bold",
        color=TEXT_COLOR,
        zorder=7,
        linespacing=1.0,
        gid=f"node-label:{node.actor_id}",
        bbox=label_box(focus) if in_middle or focus else None,
    )
    if node.text.role:
        ax.text(
            node.label_x,
            node.role_top,
            node.text.role,
            ha=node.label_ha,
            va="top",
            fontsize=ROLE_SIZE,
            color=MUTED_TEXT_COLOR,
            zorder=7,
            linespacing=1.0,
            gid=f"node-role:{node.actor_id}",
            bbox=label_box(False) if in_middle else None,
        )


def _draw_edge(ax: Axes, edge: NetworkEdge) -> None:
    """The contact's curve: coloured by channel, solid from the article, dashed from the
    record, faded if its date is not confirmed."""
    p0, control, p1 = edge.curve
    from_article = edge.row["origin"] == "article"
    path = Path([tuple(p0), tuple(control), tuple(p1)], [Path.MOVETO, Path.CURVE3, Path.CURVE3])
    ax.add_patch(
        PathPatch(
            path,
            facecolor="none",
            edgecolor=channel_color(edge.row["channel"]),
            linewidth=2.0 if from_article else 1.6,
            linestyle="-" if from_article else (0, (4, 2.5)),
            alpha=1.0 if edge.row["is_confirmed"] else 0.5,
            zorder=2,
            capstyle="round",
            gid=f"edge:{edge.index}",
        )
    )


def _draw_edge_label(ax: Axes, edge: NetworkEdge) -> None:
    """The edge's date in a box outlined like the edge, with a dotted leader if it stepped
    far off its edge."""
    colour = channel_color(edge.row["channel"])
    centre, anchor = edge.label_centre, edge.label_anchor
    if edge.has_leader:
        side = np.sign(anchor[1] - centre[1])
        ax.plot(
            [anchor[0], centre[0]],
            [anchor[1], centre[1] + side * edge.label_size[1] / 2],
            color=colour,
            linewidth=0.7,
            linestyle=":",
            zorder=5,
            gid=f"edge-leader:{edge.index}",
        )
    ax.text(
        centre[0],
        centre[1],
        edge.label,
        ha="center",
        va="center",
        fontsize=SMALL_SIZE,
        color=TEXT_COLOR,
        zorder=6,
        gid=f"edge-label:{edge.index}",
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": colour,
            "linewidth": 0.8,
            "linestyle": "-" if edge.row["origin"] == "article" else "--",
        },
    )


def _empty_network(fig: Figure, title: str) -> Figure:
    fig.set_size_inches(FIGURE_WIDTH, 2.0)
    ax = add_axes(fig, 0.3, 0.3, TITLE_BAND_IN, 0.2)
    set_title(ax, fig, title)
    ax.set_axis_off()
    draw_empty_note(ax, "No contacts in this window")
    return fig


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
    fig = new_figure(FIGURE_WIDTH, 3.0)
    if edges is None or edges.empty:
        return _empty_network(fig, title)
    layout = layout_contact_network(edges, actors, fig.dpi, FIGURE_WIDTH)
    rows = [edge.row for edge in layout.edges]
    legends, legend_in = legend_layout(fig, _network_legend(layout, rows, focus_actor))
    lines, note_in = note_lines(fig, note)
    bottom_in = legend_in + note_in + 0.25
    fig.set_size_inches(layout.width, TITLE_BAND_IN + layout.height + bottom_in)
    ax = add_axes(fig, 0.0, 0.0, TITLE_BAND_IN, bottom_in)
    # One data unit is one inch on both axes, so arcs, normals and label boxes can be laid
    # out in plain geometry.
    ax.set_xlim(0, layout.width)
    ax.set_ylim(0, layout.height)
    ax.set_axis_off()
    set_title(ax, fig, title)
    for node in layout.nodes:
        _draw_node(ax, node, node.actor_id == focus_actor)
    for node in layout.nodes:
        _draw_node_label(ax, node, node.actor_id == focus_actor)
    for edge in layout.edges:
        _draw_edge(ax, edge)
    for index in layout.label_order:
        _draw_edge_label(ax, layout.edges[index])
    draw_note(fig, lines, top_in=legend_in + note_in + 0.1)
    draw_legends(fig, legends, top_in=legend_in + 0.1)
    return fig
