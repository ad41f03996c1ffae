"""Logistic regression vs MLP page (worksheet 1g): AppTest on the rendered page.

The lesson is read from the data the page sends to the browser: the stage's
"maps" (decision maps, boundary dots, data points, accuracy texts) and "units"
(each hidden unit's activation over the input plane, with the count of
distinct maps per step), checked against computations written here.
"""

import re

import numpy as np
import pytest
from streamlit.testing.v1.element_tree import Block

from tests.app_pages.apptest import distinct_maps, messages, run_page, vega_specs

PAGE = "logistic_vs_mlp"
MODELS = ("LR · zero init", "LR · random init", "MLP · constant init", "MLP · random init")
COARSE, FINE, COARSE_B, FINE_B, POINT, TEXT = range(6)  # row kinds of the "maps" data


@pytest.fixture(scope="module")
def defaults():
    at = run_page(PAGE)
    assert not at.exception
    return at


def metric(at, label):
    (value,) = [m.value for m in at.metric if m.label == label]
    return value


def same(value, text):
    """Does a widget value equal the URL text it was read from?"""
    if isinstance(value, bool):
        return str(value).lower() == text
    if isinstance(value, str):
        return value == text
    return float(value) == float(text)


def stage(at):
    """The stage's spec (the one chart with the "maps" dataset) and its data."""
    (spec,) = [s for s in vega_specs(at) if "maps" in s["_data"]]
    return spec, spec["_data"]


def specs_by_title(at):
    return {s["title"]: s for s in vega_specs(at) if isinstance(s.get("title"), str)}


def unit_maps_at(units, r: int, step: int) -> np.ndarray:
    """(d, G, G) maps of MLP run r (0 constant, 1 random) at one step, from the chart rows."""
    rows = units[(units["kind"] == 0) & (units["r"] == r) & (units["step"] == step)]
    d, G = rows["u"].max() + 1, rows["a"].max() + 1
    out = np.full((d, G, G), np.nan)
    out[rows["u"], rows["a"], rows["c"]] = rows["v"]
    assert not np.isnan(out).any()
    return out


def test_defaults_make_the_point_on_xor(defaults):
    at = defaults
    assert at.session_state["lr_data"] == "xor"
    acc = {name: float(metric(at, name)) for name in MODELS}
    assert acc["MLP · random init"] > 0.95
    assert acc["MLP · constant init"] <= 0.75
    assert acc["LR · zero init"] == acc["LR · random init"] <= 0.75
    assert metric(at, "distinct hidden units") == "1 of 8"
    assert not any("diverged" in m for m in messages(at))


def test_the_two_lr_solutions_shown_agree(defaults):
    at = defaults
    assert float(metric(at, "max |θ_zero − θ_random|")) < 1e-9
    (latex,) = [el.value for el in at.latex if "zero start" in el.value]
    zero, rand = re.findall(r"start:\}\\quad (.*?)(?:\\\\|\\end)", latex)
    assert zero == rand and "sigma" in zero


def test_the_stage_holds_the_maps_and_their_browser_slider(defaults):
    blocks = [b for b in defaults._tree.main.children.values() if isinstance(b, Block)]
    found = []

    def walk(node):
        if isinstance(node, Block):
            if str(getattr(node.proto, "id", "")).endswith("-stage"):
                found.append(node)
            for child in node.children.values():
                walk(child)

    for b in blocks:
        walk(b)
    (box,) = found
    charts = box.get("vega_lite_chart")
    assert len(charts) == 1
    spec, data = stage(defaults)
    (param,) = spec["params"]
    assert param["bind"]["input"] == "range" and param["value"] == 300
    assert param["bind"]["max"] == 300 and param["bind"]["step"] == 15
    assert set(data) == {"maps", "units"}
    # the unit maps are in the same chart, read the same param: no server rerun to scrub
    assert spec["vconcat"][1]["data"]["name"] == "units"
    assert param["name"] in str(spec["vconcat"][1]["transform"])
    assert param["name"] in str(spec["vconcat"][0]["transform"])


