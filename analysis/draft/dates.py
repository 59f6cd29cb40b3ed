"""Find the date expressions in an article's running text and resolve each one.

A small table of patterns finds the candidate spans (measured against dateparser,
parsedatetime, Recognizers-Text and ctparse, none of which kept both the precision and the
traps: see the README); the resolution reuses :mod:`analysis.dates` where its rules fit, so a
drafted date agrees with the date the report resolves from the same expression.

Conventions: a span leaves out a leading preposition that adds nothing ("on Feb. 28" gives
"Feb. 28") and keeps words that carry meaning ("three years ago", "the following day"). An
ambiguous weekday, month or day is the latest one not after the reference date, unless its
sentence speaks of the future ("will", "is due to", "plans to"...). "the following day" and "a
two-year hiatus" count from the date resolved just before them in the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from analysis.dates import (
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    DateResolutionError,
    month_interval,
    resolve_date_expression,
    shift_month,
    year_interval,
)
from analysis.draft.model import Anchor, FoundDate, Precision

# --- The words patterns are built from ------------------------------------------------------

# Month names are matched capitalised only, so that the verbs "may" and "march" are no months;
# a dot is part of an abbreviation ("Feb.") but never of a whole name ("in May.").
_MONTH_WORDS = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)


def _month_pattern(name: str = "month") -> str:
    """A capitalised month name (abbreviated or not), as the named group ``name``."""
    return rf"\b(?P<{name}>{_MONTH_WORDS})"


_MONTH = _month_pattern()
_MONTH2 = _month_pattern("month2")  # the second month of "between March and May"
_NUM = r"(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?P<weekday>" + "|".join(w.title() for w in WEEKDAYS) + r")"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# Words before a bare year or month that make it a date ("in 2014", "since May").
_TIME_PREPOSITIONS = (
    r"in|since|by|until|till|through|throughout|during|from|before|after|of|for|around|circa"
)
_FUTURE = re.compile(
    # "would" is the future of reported speech ("said the fleet would hold a drill in April");
    # "may" and "might" say what is yet to happen ("a meeting may take place in the autumn").
    r"\b(?:will|won['’]t|shall|would(?! have)|may(?! have)|might(?! have)"
    r"|(?:is|are|was|were) due|plans? to|planned|plans"
    r"|intends? to"
    r"|(?:is|are) (?:scheduled|set|expected|to be)|scheduled for|upcoming|to be held"
    r"|(?<!the )next(?! to))\b",
    re.IGNORECASE,
)
# A year followed by a plural noun is a count ("2000 troops"); these end in "s" all the same.
_NOT_PLURAL = frozenset({"was", "has", "is", "as", "its", "this", "his", "thus", "whereas"})


# --- What a pattern resolves to -------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    """A resolution before it is placed in the text."""

    first: dt.date
    last: dt.date
    value: str
    precision: Precision
    anchor: Anchor
    rule: str


@dataclass(frozen=True)
class _Context:
    """What a resolver may look at: the text, the reference date and the date found before."""

    text: str
    ref: dt.date
    previous: FoundDate | None
    future: bool  # the sentence speaks of the future


def _make_day(day: dt.date, anchor: Anchor, rule: str) -> _Resolved:
    return _Resolved(day, day, day.isoformat(), "day", anchor, rule)


def _make_month(year: int, month: int, anchor: Anchor, rule: str) -> _Resolved:
    first, last = month_interval(year, month)
    return _Resolved(first, last, f"{year:04d}-{month:02d}", "month", anchor, rule)


def _make_year(year: int, anchor: Anchor, rule: str) -> _Resolved:
    first, last = year_interval(year)
    return _Resolved(first, last, f"{year:04d}", "year", anchor, rule)


def _make_week(day: dt.date, anchor: Anchor, rule: str) -> _Resolved:
    iso = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    value = f"{iso.year:04d}-W{iso.week:02d}"
    return _Resolved(monday, monday + dt.timedelta(days=6), value, "week", anchor, rule)


def _make_season(year: int, code: str, anchor: Anchor, rule: str) -> _Resolved:
    """A season of three months; winter belongs to the year it starts in (Dec to Feb)."""
    first_month = _SEASON_FIRST_MONTH[code]
    first = dt.date(year, first_month, 1)
    end_year, end_month = divmod(year * 12 + first_month + 1, 12)  # two months on, 0-based
    last = month_interval(end_year, end_month + 1)[1]
    return _Resolved(first, last, f"{year:04d}-{code}", "season", anchor, rule)


def _make_interval(start: _Resolved, end: _Resolved, anchor: Anchor, rule: str) -> _Resolved:
    value = f"{start.value}/{end.value}"
    return _Resolved(start.first, end.last, value, "interval", anchor, rule)


def _resolve_as_the_report_does(expression: str, ref: dt.date) -> _Resolved:
    """An expression resolved by :mod:`analysis.dates`, the report's own resolver."""
    r = resolve_date_expression(expression, ref)
    if r.precision == "day":
        return _make_day(r.start, "reference", r.rule)
    if r.precision == "month":
        return _make_month(r.start.year, r.start.month, "reference", r.rule)
    return _make_year(r.start.year, "reference", r.rule)


