"""The data files a report ships (analysis/export.py), field by field, without a notebook.

Expected values are read off the small article of test_compute_tables (offsets counted in its
text, its record's sources and citations) and off the seed's YAML files: its annotation and the
public record in data/record/.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis.compute import ReportData, prepare_report
from analysis.export import (
    claim_reviews,
    claims_frame,
    events_frame,
    timeline_document,
    write_report_data,
)
from analysis.params import validate_parameters
from tests.test_compute_tables import MINI, MINI_TEXT, mini_tables, write_article

SEED = "rbth-2017-03-06-military-talks"
PROJECT = "Russia\u2013NATO article evidence report"


def report(
    article_id: str, reference: str = "2017-03-03", data_dir: str = "", focus: str = "alpha"
) -> ReportData:
    params = validate_parameters(
        article_id, reference, "2014-01-01", "2017-12-31", focus, True, data_dir
    )
    return prepare_report(params)


@pytest.fixture(scope="module")
def mini_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the small article, shared by the tests that only read it."""
    return write_article(tmp_path_factory.mktemp("mini") / "data", MINI, MINI_TEXT, mini_tables())


@pytest.fixture(scope="module")
def mini(mini_data: Path) -> ReportData:
    return report(MINI, data_dir=str(mini_data))


@pytest.fixture(scope="module")
def seed() -> ReportData:
    return report(SEED, focus="gerasimov")


# --- claims.csv -----------------------------------------------------------------------------------


def test_claims_frame(mini: ReportData) -> None:
    """Every claim with its verbatim span, offsets in the text, speaker and ';'-joined lists."""
    claims = claims_frame(mini)
    assert list(claims.columns) == [
        "claim_id",
        "span",
        "span_start",
        "span_end",
        "speaker_actor_id",
        "speaker_name",
        "attribution_mode",
        "attribution_cue",
        "claim_kind",
        "topics",
        "subject_actor_ids",
        "article_id",
    ]
    by_id = {r["claim_id"]: r for r in claims.to_dict(orient="records")}
    assert list(by_id) == ["k5", "k6", "k1", "k2", "k3", "k4"]
    assert by_id["k1"] == {
        "claim_id": "k1",
        "span": "We spoke with Beta today.",
        "span_start": 40,
        "span_end": 65,
        "speaker_actor_id": "alpha",
        "speaker_name": "Anna Alpha",
        "attribution_mode": "direct_quote",
        "attribution_cue": "Alpha said",
        "claim_kind": "event_report",
        "topics": "military_contacts",
        "subject_actor_ids": "alpha;beta",
        "article_id": "mini",
    }
    assert (by_id["k3"]["span_start"], by_id["k3"]["span_end"]) == (107, 173)
    assert by_id["k3"]["subject_actor_ids"] == "gamma;alpha;beta;delta"
    assert by_id["k5"]["subject_actor_ids"] == ""
    assert by_id["k2"]["attribution_cue"] is None


def test_claims_frame_of_the_seed(seed: ReportData) -> None:
    """The seed's headline claim starts the text; c04 lists three topics."""
    claims = claims_frame(seed).set_index("claim_id")
    assert len(claims) == 27
    headline = "Russia\u2019s military and NATO held first telephone talks in three years"
    assert claims.loc["c01", "span"] == headline
    assert (claims.loc["c01", "span_start"], claims.loc["c01", "span_end"]) == (0, 68)
    assert claims.loc["c04", "topics"] == "european_security;military_contacts;incident_prevention"
    assert claims.loc["c25", "speaker_name"] == "Dmitry Danilov"
    assert claims.loc["c25", "span_start"] == 3621
    assert set(claims["article_id"]) == {SEED}


# --- events.csv / events.json ---------------------------------------------------------------------


