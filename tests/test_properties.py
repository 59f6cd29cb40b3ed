"""Properties: for any input, a valid result or the project's own error, within a second.

Hypothesis generates the input: date expressions with reference dates and anchors, YAML files
and raw bytes for the loaders, copies of the shipped data (the article, its annotation and the
public record) with one file replaced, report parameters and batch parameter files. Each
property has the same form: the call returns a result that obeys its invariants, or raises
the error the project declares for bad input (``DateResolutionError``, ``SchemaError``,
``ParameterError``, ``BatchError``). Any other exception fails the test, and so does one call
that takes longer than a second (the profile's deadline), except for files near the loader's
size cap (see that property).

The minimal inputs of the bugs these properties found are kept as ``@example`` s, so that each
runs every time.

``PROPERTY_SCALE=10 pytest tests/test_properties.py`` runs ten times as many examples.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from analysis import paths
from analysis.batch import BatchError, check_parameter_set, read_parameter_sets
from analysis.dates import (
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    DateResolutionError,
    Precision,
    ResolvedDate,
    month_interval,
    resolve_date_expression,
    year_interval,
)
from analysis.load import (
    MAX_YAML_BYTES,
    Annotation,
    Article,
    load_annotation,
    load_article,
    read_table_file,
    read_yaml_file,
)
from analysis.params import ParameterError, ReportParameters, declared_parameters
from analysis.params import validate_parameters as validate_report_parameters
from analysis.schema import ID_PATTERN, Field, SchemaError, Table
from analysis.tables import (
    ACTORS,
    ANNOTATION_TABLES,
    ARTICLE_METADATA,
    ARTICLE_TABLES,
    ESTABLISHED_SOURCE_KINDS,
    RECORD_TABLES,
)

settings.register_profile(
    "properties",
    deadline=1000,  # milliseconds: no single call may take longer than a second
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("properties")
_SCALE = float(os.environ.get("PROPERTY_SCALE", "1"))


def examples(count: int) -> settings:
    """The profile, running ``count`` examples (times PROPERTY_SCALE)."""
    return settings(PROFILE, max_examples=max(1, round(count * _SCALE)))


T = TypeVar("T")


def result_or_error(call: Callable[[], T], *errors: type[Exception]) -> T | None:
    """The call's result, or None when it raised one of ``errors``; anything else propagates.

    Counts both outcomes (``pytest --hypothesis-show-statistics``), to see that a property
    reaches its valid results as well as its errors.
    """
    try:
        result = call()
    except errors as exc:
        event(f"refused: {type(exc).__name__}")
        return None
    event("valid result")
    return result


def _choice(*options: str) -> st.SearchStrategy[str]:
    """One of ``options``."""
    return st.sampled_from(options)


# --- The shipped data, the base of every mutation ---------------------------------------------

ARTICLE_ID = "rbth-2017-03-06-military-talks"
ALL_TABLES: dict[str, Table] = {**ANNOTATION_TABLES, ARTICLE_METADATA.name: ARTICLE_METADATA}
# Every file an article's report reads, by "folder/table": the public record's tables, the
# article's annotation (actors are in both) and its metadata.
FILES: dict[str, Table] = {
    **{f"record/{name}": table for name, table in RECORD_TABLES.items()},
    **{f"annotation/{name}": table for name, table in ARTICLE_TABLES.items()},
    "article/article": ARTICLE_METADATA,
}


def file_path(data_dir: Path, key: str, article_id: str = ARTICLE_ID) -> Path:
    """Where the file ``key`` (a key of FILES) lives under ``data_dir``."""
    folder, _, name = key.partition("/")
    if folder == "record":
        return paths.record_dir(data_dir) / f"{name}.yaml"
    if folder == "annotation":
        return paths.annotation_dir(article_id, data_dir) / f"{name}.yaml"
    return paths.article_dir(article_id, data_dir) / "metadata.yaml"


SHIPPED_FILES: dict[str, list[dict[str, Any]]] = {
    key: yaml.safe_load(file_path(paths.DATA_DIR, key).read_text(encoding="utf-8"))[table.name]
    for key, table in FILES.items()
}
# The shipped records of each table: the record's actors and the article's together.
SHIPPED: dict[str, list[dict[str, Any]]] = {}
for _key, _table in FILES.items():
    SHIPPED.setdefault(_table.name, []).extend(SHIPPED_FILES[_key])
SHIPPED_TEXT = (paths.article_dir(ARTICLE_ID) / "article.txt").read_text(encoding="utf-8")
ACTOR_IDS = [record["actor_id"] for record in SHIPPED["actors"]]
FIELD_NAMES = sorted(
    {f.name for table in ALL_TABLES.values() for f in table.fields}
    | {
        i.name
        for table in ALL_TABLES.values()
        for f in table.fields
        if f.item
        for i in f.item.fields
    }
)


@contextlib.contextmanager
def data_copy() -> Iterator[Path]:
    """A fresh, writable copy of the shipped article, annotation and public record, removed
    afterwards.

    One per example: a function-scoped pytest fixture would be shared by all of them.
    """
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        for source, target in (
            (paths.article_dir(ARTICLE_ID), paths.article_dir(ARTICLE_ID, data)),
            (paths.annotation_dir(ARTICLE_ID), paths.annotation_dir(ARTICLE_ID, data)),
            (paths.record_dir(), paths.record_dir(data)),
        ):
            shutil.copytree(source, target, copy_function=shutil.copyfile)  # not the read-only mode
        yield data


def dump(document: Any) -> bytes:
    """``document`` as a YAML file's bytes (keys kept in their order, whatever their type)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


# --- Strategies: values, YAML documents, bytes, mutations of valid records ---------------------

NASTY_STRINGS = [
    "",
    " ",
    "'",
    '"',
    "\\",
    "\n",
    "a\nb",
    "\t",
    "\x00",
    "\u202e",
    "\ufeff",
    "é",
    "日本語",
    "😀",
    "..",
    "../",
    "../../etc/passwd",
    "/",
    "/etc/passwd",
    "C:\\Windows",
    "~",
    "$HOME",
    "$(id)",
    "{{ 7 * 7 }}",
    "%s%n",
    "__import__('os').system('id')",
    "'); import os  # ",
    '"""',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "None",
    "True",
    "null",
    "-1",
    "1e309",
    "nan",
    "2017-03-03",
    "2017-02-29",
    "2016-02-29",
    "2017-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2017-3-3",
    " 2017-03-03",
    "2017-03-03\n",
    "٢٠١٧-٠٣-٠٣",
    "http://",
    "https://example.org/a b",
    "https://example.org/x",
    ARTICLE_ID,
    "gerasimov",
    "Gerasimov",
    "a" * 80,
    "a" * 81,
    "x" * 20_001,
]
NASTY = st.sampled_from(NASTY_STRINGS)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    NASTY,
)
# A value of each type YAML can hold, to swap a field's value for one of another type.
VALUES_BY_TYPE: dict[type, st.SearchStrategy[Any]] = {
    str: st.one_of(NASTY, st.text(max_size=30)),
    int: st.one_of(st.integers(), st.sampled_from([0, -1, 2**63, -(2**70)])),
    float: st.floats(),
    bool: st.booleans(),
    type(None): st.none(),
    list: st.lists(SCALARS, max_size=3),
    dict: st.dictionaries(st.text(max_size=8), SCALARS, max_size=3),
}
STR_KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
ANY_KEYS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
)


