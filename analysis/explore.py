"""What the exploration notebook shows, as plain functions of the report's data.

``notebooks/explore.py`` wires widgets (:mod:`analysis.explorer`) to these functions: they
filter the claims, checks and events, describe one claim in its place in the article, and
set two reference dates side by side. Each returns a frame or an escaped HTML fragment, so it
is tested without a browser and the same output serves JupyterLab and the Voilà dashboard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis.compute import (
    ReportData,
    actor_names,
    build_timeline_items,
    compare_reference_dates,
    resolve_events,
)
from analysis.fragments import render_fragment
from analysis.render import html_citations, html_table, quoted, verdict_badge, verdict_label
from analysis.tables import ATTRIBUTION_MODES, CLAIM_KINDS, SIDES, TOPICS
from analysis.verdicts import VERDICT_NAMES

# A claim no check covers is "unchecked": a value of the verdict filter like the verdicts.
UNCHECKED = "unchecked"

# What the claims table can be sorted by: the label a user picks, and the columns it sorts.
SORT_KEYS: dict[str, list[str]] = {
    "Order in the article": ["span_start"],
    "Speaker": ["speaker", "span_start"],
    "Attribution": ["attribution_mode", "span_start"],
    "Kind": ["claim_kind", "span_start"],
    "Verdict": ["verdict_rank", "span_start"],
    "First date": ["first_date", "span_start"],
}

# Verdicts in the order the sort puts them: the report's order, then claims not checked.
_VERDICT_RANK = {name: rank for rank, name in enumerate((*VERDICT_NAMES, UNCHECKED))}
# Paragraphs of a stored article are separated by an empty line.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class EvidenceFilter:
    """What the analyst narrowed the evidence to; an empty choice keeps every value.

    ``window`` keeps claims and events dated inside it (an overlap is enough); a claim that
    holds no date is about no time, and a date window leaves it in.
    """

    speakers: tuple[str, ...] = ()  # actor ids
    sides: tuple[str, ...] = ()
    attribution_modes: tuple[str, ...] = ()
    claim_kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()  # verdict names, or UNCHECKED
    contested: bool | None = None  # True: only claims with contested wording; False: none
    window: tuple[dt.date, dt.date] | None = None
    search: str = ""  # words to find in a claim's text, speaker, cue or id


@dataclass(frozen=True)
class FilteredEvidence:
    """The claims, checks and events one filter keeps, and counts of them."""

    claims: pd.DataFrame
    checks: pd.DataFrame
    events: pd.DataFrame
    counts: dict[str, int]


def evidence_claims(data: ReportData) -> pd.DataFrame:
    """One row per claim with everything the filters and the table need.

    Beside the annotation's columns: the speaker's name and side, the claim's verdicts (in
    check order; ``[UNCHECKED]`` when none), whether it holds contested wording, and the
    first and last day of the dates it holds (NaT when it holds none).
    """
    annotation = data.annotation
    names = actor_names(annotation)
    sides = dict(zip(annotation.actors["actor_id"], annotation.actors["side"], strict=True))
    verdicts = data.checks.groupby("claim_id")["verdict"].agg(list).to_dict()
    contested = set(annotation.contested["claim_id"])
    dated = data.events.groupby("claim_id").agg(
        first_date=("event_start", "min"), last_date=("event_end", "max")
    )
    claims = annotation.claims.copy()
    claims["speaker"] = claims["speaker_actor_id"].map(names)
    claims["side"] = claims["speaker_actor_id"].map(sides)
    claims["verdicts"] = [verdicts.get(c, [UNCHECKED]) for c in claims["claim_id"]]
    claims["verdict_rank"] = [min(_VERDICT_RANK[v] for v in vs) for vs in claims["verdicts"]]
    claims["is_contested"] = claims["claim_id"].isin(contested)
    claims = claims.join(dated, on="claim_id")
    return claims.sort_values("span_start").reset_index(drop=True)


def filter_options(
    data: ReportData, claims: pd.DataFrame | None = None
) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter as (label, value) pairs, only those the article uses,
    in the order the schema declares them (speakers by how often they speak)."""
    claims = evidence_claims(data) if claims is None else claims
    speakers = claims.groupby(["speaker_actor_id", "speaker"]).size()
    speakers = speakers.sort_values(ascending=False, kind="stable")
    used_verdicts = {v for vs in claims["verdicts"] for v in vs}
    used_topics = {t for ts in claims["topics"] for t in ts}
    return {
        "speakers": [(f"{name} ({n})", actor_id) for (actor_id, name), n in speakers.items()],
        "sides": _used(SIDES, set(claims["side"])),
        "attribution_modes": _used(ATTRIBUTION_MODES, set(claims["attribution_mode"])),
        "claim_kinds": _used(CLAIM_KINDS, set(claims["claim_kind"])),
        "topics": _used(TOPICS, used_topics),
        "verdicts": [
            (verdict_label(v) if v != UNCHECKED else "Not checked", v)
            for v in (*VERDICT_NAMES, UNCHECKED)
            if v in used_verdicts
        ],
    }


