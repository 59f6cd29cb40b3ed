"""The project's tables, each declared once.

The public record, shared by every article, lives in ``data/record/<table>.yaml``: its
sources, the recurring actors, the dated events and the phases (terms of office, long-running
states). The annotation of one article lives in ``data/annotations/<article_id>/<table>.yaml``:
the actors found only in that article, its claims, its date mentions, the checks and the
contested wording; it refers to the record by id. Each file holds one top-level key, the table
name, with a list of records. The article's metadata is one record in
``data/articles/<article_id>/metadata.yaml``.
"""

from __future__ import annotations

from analysis.schema import Field, Table
from analysis.verdicts import VERDICT_NAMES

SIDES = ("russia", "nato", "nato_member_state", "expert", "media", "ukraine", "other")
ACTOR_TYPES = ("person", "organisation", "media", "group")
ATTRIBUTION_MODES = ("direct_quote", "paraphrase", "narration")
CLAIM_KINDS = ("event_report", "position", "assessment", "background")
TOPICS = (
    "military_contacts",
    "nato_russia_council",
    "european_security",
    "nato_posture",
    "crimea_ukraine",
    "incident_prevention",
    "baltic_transparency",
    "tensions",
    "dialogue",
    "bilateral_relations",
)
PRECISIONS = ("day", "month", "year")
CHANNELS = ("phone_call", "meeting", "council_meeting", "ministerial_decision", "public_statement")
EVENT_TYPES = ("contact", "decision", "crisis", "statement", "resumption", "deployment", "other")
PHASE_TYPES = ("suspension", "hiatus", "term", "deployment")
VERDICTS = VERDICT_NAMES
# primary: an official statement or document; wire: a news agency's report, wherever it is
# printed; newspaper: an established outlet's own reporting; other: blogs, mirrors, aggregators.
SOURCE_KINDS = ("primary", "wire", "newspaper", "other")
# Kinds a verdict other than "unconfirmed" may rest on (see analysis/rules.py).
ESTABLISHED_SOURCE_KINDS = ("primary", "wire", "newspaper")

ARTICLE_METADATA = Table(
    name="article",
    description="Provenance of one article text, stored verbatim beside this record.",
    key="article_id",
    fields=(
        Field("article_id", "id", "Folder name of the article under data/articles/."),
        Field("title", "str", "Headline as published."),
        Field("outlet", "str", "Publisher of the article."),
        Field(
            "url",
            "url",
            "Address of the published article (none for a text supplied alone).",
            False,
        ),
        Field("language", "str", "Language of the stored text, as a BCP 47 tag."),
        Field("date_published", "date", "Publication date of the stored edition."),
        Field("date_reported_on", "date", "The day the article reports on (its 'today')."),
        Field("date_retrieved", "date", "When the text was obtained."),
        Field("default_reference_date", "date", "Reference date for relative expressions."),
        Field("rights_note", "text", "What the publisher allows; how the text may be reused."),
        Field("text_file", "str", "File name of the verbatim text, beside this record."),
        Field("sha256", "str", "SHA-256 of the text file's bytes."),
        Field("provenance_note", "text", "How the dates and the text were established.", False),
    ),
)

# A record the drafter wrote (python -m analysis draft) is marked until a person reviews it.
REVIEW_STATES = ("drafted",)


def _review() -> Field:
    return Field(
        "review",
        "str",
        "'drafted' while the record is the drafter's guess, not yet reviewed by a person.",
        required=False,
        allowed=REVIEW_STATES,
    )


ACTORS = Table(
    name="actors",
    description="People and organisations that speak, act or are spoken of.",
    key="actor_id",
    fields=(
        Field("actor_id", "id", "Short stable id, e.g. 'gerasimov'."),
        Field("name", "str", "Name as a reader knows it."),
        Field("actor_type", "str", "What kind of actor.", allowed=ACTOR_TYPES),
        Field("role", "str", "Title or role at the time of the article.", required=False),
        Field("side", "str", "Which side the actor speaks or acts for.", allowed=SIDES),
        Field(
            "affiliation_actor_id",
            "id",
            "Organisation the actor belongs to.",
            required=False,
            references="actors.actor_id",
        ),
        _review(),
    ),
)

