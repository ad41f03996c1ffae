"""core.graph.jvp (forward mode) against independent references.

Every expression is written once as a function of an ops namespace and run
twice, independently: on Vars with core.graph's functions (the graph under
test) and on plain ndarrays with numpy's (the reference). jvp must agree with
central finite differences of the numpy function along the same direction
(relative 1e-6), and for a one-number output with reverse mode:
<grad f, v> = jvp(f, v).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import graph
from core.graph import ForwardStep, Var, jvp, jvp_all, jvp_ops, jvp_steps

G = SimpleNamespace(
    sigmoid=graph.sigmoid, tanh=graph.tanh, relu=graph.relu, exp=graph.exp, log=graph.log
)
N = SimpleNamespace(
    sigmoid=lambda u: 1.0 / (1.0 + np.exp(-u)),
    tanh=np.tanh,
    relu=lambda u: np.maximum(u, 0.0),
    exp=np.exp,
    log=np.log,
)

EPS = 1e-6
RTOL = 1e-6


def directional_difference(f, arrays, directions, eps=EPS):
    """(f(x + eps v) - f(x - eps v)) / (2 eps), on the numpy reference."""
    plus = [a + eps * v for a, v in zip(arrays, directions, strict=True)]
    minus = [a - eps * v for a, v in zip(arrays, directions, strict=True)]
    return (np.asarray(f(*plus), dtype=float) - np.asarray(f(*minus), dtype=float)) / (2 * eps)


def inputs_away_from_kinks(rng, shapes, positive=False):
    """Entries with 0.5 <= |u| <= 1.5: off relu's kink at 0, and positive for log / roots."""
    out = []
    for shape in shapes:
        a = rng.uniform(0.5, 1.5, shape)
        if not positive:
            a = a * rng.choice([-1.0, 1.0], shape)
        out.append(np.asarray(a, dtype=float))
    return out


def check_jvp(fn, shapes, positive=False, seed=0):
    """jvp of fn's graph (every leaf, one leaf at a time, none) against the references."""
    rng = np.random.default_rng(seed)
    arrays = inputs_away_from_kinks(rng, shapes, positive)
    directions = [rng.normal(size=s) for s in shapes]

    def numpy_f(*arrs):
        return fn(N, *arrs)

    leaves = [Var(a, f"in{i}") for i, a in enumerate(arrays)]
    out = fn(G, *leaves)
    reference = np.asarray(numpy_f(*arrays), dtype=float)
    np.testing.assert_allclose(out.value, reference, rtol=1e-12, atol=1e-14)

    # all leaves at once, on a possibly non-scalar output
    got = jvp(out, dict(zip(leaves, directions, strict=True)))
    assert isinstance(got, np.ndarray) and got.shape == out.shape
    expected = directional_difference(numpy_f, arrays, directions)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=1e-7)

    # one leaf at a time: the others are missing, so their tangent is 0
    for i, leaf in enumerate(leaves):
        only = [d if j == i else np.zeros_like(d) for j, d in enumerate(directions)]
        np.testing.assert_allclose(
            jvp(out, {leaf: directions[i]}),
            directional_difference(numpy_f, arrays, only),
            rtol=RTOL,
            atol=1e-7,
            err_msg=f"input {i}",
        )

    # no tangents at all: exactly zero
    none = jvp(out, {})
    assert none.shape == out.shape and not none.any()

    # reverse mode on the scalar f = sum(weights * out): <grad f, v> = jvp(f, v)
    weights = rng.uniform(0.5, 1.5, out.shape)
    f = (out * weights).sum()
    f.backward()
    inner = sum(float(np.sum(leaf.grad * d)) for leaf, d in zip(leaves, directions, strict=True))
    forward = jvp(f, dict(zip(leaves, directions, strict=True)))
    assert forward.shape == ()
    assert float(forward) == pytest.approx(inner, rel=1e-10, abs=1e-12)
    # ... and jvp of the non-scalar output, weighted, is the same number
    assert float(np.sum(weights * got)) == pytest.approx(inner, rel=1e-10, abs=1e-12)


