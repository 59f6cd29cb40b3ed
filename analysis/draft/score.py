"""``python -m analysis score``: the drafter against hand-made gold annotations.

Each gold file (``tests/fixtures/articles/<id>/gold.json``, in the JSON contract of
:mod:`analysis.draft.model`) is compared with what the drafter finds in its article:

- dates: a found date counts when a gold date covers the same characters (an overlap) with
  the same value and precision;
- quotes: a found quote counts when its span is exactly a gold quote's;
- speakers, over the quotes found: a named speaker counts when it is the gold one (precision
  over the speakers named, recall over the gold speakers of those quotes).

Precision, recall and F1 are given per article and over all of them (summed counts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.draft.model import Draft
from analysis.errors import SchemaError

FIXTURES_DIR = paths.PROJECT_ROOT / "tests" / "fixtures" / "articles"
TARGET_F1 = 0.9
MEASURES = ("dates", "quotes", "speakers")


@dataclass
class Count:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Count) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleScore:
    """One article's counts for each measure."""

    article: str
    counts: dict[str, Count] = field(default_factory=lambda: {m: Count() for m in MEASURES})

    def below_target(self, target: float = TARGET_F1) -> list[str]:
        """The measures whose F1 is under ``target``."""
        return [m for m in MEASURES if self.counts[m].f1 < target]


@dataclass(frozen=True)
class GoldArticle:
    """A gold file and the text it annotates."""

    article_id: str
    text: str
    published: dt.date
    reference_date: dt.date
    gold: dict[str, Any]


def read_gold(folder: Path) -> GoldArticle:
    """The gold annotation in ``folder`` and its article's text."""
    from analysis.load import read_text_file

    path = folder / "gold.json"
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = gold["article"]
        text_path = (
            paths.PROJECT_ROOT / article["text_path"]
            if "text_path" in article
            else folder / "article.txt"
        )
        return GoldArticle(
            folder.name,
            read_text_file(text_path),
            dt.date.fromisoformat(article["published"]),
            dt.date.fromisoformat(article["reference_date"]),
            gold,
        )
    except (OSError, ValueError, KeyError) as exc:
        raise SchemaError(str(path), f"not a readable gold file: {exc}") from None


def gold_articles(root: Path = FIXTURES_DIR) -> list[GoldArticle]:
    """Every gold article under ``root``, by folder name."""
    return [
        read_gold(folder) for folder in sorted(root.iterdir()) if (folder / "gold.json").is_file()
    ]


def score_dates(found: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]]) -> Count:
    """Dates: same characters (overlapping), same value, same precision."""
    gold_left = list(gold)
    count = Count()
    for date in found:
        match = next(
            (
                g
                for g in gold_left
                if g["start"] < date["end"]
                and date["start"] < g["end"]
                and (g["value"], g["precision"]) == (date["value"], date["precision"])
            ),
            None,
        )
        if match is None:
            count.fp += 1
        else:
            count.tp += 1
            gold_left.remove(match)
    count.fn = len(gold_left)
    return count


def score_quotes(
    found: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]]
) -> tuple[Count, Count]:
    """Quotes by exact span; and speakers over the quotes found in both."""
    by_span = {(g["start"], g["end"]): g for g in gold}
    quotes, speakers = Count(), Count()
    matched: set[tuple[int, int]] = set()
    for quote in found:
        key = (quote["start"], quote["end"])
        gold_quote = by_span.get(key)
        if gold_quote is None or key in matched:
            quotes.fp += 1
            continue
        quotes.tp += 1
        matched.add(key)
        said_by, truly = quote["speaker"], gold_quote["speaker"]
        if said_by is not None and said_by == truly:
            speakers.tp += 1
            continue
        speakers.fp += said_by is not None
        speakers.fn += truly is not None
    quotes.fn = len(by_span) - len(matched)
    return quotes, speakers


def score_draft(article_id: str, draft: Draft, gold: dict[str, Any]) -> ArticleScore:
    """One article's scores: the draft's JSON form against the gold file."""
    found = draft.to_json()
    score = ArticleScore(article_id)
    score.counts["dates"] = score_dates(found["dates"], gold["dates"])
    score.counts["quotes"], score.counts["speakers"] = score_quotes(found["quotes"], gold["quotes"])
    return score


def score_all(articles: list[GoldArticle]) -> list[ArticleScore]:
    """Every gold article drafted and scored, then the overall row (summed counts)."""
    from analysis.draft.command import draft_text
    from analysis.load import load_record

    record = load_record(paths.DATA_DIR)
    scores = []
    overall = ArticleScore("overall")
    for article in articles:
        draft = draft_text(article.text, article.published, article.reference_date, record)
        score = score_draft(article.article_id, draft, article.gold)
        for measure in MEASURES:
            overall.counts[measure].add(score.counts[measure])
        scores.append(score)
    return [*scores, overall]


def format_table(scores: list[ArticleScore], target: float = TARGET_F1) -> str:
    """The scores as a Markdown table; an F1 under ``target`` is marked with '*'."""
    header = "| article | " + " | ".join(f"{m} P | {m} R | {m} F1" for m in MEASURES) + " |"
    rule = "|---|" + "---:|" * (3 * len(MEASURES))
    rows = [header, rule]
    for score in scores:
        cells = []
        for measure in MEASURES:
            c = score.counts[measure]
            mark = "*" if c.f1 < target else ""
            cells += [f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}{mark}"]
        name = f"**{score.article}**" if score.article == "overall" else score.article
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