SOURCES = Table(
    name="sources",
    description="Every source the record and the checks cite, with what kind of source it is.",
    key="source_id",
    fields=(
        Field("source_id", "id", "Short stable id: publisher, date, topic."),
        Field("url", "url", "Address of the page as read."),
        Field("publisher", "str", "Who published it; a wire story as 'Outlet (Agency)'."),
        Field("title", "str", "The page's own headline, in its language."),
        Field(
            "published",
            "date",
            "Publication date (the first day of the month or year if "
            "only that is known; see published_precision).",
        ),
        Field(
            "published_precision",
            "str",
            "How much of the publication date is known (empty: the day).",
            required=False,
            allowed=PRECISIONS,
        ),
        Field("language", "str", "Language of the page, as a BCP 47 tag."),
        Field("kind", "str", "What kind of source it is.", allowed=SOURCE_KINDS),
        Field("retrieved", "date", "When the page was read for this record."),
        Field(
            "is_announcement",
            "bool",
            "Written before the event it is cited for (a notice of what will happen).",
        ),
        Field("note", "text", "What a fact-checker should know about the page.", required=False),
    ),
)

CITATION = Table(
    name="citation",
    description="One source cited for a fact: where in it, and what it states there.",
    key="source_id",
    fields=(
        Field("source_id", "id", "The source cited.", references="sources.source_id"),
        Field("locator", "str", "Where in the source: a paragraph, section or page."),
        Field(
            "says",
            "text",
            "What the source states there that establishes the fact and its date, in our own "
            "words, naming who said it.",
        ),
    ),
)


def _citations(what: str) -> Field:
    return Field("citations", "records", f"Sources of {what}.", item=CITATION, min_items=1)


CLAIMS = Table(
    name="claims",
    description="Each claim the article makes, with its exact words and who makes it how.",
    key="claim_id",
    fields=(
        Field("claim_id", "id", "Short stable id, e.g. 'c01'."),
        Field("span", "text", "The claim's words, verbatim from the article."),
        Field(
            "span_occurrence",
            "int",
            "Which occurrence of the span is meant, when it occurs more than once (1-based).",
            required=False,
        ),
        Field(
            "speaker_actor_id",
            "id",
            "Who makes the claim (the outlet itself for its own narration).",
            references="actors.actor_id",
        ),
        Field("attribution_mode", "str", "How the claim is attributed.", allowed=ATTRIBUTION_MODES),
        Field(
            "attribution_cue",
            "text",
            "The words that attribute it, e.g. 'said the Russian Defense Ministry', verbatim.",
            required=False,
        ),
        Field("claim_kind", "str", "What the claim does.", allowed=CLAIM_KINDS),
        Field("topics", "str_list", "What the claim is about.", allowed=TOPICS, min_items=1),
        Field(
            "subject_actor_ids",
            "id_list",
            "Actors the claim is about.",
            required=False,
            references="actors.actor_id",
        ),
        _review(),
    ),
)

