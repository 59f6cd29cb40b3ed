"""Charts as vector graphics: SVG whose text stays text, cleaned, in the font it was laid out in."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib.text import Text

from analysis import charts
from analysis.display import figure_svg
from analysis.fonts import chart_font_css, chart_text, subset_font
from analysis.render import SvgError, clean_svg

matplotlib.use("agg")

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def verdict_chart(name: str = "Valery Gerasimov") -> str:
    charts.apply_report_style()
    table = pd.DataFrame(
        [[1, 2, 3, 4]],
        index=[name],
        columns=["supported", "overstated", "contradicted", "unconfirmed"],
    )
    return figure_svg(charts.plot_verdicts(table, title="Checked claims"))


def test_a_chart_is_svg_with_its_text_as_text() -> None:
    svg = verdict_chart()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<text" in svg and "Valery Gerasimov" in svg and "Checked claims" in svg
    assert "<image" not in svg and "<metadata" not in svg
    assert "font-family: 'DejaVu Sans'" in svg


def test_the_same_chart_gives_the_same_bytes() -> None:
    assert verdict_chart() == verdict_chart()


def test_labels_from_the_annotation_stay_text() -> None:
    svg = verdict_chart(HOSTILE)
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg


@pytest.mark.parametrize(
    ("payload", "absent"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<g onload="alert(1)"><rect/></g>', "onload"),
        ('<rect onclick="alert(1)" width="1"/>', "onclick"),
        ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript:"),
        ('<a xlink:href="https://example.org/"><text>x</text></a>', "example.org"),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "div"),
        ('<set attributeName="onmouseover" to="alert(1)"/>', "<set"),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', "animate"),
        ('<image href="https://example.org/x.png"/>', "example.org"),
        ('<rect style="fill: url(https://example.org/x)"/>', "example.org"),
        ("<style>@import url(https://example.org/x.css);</style>", "@import"),
    ],
)
def test_clean_svg_drops_what_could_run_or_load(payload: str, absent: str) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<rect width="2" height="2"/>{payload}</svg>'
    )
    cleaned = clean_svg(svg)
    assert absent not in cleaned
    assert '<rect width="2" height="2"' in cleaned


def test_clean_svg_keeps_links_within_the_chart() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><path id="p1" d="M0 0"/></defs><use xlink:href="#p1"/></svg>'
    )
    assert 'xlink:href="#p1"' in clean_svg(svg)


@pytest.mark.parametrize(
    "svg",
    [
        "no svg here",
        '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
    ],
)
def test_clean_svg_refuses_what_is_not_a_chart(svg: str) -> None:
    with pytest.raises(SvgError):
        clean_svg(svg)


def test_the_font_subset_holds_every_character_the_charts_draw() -> None:
    svg = verdict_chart("Jean-Maurice Ripert – Фомин")
    text = chart_text([svg])
    assert {"J", "Ф", "–", "0", "9"} <= set(text)
    from pathlib import Path

    import matplotlib as mpl

    path = Path(mpl.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    subset = TTFont(io.BytesIO(subset_font(path, text)))
    cmap = subset.getBestCmap()
    assert all(ord(c) in cmap for c in text if not c.isspace())
    assert ord("Ж") not in cmap  # only what is drawn
    assert len(subset_font(path, text)) < path.stat().st_size / 10


def test_the_font_css_has_the_faces_the_charts_use_and_nothing_without_charts() -> None:
    css = chart_font_css([verdict_chart()])  # regular and bold (the totals), no italics
    assert css.count("@font-face") == 2
    assert css.count("src: url(data:font/ttf;base64,") == 2
    for weight, style in (("400", "normal"), ("700", "normal")):
        assert f"font-weight: {weight}; font-style: {style};" in css
    italic = '<svg><text style="font-style: italic">Two other speakers</text></svg>'
    assert chart_font_css([italic]).count("font-style: italic;") == 2
    assert chart_font_css([]) == ""
    assert chart_font_css([verdict_chart()]) == css  # the same bytes every build


def test_the_font_subset_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds a second apart (or at once) embed the same bytes: the font's own date stays."""
    from pathlib import Path

    import fontTools.ttLib.tables._h_e_a_d as head

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    first = subset_font(path, "Petr Pavel")
    monkeypatch.setattr(head, "timestampNow", lambda: 4_000_000_000)
    assert subset_font(path, "Petr Pavel") == first


@pytest.mark.parametrize("title_words", [6, 14, 40])
def test_a_long_title_stays_inside_the_chart(title_words: int) -> None:
    """Without a tight bounding box the figure is the image: a title must fit its width."""
    charts.apply_report_style()
    table = pd.DataFrame([[1, 0, 0, 0]], index=["A"], columns=list(charts.VERDICT_COLORS))
    title = " ".join(["Phases, and the dates as the article gives them"] * 8).split()
    fig = charts.plot_verdicts(table, title=" ".join(title[:title_words]))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    [ax] = fig.axes
    titles = [t for t in fig.findobj(Text) if t.get_text().startswith("Phases")]
    assert len(titles) == 1
    drawn = [*titles, *fig.texts, *ax.texts, *ax.get_yticklabels()]  # not ticks out of view
    for text in drawn:
        if text.get_text() and text.get_visible():
            box = text.get_window_extent(renderer)
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, text.get_text()
