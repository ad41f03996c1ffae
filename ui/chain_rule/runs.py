"""Live numbers for the chain-rule page's class questions (lecture mode).

Each question of :func:`lessons.questions.for_page` ("chain-rule") gets one line
with the number that answers it, from the example on screen when it is the
question's example, else from the question's own setting at the page's values.
"""

from __future__ import annotations

import numpy as np

from lessons.chain_rule import examples as ce
from lessons.chain_rule.derivatives import paths_2a
from lessons.closed_forms import grads_2c, grads_2e
from ui.chain_rule.examples import ChainConfig, run
from ui.graph_view import step_nodes

__all__ = ["live_answers"]


def _vec(a) -> str:
    """``(0.09, −0.91)``: a vector's numbers in 4 significant digits."""
    flat = np.asarray(a, dtype=float).ravel()
    return "(" + ", ".join(f"{x:.4g}".replace("-", "−") for x in flat) + ")"


def live_answers(config: ChainConfig) -> dict[str, str]:
    """One line per class question of this page, with this view's numbers."""
    w = config.w if config.kind == "2a" else 0.5
    df_dx, dx_dw = paths_2a(("square", "exp", "tanh"), "sum", w)
    terms = " + ".join(f"{a * b:.4g}" for a, b in zip(df_dx, dx_dw, strict=True))
    lines = {"2a-paths": f"at w = {w:g}: df/dw = {terms} = {float(df_dx @ dx_dw):.4g}"}
    example = run(config).example
    if example is not None:
        order = [v.label for v in step_nodes(example.out)]
        shown = ", ".join(order[:5]) + (", …" if len(order) > 5 else "")
        lines["2b-order"] = f"this graph's backward order: {shown} (output first)"
    n, d, seed, y = (config.n, config.d, config.seed, config.y) if config.kind == "2b" else (
        2, 2, 0, 1.5)  # fmt: skip
    v = ce.values_2b(n, d, seed, y)
    c = grads_2c(v["W"], v["b"], v["x"], y)
    s1 = float(c["s"][0])
    lines["2c-sigma"] = (
        f"unit 1 (n = {n}, d = {d}, seed {seed}): σ(z₁)(1 − σ(z₁)) = {s1 * (1 - s1):.4g}, "
        f"x = {_vec(v['x'])}, ∂f/∂w₁ = {_vec(c['dW'][0])}"
    )
    d, phi, seed = (config.d, config.phi, config.seed) if config.kind == "2e" else (2, "tanh", 0)
    v = ce.values_2e(d, seed)
    e = grads_2e(v["W1"], v["W2"], v["b"], v["x"], v["y"], phi)
    lines["2e-transpose"] = (
        f"d = {d}, Φ = {phi}, seed {seed}: x₄ = {_vec(e['x4'])}, "
        f"W₂ᵀx₄ = ∂ℓ/∂x₂ = {_vec(e['dl_dx2'])}"
    )
    return lines