def test_events_frame(mini: ReportData) -> None:
    """Every date expression with its offsets, interval, precision, rule and reference date."""
    events = events_frame(mini)
    assert list(events.columns) == [
        "event_id",
        "label",
        "expression",
        "expression_start",
        "expression_end",
        "claim_id",
        "event_type",
        "channel",
        "date_label",
        "event_start",
        "event_end",
        "date_precision",
        "date_rule",
        "reference_date",
        "date_explanation",
        "record_event_id",
        "participant_actor_ids",
    ]
    by_id = {r["event_id"]: r for r in events.to_dict(orient="records")}
    assert list(by_id) == [
        "ev_hiatus",
        "ev_mar1",
        "ev_call_year",
        "ev_today",
        "ev_feb28",
        "ev_resumed",
        "ev_began",
    ]
    assert by_id["ev_today"] == {
        "event_id": "ev_today",
        "label": "Label of ev_today",
        "expression": "today",
        "expression_start": 59,
        "expression_end": 64,
        "claim_id": "k1",
        "event_type": "contact",
        "channel": "phone_call",
        "date_label": "2017-03-03",
        "event_start": "2017-03-03",
        "event_end": "2017-03-03",
        "date_precision": "day",
        "date_rule": "deictic_today",
        "reference_date": "2017-03-03",
        "date_explanation": "the reference date 2017-03-03",
        "record_event_id": "r_call",
        "participant_actor_ids": "alpha;beta",
    }
    hiatus = by_id["ev_hiatus"]
    assert (hiatus["expression_start"], hiatus["expression_end"]) == (219, 236)
    assert (hiatus["event_start"], hiatus["event_end"], hiatus["date_label"]) == (
        "2014-01-01",
        "2014-12-31",
        "2014",
    )
    assert by_id["ev_mar1"]["participant_actor_ids"] == "gamma;alpha;beta;delta"
    assert by_id["ev_began"]["participant_actor_ids"] == ""
    assert (by_id["ev_call_year"]["expression_start"], by_id["ev_call_year"]["expression_end"]) == (
        306,
        315,
    )


def test_write_report_data(mini: ReportData, tmp_path: Path) -> None:
    """The five files, readable back: CSV rows, JSON records with null for a missing value."""
    folder = tmp_path / "out"
    written = write_report_data(mini, folder)
    names = ["claims.csv", "events.csv", "events.json", "timeline.json", "checks.jsonld"]
    assert written == [folder / name for name in names]

    claims_text = (folder / "claims.csv").read_text("utf-8")
    assert claims_text.splitlines()[0] == (
        "claim_id,span,span_start,span_end,speaker_actor_id,speaker_name,attribution_mode,"
        "attribution_cue,claim_kind,topics,subject_actor_ids,article_id"
    )
    claims = list(csv.DictReader(io.StringIO(claims_text)))
    assert [c["claim_id"] for c in claims] == ["k5", "k6", "k1", "k2", "k3", "k4"]
    assert claims[2]["span"] == "We spoke with Beta today."
    assert (claims[2]["span_start"], claims[2]["span_end"]) == ("40", "65")
    assert claims[3]["attribution_cue"] == ""

    events_text = (folder / "events.csv").read_text("utf-8")
    assert events_text.splitlines()[0].startswith("event_id,label,expression,expression_start,")
    assert events_text.splitlines()[1].startswith(
        "ev_hiatus,Label of ev_hiatus,a two-year hiatus,219,236,k4,"
    )
    events_csv = list(csv.DictReader(io.StringIO(events_text)))
    assert [e["event_id"] for e in events_csv][:2] == ["ev_hiatus", "ev_mar1"]
    assert events_csv[1]["event_start"] == "2017-03-01"
    assert events_csv[1]["record_event_id"] == ""

    events_json = json.loads((folder / "events.json").read_text("utf-8"))
    assert len(events_json) == 7
    assert events_json[1]["record_event_id"] is None
    assert events_json[0]["channel"] is None
    assert events_json[3]["expression_start"] == 59
    assert events_json[3]["event_end"] == "2017-03-03"
    assert events_json[3]["participant_actor_ids"] == "alpha;beta"

    timeline = json.loads((folder / "timeline.json").read_text("utf-8"))
    assert timeline == timeline_document(mini)
    checks = json.loads((folder / "checks.jsonld").read_text("utf-8"))
    assert checks == claim_reviews(mini)


