"""The charts' font, embedded in the report as a subset, so labels look as they were laid out.

The charts measure their labels with matplotlib's DejaVu Sans and keep them as text in the
SVG. A reader whose machine lacks that font would see a fallback of other widths, and labels
laid out to the point would overlap. So the report carries the font itself: only the
characters its charts use, as ``data:`` URLs in ``@font-face`` rules (the page's Content
Security Policy allows fonts from ``data:`` and nothing else).
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from collections.abc import Iterable
from pathlib import Path

FAMILY = "DejaVu Sans"
# (file in matplotlib's fonts, CSS font-weight, CSS font-style)
_FACES = (
    ("DejaVuSans.ttf", "400", "normal"),
    ("DejaVuSans-Bold.ttf", "700", "normal"),
    ("DejaVuSans-Oblique.ttf", "400", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "700", "italic"),
)
_TAG = re.compile(r"<[^>]*>")
# Always in the subset: printable ASCII, Latin-1 and the typographer's punctuation. Charts
# drawn from these alone (most are) share one subset, made once per process, and made ahead
# of the charts while the kernel runs; a few more glyphs cost the page about 50 KB.
BASE_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20, 0x7F)]
    + [chr(code) for code in range(0xA0, 0x100)]
    + list("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u2212")
)


def chart_text(svgs: Iterable[str]) -> str:
    """Every character the subset holds: the base set and whatever else the charts draw
    (their text, entities decoded), sorted, once."""
    drawn = {c for svg in svgs for c in html.unescape(_TAG.sub("", svg)) if c.isprintable()}
    return "".join(sorted(drawn | BASE_CHARACTERS))


def warm_font_faces() -> None:
    """Make the subsets of the base characters now, so a report needs them ready made."""
    text = chart_text([])
    for file, weight, style in _FACES[:2]:  # regular and bold: the faces every report uses
        _font_face(file, weight, style, text)


def chart_font_css(svgs: Iterable[str]) -> str:
    """``@font-face`` rules holding DejaVu Sans cut to the characters of ``svgs``, for the
    weights and styles the charts use; empty when there is no chart."""
    svgs = list(svgs)
    if not svgs:
        return ""
    text = chart_text(svgs)
    markup = "".join(svgs)
    used = {("400", "normal")}
    if re.search(r"font-weight: (?:bold|[6-9]00)", markup):
        used.add(("700", "normal"))
    if re.search(r"font-style: (?:italic|oblique)", markup):
        used |= {("400", "italic"), ("700", "italic")}
    return "\n".join(
        _font_face(file, weight, style, text)
        for file, weight, style in _FACES
        if (weight, style) in used
    )


@functools.lru_cache(maxsize=32)
def _font_face(file: str, weight: str, style: str, text: str) -> str:
    data = base64.b64encode(subset_font(_font_dir() / file, text)).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; font-style: {style}; "
        f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
    )


def subset_font(path: Path, text: str) -> bytes:
    """The TrueType font at ``path`` with only the glyphs ``text`` needs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()  # matplotlib sets text without ligatures or kerning features
    options.drop_tables += ["FFTM"]  # a font-forge timestamp: would change bytes, not glyphs
    font = TTFont(str(path), recalcTimestamp=False)  # the same bytes in every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _font_dir() -> Path:
    # Where matplotlib keeps its fonts (matplotlib.get_data_path()), found without importing
    # matplotlib: the batch process subsets the font but draws nothing.
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.origin is not None, "matplotlib is a dependency"
    return Path(spec.origin).with_name("mpl-data") / "fonts" / "ttf"
