"""core.training: records, divergence, validation, and worksheet claim 1g."""

# ruff: noqa: E741  (l is the worksheet's layer index)
import warnings

import numpy as np
import pytest

from core.network import Network, Params
from core.training import History, train
from tests.core.test_network import reference_loss


def reference_gd(Ws, bs, X, Y, lr, steps):
    """Gradient descent for sigmoid layers + squared error, written out plainly."""
    Ws, bs, n = [w.copy() for w in Ws], [b.copy() for b in bs], len(X)
    for _ in range(steps):
        xs = [X]
        for W, b in zip(Ws, bs, strict=True):
            xs.append(1 / (1 + np.exp(-(xs[-1] @ W + b))))
        delta = (xs[-1] - Y) * xs[-1] * (1 - xs[-1])
        for i in reversed(range(len(Ws))):
            gW, gb = xs[i].T @ delta / n, delta.sum(axis=0) / n
            delta = (delta @ Ws[i].T) * xs[i] * (1 - xs[i])
            Ws[i], bs[i] = Ws[i] - lr * gW, bs[i] - lr * gb
    return Ws, bs


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    net = Network((3, 5, 2))
    X, Y = rng.normal(size=(20, 3)), rng.uniform(size=(20, 2))
    return net, net.init("xavier", seed=1), X, Y


@pytest.mark.parametrize(
    "steps,every,expected",
    [
        (10, 3, [0, 3, 6, 9, 10]),
        (10, 5, [0, 5, 10]),
        (10, 1, list(range(11))),
        (10, 10, [0, 10]),
        (10, 50, [0, 10]),
        (0, 1, [0]),
        (0, 4, [0]),
    ],
)
def test_records_and_step_numbers(problem, steps, every, expected):
    net, p, X, Y = problem
    h = train(net, p, X, Y, lr=0.5, steps=steps, record_every=every)
    assert isinstance(h, History) and not h.diverged and h.lr == 0.5
    assert h.steps.tolist() == expected and h.steps.dtype.kind == "i"
    assert len(h.params) == len(h.grads) == len(h.loss) == len(h) == len(expected)
    assert h.params[0] is p


