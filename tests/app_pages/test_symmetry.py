"""Symmetry breaking page (worksheet 1a-1f) through AppTest.

The lesson is read from what the page really sends: the stage's network
diagram (the Vega-Lite "nodes" data, unit labels parsed back into numbers),
the Vega-Lite data of the distinct-units chart, and the LaTeX with the numbers plugged in, which is
compared with plain numpy formulas written here (not the app's code).
"""

import re

import numpy as np
import pytest

from core.datasets import make_regression_example
from tests.app_pages.apptest import dot_sources, messages, run_page, vega_specs

UNIT = re.compile(
    r'L(\d)_(\d) \[label="x[^=]*= ([^\\"]+)(?:\\nδ[^=]*= ([^"]+))?", fillcolor="([^"]+)"'
)


def units(dot: str) -> dict[int, list[tuple[float, float | None, str]]]:
    """layer -> [(x, delta, fill colour)] parsed from the unit labels."""
    out: dict[int, list] = {}
    for layer, _, x, delta, fill in UNIT.findall(dot):
        out.setdefault(int(layer), []).append((float(x), float(delta) if delta else None, fill))
    return out


def stage_units(at) -> dict[int, list[tuple[float, float | None, str]]]:
    """layer -> [(x, delta, fill colour)] from the stage diagram's "nodes" data."""
    for spec in vega_specs(at):
        nodes = spec["_data"].get("nodes")
        if nodes is None:
            continue
        out: dict[int, list] = {}
        for row in nodes.itertuples():
            x = float((row.line0 or row.line1).split("= ")[1])
            delta = float(row.line2.split("= ")[1]) if row.line2 else None
            out.setdefault(int(row.x), []).append((x, delta, row.fill))
        return out
    raise AssertionError("no network diagram on the stage")


def distinct_data(at) -> "np.ndarray":
    for spec in vega_specs(at):
        for frame in spec["_data"].values():
            if "distinct" in frame.columns:
                return frame["distinct"].to_numpy()
    raise AssertionError("no distinct-units chart on the page")


def latex(at) -> str:
    return " ".join(el.value for el in at.latex)


def has(text: str, value: float) -> bool:
    """The page prints numbers with 4 significant digits."""
    return f"{value:.4g}" in text


def test_defaults_render_clones_and_checks():
    at = run_page("symmetry")
    assert not at.exception
    assert not [m for m in messages(at) if "diverged" in m]
    hidden = stage_units(at)[1]
    assert len(hidden) == 4
    # identical hidden units: same x, same delta, same fill colour
    assert len({h[0] for h in hidden}) == 1
    assert len({h[1] for h in hidden}) == 1
    assert len({h[2] for h in hidden}) == 1
    assert len({o[1] for o in stage_units(at)[2]}) == 2  # 1d: output deltas differ
    # the comparison diagrams (Graphviz, final step) agree: one colour for all hidden units
    assert len({h[2] for h in units(dot_sources(at)[0])[1]}) == 1
    np.testing.assert_array_equal(distinct_data(at), np.ones(51))
    text = " ".join(el.value for el in at.markdown)
    assert text.count("✓") == 5 and "✗" not in text


def test_worksheet_numbers_match_hand_formulas():
    """1b, 1c, 1e at the defaults (3-4-2, sigmoid/sigmoid, a = 0.5, eta = 0.5, n = 1)."""
    at = run_page("symmetry", sym_step=0)
    assert not at.exception
    X, Y = make_regression_example(3, 2, n=1, seed=0)
    x0, y, a, eta = X[0], Y[0], 0.5, 0.5

    def sig(s):
        return 1 / (1 + np.exp(-s))

    s1 = a * x0.sum()
    x1 = sig(s1)  # 1b: every hidden unit
    x2 = sig(4 * a * x1) * np.ones(2)  # each output sums 4 equal hidden units
    delta2 = (x2 - y) * x2 * (1 - x2)  # squared error, sigmoid output
    delta1 = x1 * (1 - x1) * a * delta2.sum()  # 1c
    W1 = a - eta * delta1 * x0[:, None] * np.ones((3, 4))  # 1e: rows constant
    W2 = a - eta * np.outer(np.full(4, x1), delta2)  # 1e: columns constant
    tex = latex(at)
    for value in (s1, x1, x1 * (1 - x1), delta1, *delta2, *W1[:, 0], *W2[0]):
        assert has(tex, value), value
    # the diagram at step 0 shows the same numbers
    hidden = stage_units(at)[1]
    assert all(abs(h[0] - x1) < 1e-4 * abs(x1) and abs(h[1] - delta1) < 1e-3 * abs(delta1)
               for h in hidden)  # fmt: skip


def test_random_init_breaks_symmetry():
    at = run_page("symmetry", {"sym_init": "random normal σ", "sym_d1": "5"})
    assert not at.exception
    np.testing.assert_array_equal(distinct_data(at), np.full(51, 5))
    hidden = stage_units(at)[1]
    assert len({h[0] for h in hidden}) == 5
    assert len({h[2] for h in hidden}) == 5
    text = " ".join(el.value for el in at.markdown)
    assert "The init is random" in text and "does not apply" in text


def test_step_buttons():
    at = run_page("symmetry")
    at.button[1].click().run()  # Step ▶
    assert at.slider(key="sym_step").value == 2
    assert "2 of 50" in " ".join(el.value for el in at.metric)
    for _ in range(3):
        at.button[0].click().run()  # ◀ Back, never below 0
    assert at.slider(key="sym_step").value == 0
    assert not at.exception


