"""Worksheet 2a, 2b/2c and 2e as computation graphs, and a typed formula's graph.

Every builder returns an :class:`Example`: the graph (already differentiated),
its differentiable leaves by name, the worksheet's closed-form gradients where
the worksheet gives them, and a ``rebuild`` function that recomputes the output
from new leaf values (finite differences use it). Values drawn from a seed are
rounded to two decimals so they are easy to read off a projector.

Conventions: 2b uses rows ``w_i`` of ``W`` (shape (n, d)); 2e uses the
column-vector convention ``W x`` (W is "to x from").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core import graph
from core.gradcheck import numerical_gradient
from core.graph import Var
from lessons.chain_rule.derivatives import F_FUNCTIONS, G_FUNCTIONS, chain, grad_2a
from lessons.closed_forms import grads_2c, grads_2e

__all__ = [
    "PHI_CHOICES",
    "Check",
    "Example",
    "build_2a",
    "build_2b",
    "build_2e",
    "build_formula",
    "drawn",
    "verify",
]


PHI_CHOICES = ("identity", "sigmoid", "tanh", "relu")


@dataclass
class Example:
    """A built, differentiated graph and what the page checks it against.

    Attributes
    ----------
    out : Var
        The output (one number); ``backward_steps`` has been run.
    steps : list of core.graph.BackwardStep
        The reverse walk, one step per node.
    leaves : dict of str to Var
        The differentiable inputs, by name.
    rebuild : callable, dict of str to ndarray -> Var
        The same graph from new leaf values (forward only).
    closed : dict of str to ndarray
        Closed-form gradients from the worksheet, where it gives one.
    """

    out: Var
    steps: list
    leaves: dict[str, Var]
    rebuild: Callable[[dict[str, np.ndarray]], Var]
    closed: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, np.ndarray]:
        return {k: v.value for k, v in self.leaves.items()}


def drawn(seed: int, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Standard-normal values rounded to 2 decimals, fixed by ``seed`` and ``name``.

    Parameters
    ----------
    seed : int
    name : str
        The variable's name, so each variable keeps its values when others change.
    shape : tuple of int

    Returns
    -------
    ndarray of the given shape
    """
    key = [int(seed) & 0xFFFFFFFF, *(ord(c) for c in name)]
    return np.round(np.random.default_rng(key).normal(0.0, 1.0, shape), 2)


def name_nodes(out: Var, prefix: str = "v") -> None:
    """Give every unnamed op node a short name ``v1, v2, ...`` (topological order)."""
    nodes = out.topo()
    taken = {node.name for node in nodes if node.name}
    count = 0
    for node in nodes:
        if node.parents and not node.name:
            count += 1
            while f"{prefix}{count}" in taken:
                count += 1
            node.name = f"{prefix}{count}"


def _finish(out: Var, leaves, rebuild, closed=None) -> Example:
    name_nodes(out)
    steps = out.backward_steps()
    return Example(out, steps, dict(leaves), rebuild, dict(closed or {}))


# ---------------------------------------------------------------- 2a


def _graph_2a(gs: tuple[str, ...], f: str, w: float) -> tuple[Var, Var]:
    wv = Var(w, "w")
    xs = []
    for i, g in enumerate(gs, start=1):
        x = G_FUNCTIONS[g].build(wv)
        x.name = f"x{i}"
        xs.append(x)
    out = F_FUNCTIONS[f].build(xs)
    out.name = "f"
    return out, wv


def build_2a(gs: tuple[str, ...], f: str = "sum", w: float = 0.5) -> Example:
    """2a: ``f(g_1(w), ..., g_n(w))``; ``gs`` are keys of :data:`G_FUNCTIONS`."""
    if not 1 <= len(gs) <= 5:
        raise ValueError(f"2a takes 1 to 5 inner functions, got {len(gs)}")
    out, wv = _graph_2a(gs, f, w)
    return _finish(
        out,
        {"w": wv},
        lambda v: _graph_2a(gs, f, float(v["w"]))[0],
        {"w": np.array(grad_2a(gs, f, w))},
    )


# ---------------------------------------------------------------- 2b / 2c


def _graph_2b(v: Mapping[str, np.ndarray], n: int, per_unit: bool) -> tuple[Var, dict]:
    x, y = Var(v["x"], "x"), Var(v["y"], "y")
    if per_unit:
        leaves = {}
        terms = []
        for i in range(1, n + 1):
            wi, bi = Var(v[f"w{i}"], f"w{i}"), Var(v[f"b{i}"], f"b{i}")
            z = wi @ x + bi
            z.name = f"z{i}"
            s = graph.sigmoid(z)
            s.name = f"s{i}"
            terms.append(s)
            leaves.update({f"w{i}": wi, f"b{i}": bi})
        total = chain(terms, Var.__add__)
    else:
        W, b = Var(v["W"], "W"), Var(v["b"], "b")
        z = W @ x + b
        z.name = "z"
        s = graph.sigmoid(z)
        s.name = "s"
        total = s.sum()
        leaves = {"W": W, "b": b}
    total.name = "sum"
    r = y - total
    r.name = "r"
    out = r**2
    out.name = "f"
    return out, {**leaves, "x": x, "y": y}