def readable(value: str) -> str:
    """A schema value as a reader writes it.

    >>> readable("direct_quote")
    'direct quote'
    """
    return str(value).replace("_", " ")


def _used(allowed: tuple[str, ...] | frozenset[str], used: set[str]) -> list[tuple[str, str]]:
    """The allowed values the article uses, each with a readable label."""
    ordered = allowed if isinstance(allowed, tuple) else sorted(allowed)
    return [(readable(value), value) for value in ordered if value in used]


def filter_evidence(
    data: ReportData, chosen: EvidenceFilter, claims: pd.DataFrame | None = None
) -> FilteredEvidence:
    """The claims, checks and events ``chosen`` keeps (``claims``: the result of
    :func:`evidence_claims`, when the caller keeps it)."""
    claims = evidence_claims(data) if claims is None else claims
    keep = _claim_mask(claims, chosen)
    claims = claims[keep].reset_index(drop=True)
    kept_ids = set(claims["claim_id"])
    checks = data.checks[data.checks["claim_id"].isin(kept_ids)]
    if chosen.verdicts:
        checks = checks[checks["verdict"].isin(chosen.verdicts)]
    events = data.events[data.events["claim_id"].isin(kept_ids)]
    if chosen.window is not None:
        events = events[_overlaps(events["event_start"], events["event_end"], chosen.window)]
    counts = {
        "claims": len(claims),
        "checks": len(checks),
        "events": len(events),
        "contested": int(claims["is_contested"].sum()),
        **{f"verdict:{v}": int((checks["verdict"] == v).sum()) for v in VERDICT_NAMES},
    }
    return FilteredEvidence(
        claims, checks.reset_index(drop=True), events.reset_index(drop=True), counts
    )


def _claim_mask(claims: pd.DataFrame, chosen: EvidenceFilter) -> pd.Series:
    """Which claims pass every part of ``chosen``."""
    keep = pd.Series(True, index=claims.index)
    for column, values in (
        ("speaker_actor_id", chosen.speakers),
        ("side", chosen.sides),
        ("attribution_mode", chosen.attribution_modes),
        ("claim_kind", chosen.claim_kinds),
    ):
        if values:
            keep &= claims[column].isin(values)
    for column, values in (("topics", chosen.topics), ("verdicts", chosen.verdicts)):
        if values:
            keep &= claims[column].map(lambda held, wanted=set(values): bool(wanted & set(held)))
    if chosen.contested is not None:
        keep &= claims["is_contested"] == chosen.contested
    if chosen.window is not None:
        undated = claims["first_date"].isna()
        keep &= undated | _overlaps(claims["first_date"], claims["last_date"], chosen.window)
    if chosen.search.strip():
        keep &= _matches(claims, chosen.search)
    return keep


def _overlaps(starts: pd.Series, ends: pd.Series, window: tuple[dt.date, dt.date]) -> pd.Series:
    """Which intervals share a day with ``window``."""
    first, last = (pd.Timestamp(day) for day in window)
    return (starts <= last) & (ends >= first)


def _matches(claims: pd.DataFrame, search: str) -> pd.Series:
    """Claims whose text, speaker, attribution cue or id holds every word of ``search``."""
    haystack = (
        claims["claim_id"]
        + " "
        + claims["span"]
        + " "
        + claims["speaker"].fillna("")
        + " "
        + claims["attribution_cue"].fillna("")
    ).str.casefold()
    keep = pd.Series(True, index=claims.index)
    for word in search.casefold().split():
        keep &= haystack.str.contains(word, regex=False)
    return keep


