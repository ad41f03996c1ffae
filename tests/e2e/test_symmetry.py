"""The Symmetry page in a real browser: a slider moved with the keyboard and the
Step button rerun the page, and the URL follows every change."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page, server_runs, wait_for_rerun

pytestmark = pytest.mark.e2e


def metric(pg, label: str):
    """The value of the st.metric labelled ``label``."""
    box = pg.locator("[data-testid='stMetric']").filter(
        has=pg.locator("[data-testid='stMetricLabel']", has_text=label)
    )
    return box.locator("[data-testid='stMetricValue']")


def test_slider_moved_with_the_keyboard_reruns_and_updates_the_url(page, server_url):
    open_page(page, f"{server_url}/symmetry")
    width = page.get_by_role("slider", name="Hidden units d⁽¹⁾")
    expect(width).to_have_value("4")
    expect(metric(page, "Distinct hidden units")).to_have_text("1 of 4")
    assert "sym_d1" not in page.url  # a default value stays out of the URL
    runs = server_runs(page)

    width.focus()
    page.keyboard.press("ArrowRight")

    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]sym_d1=5(&|$)"))
    expect(metric(page, "Distinct hidden units")).to_have_text("1 of 5")  # the page reran
    expect(width).to_have_value("5")
    # Five hidden units in the diagrams of the network: x_1^(1) ... x_5^(1).
    diagram = page.locator("[data-testid='stGraphVizChart']").first
    expect(diagram).to_contain_text("x₅⁽¹⁾")
    stage = page.locator(".st-key-stage [data-testid='stVegaLiteChart']").first
    expect(stage).to_be_visible()
    assert_healthy(page)


def test_step_button_advances_the_shown_step(page, server_url):
    open_page(page, f"{server_url}/symmetry")
    shown = metric(page, "Shown step")
    expect(shown).to_have_text("1 of 50")
    step_slider = page.get_by_role("slider", name="Show step")
    expect(step_slider).to_have_value("1")

    runs = server_runs(page)
    page.get_by_role("button", name="Step ▶").click()
    wait_for_rerun(page, runs)
    expect(shown).to_have_text("2 of 50")
    expect(page).to_have_url(re.compile(r"[?&]sym_step=2(&|$)"))
    runs = server_runs(page)
    page.get_by_role("button", name="Step ▶").click()
    wait_for_rerun(page, runs)
    expect(shown).to_have_text("3 of 50")
    expect(page).to_have_url(re.compile(r"[?&]sym_step=3(&|$)"))
    expect(step_slider).to_have_value("3")

    runs = server_runs(page)
    page.get_by_role("button", name="◀ Back").click()
    wait_for_rerun(page, runs)
    expect(shown).to_have_text("2 of 50")
    expect(page).to_have_url(re.compile(r"[?&]sym_step=2(&|$)"))
    assert_healthy(page)
