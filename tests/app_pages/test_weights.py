"""Weight matrices over iterations: AppTest of app_pages/weights.py and its CSV export.

The lesson is read from the Vega-Lite data the page sends to the browser; the
CSV is checked against a hand-written numpy training loop.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from core.datasets import make_dataset
from tests.app_pages.apptest import messages, run_page, vega_specs
from ui import heatmaps
from ui.weights import runs as weights_runs
from ui.weights.fields import ALL_FIELDS

PAGE = "weights"
FAST = {"wts_steps": 12}  # session state that keeps the control sweeps quick


@pytest.fixture(scope="module")
def fields():
    """Every URL-bound control of the page."""
    return ALL_FIELDS


def _heat(at):
    """The scrubbable heatmap spec and its data table."""
    for spec in vega_specs(at):
        if "weights_history" in spec["_data"]:
            return spec, spec["_data"]["weights_history"]
    raise AssertionError("no heatmap chart on the page")


def _widget(at, field):
    getter = {
        "select": at.selectbox,
        "int_slider": at.slider,
        "segmented": at.segmented_control,
        "number": at.number_input,
        "int": at.number_input,
    }[field.kind]
    value = getter(key=field.key).value
    return value[0] if isinstance(value, list) else value


def _matrices(table, run, layer, kind):
    """{step: matrix} rebuilt from the chart rows of one run, layer and kind."""
    part = table[(table["run"] == run) & (table["layer"] == layer) & (table["kind"] == kind)]
    rows = part["row"].astype(str).to_numpy()
    i = np.where(rows == heatmaps.BIAS_ROW, "0", rows).astype(int)
    j, steps = part["j"].to_numpy(), part["step"].to_numpy()
    stack = np.full((steps.max() + 1, i.max() + 1, j.max() + 1), np.nan)
    stack[steps, i, j] = part["value"].to_numpy()
    return {int(s): stack[s] for s in np.unique(steps)}


def test_defaults_render_with_every_step_in_the_heatmaps():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    spec, table = _heat(at)
    (param,) = spec["params"]
    assert param["bind"]["input"] == "range" and param["bind"]["max"] == 300
    for run in table["run"].cat.categories:
        steps = set(table.loc[table["run"] == run, "step"])
        assert steps == set(range(301)), run
    assert len(vega_specs(at)) == 4  # heatmaps, trajectories, loss, gradient norms
    assert "Subsampled" not in " ".join(c.value for c in at.caption)
    assert len(at.get("download_button")) == 2


def test_constant_init_keeps_rows_of_W1_and_columns_of_W2_constant():
    at = run_page(PAGE)
    _, table = _heat(at)
    const, rand = list(table["run"].cat.categories)
    assert const.startswith("constant")
    W1 = _matrices(table, const, 1, "W")
    W2 = _matrices(table, const, 2, "W")
    assert len(W1) == len(W2) == 301
    for step in W1:
        assert np.ptp(W1[step], axis=1).max() == 0.0, step  # 1e/1f: each row of W1 constant
        assert np.ptp(W2[step], axis=0).max() == 0.0, step  # each column of W2 constant
    assert np.ptp(W1[300], axis=0).max() > 0.01  # the rows did move, and apart from each other
    final_rand = _matrices(table, rand, 1, "W")[300]
    assert np.ptp(final_rand, axis=1).max() > 0.1  # random init: rows are not constant
    # the 1f numbers on the page say the same
    latex = " ".join(el.value for el in at.latex)
    assert latex.count("= 0") >= 2


def test_symmetry_example_output_columns_differ():
    at = run_page(PAGE, wts_data="symmetry", wts_steps=30)
    assert not at.exception, at.exception
    _, table = _heat(at)
    const = list(table["run"].cat.categories)[0]
    W2 = _matrices(table, const, 2, "W")
    for step, m in W2.items():
        assert m.shape == (4, 2)
        assert np.ptp(m, axis=0).max() == 0.0, step  # 1e: each column constant
        if step >= 1:
            assert abs(m[0, 0] - m[0, 1]) > 1e-6  # 1d/1e: different columns differ


def test_long_wide_runs_are_subsampled_for_the_chart_with_a_note():
    at = run_page(PAGE, wts_steps=2000, wts_width=8, wts_depth=2)
    assert not at.exception, at.exception
    _, table = _heat(at)
    assert len(table) <= weights_runs.MAX_CHART_ROWS
    steps = sorted(set(table["step"]))
    assert steps[0] == 0 and steps[-1] == 2000 and len(steps) < 2001
    assert "Subsampled" in " ".join(c.value for c in at.caption)
    # the download stays whole: every step of the 2-8-8-1 network
    buttons = " ".join(b.proto.label for b in at.get("download_button"))
    per_step = 2 * (2 * 8 + 8 + 8 * 8 + 8 + 8 * 1 + 1)
    assert f"{2001 * per_step:,} rows" in buttons


def test_every_control_at_extremes_and_options(fields):
    values = {}
    for f in fields:
        if f.options:
            opts = f.options if f.key not in ("wts_ti", "wts_tj") else ("all", 0, 7)
            values[f.key] = list(opts)
        else:
            values[f.key] = [f.lo, f.hi]
    at = run_page(PAGE, **FAST)
    assert not at.exception
    for key, options in values.items():
        for value in options:
            at.session_state[key] = value
            at.run()
            assert not at.exception, (key, value, at.exception)
            if key == "wts_tl" and value == 3:
                assert any("showing layer" in m for m in messages(at))
        at.session_state[key] = next(f.default for f in fields if f.key == key)
    at.session_state["wts_depth"] = 2
    at.session_state["wts_tl"] = 3
    at.run()
    assert not at.exception and not any("showing layer" in m for m in messages(at))


def test_divergence_warns_and_keeps_the_page():
    at = run_page(
        PAGE, wts_act="identity", wts_lr=20.0, wts_width=8, wts_depth=2, wts_a=2.0, wts_steps=300
    )
    assert not at.exception, at.exception
    assert any("stopped being finite" in m for m in messages(at))
    _, table = _heat(at)
    assert np.isfinite(table["value"]).all()


def test_trajectory_choice_out_of_range_warns():
    at = run_page(PAGE, wts_ti=7, wts_tk="W", **FAST)
    assert not at.exception
    assert any("row i = 7 does not exist" in m.lower() for m in messages(at))


def test_trajectories_coincide_under_constant_init():
    at = run_page(PAGE, wts_tl=1, wts_tk="W", wts_ti=1, **FAST)
    spec = next(s for s in vega_specs(at) if "facet" in s and "entry" in str(s))
    (data,) = spec["_data"].values()
    const = data[data["run"].str.startswith("constant")]
    assert set(const["entry"]) == {"w[1,0]", "w[1,1]", "w[1,2]", "w[1,3]"}
    per_step = const.groupby("step")["value"].agg(np.ptp)
    assert (per_step == 0).all() and len(per_step) == 13


def test_first_update_checks_against_recorded_step():
    at = run_page(PAGE, **FAST)
    captions = [c.value for c in at.caption if "recorded after step 1" in c.value]
    assert len(captions) == 2 and all(c.startswith("✅") for c in captions)
    latex = " ".join(el.value for el in at.latex)
    assert r"= 0.5 - 1 \cdot" in latex  # a = 0.5, eta = 1 plugged in


def test_autoplay_shows_a_server_side_frame():
    at = run_page(PAGE, wts_play=True, **FAST)
    assert not at.exception, at.exception
    spec, table = _heat(at)
    assert "params" not in spec  # no browser slider while playing
    assert table["step"].nunique() == 1
    assert at.button(key="wts_stop")
    at.button(key="wts_stop").click().run()
    assert not at.exception
    assert at.session_state["wts_play"] is False


def test_url_with_every_parameter_round_trips(fields):
    chosen = {
        "wts_data": "moons",
        "wts_width": 6,
        "wts_depth": 2,
        "wts_act": "relu",
        "wts_init_a": "noise",
        "wts_init_b": "he",
        "wts_a": 0.3,
        "wts_sigma": 1.25,
        "wts_eps": 0.05,
        "wts_lr": 0.25,
        "wts_steps": 40,
        "wts_seed": 17,
        "wts_tl": 2,
        "wts_tk": "dW",
        "wts_ti": 3,
        "wts_tj": 1,
        "wts_fps": 4,
    }
    assert set(chosen) == {f.key for f in fields}
    shown = {f.key: (f.labels or {}).get(chosen[f.key], str(chosen[f.key])) for f in fields}
    at = run_page(PAGE, shown)
    assert not at.exception, at.exception
    for f in fields:
        assert _widget(at, f) == chosen[f.key], f.key
    assert not [c.value for c in at.caption if "Link problem" in c.value]


def test_garbage_url_falls_back_with_notice(fields):
    garbage = {
        "wts_data": "mnist",
        "wts_width": "99",
        "wts_depth": "x",
        "wts_lr": "nan",
        "wts_steps": "1e9",
        "wts_seed": "-3",
        "wts_init_a": "<script>",
        "wts_ti": "12",
    }
    at = run_page(PAGE, {**garbage, "wts_a": "0.7"})
    assert not at.exception, at.exception
    for f in fields:
        if f.key in garbage:
            assert _widget(at, f) == f.default, f.key
    assert _widget(at, next(f for f in fields if f.key == "wts_a")) == 0.7
    notice = " ".join(c.value for c in at.caption if "Link problem" in c.value)
    for key in garbage:
        assert f"`{key}=" in notice, key


# ---- CSV export against a hand-written training loop -------------------------------


def _reference_history(W1, b1, W2, b2, X, y, lr, steps):
    """Full-batch gradient descent on a 2-d-1 tanh/sigmoid network with mean BCE."""
    out = []
    n = len(y)
    for step in range(steps + 1):
        x1 = np.tanh(X @ W1 + b1)
        x2 = 1 / (1 + np.exp(-(x1 @ W2 + b2)))
        d2 = x2 - y[:, None]  # dl/dS2 for sigmoid + cross-entropy, per example
        d1 = (1 - x1**2) * (d2 @ W2.T)
        grads = {"W1": X.T @ d1 / n, "b1": d1.mean(0), "W2": x1.T @ d2 / n, "b2": d2.mean(0)}
        out.append(({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, grads))
        if step < steps:
            W1, b1 = W1 - lr * grads["W1"], b1 - lr * grads["b1"]
            W2, b2 = W2 - lr * grads["W2"], b2 - lr * grads["b2"]
    return out


def _csv_value(frame, step, layer, kind, i, j):
    row = frame[
        (frame.step == step)
        & (frame.layer == layer)
        & (frame.kind == kind)
        & (frame.i == i)
        & (frame.j == j)
    ]
    assert len(row) == 1, (step, layer, kind, i, j)
    return float(row.value.iloc[0])


def _compare(frame, reference):
    names = {(1, "W"): "W1", (1, "b"): "b1", (2, "W"): "W2", (2, "b"): "b2"}
    for step, (params, grads) in enumerate(reference):
        for (layer, kind), name in names.items():
            for source, prefix in ((params, ""), (grads, "d")):
                m = np.atleast_2d(source[name])
                for i in range(m.shape[0]):
                    for j in range(m.shape[1]):
                        got = _csv_value(frame, step, layer, prefix + kind, i, j)
                        assert got == pytest.approx(m[i, j], rel=1e-10, abs=1e-13)


def test_csv_round_trips_to_a_hand_computed_history():
    cfg = weights_runs.RunConfig(width=3, steps=2, lr=0.7, a=0.5, init="constant", seed=4)
    frame = pd.read_csv(io.BytesIO(weights_runs.history_csv(cfg)))
    assert list(frame.columns) == ["step", "layer", "kind", "i", "j", "value"]
    per_step = 2 * (2 * 3 + 3 + 3 * 1 + 1)
    assert len(frame) == 3 * per_step
    X, y = make_dataset("xor", weights_runs.N_EXAMPLES, weights_runs.DATA_NOISE, 4)
    start = (np.full((2, 3), 0.5), np.zeros(3), np.full((3, 1), 0.5), np.zeros(1))
    _compare(frame, _reference_history(*start, X, y, 0.7, 2))


def test_csv_of_a_random_run_follows_gradient_descent_from_its_start():
    cfg = weights_runs.RunConfig(width=2, steps=2, lr=0.3, init="normal", sigma=0.8, seed=1)
    frame = pd.read_csv(io.BytesIO(weights_runs.history_csv(cfg)))
    start0 = frame[frame.step == 0]

    def at0(layer, kind, shape):
        part = start0[(start0.layer == layer) & (start0.kind == kind)]
        m = np.zeros(shape)
        m[part.i.to_numpy(), part.j.to_numpy()] = part.value.to_numpy()
        return m

    W1, b1 = at0(1, "W", (2, 2)), at0(1, "b", (1, 2))[0]
    W2, b2 = at0(2, "W", (2, 1)), at0(2, "b", (1, 1))[0]
    assert np.ptp(W1) > 0  # really random
    assert not b1.any() and not b2.any()  # biases start at 0
    X, y = make_dataset("xor", weights_runs.N_EXAMPLES, weights_runs.DATA_NOISE, 1)
    _compare(frame, _reference_history(W1, b1, W2, b2, X, y, 0.3, 2))
