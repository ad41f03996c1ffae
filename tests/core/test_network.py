"""core.network against an independent reference: a plain-numpy forward pass
written here, central finite differences of it, and a step worked by hand."""

# ruff: noqa: E741  (l is the worksheet's layer index)
import math

import numpy as np
import pytest

from core.network import INIT_SCHEMES, Network, Params

ACTS = ["sigmoid", "tanh", "relu", "identity"]
SIZES = {1: (3, 2), 2: (3, 4, 2), 3: (3, 4, 3, 2)}
REF_G = {
    "sigmoid": lambda s: 1.0 / (1.0 + np.exp(-s)),
    "tanh": np.tanh,
    "relu": lambda s: np.where(s > 0, s, 0.0),
    "identity": lambda s: s,
}


def reference_forward(net, Ws, bs, X):
    """S^(1..L) and x^(L) in plain numpy (lists Ws, bs hold layers 1..L)."""
    x, S_all = np.asarray(X, float), []
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True), start=1):
        S = x @ W + (b if net.bias else 0.0)
        S_all.append(S)
        x = REF_G[net.output_activation if l == len(Ws) else net.activation](S)
    return S_all, x


def reference_loss(net, Ws, bs, X, Y):
    """Mean per-example loss, written out independently."""
    S, x = reference_forward(net, Ws, bs, X)
    Y = np.asarray(Y, float).reshape(x.shape)
    if net.loss == "squared_error":
        per = 0.5 * ((x - Y) ** 2).sum(axis=1)
    else:  # -[y log sigma(S) + (1 - y) log(1 - sigma(S))] = log(1 + e^S) - y S
        per = (np.logaddexp(0.0, S[-1]) - Y * S[-1]).sum(axis=1)
    return per.mean()


def central_differences(net, Ws, bs, X, Y, h=1e-5):
    """d(mean loss)/d every weight and bias, one entry at a time."""
    out = []
    for arrays in (Ws, bs):
        grads = []
        for a in arrays:
            g = np.zeros_like(a)
            for idx in np.ndindex(a.shape):
                keep = a[idx]
                a[idx] = keep + h
                up = reference_loss(net, Ws, bs, X, Y)
                a[idx] = keep - h
                down = reference_loss(net, Ws, bs, X, Y)
                a[idx] = keep
                g[idx] = (up - down) / (2 * h)
            grads.append(g)
        out.append(grads)
    return out


def assert_close_rel(analytic, numeric, rtol=1e-6, atol=1e-9):
    err = np.abs(analytic - numeric)
    assert np.all(err <= rtol * np.maximum(np.abs(analytic), np.abs(numeric)) + atol), (
        analytic,
        numeric,
    )


def gradient_point(net, scheme, seed=0):
    """Init weights by `scheme`, random biases (if any), X and Y off every ReLU kink."""
    rng = np.random.default_rng(seed)
    p = net.init(scheme, scale=0.8, seed=seed)
    Ws = [np.array(w) for w in p.W[1:]]
    for _ in range(200):
        bs = [rng.normal(0, 0.5, w.shape[1]) * net.bias for w in Ws]
        X = rng.normal(0, 1, (5, net.sizes[0]))
        S, _ = reference_forward(net, Ws, bs, X)
        kinks = [
            s
            for s, a in zip(
                S, [net.activation] * (len(S) - 1) + [net.output_activation], strict=True
            )
            if a == "relu"
        ]
        if all(np.abs(s).min() >= 1e-3 for s in kinks):
            break
    else:
        pytest.skip("every S sits on the ReLU kink (zero weights, no bias)")
    Y = rng.uniform(0.05, 0.95, (5, net.sizes[-1]))
    if net.loss == "binary_cross_entropy":
        Y[0] = 1.0  # hard labels too
        Y[1] = 0.0
    return Ws, bs, X, Y


