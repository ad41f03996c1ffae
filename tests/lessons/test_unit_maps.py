"""Unit maps: each hidden unit's activation over the input plane, against plain numpy."""

# ruff: noqa: E741  (l is the worksheet's layer index)

import numpy as np
import pytest

from core.datasets import make_dataset
from core.network import Network
from core.training import train
from lessons.unit_maps import distinct_counts, distinct_maps, grid_points, hidden_maps, unit_maps

XS = np.linspace(-1.5, 1.5, 7)
YS = np.linspace(-1.0, 2.0, 5)  # a different size per axis catches a swapped reshape
ACT = {
    "tanh": np.tanh,
    "sigmoid": lambda s: 1 / (1 + np.exp(-s)),
    "relu": lambda s: np.maximum(s, 0),
    "identity": lambda s: s,
}


def reference(Ws, bs, act, x1, x2):
    """Hidden activations at one input point (x1, x2), layer by layer, by hand."""
    h = np.array([x1, x2], dtype=np.float64)
    out = []
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):  # the hidden layers only
        h = ACT[act](h @ W + b)
        out.append(h)
    return out


def weights(params):
    L = len(params.W) - 1
    return [params.W[l] for l in range(1, L + 1)], [params.b[l] for l in range(1, L + 1)]


def test_grid_points_are_y_outer_x_inner():
    pts = grid_points([0.0, 1.0, 2.0], [10.0, 20.0])
    assert pts.shape == (6, 2)
    assert pts[4].tolist() == [1.0, 20.0]  # a = 1, c = 1 -> row a * nx + c


@pytest.mark.parametrize(
    ("sizes", "act"),
    [
        ((2, 3, 1), "tanh"),
        ((2, 4, 1), "relu"),
        ((2, 3, 2, 1), "sigmoid"),
        ((2, 2, 3, 2), "identity"),
    ],
)
def test_hidden_maps_match_a_hand_forward_pass(sizes, act):
    net = Network(sizes, activation=act)
    rng = np.random.default_rng(1)
    params = net.unflatten(rng.normal(0, 1, net.n_params))
    maps = hidden_maps(net, params, XS, YS)
    L = len(sizes) - 1
    assert maps[0] is None and len(maps) == L
    for l in range(1, L):
        assert maps[l].shape == (sizes[l], YS.size, XS.size)
    Ws, bs = weights(params)
    for a, x2 in enumerate(YS):
        for c, x1 in enumerate(XS):
            expected = reference(Ws, bs, act, x1, x2)
            for l in range(1, L):
                np.testing.assert_allclose(
                    maps[l][:, a, c], expected[l - 1], rtol=1e-12, atol=1e-14
                )


def test_unit_maps_follow_a_history():
    X, y = make_dataset("xor", 40, 0.1, 0)
    net = Network((2, 3, 2, 1), activation="tanh", loss="binary_cross_entropy")
    h = train(net, net.init("normal", seed=2), X, y, lr=0.5, steps=6, record_every=2)
    maps = unit_maps(net, h.params, XS, YS)
    assert [m is None for m in maps] == [True, False, False]
    assert maps[1].shape == (4, 3, YS.size, XS.size) and maps[2].shape == (4, 2, YS.size, XS.size)
    for k, params in enumerate(h.params):
        Ws, bs = weights(params)
        for a, c in ((0, 0), (2, 5), (4, 6)):
            first, second = reference(Ws, bs, "tanh", XS[c], YS[a])
            np.testing.assert_allclose(maps[1][k, :, a, c], first, rtol=1e-12)
            np.testing.assert_allclose(maps[2][k, :, a, c], second, rtol=1e-12)
    assert not np.allclose(maps[1][0], maps[1][-1])  # training moved the maps


@pytest.mark.parametrize("sizes", [(2, 5, 1), (2, 4, 3, 1)])
def test_constant_init_gives_one_picture_per_layer_at_every_step(sizes):
    X, y = make_dataset("circles", 60, 0.1, 3)
    net = Network(sizes, activation="tanh", loss="binary_cross_entropy")
    h = train(net, net.init("constant", scale=0.4), X, y, lr=1.0, steps=30, record_every=5)
    maps = unit_maps(net, h.params, XS, YS)
    counts = distinct_counts(h.params)
    assert counts.shape == (len(h.params), len(sizes) - 2)
    assert (counts == 1).all()
    for l in range(1, len(sizes) - 1):
        for k in range(len(h.params)):
            assert distinct_maps(maps[l][k]) == 1
            assert np.ptp(maps[l][k], axis=0).max() < 1e-12  # the same picture (round-off)


def test_random_init_gives_d_different_pictures():
    X, y = make_dataset("xor", 60, 0.1, 0)
    net = Network((2, 4, 3, 1), activation="tanh", loss="binary_cross_entropy")
    h = train(net, net.init("normal", seed=5), X, y, lr=1.0, steps=20)
    maps = unit_maps(net, h.params[-1:], XS, YS)
    assert distinct_maps(maps[1][0]) == 4 and distinct_maps(maps[2][0]) == 3
    assert distinct_counts(h.params[-1:]).tolist() == [[4, 3]]


def test_distinct_maps_groups_equal_pictures():
    a, b = np.zeros((3, 3)), np.ones((3, 3))
    assert distinct_maps(np.stack([a, b, a, b + 1e-12])) == 2
    assert distinct_maps(np.stack([a, b, a + 1e-3])) == 3
    assert distinct_maps(np.zeros((0, 2, 2))) == 0


def test_bad_networks_are_refused_with_a_message():
    with pytest.raises(ValueError, match="2 inputs"):
        hidden_maps(Network((3, 2, 1)), Network((3, 2, 1)).init("zeros"), XS, YS)
    with pytest.raises(ValueError, match="hidden layer"):
        hidden_maps(Network((2, 1)), Network((2, 1)).init("zeros"), XS, YS)
    with pytest.raises(ValueError, match="at least one point"):
        grid_points([], YS)
