"""Declarative table schemas (analysis/schema.py): every rule, on a small table declared here.

Each refusal is checked for the exact problem it states and where: the file, the record
(index and key), the field and the value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis.schema import (
    Field,
    SchemaError,
    Table,
    check_references,
    parse_iso_date,
    short_repr,
)

SOURCE = "things.yaml"
THINGS = Table(
    name="things",
    description="A table for the tests.",
    key="thing_id",
    fields=(
        Field("thing_id", "id", "Key."),
        Field("title", "str", "One line of text."),
        Field("body", "text", "Any text.", required=False),
        Field("count", "int", "A whole number.", required=False),
        Field("flag", "bool", "True or false.", required=False),
        Field("day", "date", "First day.", required=False),
        Field("until", "date", "Last day.", required=False),
        Field("link", "url", "An address.", required=False),
        Field("kind", "str", "A kind.", required=False, allowed=("a", "b")),
        Field("tags", "str_list", "Tags.", allowed=("x", "y", "z"), min_items=1),
        Field("refs", "id_list", "Other things.", required=False, references="things.thing_id"),
        Field("links", "url_list", "Addresses.", required=False, min_items=2),
        Field("notes", "str_list", "Notes, possibly none.", min_items=0),
        Field("parent_id", "id", "A parent.", required=False, references="things.thing_id"),
    ),
    intervals=(("day", "until"),),
)


def thing(**fields: Any) -> dict[str, Any]:
    """A valid record, with ``fields`` changed (a value of ... removes the field)."""
    record: dict[str, Any] = {"thing_id": "t1", "title": "A thing", "tags": ["x"]}
    record.update(fields)
    return {k: v for k, v in record.items() if v is not ...}


def refused(*records: Any) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        THINGS.validate_records(list(records), SOURCE)
    return caught.value


def refusal(field: str, value: Any) -> str:
    """The problem stated when one field of an otherwise valid record holds ``value``."""
    error = refused(thing(**{field: value}))
    assert (error.source, error.record, error.record_id, error.field) == (
        SOURCE,
        0,
        "t1",
        field,
    )
    assert error.value == value
    return error.problem


# --- what a valid record becomes ------------------------------------------------------------------


def test_valid_record_is_normalised() -> None:
    """Dates become dates, missing optional fields None and missing lists empty."""
    [row] = THINGS.validate_records([thing()], SOURCE)
    assert row == {
        "thing_id": "t1",
        "title": "A thing",
        "body": None,
        "count": None,
        "flag": None,
        "day": None,
        "until": None,
        "link": None,
        "kind": None,
        "tags": ["x"],
        "refs": [],
        "links": [],
        "notes": [],
        "parent_id": None,
    }


def test_every_type_is_accepted_and_kept() -> None:
    """Values of the right type come back as they are, dates parsed."""
    record = thing(
        body="Two\nlines",
        count=0,
        flag=False,
        day="2016-02-29",
        until=dt.date(2016, 3, 1),
        link="https://example.org/a?b=1&c=%20#d",
        kind="b",
        tags=["z", "x"],
        refs=["t1"],
        links=["http://a.example", "https://b.example/"],
        notes=["first", "second"],
    )
    [row] = THINGS.validate_records([record], SOURCE)
    assert row["body"] == "Two\nlines"
    assert (row["count"], row["flag"]) == (0, False)
    assert (row["day"], row["until"]) == (dt.date(2016, 2, 29), dt.date(2016, 3, 1))
    assert row["link"] == "https://example.org/a?b=1&c=%20#d"
    assert (row["kind"], row["tags"], row["refs"]) == ("b", ["z", "x"], ["t1"])
    assert row["links"] == ["http://a.example", "https://b.example/"]
    assert row["notes"] == ["first", "second"]


@pytest.mark.parametrize("empty", [None, "", []])
def test_empty_optional_values_are_missing(empty: Any) -> None:
    """None, '' and [] all mean 'not given' for an optional field."""
    [row] = THINGS.validate_records([thing(body=empty, links=empty, kind=empty)], SOURCE)
    assert (row["body"], row["kind"], row["links"]) == (None, None, [])


def test_a_required_list_may_be_empty_when_it_needs_no_item() -> None:
    """'notes' is required but asks for no minimum: an empty list is fine."""
    [row] = THINGS.validate_records([thing(notes=[])], SOURCE)
    assert row["notes"] == []


# --- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a", "0", "a_b-9", "x" * 80, "c01", "rbth-2017-03-06"])
def test_ids_accepted(value: str) -> None:
    """Lower-case letters, digits, '_' and '-', starting with a letter or digit, up to 80."""
    [row] = THINGS.validate_records([thing(thing_id=value)], SOURCE)
    assert row["thing_id"] == value


@pytest.mark.parametrize(
    "value",
    ["A", "a/../etc", "../etc", "-a", "_a", "a b", "a.b", "x" * 81, "a\n", "é", "a/"],
)
def test_ids_refused_as_a_whole(value: str) -> None:
    """The whole id must match, not a prefix: 'a/../etc' is refused though 'a' is an id."""
    error = refused(thing(parent_id=value))
    assert error.problem == "expected an id of lower-case letters, digits, '_' or '-'"
    assert (error.field, error.value) == ("parent_id", value)


def test_id_of_the_wrong_type() -> None:
    """A number where an id is expected is refused as not text; the record has no key shown."""
    error = refused(thing(thing_id=5))
    assert error.problem == "expected text, got int"
    assert (error.record, error.record_id, error.field) == (0, None, "thing_id")
    assert (
        str(error) == "things.yaml: record 0: field 'thing_id': expected text, got int (value: 5)"
    )


# --- text -----------------------------------------------------------------------------------------


def test_str_must_be_a_single_line() -> None:
    """A 'str' field holds one line; a trailing newline (YAML's folded style) is fine."""
    assert refusal("title", "two\nlines") == "expected a single line of text"
    [row] = THINGS.validate_records([thing(title="one line\n")], SOURCE)
    assert row["title"] == "one line\n"


@pytest.mark.parametrize(("field", "value"), [("title", 5), ("body", 2.5), ("link", True)])
def test_text_fields_refuse_other_types(field: str, value: Any) -> None:
    """A number or a boolean where text is expected is refused, naming its type."""
    assert refusal(field, value) == f"expected text, got {type(value).__name__}"


@pytest.mark.parametrize("field", ["title", "body"])
def test_text_length_limit(field: str) -> None:
    """20,000 characters are allowed in a text field; one more is refused."""
    [row] = THINGS.validate_records([thing(**{field: "x" * 20_000})], SOURCE)
    assert len(row[field]) == 20_000
    error = refused(thing(**{field: "x" * 20_001}))
    assert error.problem == "text longer than 20000 characters"
    assert len(str(error)) < 300, "the value is shortened in the message"


def test_allowed_values() -> None:
    """A field with allowed values refuses any other, listing them; the message shows it."""
    assert refusal("kind", "c") == "not one of the allowed values: a, b"
    assert str(refused(thing(kind="c"))) == (
        "things.yaml: record 0 (t1): field 'kind': not one of the allowed values: a, b (value: 'c')"
    )
    assert refusal("kind", "A") == "not one of the allowed values: a, b"


# --- numbers, booleans, dates ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False, "3", 3.0, 2.5])
def test_int_refuses_booleans_text_and_floats(value: Any) -> None:
    """YAML's true/false are not whole numbers, nor are '3' or 3.0."""
    assert refusal("count", value) == "expected a whole number"


@pytest.mark.parametrize("value", [1, 0, "yes", "true"])
def test_bool_refuses_anything_but_true_or_false(value: Any) -> None:
    """1, 0 and the words 'yes' or 'true' are not booleans."""
    assert refusal("flag", value) == "expected true or false"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2017-02-30", "impossible date '2017-02-30': day is out of range for month"),
        ("2017-02-29", "impossible date '2017-02-29': day is out of range for month"),
        ("2017-13-01", "impossible date '2017-13-01': month must be in 1..12"),
        ("2017-3-1", "expected a date as YYYY-MM-DD"),
        (" 2017-03-01", "expected a date as YYYY-MM-DD"),
        ("2017-03-01T10:00", "expected a date as YYYY-MM-DD"),
        ("20170301", "expected a date as YYYY-MM-DD"),
        (20170301, "expected a date as YYYY-MM-DD"),
    ],
)
def test_dates_are_parsed_strictly(value: Any, problem: str) -> None:
    """Only a real day written YYYY-MM-DD is a date."""
    assert refusal("day", value) == problem


