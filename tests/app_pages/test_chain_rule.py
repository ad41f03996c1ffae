"""The chain-rule page (worksheet 2a, 2b/2c, 2e) through AppTest.

The lesson is read from the data the page sends to the browser: the stage's
graph chart holds one box per node (its name, value and, once known, its
gradient or tangent in the tooltip fields) and one polyline per edge.
"""

import json
import math
import re

import numpy as np
import pytest

from lessons.chain_rule import examples as ce
from lessons.chain_rule.examples import values_2b
from tests.app_pages.apptest import dot_sources, messages, run_page, vega_specs

PAGE = "chain_rule"
NUMBER = re.compile(r"nan|-?inf|[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def _ok(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _table(at):
    return at.dataframe[0].value


def _notice(at) -> str:
    """The page's link-problem notice (a caption below the title)."""
    return " ".join(c.value for c in at.caption if "Link problem" in c.value)


def _graph(at) -> dict:
    """The stage's graph chart (the one with a "boxes" dataset): spec and data."""
    (spec,) = [s for s in vega_specs(at) if "boxes" in s["_data"]]
    return spec


def _boxes(at):
    return _graph(at)["_data"]["boxes"]


def _numbers(text: str) -> np.ndarray:
    return np.array([float(x) for x in NUMBER.findall(text)])


def _filled(at) -> int:
    """How many nodes show a derivative (gradient or tangent)."""
    return int((_boxes(at)["deriv"] != "—").sum())


def _current(at):
    """The highlighted node's row (thick border), or None."""
    boxes = _boxes(at)
    hot = boxes[boxes["sw"] > 3]
    assert len(hot) <= 1
    return None if hot.empty else hot.iloc[0]


def _spec_without_data(at) -> str:
    spec = dict(_graph(at))
    spec.pop("_data")
    spec.pop("datasets", None)
    return json.dumps(spec, sort_keys=True)


def _step_to_end(at, check=None) -> int:
    """Press Step until the slider is at its end; call ``check(at, clicks)`` after each."""
    clicks = 0
    while at.slider(key="cr_step").value < at.slider(key="cr_step").max:
        at.button(key="cr_step_next").click().run()
        clicks += 1
        _ok(at)
        if check:
            check(at, clicks)
        assert clicks < 80
    return clicks


def test_defaults_show_2a_graph_and_a_passing_check():
    at = run_page(PAGE)
    _ok(at)
    assert not dot_sources(at)  # the stage draws with Vega-Lite now, not Graphviz
    data = _graph(at)["_data"]
    titles = list(data["titles"]["text"])
    for title in ("w", "x1 = (·)²", "x2 = exp", "x3 = tanh", "f = +"):
        assert title in titles
    boxes = data["boxes"].set_index("node")
    assert boxes.loc["w", "value"] == "0.5"
    assert set(boxes["deriv"]) == {"—"}  # step 0: the forward pass only
    assert "0.5" in set(data["values"]["text"])
    assert len(data["edges"]["edge"].unique()) == 7  # w feeds 3 nodes; two sums take 2 each
    latex = " ".join(el.value for el in at.latex)
    total = 1 + math.exp(0.5) + 1 - math.tanh(0.5) ** 2
    assert f"= {total:.4g}" in latex  # the 2a sum over the three paths
    table = _table(at)
    assert list(table["variable"]) == ["w"] and list(table["agree"]) == ["✓"]
    assert float(table.loc[0, "backprop (graph)"]) == pytest.approx(total, rel=1e-4)
    assert at.success


@pytest.mark.parametrize(
    "query",
    [
        {"cr_n": "1", "cr_g1": "relu", "cr_f": "product", "cr_w": "-2"},
        {"cr_n": "5", "cr_g1": "cube", "cr_g2": "negate", "cr_g3": "double", "cr_g4": "relu",
         "cr_g5": "sigmoid", "cr_f": "sum of squares", "cr_w": "2"},
        {"cr_n": "5", "cr_g1": "square", "cr_g2": "exp", "cr_g3": "tanh", "cr_g4": "sigmoid",
         "cr_g5": "double", "cr_maxel": "1", "cr_dir": "left-right"},
        {"cr_example": "2b/2c", "cr_bn": "1", "cr_bd": "1", "cr_y": "-3", "cr_seed": "0"},
        {"cr_example": "2b/2c", "cr_bn": "5", "cr_bd": "6", "cr_y": "3", "cr_seed": "9999",
         "cr_unit": "false", "cr_maxel": "64", "cr_dir": "top-down"},
        {"cr_example": "2b/2c", "cr_bn": "5", "cr_bd": "6", "cr_mode": "forward",
         "cr_wrt": "x", "cr_wrt_i": "64", "cr_step": "1000"},
        {"cr_example": "2e", "cr_ed": "1", "cr_phi": "identity"},
        {"cr_example": "2e", "cr_ed": "6", "cr_phi": "relu", "cr_seed": "9999"},
        {"cr_example": "2e", "cr_phi": "sigmoid", "cr_step": "1000"},
        {"cr_example": "own formula", "cr_dir": "left-right", "cr_mode": "forward"},
    ],
)  # fmt: skip
@pytest.mark.parametrize("lecture", [False, True])
def test_every_example_and_control_extreme_renders(query, lecture):
    at = run_page(PAGE, query, lecture=lecture)
    _ok(at)
    assert not [c.value for c in at.caption if "URL value" in c.value]
    assert len(_boxes(at)) >= 2
    assert len(_table(at)) >= 1


def test_step_through_the_whole_backward_pass():
    at = run_page(PAGE)
    spec = _spec_without_data(at)

    def check(at, clicks):
        assert _filled(at) == clicks  # one more gradient per click
        assert _current(at) is not None  # the current node is highlighted
        assert _spec_without_data(at) == spec  # only the data change: no re-embedding

    clicks = _step_to_end(at, check)
    assert clicks == 6  # f, the inner sum, x3, x2, x1 and w
    assert _current(at)["node"] == "w"
    latex = " ".join(el.value for el in at.latex)
    assert r"\frac{\partial f}{\partial w}" in latex
    assert any("node `w`" in m.value and "leaf" in m.value for m in at.markdown)
    assert "(1)(1) + (1)(1.649) + (1)(0.7864)" in latex  # the three paths into w
    total = 1 + math.exp(0.5) + 1 - math.tanh(0.5) ** 2  # worksheet 2a by hand
    grad = _boxes(at).set_index("node").loc["w", "deriv"]
    assert _numbers(grad)[0] == pytest.approx(total, rel=1e-3)
    at.button(key="cr_step_back").click().run()
    assert at.slider(key="cr_step").value == 5 and _filled(at) == 5
    at.button(key="cr_step_reset").click().run()
    assert at.slider(key="cr_step").value == 0 and _filled(at) == 0
    at.button(key="cr_step_end").click().run()
    assert at.slider(key="cr_step").value == 6 and _filled(at) == 6


def _node_values(example, leaf: str, entry: int, eps: float) -> list[np.ndarray]:
    """Every node's value (topological order) with one input number moved by ``eps``."""
    values = {k: np.array(v, dtype=float) for k, v in example.values.items()}
    values[leaf].reshape(-1)[entry] += eps
    out = example.rebuild(values)
    return [np.asarray(v.value, dtype=float) for v in out.topo()]


def _central_differences(example, leaf: str, entry: int, eps: float = 1e-6):
    up = _node_values(example, leaf, entry, eps)
    down = _node_values(example, leaf, entry, -eps)
    return [(u - d) / (2 * eps) for u, d in zip(up, down, strict=True)]


FORWARD_CASES = [
    ({"cr_example": "2a"}, lambda: ce.build_2a(("square", "exp", "tanh"), "sum", 0.5), "w", 1),
    ({"cr_example": "2e", "cr_wrt": "W1", "cr_wrt_i": "3"},
     lambda: ce.build_2e(2, "tanh", 0), "W1", 3),
    ({"cr_example": "2e", "cr_wrt": "x", "cr_wrt_i": "2", "cr_phi": "sigmoid"},
     lambda: ce.build_2e(2, "sigmoid", 0), "x", 2),
    ({"cr_example": "2b/2c", "cr_wrt": "w2", "cr_wrt_i": "1"},
     lambda: ce.build_2b(2, 2, 0, 1.5, True), "w2", 1),
]  # fmt: skip


@pytest.mark.parametrize(("query", "build", "leaf", "entry"), FORWARD_CASES)
def test_forward_mode_steps_through_every_node_with_tangents_matching_finite_differences(
    query, build, leaf, entry
):
    at = run_page(PAGE, query)
    _ok(at)
    spec = _spec_without_data(at)
    at.button_group(key="cr_mode").set_value("forward").run()
    _ok(at)
    assert at.slider(key="cr_step").value == 0 and _filled(at) == 0
    example = build()
    numeric = _central_differences(example, leaf, entry - 1)
    order = [i for i, v in enumerate(example.out.topo()) if v is example.out or not v.constant]
    visited = []

    def check(at, clicks):
        boxes = _boxes(at)
        current = _current(at)
        i = order[clicks - 1]  # inputs first: the k-th non-constant node of the topo order
        assert current["node"] == boxes.iloc[i]["node"]
        shown = _numbers(current["deriv"])
        np.testing.assert_allclose(shown, numeric[i].ravel(), rtol=2e-3, atol=2e-4)
        assert _filled(at) == clicks
        assert _spec_without_data(at) == spec  # the mode switch and steps change data only
        visited.append(current["node"])

    clicks = _step_to_end(at, check)
    assert clicks == len(order) and len(set(visited)) == len(order)  # every node once
    output_tangent = _numbers(_current(at)["deriv"])[0]
    gradient = example.leaves[leaf].grad.reshape(-1)[entry - 1]  # reverse mode's entry
    assert output_tangent == pytest.approx(gradient, rel=2e-3, abs=1e-4)
    assert "(one entry of the gradient)" in " ".join(el.value for el in at.latex)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_step_changes_only_the_overlays(mode):
    """Edges at rest and titles (and, in reverse mode, the values) are sent byte for byte
    the same at every step, so the browser skips them; only the overlays change."""
    at = run_page(PAGE, {"cr_example": "2e", "cr_mode": mode})
    _ok(at)
    data = _graph(at)["_data"]
    assert data["edges_on"].empty and data["derivs"].empty  # step 0: nothing passed yet
    static = ["edges", "titles"] + (["values"] if mode == "reverse" else [])
    first = {name: data[name].to_json() for name in static}

    def check(at, clicks):
        now = _graph(at)["_data"]
        assert {name: now[name].to_json() for name in static} == first
        assert len(now["derivs"]) > 0

    _step_to_end(at, check)
    end = _graph(at)["_data"]
    assert set(end["edges_on"]["edge"]) == set(end["edges"]["edge"])  # every edge passed


def test_forward_and_reverse_costs_for_every_input():
    at = run_page(PAGE, {"cr_example": "2e", "cr_ed": "3"})
    _ok(at)
    costs = " ".join(m.value for m in at.markdown if "<table>" in m.value)
    n = 9 + 3 + 3 + 9 + 3  # W1, x, b, W2, y of 2e with d = 3
    assert f"all {n} inputs" in costs
    rows = re.findall(r"<tr><td>(\w+)</td><td>([^<]+)</td><td>([\d,]+)</td></tr>", costs)
    by_mode = {m: (sweeps, int(mults.replace(",", ""))) for m, sweeps, mults in rows}
    assert by_mode["reverse"][0] == "1 + 1" and by_mode["forward"][0] == str(n)
    assert by_mode["forward"][1] > by_mode["reverse"][1] * n / 2  # one sweep per input


def test_wrt_choice_in_the_url_and_a_bad_one():
    at = run_page(PAGE, {"cr_example": "2e", "cr_mode": "forward", "cr_wrt": "b",
                         "cr_wrt_i": "2", "cr_step": "3"})  # fmt: skip
    _ok(at)
    assert at.selectbox(key="cr_wrt").value == "b"
    assert at.number_input(key="cr_wrt_i").value == 2
    boxes = _boxes(at).set_index("node")
    assert at.slider(key="cr_step").value == 3
    at.button(key="cr_step_end").click().run()
    boxes = _boxes(at).set_index("node")
    assert _numbers(boxes.loc["b", "deriv"]).tolist() == [0.0, 1.0]  # the seed: entry 2 of b
    assert _numbers(boxes.loc["W1", "deriv"]).tolist() == [0.0] * 4
    at = run_page(PAGE, {"cr_example": "2e", "cr_mode": "forward", "cr_wrt": "zz"})
    _ok(at)
    assert "cr_wrt" in _notice(at)
    assert at.selectbox(key="cr_wrt").value == "W1"


HOSTILE = [
    "x.__class__",
    "__import__('os')",
    "lambda: 1",
    "'a string'",
    "(" * 200 + "x" + ")" * 200,
    "9**9**9",
    "x\x00",
    "",
    "W @ x",  # not one number
    "sum(q)",  # unknown name
    "[x for x in y]",
    "y ** y",
]


def test_hostile_formulas_get_a_message_and_the_page_keeps_working():
    at = run_page(PAGE, {"cr_example": "own formula"})
    _ok(at)
    for text in HOSTILE:
        at.text_input(key="cr_formula").input(text).run()
        assert not at.exception, text
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and errors[0].startswith("Formula:"), (text, errors)
        assert not vega_specs(at)
        assert any("No graph to show" in i.value for i in at.info)
    at.text_input(key="cr_formula").input("sum(x * x)").run()
    _ok(at)
    assert len(_boxes(at)) >= 3
    assert any("${W = " in m.value for m in at.markdown)  # the variables are shown
    at.button_group(key="cr_example").set_value("2e").run()
    _ok(at)


@pytest.mark.parametrize("text", ["(" * 300 + "x" + ")" * 300, "a" * 10_000])
def test_too_long_formulas_in_a_link_fall_back_with_a_notice(text):
    at = run_page(PAGE, {"cr_example": "own formula", "cr_formula": text})
    _ok(at)
    assert "cr_formula" in _notice(at)
    assert at.text_input(key="cr_formula").value.startswith("y * sum(")
    assert len(_boxes(at)) >= 3


def test_bad_variables_get_a_message():
    at = run_page(PAGE, {"cr_example": "own formula", "cr_vars": "x = [1, 2"})
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "Variables" in error and "never closed" in error
    assert not vega_specs(at)


def test_2b_gradients_equal_the_2c_closed_form():
    n, d, seed, y = 3, 2, 4, 2.0
    at = run_page(
        PAGE,
        {"cr_example": "2b/2c", "cr_bn": str(n), "cr_bd": str(d), "cr_seed": str(seed),
         "cr_y": str(y), "cr_step": "1000"},
    )  # fmt: skip
    _ok(at)
    v = values_2b(n, d, seed, y)
    z = v["W"] @ v["x"] + v["b"]
    s = 1 / (1 + np.exp(-z))
    db = 2 * (s.sum() - y) * s * (1 - s)  # worksheet 2c, written out here
    dW = np.outer(db, v["x"])
    table = _table(at).set_index("variable")
    boxes = _boxes(at).set_index("node")  # the end of the backward pass: every gradient
    for i in range(n):
        shown = [float(t) for t in table.loc[f"w{i + 1}", "backprop (graph)"].split(",")]
        np.testing.assert_allclose(shown, dW[i], rtol=1e-4, atol=1e-9)
        np.testing.assert_allclose(_numbers(boxes.loc[f"w{i + 1}", "deriv"]), dW[i], rtol=1e-3)
        assert float(table.loc[f"b{i + 1}", "backprop (graph)"]) == pytest.approx(db[i], rel=1e-4)
        assert _numbers(boxes.loc[f"b{i + 1}", "deriv"])[0] == pytest.approx(db[i], rel=1e-3)
    assert set(table["agree"]) == {"✓"}
    latex = " ".join(el.value for el in at.latex)
    assert all(f"= {g:.4g}" in latex for g in db)


def test_2e_gradients_equal_the_worksheet_chain():
    at = run_page(PAGE, {"cr_example": "2e", "cr_ed": "3", "cr_phi": "tanh", "cr_seed": "5",
                         "cr_step": "1000"})  # fmt: skip
    _ok(at)
    v = ce.values_2e(3, 5)
    x1 = v["W1"] @ v["x"] + v["b"]
    x2 = np.tanh(x1)
    x4 = v["W2"] @ x2 - v["y"]
    d1 = (1 - x2**2) * (v["W2"].T @ x4)  # 2e by hand: W2ᵀ x4 through Φ'
    boxes = _boxes(at).set_index("node")
    np.testing.assert_allclose(_numbers(boxes.loc["W2", "deriv"]), np.outer(x4, x2).ravel(),
                               rtol=2e-3, atol=1e-4)  # fmt: skip
    np.testing.assert_allclose(_numbers(boxes.loc["W1", "deriv"]), np.outer(d1, v["x"]).ravel(),
                               rtol=2e-3, atol=1e-4)  # fmt: skip
    assert set(_table(at)["agree"]) == {"✓"}


def test_url_reproduces_the_view():
    query = {"cr_example": "2b/2c", "cr_bn": "4", "cr_bd": "3", "cr_y": "-1.2",
             "cr_seed": "42", "cr_unit": "false", "cr_maxel": "20", "cr_dir": "left-right",
             "cr_step": "3", "cr_mode": "forward", "cr_wrt": "b", "cr_wrt_i": "2"}  # fmt: skip
    at = run_page(PAGE, query)
    _ok(at)
    assert at.button_group(key="cr_example").value == "2b/2c"
    assert at.slider(key="cr_bn").value == 4 and at.slider(key="cr_bd").value == 3
    assert at.slider(key="cr_y").value == pytest.approx(-1.2)
    assert at.number_input(key="cr_seed").value == 42
    assert at.toggle(key="cr_unit").value is False
    assert at.slider(key="cr_maxel").value == 20
    assert at.button_group(key="cr_dir").value == "left-right"
    assert at.button_group(key="cr_mode").value == "forward"
    assert at.selectbox(key="cr_wrt").value == "b" and at.number_input(key="cr_wrt_i").value == 2
    assert at.slider(key="cr_step").value == 3
    edges = _graph(at)["_data"]["edges"]
    ends = edges.groupby("edge")["x"].agg(["first", "last"])
    assert (ends["first"] < ends["last"]).all()  # left-right: every edge runs to the right
    at = run_page(PAGE, {**query, "cr_dir": "top-down"})
    edges = _graph(at)["_data"]["edges"]
    ends = edges.groupby("edge")["y"].agg(["first", "last"])
    assert (ends["first"] < ends["last"]).all()  # top-down: every edge runs down
    own = {"cr_example": "own formula", "cr_vars": "a = [1, 2]; b = 3", "cr_formula": "sum(a) * b"}
    at = run_page(PAGE, own)
    _ok(at)
    assert at.text_input(key="cr_vars").value == own["cr_vars"]
    assert at.text_input(key="cr_formula").value == own["cr_formula"]
    assert _boxes(at).set_index("node").loc["f", "value"] == "9"


def test_garbage_url_falls_back_with_a_notice():
    query = {"cr_example": "zzz", "cr_n": "99", "cr_w": "nan", "cr_g1": "sin",
             "cr_maxel": "abc", "cr_step": "-1", "cr_dir": "sideways", "cr_mode": "both",
             "cr_wrt_i": "1e999"}  # fmt: skip
    at = run_page(PAGE, query)
    _ok(at)
    notice = _notice(at)
    for key in query:
        if key == "cr_step":  # a step past either end is clamped, not dropped
            assert "step “\\-1” does not exist here" in notice and "showing step 0" in notice
            continue
        assert f"`{key}=" in notice or f"{key}=" in notice, key
    assert at.button_group(key="cr_example").value == "2a"
    assert at.slider(key="cr_n").value == 3 and at.slider(key="cr_w").value == 0.5
    assert at.selectbox(key="cr_g1").value == "square"
    assert at.button_group(key="cr_mode").value == "reverse"
    assert len(_boxes(at)) == 6  # w, x1, x2, x3, the inner sum and f


def test_lecture_mode_has_the_stage_the_question_and_no_prose():
    at = run_page(PAGE, lecture=True)
    _ok(at)
    keys = {getattr(el.proto, "key", "") for el in at.get("flex_container")} | {
        str(el.proto) for el in at.get("flex_container")
    }
    assert any("stage" in k for k in keys)
    assert _graph(at)["_data"]["boxes"].shape[0] == 6 and at.latex
    assert not any("computation graph" in m.value for m in at.markdown)
    mark = _graph(at)["mark"] if "mark" in _graph(at) else None
    assert mark is None  # a layered chart
    sizes = [layer["mark"].get("fontSize") for layer in _graph(at)["layer"]
             if layer["mark"]["type"] == "text"]  # fmt: skip
    assert sizes and all("min(17" in s["expr"] for s in sizes)  # 16 px or more on a projector
    at.button(key="cq_reveal_2a-paths").click().run()
    live = " ".join(m.value for m in at.markdown if m.value.startswith("**Live:**"))
    total = 1 + math.exp(0.5) + 1 - math.tanh(0.5) ** 2
    assert f"{total:.4g}" in live


def test_live_answers_follow_the_example_on_screen():
    at = run_page(PAGE, {"cr_example": "2e", "cr_ed": "3", "cr_seed": "5"}, lecture=True)
    _ok(at)
    at.selectbox(key="cq_pick_chain-rule").set_value("2e-transpose").run()
    at.button(key="cq_reveal_2e-transpose").click().run()
    live = next(m.value for m in at.markdown if m.value.startswith("**Live:**"))
    v = ce.values_2e(3, 5)
    x4 = v["W2"] @ np.tanh(v["W1"] @ v["x"] + v["b"]) - v["y"]
    shown = _numbers(live.split("∂ℓ/∂x₂ =")[1].replace("−", "-"))
    np.testing.assert_allclose(shown, v["W2"].T @ x4, rtol=5e-4)  # 4 significant digits


@pytest.mark.parametrize(("asked", "shown"), [("999", None), ("-7", 0)])
def test_a_step_past_either_end_is_clamped_and_noted(asked, shown):
    at = run_page("chain_rule", {"cr_step": asked})
    assert not at.exception
    last = at.slider(key="cr_step").max
    expected = int(last) if shown is None else shown
    assert at.slider(key="cr_step").value == expected
    notes = [c.value for c in at.caption if "Link problem" in c.value]
    assert notes and "does not exist" in notes[0] and f"showing step {expected}" in notes[0]


@pytest.mark.parametrize("formula", ["3", "1e308*1e308"])
def test_a_formula_without_variables_has_nothing_to_differentiate(formula):
    at = run_page("chain_rule", {"cr_example": "own formula", "cr_formula": formula})
    assert not at.exception
    text = " ".join(messages(at))
    assert "Nothing to differentiate" in text
    assert "agrees with the checks" not in text
