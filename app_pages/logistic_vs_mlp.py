"""Logistic regression vs MLP (worksheet 1g): zero init is fine for one, fatal for the other."""

import streamlit as st

from ui import layout, state
from ui.logistic_vs_mlp import charts
from ui.logistic_vs_mlp import runs as runs_ui
from ui.logistic_vs_mlp.runs import MODELS, Config, run

DATASETS = ("blobs", "xor", "circles", "moons", "spiral")
RATES = (0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)

FIELDS = (
    state.Field(
        "lr_data",
        "segmented",
        "xor",
        "Data set",
        help="blobs: linearly separable. xor, circles, moons, spiral: no straight line "
        "separates the classes.",
        options=DATASETS,
    ),
    state.Field(
        "lr_width",
        "int_slider",
        8,
        "Hidden units d (MLP)",
        lo=2,
        hi=16,
        step=1,
        help="Width of the MLP's single hidden layer (both MLPs).",
    ),
    state.Field(
        "lr_act",
        "select",
        "tanh",
        "Hidden activation g (MLP)",
        options=("tanh", "relu", "sigmoid"),
        help="Activation of the hidden layer. Every output is a sigmoid with cross-entropy.",
    ),
    state.Field(
        "lr_lr",
        "select_slider",
        1.0,
        "Learning rate η",
        options=RATES,
        help="Same step size for all four models (full-batch gradient descent).",
    ),
    state.Field(
        "lr_steps",
        "int_slider",
        300,
        "Training steps",
        lo=100,
        hi=1500,
        step=100,
        help="Same number of gradient steps for all four models.",
    ),
    state.Field(
        "lr_n",
        "int_slider",
        200,
        "Examples n",
        lo=20,
        hi=400,
        step=10,
        help="Number of data points (half of each class).",
    ),
    state.Field(
        "lr_noise",
        "slider",
        0.05,
        "Noise",
        lo=0.0,
        hi=0.5,
        step=0.01,
        fmt="%.2f",
        help="Standard deviation of the jitter added to each point (blobs: twice it).",
    ),
    state.Field(
        "lr_seed", "int", 0, "Data seed", lo=0, hi=999_999, step=1, help="Same seed, same data."
    ),
    state.Field(
        "lr_const",
        "slider",
        0.5,
        "Constant init value c",
        lo=-2.0,
        hi=2.0,
        step=0.1,
        fmt="%.1f",
        help="Every weight of the constant-init MLP starts at c (0: zero init). Biases start at 0.",
    ),
    state.Field(
        "lr_scale",
        "slider",
        1.0,
        "Random init scale σ",
        lo=0.1,
        hi=3.0,
        step=0.1,
        fmt="%.1f",
        help="Random starts draw every weight from N(0, σ²); biases start at 0.",
    ),
    state.Field(
        "lr_iseed",
        "int",
        3,
        "Init seed",
        lo=0,
        hi=999_999,
        step=1,
        help="Seed of the random starts (LR and MLP).",
    ),
    state.Field(
        "lr_log",
        "toggle",
        False,
        "Log-scale loss axis",
        help="Show the loss curves on a logarithmic axis.",
    ),
)

layout.page_header(
    "⚖️ Logistic regression vs MLP",
    "1g",
    "Why is zero init fine for logistic regression and fatal for an MLP?",
)
state.show_url_notices(FIELDS)
layout.explain(
    "Four models learn the same data with the same learning rate and number of steps: "
    "**logistic regression** (LR, no hidden layer) from all-zero and from random weights, and "
    "a **one-hidden-layer MLP** from constant and from random weights. Every model ends in a "
    "sigmoid unit and is trained by full-batch gradient descent on the mean binary "
    "cross-entropy."
)

f = state.field_map(FIELDS)
v = {}
with st.container(border=True):
    rows = (
        (st.columns([3, 1.2, 1.2]), ("lr_data", "lr_lr", "lr_steps")),
        (st.columns(4), ("lr_width", "lr_act", "lr_const", "lr_scale")),
    )
    for cols, keys in rows:
        for col, key in zip(cols, keys, strict=True):
            v[key] = state.render(f[key], col)
    with st.expander("Data, seeds and display"):
        cols = st.columns(5)
        for col, key in zip(
            cols, ("lr_n", "lr_noise", "lr_seed", "lr_iseed", "lr_log"), strict=True
        ):
            v[key] = state.render(f[key], col)

