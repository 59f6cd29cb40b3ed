"""What the drafter finds in an article's text, and its JSON form (a stable contract).

Offsets are Python ``str`` indices into the text as read, the end exclusive. A date's
``value`` is written in the style of TIMEX3: ``2017-02-28`` (day), ``2017-03`` (month),
``2017-W08`` (ISO week), ``2014`` (year), ``2014-SP`` (season: SP, SU, FA, WI), and
``2014/2016`` for an interval (``precision`` "interval").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "week", "month", "season", "year", "interval"]
Anchor = Literal["reference", "previous", "absolute"]
ActorKind = Literal["person", "organisation"]

PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year", "interval")
ANCHORS: tuple[str, ...] = ("reference", "previous", "absolute")


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in the text and what it resolves to.

    ``anchor`` is "reference" when resolved from the reference date, "previous" when from the
    last date resolved before it in the text ("the following day"), and "absolute" when the
    expression names its date in full ("March 1, 2017", "in 2014").
    """

    text: str
    start: int
    end: int
    value: str
    precision: Precision
    anchor: Anchor
    first_day: dt.date  # the resolved interval, for the annotation's events
    last_day: dt.date
    rule: str  # the rule or library path that resolved it, for the reviewer
    is_future: bool = False  # its clause speaks of the future ("will meet in May")

    def to_json(self) -> dict[str, Any]:
        """The contract's form: text, offsets, value, precision and anchor."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "precision": self.precision,
            "anchor": self.anchor,
        }


@dataclass(frozen=True)
class FoundQuote:
    """Words in quotation marks and the person the text attributes them to.

    ``start``/``end`` cover the quoted words without the quotation marks; a quote split around
    "he said" is two quotes with the same speaker. ``speaker`` is the full name given in the
    text, or None when the text attributes the quote to no one (or to an organisation).
    """

    text: str
    start: int
    end: int
    speaker: str | None
    cue: str | None = None  # the attributing words, e.g. "said Danilov", verbatim
    cue_start: int | None = None
    cue_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "speaker": self.speaker}


@dataclass(frozen=True)
class FoundActor:
    """One person or organisation, however often and however named in the text."""

    name: str  # the fullest name the text gives
    kind: ActorKind
    title: str | None = None  # e.g. "Chief of General Staff", as the text gives it
    mentions: tuple[tuple[int, int], ...] = field(default=())  # every (start, end) naming it
    record_actor_id: str | None = None  # the same actor in data/record/actors.yaml

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "kind": self.kind}


@dataclass(frozen=True)
class Draft:
    """Everything found in one article."""

    published: dt.date
    reference_date: dt.date
    dates: tuple[FoundDate, ...]
    quotes: tuple[FoundQuote, ...]
    actors: tuple[FoundActor, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` contract documented in the README."""
        return {
            "article": {
                "published": self.published.isoformat(),
                "reference_date": self.reference_date.isoformat(),
            },
            "dates": [d.to_json() for d in self.dates],
            "quotes": [q.to_json() for q in self.quotes],
            "actors": [a.to_json() for a in self.actors],
        }


def as_plain(value: Any) -> Any:
    """A dataclass as plain data (dates as ISO text), for logs and tests."""
    return asdict(value)
