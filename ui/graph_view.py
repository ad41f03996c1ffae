"""Drawing a computation graph and stepping through its backward pass.

The stepper "pulls" one gradient per step, in reverse topological order (the
order of :meth:`core.graph.Var.backward_steps`): step 1 seeds the output with
df/df = 1; at step k the k-th node's gradient is complete, because every node
that consumes it was handled before. Its gradient is the chain rule summed over
those consumers c:

    df/dv = sum_c  df/dc * dc/dv.

:func:`step_latex` writes that sum out with numbers; :func:`step_dot` draws the
graph with the gradients known so far and the current node highlighted.
"""

from __future__ import annotations

import re

import numpy as np

from core.graph import Var
from core.graph_dot import to_dot
from lessons.chain_rule.derivatives import local_derivative

__all__ = ["name_tex", "node_tex", "step_dot", "step_latex", "step_nodes"]
__all__ += ["tex_array", "tex_num"]

MAX_TEX_ELEMENTS = 16  # arrays with more entries are abbreviated in formulas
MAX_PRODUCT_TEX = 150  # longer numeric products are left out (the result is still shown)
MAX_LINE_TEX = 170  # longer chain-rule lines are broken over aligned rows

_SPECIAL_NAMES = {"ell": r"\ell", "sum": r"\Sigma"}
_FUNCS = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}", "exp": r"\exp"}
_FUNCS["log"] = r"\log"