# name -> (formula over (ops, *inputs), input shapes, inputs positive?)
CASES = {
    # + - * / with broadcasting
    "add same shape": (lambda o, a, b: a + b, [(2, 3), (2, 3)], False),
    "add scalar + matrix": (lambda o, a, b: a + b, [(), (2, 3)], False),
    "add vector + matrix": (lambda o, v, m: v + m, [(3,), (2, 3)], False),
    "add column + row": (lambda o, c, r: c + r, [(2, 1), (1, 3)], False),
    "add number": (lambda o, a: a + 2.5, [(3,)], False),
    "radd ndarray constant": (lambda o, a: np.arange(3.0) + a, [(2, 3)], False),
    "sub broadcast": (lambda o, a, b: a - b, [(3,), (2, 3)], False),
    "sub column - row": (lambda o, c, r: c - r, [(3, 1), (1, 2)], False),
    "rsub number": (lambda o, a: 1.5 - a, [(2, 3)], False),
    "mul same shape": (lambda o, a, b: a * b, [(2, 3), (2, 3)], False),
    "mul scalar * matrix": (lambda o, s, m: s * m, [(), (2, 3)], False),
    "mul broadcast": (lambda o, a, b: a * b, [(2, 3), (3,)], False),
    "mul column * row": (lambda o, c, r: c * r, [(4, 1), (1, 3)], False),
    "rmul number": (lambda o, a: 3.0 * a, [(4,)], False),
    "div broadcast": (lambda o, a, b: a / b, [(2, 3), (3,)], False),
    "div scalar denominator": (lambda o, a, b: a / b, [(2, 3), ()], False),
    "div column / row": (lambda o, c, r: c / r, [(2, 1), (1, 3)], False),
    "rdiv number": (lambda o, a: 2.0 / a, [(3,)], False),
    # @ in every supported form
    "matrix @ vector": (lambda o, w, x: w @ x, [(2, 3), (3,)], False),
    "vector @ matrix": (lambda o, x, w: x @ w, [(2,), (2, 3)], False),
    "vector @ vector": (lambda o, a, b: a @ b, [(3,), (3,)], False),
    "matrix @ matrix": (lambda o, a, b: a @ b, [(2, 3), (3, 4)], False),
    "matrix @ column": (lambda o, w, x: w @ x, [(2, 3), (3, 1)], False),
    "ndarray constant @ var": (lambda o, x: np.arange(6.0).reshape(2, 3) @ x, [(3,)], False),
    # ** with a number exponent
    "pow 2": (lambda o, a: a**2, [(2, 3)], False),
    "pow 3": (lambda o, a: a**3, [(3,)], False),
    "pow 1": (lambda o, a: a**1, [(3,)], False),
    "pow 0": (lambda o, a: a**0 + a, [(3,)], False),
    "pow -1": (lambda o, a: a**-1, [(3,)], False),
    "pow -1.5": (lambda o, a: a**-1.5, [(3,)], True),
    "pow 0.5": (lambda o, a: a**0.5, [(2, 2)], True),
    # unary minus, sum, transpose
    "unary minus": (lambda o, a: -a, [(2, 3)], False),
    "sum": (lambda o, a: a.sum(), [(2, 3)], False),
    "sum of a scalar": (lambda o, a: a.sum() * 2.0, [()], False),
    "transpose matrix": (lambda o, a: a.T, [(2, 3)], False),
    "transpose then @": (lambda o, a, x: a.T @ x, [(3, 2), (3,)], False),
    "transpose of a vector": (lambda o, a: a.T * 2.0, [(3,)], False),
    "transpose of a column": (lambda o, a, b: a.T @ b, [(3, 1), (3, 1)], False),
    # functions
    "sigmoid": (lambda o, a: o.sigmoid(a), [(2, 3)], False),
    "tanh": (lambda o, a: o.tanh(a), [(2, 3)], False),
    "relu off the kink": (lambda o, a: o.relu(a), [(2, 3)], False),
    "exp": (lambda o, a: o.exp(a), [(2, 3)], False),
    "log of positive": (lambda o, a: o.log(a), [(2, 3)], True),
    "functions of numbers are constants": (
        lambda o, a: a * o.exp(0.5) + o.tanh(1.0),
        [(3,)],
        False,
    ),
    # a variable used twice (or more)
    "x * x": (lambda o, x: x * x, [(3,)], False),
    "x + x": (lambda o, x: x + x, [(2, 2)], False),
    "x / x": (lambda o, x: x / x, [(3,)], False),
    "x @ x (vector)": (lambda o, x: x @ x, [(3,)], False),
    "X @ X.T": (lambda o, x: x @ x.T, [(2, 3)], False),
    "X.T @ X": (lambda o, x: x.T @ x, [(2, 3)], False),
    "x through two paths": (
        lambda o, w, x: (w @ x).sum() * x.sum() + w @ x,
        [(2, 3), (3,)],
        False,
    ),
    "diamond (2a)": (lambda o, w: o.sigmoid(w) * o.tanh(w) + w**2, [()], False),
    # whole models
    "2b loss": (
        lambda o, W, x, b, y: (y - o.sigmoid(W @ x + b).sum()) ** 2,
        [(4, 3), (3,), (4,), ()],
        False,
    ),
    "2e loss": (
        lambda o, W1, W2, x, b, y: 0.5 * ((W2 @ o.tanh(W1 @ x + b) - y) ** 2).sum(),
        [(3, 3), (3, 3), (3,), (3,), (3,)],
        False,
    ),
    "2e hidden layer (vector output)": (
        lambda o, W1, x, b: o.tanh(W1 @ x + b),
        [(3, 3), (3,), (3,)],
        False,
    ),
    "batch layer (matrix output)": (
        lambda o, X, W, b: o.sigmoid(X @ W + b),
        [(5, 3), (3, 2), (2,)],
        False,
    ),
    "softplus chain": (lambda o, a, b: o.log(1.0 + o.exp(o.tanh(a) * b)), [(3,), (3,)], False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_jvp_matches_finite_differences_and_backward(name):
    fn, shapes, positive = CASES[name]
    check_jvp(fn, shapes, positive)


def test_every_op_kind_is_covered():
    """The table above reaches every op that backward() knows."""
    kinds = set()
    for fn, shapes, positive in CASES.values():
        leaves = [
            Var(a) for a in inputs_away_from_kinks(np.random.default_rng(1), shapes, positive)
        ]
        kinds |= {v._kind for v in fn(G, *leaves).topo() if v.parents}
    assert kinds == {"+", "-", "*", "/", "@", "**", "neg", "sum", "T", *graph.FUNCTIONS}


def test_jvp_by_hand_on_small_cases():
    x = Var([1.0, -2.0, 3.0], "x")
    np.testing.assert_array_equal(jvp(x * x, {x: [1.0, 0.0, 2.0]}), [2.0, 0.0, 12.0])
    w = Var(0.7, "w")
    f = graph.sigmoid(w) * graph.tanh(w) + w**2
    s, t = N.sigmoid(0.7), np.tanh(0.7)
    expected = t * s * (1 - s) + s * (1 - t**2) + 2 * 0.7  # the 2a sum over paths
    assert float(jvp(f, {w: 1.0})) == pytest.approx(expected, rel=1e-12)
    assert float(jvp(f, {w: 2.0})) == pytest.approx(2 * expected, rel=1e-12)
    # a leaf is its own derivative
    np.testing.assert_array_equal(jvp(x, {x: [4.0, 5.0, 6.0]}), [4.0, 5.0, 6.0])
    assert not jvp(x, {}).any()


def test_jvp_does_not_use_backward(monkeypatch):
    """A real forward pass: it works with reverse mode switched off, and leaves .grad alone."""

    def no_reverse(*args, **kwargs):
        raise AssertionError("jvp must not run reverse mode")

    monkeypatch.setattr(Var, "backward_steps", no_reverse)
    monkeypatch.setattr(Var, "_step", no_reverse)
    W, x = Var(np.eye(2) + 0.5, "W"), Var([0.3, -0.4], "x")
    out = graph.tanh(W @ x).sum()
    got = jvp(out, {W: np.ones((2, 2)), x: [1.0, 0.0]})
    assert got.shape == ()
    assert not W.has_grad and not W.grad.any() and not x.grad.any()


def test_missing_leaves_and_constants_have_tangent_zero():
    a, b = Var([1.0, 2.0], "a"), Var([3.0, -1.0], "b")
    out = a * b + 5.0
    np.testing.assert_allclose(jvp(out, {a: [1.0, 1.0]}), b.value)
    np.testing.assert_allclose(jvp(out, {b: [1.0, 1.0]}), a.value)
    # a tangent for a leaf the output does not depend on changes nothing
    other = Var(np.ones((4, 4)), "other")
    np.testing.assert_allclose(jvp(out, {a: [1.0, 1.0], other: np.ones((4, 4))}), b.value)


@pytest.mark.parametrize(
    "shape, tangent",
    [((3,), np.ones(2)), ((3,), np.ones((3, 1))), ((2, 3), np.ones((3, 2))), ((), np.ones(1))],
)
def test_a_tangent_of_the_wrong_shape_names_the_shapes(shape, tangent):
    x = Var(np.ones(shape), "x")
    out = (x * 2.0).sum()
    with pytest.raises(ValueError) as info:
        jvp(out, {x: tangent})
    message = str(info.value)
    assert str(tangent.shape) in message and str(shape) in message and "'x'" in message


def test_bad_tangent_keys():
    x = Var([1.0, 2.0], "x")
    y = x * 2.0
    with pytest.raises(ValueError, match="leaves only"):
        jvp(y.sum(), {y: [1.0, 1.0]})
    with pytest.raises(TypeError):
        jvp(y, {"x": [1.0, 1.0]})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        jvp(y, [(x, [1.0, 1.0])])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jvp(np.ones(2), {x: [1.0, 1.0]})  # type: ignore[arg-type]


def test_tangents_are_not_mutated_or_aliased():
    x = Var([1.0, 2.0], "x")
    t = np.array([1.0, -1.0])
    got = jvp(x, {x: t})
    got[0] = 99.0
    assert t[0] == 1.0
    steps = jvp_steps(x + 1.0, {x: t})
    steps[0].tangent[1] = 99.0
    assert t[1] == -1.0


def test_jvp_steps_walk_inputs_first():
    w = Var(0.7, "w")
    f = graph.sigmoid(w) * graph.tanh(w) + w**2
    steps = jvp_steps(f, {w: 1.0})
    assert all(isinstance(s, ForwardStep) for s in steps)
    assert [s.node for s in steps] == f.topo()
    assert steps[0].node is w and float(steps[0].tangent) == 1.0
    assert steps[-1].tangent == pytest.approx(float(jvp(f, {w: 1.0})), rel=1e-15)
    # every node's tangent is the derivative of that node along w (finite differences)
    for node, tangent in steps:
        assert tangent.shape == node.shape
        for_node = {"": lambda v: v, "sigmoid": N.sigmoid, "tanh": np.tanh}
        if node.op in for_node:
            fd = (for_node[node.op](0.7 + EPS) - for_node[node.op](0.7 - EPS)) / (2 * EPS)
            assert float(tangent) == pytest.approx(fd, rel=RTOL)
    # constants show a zero tangent
    c = Var([1.0, 2.0], "c")
    steps = jvp_steps(c * 3.0, {c: [1.0, 0.0]})
    const = [s for s in steps if s.node.constant]
    assert len(const) == 1 and not const[0].tangent.any()


def test_jvp_all_is_the_jacobian_and_counts_passes():
    rng = np.random.default_rng(4)
    W0, x0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    W, x = Var(W0, "W"), Var(x0, "x")
    h = graph.tanh(W @ x)  # a vector output: its Jacobian w.r.t. x is diag(1 - h^2) W
    jac, passes = jvp_all(h, x)
    assert passes == 3 and jac.shape == (2, 3)
    np.testing.assert_allclose(jac, (1 - np.tanh(W0 @ x0) ** 2)[:, None] * W0, rtol=1e-12)
    f = h.sum()
    grad, passes = jvp_all(f, W)
    assert passes == W.value.size == 6 and grad.shape == (2, 3)
    f.backward()
    np.testing.assert_allclose(grad, W.grad, rtol=1e-12)
    with pytest.raises(TypeError):
        jvp_all(f, W0)  # type: ignore[arg-type]


def test_jvp_ops_counts_the_tangent_pass():
    W, x, b = Var(np.ones((2, 3))), Var(np.ones(3)), Var(np.ones(2))
    out = graph.tanh(W @ x + b).sum()
    # @: 2 * (2 * 3 * 1); +: 2 elements * 2 inputs; tanh: 2; sum: 2
    assert jvp_ops(out) == 12 + 4 + 2 + 2
    assert jvp_ops(W) == 0


def test_deep_graphs_do_not_recurse():
    x = Var(1.0, "x")
    y = x
    for _ in range(5000):
        y = y * 1.0 + 1.0
    assert float(jvp(y, {x: 2.0})) == 2.0


def test_non_finite_values_propagate_quietly():
    x = Var([0.0, 1.0], "x")
    with np.errstate(all="raise"):
        got = jvp(graph.log(x), {x: [1.0, 1.0]})
    assert np.isinf(got[0]) and got[1] == 1.0


# ---- random compositions -------------------------------------------------------------
# Each op keeps values bounded and away from kinks and poles, so finite differences
# stay accurate: no relu here (a random composition could land within 1e-3 of its
# kink), log only of 1 + a^2 > 0, division only by 1 + b^2 >= 1.
OPS = [
    lambda o, a, b: a + b,
    lambda o, a, b: a - b,
    lambda o, a, b: a * o.tanh(b),
    lambda o, a, b: a / (1.0 + b * b),
    lambda o, a, b: o.sigmoid(a) * 2.0,
    lambda o, a, b: o.exp(o.tanh(a)),
    lambda o, a, b: o.log(1.0 + a**2),
    lambda o, a, b: -a,
    lambda o, a, b: o.tanh(a) ** 3,
    lambda o, a, b: o.tanh(a.sum()) * b,
    lambda o, a, b: o.tanh((a @ b) * 0.3) + a,
    lambda o, a, b: (np.eye(3) * 0.5) @ a + b.T,
    lambda o, a, b: a * a,
]


@settings(max_examples=60, deadline=None)
@given(
    program=st.lists(
        st.tuples(st.integers(0, len(OPS) - 1), st.integers(0, 20), st.integers(0, 20)),
        min_size=1,
        max_size=8,
    ),
    seed=st.integers(0, 2**16),
)
def test_random_compositions(program, seed):
    def fn(o, *inputs):
        pool = list(inputs)
        for op, i, j in program:
            pool.append(OPS[op](o, pool[i % len(pool)], pool[j % len(pool)]))
        return pool[-1]

    check_jvp(fn, [(3,), (3,), (3,)], seed=seed)


# relu drawn directly: |u| > 1e-3 keeps every entry off the kink at 0 (and finite
# differences with eps = 1e-6 never cross it).
AWAY_FROM_KINK = st.floats(1e-3, 10.0).flatmap(lambda m: st.sampled_from([m, -m]))


@settings(max_examples=60, deadline=None)
@given(
    u=st.lists(AWAY_FROM_KINK, min_size=1, max_size=6),
    v=st.lists(st.floats(-10.0, 10.0), min_size=6, max_size=6),
)
def test_relu_and_friends_on_drawn_values(u, v):
    x0 = np.array(u)
    t = np.array(v[: len(u)])
    x = Var(x0, "x")
    for g_fn, n_fn in [(G.relu, N.relu), (G.sigmoid, N.sigmoid), (G.tanh, N.tanh)]:
        got = jvp(g_fn(x) * x, {x: t})
        expected = directional_difference(lambda a, n_fn=n_fn: n_fn(a) * a, [x0], [t])
        np.testing.assert_allclose(got, expected, rtol=RTOL, atol=1e-6)


POSITIVE = st.floats(1e-2, 1e3)  # log and fractional powers need positive inputs


@settings(max_examples=60, deadline=None)
@given(u=st.lists(POSITIVE, min_size=1, max_size=6), p=st.sampled_from([-2.0, -0.5, 0.5, 3.0]))
def test_log_and_powers_of_positive_values(u, p):
    x0 = np.array(u)
    x = Var(x0, "x")
    t = np.linspace(-1.0, 1.0, x0.size)
    got = jvp(graph.log(x) + x**p, {x: t})

    # elementwise, so each entry gets a step relative to its own size
    def f(a):
        return np.log(a) + a**p

    h = 1e-6 * x0
    expected = (f(x0 + h * t) - f(x0 - h * t)) / (2 * h)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=1e-12)
