"""The exploration's widgets: filters, tables, a claim's view and two reference dates.

:class:`Explorer` holds the widgets and wires each one to a function of
:mod:`analysis.explore`; the notebook ``notebooks/explore.py`` only shows its panels. Every
panel carries the same style sheet, so it looks the same shown alone, in JupyterLab or in
the Voilà dashboard. Widgets carry ``explore-*`` classes, by which the browser tests find them.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from analysis import charts
from analysis.compute import ReportData
from analysis.explore import (
    SORT_KEYS,
    EvidenceFilter,
    compare_reference,
    describe_claim,
    evidence_claims,
    filter_evidence,
    filter_options,
    render_checks_table,
    render_claims_table,
    render_counts,
    render_events_table,
    render_reference_comparison,
    render_timeline,
    sort_claims,
)
from analysis.paths import TEMPLATES_DIR
from analysis.verdicts import verdict_css

# The contested filter's choices: any claim, only those with contested wording, or none.
_CONTESTED = {"any": None, "with contested wording": True, "without": False}
# A control's label as wide as its text, not cut at ipywidgets' default width.
_WIDE_LABEL = {"description_width": "initial"}
# How many characters of a claim the picker shows beside its id.
_PICKER_WORDS = 90


@functools.cache
def style_sheet() -> Markup:
    """The exploration's CSS with the verdict colours, as one ``<style>`` element."""
    css = (TEMPLATES_DIR / "explore" / "explore.css").read_text(encoding="utf-8")
    # Our own file and generated colours: no outside text reaches this element.
    return Markup(f"<style>{css}\n{verdict_css()}</style>")


def _multi(name: str, description: str, options: list[tuple[str, str]]) -> widgets.SelectMultiple:
    """A multiple choice with nothing chosen (which keeps every value)."""
    box = widgets.SelectMultiple(
        options=options,
        value=(),
        rows=min(max(len(options), 2), 6),
        description=description,
        style={"description_width": "7em"},
        layout=widgets.Layout(width="24em"),
    )
    box.add_class(f"explore-{name}")
    return box


def _html(name: str, max_height: str | None = None) -> widgets.HTML:
    """An HTML area the explorer fills (scrolling beyond ``max_height``); its class names it
    for the browser tests."""
    layout = widgets.Layout(max_height=max_height, overflow="auto") if max_height else None
    area = widgets.HTML(layout=layout) if layout else widgets.HTML()
    area.add_class(f"explore-{name}")
    return area