EVENTS = Table(
    name="events",
    description="Each dated thing the article mentions, with the date expression as written.",
    key="event_id",
    fields=(
        Field("event_id", "id", "Short stable id, e.g. 'e_call'."),
        Field("label", "str", "What happened, in a few words."),
        Field("expression", "text", "The date expression, verbatim from the article."),
        Field(
            "expression_occurrence",
            "int",
            "Which occurrence of the expression inside the claim's span is meant (1-based).",
            required=False,
        ),
        Field(
            "claim_id",
            "id",
            "The claim whose words hold the expression.",
            references="claims.claim_id",
        ),
        Field("event_type", "str", "What kind of event.", allowed=EVENT_TYPES),
        Field("channel", "str", "For contacts: how the sides talked.", False, allowed=CHANNELS),
        Field(
            "participant_actor_ids",
            "id_list",
            "Who took part.",
            required=False,
            references="actors.actor_id",
        ),
        Field(
            "anchor_event_id",
            "id",
            "Event a relative expression counts from ('the following day', 'a two-year hiatus').",
            required=False,
            references="events.event_id",
        ),
        Field(
            "is_future",
            "bool",
            "Its sentence speaks of the future ('will meet in May'): a month or weekday named "
            "alone is then the next one after the reference date, not the last.",
            required=False,
        ),
        Field(
            "record_event_id",
            "id",
            "The same event in the public record, to compare dates.",
            required=False,
            references="record_events.record_event_id",
        ),
        _review(),
    ),
)

PHASES = Table(
    name="phases",
    description="Intervals from the public record drawn as bands on the timeline.",
    key="phase_id",
    fields=(
        Field("phase_id", "id", "Short stable id."),
        Field("label", "str", "Name of the interval."),
        Field("phase_type", "str", "What kind of interval.", allowed=PHASE_TYPES),
        Field("start_date", "date", "First day."),
        Field("end_date", "date", "Last day; empty while it lasts.", required=False),
        Field("precision", "str", "Precision of both ends.", allowed=PRECISIONS),
        Field("actor_id", "id", "Whose term it is.", False, references="actors.actor_id"),
        _citations("the dates"),
        Field("note", "text", "What the interval means.", required=False),
    ),
    intervals=(("start_date", "end_date"),),
)

RECORD_EVENTS = Table(
    name="record_events",
    description="Events from the public record, each with its sources.",
    key="record_event_id",
    fields=(
        Field("record_event_id", "id", "Short stable id, e.g. 'r_bartels_call_2014_05_19'."),
        Field("label", "str", "What happened."),
        Field("event_type", "str", "What kind of event.", allowed=EVENT_TYPES),
        Field("start_date", "date", "Date, or first day."),
        Field("end_date", "date", "Last day of a multi-day event.", required=False),
        Field("precision", "str", "Precision of the date.", allowed=PRECISIONS),
        Field("is_confirmed", "bool", "False where the record does not confirm the date."),
        Field("channel", "str", "For contacts: how the sides talked.", False, allowed=CHANNELS),
        Field(
            "participant_actor_ids",
            "id_list",
            "Who took part.",
            required=False,
            references="actors.actor_id",
        ),
        _citations("the fact and its date"),
        Field("note", "text", "What the record adds.", required=False),
    ),
    intervals=(("start_date", "end_date"),),
)

CHECKS = Table(
    name="checks",
    description="Factual claims set against the public record, each verdict with its sources.",
    key="check_id",
    fields=(
        Field("check_id", "id", "Short stable id."),
        Field("claim_id", "id", "The claim checked.", references="claims.claim_id"),
        Field(
            "checked_wording",
            "text",
            "The part of the claim's span that is checked, verbatim (empty: the whole span).",
            required=False,
        ),
        Field("verdict", "str", "What the record says of it.", allowed=VERDICTS),
        Field("evidence", "text", "Why the verdict, in a sentence or two."),
        Field(
            "caveat",
            "text",
            "What the verdict cannot rest on, e.g. a source that announced the event beforehand.",
            required=False,
        ),
        Field(
            "record_event_ids",
            "id_list",
            "Record events that bear on the claim.",
            required=False,
            references="record_events.record_event_id",
        ),
        Field(
            "contested_ids",
            "id_list",
            "Disputed wording inside the checked words, discussed under 'Contested wording'.",
            required=False,
            references="contested.contested_id",
        ),
        _citations("the verdict: what decides it"),
        _review(),
    ),
)