def yaml_values(keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of YAML scalars, with mapping keys drawn from ``keys``."""
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
        ),
        max_leaves=15,
    )


STR_KEYED_VALUES = yaml_values(STR_KEYS)


def str_keyed_documents(top_level_keys: list[str]) -> st.SearchStrategy[Any]:
    """Any YAML value, often a mapping whose string keys include ``top_level_keys``."""
    records = st.lists(st.dictionaries(STR_KEYS, STR_KEYED_VALUES, max_size=6), max_size=4)
    return st.one_of(
        STR_KEYED_VALUES,
        st.dictionaries(
            st.one_of(st.sampled_from(top_level_keys), st.text(max_size=8)),
            st.one_of(records, STR_KEYED_VALUES),
            max_size=4,
        ),
    )


def any_keyed_documents(top_level_keys: list[str]) -> st.SearchStrategy[Any]:
    """Mappings whose keys mix YAML types (null, bool, int, float, text)."""
    return st.dictionaries(
        st.one_of(st.sampled_from(top_level_keys), ANY_KEYS),
        yaml_values(ANY_KEYS),
        min_size=1,
        max_size=5,
    )


# Pieces of YAML syntax: flow and block collections, complex keys, anchors, aliases, tags,
# merge keys, directives and quotes, in any order.
YAML_TOKENS = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    ", ",
    "- ",
    "? ",
    "\n",
    "  ",
    "\t",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!set ",
    "!!binary ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!map ",
    "!!omap ",
    "!!python/object/apply:os.system ",
    "'",
    '"',
    "# ",
    "| ",
    "> ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "a",
    "1",
    "~",
    "null",
    "2017-03-03",
    "actors",
    "article",
    "grid",
    "sets",
    "defaults",
]
FLOW_SCALARS = st.sampled_from(
    ["", "a", "1", "~", "null", "'x'", '"y"', "2017-03-03", "actors", "*a", "<<", "!!str b"]
)
FLOW_TAGS = [
    "&a ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!timestamp ",
    "!!binary ",
    "!!seq ",
    "!!map ",
    "!!set ",
    "!!omap ",
    "!!python/tuple ",
]
# Well-formed flow YAML, where keys may be collections too, with anchors and tags.
FLOW_NODES = st.recursive(
    FLOW_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(children, children), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        ),
        st.tuples(st.sampled_from(FLOW_TAGS), children).map("".join),
    ),
    max_leaves=8,
)
BLOCK_DOCUMENTS = st.lists(
    st.tuples(_choice("", "- ", "? ", "  "), FLOW_NODES, _choice("", ": ", ":"), FLOW_NODES),
    min_size=1,
    max_size=4,
).map(lambda lines: "\n".join("".join(parts) for parts in lines))
YAML_LIKE_BYTES = st.one_of(
    st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join),
    FLOW_NODES,
    BLOCK_DOCUMENTS,
).map(lambda text: text.encode("utf-8"))
ANY_BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8")),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b" \n", b"\xc3"]),
)
# Well-formed YAML on which read_yaml_file raises another exception than SchemaError: a
# sequence as a key, and explicit tags on values that do not fit them.
UNREADABLE_YAML: dict[bytes, type[Exception]] = {
    b"{[]: 0}": TypeError,  # unhashable key, in _construct_mapping_without_duplicates
    b"!!map a": ValueError,  # _construct_mapping_without_duplicates on a scalar node
    b"!!map [a]": TypeError,  # ... on a sequence node
    b"!!int a": ValueError,  # PyYAML's SafeConstructor, unchecked
    b"!!float a": ValueError,
    b"!!bool a": KeyError,
    b"!!timestamp a": AttributeError,
    b"!!int ": IndexError,  # an empty scalar
}
UNREADABLE_YAML_BUG = (
    "load.py bug: read_yaml_file turns only yaml.YAMLError into SchemaError, but PyYAML's "
    "constructors raise others on well-formed YAML: a sequence as a key ({[]: 0}) TypeError "
    "(unhashable); !!map on a scalar or sequence ValueError/TypeError from "
    "_construct_mapping_without_duplicates; !!int a and !!float a ValueError, !!bool a "
    "KeyError, !!timestamp a AttributeError"
)
F = TypeVar("F", bound=Callable[..., None])


def on_unreadable_yaml(
    argument: str, *, raising: tuple[type[Exception], ...], **fixed: Any
) -> Callable[[F], F]:
    """One @example per input of UNREADABLE_YAML whose exception is one of ``raising``;
    ``fixed`` gives the test's other arguments."""

    def decorate(test: F) -> F:
        for content, error in reversed(UNREADABLE_YAML.items()):
            if issubclass(error, raising):
                test = example(**fixed, **{argument: content})(test)
        return test

    return decorate


ANY_ERROR = (TypeError, ValueError, LookupError, AttributeError)


MUTATIONS = ["drop", "add", "retype", "nasty", "copy", "remove", "not_a_record", "nested"]


def mutate(draw: st.DrawFn, records: list[Any], table: Table) -> None:
    """One mutation of ``records`` (of ``table``), in place; "nested" mutates the items of a
    list of nested records (a citation of a check, say) the same way."""
    kind = draw(st.sampled_from(MUTATIONS))
    if not records:
        records.append({})
    index = draw(st.integers(0, len(records) - 1))
    if kind in _LIST_MUTATIONS:
        _LIST_MUTATIONS[kind](draw, records, index)
    elif isinstance(records[index], dict):
        _RECORD_MUTATIONS[kind](draw, records[index], table)


def _copy_record(draw: st.DrawFn, records: list[Any], index: int) -> None:
    records.insert(draw(st.integers(0, len(records))), copy.deepcopy(records[index]))


def _remove_record(draw: st.DrawFn, records: list[Any], index: int) -> None:
    del records[index]


def _replace_with_not_a_record(draw: st.DrawFn, records: list[Any], index: int) -> None:
    records[index] = draw(st.one_of(SCALARS, st.lists(SCALARS, max_size=3)))


def _drop_field(draw: st.DrawFn, record: dict[str, Any], table: Table) -> None:
    if record:
        del record[draw(st.sampled_from(sorted(record)))]


def _add_field(draw: st.DrawFn, record: dict[str, Any], table: Table) -> None:
    record[draw(STR_KEYS)] = draw(SCALARS)


def _retype_field(draw: st.DrawFn, record: dict[str, Any], table: Table) -> None:
    name = draw(st.sampled_from(table.field_names))
    other_types = [t for t in VALUES_BY_TYPE if t is not type(record.get(name))]
    record[name] = draw(VALUES_BY_TYPE[draw(st.sampled_from(other_types))])


def _nasty_field(draw: st.DrawFn, record: dict[str, Any], table: Table) -> None:
    record[draw(st.sampled_from(table.field_names))] = draw(NASTY)


def _mutate_nested(draw: st.DrawFn, record: dict[str, Any], table: Table) -> None:
    items = {f.name: f.item for f in table.fields if f.item is not None}
    lists = sorted(name for name in items if isinstance(record.get(name), list))
    if lists:
        name = draw(st.sampled_from(lists))
        mutate(draw, record[name], items[name])


# The mutations of the list of records, and those of one record (a mapping) in it.
_LIST_MUTATIONS: dict[str, Callable[[st.DrawFn, list[Any], int], None]] = {
    "copy": _copy_record,
    "remove": _remove_record,
    "not_a_record": _replace_with_not_a_record,
}
_RECORD_MUTATIONS: dict[str, Callable[[st.DrawFn, dict[str, Any], Table], None]] = {
    "drop": _drop_field,
    "add": _add_field,
    "retype": _retype_field,
    "nasty": _nasty_field,
    "nested": _mutate_nested,
}
assert {*_LIST_MUTATIONS, *_RECORD_MUTATIONS} == set(MUTATIONS)


@st.composite
def mutated_records(
    draw: st.DrawFn, table: Table, shipped: list[dict[str, Any]] | None = None
) -> list[Any]:
    """The shipped records of ``table`` (or ``shipped``) with one to four mutations.

    A mutation drops a field, adds one (a field of another table or a new name), replaces a
    value with one of another type or with a nasty string, copies or removes a record,
    replaces a whole record with a value that is not a mapping, or does any of these to the
    nested records of a field such as ``citations``.
    """
    records: list[Any] = copy.deepcopy(SHIPPED[table.name] if shipped is None else shipped)
    for _ in range(draw(st.integers(1, 4))):
        mutate(draw, records, table)
    return records


TABLE_NAMES = st.sampled_from(sorted(ALL_TABLES))  # names: a Table's repr is pages long


# --- What a valid result looks like -----------------------------------------------------------


def check_rows(rows: Any, table: Table, unique_keys: bool = True) -> None:
    """Validated records obey their declaration: fields, types, allowed values, unique keys
    (not asked of nested records: a check may cite one source at two places), and nested
    records obey theirs."""
    assert isinstance(rows, list)
    keys = [row[table.key] for row in rows]
    if unique_keys:
        assert len(set(keys)) == len(keys), "duplicate keys accepted"
    for row in rows:
        assert set(row) == set(table.field_names)
        for f in table.fields:
            check_value(row[f.name], f)
        for start_field, end_field in getattr(table, "intervals", ()):
            if row[start_field] is not None and row[end_field] is not None:
                assert row[start_field] <= row[end_field]


def check_value(value: Any, f: Field) -> None:
    """A validated value is of its field's type, and its ids and allowed values hold."""
    if f.type == "records":
        assert f.item is not None and isinstance(value, list)
        assert len(value) >= f.min_items
        check_rows(value, f.item, unique_keys=False)
        return
    if value is None and not f.type.endswith("_list"):
        assert not f.required, f"required field {f.name} is None"
        return
    items = _checked_items(value, f)
    if f.type in {"id", "id_list"}:
        assert all(ID_PATTERN.fullmatch(item) for item in items)
    if f.allowed is not None:
        assert all(item in f.allowed for item in items)


def _checked_items(value: Any, f: Field) -> list[str]:
    """The texts of a value (a list's items, a text itself; none for a date, number or
    bool), once the value is known to be of its field's type."""
    if f.type.endswith("_list"):
        assert isinstance(value, list)
        assert all(isinstance(item, str) and item for item in value)
        assert len(set(value)) == len(value)
        if f.required:
            assert len(value) >= f.min_items
        return value
    if f.type == "date":
        assert isinstance(value, dt.date)
    elif f.type == "int":
        assert isinstance(value, int) and not isinstance(value, bool)
    elif f.type == "bool":
        assert isinstance(value, bool)
    else:
        assert isinstance(value, str) and value
        return [value]
    return []


def check_article(article: Article, data_dir: Path) -> None:
    """A loaded article is the text its metadata's checksum names, in its own folder."""
    folder = paths.article_dir(ARTICLE_ID, data_dir)
    assert article.article_id == ARTICLE_ID
    assert article.metadata["article_id"] == ARTICLE_ID
    assert article.path.resolve().parent == folder.resolve()
    assert hashlib.sha256(article.text.encode("utf-8")).hexdigest() == article.metadata["sha256"]
    check_rows([article.metadata], ARTICLE_METADATA)


URL = re.compile(r"https?://[^\s<>\"')\]]+")


def _texts(value: Any) -> Iterator[str]:
    """Every text in a value: itself, the items of a list, the values of nested records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def check_annotation(annotation: Annotation, data_dir: Path) -> None:
    """Loaded frames pass their own declaration, every offset points at its words, and the
    record's rules hold: citations name known sources, a verdict rests on what it must, an
    announcement is owned up to, contested wording in checked words is linked, every URL is
    a source's."""
    check_article(annotation.article, data_dir)
    for name, table in ANNOTATION_TABLES.items():
        frame = annotation.table(name)
        assert list(frame.columns[: len(table.fields)]) == table.field_names
        table.validate_frame(frame, f"{name} frame")
    _check_offsets(annotation)
    _check_actors(annotation)
    _check_urls_and_citations(annotation)
    _check_verdicts(annotation)


def _check_offsets(annotation: Annotation) -> None:
    """Every offset points at its words in the article's text."""
    text = annotation.article.text
    for frame, field, start, end in (
        (annotation.claims, "span", "span_start", "span_end"),
        (annotation.contested, "span", "span_start", "span_end"),
        (annotation.events, "expression", "expression_start", "expression_end"),
    ):
        for row in frame.to_dict(orient="records"):
            assert text[row[start] : row[end]] == row[field]


def _check_actors(annotation: Annotation) -> None:
    """An actor is declared once, and one the article names is marked as in the article."""
    actors = annotation.actors
    assert actors["actor_id"].is_unique, "an actor both in the record and in the article"
    named = {a for ids in annotation.claims["subject_actor_ids"] for a in ids}
    named |= set(annotation.claims["speaker_actor_id"])
    named |= {a for ids in annotation.events["participant_actor_ids"] for a in ids}
    for actor_id, in_article in zip(actors["actor_id"], actors["is_in_article"], strict=True):
        assert isinstance(in_article, bool)
        assert in_article or actor_id not in named, actor_id


def _check_urls_and_citations(annotation: Annotation) -> None:
    """Every URL in any text is a source's, and every citation names a known source."""
    sources = annotation.sources.set_index("source_id")
    urls = set(sources["url"])
    for name in ANNOTATION_TABLES:
        for row in annotation.table(name).to_dict(orient="records"):
            for field, value in row.items():
                if name == "sources" and field == "url":
                    continue
                for words in _texts(value):
                    for match in URL.finditer(words):
                        assert match.group().rstrip(".,;:") in urls, (name, field)
            for citation in row.get("citations") or []:
                assert citation["source_id"] in sources.index


def _check_verdicts(annotation: Annotation) -> None:
    """A verdict rests on an established source unless unconfirmed, an announcement cited is
    owned up to in the caveat, and contested wording in the checked words is linked."""
    sources = annotation.sources.set_index("source_id")
    claims = annotation.claims.set_index("claim_id")
    for check in annotation.checks.to_dict(orient="records"):
        cited = sources.loc[[c["source_id"] for c in check["citations"]]]
        if check["verdict"] != "unconfirmed":
            assert set(cited["kind"]) & set(ESTABLISHED_SOURCE_KINDS), check["check_id"]
        if cited["is_announcement"].any():
            assert "announce" in (check["caveat"] or "").lower(), check["check_id"]
        _check_contested_linked(check, claims.loc[check["claim_id"]], annotation.contested)


def _check_contested_linked(check: dict[str, Any], claim: Any, contested: pd.DataFrame) -> None:
    """Contested wording of the claim that overlaps the checked words is in the check's list."""
    start, end = claim["span_start"], claim["span_end"]
    if check["checked_wording"]:
        start += claim["span"].find(check["checked_wording"])
        end = start + len(check["checked_wording"])
    for entry in contested.to_dict(orient="records"):
        same_claim = entry["claim_id"] == check["claim_id"]
        if same_claim and entry["span_start"] < end and start < entry["span_end"]:
            assert entry["contested_id"] in check["contested_ids"], check["check_id"]


# --- 1. The date resolver ---------------------------------------------------------------------

D = dt.date
EDGE_DATES = [
    D.min,
    D.max,
    D(1, 1, 7),
    D(1, 12, 31),
    D(2, 1, 1),
    D(9999, 1, 1),
    D(9998, 12, 31),
    D(2000, 2, 29),
    D(2016, 2, 29),
    D(2017, 2, 28),
    D(2017, 3, 1),
    D(2017, 3, 3),
    D(2017, 3, 6),
]
REFERENCE_DATES = st.one_of(st.sampled_from(EDGE_DATES), st.dates())


def make_anchor(precision: Precision, day: dt.date) -> ResolvedDate:
    """A resolved event of ``precision`` that holds ``day``."""
    if precision == "year":
        start, end = year_interval(day.year)
    elif precision == "month":
        start, end = month_interval(day.year, day.month)
    else:
        start = end = day
    return ResolvedDate("anchor", start, end, precision, "generated", day, "a generated anchor")


LAST_DAY = make_anchor("day", D.max)
ANCHORS = st.one_of(
    st.none(), st.builds(make_anchor, st.sampled_from(["day", "month", "year"]), REFERENCE_DATES)
)

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_WORDS = st.builds(
    str.__add__,
    st.sampled_from(sorted({*MONTH_NAMES, *MONTHS, "sept"})),
    st.sampled_from(["", "."]),
)
NUMBERS = st.one_of(
    st.sampled_from(list(NUMBER_WORDS)),
    st.integers(0, 99).map(str),
    st.integers(0, 9).map("0{}".format),
)
DAYS = st.one_of(st.integers(0, 99).map(str), st.integers(0, 9).map("0{}".format))
YEARS = st.one_of(
    st.integers(0, 9999).map("{:04d}".format),
    st.sampled_from(["0000", "0001", "9999", "10000", "999"]),
)
ISO_DATES = st.builds(
    "{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)
)
WEEKDAY_WORDS = st.sampled_from(WEEKDAYS)
FIXED_EXPRESSIONS = [
    "today",
    "this day",
    "yesterday",
    "this year",
    "in this year",
    "last year",
    "only last year",
    "in the last year",
    "last month",
    "the following day",
    "on the following day",
    "the next day",
    "this month",
    "earlier this month",
    "later this month",
    "next month",
    "next year",
]
WORDS = [
    *FIXED_EXPRESSIONS,
    "ago",
    "since",
    "before",
    "in",
    "for",
    "the",
    "last",
    "past",
    "on",
    "this",
    "after",
    "during",
    "year",
    "years",
    "-year",
    "-long",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "hiatus",
    "break",
    "pause",
    "gap",
    "following",
    "next",
    "later",
    "earlier",
    "previous",
    "same",
    "early",
    "mid-",
    "of",
    ",",
    ".",
    "-",
]


# One strategy per rule's shape, so that every rule fires often, on edge numbers and dates.
RULE_SHAPED = st.one_of(
    st.sampled_from(FIXED_EXPRESSIONS),
    st.builds("{}{} {}".format, _choice("", "on "), ISO_DATES, _choice("")).map(str.strip),
    st.builds("{} {}{} {}".format, MONTH_WORDS, DAYS, _choice("", ","), YEARS),
    st.builds(
        "{}{} {}{}".format,
        _choice("", "on ", "On the following day, ", "the next day, "),
        MONTH_WORDS,
        DAYS,
        _choice("", ", the following day"),
    ),
    st.builds("{}{}".format, _choice("", "in ", "since ", "during ", "the year "), YEARS),
    st.builds(
        "{}{}{}{} {}{}".format,
        _choice("", "in ", "for "),
        _choice("", "the "),
        _choice("", "last ", "past "),
        NUMBERS,
        _choice("year", "years"),
        _choice("", " ago", " since", " before"),
    ),
    st.builds(
        "{}{}{}{}{} {}".format,
        _choice("", "after "),
        _choice("", "a ", "an "),
        NUMBERS,
        _choice("-", " "),
        _choice("year", "years", "year-long"),
        _choice("hiatus", "break", "pause", "gap"),
    ),
    st.builds(
        "{} {} ago".format, NUMBERS, _choice("day", "days", "week", "weeks", "month", "months")
    ),
    st.builds("{}{}".format, _choice("", "on ", "last ", "this past "), WEEKDAY_WORDS),
    st.builds("{}{}{} {}".format, _choice("", "in "), MONTH_WORDS, _choice("", ",", " of"), YEARS),
    st.builds(
        "{}{}{}".format,
        _choice("", "in ", "since ", "by "),
        _choice("", "last ", "next ", "this ", "early ", "late ", "mid-"),
        MONTH_WORDS,
    ),
    st.builds(
        "{} {} {}".format,
        NUMBERS,
        _choice("day", "days", "week", "weeks", "month", "months", "year", "years"),
        _choice("later", "earlier", "after", "before"),
    ),
    st.builds(
        "{}the {} {}".format,
        _choice("", "on ", "in "),
        _choice("following", "next", "previous", "same"),
        _choice("day", "week", "month", "year"),
    ),
)
TOKEN_SOUP = st.lists(
    st.one_of(st.sampled_from(WORDS), MONTH_WORDS, NUMBERS, YEARS, ISO_DATES, WEEKDAY_WORDS),
    min_size=1,
    max_size=7,
).map(" ".join)
VOCABULARY_EXPRESSIONS = st.builds(
    lambda text, case, pad: pad + case(text).replace("'", "\u2019") + pad,
    st.one_of(RULE_SHAPED, TOKEN_SOUP),
    st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
    _choice("", " ", "  ", "\t", "\n"),
)

# Rules that speak of the past: never after the reference date, some strictly before it.
PAST_RULES = {
    "years_before_reference",
    "days_before_reference",
    "months_before_reference",
    "weekday_before_reference",
    "month_day_before_reference",
    "deictic_yesterday",
    "deictic_last_year",
    "deictic_last_month",
    "month_before_reference",
    "month_last",
}
STRICTLY_PAST_RULES = {
    "weekday_before_reference",
    "deictic_yesterday",
    "deictic_last_year",
    "deictic_last_month",
    "month_last",
}
# Rules that speak of the future: wholly after the reference date.
FUTURE_RULES = {
    "month_next",
    "deictic_next_month",
    "deictic_next_year",
    "weekday_after_reference",
}
# What a month or weekday named alone resolves to when its sentence speaks of the past, and
# what they turn into when it speaks of the future.
BACKWARD_BY_DEFAULT_RULES = {"month_before_reference", "weekday_before_reference"}
ANCHORED_RULES = {"duration_before_anchor", "day_after_anchor", "offset_from_anchor"}


def check_resolution(
    expression: str, reference_date: dt.date, anchor: ResolvedDate | None, is_future: bool = False
) -> ResolvedDate | None:
    """Resolve, and check the result's invariants; None when a DateResolutionError says why."""
    try:
        result = resolve_date_expression(expression, reference_date, anchor, is_future)
    except DateResolutionError as exc:
        assert f"'{expression}'" in str(exc), "the error does not name the expression"
        event("refused: DateResolutionError")
        return None
    event(f"rule: {result.rule}")
    assert isinstance(result, ResolvedDate)
    assert result.expression == expression
    assert result.reference_date == reference_date
    assert result.rule and result.explanation
    _check_interval_at_precision(result)
    _check_rule(result, reference_date, anchor)
    if anchor is not None and result.rule not in ANCHORED_RULES:
        # A rule that does not count from the anchor gives the same date without it.
        alone = resolve_date_expression(expression, reference_date, is_future=is_future)
        assert (alone.start, alone.end, alone.rule) == (result.start, result.end, result.rule)
    if not is_future and result.rule not in BACKWARD_BY_DEFAULT_RULES:
        # Only a month or weekday named alone depends on the sentence's tense.
        ahead = resolve_date_expression(expression, reference_date, anchor, is_future=True)
        assert (ahead.start, ahead.end, ahead.rule) == (result.start, result.end, result.rule)
    return result


def _check_interval_at_precision(result: ResolvedDate) -> None:
    """The interval is one whole day, month or year, labelled at its precision."""
    start, end = result.start, result.end
    assert start <= end
    if result.precision == "day":
        assert start == end
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result.label)
        assert result.label == start.isoformat()
    elif result.precision == "month":
        assert (start, end) == month_interval(start.year, start.month)
        assert result.label == f"{start.year:04d}-{start.month:02d}"
    else:
        assert result.precision == "year"
        assert (start, end) == year_interval(start.year)
        assert result.label == f"{start.year:04d}"