def test_exports_keep_non_ascii_text_and_indent_json(tmp_path: Path) -> None:
    """Curly quotes and dashes are written as UTF-8 characters, not escapes; JSON is indented."""
    tables = mini_tables()
    tables["events"][3]["label"] = "Anna\u2019s call \u2013 \u201ctoday\u201d"
    tables["checks"][0]["evidence"] = "The record has the call \u2013 twice."
    write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    folder = tmp_path / "out"
    write_report_data(report(MINI, data_dir=str(tmp_path / "data")), folder)
    events = (folder / "events.json").read_text("utf-8")
    timeline = (folder / "timeline.json").read_text("utf-8")
    checks = (folder / "checks.jsonld").read_text("utf-8")
    assert "Anna\u2019s call \u2013 \u201ctoday\u201d" in events
    assert "Anna\u2019s call \u2013 \u201ctoday\u201d" in timeline
    assert "The record has the call \u2013 twice." in checks
    assert PROJECT in checks
    assert events.startswith('[\n  {\n    "event_id": "ev_hiatus",\n')
    assert timeline.startswith('{\n  "title": {\n    "text": {\n')
    assert checks.startswith('{\n  "@context": "https://schema.org",\n  "@graph": [\n    {\n')


# --- timeline.json --------------------------------------------------------------------------------


