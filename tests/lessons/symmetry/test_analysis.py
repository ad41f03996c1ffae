"""Worksheet 1b-1g as properties of the engine, and the symmetry measures themselves."""

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lessons.symmetry import (
    column_constant_spread,
    distinct_units,
    hidden_delta_spread,
    hidden_values_spread,
    row_constant_spread,
    spread,
    symmetry_over_history,
    unit_signatures,
)

# ---------------------------------------------------------------- the measures, by hand


def hand_params():
    # 3 hidden units; units 0 and 2 are clones, unit 1 differs only in its bias
    W1 = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    b1 = np.array([0.5, 0.7, 0.5])
    W2 = np.array([[3.0, 4.0], [3.0, 4.0], [3.0, 4.0]])
    return SimpleNamespace(W=(None, W1, W2), b=(None, b1, np.zeros(2)))


def test_unit_signatures_layout():
    sig = unit_signatures(hand_params(), 1)
    np.testing.assert_array_equal(
        sig, [[1.0, 2.0, 0.5, 3.0, 4.0], [1.0, 2.0, 0.7, 3.0, 4.0], [1.0, 2.0, 0.5, 3.0, 4.0]]
    )
    out = unit_signatures(hand_params(), 2)  # output layer: no outgoing weights
    np.testing.assert_array_equal(out, [[3.0, 3.0, 3.0, 0.0], [4.0, 4.0, 4.0, 0.0]])


def test_distinct_units_and_spread_by_hand():
    p = hand_params()
    assert distinct_units(p, 1) == 2
    assert spread(p, 1) == pytest.approx(0.2)
    assert distinct_units(p, 1, tol=0.1) == 1  # 0.2 apart, scale 4: within 0.4
    assert distinct_units(p, 2) == 2
    clones = SimpleNamespace(
        W=(None, np.ones((2, 4)), np.ones((4, 1))), b=(None, np.zeros(4), [0.0])
    )
    assert distinct_units(clones, 1) == 1
    assert spread(clones, 1) == 0.0
    # a relative difference below tol is ignored, above it is not
    W1 = np.ones((2, 4)) * 1e6
    W1[0, 3] += 1e-4  # relative 1e-10
    near = SimpleNamespace(W=(None, W1, np.ones((4, 1))), b=(None, np.zeros(4), [0.0]))
    assert distinct_units(near, 1, tol=1e-9) == 1
    assert distinct_units(near, 1, tol=1e-11) == 2
    with pytest.raises(ValueError, match="layer"):
        distinct_units(p, 3)
    with pytest.raises(ValueError, match="layer"):
        unit_signatures(p, 0)
    with pytest.raises(ValueError, match="tol"):
        distinct_units(p, 1, tol=-1.0)


def test_distinct_units_all_different():
    rng = np.random.default_rng(0)
    p = SimpleNamespace(
        W=(None, rng.normal(size=(3, 5)), rng.normal(size=(5, 2))),
        b=(None, np.zeros(5), np.zeros(2)),
    )
    assert distinct_units(p, 1) == 5


def test_row_and_column_spreads_by_hand():
    W = np.array([[1.0, 1.0, 1.5], [2.0, 2.0, 2.0]])
    assert row_constant_spread(W) == pytest.approx(0.5)
    assert column_constant_spread(W) == pytest.approx(1.0)
    assert row_constant_spread(np.full((3, 2), 7.0)) == 0.0
    with pytest.raises(ValueError):
        row_constant_spread(np.ones(3))


def test_activation_spreads_by_hand():
    trace = SimpleNamespace(x=(None, np.array([[0.1, 0.1, 0.1], [0.2, 0.25, 0.2]])))
    assert hidden_values_spread(trace, 1) == pytest.approx(0.05)
    grads = SimpleNamespace(delta=(None, np.array([[1.0, 1.0], [-1.0, -1.0]])))
    assert hidden_delta_spread(grads, 1) == 0.0


def test_symmetry_over_history_with_a_fake_history():
    a, b = (
        hand_params(),
        SimpleNamespace(
            W=(None, np.ones((2, 3)), np.ones((3, 2))), b=(None, np.zeros(3), np.zeros(2))
        ),
    )
    out = symmetry_over_history(SimpleNamespace(params=[a, b], steps=[0, 10]))
    np.testing.assert_array_equal(out["steps"], [0, 10])
    np.testing.assert_array_equal(out["distinct"], [2, 1])
    np.testing.assert_allclose(out["spread"], [0.2, 0.0])


