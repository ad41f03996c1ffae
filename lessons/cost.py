"""What a full gradient costs: numerical differences, forward mode, backprop (the side note).

The models are the worksheet's, at size d:

- ``"2e"``: ``ell = 1/2 ||W2 (W1 x + b) - y||^2`` with d x d matrices W1, W2
  (Phi = identity); the gradient is taken over the P = 2 d^2 entries of W1, W2.
- ``"2b"``: ``f = (y - sum_i sigma(w_i^T x + b_i))^2`` with n = d sigmoid units,
  so W is d x d too; the gradient is taken over its P = d^2 entries.

One loss evaluation costs O(d^2). Any method that pays one pass per
parameter entry costs P x O(d^2) = O(d^4): the forward difference (one loss
evaluation per entry) and forward-mode differentiation (one core.graph.jvp
per entry, exact but just as many passes). Reverse mode (backprop) gets all P
derivatives from one backward pass: O(d^2).

Two measures per d:

- a COUNTED cost, deterministic, per node of the core.graph graph: a matrix
  product (m, k) @ (k, p) costs m k p, an elementwise op one per element of
  its largest operand. Its backward costs that once per parent (a matrix
  product 2 m k p), and so does its tangent rule in a forward-mode pass
  (``dA B + A dB``), paid by every node that depends on a seeded leaf.
  Accumulating contributions is not counted, in either direction;
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
    "METHODS", "MODELS", "CostPoint", "best_eps", "d_grid", "eps_errors", "fit_slope",
    "forward_mode_gradient", "graph_ops", "loss_graph", "loss_graph_2b", "loss_graph_2e",
    "measure_cost", "tangent_ops",
]  # fmt: skip

MODELS = ("2e", "2b")
METHODS = ("numeric", "forward", "backprop")  # CostPoint field prefixes, in chart order


def _problem_2e(d: int, seed: int):
    rng = np.random.default_rng(int(seed))
    W1 = rng.normal(0.0, 1.0 / np.sqrt(d), (d, d))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(d), (d, d))
    b, x, y = rng.normal(0.0, 0.1, d), rng.normal(size=d), rng.normal(size=d)
    return W1, W2, b, x, y


def _problem_2b(d: int, n: int, seed: int):
    """W (n, d) ~ N(0, 1/d) (so z stays O(1) at any d), b ~ N(0, 0.01), y in (0.1 n, 0.9 n)."""
    rng = np.random.default_rng(int(seed))
    W = rng.normal(0.0, 1.0 / np.sqrt(d), (n, d))
    b, x = rng.normal(0.0, 0.1, n), rng.normal(size=d)
    return W, b, x, float(rng.uniform(0.1, 0.9) * n)


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


def loss_graph_2b(W, b, x, y):
    """The 2b loss ``(y - sum sigma(W x + b))^2`` as a core.graph graph: (f, W leaf)."""
    vw = graph.Var(W, "W")
    z = vw @ graph.Var(x, "x") + graph.Var(b, "b")
    r = graph.Var(float(y), "y") - graph.sigmoid(z).sum()
    return r * r, vw


@dataclass(frozen=True)
class _Setup:
    """One model at size d: flat parameters, the numpy loss of them, the graph builder."""

    theta: np.ndarray
    ell: Callable[[np.ndarray], float]
    build: Callable[[], tuple]  # -> (output Var, [leaf Vars in theta's order])


def _setup(model: str, d: int, seed: int) -> _Setup:
    if model == "2e":
        W1, W2, b, x, y = _problem_2e(d, seed)
        half = d * d

        def ell(theta: np.ndarray) -> float:
            r = theta[half:].reshape(d, d) @ (theta[:half].reshape(d, d) @ x + b) - y
            return 0.5 * float(r @ r)

        def build():
            out, v1, v2 = loss_graph_2e(W1, W2, b, x, y)
            return out, [v1, v2]

        return _Setup(np.concatenate([W1.ravel(), W2.ravel()]), ell, build)
    if model == "2b":
        W, b, x, y = _problem_2b(d, d, seed)

        def ell(theta: np.ndarray) -> float:
            r = y - float((0.5 + 0.5 * np.tanh(0.5 * (theta.reshape(d, d) @ x + b))).sum())
            return r * r

        def build():
            out, vw = loss_graph_2b(W, b, x, y)
            return out, [vw]

        return _Setup(W.ravel().copy(), ell, build)
    raise ValueError(f"model must be one of {list(MODELS)}, got {model!r}")


def loss_graph(model: str, d: int, seed: int = 0):
    """The measured model's graph at size d: (output Var, list of differentiated leaves)."""
    return _setup(model, int(d), seed).build()


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
    """Counted operations (forward, backward) of the graph ending at the Var ``out``."""
    counts = [_node_ops(v) for v in out.topo()]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def tangent_ops(out, active) -> int:
    """Counted operations of one forward-mode (tangent) pass with tangents on ``active``.

    As core.graph.jvp works: a node whose inputs all have structurally zero
    tangents is skipped; any other node applies its whole tangent rule (zeros
    filled in for the inactive inputs), which costs what its backward rule
    costs: a matrix product (m, k) @ (k, p) 2 m k p (``dA B + A dB``), an
    elementwise op one per element of its largest operand and per input.

    Parameters
    ----------
    out : core.graph.Var
    active : iterable of core.graph.Var
        The leaves that carry a tangent in this pass.
    """
    live = {id(v) for v in active}
    total = 0
    for v in out.topo():
        if v.parents and any(id(p) in live for p in v.parents):
            live.add(id(v))
            total += _node_ops(v)[1]
    return total


