"""The chain-rule page's controls, declared once (URL keys, defaults, ranges, help).

``FIELDS`` go in the settings panel (the sidebar, or the collapsed Settings in
lecture mode); ``STEP`` and ``MODE`` are drawn in the row above the stage.
``cr_wrt`` (the input forward mode differentiates by) has the current graph's
leaves as options, so it is made per graph by :func:`wrt_field`.
"""

from __future__ import annotations

from core.expr import EXPRESSION_HELP, MAX_LENGTH
from lessons.chain_rule.derivatives import F_FUNCTIONS, G_FUNCTIONS
from lessons.chain_rule.examples import PHI_CHOICES
from lessons.chain_rule.variables import VARIABLES_HELP
from ui.state import Field

EXAMPLES = ("2a", "2b/2c", "2e", "own formula")
KIND = {"2a": "2a", "2b/2c": "2b", "2e": "2e", "own formula": "own"}
G_DEFAULTS = ("square", "exp", "tanh", "sigmoid", "double")
DIRECTIONS = ("auto", "left-right", "top-down")

F = Field
EXAMPLE = F("cr_example", "segmented", "2a", "Example", options=EXAMPLES,
            help="2a: one input, several paths. 2b/2c: a sum of sigmoids. 2e: a two-layer "
            "network. Or type your own formula.")  # fmt: skip
FIELDS = (
    EXAMPLE,
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
      help="At most this many numbers of an array are written in its node (fewer when the "
      "graph would not fit); hover a node for all of them."),
    F("cr_dir", "segmented", "auto", "Graph layout", options=DIRECTIONS,
      help="Inputs on the left or at the top; auto picks whichever shows more numbers."),
    F("cr_wrt_i", "int", 1, "Forward mode: entry of the input", lo=1, hi=64,
      help="Which number of the input forward mode differentiates by (1 = the first, row by "
      "row); more than the input has means its last."),
)  # fmt: skip
# Which controls each example uses (the others keep their values but are not drawn).
EXAMPLE_KEYS = {
    "2a": ("cr_n", "cr_f", "cr_w"),  # then g1..gn
    "2b": ("cr_bn", "cr_bd", "cr_y", "cr_seed", "cr_unit"),
    "2e": ("cr_ed", "cr_phi", "cr_seed"),
    "own": ("cr_vars", "cr_formula", "cr_seed"),
}
DISPLAY_KEYS = ("cr_maxel", "cr_dir", "cr_wrt_i")
STEP = F("cr_step", "int_slider", 0, "Step", lo=0, hi=1000, clamp=True,
         help="Reverse mode: how many nodes have their gradient filled in (output first). "
         "Forward mode: how many nodes have their value and tangent (inputs first).")  # fmt: skip
MODE = F("cr_mode", "segmented", "reverse", "Mode", options=("reverse", "forward"),
         help="Reverse mode (backprop): one backward sweep gives ∂f/∂(every input). Forward "
         "mode: one forward sweep carries the derivative by ONE input entry.")  # fmt: skip
STAGE_FIELDS = (STEP, MODE)


def wrt_field(leaves: tuple[str, ...]) -> Field:
    """The forward-mode input choice for a graph with these leaves (the first is default)."""
    return F(
        "cr_wrt", "select", leaves[0], "Differentiate by", options=leaves,
        help="Forward mode seeds this input's tangent with 1 (every other input: 0).",
    )  # fmt: skip
