"""Numerical gradients by finite differences (the worksheet's side note).

The forward difference

    d ell / d x_i  ~  (ell(x + eps e_i) - ell(x)) / eps

needs one extra evaluation of ``ell`` per entry of ``x`` (plus one at ``x``
itself); the central difference

    d ell / d x_i  ~  (ell(x + eps e_i) - ell(x - eps e_i)) / (2 eps)

needs two per entry but its error is O(eps^2) instead of O(eps). For the 2e
loss each evaluation costs O(d^2) and W has d^2 entries, so the whole
numerical gradient costs O(d^4), against O(d^2) for backpropagation.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = ["METHODS", "numerical_gradient", "relative_error"]


def _too_small(eps: float, value: float) -> str:
    return f"eps={eps!r} is too small to change an entry of x equal to {value!r}"


def _forward(f: Callable, work: np.ndarray, eps: float) -> np.ndarray:
    flat = work.reshape(-1)  # a view: writes go into work
    f0 = float(f(work))
    grad = np.empty(flat.size, dtype=np.float64)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        step = flat[i] - old  # the step really taken, after rounding
        if step == 0.0:
            flat[i] = old
            raise ValueError(_too_small(eps, old))
        grad[i] = (float(f(work)) - f0) / step
        flat[i] = old
    return grad


def _central(f: Callable, work: np.ndarray, eps: float) -> np.ndarray:
    flat = work.reshape(-1)
    grad = np.empty(flat.size, dtype=np.float64)
    for i in range(flat.size):
        old = flat[i]
        hi, lo = old + eps, old - eps
        if hi == lo:
            raise ValueError(_too_small(eps, old))
        flat[i] = hi
        up = float(f(work))
        flat[i] = lo
        down = float(f(work))
        flat[i] = old
        grad[i] = (up - down) / (hi - lo)  # the step really taken, after rounding
    return grad


# name -> function(f, work, eps) -> flat gradient
METHODS: dict[str, Callable[[Callable, np.ndarray, float], np.ndarray]] = {
    "forward": _forward,
    "central": _central,
}


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x,
    *,
    eps: float = 1e-6,
    method: str = "forward",
) -> tuple[np.ndarray, int]:
    """Finite-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        Maps an ndarray shaped like ``x`` to a float. It receives a private
        working copy that is perturbed in place between calls, so it must not
        keep a reference to its argument.
    x : array_like of any shape
        The point at which to differentiate. Never mutated.
    eps : float, default 1e-6
        Step size, finite and > 0.
    method : {"forward", "central"}
        ``"forward"`` makes ``x.size + 1`` evaluations of ``f``,
        ``"central"`` makes ``2 * x.size``.

    Returns
    -------
    grad : ndarray of the same shape as x, float64
        The estimate of df/dx.
    evals : int
        The number of calls of ``f`` actually made (counted, not computed).

    Raises
    ------
    ValueError
        For an unknown method, an eps that is not a finite positive number, or
        an eps so small that ``x_i + eps == x_i`` in floating point.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    if isinstance(eps, bool) or not isinstance(eps, int | float | np.floating | np.integer):
        raise ValueError(f"eps must be a finite number > 0, got {eps!r}")
    eps = float(eps)
    if not math.isfinite(eps) or eps <= 0.0:
        raise ValueError(f"eps must be a finite number > 0, got {eps!r}")

    work = np.array(x, dtype=np.float64, copy=True)
    calls = 0

    def counted(arg: np.ndarray) -> float:
        nonlocal calls
        calls += 1
        return f(arg)

    grad = METHODS[method](counted, work, eps)
    return grad.reshape(work.shape), calls


def relative_error(a, b) -> float:
    """Relative difference ``||a - b|| / max(||a||, ||b||)`` (Frobenius norms).

    Parameters
    ----------
    a, b : array_like of the same shape

    Returns
    -------
    float
        0.0 when both are exactly zero; otherwise a number in [0, 2].
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(b)))
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b)) / scale
