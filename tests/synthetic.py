"""A synthetic article and annotation at scale, to test the report far beyond the seed article.

:func:`write_synthetic_article` writes, into a data folder, an article in the project's layout
(``articles/<id>/article.txt`` and ``metadata.yaml`` with its SHA-256; ``annotations/<id>/``
with one YAML file per table of :data:`analysis.tables.ANNOTATION_TABLES`) holding 2,000
claims, 500 dated events and 100 actors by default, plus 24 phases, 200 record events, 500
checks and 120 contested phrases (see :class:`SyntheticSizes`). The text is made of plausible
sentences: each claim's span is in it verbatim, each event's date expression is one the
resolver in ``analysis/dates.py`` knows ("On Feb. 28", "three years ago", "the following day"
after an anchor, ISO dates), and speakers, attribution modes and name lengths vary.

Everything is drawn from one seeded generator, so the same seed writes the same bytes.

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
from analysis.tables import ANNOTATION_TABLES

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
    context_events: int = 200
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
SOURCE_HOSTS = (
    "https://www.nato.int/cps/en/natohq/news_{n}.htm",
    "https://eng.mil.ru/en/news_page/country/more.htm?id={n}",
    "https://www.reuters.com/article/world-{n}",
    "https://www.osce.org/special-monitoring-mission-to-ukraine/{n}",
    "https://tass.com/defense/{n}",
)

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
    is_in_article: bool = True
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
        record["is_in_article"] = self.is_in_article
        return record


def _slug(text: str) -> str:
    ascii_text = text.lower().replace("ś", "s").replace("ü", "u").replace("'", "")
    return "".join(c if c.isalnum() else "_" for c in ascii_text).strip("_")


def make_actors(rng: random.Random, count: int) -> list[Actor]:
    """Organisations, outlets and persons of every side: ``count`` actors, 10 % record-only."""
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
    # A tenth are only in the record (terms of office, record contacts), never in the text.
    persons = [a for a in actors if a.actor_type == "person"]
    for actor in persons[-count // 10 :]:
        actor.is_in_article = False
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
        self.in_article = [a for a in self.actors if a.is_in_article]
        self.russian = [a.actor_id for a in self.actors if a.side == "russia"]
        self.western = [a.actor_id for a in self.actors if a.side in ("nato", "nato_member_state")]
        self.others = [a.actor_id for a in self.actors if a.side in ("ukraine", "other", "expert")]
        speakers = [a for a in self.in_article if a.actor_id != OUTLET_ID]
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


# --- Record facts, checks, contested wording, phases ---------------------------------------------


def _source_url(rng: random.Random) -> str:
    return rng.choice(SOURCE_HOSTS).format(n=rng.randrange(10_000, 999_999))


def record_events(
    writer: ArticleWriter, events: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    """Record events: about half of them for happenings the article tells, the rest its own."""
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
            "context_event_id": record_id,
            "label": happening.label,
            "event_type": happening.event_type,
            "start_date": start.isoformat(),
            "precision": precision,
            "is_confirmed": rng.random() < 0.93,
        }
        if happening.channel:
            record["channel"] = happening.channel
        record["participant_actor_ids"] = list(happening.participants)
        record["source_url"] = _source_url(rng)
        if rng.random() < 0.3:
            record["note"] = "Reported by both sides on the same day."
        records.append(record)
    by_happening = {h.happening_id: h.record_id for h in linked}
    for event in events:
        record_id = by_happening.get(event["_happening"])
        if record_id is not None:
            event["record_event_id"] = record_id
    return records


def make_checks(
    rng: random.Random, claims: list[Claim], records: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    """Checks of the claims that tell events first, then of others."""
    with_events = [c for c in claims if c.events]
    others = [c for c in claims if not c.events]
    chosen = (with_events + rng.sample(others, len(others)))[:count]
    record_ids = [r["context_event_id"] for r in records]
    checks = []
    for index, claim in enumerate(sorted(chosen, key=lambda c: c.claim_id)):
        verdict = rng.choices(("supported", "contradicted", "unconfirmed"), (55, 20, 25))[0]
        check: dict[str, Any] = {
            "check_id": f"chk{index + 1:04d}",
            "claim_id": claim.claim_id,
        }
        words = claim.span.split()
        if len(words) > 8 and rng.random() < 0.6:
            check["checked_wording"] = " ".join(words[: rng.randrange(5, len(words))])
        linked = [e["record_event_id"] for e in claim.events if "record_event_id" in e]
        extra = rng.sample(record_ids, rng.randrange(0, 3))
        check["verdict"] = verdict
        check["evidence"] = {
            "supported": "The record dates and describes the event as the article does.",
            "contradicted": "The record gives another date or another account of the event.",
            "unconfirmed": "No public source confirms or refutes this claim.",
        }[verdict]
        check["context_event_ids"] = list(dict.fromkeys(linked + extra))
        check["source_urls"] = list(
            dict.fromkeys(_source_url(rng) for _ in range(rng.randrange(1, 3)))
        )
        checks.append(check)
    return checks


def make_phases(writer: ArticleWriter, count: int) -> list[dict[str, Any]]:
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
        if rng.random() < 0.7:
            end = start + dt.timedelta(days=rng.randrange(200, 1500))
            if precision == "month":
                end = end.replace(day=1)
            phase["end_date"] = end.isoformat()
        phase["precision"] = precision
        if phase_type == "term":
            phase["actor_id"] = actor.actor_id
        phase["source_url"] = _source_url(rng)
        phases.append(phase)
    return phases


def insert_contested(rng: random.Random, claims: list[Claim], count: int) -> list[dict[str, Any]]:
    """Loaded phrases put into claims without events, each with a neutral description."""
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
                "source_urls": [_source_url(rng)],
            }
        )
    return contested


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
    """Write a synthetic article and its annotation under ``data_dir``; return what was written."""
    rng = random.Random(seed)
    writer = ArticleWriter(rng, sizes)
    writer.write_claims()
    claims = writer.claims
    events = [event for claim in claims for event in claim.events]
    contested = insert_contested(rng, claims, sizes.contested)
    records = record_events(writer, events, sizes.context_events)
    checks = make_checks(rng, claims, records, sizes.checks)
    phases = make_phases(writer, sizes.phases)
    title, text = assemble_text(rng, claims)

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
    spans = {c.claim_id: c.span for c in claims}
    for item in contested:
        span = spans[item["claim_id"]]
        occurrence = _occurrence(span, item["span"], span.rfind(item["span"]))
        if occurrence is not None:
            item["span_occurrence"] = occurrence

    article_dir = data_dir / "articles" / article_id
    annotation_dir = data_dir / "annotations" / article_id
    article_dir.mkdir(parents=True, exist_ok=True)
    annotation_dir.mkdir(parents=True, exist_ok=True)
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
    tables: dict[str, list[dict[str, Any]]] = {
        "actors": [a.record() for a in writer.actors],
        "claims": claim_records,
        "events": [_clean(e) for e in events],
        "phases": phases,
        "context_events": records,
        "checks": checks,
        "contested": contested,
    }
    assert set(tables) == set(ANNOTATION_TABLES)
    for name, table_records in tables.items():
        _dump(annotation_dir / f"{name}.yaml", name, table_records)
    return SyntheticArticle(
        article_id,
        data_dir,
        focus_actor=_busiest_contact(
            events, {a.actor_id for a in writer.actors if a.actor_type == "person"}
        ),
        counts={name: len(rows) for name, rows in tables.items()},
    )


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
    parser.add_argument("data_dir", type=Path, help="folder to write articles/ and annotations/")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    written = write_synthetic_article(args.data_dir, seed=args.seed)
    counts = ", ".join(f"{n} {name}" for name, n in written.counts.items())
    print(f"{written.article_id} focus_actor={written.focus_actor} ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
