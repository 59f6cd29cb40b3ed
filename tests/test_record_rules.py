"""The shared public record and the rules a verdict is held to, each broken on purpose.

Every test copies the project's data to a temporary folder, breaks one thing in one file, and
expects the loader's one error naming the file, the record, the field and the value.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis import paths
from analysis.compute import build_checks_table, build_sources_table, cite
from analysis.datetext import iso_at_precision as format_published
from analysis.load import load_annotation
from analysis.render import html_citations, render_checks, render_sources, verdict_badge
from analysis.schema import SchemaError
from analysis.tables import CHECKS, ESTABLISHED_SOURCE_KINDS, SOURCE_KINDS
from analysis.verdicts import VERDICT_COLOURS, VERDICT_NAMES, VERDICTS, verdict_css

ARTICLE = "rbth-2017-03-06-military-talks"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the project's data: articles, annotations and the record."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    return copy


def record_file(data_dir: Path, name: str) -> Path:
    return paths.record_dir(data_dir) / f"{name}.yaml"


def article_file(data_dir: Path, name: str) -> Path:
    return paths.annotation_dir(ARTICLE, data_dir) / f"{name}.yaml"


def edit(path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    """Rewrite the table in ``path`` after ``change`` edits its records in place."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    [name] = document
    change(document[name])
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def rows(path: Path) -> list[dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(iter(document.values()))


def refused(data_dir: Path) -> str:
    with pytest.raises(SchemaError) as caught:
        load_annotation(ARTICLE, data_dir)
    return str(caught.value)


def index_of(records: list[dict[str, Any]], key: str, value: str) -> int:
    return next(i for i, r in enumerate(records) if r[key] == value)


# --- the data as shipped ------------------------------------------------------------------------


def test_the_seed_annotation_refers_to_the_shared_record() -> None:
    """The record lives in data/record/; the annotation holds no record table and no URL."""
    annotation_files = sorted(p.name for p in paths.annotation_dir(ARTICLE).glob("*.yaml"))
    assert annotation_files == sorted(
        ["actors.yaml", "claims.yaml", "events.yaml", "checks.yaml", "contested.yaml"]
    )
    assert sorted(p.name for p in paths.record_dir().glob("*.yaml")) == sorted(
        ["actors.yaml", "phases.yaml", "record_events.yaml", "sources.yaml"]
    )
    for path in paths.annotation_dir(ARTICLE).glob("*.yaml"):
        assert "http" not in path.read_text(encoding="utf-8").split("\n", 3)[-1], path.name
    annotation = load_annotation(ARTICLE)
    record_actors = {r["actor_id"] for r in rows(paths.record_dir() / "actors.yaml")}
    own_actors = {r["actor_id"] for r in rows(paths.annotation_dir(ARTICLE) / "actors.yaml")}
    assert record_actors and own_actors and not record_actors & own_actors
    assert set(annotation.actors["actor_id"]) == record_actors | own_actors


def test_every_check_cites_what_decides_it() -> None:
    """Each citation names a known source, a place in it, and a sentence of our own."""
    annotation = load_annotation(ARTICLE)
    known = set(annotation.sources["source_id"])
    for table in ("checks", "contested", "record_events", "phases"):
        for row in annotation.table(table).to_dict(orient="records"):
            assert row["citations"], (table, row)
            for citation in row["citations"]:
                assert citation["source_id"] in known
                assert citation["locator"].strip() and len(citation["says"]) >= 30


def test_verdicts_other_than_unconfirmed_rest_on_an_established_source() -> None:
    annotation = load_annotation(ARTICLE)
    kinds = dict(zip(annotation.sources["source_id"], annotation.sources["kind"], strict=True))
    for row in annotation.checks.to_dict(orient="records"):
        if row["verdict"] != "unconfirmed":
            cited = {kinds[c["source_id"]] for c in row["citations"]}
            assert cited & set(ESTABLISHED_SOURCE_KINDS), row["check_id"]


# --- each rule, broken ----------------------------------------------------------------------------


def test_a_verdict_resting_on_weak_sources_only_is_refused(data_dir: Path) -> None:
    sources = rows(record_file(data_dir, "sources"))
    weak = next(s["source_id"] for s in sources if s["kind"] == "other")
    checks = rows(article_file(data_dir, "checks"))
    index = next(i for i, c in enumerate(checks) if c["verdict"] == "supported")
    check_id = checks[index]["check_id"]

    def weaken(records: list[dict[str, Any]]) -> None:
        for citation in records[index]["citations"]:
            citation["source_id"] = weak
        records[index].pop("caveat", None)

    edit(article_file(data_dir, "checks"), weaken)
    message = refused(data_dir)
    assert message.startswith(str(article_file(data_dir, "checks")))
    assert f"record {index} ({check_id}): field 'citations': verdict 'supported' needs" in message
    assert "primary, wire, newspaper" in message and "(cited: other" in message
    assert repr(weak) in message


def test_an_unconfirmed_verdict_may_rest_on_weak_sources(data_dir: Path) -> None:
    sources = rows(record_file(data_dir, "sources"))
    weak = next(s["source_id"] for s in sources if s["kind"] == "other")
    checks = rows(article_file(data_dir, "checks"))
    index = next(i for i, c in enumerate(checks) if c["verdict"] == "unconfirmed")

    def weaken(records: list[dict[str, Any]]) -> None:
        records[index]["citations"] = [
            {"source_id": weak, "locator": "paragraph 1", "says": "A weak host says so, alone."}
        ]

    edit(article_file(data_dir, "checks"), weaken)
    assert len(load_annotation(ARTICLE, data_dir).checks) == len(checks)


def test_relying_on_an_announcement_must_be_said(data_dir: Path) -> None:
    checks = rows(article_file(data_dir, "checks"))
    cited_by_checks = {c["source_id"] for check in checks for c in check["citations"]}
    sources = rows(record_file(data_dir, "sources"))
    # A source no check cites yet, made an announcement: only the check made to cite it fails.
    established = next(
        s
        for s in sources
        if s["kind"] in ESTABLISHED_SOURCE_KINDS
        and not s["is_announcement"]
        and s["source_id"] not in cited_by_checks
    )
    edit(
        record_file(data_dir, "sources"),
        lambda records: records[index_of(records, "source_id", established["source_id"])].update(
            is_announcement=True
        ),
    )
    index = next(i for i, c in enumerate(checks) if not c.get("caveat"))
    check_id = checks[index]["check_id"]

    def cite_announcement(records: list[dict[str, Any]]) -> None:
        records[index]["caveat"] = "Only one side's account."
        records[index]["citations"].append(
            {"source_id": established["source_id"], "locator": "item 1", "says": "x" * 40}
        )

    edit(article_file(data_dir, "checks"), cite_announcement)
    message = refused(data_dir)
    assert f"record {index} ({check_id}): field 'caveat': cites an announcement" in message
    assert established["source_id"] in message
    assert '(value: "Only one side\'s account.")' in message

    edit(
        article_file(data_dir, "checks"),
        lambda records: records[index].update(
            caveat="The verdict relies on an announcement made before the event."
        ),
    )
    assert len(load_annotation(ARTICLE, data_dir).checks) == len(checks)


def test_checked_words_that_take_in_disputed_wording_link_it(data_dir: Path) -> None:
    checks = rows(article_file(data_dir, "checks"))
    index = next(i for i, c in enumerate(checks) if c.get("contested_ids"))
    check_id, linked = checks[index]["check_id"], checks[index]["contested_ids"][0]
    edit(article_file(data_dir, "checks"), lambda records: records[index].pop("contested_ids"))
    message = refused(data_dir)
    assert f"record {index} ({check_id}): field 'contested_ids':" in message
    assert f"contested entry '{linked}' disputes" in message


def test_a_check_of_a_whole_claim_covers_its_contested_wording(data_dir: Path) -> None:
    """Without checked_wording a check covers the claim's whole span, disputed words included."""
    contested = rows(article_file(data_dir, "contested"))
    entry = contested[0]
    new_check = {
        "check_id": "chk_new_whole_claim",
        "claim_id": entry["claim_id"],
        "verdict": "unconfirmed",
        "evidence": "A check of the whole claim.",
        "citations": rows(article_file(data_dir, "checks"))[0]["citations"],
    }
    edit(article_file(data_dir, "checks"), lambda records: records.append(new_check))
    message = refused(data_dir)
    assert "(chk_new_whole_claim): field 'contested_ids'" in message
    assert entry["contested_id"] in message


@pytest.mark.parametrize(
    ("file", "table", "field"),
    [
        ("article", "checks", "evidence"),
        ("article", "contested", "neutral_description"),
        ("record", "record_events", "note"),
    ],
)
def test_a_url_written_in_the_data_must_be_a_source(
    data_dir: Path, file: str, table: str, field: str
) -> None:
    path = (article_file if file == "article" else record_file)(data_dir, table)
    url = "https://example.org/not-a-source"
    edit(path, lambda records: records[1].update({field: f"As reported at {url}."}))
    message = refused(data_dir)
    assert message.startswith(str(path)) and f"field '{field}'" in message
    assert "not a source of the record" in message and f"(value: '{url}')" in message


def test_a_url_inside_a_citation_is_named_with_its_place(data_dir: Path) -> None:
    path = article_file(data_dir, "checks")
    edit(
        path,
        lambda records: records[2]["citations"][0].update(says="See http://example.com/x today."),
    )
    message = refused(data_dir)
    assert "field 'citations[1].says'" in message and "'http://example.com/x'" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.pop("says"), "field 'citations[1].says': missing required field"),
        (lambda c: c.update(source_id="no_such_source"), "field 'citations[1].source_id': unknown"),
        (lambda c: c.update(page=3), "field 'citations[1].page': unknown field"),
        (lambda c: c.update(locator="one\ntwo"), "field 'citations[1].locator': expected a single"),
    ],
)
def test_a_broken_citation_is_named_by_its_position(
    data_dir: Path, change: Callable[[dict[str, Any]], Any], expected: str
) -> None:
    path = record_file(data_dir, "record_events")
    record_id = rows(path)[3]["record_event_id"]
    edit(path, lambda records: change(records[3]["citations"][0]))
    message = refused(data_dir)
    assert message.startswith(str(path)) and f"record 3 ({record_id}): {expected}" in message


