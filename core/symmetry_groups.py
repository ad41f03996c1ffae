"""Which hidden units are clones of each other? Group labels for drawing.

core.symmetry counts distinct units; for a diagram we also need to know WHICH
units belong together, so each group can get its own colour. The grouping is
the same greedy rule as :func:`core.symmetry.distinct_units` (same signature,
same tolerance), so the number of groups equals that count.
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import numpy as np

from core.symmetry import unit_signatures

__all__ = ["group_rows", "unit_groups"]


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
    """Group label of every unit of layer l by its signature (see core.symmetry).

    Parameters
    ----------
    params : core.network.Params
    l : int, default 1
    tol : float, default 1e-9

    Returns
    -------
    ndarray of shape (d_l,), int64
        ``labels.max() + 1 == core.symmetry.distinct_units(params, l, tol)``.
    """
    return group_rows(unit_signatures(params, l), tol)
