"""Symmetry breaking (worksheet 1a-1f): why equal initial weights make clones."""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.class_question import question_card
from ui.state import render_all, show_url_notices
from ui.stepper import keys_caption, step_controls
from ui.symmetry.charts import heatmap_specs, history_specs, stage_chart, step_dot
from ui.symmetry.fields import FIELDS, PRESET, STEP
from ui.symmetry.latex import part_1b, part_1c, part_1d, part_1e, part_1f
from ui.symmetry.runs import INIT_LABELS, SPREAD_FLOOR, SymConfig, comparison, live_answers, run


def _preset() -> None:
    st.session_state.update(PRESET)


layout.header("symmetry")
show_url_notices((*FIELDS, STEP))
top = st.container()
panel = layout.settings()
v = render_all(FIELDS, panel)
panel.button(
    "Preset: watch a nudge ε grow",
    on_click=_preset,
    help="Constant a + noise ε, tanh, identity output, random-teacher targets, 8 examples, "
    "150 steps: the tiny nudge grows until the hidden units are apart.",
)
cfg = SymConfig(
    d0=v["sym_d0"], d1=v["sym_d1"], d2=v["sym_d2"], activation=v["sym_act"],
    output_activation=v["sym_out"], init=v["sym_init"], a=v["sym_a"], sigma=v["sym_sigma"],
    eps=v["sym_eps"], lr=v["sym_lr"], steps=v["sym_steps"], seed=v["sym_seed"], n=v["sym_n"],
    bias=v["sym_bias"], targets=v["sym_targets"],
)  # fmt: skip
try:
    res = run(cfg)
except ValueError as err:
    top.error(f"This run cannot start: {err}. Change the initialisation or the sizes.")
    st.stop()
last = int(res["steps"][-1])


@st.fragment
def stepper(cfg: SymConfig, res: dict, last: int) -> None:
    """Step controls and the stage: a press reruns only this."""
    k = step_controls(STEP, last)
    distinct = int(res["distinct"][k])
    with layout.stage():
        graph, numbers = st.columns([4, 1], vertical_alignment="center")
        lecture = layout.lecture_mode()
        graph.vega_lite_chart(
            spec=stage_chart(res, cfg.sizes, k, layout.stage_height(400), 20 if lecture else 15),
            width="stretch",
        )
        numbers.metric("Shown step", f"{k} of {last}")
        numbers.metric("Distinct hidden units", f"{distinct} of {cfg.d1}",
                       help="Units with the same incoming weights, bias and outgoing weights "
                       "(within 1e-9) count once.")  # fmt: skip
        numbers.metric("Spread", f"{res['spread'][k]:.1e}".replace("0.0e+00", "0"),
                       help="Largest difference between two hidden units' weights.")  # fmt: skip
        numbers.metric("Mean loss", f"{res['loss'][k]:.4g}")
    keys_caption()
    st.caption(
        "Each box: the unit's value x and its delta δ"
        + (f" of example 1 (of {cfg.n})" if cfg.n > 1 else "")
        + ". Hidden units with the same fill colour are identical (same weights within 1e-9, "
        "hence the same x and δ). Edge colour: orange w > 0, blue w < 0; thickness ∝ |w|; "
        "hover an edge for its exact weight."
    )  # fmt: skip
    heat = st.columns([cfg.d1 + 2.5, cfg.d2 + 3.5])  # room for each matrix's columns
    for col, spec in zip(heat, heatmap_specs(cfg, k), strict=True):
        col.vega_lite_chart(spec=spec, width="content")


with top:
    if res["diverged"]:
        st.warning(
            f"Training diverged after step {last} (the loss or a weight stopped being finite); "
            f"only the {last} finite steps are shown. Lower the learning rate η."
        )
    stepper(cfg, res, last)
if layout.lecture_mode():
    question_card("symmetry", live_answers(cfg))
layout.explain(
    "Start every weight at the same constant and the hidden units become **clones**: same "
    "value x_j⁽¹⁾, same delta δ_j⁽¹⁾, same update, at every step. Press **Step ▶** to follow "
    "training; change the initialisation to break the tie. Under constant init each **row** "
    "of W⁽¹⁾ and each **column** of W⁽²⁾ is constant (1e): one colour scale for both."
)
layout.convention_note(
    "part 1: W⁽ˡ⁾ is d⁽ˡ⁻¹⁾ × d⁽ˡ⁾, rows = from (unit i of layer l−1), columns = to "
    "(unit j of layer l); S⁽ˡ⁾ = x⁽ˡ⁻¹⁾W⁽ˡ⁾ (+ b⁽ˡ⁾)."
)
specs = history_specs(cfg, layout.chart_height())
c1, c2 = st.columns(2)
c1.vega_lite_chart(spec=specs["distinct"], width="stretch")
c2.vega_lite_chart(spec=specs["spread"], width="stretch")
st.caption(f"Log scale: a spread of exactly 0 is drawn at {SPREAD_FLOOR:.0e}.")

st.subheader("Worksheet 1b-1f with the numbers of this run")
for title, part in (
    ("1b · all hidden units compute the same value", part_1b),
    ("1c · all hidden deltas are equal", part_1c),
    ("1d · the output deltas are not", part_1d),
    ("1e · after one step: rows of W⁽¹⁾, columns of W⁽²⁾ constant", part_1e),
    ("1f · the pattern survives every step", part_1f),
):
    latex, verdict = part(cfg, res)
    st.markdown(f"**{title}**")
    st.latex(latex)
    st.markdown(verdict)

st.subheader(f"Constant, nudged and random starts on the same data, after {last} steps")
layout.explain(
    "Same data, sizes, η and steps; only the start differs. A random start gives every hidden "
    "unit its own weights. A constant start plus a tiny nudge ε is different only as far as "
    "the data pushes the units apart: watch its spread line."
)
runs = comparison(cfg)
cols = st.columns(2)
for col, init in zip(cols, ("constant", "normal"), strict=True):
    r = runs[init]
    kk = int(r["steps"][-1])
    col.markdown(f"**{INIT_LABELS[init]}** · step {kk} · "
                 f"{int(r['distinct'][kk])} distinct of {cfg.d1}")  # fmt: skip
    col.graphviz_chart(step_dot(r, cfg.sizes, kk, legend=False), width="stretch")
st.vega_lite_chart(spec=specs["compare"], width="stretch")
nudge = runs["noise"]["c1f"]
if nudge["last_spread"] > 0.1:
    st.markdown(f"The nudge ε = {cfg.eps:g} grew to {nudge['last_spread']:.3g}: symmetry is gone.")
else:
    st.markdown(
        f"The nudge ε = {cfg.eps:g} changed by a factor {nudge['growth']:.3g} over {last} steps: "
        "these targets do not need different hidden units, so nothing pushes them apart. "
        "Try the preset **watch a nudge ε grow** in the settings."
    )
