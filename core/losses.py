"""Per-example losses ell with their output deltas, in a registry keyed by name.

For one example k the network ends with S^(L) (weighted inputs of the output
layer) and x^(L) = g_out(S^(L)). Each :class:`Loss` gives ell_k and the output
delta delta_j^(L) = d ell_k / d S_kj^(L), the start of the backward recursion.

- "squared_error": ell = 1/2 sum_j (x_j^(L) - y_j)^2,
  delta^(L) = (x^(L) - y) * g_out'(S^(L)).
- "binary_cross_entropy" (sigmoid output only): ell = sum_j [log(1 + e^S_j)
  - y_j S_j], computed from S^(L) as ``max(S, 0) - y S + log1p(e^-|S|)``
  (equal to ``logaddexp(0, S) - y S``) so it never takes log(0) nor
  overflows (|S| up to 1e4 and beyond);
  delta^(L) = x^(L) - y (the sigmoid's derivative cancels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.activations import Activation
from core.registry import lookup

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """A per-example loss and its output delta.

    Attributes
    ----------
    name : str
        Registry key.
    fn : callable, (S, x, Y) -> ndarray of shape (n,)
        Per-example loss ell_k from S^(L), x^(L) (both (n, dL)) and targets Y
        of shape (n, dL).
    delta : callable, (S, x, Y, g_out) -> ndarray of shape (n, dL)
        Output delta d ell_k / d S_kj^(L); g_out is the output
        :class:`~core.activations.Activation`.
    mean_and_delta : callable, (S, x, Y, g_out) -> (float, ndarray of shape (n, dL))
        The mean of ``fn`` over the n examples and ``delta`` together, sharing
        the residual x - Y (what the training loop uses).
    requires_output : str or None
        The output activation this loss needs (its delta relies on it).
    """

    name: str
    fn: Callable[[Array, Array, Array], Array]
    delta: Callable[[Array, Array, Array, Activation], Array]
    mean_and_delta: Callable[[Array, Array, Array, Activation], tuple[float, Array]]
    requires_output: str | None = None

    def __str__(self) -> str:
        return self.name


def _se(S: Array, x: Array, Y: Array) -> Array:
    r = x - Y
    return 0.5 * np.einsum("kj,kj->k", r, r)


def _se_mean_and_delta(S: Array, x: Array, Y: Array, g_out: Activation) -> tuple[float, Array]:
    r = x - Y
    return 0.5 * float(np.vdot(r, r)) / r.shape[0], g_out.chain(x, r)


def _bce_terms(S: Array, Y: Array) -> Array:
    # log(1 + e^S) - y S rewritten as max(S, 0) - y S + log(1 + e^-|S|): the
    # exp never overflows, and a confident correct logit (S = 40, y = 1) gives
    # its tiny loss e^-40 instead of the round-off of 40 - 40.
    return np.maximum(S, 0.0) - Y * S + np.log1p(np.exp(-np.abs(S)))


def _bce(S: Array, x: Array, Y: Array) -> Array:
    return np.add.reduce(_bce_terms(S, Y), axis=1)


def _bce_mean_and_delta(S: Array, x: Array, Y: Array, g_out: Activation) -> tuple[float, Array]:
    return float(np.add.reduce(_bce_terms(S, Y), axis=None)) / S.shape[0], x - Y


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            name="squared_error",
            fn=_se,
            delta=lambda S, x, Y, g_out: g_out.chain(x, x - Y),
            mean_and_delta=_se_mean_and_delta,
        ),
        Loss(
            name="binary_cross_entropy",
            fn=_bce,
            delta=lambda S, x, Y, g_out: x - Y,
            mean_and_delta=_bce_mean_and_delta,
            requires_output="sigmoid",
        ),
    )
}
"""Losses by name: "squared_error", "binary_cross_entropy"."""


def get_loss(name: str) -> Loss:
    """Look up a loss by name.

    Parameters
    ----------
    name : str
        One of ``LOSSES``.

    Returns
    -------
    Loss

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return lookup(LOSSES, name, "loss")
