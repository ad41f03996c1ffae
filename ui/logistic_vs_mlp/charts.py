"""Charts of the "Logistic regression vs MLP" page (worksheet 1g), as Vega-Lite specs.

Each builder returns a Vega-Lite spec (a dict) with its data in named datasets
(DataFrames under ``spec["datasets"]``) for ``st.vega_lite_chart(spec=...)``:
a dict costs microseconds, the same chart built in Altair most of the budget.

Probability maps p(y=1 | x) are rectangles whose corners Vega computes from
integer cell indices (``c`` along x1, ``a`` along x2), so a map is small:
``(m, step, a, c, p)`` rows. The colour scale is diverging around p = 0.5
(blue: class 0, orange: class 1), so the decision boundary is the pale band;
black dots mark where the map crosses 0.5.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ui import theme

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
MODEL_COLOURS = {
    "lr_zero": theme.INIT_COLOURS["zeros"],
    "lr_rand": "#56B4E9",
    "mlp_const": theme.INIT_COLOURS["constant"],
    "mlp_rand": theme.INIT_COLOURS["random"],
}
CLASSES, SHAPES = ["0", "1"], ["circle", "triangle-up"]
CLASS_COLOURS = ["#08306b", "#7f2704"]  # class 0 dark blue, class 1 dark orange
RULE = {"type": "rule", "strokeDash": [4, 4], "color": "#666"}
TEXT = {"fontSize": theme.FONT_SIZE - 2, "fontWeight": "bold"}
STEP_PARAM = "lr_step"
AXIS = {"labelFontSize": theme.FONT_SIZE - 3, "titleFontSize": theme.FONT_SIZE}
CONFIG = {
    "axis": AXIS,
    "legend": {"labelFontSize": 14, "titleFontSize": 15},
    "title": {"fontSize": theme.TITLE_SIZE},
}


def _q(field: str, **extra) -> dict:
    return {"field": field, "type": "quantitative", **extra}


def _spec(datasets: dict, **body) -> dict:
    return {"$schema": SCHEMA, "datasets": datasets, "config": CONFIG, **body}


def grid_frame(frames: np.ndarray, steps, m: int) -> pd.DataFrame:
    """Long table of maps ``frames`` (F, ny, nx) at ``steps`` (F,) of model m.

    Columns m, step, a (x2 index), c (x1 index), p = ``frames[k, a, c]``.
    """
    frames = np.asarray(frames, dtype=np.float64)
    k, a, c = np.indices(frames.shape)
    return pd.DataFrame(
        {
            "m": np.full(frames.size, m, np.int8),
            "step": np.asarray(steps, np.int32)[k.ravel()],
            "a": a.ravel().astype(np.int16),
            "c": c.ravel().astype(np.int16),
            "p": frames.ravel().astype(np.float32),
        }
    )


def boundary_frame(points: list, steps, m: int) -> pd.DataFrame:
    """Boundary dots: m, step, bx, by from one (k_i, 2) array per step."""
    pts = [np.asarray(b, np.float64).reshape(-1, 2) for b in points]
    xy = np.concatenate(pts) if pts else np.empty((0, 2))
    return pd.DataFrame(
        {
            "m": np.full(len(xy), m, np.int8),
            "step": np.repeat(np.asarray(steps, np.int32), [len(b) for b in pts]),
            "bx": xy[:, 0],
            "by": xy[:, 1],
        }
    )


def points_frame(X: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The data points: x1, x2 and the class as text ("0" / "1")."""
    return pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1], "class": np.where(y >= 0.5, "1", "0")})


def _span(v) -> list[float]:
    """The interval covered by equally spaced cells with centres v."""
    half = float(v[1] - v[0]) / 2
    return [float(v[0]) - half, float(v[-1]) + half]


def _xy(fx: str, fy: str, box) -> dict:
    """x and y encodings with the map's fixed domains (no nice rounding)."""
    return {
        "x": _q(fx, title="x₁", scale={"domain": box[0], "nice": False, "zero": False}),
        "y": _q(fy, title="x₂", scale={"domain": box[1], "nice": False, "zero": False}),
    }


def _cells(xs, ys, name: str, where: str, box) -> dict:
    """Rect layer over a named grid dataset with centres xs, ys (equally spaced)."""
    dx, dy = float(xs[1] - xs[0]), float(ys[1] - ys[0])
    x0, y0 = float(xs[0]) - dx / 2, float(ys[0]) - dy / 2
    return {
        "data": {"name": name},
        "transform": [
            {"filter": where},
            {"calculate": f"{x0!r} + datum.c * {dx!r}", "as": "x0"},
            {"calculate": f"{x0 + dx!r} + datum.c * {dx!r}", "as": "x1"},
            {"calculate": f"{y0!r} + datum.a * {dy!r}", "as": "y0"},
            {"calculate": f"{y0 + dy!r} + datum.a * {dy!r}", "as": "y1"},
        ],
        "mark": {"type": "rect", "clip": True},
        "encoding": {
            **_xy("x0", "y0", box),
            "x2": {"field": "x1"},
            "y2": {"field": "y1"},
            "color": _q(
                "p",
                scale={"scheme": theme.WEIGHT_SCHEME, "domain": [0, 1], "domainMid": 0.5},
                legend=dict(title="p(y=1|x)", format=".1f", orient="bottom", gradientLength=220),
            ),
            "tooltip": [_q("p", title="p(y=1|x)", format=".3f")],
        },
    }


