# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Article evidence (.venv)
#     language: python
#     name: article-evidence
# ---

# %% [markdown]
# # Article evidence report
#
# Every claim of one news article traced to its exact words, with who says it and how; every
# date resolved with its rule and reference date; the article's account set beside the public
# record. Built by `make report` from `notebooks/report.py`; do not edit the output by hand.

# %% tags=["parameters"]
article_id: str = "rbth-2017-03-06-military-talks"  # folder in data/articles/, data/annotations/
reference_date: str = "2017-03-03"  # the day "today", "three years ago" count from (YYYY-MM-DD)
window_start: str = "2014-01-01"  # first day of the timeline (YYYY-MM-DD)
window_end: str = "2017-12-31"  # last day of the timeline (YYYY-MM-DD)
focus_actor: str = "gerasimov"  # actor id highlighted in the charts and listed under "Focus"
include_context: bool = True  # show events from the public record beside the article's own
data_dir: str = ""  # folder with articles/ and annotations/; empty: the project's data/

# %%
# Derived values live here, not in the parameters cell, so papermill's injected values apply.
from analysis import charts, render
from analysis.compute import (
    count_verdicts_by_speaker,
    prepare_report,
    select_network,
    summarize_report,
    timeline_parts,
    top_speakers,
    week_contact_parts,
)
from analysis.display import show_chart, show_html
from analysis.params import validate_parameters

params = validate_parameters(
    article_id, reference_date, window_start, window_end, focus_actor, include_context, data_dir
)
data = prepare_report(params)
actors = data.annotation.actors
focus_name = actors.set_index("actor_id").loc[params.focus_actor, "name"]
charts.apply_report_style()


# %%
show_html(render.render_header(data))

# %% [markdown]
# ## Summary

# %%
show_html(render.html_paragraphs(summarize_report(data)))

# %% [markdown]
# ## Timeline, 2014 to 2017
#
# Bands are intervals from the public record (suspension of cooperation, the NATO–Russia
# Council's hiatus, terms of office). Marks are events: first as the article dates them, then
# the public record's, drawn apart and on the same time axis. A date known only to the year
# or month is drawn as a bar across that whole year or month, not as a point. The dashed line
# is the reference date.

# %%
# Page-sized parts; a long article or record is grouped by period, and each chart says so.
timeline = timeline_parts(data.timeline, params.reference_date)
for part in timeline:
    show_chart(
        charts.plot_timeline,
        part.frame,
        params.window_start,
        params.window_end,
        title=part.title,
        reference_date=params.reference_date,
        note=part.note,
    )
if caption := render.chart_caption(timeline):
    show_html(caption)

# %% [markdown]
# ## The week of contacts
#
# Calls and meetings in the days up to the reference date. Under another reference date the
# article's "today" moves, while the record's date stays.

# %%
week = week_contact_parts(
    data.week_contacts, f"Contacts, {data.week_start:%d %b} to {data.week_end:%d %b %Y}"
)
for part in week:
    show_chart(
        charts.plot_contact_week,
        part.frame,
        data.week_start,
        data.week_end,
        title=part.title,
        note=part.note,
    )
if caption := render.chart_caption(week):
    show_html(caption)
show_html(render.render_contacts(data.week_contacts))

# %% [markdown]
# ## Who speaks
#
# Claims by speaker and by how the article attributes them: a direct quote, a paraphrase of
# someone's statement, or the outlet's own narration.

# %%
speakers = top_speakers(data.speakers, "Claims by speaker and attribution", focus_name)
show_chart(
    charts.plot_speakers,
    speakers.frame,
    title=speakers.title,
    focus_name=focus_name,
    summary_row=speakers.summary_row,
    note=speakers.note,
)
if caption := render.chart_caption([speakers]):
    show_html(caption)

# %% [markdown]
# ## Who talked to whom
#
# Contacts between the sides named in the article and in the record, with their dates and
# channels. Solid lines are told by the article, dashed lines come from the record.

# %%
network = select_network(data.contact_edges, actors, "Contacts by channel", params.focus_actor)
show_chart(
    charts.plot_contact_network,
    network.frame,
    actors,
    title=network.title,
    focus_actor=params.focus_actor,
    note=network.note,
)
if caption := render.chart_caption([network]):
    show_html(caption)

# %% [markdown]
# ## The article against the record
#
# Each factual claim set against the public record. Beside each verdict: why, and what each
# cited source says and where (publisher, date, kind, place in the source), linked to it.
# The public record in `data/record/` is shared by every article.

# %%
verdicts = top_speakers(
    count_verdicts_by_speaker(data.checks),
    "Checked claims by speaker and verdict",
    focus_name,
    counted="checked claims",
)
show_chart(
    charts.plot_verdicts,
    verdicts.frame,
    title=verdicts.title,
    focus_name=focus_name,
    summary_row=verdicts.summary_row,
    note=verdicts.note,
)
if caption := render.chart_caption([verdicts]):
    show_html(caption)
show_html(render.render_verdict_legend())
show_html(render.render_checks(data))

# %% [markdown]
# ### Contested wording
#
# Phrases that carry one side's framing, each beside a neutral description and what its
# sources say.

# %%
show_html(render.render_contested(data))

# %% [markdown]
# ## How each date was resolved
#
# Every date expression as written, the rule that resolved it, and its resolution under this
# report's reference date and under the other plausible one (the day the article reports on,
# or the English edition's publication day). Highlighted rows change with the choice.

# %%
show_html(render.render_date_resolution(data))

# %% [markdown]
# ## Focus

# %%
show_html(render.render_focus_lead(focus_name))
show_html(render.render_claims_listed(data.focus_claims, actors))

# %% [markdown]
# ## Appendix: every claim and the article text
#
# Offsets are character positions in the stored article text, computed when the annotation
# is loaded; the text's SHA-256 is in the header.

# %%
show_html(render.render_claims_appendix(data.annotation.claims, actors))
show_html(render.render_article_appendix(data.annotation))
show_html(render.render_note(data.annotation.article.metadata["rights_note"]))

# %% [markdown]
# ## Appendix: sources
#
# Every source the checks, the contested wording and the public record cite, primary sources
# first, then wire, newspaper and other (blogs, mirrors, aggregators); an announcement (a page
# written before the event it is cited for) is greyed. "Cited by" lists the checks, contested
# entries, record events and phases that cite it.

# %%
show_html(render.render_sources(data))
