"""lessons.chain_rule.examples and lessons.chain_rule.derivatives against hand-worked derivatives.

References are written here with the math module (or numpy formulas taken from
the worksheet), never taken from the code under test.
"""

import math

import numpy as np
import pytest

from core.expr import ExpressionError
from core.graph import Var, sigmoid, tanh
from lessons.chain_rule import examples as ce
from lessons.chain_rule.derivatives import (
    F_FUNCTIONS,
    G_FUNCTIONS,
    grad_2a,
    local_derivative,
    paths_2a,
)

# g and g' by hand, for every inner function the page offers
HAND_G = {
    "square": (lambda w: w * w, lambda w: 2 * w),
    "cube": (lambda w: w**3, lambda w: 3 * w * w),
    "exp": (math.exp, math.exp),
    "tanh": (math.tanh, lambda w: 1 - math.tanh(w) ** 2),
    "sigmoid": (
        lambda w: 1 / (1 + math.exp(-w)),
        lambda w: math.exp(-w) / (1 + math.exp(-w)) ** 2,
    ),
    "double": (lambda w: 2 * w, lambda w: 2.0),
    "negate": (lambda w: -w, lambda w: -1.0),
    "relu": (lambda w: max(w, 0.0), lambda w: 1.0 if w > 0 else 0.0),
}
HAND_F = {
    "sum": lambda xs: sum(xs),
    "product": lambda xs: math.prod(xs),
    "sum of squares": lambda xs: sum(x * x for x in xs),
}


def test_registries_cover_the_hand_tables():
    assert set(G_FUNCTIONS) == set(HAND_G)
    assert set(F_FUNCTIONS) == set(HAND_F)


def test_2a_default_by_hand():
    # f = w^2 + e^w + tanh w at w = 0.5: df/dw = 2w + e^w + 1 - tanh^2 w
    ex = ce.build_2a(("square", "exp", "tanh"), "sum", 0.5)
    expected = 1.0 + math.exp(0.5) + 1 - math.tanh(0.5) ** 2
    assert float(ex.leaves["w"].grad) == pytest.approx(expected, rel=1e-12)
    assert float(ex.out.value) == pytest.approx(0.25 + math.exp(0.5) + math.tanh(0.5))
    # w feeds each x_i: n paths leave w
    consumers = [v for v in ex.out.topo() if any(p is ex.leaves["w"] for p in v.parents)]
    assert sorted(v.name for v in consumers) == ["x1", "x2", "x3"]


@pytest.mark.parametrize("f", sorted(HAND_F))
@pytest.mark.parametrize("g", sorted(HAND_G))
def test_2a_every_g_and_f_matches_the_chain_rule_by_hand(g, f):
    gs = (g, "exp", "square")
    w = 0.7
    xs = [HAND_G[name][0](w) for name in gs]
    dx = [HAND_G[name][1](w) for name in gs]
    h = 1e-6  # partials of f by central differences of the hand f
    df = []
    for i in range(3):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        df.append((HAND_F[f](up) - HAND_F[f](down)) / (2 * h))
    expected = sum(a * b for a, b in zip(df, dx, strict=True))
    ex = ce.build_2a(gs, f, w)
    assert float(ex.leaves["w"].grad) == pytest.approx(expected, rel=1e-6, abs=1e-8)
    assert grad_2a(gs, f, w) == pytest.approx(expected, rel=1e-6, abs=1e-8)
    df_dx, dx_dw = paths_2a(gs, f, w)
    np.testing.assert_allclose(dx_dw, dx, rtol=1e-12)
    np.testing.assert_allclose(df_dx, df, rtol=1e-6, atol=1e-8)


def test_2a_rejects_bad_n():
    with pytest.raises(ValueError, match="1 to 5"):
        ce.build_2a((), "sum", 0.0)
    with pytest.raises(ValueError, match="1 to 5"):
        ce.build_2a(("exp",) * 6, "sum", 0.0)


def _hand_2c(W, b, x, y):
    z = W @ x + b
    s = 1 / (1 + np.exp(-z))
    common = 2 * (s.sum() - y) * s * (1 - s)
    return np.outer(common, x), common


@pytest.mark.parametrize("per_unit", [True, False])
@pytest.mark.parametrize(("n", "d", "seed", "y"), [(2, 2, 0, 1.5), (5, 6, 7, -3.0), (1, 1, 3, 3.0)])
def test_2b_gradients_equal_the_2c_closed_form(n, d, seed, y, per_unit):
    ex = ce.build_2b(n, d, seed, y, per_unit)
    v = ce.values_2b(n, d, seed, y)
    dW, db = _hand_2c(v["W"], v["b"], v["x"], y)
    if per_unit:
        for i in range(n):
            np.testing.assert_allclose(ex.leaves[f"w{i + 1}"].grad, dW[i], atol=1e-12)
            np.testing.assert_allclose(ex.leaves[f"b{i + 1}"].grad, db[i], atol=1e-12)
    else:
        np.testing.assert_allclose(ex.leaves["W"].grad, dW, atol=1e-12)
        np.testing.assert_allclose(ex.leaves["b"].grad, db, atol=1e-12)
    z = v["W"] @ v["x"] + v["b"]
    assert float(ex.out.value) == pytest.approx((y - (1 / (1 + np.exp(-z))).sum()) ** 2)


