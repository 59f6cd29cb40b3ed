"""The date resolver's rules at their edges, against dates worked out by hand from a calendar.

2017-03-03 is a Friday; 2016 is a leap year, 2017 is not.
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import (
    DateResolutionError,
    ResolvedDate,
    month_interval,
    resolve_date_expression,
    year_interval,
)

D = dt.date
FRIDAY = D(2017, 3, 3)  # the seed article's reference date


def resolved(expression: str, reference: dt.date, anchor: ResolvedDate | None = None) -> tuple:
    """(start, end, precision, rule) as ISO strings and names, for compact comparisons."""
    r = resolve_date_expression(expression, reference, anchor)
    return (r.start.isoformat(), r.end.isoformat(), r.precision, r.rule)


def day(iso: str, precision: str = "day") -> ResolvedDate:
    """An anchor event dated to ``iso`` with the given precision, built by hand."""
    date = D.fromisoformat(iso)
    return ResolvedDate("anchor", date, date, precision, "explicit_date", date, "anchor")  # type: ignore[arg-type]


def refused(expression: str, reference: dt.date, anchor: ResolvedDate | None = None) -> str:
    with pytest.raises(DateResolutionError) as caught:
        resolve_date_expression(expression, reference, anchor)
    return str(caught.value)


# --- intervals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2016, 2, "2016-02-01", "2016-02-29"),
        (2017, 2, "2017-02-01", "2017-02-28"),
        (2016, 12, "2016-12-01", "2016-12-31"),
        (2017, 4, "2017-04-01", "2017-04-30"),
    ],
)
def test_month_interval_ends_on_the_months_last_day(
    year: int, month: int, first: str, last: str
) -> None:
    """A month's interval runs from its 1st to its last day, 29 February in a leap year."""
    start, end = month_interval(year, month)
    assert (start.isoformat(), end.isoformat()) == (first, last)


def test_year_interval() -> None:
    """A year's interval is 1 January to 31 December."""
    assert year_interval(2016) == (D(2016, 1, 1), D(2016, 12, 31))


# --- what every resolution records ----------------------------------------------------------------


def test_result_keeps_the_expression_as_written_and_the_reference_date() -> None:
    """The expression is kept verbatim (not normalised) and the reference date is recorded."""
    r = resolve_date_expression("  On   FEB.  28 ", FRIDAY)
    assert r.expression == "  On   FEB.  28 "
    assert r.reference_date == FRIDAY
    assert (r.start, r.end) == (D(2017, 2, 28), D(2017, 2, 28))


@pytest.mark.parametrize(
    "expression", ["Three  Years   Ago", "three\tyears ago", " THREE YEARS AGO "]
)
def test_case_and_spacing_do_not_matter(expression: str) -> None:
    """Upper case, tabs and runs of spaces are read like single spaces in lower case."""
    assert resolved(expression, FRIDAY) == (
        "2014-01-01",
        "2014-12-31",
        "year",
        "years_before_reference",
    )


# --- explicit dates and years ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "iso", "explanation"),
    [
        ("2014-04-01", "2014-04-01", "date written in full"),
        ("on 2016-02-29", "2016-02-29", "date written in full"),
        ("March 1, 2017", "2017-03-01", "month, day and year written"),
        ("Feb. 29, 2016", "2016-02-29", "month, day and year written"),
        ("on Sept. 5 2018", "2018-09-05", "month, day and year written"),
        ("December 31, 2016", "2016-12-31", "month, day and year written"),
    ],
)
def test_explicit_dates_need_no_reference(expression: str, iso: str, explanation: str) -> None:
    """A date written with its year resolves to that day whatever the reference (even later)."""
    r = resolve_date_expression(expression, FRIDAY)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (iso, iso, "day")
    assert (r.rule, r.explanation) == ("explicit_date", explanation)


