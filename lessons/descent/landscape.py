"""Loss landscapes and decision maps for worksheet 1g (logistic regression vs MLP).

- A probability map p(y=1 | x) over a grid of the 2-D input plane, for one
  Params or a whole list (one map per recorded training step), and the points
  where it crosses 0.5 (the decision boundary).
- Accuracy of a binary classifier with a sigmoid output.
- Parameter vectors: flatten, rebuild, interpolate, swap two hidden units.
- The mean loss along the straight line theta(t) = (1 - t) theta_0 + t theta_1,
  and its second differences (>= 0 everywhere for a convex loss).
- The Hessian of logistic regression's mean cross-entropy in closed form,
  H = (1/n) sum_k p_k (1 - p_k) x~_k x~_k^T with x~ = (x, 1): positive
  semi-definite, which is why its loss is convex.

Params and ``net`` are core.network's: ``params.W[l]`` of shape
(d[l-1], d[l]), ``params.b[l]`` of shape (d[l],), l = 1..L (index 0 is None).
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import dataclasses

import numpy as np


def grid_bounds(X, margin: float = 0.2) -> tuple[float, float, float, float]:
    """A box around the data with a margin, as (x_lo, x_hi, y_lo, y_hi).

    Parameters
    ----------
    X : ndarray of shape (n, 2)
    margin : float
        Added on each side, as a fraction of the larger of the two ranges
        (so a flat cloud still gets a usable box).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, 2) with n >= 1, got {X.shape}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * max(float(np.max(hi - lo)), 1e-3)
    return (float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad))


