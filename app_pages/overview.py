"""Overview (home): the 1a diagram, the notation, and one card per demo."""

import streamlit as st

from ui import layout, state
from ui.diagrams import flow_diagram_1a
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
        "Show where the deltas are computed",
        help="Red: the backward pass, output layer first, then the hidden layer.",
    ),
)

layout.page_header(
    "🧠 Backprop Lab",
    "1a",
    "A fully connected network, its forward pass, and where backprop's deltas live.",
)
state.show_url_notices(FIELDS)

controls = st.columns([2, 2, 3])
values = {f.key: state.render(f, col) for f, col in zip(FIELDS, controls, strict=False)}
st.graphviz_chart(flow_diagram_1a(values["ov_gout"], values["ov_deltas"]), width="stretch")
layout.explain(
    "Read the diagram left to right for the **forward pass**: each layer forms "
    "weighted inputs $S^{(l)}$ and applies the activation $g$. Backprop then runs "
    "**right to left** (dashed red): the deltas "
    "$\\delta^{(l)} = \\partial \\ell / \\partial S^{(l)}$ "
    "are computed at the $S$ nodes, output layer first, then the hidden layer."
)

st.subheader("Notation (worksheet part 1)")
layout.convention_note(
    "part 1 uses row vectors: $W^{(l)}$ is $d^{(l-1)} \\times d^{(l)}$, "
    "rows = from, columns = to, so $w_{ij}^{(l)}$ = W[i, j]."
)
n1, n2 = st.columns(2)
with n1:
    st.latex(r"S_j^{(l)} = \sum_i w_{ij}^{(l)}\, x_i^{(l-1)} + b_j^{(l)}")
    st.latex(r"x_j^{(l)} = g\big(S_j^{(l)}\big)")
    st.latex(r"\delta_j^{(l)} = \frac{\partial \ell}{\partial S_j^{(l)}}")
with n2:
    st.latex(r"\delta_i^{(l)} = g'\big(S_i^{(l)}\big) \sum_j w_{ij}^{(l+1)}\, \delta_j^{(l+1)}")
    st.latex(r"\frac{\partial \ell}{\partial w_{ij}^{(l)}} = \delta_j^{(l)}\, x_i^{(l-1)}")
    st.latex(r"w_{ij}^{(l)} \leftarrow w_{ij}^{(l)} - \eta\, \delta_j^{(l)}\, x_i^{(l-1)}")
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