def forward_mode_gradient(out, leaves) -> tuple[np.ndarray, int]:
    """The whole gradient by forward mode: one core.graph.jvp per parameter entry.

    ``core.graph.jvp_all`` seeds a one-hot tangent on each entry of a leaf in
    turn (the other leaves carry none) and reads off d out / d entry.

    Returns
    -------
    grad : ndarray of shape (P,)
        Entries in the order of ``leaves``, each raveled.
    passes : int
        The jvp passes made (P).
    """
    parts, passes = [], 0
    for leaf in leaves:
        jac, n = graph.jvp_all(out, leaf)
        parts.append(np.asarray(jac, float).ravel())
        passes += int(n)
    return np.concatenate(parts), passes


@dataclass(frozen=True)
class CostPoint:
    """The three gradients of one model at one size d.

    ``<method>_ops`` are counted operations (module notes), ``<method>_seconds``
    the best wall time of the repeats, for method in numeric, forward, backprop.
    ``params`` is P, the entries differentiated; ``numeric_evals`` the loss
    evaluations of the forward difference (P + 1); ``forward_passes`` the jvp
    passes of forward mode (P), ``forward_timed`` those actually run and timed
    (see measure_cost). ``max_diff`` is the largest |numerical - backprop|
    entry (about eps); ``forward_rel_diff`` the largest |forward - backprop|
    entry over the largest |backprop| entry (round-off only: both are exact).
    """

    d: int
    numeric_evals: int
    numeric_ops: int
    numeric_seconds: float
    backprop_ops: int
    backprop_seconds: float
    max_diff: float
    model: str
    params: int
    forward_passes: int
    forward_ops: int
    forward_seconds: float
    forward_rel_diff: float
    forward_timed: int


def _best_time(fn: Callable[[], object], repeats: int, budget: float = 0.5):
    """Best wall time of up to ``repeats`` calls (fewer once ``budget`` seconds are spent)."""
    best, result, spent = float("inf"), None, 0.0
    for _ in range(max(1, int(repeats))):
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best, result


def _forward_mode_timed(s: _Setup, sample: int | None, repeats: int):
    """Forward mode's wall time for the whole gradient: (seconds, entries, their indices).

    With ``sample`` set and P above it, only ``sample`` passes run (the first
    entries of each leaf, in proportion to its size): a pass over one leaf does
    the same work whatever entry is seeded, so the whole gradient takes each
    leaf's mean pass time times its size.
    """
    out, leaves = s.build()
    sizes = [leaf.value.size for leaf in leaves]
    if sample is None or sum(sizes) <= sample:
        seconds, (grad, _) = _best_time(lambda: forward_mode_gradient(*s.build()), repeats)
        return seconds, grad, np.arange(sum(sizes))
    seconds, grads, index, start = 0.0, [], [], 0
    for leaf, size in zip(leaves, sizes, strict=True):
        k = max(1, round(sample * size / sum(sizes)))
        seed = np.zeros(size)

        def passes(leaf=leaf, seed=seed, k=k):
            values = []
            for i in range(k):
                seed[i] = 1.0
                values.append(float(graph.jvp(out, {leaf: seed.reshape(leaf.value.shape)})))
                seed[i] = 0.0
            return values

        took, values = _best_time(passes, repeats)
        seconds += took / k * size
        grads += values
        index += range(start, start + k)
        start += size
    return seconds, np.array(grads), np.array(index)


