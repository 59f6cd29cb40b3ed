"""The data behind a report, in formats others can reuse.

- ``claims.csv``: every claim with its verbatim span and offsets;
- ``events.csv`` / ``events.json``: every date expression with its resolution;
- ``timeline.json``: TimelineJS's JSON format (https://timeline.knightlab.com/docs/json-format.html);
- ``checks.jsonld``: checked claims as schema.org ``ClaimReview`` records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.compute import ReportData, actor_names
from analysis.datetext import date_parts
from analysis.files import write_atomic
from analysis.fragments import escape_text
from analysis.verdicts import BY_NAME, RATING_RANGE, Verdict

PROJECT_NAME = "Russia–NATO article evidence report"


def claims_frame(data: ReportData) -> pd.DataFrame:
    """Claims as exported: verbatim span, offsets, speaker and attribution, lists joined by ';'."""
    names = actor_names(data.annotation)
    claims = data.annotation.claims
    return pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "span": claims["span"],
            "span_start": claims["span_start"],
            "span_end": claims["span_end"],
            "speaker_actor_id": claims["speaker_actor_id"],
            "speaker_name": claims["speaker_actor_id"].map(names),
            "attribution_mode": claims["attribution_mode"],
            "attribution_cue": claims["attribution_cue"],
            "claim_kind": claims["claim_kind"],
            "topics": claims["topics"].map(";".join),
            "subject_actor_ids": claims["subject_actor_ids"].map(";".join),
            "article_id": data.annotation.article.article_id,
        }
    )


def events_frame(data: ReportData) -> pd.DataFrame:
    """Resolved events as exported: expression, offsets, interval, precision, rule, reference."""
    events = data.events.merge(
        data.annotation.events[["event_id", "expression_start", "expression_end"]], on="event_id"
    )
    out = events[
        [
            "event_id",
            "label",
            "expression",
            "expression_start",
            "expression_end",
            "claim_id",
            "event_type",
            "channel",
            "date_label",
            "event_start",
            "event_end",
            "date_precision",
            "date_rule",
            "reference_date",
            "date_explanation",
            "record_event_id",
        ]
    ].copy()
    for column in ("event_start", "event_end", "reference_date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    out["participant_actor_ids"] = events["participant_actor_ids"].map(";".join)
    return out


def _timeline_span(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> dict[str, Any]:
    """``start_date``, and ``end_date`` whenever the interval ends in a later day, month or year.

    A single year or month (an event known only to that precision) is one date in TimelineJS;
    an interval such as a deployment from one month to another keeps its end.
    """
    span = {"start_date": date_parts(start, precision)}
    last = date_parts(end, precision)
    if last != span["start_date"]:
        span["end_date"] = last
    return span


def timeline_document(data: ReportData) -> dict[str, Any]:
    """The timeline in TimelineJS's JSON format: events as slides, phases as eras.

    TimelineJS renders headlines and texts as HTML, so every text from the annotation is
    escaped here.
    """
    article = data.annotation.article.metadata
    events = []
    for row in data.timeline.to_dict(orient="records"):
        if row["item_kind"] != "event":
            continue
        precision = row["date_precision"]
        slide: dict[str, Any] = {
            "unique_id": row["item_id"],
            **_timeline_span(row["start"], row["end"], precision),
            "text": {
                "headline": escape_text(row["label"]),
                "text": ("Told by the article" if row["origin"] == "article" else "Public record")
                + ("" if row["is_confirmed"] else " (unconfirmed)")
                + f"; date known to the {precision}.",
            },
            "group": "Article" if row["origin"] == "article" else "Public record",
        }
        events.append(slide)
    eras = [
        {
            "start_date": date_parts(row["start"], row["date_precision"]),
            "end_date": date_parts(row["end"], row["date_precision"]),
            "text": {"headline": escape_text(row["label"])},
        }
        for row in data.timeline.to_dict(orient="records")
        if row["item_kind"] == "phase"
    ]
    return {
        "title": {
            "text": {
                "headline": escape_text(article["title"]),
                "text": escape_text(
                    f"{article['outlet']}, {article['date_published'].isoformat()}. "
                    f"Relative dates resolved against {data.params.reference_date.isoformat()}."
                ),
            }
        },
        "events": events,
        "eras": eras,
    }


def claim_reviews(data: ReportData) -> dict[str, Any]:
    """Checked claims as a JSON-LD graph of schema.org ``ClaimReview`` records."""
    annotation = data.annotation
    names = actor_names(annotation)
    types = dict(zip(annotation.actors["actor_id"], annotation.actors["actor_type"], strict=True))
    claims = annotation.claims.set_index("claim_id")
    reviews = []
    for row in data.checks.to_dict(orient="records"):
        claim = claims.loc[row["claim_id"]]
        speaker = claim["speaker_actor_id"]
        review = _claim_review(annotation.article.article_id, row)
        review["itemReviewed"] = {
            "@type": "Claim",
            "text": claim["span"],
            "author": {
                "@type": "Person" if types[speaker] == "person" else "Organization",
                "name": names[speaker],
            },
            "appearance": _appearance(annotation.article.metadata),
        }
        reviews.append(review)
    return {"@context": "https://schema.org", "@graph": reviews}


def _claim_review(article_id: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """One check as a ``ClaimReview``, but for the claim it reviews (``itemReviewed``)."""
    body = row["evidence"] + (f" Caveat: {row['caveat']}" if row["caveat"] else "")
    return {
        "@type": "ClaimReview",
        "identifier": f"{article_id}#{row['check_id']}",
        "claimReviewed": row["claim"],
        "reviewBody": body,
        "reviewRating": _rating(BY_NAME[row["verdict"]]),
        "citation": [_cited_work(c) for c in row["citations"]],
        "author": {"@type": "Organization", "name": PROJECT_NAME},
    }


def _rating(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a schema.org ``Rating``."""
    # ratingValue from 1 (false) to 5 (true); "unconfirmed" carries no number.
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.label,
        "ratingExplanation": verdict.meaning,
        "bestRating": RATING_RANGE[1],
        "worstRating": RATING_RANGE[0],
    }
    if verdict.rating is not None:
        rating["ratingValue"] = verdict.rating
    return rating


