"""A synthetic article and annotation at scale, to test the report far beyond the seed article.

:func:`write_synthetic_article` writes, into a data folder, an article in the project's layout:
``articles/<id>/article.txt`` and ``metadata.yaml`` with its SHA-256; the public record in
``record/`` (one YAML file per table of :data:`analysis.tables.RECORD_TABLES`: the sources, the
actors the record names, 200 record events and 24 phases, replacing any record already there);
and the article's annotation in ``annotations/<id>/`` (one file per table of
:data:`analysis.tables.ARTICLE_TABLES`: its own actors, 2,000 claims, 500 dated events, 500
checks and 120 contested phrases). Record and article actors make 100 in all (see
:class:`SyntheticSizes`). The text is made of plausible sentences: each claim's span is in it
verbatim, each event's date expression is one the resolver in ``analysis/dates.py`` knows ("On
Feb. 28", "three years ago", "the following day" after an anchor, ISO dates), and speakers,
attribution modes and name lengths vary.

Every record event, phase, check and contested phrase cites sources of the record, each with a
place in the page and what it says there, and keeps to the rules of ``analysis/rules.py``: a
verdict other than "unconfirmed" cites a primary, wire or newspaper source; a check citing an
announcement says so in its caveat; a check whose words take in contested wording lists it.

Everything is drawn from seeded generators, so the same seed writes the same bytes.

    .venv/bin/python -m tests.synthetic scale-data   # prints the article id and a focus actor
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.dates import WEEKDAYS
from analysis.tables import (
    ANNOTATION_TABLES,
    ARTICLE_TABLES,
    ESTABLISHED_SOURCE_KINDS,
    RECORD_TABLES,
)

SYNTHETIC_ARTICLE_ID = "synthetic-2017-03-06-military-contacts"
DEFAULT_SEED = 20170303
REFERENCE_DATE = dt.date(2017, 3, 3)  # the report's default reference date: the article's "today"
PUBLISHED = dt.date(2017, 3, 6)
EARLIEST = dt.date(2013, 6, 1)  # some events fall before the report's default window


@dataclass(frozen=True)
class SyntheticSizes:
    """How many records of each table to write."""

    claims: int = 2_000
    events: int = 500
    actors: int = 100
    phases: int = 24
    record_events: int = 200
    checks: int = 500
    contested: int = 120


@dataclass(frozen=True)
class SyntheticArticle:
    """What was written: the article id, the data folder and an actor to focus on."""

    article_id: str
    data_dir: Path
    focus_actor: str
    counts: dict[str, int]


# --- Vocabulary --------------------------------------------------------------------------------

RUSSIAN_FIRST = (
    "Alexander", "Sergei", "Valery", "Dmitry", "Nikolai", "Andrei", "Yevgeny", "Igor", "Oleg",
    "Mikhail", "Konstantin", "Yuri", "Viktor", "Anatoly", "Ruslan", "Gennady",
)  # fmt: skip
RUSSIAN_LAST = (
    "Sokolov", "Volkov", "Kuznetsov", "Morozov", "Lebedev", "Novikov", "Kozlov", "Orlov",
    "Zaitsev", "Belov", "Tarasov", "Frolov", "Gusev", "Korolev", "Vinogradov", "Ye",
    "Rimsky-Obolensky", "Chernyshevsky-Trubetskoy", "Li",
)  # fmt: skip
WESTERN_FIRST = (
    "Jens", "Petr", "Curtis", "Gordon", "Knud", "Rose", "James", "Marie", "Tomasz", "Anna",
    "Henrik", "Pieter", "Claudia", "Stuart", "Michel", "Ingrid", "Jean-Baptiste", "Bo",
)  # fmt: skip
WESTERN_LAST = (
    "Larsen", "Novak", "Whitfield", "Moreau", "Kowalski", "Schneider", "van der Berg",
    "Haraldsen", "Fitzgerald-Montgomery", "O'Neill", "Dubois", "Jansen", "Lindqvist", "Ek",
    "Müller-Lüdenscheidt", "Wiśniewski", "Ruiz",
)  # fmt: skip
UKRAINIAN_FIRST = ("Oleksandr", "Petro", "Andriy", "Viktor", "Stepan", "Iryna")
UKRAINIAN_LAST = ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk")

# (id, name, side, actor type, role)
ORGANISATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("russian_mod", "Russian Defense Ministry", "russia", "organisation",
     "Ministry of Defence of the Russian Federation"),
    ("russian_general_staff", "General Staff of the Russian Armed Forces", "russia",
     "organisation", "The armed forces' central command body"),
    ("russian_mfa", "Russian Foreign Ministry", "russia", "organisation",
     "Ministry of Foreign Affairs of the Russian Federation"),
    ("russia_gov", "Moscow", "russia", "organisation", "The Russian government"),
    ("gumvs", "Main Directorate of International Military Cooperation of the Ministry of "
     "Defence of the Russian Federation", "russia", "organisation",
     "Runs the ministry's contacts with foreign armed forces"),
    ("nato", "NATO", "nato", "organisation", "The North Atlantic Alliance"),
    ("nato_military_committee", "NATO Military Committee", "nato", "organisation",
     "NATO's senior military authority"),
    ("nato_russia_council", "NATO–Russia Council", "other", "organisation",
     "Forum of the allies and Russia, set up in 2002"),
    ("shape", "Supreme Headquarters Allied Powers Europe", "nato", "organisation",
     "NATO's strategic military headquarters, at Mons"),
    ("uk_mod", "UK Ministry of Defence", "nato_member_state", "organisation",
     "Defence ministry of the United Kingdom"),
    ("french_mod", "French Ministry of the Armed Forces", "nato_member_state", "organisation",
     "Defence ministry of France"),
    ("bmvg", "German Federal Ministry of Defence", "nato_member_state", "organisation",
     "Defence ministry of Germany"),
    ("polish_mond", "Polish Ministry of National Defence", "nato_member_state", "organisation",
     "Defence ministry of Poland"),
    ("ukraine_mod", "Ministry of Defence of Ukraine", "ukraine", "organisation",
     "Defence ministry of Ukraine"),
    ("osce", "OSCE", "other", "organisation",
     "Organization for Security and Co-operation in Europe; runs the monitoring mission"),
    ("eu", "European Union", "other", "organisation", "The EU's institutions"),
    ("riac", "Russian International Affairs Council", "expert", "organisation",
     "Moscow think tank"),
    ("elnet", "European Leadership Network", "expert", "organisation", "London think tank"),
)  # fmt: skip
OUTLETS: tuple[tuple[str, str], ...] = (
    ("baltic_defence_review", "Baltic Defence Review"),
    ("interfax", "Interfax"),
    ("tass", "TASS"),
    ("reuters", "Reuters"),
    ("defense_news_weekly", "Defense News Weekly"),
)
# Organisations named without "the" in running text (acronyms are, too).
BARE_NAMES = frozenset({"Moscow", "Interfax", "Reuters"})
OUTLET_ID = OUTLETS[0][0]  # the outlet that publishes the synthetic article

PERSON_ROLES: dict[str, tuple[str, ...]] = {
    "russia": (
        "Deputy Defense Minister", "Deputy Chief of the General Staff", "Chief of the General "
        "Staff of the Russian Armed Forces", "Commander of the Western Military District",
        "Head of the ministry's press service", "Deputy Foreign Minister",
        "Russia's permanent representative to NATO", "Commander of the Baltic Fleet",
    ),
    "nato": (
        "Chairman of the NATO Military Committee", "NATO Secretary General",
        "Supreme Allied Commander Europe", "NATO spokesperson", "Deputy Secretary General",
    ),
    "nato_member_state": (
        "Vice Chief of the Defence Staff", "Ambassador to Russia", "Defence Minister",
        "Chief of Defence", "Military attaché in Moscow", "Foreign Minister",
    ),
    "expert": (
        "Military analyst", "Senior fellow, Russian International Affairs Council",
        "Director of a Moscow think tank", "Research fellow on European security",
    ),
    "ukraine": ("Defence Minister of Ukraine", "Chief of the General Staff of Ukraine"),
    "other": ("Head of the OSCE Special Monitoring Mission", "EU High Representative"),
}  # fmt: skip
# Persons per side; with the organisations and outlets above they make up the actors.
PERSON_SHARES = {
    "russia": 0.34,
    "nato": 0.1,
    "nato_member_state": 0.27,
    "expert": 0.12,
    "ukraine": 0.09,
    "other": 0.08,
}

PLACES = (
    "Moscow", "Brussels", "Mons", "Kaliningrad", "Riga", "Tallinn", "Vilnius", "Warsaw",
    "Berlin", "Paris", "London", "Oslo", "Helsinki", "Minsk", "Vienna", "Geneva", "Bucharest",
    "Constanța", "Šiauliai", "Gdańsk", "Murmansk", "St. Petersburg", "Sevastopol", "Ankara",
)  # fmt: skip

TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "military_contacts": (
        "resuming contacts between the general staffs", "the hotline between the staffs",
        "regular military-to-military contacts",
    ),
    "nato_russia_council": (
        "the agenda of the NATO–Russia Council", "briefings on exercises in the Council",
    ),
    "european_security": ("security in Europe", "the arms control regime in Europe"),
    "nato_posture": (
        "the Alliance's forward presence in the Baltic states", "the rotation of allied troops",
        "missile defence sites in Romania and Poland",
    ),
    "crimea_ukraine": ("the situation in eastern Ukraine", "the ceasefire in Donbas"),
    "incident_prevention": (
        "preventing dangerous incidents at sea", "transponder use by military aircraft",
        "safe distances between warships",
    ),
    "baltic_transparency": (
        "transparency of exercises near the Baltic", "observers at snap exercises",
    ),
    "tensions": ("reducing tensions along the border", "the risk of miscalculation"),
    "dialogue": ("keeping channels of dialogue open", "a return to predictable dialogue"),
    "bilateral_relations": ("bilateral defence relations", "cooperation between the two navies"),
}  # fmt: skip
TOPICS = tuple(TOPIC_PHRASES)

CONTESTED_PHRASES: tuple[tuple[str, str], ...] = (
    ("the so-called Crimean crisis",
     "Russia's seizure and annexation of Crimea in February and March 2014."),
    ("NATO's reckless expansion to Russia's borders",
     "Accessions decided by applicant states and the allies under the Washington Treaty."),
    ("the Kiev junta", "Ukraine's government, formed by parliament in February 2014."),
    ("the reunification of Crimea with Russia",
     "The annexation of Crimea, which UN General Assembly resolution 68/262 does not recognise."),
    ("the aggressive military bloc", "NATO, a defensive alliance of 28 states in 2017."),
    ("a provocation by the Alliance", "An exercise notified under the Vienna Document."),
    ("the so-called Russian threat", "Allied assessments of Russia's military posture."),
    ("Russian aggression", "Russia's use of force in Ukraine since 2014."),
)  # fmt: skip

UNITS = (
    "a battalion", "an air-defence regiment", "four warships", "Iskander missile systems",
    "a brigade headquarters", "two fighter squadrons", "an armoured company",
)  # fmt: skip
DECISIONS = (
    "suspend practical cooperation", "extend the rotation of troops", "open a liaison office",
    "cancel the planned exercise", "raise the readiness of its rapid-reaction force",
)  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
# Abbreviations as news agencies write them; May, June and July are written in full.
MONTH_ABBREVIATIONS = (
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
)  # fmt: skip
NUMBER_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# (URL pattern, publisher, kind, language, weight): the outlets the synthetic record cites.
SOURCE_OUTLETS: tuple[tuple[str, str, str, str, int], ...] = (
    ("https://www.nato.int/cps/en/natohq/news_{n}.htm", "NATO", "primary", "en", 10),
    ("https://eng.mil.ru/en/news_page/country/more.htm?id={n}", "Russian Defense Ministry",
     "primary", "en", 8),
    ("https://www.osce.org/special-monitoring-mission-to-ukraine/{n}", "OSCE", "primary", "en", 4),
    ("https://www.reuters.com/article/world-{n}", "Reuters", "wire", "en", 10),
    ("https://tass.com/defense/{n}", "TASS", "wire", "en", 8),
    ("https://www.stripes.com/news/europe/{n}", "Stars and Stripes (AP)", "wire", "en", 4),
    ("https://www.theguardian.com/world/2017/{n}", "The Guardian", "newspaper", "en", 5),
    ("https://www.kommersant.ru/doc/{n}", "Kommersant", "newspaper", "ru", 5),
    ("https://www.lemonde.fr/international/article/{n}.html", "Le Monde", "newspaper", "fr", 3),
    ("https://defence-blog.example.org/{n}", "Defence Blog", "other", "en", 3),
    ("https://news-aggregator.example.org/story/{n}", "News Aggregator", "other", "en", 2),
)  # fmt: skip
LOCATORS = (
    "paragraph {n}", "paragraphs {n}-{m}", "the headline and paragraph 1", "page {n}",
    "section {n}", "the second table, row {n}",
)  # fmt: skip
ANNOUNCEMENT_CAVEAT = "The verdict relies in part on an announcement made before the event."

CONTACT_CHANNELS = ("meeting", "phone_call", "council_meeting")
EVENT_TYPE_WEIGHTS = {
    "contact": 45,
    "statement": 18,
    "decision": 10,
    "deployment": 10,
    "crisis": 5,
    "resumption": 5,
    "other": 7,
}


# --- Actors ------------------------------------------------------------------------------------


@dataclass
class Actor:
    """One actor as written to actors.yaml."""

    actor_id: str
    name: str
    actor_type: str
    side: str
    role: str
    speaks: bool = True  # False: the article never has the actor speak
    affiliation_actor_id: str | None = None

    def record(self) -> dict[str, Any]:
        """The actor as a YAML record."""
        record: dict[str, Any] = {
            "actor_id": self.actor_id,
            "name": self.name,
            "actor_type": self.actor_type,
            "role": self.role,
            "side": self.side,
        }
        if self.affiliation_actor_id:
            record["affiliation_actor_id"] = self.affiliation_actor_id
        return record


def _slug(text: str) -> str:
    ascii_text = text.lower().replace("ś", "s").replace("ü", "u").replace("'", "")
    return "".join(c if c.isalnum() else "_" for c in ascii_text).strip("_")


def make_actors(rng: random.Random, count: int) -> list[Actor]:
    """Organisations, outlets and persons of every side: ``count`` actors, 10 % never speaking."""
    actors = [Actor(i, n, t, s, r) for i, n, s, t, r in ORGANISATIONS]
    actors += [Actor(i, n, "media", "media", "News outlet") for i, n in OUTLETS]
    affiliations = {
        "russia": "russian_mod",
        "nato": "nato",
        "nato_member_state": "uk_mod",
        "expert": "riac",
        "ukraine": "ukraine_mod",
        "other": "osce",
    }
    names: dict[str, tuple[Sequence[str], Sequence[str]]] = {
        "russia": (RUSSIAN_FIRST, RUSSIAN_LAST),
        "ukraine": (UKRAINIAN_FIRST, UKRAINIAN_LAST),
        "expert": (RUSSIAN_FIRST + WESTERN_FIRST, RUSSIAN_LAST + WESTERN_LAST),
    }
    sides = [side for side, share in PERSON_SHARES.items() for _ in range(round(share * 200))]
    seen: set[str] = {a.name for a in actors}
    while len(actors) < count:
        side = sides[rng.randrange(len(sides))]
        first_names, last_names = names.get(side, (WESTERN_FIRST, WESTERN_LAST))
        first, last = rng.choice(first_names), rng.choice(last_names)
        name = f"{first} {last}"
        if name in seen:
            # A namesake: told apart by a middle initial, as agencies do.
            name = f"{first} {chr(rng.randrange(65, 91))}. {last}"
        if name in seen:
            continue
        seen.add(name)
        actor_id = _slug(name)
        actors.append(
            Actor(
                actor_id,
                name,
                "person",
                side,
                rng.choice(PERSON_ROLES[side]),
                affiliation_actor_id=affiliations[side],
            )
        )
    # A tenth never speak in the article (they hold terms of office, take part in contacts).
    persons = [a for a in actors if a.actor_type == "person"]
    for actor in persons[-count // 10 :]:
        actor.speaks = False
    return actors[:count]


# --- Dates and their expressions ----------------------------------------------------------------


def _number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 < n < len(NUMBER_WORDS) else str(n)


def _month_day(day: dt.date, rng: random.Random) -> str:
    month = rng.choice((MONTH_NAMES, MONTH_ABBREVIATIONS))[day.month - 1]
    return f"{month} {day.day}"


def day_expression(day: dt.date, rng: random.Random) -> str:
    """A date expression that resolves to ``day`` at day precision."""
    back = (REFERENCE_DATE - day).days
    choices: list[str] = []
    if back == 0:
        choices += ["today", "today"]
    elif back == 1:
        choices.append("yesterday")
    elif 1 < back <= 6:
        choices += [f"on {WEEKDAYS[day.weekday()].title()}", f"{_number_word(back)} days ago"]
    elif back == 7:
        choices.append("a week ago")
    elif back % 7 == 0 and back <= 28:
        choices.append(f"{_number_word(back // 7)} weeks ago")
    if 0 < back < 360:
        # Month and day without the year: the latest such day before the reference date.
        choices += [f"On {_month_day(day, rng)}", f"on {_month_day(day, rng)}"]
    choices += [
        f"on {day.isoformat()}",
        f"on {_month_day(day, rng)}, {day.year}",
    ]
    return rng.choice(choices)


def coarse_expression(day: dt.date, rng: random.Random) -> tuple[str, str]:
    """A month- or year-precision expression whose interval holds ``day``, and its precision."""
    months_back = (REFERENCE_DATE.year - day.year) * 12 + REFERENCE_DATE.month - day.month
    years_back = REFERENCE_DATE.year - day.year
    choices: list[tuple[str, str]] = [(f"in {day.year}", "year")]
    if years_back == 1:
        choices.append(("a year ago", "year"))
    if 2 <= years_back <= 9:
        choices.append((f"{_number_word(years_back)} years ago", "year"))
    if years_back == 1:
        choices.append(("last year", "year"))
    if years_back == 0:
        choices.append(("this year", "year"))
    if months_back == 1:
        choices.append(("last month", "month"))
    if 2 <= months_back <= 9:
        choices.append((f"{_number_word(months_back)} months ago", "month"))
    return rng.choice(choices)


def random_day(rng: random.Random) -> dt.date:
    """A day up to the reference date: many in its last week, more in its last year."""
    roll = rng.random()
    if roll < 0.14:
        back = rng.randrange(0, 9)
    elif roll < 0.35:
        back = rng.randrange(9, 365)
    else:
        back = rng.randrange(365, (REFERENCE_DATE - EARLIEST).days)
    return REFERENCE_DATE - dt.timedelta(days=back)


# --- The article, claim by claim ----------------------------------------------------------------


@dataclass
class Happening:
    """Something that happened, told by one or more event mentions and maybe in the record."""

    happening_id: int
    day: dt.date
    event_type: str
    channel: str | None
    participants: list[str]
    label: str
    record_id: str | None = None


@dataclass
class Claim:
    """One claim: its sentence in the article and its annotation record."""

    claim_id: str
    span: str
    sentence: str
    speaker: str
    mode: str
    cue: str | None
    kind: str
    topics: list[str]
    subjects: list[str]
    events: list[dict[str, Any]] = field(default_factory=list)


class ArticleWriter:
    """Draws claims, events and record facts from one seeded generator."""

    def __init__(self, rng: random.Random, sizes: SyntheticSizes) -> None:
        self.rng = rng
        self.sizes = sizes
        self.actors = make_actors(rng, sizes.actors)
        self.by_id = {a.actor_id: a for a in self.actors}
        self.russian = [a.actor_id for a in self.actors if a.side == "russia"]
        self.western = [a.actor_id for a in self.actors if a.side in ("nato", "nato_member_state")]
        self.others = [a.actor_id for a in self.actors if a.side in ("ukraine", "other", "expert")]
        speakers = [a for a in self.actors if a.speaks and a.actor_id != OUTLET_ID]
        rng.shuffle(speakers)
        self.speakers = speakers
        # Zipf-like: a few actors speak a lot, most a little.
        self.speaker_weights = [1.0 / (rank + 1) for rank in range(len(speakers))]
        self.happenings: list[Happening] = []
        self.claims: list[Claim] = []
        self.n_events = 0

    # Names and phrases

    def name(self, actor_id: str) -> str:
        """The actor's name as running text writes it: "the Russian Defense Ministry"."""
        actor = self.by_id[actor_id]
        bare = actor.actor_type == "person" or actor.name.isupper() or actor.name in BARE_NAMES
        return actor.name if bare else f"the {actor.name}"

    def topic(self) -> tuple[str, str]:
        """A topic and a phrase about it."""
        topic = self.rng.choice(TOPICS)
        return topic, self.rng.choice(TOPIC_PHRASES[topic])

    def pair(self) -> list[str]:
        """Two or three participants of a contact, usually one from each side."""
        rng = self.rng
        people = [rng.choice(self.russian), rng.choice(self.western)]
        if rng.random() < 0.2:
            people.append(rng.choice(self.others + self.western))
        return list(dict.fromkeys(people))

    # Happenings and their mentions

    def new_happening(self, day: dt.date | None = None, event_type: str | None = None) -> Happening:
        """Something that happened on ``day`` (drawn if not given), with who took part."""
        rng = self.rng
        if event_type is None:
            kinds = list(EVENT_TYPE_WEIGHTS)
            event_type = rng.choices(kinds, weights=list(EVENT_TYPE_WEIGHTS.values()))[0]
        day = day or random_day(rng)
        participants = self.pair() if event_type == "contact" else [rng.choice(self.russian)]
        if event_type != "contact" and rng.random() < 0.5:
            participants = [rng.choice(self.western)]
        channel = {
            "contact": rng.choice(CONTACT_CHANNELS),
            "statement": "public_statement",
            "decision": "ministerial_decision",
        }.get(event_type)
        if channel == "council_meeting":
            participants = ["nato_russia_council", *participants[:1]]
        names = [self.by_id[a].name for a in participants]
        label = {
            "contact": f"{' and '.join(names)}: {(channel or '').replace('_', ' ')}",
            "statement": f"Statement by {names[0]}",
            "decision": f"Decision by {names[0]}",
            "deployment": f"Deployment announced by {names[0]}",
            "crisis": "Tensions flare",
            "resumption": f"{names[0]} resumes talks",
            "other": f"Exercise postponed by {names[0]}",
        }[event_type]
        happening = Happening(len(self.happenings), day, event_type, channel, participants, label)
        self.happenings.append(happening)
        return happening

    def mention(
        self, happening: Happening, claim_id: str, anchor: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], str, str]:
        """An event mentioning ``happening``, with its date expression and that one's precision."""
        rng = self.rng
        precision = "day"
        if anchor is not None:
            expression = "the following day"
        elif rng.random() < 0.75:
            expression = day_expression(happening.day, rng)
        else:
            expression, precision = coarse_expression(happening.day, rng)
        self.n_events += 1
        event: dict[str, Any] = {
            "event_id": f"e{self.n_events:04d}",
            "label": happening.label,
            "expression": expression,
            "claim_id": claim_id,
            "event_type": happening.event_type,
        }
        if happening.channel:
            event["channel"] = happening.channel
        event["participant_actor_ids"] = list(happening.participants)
        if anchor is not None:
            event["anchor_event_id"] = anchor["event_id"]
        event["_happening"] = happening.happening_id
        return event, expression, precision

    def event_clause(self, happening: Happening, when: str) -> tuple[str, str, str]:
        """A clause telling ``happening`` with its date expression: text, topic, expression.

        The expression comes back as written, capitalised when it opens the clause.
        """
        rng = self.rng
        topic, phrase = self.topic()
        names = [self.name(a) for a in happening.participants]
        place = rng.choice(PLACES)
        kind, channel = happening.event_type, happening.channel
        if kind == "contact" and channel == "phone_call":
            text = f"{' and '.join(names)} spoke by telephone {when} about {phrase}"
        elif kind == "contact" and channel == "council_meeting":
            text = f"{names[0]} met {when} at ambassador level to discuss {phrase}"
        elif kind == "contact" and rng.random() < 0.5:
            when = when[0].upper() + when[1:]
            text = f"{when}, {names[0]} met {', '.join(names[1:])} in {place} to discuss {phrase}"
        elif kind == "contact":
            text = f"{names[0]} met {', '.join(names[1:])} in {place} {when} to discuss {phrase}"
        elif kind == "statement":
            text = f"{names[0]} said in a statement {when} that {phrase} remained a priority"
        elif kind == "decision":
            text = f"{names[0]} decided {when} to {rng.choice(DECISIONS)} near {place}"
        elif kind == "deployment":
            text = f"{names[0]} deployed {rng.choice(UNITS)} to {place} {when}"
        elif kind == "crisis":
            text = f"tensions over {place} flared {when}, raising fears about {phrase}"
        elif kind == "resumption":
            text = f"{names[0]} resumed talks on {phrase} {when}"
        else:
            text = f"{names[0]} postponed the exercise planned near {place} {when}"
        return text, topic, when

    # Claims

    def speaker_and_mode(self) -> tuple[str, str]:
        """Who makes the next claim and how the article attributes it."""
        rng = self.rng
        if rng.random() < 0.25:
            return OUTLET_ID, "narration"
        speaker = rng.choices(self.speakers, weights=self.speaker_weights)[0].actor_id
        return speaker, "direct_quote" if rng.random() < 0.4 else "paraphrase"

    def plain_clause(self, kind: str) -> tuple[str, str, list[str]]:
        """A claim without a date: a position, an assessment or background."""
        rng = self.rng
        topic, phrase = self.topic()
        subject = rng.choice(self.russian + self.western)
        name = self.name(subject)
        place = rng.choice(PLACES)
        templates = {
            "position": (
                f"{name} remains committed to {phrase}",
                f"there can be no return to business as usual in {place} without {phrase}",
                f"{name} will not accept any change to {phrase} near {place}",
            ),
            "assessment": (
                f"the talks in {place} show that {phrase} is back on the agenda of {name}",
                f"{name} is unlikely to move on {phrase} before the next summit",
                f"the contacts of {name} are a sign that {phrase} still matters",
            ),
            "background": (
                f"{name} has long insisted on {phrase}",
                f"relations around {place} have depended on {phrase} for years",
                f"the dispute over {phrase} dates back to the first exercises near {place}",
            ),
            "event_report": (f"{name} raised {phrase} during the visit to {place}",),
        }
        return rng.choice(templates[kind]), topic, [subject]

    def add_claim(self, clause: str, topics: list[str], subjects: list[str], kind: str) -> Claim:
        """Put ``clause`` in a sentence attributed to a drawn speaker and record the claim."""
        rng = self.rng
        speaker, mode = self.speaker_and_mode()
        claim_id = f"c{len(self.claims) + 1:04d}"
        who = self.name(speaker)
        who_first = who[0].upper() + who[1:]  # opening a sentence
        cue: str | None = None
        if mode == "narration":
            span = clause[0].upper() + clause[1:]
            sentence = f"{span}."
        elif mode == "direct_quote":
            span = clause[0].upper() + clause[1:]
            if rng.random() < 0.5:
                cue = f"said {who}"
                sentence = f'"{span}," {cue}.'
            else:
                cue = f"{who_first} said"
                sentence = f'{cue}: "{span}."'
        else:
            span = clause
            if rng.random() < 0.6:
                cue = f"{who_first} said that"
                sentence = f"{cue} {span}."
            else:
                cue = f"according to {who}"
                sentence = f"{span[0].upper() + span[1:]}, {cue}."
                span = span[0].upper() + span[1:]
        claim = Claim(
            claim_id,
            span,
            sentence,
            speaker,
            mode,
            cue,
            kind,
            list(dict.fromkeys(topics)),
            list(dict.fromkeys(subjects)),
        )
        self.claims.append(claim)
        return claim

    def write_claims(self) -> None:
        """All claims, with the events spread over them and a few anchored pairs."""
        rng = self.rng
        sizes = self.sizes
        n_claims, n_events = sizes.claims, sizes.events
        # Which claims hold a date: drawn at random across the article.
        holders = set(rng.sample(range(n_claims), min(n_events, n_claims)))
        recent_day_anchor: dict[str, Any] | None = None
        for index in range(n_claims):
            if index in holders and self.n_events < n_events:
                self.write_event_claim(recent_day_anchor)
                event = self.claims[-1].events[-1]
                resolved_to_day = event["_precision"] == "day" and event["_day"] <= REFERENCE_DATE
                recent_day_anchor = event if resolved_to_day else None
                continue
            kind = rng.choice(("position", "assessment", "background", "event_report"))
            clause, topic, subjects = self.plain_clause(kind)
            self.add_claim(clause, [topic], subjects, kind)

    def write_event_claim(self, anchor: dict[str, Any] | None) -> None:
        """A claim telling one event, or two (a date and "the following day" after it)."""
        rng = self.rng
        claim_id = f"c{len(self.claims) + 1:04d}"
        if anchor is not None and rng.random() < 0.08:
            day = anchor["_day"] + dt.timedelta(days=1)
            happening = self.new_happening(day, "contact")
            event, when, _ = self.mention(happening, claim_id, anchor=anchor)
            clause, topic, event["expression"] = self.event_clause(happening, when)
            self._finish_event_claim(clause, topic, happening, [(event, day, "day")])
            return
        if self.happenings and rng.random() < 0.12:
            happening = rng.choice(self.happenings[-60:])  # a story told again
        else:
            happening = self.new_happening()
        event, when, precision = self.mention(happening, claim_id)
        clause, topic, event["expression"] = self.event_clause(happening, when)
        mentions = [(event, happening.day, precision)]
        pause = happening.event_type in ("resumption", "contact") and rng.random() < 0.04
        if pause and self.n_events < self.sizes.events:
            # "resumed ... after a two-year hiatus": the pause began two years before.
            stop = self.new_happening(dt.date(happening.day.year - 2, 6, 1), "other")
            stop.label = f"{self.by_id[happening.participants[0]].name} stops meeting"
            pause_event, _, _ = self.mention(stop, claim_id)
            pause_event["expression"] = "a two-year hiatus"
            pause_event["anchor_event_id"] = event["event_id"]
            clause += " after a two-year hiatus"
            mentions.append((pause_event, stop.day, "year"))
        self._finish_event_claim(clause, topic, happening, mentions)

    def _finish_event_claim(
        self,
        clause: str,
        topic: str,
        happening: Happening,
        mentions: list[tuple[dict[str, Any], dt.date, str]],
    ) -> None:
        kind = "event_report" if self.rng.random() < 0.8 else "background"
        claim = self.add_claim(clause, [topic], happening.participants, kind)
        for event, day, precision in mentions:
            event["claim_id"] = claim.claim_id
            event["_day"], event["_precision"] = day, precision
            claim.events.append(event)