def test_a_check_without_citations_is_refused(data_dir: Path) -> None:
    path = article_file(data_dir, "checks")
    edit(path, lambda records: records[0].update(citations=[]))
    assert "field 'citations': missing required field" in refused(data_dir)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("kind", "blog", "not one of the allowed values: primary, wire, newspaper, other"),
        ("published", "March 2017", "expected a date as YYYY-MM-DD"),
        ("is_announcement", "no", "expected true or false"),
        ("url", "rferl.org/x", "expected an http(s) URL"),
    ],
)
def test_a_bad_source_is_refused(data_dir: Path, field: str, value: Any, expected: str) -> None:
    path = record_file(data_dir, "sources")
    edit(path, lambda records: records[0].update({field: value}))
    message = refused(data_dir)
    assert message.startswith(str(path)) and "record 0 " in message
    assert f"field '{field}': {expected}" in message


def test_an_actor_of_the_record_is_not_described_again(data_dir: Path) -> None:
    record_actor = rows(record_file(data_dir, "actors"))[0]
    edit(article_file(data_dir, "actors"), lambda records: records.append(dict(record_actor)))
    message = refused(data_dir)
    assert message.startswith(str(article_file(data_dir, "actors")))
    assert f"({record_actor['actor_id']}): field 'actor_id': actor already in the record" in message


