"""Altair charts for the symmetry page: distinct hidden units and their spread.

The spread between hidden units is 0 exactly (or ~1e-17 round-off) under
constant initialisation, which a log scale cannot draw; values are clipped
at :data:`ui.symmetry.runs.SPREAD_FLOOR` for drawing (tooltips keep the
true value) and the chart says so.
"""

from __future__ import annotations

import copy
import json

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from ui import theme
from ui.heatmaps import matrix_frame, weight_heatmap
from ui.network_chart import network_data, network_spec, with_data
from ui.network_diagram import network_dot
from ui.symmetry.runs import INIT_LABELS, SPREAD_FLOOR, SymConfig, comparison, run

RUN_COLOURS = {
    "constant a": theme.INIT_COLOURS["constant"],
    "zeros": theme.INIT_COLOURS["zeros"],
    "random normal σ": theme.INIT_COLOURS["random"],
    "constant a with noise ε": theme.INIT_COLOURS["noise"],
}


def _axis_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_axis(
        labelFontSize=theme.FONT_SIZE - 2, titleFontSize=theme.FONT_SIZE
    ).configure_title(fontSize=theme.TITLE_SIZE, anchor="start")


def shared_domain(*matrices: np.ndarray) -> list[float]:
    """One symmetric colour domain covering every matrix (for side-by-side heatmaps)."""
    return theme.symmetric_domain(np.concatenate([np.ravel(m) for m in matrices]))


def _frame(frames: pd.DataFrame | list[pd.DataFrame]) -> pd.DataFrame:
    if isinstance(frames, pd.DataFrame):
        return frames
    return pd.concat(list(frames), ignore_index=True)


def _step_rule(current: int) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"step": [int(current)]}))
        .mark_rule(color="#444", strokeDash=[4, 3], strokeWidth=2)
        .encode(
            x=alt.X("step:Q", title="gradient step"),
            tooltip=[alt.Tooltip("step:Q", title="shown step")],
        )
    )


def _layers(*charts: alt.Chart | None) -> alt.LayerChart:
    return alt.layer(*(c for c in charts if c is not None))


def distinct_frame(steps, distinct, run: str) -> pd.DataFrame:
    """Long table: step, run, distinct (number of distinct hidden units).

    Parameters
    ----------
    steps, distinct : array_like of shape (R,)
    run : str
        The initialisation's label (one of :data:`RUN_COLOURS`).
    """
    steps = np.asarray(steps, dtype=np.int64)
    return pd.DataFrame(
        {"step": steps, "run": run, "distinct": np.asarray(distinct, dtype=np.int64)}
    )


