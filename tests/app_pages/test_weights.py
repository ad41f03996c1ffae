"""Weight matrices over iterations: AppTest of app_pages/weights.py and its CSV export.

The lesson is read from the data the page sends to the browser (the stage's
"weights_history" and "units" tables); the unit maps are checked against
formulas worked out here and the CSV against a hand-written numpy training loop.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from core.datasets import make_dataset
from tests.app_pages.apptest import distinct_maps, messages, run_page, vega_specs
from ui import heatmaps
from ui.weights import bundle as weights_bundle
from ui.weights import links
from ui.weights import runs as weights_runs
from ui.weights.fields import ALL_FIELDS

PAGE = "weights"
FAST = {"wts_steps": 12}  # session state that keeps the control sweeps quick
HEAVY = {"wts_steps": "2000", "wts_width": "8", "wts_depth": "2", "wts_lr": "20",
         "wts_seed": "9999", "wts_act": "relu"}  # fmt: skip


@pytest.fixture(scope="module")
def fields():
    """Every URL-bound control of the page."""
    return ALL_FIELDS


@pytest.fixture(scope="module")
def defaults():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    return at


def _stage(at):
    """The stage spec and its tables (heatmaps, unit maps)."""
    for spec in vega_specs(at):
        if "weights_history" in spec["_data"]:
            return spec, spec["_data"]["weights_history"], spec["_data"].get("units")
    raise AssertionError("no stage chart on the page")


def _heat(at):
    spec, table, _ = _stage(at)
    return spec, table


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


def _unit_maps(units, r: int, layer: int) -> dict[int, np.ndarray]:
    """{step: maps of shape (d, G, G)} of run r (0 left, 1 right), hidden layer ``layer``."""
    cells = units[(units["kind"] == 0) & (units["r"] == r) & (units["layer"] == layer)]
    out = {}
    for step, part in cells.groupby("step"):
        d, G = part["u"].max() + 1, part["a"].max() + 1
        maps = np.full((d, G, G), np.nan)
        maps[part["u"], part["a"], part["c"]] = part["v"]
        assert not np.isnan(maps).any()
        out[int(step)] = maps
    return out


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_defaults_render_with_every_step_in_the_heatmaps(defaults):
    at = defaults
    spec, table = _heat(at)
    (param,) = spec["params"]
    assert param["name"] == "iteration"
    assert param["bind"]["input"] == "range" and param["bind"]["max"] == 300
    for run in table["run"].cat.categories:
        steps = set(table.loc[table["run"] == run, "step"])
        assert steps == set(range(301)), run
    assert len(vega_specs(at)) == 4  # stage, trajectories, loss, gradient norms
    assert "Subsampled" not in _captions(at)
    assert len(at.get("download_button")) == 2
    (play,) = [b for b in at.button if b.label == "▶ Play"]
    assert play.proto.shortcut.lower() == "p"


def test_constant_init_keeps_rows_of_W1_and_columns_of_W2_constant(defaults):
    at = defaults
    _, table = _heat(at)
    const, rand = list(table["run"].cat.categories)
    assert const.startswith("constant")
    W1 = _matrices(table, const, 1, "W")
    W2 = _matrices(table, const, 2, "W")
    assert len(W1) == len(W2) == 301
    for step in W1:
        assert np.ptp(W1[step], axis=1).max() < 1e-12, step  # 1e/1f: each row of W1 constant
        assert np.ptp(W2[step], axis=0).max() < 1e-12, step  # each column of W2 constant
    assert np.ptp(W1[300], axis=0).max() > 0.01  # the rows did move, and apart from each other
    final_rand = _matrices(table, rand, 1, "W")[300]
    assert np.ptp(final_rand, axis=1).max() > 0.1  # random init: rows are not constant
    latex = " ".join(el.value for el in at.latex)  # the 1f numbers on the page say the same
    assert latex.count("= 0") >= 2


def test_unit_maps_share_the_slider_and_tell_constant_from_random(defaults):
    spec, _, units = _stage(defaults)
    # in the heatmaps' chart: the unit-map panels read the same "iteration" param
    assert '"data": {"name": "units"}' in str(spec).replace("'", '"')
    assert str(spec).count("iteration < datum.until") >= 6
    const, rand = _unit_maps(units, 0, 1), _unit_maps(units, 1, 1)
    assert set(const) == set(rand) and len(const) >= 50 and max(const) == 300
    counts = units[units["kind"] == 1]
    for step, maps in const.items():
        assert maps.shape[0] == 4
        assert distinct_maps(maps) == 1, step  # constant init: one picture at every recorded step
        shown = counts[(counts["r"] == 0) & (counts["step"] == step)]["v"].item()
        assert shown == 1, step  # and the count drawn in the chart says so
    assert distinct_maps(rand[300]) == 4  # random init: d different maps after training
    assert counts[(counts["r"] == 1) & (counts["step"] == 300)]["v"].item() == 4
    # the record shown at slider value s is the one with step <= s < until
    rows = counts[counts["r"] == 0].sort_values("step")
    assert (rows["until"].to_numpy()[:-1] == rows["step"].to_numpy()[1:]).all()


def _grid(G: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of the unit maps: the xor data's box with a 20 % margin, by hand."""
    X, _ = make_dataset("xor", weights_runs.N_EXAMPLES, weights_runs.DATA_NOISE, seed)
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.2 * (hi - lo).max()
    return tuple(lo[k] - pad + (hi[k] - lo[k] + 2 * pad) * (np.arange(G) + 0.5) / G for k in (0, 1))


