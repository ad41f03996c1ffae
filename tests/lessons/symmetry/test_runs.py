"""lessons.symmetry, symmetry_groups, symmetry_checks and symmetry_data.

References are plain numpy written here: a hand-rolled 1-hidden-layer network
and the worksheet's closed forms, never the modules' own output.
"""

import numpy as np
import pytest

from core.network import Network
from lessons.symmetry import (
    check_1b_1c,
    check_1d,
    check_1e,
    check_1f,
    distinct_units,
    group_rows,
    make_teacher_example,
    run_with_traces,
    unit_groups,
)


def sig(s):
    return 1 / (1 + np.exp(-s))


def hand_step(W1, W2, X, Y, lr):
    """One full-batch step of a bias-free sigmoid/sigmoid net, squared error."""
    x1 = sig(X @ W1)
    x2 = sig(x1 @ W2)
    d2 = (x2 - Y) * x2 * (1 - x2)
    d1 = x1 * (1 - x1) * (d2 @ W2.T)
    n = len(X)
    return x1, x2, d1, d2, W1 - lr * X.T @ d1 / n, W2 - lr * x1.T @ d2 / n


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    return rng.uniform(0.1, 1, (4, 3)), rng.uniform(0.1, 0.9, (4, 2))


def test_run_records_match_a_hand_rolled_network(data):
    X, Y = data
    net = Network((3, 4, 2), bias=False)
    params = net.init("normal", scale=0.7, seed=1)
    out = run_with_traces(net, params, X, Y, lr=0.8, steps=3)
    W1, W2 = np.array(params.W[1]), np.array(params.W[2])
    for k in range(4):
        x1, x2, d1, d2, W1n, W2n = hand_step(W1, W2, X, Y, 0.8)
        np.testing.assert_allclose(out["W"][1][k], W1, atol=1e-14)
        np.testing.assert_allclose(out["x"][1][k], x1, atol=1e-14)
        np.testing.assert_allclose(out["delta"][1][k], d1, atol=1e-14)
        np.testing.assert_allclose(out["delta"][2][k], d2, atol=1e-14)
        assert out["loss"][k] == pytest.approx(0.5 * ((x2 - Y) ** 2).sum(axis=1).mean())
        W1, W2 = W1n, W2n
    np.testing.assert_array_equal(out["steps"], np.arange(4))
    assert out["distinct"].tolist() == [4] * 4 and not out["diverged"]


def test_constant_init_keeps_one_group(data):
    X, Y = data
    net = Network((3, 5, 2), "tanh", "identity")
    out = run_with_traces(net, net.init("constant", scale=0.3), X, Y, lr=0.5, steps=20)
    assert out["distinct"].tolist() == [1] * 21
    assert (out["groups"] == 0).all()
    assert out["spread"].max() <= 1e-15


def test_divergence_keeps_finite_records():
    net = Network((2, 3, 1), "identity", "identity", bias=False)
    X, Y = np.full((1, 2), 3.0), np.ones((1, 1))
    out = run_with_traces(net, net.init("constant", scale=2.0), X, Y, lr=10.0, steps=300)
    assert out["diverged"] and len(out["steps"]) < 301
    assert np.isfinite(out["loss"]).all() and np.isfinite(out["W"][1]).all()


def test_run_rejects_bad_steps(data):
    net = Network((3, 4, 2))
    with pytest.raises(ValueError):
        run_with_traces(net, net.init("zeros"), *data, lr=0.1, steps=-1)


def test_groups_agree_with_distinct_units():
    rows = np.array([[1.0, 2.0], [1.0, 2.0 + 1e-12], [0.0, 2.0], [1.0, 2.0]])
    assert group_rows(rows).tolist() == [0, 0, 1, 0]
    assert group_rows(rows, tol=0).tolist() == [0, 1, 2, 0]
    net = Network((3, 6, 2))
    p = net.init("normal", scale=1.0, seed=4)
    W1, W2 = np.array(p.W[1]), np.array(p.W[2])
    W1[:, 3], W2[3] = W1[:, 1], W2[1]  # unit 4 clones unit 2
    from core.network import Params

    q = Params(p.W[:1] + (W1, W2), p.b)
    labels = unit_groups(q)
    assert labels[3] == labels[1] and labels.max() + 1 == distinct_units(q) == 5


def test_checks_against_closed_forms(data):
    X, Y = data
    a, lr = 0.4, 0.5
    W1, W2 = np.full((3, 4), a), np.full((4, 2), a)
    x1, _, d1, d2, W1n, W2n = hand_step(W1, W2, X, Y, lr)
    c = check_1b_1c(a, "sigmoid", X, x1, d1, d2)
    np.testing.assert_allclose(c["x1_closed"], sig(a * X.sum(1)))
    s = sig(a * X.sum(1))
    np.testing.assert_allclose(c["delta1_closed"], s * (1 - s) * a * d2.sum(1))
    assert c["x1_ok"] and c["delta1_ok"] and c["x1_spread"] == 0
    e = check_1e(a, lr, X, x1, d1, d2, W1n, W2n)
    assert e["W1_ok"] and e["W2_ok"] and e["W1_row_spread"] < 1e-15
    assert e["W2_between_columns"] > 1e-3
    bad = check_1e(a, lr, X, x1, d1, d2, W1n + 1e-6, W2n)
    assert not bad["W1_ok"] and bad["W1_diff"] == pytest.approx(1e-6)
    d = check_1d(d2, Y)
    assert d["differ"] and d["delta2_spread"] == pytest.approx(np.ptp(d2, axis=1).max())
    assert not check_1d(np.ones((2, 2)), np.zeros((2, 2)))["differ"]


def test_check_1f_growth():
    assert check_1f([0.0, 0.0])["survives"] and check_1f([0.0, 0.0])["growth"] == 1
    grown = check_1f([1e-6, 1e-3, 1.0])
    assert not grown["survives"] and grown["growth"] == pytest.approx(1e6)
    assert check_1f([0.0, 1e-3])["growth"] == float("inf")
    with pytest.raises(ValueError):
        check_1f([])


def test_teacher_targets_are_a_network_of_the_inputs():
    X, Y = make_teacher_example((3, 4, 2), 5, "tanh", "identity", seed=2)
    assert X.shape == (5, 3) and Y.shape == (5, 2) and np.abs(X).max() <= 1
    X2, Y2 = make_teacher_example((3, 4, 2), 5, "tanh", "identity", seed=2)
    np.testing.assert_array_equal(Y, Y2)
    with pytest.raises(ValueError):
        make_teacher_example((3, 4, 2), 0)
