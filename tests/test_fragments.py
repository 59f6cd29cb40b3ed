"""Every HTML fragment of the report shows hostile text as text, through the real render functions.

A label from an article or its annotation may hold markup, a quote that would close an
attribute, an ampersand or a ``javascript:`` address: each fragment must show it, escaped, and
keep its own elements and attributes whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from analysis import render
from analysis.fragments import FRAGMENTS_DIR

HOSTILE_LABELS = (
    "<script>alert(1)</script>",
    '" onload="alert(1)',
    "Q&A <b>bold</b> & more",
    "it's \"quoted\" ' onmouseover='x",
)
INERT_URL = "javascript:alert(1)"
# The elements the fragments are made of; anything else came from the data.
OUR_ELEMENTS = {
    "a", "b", "br", "div", "em", "li", "mark", "p", "pre", "section", "span", "strong",
    "style", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "wbr",
}  # fmt: skip


class _Elements(HTMLParser):
    """The start tags of a fragment, with their attributes as the browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_inert(html: str, label: str, shown: bool = True) -> list[tuple[str, dict]]:
    """``label`` is in ``html`` only escaped, and made no element, attribute or link of its own."""
    assert isinstance(html, str)
    assert label not in html
    if shown:
        assert render.escape(label) in html
    tags = _elements(html)
    for tag, attributes in tags:
        assert tag in OUR_ELEMENTS, tag
        assert not any(name.startswith("on") for name in attributes), attributes
        href = attributes.get("href")
        assert href is None or href.startswith(("http://", "https://")), href
    return tags


def _attribute_values(tags: list[tuple[str, dict]], name: str) -> list[str | None]:
    return [attributes[name] for _, attributes in tags if name in attributes]


@pytest.fixture(params=HOSTILE_LABELS, ids=["script", "onload", "ampersand", "quotes"])
def label(request: pytest.FixtureRequest) -> str:
    return request.param


# --- small fragments ------------------------------------------------------------------------


def test_quoted_words_and_paragraphs(label: str) -> None:
    assert_inert(render.quoted(label), label)
    assert render.quoted(label) == f"\u201c{render.escape(label)}\u201d"
    tags = assert_inert(render.html_paragraphs([label, "plain"], css_class=label), label)
    assert _attribute_values(tags, "class") == [label]  # the quote did not close the attribute


def test_the_focus_lead_and_notes(label: str) -> None:
    for html in (render.render_focus_lead(label), render.render_note(label)):
        assert {tag for tag, _ in assert_inert(html, label)} <= {"p", "b"}


def test_key_values_and_header(label: str) -> None:
    tags = assert_inert(render.html_key_values({label: label}, css_class=label), label)
    assert _attribute_values(tags, "class") == [label]
    metadata = {
        "title": label,
        "outlet": label,
        "url": label,
        "date_published": dt.date(2017, 3, 6),
        "date_reported_on": dt.date(2017, 3, 3),
        "sha256": label,
    }
    params = SimpleNamespace(
        reference_date=dt.date(2017, 3, 3),
        window_start=dt.date(2014, 1, 1),
        window_end=dt.date(2017, 12, 31),
        focus_actor=label,
        include_context=True,
    )
    annotation = SimpleNamespace(article=SimpleNamespace(metadata=metadata))
    header = render.render_header(SimpleNamespace(annotation=annotation, params=params))
    assert_inert(header, label)


def test_verdict_badges_and_legend(label: str) -> None:
    tags = assert_inert(render.verdict_badge(label), label)
    assert _attribute_values(tags, "class") == [f"verdict verdict-{label}"]
    legend = render.render_verdict_legend()
    assert_inert(legend, label, shown=False)
    assert legend.count('<span class="verdict verdict-') == 4


def test_chart_captions(label: str) -> None:
    parts = [
        SimpleNamespace(caption=label),
        SimpleNamespace(caption=""),
        SimpleNamespace(caption=label),
    ]
    caption = render.chart_caption(parts)
    assert_inert(caption, label)
    assert caption.count("<p") == 1  # the same caption once
    assert render.chart_caption([SimpleNamespace(caption="")]) == ""


# --- links ----------------------------------------------------------------------------------


def test_a_link_list_links_web_addresses_only(label: str) -> None:
    html = render.link_list([INERT_URL, f"https://example.org/{label}", label])
    tags = assert_inert(html, label)
    assert _attribute_values(tags, "href") == [f"https://example.org/{label}"]
    assert html.startswith(f"{render.escape(INERT_URL)}<br>")  # shown as text, not a link
    assert 'href="javascript' not in html


def test_citations_link_web_sources_only(label: str) -> None:
    citation = {
        "publisher": label,
        "url": INERT_URL,
        "published": label,
        "kind": label,
        "is_announcement": True,
        "locator": label,
        "says": label,
    }
    web = {**citation, "url": f"https://example.org/?q={label}", "is_announcement": False}
    html = render.html_citations([citation, web])
    tags = assert_inert(html, label)
    assert _attribute_values(tags, "href") == [web["url"]]
    assert "javascript" not in html
    assert f"({render.escape(label)}, announcement)" in html


# --- tables ---------------------------------------------------------------------------------


def test_a_table_escapes_headers_cells_and_classes(label: str) -> None:
    frame = pd.DataFrame({"name": [label, None], "flag": [True, False]})
    html = render.html_table(
        frame,
        {"name": label, "flag": "Flag"},
        css_class=label,
        row_class=lambda row: label if row["flag"] else "",
    )
    tags = assert_inert(html, label)
    assert _attribute_values(tags, "class")[:2] == [label, label]
    empty = render.html_table(frame.head(0), {"name": label, "flag": "Flag"})
    assert_inert(empty, label)
    assert '<td colspan="2"><em>none</em></td>' in empty


