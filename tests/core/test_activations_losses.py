"""Activations and losses against closed forms, math-module values and finite differences."""

import math
import warnings

import numpy as np
import pytest

from core.activations import ACTIVATIONS, get_activation
from core.losses import LOSSES, get_loss

# Independent scalar references (Python's math module, not numpy).
REF_G = {
    "sigmoid": lambda s: 1.0 / (1.0 + math.exp(-s)),
    "tanh": math.tanh,
    "relu": lambda s: max(s, 0.0),
    "identity": lambda s: s,
}

S_GRID = np.array([-6.0, -2.5, -1.0, -0.3, 0.2, 0.7, 1.5, 4.0])


def test_registry_has_exactly_the_design_names():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity"}
    assert set(LOSSES) == {"squared_error", "binary_cross_entropy"}
    for name, act in ACTIVATIONS.items():
        assert act.name == name == str(act)


@pytest.mark.parametrize("name", sorted(REF_G))
def test_fn_matches_math_module(name):
    x = ACTIVATIONS[name].fn(S_GRID)
    assert x.shape == S_GRID.shape
    expected = [REF_G[name](float(s)) for s in S_GRID]
    np.testing.assert_allclose(x, expected, rtol=1e-14, atol=1e-300)


def test_known_values():
    g = ACTIVATIONS["sigmoid"]
    assert g.fn(np.array([0.0]))[0] == 0.5
    assert g.fn(np.array([math.log(3.0)]))[0] == pytest.approx(0.75, rel=1e-15)
    assert ACTIVATIONS["relu"].fn(np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]


@pytest.mark.parametrize("name", sorted(REF_G))
def test_derivatives_match_central_differences(name):
    act, h = ACTIVATIONS[name], 1e-6
    S = S_GRID.reshape(2, 4)
    fd = np.array([(REF_G[name](s + h) - REF_G[name](s - h)) / (2 * h) for s in S.ravel()])
    fd = fd.reshape(S.shape)
    x = act.fn(S)
    np.testing.assert_allclose(act.der(x), fd, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(act.der_from_S(S), fd, rtol=1e-8, atol=1e-10)
    up = np.linspace(-2.0, 3.0, S.size).reshape(S.shape)
    np.testing.assert_allclose(act.chain(x, up), up * fd, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", sorted(REF_G))
def test_in_place_forms_agree_and_leave_inputs_alone(name):
    act = ACTIVATIONS[name]
    S = S_GRID.reshape(2, 4).copy()
    x = act.fn(S)
    same = S.copy()
    np.testing.assert_array_equal(act.into(same, same), x)  # in place over S is allowed
    up, keep_x, keep_up = S[::-1].copy(), x.copy(), S[::-1].copy()
    out = np.full_like(x, np.nan)
    res = act.chain_into(x, up, out)
    np.testing.assert_array_equal(res, act.chain(x, up))
    np.testing.assert_array_equal(x, keep_x)
    np.testing.assert_array_equal(up, keep_up)


def test_derivative_closed_forms_from_output():
    x = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].der(x), [0.09, 0.25, 0.09])
    np.testing.assert_allclose(ACTIVATIONS["tanh"].der(x), [0.99, 0.75, 0.19])
    assert ACTIVATIONS["relu"].der(np.array([0.0, 2.0])).tolist() == [0.0, 1.0]
    assert ACTIVATIONS["identity"].der(x).tolist() == [1.0, 1.0, 1.0]