def test_parse_iso_date() -> None:
    """Text is parsed; a date is kept; a datetime gives its day."""
    assert parse_iso_date("2016-02-29") == dt.date(2016, 2, 29)
    assert parse_iso_date(dt.date(2017, 3, 3)) == dt.date(2017, 3, 3)
    moment = parse_iso_date(dt.datetime(2017, 3, 3, 23, 59))
    assert (moment, type(moment)) == (dt.date(2017, 3, 3), dt.date)
    with pytest.raises(ValueError, match=r"^expected a date as YYYY-MM-DD$"):
        parse_iso_date(None)


def test_interval_may_not_end_before_it_starts() -> None:
    """An end date before the start is refused on the end field; the same day is fine."""
    error = refused(thing(day="2017-03-02", until="2017-03-01"))
    assert str(error) == (
        "things.yaml: record 0 (t1): field 'until': ends before it starts (day 2017-03-02) "
        "(value: '2017-03-01')"
    )
    assert (error.field, error.value, error.record_id) == ("until", "2017-03-01", "t1")
    [row] = THINGS.validate_records([thing(day="2017-03-02", until="2017-03-02")], SOURCE)
    assert row["until"] == dt.date(2017, 3, 2)
    [row] = THINGS.validate_records([thing(until="2017-03-01")], SOURCE)
    assert row["day"] is None


