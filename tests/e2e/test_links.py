"""Shared links in a real browser: a URL with several parameters reopens that
exact view (widgets and lecture mode), and a mangled one opens with the
link-problem notice and defaults, never an exception."""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page

pytestmark = pytest.mark.e2e

NOTICE = "[data-testid='stCaptionContainer']:has-text('Link problem:')"
PROSE = "Start every weight at the same constant"  # Symmetry's intro, hidden in lecture mode


def slider(pg, label: str):
    """The range input of the slider labelled exactly ``label``."""
    return pg.locator(f'input[type=range][aria-label="{label}"]')


def value_text(pg, label: str) -> str:
    """What a slider shows (aria-valuetext: the option of a select_slider)."""
    return slider(pg, label).get_attribute("aria-valuetext")


def test_shared_symmetry_link_reopens_the_view(page, server_url):
    params = {
        "sym_init": "constant a with noise ε",  # a choice is written as its shown label
        "sym_act": "tanh",
        "sym_lr": "0.25",
        "sym_steps": "120",
        "sym_d1": "6",
        "sym_eps": "0.001",
        "sym_n": "4",
        "sym_seed": "42",
        "sym_bias": "true",
        "sym_step": "7",
        "lecture": "true",
    }
    open_page(page, f"{server_url}/symmetry?{urlencode(params)}")
    # lecture mode: every control but the stepper waits in the collapsed Settings panel
    page.get_by_text("Settings", exact=True).click()

    expect(slider(page, "Hidden units d⁽¹⁾")).to_have_value("6")
    expect(slider(page, "Steps")).to_have_value("120")
    expect(slider(page, "Show step")).to_have_value("7")
    assert slider(page, "Show step").get_attribute("max") == "120"
    assert value_text(page, "Noise ε") == "0.001"
    assert value_text(page, "Examples n") == "4"
    assert value_text(page, "Inputs d⁽⁰⁾") == "3"  # not in the link: its default
    expect(page.get_by_role("spinbutton", name="Learning rate η")).to_have_value("0.25")
    expect(page.get_by_role("spinbutton", name="Seed")).to_have_value("42")
    expect(page.get_by_role("combobox", name="Initialisation")).to_have_value(
        "constant a with noise ε"
    )
    expect(page.get_by_role("combobox", name="Hidden activation g")).to_have_value("tanh")
    expect(page.get_by_role("switch", name="Biases b⁽ˡ⁾")).to_be_checked()
    assert page.get_by_role("switch", name="Lecture mode").is_checked()  # sidebar closed
    expect(page.get_by_text(PROSE)).to_have_count(0)  # lecture mode hides the prose

    # the page computed with those values, and the link is still the same link
    shown = page.locator("[data-testid='stMetric']", has_text="Shown step")
    expect(shown.locator("[data-testid='stMetricValue']")).to_have_text("7 of 120")
    expect(page.get_by_text("of example 1 (of 4)")).to_have_count(1)
    kept = {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert kept == params
    expect(page.locator(NOTICE)).to_have_count(0)
    assert_healthy(page)


def test_default_symmetry_link_is_not_in_lecture_mode(page, server_url):
    open_page(page, f"{server_url}/symmetry")
    expect(page.get_by_role("switch", name="Lecture mode")).not_to_be_checked()
    expect(page.get_by_text(PROSE)).to_have_count(1)


GARBAGE = {
    "symmetry": (
        "sym_lr=NaN&sym_d1=1e999&sym_act=softmax&sym_steps=-5&sym_eps=2",
        ["sym_lr", "sym_d1", "sym_act", "sym_steps", "sym_eps"],
        lambda pg: expect(slider(pg, "Hidden units d⁽¹⁾")).to_have_value("4"),
    ),
    "weights": (
        "wts_steps=1e999&wts_init_a=bogus&wts_lr=-inf&wts_depth=7",
        ["wts_steps", "wts_init_a", "wts_lr", "wts_depth"],
        lambda pg: expect(pg.get_by_role("spinbutton", name="Steps")).to_have_value("300"),
    ),
    "chain-rule": (
        "cr_example=own+formula&cr_seed=1e999&cr_maxel=NaN&cr_formula=" + "x" * 2100,
        ["cr_seed", "cr_maxel", "cr_formula"],
        lambda pg: expect(pg.get_by_role("spinbutton", name="Seed")).to_have_value("0"),
    ),
}


@pytest.mark.parametrize("path", list(GARBAGE))
def test_garbage_link_opens_with_a_notice_and_defaults(page, server_url, path):
    query, keys, check_default = GARBAGE[path]
    open_page(page, f"{server_url}/{path}?{query}")
    notice = page.locator(NOTICE)
    expect(notice).to_have_count(1)
    for key in keys:
        expect(notice).to_contain_text(f"URL value {key}=")
    check_default(page)
    for key in keys:  # the bad values left the URL
        assert not re.search(rf"[?&]{key}=", page.url), (key, page.url)
    assert page.locator("[data-testid='stMain'] h1").count() == 1
    assert_healthy(page)
