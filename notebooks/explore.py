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
# # Explore an article's evidence
#
# Filter the claims, checks and events; read a claim in its place in the article; see which
# dates move under another reference date. Run all cells (or open the dashboard with
# `make explore`), then use the controls: no code to write. The last cell hands the tables
# to pandas. The report itself is `notebooks/report.py` (`make report`).

# %% tags=["parameters"]
article_id: str = "rbth-2017-03-06-military-talks"  # folder in data/articles/, data/annotations/
reference_date: str = "2017-03-03"  # the day "today", "three years ago" count from (YYYY-MM-DD)
window_start: str = "2014-01-01"  # first day of the timeline and of the date filter (YYYY-MM-DD)
window_end: str = "2017-12-31"  # last day of the timeline and of the date filter (YYYY-MM-DD)
focus_actor: str = "gerasimov"  # actor id marked in the timeline
include_context: bool = True  # show events from the public record beside the article's own
data_dir: str = ""  # folder with articles/ and annotations/; empty: the project's data/

# %%
# Derived values live here, not in the parameters cell, so papermill's injected values apply.
from analysis.compute import prepare_report
from analysis.explore import evidence_frames
from analysis.explorer import Explorer
from analysis.params import validate_parameters

params = validate_parameters(
    article_id, reference_date, window_start, window_end, focus_actor, include_context, data_dir
)
data = prepare_report(params)
explorer = Explorer(data)

# %% [markdown]
# ## Filter the evidence
#
# Choose speakers, sides, attribution modes, kinds, topics or verdicts (Ctrl- or Cmd-click
# for several; none chosen keeps all), contested wording, and a date window. The counts, the
# timeline and the tables below follow.

# %%
explorer.filter_panel

# %% [markdown]
# ## Claims, checks and events
#
# The claims kept by the filters: search their words, speaker or attribution cue, and sort
# them. Verdicts are coloured as in the report.

# %%
explorer.tables_panel

# %% [markdown]
# ## One claim in its place
#
# Pick a claim to see its words highlighted in their paragraph, who says them and how, its
# checks with what each source says, and how each of its dates was resolved.

# %%
explorer.claim_panel

# %% [markdown]
# ## Another reference date
#
# Relative expressions ("today", "last year") count from the reference date. Pick another
# one to see, side by side, the dates that move and what moves with them.

# %%
explorer.reference_panel

# %% [markdown]
# ## The tables, for pandas
#
# `claims`, `events`, `checks` and `record` are DataFrames: the claims with speakers and
# verdicts, the events with their resolved dates, the checks with their sources, and the
# public record's events.

# %%
frames = evidence_frames(data)
claims, events, checks, record = frames.claims, frames.events, frames.checks, frames.record
frames.describe()
