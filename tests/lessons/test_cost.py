"""lessons.cost: counted operations by hand, forward mode, measured slopes, the eps trade-off."""

import numpy as np
import pytest

from lessons import cost

# ---------------------------------------------------------------- counts written out by hand
# Conventions (lessons.cost): a product (m, k) @ (k, p) costs m k p forward and 2 m k p
# backward; an elementwise node costs its size forward and size x inputs backward; a
# forward-mode pass pays the backward price at every node that depends on the seeded leaf.


def _forward_2e(d):
    # W1 @ x (d^2) + b (d), W2 @ . (d^2) - y (d), x4 * x4 (d), sum (d), 0.5 * (1)
    return 2 * d * d + 4 * d + 1


def _backward_2e(d):
    # two matrix products (2 d^2 each), +, -, * (2 d each), sum (d), 0.5 * (2)
    return 4 * d * d + 7 * d + 2


def _tangent_2e(d, leaf):
    # seeding W1: every node depends on it -> the whole backward price;
    # seeding W2: W2 @ x2 (2 d^2), - y (2 d), * (2 d), sum (d), 0.5 * (2)
    return _backward_2e(d) if leaf == "W1" else 2 * d * d + 5 * d + 2


def _forward_mode_2e(d):
    # the values once, then one pass per entry of W1 (d^2) and of W2 (d^2)
    return _forward_2e(d) + d * d * (_tangent_2e(d, "W1") + _tangent_2e(d, "W2"))


def _forward_2b(d):
    # n = d: W @ x (d^2), + b (d), sigmoid (d), sum (d), y - s (1), r * r (1)
    return d * d + 3 * d + 2


def _backward_2b(d):
    # W @ x (2 d^2), + b (2 d), sigmoid (d), sum (d), y - s (2), r * r (2)
    return 2 * d * d + 4 * d + 4


@pytest.mark.parametrize("d", [1, 3, 7])
def test_graph_ops_count_the_2e_graph_by_hand(d):
    rng = np.random.default_rng(0)
    out, _, _ = cost.loss_graph_2e(
        rng.normal(size=(d, d)), rng.normal(size=(d, d)), *rng.normal(size=(3, d))
    )
    assert cost.graph_ops(out) == (_forward_2e(d), _backward_2e(d))


@pytest.mark.parametrize("d", [1, 3, 7])
def test_tangent_ops_count_one_forward_mode_pass_by_hand(d):
    out, (w1, w2) = cost.loss_graph("2e", d)
    assert cost.tangent_ops(out, [w1]) == _tangent_2e(d, "W1")
    assert cost.tangent_ops(out, [w2]) == _tangent_2e(d, "W2")
    assert cost.tangent_ops(out, []) == 0
    out, (w,) = cost.loss_graph("2b", d)
    assert cost.graph_ops(out) == (_forward_2b(d), _backward_2b(d))
    assert cost.tangent_ops(out, [w]) == _backward_2b(d)


@pytest.mark.parametrize("d", [2, 5])
def test_measure_cost_2e_counts_and_agrees_with_backprop(d):
    p = cost.measure_cost(d, repeats=1)
    assert p.model == "2e" and p.params == 2 * d * d
    assert p.numeric_evals == 2 * d * d + 1
    assert p.numeric_ops == p.numeric_evals * _forward_2e(d) + 2 * (2 * d * d)
    assert p.backprop_ops == _forward_2e(d) + _backward_2e(d)
    assert p.forward_passes == 2 * d * d
    assert p.forward_ops == _forward_mode_2e(d)
    assert p.max_diff < 1e-4  # forward differences at eps = 1e-6
    assert p.forward_rel_diff < 1e-10  # forward mode is exact: round-off only
    assert min(p.numeric_seconds, p.backprop_seconds, p.forward_seconds) > 0


@pytest.mark.parametrize("d", [2, 4])
def test_measure_cost_2b_counts_one_pass_per_entry_of_w(d):
    p = cost.measure_cost(d, model="2b", repeats=1)
    assert p.params == d * d and p.numeric_evals == d * d + 1 and p.forward_passes == d * d
    assert p.numeric_ops == (d * d + 1) * _forward_2b(d) + 2 * d * d
    assert p.backprop_ops == _forward_2b(d) + _backward_2b(d)
    assert p.forward_ops == _forward_2b(d) + d * d * _backward_2b(d)
    assert p.forward_rel_diff < 1e-10 and p.max_diff < 1e-4


def test_forward_mode_gradient_equals_the_hand_gradient_and_backprop():
    rng = np.random.default_rng(3)
    d = 4
    W1, W2 = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    b, x, y = rng.normal(size=d), rng.normal(size=d), rng.normal(size=d)
    out, v1, v2 = cost.loss_graph_2e(W1, W2, b, x, y)
    grad, passes = cost.forward_mode_gradient(out, [v1, v2])
    h = W1 @ x + b
    r = W2 @ h - y
    hand = np.concatenate([np.outer(W2.T @ r, x).ravel(), np.outer(r, h).ravel()])
    assert passes == 2 * d * d
    np.testing.assert_allclose(grad, hand, rtol=1e-10, atol=1e-12 * np.abs(hand).max())
    out.backward()
    back = np.concatenate([v1.grad.ravel(), v2.grad.ravel()])
    assert np.abs(grad - back).max() <= 1e-10 * np.abs(back).max()


