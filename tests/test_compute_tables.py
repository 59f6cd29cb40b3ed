"""The report's tables (analysis.compute), against values worked out by hand from the data.

Two inputs: the shipped seed annotation, whose figures are read off its YAML files (the
article's annotation and the public record in data/record/), and a small hand-built article
("mini") written into tmp_path with a record of its own, small enough to work every table out
by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from analysis.compute import (
    ReportData,
    alternative_reference_date,
    build_checks_table,
    build_contact_edges,
    build_contested_table,
    build_sources_table,
    build_timeline_items,
    claims_of_actor,
    compare_reference_dates,
    count_claims_by_speaker,
    prepare_report,
    record_end,
    resolve_events,
    select_contacts,
)
from analysis.load import Annotation, load_annotation
from analysis.params import ParameterError, ReportParameters, validate_parameters
from analysis.schema import SchemaError
from analysis.tables import ANNOTATION_TABLES

D = dt.date
T = pd.Timestamp
SEED = "rbth-2017-03-06-military-talks"
# The tables an Annotation holds (the record's actors and the article's in one).
TABLES = tuple(ANNOTATION_TABLES)
# Where each table of the hand-built data is written: the record's files, shared by every
# article (data/record/<file>.yaml), by the key the tables below use for them ...
RECORD_FILES = {
    "sources": "sources",
    "record_actors": "actors",
    "record_events": "record_events",
    "phases": "phases",
}
# ... and the article's own (data/annotations/<article_id>/<table>.yaml).
ARTICLE_FILES = ("actors", "claims", "events", "checks", "contested")

# --- a small hand-built article -------------------------------------------------------------------

MINI = "mini"
MINI_TEXT = (
    "Alpha and Beta talk again\n"
    "\n"
    'Alpha said: "We spoke with Beta today."\n'
    "On Feb. 28, Beta met Gamma in Brussels.\n"
    "On the following day, March 1, Gamma phoned Alpha, Beta and Delta.\n"
    "The council resumed its work last year after a two-year hiatus.\n"
    "Delta said the talks began in 2016 and that Beta confirmed the call this year.\n"
)


def actor(actor_id: str, name: str, actor_type: str, side: str) -> dict[str, Any]:
    return {"actor_id": actor_id, "name": name, "actor_type": actor_type, "side": side}


def source(
    source_id: str,
    url: str,
    publisher: str,
    title: str,
    published: str,
    kind: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "url": url,
        "publisher": publisher,
        "title": title,
        "published": published,
        "language": "en",
        "kind": kind,
        "retrieved": "2026-11-27",
        "is_announcement": False,
        **extra,
    }


def citation(source_id: str, locator: str, says: str) -> dict[str, str]:
    return {"source_id": source_id, "locator": locator, "says": says}


def claim(claim_id: str, span: str, speaker: str, mode: str, **extra: Any) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "span": span,
        "speaker_actor_id": speaker,
        "attribution_mode": mode,
        "claim_kind": "event_report",
        "topics": ["military_contacts"],
        **extra,
    }


def event(event_id: str, expression: str, claim_id: str, event_type: str, **extra: Any) -> dict:
    return {
        "event_id": event_id,
        "label": f"Label of {event_id}",
        "expression": expression,
        "claim_id": claim_id,
        "event_type": event_type,
        **extra,
    }


def record(
    record_id: str,
    event_type: str,
    start: str,
    precision: str,
    citations: list[dict[str, str]],
    **extra: Any,
) -> dict:
    return {
        "record_event_id": record_id,
        "label": f"Label of {record_id}",
        "event_type": event_type,
        "start_date": start,
        "precision": precision,
        "is_confirmed": True,
        "citations": citations,
        **extra,
    }


# The mini record's sources, out of order: by kind they are primary (alpha release, beta
# schedule), wire (the two Courier stories), newspaper (the Paper), other (the Almanac, the
# blog, the aggregator). Nothing cites the aggregator.
MINI_SOURCES = [
    source(
        "s_blog",
        "https://example.org/blog/what-really-happened-in-february",
        "A Blog",
        "What really happened in February",
        "2017-03-04",
        "other",
    ),
    source(
        "s_paper_council",
        "https://example.org/paper/2016/05/council-meets-again",
        "The Paper",
        "Council meets again after a long pause",
        "2016-05-01",
        "newspaper",
        published_precision="month",
        note="The print edition gives only the month.",
    ),
    source(
        "s_wire_2018",
        "https://example.org/courier/2018/01/10/delta-calls-beta",
        "Daily Courier (Wire Agency)",
        "Delta calls Beta",
        "2018-01-10",
        "wire",
    ),
    source(
        "s_alpha_release",
        "https://example.org/alpha-ministry/2017/03/03/call-with-beta",
        "Alpha Ministry",
        "Anna Alpha speaks with Beta Command",
        "2017-03-03",
        "primary",
    ),
    source(
        "s_aggregator",
        "https://example.org/aggregator/alpha",
        "News Aggregator",
        "All the news on Alpha",
        "2017-03-05",
        "other",
    ),
    source(
        "s_almanac",
        "https://example.org/almanac/2015",
        "The Almanac",
        "Almanach des relations Alpha-Bêta",
        "2015-01-01",
        "other",
        published_precision="year",
        language="fr",
    ),
    source(
        "s_wire_call",
        "https://example.org/courier/2017/03/03/alpha-and-beta-talk",
        "Daily Courier (Wire Agency)",
        "Alpha and Beta talk by phone",
        "2017-03-03",
        "wire",
    ),
    source(
        "s_beta_schedule",
        "https://example.org/beta-command/schedule/2017-week-09",
        "Beta Command",
        "The commander's schedule, week 9",
        "2017-03-02",
        "primary",
        is_announcement=True,
        note="Written the day before the call: it says the call is planned, not that it happened.",
    ),
]


def mini_tables() -> dict[str, list[dict[str, Any]]]:
    """The mini article's annotation and its record. Claims and events are listed out of
    article order. The record's actors are those its events and phases name (Epsilon is named
    by the record only); the outlet is the article's own."""
    return {
        "sources": [dict(s) for s in MINI_SOURCES],
        "record_actors": [
            actor("alpha", "Anna Alpha", "person", "russia"),
            actor("beta", "Beta Command", "organisation", "nato"),
            actor("gamma", "Gustav Gamma", "person", "nato"),
            actor("delta", "Dora Delta", "person", "expert"),
            actor("council", "The Council", "organisation", "other"),
            actor("epsilon", "Eva Epsilon", "person", "russia"),
        ],
        "actors": [actor("outlet", "The Outlet", "media", "media")],
        "claims": [
            claim(
                "k5", "the talks began in 2016", "delta", "paraphrase", attribution_cue="Delta said"
            ),
            claim(
                "k6",
                "Beta confirmed the call this year",
                "delta",
                "paraphrase",
                attribution_cue="Delta said",
                subject_actor_ids=["beta"],
            ),
            claim(
                "k1",
                "We spoke with Beta today.",
                "alpha",
                "direct_quote",
                attribution_cue="Alpha said",
                subject_actor_ids=["alpha", "beta"],
            ),
            claim(
                "k2",
                "On Feb. 28, Beta met Gamma in Brussels.",
                "outlet",
                "narration",
                subject_actor_ids=["beta", "gamma"],
            ),
            claim(
                "k3",
                "On the following day, March 1, Gamma phoned Alpha, Beta and Delta.",
                "outlet",
                "narration",
                subject_actor_ids=["gamma", "alpha", "beta", "delta"],
            ),
            claim(
                "k4",
                "The council resumed its work last year after a two-year hiatus.",
                "outlet",
                "narration",
                subject_actor_ids=["council"],
            ),
        ],
        "events": [
            event(
                "ev_hiatus",
                "a two-year hiatus",
                "k4",
                "other",
                participant_actor_ids=["council"],
                anchor_event_id="ev_resumed",
                record_event_id="r_pause",
            ),
            event(
                "ev_mar1",
                "On the following day, March 1",
                "k3",
                "contact",
                channel="phone_call",
                participant_actor_ids=["gamma", "alpha", "beta", "delta"],
                anchor_event_id="ev_feb28",
            ),
            event(
                "ev_call_year",
                "this year",
                "k6",
                "statement",
                participant_actor_ids=["delta", "beta"],
                record_event_id="r_call",
            ),
            event(
                "ev_today",
                "today",
                "k1",
                "contact",
                channel="phone_call",
                participant_actor_ids=["alpha", "beta"],
                record_event_id="r_call",
            ),
            event(
                "ev_feb28",
                "On Feb. 28",
                "k2",
                "contact",
                channel="meeting",
                participant_actor_ids=["beta", "gamma"],
                record_event_id="r_meeting",
            ),
            event(
                "ev_resumed",
                "last year",
                "k4",
                "resumption",
                participant_actor_ids=["council"],
                record_event_id="r_resumed",
            ),
            event("ev_began", "in 2016", "k5", "other", record_event_id="r_began"),
        ],
        "phases": [
            {
                "phase_id": "p_term",
                "label": "Alpha's term",
                "phase_type": "term",
                "start_date": "2012-05-01",
                "end_date": "2014-03-31",
                "precision": "day",
                "actor_id": "alpha",
                "citations": [
                    citation(
                        "s_almanac",
                        "chapter 2, page 20",
                        "The Almanac gives Anna Alpha's term as 1 May 2012 to 31 March 2014.",
                    )
                ],
            },
            {
                "phase_id": "p_freeze",
                "label": "The freeze",
                "phase_type": "suspension",
                "start_date": "2015-07-01",
                "precision": "month",
                "citations": [
                    citation(
                        "s_paper_council",
                        "paragraph 4",
                        "The Paper says cooperation has been frozen since July 2015.",
                    )
                ],
            },
        ],
        "record_events": [
            record(
                "r_call",
                "contact",
                "2017-03-03",
                "day",
                [
                    citation(
                        "s_alpha_release",
                        "paragraph 1",
                        "Alpha's ministry says Anna Alpha and Beta Command spoke by telephone "
                        "on 3 March 2017.",
                    ),
                    citation(
                        "s_beta_schedule",
                        "item 4",
                        "Beta Command's schedule, issued on 2 March 2017, lists a call with "
                        "Anna Alpha for the next day.",
                    ),
                ],
                channel="phone_call",
                participant_actor_ids=["alpha", "beta"],
            ),
            record(
                "r_meeting",
                "contact",
                "2017-02-28",
                "day",
                [
                    citation(
                        "s_wire_call",
                        "paragraph 5",
                        "The agency reports that Beta Command met Gustav Gamma on "
                        "28 February 2017.",
                    )
                ],
                channel="meeting",
                participant_actor_ids=["beta", "gamma"],
            ),
            record(
                "r_pause",
                "other",
                "2014-06-01",
                "day",
                [
                    citation(
                        "s_paper_council",
                        "paragraph 2",
                        "The Paper says the Council last met on 1 June 2014, then stopped.",
                    )
                ],
                participant_actor_ids=["council"],
            ),
            record(
                "r_resumed",
                "resumption",
                "2016-05-01",
                "month",
                [
                    citation(
                        "s_paper_council",
                        "paragraph 1",
                        "The Paper reports that the Council met again in May 2016, for the first "
                        "time since June 2014.",
                    )
                ],
            ),
            record(
                "r_began",
                "other",
                "2015-01-01",
                "year",
                [
                    citation(
                        "s_almanac",
                        "chapter 3, page 41",
                        "The Almanac dates the first Alpha-Beta talks to 2015, without a month.",
                    )
                ],
            ),
            record(
                "r_summit",
                "contact",
                "2017-02-23",
                "day",
                [
                    citation(
                        "s_blog",
                        "paragraph 3",
                        "A blogger writes that Alpha, Gamma and Delta met on 23-24 February "
                        "2017; no other source names the meeting.",
                    )
                ],
                end_date="2017-02-24",
                is_confirmed=False,
                channel="meeting",
                participant_actor_ids=["alpha", "gamma", "delta"],
            ),
            record(
                "r_old",
                "decision",
                "2013-05-01",
                "day",
                [
                    citation(
                        "s_almanac",
                        "chapter 1, page 12",
                        "The Almanac records a decision Eva Epsilon took on 1 May 2013.",
                    )
                ],
                participant_actor_ids=["epsilon"],
            ),
            record(
                "r_later",
                "contact",
                "2018-01-10",
                "day",
                [
                    citation(
                        "s_wire_2018",
                        "paragraph 1",
                        "The agency reports that Dora Delta called Beta Command on "
                        "10 January 2018.",
                    )
                ],
                channel="phone_call",
                participant_actor_ids=["delta", "beta"],
            ),
        ],
        "checks": [
            {
                "check_id": "chk_a",
                "claim_id": "k1",
                "checked_wording": "We spoke with Beta",
                "verdict": "supported",
                "evidence": "The record has the call.",
                "caveat": "Beta Command's schedule announced the call the day before; that it "
                "took place rests on Alpha's release.",
                "record_event_ids": ["r_meeting", "r_call", "r_summit"],
                "citations": [
                    citation(
                        "s_alpha_release",
                        "paragraph 1",
                        "Alpha's ministry says Anna Alpha spoke with Beta Command by telephone "
                        "on 3 March 2017.",
                    ),
                    citation(
                        "s_beta_schedule",
                        "item 4",
                        "Beta Command's schedule of 2 March 2017 lists the call for the next day.",
                    ),
                ],
            },
            {
                "check_id": "chk_b",
                "claim_id": "k5",
                "verdict": "contradicted",
                "evidence": "They began in 2015.",
                "record_event_ids": ["r_began"],
                "citations": [
                    citation(
                        "s_almanac",
                        "chapter 3, page 41",
                        "The Almanac dates the first Alpha-Beta talks to 2015.",
                    ),
                    citation(
                        "s_wire_call",
                        "paragraph 7",
                        "The agency recalls that the talks began in 2015, a year before Delta "
                        "says.",
                    ),
                ],
            },
            {
                "check_id": "chk_c",
                "claim_id": "k2",
                "verdict": "unconfirmed",
                "evidence": "Nothing either way.",
                "contested_ids": ["w_met"],
                "citations": [
                    citation(
                        "s_wire_call",
                        "paragraph 5",
                        "The agency reports the meeting of 28 February 2017 but not where it "
                        "took place.",
                    ),
                    citation(
                        "s_blog",
                        "paragraph 2",
                        "A blogger places the meeting in Mons, not Brussels, naming no source.",
                    ),
                ],
            },
            {
                "check_id": "chk_d",
                "claim_id": "k4",
                "verdict": "overstated",
                "evidence": "The council met again after 23 months, not two full years.",
                "record_event_ids": ["r_resumed", "r_pause"],
                "citations": [
                    citation(
                        "s_paper_council",
                        "paragraphs 1-2",
                        "The Paper says the Council met again in May 2016 after 23 months "
                        "without a meeting.",
                    )
                ],
            },
        ],
        "contested": [
            {
                "contested_id": "w_met",
                "span": "met Gamma",
                "claim_id": "k2",
                "neutral_description": "A meeting took place.",
                "citations": [
                    citation(
                        "s_wire_call",
                        "paragraph 5",
                        "The agency calls it a meeting of Beta Command and Gustav Gamma and "
                        "gives no agenda.",
                    )
                ],
            }
        ],
    }


