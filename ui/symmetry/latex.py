"""Worksheet 1b-1f written out with the live numbers, and a verdict for each.

Each ``part_*`` function takes the page's :class:`ui.symmetry.runs.SymConfig`
and the :func:`ui.symmetry.runs.run` result and returns ``(latex, verdict)``:
the formula for ``st.latex`` with the numbers of example 1 plugged in, and a
one-line Markdown verdict (a green tick when it equals what backprop
computed, a red cross with the reason otherwise). Part 1 convention: W^(l)
is d^(l-1) x d^(l), rows = from, columns = to.
"""

from __future__ import annotations

import math

import numpy as np

from lessons.symmetry import row_constant_spread
from ui.symmetry.runs import INIT_LABELS, SymConfig

G_TEX = {
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\operatorname{relu}",
    "identity": r"\operatorname{id}",
}
TICK = ":green[**✓**]"
CROSS = ":red[**✗**]"


def num(value: float, digits: int = 4) -> str:
    """A number for LaTeX: ``digits`` significant digits, powers of ten as 10^{k}."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else r"\text{" + str(value) + "}"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return text


def par(value: float, digits: int = 4) -> str:
    """:func:`num`, in parentheses when negative (for products)."""
    text = num(value, digits)
    return f"({text})" if float(value) < 0 else text


def vec(values, digits: int = 4) -> str:
    """A row vector ``(v_1, ..., v_d)``."""
    return r"\left(" + ",\\ ".join(num(v, digits) for v in np.ravel(values)) + r"\right)"


def bmatrix(M, digits: int = 4) -> str:
    """A matrix as ``\\begin{bmatrix}...\\end{bmatrix}``."""
    rows = np.atleast_2d(np.asarray(M, dtype=float))
    body = r" \\ ".join(" & ".join(num(v, digits) for v in row) for row in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def _aligned(*lines: str) -> str:
    """Lines (each with one ``&`` alignment mark) stacked in an aligned block."""
    return r"\begin{aligned}" + r" \\[6pt] ".join(lines) + r"\end{aligned}"


def _sum(values) -> str:
    return "(" + " + ".join(par(v) for v in np.ravel(values)) + ")"


def _batch_note(cfg: SymConfig) -> str:
    return f" (example 1 shown; all {cfg.n} examples checked)" if cfg.n > 1 else ""


def _not_constant(cfg: SymConfig, spread: float, what: str) -> str:
    return (
        f"{CROSS} The init is random (σ = {cfg.sigma:g}), so this part does not apply: "
        f"the hidden {what} differ by {spread:.3g} (max − min over units)."
    )


def small(value: float) -> str:
    """A difference or spread for prose: "0 (exact)" or e.g. "2.2e-17"."""
    return "0 (exact)" if value == 0 else f"{value:.1e}"


def _verdict(cfg: SymConfig, ok: bool, diff: float, what: str) -> str:
    if ok:
        return (
            f"{TICK} equals backprop's {what}{_batch_note(cfg)} (largest difference {small(diff)})."
        )
    if cfg.init == "noise":
        return (
            f"{CROSS} off by {diff:.1e}: the weights were nudged by noise ε = {cfg.eps:g}, "
            "so the formula for constant weights holds only approximately."
        )
    return f"{CROSS} differs from backprop's {what} by {diff:.1e}."


def part_1b(cfg: SymConfig, res: dict) -> tuple[str, str]:
    """1b: ``x_j^(1) = g(a sum_i x_i^(0))`` for every hidden unit j."""
    g = G_TEX[cfg.activation]
    x1 = res["x"][1][0][0]
    c = res["c1b1c"]
    if c is None:
        spread = row_constant_spread(res["x"][1][0])
        return (
            rf"x^{{(1)}} = {vec(x1)} \quad \text{{(backprop, {INIT_LABELS[cfg.init]})}}",
            _not_constant(cfg, spread, "values x_j⁽¹⁾"),
        )
    a = cfg.start_constant
    latex = _aligned(
        rf"x_j^{{(1)}} &= g\Big(a\sum_i x_i^{{(0)}}\Big) = {g}\big({par(a)}\cdot"
        rf"{_sum(res['X'][0])}\big)",
        rf"&= {g}({num(c['S1'][0])}) = {num(c['x1_closed'][0])}"
        rf"\qquad (j = 1,\dots,{cfg.d1})",
        rf"\text{{backprop: }} x^{{(1)}} &= {vec(x1)}",
    )
    return latex, _verdict(cfg, c["x1_ok"], c["x1_diff"], "x⁽¹⁾ for every hidden unit")


def part_1c(cfg: SymConfig, res: dict) -> tuple[str, str]:
    """1c: ``delta_i^(1) = g'(a sum_k x_k^(0)) a sum_j delta_j^(2)`` for every i."""
    g = G_TEX[cfg.activation]
    d1 = res["delta"][1][0][0]
    c = res["c1b1c"]
    if c is None:
        spread = row_constant_spread(res["delta"][1][0])
        return (
            rf"\delta^{{(1)}} = {vec(d1)} \quad \text{{(backprop, {INIT_LABELS[cfg.init]})}}",
            _not_constant(cfg, spread, "deltas δ_i⁽¹⁾"),
        )
    a = cfg.start_constant
    latex = _aligned(
        r"\delta_i^{(1)} &= g'\Big(a\sum_k x_k^{(0)}\Big)\, a \sum_j \delta_j^{(2)}",
        rf"&= {g}'({num(c['S1'][0])})\cdot{par(a)}\cdot{_sum(res['delta'][2][0][0])}",
        rf"&= {num(c['g_prime'][0])}\cdot{par(a)}\cdot{par(c['sum_delta2'][0])}"
        rf" = {num(c['delta1_closed'][0])}\qquad (i = 1,\dots,{cfg.d1})",
        rf"\text{{backprop: }} \delta^{{(1)}} &= {vec(d1)}",
    )
    return latex, _verdict(cfg, c["delta1_ok"], c["delta1_diff"], "δ⁽¹⁾ for every hidden unit")


