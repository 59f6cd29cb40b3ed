"""Bad input is refused with a message naming the file, the record, the field and the value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis import paths
from analysis.load import check_id, load_annotation, load_article, read_table_file
from analysis.params import ParameterError, declared_parameters, validate_parameters
from analysis.schema import SchemaError
from analysis.tables import ARTICLE_TABLES, CLAIMS, RECORD_TABLES

ARTICLE_ID = "rbth-2017-03-06-military-talks"
# Tables only the public record holds; "actors" is in both, and means the article's here.
RECORD_ONLY = set(RECORD_TABLES) - set(ARTICLE_TABLES)


def table_path(data: Path, table: str) -> Path:
    """The file of ``table``: the record's for sources, record events and phases."""
    folder = (
        paths.record_dir(data) if table in RECORD_ONLY else paths.annotation_dir(ARTICLE_ID, data)
    )
    return folder / f"{table}.yaml"


def read_records(data: Path, table: str) -> list[dict[str, Any]]:
    return yaml.safe_load(table_path(data, table).read_text(encoding="utf-8"))[table]


def write_records(data: Path, table: str, records: list[dict[str, Any]]) -> Path:
    path = table_path(data, table)
    text = yaml.safe_dump({table: records}, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def index_of(records: list[dict[str, Any]], key: str, value: str) -> int:
    return next(i for i, r in enumerate(records) if r[key] == value)


def refuse(data: Path) -> str:
    """Load the copied annotation, expecting a SchemaError; return its message."""
    with pytest.raises(SchemaError) as caught:
        load_annotation(ARTICLE_ID, data)
    return str(caught.value)


def assert_names(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} not in message {message!r}"


def test_unmodified_copy_loads(data_copy: Path) -> None:
    """The copy the other tests break is itself valid, so each refusal is due to the edit."""
    annotation = load_annotation(ARTICLE_ID, data_copy)
    assert len(annotation.claims) > 0
    assert len(annotation.sources) > 0 and len(annotation.phases) > 0


def test_missing_required_field(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c03")
    del claims[i]["speaker_actor_id"]
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(message, str(path), f"record {i} (c03)", "'speaker_actor_id'", "missing required")


def test_unknown_actor(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c03")
    claims[i]["speaker_actor_id"] = "nobody"
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(
        message, str(path), f"record {i} (c03)", "'speaker_actor_id'", "unknown actors", "'nobody'"
    )


def test_record_refers_to_record_actors_only(data_copy: Path) -> None:
    """A record event may not name an actor only one article declares."""
    records = read_records(data_copy, "record_events")
    i = index_of(records, "record_event_id", "r_call_2017_03_03")
    records[i]["participant_actor_ids"] = ["gerasimov", "danilov"]  # danilov: the article's
    path = write_records(data_copy, "record_events", records)
    message = refuse(data_copy)
    assert_names(
        message,
        str(path),
        f"record {i} (r_call_2017_03_03)",
        "'participant_actor_ids'",
        "unknown actors id",
        "'danilov'",
    )


def test_actor_in_the_record_and_the_article(data_copy: Path) -> None:
    """An actor of the record is described there only; the article refers to it by id."""
    actors = read_records(data_copy, "actors")
    actors.append(
        {"actor_id": "pavel", "name": "Petr Pavel", "actor_type": "person", "side": "nato"}
    )
    path = write_records(data_copy, "actors", actors)
    message = refuse(data_copy)
    assert_names(
        message,
        str(path),
        f"record {len(actors) - 1} (pavel)",
        "'actor_id'",
        "actor already in the record's actors.yaml",
        "'pavel'",
    )


@pytest.mark.parametrize(
    ("in_record", "actor_id"), [(True, "gerasimov"), (False, "danilov")], ids=["record", "article"]
)
def test_url_in_an_actor_names_its_own_file(
    data_copy: Path, in_record: bool, actor_id: str
) -> None:
    """A URL written in an actor's role is refused in the file and at the record it is in,
    the record's actors.yaml or the article's, though the loader holds them in one table."""
    folder = (
        paths.record_dir(data_copy) if in_record else paths.annotation_dir(ARTICLE_ID, data_copy)
    )
    path = folder / "actors.yaml"
    actors = yaml.safe_load(path.read_text(encoding="utf-8"))["actors"]
    i = index_of(actors, "actor_id", actor_id)
    actors[i]["role"] = "See https://example.org/cv"
    path.write_text(yaml.safe_dump({"actors": actors}, allow_unicode=True), encoding="utf-8")
    message = refuse(data_copy)
    assert message.startswith(f"{path}: record {i} ({actor_id}): field 'role': "), message
    assert_names(message, "not a source of the record", "'https://example.org/cv'")


def test_citation_without_what_it_says(data_copy: Path) -> None:
    """A citation in the record is named by its position in the list and its field."""
    phases = read_records(data_copy, "phases")
    i = index_of(phases, "phase_id", "p_nrc_hiatus")
    del phases[i]["citations"][1]["says"]
    path = write_records(data_copy, "phases", phases)
    message = refuse(data_copy)
    assert_names(
        message, str(path), f"record {i} (p_nrc_hiatus)", "'citations[2].says'", "missing required"
    )


def test_unknown_source_in_a_check(data_copy: Path) -> None:
    """A citation's source_id must be a source of the record."""
    checks = read_records(data_copy, "checks")
    i = index_of(checks, "check_id", "chk_c02_first_time")
    checks[i]["citations"][2]["source_id"] = "no_such_source"
    path = write_records(data_copy, "checks", checks)
    message = refuse(data_copy)
    assert_names(
        message,
        str(path),
        f"record {i} (chk_c02_first_time)",
        "'citations[3].source_id'",
        "unknown sources id",
        "'no_such_source'",
    )


def test_impossible_date(data_copy: Path) -> None:
    phases = read_records(data_copy, "phases")
    phases[0]["start_date"] = "2017-02-30"
    path = write_records(data_copy, "phases", phases)
    assert path.parent == paths.record_dir(data_copy)
    message = refuse(data_copy)
    record = f"record 0 ({phases[0]['phase_id']})"
    assert_names(message, str(path), record, "'start_date'", "impossible date", "'2017-02-30'")


def test_span_not_in_article(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c03")
    altered = claims[i]["span"].replace("conversation", "call")
    assert altered != claims[i]["span"]
    claims[i]["span"] = altered
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(message, str(path), f"record {i} (c03)", "'span'", "not in the article", altered)
    assert "quote marks" not in message


def test_span_with_straight_apostrophe_gets_quote_hint(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c03")
    assert "\u2019" in claims[i]["span"]  # "NATO’s initiative", curly in the article
    claims[i]["span"] = claims[i]["span"].replace("\u2019", "'")
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(message, str(path), f"record {i} (c03)", "'span'", "not in the article")
    assert_names(message, "quote marks")


def test_duplicate_id(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    claims[1]["claim_id"] = claims[0]["claim_id"]
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    first = claims[0]["claim_id"]
    assert_names(
        message,
        str(path),
        f"record 1 ({first})",
        "'claim_id'",
        "duplicate",
        "record 0",
        repr(first),
    )


def test_value_not_allowed(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c05")
    claims[i]["attribution_mode"] = "rumour"
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(
        message, str(path), f"record {i} (c05)", "'attribution_mode'", "allowed", "'rumour'"
    )


def test_unknown_field(data_copy: Path) -> None:
    claims = read_records(data_copy, "claims")
    i = index_of(claims, "claim_id", "c05")
    claims[i] = {
        ("speker_actor_id" if k == "speaker_actor_id" else k): v for k, v in claims[i].items()
    }
    path = write_records(data_copy, "claims", claims)
    message = refuse(data_copy)
    assert_names(message, str(path), f"record {i} (c05)", "'speker_actor_id'", "unknown field")


def test_event_expression_outside_its_claim(data_copy: Path) -> None:
    article_text = load_article(ARTICLE_ID, data_copy).text
    claims = {c["claim_id"]: c for c in read_records(data_copy, "claims")}
    events = read_records(data_copy, "events")
    i = index_of(events, "event_id", "e_uk_meeting")
    claim_id = events[i]["claim_id"]
    # "March 1" is in the article (the next sentence), but not in this event's claim.
    assert "March 1" in article_text
    assert "March 1" not in claims[claim_id]["span"]
    events[i]["expression"] = "March 1"
    path = write_records(data_copy, "events", events)
    message = refuse(data_copy)
    assert_names(
        message,
        str(path),
        f"record {i} (e_uk_meeting)",
        "'expression'",
        f"inside the span of claim '{claim_id}'",
        "'March 1'",
    )


def test_duplicate_yaml_keys(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "claims:\n"
        "  - claim_id: c01\n"
        "    span: some words\n"
        "    speaker_actor_id: russia_beyond\n"
        "    speaker_actor_id: russian_mod\n"
        "    attribution_mode: narration\n"
        "    claim_kind: event_report\n"
        "    topics: [military_contacts]\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as caught:
        read_table_file(path, CLAIMS)
    assert_names(str(caught.value), str(path), "duplicate key", "'speaker_actor_id'")


def test_python_object_tag_is_refused_without_running(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "claims.yaml"
    path.write_text(
        "claims:\n"
        "  - claim_id: c01\n"
        f'    span: !!python/object/apply:os.system ["touch {marker}"]\n'
        "    speaker_actor_id: russia_beyond\n"
        "    attribution_mode: narration\n"
        "    claim_kind: event_report\n"
        "    topics: [military_contacts]\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as caught:
        read_table_file(path, CLAIMS)
    assert_names(str(caught.value), str(path), "not valid YAML", "python/object/apply")
    assert not marker.exists()


def test_modified_article_text_fails_checksum(data_copy: Path) -> None:
    folder = paths.article_dir(ARTICLE_ID, data_copy)
    text_path = folder / "article.txt"
    text = text_path.read_text(encoding="utf-8")
    text_path.write_text(text.replace("Gerasimov", "Gerasimow", 1), encoding="utf-8")
    stored = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))
    with pytest.raises(SchemaError) as caught:
        load_article(ARTICLE_ID, data_copy)
    assert_names(
        str(caught.value),
        str(folder / "metadata.yaml"),
        "'sha256'",
        "checksum",
        stored["article"][0]["sha256"],
    )


@pytest.mark.parametrize("value", ["../etc", "A b"])
def test_check_id_refuses_non_ids(value: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_id(value, "article_id")
    assert_names(str(caught.value), "article_id", repr(value))


GOOD_PARAMETERS: dict[str, Any] = {
    "article_id": ARTICLE_ID,
    "reference_date": "2017-03-03",
    "window_start": "2014-01-01",
    "window_end": "2017-12-31",
    "focus_actor": "gerasimov",
    "include_context": True,
}


def test_good_parameters_are_accepted() -> None:
    params = validate_parameters(**GOOD_PARAMETERS)
    assert params.reference_date == dt.date(2017, 3, 3)
    assert params.include_context is True


@pytest.mark.parametrize(
    ("changes", "name", "value"),
    [
        ({"reference_date": "2017-13-01"}, "reference_date", "2017-13-01"),
        ({"include_context": "yes"}, "include_context", "yes"),
        ({"window_start": "2017-06-01", "window_end": "2017-01-01"}, "window_end", "2017-01-01"),
        ({"article_id": "no-such-article"}, "article_id", "no-such-article"),
    ],
    ids=["bad_reference_date", "non_bool_include_context", "window_reversed", "unknown_article"],
)
def test_bad_parameter_is_refused(changes: dict[str, Any], name: str, value: str) -> None:
    with pytest.raises(ParameterError) as caught:
        validate_parameters(**{**GOOD_PARAMETERS, **changes})
    assert_names(str(caught.value), f"parameter '{name}'", repr(value))


def test_declared_parameters_of_report_notebook() -> None:
    declared = declared_parameters(paths.REPORT_NOTEBOOK)
    expected_types = {
        "article_id": "str",
        "reference_date": "str",
        "window_start": "str",
        "window_end": "str",
        "focus_actor": "str",
        "include_context": "bool",
        "data_dir": "str",
    }
    assert {name: p.type_name for name, p in declared.items()} == expected_types
    for name, parameter in declared.items():
        assert parameter.help.strip(), f"parameter {name} has no help comment"
        assert type(parameter.default).__name__ == parameter.type_name
    validate_parameters(**{name: p.default for name, p in declared.items()})


def test_validate_frame_refuses_bad_value(annotation) -> None:
    frame = annotation.claims.copy()
    frame.loc[frame.index[2], "attribution_mode"] = "rumour"
    claim_id = frame.loc[frame.index[2], "claim_id"]
    with pytest.raises(SchemaError) as caught:
        CLAIMS.validate_frame(frame, "claims frame")
    assert_names(
        str(caught.value),
        "claims frame",
        f"record 2 ({claim_id})",
        "'attribution_mode'",
        "'rumour'",
    )


def test_validate_frame_refuses_missing_column(annotation) -> None:
    frame = annotation.claims.drop(columns=["speaker_actor_id"])
    with pytest.raises(SchemaError) as caught:
        CLAIMS.validate_frame(frame, "claims frame")
    assert_names(str(caught.value), "claims frame", "missing columns", "speaker_actor_id")
