"""``python -m analysis draft`` and ``score``: bad input refused by name with nothing
written, the scorer's arithmetic, and a drafted article that a report can load."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.draft.score import Count, score_dates, score_quotes

SEED_TEXT = paths.article_dir("rbth-2017-03-06-military-talks") / "article.txt"


def _draft(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "draft", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        timeout=300,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder but for a copy of the public record."""
    data = tmp_path / "data"
    shutil.copytree(paths.record_dir(), data / "record")
    (data / "articles").mkdir()
    (data / "annotations").mkdir()
    return data


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        (b"\xff\xfe\x00h\x00i", [], "UTF-16"),
        (b"caf\xe9 au lait\n", [], "not UTF-8 text: byte 0xe9 at offset 3"),
        (b"   \n\n", [], "file is empty"),
        (b"PK\x03\x04\x00\x00binary", [], "article.txt"),
        (b"A headline\n\nText.\n", ["--published", "2017-02-30"], "--published"),
        (b"A headline\n\nText.\n", ["--reference-date", "03/03/2017"], "--reference-date"),
        (b"A headline\n\nText.\n", ["--article-id", "../escape"], "--article-id"),
        (b"A headline\n\nText.\n", ["--article-id", "Has Spaces"], "'Has Spaces'"),
        (b"A headline\n\nText.\n", ["--url", "javascript:alert(1)"], "--url"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_nothing_is_written(
    data_dir: Path, tmp_path: Path, content: bytes, args: list[str], expected: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    before = _tree(data_dir)
    published = [] if "--published" in args else ["--published", "2017-03-06"]
    result = _draft(str(article), *published, *args, data_dir=data_dir)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(data_dir) == before


def test_a_missing_file_is_named(data_dir: Path, tmp_path: Path) -> None:
    result = _draft(str(tmp_path / "nope.txt"), "--published", "2017-03-06", data_dir=data_dir)
    assert result.returncode == 2 and "nope.txt" in result.stderr
    assert "file not found" in result.stderr


def test_dates_and_quotes_are_scored_by_value_and_exact_span() -> None:
    gold = [
        {"start": 0, "end": 5, "value": "2014", "precision": "year"},
        {"start": 10, "end": 20, "value": "2017-02-28", "precision": "day"},
    ]
    found = [
        {"start": 0, "end": 4, "value": "2014", "precision": "year"},  # overlap, same value
        {"start": 10, "end": 20, "value": "2017-02", "precision": "month"},  # wrong precision
        {"start": 30, "end": 35, "value": "2016", "precision": "year"},  # not in gold
    ]
    dates = score_dates(found, gold)
    assert (dates.tp, dates.fp, dates.fn) == (1, 2, 1)
    assert dates.precision == pytest.approx(1 / 3) and dates.recall == pytest.approx(1 / 2)

    gold_quotes = [
        {"start": 1, "end": 9, "speaker": "Ann Lee"},
        {"start": 20, "end": 30, "speaker": None},
        {"start": 40, "end": 50, "speaker": "Bo Chan"},
    ]
    found_quotes = [
        {"start": 1, "end": 9, "speaker": "Ann Lee"},  # right
        {"start": 20, "end": 30, "speaker": "Ann Lee"},  # a speaker where there is none
        {"start": 40, "end": 49, "speaker": "Bo Chan"},  # one character short: not the quote
    ]
    quotes, speakers = score_quotes(found_quotes, gold_quotes)
    assert (quotes.tp, quotes.fp, quotes.fn) == (2, 1, 1)
    assert (speakers.tp, speakers.fp, speakers.fn) == (1, 1, 0)


def test_a_report_of_a_new_article_counts_from_its_own_day() -> None:
    from analysis.params import declared_parameters, with_article_dates

    defaults = {name: p.default for name, p in declared_parameters().items()}
    seed = with_article_dates(defaults, set())
    assert seed == defaults  # the seed's own day is the notebook's default
    fresh = with_article_dates({**defaults, "article_id": "fx-2016-04-hotline-talks"}, set())
    assert fresh["reference_date"] == "2016-04-20"
    assert (fresh["window_start"], fresh["window_end"]) == (
        defaults["window_start"],
        defaults["window_end"],
    )  # 2016 is inside the default window
    chosen = {**defaults, "article_id": "fx-2016-04-hotline-talks", "reference_date": "2016-04-21"}
    assert with_article_dates(chosen, {"reference_date"}) == chosen


def test_an_empty_measure_is_perfect_not_a_division_by_zero() -> None:
    assert Count().f1 == 1.0
    assert Count(fn=2).f1 == 0.0


def test_score_refuses_an_empty_fixture_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "score", "--fixtures", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "no gold article" in result.stderr


def test_json_mode_writes_nothing_and_prints_the_contract(data_dir: Path) -> None:
    before = _tree(data_dir)
    result = _draft(
        str(SEED_TEXT),
        "--published",
        "2017-03-06",
        "--reference-date",
        "2017-03-03",
        "--json",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["article"] == {"published": "2017-03-06", "reference_date": "2017-03-03"}
    text = SEED_TEXT.read_text(encoding="utf-8")
    for kind in ("dates", "quotes"):
        assert found[kind], kind
        for item in found[kind]:
            assert text[item["start"] : item["end"]] == item["text"]
    assert {"name", "title", "kind"} == set(found["actors"][0])
    assert _tree(data_dir) == before


def test_a_drafted_article_loads_as_a_report_would_and_an_existing_id_needs_force(
    data_dir: Path,
) -> None:
    from analysis.compute import resolve_events
    from analysis.load import load_annotation

    args = [str(SEED_TEXT), "--published", "2017-03-06", "--reference-date", "2017-03-03"]
    first = _draft(
        *args, "--article-id", "seed-draft", "--outlet", "Russia Beyond", data_dir=data_dir
    )
    assert first.returncode == 0, first.stderr
    assert "make report ARTICLE_ID=seed-draft\n" in first.stdout  # the default reference date
    annotation = load_annotation("seed-draft", data_dir)
    assert (annotation.claims["review"] == "drafted").all()
    assert (annotation.events["review"] == "drafted").all()
    assert set(annotation.checks["verdict"]) <= {"unconfirmed"}
    assert set(annotation.checks["evidence"]) <= {"to review"}
    assert len(resolve_events(annotation, annotation.article.metadata["default_reference_date"]))
    stored = paths.article_dir("seed-draft", data_dir) / "article.txt"
    assert stored.read_bytes() == SEED_TEXT.read_bytes()  # the text verbatim

    before = _tree(data_dir)
    again = _draft(*args, "--article-id", "seed-draft", data_dir=data_dir)
    assert again.returncode == 2 and "exists already" in again.stderr
    assert "--force" in again.stderr and _tree(data_dir) == before
    forced = _draft(*args, "--article-id", "seed-draft", "--force", data_dir=data_dir)
    assert forced.returncode == 0, forced.stderr


@pytest.mark.notebook
def test_a_drafted_article_in_data_builds_a_report_that_says_it_is_a_draft(tmp_path: Path) -> None:
    from analysis.params import declared_parameters
    from analysis.report import build_report

    parameters = {name: p.default for name, p in declared_parameters().items()}
    parameters.update(article_id="fx-2016-04-hotline-talks", reference_date="2016-04-20")
    result = build_report(parameters, output_dir=tmp_path / "report", log=lambda *_: None)
    html = (result.output_dir / "report.html").read_text(encoding="utf-8")
    assert "Draft annotation, not reviewed." in html
    assert "c01 (draft)" in html and "(draft)" in html.split("chk_", 1)[1][:40]
    dates = html.split("How each date was resolved", 1)[1]
    assert dates.count("(draft)</td>") >= 5  # every drafted event's label
    assert (result.output_dir / "report.pdf").stat().st_size > 10_000


def test_a_new_articles_day_outside_the_default_window_moves_the_window(data_copy: Path) -> None:
    from analysis.params import declared_parameters, with_article_dates

    metadata = paths.article_dir("rbth-2017-03-06-military-talks", data_copy) / "metadata.yaml"
    text = metadata.read_text(encoding="utf-8")
    metadata.write_text(
        text.replace(
            'default_reference_date: "2017-03-03"', 'default_reference_date: "2019-05-01"'
        ),
        encoding="utf-8",
    )
    defaults = {name: p.default for name, p in declared_parameters().items()}
    moved = with_article_dates({**defaults, "data_dir": str(data_copy)}, set())
    assert moved["reference_date"] == "2019-05-01"
    assert (moved["window_start"], moved["window_end"]) == ("2016-01-01", "2019-12-31")
    kept = with_article_dates({**defaults, "data_dir": str(data_copy)}, {"window_end"})
    assert (kept["window_start"], kept["window_end"]) == (
        defaults["window_start"],
        defaults["window_end"],
    )
