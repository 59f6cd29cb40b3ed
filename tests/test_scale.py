"""The report at scale: a synthetic article of 2,000 claims, 500 events and 100 actors.

The data comes from :mod:`tests.synthetic`. Every chart the notebook draws is drawn here the
way the notebook draws it, and checked as the seed's charts are in ``test_charts.py``: no
overlapping labels, nothing outside the figure, at most a printed page tall, and every
grouping or omission stated in the chart itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape as html_unescape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: tests never open a window

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

from analysis import charts, compute, render
from analysis.compute import ChartPart, ReportData, prepare_report
from analysis.dates import resolve_date_expression
from analysis.params import validate_parameters
from analysis.tables import ARTICLE_TABLES, RECORD_TABLES, SOURCE_KINDS
from tests.synthetic import (
    OUTLET_ID,
    SYNTHETIC_ARTICLE_ID,
    SyntheticArticle,
    SyntheticSizes,
    write_synthetic_article,
)
from tests.test_charts import (
    _assert_legends_clear,
    _assert_readable,
    _by_gid,
    _outside_figure,
    _overlapping,
    _texts,
)

WINDOW = ("2014-01-01", "2017-12-31")
# A4's text area is 10.35 inches tall (report.css: 16 and 18 mm margins); a chart is a little
# narrower there than its 7.2 inches, and sits between margins of a few points.
PAGE_IN = 10.2


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> SyntheticArticle:
    return write_synthetic_article(tmp_path_factory.mktemp("scale") / "data")


@pytest.fixture(scope="module")
def data(synthetic: SyntheticArticle) -> ReportData:
    params = validate_parameters(
        synthetic.article_id,
        "2017-03-03",
        *WINDOW,
        synthetic.focus_actor,
        True,
        str(synthetic.data_dir),
    )
    return prepare_report(params)


@pytest.fixture
def close_figures() -> Iterator[list[Figure]]:
    figures: list[Figure] = []
    yield figures
    for fig in figures:
        plt.close(fig)


def _drawn(fig: Figure, figures: list[Figure]) -> Figure:
    figures.append(fig)
    fig.canvas.draw()
    return fig


def _focus_name(data: ReportData) -> str:
    actors = data.annotation.actors.set_index("actor_id")
    return str(actors.loc[data.params.focus_actor, "name"])


def _assert_fits_a_page(fig: Figure) -> None:
    assert fig.get_size_inches()[1] <= PAGE_IN, fig.get_size_inches()


def _assert_note_drawn(fig: Figure, part: ChartPart) -> None:
    """The chart prints its part's note, in full, or prints none when there is none."""
    notes = _texts(fig, "note")
    if not part.note:
        assert notes == []
        return
    [note] = notes
    assert note.get_text().split() == part.note.split()


# --- The generator ---------------------------------------------------------------------------


def test_generator_writes_the_sizes_asked(synthetic: SyntheticArticle) -> None:
    sizes = SyntheticSizes()
    assert synthetic.counts["claims"] == sizes.claims == 2_000
    assert synthetic.counts["events"] == sizes.events == 500
    assert synthetic.counts["actors"] == sizes.actors == 100
    assert synthetic.counts["checks"] == sizes.checks
    assert synthetic.counts["contested"] == sizes.contested
    assert synthetic.counts["record_events"] == sizes.record_events
    assert synthetic.counts["phases"] == sizes.phases
    assert synthetic.counts["sources"] > sizes.record_events  # one or two for each, and more


def _tables(folder: Path, names: dict) -> dict[str, list[dict]]:
    return {
        name: yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))[name]
        for name in names
    }


def test_generator_writes_the_record_apart(synthetic: SyntheticArticle) -> None:
    """The record holds the actors its events and phases name (and their organisations); the
    article's own actors, the outlet among them, are the rest: 100 in all, none in both."""
    record = _tables(synthetic.data_dir / "record", RECORD_TABLES)
    own = _tables(synthetic.data_dir / "annotations" / synthetic.article_id, ARTICLE_TABLES)
    record_ids = {a["actor_id"] for a in record["actors"]}
    own_ids = {a["actor_id"] for a in own["actors"]}
    assert OUTLET_ID in own_ids and not record_ids & own_ids
    assert len(record_ids | own_ids) == len(record["actors"]) + len(own["actors"]) == 100
    named = {a for r in record["record_events"] for a in r["participant_actor_ids"]}
    named |= {p["actor_id"] for p in record["phases"] if "actor_id" in p}
    named |= {a["affiliation_actor_id"] for a in record["actors"] if "affiliation_actor_id" in a}
    assert named == record_ids
    source_ids = {s["source_id"] for s in record["sources"]}
    for name in ("record_events", "phases"):
        for row in record[name]:
            assert {c["source_id"] for c in row["citations"]} <= source_ids


