"""The charts' data (analysis.compute): page-sized parts, groups and selections, by hand.

Each input is a handful of timeline rows, contacts, speakers or edges written out here, and
each expected value was worked out from what the function must do (its docstring and the
report's needs), not by running it. The scale tests (``test_scale.py``) check the same
functions on a synthetic article of 500 events, but only for properties: these tests pin the
exact rows, titles, notes and captions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from analysis.compute import (
    ChartPart,
    _cut_by_height,
    _equal_chunks,
    _group_contacts_by_day,
    _merge_parallel_edges,
    _month_span,
    _period,
    _plural,
    _week_row_in,
    group_timeline_events,
    select_network,
    timeline_parts,
    top_speakers,
    week_contact_parts,
)

T = pd.Timestamp
REFERENCE = dt.date(2017, 3, 3)


def plain(value: Any) -> Any:
    """A cell as a plain Python value: dates as ISO strings, missing values as None."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def records(frame: pd.DataFrame, *columns: str) -> list[dict[str, Any]]:
    """The frame's rows as plain dicts, of ``columns`` only if any are named."""
    names = columns or tuple(frame.columns)
    return [{c: plain(row[c]) for c in names} for row in frame.to_dict(orient="records")]


def ids(frame: pd.DataFrame, column: str = "item_id") -> list[str]:
    return [str(v) for v in frame[column]]


# --- Small helpers: plurals, month spans, periods --------------------------------------------


@pytest.mark.parametrize(
    ("word", "count", "expected"),
    [
        ("phone_call", 1, "1 phone call"),
        ("phone_call", 3, "3 phone calls"),
        ("crisis", 1, "1 crisis"),
        ("crisis", 2, "2 crises"),
        ("council_meeting", 2, "2 council meetings"),
        ("ministerial_decision", 4, "4 ministerial decisions"),
        ("public_statement", 2, "2 public statements"),
        ("other", 5, "5 other events"),
        ("contact", 2, "2 contacts"),
        ("meeting", 0, "0 meetings"),
        ("joint_exercise", 2, "2 joint exercises"),
    ],
)
def test_plural(word: str, count: int, expected: str) -> None:
    """A count and a type name, with the irregular plurals and underscores as spaces."""
    assert _plural(word, count) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2016-03-01", "2016-03-31", "Mar 2016"),
        ("2016-01-15", "2016-03-02", "Jan 2016 to Mar 2016"),
        ("2016-03-01", "2017-03-01", "Mar 2016 to Mar 2017"),
        ("2015-12-31", "2016-01-01", "Dec 2015 to Jan 2016"),
    ],
)
def test_month_span(first: str, last: str, expected: str) -> None:
    """One month is named once; two months (or one a year apart) are named as a span."""
    assert _month_span(T(first), T(last)) == expected


def test_month_span_names_every_month_in_english() -> None:
    """Month names are written out, not taken from the machine's locale."""
    names = [_month_span(T(2016, month, 1), T(2016, month, 28)) for month in range(1, 13)]
    assert names == [
        "Jan 2016",
        "Feb 2016",
        "Mar 2016",
        "Apr 2016",
        "May 2016",
        "Jun 2016",
        "Jul 2016",
        "Aug 2016",
        "Sep 2016",
        "Oct 2016",
        "Nov 2016",
        "Dec 2016",
    ]


@pytest.mark.parametrize(
    ("day", "period", "expected"),
    [
        ("2016-03-15", "month", ("2016-03-01", "2016-03-31", "2016-03", "month")),
        ("2016-03-15", "quarter", ("2016-01-01", "2016-03-31", "2016Q1", "month")),
        ("2016-08-15", "quarter", ("2016-07-01", "2016-09-30", "2016Q3", "month")),
        ("2016-03-15", "year", ("2016-01-01", "2016-12-31", "2016", "year")),
        ("2016-12-31", "year", ("2016-01-01", "2016-12-31", "2016", "year")),
    ],
)
def test_period(day: str, period: str, expected: tuple[str, str, str, str]) -> None:
    """First and last day (midnight, no time of day), key and date precision of a period."""
    first, last, key, precision = _period(T(day), period)
    assert (first, last, key, precision) == (T(expected[0]), T(expected[1]), *expected[2:])


# --- _equal_chunks ---------------------------------------------------------------------------


def numbered(n: int) -> pd.DataFrame:
    return pd.DataFrame({"item_id": [f"r{i}" for i in range(n)]})


def chunk_sizes(chunks: list[pd.DataFrame]) -> list[int]:
    return [len(chunk) for chunk in chunks]


@pytest.mark.parametrize(
    ("n", "size", "first_room", "expected"),
    [
        (0, 3, None, []),
        (3, 3, None, [3]),
        (6, 3, None, [3, 3]),
        (8, 6, None, [4, 4]),
        (7, 6, None, [4, 3]),
        (7, 3, None, [3, 2, 2]),  # not 3, 3, 1: a short last part is what equal parts avoid
        (10, 3, None, [3, 3, 2, 2]),
        (2, 6, 2, [2]),  # fits the room the phases leave
        (10, 6, 2, [1, 5, 4]),  # 14 rows with the phases' 4: 5, 5, 4
        (3, 6, 2, [0, 3]),  # the phases' 4 rows are more than half of 7: a page to themselves
    ],
)
def test_equal_chunks(n: int, size: int, first_room: int | None, expected: list[int]) -> None:
    """Parts of at most ``size`` rows, sizes one apart at most, counting the phases' rows."""
    frame = numbered(n)
    chunks = _equal_chunks(frame, size, first_room)
    assert chunk_sizes(chunks) == expected
    assert [i for chunk in chunks for i in chunk["item_id"]] == list(frame["item_id"])


# --- group_timeline_events -------------------------------------------------------------------


def item(
    item_id: str,
    start: str,
    end: str | None = None,
    *,
    origin: str = "article",
    kind: str = "event",
    item_type: str = "contact",
    precision: str = "day",
    confirmed: bool = True,
    mentions: int = 1,
    participants: tuple[str, ...] = (),
    focus: bool = False,
) -> dict[str, Any]:
    """A timeline row as :func:`analysis.compute.build_timeline_items` makes it."""
    return {
        "item_id": item_id,
        "label": f"Label of {item_id}",
        "origin": origin,
        "item_kind": kind,
        "item_type": item_type,
        "start": T(start),
        "end": T(end or start),
        "date_precision": precision,
        "is_open_ended": False,
        "is_confirmed": confirmed,
        "mentions": mentions,
        "participant_actor_ids": list(participants),
        "involves_focus": focus,
    }


def phase(phase_id: str, start: str, end: str) -> dict[str, Any]:
    return item(phase_id, start, end, origin="record", kind="phase", item_type="term", mentions=0)


