"""The drafter's actors (analysis/draft/actors.py): people by their titles, organisations by
their names, one actor however often named, linked to the public record."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis import paths
from analysis.draft.actors import find_actors
from analysis.draft.model import FoundActor
from analysis.load import load_article, read_table_file
from analysis.tables import RECORD_TABLES

SEED_ARTICLE = "rbth-2017-03-06-military-talks"


def record_actors() -> pd.DataFrame:
    """The public record's actors table, as the loader reads it."""
    rows = read_table_file(paths.record_dir() / "actors.yaml", RECORD_TABLES["actors"])
    return pd.DataFrame(rows)


def named(actors: list[FoundActor], name: str) -> FoundActor:
    matches = [actor for actor in actors if actor.name == name]
    assert len(matches) == 1, f"{name!r} found {len(matches)} times in {actors}"
    return matches[0]


def people(actors: list[FoundActor]) -> list[str]:
    return [actor.name for actor in actors if actor.kind == "person"]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "On Feb. 28, Col. General Alexander Zhuravlev met the British delegation.",
            "Alexander Zhuravlev",
            "Col. General",
        ),
        (
            "On March 1, Russian Deputy Defense Minister Alexander Fomin met the ambassador.",
            "Alexander Fomin",
            "Deputy Defense Minister",
        ),
        (
            "Russian Chief of General Staff Valery Gerasimov had a telephone talk.",
            "Valery Gerasimov",
            "Chief of General Staff",
        ),
        (
            "The call was with Chairman of the NATO Military Committee Petr Pavel on Friday.",
            "Petr Pavel",
            "Chairman of the NATO Military Committee",
        ),
        ("The briefing was led by Rear Admiral John Kirby.", "John Kirby", "Rear Admiral"),
        ("Ambassador Anatoly Antonov was summoned on Monday.", "Anatoly Antonov", "Ambassador"),
        ("Foreign Minister Lavrov arrived in Minsk.", "Lavrov", "Foreign Minister"),
        ("Gen. Curtis Scaparrotti visited the base.", "Curtis Scaparrotti", "Gen."),
        (
            "European Commission President Jean-Claude Juncker attended.",
            "Jean-Claude Juncker",
            "European Commission President",
        ),
        (
            "Maria Zakharova, the Foreign Ministry spokeswoman, declined to comment.",
            "Maria Zakharova",
            "Foreign Ministry spokeswoman",
        ),
        (
            "Dmitry Danilov, head of the European security department at the Institute of "
            "Europe, said the call mattered.",
            "Dmitry Danilov",
            "head of the European security department at the Institute of Europe",
        ),
        (
            "The plan is backed by the secretary general of the Alliance, Jens Stoltenberg.",
            "Jens Stoltenberg",
            "secretary general of the Alliance",
        ),
    ],
)
def test_a_titled_person_is_found_with_the_title_as_given(text: str, name: str, title: str) -> None:
    person = named(find_actors(text), name)
    assert (person.kind, person.title) == ("person", title)
    assert [text[s:e] for s, e in person.mentions] == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The request came from the NATO Military Committee on Monday.", "NATO Military Committee"),
        ("It was reported by the Russian Defense Ministry on Monday.", "Russian Defense Ministry"),
        ("The NATO-Russia Council met in April.", "NATO-Russia Council"),
        ("Monitors from the OSCE were there.", "OSCE"),
        ("The Pentagon declined to comment.", "Pentagon"),
        ("The State Department issued a statement.", "State Department"),
        ("NATO held its summit.", "NATO"),
        ("He works at the Institute of Europe of the Russian Academy of Sciences.",
         "Institute of Europe of the Russian Academy of Sciences"),
        ("The Federal Security Service detained him.", "Federal Security Service"),
        ("The European Defence Agency is small.", "European Defence Agency"),
    ],
)  # fmt: skip
def test_an_organisation_is_found_by_its_name(text: str, name: str) -> None:
    organisation = named(find_actors(text), name)
    assert organisation.kind == "organisation"
    assert organisation.title is None


def test_places_months_and_capitalised_words_are_not_people() -> None:
    text = (
        "In Eastern Europe and the Baltic Sea, Great Britain and the North Atlantic Alliance "
        "moved troops in March. Tensions rose in Eastern Europe. Read More about Britain."
    )
    assert people(find_actors(text)) == []


def test_a_word_opening_the_sentence_is_not_part_of_the_name() -> None:
    text = "Yesterday Sergei Lavrov spoke. Asked about it, Lavrov smiled. Meanwhile Lavrov left."
    actors = find_actors(text)
    assert [(a.name, len(a.mentions)) for a in actors] == [("Sergei Lavrov", 3)]


def test_a_dateline_in_capitals_is_not_an_organisation() -> None:
    text = "MOSCOW, April 5 (Reuters) - The OSCE met."
    assert [actor.name for actor in find_actors(text)] == ["Reuters", "OSCE"]


def test_a_person_is_one_actor_however_named() -> None:
    text = (
        "Russian Chief of General Staff Valery Gerasimov called Petr Pavel, said the ministry. "
        "Gerasimov raised concerns. Later the Chief of General Staff said he was satisfied, "
        "and Valery Gerasimov hung up."
    )
    actors = find_actors(text)
    assert people(actors) == ["Valery Gerasimov", "Petr Pavel"]
    gerasimov = named(actors, "Valery Gerasimov")
    assert [text[s:e] for s, e in gerasimov.mentions] == [
        "Valery Gerasimov",
        "Gerasimov",
        "Chief of General Staff",
        "Valery Gerasimov",
    ]