CASES = [
    (L, hid, out, loss)
    for L in (1, 2, 3)
    for hid in (ACTS if L > 1 else ["sigmoid"])
    for out, loss in [(o, "squared_error") for o in ACTS] + [("sigmoid", "binary_cross_entropy")]
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("scheme", sorted(INIT_SCHEMES))
@pytest.mark.parametrize("L,hid,out,loss", CASES)
def test_backward_matches_central_differences(L, hid, out, loss, scheme, bias):
    net = Network(SIZES[L], activation=hid, output_activation=out, loss=loss, bias=bias)
    Ws, bs, X, Y = gradient_point(net, scheme)
    params = Params(W=(None, *Ws), b=(None, *(b + 0.0 for b in bs)))
    assert net.mean_loss(params, X, Y) == pytest.approx(
        reference_loss(net, Ws, bs, X, Y), rel=1e-10
    )
    grads = net.backward(params, net.forward(params, X), Y)
    fd_W, fd_b = central_differences(net, Ws, bs, X, Y)
    for l in range(1, L + 1):
        assert grads.W[l].shape == Ws[l - 1].shape
        assert_close_rel(grads.W[l], fd_W[l - 1])
        if bias:
            assert_close_rel(grads.b[l], fd_b[l - 1])
        else:
            assert np.all(grads.b[l] == 0.0)


@pytest.mark.parametrize(
    "hid,out,loss",
    [("tanh", "identity", "squared_error"), ("relu", "sigmoid", "binary_cross_entropy")],
)
def test_delta_is_per_example(hid, out, loss):
    """delta[l][k, j] = d ell_k / d S_kj: the derivative of example k's own loss
    with respect to b_j^(l) (S_kj depends on b_j with slope 1), so not / n."""
    net = Network(SIZES[3], activation=hid, output_activation=out, loss=loss)
    Ws, bs, X, Y = gradient_point(net, "xavier", seed=4)
    params = Params(W=(None, *Ws), b=(None, *bs))
    grads = net.backward(params, net.forward(params, X), Y)
    for k in range(X.shape[0]):
        _, fd_b = central_differences(net, Ws, bs, X[k : k + 1], Y[k : k + 1])
        for l in range(1, 4):
            assert grads.delta[l].shape == (X.shape[0], net.sizes[l])
            assert_close_rel(grads.delta[l][k], fd_b[l - 1])


def test_hand_worked_step():
    """(2, 2, 1), sigmoid everywhere, squared error, one example, eta = 0.5.

    By hand: S1 = (0.3775, 0.3925), x1 = sigma(S1) = (0.59326999, 0.59688438),
    S2 = 0.4 x1_1 + 0.45 x1_2 + 0.6 = 1.10590597, x2 = 0.75136507,
    delta2 = (x2 - y) x2 (1 - x2) = 0.13849856,
    delta1_j = x1_j (1 - x1_j) w2_j delta2 = (0.01336792, 0.01499608),
    w_ij <- w_ij - eta delta_j x_i.
    """
    sig = lambda s: 1.0 / (1.0 + math.exp(-s))  # noqa: E731
    x0, y, eta = (0.05, 0.10), 0.01, 0.5
    W1, b1, W2, b2 = [[0.15, 0.25], [0.20, 0.30]], [0.35, 0.35], [0.40, 0.45], 0.60
    x1 = [sig(W1[0][j] * x0[0] + W1[1][j] * x0[1] + b1[j]) for j in range(2)]
    x2 = sig(W2[0] * x1[0] + W2[1] * x1[1] + b2)
    d2 = (x2 - y) * x2 * (1 - x2)
    d1 = [x1[j] * (1 - x1[j]) * W2[j] * d2 for j in range(2)]
    new_W1 = [[W1[i][j] - eta * d1[j] * x0[i] for j in range(2)] for i in range(2)]
    new_W2 = [W2[j] - eta * d2 * x1[j] for j in range(2)]
    # The same numbers to 10 digits, from a 40-digit decimal computation.
    np.testing.assert_allclose(
        new_W1, [[0.1496658020, 0.2496250981], [0.1993316040, 0.2992501962]], atol=1e-10
    )
    np.testing.assert_allclose(new_W2, [0.3589164797, 0.4086661861], atol=1e-10)

    net = Network((2, 2, 1))
    params = Params(W=(None, W1, [[w] for w in W2]), b=(None, b1, [b2]))
    X, Y = np.array([x0]), np.array([[y]])
    trace = net.forward(params, X)
    assert trace.S[2][0, 0] == pytest.approx(1.1059059671, abs=1e-10)
    grads = net.backward(params, trace, Y)
    assert grads.delta[2][0, 0] == pytest.approx(0.1384985616, abs=1e-10)
    np.testing.assert_allclose(grads.delta[1][0], [0.0133679204, 0.0149960755], atol=1e-10)
    new = net.step(params, grads, eta)
    np.testing.assert_allclose(
        new.W[1], [[0.1496658020, 0.2496250981], [0.1993316040, 0.2992501962]], atol=1e-10
    )
    np.testing.assert_allclose(new.b[1], [0.3433160398, 0.3425019623], atol=1e-10)
    np.testing.assert_allclose(new.W[2][:, 0], [0.3589164797, 0.4086661861], atol=1e-10)
    np.testing.assert_allclose(new.b[2], [0.5307507192], atol=1e-10)
    assert net.mean_loss(params, X, Y) == pytest.approx(0.2748110832, abs=1e-10)


# ---------------------------------------------------------------- init schemes

BIG = (300, 500, 200)


def test_init_shapes_and_zero_biases():
    net = Network((3, 5, 4, 2))
    for scheme in INIT_SCHEMES:
        p = net.init(scheme, seed=1)
        assert len(p.W) == len(p.b) == 4 and p.W[0] is None and p.b[0] is None
        for l in range(1, 4):
            assert p.W[l].shape == (net.sizes[l - 1], net.sizes[l])
            assert p.W[l].dtype == np.float64
            assert p.b[l].shape == (net.sizes[l],) and np.all(p.b[l] == 0.0)


def test_zeros_and_constant():
    net = Network((3, 5, 2))
    assert all(np.all(w == 0.0) for w in net.init("zeros", scale=3.0).W[1:])
    assert all(np.all(w == 0.7) for w in net.init("constant", scale=0.7).W[1:])
    assert all(np.all(w == -0.25) for w in net.init("constant", scale=-0.25).W[1:])


@pytest.mark.parametrize(
    "scheme,std",
    [
        ("normal", lambda i, o: 0.3),
        ("xavier", lambda i, o: math.sqrt(2.0 / (i + o))),
        ("he", lambda i, o: math.sqrt(2.0 / i)),
        ("uniform", lambda i, o: 0.3 / math.sqrt(3.0)),
    ],
)
def test_random_schemes_have_the_right_spread(scheme, std):
    p = Network(BIG).init(scheme, scale=0.3, seed=5)
    for l in (1, 2):
        w = p.W[l]
        expected = std(BIG[l - 1], BIG[l])
        assert abs(w.std() / expected - 1) < 0.02
        assert abs(w.mean()) < 0.02 * expected
    if scheme == "uniform":
        w = np.concatenate([p.W[1].ravel(), p.W[2].ravel()])
        assert w.min() >= -0.3 and w.max() <= 0.3
        assert w.min() < -0.299 and w.max() > 0.299


def test_same_seed_same_params_different_seed_different():
    net = Network((4, 6, 3))
    for scheme in ("normal", "uniform", "xavier", "he"):
        a, b, c = net.init(scheme, seed=11), net.init(scheme, seed=11), net.init(scheme, seed=12)
        for l in (1, 2):
            np.testing.assert_array_equal(a.W[l], b.W[l])
            assert not np.array_equal(a.W[l], c.W[l])
    a = net.init("constant", scale=0.5, noise=1e-3, seed=3)
    b = net.init("constant", scale=0.5, noise=1e-3, seed=3)
    np.testing.assert_array_equal(a.flat(), b.flat())


def test_noise_perturbs_every_weight_by_about_noise():
    net = Network(BIG)
    p = net.init("constant", scale=0.5, noise=1e-3, seed=2)
    for l in (1, 2):
        d = p.W[l] - 0.5
        assert np.all(d != 0.0)
        assert abs(d.std() / 1e-3 - 1) < 0.02
        assert np.all(p.b[l] == 0.0)  # biases untouched
    q = net.init("zeros", noise=0.1, seed=2)
    assert abs(q.W[1].std() / 0.1 - 1) < 0.02


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(scheme="glorot"), "unknown init scheme 'glorot'"),
        (dict(scheme="normal", noise=-1.0), "noise must be"),
        (dict(scheme="normal", scale=float("nan")), "scale must be"),
        (dict(scheme="uniform", scale=-1.0), "scale must be >= 0"),
    ],
)
def test_init_rejects_bad_arguments(kwargs, match):
    scheme = kwargs.pop("scheme")
    with pytest.raises(ValueError, match=match):
        Network((2, 3, 1)).init(scheme, **kwargs)


