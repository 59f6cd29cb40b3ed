"""Everything the report's charts and tables need, computed from a loaded annotation."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.dates import DateResolutionError, ResolvedDate, resolve_date_expression
from analysis.datetext import iso_at_precision, period_end
from analysis.load import Annotation, load_annotation
from analysis.params import ParameterError, ReportParameters
from analysis.schema import SchemaError
from analysis.tables import (
    CHECKED_CLAIMS,
    CITED_SOURCES,
    CONTACT_EDGES,
    CONTACTS,
    CONTESTED_WORDING,
    DATE_COMPARISON,
    OUTPUT_TABLES,
    RESOLVED_EVENTS,
    SOURCE_KINDS,
    SPEAKER_VERDICTS,
    SPEAKERS,
    TIMELINE,
)
from analysis.verdicts import VERDICT_NAMES, VERDICTS


def declared(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``, checked against the output table ``name`` declares (``OUTPUT_TABLES``).

    Raises :class:`SchemaError` naming the table, the row and the field of the first problem,
    so a chart or an HTML table never meets a column it has to guess at.
    """
    OUTPUT_TABLES[name].validate_frame(frame, f"output table '{name}'")
    return frame


def declared_counts(name: str, counts: pd.DataFrame) -> pd.DataFrame:
    """A table of counts per speaker (the index), checked like :func:`declared`."""
    declared(name, counts.rename_axis("speaker").reset_index())
    return counts


RESOLVED_COLUMNS = RESOLVED_EVENTS.field_names


def _resolved_row(row: dict[str, Any], date: ResolvedDate) -> dict[str, Any]:
    """An event's row of the ``resolved_events`` table: the event and its resolved date."""
    return {
        **{key: row[key] for key in RESOLVED_COLUMNS[:8]},
        "event_start": pd.Timestamp(date.start),
        "event_end": pd.Timestamp(date.end),
        "date_precision": date.precision,
        "date_label": date.label,
        "date_rule": date.rule,
        "reference_date": pd.Timestamp(date.reference_date),
        "date_explanation": date.explanation,
    }


def resolve_events(annotation: Annotation, reference_date: dt.date) -> pd.DataFrame:
    """Resolve every article event's date expression against ``reference_date``.

    Anchored expressions ("the following day", "a two-year hiatus") are resolved after their
    anchor; a cycle of anchors is refused.
    """
    events = annotation.events
    rows = {row["event_id"]: row for row in events.to_dict(orient="records")}
    resolved: dict[str, ResolvedDate] = {}
    source = str(annotation.article.path.parent.parent.parent / "annotations")

    def resolve(event_id: str, chain: tuple[str, ...]) -> ResolvedDate:
        if event_id in resolved:
            return resolved[event_id]
        if event_id in chain:
            raise SchemaError(
                f"{source}/{annotation.article.article_id}/events.yaml",
                f"anchor cycle {' -> '.join((*chain, event_id))}",
                record_id=event_id,
                field="anchor_event_id",
            )
        row = rows[event_id]
        anchor_id = row["anchor_event_id"]
        anchor = resolve(anchor_id, (*chain, event_id)) if isinstance(anchor_id, str) else None
        try:
            resolved[event_id] = resolve_date_expression(
                row["expression"], reference_date, anchor, is_future=row.get("is_future") is True
            )
        except DateResolutionError as exc:
            index = list(rows).index(event_id)
            raise SchemaError(
                f"{source}/{annotation.article.article_id}/events.yaml",
                str(exc),
                record=index,
                record_id=event_id,
                field="expression",
                value=row["expression"],
                has_value=True,
            ) from None
        return resolved[event_id]

    records = [_resolved_row(row, resolve(event_id, ())) for event_id, row in rows.items()]
    frame = pd.DataFrame.from_records(records, columns=RESOLVED_COLUMNS)
    for column in ("event_start", "event_end", "reference_date"):
        # Dates also when there are no events, so that what follows treats them alike.
        frame[column] = pd.to_datetime(frame[column])
    return declared(RESOLVED_EVENTS.name, frame)


def alternative_reference_date(annotation: Annotation, reference_date: dt.date) -> dt.date:
    """The other plausible reference date: the edition's publication day or the day reported on."""
    reported_on = annotation.article.metadata["date_reported_on"]
    published = annotation.article.metadata["date_published"]
    return published if reference_date == reported_on else reported_on


COMPARISON_COLUMNS = DATE_COMPARISON.field_names


def compare_reference_dates(
    annotation: Annotation, reference_date: dt.date, other_date: dt.date
) -> pd.DataFrame:
    """Each event resolved under two reference dates, with record dates and agreement.

    ``is_changed`` marks the expressions whose resolution depends on the choice;
    ``agrees_with_record`` says whether the resolved interval holds the record's date.
    """
    chosen = resolve_events(annotation, reference_date)
    other = resolve_events(annotation, other_date).set_index("event_id")
    record = annotation.record_events.set_index("record_event_id")
    rows = []
    for row in chosen.to_dict(orient="records"):
        alt = other.loc[row["event_id"]]
        record_id = row["record_event_id"]
        record_start = None
        agrees: bool | None = None
        if isinstance(record_id, str):
            rec = record.loc[record_id].to_dict()
            record_start, last_day = rec["start_date"], record_end(rec)
            # A day-precision record date must fall inside the article's interval; a coarser
            # one need only overlap it.
            if rec["precision"] == "day":
                agrees = bool(row["event_start"] <= record_start <= row["event_end"])
            else:
                agrees = bool(row["event_start"] <= last_day and record_start <= row["event_end"])
        rows.append(
            {
                "event_id": row["event_id"],
                "label": row["label"],
                "expression": row["expression"],
                "date_rule": row["date_rule"],
                "date_precision": row["date_precision"],
                "resolved": row["date_label"],
                "resolved_other": alt["date_label"],
                "is_changed": row["date_label"] != alt["date_label"],
                "record_event_id": record_id if isinstance(record_id, str) else None,
                "record_date": record_start.date().isoformat()
                if record_start is not None
                else None,
                "agrees_with_record": agrees,
            }
        )
    # The columns are named even without rows: an article may hold no dated event.
    return declared(DATE_COMPARISON.name, pd.DataFrame(rows, columns=COMPARISON_COLUMNS))


def record_end(row: dict[str, Any]) -> pd.Timestamp:
    """Last day of a record event: its end date, or the end of its day, month or year."""
    return period_end(row["start_date"], row["end_date"], row["precision"])