def _check_rule(result: ResolvedDate, ref: dt.date, anchor: ResolvedDate | None) -> None:
    """What the rule that fired promises: the past for the rules that look back, the day
    after for the anchored ones."""
    start, end = result.start, result.end
    if result.rule in PAST_RULES:
        assert start <= ref
        if result.precision == "day":
            assert end <= ref
    if result.rule in STRICTLY_PAST_RULES:
        assert end < ref
    if result.rule == "weekday_before_reference":
        assert 1 <= (ref - start).days <= 7
    if result.rule == "month_day_before_reference":
        # The latest such day on or before the reference date: a year later is after it.
        with contextlib.suppress(ValueError):  # no Feb 29 a year later, or no year 10000
            assert start.replace(year=start.year + 1) > ref
    if result.rule == "day_after_anchor":
        assert anchor is not None and anchor.precision == "day"
        assert start == anchor.start + dt.timedelta(days=1)
    if result.rule == "duration_before_anchor":
        assert anchor is not None and start.year <= anchor.start.year
    _check_month_and_offset_rules(result, ref, anchor)


def _check_month_and_offset_rules(
    result: ResolvedDate, ref: dt.date, anchor: ResolvedDate | None
) -> None:
    """The future for "next", the latest month for a month named alone, an anchor for an
    offset."""
    if result.rule in FUTURE_RULES:
        assert result.start > ref
    if result.rule == "month_before_reference":
        # The latest such month not after the reference month: a year later is after it.
        with contextlib.suppress(ValueError):  # no year 10000
            assert result.start.replace(year=result.start.year + 1) > ref
    if result.rule == "offset_from_anchor":
        assert anchor is not None
    if result.rule == "weekday_after_reference":
        assert 1 <= (result.start - ref).days <= 7
    if result.rule == "month_after_reference":
        # The first such month not before the reference month: a year earlier is before it.
        assert result.end >= ref
        with contextlib.suppress(ValueError):  # no year 0
            assert result.end.replace(year=result.end.year - 1) < ref


