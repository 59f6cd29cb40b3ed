"""Everything the report's charts and tables need, computed from a loaded annotation."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.dates import DateResolutionError, ResolvedDate, resolve_date_expression
from analysis.load import Annotation, load_annotation
from analysis.params import ParameterError, ReportParameters
from analysis.schema import SchemaError

RESOLVED_COLUMNS = [
    "event_id",
    "label",
    "expression",
    "claim_id",
    "event_type",
    "channel",
    "participant_actor_ids",
    "record_event_id",
    "event_start",
    "event_end",
    "date_precision",
    "date_label",
    "date_rule",
    "reference_date",
    "date_explanation",
]


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
            resolved[event_id] = resolve_date_expression(row["expression"], reference_date, anchor)
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

    records = []
    for event_id, row in rows.items():
        date = resolve(event_id, ())
        records.append(
            {
                **{key: row[key] for key in RESOLVED_COLUMNS[:8]},
                "event_start": pd.Timestamp(date.start),
                "event_end": pd.Timestamp(date.end),
                "date_precision": date.precision,
                "date_label": date.label,
                "date_rule": date.rule,
                "reference_date": pd.Timestamp(date.reference_date),
                "date_explanation": date.explanation,
            }
        )
    return pd.DataFrame.from_records(records, columns=RESOLVED_COLUMNS)


def alternative_reference_date(annotation: Annotation, reference_date: dt.date) -> dt.date:
    """The other plausible reference date: the edition's publication day or the day reported on."""
    reported_on = annotation.article.metadata["date_reported_on"]
    published = annotation.article.metadata["date_published"]
    return published if reference_date == reported_on else reported_on


def compare_reference_dates(
    annotation: Annotation, reference_date: dt.date, other_date: dt.date
) -> pd.DataFrame:
    """Each event resolved under two reference dates, with record dates and agreement.

    ``is_changed`` marks the expressions whose resolution depends on the choice;
    ``agrees_with_record`` says whether the resolved interval holds the record's date.
    """
    chosen = resolve_events(annotation, reference_date)
    other = resolve_events(annotation, other_date).set_index("event_id")
    record = annotation.context_events.set_index("context_event_id")
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
    return pd.DataFrame(rows)


def record_end(row: dict[str, Any]) -> pd.Timestamp:
    """Last day of a record event: its end date, or the end of its day, month or year."""
    if pd.notna(row["end_date"]):
        return row["end_date"]
    if row["precision"] == "month":
        return row["start_date"] + pd.offsets.MonthEnd(0)
    if row["precision"] == "year":
        return row["start_date"] + pd.offsets.YearEnd(0)
    return row["start_date"]


def actor_names(annotation: Annotation) -> dict[str, str]:
    """Each actor's name by actor id."""
    return dict(zip(annotation.actors["actor_id"], annotation.actors["name"], strict=True))


