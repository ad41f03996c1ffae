"""The controls of the "Weight matrices over iterations" page, declared once.

Every field is bound to a URL query parameter (see ui.state), so a shared link
reopens the exact view, seed included. Keys start with ``wts_``.
"""

from __future__ import annotations

from ui.state import Field
from ui.weights.runs import DATASETS, INITS

# Short labels: a bound choice widget writes its shown label into the URL.
INIT_LABELS = {
    "constant": "constant a",
    "zeros": "zeros",
    "normal": "normal σ",
    "xavier": "Xavier",
    "he": "He",
    "noise": "constant a + noise ε",
}
DATA_LABELS = {"symmetry": "symmetry example"}
INIT_HELP = (
    "How the weights start (biases start at 0). Constant a and zeros give every hidden "
    "unit the same weights, so they stay clones forever (1e-1f). Random ones break the "
    "symmetry: normal N(0, σ²), Xavier N(0, 2/(fan_in + fan_out)), He N(0, 2/fan_in). "
    "Constant a + noise N(0, ε²) breaks it too, slowly."
)
UNITS = ("all", 0, 1, 2, 3, 4, 5, 6, 7)
KIND_LABELS = {"W": "W", "b": "b", "dW": "dL/dW", "db": "dL/db"}


def _f(key, kind, default, label, help, **kw) -> Field:  # noqa: A002  (Field's own name)
    return Field(key=key, kind=kind, default=default, label=label, help=help, **kw)


FIELDS = (
    _f("wts_data", "select", "xor", "Data set",
       "A 2-D toy data set (200 points, labels 0/1; 2 inputs, 1 output, cross-entropy "
       "loss) or the symmetry example of 1b-1f (one example, 3 inputs, 2 outputs, "
       "squared-error loss).",
       options=DATASETS, labels=DATA_LABELS),
    _f("wts_width", "int_slider", 4, "Hidden width d⁽¹⁾", "Units per hidden layer.",
       lo=1, hi=8, step=1),
    _f("wts_depth", "segmented", 1, "Hidden layers",
       "One or two hidden layers (two: W⁽²⁾ is hidden-to-hidden).", options=(1, 2)),
    _f("wts_act", "select", "tanh", "Hidden activation g",
       "g of the hidden units; the output is always a sigmoid.",
       options=("tanh", "sigmoid", "relu", "identity")),
    _f("wts_init_a", "select", "constant", "Init of the LEFT run", INIT_HELP,
       options=INITS, labels=INIT_LABELS),
    _f("wts_init_b", "select", "normal", "Init of the RIGHT run", INIT_HELP,
       options=INITS, labels=INIT_LABELS),
    _f("wts_a", "number", 0.5, "constant a",
       "Every weight's start value for the constant and constant + noise inits.",
       lo=-2.0, hi=2.0, step=0.1, fmt="%.2f"),
    _f("wts_sigma", "number", 0.5, "σ (random normal)",
       "Standard deviation of the random normal init.", lo=0.01, hi=3.0, step=0.05, fmt="%.2f"),
    _f("wts_eps", "number", 0.01, "ε (noise)",
       "Standard deviation of the noise added to a in the constant + noise init.",
       lo=0.0, hi=0.5, step=0.001, fmt="%.3f"),
    _f("wts_lr", "number", 1.0, "Learning rate η",
       "Step size of full-batch gradient descent. Too large and the loss blows up (the run "
       "stops, with a warning).", lo=0.0, hi=20.0, step=0.1, fmt="%.3f"),
    _f("wts_steps", "int", 300, "Steps", "Gradient steps, 0 to 2,000; every step is recorded.",
       lo=0, hi=2000, step=50),
    _f("wts_seed", "int", 0, "Seed",
       "Seeds the data and the random inits: same seed, same run.", lo=0, hi=9999, step=1),
)  # fmt: skip
"""Network, init and training controls (drawn in a 4-column grid)."""

TRACE_FIELDS = (
    _f("wts_tl", "segmented", 1, "Layer", "Which layer's matrix to trace.", options=(1, 2, 3)),
    _f("wts_tk", "segmented", "W", "Matrix",
       "W (weights), b (biases) or their gradients dL/dW, dL/db.",
       options=tuple(KIND_LABELS), labels=KIND_LABELS),
    _f("wts_ti", "select", "all", "Row i (from unit)", "One row of the matrix, or all.",
       options=UNITS),
    _f("wts_tj", "select", "all", "Column j (to unit)", "One column of the matrix, or all.",
       options=UNITS),
)  # fmt: skip
"""Which weights the trajectory chart follows."""

FPS_FIELD = _f("wts_fps", "segmented", 2, "Frames per second", "Autoplay speed.", options=(1, 2, 4))

ALL_FIELDS = FIELDS + TRACE_FIELDS + (FPS_FIELD,)
"""Every URL-bound control of the page."""