@examples(400)
@given(expression=st.text(), reference_date=REFERENCE_DATES, anchor=ANCHORS)
def test_resolver_on_any_text(
    expression: str, reference_date: dt.date, anchor: ResolvedDate | None
) -> None:
    """Any text resolves to a valid interval or a DateResolutionError naming it."""
    check_resolution(expression, reference_date, anchor)


@examples(1000)
@given(expression=VOCABULARY_EXPRESSIONS, reference_date=REFERENCE_DATES, anchor=ANCHORS)
# Inputs on which the resolver once raised ValueError or OverflowError, or labelled year 1 "1".
@example(expression="0000-00-00", reference_date=D(2017, 3, 3), anchor=None)
@example(expression="2017-02-30", reference_date=D(2017, 3, 3), anchor=None)
@example(expression="0000", reference_date=D(2017, 3, 3), anchor=None)
@example(expression="this year", reference_date=D.min, anchor=None)
@example(expression="0 month ago", reference_date=D.min, anchor=None)
@example(expression="a month ago", reference_date=D.min, anchor=None)
@example(expression="a day ago", reference_date=D.min, anchor=None)
@example(expression="yesterday", reference_date=D.min, anchor=None)
@example(expression="last year", reference_date=D.min, anchor=None)
@example(expression="last month", reference_date=D.min, anchor=None)
@example(expression="monday", reference_date=D.min, anchor=None)
@example(expression="12 years ago", reference_date=D(5, 1, 1), anchor=None)
@example(expression="the following day", reference_date=D.max, anchor=LAST_DAY)
@example(expression="Dec 31, the following day", reference_date=D.max, anchor=LAST_DAY)
@example(expression="a 2-year hiatus", reference_date=D.max, anchor=make_anchor("year", D.min))
@example(expression="On Feb. 29", reference_date=D(2017, 3, 3), anchor=None)
def test_resolver_on_its_vocabulary(
    expression: str, reference_date: dt.date, anchor: ResolvedDate | None
) -> None:
    """Text made of the resolver's own words, numbers, months, weekdays, years 0000-9999 and
    days 0-99, against any reference date and anchor: a valid interval or DateResolutionError.
    """
    check_resolution(expression, reference_date, anchor)


