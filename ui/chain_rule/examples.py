"""The chain-rule page's inputs and cached runs.

A :class:`ChainConfig` (primitives only) says which example to build; the
cached :func:`run` builds its graph, runs backward and the finite-difference
check once per config (the typed variables of "your own formula" are read by
:func:`lessons.chain_rule.variables.parse_variables`). The worksheet's closed forms are
written out with the live numbers by :func:`latex_2a`, :func:`latex_2c` and
:func:`latex_2e`; :func:`check_table` is the verification table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.expr import MAX_LENGTH
from lessons.chain_rule import examples as ce
from lessons.chain_rule.derivatives import G_FUNCTIONS, paths_2a
from lessons.chain_rule.variables import VariablesError, format_variables, parse_variables
from lessons.closed_forms import g_and_prime, grads_2c, grads_2e
from ui.graph_view import name_tex, tex_array, tex_num

__all__ = [
    "ChainConfig",
    "Run",
    "check_table",
    "finite",
    "latex_2a",
    "latex_2c",
    "latex_2e",
    "run",
    "variables_panel",
]


@dataclass(frozen=True)
class ChainConfig:
    """Everything that decides the graph (primitives only: the cache key).

    ``kind`` is "2a", "2b", "2e" or "own"; only that kind's fields matter (the
    page leaves the others at their defaults so they do not split the cache).
    """

    kind: str
    gs: tuple[str, ...] = ()
    f: str = "sum"
    w: float = 0.5
    n: int = 2
    d: int = 2
    seed: int = 0
    y: float = 1.5
    per_unit: bool = True
    phi: str = "tanh"
    formula: str = ""
    variables: str = ""


@dataclass
class Run:
    """A built example, or what went wrong (read-only after :func:`run`).

    Attributes
    ----------
    example : lessons.chain_rule.examples.Example or None
    checks : list of lessons.chain_rule.examples.Check
    values : dict of str to ndarray
        The variables of "your own formula" (empty otherwise).
    variables_error, formula_error : str
        Messages for the two text boxes ("" when fine).
    """

    example: ce.Example | None = None
    checks: list = ()
    values: dict | None = None
    variables_error: str = ""
    formula_error: str = ""


def _build(c: ChainConfig) -> Run:
    if c.kind == "2a":
        return Run(ce.build_2a(c.gs, c.f, c.w))
    if c.kind == "2b":
        return Run(ce.build_2b(c.n, c.d, c.seed, c.y, c.per_unit))
    if c.kind == "2e":
        return Run(ce.build_2e(c.d, c.phi, c.seed))
    try:
        values = parse_variables(c.variables, c.seed)
    except VariablesError as err:
        return Run(values={}, variables_error=str(err), formula_error="")
    try:
        return Run(ce.build_formula(c.formula, values), values=values)
    except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as err:
        return Run(values=values, formula_error=str(err) or type(err).__name__)


@st.cache_resource(max_entries=48, show_spinner="Building the graph and checking it…")
def run(config: ChainConfig) -> Run:
    """Build, differentiate and check one example (cached per config).

    ``cache_resource`` rather than ``cache_data``: a graph holds closures and
    cannot be pickled. Nothing mutates a Run after it is returned (the stepper
    only reads gradients), so sharing it between sessions is safe.
    """
    result = _build(config)
    if result.example is not None:
        result.checks = ce.verify(result.example)
    return result


# ---------------------------------------------------------------- worksheet boxes


def _x(i: int) -> str:
    return f"x_{{{i}}}"


def latex_2a(gs: tuple[str, ...], f: str, w: float) -> list[str]:
    """Worksheet 2a written out: the functions, then the sum over the n paths.

    Numbers come from the closed forms (:func:`lessons.chain_rule.derivatives.paths_2a`),
    not from the graph, so the box and the graph check each other.
    """
    n = len(gs)
    defs = r",\quad ".join(rf"{_x(i)} = {G_FUNCTIONS[g].tex}" for i, g in enumerate(gs, start=1))
    xs = [_x(i) for i in range(1, n + 1)]
    body = {"sum": " + ".join(xs), "product": r" \, ".join(xs)}.get(
        f, " + ".join(x + "^2" for x in xs)
    )
    df_dx, dx_dw = paths_2a(gs, f, w)
    terms = [
        rf"\underbrace{{({tex_num(a)})({tex_num(b)})}}_{{\text{{via }} {_x(i)}}}"
        for i, (a, b) in enumerate(zip(df_dx, dx_dw, strict=True), start=1)
    ]
    products = " + ".join(tex_num(a * b) for a, b in zip(df_dx, dx_dw, strict=True))
    derivs = r",\quad ".join(
        rf"\frac{{d{_x(i)}}}{{dw}} = {tex_num(b)}" for i, b in enumerate(dx_dw, start=1)
    )
    return [
        rf"{defs},\qquad f = {body},\qquad w = {tex_num(w)}",
        derivs,
        r"\frac{df}{dw} = \sum_{i=1}^{" + str(n) + r"} \frac{\partial f}{\partial x_i}"
        r"\,\frac{dx_i}{dw} = " + " + ".join(terms),
        rf"\phantom{{\frac{{df}}{{dw}}}} = {products} = {tex_num(float(df_dx @ dx_dw))}",
    ]


def latex_2c(n: int, d: int, seed: int, y: float) -> list[str]:
    """Worksheet 2c with the live numbers: df/db_i and df/dw_i for every unit i.

    Computed by :func:`lessons.closed_forms.grads_2c` (the closed form), not by the graph.
    """
    v = ce.values_2b(n, d, seed, y)
    c = grads_2c(v["W"], v["b"], v["x"], y)
    total = float(c["s"].sum())
    common = r"2\Big(\sum_j \sigma(z_j) - y\Big)\,\sigma(z_i)\big(1 - \sigma(z_i)\big)"
    lines = [
        rf"z = W x + b = {tex_array(c['z'])},\qquad \sigma(z) = {tex_array(c['s'])}",
        rf"r = y - \textstyle\sum_j \sigma(z_j) = {tex_num(y)} - {tex_num(total)}"
        rf" = {tex_num(c['r'])},\qquad f = r^2 = {tex_num(c['f'])}",
        rf"\frac{{\partial f}}{{\partial b_i}} = {common}",
        rf"\frac{{\partial f}}{{\partial w_i}} = {common}\,x"
        r" = \frac{\partial f}{\partial b_i}\,x",
    ]
    rows = []
    for i in range(n):
        s = tex_num(c["s"][i])
        db = tex_num(c["db"][i])
        rows.append(
            rf"\frac{{\partial f}}{{\partial b_{{{i + 1}}}}} &= 2({tex_num(total)} - {tex_num(y)})"
            rf"\cdot {s}(1 - {s}) = {db} \\[6pt] "
            rf"\frac{{\partial f}}{{\partial w_{{{i + 1}}}}} &= {db}\cdot {tex_array(v['x'])}"
            rf" = {tex_array(c['dW'][i])}"
        )
    lines.append(r"\begin{aligned}" + r" \\[6pt] ".join(rows) + r"\end{aligned}")
    return lines


_PHI_PRIME = {
    "identity": "1",
    "sigmoid": r"\sigma(x_1)(1 - \sigma(x_1))",
    "tanh": r"1 - \tanh^2(x_1)",
    "relu": r"\mathbb{1}[x_1 > 0]",
}


def latex_2e(d: int, phi: str, seed: int) -> list[str]:
    """Worksheet 2e with the live numbers: forward intermediates, then the backward chain."""
    v = ce.values_2e(d, seed)
    c = grads_2e(v["W1"], v["W2"], v["b"], v["x"], v["y"], phi)
    _, phi_prime = g_and_prime(c["x1"], phi)
    t = tex_array
    name = {"identity": r"\mathrm{id}", "sigmoid": r"\sigma", "tanh": r"\tanh"}.get(
        phi, r"\mathrm{relu}"
    )
    d_ = r"\frac{\partial\ell}{\partial %s}"
    rows = [
        rf"{d_ % 'x_4'} = {d_ % 'x_3'} &= x_4 = {t(c['x4'])}",
        rf"{d_ % 'W_2'} &= x_4 x_2^\top = {t(c['dW2'])}",
        rf"{d_ % 'x_2'} &= W_2^\top x_4 = {t(c['dl_dx2'])}",
        rf"{d_ % 'x_1'} &= \Phi'(x_1)\odot W_2^\top x_4 = {t(phi_prime)} \odot {t(c['dl_dx2'])}"
        rf" = {t(c['dl_dx1'])}",
        rf"\Phi'(x_1) &= {_PHI_PRIME[phi]} = {t(phi_prime)}",
        rf"{d_ % 'b'} &= {d_ % 'x_1'} = {t(c['db'])}",
        rf"{d_ % 'W_1'} &= {d_ % 'x_1'}\, x^\top = {t(c['dW1'])}",
        rf"{d_ % 'x'} &= W_1^\top {d_ % 'x_1'} = {t(c['dx'])}",
    ]
    return [
        rf"x_1 = W_1 x + b = {t(c['x1'])},\quad x_2 = \Phi(x_1) = {name}(x_1) = {t(c['x2'])}",
        rf"x_3 = W_2 x_2 = {t(c['x3'])},\quad x_4 = x_3 - y = {t(c['x4'])},\quad"
        rf"\ell = \tfrac12\|x_4\|^2 = {tex_num(c['ell'])}",
        r"\begin{aligned}" + r" \\[6pt] ".join(rows) + r"\end{aligned}",
    ]


# ---------------------------------------------------------------- verification

CLOSED_TOL = 1e-9  # graph vs closed form: both exact, so only round-off
NUMERIC_TOL = 1e-5  # graph vs central differences (eps = 1e-6): O(eps^2) + round-off


def _short(a) -> str:
    if a is None:
        return "—"
    flat = np.asarray(a, dtype=np.float64).ravel()
    text = ", ".join(f"{x:.5g}" for x in flat[:6])
    return text + (f", … ({flat.size} numbers)" if flat.size > 6 else "")


def _gap(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))


def check_table(checks) -> tuple[pd.DataFrame, bool]:
    """The verification table: one row per variable, and whether every row agrees.

    Parameters
    ----------
    checks : list of lessons.chain_rule.examples.Check

    Returns
    -------
    table : DataFrame
        Gradient from the graph, from the closed form (or "—"), from central
        differences, the largest differences and a check mark.
    all_ok : bool
    """
    rows, all_ok = [], True
    for c in checks:
        scale = 1.0 + float(np.max(np.abs(c.graph))) if np.all(np.isfinite(c.graph)) else 1.0
        gap_num = _gap(c.graph, c.numeric)
        gap_closed = None if c.closed is None else _gap(c.graph, c.closed)
        ok = bool(gap_num <= NUMERIC_TOL * scale) and (
            gap_closed is None or gap_closed <= CLOSED_TOL * scale
        )
        all_ok &= ok
        rows.append(
            {
                "variable": c.name,
                "agree": "✓" if ok else "✗",
                "shape": "scalar" if np.ndim(c.graph) == 0 else "×".join(map(str, c.graph.shape)),
                "backprop (graph)": _short(c.graph),
                "closed form": _short(c.closed),
                "central differences": _short(c.numeric),
                "max |backprop − closed|": "—" if gap_closed is None else f"{gap_closed:.1e}",
                "max |backprop − numeric|": f"{gap_num:.1e}",
            }
        )
    return pd.DataFrame(rows), all_ok


def finite(example: ce.Example) -> bool:
    """True when the output and every node's value and gradient are finite."""
    return all(
        np.all(np.isfinite(v.value)) and np.all(np.isfinite(v.grad)) for v in example.out.topo()
    )


def _write_out(key: str, text: str) -> None:
    st.session_state[key] = text


def variables_panel(values: dict, key: str) -> None:
    """The typed variables in LaTeX, and a button that writes drawn numbers into the box.

    Parameters
    ----------
    values : dict of str to ndarray
        Parsed by :func:`lessons.chain_rule.variables.parse_variables`.
    key : str
        Session-state key of the variables text box.
    """
    shown = (f"${{{name_tex(k)} = {tex_array(v)}}}$" for k, v in values.items())
    st.markdown("  \u2003 ".join(shown))  # braces: KaTeX keeps each variable on one line
    text = format_variables(values)
    if "random" in str(st.session_state.get(key, "")):
        fits = len(text) <= MAX_LENGTH
        st.button(
            "Write the drawn numbers into the box",
            key=f"{key}_write",
            on_click=_write_out,
            args=(key, text),
            disabled=not fits,
            help="Replaces random(...) by its numbers, so you can edit them one by one."
            if fits
            else f"The numbers would need more than {MAX_LENGTH} characters.",
        )
