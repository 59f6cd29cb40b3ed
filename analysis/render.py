"""HTML for the report's tables and text, with every piece of outside text escaped.

Article text, annotation fields and URLs are untrusted: they are escaped here before they
reach a notebook output, so markup in an article (``<script>``, ``<img onerror=...>``) is shown
as text and never runs.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.load import Annotation
from analysis.verdicts import BY_NAME, VERDICTS

if TYPE_CHECKING:
    from analysis.compute import ChartPart, ReportData

Formatter = Callable[[Any], str]


def escape(value: Any) -> str:
    """Text safe to place in HTML, quotes included.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def link_list(urls: Iterable[str]) -> str:
    """Source links, each shown as its host and path, opening outside the report."""
    links = []
    for url in urls:
        if not str(url).startswith(("http://", "https://")):
            links.append(escape(url))
            continue
        # The host names the source; the full address is in the link and in the data files.
        shown = str(url).split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
        links.append(
            f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(shown)}</a>'
        )
    return "<br>".join(links)


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that could run code, load something or hold HTML; never part of a chart.
_SVG_DROPPED = {
    "script",
    "foreignObject",
    "iframe",
    "object",
    "embed",
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
    "metadata",
    "handler",
    "listener",
}


class SvgError(ValueError):
    """SVG that cannot be read as a chart."""


def clean_svg(svg: str) -> str:
    """An SVG document as one ``<svg>`` element safe to place inline in the report.

    Chart labels come from the annotation, so the SVG is untrusted text like any other:
    matplotlib escapes it, and this keeps only what draws. Elements that run code, load
    content or animate are dropped, and so are event attributes (``on*``), links that are
    not to the same document or a ``data:image`` and style that loads from a URL. A document
    type or entity declaration is refused.
    """
    import xml.etree.ElementTree as ET

    start = svg.find("<svg")
    if start < 0:
        raise SvgError("no <svg> element")
    if "<!ENTITY" in svg or "<!DOCTYPE" in svg[start:]:
        raise SvgError("SVG with a document type or entity declaration")
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    try:
        root = ET.fromstring(svg[start:])
    except ET.ParseError as exc:
        raise SvgError(f"unreadable SVG: {exc}") from None
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in _SVG_DROPPED:
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            value = element.attrib[name]
            local = _local(name).lower()
            unsafe_link = local == "href" and not value.startswith(("#", "data:image/png"))
            unsafe_style = local == "style" and "url(" in value and "url(#" not in value
            if local.startswith("on") or unsafe_link or unsafe_style:
                del element.attrib[name]
        if _local(element.tag) == "style" and element.text and "@import" in element.text:
            element.text = ""
    return ET.tostring(root, encoding="unicode")


def _local(name: str) -> str:
    """An XML name without its namespace."""
    return name.rsplit("}", 1)[-1]


