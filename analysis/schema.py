"""Declarative table schemas: each table is declared once and validates both files and frames.

A :class:`Table` lists its :class:`Field` s (type, required, allowed values, references to
other tables) and its key. ``Table.validate_records`` checks records read from a file,
``Table.validate_frame`` checks a DataFrame against the same declaration. Every problem is
raised as a :class:`SchemaError` naming the file, the record, the field and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

# Defined with the project's other errors; still importable from here, where they began.
from analysis.errors import SchemaError as SchemaError
from analysis.errors import short_repr as short_repr

FieldType = Literal[
    "id",
    "str",
    "text",
    "int",
    "bool",
    "date",
    "url",
    "id_list",
    "url_list",
    "str_list",
    "bool_list",
    "date_list",
    "records",
]
_LIST_ITEM_TYPES = {
    "id_list": "id",
    "url_list": "url",
    "str_list": "str",
    "bool_list": "bool",
    "date_list": "date",
}
# A list of names may not hold one twice; flags or days of several things may repeat.
_UNIQUE_LISTS = ("id_list", "url_list", "str_list")

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_\-]{0,79}")
_URL_PATTERN = re.compile(r"https?://[^\s<>\"']+")
_MAX_TEXT = 20_000  # longer than any paragraph of a news article; guards against junk input


@dataclass(frozen=True)
class Field:
    """One column of a table: its type, whether it is required, and what it may hold."""

    name: str
    type: FieldType
    description: str
    required: bool = True
    allowed: tuple[str, ...] | None = None
    references: str | None = None  # "table.field" that every value must exist in
    min_items: int = 0  # for list fields
    item: Table | None = None  # for "records": the declaration each item of the list follows

    @property
    def is_list(self) -> bool:
        return self.type.endswith("_list") or self.type == "records"


@dataclass(frozen=True)
class Table:
    """A table's declaration: its fields, its key and the rules that span fields."""

    name: str
    description: str
    key: str  # "" for a table with no one-field key (a contact's edges share its id)
    fields: tuple[Field, ...]
    # (start field, end field) pairs: an interval may not end before it starts.
    intervals: tuple[tuple[str, str], ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def validate_records(self, records: Any, source: str) -> list[dict[str, Any]]:
        """Check raw records (as read from YAML) and return them normalised.

        Dates become ``datetime.date``, missing optional fields become ``None`` (lists: ``[]``).
        Raises :class:`SchemaError` at the first problem.
        """
        if not isinstance(records, list):
            raise SchemaError(
                source,
                f"expected a list of '{self.name}' records, got {type(records).__name__}",
            )
        normalised: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            row = self._validate_record(record, index, source)
            if not self.key:
                normalised.append(row)
                continue
            key_value = row[self.key]
            if key_value in seen:
                raise SchemaError(
                    source,
                    f"duplicate {self.key}: already used by record {seen[key_value]}",
                    record=index,
                    record_id=key_value,
                    field=self.key,
                    value=key_value,
                    has_value=True,
                )
            seen[key_value] = index
            normalised.append(row)
        return normalised

    def validate_frame(self, frame: pd.DataFrame, source: str) -> None:
        """Check a DataFrame against the same declaration used for files."""
        missing = [name for name in self.field_names if name not in frame.columns]
        if missing:
            raise SchemaError(source, f"missing columns {missing} for table '{self.name}'")
        int_fields = {f.name for f in self.fields if f.type == "int"}
        records = [
            {
                name: _from_frame_value(row[name], is_int=name in int_fields)
                for name in self.field_names
            }
            for row in frame.to_dict(orient="records")
        ]
        self.validate_records(records, source)

    def _validate_record(self, record: Any, index: int, source: str) -> dict[str, Any]:
        """One record checked field by field, then its intervals; normalised as a row."""
        record_id = self._check_mapping(record, index, source)
        row = {
            f.name: self._validate_field(f, record.get(f.name), index, record_id, source)
            for f in self.fields
        }
        self._check_intervals(row, index, record_id, source)
        return row

    def _check_mapping(self, record: Any, index: int, source: str) -> str | None:
        """The record's key if it is text, once the record is known to be a mapping of this
        table's fields."""
        if not isinstance(record, Mapping):
            raise SchemaError(
                source,
                f"expected a mapping of fields, got {type(record).__name__}",
                record=index,
                value=record,
                has_value=True,
            )
        raw_id = record.get(self.key)
        record_id = raw_id if isinstance(raw_id, str) else None
        unknown = sorted(set(map(str, record)) - set(self.field_names))
        if unknown:
            raise SchemaError(
                source,
                f"unknown field for table '{self.name}' (known: {', '.join(self.field_names)})",
                record=index,
                record_id=record_id,
                field=unknown[0],
            )
        return record_id

    def _validate_field(
        self, f: Field, value: Any, index: int, record_id: str | None, source: str
    ) -> Any:
        """One field's value as its type: None (a list: []) when it is missing and may be."""
        if value is None or value == "" or (isinstance(value, list) and not value):
            if f.required and not (f.is_list and f.min_items == 0):
                raise SchemaError(
                    source,
                    "missing required field",
                    record=index,
                    record_id=record_id,
                    field=f.name,
                )
            return [] if f.is_list else None
        if f.type == "records":
            return self._validate_items(f, value, index, record_id, source)
        try:
            return _coerce(f, value)
        except ValueError as exc:
            raise SchemaError(
                source,
                str(exc),
                record=index,
                record_id=record_id,
                field=f.name,
                value=value,
                has_value=True,
            ) from None

    def _check_intervals(
        self, row: Mapping[str, Any], index: int, record_id: str | None, source: str
    ) -> None:
        """Refuse an interval of the row that ends before it starts."""
        for start_field, end_field in self.intervals:
            start, end = row[start_field], row[end_field]
            if start is not None and end is not None and end < start:
                raise SchemaError(
                    source,
                    f"ends before it starts ({start_field} {start.isoformat()})",
                    record=index,
                    record_id=record_id,
                    field=end_field,
                    value=end.isoformat(),
                    has_value=True,
                )

    def _validate_items(
        self, f: Field, value: Any, index: int, record_id: str | None, source: str
    ) -> list[dict[str, Any]]:
        """A list of nested records (a check's citations, say), each checked against ``f.item``.

        A problem is named as ``field 'citations[2].says'``: the list, the item (1-based) and
        its field.
        """
        assert f.item is not None, f"field {f.name!r} of type 'records' declares no item"
        where = {"record": index, "record_id": record_id}
        if not isinstance(value, list):
            raise SchemaError(
                source,
                f"expected a list, got {type(value).__name__}",
                **where,
                field=f.name,
                value=value,
                has_value=True,
            )
        if len(value) < f.min_items:
            raise SchemaError(
                source, f"expected at least {f.min_items} item(s)", **where, field=f.name
            )
        items: list[dict[str, Any]] = []
        for position, item in enumerate(value, start=1):
            try:
                items.append(f.item._validate_record(item, position, source))
            except SchemaError as exc:
                inner = f"{f.name}[{position}]" + (f".{exc.field}" if exc.field else "")
                raise SchemaError(
                    source,
                    exc.problem,
                    **where,
                    field=inner,
                    value=exc.value,
                    has_value=exc.has_value,
                ) from None
        return items


def _coerce(f: Field, value: Any) -> Any:
    """Return ``value`` as the field's type, or raise ValueError saying what is wrong."""
    if f.type.endswith("_list"):
        return _coerce_list(f, value)
    if (coerce_scalar := _SCALARS.get(f.type)) is not None:
        return coerce_scalar(value)
    return _coerce_text(f, value)


def _coerce_list(f: Field, value: Any) -> list[Any]:
    """A list field's items, each as the list's item type; a list of names none twice."""
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    if len(value) < f.min_items:
        raise ValueError(f"expected at least {f.min_items} item(s)")
    item_type = _LIST_ITEM_TYPES[f.type]
    item_field = Field(f.name, item_type, f.description, allowed=f.allowed)  # type: ignore[arg-type]
    items = [_coerce(item_field, item) for item in value]
    if f.type in _UNIQUE_LISTS and len(set(items)) != len(items):
        raise ValueError("list holds the same item twice")
    return items


def _coerce_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _coerce_int(value: Any) -> int:
    # A bool is an int to Python, never to the annotation.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    return value


def _coerce_text(f: Field, value: Any) -> str:
    """A text field's value (id, url, str or text), checked against its form and length."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    if f.type == "id" and not ID_PATTERN.fullmatch(value):
        raise ValueError("expected an id of lower-case letters, digits, '_' or '-'")
    if f.type == "url" and not _URL_PATTERN.fullmatch(value):
        raise ValueError("expected an http(s) URL")
    if f.type in {"str", "text"} and len(value) > _MAX_TEXT:
        raise ValueError(f"text longer than {_MAX_TEXT} characters")
    if f.type == "str" and len(value.strip().splitlines()) > 1:  # any line break, not only \n
        raise ValueError("expected a single line of text")
    if f.allowed is not None and value not in f.allowed:
        raise ValueError(f"not one of the allowed values: {', '.join(f.allowed)}")
    return value


def parse_iso_date(value: Any) -> dt.date:
    """Parse ``YYYY-MM-DD`` strictly, refusing impossible dates.

    >>> parse_iso_date("2017-03-03")
    datetime.date(2017, 3, 3)
    >>> parse_iso_date("2017-02-30")
    Traceback (most recent call last):
    ...
    ValueError: impossible date '2017-02-30': day is out of range for month
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"impossible date '{value}': {exc}") from None