# ---------------------------------------------------------------- worksheet 1b-1f as properties

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
ROUND_OFF = 1e-10  # relative: "the spread stays at round-off level"


@st.composite
def constant_setups(draw):
    activation = draw(st.sampled_from(ACTIVATIONS))
    magnitude = draw(st.floats(0.05, 1.0))
    # relu with a > 0 and positive inputs keeps every unit alive
    sign = 1.0 if activation == "relu" else draw(st.sampled_from([-1.0, 1.0]))
    return {
        "sizes": (draw(st.integers(1, 5)), draw(st.integers(2, 6)), draw(st.integers(2, 4))),
        "activation": activation,
        "output_activation": draw(st.sampled_from(["sigmoid", "identity"])),
        "bias": draw(st.booleans()),
        "a": sign * magnitude,
        "n": draw(st.integers(1, 5)),
        "seed": draw(st.integers(0, 2**16)),
        "lr": draw(st.floats(0.05, 0.5)),
    }


def build(setup):
    from core.datasets import make_regression_example
    from core.network import Network

    d0, _, d2 = setup["sizes"]
    X, Y = make_regression_example(d0, d2, n=setup["n"], seed=setup["seed"])
    net = Network(
        setup["sizes"],
        activation=setup["activation"],
        output_activation=setup["output_activation"],
        bias=setup["bias"],
    )
    return net, X, Y


def scaled(*arrays):
    return max(1.0, *(float(np.max(np.abs(a))) for a in arrays))


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def output_derivative(setup, S2):
    """g'(S^(2)) of the output activation, written here independently of core."""
    if setup["output_activation"] == "sigmoid":
        s = 1 / (1 + np.exp(-S2))
        return s * (1 - s)
    return np.ones_like(S2)  # identity


# Found by Hypothesis (issue 15): ReLU, a = 1 and six hidden units make S^(2) large,
# the sigmoid output saturates (g'(S^(2)) ~ 1e-9) and the two output deltas are
# below 1e-8 apart in absolute terms. 1d still holds: they differ by exactly
# g'(S^(2)) times the difference of the targets, which is what is checked below.
SATURATED = {"sizes": (4, 6, 2), "activation": "relu", "output_activation": "sigmoid",
             "bias": False, "a": 1.0, "n": 2, "seed": 0, "lr": 0.5}  # fmt: skip


@PROPERTY
@given(constant_setups())
@example(SATURATED)
def test_1b_1c_1d_hidden_units_and_deltas_equal_output_deltas_not(setup):
    """1b, 1c hold for any constant a != 0 (|a| >= 0.05 here; ReLU only with a > 0, so no
    unit is dead). 1d: with squared error, delta_j^(2) = (x_j^(2) - y_j) g'(S^(2)), and
    under a constant start every x_j^(2) and S_j^(2) is the same, so the output deltas
    differ exactly as the targets do, scaled by g'(S^(2)): they differ whenever the targets
    differ and g' is not negligible (a saturated sigmoid output makes g' ~ 0)."""
    net, X, Y = build(setup)
    params = net.init("constant", scale=setup["a"])
    trace = net.forward(params, X)
    grads = net.backward(params, trace, Y)
    # 1b: x_j^(1) the same for every j, in every example
    assert hidden_values_spread(trace, 1) <= ROUND_OFF * scaled(trace.x[1])
    # 1c: delta_j^(1) the same for every j
    assert hidden_delta_spread(grads, 1) <= ROUND_OFF * scaled(grads.delta[1])
    # 1d: every output has the same S^(2), and delta^(2) = (x^(2) - y) g'(S^(2))
    S2 = trace.S[2]
    assert np.all(np.ptp(S2, axis=1) <= ROUND_OFF * scaled(S2))
    gprime = output_derivative(setup, S2[:, :1])  # (n, 1): one value per example
    expected = (trace.x[2] - Y) * gprime
    np.testing.assert_allclose(grads.delta[2], expected, rtol=1e-9, atol=1e-15)
    # so, relative to g', the deltas differ exactly as the targets do
    differ = np.ptp(Y, axis=1) > 1e-6
    assert np.all(
        np.ptp(grads.delta[2], axis=1)[differ] > 0.5 * (gprime[:, 0] * np.ptp(Y, axis=1))[differ]
    )
    # and in absolute terms too wherever the output is not saturated
    alive = differ & (gprime[:, 0] > 1e-4)
    assert np.all(np.ptp(grads.delta[2], axis=1)[alive] > 1e-8)


