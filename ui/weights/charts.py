"""Charts and formulas of the "Weight matrices over iterations" page.

Line charts (loss, gradient norms, weight trajectories) are Altair; the
scrubbable heatmaps come from :func:`ui.heatmaps.scrub_heatmaps`. Every chart
leaves here as a Vega-Lite spec whose data is already Arrow bytes
(:func:`serialise`), so the page's cached runners store it once and a rerun
hands it to ``st.vega_lite_chart`` without rebuilding or re-validating it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd
from streamlit import dataframe_util

from core.history import grad_norms, history_stack, subsample_records
from ui import theme

NORM_FLOOR = 1e-12
"""Gradient norms below this are drawn at it (a log axis cannot show 0)."""

MAX_LINES = 16
"""Most weight trajectories drawn at once."""

MAX_POINTS = 400
"""Most points per line (evenly spaced records, first and last kept): a line 800 px wide
shows no more, and a long run's charts stay light for the browser."""

LEGEND_ALLOWANCE = 110
"""Pixels added to a full-width chart's height: Streamlit fits title, axes and
legend into the height of a container-wide chart (autosize "fit")."""

KIND_NAMES = {"W": "w", "b": "b", "dW": "dL/dw", "db": "dL/db"}


def _arrow(frame: pd.DataFrame) -> bytes:
    return dataframe_util.convert_anything_to_arrow_bytes(frame)


def serialise(chart: alt.TopLevelMixin | dict) -> dict:
    """A Vega-Lite spec whose datasets are Arrow bytes (ready for st.vega_lite_chart).

    Parameters
    ----------
    chart : Altair chart with a DataFrame as its top-level data, or a spec
        dict whose ``datasets`` values are DataFrames.
    """
    if isinstance(chart, dict):
        spec = dict(chart)
        spec["datasets"] = {
            name: _arrow(data) if isinstance(data, pd.DataFrame) else data
            for name, data in spec.get("datasets", {}).items()
        }
        return spec
    data = _arrow(chart.data)
    name = "d" + hashlib.md5(data, usedforsecurity=False).hexdigest()[:16]
    chart.data = alt.NamedData(name=name)
    spec = chart.to_dict()
    spec["datasets"] = {name: data}
    return spec


def _keep(history) -> np.ndarray:
    """Record indices drawn in a line chart: at most MAX_POINTS, evenly spaced."""
    return subsample_records(len(history.steps), MAX_POINTS)


def _axis_config(chart: alt.Chart) -> alt.Chart:
    return chart.configure_axis(
        labelFontSize=theme.FONT_SIZE - 3, titleFontSize=theme.FONT_SIZE - 2
    ).configure_legend(
        labelFontSize=theme.FONT_SIZE - 3, titleFontSize=theme.FONT_SIZE - 2, labelLimit=260
    )


def loss_chart(
    hists: Sequence, labels: Sequence[str], colours: Sequence[str], *, height: int
) -> alt.Chart:
    """Mean training loss over the steps, one line per run."""
    frame = pd.concat(
        [
            pd.DataFrame(
                {"run": label, "step": np.asarray(h.steps)[keep], "loss": np.asarray(h.loss)[keep]}
            )  # fmt: skip
            for label, h in zip(labels, hists, strict=True)
            for keep in [_keep(h)]
        ],
        ignore_index=True,
    )
    chart = (
        alt.Chart(frame, title="Mean loss over the steps")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("step:Q", title="step"),
            y=alt.Y("loss:Q", title="mean loss", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "run:N",
                scale=alt.Scale(domain=list(labels), range=list(colours)),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=["run:N", "step:Q", alt.Tooltip("loss:Q", format=".6g")],
        )
        .properties(height=height + LEGEND_ALLOWANCE, width="container")
    )
    return _axis_config(chart)


def grad_norm_chart(hists: Sequence, labels: Sequence[str], *, height: int) -> alt.Chart:
    """||dL/dW^(l)||_F per layer over the steps (log scale), solid/dashed per run."""
    parts = []
    for label, h in zip(labels, hists, strict=True):
        keep = _keep(h)
        norms = grad_norms(h)[keep]  # (R', L)
        steps = np.asarray(h.steps)[keep]
        for layer in range(norms.shape[1]):
            parts.append(
                pd.DataFrame(
                    {
                        "run": label,
                        "layer": f"layer {layer + 1}",
                        "step": steps,
                        "norm": norms[:, layer],
                        "shown": np.maximum(norms[:, layer], NORM_FLOOR),
                    }
                )
            )
    frame = pd.concat(parts, ignore_index=True)
    chart = (
        alt.Chart(frame, title="Gradient norm per layer, ‖dL/dW⁽ˡ⁾‖")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("step:Q", title="step"),
            y=alt.Y("shown:Q", title="Frobenius norm (log scale)", scale=alt.Scale(type="log")),
            color=alt.Color(
                "layer:N",
                scale=alt.Scale(range=list(theme.CATEGORICAL)),
                legend=alt.Legend(title=None, orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "run:N", sort=list(labels), legend=alt.Legend(title=None, orient="top")
            ),
            tooltip=["run:N", "layer:N", "step:Q", alt.Tooltip("norm:Q", format=".6g")],
        )
        .properties(height=height + 2 * LEGEND_ALLOWANCE, width="container")
    )
    return _axis_config(chart)


