"""Gradient descent on the worksheet's 2b and 2e models (parts 2d and 2f).

Two models, one training example each:

- ``"2b"``: ``f(W, b) = (y - sum_i sigma(w_i^T x + b_i))^2`` with W of shape
  (n, d) (row i is w_i), b of shape (n,), x of shape (d,), y a float.
- ``"2e"``: ``ell(W1, W2, b) = 1/2 ||W2 (W1 x + b) - y||^2`` (Phi = identity),
  W1 and W2 of shape (d, d), b, x, y of shape (d,). Column-vector convention:
  W multiplies a column vector, ``W x`` (rows = to, columns = from).

Parameters travel as a dict name -> ndarray (:data:`PARAM_NAMES` gives the
order). The closed-form step is the worksheet's (lessons.closed_forms step_2d,
step_2f); the autodiff step differentiates the same loss with core.graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import graph
from lessons import closed_forms as ws

__all__ = [
    "BLOWUP",
    "MODELS",
    "PARAM_NAMES",
    "Problem",
    "Run",
    "autodiff_grads",
    "check_update",
    "closed_form_grads",
    "closed_form_step",
    "loss",
    "make_problem",
    "residual",
    "run_descent",
    "sharpness",
    "step",
    "update_terms",
    "verdict",
]

MODELS = ("2e", "2b")
PARAM_NAMES = {"2b": ("W", "b"), "2e": ("W1", "W2", "b")}
BLOWUP = 1e6  # a run has diverged once its loss exceeds BLOWUP * max(1, start loss)

Params = dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class Problem:
    """One model with its starting weights and its single example.

    Attributes
    ----------
    model : {"2b", "2e"}
    start : dict of str -> ndarray
        2b: ``W`` (n, d), ``b`` (n,); 2e: ``W1`` (d, d), ``W2`` (d, d), ``b`` (d,).
    x : ndarray of shape (d,)
    y : float (2b) or ndarray of shape (d,) (2e)
    """

    model: str
    start: Params
    x: np.ndarray
    y: float | np.ndarray


def _check_model(model: str) -> str:
    if model not in PARAM_NAMES:
        raise ValueError(f"model must be one of {list(PARAM_NAMES)}, got {model!r}")
    return model


def make_problem(model: str, *, d: int = 3, n: int = 3, seed: int = 0, scale: float = 1.0):
    """Draw a start and an example (same arguments, same Problem).

    2b: W ~ N(0, scale^2), b = 0, x ~ N(0, 1), y ~ U(0.1 n, 0.9 n) (reachable by a
    sum of n sigmoids). 2e: W1, W2 ~ N(0, scale^2 / d), b = 0, x, y ~ N(0, 1).

    Parameters
    ----------
    model : {"2b", "2e"}
    d : int >= 1
        Input size (and, for 2e, every layer's size).
    n : int >= 1
        Number of sigmoid units (2b only).
    seed : int
    scale : float > 0
    """
    _check_model(model)
    if int(d) < 1 or int(n) < 1:
        raise ValueError(f"d and n must be >= 1, got d={d}, n={n}")
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a finite number > 0, got {scale}")
    d, n = int(d), int(n)
    rng = np.random.default_rng(int(seed))
    if model == "2b":
        W = rng.normal(0.0, scale, (n, d))
        x = rng.normal(size=d)
        y = float(rng.uniform(0.1, 0.9) * n)
        return Problem("2b", {"W": W, "b": np.zeros(n)}, x, y)
    W1 = rng.normal(0.0, scale / np.sqrt(d), (d, d))
    W2 = rng.normal(0.0, scale / np.sqrt(d), (d, d))
    x, y = rng.normal(size=d), rng.normal(size=d)
    return Problem("2e", {"W1": W1, "W2": W2, "b": np.zeros(d)}, x, y)


def loss(model: str, params: Params, x, y) -> float:
    """The model's loss at ``params`` (2b: f, 2e: ell)."""
    if _check_model(model) == "2b":
        return ws.loss_2c(params["W"], params["b"], x, y)
    return ws.loss_2e(params["W1"], params["W2"], params["b"], x, y)


def closed_form_grads(model: str, params: Params, x, y) -> Params:
    """Gradients from the worksheet's closed forms (2c, 2e), keyed like params."""
    if _check_model(model) == "2b":
        g = ws.grads_2c(params["W"], params["b"], x, y)
        return {"W": g["dW"], "b": g["db"]}
    g = ws.grads_2e(params["W1"], params["W2"], params["b"], x, y)
    return {"W1": g["dW1"], "W2": g["dW2"], "b": g["db"]}


def closed_form_step(model: str, params: Params, x, y, eta: float) -> Params:
    """One gradient step written out as in the worksheet (step_2d / step_2f)."""
    if _check_model(model) == "2b":
        W, b = ws.step_2d(params["W"], params["b"], x, y, eta)
        return {"W": W, "b": b}
    W1, W2, b = ws.step_2f(params["W1"], params["W2"], params["b"], x, y, eta)
    return {"W1": W1, "W2": W2, "b": b}


def autodiff_grads(model: str, params: Params, x, y) -> Params:
    """Gradients by reverse-mode autodiff (core.graph) of the same loss."""
    leaves = {k: graph.Var(v, k) for k, v in params.items() if k in PARAM_NAMES[model]}
    if _check_model(model) == "2b":
        z = leaves["W"] @ np.asarray(x, float) + leaves["b"]
        r = float(y) - graph.sigmoid(z).sum()
        out = r * r
    else:
        hidden = leaves["W1"] @ np.asarray(x, float) + leaves["b"]
        x4 = leaves["W2"] @ hidden - np.asarray(y, float)
        out = 0.5 * (x4 * x4).sum()
    out.backward()
    return {k: v.grad.copy() for k, v in leaves.items()}


def step(params: Params, grads: Params, eta: float) -> Params:
    """``p - eta * grad`` for every parameter (inputs never mutated)."""
    return {k: params[k] - eta * grads[k] for k in params}


def residual(model: str, params: Params, x, y) -> np.ndarray:
    """Prediction minus target: 2b a shape-(1,) array, 2e shape (d,)."""
    if _check_model(model) == "2b":
        return np.array([-ws.grads_2c(params["W"], params["b"], x, y)["r"]])
    return ws.grads_2e(params["W1"], params["W2"], params["b"], x, y)["x4"]


def sharpness(model: str, params: Params, x, y) -> float:
    """Top eigenvalue lambda of the Gauss-Newton matrix of the loss at params.

    Near params the residual r moves as ``r <- (I - eta K) r`` with K = c J J^T
    (J = dr/dparams, c = 1 for 2e's 1/2 ||r||^2, c = 2 for 2b's r^2), so steps
    with ``eta > 2 / lambda`` overshoot and grow locally. 2e:
    ``J J^T = ||W1 x + b||^2 I + (||x||^2 + 1) W2 W2^T``; 2b:
    ``J J^T = (||x||^2 + 1) sum_i sigma'(z_i)^2``.
    """
    x = np.asarray(x, float)
    if _check_model(model) == "2b":
        g = ws.grads_2c(params["W"], params["b"], x, y)
        return float(2.0 * (x @ x + 1.0) * np.sum((g["s"] * (1 - g["s"])) ** 2))
    hidden = params["W1"] @ x + params["b"]
    top = np.linalg.norm(params["W2"], 2) ** 2 if params["W2"].size else 0.0
    return float(hidden @ hidden + (x @ x + 1.0) * top)


def update_terms(model: str, params: Params, x, y, eta: float) -> dict:
    """Every intermediate of one worksheet update, for printing it with numbers.

    Returns
    -------
    dict
        2b: ``z`` (n,), ``s`` = sigma(z), ``sprime`` = s (1 - s), ``coef`` =
        2 (sum s - y), ``grads``, ``new`` (params after the step), ``loss``.
        2e: ``hidden`` = W1 x + b, ``r`` = W2 hidden - y, ``back`` = W2^T r,
        ``grads``, ``new``, ``loss``.
    """
    if _check_model(model) == "2b":
        g = ws.grads_2c(params["W"], params["b"], x, y)
        out = {"z": g["z"], "s": g["s"], "sprime": g["s"] * (1 - g["s"])}
        out["coef"] = 2.0 * (float(g["s"].sum()) - float(y))
        out["loss"] = float(g["f"])
    else:
        g = ws.grads_2e(params["W1"], params["W2"], params["b"], x, y)
        out = {"hidden": g["x1"], "r": g["x4"], "back": g["dl_dx1"], "loss": float(g["ell"])}
    out["grads"] = closed_form_grads(model, params, x, y)
    out["new"] = closed_form_step(model, params, x, y, eta)
    return out


def check_update(model: str, params: Params, x, y, eta: float) -> dict:
    """Closed-form step (2d / 2f) against the autodiff step from the same weights.

    Returns
    -------
    dict
        ``closed`` and ``autodiff`` (params after one step each), ``max_diff``
        (largest |difference| over all entries) and ``max_abs`` (largest
        |entry| of the closed-form result, to judge max_diff against).
    """
    with np.errstate(all="ignore"):
        closed = closed_form_step(model, params, x, y, eta)
        auto = step(params, autodiff_grads(model, params, x, y), eta)
        diffs = [np.abs(closed[k] - auto[k]).ravel() for k in closed]
        everything = np.concatenate([np.abs(v).ravel() for v in closed.values()])
    flat = np.concatenate(diffs)
    return {
        "closed": closed,
        "autodiff": auto,
        "max_diff": float(flat.max()) if flat.size else 0.0,
        "max_abs": float(everything.max()) if everything.size else 0.0,
    }


@dataclass(frozen=True, eq=False)
class Run:
    """Gradient descent from one start at one rate.

    Attributes
    ----------
    eta : float
    params : list of dict
        Index k holds the weights after k steps (only finite records).
    losses : ndarray of shape (K,)
        Loss at each kept record; every value finite.
    residuals : ndarray of shape (K,)
        Prediction minus target along the starting residual's direction
        (2b: the scalar residual itself); a sign change is an overshoot.
    diverged_at : int or None
        First step whose loss exceeded BLOWUP * max(1, start loss) or stopped
        being finite (that record is kept when finite); None if it never did.
    """

    eta: float
    params: list
    losses: np.ndarray
    residuals: np.ndarray
    diverged_at: int | None

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def _finite(value: float, params: Params) -> bool:
    return bool(np.isfinite(value) and all(np.isfinite(p).all() for p in params.values()))


def run_descent(problem: Problem, eta: float, steps: int) -> Run:
    """Take ``steps`` closed-form steps at rate ``eta``; stop early on divergence.

    Never raises on overflow and never returns a NaN or inf: records stop at
    the last finite one.
    """
    if not np.isfinite(eta) or eta < 0:
        raise ValueError(f"the learning rate must be a finite number >= 0, got {eta}")
    m, x, y = problem.model, problem.x, problem.y
    params = {k: np.array(v, float) for k, v in problem.start.items()}
    r0 = residual(m, params, x, y)
    norm = float(np.linalg.norm(r0))
    direction = r0 / norm if norm > 0 else np.zeros_like(r0)
    kept, losses, res = [], [], []
    limit, diverged_at = None, None
    with np.errstate(all="ignore"):
        for k in range(int(steps) + 1):
            value = loss(m, params, x, y)
            if not _finite(value, params):
                diverged_at = k
                break
            limit = BLOWUP * max(1.0, value) if limit is None else limit
            kept.append(params)
            losses.append(value)
            res.append(float(residual(m, params, x, y) @ direction))
            if value > limit or not np.isfinite(res[-1]):
                diverged_at, res[-1] = k, float(np.nan_to_num(res[-1]))
                break
            if k < steps:
                params = closed_form_step(m, params, x, y, eta)
    return Run(float(eta), kept, np.array(losses), np.array(res), diverged_at)


def verdict(run: Run) -> str:
    """One word for what a run did: diverges, oscillates, converges, stalls or slow.

    - diverges: the loss blew up (``run.diverged``);
    - oscillates: the residual changed sign at >= 40 % of the steps, or the loss
      rose at >= 20 % of them (overshooting the minimum);
    - converges: the final loss is <= 1e-3 of the start;
    - stalls: the loss changed by < 1e-4 (relative) over the last 10 steps;
    - slow: still going down.
    """
    if run.diverged:
        return "diverges"
    losses, res = run.losses, run.residuals
    if losses.size < 3:
        return "slow"
    flips = np.mean(np.sign(res[1:]) * np.sign(res[:-1]) < 0)
    rises = np.mean(np.diff(losses) > 1e-12 * max(losses[0], 1e-300))
    if flips >= 0.4 or rises >= 0.2:
        return "oscillates"
    if losses[-1] <= 1e-3 * losses[0]:
        return "converges"
    tail = losses[-min(10, losses.size) :]
    if abs(tail[0] - tail[-1]) <= 1e-4 * max(abs(tail[0]), 1e-300):
        return "stalls"
    return "slow"
