"""The charts' look: palette, type sizes, the figure width and matplotlib's rcParams.

Every colour a chart uses is named here once; the verdicts' colours are those declared in
:mod:`analysis.verdicts`, shared with the report's HTML.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl

from analysis.verdicts import VERDICT_COLOURS

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
# Every chart is laid out at this resolution: text is measured at it before drawing.
CHART_DPI = float(REPORT_STYLE["figure.dpi"])

# Written out rather than taken from strftime, whose names follow the machine's locale.
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def apply_report_style() -> None:
    """Set matplotlib's rcParams to the report's style (fonts, spines, grid, dpi, savefig)."""
    mpl.rcParams.update(REPORT_STYLE)


def channel_color(channel: str | None) -> str:
    """An edge's or mark's colour for its channel; a contact without one is grey."""
    return CHANNEL_COLORS.get(channel or "", UNKNOWN_COLOR)
