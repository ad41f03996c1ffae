"""Full-batch gradient descent with a recorded history.

``train`` validates once, then runs a tight loop: the parameters live in one
flat working vector (``W[l]`` and ``b[l]`` are views into it), each step is
one forward pass, one backward pass and one in-place update, and the mean loss
at the current parameters comes from that same forward pass. A record (Params,
loss, gradient) is a copy of the working vector made every ``record_every``
steps and at the end.

Examples
--------
>>> import numpy as np
>>> from core.network import Network
>>> net = Network((2, 1), loss="binary_cross_entropy")
>>> X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); y = np.array([0.0, 1.0, 1.0])
>>> h = train(net, net.init("zeros"), X, y, lr=0.5, steps=10, record_every=4)
>>> h.steps.tolist(), bool(h.loss[-1] < h.loss[0]), h.diverged
([0, 4, 8, 10], True, False)
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import numpy as np

from core.network import (
    Grads,
    Network,
    Params,
    _backward_into,
    _check_lr,
    _forward_raw,
    _lazy,
    _views,
)

Array = np.ndarray

_STACK = {
    "W": lambda p, g, l: p.W[l],
    "b": lambda p, g, l: p.b[l],
    "grad_W": lambda p, g, l: g.W[l],
    "grad_b": lambda p, g, l: g.b[l],
}


@dataclass(frozen=True, eq=False)
class History:
    """What :func:`train` recorded.

    Attributes
    ----------
    params : list of Params
        ``params[0]`` is the start; ``params[k]`` the parameters after
        ``steps[k]`` steps (k * record_every, except possibly the last record,
        which is always the final state).
    loss : ndarray of shape (n_records,)
        Mean loss at each recorded Params.
    steps : ndarray of int, shape (n_records,)
        The step number of each record.
    grads : list of Grads
        Gradient of the mean loss at each recorded Params (``delta`` is ``()``).
    diverged : bool
        True if the loss, a weight or a gradient stopped being finite; training
        then stopped and only the finite records before it were kept.
    lr : float
        The learning rate used.
    """

    params: list
    loss: Array
    steps: Array
    grads: list
    diverged: bool
    lr: float

    def __len__(self) -> int:
        return len(self.params)

    def stack(self, kind: str, l: int) -> Array:
        """One layer's arrays over the records.

        Parameters
        ----------
        kind : {"W", "b", "grad_W", "grad_b"}
        l : int
            Layer, 1..L.

        Returns
        -------
        ndarray of shape (n_records, d[l-1], d[l]) for W kinds, (n_records, d[l]) for b kinds.
        """
        if kind not in _STACK:
            raise ValueError(f"kind must be one of {sorted(_STACK)}, got {kind!r}")
        get = _STACK[kind]
        return np.stack([get(p, g, l) for p, g in zip(self.params, self.grads, strict=True)])


def _count(value, name: str, least: int) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        value = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None
    if value < least:
        raise ValueError(f"{name} must be >= {least}, got {value}")
    return value


def train(
    net: Network, params: Params, X, Y, *, lr: float, steps: int, record_every: int = 1
) -> History:
    """Run ``steps`` full-batch gradient descent steps from ``params``.

    Parameters
    ----------
    net : Network
    params : Params
        Start; never modified.
    X : array_like of shape (n, d0)
    Y : array_like of shape (n, dL), or (n,) when dL == 1
    lr : float
        Step size eta, finite and >= 0.
    steps : int
        Number of updates, >= 0.
    record_every : int
        Record every this many steps (>= 1); the final state is always recorded.

    Returns
    -------
    History
        Never raises for a diverging run: it stops and sets ``diverged``.

    Raises
    ------
    ValueError
        For a bad lr, steps, record_every, params, X or Y.
    """
    lr = _check_lr(lr)
    steps = _count(steps, "steps", 0)
    record_every = _count(record_every, "record_every", 1)
    net.check_params(params)
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[0])
    with np.errstate(all="ignore"):
        return _run(net, params, X, Y, lr, steps, record_every)


def _run(net, params, X, Y, lr, steps, record_every) -> History:
    sizes, L, P = net.sizes, net.n_layers, net.n_params
    g, g_out, mean_and_delta = net.g, net.g_out, net.loss_fn.mean_and_delta
    # One working vector [theta | grad]: W[l], b[l], gW[l], gb[l] are views into
    # it, so a record is one row copy and the update is one in-place subtract.
    work = np.zeros(2 * P)
    theta, grad = work[:P], work[P:]
    theta[...] = params.flat()
    W, b = _views(theta, sizes)
    gW, gb = _views(grad, sizes)
    if not net.bias:
        b = gb = None  # b slots of theta and grad stay 0
    n_rec = steps // record_every + 2
    rows, losses = np.empty((n_rec, 2 * P)), np.empty(n_rec)
    tmp, inv_n = np.empty(P), 1.0 / X.shape[0]
    k, t, diverged = 0, 0, False
    while True:
        S, x = _forward_raw(W, b, X, g, g_out)
        value, d = mean_and_delta(S[L], x[L], Y, g_out)
        _backward_into(W, x, d, g, gW, gb)
        grad *= inv_n
        if t % record_every == 0 or t == steps:
            # A finite sum proves every entry finite; an overflowing one is rechecked.
            total = np.add.reduce(work)
            if not (math.isfinite(value) and (math.isfinite(total) or np.isfinite(work).all())):
                diverged = True
                break
            rows[k] = work
            losses[k] = value
            k += 1
        elif not math.isfinite(value):
            diverged = True
            break
        if t == steps:
            break
        np.multiply(grad, lr, out=tmp)
        theta -= tmp
        t += 1
    return _history(params, rows[:k], losses[:k], sizes, P, record_every, steps, diverged, lr)


def _history(params, rows, losses, sizes, P, every, steps, diverged, lr) -> History:
    rows.flags.writeable = False  # its row views (the records) are read-only too
    k = len(rows)
    step_numbers = np.arange(k, dtype=np.int64) * every
    if k and not diverged:
        step_numbers[-1] = steps
    kept_params = [params] + [_lazy(Params, r[:P], sizes) for r in rows[1:]] if k else []
    return History(
        params=kept_params,
        loss=losses.copy(),
        steps=step_numbers,
        grads=[_lazy(Grads, r[P:], sizes, delta=()) for r in rows],
        diverged=diverged,
        lr=lr,
    )
