"""The verdicts a check can give, declared once.

The allowed values of ``checks.verdict``, the chart colours, the report's CSS, the rule on the
sources a verdict needs and the schema.org rating of ``checks.jsonld`` all come from
:data:`VERDICTS`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito colours: told apart by readers with any common colour-vision deficiency.
_GREEN, _ORANGE, _VERMILLION, _GREY = "#009e73", "#e69f00", "#d55e00", "#8a8a8a"


@dataclass(frozen=True)
class Verdict:
    """One verdict: its value in the data, how the report names and colours it."""

    name: str  # the value in checks.yaml
    label: str  # as the report writes it
    meaning: str  # one sentence for the report's legend
    colour: str  # "#rrggbb", in charts and in the HTML
    rating: int | None  # schema.org ClaimReview ratingValue, 1 (false) to 5 (true)
    needs_established_source: bool  # must cite a primary, wire or newspaper source


VERDICTS: tuple[Verdict, ...] = (
    Verdict(
        "supported",
        "Supported",
        "The cited sources establish what the claim says.",
        _GREEN,
        5,
        True,
    ),
    Verdict(
        "overstated",
        "Overstated",
        "True in substance, but worded beyond what the cited sources say.",
        _ORANGE,
        3,
        True,
    ),
    Verdict(
        "contradicted",
        "Contradicted",
        "The cited sources show something else.",
        _VERMILLION,
        1,
        True,
    ),
    Verdict(
        "unconfirmed",
        "Unconfirmed",
        "No independent source confirms or refutes the claim.",
        _GREY,
        None,
        False,
    ),
)

VERDICT_NAMES: tuple[str, ...] = tuple(v.name for v in VERDICTS)
VERDICT_COLOURS: dict[str, str] = {v.name: v.colour for v in VERDICTS}
BY_NAME: dict[str, Verdict] = {v.name: v for v in VERDICTS}
RATING_RANGE = (1, 5)  # worst, best


def verdict_css() -> str:
    """The report's CSS for verdict badges: one custom property and one class per verdict."""
    variables = " ".join(f"--{v.name}: {v.colour};" for v in VERDICTS)
    classes = "\n".join(f".verdict-{v.name} {{ background: var(--{v.name}); }}" for v in VERDICTS)
    return f":root {{ {variables} }}\n{classes}\n"
