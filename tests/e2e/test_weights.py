"""The Weights page in a real browser: the iteration slider inside the stage chart scrubs
the heatmaps and the unit maps without a single message to the server, the key P plays
and stops, the stage fits a projector and a phone, and the CSV download holds the whole
history."""

import csv
import io
import math
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_healthy,
    open_page,
    script_runs,
    server_runs,
    wait_for_rerun,
    wait_rendered,
)

pytestmark = pytest.mark.e2e

# The stage: the one Vega chart with a bound input, inside st.container(key="stage").
STAGE = ".st-key-stage"
HEATMAPS = f"{STAGE} [data-testid='stVegaLiteChart']:has(.vega-bindings input[type=range])"


def step_texts(chart) -> list[str]:
    """The steps the chart's texts show: each run's title ("… · step 300") and each row of
    unit maps ("1 of 4 maps of layer 1 distinct at step 300")."""
    texts = chart.locator("svg text").all_text_contents()
    return [m.group(1) for t in texts for m in [re.search(r"step (\d+)$", t)] if m]


def test_scrubbing_the_iteration_slider_stays_in_the_browser(page, server_url):
    open_page(page, f"{server_url}/weights")
    chart = page.locator(HEATMAPS)
    expect(chart).to_have_count(1)
    slider = chart.locator(".vega-bindings input[type=range]")
    expect(slider).to_have_value("300")  # opens on the last step
    assert slider.get_attribute("max") == "300"
    expect(chart.locator("svg text", has_text="step 300")).not_to_have_count(0)
    shown = step_texts(chart)
    assert len(shown) >= 4 and shown == ["300"] * len(shown)  # 2 runs + 2 rows of unit maps
    texts = " ".join(chart.locator("svg text").all_text_contents())
    assert "1 of 4 maps of layer 1 distinct" in texts  # constant init: clones
    assert "4 of 4 maps of layer 1 distinct" in texts  # random init: four features
    url = page.url
    before_png = chart.locator("svg.marks").screenshot()
    sent, runs, drawn = len(page.ws_sent), server_runs(page), script_runs(page)
    assert "rerun_script" in page.ws_sent and runs >= 1  # the instruments see the first run

    # keyboard: focus the range input and jump to the first iteration
    slider.focus()
    page.keyboard.press("Home")
    expect(slider).to_have_value("0")
    expect(chart.locator("svg text", has_text=re.compile(r"step 0$"))).to_have_count(len(shown))
    start_png = chart.locator("svg.marks").screenshot()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("5")
    expect(chart.locator("svg text", has_text=re.compile(r" · step 5$"))).to_have_count(2)

    # mouse: drag the thumb from the right end to the middle of the track
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] - 2, y)
    page.mouse.down()
    for frac in (0.8, 0.65, 0.5):
        page.mouse.move(box["x"] + box["width"] * frac, y, steps=4)
    page.mouse.up()
    dragged = int(slider.input_value())
    assert 100 <= dragged <= 200, dragged
    expect(chart.locator("svg text", has_text=f" · step {dragged}")).to_have_count(2)
    middle_png = chart.locator("svg.marks").screenshot()

    # the heatmaps and maps changed: constant init at step 0 differs from the trained weights
    assert len({before_png, start_png, middle_png}) == 3
    page.wait_for_timeout(1500)  # time for any (wrong) rerun to show up
    assert page.ws_sent[sent:] == []  # not one message to the server
    assert server_runs(page) == runs  # no script run on the server
    assert script_runs(page) == drawn  # and the page never showed "running"
    assert page.url == url  # the browser-side slider is not a URL-bound widget
    assert_healthy(page)

    # control: a real widget change is seen by both instruments
    page.get_by_role("slider", name="Hidden width d⁽¹⁾").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]wts_width=3(&|$)"))
    assert "rerun_script" in page.ws_sent[sent:]
    assert_healthy(page)