# --- The record's sources and what they say ------------------------------------------------------


def _day_text(day: dt.date, precision: str = "day") -> str:
    """A date as a citation writes it: '3 March 2017', 'March 2017' or '2017'."""
    month = MONTH_NAMES[day.month - 1]
    return {"day": f"{day.day} {month} {day.year}", "month": f"{month} {day.year}"}.get(
        precision, str(day.year)
    )


class Library:
    """The record's sources, added as the record cites them, and citations of them.

    Drawn from a generator of its own, so that the article's text and events do not depend on
    how many sources are drawn.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sources: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}

    def add(
        self,
        title: str,
        published: dt.date,
        *,
        is_announcement: bool = False,
        kinds: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """A new source: a page of a drawn outlet (of one of ``kinds`` if given), published on
        ``published``."""
        rng = self.rng
        outlets = [o for o in SOURCE_OUTLETS if kinds is None or o[2] in kinds]
        weights = [o[-1] for o in outlets]
        pattern, publisher, kind, language, _ = rng.choices(outlets, weights)[0]
        index = len(self.sources) + 1
        source: dict[str, Any] = {
            "source_id": f"s{index:04d}_{_slug(publisher)}",
            "url": pattern.format(n=100_000 + 37 * index),
            "publisher": publisher,
            "title": title,
        }
        if rng.random() < 0.08:  # a print edition, or a page that gives only the month
            source["published"] = published.replace(day=1).isoformat()
            source["published_precision"] = "month"
        else:
            source["published"] = published.isoformat()
        source["language"] = language
        source["kind"] = kind
        source["retrieved"] = "2026-11-27"
        source["is_announcement"] = is_announcement
        if rng.random() < 0.1:
            source["note"] = "The stored copy shows no date line; the date is the page's URL's."
        self.sources.append(source)
        self.by_id[source["source_id"]] = source
        return source

    def locator(self) -> str:
        n = self.rng.randrange(1, 12)
        return self.rng.choice(LOCATORS).format(n=n, m=n + 1)

    def cite(self, source: dict[str, Any], says: str) -> dict[str, str]:
        """A citation of ``source``: where in it, and what it says there."""
        return {"source_id": source["source_id"], "locator": self.locator(), "says": says}

    def any_source(self, kinds: Sequence[str] | None = None) -> dict[str, Any]:
        """A source already in the record, of one of ``kinds`` if given (a new one if the
        record has none)."""
        pool = [s for s in self.sources if kinds is None or s["kind"] in kinds]
        if not pool:
            return self.add("Military contacts: an overview", REFERENCE_DATE, kinds=kinds)
        return self.rng.choice(pool)

    def is_announcement(self, citation: dict[str, str]) -> bool:
        return bool(self.by_id[citation["source_id"]]["is_announcement"])

    def is_established(self, citation: dict[str, str]) -> bool:
        return self.by_id[citation["source_id"]]["kind"] in ESTABLISHED_SOURCE_KINDS


# --- Record facts, checks, contested wording, phases ---------------------------------------------


def record_events(
    writer: ArticleWriter, events: list[dict[str, Any]], count: int, library: Library
) -> list[dict[str, Any]]:
    """Record events: about half of them for happenings the article tells, the rest its own.

    Each cites one or two new sources reporting it in the days after it, now and then an
    announcement made the week before.
    """
    rng = writer.rng
    told = {event["_happening"] for event in events}
    candidates = [h for h in writer.happenings if h.happening_id in told]
    rng.shuffle(candidates)
    linked = candidates[: count // 2]
    own = [writer.new_happening() for _ in range(count - len(linked))]
    records = []
    for happening in sorted(linked + own, key=lambda h: (h.day, h.happening_id)):
        record_id = f"r{happening.happening_id:04d}_{happening.day:%Y_%m_%d}"
        happening.record_id = record_id
        precision = "day" if rng.random() < 0.9 else "month"
        day = happening.day
        if happening.happening_id in told and rng.random() < 0.03:
            day -= dt.timedelta(days=rng.randrange(1, 4))  # the article has the date wrong
        start = day if precision == "day" else day.replace(day=1)
        record: dict[str, Any] = {
            "record_event_id": record_id,
            "label": happening.label,
            "event_type": happening.event_type,
            "start_date": start.isoformat(),
            "precision": precision,
            "is_confirmed": rng.random() < 0.93,
        }
        if happening.channel:
            record["channel"] = happening.channel
        record["participant_actor_ids"] = list(happening.participants)
        record["citations"] = _cite_record_event(library, happening.label, day, precision)
        if rng.random() < 0.3:
            record["note"] = "Reported by both sides on the same day."
        records.append(record)
    by_happening = {h.happening_id: h.record_id for h in linked}
    for event in events:
        record_id = by_happening.get(event["_happening"])
        if record_id is not None:
            event["record_event_id"] = record_id
    return records


def _cite_record_event(
    library: Library, label: str, day: dt.date, precision: str
) -> list[dict[str, str]]:
    rng = library.rng
    when = _day_text(day, precision)
    citations = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        if rng.random() < 0.05:
            source = library.add(label, day - dt.timedelta(days=rng.randrange(1, 8)),
                                 is_announcement=True)  # fmt: skip
            says = f'{source["publisher"]} announced "{label}" for {when}, before it took place.'
        else:
            source = library.add(label, day + dt.timedelta(days=rng.randrange(0, 4)))
            says = f'{source["publisher"]} reports "{label}" and dates it to {when}.'
        citations.append(library.cite(source, says))
    return citations


EVIDENCE = {
    "supported": "The record dates and describes the event as the article does.",
    "overstated": "The record has the event, but not the claim's wording of it.",
    "contradicted": "The record gives another date or another account of the event.",
    "unconfirmed": "No public source confirms or refutes this claim.",
}


def make_checks(
    rng: random.Random,
    claims: list[Claim],
    records: list[dict[str, Any]],
    count: int,
    library: Library,
    contested: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Checks of some claims holding contested wording, of the claims that tell events, then
    of others.

    A check cites what its record events cite; a verdict other than "unconfirmed" that would
    rest on blogs and aggregators only is given a wire, newspaper or official source too; a
    check citing an announcement says so in its caveat; and a check whose words take in a
    contested phrase of its claim lists it.
    """
    contested_by_claim: dict[str, list[dict[str, Any]]] = {}
    for item in contested:
        contested_by_claim.setdefault(item["claim_id"], []).append(item)
    chosen = _claims_to_check(rng, claims, count, contested_by_claim)
    record_ids = [r["record_event_id"] for r in records]
    cited_by_record = {r["record_event_id"]: r["citations"] for r in records}
    checks = []
    for index, claim in enumerate(sorted(chosen, key=lambda c: c.claim_id)):
        verdict = rng.choices(("supported", "contradicted", "unconfirmed"), (55, 20, 25))[0]
        if verdict == "supported" and library.rng.random() < 0.15:
            verdict = "overstated"
        check: dict[str, Any] = {
            "check_id": f"chk{index + 1:04d}",
            "claim_id": claim.claim_id,
        }
        words = claim.span.split()
        checked = (0, len(claim.span))
        if len(words) > 8 and rng.random() < 0.6:
            check["checked_wording"] = " ".join(words[: rng.randrange(5, len(words))])
            checked = (0, len(check["checked_wording"]))
        linked = [e["record_event_id"] for e in claim.events if "record_event_id" in e]
        extra = rng.sample(record_ids, rng.randrange(0, 3))
        check["verdict"] = verdict
        check["evidence"] = EVIDENCE[verdict]
        citations = _cite_check(library, verdict, [cited_by_record[r] for r in linked + extra])
        if any(library.is_announcement(c) for c in citations):
            check["caveat"] = ANNOUNCEMENT_CAVEAT
        elif library.rng.random() < 0.1:
            check["caveat"] = "Only one side's account of the event is on the record."
        check["record_event_ids"] = list(dict.fromkeys(linked + extra))
        taken_in = [
            item["contested_id"]
            for item in contested_by_claim.get(claim.claim_id, [])
            if item["_start"] < checked[1] and checked[0] < item["_start"] + len(item["span"])
        ]
        if taken_in:
            check["contested_ids"] = taken_in
        check["citations"] = citations
        checks.append(check)
    return checks