CONTESTED = Table(
    name="contested",
    description="Loaded or disputed wording, each with a neutral description and its source.",
    key="contested_id",
    fields=(
        Field("contested_id", "id", "Short stable id."),
        Field("span", "text", "The wording, verbatim from the article."),
        Field(
            "span_occurrence",
            "int",
            "Which occurrence of the span is meant (1-based).",
            required=False,
        ),
        Field("claim_id", "id", "The claim it stands in.", references="claims.claim_id"),
        Field("neutral_description", "text", "What happened, in neutral words."),
        _citations("the neutral description"),
    ),
)

# The public record, shared by every article: data/record/<table>.yaml.
RECORD_TABLES: dict[str, Table] = {
    table.name: table for table in (SOURCES, ACTORS, RECORD_EVENTS, PHASES)
}
# One article's annotation: data/annotations/<article_id>/<table>.yaml. Its actors are those
# found only in this article; the others are the record's.
ARTICLE_TABLES: dict[str, Table] = {
    table.name: table for table in (ACTORS, CLAIMS, EVENTS, CHECKS, CONTESTED)
}
# Every table an Annotation holds, in the order they are reported: the record's actors and
# the article's in one table.
ANNOTATION_TABLES: dict[str, Table] = {
    table.name: table
    for table in (ACTORS, CLAIMS, EVENTS, PHASES, RECORD_EVENTS, CHECKS, CONTESTED, SOURCES)
}


# --- Output tables ----------------------------------------------------------------------------
# The frames analysis/compute.py hands to the charts, the HTML tables and the data exports,
# declared like the files: compute validates each frame it returns against its declaration
# (Table.validate_frame), so a chart or a table reads the declared columns as they are.

ORIGINS = ("article", "record")  # who dates an event: the article itself or the public record
ITEM_KINDS = ("phase", "event")
# A timeline row's type: a phase's or an event's, or "group" for a row of several events.
ITEM_TYPES = (*PHASE_TYPES, *EVENT_TYPES, "group")

RESOLVED_EVENTS = Table(
    name="resolved_events",
    description="Each article event with its date expression resolved to an interval.",
    key="event_id",
    fields=(
        Field("event_id", "id", "The event."),
        Field("label", "str", "What happened, in a few words."),
        Field("expression", "text", "The date expression, verbatim from the article."),
        Field("claim_id", "id", "The claim whose words hold the expression."),
        Field("event_type", "str", "What kind of event.", allowed=EVENT_TYPES),
        Field("channel", "str", "For contacts: how the sides talked.", False, allowed=CHANNELS),
        Field("participant_actor_ids", "id_list", "Who took part.", required=False),
        Field("record_event_id", "id", "The same event in the public record.", required=False),
        Field("event_start", "date", "First day of the resolved interval."),
        Field("event_end", "date", "Last day of the resolved interval."),
        Field("date_precision", "str", "Precision of the resolved date.", allowed=PRECISIONS),
        Field("date_label", "str", "The resolved date as the reader sees it."),
        Field("date_rule", "str", "The rule that resolved the expression."),
        Field("reference_date", "date", "The day the expression counts from."),
        Field("date_explanation", "text", "How the expression was resolved, in a sentence."),
    ),
    intervals=(("event_start", "event_end"),),
)

DATE_COMPARISON = Table(
    name="date_comparison",
    description="Each event resolved under two reference dates, beside the record's date.",
    key="event_id",
    fields=(
        Field("event_id", "id", "The event."),
        Field("label", "str", "What happened."),
        Field("expression", "text", "The date expression, verbatim."),
        Field("date_rule", "str", "The rule that resolved it."),
        Field("date_precision", "str", "Precision of the resolved date.", allowed=PRECISIONS),
        Field("resolved", "str", "The date under the chosen reference date."),
        Field("resolved_other", "str", "The date under the other reference date."),
        Field("is_changed", "bool", "Whether the two reference dates give different dates."),
        Field("record_event_id", "id", "The same event in the record.", required=False),
        Field("record_date", "date", "The record's (first) day.", required=False),
        Field(
            "agrees_with_record",
            "bool",
            "Whether the resolved interval holds the record's date (empty: no record).",
            required=False,
        ),
    ),
)

