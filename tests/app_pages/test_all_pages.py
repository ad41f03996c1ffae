"""One smoke test per page, generated from ui.pages.PAGES, plus the entry point."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages.apptest import ROOT, TIMEOUT, run_page
from ui.pages import PAGES


def test_every_page_file_exists():
    for page in PAGES:
        assert (ROOT / page.path).is_file(), page.path


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_defaults_render(page):
    at = run_page(page.path)
    assert not at.exception, at.exception
    assert at.title, "each page opens with its title"


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_in_lecture_mode(page):
    at = run_page(page.path, lecture=True)
    assert not at.exception, at.exception


def test_entry_point_navigates_to_every_page():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.sidebar.toggle(key="lecture").value is False
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
