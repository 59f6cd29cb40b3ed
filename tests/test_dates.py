"""The date resolver, on every date expression of the article, under both reference dates."""

from __future__ import annotations

import datetime as dt
import doctest

import pandas as pd
import pytest

import analysis.dates
import analysis.load
import analysis.schema
from analysis.compute import compare_reference_dates, resolve_events
from analysis.dates import DateResolutionError, ResolvedDate, resolve_date_expression

D = dt.date
REPORTED_ON = D(2017, 3, 3)  # the day of the call: the article's "today"
PUBLISHED = D(2017, 3, 6)  # the English edition
REFERENCE_DATES = [REPORTED_ON, PUBLISHED]
YEAR_2014 = (D(2014, 1, 1), D(2014, 12, 31), "year")

# (expression, anchor expression or None, expected start, end, precision, rule);
# "today" depends on the reference date and is tested on its own.
CASES = [
    ("three years ago", None, *YEAR_2014, "years_before_reference"),
    ("in three years", None, *YEAR_2014, "years_before_reference"),
    ("in the three years since", None, *YEAR_2014, "years_before_reference"),
    ("in 2014", None, *YEAR_2014, "explicit_year"),
    ("last year", None, D(2016, 1, 1), D(2016, 12, 31), "year", "deictic_last_year"),
    ("a two-year hiatus", "last year", *YEAR_2014, "duration_before_anchor"),
    ("On Feb. 28", None, D(2017, 2, 28), D(2017, 2, 28), "day", "month_day_before_reference"),
    (
        "On the following day, March 1",
        "On Feb. 28",
        D(2017, 3, 1),
        D(2017, 3, 1),
        "day",
        "month_day_before_reference",
    ),
]