def test_an_article_refers_to_record_ids_that_exist(data_dir: Path) -> None:
    path = article_file(data_dir, "checks")
    edit(path, lambda records: records[0].update(record_event_ids=["r_no_such_event"]))
    message = refused(data_dir)
    assert "field 'record_event_ids': unknown record_events id" in message
    assert "'r_no_such_event'" in message


def test_a_missing_record_file_is_named(data_dir: Path) -> None:
    record_file(data_dir, "sources").unlink()
    message = refused(data_dir)
    assert message.startswith(str(record_file(data_dir, "sources")))
    assert "record table 'sources' not found" in message


def test_the_record_may_not_refer_to_an_article(data_dir: Path) -> None:
    """The record is shared: an id of one article's annotation means nothing there."""
    path = record_file(data_dir, "record_events")
    own = rows(article_file(data_dir, "actors"))[0]["actor_id"]
    edit(path, lambda records: records[0].update(participant_actor_ids=[own]))
    message = refused(data_dir)
    assert message.startswith(str(path)) and "unknown actors id" in message


# --- one declaration of the verdicts -----------------------------------------------------------


def test_the_verdicts_are_declared_once() -> None:
    assert VERDICT_NAMES == ("supported", "overstated", "contradicted", "unconfirmed")
    assert CHECKS.field("verdict").allowed == VERDICT_NAMES
    css = verdict_css()
    for verdict in VERDICTS:
        assert re.fullmatch(r"#[0-9a-f]{6}", verdict.colour)
        assert f"--{verdict.name}: {verdict.colour};" in css
        assert f".verdict-{verdict.name} {{ background: var(--{verdict.name}); }}" in css
        assert VERDICT_COLOURS[verdict.name] == verdict.colour
        assert f">{verdict.label}<" in verdict_badge(verdict.name)
    assert len(set(VERDICT_COLOURS.values())) == len(VERDICTS)


