"""Weight matrices over iterations (worksheet 1e-1f).

Two runs of the same network side by side (by default constant init against
random init), every W, b and their gradients as heatmaps scrubbed by a slider
that runs in the browser, weight trajectories, gradient norms, loss, and the
whole history as CSV.
"""

from functools import partial

import streamlit as st

from ui import heatmaps, layout, state
from ui.pages import PAGES
from ui.weights import charts as weights_charts
from ui.weights import runs as weights_runs
from ui.weights.fields import ALL_FIELDS, FIELDS, FPS_FIELD, TRACE_FIELDS

INFO = next(p for p in PAGES if p.path == "app_pages/weights.py")
layout.page_header(INFO.title, INFO.parts, INFO.question)
state.show_url_notices(ALL_FIELDS)
layout.explain(
    "Train the same network twice, from two inits, and watch every weight matrix "
    "move. With **constant** init each row of W⁽¹⁾ stays constant and each column of the "
    "last W stays constant, at every step: the hidden units remain clones (1e-1f). "
    "A random init gives every unit its own weights."
)

with st.container(border=True):
    cols = st.columns(4)
    v = {}
    for k, field in enumerate(FIELDS):
        v[field.key] = state.render(field, cols[k % 4])

cfg_a = weights_runs.RunConfig(
    dataset=v["wts_data"],
    width=int(v["wts_width"]),
    depth=int(v["wts_depth"]),
    activation=v["wts_act"],
    init=v["wts_init_a"],
    a=float(v["wts_a"]),
    sigma=float(v["wts_sigma"]),
    eps=float(v["wts_eps"]),
    lr=float(v["wts_lr"]),
    steps=int(v["wts_steps"]),
    seed=int(v["wts_seed"]),
)
cfg_b = weights_runs.other(cfg_a, v["wts_init_b"])
sizes = cfg_a.sizes()
L = len(sizes) - 1

for cfg in (cfg_a, cfg_b):
    if cfg.init == "noise" and cfg.eps == 0:
        st.info("ε = 0: constant + noise is plain constant init. Raise ε to nudge the units apart.")
        break
if cfg_a.lr == 0:
    st.info("η = 0: gradient descent does not move; every step shows the start.")
if cfg_a.init == cfg_b.init:
    st.info(
        "Both runs use the same init, so the two columns agree. Pick another init for "
        "one side to compare."
    )

cell = 50 if layout.lecture_mode() else 38
height = layout.chart_height(240)
try:
    with st.spinner(f"Training 2 networks for {cfg_a.steps:,} steps each …", show_time=True):
        bundle = weights_runs.page_bundle(cfg_a, cfg_b, cell, height)
except ValueError as err:  # a combination the core refuses: say so, keep the controls
    st.error(f"These settings cannot be trained: {err}. Change one of the controls above.")
    st.stop()
left, right = bundle["labels"]

for label, diverged, records in zip(
    bundle["labels"], bundle["diverged"], bundle["records"], strict=True
):
    if diverged:
        st.warning(
            f"**{label}**: the loss stopped being finite after step {records - 1}: the "
            "learning rate is too large. Charts show the steps before that; lower η."
        )

net = cfg_a.network()
st.caption(
    f"Network {'-'.join(map(str, sizes))} · hidden g = {net.activation}, sigmoid output · "
    f"{'squared error' if net.loss == 'squared_error' else 'binary cross-entropy'} · "
    f"full-batch gradient descent, η = {cfg_a.lr:g}, {cfg_a.steps:,} steps · "
    f"final loss: {left} {bundle['final_loss'][0]:.4g}, {right} {bundle['final_loss'][1]:.4g}"
)

st.subheader("W, b and their gradients at one iteration")
layout.convention_note(
    "worksheet part 1: W⁽ˡ⁾ is d⁽ˡ⁻¹⁾ × d⁽ˡ⁾, row i = the unit the weight comes FROM, "
    "column j = the unit it goes TO; the bias b⁽ˡ⁾ is drawn as an extra row b. "
    "One colour scale for all weights and biases (both runs, every step), one for all gradients."
)
play_cols = st.columns([2, 2, 3])
playing = play_cols[0].toggle(
    "▶ Autoplay",
    key="wts_play",
    value=False,
    help="Step through the iterations automatically (the server redraws each frame). "
    "Turn off to scrub freely in the browser. Not kept in the URL.",
)
fps = state.render(FPS_FIELD, play_cols[1])

