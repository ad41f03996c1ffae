"""Learning-rate charts of the gradient-descent page (Altair, named datasets).

Every builder returns a finished Vega-Lite dict whose data are named datasets
(``alt.Data(name=...)``), so runs.py can cache the spec per configuration and
the stepper can swap only the per-step dataset ("now"): the spec the browser
holds stays byte-for-byte the same between steps, and Vega updates the chart
in place instead of re-embedding it. Every value in the data is finite: runs
are already cut at their last finite record and losses are floored at
:data:`LOSS_FLOOR` for the log axis.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme

LOSS_FLOOR = 1e-20  # a log axis cannot show 0; smaller losses are drawn here
VERDICT_COLOURS = {
    "converges": "#0072B2",
    "oscillates": "#E69F00",
    "diverges": "#D55E00",
    "stalls": "#CC79A7",
    "slow": "#009E73",
}
USER_COLOUR = "#000000"
WARN_COLOUR = "#C0392B"
END_WORDS = {"diverges": "✕ diverges", "stalls": "stalls"}


def spec_of(chart: alt.TopLevelMixin, datasets: dict[str, pd.DataFrame]) -> dict:
    """The Vega-Lite dict of ``chart`` (no schema validation) with ``datasets`` attached.

    Width follows the container; ``height`` is the plot area (axes, title and
    legend come on top of it).
    """
    spec = chart.to_dict(validate=False)
    spec.pop("datasets", None)
    spec.get("config", {}).pop("view", None)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["datasets"] = dict(datasets)
    return spec


def styled(chart: alt.TopLevelMixin, font: int = theme.FONT_SIZE) -> alt.TopLevelMixin:
    """Shared fonts: labels ``font`` px, titles 2 px larger (readable on a projector)."""
    return (
        chart.configure_axis(labelFontSize=font - 2, titleFontSize=font)
        .configure_legend(labelFontSize=font - 2, titleFontSize=font - 1, labelLimit=360,
                          symbolStrokeWidth=3)
        .configure_title(fontSize=font + 2, anchor="start")
        .configure_view(stroke=None)
    )  # fmt: skip


# ---------------------------------------------------------------- data


def series_label(label: str, verdict: str) -> str:
    """A curve's legend entry: "0.05 converges", "your 0.1 diverges" (legend title: η)."""
    return f"{label.replace('η = ', '')} {verdict}"


def runs_frame(runs) -> pd.DataFrame:
    """Long table of runs: series, kind, eta, verdict, step, loss, loss_shown, residual.

    Parameters
    ----------
    runs : list of (label, eta, verdict, lessons.descent.updates.Run)
        The last one is the user's rate (kind "your rate"), the others presets.
    """
    frames = [
        pd.DataFrame(
            {
                "series": series_label(label, verdict),
                "kind": "your rate" if i == len(runs) - 1 else "preset",
                "eta": float(eta),
                "verdict": verdict,
                "step": np.arange(len(r.losses)),
                "loss": r.losses,
                "loss_shown": np.maximum(r.losses, LOSS_FLOOR),
                "residual": r.residuals,
            }
        )
        for i, (label, eta, verdict, r) in enumerate(runs)
    ]
    return pd.concat(frames, ignore_index=True)


def ends_frame(runs, steps: int) -> pd.DataFrame:
    """Where a diverging or stalling curve ends: series, step, loss_shown, text, right
    (True when the end is in the right half, where the word goes to its left)."""
    rows = [
        (series_label(label, verdict), len(r.losses) - 1,
         max(float(r.losses[-1]), LOSS_FLOOR), END_WORDS[verdict],
         len(r.losses) - 1 > steps / 2)
        for label, _, verdict, r in runs
        if verdict in END_WORDS and len(r.losses)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["series", "step", "loss_shown", "text", "right"])


def now_frame(losses, t: int) -> pd.DataFrame:
    """The marker of the shown step t on the user's curve: step, loss, loss_shown, text."""
    value = float(losses[t]) if 0 <= t < len(losses) else float("nan")
    shown = max(value, LOSS_FLOOR) if np.isfinite(value) else LOSS_FLOOR
    return pd.DataFrame({"step": [int(t)], "loss": [value if np.isfinite(value) else 0.0],
                         "loss_shown": [shown], "text": [f"t = {int(t)}"]})  # fmt: skip


# ---------------------------------------------------------------- charts