@examples(500)
@given(expression=VOCABULARY_EXPRESSIONS, reference_date=REFERENCE_DATES, anchor=ANCHORS)
@example(expression="december", reference_date=D.max, anchor=None)
@example(expression="monday", reference_date=D.max, anchor=None)
def test_resolver_on_its_vocabulary_in_a_sentence_about_the_future(
    expression: str, reference_date: dt.date, anchor: ResolvedDate | None
) -> None:
    """The same, for a sentence about the future: a month or weekday named alone turns
    forward; every other expression resolves as it does in the past tense."""
    result = check_resolution(expression, reference_date, anchor, is_future=True)
    if result is not None:
        assert result.rule != "month_before_reference"
        if result.rule == "weekday_before_reference":  # only "last Monday", "this past Monday"
            assert " ".join(expression.lower().split()).startswith(("last ", "this past "))
        past = check_resolution(expression, reference_date, anchor)
        if past is not None and past.rule not in BACKWARD_BY_DEFAULT_RULES:
            assert (past.start, past.end, past.rule) == (result.start, result.end, result.rule)


@examples(300)
@given(
    expression=VOCABULARY_EXPRESSIONS,
    anchor_expression=VOCABULARY_EXPRESSIONS,
    reference_date=REFERENCE_DATES,
)
def test_resolver_with_resolved_anchors(
    expression: str, anchor_expression: str, reference_date: dt.date
) -> None:
    """An anchor that the resolver itself produced works like any other anchor."""
    anchor = check_resolution(anchor_expression, reference_date, None)
    check_resolution(expression, reference_date, anchor)


