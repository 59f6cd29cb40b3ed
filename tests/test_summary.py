"""The report's summary sentences (``summarize_report``), every figure counted by hand.

Seed figures, read off data/annotations/rbth-2017-03-06-military-talks/ and data/record/:
27 claims by 3 speakers (6 direct quotes, 6 paraphrases, 15 narrated), 26 checks
(13 supported, 1 overstated, 4 contradicted, 8 unconfirmed), 8 contested phrases,
103 of the record's 124 sources cited (25 primary, 39 wire, 28 newspaper, 11 other),
9 date expressions of which only "today" depends on the reference date. The small
article is the one of test_compute_tables: its 4 checks give one verdict each, and its record
cites 7 of its 8 sources (2 primary, 2 wire, 1 newspaper, 2 other; nothing cites the
aggregator).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analysis.compute import prepare_report, summarize_report
from analysis.params import validate_parameters
from tests.test_compute_tables import MINI, MINI_TEXT, mini_tables, write_article

SEED = "rbth-2017-03-06-military-talks"
SEED_FIRST = [
    "The article makes 27 claims from 3 speakers: 6 direct quotes, 6 paraphrases and 15 in the "
    "outlet's own narration.",
    "Of 26 factual claims set against the public record, the verdicts are 13 supported, "
    "1 overstated, 4 contradicted and 8 unconfirmed. The checks, the contested wording and the "
    "record cite 103 sources: 25 primary, 39 wire, 28 newspaper, 11 other.",
    "8 phrases are flagged as contested wording, each with a neutral description and what its "
    "sources say.",
]


def summary(article_id: str, reference: str, data_dir: str = "") -> list[str]:
    """The summary of a report with the default window, all context and a focus actor."""
    focus = "alpha" if article_id == MINI else "pavel"
    window = ("2014-01-01", "2017-12-31")
    params = validate_parameters(article_id, reference, *window, focus, True, data_dir)
    return summarize_report(prepare_report(params))


def test_seed_summary_with_the_day_reported_on() -> None:
    """Reference 2017-03-03: 'today' is the only date that moves, and every date agrees."""
    assert summary(SEED, "2017-03-03") == [
        *SEED_FIRST,
        "Of 9 date expressions, 1 resolves differently with reference date 2017-03-03 than with "
        "2017-03-06: 'today' (2017-03-03 vs 2017-03-06).",
        "With reference date 2017-03-03, all 9 article dates that have a record counterpart "
        "agree with it.",
    ]


def test_seed_summary_with_the_edition_date() -> None:
    """Reference 2017-03-06: 'today' becomes the 6th and disagrees with the record's call."""
    assert summary(SEED, "2017-03-06") == [
        *SEED_FIRST,
        "Of 9 date expressions, 1 resolves differently with reference date 2017-03-06 than with "
        "2017-03-03: 'today' (2017-03-06 vs 2017-03-03).",
        "With reference date 2017-03-06, dates disagree with the record: 'today' resolves to "
        "2017-03-06, the record says 2017-03-03.",
    ]


def write_mini(tmp_path: Path, **changes: Any) -> str:
    """The small article with some of its tables changed; returns its data folder."""
    tables = mini_tables()
    for name, change in changes.items():
        tables[name] = change(tables[name])
    data = tmp_path / "data"
    write_article(data, MINI, MINI_TEXT, tables)
    return str(data)


def verdicts(*values: str) -> Any:
    """A table change: give the checks these verdicts, in order."""

    def change(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**c, "verdict": v} for c, v in zip(checks, values, strict=True)]

    return change


