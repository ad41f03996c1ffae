"""AppTest of the "Gradient descent updates" page (worksheet 2d, 2f, side note)."""

import re
from html.parser import HTMLParser

import numpy as np
import pytest

from tests.app_pages.apptest import messages, run_page, vega_specs
from ui.gradient_descent.fields import FIELDS, STEP
from ui.state import field_map

PAGE = "gradient_descent"


@pytest.fixture(scope="module")
def defaults():
    at = run_page(PAGE)
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def lecture():
    at = run_page(PAGE, lecture=True)
    assert not at.exception
    return at


class _Matrices(HTMLParser):
    """The stage's HTML matrices: data-name -> list of cell texts, in row-major order."""

    def __init__(self):
        super().__init__()
        self.found, self._name, self._depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "gdm" in (attrs.get("class") or ""):
            self._name = attrs["data-name"]
            self.found[self._name] = []

    def handle_endtag(self, tag):
        if tag == "div":
            self._name = None

    def handle_data(self, data):
        if self._name is not None and data.strip():
            self.found[self._name].append(data.strip())


def _matrices(at) -> dict[str, np.ndarray]:
    """Every matrix the page shows as HTML, by name, as floats (the page's minus sign too)."""
    parser = _Matrices()
    for el in at.get("html"):
        parser.feed(el.proto.body)
    out = {}
    for name, cells in parser.found.items():
        out.setdefault(name, np.array([float(c.replace("−", "-")) for c in cells]))
    return out


def _chart(at, dataset: str) -> dict:
    return next(s for s in vega_specs(at) if dataset in s["_data"])


def _hand_run_2e(d, seed, scale, eta, steps):
    """Worksheet 2f written out independently of the app: (list of (W1, W2, b), losses)."""
    rng = np.random.default_rng(seed)  # the page's draw: W1, W2 ~ N(0, scale^2 / d), x, y
    W1 = rng.normal(0.0, scale / np.sqrt(d), (d, d))
    W2 = rng.normal(0.0, scale / np.sqrt(d), (d, d))
    x, y, b = rng.normal(size=d), rng.normal(size=d), np.zeros(d)
    states, losses = [], []
    for _ in range(steps + 1):
        h = W1 @ x + b
        r = W2 @ h - y
        states.append((W1, W2, b))
        losses.append(0.5 * r @ r)
        W1, W2, b = W1 - eta * np.outer(W2.T @ r, x), W2 - eta * np.outer(r, h), b - eta * W2.T @ r
    return states, np.array(losses), x


def _text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + messages(at))


def test_defaults_show_the_three_behaviours_on_the_stage_chart(defaults):
    runs = _chart(defaults, "runs")["_data"]["runs"]
    assert {"converges", "oscillates", "diverges"} <= set(runs["verdict"])
    assert np.isfinite(runs.select_dtypes("number").to_numpy()).all()
    diverging = runs[runs["verdict"] == "diverges"]
    assert diverging["loss"].iloc[-1] > 1e6 * diverging["loss"].iloc[0]
    osc = runs[runs["verdict"] == "oscillates"]["residual"].to_numpy()
    assert np.mean(np.sign(osc[1:]) != np.sign(osc[:-1])) > 0.5
    # the user's curve at eta = 0.1 is the hand-computed run, and the marker sits at t = 0
    _, losses, _ = _hand_run_2e(3, 0, 1.0, 0.1, 60)
    mine = runs[runs["kind"] == "your rate"]
    np.testing.assert_allclose(mine["loss"], losses, rtol=1e-6, atol=1e-14)
    now = _chart(defaults, "runs")["_data"]["now"]
    assert now["step"].tolist() == [0] and now["loss"].iloc[0] == pytest.approx(losses[0])
    ends = _chart(defaults, "runs")["_data"]["ends"]
    assert "✕ diverges" in ends["text"].tolist()
    text = _text(defaults)
    assert "They agree" in text and "η = 0.5 diverges" in text and "at step 5" in text


def test_stage_shows_the_2f_update_with_the_numbers(defaults):
    states, _, x = _hand_run_2e(3, 0, 1.0, 0.1, 1)
    shown = _matrices(defaults)
    (W1, W2, b), (W1n, W2n, bn) = states
    for name, want in (("W1", W1), ("W2", W2), ("W1-new", W1n), ("W2-new", W2n), ("b-new", bn),
                       ("x^T", x)):  # fmt: skip
        np.testing.assert_allclose(shown[name], want.ravel(), rtol=6e-3, atol=1e-3, err_msg=name)
    np.testing.assert_allclose(shown["W1"] - 0.1 * np.outer(shown["W2T r"], shown["x^T"]).ravel(),
                               W1n.ravel(), atol=2e-2)  # fmt: skip


