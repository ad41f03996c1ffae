"""The stage of the "Logistic regression vs MLP" page: decision maps and unit maps (Altair).

One Vega-Lite chart, scrubbed by one browser-side slider (the param
:data:`STEP_PARAM` bound to a range input), so moving it reruns nothing on the
server:

- a row of four decision maps p(y=1 | x) (LR from zero, LR from random, MLP
  from constant, MLP from random): rectangles whose corners Vega computes from
  cell indices, the data points, and black dots where the map crosses 0.5. The
  slider starts at the final step, drawn on a fine grid; earlier steps use the
  coarse frame grid;
- per MLP run, a row of small maps, one per hidden unit: x_j^(1)(x1, x2) over
  the same box, one colour scale for both runs and every step, and a text mark
  saying how many of them are distinct at the shown step.

Each row is one Altair facet over one named dataset ("maps", "units"); the
spec is built once per configuration and the data travel as named datasets.
The two facets are put together (vconcat, the slider param, independent
colour scales) as a plain dict: Altair deep-copies every subchart at each
composition step, which took 14 s for this chart; the dict takes microseconds.
The chart is drawn as SVG at a fixed natural size (about :data:`NATURAL_WIDTH`)
and scaled to its container's width by CSS (:func:`ui.unit_maps.fit_css`): Vega-Lite cannot
size a concatenation to its container, and an SVG keeps its hover targets when
scaled.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme
from ui.unit_maps import bare, unit_scale

STEP_PARAM = "lr_step"  # the browser-side slider (a JavaScript identifier)
NATURAL_WIDTH = 1020  # px: about the stage's width on a 1280 px wide lecture screen
HEIGHT_BUDGET = 430  # px: the chart without its slider, so the stage fits 1280x720
FONT = theme.FONT_SIZE
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
CLASS_COLOURS = ["#08306b", "#7f2704"]  # class 0 dark blue, class 1 dark orange
LEGEND_W = 100  # px taken by a vertical gradient legend on the right
UNIT_GAP = 2  # cells between two unit maps
# kinds of rows in the "maps" dataset
COARSE, FINE, COARSE_B, FINE_B, POINT, TEXT = range(6)


def _span(v) -> list[float]:
    """The interval covered by equally spaced cells with centres v."""
    half = float(v[1] - v[0]) / 2
    return [float(v[0]) - half, float(v[-1]) + half]


def _kind(*kinds: int) -> str:
    return " || ".join(f"datum.kind == {k}" for k in kinds)


def _cells(xs, ys, kind: int, box, colour: alt.Color) -> alt.Chart:
    """Rect layer: rows of ``kind`` whose x, y are cell indices on the grid xs, ys."""
    dx, dy = float(xs[1] - xs[0]), float(ys[1] - ys[0])
    x0, y0 = float(xs[0]) - dx / 2, float(ys[0]) - dy / 2
    return (
        alt.Chart()
        .transform_filter(_kind(kind))
        .transform_calculate(
            x0=f"{x0!r} + datum.x * {dx!r}",
            x1=f"{x0 + dx!r} + datum.x * {dx!r}",
            y0=f"{y0!r} + datum.y * {dy!r}",
            y1=f"{y0 + dy!r} + datum.y * {dy!r}",
        )  # fmt: skip
        .mark_rect(clip=True)
        .encode(
            x=_axis("x0", "x₁", box[0]),
            y=_axis("y0", "x₂", box[1], alt.Y),
            x2="x1:Q",
            y2="y1:Q",
            color=colour,
            tooltip=[alt.Tooltip("p:Q", title="p(y=1|x)", format=".3f")],
        )  # fmt: skip
    )


def _axis(field: str, title: str, domain, channel=alt.X):
    scale = alt.Scale(domain=domain, nice=False, zero=False)
    axis = alt.Axis(tickCount=4, grid=False, titlePadding=2, labelPadding=2)
    return channel(f"{field}:Q", title=title, scale=scale, axis=axis)


def _maps_facet(res: dict, labels: dict, size: int, at: str, last: int) -> dict:
    """The four decision maps: one facet column per model over the dataset "maps"."""
    box = (_span(res["xs"]), _span(res["ys"]))
    colour = alt.Color(
        "p:Q", scale=alt.Scale(scheme=theme.WEIGHT_SCHEME, domain=[0, 1], domainMid=0.5),
        legend=alt.Legend(title="p(y=1|x)", format=".1f", orient="right", gradientLength=150),
    )  # fmt: skip
    x, y = _axis("x", "x₁", box[0]), _axis("y", "x₂", box[1], alt.Y)
    dots = alt.Chart().mark_circle(size=12, color="black", opacity=0.9, clip=True)
    cls = alt.Scale(domain=[0, 1], range=CLASS_COLOURS)
    shapes = alt.Scale(domain=[0, 1], range=["circle", "triangle-up"])
    early, final = f"{STEP_PARAM} < {last}", f"{STEP_PARAM} >= {last}"
    layers = alt.layer(
        _cells(res["fxs"], res["fys"], COARSE, box, colour).transform_filter(early),
        _cells(res["xs"], res["ys"], FINE, box, colour).transform_filter(final),
        dots.transform_filter(f"({_kind(COARSE_B)}) && {early}").encode(x=x, y=y),
        dots.transform_filter(f"({_kind(FINE_B)}) && {final}").encode(x=x, y=y),
        alt.Chart().transform_filter(_kind(POINT))
        .mark_point(filled=True, size=36, stroke="white", strokeWidth=0.8, clip=True)
        .encode(x=x, y=y, fill=alt.Fill("p:N", scale=cls, legend=None),
                shape=alt.Shape("p:N", scale=shapes, legend=None),
                tooltip=[alt.Tooltip("x:Q", title="x₁", format=".3f"),
                         alt.Tooltip("y:Q", title="x₂", format=".3f"),
                         alt.Tooltip("p:N", title="class y")]),
        alt.Chart().transform_filter(_kind(TEXT))
        .mark_rect(color="white", opacity=0.75)
        .encode(x=alt.value(0), x2=alt.value(min(size, 185)), y=alt.value(0), y2=alt.value(24)),
        alt.Chart().transform_filter(_kind(TEXT))
        .transform_calculate(text="'step ' + datum.step + ' · acc. ' + format(datum.p, '.3f')")
        .mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=FONT, fontWeight="bold")
        .encode(x=alt.X(datum=box[0][0]), y=alt.Y(datum=box[1][1]), text="text:N"),
        data=alt.Data(name="maps"),
    )  # fmt: skip
    names = list(labels.values())
    header = alt.Header(labelExpr=f"{names!r}[datum.value]", labelFontSize=FONT + 2,
                        labelFontWeight="bold", labelAnchor="start", labelOrient="top",
                        labelColor="black", labelPadding=4)  # fmt: skip
    chart = layers.properties(width=size, height=size).facet(
        column=alt.Column("m:O", header=header, title=None), spacing=14
    )
    # the slider's filter before the facet: a move filters the table once, and only the
    # shown step's rows are split into panels
    return bare(chart.transform_filter(f"{_kind(POINT)} || {at}"))


def _units_facet(G: int, width: int, labels: list[str], side: bool, thumb: int, at: str,
                 domain) -> dict:  # fmt: skip
    """Each MLP's unit maps in one row, one facet per run, over the dataset "units"."""
    cols = width * (G + UNIT_GAP) - UNIT_GAP
    band = 26 * G / thumb  # a text band above the maps, in cells
    xs = alt.Scale(domain=[0, cols], nice=False, zero=False)
    ys = alt.Scale(domain=[0, G + band], nice=False, zero=False)
    rect = (
        alt.Chart()
        .transform_filter("datum.kind == 0")
        .transform_calculate(
            x0=f"datum.u * {G + UNIT_GAP} + datum.c",
            x1="datum.x0 + 1",
            y1="datum.a + 1",
            unit="datum.u + 1",
        )  # fmt: skip
        .mark_rect()
        .encode(
            x=alt.X("x0:Q", scale=xs, axis=None),
            x2="x1:Q",
            y=alt.Y("a:Q", scale=ys, axis=None),
            y2="y1:Q",
            color=alt.Color(
                "v:Q",
                scale=unit_scale(domain),
                legend=alt.Legend(title="x_j⁽¹⁾(x₁, x₂)", orient="right", gradientLength=60),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title="hidden unit j"),
                alt.Tooltip("v:Q", title="x_j⁽¹⁾", format=".3f"),
            ],
        )  # fmt: skip
    )
    text = (
        alt.Chart()
        .transform_filter("datum.kind == 1")
        .transform_calculate(
            text=f"{labels!r}[datum.r] + ': ' + datum.v + ' of {width} unit maps distinct at "
            "step ' + datum.step"
        )  # fmt: skip
        .mark_text(align="left", baseline="top", fontSize=FONT, fontWeight="bold")
        .encode(x=alt.X(datum=0, scale=xs), y=alt.Y(datum=G + band, scale=ys), text="text:N")
    )
    layers = alt.layer(rect, text, data=alt.Data(name="units"))
    header = alt.Header(labels=False)
    facet = {"column" if side else "row": alt.Facet("r:O", header=header, title=None)}
    chart = layers.properties(width=int(cols * thumb / G), height=int(thumb + 26))
    return bare(chart.facet(**facet, spacing=30 if side else 6).transform_filter(at))