def frame_of(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


ITEM_FIELDS = (
    "item_id",
    "label",
    "origin",
    "item_kind",
    "item_type",
    "start",
    "end",
    "date_precision",
    "is_open_ended",
    "is_confirmed",
    "mentions",
    "participant_actor_ids",
    "involves_focus",
)
GROUP_FIELDS = (
    "period_start",
    "period_end",
    "member_ids",
    "member_starts",
    "member_confirmed",
    "member_focus",
)


def as_row(row: dict[str, Any]) -> dict[str, Any]:
    """An ungrouped item as it comes back from grouping: plain, without group fields."""
    return {**{k: plain(row[k]) for k in ITEM_FIELDS}, **dict.fromkeys(GROUP_FIELDS)}


def test_group_timeline_events_within_budget_returns_the_events() -> None:
    """As many events as rows (or fewer): the same frame, and no description."""
    events = frame_of(item("a", "2016-01-01"), item("b", "2016-02-01"), item("c", "2016-03-01"))
    grouped, how = group_timeline_events(events, 3)
    assert grouped is events
    assert how == ""


def test_group_timeline_events_by_month() -> None:
    """Day events by month (points), year events by their year; an event alone keeps its row."""
    a5 = item("a5", "2016-05-10", item_type="crisis", participants=("d",))
    y2 = item("y2", "2016-01-01", "2016-12-31", precision="year", item_type="statement", mentions=1)
    a2 = item("a2", "2016-03-02", mentions=2, participants=("b", "a"), focus=True)
    a4 = item("a4", "2016-03-20", participants=("a",))
    a3 = item("a3", "2016-03-09", item_type="decision", participants=("c",), confirmed=False)
    y1 = item(
        "y1",
        "2016-01-01",
        "2016-12-31",
        precision="year",
        item_type="statement",
        mentions=2,
        participants=("x",),
        confirmed=False,
        focus=True,
    )
    events = frame_of(a5, y2, a2, a4, a3, y1)
    grouped, how = group_timeline_events(events, 3)  # 3 keys: 2016-03, 2016-05, the year 2016
    assert how == (
        "6 events in 3 rows: 2 rows group several events, those dated to the day by month "
        "(a point each), the others by their month or year"
    )
    assert list(grouped.columns) == [*ITEM_FIELDS, *GROUP_FIELDS]
    assert records(grouped) == [
        {
            "item_id": "group:article:2016-01-01/2016-12-31/year",
            "label": "2 statements",
            "origin": "article",
            "item_kind": "event",
            "item_type": "group",
            "start": "2016-01-01",
            "end": "2016-12-31",
            "date_precision": "year",
            "is_open_ended": False,
            "is_confirmed": False,
            "mentions": 3,
            "participant_actor_ids": ["x"],
            "involves_focus": True,
            "period_start": "2016-01-01",
            "period_end": "2016-12-31",
            "member_ids": ["y1", "y2"],  # same start: by id
            "member_starts": [],  # not points: the row is the year itself
            "member_confirmed": [False, True],
            "member_focus": [True, False],
        },
        {
            "item_id": "group:article:2016-03",
            "label": "3 events: 2 contacts, 1 decision",
            "origin": "article",
            "item_kind": "event",
            "item_type": "group",
            "start": "2016-03-02",
            "end": "2016-03-20",
            "date_precision": "month",
            "is_open_ended": False,
            "is_confirmed": False,
            "mentions": 4,
            "participant_actor_ids": ["a", "b", "c"],
            "involves_focus": True,
            "period_start": "2016-03-01",
            "period_end": "2016-03-31",
            "member_ids": ["a2", "a3", "a4"],
            "member_starts": ["2016-03-02", "2016-03-09", "2016-03-20"],
            "member_confirmed": [True, False, True],
            "member_focus": [True, False, False],
        },
        as_row(a5),
    ]


def test_group_timeline_events_by_quarter_with_many_types() -> None:
    """Months do not fit, quarters do; more than three types name two and count the rest."""
    days = [
        ("r1", "2015-01-05", "contact"),
        ("r2", "2015-02-10", "contact"),
        ("r3", "2015-03-15", "contact"),
        ("r4", "2015-02-20", "statement"),
        ("r5", "2015-03-01", "statement"),
        ("r6", "2015-01-30", "crisis"),
        ("r7", "2015-03-30", "other"),
        ("r8", "2015-05-05", "contact"),
    ]
    events = frame_of(*(item(i, d, origin="record", item_type=t) for i, d, t in days))
    grouped, how = group_timeline_events(events, 2)
    assert how == (
        "8 events in 2 rows: 1 rows group several events, those dated to the day by quarter "
        "(a point each), the others by their month or year"
    )
    flags = ("is_confirmed", "involves_focus", "mentions", "member_confirmed", "member_focus")
    assert records(grouped.iloc[[0]], *flags) == [
        {
            "is_confirmed": True,
            "involves_focus": False,
            "mentions": 7,
            "member_confirmed": [True] * 7,
            "member_focus": [False] * 7,
        }
    ]
    fields = ("item_id", "label", "start", "end", "date_precision", "period_start", "period_end")
    assert records(grouped, *fields, "member_ids", "member_starts") == [
        {
            "item_id": "group:record:2015Q1",
            "label": "7 events: 3 contacts, 2 statements, 2 of other types",
            "start": "2015-01-05",
            "end": "2015-03-30",
            "date_precision": "month",
            "period_start": "2015-01-01",
            "period_end": "2015-03-31",
            "member_ids": ["r1", "r6", "r2", "r4", "r5", "r3", "r7"],
            "member_starts": [
                "2015-01-05",
                "2015-01-30",
                "2015-02-10",
                "2015-02-20",
                "2015-03-01",
                "2015-03-15",
                "2015-03-30",
            ],
        },
        {
            "item_id": "r8",
            "label": "Label of r8",
            "start": "2015-05-05",
            "end": "2015-05-05",
            "date_precision": "day",
            "period_start": None,
            "period_end": None,
            "member_ids": None,
            "member_starts": None,
        },
    ]


YEAR_DAYS = [
    ("b1", "2014-02-01", "contact"),
    ("b2", "2014-08-01", "contact"),
    ("b3", "2015-06-01", "crisis"),
    ("b4", "2015-07-01", "crisis"),
    ("b5", "2015-12-31", "crisis"),
    ("b6", "2015-11-11", "statement"),
    ("b7", "2015-04-04", "statement"),
    ("b8", "2015-01-02", "decision"),
]


@pytest.mark.parametrize("max_rows", [2, 1])
def test_group_timeline_events_by_year(max_rows: int) -> None:
    """Quarters do not fit, years do; with fewer rows than years they are grouped by year too."""
    events = frame_of(*(item(i, d, item_type=t) for i, d, t in YEAR_DAYS))
    grouped, how = group_timeline_events(events, max_rows)
    assert how == (
        "8 events in 2 rows: 2 rows group several events, those dated to the day by year "
        "(a point each), the others by their month or year"
    )
    fields = ("item_id", "label", "start", "end", "date_precision", "period_start", "period_end")
    assert records(grouped, *fields, "member_ids") == [
        {
            "item_id": "group:article:2014",
            "label": "2 contacts",
            "start": "2014-02-01",
            "end": "2014-08-01",
            "date_precision": "year",
            "period_start": "2014-01-01",
            "period_end": "2014-12-31",
            "member_ids": ["b1", "b2"],
        },
        {
            "item_id": "group:article:2015",
            "label": "6 events: 3 crises, 2 statements, 1 decision",  # three types: all named
            "start": "2015-01-02",
            "end": "2015-12-31",
            "date_precision": "year",
            "period_start": "2015-01-01",
            "period_end": "2015-12-31",
            "member_ids": ["b8", "b7", "b3", "b4", "b6", "b5"],
        },
    ]


def test_group_timeline_events_keeps_intervals_apart_from_points() -> None:
    """A two-day event is no point: it shares a row only with events of the same interval."""
    s2 = item("s2", "2016-02-23", "2016-02-24", item_type="contact", mentions=2)
    s1 = item("s1", "2016-02-23", "2016-02-24", item_type="contact", confirmed=False)
    d1 = item("d1", "2016-02-23")
    events = frame_of(s2, s1, d1)
    grouped, how = group_timeline_events(events, 2)
    assert how == (
        "3 events in 2 rows: 1 rows group several events, those dated to the day by month "
        "(a point each), the others by their month or year"
    )
    # Same start: the point (ending first) comes first.
    assert records(grouped) == [
        as_row(d1),
        {
            "item_id": "group:article:2016-02-23/2016-02-24/day",
            "label": "2 contacts",
            "origin": "article",
            "item_kind": "event",
            "item_type": "group",
            "start": "2016-02-23",
            "end": "2016-02-24",
            "date_precision": "day",
            "is_open_ended": False,
            "is_confirmed": False,
            "mentions": 3,
            "participant_actor_ids": [],
            "involves_focus": False,
            "period_start": "2016-02-23",
            "period_end": "2016-02-24",
            "member_ids": ["s1", "s2"],
            "member_starts": [],
            "member_confirmed": [False, True],
            "member_focus": [False, False],
        },
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (["m", "p1", "p2"], ["m", "group:article:2016-03"]),
        (["p1", "m", "p2"], ["group:article:2016-03", "m"]),
    ],
)
def test_group_timeline_events_ties_keep_the_order_given(
    order: list[str], expected: list[str]
) -> None:
    """A month known as a month and a group of that month's first and last days: as given."""
    events = {
        "m": item("m", "2016-03-01", "2016-03-31", precision="month"),
        "p1": item("p1", "2016-03-01"),
        "p2": item("p2", "2016-03-31"),
    }
    grouped, _ = group_timeline_events(frame_of(*(events[e] for e in order)), 2)
    assert ids(grouped) == expected
    assert records(grouped, "start", "end") == [{"start": "2016-03-01", "end": "2016-03-31"}] * 2


