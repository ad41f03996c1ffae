"""Chain rule and computation graphs (worksheet 2a, 2b, 2c, 2e).

Pick an example (or type a formula), see its computation graph with every
node's value, then step backwards through it: each step fills in one node's
gradient with the chain rule written out in numbers. A table checks every
gradient against the worksheet's closed form and central differences.
"""

import streamlit as st

from core.expr import EXPRESSION_HELP, MAX_LENGTH
from lessons.chain_rule.derivatives import F_FUNCTIONS, G_FUNCTIONS
from lessons.chain_rule.examples import PHI_CHOICES
from lessons.chain_rule.variables import VARIABLES_HELP
from ui import graph_view as gv
from ui import layout, state
from ui.chain_rule import examples as cx
from ui.pages import PAGES

EXAMPLES = ("2a", "2b/2c", "2e", "own formula")
G_DEFAULTS = ("square", "exp", "tanh", "sigmoid", "double")

F = state.Field
FIELDS = (
    F("cr_example", "segmented", "2a", "Example", options=EXAMPLES,
      help="2a: one input, several paths. 2b/2c: a sum of sigmoids. 2e: a two-layer "
      "network. Or type your own formula."),
    F("cr_n", "int_slider", 3, "n: paths from w to f", lo=1, hi=5,
      help="Number of inner functions x_i = g_i(w) that all feed f (2a)."),
    *(F(f"cr_g{i}", "select", G_DEFAULTS[i - 1], f"g{i}(w)", options=tuple(G_FUNCTIONS),
        help=f"Inner function x{i} = g{i}(w).") for i in range(1, 6)),
    F("cr_f", "select", "sum", "f(x1, …, xn)", options=tuple(F_FUNCTIONS),
      help="The outer function that combines the paths."),
    F("cr_w", "slider", 0.5, "w", lo=-2.0, hi=2.0, step=0.05,
      help="The value of the single input w."),
    F("cr_bn", "int_slider", 2, "n: hidden units (rows of W)", lo=1, hi=5,
      help="Number of sigmoid units summed in 2b."),
    F("cr_bd", "int_slider", 2, "d: inputs (length of x)", lo=1, hi=6),
    F("cr_y", "slider", 1.5, "y: target", lo=-3.0, hi=3.0, step=0.1,
      help="The number the sum of sigmoids should match (each sigmoid is in (0, 1))."),
    F("cr_unit", "toggle", True, "One node per unit (w_i, b_i)",
      help="On: the worksheet's graph, one z_i per unit. Off: W and b as single "
      "matrix/vector nodes (the same gradients, fewer nodes)."),
    F("cr_ed", "int_slider", 2, "d: size of x, b, y (W1, W2 are d × d)", lo=1, hi=6),
    F("cr_phi", "select", "tanh", "Φ: elementwise nonlinearity", options=PHI_CHOICES,
      help="Φ = identity is the linear network of 2f."),
    F("cr_seed", "int", 0, "Seed of the random values", lo=0, hi=9999,
      help="Same seed, same numbers (rounded to 2 decimals)."),
    F("cr_vars", "text", "W = random(2, 3); x = [1, -0.5, 2]; b = [0.1, -0.2]; y = 1.5",
      "Variables", max_chars=MAX_LENGTH, help=VARIABLES_HELP),
    F("cr_formula", "text", "y * sum(sigmoid(W @ x + b)) + x @ x", "Formula f =",
      max_chars=MAX_LENGTH, help=EXPRESSION_HELP),
    F("cr_maxel", "int_slider", 12, "Numbers shown per array in the graph", lo=1, hi=64,
      help="Bigger arrays are abbreviated to their first numbers and min/max."),
    F("cr_dir", "segmented", "top-down", "Graph layout", options=("left-right", "top-down"),
      help="Inputs on the left or at the top: pick whichever fits the screen better."),
    F("cr_step", "int_slider", 0, "Backward step", lo=0, hi=1000,
      help="How many nodes have their gradient filled in (reverse topological order)."),
)  # fmt: skip
FM = state.field_map(FIELDS)
INFO = next(p for p in PAGES if p.url_path == "chain-rule")

layout.page_header(f"{INFO.icon} {INFO.title}", INFO.parts, INFO.question)
state.show_url_notices(FIELDS)
layout.explain(
    "Every formula is a **computation graph**: leaves (blue) are inputs, every other node "
    "is one operation. The backward pass visits the nodes from the output back to the "
    "inputs; each node's gradient is the **chain rule summed over the nodes it feeds**: "
    "$\\frac{\\partial f}{\\partial v} = \\sum_{c} \\frac{\\partial f}{\\partial c}"
    "\\frac{\\partial c}{\\partial v}$."
)
pick, display = st.columns([4, 1], vertical_alignment="bottom")
example_choice = state.render(FM["cr_example"], pick)
with display.popover("Graph display", icon=":material/tune:", width="stretch"):
    maxel = state.render(FM["cr_maxel"])
    rankdir = "TB" if state.render(FM["cr_dir"]) == "top-down" else "LR"
