"""The people and organisations an article names, found by rules (no trained model).

A person is a run of capitalised name words with a cue that it is a person: a title before it
("Deputy Defense Minister Alexander Fomin"), a title after it ("Dmitry Danilov, head of ..."),
a reporting verb ("Danilov said"), a surname the text repeats alone, or a name the public
record knows. An organisation is a capitalised phrase ending in an organisation word
("the Russian Defense Ministry", "the Institute of Europe of ..."), an acronym ("NATO") or one
of a few one-word names ("the Pentagon"). Each is one actor however often it is named, and is
linked to the record's actor of the same name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.draft.model import ActorKind, FoundActor


def word_set(words: str) -> frozenset[str]:
    """The words of a text block, for the vocabularies below."""
    return frozenset(words.split())


# Words that carry an office or a rank: a title must hold one of them.
CORE_TITLES = word_set(
    """president vice prime premier minister deputy chief chairman chairwoman chair secretary
    general ambassador envoy director head commander admiral colonel lieutenant major captain
    brigadier sergeant marshal spokesman spokeswoman spokesperson senator representative
    governor mayor chancellor king queen prince adviser advisor assistant undersecretary
    commissioner attache attaché officer leader coordinator professor expert analyst researcher
    fellow lecturer scholar
    col. gen. lt. maj. adm. capt. brig. sgt. cmdr. sen. rep. gov. mr. mrs. ms. dr. prof."""
)
# Words that may stand in a title without being one ("Rear Admiral", "Foreign Minister").
TITLE_MODIFIERS = word_set(
    """rear first foreign defense defence press senior former acting top military national
    armed forces staff affairs interior security state justice finance intelligence"""
)
# The last word of an organisation's name.
ORG_HEADS = word_set(
    """ministry committee council department institute academy agency office service center
    centre command forces army navy alliance organization organisation union parliament duma
    assembly commission embassy university bank fund corporation company party government
    administration bureau directorate headquarters mission foundation association court senate
    congress cabinet secretariat guard fleet school college society novosti"""
)
# Organisations a single capitalised word or a fixed phrase names.
SINGLE_ORGS = (
    "Pentagon",
    "Kremlin",
    "White House",
    "Reuters",
    "Interfax",
    "Joint Chiefs of Staff",
)
# Capitals that are not names: function words, calendar words, places and their adjectives.
FUNCTION_WORDS = word_set(
    """the a an and or but of for on in at to by with from as if so then when while after
    before since this that these those it its he she they we i his her their our you both also
    meanwhile however earlier later last next first according under over during until there
    here what which who where why how not no yes one two three read more click accept
    yesterday today tomorrow now still even only just moreover furthermore nevertheless
    instead thus therefore indeed previously recently currently separately similarly overall
    unlike despite although though whether every each all some many most several such another
    other any asked speaking commenting addressing responding following ahead amid among
    against between without within about above below near toward towards via per upon once
    my your"""
)
CALENDAR_WORDS = word_set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday spring summer autumn fall winter"""
)
PLACE_AND_FIELD_WORDS = word_set(
    """north south east west northern southern eastern western central great new united
    kingdom states republic federation island islands sea ocean gulf bay strait river peninsula
    region europe asia africa america european asian atlantic pacific arctic baltic black
    russia russian ukraine ukrainian crimea crimean britain british england english france
    french germany german china chinese american poland polish finland finnish sweden swedish
    norway norwegian estonia latvia lithuania belarus georgia turkey turkish syria syrian iran
    iraq israel japan japanese korea moscow kiev kyiv washington london paris berlin brussels
    beijing minsk warsaw soviet international joint general staff military defense defence
    security armed foreign affairs state interior national air naval space border emergency
    economic trade god internet web"""
)
# Capitalised nouns of events, documents and plans ("a new Cold War", "the Minsk Agreements").
EVENT_WORDS = word_set(
    """war crisis treaty agreement agreements accord accords summit games cup olympics day
    revolution plan initiative doctrine act declaration charter strategy exercise exercises
    drills operation conference forum talks pact protocol memorandum"""
)
NOT_NAMES = (
    FUNCTION_WORDS
    | CALENDAR_WORDS
    | PLACE_AND_FIELD_WORDS
    | EVENT_WORDS
    | {name.lower() for name in SINGLE_ORGS}
)
DEMONYMS = word_set(
    """russian ukrainian british french german american chinese polish finnish swedish
    norwegian turkish syrian japanese soviet estonian latvian lithuanian belarusian
    georgian israeli iranian iraqi u.s. us uk"""
)
# Acronyms that do not name an organisation.
NOT_ORG_ACRONYMS = word_set(
    """US USA UK USSR INF TV PM AM GMT UTC ID OK CEO GDP HTML PDF ABM ICBM IT AI UAE DPRK PRC
    START RF"""
)
REPORTING_VERBS = word_set(
    """said says say stressed stresses added adds told tells noted notes stated states explained
    explains declared emphasized emphasised insisted argued warned claimed announced wrote
    asked replied continued commented remarked acknowledged admitted observed concluded
    recalled underlined underscored reported tweeted posted responded urged reiterated denied
    complained cautioned vowed promised assured suggested described describes"""
)
CONNECTORS = frozenset({"of", "the", "for", "on"})
NOT_NAME_WORDS = NOT_NAMES | CORE_TITLES | TITLE_MODIFIERS | ORG_HEADS
TITLES_AND_HEADS = CORE_TITLES | ORG_HEADS
OPENING_WORDS = FUNCTION_WORDS | CALENDAR_WORDS  # a title or an organisation does not start here

