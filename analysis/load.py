"""Load an article and its annotation into validated DataFrames.

Everything read here is treated as untrusted: YAML is parsed without object construction and
without implicit dates, duplicate keys are refused, ids are checked before they become paths,
and each file is validated against its declaration in :mod:`analysis.tables`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis import paths, rules
from analysis.errors import SchemaError, one_line, short_repr
from analysis.schema import ID_PATTERN, Table, check_references
from analysis.tables import (
    ACTORS,
    ANNOTATION_TABLES,
    ARTICLE_METADATA,
    ARTICLE_TABLES,
    RECORD_TABLES,
)

MAX_FILE_BYTES = 5_000_000  # far above any article; refuses runaway input
# An annotation of 2,000 claims is about 0.6 MB; a YAML file is parsed at some MB a second.
MAX_YAML_BYTES = 2_000_000
# YAML aliases may repeat nodes, but add no more than this many in all: a document whose
# aliases expand exponentially ("billion laughs") is refused before it is built.
MAX_ALIAS_EXPANSION = 10_000
MAX_YAML_DEPTH = 50  # nesting levels; the annotation needs four
# Control characters that no article or annotation text holds: their presence means binary data.
_FILE_NAME = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,99}")  # a plain name, never a path
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML without implicit timestamps (dates stay text until the schema parses them).

    libyaml's parser when PyYAML was built with it (about five times faster on a large
    annotation); the same safe constructor either way.
    """


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping_without_duplicates(
    loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {short_repr(key)}", key_node.start_mark
            )
        keys.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_without_duplicates
)
# Dates stay text even when tagged, for the schema to parse (and refuse) like any other.
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@dataclass(frozen=True)
class Article:
    """An article's verbatim text and its provenance record."""

    article_id: str
    text: str
    metadata: dict[str, Any]
    path: Path


@dataclass(frozen=True)
class Annotation:
    """An article with its annotation and the public record, as DataFrames (offsets computed).

    ``actors`` holds the record's actors and the article's own; ``phases``, ``record_events``
    and ``sources`` are the record's, shared by every article.
    """

    article: Article
    actors: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    phases: pd.DataFrame
    record_events: pd.DataFrame
    checks: pd.DataFrame
    contested: pd.DataFrame
    sources: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        """The DataFrame of table ``name``."""
        return getattr(self, name)


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file, refusing missing, empty, oversized or binary input clearly."""
    if not path.is_file():
        problem = "is a folder, not a file" if path.is_dir() else "file not found"
        raise SchemaError(str(path), problem)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SchemaError(str(path), f"file is {size} bytes, more than {MAX_FILE_BYTES}")
    raw = path.read_bytes()
    if not raw.strip():
        raise SchemaError(str(path), "file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SchemaError(
            str(path), "UTF-16 text (it starts with a byte order mark); save it as UTF-8"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(
            str(path),
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
            "(save the file as UTF-8)",
        ) from None
    if match := _CONTROL_CHARACTERS.search(text):
        raise SchemaError(
            str(path),
            f"binary data, not text: control character U+{ord(match.group()):04X} "
            f"at offset {match.start()}",
        )
    return text


def read_yaml_file(path: Path) -> Any:
    """Parse an untrusted YAML file: no object tags, no duplicate keys, dates left as text.

    Files are capped at :data:`MAX_YAML_BYTES`. In a document with aliases, they may not
    expand it by more than :data:`MAX_ALIAS_EXPANSION` nodes, nor nest it deeper than
    :data:`MAX_YAML_DEPTH` levels: both are checked on the parsed node graph, before any
    value is built. Whatever the parser or a tag's constructor raises comes back as a
    :class:`SchemaError`.
    """
    source = str(path)
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_YAML_BYTES:
        raise SchemaError(source, f"file is {size} bytes, more than {MAX_YAML_BYTES}")
    text = read_text_file(path)
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # an alias needs a '*'; without one, no node is shared
            _check_node_graph(node, source)
        return loader.construct_document(node)
    except SchemaError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise SchemaError(source, f"not valid YAML: {_describe_yaml_error(exc, text)}") from None
    except yaml.YAMLError as exc:
        raise SchemaError(source, f"not valid YAML: {one_line(exc)}") from None
    except RecursionError:
        raise SchemaError(source, f"nested more than {MAX_YAML_DEPTH} levels deep") from None
    except Exception as exc:  # PyYAML's constructors raise whatever their conversion raises
        # A well-formed document that no value can be built from: an explicit tag on the
        # wrong kind of node ("!!int a", "!!map [a]") or a list used as a mapping key.
        raise SchemaError(
            source, f"not valid YAML: cannot build a value ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's several-line error as one line: the problem, where it is, and the character
    found there (libyaml's messages leave it out: a tab is the usual culprit)."""
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
    if exc.context and exc.problem and exc.context not in problem:
        problem += f" ({' '.join(exc.context.split())})"
    if mark and "character" in problem and "'" not in problem:
        lines = text.splitlines()
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            problem += f" (found {lines[mark.line][mark.column]!r})"
    return where + problem


