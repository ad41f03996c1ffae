"""lessons.descent.updates against hand-worked steps, finite differences and closed forms."""

import numpy as np
import pytest

from lessons.descent import updates as descent


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _fd_grad(f, params, eps=1e-6):
    """Central finite differences of f(params dict) for every entry."""
    out = {}
    for key, value in params.items():
        grad = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key][idx] += eps
            down[key][idx] -= eps
            grad[idx] = (f(up) - f(down)) / (2 * eps)
        out[key] = grad
    return out


def test_step_2f_matches_a_hand_worked_scalar_case():
    # d = 1: h = a x + b = 0.6, r = c h - y = 0.7
    params = {"W1": np.array([[0.5]]), "W2": np.array([[2.0]]), "b": np.array([0.1])}
    new = descent.closed_form_step("2e", params, np.array([1.0]), np.array([0.5]), 0.1)
    assert new["W1"][0, 0] == pytest.approx(0.5 - 0.1 * 2 * 0.7 * 1.0)  # 0.36
    assert new["W2"][0, 0] == pytest.approx(2.0 - 0.1 * 0.7 * 0.6)  # 1.958
    assert new["b"][0] == pytest.approx(0.1 - 0.1 * 2 * 0.7)  # -0.04


def test_step_2d_matches_an_independent_computation():
    rng = np.random.default_rng(3)
    W, b, x, y, eta = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=2), 1.2, 0.3
    s = _sigmoid(W @ x + b)
    coef = 2 * (s.sum() - y)
    expected_W = W - eta * coef * np.outer(s * (1 - s), x)
    expected_b = b - eta * coef * s * (1 - s)
    new = descent.closed_form_step("2b", {"W": W, "b": b}, x, y, eta)
    np.testing.assert_allclose(new["W"], expected_W, rtol=1e-12)
    np.testing.assert_allclose(new["b"], expected_b, rtol=1e-12)


@pytest.mark.parametrize("model", ["2b", "2e"])
def test_closed_form_and_autodiff_gradients_match_finite_differences(model):
    p = descent.make_problem(model, d=3, n=2, seed=5)
    fd = _fd_grad(lambda q: descent.loss(model, q, p.x, p.y), p.start)
    closed = descent.closed_form_grads(model, p.start, p.x, p.y)
    auto = descent.autodiff_grads(model, p.start, p.x, p.y)
    for key in p.start:
        np.testing.assert_allclose(closed[key], fd[key], atol=1e-7)
        np.testing.assert_allclose(auto[key], fd[key], atol=1e-7)
    check = descent.check_update(model, p.start, p.x, p.y, 0.1)
    assert check["max_diff"] < 1e-12


@pytest.mark.parametrize("model", ["2b", "2e"])
def test_sharpness_is_the_top_gauss_newton_eigenvalue(model):
    p = descent.make_problem(model, d=3, n=3, seed=2)
    keys = list(p.start)
    flat = np.concatenate([p.start[k].ravel() for k in keys])

    def unflat(theta):
        out, i = {}, 0
        for k in keys:
            size = p.start[k].size
            out[k] = theta[i : i + size].reshape(p.start[k].shape)
            i += size
        return out

    eps = 1e-6
    J = np.stack(
        [
            (
                descent.residual(model, unflat(flat + eps * e), p.x, p.y)
                - descent.residual(model, unflat(flat - eps * e), p.x, p.y)
            )
            / (2 * eps)
            for e in np.eye(flat.size)
        ],
        axis=1,
    )
    factor = 2.0 if model == "2b" else 1.0  # f = r^2 vs 1/2 ||r||^2
    expected = factor * np.linalg.eigvalsh(J @ J.T).max()
    assert descent.sharpness(model, p.start, p.x, p.y) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    "model, rates, verdicts",
    [
        ("2e", (0.05, 0.4, 0.5), ("converges", "oscillates", "diverges")),
        ("2b", (0.5, 5.0, 20.0), ("converges", "oscillates", "stalls")),
    ],
)
def test_preset_rates_do_what_the_page_says_at_the_defaults(model, rates, verdicts):
    p = descent.make_problem(model, d=3, n=3, seed=0, scale=1.0)
    got = tuple(descent.verdict(descent.run_descent(p, eta, 60)) for eta in rates)
    assert got == verdicts


def test_divergence_is_detected_and_no_record_is_non_finite():
    p = descent.make_problem("2e", d=3, seed=0)
    run = descent.run_descent(p, 50.0, 500)
    assert run.diverged and run.diverged_at is not None
    assert len(run.losses) <= run.diverged_at + 1 < 500
    assert np.isfinite(run.losses).all() and np.isfinite(run.residuals).all()
    assert all(np.isfinite(v).all() for params in run.params for v in params.values())


def test_run_follows_the_closed_form_step_by_step():
    p = descent.make_problem("2e", d=2, seed=1)
    run = descent.run_descent(p, 0.1, 3)
    params = p.start
    for k in range(4):
        assert run.losses[k] == pytest.approx(descent.loss("2e", params, p.x, p.y))
        params = descent.closed_form_step("2e", params, p.x, p.y, 0.1)


def test_zero_rate_stays_put_and_bad_rates_raise():
    p = descent.make_problem("2b", d=2, n=2, seed=0)
    run = descent.run_descent(p, 0.0, 5)
    assert np.all(run.losses == run.losses[0])
    for bad in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError):
            descent.run_descent(p, bad, 5)


def test_make_problem_is_reproducible_and_validates():
    a, b = descent.make_problem("2e", d=4, seed=9), descent.make_problem("2e", d=4, seed=9)
    for k in a.start:
        np.testing.assert_array_equal(a.start[k], b.start[k])
    assert a.start["W1"].shape == (4, 4)
    assert descent.make_problem("2b", d=2, n=5).start["W"].shape == (5, 2)
    with pytest.raises(ValueError):
        descent.make_problem("3x")
    with pytest.raises(ValueError):
        descent.make_problem("2e", d=0)
