"""The loader (analysis/load.py): untrusted files, ids, spans and offsets, rule by rule.

Offsets are counted by hand in data/articles/rbth-2017-03-06-military-talks/article.txt: the
headline is 68 characters, the photo caption (89 characters) starts at 70 and again at 161,
claim c02 runs from 279 to 494 and holds "NATO" at 73 and 181 of its span.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import analysis.load
from analysis import paths
from analysis.load import (
    check_id,
    load_annotation,
    load_article,
    locate_span,
    read_table_file,
    read_text_file,
    read_yaml_file,
)
from analysis.schema import SchemaError
from analysis.tables import ACTORS, ARTICLE_TABLES, RECORD_TABLES

ARTICLE_ID = "rbth-2017-03-06-military-talks"
HAS_LIBYAML = hasattr(yaml, "CSafeLoader")
# Tables only the public record holds; "actors" is in both, and means the article's here.
RECORD_ONLY = set(RECORD_TABLES) - set(ARTICLE_TABLES)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refusal(call: Any, *args: Any, **kwargs: Any) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        call(*args, **kwargs)
    return caught.value


def table_path(data: Path, table: str, record: bool = False) -> Path:
    """The file of ``table``: the record's for sources, record events and phases, and for
    actors with ``record``; the article's otherwise."""
    in_record = record or table in RECORD_ONLY
    folder = paths.record_dir(data) if in_record else paths.annotation_dir(ARTICLE_ID, data)
    return folder / f"{table}.yaml"


def read_records(data: Path, table: str, record: bool = False) -> list[dict[str, Any]]:
    return yaml.safe_load(table_path(data, table, record).read_text(encoding="utf-8"))[table]


def write_records(
    data: Path, table: str, records: list[dict[str, Any]], record: bool = False
) -> Path:
    text = yaml.safe_dump({table: records}, allow_unicode=True, sort_keys=False)
    return write(table_path(data, table, record), text)


def metadata_path(data: Path, article_id: str = ARTICLE_ID) -> Path:
    return paths.article_dir(article_id, data) / "metadata.yaml"


