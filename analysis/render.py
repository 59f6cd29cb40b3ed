"""HTML for the report's tables and text, with every piece of outside text escaped.

Article text, annotation fields and URLs are untrusted: they are passed as data to the
fragment templates (:mod:`analysis.fragments`), which escape every value they print, so markup
in an article (``<script>``, ``<img onerror=...>``) is shown as text and never runs. A fragment
placed in another one is passed as the :class:`~markupsafe.Markup` its template produced.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from analysis.fragments import (
    SCREEN_ONLY_END,
    SCREEN_ONLY_START,
    escape_text,
    render_fragment,
    text_of,
)
from analysis.load import Annotation
from analysis.verdicts import BY_NAME, VERDICTS

if TYPE_CHECKING:
    from analysis.compute import ChartPart, ReportData

# A cell's formatter returns a fragment (Markup) to place as it is; plain text is escaped.
Formatter = Callable[[Any], "Markup | str"]


# Text safe to place in HTML, quotes included (one rule, in analysis.fragments).
escape = escape_text


def _is_web_address(url: Any) -> bool:
    """Whether ``url`` is an http(s) address, the only kind the report links to."""
    return str(url).startswith(("http://", "https://"))


def link_list(urls: Iterable[str]) -> Markup:
    """Source links, each shown as its host and path, opening outside the report."""
    links = []
    for url in urls:
        if not _is_web_address(url):
            links.append({"href": None, "text": url})
            continue
        # The host names the source; the full address is in the link and in the data files.
        shown = str(url).split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
        links.append({"href": url, "text": shown})
    return render_fragment("link_list", links=links)


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


@functools.lru_cache(maxsize=128)  # a batch's kernels send the same charts back many times
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
    _drop_unsafe_elements(root)
    for element in root.iter():
        _drop_unsafe_attributes(element)
        if _local(element.tag) == "style" and element.text and "@import" in element.text:
            element.text = ""
    return ET.tostring(root, encoding="unicode")


_SVG_ID = re.compile(r'(\bid="|\bhref="#|url\(#)([^")]+)')


def scope_svg_ids(svg: str, prefix: str) -> str:
    """``svg`` with every id, and every reference to one, prefixed.

    matplotlib numbers ids per figure (``text_5``, ``legend_1``) and names clip paths by their
    rectangle, so two charts inline in one page share ids: invalid HTML, and a clip path or
    marker that one chart uses may be found in another.

    >>> scope_svg_ids('<path id="m1"/><use xlink:href="#m1" clip-path="url(#p2)"/>', "c1-")
    '<path id="c1-m1"/><use xlink:href="#c1-m1" clip-path="url(#c1-p2)"/>'
    """
    return _SVG_ID.sub(lambda match: f"{match[1]}{prefix}{match[2]}", svg)


def _drop_unsafe_elements(root: Any) -> None:
    """Remove every element that could run code, load content or animate (and comments)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in _SVG_DROPPED:
                parent.remove(child)


def _drop_unsafe_attributes(element: Any) -> None:
    """Remove an element's event attributes, outside links and style loaded from a URL."""
    for name in list(element.attrib):
        value = element.attrib[name]
        local = _local(name).lower()
        unsafe_link = local == "href" and not value.startswith(("#", "data:image/png"))
        unsafe_style = local == "style" and "url(" in value and "url(#" not in value
        if local.startswith("on") or unsafe_link or unsafe_style:
            del element.attrib[name]


def _local(name: str) -> str:
    """An XML name without its namespace."""
    return name.rsplit("}", 1)[-1]


def quoted(value: Any) -> Markup:
    """Verbatim article words, in quotation marks."""
    return render_fragment("quoted", words=value)


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    formatters: Mapping[str, Formatter] | None = None,
    css_class: str = "report-table",
    row_class: Callable[[Mapping[str, Any]], str] | None = None,
) -> Markup:
    """An HTML table of ``frame``'s ``columns`` (name -> header), every cell escaped.

    A formatter returns a fragment (:class:`~markupsafe.Markup`), placed as it is; anything
    else it returns is text, and escaped like a cell without a formatter.
    """
    formatters = dict(formatters or {})
    rows = [
        {
            "css_class": row_class(record) if row_class else None,
            "cells": [
                {
                    "column": name,
                    "content": formatters[name](record[name])
                    if name in formatters
                    else record[name],
                }
                for name in columns
            ],
        }
        for record in frame.to_dict(orient="records")
    ]
    return render_fragment(
        "table",
        css_class=css_class,
        headers=list(columns.values()),
        rows=rows,
        row_classes=row_class is not None,
    )


def html_paragraphs(sentences: Iterable[str], css_class: str = "summary") -> Markup:
    """Sentences as an escaped bullet list."""
    return render_fragment("paragraphs", sentences=list(sentences), css_class=css_class)


def render_focus_lead(focus_name: str) -> Markup:
    """The line above the focus actor's claims, naming the actor."""
    return render_fragment("focus_lead", actor=focus_name)


def render_note(text: str) -> Markup:
    """A note in small print, escaped."""
    return render_fragment("note", text=text)