# --- URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "ftp://example.org/a",
        "example.org",
        "https://",
        "https://exa mple.org",
        "javascript:alert(1)",
        'https://example.org/"onmouseover=x',
        "https://example.org/'x",
        "https://example.org/<script>",
        "https://example.org/\n",
        "HTTPS://example.org",
        " https://example.org",
    ],
)
def test_urls_must_be_plain_http_addresses(value: str) -> None:
    """Only http(s) addresses without spaces, quotes or angle brackets are URLs."""
    assert refusal("link", value) == "expected an http(s) URL"


# --- lists ----------------------------------------------------------------------------------------


def test_list_fields_refuse_a_single_value() -> None:
    """A list field given one bare value is refused, naming what it got."""
    assert refusal("tags", "x") == "expected a list, got str"


def test_required_list_needs_its_items() -> None:
    """An empty required list with a minimum is a missing field."""
    error = refused(thing(tags=[]))
    assert (error.problem, error.field) == ("missing required field", "tags")


def test_min_items() -> None:
    """A list shorter than its minimum is refused with the minimum."""
    assert refusal("links", ["https://a.example"]) == "expected at least 2 item(s)"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tags", ["x", "x"]),
        ("refs", ["t1", "t1"]),
        ("links", ["https://a.example", "https://a.example"]),
        ("notes", ["same", "other", "same"]),
    ],
)
def test_lists_refuse_the_same_item_twice(field: str, value: list[str]) -> None:
    """A list holding an item twice is refused, whatever its item type."""
    assert refusal(field, value) == "list holds the same item twice"


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("tags", ["x", "w"], "not one of the allowed values: x, y, z"),
        ("tags", ["x", 5], "expected text, got int"),
        ("tags", ["x", "two\nlines"], "expected a single line of text"),
        ("refs", ["A"], "expected an id of lower-case letters, digits, '_' or '-'"),
        ("links", ["https://a.example", "ftp://b.example"], "expected an http(s) URL"),
    ],
)
def test_list_items_are_checked_as_their_type(field: str, value: list[Any], problem: str) -> None:
    """Each item is checked as its type, with the list's allowed values."""
    assert refusal(field, value) == problem


# --- records and files ----------------------------------------------------------------------------


def test_missing_required_field() -> None:
    """A required field left out, or empty, names the field; no value is shown."""
    for record in (thing(title=...), thing(title=""), thing(title=None)):
        error = refused(record)
        assert str(error) == "things.yaml: record 0 (t1): field 'title': missing required field"


def test_unknown_field_lists_the_known_ones() -> None:
    """A misspelt field is refused, naming the first unknown one and every known field."""
    error = refused(thing(titel="x", aaa=1))
    assert error.field == "aaa"
    assert error.problem == (
        "unknown field for table 'things' (known: thing_id, title, body, count, flag, day, "
        "until, link, kind, tags, refs, links, notes, parent_id)"
    )
    assert (error.record, error.record_id) == (0, "t1")


def test_records_must_be_mappings() -> None:
    """A record that is not a mapping is refused with its index and value."""
    error = refused(thing(), "just text")
    assert str(error) == (
        "things.yaml: record 1: expected a mapping of fields, got str (value: 'just text')"
    )


