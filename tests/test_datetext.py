"""Dates at their precision (analysis/datetext.py), against values worked out from a calendar."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.datetext import (
    as_date,
    date_parts,
    interval_label,
    iso_at_precision,
    label_at_precision,
    last_day,
    period_end,
)


@pytest.mark.parametrize(
    ("value", "precision", "iso", "label"),
    [
        (dt.date(2017, 3, 3), "day", "2017-03-03", "3 Mar 2017"),
        (pd.Timestamp("2017-03-03 14:00"), "month", "2017-03", "Mar 2017"),
        ("2014-12-31", "year", "2014", "2014"),
        ("0999-01-05", "year", "0999", "999"),
    ],
)
def test_a_date_is_written_at_its_precision(
    value: object, precision: str, iso: str, label: str
) -> None:
    assert iso_at_precision(value, precision) == iso
    assert label_at_precision(value, precision) == label


def test_no_precision_means_the_day() -> None:
    assert iso_at_precision("2017-03-03", None) == "2017-03-03"


@pytest.mark.parametrize("precision", ["week", "Day", ""])
def test_an_unknown_precision_is_refused(precision: str) -> None:
    with pytest.raises(ValueError, match="precision"):
        label_at_precision("2017-03-03", precision)


def test_what_is_not_a_date_is_refused() -> None:
    with pytest.raises(TypeError):
        as_date(20170303)


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2016-02-10", "month", dt.date(2016, 2, 29)),  # a leap year
        ("2017-02-10", "month", dt.date(2017, 2, 28)),
        ("2017-12-05", "month", dt.date(2017, 12, 31)),
        ("2014-03-03", "year", dt.date(2014, 12, 31)),
        ("2014-03-03", "day", dt.date(2014, 3, 3)),
    ],
)
def test_the_last_day_a_date_covers(value: str, precision: str, expected: dt.date) -> None:
    assert last_day(value, precision) == expected


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2017-01-15", None, "month", "2017-01-31"),
        ("2017-01-15", pd.NaT, "year", "2017-12-31"),
        ("2017-01-01", "2017-06-30", "month", "2017-06-30"),  # the end date, later
        ("2017-01-15", "2017-01-20", "month", "2017-01-31"),  # the month, later
        ("2014-06-02", "2016-04-20", "day", "2016-04-20"),
    ],
)
def test_the_period_an_item_covers(start: str, end: object, precision: str, expected: str) -> None:
    assert period_end(start, end, precision) == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2017-03-03", "2017-03-03", "day", "3 Mar 2017"),
        ("2017-03-01", "2017-03-03", "day", "1–3 Mar 2017"),
        ("2016-12-19", "2017-03-30", "day", "19 Dec 2016 – 30 Mar 2017"),
        ("2017-01-01", "2017-06-30", "month", "Jan 2017 – Jun 2017"),
        ("2017-03-01", "2017-03-31", "month", "Mar 2017"),
        ("2014-01-01", "2016-12-31", "year", "2014–2016"),
    ],
)
def test_an_interval_is_labelled_at_its_precision(
    start: str, end: str, precision: str, expected: str
) -> None:
    assert interval_label(start, end, precision) == expected


def test_timelinejs_gets_only_the_known_parts() -> None:
    assert date_parts("2017-03-03", "day") == {"year": "2017", "month": "3", "day": "3"}
    assert date_parts("2017-03-03", "month") == {"year": "2017", "month": "3"}
    assert date_parts("2017-03-03", "year") == {"year": "2017"}