def edit_metadata(data: Path, article_id: str = ARTICLE_ID, **changes: Any) -> None:
    path = metadata_path(data, article_id)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["article"][0].update(changes)
    write(path, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


# --- check_id -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a", "9", "rbth-2017-03-06-military-talks", "a_b", "x" * 80])
def test_check_id_accepts_plain_names(value: str) -> None:
    """A plain lower-case name of up to 80 characters is returned as it is."""
    assert check_id(value, "article_id") == value


@pytest.mark.parametrize(
    "value", ["a/../etc", "../etc", "A", "", "x" * 81, "a b", "a\n", ".hidden", "a/b", 5, None]
)
def test_check_id_refuses_anything_that_could_be_a_path(value: Any) -> None:
    """The whole value must be an id ('a/../etc' is not, though it starts with one)."""
    with pytest.raises(ValueError) as caught:
        check_id(value, "focus_actor")
    assert str(caught.value) == (
        f"focus_actor: expected an id of lower-case letters, digits, '_' or '-' (value: {value!r})"
    )


# --- read_text_file -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b" \n\t\n", "file is empty"),
        (b"\xff\xfea\x00", "UTF-16 text (it starts with a byte order mark); save it as UTF-8"),
        (b"\xfe\xff\x00a", "UTF-16 text (it starts with a byte order mark); save it as UTF-8"),
        (b"caf\xe9 au lait", "not UTF-8 text: byte 0xe9 at offset 3 (save the file as UTF-8)"),
        (b"ab\x00c", "binary data, not text: control character U+0000 at offset 2"),
        (
            "\u00e9t\u00e9\x1b".encode(),
            "binary data, not text: control character U+001B at offset 3",
        ),
        (b"x\x7f", "binary data, not text: control character U+007F at offset 1"),
        (b"x\x0c", "binary data, not text: control character U+000C at offset 1"),
    ],
)
def test_read_text_file_refuses_what_is_not_text(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    """Empty, UTF-16, undecodable or binary input is refused, saying where and why."""
    path = write(tmp_path / "article.txt", content)
    assert str(refusal(read_text_file, path)) == f"{path}: {problem}"


def test_read_text_file_keeps_tabs_newlines_and_unicode(tmp_path: Path) -> None:
    """Tabs, line ends (Unix or Windows) and non-ASCII text are text."""
    text = "a\tb\r\nc\u2019d \u2013 \u201ce\u201d\n"
    assert read_text_file(write(tmp_path / "a.txt", text.encode("utf-8"))) == text


def test_read_text_file_refuses_missing_files_and_folders(tmp_path: Path) -> None:
    """A missing path and a folder are refused by name."""
    assert str(refusal(read_text_file, tmp_path / "nope.txt")) == (
        f"{tmp_path / 'nope.txt'}: file not found"
    )
    assert str(refusal(read_text_file, tmp_path)) == f"{tmp_path}: is a folder, not a file"


def test_read_text_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file larger than the limit is refused before it is read; one at the limit is read."""
    monkeypatch.setattr(analysis.load, "MAX_FILE_BYTES", 10)
    assert read_text_file(write(tmp_path / "ten.txt", b"0123456789")) == "0123456789"
    path = write(tmp_path / "eleven.txt", b"0123456789a")
    assert str(refusal(read_text_file, path)) == f"{path}: file is 11 bytes, more than 10"


def test_default_size_limit() -> None:
    """Five million bytes: far above any article."""
    assert analysis.load.MAX_FILE_BYTES == 5_000_000


# --- read_yaml_file -------------------------------------------------------------------------------


def yaml_refusal(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "t.yaml", text)
    error = refusal(read_yaml_file, path)
    assert error.source == str(path)
    return error.problem


def test_dates_and_times_stay_text(tmp_path: Path) -> None:
    """Unquoted dates are not turned into dates by YAML: the schema parses them strictly."""
    path = write(tmp_path / "t.yaml", "a: 2017-03-03\nb: 2017-03-03 10:00:00\nc: [2014-04-01]\n")
    assert read_yaml_file(path) == {
        "a": "2017-03-03",
        "b": "2017-03-03 10:00:00",
        "c": ["2014-04-01"],
    }


def test_other_scalars_keep_their_yaml_types(tmp_path: Path) -> None:
    """Only timestamps are left out: numbers, booleans and null are still read as such."""
    path = write(tmp_path / "t.yaml", "a: 3\nb: true\nc: null\nd: 2.5\ne: '3'\n")
    assert read_yaml_file(path) == {"a": 3, "b": True, "c": None, "d": 2.5, "e": "3"}


def test_duplicate_keys_are_refused_where_they_are(tmp_path: Path) -> None:
    """A key given twice in one mapping is refused with its line, even deep in a list."""
    problem = yaml_refusal(tmp_path, "a: 1\nb:\n  - x: 1\n    y: 2\n    x: 3\n")
    assert problem == "not valid YAML: line 5, column 5: duplicate key 'x'"


def test_the_same_key_in_two_mappings_is_fine(tmp_path: Path) -> None:
    """Records may share field names: only a repeat within one mapping is refused."""
    path = write(tmp_path / "t.yaml", "r:\n  - x: 1\n  - x: 2\n")
    assert read_yaml_file(path) == {"r": [{"x": 1}, {"x": 2}]}


def test_syntax_errors_are_one_line_with_position(tmp_path: Path) -> None:
    """A YAML syntax error says where it is, on one line."""
    problem = yaml_refusal(tmp_path, "a: [1, 2\n")
    assert problem.startswith("not valid YAML: line 2, column 1: ")
    assert "\n" not in problem
    tab = yaml_refusal(tmp_path, "a:\n\t- 1\n")
    assert tab.startswith("not valid YAML: line 2, column 1: ")
    if HAS_LIBYAML:
        assert tab == (
            "not valid YAML: line 2, column 1: found character that cannot start any token "
            "(while scanning for the next token) (found '\\t')"
        )


def test_a_problem_is_not_given_a_character_it_does_not_name(tmp_path: Path) -> None:
    """Only an error about a character gets the character found at its position."""
    problem = yaml_refusal(tmp_path, "a: b: c\n")
    assert problem.startswith("not valid YAML: line 1, column ")
    assert "(found " not in problem


def test_characters_yaml_refuses_are_named_with_their_position(tmp_path: Path) -> None:
    """A character YAML's reader refuses (U+FFFE) is reported on one line, with its offset."""
    assert yaml_refusal(tmp_path, "a: \ufffe\n") == (
        "not valid YAML: unacceptable character #xfffe: control characters are not allowed "
        'in "<unicode string>", position 3'
    )


def test_only_one_document(tmp_path: Path) -> None:
    """A file holds one YAML document."""
    assert yaml_refusal(tmp_path, "a: 1\n---\nb: 2\n").startswith(
        "not valid YAML: line 2, column 1: "
    )


def test_object_tags_are_refused(tmp_path: Path) -> None:
    """Python object tags are never constructed."""
    problem = yaml_refusal(tmp_path, "a: !!python/object/apply:os.system ['true']\n")
    assert problem.startswith("not valid YAML: line 1, column 4: ")
    assert "python/object/apply:os.system" in problem


def test_a_file_of_comments_is_no_document(tmp_path: Path) -> None:
    """A file with only comments holds nothing (None)."""
    assert read_yaml_file(write(tmp_path / "t.yaml", "# nothing yet\n")) is None


def test_aliases_within_the_limit_are_expanded(tmp_path: Path) -> None:
    """An alias repeats its node; a few thousand repeats are fine."""
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 10_000) + "]\n"
    document = read_yaml_file(write(tmp_path / "t.yaml", text))
    assert document["a"] == "x"
    assert document["b"] == ["x"] * 10_000