@pytest.mark.parametrize("reference_date", REFERENCE_DATES, ids=str)
@pytest.mark.parametrize(
    ("expression", "anchor_expression", "start", "end", "precision", "rule"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_article_expression(
    expression: str,
    anchor_expression: str | None,
    reference_date: dt.date,
    start: dt.date,
    end: dt.date,
    precision: str,
    rule: str,
) -> None:
    anchor = None
    if anchor_expression is not None:
        anchor = resolve_date_expression(anchor_expression, reference_date)
    resolved = resolve_date_expression(expression, reference_date, anchor)
    assert (resolved.start, resolved.end, resolved.precision, resolved.rule) == (
        start,
        end,
        precision,
        rule,
    )
    assert resolved.expression == expression
    assert resolved.reference_date == reference_date
    assert resolved.explanation.strip()


@pytest.mark.parametrize("reference_date", REFERENCE_DATES, ids=str)
@pytest.mark.parametrize(
    "expression", ["three years ago", "in three years", "in the three years since"]
)
def test_years_ago_is_a_year_not_a_day(expression: str, reference_date: dt.date) -> None:
    resolved = resolve_date_expression(expression, reference_date)
    assert resolved.start != D(2014, reference_date.month, reference_date.day)
    assert resolved.precision == "year"
    assert resolved.label == "2014"


@pytest.mark.parametrize("reference_date", REFERENCE_DATES, ids=str)
def test_today_is_the_reference_date(reference_date: dt.date) -> None:
    resolved = resolve_date_expression("today", reference_date)
    assert (resolved.start, resolved.end) == (reference_date, reference_date)
    assert (resolved.precision, resolved.rule) == ("day", "deictic_today")
    assert resolved.reference_date == reference_date
    assert reference_date.isoformat() in resolved.explanation


def test_duration_without_anchor_is_refused() -> None:
    with pytest.raises(DateResolutionError, match="anchor"):
        resolve_date_expression("a two-year hiatus", REPORTED_ON)


def test_following_day_contradicting_its_anchor_is_refused() -> None:
    anchor = resolve_date_expression("On Feb. 26", REPORTED_ON)
    assert anchor.start == D(2017, 2, 26)
    with pytest.raises(DateResolutionError, match="2017-02-27") as caught:
        resolve_date_expression("On the following day, March 1", REPORTED_ON, anchor)
    assert "2017-03-01" in str(caught.value)


def test_month_day_after_reference_goes_to_previous_year() -> None:
    resolved = resolve_date_expression("On Dec. 30", REPORTED_ON)
    assert resolved.start == resolved.end == D(2016, 12, 30)
    assert resolved.rule == "month_day_before_reference"


def test_month_day_on_reference_date_keeps_its_year() -> None:
    assert resolve_date_expression("On March 3", REPORTED_ON).start == D(2017, 3, 3)
    assert resolve_date_expression("On March 4", REPORTED_ON).start == D(2016, 3, 4)


def test_impossible_month_day_is_refused() -> None:
    with pytest.raises(DateResolutionError, match="impossible"):
        resolve_date_expression("Feb. 30", REPORTED_ON)


def test_unknown_expression_is_refused() -> None:
    with pytest.raises(DateResolutionError, match="sometime soon"):
        resolve_date_expression("sometime soon", REPORTED_ON)


def test_resolved_date_label_follows_precision() -> None:
    day = ResolvedDate("x", D(2017, 3, 3), D(2017, 3, 3), "day", "r", REPORTED_ON, "why")
    month = ResolvedDate("x", D(2017, 2, 1), D(2017, 2, 28), "month", "r", REPORTED_ON, "why")
    year = ResolvedDate("x", D(2014, 1, 1), D(2014, 12, 31), "year", "r", REPORTED_ON, "why")
    assert (day.label, month.label, year.label) == ("2017-03-03", "2017-02", "2014")


@pytest.mark.parametrize("reference_date", REFERENCE_DATES, ids=str)
def test_resolve_events_records_reference_date(annotation, reference_date: dt.date) -> None:
    events = resolve_events(annotation, reference_date)
    assert list(events["event_id"]) == list(annotation.events["event_id"])
    assert (events["reference_date"] == pd.Timestamp(reference_date)).all()
    assert (events["event_start"] <= events["event_end"]).all()
    assert events["date_explanation"].str.strip().str.len().gt(0).all()
    today = events[events["expression"].str.lower() == "today"]
    assert len(today) >= 1
    assert (today["event_start"] == pd.Timestamp(reference_date)).all()


def test_only_today_changes_between_reference_dates(annotation) -> None:
    comparison = compare_reference_dates(annotation, REPORTED_ON, PUBLISHED)
    changed = set(comparison.loc[comparison["is_changed"], "event_id"])
    events = annotation.events
    today_ids = set(events.loc[events["expression"].str.lower() == "today", "event_id"])
    assert today_ids
    assert changed == today_ids


def test_reference_date_decides_agreement_with_record(annotation) -> None:
    with_record = compare_reference_dates(annotation, REPORTED_ON, PUBLISHED)
    matched = with_record[with_record["record_event_id"].notna()]
    assert len(matched) > 0
    assert matched["agrees_with_record"].eq(True).all()

    published = compare_reference_dates(annotation, PUBLISHED, REPORTED_ON)
    call = published[published["expression"].str.lower() == "today"]
    assert len(call) == 1
    assert call["record_date"].iloc[0] == "2017-03-03"
    assert call["agrees_with_record"].tolist() == [False]
    disagreeing = set(published.loc[published["agrees_with_record"].eq(False), "event_id"])
    assert disagreeing == set(call["event_id"])


@pytest.mark.parametrize("module", [analysis.dates, analysis.schema, analysis.load])
def test_doctests(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision", "rule"),
    [
        ("two days ago", "2017-03-01", "2017-03-01", "day", "days_before_reference"),
        ("three weeks ago", "2017-02-10", "2017-02-10", "day", "days_before_reference"),
        ("two months ago", "2017-01-01", "2017-01-31", "month", "months_before_reference"),
        ("four months ago", "2016-11-01", "2016-11-30", "month", "months_before_reference"),
        ("on Tuesday", "2017-02-28", "2017-02-28", "day", "weekday_before_reference"),
        # The reference date is a Friday: "last Friday" is the week before, never today.
        ("last Friday", "2017-02-24", "2017-02-24", "day", "weekday_before_reference"),
    ],
)
def test_rules_for_the_next_articles(
    expression: str, start: str, end: str, precision: str, rule: str
) -> None:
    resolved = resolve_date_expression(expression, dt.date(2017, 3, 3))
    assert (resolved.start.isoformat(), resolved.end.isoformat()) == (start, end)
    assert (resolved.precision, resolved.rule) == (precision, rule)
