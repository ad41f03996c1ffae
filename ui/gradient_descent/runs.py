"""Cached runners and chart specs of the "Gradient descent updates" page.

Every runner is keyed by a few primitives (model name, sizes, seed, rate,
step count) and bounded with ``max_entries``, so reruns are instant and
memory stays flat however many students open the page. ``Config`` is the
start: (model, d, n, seed, scale).
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np
import streamlit as st

from lessons import cost
from lessons.descent import updates as descent
from ui.gradient_descent import charts, cost_charts

# At the page defaults (2e, d = 3, seed 0, scale 1) these converge, oscillate
# and diverge; for 2b (n = d = 3) they converge, oscillate and saturate.
PRESET_RATES = {"2e": (0.05, 0.4, 0.5), "2b": (0.5, 5.0, 20.0)}
COST_SEED = 0


class Config(NamedTuple):
    """The start of every run on the page (hashable, so it keys the caches)."""

    model: str
    d: int
    n: int
    seed: int
    scale: float


@st.cache_data(max_entries=128, show_spinner=False)
def run(cfg: Config, eta: float, steps: int) -> descent.Run:
    """Gradient descent from the configured start (a lessons.descent.updates.Run)."""
    problem = descent.make_problem(cfg.model, d=cfg.d, n=cfg.n, seed=cfg.seed, scale=cfg.scale)
    return descent.run_descent(problem, eta, steps)


def compare_runs(cfg: Config, eta: float, steps: int):
    """Preset rates plus the user's rate (last), each as (label, rate, verdict, Run)."""
    out = []
    for rate in PRESET_RATES[cfg.model]:
        r = run(cfg, rate, steps)
        out.append((f"η = {rate:g}", rate, descent.verdict(r), r))
    mine = run(cfg, eta, steps)
    out.append((f"your η = {eta:g}", eta, descent.verdict(mine), mine))
    return out


def last_step(cfg: Config, eta: float, steps: int) -> int:
    """The stepper's last step: ``steps``, or the last record of a run that blew up."""
    return min(int(steps), len(run(cfg, eta, steps).params) - 1)


def stop_reason(cfg: Config, eta: float, steps: int) -> str | None:
    """Why the user's run ends early: "blowup" (its loss passed 10^6 x the start; that
    record is kept and finite), "overflow" (the next record was not finite) or None."""
    r = run(cfg, eta, steps)
    if r.diverged_at is None:
        return None
    return "blowup" if r.diverged_at == len(r.params) - 1 else "overflow"


@st.cache_data(max_entries=256, show_spinner=False)
def update_at(cfg: Config, eta: float, steps: int, t: int) -> dict:
    """The worksheet update from step t to t + 1 (t clamped to the run's last record).

    Returns
    -------
    dict
        ``t`` (the step shown), ``params`` (W_t), ``x``, ``y``, ``terms``
        (lessons.descent.updates.update_terms), ``max_diff`` (closed form vs
        autodiff, over all entries), ``max_abs`` (largest |entry| of
        W_{t+1}), ``sharpness`` (lambda_max at W_t), ``loss_next``.
    """
    problem = descent.make_problem(cfg.model, d=cfg.d, n=cfg.n, seed=cfg.seed, scale=cfg.scale)
    r = run(cfg, eta, steps)
    shown = max(0, min(int(t), len(r.params) - 1))
    params = r.params[shown]
    x, y = problem.x, problem.y
    with np.errstate(all="ignore"):
        terms = descent.update_terms(cfg.model, params, x, y, eta)
        check = descent.check_update(cfg.model, params, x, y, eta)
        loss_next = descent.loss(cfg.model, terms["new"], x, y)
    return {
        "t": shown,
        "params": params,
        "x": x,
        "y": y,
        "terms": terms,
        "max_diff": check["max_diff"],
        "max_abs": check["max_abs"],
        "loss_next": loss_next,
        "sharpness": descent.sharpness(cfg.model, params, x, y),
    }


# ---------------------------------------------------------------- cost


@st.cache_data(max_entries=256, show_spinner=False)
def cost_point(d: int, model: str) -> cost.CostPoint:
    """One size of the three-method measurement (cached per d and model)."""
    return cost.measure_cost(d, model=model, seed=COST_SEED)


def cost_points(d_max: int, model: str) -> list[cost.CostPoint]:
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
            bar.progress(i / len(grid), text=f"Measuring the three gradients at d = {d} …")
        points.append(cost_point(d, model))
    slot.empty()
    return points


@st.cache_data(max_entries=32, show_spinner=False)
def fits(d_max: int, model: str) -> dict:
    """Fitted log-log lines over the large-d end (d >= max(4, d_max / 4)).

    Returns
    -------
    dict
        ``<method>_ops`` and ``<method>_seconds`` for method in numeric,
        forward, backprop -> (slope, natural-log intercept); ``d_from``.
    """
    pts = [cost_point(d, model) for d in cost.d_grid(d_max)]
    ds = [p.d for p in pts]
    d_from = max(4.0, d_max / 4)
    out: dict = {"d_from": d_from}
    for method in cost.METHODS:
        for unit in ("ops", "seconds"):
            key = f"{method}_{unit}"
            out[key] = cost.fit_slope(ds, [getattr(p, key) for p in pts], d_from)
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def eps_curve(model: str, d: int, n: int, seed: int) -> dict:
    """Forward/central difference errors over eps (2e with Phi = tanh, or 2b)."""
    eps, fwd, ctr = cost.eps_errors(d, seed, model=model, n=n)
    return {
        "eps": eps,
        "forward": fwd,
        "central": ctr,
        "best_forward": cost.best_eps(eps, fwd),
        "best_central": cost.best_eps(eps, ctr),
    }


