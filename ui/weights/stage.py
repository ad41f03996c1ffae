"""The stage of the "Weights over iterations" page: both runs' heatmaps and unit maps.

One Vega-Lite chart, one browser-side slider (the param :data:`STEP_PARAM`,
bound to a range input): moving it reruns nothing on the server. Per run (left
and right, side by side) it draws

- every layer's W with its bias row b (rows i = from unit, last row b; columns
  j = to unit), one colour scale for all weights and biases of both runs at
  every step; out of lecture mode also the gradients dL/dW, dL/db below them,
  with one scale of their own;
- when the inputs are 2-D, a row of small maps per hidden layer, one per
  hidden unit: x_j^(l)(x1, x2) over the data's box, one colour scale for both
  runs and every step, with a text mark saying how many are distinct.

The record shown at slider value s is the one with ``step <= s < until`` (the
tables' ``until`` column): exactly one per cell, even when the records are
subsampled. Every panel is an Altair chart over a named dataset
("weights_history", "units"); the panels are put together (nested concat, the
slider param, independent colour scales) as a plain dict, because Altair
deep-copies every subchart at each composition step (seconds for a chart like
this one; the dict takes microseconds). The chart is drawn as SVG at a natural
size of about :data:`NATURAL_WIDTH` wide and scaled by CSS to its container
(:func:`ui.unit_maps.fit_css`): Vega-Lite cannot size a concatenation to its container.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt

from ui import heatmaps, theme
from ui.unit_maps import bare, unit_scale

STEP_PARAM = heatmaps.STEP_PARAM  # "iteration"
HEAT = "weights_history"  # dataset of W, b, dW, db (ui.heatmaps.scrub_table's columns + r)
UNITS = "units"  # dataset of unit maps and their distinct counts
NATURAL_WIDTH = 1060  # px: about the stage's width on a 1280 px wide lecture screen
HEIGHT = {True: 430, False: 720}  # px available for the chart, lecture mode or not
FONT = theme.FONT_SIZE
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
UNIT_GAP = 2  # cells between two unit maps
_LABEL = (
    "abs(datum.value) >= 0.01 || datum.value == 0 ? format(datum.value, '.2~g') "
    ": format(datum.value, '.0e')"
)  # cell text: 2 significant digits, tiny numbers as 1 digit + exponent
_OWN = {"scale": {"color": "independent"}}  # every panel its own scale (same domains)
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_AXIS_W, _TITLE_H, _AXIS_H, _LEGEND_W, _RUN_GAP = 34, 26, 30, 96, 36


@dataclass(frozen=True)
class Layout:
    """Pixel sizes of one stage: heatmap cells (w x h), unit maps, text in cells."""

    cell_w: int
    cell_h: int
    thumb: int
    values: bool


def layout(sizes: Sequence[int], grads: bool, units: bool, lecture: bool) -> Layout:
    """Cell and unit-map sizes so that both runs fit NATURAL_WIDTH x HEIGHT[lecture].

    Cells may be up to 1.6 times wider than tall, so a small network still
    spans the width; a matrix of one column is at least 100 px wide.
    """
    L = len(sizes) - 1
    cols = sum(sizes[1:])
    tallest = max(sizes[l - 1] + 1 for l in range(1, L + 1))  # noqa: E741 (layer index)
    hidden = list(sizes[1:-1])
    n_rows = 2 if grads else 1
    free_w = (NATURAL_WIDTH - _LEGEND_W - _RUN_GAP) / 2 - L * (_AXIS_W + 14)
    thumb = 0
    if units and hidden:
        thumb = int(min(72, free_w / max(hidden) - 4))
    units_h = (thumb + 30) * len(hidden) if units else 0
    free_h = HEIGHT[lecture] - _TITLE_H - units_h - n_rows * (_TITLE_H + _AXIS_H) - 10
    cell_h = int(max(12, min(64, free_h / (n_rows * tallest))))
    cell_w = int(max(12, min(1.6 * cell_h, free_w / cols, 90)))
    return Layout(cell_w, cell_h, max(thumb, 0), min(cell_w, cell_h) >= 44 and tallest <= 9)


def _text_colour(domain) -> dict:
    """Cell text: white on the dark ends of the weight scale, black elsewhere."""
    cut = 0.55 * max(abs(float(domain[0])), abs(float(domain[1])))
    return {"condition": {"test": f"abs(datum.value) > {cut!r}", "value": "white"},
            "value": "black"}  # fmt: skip


def _sup(layer: int) -> str:
    return f"⁽{str(layer).translate(_SUP)}⁾"


def _matrix(layer: int, group: str, sizes, r: int, domain, where, lay: Layout, legend: bool):
    """One run's W (or dW) of one layer with its bias row, as a layered Altair chart."""
    kind, bias = heatmaps.GROUPS[group]
    rows = [str(i) for i in range(sizes[layer - 1])] + [heatmaps.BIAS_ROW]
    cols = int(sizes[layer])
    test = f"datum.r == {r} && datum.layer == {layer} && (datum.kind == '{kind}' || datum.kind == '{bias}')"  # noqa: E501
    enc = dict(
        x=alt.X("j:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("row:O", sort=rows, scale=alt.Scale(domain=rows), title=None),
    )
    name = "weight" if group == "weights" else "gradient"
    rect = alt.Chart().mark_rect(stroke="#666", strokeWidth=0.5).encode(
        **enc,
        color=alt.Color("value:Q", scale=heatmaps.colour_scale(domain),
                        legend=alt.Legend(title=name, orient="right", gradientLength=110)
                        if legend else None),
        tooltip=[alt.Tooltip("row:O", title="i (from) or b"), alt.Tooltip("j:O", title="j (to)"),
                 alt.Tooltip("step:Q"), alt.Tooltip("value:Q", title=name, format=".6g")],
    )  # fmt: skip
    layers = [rect]
    if lay.values and len(rows) * cols <= 48:
        layers.append(
            alt.Chart().transform_calculate(label=_LABEL)
            .mark_text(fontSize=FONT).encode(**enc, text="label:N",
                                             color=_text_colour(domain))
        )  # fmt: skip
    sym = "W" if group == "weights" else "dL/dW"
    title = f"{sym}{_sup(layer)}, {'b' if group == 'weights' else 'dL/db'}{_sup(layer)}"
    width = max(lay.cell_w * cols, 100 if cols == 1 else 0)
    chart = _at_step(alt.layer(*layers, data=alt.Data(name=HEAT)), where).transform_filter(test)
    return bare(chart.properties(width=width, height=lay.cell_h * len(rows), title=title))


def _at_step(chart, where: str | None):
    """The slider's filter first, identical in every panel: Vega-Lite merges identical
    first transforms of one dataset, so a slider move filters each table once, not once
    per panel."""
    return chart.transform_filter(where) if where else chart


def _units(layer: int, width: int, G: int, r: int, where, lay: Layout, domain, legend: bool):
    """One run's unit maps of hidden layer ``layer`` in a row, with the distinct count."""
    cols = width * (G + UNIT_GAP) - UNIT_GAP
    band = 26 * G / lay.thumb  # a text band above the maps, in cells
    xs = alt.Scale(domain=[0, cols], nice=False, zero=False)
    ys = alt.Scale(domain=[0, G + band], nice=False, zero=False)
    me = f"datum.r == {r} && datum.layer == {layer}"
    sup = _sup(layer)
    rect = (
        alt.Chart().transform_filter("datum.kind == 0")
        .transform_calculate(x0=f"datum.u * {G + UNIT_GAP} + datum.c", x1="datum.x0 + 1",
                             y1="datum.a + 1", unit="datum.u")
        .mark_rect()
        .encode(
            x=alt.X("x0:Q", scale=xs, axis=None), x2="x1:Q",
            y=alt.Y("a:Q", scale=ys, axis=None), y2="y1:Q",
            color=alt.Color("v:Q", scale=unit_scale(domain),
                            legend=alt.Legend(title="x_j⁽ˡ⁾(x₁, x₂)", orient="right",
                                              gradientLength=60) if legend else None),
            tooltip=[alt.Tooltip("unit:N", title=f"unit j of layer {layer}"),
                     alt.Tooltip("v:Q", title=f"x_j{sup}", format=".3f")],
        )
    )  # fmt: skip
    words = f"' of {width} maps of layer {layer} distinct at step ' + datum.step"
    text = (
        alt.Chart().transform_filter("datum.kind == 1")
        .transform_calculate(text=f"datum.v + {words}")
        .mark_text(align="left", baseline="top", fontSize=FONT, fontWeight="bold")
        .encode(x=alt.X(datum=0, scale=xs), y=alt.Y(datum=G + band, scale=ys), text="text:N")
    )  # fmt: skip
    chart = _at_step(alt.layer(rect, text, data=alt.Data(name=UNITS)), where).transform_filter(me)
    return bare(chart.properties(width=int(cols * lay.thumb / G), height=lay.thumb + 26))


def stage_spec(
    sizes: Sequence[int],
    runs: Sequence[str],
    domains: tuple,
    unit_domain,
    unit_res: int,
    last_step: int,
    *,
    lecture: bool,
    slider: bool = True,
) -> dict:
    """The stage chart without data (datasets HEAT and UNITS, see ui.weights.bundle).

    Parameters
    ----------
    sizes : (d0, ..., dL)
    runs : the two run labels, left to right
    domains : (weights, gradients), each [lo, hi]: one colour domain each
    unit_domain : [lo, hi] of the unit maps, or None (no unit maps: inputs not 2-D)
    unit_res : cells per axis of a unit map
    last_step : the slider's maximum (the last recorded step)
    lecture : lecture mode: W and b only, sized for a 1280x720 screen
    slider : False for the autoplay view (data filtered on the server, no param,
        nothing in the spec that depends on the shown step)
    """
    grads, units = not lecture, unit_domain is not None
    lay = layout(sizes, grads, units, lecture)
    where = f"datum.step <= {STEP_PARAM} && {STEP_PARAM} < datum.until" if slider else None
    L = len(sizes) - 1
    blocks = []
    for r, run in enumerate(runs):
        right = r == len(runs) - 1  # legends on the right-most panels
        rows = [{"hconcat": [_matrix(layer, "weights", sizes, r, domains[0], where, lay,
                                     right and layer == L) for layer in range(1, L + 1)],
                 "spacing": 14, "resolve": _OWN}]  # fmt: skip
        if grads:
            rows.append({"hconcat": [_matrix(layer, "gradients", sizes, r, domains[1], where,
                                             lay, right and layer == L)
                                     for layer in range(1, L + 1)], "spacing": 14,
                         "resolve": _OWN})  # fmt: skip
        if units:
            rows += [_units(layer, sizes[layer], unit_res, r, where, lay, unit_domain,
                            right and layer == L - 1) for layer in range(1, L)]  # fmt: skip
        at = {"expr": f"{json.dumps(run + ' · step ')} + {STEP_PARAM}"} if slider else run
        title = {"text": at, "anchor": "start", "fontSize": FONT + 2, "color": "black"}
        blocks.append({"vconcat": rows, "spacing": 10, "title": title, "resolve": _OWN})
    spec = {
        "$schema": SCHEMA,
        "hconcat": blocks,
        "spacing": _RUN_GAP,
        "resolve": _OWN,
        "config": {
            "axis": {"labelFontSize": FONT, "titleFontSize": FONT, "labelPadding": 2},
            "legend": {"labelFontSize": FONT, "titleFontSize": FONT},
            "title": {"fontSize": FONT, "anchor": "start", "offset": 4},
            "view": {"stroke": None},
        },
        "usermeta": {"embedOptions": {"renderer": "svg"}},
    }
    if slider:
        bind = {"input": "range", "min": 0, "max": max(int(last_step), 1), "step": 1,
                "name": "iteration "}  # fmt: skip
        spec["params"] = [{"name": STEP_PARAM, "value": int(last_step), "bind": bind}]
    return spec
