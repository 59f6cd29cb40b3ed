"""The exploration: filters, the claims table, a claim in its place, two reference dates,
and the widgets that wire them (driven here in-process; the browser tests drive them in
JupyterLab and Voilà)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest

from analysis.compute import ReportData, prepare_report
from analysis.explore import (
    SORT_KEYS,
    UNCHECKED,
    EvidenceFilter,
    claim_in_article,
    compare_reference,
    describe_claim,
    evidence_claims,
    evidence_frames,
    filter_evidence,
    filter_options,
    paragraph_bounds,
    render_claims_table,
    render_counts,
    render_reference_comparison,
    render_timeline,
    sort_claims,
)
from analysis.explorer import Explorer
from analysis.params import declared_parameters, validate_parameters

OTHER_DAY = dt.date(2017, 3, 6)


@pytest.fixture(scope="module")
def data() -> ReportData:
    defaults = {name: p.default for name, p in declared_parameters().items()}
    return prepare_report(validate_parameters(**defaults))


@pytest.fixture(scope="module")
def claims(data: ReportData) -> pd.DataFrame:
    return evidence_claims(data)


def test_every_claim_has_one_row_with_its_verdicts_and_dates(
    data: ReportData, claims: pd.DataFrame
) -> None:
    assert list(claims["claim_id"]) == list(
        data.annotation.claims.sort_values("span_start")["claim_id"]
    )
    for row in claims.to_dict(orient="records"):
        checked = list(data.checks.loc[data.checks["claim_id"] == row["claim_id"], "verdict"])
        assert row["verdicts"] == (checked or [UNCHECKED])
        events = data.events[data.events["claim_id"] == row["claim_id"]]
        if events.empty:
            assert pd.isna(row["first_date"])
        else:
            assert row["first_date"] == events["event_start"].min()
            assert row["last_date"] == events["event_end"].max()
    assert set(claims.loc[claims["is_contested"], "claim_id"]) == set(
        data.annotation.contested["claim_id"]
    )


def test_the_filter_offers_only_values_the_article_uses(
    data: ReportData, claims: pd.DataFrame
) -> None:
    options = filter_options(data)
    assert {value for _, value in options["speakers"]} == set(claims["speaker_actor_id"])
    assert {value for _, value in options["sides"]} == set(claims["side"])
    assert {value for _, value in options["topics"]} == {t for ts in claims["topics"] for t in ts}
    verdicts = [value for _, value in options["verdicts"]]
    assert set(verdicts) == {v for vs in claims["verdicts"] for v in vs}
    # The most frequent speaker comes first, with its count in the label.
    top = claims["speaker_actor_id"].value_counts()
    assert options["speakers"][0] == (
        f"{claims.set_index('speaker_actor_id').loc[top.index[0], 'speaker'].iloc[0]} "
        f"({top.iloc[0]})",
        top.index[0],
    )


def test_no_filter_keeps_everything(data: ReportData) -> None:
    kept = filter_evidence(data, EvidenceFilter())
    assert kept.counts["claims"] == len(data.annotation.claims)
    assert kept.counts["checks"] == len(data.checks)
    assert kept.counts["events"] == len(data.events)


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("speakers", "speaker_actor_id"),
        ("sides", "side"),
        ("attribution_modes", "attribution_mode"),
        ("claim_kinds", "claim_kind"),
    ],
)
def test_each_single_value_filter_keeps_exactly_its_claims(
    data: ReportData, claims: pd.DataFrame, field: str, column: str
) -> None:
    seen = 0
    for value in sorted(set(claims[column])):
        kept = filter_evidence(data, EvidenceFilter(**{field: (value,)}), claims)
        expected = set(claims.loc[claims[column] == value, "claim_id"])
        assert set(kept.claims["claim_id"]) == expected
        assert set(kept.checks["claim_id"]) <= expected
        assert set(kept.events["claim_id"]) <= expected
        assert len(kept.checks) == data.checks["claim_id"].isin(expected).sum()
        seen += len(expected)
    assert seen == len(claims)  # the values partition the claims


def test_topic_and_verdict_filters_keep_claims_holding_any_chosen_value(
    data: ReportData, claims: pd.DataFrame
) -> None:
    kept = filter_evidence(data, EvidenceFilter(topics=("dialogue", "tensions")), claims)
    assert set(kept.claims["claim_id"]) == {
        row.claim_id for row in claims.itertuples() if {"dialogue", "tensions"} & set(row.topics)
    }
    kept = filter_evidence(data, EvidenceFilter(verdicts=("contradicted",)), claims)
    assert set(kept.checks["verdict"]) == {"contradicted"}
    assert set(kept.claims["claim_id"]) == set(
        data.checks.loc[data.checks["verdict"] == "contradicted", "claim_id"]
    )
    unchecked = filter_evidence(data, EvidenceFilter(verdicts=(UNCHECKED,)), claims)
    assert unchecked.counts["claims"] > 0 and unchecked.counts["checks"] == 0
    assert not set(unchecked.claims["claim_id"]) & set(data.checks["claim_id"])


def test_contested_splits_the_claims_in_two(data: ReportData, claims: pd.DataFrame) -> None:
    yes = filter_evidence(data, EvidenceFilter(contested=True), claims)
    no = filter_evidence(data, EvidenceFilter(contested=False), claims)
    assert yes.counts["claims"] == yes.counts["contested"] > 0
    assert no.counts["contested"] == 0
    assert yes.counts["claims"] + no.counts["claims"] == len(claims)


def test_a_date_window_keeps_dated_things_inside_it_and_every_undated_claim(
    data: ReportData, claims: pd.DataFrame
) -> None:
    window = (dt.date(2017, 2, 1), dt.date(2017, 3, 31))
    kept = filter_evidence(data, EvidenceFilter(window=window), claims)
    assert len(kept.events) > 0
    assert (kept.events["event_end"] >= pd.Timestamp(window[0])).all()
    assert (kept.events["event_start"] <= pd.Timestamp(window[1])).all()
    assert len(kept.events) < len(data.events)  # the 2014 and 2016 dates are left out
    undated = set(claims.loc[claims["first_date"].isna(), "claim_id"])
    assert undated <= set(kept.claims["claim_id"])
    dated_out = claims[claims["last_date"] < pd.Timestamp(window[0])]
    assert not set(dated_out["claim_id"]) & set(kept.claims["claim_id"])


def test_search_finds_every_word_in_any_case_and_is_not_a_pattern(
    data: ReportData, claims: pd.DataFrame
) -> None:
    kept = filter_evidence(data, EvidenceFilter(search="GERASIMOV  telephone"), claims)
    assert kept.counts["claims"] > 0
    for row in kept.claims.itertuples():
        text = f"{row.claim_id} {row.span} {row.speaker} {row.attribution_cue}".casefold()
        assert "gerasimov" in text and "telephone" in text
    assert filter_evidence(data, EvidenceFilter(search="(["), claims).counts["claims"] == 0
    by_speaker = filter_evidence(data, EvidenceFilter(search="danilov"), claims)
    assert set(by_speaker.claims["speaker_actor_id"]) == {"danilov"}


def test_sorting_orders_the_claims_and_refuses_an_unknown_order(claims: pd.DataFrame) -> None:
    by_speaker = sort_claims(claims, "Speaker")
    assert list(by_speaker["speaker"]) == sorted(claims["speaker"])
    backwards = sort_claims(claims, "Order in the article", descending=True)
    assert list(backwards["span_start"]) == sorted(claims["span_start"], reverse=True)
    by_date = sort_claims(claims, "First date")
    dated = by_date["first_date"].dropna()
    assert list(dated) == sorted(dated) and by_date["first_date"].tail(1).isna().all()
    assert set(SORT_KEYS) >= {"Speaker", "Verdict", "First date"}
    with pytest.raises(ValueError, match="'loudest'"):
        sort_claims(claims, "loudest")


def test_the_claims_table_quotes_the_words_and_colours_each_verdict(
    claims: pd.DataFrame,
) -> None:
    html = str(render_claims_table(claims))
    assert html.count("<tr>") == len(claims) + 1
    assert 'class="verdict verdict-contradicted"' in html
    assert "<em>not checked</em>" in html
    hostile = claims.head(1).assign(span='<img src=x onerror="alert(1)">', speaker="<b>x</b>")
    html = str(render_claims_table(hostile))
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_counts_say_how_many_of_all_are_kept(data: ReportData, claims: pd.DataFrame) -> None:
    kept = filter_evidence(data, EvidenceFilter(speakers=("danilov",)), claims)
    text = re.sub(r"<[^>]+>", "", str(render_counts(kept, len(claims))))
    assert f"{kept.counts['claims']} of {len(claims)} claims" in text
    assert f"{kept.counts['checks']} checks" in text


def test_paragraphs_cover_the_text_between_blank_lines() -> None:
    text = "Title\n\nFirst line\nsame paragraph.\n\n  \n\nLast.\n"
    bounds = paragraph_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["Title", "First line\nsame paragraph.", "Last."]


def test_a_span_across_two_paragraphs_is_marked_in_both() -> None:
    text = "One two.\n\nThree four.\n\nFive."
    start, end = text.index("two"), text.index("four") + len("four")
    shown = claim_in_article(text, start, end)
    assert [p["number"] for p in shown] == [1, 2]
    assert "".join(p["marked"] for p in shown) == "two.Three four"
    assert shown[0]["before"] == "One " and shown[1]["after"] == "."


def test_a_claim_is_shown_marked_in_its_paragraph_with_speaker_checks_and_dates(
    data: ReportData,
) -> None:
    claim = data.annotation.claims.set_index("claim_id").loc["c02"]
    html = str(describe_claim(data, "c02"))
    marked = re.findall(r'<mark class="claim-highlight" data-claim="c02">(.*?)</mark>', html, re.S)
    words = data.annotation.article.text[claim["span_start"] : claim["span_end"]]
    assert "".join(marked) == words.replace("’", "’")  # the exact words, nothing escaped away
    assert "Russian Defense Ministry" in html  # the speaker
    assert "reported the Russian Defense Ministry" in html  # the attribution cue
    for check_id in data.checks.loc[data.checks["claim_id"] == "c02", "check_id"]:
        assert check_id in html
    assert 'class="citations"' in html
    for expression in data.events.loc[data.events["claim_id"] == "c02", "expression"]:
        assert expression in html
    with pytest.raises(KeyError, match="'nope'"):
        describe_claim(data, "nope")


def test_article_text_in_the_claim_view_is_escaped(data: ReportData) -> None:
    article = dataclasses.replace(
        data.annotation.article,
        text=data.annotation.article.text.replace("For the first time", "<script>x</script>", 1),
    )
    hostile = dataclasses.replace(
        data, annotation=dataclasses.replace(data.annotation, article=article)
    )
    html = str(describe_claim(hostile, "c02"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_another_reference_date_moves_today_and_what_rests_on_it(data: ReportData) -> None:
    comparison = compare_reference(data, OTHER_DAY)
    today = comparison[comparison["expression"] == "today"].iloc[0]
    assert (today["resolved"], today["resolved_other"]) == ("2017-03-03", "2017-03-06")
    assert today["is_changed"] and today["is_result_changed"]
    assert today["agrees_with_record"] and not today["agrees_other"]
    fixed = comparison[comparison["expression"] == "three years ago"].iloc[0]
    assert fixed["resolved"] == fixed["resolved_other"] == "2014" and not fixed["is_changed"]
    same = compare_reference(data, data.params.reference_date)
    assert not same["is_changed"].any() and not same["is_result_changed"].any()


def test_the_comparison_shows_only_what_moves_unless_asked_for_all(data: ReportData) -> None:
    comparison = compare_reference(data, OTHER_DAY)
    reference = data.params.reference_date
    moved = str(render_reference_comparison(comparison, reference, OTHER_DAY))
    everything = str(render_reference_comparison(comparison, reference, OTHER_DAY, False))
    assert moved.count('<tr class="changed">') == 1
    assert moved.count("<tr") == 2  # the header and the one row that moves
    assert everything.count("<tr") == len(comparison) + 1
    assert "1 of 9 dates resolves differently" in re.sub(r"<[^>]+>", "", moved)


def test_the_timeline_of_kept_events_is_inline_svg_without_script(data: ReportData) -> None:
    every = str(render_timeline(data, filter_evidence(data, EvidenceFilter())))
    few = str(render_timeline(data, filter_evidence(data, EvidenceFilter(speakers=("danilov",)))))
    assert every.startswith("<svg") and few.startswith("<svg")
    assert every != few
    assert "<script" not in every and "onload" not in every
    assert 'id="explore-timeline1-' in every


def test_the_frames_are_named_for_pandas(data: ReportData) -> None:
    frames = evidence_frames(data)
    summary = frames.describe()
    assert list(summary["frame"]) == ["claims", "events", "checks", "record"]
    assert list(summary["rows"]) == [
        len(data.annotation.claims),
        len(data.events),
        len(data.checks),
        len(data.annotation.record_events),
    ]
    assert {"speaker", "verdicts", "is_contested"} <= set(frames.claims.columns)


# The widgets, driven as a user would, in-process -------------------------------------------


@pytest.fixture
def explorer(data: ReportData) -> Explorer:
    return Explorer(data)


def _claim_ids(html: str) -> list[str]:
    return re.findall(r'<td class="col-claim_id">([^<]+)</td>', html)


def test_choosing_a_speaker_redraws_the_counts_timeline_tables_and_picker(
    explorer: Explorer,
) -> None:
    before = (explorer.counts.value, explorer.timeline.value, explorer.claims_table.value)
    explorer.speakers.value = ("danilov",)
    danilov = set(explorer.claims.loc[explorer.claims["speaker_actor_id"] == "danilov", "claim_id"])
    assert set(_claim_ids(explorer.claims_table.value)) == danilov
    assert explorer.counts.value != before[0]
    assert explorer.timeline.value != before[1]
    assert {value for _, value in explorer.claim_picker.options} == danilov
    assert explorer.claim_picker.value in danilov
    assert f'data-claim="{explorer.claim_picker.value}"' in explorer.claim_view.value
    explorer.clear_filters()
    assert explorer.claims_table.value == before[2]


def test_search_and_sort_reorder_the_visible_table(explorer: Explorer) -> None:
    explorer.sort_by.value = "Order in the article"
    explorer.descending.value = True
    ids = _claim_ids(explorer.claims_table.value)
    assert ids == list(explorer.claims.sort_values("span_start", ascending=False)["claim_id"])
    explorer.search.value = "hiatus"
    assert 0 < len(_claim_ids(explorer.claims_table.value)) < len(ids)


def test_picking_a_claim_highlights_it(explorer: Explorer) -> None:
    explorer.claim_picker.value = "c05"
    assert '<mark class="claim-highlight" data-claim="c05">' in explorer.claim_view.value


def test_switching_the_reference_date_moves_today_in_the_side_by_side_view(
    explorer: Explorer,
) -> None:
    assert "2017-03-06" in explorer.reference_view.value
    explorer.other_reference.value = dt.date(2017, 3, 10)
    view = explorer.reference_view.value
    assert "2017-03-10" in view and "2017-03-06" not in view
    assert "“today”" in view
    explorer.other_reference.value = None
    assert "Pick a date" in explorer.reference_view.value


def test_a_filter_that_keeps_nothing_says_so(explorer: Explorer) -> None:
    explorer.search.value = "no claim says this"
    assert "<em>none</em>" in explorer.claims_table.value
    assert explorer.claim_picker.value is None
    assert "No claim is kept" in explorer.claim_view.value
