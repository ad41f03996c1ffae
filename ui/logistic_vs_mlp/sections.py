"""The sections below the stage of the "Logistic regression vs MLP" page.

Each function draws one section from a cached run (never computes): final
accuracies, the evidence for the page's claims, the loss curves, and the loss
along straight lines through weight space (convexity).
"""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.logistic_vs_mlp import latex
from ui.logistic_vs_mlp.runs import MODELS, Config, line_specs


def accuracies(cfg: Config, res: dict) -> None:
    """One metric per model: accuracy on the training data after every step."""
    runs = res["models"]
    st.markdown("**Final accuracy**")
    for slot, (key, label) in zip(st.columns(4), MODELS.items(), strict=True):
        slot.metric(
            label,
            f"{runs[key]['acc']:.3f}",
            help="Fraction of the n training points on the right side of p = 0.5, after "
            f"all {cfg.steps} steps. Final mean loss {runs[key]['final_loss']:.4f}.",
            border=True,
        )
    st.caption(f"The four trainings took {res['train_seconds'] * 1000:.0f} ms together.")


def _lr_evidence(ev: dict) -> None:
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


def _mlp_evidence(cfg: Config, ev: dict) -> None:
    sym = ev["sym_const"]
    st.markdown("**Constant-init MLP: one hidden unit in disguise**")
    st.metric(
        "distinct hidden units",
        f"{int(sym['distinct'].max())} of {cfg.width}",
        help="Most distinct hidden units at any recorded step (lessons.symmetry: units are "
        "equal when their incoming, bias and outgoing weights agree).",
    )
    st.caption(
        f"Checked at every one of the {len(sym['distinct'])} steps (0 to {cfg.steps}); "
        f"largest spread between units {float(sym['spread'].max()):.1e}. The random-init "
        f"MLP ends with {ev['rand_distinct']} distinct units."
    )


def _versus(runs: dict) -> None:
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


def evidence(cfg: Config, res: dict) -> None:
    """The numbers behind the claims, the two LR solutions and the collapsed MLP."""
    ev = res["evidence"]
    st.subheader("The evidence")
    e1, e2, e3 = st.columns(3, gap="large")
    with e1:
        _lr_evidence(ev)
    with e2:
        _mlp_evidence(cfg, ev)
    with e3:
        _versus(res["models"])
    st.latex(latex.latex_lr_solutions(ev["lr_w"]["lr_zero"], ev["lr_w"]["lr_rand"]))
    st.latex(latex.latex_one_unit(cfg.width, cfg.activation, *ev["const_unit"]))
    layout.explain(
        "LR's loss is convex, so gradient descent from zero and from random weights heads to "
        "the same minimum (on separable data such as blobs the minimum lies at infinity: both "
        "runs keep growing their weights in the same direction). In the MLP, constant init "
        "gives every hidden unit the same incoming and outgoing weights: they compute the same "
        "value, receive the same delta and the same update (1b-1f), so they stay clones and "
        "the network acts like a single hidden unit. One unit draws one straight boundary, "
        "like LR."
    )


def curves(cfg: Config, height: int, log: bool) -> None:
    """Loss over steps for the four models, and the LR runs' distance."""
    specs = line_specs(cfg, height, log)
    lc, dc = st.columns([3, 2], gap="large")
    lc.vega_lite_chart(spec=specs["loss"], width="stretch")
    dc.vega_lite_chart(spec=specs["dist"], width="stretch")


def convexity(cfg: Config, res: dict, height: int, log: bool) -> None:
    """The loss along straight lines in weight space: a bowl for LR, a bump for the MLP."""
    ev = res["evidence"]
    specs = line_specs(cfg, height, log)
    ua, uc = (u + 1 for u in ev["mlp_pair"])
    st.subheader("Convexity: the loss along a straight line in weight space")
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.vega_lite_chart(spec=specs["bowl"], width="stretch")
        st.caption(
            f"Smallest second difference along both lines: {ev['lr_curv_min']:.2e} "
            "(never negative: convex)."
        )
    with c2:
        st.vega_lite_chart(spec=specs["bump"], width="stretch")
        lo, hi = ev["mlp_end_loss"]
        st.caption(
            f"Loss {lo:.4f} at t = 0 and {hi:.4f} at t = 1 (the same function), but "
            f"{ev['mlp_mid_loss']:.4f} halfway, where units {ua} and {uc} are averaged into "
            f"identical twins. Smallest second difference: {ev['mlp_curv_min']:.2e}."
        )
    st.latex(latex.latex_hessian(ev["hessian"], ev["hessian_eig"]))
    layout.explain(
        "For LR, with $\\tilde x = (x_1, x_2, 1)$, the Hessian of the mean cross-entropy is a "
        "sum of outer products weighted by $p_k(1-p_k) \\ge 0$ (above: at the random-start "
        "solution), so it is positive semi-definite at every weight vector: the loss is convex, "
        "every straight line through weight space sees a bowl, and every start rolls to the "
        "same minimum. The MLP's loss cannot be convex: swapping two hidden units gives a "
        "different weight vector with exactly the same loss, and a convex function would have "
        "to be at least as low everywhere between them. Halfway, the two units are averaged "
        "into twins (the symmetric network of 1b), which does worse."
    )