# --- what the report shows --------------------------------------------------------------------


def test_each_verdict_is_shown_with_what_its_sources_say() -> None:
    annotation = load_annotation(ARTICLE)
    table = build_checks_table(annotation)
    sources = annotation.sources.set_index("source_id")
    html = render_checks(type("Data", (), {"checks": table})())  # only .checks is read
    for row in table.to_dict(orient="records"):
        assert f'id="check-{row["check_id"]}"' in html
        for citation in row["citations"]:
            source = sources.loc[citation["source_id"]]
            assert citation["publisher"] == source["publisher"]
            assert citation["url"] == source["url"]
            for text in (citation["says"], citation["locator"], citation["publisher"]):
                assert _escaped(text) in html
            assert f'href="{_escaped(source["url"])}"' in html


def test_citations_are_escaped() -> None:
    payload = '<img src=x onerror="alert(1)">'
    html = html_citations(
        [
            {
                "publisher": payload,
                "url": 'javascript:alert(1)"',
                "published": "2017",
                "kind": "other",
                "is_announcement": True,
                "locator": payload,
                "says": payload,
            }
        ]
    )
    assert "<img" not in html and "javascript:" not in html
    assert "(other, announcement)" in html


def test_a_source_date_is_written_at_its_precision() -> None:
    import pandas as pd

    day = pd.Timestamp("2017-03-01")
    assert format_published(day, None) == "2017-03-01"
    assert format_published(day, "day") == "2017-03-01"
    assert format_published(day, "month") == "2017-03"
    assert format_published(day, "year") == "2017"