# --- timeline_parts --------------------------------------------------------------------------


def assert_parts(parts: list[ChartPart], expected: list[tuple[str, list[str]]]) -> None:
    """Each part's title and the ids of its rows, in order."""
    assert [(part.title, ids(part.frame)) for part in parts] == expected


def test_timeline_parts_of_an_empty_timeline() -> None:
    """No rows: one chart, titled with the reference date, noting nothing."""
    empty = pd.DataFrame()
    [part] = timeline_parts(empty, REFERENCE)
    assert part.frame is empty
    assert part.title == (
        "Phases, and the dates as the article gives them (reference date 2017-03-03)"
    )
    assert (part.note, part.caption, part.summary_row) == ("", "", None)


def test_timeline_parts_that_fit_one_page() -> None:
    """Phases then the article's events by date in one chart; the record's in another."""
    timeline = frame_of(
        item("r1", "2017-02-28", origin="record"),
        phase("p1", "2014-01-01", "2015-06-30"),
        item("a1", "2017-03-03"),
        item("r2", "2016-05-01", "2016-05-31", origin="record", precision="month"),
        phase("p2", "2016-01-01", "2017-12-31"),
        item("a2", "2014-01-01", "2014-12-31", precision="year"),
    )
    parts = timeline_parts(timeline, REFERENCE)
    assert_parts(
        parts,
        [
            (
                "Phases, and the dates as the article gives them (reference date 2017-03-03)",
                ["p1", "p2", "a2", "a1"],
            ),
            ("The public record, May 2016 to Feb 2017 (part 1 of 1)", ["r2", "r1"]),
        ],
    )
    assert [(p.note, p.caption, p.summary_row) for p in parts] == [("", "", None)] * 2
    assert [list(p.frame.index) for p in parts] == [[0, 1, 2, 3], [0, 1]]
    assert [list(p.frame.columns) for p in parts] == [list(timeline.columns)] * 2


def test_timeline_parts_sort_by_end_on_the_same_start() -> None:
    """Events of the same start: the shorter first, in both origins."""
    timeline = frame_of(
        item("a_year", "2016-01-01", "2016-12-31", precision="year"),
        item("a_day", "2016-01-01"),
        item("r_month", "2016-01-01", "2016-01-31", origin="record", precision="month"),
        item("r_day", "2016-01-01", origin="record"),
    )
    assert_parts(
        timeline_parts(timeline, REFERENCE),
        [
            (
                "Phases, and the dates as the article gives them (reference date 2017-03-03)",
                ["a_day", "a_year"],
            ),
            ("The public record, Jan 2016 (part 1 of 1)", ["r_day", "r_month"]),
        ],
    )


def test_timeline_parts_of_only_record_events() -> None:
    """No phases and no article events: only the record's charts, none empty."""
    timeline = frame_of(
        item("r2", "2016-02-01", origin="record"), item("r1", "2016-01-01", origin="record")
    )
    assert_parts(
        timeline_parts(timeline, REFERENCE),
        [("The public record, Jan 2016 to Feb 2016 (part 1 of 1)", ["r1", "r2"])],
    )


def test_timeline_parts_article_events_over_two_charts() -> None:
    """Phases share the first chart with as many events as make both charts about as full."""
    timeline = frame_of(
        phase("p1", "2014-01-01", "2014-06-30"),
        item("e5", "2016-07-10"),
        item("e1", "2015-01-10"),
        item("e2", "2015-02-10"),
        item("e3", "2015-03-10"),
        item("e4", "2015-04-10"),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=4, max_pages=2)
    assert_parts(
        parts,
        [
            ("Phases, and the dates as the article gives them (part 1 of 2)", ["p1", "e1", "e2"]),
            (
                "The dates as the article gives them, Mar 2015 to Jul 2016 (part 2 of 2)",
                ["e3", "e4", "e5"],
            ),
        ],
    )
    assert [(p.note, p.caption) for p in parts] == [("", "")] * 2


def test_timeline_parts_first_chart_holds_phases_and_events_at_the_limit() -> None:
    """A third of a page left by the phases is room enough: phases and events share it."""
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 6)),
        *(item(f"e{i}", f"2016-0{i}-01") for i in range(1, 10)),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=7, max_pages=2)
    assert_parts(
        parts,
        [
            (
                "Phases, and the dates as the article gives them (part 1 of 2)",
                ["p1", "p2", "p3", "p4", "p5", "e1", "e2"],
            ),
            (
                "The dates as the article gives them, Mar 2016 to Sep 2016 (part 2 of 2)",
                ["e3", "e4", "e5", "e6", "e7", "e8", "e9"],
            ),
        ],
    )
    assert [p.note for p in parts] == ["", ""]  # 9 events: the budget of 14 - 5, ungrouped


def test_timeline_parts_never_overfill_the_phases_chart() -> None:
    """Phases that take more than an equal share of the rows get the first chart alone."""
    # Four phases leave room for two events on a page of six, but 7 rows in two charts are
    # 4 and 3: the phases' chart takes no event (it once took all three, 7 rows on a page).
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 5)),
        item("e1", "2016-01-05"),
        item("e2", "2016-02-05"),
        item("e3", "2016-03-05"),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=6, max_pages=2)
    assert_parts(
        parts,
        [
            ("Phases from the public record (part 1 of 2)", ["p1", "p2", "p3", "p4"]),
            (
                "The dates as the article gives them, Jan 2016 to Mar 2016 (part 2 of 2)",
                ["e1", "e2", "e3"],
            ),
        ],
    )
    assert all(len(part.frame) <= 6 for part in parts)


@pytest.mark.parametrize(
    ("n_phases", "n_events", "expected"),
    [
        (
            4,  # a third more than a page's rows: one chart of phases
            6,  # two pages of events besides: not grouped
            [
                ("Phases from the public record (part 1 of 3)", ["p1", "p2", "p3", "p4"]),
                (
                    "The dates as the article gives them, Jan 2016 to Mar 2016 (part 2 of 3)",
                    ["e1", "e2", "e3"],
                ),
                (
                    "The dates as the article gives them, Apr 2016 to Jun 2016 (part 3 of 3)",
                    ["e4", "e5", "e6"],
                ),
            ],
        ),
        (
            5,
            4,
            [
                ("Phases from the public record (part 1 of 4)", ["p1", "p2", "p3"]),
                ("Phases from the public record (part 2 of 4)", ["p4", "p5"]),
                (
                    "The dates as the article gives them, Jan 2016 to Feb 2016 (part 3 of 4)",
                    ["e1", "e2"],
                ),
                (
                    "The dates as the article gives them, Mar 2016 to Apr 2016 (part 4 of 4)",
                    ["e3", "e4"],
                ),
            ],
        ),
    ],
)
def test_timeline_parts_many_phases_get_charts_of_their_own(
    n_phases: int, n_events: int, expected: list[tuple[str, list[str]]]
) -> None:
    """More phases than a page: they fill charts of a third more rows, events follow."""
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, n_phases + 1)),
        *(item(f"e{i}", f"2016-0{i}-05") for i in range(1, n_events + 1)),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=3, max_pages=2)
    assert_parts(parts, expected)
    assert all(p.note == "" for p in parts)


def test_timeline_parts_a_page_of_phases_leaves_no_room() -> None:
    """Phases filling a page exactly: the events start on the next page."""
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 4)),
        *(item(f"e{i}", f"2016-0{i}-05") for i in range(1, 5)),
    )
    assert_parts(
        timeline_parts(timeline, REFERENCE, max_rows=3, max_pages=3),
        [
            ("Phases from the public record (part 1 of 3)", ["p1", "p2", "p3"]),
            (
                "The dates as the article gives them, Jan 2016 to Feb 2016 (part 2 of 3)",
                ["e1", "e2"],
            ),
            (
                "The dates as the article gives them, Mar 2016 to Apr 2016 (part 3 of 3)",
                ["e3", "e4"],
            ),
        ],
    )


