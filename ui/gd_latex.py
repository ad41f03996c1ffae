"""LaTeX of the worksheet's 2d and 2f updates, symbolic and with live numbers.

Builders take the arrays of ``core.descent.update_terms`` and return strings
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


def numbers_2e(params: dict, x, y, terms: dict, eta: float, t: int) -> list[str]:
    """The 2f update at step t with every matrix written out (column-vector convention)."""
    h, r, back, new = terms["hidden"], terms["r"], terms["back"], terms["new"]
    e = _eta(eta)
    return [
        rf"x = {bmatrix(x)},\quad y = {bmatrix(y)},\quad \eta = {e}",
        rf"W_1 x + b = {bmatrix(h)},\qquad W_2(W_1x+b) - y = {bmatrix(r)},"
        rf"\qquad W_2^{{\top}}\big(W_2(W_1x+b)-y\big) = {bmatrix(back)}",
        rf"W_1^{{({t + 1})}} = {bmatrix(params['W1'])} - {e}\,{bmatrix(back)}{row(x)}"
        rf" = {bmatrix(new['W1'])}",
        rf"W_2^{{({t + 1})}} = {bmatrix(params['W2'])} - {e}\,{bmatrix(r)}{row(h)}"
        rf" = {bmatrix(new['W2'])}",
        rf"b^{{({t + 1})}} = {bmatrix(params['b'])} - {e}\,{bmatrix(back)} = {bmatrix(new['b'])}",
    ]


def numbers_2b(params: dict, x, y, terms: dict, eta: float, t: int) -> list[str]:
    """The 2d update at step t with every matrix written out (row i of W is w_i)."""
    new, e, c = terms["new"], _eta(eta), terms["coef"]
    total = float(np.sum(terms["s"]))
    return [
        rf"x = {bmatrix(x)},\quad y = {num(y)},\quad \eta = {e}",
        rf"z = W x + b = {bmatrix(terms['z'])},\qquad \sigma(z) = {bmatrix(terms['s'])},"
        rf"\qquad \sigma(z)\odot(1-\sigma(z)) = {bmatrix(terms['sprime'])}",
        rf"2\Big(\sum_j \sigma(z_j) - y\Big) = 2\,({num(total)} - {num(y)}) = {num(c)}",
        rf"W^{{({t + 1})}} = {bmatrix(params['W'])} - {e}\cdot({num(c)})\,"
        rf"{bmatrix(terms['sprime'])}{row(x)} = {bmatrix(new['W'])}",
        rf"b^{{({t + 1})}} = {bmatrix(params['b'])} - {e}\cdot({num(c)})\,"
        rf"{bmatrix(terms['sprime'])} = {bmatrix(new['b'])}",
    ]


def with_numbers(model: str, params: dict, x, y, terms: dict, eta: float, t: int) -> list[str]:
    """The update at step t with numbers, one LaTeX line per parameter."""
    builder = numbers_2b if model == "2b" else numbers_2e
    return builder(params, x, y, terms, eta, t)