def test_impossible_explicit_date_is_refused() -> None:
    """29 February of a common year is refused with the expression and the reason."""
    message = refused("Feb. 29, 2017", FRIDAY)
    assert message == "'Feb. 29, 2017': impossible date (day is out of range for month)"


@pytest.mark.parametrize(
    "expression", ["2014", "in 2014", "since 2014", "during 2014", "the year 2014", "IN  2014"]
)
def test_explicit_year(expression: str) -> None:
    """A year written out is that whole year, at year precision."""
    r = resolve_date_expression(expression, FRIDAY)
    assert (r.start, r.end, r.precision) == (D(2014, 1, 1), D(2014, 12, 31), "year")
    assert (r.rule, r.explanation) == ("explicit_year", "year written")


# --- month and day without a year -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "reference", "iso", "year_note"),
    [
        # on or before the reference: the reference's own year
        ("On Feb. 28", FRIDAY, "2017-02-28", "year of the reference date 2017-03-03"),
        ("March 3", FRIDAY, "2017-03-03", "year of the reference date 2017-03-03"),
        ("Jan 1", D(2017, 1, 1), "2017-01-01", "year of the reference date 2017-01-01"),
        ("Feb. 29", D(2016, 3, 1), "2016-02-29", "year of the reference date 2016-03-01"),
        ("on December 31", D(2016, 12, 31), "2016-12-31", "year of the reference date 2016-12-31"),
        # after the reference: the year before
        (
            "March 4",
            FRIDAY,
            "2016-03-04",
            "the year before the reference date 2017-03-03, which it follows",
        ),
        (
            "Dec. 31",
            D(2017, 1, 1),
            "2016-12-31",
            "the year before the reference date 2017-01-01, which it follows",
        ),
        (
            "Jan. 2",
            D(2017, 1, 1),
            "2016-01-02",
            "the year before the reference date 2017-01-01, which it follows",
        ),
    ],
)
def test_month_and_day_take_the_latest_year_not_after_the_reference(
    expression: str, reference: dt.date, iso: str, year_note: str
) -> None:
    """A month and day is the latest such day on or before the reference date."""
    r = resolve_date_expression(expression, reference)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (iso, iso, "day")
    assert r.rule == "month_day_before_reference"
    assert r.explanation == f"month and day written; year taken as the {year_note}"


@pytest.mark.parametrize(
    ("expression", "month"),
    [
        ("jan 5", 1),
        ("January 5", 1),
        ("feb. 5", 2),
        ("February 5", 2),
        ("mar 5", 3),
        ("apr. 5", 4),
        ("April 5", 4),
        ("may 5", 5),
        ("jun 5", 6),
        ("June 5", 6),
        ("jul. 5", 7),
        ("July 5", 7),
        ("aug 5", 8),
        ("August 5", 8),
        ("sep 5", 9),
        ("sept. 5", 9),
        ("September 5", 9),
        ("oct 5", 10),
        ("October 5", 10),
        ("nov. 5", 11),
        ("November 5", 11),
        ("dec 5", 12),
        ("December 5", 12),
    ],
)
def test_month_names_and_abbreviations(expression: str, month: int) -> None:
    """Every month's name and usual abbreviations; the 5th of it, before 2017-12-31."""
    r = resolve_date_expression(expression, D(2017, 12, 31))
    assert r.start == D(2017, month, 5)


def test_two_digit_day_is_read_whole() -> None:
    """'March 10' is the 10th, not the 1st followed by a stray digit."""
    assert resolve_date_expression("March 10", D(2017, 3, 31)).start == D(2017, 3, 10)


def test_feb_29_without_year_in_a_common_year_is_refused() -> None:
    """Feb. 29 with a 2017 reference has no such day in 2017."""
    message = refused("Feb. 29", FRIDAY)
    assert message == "'Feb. 29': impossible date (day is out of range for month)"


def test_feb_29_after_a_leap_reference_goes_to_a_common_year_and_is_refused() -> None:
    """Feb. 29 after a 2016-02-28 reference would be 2015-02-29, which does not exist."""
    message = refused("Feb. 29", D(2016, 2, 28))
    assert message == "'Feb. 29': impossible date (day is out of range for month)"


