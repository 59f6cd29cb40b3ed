"""The report's charts: built from the real report data, checked for what they draw and how."""

from __future__ import annotations

import doctest
import itertools
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")  # before pyplot: tests never open a window

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from analysis import charts
from analysis.charts.layout import new_figure
from analysis.charts.network_layout import NODE_LABEL_IN
from analysis.charts.text import text_size, wrap_to_width
from analysis.compute import ReportData, prepare_report
from analysis.params import validate_parameters

ARTICLE_ID = "rbth-2017-03-06-military-talks"
WINDOW = ("2014-01-01", "2017-12-31")


def _report(reference_date: str, focus: str = "gerasimov") -> ReportData:
    params = validate_parameters(ARTICLE_ID, reference_date, *WINDOW, focus, True)
    return prepare_report(params)


@pytest.fixture(scope="module")
def data() -> ReportData:
    return _report("2017-03-03")


@pytest.fixture(scope="module")
def data_published() -> ReportData:
    """The report with the English edition's date as reference: the call resolves to 6 Mar."""
    return _report("2017-03-06")


@pytest.fixture
def close_figures() -> Iterator[list[Figure]]:
    figures: list[Figure] = []
    yield figures
    for fig in figures:
        plt.close(fig)


def _drawn(fig: Figure, figures: list[Figure]) -> Figure:
    figures.append(fig)
    fig.canvas.draw()
    return fig


def _by_gid(fig: Figure, gid: str) -> list[Artist]:
    return [a for a in fig.findobj(lambda a: a.get_gid() == gid)]


def _texts(fig: Figure, *prefixes: str) -> list[Text]:
    return [
        t
        for t in fig.findobj(Text)
        if isinstance(t.get_gid(), str) and t.get_gid().startswith(prefixes) and t.get_text()
    ]