cfg = Config(
    dataset=v["lr_data"],
    n=int(v["lr_n"]),
    noise=float(v["lr_noise"]),
    seed=int(v["lr_seed"]),
    width=int(v["lr_width"]),
    activation=v["lr_act"],
    const=float(v["lr_const"]),
    scale=float(v["lr_scale"]),
    init_seed=int(v["lr_iseed"]),
    lr=float(v["lr_lr"]),
    steps=int(v["lr_steps"]),
)
res = run(cfg)
runs, ev = res["models"], res["evidence"]
size = 300 if layout.lecture_mode() else 250
height = layout.chart_height(330)
for key, label in MODELS.items():
    if runs[key]["diverged"]:
        st.warning(
            f"**{label}** diverged (the loss or a weight stopped being finite) after step "
            f"{runs[key]['diverged_at']}; its last finite weights are shown. Lower the "
            "learning rate η."
        )

st.subheader("Decision boundaries: all four at the same training step")
if layout.lecture_mode():  # big maps: the accuracies go in a row underneath
    maps, side = st.container(), st.container()
else:
    maps, side = st.columns([3, 1], gap="medium")
with maps:
    st.vega_lite_chart(spec=runs_ui.maps_spec(cfg, size), width="content")
    st.caption(
        "Drag the **training step** slider under the maps (it runs in your browser; nothing "
        f"is recomputed): {len(res['frame_steps'])} recorded steps on a "
        f"{res['fxs'].size} × {res['fys'].size} grid, the final step on a "
        f"{res['xs'].size} × {res['ys'].size} grid. Data: ● class 0 (dark blue), ▲ class 1 "
        "(dark orange). Background: p(y=1|x); black dots: the decision boundary p = 0.5."
    )
    layout.convention_note(
        "part 1 (row vectors): W⁽¹⁾ is 2 × d and W⁽²⁾ is d × 1, rows = from, columns = to."
    )
with side:
    st.markdown("**Final accuracy**")
    slots = st.columns(4) if layout.lecture_mode() else [st.container() for _ in MODELS]
    for slot, (key, label) in zip(slots, MODELS.items(), strict=True):
        slot.metric(
            label,
            f"{runs[key]['acc']:.3f}",
            help="Fraction of the n training points on the right side of p = 0.5, after "
            f"all {cfg.steps} steps. Final mean loss {runs[key]['final_loss']:.4f}.",
            border=True,
        )
    st.caption(f"The four trainings took {res['train_seconds'] * 1000:.0f} ms together.")

st.subheader("The evidence")
e1, e2, e3 = st.columns(3, gap="large")
with e1:
    st.markdown("**LR: both starts end at the same weights**")
    st.metric(
        "max |θ_zero − θ_random|",
        f"{ev['lr_end_diff']:.2e}",
        help="Largest difference between the two LR solutions at the end, over w₁, w₂ and b.",
    )
    st.caption(
        f"They started {ev['lr_start_diff']:.3g} apart; their predictions on the data now "
        f"differ by at most {ev['lr_prob_diff']:.2e}."
    )
    if ev["lr_end_diff"] > 1e-3:
        st.caption(
            ":orange[Not equal yet:] the two runs are still converging (see how their "
            "difference shrinks below). On separable data, such as blobs, the loss has no "
            "minimum at finite weights: both runs keep growing their weights the same way."
        )
with e2:
    sym = ev["sym_const"]
    most = int(sym["distinct"].max())
    st.markdown("**Constant-init MLP: one hidden unit in disguise**")
    st.metric(
        "distinct hidden units",
        f"{most} of {cfg.width}",
        help="Most distinct hidden units at any recorded step (lessons.symmetry: units are "
        "equal when their incoming, bias and outgoing weights agree).",
    )
    st.caption(
        f"Checked at every one of the {len(sym['distinct'])} steps (0 to {cfg.steps}); "
        f"largest spread between units {float(sym['spread'].max()):.1e}. The random-init "
        f"MLP ends with {ev['rand_distinct']} distinct units."
    )