@pytest.mark.parametrize(("records", "kind"), [({"thing_id": "t1"}, "dict"), ("t1", "str")])
def test_records_must_be_a_list(records: Any, kind: str) -> None:
    """The table's value must be a list of records."""
    with pytest.raises(SchemaError) as caught:
        THINGS.validate_records(records, SOURCE)
    assert str(caught.value) == f"things.yaml: expected a list of 'things' records, got {kind}"


def test_duplicate_keys_name_the_first_use() -> None:
    """Two records with one key: the second is refused, naming the record that had it first."""
    error = refused(thing(), thing(thing_id="t2"), thing(thing_id="t1"))
    assert str(error) == (
        "things.yaml: record 2 (t1): field 'thing_id': duplicate thing_id: "
        "already used by record 0 (value: 't1')"
    )


def test_first_problem_is_reported_in_field_order() -> None:
    """With several bad fields, the first declared one is named."""
    error = refused(thing(count="x", flag="y"))
    assert error.field == "count"


# --- SchemaError ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "f.yaml: bad"),
        ({"record": 0}, "f.yaml: record 0: bad"),
        ({"record": 3, "record_id": "c03"}, "f.yaml: record 3 (c03): bad"),
        ({"record": 3, "record_id": ""}, "f.yaml: record 3: bad"),
        ({"record_id": "c03", "field": "span"}, "f.yaml: field 'span': bad"),
        ({"field": "span", "value": "x"}, "f.yaml: field 'span': bad"),
        (
            {"field": "span", "value": None, "has_value": True},
            "f.yaml: field 'span': bad (value: None)",
        ),
        ({"value": ["a", 1], "has_value": True}, "f.yaml: bad (value: ['a', 1])"),
    ],
)
def test_schema_error_message(kwargs: dict[str, Any], message: str) -> None:
    """The message joins file, record, field and problem, then the value when there is one."""
    error = SchemaError("f.yaml", "bad", **kwargs)
    assert str(error) == message
    assert (error.source, error.problem) == ("f.yaml", "bad")
    assert error.record == kwargs.get("record")
    assert error.record_id == kwargs.get("record_id")
    assert error.field == kwargs.get("field")
    assert error.value == kwargs.get("value")
    assert isinstance(error, ValueError)


def test_long_values_are_shortened() -> None:
    """A long value is cut to 120 characters in the message, keeping its start and end."""
    shown = short_repr("x" * 500)
    assert len(shown) == 120
    assert shown.startswith("'xxxx") and shown.endswith("xxxx'")
    assert "..." in shown
    assert short_repr("abc") == "'abc'"
    assert short_repr(list(range(100))) == "[0, 1, 2, 3, 4, 5, ...]"
    assert short_repr("y" * 50, limit=20) == "'" + "y" * 16 + "..."
    message = str(SchemaError("f.yaml", "bad", value="z" * 1000, has_value=True))
    assert message.startswith("f.yaml: bad (value: 'zzz")
    assert len(message) == len("f.yaml: bad (value: )") + 120


# --- tables and frames ----------------------------------------------------------------------------


def test_table_fields_by_name() -> None:
    """A table lists its field names in declared order and finds a field by name."""
    assert THINGS.field_names[:3] == ["thing_id", "title", "body"]
    assert THINGS.field("kind").allowed == ("a", "b")
    with pytest.raises(KeyError, match="nope"):
        THINGS.field("nope")


def frame_of(**columns: list[Any]) -> pd.DataFrame:
    base: dict[str, list[Any]] = {name: [None] for name in THINGS.field_names}
    base.update({"thing_id": ["t1"], "title": ["A thing"], "tags": [["x"]], "notes": [[]]})
    base.update(columns)
    return pd.DataFrame(base)


def test_validate_frame_accepts_pandas_values() -> None:
    """Timestamps, NaN, NaT, numpy numbers and tuples are read back as plain values."""
    frame = frame_of(
        count=[np.int64(3)],
        flag=[np.bool_(True)],
        day=[pd.Timestamp("2017-03-01")],
        until=[pd.NaT],
        body=[float("nan")],
        kind=[pd.NA],
        refs=[("t1",)],
    )
    THINGS.validate_frame(frame, "frame")


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("count", np.float64(2.5), "expected a whole number"),
        ("flag", np.int64(1), "expected true or false"),
        ("day", pd.Timestamp("2017-03-02"), None),
        ("refs", ("t1", "t1"), "list holds the same item twice"),
        ("kind", "c", "not one of the allowed values: a, b"),
    ],
)
def test_validate_frame_applies_the_same_rules(
    column: str, value: Any, problem: str | None
) -> None:
    """A frame is checked against the same declaration as a file, record by record."""
    frame = frame_of(**{column: [value]})
    frame = pd.concat([frame_of(thing_id=["t0"]), frame], ignore_index=True)
    frame.loc[1, "until"] = pd.Timestamp("2017-03-01") if column == "day" else None
    with pytest.raises(SchemaError) as caught:
        THINGS.validate_frame(frame, "frame")
    error = caught.value
    assert (error.source, error.record, error.record_id) == ("frame", 1, "t1")
    if problem is None:
        assert error.problem == "ends before it starts (day 2017-03-02)"
    else:
        assert (error.field, error.problem) == (column, problem)


