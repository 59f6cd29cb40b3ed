"""The report's HTML fragments, rendered from the Jinja2 templates in ``templates/fragments``.

Every value a template prints is escaped on the way out, so a fragment cannot be broken by
the text it is given: article words, annotation fields and URLs are passed as data, never as
HTML. A fragment embedded in another one is passed as the :class:`~markupsafe.Markup` that
:func:`render_fragment` returned for it, and is placed as it is.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from analysis.paths import TEMPLATES_DIR

FRAGMENTS_DIR = TEMPLATES_DIR / "fragments"

# Blocks shown on screen only are also marked with these comments, so that the PDF step
# can leave them out of the document it lays out: hidden by CSS alone, they still cost the
# PDF renderer their memory and time. Escaped text can hold no "<!--", so the marks are ours.
SCREEN_ONLY_START = "<!-- screen-only -->"
SCREEN_ONLY_END = "<!-- /screen-only -->"


def text_of(value: Any) -> str:
    """A value as the report shows it in text: nothing for a missing one.

    >>> text_of(None), text_of(float("nan")), text_of(3)
    ('', '', '3')
    """
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def escape_text(value: Any) -> str:
    """Text safe to place in HTML, quotes included.

    >>> escape_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(text_of(value), quote=True)


def _escape_output(value: Any) -> Any:
    """Every printed value through :func:`escape_text`, unless it is already a fragment.

    Jinja's own escaping would do, but writes quotes as ``&#34;`` and ``&#39;`` and missing
    values as "None"; this keeps the report's bytes as they have always been.
    """
    if hasattr(value, "__html__"):
        return value
    return Markup(escape_text(value))


@cache
def _environment() -> jinja2.Environment:
    """The one environment the fragments are loaded from, built on first use."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FRAGMENTS_DIR, encoding="utf-8"),
        autoescape=True,
        finalize=_escape_output,
        undefined=jinja2.StrictUndefined,
        # Template files end with a newline; the fragments do not.
        keep_trailing_newline=False,
        # The templates do not change while a kernel runs: no stat on every render.
        auto_reload=False,
    )
    environment.globals.update(
        screen_only_start=Markup(SCREEN_ONLY_START), screen_only_end=Markup(SCREEN_ONLY_END)
    )
    return environment


@cache
def _template(name: str) -> jinja2.Template:
    """A fragment's template, compiled once."""
    return _environment().get_template(f"{name}.html.j2")


def render_fragment(name: str, **data: Any) -> Markup:
    """The fragment ``templates/fragments/<name>.html.j2`` filled with ``data``, escaped."""
    return Markup(_template(name).render(**data))
