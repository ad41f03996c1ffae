"""The stage of the gradient-descent page: the filled-in update beside the loss curves.

Drawn inside the page's stepper fragment, so a Step press redraws only this;
the loss chart's spec is cached per configuration and only its "now" dataset
(the marker of the shown step) changes, so the browser updates it in place.
"""

from __future__ import annotations

import streamlit as st

from ui import layout, theme
from ui.gradient_descent import matrices
from ui.gradient_descent.fields import STEP
from ui.gradient_descent.runs import Config, diverging, stage_chart, update_at
from ui.state import fix_param
from ui.stepper import set_step, shown_step


def asked_step() -> int | None:
    """The step the session or the link asks for (None: nothing asked yet)."""
    now = shown_step(STEP)
    if now is None and STEP.key in st.query_params:
        try:
            now = STEP.parse(st.query_params[STEP.key])
        except ValueError:
            return None  # show_url_notices has said so already
    return None if now is None or isinstance(now, bool) else int(now)


def clamp_to(last: int, reason: str) -> str:
    """Put the shown step within 0..last (session and URL); say so if it moved."""
    asked = asked_step()
    if asked is None or asked <= last:
        return ""
    if shown_step(STEP) is None:  # first run of a link: the address bar and the link copy
        fix_param(STEP.key, str(int(last)))
    set_step(STEP, last, last)
    return (f"Step {asked} does not exist here: {reason}, so the stepper ends at step {last}. "
            f"Showing step {last}.")  # fmt: skip


def run_k(last: int) -> None:
    """Button callback: take k steps at once (k from its setting), not past ``last``."""
    k = int(st.session_state.get("gd_k", 10) or 10)
    set_step(STEP, (shown_step(STEP) or 0) + k, last)


def _type(cfg: Config) -> tuple[int, int]:
    """Font size (px) and significant digits that fit the stage's matrix columns.

    In lecture mode 19 px for matrices up to 3 x 3 (the stage text rule is >= 16 px),
    smaller for 4 x 4 and 5 x 5 so they still fit a 1280 x 720 projector.
    """
    big = max(cfg.d, cfg.n if cfg.model == "2b" else cfg.d)
    sizes = {3: 19, 4: 15, 5: 12} if layout.lecture_mode() else {3: 16, 4: 15, 5: 13}
    return sizes[max(3, big)], 2 if layout.lecture_mode() or big > 3 else 3


def draw(cfg: Config, eta: float, steps: int, t: int) -> dict:
    """The stage at step t; returns the update shown (see runs.update_at)."""
    upd = update_at(cfg, eta, steps, t)
    lecture = layout.lecture_mode()
    font = 18 if lecture else theme.FONT_SIZE
    loss, after = upd["terms"]["loss"], upd["loss_next"]
    limit = 2.0 / upd["sharpness"] if upd["sharpness"] > 0 else float("inf")
    with layout.stage():
        # projector: the update beside the chart, on one screen; laptop: the chart below
        left, chart = st.columns([6.3, 3.7], gap="small") if lecture else (st, st)
        left.markdown(  # no help tooltip: the stage redraws at every step, keep it light
            f"**Step {upd['t']} → {upd['t'] + 1}** ({'2d' if cfg.model == '2b' else '2f'}, "
            f"η = {eta:g}) · loss **{loss:.4g}** → **{after:.4g}** "
            f":{'green' if after < loss else 'red'}[{'↓' if after < loss else '↑'}] · "
            f"local step limit 2/λ = **{limit:.3g}**"
        )
        px, digits = _type(cfg)
        columns = matrices.stage(cfg.model, upd["params"], upd["x"], upd["terms"], eta,
                                 upd["t"], digits, px, grow=lecture)  # fmt: skip
        widths = [3.0, 3.3] if cfg.model == "2e" else [4.4, 1.9]  # 2b: W and its factors, b
        for col, html in zip(left.columns(widths, gap="small"), columns, strict=True):
            col.html(html)
        gone = diverging(cfg, eta, steps)
        if len(gone) == 1:
            lines = [f"**{gone[0][0]} diverges** at step {gone[0][1]}"]
        else:  # one line for several, so the stage keeps its height
            lines = (
                ["**diverge:** " + ", ".join(f"{lab} (step {k})" for lab, k in gone)]
                if gone
                else []
            )
        # the chart's column: title (~30 px), plot, x axis (~60 px), legend (~55 px), warnings
        height = layout.stage_height(0) - 215 - 30 * len(lines) if lecture else 240
        chart.vega_lite_chart(
            spec=stage_chart(cfg, eta, steps, upd["t"], max(height, 160), font), width="stretch"
        )
        for line in lines:
            chart.markdown(f":red[⚠ {line}]")
    return upd


def details(cfg: Config, eta: float, upd: dict) -> None:
    """Below the stage (laptop view): x, y and the intermediates of this step, and the check."""
    tol = 1e-12 * max(1.0, upd["max_abs"])
    check = (
        f"the worksheet's closed-form update ({'2d' if cfg.model == '2b' else '2f'}) vs the "
        "update from backprop's gradient (W − η∇): max |difference| over all "
        f"entries = {upd['max_diff']:.2e}"
    )
    if upd["max_diff"] <= tol:
        st.success("✓ They agree: " + check)
    else:
        st.error("✗ They disagree: " + check)
    if layout.lecture_mode():
        return
    with st.expander(f"The inputs and intermediates of step {upd['t']} → {upd['t'] + 1}"):
        st.html(matrices.intermediates(cfg.model, upd["x"], upd["y"], upd["terms"], eta))