def _citation(label: str) -> dict[str, Any]:
    """A citation whose every text is ``label``, of a source at the inert address."""
    return {
        "publisher": label,
        "url": INERT_URL,
        "published": label,
        "kind": label,
        "is_announcement": False,
        "locator": label,
        "says": label,
    }


def _check(label: str) -> dict[str, Any]:
    """A check whose every text and id is ``label``, with every note and one citation."""
    texts = ("check_id", "claim_id", "verdict", "speaker", "claim", "evidence", "caveat")
    return {
        **dict.fromkeys(texts, label),
        "contested_ids": [label],
        "record_dates": label,
        "citations": [_citation(label)],
    }


def _date_row(label: str) -> dict[str, Any]:
    """A date resolution whose every text is ``label``, changed and disagreeing."""
    texts = ("expression", "label", "date_precision", "resolved", "resolved_other")
    return {
        **dict.fromkeys(texts, label),
        "date_rule": f"{label}_rule",
        "record_date": label,
        "agrees_with_record": False,
        "is_changed": True,
    }


def _report_tables(label: str) -> SimpleNamespace:
    """A report's tables, each text field ``label``, each address the inert one."""
    contested = {
        "wording": label,
        "speaker": label,
        "neutral_description": label,
        "citations": [_citation(label)],
    }
    source = {
        **dict.fromkeys(("publisher", "title", "published", "kind"), label),
        "url": INERT_URL,
        "cited_by": [label],
        "is_announcement": True,
    }
    return SimpleNamespace(
        checks=pd.DataFrame([_check(label)]),
        contested=pd.DataFrame([contested]),
        sources=pd.DataFrame([source]),
        date_comparison=pd.DataFrame([_date_row(label)]),
        params=SimpleNamespace(reference_date=dt.date(2017, 3, 3)),
        other_reference_date=dt.date(2017, 3, 6),
    )


def test_checks_blocks(label: str) -> None:
    html = render.render_checks(_report_tables(label))
    tags = assert_inert(html, label)
    assert _attribute_values(tags, "id") == [f"check-{label}"]
    assert "javascript" not in html
    assert "Disputed wording in these words" in html and "Caveat:" in html


@pytest.mark.parametrize(
    "render_table",
    [render.render_contested, render.render_sources, render.render_date_resolution],
    ids=["contested", "sources", "dates"],
)
def test_report_tables(label: str, render_table: Callable[[Any], str]) -> None:
    html = render_table(_report_tables(label))
    assert_inert(html, label)
    assert 'href="javascript' not in html


def test_date_rules_break_only_at_their_underscores(label: str) -> None:
    html = render.render_date_resolution(_report_tables(label))
    assert f"{render.escape(label)}_<wbr>rule" in html
    assert "<b>no</b>" in html


def test_contacts(label: str) -> None:
    contacts = pd.DataFrame(
        {
            "contact_start": [pd.Timestamp("2017-03-01")],
            "date_precision": ["day"],
            "is_confirmed": [False],
            "label": [label],
            "channel": [label],
            "participants": [label],
            "origin": [label],
        }
    )
    assert_inert(render.render_contacts(contacts), label)


# --- the article and its claims -------------------------------------------------------------


def _annotation(label: str, claims: int, padding: int = 0) -> SimpleNamespace:
    """An article of ``claims`` sentences, each ``label`` and each a claim with that id."""
    sentence = f"{label}\n"
    text = sentence * claims + "x" * padding
    starts = [i * len(sentence) for i in range(claims)]
    frame = pd.DataFrame(
        {
            "claim_id": [f"{label}{i}" for i in range(claims)],
            "span": [label] * claims,
            "span_start": starts,
            "span_end": [start + len(label) for start in starts],
            "speaker_actor_id": ["a1"] * claims,
            "attribution_mode": [label] * claims,
            "claim_kind": [label] * claims,
            "topics": [[label]] * claims,
        }
    )
    actors = pd.DataFrame({"actor_id": ["a1"], "name": [label]})
    return SimpleNamespace(article=SimpleNamespace(text=text), claims=frame, actors=actors)


def test_the_annotated_article(label: str) -> None:
    annotation = _annotation(label, 3)
    html = render.html_annotated_article(annotation)
    tags = assert_inert(html, label)
    assert _attribute_values(tags, "title") == [f"{label}{i}" for i in range(3)]
    assert html.count("<br>\n") == 3
    assert render.render_article_appendix(annotation) == html


def test_claim_tables_and_long_appendices(label: str) -> None:
    short = _annotation(label, 3)
    table = render.render_claims(short.claims, short.actors)
    assert_inert(table, label)
    assert render.render_claims_appendix(short.claims, short.actors) == table
    assert render.render_claims_listed(short.claims, short.actors) == table
    count = render.APPENDIX_TABLE_MAX_CLAIMS + 1
    long = _annotation(label, count, padding=render.ARTICLE_PRINT_MAX_CHARS)
    appendix = render.render_claims_appendix(long.claims, long.actors)
    assert_inert(appendix, label)
    assert appendix.count("\n") == count - 1
    listed = render.render_claims_listed(long.claims, long.actors)
    assert_inert(listed, label)
    assert listed.count("<p><b>") == count
    article = render.render_article_appendix(long)
    assert_inert(article, label)
    assert render.escape(label) not in render.drop_screen_only(article)  # the print note only


# --- the templates themselves ---------------------------------------------------------------


def test_every_fragment_template_is_used() -> None:
    import inspect

    from analysis import explore

    source = inspect.getsource(render) + inspect.getsource(explore)
    for template in FRAGMENTS_DIR.glob("*.html.j2"):
        name = template.name.removesuffix(".html.j2")
        assert f'"{name}"' in source, name