TOKEN = re.compile(
    r"U\.S\.|U\.K\.|U\.N\.|E\.U\."
    r"|(?:Col|Gen|Lt|Maj|Adm|Capt|Brig|Sgt|Cmdr|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Prof)\."
    r"|[^\W\d_]+(?:-[^\W\d_]+)*(?:['’][A-Z][^\W\d_]+)?"
    r"|\d+|[^\w\s]"
)


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark and where it is; ``joined`` when only spaces precede it."""

    text: str
    start: int
    end: int
    joined: bool  # follows the previous token on the same line, spaces between at most

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Candidate:
    """An actor while it is being found: its names, mentions and title."""

    name: str
    kind: ActorKind
    title: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    record_actor_id: str | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def found(self) -> FoundActor:
        return FoundActor(
            name=self.name,
            kind=self.kind,
            title=self.title,
            mentions=tuple(sorted(set(self.mentions))),
            record_actor_id=self.record_actor_id,
        )


def tokenize(text: str) -> list[Token]:
    """The text's tokens, each knowing whether it sits right after the previous one."""
    tokens: list[Token] = []
    previous_end = None
    for match in TOKEN.finditer(text):
        gap = text[previous_end : match.start()] if previous_end is not None else "\n"
        joined = "\n" not in gap and gap.strip() == ""
        tokens.append(Token(match.group(), match.start(), match.end(), joined))
        previous_end = match.end()
    return tokens


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_acronym(token: Token) -> bool:
    letters = token.text.replace("-", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_name_word(token: Token) -> bool:
    """A capitalised word that may be part of a person's name."""
    return (
        is_capitalised(token)
        and not is_acronym(token)
        and token.text[0].isalpha()
        and not token.text.endswith(".")
        and token.lower not in NOT_NAME_WORDS
    )


def find_actors(text: str, known: pd.DataFrame | None = None) -> list[FoundActor]:
    """Every person and organisation the text names, one each, in order of first mention.

    ``known`` is the public record's actors table (actor_id, name, actor_type): an actor found
    under a name the record gives (or a person under a surname only one record person has) is
    linked to it by ``record_actor_id``.
    """
    tokens = tokenize(text)
    known_names = known_person_names(known)
    people = merge_people(find_people(text, tokens, known_names))
    add_surname_mentions(text, people)
    add_title_mentions(text, people)
    organisations = merge_organisations(find_organisations(text, tokens))
    add_bare_head_mentions(text, organisations)
    people = [p for p in people if not inside_organisation_names(p, organisations)]
    actors = people + organisations
    if known is not None:
        actors = merge_by_record(link_to_record(actors, known))
    actors.sort(key=lambda actor: min(actor.mentions))
    return [actor.found() for actor in actors]


# --- people ---------------------------------------------------------------------------------


def inside_organisation_names(person: Candidate, organisations: Sequence[Candidate]) -> bool:
    """Whether every mention of ``person`` lies inside an organisation's name ("Chiefs" in
    "the Joint Chiefs of Staff"): a word of that name, not a person."""
    spans = [span for org in organisations for span in org.mentions]
    return all(
        any(start <= m_start and m_end <= end for start, end in spans)
        for m_start, m_end in person.mentions
    )


def name_runs(tokens: Sequence[Token]) -> Iterable[tuple[int, int]]:
    """Token ranges [i, j) of capitalised name words that end a capitalised run."""
    i = 0
    while i < len(tokens):
        if not is_name_word(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].joined and continues_name(tokens, j):
            j += 1
        ends_run = j == len(tokens) or not (tokens[j].joined and is_capitalised(tokens[j]))
        if ends_run and j - i <= 4:
            yield i, j
        i = j


def continues_name(tokens: Sequence[Token], j: int) -> bool:
    """Whether token ``j`` goes on the name begun before it; a month may ("Theresa May")
    unless a day follows it ("May 5")."""
    if is_name_word(tokens[j]):
        return True
    day_follows = j + 1 < len(tokens) and tokens[j + 1].text.isdigit()
    return is_capitalised(tokens[j]) and tokens[j].lower in CALENDAR_WORDS and not day_follows


def find_people(text: str, tokens: Sequence[Token], known_names: set[str]) -> list[Candidate]:
    """Each name run with a cue that it names a person, in text order (one per mention)."""
    repeated = repeated_words(tokens)
    people: list[Candidate] = []
    for i, j in name_runs(tokens):
        name = text[tokens[i].start : tokens[j - 1].end]
        title = title_before(text, tokens, i) or title_after(text, tokens, j)
        if title is None and j - i < 2:
            continue
        person = title is not None or name.lower() in known_names
        person = person or near_reporting_verb(tokens, i, j)
        person = person or (tokens[j - 1].text in repeated)
        person = person or title_before_comma(text, tokens, i) is not None
        person = person or is_name_in_running_text(tokens, i, j)
        if person:
            title = title or title_before_comma(text, tokens, i)
            mention = (tokens[i].start, tokens[j - 1].end)
            people.append(Candidate(name, "person", title, [mention]))
    return people


def is_name_in_running_text(tokens: Sequence[Token], i: int, j: int) -> bool:
    """Two or three name words inside a sentence, after a lower-case word ("called Petr
    Pavel"): rarely anything but a person once places and offices are ruled out."""
    if not 2 <= j - i <= 3 or i == 0 or not tokens[i].joined:
        return False
    previous = tokens[i - 1].text
    follows_word = previous[:1].islower() and previous.isalpha()
    return follows_word and not (j < len(tokens) and tokens[j].text == "/")


def repeated_words(tokens: Sequence[Token]) -> set[str]:
    """Name words that also stand alone, outside a run of capitals (surnames said again)."""
    alone: set[str] = set()
    for k, token in enumerate(tokens):
        if not is_name_word(token):
            continue
        before = k > 0 and tokens[k].joined and is_capitalised(tokens[k - 1])
        after = k + 1 < len(tokens) and tokens[k + 1].joined and is_capitalised(tokens[k + 1])
        if not before and not after:
            alone.add(token.text)
    return alone


def title_before(text: str, tokens: Sequence[Token], i: int) -> str | None:
    """The title standing right before the name at token ``i`` ("Deputy Defense Minister")."""
    k = i
    while k > 0 and tokens[k].joined and is_title_token(tokens[k - 1]):
        k -= 1
    return title_text(text, tokens[k:i])


def title_before_comma(text: str, tokens: Sequence[Token], i: int) -> str | None:
    """A title given before a comma: "the secretary general of the Alliance, Jens Stoltenberg"."""
    if i < 2 or tokens[i - 1].text != ",":
        return None
    return title_before(text, tokens, i - 1)


def is_title_token(token: Token) -> bool:
    """A token that may stand inside a title phrase."""
    if token.lower in CONNECTORS or token.lower in CORE_TITLES:
        return True
    if token.lower in OPENING_WORDS:
        return False
    return is_capitalised(token) and token.text[0].isalpha()


def title_text(text: str, phrase: Sequence[Token]) -> str | None:
    """The phrase as a title: without leading names, places or articles; None if no office."""
    words = list(phrase)
    while words and (
        words[0].lower in CONNECTORS or words[0].lower in DEMONYMS or is_plain_name(words[0])
    ):
        words.pop(0)
    while words and words[-1].lower in CONNECTORS:
        words.pop()
    if not any(word.lower in CORE_TITLES for word in words) or is_plain_name(words[-1]):
        return None  # no office, or a list of names ("Minister Lavrov, Sergei Shoigu")
    return text[words[0].start : words[-1].end]


def is_plain_name(token: Token) -> bool:
    return is_name_word(token) and token.lower not in CORE_TITLES


def title_after(text: str, tokens: Sequence[Token], j: int) -> str | None:
    """A title given after the name and a comma: "Dmitry Danilov, head of the ..."."""
    if j >= len(tokens) or tokens[j].text != "," or j < 2:
        return None
    first = j + 1
    while first < len(tokens) and tokens[first].lower in {"the", "a", "an", "former", "then"}:
        first += 1
    opening = tokens[first : first + 4]
    if not any(token.lower in CORE_TITLES for token in opening):
        return None
    last = first
    while last < len(tokens) and not ends_apposition(tokens[last]):
        last += 1
    if last == first:
        return None
    return text[tokens[first].start : tokens[last - 1].end]


def ends_apposition(token: Token) -> bool:
    return token.text in {",", ".", ";", ":", "(", ")", "“", '"'} or (
        token.lower in REPORTING_VERBS or not token.joined
    )


def near_reporting_verb(tokens: Sequence[Token], i: int, j: int) -> bool:
    """Whether a reporting verb follows the name ("Danilov said") or comes before it."""
    after = j < len(tokens) and tokens[j].joined and tokens[j].lower in REPORTING_VERBS
    before = i > 0 and tokens[i].joined and tokens[i - 1].lower in REPORTING_VERBS
    according = i > 1 and tokens[i - 1].lower == "to" and tokens[i - 2].lower == "according"
    return after or before or according


def merge_people(people: list[Candidate]) -> list[Candidate]:
    """One candidate per person: names whose words agree and share a surname are one."""
    merged: list[Candidate] = []
    for person in people:
        same = next((p for p in merged if same_person(p.name, person.name)), None)
        if same is None:
            merged.append(person)
            continue
        same.mentions.extend(person.mentions)
        same.title = same.title or person.title
        if len(person.name.split()) > len(same.name.split()):
            same.name = person.name
    return merged


def same_person(one: str, other: str) -> bool:
    """Whether two names can name one person: same surname, the shorter's words in the other."""
    a, b = one.split(), other.split()
    if a[-1] != b[-1]:
        return False
    shorter, longer = sorted((a, b), key=len)
    return set(shorter) <= set(longer)


def add_surname_mentions(text: str, people: list[Candidate]) -> None:
    """Link each surname said alone ("Gerasimov said") to the person last named in full."""
    taken = [span for person in people for span in person.mentions]
    for person in people:
        if len(person.name.split()) < 2:
            continue
        for match in re.finditer(rf"\b{re.escape(person.surname)}\b(?! \d)", text):
            span = (match.start(), match.end())
            if not any(s <= span[0] and span[1] <= e for s, e in taken):
                owner = last_named(people, person.surname, span[0]) or person
                owner.mentions.append(span)


def last_named(people: list[Candidate], surname: str, position: int) -> Candidate | None:
    """The person of that surname whose full-name mention comes last before ``position``."""
    before = [
        (max(s for s, _ in p.mentions if s < position), p)
        for p in people
        if p.surname == surname and any(s < position for s, _ in p.mentions)
    ]
    return max(before, key=lambda pair: pair[0])[1] if before else None


def add_title_mentions(text: str, people: list[Candidate]) -> None:
    """Link a title used without the name ("the Chief of General Staff said") to its holder."""
    for person in people:
        title = person.title
        if title is None or len(title.split()) < 2 or not title[0].isupper():
            continue
        for match in re.finditer(rf"\b[Tt]he ({re.escape(title)})\b(?! [A-Z])", text):
            # "Maria Zakharova, the ... spokeswoman": the title given with the name
            with_name = any(0 <= match.start() - end <= 2 for _, end in person.mentions)
            if not with_name:
                person.mentions.append(match.span(1))


def known_person_names(known: pd.DataFrame | None) -> set[str]:
    """The record's people's names, lower case, to recognise them without a cue."""
    if known is None:
        return set()
    people = known[known["actor_type"] == "person"]
    return {str(name).lower() for name in people["name"]}


# --- organisations --------------------------------------------------------------------------


def find_organisations(text: str, tokens: Sequence[Token]) -> list[Candidate]:
    """Every organisation phrase in text order (one per mention), longest phrases first."""
    spans: list[tuple[int, int]] = []
    for k, token in enumerate(tokens):
        if token.lower in ORG_HEADS and is_capitalised(token):
            first = extend_left(tokens, k)
            last = extend_right(tokens, k)
            if first < k or last > k:
                spans.append((tokens[first].start, tokens[last].end))
    spans.extend(acronym_spans(text, tokens, spans))
    for name in SINGLE_ORGS:
        spans.extend(m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", text))
    kept = drop_overlaps(spans)
    return [Candidate(text[s:e], "organisation", None, [(s, e)]) for s, e in kept]


def extend_left(tokens: Sequence[Token], k: int) -> int:
    """The first token of the organisation's name ending at ``k``: its capitalised modifiers."""
    first = k
    while first > 0 and tokens[first].joined:
        token = tokens[first - 1]
        if not is_capitalised(token) or token.lower in TITLES_AND_HEADS:
            break
        if token.lower in OPENING_WORDS or not token.text[0].isalpha():
            break
        first -= 1
    return first


def extend_right(tokens: Sequence[Token], k: int) -> int:
    """The last token of the organisation's name: "of [the] Capitalised ..." after its head."""
    last = k
    j = k + 1
    while j + 1 < len(tokens) and tokens[j].joined and tokens[j].lower in {"of", "for"}:
        m = j + 1
        if tokens[m].lower == "the" and m + 1 < len(tokens):
            m += 1
        if not (tokens[m].joined and is_capitalised(tokens[m])) or tokens[m].lower in CORE_TITLES:
            break
        while m + 1 < len(tokens) and tokens[m + 1].joined and is_org_word(tokens[m + 1]):
            m += 1
        last = m
        j = m + 1
    return last


def is_org_word(token: Token) -> bool:
    return is_capitalised(token) and token.lower not in CORE_TITLES and token.text[0].isalpha()


def acronym_spans(
    text: str, tokens: Sequence[Token], taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Acronyms standing alone ("NATO", "the OSCE"), with a name word after ("RIA Novosti")."""
    spans = []
    for k, token in enumerate(tokens):
        if not is_acronym(token) or token.text in NOT_ORG_ACRONYMS:
            continue
        if token.lower in NOT_NAMES:  # a dateline ("MOSCOW, April 5") or a shouted word
            continue
        if any(s <= token.start < e for s, e in taken) or in_capital_letters(tokens, k):
            continue
        end = token.end
        if ends_with_name_word(tokens, k + 1):
            end = tokens[k + 1].end
        spans.append((token.start, end))
    return spans


def ends_with_name_word(tokens: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` is a name word that closes a run of capitals begun before it."""
    if k >= len(tokens) or not (tokens[k].joined and is_name_word(tokens[k])):
        return False
    return k + 1 == len(tokens) or not (tokens[k + 1].joined and is_capitalised(tokens[k + 1]))


def in_capital_letters(tokens: Sequence[Token], k: int) -> bool:
    """Whether an acronym is only a word of a line set in capitals ("READ MORE")."""
    before = k > 0 and tokens[k].joined and is_acronym(tokens[k - 1])
    after = k + 1 < len(tokens) and tokens[k + 1].joined and is_acronym(tokens[k + 1])
    return before or after


def drop_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in text order, a span inside or across a longer one left out."""
    kept: list[tuple[int, int]] = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(s < span[1] and span[0] < e for s, e in kept):
            kept.append(span)
    return sorted(kept)


def organisation_key(name: str, keep_demonyms: bool = True) -> str:
    """A name compared loosely: lower case, no article, "Russia-NATO" the same as "NATO-Russia"."""
    words = []
    for word in re.findall(r"[^\W_]+(?:-[^\W_]+)*", name.lower()):
        if word == "the" or (not keep_demonyms and word in DEMONYMS):
            continue
        words.append("-".join(sorted(word.split("-"))))
    return " ".join(words)


def same_organisation(one: str, other: str) -> bool:
    """The same key, or the same once the one without a place adjective is matched without."""
    if organisation_key(one) == organisation_key(other):
        return True
    plain_one, plain_other = organisation_key(one, False), organisation_key(other, False)
    has_demonym = organisation_key(one) != plain_one and organisation_key(other) != plain_other
    return plain_one == plain_other and bool(plain_one) and not has_demonym


def merge_organisations(organisations: list[Candidate]) -> list[Candidate]:
    """One candidate per organisation, under the fullest name the text gives it."""
    merged: list[Candidate] = []
    for organisation in organisations:
        same = next((o for o in merged if same_organisation(o.name, organisation.name)), None)
        if same is None:
            merged.append(organisation)
            continue
        same.mentions.extend(organisation.mentions)
        if len(organisation.name) > len(same.name):
            same.name = organisation.name
    return merged


def add_bare_head_mentions(text: str, organisations: list[Candidate]) -> None:
    """Link "the Ministry" to the organisation with that head named last before it."""
    heads = "|".join(sorted({o.name.split()[-1] for o in organisations if " " in o.name}))
    if not heads:
        return
    for match in re.finditer(rf"\b[Tt]he ({heads})\b", text):
        span = match.span(1)
        if any(s <= span[0] < e for o in organisations for s, e in o.mentions):
            continue
        named = [
            (max(s for s, _ in o.mentions if s < span[0]), o)
            for o in organisations
            if o.name.split()[-1] == match.group(1) and any(s < span[0] for s, _ in o.mentions)
        ]
        if named:
            max(named, key=lambda pair: pair[0])[1].mentions.append(span)


# --- the public record ----------------------------------------------------------------------


def record_aliases(name: str) -> list[str]:
    """The names a record entry goes by: "NATO (North Atlantic Alliance)" gives three."""
    aliases = [name]
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if match:
        aliases.extend([match.group(1), match.group(2)])
    return aliases


def link_to_record(actors: list[Candidate], known: pd.DataFrame) -> list[Candidate]:
    """Each actor with the id of the record's actor of the same name (or unique surname)."""
    by_name: dict[tuple[str, str], set[str]] = {}
    by_surname: dict[str, list[tuple[str, str]]] = {}
    for row in known.itertuples(index=False):
        if not str(row.name).strip():
            continue
        kind = "person" if row.actor_type == "person" else "organisation"
        for alias in record_aliases(str(row.name)):
            by_name.setdefault((kind, organisation_key(alias)), set()).add(str(row.actor_id))
        if kind == "person":
            by_surname.setdefault(str(row.name).split()[-1], []).append(
                (str(row.actor_id), str(row.name))
            )
    for actor in actors:
        actor.record_actor_id = record_id(actor, by_name, by_surname)
    return actors


def record_id(
    actor: Candidate,
    by_name: dict[tuple[str, str], set[str]],
    by_surname: dict[str, list[tuple[str, str]]],
) -> str | None:
    """The record id for one actor, or None when the record has none or several."""
    ids = by_name.get((actor.kind, organisation_key(actor.name)), set())
    plain = organisation_key(actor.name, False)
    if not ids and actor.kind == "organisation" and plain == organisation_key(actor.name):
        # "the Defense Ministry" without its adjective: the record's only one of that name
        ids = {
            actor_id
            for (kind, key), found in by_name.items()
            if kind == "organisation" and organisation_key(key, False) == plain
            for actor_id in found
        }
    if not ids and actor.kind == "person":
        ids = {
            actor_id
            for actor_id, name in by_surname.get(actor.surname, [])
            if set(actor.name.split()) <= set(name.split())
        }
        if len(by_surname.get(actor.surname, [])) != 1:
            ids = set()
    return next(iter(ids)) if len(ids) == 1 else None


def merge_by_record(actors: list[Candidate]) -> list[Candidate]:
    """Actors the record says are one ("NATO", "the North Atlantic Alliance") made one."""
    merged: dict[str, Candidate] = {}
    result: list[Candidate] = []
    for actor in sorted(actors, key=lambda a: min(a.mentions)):
        same = merged.get(actor.record_actor_id) if actor.record_actor_id else None
        if same is None:
            if actor.record_actor_id:
                merged[actor.record_actor_id] = actor
            result.append(actor)
            continue
        same.mentions.extend(actor.mentions)
        same.title = same.title or actor.title
        if actor.kind == "person" and len(actor.name.split()) > len(same.name.split()):
            same.name = actor.name
    return result
