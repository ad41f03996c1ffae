"""Charts of the "Gradient descent updates" page, built from plain arrays.

Each builder returns a Vega-Lite spec (a dict for ``st.vega_lite_chart``)
whose tables sit in ``spec["datasets"]`` under fixed names. Altair would take
hundreds of milliseconds per layered chart to build and serialise; the dict
takes microseconds. Every value in the data is finite: runs are already cut
at their last finite record and losses are floored at :data:`LOSS_FLOOR` for
the log axis.
"""

from __future__ import annotations

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
METHODS = ("numerical (forward differences)", "backprop (core.graph)")
METHOD_COLOURS = (theme.CATEGORICAL[5], theme.CATEGORICAL[0])
DIFFERENCES = ("forward difference", "central difference")
DIFF_COLOURS = (theme.CATEGORICAL[0], theme.CATEGORICAL[1])
LEGEND = {"title": None, "orient": "bottom", "columns": 1}


def _q(field: str, title: str | None = None, **extra) -> dict:
    return {"field": field, "type": "quantitative", **({"title": title} if title else {}), **extra}


def _n(field: str, **extra) -> dict:
    return {"field": field, "type": "nominal", **extra}


def _spec(datasets: dict, layers: list, height: int, title: str, legend_px: int = 0) -> dict:
    """A layered spec with the shared fonts (readable on a projector).

    Streamlit sizes a full-width chart with autosize "fit", where the height
    covers title, axes and legend too; so ``height`` (the plot area) is
    topped up by an allowance for them plus ``legend_px`` for a legend.
    """
    return {
        "height": int(height) + 80 + int(legend_px),
        "title": title,
        "datasets": datasets,
        "layer": layers,
        "config": {
            "axis": {"labelFontSize": theme.FONT_SIZE - 2, "titleFontSize": theme.FONT_SIZE},
            "legend": {
                "labelFontSize": theme.FONT_SIZE - 2,
                "titleFontSize": theme.FONT_SIZE - 1,
                "labelLimit": 360,
            },
            "title": {"fontSize": theme.TITLE_SIZE},
        },
    }


# ---------------------------------------------------------------- learning rates


