"""Stacked horizontal bars of counts per speaker: claims by attribution, checks by verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts.layout import (
    TITLE_BAND_IN,
    add_axes,
    draw_empty_note,
    draw_note,
    new_figure,
    note_lines,
    set_title,
)
from analysis.charts.legends import draw_legends, highlight_box, legend_layout, patch_entry
from analysis.charts.style import (
    ATTRIBUTION_COLORS,
    ATTRIBUTION_LABELS,
    FIGURE_WIDTH,
    LABEL_SIZE,
    TEXT_COLOR,
    VERDICT_COLORS,
)
from analysis.charts.text import text_size, wrap_to_width
from analysis.verdicts import VERDICTS

SPEAKER_NAME_IN = 2.4  # longer names wrap, to two lines at most, so the bars keep their room
_AXIS_TEXT_IN = 0.55
_ROW_IN = 0.4


@dataclass(frozen=True)
class BarKind:
    """What one stacked-bar chart counts: its segments (columns), their names and colours."""

    labels: dict[str, str]  # column -> legend label, in stacking order
    colours: dict[str, str]
    light_text: frozenset[str]  # segments dark enough for a white count inside them
    legend_title: str
    x_label: str
    empty_text: str


SPEAKER_BARS = BarKind(
    ATTRIBUTION_LABELS,
    ATTRIBUTION_COLORS,
    frozenset({"direct_quote"}),
    legend_title="How the claim is attributed",
    x_label="Claims in the article",
    empty_text="No claims annotated",
)
VERDICT_BARS = BarKind(
    {v.name: v.label for v in VERDICTS},
    VERDICT_COLORS,
    frozenset({"supported", "contradicted"}),
    legend_title="Verdict",
    x_label="Checked claims",
    empty_text="No claims checked",
)


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
    return plot_stacked_bars(speakers, SPEAKER_BARS, title, focus_name, summary_row, note)


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
    return plot_stacked_bars(verdicts, VERDICT_BARS, title, focus_name, summary_row, note)


def _draw_segments(
    ax: Axes, fig: Figure, table: pd.DataFrame, kind: BarKind, in_per_count: float
) -> None:
    """The bars, segment by segment, each count written inside its segment where it fits
    and the bar has more than one segment."""
    names = [str(n) for n in table.index]
    y = np.arange(len(names))
    n_segments = (table > 0).sum(axis=1).to_numpy()
    left = np.zeros(len(names))
    for mode in kind.labels:
        counts = table[mode].to_numpy()
        bars = ax.barh(
            y,
            counts,
            left=left,
            height=0.62,
            color=kind.colours[mode],
            edgecolor="white",
            linewidth=0.8,
            label=kind.labels[mode],
        )
        for index, (bar, count) in enumerate(zip(bars, counts, strict=True)):
            bar.set_gid(f"{mode}:{names[index]}")
            text = str(int(count))
            fits = text_size(fig.dpi, text, LABEL_SIZE)[0] + 0.1 <= count * in_per_count
            if count > 0 and n_segments[index] > 1 and fits:
                ax.text(
                    left[index] + count / 2,
                    index,
                    text,
                    ha="center",
                    va="center",
                    fontsize=LABEL_SIZE,
                    color="white" if mode in kind.light_text else TEXT_COLOR,
                    gid=f"count:{mode}:{names[index]}",
                )
        left = left + counts


def _draw_totals(ax: Axes, names: Sequence[str], totals: np.ndarray, x_max: float) -> None:
    """Each row's total, in bold, just after its bar."""
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


def _set_name_ticks(
    ax: Axes,
    names: Sequence[str],
    shown: Sequence[str],
    focus_name: str | None,
    summary_row: str | None,
) -> None:
    """The speakers' names as y tick labels: the focus highlighted, a summary row in italics."""
    ax.set_yticks(np.arange(len(names)))
    ax.set_yticklabels(shown, fontsize=LABEL_SIZE)
    for tick_label in ax.get_yticklabels():
        if "\n" in tick_label.get_text():
            tick_label.set_linespacing(1.0)  # a wrapped name stays within its row
    ax.tick_params(axis="y", length=0)
    for name, tick_label in zip(names, ax.get_yticklabels(), strict=True):
        if focus_name is not None and name == focus_name:
            tick_label.set_fontweight("bold")
            tick_label.set_bbox(highlight_box())
        if summary_row is not None and name == summary_row:
            tick_label.set_fontstyle("italic")


def plot_stacked_bars(
    counts: pd.DataFrame,
    kind: BarKind,
    title: str,
    focus_name: str | None = None,
    summary_row: str | None = None,
    note: str = "",
) -> Figure:
    """Horizontal bars, one a row of ``counts``, stacked by the columns ``kind`` names.

    Counts inside segments are white on the colours of ``kind.light_text``, dark on the others.
    """
    table = counts[list(kind.labels)].fillna(0).astype(int)
    names = [str(n) for n in table.index]
    fig = new_figure(FIGURE_WIDTH, 3.0)
    # Measured in bold, the focus speaker's weight, so any name may be highlighted.
    shown = [
        "\n".join(wrap_to_width(fig.dpi, n, LABEL_SIZE, SPEAKER_NAME_IN, "bold", max_lines=2))
        for n in names
    ]
    name_w = max([text_size(fig.dpi, n, LABEL_SIZE, "bold")[0] for n in shown] + [0.6])
    left_in, right_in = name_w + 0.35, 0.45
    handles = [patch_entry(kind.labels[m], kind.colours[m]) for m in kind.labels]
    legends, legend_in = legend_layout(fig, [(kind.legend_title, handles, len(kind.labels))])
    lines, note_in = note_lines(fig, note)
    bottom_in = _AXIS_TEXT_IN + note_in + legend_in + 0.1
    body_in = max(len(names), 2) * _ROW_IN
    fig.set_size_inches(FIGURE_WIDTH, TITLE_BAND_IN + body_in + bottom_in)
    ax = add_axes(fig, left_in, right_in, TITLE_BAND_IN, bottom_in)
    set_title(ax, fig, title)
    ax.set_xlabel(kind.x_label, fontsize=LABEL_SIZE)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))

    if table.empty:
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        draw_empty_note(ax, kind.empty_text)
        draw_note(fig, lines, top_in=legend_in + note_in + 0.05)
        return fig

    totals = table.sum(axis=1).to_numpy()
    x_max = max(float(totals.max()), 1.0) * 1.06
    ax.set_xlim(0, x_max)
    ax.set_ylim(len(names) - 0.5, -0.5)
    _draw_segments(ax, fig, table, kind, (FIGURE_WIDTH - left_in - right_in) / x_max)
    _draw_totals(ax, names, totals, x_max)
    _set_name_ticks(ax, names, shown, focus_name, summary_row)
    draw_note(fig, lines, top_in=legend_in + note_in + 0.05)
    draw_legends(fig, legends, top_in=legend_in + 0.05)
    return fig