def test_forward_mode_on_2b_matches_the_worksheet_gradient():
    rng = np.random.default_rng(5)
    n, d = 3, 2
    W, b, x, y = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d), 1.3
    out, vw = cost.loss_graph_2b(W, b, x, y)
    grad, passes = cost.forward_mode_gradient(out, [vw])
    s = 1 / (1 + np.exp(-(W @ x + b)))
    hand = np.outer(2 * (s.sum() - y) * s * (1 - s), x).ravel()
    assert passes == n * d
    np.testing.assert_allclose(grad, hand, rtol=1e-10)


def test_numerical_and_forward_mode_grow_much_faster_than_backprop():
    points = [cost.measure_cost(d, repeats=2, forward_sample=None) for d in cost.d_grid(24, 8)]
    d = np.array([p.d for p in points], float)
    big = d >= 6

    def slope(values):
        return np.polyfit(np.log(d[big]), np.log(np.array(values, float)[big]), 1)[0]

    assert slope([p.numeric_ops for p in points]) > 3.3
    assert slope([p.forward_ops for p in points]) > 3.3
    assert slope([p.backprop_ops for p in points]) < 2.7
    wall_bp = slope([p.backprop_seconds for p in points])
    assert slope([p.numeric_seconds for p in points]) > wall_bp + 1
    # P = 2 d^2 jvp passes of roughly constant (overhead-bound) cost at these sizes
    assert slope([p.forward_seconds for p in points]) > wall_bp + 1
    assert points[-1].forward_seconds > 50 * points[-1].backprop_seconds


def test_forward_mode_time_from_a_sample_of_passes():
    p = cost.measure_cost(6, repeats=1, forward_sample=10)
    assert p.forward_timed == 10 and p.forward_passes == 72  # 5 entries of W1, 5 of W2
    assert p.forward_ops == _forward_mode_2e(6)  # counted for all P passes regardless
    assert p.forward_rel_diff < 1e-10 and p.forward_seconds > 0
    full = cost.measure_cost(3, repeats=1, forward_sample=None)
    assert full.forward_timed == full.forward_passes == 18


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="model"):
        cost.measure_cost(2, model="2c")
    with pytest.raises(ValueError, match="d must be"):
        cost.measure_cost(0)


def test_fit_slope_recovers_a_power_law_and_skips_bad_points():
    d = np.array([2, 4, 8, 16, 32.0])
    slope, intercept = cost.fit_slope(d, 3 * d**2.5)
    assert slope == pytest.approx(2.5) and np.exp(intercept) == pytest.approx(3)
    assert cost.fit_slope(d, 3 * d**2.5, d_from=8)[0] == pytest.approx(2.5)
    assert np.isnan(cost.fit_slope([2, 4], [0, 0])[0])


def test_d_grid_spans_the_range_without_repeats():
    grid = cost.d_grid(32)
    assert grid[0] == 2 and grid[-1] == 32 and list(grid) == sorted(set(grid))
    assert 8 <= len(grid) <= 12
    assert cost.d_grid(64)[-1] == 64
    with pytest.raises(ValueError):
        cost.d_grid(1)


def test_eps_errors_show_truncation_and_round_off():
    eps, fwd, ctr = cost.eps_errors(3, 0)
    assert eps[0] == pytest.approx(1e-12) and eps[-1] == pytest.approx(1e-1)
    e_f, err_f = cost.best_eps(eps, fwd)
    e_c, err_c = cost.best_eps(eps, ctr)
    assert 1e-9 <= e_f <= 1e-7  # about sqrt(machine eps)
    assert 1e-7 <= e_c <= 1e-4  # about cbrt(machine eps)
    assert err_c < err_f / 10
    # truncation: error ~ eps (forward) and ~ eps^2 (central) at the large end
    i, j = np.argmin(abs(eps - 1e-2)), np.argmin(abs(eps - 1e-3))
    assert fwd[i] / fwd[j] == pytest.approx(10, rel=0.3)
    assert ctr[i] / ctr[j] == pytest.approx(100, rel=0.3)
    # round-off: error grows as eps shrinks below the optimum
    assert fwd[0] > 100 * err_f and ctr[0] > 100 * err_c


def test_eps_errors_for_2b_have_the_same_two_regimes():
    eps, fwd, ctr = cost.eps_errors(3, 0, model="2b", n=2)
    e_f, err_f = cost.best_eps(eps, fwd)
    e_c, err_c = cost.best_eps(eps, ctr)
    assert 1e-10 <= e_f <= 1e-6 and 1e-8 <= e_c <= 1e-3 and err_c < err_f
    assert fwd[0] > 100 * err_f
    with pytest.raises(ValueError, match="model"):
        cost.eps_errors(2, 0, model="3a")


def test_best_eps_ignores_non_finite_errors():
    assert cost.best_eps([1, 2, 3], [np.nan, 0.5, 0.1]) == (3.0, 0.1)
    assert np.isnan(cost.best_eps([1.0], [np.inf])[0])
