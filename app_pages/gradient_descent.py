"""Gradient descent updates: worksheet 2d, 2f and the side note on numerical gradients."""

import streamlit as st

from ui import layout, state
from ui.gradient_descent import charts as gd_charts
from ui.gradient_descent import latex as gd_latex
from ui.gradient_descent import runs as gd_runs
from ui.gradient_descent.runs import FIELDS, T_MAX


def _step(by: int) -> None:
    """Button callback: move the URL-bound step t forward by ``by`` (capped at T_MAX)."""
    now = int(st.session_state.get("gd_t", 0) or 0)
    st.session_state["gd_t"] = max(0, min(T_MAX, now + int(by)))


def _run_k() -> None:
    """Button callback: take k steps (k from its slider)."""
    _step(int(st.session_state.get("gd_k", 10) or 10))


def _reset() -> None:
    """Button callback: back to t = 0."""
    st.session_state["gd_t"] = 0


layout.page_header(
    "⛰️ Gradient descent updates",
    "2d, 2f and the side note",
    "What does one update do, how big may the step be, and why is backprop cheap?",
)
state.show_url_notices(FIELDS)
fields = state.field_map(FIELDS)

cols = st.columns([4, 2, 2, 2, 2])
model = state.render(fields["gd_model"], cols[0])
d = state.render(fields["gd_d"], cols[1])
n = state.render(fields["gd_n"], cols[2])
seed = state.render(fields["gd_seed"], cols[3])
scale = state.render(fields["gd_scale"], cols[4])
if model == "2e":
    layout.convention_note(
        "2e, a linear network (Φ = identity): "
        "$\\ell = \\tfrac12\\lVert W_2(W_1x + b) - y\\rVert^2$, one example (x, y). "
        "W multiplies a column vector, $Wx$, so W is *to × from* "
        "(the transpose of part 1's convention)."
    )
else:
    layout.convention_note(
        "2b, a sum of n sigmoids: $f = (y - \\sum_i \\sigma(w_i^\\top x + b_i))^2$, one example "
        "(x, y). Row i of W is $w_i^\\top$ (the weights of sigmoid unit i), so $z = Wx + b$."
    )
config = (model, int(d), int(n), int(seed), float(scale))

# ------------------------------------------------------------ one update
st.subheader("One update, symbolic and with the numbers (2d / 2f)")
c_eta, c_t, c_k, c_buttons = st.columns([2, 2, 2, 4])
eta = float(state.render(fields["gd_eta"], c_eta))
t_asked = int(state.render(fields["gd_t"], c_t))
state.render(fields["gd_k"], c_k)
with c_buttons:
    b1, b2, b3 = st.columns(3)
    b1.button(
        "Step ▶",
        key="gd_step",
        on_click=_step,
        args=(1,),
        width="stretch",
        help="One update: t → t + 1.",
    )
    b2.button(
        "Run k ⏩",
        key="gd_run",
        on_click=_run_k,
        width="stretch",
        help="k updates at once (k from the slider).",
    )
    b3.button("Reset ⟲", key="gd_reset", on_click=_reset, width="stretch",
              help="Back to the start, t = 0.")  # fmt: skip

upd = gd_runs.update_at(*config, eta, t_asked)
t = upd["t"]
if t < t_asked:
    st.warning(
        f"With η = {eta:g} the run **diverged at step {upd['diverged_at']}** (the loss passed "
        f"10⁶ × its start or overflowed). Showing step {t}, the last finite one. "
        "Lower η or press Reset."
    )
elif upd["diverged_at"] is not None:
    st.caption(
        f":orange[Heads-up:] with η = {eta:g} this run diverges at step {upd['diverged_at']}."
    )

for line in gd_latex.SYMBOLIC[model]:
    st.latex(line)
m1, m2, m3 = st.columns(3)
m1.metric(f"Loss at step {t}", f"{upd['terms']['loss']:.4g}")
m2.metric(
    f"Loss at step {t + 1}",
    f"{upd['loss_next']:.4g}",
    delta=f"{upd['loss_next'] - upd['terms']['loss']:.3g}",
    delta_color="inverse",
)
limit = 2.0 / upd["sharpness"] if upd["sharpness"] > 0 else float("inf")
m3.metric("Local step limit 2/λ", f"{limit:.3g}",
          help="λ: largest eigenvalue of the Gauss–Newton matrix at the current weights. Near "
               "here, a rate above 2/λ makes the prediction overshoot the target by more than "
               "it was off. The limit moves as the weights change.")  # fmt: skip

with st.container(border=True):
    st.markdown(f"**Step {t} → {t + 1} with the numbers filled in** (η = {eta:g})")
    lines, vectors = gd_latex.intermediates(model, upd["x"], upd["y"], upd["terms"], eta)
    for line in lines:
        st.latex(line)
    for col, line in zip(st.columns(len(vectors), gap="small"), vectors, strict=True):
        col.latex(line)
    for line in gd_latex.updates(model, upd["params"], upd["x"], upd["terms"], eta, t):
        st.latex(line)

tol = 1e-12 * max(1.0, upd["max_abs"])
check = (
    f"closed-form update ({'2d' if model == '2b' else '2f'}, lessons.closed_forms) vs autodiff "
    "update "
    f"(core.graph backward, then W − η∇): max |difference| over all entries = {upd['max_diff']:.2e}"
)
if upd["max_diff"] <= tol:
    st.success("✓ They agree: " + check)
else:
    st.error("✗ They disagree: " + check)

