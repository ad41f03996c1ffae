"""The chain-rule page's stage: the stepper row, the graph and the step explanation.

:func:`stepper_stage` is one ``st.fragment``: a Step press reruns only it. The
graph's layout and chart spec are cached per graph (:func:`stage_layout`,
:func:`graph_spec_cached`); a step only sends new datasets, so the browser
updates the drawing in place.

Two arrangements: the graph beside the explanation ("side"), or, for a graph
too deep to fit beside it at a readable size (2e), the graph over the full
width with the explanation below ("stacked").
"""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from lessons.chain_rule.forward import (
    entry_label,
    forward_nodes,
    input_entries,
    mode_costs,
    seed,
    tangents,
)
from ui import layout
from ui.chain_rule import graph_layout as gl
from ui.chain_rule.examples import ChainConfig, run
from ui.chain_rule.fields import MODE, STEP, wrt_field
from ui.chain_rule.forward_tex import forward_latex
from ui.chain_rule.graph_chart import COLOURS, graph_data, graph_spec, with_data
from ui.graph_view import step_latex, step_nodes
from ui.state import render, url_notices
from ui.stepper import keys_caption, step_controls

__all__ = ["cost_table", "stage_css", "stage_layout", "stepper_stage"]

# Target sizes (px) of the graph in each arrangement: lecture mode at 1280x720, and a laptop.
SIZES = {
    True: {"side": (705, 440), "stacked": (1080, 250)},
    False: {"side": (505, 480), "stacked": (850, 420)},
}
FONTS = {True: (17.0, 16.0), False: (15.0, 13.0)}  # nominal and least font size
DIRECTIONS = {"auto": ("LR", "TB"), "left-right": ("LR",), "top-down": ("TB",)}


@st.cache_data(max_entries=64, show_spinner=False)
def stage_layout(
    config: ChainConfig, maxel: int, direction: str, lecture: bool
) -> tuple[gl.Layout, str, int, float]:
    """(layout, arrangement, chart height, font) for one graph: the side-by-side
    arrangement when its text fits at the least font size, else the stacked one."""
    out = run(config).example.out
    font, least = FONTS[lecture]
    tried = []
    for arrangement, (width, height) in SIZES[lecture].items():
        lay, scale = gl.fit_layout(out, DIRECTIONS[direction], maxel, width, height, font)
        if scale * font >= least:
            break
        tried.append((scale, lay, arrangement, height))
    else:
        scale, lay, arrangement, height = max(tried, key=lambda t: t[0])
    if not lecture and lay.natural[1] < height - 40:  # a laptop: no empty bands
        height = max(220, int(lay.natural[1]) + 24)
        lay, _ = gl.layout(out, lay.direction, lay.rows, lay.cols, maxel, lay.width, height, font)
    return lay, arrangement, height, font


@st.cache_data(max_entries=64, show_spinner=False)
def graph_spec_cached(width: float, height: float, chart_height: int, font: float) -> dict:
    """:func:`ui.chain_rule.graph_chart.graph_spec`, once per drawing size."""
    return graph_spec(width, height, chart_height, font)


def cost_table(example) -> tuple[pd.DataFrame, int]:
    """Passes, node visits and multiplications of each mode for the whole gradient."""
    n = input_entries(example.leaves)
    costs = mode_costs(example.out, n)
    rev, fwd = costs["reverse"], costs["forward"]
    table = pd.DataFrame(
        {
            "mode": ["reverse", "forward"],
            "sweeps": ["1 + 1", f"{fwd.passes}"],
            "node visits": [f"{rev.visits:,}", f"{fwd.visits:,}"],
            "multiplications": [f"{rev.mults:,}", f"{fwd.mults:,}"],
        }
    )
    return table, n


def _key(forward: bool, wrt: str) -> str:
    """What the numbers in a node are (HTML): the value, then the coloured derivative."""
    if forward:
        colour, text = COLOURS["tangent"], f"tangent ∂(node)/∂{escape(wrt)}"
    else:
        colour, text = COLOURS["grad"], "gradient ∂f/∂(node)"
    return f'Node: value · <span style="color:{colour};white-space:nowrap">{text}</span>'


def _costs(example, key: str = "") -> None:
    """``key``, then what each mode pays for the gradient with respect to every input number."""
    table, n = cost_table(example)
    rev, fwd = table.iloc[0], table.iloc[1]
    rows = "".join(
        f"<tr><td>{r['mode']}</td><td>{r['sweeps']}</td><td>{r['multiplications']}</td></tr>"
        for _, r in table.iterrows()
    )
    with st.container(key="cr_costs"):
        st.markdown(
            f"{key}<table><tr><th>all {n} input{'s' * (n != 1)}</th><th>sweeps</th>"
            f"<th>×</th></tr>{rows}</table>",
            unsafe_allow_html=True,
            help=f"What each mode pays for the gradient with respect to all {n} input numbers. "
            "Forward mode needs one sweep per input number (each gives one entry of the "
            "gradient); reverse mode one forward sweep for the values and one backward sweep "
            f"for all of them (1 + 1). Node visits: reverse {rev['node visits']}, forward "
            f"{fwd['node visits']}. × counts multiplications (m·k·n for an m×k by k×n "
            "matrix product).",
        )