def build_timeline_items(
    annotation: Annotation, params: ReportParameters, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Phases, article events and record events to draw on the timeline, within the window.

    Article mentions of the same record event are drawn once (``mentions`` counts them).
    Dates keep their precision: a year-precision event spans its whole year.
    """
    if events is None:
        events = resolve_events(annotation, params.reference_date)
    window_start = pd.Timestamp(params.window_start)
    window_end = pd.Timestamp(params.window_end)
    items: list[dict[str, Any]] = []

    for row in annotation.phases.to_dict(orient="records"):
        end = row["end_date"] if pd.notna(row["end_date"]) else window_end
        items.append(
            {
                "item_id": row["phase_id"],
                "label": row["label"],
                "origin": "record",
                "item_kind": "phase",
                "item_type": row["phase_type"],
                "start": row["start_date"],
                "end": end,
                "date_precision": row["precision"],
                "is_open_ended": pd.isna(row["end_date"]),
                "is_confirmed": True,
                "mentions": 0,
                "participant_actor_ids": [row["actor_id"]]
                if isinstance(row["actor_id"], str)
                else [],
            }
        )

    grouped = events.assign(
        group_key=events["record_event_id"].where(
            events["record_event_id"].notna(), events["event_id"]
        )
    )
    for _, group in grouped.groupby("group_key", sort=False):
        widths = group["event_end"] - group["event_start"]
        best = group.loc[widths.idxmin()]
        participants = sorted({a for ids in group["participant_actor_ids"] for a in ids})
        items.append(
            {
                "item_id": best["event_id"],
                "label": best["label"],
                "origin": "article",
                "item_kind": "event",
                "item_type": best["event_type"],
                "start": best["event_start"],
                "end": best["event_end"],
                "date_precision": best["date_precision"],
                "is_open_ended": False,
                "is_confirmed": True,
                "mentions": len(group),
                "participant_actor_ids": participants,
            }
        )

    if params.include_context:
        for row in annotation.context_events.to_dict(orient="records"):
            end = record_end(row)
            items.append(
                {
                    "item_id": row["context_event_id"],
                    "label": row["label"],
                    "origin": "record",
                    "item_kind": "event",
                    "item_type": row["event_type"],
                    "start": row["start_date"],
                    "end": end,
                    "date_precision": row["precision"],
                    "is_open_ended": False,
                    "is_confirmed": bool(row["is_confirmed"]),
                    "mentions": 0,
                    "participant_actor_ids": list(row["participant_actor_ids"]),
                }
            )

    frame = pd.DataFrame(items)
    if frame.empty:
        return frame
    in_window = (frame["end"] >= window_start) & (frame["start"] <= window_end)
    frame = frame[in_window].copy()
    frame["involves_focus"] = frame["participant_actor_ids"].map(
        lambda ids: params.focus_actor in ids
    )
    return frame.sort_values(["item_kind", "start"], ascending=[False, True]).reset_index(drop=True)


def split_timeline(timeline: pd.DataFrame, max_rows: int = 22) -> list[pd.DataFrame]:
    """The timeline in parts that each fit on a printed page, in date order.

    The first part holds the phases and the article's events; the record's events follow in
    parts of at most ``max_rows`` rows, so a long record never shrinks or cuts a chart.
    """
    if timeline.empty:
        return [timeline]
    is_record_event = (timeline["item_kind"] == "event") & (timeline["origin"] == "record")
    parts = [timeline[~is_record_event]]
    record = timeline[is_record_event].sort_values("start")
    chunks = -(-len(record) // max_rows)  # ceiling division
    for index in range(chunks):
        # Equal-sized chunks read better than full pages and a short remainder.
        size = -(-len(record) // chunks)
        parts.append(record.iloc[index * size : (index + 1) * size])
    return [part.reset_index(drop=True) for part in parts if len(part)]


def title_timeline_part(part: pd.DataFrame, index: int, count: int, reference: dt.date) -> str:
    """A chart title for one part of :func:`split_timeline`."""
    if index == 0 and (part["origin"] == "article").any():
        return f"Phases, and the dates as the article gives them (reference date {reference})"
    first, last = part["start"].min(), part["start"].max()
    span = (
        f"{first:%b %Y}"
        if (first.year, first.month) == (last.year, last.month)
        else (f"{first:%b %Y} to {last:%b %Y}")
    )
    return f"The public record, {span} (part {index} of {count - 1})"


def select_contacts(
    annotation: Annotation,
    events: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    include_context: bool = True,
) -> pd.DataFrame:
    """Contacts (calls, meetings) dated within [start, end], from the article and the record."""
    names = actor_names(annotation)
    rows: list[dict[str, Any]] = []
    for row in events.to_dict(orient="records"):
        if row["event_type"] != "contact":
            continue
        rows.append(
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
        )
    if include_context:
        for row in annotation.context_events.to_dict(orient="records"):
            if row["event_type"] != "contact":
                continue
            rows.append(
                {
                    "contact_id": row["context_event_id"],
                    "label": row["label"],
                    "origin": "record",
                    "channel": row["channel"],
                    "contact_start": row["start_date"],
                    "contact_end": record_end(row),
                    "date_precision": row["precision"],
                    "is_confirmed": bool(row["is_confirmed"]),
                    "participant_actor_ids": list(row["participant_actor_ids"]),
                }
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "contact_id",
            "label",
            "origin",
            "channel",
            "contact_start",
            "contact_end",
            "date_precision",
            "is_confirmed",
            "participant_actor_ids",
        ],
    )
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    frame = frame[(frame["contact_start"] >= lo) & (frame["contact_end"] <= hi)].copy()
    frame["participants"] = frame["participant_actor_ids"].map(
        lambda ids: ", ".join(names.get(a, a) for a in ids)
    )
    return frame.sort_values(["contact_start", "origin"]).reset_index(drop=True)


def count_claims_by_speaker(annotation: Annotation) -> pd.DataFrame:
    """Claims counted by speaker (rows, most claims first) and attribution mode (columns)."""
    from analysis.tables import ATTRIBUTION_MODES

    names = actor_names(annotation)
    claims = annotation.claims.assign(speaker=annotation.claims["speaker_actor_id"].map(names))
    table = pd.crosstab(claims["speaker"], claims["attribution_mode"])
    table = table.reindex(columns=list(ATTRIBUTION_MODES), fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table.columns.name = "attribution_mode"
    return table


def build_contact_edges(contacts: pd.DataFrame) -> pd.DataFrame:
    """One edge per pair of participants of each contact, with its date, channel and origin."""
    rows = []
    for row in contacts.to_dict(orient="records"):
        for source_id, target_id in itertools.combinations(row["participant_actor_ids"], 2):
            rows.append(
                {
                    "source_actor_id": source_id,
                    "target_actor_id": target_id,
                    "contact_id": row["contact_id"],
                    "contact_start": row["contact_start"],
                    "date_precision": row["date_precision"],
                    "channel": row["channel"],
                    "origin": row["origin"],
                    "is_confirmed": row["is_confirmed"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "source_actor_id",
            "target_actor_id",
            "contact_id",
            "contact_start",
            "date_precision",
            "channel",
            "origin",
            "is_confirmed",
        ],
    )


def build_checks_table(annotation: Annotation) -> pd.DataFrame:
    """Checked claims with the claim's words, its speaker, the verdict, evidence and sources."""
    names = actor_names(annotation)
    claims = annotation.claims.set_index("claim_id")
    record = annotation.context_events.set_index("context_event_id")
    rows = []
    for row in annotation.checks.to_dict(orient="records"):
        claim = claims.loc[row["claim_id"]]
        record_dates = sorted(
            {record.loc[rid, "start_date"].date().isoformat() for rid in row["context_event_ids"]}
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
                "record_dates": ", ".join(record_dates),
                "source_urls": list(row["source_urls"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "check_id",
            "claim_id",
            "claim",
            "speaker",
            "attribution_mode",
            "verdict",
            "evidence",
            "record_dates",
            "source_urls",
        ],
    )


def build_contested_table(annotation: Annotation) -> pd.DataFrame:
    """Contested wording with who uses it, a neutral description and sources."""
    names = actor_names(annotation)
    claims = annotation.claims.set_index("claim_id")
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
                "source_urls": list(row["source_urls"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "contested_id",
            "wording",
            "speaker",
            "attribution_mode",
            "neutral_description",
            "source_urls",
        ],
    )


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
        focus_claims=claims_of_actor(annotation, params.focus_actor),
    )


def summarize_report(data: ReportData) -> list[str]:
    """Sentences for the report's summary, every figure computed from the data."""
    claims = data.annotation.claims
    n_claims = len(claims)
    modes = claims["attribution_mode"].value_counts()
    n_speakers = claims["speaker_actor_id"].nunique()
    verdicts = data.checks["verdict"].value_counts()
    comparison = data.date_comparison
    changed = comparison[comparison["is_changed"]]
    disagree = comparison[comparison["agrees_with_record"] == False]  # noqa: E712 - None means no record
    sentences = [
        f"The article makes {n_claims} claims from {n_speakers} speakers: "
        f"{modes.get('direct_quote', 0)} direct quotes, {modes.get('paraphrase', 0)} "
        f"paraphrases and {modes.get('narration', 0)} in the outlet's own narration.",
    ]
    if len(data.checks):
        sentences.append(
            f"Of {len(data.checks)} factual claims set against the public record, "
            f"{verdicts.get('supported', 0)} are supported, {verdicts.get('contradicted', 0)} "
            f"contradicted and {verdicts.get('unconfirmed', 0)} unconfirmed."
        )
    else:
        sentences.append("No claim of this article has been checked against the record yet.")
    sentences.append(
        f"{len(data.contested)} phrases are flagged as contested wording, each with a neutral "
        "description and its source."
    )
    n_events = len(comparison)
    ref = data.params.reference_date.isoformat()
    other = data.other_reference_date.isoformat()
    if len(changed):
        listed = "; ".join(
            f"'{r.expression}' ({r.resolved} vs {r.resolved_other})" for r in changed.itertuples()
        )
        sentences.append(
            f"Of {n_events} date expressions, {len(changed)} "
            f"{'resolves' if len(changed) == 1 else 'resolve'} differently with reference "
            f"date {ref} than with {other}: {listed}."
        )
    else:
        sentences.append(
            f"All {n_events} date expressions resolve the same with reference date {ref} "
            f"as with {other}."
        )
    if len(disagree):
        listed = "; ".join(
            f"'{r.expression}' resolves to {r.resolved}, the record says {r.record_date}"
            for r in disagree.itertuples()
        )
        sentences.append(f"With reference date {ref}, dates disagree with the record: {listed}.")
    else:
        n_matched = int(comparison["agrees_with_record"].notna().sum())
        sentences.append(
            f"With reference date {ref}, all {n_matched} article dates that have a record "
            "counterpart agree with it."
        )
    return sentences
