"""Full-batch gradient descent with a recorded history.

``train`` validates once, then runs a tight loop that allocates nothing per
step but the small output-layer arrays: parameters and gradient live in one
flat working vector (``W[l]``, ``b[l]`` and their gradients are views into it),
S and x of every layer have buffers reused each step, derivatives come from
the forward outputs, and the mean loss at the current parameters comes from
that same forward pass. A record (Params, loss, gradient) is one row copy of
the working vector, every ``record_every`` steps and at the end; all records
share one read-only array, and their ``W``/``b`` tuples appear on first use.

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

from core.network import Grads, Network, Params, _check_lr
from core.params import _lazy, _views

Array = np.ndarray


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
        True if the loss, a weight or a gradient stopped being finite. A
        non-finite loss stops training; only the records before the first
        non-finite value are kept (never a NaN or inf in a record).
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
    tmp, n = np.empty(P), X.shape[0]
    # Every (n, d[l]) array is allocated once: S, x, and two backward scratch.
    S, xb, up, dl = ([None] + [np.empty((n, d)) for d in sizes[1:]] for _ in range(4))
    x, acts = [X] * (L + 1), [None] + [g] * (L - 1) + [g_out]
    k, t, diverged = 0, 0, False
    while True:
        for l in range(1, L + 1):
            s = np.matmul(x[l - 1], W[l], out=S[l])
            if b is not None:
                s += b[l]
            x[l] = acts[l].into(s, xb[l])
        value, d = mean_and_delta(S[L], x[L], Y, g_out)
        for l in range(L, 0, -1):
            np.matmul(x[l - 1].T, d, out=gW[l])
            if gb is not None:
                np.add.reduce(d, axis=0, out=gb[l])
            if l > 1:
                d = g.chain_into(x[l - 1], np.matmul(d, W[l].T, out=up[l - 1]), dl[l - 1])
        grad /= n
        if not math.isfinite(value):
            diverged = True
            break
        if t % record_every == 0 or t == steps:
            rows[k] = work  # weights and gradient are checked all at once in _history
            losses[k] = value
            k += 1
        if t == steps:
            break
        np.multiply(grad, lr, out=tmp)
        theta -= tmp
        t += 1
    return _history(params, rows[:k], losses[:k], sizes, P, record_every, steps, diverged, lr)


def _history(params, rows, losses, sizes, P, every, steps, diverged, lr) -> History:
    # A weight or gradient can overflow while the loss stays finite (saturated
    # units): cut the records before the first non-finite one.
    finite = np.isfinite(rows).all(axis=1)
    if not finite.all():
        diverged, k = True, int(np.argmin(finite))
        rows, losses = rows[:k], losses[:k]
    rows.flags.writeable = False  # its row views (the records) are read-only too
    step_numbers = np.arange(len(rows), dtype=np.int64) * every
    if len(rows) and not diverged:
        step_numbers[-1] = steps
    return History(
        params=[params] + [_lazy(Params, r, sizes) for r in rows[1:, :P]] if len(rows) else [],
        loss=losses.copy(),
        steps=step_numbers,
        grads=[_lazy(Grads, r, sizes, delta=()) for r in rows[:, P:]],
        diverged=diverged,
        lr=lr,
    )
