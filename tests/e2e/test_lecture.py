"""Lecture mode on a projector and the same pages on a phone, in a real Chromium.

- 1280x720 with ?lecture=true: every page's stage (``st-key-stage``) lies fully
  inside the viewport and is at least 55% of its height.
- 390x844: no page scrolls sideways and the sidebar starts collapsed.
- A presentation clicker's PageDown steps the symmetry page (URL and screen).
- A class question is answered by Reveal.
- Ten Step presses 150 ms apart advance exactly ten steps, and the first press
  right after load registers.
- A clicker's key held down (key repeat) stops at the last step.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page
from tests.e2e.stepping import rapid_presses, settle, slider_step, step_button, url_step
from ui.pages import PAGES

pytestmark = pytest.mark.e2e

STAGE = ".st-key-stage"


def _href(page) -> str:
    return page.href


@pytest.mark.parametrize("info", PAGES, ids=[p.url_path for p in PAGES])
def test_stage_fits_a_1280x720_projector(page, server_url, info):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/{_href(info)}?lecture=true")
    box = page.locator(STAGE).first.bounding_box()
    assert box is not None, "no stage on the page"
    assert box["y"] >= 0 and box["x"] >= 0, box
    assert box["y"] + box["height"] <= 720 + 1, f"stage ends at {box['y'] + box['height']:.0f}"
    assert box["x"] + box["width"] <= 1280 + 1, box
    assert box["height"] >= 0.55 * 720, f"stage only {box['height']:.0f} px tall"
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_attribute("data-collapsed") == "true"
    assert_healthy(page)


@pytest.mark.parametrize("info", PAGES, ids=[p.url_path for p in PAGES])
def test_phone_has_no_sideways_scroll_and_a_closed_sidebar(page, server_url, info):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{server_url}/{_href(info)}")
    page.wait_for_timeout(500)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " Math.max(...[...document.querySelectorAll('[data-testid=stMain]')]"
        ".map(e => e.scrollWidth))]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide at {widths[1]} px"
    assert widths[2] <= widths[1], f"main area is {widths[2]} px wide at {widths[1]} px"
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_attribute("data-collapsed") == "true"
    assert_healthy(page)


def test_clicker_pagedown_steps_the_symmetry_page(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/symmetry?lecture=true&sym_step=3")
    settle(page)
    page.keyboard.press("PageDown")
    settle(page)
    assert url_step(page, "sym_step") == 4
    assert slider_step(page, "sym_step") == 4
    shown = page.locator("[data-testid='stMetric']", has_text="Shown step")
    expect(shown.locator("[data-testid='stMetricValue']")).to_have_text("4 of 50")
    page.keyboard.press("PageUp")
    settle(page)
    assert slider_step(page, "sym_step") == 3


def test_class_question_is_asked_then_revealed(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/symmetry?lecture=true")
    card = page.locator(".st-key-class_question_symmetry")
    expect(card).to_contain_text("Question for the class")
    expect(card.locator("[data-testid='stAlertContentSuccess']")).to_have_count(0)
    card.get_by_role("button", name="Reveal").click()
    settle(page)
    expect(card.locator("[data-testid='stAlertContentSuccess']")).to_contain_text("1")
    assert_healthy(page)


RAPID = [
    ("symmetry?sym_step=0&sym_steps=100", "sym_step"),
    ("gradient-descent?gd_t=0", "gd_t"),
    ("chain-rule?cr_example=2e&cr_step=0", "cr_step"),  # 13 steps
]


@pytest.mark.parametrize(("path", "key"), RAPID, ids=[k for _, k in RAPID])
def test_ten_rapid_presses_advance_ten_steps(page, server_url, path, key):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/{path}")
    url_moved, shown_moved = rapid_presses(page, key, n=10, gap_ms=150)
    assert (url_moved, shown_moved) == (10, 10)
    assert_healthy(page)


@pytest.mark.parametrize(("path", "key"), RAPID, ids=[k for _, k in RAPID])
def test_first_press_right_after_load_registers(page, server_url, path, key):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server_url}/{path}", timeout=60_000)
    page.wait_for_selector(step_button(key), timeout=60_000)
    page.click(step_button(key))
    settle(page)
    assert slider_step(page, key) == 1


HELD = [
    ("symmetry?sym_step=46", "sym_step", 50),  # 50 steps by default
    ("chain-rule?cr_example=2e&cr_step=9", "cr_step", 13),  # 13 nodes
]


@pytest.mark.parametrize(("path", "key", "last"), HELD, ids=[k for _, k, _ in HELD])
def test_a_held_clicker_key_stops_at_the_last_step(page, server_url, path, key, last):
    """PageDown held for about a second: the key repeats (keydown with repeat set) far
    more often than there are steps left, and the view stops at the last one."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/{path}&lecture=true")
    settle(page)
    for _ in range(30):  # the first keydown, then 29 repeats 33 ms apart (a held key)
        page.keyboard.down("PageDown")
        page.wait_for_timeout(33)
    page.keyboard.up("PageDown")
    settle(page)
    assert (url_step(page, key), slider_step(page, key)) == (last, last)
    page.keyboard.press("PageDown")  # once more at the end: nothing moves, nothing breaks
    settle(page)
    assert (url_step(page, key), slider_step(page, key)) == (last, last)
    assert_healthy(page)