def test_decision_maps_carry_the_lesson(defaults):
    _, data = stage(defaults)
    maps = data["maps"]
    frames = maps[maps["kind"] == COARSE]
    assert sorted(frames["step"].unique()) == list(range(0, 301, 15))
    assert len(frames) == 4 * 21 * 25 * 25
    final = maps[maps["kind"] == FINE]
    assert len(final) == 4 * 40 * 40 and set(final["step"]) == {300}
    lr = final[final["m"] == 0]["p"].to_numpy()
    mlp = final[final["m"] == 3]["p"].to_numpy()
    # LR on xor can only hedge (p near 1/2 everywhere); the random MLP is confident
    assert np.abs(lr - 0.5).max() < 0.2
    assert mlp.min() < 0.05 and mlp.max() > 0.95
    pts = maps[(maps["kind"] == POINT) & (maps["m"] == 0)]
    assert len(pts) == 200 and set(pts["p"]) == {0.0, 1.0}
    texts = maps[(maps["kind"] == TEXT) & (maps["step"] == 300)].sort_values("m")["p"]
    assert [f"{a:.3f}" for a in texts] == [metric(defaults, m) for m in MODELS]
    # at step 0 every zero/constant start predicts the same everywhere: a flat map
    start = frames[(frames["step"] == 0) & (frames["m"] == 0)]["p"]
    assert np.allclose(start, 0.5)


def test_constant_init_unit_maps_are_one_picture_at_every_step(defaults):
    _, data = stage(defaults)
    units = data["units"]
    steps = sorted(units["step"].unique())
    assert steps == list(range(0, 301, 15))
    counts = units[units["kind"] == 1]
    for step in steps:
        maps = unit_maps_at(units, 0, step)
        assert maps.shape[0] == 8
        assert distinct_maps(maps) == 1, step  # every hidden unit draws the same map
        shown = counts[(counts["r"] == 0) & (counts["step"] == step)]["v"].item()
        assert shown == 1, step  # and the chart's text says so
    rand = unit_maps_at(units, 1, 300)
    assert distinct_maps(rand) == 8  # random init: d different features after training
    assert counts[(counts["r"] == 1) & (counts["step"] == 300)]["v"].item() == 8


def test_unit_maps_at_step_0_are_the_hand_computed_start(defaults):
    """Constant init c = 0.5, biases 0: x_j(x1, x2) = tanh(0.5 x1 + 0.5 x2) on the grid."""
    _, data = stage(defaults)
    maps = unit_maps_at(data["units"], 0, 0)
    pts = data["maps"]
    pts = pts[(pts["kind"] == POINT) & (pts["m"] == 0)][["x", "y"]].to_numpy(np.float64)
    G = maps.shape[1]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.2 * (hi - lo).max()  # the maps' box: the data with a margin
    centres = [lo[k] - pad + (hi[k] - lo[k] + 2 * pad) * (np.arange(G) + 0.5) / G for k in (0, 1)]
    expected = np.tanh(0.5 * centres[0][None, :] + 0.5 * centres[1][:, None])
    for j in range(8):
        np.testing.assert_allclose(maps[j], expected, atol=2e-6)


def test_loss_curves_and_convexity_charts(defaults):
    specs = specs_by_title(defaults)
    loss = specs["Mean cross-entropy loss over training steps"]["_data"]["loss"]
    assert set(loss["model"]) == set(MODELS)
    first = loss[loss["step"] == 0].set_index("model")["loss"]
    assert first["LR · zero init"] == pytest.approx(np.log(2), rel=1e-12)  # p = 1/2 at zero
    bowl = specs["Logistic regression: a bowl"]["_data"]["line"]
    for _, curve in bowl.groupby("curve"):
        values = curve.sort_values("t")["loss"].to_numpy()
        assert np.min(values[:-2] - 2 * values[1:-1] + values[2:]) >= -1e-12
    bump = specs["MLP: not convex"]["_data"]["line"].sort_values("t")
    ends = bump[np.isclose(bump["t"], 0) | np.isclose(bump["t"], 1)]["loss"].to_numpy()
    mid = bump[np.isclose(bump["t"], 0.5)]["loss"].item()
    assert ends[0] == pytest.approx(ends[1], rel=1e-9)
    assert mid > ends.max() + 0.1