def unit_layout(width: int, n_runs: int = 2) -> tuple[bool, int]:
    """Unit maps of the runs side by side (or stacked), and the pixels per unit map."""
    side = n_runs * width * 54 <= NATURAL_WIDTH - LEGEND_W
    per_row = width * (n_runs if side else 1)
    px = int((NATURAL_WIDTH - LEGEND_W - 30) / per_row * 0.9)
    return side, max(24, min(64 if side else 44, px))


def stage_chart(res: dict, labels: dict, width: int, domain) -> dict:
    """The stage: four decision maps and the MLPs' unit maps, one slider (a Vega-Lite dict).

    Parameters
    ----------
    res : dict
        A :func:`ui.logistic_vs_mlp.runs.run` result (see :func:`stage_data`).
    labels : dict
        Model key -> panel title, in display order (LR zero, LR random, MLP
        constant, MLP random).
    width : int
        Hidden units of the MLPs.
    domain : [lo, hi]
        The unit maps' colour domain (the hidden activation's range).

    Returns
    -------
    dict
        The spec without data: the datasets "maps" and "units" of :func:`stage_data`.
    """
    steps = np.asarray(res["frame_steps"], dtype=np.int64)
    last = int(steps[-1])
    every = int(steps[1] - steps[0]) if steps.size > 1 else 1
    at = f"abs(datum.step - {STEP_PARAM}) < {every / 2!r}"
    side, thumb = unit_layout(width)
    units_h = (thumb + 26 + 30) * (1 if side else 2)
    size = int(min((NATURAL_WIDTH - LEGEND_W - 60 - 3 * 14) / 4, HEIGHT_BUDGET - units_h - 70))
    titles = [labels["mlp_const"], labels["mlp_rand"]]
    bind = {"input": "range", "min": int(steps[0]), "max": last, "step": every,
            "name": "training step "}  # fmt: skip
    return {
        "$schema": SCHEMA,
        "params": [{"name": STEP_PARAM, "value": last, "bind": bind}],
        "vconcat": [
            _maps_facet(res, labels, size, at, last),
            _units_facet(int(res["uxs"].size), width, titles, side, thumb, at, domain),
        ],
        "spacing": 14,
        "resolve": {"scale": {"color": "independent"}},
        "config": {
            "axis": {"labelFontSize": FONT, "titleFontSize": FONT},
            "legend": {"labelFontSize": FONT + 1, "titleFontSize": FONT + 1},
            "view": {"stroke": "#bbb"},
        },
        "usermeta": {"embedOptions": {"renderer": "svg"}},
    }


