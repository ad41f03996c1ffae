"""Every page opens from the sidebar and renders with no exception box and no
page error in the console; a screenshot of each is kept as an artifact."""

import pytest

from tests.e2e.conftest import screenshot, wait_rendered
from ui.pages import PAGES

pytestmark = pytest.mark.e2e

# Console noise that is not the app's fault: the sandbox has no network, so
# anything Chromium or Streamlit tries to fetch from outside fails.
BENIGN = ("net::ERR_", "Failed to load resource", "favicon")


def app_errors(pg) -> list[str]:
    return [e for e in pg.errors if not any(b in e for b in BENIGN)]


def test_every_page_from_the_sidebar(page, server_url):
    page.goto(server_url)
    wait_rendered(page)
    for info in PAGES:
        link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{info.url_path}']")
        if info.default:
            link = page.locator("[data-testid='stSidebarNav'] a").first
        link.click()
        wait_rendered(page)
        page.wait_for_timeout(800)
        assert page.locator("[data-testid='stException']").count() == 0, info.title
        assert page.locator("h1").first.is_visible(), info.title
        screenshot(page, f"page-{info.url_path}")
    assert app_errors(page) == []


def test_lecture_mode_link_opens_in_lecture_mode(page, server_url):
    page.goto(f"{server_url}/overview?lecture=true")
    wait_rendered(page)
    toggle = page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox'] input").first
    assert toggle.is_checked()
    assert page.locator("[data-testid='stException']").count() == 0