def test_aliases_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    """10,001 repeated nodes are one too many."""
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 10_001) + "]\n"
    assert yaml_refusal(tmp_path, text) == (
        "YAML aliases expand the document by 10001 nodes, more than 10000; "
        "write the values out instead"
    )


def test_alias_bomb_is_measured_without_expanding(tmp_path: Path) -> None:
    """Ten lists of ten aliases, four levels deep: 12,330 nodes added, counted by hand."""
    text = (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    )
    assert yaml_refusal(tmp_path, text) == (
        "YAML aliases expand the document by 12330 nodes, more than 10000; "
        "write the values out instead"
    )


def test_alias_bomb_of_a_billion_nodes(tmp_path: Path) -> None:
    """Nine levels of ten aliases would build 10^9 nodes: refused at once."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    problem = yaml_refusal(tmp_path, "\n".join(lines) + "\n")
    assert problem.startswith("YAML aliases expand the document by ")


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    """A node that contains an alias to itself would never end."""
    assert yaml_refusal(tmp_path, "a: &x [1, *x]\n") == (
        "a YAML alias refers to a node that contains it"
    )


def test_nesting_depth_limit_in_a_document_with_aliases(tmp_path: Path) -> None:
    """With an alias in the file, a mapping holding 49 nested lists (50 levels) is the limit."""
    alias = "x: &x 1\ny: *x\n"
    ok = write(tmp_path / "ok.yaml", alias + "a: " + "[" * 49 + "]" * 49 + "\n")
    lists, value = 0, read_yaml_file(ok)["a"]
    while isinstance(value, list):
        lists, value = lists + 1, value[0] if value else None
    assert lists == 49
    problem = yaml_refusal(tmp_path, alias + "a: " + "[" * 50 + "]" * 50 + "\n")
    assert problem == "nested more than 50 levels deep (at line 3)"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a: !!int a\n", "ValueError: invalid literal for int() with base 10: 'a'"),
        ("? [a, b]\n: 1\n", "TypeError: unhashable type: 'list'"),
        ("a: !!bool a\n", "KeyError: 'a'"),
    ],
)
def test_values_no_constructor_can_build_are_refused(tmp_path: Path, text: str, error: str) -> None:
    """A well-formed document whose tags cannot build a value is refused, saying why."""
    assert yaml_refusal(tmp_path, text) == f"not valid YAML: cannot build a value ({error})"


def test_tagged_dates_stay_text(tmp_path: Path) -> None:
    """Even an explicit timestamp tag leaves the date as text for the schema to parse."""
    path = write(tmp_path / "t.yaml", "a: !!timestamp 2017-03-03\n")
    assert read_yaml_file(path) == {"a": "2017-03-03"}


def test_yaml_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A YAML file over its own (smaller) limit is refused before it is parsed."""
    assert analysis.load.MAX_YAML_BYTES == 2_000_000
    monkeypatch.setattr(analysis.load, "MAX_YAML_BYTES", 10)
    assert read_yaml_file(write(tmp_path / "ten.yaml", b"a: 123456\n")) == {"a": 123456}
    path = write(tmp_path / "eleven.yaml", b"a: 1234567\n")
    assert str(refusal(read_yaml_file, path)) == f"{path}: file is 11 bytes, more than 10"
    missing = tmp_path / "missing.yaml"
    assert str(refusal(read_yaml_file, missing)) == f"{missing}: file not found"


# --- read_table_file ------------------------------------------------------------------------------

ACTOR = "actors:\n  - actor_id: a1\n    name: A\n    actor_type: person\n    side: other\n"


def test_read_table_file(tmp_path: Path) -> None:
    """The table's records, validated; an unquoted date-like name stays text."""
    path = write(tmp_path / "actors.yaml", ACTOR.replace("name: A", "name: 2017-03-03"))
    [actor] = read_table_file(path, ACTORS)
    assert actor["name"] == "2017-03-03"
    assert (actor["actor_id"], actor["side"], actor["role"]) == ("a1", "other", None)
    assert actor["affiliation_actor_id"] is None


