"""Logistic regression vs MLP page (worksheet 1g): AppTest on the rendered page."""

import re

import numpy as np
import pytest

from tests.app_pages.apptest import messages, run_page, vega_specs

PAGE = "logistic_vs_mlp"
MODELS = ("LR · zero init", "LR · random init", "MLP · constant init", "MLP · random init")


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


def specs_by_title(at):
    out = {}
    for spec in vega_specs(at):
        title = spec.get("title") or ("maps" if "vconcat" in spec else "")
        out[title if isinstance(title, str) else title.get("text")] = spec
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


def test_maps_carry_the_lesson(defaults):
    spec = specs_by_title(defaults)["maps"]
    data = spec["_data"]
    param = spec["params"][0]
    assert param["bind"]["input"] == "range" and param["value"] == 300
    frames = data["frames"]
    assert sorted(frames["step"].unique()) == list(range(0, 301, 15))
    assert len(frames) == 4 * 21 * 25 * 25
    final = data["final"]
    assert len(final) == 4 * 40 * 40
    lr = final[final["m"] == 0]["p"].to_numpy()
    mlp = final[final["m"] == 3]["p"].to_numpy()
    # LR on xor can only hedge (p near 1/2 everywhere); the random MLP is confident
    assert np.abs(lr - 0.5).max() < 0.2
    assert mlp.min() < 0.05 and mlp.max() > 0.95
    # the random MLP's map classifies the data points as the reported accuracy says
    pts = data["points"]
    assert len(pts) == 200 and set(pts["class"]) == {"0", "1"}
    texts = data["texts"]
    last = texts[texts["step"] == 300].sort_values("m")["text"].tolist()
    assert last[3].endswith(metric(defaults, "MLP · random init"))
    assert last[0].endswith(metric(defaults, "LR · zero init"))
    # at step 0 every zero/constant start predicts the same everywhere: a flat map
    start = frames[(frames["step"] == 0) & (frames["m"] == 0)]["p"]
    assert np.allclose(start, 0.5)


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
    maps = specs_by_title(at)["maps"]["_data"]
    assert len(maps["points"]) == 120
    assert maps["frames"]["step"].max() == 200


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