@pytest.mark.parametrize(
    "query",
    [
        # every data set, each with a different activation
        {"lr_data": "blobs", "lr_act": "relu"},
        {"lr_data": "circles", "lr_act": "sigmoid"},
        {"lr_data": "moons", "lr_act": "tanh", "lr_const": "0"},
        {"lr_data": "spiral", "lr_act": "relu", "lr_log": "true"},
        # every numeric control at its low end, then at its high end
        {
            "lr_width": "2",
            "lr_lr": "0.01",
            "lr_steps": "100",
            "lr_n": "20",
            "lr_noise": "0",
            "lr_seed": "0",
            "lr_const": "-2",
            "lr_scale": "0.1",
            "lr_iseed": "0",
        },
        {
            "lr_width": "16",
            "lr_lr": "30.0",
            "lr_steps": "1500",
            "lr_n": "400",
            "lr_noise": "0.5",
            "lr_seed": "999999",
            "lr_const": "2",
            "lr_scale": "3",
            "lr_iseed": "999999",
            "lr_act": "sigmoid",
        },
    ],
)
def test_every_option_and_extreme_renders(query):
    at = run_page(PAGE, query)
    assert not at.exception
    for key, value in query.items():
        assert same(at.session_state[key], value), key
    assert len(vega_specs(at)) == 5
    assert len([m for m in at.metric if m.label in MODELS]) == 4
    units = stage(at)[1]["units"]
    width = int(query.get("lr_width", 8))
    assert units[units["kind"] == 0]["u"].max() == width - 1
    assert np.isfinite(units["v"]).all()


def test_url_round_trip():
    query = {
        "lr_data": "circles",
        "lr_width": "5",
        "lr_act": "relu",
        "lr_lr": "0.5",
        "lr_steps": "200",
        "lr_n": "120",
        "lr_noise": "0.1",
        "lr_seed": "7",
        "lr_const": "0.3",
        "lr_scale": "0.7",
        "lr_iseed": "11",
        "lr_log": "true",
    }
    at = run_page(PAGE, query)
    assert not at.exception
    for key, value in query.items():
        assert same(at.session_state[key], value), key
    maps = stage(at)[1]["maps"]
    assert len(maps[maps["kind"] == POINT]) == 4 * 120
    assert maps["step"].max() == 200


def test_garbage_url_falls_back_with_notice():
    query = {
        "lr_data": "banana",
        "lr_width": "abc",
        "lr_lr": "7",
        "lr_steps": "99999",
        "lr_noise": "nan",
        "lr_log": "maybe",
        "lr_iseed": "-3",
    }
    at = run_page(PAGE, query)
    assert not at.exception
    assert at.session_state["lr_data"] == "xor"
    assert at.session_state["lr_width"] == 8 and at.session_state["lr_steps"] == 300
    assert at.session_state["lr_lr"] == 1.0 and at.session_state["lr_log"] is False
    notice = " ".join(el.value for el in at.caption)
    assert "Link problem" in notice
    for key in query:
        assert f"{key}=" in notice


def test_lecture_mode_data_choice_above_the_stage_and_the_rest_in_settings():
    at = run_page(PAGE, lecture=True)
    assert not at.exception
    assert at.get("expander")[0].label == "Settings"
    assert not at.sidebar.slider and not at.sidebar.selectbox  # nothing left in the sidebar
    assert at.segmented_control(key="lr_data").value == "xor"
    assert stage(at)[0]["params"][0]["value"] == 300
    at.segmented_control(key="lr_data").set_value("blobs").run()
    assert not at.exception
    assert float(metric(at, "LR · zero init")) > 0.95  # blobs: a straight line is enough


@pytest.mark.parametrize(
    ("qid", "answer", "live"),
    [
        ("1g-lr-start", "At the same weights", r"differ by at most (\S+) after 300 steps"),
        ("1g-mlp-xor", "1", r"1 distinct hidden unit\(s\) of 8 after 300 steps"),
    ],
)
def test_class_questions_reveal_the_live_number(qid, answer, live):
    at = run_page(PAGE, lecture=True)
    assert "Question for the class" in " ".join(el.value for el in at.markdown)
    at.selectbox(key="cq_pick_logistic-vs-mlp").set_value(qid).run()
    next(b for b in at.button if b.label == "Reveal").click().run()
    assert not at.exception
    assert answer in " ".join(el.value for el in at.success)
    text = " ".join(el.value for el in at.markdown)
    found = re.search(live, text)
    assert found, text
    if qid == "1g-lr-start":
        assert float(found.group(1)) < 1e-9  # the two LR runs really end together