def html_key_values(pairs: Mapping[str, Any], css_class: str = "key-values") -> Markup:
    """A two-column table of labels and values, escaped."""
    return render_fragment("key_values", pairs=list(pairs.items()), css_class=css_class)


def verdict_badge(verdict: Any) -> Markup:
    """A verdict as a coloured label."""
    return render_fragment("verdict_badge", verdict=verdict, label=verdict_label(verdict))


def html_annotated_article(annotation: Annotation) -> Markup:
    """The article text with each claim's span marked and labelled by its claim id.

    Offsets come from the loader; the text between them is a piece of data of the template,
    escaped piece by piece, so the marks cannot be broken by markup in the article.
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
        covering = list(active.values())
        pieces.append(
            {
                "lines": text[lo:hi].split("\n"),
                # A piece no claim covers is plain text: no mark, and no id before it.
                "title": ", ".join(covering) if covering else None,
                "labels": starts.get(lo, []) if covering else [],
            }
        )
    return render_fragment("annotated_article", pieces=pieces)


# How a record the drafter wrote, and no person has reviewed, is marked where it is shown.
DRAFT_MARK = " (draft)"
_ANNOTATION_TABLES = ("actors", "claims", "events", "checks")


def drafted_ids(frame: pd.DataFrame, key: str) -> set[str]:
    """The keys of ``frame``'s records marked ``review: drafted``."""
    if "review" not in frame.columns or frame.empty:
        return set()
    return set(frame.loc[frame["review"] == "drafted", key])


def count_drafted(annotation: Annotation) -> int:
    """How many of the annotation's records (actors, claims, events, checks) are drafted."""
    frames = [getattr(annotation, name, None) for name in _ANNOTATION_TABLES]
    return sum(
        int((frame["review"] == "drafted").sum())
        for frame in frames
        if isinstance(frame, pd.DataFrame) and "review" in frame.columns
    )


def _mark_drafted(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """``frame`` with each drafted record's ``key`` shown with :data:`DRAFT_MARK`."""
    ids = drafted_ids(frame, key)
    if not ids:
        return frame
    return frame.assign(**{key: [f"{v}{DRAFT_MARK}" if v in ids else v for v in frame[key]]})


def render_draft_notice(annotation: Annotation) -> Markup:
    """A plain notice that the annotation is a draft, or nothing for a reviewed one."""
    drafted = count_drafted(annotation)
    if not drafted:
        return Markup("")
    return render_fragment("draft_notice", drafted=drafted, mark=DRAFT_MARK.strip())


def render_header(data: ReportData) -> Markup:
    """The article's provenance and the parameters this report was run with; for a drafted
    annotation, a notice that says so first."""
    meta = data.annotation.article.metadata
    params = data.params
    return render_draft_notice(data.annotation) + html_key_values(
        {
            "Article": meta["title"],
            "Outlet": meta["outlet"],
            "URL": meta["url"] or "none given",
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


def html_citations(citations: Iterable[Mapping[str, Any]]) -> Markup:
    """Each citation as the source's publisher (linked), date, kind and place, and what it says."""
    items = [
        {
            "href": c["url"] if _is_web_address(c["url"]) else None,
            "publisher": c["publisher"],
            "kind": c["kind"],
            "is_announcement": bool(c["is_announcement"]),
            "published": c["published"],
            "locator": c["locator"],
            "says": c["says"],
        }
        for c in citations
    ]
    return render_fragment("citations", citations=items)


def _when(value: Any) -> Any:
    """``value`` if it is there to show (truthy), else None: the template leaves it out."""
    return value if value else None


def render_checks(data: ReportData) -> Markup:
    """Each check as a block: the article's words, who says them, the verdict, and beside it
    why, with what each cited source says and where."""
    rows = [] if data.checks.empty else data.checks.to_dict(orient="records")
    annotation = getattr(data, "annotation", None)
    drafted = drafted_ids(annotation.checks, "check_id") if annotation is not None else set()
    checks = [
        {
            "check_id": row["check_id"] + (DRAFT_MARK if row["check_id"] in drafted else ""),
            "claim_id": row["claim_id"],
            "badge": verdict_badge(row["verdict"]),
            "speaker": row["speaker"],
            "words": quoted(row["claim"]),
            "evidence": row["evidence"],
            "caveat": _when(row["caveat"]),
            "contested": ", ".join(row["contested_ids"]) if row["contested_ids"] else None,
            "record_dates": _when(row["record_dates"]),
            "citations": html_citations(row["citations"]),
        }
        for row in rows
    ]
    return render_fragment("checks", checks=checks)


def render_verdict_legend() -> Markup:
    """What each verdict means, with its badge."""
    return html_key_values(
        {verdict_badge(v.name): v.meaning for v in VERDICTS}, "key-values verdict-legend"
    )


def render_contested(data: ReportData) -> Markup:
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


def render_sources(data: ReportData) -> Markup:
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
            "url": lambda url: link_list([url]),
            "cited_by": lambda ids: ", ".join(ids),
        },
        row_class=lambda row: "announcement" if row["is_announcement"] else "",
    )


def _word_breaks(word: Any) -> Markup:
    """One long word that may break after each underscore."""
    return render_fragment("word_breaks", parts=text_of(word).split("_"))


def render_date_resolution(data: ReportData) -> Markup:
    """Each date expression, its rule and resolution under both reference dates; a drafted
    event's label is marked as such."""
    ref = data.params.reference_date.isoformat()
    other = data.other_reference_date.isoformat()
    comparison = data.date_comparison
    annotation = getattr(data, "annotation", None)
    drafted = drafted_ids(annotation.events, "event_id") if annotation is not None else set()
    if drafted:
        comparison = comparison.assign(
            label=[
                f"{label}{DRAFT_MARK}" if event_id in drafted else label
                for event_id, label in zip(comparison["event_id"], comparison["label"], strict=True)
            ]
        )
    return html_table(
        comparison,
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
            "date_rule": _word_breaks,
            "agrees_with_record": lambda v: render_fragment("agreement", agrees=v),
        },
        row_class=lambda row: "changed" if row["is_changed"] else "",
    )


