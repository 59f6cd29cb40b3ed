"""Resolve the date expressions of an article against a reference date.

Every resolution keeps what a reader needs to check it: the interval, its precision, the rule
that fired, the reference date and a one-line explanation. "three years ago" on 2017-03-03 is
the year 2014 (2014-01-01 to 2014-12-31, year precision), never the day 2014-03-03.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from analysis.datetext import iso_at_precision

Precision = Literal["day", "month", "year"]

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_NUMBER = r"(?P<n>[0-9]{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_MONTH = (  # a whole word: "may" in "dismay" is no month
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = "|".join(WEEKDAYS)


class DateResolutionError(ValueError):
    """An expression no rule can resolve, or one that contradicts its anchor."""


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression resolved to an interval, with how it was resolved."""

    expression: str
    start: dt.date
    end: dt.date
    precision: Precision
    rule: str
    reference_date: dt.date
    explanation: str

    @property
    def label(self) -> str:
        """The date as precisely as it is known: '2014', '2017-03' or '2017-03-03'."""
        return iso_at_precision(self.start, self.precision)


def year_interval(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``year``.

    >>> year_interval(2014)
    (datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
    """
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month.

    >>> month_interval(2017, 2)
    (datetime.date(2017, 2, 1), datetime.date(2017, 2, 28))
    """
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The year and month ``by`` months after ``year``-``month`` (before it, when negative).

    >>> shift_month(2017, 12, 1), shift_month(2017, 3, -3)
    ((2018, 1), (2016, 12))
    """
    year_out, month0 = divmod(year * 12 + month - 1 + by, 12)
    return year_out, month0 + 1


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _normalise(expression: str) -> str:
    text = expression.strip().lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def resolve_date_expression(
    expression: str,
    reference_date: dt.date,
    anchor: ResolvedDate | None = None,
    is_future: bool = False,
) -> ResolvedDate:
    """Resolve one date expression as written in an article.

    ``reference_date`` is the day the text speaks from (its "today"). ``anchor`` is the
    resolved event that a relative expression counts from ("the following day", "after a
    two-year hiatus"). ``is_future`` says that the expression's sentence speaks of the future
    ("will meet in May", "is due on Tuesday"): a month or weekday named alone is then the
    next one, not the last. The expression alone cannot tell; the annotation says so.

    >>> ref = dt.date(2017, 3, 3)
    >>> resolve_date_expression("three years ago", ref).label
    '2014'
    >>> resolve_date_expression("On Feb. 28", ref).label
    '2017-02-28'
    >>> resolve_date_expression("today", dt.date(2017, 3, 6)).label
    '2017-03-06'
    """
    try:
        return _resolve(expression, reference_date, anchor, is_future)
    except DateResolutionError:
        raise
    except (OverflowError, ValueError) as exc:
        # Counting past year 1 or 9999 ("yesterday" on 0001-01-01), or a written date that
        # does not exist ("2017-02-30"): the calendar has no such day.
        raise DateResolutionError(f"'{expression}': impossible date ({exc})") from None


def _resolve(
    expression: str, reference_date: dt.date, anchor: ResolvedDate | None, is_future: bool
) -> ResolvedDate:
    """The rules of :func:`resolve_date_expression`, in order; the first that matches wins."""
    reading = _Reading(expression, _normalise(expression), reference_date, anchor, is_future)
    for matches, resolver in _RULES:
        if match := matches(reading.text):
            return resolver(reading, match)
    if phrase_resolver := _PHRASES.get(reading.text):
        return phrase_resolver(reading)
    raise DateResolutionError(f"'{expression}': no rule resolves this date expression")


@dataclass(frozen=True)
class _Reading:
    """One expression being resolved: as written, normalised, and the dates it counts from."""

    expression: str
    text: str
    ref: dt.date
    anchor: ResolvedDate | None
    is_future: bool = False

    def result(
        self, start: dt.date, end: dt.date, precision: Precision, rule: str, why: str
    ) -> ResolvedDate:
        """The resolution of this expression."""
        return ResolvedDate(self.expression, start, end, precision, rule, self.ref, why)


# --- Dates written out: they need no reference, or only its year -----------------------------


def _explicit_iso_date(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """An ISO date ("2017-03-01", "on 2017-03-01")."""
    day = dt.date.fromisoformat(m.group(1))
    return reading.result(day, day, "day", "explicit_date", "date written in full")


def _explicit_full_date(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """A month, day and year ("March 1, 2017")."""
    day = _safe_date(int(m["year"]), MONTHS[m["month"][:3]], int(m["day"]), reading.expression)
    why = "month, day and year written" + _agreement_with_anchor(
        reading.expression, day, reading.anchor
    )
    return reading.result(day, day, "day", "explicit_date", why)


def _month_day_before_reference(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """A month and day without a year: that day in the reference date's year, or in the year
    before when it would come after the reference date, since news reports on the past.

    A day that year does not have (Feb. 29 of a common year) is refused, not moved.
    """
    ref, expression = reading.ref, reading.expression
    month = MONTHS[m["month"][:3]]
    day_number = int(m["day"])
    candidate = _safe_date(ref.year, month, day_number, expression)
    year_note = f"year of the reference date {ref.isoformat()}"
    if candidate > ref:
        candidate = _safe_date(ref.year - 1, month, day_number, expression)
        year_note = f"the year before the reference date {ref.isoformat()}, which it follows"
    why = f"month and day written; year taken as the {year_note}"
    why += _agreement_with_anchor(expression, candidate, reading.anchor)
    return reading.result(candidate, candidate, "day", "month_day_before_reference", why)


def _explicit_year(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """A year written ("in 2014")."""
    start, end = year_interval(int(m["year"]))
    return reading.result(start, end, "year", "explicit_year", "year written")


# --- Counted from the reference date or from an anchor event ---------------------------------


def _years_before_reference(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "three years ago", "in three years", "in the three years since": a period that began
    N calendar years before the reference year. Only the year is known."""
    years = _number(m["n"])
    start, end = year_interval(reading.ref.year - years)
    why = f"reference year {reading.ref.year} minus {years}; only the year is known"
    return reading.result(start, end, "year", "years_before_reference", why)


def _duration_before_anchor(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "a two-year hiatus" (before its anchor): the anchor's year minus the duration."""
    anchor = reading.anchor
    if anchor is None:
        raise DateResolutionError(
            f"'{reading.expression}': a duration needs an anchor event to count back from"
        )
    years = _number(m["n"])
    start, end = year_interval(anchor.start.year - years)
    why = f"anchor year {anchor.start.year} minus {years}; only the year is known"
    return reading.result(start, end, "year", "duration_before_anchor", why)


def _days_before_reference(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "two days ago", "three weeks ago": counted back from the reference date, to the day."""
    count = _number(m["n"]) * (7 if m["unit"].startswith("week") else 1)
    day = reading.ref - dt.timedelta(days=count)
    why = f"{count} days before {reading.ref}"
    return reading.result(day, day, "day", "days_before_reference", why)


def _months_before_reference(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "two months ago": the calendar month that many months before the reference month."""
    ref, count = reading.ref, _number(m["n"])
    start, end = month_interval(*shift_month(ref.year, ref.month, -count))
    why = f"{count} months before {ref}"
    return reading.result(start, end, "month", "months_before_reference", why)


def _named_weekday(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "on Tuesday", "last Tuesday": the latest such weekday before the reference date; in
    a sentence about the future, "on Tuesday" is the first one after it."""
    ref = reading.ref
    weekday = WEEKDAYS.index(m["weekday"])
    if reading.is_future and not reading.text.startswith(("last ", "this past ")):
        day = ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
        why = f"the {m['weekday'].title()} after {ref}, since its sentence speaks of the future"
        return reading.result(day, day, "day", "weekday_after_reference", why)
    back = (ref.weekday() - weekday - 1) % 7 + 1
    day = ref - dt.timedelta(days=back)
    why = f"the {m['weekday'].title()} before {ref}"
    return reading.result(day, day, "day", "weekday_before_reference", why)


# --- Set phrases: "today", "last year", "the following day" ---------------------------------


def _today(reading: _Reading) -> ResolvedDate:
    ref = reading.ref
    return reading.result(ref, ref, "day", "deictic_today", f"the reference date {ref.isoformat()}")


def _yesterday(reading: _Reading) -> ResolvedDate:
    day = reading.ref - dt.timedelta(days=1)
    return reading.result(day, day, "day", "deictic_yesterday", "the day before the reference date")


def _this_year(reading: _Reading) -> ResolvedDate:
    start, end = year_interval(reading.ref.year)
    why = f"the reference year {reading.ref.year}"
    return reading.result(start, end, "year", "deictic_this_year", why)


def _last_year(reading: _Reading) -> ResolvedDate:
    start, end = year_interval(reading.ref.year - 1)
    why = f"the year before the reference year {reading.ref.year}"
    return reading.result(start, end, "year", "deictic_last_year", why)


def _last_month(reading: _Reading) -> ResolvedDate:
    first_of_month = reading.ref.replace(day=1)
    prior = first_of_month - dt.timedelta(days=1)
    start, end = month_interval(prior.year, prior.month)
    why = "the month before the reference"
    return reading.result(start, end, "month", "deictic_last_month", why)


def _day_after_anchor(reading: _Reading) -> ResolvedDate:
    anchor = reading.anchor
    if anchor is None or anchor.precision != "day":
        raise DateResolutionError(f"'{reading.expression}': needs an anchor event dated to the day")
    day = anchor.start + dt.timedelta(days=1)
    return reading.result(day, day, "day", "day_after_anchor", f"the day after {anchor.label}")


# --- Months named, and the units next to the reference date or to an anchor event --------------


def _explicit_month_year(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """A month and year written ("March 2014", "in March of 2014")."""
    start, end = month_interval(int(m["year"]), MONTHS[m["month"][:3]])
    return reading.result(start, end, "month", "explicit_month", "month and year written")


def _named_month(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """A month named without a year ("in May", "early March", "last June", "next April").

    Alone, it is the latest such month not after the reference month, since news reports on
    the past, or the first not before it when its sentence speaks of the future; "last" is
    the latest before the reference month, "next" the first after it, "this" the reference
    year's.
    """
    ref = reading.ref
    month = MONTHS[m["month"][:3]]
    modifier = (m["mod"] or "").strip()
    if modifier == "last":
        year = ref.year - (month >= ref.month)
        rule, why = "month_last", "the last such month before the reference month"
    elif modifier == "next":
        year = ref.year + (month <= ref.month)
        rule, why = "month_next", "the first such month after the reference month"
    elif modifier == "this":
        year, rule, why = ref.year, "month_this", "that month of the reference year"
    elif reading.is_future:
        year = ref.year + (month < ref.month)
        rule, why = "month_after_reference", "the first such month not before the reference month"
    else:
        year = ref.year - (month > ref.month)
        rule, why = "month_before_reference", "the latest such month not after the reference month"
    start, end = month_interval(year, month)
    why += f" ({ref.isoformat()})"
    if rule == "month_after_reference":
        why += ", as its sentence speaks of the future"
    return reading.result(start, end, "month", rule, why)


def _this_month(reading: _Reading) -> ResolvedDate:
    ref = reading.ref
    start, end = month_interval(ref.year, ref.month)
    why = f"the month of the reference date {ref.isoformat()}"
    return reading.result(start, end, "month", "deictic_this_month", why)


def _next_month(reading: _Reading) -> ResolvedDate:
    start, end = month_interval(*shift_month(reading.ref.year, reading.ref.month, 1))
    why = "the month after the reference date's"
    return reading.result(start, end, "month", "deictic_next_month", why)


def _next_year(reading: _Reading) -> ResolvedDate:
    start, end = year_interval(reading.ref.year + 1)
    why = f"the year after the reference year {reading.ref.year}"
    return reading.result(start, end, "year", "deictic_next_year", why)


def _needs_anchor(reading: _Reading, precisions: tuple[str, ...]) -> ResolvedDate:
    """The anchor an expression counts from, if it is known precisely enough."""
    anchor = reading.anchor
    if anchor is None or anchor.precision not in precisions:
        dated = "" if len(precisions) == 3 else f" dated to the {' or '.join(precisions)}"
        raise DateResolutionError(
            f"'{reading.expression}': needs an anchor event{dated} to count from"
        )
    return anchor


def _offset_from_anchor(reading: _Reading, unit: str, count: int) -> ResolvedDate:
    """``count`` days, weeks, months or years after the anchor (before it, when negative), at
    the precision of the unit: "a week later" is a day, "a month later" a month."""
    precision: Precision
    if unit in ("day", "week"):
        anchor = _needs_anchor(reading, ("day",))
        start = end = anchor.start + dt.timedelta(days=count * (7 if unit == "week" else 1))
        precision = "day"
    elif unit == "month":
        anchor = _needs_anchor(reading, ("day", "month"))
        start, end = month_interval(*shift_month(anchor.start.year, anchor.start.month, count))
        precision = "month"
    else:
        anchor = _needs_anchor(reading, ("day", "month", "year"))
        start, end = year_interval(anchor.start.year + count)
        precision = "year"
    why = f"{abs(count)} {unit}(s) {'after' if count >= 0 else 'before'} {anchor.label}"
    return reading.result(start, end, precision, "offset_from_anchor", why)


def _counted_from_anchor(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "two days later", "a week later", "three months earlier", "a year after"."""
    sign = -1 if m["dir"] in ("earlier", "before") else 1
    return _offset_from_anchor(reading, m["unit"].rstrip("s"), sign * _number(m["n"]))


def _next_unit_after_anchor(reading: _Reading, m: re.Match[str]) -> ResolvedDate:
    """ "the following month", "the next year", "the previous day", "the same day"."""
    step = {"following": 1, "next": 1, "previous": -1, "same": 0}[m["rel"]]
    return _offset_from_anchor(reading, m["unit"], step)


_Matcher = Callable[[str], "re.Match[str] | None"]
_Resolver = Callable[[_Reading, "re.Match[str]"], ResolvedDate]

# The written patterns, tried in this order: a full date before a month and day, a date
# before a year, a count of years before a duration. The set phrases below match no pattern.
_RULES: tuple[tuple[_Matcher, _Resolver], ...] = (
    (re.compile(r"(?:on )?([0-9]{4}-[0-9]{2}-[0-9]{2})").fullmatch, _explicit_iso_date),
    (
        re.compile(_MONTH + r" (?P<day>[0-9]{1,2}),? (?P<year>[0-9]{4})\b").search,
        _explicit_full_date,
    ),
    (re.compile(_MONTH + r" (?P<day>[0-9]{1,2})\b").search, _month_day_before_reference),
    (
        re.compile(r"(?:in |since |during )?(?:the year )?(?P<year>[0-9]{4})").fullmatch,
        _explicit_year,
    ),
    (
        re.compile(
            r"(?:in |for )?(?:the )?(?:last |past )?" + _NUMBER + r" years?(?: ago| since| before)?"
        ).fullmatch,
        _years_before_reference,
    ),
    (
        re.compile(
            r"(?:after )?(?:a |an )?" + _NUMBER + r"[- ]years?(?:-long)? (?:hiatus|break|pause|gap)"
        ).fullmatch,
        _duration_before_anchor,
    ),
    (re.compile(_NUMBER + r" (?P<unit>days?|weeks?) ago").fullmatch, _days_before_reference),
    (re.compile(_NUMBER + r" months? ago").fullmatch, _months_before_reference),
    (
        re.compile(r"(?:on |last |this past )?(?P<weekday>" + _WEEKDAYS + r")").fullmatch,
        _named_weekday,
    ),
    (
        re.compile(
            r"(?:in |since |during |by |until )?" + _MONTH + r",? (?:of )?(?P<year>[0-9]{4})"
        ).fullmatch,
        _explicit_month_year,
    ),
    (
        re.compile(
            r"(?:in |since |during |by |until )?(?:(?P<mod>last |next |this )|early |late |mid-)?"
            + _MONTH
        ).fullmatch,
        _named_month,
    ),
    (
        re.compile(
            _NUMBER + r" (?P<unit>days?|weeks?|months?|years?) (?P<dir>later|earlier|after|before)"
        ).fullmatch,
        _counted_from_anchor,
    ),
    # "the following day" and "the next day" are set phrases of their own (below).
    (
        re.compile(r"(?:in )?the (?P<rel>following|next|previous) (?P<unit>month|year)").fullmatch,
        _next_unit_after_anchor,
    ),
    (
        re.compile(r"(?:on )?the (?P<rel>previous|same) (?P<unit>day)").fullmatch,
        _next_unit_after_anchor,
    ),
)

_PHRASES: dict[str, Callable[[_Reading], ResolvedDate]] = {
    "today": _today,
    "this day": _today,
    "yesterday": _yesterday,
    "this year": _this_year,
    "in this year": _this_year,
    "last year": _last_year,
    "only last year": _last_year,
    "in the last year": _last_year,
    "last month": _last_month,
    "this month": _this_month,
    "earlier this month": _this_month,
    "later this month": _this_month,
    "next month": _next_month,
    "next year": _next_year,
    "the following day": _day_after_anchor,
    "on the following day": _day_after_anchor,
    "the next day": _day_after_anchor,
}


def _agreement_with_anchor(expression: str, day: dt.date, anchor: ResolvedDate | None) -> str:
    """For "the following day, March 1": check the written day against the anchor's next day.

    Returns the note to add to the explanation (empty when the expression does not count from
    an anchor dated to the day); raises when the written date is not the day after the anchor.
    """
    text = _normalise(expression)
    is_day_after = "following day" in text or "next day" in text
    if not is_day_after or anchor is None or anchor.precision != "day":
        return ""
    expected = anchor.start + dt.timedelta(days=1)
    if expected != day:
        raise DateResolutionError(
            f"'{expression}': the day after its anchor is {expected.isoformat()}, "
            f"but the written date gives {day.isoformat()}"
        )
    return f"; agrees with the day after the anchor ({anchor.label})"


def _safe_date(year: int, month: int, day: int, expression: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateResolutionError(f"'{expression}': impossible date ({exc})") from None