def write_yaml(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def write_article(
    data: Path, article_id: str, text: str, tables: dict[str, list[dict[str, Any]]]
) -> Path:
    """Write an article, its metadata (with the text's SHA-256), its annotation and the
    public record (replacing any record already there) under data/."""
    folder = data / "articles" / article_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_bytes(text.encode("utf-8"))
    metadata = {
        "article_id": article_id,
        "title": "Alpha and Beta talk again",
        "outlet": "The Outlet",
        "url": "https://example.org/mini",
        "language": "en",
        "date_published": "2017-03-06",
        "date_reported_on": "2017-03-03",
        "date_retrieved": "2026-11-27",
        "default_reference_date": "2017-03-03",
        "rights_note": "Written for the tests.",
        "text_file": "article.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    write_yaml(folder / "metadata.yaml", {"article": [metadata]})
    for key, name in RECORD_FILES.items():
        write_yaml(data / "record" / f"{name}.yaml", {name: tables.get(key, [])})
    for name in ARTICLE_FILES:
        write_yaml(data / "annotations" / article_id / f"{name}.yaml", {name: tables.get(name, [])})
    return data


@pytest.fixture(scope="module")
def mini_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the mini article, shared by the tests that only read it."""
    return write_article(tmp_path_factory.mktemp("mini") / "data", MINI, MINI_TEXT, mini_tables())


@pytest.fixture(scope="module")
def mini(mini_data: Path) -> Annotation:
    return load_annotation(MINI, mini_data)


def mini_params(
    data: Path,
    reference: str = "2017-03-03",
    window: tuple[str, str] = ("2014-01-01", "2017-12-31"),
    focus: str = "alpha",
    include_context: bool = True,
) -> ReportParameters:
    return validate_parameters(MINI, reference, *window, focus, include_context, str(data))


@pytest.fixture(scope="module")
def seed() -> Annotation:
    return load_annotation(SEED)


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as tuples of the given columns, Timestamps as ISO dates."""

    def plain(value: Any) -> Any:
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if isinstance(value, list):
            return tuple(value)
        if isinstance(value, float) and pd.isna(value):
            return None  # a missing text in a pandas string column
        return value

    return [tuple(plain(r[c]) for c in columns) for r in frame.to_dict(orient="records")]


# --- resolve_events -------------------------------------------------------------------------------


def test_resolve_events_on_the_seed(seed: Annotation) -> None:
    """Every seed expression resolved against 2017-03-03, in the annotation's order."""
    events = resolve_events(seed, D(2017, 3, 3))
    assert rows(events, "event_id", "event_start", "event_end", "date_label", "date_rule") == [
        ("e_freeze_headline", "2014-01-01", "2014-12-31", "2014", "years_before_reference"),
        ("e_freeze_lede", "2014-01-01", "2014-12-31", "2014", "years_before_reference"),
        ("e_freeze", "2014-01-01", "2014-12-31", "2014", "years_before_reference"),
        ("e_crimea_crisis", "2014-01-01", "2014-12-31", "2014", "explicit_year"),
        ("e_nrc_resumed", "2016-01-01", "2016-12-31", "2016", "deictic_last_year"),
        ("e_nrc_hiatus_start", "2014-01-01", "2014-12-31", "2014", "duration_before_anchor"),
        ("e_uk_meeting", "2017-02-28", "2017-02-28", "2017-02-28", "month_day_before_reference"),
        (
            "e_france_meeting",
            "2017-03-01",
            "2017-03-01",
            "2017-03-01",
            "month_day_before_reference",
        ),
        ("e_call", "2017-03-03", "2017-03-03", "2017-03-03", "deictic_today"),
    ]
    assert set(events["reference_date"]) == {T("2017-03-03")}
    call = events.iloc[-1].to_dict()
    assert call["expression"] == "today"
    assert call["claim_id"] == "c25"
    assert call["event_type"] == "contact"
    assert call["channel"] == "phone_call"
    assert call["participant_actor_ids"] == ["gerasimov", "pavel"]
    assert call["record_event_id"] == "r_call_2017_03_03"
    assert call["date_precision"] == "day"
    assert call["date_explanation"] == "the reference date 2017-03-03"
    assert call["label"] == 'Gerasimov-Pavel telephone call (Danilov\'s "today")'


def test_resolve_events_columns(mini: Annotation) -> None:
    """The resolved table has the declared columns, in order."""
    events = resolve_events(mini, D(2017, 3, 3))
    assert list(events.columns) == [
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


def test_anchors_resolve_first_whatever_the_order(mini: Annotation) -> None:
    """An event listed before its anchor still counts from the anchor's resolved date."""
    events = resolve_events(mini, D(2017, 3, 3)).set_index("event_id")
    assert events.loc["ev_hiatus", "date_label"] == "2014"  # "last year" (2016) minus two
    assert events.loc["ev_hiatus", "date_rule"] == "duration_before_anchor"
    assert events.loc["ev_mar1", "date_label"] == "2017-03-01"
    assert events.loc["ev_mar1", "date_explanation"].endswith(
        "; agrees with the day after the anchor (2017-02-28)"
    )
    assert list(events.index) == [
        "ev_hiatus",
        "ev_mar1",
        "ev_call_year",
        "ev_today",
        "ev_feb28",
        "ev_resumed",
        "ev_began",
    ]


def test_anchor_cycle_is_refused(tmp_path: Path) -> None:
    """Two events anchored on each other are refused, naming the cycle and the file."""
    tables = mini_tables()
    by_id = {e["event_id"]: e for e in tables["events"]}
    by_id["ev_feb28"]["anchor_event_id"] = "ev_mar1"
    mini_data = write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    annotation = load_annotation(MINI, mini_data)
    with pytest.raises(SchemaError) as caught:
        resolve_events(annotation, D(2017, 3, 3))
    error = caught.value
    assert error.source == f"{mini_data}/annotations/{MINI}/events.yaml"
    assert error.problem == "anchor cycle ev_mar1 -> ev_feb28 -> ev_mar1"
    assert (error.record_id, error.field) == ("ev_mar1", "anchor_event_id")


def test_unresolvable_expression_is_refused_with_its_record(tmp_path: Path) -> None:
    """A date expression no rule resolves names the events file, the record and the value."""
    tables = mini_tables()
    tables["events"][6]["expression"] = "the talks began"
    mini_data = write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    annotation = load_annotation(MINI, mini_data)
    with pytest.raises(SchemaError) as caught:
        resolve_events(annotation, D(2017, 3, 3))
    error = caught.value
    assert error.source == f"{mini_data}/annotations/{MINI}/events.yaml"
    assert error.problem == "'the talks began': no rule resolves this date expression"
    assert (error.record, error.record_id, error.field) == (6, "ev_began", "expression")
    assert error.value == "the talks began"
    assert "(value: 'the talks began')" in str(error)


def test_an_event_marked_is_future_resolves_a_bare_weekday_forward() -> None:
    """The drafted 2016 article: "A second test call is scheduled for Friday", written on a
    Wednesday, is the Friday after; the same words unmarked would be the Friday before."""
    annotation = load_annotation("fx-2016-04-hotline-talks")
    events = annotation.events.set_index("event_id", drop=False)
    friday = events.index[events["expression"] == "Friday"][0]
    assert events.loc[friday, "is_future"] is True
    resolved = resolve_events(annotation, D(2016, 4, 20)).set_index("event_id")
    assert resolved.loc[friday, "date_label"] == "2016-04-22"
    assert resolved.loc[friday, "date_rule"] == "weekday_after_reference"
    assert "future" in resolved.loc[friday, "date_explanation"]
    events = annotation.events.copy()  # loaded annotations are cached: never edit one
    events.loc[events["event_id"] == friday, "is_future"] = None
    unmarked_annotation = dataclasses.replace(annotation, events=events)
    unmarked = resolve_events(unmarked_annotation, D(2016, 4, 20)).set_index("event_id")
    assert unmarked.loc[friday, "date_label"] == "2016-04-15"


# --- reference dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "other"),
    [
        (D(2017, 3, 3), D(2017, 3, 6)),  # the day reported on -> the edition's date
        (D(2017, 3, 6), D(2017, 3, 3)),
        (D(2017, 3, 10), D(2017, 3, 3)),  # any other day -> the day reported on
    ],
)
def test_alternative_reference_date(seed: Annotation, reference: dt.date, other: dt.date) -> None:
    """The other plausible reference date of the seed (reported on 03-03, published 03-06)."""
    assert alternative_reference_date(seed, reference) == other


def test_compare_reference_dates_on_the_seed(seed: Annotation) -> None:
    """With 2017-03-06 as reference only 'today' moves, and it no longer matches the record."""
    comparison = compare_reference_dates(seed, D(2017, 3, 6), D(2017, 3, 3))
    assert list(comparison.columns) == [
        "event_id",
        "label",
        "expression",
        "date_rule",
        "date_precision",
        "resolved",
        "resolved_other",
        "is_changed",
        "record_event_id",
        "record_date",
        "agrees_with_record",
    ]
    assert rows(
        comparison, "event_id", "resolved", "resolved_other", "is_changed", "record_date"
    ) == [
        ("e_freeze_headline", "2014", "2014", False, "2014-04-01"),
        ("e_freeze_lede", "2014", "2014", False, "2014-04-01"),
        ("e_freeze", "2014", "2014", False, "2014-04-01"),
        ("e_crimea_crisis", "2014", "2014", False, "2014-03-16"),
        ("e_nrc_resumed", "2016", "2016", False, "2016-04-20"),
        ("e_nrc_hiatus_start", "2014", "2014", False, "2014-06-02"),
        ("e_uk_meeting", "2017-02-28", "2017-02-28", False, "2017-02-28"),
        ("e_france_meeting", "2017-03-01", "2017-03-01", False, "2017-03-01"),
        ("e_call", "2017-03-06", "2017-03-03", True, "2017-03-03"),
    ]
    assert list(comparison["agrees_with_record"]) == [True] * 8 + [False]
    assert comparison.iloc[-1]["record_event_id"] == "r_call_2017_03_03"
    assert comparison.iloc[-1]["label"] == 'Gerasimov-Pavel telephone call (Danilov\'s "today")'
    assert comparison.iloc[3]["label"] == "Crimean crisis; tensions between Russia and NATO worsen"
    assert comparison.iloc[-1]["expression"] == "today"
    assert comparison.iloc[-1]["date_rule"] == "deictic_today"
    assert comparison.iloc[-1]["date_precision"] == "day"


def test_compare_reference_dates_on_the_mini(mini: Annotation) -> None:
    """Agreement per record precision; an event without a record has no verdict (None)."""
    comparison = compare_reference_dates(mini, D(2017, 3, 3), D(2017, 3, 6))
    assert rows(
        comparison,
        "event_id",
        "resolved",
        "resolved_other",
        "is_changed",
        "record_event_id",
        "record_date",
        "agrees_with_record",
    ) == [
        ("ev_hiatus", "2014", "2014", False, "r_pause", "2014-06-01", True),
        ("ev_mar1", "2017-03-01", "2017-03-01", False, None, None, None),
        ("ev_call_year", "2017", "2017", False, "r_call", "2017-03-03", True),
        ("ev_today", "2017-03-03", "2017-03-06", True, "r_call", "2017-03-03", True),
        ("ev_feb28", "2017-02-28", "2017-02-28", False, "r_meeting", "2017-02-28", True),
        # a month-precision record (May 2016) inside the year 2016
        ("ev_resumed", "2016", "2016", False, "r_resumed", "2016-05-01", True),
        # a year-precision record (2015) that does not overlap 2016
        ("ev_began", "2016", "2016", False, "r_began", "2015-01-01", False),
    ]


SINGLE = "single"


def single_event(
    data: Path, expression: str, start: str, precision: str, end: str | None = None
) -> Annotation:
    """An article of one sentence holding ``expression``, with one record event."""
    extra = {"end_date": end} if end else {}
    says = citation("s_wire_call", "paragraph 2", "The agency dates the event it reports.")
    tables = {
        "sources": [s for s in MINI_SOURCES if s["source_id"] == "s_wire_call"],
        "actors": [actor("outlet", "The Outlet", "media", "media")],
        "claims": [claim("k1", f"It happened {expression}.", "outlet", "narration")],
        "events": [event("e1", expression, "k1", "other", record_event_id="r1")],
        "record_events": [record("r1", "other", start, precision, [says], **extra)],
    }
    write_article(data, SINGLE, f"Headline\n\nIt happened {expression}.\n", tables)
    return load_annotation(SINGLE, data)


@pytest.mark.parametrize(
    ("expression", "start", "precision", "end", "agrees"),
    [
        # a day-precision record must fall inside the article's interval, ends included
        ("in 2016", "2016-01-01", "day", None, True),
        ("in 2016", "2016-12-31", "day", None, True),
        ("in 2016", "2015-12-31", "day", None, False),
        ("in 2016", "2017-01-01", "day", None, False),
        ("On Feb. 28", "2017-02-28", "day", None, True),
        ("On Feb. 28", "2017-02-27", "day", None, False),
        # ... its start must: an interval that only overlaps is not enough
        ("On Feb. 28", "2017-02-20", "day", "2017-03-05", False),
        # a coarser record need only overlap, ends included
        ("On Jan. 31", "2017-01-01", "month", None, True),
        ("On Jan. 1", "2017-01-01", "month", None, True),
        ("On Feb. 1", "2017-01-01", "month", None, False),
        ("On Dec. 31", "2016-01-01", "year", None, True),
        ("On Jan. 1", "2016-01-01", "year", None, False),
        ("in 2016", "2015-12-01", "month", None, False),
        ("in 2016", "2016-12-01", "month", None, True),
        ("in 2016", "2017-01-01", "month", None, False),
        # ... through its end date when it has one
        ("in 2016", "2015-11-01", "month", "2016-01-31", True),
        ("in 2016", "2015-11-01", "month", None, False),
        ("On Feb. 28", "2017-03-01", "month", "2017-06-30", False),
        ("in 2017", "2017-03-01", "month", "2017-06-30", True),
    ],
)
def test_agreement_with_the_record_by_precision(
    tmp_path: Path, expression: str, start: str, precision: str, end: str | None, agrees: bool
) -> None:
    """Whether the article's date agrees with the record, by the record's precision."""
    annotation = single_event(tmp_path / "data", expression, start, precision, end)
    comparison = compare_reference_dates(annotation, D(2017, 3, 3), D(2017, 3, 6))
    assert comparison["agrees_with_record"].tolist() == [agrees]
    assert comparison["record_date"].tolist() == [start]


# --- record_end -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "last"),
    [
        ("2016-07-08", "2016-07-09", "day", "2016-07-09"),
        ("2017-03-01", "2017-06-30", "month", "2017-06-30"),
        ("2016-02-01", None, "month", "2016-02-29"),
        ("2016-02-29", None, "month", "2016-02-29"),
        ("2017-02-15", None, "month", "2017-02-28"),
        ("2015-01-01", None, "year", "2015-12-31"),
        ("2015-12-31", None, "year", "2015-12-31"),
        ("2017-03-03", None, "day", "2017-03-03"),
    ],
)
def test_record_end(start: str, end: str | None, precision: str, last: str) -> None:
    """A record's last day: its end date, else the end of its day, month or year."""
    row = {
        "start_date": T(start),
        "end_date": T(end) if end else pd.NaT,
        "precision": precision,
    }
    assert record_end(row) == T(last)


# --- the timeline ---------------------------------------------------------------------------------


def test_timeline_items_of_the_mini(mini_data: Path) -> None:
    """Phases first, then events by start; record events beside article events, in window."""
    params = mini_params(mini_data)
    annotation = load_annotation(MINI, mini_data)
    timeline = build_timeline_items(annotation, params)
    assert list(timeline.columns) == [
        "item_id",
        "label",
        "origin",
        "item_kind",
        "item_type",
        "start",
        "end",
        "date_precision",
        "is_open_ended",
        "is_confirmed",
        "mentions",
        "participant_actor_ids",
        "involves_focus",
        # Empty on a row of one event; group_timeline_events fills them.
        "period_start",
        "period_end",
        "member_ids",
        "member_starts",
        "member_confirmed",
        "member_focus",
    ]
    assert list(timeline["item_kind"]) == ["phase"] * 2 + ["event"] * 12
    assert rows(timeline.iloc[:2], "item_id", "start", "end", "date_precision") == [
        ("p_term", "2012-05-01", "2014-03-31", "day"),
        ("p_freeze", "2015-07-01", "2017-12-31", "month"),  # open-ended: to the window's end
    ]
    assert [d.date().isoformat() for d in timeline["start"].iloc[2:]] == [
        "2014-01-01",
        "2014-06-01",
        "2015-01-01",
        "2016-01-01",
        "2016-01-01",
        "2016-05-01",
        "2017-02-23",
        "2017-02-28",
        "2017-02-28",
        "2017-03-01",
        "2017-03-03",
        "2017-03-03",
    ]
    # items on the same day keep the annotation's order, the article's before the record's
    assert list(timeline["item_id"].iloc[5:7]) == ["ev_resumed", "ev_began"]
    assert list(timeline["item_id"].iloc[9:11]) == ["ev_feb28", "r_meeting"]
    by_id = {r["item_id"]: r for r in timeline.to_dict(orient="records")}
    assert set(by_id) == {
        "p_term",
        "p_freeze",
        "ev_hiatus",
        "ev_mar1",
        "ev_today",
        "ev_feb28",
        "ev_resumed",
        "ev_began",
        "r_call",
        "r_meeting",
        "r_pause",
        "r_resumed",
        "r_began",
        "r_summit",
    }
    expected = {
        # item_id: origin, type, start, end, precision, open, confirmed, mentions, participants
        "p_term": ("record", "term", "2012-05-01", "2014-03-31", "day", False, True, 0, ("alpha",)),
        "p_freeze": (
            "record",
            "suspension",
            "2015-07-01",
            "2017-12-31",
            "month",
            True,
            True,
            0,
            (),
        ),
        "ev_hiatus": (
            "article",
            "other",
            "2014-01-01",
            "2014-12-31",
            "year",
            False,
            True,
            1,
            ("council",),
        ),
        "ev_mar1": (
            "article",
            "contact",
            "2017-03-01",
            "2017-03-01",
            "day",
            False,
            True,
            1,
            ("alpha", "beta", "delta", "gamma"),
        ),
        # "today" and "this year" both name r_call: drawn once, at the narrower date
        "ev_today": (
            "article",
            "contact",
            "2017-03-03",
            "2017-03-03",
            "day",
            False,
            True,
            2,
            ("alpha", "beta", "delta"),
        ),
        "ev_began": ("article", "other", "2016-01-01", "2016-12-31", "year", False, True, 1, ()),
        "r_summit": (
            "record",
            "contact",
            "2017-02-23",
            "2017-02-24",
            "day",
            False,
            False,
            0,
            ("alpha", "gamma", "delta"),
        ),
        "r_resumed": (
            "record",
            "resumption",
            "2016-05-01",
            "2016-05-31",
            "month",
            False,
            True,
            0,
            (),
        ),
        "r_began": ("record", "other", "2015-01-01", "2015-12-31", "year", False, True, 0, ()),
    }
    columns = (
        "origin",
        "item_type",
        "start",
        "end",
        "date_precision",
        "is_open_ended",
        "is_confirmed",
        "mentions",
        "participant_actor_ids",
    )
    for item_id, values in expected.items():
        assert rows(timeline[timeline["item_id"] == item_id], *columns) == [values], item_id
    assert by_id["ev_today"]["label"] == "Label of ev_today"
    assert by_id["p_term"]["label"] == "Alpha's term"
    focus = {r["item_id"] for r in timeline.to_dict(orient="records") if r["involves_focus"]}
    assert focus == {"p_term", "ev_mar1", "ev_today", "r_call", "r_summit"}


def test_timeline_without_context_has_no_record_events(mini_data: Path) -> None:
    """include_context=False leaves phases and the article's events only."""
    params = mini_params(mini_data, include_context=False)
    timeline = build_timeline_items(load_annotation(MINI, mini_data), params)
    assert sorted(timeline["item_id"]) == [
        "ev_began",
        "ev_feb28",
        "ev_hiatus",
        "ev_mar1",
        "ev_resumed",
        "ev_today",
        "p_freeze",
        "p_term",
    ]


@pytest.mark.parametrize(
    ("window", "kept", "dropped"),
    [
        # p_term runs 2012-05-01 to 2014-03-31: kept while it ends inside the window
        (("2014-03-31", "2017-12-31"), {"p_term"}, {"r_old", "r_later"}),
        (("2014-04-01", "2017-12-31"), set(), {"p_term", "r_old", "r_later"}),
        # r_later is on 2018-01-10: kept when the window ends on that day
        (("2014-01-01", "2018-01-10"), {"p_term", "r_later"}, {"r_old"}),
        (("2014-01-01", "2018-01-09"), {"p_term"}, {"r_old", "r_later"}),
        # r_old is on 2013-05-01; p_term began before it
        (("2013-05-01", "2017-12-31"), {"p_term", "r_old"}, {"r_later"}),
        (("2013-05-02", "2017-12-31"), {"p_term"}, {"r_old", "r_later"}),
    ],
)
def test_timeline_window_keeps_items_that_overlap_it(
    mini_data: Path, window: tuple[str, str], kept: set[str], dropped: set[str]
) -> None:
    """Items that start before the window but end in it are kept; items wholly outside dropped."""
    params = mini_params(mini_data, window=window)
    ids = set(build_timeline_items(load_annotation(MINI, mini_data), params)["item_id"])
    assert kept <= ids
    assert not dropped & ids


def test_open_ended_phase_runs_to_the_window_end(mini_data: Path) -> None:
    """A phase without an end date is drawn up to the window's last day."""
    params = mini_params(mini_data, window=("2014-01-01", "2016-06-30"))
    timeline = build_timeline_items(load_annotation(MINI, mini_data), params)
    freeze = timeline[timeline["item_id"] == "p_freeze"].iloc[0]
    assert (freeze["end"], freeze["is_open_ended"]) == (T("2016-06-30"), True)


def test_timeline_of_the_seed(seed: Annotation) -> None:
    """Seed: 7 phases, 7 article items (3 mentions of the freeze drawn once), and the 36 of the
    record's 39 events that fall in 2014-2017."""
    params = validate_parameters(SEED, "2017-03-03", "2014-01-01", "2017-12-31", "pavel", True)
    timeline = build_timeline_items(seed, params)
    kinds = timeline.groupby(["item_kind", "origin"]).size().to_dict()
    assert kinds == {("phase", "record"): 7, ("event", "article"): 7, ("event", "record"): 36}
    assert list(timeline["item_id"].iloc[:7]) == [
        "p_rasmussen_term",  # 2009-08-01
        "p_bartels_term",  # 2012-01-02
        "p_suspension",  # 2014-04-01
        "p_nrc_hiatus",  # 2014-06-02
        "p_stoltenberg_term",  # 2014-10-01
        "p_pavel_term",  # 2015-06-26
        "p_efp_deployment",  # 2017-01
    ]
    freeze = timeline[timeline["item_id"] == "e_freeze_headline"].iloc[0]
    assert freeze["mentions"] == 3
    ids = set(timeline["item_id"])
    assert not {"e_freeze_lede", "e_freeze"} & ids
    before_or_after = {
        "r_secure_line_2013_02_14",
        "r_gerasimov_appointed_2012_11_09",
        "r_scaparrotti_baku_2018_04_19",
    }
    assert not before_or_after & ids
    focus = set(timeline.loc[timeline["involves_focus"], "item_id"])
    assert focus == {
        "p_pavel_term",
        "e_call",
        "r_call_2017_03_03",
        "r_pavel_gerasimov_baku_2017_09_07",
    }


# --- contacts -------------------------------------------------------------------------------------


def test_select_contacts_of_the_week(mini: Annotation) -> None:
    """Contacts inside [start, end], by date, the article's before the record's on a tie."""
    events = resolve_events(mini, D(2017, 3, 3))
    week = select_contacts(mini, events, D(2017, 2, 24), D(2017, 3, 4))
    assert list(week.columns) == [
        "contact_id",
        "label",
        "origin",
        "channel",
        "contact_start",
        "contact_end",
        "date_precision",
        "is_confirmed",
        "participant_actor_ids",
        "participants",
    ]
    assert rows(week, "contact_id", "origin", "channel", "contact_start", "contact_end") == [
        ("ev_feb28", "article", "meeting", "2017-02-28", "2017-02-28"),
        ("r_meeting", "record", "meeting", "2017-02-28", "2017-02-28"),
        ("ev_mar1", "article", "phone_call", "2017-03-01", "2017-03-01"),
        ("ev_today", "article", "phone_call", "2017-03-03", "2017-03-03"),
        ("r_call", "record", "phone_call", "2017-03-03", "2017-03-03"),
    ]
    assert list(week["participants"]) == [
        "Beta Command, Gustav Gamma",
        "Beta Command, Gustav Gamma",
        "Gustav Gamma, Anna Alpha, Beta Command, Dora Delta",
        "Anna Alpha, Beta Command",
        "Anna Alpha, Beta Command",
    ]
    assert list(week["label"]) == [
        "Label of ev_feb28",
        "Label of r_meeting",
        "Label of ev_mar1",
        "Label of ev_today",
        "Label of r_call",
    ]
    assert set(week["date_precision"]) == {"day"}
    assert list(week["is_confirmed"]) == [True] * 5


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2017, 2, 23), (2017, 2, 24), ["r_summit"]),  # both ends on the window's ends
        ((2017, 2, 23), (2017, 2, 23), []),  # it ends after the window
        ((2017, 2, 24), (2017, 2, 27), []),  # it starts before the window
        ((2018, 1, 10), (2018, 1, 10), ["r_later"]),
    ],
)
def test_select_contacts_window_ends(
    mini: Annotation, start: tuple, end: tuple, expected: list[str]
) -> None:
    """A contact is selected when it starts on or after ``start`` and ends on or before ``end``."""
    events = resolve_events(mini, D(2017, 3, 3))
    selected = select_contacts(mini, events, D(*start), D(*end))
    assert list(selected["contact_id"]) == expected