def test_the_sources_appendix_lists_each_cited_source_and_what_cites_it() -> None:
    annotation = load_annotation(ARTICLE)
    table = build_sources_table(annotation)
    cited: dict[str, set[str]] = {}
    for name, key in (
        ("checks", "check_id"),
        ("contested", "contested_id"),
        ("record_events", "record_event_id"),
        ("phases", "phase_id"),
    ):
        for row in annotation.table(name).to_dict(orient="records"):
            for citation in row["citations"]:
                cited.setdefault(citation["source_id"], set()).add(row[key])
    assert set(table["source_id"]) == set(cited)
    for row in table.to_dict(orient="records"):
        assert set(row["cited_by"]) == cited[row["source_id"]]
    order = [SOURCE_KINDS.index(kind) for kind in table["kind"]]
    assert order == sorted(order)
    html = render_sources(type("Data", (), {"sources": table})())
    assert html.count("<tr") == len(table) + 1


def test_checks_jsonld_carries_the_verdict_and_its_sources() -> None:
    from analysis.compute import prepare_report
    from analysis.export import claim_reviews
    from analysis.params import validate_parameters

    params = validate_parameters(
        ARTICLE, "2017-03-03", "2014-01-01", "2017-12-31", "pavel", True, ""
    )
    data = prepare_report(params)
    graph = claim_reviews(data)["@graph"]
    table = data.checks.set_index("check_id")
    assert len(graph) == len(table)
    for review in graph:
        row = table.loc[review["identifier"].split("#", 1)[1]]
        verdict = next(v for v in VERDICTS if v.name == row["verdict"])
        assert review["reviewRating"]["alternateName"] == verdict.label
        assert review["reviewRating"].get("ratingValue") == verdict.rating
        assert [c["url"] for c in review["citation"]] == [c["url"] for c in row["citations"]]
        assert [c["description"] for c in review["citation"]] == [
            c["says"] for c in row["citations"]
        ]
    json.dumps(graph)  # serialisable as it stands


def _escaped(text: str) -> str:
    import html

    return html.escape(str(text), quote=True)


def test_cite_keeps_the_order_of_the_citations() -> None:
    annotation = load_annotation(ARTICLE)
    row = annotation.checks.iloc[0]
    listed = cite(row["citations"], annotation.sources)
    assert [c["source_id"] for c in listed] == [c["source_id"] for c in row["citations"]]


def test_verdicts_are_counted_by_speaker_in_declared_order() -> None:
    import pandas as pd

    from analysis.compute import count_verdicts_by_speaker

    checks = pd.DataFrame(
        {
            "speaker": ["B", "A", "B", "A", "C", "A"],
            "verdict": [
                "unconfirmed",
                "supported",
                "overstated",
                "supported",
                "contradicted",
                "unconfirmed",
            ],
        }
    )
    table = count_verdicts_by_speaker(checks)
    assert list(table.columns) == list(VERDICT_NAMES)
    assert list(table.index) == ["A", "B", "C"]  # most checks first, then by name
    assert table.loc["A"].tolist() == [2, 0, 0, 1]
    assert table.loc["B"].tolist() == [0, 1, 0, 1]
    assert table.loc["C"].tolist() == [0, 0, 1, 0]
    assert count_verdicts_by_speaker(checks.iloc[0:0]).empty


def test_the_verdict_chart_draws_the_declared_colours() -> None:
    import pandas as pd
    from matplotlib.colors import to_hex

    from analysis.charts import plot_verdicts

    table = pd.DataFrame([[1, 2, 3, 4]], index=["Someone"], columns=list(VERDICT_NAMES), dtype=int)
    fig = plot_verdicts(table, title="Verdicts")
    ax = fig.axes[0]
    drawn = {
        str(bar.get_gid()).split(":")[0]: to_hex(bar.get_facecolor())
        for bar in ax.patches
        if bar.get_gid()
    }
    assert drawn == {v.name: v.colour for v in VERDICTS}
    widths = {
        str(bar.get_gid()).split(":")[0]: bar.get_width() for bar in ax.patches if bar.get_gid()
    }
    assert widths == {"supported": 1, "overstated": 2, "contradicted": 3, "unconfirmed": 4}
