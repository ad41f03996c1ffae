"""Gradient descent that keeps every forward and backward pass (for 1a-1f views).

core.training.train keeps Params only; the symmetry views also need each
step's hidden values x^(l) and deltas delta^(l), to draw the network at any
step and to hold worksheet 1b-1f against backprop. Runs here are tiny (a few
units, at most a few hundred steps), so everything is kept as stacks.
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import numpy as np

from core.network import Network
from lessons.symmetry.analysis import spread, unit_groups

__all__ = ["MAX_STEPS", "TEACHER_SCALE", "make_teacher_example", "run_with_traces"]

MAX_STEPS = 5000


def _finite(params) -> bool:
    return all(np.isfinite(w).all() for w in params.W[1:]) and all(
        np.isfinite(b).all() for b in params.b[1:]
    )


def run_with_traces(net, params, X, Y, *, lr: float, steps: int, tol: float = 1e-9) -> dict:
    """Full-batch gradient descent, recording every step's passes.

    Record k holds the Params after k steps, the forward pass at them and the
    backward pass at them (the one the next step uses). If the loss or a
    weight stops being finite, the run stops and only finite records are kept.

    Parameters
    ----------
    net : core.network.Network
    params : core.network.Params
        The start (record 0).
    X : ndarray of shape (n, d0)
    Y : ndarray of shape (n, dL)
    lr : float
        Learning rate eta > 0.
    steps : int
        Number of gradient steps, 0 <= steps <= MAX_STEPS.
    tol : float
        Relative tolerance for grouping hidden units (lessons.symmetry).

    Returns
    -------
    dict
        ``steps`` int64 (R,); ``loss`` float64 (R,); ``diverged`` bool;
        ``params`` list of R Params; ``W[l]`` (R, d[l-1], d[l]) and ``b[l]``
        (R, d[l]) for l = 1..L (index 0 None); ``x[l]`` (R, n, d[l]) for
        l = 0..L; ``delta[l]`` (R, n, d[l]) for l = 1..L; and for the first
        hidden layer (when L >= 2) ``distinct`` int64 (R,), ``spread``
        float64 (R,) and ``groups`` int64 (R, d1).
    """
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
        raise ValueError(f"steps must be an integer, got {steps!r}")
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 0 and {MAX_STEPS}, got {steps}")
    L = net.n_layers
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[0])
    records: list = []
    diverged = False
    current = params
    for k in range(steps + 1):
        trace = net.forward(current, X)
        grads = net.backward(current, trace, Y)
        with np.errstate(all="ignore"):
            loss = float(net.loss_fn.mean_and_delta(trace.S[L], trace.x[L], Y, net.g_out)[0])
        if not (np.isfinite(loss) and _finite(current)):
            diverged = True
            break
        records.append((k, loss, current, trace, grads))
        if k < steps:
            current = net.step(current, grads, lr)
    if not records:  # the start itself is not finite
        raise ValueError("the initial weights give a non-finite loss")
    out: dict = {
        "steps": np.array([r[0] for r in records], dtype=np.int64),
        "loss": np.array([r[1] for r in records], dtype=np.float64),
        "diverged": diverged,
        "params": [r[2] for r in records],
        "W": [None] + [np.stack([r[2].W[l] for r in records]) for l in range(1, L + 1)],
        "b": [None] + [np.stack([r[2].b[l] for r in records]) for l in range(1, L + 1)],
        "x": [np.stack([r[3].x[l] for r in records]) for l in range(L + 1)],
        "delta": [None] + [np.stack([r[4].delta[l] for r in records]) for l in range(1, L + 1)],
    }
    if L >= 2:
        plist = out["params"]
        # unit_groups applies distinct_units' greedy rule, so the counts agree
        out["groups"] = np.stack([unit_groups(p, 1, tol) for p in plist])
        out["distinct"] = out["groups"].max(axis=1) + 1
        out["spread"] = np.array([spread(p, 1) for p in plist], dtype=np.float64)
    return out


# ---- targets that need every hidden unit: a random "teacher" network ----
#
# core.datasets.make_regression_example gives targets that one hidden unit
# already fits well (they barely vary between examples), so a tiny symmetry-
# breaking nudge has nothing pushing it to grow. Targets produced by a random
# network of the same shape (a teacher) can only be matched by a student whose
# hidden units differ, so a clone network sits at a saddle and a nudge of size
# eps grows until the units are apart (worksheet 1f's "in exact arithmetic").


TEACHER_SCALE = 2.0
"""Standard deviation of the teacher's weights (large enough to need every unit)."""


def make_teacher_example(
    sizes,
    n: int = 8,
    activation: str = "tanh",
    output_activation: str = "identity",
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and the outputs of a random teacher network on them.

    Parameters
    ----------
    sizes : tuple of int, (d0, d1, ..., dL)
        The teacher's (and the student's) layer sizes.
    n : int, default 8
        Number of examples, >= 1.
    activation, output_activation : str
        The teacher's activations (use the student's).
    seed : int, default 0
        Same seed, same inputs and teacher.

    Returns
    -------
    X : ndarray of shape (n, d0), entries uniform in [-1, 1]
    Y : ndarray of shape (n, dL), the teacher's outputs x^(L)
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    net = Network(tuple(sizes), activation, output_activation, bias=False)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(int(n), net.sizes[0]))
    teacher = net.init("normal", scale=TEACHER_SCALE, seed=int(seed) + 1)
    return X, np.array(net.forward(teacher, X).x[-1])
