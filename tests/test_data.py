"""The shipped data: the article's provenance and verbatim spans, its annotation's references,
and the public record's sources and facts."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import yaml

from analysis import paths
from analysis.load import load_annotation, load_article, read_table_file
from analysis.tables import (
    ANNOTATION_TABLES,
    ARTICLE_METADATA,
    ARTICLE_TABLES,
    ATTRIBUTION_MODES,
    CLAIM_KINDS,
    RECORD_TABLES,
    SOURCE_KINDS,
    TOPICS,
)

ARTICLE_ID = "rbth-2017-03-06-military-talks"
ARTICLE_DIR = paths.article_dir(ARTICLE_ID)
RECORD_DIR = paths.record_dir()
ANNOTATION_DIR = paths.annotation_dir(ARTICLE_ID)
URL = re.compile(r"https?://\S+")
# The tables whose records cite sources: the record's facts, the article's checks and
# contested wording.
CITING_TABLES = ("phases", "record_events", "checks", "contested")

# Every field that points at another table: (table, field, target table, target key).
REFERENCES = {
    ("actors", "affiliation_actor_id", "actors", "actor_id"),
    ("claims", "speaker_actor_id", "actors", "actor_id"),
    ("claims", "subject_actor_ids", "actors", "actor_id"),
    ("events", "claim_id", "claims", "claim_id"),
    ("events", "participant_actor_ids", "actors", "actor_id"),
    ("events", "anchor_event_id", "events", "event_id"),
    ("events", "record_event_id", "record_events", "record_event_id"),
    ("phases", "actor_id", "actors", "actor_id"),
    ("record_events", "participant_actor_ids", "actors", "actor_id"),
    ("checks", "claim_id", "claims", "claim_id"),
    ("checks", "record_event_ids", "record_events", "record_event_id"),
    ("checks", "contested_ids", "contested", "contested_id"),
    ("contested", "claim_id", "claims", "claim_id"),
    # A field of each item of a list of records (a citation) as "list.field".
    ("phases", "citations.source_id", "sources", "source_id"),
    ("record_events", "citations.source_id", "sources", "source_id"),
    ("checks", "citations.source_id", "sources", "source_id"),
    ("contested", "citations.source_id", "sources", "source_id"),
}

# Every date expression the article holds.
ARTICLE_DATE_EXPRESSIONS = [
    "in three years",
    "in the three years since",
    "three years ago",
    "in 2014",
    "last year",
    "a two-year hiatus",
    "On Feb. 28",
    "On the following day, March 1",
    "today",
]


def starts_of(text: str, part: str) -> list[int]:
    """Every start offset of ``part`` in ``text``, overlapping ones included."""
    return [i for i in range(len(text) - len(part) + 1) if text.startswith(part, i)]


def occurrence(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def expected_start(text: str, part: str, which: Any) -> int:
    """Where ``part`` is in ``text``: the only occurrence, or the one ``which`` names."""
    starts = starts_of(text, part)
    assert starts, f"{part!r} is not in the text"
    n = occurrence(which)
    if n is None:
        assert len(starts) == 1, f"{part!r} occurs {len(starts)} times without an occurrence"
        n = 1
    return starts[n - 1]


def values_of(cell: Any) -> list[Any]:
    if isinstance(cell, list):
        return cell
    return [] if cell is None or pd.isna(cell) else [cell]


def field_values(frame: pd.DataFrame, field: str) -> Iterator[Any]:
    """Every value of ``field`` in ``frame``; "citations.source_id" reads inside each item."""
    column, _, inner = field.partition(".")
    for cell in frame[column]:
        for value in values_of(cell):
            if inner:
                yield value[inner]
            else:
                yield value


def record_table(name: str) -> list[dict[str, Any]]:
    """A table of the public record as its file holds it, validated."""
    return read_table_file(RECORD_DIR / f"{name}.yaml", RECORD_TABLES[name])


def yaml_keys(node: Any) -> Iterator[str]:
    """Every mapping key in a parsed YAML document, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from yaml_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from yaml_keys(item)


