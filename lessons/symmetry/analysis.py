"""How symmetric is a layer? Measures and unit groups for worksheet 1b-1g.

A hidden unit j of layer l is described by its *signature*: its incoming
weights (column ``W[l][:, j]``), its bias ``b[l][j]`` and its outgoing weights
(row ``W[l+1][j, :]``). Two units with equal signatures compute the same value
and receive the same delta for every input, so gradient descent keeps them
equal (1f). Under constant initialisation all hidden units share one
signature; random initialisation (or a little noise) gives each its own.

Params follow core.network: ``params.W[l]`` has shape (d[l-1], d[l]) and
``params.b[l]`` shape (d[l],), indexed by layer l = 1..L (index 0 is None).
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import numpy as np

__all__ = [
    "unit_signatures",
    "distinct_units",
    "spread",
    "symmetry_over_history",
    "row_constant_spread",
    "column_constant_spread",
    "hidden_values_spread",
    "hidden_delta_spread",
    "group_rows",
    "unit_groups",
]


def _check_layer(params, l: int) -> int:  # noqa: E741
    L = len(params.W) - 1
    if isinstance(l, bool) or not isinstance(l, int | np.integer) or not 1 <= l <= L:
        raise ValueError(f"layer l must be an integer between 1 and L={L}, got {l!r}")
    return int(l)


def unit_signatures(params, l: int = 1) -> np.ndarray:  # noqa: E741
    """Each unit's incoming weights, bias and outgoing weights, side by side.

    Parameters
    ----------
    params : core.network.Params
    l : int, default 1
        The layer, 1 <= l <= L. For the output layer (l = L) there are no
        outgoing weights.

    Returns
    -------
    ndarray of shape (d_l, k)
        Row j is ``[W[l][:, j], b[l][j], W[l+1][j, :]]``, so
        k = d_(l-1) + 1 + d_(l+1) (or d_(l-1) + 1 for l = L).
    """
    l = _check_layer(params, l)  # noqa: E741 (the worksheet's layer index)
    parts = [np.asarray(params.W[l], dtype=np.float64).T, np.asarray(params.b[l])[:, None]]
    if l + 1 < len(params.W):
        parts.append(np.asarray(params.W[l + 1], dtype=np.float64))
    return np.concatenate(parts, axis=1).astype(np.float64, copy=False)


def distinct_units(params, l: int = 1, tol: float = 1e-9) -> int:  # noqa: E741
    """Number of distinct units in layer l (1 means the layer acts as one unit).

    Units are grouped greedily: a unit joins the group of the first earlier
    representative whose signature agrees with its own in every entry within
    ``tol * max(1, max |signature entry|)``.

    Parameters
    ----------
    params : core.network.Params
    l : int, default 1
    tol : float, default 1e-9
        Relative tolerance, >= 0.

    Returns
    -------
    int
        Between 1 and d_l.
    """
    return int(unit_groups(params, l, tol).max()) + 1  # the groups are numbered 0, 1, ...


def spread(params, l: int = 1) -> float:  # noqa: E741
    """Largest difference between units: max over signature entries of (max - min) over units.

    Returns
    -------
    float
        0.0 exactly when all units of layer l have the same signature.
    """
    return column_constant_spread(unit_signatures(params, l))


def symmetry_over_history(history, l: int = 1, tol: float = 1e-9) -> dict[str, np.ndarray]:  # noqa: E741
    """distinct_units and spread at every recorded step of a training run.

    Parameters
    ----------
    history : core.training.History
    l : int, default 1
    tol : float, default 1e-9

    Returns
    -------
    dict
        ``steps`` int64 (R,), ``distinct`` int64 (R,), ``spread`` float64 (R,),
        one entry per record of ``history.params``.
    """
    return {
        "steps": np.asarray(history.steps, dtype=np.int64),
        "distinct": np.array([distinct_units(p, l, tol) for p in history.params], np.int64),
        "spread": np.array([spread(p, l) for p in history.params], np.float64),
    }


def row_constant_spread(W) -> float:
    """How far the rows of W are from constant: max over rows of (max - min) along the row.

    Worksheet 1e/1f: after steps from constant init, each row of W^(1) is
    constant, so this is 0 (up to round-off) for W^(1).

    Parameters
    ----------
    W : array_like of shape (rows, cols)

    Returns
    -------
    float
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D, got shape {W.shape}")
    if W.size == 0:
        return 0.0
    return float(np.max(np.ptp(W, axis=1)))


def column_constant_spread(W) -> float:
    """How far the columns of W are from constant: max over columns of (max - min) down it.

    Worksheet 1e/1f: each column of W^(2) stays constant under constant init.

    Parameters
    ----------
    W : array_like of shape (rows, cols)

    Returns
    -------
    float
    """
    return row_constant_spread(np.asarray(W, dtype=np.float64).T)


def hidden_values_spread(trace, l: int = 1) -> float:  # noqa: E741
    """Worksheet 1b: max over examples of (max_j x_j^(l) - min_j x_j^(l)).

    Parameters
    ----------
    trace : core.network.Trace
        ``trace.x[l]`` has shape (n, d_l).
    l : int, default 1

    Returns
    -------
    float
        0.0 when, in every example, all units of layer l hold the same value.
    """
    return row_constant_spread(trace.x[l])


def hidden_delta_spread(grads, l: int = 1) -> float:  # noqa: E741
    """Worksheet 1c: max over examples of (max_j delta_j^(l) - min_j delta_j^(l)).

    Parameters
    ----------
    grads : core.network.Grads
        ``grads.delta[l]`` has shape (n, d_l).
    l : int, default 1
    """
    return row_constant_spread(grads.delta[l])


# ---- which units are clones of each other (group labels for drawing) ----


def group_rows(rows, tol: float = 1e-9) -> np.ndarray:
    """Greedy groups of (nearly) equal rows.

    Row r joins the group of the first earlier representative whose entries
    all agree with its own within ``tol * max(1, max |rows|)``; otherwise it
    starts a new group.

    Parameters
    ----------
    rows : array_like of shape (d, k)
        One row per unit (its signature or values).
    tol : float, default 1e-9
        Relative tolerance, >= 0.

    Returns
    -------
    ndarray of shape (d,), int64
        Group label per row, numbered 0, 1, ... in order of first appearance.
    """
    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2:
        raise ValueError(f"rows must be 2-D, got shape {rows.shape}")
    if not tol >= 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    d = rows.shape[0]
    labels = np.full(d, -1, dtype=np.int64)
    if d == 0:
        return labels
    scale = max(1.0, float(np.max(np.abs(rows), initial=0.0)))
    distance = np.max(np.abs(rows[:, None, :] - rows[None, :, :]), axis=2, initial=0.0)
    close = distance <= tol * scale
    group = 0
    while (labels < 0).any():
        representative = int(np.argmax(labels < 0))
        labels[(labels < 0) & close[representative]] = group
        group += 1
    return labels


def unit_groups(params, l: int = 1, tol: float = 1e-9) -> np.ndarray:
    """Group label of every unit of layer l by its signature (see lessons.symmetry).

    Parameters
    ----------
    params : core.network.Params
    l : int, default 1
    tol : float, default 1e-9

    Returns
    -------
    ndarray of shape (d_l,), int64
        ``labels.max() + 1 == lessons.symmetry.distinct_units(params, l, tol)``.
    """
    return group_rows(unit_signatures(params, l), tol)