def render_claims(claims: pd.DataFrame, actors: pd.DataFrame) -> Markup:
    """Claims with their exact words, character offsets, speaker and attribution."""
    claims = _mark_drafted(claims, "claim_id")
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


def drop_screen_only(html: str) -> str:
    """The page without the blocks marked as shown on screen only (see SCREEN_ONLY_START)."""
    pattern = re.escape(SCREEN_ONLY_START) + ".*?" + re.escape(SCREEN_ONLY_END)
    return re.sub(pattern, "", html, flags=re.S)


# Beyond this many claims the appendix is an index, not a table: a table row per claim
# would take hundreds of printed pages and most of the PDF's time and memory. The index is
# for looking claims up on screen; in print it is left out, and a note says so. It is one
# block of text lines, as every element costs the PDF renderer memory even when hidden.
APPENDIX_TABLE_MAX_CLAIMS = 200


def _plain(name: Any) -> str:
    """A code name (``said_directly``) as words."""
    return str(name).replace("_", " ")


def render_claims_appendix(claims: pd.DataFrame, actors: pd.DataFrame) -> Markup:
    """Every claim for the appendix: the full table, or for a long article a compact index.

    Up to :data:`APPENDIX_TABLE_MAX_CLAIMS` claims this is :func:`render_claims`. Past it,
    each claim is one line of an index (id, speaker, attribution, kind, topics, offsets),
    shown on screen only: its words are marked with the same id in the article
    text that follows, and ``claims.csv`` holds every field. Notes say so on screen and in
    print.
    """
    if len(claims) <= APPENDIX_TABLE_MAX_CLAIMS:
        return render_claims(claims, actors)
    claims = _mark_drafted(claims, "claim_id")
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    lines = "\n".join(
        f"{row.claim_id}  {names.get(row.speaker_actor_id, row.speaker_actor_id)} \u2014 "
        f"{_plain(row.attribution_mode)}, {_plain(row.claim_kind)}"
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
    return render_fragment(
        "claim_index", screen_note=screen_note, print_note=print_note, lines=lines
    )


def render_claims_listed(claims: pd.DataFrame, actors: pd.DataFrame) -> Markup:
    """Claims as :func:`render_claims` shows them, but one paragraph each, for long lists.

    Up to :data:`APPENDIX_TABLE_MAX_CLAIMS` claims this is :func:`render_claims`. Past it,
    each claim is a line with its id, its words, who says them and how, and its offsets: a
    table row each would take three times the printed pages. A note says so.
    """
    if len(claims) <= APPENDIX_TABLE_MAX_CLAIMS:
        return render_claims(claims, actors)
    claims = _mark_drafted(claims, "claim_id")
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    entries = [
        {
            "claim_id": row.claim_id,
            "words": quoted(row.span),
            "speaker": names.get(row.speaker_actor_id, row.speaker_actor_id),
            "attribution": _plain(row.attribution_mode),
            "kind": _plain(row.claim_kind),
            "topics": ", ".join(row.topics),
            "offsets": f"{row.span_start}\u2013{row.span_end}",
        }
        for row in claims.itertuples()
    ]
    note = (
        f"{len(claims)} claims, one a line rather than in a table, for length; claims.csv "
        "holds every field of each."
    )
    return render_fragment("claim_list", note=note, claims=entries)


# Longer article texts (about 15 printed pages) are shown on screen only: in print they
# would take most of the PDF's pages, time and memory, and the HTML report carries them.
ARTICLE_PRINT_MAX_CHARS = 60_000


def render_article_appendix(annotation: Annotation) -> Markup:
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
    return render_fragment("screen_only_article", note=note, article=article)


def chart_caption(parts: Iterable[ChartPart]) -> Markup:
    """What a section's charts group or leave out, once, as an escaped note; '' if nothing."""
    captions = dict.fromkeys(part.caption for part in parts if part.caption)
    return render_fragment("chart_notes", notes=list(captions))


def render_contacts(contacts: pd.DataFrame) -> Markup:
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
