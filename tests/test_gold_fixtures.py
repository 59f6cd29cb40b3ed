"""The hand-made gold annotations of the test articles (tests/fixtures/articles/): well formed,
true to their texts, in agreement with the seed's curated annotation, and covering every
difficulty the drafter is measured on at least twice."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis import paths
from analysis.draft.model import ANCHORS, PRECISIONS
from analysis.load import load_annotation

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures" / "articles"
SEED_ARTICLE_ID = "rbth-2017-03-06-military-talks"
SEED_FIXTURE = "seed-rbth-2017-03-06"
FICTIONAL_OUTLET = "(fictional test article)"
# Held-out articles: annotated independently and never used to tune the drafter.
HELD_OUT_PREFIX = "ho-"
KINDS = ("person", "organisation")
OPENING_MARKS = ('"', "\u201c")
CLOSING_MARKS = ('"', "\u201d")

TOP_KEYS = {"article", "dates", "quotes", "actors"}
DATE_KEYS = {"text", "start", "end", "value", "precision", "anchor"}
QUOTE_KEYS = {"text", "start", "end", "speaker"}
ACTOR_KEYS = {"name", "title", "kind"}

# A single TIMEX3-style value of each precision; an interval joins two of them with "/".
VALUE_PATTERNS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "week": re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"),
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "season": re.compile(r"\d{4}-(SP|SU|FA|WI)"),
    "year": re.compile(r"\d{4}"),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
REPORTING_CUE = re.compile(r"\b(said|told|added|stressed|according to)\b", re.IGNORECASE)
# Figures and verbs a date finder might mistake for dates; none may be a gold date.
TRAPS = {
    "the verb may": r"\bmay\b",
    "the verb march": r"\bmarch\b",
    "4,000": r"4,000",
    "S-400": r"S-400",
    "2+2": r"2\+2",
    "24/7": r"24/7",
}


@dataclass(frozen=True)
class Fixture:
    """One gold file and the text it annotates."""

    name: str
    text: str
    gold: dict[str, Any]

    @property
    def dates(self) -> list[dict[str, Any]]:
        return self.gold["dates"]

    @property
    def quotes(self) -> list[dict[str, Any]]:
        return self.gold["quotes"]

    @property
    def actors(self) -> list[dict[str, Any]]:
        return self.gold["actors"]

    @property
    def reference_date(self) -> dt.date:
        return dt.date.fromisoformat(self.gold["article"]["reference_date"])


FIXTURE_NAMES = sorted(p.parent.name for p in FIXTURES_DIR.glob("*/gold.json"))


@functools.cache
def load_fixture(name: str) -> Fixture:
    """Read a gold file and its text: the article beside it, or the stored one it names."""
    folder = FIXTURES_DIR / name
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    text_path = gold["article"].get("text_path")
    source = paths.PROJECT_ROOT / text_path if text_path else folder / "article.txt"
    return Fixture(name, source.read_text("utf-8"), gold)


def all_fixtures() -> list[Fixture]:
    return [load_fixture(name) for name in FIXTURE_NAMES]


def spans_of(fixture: Fixture) -> Iterator[dict[str, Any]]:
    yield from fixture.dates
    yield from fixture.quotes


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def lies_within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def span(row: dict[str, Any]) -> tuple[int, int]:
    return row["start"], row["end"]


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph (blank-line separated) that holds text[start:end]."""
    first = text.rfind("\n\n", 0, start)
    last = text.find("\n\n", end)
    return (0 if first == -1 else first + 2), (len(text) if last == -1 else last)


def words_around(fixture: Fixture, quote: dict[str, Any]) -> str:
    """The quote's paragraph with every quoted passage blanked: the words that attribute it."""
    first, last = paragraph_around(fixture.text, quote["start"], quote["end"])
    chars = list(fixture.text[first:last])
    for other in fixture.quotes:
        for index in range(max(other["start"], first), min(other["end"], last)):
            chars[index - first] = " "
    return "".join(chars)


