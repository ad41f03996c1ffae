"""Logistic regression vs MLP (worksheet 1g): zero init is fine for one, fatal for the other."""

import streamlit as st

from ui import layout
from ui.class_question import question_card
from ui.logistic_vs_mlp import sections
from ui.logistic_vs_mlp.fields import FIELDS, MAIN, SETTINGS
from ui.logistic_vs_mlp.runs import MODELS, Config, live_answers, run, stage_spec
from ui.state import render, render_all, show_url_notices
from ui.unit_maps import fit_css

layout.header("logistic-vs-mlp")
show_url_notices(FIELDS)
layout.explain(
    "Four models learn the same data with the same learning rate and number of steps: "
    "**logistic regression** (LR, no hidden layer) from all-zero and from random weights, and "
    "a **one-hidden-layer MLP** from constant and from random weights. Every model ends in a "
    "sigmoid unit and is trained by full-batch gradient descent on the mean binary "
    "cross-entropy."
)
top = st.container()
v = {MAIN.key: render(MAIN, top)}
panel = layout.settings()
v |= render_all(SETTINGS, panel)
cfg = Config(
    dataset=v["lr_data"], n=int(v["lr_n"]), noise=float(v["lr_noise"]), seed=int(v["lr_seed"]),
    width=int(v["lr_width"]), activation=v["lr_act"], const=float(v["lr_const"]),
    scale=float(v["lr_scale"]), init_seed=int(v["lr_iseed"]), lr=float(v["lr_lr"]),
    steps=int(v["lr_steps"]),
)  # fmt: skip
res = run(cfg)
runs = res["models"]

with top:
    for key, label in MODELS.items():
        if runs[key]["diverged"]:
            st.warning(
                f"**{label}** diverged (the loss or a weight stopped being finite) after step "
                f"{runs[key]['diverged_at']}; its last finite weights are shown. Lower the "
                "learning rate η."
            )
    st.html(fit_css(layout.lecture_mode()))
    with layout.stage():
        st.vega_lite_chart(spec=stage_spec(cfg), width="content")
if layout.lecture_mode():
    question_card("logistic-vs-mlp", live_answers(cfg))
st.caption(
    "Drag the **training step** slider under the maps (it runs in your browser; nothing is "
    f"recomputed): {len(res['frame_steps'])} recorded steps on a {res['fxs'].size} × "
    f"{res['fys'].size} grid, the final step on a {res['xs'].size} × {res['ys'].size} grid. "
    "Data: ● class 0 (dark blue), ▲ class 1 (dark orange). Background: p(y=1|x); black dots: "
    "the decision boundary p = 0.5. Below: each hidden unit's activation x_j⁽¹⁾ over the same "
    f"box ({res['uxs'].size} × {res['uys'].size} cells), one colour scale for both MLPs and "
    "every step; maps count as one when their units are identical (equal incoming, bias "
    "and outgoing weights within 1e-9), as on the Symmetry page."
)
layout.convention_note(
    "part 1 (row vectors): W⁽¹⁾ is 2 × d and W⁽²⁾ is d × 1, rows = from, columns = to."
)
layout.explain(
    "Under **constant** init every hidden unit draws the same map at every step: the MLP is "
    "one unit in disguise and its boundary is a straight line, like LR's. Under **random** "
    "init each unit becomes its own feature, and the output combines them into a curved "
    "boundary."
)
sections.accuracies(cfg, res)
sections.evidence(cfg, res)
height = layout.chart_height(330)
sections.curves(cfg, height, bool(v["lr_log"]))
sections.convexity(cfg, res, height, bool(v["lr_log"]))
