"""What a forward-mode step does, written out with numbers (LaTeX).

Forward mode visits the op nodes inputs first; at each one it computes the
value and the tangent together (the dual number ``y + ẏ ε``):
``ẏ = Σ_i (∂y/∂a_i) ȧ_i`` for elementwise ops, ``(A B)˙ = Ȧ B + A Ḃ`` for a
matrix product, ``(Σ a)˙ = Σ ȧ``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from core.graph import Var
from lessons.chain_rule.derivatives import local_derivative
from lessons.chain_rule.forward import forward_nodes
from ui.graph_view import name_tex, node_formula, node_tex, tex_array

__all__ = ["forward_latex"]

MAX_PRODUCT = 150  # longer numeric products are left out (the result is still shown)


def _dot(v: Var) -> str:
    return rf"\dot{{{node_tex(v)}}}"


def _rows(lhs: str, parts: list[str], narrow: bool) -> str:
    """``lhs = p1 = p2 = ...`` on one line, or aligned rows when narrow or long."""
    parts = [p for k, p in enumerate(parts) if k in (0, len(parts) - 1) or len(p) <= MAX_PRODUCT]
    line = f"{lhs} = " + " = ".join(parts)
    if not narrow and len(line) <= 170:
        return line
    rows = [f"{lhs} &= {parts[0]}", *(f"&= {p}" for p in parts[1:])]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _zero(t: np.ndarray) -> bool:
    return not np.any(t)


def _tangent_line(v: Var, tangent: Mapping[int, np.ndarray], narrow: bool) -> str:
    result = tex_array(tangent[id(v)])
    ps = v.parents
    ts = [tangent[id(p)] for p in ps]
    if v.op == "@":
        a, b = ps
        terms = [
            (rf"{_dot(a)}\,{node_tex(b)}", ts[0] @ b.value),
            (rf"{node_tex(a)}\,{_dot(b)}", a.value @ ts[1]),
        ]
        formula = " + ".join(t for t, _ in terms)
        numbers = " + ".join("0" if _zero(n) else tex_array(n) for _, n in terms)
        return _rows(_dot(v), [formula, numbers, result], narrow)
    if v.op == "T":
        return _rows(_dot(v), [_dot(ps[0]) + r"^\top", result], narrow)
    if v.op == "sum":
        return _rows(_dot(v), [r"\textstyle\sum " + _dot(ps[0]), result], narrow)
    symbols, numbers = [], []
    for i, (p, t) in enumerate(zip(ps, ts, strict=True)):
        if p.constant and not p.parents:
            continue  # a constant's tangent is 0
        d = rf"\frac{{\partial {node_tex(v)}}}{{\partial {node_tex(p)}}}"
        symbols.append(d + _dot(p))
        local = local_derivative(v, i)
        times = r" \cdot " if local.size == 1 and t.size == 1 else r" \odot "
        numbers.append("0" if _zero(t) else f"{tex_array(local)}{times}{tex_array(t)}")
    if not symbols:
        return _rows(_dot(v), ["0", result], narrow)
    return _rows(_dot(v), [" + ".join(symbols), " + ".join(numbers), result], narrow)


def forward_latex(
    out: Var, tangent: Mapping[int, np.ndarray], k: int, wrt: str, narrow: bool = False
) -> tuple[str, list[str]]:
    """Caption and LaTeX lines for step ``k`` of forward mode.

    Parameters
    ----------
    out : Var
    tangent : mapping of id(node) -> ndarray
        Every node's tangent (:func:`lessons.chain_rule.forward.tangents`).
    k : int
        0: nothing computed yet; k: the k-th node (inputs first) is done.
    wrt : str
        The input entry the tangents are taken along, e.g. ``W1[1,2]``.
    narrow : bool
        Break long lines over aligned rows (a narrow column).
    """
    order = forward_nodes(out)
    if k <= 0:
        return (
            f"Forward mode by `{wrt}`: each step computes one node's value and its tangent "
            "together, inputs first. Press **Step**.",
            [rf"\dot{{{_entry_tex(wrt)}}} = 1, \qquad \dot{{v}} = 0\ \text{{for every other "
             r"input number}}"],
        )  # fmt: skip
    k = min(k, len(order))
    v = order[k - 1]
    shape = "scalar" if v.value.ndim == 0 else "×".join(map(str, v.shape))
    if not v.parents:
        seeded = bool(np.any(tangent[id(v)]))
        why = f"a one at `{wrt}`" if seeded else f"zero: `{wrt}` is not in it"
        return (
            f"Step {k} of {len(order)}: input `{v.label}` (shape {shape}); its tangent is the "
            f"seed, {why}.",
            [rf"{node_tex(v)} = {tex_array(v.value)}", rf"{_dot(v)} = {tex_array(tangent[id(v)])}"],
        )
    caption = f"Step {k} of {len(order)}: node `{v.label}` (op {v.op}, shape {shape})"
    head, _, body = node_formula(v).partition(" = ")
    lines = [_rows(head, [body, tex_array(v.value)], narrow), _tangent_line(v, tangent, narrow)]
    if v is out:
        lines.append(
            rf"\frac{{\partial {node_tex(out)}}}{{\partial {_entry_tex(wrt)}}} = {_dot(out)}"
            rf" = {tex_array(tangent[id(out)])}\qquad\text{{(one entry of the gradient)}}"
        )
    return caption, lines


def _entry_tex(label: str) -> str:
    """``W1[1,2]`` -> ``W_{1}[1,2]`` (names as the graph writes them)."""
    name, _, rest = label.partition("[")
    return name_tex(name) + (f"[{rest}" if rest else "")
