"""core.history: the long table and stacks must reproduce the History's own arrays."""

from types import SimpleNamespace

import numpy as np
import pytest

from core.history import (
    grad_norms,
    history_stack,
    history_to_columns,
    n_rows,
    subsample_records,
    weight_trajectory,
)

SIZES = (3, 4, 2)


def fake_history(n_records=5, sizes=SIZES, with_grads=True, seed=0):
    """A History-shaped object with distinct random numbers everywhere."""
    rng = np.random.default_rng(seed)

    def layered():
        W = (None,) + tuple(
            rng.normal(size=(sizes[layer - 1], sizes[layer])) for layer in range(1, len(sizes))
        )
        b = (None,) + tuple(rng.normal(size=sizes[layer]) for layer in range(1, len(sizes)))
        return W, b

    params, grads = [], []
    for _ in range(n_records):
        W, b = layered()
        params.append(SimpleNamespace(W=W, b=b))
        dW, db = layered()
        grads.append(SimpleNamespace(W=dW, b=db, delta=()))
    return SimpleNamespace(
        params=params,
        grads=grads if with_grads else None,
        steps=[3 * k for k in range(n_records)],
        loss=list(rng.uniform(size=n_records)),
        diverged=False,
    )


def rebuild(columns, step, layer, kind, shape):
    """Scatter the table's rows for one (step, layer, kind) back into a matrix."""
    mask = (columns["step"] == step) & (columns["layer"] == layer) & (columns["kind"] == kind)
    out = np.full(shape, np.nan)
    out[columns["i"][mask], columns["j"][mask]] = columns["value"][mask]
    assert mask.sum() == out.size  # every entry exactly once
    return out


def test_columns_round_trip_to_the_history():
    history = fake_history()
    columns = history_to_columns(history)
    assert set(columns) == {"step", "layer", "kind", "i", "j", "value"}
    lengths = {len(c) for c in columns.values()}
    assert lengths == {n_rows(history)}
    for k, step in enumerate(history.steps):
        for layer in (1, 2):
            p, g = history.params[k], history.grads[k]
            shape_W, shape_b = p.W[layer].shape, (1, p.b[layer].size)
            np.testing.assert_array_equal(rebuild(columns, step, layer, "W", shape_W), p.W[layer])
            np.testing.assert_array_equal(
                rebuild(columns, step, layer, "b", shape_b)[0], p.b[layer]
            )
            np.testing.assert_array_equal(rebuild(columns, step, layer, "dW", shape_W), g.W[layer])
            np.testing.assert_array_equal(
                rebuild(columns, step, layer, "db", shape_b)[0], g.b[layer]
            )


def test_column_dtypes_and_bias_rows_have_i_zero():
    columns = history_to_columns(fake_history())
    assert columns["step"].dtype == np.int64
    assert columns["layer"].dtype == np.int64
    assert columns["i"].dtype == np.int64 and columns["j"].dtype == np.int64
    assert columns["value"].dtype == np.float64
    assert columns["kind"].dtype.kind == "U"
    assert set(columns["kind"]) == {"W", "b", "dW", "db"}
    bias = np.isin(columns["kind"], ["b", "db"])
    assert np.all(columns["i"][bias] == 0)


@pytest.mark.parametrize("sizes", [(2, 1), (3, 4, 2), (2, 5, 3, 1)])
@pytest.mark.parametrize("with_grads", [True, False])
def test_row_count_formula(sizes, with_grads):
    R = 4
    history = fake_history(R, sizes, with_grads)
    per_record = sum(
        sizes[layer - 1] * sizes[layer] + sizes[layer] for layer in range(1, len(sizes))
    )
    expected = R * per_record * (2 if with_grads else 1)
    assert n_rows(history) == expected
    columns = history_to_columns(history)
    assert len(columns["value"]) == expected
    keys = set(zip(*(columns[c] for c in ("step", "layer", "kind", "i", "j")), strict=True))
    assert len(keys) == expected  # no row twice
    if not with_grads:
        assert set(columns["kind"]) == {"W", "b"}