def _optional_group(m: re.Match[str], name: str) -> str | None:
    """A group that only some of the patterns sharing a resolver have."""
    return m.groupdict().get(name)


def _parse_number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _parse_month(name: str) -> int:
    return MONTHS[name[:3].lower()]


# --- Dates written out --------------------------------------------------------------------


def _resolve_full_date(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "March 1, 2017", "1 March 2017", "2017-03-01": the day as written."""
    if iso := _optional_group(m, "iso"):
        return _make_day(dt.date.fromisoformat(iso), "absolute", "explicit_date")
    day = dt.date(int(m["year"]), _parse_month(m["month"]), int(m["day"]))
    return _make_day(day, "absolute", "explicit_date")


def _resolve_month_day(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "Feb. 28": in the reference year, or the year before when that day is still to come;
    the next such day when the sentence speaks of the future."""
    month, day_number = _parse_month(m["month"]), int(m["day"])
    if not ctx.future:
        return _resolve_as_the_report_does(f"{m['month']} {day_number}", ctx.ref)
    day = dt.date(ctx.ref.year, month, day_number)
    if day < ctx.ref:
        day = dt.date(ctx.ref.year + 1, month, day_number)
    return _make_day(day, "reference", "month_day_after_reference")


def _resolve_month_year(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "March 2014": the month as written."""
    return _make_month(int(m["year"]), _parse_month(m["month"]), "absolute", "explicit_month")


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "in 2014", "the 2014 crisis"; not "2000 troops", a count."""
    following = re.match(r"\s([a-z]+)\b", ctx.text[m.end("d") :])
    if following and following[1].endswith("s") and following[1] not in _NOT_PLURAL:
        return None
    return _make_year(int(m["d"][-4:]), "absolute", "explicit_year")


def _resolve_decade(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "the 1990s": the ten years."""
    first = int(m["decade"])
    return _make_interval(
        _make_year(first, "absolute", ""),
        _make_year(first + 9, "absolute", ""),
        "absolute",
        "decade",
    )


def _resolve_year_span(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "between 2014 and 2016", "2014-2016", "from 2014 to 2016"."""
    start = int(m["y1"])
    end_text = m["y2"]
    end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
    if end <= start:
        return None
    return _make_interval(
        _make_year(start, "absolute", ""),
        _make_year(end, "absolute", ""),
        "absolute",
        "year_interval",
    )


def _resolve_month_span(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "between March and May": the first month as a bare month would be, the second the
    first such month from it on; a year written beside either month is kept."""
    first_month, last_month = _parse_month(m["month"]), _parse_month(m["month2"])
    if m["y1"] or m["y2"]:
        last_year = int(m["y2"] or m["y1"])
        first_year = int(m["y1"]) if m["y1"] else last_year - (first_month > last_month)
        anchor: Anchor = "absolute"
    else:
        first_year = _choose_bare_month_year(first_month, ctx)
        last_year = first_year + (last_month < first_month)
        anchor = "reference"
    start = _make_month(first_year, first_month, anchor, "")
    end = _make_month(last_year, last_month, anchor, "")
    return _make_interval(start, end, anchor, "month_interval")


def _choose_bare_month_year(month: int, ctx: _Context) -> int:
    """The year of a month named alone: the latest not after the reference month, or the first
    not before it when the sentence speaks of the future."""
    if ctx.future:
        return ctx.ref.year + (month < ctx.ref.month)
    return ctx.ref.year - (month > ctx.ref.month)


def _resolve_named_month(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "in May", "last March", "next June", "early March"."""
    month = _parse_month(m["month"])
    modifier = (_optional_group(m, "mod") or "").lower()
    year = _choose_bare_month_year(month, ctx)
    rule = "month_before_reference" if not ctx.future else "month_after_reference"
    if modifier == "last":
        year, rule = ctx.ref.year - (month >= ctx.ref.month), "month_last"
    elif modifier == "next":
        year, rule = ctx.ref.year + (month <= ctx.ref.month), "month_next"
    elif modifier == "this":
        year, rule = ctx.ref.year, "month_this"
    return _make_month(year, month, "reference", rule)


# --- Counted from the reference date -------------------------------------------------------


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "three years ago", "two months ago", "five days ago": the report's own rules."""
    return _resolve_as_the_report_does(m["d"], ctx.ref)


def _resolve_in_years(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "(for the first time) in three years", "in the three years since": the year the period
    began; "will ... in three years" is that many years on."""
    if ctx.future and not _optional_group(m, "since"):
        year = ctx.ref.year + _parse_number(m["n"])
        return _make_year(year, "reference", "years_after_reference")
    return _resolve_as_the_report_does(m["d"], ctx.ref)


def _resolve_deictic_day(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "today", "yesterday", "tomorrow", "last night", "this morning"."""
    word = m["d"].lower()
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
    rule = {-1: "deictic_yesterday", 0: "deictic_today", 1: "deictic_tomorrow"}[offset]
    return _make_day(ctx.ref + dt.timedelta(days=offset), "reference", rule)


def _resolve_deictic_unit(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "last week", "earlier this month", "next year": the unit before, of or after the
    reference date's, at the unit's precision."""
    step = {"last": -1, "this": 0, "next": 1}[_optional_group(m, "mod").lower()]
    unit = m["unit"].lower()
    rule = f"deictic_{m['mod'].lower()}_{unit}"
    if unit == "week":
        return _make_week(ctx.ref + dt.timedelta(weeks=step), "reference", rule)
    if unit == "month":
        year, month = shift_month(ctx.ref.year, ctx.ref.month, step)
        return _make_month(year, month, "reference", rule)
    return _make_year(ctx.ref.year + step, "reference", rule)


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "on Tuesday": the latest Tuesday up to the reference date; "last Tuesday" the one
    before it; "next Tuesday", or a sentence about the future, the first one after it."""
    weekday = WEEKDAYS.index(m["weekday"].lower())
    modifier = (_optional_group(m, "mod") or "").lower()
    if modifier in ("next", "this coming") or (ctx.future and modifier != "last"):
        ahead = (weekday - ctx.ref.weekday() - 1) % 7 + 1
        return _make_day(ctx.ref + dt.timedelta(days=ahead), "reference", "weekday_after_reference")
    back = (ctx.ref.weekday() - weekday) % 7
    if modifier in ("last", "this past") and back == 0:
        back = 7
    # A story written on a Friday says "on Friday" of that very day.
    rule = "weekday_of_reference" if back == 0 else "weekday_before_reference"
    return _make_day(ctx.ref - dt.timedelta(days=back), "reference", rule)


def _resolve_season(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "this spring", "last autumn", "next summer", "the spring of 2014", "in the winter"."""
    code = _SEASON_CODES[m["season"].lower()]
    if year := _optional_group(m, "year"):
        return _make_season(int(year), code, "absolute", "explicit_season")
    modifier = (_optional_group(m, "mod") or "").lower()
    seasons = [
        _make_season(y, code, "reference", "") for y in range(ctx.ref.year - 2, ctx.ref.year + 2)
    ]
    past = [s for s in seasons if s.first <= ctx.ref]
    coming = [s for s in seasons if s.first > ctx.ref]
    if modifier == "last":
        chosen = [s for s in past if s.last < ctx.ref][-1]
    elif modifier == "next" or (ctx.future and modifier != "this"):
        chosen = coming[0]
    elif modifier == "this":
        chosen = min(seasons, key=lambda s: _count_days_to_season(s, ctx.ref))
    else:
        chosen = past[-1]
    rule = f"season_{modifier or ('after' if ctx.future else 'before')}_reference"
    return _Resolved(chosen.first, chosen.last, chosen.value, "season", "reference", rule)


def _count_days_to_season(season: _Resolved, day: dt.date) -> int:
    """Days from ``day`` to the season (0 inside it)."""
    if season.first <= day <= season.last:
        return 0
    return min(abs((season.first - day).days), abs((season.last - day).days))


# --- Counted from the date before it in the text -------------------------------------------


def _find_anchor_day(ctx: _Context) -> tuple[dt.date, Anchor] | None:
    """The day a story-relative expression counts from: the previous date's, when it is known
    to the day; the reference date when the text has given no date yet."""
    if ctx.previous is None:
        return ctx.ref, "reference"
    if ctx.previous.precision != "day":
        return None
    return ctx.previous.first_day, "previous"


def _count_from(ctx: _Context) -> tuple[dt.date, Anchor]:
    """The first day of the date before in the text, or the reference date if there is none."""
    if ctx.previous is None:
        return ctx.ref, "reference"
    return ctx.previous.first_day, "previous"


def _resolve_next_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "the following day", "the next day", "the day before", "the same day"."""
    anchored = _find_anchor_day(ctx)
    if anchored is None:
        return None
    day, anchor = anchored
    word = (_optional_group(m, "rel") or _optional_group(m, "rel2") or "").lower()
    offset = {"previous": -1, "before": -1, "same": 0}.get(word, 1)
    return _make_day(day + dt.timedelta(days=offset), anchor, "day_after_anchor")


def _resolve_next_day_written(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "the following day, March 1": counted from the date before it and checked against
    the written day, which wins when the two disagree (the rule says so)."""
    written = _resolve_month_day(m, ctx)
    counted = _resolve_next_day(m, ctx)
    if counted is None:
        return written
    if counted.first != written.first:
        return replace(written, rule="written_date_over_anchor")
    return counted


def _resolve_unit_after_previous(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "two days later", "a week later", "a year earlier", "the following month"."""
    unit = m["unit"].lower().rstrip("s")
    word = (_optional_group(m, "dir") or _optional_group(m, "rel") or "later").lower()
    count = _parse_number(m["n"]) if _optional_group(m, "n") else 1
    sign = -1 if word in ("earlier", "before", "previous") else 1
    rule = "offset_from_anchor"
    if unit in ("day", "week"):
        anchored = _find_anchor_day(ctx)
        if anchored is None:
            return None
        days = count * (7 if unit == "week" else 1) * sign
        day = anchored[0] + dt.timedelta(days=days)
        # "the following week" is a week; "a week later" a day.
        if unit == "week" and _optional_group(m, "rel"):
            return _make_week(day, anchored[1], rule)
        return _make_day(day, anchored[1], rule)
    base, anchor = _count_from(ctx)
    if unit == "month":
        if ctx.previous and ctx.previous.precision in ("year", "interval", "season"):
            return None
        year, month = shift_month(base.year, base.month, count * sign)
        return _make_month(year, month, anchor, rule)
    return _make_year(base.year + count * sign, anchor, rule)


def _resolve_hiatus(m: re.Match[str], ctx: _Context) -> _Resolved:
    """ "a two-year hiatus": the years (or months) counted back from the date before it,
    as an interval from its start to that date."""
    end_day, anchor = _count_from(ctx)
    count = _parse_number(m["n"])
    if m["unit"].lower() == "month":
        year, month = shift_month(end_day.year, end_day.month, -count)
        start = _make_month(year, month, anchor, "")
        end = _make_month(end_day.year, end_day.month, anchor, "")
    else:
        start = _make_year(end_day.year - count, anchor, "")
        end = _make_year(end_day.year, anchor, "")
    return _make_interval(start, end, anchor, "duration_before_anchor")


# --- The patterns, and the finder --------------------------------------------------------------

_Resolver = Callable[["re.Match[str]", _Context], "_Resolved | None"]
_N = rf"(?i:{_NUM})"
# A weekday before a written date is part of it: "Friday, 3 March 2017" is one date.
_ON_WEEKDAY = r"(?:\b(?:" + "|".join(w.title() for w in WEEKDAYS) + r"),? )?"
_UNITS = r"(?P<unit>(?i:days?|weeks?|months?|years?))"

# Each pattern's group ``d`` is the span; the rest of the match is context ("in" before 2014).
# When spans overlap the longest wins, then the earlier pattern in this table.
_PATTERN_TABLE: tuple[tuple[str, _Resolver], ...] = (
    (
        rf"(?P<d>{_ON_WEEKDAY}{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>{_YEAR}))\b",
        _resolve_full_date,
    ),
    (
        rf"\b(?P<d>{_ON_WEEKDAY}(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>{_YEAR}))\b",
        _resolve_full_date,
    ),
    (r"\b(?P<d>(?P<iso>\d{4}-\d{2}-\d{2}))\b", _resolve_full_date),
    (
        rf"\b(?P<d>(?i:the) (?P<rel>(?i:following|next)) (?i:day),? {_MONTH} "
        r"(?P<day>\d{1,2}))\b",
        _resolve_next_day_written,
    ),
    (r"\b(?P<d>(?i:the) (?P<rel>(?i:following|next|previous|same)) (?i:day))\b", _resolve_next_day),
    (r"\b(?P<d>(?i:the) (?i:day) (?P<rel2>(?i:after|before)))(?=\s*[,.;:])", _resolve_next_day),
    (
        r"\b(?P<d>(?i:the) (?P<rel>(?i:following|next|previous)) (?P<unit>(?i:week|month|year)))\b",
        _resolve_unit_after_previous,
    ),
    (rf"\b(?P<d>{_N} {_UNITS} (?P<dir>(?i:later|earlier)))\b", _resolve_unit_after_previous),
    (
        rf"\b(?P<d>{_N} {_UNITS} (?P<dir>(?i:after|before)))(?=\s*[,.;:])",
        _resolve_unit_after_previous,
    ),
    (
        rf"\b(?P<d>(?:(?i:a|an) )?{_N}[- ](?P<unit>(?i:year|month))s?(?:-long)? "
        r"(?i:hiatus|break|pause|gap|freeze|suspension|absence|lull))\b",
        _resolve_hiatus,
    ),
    (rf"\b(?P<d>{_N} (?i:years?|months?|weeks?|days?) (?i:ago))\b", _resolve_ago),
    (
        rf"\b(?P<d>(?i:in) (?:(?i:the) )?(?:(?i:last|past) )?{_N} (?i:years)"
        r"(?P<since> (?i:since))?)"
        r"\b(?!['’]s? time)",
        _resolve_in_years,
    ),
    (
        r"\b(?P<d>(?i:today|yesterday|tomorrow|tonight|last night|this morning|this afternoon"
        r"|this evening))\b",
        _resolve_deictic_day,
    ),
    (
        r"\b(?P<d>(?:(?i:earlier|later|early|late) )?(?P<mod>(?i:last|this|next)) "
        r"(?P<unit>(?i:week|month|year)))\b",
        _resolve_deictic_unit,
    ),
    (
        rf"\b(?P<d>(?:(?P<mod>(?i:last|next|this past|this coming)) )?{_WEEKDAY})\b"
        r"(?! (?:Times|Telegraph|Express|Mirror|Post|Herald|Independent|Mail|Star))",
        _resolve_weekday,
    ),
    (rf"\b(?P<d>(?P<mod>(?i:this|last|next)) (?i:{_SEASON}))\b", _resolve_season),
    (rf"\b(?P<d>(?i:{_SEASON}) (?:(?i:of) )?(?P<year>{_YEAR}))\b", _resolve_season),
    (
        rf"\b(?i:in|over|during|through|throughout) (?:(?i:the) )?"
        rf"(?P<d>(?:(?i:early|late) )?(?i:{_SEASON}))\b",
        _resolve_season,
    ),
    (
        rf"\b(?P<d>(?i:between) {_MONTH}(?: (?P<y1>{_YEAR}))? (?i:and) {_MONTH2}"
        rf"(?: (?P<y2>{_YEAR}))?)",
        _resolve_month_span,
    ),
    (
        rf"\b(?P<d>(?i:from) {_MONTH}(?: (?P<y1>{_YEAR}))? (?i:to|until|through) "
        rf"{_MONTH2}(?: (?P<y2>{_YEAR}))?)",
        _resolve_month_span,
    ),
    (rf"\b(?P<d>(?i:between) (?P<y1>{_YEAR}) (?i:and) (?P<y2>{_YEAR}))\b", _resolve_year_span),
    (
        rf"\b(?P<d>(?i:from) (?P<y1>{_YEAR}) (?i:to|until|through) (?P<y2>{_YEAR}))\b",
        _resolve_year_span,
    ),
    (rf"\b(?P<d>(?P<y1>{_YEAR})[-–](?P<y2>(?:19|20)?\d\d))\b(?![-/]\d)", _resolve_year_span),
    (rf"(?P<d>{_MONTH},? (?:(?i:of) )?(?P<year>{_YEAR}))\b", _resolve_month_year),
    (
        rf"(?P<d>{_ON_WEEKDAY}{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?)\b(?![.,]?\d)",
        _resolve_month_day,
    ),
    (
        rf"\b(?P<d>{_ON_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:(?i:of) )?{_MONTH})",
        _resolve_month_day,
    ),
    (rf"\b(?P<d>(?P<mod>(?i:last|next|this)) {_MONTH})", _resolve_named_month),
    (
        rf"\b(?i:{_TIME_PREPOSITIONS}) (?:(?i:the (?:end|start|beginning|middle) of) )?"
        rf"(?P<d>(?:(?i:early|late) |(?i:mid-))?{_MONTH})",
        _resolve_named_month,
    ),
    (rf"\b(?P<d>(?i:mid-){_MONTH})", _resolve_named_month),
    (
        rf"\b(?i:{_TIME_PREPOSITIONS}|year|the (?:end|start|beginning|middle) of) "
        rf"(?P<d>{_YEAR})\b(?![-/+,.]?\d)",
        _resolve_year,
    ),
    (rf"\b(?P<d>(?:(?i:early|late) |(?i:mid-)){_YEAR})\b(?![-/+,.]?\d)", _resolve_year),
    (rf"\b(?i:the) (?P<d>{_YEAR})(?= [a-z])", _resolve_year),
    (rf"\b{_YEAR},? (?i:and|or) (?P<d>{_YEAR})\b(?![-/+,.]?\d)", _resolve_year),
    (r"\b(?P<d>(?P<decade>(?:19|20)\d0)['’]?s)\b", _resolve_decade),
)
_PATTERNS: tuple[tuple[re.Pattern[str], _Resolver], ...] = tuple(
    (re.compile(source), resolver) for source, resolver in _PATTERN_TABLE
)
# Where a sentence or clause ends: ". " before a capital (not "Feb. 28"), a semicolon, and
# before a clause of its own ("said on Tuesday | that talks will resume", "met in March, |
# and a meeting may follow in the autumn").
_CLAUSE_END = re.compile(
    r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|;|\n|\b(?=(?:that|which|but|while|whereas)\b)"
    r"|,\s+(?=and\b)"
)
# A past verb just before a date governs it, whatever the rest of the clause says: "which
# began on March 2 and will end on March 15".
_PAST_VERB = re.compile(
    r"\b(?:\w{3,}ed|said|told|met|held|spoke|wrote|began|took|made|gave|sent|saw|left|came"
    r"|went|was|were|had|did|broke|won|lost|fought|led|set out)\b",
    re.IGNORECASE,
)
_TO_BE = re.compile(r"\bbe\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int  # the pattern's place in the table
    match: re.Match[str]
    resolve: _Resolver


def find_dates(text: str, reference_date: dt.date) -> list[FoundDate]:
    """Every date expression in ``text``, in text order, resolved against ``reference_date``.

    >>> found = find_dates("NATO froze ties three years ago.", dt.date(2017, 3, 3))
    >>> [(d.text, d.value, d.precision) for d in found]
    [('three years ago', '2014', 'year')]
    """
    chosen = _drop_overlaps(_match_candidates(text))
    return _resolve_in_order(text, reference_date, chosen)


def _match_candidates(text: str) -> list[_Candidate]:
    """Every span any pattern matches, overlapping or not."""
    return [
        _Candidate(*match.span("d"), order, match, resolve)
        for order, (pattern, resolve) in enumerate(_PATTERNS)
        for match in pattern.finditer(text)
    ]


def _drop_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest candidates that do not overlap, in text order."""
    kept: list[_Candidate] = []
    starts: list[int] = []  # the kept spans' starts, sorted, to find neighbours by bisection
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        at = bisect.bisect_left(starts, candidate.start)
        before = kept[at - 1] if at else None
        after = kept[at] if at < len(kept) else None
        if (before and before.end > candidate.start) or (after and after.start < candidate.end):
            continue
        kept.insert(at, candidate)
        starts.insert(at, candidate.start)
    return kept


def _resolve_in_order(
    text: str, reference_date: dt.date, chosen: list[_Candidate]
) -> list[FoundDate]:
    """Resolve each span in text order, each story-relative one from the date before it."""
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(text)]
    found: list[FoundDate] = []
    for candidate in chosen:
        future = _speaks_of_future(text, clause_ends, candidate.start, candidate.end)
        ctx = _Context(text, reference_date, found[-1] if found else None, future)
        try:
            resolved = candidate.resolve(candidate.match, ctx)
        except (DateResolutionError, ValueError, OverflowError):
            resolved = None  # no such day ("Feb. 30"), or past the calendar's ends
        if resolved is None:
            continue
        found.append(
            FoundDate(
                text[candidate.start : candidate.end],
                candidate.start,
                candidate.end,
                resolved.value,
                resolved.precision,
                resolved.anchor,
                resolved.first,
                resolved.last,
                resolved.rule,
                future,
            )
        )
    return found


def _speaks_of_future(text: str, clause_ends: list[int], start: int, end: int) -> bool:
    """Whether the clause around ``start:end``, the span itself left out, looks ahead.

    The three words before the date decide first ("is scheduled for May", "met on Tuesday");
    failing those, any sign of the future in the clause does ("will meet ... on Tuesday").
    """
    at = bisect.bisect_right(clause_ends, start)
    clause_start = clause_ends[at - 1] if at else 0
    clause_end = clause_ends[at] if at < len(clause_ends) else len(text)
    before = text[clause_start:start]
    just_before = " ".join(before.split()[-3:])
    if _FUTURE.search(just_before):
        return True
    if _PAST_VERB.search(just_before) and not _TO_BE.search(just_before):
        return False  # "to be held in May" is no past
    return _FUTURE.search(before + " " + text[end:clause_end]) is not None