def slides(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {slide["unique_id"]: slide for slide in document["events"]}


def test_timeline_document_of_the_mini(mini: ReportData) -> None:
    """Events as slides with only the known date parts, an end date for intervals, eras."""
    document = timeline_document(mini)
    assert document["title"] == {
        "text": {
            "headline": "Alpha and Beta talk again",
            "text": "The Outlet, 2017-03-06. Relative dates resolved against 2017-03-03.",
        }
    }
    by_id = slides(document)
    assert list(by_id) == [
        "ev_hiatus",
        "r_pause",
        "r_began",
        *sorted(["ev_resumed", "ev_began"], key=list(by_id).index),
        "r_resumed",
        "r_summit",
        *sorted(["ev_feb28", "r_meeting"], key=list(by_id).index),
        "ev_mar1",
        *sorted(["ev_today", "r_call"], key=list(by_id).index),
    ]
    assert by_id["ev_today"] == {
        "unique_id": "ev_today",
        "start_date": {"year": "2017", "month": "3", "day": "3"},
        "text": {
            "headline": "Label of ev_today",
            "text": "Told by the article; date known to the day.",
        },
        "group": "Article",
    }
    # a year or a month is one date, not an interval
    assert by_id["ev_hiatus"]["start_date"] == {"year": "2014"}
    assert "end_date" not in by_id["ev_hiatus"]
    assert by_id["ev_hiatus"]["text"]["text"] == "Told by the article; date known to the year."
    assert by_id["r_resumed"]["start_date"] == {"year": "2016", "month": "5"}
    assert "end_date" not in by_id["r_resumed"]
    assert by_id["r_resumed"]["text"]["text"] == "Public record; date known to the month."
    # a two-day record event keeps its end; an unconfirmed one says so
    assert by_id["r_summit"] == {
        "unique_id": "r_summit",
        "start_date": {"year": "2017", "month": "2", "day": "23"},
        "end_date": {"year": "2017", "month": "2", "day": "24"},
        "text": {
            "headline": "Label of r_summit",
            "text": "Public record (unconfirmed); date known to the day.",
        },
        "group": "Public record",
    }
    assert document["eras"] == [
        {
            "start_date": {"year": "2012", "month": "5", "day": "1"},
            "end_date": {"year": "2014", "month": "3", "day": "31"},
            "text": {"headline": "Alpha&#x27;s term"},
        },
        {
            "start_date": {"year": "2015", "month": "7"},
            "end_date": {"year": "2017", "month": "12"},
            "text": {"headline": "The freeze"},
        },
    ]


def test_timeline_document_of_the_seed(seed: ReportData) -> None:
    """Seed: 43 slides (7 article, 36 record), 7 eras; a month interval keeps its end."""
    document = timeline_document(seed)
    groups = [slide["group"] for slide in document["events"]]
    assert (groups.count("Article"), groups.count("Public record")) == (7, 36)
    by_id = slides(document)
    assert by_id["r_warsaw_summit_2016_07_08"]["end_date"] == {
        "year": "2016",
        "month": "7",
        "day": "9",
    }
    assert by_id["r_icao_baltic_2015"]["start_date"] == {"year": "2015"}
    assert "end_date" not in by_id["r_icao_baltic_2015"]
    assert by_id["r_france_meeting_2017_03_01"]["text"]["text"] == (
        "Public record (unconfirmed); date known to the day."
    )
    eras = document["eras"]
    assert len(eras) == 7
    # The battlegroups' deployment, January to June 2017, is known to the month.
    headline = "The four Enhanced Forward Presence battlegroups deploy"
    [deployment] = [e for e in eras if e["text"]["headline"] == headline]
    assert deployment["start_date"] == {"year": "2017", "month": "1"}
    assert deployment["end_date"] == {"year": "2017", "month": "6"}
    suspension = next(e for e in eras if e["text"]["headline"].startswith("NATO suspends"))
    assert suspension["start_date"] == {"year": "2014", "month": "4", "day": "1"}
    assert suspension["end_date"] == {"year": "2017", "month": "12", "day": "31"}
    assert document["title"]["text"]["headline"] == (
        "Russia\u2019s military and NATO held first telephone talks in three years"
    )
    assert document["title"]["text"]["text"] == (
        "Russia Beyond, 2017-03-06. Relative dates resolved against 2017-03-03."
    )


def test_timeline_texts_are_escaped(tmp_path: Path) -> None:
    """TimelineJS renders headlines as HTML: markup in any text comes out as visible text."""
    tables = mini_tables()
    tables["events"][3]["label"] = "<img src=x onerror=alert(1)> 'call' & \"talk\""
    tables["phases"][1]["label"] = "<b>freeze</b>"
    data = write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    meta_path = data / "articles" / MINI / "metadata.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["article"][0]["title"] = "<script>alert(1)</script> & more"
    meta["article"][0]["outlet"] = 'The "Outlet" <b>'
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    document = timeline_document(report(MINI, data_dir=str(data)))
    assert document["title"]["text"] == {
        "headline": "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more",
        "text": "The &quot;Outlet&quot; &lt;b&gt;, 2017-03-06. "
        "Relative dates resolved against 2017-03-03.",
    }
    assert slides(document)["ev_today"]["text"]["headline"] == (
        "&lt;img src=x onerror=alert(1)&gt; &#x27;call&#x27; &amp; &quot;talk&quot;"
    )
    assert document["eras"][1]["text"]["headline"] == "&lt;b&gt;freeze&lt;/b&gt;"


def test_timeline_follows_the_reference_date(mini_data: Path) -> None:
    """With 2017-03-06, 'today' is the 6th and the title says which reference was used."""
    document = timeline_document(report(MINI, "2017-03-06", str(mini_data)))
    assert slides(document)["ev_today"]["start_date"] == {"year": "2017", "month": "3", "day": "6"}
    assert document["title"]["text"]["text"].endswith("resolved against 2017-03-06.")


# --- checks.jsonld --------------------------------------------------------------------------------


def work(
    source_id: str,
    url: str,
    publisher: str,
    published: str,
    kind: str,
    locator: str,
    says: str,
) -> dict[str, Any]:
    """A citation as checks.jsonld writes it: a schema.org CreativeWork."""
    return {
        "@type": "CreativeWork",
        "identifier": source_id,
        "url": url,
        "publisher": {"@type": "Organization", "name": publisher},
        "datePublished": published,
        "genre": kind,
        "position": locator,
        "description": says,
    }


MINI_APPEARANCE = {
    "@type": "NewsArticle",
    "url": "https://example.org/mini",
    "headline": "Alpha and Beta talk again",
    "datePublished": "2017-03-06",
    "publisher": {"@type": "Organization", "name": "The Outlet"},
}
MINI_AUTHOR = {"@type": "Organization", "name": PROJECT}
WIRE_CALL = (
    "s_wire_call",
    "https://example.org/courier/2017/03/03/alpha-and-beta-talk",
    "Daily Courier (Wire Agency)",
    "2017-03-03",
    "wire",
)
# checks.jsonld's graph for the mini article, review by review.
MINI_REVIEWS: list[dict[str, Any]] = [
    {
        "@type": "ClaimReview",
        "identifier": "mini#chk_a",
        "claimReviewed": "We spoke with Beta",
        "reviewBody": "The record has the call. Caveat: Beta Command's schedule announced "
        "the call the day before; that it took place rests on Alpha's release.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Supported",
            "ratingExplanation": "The cited sources establish what the claim says.",
            "bestRating": 5,
            "worstRating": 1,
            "ratingValue": 5,
        },
        "citation": [
            work(
                "s_alpha_release",
                "https://example.org/alpha-ministry/2017/03/03/call-with-beta",
                "Alpha Ministry",
                "2017-03-03",
                "primary",
                "paragraph 1",
                "Alpha's ministry says Anna Alpha spoke with Beta Command by telephone on "
                "3 March 2017.",
            ),
            work(
                "s_beta_schedule",
                "https://example.org/beta-command/schedule/2017-week-09",
                "Beta Command",
                "2017-03-02",
                "primary",
                "item 4",
                "Beta Command's schedule of 2 March 2017 lists the call for the next day.",
            ),
        ],
        "author": MINI_AUTHOR,
        "itemReviewed": {
            "@type": "Claim",
            "text": "We spoke with Beta today.",
            "author": {"@type": "Person", "name": "Anna Alpha"},
            "appearance": MINI_APPEARANCE,
        },
    },
    {
        "@type": "ClaimReview",
        "identifier": "mini#chk_b",
        "claimReviewed": "the talks began in 2016",
        "reviewBody": "They began in 2015.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Contradicted",
            "ratingExplanation": "The cited sources show something else.",
            "bestRating": 5,
            "worstRating": 1,
            "ratingValue": 1,
        },
        "citation": [
            work(
                "s_almanac",
                "https://example.org/almanac/2015",
                "The Almanac",
                "2015",  # known to the year only
                "other",
                "chapter 3, page 41",
                "The Almanac dates the first Alpha-Beta talks to 2015.",
            ),
            work(
                *WIRE_CALL,
                "paragraph 7",
                "The agency recalls that the talks began in 2015, a year before Delta says.",
            ),
        ],
        "author": MINI_AUTHOR,
        "itemReviewed": {
            "@type": "Claim",
            "text": "the talks began in 2016",
            "author": {"@type": "Person", "name": "Dora Delta"},
            "appearance": MINI_APPEARANCE,
        },
    },
    {
        "@type": "ClaimReview",
        "identifier": "mini#chk_c",
        "claimReviewed": "On Feb. 28, Beta met Gamma in Brussels.",
        "reviewBody": "Nothing either way.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Unconfirmed",
            "ratingExplanation": "No independent source confirms or refutes the claim.",
            "bestRating": 5,
            "worstRating": 1,
        },
        "citation": [
            work(
                *WIRE_CALL,
                "paragraph 5",
                "The agency reports the meeting of 28 February 2017 but not where it took place.",
            ),
            work(
                "s_blog",
                "https://example.org/blog/what-really-happened-in-february",
                "A Blog",
                "2017-03-04",
                "other",
                "paragraph 2",
                "A blogger places the meeting in Mons, not Brussels, naming no source.",
            ),
        ],
        "author": MINI_AUTHOR,
        "itemReviewed": {
            "@type": "Claim",
            "text": "On Feb. 28, Beta met Gamma in Brussels.",
            "author": {"@type": "Organization", "name": "The Outlet"},
            "appearance": MINI_APPEARANCE,
        },
    },
    {
        "@type": "ClaimReview",
        "identifier": "mini#chk_d",
        "claimReviewed": "The council resumed its work last year after a two-year hiatus.",
        "reviewBody": "The council met again after 23 months, not two full years.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Overstated",
            "ratingExplanation": "True in substance, but worded beyond what the cited sources say.",
            "bestRating": 5,
            "worstRating": 1,
            "ratingValue": 3,
        },
        "citation": [
            work(
                "s_paper_council",
                "https://example.org/paper/2016/05/council-meets-again",
                "The Paper",
                "2016-05",  # known to the month only
                "newspaper",
                "paragraphs 1-2",
                "The Paper says the Council met again in May 2016 after 23 months without "
                "a meeting.",
            ),
        ],
        "author": MINI_AUTHOR,
        "itemReviewed": {
            "@type": "Claim",
            "text": "The council resumed its work last year after a two-year hiatus.",
            "author": {"@type": "Organization", "name": "The Outlet"},
            "appearance": MINI_APPEARANCE,
        },
    },
]


