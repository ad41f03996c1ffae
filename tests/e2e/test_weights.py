"""The Weights page in a real browser: the iteration slider inside the Altair
chart scrubs the heatmaps without a single message to the server, and the CSV
download holds the whole history."""

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

# The scrubbable heatmaps: the one Vega chart with a bound input.
HEATMAPS = "[data-testid='stVegaLiteChart']:has(.vega-bindings input[type=range])"
TITLES = "svg text"  # panel titles read the slider: "W⁽¹⁾ and b⁽¹⁾ at step 300"


def step_titles(chart) -> list[str]:
    """The steps the heatmap panel titles show, one per panel."""
    texts = chart.locator(TITLES).all_text_contents()
    return [m.group(1) for t in texts for m in [re.search(r" at step (\d+)$", t)] if m]


def test_scrubbing_the_iteration_slider_stays_in_the_browser(page, server_url):
    open_page(page, f"{server_url}/weights")
    chart = page.locator(HEATMAPS)
    expect(chart).to_have_count(1)
    slider = chart.locator(".vega-bindings input[type=range]")
    expect(slider).to_have_value("300")  # opens on the last step
    assert slider.get_attribute("max") == "300"
    expect(chart.locator("svg text", has_text=" at step 300")).not_to_have_count(0)
    panels = len(step_titles(chart))
    assert panels >= 4 and step_titles(chart) == ["300"] * panels
    url = page.url
    before_png = chart.locator("svg.marks").screenshot()
    sent, runs, shown = len(page.ws_sent), server_runs(page), script_runs(page)
    assert "rerun_script" in page.ws_sent and runs >= 1  # the instruments see the first run

    # keyboard: focus the range input and jump to the first iteration
    slider.focus()
    page.keyboard.press("Home")
    expect(slider).to_have_value("0")
    expect(chart.locator(".vega-bind label > span:not(.vega-bind-name)")).to_have_text("0")
    expect(chart.locator("svg text", has_text=" at step 0")).to_have_count(panels)
    start_png = chart.locator("svg.marks").screenshot()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("5")
    expect(chart.locator("svg text", has_text=" at step 5")).to_have_count(panels)

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
    expect(chart.locator("svg text", has_text=f" at step {dragged}")).to_have_count(panels)
    middle_png = chart.locator("svg.marks").screenshot()

    # the heatmaps changed: constant init at step 0 differs from the trained weights
    assert len({before_png, start_png, middle_png}) == 3
    page.wait_for_timeout(1500)  # time for any (wrong) rerun to show up
    assert page.ws_sent[sent:] == []  # not one message to the server
    assert server_runs(page) == runs  # no script run on the server
    assert script_runs(page) == shown  # and the page never showed "running"
    assert page.url == url  # the browser-side slider is not a URL-bound widget
    assert_healthy(page)

    # control: a real widget change is seen by both instruments
    page.get_by_role("slider", name="Hidden width d⁽¹⁾").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]wts_width=3(&|$)"))
    assert "rerun_script" in page.ws_sent[sent:]
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