def test_is_in_article_is_derived_not_written(tmp_path: Path) -> None:
    """Whether an actor is in the article is the loader's to say: a file may not state it."""
    path = write(tmp_path / "actors.yaml", ACTOR + "    is_in_article: true\n")
    assert str(refusal(read_table_file, path, ACTORS)) == (
        f"{path}: record 0 (a1): field 'is_in_article': unknown field for table 'actors' "
        "(known: actor_id, name, actor_type, role, side, affiliation_actor_id, review)"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("claims: []\n", "expected a top-level key 'actors'"),
        ("- actor_id: a1\n", "expected a top-level key 'actors'"),
        ("just text\n", "expected a top-level key 'actors'"),
        ("actors: []\nclaims: []\nzz: 1\n", "unexpected top-level keys ['claims', 'zz']"),
        ("actors: []\n2: a\ntrue: b\n", "unexpected top-level keys ['2', 'True']"),
    ],
)
def test_read_table_file_needs_one_top_level_key(tmp_path: Path, text: str, problem: str) -> None:
    """A table file holds its table's name as the only top-level key."""
    path = write(tmp_path / "actors.yaml", text)
    assert str(refusal(read_table_file, path, ACTORS)) == f"{path}: {problem}"


def test_read_table_file_with_no_records(tmp_path: Path) -> None:
    """'actors:' with nothing under it is an empty table."""
    assert read_table_file(write(tmp_path / "actors.yaml", "actors:\n"), ACTORS) == []


def test_read_table_file_names_the_file_in_record_errors(tmp_path: Path) -> None:
    """A bad record is reported with the file's path."""
    path = write(tmp_path / "actors.yaml", ACTOR + "    role: [chief, deputy]\n")
    error = refusal(read_table_file, path, ACTORS)
    assert (error.source, error.record, error.record_id, error.field, error.value) == (
        str(path),
        0,
        "a1",
        "role",
        ["chief", "deputy"],
    )
    assert error.problem == "expected text, got list"


# --- locate_span ----------------------------------------------------------------------------------


def locate(text: str, span: str, occurrence: int | None = None, offset: int = 0) -> tuple:
    return locate_span(
        text,
        span,
        occurrence=occurrence,
        source="s.yaml",
        record=4,
        record_id="c05",
        field="span",
        offset=offset,
    )


def span_refusal(text: str, span: str, occurrence: int | None = None) -> str:
    error = refusal(locate, text, span, occurrence)
    assert (error.source, error.record, error.record_id, error.field, error.value) == (
        "s.yaml",
        4,
        "c05",
        "span",
        span,
    )
    return error.problem


def test_locate_span_finds_the_only_occurrence() -> None:
    """A span found once needs no occurrence; the offsets are where it is, plus ``offset``."""
    assert locate("one two three", "two") == (4, 7)
    assert locate("one two three", "two", offset=100) == (104, 107)
    assert locate("one two three", "one two three") == (0, 13)
    assert locate("one two three", "two", occurrence=1) == (4, 7)


def test_locate_span_counts_occurrences_even_overlapping() -> None:
    """Every occurrence counts, overlapping ones too; ``occurrence`` picks one (1-based)."""
    text = "aaaa"
    assert [locate(text, "aa", n) for n in (1, 2, 3)] == [(0, 2), (1, 3), (2, 4)]
    assert locate("x, y, x", "x", 2, offset=10) == (16, 17)


def test_locate_span_needs_an_occurrence_when_ambiguous() -> None:
    """A span found more than once without an occurrence is refused, with its count."""
    assert span_refusal("x y x z x", "x") == "span occurs 3 times; set the occurrence field"


@pytest.mark.parametrize("occurrence", [0, -1, 3])
def test_locate_span_refuses_an_occurrence_that_is_not_there(occurrence: int) -> None:
    """Occurrence 0, a negative one, or one past the last is refused."""
    assert span_refusal("x y x", "x", occurrence) == (
        f"occurrence {occurrence} asked, but the span occurs 2 time(s)"
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("NATO\u2019s initiative", "NATO's initiative"),
        ("NATO's initiative", "NATO\u2019s initiative"),
        ("a \u201cquote\u201d here", 'a "quote" here'),
        ("\u2018single\u2019", "'single'"),
        ("2014\u20132017", "2014-2017"),
        ("yes \u2014 no", "yes - no"),
        ("line one\nline two", "line one line two"),
        ("two  spaces", "two spaces"),
    ],
)
def test_locate_span_hints_at_quote_marks_dashes_and_spacing(text: str, span: str) -> None:
    """A span that differs only in quote marks, dashes or spacing gets a hint saying so."""
    assert span_refusal(text, span) == (
        "span is not in the article verbatim "
        "(it differs from the article only in quote marks, dashes or spacing)"
    )


def test_locate_span_without_hint_for_other_words() -> None:
    """A span with other words is simply not in the article."""
    assert span_refusal("one two three", "one three") == "span is not in the article verbatim"
    assert span_refusal("one two", "One two") == "span is not in the article verbatim"


# --- load_article ---------------------------------------------------------------------------------


