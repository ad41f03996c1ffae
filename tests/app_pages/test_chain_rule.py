"""The chain-rule page (worksheet 2a, 2b/2c, 2e) through AppTest."""

import math

import numpy as np
import pytest

from lessons.chain_rule.examples import values_2b
from tests.app_pages.apptest import dot_sources, run_page

PAGE = "chain_rule"


def _ok(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _table(at):
    return at.dataframe[0].value


def _notice(at) -> str:
    """The page's link-problem notice (a caption below the title)."""
    return next(c.value for c in at.caption if "Link problem" in c.value)


def test_defaults_show_2a_graph_and_a_passing_check():
    at = run_page(PAGE)
    _ok(at)
    (dot,) = dot_sources(at)
    for label in ("w|scalar|value 0.5", "x1 = **2", "x2 = exp", "x3 = tanh", "f = +"):
        assert label in dot
    assert "grad" not in dot  # step 0: the forward pass only
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
         "cr_unit": "false", "cr_maxel": "64"},
        {"cr_example": "2e", "cr_ed": "1", "cr_phi": "identity"},
        {"cr_example": "2e", "cr_ed": "6", "cr_phi": "relu", "cr_seed": "9999"},
        {"cr_example": "2e", "cr_phi": "sigmoid", "cr_step": "1000"},
        {"cr_example": "own formula", "cr_dir": "left-right"},
    ],
)  # fmt: skip
def test_every_example_and_control_extreme_renders(query):
    at = run_page(PAGE, query)
    _ok(at)
    assert not any(c.value.startswith(":orange[Link problem") for c in at.caption)
    assert len(dot_sources(at)) == 1
    assert len(_table(at)) >= 1


def test_step_through_the_whole_backward_pass():
    at = run_page(PAGE)
    clicks = 0
    while not at.button(key="cr_step_step").disabled:
        at.button(key="cr_step_step").click().run()
        clicks += 1
        _ok(at)
        (dot,) = dot_sources(at)
        assert dot.count("|grad ") == clicks  # one more gradient per click
        assert dot.count("penwidth") == 1  # the current node
        assert clicks < 50
    assert clicks == 6  # w, x1, x2, x3, the inner sum and f
    latex = " ".join(el.value for el in at.latex)
    assert r"\frac{\partial f}{\partial w}" in latex
    assert any("node `w`" in m.value and "leaf" in m.value for m in at.markdown)
    assert "(1)(1) + (1)(1.649) + (1)(0.7864)" in latex  # the three paths into w
    at.button(key="cr_step_back").click().run()
    assert at.slider(key="cr_step").value == 5
    assert dot_sources(at)[0].count("|grad ") == 5
    at.button(key="cr_step_reset").click().run()
    assert at.slider(key="cr_step").value == 0
    assert "|grad " not in dot_sources(at)[0]


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
        assert not dot_sources(at)
        assert any("${W = " in m.value for m in at.markdown)  # the variables are still shown
    at.text_input(key="cr_formula").input("sum(x * x)").run()
    _ok(at)
    assert len(dot_sources(at)) == 1
    at.button_group(key="cr_example").set_value("2e").run()
    _ok(at)


@pytest.mark.parametrize("text", ["(" * 300 + "x" + ")" * 300, "a" * 10_000])
def test_too_long_formulas_in_a_link_fall_back_with_a_notice(text):
    at = run_page(PAGE, {"cr_example": "own formula", "cr_formula": text})
    _ok(at)
    assert "cr_formula" in _notice(at)
    assert at.text_input(key="cr_formula").value.startswith("y * sum(")
    assert len(dot_sources(at)) == 1


def test_bad_variables_get_a_message():
    at = run_page(PAGE, {"cr_example": "own formula", "cr_vars": "x = [1, 2"})
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "Variables" in error and "never closed" in error
    assert not dot_sources(at)


def test_2b_gradients_equal_the_2c_closed_form():
    n, d, seed, y = 3, 2, 4, 2.0
    at = run_page(
        PAGE,
        {"cr_example": "2b/2c", "cr_bn": str(n), "cr_bd": str(d), "cr_seed": str(seed),
         "cr_y": str(y)},
    )  # fmt: skip
    _ok(at)
    v = values_2b(n, d, seed, y)
    z = v["W"] @ v["x"] + v["b"]
    s = 1 / (1 + np.exp(-z))
    db = 2 * (s.sum() - y) * s * (1 - s)  # worksheet 2c, written out here
    dW = np.outer(db, v["x"])
    table = _table(at).set_index("variable")
    for i in range(n):
        shown = [float(t) for t in table.loc[f"w{i + 1}", "backprop (graph)"].split(",")]
        np.testing.assert_allclose(shown, dW[i], rtol=1e-4, atol=1e-9)
        assert float(table.loc[f"b{i + 1}", "backprop (graph)"]) == pytest.approx(db[i], rel=1e-4)
    assert set(table["agree"]) == {"✓"}
    latex = " ".join(el.value for el in at.latex)
    assert all(f"= {g:.4g}" in latex for g in db)


def test_url_reproduces_the_view():
    query = {"cr_example": "2b/2c", "cr_bn": "4", "cr_bd": "3", "cr_y": "-1.2",
             "cr_seed": "42", "cr_unit": "false", "cr_maxel": "20", "cr_dir": "left-right",
             "cr_step": "3"}  # fmt: skip
    at = run_page(PAGE, query)
    _ok(at)
    assert at.button_group(key="cr_example").value == "2b/2c"
    assert at.slider(key="cr_bn").value == 4 and at.slider(key="cr_bd").value == 3
    assert at.slider(key="cr_y").value == pytest.approx(-1.2)
    assert at.number_input(key="cr_seed").value == 42
    assert at.toggle(key="cr_unit").value is False
    assert at.slider(key="cr_maxel").value == 20
    assert at.button_group(key="cr_dir").value == "left-right"
    assert at.slider(key="cr_step").value == 3
    assert "rankdir=LR" in dot_sources(at)[0]
    own = {"cr_example": "own formula", "cr_vars": "a = [1, 2]; b = 3", "cr_formula": "sum(a) * b"}
    at = run_page(PAGE, own)
    _ok(at)
    assert at.text_input(key="cr_vars").value == own["cr_vars"]
    assert at.text_input(key="cr_formula").value == own["cr_formula"]
    assert "value 9" in dot_sources(at)[0]


def test_garbage_url_falls_back_with_a_notice():
    query = {"cr_example": "zzz", "cr_n": "99", "cr_w": "nan", "cr_g1": "sin",
             "cr_maxel": "abc", "cr_step": "-1", "cr_dir": "sideways"}  # fmt: skip
    at = run_page(PAGE, query)
    _ok(at)
    notice = _notice(at)
    for key in query:
        assert f"`{key}=" in notice
    assert at.button_group(key="cr_example").value == "2a"
    assert at.slider(key="cr_n").value == 3 and at.slider(key="cr_w").value == 0.5
    assert at.selectbox(key="cr_g1").value == "square"
    assert len(dot_sources(at)) == 1


def test_lecture_mode_hides_prose_but_keeps_the_lesson():
    at = run_page(PAGE, lecture=True)
    _ok(at)
    assert len(dot_sources(at)) == 1 and at.latex
    assert not any("computation graph" in m.value for m in at.markdown)
