"""End to end: the notebook runs under papermill; the report is exported offline to HTML and PDF."""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis import paths
from analysis.report import ReportError, build_report
from tests.conftest import REPORT_SECTIONS, child_pids, is_zombie

pytestmark = pytest.mark.notebook

SEED = "rbth-2017-03-06-military-talks"
A4_POINTS = (595.28, 841.89)
RESOURCE_ATTRIBUTES = {
    "src",
    "srcset",
    "data",
    "poster",
    "background",
    "action",
    "formaction",
    "xlink:href",
}


def defaults(**overrides: object) -> dict[str, object]:
    from analysis.params import declared_parameters

    values = {name: p.default for name, p in declared_parameters().items()}
    values.update(overrides)
    return values


def quiet(*_: object) -> None:
    """Keep the build's progress lines out of the test output."""


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / SEED
    build_report(defaults(), output_dir=out, log=quiet)
    return out


@pytest.fixture(scope="module")
def other_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Non-default parameters: the English edition's date, another focus actor, no record."""
    out = tmp_path_factory.mktemp("other") / "other"
    build_report(
        defaults(
            reference_date="2017-03-06",
            focus_actor="pavel",
            window_start="2013-01-01",
            window_end="2018-12-31",
            include_context=False,
        ),
        output_dir=out,
        log=quiet,
    )
    return out