def stage_data(res: dict, labels: dict) -> dict[str, pd.DataFrame]:
    """The stage chart's two named datasets.

    Parameters
    ----------
    res : dict
        A run result: ``X``, ``y``, ``xs``, ``ys`` (fine grid), ``fxs``, ``fys``
        (frame grid), ``frame_steps`` (F,), per model ``map``, ``boundary``,
        ``frames`` (F, ny, nx), ``frame_boundaries``, ``frame_acc`` (F,),
        ``acc``; per MLP run in ``units``: ``maps`` (F, d, G, G) and
        ``distinct`` (F,).
    labels : dict
        Model key -> title (display order).

    Returns
    -------
    dict with
        ``maps``: kind, m (model index), step, x, y, p. Cells (kind COARSE,
        FINE): x, y the cell's column and row index, p = p(y=1|x); boundary
        dots (COARSE_B, FINE_B) and data points (POINT, step -1): x, y the
        input (points: p the class); TEXT: p the accuracy at that step.
        ``units``: kind (0 cell, 1 count), r (0 constant, 1 random MLP),
        step, u (unit j - 1), a (x2 index), c (x1 index), v = x_j^(1) there,
        or for a count row the number of distinct maps.
    """
    steps = np.asarray(res["frame_steps"], dtype=np.int64)
    last = int(steps[-1])
    parts = []
    for m, key in enumerate(labels):
        r = res["models"][key]
        parts += [
            _grid(COARSE, m, r["frames"], steps),
            _grid(FINE, m, r["map"][None], [last]),
            _dots(COARSE_B, m, r["frame_boundaries"], steps),
            _dots(FINE_B, m, [r["boundary"]], [last]),
            _rows(POINT, m, [-1] * len(res["y"]), res["X"][:, 0], res["X"][:, 1], res["y"]),
            _rows(TEXT, m, steps, 0.0, 0.0, [*r["frame_acc"][:-1], r["acc"]]),
        ]
    units = []
    for r, key in enumerate(("mlp_const", "mlp_rand")):
        u = res["units"][key]
        units.append(unit_frame(u["maps"], steps, r))
        counts = {"kind": 1, "r": r, "step": steps, "u": 0, "a": 0, "c": 0, "v": u["distinct"]}
        units.append(pd.DataFrame(counts))
    return {
        "maps": pd.concat(parts, ignore_index=True).astype(_MAPS_TYPES),
        "units": pd.concat(units, ignore_index=True).astype(_UNIT_TYPES),
    }


