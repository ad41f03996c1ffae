"""lessons.descent.landscape against hand computations and independent formulas."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.network import Network, Params
from lessons.descent import landscape as ls

BCE = dict(output_activation="sigmoid", loss="binary_cross_entropy")
LR = Network((2, 1), activation="sigmoid", **BCE)


def lr_params(w1, w2, b):
    return Params(W=(None, np.array([[w1], [w2]])), b=(None, np.array([b])))


def bce_mean(S, y):
    """Mean binary cross-entropy from the logits, written independently of core.losses."""
    terms = [math.log1p(math.exp(-abs(s))) + max(s, 0.0) - t * s for s, t in zip(S, y, strict=True)]
    return float(np.mean(terms))


def sigmoid(s):
    return 1.0 / (1.0 + math.exp(-s))


def test_grid_axes_are_cell_centres():
    xs, ys = ls.grid_axes((0.0, 1.0, 0.0, 2.0), 2)
    assert xs.tolist() == [0.25, 0.75]
    assert ys.tolist() == [0.5, 1.5]
    G = ls.grid_inputs(xs, ys)
    assert G.tolist() == [[0.25, 0.5], [0.75, 0.5], [0.25, 1.5], [0.75, 1.5]]


def test_grid_bounds_pad_the_data():
    lo_x, hi_x, lo_y, hi_y = ls.grid_bounds(np.array([[0.0, 0.0], [2.0, 1.0]]), margin=0.1)
    assert (lo_x, hi_x, lo_y, hi_y) == pytest.approx((-0.2, 2.2, -0.2, 1.2))
    with pytest.raises(ValueError, match="shape"):
        ls.grid_bounds(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="resolution"):
        ls.grid_axes((0, 1, 0, 1), 1)


def test_probability_map_matches_hand_computation_for_lr():
    params = lr_params(1.0, -2.0, 0.5)
    xs, ys = np.array([-1.0, 0.0, 2.0]), np.array([-0.5, 1.0])
    P = ls.probability_map(LR, params, xs, ys)
    assert P.shape == (2, 3)
    for a, y in enumerate(ys):
        for c, x in enumerate(xs):
            assert P[a, c] == pytest.approx(sigmoid(1.0 * x - 2.0 * y + 0.5), rel=1e-12)


def test_probability_map_matches_hand_computation_for_mlp():
    net = Network((2, 2, 1), activation="tanh", **BCE)
    W1 = np.array([[1.0, -0.5], [2.0, 0.25]])
    params = Params(
        W=(None, W1, np.array([[1.5], [-3.0]])), b=(None, np.array([0.1, -0.2]), np.array([0.3]))
    )
    xs, ys = np.array([0.2, -0.7]), np.array([0.4])
    P = ls.probability_map(net, params, xs, ys)
    for c, x in enumerate(xs):
        h1 = math.tanh(1.0 * x + 2.0 * 0.4 + 0.1)
        h2 = math.tanh(-0.5 * x + 0.25 * 0.4 - 0.2)
        assert P[0, c] == pytest.approx(sigmoid(1.5 * h1 - 3.0 * h2 + 0.3), rel=1e-12)
    frames = ls.probability_frames(net, [params, params], xs, ys)
    assert frames.shape == (2, 1, 2) and np.array_equal(frames[1], P)


def test_boundary_points_of_a_linear_map_lie_on_the_line():
    xs, ys = np.linspace(0, 1, 11), np.linspace(0, 2, 5)
    P = np.tile(xs + 0.05, (5, 1))  # p = x1 + 0.05, so p = 0.5 on the line x1 = 0.45
    pts = ls.boundary_points(xs, ys, P)
    assert len(pts) == 5  # one crossing per row, none along the columns
    assert np.allclose(pts[:, 0], 0.45) and sorted(pts[:, 1]) == list(ys)
    assert ls.boundary_points(xs, ys, np.full((5, 11), 0.2)).shape == (0, 2)


def test_accuracy_by_hand():
    params = lr_params(1.0, 0.0, 0.0)  # predicts class 1 where x1 >= 0
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 5.0], [-3.0, 1.0]])
    assert ls.accuracy(LR, params, X, np.array([1, 0, 0, 0])) == 0.75
    assert ls.accuracy(LR, params, X, np.array([1, 0, 1, 0])) == 1.0


def test_flatten_unflatten_interpolate():
    net = Network((2, 3, 1), activation="tanh", **BCE)
    p0, p1 = net.init("normal", seed=1), net.init("normal", seed=2)
    v0 = ls.flatten_params(p0)
    assert v0.shape == (2 * 3 + 3 + 3 + 1,)
    assert np.array_equal(ls.flatten_params(ls.unflatten_params(p0, v0)), v0)
    half = ls.interpolate_params(p0, p1, 0.5)
    assert np.allclose(half.W[1], (p0.W[1] + p1.W[1]) / 2)
    assert np.allclose(ls.interpolate_params(p0, p1, 1.0).b[2], p1.b[2])
    assert ls.max_abs_difference(p0, p0) == 0.0
    with pytest.raises(ValueError):
        ls.unflatten_params(p0, v0[:-1])


def test_swap_units_gives_the_same_function():
    net = Network((2, 3, 1), activation="tanh", **BCE)
    p = net.init("normal", seed=4)
    q = ls.swap_units(p, 0, 2)
    assert np.array_equal(q.W[1][:, 0], p.W[1][:, 2]) and np.array_equal(q.W[2][0], p.W[2][2])
    assert np.array_equal(q.W[1][:, 1], p.W[1][:, 1])
    X = np.random.default_rng(0).normal(size=(7, 2))
    assert np.allclose(net.forward(p, X).x[2], net.forward(q, X).x[2], rtol=0, atol=1e-15)
    with pytest.raises(ValueError):
        ls.swap_units(p, 0, 3)


def test_most_different_units_by_hand():
    net = Network((1, 3, 1), activation="tanh", **BCE)
    p = Params(
        W=(None, np.array([[0.0, 1.0, 5.0]]), np.array([[0.0], [1.0], [-5.0]])),
        b=(None, np.zeros(3), np.zeros(1)),
    )
    assert ls.most_different_units(p) == (1, 2)  # distance^2 16 + 36 beats 25 + 25
    assert net.mean_loss(p, np.ones((1, 1)), np.ones(1)) > 0


def test_second_differences_of_a_parabola():
    t = np.linspace(-1, 1, 9)
    assert np.allclose(ls.second_differences(t**2), 2 * (t[1] - t[0]) ** 2)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), spread=st.floats(0.1, 5.0))
def test_lr_loss_along_any_line_is_convex_and_matches_bce(seed, spread):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, 2))
    y = (rng.uniform(size=30) < 0.5).astype(float)
    p0 = lr_params(*(rng.normal(size=3) * spread))
    p1 = lr_params(*(rng.normal(size=3) * spread))
    ts = np.linspace(-0.5, 1.5, 21)
    losses = ls.loss_along_line(LR, p0, p1, X, y, ts)
    v0, v1 = ls.flatten_params(p0), ls.flatten_params(p1)
    for t, value in zip(ts[::5], losses[::5], strict=True):
        w1, w2, b = (1 - t) * v0 + t * v1
        assert value == pytest.approx(bce_mean(X @ [w1, w2] + b, y), rel=1e-10, abs=1e-12)
    assert ls.second_differences(losses).min() >= -1e-10


def test_mlp_loss_between_a_solution_and_its_swapped_twin_is_not_convex():
    # units: tanh(5 x1) and tanh(5 x2) with output weights 3 and -3; its twin swaps them.
    # Halfway both units are tanh(2.5 x1 + 2.5 x2) with output weight 0: p = 1/2 everywhere,
    # so the loss there is exactly log 2 while both ends share a lower loss.
    net = Network((2, 2, 1), activation="tanh", **BCE)
    p = Params(
        W=(None, np.array([[5.0, 0.0], [0.0, 5.0]]), np.array([[3.0], [-3.0]])),
        b=(None, np.zeros(2), np.zeros(1)),
    )
    twin = ls.swap_units(p, 0, 1)
    X = np.array([[1.0, -1.0], [0.5, -0.2], [-1.0, 1.0], [-0.3, 0.6]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    losses = ls.loss_along_line(net, p, twin, X, y, np.array([0.0, 0.5, 1.0]))
    S = 3 * np.tanh(5 * X[:, 0]) - 3 * np.tanh(5 * X[:, 1])
    assert losses[0] == pytest.approx(bce_mean(S, y), rel=1e-12)
    assert losses[0] == pytest.approx(losses[2], rel=1e-12)
    assert losses[1] == pytest.approx(math.log(2), rel=1e-12)
    assert losses[1] > losses[0] + 0.5
    assert ls.second_differences(losses)[0] < 0


def test_logistic_hessian_matches_finite_differences():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] + 0.3 * rng.normal(size=40) > 0).astype(float)
    theta = np.array([0.7, -0.4, 0.2])
    H = ls.logistic_hessian(X, lr_params(*theta))

    def loss(v):
        return bce_mean(X @ v[:2] + v[2], y)

    h = 1e-4
    E = np.eye(3) * h
    numeric = np.array(
        [
            [
                (
                    loss(theta + E[i] + E[j])
                    - loss(theta + E[i] - E[j])
                    - loss(theta - E[i] + E[j])
                    + loss(theta - E[i] - E[j])
                )
                / (4 * h * h)
                for j in range(3)
            ]
            for i in range(3)
        ]
    )
    assert np.allclose(H, numeric, atol=1e-6)
    assert np.linalg.eigvalsh(H).min() >= 0