def _cited_work(citation: Mapping[str, Any]) -> dict[str, Any]:
    """A citation as the ``CreativeWork`` it points to, and where and what it says."""
    return {
        "@type": "CreativeWork",
        "identifier": citation["source_id"],
        "url": citation["url"],
        "publisher": {"@type": "Organization", "name": citation["publisher"]},
        "datePublished": citation["published"],
        "genre": citation["kind"],
        "position": citation["locator"],
        "description": citation["says"],
    }


def _appearance(article: Mapping[str, Any]) -> dict[str, Any]:
    """The article a claim appears in, as a ``NewsArticle``."""
    appearance = {
        "@type": "NewsArticle",
        "url": article["url"],
        "headline": article["title"],
        "datePublished": article["date_published"].isoformat(),
        "publisher": {"@type": "Organization", "name": article["outlet"]},
    }
    # A text supplied without its address appears nowhere a reader could follow.
    return {key: value for key, value in appearance.items() if value is not None}


def write_report_data(data: ReportData, folder: Path) -> list[Path]:
    """Write claims.csv, events.csv, events.json, timeline.json and checks.jsonld."""
    events = events_frame(data)
    outputs = {
        "claims.csv": claims_frame(data).to_csv(index=False),
        "events.csv": events.to_csv(index=False),
        "events.json": json.dumps(
            events.astype(object).where(events.notna(), None).to_dict(orient="records"),
            ensure_ascii=False,
            indent=2,
        ),
        "timeline.json": json.dumps(timeline_document(data), ensure_ascii=False, indent=2),
        "checks.jsonld": json.dumps(claim_reviews(data), ensure_ascii=False, indent=2),
    }
    written = []
    for name, text in outputs.items():
        path = folder / name
        write_atomic(path, text)
        written.append(path)
    return written