# --- "the following day" --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "expression", "reference", "iso"),
    [
        ("2017-02-28", "On the following day, March 1", FRIDAY, "2017-03-01"),
        ("2017-02-28", "the next day, March 1", FRIDAY, "2017-03-01"),
        ("2016-02-28", "the following day, Feb. 29", D(2016, 3, 5), "2016-02-29"),
        ("2016-12-31", "on the following day, Jan. 1", D(2017, 1, 5), "2017-01-01"),
    ],
)
def test_following_day_with_a_date_agrees_with_its_anchor(
    anchor: str, expression: str, reference: dt.date, iso: str
) -> None:
    """A written date after 'the following day' must be the day after its anchor, and says so."""
    r = resolve_date_expression(expression, reference, day(anchor))
    assert (r.start.isoformat(), r.end.isoformat(), r.rule) == (
        iso,
        iso,
        "month_day_before_reference",
    )
    assert r.explanation.endswith(f"; agrees with the day after the anchor ({anchor})")
    assert r.explanation.startswith("month and day written; year taken as the year of ")


@pytest.mark.parametrize(
    ("anchor", "expression", "expected", "written"),
    [
        ("2017-02-28", "On the following day, March 2", "2017-03-01", "2017-03-02"),
        ("2017-02-28", "the next day, Feb. 28", "2017-03-01", "2017-02-28"),
        ("2016-02-28", "the following day, March 1", "2016-02-29", "2017-03-01"),
    ],
)
def test_following_day_contradicting_its_anchor_is_refused(
    anchor: str, expression: str, expected: str, written: str
) -> None:
    """The written date and the day after the anchor must be the same day (leap years too)."""
    message = refused(expression, FRIDAY, day(anchor))
    assert message == (
        f"'{expression}': the day after its anchor is {expected}, "
        f"but the written date gives {written}"
    )


def test_following_day_with_a_date_is_not_checked_against_a_coarse_anchor() -> None:
    """An anchor known only to the month cannot confirm or refute the written day."""
    r = resolve_date_expression("the following day, March 2", FRIDAY, day("2017-02-01", "month"))
    assert r.start == D(2017, 3, 2)
    assert "anchor" not in r.explanation


def test_month_and_day_without_following_day_ignore_the_anchor() -> None:
    """Only 'following day' or 'next day' ties a written date to its anchor."""
    r = resolve_date_expression("On March 2", FRIDAY, day("2017-02-20"))
    assert r.start == D(2017, 3, 2)
    assert r.explanation == (
        "month and day written; year taken as the year of the reference date 2017-03-03"
    )


@pytest.mark.parametrize(
    ("expression", "anchor", "iso"),
    [
        ("the following day", "2017-02-28", "2017-03-01"),
        ("On the following day", "2016-02-28", "2016-02-29"),
        ("the next day", "2016-12-31", "2017-01-01"),
        ("The  Next Day", "2017-03-02", "2017-03-03"),
    ],
)
def test_following_day_is_the_exact_day_after_the_anchor(
    expression: str, anchor: str, iso: str
) -> None:
    """'The following day' is its anchor plus one day, across month and year ends."""
    r = resolve_date_expression(expression, FRIDAY, day(anchor))
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (iso, iso, "day")
    assert (r.rule, r.explanation) == ("day_after_anchor", f"the day after {anchor}")


@pytest.mark.parametrize("anchor", [None, day("2017-02-01", "month"), day("2016-01-01", "year")])
def test_following_day_needs_an_anchor_dated_to_the_day(anchor: ResolvedDate | None) -> None:
    """Without an anchor, or with one known only to the month or year, it is refused."""
    message = refused("the following day", FRIDAY, anchor)
    assert message == "'the following day': needs an anchor event dated to the day"


