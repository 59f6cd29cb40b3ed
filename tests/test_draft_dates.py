"""The drafter's date finder: each kind of expression, each trap, and the seed article.

Values worked out by hand from a calendar: 2017-03-03 is a Friday in ISO week 9; spring is
March to May, and winter belongs to the year it starts in (December to February).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import paths
from analysis.dates import resolve_date_expression
from analysis.draft.dates import find_dates
from analysis.draft.model import ANCHORS, PRECISIONS, FoundDate

D = dt.date
FRIDAY = D(2017, 3, 3)  # the seed article's reference date
SEED_ID = "rbth-2017-03-06-military-talks"


def found(text: str, reference: dt.date = FRIDAY) -> list[tuple[str, str, str, str]]:
    """(span, value, precision, anchor) of every date found, in text order."""
    return [(d.text, d.value, d.precision, d.anchor) for d in find_dates(text, reference)]


def only(text: str, reference: dt.date = FRIDAY) -> FoundDate:
    """The one date found in ``text``."""
    dates = find_dates(text, reference)
    assert len(dates) == 1, [d.text for d in dates]
    return dates[0]


def seed_text() -> str:
    return (paths.DATA_DIR / "articles" / SEED_ID / "article.txt").read_text(encoding="utf-8")


# --- Relative to the reference date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("NATO decided three years ago to freeze ties.", ("three years ago", "2014", "year")),
        ("Its work was resumed only last year.", ("last year", "2016", "year")),
        ("What happened today is very important.", ("today", "2017-03-03", "day")),
        ("The ministry confirmed the call yesterday.", ("yesterday", "2017-03-02", "day")),
        ("The ministers met on Tuesday in Brussels.", ("Tuesday", "2017-02-28", "day")),
        ("Talks were held last week in Moscow.", ("last week", "2017-W08", "week")),
        ("Earlier this month, the sides agreed.", ("Earlier this month", "2017-03", "month")),
        ("The talks resume next month.", ("next month", "2017-04", "month")),
        ("Elections are due next year.", ("next year", "2018", "year")),
        ("Exercises are planned for this spring.", ("this spring", "2017-SP", "season")),
        ("The drills took place last autumn.", ("last autumn", "2016-FA", "season")),
        ("Two days ago the ministry denied it.", ("Two days ago", "2017-03-01", "day")),
        ("Two months ago the ministry denied it.", ("Two months ago", "2017-01", "month")),
    ],
)
def test_an_expression_relative_to_the_reference_date_keeps_its_precision(
    sentence: str, expected: tuple[str, str, str]
) -> None:
    assert found(sentence) == [(*expected, "reference")]


def test_three_years_ago_is_a_year_not_the_day_three_years_before() -> None:
    date = only("NATO decided three years ago to freeze ties.")
    assert (date.first_day, date.last_day) == (D(2014, 1, 1), D(2014, 12, 31))


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("Talks were held last week.", D(2017, 2, 20), D(2017, 2, 26)),
        ("Exercises are planned for this spring.", D(2017, 3, 1), D(2017, 5, 31)),
        ("The drills took place last autumn.", D(2016, 9, 1), D(2016, 11, 30)),
        ("It snowed a lot last winter.", D(2016, 12, 1), D(2017, 2, 28)),
        ("The talks resume next month.", D(2017, 4, 1), D(2017, 4, 30)),
    ],
)
def test_a_week_or_season_covers_its_days(sentence: str, first: dt.date, last: dt.date) -> None:
    date = only(sentence)
    assert (date.first_day, date.last_day) == (first, last)


def test_winter_belongs_to_the_year_it_starts_in() -> None:
    assert found("It snowed a lot last winter.") == [
        ("last winter", "2016-WI", "season", "reference")
    ]


def test_the_season_of_a_written_year_is_absolute() -> None:
    assert found("The spring of 2014 saw protests.") == [
        ("spring of 2014", "2014-SP", "season", "absolute")
    ]


def test_a_bare_season_word_is_no_date() -> None:
    assert found("Spring cleaning") == []
    assert found("Prices fall in the Arab Spring") == []


def test_between_two_months_is_an_interval_from_the_first() -> None:
    date = only("Patrols were stepped up between March and May.")
    assert (date.text, date.value, date.precision) == (
        "between March and May",
        "2017-03/2017-05",
        "interval",
    )
    assert (date.first_day, date.last_day) == (D(2017, 3, 1), D(2017, 5, 31))


def test_a_month_span_crossing_new_year_ends_the_next_year() -> None:
    assert found("Patrols ran between November and January.")[0][1] == "2016-11/2017-01"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tensions worsened in 2014 after the vote.", ("2014", "2014", "year")),
        ("The treaty was signed on March 1, 2017.", ("March 1, 2017", "2017-03-01", "day")),
        ("A parade was held on 9 May 2015.", ("9 May 2015", "2015-05-09", "day")),
        ("In March 2014, Russia annexed Crimea.", ("March 2014", "2014-03", "month")),
        ("The 2008 war changed things.", ("2008", "2008", "year")),
        ("Troops arrive from early 2017.", ("early 2017", "2017", "year")),
        ("He has tried since mid-2015.", ("mid-2015", "2015", "year")),
        ("The 1990s were turbulent.", ("1990s", "1990/1999", "interval")),
        ("From 2014 to 2016 it did not meet.", ("From 2014 to 2016", "2014/2016", "interval")),
        ("The 2014-2016 pause ended.", ("2014-2016", "2014/2016", "interval")),
    ],
)
def test_an_expression_that_names_its_year_is_absolute(
    sentence: str, expected: tuple[str, str, str]
) -> None:
    assert found(sentence) == [(*expected, "absolute")]


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("On Feb. 28, the generals met.", "Feb. 28"),
        ("The generals met Feb. 28 in Moscow.", "Feb. 28"),
        ("The talks, held on February 28th, lasted long.", "February 28th"),
    ],
)
def test_a_month_and_day_takes_the_reference_year(sentence: str, span: str) -> None:
    assert found(sentence) == [(span, "2017-02-28", "day", "reference")]


def test_a_month_and_day_still_to_come_is_last_years() -> None:
    assert found("The deal was signed on March 20.")[0][1] == "2016-03-20"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It was said on Friday, 3 March 2017, in Moscow.", ("Friday, 3 March 2017", "2017-03-03")),
        ("They met on Tuesday, Feb. 28, in Moscow.", ("Tuesday, Feb. 28", "2017-02-28")),
    ],
)
def test_a_weekday_before_a_written_date_is_part_of_it(
    sentence: str, expected: tuple[str, str]
) -> None:
    assert found(sentence)[0][:2] == expected
    assert len(found(sentence)) == 1


def test_a_leading_preposition_is_left_out_of_the_span() -> None:
    text = "On Feb. 28 and in 2014 and since May."
    assert [(d.text, text[d.start : d.end]) for d in find_dates(text, FRIDAY)] == [
        ("Feb. 28", "Feb. 28"),
        ("2014", "2014"),
        ("May", "May"),
    ]


# --- The past preferred, unless the sentence speaks of the future ----------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The ministers met on Tuesday.", "2017-02-28"),
        ("The ministers will meet on Tuesday.", "2017-03-07"),
        ("He said on Friday that talks went well.", "2017-03-03"),
        ("Last Tuesday the envoy left.", "2017-02-28"),
        ("Next Friday the talks continue.", "2017-03-10"),
        ("The summit took place in May.", "2016-05"),
        ("The summit is due to take place in May.", "2017-05"),
        ("The summit is scheduled for May.", "2017-05"),
        ("The summit is to be held in May.", "2017-05"),
        ("Moscow plans to hold talks in May.", "2017-05"),
        ("The summit took place in March.", "2017-03"),
        ("The deal is due to be signed on March 20.", "2017-03-20"),
        ("In the fall, talks resumed.", "2016-FA"),
        ("In the fall, talks will resume.", "2017-FA"),
        ("The base will be finished in three years.", "2020"),
        # Reported speech: "would" is the future seen from the past.
        ("Officials said the fleet would hold a drill in April.", "2017-04"),
        ("Officials said the fleet would have held a drill in April.", "2016-04"),
        ("Talks stalled over the summer.", "2016-SU"),
        ("A meeting may take place in the autumn.", "2017-FA"),
        ("Talks stalled during the winter.", "2016-WI"),
    ],
)
def test_an_ambiguous_date_is_in_the_past_unless_the_sentence_looks_ahead(
    sentence: str, value: str
) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        (
            "They last met in March, and a further meeting may take place in the autumn.",
            ["2017-03", "2017-FA"],
        ),
        (
            "The drills, which began on March 2 and will end on March 15, are large.",
            ["2017-03-02", "2017-03-15"],
        ),
        ("He said on Tuesday that the ministers will meet in May.", ["2017-02-28", "2017-05"]),
        ("On Tuesday, the ministers will meet.", ["2017-03-07"]),
        ("The ministers will meet and sign the deal on Tuesday.", ["2017-03-07"]),
        ("The deal is expected to be signed in May.", ["2017-05"]),
    ],
)
def test_the_verb_nearest_the_date_decides_past_or_future(sentence: str, values: list[str]) -> None:
    assert [value for _, value, _, _ in found(sentence)] == values


def test_the_future_is_read_in_the_dates_own_sentence_only() -> None:
    text = "The ministers will meet again. They met on Tuesday."
    assert found(text)[0][1] == "2017-02-28"


def test_the_next_day_does_not_make_a_sentence_speak_of_the_future() -> None:
    text = "They met on Tuesday and the next day they left."
    assert [value for _, value, _, _ in found(text)] == ["2017-02-28", "2017-03-01"]


# --- Counted from the date before it --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on Feb. 28. The next day, Fomin met the envoy.", ("The next day", "2017-03-01")),
        ("They met on Feb. 28. The following day they spoke.", ("The following day", "2017-03-01")),
        ("They met on Feb. 28. Two days later, they spoke.", ("Two days later", "2017-03-02")),
        ("They met on Feb. 20. A week later, they spoke.", ("A week later", "2017-02-27")),
        ("They met on Feb. 20. The day before, they spoke.", ("The day before", "2017-02-19")),
        ("They met on Feb. 20. The following week they spoke.", ("The following week", "2017-W09")),
        ("They met in 2014. A year later they spoke.", ("A year later", "2015")),
        ("They met in March 2014. A month later they spoke.", ("A month later", "2014-04")),
    ],
)
def test_a_story_relative_date_counts_from_the_previous_date(
    text: str, expected: tuple[str, str]
) -> None:
    last = find_dates(text, FRIDAY)[-1]
    assert (last.text, last.value, last.anchor) == (*expected, "previous")


def test_a_chain_goes_on_from_each_date_it_resolves() -> None:
    text = "They met on Feb. 20. The next day they spoke. Two days later they signed."
    assert [value for _, value, _, _ in found(text)] == ["2017-02-20", "2017-02-21", "2017-02-23"]


def test_a_day_counted_from_a_year_is_left_out() -> None:
    # "the following day" after "in 2014" has no day to count from: no value to guess.
    assert [span for span, *_ in found("They met in 2014. The following day they left.")] == [
        "2014"
    ]


def test_a_chain_before_any_date_counts_from_the_reference_date() -> None:
    assert found("The following day, they left.") == [
        ("The following day", "2017-03-04", "day", "reference")
    ]


def test_a_day_counted_and_written_is_one_date_and_the_written_day_wins() -> None:
    agreeing = find_dates("They met on Feb. 28. On the following day, March 1, they left.", FRIDAY)
    assert (agreeing[-1].text, agreeing[-1].value, agreeing[-1].anchor) == (
        "the following day, March 1",
        "2017-03-01",
        "previous",
    )
    disagreeing = find_dates("They met on Feb. 20. The following day, March 1, they left.", FRIDAY)
    assert (disagreeing[-1].value, disagreeing[-1].rule) == (
        "2017-03-01",
        "written_date_over_anchor",
    )


def test_a_duration_before_a_date_is_an_interval_ending_at_it() -> None:
    text = "The council resumed only last year after a two-year hiatus."
    assert found(text) == [
        ("last year", "2016", "year", "reference"),
        ("a two-year hiatus", "2014/2016", "interval", "previous"),
    ]
    hiatus = find_dates(text, FRIDAY)[1]
    assert (hiatus.first_day, hiatus.last_day, hiatus.rule) == (
        D(2014, 1, 1),
        D(2016, 12, 31),
        "duration_before_anchor",
    )


# --- Not dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials may march on the capital.",
        "Protesters march through the square and may stay.",
        "Some 4,000 troops took part in the drills.",
        "Turkey bought the S-400 system.",
        "The 2+2 talks were held in the capital.",
        "The centre works 24/7.",
        "A 45-year-old officer, aged 45, led 120 soldiers.",
        "He has served for 30 years and commands 2000 troops.",
        "The event drew 2017 visitors to Article 5 talks.",
        "A force of 2000 soldiers and 1,500 tanks.",
        "Theresa May spoke to the Sunday Times.",
        "Mayday calls and marching bands.",
        "The talks lasted 3 hours, until 10:30.",
        "Over the next three years, NATO will expand.",
        "The deal was signed on Feb. 30.",
    ],
)
def test_verbs_numbers_ages_and_counts_are_no_dates(sentence: str) -> None:
    assert found(sentence) == []


# --- The seed article -----------------------------------------------------------------------

SEED_DATES = [
    ("in three years", "2014", "year", "reference"),
    ("in the three years since", "2014", "year", "reference"),
    ("three years ago", "2014", "year", "reference"),
    ("2014", "2014", "year", "absolute"),
    ("last year", "2016", "year", "reference"),
    ("a two-year hiatus", "2014/2016", "interval", "previous"),
    ("Feb. 28", "2017-02-28", "day", "reference"),
    ("the following day, March 1", "2017-03-01", "day", "previous"),
    ("today", "2017-03-03", "day", "reference"),
]


def test_the_seed_article_gives_its_dates_and_nothing_else() -> None:
    assert found(seed_text()) == SEED_DATES


def test_every_seed_event_expression_is_found_with_the_reports_date() -> None:
    text = seed_text()
    dates = find_dates(text, FRIDAY)
    events = yaml.safe_load((paths.DATA_DIR / "annotations" / SEED_ID / "events.yaml").read_text())
    resolved = {}
    for event in events["events"]:
        expression = event["expression"]
        anchor = resolved.get(event.get("anchor_event_id"))
        expected = resolve_date_expression(expression, FRIDAY, anchor)
        resolved[event["event_id"]] = expected
        start = text.index(expression)
        covering = [d for d in dates if d.start < start + len(expression) and start < d.end]
        assert len(covering) == 1, expression
        assert covering[0].first_day == expected.start, expression
        if covering[0].precision != "interval":  # the hiatus: an interval from its start year
            assert covering[0].precision == expected.precision, expression


def test_the_seed_dates_move_with_the_reference_date() -> None:
    dates = {d[0]: d[1] for d in found(seed_text(), D(2017, 3, 6))}
    assert dates["today"] == "2017-03-06"
    assert dates["Feb. 28"] == "2017-02-28"


def test_every_span_is_the_text_at_its_offsets_in_text_order() -> None:
    text = seed_text()
    dates = find_dates(text, FRIDAY)
    assert all(text[d.start : d.end] == d.text for d in dates)
    assert [d.start for d in dates] == sorted(d.start for d in dates)


def test_a_found_date_gives_the_json_contract() -> None:
    date = only("On Feb. 28, the generals met.")
    assert date.to_json() == {
        "text": "Feb. 28",
        "start": 3,
        "end": 10,
        "value": "2017-02-28",
        "precision": "day",
        "anchor": "reference",
    }


def test_a_five_thousand_word_article_takes_well_under_a_second() -> None:
    text = seed_text()
    article = "\n".join([text] * (5000 // len(text.split()) + 1))
    started = time.perf_counter()
    dates = find_dates(article, FRIDAY)
    assert time.perf_counter() - started < 0.5
    assert len(dates) >= 9 * 7


@settings(max_examples=200, deadline=1000)
@given(
    st.lists(
        st.sampled_from(
            [
                *"0123456789 ,.-/;\n",
                *("May ", "March ", "in ", "the ", "following ", "day ", "Feb. ", "last "),
                *("year ", "ago ", "two ", "Tuesday ", "spring ", "between ", "and ", "hiatus "),
            ]
        ),
        max_size=30,
    ).map("".join),
    st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
)
def test_any_text_gives_ordered_resolved_spans(text: str, reference: dt.date) -> None:
    dates = find_dates(text, reference)
    ends = [0] + [d.end for d in dates]
    for date, previous_end in zip(dates, ends, strict=False):
        assert text[date.start : date.end] == date.text
        assert date.start >= previous_end  # in order, never overlapping
        assert date.first_day <= date.last_day
        assert date.precision in PRECISIONS
        assert date.anchor in ANCHORS
