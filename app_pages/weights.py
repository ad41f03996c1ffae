"""Weight matrices over iterations (worksheet 1e-1f).

Two runs of the same network side by side (by default constant init against
random init): every W and b as heatmaps and each hidden unit's map over the
input plane, scrubbed by a slider that runs in the browser; gradients, weight
trajectories, gradient norms, loss, and the whole history as CSV.
"""

import streamlit as st

from ui import layout
from ui.class_question import question_card
from ui.state import render_all, show_url_notices
from ui.weights import bundle as weights_bundle
from ui.weights import links, player, sections
from ui.weights.fields import ALL_FIELDS, FIELDS, TRACE_FIELDS
from ui.weights.runs import RunConfig, other

layout.header("weights")
show_url_notices(ALL_FIELDS)
_, capped = links.cap_steps(links.config())  # before the widgets: they show the shown value
notes = ([capped] if capped else []) + links.trajectory_choice(links.config().sizes())
if notes:
    st.caption(":orange[Adjusted:] " + "; ".join(n[0].upper() + n[1:] for n in notes) + ".")
layout.explain(
    "Train the same network twice, from two inits, and watch every weight matrix move. With "
    "**constant** init each row of W⁽¹⁾ stays constant and each column of the last W stays "
    "constant, at every step: the hidden units remain clones (1e-1f), and their maps over the "
    "input plane are one picture. A random init gives every unit its own weights and map."
)
top = st.container()
panel = layout.settings()
v = render_all(FIELDS, panel)
panel.markdown("**Trajectory chart**")
choice = render_all(TRACE_FIELDS, panel)
cfg_a = RunConfig(
    dataset=v["wts_data"], width=int(v["wts_width"]), depth=int(v["wts_depth"]),
    activation=v["wts_act"], init=v["wts_init_a"], a=float(v["wts_a"]),
    sigma=float(v["wts_sigma"]), eps=float(v["wts_eps"]), lr=float(v["wts_lr"]),
    steps=int(v["wts_steps"]), seed=int(v["wts_seed"]),
)  # fmt: skip
cfgs = (cfg_a, other(cfg_a, v["wts_init_b"]))
lecture = layout.lecture_mode()
height = layout.chart_height(240)
try:
    bundle = weights_bundle.build(*cfgs, lecture, height, top)
except ValueError as err:  # a combination the core refuses: say so, keep the controls
    top.error(f"These settings cannot be trained: {err}. Change one of the settings.")
    st.stop()
left, right = bundle["labels"]

with top:
    for label, diverged, records in zip(bundle["labels"], bundle["diverged"],
                                        bundle["records"], strict=True):  # fmt: skip
        if diverged:
            st.warning(
                f"**{label}**: the loss stopped being finite after step {records - 1}: the "
                "learning rate is too large. Charts show the steps before that; lower η."
            )
    if cfgs[0].init == cfgs[1].init:
        st.info("Both runs use the same init, so they agree. Pick another init for one side.")
    player.controls_and_stage(cfgs, bundle, lecture)
if lecture:
    question_card("weights", weights_bundle.live_answers(*cfgs))
net = cfg_a.network()
st.caption(
    f"Network {'-'.join(map(str, cfg_a.sizes()))} · hidden g = {net.activation}, sigmoid "
    f"output · {'squared error' if net.loss == 'squared_error' else 'binary cross-entropy'} · "
    f"full-batch gradient descent, η = {cfg_a.lr:g}, {cfg_a.steps:,} steps · final loss: "
    f"{left} {bundle['final_loss'][0]:.4g}, {right} {bundle['final_loss'][1]:.4g}"
)
layout.convention_note(
    "worksheet part 1: W⁽ˡ⁾ is d⁽ˡ⁻¹⁾ × d⁽ˡ⁾, row i = the unit the weight comes FROM, column "
    "j = the unit it goes TO; the bias b⁽ˡ⁾ is the extra row b. One colour scale for all "
    "weights and biases (both runs, every step), one for all gradients, one for the unit maps."
)
if bundle["unit_res"]:
    st.caption(
        f"Unit maps: hidden unit j's activation x_j⁽ˡ⁾(x₁, x₂) on a {bundle['unit_res']} × "
        f"{bundle['unit_res']} grid over the data's box, at {bundle['unit_frames']} evenly "
        "spaced recorded steps (the latest at or before the slider). The count is lessons' "
        "symmetry count: units with equal incoming, bias and outgoing weights (within 1e-9)."
    )
else:
    st.caption("Unit maps need 2-D inputs: the symmetry example has 3, so none are drawn.")
if bundle["subsampled"]:
    st.caption(
        f":orange[Subsampled:] the heatmaps hold {len(bundle['chart_steps']):,} of the "
        f"{bundle['records'][0]:,} recorded steps (at most "
        f"{weights_bundle.MAX_CHART_ROWS:,} chart rows); the slider shows the latest of them at "
        "or before its value. The CSV download below has every step."
    )
if lecture:
    st.caption("The gradients dL/dW, dL/db are drawn under the weights out of lecture mode.")
sections.spreads(bundle, len(cfg_a.sizes()) - 1)
sections.trajectories(cfgs, bundle["labels"], choice, height)
sections.curves(bundle)
sections.downloads(cfgs, bundle)
