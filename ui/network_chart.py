"""The network diagram as a Vega-Lite chart at fixed coordinates (for stepping).

Same picture as :func:`ui.network_diagram.network_dot` (units as boxes with
x_j and delta_j, hidden clones sharing a fill colour, edges coloured by the
sign of w_ij and thick by |w_ij|), but laid out once per network shape: the
chart's SPEC depends only on the layer sizes, the height and the font, and
every number lives in three named datasets ("nodes", "edges", "titles").
Stepping therefore changes data only, and the browser updates the drawing in
place instead of laying out a graph again (Graphviz in the browser costs
about 0.6 s per step).

Coordinates: layer l sits at x = l; unit j of a layer of width d at
y = j - (d - 1) / 2 (the y axis points down, unit 1 on top).
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui.network_diagram import (
    GROUP_FILLS,
    INPUT_FILL,
    NEGATIVE,
    NEUTRAL_FILL,
    POSITIVE,
    ZERO,
    _layer_title,
    _vector,
    fmt,
    sub,
    sup,
)

HALF_W = 0.3  # half a box's width, in layer units
HALF_H = 0.36  # half a box's height, in unit rows
DATASETS = ("nodes", "edges", "titles")


def _domains(sizes: Sequence[int]) -> tuple[list[float], list[float]]:
    L, top = len(sizes) - 1, (max(sizes) - 1) / 2
    return [-HALF_W - 0.05, L + HALF_W + 0.05], [-top - 0.95, top + HALF_H + 0.05]


def network_spec(sizes: Sequence[int], height: int, font: int = 16) -> dict:
    """The Vega-Lite spec of the diagram (no data), for one network shape.

    Parameters
    ----------
    sizes : sequence of int, (d0, d1, ..., dL)
        Units per layer.
    height : int
        Chart height in pixels (the width follows the container).
    font : int
        Font size of the unit labels in pixels (shrinks on narrow screens).

    Returns
    -------
    dict
        A spec whose data are the named datasets of :func:`network_data`.
    """
    xdom, ydom = _domains(sizes)
    x = alt.X("x:Q", scale=alt.Scale(domain=xdom, nice=False, zero=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=ydom, nice=False, zero=False, reverse=True),
              axis=None)  # fmt: skip
    size = alt.ExprRef(expr=f"width < 560 ? {max(9, font * 0.55):.0f} : {font}")
    edges = alt.Chart(alt.Data(name="edges")).mark_rule(opacity=0.9).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("colour:N", scale=None),
        strokeWidth=alt.StrokeWidth("width:Q", scale=None),
        tooltip=[alt.Tooltip("tip:N", title="weight")],
    )  # fmt: skip
    boxes = alt.Chart(alt.Data(name="nodes")).mark_rect(
        cornerRadius=10, stroke="#333333", strokeWidth=1.3
    ).encode(
        x=alt.X("x0:Q", scale=alt.Scale(domain=xdom, nice=False, zero=False), axis=None),
        x2="x1:Q", y=alt.Y("y0:Q", scale=alt.Scale(domain=ydom, nice=False, zero=False,
                                                   reverse=True), axis=None),
        y2="y1:Q", fill=alt.Fill("fill:N", scale=None),
        tooltip=[alt.Tooltip("tip:N", title="unit")],
    )  # fmt: skip
    line1 = alt.Chart(alt.Data(name="nodes")).mark_text(
        fontSize=size, dy=alt.ExprRef(expr=f"width < 560 ? -7 : {-0.65 * font:.0f}"),
        color="#111111",
    ).encode(x=x, y=y, text="line1:N")  # fmt: skip
    line2 = alt.Chart(alt.Data(name="nodes")).mark_text(
        fontSize=size, dy=alt.ExprRef(expr=f"width < 560 ? 7 : {0.65 * font:.0f}"),
        color="#111111",
    ).encode(x=x, y=y, text="line2:N")  # fmt: skip
    line0 = (
        alt.Chart(alt.Data(name="nodes"))
        .mark_text(fontSize=size, color="#111111")
        .encode(x=x, y=y, text="line0:N")
    )
    titles = (
        alt.Chart(alt.Data(name="titles"))
        .mark_text(fontSize=size, color="#555555", fontWeight="bold")
        .encode(x=x, y=y, text="text:N")
    )
    chart = (
        alt.layer(edges, boxes, line0, line1, line2, titles)
        .properties(height=height, width="container")
        .configure_view(stroke=None)
    )
    spec = chart.to_dict(validate=False)
    spec.get("config", {}).pop("view", None)
    spec["config"] = {"view": {"stroke": None}}
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.pop("datasets", None)
    return spec


def network_data(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray | None],
    values: Sequence[np.ndarray | None],
    deltas: Sequence[np.ndarray | None] | None = None,
    groups: Mapping[int, Sequence[int]] | None = None,
    digits: int = 4,
) -> dict[str, pd.DataFrame]:
    """The three datasets of :func:`network_spec` for one state of the network.

    Parameters
    ----------
    sizes : sequence of int, (d0, ..., dL)
    weights : sequence
        ``weights[l]`` of shape (d[l-1], d[l]) for l = 1..L (index 0 ignored).
    values : sequence
        ``values[l]`` of shape (d[l],): x_j^(l) of one example, l = 0..L.
    deltas : sequence, optional
        ``deltas[l]`` of shape (d[l],), l = 1..L.
    groups : mapping, optional
        ``groups[l]``: one int per unit; equal ints share a fill colour.

    Returns
    -------
    dict of str -> DataFrame
        "nodes" (one row per unit: box corners, centre, label lines line0 (a
        one-line label) or line1/line2 (x and δ),
        fill, tooltip), "edges" (one row per weight: ends, colour, width,
        dash, tooltip) and "titles" (one row per layer).
    """
    sizes = [int(d) for d in sizes]
    L = len(sizes) - 1
    groups = dict(groups or {})
    nodes, edges, titles = [], [], []
    _, ydom = _domains(sizes)
    for l, width in enumerate(sizes):
        x = _vector(values, l, width, "values")
        delta = _vector(deltas, l, width, "deltas") if l > 0 and deltas is not None else None
        labels = groups.get(l)
        titles.append({"x": float(l), "y": ydom[0] + 0.35, "text": _layer_title(l, L)})
        for j in range(width):
            yj = j - (width - 1) / 2
            tag = f"{sub(j + 1)}{sup(f'({l})')}"
            fill = INPUT_FILL if l == 0 else NEUTRAL_FILL
            if labels is not None:
                fill = GROUP_FILLS[int(labels[j]) % len(GROUP_FILLS)]
            xtext = f"x{tag} = {fmt(x[j], digits)}" if x is not None else f"x{tag}"
            tip = f"unit {j + 1} of layer {l}" + (
                f", group {int(labels[j]) + 1}" if labels is not None else ""
            )
            nodes.append({
                "x": float(l), "y": yj, "x0": l - HALF_W, "x1": l + HALF_W,
                "y0": yj - HALF_H, "y1": yj + HALF_H,
                "line0": "" if delta is not None else xtext,
                "line1": xtext if delta is not None else "",
                "line2": f"δ{tag} = {fmt(delta[j], digits)}" if delta is not None else "",
                "fill": fill, "tip": tip,
            })  # fmt: skip
    mats = [np.asarray(weights[l], dtype=float) for l in range(1, L + 1)]
    finite = [np.abs(W[np.isfinite(W)]) for W in mats]
    wmax = max((float(a.max()) for a in finite if a.size), default=0.0)
    for l in range(1, L + 1):
        W = mats[l - 1]
        for i in range(sizes[l - 1]):
            for j in range(sizes[l]):
                w = float(W[i, j])
                edges.append({
                    "x": l - 1 + HALF_W, "y": i - (sizes[l - 1] - 1) / 2,
                    "x2": l - HALF_W, "y2": j - (sizes[l] - 1) / 2,
                    "colour": POSITIVE if w > 0 else NEGATIVE if w < 0 else ZERO,
                    "width": 0.8 + 6.0 * abs(w) / wmax if wmax > 0 else 1.0,
                    "tip": f"w{sub(i + 1)}{sub(j + 1)}{sup(f'({l})')} = {fmt(w, 6)}",
                })  # fmt: skip
    return {"nodes": pd.DataFrame(nodes), "edges": pd.DataFrame(edges),
            "titles": pd.DataFrame(titles)}  # fmt: skip


def with_data(spec: dict, data: Mapping[str, pd.DataFrame]) -> dict:
    """A shallow copy of ``spec`` carrying ``data`` as its named datasets."""
    return {**spec, "datasets": dict(data)}
