"""Charts of the "Logistic regression vs MLP" page (worksheet 1g).

Probability maps p(y=1 | x) are drawn as rectangles whose corners Vega
computes from integer cell indices (columns ``c``, ``a``), so the tables stay
small: a map is ``(a, c, p)`` rows, a scrubbable set of maps adds ``m``
(model index) and ``step``. The colour scale is diverging around p = 0.5
(blue: class 0, orange: class 1), so the decision boundary is the pale band;
black dots mark where the map crosses 0.5.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme

MODEL_COLOURS = {
    "lr_zero": theme.INIT_COLOURS["zeros"],
    "lr_rand": "#56B4E9",
    "mlp_const": theme.INIT_COLOURS["constant"],
    "mlp_rand": theme.INIT_COLOURS["random"],
}
CLASS_COLOURS = ("#08306b", "#7f2704")  # class 0 dark blue, class 1 dark orange
P_SCALE = alt.Scale(scheme=theme.WEIGHT_SCHEME, domain=[0, 1], domainMid=0.5)
STEP_PARAM = "lr_step"


def _cells(xs: np.ndarray, ys: np.ndarray) -> dict:
    """Vega expressions for a cell's corners from its indices (c, a)."""
    x0, dx = float(xs[0]), float(xs[1] - xs[0])
    y0, dy = float(ys[0]), float(ys[1] - ys[0])
    return {
        "x0": f"{x0 - dx / 2!r} + datum.c * {dx!r}",
        "x1": f"{x0 + dx / 2!r} + datum.c * {dx!r}",
        "y0": f"{y0 - dy / 2!r} + datum.a * {dy!r}",
        "y1": f"{y0 + dy / 2!r} + datum.a * {dy!r}",
    }


def map_frame(P: np.ndarray) -> pd.DataFrame:
    """Long table of one map: columns a (row, y index), c (column, x index), p.

    Parameters
    ----------
    P : ndarray of shape (ny, nx)
    """
    a, c = np.indices(P.shape)
    return pd.DataFrame(
        {"a": a.ravel().astype(np.int16), "c": c.ravel().astype(np.int16), "p": P.ravel()}
    )


