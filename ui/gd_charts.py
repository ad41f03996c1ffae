"""Charts of the "Gradient descent updates" page (Altair), built from plain arrays.

Every chart's data is finite: runs are already cut at their last finite
record, losses are floored at :data:`LOSS_FLOOR` for the log axis.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme

LOSS_FLOOR = 1e-20  # a log axis cannot show 0; smaller losses are drawn here
MACHINE_EPS = float(np.finfo(float).eps)
VERDICT_COLOURS = {
    "converges": "#0072B2",
    "oscillates": "#E69F00",
    "diverges": "#D55E00",
    "stalls": "#CC79A7",
    "slow": "#009E73",
}
USER_COLOUR = "#000000"


def _axis_font(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_axis(labelFontSize=theme.FONT_SIZE - 2, titleFontSize=theme.FONT_SIZE)\
        .configure_legend(labelFontSize=theme.FONT_SIZE - 2, titleFontSize=theme.FONT_SIZE - 1,
                          labelLimit=320)\
        .configure_title(fontSize=theme.TITLE_SIZE)  # fmt: skip


def runs_frame(runs) -> pd.DataFrame:
    """Long table of runs: label, eta, verdict, step, loss, loss_shown, residual.

    Parameters
    ----------
    runs : list of (label, eta, verdict, core.descent.Run)
    """
    frames = []
    for label, eta, verdict, r in runs:
        k = np.arange(len(r.losses))
        frames.append(
            pd.DataFrame(
                {
                    "series": f"{label} ({verdict})",
                    "eta": float(eta),
                    "verdict": verdict,
                    "step": k,
                    "loss": r.losses,
                    "loss_shown": np.maximum(r.losses, LOSS_FLOOR),
                    "residual": r.residuals,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _colour(runs) -> alt.Scale:
    labels = [f"{label} ({verdict})" for label, _, verdict, _ in runs]
    colours = [VERDICT_COLOURS.get(v, "#999999") for _, _, v, _ in runs[:-1]] + [USER_COLOUR]
    return alt.Scale(domain=labels, range=colours)


def loss_chart(runs, t: int | None, height: int) -> alt.TopLevelMixin:
    """Loss over steps for every rate on a log axis, with the stepper's t marked."""
    data = runs_frame(runs)
    scale = _colour(runs)
    base = alt.Chart(data).encode(
        x=alt.X("step:Q", title="step t"),
        y=alt.Y("loss_shown:Q", scale=alt.Scale(type="log"), title="loss (log scale)"),
        color=alt.Color("series:N", scale=scale, legend=alt.Legend(title="rate", orient="bottom",
                                                                    columns=2)),
        strokeDash=alt.condition(alt.datum.series == scale.domain[-1], alt.value([6, 3]),
                                 alt.value([1, 0])),
        tooltip=["series:N", "step:Q", alt.Tooltip("loss:Q", format=".4g")],
    )  # fmt: skip
    layers = [base.mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=25))]
    if t is not None:
        rule = alt.Chart(pd.DataFrame({"t": [t], "label": [f"t = {t}"]}))
        layers.append(rule.mark_rule(color="#555", strokeDash=[2, 2]).encode(x="t:Q"))
    chart = alt.layer(*layers).properties(height=height, title="Loss over steps")
    return _axis_font(chart)


def residual_chart(runs, height: int) -> alt.TopLevelMixin:
    """Signed prediction error over steps: a sign change each step is an overshoot.

    The y axis is fixed to 1.5 times the starting error, so a diverging run
    leaves the frame instead of flattening the others.
    """
    data = runs_frame(runs)
    r0 = float(abs(data["residual"].iloc[0])) or 1.0
    scale = _colour(runs)
    base = alt.Chart(data).encode(
        x=alt.X("step:Q", title="step t"),
        y=alt.Y("residual:Q", scale=alt.Scale(domain=[-1.5 * r0, 1.5 * r0]),
                title="prediction − target"),
        color=alt.Color("series:N", scale=scale, legend=None),
        tooltip=["series:N", "step:Q", alt.Tooltip("residual:Q", format=".4g")],
    )  # fmt: skip
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#333").encode(y="y:Q")
    chart = alt.layer(zero, base.mark_line(strokeWidth=2.5, clip=True, point=True)).properties(
        height=height, title="Overshoot: prediction − target (along its first direction)"
    )
    return _axis_font(chart)


def cost_frame(points) -> pd.DataFrame:
    """Long table of the cost measurement: d, method, ops, evals, ms.

    Parameters
    ----------
    points : list of core.cost.CostPoint
    """
    rows = []
    for p in points:
        rows.append(("numerical (forward differences)", p.d, p.numeric_ops, p.numeric_evals,
                     1e3 * p.numeric_seconds))
        rows.append(("backprop (core.graph)", p.d, p.backprop_ops, 1, 1e3 * p.backprop_seconds))
    return pd.DataFrame(rows, columns=["method", "d", "ops", "evals", "ms"])  # fmt: skip


def cost_table(points) -> pd.DataFrame:
    """One row per d, for display and CSV export."""
    return pd.DataFrame(
        {
            "d": [p.d for p in points],
            "loss evaluations (numerical)": [p.numeric_evals for p in points],
            "counted ops (numerical)": [p.numeric_ops for p in points],
            "counted ops (backprop)": [p.backprop_ops for p in points],
            "time ms (numerical)": [1e3 * p.numeric_seconds for p in points],
            "time ms (backprop)": [1e3 * p.backprop_seconds for p in points],
            "max |numerical - backprop|": [p.max_diff for p in points],
        }
    )