def test_timeline_parts_phases_that_leave_too_little_room() -> None:
    """Phases leaving less than a third of a page for events get that page to themselves."""
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 6)),
        *(item(f"e{i}", f"2016-0{i}-05") for i in range(1, 8)),
    )
    assert_parts(
        timeline_parts(timeline, REFERENCE, max_rows=6, max_pages=2),
        [
            ("Phases from the public record (part 1 of 3)", ["p1", "p2", "p3", "p4", "p5"]),
            (
                "The dates as the article gives them, Jan 2016 to Apr 2016 (part 2 of 3)",
                ["e1", "e2", "e3", "e4"],
            ),
            (
                "The dates as the article gives them, May 2016 to Jul 2016 (part 3 of 3)",
                ["e5", "e6", "e7"],
            ),
        ],
    )


def test_timeline_parts_phases_with_the_events_that_fit_their_page() -> None:
    """Events that fit the little room the phases leave share their chart."""
    timeline = frame_of(
        *(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 6)),
        item("e1", "2016-01-05"),
    )
    assert_parts(
        timeline_parts(timeline, REFERENCE, max_rows=6, max_pages=2),
        [
            (
                "Phases, and the dates as the article gives them (reference date 2017-03-03)",
                ["p1", "p2", "p3", "p4", "p5", "e1"],
            )
        ],
    )


def test_timeline_parts_a_page_of_phases_alone() -> None:
    """Exactly a page of phases and no events: one chart, titled with the reference date."""
    timeline = frame_of(*(phase(f"p{i}", f"201{i}-01-01", f"201{i}-06-30") for i in range(1, 4)))
    assert_parts(
        timeline_parts(timeline, REFERENCE, max_rows=3, max_pages=2),
        [
            (
                "Phases, and the dates as the article gives them (reference date 2017-03-03)",
                ["p1", "p2", "p3"],
            )
        ],
    )


GROUPED_ARTICLE = (
    "On the timeline, the article's 3 events in 2 rows: 1 rows group several events, those "
    "dated to the day by month (a point each), the others by their month or year."
)
GROUPED_RECORD = (
    "The record's 3 events in 2 rows: 1 rows group several events, those dated to the day by "
    "month (a point each), the others by their month or year."
)
WHERE_LISTED = (
    "Every article event is listed with its date under \u201cHow each date was resolved\u201d, "
    "and every record event in timeline.json."
)


def test_timeline_parts_group_both_origins_and_say_so() -> None:
    """Events over budget are grouped; each chart notes its own, the caption both and where."""
    timeline = frame_of(
        phase("p1", "2014-01-01", "2014-06-30"),
        item("a1", "2016-03-02"),
        item("a2", "2016-03-09"),
        item("a3", "2016-05-10", item_type="statement"),
        item("r1", "2015-01-05", origin="record"),
        item("r2", "2015-01-20", origin="record"),
        item("r3", "2015-02-01", origin="record"),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=2, max_pages=1)
    assert_parts(
        parts,
        [
            (
                "Phases, and the dates as the article gives them (part 1 of 2)",
                ["p1", "group:article:2016-03"],
            ),
            ("The dates as the article gives them, May 2016 (part 2 of 2)", ["a3"]),
            (
                "The public record, Jan 2015 to Feb 2015 (part 1 of 1)",
                ["group:record:2015-01", "r3"],
            ),
        ],
    )
    article_note = (
        "The article's 3 events in 2 rows: 1 rows group several events, those dated to the day "
        "by month (a point each), the others by their month or year."
    )
    assert [p.note for p in parts] == [article_note, article_note, GROUPED_RECORD]
    caption = f"{GROUPED_ARTICLE} {GROUPED_RECORD} {WHERE_LISTED}"
    assert [p.caption for p in parts] == [caption] * 3
    assert parts[0].frame["label"].tolist() == ["Label of p1", "2 contacts"]


def test_timeline_parts_group_only_the_record() -> None:
    """Only the record over budget: the article's chart has no note, the caption one sentence."""
    timeline = frame_of(
        item("a1", "2016-03-02"),
        item("r1", "2015-01-05", origin="record"),
        item("r2", "2015-01-20", origin="record"),
        item("r3", "2015-02-01", origin="record"),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=2, max_pages=1)
    assert_parts(
        parts,
        [
            (
                "Phases, and the dates as the article gives them (reference date 2017-03-03)",
                ["a1"],
            ),
            (
                "The public record, Jan 2015 to Feb 2015 (part 1 of 1)",
                ["group:record:2015-01", "r3"],
            ),
        ],
    )
    assert [p.note for p in parts] == ["", GROUPED_RECORD]
    assert [p.caption for p in parts] == [f"{GROUPED_RECORD} {WHERE_LISTED}"] * 2


def test_timeline_parts_group_only_the_article_with_phases_alone() -> None:
    """Phases in charts of their own carry no note; the article's grouped chart does."""
    timeline = frame_of(
        phase("p1", "2011-01-01", "2011-06-30"),
        phase("p2", "2012-01-01", "2012-06-30"),
        phase("p3", "2013-01-01", "2013-06-30"),
        item("a1", "2016-03-02"),
        item("a2", "2016-03-09"),
        item("a3", "2016-05-10", item_type="statement"),
        item("r1", "2015-01-05", origin="record"),
        item("r2", "2015-03-05", origin="record"),
    )
    parts = timeline_parts(timeline, REFERENCE, max_rows=2, max_pages=1)
    assert_parts(
        parts,
        [
            ("Phases from the public record (part 1 of 3)", ["p1", "p2"]),
            ("Phases from the public record (part 2 of 3)", ["p3"]),
            (
                "The dates as the article gives them, Mar 2016 to May 2016 (part 3 of 3)",
                ["group:article:2016-03", "a3"],
            ),
            ("The public record, Jan 2015 to Mar 2015 (part 1 of 1)", ["r1", "r2"]),
        ],
    )
    article_note = (
        "The article's 3 events in 2 rows: 1 rows group several events, those dated to the day "
        "by month (a point each), the others by their month or year."
    )
    assert [p.note for p in parts] == ["", "", article_note, ""]
    assert [p.caption for p in parts] == [f"{GROUPED_ARTICLE} {WHERE_LISTED}"] * 4


def test_timeline_parts_budget_of_the_article_is_what_the_phases_leave() -> None:
    """Article events get two pages less the phases' rows; the record gets two full pages."""
    phases = [phase("p1", "2014-01-01", "2014-06-30")]
    record = [item(f"r{i}", f"2015-0{i}-01", origin="record") for i in range(1, 5)]
    three = [item(f"a{i}", f"2016-0{i}-01") for i in range(1, 4)]
    # 2 pages of 2 rows: 3 article events fit beside the phase, and 4 record events.
    parts = timeline_parts(frame_of(*phases, *three, *record), REFERENCE, 2, 2)
    assert_parts(
        parts,
        [
            ("Phases, and the dates as the article gives them (part 1 of 2)", ["p1", "a1"]),
            (
                "The dates as the article gives them, Feb 2016 to Mar 2016 (part 2 of 2)",
                ["a2", "a3"],
            ),
            ("The public record, Jan 2015 to Feb 2015 (part 1 of 2)", ["r1", "r2"]),
            ("The public record, Mar 2015 to Apr 2015 (part 2 of 2)", ["r3", "r4"]),
        ],
    )
    assert [p.note for p in parts] == [""] * 4
    assert [p.caption for p in parts] == [""] * 4

    # A fourth article event does not fit: months are 4 rows, quarters 2.
    four = [*three, item("a4", "2016-04-01")]
    parts = timeline_parts(frame_of(*phases, *four, *record), REFERENCE, 2, 2)
    assert_parts(
        parts,
        [
            (
                "Phases, and the dates as the article gives them (part 1 of 2)",
                ["p1", "group:article:2016Q1"],
            ),
            ("The dates as the article gives them, Apr 2016 (part 2 of 2)", ["a4"]),
            ("The public record, Jan 2015 to Feb 2015 (part 1 of 2)", ["r1", "r2"]),
            ("The public record, Mar 2015 to Apr 2015 (part 2 of 2)", ["r3", "r4"]),
        ],
    )
    how = (
        "4 events in 2 rows: 1 rows group several events, those dated to the day by quarter "
        "(a point each), the others by their month or year"
    )
    assert [p.note for p in parts] == [f"The article's {how}.", f"The article's {how}.", "", ""]
    assert parts[0].caption == f"On the timeline, the article's {how}. {WHERE_LISTED}"