def _overlapping(fig: Figure, texts: list[Text], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn extents intersect (by more than ``tolerance`` pixels)."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_gid() or t.get_text(), t.get_window_extent(renderer)) for t in texts]
    clashes = []
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
        if overlap_x > tolerance and overlap_y > tolerance:
            clashes.append((name_a, name_b))
    return clashes


def _outside_figure(fig: Figure, texts: list[Text]) -> list[str]:
    """Texts drawn partly outside the figure, which would be clipped or widen the figure."""
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox.padded(0.5)
    outside = []
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.x0 < frame.x0 or box.y0 < frame.y0 or box.x1 > frame.x1 or box.y1 > frame.y1:
            outside.append(str(text.get_gid()))
    return outside


def _x_extent(artist: Artist) -> float:
    """Width in data units (days) of a bar, whether drawn as a rectangle or a polygon."""
    if hasattr(artist, "get_width"):
        return float(artist.get_width())
    xy = np.asarray(artist.get_xy())
    return float(xy[:, 0].max() - xy[:, 0].min())


def _assert_readable(fig: Figure) -> None:
    """The report's print rules: as wide as an A4 text column, no visible text under 8 pt."""
    assert fig.get_size_inches()[0] == pytest.approx(charts.FIGURE_WIDTH)
    assert charts.FIGURE_WIDTH <= 7.3  # A4 minus margins: printed at 100 %, fonts keep their size
    small = [
        (t.get_text(), t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_fontsize() < 8
    ]
    assert small == []


def _assert_legends_clear(fig: Figure) -> None:
    """Legends sit apart from each other and from the axes with its tick and axis labels."""
    renderer = fig.canvas.get_renderer()
    legends = [legend.get_window_extent(renderer) for legend in fig.legends]
    for a, b in itertools.combinations(legends, 2):
        assert not a.overlaps(b)
    for ax in fig.axes:
        tight = ax.get_tightbbox(renderer)
        for box in legends:
            assert min(tight.y1, box.y1) - max(tight.y0, box.y0) <= 0.5


# --- Style and helpers -----------------------------------------------------------------------


def test_overlap_check_catches_overlaps(close_figures: list[Figure]) -> None:
    """Guard for the no-overlap tests below: the check itself must see a clash."""
    fig = new_figure(4, 2)
    close_figures.append(fig)
    a = fig.text(0.1, 0.5, "overlapping label", gid="a")
    b = fig.text(0.15, 0.5, "another label", gid="b")
    c = fig.text(0.1, 0.1, "apart", gid="c")
    d = fig.text(0.9, 0.9, "partly outside the figure", gid="d")
    fig.canvas.draw()
    assert _overlapping(fig, [a, b, c]) == [("a", "b")]
    assert _outside_figure(fig, [a, c, d]) == ["d"]


def test_doctests_pass() -> None:
    """The chart labels' dates come from analysis.datetext, whose examples must hold."""
    from analysis import datetext

    result = doctest.testmod(datetext)
    assert result.attempted >= 7
    assert result.failed == 0
    assert charts.format_date is datetext.label_at_precision


@pytest.mark.parametrize(
    ("ts", "precision", "expected"),
    [
        (pd.Timestamp("2014-07-09"), "year", "2014"),
        (pd.Timestamp("2017-03-31"), "month", "Mar 2017"),
        (pd.Timestamp("2017-03-03"), "day", "3 Mar 2017"),
        ("2016-12-19", "day", "19 Dec 2016"),
    ],
)
def test_format_date(ts: object, precision: str, expected: str) -> None:
    assert charts.format_date(ts, precision) == expected


def test_format_date_refuses_unknown_precision() -> None:
    with pytest.raises(ValueError, match="precision"):
        charts.format_date(pd.Timestamp("2017-03-03"), "week")


def test_apply_report_style_sets_rcparams() -> None:
    with matplotlib.rc_context():
        charts.apply_report_style()
        rc = matplotlib.rcParams
        assert rc["figure.dpi"] == 110
        # No "tight" box: it would crop the charts laid out to the inch and draw them twice.
        assert rc["savefig.bbox"] in (None, "standard")
        assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
        assert rc["font.size"] >= 8


def test_palettes_cover_every_allowed_value() -> None:
    from analysis.tables import CHANNELS, SIDES, VERDICTS

    assert set(charts.SIDE_COLORS) == set(SIDES)
    assert set(charts.CHANNEL_COLORS) == set(CHANNELS)
    assert set(charts.VERDICT_COLORS) == set(VERDICTS)
    assert set(charts.ORIGIN_COLORS) == {"article", "record"}
    assert charts.FOCUS_COLOR not in charts.ORIGIN_COLORS.values()


# --- Timeline --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline_fig(data: ReportData) -> Iterator[Figure]:
    p = data.params
    fig = charts.plot_timeline(
        data.timeline, p.window_start, p.window_end, "Timeline", reference_date=p.reference_date
    )
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def test_timeline_returns_titled_figure(timeline_fig: Figure) -> None:
    assert isinstance(timeline_fig, Figure)
    [ax] = timeline_fig.axes
    assert ax.get_title(loc="left") == "Timeline"
    assert ax.patches and ax.lines and ax.texts
    _assert_readable(timeline_fig)
    _assert_legends_clear(timeline_fig)


def test_timeline_draws_every_item_once(data: ReportData, timeline_fig: Figure) -> None:
    for item_id in data.timeline["item_id"]:
        assert len(_by_gid(timeline_fig, item_id)) == 1, item_id
        assert len(_by_gid(timeline_fig, f"label:{item_id}")) == 1, item_id


def test_timeline_year_precision_event_spans_its_year(
    data: ReportData, timeline_fig: Figure
) -> None:
    tl = data.timeline
    window_start = pd.Timestamp(data.params.window_start)
    years = tl[
        (tl["item_kind"] == "event")
        & (tl["date_precision"] == "year")
        & (tl["start"] >= window_start)
    ]
    assert len(years) > 0
    for row in years.itertuples():
        [artist] = _by_gid(timeline_fig, row.item_id)
        assert isinstance(artist, Patch), row.item_id
        days_in_year = 366 if row.start.is_leap_year else 365
        assert _x_extent(artist) == pytest.approx(days_in_year, abs=0.01), row.item_id


def test_timeline_month_precision_event_spans_its_months(
    data: ReportData, timeline_fig: Figure
) -> None:
    tl = data.timeline
    months = tl[(tl["item_kind"] == "event") & (tl["date_precision"] == "month")]
    assert len(months) > 0
    for row in months.itertuples():
        [artist] = _by_gid(timeline_fig, row.item_id)
        expected = (row.end - row.start).days + 1
        assert _x_extent(artist) == pytest.approx(expected, abs=0.01), row.item_id


def test_timeline_day_precision_event_is_a_point(data: ReportData, timeline_fig: Figure) -> None:
    tl = data.timeline
    days = tl[(tl["item_kind"] == "event") & (tl["date_precision"] == "day")]
    days = days[days["end"] == days["start"]]
    assert len(days) > 0
    for row in days.itertuples():
        [artist] = _by_gid(timeline_fig, row.item_id)
        assert isinstance(artist, Line2D), row.item_id
        assert len(artist.get_xdata()) == 1
        assert artist.get_marker() not in (None, "None", "", " ")


def test_timeline_unconfirmed_events_are_hollow(data: ReportData, timeline_fig: Figure) -> None:
    unconfirmed = data.timeline[~data.timeline["is_confirmed"].astype(bool)]
    assert len(unconfirmed) > 0  # the record leaves the Fomin meeting's date unconfirmed
    for item_id in unconfirmed["item_id"]:
        [artist] = _by_gid(timeline_fig, item_id)
        face = (
            artist.get_markerfacecolor() if isinstance(artist, Line2D) else artist.get_facecolor()
        )
        assert matplotlib.colors.to_hex(face) == "#ffffff", item_id


def test_timeline_open_ended_phase_runs_to_window_edge(
    data: ReportData, timeline_fig: Figure
) -> None:
    [ax] = timeline_fig.axes
    open_ended = data.timeline[data.timeline["is_open_ended"].astype(bool)]
    assert len(open_ended) > 0
    for item_id in open_ended["item_id"]:
        [artist] = _by_gid(timeline_fig, item_id)
        xy = np.asarray(artist.get_xy())
        assert xy[:, 0].max() == pytest.approx(ax.get_xlim()[1]), item_id
        # The arrowhead: a single vertex at the right edge, where a plain bar would have two.
        assert int(np.isclose(xy[:, 0], ax.get_xlim()[1]).sum()) == 1, item_id


def test_timeline_focus_items_are_highlighted(data: ReportData, timeline_fig: Figure) -> None:
    focus = data.timeline[data.timeline["involves_focus"].astype(bool)]
    assert len(focus) > 0
    for item_id in focus["item_id"]:
        [label] = _by_gid(timeline_fig, f"label:{item_id}")
        box = label.get_bbox_patch()
        assert box is not None
        assert matplotlib.colors.to_hex(box.get_facecolor()) == charts.FOCUS_COLOR.lower()


def test_timeline_labels_do_not_overlap(timeline_fig: Figure) -> None:
    labels = _texts(timeline_fig, "label:", "header:")
    assert len(labels) > 20
    assert _overlapping(timeline_fig, labels) == []
    assert _outside_figure(timeline_fig, labels) == []


def test_timeline_labels_do_not_overlap_when_compact(
    data: ReportData, timeline_fig: Figure, close_figures: list[Figure]
) -> None:
    p = data.params
    fig = _drawn(
        charts.plot_timeline(
            data.timeline, p.window_start, p.window_end, "T", p.reference_date, compact=True
        ),
        close_figures,
    )
    assert fig.get_size_inches()[1] < timeline_fig.get_size_inches()[1]
    assert _overlapping(fig, _texts(fig, "label:", "header:")) == []


def test_timeline_height_grows_with_rows(
    data: ReportData, timeline_fig: Figure, close_figures: list[Figure]
) -> None:
    p = data.params
    few = data.timeline.head(5)
    small = _drawn(
        charts.plot_timeline(few, p.window_start, p.window_end, "T", p.reference_date),
        close_figures,
    )
    assert small.get_size_inches()[1] < timeline_fig.get_size_inches()[1]


def test_timeline_short_window(data: ReportData, close_figures: list[Figure]) -> None:
    tl = data.timeline
    start, end = pd.Timestamp("2017-01-01"), pd.Timestamp("2017-06-30")
    inside = tl[(tl["end"] >= start) & (tl["start"] <= end)]
    fig = _drawn(charts.plot_timeline(inside, start, end, "Half a year"), close_figures)
    assert _overlapping(fig, _texts(fig, "label:", "header:")) == []
    assert _outside_figure(fig, _texts(fig, "label:")) == []


def test_timeline_empty_frame(data: ReportData, close_figures: list[Figure]) -> None:
    p = data.params
    fig = _drawn(
        charts.plot_timeline(data.timeline.iloc[0:0], p.window_start, p.window_end, "Empty"),
        close_figures,
    )
    [ax] = fig.axes
    assert ax.get_title(loc="left") == "Empty"
    assert _by_gid(fig, "empty-note")


# --- The week of contacts --------------------------------------------------------------------


def test_week_returns_titled_figure(data: ReportData, close_figures: list[Figure]) -> None:
    fig = _drawn(
        charts.plot_contact_week(data.week_contacts, data.week_start, data.week_end, "Week"),
        close_figures,
    )
    [ax] = fig.axes
    assert ax.get_title(loc="left") == "Week"
    assert len(data.week_contacts) > 0
    for row in data.week_contacts.itertuples():
        assert len(_by_gid(fig, f"{row.contact_id}:{row.origin}")) == 1
    days = pd.date_range(data.week_start, data.week_end)
    assert len(ax.get_xticks()) == len(days)
    first = ax.get_xticklabels()[0].get_text()
    weekday = charts.WEEKDAY_ABBR[days[0].day_of_week]
    assert first == f"{weekday}\n{days[0].day} {charts.MONTH_ABBR[days[0].month - 1]}"
    _assert_readable(fig)
    _assert_legends_clear(fig)
    assert _overlapping(fig, _texts(fig, "label:", "participants:")) == []


def test_week_shows_both_datings_of_the_call(
    data_published: ReportData, close_figures: list[Figure]
) -> None:
    contacts = data_published.week_contacts
    fig = _drawn(
        charts.plot_contact_week(
            contacts, data_published.week_start, data_published.week_end, "Week"
        ),
        close_figures,
    )
    calls = contacts[contacts["channel"] == "phone_call"]
    assert set(calls["origin"]) == {"article", "record"}
    xs = {}
    for row in calls.itertuples():
        [mark] = _by_gid(fig, f"{row.contact_id}:{row.origin}")
        xs[row.origin] = float(mark.get_xdata()[0])
        assert mark.get_markeredgecolor() == charts.ORIGIN_COLORS[row.origin]
    assert xs["article"] - xs["record"] == pytest.approx(3.0)  # 6 Mar against 3 Mar


def test_week_empty_frame(data: ReportData, close_figures: list[Figure]) -> None:
    fig = _drawn(
        charts.plot_contact_week(
            data.week_contacts.iloc[0:0], data.week_start, data.week_end, "No week"
        ),
        close_figures,
    )
    [ax] = fig.axes
    assert ax.get_title(loc="left") == "No week"
    [note] = _by_gid(fig, "empty-note")
    assert "no contacts" in note.get_text().lower()


# --- Speakers --------------------------------------------------------------------------------


def test_speakers_returns_titled_figure(data: ReportData, close_figures: list[Figure]) -> None:
    speakers = data.speakers
    focus = str(speakers.index[1])
    fig = _drawn(charts.plot_speakers(speakers, "Speakers", focus_name=focus), close_figures)
    [ax] = fig.axes
    assert ax.get_title(loc="left") == "Speakers"
    assert len(ax.patches) == speakers.shape[0] * speakers.shape[1]
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(n) for n in speakers.index]
    [highlighted] = [t for t in ax.get_yticklabels() if t.get_bbox_patch() is not None]
    assert highlighted.get_text() == focus
    legend_labels = {t.get_text() for legend in fig.legends for t in legend.get_texts()}
    assert legend_labels == {"direct quote", "paraphrase", "outlet's narration"}
    for name, total in speakers.sum(axis=1).items():
        [label] = _by_gid(fig, f"total:{name}")
        assert label.get_text() == str(int(total))
    _assert_readable(fig)
    _assert_legends_clear(fig)


def test_speakers_empty_frame(close_figures: list[Figure]) -> None:
    empty = pd.DataFrame(columns=["direct_quote", "paraphrase", "narration"], dtype=int)
    fig = _drawn(charts.plot_speakers(empty, "Nobody"), close_figures)
    assert fig.axes[0].get_title(loc="left") == "Nobody"
    assert _by_gid(fig, "empty-note")


# --- Contact network -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def network_fig(data: ReportData) -> Iterator[Figure]:
    fig = charts.plot_contact_network(
        data.contact_edges, data.annotation.actors, "Network", focus_actor="gerasimov"
    )
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def test_network_returns_titled_figure(data: ReportData, network_fig: Figure) -> None:
    [ax] = network_fig.axes
    assert ax.get_title(loc="left") == "Network"
    edges = data.contact_edges
    assert len(edges) > 0
    assert len(_texts(network_fig, "edge-label:")) == len(edges)
    actors = set(edges["source_actor_id"]) | set(edges["target_actor_id"])
    assert {t.get_gid() for t in _texts(network_fig, "node-label:")} == {
        f"node-label:{a}" for a in actors
    }
    assert _by_gid(network_fig, "focus:gerasimov")
    _assert_readable(network_fig)
    _assert_legends_clear(network_fig)


def test_network_columns_by_side(data: ReportData, network_fig: Figure) -> None:
    sides = dict(
        zip(data.annotation.actors["actor_id"], data.annotation.actors["side"], strict=True)
    )
    xs: dict[str, list[float]] = {"russia": [], "nato": []}
    for artist in network_fig.findobj(lambda a: str(a.get_gid()).startswith("node:")):
        actor = str(artist.get_gid()).removeprefix("node:")
        side = sides[actor]
        key = "russia" if side == "russia" else "nato" if side.startswith("nato") else None
        if key:
            xs[key].append(artist.center[0])
    assert xs["russia"] and xs["nato"]
    assert max(xs["russia"]) < min(xs["nato"])


def test_network_edges_styled_by_channel_and_origin(data: ReportData, network_fig: Figure) -> None:
    for index, row in enumerate(data.contact_edges.itertuples()):
        [edge] = _by_gid(network_fig, f"edge:{index}")
        assert (
            matplotlib.colors.to_hex(edge.get_edgecolor())
            == charts.CHANNEL_COLORS[row.channel].lower()
        )
        dashed = edge.get_linestyle() not in ("-", "solid")
        assert dashed == (row.origin == "record")


def test_network_labels_do_not_overlap(network_fig: Figure) -> None:
    nodes = _texts(network_fig, "node-label:", "node-role:")
    edges = _texts(network_fig, "edge-label:")
    assert _overlapping(network_fig, nodes) == []
    assert _overlapping(network_fig, edges) == []
    assert _overlapping(network_fig, nodes + edges) == []
    assert _outside_figure(network_fig, nodes + edges) == []


def test_network_labels_do_not_overlap_other_reference_date(
    data_published: ReportData, close_figures: list[Figure]
) -> None:
    fig = _drawn(
        charts.plot_contact_network(
            data_published.contact_edges, data_published.annotation.actors, "N", "pavel"
        ),
        close_figures,
    )
    texts = _texts(fig, "node-label:", "node-role:", "edge-label:")
    assert _overlapping(fig, texts) == []


def test_network_empty_edges(data: ReportData, close_figures: list[Figure]) -> None:
    fig = _drawn(
        charts.plot_contact_network(
            data.contact_edges.iloc[0:0], data.annotation.actors, "Nobody talked"
        ),
        close_figures,
    )
    assert fig.axes[0].get_title(loc="left") == "Nobody talked"
    [note] = _by_gid(fig, "empty-note")
    assert "no contacts" in note.get_text().lower()


def _edge(a: str, b: str, day: str, channel: str, origin: str, **extra: object) -> dict:
    return {
        "source_actor_id": a,
        "target_actor_id": b,
        "contact_id": f"{a}-{b}-{day}-{origin}",
        "contact_start": pd.Timestamp(day),
        "date_precision": extra.get("precision", "day"),
        "channel": channel,
        "origin": origin,
        "is_confirmed": extra.get("confirmed", True),
        "contacts": 1,  # as build_contact_edges declares it: one contact an edge
        "contact_last": pd.Timestamp(day),
    }


@pytest.fixture(scope="module")
def crowded_fig(data: ReportData) -> Iterator[Figure]:
    """A denser network than the article's: a middle column, parallel edges, an unknown actor."""
    edges = pd.DataFrame(
        [
            _edge("russia_gov", "nato_russia_council", "2014-03-05", "council_meeting", "record"),
            _edge("russia_gov", "nato_russia_council", "2016-04-20", "council_meeting", "record"),
            _edge("nato", "nato_russia_council", "2016-07-13", "council_meeting", "record"),
            _edge("gerasimov", "pavel", "2017-03-03", "phone_call", "article"),
            _edge("gerasimov", "pavel", "2017-03-03", "phone_call", "record"),
            _edge("pavel", "gerasimov", "2017-09-07", "meeting", "record"),
            _edge("gerasimov", "pavel", "2017-03-01", "meeting", "record", precision="month"),
            _edge("gerasimov", "not_in_actors", "2015-06-01", "public_statement", "record"),
            _edge("danilov", "gerasimov", "2017-03-03", "public_statement", "article"),
            _edge("zhuravlev", "messenger", "2017-02-28", "meeting", "article"),
            _edge("fomin", "french_ambassador", "2017-03-01", "meeting", "record", confirmed=False),
            _edge("russian_mod", "stoltenberg", "2016-02-01", "ministerial_decision", "record"),
        ]
    )
    fig = charts.plot_contact_network(edges, data.annotation.actors, "Crowded", "gerasimov")
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def test_crowded_network_labels_do_not_overlap(crowded_fig: Figure) -> None:
    texts = _texts(crowded_fig, "node-label:", "node-role:", "edge-label:")
    assert len(_texts(crowded_fig, "edge-label:")) == 12
    assert _overlapping(crowded_fig, texts) == []
    assert _outside_figure(crowded_fig, texts) == []
    [unknown] = _by_gid(crowded_fig, "node-label:not_in_actors")
    assert unknown.get_text() == "not_in_actors"


def test_crowded_network_edges_do_not_pass_through_nodes(crowded_fig: Figure) -> None:
    [ax] = crowded_fig.axes
    nodes = {
        str(a.get_gid()).removeprefix("node:"): np.asarray(a.center)
        for a in ax.patches
        if str(a.get_gid()).startswith("node:")
    }
    for patch in ax.patches:
        if not str(patch.get_gid()).startswith("edge:"):
            continue
        curve = np.vstack(
            [segment(np.linspace(0, 1, 80)) for segment, _ in patch.get_path().iter_bezier()]
        )
        ends = [curve[0], curve[-1]]
        for name, centre in nodes.items():
            if any(np.allclose(centre, end) for end in ends):
                continue
            gap = float(np.min(np.hypot(*(curve - centre).T)))
            assert gap > 0.11, (patch.get_gid(), name, gap)


# --- Fit at the print width ------------------------------------------------------------------


def test_wrap_to_width_balances_lines(close_figures: list[Figure]) -> None:
    fig = new_figure(charts.FIGURE_WIDTH, 2)
    close_figures.append(fig)
    text = "Fomin meets the French ambassador (Jean-Maurice Ripert)"
    lines = wrap_to_width(fig.dpi, text, charts.LABEL_SIZE, 2.5, "bold")
    assert " ".join(lines) == text
    assert len(lines) == 2
    widths = [text_size(fig.dpi, line, charts.LABEL_SIZE, "bold")[0] for line in lines]
    assert max(widths) <= 2.5
    assert min(widths) > 0.6 * max(widths)  # no word left alone on the last line
    kept = wrap_to_width(fig.dpi, ["a", "b", "(1 Mar 2017)"], charts.LABEL_SIZE, 0.5)
    assert kept[-1].endswith("(1 Mar 2017)")
    cut = wrap_to_width(fig.dpi, text, charts.LABEL_SIZE, 1.0, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_timeline_dates_do_not_break_across_lines(timeline_fig: Figure) -> None:
    for label in _texts(timeline_fig, "label:"):
        lines = label.get_text().split("\n")
        opened = [i for i, line in enumerate(lines) if "(" in line]
        closed = [i for i, line in enumerate(lines) if line.endswith(")")]
        assert opened and closed, label.get_gid()
        assert opened[-1] == closed[-1] == len(lines) - 1, label.get_text()


def test_timeline_labels_inside_bands_stay_inside(timeline_fig: Figure) -> None:
    renderer = timeline_fig.canvas.get_renderer()
    inside = 0
    for label in _texts(timeline_fig, "label:"):
        if label.get_bbox_patch() is not None:
            continue  # labels beside their marks sit on a box; those inside a band do not
        [band] = _by_gid(timeline_fig, str(label.get_gid()).removeprefix("label:"))
        text_box, band_box = label.get_window_extent(renderer), band.get_window_extent(renderer)
        assert band_box.y0 <= text_box.y0 and text_box.y1 <= band_box.y1, label.get_gid()
        assert band_box.x0 <= text_box.x0 and text_box.x1 <= band_box.x1, label.get_gid()
        inside += 1
    assert inside > 0


def test_week_day_ticks_do_not_overlap(
    data_published: ReportData, close_figures: list[Figure]
) -> None:
    fig = _drawn(
        charts.plot_contact_week(
            data_published.week_contacts,
            data_published.week_start,
            data_published.week_end,
            "Week",
        ),
        close_figures,
    )
    [ax] = fig.axes
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    for a, b in itertools.pairwise(boxes):
        assert a.x1 + 4 < b.x0  # a few pixels of white between neighbours
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    # The month is named on the first day and where a month begins, not on every day.
    assert [t for t in ticks if " " in t] == [ticks[0], "Wed\n1 Mar"]


def test_network_side_labels_leave_room_for_edges(network_fig: Figure) -> None:
    renderer = network_fig.canvas.get_renderer()
    widths = [
        t.get_window_extent(renderer).width / network_fig.dpi
        for t in _texts(network_fig, "node-label:", "node-role:")
    ]
    assert max(widths) <= NODE_LABEL_IN + 0.05
    [ax] = network_fig.axes
    xs = sorted(
        {round(float(a.center[0]), 3) for a in ax.patches if str(a.get_gid()).startswith("node:")}
    )
    assert xs[-1] - xs[0] >= 0.4 * charts.FIGURE_WIDTH


def test_wrap_to_width_keeps_a_long_word_alone(close_figures: list[Figure]) -> None:
    fig = new_figure(charts.FIGURE_WIDTH, 2)
    close_figures.append(fig)
    words = ["Supercalifragilistic-expialidocious", "and", "a", "few", "short", "words"]
    lines = wrap_to_width(fig.dpi, words, charts.LABEL_SIZE, 1.0)
    assert lines[0] == words[0]
    assert all(text_size(fig.dpi, line, charts.LABEL_SIZE)[0] <= 1.0 for line in lines[1:])