def parse_value(value: str, precision: str) -> None:
    """Fail unless ``value`` is written as ``precision`` asks (intervals: two ordered parts)."""
    if precision == "interval":
        first, last = value.split("/")
        assert any(pattern.fullmatch(first) for pattern in VALUE_PATTERNS.values()), value
        assert any(pattern.fullmatch(last) for pattern in VALUE_PATTERNS.values()), value
        assert first <= last, f"interval runs backwards: {value}"
        return
    assert VALUE_PATTERNS[precision].fullmatch(value), f"{value!r} is not a {precision}"
    if precision == "day":
        dt.date.fromisoformat(value)


# --- Every gold file -----------------------------------------------------------------------


def test_six_fictional_articles_two_held_out_and_the_seed_have_gold() -> None:
    fictional = [name for name in FIXTURE_NAMES if name.startswith("fx-")]
    held_out = [name for name in FIXTURE_NAMES if name.startswith(HELD_OUT_PREFIX)]
    assert len(fictional) == 6
    assert len(held_out) == 2
    assert SEED_FIXTURE in FIXTURE_NAMES
    assert len(FIXTURE_NAMES) == 9


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_gold_follows_the_json_contract(name: str) -> None:
    fixture = load_fixture(name)
    assert set(fixture.gold) == TOP_KEYS
    article = fixture.gold["article"]
    dt.date.fromisoformat(article["published"])
    assert fixture.reference_date <= dt.date.fromisoformat(article["published"])
    assert article["title"] == fixture.text.splitlines()[0].strip()
    assert all(set(row) == DATE_KEYS for row in fixture.dates)
    assert all(set(row) == QUOTE_KEYS for row in fixture.quotes)
    assert all(set(row) == ACTOR_KEYS for row in fixture.actors)
    assert fixture.dates and fixture.quotes and fixture.actors


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_span_is_the_text_it_covers(name: str) -> None:
    fixture = load_fixture(name)
    for row in spans_of(fixture):
        assert 0 <= row["start"] < row["end"] <= len(fixture.text), row
        assert fixture.text[row["start"] : row["end"]] == row["text"], row


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("kind", ["dates", "quotes"])
def test_spans_come_in_text_order_without_overlapping(name: str, kind: str) -> None:
    rows = load_fixture(name).gold[kind]
    for before, after in itertools.pairwise(rows):
        assert before["end"] <= after["start"], (before["text"], after["text"])


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_dates_use_allowed_precisions_anchors_and_values(name: str) -> None:
    for row in load_fixture(name).dates:
        assert row["precision"] in PRECISIONS, row
        assert row["anchor"] in ANCHORS, row
        parse_value(row["value"], row["precision"])


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_quotes_are_the_words_between_quotation_marks(name: str) -> None:
    """Marks left out; a comma before the closing mark left out; a quote may end its
    paragraph open, when the next paragraph carries it on."""
    fixture = load_fixture(name)
    for row in fixture.quotes:
        before, after = fixture.text[row["start"] - 1], fixture.text[row["end"] :]
        assert before in OPENING_MARKS, row["text"]
        closing = after[1:2] if after.startswith(",") else after[:1]
        assert closing in CLOSING_MARKS or after.startswith("\n\n"), row["text"]
        assert not row["text"].endswith(","), row["text"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_actors_are_named_in_the_text_once_each(name: str) -> None:
    fixture = load_fixture(name)
    names = [row["name"] for row in fixture.actors]
    assert len(names) == len(set(names))
    for row in fixture.actors:
        assert row["kind"] in KINDS, row
        assert row["name"] in fixture.text, row
        assert row["title"] is None or row["title"] in fixture.text, row
        if row["kind"] == "organisation":
            assert row["title"] is None, row


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_speaker_is_a_person_actor(name: str) -> None:
    fixture = load_fixture(name)
    people = {row["name"] for row in fixture.actors if row["kind"] == "person"}
    for row in fixture.quotes:
        assert row["speaker"] is None or row["speaker"] in people, row


INVENTED_NAMES = [n for n in FIXTURE_NAMES if n.startswith(("fx-", HELD_OUT_PREFIX))]


@pytest.mark.parametrize("name", INVENTED_NAMES)
def test_fictional_articles_are_news_wire_shaped_and_say_so(name: str) -> None:
    fixture = load_fixture(name)
    assert fixture.gold["article"]["outlet"] == FICTIONAL_OUTLET
    assert "fictional" in fixture.gold["article"]["note"].lower()
    if name.startswith(HELD_OUT_PREFIX):
        assert "held out" in fixture.gold["article"]["note"].lower()
    assert 300 <= len(fixture.text.split()) <= 700
    paragraphs = fixture.text.strip().split("\n\n")
    assert all(p and "\n" not in p for p in paragraphs), "one paragraph a line, blank between"
    # The dateline fixes the reference date: it is the first gold date.
    first = fixture.dates[0]
    assert first["start"] < len(paragraphs[0]) + 2 + 40
    assert first["value"] == fixture.reference_date.isoformat()


@pytest.mark.parametrize("pattern", TRAPS.values(), ids=TRAPS.keys())
def test_traps_are_never_gold_dates(pattern: str) -> None:
    for fixture in all_fixtures():
        for match in re.finditer(pattern, fixture.text):
            for row in fixture.dates:
                assert not overlaps(match.span(), span(row)), (fixture.name, row)


# --- The seed agrees with its curated annotation -------------------------------------------


@functools.cache
def seed_annotation() -> Any:
    return load_annotation(SEED_ARTICLE_ID)


def test_seed_gold_reads_the_stored_article_with_its_dates() -> None:
    seed, annotation = load_fixture(SEED_FIXTURE), seed_annotation()
    metadata = annotation.article.metadata
    assert seed.text == annotation.article.text
    assert seed.gold["article"]["published"] == str(metadata["date_published"])
    assert seed.gold["article"]["reference_date"] == str(metadata["default_reference_date"])


def test_seed_gold_dates_are_the_curated_date_expressions() -> None:
    """Each curated expression holds a gold date (or lies in one), and each gold date lies in
    a curated expression: the gold only trims prepositions and splits appositions."""
    seed, events = load_fixture(SEED_FIXTURE), seed_annotation().events
    expressions = list(zip(events["expression_start"], events["expression_end"], strict=True))

    def fits(date: tuple[int, int], expression: tuple[int, int]) -> bool:
        return lies_within(date, expression) or lies_within(expression, date)

    for expression, words in zip(expressions, events["expression"], strict=True):
        assert any(fits(span(row), expression) for row in seed.dates), words
    for row in seed.dates:
        assert any(fits(span(row), expression) for expression in expressions), row["text"]


def test_seed_gold_quotes_are_the_curated_direct_quotes() -> None:
    """Each direct-quote claim overlaps a gold quote, and each gold quote's words lie in
    direct-quote claims (a quote the curators cut in two at a sentence is one gold quote)."""
    seed, claims = load_fixture(SEED_FIXTURE), seed_annotation().claims
    direct = claims[claims["attribution_mode"] == "direct_quote"]
    claim_spans = list(zip(direct["span_start"], direct["span_end"], strict=True))
    for claim_span, words in zip(claim_spans, direct["span"], strict=True):
        assert any(overlaps(claim_span, span(row)) for row in seed.quotes), words
    for row in seed.quotes:
        outside = [
            index
            for index in range(row["start"], row["end"])
            if not seed.text[index].isspace()
            and not any(start <= index < end for start, end in claim_spans)
        ]
        assert not outside, row["text"]


def test_seed_gold_speakers_are_the_curated_speakers() -> None:
    """A quote of a person's claim names that person; a quote of an organisation's, no one."""
    annotation = seed_annotation()
    seed, claims, actors = load_fixture(SEED_FIXTURE), annotation.claims, annotation.actors
    by_id = actors.set_index("actor_id")
    direct = claims[claims["attribution_mode"] == "direct_quote"]
    for row in seed.quotes:
        speakers = {
            speaker_name(by_id.loc[claim["speaker_actor_id"]])
            for claim in direct.to_dict("records")
            if overlaps(span(row), (claim["span_start"], claim["span_end"]))
        }
        assert speakers == {row["speaker"]}, row["text"]


def speaker_name(actor: pd.Series) -> str | None:
    return actor["name"] if actor["actor_type"] == "person" else None


def test_seed_gold_people_are_the_curated_people() -> None:
    seed, actors = load_fixture(SEED_FIXTURE), seed_annotation().actors
    curated = actors.loc[actors["actor_type"] == "person", "name"].tolist()
    for row in seed.actors:
        if row["kind"] == "person":
            assert any(name.endswith(row["name"]) for name in curated), row["name"]


# --- Every difficulty appears at least twice -----------------------------------------------


def has_date(phrase: str) -> Callable[[Fixture], bool]:
    return lambda f: any(row["text"].lower() == phrase for row in f.dates)


def has_date_where(test: Callable[[Fixture, dict[str, Any]], bool]) -> Callable[[Fixture], bool]:
    return lambda f: any(test(f, row) for row in f.dates)


def has_words(pattern: str) -> Callable[[Fixture], bool]:
    return lambda f: re.search(pattern, f.text) is not None


def has_quote_where(test: Callable[[Fixture, dict[str, Any]], bool]) -> Callable[[Fixture], bool]:
    return lambda f: any(test(f, row) for row in f.quotes)


def has_quote_pair_where(
    test: Callable[[Fixture, dict[str, Any], dict[str, Any]], bool],
) -> Callable[[Fixture], bool]:
    return lambda f: any(test(f, a, b) for a, b in itertools.pairwise(f.quotes))


def has_actor(kind: str, field: str, words: str) -> Callable[[Fixture], bool]:
    return lambda f: any(row["kind"] == kind and words in (row[field] or "") for row in f.actors)


def first_day_of(value: str) -> dt.date:
    """The first day a (non-interval) value covers, enough to tell past from future."""
    year = int(value[:4])
    if "-W" in value:
        return dt.date.fromisocalendar(year, int(value[6:]), 1)
    if value[5:] in ("SP", "SU", "FA", "WI"):
        return dt.date(year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[value[5:]], 1)
    return dt.date.fromisoformat((value + "-01-01")[:10])


def is_weekday(future: bool) -> Callable[[Fixture, dict[str, Any]], bool]:
    def test(f: Fixture, row: dict[str, Any]) -> bool:
        return row["text"] in WEEKDAYS and (first_day_of(row["value"]) > f.reference_date) is future

    return test


def is_month_name(future: bool) -> Callable[[Fixture, dict[str, Any]], bool]:
    def test(f: Fixture, row: dict[str, Any]) -> bool:
        return row["text"] in MONTHS and (first_day_of(row["value"]) > f.reference_date) is future

    return test


def is_split_around_said(f: Fixture, a: dict[str, Any], b: dict[str, Any]) -> bool:
    between = f.text[a["end"] : b["start"]]
    return a["speaker"] == b["speaker"] and "\n" not in between and " said" in between


def runs_across_paragraphs(f: Fixture, a: dict[str, Any], b: dict[str, Any]) -> bool:
    between = f.text[a["end"] : b["start"]]
    return a["speaker"] == b["speaker"] and between in ('\n\n"', "\n\n\u201c")


def is_cued_by(cue: str) -> Callable[[Fixture, dict[str, Any]], bool]:
    pattern = re.compile(rf"\b{cue}\b", re.IGNORECASE)
    return lambda f, row: pattern.search(words_around(f, row)) is not None


def is_by_surname_alone(f: Fixture, row: dict[str, Any]) -> bool:
    """The speaker is named by surname only near the quote, after a full mention earlier."""
    if row["speaker"] is None:
        return False
    surname = row["speaker"].rsplit(" ", 1)[-1]
    around = words_around(f, row)
    named_before = f.text.find(row["speaker"]) < row["start"]
    return named_before and surname in around and row["speaker"] not in around


def is_by_nearest_speaker(f: Fixture, row: dict[str, Any]) -> bool:
    """Attributed to someone, with no reporting verb in its own paragraph."""
    return row["speaker"] is not None and REPORTING_CUE.search(words_around(f, row)) is None


def names_an_organisation(f: Fixture, words: str) -> bool:
    named = any(a["kind"] == "organisation" and a["name"] in words for a in f.actors)
    return named or re.search(r"ministry|statement|press release", words) is not None


def is_by_organisation(f: Fixture, row: dict[str, Any]) -> bool:
    return row["speaker"] is None and names_an_organisation(f, words_around(f, row))


def is_by_no_one(f: Fixture, row: dict[str, Any]) -> bool:
    around = words_around(f, row)
    named = any(a["name"] in around for a in f.actors)
    return row["speaker"] is None and not named and not names_an_organisation(f, around)


SHORT_QUOTED_TERM = re.compile(r'["\u201c](\S[^"\u201d\n]{0,38}\S)["\u201d]')


def leaves_out_a_scare_quote(f: Fixture) -> bool:
    """A term of one to three words in quotation marks that is not a gold quote."""
    starts = {row["start"] for row in f.quotes}
    return any(
        len(m.group(1).split()) <= 3 and m.start(1) not in starts
        for m in SHORT_QUOTED_TERM.finditer(f.text)
    )


TITLES = ("Col. General", "Deputy Defense Minister", "Chief of General Staff", "Rear Admiral")
DATE_PHRASES = [
    "three years ago", "last year", "today", "yesterday", "last week", "earlier this month",
    "next month", "next year", "this spring", "last autumn", "between march and may",
    "the following day", "two days later",
]  # fmt: skip
DIFFICULTIES: dict[str, Callable[[Fixture], bool]] = {
    **{f"date: {phrase}": has_date(phrase) for phrase in DATE_PHRASES},
    "date: a weekday in the past": has_date_where(is_weekday(future=False)),
    "date: a weekday in the future": has_date_where(is_weekday(future=True)),
    "date: a month name in the past": has_date_where(is_month_name(future=False)),
    "date: a month name in the future": has_date_where(is_month_name(future=True)),
    "date: a day without its year (Feb. 28)": has_date_where(
        lambda f, r: r["precision"] == "day" and re.fullmatch(r"[A-Z][a-z]+\.? \d{1,2}", r["text"])
    ),
    "date: a day with its year (March 1, 2017)": has_date_where(
        lambda f, r: r["anchor"] == "absolute" and re.search(r", \d{4}$", r["text"]) is not None
    ),
    "date: a bare year (in 2014)": has_date_where(
        lambda f, r: r["anchor"] == "absolute" and re.fullmatch(r"\d{4}", r["text"]) is not None
    ),
    "date: a duration implying an interval": has_date_where(
        lambda f, r: r["precision"] == "interval" and r["anchor"] == "previous"
    ),
    "date: will meet next month": has_words(r"will meet next month"),
    "date: due to resume in the spring": has_words(r"due to resume in the spring"),
    **{f"trap: {name}": has_words(pattern) for name, pattern in TRAPS.items()},
    "quote: straight marks": has_quote_where(lambda f, r: f.text[r["start"] - 1] == '"'),
    "quote: curly marks": has_quote_where(lambda f, r: f.text[r["start"] - 1] == "\u201c"),
    "quote: split around he said": has_quote_pair_where(is_split_around_said),
    "quote: across two paragraphs": has_quote_pair_where(runs_across_paragraphs),
    **{
        f"quote: cued by {cue}": has_quote_where(is_cued_by(cue))
        for cue in ("said", "stressed", "added", "told", "according to", "the press release said")
    },
    "quote: by surname after a full mention": has_quote_where(is_by_surname_alone),
    "quote: by the nearest named speaker": has_quote_where(is_by_nearest_speaker),
    "quote: by an organisation": has_quote_where(is_by_organisation),
    "quote: by no one": has_quote_where(is_by_no_one),
    "quote: a scare quote left out": leaves_out_a_scare_quote,
    **{f"actor: {title}": has_actor("person", "title", title) for title in TITLES},
    **{
        f"actor: {name}": has_actor("organisation", "name", name)
        for name in ("NATO Military Committee", "Russian Defense Ministry", "OSCE")
    },
}


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_each_difficulty_appears_in_two_fictional_articles(difficulty: str) -> None:
    fictional = [f for f in all_fixtures() if f.name.startswith("fx-")]
    found_in = [f.name for f in fictional if DIFFICULTIES[difficulty](f)]
    assert len(found_in) >= 2, found_in