# --- The week of contacts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "inches"),
    [
        ({}, 0.53),  # one line each at least
        ({"label": None, "participants": None}, 0.53),
        ({"label": "x" * 28, "participants": "y" * 34}, 0.53),
        ({"label": "x" * 29, "participants": "y" * 34}, 0.67),
        ({"label": "x" * 56, "participants": "y" * 35}, 0.80),
        ({"label": "x" * 57, "participants": "y" * 10}, 0.81),
        ({"label": "x" * 200, "participants": "y" * 300}, 0.94),  # three and two lines at most
    ],
)
def test_week_row_height(row: dict[str, Any], inches: float) -> None:
    """0.26 in, 0.14 a label line (28 characters), 0.13 a participants line (34)."""
    assert _week_row_in(row) == pytest.approx(inches)


@pytest.mark.parametrize(
    ("heights", "page_in", "bounds"),
    [
        ([], 2.0, [0, 0]),
        ([1.0, 1.0, 1.0], 3.0, [0, 3]),  # one full page
        ([1.0, 1.0, 1.0, 1.0], 2.0, [0, 2, 4]),
        ([0.5] * 6, 2.0, [0, 3, 6]),  # 3 and 3, not a full page of 4 and 2
        ([3.0, 1.0], 2.0, [0, 1, 2]),  # a row taller than a page is a page
        ([0.5, 3.0, 0.5], 2.0, [0, 1, 2, 3]),
        ([1.2, 1.2, 0.2, 1.2], 2.0, [0, 1, 3, 4]),  # two pages do not hold them: three
        ([1.5, 1.5, 1.0], 3.0, [0, 1, 3]),  # the second row's middle is past half the total
        ([1.0, 2.0, 1.0], 3.0, [0, 2, 3]),  # the second row's middle is at half: it stays
    ],
)
def test_cut_by_height(heights: list[float], page_in: float, bounds: list[int]) -> None:
    """As few pages as hold the rows, about equally full; bounds from 0 to the row count."""
    assert _cut_by_height(heights, page_in) == bounds


def contact(
    contact_id: str,
    start: str,
    channel: str | None = "phone_call",
    *,
    end: str | None = None,
    origin: str = "article",
    confirmed: bool = True,
    precision: str = "day",
    people: tuple[str, ...] = (),
    label: str | None = None,
) -> dict[str, Any]:
    """A contact row as :func:`analysis.compute.select_contacts` makes it."""
    return {
        "contact_id": contact_id,
        "label": label or f"Contact {contact_id}",
        "origin": origin,
        "channel": channel,
        "contact_start": T(start),
        "contact_end": T(end or start),
        "date_precision": precision,
        "is_confirmed": confirmed,
        "participant_actor_ids": [p.split()[-1].lower() for p in people],
        "participants": ", ".join(people),
    }


WEEK = [
    contact("c1", "2017-03-01", people=("Anna Alpha", "Ben Beta")),
    contact("c2", "2017-03-01", "meeting", people=("Anna Alpha", "Gus Gamma")),
    contact("c3", "2017-02-28", origin="record", people=("Ben Beta",)),
    contact("c4", "2017-03-01", people=("Gus Gamma", "Ben Beta")),
    contact("c5", "2017-03-01", confirmed=False, people=("Anna Alpha", "Ben Beta")),
    contact("c6", "2017-03-01", origin="record", people=("Anna Alpha", "Ben Beta")),
    contact("c7", "2017-03-01", people=("Dora Delta",)),
    contact("c8", "2017-02-27", end="2017-03-01", people=("Anna Alpha",)),
    contact("c10", "2017-03-02", None, people=("Eve Epsilon",)),
    contact("c11", "2017-03-02", None),
    contact("c9", "2017-03-01", end="2017-03-02", people=("Gus Gamma",)),
]


def test_group_contacts_by_day() -> None:
    """Contacts of one day, channel, source and confirmation share a row that counts them."""
    grouped = _group_contacts_by_day(pd.DataFrame(WEEK))
    assert ids(grouped, "contact_id")[:7] == [
        "c8",  # three days: a row of its own, and the earliest start
        "c3",
        "group:2017-03-01:phone_call:article:True",
        "c2",  # same day, another channel
        "c5",  # same day and channel, unconfirmed
        "c9",  # same first day and channel, but two days long
        "c6",  # same day and channel, from the record: after the article's
    ]
    assert records(grouped.iloc[[2]]) == [
        {
            "contact_id": "group:2017-03-01:phone_call:article:True",
            "label": "3 phone calls",
            "origin": "article",
            "channel": "phone_call",
            "contact_start": "2017-03-01",
            "contact_end": "2017-03-01",
            "date_precision": "day",
            "is_confirmed": True,
            "participant_actor_ids": ["alpha", "beta", "delta", "gamma"],
            "participants": "Anna Alpha, Ben Beta, Gus Gamma, Dora Delta",
            "member_ids": ["c1", "c4", "c7"],
        }
    ]
    assert records(grouped.iloc[[0, 1, 3, 4, 5, 6]], "label", "participants", "member_ids") == [
        {"label": "Contact c8", "participants": "Anna Alpha", "member_ids": None},
        {"label": "Contact c3", "participants": "Ben Beta", "member_ids": None},
        {"label": "Contact c2", "participants": "Anna Alpha, Gus Gamma", "member_ids": None},
        {"label": "Contact c5", "participants": "Anna Alpha, Ben Beta", "member_ids": None},
        {"label": "Contact c9", "participants": "Gus Gamma", "member_ids": None},
        {"label": "Contact c6", "participants": "Anna Alpha, Ben Beta", "member_ids": None},
    ]
    # Contacts without a channel (missing in a column of channels) are counted as contacts.
    last = grouped.iloc[7]
    assert (last["label"], last["participants"], last["member_ids"]) == (
        "2 contacts",
        "Eve Epsilon",
        ["c10", "c11"],
    )
    assert len(grouped) == 8


def test_group_contacts_by_day_of_a_slice() -> None:
    """A slice of a larger table (its index not 0, 1, ...) is grouped the same."""
    grouped = _group_contacts_by_day(pd.DataFrame(WEEK[:4], index=[10, 11, 12, 13]))
    assert records(grouped, "contact_id", "label", "member_ids") == [
        {"contact_id": "c3", "label": "Contact c3", "member_ids": None},
        {
            "contact_id": "group:2017-03-01:phone_call:article:True",
            "label": "2 phone calls",
            "member_ids": ["c1", "c4"],
        },
        {"contact_id": "c2", "label": "Contact c2", "member_ids": None},
    ]
    assert list(grouped.index) == [0, 1, 2]


def test_group_contacts_by_day_without_any_channel() -> None:
    """A column of contacts none of which has a channel: '2 contacts'."""
    grouped = _group_contacts_by_day(
        pd.DataFrame([contact("n1", "2017-03-02", None), contact("n2", "2017-03-02", None)])
    )
    assert records(grouped, "contact_id", "label", "member_ids") == [
        {
            "contact_id": "group:2017-03-02:None:article:True",
            "label": "2 contacts",
            "member_ids": ["n1", "n2"],
        }
    ]


def test_week_contact_parts_on_one_page() -> None:
    """Rows that fit a page: one chart under the title, every contact as it is."""
    contacts = pd.DataFrame(WEEK[:3])
    [part] = week_contact_parts(contacts, "The week")
    assert part.title == "The week"
    assert (part.note, part.caption, part.summary_row) == ("", "", None)
    assert ids(part.frame, "contact_id") == ["c1", "c2", "c3"]