def test_mini_summary(tmp_path: Path) -> None:
    """Six claims of three speakers; one check of each verdict; seven sources cited; one date
    moves with the reference date and one disagrees with its record."""
    data = write_mini(tmp_path)
    assert summary(MINI, "2017-03-03", data) == [
        "The article makes 6 claims from 3 speakers: 1 direct quotes, 2 paraphrases and 3 in the "
        "outlet's own narration.",
        "Of 4 factual claims set against the public record, the verdicts are 1 supported, "
        "1 overstated, 1 contradicted and 1 unconfirmed. The checks, the contested wording and "
        "the record cite 7 sources: 2 primary, 2 wire, 1 newspaper, 2 other.",
        "1 phrases are flagged as contested wording, each with a neutral description and what "
        "its sources say.",
        "Of 7 date expressions, 1 resolves differently with reference date 2017-03-03 than with "
        "2017-03-06: 'today' (2017-03-03 vs 2017-03-06).",
        "With reference date 2017-03-03, dates disagree with the record: 'in 2016' resolves to "
        "2016, the record says 2015-01-01.",
    ]


MINI_SOURCES_SENTENCE = (
    "The checks, the contested wording and the record cite 7 sources: 2 primary, 2 wire, "
    "1 newspaper, 2 other."
)


@pytest.mark.parametrize(
    ("given", "counted"),
    [
        # No supported or overstated check: both 0, the others counted apart.
        (
            ("unconfirmed", "contradicted", "unconfirmed", "contradicted"),
            "0 supported, 0 overstated, 2 contradicted and 2 unconfirmed",
        ),
        # No contradicted check: 0, between the overstated and the unconfirmed counts.
        (
            ("supported", "unconfirmed", "supported", "overstated"),
            "2 supported, 1 overstated, 0 contradicted and 1 unconfirmed",
        ),
        # Every check overstated.
        (
            ("overstated", "overstated", "overstated", "overstated"),
            "0 supported, 4 overstated, 0 contradicted and 0 unconfirmed",
        ),
        # No unconfirmed check: the last count is 0.
        (
            ("contradicted", "supported", "overstated", "supported"),
            "2 supported, 1 overstated, 1 contradicted and 0 unconfirmed",
        ),
    ],
)
def test_mini_summary_counts_each_verdict(
    tmp_path: Path, given: tuple[str, ...], counted: str
) -> None:
    """Every verdict is counted, in the declared order, a verdict no check gives as 0."""
    data = write_mini(tmp_path, checks=verdicts(*given))
    assert summary(MINI, "2017-03-03", data)[1] == (
        f"Of 4 factual claims set against the public record, the verdicts are {counted}. "
        + MINI_SOURCES_SENTENCE
    )


def test_summary_counts_each_source_once_by_kind(tmp_path: Path) -> None:
    """A source no longer cited anywhere is not counted: the blog, once the check and the
    record event citing it cite others, leaves one 'other' source (the Almanac)."""

    def without_blog(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**r, "citations": [c for c in r["citations"] if c["source_id"] != "s_blog"]}
            for r in rows
        ]

    def summit_from_the_almanac(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        almanac = {"source_id": "s_almanac", "locator": "addendum", "says": "x" * 40}
        return [
            {**r, "citations": [almanac]} if r["record_event_id"] == "r_summit" else r for r in rows
        ]

    data = write_mini(tmp_path, checks=without_blog, record_events=summit_from_the_almanac)
    assert summary(MINI, "2017-03-03", data)[1].endswith(
        "The checks, the contested wording and the record cite 6 sources: 2 primary, 2 wire, "
        "1 newspaper, 1 other."
    )


def test_summary_counts_a_kind_no_source_has_as_zero(tmp_path: Path) -> None:
    """The Paper filed as a wire story: 3 wire sources and 0 newspapers, still in kind order."""

    def paper_as_wire(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "kind": "wire"} if r["source_id"] == "s_paper_council" else r for r in rows]

    data = write_mini(tmp_path, sources=paper_as_wire)
    assert summary(MINI, "2017-03-03", data)[1].endswith(
        "The checks, the contested wording and the record cite 7 sources: 2 primary, 3 wire, "
        "0 newspaper, 2 other."
    )


