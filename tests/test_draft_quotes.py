"""The drafter's quotes (analysis/draft/quotes.py): the words between double marks and the
person the text attributes them to, against small texts written for each rule and against the
seed article's hand-made annotation."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis import paths
from analysis.draft.actors import find_actors
from analysis.draft.model import FoundActor, FoundQuote
from analysis.draft.quotes import find_quotes
from analysis.draft.text import sentence_at, sentence_bounds, sentence_end, sentence_start
from analysis.load import Annotation, load_article, read_table_file
from analysis.tables import RECORD_TABLES

SEED_ARTICLE = "rbth-2017-03-06-military-talks"


def quotes_of(text: str) -> list[FoundQuote]:
    return find_quotes(text, find_actors(text))


def pairs(text: str) -> list[tuple[str, str | None]]:
    """Each quote's words and speaker."""
    return [(quote.text, quote.speaker) for quote in quotes_of(text)]


def test_straight_and_curly_marks_both_make_quotes() -> None:
    text = (
        'Foreign Minister Sergei Lavrov spoke. "We are ready to talk," Lavrov said. '
        "“We are also ready to listen,” Lavrov added."
    )
    assert pairs(text) == [
        ("We are ready to talk", "Sergei Lavrov"),
        ("We are also ready to listen", "Sergei Lavrov"),
    ]


def test_the_span_is_the_words_inside_the_marks() -> None:
    text = "Ambassador Anatoly Antonov said: “ Sanctions will not help. ” Nothing else."
    (quote,) = quotes_of(text)
    assert text[quote.start : quote.end] == quote.text == "Sanctions will not help."
    assert text[quote.start - 2] == "“"


def test_apostrophes_and_single_marks_are_not_quotes() -> None:
    text = "NATO’s plan and Russia's answer met the ‘new reality’ of the ministry’s view."
    assert quotes_of(text) == []


def test_a_quote_split_around_he_said_is_two_quotes_with_one_speaker() -> None:
    text = 'Foreign Minister Sergei Lavrov met reporters. "We are ready," he said, "to talk."'
    assert pairs(text) == [("We are ready", "Sergei Lavrov"), ("to talk.", "Sergei Lavrov")]


def test_a_quote_across_paragraphs_is_one_entry_a_paragraph_with_one_speaker() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov spoke on Monday.\n\n"
        '"The first paragraph of a long statement goes on and does not close.\n\n'
        '"The second paragraph ends it," Lavrov said.'
    )
    assert pairs(text) == [
        ("The first paragraph of a long statement goes on and does not close.", "Sergei Lavrov"),
        ("The second paragraph ends it", "Sergei Lavrov"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        '"The talks were very useful for both sides," said Danilov.',
        '"The talks were very useful for both sides," Danilov said.',
        '"The talks were very useful for both sides," Danilov says.',
        '"The talks were very useful for both sides," Danilov stressed.',
        '"The talks were very useful for both sides," Danilov added.',
        '"The talks were very useful for both sides," Danilov told reporters.',
        '"The talks were very useful for both sides," Danilov noted.',
        '"The talks were very useful for both sides," Danilov said in a statement.',
        'Danilov said that "the talks were very useful for both sides."',
        'According to Danilov, "the talks were very useful for both sides."',
        'Danilov said:\n\n"The talks were very useful for both sides."',
        'He added that "the talks were very useful for both sides."',
        '"The talks were very useful for both sides," he told RIA Novosti.',
        '"The talks were very useful for both sides," Danilov wrote on Twitter.',
        'Danilov tweeted: "The talks were very useful for both sides."',
    ],
)
def test_a_reporting_verb_before_or_after_names_the_speaker(sentence: str) -> None:
    text = "Dmitry Danilov, head of the Institute of Europe, spoke on Monday. " + sentence
    ((words, speaker),) = pairs(text)
    assert words.lower().startswith("the talks were very useful")
    assert speaker == "Dmitry Danilov"  # the full name, never the surname alone


def test_he_goes_to_the_person_named_last() -> None:
    text = (
        "Deputy Defense Minister Alexander Fomin met Ambassador Jean-Maurice Ripert. "
        '"Our doors are open to everyone," he said.'
    )
    assert pairs(text) == [("Our doors are open to everyone", "Jean-Maurice Ripert")]


def test_a_title_alone_goes_to_the_person_who_holds_it() -> None:
    text = (
        "Deputy Defense Minister Alexander Fomin met the French ambassador. "
        '"Our doors are open to everyone," the minister said.'
    )
    assert pairs(text) == [("Our doors are open to everyone", "Alexander Fomin")]


def test_the_diplomat_goes_to_the_person_just_named() -> None:
    text = (
        "Deputy Foreign Minister Sergei Ryabkov met the delegation. "
        '"We have noted the signals from Washington," the Russian diplomat said.'
    )
    assert pairs(text) == [("We have noted the signals from Washington", "Sergei Ryabkov")]


