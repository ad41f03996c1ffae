"""Reference answers of the exercises, by autodiff, and what makes an instance valid.

The reference is computed INDEPENDENTLY of the closed forms a student is
asked for: gradients by reverse-mode autodiff through :mod:`core.graph`
(build the loss from Vars, call ``backward()``), updates as
``param - eta * grad``, the side note's count by really running
:func:`core.gradcheck.numerical_gradient` and counting its evaluations.

Each exercise also lists "typical wrong" answers (closed forms of a mistake:
the σ' term dropped, W2 for W2ᵀ, ...). They are used only to name a mistake,
after the student's values have been compared with them at every instance.

Draws are redrawn until a wrong answer cannot agree by accident: no
saturated σ or tanh, no z near 0 (σ'(0) = 0.25), y far from Σσ(z), reference
not near zero, every typical wrong answer at least 1e-3 (relatively) away
from the reference, and square gradients not symmetric.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from core.gradcheck import numerical_gradient
from core.graph import Var, exp, sigmoid, tanh

__all__ = [
    "HIDDEN", "Instance", "Spec", "Variant", "count_side", "draw_1", "draw_2c", "draw_2e",
    "dsig", "grad_1b", "grad_1c", "grad_1e", "grad_2a", "grads_2c", "grads_2e", "make_instance",
    "ok_1", "ok_2c", "ok_2e", "ones", "parts_2e", "r_2c", "s_1b", "sig", "z_2c",
]  # fmt: skip

HIDDEN = 3  # hidden units of part 1's network (not a variable of the exercises)
PER_SIZE = 2  # instances per set of sizes


@dataclass(frozen=True)
class Variant:
    """A typical wrong answer: ``fn(values)`` is the wrong gradient (or count)."""

    code: str
    message: str
    fn: Callable[[Mapping[str, np.ndarray]], np.ndarray]


@dataclass(frozen=True)
class Spec:
    """How to draw, check and diagnose one exercise (internal)."""

    sizes: tuple[Mapping[str, int], ...]
    draw: Callable[[np.random.Generator, Mapping[str, int]], dict]
    grad: Callable[[Mapping[str, np.ndarray]], np.ndarray]  # autodiff reference
    ok: Callable[[Mapping[str, np.ndarray]], bool] = lambda v: True
    param: str | None = None  # an update exercise: answer = param - eta * grad
    variants: tuple[Variant, ...] = ()
    per_size: int = PER_SIZE


@dataclass(frozen=True)
class Instance:
    """One random instance: sizes, values, the right answer and the mistakes' values."""

    dims: Mapping[str, int]
    values: Mapping[str, np.ndarray]
    ref: np.ndarray  # the right answer
    grad: np.ndarray  # the gradient (for an update, the step's direction)
    param: np.ndarray | None  # an update: the value before the step, in ref's shape
    eta: float | None
    wrong: tuple[np.ndarray, ...]  # one per Spec.variants


def sig(s):
    return 1.0 / (1.0 + np.exp(-s))


def ones(shape):
    return np.ones(shape)


# --------------------------------------------------------------- part 1 (row convention)
def hidden(v):
    """Part 1's network with every weight a: (S1, x1) as Vars, x0 as a row."""
    d0 = v["x"].shape[0]
    w1 = Var(float(v["a"]) * ones((d0, HIDDEN)), "W1")
    s1 = Var(v["x"].T, "x0") @ w1
    return w1, s1, sigmoid(s1)


def grad_1b(v):
    _, _, x1 = hidden(v)
    return np.array(x1.value[0, 0])


def grad_1c(v):
    _, s1, x1 = hidden(v)
    d2 = v["delta2"].shape[0]
    s2 = x1 @ Var(float(v["a"]) * ones((HIDDEN, d2)), "W2")
    (s2 * v["delta2"].T).sum().backward()  # a loss whose d/dS2 is delta2
    return np.array(s1.grad[0, 0])


def grad_1e(v):
    d0, d1 = v["x"].shape[0], v["delta1"].shape[0]
    w1 = Var(float(v["a"]) * ones((d0, d1)), "W1")
    s1 = Var(v["x"].T, "x0") @ w1
    (s1 * v["delta1"].T).sum().backward()  # a loss whose d/dS1 is delta1
    return w1.grad


def draw_1(rng, dims):
    a = rng.choice([-1.0, 1.0]) * rng.uniform(0.4, 0.9)
    out = {"a": np.array(a), "x": rng.normal(size=(dims["d0"], 1))}
    if "d2" in dims:
        out["delta2"] = rng.normal(size=(dims["d2"], 1))
    if "d1" in dims:
        out["eta"] = np.array(rng.uniform(0.05, 0.5))
        out["delta1"] = rng.normal(size=(dims["d1"], 1))
    return out


def ok_1(v):
    good = 0.3 < abs(s_1b(v)) < 2.5
    if "delta2" in v:
        good = good and abs(v["delta2"].sum()) > 0.3
    return good


def s_1b(v):
    """S = a·Σx, every hidden unit's weighted input under constant weights (closed form)."""
    return float(v["a"]) * v["x"].sum()


