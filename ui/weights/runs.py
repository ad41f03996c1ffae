"""Cached runs for the "Weight matrices over iterations" page.

Every function here is keyed by :class:`RunConfig` (a frozen dataclass of
primitives) plus a few small options, never by arrays, and every cache is
bounded (``max_entries``): memory stays flat as sessions come and go.

- :func:`train_run` trains one network and keeps the whole History (every
  step recorded), shared read-only across sessions (``st.cache_resource``).
- ui.weights.bundle reduces two runs to what the page draws (the stage and
  line charts with their data already serialised, and the numbers for the
  text); a warm rerun only fetches that bundle.
- :func:`history_csv` is the whole history of one run as CSV bytes, built
  only when someone clicks the download button.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from core.datasets import make_dataset, make_regression_example
from core.history import history_stack, history_to_columns
from core.network import Network
from core.training import History, train
from lessons import symmetry
from ui import theme
from ui.weights import charts as weights_charts

DATASETS = ("xor", "blobs", "circles", "moons", "spiral", "symmetry")
"""Data choices: core.datasets names, plus the symmetry example (1b-1f)."""

INITS = ("constant", "zeros", "normal", "xavier", "he", "noise")
"""Init choices; "noise" is constant a plus N(0, eps^2) on every weight."""

N_EXAMPLES = 200  # examples of a classification data set
DATA_NOISE = 0.1  # jitter of a classification data set
SYMMETRY_SHAPE = (3, 2, 1)  # (d0, dL, n) of the symmetry example: 3 inputs, 2 outputs, 1 example


@dataclass(frozen=True)
class RunConfig:
    """Everything one training run depends on (primitives only: a cache key)."""

    dataset: str = "xor"
    width: int = 4
    depth: int = 1
    activation: str = "tanh"
    init: str = "constant"
    a: float = 0.5
    sigma: float = 0.5
    eps: float = 0.01
    lr: float = 1.0
    steps: int = 300
    seed: int = 0

    def sizes(self) -> tuple[int, ...]:
        """(d0, d1, ..., dL): 2 inputs and 1 output, or 3 and 2 for the symmetry example."""
        d0, dL = (SYMMETRY_SHAPE[0], SYMMETRY_SHAPE[1]) if self.dataset == "symmetry" else (2, 1)
        return (d0, *([int(self.width)] * int(self.depth)), dL)

    def network(self) -> Network:
        """Sigmoid output; cross-entropy for classification, squared error for the example."""
        loss = "squared_error" if self.dataset == "symmetry" else "binary_cross_entropy"
        return Network(
            self.sizes(), activation=self.activation, output_activation="sigmoid", loss=loss
        )

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """X of shape (n, d0) and Y of shape (n,) or (n, dL)."""
        if self.dataset == "symmetry":
            d0, dL, n = SYMMETRY_SHAPE
            return make_regression_example(d0, dL, n=n, seed=int(self.seed))
        return make_dataset(self.dataset, N_EXAMPLES, DATA_NOISE, int(self.seed))

    def label(self) -> str:
        """Short display name of the init, e.g. "constant a=0.5"."""
        return {
            "constant": f"constant a={self.a:g}",
            "zeros": "zeros",
            "normal": f"normal σ={self.sigma:g}",
            "xavier": "Xavier normal",
            "he": "He normal",
            "noise": f"a={self.a:g} + noise ε={self.eps:g}",
        }[self.init]

    def colour_family(self) -> str:
        """Key of ui.theme.INIT_COLOURS for this init."""
        return {"constant": "constant", "zeros": "zeros", "noise": "noise"}.get(self.init, "random")


def _init_params(cfg: RunConfig, net: Network):
    seed = int(cfg.seed)
    if cfg.init == "constant":
        return net.init("constant", scale=float(cfg.a))
    if cfg.init == "noise":
        return net.init("constant", scale=float(cfg.a), noise=float(cfg.eps), seed=seed)
    if cfg.init == "normal":
        return net.init("normal", scale=float(cfg.sigma), seed=seed)
    return net.init(cfg.init, seed=seed)


@st.cache_resource(max_entries=8, show_spinner=False)
def train_run(cfg: RunConfig) -> History:
    """Train ``cfg``'s network, recording every step (shared, read-only)."""
    net = cfg.network()
    X, Y = cfg.data()
    return train(net, _init_params(cfg, net), X, Y, lr=float(cfg.lr), steps=int(cfg.steps))