def test_select_contacts_record_details_and_without_context(mini: Annotation) -> None:
    """A record contact keeps its end date and confirmation; include_context=False drops it."""
    events = resolve_events(mini, D(2017, 3, 3))
    summit = select_contacts(mini, events, D(2017, 2, 1), D(2017, 2, 25)).iloc[0]
    assert summit["contact_id"] == "r_summit"
    assert (summit["contact_end"], summit["is_confirmed"]) == (T("2017-02-24"), False)
    assert summit["participants"] == "Anna Alpha, Gustav Gamma, Dora Delta"
    article_only = select_contacts(mini, events, D(2014, 1, 1), D(2018, 12, 31), False)
    assert list(article_only["contact_id"]) == ["ev_feb28", "ev_mar1", "ev_today"]
    assert set(article_only["origin"]) == {"article"}


def test_select_contacts_names_an_unknown_participant_by_its_id(mini: Annotation) -> None:
    """A participant without an actor record is shown by its id, not dropped."""
    events = resolve_events(mini, D(2017, 3, 3))
    events["participant_actor_ids"] = events["participant_actor_ids"].map(
        lambda ids: [*ids, "stranger"]
    )
    selected = select_contacts(mini, events, D(2017, 3, 3), D(2017, 3, 3), False)
    assert list(selected["participants"]) == ["Anna Alpha, Beta Command, stranger"]


