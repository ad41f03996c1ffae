"""Per exercise: the sizes, the draw, the autodiff reference and the typical mistakes.

The mistakes are closed forms of WRONG answers (the σ' factor dropped, W2 for
W2ᵀ, ...); the checker names one only after the student's values agree with
it at every instance. :func:`instances` gives the fixed, validated instances
``check`` compares at (cached; a few milliseconds to build per exercise).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, partial
from types import MappingProxyType

import numpy as np

from lessons.exercises.references import (
    Instance,
    Spec,
    Variant,
    count_side,
    draw_1,
    draw_2c,
    draw_2e,
    dsig,
    grad_1b,
    grad_1c,
    grad_1e,
    grad_2a,
    grads_2c,
    grads_2e,
    make_instance,
    ok_1,
    ok_2c,
    ok_2e,
    ones,
    parts_2e,
    r_2c,
    s_1b,
    sig,
    z_2c,
)

__all__ = ["SPECS", "draw_instance", "instances", "warm"]

MAX_TRIES = 200

_M_SIG = "σ'(z) = σ(z)(1 − σ(z)), not σ(z): the derivative of σ is missing"
_M_TANH = "tanh'(x1) = 1 − tanh(x1)², not tanh(x1): the derivative of tanh is missing"
_M_W2T = "W2 must be transposed here: going back through x3 = W2 x2 multiplies by W2ᵀ"


def _sizes(*dicts: dict) -> tuple[Mapping[str, int], ...]:
    return tuple(MappingProxyType(d) for d in dicts)


_SIZES_2C = _sizes({"n": 3, "d": 2}, {"n": 2, "d": 4})
_SIZES_2E = _sizes({"d": 3}, {"d": 4})


# ------------------------------------------------------------------ part 1
def _variants_1b() -> tuple[Variant, ...]:
    a = lambda v: float(v["a"])  # noqa: E731
    return (
        Variant("activation", "The activation g = σ is missing: a hidden unit outputs x_j = σ(S_j)",
                lambda v: np.array(s_1b(v))),
        Variant("factor", "The weight a belongs inside σ: S_j = Σ_i a·x_i = a·Σ_i x_i, "
                "then x_j = σ(S_j)", lambda v: np.array(a(v) * sig(v["x"].sum()))),
        Variant("missing-term", "Every weight is a: S_j = Σ_i a·x_i, so a is missing",
                lambda v: np.array(sig(v["x"].sum()))),
        Variant("order", "σ is applied once, to the weighted sum S_j = a·Σ_i x_i, "
                "not to each input", lambda v: np.array(sig(a(v) * v["x"]).sum())),
    )  # fmt: skip


def _variants_1c() -> tuple[Variant, ...]:
    a = lambda v: float(v["a"])  # noqa: E731
    total = lambda v: float(v["delta2"].sum())  # noqa: E731
    return (
        Variant("missing-derivative", "The factor g'(S_i) = σ(S_i)(1 − σ(S_i)) with "
                "S_i = a·Σ_k x_k is missing", lambda v: np.array(a(v) * total(v))),
        Variant("missing-derivative", "The derivative is g'(S) = σ(S)(1 − σ(S)), not σ(S)",
                lambda v: np.array(sig(s_1b(v)) * a(v) * total(v))),
        Variant("missing-term", "Each δ_j⁽²⁾ comes back through the weight w_ij⁽²⁾ = a: "
                "the factor a is missing", lambda v: np.array(dsig(s_1b(v)) * total(v))),
    )  # fmt: skip


# ------------------------------------------------------------------ 2a
def _variants_2a() -> tuple[Variant, ...]:
    w = lambda v: v["w"]  # noqa: E731
    return (
        Variant("missing-derivative", "tanh'(w) = 1 − tanh(w)², not tanh(w)",
                lambda v: 2 * w(v) + np.exp(w(v)) + np.tanh(w(v))),
        Variant("missing-derivative", "This is f itself: differentiate each path "
                "(d/dw of w², eʷ and tanh w)",
                lambda v: w(v) ** 2 + np.exp(w(v)) + np.tanh(w(v))),
        Variant("factor", "The derivative of w² is 2w",
                lambda v: w(v) + np.exp(w(v)) + 1 - np.tanh(w(v)) ** 2),
        Variant("missing-derivative", "tanh'(w) = 1 − tanh(w)² (minus, not plus)",
                lambda v: 2 * w(v) + np.exp(w(v)) + 1 + np.tanh(w(v)) ** 2),
        Variant("missing-derivative", "tanh'(w) = 1 − tanh(w)²: the 1 is missing",
                lambda v: 2 * w(v) + np.exp(w(v)) - np.tanh(w(v)) ** 2),
        Variant("paths", "The three paths ADD: df/dw = Σ_i (∂f/∂x_i)(dx_i/dw), not a product",
                lambda v: 2 * w(v) * np.exp(w(v)) * (1 - np.tanh(w(v)) ** 2)),
    )  # fmt: skip


# ------------------------------------------------------------------ 2c / 2d
def _c2(v, inner: np.ndarray) -> np.ndarray:
    """2(Σσ(z) − y) · inner (n×1) · xᵀ: 2c's answer with a chosen middle factor."""
    return 2 * r_2c(v) * inner @ v["x"].T