@PROPERTY
@given(constant_setups(), st.integers(1, 4))
@example(SATURATED, 1)
def test_1e_1f_pattern_survives_every_step(setup, record_every):
    """1e/1f for any constant start that does not diverge. "Different columns of W^(2)
    differ after a step" needs the output deltas to differ (1d): checked only where the
    output is not saturated at the start (g'(S^(2)) > 1e-4)."""
    from core.training import train

    net, X, Y = build(setup)
    params = net.init("constant", scale=setup["a"])
    history = train(net, params, X, Y, lr=setup["lr"], steps=24, record_every=record_every)
    assume(not history.diverged)  # a too-large lr on a linear net; 1f is about finite steps
    assert len(history.params) == 24 // record_every + 1
    S2 = net.forward(params, X).S[2]
    unsaturated = bool(np.all(output_derivative(setup, S2) > 1e-4))
    for k, p in enumerate(history.params):
        W1, W2, b1 = p.W[1], p.W[2], p.b[1]
        # 1e/1f: rows of W^(1) constant, columns of W^(2) constant, hidden biases equal
        assert row_constant_spread(W1) <= ROUND_OFF * scaled(W1)
        assert column_constant_spread(W2) <= ROUND_OFF * scaled(W2)
        assert np.ptp(b1) <= ROUND_OFF * scaled(b1)
        assert distinct_units(p, 1) == 1
        assert spread(p, 1) <= ROUND_OFF * scaled(W1, W2, b1)
        # the hidden units compute the same values on the data (1f)
        trace = net.forward(p, X)
        assert hidden_values_spread(trace, 1) <= ROUND_OFF * scaled(trace.x[1])
        if k > 0 and unsaturated:  # 1e: different COLUMNS of W^(2) differ after a step
            assert np.ptp(W2[0]) > 1e-12
    sym = symmetry_over_history(history)
    assert np.all(sym["distinct"] == 1)
    np.testing.assert_array_equal(sym["steps"], history.steps)


@st.composite
def broken_setups(draw):
    setup = draw(constant_setups())
    setup["init"] = draw(st.sampled_from(["normal", "uniform", "xavier", "he", "noisy"]))
    return setup


@PROPERTY
@given(broken_setups())
def test_random_init_and_noise_break_the_symmetry(setup):
    from core.training import train

    net, X, Y = build(setup)
    d1 = setup["sizes"][1]
    if setup["init"] == "noisy":
        params = net.init("constant", scale=setup["a"], noise=1e-3, seed=setup["seed"])
    else:
        params = net.init(setup["init"], scale=1.0, seed=setup["seed"])
    assert distinct_units(params, 1) == d1
    history = train(net, params, X, Y, lr=setup["lr"], steps=12, record_every=3)
    assert np.all(symmetry_over_history(history)["distinct"] == d1)


def test_noise_grows_into_distinct_units_over_training():
    """The tiny nudge of 1g: from 1e-6 of noise the units drift far apart on xor."""
    from core.datasets import make_dataset
    from core.network import Network
    from core.training import train

    X, y = make_dataset("xor", n=60, noise=0.05, seed=0)
    net = Network(
        (2, 4, 1), activation="tanh", output_activation="sigmoid", loss="binary_cross_entropy"
    )
    noisy = net.init("constant", scale=0.1, noise=1e-6, seed=3)
    history = train(net, noisy, X, y, lr=1.0, steps=3000, record_every=100)
    assert not history.diverged
    sym = symmetry_over_history(history)
    assert sym["spread"][0] < 1e-5
    assert np.all(np.diff(sym["spread"]) > 0)  # grows at every record
    assert sym["spread"][-1] > 1e4 * sym["spread"][0]
    assert sym["spread"][-1] > 0.1
    assert sym["distinct"][-1] == 4
    # the constant start, same data, stays a single unit
    same = train(net, net.init("constant", scale=0.1), X, y, lr=1.0, steps=3000, record_every=100)
    sym_const = symmetry_over_history(same)
    assert np.all(sym_const["distinct"] == 1)
    assert np.max(sym_const["spread"]) <= ROUND_OFF
