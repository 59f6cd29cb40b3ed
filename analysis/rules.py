"""Rules that span tables: what a verdict must rest on, and what it must say.

Each rule raises a :class:`~analysis.schema.SchemaError` naming the file, the record, the field
and the value, like any other problem in the data. They run after the tables are read, their
references checked and their spans located (see :func:`analysis.load.load_annotation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from analysis.schema import SchemaError, Table, field_values
from analysis.tables import ANNOTATION_TABLES, ESTABLISHED_SOURCE_KINDS
from analysis.verdicts import BY_NAME

Records = Mapping[str, Sequence[Mapping[str, Any]]]

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
# Where the loader leaves the character range a check covers (see load._locate_spans).
CHECKED_START, CHECKED_END = "_checked_start", "_checked_end"


def check_rules(
    record: Records, record_files: Mapping[str, str], own: Records, own_files: Mapping[str, str]
) -> None:
    """Run every rule on the record's tables and one article's; the files name each table's
    file for messages."""
    sources = {row["source_id"]: row for row in record["sources"]}
    for index, check in enumerate(own["checks"]):
        where = {"record": index, "record_id": check["check_id"]}
        require_established_source(check, sources, own_files["checks"], where)
        require_announcement_caveat(check, sources, own_files["checks"], where)
    require_contested_links(own["checks"], own["contested"], own_files["checks"])
    urls = {row["url"] for row in record["sources"]}
    require_urls_as_sources(record, record_files, urls)
    require_urls_as_sources(own, own_files, urls)


def require_established_source(
    check: Mapping[str, Any],
    sources: Mapping[str, Mapping[str, Any]],
    file: str,
    where: dict[str, Any],
) -> None:
    """A verdict other than 'unconfirmed' needs a primary, wire or newspaper source."""
    verdict = BY_NAME[check["verdict"]]
    if not verdict.needs_established_source:
        return
    kinds = [sources[c["source_id"]]["kind"] for c in check["citations"]]
    if not any(kind in ESTABLISHED_SOURCE_KINDS for kind in kinds):
        raise SchemaError(
            file,
            f"verdict '{verdict.name}' needs at least one citation of a "
            f"{', '.join(ESTABLISHED_SOURCE_KINDS)} source (cited: {', '.join(kinds)})",
            **where,
            field="citations",
            value=[c["source_id"] for c in check["citations"]],
            has_value=True,
        )


def require_announcement_caveat(
    check: Mapping[str, Any],
    sources: Mapping[str, Mapping[str, Any]],
    file: str,
    where: dict[str, Any],
) -> None:
    """A check that cites a page written before its event must say so in its caveat."""
    announcements = [
        c["source_id"] for c in check["citations"] if sources[c["source_id"]]["is_announcement"]
    ]
    if announcements and "announce" not in (check["caveat"] or "").lower():
        raise SchemaError(
            file,
            f"cites an announcement ({', '.join(announcements)}): the caveat must say that the "
            "verdict relies on an announcement made before the event",
            **where,
            field="caveat",
            value=check["caveat"],
            has_value=True,
        )


def require_contested_links(
    checks: Sequence[Mapping[str, Any]], contested: Sequence[Mapping[str, Any]], file: str
) -> None:
    """Checked words that take in disputed wording link its entry, so the reader sees both."""
    for index, check in enumerate(checks):
        start, end = check[CHECKED_START], check[CHECKED_END]
        for entry in contested:
            overlaps = entry["span_start"] < end and start < entry["span_end"]
            linked = entry["contested_id"] in check["contested_ids"]
            if entry["claim_id"] == check["claim_id"] and overlaps and not linked:
                raise SchemaError(
                    file,
                    f"the checked words take in the wording that contested entry "
                    f"'{entry['contested_id']}' disputes ({entry['span']!r}): list it in "
                    "contested_ids, or narrow checked_wording",
                    record=index,
                    record_id=check["check_id"],
                    field="contested_ids",
                    value=check["contested_ids"],
                    has_value=True,
                )


def require_urls_as_sources(records: Records, files: Mapping[str, str], known: set[str]) -> None:
    """Every URL written in the data is a source of the record, cited by id elsewhere."""
    for name, rows in records.items():
        table = ANNOTATION_TABLES[name]
        for index, row in enumerate(rows):
            for field, url in _urls(table, row):
                if name == "sources" and field == "url":
                    continue
                if url not in known:
                    raise SchemaError(
                        files.get(name, name),
                        "a URL that is not a source of the record: add it to the record's "
                        "sources.yaml and cite it by source_id",
                        record=index,
                        record_id=str(row[table.key]),
                        field=field,
                        value=url,
                        has_value=True,
                    )


def _urls(table: Table, row: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field as named in a message, URL) of every URL in a record's text, nested included."""
    for name, _, value in field_values(table, row):
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                for match in _URL.finditer(text):
                    yield name, match.group().rstrip(".,;:")