def _variants_2c(key: str) -> tuple[Variant, ...]:
    need = ("Each row" if key == "W" else "Each entry") + " needs the factor σ'(z_i) = " \
        "σ(z_i)(1 − σ(z_i)) from ∂r/∂z_i = −σ'(z_i): it is missing"  # fmt: skip
    if key == "b":
        return (
            Variant("missing-derivative", need, lambda v: 2 * r_2c(v) * ones(v["b"].shape)),
            Variant("missing-derivative", _M_SIG, lambda v: 2 * r_2c(v) * sig(z_2c(v))),
        )
    return (
        Variant("missing-derivative", need, lambda v: _c2(v, ones(v["b"].shape))),
        Variant("missing-derivative", _M_SIG, lambda v: _c2(v, sig(z_2c(v)))),
        Variant("missing-term", "∂z_i/∂w_i = xᵀ is missing: row i of ∂f/∂W is a number times "
                "xᵀ, so end with @ x.T",
                lambda v: 2 * r_2c(v) * dsig(z_2c(v)) * ones(v["W"].shape)),
    )  # fmt: skip


# ------------------------------------------------------------------ 2e / 2f
def _grad_2e_variant(v, key: str, phi="tanh", w2t=True, w1t=True, deriv="prime", into="x2"):
    """2e's (or, with ``phi="id"``, 2f's) gradient ``key`` with mistakes switched on.

    ``w2t``/``w1t`` False: W2 / W1 where their transposes belong (``w2t=None``:
    W2ᵀ left out); ``deriv``: Φ' as "prime", "none" or "tanh"; ``into``: what
    W2's gradient multiplies x4 by ("x2" is right, "x1" or "x" are not).
    """
    x1, x2, x4, dphi = parts_2e(v, phi)
    if key == "W2":
        return x4 @ {"x2": x2, "x1": x1, "x": v["x"]}[into].T
    back = {True: v["W2"].T @ x4, False: v["W2"] @ x4, None: x4}[w2t]
    dx1 = {"prime": dphi, "none": 1.0, "tanh": np.tanh(x1)}[deriv] * back
    if key == "W1":
        return dx1 @ v["x"].T
    if key == "b":
        return dx1
    return (v["W1"].T if w1t else v["W1"]) @ dx1


_M_NO_W2 = "W2ᵀ is missing: going back through x3 = W2 x2 multiplies x4 by W2ᵀ"


def _variants_2e(key: str, phi: str = "tanh") -> tuple[Variant, ...]:
    g = partial(partial, _grad_2e_variant, key=key, phi=phi)
    x2 = "x2 = tanh(W1 x + b)" if phi == "tanh" else "x1 = W1 x + b"
    if key == "W2":
        out = [Variant("missing-term", f"W2 multiplies {x2}, so ∂ℓ/∂W2 = x4 {x2[:2]}ᵀ, "
                       "not x4 xᵀ", g(into="x"))]  # fmt: skip
        if phi == "tanh":
            out.append(Variant("activation", "The input of W2 is x2 = tanh(W1 x + b), not "
                               "W1 x + b: ∂ℓ/∂W2 = x4 x2ᵀ", g(into="x1")))  # fmt: skip
        return tuple(out)
    out = [
        Variant("transpose", _M_W2T, g(w2t=False)),
        Variant("missing-term", _M_NO_W2, g(w2t=None)),
    ]
    if phi == "tanh":
        where = {"W1": "between W2ᵀ x4 and xᵀ", "b": "times W2ᵀ x4", "x": "before W1ᵀ"}[key]
        out += [
            Variant("missing-derivative", f"The factor tanh'(x1) = 1 − tanh(x1)² is missing "
                    f"(elementwise, {where})", g(deriv="none")),
            Variant("missing-derivative", _M_TANH, g(deriv="tanh")),
        ]  # fmt: skip
    if key == "x":
        both = "W1 and W2 must both be transposed: ∂ℓ/∂x = W1ᵀ (tanh'(x1) ⊙ W2ᵀ x4)"
        out += [
            Variant("transpose", "W1 must be transposed: ∂ℓ/∂x = W1ᵀ (∂ℓ/∂x1)", g(w1t=False)),
            Variant("transpose", both, g(w1t=False, w2t=False)),
        ]
    return tuple(out)


def _variants_2f(key: str) -> tuple[Variant, ...]:
    tanh_note = "Φ is the identity in 2f: no tanh (x2 = x1 = W1 x + b)"
    out = (Variant("activation", tanh_note, partial(_grad_2e_variant, key=key)),)
    return out + _variants_2e(key, phi="id")