def test_unit_maps_at_step_0_are_the_hand_computed_start():
    """Constant a = 0.5, biases 0: x_j^(1) = tanh(0.5 (x1 + x2)) and, one layer up,
    x_j^(2) = tanh(0.5 * 3 * x^(1)) for a width of 3."""
    at = run_page(PAGE, wts_depth=2, wts_width=3, wts_steps=20, wts_seed=5)
    assert not at.exception, at.exception
    units = _stage(at)[2]
    first, second = _unit_maps(units, 0, 1)[0], _unit_maps(units, 0, 2)[0]
    xs, ys = _grid(first.shape[1], 5)
    x1 = np.tanh(0.5 * (xs[None, :] + ys[:, None]))
    for j in range(3):
        np.testing.assert_allclose(first[j], x1, atol=2e-6)
        np.testing.assert_allclose(second[j], np.tanh(0.5 * 3 * x1), atol=2e-6)
    counts = units[(units["kind"] == 1) & (units["r"] == 0)]
    assert set(counts["v"]) == {1}  # both hidden layers: one distinct map at every step
    for layer in (1, 2):
        for step, maps in _unit_maps(units, 0, layer).items():
            assert distinct_maps(maps) == 1, (layer, step)
        assert distinct_maps(_unit_maps(units, 1, layer)[20]) == 3, layer  # random: all differ


def test_symmetry_example_output_columns_differ_and_has_no_unit_maps():
    at = run_page(PAGE, wts_data="symmetry", wts_steps=30)
    assert not at.exception, at.exception
    spec, table, units = _stage(at)
    assert units is None and "units" not in str(spec)
    assert "Unit maps need 2-D inputs" in _captions(at)
    const = list(table["run"].cat.categories)[0]
    W2 = _matrices(table, const, 2, "W")
    for step, m in W2.items():
        assert m.shape == (4, 2)
        assert np.ptp(m, axis=0).max() == 0.0, step  # 1e: each column constant
        if step >= 1:
            assert abs(m[0, 0] - m[0, 1]) > 1e-6  # 1d/1e: different columns differ


def test_long_wide_runs_are_subsampled_for_the_chart_with_a_note():
    at = run_page(PAGE, wts_steps=2000, wts_width=4, wts_depth=2)
    assert not at.exception, at.exception
    spec, table, units = _stage(at)
    assert len(table) <= weights_bundle.MAX_CHART_ROWS
    assert len(units) <= weights_bundle.UNIT_ROWS + 1000  # + the count rows
    steps = sorted(set(table["step"]))
    assert steps[0] == 0 and steps[-1] == 2000 and len(steps) < 2001
    assert "Subsampled" in _captions(at)
    assert spec["params"][0]["bind"]["max"] == 2000
    # the download stays whole: every step of the 2-4-4-1 network
    buttons = " ".join(b.proto.label for b in at.get("download_button"))
    per_step = 2 * (2 * 4 + 4 + 4 * 4 + 4 + 4 * 1 + 1)
    assert f"{2001 * per_step:,} rows" in buttons


def test_the_heaviest_link_fits_the_budget_and_is_drawn_whole():
    """Issue 16's heaviest link: measured at about 1.2 s of computation (budget 3 s)."""
    cfg = weights_runs.RunConfig(steps=2000, width=8, depth=2, lr=20.0, seed=9999,
                                 activation="relu")  # fmt: skip
    assert links.cost_seconds(cfg) < links.BUDGET_SECONDS
    at = run_page(PAGE, HEAVY)
    assert not at.exception, at.exception
    assert at.session_state["wts_steps"] == 2000 and "Adjusted" not in _captions(at)
    spec, table = _heat(at)
    assert spec["params"][0]["bind"]["max"] == int(table["step"].max())
    # the largest view the controls allow is within the budget too
    worst = weights_runs.RunConfig(steps=2000, width=8, depth=2, activation="sigmoid")
    assert links.cost_seconds(worst) < links.BUDGET_SECONDS


def test_a_link_over_the_budget_is_capped_with_a_notice(monkeypatch):
    """With a budget of 1.2 s (as if the machine were slower) the heaviest link is capped:
    a notice says so, and the widget and the URL show the steps drawn."""
    monkeypatch.setattr(links, "BUDGET_SECONDS", 1.2)
    cfg = weights_runs.RunConfig(steps=2000, width=8, depth=2, lr=20.0, seed=9999,
                                 activation="relu")  # fmt: skip
    shown = links.steps_within_budget(cfg)
    assert 50 <= shown < 2000 and shown % 50 == 0
    assert links.cost_seconds(weights_runs.RunConfig(**{**cfg.__dict__, "steps": shown})) <= 1.2
    at = run_page(PAGE, HEAVY)
    assert not at.exception, at.exception
    assert at.session_state["wts_steps"] == shown  # the widget shows what is drawn
    assert at.query_params["wts_steps"] == str(shown)  # and so does the link
    notice = _captions(at)
    assert "Adjusted:" in notice and "2,000 steps of a 2-8-8-1 network" in notice
    assert f"showing the first {shown:,}" in notice and "1.2 s" in notice
    _, table = _heat(at)
    assert table["step"].max() <= shown
    ok = run_page(PAGE, {**HEAVY, "wts_steps": str(shown)})  # within the budget: left alone
    assert ok.session_state["wts_steps"] == shown and "Adjusted" not in _captions(ok)


