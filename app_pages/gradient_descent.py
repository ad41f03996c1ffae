"""Gradient descent updates (worksheet 2d, 2f) and what a gradient costs (the side note)."""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.class_question import question_card
from ui.gradient_descent import latex, matrices, runs, stage, text
from ui.gradient_descent.cost_charts import cost_table
from ui.gradient_descent.fields import FIELDS, STEP
from ui.gradient_descent.runs import Config
from ui.state import render_all, show_url_notices
from ui.stepper import keys_caption, step_controls

layout.header("gradient-descent")
st.html(matrices.CSS)  # once, outside the stepper (see ui/gradient_descent/matrices.py)
show_url_notices((*FIELDS, STEP))
top = st.container()
panel = layout.settings()
v = render_all(FIELDS, panel)
cfg = Config(v["gd_model"], int(v["gd_d"]), int(v["gd_n"]), int(v["gd_seed"]),
             float(v["gd_scale"]))  # fmt: skip
eta, steps = float(v["gd_eta"]), int(v["gd_steps"])
last = runs.last_step(cfg, eta, steps)
panel.button("Run k steps ⏩", key="gd_run", on_click=stage.run_k, args=(last,),
             help="k updates at once, from the shown step.")  # fmt: skip
why = {
    "blowup": f"with η = {eta:g} the run diverges at step {last} (its loss passed 10⁶ × its start)",
    "overflow": f"with η = {eta:g} the loss overflows after step {last}, the last finite one",
    None: f"the chart and the stepper cover {steps} steps (setting “Steps”)",
}[runs.stop_reason(cfg, eta, steps)]
moved = stage.clamp_to(last, why)


@st.fragment
def stepper(cfg: Config, eta: float, steps: int, last: int) -> None:
    """Stepper and stage: a press of Step, Back, ⏮, ⏭ or the slider reruns only this."""
    t = step_controls(STEP, last, ends=True)
    upd = stage.draw(cfg, eta, steps, t)
    keys_caption(ends=True)
    stage.details(cfg, eta, upd)


with top:
    if moved:
        st.caption(":orange[Link problem:] " + moved)
    if not layout.lecture_mode():
        st.markdown("**The update rule** (step t → t + 1); below it with the numbers of step t:")
        for line in latex.SYMBOLIC[cfg.model]:
            st.latex(line)
    stepper(cfg, eta, steps, last)
if layout.lecture_mode():
    question_card("gradient-descent", runs.live_answers(cfg, eta, steps, int(v["gd_dmax"])))
layout.convention_note(text.CONVENTION[cfg.model])

# ------------------------------------------------------------ learning rates
st.subheader("The same start under several learning rates")
h = layout.chart_height()
st.vega_lite_chart(spec=runs.residual_spec(cfg, eta, steps, h), width="stretch")
st.caption(
    "Loss chart (on the stage above): losses below 10⁻²⁰ are drawn at 10⁻²⁰ (a log axis cannot "
    "show 0); the dot is the shown step t. This chart: the prediction error along its starting "
    "direction, axis fixed to ±1.5 × its start, so a diverging run leaves the frame. Dashed "
    "black: your η."
)
for label, _rate, verdict, r in runs.compare_runs(cfg, eta, steps):
    if verdict == "diverges":
        st.warning(
            f"**{label} diverges**: at step {r.diverged_at} the loss passed 10⁶ × its start "
            f"(or overflowed). Its curve stops at step {len(r.losses) - 1}."
        )
    elif verdict == "stalls":
        st.info(f"**{label} stalls**: the loss stopped moving at {r.losses[-1]:.3g}.")
layout.explain(text.RATES)

# ------------------------------------------------------------ cost
st.subheader("What a full gradient costs: numerical, forward mode, backprop (side note)")
d_max = int(v["gd_dmax"])
points = runs.cost_points(d_max, cfg.model)
fit = runs.fits(d_max, cfg.model)
left, right = st.columns(2)
left.vega_lite_chart(spec=runs.cost_spec(d_max, cfg.model, "ops", h), width="stretch")
right.vega_lite_chart(spec=runs.cost_spec(d_max, cfg.model, "ms", h), width="stretch")


def _slopes(unit: str) -> str:
    names = (("numeric", "numerical"), ("forward", "forward mode"), ("backprop", "backprop"))
    return ", ".join(f"{word} **{fit[f'{key}_{unit}'][0]:.2f}**" for key, word in names)


big = points[-1]
st.markdown(
    f"Fitted slopes on d ≥ {fit['d_from']:g} (dashed lines). Counted operations: "
    f"{_slopes('ops')} (theory 4, 4, 2). Wall time: {_slopes('seconds')}."
)
st.caption(
    f"Measured: {text.MEASURED[cfg.model]}. Forward mode grows like numerical differences "
    f"(one pass per entry) but has no ε error: at d = {big.d} it matches backprop to "
    f"{big.forward_rel_diff:.0e} (relative), where the forward difference is off by "
    f"{big.max_diff:.0e}. At d = {big.d} it made {big.forward_passes:,} passes and "
    f"{big.forward_ops / big.backprop_ops:,.0f} × the operations of backprop."
)
layout.explain(text.COST[cfg.model] + text.COST_SHARED)
with st.expander("Measurements (table and CSV)"):
    table = cost_table(points)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download CSV", table.to_csv(index=False), "gradient_cost.csv",
                       "text/csv", key="gd_csv")  # fmt: skip

# ------------------------------------------------------------ eps
st.subheader("Finite-difference error vs step size ε")
curve = runs.eps_curve(cfg.model, cfg.d, cfg.n, cfg.seed)
st.vega_lite_chart(spec=runs.eps_spec(cfg.model, cfg.d, cfg.n, cfg.seed, h), width="stretch")
(fe, ferr), (ce, cerr) = curve["best_forward"], curve["best_central"]
st.caption(
    f"Smallest error: forward difference {ferr:.1e} at ε = {fe:.0e}; central difference "
    f"{cerr:.1e} at ε = {ce:.0e}. "
    + text.EPS_WHAT[cfg.model].format(d=cfg.d, n=cfg.n, seed=cfg.seed)
    + "; error = largest |numerical − exact| entry."
)
layout.explain(text.EPS + (text.EPS_2E if cfg.model == "2e" else ""))
