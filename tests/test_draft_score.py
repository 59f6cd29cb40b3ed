"""The drafter's measured accuracy holds: every gold article scores F1 >= 0.9 on dates,
quotes and speakers (``python -m analysis score`` prints the same table)."""

from __future__ import annotations

import pytest

from analysis.draft.score import MEASURES, TARGET_F1, gold_articles, score_all

SCORES = {score.article: score for score in score_all(gold_articles())}


def test_every_gold_article_is_scored_and_there_are_enough() -> None:
    fictional = [name for name in SCORES if name.startswith(("fx-", "ho-"))]
    assert len(fictional) >= 5
    assert "seed-rbth-2017-03-06" in SCORES and "overall" in SCORES


@pytest.mark.parametrize("article", sorted(SCORES))
@pytest.mark.parametrize("measure", MEASURES)
def test_f1_reaches_the_target(article: str, measure: str) -> None:
    count = SCORES[article].counts[measure]
    assert count.f1 >= TARGET_F1, (article, measure, count)