def test_claim_reviews_of_the_mini(mini: ReportData) -> None:
    """schema.org ClaimReview records: the verdict's label, meaning and rating (5 supported,
    3 overstated, 1 contradicted, none for unconfirmed), the caveat after the evidence, and
    each citation as a CreativeWork naming its source, where in it and what it says."""
    document = claim_reviews(mini)
    assert document["@context"] == "https://schema.org"
    assert document["@graph"] == MINI_REVIEWS


@pytest.mark.parametrize(
    ("verdict", "label", "rating"),
    [
        ("supported", "Supported", 5),
        ("overstated", "Overstated", 3),
        ("contradicted", "Contradicted", 1),
        ("unconfirmed", "Unconfirmed", None),
    ],
)
def test_claim_reviews_rate_each_verdict(
    tmp_path: Path, verdict: str, label: str, rating: int | None
) -> None:
    """Every check given one verdict: each review rates it the same, on a scale of 1 to 5;
    'unconfirmed' carries no ratingValue at all."""
    tables = mini_tables()
    tables["checks"] = [{**check, "verdict": verdict} for check in tables["checks"]]
    write_article(tmp_path / "data", MINI, MINI_TEXT, tables)
    reviews = claim_reviews(report(MINI, data_dir=str(tmp_path / "data")))["@graph"]
    assert len(reviews) == 4
    for review in reviews:
        rated = review["reviewRating"]
        assert (rated["alternateName"], rated["bestRating"], rated["worstRating"]) == (label, 5, 1)
        assert rated.get("ratingValue") == rating
        assert ("ratingValue" in rated) is (rating is not None)


