"""lessons.closed_forms: every closed form of the worksheet checked against independent references.

References: hand-worked numbers, central differences of the functions written
out again here, the engine (core.network) and the autodiff graph (core.graph).
"""

import math

import numpy as np
import pytest

from lessons import closed_forms as ws

ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "identity"]

# the activations written out again, independently of core.activations
G = {
    "sigmoid": lambda s: 1.0 / (1.0 + np.exp(-s)),
    "tanh": np.tanh,
    "relu": lambda s: np.maximum(s, 0.0),
    "identity": lambda s: s,
}
G_PRIME = {
    "sigmoid": lambda s: np.exp(-s) / (1.0 + np.exp(-s)) ** 2,
    "tanh": lambda s: 1.0 / np.cosh(s) ** 2,
    "relu": lambda s: (s > 0).astype(float),
    "identity": lambda s: np.ones_like(s),
}


def central_diff(f, x, eps=1e-6):
    """Central differences of a scalar function, written here independently."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        grad[idx] = (f(up) - f(down)) / (2 * eps)
    return grad


# ---------------------------------------------------------------- 1b, 1c, 1e by hand


def test_1b_hidden_activation_by_hand():
    # a * sum x = 0.5 * 6 = 3
    assert ws.hidden_activation_constant(0.5, [1.0, 2.0, 3.0], "sigmoid") == pytest.approx(
        1 / (1 + math.exp(-3))
    )
    batch = ws.hidden_activation_constant(-1.0, [[1.0, 2.0], [0.5, -0.5]], "relu")
    np.testing.assert_array_equal(batch, [0.0, 0.0])
    np.testing.assert_allclose(
        ws.hidden_activation_constant(0.2, [[1.0, 2.0], [0.5, -0.5]], "tanh"),
        [math.tanh(0.6), 0.0],
    )


def test_1c_hidden_delta_by_hand():
    # g'(0.5 * 6) * 0.5 * (0.1 - 0.3) with g = tanh
    expected = (1 - math.tanh(3.0) ** 2) * 0.5 * (-0.2)
    value = ws.hidden_delta_constant(0.5, [1.0, 2.0, 3.0], [0.1, -0.3], "tanh")
    assert value == pytest.approx(expected)
    batch = ws.hidden_delta_constant(2.0, [[1.0], [-1.0]], [[1.0, 2.0], [3.0, 4.0]], "relu")
    np.testing.assert_array_equal(batch, [6.0, 0.0])


def test_1e_one_step_by_hand():
    W1, W2 = ws.one_step_constant(
        a=0.5, eta=0.1, x0=[1.0, 2.0], x1=[0.3, 0.3, 0.3], delta1=[0.2] * 3, delta2=[1.0, -1.0]
    )
    np.testing.assert_allclose(W1, [[0.48] * 3, [0.46] * 3])  # constant rows
    np.testing.assert_allclose(W2, [[0.47, 0.53]] * 3)  # constant columns, columns differ


def test_1e_batch_is_mean_of_single_steps():
    rng = np.random.default_rng(0)
    x0, x1, d1, d2 = (rng.normal(size=(4, k)) for k in (2, 3, 3, 2))
    singles = [ws.one_step_constant(0.3, 0.5, x0[k], x1[k], d1[k], d2[k]) for k in range(4)]
    W1, W2 = ws.one_step_constant_batch(0.3, 0.5, x0, x1, d1, d2)
    np.testing.assert_allclose(W1, np.mean([s[0] for s in singles], axis=0))
    np.testing.assert_allclose(W2, np.mean([s[1] for s in singles], axis=0))


def test_part1_shape_errors():
    with pytest.raises(ValueError):
        ws.hidden_delta_constant(0.5, np.ones((3, 2)), np.ones((2, 2)), "tanh")
    with pytest.raises(ValueError):
        ws.one_step_constant_batch(
            0.5, 0.1, np.ones((2, 2)), np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 2))
        )
    with pytest.raises(ValueError, match="activation"):
        ws.hidden_activation_constant(0.5, [1.0], "softplus")


# ---------------------------------------------------------------- 1b, 1c, 1e against the engine


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("n", [1, 3])
def test_part1_closed_forms_equal_the_engine(activation, bias, n):
    from core.datasets import make_regression_example
    from core.network import Network

    a, eta = 0.3, 0.7
    X, Y = make_regression_example(3, 2, n=n, seed=n)
    net = Network((3, 4, 2), activation=activation, output_activation="sigmoid", bias=bias)
    params = net.init("constant", scale=a)
    trace = net.forward(params, X)
    grads = net.backward(params, trace, Y)

    # 1b: every hidden unit holds g(a sum_i x_i^(0))
    x1 = ws.hidden_activation_constant(a, X, activation)
    np.testing.assert_allclose(trace.x[1], np.repeat(x1[:, None], 4, axis=1), rtol=1e-12)
    np.testing.assert_allclose(x1, G[activation](a * X.sum(axis=1)), rtol=1e-12)

    # 1d: output deltas of squared error through a sigmoid, written out: (x - y) sigma'(S)
    S2 = trace.x[1] @ np.full((4, 2), a)
    out = G["sigmoid"](S2)
    np.testing.assert_allclose(grads.delta[2], (out - Y) * out * (1 - out), rtol=1e-10)
    assert np.all(np.ptp(grads.delta[2], axis=1) > 1e-6)  # not all equal

    # 1c: every hidden delta equals g'(a sum x) a sum_j delta_j^(2)
    delta1 = ws.hidden_delta_constant(a, X, grads.delta[2], activation)
    np.testing.assert_allclose(grads.delta[1], np.repeat(delta1[:, None], 4, axis=1), rtol=1e-10)
    independent = G_PRIME[activation](a * X.sum(axis=1)) * a * grads.delta[2].sum(axis=1)
    np.testing.assert_allclose(delta1, independent, rtol=1e-10, atol=1e-300)

    # 1e: one step of the mean loss
    new = net.step(params, grads, eta)
    W1, W2 = ws.one_step_constant_batch(a, eta, X, trace.x[1], grads.delta[1], grads.delta[2])
    np.testing.assert_allclose(new.W[1], W1, rtol=1e-12)
    np.testing.assert_allclose(new.W[2], W2, rtol=1e-12)
    if n == 1:
        W1s, W2s = ws.one_step_constant(
            a, eta, X[0], trace.x[1][0], grads.delta[1][0], grads.delta[2][0]
        )
        np.testing.assert_allclose(new.W[1], W1s, rtol=1e-12)
        np.testing.assert_allclose(new.W[2], W2s, rtol=1e-12)
    # the pattern: rows of W1 constant, columns of W2 constant, the two columns differ
    assert np.max(np.ptp(new.W[1], axis=1)) <= 1e-15
    assert np.max(np.ptp(new.W[2], axis=0)) <= 1e-15
    assert abs(new.W[2][0, 0] - new.W[2][0, 1]) > 1e-8


# ---------------------------------------------------------------- 2c, 2d


def f_2b(W, b, x, y):
    return (y - np.sum(1.0 / (1.0 + np.exp(-(W @ x + b))))) ** 2


def example_2c(seed=0, n=3, d=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d), float(rng.normal())


@pytest.mark.parametrize("seed", range(4))
def test_2c_gradients_equal_finite_differences(seed):
    W, b, x, y = example_2c(seed)
    g = ws.grads_2c(W, b, x, y)
    np.testing.assert_allclose(g["z"], W @ x + b)
    assert g["f"] == pytest.approx(f_2b(W, b, x, y))
    assert g["r"] == pytest.approx(y - np.sum(1 / (1 + np.exp(-(W @ x + b)))))
    np.testing.assert_allclose(g["dW"], central_diff(lambda V: f_2b(V, b, x, y), W), atol=1e-8)
    np.testing.assert_allclose(g["db"], central_diff(lambda c: f_2b(W, c, x, y), b), atol=1e-8)
    assert ws.loss_2c(W, b, x, y) == pytest.approx(f_2b(W, b, x, y))


def test_2c_equals_the_graph():
    from core.graph import Var, sigmoid

    W, b, x, y = example_2c(5)
    Wv, bv = Var(W, "W"), Var(b, "b")
    f = (y - sigmoid(Wv @ Var(x, "x") + bv).sum()) ** 2
    f.backward()
    g = ws.grads_2c(W, b, x, y)
    assert float(f.value) == pytest.approx(g["f"])
    np.testing.assert_allclose(Wv.grad, g["dW"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(bv.grad, g["db"], rtol=1e-12, atol=1e-15)


def test_2d_step_by_hand():
    # z = (ln 3, 0): sigma = (3/4, 1/2), sum 5/4, y = 1/4 -> r = -1, f = 1;
    # 2 (sum - y) = 2; sigma (1 - sigma) = (3/16, 1/4) -> db = (3/8, 1/2);
    # dW = db x^T with x = (1, 2)
    W = np.array([[math.log(3.0), 0.0], [0.0, 0.0]])
    b = np.zeros(2)
    x = np.array([1.0, 2.0])
    g = ws.grads_2c(W, b, x, 0.25)
    assert g["r"] == pytest.approx(-1.0) and g["f"] == pytest.approx(1.0)
    np.testing.assert_allclose(g["db"], [0.375, 0.5])
    np.testing.assert_allclose(g["dW"], [[0.375, 0.75], [0.5, 1.0]])
    W_new, b_new = ws.step_2d(W, b, x, 0.25, eta=0.1)
    np.testing.assert_allclose(W_new, [[math.log(3.0) - 0.0375, -0.075], [-0.05, -0.1]])
    np.testing.assert_allclose(b_new, [-0.0375, -0.05])
    np.testing.assert_array_equal(W, [[math.log(3.0), 0.0], [0.0, 0.0]])  # inputs untouched


def test_2d_step_lowers_f_for_small_eta():
    W, b, x, y = example_2c(7)
    W_new, b_new = ws.step_2d(W, b, x, y, eta=1e-3)
    assert f_2b(W_new, b_new, x, y) < f_2b(W, b, x, y)


# ---------------------------------------------------------------- 2e, 2f


def loss_2e_here(W1, W2, b, x, y, phi):
    r = W2 @ G[phi](W1 @ x + b) - y
    return 0.5 * float(r @ r)


def example_2e(seed=0, d=3):
    rng = np.random.default_rng(seed)
    W1, W2 = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    b, x, y = rng.normal(size=d), rng.normal(size=d), rng.normal(size=d)
    return W1, W2, b, x, y


@pytest.mark.parametrize("phi", ACTIVATION_NAMES)
@pytest.mark.parametrize("d", [1, 2, 4])
def test_2e_gradients_equal_finite_differences(phi, d):
    W1, W2, b, x, y = example_2e(d, d)
    assert np.min(np.abs(W1 @ x + b)) > 1e-3  # keep relu away from its kink
    g = ws.grads_2e(W1, W2, b, x, y, phi)
    # intermediates
    np.testing.assert_allclose(g["x1"], W1 @ x + b)
    np.testing.assert_allclose(g["x2"], G[phi](W1 @ x + b))
    np.testing.assert_allclose(g["x4"], g["x3"] - y)
    assert g["ell"] == pytest.approx(loss_2e_here(W1, W2, b, x, y, phi))
    assert ws.loss_2e(W1, W2, b, x, y, phi) == pytest.approx(g["ell"])
    # gradients: central differences of the loss written above
    for key, arg in (("dW1", 0), ("dW2", 1), ("db", 2), ("dx", 3)):
        args = [W1, W2, b, x, y]

        def f(v, arg=arg, args=args):
            return loss_2e_here(*(v if k == arg else a for k, a in enumerate(args)), phi)

        np.testing.assert_allclose(g[key], central_diff(f, args[arg]), atol=1e-7, err_msg=key)
    # gradients w.r.t. the intermediates: perturb x4, x2, x1 directly
    x2 = G[phi](g["x1"])
    np.testing.assert_allclose(g["dl_dx4"], central_diff(lambda v: 0.5 * v @ v, g["x4"]), atol=1e-7)
    np.testing.assert_allclose(
        g["dl_dx3"], central_diff(lambda v: 0.5 * (v - y) @ (v - y), g["x3"]), atol=1e-7
    )
    r = lambda v: W2 @ v - y  # noqa: E731
    np.testing.assert_allclose(
        g["dl_dx2"], central_diff(lambda v: 0.5 * r(v) @ r(v), x2), atol=1e-7
    )
    q = lambda v: W2 @ G[phi](v) - y  # noqa: E731
    np.testing.assert_allclose(
        g["dl_dx1"], central_diff(lambda v: 0.5 * q(v) @ q(v), g["x1"]), atol=1e-7
    )


def test_2e_rectangular_shapes_and_errors():
    rng = np.random.default_rng(3)
    W1, W2 = rng.normal(size=(4, 2)), rng.normal(size=(3, 4))
    b, x, y = rng.normal(size=4), rng.normal(size=2), rng.normal(size=3)
    g = ws.grads_2e(W1, W2, b, x, y, "tanh")
    assert g["dW1"].shape == (4, 2) and g["dW2"].shape == (3, 4) and g["dx"].shape == (2,)
    f = lambda V: loss_2e_here(V, W2, b, x, y, "tanh")  # noqa: E731
    np.testing.assert_allclose(g["dW1"], central_diff(f, W1), atol=1e-7)
    with pytest.raises(ValueError, match="shapes"):
        ws.grads_2e(W1, W2, b, y, y)


@pytest.mark.parametrize("phi", ["sigmoid", "tanh", "relu", "identity"])
def test_2e_equals_the_graph(phi):
    import core.graph as cg

    W1, W2, b, x, y = example_2e(11, 3)
    V1, V2, vb, vx = cg.Var(W1, "W1"), cg.Var(W2, "W2"), cg.Var(b, "b"), cg.Var(x, "x")
    x1 = V1 @ vx + vb
    x2 = x1 if phi == "identity" else cg.FUNCTIONS[phi](x1)
    x4 = V2 @ x2 - y
    ell = 0.5 * (x4 * x4).sum()
    ell.backward()
    g = ws.grads_2e(W1, W2, b, x, y, phi)
    assert float(ell.value) == pytest.approx(g["ell"])
    for var, key in (
        (V1, "dW1"),
        (V2, "dW2"),
        (vb, "db"),
        (vx, "dx"),
        (x1, "dl_dx1"),
        (x4, "dl_dx4"),
    ):
        np.testing.assert_allclose(var.grad, g[key], rtol=1e-12, atol=1e-14, err_msg=key)


def test_2f_step_by_hand():
    # d = 1: hidden = 2*1 + 1 = 3, residual = 3*3 - 4 = 5, W2^T residual = 15
    W1, W2, b = ws.step_2f([[2.0]], [[3.0]], [1.0], [1.0], [4.0], eta=0.01)
    np.testing.assert_allclose(W1, [[2.0 - 0.15]])
    np.testing.assert_allclose(W2, [[3.0 - 0.15]])
    np.testing.assert_allclose(b, [1.0 - 0.15])


@pytest.mark.parametrize("seed", range(3))
def test_2f_step_equals_gradient_step_from_finite_differences(seed):
    W1, W2, b, x, y = example_2e(seed, 3)
    eta = 0.05
    new_W1, new_W2, new_b = ws.step_2f(W1, W2, b, x, y, eta)
    f1 = lambda V: loss_2e_here(V, W2, b, x, y, "identity")  # noqa: E731
    f2 = lambda V: loss_2e_here(W1, V, b, x, y, "identity")  # noqa: E731
    fb = lambda c: loss_2e_here(W1, W2, c, x, y, "identity")  # noqa: E731
    np.testing.assert_allclose(new_W1, W1 - eta * central_diff(f1, W1), atol=1e-8)
    np.testing.assert_allclose(new_W2, W2 - eta * central_diff(f2, W2), atol=1e-8)
    np.testing.assert_allclose(new_b, b - eta * central_diff(fb, b), atol=1e-8)
    # and the 2e gradients give the same step
    g = ws.grads_2e(W1, W2, b, x, y, "identity")
    np.testing.assert_allclose(new_W1, W1 - eta * g["dW1"], rtol=1e-12)
    np.testing.assert_allclose(new_W2, W2 - eta * g["dW2"], rtol=1e-12)


def test_g_and_prime_matches_written_out_derivatives():
    S = np.linspace(-3, 3, 13) + 0.01
    for name in ACTIVATION_NAMES:
        x, g_prime = ws.g_and_prime(S, name)
        np.testing.assert_allclose(x, G[name](S), rtol=1e-12)
        np.testing.assert_allclose(g_prime, G_PRIME[name](S), rtol=1e-10, err_msg=name)