def actor_names(annotation: Annotation) -> dict[str, str]:
    """Each actor's name by actor id."""
    return dict(zip(annotation.actors["actor_id"], annotation.actors["name"], strict=True))


# A timeline row of one event leaves these empty; see group_timeline_events.
_GROUP_FIELDS = (
    "period_start",
    "period_end",
    "member_ids",
    "member_starts",
    "member_confirmed",
    "member_focus",
)


def _timeline_item(**fields: Any) -> dict[str, Any]:
    """A timeline row of one phase or event: ``fields``, and no group."""
    return {**fields, **dict.fromkeys(_GROUP_FIELDS)}


def _phase_items(annotation: Annotation, window_end: pd.Timestamp) -> list[dict[str, Any]]:
    """The record's phases as timeline rows; one still running ends with the window."""
    return [
        _timeline_item(
            item_id=row["phase_id"],
            label=row["label"],
            origin="record",
            item_kind="phase",
            item_type=row["phase_type"],
            start=row["start_date"],
            end=row["end_date"] if pd.notna(row["end_date"]) else window_end,
            date_precision=row["precision"],
            is_open_ended=pd.isna(row["end_date"]),
            is_confirmed=True,
            mentions=0,
            participant_actor_ids=[row["actor_id"]] if isinstance(row["actor_id"], str) else [],
        )
        for row in annotation.phases.to_dict(orient="records")
    ]


def _article_items(events: pd.DataFrame) -> list[dict[str, Any]]:
    """The article's events as timeline rows, the mentions of one record event drawn once
    (at the most precise of their dates)."""
    grouped = events.assign(
        group_key=events["record_event_id"].where(
            events["record_event_id"].notna(), events["event_id"]
        )
    )
    items = []
    for _, group in grouped.groupby("group_key", sort=False):
        widths = group["event_end"] - group["event_start"]
        best = group.loc[widths.idxmin()]
        items.append(
            _timeline_item(
                item_id=best["event_id"],
                label=best["label"],
                origin="article",
                item_kind="event",
                item_type=best["event_type"],
                start=best["event_start"],
                end=best["event_end"],
                date_precision=best["date_precision"],
                is_open_ended=False,
                is_confirmed=True,
                mentions=len(group),
                participant_actor_ids=sorted(
                    {a for ids in group["participant_actor_ids"] for a in ids}
                ),
            )
        )
    return items


def _record_items(annotation: Annotation) -> list[dict[str, Any]]:
    """The record's events as timeline rows."""
    return [
        _timeline_item(
            item_id=row["record_event_id"],
            label=row["label"],
            origin="record",
            item_kind="event",
            item_type=row["event_type"],
            start=row["start_date"],
            end=record_end(row),
            date_precision=row["precision"],
            is_open_ended=False,
            is_confirmed=bool(row["is_confirmed"]),
            mentions=0,
            participant_actor_ids=list(row["participant_actor_ids"]),
        )
        for row in annotation.record_events.to_dict(orient="records")
    ]