def test_validate_frame_reads_whole_floats_back_as_ints() -> None:
    """pandas stores an int column with a gap as floats: 3.0 there is the 3 it was, but only
    in an int field."""
    gap = frame_of(thing_id=["t2"], count=[float("nan")])
    frame = pd.concat([frame_of(count=[3]), gap], ignore_index=True)
    assert frame["count"].dtype == "float64"
    THINGS.validate_frame(frame, "frame")
    with pytest.raises(SchemaError) as caught:
        THINGS.validate_frame(frame_of(title=[3.0]), "frame")
    assert (caught.value.field, caught.value.problem) == ("title", "expected text, got float")


def test_validate_frame_names_missing_columns() -> None:
    """Columns the declaration has and the frame lacks are listed, in declared order."""
    frame = frame_of().drop(columns=["title", "kind"])
    with pytest.raises(SchemaError) as caught:
        THINGS.validate_frame(frame, "frame")
    assert str(caught.value) == "frame: missing columns ['title', 'kind'] for table 'things'"


def test_validate_frame_ignores_extra_columns() -> None:
    """Columns beyond the declaration (offsets added by the loader) are not checked."""
    THINGS.validate_frame(frame_of().assign(span_start=[3]), "frame")


# --- references -----------------------------------------------------------------------------------

OWNERS = Table(
    name="owners",
    description="Owners of things.",
    key="owner_id",
    fields=(
        Field("owner_id", "id", "Key."),
        Field("thing_id", "id", "Owned thing.", references="things.thing_id"),
        Field(
            "spare_ids", "id_list", "Spare things.", required=False, references="things.thing_id"
        ),
        Field("boss_id", "id", "Boss.", required=False, references="owners.owner_id"),
    ),
)
TABLES = {"things": THINGS, "owners": OWNERS}
SOURCES = {"things": "things.yaml", "owners": "owners.yaml"}


def owner(owner_id: str, thing_id: str, **extra: Any) -> dict[str, Any]:
    return {"owner_id": owner_id, "thing_id": thing_id, "spare_ids": [], "boss_id": None, **extra}


def things(*ids: str) -> list[dict[str, Any]]:
    return THINGS.validate_records([thing(thing_id=i) for i in ids], SOURCE)


def test_references_that_exist_pass() -> None:
    """Ids found in the referenced table, and empty optional references, pass."""
    records = {
        "things": things("t1", "t2"),
        "owners": [owner("o1", "t1", spare_ids=["t2", "t1"]), owner("o2", "t2", boss_id="o1")],
    }
    check_references(TABLES, records, SOURCES)


@pytest.mark.parametrize(
    ("owners", "index", "record_id", "field", "value", "target"),
    [
        ([owner("o1", "t9")], 0, "o1", "thing_id", "t9", "things"),
        (
            [owner("o1", "t1"), owner("o2", "t1", spare_ids=["t1", "t8"])],
            1,
            "o2",
            "spare_ids",
            "t8",
            "things",
        ),
        ([owner("o1", "t1", boss_id="o7")], 0, "o1", "boss_id", "o7", "owners"),
    ],
)
def test_unknown_references_are_refused(
    owners: list[dict[str, Any]], index: int, record_id: str, field: str, value: str, target: str
) -> None:
    """An id missing from the referenced table names the file, record, field and value."""
    with pytest.raises(SchemaError) as caught:
        check_references(TABLES, {"things": things("t1"), "owners": owners}, SOURCES)
    key = "thing_id" if target == "things" else "owner_id"
    assert str(caught.value) == (
        f"owners.yaml: record {index} ({record_id}): field '{field}': unknown {target} id: "
        f"no such {target}.{key} (value: '{value}')"
    )