def test_records_subset():
    history = fake_history(6)
    keep = [0, 2, 5]
    columns = history_to_columns(history, records=keep)
    assert set(columns["step"]) == {0, 6, 15}
    assert len(columns["value"]) == n_rows(history, records=keep) == n_rows(history) // 2
    np.testing.assert_array_equal(rebuild(columns, 15, 2, "W", (4, 2)), history.params[5].W[2])
    with pytest.raises(ValueError):
        history_to_columns(history, records=[6])


def test_history_stack_shapes_and_values():
    history = fake_history(3)
    W = history_stack(history, 1, "W")
    assert W.shape == (3, 3, 4)
    np.testing.assert_array_equal(W[2], history.params[2].W[1])
    b = history_stack(history, 2, "b")
    assert b.shape == (3, 1, 2)
    np.testing.assert_array_equal(b[1, 0], history.params[1].b[2])
    db = history_stack(history, 2, "db")
    np.testing.assert_array_equal(db[0, 0], history.grads[0].b[2])
    with pytest.raises(ValueError, match="kind"):
        history_stack(history, 1, "delta")
    with pytest.raises(ValueError, match="layer"):
        history_stack(history, 3, "W")
    with pytest.raises(ValueError, match="grads"):
        history_stack(fake_history(with_grads=False), 1, "dW")


def test_weight_trajectory():
    history = fake_history(4)
    steps, values = weight_trajectory(history, 2, 3, 1)
    np.testing.assert_array_equal(steps, [0, 3, 6, 9])
    np.testing.assert_array_equal(values, [p.W[2][3, 1] for p in history.params])
    _, bias = weight_trajectory(history, 1, 0, 2, kind="b")
    np.testing.assert_array_equal(bias, [p.b[1][2] for p in history.params])
    with pytest.raises(ValueError):
        weight_trajectory(history, 2, 4, 0)


def test_grad_norms():
    history = fake_history(3)
    norms = grad_norms(history)
    assert norms.shape == (3, 2)
    for k, g in enumerate(history.grads):
        for layer in (1, 2):
            assert norms[k, layer - 1] == pytest.approx(np.sqrt(np.sum(g.W[layer] ** 2)))
            with_bias = np.sqrt(np.sum(g.W[layer] ** 2) + np.sum(g.b[layer] ** 2))
            assert grad_norms(history, include_bias=True)[k, layer - 1] == pytest.approx(with_bias)


@pytest.mark.parametrize(("n", "m"), [(1, 2), (2, 2), (10, 10), (11, 10), (1000, 7), (5, 2)])
def test_subsample_records(n, m):
    keep = subsample_records(n, m)
    assert keep[0] == 0 and keep[-1] == n - 1
    assert len(keep) == min(n, m)
    assert np.all(np.diff(keep) > 0)
    if n > m:  # roughly even: no gap more than twice the ideal
        assert np.max(np.diff(keep)) <= 2 * (n - 1) / (m - 1) + 1


def test_subsample_edge_cases():
    assert len(subsample_records(0, 5)) == 0
    with pytest.raises(ValueError):
        subsample_records(10, 1)
    with pytest.raises(ValueError):
        subsample_records(-1, 5)


def test_with_a_real_training_run():
    from core.datasets import make_dataset
    from core.network import Network
    from core.training import train

    X, y = make_dataset("xor", n=20, seed=0)
    net = Network((2, 3, 1), activation="tanh")
    history = train(
        net, net.init("normal", scale=0.5, seed=1), X, y, lr=0.5, steps=20, record_every=5
    )
    columns = history_to_columns(history)
    assert (
        len(columns["value"])
        == n_rows(history)
        == len(history.params) * (2 * 3 + 3 + 3 * 1 + 1) * 2
    )
    last = len(history.params) - 1
    step = int(history.steps[last])
    np.testing.assert_array_equal(rebuild(columns, step, 1, "W", (2, 3)), history.params[last].W[1])
    np.testing.assert_array_equal(rebuild(columns, step, 2, "dW", (3, 1)), history.grads[last].W[2])
    # the recorded gradients are the gradients of the mean loss at those params
    grads = net.backward(history.params[last], net.forward(history.params[last], X), y)
    np.testing.assert_allclose(history_stack(history, 1, "dW")[last], grads.W[1], rtol=1e-12)
