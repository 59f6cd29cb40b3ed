"""A drafted annotation: what the finders found, as the tables of a curated one.

Every record is marked ``review: drafted``. Quotes become direct-quote claims of their
speaker; each date outside a quote gets a claim of the outlet's narration (its sentence), so
that every date mention has the claim whose words hold it. A date becomes an event only when
the report's resolver (:func:`analysis.dates.resolve_date_expression`) gives it the same
interval as the drafter; the others are listed in the draft's note for the reviewer. An event
whose days and participants match an event of the public record is linked to it, and its
claim gets a check with the verdict "unconfirmed" and the evidence "to review": the drafter
never decides a verdict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from analysis.dates import DateResolutionError, ResolvedDate, resolve_date_expression
from analysis.draft.model import Draft, FoundActor, FoundDate, FoundQuote
from analysis.draft.text import sentence_at, sentence_bounds

DRAFTED = "drafted"
TO_REVIEW = "to review"
# Words that make a sentence a report of a contact, and the channel they name.
_CONTACT_WORDS = re.compile(
    r"\b(call(?:ed|s)?|telephone|phone|talk(?:s|ed)?|met|meet(?:s|ing|ings)?|spoke|"
    r"conversation|summit|consultations?)\b",
    re.I,
)
_PHONE_WORDS = re.compile(r"\b(telephone|phone|call(?:ed|s)?)\b", re.I)
# A topic for a drafted claim, by the first pattern its words match (all are in TOPICS).
_TOPIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nato_russia_council", re.compile(r"NATO[-–]Russia Council", re.I)),
    ("incident_prevention", re.compile(r"\bincident|\bhotline|\baccident", re.I)),
    ("european_security", re.compile(r"security in Europe|European security", re.I)),
    ("military_contacts", re.compile(r"\b(military|general|admiral|defen[cs]e|chiefs?)\b", re.I)),
    ("tensions", re.compile(r"\b(tension|frozen|freeze|crisis|suspend)", re.I)),
)
_DEFAULT_TOPIC = "dialogue"


@dataclass
class DraftTables:
    """The tables of a drafted annotation, and what the reviewer should know of them."""

    actors: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    contested: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_files(self) -> dict[str, list[dict[str, Any]]]:
        """Each table by its file's name (without .yaml), without the drafter's own keys."""
        tables = {
            "actors": self.actors,
            "claims": self.claims,
            "events": self.events,
            "checks": self.checks,
            "contested": self.contested,
        }
        return {
            name: [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
            for name, rows in tables.items()
        }


def slug(text: str, limit: int = 40) -> str:
    """``text`` as an id: lower-case letters and digits joined by '_'.

    >>> slug("Col. General Alexander Zhuravlev")
    'col_general_alexander_zhuravlev'
    """
    words = re.findall(r"[a-z0-9]+", text.casefold().encode("ascii", "ignore").decode())
    return "_".join(words)[:limit].strip("_") or "x"


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not taken yet (and take it)."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def build_tables(
    text: str, draft: Draft, outlet: str, record: dict[str, list[dict[str, Any]]]
) -> DraftTables:
    """The drafted annotation of ``text`` from what the finders found in it."""
    tables = DraftTables()
    taken = {str(row["actor_id"]) for row in record["actors"]}
    outlet_id = _unique(slug(outlet), taken)
    tables.actors.append(
        {
            "actor_id": outlet_id,
            "name": outlet,
            "actor_type": "media",
            "role": "Outlet that published the article",
            "side": "media",
            "review": DRAFTED,
        }
    )
    actor_ids = _add_actors(tables, draft.actors, taken)
    sentences = sentence_bounds(text)
    _add_quote_claims(tables, text, draft.quotes, actor_ids, draft.actors, outlet_id)
    _add_date_claims_and_events(tables, text, sentences, draft, actor_ids, outlet_id)
    _link_record(tables, record)
    return tables


def _add_actors(
    tables: DraftTables, actors: tuple[FoundActor, ...], taken: set[str]
) -> dict[str, str]:
    """An actor record for each actor the record does not hold; returns name -> actor id."""
    ids: dict[str, str] = {}
    for actor in actors:
        if actor.record_actor_id:
            ids[actor.name] = actor.record_actor_id
            continue
        actor_id = _unique(
            slug(actor.name.split()[-1] if actor.kind == "person" else actor.name), taken
        )
        ids[actor.name] = actor_id
        record: dict[str, Any] = {
            "actor_id": actor_id,
            "name": actor.name,
            "actor_type": actor.kind,
            "side": "other",
            "review": DRAFTED,
        }
        if actor.title:
            record["role"] = actor.title
        tables.actors.append(record)
    return ids


def _occurrence(text: str, span: str, start: int) -> int:
    """Which occurrence of ``span`` in ``text`` starts at ``start`` (1-based)."""
    return text.count(span, 0, start) + 1


def _topics(words: str) -> list[str]:
    for topic, pattern in _TOPIC_PATTERNS:
        if pattern.search(words):
            return [topic]
    return [_DEFAULT_TOPIC]


def _claim(
    claim_id: str, text: str, start: int, end: int, speaker: str, mode: str, kind: str
) -> dict[str, Any]:
    span = text[start:end]
    claim: dict[str, Any] = {
        "claim_id": claim_id,
        "span": span,
        "speaker_actor_id": speaker,
        "attribution_mode": mode,
        "claim_kind": kind,
        "topics": _topics(span),
        "review": DRAFTED,
        "_start": start,
        "_end": end,
    }
    occurrence = _occurrence(text, span, start)
    if text.count(span) > 1:
        claim["span_occurrence"] = occurrence
    return claim


def _add_quote_claims(
    tables: DraftTables,
    text: str,
    quotes: tuple[FoundQuote, ...],
    actor_ids: dict[str, str],
    actors: tuple[FoundActor, ...],
    outlet_id: str,
) -> None:
    """A direct-quote claim for each quote, of its speaker (the outlet when it names none)."""
    for quote in quotes:
        if not quote.text.strip():
            continue
        speaker = actor_ids.get(quote.speaker or "", "") or _organisation_in(
            quote.cue, actors, actor_ids
        )
        claim = _claim(
            f"c{len(tables.claims) + 1:02d}",
            text,
            quote.start,
            quote.end,
            speaker or outlet_id,
            "direct_quote",
            "position",
        )
        if quote.cue:
            claim["attribution_cue"] = quote.cue
        tables.claims.append(claim)


def _organisation_in(
    cue: str | None, actors: tuple[FoundActor, ...], actor_ids: dict[str, str]
) -> str | None:
    """The organisation an attribution cue names ("said the Russian Defense Ministry")."""
    if not cue:
        return None
    for actor in actors:
        if actor.kind == "organisation" and actor.name.casefold() in cue.casefold():
            return actor_ids[actor.name]
    return None


def _add_date_claims_and_events(
    tables: DraftTables,
    text: str,
    sentences: list[tuple[int, int]],
    draft: Draft,
    actor_ids: dict[str, str],
    outlet_id: str,
) -> None:
    """An event for each date the report's resolver agrees on, held by a claim."""
    previous: tuple[str, ResolvedDate] | None = None
    for found in draft.dates:
        claim = _holding_claim(tables, text, sentences, found, outlet_id)
        resolved = _resolve_like_the_report(found, draft.reference_date, previous)
        if resolved is None:
            tables.notes.append(
                f"date {found.text!r} (characters {found.start}-{found.end}) resolves to "
                f"{found.value} ({found.precision}); the report's resolver does not give it "
                "the same days, so it is not an event yet"
            )
            continue
        sentence = text[slice(*sentence_at(sentences, found.start))]
        event = _event(tables, found, claim, sentence, draft.actors, actor_ids)
        event["_days"] = (resolved.start, resolved.end)
        if found.anchor == "previous" and previous is not None:
            event["anchor_event_id"] = previous[0]
        if found.is_future:
            event["is_future"] = True
        tables.events.append(event)
        previous = (event["event_id"], resolved)