if playing:
    frames = weights_runs.autoplay_frames(bundle["chart_steps"])

    def _stop() -> None:
        st.session_state["wts_play"] = False

    @st.fragment(run_every=1.0 / fps)
    def _player() -> None:
        if not st.session_state.get("wts_play"):
            st.rerun()
        k = st.session_state.get("wts_frame", 0) % len(frames)
        st.button("⏹ Stop", on_click=_stop, key="wts_stop")
        st.caption(
            f"Autoplay (server-side view): step {frames[k]:,} of {bundle['last_step']:,}, "
            f"{fps} frames/s. Stop to get the browser slider back."
        )
        st.vega_lite_chart(weights_runs.frame_spec(cfg_a, cfg_b, int(frames[k]), cell))
        st.session_state["wts_frame"] = k + 1

    _player()
else:
    st.html(heatmaps.SLIDER_CSS)
    st.vega_lite_chart(dict(bundle["heat"]))
    st.caption(
        "Drag the **iteration** slider under the heatmaps: it runs in your browser, "
        "nothing is recomputed. Hover a cell for its exact value."
    )
if bundle["subsampled"]:
    st.caption(
        f":orange[Subsampled:] the heatmaps hold {len(bundle['chart_steps']):,} of the "
        f"{bundle['records'][0]:,} recorded steps (at most "
        f"{weights_runs.MAX_CHART_ROWS:,} chart rows); the slider shows the latest of them at "
        "or before its value. The CSV download below has every step."
    )

st.subheader("1e-1f: which patterns survive every step")
layout.explain(
    "The largest spread inside a row (or column) of each matrix, over all steps. Zero means "
    "the rows (columns) stayed exactly constant: the hidden units are still clones."
)
for label, spreads in zip(bundle["labels"], bundle["spreads"], strict=True):
    st.markdown(f"**{label}**")
    st.latex(weights_charts.spread_latex(spreads, L))

st.subheader("Trajectories of chosen weights")
tcols = st.columns([1, 1.6, 1.2, 1.2])
t = {f.key: state.render(f, tcols[k]) for k, f in enumerate(TRACE_FIELDS)}
layer = int(t["wts_tl"])
if layer > L:
    st.warning(f"This network has {L} weight layer{'s' * (L > 1)}; showing layer {L}.")
    layer = L
ti = None if t["wts_ti"] == "all" else int(t["wts_ti"])
tj = None if t["wts_tj"] == "all" else int(t["wts_tj"])
entries, note = weights_charts.trajectory_entries(sizes, layer, t["wts_tk"], ti, tj)
if note:
    st.warning(note[0].upper() + note[1:] + ".")
i0, j0 = entries[0]
kind = t["wts_tk"]
st.vega_lite_chart(weights_runs.trajectory_spec(cfg_a, cfg_b, layer, kind, ti, tj, height))
layout.explain(
    "Under constant init the lines of one row of W⁽¹⁾ (and of one column of the "
    "last W) lie on top of each other, so fewer lines are visible than the legend lists."
)

st.markdown(
    f"**The first update of w⁽{layer}⁾[{i0},{j0}]** (worksheet 1e: "
    "w ← w − η ∂L/∂w, with ∂L/∂w_ij the batch mean of δ_j x_i)"
)
for label, cfg in zip(bundle["labels"], (cfg_a, cfg_b), strict=True):
    numbers = weights_runs.first_update(cfg, layer, i0, j0)
    st.markdown(f"**{label}**")
    if numbers is None:
        st.caption("No step taken (steps = 0, or the first step diverged).")
        continue
    st.latex(weights_charts.update_latex(numbers, layer, i0, j0))
    ok = abs(numbers["predicted"] - numbers["w1"]) <= 1e-12 * max(1.0, abs(numbers["w1"]))
    st.caption(("✅ " if ok else "❌ ") + f"recorded after step 1: {numbers['w1']:.6g}")

st.subheader("Loss and gradient norms")
lcols = st.columns(2)
with lcols[0]:
    st.vega_lite_chart(dict(bundle["loss"]))
with lcols[1]:
    st.vega_lite_chart(dict(bundle["norms"]))
    st.caption(
        f"Norms below {weights_charts.NORM_FLOOR:g} (exact zeros) are drawn at "
        f"{weights_charts.NORM_FLOOR:g}."
    )

st.subheader("Download the whole history")
st.caption(
    "One row per recorded step, layer, matrix and entry: step, layer, kind "
    "(W, b, dW, db), i, j, value; every step, never subsampled."
)
dcols = st.columns(2)
for side, (col, label, cfg, rows) in enumerate(
    zip(dcols, bundle["labels"], (cfg_a, cfg_b), bundle["csv_rows"], strict=True)
):
    col.download_button(
        f"⬇ {label} · CSV, {rows:,} rows",
        data=partial(weights_runs.history_csv, cfg),
        file_name=f"weights_{cfg.init}_{cfg.dataset}_{'-'.join(map(str, sizes))}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"wts_csv_{side}",
        help="Built when you click (cached).",
    )
