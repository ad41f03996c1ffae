"""LaTeX of the worksheet's 2d and 2f updates, symbolic and with live numbers.

Builders take the arrays of ``lessons.descent.updates.update_terms`` and return strings
for st.latex; no maths happens here beyond formatting numbers.
"""

from __future__ import annotations

import numpy as np

DIGITS = 3

SYMBOLIC = {
    "2b": (
        r"z_i = w_i^{\top} x + b_i,\qquad "
        r"w_i^{(t+1)} = w_i^{(t)} - \eta\cdot 2\Big(\sum_{j=1}^{n}\sigma(z_j) - y\Big)"
        r"\,\sigma(z_i)\big(1-\sigma(z_i)\big)\,x",
        r"b_i^{(t+1)} = b_i^{(t)} - \eta\cdot 2\Big(\sum_{j=1}^{n}\sigma(z_j) - y\Big)"
        r"\,\sigma(z_i)\big(1-\sigma(z_i)\big)",
        r"\text{all rows at once: }W^{(t+1)} = W^{(t)} - \eta\cdot 2\Big(\sum_j\sigma(z_j)-y\Big)"
        r"\,\big(\sigma(z)\odot(1-\sigma(z))\big)\,x^{\top}",
    ),
    "2e": (
        r"W_1^{(t+1)} = W_1^{(t)} - \eta\, W_2^{\top}\big(W_2(W_1 x + b) - y\big)\,x^{\top}",
        r"W_2^{(t+1)} = W_2^{(t)} - \eta\,\big(W_2(W_1 x + b) - y\big)\,(W_1 x + b)^{\top}",
        r"b^{(t+1)} = b^{(t)} - \eta\, W_2^{\top}\big(W_2(W_1 x + b) - y\big)",
    ),
}


def num(value: float, digits: int = DIGITS) -> str:
    """A number for LaTeX: 3 significant digits, powers of ten as 10^{k}."""
    value = float(value)
    if not np.isfinite(value):
        return r"\infty" if value > 0 else (r"-\infty" if value < 0 else r"\text{NaN}")
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = f"10^{{{int(exponent)}}}"
        return power if mantissa == "1" else f"{mantissa}\\times {power}"
    return "0" if text == "-0" else text


def bmatrix(array, digits: int = DIGITS) -> str:
    """A bmatrix; a 1-D array is a column vector, a scalar a plain number."""
    arr = np.asarray(array, dtype=float)
    if arr.ndim == 0:
        return num(arr, digits)
    if arr.ndim == 1:
        arr = arr[:, None]
    rows = [" & ".join(num(v, digits) for v in row) for row in arr]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def row(array, digits: int = DIGITS) -> str:
    """A 1-D array as a row vector (for x^T)."""
    return bmatrix(np.atleast_2d(np.asarray(array, dtype=float)), digits)


def _eta(eta: float) -> str:
    return num(eta, 4)


def _update(lhs: str, old: str, eta: str, factor: str, new: str) -> str:
    """``lhs = old - eta factor`` and, on the next line, ``= new`` (aligned)."""
    return rf"\begin{{aligned}}{lhs} &= {old} - {eta}\,{factor}\\ &= {new}\end{{aligned}}"


def intermediates(model: str, x, y, terms: dict, eta: float) -> tuple[list[str], list[str]]:
    """The inputs and intermediate quantities of the update, as LaTeX.

    Returns
    -------
    lines : list of str
        Wide lines (inputs, scalar factors), one per row.
    vectors : list of str
        Narrow vector definitions, meant to sit side by side.
    """
    if model == "2b":
        total = float(np.sum(terms["s"]))
        lines = [
            rf"x = {bmatrix(x)},\quad y = {num(y)},\quad \eta = {_eta(eta)}",
            rf"2\Big(\sum_j \sigma(z_j) - y\Big) = 2\,({num(total)} - {num(y)}) "
            rf"= {num(terms['coef'])}",
        ]
        vectors = [
            rf"z = W x + b = {bmatrix(terms['z'])}",
            rf"\sigma(z) = {bmatrix(terms['s'])}",
            rf"\sigma(z)(1-\sigma(z)) = {bmatrix(terms['sprime'])}",
        ]
        return lines, vectors
    lines = [rf"x = {bmatrix(x)},\quad y = {bmatrix(y)},\quad \eta = {_eta(eta)}"]
    vectors = [
        rf"h = W_1 x + b = {bmatrix(terms['hidden'])}",
        rf"r = W_2 h - y = {bmatrix(terms['r'])}",
        rf"W_2^{{\top}} r = {bmatrix(terms['back'])}",
    ]
    return lines, vectors


def updates(model: str, params: dict, x, terms: dict, eta: float, t: int) -> list[str]:
    """Each parameter's update at step t with every matrix written out.

    2e in the column-vector convention (W x); 2b with row i of W being w_i.
    """
    new, e = terms["new"], _eta(eta)
    if model == "2b":
        c = rf"\cdot({num(terms['coef'])})\,{bmatrix(terms['sprime'])}"
        return [
            _update(rf"W^{{({t + 1})}}", bmatrix(params["W"]), e, c + row(x), bmatrix(new["W"])),
            _update(rf"b^{{({t + 1})}}", bmatrix(params["b"]), e, c, bmatrix(new["b"])),
        ]
    back, r, h = bmatrix(terms["back"]), bmatrix(terms["r"]), terms["hidden"]
    return [
        _update(rf"W_1^{{({t + 1})}}", bmatrix(params["W1"]), e, back + row(x), bmatrix(new["W1"])),
        _update(rf"W_2^{{({t + 1})}}", bmatrix(params["W2"]), e, r + row(h), bmatrix(new["W2"])),
        _update(rf"b^{{({t + 1})}}", bmatrix(params["b"]), e, back, bmatrix(new["b"])),
    ]
