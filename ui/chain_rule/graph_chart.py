"""The computation graph as a Vega-Lite chart at fixed coordinates (fast stepping).

The layout (:mod:`ui.chain_rule.graph_layout`) is computed once per graph; the
chart's SPEC depends only on the drawing's extent, the chart height and the
font, and every node's text, fill and border live in named datasets
(:data:`DATASETS`). A step changes data only, so the browser updates the
drawing in place instead of laying out a graph again (Graphviz in the browser
costs about 0.6 s per step).

What a step changes is kept apart from what it does not: the edges in their
resting colour, the node titles and (in reverse mode) the values are datasets
that stay byte-for-byte the same from step to step, and the browser skips
them; only the small overlays change ("edges_on": edges the derivative has
passed or is passing, "derivs": the derivatives known so far, and the boxes,
whose tooltips carry the numbers).

Reverse mode: every node shows its value; after k steps the first k nodes of
the backward order (output first) also show their gradient ∂f/∂node.
Forward mode: after k steps the first k nodes (inputs first) show their value
and tangent ∂node/∂(the chosen input entry); an input's tangent is the seed
(1 on the chosen entry, else 0).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from core.graph import Var
from core.graph_dot import format_array
from lessons.chain_rule.forward import forward_nodes
from ui import theme
from ui.chain_rule.graph_layout import Layout
from ui.chain_rule.node_text import array_lines, shape_text, shown_all, title_text
from ui.graph_view import step_nodes

__all__ = ["COLOURS", "DATASETS", "graph_data", "graph_spec", "with_data"]

# Drawn in this order (later on top). Static across steps: edges, titles and, in
# reverse mode, values; the rest change with the step.
DATASETS = ("edges", "edges_on", "heads", "boxes", "titles", "values", "derivs")
BLUE, ORANGE, GREEN, VERMILLION = (theme.CATEGORICAL[i] for i in (0, 1, 2, 5))
INK, GREY = "#1a1a1a", "#666666"


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (amount 1: white)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


COLOURS = {
    "leaf": _tint(BLUE, 0.84),
    "op": "#ffffff",
    "const": "#f0f0f0",
    "reverse": _tint(VERMILLION, 0.86),  # a node whose gradient is known
    "forward": _tint(GREEN, 0.84),  # a node whose value and tangent are known
    "grad": VERMILLION,
    "tangent": BLUE,
    "current": VERMILLION,
    "edge": "#8c8c8c",
    "edge_done": "#4d4d4d",
}


def graph_spec(width: float, height: float, chart_height: int, font: float) -> dict:
    """The chart's spec (no data) for a drawing of ``width`` × ``height`` layout pixels.

    The drawing is stretched to the container's width and ``chart_height``; the
    text keeps ``font`` px unless the container is narrower than the drawing
    (then it shrinks with it, e.g. on a phone).
    """
    x_scale = alt.Scale(domain=[0, width], nice=False, zero=False)
    y_scale = alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True)
    x, y = alt.X("x:Q", scale=x_scale, axis=None), alt.Y("y:Q", scale=y_scale, axis=None)
    fy = min(1.0, chart_height / height)
    size = alt.ExprRef(expr=f"min({font:.2f}, {font:.2f} * width / {width:.1f}, {font * fy:.2f})")

    def edge_layer(name: str) -> alt.Chart:
        return alt.Chart(alt.Data(name=name)).mark_line(strokeJoin="round").encode(
            x=x, y=y, detail="edge:N", order="k:Q",
            color=alt.Color("colour:N", scale=None),
            strokeWidth=alt.StrokeWidth("width:Q", scale=None),
        )  # fmt: skip

    heads = alt.Chart(alt.Data(name="heads")).mark_point(
        shape="triangle", filled=True, opacity=1, size=90
    ).encode(x=x, y=y, angle=alt.Angle("angle:Q", scale=None),
             color=alt.Color("colour:N", scale=None))  # fmt: skip
    tips = [alt.Tooltip("node:N", title="node"), alt.Tooltip("value:N", title="value"),
            alt.Tooltip("deriv:N", title="derivative")]  # fmt: skip
    boxes = alt.Chart(alt.Data(name="boxes")).mark_rect(cornerRadius=9).encode(
        x=alt.X("x0:Q", scale=x_scale, axis=None), x2="x1:Q",
        y=alt.Y("y0:Q", scale=y_scale, axis=None), y2="y1:Q",
        fill=alt.Fill("fill:N", scale=None), stroke=alt.Stroke("stroke:N", scale=None),
        strokeWidth=alt.StrokeWidth("sw:Q", scale=None), tooltip=tips,
    )  # fmt: skip
    titles = alt.Chart(alt.Data(name="titles")).mark_text(
        fontSize=size, fontWeight="bold", color=INK, baseline="middle"
    ).encode(x=x, y=y, text="text:N")  # fmt: skip

    def text_layer(name: str) -> alt.Chart:
        return (
            alt.Chart(alt.Data(name=name))
            .mark_text(fontSize=size, baseline="middle")
            .encode(x=x, y=y, text="text:N", color=alt.Color("colour:N", scale=None))
        )

    layers = (edge_layer("edges"), edge_layer("edges_on"), heads, boxes, titles,
              text_layer("values"), text_layer("derivs"))  # fmt: skip
    chart = alt.layer(*layers).properties(height=chart_height, width="container")
    spec = chart.to_dict(validate=False)
    spec["config"] = {"view": {"stroke": None}}
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.pop("datasets", None)
    return spec


def with_data(spec: dict, data: Mapping[str, pd.DataFrame]) -> dict:
    """A shallow copy of ``spec`` carrying ``data`` as its named datasets."""
    return {**spec, "datasets": dict(data)}


def _full(a) -> str:
    """An array for a tooltip: every number (arrays up to 64 entries)."""
    return " ".join(format_array(a, 64))


def _state(out: Var, mode: str, step: int, tangents: Mapping[int, np.ndarray] | None):
    """(known derivative per node id, nodes whose value is shown, current node, kind)."""
    if mode == "forward":
        order = forward_nodes(out)
        k = max(0, min(step, len(order)))
        shown = {id(v) for v in out.topo() if v.constant and not v.parents}
        shown |= {id(v) for v in order[:k]}
        derivs = {id(v): tangents[id(v)] for v in order[:k] if tangents and id(v) in tangents}
        return derivs, shown, (order[k - 1] if k else None), "forward"
    order = step_nodes(out)
    k = max(0, min(step, len(order)))
    derivs = {id(v): v.grad for v in order[:k]}
    return derivs, {id(v) for v in out.topo()}, (order[k - 1] if k else None), "reverse"


def graph_data(
    out: Var,
    lay: Layout,
    mode: str = "reverse",
    step: int = 0,
    tangents: Mapping[int, np.ndarray] | None = None,
) -> dict[str, pd.DataFrame]:
    """The datasets of :func:`graph_spec` (:data:`DATASETS`) for one step of one mode.

    Parameters
    ----------
    out : Var
        The output, after ``backward_steps`` (reverse mode reads ``.grad``).
    lay : Layout
        From :func:`ui.chain_rule.graph_layout.fit_layout` for this graph.
    mode : {"reverse", "forward"}
    step : int
        Steps taken (0: forward pass done / only the seed).
    tangents : mapping of id(node) -> ndarray, optional
        Every node's tangent (forward mode), from
        :func:`lessons.chain_rule.forward.tangents`.
    """
    nodes = out.topo()
    derivs, shown, current, kind = _state(out, mode, step, tangents)
    ink = COLOURS["tangent"] if kind == "forward" else COLOURS["grad"]
    boxes, titles, values, deriv_lines = [], [], [], []
    for i, v in enumerate(nodes):
        x0, y0, x1, y1 = lay.boxes[i]
        cx = (x0 + x1) / 2
        title_y, shape_y, value_ys, deriv_ys = lay.slots[i]
        base = "const" if v.constant and not v.parents else "leaf" if not v.parents else "op"
        known = id(v) in derivs
        fill = COLOURS[kind] if known and base == "op" else COLOURS[base]
        hot = v is current
        boxes.append({
            "x0": x0, "x1": x1, "y0": y0, "y1": y1, "fill": fill,
            "stroke": COLOURS["current"] if hot else ("#2b2b2b" if base != "const" else "#999999"),
            "sw": 4.5 if hot else 1.3, "node": v.label,
            "value": _full(v.value) if id(v) in shown else "not computed yet",
            "deriv": _full(derivs[id(v)]) if known else "—",
        })  # fmt: skip
        titles.append({"x": cx, "y": title_y, "text": title_text(v)})
        args = (lay.rows, lay.cols, lay.column, lay.maxel)
        if shape_y is not None and not shown_all(v.shape, *args):
            values.append({"x": cx, "y": shape_y, "text": shape_text(v), "colour": GREY})
        if id(v) in shown and value_ys:
            for y, text in zip(value_ys, array_lines(v.value, *args), strict=False):
                values.append({"x": cx, "y": y, "text": text, "colour": INK})
        if known and deriv_ys:
            texts = array_lines(derivs[id(v)], *args)
            for y, text in zip(deriv_ys, texts, strict=False):
                deriv_lines.append({"x": cx, "y": y, "text": text, "colour": ink})
    edges, edges_on, heads = [], [], []
    for n, (src, dst, points) in enumerate(lay.edges):
        a, b = nodes[src], nodes[dst]
        if kind == "reverse":
            hot = current is not None and a is current  # the gradient arrives from b
        else:
            hot = current is not None and b is current  # the tangent flows into b
        done = id(b) in derivs
        colour = COLOURS["current"] if hot else COLOURS["edge_done" if done else "edge"]
        width = 3.5 if hot else 1.6
        for k, (x, y) in enumerate(points):
            edges.append({"edge": n, "k": k, "x": x, "y": y, "colour": COLOURS["edge"],
                          "width": 1.6})  # fmt: skip
            if hot or done:  # drawn again on top, in the colour of the step
                edges_on.append({"edge": n, "k": k, "x": x, "y": y, "colour": colour,
                                 "width": width})  # fmt: skip
        (x, y), (x2, y2) = points[-2], points[-1]
        length = max(float(np.hypot(x2 - x, y2 - y)), 1e-9)
        ux, uy = (x2 - x) / length, (y2 - y) / length
        angle = float(np.degrees(np.arctan2(ux, -uy)))
        heads.append({"x": x2 - 5 * ux, "y": y2 - 5 * uy, "angle": angle, "colour": colour})
    columns = ["edge", "k", "x", "y", "colour", "width"]
    frames = {
        "edges": pd.DataFrame(edges, columns=columns),
        "edges_on": pd.DataFrame(edges_on, columns=columns),
        "heads": pd.DataFrame(heads, columns=["x", "y", "angle", "colour"]),
        "boxes": pd.DataFrame(boxes),
        "titles": pd.DataFrame(titles),
        "values": pd.DataFrame(values, columns=["x", "y", "text", "colour"]),
        "derivs": pd.DataFrame(deriv_lines, columns=["x", "y", "text", "colour"]),
    }
    return frames