# ------------------------------------------------------------ learning rates
st.subheader("The same start under several learning rates")
steps = int(state.render(fields["gd_steps"]))
runs = gd_runs.compare_runs(*config, eta, steps)
h = layout.chart_height()
loss_spec, residual_spec = gd_runs.rate_specs(*config, eta, steps, h)
left, right = st.columns(2)
left.vega_lite_chart(gd_charts.with_t_marker(loss_spec, t if t <= steps else None), width="stretch")
right.vega_lite_chart(residual_spec, width="stretch")
st.caption(
    "Left: losses below 10⁻²⁰ are drawn at 10⁻²⁰ (a log axis cannot show 0). Right: the "
    "prediction error along its starting direction, axis fixed to ±1.5 × its start, so a "
    "diverging run leaves the frame. Dashed black: your η; dotted rule: the current step t."
)
for label, _rate, verdict, r in runs:
    if verdict == "diverges":
        st.warning(
            f"**{label} diverges**: at step {r.diverged_at} the loss passed 10⁶ × its start "
            f"(or overflowed). Its curve stops at step {len(r.losses) - 1}, the last finite value."
        )
    elif verdict == "stalls":
        st.info(f"**{label} stalls**: the loss stopped moving at {r.losses[-1]:.3g}.")
layout.explain(
    "Small steps creep down (**converges**). Past the local limit 2/λ each step overshoots: the "
    "prediction error flips sign every step (**oscillates**, right chart) and shrinks only "
    "slowly. Further out the overshoot grows each step and the loss explodes (**diverges**). "
    "In 2b the loss is bounded by (|y| + n)², so a huge step cannot blow it up: it throws the "
    "sigmoids into saturation, where σ′ ≈ 0 and the gradient vanishes (**stalls**). The presets "
    "were chosen at the default settings; with other settings the labels say what each did."
)

# ------------------------------------------------------------ cost
st.subheader("Numerical vs analytic gradients: what they cost (side note)")
d_max = int(state.render(fields["gd_dmax"]))
points = gd_runs.cost_points(d_max)
fits = gd_runs.fits(d_max)
left, right = st.columns(2)
left.vega_lite_chart(gd_runs.cost_spec(d_max, "ops", h), width="stretch")
right.vega_lite_chart(gd_runs.cost_spec(d_max, "ms", h), width="stretch")
s1, s2, s3, s4 = st.columns(4)
s1.metric("Slope, numerical (counted)", f"{fits['numeric_ops'][0]:.2f}", help="Theory: 4.")
s2.metric("Slope, backprop (counted)", f"{fits['backprop_ops'][0]:.2f}", help="Theory: 2.")
s3.metric("Slope, numerical (time)", f"{fits['numeric_seconds'][0]:.2f}")
s4.metric("Slope, backprop (time)", f"{fits['backprop_seconds'][0]:.2f}")
big = points[-1]
st.caption(
    f"At d = {big.d}: the forward difference made {big.numeric_evals:,} loss evaluations and "
    f"{big.numeric_ops / big.backprop_ops:,.0f} × the operations of backprop. Slopes are fitted "
    f"on d ≥ {fits['d_from']:g} (dashed lines)."
)
layout.explain(
    "**Why d⁴ vs d².** One evaluation of ℓ costs about 2d² multiply-adds (two d × d matrix–"
    "vector products). The forward difference (ℓ(W + εE_ij) − ℓ(W))/ε perturbs each of the "
    "2d² entries of W₁ and W₂ once: 2d² + 1 evaluations × O(d²) = **O(d⁴)**. Backprop does one "
    "forward and one backward pass, a fixed handful of matrix–vector and outer products: "
    "**O(d²)**. On a log-log plot a power law dᵖ is a straight line of slope p.\n\n"
    "**Why wall time disagrees.** The counted operations are deterministic. Wall time at these "
    "small d is dominated by Python's fixed overhead per numpy call (microseconds, whatever d "
    "is), so it grows like the number of calls: about d² for forward differences (one call per "
    "entry), nearly flat for backprop. The arithmetic d⁴ vs d² only dominates the clock for d "
    "in the hundreds — where one numerical gradient already takes seconds to minutes."
)
with st.expander("Measurements (table and CSV)"):
    table = gd_charts.cost_table(points)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download CSV", table.to_csv(index=False), "gradient_cost.csv",
                       "text/csv", key="gd_csv")  # fmt: skip

# ------------------------------------------------------------ eps
st.subheader("Finite-difference error vs step size ε")
curve = gd_runs.eps_curve(int(d), int(seed))
st.vega_lite_chart(gd_runs.eps_spec(int(d), int(seed), h), width="stretch")
(fe, ferr), (ce, cerr) = curve["best_forward"], curve["best_central"]
st.caption(
    f"Smallest error: forward difference {ferr:.1e} at ε = {fe:.0e}; central difference "
    f"{cerr:.1e} at ε = {ce:.0e}. Gradient over W₁ and W₂ of 2e with Φ = tanh, d = {d}, "
    f"seed {seed}; error = largest |numerical − exact| entry."
)
layout.explain(
    "Two errors pull in opposite directions. **Truncation**: the forward difference is off by "
    "about (ε/2)·ℓ″, the central one by (ε²/6)·ℓ‴, so a smaller ε helps. **Round-off**: ℓ is "
    "stored with relative precision u ≈ 2.2 × 10⁻¹⁶, and dividing the difference of two nearly "
    "equal values by ε amplifies that error like u·|ℓ|/ε, so a smaller ε hurts. The total is "
    "smallest where the two meet: ε ≈ √u ≈ 1.5 × 10⁻⁸ for forward differences, ε ≈ ∛u ≈ 6 × "
    "10⁻⁶ for central ones (dashed guides), which also reach a far smaller error. Φ = tanh "
    "here because with Φ = identity ℓ is quadratic in each weight and the central difference "
    "would have no truncation error at all."
)