def run_labels(cfg_a: RunConfig, cfg_b: RunConfig) -> tuple[str, str]:
    """Display names of the two runs (made distinct when both inits agree)."""
    a, b = cfg_a.label(), cfg_b.label()
    return (f"{a} (left)", f"{b} (right)") if a == b else (a, b)


def run_colours(cfg_a: RunConfig, cfg_b: RunConfig) -> tuple[str, str]:
    """Line colours of the two runs (the init's colour, distinct when both agree)."""
    a, b = theme.INIT_COLOURS[cfg_a.colour_family()], theme.INIT_COLOURS[cfg_b.colour_family()]
    return (a, theme.CATEGORICAL[3] if a == b else b)


def spreads(history: History) -> dict[int, dict[str, float]]:
    """Per layer, the worst (over all records) row and column spreads of W^(l).

    Under constant init W^(1) keeps constant rows (l < L), W^(L) constant
    columns (l > 1) and hidden-to-hidden matrices both (worksheet 1e/1f).
    """
    L = len(history.params[0].W) - 1
    out = {}
    for layer in range(1, L + 1):
        stack = history_stack(history, layer, "W")  # (R, rows, cols)
        R, rows, cols = stack.shape
        out[layer] = {
            "rows": symmetry.row_constant_spread(stack.reshape(R * rows, cols)),
            "cols": symmetry.row_constant_spread(stack.transpose(0, 2, 1).reshape(R * cols, rows)),
        }
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def trajectory_spec(
    cfg_a: RunConfig,
    cfg_b: RunConfig,
    layer: int,
    kind: str,
    i: int | None,
    j: int | None,
    height: int,
) -> dict:
    """Line chart of the chosen entries of one layer's W, b, dW or db over the steps.

    ``i`` / ``j`` None means every row / column (clipped to the matrix).
    """
    hists = (train_run(cfg_a), train_run(cfg_b))
    chart = weights_charts.trajectory_chart(
        hists, run_labels(cfg_a, cfg_b), layer, kind, i, j, height=height
    )
    return weights_charts.serialise(chart)


@st.cache_data(max_entries=32, show_spinner=False)
def first_update(cfg: RunConfig, layer: int, i: int, j: int) -> dict | None:
    """Numbers of the first gradient step for w_ij^(layer) (None when steps = 0).

    Returns
    -------
    dict with w0 (before), grad (dL/dw_ij at step 0), lr, w1 (recorded after
    step 1) and predicted (w0 - lr * grad).
    """
    h = train_run(cfg)
    if len(h.params) < 2:
        return None
    w0 = float(h.params[0].W[layer][i, j])
    grad = float(h.grads[0].W[layer][i, j])
    return {
        "w0": w0,
        "grad": grad,
        "lr": float(cfg.lr),
        "w1": float(h.params[1].W[layer][i, j]),
        "predicted": w0 - float(cfg.lr) * grad,
    }


@st.cache_data(max_entries=4, show_spinner=False)
def history_csv(cfg: RunConfig) -> bytes:
    """The whole history of one run as CSV: step, layer, kind, i, j, value.

    Every recorded step (never subsampled); floats are written as their
    shortest round-trip repr, so they read back to the same float64.
    """
    columns = history_to_columns(train_run(cfg))
    return pd.DataFrame(columns).to_csv(index=False).encode()


def other(cfg: RunConfig, init: str) -> RunConfig:
    """``cfg`` with another init (the right-hand run)."""
    return replace(cfg, init=init)