# --- deictic words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "reference", "expected", "explanation"),
    [
        (
            "today",
            FRIDAY,
            ("2017-03-03", "2017-03-03", "day", "deictic_today"),
            "the reference date 2017-03-03",
        ),
        (
            "this day",
            D(2016, 2, 29),
            ("2016-02-29", "2016-02-29", "day", "deictic_today"),
            "the reference date 2016-02-29",
        ),
        (
            "yesterday",
            D(2017, 3, 1),
            ("2017-02-28", "2017-02-28", "day", "deictic_yesterday"),
            "the day before the reference date",
        ),
        (
            "yesterday",
            D(2016, 3, 1),
            ("2016-02-29", "2016-02-29", "day", "deictic_yesterday"),
            "the day before the reference date",
        ),
        (
            "Yesterday",
            D(2017, 1, 1),
            ("2016-12-31", "2016-12-31", "day", "deictic_yesterday"),
            "the day before the reference date",
        ),
        (
            "this year",
            FRIDAY,
            ("2017-01-01", "2017-12-31", "year", "deictic_this_year"),
            "the reference year 2017",
        ),
        (
            "in this year",
            D(2016, 12, 31),
            ("2016-01-01", "2016-12-31", "year", "deictic_this_year"),
            "the reference year 2016",
        ),
        (
            "last year",
            D(2017, 1, 1),
            ("2016-01-01", "2016-12-31", "year", "deictic_last_year"),
            "the year before the reference year 2017",
        ),
        (
            "only last year",
            FRIDAY,
            ("2016-01-01", "2016-12-31", "year", "deictic_last_year"),
            "the year before the reference year 2017",
        ),
        (
            "in the last year",
            D(2015, 6, 1),
            ("2014-01-01", "2014-12-31", "year", "deictic_last_year"),
            "the year before the reference year 2015",
        ),
        (
            "last month",
            FRIDAY,
            ("2017-02-01", "2017-02-28", "month", "deictic_last_month"),
            "the month before the reference",
        ),
        (
            "last month",
            D(2017, 1, 15),
            ("2016-12-01", "2016-12-31", "month", "deictic_last_month"),
            "the month before the reference",
        ),
        (
            "last month",
            D(2016, 3, 31),
            ("2016-02-01", "2016-02-29", "month", "deictic_last_month"),
            "the month before the reference",
        ),
        (
            "last month",
            D(2017, 3, 1),
            ("2017-02-01", "2017-02-28", "month", "deictic_last_month"),
            "the month before the reference",
        ),
    ],
)
def test_deictic_words(
    expression: str, reference: dt.date, expected: tuple, explanation: str
) -> None:
    """'today', 'yesterday', 'this year', 'last year', 'last month' count from the reference."""
    assert resolved(expression, reference) == expected
    assert resolve_date_expression(expression, reference).explanation == explanation


# --- N years ago, durations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "reference", "year", "explanation"),
    [
        ("three years ago", FRIDAY, 2014, "reference year 2017 minus 3; only the year is known"),
        ("in three years", D(2017, 1, 1), 2014, "reference year 2017 minus 3"),
        ("in the three years since", D(2017, 12, 31), 2014, "reference year 2017 minus 3"),
        ("for the last two years", FRIDAY, 2015, "reference year 2017 minus 2"),
        ("the past 10 years", FRIDAY, 2007, "reference year 2017 minus 10"),
        ("a year ago", FRIDAY, 2016, "reference year 2017 minus 1"),
        ("an year before", FRIDAY, 2016, "reference year 2017 minus 1"),
        ("one year since", FRIDAY, 2016, "reference year 2017 minus 1"),
        ("twelve years ago", FRIDAY, 2005, "reference year 2017 minus 12"),
        ("eleven years ago", FRIDAY, 2006, "reference year 2017 minus 11"),
        ("four years ago", FRIDAY, 2013, "reference year 2017 minus 4"),
        ("five years ago", FRIDAY, 2012, "reference year 2017 minus 5"),
        ("six years ago", FRIDAY, 2011, "reference year 2017 minus 6"),
        ("seven years ago", FRIDAY, 2010, "reference year 2017 minus 7"),
        ("eight years ago", FRIDAY, 2009, "reference year 2017 minus 8"),
        ("nine years ago", FRIDAY, 2008, "reference year 2017 minus 9"),
        ("ten years ago", FRIDAY, 2007, "reference year 2017 minus 10"),
    ],
)
def test_years_before_the_reference_are_whole_years(
    expression: str, reference: dt.date, year: int, explanation: str
) -> None:
    """'N years ago' is the whole calendar year N before the reference year, never a day."""
    r = resolve_date_expression(expression, reference)
    assert (r.start, r.end, r.precision) == (D(year, 1, 1), D(year, 12, 31), "year")
    assert r.rule == "years_before_reference"
    assert r.explanation.startswith(explanation)
    assert r.explanation.endswith("; only the year is known")