def test_references_into_a_table_without_records() -> None:
    """With no records of the referenced table, every reference is unknown."""
    with pytest.raises(SchemaError) as caught:
        check_references(TABLES, {"owners": [owner("o1", "t1")]}, SOURCES)
    assert caught.value.problem == "unknown things id: no such things.thing_id"


def test_references_into_an_undeclared_table() -> None:
    """A reference to a table that is not declared at all finds no id."""
    ghosts = Table(
        name="haunted",
        description="Refers to a table nobody declared.",
        key="haunted_id",
        fields=(
            Field("haunted_id", "id", "Key."),
            Field("ghost_id", "id", "A ghost.", references="ghosts.ghost_id"),
        ),
    )
    records = {"haunted": [{"haunted_id": "h1", "ghost_id": "g1"}]}
    with pytest.raises(SchemaError) as caught:
        check_references({"haunted": ghosts}, records, {"haunted": "haunted.yaml"})
    assert str(caught.value) == (
        "haunted.yaml: record 0 (h1): field 'ghost_id': unknown ghosts id: "
        "no such ghosts.ghost_id (value: 'g1')"
    )


def test_frame_values_become_plain_python_values() -> None:
    """numpy scalars become Python numbers, timestamps dates, tuples lists, gaps None."""
    from analysis.schema import _from_frame_value

    three = _from_frame_value(np.int64(3))
    assert (three, type(three)) == (3, int)
    flag = _from_frame_value(np.bool_(True))
    assert (flag, type(flag)) == (True, bool)
    assert _from_frame_value(pd.Timestamp("2017-03-03 00:00")) == dt.date(2017, 3, 3)
    assert _from_frame_value(("a", "b")) == ["a", "b"]
    assert _from_frame_value(["a"]) == ["a"]
    for gap in (None, float("nan"), pd.NaT, pd.NA, np.nan):
        assert _from_frame_value(gap) is None
    assert _from_frame_value("text") == "text"
    assert _from_frame_value(4.0, is_int=True) == 4
    assert type(_from_frame_value(4.0, is_int=True)) is int
    assert type(_from_frame_value(4.0)) is float
    assert _from_frame_value(4.5, is_int=True) == 4.5


def test_references_within_one_table() -> None:
    """A table may refer to its own keys; a thing's parent must be another listed thing."""
    records = {
        "things": THINGS.validate_records([thing(), thing(thing_id="t2", parent_id="t1")], SOURCE)
    }
    check_references(TABLES, records, SOURCES)
    records["things"][0]["refs"] = ["t3"]
    with pytest.raises(SchemaError) as caught:
        check_references(TABLES, records, SOURCES)
    assert (caught.value.source, caught.value.field, caught.value.value) == (
        "things.yaml",
        "refs",
        "t3",
    )


@pytest.mark.parametrize("value", ["２０１７-０３-０３", "2017-03-0٣"])
def test_dates_need_ascii_digits(value: str) -> None:
    """Digits of other scripts are a format error, not an 'impossible date'."""
    with pytest.raises(ValueError, match=r"^expected a date as YYYY-MM-DD$"):
        parse_iso_date(value)


@pytest.mark.parametrize("value", ["a\rb", "a\u2028b", "a\x85b"])
def test_single_line_text_refuses_every_line_break(value: str) -> None:
    """A carriage return or a Unicode line separator breaks a line as a newline does."""
    with pytest.raises(SchemaError, match="single line"):
        THINGS.validate_records([thing(title=value)], SOURCE)


# --- lists of records -----------------------------------------------------------------------------

PART = Table(
    name="part",
    description="One item of a kit: the thing it is, and a word on it.",
    key="thing_id",
    fields=(
        Field("thing_id", "id", "The thing.", references="things.thing_id"),
        Field("note", "text", "What it is for."),
        Field("weight", "int", "Grams.", required=False),
    ),
)
KITS = Table(
    name="kits",
    description="Kits of things, each part a record of its own.",
    key="kit_id",
    fields=(
        Field("kit_id", "id", "Key."),
        Field("parts", "records", "Its parts.", item=PART, min_items=2),
        Field("spares", "records", "Spare parts, possibly none.", required=False, item=PART),
    ),
)
KIT_SOURCE = "kits.yaml"


def part(thing_id: str = "t1", **fields: Any) -> dict[str, Any]:
    """A valid part, with ``fields`` changed (a value of ... removes the field)."""
    record: dict[str, Any] = {"thing_id": thing_id, "note": f"Part {thing_id}", **fields}
    return {k: v for k, v in record.items() if v is not ...}