# --- 2. The loaders -------------------------------------------------------------------------


def read_table(content: bytes, table_name: str) -> list[dict[str, Any]] | None:
    """Write ``content`` as a table file, read it back; None when a SchemaError refused it."""
    table = ALL_TABLES[table_name]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table.name}.yaml"
        path.write_bytes(content)
        with contextlib.suppress(SchemaError):
            read_yaml_file(path)
        rows = result_or_error(lambda: read_table_file(path, table), SchemaError)
    if rows is not None:
        check_rows(rows, table)
    return rows


@examples(150)
@given(table_name=TABLE_NAMES, content=ANY_BYTES)
@example(table_name="article", content=b"a: &a [*a]\n")
@example(table_name="article", content=b"- &a [&b [&c [*a]]]\n")
@example(table_name="article", content=b"a: &a [1, 2]\nb: [*a, *a, *a]\n")
@example(table_name="article", content=b"\xc2\x80")  # a character YAML does not allow
def test_loader_on_any_bytes(table_name: str, content: bytes) -> None:
    """Any bytes in a table file: valid records or a SchemaError."""
    read_table(content, table_name)


def nested_flow_sequences(depth: int, lines: int) -> bytes:
    """``lines`` list items, each a flow sequence nested ``depth`` levels: [[[...]]]."""
    return (b"- " + b"[" * depth + b"]" * depth + b"\n") * lines


@examples(30)
@given(content=st.builds(nested_flow_sequences, st.integers(0, 5000), st.integers(1, 50)))
@example(content=nested_flow_sequences(300, 40))  # pure-Python PyYAML: quadratic, 3 s
@example(content=b"[" * 1_000_000)
def test_loader_time_on_deep_nesting(content: bytes) -> None:
    """Flow sequences nested any number of levels: refused (or read) within a second."""
    read_table(content, "article")


def small_records(count: int) -> bytes:
    """A YAML list of ``count`` one-field mappings, nine bytes each."""
    return b"- {a: b}\n" * count


@settings(examples(10), deadline=None)
@given(content=st.integers(0, 300_000).map(small_records))
@example(content=small_records(80_000))
@example(content=small_records(MAX_YAML_BYTES // 9 + 1))
def test_loader_on_large_files(content: bytes) -> None:
    """A file of any size: read, or refused when over the cap (MAX_YAML_BYTES). No deadline:
    a file near the 2 MB cap holding nothing but tiny records takes seconds to read."""
    try:
        read_table(content, "article")
    except SchemaError as exc:
        assert len(content) <= MAX_YAML_BYTES or "more than" in str(exc)


@examples(200)
@given(content=YAML_LIKE_BYTES, table_name=TABLE_NAMES)
@on_unreadable_yaml("content", raising=ANY_ERROR, table_name="article")
def test_loader_on_yaml_like_bytes(content: bytes, table_name: str) -> None:
    """YAML syntax in any order (anchors, aliases, tags, complex keys): records or SchemaError."""
    read_table(content, table_name)


@examples(200)
@given(
    case=TABLE_NAMES.flatmap(lambda n: st.tuples(st.just(n), str_keyed_documents([n]).map(dump)))
)
def test_loader_on_generated_documents(case: tuple[str, bytes]) -> None:
    """Any YAML document with text keys at the top level: valid records or SchemaError."""
    name, content = case
    read_table(content, name)


@examples(100)
@given(
    case=TABLE_NAMES.flatmap(lambda n: st.tuples(st.just(n), any_keyed_documents([n]).map(dump)))
)
@example(case=("actors", b"actors:\nnull:\nfalse:\n"))
def test_loader_on_documents_with_keys_of_any_type(case: tuple[str, bytes]) -> None:
    """Top-level keys of mixed YAML types (null, bool, int, float, text): records or SchemaError."""
    name, content = case
    read_table(content, name)


def mutated_table_file(name: str) -> st.SearchStrategy[tuple[str, bytes]]:
    """A table's name and a file of its shipped records, mutated."""
    records = mutated_records(ALL_TABLES[name])
    return st.tuples(st.just(name), records.map(lambda records: dump({name: records})))


@examples(100)
@given(case=TABLE_NAMES.flatmap(mutated_table_file))
def test_loader_on_mutated_records(case: tuple[str, bytes]) -> None:
    """Valid records with fields dropped, added or retyped: valid records or SchemaError."""
    name, content = case
    read_table(content, name)


def frame_from(records: list[Any], nullable_types: bool) -> pd.DataFrame:
    """A DataFrame of records as pandas builds it, optionally with its nullable dtypes."""
    rows = [record if isinstance(record, dict) else {"value": record} for record in records]
    frame = pd.DataFrame.from_records(rows)
    return frame.convert_dtypes() if nullable_types else frame


@examples(200)
@given(data=st.data(), nullable_types=st.booleans())
def test_validate_frame_on_mutated_records(data: st.DataObject, nullable_types: bool) -> None:
    """A DataFrame of mutated records passes its table's declaration or raises SchemaError."""
    table = ALL_TABLES[data.draw(TABLE_NAMES)]
    records = data.draw(mutated_records(table))
    frame = frame_from(records, nullable_types)
    result_or_error(lambda: table.validate_frame(frame, "frame"), SchemaError)


def write_article(data_dir: Path, metadata: Any, text: bytes | None = None) -> None:
    """Replace the article's metadata file, and its text when given."""
    folder = paths.article_dir(ARTICLE_ID, data_dir)
    (folder / "metadata.yaml").write_bytes(dump({"article": metadata}))
    if text is not None:
        (folder / "article.txt").write_bytes(text)


@examples(100)
@given(data=st.data())
def test_load_article_with_mutated_metadata(data: st.DataObject) -> None:
    """Metadata with fields dropped, added or retyped (all but text_file, tested below):
    an Article whose text matches its checksum, or SchemaError."""
    metadata = data.draw(mutated_records(ARTICLE_METADATA))
    for record in metadata:
        if isinstance(record, dict) and isinstance(record.get("text_file"), str):
            record["text_file"] = "article.txt"
    with data_copy() as data_dir:
        write_article(data_dir, metadata)
        article = result_or_error(lambda: load_article(ARTICLE_ID, data_dir), SchemaError)
        if article is not None:
            check_article(article, data_dir)


@examples(100)
@given(text_file=st.one_of(NASTY, st.text(), st.integers(1, 400).map("a".__mul__)))
@example(text_file="\x00")
@example(text_file="a" * 256)
def test_load_article_with_any_text_file(text_file: str) -> None:
    """Any text_file in the metadata: the article in its own folder, or SchemaError."""
    metadata = copy.deepcopy(SHIPPED["article"])
    metadata[0]["text_file"] = text_file
    with data_copy() as data_dir:
        write_article(data_dir, metadata)
        article = result_or_error(lambda: load_article(ARTICLE_ID, data_dir), SchemaError)
        if article is not None:
            check_article(article, data_dir)


@st.composite
def edited_texts(draw: st.DrawFn) -> str:
    """The shipped article with one to three edits: text deleted, inserted or replaced."""
    text = SHIPPED_TEXT
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 200)))
        insert = draw(st.one_of(st.text(max_size=20), _choice("’", "'", "“", '"', "—", "  ")))
        text = text[:start] + insert + text[end:]
    return text