def _colour(runs, legend: alt.Legend | None) -> alt.Color:
    labels = [series_label(label, verdict) for label, _, verdict, _ in runs]
    colours = [VERDICT_COLOURS.get(v, "#999999") for _, _, v, _ in runs[:-1]] + [USER_COLOUR]
    return alt.Color("series:N", scale=alt.Scale(domain=labels, range=colours), legend=legend)


_DASH = alt.StrokeDash(
    "kind:N", scale=alt.Scale(domain=["preset", "your rate"], range=[[1, 0], [6, 3]]), legend=None
)


def _legend(columns: int) -> alt.Legend:
    return alt.Legend(title=None, orient="bottom", columns=columns, symbolType="stroke",
                      columnPadding=12, labelLimit=400)  # fmt: skip


def loss_chart(runs, steps: int, height: int, font: int = theme.FONT_SIZE) -> dict:
    """Loss over steps for every rate on a log axis, the shown step marked.

    The user's rate is dashed black. Datasets: "runs" (:func:`runs_frame`),
    "ends" (:func:`ends_frame`, a warning word where a curve blows up or
    stalls) and "now" (:func:`now_frame`, replaced at each step).
    """
    x = alt.X("step:Q", title="step t", scale=alt.Scale(domain=[0, int(steps)], nice=False))
    y = alt.Y("loss_shown:Q", title="loss (log scale)", scale=alt.Scale(type="log"),
              axis=alt.Axis(format=".0e", tickCount=6))  # fmt: skip
    lines = alt.Chart(alt.Data(name="runs")).mark_line(strokeWidth=3, clip=True).encode(
        x=x, y=y, color=_colour(runs, _legend(2)), strokeDash=_DASH,
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("step:Q"),
                 alt.Tooltip("loss:Q", format=".4g")],
    )  # fmt: skip
    ends = [
        alt.Chart(alt.Data(name="ends")).transform_filter(f"{test}datum.right").mark_text(
            align=align, baseline=base, dx=dx, dy=dy, fontSize=font, fontWeight="bold",
            color=WARN_COLOUR,
        ).encode(x=x, y=y, text="text:N")
        for test, align, base, dx, dy in (("!", "left", "top", 6, 2),
                                          ("", "right", "bottom", -2, -6))
    ]  # fmt: skip
    rule = (
        alt.Chart(alt.Data(name="now"))
        .mark_rule(color="#444444", strokeDash=[4, 3], strokeWidth=2)
        .encode(x=x)
    )
    point = alt.Chart(alt.Data(name="now")).mark_point(
        filled=True, size=260, color=USER_COLOUR, stroke="white", strokeWidth=2, opacity=1
    ).encode(x=x, y=y, tooltip=[alt.Tooltip("step:Q", title="shown step t"),
                                alt.Tooltip("loss:Q", format=".4g")])  # fmt: skip
    label = (
        alt.Chart(alt.Data(name="now"))
        .mark_text(align="left", dx=10, dy=-14, fontSize=font, fontWeight="bold", color=USER_COLOUR)
        .encode(x=x, y=y, text="text:N")
    )
    chart = alt.layer(lines, *ends, rule, point, label).properties(
        height=int(height), width="container", title="Loss per learning rate η"
    )
    data = {"runs": runs_frame(runs), "ends": ends_frame(runs, steps), "now": now_frame([], 0)}
    return spec_of(styled(chart, font), data)


def residual_chart(runs, height: int, font: int = theme.FONT_SIZE) -> dict:
    """Signed prediction error over steps: a sign change each step is an overshoot.

    The y axis is fixed to 1.5 times the starting error, so a diverging run
    leaves the frame (clipped) instead of flattening the others.
    """
    data = runs_frame(runs)
    r0 = float(abs(data["residual"].iloc[0])) or 1.0
    x = alt.X("step:Q", title="step t")
    zero = alt.Chart(alt.Data(name="zero")).mark_rule(color="#333333").encode(y="y:Q")
    lines = alt.Chart(alt.Data(name="runs")).mark_line(
        strokeWidth=2.5, clip=True, point=alt.OverlayMarkDef(clip=True)
    ).encode(
        x=x,
        y=alt.Y("residual:Q", title="prediction − target",
                scale=alt.Scale(domain=[-1.5 * r0, 1.5 * r0])),
        color=_colour(runs, _legend(2)), strokeDash=_DASH,
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("step:Q"),
                 alt.Tooltip("residual:Q", format=".4g")],
    )  # fmt: skip
    chart = alt.layer(zero, lines).properties(
        height=int(height), width="container", title="Overshoot: prediction − target"
    )
    return spec_of(styled(chart, font), {"runs": data, "zero": pd.DataFrame({"y": [0.0]})})