def _boundary(name: str, where: str, box) -> dict:
    return {
        "data": {"name": name},
        "transform": [{"filter": where}],
        "mark": {"type": "circle", "size": 10, "color": "black", "opacity": 0.9, "clip": True},
        "encoding": _xy("bx", "by", box),
    }


def _points(box) -> dict:
    cls = {"field": "class", "type": "nominal", "title": "class y"}
    return {
        "data": {"name": "points"},
        "mark": dict(
            type="point", filled=True, size=40, stroke="white", strokeWidth=0.8, clip=True
        ),
        "encoding": {
            **_xy("x1", "x2", box),
            "fill": {**cls, "legend": None, "scale": {"domain": CLASSES, "range": CLASS_COLOURS}},
            "shape": {**cls, "legend": None, "scale": {"domain": CLASSES, "range": SHAPES}},
            "tooltip": [_q("x1", format=".3f"), _q("x2", format=".3f"), cls],
        },
    }


def training_maps(res: dict, labels: dict, *, size: int) -> dict:
    """The four models' maps at one training step, chosen by a browser-side slider.

    A Vega-Lite param bound to a range input filters precomputed frames, so
    scrubbing reruns nothing on the server. The slider starts at the final
    step, drawn on the fine grid; earlier steps use the coarse frame grid.
    Laid out 2 x 2 in the order of ``labels`` (logistic regression on top).

    Parameters
    ----------
    res : dict
        A :func:`ui.logistic_vs_mlp.runs.run` result: ``X``, ``y``, ``xs``, ``ys`` (fine
        grid), ``fxs``, ``fys`` (frame grid), ``frame_steps`` (F,) and per
        model ``map``, ``boundary``, ``frames`` (F, ny, nx),
        ``frame_boundaries``, ``frame_acc`` (F,), ``acc``.
    labels : dict
        Model key -> panel title.
    size : int
        Width and height of each panel in pixels.
    """
    steps = np.asarray(res["frame_steps"], dtype=np.int64)
    last = int(steps[-1])
    every = int(steps[1] - steps[0]) if steps.size > 1 else 1
    runs = res["models"]
    frames, fbounds, final, bounds, texts = [], [], [], [], []
    for m, key in enumerate(labels):
        r = runs[key]
        frames.append(grid_frame(r["frames"], steps, m))
        fbounds.append(boundary_frame(r["frame_boundaries"], steps, m))
        final.append(grid_frame(r["map"][None], [last], m))
        bounds.append(boundary_frame([r["boundary"]], [last], m))
        accs = [*r["frame_acc"][:-1], r["acc"]]
        text = [f"step {s} · accuracy {a:.3f}" for s, a in zip(steps, accs, strict=True)]
        texts.append(pd.DataFrame({"m": m, "step": steps, "text": text}))
    datasets = {
        "frames": pd.concat(frames, ignore_index=True),
        "fbounds": pd.concat(fbounds, ignore_index=True),
        "final": pd.concat(final, ignore_index=True),
        "bounds": pd.concat(bounds, ignore_index=True),
        "texts": pd.concat(texts, ignore_index=True),
        "points": points_frame(res["X"], res["y"]),
    }
    at = f"abs(datum.step - {STEP_PARAM}) < {every / 2!r}"
    coarse = f"{at} && {STEP_PARAM} < {last}"
    fine = f"{STEP_PARAM} >= {last}"
    box = (_span(res["xs"]), _span(res["ys"]))
    x_lo, y_hi = box[0][0], box[1][1]
    panels = []
    for m, key in enumerate(labels):
        me = f"datum.m == {m}"
        text = {
            "data": {"name": "texts"},
            "transform": [{"filter": f"{me} && {at}"}],
            "mark": dict(type="text", align="left", baseline="top", dx=4, dy=4, **TEXT),
            "encoding": {"x": {"datum": x_lo}, "y": {"datum": y_hi}, "text": {"field": "text"}},
        }
        layers = [
            _cells(res["fxs"], res["fys"], "frames", f"{me} && {coarse}", box),
            _cells(res["xs"], res["ys"], "final", f"{me} && {fine}", box),
            _boundary("fbounds", f"{me} && {coarse}", box),
            _boundary("bounds", f"{me} && {fine}", box),
            _points(box),
            text,
        ]
        panels.append(dict(title=labels[key], width=size, height=size, layer=layers))
    param = {
        "name": STEP_PARAM,
        "value": last,
        "bind": dict(input="range", min=int(steps[0]), max=last, step=every, name="training step "),
    }
    spec = _spec(
        datasets,
        params=[param],
        vconcat=[{"hconcat": panels[:2]}, {"hconcat": panels[2:]}],
        resolve={"scale": {"color": "shared"}},
    )
    spec["config"] = {**CONFIG, "axis": {**AXIS, "grid": False}}
    return spec