def _claims_to_check(
    rng: random.Random, claims: list[Claim], count: int, contested_by_claim: dict[str, Any]
) -> list[Claim]:
    """The ``count`` claims to check: some holding contested wording, those that tell events,
    then others in a random order."""
    with_events = [c for c in claims if c.events]
    others = rng.sample([c for c in claims if not c.events], len(claims) - len(with_events))
    # A third of the claims holding contested wording are checked, ahead of the others.
    disputed = [c for c in others if c.claim_id in contested_by_claim]
    disputed = disputed[: min(len(disputed) // 3, count // 10)]
    first = {c.claim_id for c in disputed}
    return (disputed + with_events + [c for c in others if c.claim_id not in first])[:count]


def _cite_check(
    library: Library, verdict: str, record_citations: list[list[dict[str, str]]]
) -> list[dict[str, str]]:
    """What a check cites: the first citation of each of its record events, at most three,
    or a source of the record when it has none."""
    citations: list[dict[str, str]] = []
    for cited in record_citations:
        first = cited[0]
        if len(citations) < 3 and all(c["source_id"] != first["source_id"] for c in citations):
            citations.append(dict(first))
    if not citations:
        source = library.any_source()
        says = f"{source['publisher']} reports on the events the claim describes."
        citations.append(library.cite(source, says))
    if verdict != "unconfirmed" and not any(library.is_established(c) for c in citations):
        source = library.any_source(ESTABLISHED_SOURCE_KINDS)
        says = f"{source['publisher']} gives the account the verdict rests on."
        citations.append(library.cite(source, says))
    return citations


def make_phases(writer: ArticleWriter, count: int, library: Library) -> list[dict[str, Any]]:
    """Terms of office, suspensions, hiatuses and deployments, some still running."""
    rng = writer.rng
    phases = []
    people = [a for a in writer.actors if a.actor_type == "person"]
    for index in range(count):
        start = dt.date(2009, 1, 1) + dt.timedelta(days=rng.randrange(0, 8 * 365))
        phase_type = rng.choice(("term", "term", "suspension", "hiatus", "deployment"))
        phase: dict[str, Any] = {"phase_id": f"p{index + 1:02d}"}
        if phase_type == "term":
            actor = rng.choice(people)
            phase["label"] = f"{actor.name}, {actor.role}"
        else:
            place = rng.choice(PLACES)
            phase["label"] = {
                "suspension": f"Cooperation suspended in {place}",
                "hiatus": f"Working group in {place} does not meet",
                "deployment": f"Allied battlegroup in {place}",
            }[phase_type]
        phase["phase_type"] = phase_type
        precision = "day" if rng.random() < 0.8 else "month"
        if precision == "month":
            start = start.replace(day=1)
        phase["start_date"] = start.isoformat()
        end = None
        if rng.random() < 0.7:
            end = start + dt.timedelta(days=rng.randrange(200, 1500))
            if precision == "month":
                end = end.replace(day=1)
            phase["end_date"] = end.isoformat()
        phase["precision"] = precision
        if phase_type == "term":
            phase["actor_id"] = actor.actor_id
        source = library.add(phase["label"], start + dt.timedelta(days=library.rng.randrange(30)))
        until = f"to {_day_text(end, precision)}" if end else "with no end given"
        says = (
            f'{source["publisher"]} dates "{phase["label"]}" from '
            f"{_day_text(start, precision)} {until}."
        )
        phase["citations"] = [library.cite(source, says)]
        phases.append(phase)
    return phases


def insert_contested(rng: random.Random, claims: list[Claim], count: int) -> list[dict[str, Any]]:
    """Loaded phrases put into claims without events, each with a neutral description.

    ``_start`` keeps where the phrase starts in its claim's span; the citations come later
    (:func:`cite_contested`), once the record has sources.
    """
    plain = [c for c in claims if not c.events]
    contested = []
    chosen = sorted(rng.sample(plain, min(count, len(plain))), key=lambda c: c.claim_id)
    for index, claim in enumerate(chosen):
        phrase, neutral = rng.choice(CONTESTED_PHRASES)
        addition = f", amid {phrase}"
        old_span = claim.span
        claim.span = old_span + addition
        claim.sentence = claim.sentence.replace(old_span, claim.span, 1)
        contested.append(
            {
                "contested_id": f"w{index + 1:03d}",
                "span": phrase,
                "claim_id": claim.claim_id,
                "neutral_description": neutral,
                "_start": len(claim.span) - len(phrase),
            }
        )
    return contested


def cite_contested(library: Library, contested: list[dict[str, Any]]) -> None:
    """Give each contested phrase a citation of a wire or newspaper source, in place."""
    for item in contested:
        source = library.any_source(("wire", "newspaper"))
        says = f"{source['publisher']} describes the same events as: {item['neutral_description']}"
        item["citations"] = [library.cite(source, says)]


def split_actors(
    actors: list[Actor], records: list[dict[str, Any]], phases: list[dict[str, Any]]
) -> tuple[list[Actor], list[Actor]]:
    """The record's actors (every actor its events and phases name, and the organisations they
    belong to) and the article's own (the rest), each in the writer's order."""
    by_id = {a.actor_id: a for a in actors}
    named = {a for r in records for a in r["participant_actor_ids"]}
    named |= {p["actor_id"] for p in phases if "actor_id" in p}
    pending = list(named)
    while pending:
        affiliation = by_id[pending.pop()].affiliation_actor_id
        if affiliation and affiliation not in named:
            named.add(affiliation)
            pending.append(affiliation)
    return [a for a in actors if a.actor_id in named], [
        a for a in actors if a.actor_id not in named
    ]


# --- Assembling and writing -----------------------------------------------------------------------


def assemble_text(rng: random.Random, claims: list[Claim]) -> tuple[str, str]:
    """The article: a title, then paragraphs of claims under a few headings."""
    title = "Russia's military and NATO step up contacts across Europe"
    parts = [title, ""]
    index = 0
    section = 0
    while index < len(claims):
        if index and section % 25 == 0:
            parts += [f"Part {section // 25 + 1}: contacts in {rng.choice(PLACES)}", ""]
        size = rng.randrange(2, 6)
        parts += [" ".join(c.sentence for c in claims[index : index + size]), ""]
        index += size
        section += 1
    parts.append("This article is synthetic: generated for scale tests, not reporting.")
    return title, "\n".join(parts) + "\n"


def _occurrence(haystack: str, needle: str, position: int) -> int | None:
    """Which occurrence of ``needle`` starts at ``position`` (1-based), or None if unique."""
    if haystack.count(needle) <= 1:
        return None
    count, start = 0, haystack.find(needle)
    while start != -1 and start <= position:
        count += 1
        start = haystack.find(needle, start + 1)
    return count


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _dump(path: Path, table: str, records: list[dict[str, Any]]) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(
        {table: records}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100
    )
    path.write_text(f"# Synthetic {table}, written by tests/synthetic.py.\n{text}", "utf-8")


def write_synthetic_article(
    data_dir: Path,
    article_id: str = SYNTHETIC_ARTICLE_ID,
    seed: int = DEFAULT_SEED,
    sizes: SyntheticSizes = SyntheticSizes(),
) -> SyntheticArticle:
    """Write a synthetic article, its annotation and the public record it cites under
    ``data_dir`` (replacing any record there); return what was written."""
    rng = random.Random(seed)
    library = Library(random.Random(f"{seed}/sources"))
    writer = ArticleWriter(rng, sizes)
    writer.write_claims()
    claims = writer.claims
    events = [event for claim in claims for event in claim.events]
    contested = insert_contested(rng, claims, sizes.contested)
    records = record_events(writer, events, sizes.record_events, library)
    cite_contested(library, contested)
    checks = make_checks(rng, claims, records, sizes.checks, library, contested)
    phases = make_phases(writer, sizes.phases, library)
    title, text = assemble_text(rng, claims)
    claim_records = _claim_records(claims, text)
    _locate_contested(claims, contested)
    _write_article_text(data_dir, article_id, title, text, seed)
    record_actors, own_actors = split_actors(writer.actors, records, phases)
    record: dict[str, list[dict[str, Any]]] = {
        "sources": library.sources,
        "actors": [a.record() for a in record_actors],
        "record_events": records,
        "phases": phases,
    }
    annotation: dict[str, list[dict[str, Any]]] = {
        "actors": [a.record() for a in own_actors],
        "claims": claim_records,
        "events": [_clean(e) for e in events],
        "checks": checks,
        "contested": [_clean(c) for c in contested],
    }
    _write_tables(data_dir, article_id, record, annotation)
    counts = {name: len(rows) for name, rows in {**record, **annotation}.items()}
    counts["actors"] = len(record_actors) + len(own_actors)
    assert set(counts) == set(ANNOTATION_TABLES)
    return SyntheticArticle(
        article_id,
        data_dir,
        focus_actor=_busiest_contact(
            events, {a.actor_id for a in writer.actors if a.actor_type == "person"}
        ),
        counts=counts,
    )


def _claim_records(claims: list[Claim], text: str) -> list[dict[str, Any]]:
    """The claims as annotation records; an occurrence is given where the words repeat, in
    the text for a claim and in the claim for its events' expressions (set on the events)."""
    # Offsets are the loader's business; occurrences are needed where words repeat.
    claim_records = []
    cursor = 0
    for claim in claims:
        sentence_at = text.index(claim.sentence, cursor)
        cursor = sentence_at + len(claim.sentence)
        span_at = sentence_at + claim.sentence.index(claim.span)
        record: dict[str, Any] = {"claim_id": claim.claim_id, "span": claim.span}
        occurrence = _occurrence(text, claim.span, span_at)
        if occurrence is not None:
            record["span_occurrence"] = occurrence
        record["speaker_actor_id"] = claim.speaker
        record["attribution_mode"] = claim.mode
        if claim.cue:
            record["attribution_cue"] = claim.cue
        record["claim_kind"] = claim.kind
        record["topics"] = claim.topics
        record["subject_actor_ids"] = claim.subjects
        claim_records.append(record)
        for event in claim.events:
            at = claim.span.rfind(event["expression"])
            occurrence = _occurrence(claim.span, event["expression"], at)
            if occurrence is not None:
                event["expression_occurrence"] = occurrence
    return claim_records


def _locate_contested(claims: list[Claim], contested: list[dict[str, Any]]) -> None:
    """Give each contested wording its occurrence in its claim where the words repeat."""
    spans = {c.claim_id: c.span for c in claims}
    for item in contested:
        span = spans[item["claim_id"]]
        occurrence = _occurrence(span, item["span"], span.rfind(item["span"]))
        if occurrence is not None:
            item["span_occurrence"] = occurrence


def _write_article_text(data_dir: Path, article_id: str, title: str, text: str, seed: int) -> None:
    """The article's text and metadata, and the folders its annotation and record go in."""
    article_dir = data_dir / "articles" / article_id
    for folder in (article_dir, data_dir / "annotations" / article_id, data_dir / "record"):
        folder.mkdir(parents=True, exist_ok=True)
    raw = text.encode("utf-8")
    (article_dir / "article.txt").write_bytes(raw)
    metadata = {
        "article_id": article_id,
        "title": title,
        "outlet": dict(OUTLETS)[OUTLET_ID],
        "url": f"https://example.org/news/2017/03/06/{article_id}",
        "language": "en",
        "date_published": PUBLISHED.isoformat(),
        "date_reported_on": REFERENCE_DATE.isoformat(),
        "date_retrieved": "2026-11-27",
        "default_reference_date": REFERENCE_DATE.isoformat(),
        "rights_note": "Synthetic text written by tests/synthetic.py for scale tests; no rights.",
        "text_file": "article.txt",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "provenance_note": f"Generated with seed {seed}; every fact in it is made up.",
    }
    _dump(article_dir / "metadata.yaml", "article", [metadata])


def _write_tables(
    data_dir: Path,
    article_id: str,
    record: dict[str, list[dict[str, Any]]],
    annotation: dict[str, list[dict[str, Any]]],
) -> None:
    """The public record's tables and the article's annotation tables, a YAML file each."""
    assert set(record) == set(RECORD_TABLES) and set(annotation) == set(ARTICLE_TABLES)
    for name, table_records in record.items():
        _dump(data_dir / "record" / f"{name}.yaml", name, table_records)
    for name, table_records in annotation.items():
        _dump(data_dir / "annotations" / article_id / f"{name}.yaml", name, table_records)


def _busiest_contact(events: list[dict[str, Any]], people: set[str]) -> str:
    """The person in most contacts of the article: a focus actor every chart shows."""
    counts: dict[str, int] = {}
    for event in events:
        if event["event_type"] == "contact":
            for actor in event["participant_actor_ids"]:
                counts[actor] = counts.get(actor, 0) + 1
    return max(sorted(counts), key=lambda a: (a in people, counts[a]))


def main(argv: list[str] | None = None) -> int:
    """Write the synthetic article into a folder and print its id and a focus actor."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "data_dir", type=Path, help="folder to write articles/, annotations/ and record/"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    written = write_synthetic_article(args.data_dir, seed=args.seed)
    counts = ", ".join(f"{n} {name}" for name, n in written.counts.items())
    print(f"{written.article_id} focus_actor={written.focus_actor} ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
