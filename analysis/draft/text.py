"""Sentences of running news text, found by rule: enough to attribute and to hold a claim."""

from __future__ import annotations

import bisect
import re

# Words after which a full stop does not end a sentence (titles, months, initials).
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "adm",
        "sgt",
        "cmdr",
        "rep",
        "sen",
        "gov",
        "prof",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
    }
)
# A sentence ends at . ! or ? (and any closing quotation mark) followed by space and a capital
# letter, digit or opening quotation mark; a paragraph break always ends one.
SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|\n\s*\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Each sentence's (start, end) offsets, surrounding space left out.

    >>> text = "Gen. Petr Pavel called. He said: “We talk.” Talks resume on Feb. 28 in Baku."
    >>> [text[s:e] for s, e in sentence_bounds(text)]
    ['Gen. Petr Pavel called.', 'He said: “We talk.”', 'Talks resume on Feb. 28 in Baku.']
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if _is_abbreviation(text, match):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        _add(bounds, text, start, end)
        start = match.end()
    _add(bounds, text, start, len(text))
    return bounds


def _is_abbreviation(text: str, match: re.Match[str]) -> bool:
    """Whether the full stop of ``match`` ends an abbreviation or an initial, not a sentence."""
    if not match.group().startswith("."):
        return False
    word = re.search(r"([A-Za-z.]+)$", text[max(0, match.start() - 12) : match.start()])
    if word is None:
        return False
    token = word.group(1).casefold()
    return token in ABBREVIATIONS or len(token) == 1


def sentence_start(text: str, floor: int, position: int) -> int:
    """Where the sentence holding ``position`` begins, not before ``floor`` (space skipped)."""
    start = floor
    for match in SENTENCE_END.finditer(text, floor, position):
        if not _is_abbreviation(text, match):
            start = match.end()
    while start < position and text[start].isspace():
        start += 1
    return start


def sentence_end(text: str, start: int, limit: int) -> int:
    """Where the sentence going on at ``start`` ends: after its full stop (a closing quotation
    mark left out), at a paragraph break, or at ``limit``."""
    for match in SENTENCE_END.finditer(text, start, limit):
        if not _is_abbreviation(text, match):
            return match.start() if match.group().startswith("\n") else match.start() + 1
    return limit


def _add(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Add text[start:end] without its surrounding space, if anything is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))


def sentence_at(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence holding ``offset`` (the nearest one before it, between sentences)."""
    starts = [start for start, _ in bounds]
    index = max(bisect.bisect_right(starts, offset) - 1, 0)
    return bounds[index]
