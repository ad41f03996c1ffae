"""Overview page: the 1a diagram, notation and one card per demo."""

from tests.app_pages.apptest import dot_sources, run_page
from ui.pages import PAGES


def test_defaults_show_1a_flow_with_deltas():
    at = run_page("overview")
    assert not at.exception
    (dot,) = dot_sources(at)
    # every node of worksheet 1a's forward pass, in order along the edges
    for edge in (
        "x0 -> S1",
        "W1 -> S1",
        "S1 -> g1",
        "g1 -> x1",
        "x1 -> S2",
        "W2 -> S2",
        "S2 -> g2",
        "g2 -> x2",
        "x2 -> loss",
    ):
        assert edge in dot
    # deltas live at the S nodes, output first
    assert "loss -> S2" in dot and "S2 -> S1" in dot
    s1 = next(line for line in dot.splitlines() if line.strip().startswith("S1 ["))
    s2 = next(line for line in dot.splitlines() if line.strip().startswith("S2 ["))
    assert "δ⁽¹⁾" in s1 and "(2nd)" in s1
    assert "δ⁽²⁾" in s2 and "(1st)" in s2


def test_identity_output_and_no_deltas():
    at = run_page("overview", {"ov_gout": "false", "ov_deltas": "false"})
    assert not at.exception
    (dot,) = dot_sources(at)
    assert 'g2 [label="id"' in dot
    assert "δ" not in dot
    assert at.toggle(key="ov_gout").value is False


def test_notation_formulas_and_cards():
    at = run_page("overview")
    latex = " ".join(el.value for el in at.latex)
    assert r"\delta_i^{(l)} = g'" in latex
    assert r"\delta_j^{(l)}\, x_i^{(l-1)}" in latex
    text = " ".join(el.value for el in at.markdown)
    for page in PAGES:
        if not page.default:
            assert page.question in text


def test_garbage_url_falls_back_with_notice():
    at = run_page("overview", {"ov_gout": "maybe", "ov_deltas": "1e400"})
    assert not at.exception
    assert at.toggle(key="ov_gout").value is True
    notice = " ".join(el.value for el in at.caption)
    assert "ov_gout=“maybe”" in notice and "ov_deltas" in notice
