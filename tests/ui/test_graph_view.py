"""ui.graph_view (stepper, step text, DOT) and ui.chain_rule.examples (check table, boxes)."""

import math
import re

import numpy as np
import pandas as pd

from lessons.chain_rule import examples as ce
from lessons.chain_rule.examples import Check
from ui import graph_view as gv
from ui.chain_rule import examples as cx


def test_tex_numbers_and_arrays():
    assert gv.tex_num(2.0) == "2"
    assert gv.tex_num(0.123456) == "0.1235"
    assert gv.tex_num(1e-5) == r"1 \times 10^{-5}"
    assert gv.tex_num(float("nan")) == r"\text{nan}"
    assert gv.tex_num(-math.inf) == r"-\infty"
    assert gv.tex_array(np.array([1.0, 2.0])) == r"\left(1,\ 2\right)"
    assert gv.tex_array(np.eye(2)).startswith(r"\begin{bmatrix}1 & 0 \\ 0 & 1")
    big = gv.tex_array(np.arange(64.0).reshape(8, 8))
    assert "8 \\times 8 array" in big and "63" in big


def test_names():
    assert gv.name_tex("x1") == "x_{1}"
    assert gv.name_tex("ell") == r"\ell"
    assert gv.name_tex("w") == "w"
    assert gv.name_tex("my_w") == r"\mathrm{my\_w}"


def test_step_order_output_first_without_constants():
    ex = ce.build_2e(2, "tanh", 0)
    order = gv.step_nodes(ex.out)
    assert order[0] is ex.out
    assert not any(v.constant for v in order)
    names = [v.name for v in order]
    # every node comes after all the nodes it feeds (reverse topological order)
    for i, v in enumerate(order):
        for p in v.parents:
            if not p.constant:
                assert names.index(p.name) > i
    assert set(ex.leaves) <= set(names)


def test_step_latex_sums_the_paths_into_w_with_numbers():
    ex = ce.build_2a(("square", "exp", "tanh"), "sum", 0.5)
    n = len(gv.step_nodes(ex.out))
    assert gv.step_latex(ex.out, ex.steps, 0)[1] == []
    caption, lines = gv.step_latex(ex.out, ex.steps, 1)
    assert "f" in caption and lines == [
        r"\frac{\partial f}{\partial f} = 1 \qquad \text{(the seed of the backward pass)}"
    ]
    caption, lines = gv.step_latex(ex.out, ex.steps, n)
    assert "`w`" in caption and "leaf" in caption
    text = " ".join(lines)
    # one local derivative per path, each number worked out by hand
    assert r"\frac{\partial x_{1}}{\partial w} = 2\,{w} = 1" in text
    assert "= 1.649" in text  # e^0.5
    assert f"= {math.tanh(0.5) ** 2 * -1 + 1:.4g}" in text  # 1 - tanh^2(0.5)
    total = 1 + math.exp(0.5) + 1 - math.tanh(0.5) ** 2
    assert lines[-1].endswith(f"&= {total:.4g}\\end{{aligned}}")
    assert lines[-1].count(r"\frac{\partial f}{\partial x_") == 3


def test_step_latex_matrix_product_shows_the_transpose_rule():
    ex = ce.build_2e(2, "identity", 0)
    order = gv.step_nodes(ex.out)
    k = next(i for i, v in enumerate(order, start=1) if v.name == "x1")
    _, lines = gv.step_latex(ex.out, ex.steps, k)
    assert "matrix product" in lines[0]
    assert r"W_{2}^\top \frac{\partial \ell}{\partial x_{3}}" in lines[1]


def test_step_dot_highlights_one_node_and_shows_k_grads():
    ex = ce.build_2b(2, 2, 0, 1.5)
    n = len(gv.step_nodes(ex.out))
    for k in (0, 1, 5, n):
        dot = gv.step_dot(ex.out, k)
        assert dot.count("penwidth") == (1 if k else 0)
        assert len(re.findall(r"\|grad ", dot)) == k
    assert "rankdir=TB" in gv.step_dot(ex.out, 3, rankdir="TB")


def test_check_table_marks_disagreement():
    good = Check("a", np.array([1.0, 2.0]), np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))
    bad = Check("b", np.array(1.0), np.array(1.1), np.array(1.0))
    table, ok = cx.check_table([good, bad])
    assert isinstance(table, pd.DataFrame) and not ok
    assert list(table["agree"]) == ["✓", "✗"]
    assert table.loc[1, "max |backprop − closed|"] == "1.0e-01"
    _, ok = cx.check_table([good])
    assert ok


def test_latex_2c_numbers_are_the_closed_form():
    v = ce.values_2b(2, 2, 0, 1.5)
    z = v["W"] @ v["x"] + v["b"]
    s = 1 / (1 + np.exp(-z))
    db = 2 * (s.sum() - 1.5) * s * (1 - s)
    text = " ".join(cx.latex_2c(2, 2, 0, 1.5))
    for i in range(2):
        assert f"= {db[i]:.4g}" in text
        assert f"{db[i] * v['x'][0]:.4g}" in text