def test_load_article(data_copy: Path) -> None:
    """The text as stored, its metadata parsed, and the path it was read from."""
    article = load_article(ARTICLE_ID, data_copy)
    assert article.article_id == ARTICLE_ID
    assert article.path == paths.article_dir(ARTICLE_ID, data_copy) / "article.txt"
    assert article.text.startswith("Russia\u2019s military and NATO held first telephone talks")
    assert len(article.text) == len(article.path.read_bytes().decode("utf-8"))
    assert article.metadata["date_reported_on"].isoformat() == "2017-03-03"
    assert article.metadata["outlet"] == "Russia Beyond"


def test_load_article_checks_the_id_first(tmp_path: Path) -> None:
    """An article id that could be a path is refused before any file is read."""
    with pytest.raises(ValueError, match=r"^article_id: expected an id"):
        load_article("../data", tmp_path)


def test_load_article_without_metadata(tmp_path: Path) -> None:
    """A folder without metadata.yaml is refused, naming the file it looked for."""
    (tmp_path / "articles" / "empty").mkdir(parents=True)
    error = refusal(load_article, "empty", tmp_path)
    assert str(error) == f"{metadata_path(tmp_path, 'empty')}: no metadata file for article 'empty'"


def test_article_id_must_match_its_folder(data_copy: Path) -> None:
    """Metadata copied into another article's folder is refused."""
    folder = paths.article_dir(ARTICLE_ID, data_copy)
    folder.rename(folder.parent / "another")
    error = refusal(load_article, "another", data_copy)
    assert str(error) == (
        f"{metadata_path(data_copy, 'another')}: record 0: field 'article_id': "
        f"article_id does not match its folder 'another' (value: '{ARTICLE_ID}')"
    )


@pytest.mark.parametrize(
    "text_file",
    ["../article.txt", "sub/article.txt", "/etc/hostname", ".hidden", "a b.txt", "x" * 101],
)
def test_text_file_must_be_a_plain_file_name(data_copy: Path, text_file: str) -> None:
    """text_file names a file beside the metadata: no path, no hidden file, no spaces."""
    folder = paths.article_dir(ARTICLE_ID, data_copy)
    write(folder / "sub" / "article.txt", (folder / "article.txt").read_bytes())
    write(folder.parent / "article.txt", (folder / "article.txt").read_bytes())
    edit_metadata(data_copy, text_file=text_file)
    error = refusal(load_article, ARTICLE_ID, data_copy)
    assert error.problem == "expected the name of a file in the article's folder"
    assert (error.source, error.record, error.field, error.value) == (
        str(metadata_path(data_copy)),
        0,
        "text_file",
        text_file,
    )


def test_checksum_mismatch(data_copy: Path) -> None:
    """A text that differs from its recorded SHA-256 by one character is refused."""
    path = paths.article_dir(ARTICLE_ID, data_copy) / "article.txt"
    changed = path.read_bytes().replace(b"Gerasimov", b"Gerasimow", 1)
    path.write_bytes(changed)
    error = refusal(load_article, ARTICLE_ID, data_copy)
    recorded = "88167b7407c07f6c71eefbb3c68218c644e47c22aa68019340d5b9c61f4f9df0"
    assert str(error) == (
        f"{metadata_path(data_copy)}: record 0: field 'sha256': checksum does not match "
        f"article.txt (computed {hashlib.sha256(changed).hexdigest()}); raw text is immutable "
        f"(value: '{recorded}')"
    )


def test_checksum_of_another_text_file_name(data_copy: Path) -> None:
    """The text may have another name beside the metadata; the checksum is over its bytes."""
    folder = paths.article_dir(ARTICLE_ID, data_copy)
    name = "Text-1.v2_final" + "x" * 85  # 100 characters: the longest name allowed
    write(folder / name, b"Headline\n")
    edit_metadata(data_copy, text_file=name, sha256=hashlib.sha256(b"Headline\n").hexdigest())
    article = load_article(ARTICLE_ID, data_copy)
    assert (article.text, article.path.name) == ("Headline\n", name)


@pytest.mark.parametrize("count", [0, 2])
def test_metadata_holds_exactly_one_record(data_copy: Path, count: int) -> None:
    """metadata.yaml describes one article: no record, or two, is refused."""
    path = metadata_path(data_copy)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = document["article"]
    document["article"] = [] if count == 0 else [records[0], {**records[0], "article_id": "x2"}]
    write(path, yaml.safe_dump(document, allow_unicode=True))
    assert str(refusal(load_article, ARTICLE_ID, data_copy)) == (
        f"{path}: expected exactly one record, found {count}"
    )


# --- load_annotation: spans and offsets -----------------------------------------------------------


