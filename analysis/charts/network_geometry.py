"""Plane geometry of the contact network, in inches: curves, boxes and where labels fit.

Nothing here knows about actors or matplotlib; :mod:`analysis.charts.network_layout` uses it
to place nodes and labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Curve = tuple[np.ndarray, np.ndarray, np.ndarray]  # quadratic Bézier: start, control, end

# Steps off an edge tried for its label, nearest first: up to 0.36 inch above or below.
_NUDGES = (0.0, 0.12, -0.12, 0.24, -0.24, 0.36, -0.36)


def bezier(p0: np.ndarray, c: np.ndarray, p1: np.ndarray, t: float | np.ndarray) -> np.ndarray:
    """Points of the quadratic Bézier curve (p0, c, p1) at ``t`` (one or many)."""
    t = np.asarray(t, dtype=float)[..., None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t**2 * p1


def boxes_overlap(a: Box, b: Box, margin: float = 0.03) -> bool:
    """Whether two boxes come closer than ``margin``."""
    return not (
        a[2] + margin <= b[0]
        or b[2] + margin <= a[0]
        or a[3] + margin <= b[1]
        or b[3] + margin <= a[1]
    )


def box_around(centre: np.ndarray, size: tuple[float, float]) -> Box:
    """The box of ``size`` (width, height) centred on ``centre``."""
    w, h = size
    return (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)


def _inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


Fallback = tuple[int, float, np.ndarray, np.ndarray]  # clashes, |nudge|, centre, on the edge


def _best_on_line(
    curve: Curve,
    nudge: float,
    other_points: np.ndarray,
    size: tuple[float, float],
    occupied: Sequence[Box],
    fallback: Fallback | None,
) -> tuple[np.ndarray | None, Fallback | None]:
    """The free spot along the edge shifted by ``nudge`` farthest from other edges, if any,
    and the least clashing spot seen so far."""
    best: tuple[float, np.ndarray] | None = None
    for t in np.linspace(0.2, 0.8, 25):
        on_edge = bezier(*curve, t)
        centre = on_edge + np.array([0.0, nudge])
        box = box_around(centre, size)
        clashes = sum(boxes_overlap(box, other) for other in occupied)
        if clashes:
            if fallback is None or (clashes, abs(nudge)) < (fallback[0], fallback[1]):
                fallback = (clashes, abs(nudge), centre, on_edge)
            continue
        # Clearance is measured from the edge itself, so the label stays with its edge
        # where that edge runs apart from the others.
        clearance = (
            float(np.min(np.hypot(*(other_points - on_edge).T))) if len(other_points) else 1.0
        )
        score = min(clearance, 0.6) - 0.15 * abs(t - 0.5)
        if best is None or score > best[0]:
            best = (score, centre)
    return (None if best is None else best[1]), fallback


def _farther_off(
    curve: Curve, size: tuple[float, float], occupied: Sequence[Box], frame: Box
) -> tuple[np.ndarray, np.ndarray] | None:
    """The nearest free spot farther off the edge, anywhere along it but its ends."""
    for distance in np.arange(0.48, 2.0, 0.12):
        for nudge in (distance, -distance):
            for t in np.linspace(0.1, 0.9, 33):
                on_edge = bezier(*curve, t)
                centre = on_edge + np.array([0.0, nudge])
                box = box_around(centre, size)
                if _inside(box, frame) and not any(boxes_overlap(box, o) for o in occupied):
                    return centre, on_edge
    return None


def place_on_edge(
    curve: Curve,
    other_points: np.ndarray,
    size: tuple[float, float],
    occupied: Sequence[Box],
    frame: Box | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Centre for an edge's label, and the point of the edge it belongs to.

    The label goes on the edge, free of ``occupied``, far from other edges. Only when no
    point of the edge is free does it step off, by as little as needed: first up to 0.36
    inch above or below the edge, then (in a crowded chart) farther, inside ``frame``,
    where the caller draws a leader line to the edge. If nothing is free at all, it goes
    where it clashes least.
    """
    fallback: Fallback | None = None
    for nudge in _NUDGES:
        centre, fallback = _best_on_line(curve, nudge, other_points, size, occupied, fallback)
        if centre is not None:
            return centre, centre - np.array([0.0, nudge])
    if frame is not None and (spot := _farther_off(curve, size, occupied, frame)) is not None:
        return spot
    if fallback is not None:
        return fallback[2], fallback[3]
    middle = bezier(*curve, 0.5)
    return middle, middle


def points_of(curves: Iterable[np.ndarray]) -> np.ndarray:
    """Sampled points of several curves as one (n, 2) array; empty if there are none."""
    curves = list(curves)
    return np.vstack(curves) if curves else np.empty((0, 2))