def cost_chart(points, fits: dict, field: str, height: int) -> alt.TopLevelMixin:
    """Log-log chart of one cost measure vs d, measured points and fitted lines.

    Parameters
    ----------
    points : list of core.cost.CostPoint
    fits : dict
        ``{"numerical ...": (slope, intercept), "backprop ...": (...)}`` keyed by
        the method names of :func:`cost_frame`; intercept is a natural log.
    field : {"ops", "ms"}
    """
    data = cost_frame(points)
    title = {"ops": "counted operations (evaluations × cost)", "ms": "wall time (ms)"}[field]
    lines = []
    for method, (slope, intercept) in fits.items():
        if not (np.isfinite(slope) and np.isfinite(intercept)):
            continue
        ds = np.geomspace(data["d"].min(), data["d"].max(), 20)
        lines.append(pd.DataFrame({"method": method, "d": ds,
                                   "fit": np.exp(intercept) * ds**slope, "slope": slope}))  # fmt: skip
    colour = alt.Color("method:N", scale=alt.Scale(range=[theme.CATEGORICAL[5], theme.CATEGORICAL[0]]),
                       legend=alt.Legend(title=None, orient="bottom"))  # fmt: skip
    measured = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=60), strokeWidth=2.5)
        .encode(
            x=alt.X("d:Q", scale=alt.Scale(type="log"), title="d (W1, W2 are d × d)"),
            y=alt.Y(f"{field}:Q", scale=alt.Scale(type="log"), title=title),
            color=colour,
            tooltip=["method:N", "d:Q", "evals:Q", "ops:Q", alt.Tooltip("ms:Q", format=".3g")],
        )
    )
    layers = [measured]
    if lines:
        fit = (
            alt.Chart(pd.concat(lines, ignore_index=True))
            .mark_line(strokeDash=[6, 4], strokeWidth=1.5)
            .encode(x="d:Q", y="fit:Q", color=colour,
                    tooltip=["method:N", alt.Tooltip("slope:Q", format=".2f")])
        )  # fmt: skip
        layers.append(fit)
    chart = alt.layer(*layers).properties(height=height, title=title.capitalize())
    return _axis_font(chart)


def eps_frame(curve: dict) -> pd.DataFrame:
    """Long table eps, method, error (errors of exactly 0 dropped for the log axis)."""
    frames = [
        pd.DataFrame({"eps": curve["eps"], "method": name, "error": curve[key]})
        for key, name in (("forward", "forward difference"), ("central", "central difference"))
    ]
    data = pd.concat(frames, ignore_index=True)
    return data[np.isfinite(data["error"]) & (data["error"] > 0)]


def eps_chart(curve: dict, height: int) -> alt.TopLevelMixin:
    """Error vs eps (log-log) for both differences, minima marked, √u and ∛u guides."""
    data = eps_frame(curve)
    colour = alt.Color("method:N", scale=alt.Scale(range=[theme.CATEGORICAL[0], theme.CATEGORICAL[1]]),
                       legend=alt.Legend(title=None, orient="bottom"))  # fmt: skip
    x = alt.X("eps:Q", scale=alt.Scale(type="log"), title="step size ε", axis=alt.Axis(format=".0e"))
    y = alt.Y("error:Q", scale=alt.Scale(type="log"), title="max |error| vs exact gradient",
              axis=alt.Axis(format=".0e"))  # fmt: skip
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=y, color=colour, tooltip=["method:N", alt.Tooltip("eps:Q", format=".1e"),
                                         alt.Tooltip("error:Q", format=".2e")])  # fmt: skip
    best = pd.DataFrame(
        [
            {"method": "forward difference", "eps": curve["best_forward"][0],
             "error": curve["best_forward"][1]},
            {"method": "central difference", "eps": curve["best_central"][0],
             "error": curve["best_central"][1]},
        ]
    )  # fmt: skip
    best = best[np.isfinite(best["eps"]) & np.isfinite(best["error"]) & (best["error"] > 0)]
    best["label"] = [f"min at ε = {e:.0e}" for e in best["eps"]]
    marks = alt.Chart(best).encode(x="eps:Q", y="error:Q", color=colour)
    points = marks.mark_point(size=300, shape="diamond", filled=True, stroke="black")
    text = marks.mark_text(dy=26, fontSize=theme.FONT_SIZE - 2, fontWeight="bold").encode(
        text="label:N"
    )
    guides = pd.DataFrame(
        {"eps": [MACHINE_EPS**0.5, MACHINE_EPS ** (1 / 3)], "label": ["√u", "∛u"]}
    )
    rule = alt.Chart(guides).mark_rule(strokeDash=[3, 3], color="#666").encode(x="eps:Q")
    rule_text = alt.Chart(guides).mark_text(
        align="left", dx=4, y=8, fontSize=theme.FONT_SIZE - 2, color="#444"
    ).encode(x="eps:Q", text="label:N")
    chart = alt.layer(rule, rule_text, lines, points, text).properties(
        height=height, title="Finite-difference error vs step size"
    )
    return _axis_font(chart)