@pytest.mark.parametrize(
    ("expression", "anchor", "year", "explanation"),
    [
        ("a two-year hiatus", day("2016-04-20"), 2014, "anchor year 2016 minus 2"),
        ("after a two-year hiatus", day("2016-01-01", "year"), 2014, "anchor year 2016 minus 2"),
        ("a 3-year break", day("2017-01-10"), 2014, "anchor year 2017 minus 3"),
        ("an one year pause", day("2017-12-31"), 2016, "anchor year 2017 minus 1"),
        ("a two-year-long gap", day("2015-02-01", "month"), 2013, "anchor year 2015 minus 2"),
    ],
)
def test_duration_counts_back_from_its_anchor_not_the_reference(
    expression: str, anchor: ResolvedDate, year: int, explanation: str
) -> None:
    """'A two-year hiatus' ends at its anchor: the anchor's year minus the duration."""
    r = resolve_date_expression(expression, D(2020, 6, 1), anchor)
    assert (r.start, r.end, r.precision) == (D(year, 1, 1), D(year, 12, 31), "year")
    assert r.rule == "duration_before_anchor"
    assert r.explanation == f"{explanation}; only the year is known"


def test_duration_without_anchor_is_refused_with_the_reason() -> None:
    """A duration alone has nothing to count back from."""
    message = refused("a two-year hiatus", FRIDAY)
    assert message == "'a two-year hiatus': a duration needs an anchor event to count back from"


# --- N days, weeks or months ago ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "reference", "iso", "days"),
    [
        ("two days ago", D(2017, 3, 1), "2017-02-27", 2),
        ("1 day ago", D(2016, 3, 1), "2016-02-29", 1),
        ("three days ago", D(2017, 1, 2), "2016-12-30", 3),
        ("a week ago", FRIDAY, "2017-02-24", 7),
        ("two weeks ago", D(2017, 1, 5), "2016-12-22", 14),
        ("one week ago", D(2016, 3, 7), "2016-02-29", 7),
    ],
)
def test_days_and_weeks_ago_count_back_to_the_day(
    expression: str, reference: dt.date, iso: str, days: int
) -> None:
    """'N days/weeks ago' is the day that many days (7 per week) before the reference."""
    r = resolve_date_expression(expression, reference)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (iso, iso, "day")
    assert r.rule == "days_before_reference"
    assert r.explanation == f"{days} days before {reference.isoformat()}"