def grid_axes(bounds, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres along each axis.

    Parameters
    ----------
    bounds : (x_lo, x_hi, y_lo, y_hi)
    resolution : int, >= 2
        Cells per axis.

    Returns
    -------
    xs, ys : ndarray of shape (resolution,), centres of equal cells spanning the box.
    """
    if isinstance(resolution, bool) or int(resolution) != resolution or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    x_lo, x_hi, y_lo, y_hi = (float(v) for v in bounds)
    r = int(resolution)
    edges = (np.arange(r) + 0.5) / r
    return x_lo + (x_hi - x_lo) * edges, y_lo + (y_hi - y_lo) * edges


def grid_inputs(xs, ys) -> np.ndarray:
    """Every grid point as an input row, y outer, x inner.

    Returns
    -------
    ndarray of shape (len(ys) * len(xs), 2); row ``a * len(xs) + c`` is ``(xs[c], ys[a])``.
    """
    gx, gy = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def predict_proba(net, params, X) -> np.ndarray:
    """p(y=1 | x) for each row of X: the single output unit x_1^(L).

    Parameters
    ----------
    net : core.network.Network with one output unit (d_L = 1)
    params : core.network.Params
    X : ndarray of shape (n, d0)

    Returns
    -------
    ndarray of shape (n,)
    """
    out = net.forward(params, np.asarray(X, dtype=np.float64)).x[-1]
    if out.ndim != 2 or out.shape[1] != 1:
        raise ValueError(f"the network must have exactly one output unit, got {out.shape[1:]}")
    return out[:, 0]


def probability_map(net, params, xs, ys) -> np.ndarray:
    """p(y=1 | x) over the grid.

    Returns
    -------
    ndarray of shape (len(ys), len(xs)); ``P[a, c] = p(y=1 | (xs[c], ys[a]))``.
    """
    xs, ys = np.asarray(xs), np.asarray(ys)
    return predict_proba(net, params, grid_inputs(xs, ys)).reshape(len(ys), len(xs))


def probability_frames(net, params_list, xs, ys) -> np.ndarray:
    """One probability map per Params (e.g. per recorded training step).

    Returns
    -------
    ndarray of shape (len(params_list), len(ys), len(xs))
    """
    G = grid_inputs(xs, ys)
    shape = (len(ys), len(xs))
    if not params_list:
        return np.empty((0, *shape))
    return np.stack([predict_proba(net, p, G).reshape(shape) for p in params_list])


def boundary_points(xs, ys, P, level: float = 0.5) -> np.ndarray:
    """Where the map crosses ``level``: linear interpolation along grid edges.

    For every pair of horizontally or vertically neighbouring grid points
    whose values lie on opposite sides of ``level`` (one < level <= other),
    the crossing point on the segment between them. Drawn as dots, they trace
    the decision boundary.

    Parameters
    ----------
    xs : ndarray of shape (nx,)
    ys : ndarray of shape (ny,)
    P : ndarray of shape (ny, nx)
        ``P[a, c]`` is the value at ``(xs[c], ys[a])``.

    Returns
    -------
    ndarray of shape (m, 2)
        The crossing points (x, y); m = 0 when the map never crosses level.
    """
    xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
    P = np.asarray(P, np.float64)
    if P.shape != (len(ys), len(xs)):
        raise ValueError(f"P must have shape ({len(ys)}, {len(xs)}), got {P.shape}")
    D = P - level
    points = []
    # horizontal edges: (a, c) -- (a, c+1)
    left, right = D[:, :-1], D[:, 1:]
    a, c = np.nonzero((left < 0) != (right < 0))
    t = left[a, c] / (left[a, c] - right[a, c])
    points.append(np.stack([xs[c] + t * (xs[c + 1] - xs[c]), ys[a]], axis=1))
    # vertical edges: (a, c) -- (a+1, c)
    low, high = D[:-1, :], D[1:, :]
    a, c = np.nonzero((low < 0) != (high < 0))
    t = low[a, c] / (low[a, c] - high[a, c])
    points.append(np.stack([xs[c], ys[a] + t * (ys[a + 1] - ys[a])], axis=1))
    return np.concatenate(points, axis=0)


def accuracy(net, params, X, y) -> float:
    """Fraction of examples with (p >= 0.5) == (y == 1).

    Parameters
    ----------
    X : ndarray of shape (n, d0)
    y : ndarray of shape (n,) or (n, 1), values 0/1
    """
    p = predict_proba(net, params, X)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.shape != p.shape:
        raise ValueError(f"y must have {p.shape[0]} entries, got {y.shape[0]}")
    return float(np.mean((p >= 0.5) == (y >= 0.5)))


# ----------------------------------------------------------------- parameter vectors


def _layers(params) -> range:
    return range(1, len(params.W))


def _rebuild(params, W: list, b: list):
    """A Params like ``params`` with new W and b for layers 1..L (copied, checked)."""
    return dataclasses.replace(params, W=(None, *W), b=(None, *b))


def flatten_params(params) -> np.ndarray:
    """All weights and biases as one vector: W^(1), b^(1), W^(2), b^(2), ...

    Returns
    -------
    ndarray of shape (P,), P = sum_l (d[l-1] d[l] + d[l])
    """
    parts = []
    for l in _layers(params):
        parts += [np.asarray(params.W[l], np.float64).ravel(), np.asarray(params.b[l]).ravel()]
    return np.concatenate(parts).astype(np.float64, copy=False)


def unflatten_params(template, vector):
    """Inverse of :func:`flatten_params`: a Params shaped like ``template``.

    Parameters
    ----------
    template : core.network.Params
    vector : ndarray of shape (P,)
    """
    vector = np.asarray(vector, dtype=np.float64).reshape(-1)
    W, b, k = [], [], 0
    for l in _layers(template):
        for shape, out in ((np.shape(template.W[l]), W), (np.shape(template.b[l]), b)):
            size = int(np.prod(shape))
            out.append(vector[k : k + size].reshape(shape).copy())
            k += size
    if k != vector.size:
        raise ValueError(f"vector has {vector.size} entries, the template needs {k}")
    return _rebuild(template, W, b)


def interpolate_params(p0, p1, t: float):
    """theta(t) = (1 - t) theta_0 + t theta_1 (t outside [0, 1] extrapolates)."""
    v0, v1 = flatten_params(p0), flatten_params(p1)
    if v0.shape != v1.shape:
        raise ValueError("the two Params have different shapes")
    return unflatten_params(p0, (1.0 - t) * v0 + t * v1)


def swap_units(params, a: int, c: int, l: int = 1):
    """The same network with hidden units a and c of layer l exchanged.

    Swaps columns a, c of W^(l), entries a, c of b^(l) and rows a, c of
    W^(l+1): the network computes exactly the same function (a different
    point in weight space with the same loss).

    Parameters
    ----------
    params : core.network.Params
    a, c : int
        Unit indices, 0 <= a, c < d_l.
    l : int, default 1
        A hidden layer, 1 <= l < L.
    """
    L = len(params.W) - 1
    if not 1 <= l < L:
        raise ValueError(f"l must be a hidden layer, 1 <= l < L={L}, got {l}")
    d = np.shape(params.b[l])[0]
    if not (0 <= a < d and 0 <= c < d):
        raise ValueError(f"units must lie in [0, {d}), got {a} and {c}")
    order = np.arange(d)
    order[[a, c]] = order[[c, a]]
    W = [np.array(params.W[k], np.float64) for k in _layers(params)]
    b = [np.array(params.b[k], np.float64) for k in _layers(params)]
    W[l - 1] = W[l - 1][:, order]
    b[l - 1] = b[l - 1][order]
    W[l] = W[l][order, :]
    return _rebuild(params, W, b)


def most_different_units(params, l: int = 1) -> tuple[int, int]:
    """The two hidden units of layer l whose signatures lie farthest apart.

    A unit's signature is its incoming weights W^(l)[:, j], bias b^(l)_j and
    outgoing weights W^(l+1)[j, :]; the distance is Euclidean. Swapping these
    two units moves the parameter vector the farthest, so the straight line
    between the two equivalent networks crosses the most different terrain.

    Returns
    -------
    (a, c) : tuple of int with a < c
    """
    L = len(params.W) - 1
    if not 1 <= l < L:
        raise ValueError(f"l must be a hidden layer, 1 <= l < L={L}, got {l}")
    sig = np.concatenate(
        [np.asarray(params.W[l]).T, np.asarray(params.b[l])[:, None], np.asarray(params.W[l + 1])],
        axis=1,
    )
    if sig.shape[0] < 2:
        raise ValueError("the layer needs at least two units")
    dist = np.sum((sig[:, None, :] - sig[None, :, :]) ** 2, axis=2)
    a, c = np.unravel_index(int(np.argmax(np.triu(dist, 1))), dist.shape)
    return (int(min(a, c)), int(max(a, c)))


def max_abs_difference(p0, p1) -> float:
    """max over all weights and biases of |theta_0 - theta_1|."""
    v0, v1 = flatten_params(p0), flatten_params(p1)
    if v0.shape != v1.shape:
        raise ValueError("the two Params have different shapes")
    return float(np.max(np.abs(v0 - v1), initial=0.0))


def loss_along_line(net, p0, p1, X, Y, ts) -> np.ndarray:
    """Mean loss at theta(t) = (1 - t) theta_0 + t theta_1 for each t.

    Parameters
    ----------
    net : core.network.Network
    p0, p1 : core.network.Params of the same shapes
    X : ndarray of shape (n, d0)
    Y : ndarray of shape (n, dL) or (n,)
    ts : ndarray of shape (m,)

    Returns
    -------
    ndarray of shape (m,)
    """
    return np.array(
        [net.mean_loss(interpolate_params(p0, p1, float(t)), X, Y) for t in np.ravel(ts)],
        dtype=np.float64,
    )


def second_differences(values) -> np.ndarray:
    """f[k-1] - 2 f[k] + f[k+1] for equally spaced samples (>= 0 for convex f).

    Returns
    -------
    ndarray of shape (m - 2,)
    """
    f = np.asarray(values, dtype=np.float64).reshape(-1)
    return f[:-2] - 2.0 * f[1:-1] + f[2:]


def logistic_hessian(X, params) -> np.ndarray:
    """Hessian of logistic regression's mean cross-entropy, in closed form.

    For p_k = sigma(w^T x_k + b) and x~_k = (x_k, 1),
    H = (1/n) sum_k p_k (1 - p_k) x~_k x~_k^T, a weighted sum of outer
    products with non-negative weights: positive semi-definite.

    Parameters
    ----------
    X : ndarray of shape (n, d0)
    params : core.network.Params of a network with sizes (d0, 1)

    Returns
    -------
    ndarray of shape (d0 + 1, d0 + 1)
        Ordered as :func:`flatten_params`: w_1..w_d0, then b.
    """
    if len(params.W) != 2:
        raise ValueError("logistic_hessian needs a network without hidden layers (L = 1)")
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(params.W[1], np.float64)[:, 0]
    S = X @ w + float(np.asarray(params.b[1]).reshape(-1)[0])
    p = 0.5 * (1.0 + np.tanh(0.5 * S))  # sigmoid without overflow
    Xt = np.concatenate([X, np.ones((X.shape[0], 1))], axis=1)
    return (Xt * (p * (1.0 - p))[:, None]).T @ Xt / X.shape[0]
