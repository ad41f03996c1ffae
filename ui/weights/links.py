"""Values the weights page corrects before drawing their widgets (worksheet links stay honest).

A link (or an earlier choice) may ask for something this network does not
have: trajectory layer 3 of a one-hidden-layer network, row 7 of a 2-row W,
or (should the controls' limits grow) more computation than this machine does
in about 3 s. The page then shows what
exists instead, says so in a small caption naming the value, and writes the
shown value into session state and the URL before the widget is drawn, so the
link in the address bar reopens exactly what is on screen.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.state import Field, fix_param
from ui.weights.fields import FIELDS, TRACE_FIELDS
from ui.weights.runs import RunConfig

_BY_KEY = {f.key: f for f in (*FIELDS, *TRACE_FIELDS)}
BUDGET_SECONDS = 3.0
"""A view whose computation would take longer than this (estimated) is capped."""
# Computation seconds ~ OVERHEAD + PER_CELL * steps * (entries of W and b): both runs'
# training, tables, unit maps and chart specs on a cold cache. Fitted to process CPU times
# measured on this machine (2 cores, load about 3): 0.59 s for 300 steps of 2-4-1 (17
# entries), 0.97 s for 2,000 steps of 2-4-1, 1.06 s for 2,000 of 2-8-1 (33), 1.19 s (tanh)
# and 1.84 s (sigmoid, the slowest) for 2,000 of 2-8-8-1 (105). Every view the controls
# allow stays under the budget (the largest estimate is 1.9 s); the cap guards a link
# beyond that, should the limits grow.
OVERHEAD = 0.6
PER_CELL = 6e-6


def pending(key: str) -> Any:
    """The value field ``key`` will have in this run, before its widget is drawn.

    Session state if the widget exists already, else the URL's value when it is
    valid (invalid ones get the page's link notice), else the default.
    """
    field = _BY_KEY[key]
    if key in st.session_state:
        return st.session_state[key]
    raw = st.query_params.get(key)
    if raw is not None:
        try:
            value = field.parse(str(raw))
        except (ValueError, OverflowError):
            return field.default
        if not field.check(value):
            return value
    return field.default


def _correct(field: Field, value: Any) -> None:
    """Show ``value`` instead: in session state and in the URL (before the widget is drawn)."""
    st.session_state[field.key] = value
    # the link copy and the address bar; a default value leaves the URL, as Streamlit's own
    fix_param(field.key, None if value == field.default else field.shown(value))


def trajectory_choice(sizes: tuple[int, ...]) -> list[str]:
    """Correct a trajectory layer, row or column that does not exist; return the notes.

    Parameters
    ----------
    sizes : (d0, ..., dL) of the network shown
    """
    notes = []
    L = len(sizes) - 1
    layer = pending("wts_tl")
    if layer > L:
        notes.append(
            f"trajectory layer wts_tl={layer} does not exist (this network has {L} weight "
            f"layers); showing layer {L}"
        )
        _correct(_BY_KEY["wts_tl"], L)
        layer = L
    kind = pending("wts_tk")
    for key, size, what in (
        ("wts_ti", 1 if kind in ("b", "db") else sizes[layer - 1], "row i"),
        ("wts_tj", sizes[layer], "column j"),
    ):
        value = pending(key)
        if value != "all" and not 0 <= int(value) < size:
            notes.append(
                f"{what} = {value} does not exist in layer {layer} ({key}; rows and columns "
                f"run from 0 to {size - 1} here); showing all of them"
            )
            _correct(_BY_KEY[key], "all")
    return notes


def cost_seconds(cfg: RunConfig) -> float:
    """Estimated computation time of a view of two runs of ``cfg`` (training, tables,
    unit maps and chart specs, cold cache), in seconds on this machine."""
    sizes = cfg.sizes()
    cells = sum(sizes[l - 1] * sizes[l] + sizes[l] for l in range(1, len(sizes)))  # noqa: E741
    return OVERHEAD + PER_CELL * int(cfg.steps) * cells


def steps_within_budget(cfg: RunConfig) -> int:
    """The most steps (a multiple of 50) whose computation fits BUDGET_SECONDS."""
    per_step = cost_seconds(RunConfig(**{**cfg.__dict__, "steps": 1})) - OVERHEAD
    most = int((BUDGET_SECONDS - OVERHEAD) / max(per_step, 1e-12))
    return max(50, most // 50 * 50)


def cap_steps(cfg: RunConfig) -> tuple[int, str]:
    """Steps to run and a note when the asked number was capped (call before the widgets)."""
    asked = int(cfg.steps)
    if cost_seconds(cfg) <= BUDGET_SECONDS:
        return asked, ""
    steps = min(asked, steps_within_budget(cfg))
    _correct(_BY_KEY["wts_steps"], steps)
    sizes = "-".join(map(str, cfg.sizes()))
    return steps, (
        f"{asked:,} steps of a {sizes} network would take about {cost_seconds(cfg):.0f} s "
        f"to compute here; showing the first {steps:,} (the most that take about "
        f"{BUDGET_SECONDS:g} s or less). Fewer hidden units allow more steps."
    )


def config() -> RunConfig:
    """The left run's config from the pending values (before any widget is drawn)."""
    return RunConfig(
        dataset=pending("wts_data"), width=int(pending("wts_width")),
        depth=int(pending("wts_depth")), activation=pending("wts_act"),
        init=pending("wts_init_a"), a=float(pending("wts_a")), sigma=float(pending("wts_sigma")),
        eps=float(pending("wts_eps")), lr=float(pending("wts_lr")),
        steps=int(pending("wts_steps")), seed=int(pending("wts_seed")),
    )  # fmt: skip
