"""core.datasets: shapes, labels, determinism, the geometry each name promises."""

import numpy as np
import pytest

from core.datasets import DATASETS, MAX_N, make_dataset, make_regression_example

NAMES = ["blobs", "xor", "circles", "moons", "spiral"]


def test_registry_has_the_design_names():
    assert set(DATASETS) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [2, 3, 200, 201])
def test_shapes_labels_and_both_classes(name, n):
    X, y = make_dataset(name, n=n, noise=0.1, seed=3)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0}
    assert np.all(np.isfinite(X))
    assert abs(int(y.sum()) - n / 2) <= 0.5  # balanced


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data_other_seed_other_data(name):
    X1, y1 = make_dataset(name, n=50, seed=7)
    X2, y2 = make_dataset(name, n=50, seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make_dataset(name, n=50, seed=8)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_shuffled(name):
    _, y = make_dataset(name, n=200, seed=0)
    # not all class-0 rows first
    assert not np.array_equal(y, np.sort(y))


def perceptron_separates(X, y, epochs=200):
    """Rosenblatt's perceptron; returns True once an epoch makes no mistake."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    t = 2 * y - 1
    w = np.zeros(3)
    for _ in range(epochs):
        mistakes = 0
        for xi, ti in zip(Xb, t, strict=True):
            if ti * (xi @ w) <= 0:
                w += ti * xi
                mistakes += 1
        if mistakes == 0:
            return True
    return False


@pytest.mark.parametrize("seed", range(5))
def test_blobs_linearly_separable_at_noise_0_1(seed):
    X, y = make_dataset("blobs", n=500, noise=0.1, seed=seed)
    assert perceptron_separates(X, y)


@pytest.mark.parametrize("name", ["xor", "circles"])
def test_xor_and_circles_are_not_linearly_separable(name):
    X, y = make_dataset(name, n=200, noise=0.0, seed=0)
    assert not perceptron_separates(X, y, epochs=50)


def test_xor_labels_follow_the_sign_product():
    X, y = make_dataset("xor", n=400, noise=0.0, seed=1)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(float))
    # points keep away from the axes, so the label is unambiguous
    assert np.min(np.abs(X)) > 0.0
    # with noise only points near the axes can flip
    Xn, yn = make_dataset("xor", n=400, noise=0.1, seed=1)
    far = np.min(np.abs(Xn), axis=1) > 0.5
    np.testing.assert_array_equal(yn[far], (Xn[far, 0] * Xn[far, 1] > 0).astype(float))
    assert far.sum() > 50


def test_circles_radius_structure():
    X, y = make_dataset("circles", n=300, noise=0.0, seed=2)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0, atol=1e-12)
    np.testing.assert_allclose(radius[y == 1], 0.5, atol=1e-12)
    Xn, yn = make_dataset("circles", n=1000, noise=0.1, seed=2)
    rn = np.hypot(Xn[:, 0], Xn[:, 1])
    assert abs(np.median(rn[yn == 0]) - 1.0) < 0.05
    assert abs(np.median(rn[yn == 1]) - 0.5) < 0.05


def test_moons_at_zero_noise_lie_on_two_half_circles():
    X, y = make_dataset("moons", n=200, noise=0.0, seed=0)
    # undo the centring shift (0.5, 0.25)
    P = X + np.array([0.5, 0.25])
    upper, lower = P[y == 0], P[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-12)
    assert np.all(upper[:, 1] >= -1e-12)
    centre = np.array([1.0, 0.5])
    np.testing.assert_allclose(np.hypot(*(lower - centre).T), 1.0, atol=1e-12)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_spiral_arms_are_point_reflections_of_each_other():
    X, y = make_dataset("spiral", n=400, noise=0.0, seed=0)
    # class 1 is class 0 turned by pi: the angle minus 2*pi*1.75*r/2 is 0 or pi mod 2 pi
    r = np.hypot(X[:, 0], X[:, 1])
    phase = np.mod(np.arctan2(X[:, 1], X[:, 0]) - 2 * np.pi * 1.75 * r / 2, 2 * np.pi)
    assert np.all(np.minimum(phase, 2 * np.pi - phase)[y == 0] < 1e-9)
    np.testing.assert_allclose(phase[y == 1], np.pi, atol=1e-9)


def test_noise_zero_is_allowed_and_noise_spreads_points():
    X0, _ = make_dataset("blobs", n=20, noise=0.0, seed=0)
    assert set(map(tuple, np.round(X0, 12))) == {(-1.0, -1.0), (1.0, 1.0)}
    X1, y1 = make_dataset("blobs", n=2000, noise=0.1, seed=0)
    np.testing.assert_allclose(X1[y1 == 1].std(axis=0), 0.2, rtol=0.1)


def test_unknown_name_lists_allowed_names():
    with pytest.raises(ValueError) as info:
        make_dataset("swiss roll")
    for name in NAMES:
        assert name in str(info.value)


@pytest.mark.parametrize("n", [-1, 0, 1, MAX_N + 1, 2.5, True, "10"])
def test_bad_n(n):
    with pytest.raises(ValueError, match="n"):
        make_dataset("xor", n=n)


@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "0.1", None])
def test_bad_noise(noise):
    with pytest.raises(ValueError, match="noise"):
        make_dataset("xor", noise=noise)


@pytest.mark.parametrize("seed", [-1, 1.5, None])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        make_dataset("xor", seed=seed)


def test_largest_n_allowed():
    X, y = make_dataset("moons", n=MAX_N)
    assert X.shape == (MAX_N, 2)


@pytest.mark.parametrize(("d0", "dL", "n"), [(1, 1, 1), (3, 2, 1), (2, 5, 4), (5, 4, 5)])
def test_regression_example(d0, dL, n):
    X, Y = make_regression_example(d0, dL, n=n, seed=4)
    assert X.shape == (n, d0) and Y.shape == (n, dL)
    assert np.all(X > 0)
    assert np.all((Y > 0.1) & (Y < 0.9))
    # within each example the targets differ between outputs (worksheet 1d)
    assert np.all(np.diff(Y, axis=1) > 0)
    X2, Y2 = make_regression_example(d0, dL, n=n, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)


@pytest.mark.parametrize("args", [(0, 2), (2, 0), (2, 2, 0), (2.0, 2)])
def test_regression_example_errors(args):
    with pytest.raises(ValueError):
        make_regression_example(*args)