def dsig(s):
    return sig(s) * (1 - sig(s))


# --------------------------------------------------------------- 2a
def grad_2a(v):
    w = Var(v["w"], "w")
    (w**2 + exp(w) + tanh(w)).backward()
    return w.grad


# --------------------------------------------------------------- 2c / 2d
def grads_2c(v):
    w, b = Var(v["W"], "W"), Var(v["b"], "b")
    z = w @ v["x"] + b
    f = (float(v["y"]) - sigmoid(z).sum()) ** 2
    f.backward()
    return {"W": w.grad, "b": b.grad}


def draw_2c(rng, dims):
    n, d = dims["n"], dims["d"]
    return {
        "W": rng.normal(0, 0.6, size=(n, d)),
        "b": rng.normal(0, 0.5, size=(n, 1)),
        "x": rng.normal(size=(d, 1)),
        "y": np.array(rng.uniform(-1.0, 3.0)),
        "eta": np.array(rng.uniform(0.05, 0.5)),
    }


def z_2c(v):
    """z = W x + b of 2c (closed form, for the wrong answers and the draw's checks)."""
    return v["W"] @ v["x"] + v["b"]


def r_2c(v):
    """Σ_j σ(z_j) − y: the sign in 2c's closed form (minus the worksheet's r)."""
    return sig(z_2c(v)).sum() - float(v["y"])


def ok_2c(v):
    size = np.abs(z_2c(v))
    return bool(np.all((size > 0.2) & (size < 2.5))) and abs(r_2c(v)) > 0.3


# --------------------------------------------------------------- 2e / 2f
def grads_2e(v, phi="tanh"):
    w1, w2, b, x = (Var(v[k], k) for k in ("W1", "W2", "b", "x"))
    x1 = w1 @ x + b
    x4 = w2 @ (tanh(x1) if phi == "tanh" else x1) - v["y"]
    (0.5 * (x4**2).sum()).backward()
    return {"W1": w1.grad, "W2": w2.grad, "b": b.grad, "x": x.grad}


def draw_2e(rng, dims):
    d = dims["d"]
    return {
        "W1": rng.normal(0, 0.6, size=(d, d)),
        "W2": rng.normal(0, 0.6, size=(d, d)),
        "b": rng.normal(0, 0.5, size=(d, 1)),
        "x": rng.normal(size=(d, 1)),
        "y": rng.normal(size=(d, 1)),
        "eta": np.array(rng.uniform(0.05, 0.3)),
    }


def ok_2e(v):
    x1 = np.abs(v["W1"] @ v["x"] + v["b"])
    return bool(np.all((x1 > 0.1) & (x1 < 2.0)))


def parts_2e(v, phi="tanh"):
    """x1, x2 = Φ(x1), x4 = W2 x2 - y and Φ'(x1) (closed forms for the WRONG answers)."""
    x1 = v["W1"] @ v["x"] + v["b"]
    x2 = np.tanh(x1) if phi == "tanh" else x1
    dphi = 1 - np.tanh(x1) ** 2 if phi == "tanh" else np.ones_like(x1)
    return x1, x2, v["W2"] @ x2 - v["y"], dphi


# --------------------------------------------------------------- side note
def count_side(v):
    """Evaluations the forward difference really makes for W1 and W2 of 2e together."""
    d = int(round(float(v["d"])))
    rng = np.random.default_rng(d)
    x, b, y = (rng.normal(size=(d, 1)) for _ in range(3))

    def loss(theta):
        w1, w2 = theta[: d * d].reshape(d, d), theta[d * d :].reshape(d, d)
        return 0.5 * float(np.sum((w2 @ np.tanh(w1 @ x + b) - y) ** 2))

    _, evals = numerical_gradient(loss, rng.normal(size=2 * d * d), method="forward")
    return np.array(float(evals))


def make_instance(spec: Spec, dims: Mapping[str, int], values: dict) -> Instance | None:
    """The instance of these values, or None if a wrong answer could agree by accident."""
    if not spec.ok(values):
        return None
    grad = np.asarray(spec.grad(values), dtype=np.float64)
    scale = float(np.max(np.abs(grad)))
    if not np.all(np.isfinite(grad)) or scale < 0.05:
        return None
    if grad.ndim == 2 and grad.shape[0] == grad.shape[1] and np.allclose(grad, grad.T, rtol=1e-3):
        return None
    wrong = tuple(np.asarray(var.fn(values), dtype=np.float64) for var in spec.variants)
    for w in wrong:
        try:
            gap = np.max(np.abs(np.broadcast_to(w, grad.shape) - grad))
        except ValueError:
            continue
        if gap < 1e-3 * scale:
            return None
    param = eta = None
    ref = grad
    if spec.param is not None:
        eta = float(values["eta"])
        param = np.broadcast_to(values[spec.param], grad.shape).astype(np.float64)
        ref = param - eta * grad
    frozen = MappingProxyType({k: np.array(v, dtype=np.float64) for k, v in values.items()})
    return Instance(MappingProxyType(dict(dims)), frozen, ref, grad, param, eta, wrong)