def _holding_claim(
    tables: DraftTables,
    text: str,
    sentences: list[tuple[int, int]],
    found: FoundDate,
    outlet_id: str,
) -> dict[str, Any]:
    """The claim whose words hold the date: a quote around it, else its sentence's claim."""
    for claim in tables.claims:
        if claim["_start"] <= found.start and found.end <= claim["_end"]:
            return claim
    start, end = sentence_at(sentences, found.start)
    claim = _claim(
        f"c{len(tables.claims) + 1:02d}", text, start, end, outlet_id, "narration", "event_report"
    )
    tables.claims.append(claim)
    return claim


def _resolve_like_the_report(
    found: FoundDate, reference_date: dt.date, previous: tuple[str, ResolvedDate] | None
) -> ResolvedDate | None:
    """The report's resolution of ``found``, if it gives the drafter's days; else None."""
    anchor = previous[1] if found.anchor == "previous" and previous else None
    try:
        resolved = resolve_date_expression(
            found.text, reference_date, anchor, is_future=found.is_future
        )
    except DateResolutionError:
        return None
    if (resolved.start, resolved.end) != (found.first_day, found.last_day):
        return None
    return resolved


def _event(
    tables: DraftTables,
    found: FoundDate,
    claim: dict[str, Any],
    sentence: str,
    actors: tuple[FoundActor, ...],
    actor_ids: dict[str, str],
) -> dict[str, Any]:
    """A drafted event: the expression, its claim, what kind of event, who took part."""
    is_contact = bool(_CONTACT_WORDS.search(sentence))
    event: dict[str, Any] = {
        "event_id": f"e{len(tables.events) + 1:02d}",
        "label": _label(sentence),
        "expression": found.text,
        "claim_id": claim["claim_id"],
        "event_type": "contact" if is_contact else "other",
        "review": DRAFTED,
    }
    span = claim["span"]
    if span.count(found.text) > 1:
        event["expression_occurrence"] = _occurrence(
            span, found.text, found.start - claim["_start"]
        )
    if is_contact:
        event["channel"] = "phone_call" if _PHONE_WORDS.search(sentence) else "meeting"
    participants = [
        actor_ids[actor.name]
        for actor in actors
        if actor.name in sentence or _mentioned(sentence, actor)
    ]
    if participants:
        event["participant_actor_ids"] = sorted(set(participants))
    return event


