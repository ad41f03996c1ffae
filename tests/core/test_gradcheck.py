"""core.gradcheck against functions whose gradients are known in closed form."""

import numpy as np
import pytest

from core.gradcheck import numerical_gradient, relative_error


class Counter:
    """Wraps f and counts its calls independently of numerical_gradient."""

    def __init__(self, f):
        self.f = f
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)


def quadratic(A, c):
    """f(x) = 1/2 x^T A x + c^T x, gradient 1/2 (A + A^T) x + c."""
    return (lambda x: 0.5 * float(x @ A @ x) + float(c @ x)), (lambda x: 0.5 * (A + A.T) @ x + c)


@pytest.mark.parametrize("method", ["forward", "central"])
def test_quadratic_gradient_matches_closed_form(method):
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 5))
    c = rng.normal(size=5)
    f, grad_f = quadratic(A, c)
    x = rng.normal(size=5)
    grad, _ = numerical_gradient(f, x, eps=1e-6, method=method)
    np.testing.assert_allclose(grad, grad_f(x), rtol=0, atol=1e-5)


def test_matrix_argument_keeps_shape_and_entries():
    # f(W) = sum(sin(W) * M): df/dW_ij = cos(W_ij) M_ij
    rng = np.random.default_rng(2)
    W = rng.normal(size=(3, 4))
    M = rng.normal(size=(3, 4))
    grad, _ = numerical_gradient(lambda V: float(np.sum(np.sin(V) * M)), W, method="central")
    assert grad.shape == (3, 4)
    np.testing.assert_allclose(grad, np.cos(W) * M, atol=1e-8)


def test_scalar_argument():
    grad, evals = numerical_gradient(lambda v: float(v) ** 3, 2.0, method="central", eps=1e-5)
    assert grad.shape == ()
    assert abs(float(grad) - 12.0) < 1e-8
    assert evals == 2


@pytest.mark.parametrize("shape", [(1,), (7,), (3, 4), (2, 3, 2)])
def test_evaluation_counts_are_exact(shape):
    x = np.ones(shape)
    size = int(np.prod(shape))
    forward = Counter(lambda v: float(np.sum(v**2)))
    _, evals = numerical_gradient(forward, x, method="forward")
    assert forward.calls == size + 1
    assert evals == forward.calls
    central = Counter(lambda v: float(np.sum(v**2)))
    _, evals = numerical_gradient(central, x, method="central")
    assert central.calls == 2 * size
    assert evals == central.calls


def test_central_is_more_accurate_than_forward_on_a_smooth_function():
    x = np.array([0.3, -1.2, 0.7])

    def f(v):
        return float(np.sum(np.exp(v)))

    exact = np.exp(x)
    for eps in (1e-2, 1e-3, 1e-4):
        forward, _ = numerical_gradient(f, x, eps=eps, method="forward")
        central, _ = numerical_gradient(f, x, eps=eps, method="central")
        forward_error = np.max(np.abs(forward - exact))
        central_error = np.max(np.abs(central - exact))
        assert central_error < forward_error / 10
        # forward error ~ eps/2 f'', central ~ eps^2/6 f'''
        assert forward_error == pytest.approx(eps / 2 * np.max(exact), rel=0.1)


def test_input_is_never_mutated_and_f_sees_its_shape():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    shapes = set()

    def f(v):
        shapes.add(v.shape)
        return float(np.sum(v**2))

    for method in ("forward", "central"):
        numerical_gradient(f, x, method=method)
    np.testing.assert_array_equal(x, before)
    assert shapes == {(2, 3)}


def test_f_sees_the_point_restored_between_coordinates():
    # after perturbing coordinate i, every other coordinate must be at x
    x = np.array([1.0, 2.0, 3.0])
    seen = []
    numerical_gradient(lambda v: seen.append(v.copy()) or 0.0, x, eps=0.5, method="forward")
    expected = [x, x + [0.5, 0, 0], x + [0, 0.5, 0], x + [0, 0, 0.5]]
    np.testing.assert_array_equal(np.array(seen), np.array(expected))
    seen.clear()
    numerical_gradient(lambda v: seen.append(v.copy()) or 0.0, x, eps=0.5, method="central")
    steps = 0.5 * np.eye(3)
    expected = [x + sign * steps[i] for i in range(3) for sign in (1, -1)]
    np.testing.assert_array_equal(np.array(seen), np.array(expected))


def test_integer_input_is_treated_as_float():
    grad, _ = numerical_gradient(lambda v: float(v @ v), np.array([1, 2]), method="central")
    np.testing.assert_allclose(grad, [2.0, 4.0], atol=1e-6)


@pytest.mark.parametrize("method", ["backward", "", None, "Central"])
def test_bad_method(method):
    with pytest.raises(ValueError, match="method"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), method=method)


@pytest.mark.parametrize("eps", [0.0, -1e-6, float("nan"), float("inf"), "1e-6", True])
def test_bad_eps(eps):
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), eps=eps)


def test_eps_too_small_to_move_x():
    with pytest.raises(ValueError, match="too small"):
        numerical_gradient(lambda v: float(v.sum()), np.array([1e10]), eps=1e-10)


def test_relative_error():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    # ||a - b|| = 1, max(||a||, ||b||) = 5
    assert relative_error([3.0, 4.0], [3.0, 3.0]) == pytest.approx(1 / 5)
    assert relative_error([1.0], [-1.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="shape"):
        relative_error([1.0], [1.0, 2.0])