def _check_node_graph(root: yaml.Node, source: str) -> None:
    """Refuse alias bombs, recursive aliases and deep nesting, counting nodes, never expanding.

    Each node's expanded size and height are computed once (a node reached by many aliases is
    counted from memory), so a document of a billion expanded nodes is measured in
    microseconds, and a deep subtree reached through an alias counts at its full depth.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    deepest_line: dict[int, int] = {}  # where a node's deepest descendant is, to point at it
    on_path: set[int] = set()
    unique = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, is_done = stack.pop()
        key = id(node)
        children = _child_nodes(node)
        if is_done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            deepest = max(children, key=lambda child: heights[id(child)], default=None)
            heights[key] = 1 + (heights[id(deepest)] if deepest is not None else 0)
            deepest_line[key] = (
                deepest_line[id(deepest)] if deepest is not None else node.start_mark.line + 1
            )
            if heights[key] > MAX_YAML_DEPTH:
                raise SchemaError(
                    source,
                    f"nested more than {MAX_YAML_DEPTH} levels deep (at line {deepest_line[key]})",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise SchemaError(source, "a YAML alias refers to a node that contains it")
        unique += 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    added = sizes[id(root)] - unique
    if added > MAX_ALIAS_EXPANSION:
        raise SchemaError(
            source,
            f"YAML aliases expand the document by {added} nodes, more than "
            f"{MAX_ALIAS_EXPANSION}; write the values out instead",
        )


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def read_table_file(path: Path, table: Table) -> list[dict[str, Any]]:
    """Read one YAML file holding ``{table.name: [records]}`` and validate its records."""
    document = read_yaml_file(path)
    if not isinstance(document, dict) or table.name not in document:
        raise SchemaError(str(path), f"expected a top-level key '{table.name}'")
    extra = sorted(str(key) for key in document if key != table.name)
    if extra:
        raise SchemaError(str(path), f"unexpected top-level keys {short_repr(extra)}")
    records = document[table.name]
    if records is None:
        records = []
    return table.validate_records(records, str(path))


def check_id(value: str, what: str) -> str:
    """Refuse an id that is not a plain name, before it is used to build a path.

    >>> check_id("rbth-2017-03-06-military-talks", "article_id")
    'rbth-2017-03-06-military-talks'
    >>> check_id("../etc", "article_id")
    Traceback (most recent call last):
    ...
    ValueError: article_id: expected an id of lower-case letters, digits, '_' or '-' \