PHI = {
    "identity": (lambda u: u, lambda u: np.ones_like(u)),
    "sigmoid": (lambda u: 1 / (1 + np.exp(-u)), lambda u: np.exp(-u) / (1 + np.exp(-u)) ** 2),
    "tanh": (np.tanh, lambda u: 1 / np.cosh(u) ** 2),
    "relu": (lambda u: np.maximum(u, 0), lambda u: (u > 0).astype(float)),
}


@pytest.mark.parametrize("phi", sorted(PHI))
@pytest.mark.parametrize("d", [1, 3])
def test_2e_gradients_equal_the_worksheet_formulas(phi, d):
    ex = ce.build_2e(d, phi, seed=5)
    v = ce.values_2e(d, 5)
    fn, der = PHI[phi]
    x1 = v["W1"] @ v["x"] + v["b"]
    x2 = fn(x1)
    x4 = v["W2"] @ x2 - v["y"]
    dx1 = der(x1) * (v["W2"].T @ x4)
    g = {k: ex.leaves[k].grad for k in ex.leaves}
    np.testing.assert_allclose(g["W2"], np.outer(x4, x2), atol=1e-12)
    np.testing.assert_allclose(g["b"], dx1, atol=1e-12)
    np.testing.assert_allclose(g["W1"], np.outer(dx1, v["x"]), atol=1e-12)
    np.testing.assert_allclose(g["x"], v["W1"].T @ dx1, atol=1e-12)
    np.testing.assert_allclose(g["y"], -x4, atol=1e-12)
    assert float(ex.out.value) == pytest.approx(0.5 * float(x4 @ x4))


def test_2e_rejects_unknown_phi():
    with pytest.raises(ValueError, match="unknown Phi"):
        ce.build_2e(2, "sin")


def test_formula_uses_a_variable_twice():
    x = np.array([1.0, -2.0, 0.5])
    ex = ce.build_formula("x @ x + sum(3 * x)", {"x": x, "unused": np.array(1.0)})
    np.testing.assert_allclose(ex.leaves["x"].grad, 2 * x + 3)
    assert set(ex.leaves) == {"x"}  # only the variables the formula uses
    assert ex.out.name == "f"


def test_formula_errors_are_messages():
    with pytest.raises(ValueError, match="wrap it in sum"):
        ce.build_formula("x * 2", {"x": np.ones(3)})
    with pytest.raises(ExpressionError):
        ce.build_formula("x.__class__", {"x": np.ones(3)})


@pytest.mark.parametrize("kind", ["2a", "2b", "2e", "own"])
def test_verify_agrees_with_closed_forms_and_differences(kind):
    ex = {
        "2a": lambda: ce.build_2a(("cube", "sigmoid"), "product", -0.3),
        "2b": lambda: ce.build_2b(3, 2, 1, 0.5),
        "2e": lambda: ce.build_2e(2, "sigmoid", 2),
        "own": lambda: ce.build_formula(
            "log(1 + exp(sum(A @ v)))", {"A": ce.drawn(0, "A", (2, 2)), "v": np.ones(2)}
        ),
    }[kind]()
    checks = ce.verify(ex)
    assert [c.name for c in checks] == list(ex.leaves)
    for c in checks:
        np.testing.assert_allclose(c.numeric, c.graph, atol=1e-7)
        if c.closed is not None:
            np.testing.assert_allclose(c.closed, c.graph, atol=1e-12)
    assert any(c.closed is not None for c in checks) == (kind != "own")


def test_verify_survives_huge_values():
    ex = ce.build_formula("sum(x * x)", {"x": np.array([1e12, 1.0])})
    (check,) = ce.verify(ex)
    assert np.all(np.isnan(check.numeric))  # eps is lost next to 1e12: no estimate, no crash
    np.testing.assert_allclose(check.graph, [2e12, 2.0])


def test_drawn_is_seeded_rounded_and_per_name():
    a = ce.drawn(3, "W", (2, 3))
    np.testing.assert_array_equal(a, ce.drawn(3, "W", (2, 3)))
    np.testing.assert_array_equal(a, np.round(a, 2))
    assert not np.array_equal(a, ce.drawn(4, "W", (2, 3)))
    assert not np.array_equal(a, ce.drawn(3, "V", (2, 3)))


@pytest.mark.parametrize(
    ("make", "index", "fn"),
    [
        (lambda u, c: u * c, 0, lambda u, c: u * c),
        (lambda u, c: c / u, 1, lambda u, c: c / u),
        (lambda u, c: u - c, 0, lambda u, c: u - c),
        (lambda u, c: c - u, 1, lambda u, c: c - u),
        (lambda u, c: u**3, 0, lambda u, c: u**3),
        (lambda u, c: -u, 0, lambda u, c: -u),
        (lambda u, c: sigmoid(u), 0, lambda u, c: 1 / (1 + np.exp(-u))),
        (lambda u, c: tanh(u), 0, lambda u, c: np.tanh(u)),
    ],
)
def test_local_derivative_matches_finite_differences(make, index, fn):
    u0, c0, h = np.array([0.3, -1.2]), np.array([2.0, 0.5]), 1e-6
    node = make(Var(u0, "u"), Var(c0, "c"))
    expected = (fn(u0 + h, c0) - fn(u0 - h, c0)) / (2 * h)
    np.testing.assert_allclose(local_derivative(node, index), expected, rtol=1e-6)


def test_local_derivative_of_matmul_is_none():
    node = Var(np.eye(2), "A") @ Var(np.ones(2), "v")
    assert local_derivative(node, 0) is None