def test_select_contacts_of_the_seed_week(seed: Annotation) -> None:
    """The seed's contacts from 2017-02-24 to 2017-03-04 (the report's week for 03-03)."""
    events = resolve_events(seed, D(2017, 3, 3))
    week = select_contacts(seed, events, D(2017, 2, 24), D(2017, 3, 4))
    assert rows(week, "contact_id", "contact_start", "is_confirmed") == [
        ("e_uk_meeting", "2017-02-28", True),
        ("r_uk_meeting_2017_02_28", "2017-02-28", True),
        ("e_france_meeting", "2017-03-01", True),
        ("r_france_meeting_2017_03_01", "2017-03-01", False),
        ("r_helsinki_meeting_2017_03_02", "2017-03-02", False),  # Trafi confirms March only
        ("e_call", "2017-03-03", True),
        ("r_call_2017_03_03", "2017-03-03", True),
    ]
    assert week.iloc[4]["participants"] == ""
    assert week.iloc[0]["participants"] == "Alexander Zhuravlev, Gordon Messenger"


def contacts_frame(*contacts: tuple[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "contact_id": contact_id,
                "label": contact_id,
                "origin": "record" if contact_id.startswith("r") else "article",
                "channel": "meeting",
                "contact_start": T("2017-03-01"),
                "contact_end": T("2017-03-01"),
                "date_precision": "day",
                "is_confirmed": contact_id != "r2",
                "participant_actor_ids": participants,
                "participants": "",
            }
            for contact_id, participants in contacts
        ]
    )