def kit(kit_id: str = "k1", **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"kit_id": kit_id, "parts": [part("t1"), part("t2")], **fields}
    return {k: v for k, v in record.items() if v is not ...}


def kit_refused(*records: Any) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        KITS.validate_records(list(records), KIT_SOURCE)
    return caught.value


def test_records_field_is_a_list_field() -> None:
    assert KITS.field("parts").is_list and KITS.field("spares").is_list
    assert KITS.field("parts").item is PART


def test_items_are_validated_and_normalised() -> None:
    """Each item comes back as a record of its table: missing optional fields None; an
    optional list of records left out is an empty list."""
    [row] = KITS.validate_records([kit(parts=[part("t1", weight=5), part("t2")])], KIT_SOURCE)
    assert row == {
        "kit_id": "k1",
        "parts": [
            {"thing_id": "t1", "note": "Part t1", "weight": 5},
            {"thing_id": "t2", "note": "Part t2", "weight": None},
        ],
        "spares": [],
    }


@pytest.mark.parametrize("empty", [..., None, "", []])
def test_required_list_of_records_missing(empty: Any) -> None:
    """Left out, null, empty text or an empty list: the field is missing."""
    error = kit_refused(kit(parts=empty))
    assert str(error) == "kits.yaml: record 0 (k1): field 'parts': missing required field"


@pytest.mark.parametrize("missing", [..., None, ""])
def test_item_missing_a_required_field(missing: Any) -> None:
    """A problem inside an item names the list, the item (1-based) and the item's field."""
    error = kit_refused(kit(), kit("k2", parts=[part("t1"), part("t2", note=missing)]))
    assert str(error) == "kits.yaml: record 1 (k2): field 'parts[2].note': missing required field"
    assert (error.source, error.record, error.record_id, error.field) == (
        KIT_SOURCE,
        1,
        "k2",
        "parts[2].note",
    )
    assert error.has_value is False


def test_item_with_an_unknown_field() -> None:
    """A misspelt field inside an item is refused, listing the item's known fields."""
    error = kit_refused(kit(parts=[part("t1", colour="red"), part("t2")]))
    assert str(error) == (
        "kits.yaml: record 0 (k1): field 'parts[1].colour': unknown field for table 'part' "
        "(known: thing_id, note, weight)"
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("heavy", "expected a whole number"),
        (True, "expected a whole number"),
        (2.5, "expected a whole number"),
    ],
)
def test_item_field_of_the_wrong_type(value: Any, problem: str) -> None:
    """An item's field is checked as its type; the message shows the offending value."""
    error = kit_refused(kit(parts=[part("t1"), part("t2", weight=value)]))
    assert str(error) == (
        f"kits.yaml: record 0 (k1): field 'parts[2].weight': {problem} (value: {value!r})"
    )
    assert error.value == value


def test_item_id_of_the_wrong_form() -> None:
    error = kit_refused(kit(parts=[part("t1"), part("T 2")]))
    assert str(error) == (
        "kits.yaml: record 0 (k1): field 'parts[2].thing_id': "
        "expected an id of lower-case letters, digits, '_' or '-' (value: 'T 2')"
    )


@pytest.mark.parametrize(
    ("value", "kind"),
    [("t1", "str"), ({"note": "x", "thing_id": "t1"}, "dict"), (3, "int"), (True, "bool")],
)
def test_list_of_records_refuses_what_is_not_a_list(value: Any, kind: str) -> None:
    """A single item, a mapping or a scalar where the list should be is refused."""
    error = kit_refused(kit(parts=value))
    assert str(error) == (
        f"kits.yaml: record 0 (k1): field 'parts': expected a list, got {kind} (value: {value!r})"
    )


def test_items_must_be_mappings() -> None:
    """An item that is not a mapping is named by its position, with its value."""
    error = kit_refused(kit(parts=[part("t1"), "t2"]))
    assert str(error) == (
        "kits.yaml: record 0 (k1): field 'parts[2]': expected a mapping of fields, got str "
        "(value: 't2')"
    )


def test_list_of_records_min_items() -> None:
    """Fewer items than the minimum is refused on the list, with the minimum; the optional
    list asks for none."""
    error = kit_refused(kit(parts=[part("t1")]))
    assert str(error) == "kits.yaml: record 0 (k1): field 'parts': expected at least 2 item(s)"
    [row] = KITS.validate_records([kit(spares=[part("t3")])], KIT_SOURCE)
    assert row["spares"] == [{"thing_id": "t3", "note": "Part t3", "weight": None}]