def test_generator_keeps_to_the_record_rules(data: ReportData) -> None:
    """Every verdict and kind of source occurs; announcements are owned up to in a caveat,
    and contested wording inside checked words is linked (the loader refuses it otherwise)."""
    checks, sources = data.checks, data.sources
    assert set(checks["verdict"]) == {"supported", "overstated", "contradicted", "unconfirmed"}
    assert set(sources["kind"]) == set(SOURCE_KINDS)
    announced = checks[checks["citations"].map(lambda cs: any(c["is_announcement"] for c in cs))]
    assert len(announced) > 0
    assert announced["caveat"].str.contains("announcement").all()
    assert (checks["contested_ids"].map(len) > 0).sum() >= 10
    for cited in (*checks["citations"], *data.contested["citations"]):
        assert cited and all(c["locator"] and len(c["says"]) >= 30 for c in cited)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    small = SyntheticSizes(claims=120, events=40, actors=40, record_events=20, checks=30)
    first = write_synthetic_article(tmp_path / "a", seed=7, sizes=small)
    second = write_synthetic_article(tmp_path / "b", seed=7, sizes=small)
    other = write_synthetic_article(tmp_path / "c", seed=8, sizes=small)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(first.data_dir) == files(second.data_dir)
    assert files(first.data_dir) != files(other.data_dir)


