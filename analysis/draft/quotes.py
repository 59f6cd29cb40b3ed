"""Words in double quotation marks and the person the text attributes them to, found by rules.

A quote is the words between double marks (straight or curly; apostrophes and single marks are
not quotes). One that runs across paragraphs, or is split around "he said", is one entry per
part. Its speaker comes from a reporting verb next to it ("Danilov said", "said the Russian
Defense Ministry", "according to ..."), in its sentence or in a sentence ending with a colon
that introduces it; "he"/"she" go to the person named last; a quote with no attributing words
takes the speaker of the quote just before it, else the person named last in its paragraph.
The speaker is always a person's full name: an organisation, a press release or an unnamed
source gives None, its attributing words kept as the cue. A term of one to three quoted words
with no reporting verb next to it ("the so-called “freeze”") is no one's quote and is left out.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from analysis.draft.actors import CORE_TITLES, REPORTING_VERBS
from analysis.draft.model import FoundActor, FoundQuote
from analysis.draft.text import sentence_end, sentence_start

MARKS = re.compile(r"[“”\"]")
VERB = re.compile(
    r"\b[Aa]ccording to\b|\b(?:" + "|".join(sorted(REPORTING_VERBS | {"saying"})) + r")\b"
)
# "According to X, ..." opening a sentence attributes all of it, quotes included, to X.
ACCORDING_OPENING = re.compile(r"\s*[Aa]ccording to\b")
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
SCARE_CUES = re.compile(r"\b(?:so-called|called|dubbed|termed|known as|word|term|phrase)\s*$")
TITLE_SUBJECT = re.compile(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?([\w-]+)(?:\s+(?:also|then|later|again|further|however))?\s*$"
)
# Nouns that stand for the person just named, whatever their title ("the diplomat said").
GENERIC_PERSON_NOUNS = frozenset(
    {"diplomat", "official", "politician", "lawmaker", "legislator", "scholar", "expert", "analyst"}
)
SUBJECT_NOUNS = CORE_TITLES | GENERIC_PERSON_NOUNS
SHORT_QUOTE_WORDS = 3
# Someone the text leaves unnamed ("One British officer who took part", "a Russian military
# source"): a pronoun after it is theirs, not the last named person's.
UNNAMED_PERSON = re.compile(
    r"\b(?:[Oo]ne|[Aa]n?|[Aa]nother)\s+(?:[\w-]+\s+){0,3}?(?:officer|official|diplomat|source"
    r"|analyst|expert|participant|sailor|soldier|aide|negotiator|observer|delegate)\b"
)
# A clause begun after the quote ('the "initiative," which he said ...') does not attribute it.
SUBORDINATE = re.compile(r"\b(?:which|that|who|whom|whose|when|where|because|while|although|if)\b")


@dataclass(frozen=True)
class Part:
    """One stretch of quoted words: ``open``/``close`` are its marks (``close`` None when the
    quote runs on to the next paragraph), ``start``/``end`` the words between them."""

    start: int
    end: int
    open: int
    close: int | None
    paragraph: int
    group: int  # parts of one quote that runs across paragraphs share a group


@dataclass(frozen=True)
class Mention:
    """An actor named at a place in the text."""

    start: int
    end: int
    actor: FoundActor


@dataclass(frozen=True)
class Cue:
    """Attributing words and the speaker they give (None: no person)."""

    speaker: str | None
    start: int
    end: int


def find_quotes(text: str, actors: Sequence[FoundActor]) -> list[FoundQuote]:
    """Every quote in the text with its speaker's full name (or None), in text order."""
    finder = QuoteFinder(text, actors)
    return finder.find()


