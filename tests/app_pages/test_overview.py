"""Overview page: the 1a diagram, notation and one card per demo."""

from tests.app_pages.apptest import run_page
from ui.pages import PAGES


def _flow(at) -> str:
    (flow,) = [el.value for el in at.latex if r"\xrightarrow" in el.value]
    return flow


def test_defaults_show_1a_flow_with_deltas():
    at = run_page("overview")
    assert not at.exception
    flow = _flow(at)
    # worksheet 1a's forward pass, in order: x0 -W1-> S1 -g-> x1 -W2-> S2 -g-> x2 -> loss
    top, bottom = flow.split(r"\\[10pt]")
    order = [r"x^{(0)}", r"W^{(1)}", r"S^{(1)}", r"\;g\;", r"x^{(1)}", r"W^{(2)}",
             r"S^{(2)}", r"\;g\;", r"x^{(2)}", r"\ell"]  # fmt: skip
    at_ = [top.index(order[0])]
    for item in order[1:]:
        at_.append(top.index(item, at_[-1] + 1))
    # the deltas sit under the S nodes (same array column), output layer first
    cells_top, cells_bottom = top.split("&"), bottom.split("&")
    s1 = next(i for i, c in enumerate(cells_top) if "S^{(1)}" in c)
    s2 = next(i for i, c in enumerate(cells_top) if "S^{(2)}" in c)
    assert r"\delta^{(1)}" in cells_bottom[s1] and "2nd" in cells_bottom[s1]
    assert r"\delta^{(2)}" in cells_bottom[s2] and "1st" in cells_bottom[s2]
    assert not at.get("graphviz_chart")  # a drawn diagram scaled down was unreadable


def test_identity_output_and_no_deltas():
    at = run_page("overview", {"ov_gout": "false", "ov_deltas": "false"})
    assert not at.exception
    flow = _flow(at)
    assert r"\;\mathrm{id}\;" in flow and r"\;g\;" in flow  # hidden g stays
    assert r"\delta" not in flow
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