def measure_cost(d: int, *, model: str = "2e", seed: int = 0, repeats: int = 3,
                 eps: float = 1e-6, forward_sample: int | None = 64) -> CostPoint:  # fmt: skip
    """Time and count the three full gradients of ``model`` at size d.

    Numerical: core.gradcheck.numerical_gradient (forward differences) over
    the P entries as one flat vector. Forward mode: build the core.graph
    graph once, then P jvp passes (:func:`forward_mode_gradient`); above
    ``forward_sample`` entries, its wall time is timed on that many passes and
    scaled to all P (see :func:`_forward_mode_timed`; None times every pass),
    its counted operations are always those of all P passes. Backprop: build
    the graph and call backward() once.
    """
    d = int(d)
    if d < 1:
        raise ValueError(f"d must be >= 1, got {d}")
    s = _setup(model, d, seed)
    t_num, (g_num, evals) = _best_time(lambda: numerical_gradient(s.ell, s.theta, eps=eps), repeats)

    def backprop():
        out, leaves = s.build()
        out.backward()
        return out, leaves, np.concatenate([v.grad.ravel() for v in leaves])

    t_bp, (out, leaves, g_bp) = _best_time(backprop, max(3, 2 * int(repeats)))
    t_fw, g_fw, index = _forward_mode_timed(s, forward_sample, min(int(repeats), 2))
    forward, backward = graph_ops(out)
    tangents = sum(tangent_ops(out, [leaf]) * leaf.value.size for leaf in leaves)
    scale = max(float(np.max(np.abs(g_bp))), np.finfo(float).tiny)
    return CostPoint(
        d=d,
        numeric_evals=int(evals),
        # each forward difference: one loss evaluation, then a subtraction and a division
        numeric_ops=int(evals * forward + 2 * s.theta.size),
        numeric_seconds=float(t_num),
        backprop_ops=int(forward + backward),
        backprop_seconds=float(t_bp),
        max_diff=float(np.max(np.abs(g_num - g_bp))),
        model=model,
        params=int(s.theta.size),
        forward_passes=int(s.theta.size),
        forward_ops=int(forward + tangents),  # the values once, then one tangent pass per entry
        forward_seconds=float(t_fw),
        forward_rel_diff=float(np.max(np.abs(g_fw - g_bp[index])) / scale),
        forward_timed=int(index.size),
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

    ``d`` and ``cost`` are array_like of shape (m,); non-positive costs are
    skipped; ``d_from`` fits only the large-d end, where the leading power
    dominates. Returns (slope, natural-log intercept): cost ~ exp(intercept)
    d^slope; NaN when fewer than two points are usable.
    """
    d, cost = np.asarray(d, float), np.asarray(cost, float)
    keep = (d >= d_from) & (cost > 0) & np.isfinite(cost) & (d > 0)
    if keep.sum() < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(d[keep]), np.log(cost[keep]), 1)
    return float(slope), float(intercept)


def eps_errors(d: int = 3, seed: int = 0, eps=None, phi: str = "tanh", *, model: str = "2e",
               n: int | None = None):  # fmt: skip
    """Error of forward and central differences against the exact gradient.

    2e: over W1 and W2 of ``1/2 ||W2 Phi(W1 x + b) - y||^2``. With Phi =
    identity the loss is quadratic in each weight and the central difference
    would have no truncation error at all, so the default is tanh. 2b: over W
    (n x d, n defaults to d) of ``(y - sum sigma(W x + b))^2`` (``phi`` unused).

    ``eps`` (array_like of shape (k,)) defaults to 45 log-spaced step sizes
    from 1e-12 to 1e-1. Returns eps and the forward and central errors, each
    of shape (k,): the largest absolute error over all entries.
    """
    eps = np.logspace(-12, -1, 45) if eps is None else np.asarray(eps, float)
    d = int(d)
    if model == "2b":
        W, b, x, y = _problem_2b(d, int(n or d), seed)
        exact = ws.grads_2c(W, b, x, y)["dW"].ravel()
        theta = W.ravel().copy()

        def ell(theta: np.ndarray) -> float:
            return ws.loss_2c(theta.reshape(W.shape), b, x, y)

    elif model == "2e":
        W1, W2, b, x, y = _problem_2e(d, seed)
        exact = ws.grads_2e(W1, W2, b, x, y, phi)
        exact = np.concatenate([exact["dW1"].ravel(), exact["dW2"].ravel()])
        half = W1.size
        theta = np.concatenate([W1.ravel(), W2.ravel()])

        def ell(theta: np.ndarray) -> float:
            return ws.loss_2e(
                theta[:half].reshape(W1.shape), theta[half:].reshape(W2.shape), b, x, y, phi
            )

    else:
        raise ValueError(f"model must be one of {list(MODELS)}, got {model!r}")
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
