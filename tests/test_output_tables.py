"""The tables compute hands to the charts and the HTML: declared, and checked against it.

Every frame built from the seed holds what its declaration in ``OUTPUT_TABLES`` says; a frame
that does not is refused with a message naming the table, the row and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from analysis import compute
from analysis.compute import ReportData, declared, prepare_report
from analysis.params import validate_parameters
from analysis.schema import SchemaError
from analysis.tables import OUTPUT_TABLES

ARTICLE_ID = "rbth-2017-03-06-military-talks"


@pytest.fixture(scope="module")
def data() -> ReportData:
    params = validate_parameters(
        ARTICLE_ID, "2017-03-03", "2014-01-01", "2017-12-31", "gerasimov", True
    )
    return prepare_report(params)


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    """A table of counts per speaker as its declaration sees it: the index a column."""
    return table.rename_axis("speaker").reset_index()


# Each declared table, and how to get it from the seed's report data.
SEED_FRAMES: dict[str, Callable[[ReportData], pd.DataFrame]] = {
    "resolved_events": lambda d: d.events,
    "date_comparison": lambda d: d.date_comparison,
    "timeline": lambda d: d.timeline,
    "contacts": lambda d: d.all_contacts,
    "contact_edges": lambda d: d.contact_edges,
    "speakers": lambda d: _counts(d.speakers),
    "speaker_verdicts": lambda d: _counts(compute.count_verdicts_by_speaker(d.checks)),
    "checked_claims": lambda d: d.checks,
    "contested_wording": lambda d: d.contested,
    "cited_sources": lambda d: d.sources,
}


def test_every_output_table_is_covered() -> None:
    assert set(SEED_FRAMES) == set(OUTPUT_TABLES)


@pytest.mark.parametrize("name", sorted(SEED_FRAMES))
def test_the_seed_frame_holds_its_declaration(data: ReportData, name: str) -> None:
    frame = SEED_FRAMES[name](data)
    assert len(frame) > 0, name  # an empty frame would check nothing
    OUTPUT_TABLES[name].validate_frame(frame, name)
    assert list(frame.columns)[: len(OUTPUT_TABLES[name].fields)] == (
        OUTPUT_TABLES[name].field_names
    )


def test_the_week_holds_the_contacts_declaration(data: ReportData) -> None:
    assert len(data.week_contacts) > 0
    declared("contacts", data.week_contacts)


def test_grouped_timeline_rows_hold_the_declaration(data: ReportData) -> None:
    """Rows grouping several events fill the group fields: lists of ids, days and flags."""
    parts = compute.timeline_parts(data.timeline, data.params.reference_date, max_rows=3)
    frames = [part.frame for part in parts]
    grouped = pd.concat(frames)
    groups = grouped[grouped["item_type"] == "group"]
    assert len(groups) > 0
    assert any(len(starts) > 1 for starts in groups["member_starts"])
    for frame in frames:
        declared("timeline", frame)


def test_merged_network_lines_hold_the_declaration(data: ReportData) -> None:
    """A line standing for several contacts counts them; it is still a contact_edges row."""
    part = compute.select_network(
        data.contact_edges, data.annotation.actors, "N", "gerasimov", max_actors=3, max_edges=3
    )
    assert len(part.frame) > 0
    declared("contact_edges", part.frame)


def test_chart_parts_of_the_seed_hold_their_declarations(data: ReportData) -> None:
    for part in compute.timeline_parts(data.timeline, data.params.reference_date):
        declared("timeline", part.frame)
    for part in compute.week_contact_parts(data.week_contacts, "Week"):
        declared("contacts", part.frame)
    declared(
        "contact_edges",
        compute.select_network(data.contact_edges, data.annotation.actors, "N").frame,
    )
    compute.declared_counts("speakers", compute.top_speakers(data.speakers, "S").frame)


# --- Refused frames ---------------------------------------------------------------------------


def _refused(name: str, frame: pd.DataFrame) -> str:
    with pytest.raises(SchemaError) as caught:
        declared(name, frame)
    return str(caught.value)


def test_a_missing_column_is_refused(data: ReportData) -> None:
    message = _refused("timeline", data.timeline.drop(columns=["is_confirmed"]))
    assert "output table 'timeline'" in message
    assert "is_confirmed" in message


def test_a_wrong_type_is_refused_naming_table_row_and_field(data: ReportData) -> None:
    frame = data.timeline.copy()
    frame["is_confirmed"] = frame["is_confirmed"].astype(object)
    frame.loc[2, "is_confirmed"] = "yes"
    message = _refused("timeline", frame)
    item_id = frame.loc[2, "item_id"]
    assert message.startswith(f"output table 'timeline': record 2 ({item_id}): ")
    assert "field 'is_confirmed'" in message
    assert "expected true or false" in message and "'yes'" in message


def test_a_disallowed_value_is_refused_naming_table_row_and_field(data: ReportData) -> None:
    frame = data.all_contacts.copy()
    frame.loc[1, "origin"] = "rumour"
    message = _refused("contacts", frame)
    contact_id = frame.loc[1, "contact_id"]
    assert message.startswith(f"output table 'contacts': record 1 ({contact_id}): ")
    assert "field 'origin'" in message
    assert "not one of the allowed values: article, record" in message


def test_a_wrong_date_is_refused(data: ReportData) -> None:
    frame = data.contact_edges.copy()
    frame["contact_last"] = frame["contact_last"].astype(object)
    frame.loc[0, "contact_last"] = "last spring"
    message = _refused("contact_edges", frame)
    assert message.startswith("output table 'contact_edges': record 0: field 'contact_last'")


def test_a_wrong_count_is_refused(data: ReportData) -> None:
    speakers = data.speakers.astype(object)
    speakers.iloc[0, 0] = "many"
    with pytest.raises(SchemaError, match=r"output table 'speakers': record 0 \(.+\): field"):
        compute.declared_counts("speakers", speakers)


def test_a_nested_citation_is_checked(data: ReportData) -> None:
    frame = data.checks.copy()
    citations = [dict(c) for c in frame.loc[0, "citations"]]
    citations[0]["kind"] = "hearsay"
    frame.at[0, "citations"] = citations
    message = _refused("checked_claims", frame)
    assert f"record 0 ({frame.loc[0, 'check_id']})" in message
    assert "field 'citations[1].kind'" in message


def test_a_group_row_with_a_wrong_flag_is_refused(data: ReportData) -> None:
    parts = compute.timeline_parts(data.timeline, data.params.reference_date, max_rows=3)
    frame = next(p.frame for p in parts if (p.frame["item_type"] == "group").any()).copy()
    row = int((frame["item_type"] == "group").to_numpy().argmax())
    frame.at[row, "member_confirmed"] = ["no"] * len(frame.loc[row, "member_ids"])
    message = _refused("timeline", frame)
    assert f"record {row} (group:" in message and "field 'member_confirmed'" in message


def test_an_interval_ending_before_it_starts_is_refused(data: ReportData) -> None:
    frame = data.all_contacts.copy()
    frame.loc[0, "contact_end"] = frame.loc[0, "contact_start"] - dt.timedelta(days=1)
    message = _refused("contacts", frame)
    assert "record 0" in message and "field 'contact_end'" in message
    assert "ends before it starts" in message