def test_week_contact_parts_over_pages() -> None:
    """More rows than a page: numbered parts, cut where the pages are about equally full."""
    contacts = pd.DataFrame(WEEK[:4])  # 4 rows of 0.53 in: 2 pages of 1.1 in hold them
    parts = week_contact_parts(contacts, "The week", page_in=1.1, max_pages=2)
    assert [(p.title, ids(p.frame, "contact_id")) for p in parts] == [
        ("The week (part 1 of 2)", ["c1", "c2"]),
        ("The week (part 2 of 2)", ["c3", "c4"]),
    ]
    assert [(p.note, p.caption) for p in parts] == [("", "")] * 2
    assert [list(p.frame.index) for p in parts] == [[0, 1], [0, 1]]
    assert [list(p.frame.columns) for p in parts] == [list(contacts.columns)] * 2


def test_week_contact_parts_at_exactly_the_pages_it_may_take() -> None:
    """Rows filling the pages exactly are not grouped."""
    contacts = pd.DataFrame([WEEK[0], WEEK[3]])  # 2 rows of 0.53 in, same day and channel
    parts = week_contact_parts(contacts, "W", page_in=0.53, max_pages=2)
    assert [(p.title, ids(p.frame, "contact_id"), p.note) for p in parts] == [
        ("W (part 1 of 2)", ["c1"], ""),
        ("W (part 2 of 2)", ["c4"], ""),
    ]


def test_week_contact_parts_grouped_and_said() -> None:
    """More rows than the pages hold: a day's contacts share a row; the note and caption say so."""
    contacts = pd.DataFrame([WEEK[0], WEEK[1], WEEK[3], WEEK[6]])  # c1, c4, c7 share a row
    parts = week_contact_parts(contacts, "W", page_in=1.1, max_pages=1)
    # The shared row is 0.66 in (its participants take two lines), c2's 0.53: two pages.
    assert [(p.title, ids(p.frame, "contact_id")) for p in parts] == [
        ("W (part 1 of 2)", ["group:2017-03-01:phone_call:article:True"]),
        ("W (part 2 of 2)", ["c2"]),
    ]
    note = (
        "4 contacts in 2 rows: contacts of one day by the same channel and source share a row, "
        "which counts them."
    )
    assert [p.note for p in parts] == [note, note]
    assert [p.caption for p in parts] == [
        f"In the charts above, {note} The table lists each one."
    ] * 2


def test_week_contact_parts_of_no_contacts() -> None:
    """No contacts: one empty chart under the title."""
    contacts = pd.DataFrame(WEEK).iloc[0:0]
    [part] = week_contact_parts(contacts, "W")
    assert (part.title, len(part.frame), part.note) == ("W", 0, "")


# --- Speakers --------------------------------------------------------------------------------

MODES = ["direct_quote", "paraphrase", "narration"]


def speakers_table(*rows: tuple[str, int, int, int]) -> pd.DataFrame:
    """A table as :func:`analysis.compute.count_claims_by_speaker` makes it."""
    table = pd.DataFrame(
        [list(r[1:]) for r in rows],
        index=pd.Index([r[0] for r in rows], name="speaker"),
        columns=pd.Index(MODES, name="attribution_mode"),
    )
    return table


SPEAKERS = speakers_table(
    ("The Outlet", 0, 0, 9),
    ("Anna Alpha", 3, 2, 1),
    ("Ben Beta", 1, 3, 0),
    ("Dora Delta", 0, 2, 1),
    ("Gus Gamma", 2, 0, 0),
    ("Eve Epsilon", 0, 1, 0),
)


@pytest.mark.parametrize("max_rows", [6, 18])
def test_top_speakers_within_the_rows(max_rows: int) -> None:
    """As many speakers as rows, or fewer: the table as it is, nothing noted."""
    part = top_speakers(SPEAKERS, "Speakers", "Gus Gamma", max_rows)
    assert part.frame is SPEAKERS
    assert (part.title, part.note, part.caption, part.summary_row) == ("Speakers", "", "", None)


@pytest.mark.parametrize("focus", [None, "Anna Alpha", "Nobody"])
def test_top_speakers_sum_the_rest(focus: str | None) -> None:
    """The first speakers, then a row summing the rest; a focus among the first changes nothing."""
    part = top_speakers(SPEAKERS, "Speakers", focus, max_rows=4)
    assert part.title == "Speakers"
    assert part.summary_row == "3 other speakers"
    assert part.frame.reset_index().values.tolist() == [
        ["The Outlet", 0, 0, 9],
        ["Anna Alpha", 3, 2, 1],
        ["Ben Beta", 1, 3, 0],
        ["3 other speakers", 2, 3, 1],
    ]
    assert part.frame.index.name == "speaker"
    assert part.frame.columns.name == "attribution_mode"
    assert list(part.frame.columns) == MODES
    assert [str(t) for t in part.frame.dtypes] == ["int64"] * 3
    assert part.note == (
        "The 3 speakers with the most claims of 6; the last row sums the claims of the other 3 "
        "(6 claims)."
    )
    assert part.caption == (
        "The chart's last row, \u201c3 other speakers\u201d, sums the claims of Dora Delta (3), "
        "Gus Gamma (2), Eve Epsilon (1)."
    )


def test_top_speakers_keep_the_focus_speaker() -> None:
    """A focus speaker past the first rows takes the last row before the sum."""
    part = top_speakers(SPEAKERS, "Speakers", "Gus Gamma", max_rows=4)
    assert part.summary_row == "3 other speakers"
    assert part.frame.reset_index().values.tolist() == [
        ["The Outlet", 0, 0, 9],
        ["Anna Alpha", 3, 2, 1],
        ["Gus Gamma", 2, 0, 0],
        ["3 other speakers", 1, 6, 1],
    ]
    assert part.note == (
        "The 2 speakers with the most claims, and the focus speaker, of 6; the last row sums "
        "the claims of the other 3 (8 claims)."
    )
    assert part.caption == (
        "The chart's last row, \u201c3 other speakers\u201d, sums the claims of Ben Beta (4), "
        "Dora Delta (3), Eve Epsilon (1)."
    )


def test_top_speakers_default_rows() -> None:
    """18 rows by default: 19 speakers show 17 and sum the last two."""
    names = [f"Speaker {i:02d}" for i in range(1, 20)]
    table = speakers_table(*((name, 0, 0, 20 - i) for i, name in enumerate(names, start=1)))
    eighteen = table.iloc[:18]
    assert top_speakers(eighteen, "S").frame is eighteen
    part = top_speakers(table, "S")
    assert part.summary_row == "2 other speakers"
    assert list(part.frame.index) == [*names[:17], "2 other speakers"]
    assert part.frame.loc["2 other speakers"].tolist() == [0, 0, 3]  # 2 claims and 1
    assert part.caption.endswith("sums the claims of Speaker 18 (2), Speaker 19 (1).")


# --- The contact network ---------------------------------------------------------------------

EDGE_FIELDS = (
    "source_actor_id",
    "target_actor_id",
    "contact_id",
    "contact_start",
    "date_precision",
    "channel",
    "origin",
    "is_confirmed",
)
MERGED_FIELDS = (*EDGE_FIELDS, "contacts", "contact_last")
WHERE_EVERY_CONTACT = (
    "and their contacts with the actors drawn. Every contact is in the report's data "
    "(events.csv, timeline.json)."
)


def edge(
    source: str,
    target: str,
    contact_id: str,
    start: str,
    channel: str | None = "phone_call",
    origin: str = "article",
    confirmed: bool = True,
    precision: str = "day",
) -> dict[str, Any]:
    """An edge as :func:`analysis.compute.build_contact_edges` makes it."""
    return dict(
        zip(
            EDGE_FIELDS,
            (source, target, contact_id, T(start), precision, channel, origin, confirmed),
            strict=True,
        )
    )


def actors_table(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"actor_id": a, "name": n, "side": s} for a, n, s in rows])