def sort_claims(claims: pd.DataFrame, sort_by: str, descending: bool = False) -> pd.DataFrame:
    """The claims in the order a user picked from :data:`SORT_KEYS`."""
    if sort_by not in SORT_KEYS:
        raise ValueError(f"sort_by: unknown order {sort_by!r}; known: {', '.join(SORT_KEYS)}")
    columns = SORT_KEYS[sort_by]
    ascending = [not descending] + [True] * (len(columns) - 1)
    # Undated claims last, whichever way: they have no place in a date order.
    return claims.sort_values(columns, ascending=ascending, na_position="last", kind="stable")


def render_claims_table(claims: pd.DataFrame) -> Markup:
    """The claims as a table: words left-aligned and quoted, verdicts as coloured badges."""
    frame = claims.assign(
        attribution=claims["attribution_mode"].map(readable),
        kind=claims["claim_kind"].map(readable),
        topic_list=claims["topics"].map(lambda topics: ", ".join(map(readable, topics))),
        dates=[
            _date_span(first, last)
            for first, last in zip(claims["first_date"], claims["last_date"], strict=True)
        ],
    )
    return html_table(
        frame,
        {
            "claim_id": "Claim",
            "span": "Article's words",
            "speaker": "Speaker",
            "attribution": "Attribution",
            "kind": "Kind",
            "topic_list": "Topics",
            "verdicts": "Verdict",
            "dates": "Dates",
        },
        formatters={"span": quoted, "verdicts": _verdict_badges},
        css_class="report-table explore-table explore-claims",
    )


def _verdict_badges(verdicts: list[str]) -> Markup:
    """A claim's verdicts as badges; "not checked" in plain text."""
    badges = [verdict_badge(v) for v in verdicts if v != UNCHECKED]
    return Markup(" ").join(badges) if badges else Markup("<em>not checked</em>")


def _date_span(first: Any, last: Any) -> str:
    """A claim's dates as a span of days, or nothing when it holds none."""
    if pd.isna(first):
        return ""
    first_day, last_day = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    return str(first_day) if first_day == last_day else f"{first_day} to {last_day}"


def render_checks_table(checks: pd.DataFrame) -> Markup:
    """The checks kept by a filter: verdict, the words checked, evidence and sources."""
    return html_table(
        checks,
        {
            "check_id": "Check",
            "claim_id": "Claim",
            "verdict": "Verdict",
            "claim": "Words checked",
            "speaker": "Speaker",
            "evidence": "Why",
            "citations": "Sources",
        },
        formatters={"verdict": verdict_badge, "claim": quoted, "citations": html_citations},
        css_class="report-table explore-table explore-checks",
    )


def render_events_table(events: pd.DataFrame) -> Markup:
    """The dated events kept by a filter, each with its expression and resolution."""
    return html_table(
        events,
        {
            "event_id": "Event",
            "label": "What happened",
            "expression": "As written",
            "date_label": "Resolved",
            "date_precision": "Precision",
            "date_rule": "Rule",
            "claim_id": "Claim",
        },
        formatters={"expression": quoted},
        css_class="report-table explore-table explore-events",
    )


def render_counts(evidence: FilteredEvidence, total_claims: int) -> Markup:
    """One line of counts: claims kept of all, checks by verdict, events, contested."""
    counts = evidence.counts
    verdicts = [
        {"badge": verdict_badge(v), "count": counts[f"verdict:{v}"]}
        for v in VERDICT_NAMES
        if counts[f"verdict:{v}"]
    ]
    return render_fragment(
        "explore_counts",
        claims=counts["claims"],
        total=total_claims,
        checks=counts["checks"],
        events=counts["events"],
        contested=counts["contested"],
        verdicts=verdicts,
    )


def filtered_timeline(data: ReportData, evidence: FilteredEvidence) -> pd.DataFrame:
    """The timeline's rows for the kept events, beside the record's phases and events."""
    return build_timeline_items(data.annotation, data.params, evidence.events)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Each paragraph's (start, end) offsets in ``text``; paragraphs are split by blank lines.

    >>> paragraph_bounds("One.\\n\\nTwo, and\\nmore.\\n")
    [(0, 4), (6, 20)]
    """
    bounds, start = [], 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text.rstrip("\n"))))
    return [(s, e) for s, e in bounds if e > s]


def claim_in_article(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The paragraphs a span touches, each as its number and its text in pieces, with the
    span's part marked: what the view shows of a claim in its place."""
    paragraphs = []
    for number, (p_start, p_end) in enumerate(paragraph_bounds(text), start=1):
        if p_end <= start or p_start >= end:
            continue
        lo, hi = max(start, p_start), min(end, p_end)
        paragraphs.append(
            {
                "number": number,
                "before": text[p_start:lo],
                "marked": text[lo:hi],
                "after": text[hi:p_end],
            }
        )
    return paragraphs