ARTICLE_TEXTS = st.one_of(
    edited_texts().map(lambda text: text.encode("utf-8")),
    # Text before the article moves every offset; text after it moves none.
    st.text(max_size=50).map(lambda text: (text + SHIPPED_TEXT).encode("utf-8")),
    st.text(max_size=50).map(lambda text: (SHIPPED_TEXT + text).encode("utf-8")),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
    st.binary(max_size=200),
)


@examples(40)
@given(text=ARTICLE_TEXTS, update_checksum=st.booleans())
def test_load_annotation_with_another_article_text(text: bytes, update_checksum: bool) -> None:
    """Another article text (checksum updated or not): an annotation whose offsets point at
    its spans in that text, or SchemaError."""
    metadata = copy.deepcopy(SHIPPED["article"])
    if update_checksum:
        metadata[0]["sha256"] = hashlib.sha256(text).hexdigest()
    with data_copy() as data_dir:
        write_article(data_dir, metadata, text)
        annotation = result_or_error(lambda: load_annotation(ARTICLE_ID, data_dir), SchemaError)
        if annotation is not None:
            check_annotation(annotation, data_dir)


DATA_FILES = sorted(key for key in FILES if not key.startswith("article/"))


@examples(60)
@given(data=st.data())
def test_load_annotation_with_one_table_replaced(data: st.DataObject) -> None:
    """One file of the annotation or of the public record replaced by its records mutated or
    reordered, the records of the other file of the same table (actors), a generated document
    or bytes: an annotation that passes its declaration and the record's rules, or
    SchemaError."""
    key = data.draw(st.sampled_from(DATA_FILES))
    table, shipped = FILES[key], SHIPPED_FILES[key]
    content = data.draw(
        st.one_of(
            mutated_records(table, shipped).map(lambda records: dump({table.name: records})),
            st.permutations(shipped).map(lambda records: dump({table.name: records})),
            mutated_records(table).map(lambda records: dump({table.name: records})),
            str_keyed_documents([table.name]).map(dump),
            ANY_BYTES,
        )
    )
    with data_copy() as data_dir:
        file_path(data_dir, key).write_bytes(content)
        annotation = result_or_error(lambda: load_annotation(ARTICLE_ID, data_dir), SchemaError)
        if annotation is not None:
            check_annotation(annotation, data_dir)


# --- 3. Parameters ----------------------------------------------------------------------------

DECLARED = declared_parameters()
HUGE_STRINGS = st.builds(
    str.__mul__, _choice("a", "../", "é", "😀", "x/", "'\n"), st.integers(100, 100_000)
)
ANY_PARAMETER_VALUES = st.one_of(
    NASTY,
    st.text(max_size=40),
    HUGE_STRINGS,
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dates(),
    st.binary(max_size=8),
)
ISO_TEXT = st.one_of(st.dates().map(dt.date.isoformat), ISO_DATES)
# Valid values, so that a set with a few values replaced reaches every check of the validator.
VALID_PARAMETERS: dict[str, st.SearchStrategy[Any]] = {
    "article_id": st.just(ARTICLE_ID),
    "reference_date": st.dates().map(dt.date.isoformat),
    "window_start": st.dates(max_value=D(2016, 12, 31)).map(dt.date.isoformat),
    "window_end": st.dates(min_value=D(2017, 1, 1)).map(dt.date.isoformat),
    "focus_actor": st.sampled_from(ACTOR_IDS),
    "include_context": st.booleans(),
    "data_dir": st.sampled_from(["", str(paths.DATA_DIR)]),
}
# data_dir values short enough for any file system (a name of at most 255 bytes).
SHORT_DATA_DIRS = st.one_of(
    st.sampled_from(["", str(paths.DATA_DIR), "data", "/nonexistent", "../"]),
    NASTY.filter(lambda value: len(value.encode("utf-8")) < 200),
    st.text(max_size=40),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
)
LONG_DATA_DIRS = st.one_of(HUGE_STRINGS, st.integers(200, 5000).map("d".__mul__))


@st.composite
def report_parameters(draw: st.DrawFn, data_dirs: st.SearchStrategy[Any]) -> dict[str, Any]:
    """Valid parameters with up to three of them replaced by any value of any type."""
    values = draw(st.fixed_dictionaries(VALID_PARAMETERS))
    for name in draw(st.sets(st.sampled_from(sorted(values)), max_size=3)):
        replacement = data_dirs if name == "data_dir" else st.one_of(ISO_TEXT, ANY_PARAMETER_VALUES)
        values[name] = draw(replacement)
    return values


VALID_WITH_LONG_DATA_DIR = st.builds(
    lambda values, data_dir: {**values, "data_dir": data_dir},
    st.fixed_dictionaries(VALID_PARAMETERS),
    LONG_DATA_DIRS,
)


def check_parameters(values: dict[str, Any]) -> ReportParameters | None:
    """Validate; a valid result holds the values given, parsed, and validates again as is."""
    params = result_or_error(lambda: validate_report_parameters(**values), ParameterError)
    if params is None:
        return None
    assert isinstance(params, ReportParameters)
    assert params.article_id == values["article_id"]
    assert params.focus_actor == values["focus_actor"]
    assert params.include_context is values["include_context"]
    assert params.reference_date.isoformat() == values["reference_date"]
    assert params.window_start < params.window_end
    assert (params.data_dir / "articles" / params.article_id).is_dir()
    assert validate_report_parameters(**params.as_dict()) == params
    return params


@examples(300)
@given(values=report_parameters(SHORT_DATA_DIRS))
def test_validate_parameters(values: dict[str, Any]) -> None:
    """Any value of any type for each parameter: ReportParameters or ParameterError."""
    check_parameters(values)


