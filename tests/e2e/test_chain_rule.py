"""The Chain rule page in a real browser: a typed formula draws its graph; a
hostile one gets core.expr's message next to the box and nothing else breaks."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page, wait_rendered

pytestmark = pytest.mark.e2e

GRAPH = "[data-testid='stGraphVizChart'] svg"


def type_formula(pg, text: str) -> None:
    """Type ``text`` into the formula box and commit it (Enter)."""
    box = pg.get_by_role("textbox", name="Formula f =")
    box.fill(text)
    box.press("Enter")


def formula_column(pg):
    """The column that holds the formula box (and, below it, its messages)."""
    return (
        pg.locator("[data-testid='stColumn']")
        .filter(has=pg.get_by_role("textbox", name="Formula f ="))
        .last
    )


def test_own_formula_good_and_hostile(page, server_url):
    open_page(page, f"{server_url}/chain-rule")
    page.get_by_role("radio", name="own formula").click()
    expect(page).to_have_url(re.compile(r"cr_example=own"))
    variables = page.get_by_role("textbox", name="Variables")
    expect(variables).to_have_value(re.compile(r"W = random\(2, 3\).*x = .*b = .*y = 1\.5"))
    wait_rendered(page)
    expect(page.locator(GRAPH)).to_have_count(1)

    # A good formula over the default variables W (2x3), x (3), b (2), y: its graph.
    type_formula(page, "y * sum(tanh(W @ x - b)) + sum(x * x)")
    expect(page).to_have_url(re.compile(r"cr_formula=y"))
    wait_rendered(page)
    graph = page.locator(GRAPH)
    expect(graph).to_have_count(1)
    expect(graph).to_contain_text("tanh")
    agree = page.get_by_text("Every gradient from the graph agrees with the checks.")
    expect(agree).to_be_visible()
    assert formula_column(page).locator("[data-testid='stAlertContentError']").count() == 0
    assert_healthy(page)

    for hostile, message in (
        # shown as typed: Markdown must not turn __class__ into a bold "class"
        ("x.__class__", "attribute access is not allowed: 'x.__class__' at column 1"),
        ("__import__('os')", "unknown function '__import__'"),
    ):
        type_formula(page, hostile)
        error = formula_column(page).locator("[data-testid='stAlertContentError']")
        expect(error).to_contain_text(f"Formula: {message}")
        wait_rendered(page)
        # the message sits right under the box, not somewhere else on the page
        box = page.get_by_role("textbox", name="Formula f =").bounding_box()
        shown = error.bounding_box()
        assert 0 <= shown["y"] - (box["y"] + box["height"]) < 150, (box, shown)
        # the rest of the page keeps working: no graph, a hint, the variables still read
        expect(page.locator(GRAPH)).to_have_count(0)
        expect(page.get_by_text("No graph to show: fix the message above.")).to_be_visible()
        expect(variables).to_be_visible()
        assert page.get_by_role("textbox", name="Formula f =").input_value() == hostile
        assert_healthy(page)

    # still alive: another example draws its graph, and back to a good formula works
    page.get_by_role("radio", name="2a").click()
    expect(page).not_to_have_url(re.compile(r"cr_example="))  # the default leaves the URL
    wait_rendered(page)
    expect(page.locator(GRAPH)).to_have_count(1)
    page.get_by_role("radio", name="own formula").click()
    wait_rendered(page)
    error = formula_column(page).locator("[data-testid='stAlertContentError']")
    expect(error).to_contain_text("unknown function '__import__'")  # the formula was kept
    type_formula(page, "sum(W @ x) * y")
    expect(error).to_have_count(0)
    wait_rendered(page)
    expect(page.locator(GRAPH)).to_have_count(1)
    assert_healthy(page)