_MAPS_TYPES = {"kind": "int8", "m": "int8", "step": "int32", "x": "float32", "y": "float32",
               "p": "float32"}  # fmt: skip
_UNIT_TYPES = {"kind": "int8", "r": "int8", "step": "int32", "u": "int8", "a": "int8",
               "c": "int8", "v": "float32"}  # fmt: skip


def _rows(kind: int, m: int, steps, x, y, p) -> pd.DataFrame:
    return pd.DataFrame({"kind": kind, "m": m, "step": steps, "x": x, "y": y, "p": p})


def _grid(kind: int, m: int, frames, steps) -> pd.DataFrame:
    """Cells of maps ``frames`` (F, ny, nx) at ``steps`` (F,): x = column c, y = row a."""
    frames = np.asarray(frames, dtype=np.float64)
    k, a, c = np.indices(frames.shape)
    return _rows(kind, m, np.asarray(steps)[k.ravel()], c.ravel(), a.ravel(), frames.ravel())


def _dots(kind: int, m: int, points: list, steps) -> pd.DataFrame:
    """Boundary dots from one (k_i, 2) array per step."""
    pts = [np.asarray(b, np.float64).reshape(-1, 2) for b in points]
    xy = np.concatenate(pts) if pts else np.empty((0, 2))
    at = np.repeat(np.asarray(steps), [len(b) for b in pts])
    return _rows(kind, m, at, xy[:, 0], xy[:, 1], 0.0)


def unit_frame(maps: np.ndarray, steps, r: int) -> pd.DataFrame:
    """Cells of unit maps ``maps`` (F, d, G, G) at ``steps`` (F,) of MLP run r (kind 0)."""
    maps = np.asarray(maps, dtype=np.float64)
    k, u, a, c = np.indices(maps.shape)
    return pd.DataFrame(
        {"kind": 0, "r": r, "step": np.asarray(steps)[k.ravel()], "u": u.ravel(),
         "a": a.ravel(), "c": c.ravel(), "v": maps.ravel()}
    )  # fmt: skip