# ---------------------------------------------------------------- chart specs
# The finished Vega-Lite dicts are cached too, keyed by the same primitives.


@st.cache_resource(max_entries=64, show_spinner=False)
def stage_spec(cfg: Config, eta: float, steps: int, height: int, font: int) -> dict:
    """The loss chart of the stage, without the shown step (see :func:`stage_chart`).

    A shared object (cache_resource: no copy per call, so a Step press stays
    cheap); never mutate it: :func:`stage_chart` builds a new top level.
    """
    return charts.loss_chart(compare_runs(cfg, eta, steps), steps, height, font)


def stage_chart(cfg: Config, eta: float, steps: int, t: int, height: int, font: int) -> dict:
    """The stage's loss chart at step t: the cached spec with only the "now" data new."""
    spec = stage_spec(cfg, eta, steps, height, font)
    now = charts.now_frame(user_losses(cfg, eta, steps), t)
    return {**spec, "datasets": {**spec["datasets"], "now": now}}


@st.cache_data(max_entries=128, show_spinner=False)
def user_losses(cfg: Config, eta: float, steps: int) -> np.ndarray:
    """The loss at every recorded step of the user's run (a small copy per call)."""
    return run(cfg, eta, steps).losses


@st.cache_data(max_entries=128, show_spinner=False)
def diverging(cfg: Config, eta: float, steps: int) -> list[tuple[str, int]]:
    """(label, step) of every compared run that diverges (presets and the user's)."""
    return [(label, int(r.diverged_at)) for label, _, verdict, r in compare_runs(cfg, eta, steps)
            if verdict == "diverges"]  # fmt: skip


@st.cache_data(max_entries=64, show_spinner=False)
def residual_spec(cfg: Config, eta: float, steps: int, height: int) -> dict:
    """The overshoot chart of the learning-rate comparison (no step marker)."""
    return charts.residual_chart(compare_runs(cfg, eta, steps), height)


@st.cache_data(max_entries=32, show_spinner=False)
def cost_spec(d_max: int, model: str, field: str, height: int) -> dict:
    """Spec of one cost chart ("ops" or "ms") up to d_max."""
    points = [cost_point(d, model) for d in cost.d_grid(d_max)]
    return cost_charts.cost_chart(points, fits(d_max, model), field, height)


@st.cache_data(max_entries=32, show_spinner=False)
def eps_spec(model: str, d: int, n: int, seed: int, height: int) -> dict:
    """Spec of the error-vs-eps chart."""
    return cost_charts.eps_chart(eps_curve(model, d, n, seed), height)


# ---------------------------------------------------------------- class questions


def live_answers(cfg: Config, eta: float, steps: int, d_max: int) -> dict[str, str]:
    """One line per class question of this page, with this view's numbers."""
    runs = compare_runs(cfg, eta, steps)
    label, _, verdict, big = runs[len(PRESET_RATES[cfg.model]) - 1]  # the largest preset
    if verdict == "diverges":
        what = f"its loss passed 10⁶ × its start at step {big.diverged_at}"
    else:
        what = f"loss {big.losses[0]:.3g} → {big.losses[-1]:.3g} after {len(big.losses) - 1} steps"
    terms = update_at(cfg, eta, steps, 0)["terms"]
    if cfg.model == "2e":
        factor, name = np.outer(terms["back"], update_at(cfg, eta, steps, 0)["x"]), "W₁"
    else:
        factor, name = np.outer(terms["sprime"], update_at(cfg, eta, steps, 0)["x"]), "W"
    sv = np.linalg.svd(eta * factor, compute_uv=False)
    rank = int(np.sum(sv > 1e-12 * max(sv[0], 1e-300))) if sv.size else 0
    f = fits(d_max, cfg.model)
    slopes = ", ".join(
        f"{word} {f[f'{key}_ops'][0]:.2f}"
        for key, word in (("numeric", "numerical"), ("forward", "forward mode"),
                          ("backprop", "backprop"))
    )  # fmt: skip
    p = cost_point(int(d_max), cfg.model)
    mats = "W₁ and W₂" if cfg.model == "2e" else "W"
    return {
        "2d-step": f"{label} ({verdict}): {what}",
        "2f-linear": f"the {name} update at step 0 has singular values "
        + ", ".join(f"{v:.2g}" for v in sv[:3])
        + f": rank {rank}",
        "side-cost": f"fitted slopes of counted operations up to d = {d_max}: {slopes}",
        "side-evals": f"at d = {p.d}: {p.numeric_evals:,} loss evaluations for the "
        f"{p.params:,} entries of {mats} (one base evaluation + one per entry)",
    }