def build_timeline_items(
    annotation: Annotation, params: ReportParameters, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Phases, article events and record events to draw on the timeline, within the window.

    Article mentions of the same record event are drawn once (``mentions`` counts them).
    Dates keep their precision: a year-precision event spans its whole year. The rows are
    the declared ``timeline`` table, their group fields empty.
    """
    if events is None:
        events = resolve_events(annotation, params.reference_date)
    items = _phase_items(annotation, pd.Timestamp(params.window_end)) + _article_items(events)
    if params.include_context:
        items += _record_items(annotation)
    frame = pd.DataFrame(items, columns=TIMELINE.field_names)
    if frame.empty:
        return declared(TIMELINE.name, frame)
    in_window = (frame["end"] >= pd.Timestamp(params.window_start)) & (
        frame["start"] <= pd.Timestamp(params.window_end)
    )
    frame = frame[in_window].copy()
    frame["involves_focus"] = frame["participant_actor_ids"].map(
        lambda ids: params.focus_actor in ids
    )
    frame = frame.sort_values(["item_kind", "start"], ascending=[False, True])
    return declared(TIMELINE.name, frame.reset_index(drop=True))


# --- Chart data at scale: page-sized parts, groups and selections -----------------------------

TIMELINE_PAGE_ROWS = 18  # timeline rows that fit one printed page, with two-line labels
WEEK_PAGE_IN = 7.0  # inches of rows in one chart of the week of contacts: a printed page
MAX_PAGES = 2  # pages one kind of item may take before its rows are grouped
MAX_SPEAKER_ROWS = 18  # the speakers chart's rows, the "other speakers" row included
MAX_NETWORK_ACTORS = 16  # nodes of the contact network
MAX_NETWORK_EDGES = 28  # lines of the contact network, each with a date label

# Written out rather than taken from strftime, whose names follow the machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLURALS = {
    "crisis": "crises",
    "phone_call": "phone calls",
    "council_meeting": "council meetings",
    "ministerial_decision": "ministerial decisions",
    "public_statement": "public statements",
    "other": "other events",
}


@dataclass(frozen=True)
class ChartPart:
    """One chart's rows, its title, and what it groups or leaves out.

    ``note`` is drawn in the chart itself; ``caption`` says the same for the report's text,
    with where the rows a chart groups or leaves out can be read one by one. Both are empty
    when the chart draws every row as it is. ``summary_row`` names a row that sums others.
    """

    frame: pd.DataFrame
    title: str
    note: str = ""
    caption: str = ""
    summary_row: str | None = None


def _plural(word: str, count: int) -> str:
    """``count`` and a type name, in the plural when it needs one: '3 phone calls'."""
    if count == 1:
        return f"1 {word.replace('_', ' ')}"
    return f"{count} {_PLURALS.get(word, word.replace('_', ' ') + 's')}"


def _month_span(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """'Mar 2016', or 'Jan 2016 to Mar 2017' when the dates fall in different months."""
    start = f"{_MONTHS[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return start
    return f"{start} to {_MONTHS[last.month - 1]} {last.year}"


def _equal_chunks(
    frame: pd.DataFrame, size: int, first_room: int | None = None
) -> list[pd.DataFrame]:
    """``frame`` cut into parts of at most ``size`` rows, as equal as they can be.

    ``first_room`` is the room left in the first part when something else (the phases) takes
    the rest of it; that part is empty when the rest is more than an equal share. Equal parts
    read better than full pages and a short remainder.
    """
    if frame.empty:
        return []
    first_room = size if first_room is None else first_room
    taken = size - first_room
    count = -(-(len(frame) + taken) // size)  # ceiling division
    # The first `extra` parts have a row more than the others, the rows taken included.
    per_part, extra = divmod(len(frame) + taken, count)
    bounds = [max(i * per_part + min(i, extra) - taken, 0) for i in range(count + 1)]
    return [frame.iloc[a:b] for a, b in itertools.pairwise(bounds)]


def _period(ts: pd.Timestamp, period: str) -> tuple[pd.Timestamp, pd.Timestamp, str, str]:
    """The month, quarter or year holding ``ts``: first day, last day, key and precision."""
    span = pd.Timestamp(ts).to_period({"month": "M", "quarter": "Q", "year": "Y"}[period])
    precision = "year" if period == "year" else "month"
    return span.start_time.normalize(), span.end_time.normalize(), str(span), precision


def _group_keys(events: pd.DataFrame, is_day: pd.Series, max_rows: int) -> tuple[list[str], str]:
    """Each event's group and the period grouping it: the finest period giving at most
    ``max_rows`` groups (or years, if none does).

    An event dated to the day falls in its period; one known only to a month or year shares
    its group with those of the same interval.
    """
    for period in ("month", "quarter", "year"):
        keys = [
            _period(start, period)[2] if day else f"{start:%Y-%m-%d}/{end:%Y-%m-%d}/{precision}"
            for start, end, precision, day in zip(
                events["start"], events["end"], events["date_precision"], is_day, strict=True
            )
        ]
        if len(set(keys)) <= max_rows:
            break
    return keys, period


def _type_counts(group: pd.DataFrame) -> str:
    """A group row's label: its events counted by type, two types named past three."""
    counts = group["item_type"].value_counts()
    kinds = [_plural(str(kind), int(n)) for kind, n in counts.items()]
    if len(kinds) > 3:
        kinds = [*kinds[:2], f"{int(counts.iloc[2:].sum())} of other types"]
    return kinds[0] if len(kinds) == 1 else f"{len(group)} events: {', '.join(kinds)}"


def _group_row(key: str, group: pd.DataFrame, period: str, points: bool) -> dict[str, Any]:
    """One timeline row for the events of ``group``: counted in its label, listed as members.

    With ``points`` (all dated to the day) the row runs from the first event to the last and
    is dated by its period; otherwise it is the interval the events share.
    """
    first = group.iloc[0]
    if points:
        period_start, period_end, _, precision = _period(first["start"], period)
    else:
        period_start, period_end = first["start"], first["end"]
        precision = first["date_precision"]
    origin = str(first["origin"])
    ordered = group.sort_values(["start", "item_id"])
    return {
        "item_id": f"group:{origin}:{key}",
        "label": _type_counts(group),
        "origin": origin,
        "item_kind": "event",
        "item_type": "group",
        "start": ordered["start"].min() if points else period_start,
        "end": ordered["start"].max() if points else period_end,
        "date_precision": precision,
        "is_open_ended": False,
        "is_confirmed": bool(group["is_confirmed"].astype(bool).all()),
        "mentions": int(group["mentions"].sum()),
        "participant_actor_ids": sorted({a for ids in group["participant_actor_ids"] for a in ids}),
        "involves_focus": bool(group["involves_focus"].astype(bool).any()),
        "period_start": period_start,
        "period_end": period_end,
        "member_ids": list(ordered["item_id"]),
        "member_starts": list(ordered["start"]) if points else [],
        "member_confirmed": [bool(v) for v in ordered["is_confirmed"]],
        "member_focus": [bool(v) for v in ordered["involves_focus"]],
    }


def group_timeline_events(events: pd.DataFrame, max_rows: int) -> tuple[pd.DataFrame, str]:
    """Events of one origin in at most ``max_rows`` rows (if it can be done), and how.

    Within budget the events come back as they are, with an empty description. Otherwise
    events dated to a single day are grouped by month, quarter or year (the finest that fits),
    each group drawn as its days' points on one row; events known only to a month or year
    share a row with those of the same interval. A group row counts its events by type in its
    label and lists them in ``member_ids``, ``member_starts``, ``member_confirmed`` and
    ``member_focus``; an event alone in its group keeps its own row.
    """
    if len(events) <= max_rows:
        return events, ""
    is_day = (events["date_precision"] == "day") & (events["end"] <= events["start"])
    keys, period = _group_keys(events, is_day, max_rows)
    rows = []
    for key, group in events.groupby(pd.Series(keys, index=events.index), sort=False):
        if len(group) == 1:
            rows.append(group.iloc[0].to_dict())
        else:
            rows.append(_group_row(str(key), group, period, bool(is_day[group.index].all())))
    grouped = pd.DataFrame(rows)
    grouped = grouped.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    n_groups = int((grouped["item_type"] == "group").sum())
    how = (
        f"{len(events)} events in {len(grouped)} rows: {n_groups} rows group several events, "
        f"those dated to the day by {period} (a point each), the others by their month or year"
    )
    return grouped, how


def _timeline_caption(article_how: str, record_how: str) -> str:
    """What the timeline's charts group, for the report's text, and where each event is."""
    sentences = []
    if article_how:
        sentences.append(f"On the timeline, the article's {article_how}.")
    if record_how:
        sentences.append(f"The record's {record_how}.")
    if sentences:
        sentences.append(
            "Every article event is listed with its date under \u201cHow each date was "
            "resolved\u201d, and every record event in timeline.json."
        )
    return " ".join(sentences)


def _article_blocks(
    phases: pd.DataFrame, article: pd.DataFrame, max_rows: int, phases_alone: bool
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """(phases, article events) of each chart: the phases share the first chart with the
    first events, or (``phases_alone``) take charts of their own first."""
    first_room = max(max_rows - len(phases), 0)
    none = article.iloc[0:0]
    if phases_alone:
        # A phase is a one-line band, shorter than an event's row: a third more fit a page.
        blocks = [(chunk, none) for chunk in _equal_chunks(phases, max_rows * 4 // 3)]
        return blocks + [(phases.iloc[0:0], chunk) for chunk in _equal_chunks(article, max_rows)]
    chunks = _equal_chunks(article, max_rows, first_room) or [none]
    return [(phases, chunks[0]), *((phases.iloc[0:0], chunk) for chunk in chunks[1:])]


def _phases_alone(phases: pd.DataFrame, article: pd.DataFrame, max_rows: int) -> bool:
    """Whether the phases get charts of their own: more than a page, or too full a page to
    leave the article's events a third of it."""
    first_room = max(max_rows - len(phases), 0)
    return len(phases) > max_rows or (len(article) > first_room and first_room < max_rows // 3)


def _article_title(
    index: int, count: int, phase_rows: pd.DataFrame, chunk: pd.DataFrame, reference: dt.date
) -> str:
    """The title of the article's ``index``-th chart of ``count``."""
    if count == 1:
        return f"Phases, and the dates as the article gives them (reference date {reference})"
    if len(phase_rows) and len(chunk):
        return f"Phases, and the dates as the article gives them (part 1 of {count})"
    if len(phase_rows):
        return f"Phases from the public record (part {index + 1} of {count})"
    span = _month_span(chunk["start"].min(), chunk["start"].max())
    return f"The dates as the article gives them, {span} (part {index + 1} of {count})"


def timeline_parts(
    timeline: pd.DataFrame,
    reference: dt.date,
    max_rows: int = TIMELINE_PAGE_ROWS,
    max_pages: int = MAX_PAGES,
) -> list[ChartPart]:
    """The timeline as page-sized charts, in date order: the article's dates, then the record's.

    The first chart holds the phases and the first of the article's events (phases that
    fill most of a page get it to themselves). The events of each origin take at most
    ``max_pages`` charts of at most ``max_rows`` rows besides the phases; more events than
    that are grouped by period (:func:`group_timeline_events`), and each chart notes it.
    """
    if timeline.empty:
        title = f"Phases, and the dates as the article gives them (reference date {reference})"
        return [ChartPart(timeline, title)]
    is_phase = timeline["item_kind"] == "phase"
    phases = timeline[is_phase]
    is_article = (timeline["origin"] == "article") & ~is_phase
    article = timeline[is_article].sort_values(["start", "end"], kind="stable")
    record = timeline[~is_phase & ~is_article].sort_values(["start", "end"], kind="stable")

    # Decided on the events as they are, before grouping fits them to the pages left.
    phases_alone = _phases_alone(phases, article, max_rows)
    budget = max_rows * max_pages - (0 if phases_alone else len(phases))
    article, article_how = group_timeline_events(article, max(budget, max_rows))
    record, record_how = group_timeline_events(record, max_rows * max_pages)
    caption = _timeline_caption(article_how, record_how)
    blocks = _article_blocks(phases, article, max_rows, phases_alone)
    parts: list[ChartPart] = []
    for index, (phase_rows, chunk) in enumerate(blocks):
        title = _article_title(index, len(blocks), phase_rows, chunk, reference)
        note = f"The article's {article_how}." if article_how and len(chunk) else ""
        frame = pd.concat([phase_rows, chunk]) if len(phase_rows) else chunk
        parts.append(ChartPart(frame.reset_index(drop=True), title, note, caption))
    record_chunks = _equal_chunks(record, max_rows)
    for index, chunk in enumerate(record_chunks):
        span = _month_span(chunk["start"].min(), chunk["start"].max())
        title = f"The public record, {span} (part {index + 1} of {len(record_chunks)})"
        note = f"The record's {record_how}." if record_how else ""
        parts.append(ChartPart(chunk.reset_index(drop=True), title, note, caption))
    return [part for part in parts if len(part.frame)] or parts[:1]


def week_contact_parts(
    contacts: pd.DataFrame,
    title: str,
    page_in: float = WEEK_PAGE_IN,
    max_pages: int = MAX_PAGES,
) -> list[ChartPart]:
    """The week's contacts as charts whose rows fill at most ``page_in`` inches, in date order.

    A row's height is estimated from the length of its label and participants, as the chart
    wraps them. More contacts than ``max_pages`` charts hold share rows: those of one day,
    channel and source (and confirmation) become one row that counts them, and each chart
    notes it.
    """
    frame, note, caption = contacts, "", ""
    if sum(_week_row_in(row) for row in contacts.to_dict(orient="records")) > page_in * max_pages:
        frame = _group_contacts_by_day(contacts)
        note = (
            f"{len(contacts)} contacts in {len(frame)} rows: contacts of one day by the same "
            "channel and source share a row, which counts them."
        )
        caption = f"In the charts above, {note[0].lower()}{note[1:]} The table lists each one."
    bounds = _cut_by_height([_week_row_in(row) for row in frame.to_dict(orient="records")], page_in)
    chunks = [frame.iloc[a:b] for a, b in itertools.pairwise(bounds)]
    parts = []
    for index, chunk in enumerate(chunks):
        numbered = title if len(chunks) == 1 else f"{title} (part {index + 1} of {len(chunks)})"
        parts.append(ChartPart(chunk.reset_index(drop=True), numbered, note, caption))
    return parts


def _cut_by_height(heights: list[float], page_in: float) -> list[int]:
    """Where to cut rows of these heights into as few pages as hold them, about equally full.

    Returns the bounds, first 0 and last ``len(heights)``. A row taller than a page gets a
    page of its own.
    """
    total = sum(heights)
    count = max(1, math.ceil(total / page_in))
    while True:
        bounds, page, before = [0], 0.0, 0.0
        for index, height in enumerate(heights):
            # A new page when this row would overfill the page, or when the pages so far
            # would take more than their share of the total with it.
            past_share = before + height / 2 > total / count * len(bounds)
            if index > bounds[-1] and (page + height > page_in or past_share):
                bounds.append(index)
                page = 0.0
            page += height
            before += height
        if len(bounds) <= count or count >= len(heights):
            return [*bounds, len(heights)]
        count += 1


def _week_row_in(row: dict[str, Any]) -> float:
    """About how tall the week chart draws a contact's row, in inches.

    The chart wraps the label (bold) to at most three lines of about 30 characters and the
    participants to two of about 36; counting 28 and 34 errs on the tall side.
    """
    label_lines = min(3, max(1, math.ceil(len(str(row.get("label") or "")) / 28)))
    people_lines = min(2, max(1, math.ceil(len(str(row.get("participants") or "")) / 34)))
    return 0.26 + 0.14 * label_lines + 0.13 * people_lines


def _group_contacts_by_day(contacts: pd.DataFrame) -> pd.DataFrame:
    """Contacts of one day, channel, origin and confirmation in one row each, counted."""
    single_day = (contacts["date_precision"] == "day") & (
        contacts["contact_end"] <= contacts["contact_start"]
    )
    keys = [
        f"{start:%Y-%m-%d}:{channel}:{origin}:{confirmed}" if day else f"own:{contact_id}"
        for start, channel, origin, confirmed, day, contact_id in zip(
            contacts["contact_start"],
            contacts["channel"],
            contacts["origin"],
            contacts["is_confirmed"],
            single_day,
            contacts["contact_id"],
            strict=True,
        )
    ]
    rows = []
    for key, group in contacts.groupby(pd.Series(keys, index=contacts.index), sort=False):
        if len(group) == 1:
            rows.append(group.iloc[0].to_dict())
            continue
        first = group.iloc[0]
        names = [n for people in group["participants"] for n in str(people).split(", ") if n]
        rows.append(
            {
                **first.to_dict(),
                "contact_id": f"group:{key}",
                # A contact without a channel is NaN in a column of channels.
                "label": _plural(
                    first["channel"] if isinstance(first["channel"], str) else "contact",
                    len(group),
                ),
                "participant_actor_ids": sorted(
                    {a for ids in group["participant_actor_ids"] for a in ids}
                ),
                "participants": ", ".join(dict.fromkeys(names)),
                "member_ids": list(group["contact_id"]),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["contact_start", "origin"], kind="stable").reset_index(drop=True)


def top_speakers(
    speakers: pd.DataFrame,
    title: str,
    focus_name: str | None = None,
    max_rows: int = MAX_SPEAKER_ROWS,
    counted: str = "claims",
) -> ChartPart:
    """The speakers with the most claims, and the focus speaker, the others summed in one row.

    ``speakers`` is :func:`count_claims_by_speaker`'s table, or any table of counts with
    speakers as its index (:func:`count_verdicts_by_speaker`'s), ``counted`` naming what is
    counted. Within ``max_rows`` it comes back as it is; otherwise its last row, named
    "<n> other speakers", sums the speakers left out.
    """
    if len(speakers) <= max_rows:
        return ChartPart(speakers, title)
    names = list(speakers.index)
    kept = names[: max_rows - 1]
    focus_added = focus_name in names and focus_name not in kept
    if focus_added:
        kept = [*names[: max_rows - 2], focus_name]
    rest = [name for name in names if name not in kept]
    totals = speakers.sum(axis=1)
    summed = f"{len(rest)} other speakers"
    table = pd.concat([speakers.loc[kept], speakers.loc[rest].sum().to_frame(summed).T])
    table.index.name, table.columns.name = speakers.index.name, speakers.columns.name
    n_claims = int(totals[rest].sum())
    note = (
        f"The {max_rows - 1 - focus_added} speakers with the most {counted}"
        + (", and the focus speaker," if focus_added else "")
        + f" of {len(names)}; the last row sums the {counted} of the other {len(rest)} "
        f"({n_claims} {counted})."
    )
    listed = ", ".join(f"{name} ({int(totals[name])})" for name in rest)
    caption = f"The chart's last row, \u201c{summed}\u201d, sums the {counted} of {listed}."
    return ChartPart(table.astype(int), title, note, caption, summary_row=summed)


MAX_LINES_PER_ACTOR = 6  # more lines than this into one node leave no room for their dates
_NETWORK_COLUMN_ROOM = {"russia": 6, "nato": 6, "middle": 1}  # nodes a column holds legibly


# A line of the network: its pair (in order), channel, origin and confirmation.
LineKey = tuple[str, str, Any, Any, bool]


def _contacts_by_actor(edges: pd.DataFrame) -> dict[str, set[str]]:
    """Each actor's contacts (ids), from the edges it is an end of."""
    contacts_of: dict[str, set[str]] = {}
    for a, b, contact in zip(
        edges["source_actor_id"], edges["target_actor_id"], edges["contact_id"], strict=True
    ):
        contacts_of.setdefault(a, set()).add(contact)
        contacts_of.setdefault(b, set()).add(contact)
    return contacts_of


def _line_keys(edges: pd.DataFrame) -> list[LineKey]:
    """A line per pair, channel, origin and confirmation: the unit the chart draws and labels."""
    return [
        (min(a, b), max(a, b), channel, origin, bool(confirmed))
        for a, b, channel, origin, confirmed in zip(
            edges["source_actor_id"],
            edges["target_actor_id"],
            edges["channel"],
            edges["origin"],
            edges["is_confirmed"],
            strict=True,
        )
    ]


def _network_column(side: str) -> str:
    """The network's column an actor of this side stands in."""
    return "russia" if side == "russia" else "nato" if side.startswith("nato") else "middle"


@dataclass(frozen=True)
class _NetworkBudget:
    """How much the contact network draws legibly."""

    max_actors: int
    max_edges: int
    columns: dict[str, str]  # each actor's column (see _network_column)


def _fits(lines: set[LineKey], budget: _NetworkBudget) -> bool:
    """Whether these lines are few enough in all and into any one actor."""
    per_actor = pd.Series([end for key in lines for end in key[:2]]).value_counts()
    return len(lines) <= budget.max_edges and not (
        len(lines) and per_actor.max() > MAX_LINES_PER_ACTOR
    )


def _choose_from(
    ranking: list[str], line_keys: list[LineKey], budget: _NetworkBudget
) -> tuple[list[str], int]:
    """Actors taken in ranking order, each only if the chart stays legible with it and it
    adds a line; returns them and their number of lines."""
    chosen: list[str] = []
    n_lines = 0
    taken = dict.fromkeys(_NETWORK_COLUMN_ROOM, 0)
    for actor in ranking:
        if len(chosen) == budget.max_actors:
            break
        column = budget.columns[actor]
        if taken[column] >= _NETWORK_COLUMN_ROOM[column]:
            continue
        trial = {*chosen, actor}
        lines = {key for key in line_keys if key[0] in trial and key[1] in trial}
        if not _fits(lines, budget):
            continue
        if chosen and len(lines) == n_lines:
            continue  # no contact with anyone chosen: it would take a place and draw nothing
        chosen.append(actor)
        taken[column] += 1
        n_lines = len(lines)
    return chosen, n_lines


def _choose_actors(
    ranking: list[str], line_keys: list[LineKey], budget: _NetworkBudget
) -> list[str]:
    """The actors drawn: the best ranked that fit, from the first one some other can join."""
    chosen: list[str] = []
    # If nobody can join the first actor (the focus, say: its partners may not fit), nothing
    # would be drawn: start again after it.
    for first in range(len(ranking)):
        chosen, n_lines = _choose_from(ranking[first:], line_keys, budget)
        if n_lines:
            break
    return chosen


def select_network(
    edges: pd.DataFrame,
    actors: pd.DataFrame,
    title: str,
    focus_actor: str | None = None,
    max_actors: int = MAX_NETWORK_ACTORS,
    max_edges: int = MAX_NETWORK_EDGES,
) -> ChartPart:
    """The contact network limited to actors it can draw legibly, if it must be.

    ``edges`` is :func:`build_contact_edges`'s table. Within ``max_actors`` and ``max_edges``
    it comes back as it is. Otherwise actors are taken in order of their number of contacts
    (the focus actor first, if it has any), each only if the chart stays legible with it: at
    most ``max_actors`` nodes (6 in each side's column, 1 in the middle), ``max_edges``
    lines and :data:`MAX_LINES_PER_ACTOR` lines into any node, where the contacts of one
    pair by the same channel, source and confirmation share a line that counts them
    (``contacts``; ``contact_last`` is the last one's date). The note says what is left out.
    """
    sources, targets = set(edges["source_actor_id"]), set(edges["target_actor_id"])
    if len(sources | targets) <= max_actors and len(edges) <= max_edges:
        return ChartPart(edges, title)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    sides = dict(zip(actors["actor_id"], actors["side"], strict=True))
    contacts_of = _contacts_by_actor(edges)
    ranking = sorted(contacts_of, key=lambda a: (-len(contacts_of[a]), a))
    if focus_actor in contacts_of:
        ranking.remove(focus_actor)
        ranking.insert(0, focus_actor)
    columns = {a: _network_column(str(sides.get(a, "other"))) for a in ranking}
    budget = _NetworkBudget(max_actors, max_edges, columns)
    chosen = _choose_actors(ranking, _line_keys(edges), budget)
    inside = edges[edges["source_actor_id"].isin(chosen) & edges["target_actor_id"].isin(chosen)]
    # The chart draws the actors of the lines only: an actor chosen first (the focus) and
    # never joined stays out, and is listed with the others left out.
    chosen = [
        a for a in chosen if a in set(inside["source_actor_id"]) | set(inside["target_actor_id"])
    ]
    merged = _merge_parallel_edges(inside)
    shown = merged if len(merged) < len(inside) else inside
    left_out = [a for a in ranking if a not in chosen]
    note = (
        f"Drawn: {len(chosen)} of {len(ranking)} actors, the most connected that fit legibly, "
        f"and the {len(inside)} of {len(edges)} pairwise contacts between two of them"
        + (" (one line per pair, channel and source, with their number)" if shown is merged else "")
        + f". Left out: the {len(edges) - len(inside)} contacts of the other {len(left_out)}."
    )
    listed = ", ".join(f"{names.get(a, a)} ({len(contacts_of[a])})" for a in left_out)
    caption = (
        f"Not in the contact network: {len(left_out)} actors (with their number of contacts), "
        f"{listed}; and their contacts with the actors drawn. Every contact is in the "
        "report's data (events.csv, timeline.json)."
    )
    return ChartPart(shown.reset_index(drop=True), title, note, caption)


def _merge_parallel_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """One edge per pair, channel, origin and confirmation, counting the contacts it stands for."""
    pair = [
        (min(a, b), max(a, b))
        for a, b in zip(edges["source_actor_id"], edges["target_actor_id"], strict=True)
    ]
    frame = edges.assign(pair_a=[p[0] for p in pair], pair_b=[p[1] for p in pair]).sort_values(
        "contact_start", kind="stable"
    )
    rows = []
    keys = ["pair_a", "pair_b", "channel", "origin", "is_confirmed"]
    for (a, b, channel, origin, confirmed), group in frame.groupby(keys, sort=False, dropna=False):
        first = group.iloc[0]
        rows.append(
            {
                "source_actor_id": a,
                "target_actor_id": b,
                "contact_id": ";".join(group["contact_id"]),
                "contact_start": first["contact_start"],
                "date_precision": first["date_precision"] if len(group) == 1 else "day",
                "channel": channel,
                "origin": origin,
                "is_confirmed": confirmed,
                "contacts": len(group),
                "contact_last": group["contact_start"].max(),
            }
        )
    return pd.DataFrame(rows)


def _article_contacts(events: pd.DataFrame) -> list[dict[str, Any]]:
    """The article's contacts, dated as the article dates them."""
    return [
        {
            "contact_id": row["event_id"],
            "label": row["label"],
            "origin": "article",
            "channel": row["channel"],
            "contact_start": row["event_start"],
            "contact_end": row["event_end"],
            "date_precision": row["date_precision"],
            "is_confirmed": True,
            "participant_actor_ids": list(row["participant_actor_ids"]),
        }
        for row in events.to_dict(orient="records")
        if row["event_type"] == "contact"
    ]


def _record_contacts(annotation: Annotation) -> list[dict[str, Any]]:
    """The record's contacts, dated as the record dates them."""
    return [
        {
            "contact_id": row["record_event_id"],
            "label": row["label"],
            "origin": "record",
            "channel": row["channel"],
            "contact_start": row["start_date"],
            "contact_end": record_end(row),
            "date_precision": row["precision"],
            "is_confirmed": bool(row["is_confirmed"]),
            "participant_actor_ids": list(row["participant_actor_ids"]),
        }
        for row in annotation.record_events.to_dict(orient="records")
        if row["event_type"] == "contact"
    ]


def select_contacts(
    annotation: Annotation,
    events: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    include_context: bool = True,
) -> pd.DataFrame:
    """Contacts (calls, meetings) dated within [start, end], from the article and the record:
    the declared ``contacts`` table."""
    names = actor_names(annotation)
    rows = _article_contacts(events)
    if include_context:
        rows += _record_contacts(annotation)
    frame = pd.DataFrame(rows, columns=CONTACTS.field_names[:-1])  # participants follow
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    frame = frame[(frame["contact_start"] >= lo) & (frame["contact_end"] <= hi)].copy()
    frame["participants"] = frame["participant_actor_ids"].map(
        lambda ids: ", ".join(names.get(a, a) for a in ids)
    )
    frame = frame.sort_values(["contact_start", "origin"]).reset_index(drop=True)
    return declared(CONTACTS.name, frame)


def count_claims_by_speaker(annotation: Annotation) -> pd.DataFrame:
    """Claims counted by speaker (rows, most claims first) and attribution mode (columns)."""
    from analysis.tables import ATTRIBUTION_MODES

    names = actor_names(annotation)
    claims = annotation.claims.assign(speaker=annotation.claims["speaker_actor_id"].map(names))
    table = pd.crosstab(claims["speaker"], claims["attribution_mode"])
    table = table.reindex(columns=list(ATTRIBUTION_MODES), fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table.columns.name = "attribution_mode"
    return declared_counts(SPEAKERS.name, table)


def build_contact_edges(contacts: pd.DataFrame) -> pd.DataFrame:
    """One edge per pair of participants of each contact, with its date, channel and origin:
    the declared ``contact_edges`` table, each edge standing for its one contact."""
    rows = [
        {
            "source_actor_id": source_id,
            "target_actor_id": target_id,
            "contact_id": row["contact_id"],
            "contact_start": row["contact_start"],
            "date_precision": row["date_precision"],
            "channel": row["channel"],
            "origin": row["origin"],
            "is_confirmed": row["is_confirmed"],
            "contacts": 1,
            "contact_last": row["contact_start"],
        }
        for row in contacts.to_dict(orient="records")
        for source_id, target_id in itertools.combinations(row["participant_actor_ids"], 2)
    ]
    return declared(CONTACT_EDGES.name, pd.DataFrame(rows, columns=CONTACT_EDGES.field_names))


CITATION_COLUMNS = [
    "source_id",
    "publisher",
    "published",
    "kind",
    "is_announcement",
    "locator",
    "says",
    "url",
]


def cite(
    citations: list[dict[str, Any]], sources: pd.DataFrame | dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """A record's citations with what the reader needs beside each: publisher, date, kind, URL.

    ``sources`` is the sources table, or :func:`sources_by_id` of it when many records are
    cited in turn. ``published`` is written at the precision the source's date is known to.
    """
    by_id = sources_by_id(sources) if isinstance(sources, pd.DataFrame) else sources
    rows = []
    for citation in citations:
        source = by_id[citation["source_id"]]
        rows.append(
            {
                "source_id": citation["source_id"],
                "publisher": source["publisher"],
                "published": iso_at_precision(source["published"], source["published_precision"]),
                "kind": source["kind"],
                "is_announcement": bool(source["is_announcement"]),
                "locator": citation["locator"],
                "says": citation["says"],
                "url": source["url"],
            }
        )
    return rows


def sources_by_id(sources: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The sources table as a mapping from source_id to its row."""
    return {row["source_id"]: row for row in sources.to_dict(orient="records")}


def build_checks_table(annotation: Annotation) -> pd.DataFrame:
    """Checked claims with the claim's words, its speaker, the verdict, and what decides it:
    the evidence, any caveat, and each citation with what its source says and where."""
    names = actor_names(annotation)
    claims = annotation.claims.set_index("claim_id")
    record = annotation.record_events.set_index("record_event_id")
    sources = sources_by_id(annotation.sources)
    rows = []
    for row in annotation.checks.to_dict(orient="records"):
        claim = claims.loc[row["claim_id"]]
        record_dates = sorted(
            {record.loc[rid, "start_date"].date().isoformat() for rid in row["record_event_ids"]}
        )
        rows.append(
            {
                "check_id": row["check_id"],
                "claim_id": row["claim_id"],
                "claim": row["checked_wording"] or claim["span"],
                "speaker": names[claim["speaker_actor_id"]],
                "attribution_mode": claim["attribution_mode"],
                "verdict": row["verdict"],
                "evidence": row["evidence"],
                "caveat": row["caveat"] or "",
                "record_dates": ", ".join(record_dates),
                "contested_ids": list(row["contested_ids"]),
                "citations": cite(row["citations"], sources),
            }
        )
    return declared(CHECKED_CLAIMS.name, pd.DataFrame(rows, columns=CHECKED_CLAIMS.field_names))


def build_contested_table(annotation: Annotation) -> pd.DataFrame:
    """Contested wording with who uses it, a neutral description and what its sources say."""
    names = actor_names(annotation)
    claims = annotation.claims.set_index("claim_id")
    sources = sources_by_id(annotation.sources)
    rows = []
    for row in annotation.contested.to_dict(orient="records"):
        claim = claims.loc[row["claim_id"]]
        rows.append(
            {
                "contested_id": row["contested_id"],
                "wording": row["span"],
                "speaker": names[claim["speaker_actor_id"]],
                "attribution_mode": claim["attribution_mode"],
                "neutral_description": row["neutral_description"],
                "citations": cite(row["citations"], sources),
            }
        )
    return declared(
        CONTESTED_WORDING.name, pd.DataFrame(rows, columns=CONTESTED_WORDING.field_names)
    )


def count_verdicts_by_speaker(checks: pd.DataFrame) -> pd.DataFrame:
    """Checked claims per speaker and verdict: speakers as the index (most checks first, then
    by name), one column per verdict in declared order."""
    columns = list(VERDICT_NAMES)
    if checks.empty:
        return declared_counts(SPEAKER_VERDICTS.name, pd.DataFrame(columns=columns, dtype=int))
    table = pd.crosstab(checks["speaker"], checks["verdict"]).reindex(columns=columns, fill_value=0)
    order = sorted(table.index, key=lambda name: (-int(table.loc[name].sum()), str(name)))
    table = table.loc[order].astype(int)
    table.index.name, table.columns.name = None, None
    return declared_counts(SPEAKER_VERDICTS.name, table)


def build_sources_table(annotation: Annotation) -> pd.DataFrame:
    """Every source the report cites, with what kind it is and what cites it.

    In order of kind (primary, wire, newspaper, other), then publication date. ``cited_by``
    lists the checks, contested entries, record events and phases citing it, in that order.
    """
    citing: dict[str, list[str]] = {}
    for table, key in (
        (annotation.checks, "check_id"),
        (annotation.contested, "contested_id"),
        (annotation.record_events, "record_event_id"),
        (annotation.phases, "phase_id"),
    ):
        for row in table.to_dict(orient="records"):
            for citation in row["citations"]:
                ids = citing.setdefault(citation["source_id"], [])
                if row[key] not in ids:
                    ids.append(row[key])
    sources = annotation.sources
    rows = [
        {
            "source_id": row["source_id"],
            "publisher": row["publisher"],
            "title": row["title"],
            "published": iso_at_precision(row["published"], row["published_precision"]),
            "kind": row["kind"],
            "language": row["language"],
            "is_announcement": bool(row["is_announcement"]),
            "url": row["url"],
            "cited_by": citing.get(row["source_id"], []),
            "_date": row["published"],
        }
        for row in sources.to_dict(orient="records")
        if row["source_id"] in citing
    ]
    columns = CITED_SOURCES.field_names
    frame = pd.DataFrame(rows, columns=[*columns, "_date"])
    order = {kind: i for i, kind in enumerate(SOURCE_KINDS)}
    frame["_order"] = frame["kind"].map(order)
    # By the date itself: "2017" (known to the year) sorts with its first day, not as text.
    frame = frame.sort_values(["_order", "_date", "source_id"], kind="stable")
    return declared(CITED_SOURCES.name, frame[columns].reset_index(drop=True))


def claims_of_actor(annotation: Annotation, actor_id: str) -> pd.DataFrame:
    """Claims the actor makes or is the subject of, in article order."""
    claims = annotation.claims
    mask = (claims["speaker_actor_id"] == actor_id) | claims["subject_actor_ids"].map(
        lambda ids: actor_id in ids
    )
    return claims[mask].sort_values("span_start")


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, computed once from the parameters."""

    params: ReportParameters
    annotation: Annotation
    events: pd.DataFrame
    other_reference_date: dt.date
    date_comparison: pd.DataFrame
    timeline: pd.DataFrame
    week_start: dt.date
    week_end: dt.date
    week_contacts: pd.DataFrame
    all_contacts: pd.DataFrame
    contact_edges: pd.DataFrame
    speakers: pd.DataFrame
    checks: pd.DataFrame
    contested: pd.DataFrame
    sources: pd.DataFrame
    focus_claims: pd.DataFrame


def prepare_report(params: ReportParameters) -> ReportData:
    """Load the annotation and compute every table of the report."""
    annotation = load_annotation(params.article_id, params.data_dir)
    if params.focus_actor not in set(annotation.actors["actor_id"]):
        known = ", ".join(sorted(annotation.actors["actor_id"]))
        raise ParameterError(
            f"parameter 'focus_actor': no such actor in this article's annotation "
            f"(value: {params.focus_actor!r}; known: {known})"
        )
    events = resolve_events(annotation, params.reference_date)
    other = alternative_reference_date(annotation, params.reference_date)
    # The week of contacts: the seven days up to the reference date, and a day either side.
    week_end = params.reference_date + dt.timedelta(days=1)
    week_start = params.reference_date - dt.timedelta(days=7)
    all_contacts = select_contacts(
        annotation,
        events,
        params.window_start,
        params.window_end,
        params.include_context,
    )
    week_contacts = select_contacts(
        annotation, events, week_start, week_end, params.include_context
    )
    return ReportData(
        params=params,
        annotation=annotation,
        events=events,
        other_reference_date=other,
        date_comparison=compare_reference_dates(annotation, params.reference_date, other),
        timeline=build_timeline_items(annotation, params, events),
        week_start=week_start,
        week_end=week_end,
        week_contacts=week_contacts,
        all_contacts=all_contacts,
        contact_edges=build_contact_edges(all_contacts),
        speakers=count_claims_by_speaker(annotation),
        checks=build_checks_table(annotation),
        contested=build_contested_table(annotation),
        sources=build_sources_table(annotation),
        focus_claims=claims_of_actor(annotation, params.focus_actor),
    )


def list_some(items: list[str], limit: int = 5) -> str:
    """Items joined by semicolons, the first ``limit`` of a longer list and how many more.

    >>> list_some(["a", "b"])
    'a; b'
    >>> list_some(["a", "b", "c"], limit=2)
    'a; b; and 1 more (all in the table of dates below)'
    """
    shown = "; ".join(items[:limit])
    if len(items) > limit:
        shown += f"; and {len(items) - limit} more (all in the table of dates below)"
    return shown


def _claims_sentence(claims: pd.DataFrame) -> str:
    """How many claims, from how many speakers, attributed how."""
    modes = claims["attribution_mode"].value_counts()
    return (
        f"The article makes {len(claims)} claims from {claims['speaker_actor_id'].nunique()} "
        f"speakers: {modes.get('direct_quote', 0)} direct quotes, {modes.get('paraphrase', 0)} "
        f"paraphrases and {modes.get('narration', 0)} in the outlet's own narration."
    )


def _checks_sentence(data: ReportData) -> str:
    """The verdicts counted, and the sources the report cites by kind."""
    if not len(data.checks):
        return "No claim of this article has been checked against the record yet."
    verdicts = data.checks["verdict"].value_counts()
    counts = [f"{verdicts.get(v.name, 0)} {v.name}" for v in VERDICTS]
    kinds = data.sources["kind"].value_counts()
    return (
        f"Of {len(data.checks)} factual claims set against the public record, "
        f"the verdicts are {', '.join(counts[:-1])} and {counts[-1]}. The checks, the "
        "contested wording and the "
        f"record cite {len(data.sources)} sources: "
        + ", ".join(f"{kinds.get(kind, 0)} {kind}" for kind in SOURCE_KINDS)
        + "."
    )


def _reference_date_sentence(data: ReportData) -> str:
    """Which date expressions resolve differently under the other reference date."""
    comparison = data.date_comparison
    changed = comparison[comparison["is_changed"]]
    ref = data.params.reference_date.isoformat()
    other = data.other_reference_date.isoformat()
    if not len(changed):
        return (
            f"All {len(comparison)} date expressions resolve the same with reference date {ref} "
            f"as with {other}."
        )
    listed = list_some(
        [f"'{r.expression}' ({r.resolved} vs {r.resolved_other})" for r in changed.itertuples()]
    )
    return (
        f"Of {len(comparison)} date expressions, {len(changed)} "
        f"{'resolves' if len(changed) == 1 else 'resolve'} differently with reference "
        f"date {ref} than with {other}: {listed}."
    )


def _record_agreement_sentence(data: ReportData) -> str:
    """Which article dates disagree with the record's, under the chosen reference date."""
    comparison = data.date_comparison
    disagree = comparison[comparison["agrees_with_record"] == False]  # noqa: E712 - None means no record
    ref = data.params.reference_date.isoformat()
    if not len(disagree):
        n_matched = int(comparison["agrees_with_record"].notna().sum())
        return (
            f"With reference date {ref}, all {n_matched} article dates that have a record "
            "counterpart agree with it."
        )
    listed = list_some(
        [
            f"'{r.expression}' resolves to {r.resolved}, the record says {r.record_date}"
            for r in disagree.itertuples()
        ]
    )
    return f"With reference date {ref}, dates disagree with the record: {listed}."


def summarize_report(data: ReportData) -> list[str]:
    """Sentences for the report's summary, every figure computed from the data."""
    return [
        _claims_sentence(data.annotation.claims),
        _checks_sentence(data),
        f"{len(data.contested)} phrases are flagged as contested wording, each with a neutral "
        "description and what its sources say.",
        _reference_date_sentence(data),
        _record_agreement_sentence(data),
    ]
