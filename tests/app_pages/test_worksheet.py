"""The Worksheet page: typed answers checked, hints one at a time, the solution with
numbers, self-check questions, and progress through the parts kept in the URL."""

from __future__ import annotations

import math

import pytest

from lessons.exercises import EXERCISES, instance
from lessons.questions import QUESTIONS
from tests.app_pages.apptest import messages, run_page

PARTS = ("1a", "1b", "1c", "1d", "1e", "1f", "1g", "2a", "2b", "2c", "2d", "2e", "2f", "side")
RIGHT_2C_W = "2 * (sum(σ(W @ x + b)) - y) * σ(W @ x + b) * (1 - σ(W @ x + b)) @ x.T"
RIGHT_2C_B = "2*(sum(sigmoid(W@x+b))-y)*sigmoid(W@x+b)*(1-sigmoid(W@x+b))"


def _answer(at, ex_id: str, text: str):
    at.text_input(key=f"ws_in_{ex_id}").input(text)
    at.button(key=f"ws_check_{ex_id}").click().run()
    assert not at.exception, at.exception
    return at


def _block(at, key: str):
    """The layout block with this key (a keyed st.container), or None."""
    todo = [getattr(at, "_tree", at)]
    while todo:
        node = todo.pop()
        if getattr(node, "key", None) == key:
            return node
        todo += list(getattr(node, "children", {}).values())
    return None


def _progress(at) -> str:
    return at.get("progress")[0].proto.text


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def _latex(at) -> str:
    return " ".join(el.value for el in at.latex)


def _done(at) -> str | None:
    return at.query_params.get("ws_done")


def test_defaults_open_part_1a_with_its_self_checks():
    at = run_page("worksheet")
    assert not at.exception
    assert at.title[0].value.endswith("Worksheet")
    assert at.selectbox(key="ws_part").value == "1a"
    assert _progress(at) == "0 of 14 parts done"
    assert at.button(key="ws_prev").disabled and not at.button(key="ws_next").disabled
    for qid in ("1a-deltas", "1a-shape"):
        radio = at.radio(key=f"ws_q_{qid}")
        assert radio.value is None  # no default: the student picks
        assert list(radio.options) == list(QUESTIONS[qid].options)
    text = " ".join(m.value for m in at.markdown)
    assert "1a · the network and its deltas" in text
    assert "./overview?ov_deltas=true" in text  # the demo's view that shows 1a
    assert _block(at, "stage") is not None
    assert not messages(at)


def test_a_right_answer_is_read_back_and_accepted():
    at = _answer(run_page("worksheet", {"ws_part": "2c"}), "2c-W", RIGHT_2C_W)
    assert [s.value for s in at.success] == ["Right! It matches the answer at every test point."]
    assert not at.error
    assert "Read as (using `W`, `b`, `x`, `y`):" in _captions(at)
    read = _latex(at)
    assert r"\sigma" in read and r"x^{\top}" in read and r"\odot" in read


@pytest.mark.parametrize(
    ("part", "ex_id", "answer", "words"),
    [
        ("2c", "2c-W", "2 * (sum(σ(W @ x + b)) - y) * σ(W @ x + b) @ x.T",
         "the derivative of σ is missing"),
        ("2e", "2e-W1", "(1 - tanh(W1 @ x + b)^2) * (W2 @ (W2 @ tanh(W1 @ x + b) - y)) @ x.T",
         "W2 must be transposed"),
        ("2a", "2a-sum", "2*w + exp(w) + 1 + tanh(w)²", "minus, not plus"),
        ("1b", "1b-x", "sigmoid(a * sum(X))", "did you mean `x`?"),
        ("2e", "2e-b", "x @ x.T", "came out d×d (3×3) (here d = 3), but it must be d×1"),
        ("side", "side-evals", "2*d^2 + 2", "count it once"),
        ("2d", "2d-W", "W + eta * 2 * (sum(σ(W@x+b)) - y) * σ(W@x+b) * (1 - σ(W@x+b)) @ x.T",
         "gradient descent SUBTRACTS the gradient"),
    ],
)  # fmt: skip
def test_a_wrong_answer_says_what_to_change(part, ex_id, answer, words):
    at = _answer(run_page("worksheet", {"ws_part": part}), ex_id, answer)
    assert not at.success
    [error] = at.error
    assert words in error.value, error.value


def test_hints_appear_in_order_one_at_a_time():
    at = run_page("worksheet", {"ws_part": "2a"})
    hint = at.button(key="ws_hint_2a-sum")
    assert hint.label == "💡 Hint 1/3" and not at.info
    phrases = ("reaches f along three paths", "for every i", "write tanh")
    for shown in (1, 2, 3):
        at.button(key="ws_hint_2a-sum").click().run()
        [box] = at.info
        present = [p in box.value for p in phrases]
        assert present == [i < shown for i in range(3)], (shown, box.value)
        if shown < 3:
            assert at.button(key="ws_hint_2a-sum").label == f"💡 Hint {shown + 1}/3"
    positions = [at.info[0].value.index(p) for p in phrases]
    assert positions == sorted(positions)
    last = at.button(key="ws_hint_2a-sum")
    assert last.disabled and last.label == "All 3 hints shown"
    assert not at.exception


