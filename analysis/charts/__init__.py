"""The report's charts: pure functions from the report's frames to matplotlib Figures.

Every function returns a :class:`matplotlib.figure.Figure` attached to an Agg canvas and not
registered with pyplot, so a notebook shows it once (as the cell's value or with ``display``)
and nothing is left open between cells. Nothing is shown or saved here.

Layouts are computed in inches from measured text sizes rather than left to automatic
layout, because the charts must stay free of overlapping labels at print size (7.2 inches
wide, the text column of an A4 page, no font under 8 pt). The frames are the declared output
tables of :mod:`analysis.compute` (``OUTPUT_TABLES`` in :mod:`analysis.tables`).

- :mod:`~analysis.charts.style`: palette, type sizes, :func:`apply_report_style`;
- :mod:`~analysis.charts.text`, :mod:`~analysis.charts.layout`,
  :mod:`~analysis.charts.legends`: measured text, figures placed in inches, legends;
- one module per chart: :mod:`~analysis.charts.timeline` (laid out by
  :mod:`~analysis.charts.timeline_layout`), :mod:`~analysis.charts.contact_week`,
  :mod:`~analysis.charts.bars` (speakers and verdicts) and :mod:`~analysis.charts.network`
  (laid out by :mod:`~analysis.charts.network_layout`).
"""

from __future__ import annotations

from analysis.charts.bars import plot_speakers, plot_verdicts
from analysis.charts.contact_week import plot_contact_week
from analysis.charts.network import plot_contact_network
from analysis.charts.network_layout import NetworkLayout, layout_contact_network
from analysis.charts.style import (
    ATTRIBUTION_COLORS,
    CHANNEL_COLORS,
    FIGURE_WIDTH,
    FOCUS_COLOR,
    LABEL_SIZE,
    ORIGIN_COLORS,
    SIDE_COLORS,
    VERDICT_COLORS,
    WEEKDAY_ABBR,
    apply_report_style,
)
from analysis.charts.timeline import plot_timeline
from analysis.datetext import MONTH_ABBR, interval_label, label_at_precision

# One home for dates at their precision (analysis/datetext.py); the charts' names for them.
format_date = label_at_precision
format_interval = interval_label

__all__ = [
    "ATTRIBUTION_COLORS",
    "CHANNEL_COLORS",
    "FIGURE_WIDTH",
    "FOCUS_COLOR",
    "LABEL_SIZE",
    "MONTH_ABBR",
    "ORIGIN_COLORS",
    "SIDE_COLORS",
    "VERDICT_COLORS",
    "WEEKDAY_ABBR",
    "NetworkLayout",
    "apply_report_style",
    "format_date",
    "format_interval",
    "layout_contact_network",
    "plot_contact_network",
    "plot_contact_week",
    "plot_speakers",
    "plot_timeline",
    "plot_verdicts",
]
