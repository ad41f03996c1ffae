"""What numerical gradients cost compared with backprop (the worksheet's side note).

For the 2e network with d x d matrices W1, W2 (Phi = identity) one loss
evaluation costs about 2 d^2 multiply-adds. The forward-difference gradient
over W1 and W2 needs 2 d^2 + 1 evaluations, so about 4 d^4 operations;
backpropagation needs one forward and one backward pass, about 6 d^2.

Two measures, both per d:

- a COUNTED cost, deterministic: the operations of each node of the
  core.graph computation graph (a matrix product (m, k) @ (k, p) costs m k p,
  an elementwise op one per element; its backward twice / once that), times
  the loss evaluations that core.gradcheck.numerical_gradient really made;
- the wall time (best of a few repeats), which at small d is dominated by
  Python's fixed overhead per call rather than by arithmetic.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core import graph
from core.gradcheck import numerical_gradient
from lessons import closed_forms as ws

__all__ = [
    "CostPoint",
    "best_eps",
    "d_grid",
    "eps_errors",
    "fit_slope",
    "graph_ops",
    "loss_graph_2e",
    "measure_cost",
]


def _problem_2e(d: int, seed: int):
    rng = np.random.default_rng(int(seed))
    W1 = rng.normal(0.0, 1.0 / np.sqrt(d), (d, d))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(d), (d, d))
    b, x, y = rng.normal(0.0, 0.1, d), rng.normal(size=d), rng.normal(size=d)
    return W1, W2, b, x, y


def loss_graph_2e(W1, W2, b, x, y, phi: str = "identity"):
    """The 2e loss as a core.graph graph: returns (ell, W1 leaf, W2 leaf).

    ``ell = 1/2 ||W2 Phi(W1 x + b) - y||^2``; ``phi`` is "identity" or a
    function name of core.graph (sigmoid, tanh, relu).
    """
    v1, v2 = graph.Var(W1, "W1"), graph.Var(W2, "W2")
    x1 = v1 @ graph.Var(x, "x") + graph.Var(b, "b")
    x2 = x1 if phi == "identity" else graph.FUNCTIONS[phi](x1)
    x4 = v2 @ x2 - graph.Var(y, "y")
    return 0.5 * (x4 * x4).sum(), v1, v2


def _node_ops(v) -> tuple[int, int]:
    """(forward, backward) operation counts of one graph node."""
    if not v.parents:
        return 0, 0
    if v.op == "@":
        a, b = (p.value for p in v.parents)
        m = a.shape[0] if a.ndim == 2 else 1
        k = a.shape[-1]
        p = b.shape[1] if b.ndim == 2 else 1
        return m * k * p, 2 * m * k * p
    size = max(v.value.size, *(p.value.size for p in v.parents))
    return size, size * len(v.parents)


def graph_ops(out) -> tuple[int, int]:
    """Counted operations of a graph's forward and backward pass.

    Parameters
    ----------
    out : core.graph.Var
        The output node.

    Returns
    -------
    forward, backward : int
    """
    counts = [_node_ops(v) for v in out.topo()]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


@dataclass(frozen=True)
class CostPoint:
    """Both gradients of the 2e loss at one size d.

    Attributes
    ----------
    d : int
    numeric_evals : int
        Loss evaluations the forward difference made (2 d^2 + 1).
    numeric_ops, backprop_ops : int
        Counted operations (see module notes).
    numeric_seconds, backprop_seconds : float
        Best wall time of the repeats.
    max_diff : float
        Largest |numerical - backprop| entry (the two must agree).
    """

    d: int
    numeric_evals: int
    numeric_ops: int
    numeric_seconds: float
    backprop_ops: int
    backprop_seconds: float
    max_diff: float


def _best_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(max(1, int(repeats))):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure_cost(d: int, *, seed: int = 0, repeats: int = 3, eps: float = 1e-6) -> CostPoint:
    """Time and count the forward-difference and the backprop gradient at size d.

    The numerical gradient runs core.gradcheck.numerical_gradient over the
    2 d^2 entries of W1 and W2 (one flat vector); backprop builds the core.graph
    graph and calls backward().
    """
    d = int(d)
    if d < 1:
        raise ValueError(f"d must be >= 1, got {d}")
    W1, W2, b, x, y = _problem_2e(d, seed)
    half = d * d

    def ell(theta: np.ndarray) -> float:
        r = theta[half:].reshape(d, d) @ (theta[:half].reshape(d, d) @ x + b) - y
        return 0.5 * float(r @ r)

    theta = np.concatenate([W1.ravel(), W2.ravel()])
    t_num, (g_num, evals) = _best_time(lambda: numerical_gradient(ell, theta, eps=eps), repeats)

    def backprop():
        out, v1, v2 = loss_graph_2e(W1, W2, b, x, y)
        out.backward()
        return out, np.concatenate([v1.grad.ravel(), v2.grad.ravel()])

    t_bp, (out, g_bp) = _best_time(backprop, max(3, 2 * int(repeats)))
    forward, backward = graph_ops(out)
    # each forward difference: one loss evaluation, then a subtraction and a division
    numeric_ops = evals * forward + 2 * theta.size
    return CostPoint(
        d=d,
        numeric_evals=int(evals),
        numeric_ops=int(numeric_ops),
        numeric_seconds=float(t_num),
        backprop_ops=int(forward + backward),
        backprop_seconds=float(t_bp),
        max_diff=float(np.max(np.abs(g_num - g_bp))),
    )


def d_grid(d_max: int, points: int = 12, d_min: int = 2) -> tuple[int, ...]:
    """Sizes from d_min to d_max, roughly evenly spaced on a log axis (unique ints)."""
    d_max, d_min = int(d_max), int(d_min)
    if d_max < d_min or d_min < 1:
        raise ValueError(f"need 1 <= d_min <= d_max, got d_min={d_min}, d_max={d_max}")
    grid = np.unique(np.round(np.geomspace(d_min, d_max, max(2, int(points)))).astype(int))
    return tuple(int(v) for v in grid)


def fit_slope(d, cost, d_from: float = 0.0) -> tuple[float, float]:
    """Least-squares line ``log cost = slope log d + intercept`` over d >= d_from.

    Parameters
    ----------
    d, cost : array_like of shape (m,)
        Positive sizes and costs (non-positive costs are skipped).
    d_from : float
        Fit only the large-d end, where the leading power dominates.

    Returns
    -------
    slope, intercept : float
        Natural-log intercept: cost ~ exp(intercept) d^slope. NaN when fewer
        than two usable points.
    """
    d, cost = np.asarray(d, float), np.asarray(cost, float)
    keep = (d >= d_from) & (cost > 0) & np.isfinite(cost) & (d > 0)
    if keep.sum() < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(d[keep]), np.log(cost[keep]), 1)
    return float(slope), float(intercept)


def eps_errors(d: int = 3, seed: int = 0, eps=None, phi: str = "tanh"):
    """Error of forward and central differences against the exact 2e gradient.

    The gradient is over W1 and W2 of ``1/2 ||W2 Phi(W1 x + b) - y||^2``. With
    Phi = identity the loss is quadratic in each weight and the central
    difference would have no truncation error at all, so the default is tanh.

    Parameters
    ----------
    d : int
    seed : int
    eps : array_like of shape (k,), optional
        Step sizes; default 45 values from 1e-12 to 1e-1 (log-spaced).
    phi : str

    Returns
    -------
    eps : ndarray of shape (k,)
    forward, central : ndarray of shape (k,)
        Largest absolute error over all entries.
    """
    eps = np.logspace(-12, -1, 45) if eps is None else np.asarray(eps, float)
    W1, W2, b, x, y = _problem_2e(int(d), seed)
    exact = ws.grads_2e(W1, W2, b, x, y, phi)
    exact = np.concatenate([exact["dW1"].ravel(), exact["dW2"].ravel()])
    half = W1.size

    def ell(theta: np.ndarray) -> float:
        return ws.loss_2e(
            theta[:half].reshape(W1.shape), theta[half:].reshape(W2.shape), b, x, y, phi
        )

    theta = np.concatenate([W1.ravel(), W2.ravel()])
    errors = {"forward": [], "central": []}
    for e in eps:
        for method, out in errors.items():
            grad, _ = numerical_gradient(ell, theta, eps=float(e), method=method)
            out.append(float(np.max(np.abs(grad - exact))))
    return eps, np.array(errors["forward"]), np.array(errors["central"])


def best_eps(eps, errors) -> tuple[float, float]:
    """The step size with the smallest finite error, and that error."""
    eps, errors = np.asarray(eps, float), np.asarray(errors, float)
    ok = np.isfinite(errors)
    if not ok.any():
        return float("nan"), float("nan")
    i = int(np.argmin(np.where(ok, errors, np.inf)))
    return float(eps[i]), float(errors[i])