def runs_frame(runs) -> pd.DataFrame:
    """Long table of runs: series, kind, eta, verdict, step, loss, loss_shown, residual.

    Parameters
    ----------
    runs : list of (label, eta, verdict, lessons.descent.updates.Run)
        The last one is the user's rate (kind "your rate"), the others presets.
    """
    frames = []
    for i, (label, eta, verdict, r) in enumerate(runs):
        frames.append(
            pd.DataFrame(
                {
                    "series": f"{label} ({verdict})",
                    "kind": "your rate" if i == len(runs) - 1 else "preset",
                    "eta": float(eta),
                    "verdict": verdict,
                    "step": np.arange(len(r.losses)),
                    "loss": r.losses,
                    "loss_shown": np.maximum(r.losses, LOSS_FLOOR),
                    "residual": r.residuals,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _series_colour(runs, legend) -> dict:
    labels = [f"{label} ({verdict})" for label, _, verdict, _ in runs]
    colours = [VERDICT_COLOURS.get(v, "#999999") for _, _, v, _ in runs[:-1]] + [USER_COLOUR]
    return _n("series", scale={"domain": labels, "range": colours}, legend=legend)


_DASH = _n("kind", scale={"domain": ["preset", "your rate"], "range": [[1, 0], [6, 3]]},
           legend=None)  # fmt: skip


def loss_chart(runs, height: int) -> dict:
    """Loss over steps for every rate on a log axis (the user's rate dashed, black)."""
    legend = LEGEND
    layer = {
        "data": {"name": "runs"},
        "mark": {"type": "line", "strokeWidth": 3, "point": {"size": 25}},
        "encoding": {
            "x": _q("step", "step t"),
            "y": _q(
                "loss_shown", "loss (log scale)", scale={"type": "log"}, axis={"format": ".0e"}
            ),
            "color": _series_colour(runs, legend),
            "strokeDash": _DASH,
            "tooltip": [_n("series"), _q("step"), _q("loss", format=".4g")],
        },
    }
    return _spec({"runs": runs_frame(runs)}, [layer], height, "Loss over steps", 110)


def with_t_marker(spec: dict, t: int | None) -> dict:
    """A copy of a layered spec with a dashed vertical rule at step t (None: unchanged)."""
    if t is None:
        return spec
    rule = {
        "data": {"values": [{"t": int(t)}]},
        "mark": {"type": "rule", "color": "#555555", "strokeDash": [2, 2], "strokeWidth": 2},
        "encoding": {"x": _q("t"), "tooltip": [_q("t", "current step t")]},
    }
    return {**spec, "layer": [*spec["layer"], rule]}


def residual_chart(runs, height: int) -> dict:
    """Signed prediction error over steps: a sign change each step is an overshoot.

    The y axis is fixed to 1.5 times the starting error, so a diverging run
    leaves the frame (clipped) instead of flattening the others.
    """
    data = runs_frame(runs)
    r0 = float(abs(data["residual"].iloc[0])) or 1.0
    zero = {
        "data": {"values": [{"y": 0.0}]},
        "mark": {"type": "rule", "color": "#333333"},
        "encoding": {"y": _q("y")},
    }
    lines = {
        "data": {"name": "runs"},
        "mark": {"type": "line", "strokeWidth": 2.5, "clip": True, "point": {"clip": True}},
        "encoding": {
            "x": _q("step", "step t"),
            "y": _q("residual", "prediction − target", scale={"domain": [-1.5 * r0, 1.5 * r0]}),
            "color": _series_colour(runs, LEGEND),
            "strokeDash": _DASH,
            "tooltip": [_n("series"), _q("step"), _q("residual", format=".4g")],
        },
    }
    return _spec({"runs": data}, [zero, lines], height, "Overshoot: prediction − target", 110)


# ---------------------------------------------------------------- cost


def cost_frame(points) -> pd.DataFrame:
    """Long table of the cost measurement: method, d, ops, evals, ms.

    Parameters
    ----------
    points : list of lessons.cost.CostPoint
    """
    rows = []
    for p in points:
        rows.append((METHODS[0], p.d, p.numeric_ops, p.numeric_evals, 1e3 * p.numeric_seconds))
        rows.append((METHODS[1], p.d, p.backprop_ops, 1, 1e3 * p.backprop_seconds))
    return pd.DataFrame(rows, columns=["method", "d", "ops", "evals", "ms"])


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


def fit_frame(points, fits: dict, field: str) -> pd.DataFrame:
    """The fitted power laws as lines: method, d, fit, slope (empty if no fit)."""
    keys = {"ops": ("numeric_ops", "backprop_ops"), "ms": ("numeric_seconds", "backprop_seconds")}
    shift = np.log(1e3) if field == "ms" else 0.0  # seconds -> milliseconds
    d_hi = max(p.d for p in points)
    d_lo = min(max(float(fits.get("d_from", 2.0)), 2.0), d_hi)
    frames = [pd.DataFrame(columns=["method", "d", "fit", "slope"])]
    for method, key in zip(METHODS, keys[field], strict=True):
        slope, intercept = fits.get(key, (np.nan, np.nan))
        if not (np.isfinite(slope) and np.isfinite(intercept)):
            continue
        ds = np.geomspace(d_lo, d_hi, 20)
        frames.append(pd.DataFrame({"method": method, "d": ds,
                                    "fit": np.exp(intercept + shift) * ds**slope,
                                    "slope": round(slope, 2)}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def cost_chart(points, fits: dict, field: str, height: int) -> dict:
    """Log-log chart of one cost measure vs d: measured points and fitted lines.

    Parameters
    ----------
    points : list of lessons.cost.CostPoint
    fits : dict
        As returned by ``ui.gradient_descent.runs.fits``: ``numeric_ops``, ``backprop_ops``,
        ``numeric_seconds``, ``backprop_seconds`` -> (slope, natural-log
        intercept) and ``d_from``, the smallest d of the fit.
    field : {"ops", "ms"}
    """
    title = {"ops": "Counted operations", "ms": "Wall time"}[field]
    y_title = {"ops": "operations (evaluations × cost)", "ms": "wall time (ms)"}[field]
    y_format = {"ops": "~s", "ms": "~g"}[field]
    colour = _n("method", scale={"domain": list(METHODS), "range": list(METHOD_COLOURS)},
                legend={"title": None, "orient": "bottom", "direction": "vertical"})  # fmt: skip
    ds = [p.d for p in points]
    x = _q("d", "d (W₁, W₂ are d × d)", scale={"type": "log", "domain": [min(ds), max(ds)],
                                               "nice": False}, axis={"values": ds})  # fmt: skip
    measured = {
        "data": {"name": "cost"},
        "mark": {"type": "line", "strokeWidth": 2.5, "point": {"size": 60}},
        "encoding": {
            "x": x,
            "y": _q(field, y_title, scale={"type": "log"}, axis={"format": y_format}),
            "color": colour,
            "tooltip": [_n("method"), _q("d"), _q("evals"), _q("ops"), _q("ms", format=".3g")],
        },
    }
    fitted = {
        "data": {"name": "fit"},
        "mark": {"type": "line", "strokeDash": [6, 4], "strokeWidth": 1.5},
        "encoding": {
            "x": x,
            "y": _q("fit"),
            "color": colour,
            "tooltip": [_n("method"), _q("slope", "fitted slope", format=".2f")],
        },
    }
    data = {"cost": cost_frame(points), "fit": fit_frame(points, fits, field)}
    return _spec(data, [measured, fitted], height, title, 60)


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


def eps_chart(curve: dict, height: int) -> dict:
    """Error vs eps (log-log) for both differences, minima marked, √u and ∛u guides."""
    colour = _n("method", scale={"domain": list(DIFFERENCES), "range": list(DIFF_COLOURS)},
                legend={"title": None, "orient": "bottom"})  # fmt: skip
    x = _q("eps", "step size ε", scale={"type": "log"}, axis={"format": ".0e"})
    y = _q("error", "max |error| vs exact gradient", scale={"type": "log"},
           axis={"format": ".0e"})  # fmt: skip
    guides = pd.DataFrame(
        {"eps": [MACHINE_EPS**0.5, MACHINE_EPS ** (1 / 3)], "label": ["√u", "∛u"]}
    )
    layers = [
        {
            "data": {"name": "guides"},
            "mark": {"type": "rule", "strokeDash": [3, 3], "color": "#666666"},
            "encoding": {"x": _q("eps")},
        },
        {
            "data": {"name": "guides"},
            "mark": {"type": "text", "align": "left", "dx": 4, "y": 10,
                     "fontSize": theme.FONT_SIZE - 2, "color": "#444444"},
            "encoding": {"x": _q("eps"), "text": _n("label")},
        },
        {
            "data": {"name": "errors"},
            "mark": {"type": "line", "strokeWidth": 2.5, "point": True},
            "encoding": {"x": x, "y": y, "color": colour,
                         "tooltip": [_n("method"), _q("eps", format=".1e"),
                                     _q("error", format=".2e")]},
        },
        {
            "data": {"name": "best"},
            "mark": {"type": "point", "shape": "diamond", "size": 320, "filled": True,
                     "stroke": "black"},
            "encoding": {"x": _q("eps"), "y": _q("error"), "color": colour},
        },
        {
            "data": {"name": "best"},
            "mark": {"type": "text", "dy": 26, "fontSize": theme.FONT_SIZE - 2,
                     "fontWeight": "bold"},
            "encoding": {"x": _q("eps"), "y": _q("error"), "color": colour, "text": _n("label")},
        },
    ]  # fmt: skip
    data = {"errors": eps_frame(curve), "best": best_frame(curve), "guides": guides}
    return _spec(data, layers, height, "Finite-difference error vs step size", 30)
