"""Every page opens from the sidebar and renders with no exception box and no
page error in the console; a screenshot of each is kept as an artifact."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import app_errors, assert_healthy, open_page, screenshot, wait_rendered
from ui.pages import PAGES

pytestmark = pytest.mark.e2e

# The main heading of each page, where it is not the page's title (every page's
# heading is its icon and title from ui/pages.py).
HEADINGS: dict[str, str] = {}


def test_every_page_from_the_sidebar(page, server_url):
    open_page(page, server_url)
    nav = page.locator("[data-testid='stSidebarNav']")
    assert nav.locator("a").count() == len(PAGES)
    # Start from the last page so that every click, the default page's included, navigates.
    for info in (*PAGES[1:], PAGES[0]):
        link = nav.locator(f"a[href$='/{info.url_path}']")
        if info.default:  # the default page's link is the app's root URL
            link = nav.locator("a").nth(PAGES.index(info))
        link.click()
        expect(link).to_have_attribute("aria-current", "page")
        heading = HEADINGS.get(info.url_path, info.title)
        expect(page.locator("[data-testid='stMain'] h1").first).to_contain_text(heading)
        wait_rendered(page)
        assert page.locator("[data-testid='stMain'] h1").first.is_visible(), info.title
        assert page.locator("[data-testid='stException']").count() == 0, info.title
        assert app_errors(page) == [], info.title
        screenshot(page, f"page-{info.url_path}")


def test_lecture_mode_link_opens_in_lecture_mode(page, server_url):
    # The default page (Overview) is served at the root; /overview is not a page.
    open_page(page, f"{server_url}/?lecture=true")
    toggle = page.get_by_role("switch", name="Lecture mode")
    if toggle.count() == 0:  # older Streamlit: a checkbox
        toggle = page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox'] input").first
    assert toggle.is_checked()
    assert_healthy(page)
