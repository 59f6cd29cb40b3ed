"""Text measured as the renderer draws it, and wrapped to a width in inches.

Layouts are computed from these sizes rather than left to automatic layout, so labels can be
kept apart before anything is drawn. Sizes depend only on the text, its font and the dpi.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text


def text_size(
    dpi: float, text: str, size: float, weight: str = "normal", linespacing: float = 1.2
) -> tuple[float, float]:
    """Width and height of ``text`` in inches, as a figure of ``dpi`` would draw it."""
    if not text:
        return 0.0, 0.0
    return _measure_text(text, size, weight, linespacing, float(dpi))


@functools.lru_cache(maxsize=65_536)
def _measure_text(
    text: str, size: float, weight: str, linespacing: float, dpi: float
) -> tuple[float, float]:
    # Layout measures the same strings many times over (wrapping tries each prefix), and a
    # batch of reports measures the same labels again: the size depends on nothing else.
    fig, renderer = _scratch_canvas(dpi)
    probe = Text(
        0,
        0,
        text,
        fontsize=size,
        fontweight=weight,
        fontfamily="DejaVu Sans",
        linespacing=linespacing,
    )
    probe.set_figure(fig)
    box = probe.get_window_extent(renderer)
    return box.width / dpi, box.height / dpi


@functools.lru_cache(maxsize=8)
def _scratch_canvas(dpi: float) -> tuple[Figure, Any]:
    """A figure and renderer kept only for measuring text."""
    fig = Figure(figsize=(1.0, 1.0), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig, fig.canvas.get_renderer()


def greedy_lines(
    dpi: float, words: Sequence[str], size: float, max_in: float, weight: str
) -> list[str]:
    """Words filled into lines no wider than ``max_in`` inches, each line as full as it goes."""
    lines: list[str] = []
    start = 0
    while start < len(words):
        end = _longest_fit(dpi, words, start, size, max_in, weight)
        lines.append(" ".join(words[start:end]))
        start = end
    return lines


def _longest_fit(
    dpi: float, words: Sequence[str], start: int, size: float, max_in: float, weight: str
) -> int:
    """The end of the longest run of words from ``start`` that fits (one word at least).

    A line's width only grows as words are added, so the longest run that fits is what adding
    words one at a time would give. The run is guessed from the words' own widths, then
    measured whole: about two measurements a line instead of one a word.
    """

    def fits(end: int) -> bool:
        return text_size(dpi, " ".join(words[start:end]), size, weight)[0] <= max_in

    space = text_size(dpi, "a a", size, weight)[0] - 2 * text_size(dpi, "a", size, weight)[0]
    end, guess = start + 1, text_size(dpi, words[start], size, weight)[0]
    while end < len(words):
        guess += space + text_size(dpi, words[end], size, weight)[0]
        if guess > max_in:
            break
        end += 1
    while end < len(words) and fits(end + 1):
        end += 1
    while end > start + 1 and not fits(end):
        end -= 1
    return end


def wrap_to_width(
    dpi: float,
    text: str | Sequence[str],
    size: float,
    max_in: float,
    weight: str = "normal",
    max_lines: int | None = None,
) -> list[str]:
    """Words of ``text`` in lines no wider than ``max_in`` inches (a lone long word may be).

    ``text`` may be given as its words already, so a phrase that must not break (a date) can
    be one word. The lines are balanced: as few as fit, then as narrow as keeps them that
    few, so no word is left alone on a last line. Past ``max_lines`` the last line kept ends
    in an ellipsis.
    """
    words = str(text).split() if isinstance(text, str) else list(text)
    lines = greedy_lines(dpi, words, size, max_in, weight)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;") + "…"
    elif len(lines) > 1:
        lines = _balanced_lines(dpi, words, size, max_in, weight, len(lines))
    return lines or [""]


def _balanced_lines(
    dpi: float, words: Sequence[str], size: float, max_in: float, weight: str, count: int
) -> list[str]:
    """The words in ``count`` lines at the narrowest width that still needs no more."""
    hi = max_in
    lo = min(max(text_size(dpi, word, size, weight)[0] for word in words), hi)
    for _ in range(8):  # bisection: within 1/256 of the range is finer than a glyph
        mid = (lo + hi) / 2
        if len(greedy_lines(dpi, words, size, mid, weight)) <= count:
            hi = mid
        else:
            lo = mid
    return greedy_lines(dpi, words, size, hi, weight)