def test_key_p_plays_and_stops(page, server_url):
    open_page(page, f"{server_url}/weights?wts_steps=40&lecture=true")
    expect(page.get_by_text("Keyboard / clicker: P = play / stop")).to_be_visible()
    page.mouse.click(5, 300)  # focus the page, not a widget
    page.keyboard.press("p")
    stop = page.get_by_role("button", name=re.compile("Stop"))
    expect(stop).to_be_visible()
    expect(page.locator(f"{STAGE} .vega-bindings input")).to_have_count(0)  # server frames
    frame = page.locator("[data-testid='stMarkdown']", has_text=re.compile(r"^Iteration")).last
    first = frame.inner_text()
    expect(frame).not_to_have_text(first)  # the frames move on by themselves
    page.mouse.click(5, 300)
    page.keyboard.press("p")
    expect(page.locator(HEATMAPS)).to_have_count(1)  # the browser slider is back
    wait_rendered(page)
    assert_healthy(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_lecture_stage_fits_the_screen_and_fills_its_width(page, server_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, f"{server_url}/weights?lecture=true")
    page.wait_for_timeout(500)
    stage = page.locator(STAGE).bounding_box()
    assert stage["y"] >= 0 and stage["y"] + stage["height"] <= height
    assert stage["height"] >= 0.55 * height
    chart = page.locator(f"{STAGE} svg.marks").bounding_box()
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert chart["width"] >= 0.8 * (main["width"] - 2 * 60)  # not an island in white space
    sizes = page.evaluate(
        """() => { const s = document.querySelector('.st-key-stage svg.marks');
        const k = s.getBoundingClientRect().width / parseFloat(s.getAttribute('width'));
        return [...s.querySelectorAll('text')].filter(t => t.textContent.trim())
          .map(t => parseFloat(getComputedStyle(t).fontSize) * k); }"""
    )
    assert min(sizes) >= 15.5, min(sizes)  # readable from the back row
    assert_healthy(page)


def test_phone_has_no_sideways_scroll(page, server_url):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{server_url}/weights")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart = page.locator(f"{STAGE} svg.marks").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    assert_healthy(page)


def test_csv_download_holds_the_whole_history(page, server_url):
    steps = 40
    open_page(page, f"{server_url}/weights?wts_steps={steps}&wts_seed=7&wts_width=3")
    expect(page.get_by_role("spinbutton", name="Steps")).to_have_value(str(steps))
    button = page.get_by_role("button", name=re.compile(r"^⬇ constant a=0\.5 · CSV"))
    expect(button).to_be_visible()
    label = re.search(r"CSV, ([\d,]+) rows", button.inner_text())
    rows_shown = int(label.group(1).replace(",", ""))

    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert re.fullmatch(r"weights_constant_xor_2-3-1\.csv", download.suggested_filename)
    text = open(download.path(), encoding="utf-8").read()

    lines = text.splitlines()
    assert lines[0] == "step,layer,kind,i,j,value"  # ui.weights.runs.history_csv's columns
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) > 0
    assert len(rows) == rows_shown  # the button's label says how many
    steps_seen = sorted({int(r["step"]) for r in rows})
    assert steps_seen == list(range(steps + 1))  # every step, 0 to the configured number
    assert {r["kind"] for r in rows} == {"W", "b", "dW", "db"}
    assert {int(r["layer"]) for r in rows} == {1, 2}
    weights = [float(r["value"]) for r in rows if r["kind"] == "W"]
    # 2-3-1 network: 2*3 + 3*1 weights per recorded step
    assert len(weights) == (steps + 1) * (2 * 3 + 3 * 1)
    assert all(math.isfinite(w) for w in weights)
    # constant init a = 0.5: every weight starts at 0.5
    assert {float(r["value"]) for r in rows if r["kind"] == "W" and r["step"] == "0"} == {0.5}
    wait_rendered(page)
    assert_healthy(page)


def test_a_link_to_a_missing_trajectory_layer_is_corrected_in_the_address_bar(page, server_url):
    open_page(page, f"{server_url}/weights?wts_depth=1&wts_tl=3&wts_steps=20")
    expect(page.locator("[data-testid='stCaptionContainer']", has_text="wts_tl=3")).to_contain_text(
        "showing layer 2"
    )
    expect(page).to_have_url(re.compile(r"[?&]wts_tl=2(&|$)"))
    assert_healthy(page)
