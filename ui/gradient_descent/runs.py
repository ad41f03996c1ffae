"""Cached runners for the "Gradient descent updates" page.

Every runner is keyed by a few primitives (model name, sizes, seed, rate,
step count) and bounded with ``max_entries``, so reruns are instant and
memory stays flat however many students open the page.
"""

from __future__ import annotations

import math
import time

import numpy as np
import streamlit as st

from lessons import cost
from lessons.descent import updates as descent
from ui import state
from ui.gradient_descent import charts as gd_charts

# At the page defaults (2e, d = 3, seed 0, scale 1) these converge, oscillate
# and diverge; for 2b (n = d = 3) they converge, oscillate and saturate.
PRESET_RATES = {"2e": (0.05, 0.4, 0.5), "2b": (0.5, 5.0, 20.0)}
CHUNK = 100  # the stepper's run is computed in chunks of this many steps
COST_SEED = 0

# ---------------------------------------------------------------- page schema
# The page's controls, listed once (URL keys prefixed "gd_"); here so tests can
# read them without running the page.

T_MAX = 1000

FIELDS = (
    state.Field("gd_model", "segmented", "2e", "Model (worksheet part)", options=("2e", "2b"),
                help="2e: ℓ = ½‖W₂(W₁x + b) − y‖² with d × d matrices. "
                     "2b: f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² with n sigmoid units."),
    state.Field("gd_d", "int_slider", 3, "Input size d", lo=1, hi=5, step=1,
                help="Length of x (for 2e also of b and y; W₁, W₂ are d × d)."),
    state.Field("gd_n", "int_slider", 3, "Sigmoid units n (2b only)", lo=1, hi=5, step=1,
                help="Rows of W in the 2b model (one sigmoid per row)."),
    state.Field("gd_seed", "int", 0, "Seed", lo=0, hi=9999, step=1,
                help="Draws the start weights, x and y. Same seed, same run."),
    state.Field("gd_scale", "slider", 1.0, "Init scale", lo=0.1, hi=3.0, step=0.1,
                help="Start weights ~ N(0, scale²) (2b) or N(0, scale²/d) (2e); "
                     "biases start at 0."),
    state.Field("gd_eta", "number", 0.1, "Your learning rate η", lo=0.0, hi=100.0, step=0.01,
                fmt="%.4g", help="Used by Step / Run and drawn in black beside the presets."),
    state.Field("gd_t", "int", 0, "Current step t", lo=0, hi=T_MAX, step=1,
                help="The update shown below is the one from step t to t + 1. "
                     "Kept in the URL, so a link reopens the same step."),
    state.Field("gd_k", "int_slider", 10, "k (steps per Run)", lo=1, hi=100, step=1,
                help="How many updates the 'Run k steps' button takes."),
    state.Field("gd_steps", "int_slider", 60, "Steps compared", lo=10, hi=300, step=10,
                help="Length of the learning-rate comparison below."),
    state.Field("gd_dmax", "int_slider", 32, "Largest d measured", lo=8, hi=64, step=1,
                help="Both gradients are timed and counted for d from 2 up to this size "
                     "(about 12 sizes, log-spaced). Larger d takes longer the first time."),
)  # fmt: skip


@st.cache_data(max_entries=128, show_spinner=False)
def run(model: str, d: int, n: int, seed: int, scale: float, eta: float, steps: int):
    """Gradient descent from the configured start (a lessons.descent.updates.Run)."""
    problem = descent.make_problem(model, d=d, n=n, seed=seed, scale=scale)
    return descent.run_descent(problem, eta, steps)


def stepper_run(model: str, d: int, n: int, seed: int, scale: float, eta: float, t: int):
    """The run at rate eta long enough to reach step t (computed in chunks)."""
    steps = max(CHUNK, int(math.ceil(max(t, 1) / CHUNK)) * CHUNK)
    return run(model, d, n, seed, scale, eta, steps)


def compare_runs(model: str, d: int, n: int, seed: int, scale: float, eta: float, steps: int):
    """Preset rates plus the user's rate, each as (label, rate, verdict, Run).

    The user's run is a prefix of the stepper's, so no extra work is done.
    """
    out = []
    for rate in PRESET_RATES[model]:
        r = run(model, d, n, seed, scale, rate, steps)
        out.append((f"η = {rate:g}", rate, descent.verdict(r), r))
    mine = stepper_run(model, d, n, seed, scale, eta, steps)
    k = min(len(mine.losses), steps + 1)
    diverged_at = (
        mine.diverged_at if mine.diverged_at is not None and mine.diverged_at <= steps else None
    )
    mine = descent.Run(mine.eta, mine.params[:k], mine.losses[:k], mine.residuals[:k], diverged_at)
    out.append((f"your η = {eta:g}", eta, descent.verdict(mine), mine))
    return out