ACTORS = actors_table(
    ("ru1", "Valery Russo", "russia"),
    ("na1", "Curtis Nato", "nato"),
    ("na2", "Petr Member", "nato_member_state"),
    ("med", "The Paper", "media"),
    ("exp", "Dr Expert", "expert"),
)  # "unk" has no record: named by its id, drawn in the middle column
EDGES = pd.DataFrame(
    [
        edge("ru1", "na1", "c1", "2017-03-03"),
        edge("na1", "ru1", "c2", "2016-05-01", precision="month"),
        edge("ru1", "na1", "c3", "2015-01-01", "meeting", "record", False, "month"),
        edge("ru1", "na2", "c4", "2017-02-28", "meeting", "record"),
        edge("ru1", "med", "c5", "2017-01-10", "public_statement"),
        edge("ru1", "exp", "c6", "2017-01-11", "public_statement"),
        edge("na2", "exp", "c7", "2016-12-01", "meeting", "record"),
        edge("exp", "unk", "c8", "2016-06-01", "meeting", "record"),
    ]
)


def test_merge_parallel_edges() -> None:
    """One line per pair (either way round), channel, source and confirmation, by first date."""
    edges = pd.DataFrame(
        [
            edge("b", "a", "c1", "2017-03-01", None),
            edge("a", "b", "c2", "2017-03-01", None),
            edge("a", "b", "c3", "2017-02-01"),
            edge("a", "b", "c4", "2016-02-01", confirmed=False, precision="month"),
        ]
    )
    merged = _merge_parallel_edges(edges)
    assert list(merged.columns) == list(MERGED_FIELDS)
    assert [list(r.values()) for r in records(merged)] == [
        ["a", "b", "c4", "2016-02-01", "month", "phone_call", "article", False, 1, "2016-02-01"],
        ["a", "b", "c3", "2017-02-01", "day", "phone_call", "article", True, 1, "2017-02-01"],
        # Without a channel, and on the same day: in the order given.
        ["a", "b", "c1;c2", "2017-03-01", "day", None, "article", True, 2, "2017-03-01"],
    ]


def test_merge_parallel_edges_of_month_dates() -> None:
    """A line of several contacts is dated by its first and last day, whatever their precision."""
    edges = pd.DataFrame(
        [
            edge("x", "y", "c2", "2016-05-01", precision="month"),
            edge("x", "y", "c1", "2015-01-01", precision="year"),
        ]
    )
    assert records(_merge_parallel_edges(edges), "contact_id", "contact_start", "contact_last") == [
        {"contact_id": "c1;c2", "contact_start": "2015-01-01", "contact_last": "2016-05-01"}
    ]


def test_merge_parallel_edges_keeps_the_order_of_one_day() -> None:
    """Many contacts of one day keep the order given, in the lines and in their ids."""
    edges = pd.DataFrame(
        [
            edge("a", "b", f"c{i:02d}", "2017-03-01")
            if i % 2
            else edge("c", "a", f"c{i:02d}", "2017-03-01")
            for i in range(1, 19)
        ]
    )
    merged = _merge_parallel_edges(edges)
    assert records(merged, "source_actor_id", "target_actor_id", "contact_id", "contacts") == [
        {
            "source_actor_id": "a",
            "target_actor_id": "b",
            "contact_id": "c01;c03;c05;c07;c09;c11;c13;c15;c17",
            "contacts": 9,
        },
        {
            "source_actor_id": "a",
            "target_actor_id": "c",
            "contact_id": "c02;c04;c06;c08;c10;c12;c14;c16;c18",
            "contacts": 9,
        },
    ]


@pytest.mark.parametrize(("max_actors", "max_edges"), [(4, 3), (4, 8), (16, 28)])
def test_select_network_within_limits(max_actors: int, max_edges: int) -> None:
    """As many actors and edges as the chart draws, or fewer: the edges as they are."""
    edges = EDGES.iloc[3:6]  # ru1 with na2, med and exp: 4 actors, 3 edges
    part = select_network(edges, ACTORS, "Network", "ru1", max_actors, max_edges)
    assert part.frame is edges
    assert (part.title, part.note, part.caption, part.summary_row) == ("Network", "", "", None)


def test_select_network_most_connected_first() -> None:
    """Actors by number of contacts; one in the middle column; parallel contacts share a line."""
    part = select_network(EDGES, ACTORS, "Network", max_actors=5)
    assert part.title == "Network"
    assert [list(r.values()) for r in records(part.frame)] == [
        ["na1", "ru1", "c3", "2015-01-01", "month", "meeting", "record", False, 1, "2015-01-01"],
        [
            "na1",
            "ru1",
            "c2;c1",
            "2016-05-01",
            "day",
            "phone_call",
            "article",
            True,
            2,
            "2017-03-03",
        ],
        ["exp", "na2", "c7", "2016-12-01", "day", "meeting", "record", True, 1, "2016-12-01"],
        [
            "exp",
            "ru1",
            "c6",
            "2017-01-11",
            "day",
            "public_statement",
            "article",
            True,
            1,
            "2017-01-11",
        ],
        ["na2", "ru1", "c4", "2017-02-28", "day", "meeting", "record", True, 1, "2017-02-28"],
    ]
    assert list(part.frame.columns) == list(MERGED_FIELDS)
    assert part.note == (
        "Drawn: 4 of 6 actors, the most connected that fit legibly, and the 6 of 8 pairwise "
        "contacts between two of them (one line per pair, channel and source, with their "
        "number). Left out: the 2 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), The Paper (1), "
        f"unk (1); {WHERE_EVERY_CONTACT}"
    )
    assert part.summary_row is None


def test_select_network_focus_first() -> None:
    """The focus actor is taken first, even with one contact, and its partner after it."""
    part = select_network(EDGES, ACTORS, "Network", "med", max_actors=5)
    assert records(part.frame, "source_actor_id", "target_actor_id", "contact_id") == [
        {"source_actor_id": "na1", "target_actor_id": "ru1", "contact_id": "c3"},
        {"source_actor_id": "na1", "target_actor_id": "ru1", "contact_id": "c2;c1"},
        {"source_actor_id": "med", "target_actor_id": "ru1", "contact_id": "c5"},
        {"source_actor_id": "na2", "target_actor_id": "ru1", "contact_id": "c4"},
    ]
    assert part.note == (
        "Drawn: 4 of 6 actors, the most connected that fit legibly, and the 5 of 8 pairwise "
        "contacts between two of them (one line per pair, channel and source, with their "
        "number). Left out: the 3 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), Dr Expert (3), "
        f"unk (1); {WHERE_EVERY_CONTACT}"
    )


def test_select_network_stops_at_max_actors() -> None:
    """No more actors than ``max_actors``: the next most connected is left out."""
    part = select_network(EDGES, ACTORS, "Network", max_actors=3)
    # ru1, then exp and na1 (3 contacts each, by id); na2 would be the fourth.
    assert records(part.frame, "source_actor_id", "target_actor_id", "contact_id") == [
        {"source_actor_id": "na1", "target_actor_id": "ru1", "contact_id": "c3"},
        {"source_actor_id": "na1", "target_actor_id": "ru1", "contact_id": "c2;c1"},
        {"source_actor_id": "exp", "target_actor_id": "ru1", "contact_id": "c6"},
    ]
    assert part.note == (
        "Drawn: 3 of 6 actors, the most connected that fit legibly, and the 4 of 8 pairwise "
        "contacts between two of them (one line per pair, channel and source, with their "
        "number). Left out: the 4 contacts of the other 3."
    )
    assert part.caption == (
        "Not in the contact network: 3 actors (with their number of contacts), Petr Member (2), "
        f"The Paper (1), unk (1); {WHERE_EVERY_CONTACT}"
    )


STAR = pd.DataFrame(
    [
        edge("ru1", "na1", "c1", "2017-01-01"),
        edge("ru1", "na2", "c2", "2017-01-02"),
        edge("na3", "ru1", "c3", "2017-01-03"),
    ]
)
STAR_ACTORS = actors_table(
    ("ru1", "R One", "russia"),
    ("na1", "N One", "nato"),
    ("na2", "N Two", "nato"),
    ("na3", "N Three", "nato"),
)