(value: '../etc')
    """
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"{what}: expected an id of lower-case letters, digits, '_' or '-' (value: {value!r})"
        )
    return value


def load_article(article_id: str, data_dir: Path = paths.DATA_DIR) -> Article:
    """Load an article's text and metadata, checking the text against its checksum."""
    check_id(article_id, "article_id")
    folder = paths.article_dir(article_id, data_dir)
    meta_path = folder / "metadata.yaml"
    if not meta_path.is_file():
        raise SchemaError(str(meta_path), f"no metadata file for article '{article_id}'")
    [metadata] = _single_record(read_table_file(meta_path, ARTICLE_METADATA), meta_path)

    def refuse(field: str, problem: str) -> SchemaError:
        return SchemaError(
            str(meta_path), problem, record=0, field=field, value=metadata[field], has_value=True
        )

    if metadata["article_id"] != article_id:
        raise refuse("article_id", f"article_id does not match its folder '{article_id}'")
    if not _FILE_NAME.fullmatch(metadata["text_file"]):
        raise refuse("text_file", "expected the name of a file in the article's folder")
    text_path = folder / metadata["text_file"]
    # Read once: the checksum is taken over the same bytes that are decoded.
    text = read_text_file(text_path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != metadata["sha256"]:
        raise refuse(
            "sha256",
            f"checksum does not match {text_path.name} (computed {digest}); raw text is immutable",
        )
    return Article(article_id, text, metadata, text_path)


def _single_record(records: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    if len(records) != 1:
        raise SchemaError(str(path), f"expected exactly one record, found {len(records)}")
    return records


def locate_span(
    text: str,
    span: str,
    *,
    occurrence: int | None,
    source: str,
    record: int,
    record_id: str,
    field: str,
    offset: int = 0,
    not_found: str | None = None,
) -> tuple[int, int]:
    """Find ``span`` verbatim in ``text`` and return its (start, end) offsets plus ``offset``.

    A span found more than once needs ``occurrence``. A span not found is reported as
    ``not_found`` says, or by default as not in the article, with a hint when it differs from
    the text only in quote marks or spacing.
    """
    starts: list[int] = []
    position = text.find(span)
    while position != -1:
        starts.append(position)
        position = text.find(span, position + 1)

    def fail(problem: str) -> SchemaError:
        return SchemaError(
            source,
            problem,
            record=record,
            record_id=record_id,
            field=field,
            value=span,
            has_value=True,
        )

    if not starts:
        raise fail(not_found or _not_in_article(text, span))
    if occurrence is None:
        if len(starts) > 1:
            raise fail(f"span occurs {len(starts)} times; set the occurrence field")
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise fail(f"occurrence {occurrence} asked, but the span occurs {len(starts)} time(s)")
    start = starts[occurrence - 1]
    return offset + start, offset + start + len(span)


def _not_in_article(text: str, span: str) -> str:
    hint = ""
    if _loosen(span) in _loosen(text):
        hint = " (it differs from the article only in quote marks, dashes or spacing)"
    return f"span is not in the article verbatim{hint}"


def _loosen(text: str) -> str:
    table = str.maketrans(
        {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    )
    return " ".join(text.translate(table).split())


def load_annotation(article_id: str, data_dir: Path = paths.DATA_DIR) -> Annotation:
    """Load an article, its annotation and the public record, validated and with offsets.

    The result is cached by the files' size and modification time, so a batch that reports
    on one article many times in one process (or one warm kernel) reads it once; each call
    gets its own copy of the frames.
    """
    check_id(article_id, "article_id")
    stamp = tuple(
        (str(p), p.stat().st_size, p.stat().st_mtime_ns)
        for folder in paths.input_dirs(article_id, data_dir)
        if folder.is_dir()
        for p in sorted(folder.iterdir())
        if p.is_file()
    )
    cached = _read_annotation(article_id, Path(data_dir), stamp)
    frames = {name: cached.table(name).copy() for name in ANNOTATION_TABLES}
    return Annotation(article=cached.article, **frames)


def _read_tables(
    folder: Path, tables: dict[str, Table], what: str
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Every table of ``tables`` from ``folder/<name>.yaml``: (records, file names) by table."""
    records: dict[str, list[dict[str, Any]]] = {}
    sources: dict[str, str] = {}
    for name, table in tables.items():
        path = folder / f"{name}.yaml"
        sources[name] = str(path)
        if not _is_file(path):
            raise SchemaError(str(path), f"{what} table '{name}' not found")
        records[name] = read_table_file(path, table)
    return records, sources


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


@functools.lru_cache(maxsize=16)
def _read_annotation(article_id: str, data_dir: Path, stamp: tuple[Any, ...]) -> Annotation:
    """The uncached load; ``stamp`` only keys the cache."""
    article = load_article(article_id, data_dir)
    record, record_files = _read_tables(paths.record_dir(data_dir), RECORD_TABLES, "record")
    check_references(RECORD_TABLES, record, record_files)
    own, own_files = _read_tables(
        paths.annotation_dir(article_id, data_dir), ARTICLE_TABLES, "annotation"
    )
    _refuse_actors_of_the_record(own["actors"], record["actors"], own_files["actors"])
    record_keys = {
        name: {str(row[table.key]) for row in record[name]} for name, table in RECORD_TABLES.items()
    }
    check_references(ARTICLE_TABLES, own, own_files, extra_keys=record_keys)
    _locate_spans(article.text, own, own_files)
    rules.check_rules(record, record_files, own, own_files)
    records = {**record, **own, "actors": record["actors"] + own["actors"]}
    frames = {name: _to_frame(records[name], table) for name, table in ANNOTATION_TABLES.items()}
    frames["actors"]["is_in_article"] = _in_article(frames["actors"], own)
    return Annotation(article=article, **frames)


def load_record(data_dir: Path = paths.DATA_DIR) -> dict[str, list[dict[str, Any]]]:
    """The public record's tables, each file validated and every reference checked."""
    record, record_files = _read_tables(paths.record_dir(data_dir), RECORD_TABLES, "record")
    check_references(RECORD_TABLES, record, record_files)
    return record


def known_actor_ids(article_id: str, data_dir: Path = paths.DATA_DIR) -> set[str]:
    """The ids of the record's actors and of the article's own, each file validated."""
    files = (
        paths.record_dir(data_dir) / "actors.yaml",
        paths.annotation_dir(article_id, data_dir) / "actors.yaml",
    )
    return {row["actor_id"] for path in files for row in read_table_file(path, ACTORS)}


def _refuse_actors_of_the_record(
    own: list[dict[str, Any]], record: list[dict[str, Any]], source: str
) -> None:
    """An actor of the record is described there only: a second description would drift."""
    known = {row["actor_id"] for row in record}
    for index, row in enumerate(own):
        if row["actor_id"] in known:
            raise SchemaError(
                source,
                "actor already in the record's actors.yaml: refer to it by id only",
                record=index,
                record_id=row["actor_id"],
                field="actor_id",
                value=row["actor_id"],
                has_value=True,
            )


def _in_article(actors: pd.DataFrame, own: dict[str, list[dict[str, Any]]]) -> pd.Series:
    """Whether each actor belongs to the article: declared by it, or named by a claim or event."""
    named = {row["actor_id"] for row in own["actors"]}
    for claim in own["claims"]:
        named.add(claim["speaker_actor_id"])
        named.update(claim["subject_actor_ids"])
    for event in own["events"]:
        named.update(event["participant_actor_ids"])
    return pd.Series([a in named for a in actors["actor_id"]], index=actors.index, dtype=object)


def _locate_spans(
    text: str, records: dict[str, list[dict[str, Any]]], sources: dict[str, str]
) -> None:
    """Add character offsets to claims, events, checks and contested records, in place."""
    claims_by_id = _locate_claims(text, records["claims"], sources["claims"])

    def inside_claim(
        table: str, index: int, row: dict[str, Any], field: str, occ: Any
    ) -> tuple[int, int]:
        claim = claims_by_id[row["claim_id"]]
        return locate_span(
            claim["span"],
            row[field],
            occurrence=occ,
            source=sources[table],
            record=index,
            record_id=row[ANNOTATION_TABLES[table].key],
            field=field,
            offset=claim["span_start"],
            not_found=f"not found inside the span of claim '{row['claim_id']}'",
        )

    for index, event in enumerate(records["events"]):
        event["expression_start"], event["expression_end"] = inside_claim(
            "events", index, event, "expression", event["expression_occurrence"]
        )
    for index, check in enumerate(records["checks"]):
        claim = claims_by_id[check["claim_id"]]
        # The range a check covers: its checked words, or the claim's whole span.
        check[rules.CHECKED_START], check[rules.CHECKED_END] = (
            inside_claim("checks", index, check, "checked_wording", 1)
            if check["checked_wording"]
            else (claim["span_start"], claim["span_end"])
        )
    for index, contested in enumerate(records["contested"]):
        contested["span_start"], contested["span_end"] = inside_claim(
            "contested", index, contested, "span", contested["span_occurrence"]
        )


def _locate_claims(
    text: str, claims: list[dict[str, Any]], source: str
) -> dict[str, dict[str, Any]]:
    """Add each claim's span offsets in the article, check its attribution cue is there too,
    and return the claims by id."""
    claims_by_id: dict[str, dict[str, Any]] = {}
    for index, claim in enumerate(claims):
        claim["span_start"], claim["span_end"] = locate_span(
            text,
            claim["span"],
            occurrence=claim["span_occurrence"],
            source=source,
            record=index,
            record_id=claim["claim_id"],
            field="span",
        )
        if claim["attribution_cue"]:
            locate_span(
                text,
                claim["attribution_cue"],
                occurrence=1,
                source=source,
                record=index,
                record_id=claim["claim_id"],
                field="attribution_cue",
            )
        claims_by_id[claim["claim_id"]] = claim
    return claims_by_id


# The character offsets the loader adds to each table, after the declared columns.
OFFSET_COLUMNS: dict[str, list[str]] = {
    "claims": ["span_start", "span_end"],
    "events": ["expression_start", "expression_end"],
    "contested": ["span_start", "span_end"],
}


def _to_frame(records: list[dict[str, Any]], table: Table) -> pd.DataFrame:
    """Records as a DataFrame: the declared columns in declared order, then the offsets.

    An empty table has the same columns as a full one.
    """
    columns = list(table.field_names)
    extra = OFFSET_COLUMNS.get(table.name, [])
    frame = pd.DataFrame.from_records(records, columns=columns + extra)
    for f in table.fields:
        if f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name])
        elif f.type in {"int", "bool"} or not f.required:
            # Object columns keep None for a missing optional value; a string column would
            # turn it into NaN, which is truthy and prints as "nan".
            column = frame[f.name].astype("object")
            frame[f.name] = column.where(column.notna(), None)
    for column in extra:
        if column.endswith(("_start", "_end")):
            frame[column] = frame[column].astype("int64")
    return frame