def test_build_contact_edges() -> None:
    """One edge per pair of participants, in the order the participants are listed."""
    edges = build_contact_edges(
        contacts_frame(("a1", ["x", "y", "z"]), ("r2", ["q"]), ("r3", ["y", "x"]))
    )
    assert list(edges.columns) == [
        "source_actor_id",
        "target_actor_id",
        "contact_id",
        "contact_start",
        "date_precision",
        "channel",
        "origin",
        "is_confirmed",
        "contacts",
        "contact_last",
    ]
    # Each edge stands for its one contact, which is also its last.
    assert rows(edges, *edges.columns) == [
        ("x", "y", "a1", "2017-03-01", "day", "meeting", "article", True, 1, "2017-03-01"),
        ("x", "z", "a1", "2017-03-01", "day", "meeting", "article", True, 1, "2017-03-01"),
        ("y", "z", "a1", "2017-03-01", "day", "meeting", "article", True, 1, "2017-03-01"),
        ("y", "x", "r3", "2017-03-01", "day", "meeting", "record", True, 1, "2017-03-01"),
    ]


def test_build_contact_edges_of_no_contacts() -> None:
    """No contacts (or no pairs): an empty table with the same columns."""
    edges = build_contact_edges(contacts_frame(("r2", ["q"])))
    assert edges.empty
    assert list(edges.columns)[:3] == ["source_actor_id", "target_actor_id", "contact_id"]


