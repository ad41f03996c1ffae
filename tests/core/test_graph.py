"""core.graph against independent references: plain numpy forward passes, central
finite differences, and the worksheet's closed forms (2a, 2b/2c, 2e)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import graph
from core.graph import Var, grads_after

# The same formula is written once and run twice: on Vars with these functions,
# and on plain ndarrays with numpy's (the reference).
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


def central_difference(f, arrays, i, eps=1e-6):
    """d f / d arrays[i] by central differences, entry by entry."""
    base = [np.array(a, dtype=float) for a in arrays]
    grad = np.zeros_like(base[i])
    for idx in np.ndindex(base[i].shape):
        plus = [a.copy() for a in base]
        minus = [a.copy() for a in base]
        plus[i][idx] += eps
        minus[i][idx] -= eps
        grad[idx] = (f(*plus) - f(*minus)) / (2 * eps)
    return grad


def random_inputs(rng, shapes, positive=False):
    """Entries of size 0.5..1.5 (away from relu's kink and from 0), random sign."""
    out = []
    for shape in shapes:
        a = rng.uniform(0.5, 1.5, shape)
        if not positive:
            a = a * rng.choice([-1.0, 1.0], shape)
        out.append(np.asarray(a, dtype=float))
    return out


def check_against_numpy(fn, shapes, positive=False, seed=0):
    """Forward value equals numpy's; every input's grad equals central differences."""
    rng = np.random.default_rng(seed)
    arrays = random_inputs(rng, shapes, positive)
    reference = np.asarray(fn(N, *arrays))
    weights = np.asarray(rng.uniform(0.5, 1.5, reference.shape))  # distinct per output entry

    def loss(*arrs):
        return float(np.sum(np.asarray(fn(N, *arrs)) * weights))

    leaves = [Var(a, f"in{i}") for i, a in enumerate(arrays)]
    out = fn(G, *leaves)
    assert isinstance(out, Var)
    np.testing.assert_allclose(out.value, reference, rtol=1e-12, atol=1e-14)
    (out * weights).sum().backward()
    for i, leaf in enumerate(leaves):
        assert leaf.grad.shape == leaf.value.shape
        numeric = central_difference(loss, arrays, i)
        np.testing.assert_allclose(leaf.grad, numeric, rtol=1e-6, atol=1e-7, err_msg=f"input {i}")


# name -> (formula over (ops, *inputs), input shapes, inputs positive?)
CASES = {
    "add same shape": (lambda o, a, b: a + b, [(2, 3), (2, 3)], False),
    "add scalar + matrix": (lambda o, a, b: a + b, [(), (2, 3)], False),
    "add matrix + scalar var": (lambda o, a, b: b + a, [(), (2, 3)], False),
    "add vector + matrix rows": (lambda o, v, m: v + m, [(3,), (2, 3)], False),
    "add column + matrix": (lambda o, c, m: c + m, [(2, 1), (2, 3)], False),
    "sub broadcast": (lambda o, a, b: a - b, [(3,), (2, 3)], False),
    "rsub number": (lambda o, a: 1.5 - a, [(2, 3)], False),
    "mul broadcast": (lambda o, a, b: a * b, [(2, 3), (3,)], False),
    "rmul number": (lambda o, a: 3.0 * a, [(4,)], False),
    "div broadcast": (lambda o, a, b: a / b, [(2, 3), (3,)], False),
    "div scalar denominator": (lambda o, a, b: a / b, [(2, 3), ()], False),
    "rdiv number": (lambda o, a: 2.0 / a, [(3,)], False),
    "matrix @ vector": (lambda o, w, x: w @ x, [(2, 3), (3,)], False),
    "vector @ matrix": (lambda o, x, w: x @ w, [(2,), (2, 3)], False),
    "vector @ vector": (lambda o, a, b: a @ b, [(3,), (3,)], False),
    "matrix @ matrix": (lambda o, a, b: a @ b, [(2, 3), (3, 4)], False),
    "ndarray constant @ var": (lambda o, x: np.arange(6.0).reshape(2, 3) @ x, [(3,)], False),
    "ndarray constant + var": (lambda o, x: np.arange(3.0) + x, [(2, 3)], False),
    "pow 2": (lambda o, a: a**2, [(2, 3)], False),
    "pow 3": (lambda o, a: a**3, [(3,)], False),
    "pow -1.5": (lambda o, a: a**-1.5, [(3,)], True),
    "pow 0.5": (lambda o, a: a**0.5, [(3,)], True),
    "unary minus": (lambda o, a: -a, [(2, 3)], False),
    "sum": (lambda o, a: a.sum() ** 2, [(2, 3)], False),
    "transpose": (lambda o, a, x: a.T @ x, [(3, 2), (3,)], False),
    "transpose matrix": (lambda o, a: a.T * np.arange(6.0).reshape(3, 2), [(2, 3)], False),
    "sigmoid": (lambda o, a: o.sigmoid(a), [(2, 3)], False),
    "tanh": (lambda o, a: o.tanh(a), [(2, 3)], False),
    "relu off the kink": (lambda o, a: o.relu(a), [(2, 3)], False),
    "exp": (lambda o, a: o.exp(a), [(2, 3)], False),
    "log": (lambda o, a: o.log(a), [(2, 3)], True),
    "x * x (used twice)": (lambda o, x: x * x, [(3,)], False),
    "a + a (used twice)": (lambda o, a: a + a, [(2, 2)], False),
    "shared through two paths": (
        lambda o, w, x: (w @ x).sum() * x.sum() + w @ x,
        [(2, 3), (3,)],
        False,
    ),
    "chain of functions": (lambda o, a, b: o.log(1.0 + o.exp(o.tanh(a) * b)), [(3,), (3,)], False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_op_matches_numpy_and_central_differences(name):
    fn, shapes, positive = CASES[name]
    check_against_numpy(fn, shapes, positive)


def test_used_twice_collects_both_contributions():
    x = Var([1.0, -2.0, 3.0])
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, -4.0, 6.0])
    a = Var(1.5)
    (a + a).backward()
    assert a.grad == 2.0


def test_second_backward_recomputes_from_zero():
    w = Var(np.array([[0.3, -0.2], [0.1, 0.4]]), "W")
    x = Var(np.array([1.0, 2.0]), "x")
    f = graph.tanh(w @ x).sum() * x.sum()
    f.backward()
    first = [w.grad.copy(), x.grad.copy()]
    f.backward()
    np.testing.assert_array_equal(w.grad, first[0])
    np.testing.assert_array_equal(x.grad, first[1])
    assert f.grad == 1.0


def test_grads_are_zero_until_backward():
    x = Var(np.ones((2, 2)))
    y = (x * 3.0).sum()
    assert x.grad.shape == (2, 2) and not x.grad.any()
    assert not y.grad.any() and not x.has_grad
    y.backward()
    assert x.has_grad and (x.grad == 3.0).all()


@pytest.mark.parametrize("shape", [(2,), (2, 2), (3, 1)])
def test_backward_on_more_than_one_number_raises(shape):
    y = Var(np.ones(shape)) * 2.0
    with pytest.raises(ValueError, match="one number"):
        y.backward()


def test_backward_on_a_one_element_array_is_allowed():
    x = Var([[2.0]])
    (x * x).backward()
    assert x.grad.shape == (1, 1) and x.grad[0, 0] == 4.0


def test_leaves_and_constants():
    x = Var(2, "x")
    assert x.value.shape == () and x.value.dtype == np.float64
    assert x.op == "" and x.parents == () and x.name == "x" and not x.constant
    y = x * 0.5
    const = y.parents[1]
    assert y.op == "*" and y.parents[0] is x
    assert const.constant and const.op == "" and const.name == "0.5"
    z = np.ones(3) + x  # ndarray on the left must not become an object array
    assert isinstance(z, Var) and z.parents[0].constant and z.value.shape == (3,)


def test_value_is_copied():
    a = np.ones(3)
    x = Var(a)
    a[0] = 5.0
    assert x.value[0] == 1.0


@pytest.mark.parametrize("bad", [lambda x: x ** Var(2.0), lambda x: 2.0**x, lambda x: x ** "2"])
def test_exponent_must_be_a_number(bad):
    with pytest.raises(TypeError):
        bad(Var([1.0, 2.0]))


def test_exponent_must_be_finite():
    with pytest.raises(ValueError):
        Var(2.0) ** float("inf")


def test_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(2,\)"):
        Var(np.ones((2, 3))) @ Var(np.ones(2))
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        Var(np.ones(2)) + Var(np.ones(3))
    with pytest.raises(ValueError):
        Var(2.0) @ Var(np.ones(2))
    with pytest.raises(TypeError):
        Var(1.0) + "a"


def diamond():
    """w fans out to three functions that all feed f (worksheet 2a)."""
    w = Var(0.7, "w")
    x1, x2, x3 = graph.sigmoid(w), graph.tanh(w), w**2
    return w, (x1, x2, x3), x1 * x2 + x3


def test_2a_paths_add_up():
    w, _, f = diamond()
    f.backward()
    s, t, v = N.sigmoid(0.7), np.tanh(0.7), 0.7
    # df/dw = sum over paths (df/dx_i)(dx_i/dw)
    expected = t * s * (1 - s) + s * (1 - t**2) + 2 * v
    assert w.grad == pytest.approx(expected, rel=1e-12)


def test_topo_order():
    w, (x1, x2, x3), f = diamond()
    order = f.topo()
    assert order[-1] is f and order[0] is w
    # w (once), sigmoid, tanh, **2, x1 * x2 and f = ... + x3
    assert len(order) == len({id(v) for v in order}) == 6
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        assert all(position[id(p)] < position[id(v)] for p in v.parents)
    assert {id(x1), id(x2), id(x3)} <= set(position)


def test_topo_handles_deep_graphs():
    x = Var(1.0, "x")
    y = x
    for _ in range(5000):  # deeper than Python's recursion limit
        y = y + 1.0
    y.backward()
    assert len(y.topo()) == 10001 and x.grad == 1.0


def test_backward_steps_walk_reverse_topological_order():
    w, _, f = diamond()
    steps = f.backward_steps()
    assert [s.node for s in steps] == list(reversed(f.topo()))
    # what the steps added up to is exactly what backward() leaves in .grad
    total = grads_after(steps, len(steps))
    for v in f.topo():
        np.testing.assert_allclose(total[v], v.grad, rtol=1e-12)
    first = grads_after(steps, 0)
    assert list(first) == [f] and first[f] == 1.0
    node, contributions = steps[0]
    assert node is f and [p for p, _ in contributions] == list(f.parents)
    assert not steps[-1].contributions  # a leaf passes nothing back


def test_backward_step_info_names_each_parent():
    a, b = Var(2.0, "a"), Var(3.0, "b")
    info = (a * b).backward_step_info()
    assert [i.parent for i in info] == [a, b]
    assert "= b" in info[0].local and "= a" in info[1].local
    (p3,) = (a**3).backward_step_info()
    assert "3" in p3.local and "u^{2}" in p3.local
    assert a.backward_step_info() == ()
    for name, (fn, shapes, positive) in CASES.items():
        leaves = [Var(x) for x in random_inputs(np.random.default_rng(1), shapes, positive)]
        for node in fn(G, *leaves).topo():
            if node.parents:
                assert len(node.backward_step_info()) == len(node.parents), name
                assert node.formula(), name


# ---- worksheet 2b / 2c ---------------------------------------------------------------
def test_2b_gradients_match_2c_closed_forms():
    rng = np.random.default_rng(3)
    n, d = 4, 3
    W0, x0, b0, y0 = rng.normal(size=(n, d)), rng.normal(size=d), rng.normal(size=n), 0.8
    W, x, b, y = Var(W0, "W"), Var(x0, "x"), Var(b0, "b"), Var(y0, "y")
    f = (y - graph.sigmoid(W @ x + b).sum()) ** 2
    f.backward()
    s = 1.0 / (1.0 + np.exp(-(W0 @ x0 + b0)))
    assert f.value == pytest.approx((y0 - s.sum()) ** 2, rel=1e-12)
    common = 2.0 * (s.sum() - y0) * s * (1.0 - s)  # 2 (sum_j sigma(z_j) - y) sigma'(z_i)
    np.testing.assert_allclose(W.grad, common[:, None] * x0[None, :], rtol=1e-10)
    np.testing.assert_allclose(b.grad, common, rtol=1e-10)
    assert y.grad == pytest.approx(2.0 * (y0 - s.sum()), rel=1e-12)


# ---- worksheet 2e ----------------------------------------------------------------------
PHI = {
    "tanh": (graph.tanh, np.tanh, lambda u: 1.0 - np.tanh(u) ** 2),
    "sigmoid": (graph.sigmoid, N.sigmoid, lambda u: N.sigmoid(u) * (1.0 - N.sigmoid(u))),
    "relu": (graph.relu, N.relu, lambda u: (u > 0).astype(float)),
}


@pytest.mark.parametrize("phi", list(PHI))
def test_2e_gradients_match_column_vector_formulas(phi):
    g_phi, n_phi, n_phi_prime = PHI[phi]
    rng = np.random.default_rng(5)
    d = 4
    W10, W20 = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    x0, b0, y0 = rng.normal(size=d), rng.normal(size=d), rng.normal(size=d)
    W1, W2, x, b, y = (Var(v, k) for v, k in zip((W10, W20, x0, b0, y0), "ABxby", strict=True))
    ell = 0.5 * ((W2 @ g_phi(W1 @ x + b) - y) ** 2).sum()
    ell.backward()
    x1 = W10 @ x0 + b0
    x2 = n_phi(x1)
    x4 = W20 @ x2 - y0
    d_x1 = n_phi_prime(x1) * (W20.T @ x4)
    assert ell.value == pytest.approx(0.5 * x4 @ x4, rel=1e-12)
    np.testing.assert_allclose(W2.grad, np.outer(x4, x2), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(W1.grad, np.outer(d_x1, x0), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b.grad, d_x1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(x.grad, W10.T @ d_x1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(y.grad, -x4, rtol=1e-10, atol=1e-12)


# ---- random compositions -------------------------------------------------------------
# Each op keeps values bounded so finite differences stay accurate.
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
def test_random_compositions_match_central_differences(program, seed):
    def fn(o, *inputs):
        pool = list(inputs)
        for op, i, j in program:
            pool.append(OPS[op](o, pool[i % len(pool)], pool[j % len(pool)]))
        return pool[-1]

    check_against_numpy(fn, [(3,), (3,), (3,)], seed=seed)


# ---- DOT -----------------------------------------------------------------------------
def dot_statements(src):
    """(node id -> label) and edges, read with Graphviz's quoting rules."""
    nodes, edges = {}, []
    for line in src.splitlines():
        m = re.match(r"\s*(n\d+) \[label=\"((?:[^\"\\]|\\.)*)\"(.*)\];$", line)
        if m:
            nodes[m.group(1)] = m.group(2)
            assert m.group(3).count('"') % 2 == 0
            continue
        m = re.match(r"\s*(n\d+) -> (n\d+);$", line)
        if m:
            edges.append(m.groups())
    return nodes, edges


def record_fields(label):
    """Split a record label at unescaped '|' (fails if braces are left unescaped)."""
    fields, current, i = [], "", 0
    while i < len(label):
        ch = label[i]
        if ch == "\\":
            current += label[i : i + 2]
            i += 2
            continue
        assert ch not in '{}<>"', f"unescaped {ch!r} in {label!r}"
        if ch == "|":
            fields.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return [*fields, current]


def test_to_dot_has_every_node_and_edge():
    w, _, f = diamond()
    src = f.to_dot()
    assert src.startswith("digraph") and src.rstrip().endswith("}")
    nodes, edges = dot_statements(src)
    order = f.topo()
    assert len(nodes) == len(order)
    assert len(edges) == sum(len(v.parents) for v in order)
    labels = " ".join(nodes.values())
    for text in ("w", "sigmoid", "tanh", "**2", "*", "+"):
        assert text in labels
    assert "grad" not in labels  # no backward yet
    f.backward()
    nodes, _ = dot_statements(f.to_dot())
    assert all("grad" in label for label in nodes.values())


def test_to_dot_shows_value_shape_and_unnamed_ops():
    x = Var(np.array([1.0, 2.0, 1 / 3]), "x")
    y = graph.exp(x)  # unnamed: labelled by its op
    nodes, _ = dot_statements(y.to_dot())
    assert record_fields(nodes["n0"])[:3] == ["x", "shape 3", "value [1, 2, 0.3333]"]
    assert record_fields(nodes["n1"])[0] == "exp"


def test_to_dot_abbreviates_big_arrays():
    big = Var(np.arange(400.0).reshape(20, 20) - 7.0, "big")
    src = big.sum().to_dot(max_elements=12)
    label = dot_statements(src)[0]["n0"]
    assert "…" in label and "min -7" in label and "max 392" in label
    assert len(label) < 120
    assert "391" not in label and "100" not in label  # the middle and tail are not printed
    small = dot_statements(Var(np.arange(12.0) + 100).sum().to_dot(max_elements=12))[0]["n0"]
    assert "…" not in small and "111" in small  # at the limit: printed in full


def test_to_dot_escapes_hostile_names():
    hostile = 'a"b\\c{d}|e<f>g\nh\\'
    x = Var(1.0, hostile)
    src = (x * 2.0).to_dot()
    nodes, edges = dot_statements(src)
    assert len(nodes) == 3 and len(edges) == 2
    fields = record_fields(nodes["n0"])
    assert len(fields) == 3  # name | shape | value: the '|' in the name did not split
    assert fields[0] == 'a\\"b\\\\c\\{d\\}\\|e\\<f\\>g h\\\\'


def test_to_dot_highlight_and_partial_grads():
    w, (x1, _, _), f = diamond()
    steps = f.backward_steps()
    src = f.to_dot(highlight=x1, show_grad=grads_after(steps, 1))
    nodes, _ = dot_statements(src)
    hot = [line for line in src.splitlines() if "penwidth" in line]
    assert len(hot) == 1 and "sigmoid" in hot[0]
    with_grad = [n for n, label in nodes.items() if "grad" in label]
    # after one step: the output (seed) and its two parents
    assert len(with_grad) == 3
    only_w = dot_statements(f.to_dot(show_grad={w}))[0]
    assert [n for n, label in only_w.items() if "grad" in label] == ["n0"]
    assert f.to_dot(highlight=id(x1)) == f.to_dot(highlight=x1)


@pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"),  # .ci/run installs graphviz
    reason="Graphviz 'dot' not installed",
)
def test_graphviz_accepts_the_dot_source():
    names = ['a"b', "c\\", "{d|e}", "<f>", "g\\\\"]
    leaves = [Var(np.ones(2) * i, name) for i, name in enumerate(names)]
    out = leaves[0]
    for leaf in leaves[1:]:
        out = out * leaf
    big = Var(np.ones((30, 30)), "big")
    total = out.sum() + big.sum()
    total.backward()
    result = subprocess.run(
        ["dot", "-Tplain"], input=total.to_dot().encode(), capture_output=True, timeout=30
    )
    assert result.returncode == 0, result.stderr.decode()
    plain = result.stdout.decode()
    assert plain.count("\nnode ") == len(total.topo())
