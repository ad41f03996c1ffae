"""Logistic regression vs MLP (worksheet 1g): zero init is fine for one, fatal for the other."""

import streamlit as st

from ui import layout, state
from ui import lr_mlp_charts as charts
from ui.lr_mlp_runs import MODELS, Config, run

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
        hi=32,
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
        2.0,
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
        hi=3000,
        step=100,
        help="Same number of gradient steps for all four models.",
    ),
    state.Field(
        "lr_n",
        "int_slider",
        200,
        "Examples n",
        lo=20,
        hi=1000,
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
        0,
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

state.show_url_notices(FIELDS)
layout.page_header(
    "⚖️ Logistic regression vs MLP",
    "1g",
    "Why is zero init fine for logistic regression and fatal for an MLP?",
)
layout.explain(
    "Four models learn the same data with the same learning rate and number of steps: "
    "**logistic regression** (no hidden layer) from all-zero and from random weights, and a "
    "**one-hidden-layer MLP** from constant and from random weights. Every model ends in a "
    "sigmoid and is trained on the mean binary cross-entropy."
)

f = state.field_map(FIELDS)
v = {}
with st.container(border=True):
    top = st.columns([2.2, 1, 1, 1.3, 1.3])
    for col, key in zip(top, ("lr_data", "lr_width", "lr_act", "lr_lr", "lr_steps"), strict=True):
        v[key] = state.render(f[key], col)
    with st.expander("Data, initialisation and display settings"):
        more = st.columns(4)
        keys = ("lr_n", "lr_noise", "lr_seed", "lr_log", "lr_const", "lr_scale", "lr_iseed")
        for i, key in enumerate(keys):
            v[key] = state.render(f[key], more[i % 4])

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
big = layout.lecture_mode()
size = 300 if big else 230

for key, label in MODELS.items():
    if runs[key]["diverged"]:
        st.warning(
            f"**{label}** diverged (the loss or a weight stopped being finite) after step "
            f"{runs[key]['diverged_at']}; its last finite weights are shown. Lower the "
            "learning rate η."
        )

st.subheader(f"Decision boundaries after {cfg.steps} steps")
layout.convention_note(
    "part 1 (row vectors): W⁽¹⁾ is 2 × d and W⁽²⁾ is d × 1, rows = from, columns = to. "
    "Colour: p(y=1|x) (blue → class 0, orange → class 1); black dots: the boundary p = 0.5."
)
cols = st.columns(4)
for col, (key, label) in zip(cols, MODELS.items(), strict=True):
    r = runs[key]
    with col:
        st.altair_chart(
            charts.decision_map(
                res["xs"],
                res["ys"],
                r["map"],
                r["boundary"],
                res["X"],
                res["y"],
                title=label,
                size=size,
            ),
            width="content",
        )
        st.metric(
            f"Accuracy: {label}",
            f"{r['acc']:.3f}",
            help="Fraction of the n training points on the right side of p = 0.5.",
            border=True,
        )
        st.caption(f"final mean loss {r['final_loss']:.4f}")
st.caption(f"The four trainings together took {res['train_seconds'] * 1000:.0f} ms (cold).")

st.subheader("The evidence")
e1, e2, e3 = st.columns(3, gap="large")
with e1:
    st.markdown("**Logistic regression: both starts, one answer**")
    st.metric(
        "max |θ_zero − θ_random| at the end",
        f"{ev['lr_end_diff']:.2e}",
        help="Largest difference between the two LR solutions over w₁, w₂ and b.",
    )
    st.caption(
        f"They started {ev['lr_start_diff']:.3g} apart. Largest difference of their "
        f"predictions on the data: {ev['lr_prob_diff']:.2e}."
    )
    st.latex(charts.latex_lr_solutions(ev["lr_w"]["lr_zero"], ev["lr_w"]["lr_rand"]))
with e2:
    sym = ev["sym_const"]
    n_rec = len(sym["distinct"])
    most = int(sym["distinct"].max())
    st.markdown("**Constant-init MLP: one unit in disguise**")
    st.metric(
        "distinct hidden units (constant init)",
        f"{most} of {cfg.width}",
        help="Largest number of distinct hidden units over every recorded step "
        "(core.symmetry; units equal when incoming, bias and outgoing weights agree).",
    )
    st.caption(
        f"Checked at all {n_rec} recorded steps: at most {most} distinct; largest spread "
        f"between units {float(sym['spread'].max()):.1e}. The random-init MLP has "
        f"{ev['rand_distinct']} distinct units at the end."
    )
    st.latex(charts.latex_one_unit(cfg.width, cfg.activation, *ev["const_unit"]))
with e3:
    best_lr = max(runs["lr_zero"]["acc"], runs["lr_rand"]["acc"])
    mlp_acc, const_acc = runs["mlp_rand"]["acc"], runs["mlp_const"]["acc"]
    st.markdown("**Random-init MLP vs logistic regression**")
    st.metric(
        "accuracy: random MLP vs best LR",
        f"{mlp_acc:.3f} vs {best_lr:.3f}",
        delta=f"{mlp_acc - best_lr:+.3f}",
        help="Accuracy on the training data after the same number of steps.",
    )
    st.caption(f"The constant-init MLP reaches {const_acc:.3f}.")
    if mlp_acc - best_lr > 0.1:
        st.success(
            "The random-init MLP solves a problem logistic regression cannot: "
            "no straight line separates these classes."
        )
    elif best_lr >= 0.95:
        st.info(
            "These classes are (almost) linearly separable: logistic regression "
            "already does the job, and a straight line is all it can draw."
        )
    else:
        st.info(
            "The random-init MLP does not clearly beat logistic regression here: "
            "try more steps, a larger learning rate or more hidden units."
        )
layout.explain(
    "Logistic regression's loss is convex, so gradient descent from zero and from random "
    "weights heads to the same minimum. In the MLP, constant init gives every hidden unit "
    "the same incoming and outgoing weights; they compute the same value, receive the same "
    "delta and the same update (1b-1f), so they stay clones and the network is a one-unit "
    "network: a single sigmoid of a monotone function of one straight line. Its decision "
    "boundary is a straight line, like logistic regression's."
)

lc, dc = st.columns([3, 2], gap="large")
height = layout.chart_height(260)
with lc:
    st.altair_chart(
        charts.loss_chart(runs, MODELS, height=height, log=bool(v["lr_log"])),
        width="stretch",
    )
with dc:
    st.altair_chart(
        charts.distance_chart(ev["lr_dist_steps"], ev["lr_dist"], height=height),
        width="stretch",
    )

st.subheader("Watch them train: all four at the same step")
st.altair_chart(
    charts.scrub_maps(
        res["fxs"],
        res["fys"],
        runs,
        res["frame_steps"],
        res["X"],
        res["y"],
        MODELS,
        size=size + 40,
    ),
    width="content",
)
st.caption(
    f"Drag the **training step** slider under the maps: it runs in your browser (nothing is "
    f"recomputed), through {len(res['frame_steps'])} recorded steps on a coarser "
    f"{res['fxs'].size} × {res['fys'].size} grid."
)

st.subheader("Convexity: the loss along a straight line in weight space")
c1, c2 = st.columns(2, gap="large")
ts = ev["ts"]
with c1:
    st.altair_chart(
        charts.line_slice_chart(
            ts,
            {
                "LR: random start θ₀ → its solution θ₁": ev["lr_line"],
                "LR: zero start θ₀ → its solution θ₁": ev["lr_line_zero"],
            },
            {
                "LR: random start θ₀ → its solution θ₁": charts.MODEL_COLOURS["lr_rand"],
                "LR: zero start θ₀ → its solution θ₁": charts.MODEL_COLOURS["lr_zero"],
            },
            title="Logistic regression: a bowl",
            height=height,
        ),
        width="stretch",
    )
    st.caption(
        f"Smallest second difference along both LR lines: {ev['lr_curv_min']:.2e} "
        "(≥ 0 up to round-off: convex)."
    )
with c2:
    ua, uc = (u + 1 for u in ev["mlp_pair"])
    label = f"MLP: solution θ₀ → same with hidden units {ua} and {uc} swapped θ₁"
    st.altair_chart(
        charts.line_slice_chart(
            ts,
            {label: ev["mlp_line"]},
            {label: charts.MODEL_COLOURS["mlp_rand"]},
            title="MLP: not convex",
            height=height,
        ),
        width="stretch",
    )
    lo, hi = ev["mlp_end_loss"]
    st.caption(
        f"Loss {lo:.4f} at t = 0 and {hi:.4f} at t = 1 (the same function), but "
        f"{ev['mlp_mid_loss']:.4f} halfway, where units {ua} and {uc} are averaged into twins. "
        f"Smallest second difference: {ev['mlp_curv_min']:.2e}."
    )
st.latex(charts.latex_hessian(ev["hessian"], ev["hessian_eig"]))
layout.explain(
    "For logistic regression with $\\tilde x = (x_1, x_2, 1)$ the Hessian of the mean "
    "cross-entropy is a sum of outer products with weights $p_k(1-p_k) \\ge 0$ (shown above "
    "at the random-start solution), so it is positive semi-definite everywhere: the loss is "
    "convex, every line through weight space sees a bowl, and any start rolls to the same "
    "minimum. The MLP's loss cannot be convex: swapping two hidden units gives a different "
    "weight vector with exactly the same loss, and halfway between the two the units are "
    "averaged into identical twins (the symmetric network of 1b), which is worse."
)