@st.cache_data(max_entries=128, show_spinner=False)
def update_at(model: str, d: int, n: int, seed: int, scale: float, eta: float, t: int) -> dict:
    """The worksheet update at step t (clamped to the last finite step).

    Returns
    -------
    dict
        ``t`` (the step shown), ``diverged_at``, ``params`` (W_t), ``x``, ``y``,
        ``terms`` (lessons.descent.updates.update_terms), ``autodiff`` (W_t - eta * graph
        gradient), ``max_diff`` (closed form vs autodiff, over all entries),
        ``sharpness`` (lambda_max at W_t), ``max_abs`` (largest |entry| of
        W_{t+1}), ``loss_next`` (loss after the step).
    """
    problem = descent.make_problem(model, d=d, n=n, seed=seed, scale=scale)
    r = stepper_run(model, d, n, seed, scale, eta, t)
    shown = min(int(t), len(r.params) - 1)
    params = r.params[shown]
    x, y = problem.x, problem.y
    with np.errstate(all="ignore"):
        terms = descent.update_terms(model, params, x, y, eta)
        check = descent.check_update(model, params, x, y, eta)
        loss_next = descent.loss(model, terms["new"], x, y)
    return {
        "t": shown,
        "diverged_at": r.diverged_at,
        "params": params,
        "x": x,
        "y": y,
        "terms": terms,
        "autodiff": check["autodiff"],
        "max_diff": check["max_diff"],
        "max_abs": check["max_abs"],
        "loss_next": loss_next,
        "sharpness": descent.sharpness(model, params, x, y),
    }


@st.cache_data(max_entries=128, show_spinner=False)
def cost_point(d: int) -> cost.CostPoint:
    """One size of the numerical-vs-backprop measurement (cached per d)."""
    return cost.measure_cost(d, seed=COST_SEED)


def cost_points(d_max: int) -> list[cost.CostPoint]:
    """Measure every size on the grid up to d_max, with a progress bar when slow.

    Cached sizes return at once; the bar appears only once a measurement
    has taken noticeable time, and is removed when done.
    """
    grid = cost.d_grid(d_max)
    slot, bar, start, points = st.empty(), None, time.perf_counter(), []
    for i, d in enumerate(grid):
        if bar is None and time.perf_counter() - start > 0.05:
            bar = slot.progress(0.0)
        if bar is not None:
            bar.progress(i / len(grid), text=f"Measuring both gradients at d = {d} …")
        points.append(cost_point(d))
    slot.empty()
    return points


@st.cache_data(max_entries=32, show_spinner=False)
def fits(d_max: int) -> dict:
    """Fitted log-log lines over the large-d end (d >= max(4, d_max / 4)).

    Returns
    -------
    dict
        ``numeric_ops``, ``backprop_ops``, ``numeric_seconds``,
        ``backprop_seconds`` -> (slope, natural-log intercept); ``d_from``.
    """
    pts = [cost_point(d) for d in cost.d_grid(d_max)]
    ds = [p.d for p in pts]
    d_from = max(4.0, d_max / 4)
    out: dict = {"d_from": d_from}
    for key in ("numeric_ops", "backprop_ops", "numeric_seconds", "backprop_seconds"):
        out[key] = cost.fit_slope(ds, [getattr(p, key) for p in pts], d_from)
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def eps_curve(d: int, seed: int) -> dict:
    """Forward/central difference errors over eps (2e with Phi = tanh)."""
    eps, fwd, ctr = cost.eps_errors(d, seed)
    return {
        "eps": eps,
        "forward": fwd,
        "central": ctr,
        "best_forward": cost.best_eps(eps, fwd),
        "best_central": cost.best_eps(eps, ctr),
    }


# ---------------------------------------------------------------- chart specs
# The finished Vega-Lite dicts are cached too, keyed by the same primitives.


@st.cache_data(max_entries=64, show_spinner=False)
def rate_specs(
    model: str, d: int, n: int, seed: int, scale: float, eta: float, steps: int, height: int
) -> tuple[dict, dict]:
    """(loss chart, overshoot chart) specs of the learning-rate comparison."""
    runs = compare_runs(model, d, n, seed, scale, eta, steps)
    return (gd_charts.loss_chart(runs, height),
            gd_charts.residual_chart(runs, height))  # fmt: skip


@st.cache_data(max_entries=32, show_spinner=False)
def cost_spec(d_max: int, field: str, height: int) -> dict:
    """Spec of one cost chart ("ops" or "ms") up to d_max."""
    points = [cost_point(d) for d in cost.d_grid(d_max)]
    return gd_charts.cost_chart(points, fits(d_max), field, height)


@st.cache_data(max_entries=32, show_spinner=False)
def eps_spec(d: int, seed: int, height: int) -> dict:
    """Spec of the error-vs-eps chart."""
    return gd_charts.eps_chart(eps_curve(d, seed), height)