class TagCollector(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def chart_images_of_png(html: str) -> list[str]:
    return [
        attrs["src"] or ""
        for tag, attrs in parse_tags(html)
        if tag == "img" and (attrs.get("src") or "").startswith("data:image/png")
    ]


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def chart_svgs(html: str) -> list[str]:
    """The inline SVG charts of a report page, each as its markup."""
    return re.findall(r'<div class="jp-RenderedSVG[^"]*"[^>]*>\s*(<svg.*?</svg>)', html, re.S)


def test_report_folder_holds_every_output(seed_report: Path) -> None:
    names = {p.name for p in seed_report.iterdir()}
    assert {
        "report.html",
        "report.pdf",
        "report.ipynb",
        "claims.csv",
        "events.csv",
        "events.json",
        "timeline.json",
        "checks.jsonld",
    } <= names
    assert not any(p.name.startswith(".") for p in seed_report.parent.iterdir()), "staging left"


def test_html_loads_nothing_from_another_host(seed_report: Path) -> None:
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    tags = parse_tags(html)
    assert not [t for t, _ in tags if t in {"script", "iframe", "object", "embed", "base"}]
    for tag, attrs in tags:
        for name, value in attrs.items():
            if name in RESOURCE_ATTRIBUTES and value:
                # A chart's <use> points at a shape defined in the same SVG ("#id").
                inside = tag == "use" and value.startswith("#")
                assert inside or value.startswith("data:"), (
                    f"<{tag} {name}={value[:60]!r}> loads a resource"
                )
        if tag == "link":
            assert (attrs.get("rel") or "") not in {"stylesheet", "preload", "import", "icon"}
    assert "@import" not in html
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", html):
        assert url.startswith(("data:", "#")), f"CSS loads {url[:60]}"
    # Links to sources are navigation, not resources; they must not be javascript: links.
    for tag, attrs in tags:
        if tag == "a" and attrs.get("href"):
            assert attrs["href"].startswith(("http://", "https://", "#"))


def test_html_holds_the_charts_and_sections(seed_report: Path) -> None:
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    charts = chart_svgs(html)
    assert len(charts) >= 6, "timeline, week, speakers, network and verdict charts expected"
    assert all(len(svg) > 5_000 and "<text" in svg for svg in charts)
    assert not chart_images_of_png(html), "charts are vector graphics, not PNG"
    # The font the labels were measured with travels with the page, cut to what they use.
    assert html.count("@font-face { font-family: 'DejaVu Sans'") >= 2  # regular and bold
    for heading in REPORT_SECTIONS:
        assert heading in html
    for verdict in ("supported", "overstated", "contradicted", "unconfirmed"):
        assert f"verdict-{verdict}" in html
    # Beside every verdict, what each of its sources says and where.
    checks = yaml.safe_load(
        (paths.annotation_dir(SEED) / "checks.yaml").read_text(encoding="utf-8")
    )["checks"]
    text = html_unescape(html)  # the exporter writes quotes in text as they are
    for check in checks:
        assert f'id="check-{check["check_id"]}"' in html
        for citation in check["citations"]:
            assert citation["says"] in text and citation["locator"] in text
    assert "def show(" not in html, "code must be hidden"
    assert "In&nbsp;[" not in html, "prompts must be hidden"


def test_summary_figures_come_from_the_data(seed_report: Path) -> None:
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    claims = (seed_report / "claims.csv").read_text(encoding="utf-8")
    import pandas as pd

    frame = pd.read_csv(seed_report / "claims.csv")
    assert claims
    assert f"The article makes {len(frame)} claims" in html
    modes = frame["attribution_mode"].value_counts()
    assert f"{modes['direct_quote']} direct quotes" in html


def test_pdf_is_a4_renders_and_cuts_no_chart(seed_report: Path) -> None:
    import pypdfium2
    from pypdf import PdfReader

    pdf_path = seed_report / "report.pdf"
    reader = PdfReader(pdf_path)
    assert len(reader.pages) >= 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1

    document = pypdfium2.PdfDocument(pdf_path)
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        # Vector charts: no raster image anywhere in the PDF.
        assert not list(page.get_objects(filter=(pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8))
        bitmap = page.render(scale=0.5).to_pil().convert("L")
        dark = sum(1 for value in bitmap.tobytes() if value < 200)
        assert dark > 500, f"page {index + 1} looks blank"
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    pdf_text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    # The charts' text is text: titles and actor names can be searched in the PDF.
    for label in ("Contacts by channel", "Checked claims by speaker and verdict", "Petr Pavel"):
        assert label in pdf_text, label
    assert len(chart_svgs(html)) >= 6
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Russia" in text and "contradicted" in text


def test_exported_data_is_well_formed(seed_report: Path) -> None:
    import pandas as pd

    claims = pd.read_csv(seed_report / "claims.csv")
    article = (paths.DATA_DIR / "articles" / SEED / "article.txt").read_text(encoding="utf-8")
    for row in claims.itertuples():
        assert article[row.span_start : row.span_end] == row.span

    events = json.loads((seed_report / "events.json").read_text(encoding="utf-8"))
    by_expression = {e["expression"]: e for e in events}
    assert by_expression["three years ago"]["date_label"] == "2014"
    assert by_expression["three years ago"]["date_precision"] == "year"
    assert by_expression["today"]["event_start"] == "2017-03-03"
    assert all(e["reference_date"] == "2017-03-03" for e in events)

    timeline = json.loads((seed_report / "timeline.json").read_text(encoding="utf-8"))
    assert timeline["title"]["text"]["headline"]
    assert timeline["eras"], "phases are TimelineJS eras"
    for slide in timeline["events"]:
        assert set(slide["start_date"]) <= {"year", "month", "day"}
        assert slide["start_date"]["year"].isdigit()
    year_only = [s for s in timeline["events"] if set(s["start_date"]) == {"year"}]
    assert year_only, "year-precision events carry no month or day"

    reviews = json.loads((seed_report / "checks.jsonld").read_text(encoding="utf-8"))
    assert reviews["@context"] == "https://schema.org"
    graph = reviews["@graph"]
    assert graph and all(r["@type"] == "ClaimReview" for r in graph)
    assert {r["reviewRating"]["alternateName"] for r in graph} == {
        "Supported",
        "Overstated",
        "Contradicted",
        "Unconfirmed",
    }
    for review in graph:
        assert review["itemReviewed"]["appearance"]["url"].startswith("https://www.rbth.com/")
        assert review["citation"]
        for citation in review["citation"]:
            assert citation["@type"] == "CreativeWork"
            assert citation["url"].startswith(("http://", "https://"))
            assert citation["publisher"]["name"] and citation["position"]
            assert len(citation["description"]) >= 30  # what the source says there


def test_notebook_runs_with_other_parameters(other_report: Path) -> None:
    executed = nbformat.read(other_report / "report.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'reference_date = "2017-03-06"' in injected[0].source
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) >= 5 and not [o for o in outputs if "image/png" in o.get("data", {})]
    html = (other_report / "report.html").read_text(encoding="utf-8")
    # The choice of reference date changes one resolution, and the report says so.
    assert "differently with reference date 2017-03-06" in html
    assert "the record says 2017-03-03" in html
    events = json.loads((other_report / "events.json").read_text(encoding="utf-8"))
    assert {e["expression"]: e for e in events}["today"]["event_start"] == "2017-03-06"
    assert "Petr Pavel" in html


def write_hostile_article(data_dir: Path) -> str:
    """An article whose text, title and annotation carry script and event-handler markup."""
    article_id = "hostile-markup"
    text = (
        'Hostile <script>alert("article")</script> headline\n\n'
        "The ministry said <img src=x onerror=alert(1)> the talks went well today.\n"
    )
    folder = data_dir / "articles" / article_id
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(text, encoding="utf-8")
    metadata = {
        "article": [
            {
                "article_id": article_id,
                "title": '<script>alert("title")</script> Hostile',
                "outlet": "<b onmouseover=alert(2)>Outlet</b>",
                "url": "https://example.org/hostile",
                "language": "en",
                "date_published": "2017-03-06",
                "date_reported_on": "2017-03-03",
                "date_retrieved": "2026-11-27",
                "default_reference_date": "2017-03-03",
                "rights_note": "<iframe src=https://example.org></iframe> test fixture",
                "text_file": "article.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
        ]
    }
    (folder / "metadata.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    record = data_dir / "record"
    record.mkdir(parents=True)
    record_tables: dict[str, list[dict[str, object]]] = {
        "sources": [
            {
                "source_id": "s_hostile",
                "url": "https://example.org/a",
                "publisher": "<script>alert('publisher')</script>Wire",
                "title": "<img src=x onerror=alert(5)>",
                "published": "2017-03-03",
                "language": "en",
                "kind": "wire",
                "retrieved": "2026-11-27",
                "is_announcement": False,
            }
        ],
        "actors": [],
        "record_events": [],
        "phases": [],
    }
    for name, records in record_tables.items():
        (record / f"{name}.yaml").write_text(
            yaml.safe_dump({name: records}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    hostile_citation = {
        "source_id": "s_hostile",
        "locator": "<b onmouseover=alert(6)>paragraph 1</b>",
        "says": "<script>alert('says')</script> The wire reports the talks on that day.",
    }
    notes = data_dir / "annotations" / article_id
    notes.mkdir(parents=True)
    tables = {
        "actors": [
            {
                "actor_id": "ministry",
                "name": "<script>alert('actor')</script>Ministry",
                "actor_type": "organisation",
                "side": "russia",
            },
            {
                "actor_id": "outlet",
                "name": "Outlet",
                "actor_type": "media",
                "side": "media",
            },
        ],
        "claims": [
            {
                "claim_id": "c01",
                "span": 'Hostile <script>alert("article")</script> headline',
                "speaker_actor_id": "outlet",
                "attribution_mode": "narration",
                "claim_kind": "event_report",
                "topics": ["military_contacts"],
            },
            {
                "claim_id": "c02",
                "span": "<img src=x onerror=alert(1)> the talks went well today.",
                "speaker_actor_id": "ministry",
                "attribution_mode": "paraphrase",
                "attribution_cue": "The ministry said",
                "claim_kind": "event_report",
                "topics": ["military_contacts"],
            },
        ],
        "events": [
            {
                "event_id": "e_talks",
                "label": "<img src=x onerror=alert(3)> talks",
                "expression": "today",
                "claim_id": "c02",
                "event_type": "contact",
                "channel": "meeting",
                "participant_actor_ids": ["ministry", "outlet"],
            }
        ],
        "checks": [
            {
                "check_id": "k01",
                "claim_id": "c02",
                "verdict": "unconfirmed",
                "evidence": "<script>alert('evidence')</script>",
                "contested_ids": ["w01"],
                "citations": [hostile_citation],
            }
        ],
        "contested": [
            {
                "contested_id": "w01",
                "span": "<img src=x onerror=alert(1)>",
                "claim_id": "c02",
                "neutral_description": "<svg onload=alert(4)>",
                "citations": [hostile_citation],
            }
        ],
    }
    for name, records in tables.items():
        (notes / f"{name}.yaml").write_text(
            yaml.safe_dump({name: records}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return article_id


def test_markup_in_an_article_comes_out_escaped(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    article_id = write_hostile_article(data_dir)
    out = tmp_path / "report"
    build_report(
        defaults(article_id=article_id, data_dir=str(data_dir), focus_actor="ministry"),
        output_dir=out,
        log=quiet,
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    tags = parse_tags(html)
    assert "<script" not in html.lower()
    assert not [t for t, _ in tags if t in {"script", "iframe", "foreignobject"}]
    # The actor's hostile name is drawn in the charts as text, escaped.
    assert all("<script" not in svg for svg in chart_svgs(html))
    assert not [(t, a) for t, a in tags for name in a if name.startswith("on")]
    assert not [a for t, a in tags if t == "img" and not (a.get("src") or "").startswith("data:")]
    # An apostrophe in text is safe escaped or not; the angle brackets are what must be.
    text = html.replace("&#x27;", "'").replace("&#39;", "'")
    assert "&lt;script&gt;alert(" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;alert('says')&lt;/script&gt;" in text
    assert "&lt;script&gt;alert('publisher')&lt;/script&gt;Wire" in text
    assert "&lt;b onmouseover=alert(6)&gt;paragraph 1&lt;/b&gt;" in text
    assert (out / "report.pdf").stat().st_size > 1_000


def our_kernels() -> set[int]:
    """The kernels this test process has started and not yet stopped (live children)."""
    return {
        pid
        for pid in child_pids(os.getpid())
        if not is_zombie(pid) and b"ipykernel" in _command_line(pid)
    }


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_kernel_that_cannot_start_fails_the_report_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No kernel (ipykernel missing, say): one line saying why, nothing left behind, the
    previous report as it was."""
    from analysis.kernels import WarmKernel

    out = tmp_path / SEED
    build_report(defaults(), output_dir=out, log=quiet)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def cannot_launch(self: WarmKernel) -> None:
        raise RuntimeError("No such kernel named python3")

    monkeypatch.setattr(WarmKernel, "launch", cannot_launch)
    kernels_before = our_kernels()
    with pytest.raises(ReportError) as raised:
        build_report(defaults(), output_dir=out, log=quiet)
    message = str(raised.value)
    assert "\n" not in message and "No such kernel named python3" in message
    assert "previous report" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SEED, f"{SEED}.failed"])
    assert our_kernels() <= kernels_before


def test_bad_parameter_fails_before_the_kernel_and_touches_nothing(tmp_path: Path) -> None:
    """An unknown focus actor is refused before a kernel starts: no staging, no failed folder."""
    from analysis.params import ParameterError

    out = tmp_path / SEED
    out.mkdir()
    with pytest.raises(ParameterError) as raised:
        build_report(defaults(focus_actor="nobody"), output_dir=out, log=quiet)
    message = str(raised.value)
    assert "focus_actor" in message and "'nobody'" in message
    assert message.endswith("zhuravlev)"), "the list of known actors is cut short"
    assert list(tmp_path.iterdir()) == [out] and not list(out.iterdir())


def test_failed_run_keeps_previous_report_and_failed_notebook(tmp_path: Path) -> None:
    """A cell that raises leaves the previous report as it was and keeps the failed notebook,
    with the cell's own error in one line (not papermill's banner)."""
    out = tmp_path / SEED
    build_report(defaults(), output_dir=out, log=quiet)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    planted = tmp_path / "notebook" / "report.py"
    planted.parent.mkdir()
    planted.write_text(
        paths.REPORT_NOTEBOOK.read_text(encoding="utf-8")
        + '\n# %%\nraise RuntimeError("planted failure")\n',
        encoding="utf-8",
    )
    kernels_before = our_kernels()
    with pytest.raises(ReportError) as raised:
        build_report(defaults(), output_dir=out, notebook_source=planted, log=quiet)
    # The run's kernel stops with it: none is left behind.
    assert our_kernels() <= kernels_before
    message = str(raised.value)
    failed = tmp_path / f"{SEED}.failed" / "report.ipynb"
    assert "\n" not in message
    assert message.startswith("report failed: in notebook cell ")
    assert "RuntimeError: planted failure" in message
    assert "PapermillExecutionError" not in message
    assert str(failed) in message
    assert "previous report" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    executed = nbformat.read(failed, as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors and errors[0]["ename"] == "RuntimeError"
    record = json.loads((failed.parent / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "failed" and set(record["files"]) == {
        p.name for p in failed.parent.iterdir()
    }
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "staging left"
    # The next good run replaces the failed folder it recognises as its own.
    build_report(defaults(), output_dir=out, log=quiet)
    assert not failed.parent.exists()