def test_a_month_can_be_a_surname_but_not_before_a_day() -> None:
    text = "Prime Minister Theresa May met NATO on May 5. May said she was pleased."
    theresa_may = named(find_actors(text), "Theresa May")
    assert [text[s:e] for s, e in theresa_may.mentions] == ["Theresa May", "May"]
    assert theresa_may.mentions[1][0] == text.rindex("May said")


def test_a_surname_given_first_and_the_full_name_later_are_one_person() -> None:
    text = "Foreign Minister Lavrov spoke first. Then Sergei Lavrov left, and Lavrov came back."
    actors = find_actors(text)
    assert people(actors) == ["Sergei Lavrov"]
    assert len(named(actors, "Sergei Lavrov").mentions) == 3


def test_an_organisation_is_one_actor_under_its_fullest_name() -> None:
    text = (
        "The Defense Ministry said so. The Ministry stressed it. "
        "The Russian Defense Ministry repeated it."
    )
    ministries = [actor for actor in find_actors(text) if actor.kind == "organisation"]
    assert [actor.name for actor in ministries] == ["Russian Defense Ministry"]
    assert len(ministries[0].mentions) == 3


def test_actors_come_in_order_of_first_mention() -> None:
    text = "NATO and Ambassador Anatoly Antonov met. The Pentagon was not there."
    assert [actor.name for actor in find_actors(text)] == ["NATO", "Anatoly Antonov", "Pentagon"]


def small_record() -> pd.DataFrame:
    rows = [
        ("nato", "NATO (North Atlantic Alliance)", "organisation"),
        ("nrc", "NATO-Russia Council", "organisation"),
        ("mod", "Russian Defense Ministry", "organisation"),
        ("rasmussen", "Anders Fogh Rasmussen", "person"),
        ("lavrov", "Sergei Lavrov", "person"),
        ("a_smith", "Adam Smith", "person"),
        ("j_smith", "John Smith", "person"),
    ]
    return pd.DataFrame(rows, columns=["actor_id", "name", "actor_type"])


def test_actors_are_linked_to_the_record_by_name_or_unambiguous_surname() -> None:
    text = (
        "Then NATO secretary general Fogh Rasmussen spoke. Foreign Minister Lavrov answered. "
        "Ambassador Peter Smith listened, and the Defense Ministry took notes."
    )
    ids = {actor.name: actor.record_actor_id for actor in find_actors(text, small_record())}
    assert ids == {
        "NATO": "nato",
        "Fogh Rasmussen": "rasmussen",
        "Lavrov": "lavrov",
        "Peter Smith": None,  # two Smiths in the record, and neither is Peter
        "Defense Ministry": "mod",
    }


def test_names_the_record_gives_as_one_actor_are_one() -> None:
    text = "NATO met. The North Atlantic Alliance agreed. The Russia-NATO Council resumed work."
    actors = find_actors(text, small_record())
    assert [(a.name, a.record_actor_id) for a in actors] == [
        ("NATO", "nato"),
        ("Russia-NATO Council", "nrc"),
    ]
    assert len(actors[0].mentions) == 2


def test_a_person_the_record_knows_is_found_without_a_title() -> None:
    text = "Talks with Sergei Lavrov went on late."
    assert [a.record_actor_id for a in find_actors(text, small_record())] == ["lavrov"]


def test_the_seed_articles_actors_are_found_once_each_and_linked() -> None:
    text = load_article(SEED_ARTICLE).text
    actors = find_actors(text, record_actors())
    expected = [
        ("Valery Gerasimov", "person", "Chief of General Staff", "gerasimov"),
        ("Petr Pavel", "person", "Chairman of the NATO Military Committee", "pavel"),
        ("Dmitry Danilov", "person", None, None),
        ("Alexander Zhuravlev", "person", None, "zhuravlev"),
        ("Alexander Fomin", "person", "Deputy Defense Minister", "fomin"),
        ("Russian Defense Ministry", "organisation", None, "russian_mod"),
        ("NATO Military Committee", "organisation", None, "nato_military_committee"),
    ]
    for name, kind, title, record_id in expected:
        actor = named(actors, name)
        assert (actor.kind, actor.record_actor_id) == (kind, record_id)
        if title is not None:
            assert actor.title == title
    assert named(actors, "Dmitry Danilov").title.startswith("head of the European Security")
    assert len(named(actors, "Russian Defense Ministry").mentions) == 6  # "The Ministry" too
    assert len({a.record_actor_id for a in actors if a.record_actor_id}) == len(
        [a for a in actors if a.record_actor_id]
    )


def test_a_long_article_takes_well_under_a_second() -> None:
    text = "\n\n".join([load_article(SEED_ARTICLE).text] * 8)  # about 5,000 words
    assert len(text.split()) > 5000
    started = time.perf_counter()
    find_actors(text, record_actors())
    assert time.perf_counter() - started < 0.5


def test_a_word_inside_an_organisations_name_is_not_a_person() -> None:
    text = (
        "General Thomas Reardon, vice chairman of the Joint Chiefs of Staff, took the call. "
        "The Joint Chiefs of Staff said in a statement that Reardon asked for a review."
    )
    found = {(a.name, a.kind) for a in find_actors(text)}
    assert ("Joint Chiefs of Staff", "organisation") in found
    assert not any(kind == "person" and "Chiefs" in name for name, kind in found)