@pytest.mark.parametrize(
    ("expression", "reference", "first", "last", "n"),
    [
        ("two months ago", FRIDAY, "2017-01-01", "2017-01-31", 2),
        ("three months ago", FRIDAY, "2016-12-01", "2016-12-31", 3),
        ("one month ago", D(2017, 1, 31), "2016-12-01", "2016-12-31", 1),
        ("a month ago", D(2016, 3, 31), "2016-02-01", "2016-02-29", 1),
        ("eleven months ago", D(2017, 12, 15), "2017-01-01", "2017-01-31", 11),
        ("twelve months ago", FRIDAY, "2016-03-01", "2016-03-31", 12),
        ("1 month ago", D(2017, 12, 15), "2017-11-01", "2017-11-30", 1),
    ],
)
def test_months_ago_is_a_calendar_month(
    expression: str, reference: dt.date, first: str, last: str, n: int
) -> None:
    """'N months ago' is the whole calendar month N before the reference month."""
    r = resolve_date_expression(expression, reference)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (first, last, "month")
    assert r.rule == "months_before_reference"
    assert r.explanation == f"{n} months before {reference.isoformat()}"
    assert r.label == first[:7]


# --- weekday names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "reference", "iso"),
    [
        ("Thursday", FRIDAY, "2017-03-02"),
        ("on Tuesday", FRIDAY, "2017-02-28"),
        ("this past Monday", FRIDAY, "2017-02-27"),
        ("last Sunday", FRIDAY, "2017-02-26"),
        ("Saturday", FRIDAY, "2017-02-25"),
        ("on Wednesday", FRIDAY, "2017-03-01"),
        # the reference's own weekday: a week before, never the reference itself
        ("on Friday", FRIDAY, "2017-02-24"),
        ("Monday", D(2017, 3, 6), "2017-02-27"),
        # across a year end: 2017-01-02 is a Monday
        ("on Friday", D(2017, 1, 2), "2016-12-30"),
        ("last Sunday", D(2017, 1, 2), "2017-01-01"),
    ],
)
def test_weekday_is_the_latest_such_day_before_the_reference(
    expression: str, reference: dt.date, iso: str
) -> None:
    """A weekday name is the latest such day strictly before the reference date."""
    r = resolve_date_expression(expression, reference)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision) == (iso, iso, "day")
    assert r.rule == "weekday_before_reference"
    weekday = expression.split()[-1].title()
    assert r.explanation == f"the {weekday} before {reference.isoformat()}"


# --- months named, and units next to the reference date or to an anchor -------------------------

OCT_12 = D(2017, 10, 12)  # a Thursday
NEW_YEARS_EVE = D(2017, 12, 31)
WEDNESDAY = D(2016, 4, 20)


@pytest.mark.parametrize(
    ("expression", "reference", "expected"),
    [
        # A month and year as written, whatever the reference.
        ("March 2014", OCT_12, ("2014-03-01", "2014-03-31", "month", "explicit_month")),
        ("in March of 2014", OCT_12, ("2014-03-01", "2014-03-31", "month", "explicit_month")),
        ("Feb. 2016", OCT_12, ("2016-02-01", "2016-02-29", "month", "explicit_month")),
        # A month alone: the latest not after the reference month (the reference month itself
        # included), since news reports on the past.
        ("May", OCT_12, ("2017-05-01", "2017-05-31", "month", "month_before_reference")),
        ("in October", OCT_12, ("2017-10-01", "2017-10-31", "month", "month_before_reference")),
        ("December", OCT_12, ("2016-12-01", "2016-12-31", "month", "month_before_reference")),
        ("mid-March", OCT_12, ("2017-03-01", "2017-03-31", "month", "month_before_reference")),
        ("early November", OCT_12, ("2016-11-01", "2016-11-30", "month", "month_before_reference")),
        ("January", D(2017, 1, 1), ("2017-01-01", "2017-01-31", "month", "month_before_reference")),
        # "last" is strictly before the reference month, "next" strictly after it.
        ("last October", OCT_12, ("2016-10-01", "2016-10-31", "month", "month_last")),
        ("last June", OCT_12, ("2017-06-01", "2017-06-30", "month", "month_last")),
        ("next October", OCT_12, ("2018-10-01", "2018-10-31", "month", "month_next")),
        ("next December", OCT_12, ("2017-12-01", "2017-12-31", "month", "month_next")),
        ("this May", OCT_12, ("2017-05-01", "2017-05-31", "month", "month_this")),
        # The reference date's month, the next month and the next year.
        ("earlier this month", OCT_12, ("2017-10-01", "2017-10-31", "month", "deictic_this_month")),
        ("later this month", OCT_12, ("2017-10-01", "2017-10-31", "month", "deictic_this_month")),
        ("next month", OCT_12, ("2017-11-01", "2017-11-30", "month", "deictic_next_month")),
        (
            "next month",
            D(2017, 12, 31),
            ("2018-01-01", "2018-01-31", "month", "deictic_next_month"),
        ),
        ("next year", OCT_12, ("2018-01-01", "2018-12-31", "year", "deictic_next_year")),
    ],
)
def test_months_named_and_the_units_around_the_reference(
    expression: str, reference: dt.date, expected: tuple
) -> None:
    assert resolved(expression, reference) == expected