def test_offsets_of_the_seed(data_copy: Path) -> None:
    """Offsets computed by the loader, checked against positions counted by hand."""
    annotation = load_annotation(ARTICLE_ID, data_copy)
    claims = annotation.claims.set_index("claim_id")
    assert (claims.loc["c01", "span_start"], claims.loc["c01", "span_end"]) == (0, 68)
    assert (claims.loc["c02", "span_start"], claims.loc["c02", "span_end"]) == (279, 494)
    assert claims.loc["c03", "span_start"] == 585
    assert claims["span_start"].dtype == "int64"
    events = annotation.events.set_index("event_id")
    # "in the three years since" (24 characters) is 19 characters into c02
    lede = events.loc["e_freeze_lede"]
    assert (lede["expression_start"], lede["expression_end"]) == (298, 322)
    assert events["expression_end"].dtype == "int64"


def test_a_span_that_occurs_twice_needs_its_occurrence(data_copy: Path) -> None:
    """The photo caption is in the text twice: a claim on it must say which one."""
    caption = (
        "Russian Defense Ministry officers seen at the National Defense Management Center, Moscow."
    )
    claims = read_records(data_copy, "claims")
    claims.append(
        {
            "claim_id": "c99",
            "span": caption,
            "speaker_actor_id": "russia_beyond",
            "attribution_mode": "narration",
            "claim_kind": "background",
            "topics": ["military_contacts"],
        }
    )
    path = write_records(data_copy, "claims", claims)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert (error.source, error.record, error.record_id, error.field) == (
        str(path),
        27,
        "c99",
        "span",
    )
    assert error.problem == "span occurs 2 times; set the occurrence field"
    claims[-1]["span_occurrence"] = 2
    write_records(data_copy, "claims", claims)
    claim = load_annotation(ARTICLE_ID, data_copy).claims.set_index("claim_id").loc["c99"]
    assert (claim["span_start"], claim["span_end"], claim["span_occurrence"]) == (161, 250, 2)


def test_contested_wording_is_located_inside_its_claim(data_copy: Path) -> None:
    """'NATO' occurs twice in claim c02: the second is at 279 + 181."""
    contested = read_records(data_copy, "contested")
    contested.append(
        {
            "contested_id": "w_nato",
            "span": "NATO",
            "claim_id": "c02",
            "span_occurrence": 2,
            "neutral_description": "The Alliance.",
            "citations": [
                {
                    "source_id": "rferl_2017_03_03_first_talks",
                    "locator": "paragraph 1",
                    "says": "RFE/RL names the Alliance as NATO.",
                }
            ],
        }
    )
    path = write_records(data_copy, "contested", contested)
    # The check of c02's second half takes in that "NATO": it must link the entry.
    checks = read_records(data_copy, "checks")
    i = next(i for i, c in enumerate(checks) if c["check_id"] == "chk_c02_call_took_place")
    checks[i]["contested_ids"] = ["w_nato"]
    write_records(data_copy, "checks", checks)
    rows = load_annotation(ARTICLE_ID, data_copy).contested.set_index("contested_id")
    assert (rows.loc["w_nato", "span_start"], rows.loc["w_nato", "span_end"]) == (460, 464)
    del contested[-1]["span_occurrence"]
    write_records(data_copy, "contested", contested)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert (error.source, error.record, error.record_id, error.field) == (
        str(path),
        8,
        "w_nato",
        "span",
    )
    assert error.problem == "span occurs 2 times; set the occurrence field"


def test_event_expression_occurrence_inside_its_claim(data_copy: Path) -> None:
    """An expression's occurrence counts inside its claim's span, not the whole article."""
    events = read_records(data_copy, "events")
    events.append(
        {
            "event_id": "e_nato",
            "label": "NATO, second mention",
            "expression": "NATO",
            "expression_occurrence": 3,
            "claim_id": "c02",
            "event_type": "other",
        }
    )
    path = write_records(data_copy, "events", events)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert (error.source, error.record_id, error.field) == (str(path), "e_nato", "expression")
    assert error.problem == "occurrence 3 asked, but the span occurs 2 time(s)"


def test_checked_wording_must_be_inside_its_claim(data_copy: Path) -> None:
    """Checked words found in the article but outside the checked claim are refused."""
    checks = read_records(data_copy, "checks")
    checks[0]["checked_wording"] = "The conversation took place"  # in c03, not in c01
    path = write_records(data_copy, "checks", checks)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert str(error) == (
        f"{path}: record 0 (chk_c01_first_talks): field 'checked_wording': "
        "not found inside the span of claim 'c01' (value: 'The conversation took place')"
    )


def test_checked_wording_occurring_twice_in_its_claim_is_fine(data_copy: Path) -> None:
    """Checked words are only tested for presence: the first occurrence will do."""
    checks = read_records(data_copy, "checks")
    i = next(i for i, c in enumerate(checks) if c["check_id"] == "chk_c02_first_time")
    checks[i]["checked_wording"] = "NATO"
    write_records(data_copy, "checks", checks)
    assert len(load_annotation(ARTICLE_ID, data_copy).checks) == 26