# --- speakers, checks, contested wording, focus ---------------------------------------------------


def test_count_claims_by_speaker_on_the_seed(seed: Annotation) -> None:
    """27 claims: 15 in the outlet's narration (Stoltenberg's and Moscow's views among them),
    the ministry's and Danilov's quoted or paraphrased."""
    table = count_claims_by_speaker(seed)
    assert list(table.columns) == ["direct_quote", "paraphrase", "narration"]
    assert table.columns.name == "attribution_mode"
    assert table.reset_index().values.tolist() == [
        ["Russia Beyond", 0, 0, 15],
        ["Russian Defense Ministry", 4, 3, 0],
        ["Dmitry Danilov", 2, 3, 0],
    ]


def test_count_claims_by_speaker_on_the_mini(mini: Annotation) -> None:
    """Most claims first; a mode nobody uses is still a column of zeros."""
    table = count_claims_by_speaker(mini)
    assert table.reset_index().values.tolist() == [
        ["The Outlet", 0, 0, 3],
        ["Dora Delta", 0, 2, 0],
        ["Anna Alpha", 1, 0, 0],
    ]
    no_quotes = count_claims_by_speaker(
        Annotation(
            **{
                **{name: getattr(mini, name) for name in ("article", *TABLES)},
                "claims": mini.claims[mini.claims["attribution_mode"] != "direct_quote"],
            }
        )
    )
    assert list(no_quotes.columns) == ["direct_quote", "paraphrase", "narration"]
    assert no_quotes["direct_quote"].tolist() == [0, 0]


def test_checks_table(mini: Annotation) -> None:
    """Each check with the checked words (or the whole span), speaker, caveat, sorted record
    dates, the contested wording it takes in, and each citation with its source's details."""
    checks = build_checks_table(mini)
    assert list(checks.columns) == [
        "check_id",
        "claim_id",
        "claim",
        "speaker",
        "attribution_mode",
        "verdict",
        "evidence",
        "caveat",
        "record_dates",
        "contested_ids",
        "citations",
    ]
    assert rows(checks, *list(checks.columns)[:-1]) == [
        (
            "chk_a",
            "k1",
            "We spoke with Beta",
            "Anna Alpha",
            "direct_quote",
            "supported",
            "The record has the call.",
            "Beta Command's schedule announced the call the day before; that it took place "
            "rests on Alpha's release.",
            "2017-02-23, 2017-02-28, 2017-03-03",
            (),
        ),
        (
            "chk_b",
            "k5",
            "the talks began in 2016",
            "Dora Delta",
            "paraphrase",
            "contradicted",
            "They began in 2015.",
            "",  # no caveat: an empty text, not None
            "2015-01-01",
            (),
        ),
        (
            "chk_c",
            "k2",
            "On Feb. 28, Beta met Gamma in Brussels.",
            "The Outlet",
            "narration",
            "unconfirmed",
            "Nothing either way.",
            "",
            "",
            ("w_met",),  # the whole span takes in "met Gamma"
        ),
        (
            "chk_d",
            "k4",
            "The council resumed its work last year after a two-year hiatus.",
            "The Outlet",
            "narration",
            "overstated",
            "The council met again after 23 months, not two full years.",
            "",
            "2014-06-01, 2016-05-01",  # listed r_resumed first; sorted
            (),
        ),
    ]
    citations = dict(zip(checks["check_id"], checks["citations"], strict=True))
    assert citations["chk_a"] == [
        {
            "source_id": "s_alpha_release",
            "publisher": "Alpha Ministry",
            "published": "2017-03-03",
            "kind": "primary",
            "is_announcement": False,
            "locator": "paragraph 1",
            "says": "Alpha's ministry says Anna Alpha spoke with Beta Command by telephone on "
            "3 March 2017.",
            "url": "https://example.org/alpha-ministry/2017/03/03/call-with-beta",
        },
        {
            "source_id": "s_beta_schedule",
            "publisher": "Beta Command",
            "published": "2017-03-02",
            "kind": "primary",
            "is_announcement": True,
            "locator": "item 4",
            "says": "Beta Command's schedule of 2 March 2017 lists the call for the next day.",
            "url": "https://example.org/beta-command/schedule/2017-week-09",
        },
    ]
    # A source known to the year or the month is dated to the year or the month.
    assert citations["chk_b"] == [
        {
            "source_id": "s_almanac",
            "publisher": "The Almanac",
            "published": "2015",
            "kind": "other",
            "is_announcement": False,
            "locator": "chapter 3, page 41",
            "says": "The Almanac dates the first Alpha-Beta talks to 2015.",
            "url": "https://example.org/almanac/2015",
        },
        {
            "source_id": "s_wire_call",
            "publisher": "Daily Courier (Wire Agency)",
            "published": "2017-03-03",
            "kind": "wire",
            "is_announcement": False,
            "locator": "paragraph 7",
            "says": "The agency recalls that the talks began in 2015, a year before Delta says.",
            "url": "https://example.org/courier/2017/03/03/alpha-and-beta-talk",
        },
    ]
    # The same source cited by two checks: each citation keeps its own place and words.
    assert [(c["source_id"], c["locator"], c["says"]) for c in citations["chk_c"]] == [
        (
            "s_wire_call",
            "paragraph 5",
            "The agency reports the meeting of 28 February 2017 but not where it took place.",
        ),
        (
            "s_blog",
            "paragraph 2",
            "A blogger places the meeting in Mons, not Brussels, naming no source.",
        ),
    ]
    assert citations["chk_d"] == [
        {
            "source_id": "s_paper_council",
            "publisher": "The Paper",
            "published": "2016-05",
            "kind": "newspaper",
            "is_announcement": False,
            "locator": "paragraphs 1-2",
            "says": "The Paper says the Council met again in May 2016 after 23 months without a "
            "meeting.",
            "url": "https://example.org/paper/2016/05/council-meets-again",
        }
    ]


