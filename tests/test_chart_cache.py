"""A chart asked for again with the same data and style is the same SVG, drawn once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import charts, display

matplotlib.use("agg")


def verdict_table(name: str = "Valery Gerasimov", supported: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        [[supported, 2, 3, 4]],
        index=[name],
        columns=["supported", "overstated", "contradicted", "unconfirmed"],
    )


class Counted:
    """A chart function that counts its calls (one per drawing)."""

    def __init__(self, plot: Callable[..., Figure]) -> None:
        self.plot = plot
        self.calls = 0
        self.__qualname__ = plot.__qualname__
        self.__module__ = plot.__module__

    def __call__(self, *args: Any, **kwargs: Any) -> Figure:
        self.calls += 1
        return self.plot(*args, **kwargs)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    charts.apply_report_style()
    display._chart_cache.clear()


def test_the_same_chart_is_drawn_once_and_is_the_same_bytes() -> None:
    plot = Counted(charts.plot_verdicts)
    first = display.chart_svg(plot, verdict_table(), title="Checked claims")
    again = display.chart_svg(plot, verdict_table(), title="Checked claims")
    assert plot.calls == 1 and again == first
    drawn = display.figure_svg(charts.plot_verdicts(verdict_table(), title="Checked claims"))
    assert first == drawn  # what is kept is what would be drawn


@pytest.mark.parametrize(
    "change",
    [
        lambda: ((verdict_table(supported=5),), {"title": "Checked claims"}),
        lambda: ((verdict_table("Petr Pavel"),), {"title": "Checked claims"}),
        lambda: ((verdict_table(),), {"title": "Other title"}),
        lambda: ((verdict_table(),), {"title": "Checked claims", "focus_name": "Valery Gerasimov"}),
    ],
    ids=["a count", "a name", "the title", "a keyword"],
)
def test_any_change_in_the_data_draws_again(change: Callable[[], Any]) -> None:
    plot = Counted(charts.plot_verdicts)
    first = display.chart_svg(plot, verdict_table(), title="Checked claims")
    args, kwargs = change()
    second = display.chart_svg(plot, *args, **kwargs)
    assert plot.calls == 2 and second != first


def test_a_change_of_style_draws_again() -> None:
    plot = Counted(charts.plot_verdicts)
    first = display.chart_svg(plot, verdict_table(), title="Checked claims")
    with matplotlib.rc_context({"axes.edgecolor": "#ff0000"}):
        second = display.chart_svg(plot, verdict_table(), title="Checked claims")
    assert plot.calls == 2 and second == first  # drawn again; this chart draws no axes edge


def test_two_functions_of_one_name_are_two_charts() -> None:
    """Wrappers (a timer, say) share a name; the function itself keys the chart too."""
    plot_a, plot_b = Counted(charts.plot_verdicts), Counted(charts.plot_verdicts)
    for plot in (plot_a, plot_b, plot_a, plot_b):
        display.chart_svg(plot, verdict_table(), title="Checked claims")
    assert plot_a.calls == 1 and plot_b.calls == 1


def test_arguments_that_cannot_be_pickled_are_drawn_every_time() -> None:
    plot = Counted(charts.plot_verdicts)

    def plot_with(table: pd.DataFrame, title: str, token: object) -> Figure:
        return plot(table, title=title)

    lock = threading.Lock()  # cannot be pickled
    for _ in range(2):
        display.chart_svg(plot_with, verdict_table(), title="t", token=lock)
    display.chart_svg(plot_with, verdict_table(), title="t", token="a string")
    display.chart_svg(plot_with, verdict_table(), title="t", token="a string")
    assert plot.calls == 3


def test_the_cache_keeps_only_the_latest_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display, "_CHART_CACHE_SIZE", 2)
    plot = Counted(charts.plot_verdicts)
    for count in (1, 2, 3):
        display.chart_svg(plot, verdict_table(supported=count), title="t")
    assert len(display._chart_cache) == 2
    display.chart_svg(plot, verdict_table(supported=1), title="t")  # the oldest was dropped
    assert plot.calls == 4