# The scalar types that are not text, each with its check.
_SCALARS: dict[str, Callable[[Any], Any]] = {
    "bool": _coerce_bool,
    "int": _coerce_int,
    "date": parse_iso_date,
}


def _from_frame_value(value: Any, is_int: bool = False) -> Any:
    """Turn a DataFrame cell back into the plain value a file record would hold.

    A whole number in a float column (pandas makes one of an int column with a gap) is the
    int it was.
    """
    if is_int and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, (list, tuple)):
        return list(value)
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def check_references(
    tables: Mapping[str, Table],
    records: Mapping[str, Sequence[Mapping[str, Any]]],
    sources: Mapping[str, str],
    extra_keys: Mapping[str, set[str]] | None = None,
) -> None:
    """Check that every ``references`` field points at an existing key.

    ``records`` and ``sources`` are keyed by table name; ``sources`` gives the file name used
    in error messages. ``extra_keys`` are keys of tables read elsewhere (the public record,
    for an article's annotation), by table name.
    """
    keys: dict[str, set[str]] = {name: set(ids) for name, ids in (extra_keys or {}).items()}
    for name, table in tables.items():
        keys.setdefault(name, set()).update(str(r[table.key]) for r in records.get(name, []))
    for name, table in tables.items():
        for index, record in enumerate(records.get(name, [])):
            for field_name, value, target in _references_of(table, record):
                target_table, _, _ = target.partition(".")
                if value is not None and value not in keys.get(target_table, set()):
                    raise SchemaError(
                        sources[name],
                        f"unknown {target_table} id: no such {target}",
                        record=index,
                        record_id=str(record[table.key]),
                        field=field_name,
                        value=value,
                        has_value=True,
                    )


def field_values(table: Table, record: Mapping[str, Any]) -> Iterator[tuple[str, Field, Any]]:
    """(field as named in a message, its declaration, value) of every field of one record,
    those of its nested items included: ``citations[2].says``."""
    for f in table.fields:
        value = record.get(f.name)
        if f.type == "records" and f.item is not None:
            for position, item in enumerate(value or [], start=1):
                for inner, field, inner_value in field_values(f.item, item):
                    yield f"{f.name}[{position}].{inner}", field, inner_value
        else:
            yield f.name, f, value


def _references_of(table: Table, record: Mapping[str, Any]) -> Iterator[tuple[str, Any, str]]:
    """(field as named in a message, value, "table.field" it must exist in) of one record,
    the fields of its nested items included."""
    for name, f, value in field_values(table, record):
        if f.references is not None:
            for one in (value if f.is_list else [value]) or []:
                yield name, one, f.references
