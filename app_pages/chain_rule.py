"""Chain rule and computation graphs (worksheet 2a, 2b/2c, 2e).

Pick an example (or type a formula), see its computation graph with every
node's value, then step through it: reverse mode fills in one node's gradient
per step with the chain rule written out in numbers; forward mode carries the
tangent of one input through the graph inputs-first. A table checks every
gradient against the worksheet's closed form and central differences.
"""

import streamlit as st

from core.expr import EXPRESSION_HELP
from ui import layout
from ui.chain_rule import examples as cx
from ui.chain_rule.fields import DISPLAY_KEYS, EXAMPLE_KEYS, FIELDS, KIND, STAGE_FIELDS
from ui.chain_rule.runs import live_answers
from ui.chain_rule.stage import stage_css, stepper_stage
from ui.class_question import question_card
from ui.state import field_map, render, show_url_notices

FM = field_map(FIELDS)

layout.header("chain-rule")
show_url_notices((*FIELDS, *STAGE_FIELDS))
top = st.container()
panel = layout.settings()
kind = KIND[render(FM["cr_example"], panel)]
v, boxes = {}, {}
for key in EXAMPLE_KEYS[kind]:
    v[key] = render(FM[key], panel)
    boxes[key] = panel.container()  # messages about a text box go right under it
if kind == "2a":
    v |= {f"cr_g{i}": render(FM[f"cr_g{i}"], panel) for i in range(1, v["cr_n"] + 1)}
    gs = tuple(v[f"cr_g{i}"] for i in range(1, v["cr_n"] + 1))
    config = cx.ChainConfig("2a", gs=gs, f=v["cr_f"], w=v["cr_w"])
elif kind == "2b":
    config = cx.ChainConfig("2b", n=v["cr_bn"], d=v["cr_bd"], y=v["cr_y"], seed=v["cr_seed"],
                            per_unit=v["cr_unit"])  # fmt: skip
elif kind == "2e":
    config = cx.ChainConfig("2e", d=v["cr_ed"], phi=v["cr_phi"], seed=v["cr_seed"])
else:
    config = cx.ChainConfig("own", seed=v["cr_seed"], formula=v["cr_formula"],
                            variables=v["cr_vars"])  # fmt: skip
display = {key: render(FM[key], panel) for key in DISPLAY_KEYS}
result = cx.run(config)
if kind == "own":
    if result.variables_error:
        boxes["cr_vars"].error(f"Variables: {layout.literal(result.variables_error)}. "
                               "The formula needs them fixed first.")  # fmt: skip
    else:
        with boxes["cr_vars"]:
            cx.variables_panel(result.values, "cr_vars")
    if result.formula_error:
        boxes["cr_formula"].error(f"Formula: {layout.literal(result.formula_error)}")
    boxes["cr_formula"].expander("Allowed syntax").markdown(EXPRESSION_HELP)
example = result.example
with top:
    if example is None:
        where = "Settings below" if layout.lecture_mode() else "the sidebar"
        st.info(f"No graph to show: fix the formula or the variables in {where}. "
                "The other examples still work.")  # fmt: skip
    else:
        stage_css()
        stepper_stage(config, display["cr_maxel"], display["cr_dir"], display["cr_wrt_i"])
        if not cx.finite(example):
            st.warning(
                "The output or a gradient is not a finite number (e.g. log of a negative "
                "number, or a division by zero): change the values or the formula."
            )
if layout.lecture_mode():
    question_card("chain-rule", live_answers(config))
layout.explain(
    "Every formula is a **computation graph**: leaves (blue) are inputs, every other node "
    "is one operation. **Reverse mode** (backprop) visits the nodes from the output back to "
    "the inputs; each node's gradient is the chain rule summed over the nodes it feeds: "
    "$\\frac{\\partial f}{\\partial v} = \\sum_{c} \\frac{\\partial f}{\\partial c}"
    "\\frac{\\partial c}{\\partial v}$. **Forward mode** goes the other way, inputs first, "
    "carrying $\\dot v = \\partial v / \\partial w$ for ONE input $w$: the whole gradient "
    "takes one forward sweep per input number, against one backward sweep in reverse mode."
)
if kind == "2b":
    layout.convention_note(
        "2b: $W \\in \\mathbb{R}^{n\\times d}$ with rows $w_i$; $z_i = w_i^\\top x + b_i$."
    )
elif kind == "2e":
    layout.convention_note("2e: $W$ multiplies a column vector, $W x$ ($W$ is *to × from*, "
                           "the transpose of part 1's rows = from).")  # fmt: skip
if example is not None:
    parts = {
        "2a": ("2a: the gradients arriving along the n paths add up", cx.latex_2a, "gs f w"),
        "2b": ("2c: the closed form with the live numbers", cx.latex_2c, "n d seed y"),
        "2e": ("2e: the backward chain with the live numbers", cx.latex_2e, "d phi seed"),
    }
    if kind in parts:
        title, latex, names = parts[kind]
        st.subheader(title)
        for line in latex(*(getattr(config, name) for name in names.split())):
            st.latex(line)
    st.subheader("Check: backprop vs closed form vs finite differences")
    layout.explain(
        "Central differences $\\frac{f(v + \\varepsilon) - f(v - \\varepsilon)}{2\\varepsilon}$ "
        "with $\\varepsilon = 10^{-6}$, one entry at a time. The closed forms are the "
        "worksheet's (2a, 2c, 2e); a typed formula has none."
    )
    table, ok = cx.check_table(result.checks)
    if table.empty:  # a formula of numbers only: no variable, so no gradient
        st.info("Nothing to differentiate: the formula uses no variable. Use a name from the "
                "Variables box (for example x) to see its gradient.")  # fmt: skip
    elif ok:
        st.dataframe(table, hide_index=True, width="stretch")
        st.success("Every gradient from the graph agrees with the checks.")
    else:
        st.dataframe(table, hide_index=True, width="stretch")
        st.warning(
            "Some gradients disagree: at a kink (relu at 0) or a non-finite value the "
            "derivative does not exist and finite differences cannot agree."
        )