TIMELINE = Table(
    name="timeline",
    description="Phases and events drawn on the timeline; a row may group several events.",
    key="item_id",
    fields=(
        Field("item_id", "str", "The phase's or event's id; 'group:...' for a group row."),
        Field("label", "str", "What the row shows."),
        Field("origin", "str", "Who dates it.", allowed=ORIGINS),
        Field("item_kind", "str", "A band (phase) or a mark (event).", allowed=ITEM_KINDS),
        Field("item_type", "str", "The phase's or event's type.", allowed=ITEM_TYPES),
        Field("start", "date", "First day."),
        Field("end", "date", "Last day (an open-ended phase: the window's last day)."),
        Field("date_precision", "str", "Precision of the dates.", allowed=PRECISIONS),
        Field("is_open_ended", "bool", "A phase that has not ended."),
        Field("is_confirmed", "bool", "False where the record does not confirm the date."),
        Field("mentions", "int", "How many article events the row stands for."),
        Field("participant_actor_ids", "id_list", "Who took part.", required=False),
        Field("involves_focus", "bool", "Whether the focus actor took part."),
        Field("period_start", "date", "A group's period: first day.", required=False),
        Field("period_end", "date", "A group's period: last day.", required=False),
        Field("member_ids", "id_list", "A group's events, by date.", required=False),
        Field("member_starts", "date_list", "Their days, if dated to the day.", required=False),
        Field("member_confirmed", "bool_list", "Whether each is confirmed.", required=False),
        Field("member_focus", "bool_list", "Whether each involves the focus.", required=False),
    ),
    intervals=(("start", "end"), ("period_start", "period_end")),
)

CONTACTS = Table(
    name="contacts",
    description="Calls and meetings dated within a window, from the article and the record.",
    key="contact_id",
    fields=(
        Field("contact_id", "str", "The event's id; 'group:...' for a row of several."),
        Field("label", "str", "What happened."),
        Field("origin", "str", "Who dates it.", allowed=ORIGINS),
        Field("channel", "str", "How the sides talked.", required=False, allowed=CHANNELS),
        Field("contact_start", "date", "First day."),
        Field("contact_end", "date", "Last day."),
        Field("date_precision", "str", "Precision of the dates.", allowed=PRECISIONS),
        Field("is_confirmed", "bool", "False where the record does not confirm the date."),
        Field("participant_actor_ids", "id_list", "Who took part.", required=False),
        Field("participants", "text", "Their names, comma-separated.", required=False),
    ),
    intervals=(("contact_start", "contact_end"),),
)

CONTACT_EDGES = Table(
    name="contact_edges",
    description="One line of the contact network: two participants of one or more contacts.",
    key="",  # a contact of three actors gives three edges with its id
    fields=(
        Field("source_actor_id", "id", "One participant."),
        Field("target_actor_id", "id", "The other."),
        Field("contact_id", "str", "The contact; ';'-joined ids for a line of several."),
        Field("contact_start", "date", "The (first) contact's first day."),
        Field("date_precision", "str", "Precision of that date.", allowed=PRECISIONS),
        Field("channel", "str", "How the sides talked.", required=False, allowed=CHANNELS),
        Field("origin", "str", "Who dates it.", allowed=ORIGINS),
        Field("is_confirmed", "bool", "False where the record does not confirm the date."),
        Field("contacts", "int", "How many contacts the line stands for."),
        Field("contact_last", "date", "The last of them."),
    ),
)