def test_matches_an_independent_gradient_descent(problem):
    net, p, X, Y = problem
    h = train(net, p, X, Y, lr=0.7, steps=25, record_every=4)
    for k, t in enumerate(h.steps):
        Ws, bs = reference_gd(list(p.W[1:]), list(p.b[1:]), X, Y, 0.7, int(t))
        for l in (1, 2):
            np.testing.assert_allclose(h.params[k].W[l], Ws[l - 1], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(h.params[k].b[l], bs[l - 1], rtol=1e-12, atol=1e-14)
        assert h.loss[k] == pytest.approx(reference_loss(net, Ws, bs, X, Y), rel=1e-12)


def test_recorded_grads_equal_backward_at_those_params(problem):
    net, p, X, Y = problem
    h = train(net, p, X, Y, lr=0.3, steps=7, record_every=2)
    for params, grads in zip(h.params, h.grads, strict=True):
        g = net.backward(params, net.forward(params, X), Y)
        assert grads.delta == ()
        for l in (1, 2):
            np.testing.assert_allclose(grads.W[l], g.W[l], rtol=1e-13, atol=1e-16)
            np.testing.assert_allclose(grads.b[l], g.b[l], rtol=1e-13, atol=1e-16)
    assert all(not a.flags.writeable for q in h.params for a in q.W[1:])


OUTPUTS = [(o, "squared_error") for o in ("sigmoid", "tanh", "relu", "identity")]
OUTPUTS += [("sigmoid", "binary_cross_entropy")]


ARCHS = [((3, 2), "sigmoid")]
ARCHS += [
    (s, h) for s in [(3, 4, 2), (3, 5, 4, 2)] for h in ("sigmoid", "tanh", "relu", "identity")
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("out,loss", OUTPUTS)
@pytest.mark.parametrize("sizes,hidden", ARCHS)
def test_train_equals_stepping_with_backward(sizes, hidden, out, loss, bias):
    """train's own loop against forward/backward/step (checked by finite differences)."""
    rng = np.random.default_rng(5)
    net = Network(sizes, activation=hidden, output_activation=out, loss=loss, bias=bias)
    X, Y = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    p = net.init("normal", scale=0.5, seed=3)
    h = train(net, p, X, Y, lr=0.05, steps=5, record_every=2)
    assert h.steps.tolist() == [0, 2, 4, 5]
    q = p
    for t in range(6):
        g = net.backward(q, net.forward(q, X), Y)
        if t in (0, 2, 4, 5):
            k = [0, 2, 4, 5].index(t)
            np.testing.assert_allclose(h.params[k].flat(), q.flat(), rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(h.grads[k].flat(), g.flat(), rtol=1e-12, atol=1e-15)
            assert h.loss[k] == pytest.approx(net.mean_loss(q, X, Y), rel=1e-13)
        q = net.step(q, g, 0.05)


def test_loss_decreases_on_an_easy_problem():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5
    net = Network((2, 1), output_activation="identity")
    h = train(net, net.init("zeros"), X, y, lr=0.1, steps=300, record_every=10)
    assert np.all(np.diff(h.loss) < 0)
    assert h.loss[-1] < 1e-6 * h.loss[0]
    np.testing.assert_allclose(h.params[-1].W[1][:, 0], [1.5, -2.0], atol=1e-3)


def test_bias_free_training_keeps_biases_zero():
    rng = np.random.default_rng(2)
    net = Network((2, 3, 1), activation="tanh", bias=False)
    h = train(
        net,
        net.init("normal", seed=0),
        rng.normal(size=(8, 2)),
        rng.uniform(size=8),
        lr=1.0,
        steps=5,
    )
    assert all(np.all(q.b[l] == 0) for q in h.params for l in (1, 2))
    assert all(np.all(g.b[l] == 0) for g in h.grads for l in (1, 2))


def _all_finite(h):
    arrays = [a for q in h.params for a in q.W[1:] + q.b[1:]]
    arrays += [a for g in h.grads for a in g.W[1:] + g.b[1:]]
    return np.all(np.isfinite(h.loss)) and all(np.all(np.isfinite(a)) for a in arrays)


@pytest.mark.parametrize("every", [1, 7])
def test_huge_learning_rate_diverges_quietly(every):
    rng = np.random.default_rng(3)
    net = Network((2, 3, 1), activation="identity", output_activation="identity")
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy RuntimeWarning would fail here
        h = train(net, net.init("normal", seed=0), X, y, lr=1e6, steps=500, record_every=every)
    assert h.diverged
    assert 1 <= len(h) and h.steps[-1] < 500
    assert _all_finite(h)
    assert np.all(h.steps % every == 0)


def test_non_finite_start_gives_an_empty_diverged_history():
    # Saturated sigmoids keep the loss finite, but a weight is infinite.
    net = Network((2, 2, 1))
    p = Params(W=(None, [[np.inf, 0.0], [0.0, 1.0]], [[1.0], [1.0]]), b=(None, [0, 0], [0]))
    X = np.array([[1.0, 0.0], [2.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(net, p, X, np.array([1.0, 0.0]), lr=0.1, steps=5)
    assert h.diverged and len(h) == 0 and h.loss.shape == (0,) and h.steps.shape == (0,)


def test_inputs_are_not_mutated(problem):
    net, p, X, Y = problem
    X0, Y0, flat0 = X.copy(), Y.copy(), p.flat()
    train(net, p, X, Y, lr=0.5, steps=5)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    np.testing.assert_array_equal(p.flat(), flat0)
    assert X.flags.writeable and Y.flags.writeable


def test_zero_learning_rate_keeps_params(problem):
    net, p, X, Y = problem
    h = train(net, p, X, Y, lr=0, steps=3)
    assert all(np.array_equal(q.flat(), p.flat()) for q in h.params)
    assert np.all(h.loss == h.loss[0])


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(lr=-0.1), r"lr must be finite and >= 0, got -0.1"),
        (dict(lr=float("nan")), r"lr must be finite"),
        (dict(lr=float("inf")), r"lr must be finite"),
        (dict(lr="0.1"), r"lr must be a number, got '0.1'"),
        (dict(steps=-1), r"steps must be >= 0, got -1"),
        (dict(steps=2.5), r"steps must be an integer, got 2.5"),
        (dict(record_every=0), r"record_every must be >= 1, got 0"),
        (dict(record_every=True), r"record_every must be an integer"),
        (dict(X=np.ones((4, 2))), r"X must have shape \(n, 3\)"),
        (dict(Y=np.ones((20, 3))), r"Y must have shape \(20, 2\)"),
        (dict(params=Network((3, 4, 2)).init("zeros")), r"params.W\[1\] must have shape \(3, 5\)"),
    ],
)
def test_train_validates_arguments(problem, kwargs, match):
    net, p, X, Y = problem
    args = dict(params=p, X=X, Y=Y, lr=0.1, steps=3, record_every=1) | kwargs
    with pytest.raises(ValueError, match=match):
        train(net, args.pop("params"), args.pop("X"), args.pop("Y"), **args)


# ------------------------------------------------------------------ worksheet 1g


def test_1g_logistic_regression_reaches_the_same_optimum_from_any_start():
    rng = np.random.default_rng(42)  # two overlapping blobs: not separable
    X = np.vstack([rng.normal([-0.6, 0.2], 1.0, (100, 2)), rng.normal([0.6, -0.2], 1.0, (100, 2))])
    y = np.repeat([0.0, 1.0], 100)
    net = Network((2, 1), loss="binary_cross_entropy")
    ends = []
    for start in (net.init("zeros"), net.init("normal", scale=3.0, seed=7)):
        h = train(net, start, X, y, lr=2.0, steps=3000, record_every=3000)
        assert not h.diverged and np.abs(h.grads[-1].flat()).max() < 1e-8
        ends.append(h.params[-1].flat())
    assert not np.allclose(net.init("normal", scale=3.0, seed=7).flat(), 0.0)
    np.testing.assert_allclose(ends[0], ends[1], atol=1e-6)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def _xor_accuracy(init, **kw):
    net = Network((2, 8, 1), activation="tanh", loss="binary_cross_entropy")
    h = train(net, net.init(init, **kw), XOR_X, XOR_Y, lr=1.0, steps=3000, record_every=3000)
    pred = net.output(h.params[-1], XOR_X)[:, 0] > 0.5
    return np.mean(pred == (XOR_Y > 0.5)), h.params[-1]


@pytest.mark.parametrize("init,kw", [("zeros", {}), ("constant", dict(scale=0.5))])
def test_1g_mlp_with_symmetric_init_fails_xor(init, kw):
    acc, params = _xor_accuracy(init, **kw)
    assert acc <= 0.75
    # The hidden units stayed clones of each other: one distinct column of W1.
    assert np.ptp(params.W[1], axis=1).max() < 1e-12


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_1g_mlp_with_random_init_solves_xor(seed):
    acc, _ = _xor_accuracy("normal", scale=1.0, seed=seed)
    assert acc == 1.0