def test_shown_step_follows_fewer_steps():
    at = run_page("symmetry")
    at.slider(key="sym_step").set_value(50).run()
    at.slider(key="sym_steps").set_value(10).run()  # fewer steps than the shown one
    assert not at.exception
    assert at.slider(key="sym_step").value == 10


SETTINGS = [
    dict(sym_d0=1, sym_d1=1, sym_d2=1, sym_steps=0, sym_init="zeros"),
    dict(sym_d0=6, sym_d1=8, sym_d2=4, sym_steps=300, sym_n=16, sym_act="relu", sym_out="tanh"),
    dict(sym_act="tanh", sym_out="identity", sym_init="noise", sym_eps=1e-10, sym_a=-2.0),
    dict(sym_act="identity", sym_out="relu", sym_init="noise", sym_eps=0.1, sym_a=2.0),
    dict(sym_init="normal", sym_sigma=3.0, sym_lr=10.0, sym_seed=9999, sym_bias=True),
    dict(sym_init="normal", sym_sigma=0.01, sym_lr=0.001, sym_targets="teacher", sym_n=2),
    dict(sym_act="identity", sym_out="identity", sym_lr=10.0, sym_a=2.0, sym_steps=300),
]


@pytest.mark.parametrize("state", SETTINGS)
def test_controls_at_extremes(state):
    at = run_page("symmetry", **state)
    assert not at.exception
    assert stage_units(at)


def test_lecture_mode_stage_card_and_settings():
    at = run_page("symmetry", lecture=True)
    assert not at.exception
    assert at.get("expander")[0].label == "Settings"  # every other control, collapsed
    assert not at.sidebar.slider  # nothing left in the sidebar
    assert "Question for the class" in " ".join(el.value for el in at.markdown)
    reveal = next(b for b in at.button if b.label == "Reveal")
    reveal.click().run()
    text = " ".join(el.value for el in at.success)
    assert "Every row is constant" in text or "1" in text
    assert not at.exception


def test_class_question_live_number_matches_the_run():
    """1f-forever after Reveal: the live line names this run's distinct count (1 of 4)."""
    at = run_page("symmetry", lecture=True)
    at.selectbox(key="cq_pick_symmetry").set_value("1f-forever").run()
    next(b for b in at.button if b.label == "Reveal").click().run()
    text = " ".join(el.value for el in at.markdown)
    assert "1 distinct hidden unit(s) of 4 after 50 steps" in text
    assert "**A. 1**" in " ".join(el.value for el in at.success)


def test_divergence_is_reported_not_raised():
    at = run_page("symmetry", sym_act="identity", sym_out="identity", sym_lr=10.0, sym_a=2.0)
    assert not at.exception
    assert any("diverged" in m for m in messages(at))


def test_preset_makes_the_nudge_grow():
    at = run_page("symmetry")
    [preset] = [b for b in at.button if "nudge" in b.label]
    preset.click().run()
    assert not at.exception
    assert at.selectbox(key="sym_init").value == "noise"
    text = " ".join(el.value for el in at.markdown)
    assert "symmetry is gone" in text


URL = {
    "sym_d0": "5",
    "sym_d1": "6",
    "sym_d2": "3",
    "sym_act": "tanh",
    "sym_out": "identity",
    "sym_init": "constant a with noise ε",
    "sym_a": "-0.25",
    "sym_sigma": "1.5",
    "sym_eps": "0.001",
    "sym_lr": "0.2",
    "sym_steps": "80",
    "sym_seed": "42",
    "sym_n": "4",
    "sym_targets": "random teacher network",
    "sym_bias": "true",
    "sym_step": "7",
}


def test_url_round_trip():
    at = run_page("symmetry", URL)
    assert not at.exception
    assert not [c.value for c in at.caption if "Link problem" in c.value]
    assert at.slider(key="sym_d0").value == 5
    assert at.slider(key="sym_d1").value == 6
    assert at.slider(key="sym_d2").value == 3
    assert at.selectbox(key="sym_act").value == "tanh"
    assert at.selectbox(key="sym_out").value == "identity"
    assert at.selectbox(key="sym_init").value == "noise"
    assert at.number_input(key="sym_a").value == -0.25
    assert at.number_input(key="sym_sigma").value == 1.5
    assert at.select_slider(key="sym_eps").value == 0.001
    assert at.number_input(key="sym_lr").value == 0.2
    assert at.slider(key="sym_steps").value == 80
    assert at.number_input(key="sym_seed").value == 42
    assert at.select_slider(key="sym_n").value == 4
    assert at.selectbox(key="sym_targets").value == "teacher"
    assert at.toggle(key="sym_bias").value is True
    assert at.slider(key="sym_step").value == 7


def test_garbage_url_falls_back_with_notice():
    bad = {"sym_d0": "99", "sym_act": "softmax", "sym_lr": "nan", "sym_eps": "zero",
           "sym_bias": "maybe", "sym_step": "x"}  # fmt: skip
    at = run_page("symmetry", bad)
    assert not at.exception
    assert at.slider(key="sym_d0").value == 3
    assert at.selectbox(key="sym_act").value == "sigmoid"
    assert at.number_input(key="sym_lr").value == 0.5
    assert at.toggle(key="sym_bias").value is False
    notice = " ".join(c.value for c in at.caption if "Link problem" in c.value)
    for key in bad:
        assert key in notice
    np.testing.assert_array_equal(distinct_data(at), np.ones(51))
