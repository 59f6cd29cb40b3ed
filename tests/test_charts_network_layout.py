"""The contact network's layout, checked as plain geometry: no figure is drawn here."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.charts import FIGURE_WIDTH, NetworkLayout, layout_contact_network
from analysis.charts.network_layout import NODE_R, NetworkNode
from analysis.compute import ReportData, build_contact_edges, prepare_report
from analysis.params import validate_parameters

ARTICLE_ID = "rbth-2017-03-06-military-talks"

Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def data() -> ReportData:
    params = validate_parameters(
        ARTICLE_ID, "2017-03-03", "2014-01-01", "2017-12-31", "gerasimov", True
    )
    return prepare_report(params)


@pytest.fixture(scope="module")
def layout(data: ReportData) -> NetworkLayout:
    return layout_contact_network(data.contact_edges, data.annotation.actors)


def _text_boxes(node: NetworkNode) -> list[Box]:
    """The boxes of a node's name and role, from where the layout put them."""
    boxes = []
    for (w, h), top, text in (
        (node.text.name_size, node.name_top, node.text.name),
        (node.text.role_size, node.role_top, node.text.role),
    ):
        if not text:
            continue
        x0 = {"right": node.label_x - w, "center": node.label_x - w / 2, "left": node.label_x}
        boxes.append((x0[node.label_ha], top - h, x0[node.label_ha] + w, top))
    return boxes


def _edge_box(layout: NetworkLayout, index: int) -> Box:
    edge = layout.edges[index]
    (x, y), (w, h) = edge.label_centre, edge.label_size
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _overlap(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-6 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-6


def _all_labels(layout: NetworkLayout) -> dict[str, Box]:
    boxes = {
        f"{node.actor_id}:{i}": box
        for node in layout.nodes
        for i, box in enumerate(_text_boxes(node))
    }
    boxes.update({f"edge:{e.index}": _edge_box(layout, e.index) for e in layout.edges})
    return boxes


def test_every_actor_and_contact_is_laid_out(data: ReportData, layout: NetworkLayout) -> None:
    actors = set(data.contact_edges["source_actor_id"]) | set(data.contact_edges["target_actor_id"])
    assert {n.actor_id for n in layout.nodes} == actors
    assert [e.index for e in layout.edges] == list(range(len(data.contact_edges)))
    assert sorted(layout.label_order) == list(range(len(data.contact_edges)))


def test_nodes_and_labels_are_inside_the_frame(layout: NetworkLayout) -> None:
    assert layout.width == FIGURE_WIDTH
    for node in layout.nodes:
        assert NODE_R <= node.x <= layout.width - NODE_R, node.actor_id
        assert NODE_R <= node.y <= layout.height - NODE_R, node.actor_id
    for name, (x0, y0, x1, y1) in _all_labels(layout).items():
        assert x0 >= 0 and y0 >= 0 and x1 <= layout.width and y1 <= layout.height, name


def test_labels_do_not_overlap(layout: NetworkLayout) -> None:
    boxes = _all_labels(layout)
    clashes = [
        (a, b) for (a, x), (b, y) in itertools.combinations(boxes.items(), 2) if _overlap(x, y)
    ]
    assert clashes == []


def test_columns_follow_the_sides(layout: NetworkLayout) -> None:
    """Russia's side on the left, NATO's on the right, their names outside the columns."""
    xs = {node.side: node.x for node in layout.nodes}
    assert xs["russia"] < layout.width / 2 < xs["nato"]
    for node in layout.nodes:
        if node.side == "russia":
            assert node.label_ha == "right" and node.label_x < node.x
        if node.side in ("nato", "nato_member_state"):
            assert node.label_ha == "left" and node.label_x > node.x


def test_each_edge_joins_its_actors(data: ReportData, layout: NetworkLayout) -> None:
    where = {node.actor_id: np.array([node.x, node.y]) for node in layout.nodes}
    for edge in layout.edges:
        p0, _, p1 = edge.curve
        ends = {str(edge.row["source_actor_id"]), str(edge.row["target_actor_id"])}
        assert {a for a, p in where.items() if np.allclose(p, p0) or np.allclose(p, p1)} == ends


def test_the_layout_is_deterministic(data: ReportData, layout: NetworkLayout) -> None:
    again = layout_contact_network(data.contact_edges, data.annotation.actors)
    assert [(n.actor_id, n.x, n.y, n.text) for n in again.nodes] == [
        (n.actor_id, n.x, n.y, n.text) for n in layout.nodes
    ]
    assert [tuple(e.label_centre) for e in again.edges] == [
        tuple(e.label_centre) for e in layout.edges
    ]
    assert again.label_order == layout.label_order and again.height == layout.height


def test_laying_out_draws_nothing(data: ReportData) -> None:
    before = plt.get_fignums()
    layout_contact_network(data.contact_edges, data.annotation.actors)
    assert plt.get_fignums() == before


def test_an_actor_missing_from_the_actors_table_is_named_by_its_id() -> None:
    contacts = pd.DataFrame(
        [
            {
                "contact_id": "c1",
                "contact_start": pd.Timestamp("2017-03-03"),
                "date_precision": "day",
                "channel": "phone_call",
                "origin": "article",
                "is_confirmed": True,
                "participant_actor_ids": ["somebody", "someone_else"],
            }
        ]
    )
    layout = layout_contact_network(build_contact_edges(contacts), None)
    assert sorted((n.actor_id, n.text.name, n.side) for n in layout.nodes) == [
        ("somebody", "somebody", "other"),
        ("someone_else", "someone_else", "other"),
    ]
    # Both stand in the middle column, one below the other.
    assert len({n.x for n in layout.nodes}) == 1 and len({n.y for n in layout.nodes}) == 2
    [edge] = layout.edges
    assert edge.label == "3 Mar 2017"
