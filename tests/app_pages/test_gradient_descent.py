"""AppTest of the "Gradient descent updates" page (worksheet 2d, 2f, side note)."""

import re

import numpy as np
import pytest

from tests.app_pages.apptest import messages, run_page, vega_specs
from ui.state import field_map

PAGE = "gradient_descent"


@pytest.fixture(scope="module")
def defaults():
    at = run_page(PAGE)
    assert not at.exception
    return at


def _schema():
    """The page's Field schema (declared once, in ui.gradient_descent.runs)."""
    from ui.gradient_descent.runs import FIELDS

    return FIELDS


def _numbers(bmatrix: str) -> np.ndarray:
    """Numbers of a LaTeX bmatrix as printed by the page (3 significant digits)."""
    body = bmatrix.split(r"\begin{bmatrix}", 1)[1].split(r"\end{bmatrix}", 1)[0]
    rows = []
    for row in body.split(r"\\"):
        cells = []
        for cell in row.split("&"):
            m = re.fullmatch(r"\s*(-?[\d.]*)\s*(?:\\times\s*)?(?:10\^\{(-?\d+)\})?\s*", cell)
            mantissa = float(m.group(1)) if m.group(1) not in ("", "-") else 1.0
            cells.append(mantissa * 10.0 ** int(m.group(2) or 0))
        rows.append(cells)
    return np.array(rows)


def _latex(at, start: str) -> str:
    values = [el.value.strip("$").strip() for el in at.latex]  # st.latex wraps in $$
    return next(v for v in values if v.startswith(start))


def _chart(at, dataset: str) -> dict:
    return next(s for s in vega_specs(at) if dataset in s["_data"])


def _hand_2f(W1, W2, b, x, y, eta):
    """Worksheet 2f written out independently of the app."""
    h = W1 @ x + b
    r = W2 @ h - y
    return W1 - eta * np.outer(W2.T @ r, x), W2 - eta * np.outer(r, h), b - eta * W2.T @ r


def test_defaults_render_with_the_lesson(defaults):
    at = defaults
    text = " ".join(messages(at))
    assert "They agree" in text and "η = 0.5 diverges" in text and "at step 5" in text
    runs = _chart(at, "runs")["_data"]["runs"]
    verdicts = set(runs["verdict"])
    assert {"converges", "oscillates", "diverges"} <= verdicts
    numeric = runs.select_dtypes("number")
    assert np.isfinite(numeric.to_numpy()).all()
    # the diverging curve is cut at its last finite value, and it did blow up
    diverging = runs[runs["verdict"] == "diverges"]
    assert diverging["loss"].iloc[-1] > 1e6 * diverging["loss"].iloc[0]
    # the oscillating rate flips the sign of the prediction error step after step
    osc = runs[runs["verdict"] == "oscillates"]["residual"].to_numpy()
    assert np.mean(np.sign(osc[1:]) != np.sign(osc[:-1])) > 0.5


def test_closed_form_update_equals_a_hand_computation(defaults):
    from lessons.descent.updates import make_problem

    p = make_problem("2e", d=3, seed=0, scale=1.0)
    W1, W2, b = _hand_2f(p.start["W1"], p.start["W2"], p.start["b"], p.x, p.y, 0.1)
    for name, expected in (("W_1^{(1)}", W1), ("W_2^{(1)}", W2), ("b^{(1)}", b)):
        line = _latex(defaults, r"\begin{aligned}" + name)
        shown = _numbers(line.split("&= ")[-1])
        np.testing.assert_allclose(shown.ravel(), expected.ravel(), rtol=6e-3, atol=1e-3)


def test_cost_chart_slopes_numerical_steeper_than_backprop(defaults):
    specs = [s for s in vega_specs(defaults) if "cost" in s["_data"]]
    assert len(specs) == 2
    data = specs[0]["_data"]["cost"]
    slopes = {}
    for method, group in data.groupby("method"):
        big = group[group["d"] >= 8]
        slopes[method] = (
            np.polyfit(np.log(big["d"]), np.log(big["ops"]), 1)[0],
            np.polyfit(np.log(big["d"]), np.log(big["ms"]), 1)[0],
        )
    num, bp = slopes["numerical (forward differences)"], slopes["backprop (core.graph)"]
    assert num[0] > 3.3 and bp[0] < 2.7
    assert num[1] > bp[1] + 1
    assert data["d"].min() == 2 and data["d"].max() == 32


def test_eps_chart_marks_the_two_minima(defaults):
    best = _chart(defaults, "best")["_data"]["best"].set_index("method")
    assert 1e-9 <= best.loc["forward difference", "eps"] <= 1e-7
    assert 1e-7 <= best.loc["central difference", "eps"] <= 1e-4
    errors = _chart(defaults, "errors")["_data"]["errors"]
    assert errors["eps"].min() == pytest.approx(1e-12) and errors["eps"].max() == pytest.approx(0.1)


def test_step_run_k_and_reset_move_t():
    from lessons.descent.updates import loss, make_problem, run_descent

    at = run_page(PAGE)
    at.button(key="gd_step").click().run()
    assert at.number_input(key="gd_t").value == 1
    at.slider(key="gd_k").set_value(7).run()
    at.button(key="gd_run").click().run()
    assert not at.exception and at.number_input(key="gd_t").value == 8
    p = make_problem("2e", d=3, seed=0)
    expected = run_descent(p, 0.1, 8).losses[8]
    shown = next(m for m in at.metric if m.label == "Loss at step 8").value
    assert float(shown) == pytest.approx(expected, rel=1e-3)
    assert _latex(at, r"\begin{aligned}W_1^{(9)}")
    assert loss("2e", run_descent(p, 0.1, 8).params[8], p.x, p.y) == pytest.approx(expected)
    at.button(key="gd_reset").click().run()
    assert at.number_input(key="gd_t").value == 0
    assert _latex(at, r"\begin{aligned}W_1^{(1)}")


def test_large_rate_warns_and_charts_stay_finite():
    at = run_page(PAGE, {"gd_eta": "5", "gd_t": "40"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("η = 5 the run **diverged at step" in w for w in warnings)
    assert any("your η = 5 diverges" in w for w in warnings)
    for spec in vega_specs(at):
        for frame in spec["_data"].values():
            assert np.isfinite(frame.select_dtypes("number").to_numpy()).all()


def test_model_2b_shows_the_2d_update_and_agrees():
    at = run_page(PAGE, {"gd_model": "2b"})
    assert not at.exception
    assert any("They agree" in m and "2d" in m for m in messages(at))
    assert any("stalls" in i.value for i in at.info)
    assert _latex(at, r"\begin{aligned}W^{(1)}")


@pytest.mark.parametrize("model", ["2e", "2b"])
@pytest.mark.parametrize("end", ["lo", "hi"])
def test_every_control_at_its_extremes(model, end):
    query = {"gd_model": model}
    for f in _schema():
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
    fields = field_map(_schema())
    for key, text in query.items():
        assert at.session_state[key] == fields[key].parse(text), key
    assert _latex(at, r"\begin{aligned}W^{(13)}")


def test_garbage_url_values_fall_back_with_a_notice():
    query = {
        "gd_model": "3z",
        "gd_d": "banana",
        "gd_eta": "nan",
        "gd_t": "-4",
        "gd_dmax": "1e9",
    }
    at = run_page(PAGE, query)
    assert not at.exception
    notice = " ".join(c.value for c in at.caption)
    for key in query:
        assert f"`{key}=" in notice, key
    assert at.session_state["gd_model"] == "2e" and at.session_state["gd_d"] == 3
    assert at.number_input(key="gd_t").value == 0