def test_step_back_ends_and_run_k_move_the_shown_step():
    at = run_page(PAGE)
    at.button(key="gd_t_next").click().run()
    assert at.session_state["gd_t"] == 1
    at.slider(key="gd_k").set_value(7).run()
    at.button(key="gd_run").click().run()
    assert not at.exception and at.session_state["gd_t"] == 8
    states, losses, _ = _hand_run_2e(3, 0, 1.0, 0.1, 9)
    assert _chart(at, "runs")["_data"]["now"]["loss"].iloc[0] == pytest.approx(losses[8])
    np.testing.assert_allclose(_matrices(at)["W1-new"], states[9][0].ravel(), rtol=6e-3, atol=1e-3)
    assert any("Step 8 → 9" in m.value for m in at.markdown)
    at.button(key="gd_t_back").click().run()
    assert at.session_state["gd_t"] == 7
    at.button(key="gd_t_end").click().run()
    assert at.session_state["gd_t"] == 60  # "Steps" default: the chart and stepper length
    at.button(key="gd_t_reset").click().run()
    assert at.session_state["gd_t"] == 0


def test_lecture_mode_has_the_stage_and_the_class_question(lecture):
    at = lecture
    keys = {getattr(el.proto, "key", "") for el in at.get("flex_container")} | {
        str(el.proto) for el in at.get("flex_container")
    }
    assert any("stage" in k for k in keys)
    assert not [c for c in at.caption if "Convention" in c.value and "stage" in c.value]
    assert at.selectbox(key="cq_pick_gradient-descent").options  # the page's questions
    at.button(key="cq_reveal_2d-step").click().run()
    live = " ".join(m.value for m in at.markdown if m.value.startswith("**Live:**"))
    assert "η = 0.5 (diverges)" in live and "at step 5" in live


def test_live_rank_one_answer_is_rank_one():
    at = run_page(PAGE, lecture=True)
    at.selectbox(key="cq_pick_gradient-descent").set_value("2f-linear").run()
    at.button(key="cq_reveal_2f-linear").click().run()
    live = next(m.value for m in at.markdown if m.value.startswith("**Live:**"))
    assert "rank 1" in live


def test_divergent_link_is_clamped_and_the_note_names_the_shown_step():
    """Issue 16: d=5, n=5, eta=100, t=1000, scale=3 used to claim 'showing step 1, the last
    finite one' while step 2 was finite too, and kept gd_t=1000 in the URL."""
    query = {"gd_d": "5", "gd_n": "5", "gd_eta": "100", "gd_t": "1000", "gd_scale": "3"}
    at = run_page(PAGE, query)
    assert not at.exception
    _, losses, _ = _hand_run_2e(5, 0, 3.0, 100.0, 3)
    blowup = int(np.argmax(losses > 1e6 * max(1.0, losses[0])))  # first step past 10^6 x start
    assert blowup == 1
    assert at.session_state["gd_t"] == blowup
    assert at.slider(key="gd_t").value == blowup
    assert at.query_params["gd_t"] == str(blowup)  # the link now says the step shown
    note = " ".join(c.value for c in at.caption if "Link problem" in c.value)
    assert "Step 1000 does not exist" in note and f"diverges at step {blowup}" in note
    assert f"Showing step {blowup}" in note and "last finite" not in note
    assert any(f"Step {blowup} → {blowup + 1}" in m.value for m in at.markdown)


def test_step_beyond_the_chart_is_clamped_with_a_note():
    at = run_page(PAGE, {"gd_t": "75", "gd_steps": "40"})
    assert at.session_state["gd_t"] == 40 and at.query_params["gd_t"] == "40"
    note = " ".join(c.value for c in at.caption)
    assert "Step 75 does not exist" in note and "cover 40 steps" in note


def test_model_2b_shows_the_2d_update_and_captions_follow_it():
    at = run_page(PAGE, {"gd_model": "2b"})
    assert not at.exception
    assert any("They agree" in m and "2d" in m for m in messages(at))
    assert any("stalls" in i.value for i in at.info)
    shown = _matrices(at)
    assert shown["W"].size == 9 and shown["b"].size == 3 and "sigma_prime" in shown
    text = _text(at)
    assert "2b loss" in text and "P = d² entries of W" in text
    assert "of 2b (n = 3 sigmoids of d = 3 inputs)" in text
    measured = " ".join(c.value for c in at.caption if "Measured" in c.value)
    assert "2e loss" not in measured and "W₁" not in measured
    assert "Φ = tanh" not in text
    costs = _chart(at, "cost")["_data"]["cost"]
    num = costs[costs["method"].str.startswith("numerical")]
    d = num["d"].to_numpy()
    np.testing.assert_array_equal(num["passes"], d * d + 1)  # one evaluation per entry + 1