def quoted(value: Any) -> str:
    """Verbatim article words, in quotation marks."""
    return f"\u201c{escape(value)}\u201d"


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    formatters: Mapping[str, Formatter] | None = None,
    css_class: str = "report-table",
    row_class: Callable[[Mapping[str, Any]], str] | None = None,
) -> str:
    """An HTML table of ``frame``'s ``columns`` (name -> header), every cell escaped.

    A formatter returns HTML and is responsible for escaping what it includes.
    """
    formatters = dict(formatters or {})
    head = "".join(f"<th>{escape(header)}</th>" for header in columns.values())
    body = []
    for record in frame.to_dict(orient="records"):
        cells = []
        for name in columns:
            value = record[name]
            cell = formatters[name](value) if name in formatters else escape(value)
            cells.append(f'<td class="col-{escape(name)}">{cell}</td>')
        klass = f' class="{escape(row_class(record))}"' if row_class else ""
        body.append(f"<tr{klass}>{''.join(cells)}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(columns)}"><em>none</em></td></tr>')
    return (
        f'<table class="{escape(css_class)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def html_paragraphs(sentences: Iterable[str], css_class: str = "summary") -> str:
    """Sentences as an escaped bullet list."""
    items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
    return f'<ul class="{escape(css_class)}">{items}</ul>'


def html_key_values(pairs: Mapping[str, Any], css_class: str = "key-values") -> str:
    """A two-column table of labels and values, escaped."""
    rows = "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>" for key, value in pairs.items()
    )
    return f'<table class="{escape(css_class)}"><tbody>{rows}</tbody></table>'


def verdict_badge(verdict: Any) -> str:
    """A verdict as a coloured label."""
    label = escape(verdict_label(verdict))
    return f'<span class="verdict verdict-{escape(verdict)}">{label}</span>'


def html_annotated_article(annotation: Annotation) -> str:
    """The article text with each claim's span marked and labelled by its claim id.

    Offsets come from the loader; the text between them is escaped piece by piece, so the
    marks cannot be broken by markup in the article.
    """
    text = annotation.article.text
    claims = annotation.claims.sort_values("span_start")
    bounds = sorted({0, len(text), *claims["span_start"], *claims["span_end"]})
    starts: dict[int, list[str]] = {}
    for claim_id, start in zip(claims["claim_id"], claims["span_start"], strict=True):
        starts.setdefault(int(start), []).append(str(claim_id))
    spans = [
        (int(s), int(e), str(cid))
        for s, e, cid in zip(
            claims["span_start"], claims["span_end"], claims["claim_id"], strict=True
        )
    ]
    # The claims covering each piece, swept along the text in start order: a claim covers
    # every piece from its start up to its end, as both are piece bounds.
    active: dict[int, str] = {}
    next_span = 0
    pieces = []
    for lo, hi in itertools.pairwise(bounds):
        active = {i: cid for i, cid in active.items() if spans[i][1] > lo}
        while next_span < len(spans) and spans[next_span][0] <= lo:
            if spans[next_span][1] > lo:
                active[next_span] = spans[next_span][2]
            next_span += 1
        segment = escape(text[lo:hi]).replace("\n", "<br>\n")
        covering = list(active.values())
        label = "".join(f'<sup class="claim-id">{escape(c)}</sup>' for c in starts.get(lo, []))
        if covering:
            pieces.append(
                f'{label}<mark class="claim" title="{escape(", ".join(covering))}">{segment}</mark>'
            )
        else:
            pieces.append(segment)
    return f'<div class="annotated-article">{"".join(pieces)}</div>'


def render_header(data: ReportData) -> str:
    """The article's provenance and the parameters this report was run with."""
    meta = data.annotation.article.metadata
    params = data.params
    return html_key_values(
        {
            "Article": meta["title"],
            "Outlet": meta["outlet"],
            "URL": meta["url"],
            "Published (this edition)": meta["date_published"].isoformat(),
            "Reports on": meta["date_reported_on"].isoformat(),
            "Reference date used": params.reference_date.isoformat(),
            "Timeline window": f"{params.window_start:%Y-%m-%d} to {params.window_end:%Y-%m-%d}",
            "Focus actor": params.focus_actor,
            "Public-record events shown": "yes" if params.include_context else "no",
            "Text checksum (SHA-256)": meta["sha256"],
        }
    )


def verdict_label(verdict: Any) -> str:
    """A verdict as the report names it."""
    known = BY_NAME.get(str(verdict))
    return known.label if known else str(verdict)


def html_citations(citations: Iterable[Mapping[str, Any]]) -> str:
    """Each citation as the source's publisher (linked), date, kind and place, and what it says."""
    items = []
    for c in citations:
        source = f"{escape(c['publisher'])}"
        if str(c["url"]).startswith(("http://", "https://")):
            source = f'<a href="{escape(c["url"])}" rel="noopener noreferrer nofollow">{source}</a>'
        kind = escape(c["kind"]) + (", announcement" if c["is_announcement"] else "")
        items.append(
            f'<li><span class="cite-source">{source}</span>, {escape(c["published"])} '
            f'<span class="cite-kind">({kind})</span>, {escape(c["locator"])}: '
            f'<span class="cite-says">{escape(c["says"])}</span></li>'
        )
    return f'<ul class="citations">{"".join(items)}</ul>'


def render_checks(data: ReportData) -> str:
    """Each check as a block: the article's words, who says them, the verdict, and beside it
    why, with what each cited source says and where."""
    if data.checks.empty:
        return "<p><em>No claims are checked.</em></p>"
    blocks = []
    for row in data.checks.to_dict(orient="records"):
        caveat = (
            f'<p class="caveat"><strong>Caveat:</strong> {escape(row["caveat"])}</p>'
            if row["caveat"]
            else ""
        )
        contested = (
            f'<p class="note">Disputed wording in these words: '
            f"{escape(', '.join(row['contested_ids']))} (see Contested wording).</p>"
            if row["contested_ids"]
            else ""
        )
        dates = (
            f'<p class="note">Record dates: {escape(row["record_dates"])}</p>'
            if row["record_dates"]
            else ""
        )
        ids = f"{escape(row['claim_id'])} \u00b7 {escape(row['check_id'])}"
        blocks.append(
            f'<section class="check" id="check-{escape(row["check_id"])}">'
            f'<p class="check-head">{verdict_badge(row["verdict"])} '
            f'<span class="check-id">{ids}</span> '
            f"{escape(row['speaker'])}: {quoted(row['claim'])}</p>"
            f'<p class="evidence">{escape(row["evidence"])}</p>{caveat}{contested}{dates}'
            f"{html_citations(row['citations'])}</section>"
        )
    return "".join(blocks)


def render_verdict_legend() -> str:
    """What each verdict means, with its badge."""
    rows = "".join(
        f"<tr><th>{verdict_badge(v.name)}</th><td>{escape(v.meaning)}</td></tr>" for v in VERDICTS
    )
    return f'<table class="key-values verdict-legend"><tbody>{rows}</tbody></table>'


def render_contested(data: ReportData) -> str:
    """Contested wording beside a neutral description and what its sources say."""
    return html_table(
        data.contested,
        {
            "wording": "Article's words",
            "speaker": "Speaker",
            "neutral_description": "Neutral description",
            "citations": "Sources",
        },
        formatters={"wording": quoted, "citations": html_citations},
    )


def render_sources(data: ReportData) -> str:
    """The Sources appendix: every source cited, its publisher, date and kind, and what cites it."""
    return html_table(
        data.sources,
        {
            "publisher": "Publisher",
            "title": "Title",
            "published": "Date",
            "kind": "Kind",
            "url": "Link",
            "cited_by": "Cited by",
        },
        formatters={
            "kind": lambda kind: escape(kind),
            "url": lambda url: link_list([url]),
            "cited_by": lambda ids: escape(", ".join(ids)),
        },
        row_class=lambda row: "announcement" if row["is_announcement"] else "",
    )


def render_date_resolution(data: ReportData) -> str:
    """Each date expression, its rule and resolution under both reference dates."""
    ref = data.params.reference_date.isoformat()
    other = data.other_reference_date.isoformat()
    return html_table(
        data.date_comparison,
        {
            "expression": "As written",
            "label": "Event",
            "date_rule": "Rule",
            "date_precision": "Precision",
            "resolved": f"Resolved ({ref})",
            "resolved_other": f"Resolved ({other})",
            "record_date": "Record date",
            "agrees_with_record": f"Agrees ({ref})",
        },
        formatters={
            "expression": quoted,
            # A rule's name is one long word: it may break after each underscore, so the
            # table keeps to the page's width instead of running off its right edge.
            "date_rule": lambda v: escape(v).replace("_", "_<wbr>"),
            "agrees_with_record": lambda v: "" if v is None else ("yes" if v else "<b>no</b>"),
        },
        row_class=lambda row: "changed" if row["is_changed"] else "",
    )


def render_claims(claims: pd.DataFrame, actors: pd.DataFrame) -> str:
    """Claims with their exact words, character offsets, speaker and attribution."""
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    frame = claims.assign(
        speaker=claims["speaker_actor_id"].map(names),
        offsets=[
            f"{s}\u2013{e}" for s, e in zip(claims["span_start"], claims["span_end"], strict=True)
        ],
        topic_list=claims["topics"].map(", ".join),
    )
    return html_table(
        frame,
        {
            "claim_id": "Claim",
            "span": "Article's words",
            "offsets": "Characters",
            "speaker": "Speaker",
            "attribution_mode": "Attribution",
            "claim_kind": "Kind",
            "topic_list": "Topics",
        },
        formatters={"span": quoted},
    )


# Blocks shown on screen only are also marked with these comments, so that the PDF step
# can leave them out of the document it lays out: hidden by CSS alone, they still cost the
# PDF renderer their memory and time. Escaped text can hold no "<!--", so the marks are ours.
SCREEN_ONLY_START = "<!-- screen-only -->"
SCREEN_ONLY_END = "<!-- /screen-only -->"


def drop_screen_only(html: str) -> str:
    """The page without the blocks marked as shown on screen only (see SCREEN_ONLY_START)."""
    pattern = re.escape(SCREEN_ONLY_START) + ".*?" + re.escape(SCREEN_ONLY_END)
    return re.sub(pattern, "", html, flags=re.S)


# Beyond this many claims the appendix is an index, not a table: a table row per claim
# would take hundreds of printed pages and most of the PDF's time and memory. The index is
# for looking claims up on screen; in print it is left out, and a note says so. It is one
# block of text lines, as every element costs the PDF renderer memory even when hidden.
APPENDIX_TABLE_MAX_CLAIMS = 200
_CLAIM_INDEX_STYLE = (
    "<style>pre.claim-index { font-family: inherit; font-size: 8pt; line-height: 1.4;"
    " background: none; padding: 0; }"
    " @media print { .claim-index, .claim-index-note { display: none; } }"
    " @media screen { .claim-index-print-note { display: none; } }</style>"
)


def render_claims_appendix(claims: pd.DataFrame, actors: pd.DataFrame) -> str:
    """Every claim for the appendix: the full table, or for a long article a compact index.

    Up to :data:`APPENDIX_TABLE_MAX_CLAIMS` claims this is :func:`render_claims`. Past it,
    each claim is one line of an index (id, speaker, attribution, kind, topics, offsets),
    shown on screen only: its words are marked with the same id in the article
    text that follows, and ``claims.csv`` holds every field. Notes say so on screen and in
    print.
    """
    if len(claims) <= APPENDIX_TABLE_MAX_CLAIMS:
        return render_claims(claims, actors)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    lines = "\n".join(
        f"{row.claim_id}  {names.get(row.speaker_actor_id, row.speaker_actor_id)} \u2014 "
        f"{str(row.attribution_mode).replace('_', ' ')}, {str(row.claim_kind).replace('_', ' ')}"
        f"; {', '.join(row.topics)}; characters {row.span_start}\u2013{row.span_end}"
        for row in claims.itertuples()
    )
    screen_note = (
        f"The article makes {len(claims)} claims, too many for a table: each is listed here "
        "with who makes it and how, its words are marked with the same id in the article text "
        "below, and claims.csv holds every field."
    )
    print_note = (
        f"The article makes {len(claims)} claims. Their index (the speaker, attribution, kind, "
        "topics and offsets of each) is left out of print for its length: it is in the HTML "
        "report, and claims.csv holds every field of every claim, its words included."
    )
    return (
        f'{_CLAIM_INDEX_STYLE}<p class="note claim-index-note">{escape(screen_note)}</p>'
        f'<p class="note claim-index-print-note">{escape(print_note)}</p>'
        f'{SCREEN_ONLY_START}<pre class="claim-index">{escape(lines)}</pre>{SCREEN_ONLY_END}'
    )


_CLAIM_LIST_STYLE = (
    "<style>.claim-list p { margin: 0 0 4px; padding-left: 1.2em; text-indent: -1.2em;"
    " font-size: 8.8pt; break-inside: avoid; }</style>"
)


def render_claims_listed(claims: pd.DataFrame, actors: pd.DataFrame) -> str:
    """Claims as :func:`render_claims` shows them, but one paragraph each, for long lists.

    Up to :data:`APPENDIX_TABLE_MAX_CLAIMS` claims this is :func:`render_claims`. Past it,
    each claim is a line with its id, its words, who says them and how, and its offsets: a
    table row each would take three times the printed pages. A note says so.
    """
    if len(claims) <= APPENDIX_TABLE_MAX_CLAIMS:
        return render_claims(claims, actors)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    entries = "".join(
        f"<p><b>{escape(row.claim_id)}</b> {quoted(row.span)} "
        f'<span class="note">{escape(names.get(row.speaker_actor_id, row.speaker_actor_id))}, '
        f"{escape(str(row.attribution_mode).replace('_', ' '))}, "
        f"{escape(str(row.claim_kind).replace('_', ' '))}; {escape(', '.join(row.topics))}; "
        f"characters {row.span_start}\u2013{row.span_end}</span></p>"
        for row in claims.itertuples()
    )
    note = (
        f"{len(claims)} claims, one a line rather than in a table, for length; claims.csv "
        "holds every field of each."
    )
    return (
        f'{_CLAIM_LIST_STYLE}<p class="note">{escape(note)}</p>'
        f'<div class="claim-list">{entries}</div>'
    )


# Longer article texts (about 15 printed pages) are shown on screen only: in print they
# would take most of the PDF's pages, time and memory, and the HTML report carries them.
ARTICLE_PRINT_MAX_CHARS = 60_000
_SCREEN_ONLY_STYLE = (
    "<style>@media print { .screen-only { display: none; } }"
    " @media screen { .print-only { display: none; } }</style>"
)


def render_article_appendix(annotation: Annotation) -> str:
    """The annotated article (:func:`html_annotated_article`); a long one on screen only.

    Past :data:`ARTICLE_PRINT_MAX_CHARS` characters the text is left out of print, and a
    note in print says where it is.
    """
    article = html_annotated_article(annotation)
    length = len(annotation.article.text)
    if length <= ARTICLE_PRINT_MAX_CHARS:
        return article
    note = (
        f"The article's text ({length:,} characters, each claim marked with its id) is left "
        "out of print for its length: it is in the HTML report, beside this PDF."
    )
    return (
        f'{_SCREEN_ONLY_STYLE}<p class="note print-only">{escape(note)}</p>'
        f'{SCREEN_ONLY_START}<div class="screen-only">{article}</div>{SCREEN_ONLY_END}'
    )


def chart_caption(parts: Iterable[ChartPart]) -> str:
    """What a section's charts group or leave out, once, as an escaped note; '' if nothing."""
    captions = dict.fromkeys(part.caption for part in parts if part.caption)
    return "".join(f'<p class="note chart-note">{escape(text)}</p>' for text in captions)


def render_contacts(contacts: pd.DataFrame) -> str:
    """Contacts with date, channel, participants and origin."""
    frame = contacts.assign(
        date=[
            ts.strftime("%Y-%m-%d")
            if p == "day"
            else ts.strftime("%Y-%m")
            if p == "month"
            else str(ts.year)
            for ts, p in zip(contacts["contact_start"], contacts["date_precision"], strict=True)
        ],
        confirmed=contacts["is_confirmed"].map(lambda v: "" if v else "unconfirmed"),
    )
    return html_table(
        frame,
        {
            "date": "Date",
            "label": "Contact",
            "channel": "Channel",
            "participants": "Participants",
            "origin": "Told by",
            "confirmed": "",
        },
    )