# ------------------------------------------------------------------ side note
def _count(fn: Callable[[float], float], v) -> np.ndarray:
    return np.array(float(fn(float(v["d"]))))


def _variants_side() -> tuple[Variant, ...]:
    pairs = (
        (lambda d: 2 * d * d + 2, "The evaluation ℓ(W1, W2) at the unperturbed point is "
         "shared by both matrices: count it once"),
        (lambda d: 2 * d * d, "The forward difference also needs ℓ at the unperturbed "
         "point, once: add 1"),
        (lambda d: d * d + 1, "W1 and W2 TOGETHER have 2d² entries, each nudged once"),
        (lambda d: 4 * d * d, "That counts the central difference (two evaluations per "
         "entry); the forward difference needs one per entry plus one"),
        (lambda d: d**4, "d⁴ is the order of the COST in operations (about d² evaluations of "
         "O(d²) each); count evaluations of ℓ instead"),
        (lambda d: 2 * d**4, "That is the order of the cost in operations; count the "
         "evaluations of ℓ instead"),
    )  # fmt: skip
    return tuple(Variant("count", message, partial(_count, fn)) for fn, message in pairs)


def _key_grad(grads: Callable, key: str, v, **kw) -> np.ndarray:
    return grads(v, **kw)[key]


SPECS: Mapping[str, Spec] = MappingProxyType({
    "1b-x": Spec(sizes=_sizes({"d0": 3}, {"d0": 5}), draw=draw_1, ok=ok_1, grad=grad_1b,
                 variants=_variants_1b()),
    "1c-delta": Spec(sizes=_sizes({"d0": 3, "d2": 2}, {"d0": 4, "d2": 5}), draw=draw_1,
                     ok=ok_1, grad=grad_1c, variants=_variants_1c()),
    "1e-W1": Spec(sizes=_sizes({"d0": 3, "d1": 2}, {"d0": 2, "d1": 4}), draw=draw_1,
                  grad=grad_1e, param="a"),
    "2a-sum": Spec(sizes=_sizes({}), per_size=4, grad=grad_2a, variants=_variants_2a(),
                   draw=lambda rng, dims: {"w": np.array(rng.uniform(-1.5, 1.5))},
                   ok=lambda v: abs(float(v["w"])) > 0.2),
    "2c-W": Spec(sizes=_SIZES_2C, draw=draw_2c, ok=ok_2c, grad=partial(_key_grad, grads_2c, "W"),
                 variants=_variants_2c("W")),
    "2c-b": Spec(sizes=_SIZES_2C, draw=draw_2c, ok=ok_2c, grad=partial(_key_grad, grads_2c, "b"),
                 variants=_variants_2c("b")),
    "2d-W": Spec(sizes=_SIZES_2C, draw=draw_2c, ok=ok_2c, grad=partial(_key_grad, grads_2c, "W"),
                 variants=_variants_2c("W"), param="W"),
    **{f"2e-{k}": Spec(sizes=_SIZES_2E, draw=draw_2e, ok=ok_2e, variants=_variants_2e(k),
                       grad=partial(_key_grad, grads_2e, k, phi="tanh"))
       for k in ("W2", "W1", "b", "x")},
    **{f"2f-{k}": Spec(sizes=_SIZES_2E, draw=draw_2e, ok=ok_2e, variants=_variants_2f(k),
                       grad=partial(_key_grad, grads_2e, k, phi="identity"), param=k)
       for k in ("W1", "W2", "b")},
    "side-evals": Spec(sizes=_sizes(*({"d": d} for d in (2, 3, 5, 7))), per_size=1,
                       draw=lambda rng, dims: {"d": np.array(float(dims["d"]))},
                       grad=count_side, variants=_variants_side()),
})  # fmt: skip


def draw_instance(exercise_id: str, seed: int, size_index: int = 0) -> Instance:
    """One valid instance of the given size set, drawn from ``seed`` (deterministic)."""
    spec = SPECS[exercise_id]
    dims = spec.sizes[size_index % len(spec.sizes)]
    rng = np.random.default_rng([sum(map(ord, exercise_id)), int(seed) % 2**63])
    for _ in range(MAX_TRIES):
        inst = make_instance(spec, dims, spec.draw(rng, dims))
        if inst is not None:
            return inst
    raise RuntimeError(f"no valid instance of {exercise_id} in {MAX_TRIES} draws")


@cache
def instances(exercise_id: str) -> tuple[Instance, ...]:
    """The instances ``check`` compares at: ``per_size`` per size set, fixed seeds.

    Ordered so that the first ``len(spec.sizes)`` cover every set of sizes once.
    """
    spec = SPECS[exercise_id]
    return tuple(
        draw_instance(exercise_id, 1000 + 10 * k + j, k)
        for j in range(spec.per_size)
        for k in range(len(spec.sizes))
    )


def warm() -> None:
    """Build every exercise's instances now (about 0.2 s), so no check pays for it."""
    for exercise_id in SPECS:
        instances(exercise_id)