def points_frame(X: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The data points: x1, x2 and the class as text ("0" / "1")."""
    return pd.DataFrame(
        {"x1": X[:, 0], "x2": X[:, 1], "class": np.where(y >= 0.5, "1", "0")}
    )


def _axes(xs, ys):
    lo_x, hi_x = float(xs[0] - (xs[1] - xs[0]) / 2), float(xs[-1] + (xs[1] - xs[0]) / 2)
    lo_y, hi_y = float(ys[0] - (ys[1] - ys[0]) / 2), float(ys[-1] + (ys[1] - ys[0]) / 2)
    x = alt.X("x0:Q", title="x₁", scale=alt.Scale(domain=[lo_x, hi_x], nice=False))
    y = alt.Y("y0:Q", title="x₂", scale=alt.Scale(domain=[lo_y, hi_y], nice=False))
    return x, y


def _map_layers(xs, ys, maps: pd.DataFrame, boundary: pd.DataFrame, points: pd.DataFrame):
    """Base layers (heat cells, boundary dots, data points) without filters."""
    x, y = _axes(xs, ys)
    cells = (
        alt.Chart(maps)
        .transform_calculate(**_cells(xs, ys))
        .mark_rect()
        .encode(
            x=x,
            x2="x1:Q",
            y=y,
            y2="y1:Q",
            color=alt.Color(
                "p:Q",
                scale=P_SCALE,
                legend=alt.Legend(title="p(y=1|x)", orient="right", format=".1f"),
            ),
            tooltip=[alt.Tooltip("p:Q", title="p(y=1|x)", format=".3f")],
        )
    )
    line = (
        alt.Chart(boundary)
        .mark_circle(size=9, color="black", opacity=0.9)
        .encode(x=alt.X("bx:Q"), y=alt.Y("by:Q"))
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=38, stroke="white", strokeWidth=0.8, opacity=1)
        .encode(
            x="x1:Q",
            y="x2:Q",
            fill=alt.Fill(
                "class:N",
                scale=alt.Scale(domain=["0", "1"], range=list(CLASS_COLOURS)),
                legend=alt.Legend(title="class y"),
            ),
            shape=alt.Shape(
                "class:N",
                scale=alt.Scale(domain=["0", "1"], range=["circle", "triangle-up"]),
                legend=alt.Legend(title="class y"),
            ),
            tooltip=["x1:Q", "x2:Q", "class:N"],
        )
    )
    return cells, line, dots


def _boundary_frame(points: np.ndarray) -> pd.DataFrame:
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pd.DataFrame({"bx": points[:, 0], "by": points[:, 1]})


def decision_map(xs, ys, P, boundary, X, y, *, title: str, size: int) -> alt.LayerChart:
    """One model's final probability map with the 0.5 boundary and the data.

    Parameters
    ----------
    xs : ndarray of shape (nx,), ys : ndarray of shape (ny,)
        Grid cell centres (equally spaced).
    P : ndarray of shape (ny, nx)
        ``P[a, c] = p(y=1 | (xs[c], ys[a]))``.
    boundary : ndarray of shape (m, 2)
        Points on the 0.5 contour.
    X : ndarray of shape (n, 2), y : ndarray of shape (n,)
    title : str
    size : int
        Width and height in pixels.
    """
    layers = _map_layers(xs, ys, map_frame(P), _boundary_frame(boundary), points_frame(X, y))
    return alt.layer(*layers, title=title).properties(width=size, height=size)


def frames_tables(fxs, fys, runs: dict, frame_steps: np.ndarray, keys: list[str]):
    """Long tables for the scrubbable maps.

    Parameters
    ----------
    runs : dict
        Per model key: ``frames`` (F, ny, nx), ``frame_boundaries`` (F lists
        of (m, 2)) and ``frame_acc`` (F,).
    frame_steps : ndarray of shape (F,)
    keys : list of str
        Model keys; model index m is the position in this list.

    Returns
    -------
    maps : DataFrame with m, step, a, c, p (F * ny * nx rows per model)
    bounds : DataFrame with m, step, bx, by
    accs : DataFrame with m, step, text
    """
    maps, bounds, accs = [], [], []
    for m, key in enumerate(keys):
        frames = runs[key]["frames"]
        F, ny, nx = frames.shape
        k, a, c = np.indices(frames.shape)
        maps.append(
            pd.DataFrame(
                {
                    "m": np.full(frames.size, m, np.int8),
                    "step": frame_steps[k.ravel()].astype(np.int32),
                    "a": a.ravel().astype(np.int16),
                    "c": c.ravel().astype(np.int16),
                    "p": frames.ravel().astype(np.float32),
                }
            )
        )
        for step, pts in zip(frame_steps, runs[key]["frame_boundaries"], strict=True):
            b = _boundary_frame(pts)
            b.insert(0, "step", int(step))
            b.insert(0, "m", m)
            bounds.append(b)
        accs.append(
            pd.DataFrame(
                {
                    "m": m,
                    "step": frame_steps.astype(np.int32),
                    "text": [
                        f"step {s} · accuracy {a:.2f}"
                        for s, a in zip(frame_steps, runs[key]["frame_acc"], strict=True)
                    ],
                }
            )
        )
    return pd.concat(maps, ignore_index=True), pd.concat(bounds), pd.concat(accs)


def scrub_maps(fxs, fys, runs, frame_steps, X, y, labels: dict, *, size: int) -> alt.VConcatChart:
    """The four maps at the same training step, chosen by a browser-side slider.

    A Vega-Lite param bound to a range input filters precomputed frames, so
    scrubbing reruns nothing on the server. Laid out 2 x 2 in the order of
    ``labels`` (logistic regression on top, the MLP below).
    """
    keys = list(labels)
    maps, bounds, accs = frames_tables(fxs, fys, runs, frame_steps, keys)
    steps = np.asarray(frame_steps)
    every = int(steps[1] - steps[0]) if steps.size > 1 else 1
    param = alt.param(
        name=STEP_PARAM,
        value=int(steps[0]),
        bind=alt.binding_range(
            min=int(steps[0]), max=int(steps[-1]), step=every, name="training step "
        ),
    )
    keep = f"abs(datum.step - {STEP_PARAM}) < {every / 2 + 1e-9!r}"
    points = points_frame(X, y)
    x_lo = float(fxs[0] - (fxs[1] - fxs[0]) / 2)
    y_hi = float(fys[-1] + (fys[1] - fys[0]) / 2)
    panels = []
    for m, key in enumerate(keys):
        cells, line, dots = _map_layers(fxs, fys, maps, bounds, points)
        where = f"datum.m == {m} && {keep}"
        text = (
            alt.Chart(accs)
            .transform_filter(where)
            .mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=theme.FONT_SIZE - 2)
            .encode(x=alt.datum(x_lo), y=alt.datum(y_hi), text="text:N")
        )
        panels.append(
            alt.layer(
                cells.transform_filter(where),
                line.transform_filter(where),
                dots,
                text,
                title=labels[key],
            ).properties(width=size, height=size)
        )
    grid = alt.vconcat(alt.hconcat(*panels[:2]), alt.hconcat(*panels[2:]))
    return grid.add_params(param)


def loss_chart(runs: dict, labels: dict, *, height: int, log: bool = False) -> alt.Chart:
    """Mean training loss over steps, one line per model, fixed colours.

    Parameters
    ----------
    runs : dict
        Per model key: ``steps`` (R,) and ``loss`` (R,).
    labels : dict
        Model key -> label (legend order).
    """
    rows = [
        pd.DataFrame({"model": labels[k], "step": runs[k]["steps"], "loss": runs[k]["loss"]})
        for k in labels
    ]
    data = pd.concat(rows, ignore_index=True)
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    return (
        alt.Chart(data, title="Mean cross-entropy loss over training steps")
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("step:Q", title="training step"),
            y=alt.Y("loss:Q", title="mean loss", scale=scale),
            color=alt.Color(
                "model:N",
                scale=alt.Scale(
                    domain=list(labels.values()), range=[MODEL_COLOURS[k] for k in labels]
                ),
                legend=alt.Legend(title=None, orient="top", columns=2, labelLimit=260),
            ),
            strokeDash=alt.StrokeDash(
                "model:N",
                scale=alt.Scale(
                    domain=list(labels.values()),
                    range=[[6, 3] if k.startswith("lr") else [1, 0] for k in labels],
                ),
                legend=None,
            ),
            tooltip=["model:N", "step:Q", alt.Tooltip("loss:Q", format=".4f")],
        )
        .properties(height=height)
    )


def distance_chart(steps, dist, *, height: int) -> alt.Chart:
    """max |theta_zero - theta_random| of the two LR runs over steps (log scale)."""
    dist = np.asarray(dist, dtype=np.float64)
    data = pd.DataFrame({"step": np.asarray(steps), "diff": np.maximum(dist, 1e-16)})
    return (
        alt.Chart(data, title="LR: largest weight difference, zero vs random start")
        .mark_line(strokeWidth=3, color=MODEL_COLOURS["lr_rand"])
        .encode(
            x=alt.X("step:Q", title="training step"),
            y=alt.Y("diff:Q", title="max |Δθ|", scale=alt.Scale(type="log")),
            tooltip=["step:Q", alt.Tooltip("diff:Q", title="max |Δθ|", format=".3g")],
        )
        .properties(height=height)
    )


def line_slice_chart(ts, series: dict, colours: dict, *, title: str, height: int) -> alt.Chart:
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
    colour = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=list(series), range=[colours[k] for k in series]),
        legend=alt.Legend(title=None, orient="top", labelLimit=360),
    )
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("t:Q", title="t  (θ(t) = (1 − t)·θ₀ + t·θ₁)"),
            y=alt.Y("loss:Q", title="mean loss", scale=alt.Scale(zero=False)),
            color=colour,
            tooltip=["curve:N", alt.Tooltip("t:Q", format=".2f"), alt.Tooltip("loss:Q", format=".4f")],
        )
    )
    ends = (
        alt.Chart(data)
        .transform_filter("abs(datum.t) < 1e-9 || abs(datum.t - 1) < 1e-9")
        .mark_point(filled=True, size=90)
        .encode(x="t:Q", y="loss:Q", color=colour)
    )
    rules = (
        alt.Chart(pd.DataFrame({"t": [0.0, 1.0], "label": ["θ₀", "θ₁"]}))
        .mark_rule(strokeDash=[4, 4], color="#666")
        .encode(x="t:Q")
    )
    return alt.layer(rules, lines, ends, title=title).properties(height=height)


# ------------------------------------------------------------------ formulas (LaTeX)


def _num(v: float) -> str:
    """A number for LaTeX: 4 significant digits, scientific form as a power of ten."""
    text = f"{v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return text


def latex_lr_solutions(w_zero, w_rand) -> str:
    """Both logistic-regression solutions p = sigma(w1 x1 + w2 x2 + b), numbers plugged in.

    Parameters
    ----------
    w_zero, w_rand : sequence of 3 floats
        (w1, w2, b) at the end of the zero-start and random-start runs.
    """
    rows = []
    for name, (w1, w2, b) in (("zero start", w_zero), ("random start", w_rand)):
        rows.append(
            rf"\text{{{name}:}}\quad p(y{{=}}1\mid x) &= \sigma\big({_num(w1)}\,x_1"
            rf" {'+' if w2 >= 0 else '-'} {_num(abs(w2))}\,x_2"
            rf" {'+' if b >= 0 else '-'} {_num(abs(b))}\big)"
        )
    return r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}"


def latex_one_unit(width: int, activation: str, u1: float, u2: float, c: float, v: float,
                   b2: float) -> str:
    """The constant-init MLP collapsed to one hidden unit, numbers plugged in."""
    g = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\operatorname{relu}"}.get(
        activation, "g"
    )
    return (
        r"p(y{=}1\mid x) = \sigma\Big(\sum_{j=1}^{d} w^{(2)}_{j1}\, g\big(w^{(1)}_{1j}x_1"
        r" + w^{(1)}_{2j}x_2 + b^{(1)}_j\big) + b^{(2)}_1\Big)"
        rf" = \sigma\big({width}\cdot {_num(v)}\cdot {g}({_num(u1)}\,x_1"
        rf" {'+' if u2 >= 0 else '-'} {_num(abs(u2))}\,x_2"
        rf" {'+' if c >= 0 else '-'} {_num(abs(c))})"
        rf" {'+' if b2 >= 0 else '-'} {_num(abs(b2))}\big)"
    )


def latex_hessian(H, eig) -> str:
    """Logistic regression's Hessian in closed form with its numbers and eigenvalues.

    Parameters
    ----------
    H : ndarray of shape (3, 3)
    eig : ndarray of shape (3,), ascending
    """
    body = r"\\ ".join(" & ".join(_num(float(v)) for v in row) for row in np.asarray(H))
    return (
        r"\nabla^2 L = \frac{1}{n}\sum_{k=1}^{n} p_k(1-p_k)\,\tilde x_k \tilde x_k^{\top}"
        r" = \begin{pmatrix}" + body + r"\end{pmatrix},\quad"
        rf" \lambda_{{\min}} = {_num(float(eig[0]))} \ge 0"
    )
