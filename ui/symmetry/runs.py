"""Cached runs for the symmetry page (worksheet 1a-1f).

The page turns its widgets into a :class:`SymConfig` (primitives only); the
runs are cached by that config (``st.cache_data``, bounded), so a rerun that
only moves the "show step" slider costs a dictionary look-up.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from core.datasets import make_regression_example
from core.network import Network
from lessons.symmetry import (
    check_1b_1c,
    check_1d,
    check_1e,
    check_1f,
    make_teacher_example,
    run_with_traces,
)

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
INITS = ("constant", "zeros", "normal", "noise")
INIT_LABELS = {
    "constant": "constant a",
    "zeros": "zeros",
    "normal": "random normal σ",
    "noise": "constant a with noise ε",
}
TARGETS = ("example", "teacher")
TARGET_LABELS = {"example": "regression example", "teacher": "random teacher network"}
SPREAD_FLOOR = 1e-17  # spreads below this (exact zeros) are drawn at the floor


@dataclass(frozen=True)
class SymConfig:
    """Everything a symmetry run depends on (primitives: a cheap cache key)."""

    d0: int = 3
    d1: int = 4
    d2: int = 2
    activation: str = "sigmoid"
    output_activation: str = "sigmoid"
    init: str = "constant"
    a: float = 0.5
    sigma: float = 0.5
    eps: float = 1e-6
    lr: float = 0.5
    steps: int = 50
    seed: int = 0
    n: int = 1
    bias: bool = False
    targets: str = "example"

    @property
    def sizes(self) -> tuple[int, int, int]:
        return (self.d0, self.d1, self.d2)

    @property
    def start_constant(self) -> float | None:
        """The constant every weight starts at (None for random init)."""
        return {"constant": self.a, "zeros": 0.0, "noise": self.a}.get(self.init)

    def with_init(self, init: str) -> SymConfig:
        """The same run with another initialisation."""
        return replace(self, init=init)


def _data(cfg: SymConfig):
    if cfg.targets == "teacher":
        return make_teacher_example(
            cfg.sizes, cfg.n, cfg.activation, cfg.output_activation, cfg.seed
        )
    return make_regression_example(cfg.d0, cfg.d2, n=cfg.n, seed=cfg.seed)


def _params(net: Network, cfg: SymConfig):
    if cfg.init == "constant":
        return net.init("constant", scale=cfg.a)
    if cfg.init == "zeros":
        return net.init("zeros")
    if cfg.init == "normal":
        return net.init("normal", scale=cfg.sigma, seed=cfg.seed)
    return net.init("constant", scale=cfg.a, noise=cfg.eps, seed=cfg.seed)


@st.cache_data(max_entries=48, show_spinner=False)
def run(cfg: SymConfig) -> dict:
    """Train the 1-hidden-layer network of ``cfg`` and check worksheet 1b-1f.

    Returns
    -------
    dict
        ``X`` (n, d0), ``Y`` (n, d2), the stacks of
        :func:`lessons.symmetry.run_with_traces` (``steps``, ``loss``,
        ``diverged``, ``W``, ``b``, ``x``, ``delta``, ``distinct``,
        ``spread``, ``groups``; no Params objects), and the checks
        ``c1b1c``, ``c1d``, ``c1e`` (None when not applicable) and ``c1f``.
    """
    net = Network(cfg.sizes, cfg.activation, cfg.output_activation, bias=cfg.bias)
    X, Y = _data(cfg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = run_with_traces(net, _params(net, cfg), X, Y, lr=cfg.lr, steps=cfg.steps)
    out.pop("params")
    x1, delta1, delta2 = out["x"][1][0], out["delta"][1][0], out["delta"][2][0]
    a = cfg.start_constant
    out["X"], out["Y"] = X, Y
    out["c1b1c"] = check_1b_1c(a, cfg.activation, X, x1, delta1, delta2) if a is not None else None
    out["c1d"] = check_1d(delta2, Y)
    out["c1e"] = None
    if a is not None and len(out["steps"]) >= 2:
        out["c1e"] = check_1e(a, cfg.lr, X, x1, delta1, delta2, out["W"][1][1], out["W"][2][1])
    out["c1f"] = check_1f(out["spread"])
    return out


def comparison(cfg: SymConfig) -> dict[str, dict]:
    """The same data and settings from constant a, constant a + ε and random σ.

    Returns
    -------
    dict
        init name -> :func:`run` result, for "constant", "noise", "normal".
    """
    return {init: run(cfg.with_init(init)) for init in ("constant", "noise", "normal")}


def live_answers(cfg: SymConfig) -> dict[str, str]:
    """One line per class question of this page, with this run's numbers."""
    res = run(cfg)
    last = int(res["steps"][-1])
    W1, W2 = res["W"][1], res["W"][2]
    step = min(1, last)
    rows = float(np.ptp(W1[step], axis=1).max()) if W1[step].size else 0.0
    cols = float(np.ptp(W2[step], axis=0).max()) if W2[step].size else 0.0
    x1, d1, d2 = res["x"][1][0][0], res["delta"][1][0][0], res["delta"][2][0][0]
    nudge = comparison(cfg)["noise"]["c1f"]
    return {
        "1b-clones": f"this run at step 0: x⁽¹⁾ = {np.array2string(x1, precision=4)}",
        "1c-deltas": f"this run at step 0: δ⁽¹⁾ = {np.array2string(d1, precision=4)}",
        "1d-output": f"this run at step 0: δ⁽²⁾ = {np.array2string(d2, precision=4)}",
        "1e-rows": f"largest spread within a row of W⁽¹⁾ at step {step}: {rows:.1e}",
        "1e-columns": f"largest spread within a column of W⁽²⁾ at step {step}: {cols:.1e}",
        "1f-forever": f"{int(res['distinct'][last])} distinct hidden unit(s) of {cfg.d1} "
        f"after {last} steps ({INIT_LABELS[cfg.init]})",
        "1f-nudge": f"the nudge ε = {cfg.eps:g} ends at spread {nudge['last_spread']:.2g} "
        f"after {last} steps",
    }
