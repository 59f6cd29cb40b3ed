"""Dates written only as precisely as they are known: one home for every way the report
writes a date at its precision (ISO text, a reader's label, an interval, TimelineJS parts) and
for the last day a date at that precision covers.

A date known to the month is the whole month, and one known to the year the whole year:
"three years ago" is 2014, never 2014-03-03.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

PRECISIONS = ("day", "month", "year")
# Written out rather than taken from strftime, whose names follow the machine's locale.
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def as_date(value: Any) -> dt.date:
    """A date from a date, a datetime or pandas Timestamp, or ISO text ('2017-03-03...')."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _checked(precision: str | None) -> str:
    precision = "day" if precision is None else precision
    if precision not in PRECISIONS:
        raise ValueError(f"unknown date precision {precision!r}; expected day, month or year")
    return precision


def iso_at_precision(value: Any, precision: str | None) -> str:
    """ISO text cut to the precision: '2017-03-03', '2017-03' or '2017' (empty: the day).

    >>> iso_at_precision(dt.date(2017, 3, 3), "month")
    '2017-03'
    >>> iso_at_precision("2014-03-03", "year")
    '2014'
    """
    day = as_date(value)
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(
        _checked(precision), day.isoformat()
    )


def label_at_precision(value: Any, precision: str) -> str:
    """A reader's label at the precision: '3 Mar 2017', 'Mar 2017' or '2014'.

    >>> label_at_precision(dt.date(2017, 3, 3), "day")
    '3 Mar 2017'
    >>> label_at_precision("2017-03-03", "month")
    'Mar 2017'
    """
    day = as_date(value)
    precision = _checked(precision)
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


def interval_label(start: Any, end: Any, precision: str) -> str:
    """An interval's label at its precision, one date when it is one unit.

    >>> interval_label("2014-01-01", "2014-12-31", "year")
    '2014'
    >>> interval_label("2016-02-28", "2016-03-01", "day")
    '28 Feb – 1 Mar 2016'
    >>> interval_label("2014-04-01", "2016-06-30", "month")
    'Apr 2014 – Jun 2016'
    """
    first, last = as_date(start), as_date(end)
    precision = _checked(precision)
    same = {
        "year": first.year == last.year,
        "month": (first.year, first.month) == (last.year, last.month),
        "day": first == last,
    }[precision]
    if same:
        return label_at_precision(first, precision)
    if precision == "year":
        return f"{first.year}–{last.year}"
    if precision == "day" and first.year == last.year:
        if first.month == last.month:
            return f"{first.day}–{label_at_precision(last, 'day')}"
        return f"{first.day} {MONTH_ABBR[first.month - 1]} – {label_at_precision(last, 'day')}"
    return f"{label_at_precision(first, precision)} – {label_at_precision(last, precision)}"


def date_parts(value: Any, precision: str) -> dict[str, str]:
    """The known parts of a date, as TimelineJS takes them: year, then month, then day.

    >>> date_parts("2017-03-03", "month")
    {'year': '2017', 'month': '3'}
    """
    day = as_date(value)
    precision = _checked(precision)
    parts = {"year": str(day.year)}
    if precision in {"month", "day"}:
        parts["month"] = str(day.month)
    if precision == "day":
        parts["day"] = str(day.day)
    return parts


def last_day(value: Any, precision: str) -> dt.date:
    """The last day a date at ``precision`` covers: the day, its month's last, or 31 December.

    >>> last_day("2016-02-10", "month")
    datetime.date(2016, 2, 29)
    """
    day = as_date(value)
    precision = _checked(precision)
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def period_end(start: Any, end: Any, precision: str) -> pd.Timestamp:
    """The last day an item covers: its end date, or the last day its start's precision covers,
    whichever is later.

    >>> period_end("2017-01-15", None, "month")
    Timestamp('2017-01-31 00:00:00')
    """
    import pandas as pd

    covered = pd.Timestamp(last_day(start, precision))
    if end is None or pd.isna(end):
        return covered
    return max(pd.Timestamp(end), covered)