def test_an_organisation_gives_no_speaker_but_keeps_its_cue() -> None:
    text = (
        "Russian Chief of General Staff Valery Gerasimov called. The conversation took place "
        'on NATO’s initiative, said the Russian Defense Ministry, and the topics were "ensuring '
        'security in Europe and incident prevention." "Gerasimov raised concerns about the '
        'alliance," the press release said.'
    )
    quotes = quotes_of(text)
    assert [(q.speaker, q.cue) for q in quotes] == [
        (None, "said the Russian Defense Ministry"),
        (None, "the press release said"),
    ]


def test_a_person_set_apart_by_a_title_between_commas_is_the_speaker() -> None:
    text = 'Dmitry Peskov, the Kremlin spokesman, said in a statement: "Moscow will respond."'
    assert pairs(text) == [("Moscow will respond.", "Dmitry Peskov")]


def test_a_scare_quoted_term_is_no_ones_quote() -> None:
    text = (
        "The diplomats discussed the so-called “freeze”, the “Baltic initiative” and what the "
        'papers call "new détente" at length. Dmitry Danilov spoke of the "transponder '
        'initiative," which he said was the main one.'
    )
    assert quotes_of(text) == []


def test_a_relative_who_said_goes_to_the_person_before_it() -> None:
    text = 'Foreign Minister Sergei Lavrov met Rex Tillerson, who said the talks were "frank."'
    assert pairs(text) == [("frank.", "Rex Tillerson")]


def test_a_long_quote_after_called_is_a_quote() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke of what he called "
        '"an unprecedented provocation by the alliance."'
    )
    assert pairs(text) == [("an unprecedented provocation by the alliance.", "Dmitry Peskov")]


def test_a_short_quote_next_to_a_reporting_verb_is_kept() -> None:
    text = 'Ambassador Anatoly Antonov was asked about the sanctions. "Never," he said.'
    assert pairs(text) == [("Never", "Anatoly Antonov")]


def test_a_few_words_quoted_right_after_a_reporting_verb_are_kept() -> None:
    text = 'Spokeswoman Maria Zakharova said the remarks were "unacceptable and dangerous."'
    assert pairs(text) == [("unacceptable and dangerous.", "Maria Zakharova")]


def test_a_few_words_quoted_in_a_sentence_with_a_reporting_verb_are_kept() -> None:
    text = (
        "The Russian Defense Ministry said in a statement that General Valery Gerasimov and "
        "General Curtis Scaparrotti also “exchanged views” on “the state of military contacts.”"
    )
    assert [(q.text, q.speaker, q.cue) for q in quotes_of(text)] == [
        ("exchanged views", None, "Russian Defense Ministry said"),
        ("the state of military contacts.", None, "Russian Defense Ministry said"),
    ]


def test_an_abbreviated_rank_does_not_end_the_sentence_of_the_cue() -> None:
    text = '"We are ready," said Lt. Gen. Andrei Kartapolov, head of the main directorate.'
    assert pairs(text) == [("We are ready", "Andrei Kartapolov")]


def test_quoted_as_saying_goes_to_the_sentences_subject() -> None:
    text = (
        "Sergei Ryabkov, Russia's deputy foreign minister, was quoted by the TASS news agency "
        'as saying: "There will be a response."'
    )
    assert pairs(text) == [("There will be a response.", "Sergei Ryabkov")]


def test_an_unnamed_official_gives_no_speaker() -> None:
    text = (
        'Ambassador Anatoly Antonov left. "The situation is tense," a NATO official said '
        "on condition of anonymity."
    )
    assert [(q.speaker, q.cue) for q in quotes_of(text)] == [(None, "NATO official said")]


def test_a_quote_without_attribution_takes_the_previous_quotes_speaker() -> None:
    text = (
        'Ambassador Anatoly Antonov spoke. "We want dialogue," Antonov said. '
        '"Without it there is no security in Europe."'
    )
    assert pairs(text) == [
        ("We want dialogue", "Anatoly Antonov"),
        ("Without it there is no security in Europe.", "Anatoly Antonov"),
    ]


def test_a_quote_attributed_to_no_one_has_no_speaker() -> None:
    text = 'At the end of the talks, "the sides confirmed the need for mutual steps."'
    assert pairs(text) == [("the sides confirmed the need for mutual steps.", None)]


def test_quotes_take_hand_made_actors_without_mentions() -> None:
    text = '"We will stay the course," Stoltenberg said.'
    actors = [FoundActor(name="Jens Stoltenberg", kind="person")]
    assert [q.speaker for q in find_quotes(text, actors)] == ["Jens Stoltenberg"]


# --- the seed article against its annotation -------------------------------------------------


def record_actors() -> pd.DataFrame:
    rows = read_table_file(paths.record_dir() / "actors.yaml", RECORD_TABLES["actors"])
    return pd.DataFrame(rows)