with e3:
    best_lr = max(runs["lr_zero"]["acc"], runs["lr_rand"]["acc"])
    mlp_acc = runs["mlp_rand"]["acc"]
    st.markdown("**Random-init MLP vs LR**")
    st.metric(
        "random MLP vs best LR",
        f"{mlp_acc:.3f} vs {best_lr:.3f}",
        delta=f"{mlp_acc - best_lr:+.3f}",
        help="Accuracy on the training data after the same number of steps.",
    )
    st.caption(f"The constant-init MLP reaches {runs['mlp_const']['acc']:.3f}.")
    if mlp_acc - best_lr > 0.1:
        st.success(
            "The random-init MLP solves what logistic regression cannot: no straight line "
            "separates these classes."
        )
    elif best_lr >= 0.95:
        st.info(
            "These classes are (almost) linearly separable: logistic regression already "
            "does the job; a straight line is all it can draw."
        )
    else:
        st.info(
            "The random-init MLP does not clearly beat logistic regression here: try more "
            "steps, a larger learning rate or more hidden units."
        )
st.latex(runs_ui.latex_lr_solutions(ev["lr_w"]["lr_zero"], ev["lr_w"]["lr_rand"]))
st.latex(runs_ui.latex_one_unit(cfg.width, cfg.activation, *ev["const_unit"]))
layout.explain(
    "LR's loss is convex, so gradient descent from zero and from random weights heads to the "
    "same minimum (on separable data such as blobs the minimum lies at infinity: both runs "
    "keep growing their weights in the same direction). In the MLP, constant init gives "
    "every hidden unit the same incoming and outgoing weights: they compute the same value, "
    "receive the same delta and the same update (1b-1f), so they stay clones and the "
    "network acts like a single hidden unit. One unit draws one straight boundary, like LR."
)

lc, dc = st.columns([3, 2], gap="large")
with lc:
    st.vega_lite_chart(
        spec=charts.loss_chart(runs, MODELS, height=height, log=bool(v["lr_log"])),
        width="stretch",
    )
with dc:
    st.vega_lite_chart(
        spec=charts.distance_chart(ev["lr_dist_steps"], ev["lr_dist"], height=height),
        width="stretch",
    )

st.subheader("Convexity: the loss along a straight line in weight space")
ts, (ua, uc) = ev["ts"], (u + 1 for u in ev["mlp_pair"])
lr_series = {
    "LR: random start θ₀ → its solution θ₁": (ev["lr_line"], "lr_rand"),
    "LR: zero start θ₀ → its solution θ₁": (ev["lr_line_zero"], "lr_zero"),
}
mlp_label = f"MLP: θ₀ solution, θ₁ = θ₀ with units {ua} ↔ {uc} swapped"
c1, c2 = st.columns(2, gap="large")
with c1:
    spec = charts.line_slice_chart(
        ts,
        {k: s for k, (s, _) in lr_series.items()},
        {k: charts.MODEL_COLOURS[m] for k, (_, m) in lr_series.items()},
        title="Logistic regression: a bowl",
        height=height,
    )
    st.vega_lite_chart(spec=spec, width="stretch")
    st.caption(
        f"Smallest second difference along both lines: {ev['lr_curv_min']:.2e} "
        "(never negative: convex)."
    )
with c2:
    spec = charts.line_slice_chart(
        ts,
        {mlp_label: ev["mlp_line"]},
        {mlp_label: charts.MODEL_COLOURS["mlp_rand"]},
        title="MLP: not convex",
        height=height,
    )
    st.vega_lite_chart(spec=spec, width="stretch")
    lo, hi = ev["mlp_end_loss"]
    st.caption(
        f"Loss {lo:.4f} at t = 0 and {hi:.4f} at t = 1 (the same function), but "
        f"{ev['mlp_mid_loss']:.4f} halfway, where units {ua} and {uc} are averaged into "
        f"identical twins. Smallest second difference: {ev['mlp_curv_min']:.2e}."
    )
st.latex(runs_ui.latex_hessian(ev["hessian"], ev["hessian_eig"]))
layout.explain(
    "For LR, with $\\tilde x = (x_1, x_2, 1)$, the Hessian of the mean cross-entropy is a sum "
    "of outer products weighted by $p_k(1-p_k) \\ge 0$ (above: at the random-start "
    "solution), so it is positive semi-definite at every weight vector: the loss is convex, "
    "every straight line through weight space sees a bowl, and every start rolls to the same "
    "minimum. The MLP's loss cannot be convex: swapping two hidden units gives a different "
    "weight vector with exactly the same loss, and a convex function would have to be at "
    "least as low everywhere between them. Halfway, the two units are averaged into twins "
    "(the symmetric network of 1b), which does worse."
)