def test_first_bad_item_is_reported() -> None:
    """With several bad items, the first is named; items are checked before later fields."""
    error = kit_refused(kit(parts=[part("t1"), part("t2", note=...), part(weight="x")]))
    assert error.field == "parts[2].note"
    error = kit_refused(kit(parts=[part("t1"), part("t2", note=...)], spares="none"))
    assert error.field == "parts[2].note"


KIT_TABLES = {"things": THINGS, "kits": KITS}
KIT_SOURCES = {"things": SOURCE, "kits": KIT_SOURCE}


def test_references_inside_items() -> None:
    """A reference in an item is checked like any other, and named as the item's field."""
    kits = KITS.validate_records(
        [kit(), kit("k2", parts=[part("t1"), part("t9")], spares=[part("t2")])], KIT_SOURCE
    )
    with pytest.raises(SchemaError) as caught:
        check_references(KIT_TABLES, {"things": things("t1", "t2"), "kits": kits}, KIT_SOURCES)
    assert str(caught.value) == (
        "kits.yaml: record 1 (k2): field 'parts[2].thing_id': unknown things id: "
        "no such things.thing_id (value: 't9')"
    )
    check_references(KIT_TABLES, {"things": things("t1", "t2", "t9"), "kits": kits}, KIT_SOURCES)


def test_references_inside_optional_items() -> None:
    """The optional list's items are checked too; an empty one has nothing to check."""
    kits = KITS.validate_records([kit(spares=[part("t2"), part("t8")])], KIT_SOURCE)
    with pytest.raises(SchemaError) as caught:
        check_references(KIT_TABLES, {"things": things("t1", "t2"), "kits": kits}, KIT_SOURCES)
    assert (caught.value.field, caught.value.value) == ("spares[2].thing_id", "t8")
    kits[0]["spares"] = []
    check_references(KIT_TABLES, {"things": things("t1", "t2"), "kits": kits}, KIT_SOURCES)


def test_references_to_keys_read_elsewhere() -> None:
    """extra_keys stand for a table read from another folder (the public record): a reference
    into it resolves there, and a key missing there is still refused."""
    kits = KITS.validate_records([kit(parts=[part("t1"), part("t5")])], KIT_SOURCE)
    tables = {"kits": KITS}
    check_references(tables, {"kits": kits}, KIT_SOURCES, extra_keys={"things": {"t1", "t5"}})
    with pytest.raises(SchemaError) as caught:
        check_references(tables, {"kits": kits}, KIT_SOURCES, extra_keys={"things": {"t1"}})
    assert str(caught.value) == (
        "kits.yaml: record 0 (k1): field 'parts[2].thing_id': unknown things id: "
        "no such things.thing_id (value: 't5')"
    )
    # A declared table's own records and the extra keys of that table are one set of ids.
    check_references(
        KIT_TABLES,
        {"things": things("t1"), "kits": kits},
        KIT_SOURCES,
        extra_keys={"things": {"t5"}},
    )


def test_validate_frame_with_a_records_column() -> None:
    """A frame's column of lists of records is checked item by item, like a file's."""
    rows = KITS.validate_records([kit(), kit("k2", spares=[part("t3", weight=2)])], KIT_SOURCE)
    frame = pd.DataFrame.from_records(rows, columns=KITS.field_names)
    KITS.validate_frame(frame, "kits frame")
    frame.at[1, "parts"] = (part("t1"), part("t2"))  # a tuple is read back as a list
    KITS.validate_frame(frame, "kits frame")
    frame.at[1, "parts"] = [part("t1", note=None), part("t2")]
    with pytest.raises(SchemaError) as caught:
        KITS.validate_frame(frame, "kits frame")
    assert str(caught.value) == (
        "kits frame: record 1 (k2): field 'parts[1].note': missing required field"
    )
    frame.at[1, "parts"] = [part("t1")]
    with pytest.raises(SchemaError) as caught:
        KITS.validate_frame(frame, "kits frame")
    assert str(caught.value) == (
        "kits frame: record 1 (k2): field 'parts': expected at least 2 item(s)"
    )
    frame.at[1, "parts"] = None
    with pytest.raises(SchemaError) as caught:
        KITS.validate_frame(frame, "kits frame")
    assert (caught.value.field, caught.value.problem) == ("parts", "missing required field")