def test_claim_reviews_of_the_seed(seed: ReportData) -> None:
    """26 reviews: 13 supported (5), 1 overstated (3), 4 contradicted (1), 8 unconfirmed
    (unrated); organisations and people as authors; each citation a CreativeWork."""
    reviews = claim_reviews(seed)["@graph"]
    assert len(reviews) == 26
    ratings = [r["reviewRating"].get("ratingValue") for r in reviews]
    assert (ratings.count(5), ratings.count(3), ratings.count(1), ratings.count(None)) == (
        13,
        1,
        4,
        8,
    )
    by_id = {r["identifier"].split("#")[1]: r for r in reviews}
    assert all(r["identifier"].startswith(f"{SEED}#chk_") for r in reviews)
    first = by_id["chk_c01_first_talks"]
    assert first["reviewRating"]["alternateName"] == "Contradicted"
    assert first["claimReviewed"] == "first telephone talks in three years"
    assert first["reviewBody"].startswith(
        "The then chairman of NATO's Military Committee, Knud Bartels, and Gerasimov spoke by "
        "phone on 2014-05-19"
    )
    assert " Caveat: The NATO release on the 2014 call is cited from a copy" in first["reviewBody"]
    cited = [
        (c["identifier"], c["genre"], c["datePublished"], c["position"]) for c in first["citation"]
    ]
    assert cited == [
        ("honvedelem_2014_05_25_bartels_gerasimov", "primary", "2014-05-25", "paragraphs 1-3"),
        ("unian_2014_05_gerasimov_concern", "wire", "2014-05", "paragraphs 1-2"),  # the month
        ("zeit_2014_05_20_afp_gerasimov", "wire", "2014-05-20", "paragraph 1"),
        ("reuters_2017_03_22_stoltenberg", "wire", "2017-03-22", "paragraphs 1-3, 5"),
    ]
    assert first["citation"][0]["url"] == (
        "https://honvedelem.hu/hirek/"
        "nato-and-russian-military-top-leaders-agree-to-keep-lines-of-communication-open.html"
    )
    assert first["citation"][3]["url"] == (
        "http://in.reuters.com/article/usa-nato-russia-idINKBN16T2ZR"
    )
    assert first["citation"][3]["description"] == (
        "Reuters reports Stoltenberg saying on 22 March 2017 that Pavel had recently spoken by "
        "phone with Gerasimov, and recalls that Pavel had said in February that he hoped to "
        "hold the first call with Russia's military chiefs in more than two years."
    )
    assert first["itemReviewed"]["author"] == {"@type": "Organization", "name": "Russia Beyond"}
    assert first["itemReviewed"]["appearance"]["url"] == (
        "https://www.rbth.com/international/2017/03/06/"
        "russias-military-and-nato-held-first-telephone-talks-in-three-years_714303"
    )
    overstated = by_id["chk_c20_resume_cooperation"]["reviewRating"]
    assert (overstated["alternateName"], overstated["ratingValue"]) == ("Overstated", 3)
    quote = by_id["chk_c26_nato_step"]["itemReviewed"]["author"]
    assert quote == {"@type": "Person", "name": "Dmitry Danilov"}
    assert "ratingValue" not in by_id["chk_c26_nato_step"]["reviewRating"]
    assert by_id["chk_c03_nato_initiative"]["claimReviewed"] == (
        "The conversation took place on NATO\u2019s initiative"
    )