@pytest.mark.parametrize(
    ("expression", "reference", "expected"),
    [
        # A month alone in a sentence about the future: the first not before the reference
        # month (the reference month itself included).
        ("December", OCT_12, ("2017-12-01", "2017-12-31", "month", "month_after_reference")),
        ("in October", OCT_12, ("2017-10-01", "2017-10-31", "month", "month_after_reference")),
        ("May", OCT_12, ("2018-05-01", "2018-05-31", "month", "month_after_reference")),
        # A weekday: the first after the reference date, a week on if it is that weekday.
        ("Friday", WEDNESDAY, ("2016-04-22", "2016-04-22", "day", "weekday_after_reference")),
        ("on Thursday", OCT_12, ("2017-10-19", "2017-10-19", "day", "weekday_after_reference")),
        # What says which one it is wins over the sentence's tense.
        (
            "last Friday",
            D(2016, 4, 20),
            ("2016-04-15", "2016-04-15", "day", "weekday_before_reference"),
        ),
        ("last June", OCT_12, ("2017-06-01", "2017-06-30", "month", "month_last")),
        ("March 2014", OCT_12, ("2014-03-01", "2014-03-31", "month", "explicit_month")),
        ("three years ago", OCT_12, ("2014-01-01", "2014-12-31", "year", "years_before_reference")),
    ],
)
def test_a_sentence_about_the_future_turns_a_bare_month_or_weekday_forward(
    expression: str, reference: dt.date, expected: tuple
) -> None:
    r = resolve_date_expression(expression, reference, is_future=True)
    assert (r.start.isoformat(), r.end.isoformat(), r.precision, r.rule) == expected
    if r.rule.endswith("after_reference"):
        assert "future" in r.explanation


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        ("two days later", day("2017-10-05"), ("2017-10-07", "2017-10-07", "day")),
        ("a week later", day("2017-10-05"), ("2017-10-12", "2017-10-12", "day")),  # a day
        ("three days earlier", day("2017-03-01"), ("2017-02-26", "2017-02-26", "day")),
        ("two weeks before", day("2017-03-01"), ("2017-02-15", "2017-02-15", "day")),
        ("the previous day", day("2017-03-01"), ("2017-02-28", "2017-02-28", "day")),
        ("on the same day", day("2017-03-01"), ("2017-03-01", "2017-03-01", "day")),
        ("a month later", day("2017-01-31"), ("2017-02-01", "2017-02-28", "month")),
        ("two months earlier", day("2017-02-01", "month"), ("2016-12-01", "2016-12-31", "month")),
        ("the following month", day("2017-12-05"), ("2018-01-01", "2018-01-31", "month")),
        ("a year later", day("2016-01-01", "year"), ("2017-01-01", "2017-12-31", "year")),
        ("the next year", day("2017-03-01"), ("2018-01-01", "2018-12-31", "year")),
        ("three years after", day("2014-06-01", "month"), ("2017-01-01", "2017-12-31", "year")),
    ],
)
def test_units_counted_from_the_anchor(
    expression: str, anchor: ResolvedDate, expected: tuple
) -> None:
    """At the unit's precision: "a week later" is a day, "a month later" a whole month."""
    assert resolved(expression, OCT_12, anchor) == (*expected, "offset_from_anchor")
    # The reference date plays no part: a week apart, the same result.
    assert resolved(expression, OCT_12 + dt.timedelta(days=7), anchor)[:3] == expected