def test_a_trajectory_layer_that_does_not_exist_is_noted_and_corrected():
    at = run_page(PAGE, {"wts_depth": "1", "wts_tl": "3", "wts_steps": "12"})
    assert not at.exception, at.exception
    notice = _captions(at)
    assert "wts_tl=3 does not exist" in notice and "showing layer 2" in notice
    assert at.session_state["wts_tl"] == 2
    assert at.query_params["wts_tl"] == "2"
    traj = next(s for s in vega_specs(at) if "facet" in s and "entry" in str(s))
    assert "of layer 2" in str(traj)
    # two hidden layers: layer 3 exists, nothing to note
    at = run_page(PAGE, {"wts_depth": "2", "wts_tl": "3", "wts_steps": "12"})
    assert at.session_state["wts_tl"] == 3 and "does not exist" not in _captions(at)


def test_a_trajectory_entry_that_does_not_exist_is_noted_and_corrected():
    at = run_page(PAGE, {"wts_ti": "7", "wts_tj": "5", "wts_tk": "W", "wts_steps": "12"})
    assert not at.exception
    notice = _captions(at).lower()
    assert "row i = 7 does not exist" in notice and "column j = 5 does not exist" in notice
    assert at.session_state["wts_ti"] == "all" and at.session_state["wts_tj"] == "all"
    assert "wts_ti" not in at.query_params and "wts_tj" not in at.query_params  # the default


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
                assert "showing layer 2" in _captions(at)
        at.session_state[key] = next(f.default for f in fields if f.key == key)
    at.session_state["wts_depth"] = 2
    at.session_state["wts_tl"] = 3
    at.run()
    assert not at.exception and "showing layer" not in _captions(at)


def test_divergence_warns_and_keeps_the_page():
    at = run_page(
        PAGE, wts_act="identity", wts_lr=20.0, wts_width=8, wts_depth=2, wts_a=2.0, wts_steps=300
    )
    assert not at.exception, at.exception
    assert any("stopped being finite" in m for m in messages(at))
    _, table, units = _stage(at)
    assert np.isfinite(table["value"]).all() and np.isfinite(units["v"]).all()


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
    spec, table, units = _stage(at)
    assert "params" not in spec and "iteration" not in str(spec)  # no browser slider
    assert table["step"].nunique() == 1 and units["step"].nunique() == 1
    assert at.button(key="wts_stop").proto.shortcut.lower() == "p"
    at.button(key="wts_stop").click().run()
    assert not at.exception
    assert at.session_state["wts_play"] is False
    assert "params" in _stage(at)[0]  # the browser slider is back


def test_play_button_starts_autoplay():
    at = run_page(PAGE, **FAST)
    at.button(key="wts_play_btn").click().run()
    assert not at.exception
    assert at.session_state["wts_play"] is True
    assert at.button(key="wts_stop")


def test_lecture_mode_stage_without_gradients_and_settings_collapsed():
    at = run_page(PAGE, lecture=True)
    assert not at.exception, at.exception
    assert at.get("expander")[0].label == "Settings"
    assert not at.sidebar.selectbox and not at.sidebar.number_input
    spec = _stage(at)[0]
    text = str(spec)
    assert "W⁽¹⁾, b⁽¹⁾" in text and "dL/dW" not in text  # W and b only on the projector
    assert "P = play / stop" in _captions(at)


@pytest.mark.parametrize(
    ("qid", "answer", "live"),
    [
        ("1e-weights-rows", "Its rows stay constant",
         r"largest spread within a row of W⁽¹⁾ over all 300 steps is (\S+)"),
        ("1f-weights-random", "No: they start apart and stay apart",
         r"4 of 4 hidden units distinct after 300 steps; two units' weights never came closer "
         r"than (\S+)"),
    ],
)  # fmt: skip
def test_class_questions_reveal_the_live_number(qid, answer, live):
    at = run_page(PAGE, lecture=True)
    at.selectbox(key="cq_pick_weights").set_value(qid).run()
    next(b for b in at.button if b.label == "Reveal").click().run()
    assert not at.exception
    assert answer in " ".join(el.value for el in at.success)
    found = re.search(live, " ".join(el.value for el in at.markdown))
    assert found
    number = float(found.group(1))
    assert (number < 1e-12) if qid == "1e-weights-rows" else (number > 0.01)


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
    assert "Link problem" not in _captions(at) and "Adjusted" not in _captions(at)


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
        assert f"{key}=" in notice, key


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