# ---------------------------------------------------------------- construction


def test_network_is_hashable_and_normalises_sizes():
    a = Network([2, np.int64(3), 1])
    b = Network((2, 3, 1))
    assert a.sizes == (2, 3, 1) and all(type(d) is int for d in a.sizes)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert Network((2, 3, 1), bias=False) != b
    assert a.n_layers == 2 and a.n_params == 2 * 3 + 3 + 3 * 1 + 1
    with pytest.raises(AttributeError):
        a.sizes = (1, 1)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(sizes=(3,)), r"at least 2 entries"),
        (dict(sizes=()), r"at least 2 entries"),
        (dict(sizes=5), r"sizes must be a sequence"),
        (dict(sizes=(2, 0, 1)), r"sizes\[1\] must be positive, got 0"),
        (dict(sizes=(2, -3)), r"sizes\[1\] must be positive, got -3"),
        (dict(sizes=(2, 2.5, 1)), r"sizes\[1\] must be an integer, got 2.5"),
        (dict(sizes=(2, "4")), r"sizes\[1\] must be an integer, got '4'"),
        (dict(sizes=(True, 2)), r"sizes\[0\] must be an integer"),
        (dict(sizes=(2, 1), activation="softmax"), r"unknown activation 'softmax'"),
        (dict(sizes=(2, 1), output_activation="elu"), r"unknown output_activation 'elu'"),
        (dict(sizes=(2, 1), loss="hinge"), r"unknown loss 'hinge'"),
        (
            dict(sizes=(2, 1), output_activation="tanh", loss="binary_cross_entropy"),
            r"'binary_cross_entropy' requires output_activation='sigmoid', got 'tanh'",
        ),
        (
            dict(sizes=(2, 1), output_activation="identity", loss="binary_cross_entropy"),
            r"requires output_activation='sigmoid'",
        ),
    ],
)
def test_network_rejects_bad_configuration(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


def test_bad_shapes_raise():
    net = Network((2, 3, 1))
    p = net.init("xavier")
    X, Y = np.ones((5, 2)), np.ones((5, 1))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\) with n >= 1, got \(5, 3\)"):
        net.forward(p, np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        net.forward(p, np.ones(2))
    with pytest.raises(ValueError, match=r"got \(0, 2\)"):
        net.forward(p, np.ones((0, 2)))
    trace = net.forward(p, X)
    with pytest.raises(ValueError, match=r"Y must have shape \(5, 1\) \(or \(5,\)"):
        net.backward(p, trace, np.ones((4, 1)))
    with pytest.raises(ValueError, match=r"Y must have shape \(5, 1\)"):
        net.mean_loss(p, X, np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"params.W\[1\] must have shape \(2, 3\)"):
        net.forward(Network((3, 3, 1)).init("zeros"), X)
    with pytest.raises(ValueError, match=r"params must be Params with 2 layers"):
        net.forward(Network((2, 1)).init("zeros"), X)
    with pytest.raises(ValueError, match=r"trace does not come from this network"):
        net.backward(p, Network((2, 4, 1)).forward(Network((2, 4, 1)).init("zeros"), X), Y)
    with pytest.raises(ValueError, match=r"bias=False but params.b\[1\] is not zero"):
        Network((2, 3, 1), bias=False).forward(Params(p.W, (None, np.ones(3), np.zeros(1))), X)
    two = Network((2, 2))
    with pytest.raises(ValueError, match=r"Y must have shape \(5, 2\), got \(5,\)"):
        two.mean_loss(two.init("zeros"), X, np.ones(5))
    with pytest.raises(ValueError, match=r"lr must be finite and >= 0, got -1"):
        net.step(p, net.backward(p, trace, Y), -1.0)


def test_one_dimensional_y_when_one_output():
    net = Network((2, 3, 1), loss="binary_cross_entropy")
    p = net.init("normal", seed=0)
    X, y = np.random.default_rng(0).normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0.0])
    trace = net.forward(p, X)
    g1, g2 = net.backward(p, trace, y), net.backward(p, trace, y[:, None])
    np.testing.assert_array_equal(g1.flat(), g2.flat())
    assert net.mean_loss(p, X, y) == net.mean_loss(p, X, y[:, None])