def test_validate_command_accepts_it(
    synthetic: SyntheticArticle, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis.__main__ import main

    assert main(["validate", "--data-dir", str(synthetic.data_dir), synthetic.article_id]) == 0
    out = capsys.readouterr().out
    assert f"{SYNTHETIC_ARTICLE_ID}: valid (100 actors, 2000 claims, 500 events" in out


def test_generator_text_is_varied(data: ReportData) -> None:
    annotation = data.annotation
    claims, actors = annotation.claims, annotation.actors
    assert set(claims["attribution_mode"]) == {"direct_quote", "paraphrase", "narration"}
    assert claims["speaker_actor_id"].nunique() > 60
    lengths = actors["name"].str.len()
    assert lengths.min() <= 5 and lengths.max() >= 60  # "NATO" to a directorate's full name
    rules = set(data.events["date_rule"])
    assert {
        "explicit_date",
        "month_day_before_reference",
        "years_before_reference",
        "explicit_year",
        "deictic_today",
        "day_after_anchor",
        "duration_before_anchor",
    } <= rules
    text = annotation.article.text
    for row in claims.itertuples():
        assert text[row.span_start : row.span_end] == row.span


def test_generator_dates_resolve_to_the_days_it_meant(data: ReportData) -> None:
    """A linked article event and its record event agree, but for the few made to differ."""
    comparison = data.date_comparison
    linked = comparison[comparison["agrees_with_record"].notna()]
    assert len(linked) > 100
    assert 0 < (linked["agrees_with_record"] == False).sum() < 0.1 * len(linked)  # noqa: E712
    today = resolve_date_expression("today", data.params.reference_date)
    assert (data.events["event_start"] == pd.Timestamp(today.start)).any()


# --- Chart data: groups and selections ---------------------------------------------------------


def test_timeline_parts_account_for_every_item(data: ReportData) -> None:
    parts = compute.timeline_parts(data.timeline, data.params.reference_date)
    drawn: list[str] = []
    for part in parts:
        only_phases = bool((part.frame["item_kind"] == "phase").all())
        rows = compute.TIMELINE_PAGE_ROWS * (4 if only_phases else 3) // 3
        assert len(part.frame) <= rows, part.title
        for row in part.frame.to_dict(orient="records"):
            members = row.get("member_ids")
            drawn += members if isinstance(members, list) else [row["item_id"]]
    assert sorted(drawn) == sorted(data.timeline["item_id"])
    kinds = data.timeline.groupby("origin")["item_kind"].count()
    assert kinds.sum() > 2 * compute.TIMELINE_PAGE_ROWS * compute.MAX_PAGES  # it had to group


def test_timeline_groups_are_stated(data: ReportData) -> None:
    parts = compute.timeline_parts(data.timeline, data.params.reference_date)
    grouped = 0
    for part in parts:
        groups = part.frame[part.frame["item_type"] == "group"] if len(part.frame) else []
        for row in groups.itertuples() if len(groups) else []:
            grouped += 1
            assert row.label.startswith(f"{len(row.member_ids)} ")  # "12 events: 5 contacts, …"
            assert part.note and "group several events" in part.note
        if part.note:
            assert part.caption and "How each date was resolved" in part.caption
    assert grouped > 10


def test_week_parts_account_for_every_contact(data: ReportData) -> None:
    parts = compute.week_contact_parts(data.week_contacts, "Week")
    drawn: list[str] = []
    for part in parts:
        for row in part.frame.to_dict(orient="records"):
            members = row.get("member_ids")
            drawn += members if isinstance(members, list) else [row["contact_id"]]
    assert sorted(drawn) == sorted(data.week_contacts["contact_id"])
    if any(len(p.frame) < len(data.week_contacts) for p in parts):
        assert all("(part " in p.title for p in parts) or len(parts) == 1


def test_speakers_sum_to_every_claim(data: ReportData) -> None:
    part = compute.top_speakers(data.speakers, "Speakers", _focus_name(data))
    assert len(part.frame) == compute.MAX_SPEAKER_ROWS
    assert int(part.frame.to_numpy().sum()) == len(data.annotation.claims)
    assert part.summary_row == part.frame.index[-1]
    n_rest = len(data.speakers) - (compute.MAX_SPEAKER_ROWS - 1)
    assert part.summary_row == f"{n_rest} other speakers"
    assert f"the other {n_rest}" in part.note
    assert _focus_name(data) in part.frame.index


def test_speakers_keep_a_quiet_focus_speaker(data: ReportData) -> None:
    quiet = str(data.speakers.index[-1])
    part = compute.top_speakers(data.speakers, "Speakers", quiet)
    assert part.frame.index[-2] == quiet
    assert "and the focus speaker" in part.note


def test_network_selection_says_what_it_leaves_out(data: ReportData) -> None:
    edges = data.contact_edges
    part = compute.select_network(edges, data.annotation.actors, "N", data.params.focus_actor)
    shown = part.frame
    actors = set(shown["source_actor_id"]) | set(shown["target_actor_id"])
    assert data.params.focus_actor in actors
    assert len(actors) <= compute.MAX_NETWORK_ACTORS
    assert len(shown) <= compute.MAX_NETWORK_EDGES
    inside = edges[edges["source_actor_id"].isin(actors) & edges["target_actor_id"].isin(actors)]
    assert int(shown.get("contacts", pd.Series(1, index=shown.index)).sum()) == len(inside)
    all_actors = set(edges["source_actor_id"]) | set(edges["target_actor_id"])
    assert f"{len(actors)} of {len(all_actors)} actors" in part.note
    assert f"{len(inside)} of {len(edges)} pairwise contacts" in part.note
    assert f"the {len(edges) - len(inside)} contacts of the other" in part.note
    actor_table = data.annotation.actors
    names = dict(zip(actor_table["actor_id"], actor_table["name"], strict=True))
    for actor in all_actors - actors:
        assert names[actor] in part.caption


def test_seed_sized_frames_come_back_as_they_are(data: ReportData) -> None:
    few = data.contact_edges.head(5)
    assert compute.select_network(few, data.annotation.actors, "N").frame is few
    assert compute.top_speakers(data.speakers.head(5), "S").note == ""
    week = compute.week_contact_parts(data.week_contacts.head(3), "Week")
    assert [p.title for p in week] == ["Week"] and week[0].note == ""


# --- Every chart the notebook draws ------------------------------------------------------------


def test_timeline_charts_are_readable(data: ReportData, close_figures: list[Figure]) -> None:
    p = data.params
    parts = compute.timeline_parts(data.timeline, p.reference_date)
    assert len(parts) >= 3
    for part in parts:
        fig = _drawn(
            charts.plot_timeline(
                part.frame,
                p.window_start,
                p.window_end,
                title=part.title,
                reference_date=p.reference_date,
                note=part.note,
            ),
            close_figures,
        )
        labels = _texts(fig, "label:", "header:", "note")
        assert _overlapping(fig, labels) == [], part.title
        assert _outside_figure(fig, labels) == [], part.title
        _assert_readable(fig)
        _assert_legends_clear(fig)
        _assert_fits_a_page(fig)
        _assert_note_drawn(fig, part)
        for row in part.frame.to_dict(orient="records"):
            assert len(_by_gid(fig, f"label:{row['item_id']}")) == 1
            starts = row.get("member_starts")
            if isinstance(starts, list) and starts:
                for member in row["member_ids"]:  # each grouped event is its own point
                    assert len(_by_gid(fig, member)) == 1


def test_week_charts_are_readable(data: ReportData, close_figures: list[Figure]) -> None:
    parts = compute.week_contact_parts(data.week_contacts, "Contacts")
    assert len(parts) >= 2
    for part in parts:
        fig = _drawn(
            charts.plot_contact_week(
                part.frame, data.week_start, data.week_end, title=part.title, note=part.note
            ),
            close_figures,
        )
        labels = _texts(fig, "label:", "participants:", "note")
        assert _overlapping(fig, labels) == [], part.title
        assert _outside_figure(fig, labels) == [], part.title
        _assert_readable(fig)
        _assert_legends_clear(fig)
        _assert_fits_a_page(fig)
        _assert_note_drawn(fig, part)
        for row in part.frame.to_dict(orient="records"):
            members = row.get("member_ids")
            if isinstance(members, list):
                [label] = _by_gid(fig, f"label:{row['contact_id']}:{row['origin']}")
                assert label.get_text().startswith(f"{len(members)} ")


def test_speakers_chart_is_readable(data: ReportData, close_figures: list[Figure]) -> None:
    focus = _focus_name(data)
    part = compute.top_speakers(data.speakers, "Claims by speaker and attribution", focus)
    fig = _drawn(
        charts.plot_speakers(
            part.frame, part.title, focus, summary_row=part.summary_row, note=part.note
        ),
        close_figures,
    )
    [ax] = fig.axes
    ticks = list(ax.get_yticklabels())
    assert len(ticks) == compute.MAX_SPEAKER_ROWS
    texts = [*ticks, *_texts(fig, "total:", "count:", "note")]
    assert _overlapping(fig, texts) == []
    assert _outside_figure(fig, texts) == []
    _assert_readable(fig)
    _assert_legends_clear(fig)
    _assert_fits_a_page(fig)
    _assert_note_drawn(fig, part)
    assert ticks[-1].get_text() == part.summary_row and ticks[-1].get_fontstyle() == "italic"
    [highlighted] = [t for t in ticks if t.get_bbox_patch() is not None]
    assert highlighted.get_text().replace("\n", " ") == focus
    # Long names wrap to two lines at most, and leave the bars most of the width.
    assert all(t.get_text().count("\n") <= 1 for t in ticks)
    assert ax.get_position().width * charts.FIGURE_WIDTH > 3.5


def test_verdicts_chart_is_readable(data: ReportData, close_figures: list[Figure]) -> None:
    """The verdicts by speaker, drawn as the notebook draws them: checks from dozens of
    speakers still fit a printed page, labels clear of each other."""
    table = compute.count_verdicts_by_speaker(data.checks)
    assert len(table) > compute.MAX_SPEAKER_ROWS  # more speakers than a chart has rows
    part = compute.top_speakers(
        table, "Checked claims by speaker and verdict", _focus_name(data), counted="checked claims"
    )
    assert len(part.frame) == compute.MAX_SPEAKER_ROWS
    assert part.frame.sum().sum() == table.sum().sum()  # the last row sums the others
    fig = _drawn(
        charts.plot_verdicts(
            part.frame,
            title=part.title,
            focus_name=_focus_name(data),
            summary_row=part.summary_row,
            note=part.note,
        ),
        close_figures,
    )
    _assert_note_drawn(fig, part)
    [ax] = fig.axes
    texts = [*ax.get_yticklabels(), *_texts(fig, "total:", "count:", "note")]
    assert _overlapping(fig, texts) == []
    assert _outside_figure(fig, texts) == []
    _assert_readable(fig)
    _assert_legends_clear(fig)
    _assert_fits_a_page(fig)


def test_network_chart_is_readable(data: ReportData, close_figures: list[Figure]) -> None:
    actors = data.annotation.actors
    focus = data.params.focus_actor
    part = compute.select_network(data.contact_edges, actors, "Contacts by channel", focus)
    fig = _drawn(
        charts.plot_contact_network(part.frame, actors, part.title, focus, note=part.note),
        close_figures,
    )
    texts = _texts(fig, "node-label:", "node-role:", "edge-label:", "note")
    assert len(_texts(fig, "edge-label:")) == len(part.frame)
    assert _overlapping(fig, texts) == []
    assert _outside_figure(fig, texts) == []
    _assert_readable(fig)
    _assert_legends_clear(fig)
    _assert_fits_a_page(fig)
    _assert_note_drawn(fig, part)
    assert _by_gid(fig, f"focus:{focus}")
    merged = part.frame[part.frame["contacts"] > 1] if "contacts" in part.frame else []
    assert len(merged) > 0
    for index in merged.index:
        [label] = _by_gid(fig, f"edge-label:{index}")
        assert re.fullmatch(r"\d+ contacts, \d{4}(–\d{4})?( \?)?", label.get_text())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_network_stays_readable_for_other_articles(
    tmp_path: Path, seed: int, close_figures: list[Figure]
) -> None:
    """Other draws of the generator: another busiest actor, other hubs and long names."""
    written = write_synthetic_article(tmp_path, seed=seed)
    params = validate_parameters(
        written.article_id, "2017-03-03", *WINDOW, written.focus_actor, True, str(tmp_path)
    )
    data = prepare_report(params)
    actors = data.annotation.actors
    part = compute.select_network(data.contact_edges, actors, "N", written.focus_actor)
    fig = _drawn(
        charts.plot_contact_network(part.frame, actors, "N", written.focus_actor, note=part.note),
        close_figures,
    )
    texts = _texts(fig, "node-label:", "node-role:", "edge-label:", "note")
    assert _overlapping(fig, texts) == []
    assert _outside_figure(fig, texts) == []
    _assert_fits_a_page(fig)


def test_long_appendices_say_where_they_are(data: ReportData) -> None:
    appendix = render.render_claims_appendix(data.annotation.claims, data.annotation.actors)
    assert "<table" not in appendix and "2000 claims" in appendix
    assert appendix.count("\n") == len(data.annotation.claims) - 1  # one index line a claim
    assert "claims.csv" in appendix and "left out of print" in appendix
    article = render.render_article_appendix(data.annotation)
    assert 'class="screen-only"' in article and "left out of print" in article
    assert article.count('class="claim"') >= len(data.annotation.claims)


def test_long_claim_lists_are_lines_not_tables(data: ReportData) -> None:
    claims, actors = data.annotation.claims, data.annotation.actors
    short = render.render_claims_listed(claims.head(render.APPENDIX_TABLE_MAX_CLAIMS), actors)
    assert short == render.render_claims(claims.head(render.APPENDIX_TABLE_MAX_CLAIMS), actors)
    long = render.render_claims_listed(claims.head(300), actors)
    assert "<table" not in long and "300 claims, one a line" in long
    assert long.count("<p><b>") == 300
    for span in claims.head(300)["span"]:
        assert render.quoted(span) in long


def test_date_table_keeps_to_the_page_width(data: ReportData) -> None:
    """Rule names are long single words: they may break after an underscore."""
    table = render.render_date_resolution(data)
    assert "years_<wbr>before_<wbr>reference" in table
    assert "years_before_reference" not in table


# --- The whole report ----------------------------------------------------------------------------


@pytest.mark.notebook
def test_report_builds_at_scale(synthetic: SyntheticArticle, tmp_path: Path) -> None:
    import pypdfium2

    from analysis.params import declared_parameters
    from analysis.report import build_report
    from tests.test_report import chart_svgs

    parameters = {name: p.default for name, p in declared_parameters().items()}
    parameters.update(
        article_id=synthetic.article_id,
        focus_actor=synthetic.focus_actor,
        data_dir=str(synthetic.data_dir),
    )
    result = build_report(parameters, output_dir=tmp_path / "report", log=lambda _: None)
    assert {"report.html", "report.pdf", "claims.csv"} <= {p.name for p in result.files}
    html = (result.output_dir / "report.html").read_text(encoding="utf-8")
    # Every grouping and omission is stated in the report's text, not only in the charts.
    for stated in (
        "group several events",
        "How each date was resolved",
        "contacts of one day by the same channel and source share a row",
        "other speakers",
        "Not in the contact network",
        "too many for a table",
        "left out of print",
    ):
        assert stated in html, stated
    charts = chart_svgs(html)
    assert len(charts) >= 10  # timeline parts, the week's parts, speakers, network, verdicts

    document = pypdfium2.PdfDocument(result.output_dir / "report.pdf")
    pages = [document[i] for i in range(len(document))]
    for page in pages:  # vector charts: no raster image on any page
        assert not list(page.get_objects(filter=(pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8))
    # Every chart's title is searchable text in the PDF (the chart was printed, as text).
    pdf_text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pages)
    for svg in charts:
        texts = [html_unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
        longest = max(texts, key=len)
        assert " ".join(longest.split()) in pdf_text, longest
