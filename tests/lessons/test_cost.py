"""lessons.cost: counted operations by hand, measured slopes, the eps trade-off."""

import numpy as np
import pytest

from lessons import cost


def _forward_ops(d):
    # W1 @ x (d^2) + b (d), W2 @ . (d^2) - y (d), x4 * x4 (d), sum (d), 0.5 * (1)
    return 2 * d * d + 4 * d + 1


def _backward_ops(d):
    # two matrix products (2 d^2 each), +, -, * (2 d each), sum (d), 0.5 * (2)
    return 4 * d * d + 7 * d + 2


@pytest.mark.parametrize("d", [1, 3, 7])
def test_graph_ops_count_the_2e_graph_by_hand(d):
    rng = np.random.default_rng(0)
    out, _, _ = cost.loss_graph_2e(
        rng.normal(size=(d, d)), rng.normal(size=(d, d)), *rng.normal(size=(3, d))
    )
    assert cost.graph_ops(out) == (_forward_ops(d), _backward_ops(d))


@pytest.mark.parametrize("d", [2, 5])
def test_measure_cost_counts_evaluations_and_agrees_with_backprop(d):
    p = cost.measure_cost(d, repeats=1)
    assert p.numeric_evals == 2 * d * d + 1
    assert p.numeric_ops == p.numeric_evals * _forward_ops(d) + 2 * (2 * d * d)
    assert p.backprop_ops == _forward_ops(d) + _backward_ops(d)
    assert p.max_diff < 1e-4  # forward differences at eps = 1e-6
    assert p.numeric_seconds > 0 and p.backprop_seconds > 0


def test_numerical_gradient_cost_grows_much_faster_than_backprop():
    points = [cost.measure_cost(d, repeats=3) for d in cost.d_grid(32)]
    d = np.array([p.d for p in points], float)
    big = d >= 8

    def slope(values):
        return np.polyfit(np.log(d[big]), np.log(np.array(values, float)[big]), 1)[0]

    assert slope([p.numeric_ops for p in points]) > 3.3
    assert slope([p.backprop_ops for p in points]) < 2.7
    wall_num = slope([p.numeric_seconds for p in points])
    wall_bp = slope([p.backprop_seconds for p in points])
    assert wall_num > wall_bp + 1


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


def test_best_eps_ignores_non_finite_errors():
    assert cost.best_eps([1, 2, 3], [np.nan, 0.5, 0.1]) == (3.0, 0.1)
    assert np.isnan(cost.best_eps([1.0], [np.inf])[0])