@pytest.mark.parametrize(
    ("expression", "anchor", "needed"),
    [
        ("two days later", None, "needs an anchor event dated to the day to count from"),
        ("a week later", day("2017-03-01", "month"), "dated to the day to count from"),
        ("a month later", day("2017-03-01", "year"), "dated to the day or month to count from"),
        ("a year later", None, "needs an anchor event to count from"),
        ("the previous day", day("2017-03-01", "year"), "dated to the day to count from"),
    ],
)
def test_counting_from_an_anchor_needs_one_known_precisely_enough(
    expression: str, anchor: ResolvedDate | None, needed: str
) -> None:
    message = refused(expression, OCT_12, anchor)
    assert message.startswith(f"'{expression}': ") and needed in message


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "sometime soon",
        "next Tuesday",  # a future weekday: the expression alone cannot tell which
        "2014-3-1",
        "this spring",  # seasons, weeks and ranges are not drawn by the report yet
        "last week",
        "between March and May",
        "Marchy",
        "the following week",
    ],
)
def test_unresolvable_expressions_are_refused(expression: str) -> None:
    """No rule guesses: an expression none of them matches is refused, naming it."""
    assert refused(expression, FRIDAY) == (f"'{expression}': no rule resolves this date expression")


def test_resolution_error_is_a_value_error() -> None:
    """Callers that catch ValueError also catch a refused date."""
    assert issubclass(DateResolutionError, ValueError)


@pytest.mark.parametrize(
    ("expression", "reference", "message"),
    [
        ("2017-02-30", FRIDAY, "'2017-02-30': impossible date (day is out of range for month)"),
        ("yesterday", D(1, 1, 1), "'yesterday': impossible date (date value out of range)"),
        (
            "three years ago",
            D(2, 6, 1),
            "'three years ago': impossible date (year -1 is out of range)",
        ),
        ("a week ago", D(1, 1, 3), "'a week ago': impossible date (date value out of range)"),
    ],
)
def test_dates_off_the_calendar_are_refused(
    expression: str, reference: dt.date, message: str
) -> None:
    """A day that does not exist, or one before year 1, is refused as an impossible date."""
    assert refused(expression, reference) == message


def test_labels_keep_four_digit_years() -> None:
    """Years before 1000 keep four digits in the label, as in ISO dates."""
    assert resolve_date_expression("in 0999", FRIDAY).label == "0999"
    assert resolve_date_expression("two months ago", D(999, 3, 3)).label == "0999-01"


def test_following_day_with_a_full_date_is_checked_against_its_anchor() -> None:
    """'The following day, March 1, 2017' must also be the day after its anchor."""
    message = refused("On the following day, March 1, 2017", FRIDAY, day("2017-02-26"))
    assert message == (
        "'On the following day, March 1, 2017': the day after its anchor is 2017-02-27, "
        "but the written date gives 2017-03-01"
    )
    r = resolve_date_expression("the next day, March 1, 2017", FRIDAY, day("2017-02-28"))
    assert (r.start, r.rule) == (D(2017, 3, 1), "explicit_date")
    assert r.explanation == (
        "month, day and year written; agrees with the day after the anchor (2017-02-28)"
    )
    plain = resolve_date_expression("March 1, 2017", FRIDAY, day("2017-02-26"))
    assert plain.explanation == "month, day and year written"


@pytest.mark.parametrize("expression", ["to their dismay 5 officers", "Mayday 1"])
def test_month_names_are_whole_words(expression: str) -> None:
    """'may' inside 'dismay' or 'Mayday' is no month."""
    assert refused(expression, FRIDAY).endswith("no rule resolves this date expression")
