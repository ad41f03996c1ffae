"""Formulas of the "Logistic regression vs MLP" page (worksheet 1g), as LaTeX strings."""

from __future__ import annotations

import numpy as np


def _num(v: float) -> str:
    """A number for LaTeX: 4 significant digits, scientific form as a power of ten."""
    text = f"{v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return text


def latex_lr_solutions(w_zero, w_rand) -> str:
    """Both logistic-regression solutions p = sigma(w1 x1 + w2 x2 + b), numbers plugged in.

    Parameters
    ----------
    w_zero, w_rand : sequence of 3 floats
        (w1, w2, b) at the end of the zero-start and random-start runs.
    """
    rows = []
    for name, (w1, w2, b) in (("zero start", w_zero), ("random start", w_rand)):
        rows.append(
            rf"\text{{{name}:}}\quad p(y{{=}}1\mid x) &= \sigma\big({_num(w1)}\,x_1"
            rf" {'+' if w2 >= 0 else '-'} {_num(abs(w2))}\,x_2"
            rf" {'+' if b >= 0 else '-'} {_num(abs(b))}\big)"
        )
    return r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}"


def latex_one_unit(
    width: int, activation: str, u1: float, u2: float, c: float, v: float, b2: float
) -> str:
    """The constant-init MLP collapsed to one hidden unit, numbers plugged in."""
    g = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\operatorname{relu}"}.get(
        activation, "g"
    )
    return (
        r"\begin{aligned}p(y{=}1\mid x) &= \sigma\Big(\sum_{j=1}^{d} w^{(2)}_{j1}\,"
        r" g\big(w^{(1)}_{1j}x_1 + w^{(1)}_{2j}x_2 + b^{(1)}_j\big) + b^{(2)}_1\Big)\\"
        rf" &= \sigma\big({width}\cdot {_num(v)}\cdot {g}({_num(u1)}\,x_1"
        rf" {'+' if u2 >= 0 else '-'} {_num(abs(u2))}\,x_2"
        rf" {'+' if c >= 0 else '-'} {_num(abs(c))})"
        rf" {'+' if b2 >= 0 else '-'} {_num(abs(b2))}\big)\end{{aligned}}"
    )


def latex_hessian(H, eig) -> str:
    """Logistic regression's Hessian in closed form with its numbers and eigenvalues.

    Parameters
    ----------
    H : ndarray of shape (3, 3)
    eig : ndarray of shape (3,), ascending
    """
    body = r"\\ ".join(" & ".join(_num(float(v)) for v in row) for row in np.asarray(H))
    low = float(eig[0])
    tiny = low < 0 and abs(low) <= 1e-12 * max(1.0, float(eig[-1]))  # round-off below 0
    tail = r"\lambda_{\min} \approx 0" if tiny else rf"\lambda_{{\min}} = {_num(low)} \ge 0"
    hessian = r"\nabla^2 L = \frac{1}{n}\sum_{k=1}^{n} p_k(1-p_k)\,\tilde x_k \tilde x_k^{\top}"
    matrix = r"\begin{pmatrix}" + body + r"\end{pmatrix}"
    return rf"\begin{{gathered}}{hessian} = {matrix}\\ {tail}\end{{gathered}}"