def part_1d(cfg: SymConfig, res: dict) -> tuple[str, str]:
    """1d: the output deltas differ, because the targets differ."""
    d2 = res["delta"][2][0][0]
    y = res["Y"][0]
    c = res["c1d"]
    latex = _aligned(
        rf"\delta^{{(2)}} &= {vec(d2)}",
        rf"y &= {vec(y)}",
        rf"x^{{(2)}} &= {vec(res['x'][2][0][0])}",
    )
    if cfg.d2 < 2:
        return latex, "Only one output unit: there is nothing to compare (set d⁽²⁾ ≥ 2)."
    if c["differ"]:
        return latex, (
            f"{TICK} the output deltas differ (by up to {c['delta2_spread']:.3g}): they "
            f"depend on the targets y_j, which differ by up to {c['y_spread']:.3g}."
        )
    return latex, f"{CROSS} the output deltas are equal here (spread {c['delta2_spread']:.1e})."


def part_1e(cfg: SymConfig, res: dict) -> tuple[str, str]:
    """1e: after one step, rows of W^(1) and columns of W^(2) are constant."""
    c = res["c1e"]
    if len(res["steps"]) < 2:
        why = "the run diverged before step 1" if res["diverged"] else "set steps ≥ 1"
        return r"W^{(1)},\ W^{(2)}\ \text{after one step}", f"Needs one gradient step: {why}."
    W1, W2 = res["W"][1][1], res["W"][2][1]
    if c is None:
        return (
            rf"W^{{(1)}} = {bmatrix(W1)},\qquad W^{{(2)}} = {bmatrix(W2)}"
            r"\quad\text{(after one step)}",
            _not_constant(cfg, row_constant_spread(W1), "units' incoming weights"),
        )
    a, eta = cfg.start_constant, cfg.lr
    if cfg.n == 1:
        first = (
            rf"w_{{ij}}^{{(1)}} = a - \eta\,\delta_j^{{(1)}} x_i^{{(0)}}"
            rf" = {par(a)} - {par(eta)}\cdot{par(res['delta'][1][0][0][0])}\cdot x_i^{{(0)}}"
        )
        second = (
            rf"w_{{ij}}^{{(2)}} = a - \eta\,\delta_j^{{(2)}} x_i^{{(1)}}"
            rf" = {par(a)} - {par(eta)}\cdot\delta_j^{{(2)}}\cdot{par(res['x'][1][0][0][0])}"
        )
    else:
        mean = r"a - \frac{\eta}{n}\sum_k"
        first = rf"w_{{ij}}^{{(1)}} = {mean} \delta_{{kj}}^{{(1)}} x_{{ki}}^{{(0)}}"
        second = rf"w_{{ij}}^{{(2)}} = {mean} \delta_{{kj}}^{{(2)}} x_{{ki}}^{{(1)}}"
    latex = _aligned(
        first.replace(" = ", " &= ", 1),
        rf"\Rightarrow\; W^{{(1)}} &= {bmatrix(c['W1_closed'])}",
        second.replace(" = ", " &= ", 1),
        rf"\Rightarrow\; W^{{(2)}} &= {bmatrix(c['W2_closed'])}",
    )
    ok = c["W1_ok"] and c["W2_ok"]
    diff = max(c["W1_diff"], c["W2_diff"])
    verdict = _verdict(cfg, ok, diff, "W⁽¹⁾ and W⁽²⁾ after one step")
    verdict += (
        f" Each row of W⁽¹⁾ is constant (spread {small(c['W1_row_spread'])}); each column "
        f"of W⁽²⁾ is constant (spread {small(c['W2_col_spread'])}) while the columns differ "
        f"(by {c['W2_between_columns']:.3g})."
    )
    return latex, verdict


def part_1f(cfg: SymConfig, res: dict) -> tuple[str, str]:
    """1f: the clone pattern survives every step."""
    c = res["c1f"]
    last = int(res["steps"][-1])
    latex = (
        r"\max_{t \le " + str(last) + r"}\ \operatorname{spread}_t"
        rf" = {num(c['max_spread'], 3)},\qquad \operatorname{{spread}}_0 = "
        rf"{num(c['first_spread'], 3)},\quad \operatorname{{spread}}_{{{last}}} = "
        rf"{num(c['last_spread'], 3)}"
    )
    if cfg.init == "normal":
        return latex, (
            f"{CROSS} The init is random, so there is no clone pattern to keep: the "
            f"hidden units differ by {c['last_spread']:.3g} at step {last}."
        )
    if c["survives"]:
        return latex, (
            f"{TICK} the pattern survives: over all {last} steps the spread stays at "
            f"round-off (at most {small(c['max_spread'])}), so the hidden layer acts as one unit."
        )
    return latex, (
        f"{CROSS} the nudge ε = {cfg.eps:g} changes the spread by a factor "
        f"{c['growth']:.3g} over {last} steps (from {c['first_spread']:.1e} to "
        f"{c['last_spread']:.1e})."
    )