def describe_claim(data: ReportData, claim_id: str, claims: pd.DataFrame | None = None) -> Markup:
    """One claim in its place: highlighted in its paragraph, with its speaker, attribution
    and cue, its checks with their sources, and how each of its dates was resolved."""
    claims = (evidence_claims(data) if claims is None else claims).set_index("claim_id")
    if claim_id not in claims.index:
        raise KeyError(f"claim_id: no claim {claim_id!r} in article {data.params.article_id!r}")
    claim = claims.loc[claim_id]
    actors = data.annotation.actors.set_index("actor_id")
    speaker = actors.loc[claim["speaker_actor_id"]]
    text = data.annotation.article.text
    return render_fragment(
        "explore_claim",
        claim_id=claim_id,
        paragraphs=claim_in_article(text, int(claim["span_start"]), int(claim["span_end"])),
        paragraph_count=len(paragraph_bounds(text)),
        speaker=speaker["name"],
        role=speaker["role"] if isinstance(speaker["role"], str) else None,
        side=speaker["side"],
        mode=readable(claim["attribution_mode"]),
        cue=claim["attribution_cue"] if isinstance(claim["attribution_cue"], str) else None,
        kind=readable(claim["claim_kind"]),
        topics=", ".join(map(readable, claim["topics"])),
        checks=_claim_checks(data, claim_id),
        dates=_claim_dates(data, claim_id),
    )


def _claim_checks(data: ReportData, claim_id: str) -> list[dict[str, Any]]:
    """A claim's checks as the claim view shows them."""
    checks = data.checks[data.checks["claim_id"] == claim_id]
    return [
        {
            "check_id": row["check_id"],
            "badge": verdict_badge(row["verdict"]),
            "words": quoted(row["claim"]),
            "evidence": row["evidence"],
            "caveat": row["caveat"] or None,
            "citations": html_citations(row["citations"]),
        }
        for row in checks.to_dict(orient="records")
    ]


def _claim_dates(data: ReportData, claim_id: str) -> list[dict[str, Any]]:
    """How each date a claim holds was resolved: expression, result, precision, rule, why."""
    events = data.events[data.events["claim_id"] == claim_id]
    return [
        {
            "expression": quoted(row["expression"]),
            "resolved": row["date_label"],
            "precision": row["date_precision"],
            "rule": row["date_rule"],
            "reference_date": pd.Timestamp(row["reference_date"]).date().isoformat(),
            "explanation": row["date_explanation"],
        }
        for row in events.to_dict(orient="records")
    ]


def compare_reference(data: ReportData, other_date: dt.date) -> pd.DataFrame:
    """Every dated event under the report's reference date and under ``other_date``, side
    by side: the resolved dates, and what follows from them (whether each agrees with the
    record, and whether it falls in the report's window and in the week of contacts)."""
    reference = data.params.reference_date
    annotation = data.annotation
    forward = compare_reference_dates(annotation, reference, other_date)
    backward = compare_reference_dates(annotation, other_date, reference).set_index("event_id")
    chosen = resolve_events(annotation, reference).set_index("event_id")
    other = resolve_events(annotation, other_date).set_index("event_id")
    window = (data.params.window_start, data.params.window_end)
    frame = forward.assign(
        agrees_other=forward["event_id"].map(backward["agrees_with_record"]),
        in_window=_in_span(chosen, forward["event_id"], window),
        in_window_other=_in_span(other, forward["event_id"], window),
        in_week=_in_span(chosen, forward["event_id"], _week(reference)),
        in_week_other=_in_span(other, forward["event_id"], _week(other_date)),
    )
    results = ["agrees_with_record", "in_window", "in_week"]
    frame["is_result_changed"] = [
        any(_differ(row[r], row[r.replace("_with_record", "") + "_other"]) for r in results)
        for row in frame.to_dict(orient="records")
    ]
    return frame