def test_sigmoid_is_stable_for_huge_inputs():
    g = ACTIVATIONS["sigmoid"]
    S = np.array([-1e4, -800.0, -700.0, -40.0, 40.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = g.fn(S)
        d = g.der_from_S(S)
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(d))
    assert x[0] == 0.0 and x[-1] == 1.0 and x[-2] == 1.0
    assert x[2] == pytest.approx(math.exp(-700.0), rel=1e-12, abs=0)  # relative accuracy kept
    assert x[3] == pytest.approx(1.0 / (1.0 + math.exp(40.0)), rel=1e-14, abs=0)
    assert d[0] == 0.0 and d[-1] == 0.0


def test_unknown_names_raise():
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        get_activation("softmax")
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        get_loss("hinge")


def _naive_bce(s, y):
    p = 1.0 / (1.0 + math.exp(-s))
    terms = []
    if y:
        terms.append(-y * math.log(p))
    if 1 - y:
        terms.append(-(1 - y) * math.log(1.0 - p))
    return sum(terms)


@pytest.mark.parametrize("bound,rtol", [(12.0, 1e-9), (25.0, 1e-5)])
def test_bce_equals_naive_formula_where_finite(bound, rtol):
    # The naive -[y log p + (1-y) log(1-p)] loses digits as 1 - p -> 0 (and is
    # infinite beyond |S| ~ 37): tight on a moderate range, looser on a wide one.
    rng = np.random.default_rng(3)
    S = rng.uniform(-bound, bound, size=(40, 3))
    Y = rng.choice([0.0, 0.3, 1.0], size=S.shape)
    loss = LOSSES["binary_cross_entropy"]
    per = loss.fn(S, ACTIVATIONS["sigmoid"].fn(S), Y)
    expected = [
        sum(_naive_bce(s, y) for s, y in zip(rs, ry, strict=True))
        for rs, ry in zip(S, Y, strict=True)
    ]
    np.testing.assert_allclose(per, expected, rtol=rtol, atol=1e-12)


def test_bce_is_finite_for_huge_logits():
    S = np.array([[1e4], [-1e4], [1e4], [-1e4], [40.0]])
    Y = np.array([[1.0], [0.0], [0.0], [1.0], [1.0]])
    loss, g = LOSSES["binary_cross_entropy"], ACTIVATIONS["sigmoid"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = g.fn(S)
        per = loss.fn(S, x, Y)
        mean, delta = loss.mean_and_delta(S, x, Y, g)
    assert per[0] == 0.0 and per[1] == 0.0  # confident and right
    assert per[2] == 1e4 and per[3] == 1e4  # confident and wrong: exactly |S|
    assert per[4] == pytest.approx(math.exp(-40.0), rel=1e-9, abs=0)  # not lost to round-off
    assert mean == pytest.approx(per.mean(), rel=1e-15)
    np.testing.assert_array_equal(delta, x - Y)


def test_squared_error_by_hand():
    x = np.array([[0.5, 1.0], [2.0, -1.0]])
    Y = np.array([[0.0, 1.0], [1.0, 1.0]])
    loss = LOSSES["squared_error"]
    per = loss.fn(x, x, Y)
    np.testing.assert_allclose(per, [0.125, 0.5 * (1.0 + 4.0)])
    mean, _ = loss.mean_and_delta(x, x, Y, ACTIVATIONS["identity"])
    assert mean == pytest.approx((0.125 + 2.5) / 2, rel=1e-15)


@pytest.mark.parametrize(
    "loss_name,out",
    [("squared_error", o) for o in sorted(REF_G)] + [("binary_cross_entropy", "sigmoid")],
)
def test_output_delta_matches_finite_differences_in_S(loss_name, out):
    """delta^(L)_kj = d ell_k / d S_kj, from an independent scalar loss."""
    rng = np.random.default_rng(7)
    S = rng.uniform(-2, 2, size=(3, 2))
    S[np.abs(S) < 1e-2] = 0.5  # keep off the ReLU kink
    Y = rng.uniform(0, 1, size=S.shape)
    g, loss, h = ACTIVATIONS[out], LOSSES[loss_name], 1e-6

    def ell(s, y):  # one unit's share of one example's loss, in scalars
        x = REF_G[out](s)
        return 0.5 * (x - y) ** 2 if loss_name == "squared_error" else _naive_bce(s, y)

    fd = np.vectorize(lambda s, y: (ell(s + h, y) - ell(s - h, y)) / (2 * h))(S, Y)
    x = g.fn(S)
    np.testing.assert_allclose(loss.delta(S, x, Y, g), fd, rtol=1e-7, atol=1e-10)
    mean, delta = loss.mean_and_delta(S, x, Y, g)
    np.testing.assert_allclose(delta, fd, rtol=1e-7, atol=1e-10)
    expected_mean = np.vectorize(ell)(S, Y).sum(axis=1).mean()
    assert mean == pytest.approx(expected_mean, rel=1e-12)
    np.testing.assert_allclose(loss.fn(S, x, Y), np.vectorize(ell)(S, Y).sum(axis=1), rtol=1e-12)