def _df_dw(w: float) -> float:
    """2a by hand: d/dw (w² + eʷ + tanh w)."""
    return 2 * w + math.exp(w) + 1 - math.tanh(w) ** 2


def test_solution_shows_the_latex_and_live_numbers_and_new_numbers():
    at = run_page("worksheet", {"ws_part": "2a"})
    assert not at.latex
    at.button(key="ws_solbtn_2a-sum").click().run()
    tex = _latex(at)
    assert r"\frac{df}{dw} = 2w + e^{w} + 1 - \tanh^2 w" in tex
    assert [c.value for c in at.code] == [EXERCISES["2a-sum"].solution]
    for seed in (0, 1):
        w = float(instance("2a-sum", seed)["w"])
        assert f"w = {w:.3g}" in tex
        assert rf"\frac{{df}}{{dw}} = {_df_dw(w):.3g}" in tex
        if seed == 0:
            at.button(key="ws_new_2a-sum").click().run()
            assert at.number_input(key="ws_seed").value == 1
            tex = _latex(at)
    assert at.button(key="ws_solbtn_2a-sum").label == "Hide solution"
    at.button(key="ws_solbtn_2a-sum").click().run()
    assert not at.latex


def test_solution_of_a_matrix_exercise_shows_matrices():
    at = run_page("worksheet", {"ws_part": "2e", "ws_seed": "7"})
    at.button(key="ws_solbtn_2e-x").click().run()
    assert not at.exception
    tex = _latex(at)
    assert r"\begin{gathered}" in tex and r"W_1^\top" in tex
    assert tex.count(r"\begin{bmatrix}") == 6  # W1, W2, b, x, y and the answer
    assert "random instance 7" in " ".join(m.value for m in at.markdown)


def test_self_check_wrong_then_right_marks_the_part_done():
    at = run_page("worksheet", {"ws_part": "1d"})
    q = QUESTIONS["1d-output"]
    wrong = next(o for o in q.options if o != q.answer)
    at.radio(key="ws_q_1d-output").set_value(wrong)
    at.button(key="ws_qcheck_1d-output").click().run()
    [error] = at.error
    assert error.value.startswith("**Not this one.**") and q.explanation in error.value
    assert _done(at) is None
    at.radio(key="ws_q_1d-output").set_value(q.answer)
    at.button(key="ws_qcheck_1d-output").click().run()
    assert not at.error
    assert at.success[0].value == f"**Right.** {q.explanation}"
    assert _done(at) == "1d"
    assert _progress(at) == "1 of 14 parts done"
    assert "1d · the output deltas ✓" in " ".join(m.value for m in at.markdown)


def test_check_without_a_choice_asks_for_one():
    at = run_page("worksheet", {"ws_part": "1g"})
    at.button(key="ws_qcheck_1g-lr-start").click().run()
    assert "Pick one of the options first" in at.warning[0].value
    assert not at.exception


def test_a_part_is_done_when_all_its_boxes_are_right():
    at = run_page("worksheet", {"ws_part": "2c", "ws_done": "1a"})
    _answer(at, "2c-W", RIGHT_2C_W)
    assert _done(at) == "1a"  # 2c-b still open
    assert "1 of 2 checked right in this part." in _captions(at)
    _answer(at, "2c-b", RIGHT_2C_B)
    assert _done(at) == "1a.2c"
    assert _progress(at) == "2 of 14 parts done"
    at.button(key="ws_reset").click().run()
    assert _done(at) is None and _progress(at) == "0 of 14 parts done"


def test_previous_next_walk_every_part_and_the_url_follows():
    at = run_page("worksheet")
    for part in PARTS[1:]:
        at.button(key="ws_next").click().run()
        assert not at.exception, (part, at.exception)
        assert at.selectbox(key="ws_part").value == part
        assert at.query_params["ws_part"] == part
        ex = [e for e, x in EXERCISES.items() if x.part == part]
        assert all(at.text_input(key=f"ws_in_{e}") for e in ex)
    assert at.button(key="ws_next").disabled
    at.button(key="ws_prev").click().run()
    assert at.selectbox(key="ws_part").value == "2f"
    at.selectbox(key="ws_part").set_value("1e").run()  # the browser writes its URL (e2e test)
    assert at.text_input(key="ws_in_1e-W1")
    at.button(key="ws_next").click().run()  # Next goes on from the part picked in the list
    assert at.selectbox(key="ws_part").value == "1f"