def test_metadata_validates() -> None:
    [metadata] = read_table_file(ARTICLE_DIR / "metadata.yaml", ARTICLE_METADATA)
    assert metadata["article_id"] == ARTICLE_ID
    assert metadata["date_reported_on"].isoformat() == "2017-03-03"
    assert metadata["date_published"].isoformat() == "2017-03-06"
    assert metadata["default_reference_date"] == metadata["date_reported_on"]
    assert (ARTICLE_DIR / metadata["text_file"]).is_file()


def test_checksum_matches_article_bytes() -> None:
    [metadata] = read_table_file(ARTICLE_DIR / "metadata.yaml", ARTICLE_METADATA)
    raw = (ARTICLE_DIR / metadata["text_file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == metadata["sha256"]


def test_load_article() -> None:
    article = load_article(ARTICLE_ID)
    assert article.article_id == ARTICLE_ID
    assert article.text == (ARTICLE_DIR / "article.txt").read_bytes().decode("utf-8")
    assert article.metadata["sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_load_annotation() -> None:
    annotation = load_annotation(ARTICLE_ID)
    assert len(annotation.claims) >= 20
    for name in ANNOTATION_TABLES:
        assert len(annotation.table(name)) > 0, name


def test_claim_spans_are_verbatim_at_offsets(annotation) -> None:
    text = annotation.article.text
    for claim in annotation.claims.to_dict(orient="records"):
        start = expected_start(text, claim["span"], claim["span_occurrence"])
        assert (claim["span_start"], claim["span_end"]) == (start, start + len(claim["span"]))
        assert text[claim["span_start"] : claim["span_end"]] == claim["span"]
        if isinstance(claim["attribution_cue"], str):
            assert claim["attribution_cue"] in text, claim["claim_id"]


@pytest.mark.parametrize(
    ("table", "field", "which"),
    [("events", "expression", "expression_occurrence"), ("contested", "span", "span_occurrence")],
)
def test_spans_are_verbatim_inside_their_claim(annotation, table, field, which) -> None:
    text = annotation.article.text
    claims = annotation.claims.set_index("claim_id")
    for row in annotation.table(table).to_dict(orient="records"):
        claim = claims.loc[row["claim_id"]]
        claim_text = text[claim["span_start"] : claim["span_end"]]
        start = claim["span_start"] + expected_start(claim_text, row[field], row[which])
        offsets = (row[f"{field}_start"], row[f"{field}_end"])
        assert offsets == (start, start + len(row[field]))
        assert text[offsets[0] : offsets[1]] == row[field]


def test_checked_wording_is_inside_its_claim(annotation) -> None:
    claims = annotation.claims.set_index("claim_id")
    for row in annotation.checks.to_dict(orient="records"):
        if isinstance(row["checked_wording"], str):
            assert row["checked_wording"] in claims.loc[row["claim_id"], "span"], row["check_id"]


def test_reference_list_covers_every_declared_reference() -> None:
    declared = {
        (name, f.name, *f.references.split("."))
        for name, table in ANNOTATION_TABLES.items()
        for f in table.fields
        if f.references
    } | {
        (name, f"{f.name}.{inner.name}", *inner.references.split("."))
        for name, table in ANNOTATION_TABLES.items()
        for f in table.fields
        if f.item is not None
        for inner in f.item.fields
        if inner.references
    }
    assert declared == REFERENCES


@pytest.mark.parametrize(("table", "field", "target", "key"), sorted(REFERENCES))
def test_references_resolve(annotation, table, field, target, key) -> None:
    known = set(annotation.table(target)[key])
    values = list(field_values(annotation.table(table), field))
    for value in values:
        assert value in known, f"{table}.{field} = {value!r} not in {target}.{key}"
    if field.startswith("citations."):
        assert values, f"{table} cites no source"


def test_record_tables_refer_to_the_record_only() -> None:
    """The record is shared by every article: its references stay inside it."""
    for name, table in RECORD_TABLES.items():
        for f in table.fields:
            targets = [f.references] if f.references else []
            if f.item is not None:
                targets += [inner.references for inner in f.item.fields if inner.references]
            for target in targets:
                assert target.split(".")[0] in RECORD_TABLES, (name, f.name, target)


def test_claims_have_valid_attribution_kind_and_speaker(annotation) -> None:
    claims = annotation.claims
    actors = set(annotation.actors["actor_id"])
    assert set(claims["attribution_mode"]) <= set(ATTRIBUTION_MODES)
    assert set(claims["claim_kind"]) <= set(CLAIM_KINDS)
    assert set(claims["speaker_actor_id"]) <= actors
    for topics in claims["topics"]:
        assert topics
        assert set(topics) <= set(TOPICS)


def test_every_attribution_mode_occurs(annotation) -> None:
    assert set(annotation.claims["attribution_mode"]) == set(ATTRIBUTION_MODES)


@pytest.mark.parametrize("name", list(ANNOTATION_TABLES))
def test_frame_passes_its_declaration(annotation, name) -> None:
    ANNOTATION_TABLES[name].validate_frame(annotation.table(name), name)


@pytest.mark.parametrize(
    ("table", "record_id", "field", "date"),
    [
        ("phases", "p_suspension", "start_date", "2014-04-01"),
        ("record_events", "r_suspension_2014_04_01", "start_date", "2014-04-01"),
        ("phases", "p_nrc_hiatus", "start_date", "2014-06-02"),
        ("phases", "p_nrc_hiatus", "end_date", "2016-04-20"),
        ("record_events", "r_nrc_2014_06_02", "start_date", "2014-06-02"),
        ("record_events", "r_nrc_2016_04_20", "start_date", "2016-04-20"),
        ("record_events", "r_call_2017_03_03", "start_date", "2017-03-03"),
        ("record_events", "r_bartels_call_2014_05_19", "start_date", "2014-05-19"),
    ],
)
def test_record_dates(annotation, table, record_id, field, date) -> None:
    frame = annotation.table(table).set_index(ANNOTATION_TABLES[table].key)
    assert frame.loc[record_id, field] == pd.Timestamp(date)


@pytest.mark.parametrize(
    ("record_id", "participants"),
    [
        ("r_call_2017_03_03", {"gerasimov", "pavel"}),
        ("r_bartels_call_2014_05_19", {"bartels", "gerasimov"}),
    ],
)
def test_record_calls(annotation, record_id, participants) -> None:
    record = annotation.record_events.set_index("record_event_id").loc[record_id]
    assert record["channel"] == "phone_call"
    assert set(record["participant_actor_ids"]) == participants
    assert record["is_confirmed"] is True


@pytest.mark.parametrize(
    ("expression", "record_date"),
    [
        ("three years ago", "2014-04-01"),
        ("last year", "2016-04-20"),
        ("a two-year hiatus", "2014-06-02"),
        ("today", "2017-03-03"),
    ],
)
def test_article_events_point_at_their_record_event(annotation, expression, record_date) -> None:
    events = annotation.events[annotation.events["expression"] == expression]
    assert len(events) == 1
    record = annotation.record_events.set_index("record_event_id")
    assert record.loc[events["record_event_id"].iloc[0], "start_date"] == pd.Timestamp(record_date)


def test_first_military_contact_claim_is_contradicted_by_2014_call(annotation) -> None:
    phrase = "first military contact at this level"
    claims = annotation.claims[annotation.claims["span"].str.contains(phrase, regex=False)]
    assert len(claims) == 1
    claim = claims.iloc[0]
    checks = [
        row
        for row in annotation.checks.to_dict(orient="records")
        if row["claim_id"] == claim["claim_id"]
        and phrase in (row["checked_wording"] or claim["span"])
    ]
    assert checks
    record = annotation.record_events.set_index("record_event_id")
    for check in checks:
        assert check["verdict"] == "contradicted"
        cited = record.loc[check["record_event_ids"]]
        calls = cited[
            (cited["start_date"] == pd.Timestamp("2014-05-19"))
            & (cited["channel"] == "phone_call")
            & cited["participant_actor_ids"].map(lambda ids: "gerasimov" in ids)
        ]
        assert len(calls) == 1
        # The check rests on at least one of the sources that date the 2014 call.
        call_sources = {c["source_id"] for c in calls["citations"].iloc[0]}
        assert call_sources & {c["source_id"] for c in check["citations"]}, check["check_id"]


# --- The public record: its sources, and what cites them ------------------------------------------


def test_record_and_annotation_folders_hold_their_tables_only() -> None:
    """data/record/ holds the record's tables, the article's folder its own; nothing else."""
    assert sorted(p.name for p in RECORD_DIR.iterdir()) == sorted(
        f"{name}.yaml" for name in RECORD_TABLES
    )
    assert sorted(p.name for p in ANNOTATION_DIR.iterdir()) == sorted(
        f"{name}.yaml" for name in ARTICLE_TABLES
    )


def test_source_ids_and_urls_are_unique() -> None:
    raw = yaml.safe_load((RECORD_DIR / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    ids = Counter(row["source_id"] for row in raw)
    assert [i for i, n in ids.items() if n > 1] == []
    urls = Counter(row["url"] for row in raw)
    assert [u for u, n in urls.items() if n > 1] == []
    assert len(record_table("sources")) == len(raw) > 0
    for url in urls:
        assert URL.fullmatch(url), url


def test_source_kinds_are_valid() -> None:
    kinds = Counter(row["kind"] for row in record_table("sources"))
    assert set(kinds) <= set(SOURCE_KINDS), kinds
    assert kinds["primary"] > 0 and kinds["wire"] > 0


@pytest.mark.parametrize("table", CITING_TABLES)
def test_every_citation_names_a_source_of_the_record(annotation, table) -> None:
    """Each citation names a source in data/record/sources.yaml, where in it, and what it says."""
    known = {row["source_id"] for row in record_table("sources")}
    key = ANNOTATION_TABLES[table].key
    for row in annotation.table(table).to_dict(orient="records"):
        for citation in row["citations"]:
            assert citation["source_id"] in known, (row[key], citation["source_id"])
            assert citation["locator"].strip(), (row[key], citation["source_id"])
            assert citation["says"].strip(), (row[key], citation["source_id"])


def test_every_source_of_the_record_is_cited_somewhere() -> None:
    """The record is shared: a source is kept while the record or some article cites it."""
    cited = {
        citation["source_id"]
        for table in ("record_events", "phases")
        for row in record_table(table)
        for citation in row["citations"]
    }
    for folder in sorted((paths.DATA_DIR / "annotations").iterdir()):
        for table in ("checks", "contested"):
            document = yaml.safe_load((folder / f"{table}.yaml").read_text(encoding="utf-8"))
            cited |= {c["source_id"] for row in document[table] for c in row["citations"]}
    listed = {row["source_id"] for row in record_table("sources")}
    assert sorted(listed - cited) == []


@pytest.mark.parametrize("table", ["phases", "record_events"])
def test_every_record_fact_cites_a_source(table) -> None:
    """Every record event and phase, as its file holds it, cites at least one source."""
    rows = record_table(table)
    assert rows
    key = RECORD_TABLES[table].key
    for row in rows:
        assert len(row["citations"]) >= 1, row[key]


@pytest.mark.parametrize("table", ["checks", "contested"])
def test_every_check_and_contested_wording_cites_a_source(annotation, table) -> None:
    key = ANNOTATION_TABLES[table].key
    for row in annotation.table(table).to_dict(orient="records"):
        assert len(row["citations"]) >= 1, row[key]


def test_no_source_url_fields_remain() -> None:
    """Sources are cited by id: no table declares a source_url(s) field, no file holds one."""
    for table in ANNOTATION_TABLES.values():
        assert not {"source_url", "source_urls"} & set(table.field_names), table.name
    files = sorted(RECORD_DIR.glob("*.yaml")) + sorted(ANNOTATION_DIR.glob("*.yaml"))
    assert len(files) == len(RECORD_TABLES) + len(ARTICLE_TABLES)
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys = set(yaml_keys(document))
        assert not {"source_url", "source_urls", "context_event_ids"} & keys, path


def test_unconfirmed_record_date_is_not_confirmed(annotation) -> None:
    """context-facts.md marks the date of Fomin's meeting with the French ambassador UNCONFIRMED."""
    record = annotation.record_events
    fomin = record[
        record["participant_actor_ids"].map(lambda ids: {"fomin", "french_ambassador"} <= set(ids))
    ]
    assert len(fomin) == 1
    assert fomin["start_date"].iloc[0] == pd.Timestamp("2017-03-01")
    assert fomin["is_confirmed"].iloc[0] is False


def test_every_date_expression_is_an_event(annotation) -> None:
    annotated = set(annotation.events["expression"])
    for expression in ARTICLE_DATE_EXPRESSIONS:
        assert expression in annotation.article.text
        assert expression in annotated, f"{expression!r} is not annotated as an event"
