"""What each hidden unit computes: its activation over the input plane (worksheet 1b-1f).

For a network with two inputs, hidden unit j of layer l computes a function
x_j^(l)(x1, x2) of the input. Drawn over a grid of the input plane it is a
small map (TensorFlow Playground's neuron thumbnails). Under constant
initialisation every unit of a layer has the same incoming weights, bias and
outgoing weights (1b), gets the same delta and the same update (1c-1f), so all
of a layer's maps are the same picture at every step; a random start gives each
unit its own map, a feature the output combines into the decision boundary.

Conventions follow core.network: S^(l) = x^(l-1) W^(l) + b^(l), x^(l) = g(S^(l)),
``W[l]`` of shape (d[l-1], d[l]); layers are indexed l = 1..L and the hidden
layers are l = 1..L-1. Grids are "y outer, x inner": ``maps[..., a, c]`` is the
value at the input (xs[c], ys[a]).
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lessons.symmetry import distinct_units

__all__ = ["grid_points", "hidden_maps", "unit_maps", "distinct_counts", "distinct_maps"]


def grid_points(xs, ys) -> np.ndarray:
    """Every grid point as an input row, y outer, x inner.

    Parameters
    ----------
    xs : array_like of shape (nx,)
        Cell centres along x1.
    ys : array_like of shape (ny,)
        Cell centres along x2.

    Returns
    -------
    ndarray of shape (ny * nx, 2)
        Row ``a * nx + c`` is ``(xs[c], ys[a])``.
    """
    xs = np.asarray(xs, dtype=np.float64).reshape(-1)
    ys = np.asarray(ys, dtype=np.float64).reshape(-1)
    if xs.size == 0 or ys.size == 0:
        raise ValueError(f"the grid needs at least one point per axis, got {xs.size} x {ys.size}")
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def _check_net(net) -> int:
    sizes = tuple(net.sizes)
    if sizes[0] != 2:
        raise ValueError(f"unit maps need a network with 2 inputs, got d0 = {sizes[0]}")
    if len(sizes) < 3:
        raise ValueError(f"unit maps need at least one hidden layer, got sizes {sizes}")
    return len(sizes) - 1


def hidden_maps(net, params, xs, ys) -> list:
    """Every hidden unit's activation over the grid, for one set of weights.

    Parameters
    ----------
    net : core.network.Network
        Two inputs (d0 = 2) and at least one hidden layer (L >= 2).
    params : core.network.Params
    xs : array_like of shape (nx,)
    ys : array_like of shape (ny,)

    Returns
    -------
    list of length L
        Index 0 is None; index l (1 <= l <= L-1) is an ndarray of shape
        (d_l, ny, nx) with ``[j, a, c]`` = x_j^(l) at the input (xs[c], ys[a]).
        Units with equal incoming weights and biases get exactly equal maps (training
        itself may leave clones 1e-16 apart: compare with a tolerance).
    """
    L = _check_net(net)
    ny, nx = np.size(ys), np.size(xs)
    h = grid_points(xs, ys)
    out = [None]
    for l in range(1, L):
        W, b = np.asarray(params.W[l], np.float64), np.asarray(params.b[l], np.float64)
        # S = x W + b summed term by term in the same order for every unit (not BLAS), so
        # units with equal weights get bit-for-bit equal maps
        S = (h[:, :, None] * W[None, :, :]).sum(axis=1) + b
        h = net.g.fn(S)
        out.append(np.ascontiguousarray(h.T.reshape(-1, ny, nx)))
    return out


def unit_maps(net, params_seq: Sequence, xs, ys) -> list:
    """:func:`hidden_maps` at every recorded step (e.g. ``History.params``).

    Parameters
    ----------
    net : core.network.Network
        Two inputs and at least one hidden layer.
    params_seq : sequence of R Params
        The weights at each recorded step, in order.
    xs : array_like of shape (nx,)
    ys : array_like of shape (ny,)

    Returns
    -------
    list of length L
        Index 0 is None; index l is an ndarray of shape (R, d_l, ny, nx):
        ``[k, j, a, c]`` = x_j^(l) of record k at the input (xs[c], ys[a]).
    """
    L = _check_net(net)
    ny, nx = np.size(ys), np.size(xs)
    out = [None] + [np.empty((len(params_seq), net.sizes[l], ny, nx)) for l in range(1, L)]
    for k, params in enumerate(params_seq):
        maps = hidden_maps(net, params, xs, ys)
        for l in range(1, L):
            out[l][k] = maps[l]
    return out


def distinct_counts(params_seq: Sequence) -> np.ndarray:
    """Distinct hidden units per layer at every record (lessons.symmetry.distinct_units).

    Parameters
    ----------
    params_seq : sequence of R Params of a network with L >= 2 layers

    Returns
    -------
    ndarray of int64, shape (R, L - 1)
        ``[k, l - 1]`` = number of distinct units of hidden layer l at record k.
        Units with equal incoming weights, bias and outgoing weights have equal
        maps, so this is also the number of different maps in that layer's row.
    """
    if not params_seq:
        return np.zeros((0, 0), dtype=np.int64)
    L = len(params_seq[0].W) - 1
    return np.array(
        [[distinct_units(p, l) for l in range(1, L)] for p in params_seq], dtype=np.int64
    ).reshape(len(params_seq), L - 1)


def distinct_maps(maps, tol: float = 1e-9) -> int:
    """Number of different pictures among one layer's maps at one step.

    Parameters
    ----------
    maps : array_like of shape (d, ny, nx)
    tol : float
        Two maps are the same when they differ by at most ``tol`` everywhere.

    Returns
    -------
    int
        Between 1 and d (0 for d = 0); greedy grouping as in lessons.symmetry.
    """
    maps = np.asarray(maps, dtype=np.float64)
    flat = maps.reshape(maps.shape[0], int(np.prod(maps.shape[1:])))
    left = list(range(flat.shape[0]))
    count = 0
    while left:
        first = flat[left[0]]
        left = [j for j in left if np.max(np.abs(flat[j] - first), initial=0.0) > tol]
        count += 1
    return count