def _forward_inputs(example, box, entry: int) -> tuple[str, dict]:
    """The input forward mode differentiates by (drawn in ``box``) and every node's tangent.

    ``entry`` (1-based) picks the number of an array input; it is clamped to its size.
    """
    field = wrt_field(tuple(example.leaves))
    problems = url_notices([field])
    name = render(field, box)
    leaf = example.leaves[name]
    index = min(max(int(entry), 1), leaf.value.size) - 1
    if problems:
        box.caption(":orange[Link problem:] " + " ".join(problems))
    out_tangents = tangents(example.out, seed(example.leaves, name, index))
    return entry_label(name, leaf.shape, index), out_tangents


@st.fragment
def stepper_stage(config: ChainConfig, maxel: int, direction: str, entry: int = 1) -> None:
    """The row above the stage (stepper and mode) and the stage: a press reruns only this.

    ``entry`` is the number (1-based) of the input forward mode differentiates by.
    """
    example = run(config).example
    lecture = layout.lecture_mode()
    if lecture:  # one row above the stage
        steps, switch = st.columns([9.25, 1.6], vertical_alignment="bottom")
    else:  # a laptop is narrower: the switch gets its own line
        switch, steps = st.container(), st.container()
    mode = render(MODE, switch) if example.leaves else "reverse"
    forward = mode == "forward"
    last = len(forward_nodes(example.out) if forward else step_nodes(example.out))
    with steps:
        k = step_controls(STEP, last, ends=True)  # first: the new step reaches the browser soon
    lay, arrangement, chart_height, font = stage_layout(config, maxel, direction, lecture)
    side = arrangement == "side"
    with layout.stage():
        if side:
            chart_box, panel = st.columns([2, 1] if lecture else [3, 2])
            inputs, words, costs = (panel.container() for _ in range(3))
            keys = None
            words_height = (chart_height - 125 if lecture else 300) - (91 if forward else 0)
        else:
            chart_box = st.container()
            if forward:  # the input forward mode differentiates by gets a column of its own
                words, middle, costs = st.columns([4.9, 1.4, 2.1])
                inputs, keys = middle.container(), middle.container()
            else:  # the key goes over the cost table: the step's formulas get the width
                words, costs = st.columns([6.4, 2.1])
                inputs, keys = costs.container(), None
            words_height = (185 if forward else 207) if lecture else 240
        wrt, tangent = _forward_inputs(example, inputs, entry) if forward else ("", None)
        data = graph_data(example.out, lay, mode, k, tangent)
        spec = with_data(graph_spec_cached(lay.width, lay.height, chart_height, font), data)
        chart_box.vega_lite_chart(spec=spec, width="stretch")
        if forward:
            caption, lines = forward_latex(example.out, tangent, k, wrt, narrow=True)
        else:
            caption, lines = step_latex(example.out, example.steps, k, narrow=True)
        with words:
            _explanation(caption, lines, words_height, 1 if side else 2)
        if keys is not None:
            keys.markdown(_key(forward, wrt), unsafe_allow_html=True)
        with costs:
            _costs(example, "" if keys is not None else _key(forward, wrt))
    keys_caption(ends=True)
    st.caption(
        "Forward mode computes each node's value and tangent together, inputs first (the dual "
        "number value + tangent·ε)."
        if forward
        else "The backward pass fills in the gradients output first (reverse topological "
        "order). Hover a node for all its numbers."
    )


_CSS = """<style>
.st-key-cr_explain { padding: 0.5rem 0.8rem; }
.st-key-cr_mode button { padding-left: 0.55rem; padding-right: 0.55rem; }
.st-key-cr_explain .katex-display { margin: 0.15em 0; }
.st-key-cr_explain .katex { font-size: 1.05em; }
/* lecture mode: 22 px formulas, so a step's two columns fit beside the cost table */
.st-key-stage .st-key-cr_explain .katex-display .katex { font-size: 1.2em; }
.st-key-cr_explain [data-testid="stVerticalBlock"] { gap: 0.25rem; }
.st-key-cr_costs table { border-collapse: collapse; margin: 0; width: 100%; font-size: 0.95em; }
.st-key-cr_costs th, .st-key-cr_costs td { padding: 0.1rem 0.4rem; text-align: right;
  line-height: 1.35; }
.st-key-cr_costs th:first-child, .st-key-cr_costs td:first-child { text-align: left; }
</style>"""


def stage_css() -> None:
    """The stage's small CSS (drawn once, outside the fragment, so a step does not redraw it)."""
    st.html(_CSS)


def _split(line: str) -> str:
    """Write "via c = ...:  dc/dv = ..." as two centred rows (a narrow column cannot hold one)."""
    if r":\qquad " not in line:
        return line
    head, rest = line.split(r":\qquad ", 1)
    return rf"\begin{{gathered}}{head}: \\ {rest}\end{{gathered}}"


def _explanation(caption: str, lines: list[str], height: int | str, columns: int) -> None:
    """The step in words and LaTeX, in a scrolling box (LaTeX in ``columns`` columns).

    The formulas are one LaTeX element (an array of ``columns`` columns, each
    cell a gathered block, so a line's own ``\\`` stays inside its cell): one
    element for the browser to redraw at each step, not one per line and column.
    """
    with st.container(height=height, border=True, key="cr_explain"):
        st.markdown(caption)
        if not lines:
            return
        cells = [rf"\begin{{gathered}}{_split(line)}\end{{gathered}}" for line in lines]
        rows = [r" \quad & ".join(cells[start : start + columns])
                for start in range(0, len(cells), columns)]  # fmt: skip
        spec = "c" * min(columns, len(cells))
        gap = r"\\[0.8em]"
        st.latex(rf"\begin{{array}}{{{spec}}}{gap.join(rows)}\end{{array}}")