def test_params_validate_copy_and_are_read_only():
    W1 = np.array([[1.0, 2.0]])
    p = Params(W=(None, W1), b=(None, [0.5, 0.5]))
    W1[0, 0] = 99.0  # the caller's array is not shared
    assert p.W[1][0, 0] == 1.0 and p.b[1].dtype == np.float64
    with pytest.raises(ValueError, match="read-only"):
        p.W[1][0, 0] = 5.0
    with pytest.raises(ValueError, match=r"W\[2\] of shape \(3, 1\)"):
        Params(W=(None, np.ones((1, 2)), np.ones((3, 1))), b=(None, np.ones(2), np.ones(1)))
    with pytest.raises(ValueError, match=r"b\[1\] of shape \(3,\)"):
        Params(W=(None, np.ones((1, 2))), b=(None, np.ones(3)))
    with pytest.raises(ValueError, match=r"W = \(None, W1, ..., WL\)"):
        Params(W=(np.ones((1, 2)),), b=(np.ones(2),))


def test_forward_backward_step_never_mutate_inputs():
    net = Network((3, 4, 2), activation="tanh")
    p = net.init("he", seed=3)
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    X0, Y0, flat0 = X.copy(), Y.copy(), p.flat()
    trace = net.forward(p, X)
    grads = net.backward(p, trace, Y)
    net.step(p, grads, 0.3)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    np.testing.assert_array_equal(p.flat(), flat0)
    assert X.flags.writeable  # the caller's array keeps its flags
    np.testing.assert_array_equal(trace.x[0], X)
    assert trace.x[0] is X  # float64 input passed through as is
    for arr in (*trace.S[1:], *trace.x[1:], *grads.delta[1:], *grads.W[1:], *grads.b[1:]):
        assert not arr.flags.writeable