def test_attribution_cue_must_be_in_the_article(data_copy: Path) -> None:
    """An attributing phrase not in the text is refused like a span, with a hint when close."""
    claims = read_records(data_copy, "claims")
    claims[2]["attribution_cue"] = "said a ministry spokesman"
    path = write_records(data_copy, "claims", claims)
    assert str(refusal(load_annotation, ARTICLE_ID, data_copy)) == (
        f"{path}: record 2 (c03): field 'attribution_cue': span is not in the article verbatim "
        "(value: 'said a ministry spokesman')"
    )
    claims[2]["attribution_cue"] = "said  the Russian Defense Ministry"
    write_records(data_copy, "claims", claims)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert error.problem == (
        "span is not in the article verbatim "
        "(it differs from the article only in quote marks, dashes or spacing)"
    )
    assert (error.field, error.record) == ("attribution_cue", 2)


def test_attribution_cue_found_several_times_is_fine(data_copy: Path) -> None:
    """A cue is checked for presence only: 'Danilov said' is in the text once, and a cue in
    several places ('said that') is accepted without an occurrence."""
    claims = read_records(data_copy, "claims")
    claims[2]["attribution_cue"] = "Russian Defense Ministry"  # five times in the text
    write_records(data_copy, "claims", claims)
    annotation = load_annotation(ARTICLE_ID, data_copy)
    assert annotation.claims.loc[2, "attribution_cue"] == "Russian Defense Ministry"


# --- load_annotation: files, frames and the cache -------------------------------------------------


@pytest.mark.parametrize(
    ("table", "in_record", "what"),
    [
        ("sources", True, "record"),
        ("phases", True, "record"),
        ("actors", True, "record"),
        ("actors", False, "annotation"),
        ("claims", False, "annotation"),
        ("contested", False, "annotation"),
    ],
)
def test_missing_table_file(data_copy: Path, table: str, in_record: bool, what: str) -> None:
    """Every table has its file, the record's under data/record/; a missing one is named."""
    path = table_path(data_copy, table, record=in_record)
    assert path.parent == (
        paths.record_dir(data_copy) if in_record else paths.annotation_dir(ARTICLE_ID, data_copy)
    )
    path.unlink()
    assert str(refusal(load_annotation, ARTICLE_ID, data_copy)) == (
        f"{path}: {what} table '{table}' not found"
    )


def test_unknown_reference_is_refused(data_copy: Path) -> None:
    """References between tables are checked on load."""
    events = read_records(data_copy, "events")
    events[0]["anchor_event_id"] = "e_nowhere"
    path = write_records(data_copy, "events", events)
    error = refusal(load_annotation, ARTICLE_ID, data_copy)
    assert (error.source, error.field, error.value) == (str(path), "anchor_event_id", "e_nowhere")


def test_frames_keep_none_for_missing_values(data_copy: Path) -> None:
    """Missing optional values are None (not NaN); dates are datetimes; lists stay lists."""
    annotation = load_annotation(ARTICLE_ID, data_copy)
    claims = annotation.claims.set_index("claim_id")
    assert claims.loc["c01", "attribution_cue"] is None
    assert claims.loc["c01", "span_occurrence"] is None
    assert claims.loc["c02", "topics"] == ["military_contacts", "tensions"]
    events = annotation.events.set_index("event_id")
    assert events.loc["e_crimea_crisis", "channel"] is None
    assert events.loc["e_crimea_crisis", "participant_actor_ids"] == []
    assert events.loc["e_freeze", "anchor_event_id"] is None
    phases = annotation.phases.set_index("phase_id")
    assert phases.loc["p_nrc_hiatus", "end_date"] == pd.Timestamp("2016-04-20")
    assert pd.isna(phases.loc["p_suspension", "end_date"])
    assert str(annotation.phases["start_date"].dtype).startswith("datetime64")
    records = annotation.record_events.set_index("record_event_id")
    assert records.loc["r_france_meeting_2017_03_01", "is_confirmed"] is False
    actors = annotation.actors.set_index("actor_id")
    assert actors.loc["bartels", "is_in_article"] is False  # the record's, not named here
    assert actors.loc["gerasimov", "is_in_article"] is True  # the record's, named by a claim
    assert actors.loc["danilov", "is_in_article"] is True  # the article's own
    assert list(annotation.claims.columns[:3]) == ["claim_id", "span", "span_occurrence"]
    assert list(annotation.claims.columns[-2:]) == ["span_start", "span_end"]