def test_cost_charts_three_methods_and_the_stated_slopes(defaults):
    specs = [s for s in vega_specs(defaults) if "cost" in s["_data"]]
    assert len(specs) == 2
    data = specs[0]["_data"]["cost"]
    assert data["d"].min() == 2 and data["d"].max() == 32
    slopes = {}
    for method, group in data.groupby("method"):
        big = group[group["d"] >= 8]
        slopes[method.split(" (")[0]] = np.polyfit(np.log(big["d"]), np.log(big["ops"]), 1)[0]
    assert slopes["numerical"] > 3.3 and slopes["forward mode"] > 3.3
    assert slopes["backprop"] < 2.7
    fwd = data[data["method"].str.startswith("forward")]
    np.testing.assert_array_equal(fwd["passes"], 2 * fwd["d"] ** 2)  # one jvp per entry
    stated = next(m.value for m in defaults.markdown if m.value.startswith("Fitted slopes"))
    for word in ("numerical", "forward mode", "backprop"):
        shown = float(re.search(rf"{word} \*\*([\d.]+)\*\*", stated).group(1))
        assert shown == pytest.approx(slopes[word], abs=0.006), word
    caption = next(c.value for c in defaults.caption if c.value.startswith("Measured"))
    assert "no ε error" in caption and "matches backprop to" in caption


def test_eps_chart_marks_the_two_minima(defaults):
    best = _chart(defaults, "best")["_data"]["best"].set_index("method")
    assert 1e-9 <= best.loc["forward difference", "eps"] <= 1e-7
    assert 1e-7 <= best.loc["central difference", "eps"] <= 1e-4
    errors = _chart(defaults, "errors")["_data"]["errors"]
    assert errors["eps"].min() == pytest.approx(1e-12) and errors["eps"].max() == pytest.approx(0.1)


def test_large_rate_warns_and_charts_stay_finite():
    at = run_page(PAGE, {"gd_eta": "5", "gd_t": "40"})
    assert not at.exception
    assert any("your η = 5 diverges" in w.value for w in at.warning)
    assert any("**diverge:**" in m.value and "your η = 5 (step" in m.value for m in at.markdown)
    for spec in vega_specs(at):
        for frame in spec["_data"].values():
            assert np.isfinite(frame.select_dtypes("number").to_numpy()).all()


@pytest.mark.parametrize("model", ["2e", "2b"])
@pytest.mark.parametrize("end", ["lo", "hi"])
def test_every_control_at_its_extremes(model, end):
    query = {"gd_model": model}
    for f in FIELDS:
        if f.lo is not None:
            query[f.key] = str(f.lo if end == "lo" else f.hi)
    if end == "hi" and model == "2b":
        query["gd_dmax"] = "32"  # the 64 measurement runs once, in the 2e case
    at = run_page(PAGE, query)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    for spec in vega_specs(at):
        for frame in spec["_data"].values():
            assert np.isfinite(frame.select_dtypes("number").to_numpy()).all()


def test_url_reproduces_every_widget_value():
    query = {
        "gd_model": "2b",
        "gd_d": "2",
        "gd_n": "4",
        "gd_seed": "17",
        "gd_scale": "1.5",
        "gd_eta": "0.7",
        "gd_t": "12",
        "gd_k": "25",
        "gd_steps": "80",
        "gd_dmax": "16",
    }
    at = run_page(PAGE, query)
    assert not at.exception
    fields = field_map((*FIELDS, STEP))
    for key, text in query.items():
        assert at.session_state[key] == fields[key].parse(text), key
    assert any("Step 12 → 13" in m.value for m in at.markdown)


def test_garbage_url_values_fall_back_with_a_notice():
    query = {"gd_model": "3z", "gd_d": "banana", "gd_eta": "nan", "gd_t": "-4", "gd_dmax": "1e9"}
    at = run_page(PAGE, query)
    assert not at.exception
    notice = " ".join(c.value for c in at.caption)
    for key in query:
        assert f"{key}=" in notice, key
    assert at.session_state["gd_model"] == "2e" and at.session_state["gd_d"] == 3
    assert at.session_state["gd_t"] == 0
