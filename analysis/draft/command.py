"""``python -m analysis draft``: a new article's text and a drafted annotation, written whole.

Every input is checked before anything is written (the text: UTF-8, not empty, not binary;
the dates; the id: a safe folder name, not taken unless ``--force``). The article and its
annotation are written into a staging folder, loaded back exactly as a report will load them,
and only then moved into ``data/``: a failed draft leaves nothing, and what was there stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.draft.annotate import DraftTables, slug
from analysis.draft.model import Draft
from analysis.errors import AnalysisError, SchemaError, UsageError
from analysis.files import write_atomic
from analysis.load import check_id, read_text_file

GENERATOR = "python -m analysis draft"


@dataclass(frozen=True)
class DraftRequest:
    """What the command was asked to do, checked."""

    source: Path
    text: str
    published: dt.date
    reference_date: dt.date
    article_id: str
    outlet: str
    url: str | None
    force: bool
    data_dir: Path


def parse_day(name: str, value: str) -> dt.date:
    """A YYYY-MM-DD option as a date, or a usage error naming the option and the value.

    >>> parse_day("--published", "2017-03-06")
    datetime.date(2017, 3, 6)
    """
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name}: expected a date as YYYY-MM-DD (value: {value!r})") from None


def default_article_id(text: str, published: dt.date) -> str:
    """An id from the publication day and the headline's first words.

    >>> default_article_id("Russia and NATO talk again\\n\\nBody.", dt.date(2017, 3, 6))
    'draft-2017-03-06-russia-and-nato-talk-again'
    """
    headline = next((line for line in text.splitlines() if line.strip()), "")
    words = slug(headline, limit=40).replace("_", "-")
    return f"draft-{published.isoformat()}-{words}".rstrip("-")[:80]


def check_request(
    source: str,
    published: str,
    reference_date: str | None = None,
    article_id: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    force: bool = False,
    data_dir: Path = paths.DATA_DIR,
) -> DraftRequest:
    """Every input checked, nothing written: the request, or an error naming what is wrong."""
    path = Path(source)
    try:
        text = read_text_file(path)  # refuses missing, empty, binary and non-UTF-8 files by name
    except SchemaError as exc:
        # The article is the command's argument, not a project file: a usage error (exit 2),
        # as a batch's missing parameter file is.
        raise UsageError(str(exc)) from None
    published_day = parse_day("--published", published)
    reference = parse_day("--reference-date", reference_date) if reference_date else published_day
    chosen_id = article_id or default_article_id(text, published_day)
    try:
        check_id(chosen_id, "--article-id")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if url is not None and not re.fullmatch(r"https?://[^\s<>\"']+", url):
        raise UsageError(f"--url: expected an http(s) address (value: {url!r})")
    taken = [p for p in paths.input_dirs(chosen_id, data_dir)[:2] if p.exists()]
    if taken and not force:
        raise UsageError(
            f"--article-id: {chosen_id!r} exists already ({taken[0]}); "
            "choose another id or pass --force to replace it"
        )
    return DraftRequest(
        path,
        text,
        published_day,
        reference,
        chosen_id,
        outlet or "Unknown outlet",
        url,
        force,
        Path(data_dir),
    )


def draft_text(
    text: str,
    published: dt.date,
    reference_date: dt.date,
    record: dict[str, list[dict[str, Any]]],
) -> Draft:
    """What the finders find in ``text``: dates, quotes and actors (linked to ``record``,
    the public record's tables as :func:`analysis.load.load_record` gives them)."""
    import pandas as pd

    from analysis.draft.actors import find_actors
    from analysis.draft.dates import find_dates
    from analysis.draft.quotes import find_quotes

    actors = find_actors(text, pd.DataFrame(record["actors"]))
    return Draft(
        published=published,
        reference_date=reference_date,
        dates=tuple(find_dates(text, reference_date)),
        quotes=tuple(find_quotes(text, actors)),
        actors=tuple(actors),
    )


def report_command(article_id: str) -> str:
    """The ``make report`` line for a drafted article (its own reference date is the default)."""
    return f"make report ARTICLE_ID={article_id}"


def metadata_record(request: DraftRequest, today: dt.date) -> dict[str, Any]:
    """The article's provenance record, as ``metadata.yaml`` holds it."""
    record: dict[str, Any] = {
        "article_id": request.article_id,
        "title": next(line.strip() for line in request.text.splitlines() if line.strip()),
        "outlet": request.outlet,
        "language": "en",
        "date_published": request.published.isoformat(),
        "date_reported_on": request.reference_date.isoformat(),
        "date_retrieved": today.isoformat(),
        "default_reference_date": request.reference_date.isoformat(),
        "rights_note": "Not stated: the text was supplied to the drafter as a file.",
        "text_file": "article.txt",
        "sha256": hashlib.sha256(request.text.encode("utf-8")).hexdigest(),
        "provenance_note": (
            f"Drafted by {GENERATOR} on {today.isoformat()} from {request.source.name}; the "
            "dates above are the ones given on the command line, not checked."
        ),
    }
    if request.url:
        record["url"] = request.url
    return record


def _yaml(name: str, records: list[dict[str, Any]], header: str) -> str:
    """A table file: a comment saying where it came from, then the records."""
    body = yaml.safe_dump(
        {name: records}, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return header + body


def write_draft(request: DraftRequest, tables: DraftTables, today: dt.date) -> tuple[Path, Path]:
    """Write the article and its drafted annotation; returns their two folders.

    Both are staged beside their targets, loaded back as a report loads them, then moved in.
    """
    article_dir, annotation_dir = paths.input_dirs(request.article_id, request.data_dir)[:2]
    header = (
        f"# Drafted by {GENERATOR} on {today.isoformat()}: every record is marked "
        "'review: drafted'\n# until a person has checked it. Schema: analysis/tables.py.\n"
    )
    with tempfile.TemporaryDirectory(dir=request.data_dir, prefix=".draft-") as staging_root:
        staging = Path(staging_root)
        staged_article = staging / "articles" / request.article_id
        staged_annotation = staging / "annotations" / request.article_id
        # The bytes the checksum was taken over, not a second read of a file that may change.
        write_atomic(staged_article / "article.txt", request.text.encode("utf-8"))
        write_atomic(
            staged_article / "metadata.yaml",
            _yaml("article", [metadata_record(request, today)], header),
        )
        for name, records in tables.as_files().items():
            write_atomic(staged_annotation / f"{name}.yaml", _yaml(name, records, header))
        if tables.notes:
            notes = "\n".join(f"- {note}" for note in tables.notes)
            write_atomic(staged_annotation / "DRAFT-NOTES.md", f"# For the reviewer\n\n{notes}\n")
        os.symlink(paths.record_dir(request.data_dir).resolve(), staging / "record")
        _check_loads(request.article_id, staging)
        existed = article_dir.exists()
        _move_in(staged_article, article_dir, request.force)
        try:
            _move_in(staged_annotation, annotation_dir, request.force)
        except BaseException:
            if not existed:  # the pair goes in whole or not at all
                shutil.rmtree(article_dir, ignore_errors=True)
            raise
    return article_dir, annotation_dir


def _check_loads(article_id: str, data_dir: Path) -> None:
    """Load the staged draft as a report would, and resolve its dates."""
    from analysis.compute import resolve_events
    from analysis.load import load_annotation

    try:
        annotation = load_annotation(article_id, data_dir)
        resolve_events(annotation, annotation.article.metadata["default_reference_date"])
    except AnalysisError as exc:
        raise AnalysisError(
            f"the drafted annotation does not load, nothing written: {exc}"
        ) from None


def _move_in(staged: Path, target: Path, force: bool) -> None:
    """Move a staged folder into place (replacing the old one only with ``force``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if not force:
            raise UsageError(f"{target} appeared while drafting; nothing replaced")
        backup = target.with_name(f".{target.name}.previous-{os.getpid()}")
        os.replace(target, backup)
        os.replace(staged, target)
        shutil.rmtree(backup, ignore_errors=True)
        return
    os.replace(staged, target)
