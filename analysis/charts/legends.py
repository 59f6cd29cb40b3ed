"""Legends as titled groups set side by side under a chart, and their entries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.layout import TITLE_X_IN
from analysis.charts.style import FOCUS_COLOR, LABEL_SIZE
from analysis.charts.text import text_size

LEGEND_ROW_IN = 0.22

# A legend group: its title, its entries and how many columns it spreads over.
LegendGroup = tuple[str, list[Any], int]
LegendLayout = list[tuple[float, float, LegendGroup]]


def _group_size(fig: Figure, title: str, handles: Sequence[Any], ncol: int) -> tuple[float, float]:
    """Width and height (inches) of one legend group of ``ncol`` columns."""
    label_w = max(text_size(fig.dpi, str(h.get_label()), LABEL_SIZE)[0] for h in handles)
    # Handle (2.2 em), its gap to the text (0.8 em) and the gap between columns (1.6 em).
    column_w = 0.42 + label_w + 0.2
    width = max(text_size(fig.dpi, title, LABEL_SIZE, "bold")[0], ncol * column_w) + 0.2
    height = (1 + math.ceil(len(handles) / ncol)) * LEGEND_ROW_IN
    return width, height


def legend_layout(fig: Figure, groups: Sequence[LegendGroup]) -> tuple[LegendLayout, float]:
    """Titled legend groups side by side, wrapping to a new line at the figure's width.

    Returns each group's (x, y below the block's top) in inches and the block's height.
    """
    limit = fig.get_size_inches()[0] - TITLE_X_IN
    x, y, line_height = TITLE_X_IN, 0.0, 0.0
    layout: LegendLayout = []
    for title, handles, ncol in groups:
        if not handles:
            continue
        ncol = max(1, min(ncol, len(handles)))
        width, height = _group_size(fig, title, handles, ncol)
        if layout and x + width > limit:
            x, y, line_height = TITLE_X_IN, y + line_height + 0.1, 0.0
        layout.append((x, y, (title, handles, ncol)))
        x += width
        line_height = max(line_height, height)
    return layout, (y + line_height if layout else 0.0)


def draw_legends(fig: Figure, layout: LegendLayout, top_in: float) -> None:
    """Draw legend groups laid out by :func:`legend_layout`, ``top_in`` above the bottom."""
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


def marker_entry(
    label: str, marker: str, color: str, face: str | None = None, size: float = 7
) -> Line2D:
    """A legend entry showing a marker."""
    style = {"markeredgecolor": color, "markerfacecolor": face or color, "markeredgewidth": 1.3}
    return Line2D([], [], marker=marker, linestyle="none", markersize=size, label=label, **style)


def line_entry(
    label: str, color: str, dashed: bool = False, width: float = 2.0, alpha: float = 1.0
) -> Line2D:
    """A legend entry showing a line, solid or dashed."""
    style: Any = (0, (4, 2.5)) if dashed else "-"
    return Line2D([], [], color=color, linestyle=style, linewidth=width, alpha=alpha, label=label)


def patch_entry(label: str, face: str, edge: str = "none", alpha: float = 1.0) -> Patch:
    """A legend entry showing a filled box."""
    return Patch(facecolor=face, edgecolor=edge, alpha=alpha, label=label)


def highlight_box() -> dict[str, Any]:
    """The focus highlight behind a label: a yellow box."""
    return {"boxstyle": "square,pad=0.12", "facecolor": FOCUS_COLOR, "edgecolor": "none"}


def label_box(focus: bool) -> dict[str, Any]:
    """Behind a label: the focus highlight, or white so gridlines do not cross the words."""
    if focus:
        return highlight_box()
    return {"boxstyle": "square,pad=0.08", "facecolor": "white", "alpha": 0.85, "edgecolor": "none"}
