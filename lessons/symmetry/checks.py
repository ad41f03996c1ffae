"""Worksheet 1b-1f evaluated with live numbers and held against backprop.

The closed forms come from core.worksheet; the backprop side is whatever
Network.forward / backward / step computed. Each check reports the closed
form, backprop's numbers and the largest difference, so a page can print the
formula with numbers plugged in and a tick or a cross.

Part 1 convention: ``W[l]`` has shape (d[l-1], d[l]), rows = from, columns = to.
"""

from __future__ import annotations

import numpy as np

from lessons.closed_forms import (
    g_and_prime,
    hidden_activation_constant,
    hidden_delta_constant,
    one_step_constant_batch,
)
from lessons.symmetry.analysis import column_constant_spread, row_constant_spread

__all__ = ["TOL", "agrees", "check_1b_1c", "check_1d", "check_1e", "check_1f"]

TOL = 1e-12
"""Relative tolerance for "equals": round-off only (float64 eps is 2.2e-16)."""


def agrees(diff: float, scale: float = 1.0, tol: float = TOL) -> bool:
    """True when ``diff <= tol * max(1, |scale|)`` (and diff is finite)."""
    return bool(np.isfinite(diff) and diff <= tol * max(1.0, abs(float(scale))))


def _max_abs(a) -> float:
    a = np.asarray(a, dtype=np.float64)
    return float(np.max(np.abs(a), initial=0.0))


