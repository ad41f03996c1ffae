"""Line charts of the "Logistic regression vs MLP" page (worksheet 1g), in Altair.

Each builder returns a finished Vega-Lite dict (``to_dict(validate=False)``)
whose data sit in named datasets, so ui.logistic_vs_mlp.runs caches it per
configuration and a rerun only fetches it. The stage's decision and unit maps
are in :mod:`ui.logistic_vs_mlp.maps`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from streamlit import dataframe_util

from ui import theme

MODEL_COLOURS = {
    "lr_zero": theme.INIT_COLOURS["zeros"],
    "lr_rand": "#56B4E9",
    "mlp_const": theme.INIT_COLOURS["constant"],
    "mlp_rand": theme.INIT_COLOURS["random"],
}
DIFF_FLOOR = 1e-17  # a log axis cannot show 0; smaller differences are drawn here


def finish(chart: alt.TopLevelMixin, datasets: dict[str, pd.DataFrame]) -> dict:
    """The chart's Vega-Lite dict with shared fonts and ``datasets`` as Arrow bytes.

    Arrow bytes pickle cheaply, so a cached spec costs little to fetch.
    """
    chart = (
        chart.configure_axis(labelFontSize=theme.FONT_SIZE - 3, titleFontSize=theme.FONT_SIZE)
        .configure_legend(labelFontSize=14, titleFontSize=15)
        .configure_title(fontSize=theme.TITLE_SIZE)
    )
    spec = chart.to_dict(validate=False)
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(frame)
        for name, frame in datasets.items()
    }
    return spec


def loss_chart(runs: dict, labels: dict, *, height: int, log: bool = False) -> dict:
    """Mean training loss over steps, one line per model, fixed colours (LR dashed).

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
    dashes = [[7, 4] if k.startswith("lr") else [1, 0] for k in labels]
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    chart = (
        alt.Chart(alt.Data(name="loss"), title="Mean cross-entropy loss over training steps")
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("step:Q", title="training step"),
            y=alt.Y("loss:Q", title="mean loss", scale=scale),
            color=alt.Color(
                "model:N",
                scale=alt.Scale(domain=names, range=[MODEL_COLOURS[k] for k in labels]),
                legend=alt.Legend(title=None, orient="right", labelLimit=200),
            ),
            strokeDash=alt.StrokeDash(
                "model:N", legend=None, scale=alt.Scale(domain=names, range=dashes)
            ),
            tooltip=["model:N", "step:Q", alt.Tooltip("loss:Q", format=".4f")],
        )  # fmt: skip
        .properties(height=height, width="container")
    )
    return finish(chart, {"loss": data})


def distance_chart(steps, dist, *, height: int) -> dict:
    """max |theta_zero - theta_random| of the two LR runs over steps (log scale).

    Parameters
    ----------
    steps, dist : ndarray of shape (R,)
    """
    dist = np.maximum(np.asarray(dist, dtype=np.float64), DIFF_FLOOR)
    chart = (
        alt.Chart(alt.Data(name="dist"), title="LR: max |θ_zero − θ_random|")
        .mark_line(strokeWidth=3, color=MODEL_COLOURS["lr_rand"])
        .encode(
            x=alt.X("step:Q", title="training step"),
            y=alt.Y("diff:Q", title="max |Δθ| (log scale)", scale=alt.Scale(type="log")),
            tooltip=["step:Q", alt.Tooltip("diff:Q", title="max |Δθ|", format=".3g")],
        )
        .properties(height=height, width="container")
    )
    return finish(chart, {"dist": pd.DataFrame({"step": np.asarray(steps), "diff": dist})})


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
    x = alt.X("t:Q", title="t   in  θ(t) = (1 − t)·θ₀ + t·θ₁")
    y = alt.Y("loss:Q", title="mean loss", scale=alt.Scale(zero=False))
    colour = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=list(series), range=[colours[k] for k in series]),
        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=520),
    )
    ends = alt.Chart(alt.Data(name="ends")).mark_rule(strokeDash=[4, 4], color="#666")
    line = alt.Chart(alt.Data(name="line"))
    chart = alt.layer(
        ends.encode(x=x),
        line.mark_line(strokeWidth=3).encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                "curve:N",
                alt.Tooltip("t:Q", format=".2f"),
                alt.Tooltip("loss:Q", format=".4f"),
            ],
        ),  # fmt: skip
        line.transform_filter("abs(datum.t) < 1e-9 || abs(datum.t - 1) < 1e-9")
        .mark_point(filled=True, size=110)
        .encode(x=x, y=y, color=colour),
    ).properties(title=title, height=height, width="container")
    return finish(chart, {"line": data, "ends": pd.DataFrame({"t": [0.0, 1.0]})})