@examples(50)
@given(values=VALID_WITH_LONG_DATA_DIR)
@example(
    values={
        "article_id": ARTICLE_ID,
        "reference_date": "2017-03-03",
        "window_start": "2014-01-01",
        "window_end": "2017-12-31",
        "focus_actor": "gerasimov",
        "include_context": True,
        "data_dir": "d" * 256,
    }
)
def test_validate_parameters_with_long_data_dir(values: dict[str, Any]) -> None:
    """A data_dir longer than a file name may be: ParameterError, like any other bad folder."""
    check_parameters(values)


def parameter_sets(data_dirs: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the declared parameters (the rest take their defaults), valid or not, and
    maybe unknown names."""
    return st.builds(
        lambda values, kept, unknown: {
            **unknown,
            **{name: value for name, value in values.items() if name in kept},
        },
        report_parameters(data_dirs),
        st.sets(st.sampled_from(sorted(DECLARED))),
        st.dictionaries(st.text(max_size=10), ANY_PARAMETER_VALUES, max_size=2),
    )


def check_set(values: dict[str, Any]) -> list[str]:
    """check_parameter_set never raises; a set without problems validates."""
    problems = check_parameter_set(values, DECLARED, paths.DATA_DIR)
    assert isinstance(problems, list)
    assert all(isinstance(problem, str) and problem for problem in problems)
    if not problems:
        full = {name: values.get(name, p.default) for name, p in DECLARED.items()}
        assert check_parameters(full) is not None
    return problems


@examples(200)
@given(values=parameter_sets(SHORT_DATA_DIRS))
def test_check_parameter_set(values: dict[str, Any]) -> None:
    """Any names with any values: a list of problems (empty for a set that validates)."""
    check_set(values)


@examples(50)
@given(data_dir=LONG_DATA_DIRS)
@example(data_dir="d" * 256)
def test_check_parameter_set_with_long_data_dir(data_dir: str) -> None:
    """A data_dir longer than a file name may be: listed as a problem, never raised."""
    check_set({"data_dir": data_dir})


ACTORS_FILE_KEYS = ["annotation/actors", "record/actors"]


@contextlib.contextmanager
def data_dir_with_actors(content: bytes, key: str = "annotation/actors") -> Iterator[Path]:
    """A data folder holding the article's folder and both actors.yaml files: ``content`` as
    the one of ``key``, the shipped records as the other."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        paths.article_dir(ARTICLE_ID, data).mkdir(parents=True)
        for other in ACTORS_FILE_KEYS:
            path = file_path(data, other)
            path.parent.mkdir(parents=True)
            shipped = dump({"actors": SHIPPED_FILES[other]})
            path.write_bytes(content if other == key else shipped)
        yield data


ACTORS_FILES = st.one_of(
    mutated_records(ACTORS).map(lambda records: dump({"actors": records})),
    str_keyed_documents(["actors"]).map(dump),
    ANY_BYTES,
)


@examples(50)
@given(
    content=ACTORS_FILES,
    key=st.sampled_from(ACTORS_FILE_KEYS),
    focus_actor=st.sampled_from(ACTOR_IDS),
)
def test_check_parameter_set_with_generated_actors(
    content: bytes, key: str, focus_actor: str
) -> None:
    """A data folder whose actors.yaml (the article's or the record's) is generated: a list
    of problems, never an exception."""
    with data_dir_with_actors(content, key) as data_dir:
        check_set({"data_dir": str(data_dir), "focus_actor": focus_actor})


@examples(100)
@given(
    content=st.one_of(YAML_LIKE_BYTES, any_keyed_documents(["actors"]).map(dump)),
    key=st.sampled_from(ACTORS_FILE_KEYS),
)
@on_unreadable_yaml(
    "content", raising=(TypeError, KeyError, AttributeError), key=ACTORS_FILE_KEYS[0]
)
@example(content=b"actors:\nnull:\nfalse:\n", key=ACTORS_FILE_KEYS[0])
@example(content=b"actors:\nnull:\nfalse:\n", key=ACTORS_FILE_KEYS[1])
def test_check_parameter_set_with_yaml_like_actors(content: bytes, key: str) -> None:
    """Either actors.yaml of YAML syntax in any order, or keys of any type: problems, never
    raised."""
    with data_dir_with_actors(content, key) as data_dir:
        check_set({"data_dir": str(data_dir), "focus_actor": "gerasimov"})


PARAMETER_VALUES = st.one_of(*VALID_PARAMETERS.values(), ANY_PARAMETER_VALUES, STR_KEYED_VALUES)
PARAMETER_SET = st.dictionaries(
    st.one_of(st.sampled_from(list(DECLARED)), STR_KEYS), PARAMETER_VALUES, max_size=4
)
GRIDS = st.dictionaries(
    st.one_of(st.sampled_from(list(DECLARED)), STR_KEYS),
    st.one_of(st.lists(PARAMETER_VALUES, max_size=4), PARAMETER_VALUES),
    max_size=4,
)
BATCH_DOCUMENTS = st.one_of(
    st.lists(st.one_of(PARAMETER_SET, STR_KEYED_VALUES), max_size=4),
    st.fixed_dictionaries(
        {},
        optional={
            "defaults": st.one_of(PARAMETER_SET, STR_KEYED_VALUES),
            "grid": st.one_of(GRIDS, STR_KEYED_VALUES),
            "sets": st.one_of(st.lists(PARAMETER_SET, max_size=4), STR_KEYED_VALUES),
        },
    ),
    str_keyed_documents(["defaults", "grid", "sets"]),
)


def read_sets(content: bytes) -> list[dict[str, Any]] | None:
    """Write ``content`` as a parameter file and read it; None when a BatchError refused it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sets.yaml"
        path.write_bytes(content)
        sets = result_or_error(lambda: read_parameter_sets(path), BatchError)
    if sets is not None:
        assert isinstance(sets, list) and sets
        assert all(isinstance(entry, dict) for entry in sets)
    return sets


@examples(200)
@given(case=BATCH_DOCUMENTS.map(lambda document: (document, dump(document))))
def test_read_parameter_sets_on_generated_files(case: tuple[Any, bytes]) -> None:
    """A generated parameter file: its sets (a grid gives the product of its lists), or
    BatchError."""
    document, content = case
    sets = read_sets(content)
    if sets is not None and isinstance(document, dict) and set(document) <= {"grid", "sets"}:
        grid = document.get("grid") or {}
        expected = len(document.get("sets") or []) + (
            math.prod(len(values) for values in grid.values()) if grid else 0
        )
        assert len(sets) == expected


@examples(150)
@given(content=ANY_BYTES)
def test_read_parameter_sets_on_any_bytes(content: bytes) -> None:
    """Any bytes as a parameter file: sets or BatchError."""
    read_sets(content)


@examples(100)
@given(content=any_keyed_documents(["defaults", "grid", "sets"]).map(dump))
@example(content=b"null:\nfalse:\n")
def test_read_parameter_sets_with_keys_of_any_type(content: bytes) -> None:
    """Top-level keys of mixed YAML types: sets or BatchError."""
    read_sets(content)


@examples(150)
@given(content=YAML_LIKE_BYTES)
@on_unreadable_yaml("content", raising=ANY_ERROR)
def test_read_parameter_sets_on_yaml_like_bytes(content: bytes) -> None:
    """YAML syntax in any order as a parameter file: sets or BatchError."""
    read_sets(content)