def test_summary_of_an_article_without_dated_events(tmp_path: Path) -> None:
    """An annotation may hold no dated event: the summary says so instead of failing."""
    data = write_mini(tmp_path, events=lambda _: [])
    assert summary(MINI, "2017-03-03", data)[3:] == [
        "All 0 date expressions resolve the same with reference date 2017-03-03 as with "
        "2017-03-06.",
        "With reference date 2017-03-03, all 0 article dates that have a record counterpart "
        "agree with it.",
    ]


def test_summary_lists_every_date_that_moves_or_disagrees(tmp_path: Path) -> None:
    """Reference 2018-01-05 against 2017-03-03: four dates move and five disagree, in order."""
    data = write_mini(tmp_path)
    sentences = summary(MINI, "2018-01-05", data)
    assert sentences[3] == (
        "Of 7 date expressions, 4 resolve differently with reference date 2018-01-05 than with "
        "2017-03-03: 'a two-year hiatus' (2015 vs 2014); 'this year' (2018 vs 2017); "
        "'today' (2018-01-05 vs 2017-03-03); 'last year' (2017 vs 2016)."
    )
    assert sentences[4] == (
        "With reference date 2018-01-05, dates disagree with the record: "
        "'a two-year hiatus' resolves to 2015, the record says 2014-06-01; "
        "'this year' resolves to 2018, the record says 2017-03-03; "
        "'today' resolves to 2018-01-05, the record says 2017-03-03; "
        "'last year' resolves to 2017, the record says 2016-05-01; "
        "'in 2016' resolves to 2016, the record says 2015-01-01."
    )


def test_summary_when_nothing_moves_and_everything_agrees(tmp_path: Path) -> None:
    """Without 'today' no date moves; five of six dates have a record and all five agree."""

    def without_today(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in events if e["event_id"] != "ev_today"]

    def began_in_2016(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**r, "start_date": "2016-01-01"} if r["record_event_id"] == "r_began" else r
            for r in records
        ]

    data = write_mini(tmp_path, events=without_today, record_events=began_in_2016)
    assert summary(MINI, "2017-03-03", data)[3:] == [
        "All 6 date expressions resolve the same with reference date 2017-03-03 as with "
        "2017-03-06.",
        "With reference date 2017-03-03, all 5 article dates that have a record counterpart "
        "agree with it.",
    ]


def test_summary_without_checks_or_contested_wording(tmp_path: Path) -> None:
    """An annotation with no checks says so, and counts zero contested phrases."""
    data = write_mini(tmp_path, checks=lambda _: [], contested=lambda _: [])
    sentences = summary(MINI, "2017-03-03", data)
    assert sentences[1] == "No claim of this article has been checked against the record yet."
    assert sentences[2] == (
        "0 phrases are flagged as contested wording, each with a neutral description and what "
        "its sources say."
    )
    assert len(sentences) == 5


@pytest.mark.parametrize("mode", ["direct_quote", "paraphrase", "narration"])
def test_summary_counts_a_missing_attribution_mode_as_zero(tmp_path: Path, mode: str) -> None:
    """Claims of only two modes: the third is counted as 0, the others in their own place."""

    def without(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [c for c in claims if c["attribution_mode"] != mode]

    tables = mini_tables()
    kept = {c["claim_id"] for c in without(tables["claims"])}
    data = write_mini(
        tmp_path,
        claims=without,
        events=lambda events: [e for e in events if e["claim_id"] in kept],
        checks=lambda checks: [c for c in checks if c["claim_id"] in kept],
        contested=lambda rows: [r for r in rows if r["claim_id"] in kept],
    )
    counts = {"direct_quote": 1, "paraphrase": 2, "narration": 3}
    counts[mode] = 0
    speakers = {"direct_quote": 2, "paraphrase": 2, "narration": 2}[mode]
    assert summary(MINI, "2017-03-03", data)[0] == (
        f"The article makes {sum(counts.values())} claims from {speakers} speakers: "
        f"{counts['direct_quote']} direct quotes, {counts['paraphrase']} paraphrases and "
        f"{counts['narration']} in the outlet's own narration."
    )