def tex_num(x: float) -> str:
    """A number for LaTeX in 4 significant digits (1e-05 -> 1 \\times 10^{-5})."""
    x = float(x)
    if np.isnan(x):
        return r"\text{nan}"
    if np.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def tex_array(value, max_elements: int = MAX_TEX_ELEMENTS) -> str:
    """LaTeX for an array: a number, a row ``(a, b, c)``, a ``bmatrix``, or a summary.

    Parameters
    ----------
    value : array_like of any shape
        0-d prints as a number, 1-D as a tuple (a vector; its orientation
        follows the formula it appears in), 2-D as a matrix.
    max_elements : int
        Larger arrays print as their shape and largest magnitude.
    """
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0 or a.size == 1 and a.ndim == 1:
        return tex_num(a.reshape(-1)[0])
    if a.size > max_elements or a.ndim > 2:
        shape = r" \times ".join(str(n) for n in a.shape)
        finite = a[np.isfinite(a)]
        big = tex_num(np.abs(finite).max()) if finite.size else r"\text{nan}"
        return rf"[\text{{{shape} array}},\ \max|\cdot| = {big}]"
    if a.ndim == 1:
        return r"\left(" + r",\ ".join(tex_num(x) for x in a) + r"\right)"
    rows = [" & ".join(tex_num(x) for x in row) for row in a]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def name_tex(name: str) -> str:
    """A name in LaTeX: ``x1`` -> ``x_{1}``, ``ell`` -> ``\\ell``, ``my_w`` -> roman."""
    if name in _SPECIAL_NAMES:
        return _SPECIAL_NAMES[name]
    m = re.fullmatch(r"([A-Za-z])(\d+)", name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if re.fullmatch(r"[A-Za-z]", name):
        return name
    return r"\mathrm{" + re.sub(r"([_&%$#{}])", r"\\\1", name) + "}"


def node_tex(v: Var) -> str:
    """The node's name in LaTeX (see :func:`name_tex`); constants print as numbers."""
    if v.constant and not v.parents:
        return tex_array(v.value)
    return name_tex(v.name or v.op or "v")


def _scalar(v: Var) -> bool:
    return v.value.size == 1


def node_formula(v: Var) -> str:
    """How the node is computed from its inputs, with the graph's names (LaTeX)."""
    names = [node_tex(p) for p in v.parents]
    times = r" \cdot " if all(_scalar(p) for p in v.parents) else r" \odot "
    op = v.op
    if op in ("+", "-", "/"):
        body = f"{names[0]} {op} {names[1]}"
    elif op == "*":
        body = names[0] + times + names[1]
    elif op == "@":
        body = rf"{names[0]}\,{names[1]}"
    elif op.startswith("**"):
        body = f"{{{names[0]}}}^{{{op[2:]}}}"
    elif op == "neg":
        body = f"-{names[0]}"
    elif op == "sum":
        body = rf"\textstyle\sum {names[0]}"
    elif op == "T":
        body = f"{names[0]}^\\top"
    else:
        body = rf"{_FUNCS.get(op, op)}\left({names[0]}\right)"
    return f"{node_tex(v)} = {body}"


def _local_rule(c: Var, index: int) -> str:
    """The local derivative dc/dparent in the graph's names (LaTeX, no numbers)."""
    y, ps = node_tex(c), [node_tex(p) for p in c.parents]
    u = ps[0]
    op = c.op
    if op.startswith("**"):
        p = float(op[2:])
        power = "" if p == 2 else f"^{{{tex_num(p - 1)}}}"
        return f"{op[2:]}\\,{{{u}}}{power}"
    rules = {
        "+": "1",
        "-": "1" if index == 0 else "-1",
        "*": ps[1 - index] if len(ps) == 2 else "",
        "/": (rf"\frac{{1}}{{{ps[1]}}}" if index == 0 else rf"-\frac{{{u}}}{{{ps[1]}^2}}")
        if len(ps) == 2
        else "",
        "neg": "-1",
        "sum": "1",
        "sigmoid": rf"{y}\,(1 - {y})",
        "tanh": rf"1 - {y}^2",
        "relu": rf"\mathbb{{1}}[{u} > 0]",
        "exp": y,
        "log": rf"\frac{{1}}{{{u}}}",
    }
    return rules.get(op, "")


def step_nodes(out: Var) -> list[Var]:
    """The stepper's order: every node but the constants, output first."""
    return [v for v in reversed(out.topo()) if v is out or not v.constant]


def _edges(steps, v: Var) -> list[tuple[Var, int, np.ndarray]]:
    """Every (consumer, input index, contribution) through which v's gradient arrives."""
    edges = [(s.node, i, c) for s in steps for i, (p, c) in enumerate(s.contributions) if p is v]
    return edges[::-1]  # the steps run output-first; list the consumers inputs-first


def _d(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _edge_lines(
    out: Var, c: Var, index: int, contribution: np.ndarray, v: Var, sole: bool, narrow: bool
) -> list[str]:
    """Local derivative and chain-rule product of one consumer edge c <- v.

    ``sole``: v feeds only c, so the product is v's whole gradient ("=", not "+=").
    """
    f, cn, vn = node_tex(out), node_tex(c), node_tex(v)
    relation = "=" if sole else r"\mathrel{+}="
    local = local_derivative(c, index)
    head = rf"\text{{via }} {node_formula(c)}:\qquad "
    upstream = tex_array(c.grad)
    result = tex_array(contribution)
    if local is None:  # matrix product or transpose: the Jacobian is not elementwise
        other = node_tex(c.parents[1 - index]) if c.op == "@" else ""
        if c.op == "@" and index == 0:
            formula = rf"{_d(f, cn)}\,{other}^\top"
            product = rf"{upstream}\,{tex_array(c.parents[1].value)}^\top"
        elif c.op == "@":
            formula = rf"{other}^\top {_d(f, cn)}"
            product = rf"{tex_array(c.parents[0].value)}^\top {upstream}"
        else:
            formula, product = rf"\left({_d(f, cn)}\right)^\top", rf"{upstream}^\top"
        what = "matrix product" if c.op == "@" else "transpose"
        return [
            head + rf"\text{{{what}}}",
            _aligned(_d(f, vn), relation, formula, product, result, narrow),
        ]
    rule, number = _local_rule(c, index), tex_array(local)
    shown = number if rule in ("", number) else f"{rule} = {number}"
    times = r" \cdot " if local.size == 1 and c.grad.size == 1 else r" \odot "
    summed = "" if local.shape == contribution.shape else r"\ \text{(summed to its shape)}"
    return [
        head + rf"{_d(cn, vn)} = {shown}",
        _aligned(
            _d(f, vn),
            relation,
            rf"{_d(f, cn)}\,{_d(cn, vn)}",
            upstream + times + number,
            result + summed,
            narrow,
        ),
    ]


def _aligned(
    lhs: str, relation: str, formula: str, product: str, result: str, narrow: bool = False
) -> str:
    """``lhs (+)= formula = product = result``: one line, or three aligned rows if narrow.

    A product too long to read is left out (the result is still shown).
    """
    parts = [formula] + ([] if len(product) > MAX_PRODUCT_TEX else [product]) + [result]
    line = rf"{lhs} {relation} " + " = ".join(parts)
    if not narrow and len(line) <= MAX_LINE_TEX:
        return line
    rows = [rf"{lhs} &{relation} {parts[0]}", *(f"&= {p}" for p in parts[1:])]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def step_latex(out: Var, steps, k: int, narrow: bool = False) -> tuple[str, list[str]]:
    """What step ``k`` (1-based) of the stepper does, as a caption and LaTeX lines.

    Parameters
    ----------
    out : Var
        The output, after ``backward_steps``.
    steps : list of core.graph.BackwardStep
        Its steps.
    k : int
        0 is "before the backward pass" (no lines).
    narrow : bool
        Break each chain-rule product over aligned rows (for a narrow column).

    Returns
    -------
    caption : str
        Markdown naming the node.
    lines : list of str
        LaTeX: one local derivative and one chain-rule product per consumer,
        then the sum over consumers with numbers.
    """
    order = step_nodes(out)
    if k <= 0:
        done = "Forward pass done: every node shows its value."
        return done + " Press **Step ▶** to start the backward pass.", []
    v = order[min(k, len(order)) - 1]
    f, vn = node_tex(out), node_tex(v)
    caption = f"Step {min(k, len(order))} of {len(order)}: node `{v.label}` ({_kind(v)})"
    if v is out:
        return caption, [rf"{_d(f, f)} = 1 \qquad \text{{(the seed of the backward pass)}}"]
    edges = _edges(steps, v)
    sole = len(edges) == 1
    lines = [ln for c, i, g in edges for ln in _edge_lines(out, c, i, g, v, sole, narrow)]
    if not edges:
        return caption, [rf"{_d(f, vn)} = 0 \qquad \text{{(}}{f}\text{{ does not depend on it)}}"]
    total = sum(contrib for _, _, contrib in edges)
    if len(edges) > 1:
        terms = [_d(f, node_tex(c)) + _d(node_tex(c), vn) for c, _, _ in edges]
        locals_ = [local_derivative(c, i) for c, i, _ in edges]
        if all(
            d is not None and d.size == 1 and c.grad.size == 1
            for d, (c, _, _) in zip(locals_, edges, strict=True)
        ):
            nums = [
                rf"({tex_array(c.grad)})({tex_array(d)})"
                for d, (c, _, _) in zip(locals_, edges, strict=True)
            ]
        else:
            nums = [tex_array(contrib) for _, _, contrib in edges]
        lines.append(
            rf"\begin{{aligned}}{_d(f, vn)} &= "
            + " + ".join(terms)
            + r" \\ &= "
            + " + ".join(nums)
            + rf" \\ &= {tex_array(total)}\end{{aligned}}"
        )
    return caption, lines


def _kind(v: Var) -> str:
    if not v.parents:
        return "a leaf: this gradient is final"
    shape = "scalar" if v.value.ndim == 0 else "×".join(map(str, v.shape))
    return f"op {v.op}, shape {shape}"


def step_dot(out: Var, k: int, max_elements: int = 12, rankdir: str = "LR") -> str:
    """DOT source after ``k`` steps: gradients of the first k nodes, the k-th highlighted.

    ``rankdir`` is "LR" (inputs on the left) or "TB" (inputs at the top).
    """
    order = step_nodes(out)
    k = max(0, min(k, len(order)))
    highlight = order[k - 1] if k else None
    return to_dot(out, max_elements, highlight=highlight, show_grad=order[:k], rankdir=rankdir)