def trajectory_entries(
    sizes: Sequence[int], layer: int, kind: str, i: int | None, j: int | None
) -> tuple[list[tuple[int, int]], str]:
    """Which (i, j) entries to trace, and a message when the choice was adjusted.

    Parameters
    ----------
    sizes : (d0, ..., dL)
    layer : int, 1 <= layer <= L
    kind : {"W", "b", "dW", "db"}
    i, j : int or None
        Row (from unit) and column (to unit); None means all. A value outside
        the matrix falls back to all, with a message. Biases have one row.

    Returns
    -------
    entries : list of (i, j), at most MAX_LINES
    message : str, "" when the choice was used as given
    """
    rows = 1 if kind in ("b", "db") else int(sizes[layer - 1])
    cols = int(sizes[layer])
    notes = []
    if kind in ("b", "db"):
        i = 0
    elif i is not None and not 0 <= i < rows:
        notes.append(f"row i = {i} does not exist (W⁽{layer}⁾ has rows 0-{rows - 1})")
        i = None
    if j is not None and not 0 <= j < cols:
        notes.append(f"column j = {j} does not exist (layer {layer} has units 0-{cols - 1})")
        j = None
    entries = [
        (a, c)
        for a in (range(rows) if i is None else [i])
        for c in (range(cols) if j is None else [j])
    ]
    if notes:
        notes.append("showing all of them instead")
    if len(entries) > MAX_LINES:
        notes.append(f"showing the first {MAX_LINES} of {len(entries)}; pick a row or a column")
        entries = entries[:MAX_LINES]
    return entries, "; ".join(notes)


def entry_name(kind: str, layer: int, i: int, j: int) -> str:
    """Display name of one entry, e.g. "w[0,1]" or "dL/db[2]"."""
    base = KIND_NAMES[kind]
    return f"{base}[{j}]" if kind in ("b", "db") else f"{base}[{i},{j}]"


def trajectory_chart(
    hists: Sequence,
    labels: Sequence[str],
    layer: int,
    kind: str,
    i: int | None,
    j: int | None,
    *,
    height: int,
) -> alt.FacetChart:
    """The chosen entries of layer ``layer``'s W/b/dW/db over the steps, one panel per run.

    Under constant init the lines of one row of W^(1) coincide (one line
    drawn over the others): the picture of worksheet 1e/1f.
    """
    sizes = hists[0].params[0].sizes
    entries, _ = trajectory_entries(sizes, layer, kind, i, j)
    parts = []
    for label, h in zip(labels, hists, strict=True):
        keep = _keep(h)
        stack = history_stack(h, layer, kind, keep)  # (R', rows, cols)
        steps = np.asarray(h.steps)[keep]
        for a, c in entries:
            parts.append(
                pd.DataFrame(
                    {
                        "run": label,
                        "entry": entry_name(kind, layer, a, c),
                        "step": steps,
                        "value": stack[:, a, c],
                    }
                )
            )
    frame = pd.concat(parts, ignore_index=True)
    names = list(dict.fromkeys(frame["entry"]))
    what = {"W": "weights", "b": "biases", "dW": "weight gradients", "db": "bias gradients"}
    chart = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("step:Q", title="step"),
            y=alt.Y("value:Q", title=f"{what[kind]} of layer {layer}"),
            color=alt.Color(
                "entry:N",
                sort=names,
                scale=alt.Scale(range=list(theme.CATEGORICAL)),
                # below the panels: beside them, the legend was cut at the page's edge
                legend=alt.Legend(title="entry [i,j]", orient="bottom", columns=4),
            ),
            tooltip=["run:N", "entry:N", "step:Q", alt.Tooltip("value:Q", format=".6g")],
        )
        .properties(width=360, height=height)
        .facet(
            column=alt.Column(
                "run:N",
                sort=list(labels),
                title=None,
                header=alt.Header(labelFontSize=theme.FONT_SIZE, labelFontWeight="bold"),
            )
        )
        .properties(title=f"Trajectories: {what[kind]} of layer {layer}")
    )
    return _axis_config(chart)


def _num(x: float) -> str:
    """A number for LaTeX: 4 significant digits, scientific when tiny or huge."""
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    mantissa, exponent = f"{x:.3e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def update_latex(numbers: dict, layer: int, i: int, j: int) -> str:
    """Worksheet 1e's update of one weight, with the run's numbers plugged in.

    ``numbers`` holds w0, grad, lr, w1 and predicted (see
    ui.weights.runs.first_update).
    """
    w = rf"w_{{{i}{j}}}^{{({layer})}}"
    return (
        rf"{w}[1] = {w}[0] - \eta\,\frac{{\partial L}}{{\partial {w}}}[0]"
        rf" = {_num(numbers['w0'])} - {_num(numbers['lr'])} \cdot "
        rf"\left({_num(numbers['grad'])}\right) = {_num(numbers['predicted'])}"
    )


def spread_latex(spreads: dict, L: int) -> str:
    """Worksheet 1e/1f as numbers: the largest row / column spread over all steps.

    ``spreads[l]`` has "rows" (max over steps and rows of max_j - min_j) and
    "cols" (the same down the columns).
    """
    terms = []
    for layer in range(1, L + 1):
        w = rf"w^{{({layer})}}_{{ij}}(t)"
        if layer < L:
            terms.append(
                rf"\max_{{t,i}}\bigl(\max_j {w} - \min_j {w}\bigr) = {_num(spreads[layer]['rows'])}"
            )
        if layer > 1:
            terms.append(
                rf"\max_{{t,j}}\bigl(\max_i {w} - \min_i {w}\bigr) = {_num(spreads[layer]['cols'])}"
            )
    return r"\begin{aligned}" + r"\\ ".join("&" + t for t in terms) + r"\end{aligned}"