def loss_chart(runs: dict, labels: dict, *, height: int, log: bool = False) -> dict:
    """Mean training loss over steps, one line per model, fixed colours.

    Parameters
    ----------
    runs : dict
        Per model key: ``steps`` (R,) and ``loss`` (R,).
    labels : dict
        Model key -> label (legend order).
    """
    data = pd.concat(
        [
            pd.DataFrame({"model": labels[k], "step": runs[k]["steps"], "loss": runs[k]["loss"]})
            for k in labels
        ],
        ignore_index=True,
    )
    names = list(labels.values())
    dashes = [[7, 4] if k.startswith("lr") else [1, 0] for k in labels]  # LR dashed
    model = {"field": "model", "type": "nominal"}
    scale = {"type": "log"} if log else {"zero": True}
    return _spec(
        {"loss": data},
        title="Mean cross-entropy loss over training steps",
        height=height,
        width="container",
        data={"name": "loss"},
        mark={"type": "line", "strokeWidth": 3},
        encoding={
            "x": _q("step", title="training step"),
            "y": _q("loss", title="mean loss", scale=scale),
            "color": {
                **model,
                "scale": {"domain": names, "range": [MODEL_COLOURS[k] for k in labels]},
                "legend": {"title": None, "orient": "right", "labelLimit": 200},
            },
            "strokeDash": {**model, "legend": None, "scale": {"domain": names, "range": dashes}},
            "tooltip": [model, _q("step"), _q("loss", format=".4f")],
        },
    )


def distance_chart(steps, dist, *, height: int) -> dict:
    """max |theta_zero - theta_random| of the two LR runs over steps (log scale).

    Parameters
    ----------
    steps, dist : ndarray of shape (R,)
    """
    dist = np.maximum(np.asarray(dist, dtype=np.float64), 1e-17)
    return _spec(
        {"dist": pd.DataFrame({"step": np.asarray(steps), "diff": dist})},
        title="LR: max |θ_zero − θ_random|",
        height=height,
        width="container",
        data={"name": "dist"},
        mark={"type": "line", "strokeWidth": 3, "color": MODEL_COLOURS["lr_rand"]},
        encoding={
            "x": _q("step", title="training step"),
            "y": _q("diff", title="max |Δθ| (log scale)", scale={"type": "log"}),
            "tooltip": [_q("step"), _q("diff", title="max |Δθ|", format=".3g")],
        },
    )


def line_slice_chart(ts, series: dict, colours: dict, *, title: str, height: int) -> dict:
    """Mean loss along theta(t) = (1 - t) theta_0 + t theta_1, with t = 0 and 1 marked.

    Parameters
    ----------
    ts : ndarray of shape (m,)
    series : dict
        Label -> losses of shape (m,).
    colours : dict
        Label -> colour.
    """
    data = pd.concat(
        [pd.DataFrame({"curve": k, "t": ts, "loss": v}) for k, v in series.items()],
        ignore_index=True,
    )
    curve = {"field": "curve", "type": "nominal"}
    colour = {
        **curve,
        "scale": {"domain": list(series), "range": [colours[k] for k in series]},
        "legend": {"title": None, "orient": "bottom", "direction": "vertical", "labelLimit": 520},
    }
    x = _q("t", title="t   in  θ(t) = (1 − t)·θ₀ + t·θ₁")
    y = _q("loss", title="mean loss", scale={"zero": False})
    return _spec(
        {"line": data, "ends": pd.DataFrame({"t": [0.0, 1.0]})},
        title=title,
        height=height,
        width="container",
        layer=[
            {"data": {"name": "ends"}, "mark": RULE, "encoding": {"x": x}},
            {
                "data": {"name": "line"},
                "mark": {"type": "line", "strokeWidth": 3},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "tooltip": [curve, _q("t", format=".2f"), _q("loss", format=".4f")],
                },
            },
            {
                "data": {"name": "line"},
                "transform": [{"filter": "abs(datum.t) < 1e-9 || abs(datum.t - 1) < 1e-9"}],
                "mark": {"type": "point", "filled": True, "size": 110},
                "encoding": {"x": x, "y": y, "color": colour},
            },
        ],
    )