@pytest.mark.parametrize(("max_actors", "max_edges"), [(16, 2), (3, 3)])
def test_select_network_within_max_edges_or_actors(max_actors: int, max_edges: int) -> None:
    """An actor whose lines pass ``max_edges`` (or past ``max_actors``) stays out; no merging."""
    part = select_network(STAR, STAR_ACTORS, "N", None, max_actors, max_edges)
    assert list(part.frame.columns) == list(EDGE_FIELDS)  # every line one contact: as they are
    assert records(part.frame, "source_actor_id", "target_actor_id", "contact_id") == [
        {"source_actor_id": "ru1", "target_actor_id": "na1", "contact_id": "c1"},
        {"source_actor_id": "ru1", "target_actor_id": "na2", "contact_id": "c2"},
    ]
    assert part.note == (
        "Drawn: 3 of 4 actors, the most connected that fit legibly, and the 2 of 3 pairwise "
        "contacts between two of them. Left out: the 1 contacts of the other 1."
    )
    assert part.caption == (
        "Not in the contact network: 1 actors (with their number of contacts), N Three (1); "
        f"{WHERE_EVERY_CONTACT}"
    )


def test_select_network_limits_lines_into_one_actor() -> None:
    """At most six lines into one node: a hub's seventh and eighth partners stay out."""
    partners = ["na1", "na2", "na3", "na4", "na5", "ru1", "ru2", "ru3"]
    edges = pd.DataFrame(
        [
            *(edge("ru0", p, f"c{i}", f"2017-01-0{i}") for i, p in enumerate(partners, start=1)),
            edge("na1", "zz", "c9", "2017-01-09"),  # ranked last, joins na1, not the hub
        ]
    )
    actors = actors_table(
        ("ru0", "RU0", "russia"),
        *((p, p.upper(), "nato" if p.startswith("na") else "russia") for p in partners),
        ("zz", "ZZ", "nato"),
    )
    part = select_network(edges, actors, "N", max_actors=9)
    assert ids(part.frame, "target_actor_id") == [*partners[:6], "zz"]
    assert part.note == (
        "Drawn: 8 of 10 actors, the most connected that fit legibly, and the 7 of 9 pairwise "
        "contacts between two of them. Left out: the 2 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), RU2 (1), RU3 (1); "
        f"{WHERE_EVERY_CONTACT}"
    )


def test_select_network_counts_unconfirmed_contacts_as_lines_of_their_own() -> None:
    """A confirmed and an unconfirmed contact of one pair are two lines towards ``max_edges``."""
    edges = pd.DataFrame(
        [
            edge("ru1", "na1", "c1", "2017-01-01"),
            edge("ru1", "na1", "c0", "2016-01-01", confirmed=False),
            *STAR.iloc[1:].to_dict(orient="records"),
        ]
    )
    part = select_network(edges, STAR_ACTORS, "N", max_edges=2)
    assert list(part.frame.columns) == list(EDGE_FIELDS)  # two lines, two contacts: as they are
    assert records(part.frame, "contact_id", "is_confirmed") == [
        {"contact_id": "c1", "is_confirmed": True},
        {"contact_id": "c0", "is_confirmed": False},
    ]
    assert part.note == (
        "Drawn: 2 of 4 actors, the most connected that fit legibly, and the 2 of 4 pairwise "
        "contacts between two of them. Left out: the 2 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), N Two (1), "
        f"N Three (1); {WHERE_EVERY_CONTACT}"
    )


def test_select_network_focus_takes_the_middle_place() -> None:
    """A focus in the middle column takes its one place before a more connected actor."""
    actors = actors_table(
        ("exp", "Dr Expert", "expert"),
        ("med", "The Paper", "media"),
        ("ru1", "Valery Russo", "russia"),
        ("na1", "Curtis Nato", "nato"),
        ("na2", "Petr Member", "nato_member_state"),
    )
    edges = pd.DataFrame(
        [
            edge("exp", "ru1", "c1", "2017-01-01"),
            edge("exp", "na1", "c2", "2017-01-02"),
            edge("exp", "na2", "c3", "2017-01-03"),
            edge("med", "ru1", "c4", "2017-01-04"),
        ]
    )
    part = select_network(edges, actors, "N", "med", max_actors=3)
    assert records(part.frame, "source_actor_id", "target_actor_id", "contact_id") == [
        {"source_actor_id": "med", "target_actor_id": "ru1", "contact_id": "c4"}
    ]
    assert part.note == (
        "Drawn: 2 of 5 actors, the most connected that fit legibly, and the 1 of 4 pairwise "
        "contacts between two of them. Left out: the 3 contacts of the other 3."
    )
    assert part.caption == (
        "Not in the contact network: 3 actors (with their number of contacts), Dr Expert (3), "
        f"Curtis Nato (1), Petr Member (1); {WHERE_EVERY_CONTACT}"
    )


@pytest.mark.parametrize(
    ("hub", "leaf", "leaf_side"),
    [("ru", "na", "nato"), ("ru", "nm", "nato_member_state"), ("na", "ru", "russia")],
)
def test_select_network_limits_a_column(hub: str, leaf: str, leaf_side: str) -> None:
    """Six actors of one side and one in the middle at most, though they have room for lines."""
    hub_side = "russia" if hub == "ru" else "nato"
    hubs, leaves = [f"{hub}0", f"{hub}1"], [f"{leaf}{i}" for i in range(1, 8)]
    edges = pd.DataFrame(
        [
            *(edge(hubs[0], x, f"a{i}", f"2017-01-0{i}") for i, x in enumerate(leaves[:4], 1)),
            *(edge(hubs[1], x, f"b{i}", f"2017-02-0{i}") for i, x in enumerate(leaves[4:], 1)),
            edge(hubs[0], hubs[1], "h", "2017-03-01", "meeting"),
            edge(hubs[1], "mid1", "m1", "2017-04-01"),
            edge(hubs[1], "mid2", "m2", "2017-04-02"),
        ]
    )
    actors = actors_table(
        *((h, h.upper(), hub_side) for h in hubs),
        *((x, x.upper(), leaf_side) for x in leaves),
        ("mid1", "MID1", "ukraine"),
        ("mid2", "MID2", "other"),
    )
    # Ranked: hub 1 (6 contacts), hub 0 (5), then by id mid1, mid2 and the leaves.
    part = select_network(edges, actors, "N", max_actors=10)
    drawn = set(part.frame["source_actor_id"]) | set(part.frame["target_actor_id"])
    assert drawn == {*hubs, "mid1", *leaves[:6]}
    assert part.note == (
        "Drawn: 9 of 11 actors, the most connected that fit legibly, and the 8 of 10 pairwise "
        "contacts between two of them. Left out: the 2 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), "
        f"MID2 (1), {leaves[6].upper()} (1); {WHERE_EVERY_CONTACT}"
    )


def test_select_network_draws_the_others_when_nobody_joins_the_focus() -> None:
    """A focus no drawn actor can join stays out, and the rest of the network is drawn."""
    actors = actors_table(
        ("ex1", "Ed Expert", "expert"),
        ("ex2", "Mia Media", "media"),
        ("ru1", "Valery Russo", "russia"),
        ("na1", "Curtis Nato", "nato"),
        ("na2", "Petr Member", "nato_member_state"),
    )
    edges = pd.DataFrame(
        [
            edge("ex1", "ex2", "c1", "2016-01-01", "meeting"),  # both in the middle column
            edge("ru1", "na1", "c2", "2017-03-03"),
            edge("ru1", "na2", "c3", "2017-02-28", "meeting", "record"),
            edge("na1", "ru1", "c4", "2016-06-01"),
        ]
    )
    part = select_network(edges, actors, "N", "ex1", max_actors=3)
    assert [list(r.values()) for r in records(part.frame)] == [
        [
            "na1",
            "ru1",
            "c4;c2",
            "2016-06-01",
            "day",
            "phone_call",
            "article",
            True,
            2,
            "2017-03-03",
        ],
        ["na2", "ru1", "c3", "2017-02-28", "day", "meeting", "record", True, 1, "2017-02-28"],
    ]
    assert part.note == (
        "Drawn: 3 of 5 actors, the most connected that fit legibly, and the 3 of 4 pairwise "
        "contacts between two of them (one line per pair, channel and source, with their "
        "number). Left out: the 1 contacts of the other 2."
    )
    assert part.caption == (
        "Not in the contact network: 2 actors (with their number of contacts), Ed Expert (1), "
        f"Mia Media (1); {WHERE_EVERY_CONTACT}"
    )