def _counts_by_speaker(name: str, description: str, columns: tuple[str, ...]) -> Table:
    """A table of counts with one row a speaker (the frame's index) and a column each."""
    return Table(
        name=name,
        description=description,
        key="speaker",
        fields=(
            Field("speaker", "str", "The speaker's name (the frame's index)."),
            *(Field(column, "int", f"How many: {column}.") for column in columns),
        ),
    )


SPEAKERS = _counts_by_speaker(
    "speakers", "Claims per speaker and attribution mode.", ATTRIBUTION_MODES
)
SPEAKER_VERDICTS = _counts_by_speaker(
    "speaker_verdicts", "Checked claims per speaker and verdict.", VERDICTS
)

CITED_SOURCE = Table(
    name="cited_source",
    description="One citation with what the reader needs beside it.",
    key="source_id",
    fields=(
        Field("source_id", "id", "The source cited."),
        Field("publisher", "str", "Who published it."),
        Field("published", "str", "Publication date, written at its precision."),
        Field("kind", "str", "What kind of source.", allowed=SOURCE_KINDS),
        Field("is_announcement", "bool", "Written before the event it is cited for."),
        Field("locator", "str", "Where in the source."),
        Field("says", "text", "What the source states there."),
        Field("url", "url", "Address of the page."),
    ),
)

CHECKED_CLAIMS = Table(
    name="checked_claims",
    description="Checked claims with the words, the speaker, the verdict and its sources.",
    key="check_id",
    fields=(
        Field("check_id", "id", "The check."),
        Field("claim_id", "id", "The claim checked."),
        Field("claim", "text", "The words checked."),
        Field("speaker", "str", "Who makes the claim."),
        Field("attribution_mode", "str", "How it is attributed.", allowed=ATTRIBUTION_MODES),
        Field("verdict", "str", "What the record says of it.", allowed=VERDICTS),
        Field("evidence", "text", "Why the verdict."),
        Field("caveat", "text", "What the verdict cannot rest on.", required=False),
        Field("record_dates", "str", "The record events' days, comma-separated.", False),
        Field("contested_ids", "id_list", "Contested wording inside it.", required=False),
        Field("citations", "records", "Sources of the verdict.", item=CITED_SOURCE, min_items=1),
    ),
)

CONTESTED_WORDING = Table(
    name="contested_wording",
    description="Contested wording with who uses it, a neutral description and its sources.",
    key="contested_id",
    fields=(
        Field("contested_id", "id", "The entry."),
        Field("wording", "text", "The wording, verbatim."),
        Field("speaker", "str", "Who uses it."),
        Field("attribution_mode", "str", "How it is attributed.", allowed=ATTRIBUTION_MODES),
        Field("neutral_description", "text", "What happened, in neutral words."),
        Field("citations", "records", "Sources.", item=CITED_SOURCE, min_items=1),
    ),
)

CITED_SOURCES = Table(
    name="cited_sources",
    description="Every source the report cites, with what kind it is and what cites it.",
    key="source_id",
    fields=(
        Field("source_id", "id", "The source."),
        Field("publisher", "str", "Who published it."),
        Field("title", "str", "The page's own headline."),
        Field("published", "str", "Publication date, written at its precision."),
        Field("kind", "str", "What kind of source.", allowed=SOURCE_KINDS),
        Field("language", "str", "Language of the page."),
        Field("is_announcement", "bool", "Written before the event it is cited for."),
        Field("url", "url", "Address of the page."),
        Field(
            "cited_by",
            "id_list",
            "Checks, contested entries, events, phases citing it.",
            True,
            min_items=1,
        ),
    ),
)

# What compute returns, by table name: see analysis.compute.declared.
OUTPUT_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        RESOLVED_EVENTS,
        DATE_COMPARISON,
        TIMELINE,
        CONTACTS,
        CONTACT_EDGES,
        SPEAKERS,
        SPEAKER_VERDICTS,
        CHECKED_CLAIMS,
        CONTESTED_WORDING,
        CITED_SOURCES,
    )
}