def test_checks_table_of_the_seed_merges_record_dates(seed: Annotation) -> None:
    """Record events of the same day give one date; dates are sorted."""
    checks = build_checks_table(seed).set_index("check_id")
    # r_call_2017_03_03 and r_nato_statement_2017_03_03 share a day; then Stoltenberg's
    # confirmation of 2017-03-22.
    assert checks.loc["chk_c02_call_took_place", "record_dates"] == "2017-03-03, 2017-03-22"
    assert checks.loc["chk_c01_first_talks", "record_dates"] == (
        "2014-04-01, 2014-05-19, 2017-03-03, 2017-03-22"
    )
    assert checks.loc["chk_c03_nato_initiative", "claim"] == (
        "The conversation took place on NATO\u2019s initiative"
    )
    assert checks.loc["chk_c03_nato_initiative", "speaker"] == "Russian Defense Ministry"


def test_checks_table_of_the_seed_cites_the_record(seed: Annotation) -> None:
    """The seed's checks, as read off checks.yaml and the record's sources.yaml."""
    checks = build_checks_table(seed).set_index("check_id")
    assert checks.loc["chk_c02_first_time", "contested_ids"] == ["w_relations_frozen"]
    assert checks.loc["chk_c01_first_talks", "contested_ids"] == []
    assert checks.loc["chk_c02_call_took_place", "caveat"] == ""
    assert checks.loc["chk_c01_first_talks", "caveat"].startswith(
        "The NATO release on the 2014 call is cited from a copy on Hungary's defence ministry"
    )
    first = checks.loc["chk_c01_first_talks", "citations"]
    assert [c["source_id"] for c in first] == [
        "honvedelem_2014_05_25_bartels_gerasimov",
        "unian_2014_05_gerasimov_concern",
        "zeit_2014_05_20_afp_gerasimov",
        "reuters_2017_03_22_stoltenberg",
    ]
    assert first[3]["locator"] == "paragraphs 1-3, 5"
    assert first[2]["says"] == (
        "AFP, on 20 May 2014, reports a Russian statement issued on Monday (19 May) saying "
        "Gerasimov had set out his concerns to Bartels in a telephone call."
    )
    call = checks.loc["chk_c02_call_took_place", "citations"]
    assert [(c["source_id"], c["kind"], c["published"]) for c in call] == [
        ("rferl_2017_03_03_first_talks", "newspaper", "2017-03-03"),
        ("arabnews_2017_03_03_afp_first_talks", "wire", "2017-03-03"),
        ("reuters_2017_03_22_stoltenberg", "wire", "2017-03-22"),
    ]
    assert call[1]["url"] == "https://www.arabnews.com/node/1062816/amp"
    assert call[1]["publisher"] == "Arab News (AFP)"


def test_contested_table(mini: Annotation) -> None:
    """Contested wording with its speaker, mode, neutral description and what its sources say."""
    contested = build_contested_table(mini)
    assert list(contested.columns) == [
        "contested_id",
        "wording",
        "speaker",
        "attribution_mode",
        "neutral_description",
        "citations",
    ]
    assert contested.values.tolist() == [
        [
            "w_met",
            "met Gamma",
            "The Outlet",
            "narration",
            "A meeting took place.",
            [
                {
                    "source_id": "s_wire_call",
                    "publisher": "Daily Courier (Wire Agency)",
                    "published": "2017-03-03",
                    "kind": "wire",
                    "is_announcement": False,
                    "locator": "paragraph 5",
                    "says": "The agency calls it a meeting of Beta Command and Gustav Gamma and "
                    "gives no agenda.",
                    "url": "https://example.org/courier/2017/03/03/alpha-and-beta-talk",
                }
            ],
        ]
    ]


SOURCE_COLUMNS = [
    "source_id",
    "publisher",
    "title",
    "published",
    "kind",
    "language",
    "is_announcement",
    "url",
    "cited_by",
]


def test_sources_table(mini: Annotation) -> None:
    """Every cited source once, by kind (primary, wire, newspaper, other) then date, with the
    checks, contested wording, record events and phases citing it, in that order."""
    sources = build_sources_table(mini)
    assert list(sources.columns) == SOURCE_COLUMNS
    assert rows(sources, "source_id", "kind", "published", "cited_by") == [
        ("s_beta_schedule", "primary", "2017-03-02", ("chk_a", "r_call")),
        ("s_alpha_release", "primary", "2017-03-03", ("chk_a", "r_call")),
        ("s_wire_call", "wire", "2017-03-03", ("chk_b", "chk_c", "w_met", "r_meeting")),
        ("s_wire_2018", "wire", "2018-01-10", ("r_later",)),
        (
            "s_paper_council",
            "newspaper",
            "2016-05",
            ("chk_d", "r_pause", "r_resumed", "p_freeze"),
        ),
        ("s_almanac", "other", "2015", ("chk_b", "r_began", "r_old", "p_term")),
        ("s_blog", "other", "2017-03-04", ("chk_c", "r_summit")),
    ]
    # The aggregator, which nothing cites, is left out.
    by_id = {r["source_id"]: r for r in sources.to_dict(orient="records")}
    assert by_id["s_almanac"] == {
        "source_id": "s_almanac",
        "publisher": "The Almanac",
        "title": "Almanach des relations Alpha-B\u00eata",
        "published": "2015",
        "kind": "other",
        "language": "fr",
        "is_announcement": False,
        "url": "https://example.org/almanac/2015",
        "cited_by": ["chk_b", "r_began", "r_old", "p_term"],
    }
    assert by_id["s_beta_schedule"]["is_announcement"] is True
    assert by_id["s_wire_2018"]["publisher"] == "Daily Courier (Wire Agency)"
    assert by_id["s_wire_2018"]["title"] == "Delta calls Beta"


def test_sources_table_of_the_seed(seed: Annotation) -> None:
    """The record's 103 sources, all cited (25 primary, 39 wire, 28 newspaper, 11 other, read
    off data/record/ and the seed's checks and contested wording), kind by kind."""
    sources = build_sources_table(seed)
    assert list(sources["kind"].drop_duplicates()) == ["primary", "wire", "newspaper", "other"]
    assert sources["kind"].value_counts().to_dict() == {
        "wire": 39,
        "newspaper": 28,
        "primary": 25,
        "other": 11,
    }
    assert list(sources["source_id"].iloc[:3]) == [
        "kremlin_2012_11_09_shoigu_gerasimov",  # 2012-11-09
        "nato_2013_02_19_secure_line",  # 2013-02-19
        "rada_2014_02_22_resolution_757",  # 2014-02-22
    ]
    by_id = sources.set_index("source_id")
    assert by_id.loc["honvedelem_2014_05_25_bartels_gerasimov", "cited_by"] == [
        "chk_c01_first_talks",
        "chk_c02_first_time",
        "chk_c05_first_contact",
        "chk_c13_exclusively_nrc",
        "w_first_contact",
        "r_bartels_call_2014_05_19",
    ]
    assert by_id.loc["unian_2014_05_gerasimov_concern", "published"] == "2014-05"
    # The record keeps no source that nothing cites.
    assert set(by_id.index) == set(seed.sources["source_id"])