def distinct_chart(
    frame: pd.DataFrame | list[pd.DataFrame], d1: int, current: int | None, height: int
) -> alt.LayerChart:
    """Distinct hidden units over steps (one line per run in ``frame``).

    Parameters
    ----------
    frame : DataFrame or list of DataFrame
        From :func:`distinct_frame` (one per run).
    d1 : int
        Hidden-layer width (top of the y axis).
    current : int or None
        The step shown elsewhere on the page (a dashed rule); None: no rule.
    height : int
        Chart height in pixels.
    """
    frame = _frame(frame)
    runs = list(dict.fromkeys(frame["run"]))
    line = (
        alt.Chart(frame, title=f"Distinct hidden units (of d⁽¹⁾ = {d1})")
        .mark_line(interpolate="step-after", strokeWidth=3, point=len(frame) <= 60)
        .encode(
            x=alt.X("step:Q", title="gradient step"),
            y=alt.Y(
                "distinct:Q",
                title="distinct hidden units",
                scale=alt.Scale(domain=[0, d1 + 0.3], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "run:N",
                title="init",
                scale=alt.Scale(domain=runs, range=[RUN_COLOURS.get(r, "#333") for r in runs]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["run:N", "step:Q", alt.Tooltip("distinct:Q", title="distinct units")],
        )
    )
    rule = None if current is None else _step_rule(current)
    return _axis_config(_layers(line, rule).properties(height=height))


def spread_frame(steps, spread, run: str, floor: float = SPREAD_FLOOR) -> pd.DataFrame:
    """Long table: step, run, spread (true) and shown (clipped at ``floor``).

    Parameters
    ----------
    steps, spread : array_like of shape (R,)
        lessons.symmetry.spread of the hidden layer at each recorded step.
    run : str
    floor : float
        Smallest value drawn on the log axis.
    """
    spread = np.asarray(spread, dtype=np.float64)
    return pd.DataFrame(
        {
            "step": np.asarray(steps, dtype=np.int64),
            "run": run,
            "spread": spread,
            "shown": np.maximum(spread, floor),
        }
    )


def spread_chart(
    frame: pd.DataFrame | list[pd.DataFrame],
    current: int | None,
    height: int,
    floor: float = SPREAD_FLOOR,
) -> alt.LayerChart:
    """Spread between hidden units over steps, log scale with a floor.

    Parameters
    ----------
    frame : DataFrame or list of DataFrame
        From :func:`spread_frame` (one per run).
    current : int or None
        The step shown elsewhere on the page (a dashed rule); None: no rule.
    height : int
    floor : float
        The clip value (exact zeros are drawn here; a grey line marks it).
    """
    frame = _frame(frame)
    runs = list(dict.fromkeys(frame["run"]))
    top = max(1.0, float(frame["shown"].max()) * 3)
    line = (
        alt.Chart(frame, title="Spread between hidden units (log scale)")
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("step:Q", title="gradient step"),
            y=alt.Y(
                "shown:Q",
                title="max difference between units",
                scale=alt.Scale(type="log", domain=[floor / 3, top], nice=False),
                axis=alt.Axis(format=".0e", tickCount=8),
            ),
            color=alt.Color(
                "run:N",
                title="init",
                scale=alt.Scale(domain=runs, range=[RUN_COLOURS.get(r, "#333") for r in runs]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "run:N",
                "step:Q",
                alt.Tooltip("spread:Q", title="spread (true value)", format=".3e"),
            ],
        )
    )
    floor_rule = (
        alt.Chart(pd.DataFrame({"y": [floor], "text": [f"exact 0 drawn at {floor:.0e}"]}))
        .mark_rule(color="#999", strokeDash=[2, 2])
        .encode(y=alt.Y("y:Q", title="max difference between units"))
    )
    floor_text = floor_rule.mark_text(
        align="left", baseline="bottom", dx=4, dy=-2, color="#666", fontSize=theme.FONT_SIZE - 3
    ).encode(text="text:N", x=alt.value(0))
    rule = None if current is None else _step_rule(current)
    layers = _layers(floor_rule, floor_text, line, rule)
    return _axis_config(layers.properties(height=height))


# ---------------------------------------------------------------- diagram


def step_dot(res: dict, sizes: tuple[int, ...], step: int, legend: bool = True) -> str:
    """DOT of a :func:`ui.symmetry.runs.run` result at ``step`` (example 1's x and δ).

    Hidden units are coloured by their group (identical units share a colour).
    """
    x, delta = res["x"], res["delta"]
    return network_dot(
        sizes,
        [None, res["W"][1][step], res["W"][2][step]],
        [x[0][step][0], x[1][step][0], x[2][step][0]],
        [None, delta[1][step][0], delta[2][step][0]],
        {1: res["groups"][step]},
        legend=legend,
    )


# ---------------------------------------------------------------- cached specs


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite dict of a chart for ``st.vega_lite_chart``.

    Named datasets become DataFrames (Streamlit ships them as Arrow tables,
    as st.altair_chart does); Altair's default view size is dropped.
    """
    spec = chart.to_dict(validate=False)
    spec.get("config", {}).pop("view", None)
    spec["datasets"] = {name: pd.DataFrame(rows) for name, rows in spec["datasets"].items()}
    # Streamlit's default for layers ("fit") squeezes the plot to make room for
    # the legend; fit the width only and let the height hold the plot.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def with_step_rule(spec: dict, step: int) -> dict:
    """A copy of a layered history chart's spec with a dashed rule at ``step``."""
    out = copy.deepcopy(spec)
    out["layer"].append(
        {
            "data": {"values": [{"step": int(step)}]},
            "mark": {"type": "rule", "color": "#444", "strokeDash": [4, 3], "strokeWidth": 2},
            "encoding": {
                "x": {"field": "step", "type": "quantitative", "title": "gradient step"},
                "tooltip": [{"field": "step", "type": "quantitative", "title": "shown step"}],
            },
        }
    )
    return out


@st.cache_data(max_entries=64, show_spinner=False)
def history_specs(cfg: SymConfig, height: int) -> dict[str, dict]:
    """Specs of the step-independent charts: "distinct", "spread", "compare".

    Add the shown step with :func:`with_step_rule` (so moving the step
    rebuilds nothing).
    """
    res, label = run(cfg), INIT_LABELS[cfg.init]
    runs = comparison(cfg)
    frames = [spread_frame(r["steps"], r["spread"], INIT_LABELS[i]) for i, r in runs.items()]
    return {
        "distinct": spec_of(
            distinct_chart(
                distinct_frame(res["steps"], res["distinct"], label), cfg.d1, None, height
            )
        ),
        "spread": spec_of(
            spread_chart(spread_frame(res["steps"], res["spread"], label), None, height)
        ),
        "compare": spec_of(spread_chart(frames, None, height)),
    }


def _named(spec: dict, names: tuple[str, ...]) -> dict:
    """Rename a spec's datasets (Altair names them by content hash) to fixed ``names``,
    so two steps' specs differ only in their data and the browser updates in place."""
    mapping = dict(zip(list(spec["datasets"]), names, strict=True))
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    for old, new in mapping.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    out = json.loads(text)
    out["datasets"] = {mapping[k]: v for k, v in spec["datasets"].items()}
    return out


@st.cache_data(max_entries=64, show_spinner=False)
def _heatmap_bases(cfg: SymConfig) -> tuple[dict, dict]:
    """The W^(1) and W^(2) heatmap specs of a run, drawn at step 0.

    One colour domain over both matrices and every step of the run, titles
    without the step, fixed dataset names ("W1", "W2"): another step changes
    only the data, so the browser redraws the cells without re-embedding.
    """
    res = run(cfg)
    domain = shared_domain(res["W"][1], res["W"][2])
    specs = []
    for name, title in (("W1", "W⁽¹⁾ (rows = from, columns = to)"), ("W2", "W⁽²⁾")):
        spec = spec_of(weight_heatmap(res["W"][int(name[1])][0], title, domain=domain, cell=48))
        spec["autosize"] = {"type": "pad", "contains": "padding"}
        specs.append(_named(spec, (name,)))
    return specs[0], specs[1]


def heatmap_specs(cfg: SymConfig, step: int) -> tuple[dict, dict]:
    """Specs of the W^(1) and W^(2) heatmaps at ``step`` (see :func:`_heatmap_bases`)."""
    res = run(cfg)
    return tuple(
        with_data(base, {name: matrix_frame(res["W"][int(name[1])][step])})
        for base, name in zip(_heatmap_bases(cfg), ("W1", "W2"), strict=True)
    )


@st.cache_data(max_entries=64, show_spinner=False)
def stage_spec(sizes: tuple[int, ...], height: int, font: int) -> dict:
    """The network diagram's spec for one shape (cached; data come per step)."""
    return network_spec(sizes, height, font)


def stage_chart(res: dict, sizes: tuple[int, ...], step: int, height: int, font: int) -> dict:
    """The network diagram at ``step`` (example 1's x and δ), hidden clones in one colour."""
    x, delta = res["x"], res["delta"]
    data = network_data(
        sizes,
        [None, res["W"][1][step], res["W"][2][step]],
        [x[0][step][0], x[1][step][0], x[2][step][0]],
        [None, delta[1][step][0], delta[2][step][0]],
        {1: res["groups"][step]},
    )
    return with_data(stage_spec(sizes, height, font), data)