def expected_speaker(annotation: Annotation, actor_id: str) -> str | None:
    """The claim speaker's name where the speaker is a person (the contract's speaker)."""
    actor = annotation.actors.set_index("actor_id").loc[actor_id]
    return str(actor["name"]) if actor["actor_type"] == "person" else None


def test_the_seed_articles_direct_quotes_are_found_with_their_speakers(
    annotation: Annotation,
) -> None:
    text = annotation.article.text
    quotes = find_quotes(text, find_actors(text, record_actors()))
    claims = annotation.claims[annotation.claims["attribution_mode"] == "direct_quote"]
    assert len(claims) == 6
    for claim in claims.itertuples():
        inside = [q for q in quotes if q.start < claim.span_end and claim.span_start < q.end]
        assert inside, f"no quote found in {claim.claim_id}"
        speaker = expected_speaker(annotation, claim.speaker_actor_id)
        assert {q.speaker for q in inside} == {speaker}, claim.claim_id
    # and nothing else: the scare-quoted terms ("Crimean crisis", "defense") are left out
    for quote in quotes:
        assert any(
            quote.start < claim.span_end and claim.span_start < quote.end
            for claim in claims.itertuples()
        ), quote.text


def test_a_long_article_takes_well_under_a_second() -> None:
    text = "\n\n".join([load_article(SEED_ARTICLE).text] * 8)  # about 5,000 words
    started = time.perf_counter()
    find_quotes(text, find_actors(text, record_actors()))
    assert time.perf_counter() - started < 0.5


def test_a_sentence_opening_with_according_to_is_that_sources() -> None:
    text = (
        "Rear Admiral Marta Kovalenko chaired the talks.\n\n"
        "According to the Russian Defense Ministry, its aircraft acted “within the rules at "
        "all times.” According to Laura Whitfield, an envoy, the other side promised to study "
        '"every request that comes with a map."'
    )
    assert pairs(text) == [
        ("within the rules at all times.", None),
        ("every request that comes with a map.", "Laura Whitfield"),
    ]


def test_unnamed_people_describing_something_are_no_one_named() -> None:
    text = (
        "Deputy Foreign Minister Pavel Rudin led the delegation.\n\n"
        'Participants described the mood as "businesslike, cautious and a little cold."'
    )
    assert pairs(text) == [("businesslike, cautious and a little cold.", None)]


def test_a_paragraph_of_quoted_words_after_one_introducing_a_person_is_theirs() -> None:
    text = (
        "Rear Admiral Marta Kovalenko, a former mine countermeasures commander, led the Finnish "
        "side.\n\n“I have seen what happens when ships stop talking. Nobody wants that again.”"
    )
    assert pairs(text) == [
        (
            "I have seen what happens when ships stop talking. Nobody wants that again.",
            "Marta Kovalenko",
        )
    ]


def test_a_quoted_figure_is_a_name_not_a_quote() -> None:
    text = 'Officials met to prepare the first "2+2" meeting of ministers, officials said.'
    assert pairs(text) == []


def test_he_after_an_unnamed_officer_is_the_officer_not_the_last_named_person() -> None:
    text = (
        '"The text holds up," said Captain Alan Hendry, who led the delegation.\n\n'
        'One British officer who took part was less formal. "Nobody expected miracles," he said.'
    )
    assert pairs(text) == [("The text holds up", "Alan Hendry"), ("Nobody expected miracles", None)]


def test_a_person_introduced_by_an_apposition_is_the_speaker() -> None:
    text = (
        "Captain Alan Hendry led the delegation.\n\n"
        "Sarah Okafor, a research fellow at an institute, said the review was overdue. "
        '"Agreements like this were written for two navies," she said.'
    )
    assert pairs(text) == [("Agreements like this were written for two navies", "Sarah Okafor")]


# --- Sentences: one splitter for the claims and the quotes' attributions --------------------

SENTENCES = (
    "Gen. Petr Pavel called the U.S. side on Feb. 28. He said: “We talk.” Then he left."
    "\n\nA new paragraph"
)


@pytest.mark.parametrize(
    ("offset_of", "expected"),
    [
        ("Petr", "Gen. Petr Pavel called the U.S. side on Feb. 28."),  # titles, initials, months
        ("talk", "He said: “We talk."),  # the closing mark is the quote's, not the sentence's
        ("left", "Then he left."),
        ("new", "A new paragraph"),  # a paragraph break ends a sentence without a full stop
    ],
)
def test_sentence_start_and_end_agree_with_the_claims_sentences(
    offset_of: str, expected: str
) -> None:
    position = SENTENCES.index(offset_of)
    start = sentence_start(SENTENCES, 0, position)
    end = sentence_end(SENTENCES, start, len(SENTENCES))
    assert SENTENCES[start:end] == expected
    claim_start, claim_end = sentence_at(sentence_bounds(SENTENCES), position)
    assert claim_start == start and SENTENCES[claim_start:claim_end].startswith(expected)