def test_trace_shapes_and_activations():
    net = Network((3, 4, 2), activation="relu", output_activation="identity")
    p = net.init("normal", seed=0)
    X = np.random.default_rng(0).normal(size=(7, 3))
    t = net.forward(p, X)
    assert t.S[0] is None and len(t.S) == len(t.x) == 3
    for l in (1, 2):
        assert t.S[l].shape == t.x[l].shape == (7, net.sizes[l])
    np.testing.assert_allclose(t.S[1], X @ p.W[1] + p.b[1])
    np.testing.assert_allclose(t.x[1], np.maximum(t.S[1], 0))
    np.testing.assert_allclose(t.x[2], t.x[1] @ p.W[2] + p.b[2])
    np.testing.assert_array_equal(net.output(p, X), t.x[2])


def test_step_is_plain_gradient_descent_and_bias_free_stays_zero():
    net = Network((2, 2, 1), bias=False)
    p = net.init("normal", seed=1)
    X, Y = np.array([[1.0, -2.0], [0.5, 0.3]]), np.array([[1.0], [0.0]])
    g = net.backward(p, net.forward(p, X), Y)
    new = net.step(p, g, 0.25)
    for l in (1, 2):
        np.testing.assert_allclose(new.W[l], p.W[l] - 0.25 * g.W[l], rtol=1e-15)
        assert np.all(new.b[l] == 0.0) and np.all(g.b[l] == 0.0)
    same = net.step(p, g, 0.0)
    np.testing.assert_array_equal(same.flat(), p.flat())


def test_flat_and_unflatten_round_trip():
    net = Network((3, 4, 2))
    p = net.init("normal", seed=0)
    v = p.flat()
    assert v.shape == (net.n_params,)
    # Layout W1 (row-major), b1, W2, b2.
    np.testing.assert_array_equal(v[:12], p.W[1].ravel())
    np.testing.assert_array_equal(v[16:24], p.W[2].ravel())
    q = net.unflatten(v * 2.0)
    for l in (1, 2):
        np.testing.assert_array_equal(q.W[l], 2.0 * p.W[l])
    assert not q.W[1].flags.writeable
    with pytest.raises(ValueError, match=f"vec must have {net.n_params} entries"):
        net.unflatten(v[:-1])
    nob = Network((3, 4, 2), bias=False).unflatten(np.ones(net.n_params))
    assert np.all(nob.b[1] == 0.0) and np.all(nob.W[1] == 1.0)