class QuoteFinder:
    """The quotes of one text, attributed with the help of the actors found in it."""

    def __init__(self, text: str, actors: Sequence[FoundActor]) -> None:
        self.text = text
        self.parts = quote_parts(text)
        self.mentions = mentions_of(text, actors)
        self.mention_starts = [m.start for m in self.mentions]
        self.part_starts = [part.start for part in self.parts]
        self.group_sizes = Counter(part.group for part in self.parts)

    def find(self) -> list[FoundQuote]:
        """Each part with its own cue, then the cues of its group, then of the quote before."""
        cues = [self.cue_of(k) for k in range(len(self.parts))]
        kept = [k for k, part in enumerate(self.parts) if self.is_quote(part, cues[k])]
        for k in kept:
            if cues[k] is None:
                cues[k] = self.group_cue(k, cues)
        quotes: list[FoundQuote] = []
        previous: tuple[Part, str | None] | None = None
        for k in kept:
            part, cue = self.parts[k], cues[k]
            speaker = cue.speaker if cue else self.unattributed_speaker(part, previous)
            quotes.append(self.quote(part, speaker, cue))
            previous = (part, speaker)
        return quotes

    def quote(self, part: Part, speaker: str | None, cue: Cue | None) -> FoundQuote:
        start, end = strip_span(self.text, part.start, part.end)
        quote = FoundQuote(self.text[start:end], start, end, speaker)
        if cue is None:
            return quote
        return replace(
            quote, cue=self.text[cue.start : cue.end], cue_start=cue.start, cue_end=cue.end
        )

    # --- which quoted words are quotes ------------------------------------------------------

    def is_quote(self, part: Part, cue: Cue | None) -> bool:
        """Leave out empty marks and scare-quoted terms: a few words with no reporting verb in
        their sentence, or marked as a term ("the so-called “freeze”")."""
        words = self.text[part.start : part.end].split()
        if not words or not any(ch.isalpha() for word in words for ch in word):
            return False  # nothing to say in it: a name of a format ("2+2"), a figure
        if len(words) > SHORT_QUOTE_WORDS or self.in_group(part):
            return True
        if SCARE_CUES.search(self.text[max(0, part.open - 20) : part.open]):
            return False
        return cue is not None

    def in_group(self, part: Part) -> bool:
        return self.group_sizes[part.group] > 1

    # --- cues -------------------------------------------------------------------------------

    def cue_of(self, k: int) -> Cue | None:
        """The attributing words after the quote, else before it, else in an introduction."""
        part = self.parts[k]
        after = self.segment_after(k)
        if after is not None:
            cue = self.cue_in(*after, nearest="first")
            if cue is not None and not SUBORDINATE.search(self.text, after[0], cue.start):
                return cue
        before = self.segment_before(k)
        opening = ACCORDING_OPENING.match(self.text, before[0])
        if opening is not None:
            verb_start = before[0] + self.text[before[0] :].index("ccording") - 1
            cue = self.speaker_after(verb_start, verb_start + len("according to"), before[1])
            if cue is not None:
                return cue
        cue = self.cue_in(*before, nearest="last")
        return cue if cue is not None else self.introduction_cue(part)

    def segment_after(self, k: int) -> tuple[int, int] | None:
        """The rest of the quote's sentence after its closing mark, up to the next quote."""
        part = self.parts[k]
        if part.close is None:
            return None
        start = part.close + 1
        limit = self.paragraph_end(start)
        if k + 1 < len(self.parts) and self.parts[k + 1].open < limit:
            limit = self.parts[k + 1].open
        inner = self.text[part.start : part.end].rstrip()
        following = self.text[start:limit].lstrip()
        if inner[-1:] in {".", "!", "?"} and following[:1].isupper():
            return None  # the sentence ended inside the quote
        return start, sentence_end(self.text, start, limit)

    def segment_before(self, k: int) -> tuple[int, int]:
        """The quote's sentence before its opening mark (verbs inside quotes do not count)."""
        part = self.parts[k]
        floor = self.paragraph_start(part.open)
        return sentence_start(self.text, floor, part.open), part.open

    def introduction_cue(self, part: Part) -> Cue | None:
        """A sentence ending with a colon right before the quote ("Danilov said:")."""
        before = self.text[: part.open].rstrip()
        if not before.endswith(":"):
            return None
        end = len(before)
        start = sentence_start(self.text, self.paragraph_start(end - 1), end)
        return self.cue_in(start, end, nearest="last")

    def cue_in(self, start: int, end: int, nearest: str) -> Cue | None:
        """The reporting verb of the segment nearest the quote, with the speaker it names."""
        verbs = list(VERB.finditer(self.text, start, end))
        verbs = [v for v in verbs if not self.inside_quote(v.start())]
        if not verbs:
            return None
        verb = verbs[0] if nearest == "first" else verbs[-1]
        if verb.group().lower() == "according to":
            return self.speaker_after(verb.start(), verb.end(), end)
        if verb.group() == "saying" and self.text[start : verb.start()].endswith("as "):
            return self.sentence_subject(start, verb.end())
        cue = self.subject_before(start, verb.start(), verb.end())
        if cue is None and verb.group() not in {"told", "tells"}:
            cue = self.speaker_after(verb.start(), verb.end(), end)
        if cue is None:
            return Cue(None, verb.start(), verb.end())
        return cue

    def subject_before(self, floor: int, verb_start: int, verb_end: int) -> Cue | None:
        """The verb's subject ("Danilov said", "he added", "the press release said")."""
        window = self.text[floor:verb_start]
        inside = [m for m in self.mentions if floor <= m.start and m.end <= verb_start]
        set_apart = self.person_set_apart(inside, verb_start)
        if set_apart is not None:
            return Cue(set_apart.actor.name, set_apart.start, verb_end)
        if not re.search(r"\w\s*$", window):
            return None  # ", said the ministry": the speaker comes after the verb
        pronoun = last_match(PRONOUN, self.text, floor, verb_start)
        if pronoun is not None and (not inside or pronoun.start() >= inside[-1].end):
            person = self.person_before(pronoun.start())
            if person is not None and self.unnamed_since(person, pronoun.start()):
                person = None
            return Cue(person.name if person else None, pronoun.start(), verb_end)
        if inside:
            subject = self.subject_among(inside, verb_start)
            if subject is not None:
                return Cue(speaker_name(subject.actor), subject.start, verb_end)
        titled = TITLE_SUBJECT.search(window)
        noun = titled.group(1).lower() if titled else ""
        if titled and noun in SUBJECT_NOUNS:
            # "the minister said": the holder of that title; "the diplomat": the person just named
            person = self.person_titled(noun, verb_start)
            if person is None and noun in GENERIC_PERSON_NOUNS:
                person = self.person_before(floor + titled.start())
            start = floor + titled.start()
            return Cue(person.name if person else None, start, verb_end)
        return Cue(None, floor + tail_start(window), verb_end)

    def person_set_apart(self, inside: list[Mention], verb_start: int) -> Mention | None:
        """A person set apart from the verb by a title between commas ("Danilov, head of the
        Institute ..., said")."""
        for mention in inside:
            between = self.text[mention.end : verb_start]
            if mention.actor.kind == "person" and re.fullmatch(r"\s*,[^;:.]*,\s*", between):
                return mention
        return None

    def sentence_subject(self, start: int, verb_end: int) -> Cue | None:
        """The first actor named in the sentence: who "was quoted by TASS as saying"."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= verb_end]
        if not inside:
            return Cue(None, start, verb_end)
        return Cue(speaker_name(inside[0].actor), inside[0].start, verb_end)

    def subject_among(self, inside: list[Mention], verb_start: int) -> Mention | None:
        """The mention that is the subject: the last one, just before the verb (or before
        ", who said")."""
        last = inside[-1]
        between = self.text[last.end : verb_start]
        if len(between.split()) <= 3 and "," not in between:
            return last
        if re.fullmatch(r"\s*,\s*who\s+(?:also\s+|later\s+)?", between):
            return last
        return None

    def speaker_after(self, verb_start: int, verb_end: int, end: int) -> Cue | None:
        """The speaker named right after the verb ("said Danilov", "according to the ...")."""
        k = bisect.bisect_left(self.mention_starts, verb_end)
        if k == len(self.mentions) or self.mentions[k].start >= end:
            return None
        mention = self.mentions[k]
        between = self.text[verb_end : mention.start]
        if not re.fullmatch(r"\s*(?:(?:the|[A-Z][\w.’'-]*|of)\s+)*", between):
            return None
        return Cue(speaker_name(mention.actor), verb_start, mention.end)

    # --- speakers without attributing words -------------------------------------------------

    def group_cue(self, k: int, cues: list[Cue | None]) -> Cue | None:
        """The cue of another part of the same quote (one running across paragraphs)."""
        group = self.parts[k].group
        return next(
            (cue for j, cue in enumerate(cues) if self.parts[j].group == group and cue), None
        )

    def unattributed_speaker(
        self, part: Part, previous: tuple[Part, str | None] | None
    ) -> str | None:
        """The speaker of the quote just before (same or previous paragraph), else the person
        named last in this paragraph or the one before it (a paragraph that introduces a
        person, then a paragraph of their words), else None."""
        if previous is not None and part.paragraph - previous[0].paragraph <= 1:
            return previous[1]
        person = self.person_before(part.open)
        this_paragraph = self.paragraph_start(part.open)
        earlier = self.paragraph_start(max(self.text.rfind("\n", 0, this_paragraph - 1), 0))
        if person is not None and (
            person_mentioned_after(self.mentions, person, this_paragraph)
            or (
                self.text[this_paragraph : part.open].strip() == ""
                and person_mentioned_after(self.mentions, person, earlier)
            )
        ):
            return person.name
        return None

    def person_before(self, position: int) -> FoundActor | None:
        """The person named last before ``position``, outside quotes."""
        k = bisect.bisect_left(self.mention_starts, position)
        for mention in reversed(self.mentions[:k]):
            if mention.actor.kind == "person" and not self.inside_quote(mention.start):
                return mention.actor
        return None

    def unnamed_since(self, person: FoundActor, position: int) -> bool:
        """Whether someone unnamed comes up between ``person``'s last mention and
        ``position``, outside quotes (then "he said" is that someone's)."""
        k = bisect.bisect_left(self.mention_starts, position)
        last = next((m.end for m in reversed(self.mentions[:k]) if m.actor is person), None)
        if last is None:
            return False
        return any(
            not self.inside_quote(match.start())
            for match in UNNAMED_PERSON.finditer(self.text, last, position)
        )

    def person_titled(self, word: str, position: int) -> FoundActor | None:
        """The person named last before ``position`` whose title holds ``word`` ("minister")."""
        k = bisect.bisect_left(self.mention_starts, position)
        for mention in reversed(self.mentions[:k]):
            title = (mention.actor.title or "").lower()
            if mention.actor.kind == "person" and word.lower() in title.split():
                return mention.actor
        return None

    # --- places -----------------------------------------------------------------------------

    def inside_quote(self, position: int) -> bool:
        k = bisect.bisect_right(self.part_starts, position) - 1
        return k >= 0 and position < self.parts[k].end

    def paragraph_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def paragraph_end(self, position: int) -> int:
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end


def quote_parts(text: str) -> list[Part]:
    """The quoted stretches of every paragraph (each line), in order; a quote left open at a
    paragraph's end and opened again at the next one's start keeps its group."""
    parts: list[Part] = []
    group = 0
    runs_on = False
    for paragraph, line in enumerate(re.finditer(r"[^\n]+", text)):
        continued = runs_on and line.group().lstrip()[:1] in {"“", '"'}
        runs_on = False
        for n, (start, end, closed) in enumerate(marked_stretches(text, line.start(), line.end())):
            if not (continued and n == 0):
                group += 1
            parts.append(Part(start, end, start - 1, end if closed else None, paragraph, group))
            runs_on = not closed
    return parts


def marked_stretches(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The (start, end, closed) stretches between double marks in ``text[start:end]``."""
    stretches: list[tuple[int, int, bool]] = []
    opened: int | None = None
    for mark in MARKS.finditer(text, start, end):
        char = mark.group()
        if char == "“" or (char == '"' and opened is None):
            opened = mark.end()
        elif opened is not None:
            stretches.append((opened, mark.start(), True))
            opened = None
    if opened is not None:
        stretches.append((opened, end, False))
    return stretches


def mentions_of(text: str, actors: Sequence[FoundActor]) -> list[Mention]:
    """Every place an actor is named: its mentions, and its name or surname wherever written."""
    spans: dict[tuple[int, int], FoundActor] = {}
    for actor in actors:
        for start, end in actor.mentions:
            spans[(start, end)] = actor
    for actor in actors:
        names = [actor.name]
        if actor.kind == "person" and " " in actor.name:
            names.append(actor.name.split()[-1])
        for name in names:
            for match in re.finditer(rf"\b{re.escape(name)}\b", text):
                if not any(s <= match.start() < e for s, e in spans):
                    spans[match.span()] = actor
    return [Mention(s, e, actor) for (s, e), actor in sorted(spans.items())]


def person_mentioned_after(mentions: Sequence[Mention], person: FoundActor, start: int) -> bool:
    """Whether the person is named at or after ``start`` (in the quote's paragraph)."""
    return any(m.actor is person and m.start >= start for m in mentions)


def speaker_name(actor: FoundActor) -> str | None:
    """A person's full name; None for an organisation (the contract names persons only)."""
    return actor.name if actor.kind == "person" else None


def last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 - the last one is wanted
        pass
    return found


def tail_start(window: str) -> int:
    """Where the last few words before a verb begin ("the press release" in "..., the press
    release said"), for the cue."""
    match = re.search(r"(?:[\w’'-]+\s+){1,4}$", window)
    return match.start() if match else len(window)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at its ends, nor a comma closing it: '"We are ready," he
    said' puts the reporter's comma where the speaker's sentence stopped (the seed annotation
    leaves it out too)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
    return start, end