class Explorer:
    """The widgets of one article's exploration, built from its report data."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.claims = evidence_claims(data)
        charts.apply_report_style()
        self._build_filters()
        self._build_outputs()
        self._build_reference()
        self._connect()
        self.refresh()
        self.show_reference()

    # Building -----------------------------------------------------------------------------

    def _build_filters(self) -> None:
        """One control per filter, each keeping every value until something is chosen."""
        options = filter_options(self.data, self.claims)
        self.speakers = _multi("speaker", "Speaker", options["speakers"])
        self.sides = _multi("side", "Side", options["sides"])
        self.attribution_modes = _multi("mode", "Attribution", options["attribution_modes"])
        self.claim_kinds = _multi("kind", "Kind", options["claim_kinds"])
        self.topics = _multi("topic", "Topic", options["topics"])
        self.verdicts = _multi("verdict", "Verdict", options["verdicts"])
        self.contested = widgets.Dropdown(
            options=list(_CONTESTED), description="Contested", style=_WIDE_LABEL
        )
        self.contested.add_class("explore-contested")
        params = self.data.params
        self.window_start = widgets.DatePicker(
            value=params.window_start, description="From", style=_WIDE_LABEL
        )
        self.window_end = widgets.DatePicker(
            value=params.window_end, description="To", style=_WIDE_LABEL
        )
        self.window_start.add_class("explore-window-start")
        self.window_end.add_class("explore-window-end")
        self.clear = widgets.Button(description="Clear filters", icon="times")
        self.clear.add_class("explore-clear")

    def _build_outputs(self) -> None:
        """The counts, the timeline, the three tables and the claim's view."""
        self.counts = _html("counts")
        self.timeline = _html("timeline")
        self.search = widgets.Text(
            placeholder="words in a claim, its speaker or cue",
            description="Search",
            continuous_update=False,
            layout=widgets.Layout(width="32em"),
        )
        self.search.add_class("explore-search")
        self.sort_by = widgets.Dropdown(options=list(SORT_KEYS), description="Sort by")
        self.sort_by.add_class("explore-sort")
        self.descending = widgets.Checkbox(value=False, description="Descending")
        self.descending.add_class("explore-descending")
        self.claims_table = _html("claims-table", "40em")
        self.checks_table = _html("checks-table", "40em")
        self.events_table = _html("events-table", "40em")
        self.claim_picker = widgets.Dropdown(
            description="Claim", layout=widgets.Layout(width="60em")
        )
        self.claim_picker.add_class("explore-claim-picker")
        self.claim_view = _html("claim-view")

    def _build_reference(self) -> None:
        """The other reference date, and whether to show only what changes."""
        self.other_reference = widgets.DatePicker(
            value=self.data.other_reference_date, description="Compare with", style=_WIDE_LABEL
        )
        self.other_reference.add_class("explore-other-reference")
        self.changed_only = widgets.Checkbox(value=True, description="Only what changes")
        self.changed_only.add_class("explore-changed-only")
        self.reference_view = _html("reference-view")

    def _connect(self) -> None:
        """Redraw what depends on each control when it changes."""
        for control in self._filter_controls():
            control.observe(self.refresh, names="value")
        for control in (self.sort_by, self.descending):
            control.observe(self.refresh, names="value")
        self.clear.on_click(self.clear_filters)
        self.claim_picker.observe(self.show_claim, names="value")
        for control in (self.other_reference, self.changed_only):
            control.observe(self.show_reference, names="value")

    def _choices(self) -> list[widgets.SelectMultiple]:
        """The filters that are lists of values to keep."""
        return [
            self.speakers,
            self.sides,
            self.attribution_modes,
            self.claim_kinds,
            self.topics,
            self.verdicts,
        ]

    def _filter_controls(self) -> list[widgets.ValueWidget]:
        return [
            *self._choices(),
            self.contested,
            self.window_start,
            self.window_end,
            self.search,
        ]

    # Reading the controls ------------------------------------------------------------------

    def chosen_filter(self) -> EvidenceFilter:
        """The filter the controls describe; a window with a missing end keeps every date."""
        start, end = self.window_start.value, self.window_end.value
        window = (start, end) if isinstance(start, dt.date) and isinstance(end, dt.date) else None
        return EvidenceFilter(
            speakers=tuple(self.speakers.value),
            sides=tuple(self.sides.value),
            attribution_modes=tuple(self.attribution_modes.value),
            claim_kinds=tuple(self.claim_kinds.value),
            topics=tuple(self.topics.value),
            verdicts=tuple(self.verdicts.value),
            contested=_CONTESTED[self.contested.value],
            window=window,
            search=self.search.value,
        )

    # Redrawing -----------------------------------------------------------------------------

    def refresh(self, *_: Any) -> None:
        """Filter again and redraw the counts, the timeline, the tables and the picker."""
        evidence = filter_evidence(self.data, self.chosen_filter(), self.claims)
        self.counts.value = render_counts(evidence, len(self.claims))
        self.timeline.value = render_timeline(self.data, evidence)
        claims = sort_claims(evidence.claims, self.sort_by.value, self.descending.value)
        self.claims_table.value = render_claims_table(claims)
        self.checks_table.value = render_checks_table(evidence.checks)
        self.events_table.value = render_events_table(evidence.events)
        self._offer_claims(claims)

    def _offer_claims(self, claims: Any) -> None:
        """The picker lists the kept claims; the one shown stays if it is still kept."""
        options = [
            (f"{row.claim_id}: {_shorten(row.span)}", row.claim_id) for row in claims.itertuples()
        ]
        current = self.claim_picker.value
        kept = [value for _, value in options]
        # Quiet while the options change (which picks the first one): one redraw, after.
        with _Unobserved([self.claim_picker], self.show_claim):
            self.claim_picker.options = options
            self.claim_picker.value = current if current in kept else (kept[0] if kept else None)
        self.show_claim()

    def show_claim(self, *_: Any) -> None:
        """The picked claim in its paragraph, with its speaker, checks and dates."""
        claim_id = self.claim_picker.value
        self.claim_view.value = (
            describe_claim(self.data, claim_id, self.claims)
            if claim_id
            else "<p><em>No claim is kept.</em></p>"
        )

    def show_reference(self, *_: Any) -> None:
        """The report's reference date beside the one picked, and what changes between them."""
        other = self.other_reference.value
        if not isinstance(other, dt.date):
            self.reference_view.value = "<p><em>Pick a date to compare with.</em></p>"
            return
        comparison = compare_reference(self.data, other)
        self.reference_view.value = render_reference_comparison(
            comparison, self.data.params.reference_date, other, self.changed_only.value
        )

    def clear_filters(self, *_: Any) -> None:
        """Every filter back to keeping everything, with one redraw."""
        params = self.data.params
        with self._quiet():
            for box in self._choices():
                box.value = ()
            self.contested.value = "any"
            self.window_start.value = params.window_start
            self.window_end.value = params.window_end
            self.search.value = ""
        self.refresh()

    def _quiet(self) -> Any:
        """A context in which the filters change without redrawing each time."""
        return _Unobserved(self._filter_controls(), self.refresh)

    # Panels --------------------------------------------------------------------------------

    def _panel(self, *children: widgets.Widget) -> widgets.VBox:
        box = widgets.VBox([widgets.HTML(style_sheet()), *children])
        box.add_class("evidence-explore")
        return box

    @functools.cached_property
    def filter_panel(self) -> widgets.VBox:
        """The filters, the counts and the timeline."""
        return self._panel(
            widgets.HBox([self.speakers, self.sides, self.attribution_modes]),
            widgets.HBox([self.claim_kinds, self.topics, self.verdicts]),
            widgets.HBox([self.contested, self.window_start, self.window_end, self.clear]),
            self.counts,
            self.timeline,
        )

    @functools.cached_property
    def tables_panel(self) -> widgets.VBox:
        """The kept claims (searchable, sortable), checks and events, one tab each."""
        tabs = widgets.Tab(
            children=[
                widgets.VBox(
                    [widgets.HBox([self.search, self.sort_by, self.descending]), self.claims_table]
                ),
                self.checks_table,
                self.events_table,
            ],
            titles=("Claims", "Checks", "Events"),
        )
        return self._panel(tabs)

    @functools.cached_property
    def claim_panel(self) -> widgets.VBox:
        """One claim, picked from the kept ones, in its place in the article."""
        return self._panel(self.claim_picker, self.claim_view)

    @functools.cached_property
    def reference_panel(self) -> widgets.VBox:
        """The two reference dates side by side."""
        return self._panel(
            widgets.HBox([self.other_reference, self.changed_only]), self.reference_view
        )


class _Unobserved:
    """Stops ``handler`` from hearing ``controls`` for the length of a ``with`` block."""

    def __init__(self, controls: list[widgets.ValueWidget], handler: Any) -> None:
        self.controls, self.handler = controls, handler

    def __enter__(self) -> None:
        for control in self.controls:
            control.unobserve(self.handler, names="value")

    def __exit__(self, *_: object) -> None:
        for control in self.controls:
            control.observe(self.handler, names="value")


def _shorten(text: str, limit: int = _PICKER_WORDS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"
