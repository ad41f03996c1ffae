"""LaTeX and plain-text rendering for the exercise checker.

- :func:`graph_tex` renders a parsed answer (a :mod:`core.graph` Var built by
  :func:`core.expr.parse`) back as LaTeX, with the brackets its tree needs, so a
  student sees how the formula was read. Only whitelisted names and numbers
  reach the output: nothing the student typed is copied into it verbatim.
- :func:`matrix_tex` prints numbers as a bmatrix; :func:`name_tex` turns
  ``W1``, ``delta2``, ``eta`` into ``W_{1}``, ``\\delta_{2}``, ``\\eta``.
- :func:`quote` makes user text inert in a Markdown message (a short excerpt,
  control and direction characters shown as code points, markup escaped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from core.graph import Var
from lessons.quoting import excerpt, quote

__all__ = ["code", "dims_text", "graph_tex", "matrix_tex", "name_tex", "quote", "shape_text"]

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu",
          "sigma", "phi", "rho", "tau", "omega"}  # fmt: skip
_FUNCS = {"sigmoid": r"\sigma", "tanh": r"\tanh", "exp": r"\exp", "log": r"\log",
          "relu": r"\operatorname{relu}"}  # fmt: skip
_DIM_TEXT = {"d0": "d⁽⁰⁾", "d1": "d⁽¹⁾", "d2": "d⁽²⁾"}

# precedence: higher binds tighter
_ADD, _MUL, _NEG, _POW, _POST, _ATOM = 1, 2, 3, 4, 5, 6


def name_tex(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """LaTeX of a variable name: ``W1`` -> ``W_{1}``, ``delta2`` -> ``\\delta_{2}``."""
    if overrides and name in overrides:
        return overrides[name]
    m = re.fullmatch(r"([A-Za-z]+?)_?(\d*)", name)
    if not m:
        return r"\mathrm{" + re.sub(r"[^A-Za-z0-9]", "", name) + "}"
    stem, sub = m.groups()
    stem = "\\" + stem if stem in _GREEK else stem
    return f"{stem}_{{{sub}}}" if sub else stem


def _number_tex(value: float) -> str:
    text = f"{value:.6g}"
    if "e" in text:
        mant, exp = text.split("e")
        return (mant + r"\cdot " if mant != "1" else "") + f"10^{{{int(exp)}}}"
    return text


class _Tex:
    """Recursive renderer; ``scalar`` remembers which nodes hold one number."""

    def __init__(self, names: Mapping[int, str], scalars: set[int], tex: Mapping[str, str]):
        self.names, self.scalar_leaves, self.tex = names, scalars, tex
        self.memo: dict[int, tuple[str, int, bool]] = {}

    def wrap(self, node: Var, below: int, *, strict: bool = False) -> str:
        text, prec, _ = self.render(node)
        if prec < below or (strict and prec == below):
            return r"\left(" + text + r"\right)"
        return text

    def render(self, v: Var) -> tuple[str, int, bool]:
        """(LaTeX, precedence, holds one number)."""
        key = id(v)
        if key in self.memo:
            return self.memo[key]
        out = self._render(v)
        self.memo[key] = out
        return out

    def _render(self, v: Var) -> tuple[str, int, bool]:
        if not v.parents:
            if id(v) in self.names:
                name = self.names[id(v)]
                return name_tex(name, self.tex), _ATOM, id(v) in self.scalar_leaves
            value = float(v.value.reshape(-1)[0]) if v.value.size else 0.0
            return _number_tex(value), (_ATOM if value >= 0 else _NEG), True
        op = v.op
        kids = [self.render(p) for p in v.parents]
        scalar = all(k[2] for k in kids)
        if op in ("+", "-"):
            a, b = v.parents
            left = self.wrap(a, _ADD)
            right = self.wrap(b, _ADD, strict=op == "-")
            if kids[1][1] == _NEG:  # a + (-b) keeps its brackets
                right = r"\left(" + kids[1][0] + r"\right)"
            return f"{left} {op} {right}", _ADD, scalar
        if op in ("*", "@"):
            a, b = v.parents
            left, right = self.wrap(a, _MUL), self.wrap(b, _MUL, strict=True)
            if kids[1][1] == _NEG:
                right = r"\left(" + kids[1][0] + r"\right)"
            if op == "@":
                sep = r"\,"
            else:
                sep = r" \cdot " if (kids[0][2] or kids[1][2]) else r" \odot "
            return f"{left}{sep}{right}", _MUL, scalar
        if op == "/":
            a, b = kids
            return r"\frac{" + a[0] + "}{" + b[0] + "}", _ATOM, scalar
        if op.startswith("**"):
            base = self.wrap(v.parents[0], _POST)
            return f"{{{base}}}^{{{_number_tex(float(op[2:]))}}}", _POW, scalar
        if op == "neg":
            return "-" + self.wrap(v.parents[0], _NEG, strict=True), _NEG, scalar
        if op == "T":
            base = self.wrap(v.parents[0], _POST, strict=True)
            if "^" in base and not base.endswith(r"\right)"):
                base = "{" + base + "}"
            return base + r"^{\top}", _POST, scalar
        if op == "sum":
            inner = kids[0][0]
            return r"\textstyle\sum\left(" + inner + r"\right)", _POST, True
        if op in _FUNCS:
            return _FUNCS[op] + r"\left(" + kids[0][0] + r"\right)", _POST, scalar
        return r"\operatorname{" + re.sub(r"[^A-Za-z]", "", op) + "}", _ATOM, scalar


def graph_tex(
    out: Var,
    variables: Mapping[str, Var],
    scalar_names: set[str] | frozenset[str] = frozenset(),
    tex: Mapping[str, str] | None = None,
) -> str:
    """LaTeX of the formula that built ``out`` over the leaves in ``variables``.

    Parameters
    ----------
    out : Var
        The output of :func:`core.expr.parse`.
    variables : mapping of str to Var
        The leaves passed to ``parse`` (their names are the only text shown).
    scalar_names : set of str
        Variables that hold one number: ``*`` next to them prints as a dot,
        ``*`` between two arrays as ``\\odot`` (elementwise).
    tex : mapping of str to str, optional
        LaTeX overrides for variable names.
    """
    names = {id(v): k for k, v in variables.items()}
    scalars = {id(v) for k, v in variables.items() if k in scalar_names}
    return _Tex(names, scalars, tex or {}).render(out)[0]


def matrix_tex(value, digits: int = 3) -> str:
    """A number, or a bmatrix of a vector / matrix, with ``digits`` significant digits."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0 or arr.size == 1 and arr.ndim < 2:
        return _number_tex(float(f"{float(arr.reshape(-1)[0]):.{digits}g}"))
    rows = arr.reshape(arr.shape[0], -1) if arr.ndim >= 2 else arr.reshape(-1, 1)
    body = r" \\ ".join(
        " & ".join(_number_tex(float(f"{x:.{digits}g}")) for x in row) for row in rows
    )
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def dims_text(dims: Mapping[str, int]) -> str:
    """``{'n': 3, 'd': 2}`` -> ``'n = 3, d = 2'`` (part 1's d0 as d⁽⁰⁾)."""
    return ", ".join(f"{_DIM_TEXT.get(k, k)} = {v}" for k, v in dims.items())


def shape_text(shape: tuple, dims: Mapping[str, int] | None = None) -> str:
    """A shape in words: () -> 'a single number', ('n', 'd') -> 'n×d'.

    Numbers are named by the dimension they equal when ``dims`` says so
    unambiguously: (2, 3) with n = 3, d = 2 -> 'd×n (2×3)'.
    """
    if len(shape) == 0 or (dims is not None and int(np.prod(shape)) == 1):
        return "a single number"
    if dims is None:
        return "×".join(_DIM_TEXT.get(str(s), str(s)) for s in shape)
    names = []
    for n in shape:
        match = [k for k, v in dims.items() if v == n]
        names.append(_DIM_TEXT.get(match[0], match[0]) if len(match) == 1 and n != 1 else str(n))
    numeric = "×".join(str(n) for n in shape)
    symbolic = "×".join(names)
    return numeric if symbolic == numeric else f"{symbolic} ({numeric})"


def code(text: object, limit: int = 200) -> str:
    """Text that may quote the user (an ExpressionError's message) as a Markdown code span.

    Nothing inside a code span is read as markup or LaTeX; backticks, which
    could close it, become ʼ.
    """
    return "`" + excerpt(text, limit).replace("`", "ʼ") + "`"