def _week(reference: dt.date) -> tuple[dt.date, dt.date]:
    """The report's week of contacts around ``reference`` (as ``prepare_report`` takes it)."""
    return reference - dt.timedelta(days=7), reference + dt.timedelta(days=1)


def _in_span(
    resolved: pd.DataFrame, event_ids: pd.Series, span: tuple[dt.date, dt.date]
) -> list[bool]:
    """Whether each event's resolved interval shares a day with ``span``."""
    rows = resolved.loc[list(event_ids)]
    return list(_overlaps(rows["event_start"], rows["event_end"], span))


def _differ(one: Any, other: Any) -> bool:
    """Whether two results differ; two missing ones (no record date) do not."""
    if pd.isna(one) and pd.isna(other):
        return False
    return bool(one != other)


def render_reference_comparison(
    comparison: pd.DataFrame, reference: dt.date, other_date: dt.date, changed_only: bool = True
) -> Markup:
    """The two reference dates side by side: a sentence of what moves, then the table (only
    the rows where a date or a result changes, unless ``changed_only`` is off)."""
    moved = comparison[comparison["is_changed"] | comparison["is_result_changed"]]
    shown = moved if changed_only else comparison
    one, two = reference.isoformat(), other_date.isoformat()
    table = html_table(
        shown,
        {
            "expression": "As written",
            "label": "Event",
            "date_rule": "Rule",
            "resolved": f"Resolved ({one})",
            "resolved_other": f"Resolved ({two})",
            "agrees_with_record": f"Agrees with record ({one})",
            "agrees_other": f"Agrees with record ({two})",
            "in_week": f"In the week to {one}",
            "in_week_other": f"In the week to {two}",
        },
        formatters={
            "expression": quoted,
            "agrees_with_record": _yes_no,
            "agrees_other": _yes_no,
            "in_week": _yes_no,
            "in_week_other": _yes_no,
        },
        css_class="report-table explore-table explore-reference",
        row_class=lambda row: "changed" if row["is_changed"] else "",
    )
    return render_fragment(
        "explore_reference",
        reference=one,
        other=two,
        dates_changed=int(comparison["is_changed"].sum()),
        results_changed=int(comparison["is_result_changed"].sum()),
        total=len(comparison),
        table=table,
    )


def _yes_no(value: Any) -> str:
    """A result as a word; no record date to compare with is a dash."""
    if value is None or pd.isna(value):
        return "–"
    return "yes" if value else "no"


@dataclass(frozen=True)
class EvidenceFrames:
    """The tables behind the exploration, by the names an analyst uses in pandas."""

    claims: pd.DataFrame
    events: pd.DataFrame
    checks: pd.DataFrame
    record: pd.DataFrame

    def describe(self) -> pd.DataFrame:
        """One row per frame: its name, size and columns, for a first look."""
        return pd.DataFrame(
            [
                {
                    "frame": field.name,
                    "rows": len(frame),
                    "columns": len(frame.columns),
                    "column names": ", ".join(map(str, frame.columns)),
                }
                for field in dataclasses.fields(self)
                for frame in [getattr(self, field.name)]
            ]
        )


def evidence_frames(data: ReportData) -> EvidenceFrames:
    """The claims (with speakers and verdicts), resolved events, checks and the record's
    events, each a DataFrame of its own."""
    return EvidenceFrames(
        claims=evidence_claims(data).drop(columns="verdict_rank"),
        events=data.events.copy(),
        checks=data.checks.copy(),
        record=data.annotation.record_events.copy(),
    )


def render_timeline(data: ReportData, evidence: FilteredEvidence) -> Markup:
    """The timeline of the kept events, beside the record's, as inline SVG charts (one per
    page-sized part), each chart's ids its own so that several can share a page."""
    from analysis import charts
    from analysis.compute import timeline_parts
    from analysis.display import chart_svg
    from analysis.render import scope_svg_ids

    params = data.params
    parts = timeline_parts(filtered_timeline(data, evidence), params.reference_date)
    svgs = [
        scope_svg_ids(
            chart_svg(
                charts.plot_timeline,
                part.frame,
                params.window_start,
                params.window_end,
                title=part.title,
                reference_date=params.reference_date,
                note=part.note,
            ),
            f"explore-timeline{index}-",
        )
        for index, part in enumerate(parts, start=1)
    ]
    # Cleaned by analysis.render.clean_svg: no script, no event attribute, no outside link.
    return Markup("\n".join(svgs))