def test_empty_table_loads_as_an_empty_frame(data_copy: Path) -> None:
    """A table with no records gives an empty frame with the declared columns and offsets."""
    write(table_path(data_copy, "contested"), "contested: []\n")
    checks = read_records(data_copy, "checks")
    for check in checks:  # no entry left to link
        check.pop("contested_ids", None)
    write_records(data_copy, "checks", checks)
    annotation = load_annotation(ARTICLE_ID, data_copy)
    contested = annotation.contested
    assert contested.empty
    assert list(contested.columns) == [
        "contested_id",
        "span",
        "span_occurrence",
        "claim_id",
        "neutral_description",
        "citations",
        "span_start",
        "span_end",
    ]
    assert all(ids == [] for ids in annotation.checks["contested_ids"])


def test_an_article_without_dated_events_exports_its_data(data_copy: Path, tmp_path: Path) -> None:
    """events: [] is valid; its report data is written with the usual columns, and no rows."""
    from analysis.compute import prepare_report
    from analysis.export import write_report_data
    from analysis.params import validate_parameters

    write(table_path(data_copy, "events"), "events: []\n")
    params = validate_parameters(
        ARTICLE_ID, "2017-03-03", "2014-01-01", "2017-12-31", "gerasimov", True, str(data_copy)
    )
    out = tmp_path / "out"
    out.mkdir()
    write_report_data(prepare_report(params), out)
    header = (out / "events.csv").read_text(encoding="utf-8").splitlines()
    assert len(header) == 1 and header[0].startswith("event_id,label,expression,expression_start")
    assert (out / "events.json").read_text(encoding="utf-8") == "[]"


def test_nesting_reached_through_an_alias_counts_in_full(tmp_path: Path) -> None:
    """A 40-level list shared by an alias inside another 40 levels is 80 deep, and refused."""
    inner = "&x " + "[" * 40 + "]" * 40
    text = "a: " + "[" * 10 + inner + "]" * 10 + "\nb: " + "[" * 40 + "*x" + "]" * 40 + "\n"
    assert yaml_refusal(tmp_path, text) == "nested more than 50 levels deep (at line 1)"


def test_each_load_gets_its_own_frames(data_copy: Path) -> None:
    """Changing a loaded frame does not change the next load (the cache hands out copies)."""
    first = load_annotation(ARTICLE_ID, data_copy)
    first.actors.loc[0, "name"] = "changed"
    first.sources.loc[0, "title"] = "changed"
    second = load_annotation(ARTICLE_ID, data_copy)
    assert second.actors.loc[0, "name"] == "Moscow (Russian government)"
    assert second.sources.loc[0, "title"] != "changed"
    assert second.table("actors") is second.actors


def test_actors_of_the_record_come_first(data_copy: Path) -> None:
    """One actors frame: the record's actors in their order, then the article's own."""
    record = [a["actor_id"] for a in read_records(data_copy, "actors", record=True)]
    own = [a["actor_id"] for a in read_records(data_copy, "actors")]
    assert list(load_annotation(ARTICLE_ID, data_copy).actors["actor_id"]) == record + own
    assert (record[0], own[0]) == ("russia_gov", "russia_beyond")


@pytest.mark.parametrize(
    ("in_record", "row", "old", "new"),
    [
        (False, 18, "Russia Beyond", "Russia Beyond (RBTH)"),
        (True, 0, "Moscow (Russian government)", "Moscow (the Kremlin)"),
    ],
    ids=["article", "record"],
)
def test_an_edited_file_is_read_again(
    data_copy: Path, in_record: bool, row: int, old: str, new: str
) -> None:
    """The cache is keyed by the files' sizes and times, the record's too: an edit is seen on
    the next load."""
    assert load_annotation(ARTICLE_ID, data_copy).actors.loc[row, "name"] == old
    actors = read_records(data_copy, "actors", record=in_record)
    actors[0]["name"] = new
    write_records(data_copy, "actors", actors, record=in_record)
    assert load_annotation(ARTICLE_ID, data_copy).actors.loc[row, "name"] == new


def test_an_edited_article_text_is_read_again(data_copy: Path) -> None:
    """The cache also watches the article's folder: a new text (and checksum) is seen."""
    assert load_annotation(ARTICLE_ID, data_copy).article.text.endswith("Accept cookies")
    text_path = paths.article_dir(ARTICLE_ID, data_copy) / "article.txt"
    new_text = text_path.read_bytes() + b"\nAppendix.\n"
    text_path.write_bytes(new_text)
    edit_metadata(data_copy, sha256=hashlib.sha256(new_text).hexdigest())
    assert load_annotation(ARTICLE_ID, data_copy).article.text.endswith(
        "Accept cookies\nAppendix.\n"
    )


def test_load_annotation_checks_the_id(tmp_path: Path) -> None:
    """An article id that could be a path is refused before any folder is listed."""
    with pytest.raises(ValueError, match=r"^article_id: expected an id"):
        load_annotation("a/../etc", tmp_path)