def values_2b(n: int, d: int, seed: int, y: float) -> dict[str, np.ndarray]:
    """Seeded W (n, d), b (n,), x (d,) and the given y (0-d)."""
    return {
        "W": drawn(seed, "W", (n, d)),
        "b": drawn(seed, "b", (n,)),
        "x": drawn(seed, "x", (d,)),
        "y": np.array(float(y)),
    }


def build_2b(n: int, d: int, seed: int = 0, y: float = 1.5, per_unit: bool = True) -> Example:
    """2b/2c: ``f = (y - sum_i sigma(w_i^T x + b_i))^2`` with W (n, d) from ``seed``.

    ``per_unit`` draws one node per unit (leaves ``w1..wn``, ``b1..bn``, as in the
    worksheet's graph); otherwise W and b are single matrix/vector leaves.
    """
    v = values_2b(n, d, seed, y)
    c = grads_2c(v["W"], v["b"], v["x"], float(y))
    if per_unit:
        for i in range(n):
            v[f"w{i + 1}"], v[f"b{i + 1}"] = v["W"][i], v["b"][i]
        closed = {f"w{i + 1}": c["dW"][i] for i in range(n)}
        closed |= {f"b{i + 1}": np.array(c["db"][i]) for i in range(n)}
        del v["W"], v["b"]
    else:
        closed = {"W": c["dW"], "b": c["db"]}
    out, leaves = _graph_2b(v, n, per_unit)
    return _finish(out, leaves, lambda new: _graph_2b(new, n, per_unit)[0], closed)


# ---------------------------------------------------------------- 2e


def _graph_2e(v: Mapping[str, np.ndarray], phi: str) -> tuple[Var, dict]:
    leaves = {k: Var(v[k], k) for k in ("W1", "x", "b", "W2", "y")}
    x1 = leaves["W1"] @ leaves["x"] + leaves["b"]
    x1.name = "x1"
    x2 = x1 if phi == "identity" else graph.FUNCTIONS[phi](x1)
    if phi != "identity":
        x2.name = "x2"
    x3 = leaves["W2"] @ x2
    x3.name = "x3"
    x4 = x3 - leaves["y"]
    x4.name = "x4"
    out = 0.5 * (x4**2).sum()
    out.name = "ell"
    return out, leaves


def values_2e(d: int, seed: int) -> dict[str, np.ndarray]:
    """Seeded W1, W2 (d, d), b, x, y (d,)."""
    shapes = {"W1": (d, d), "W2": (d, d), "b": (d,), "x": (d,), "y": (d,)}
    return {k: drawn(seed, k, s) for k, s in shapes.items()}


def build_2e(d: int, phi: str = "tanh", seed: int = 0) -> Example:
    """2e: ``ell = 1/2 ||W2 Phi(W1 x + b) - y||^2`` with d x d matrices from ``seed``."""
    if phi not in PHI_CHOICES:
        raise ValueError(f"unknown Phi {phi!r}; choose one of {PHI_CHOICES}")
    v = values_2e(d, seed)
    c = grads_2e(v["W1"], v["W2"], v["b"], v["x"], v["y"], phi)
    out, leaves = _graph_2e(v, phi)
    closed = {"W1": c["dW1"], "W2": c["dW2"], "b": c["db"], "x": c["dx"]}
    return _finish(out, leaves, lambda new: _graph_2e(new, phi)[0], closed)


# ---------------------------------------------------------------- typed formula


def build_formula(text: str, values: Mapping[str, np.ndarray]) -> Example:
    """A typed formula over named values, parsed by :func:`core.expr.parse`.

    Raises
    ------
    core.expr.ExpressionError
        For a formula parse rejects.
    ValueError
        When the result is not one number (backward needs a scalar output).
    """
    from core.expr import parse

    def rebuild(new: Mapping[str, np.ndarray]) -> Var:
        return parse(text, {k: Var(a, k) for k, a in new.items()})

    leaves = {k: Var(a, k) for k, a in values.items()}
    out = parse(text, leaves)
    if out.value.size != 1:
        raise ValueError(
            f"the formula gives an array of shape {out.shape}, not one number: "
            "wrap it in sum(...) to differentiate it"
        )
    if out.parents and "f" not in values:
        out.name = "f"
    used = {id(n) for n in out.topo()}
    return _finish(out, {k: v for k, v in leaves.items() if id(v) in used}, rebuild)


# ---------------------------------------------------------------- checks


class Check(NamedTuple):
    """One row of the verification table."""

    name: str
    graph: np.ndarray
    closed: np.ndarray | None
    numeric: np.ndarray


def verify(example: Example, eps: float = 1e-6) -> list[Check]:
    """Each leaf's gradient from the graph, the closed form and central differences.

    Parameters
    ----------
    example : Example
    eps : float
        Step of the central difference ``(f(v + eps) - f(v - eps)) / (2 eps)``.
    """
    values = example.values
    rows = []
    for name, leaf in example.leaves.items():

        def f(a, name=name):
            with np.errstate(all="ignore"):
                return float(example.rebuild({**values, name: a}).value)

        try:
            numeric, _ = numerical_gradient(f, values[name], eps=eps, method="central")
        except ValueError:  # eps too small for a huge entry: no estimate
            numeric = np.full_like(values[name], np.nan)
        rows.append(Check(name, leaf.grad.copy(), example.closed.get(name), numeric))
    return rows