def test_sources_table_keeps_kind_order_whatever_the_dates(tmp_path: Path) -> None:
    """A later primary source still comes before an earlier wire story, and a source cited
    twice by one record names that record once."""
    tables = mini_tables()
    by_id = {s["source_id"]: s for s in tables["sources"]}
    by_id["s_alpha_release"]["published"] = "2019-01-01"  # republished later
    check_d = tables["checks"][3]
    check_d["citations"].append(
        citation(
            "s_paper_council", "paragraph 6", "The Paper repeats that the pause was 23 months."
        )
    )
    data = write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    sources = build_sources_table(load_annotation(MINI, data))
    assert rows(sources, "source_id", "published")[:4] == [
        ("s_beta_schedule", "2017-03-02"),
        ("s_alpha_release", "2019-01-01"),
        ("s_wire_call", "2017-03-03"),
        ("s_wire_2018", "2018-01-10"),
    ]
    paper = sources[sources["source_id"] == "s_paper_council"].iloc[0]
    assert paper["cited_by"] == ["chk_d", "r_pause", "r_resumed", "p_freeze"]


def test_actors_of_the_record_and_the_article(mini: Annotation) -> None:
    """The record's actors and the article's in one table; an actor is in the article when
    the article declares it or a claim or event names it (Epsilon is the record's only)."""
    actors = mini.actors
    assert list(actors["actor_id"]) == [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "council",
        "epsilon",
        "outlet",
    ]
    in_article = dict(zip(actors["actor_id"], actors["is_in_article"], strict=True))
    assert in_article == {
        "alpha": True,
        "beta": True,
        "gamma": True,
        "delta": True,
        "council": True,
        "epsilon": False,
        "outlet": True,
    }


@pytest.mark.parametrize(
    ("actor_id", "claim_ids"),
    [
        ("delta", ["k3", "k5", "k6"]),  # speaker of k5, k6; subject of k3 (earlier in the text)
        ("beta", ["k1", "k2", "k3", "k6"]),
        ("council", ["k4"]),
        ("outlet", ["k2", "k3", "k4"]),
        ("nobody", []),
    ],
)
def test_claims_of_actor_in_article_order(
    mini: Annotation, actor_id: str, claim_ids: list[str]
) -> None:
    """Claims an actor makes or is the subject of, in the order of the article's text."""
    assert list(claims_of_actor(mini, actor_id)["claim_id"]) == claim_ids


def test_claims_of_actor_on_the_seed(seed: Annotation) -> None:
    """Pavel speaks no claim of the seed but is the subject of nine."""
    claims = claims_of_actor(seed, "pavel")
    assert list(claims["claim_id"]) == [
        "c02",
        "c04",
        "c05",
        "c06",
        "c07",
        "c08",
        "c23",
        "c24",
        "c25",
    ]


def test_an_article_without_dated_events_or_records(tmp_path: Path) -> None:
    """No events, record events, checks or contested wording: empty tables, columns named."""
    tables = mini_tables()
    for name in ("events", "record_events", "checks", "contested"):
        tables[name] = []
    annotation = load_annotation(MINI, write_article(tmp_path / "data", MINI, MINI_TEXT, tables))
    events = resolve_events(annotation, D(2017, 3, 3))
    assert events.empty
    assert list(events.columns)[:3] == ["event_id", "label", "expression"]
    comparison = compare_reference_dates(annotation, D(2017, 3, 3), D(2017, 3, 6))
    assert comparison.empty
    assert list(comparison.columns) == [
        "event_id",
        "label",
        "expression",
        "date_rule",
        "date_precision",
        "resolved",
        "resolved_other",
        "is_changed",
        "record_event_id",
        "record_date",
        "agrees_with_record",
    ]
    contacts = select_contacts(annotation, events, D(2014, 1, 1), D(2017, 12, 31))
    assert contacts.empty
    assert list(contacts.columns)[:2] == ["contact_id", "label"]
    assert list(contacts.columns)[-1] == "participants"
    assert build_checks_table(annotation).empty
    assert list(build_checks_table(annotation).columns)[-3:] == [
        "record_dates",
        "contested_ids",
        "citations",
    ]
    contested = build_contested_table(annotation)
    assert contested.empty
    assert list(contested.columns) == [
        "contested_id",
        "wording",
        "speaker",
        "attribution_mode",
        "neutral_description",
        "citations",
    ]
    # Only the phases cite anything now: the Almanac (p_term) and the Paper (p_freeze).
    sources = build_sources_table(annotation)
    assert rows(sources, "source_id", "cited_by") == [
        ("s_paper_council", ("p_freeze",)),
        ("s_almanac", ("p_term",)),
    ]
    params = mini_params(tmp_path / "data")
    assert list(build_timeline_items(annotation, params)["item_id"]) == ["p_term", "p_freeze"]


# --- prepare_report -------------------------------------------------------------------------------


def test_prepare_report_of_the_mini(mini_data: Path) -> None:
    """The week around the reference date, every contact in the window and their edges."""
    data: ReportData = prepare_report(mini_params(mini_data))
    assert (data.week_start, data.week_end) == (D(2017, 2, 24), D(2017, 3, 4))
    assert data.other_reference_date == D(2017, 3, 6)
    assert list(data.week_contacts["contact_id"]) == [
        "ev_feb28",
        "r_meeting",
        "ev_mar1",
        "ev_today",
        "r_call",
    ]
    assert list(data.all_contacts["contact_id"]) == [
        "r_summit",
        "ev_feb28",
        "r_meeting",
        "ev_mar1",
        "ev_today",
        "r_call",
    ]
    assert len(data.contact_edges) == 13
    assert list(data.focus_claims["claim_id"]) == ["k1", "k3"]
    assert list(data.speakers.index) == ["The Outlet", "Dora Delta", "Anna Alpha"]
    assert list(data.checks["check_id"]) == ["chk_a", "chk_b", "chk_c", "chk_d"]
    assert list(data.contested["contested_id"]) == ["w_met"]
    assert list(data.sources["source_id"]) == [
        "s_beta_schedule",
        "s_alpha_release",
        "s_wire_call",
        "s_wire_2018",
        "s_paper_council",
        "s_almanac",
        "s_blog",
    ]
    assert len(data.timeline) == 14
    assert data.date_comparison["is_changed"].tolist() == [False] * 3 + [True] + [False] * 3
    assert data.events["date_label"].tolist()[3] == "2017-03-03"
    assert data.params.focus_actor == "alpha"


def test_prepare_report_week_follows_the_reference_date(mini_data: Path) -> None:
    """With 2017-03-06 the week is 02-27 to 03-07, and 'today' is the 6th."""
    data = prepare_report(mini_params(mini_data, reference="2017-03-06", include_context=False))
    assert (data.week_start, data.week_end) == (D(2017, 2, 27), D(2017, 3, 7))
    assert data.other_reference_date == D(2017, 3, 3)
    assert rows(data.week_contacts, "contact_id", "contact_start") == [
        ("ev_feb28", "2017-02-28"),
        ("ev_mar1", "2017-03-01"),
        ("ev_today", "2017-03-06"),
    ]
    assert list(data.all_contacts["contact_id"]) == ["ev_feb28", "ev_mar1", "ev_today"]
    assert len(data.timeline) == 8


def test_prepare_report_refuses_an_unknown_focus_actor(mini_data: Path) -> None:
    """A focus actor missing from the annotation is refused, listing the known actors."""
    with pytest.raises(ParameterError) as caught:
        prepare_report(mini_params(mini_data, focus="zeta"))
    assert str(caught.value) == (
        "parameter 'focus_actor': no such actor in this article's annotation "
        "(value: 'zeta'; known: alpha, beta, council, delta, epsilon, gamma, outlet)"
    )