def test_a_press_sent_with_the_stale_part_still_counts():
    """Next pressed again before the browser showed the last press's part: it sends the
    part it still shows (1b); the page goes on from the part it had shown (1c)."""
    at = run_page("worksheet")
    at.button(key="ws_next").click().run()
    at.button(key="ws_next").click().run()
    assert at.selectbox(key="ws_part").value == PARTS[2]
    at.selectbox(key="ws_part").set_value(PARTS[1])
    at.button(key="ws_next").click().run()
    assert at.selectbox(key="ws_part").value == PARTS[3]
    assert at.query_params["ws_part"] == PARTS[3]


def test_a_bookmark_reopens_the_part_and_the_progress():
    at = run_page("worksheet", {"ws_part": "2e", "ws_done": "2a.1b.2a"})
    assert not at.exception
    assert at.selectbox(key="ws_part").value == "2e"
    assert _done(at) == "1b.2a"  # worksheet order, each part once
    assert _progress(at) == "2 of 14 parts done"
    assert "1b ✓" in _captions(at) and "2e ✓" not in _captions(at)
    assert "Link problem" not in _captions(at)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("ws_done", "1b.3z", "“3z” is not a part"),
        ("ws_done", "1b..2a", "an empty part"),
        ("ws_done", "1B", "is not a part"),
        ("ws_done", "1b,2a", "is not a part"),
        ("ws_done", "x" * 3000, "longer than 200 characters"),
        ("ws_done", "<b>x</b>", "is not a part"),
        ("ws_part", "9z", "ws_part="),
        ("ws_seed", "1e999", "ws_seed="),
        ("ws_seed", "-3", "ws_seed="),
    ],
)
def test_bad_url_values_get_the_link_notice(key, value, words):
    at = run_page("worksheet", {key: value})
    assert not at.exception, at.exception
    text = _captions(at)
    assert "Link problem:" in text and words in text, text
    assert "<b>" not in text
    if key == "ws_done":
        assert _done(at) is None and _progress(at) == "0 of 14 parts done"
    assert at.selectbox(key="ws_part").value == "1a" or key != "ws_part"


def test_lecture_mode_has_a_fixed_stage_and_collapsed_settings():
    at = run_page("worksheet", {"ws_part": "2e"}, lecture=True)
    assert not at.exception
    stage = _block(at, "stage")
    assert stage is not None and _block(stage, "ws_stage_body") is not None
    assert at.get("expander")[0].label == "Settings"
    assert at.number_input(key="ws_seed") and not at.sidebar.number_input
    assert "PageDown / PageUp" in _progress(at)
    _answer(at, "2e-W2", "(W2 @ tanh(W1 @ x + b) - y) @ tanh(W1 @ x + b).T")
    assert at.success


HOSTILE = [
    "", " ", "\t\n", "x.__class__", "x.__class__.__mro__", "().__class__.__bases__[0]",
    "__import__('os').system('ls')", "open('/etc/passwd')", "eval('1')", "exec('x=1')",
    "lambda: 1", "[x for x in (1, 2)]", "{1: 2}", "{1, 2}", "'a string'", '"W1"', "b'x'",
    "f'{x}'", "x if y else b", "x and y", "not x", "x < y", "x == y", "x; y", "x = 1",
    "x := 1", "import os", "del x", "x[0]", "x[::-1]", "x.shape", "x.T.T.T.T", "x.t",
    "W1 @@ x", "W1 @", "@ x", "((((((", "))))", "(" * 300 + "1" + ")" * 300, "9**9**9",
    "1e308 * 1e308", "exp(exp(exp(1e3)))", "log(-1)", "0/0", "x/0", "1/(x - x)",
    "\x00", "\u202e x", "x" * 500, "🧠∑∂δ", "<script>alert(1)</script>", "$\\frac{1}{0}$",
    "**bold**", "[link](http://example.com)", ":red[x]", "σσσσσ(x)", "x²²²", "xᵀᵀ", "x^^2",
    "W1 ^ x", "1_000", "0x10", "1j", "# comment", "\\", "`x`", "sum()", "sum(x, y)",
    "tanh(W1, W2)", "relu", "W1 x", "2 W1", "nan", "inf", "-inf * 0", "1e-400", "1e400",
]  # fmt: skip


def test_hostile_strings_in_the_box_always_get_a_verdict():
    assert len(HOSTILE) >= 50
    at = run_page("worksheet", {"ws_part": "2e"})
    for text in HOSTILE:
        _answer(at, "2e-x", text[:500])
        verdicts = [el.value for el in (*at.error, *at.success)]
        assert len(verdicts) == 1, (text[:40], verdicts)
        assert "Traceback" not in verdicts[0]


def test_every_exercise_accepts_its_solution_on_the_page():
    at = run_page("worksheet")
    for ex_id, ex in EXERCISES.items():
        at.selectbox(key="ws_part").set_value(ex.part).run()
        _answer(at, ex_id, ex.solution)
        assert any("Right!" in s.value for s in at.success), ex_id
    assert _done(at) == "1b.1c.1e.2a.2c.2d.2e.2f"  # side also needs its self-check
