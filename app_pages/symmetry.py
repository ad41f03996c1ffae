"""Symmetry breaking (worksheet 1a-1f): why equal initial weights make clones."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui import layout
from ui.state import Field, render, render_all, show_url_notices
from ui.symmetry.charts import heatmap_specs, history_specs, step_dot, with_step_rule
from ui.symmetry.latex import part_1b, part_1c, part_1d, part_1e, part_1f
from ui.symmetry.runs import (
    ACTIVATIONS,
    INIT_LABELS,
    INITS,
    SPREAD_FLOOR,
    TARGET_LABELS,
    TARGETS,
    SymConfig,
    comparison,
    run,
)

EPS_OPTIONS = (1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1)
FIELDS = (
    Field("sym_d0", "int_slider", 3, "Inputs d⁽⁰⁾", "Units in the input layer.", 1, 6),
    Field("sym_d1", "int_slider", 4, "Hidden units d⁽¹⁾", "Width of the hidden layer.", 1, 8),
    Field("sym_d2", "int_slider", 2, "Outputs d⁽²⁾", "Units in the output layer.", 1, 4),
    Field("sym_act", "select", "sigmoid", "Hidden activation g", options=ACTIVATIONS),
    Field(
        "sym_out",
        "select",
        "sigmoid",
        "Output activation",
        "Applied to S⁽²⁾; identity means x⁽²⁾ = S⁽²⁾. The loss is ½ Σ_j (x_j⁽²⁾ − y_j)².",
        options=ACTIVATIONS,
    ),
    Field(
        "sym_init",
        "select",
        "constant",
        "Initialisation",
        "How every weight starts (biases start at 0).",
        options=INITS,
        labels=INIT_LABELS,
    ),
    Field("sym_a", "number", 0.5, "Constant a", "Start value of every weight.", -2.0, 2.0, 0.05),
    Field("sym_sigma", "number", 0.5, "σ (random init)", "Std of N(0, σ²).", 0.01, 3.0, 0.05),
    Field(
        "sym_eps",
        "select_slider",
        1e-6,
        "Noise ε",
        "Std of the tiny N(0, ε²) nudge added to the constant a.",
        options=EPS_OPTIONS,
    ),
    Field("sym_lr", "number", 0.5, "Learning rate η", "Gradient step size.", 0.001, 10.0, 0.05),
    Field("sym_steps", "int_slider", 50, "Steps", "Full-batch gradient steps.", 0, 300),
    Field("sym_seed", "int", 0, "Seed", "Seeds the data, random and noisy inits.", 0, 9999),
    Field(
        "sym_n",
        "select_slider",
        1,
        "Examples n",
        "One example or a small batch (the loss is the mean).",
        options=(1, 2, 4, 8, 16),
    ),
    Field(
        "sym_targets",
        "select",
        "example",
        "Targets",
        "Regression example: targets differ between outputs (1d) but one hidden unit fits "
        "them. Random teacher: outputs of a random network of the same shape, which needs "
        "every hidden unit, so a nudge ε grows.",
        options=TARGETS,
        labels=TARGET_LABELS,
    ),
    Field("sym_bias", "toggle", False, "Biases b⁽ˡ⁾", "Add biases (they start at 0)."),
)
STEP = Field("sym_step", "int_slider", 1, "Show step", "The step drawn in the diagram.", 0, 300)
PRESET = {
    "sym_init": "noise",
    "sym_act": "tanh",
    "sym_out": "identity",
    "sym_targets": "teacher",
    "sym_n": 8,
    "sym_steps": 150,
    "sym_step": 100,
}


def _shift(by: int, last: int) -> None:
    now = st.session_state.get(STEP.key, STEP.default)
    st.session_state[STEP.key] = max(0, min(last, now + by))


def _preset() -> None:
    st.session_state.update(PRESET)


layout.page_header(
    "Symmetry breaking",
    "1a-1f",
    "Why do equal initial weights keep hidden units identical forever?",
)
show_url_notices((*FIELDS, STEP))
st.sidebar.subheader("Network and training")
v = render_all(FIELDS, st.sidebar)
st.sidebar.button(
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
layout.explain(
    "Start every weight at the same constant and the hidden units become **clones**: "
    "same value x_j⁽¹⁾, same delta δ_j⁽¹⁾, same update, at every step. "
    "Press **Step ▶** to follow training; change the initialisation to break the tie."
)
layout.convention_note(
    "part 1: W⁽ˡ⁾ is d⁽ˡ⁻¹⁾ × d⁽ˡ⁾, rows = from (unit i of layer l−1), columns = to "
    "(unit j of layer l); S⁽ˡ⁾ = x⁽ˡ⁻¹⁾W⁽ˡ⁾ (+ b⁽ˡ⁾)."
)

try:
    res = run(cfg)
except ValueError as err:
    st.error(f"This run cannot start: {err}. Change the initialisation or the sizes.")
    st.stop()
last = int(res["steps"][-1])
if res["diverged"]:
    st.warning(
        f"Training diverged after step {last} (the loss or a weight stopped being finite); "
        f"only the {last} finite steps are shown. Lower the learning rate η."
    )

# ---------------------------------------------------------------- step control
if st.session_state.get(STEP.key, STEP.default) > last:
    st.session_state[STEP.key] = last
nav = st.columns([1, 1, 6], vertical_alignment="bottom")
nav[0].button("◀ Back", on_click=_shift, args=(-1, last), width="stretch")
nav[1].button("Step ▶", on_click=_shift, args=(1, last), width="stretch")
if last > 0:
    k = render(replace(STEP, hi=last, default=min(STEP.default, last)), nav[2])
else:
    nav[2].caption("Only step 0 (no training steps): set Steps ≥ 1 in the sidebar.")
    k = 0

distinct = int(res["distinct"][k])
m = st.columns(4)
m[0].metric("Shown step", f"{k} of {last}")
m[1].metric("Distinct hidden units", f"{distinct} of {cfg.d1}", help="Units with the same "
            "incoming weights, bias and outgoing weights (within 1e-9) count once.")  # fmt: skip
m[2].metric("Spread between hidden units", f"{res['spread'][k]:.2e}".replace("0.00e+00", "0"),
            help="Largest difference between two hidden units' weights.")  # fmt: skip
m[3].metric("Mean loss", f"{res['loss'][k]:.4g}")

st.subheader(f"The network at step {k}")
st.graphviz_chart(step_dot(res, cfg.sizes, k), width="stretch")
st.caption(
    "Each box: x_j and δ_j"
    + (f" of example 1 (of {cfg.n})" if cfg.n > 1 else "")
    + ". Hidden units with the same fill colour are identical (same weights within "
    "1e-9, hence the same x and δ). Hover an edge for its exact weight."
)
heat = st.columns([cfg.d1 + 2.5, cfg.d2 + 3.5])  # room for each matrix's columns
for col, spec in zip(heat, heatmap_specs(cfg, k), strict=True):
    col.vega_lite_chart(spec=spec, width="content")
layout.explain(
    "Under constant init each **row** of W⁽¹⁾ and each **column** of W⁽²⁾ is constant "
    "(1e): every hidden unit receives the same weights and sends the same weights. "
    "One colour scale for both matrices; rows = from, columns = to."
)

specs = history_specs(cfg, layout.chart_height())
c1, c2 = st.columns(2)
c1.vega_lite_chart(spec=with_step_rule(specs["distinct"], k), width="stretch")
c2.vega_lite_chart(spec=with_step_rule(specs["spread"], k), width="stretch")
st.caption(f"Log scale: a spread of exactly 0 is drawn at {SPREAD_FLOOR:.0e}.")

# ---------------------------------------------------------------- worksheet
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

# ---------------------------------------------------------------- comparison
st.subheader("Constant, nudged and random starts on the same data")
layout.explain(
    "Same data, sizes, η and steps; only the start differs. A random start gives every "
    "hidden unit its own weights. A constant start plus a tiny nudge ε is different "
    "only as far as the data pushes the units apart: watch its spread line."
)
runs = comparison(cfg)
cols = st.columns(2)
for col, init in zip(cols, ("constant", "normal"), strict=True):
    r = runs[init]
    kk = min(k, int(r["steps"][-1]))
    col.markdown(f"**{INIT_LABELS[init]}** · step {kk} · "
                 f"{int(r['distinct'][kk])} distinct of {cfg.d1}")  # fmt: skip
    col.graphviz_chart(step_dot(r, cfg.sizes, kk, legend=False), width="stretch")
st.vega_lite_chart(spec=with_step_rule(specs["compare"], k), width="stretch")
nudge = runs["noise"]["c1f"]
if nudge["last_spread"] > 0.1:
    st.markdown(f"The nudge ε = {cfg.eps:g} grew to {nudge['last_spread']:.3g}: symmetry is gone.")
else:
    st.markdown(
        f"The nudge ε = {cfg.eps:g} changed by a factor {nudge['growth']:.3g} over {last} steps: "
        "these targets do not need different hidden units, so nothing pushes them apart. "
        "Try the sidebar preset **watch a nudge ε grow**."
    )
