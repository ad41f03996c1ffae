"""Derivatives the chain-rule page writes out: worksheet 2a's pieces and each graph
op's local derivative as numbers.

2a: ``x_i = g_i(w)`` for i = 1..n and ``f = f(x_1, ..., x_n)``, so
``df/dw = sum_i (df/dx_i)(dx_i/dw)``. Every inner function g carries its
derivative beside it and every outer function f its partials, in registries
keyed by name (the names the page offers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from core import graph
from core.graph import Var

__all__ = [
    "F_FUNCTIONS",
    "G_FUNCTIONS",
    "FFunction",
    "GFunction",
    "chain",
    "grad_2a",
    "local_derivative",
    "paths_2a",
]


class GFunction(NamedTuple):
    """An inner function ``x_i = g(w)`` of 2a: LaTeX (with ``w``), graph op, numpy g and g'."""

    tex: str
    build: Callable[[Var], Var]
    fn: Callable[[float], float]
    der: Callable[[float], float]


def _sig(w):
    return 0.5 * (1.0 + np.tanh(0.5 * w))


G_FUNCTIONS: dict[str, GFunction] = {
    "square": GFunction("w^2", lambda w: w**2, lambda w: w * w, lambda w: 2 * w),
    "cube": GFunction("w^3", lambda w: w**3, lambda w: w**3, lambda w: 3 * w * w),
    "exp": GFunction("e^{w}", graph.exp, np.exp, np.exp),
    "tanh": GFunction(r"\tanh w", graph.tanh, np.tanh, lambda w: 1 - np.tanh(w) ** 2),
    "sigmoid": GFunction(r"\sigma(w)", graph.sigmoid, _sig, lambda w: _sig(w) * (1 - _sig(w))),
    "double": GFunction("2w", lambda w: 2 * w, lambda w: 2 * w, lambda w: 2.0 + 0 * w),
    "negate": GFunction("-w", lambda w: -w, lambda w: -w, lambda w: -1.0 + 0 * w),
    "relu": GFunction(r"\max(0, w)", graph.relu, lambda w: max(w, 0.0), lambda w: float(w > 0)),
}


class FFunction(NamedTuple):
    """The outer function ``f(x_1..x_n)`` of 2a: LaTeX, graph builder, numpy partials."""

    tex: str
    build: Callable[[list[Var]], Var]
    partials: Callable[[np.ndarray], np.ndarray]


def chain(xs: list[Var], op: Callable[[Var, Var], Var]) -> Var:
    """Fold ``op`` over the Vars left to right: ``op(op(x1, x2), x3)...``."""
    out = xs[0]
    for x in xs[1:]:
        out = op(out, x)
    return out


def _product_partials(x: np.ndarray) -> np.ndarray:
    return np.array([np.prod(np.delete(x, i)) for i in range(x.size)])


F_FUNCTIONS: dict[str, FFunction] = {
    "sum": FFunction(r"x_1 + \dots + x_n", lambda xs: chain(xs, Var.__add__), np.ones_like),
    "product": FFunction(r"x_1 \cdots x_n", lambda xs: chain(xs, Var.__mul__), _product_partials),
    "sum of squares": FFunction(
        r"x_1^2 + \dots + x_n^2",
        lambda xs: chain([x**2 for x in xs], Var.__add__),
        lambda x: 2 * x,
    ),
}


def paths_2a(gs: tuple[str, ...], f: str, w: float) -> tuple[np.ndarray, np.ndarray]:
    """The n path factors of 2a in closed form: ``df/dx_i`` and ``dx_i/dw``.

    Returns
    -------
    df_dx : ndarray of shape (n,)
    dx_dw : ndarray of shape (n,)
    """
    x = np.array([G_FUNCTIONS[g].fn(w) for g in gs], dtype=np.float64)
    dx_dw = np.array([G_FUNCTIONS[g].der(w) for g in gs], dtype=np.float64)
    return F_FUNCTIONS[f].partials(x).astype(np.float64), dx_dw


def grad_2a(gs: tuple[str, ...], f: str, w: float) -> float:
    """Worksheet 2a: ``df/dw = sum_i (df/dx_i)(dx_i/dw)``."""
    df_dx, dx_dw = paths_2a(gs, f, w)
    return float(df_dx @ dx_dw)


def local_derivative(node: Var, index: int) -> np.ndarray | None:
    """Elementwise local derivative ``d node / d parent`` as numbers, or None.

    None for ops whose Jacobian is not elementwise (``@``, transpose). The
    result has the node's (broadcast) shape; ``sum`` gives ones of the input's.
    """
    op = node.op
    vals = [p.value for p in node.parents]
    y = node.value
    with np.errstate(all="ignore"):
        if op == "+":
            return np.ones_like(y)
        if op == "-":
            return np.full_like(y, 1.0 if index == 0 else -1.0)
        if op == "*":
            return np.broadcast_to(vals[1 - index], y.shape).astype(np.float64)
        if op == "/":
            a, b = vals
            out = 1.0 / b if index == 0 else -a / b**2
            return np.broadcast_to(out, y.shape).astype(np.float64)
        if op.startswith("**"):
            p = float(getattr(node, "_exponent", float(op[2:])))
            return np.zeros_like(y) if p == 0 else p * vals[0] ** (p - 1)
        simple = {
            "neg": lambda: -np.ones_like(y),
            "sum": lambda: np.ones_like(vals[0]),
            "sigmoid": lambda: y * (1 - y),
            "tanh": lambda: 1 - y**2,
            "relu": lambda: (vals[0] > 0).astype(np.float64),
            "exp": lambda: y.copy(),
            "log": lambda: 1.0 / vals[0],
        }
        return simple[op]() if op in simple else None
