"""The text inside a node of the drawn computation graph, and its estimated width.

Numbers are short (at most 6 characters), arrays print at most ``rows`` lines
of ``cols`` numbers (a vector as a column in a left-right drawing, as a row in
a top-down one), shapes as ``ℝ²ˣ³``.
"""

from __future__ import annotations

import numpy as np

from core.graph import Var

__all__ = ["array_lines", "num", "shape_text", "shown_all", "text_width", "title_text"]

_NARROW, _WIDE = set(".,:;!|ilIjt'()[]ˣ"), set("mwMW∇∂…⋮ℝ")
_OPS = {"sum": "Σ", "neg": "−(·)", "T": "(·)ᵀ", "sigmoid": "σ", "*": "×", "-": "−"}
_SUP = str.maketrans("0123456789.-", "⁰¹²³⁴⁵⁶⁷⁸⁹·⁻")


def num(x: float) -> str:
    """A number in at most 6 characters (3 significant digits when they fit)."""
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    text = ""
    for fmt in (".3g", ".2g", ".1g"):
        text = format(x, fmt)
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{int(exponent)}"
        if len(text) <= 6:
            break
    return text.replace("-", "−")


def text_width(text: str, bold: bool = False) -> float:
    """Estimated width of ``text`` in font sizes (em) in the app's sans-serif font."""
    em = sum(
        0.22 if c == " " else 0.28 if c in _NARROW else 0.8 if c in _WIDE else
        0.6 if c.isupper() else 0.52
        for c in text
    )  # fmt: skip
    return em * (1.06 if bold else 1.0)


def title_text(v: Var) -> str:
    """The node's first line: ``x1 = +``; a leaf its name; a constant its number."""
    if not v.parents:
        if v.constant:
            return num(v.value.reshape(-1)[0]) if v.value.size == 1 else (v.name or "const")
        return v.name or "input"
    op = v.op
    if op.startswith("**"):
        op = "(·)" + op[2:].translate(_SUP)
    op = _OPS.get(op, op)
    return f"{v.name} = {op}" if v.name else op


def shape_text(v: Var) -> str:
    """``ℝ³`` for a vector of 3, ``ℝ²ˣ³`` for a 2×3 matrix, "" for a scalar or a constant."""
    if v.value.ndim == 0 or (v.constant and not v.parents and v.value.size == 1):
        return ""
    return "ℝ" + "ˣ".join(str(n).translate(_SUP) for n in v.shape)


def array_lines(value, rows: int, cols: int, column: bool, maxel: int = 64, fmt=num) -> list[str]:
    """Lines of text for an array, at most ``rows`` lines of ``cols`` numbers (and ``maxel``).

    A vector is a column (one number per line) when ``column``, else a row; a
    matrix prints row by row. "…" ends a cut row, "⋮" stands for cut rows; an
    array cut to one number is that number and "…".
    """
    a = np.asarray(value, dtype=np.float64)
    if a.size == 1:
        return [fmt(a.reshape(-1)[0])]
    if a.ndim != 2:
        a = a.reshape(-1, 1) if column else a.reshape(1, -1)
    n_rows, n_cols = a.shape
    show_c = max(1, min(n_cols, cols, maxel))
    show_r = max(1, min(n_rows, rows, maxel // show_c))
    if show_r == show_c == 1:
        return [fmt(a[0, 0]) + " …"]
    lines = []
    for r in range(show_r):
        cells = [fmt(x) for x in a[r, :show_c]]
        lines.append("  ".join(cells) + (" …" if show_c < n_cols else ""))
    if show_r < n_rows:
        lines.append("⋮")
    return lines


def shown_all(shape: tuple[int, ...], rows: int, cols: int, column: bool, maxel: int) -> bool:
    """True when :func:`array_lines` writes every number of an array of this shape."""
    size = int(np.prod(shape)) if shape else 1
    lines = array_lines(np.zeros(shape), rows, cols, column, maxel)
    return sum(line.count("0") for line in lines) == size and "…" not in "".join(lines)