def _mentioned(sentence: str, actor: FoundActor) -> bool:
    """Whether the sentence names ``actor`` by its surname or last word."""
    return bool(re.search(rf"\b{re.escape(actor.name.split()[-1])}\b", sentence))


def _label(sentence: str, limit: int = 90) -> str:
    """A sentence shortened to a label."""
    flat = " ".join(sentence.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def _link_record(tables: DraftTables, record: dict[str, list[dict[str, Any]]]) -> None:
    """Link each event to the record event of the same days and a shared participant, and
    propose a check of its claim, "unconfirmed", "to review"."""
    checked: set[str] = set()
    for event in tables.events:
        match = _record_match(event, event["_days"], record["record_events"])
        if match is None:
            continue
        event["record_event_id"] = match["record_event_id"]
        if event["claim_id"] in checked:
            continue
        checked.add(event["claim_id"])
        tables.checks.append(
            {
                "check_id": f"chk_{event['claim_id']}",
                "claim_id": event["claim_id"],
                "verdict": "unconfirmed",
                "evidence": TO_REVIEW,
                "record_event_ids": [match["record_event_id"]],
                "citations": match["citations"],
                "review": DRAFTED,
            }
        )


def _record_match(
    event: dict[str, Any], days: tuple[dt.date, dt.date] | None, record_events: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The record event on the event's days that shares a participant with it, if one does."""
    participants = set(event.get("participant_actor_ids", []))
    if days is None or not participants:
        return None
    for candidate in record_events:
        start = candidate["start_date"]
        if days[0] <= start <= days[1] and participants & set(
            candidate["participant_actor_ids"] or []
        ):
            return candidate
    return None