kind = {"2b/2c": "2b", "own formula": "own"}.get(example_choice, example_choice)

r = state.render
with st.container(border=True):
    if kind == "2a":
        top = st.columns(3)
        n = r(FM["cr_n"], top[0])
        f = r(FM["cr_f"], top[1])
        w = r(FM["cr_w"], top[2])
        row = st.columns(5)
        gs = tuple(r(FM[f"cr_g{i}"], row[i - 1]) for i in range(1, n + 1))
        config = cx.ChainConfig("2a", gs=gs, f=f, w=w)
    elif kind == "2b":
        top = st.columns(5)
        config = cx.ChainConfig(
            "2b",
            n=r(FM["cr_bn"], top[0]),
            d=r(FM["cr_bd"], top[1]),
            y=r(FM["cr_y"], top[2]),
            seed=r(FM["cr_seed"], top[3]),
            per_unit=r(FM["cr_unit"], top[4]),
        )
    elif kind == "2e":
        top = st.columns(3)
        config = cx.ChainConfig(
            "2e",
            d=r(FM["cr_ed"], top[0]),
            phi=r(FM["cr_phi"], top[1]),
            seed=r(FM["cr_seed"], top[2]),
        )
    else:
        texts, side = st.columns([3, 1])
        variables = r(FM["cr_vars"], texts)
        variables_box = texts.container()
        formula = r(FM["cr_formula"], texts)
        formula_box = texts.container()
        seed = r(FM["cr_seed"], side)
        config = cx.ChainConfig("own", seed=seed, formula=formula, variables=variables)

result = cx.run(config)
if kind == "own":
    with variables_box:
        if result.variables_error:
            st.error(
                f"Variables: {layout.literal(result.variables_error)}. "
                "The formula needs them fixed first."
            )
        else:
            cx.variables_panel(result.values, "cr_vars")
    with formula_box:
        if result.formula_error:
            st.error(f"Formula: {layout.literal(result.formula_error)}")
        with st.expander("Allowed syntax"):
            st.markdown(EXPRESSION_HELP)

if kind == "2b":
    layout.convention_note(
        "2b: $W \\in \\mathbb{R}^{n\\times d}$ with rows $w_i$; $z_i = w_i^\\top x + b_i$."
    )
elif kind == "2e":
    layout.convention_note(
        "2e: $W$ multiplies a column vector, $W x$ ($W$ is *to × from*, "
        "the transpose of part 1's rows = from)."
    )
example = result.example
if example is None:
    st.info("No graph to show: fix the message above. The other examples still work.")
else:
    n_steps = len(gv.step_nodes(example.out))
    k = gv.stepper("cr_step", n_steps, help=FM["cr_step"].help)
    lecture = layout.lecture_mode()  # side by side on a projector, stacked on a laptop
    if lecture:
        graph_box, step_box = st.columns([3, 2])
    else:
        step_box, graph_box = st.container(), st.container()
    caption, lines = gv.step_latex(example.out, example.steps, k, narrow=lecture)
    with step_box.container(height=560 if lecture else 260, border=True):
        st.markdown(caption)
        for line in lines:
            st.latex(line)
    graph_box.graphviz_chart(gv.step_dot(example.out, k, maxel, rankdir), width="stretch")
    if not cx.finite(example):
        st.warning(
            "The output or a gradient is not a finite number (e.g. log of a negative "
            "number, or a division by zero): change the values or the formula."
        )

if example is not None:
    if kind == "2a":
        st.subheader("2a: the gradients arriving along the n paths add up")
        for line in cx.latex_2a(config.gs, config.f, config.w):
            st.latex(line)
    elif kind == "2b":
        st.subheader("2c: the closed form with the live numbers")
        for line in cx.latex_2c(config.n, config.d, config.seed, config.y):
            st.latex(line)
    elif kind == "2e":
        st.subheader("2e: the backward chain with the live numbers")
        for line in cx.latex_2e(config.d, config.phi, config.seed):
            st.latex(line)
    st.subheader("Check: backprop vs closed form vs finite differences")
    layout.explain(
        "Central differences $\\frac{f(v + \\varepsilon) - f(v - \\varepsilon)}{2\\varepsilon}$ "
        "with $\\varepsilon = 10^{-6}$, one entry at a time. The closed forms are the "
        "worksheet's (2a, 2c, 2e); a typed formula has none."
    )
    table, ok = cx.check_table(result.checks)
    st.dataframe(table, hide_index=True, width="stretch")
    if ok:
        st.success("Every gradient from the graph agrees with the checks.")
    else:
        st.warning(
            "Some gradients disagree: at a kink (relu at 0) or a non-finite value the "
            "derivative does not exist and finite differences cannot agree."
        )