def check_1b_1c(a: float, activation: str, X, x1, delta1, delta2) -> dict:
    """1b and 1c: the closed forms for constant weights a against backprop.

    Parameters
    ----------
    a : float
        The constant every weight started at.
    activation : str
        Hidden activation g (a key of core.activations.ACTIVATIONS).
    X : array_like of shape (n, d0)
        The inputs x^(0), one row per example.
    x1, delta1 : array_like of shape (n, d1)
        Backprop's hidden values and hidden deltas at the start.
    delta2 : array_like of shape (n, d2)
        Backprop's output deltas at the start.

    Returns
    -------
    dict
        ``sum_x0`` (n,), ``S1`` (n,) = a sum x0, ``x1_closed`` (n,),
        ``g_prime`` (n,) = g'(S1), ``sum_delta2`` (n,), ``delta1_closed`` (n,),
        ``x1_diff`` / ``delta1_diff`` (max |backprop - closed form| over
        examples and units), ``x1_ok`` / ``delta1_ok`` (bool), and the spreads
        ``x1_spread`` / ``delta1_spread`` (max over examples of max_j - min_j).
    """
    X = np.asarray(X, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    delta1 = np.asarray(delta1, dtype=np.float64)
    delta2 = np.asarray(delta2, dtype=np.float64)
    S1 = a * X.sum(axis=1)
    _, g_prime = g_and_prime(S1, activation)
    x1_closed = np.asarray(hidden_activation_constant(a, X, activation), dtype=np.float64)
    delta1_closed = np.asarray(hidden_delta_constant(a, X, delta2, activation), np.float64)
    x1_diff = _max_abs(x1 - x1_closed[:, None])
    delta1_diff = _max_abs(delta1 - delta1_closed[:, None])
    return {
        "sum_x0": X.sum(axis=1),
        "S1": S1,
        "x1_closed": x1_closed,
        "g_prime": g_prime,
        "sum_delta2": delta2.sum(axis=1),
        "delta1_closed": delta1_closed,
        "x1_diff": x1_diff,
        "delta1_diff": delta1_diff,
        "x1_ok": agrees(x1_diff, _max_abs(x1_closed)),
        "delta1_ok": agrees(delta1_diff, _max_abs(delta1_closed)),
        "x1_spread": row_constant_spread(x1),
        "delta1_spread": row_constant_spread(delta1),
    }


def check_1d(delta2, Y) -> dict:
    """1d: the output deltas differ between output units (the targets differ).

    Parameters
    ----------
    delta2 : array_like of shape (n, d2)
    Y : array_like of shape (n, d2)

    Returns
    -------
    dict
        ``delta2_spread`` and ``y_spread``: max over examples of
        max_j - min_j; ``differ`` (bool): the deltas are not all equal
        (needs d2 >= 2).
    """
    delta2 = np.asarray(delta2, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64).reshape(delta2.shape)
    spread = row_constant_spread(delta2)
    return {
        "delta2_spread": spread,
        "y_spread": row_constant_spread(Y),
        "differ": bool(delta2.shape[1] >= 2 and not agrees(spread, _max_abs(delta2))),
    }


def check_1e(a: float, lr: float, X, x1, delta1, delta2, W1_next, W2_next) -> dict:
    """1e: the weights after one gradient step from constant a.

    ``w_ij^(1) = a - eta mean_k delta_kj^(1) x_ki^(0)`` (rows of W^(1) constant),
    ``w_ij^(2) = a - eta mean_k delta_kj^(2) x_ki^(1)`` (columns of W^(2) constant).

    Parameters
    ----------
    a, lr : float
        Start constant and learning rate eta.
    X : array_like of shape (n, d0)
    x1, delta1 : array_like of shape (n, d1)
    delta2 : array_like of shape (n, d2)
    W1_next : array_like of shape (d0, d1)
        Backprop's W^(1) after one Network.step.
    W2_next : array_like of shape (d1, d2)
        Backprop's W^(2) after one Network.step.

    Returns
    -------
    dict
        ``W1_closed`` (d0, d1), ``W2_closed`` (d1, d2), ``W1_diff``,
        ``W2_diff``, ``W1_ok``, ``W2_ok``, ``W1_row_spread`` (max over rows of
        max - min along the row, of backprop's W1), ``W2_col_spread`` (the same
        down columns of W2), ``W2_between_columns`` (largest difference
        between two columns' first entries: the columns differ).
    """
    W1_closed, W2_closed = one_step_constant_batch(a, lr, X, x1, delta1, delta2)
    W1_next = np.asarray(W1_next, dtype=np.float64)
    W2_next = np.asarray(W2_next, dtype=np.float64)
    W1_diff = _max_abs(W1_next - W1_closed)
    W2_diff = _max_abs(W2_next - W2_closed)
    return {
        "W1_closed": W1_closed,
        "W2_closed": W2_closed,
        "W1_diff": W1_diff,
        "W2_diff": W2_diff,
        "W1_ok": agrees(W1_diff, _max_abs(W1_closed)),
        "W2_ok": agrees(W2_diff, _max_abs(W2_closed)),
        "W1_row_spread": row_constant_spread(W1_next),
        "W2_col_spread": column_constant_spread(W2_next),
        "W2_between_columns": float(np.ptp(W2_next[0])) if W2_next.size else 0.0,
    }


def check_1f(spread) -> dict:
    """1f: does the clone pattern survive every step?

    Parameters
    ----------
    spread : array_like of shape (R,)
        lessons.symmetry.spread of the hidden layer at every recorded step.

    Returns
    -------
    dict
        ``max_spread`` (float), ``first_spread``, ``last_spread``, ``growth``
        (last / first, inf when first is 0 and last is not, 1 when both are
        0), ``survives`` (bool: the spread stays at round-off, <= 1e-12 * max(1, |W|)
        is approximated by <= 1e-12).
    """
    spread = np.asarray(spread, dtype=np.float64).reshape(-1)
    if spread.size == 0:
        raise ValueError("spread needs at least one recorded step")
    first, last = float(spread[0]), float(spread[-1])
    if first > 0:
        growth = last / first
    else:
        growth = 1.0 if last == 0 else float("inf")
    return {
        "max_spread": float(spread.max()),
        "first_spread": first,
        "last_spread": last,
        "growth": growth,
        "survives": agrees(float(spread.max())),
    }
