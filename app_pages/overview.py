"""Overview (home): the 1a diagram, the notation, and one card per demo."""

import streamlit as st

from ui import layout, state
from ui.class_question import question_card
from ui.diagrams import flow_latex_1a
from ui.pages import PAGES

FIELDS = (
    state.Field(
        "ov_gout",
        "toggle",
        True,
        "Output layer applies g",
        help="Off: identity output, x⁽²⁾ = S⁽²⁾ (common for regression).",
    ),
    state.Field(
        "ov_deltas",
        "toggle",
        True,
        "Show where the deltas live",
        help="Red: the backward pass, output layer first, then the hidden layer.",
    ),
)

layout.header("overview")
state.show_url_notices(FIELDS)

controls = st.columns([2, 2.4, 2.6])
values = {f.key: state.render(f, col) for f, col in zip(FIELDS, controls, strict=False)}
with layout.stage():
    with st.container(key="flow"):  # typeset at text size: readable from the back row
        st.latex(flow_latex_1a(values["ov_gout"], values["ov_deltas"]))
    st.markdown(
        "Forward pass left to right: weighted inputs $S^{(l)}$, then the activation $g$. "
        "Backprop runs right to left (red): the deltas live at the $S$ nodes, "
        "$\\delta^{(2)}$ first, then $\\delta^{(1)}$."
    )
    n1, n2 = st.columns(2)
    with n1:
        st.latex(r"S_j^{(l)} = \sum_i w_{ij}^{(l)}\, x_i^{(l-1)} + b_j^{(l)}, \quad "
                 r"x_j^{(l)} = g\big(S_j^{(l)}\big)")  # fmt: skip
        st.latex(r"\delta_j^{(l)} = \frac{\partial \ell}{\partial S_j^{(l)}}, \quad "
                 r"\delta_i^{(l)} = g'\big(S_i^{(l)}\big) \sum_j w_{ij}^{(l+1)}\, "
                 r"\delta_j^{(l+1)}")  # fmt: skip
    with n2:
        st.latex(r"\frac{\partial \ell}{\partial w_{ij}^{(l)}} = \delta_j^{(l)}\, x_i^{(l-1)}")
        st.latex(r"w_{ij}^{(l)} \leftarrow w_{ij}^{(l)} - \eta\, \delta_j^{(l)}\, x_i^{(l-1)}")
if layout.lecture_mode():
    question_card("overview", {
        "1a-deltas": "the dashed red edges: ℓ → S⁽²⁾ (1st) → S⁽¹⁾ (2nd)",
        "1a-shape": "W⁽¹⁾ is d⁽⁰⁾ × d⁽¹⁾ in the diagram: 3 × 4 for 3 inputs, 4 hidden units",
    })  # fmt: skip
layout.convention_note(
    "part 1 uses row vectors: $W^{(l)}$ is $d^{(l-1)} \\times d^{(l)}$, "
    "rows = from, columns = to, so $w_{ij}^{(l)}$ = W[i, j]."
)
layout.explain(
    "For a batch of $n$ examples the loss is the mean of the per-example losses, so every "
    "weight gradient is the mean over examples of $\\delta_j x_i$."
)

st.subheader("The demos")
demos = [p for p in PAGES if not p.default]
for row_start in range(0, len(demos), 3):
    cols = st.columns(3, gap="medium")
    for col, page in zip(cols, demos[row_start : row_start + 3], strict=False):
        with col:
            layout.page_card(
                page.path, page.title, page.icon, page.url_path, page.parts, page.question
            )
