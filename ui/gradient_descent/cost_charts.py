"""Cost charts of the gradient-descent page: three gradient methods over d, and error vs eps.

Altair charts with named datasets (see charts.py); specs are cached per
configuration in runs.py.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme
from ui.gradient_descent.charts import spec_of, styled

MACHINE_EPS = float(np.finfo(float).eps)
# CostPoint field prefix -> label, colour (chart order)
METHODS = {
    "numeric": ("numerical (forward differences)", theme.CATEGORICAL[5]),
    "forward": ("forward mode (one jvp per entry)", theme.CATEGORICAL[2]),
    "backprop": ("backprop (one backward pass)", theme.CATEGORICAL[0]),
}
DIFFERENCES = ("forward difference", "central difference")
DIFF_COLOURS = (theme.CATEGORICAL[0], theme.CATEGORICAL[1])
UNITS = {"ops": "ops", "ms": "seconds"}  # chart field -> CostPoint field suffix


def cost_frame(points) -> pd.DataFrame:
    """Long table of the cost measurement: method, d, passes, ops, ms.

    Parameters
    ----------
    points : list of lessons.cost.CostPoint
    """
    rows = []
    for p in points:
        passes = {"numeric": p.numeric_evals, "forward": p.forward_passes, "backprop": 1}
        for key, (label, _) in METHODS.items():
            rows.append((label, p.d, passes[key], getattr(p, f"{key}_ops"),
                         1e3 * getattr(p, f"{key}_seconds")))  # fmt: skip
    return pd.DataFrame(rows, columns=["method", "d", "passes", "ops", "ms"])


def cost_table(points) -> pd.DataFrame:
    """One row per d, for display and CSV export."""
    out = {"d": [p.d for p in points], "entries P": [p.params for p in points]}
    out["loss evaluations (numerical)"] = [p.numeric_evals for p in points]
    out["jvp passes (forward mode)"] = [p.forward_passes for p in points]
    for key, (label, _) in METHODS.items():
        out[f"counted ops ({label.split(' (')[0]})"] = [getattr(p, f"{key}_ops") for p in points]
    for key, (label, _) in METHODS.items():
        out[f"time ms ({label.split(' (')[0]})"] = [
            1e3 * getattr(p, f"{key}_seconds") for p in points
        ]
    out["max |numerical − backprop|"] = [p.max_diff for p in points]
    out["max |forward − backprop| / max |backprop|"] = [p.forward_rel_diff for p in points]
    return pd.DataFrame(out)


def fit_frame(points, fits: dict, field: str) -> pd.DataFrame:
    """The fitted power laws as lines: method, d, fit, slope (no row for a missing fit)."""
    shift = np.log(1e3) if field == "ms" else 0.0  # seconds -> milliseconds
    d_hi = max(p.d for p in points)
    d_lo = min(max(float(fits.get("d_from", 2.0)), 2.0), d_hi)
    frames = [pd.DataFrame(columns=["method", "d", "fit", "slope"])]
    for key, (label, _) in METHODS.items():
        slope, intercept = fits.get(f"{key}_{UNITS[field]}", (np.nan, np.nan))
        if not (np.isfinite(slope) and np.isfinite(intercept)):
            continue
        ds = np.geomspace(d_lo, d_hi, 20)
        frames.append(pd.DataFrame({"method": label, "d": ds,
                                    "fit": np.exp(intercept + shift) * ds**slope,
                                    "slope": round(slope, 2)}))  # fmt: skip
    return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)


def cost_chart(points, fits: dict, field: str, height: int, font: int = theme.FONT_SIZE) -> dict:
    """Log-log chart of one cost measure vs d: measured points and fitted lines.

    Parameters
    ----------
    points : list of lessons.cost.CostPoint
    fits : dict
        ``<method>_ops`` and ``<method>_seconds`` -> (slope, natural-log
        intercept) for method in numeric, forward, backprop, and ``d_from``.
    field : {"ops", "ms"}
    """
    title = {"ops": "Counted operations", "ms": "Wall time"}[field]
    y_title = {"ops": "operations", "ms": "wall time (ms)"}[field]
    y_format = {"ops": "~s", "ms": "~g"}[field]
    labels = [label for label, _ in METHODS.values()]
    colour = alt.Color(
        "method:N",
        scale=alt.Scale(domain=labels, range=[c for _, c in METHODS.values()]),
        legend=alt.Legend(title=None, orient="bottom", direction="vertical"),
    )
    ds = [p.d for p in points]
    x = alt.X("d:Q", title="d (the weight matrices are d × d)",
              scale=alt.Scale(type="log", domain=[min(ds), max(ds)], nice=False),
              axis=alt.Axis(values=ds))  # fmt: skip
    measured = alt.Chart(alt.Data(name="cost")).mark_line(
        strokeWidth=2.5, point=alt.OverlayMarkDef(size=60)
    ).encode(
        x=x,
        y=alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(type="log"),
                axis=alt.Axis(format=y_format)),
        color=colour,
        tooltip=[alt.Tooltip("method:N"), alt.Tooltip("d:Q"), alt.Tooltip("passes:Q"),
                 alt.Tooltip("ops:Q", format=","), alt.Tooltip("ms:Q", format=".3g")],
    )  # fmt: skip
    fitted = alt.Chart(alt.Data(name="fit")).mark_line(strokeDash=[6, 4], strokeWidth=1.5).encode(
        x=x, y=alt.Y("fit:Q"), color=colour,
        tooltip=[alt.Tooltip("method:N"), alt.Tooltip("slope:Q", title="fitted slope",
                                                      format=".2f")],
    )  # fmt: skip
    chart = alt.layer(measured, fitted).properties(
        height=int(height), width="container", title=title
    )
    data = {"cost": cost_frame(points), "fit": fit_frame(points, fits, field)}
    return spec_of(styled(chart, font), data)


# ---------------------------------------------------------------- error vs eps


def eps_frame(curve: dict) -> pd.DataFrame:
    """Long table eps, method, error (errors of exactly 0 dropped for the log axis)."""
    frames = [
        pd.DataFrame({"eps": curve["eps"], "method": name, "error": curve[key]})
        for key, name in zip(("forward", "central"), DIFFERENCES, strict=True)
    ]
    data = pd.concat(frames, ignore_index=True)
    return data[np.isfinite(data["error"]) & (data["error"] > 0)].reset_index(drop=True)


def best_frame(curve: dict) -> pd.DataFrame:
    """The minimum of each curve: method, eps, error, label."""
    rows = [
        (name, *curve[key])
        for key, name in zip(("best_forward", "best_central"), DIFFERENCES, strict=True)
    ]
    best = pd.DataFrame(rows, columns=["method", "eps", "error"])
    best = best[np.isfinite(best["eps"]) & np.isfinite(best["error"]) & (best["error"] > 0)]
    best = best.reset_index(drop=True)
    best["label"] = [f"min at ε = {e:.0e}" for e in best["eps"]]
    return best


def eps_chart(curve: dict, height: int, font: int = theme.FONT_SIZE) -> dict:
    """Error vs eps (log-log) for both differences, minima marked, √u and ∛u guides."""
    colour = alt.Color(
        "method:N",
        scale=alt.Scale(domain=list(DIFFERENCES), range=list(DIFF_COLOURS)),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    x = alt.X("eps:Q", title="step size ε", scale=alt.Scale(type="log"),
              axis=alt.Axis(format=".0e"))  # fmt: skip
    y = alt.Y("error:Q", title="max |error| vs exact gradient", scale=alt.Scale(type="log"),
              axis=alt.Axis(format=".0e"))  # fmt: skip
    guides = pd.DataFrame(
        {"eps": [MACHINE_EPS**0.5, MACHINE_EPS ** (1 / 3)], "label": ["√u", "∛u"]}
    )
    rules = alt.Chart(alt.Data(name="guides")).mark_rule(strokeDash=[3, 3], color="#666666")
    rules = rules.encode(x=alt.X("eps:Q"))
    names = (
        alt.Chart(alt.Data(name="guides"))
        .mark_text(align="left", dx=4, y=10, fontSize=font - 2, color="#444444")
        .encode(x=alt.X("eps:Q"), text="label:N")
    )
    lines = alt.Chart(alt.Data(name="errors")).mark_line(strokeWidth=2.5, point=True).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("method:N"), alt.Tooltip("eps:Q", format=".1e"),
                 alt.Tooltip("error:Q", format=".2e")],
    )  # fmt: skip
    best = (
        alt.Chart(alt.Data(name="best"))
        .mark_point(shape="diamond", size=320, filled=True, stroke="black", opacity=1)
        .encode(x=alt.X("eps:Q"), y=alt.Y("error:Q"), color=colour)
    )
    best_text = (
        alt.Chart(alt.Data(name="best"))
        .mark_text(dy=26, fontSize=font - 2, fontWeight="bold")
        .encode(x=alt.X("eps:Q"), y=alt.Y("error:Q"), color=colour, text="label:N")
    )
    chart = alt.layer(rules, names, lines, best, best_text).properties(
        height=int(height), width="container", title="Finite-difference error vs step size"
    )
    data = {"errors": eps_frame(curve), "best": best_frame(curve), "guides": guides}
    return spec_of(styled(chart, font), data)
