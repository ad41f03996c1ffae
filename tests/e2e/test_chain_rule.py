"""The Chain rule page in a real browser: a typed formula draws its graph and a hostile
one gets core.expr's message next to the box; stepping updates the graph in place (the
chart is not re-embedded); forward mode; the lecture stage fits a projector."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page, server_runs, wait_for_rerun

pytestmark = pytest.mark.e2e

GRAPH = ".st-key-stage [data-testid='stVegaLiteChart']"
SIDEBAR = "[data-testid='stSidebar']"


def type_formula(pg, text: str) -> None:
    """Type ``text`` into the formula box and commit it (Enter)."""
    box = pg.get_by_role("textbox", name="Formula f =")
    box.fill(text)
    box.press("Enter")


def formula_errors(pg):
    """Error boxes in the settings (the sidebar), where the formula box is."""
    return pg.locator(f"{SIDEBAR} [data-testid='stAlertContentError']")


def test_own_formula_good_and_hostile(page, server_url):
    open_page(page, f"{server_url}/chain-rule")
    page.get_by_role("radio", name="own formula").click()
    expect(page).to_have_url(re.compile(r"cr_example=own"))
    variables = page.get_by_role("textbox", name="Variables")
    expect(variables).to_have_value(re.compile(r"W = random\(2, 3\).*x = .*b = .*y = 1\.5"))
    expect(page.locator(GRAPH)).to_have_count(1)

    # A good formula over the default variables W (2x3), x (3), b (2), y: its graph.
    type_formula(page, "y * sum(tanh(W @ x - b)) + sum(x * x)")
    expect(page).to_have_url(re.compile(r"cr_formula=y"))
    graph = page.locator(GRAPH)
    expect(graph).to_have_count(1)
    expect(graph).to_contain_text("tanh")
    agree = page.get_by_text("Every gradient from the graph agrees with the checks.")
    expect(agree).to_be_visible()
    expect(formula_errors(page)).to_have_count(0)
    assert_healthy(page)

    for hostile, message in (
        # shown as typed: Markdown must not turn __class__ into a bold "class"
        ("x.__class__", "attribute access is not allowed: 'x.__class__' at column 1"),
        ("__import__('os')", "unknown function '__import__'"),
    ):
        type_formula(page, hostile)
        error = formula_errors(page)
        expect(error).to_contain_text(f"Formula: {message}")
        # the message sits right under the box, not somewhere else on the page
        box = page.get_by_role("textbox", name="Formula f =").bounding_box()
        shown = error.bounding_box()
        assert 0 <= shown["y"] - (box["y"] + box["height"]) < 150, (box, shown)
        # the rest of the page keeps working: no graph, a hint, the variables still read
        expect(page.locator(GRAPH)).to_have_count(0)
        expect(page.get_by_text("No graph to show: fix the formula")).to_be_visible()
        expect(variables).to_be_visible()
        assert page.get_by_role("textbox", name="Formula f =").input_value() == hostile
        assert_healthy(page)

    # still alive: another example draws its graph, and back to a good formula works
    page.get_by_role("radio", name="2a").click()
    expect(page).not_to_have_url(re.compile(r"cr_example="))  # the default leaves the URL
    expect(page.locator(GRAPH)).to_have_count(1)
    page.get_by_role("radio", name="own formula").click()
    expect(formula_errors(page)).to_contain_text("unknown function '__import__'")  # kept
    type_formula(page, "sum(W @ x) * y")
    expect(formula_errors(page)).to_have_count(0)
    expect(page.locator(GRAPH)).to_have_count(1)
    assert_healthy(page)


def _mark_chart(pg) -> None:
    """Tag the drawn chart, so a re-embedded (new) chart can be told apart."""
    pg.evaluate(f'() => {{ document.querySelector("{GRAPH} svg").__kept = true; }}')


def _same_chart(pg) -> bool:
    return pg.evaluate(f'() => !!document.querySelector("{GRAPH} svg").__kept')


def test_lecture_stage_fits_and_steps_update_the_graph_in_place(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/chain-rule?lecture=true&cr_example=2e")
    stage = page.locator(".st-key-stage")
    expect(stage.locator(GRAPH.split(" ", 1)[1])).to_have_count(1)
    box = stage.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box  # on one screen
    assert box["height"] >= 0.55 * 720, box
    sizes = page.evaluate(
        f'() => [...document.querySelectorAll("{GRAPH} svg text")]'
        ".map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 16, sizes  # node labels readable from the back row
    _mark_chart(page)
    for want in (1, 2, 3):
        runs = server_runs(page)
        page.keyboard.press("PageDown")  # a presentation clicker
        wait_for_rerun(page, runs)
        expect(page).to_have_url(re.compile(rf"[?&]cr_step={want}(&|$)"))
        expect(page.locator(".st-key-cr_step input[type='range']")).to_have_value(str(want))
    expect(page.locator(GRAPH)).to_contain_text("ell = ×")
    assert _same_chart(page), "the graph was drawn anew instead of updated in place"
    assert_healthy(page)


# Widths and heights (px) of the step explanation's box and of its widest formula.
_EXPLAIN_FITS = """() => {
  const box = document.querySelector('.st-key-cr_explain');
  const wide = Math.max(0, ...[...box.querySelectorAll('.katex-display')]
    .map(e => e.scrollWidth - e.clientWidth));
  return [wide, box.scrollHeight - box.clientHeight];
}"""


def test_lecture_2e_every_step_s_formulas_fit_their_box(page, server_url):
    """On the projector nothing of a step's chain rule hides behind a scroll bar."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/chain-rule?lecture=true&cr_example=2e")
    over = {}
    for step in range(14):  # 2e with d = 2: 13 nodes
        if step:
            runs = server_runs(page)
            page.keyboard.press("PageDown")
            wait_for_rerun(page, runs)
            expect(page.locator(".st-key-cr_step input[type='range']")).to_have_value(str(step))
        wide, tall = page.evaluate(_EXPLAIN_FITS)
        if wide > 1 or tall > 1:
            over[step] = (wide, tall)
    assert not over, f"steps whose formulas overflow (px wider, px taller): {over}"
    box = page.locator(".st-key-stage").bounding_box()
    assert box["y"] + box["height"] <= 720, box


def test_forward_mode_carries_a_tangent_inputs_first(page, server_url):
    open_page(page, f"{server_url}/chain-rule?cr_example=2e")
    page.get_by_role("radio", name="forward").click()
    expect(page).to_have_url(re.compile(r"cr_mode=forward"))
    expect(page.get_by_role("combobox", name=re.compile("Differentiate by"))).to_be_visible()
    _mark_chart(page)
    runs = server_runs(page)
    page.locator(".st-key-cr_step_next button").first.click()
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]cr_step=1(&|$)"))
    expect(page.get_by_text("its tangent is the seed")).to_be_visible()
    assert _same_chart(page)  # switching the mode and stepping change data only
    page.locator(".st-key-cr_step_end button").first.click()
    expect(page).to_have_url(re.compile(r"[?&]cr_step=13(&|$)"))  # 2e with d = 2: 13 nodes
    expect(page.get_by_text("Step 13 of 13: node")).to_be_visible()
    assert _same_chart(page)
    assert_healthy(page)


def test_phone_width_does_not_scroll_sideways(page, server_url):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{server_url}/chain-rule?cr_example=2e&cr_step=4")
    expect(page.locator(GRAPH)).to_have_count(1)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 390, wide
    assert_healthy(page)
