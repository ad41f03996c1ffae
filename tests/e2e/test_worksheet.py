"""The Worksheet page in a real browser: a typed answer gets its verdict (wrong, then
right), hints come one at a time, the solution shows with numbers, and the part and
the progress land in the URL."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_healthy, open_page, server_runs, wait_for_rerun
from tests.e2e.stepping import settle
from ui.worksheet.parts import PART_IDS

pytestmark = pytest.mark.e2e

STAGE = ".st-key-stage"
RIGHT_2C_W = "2 * (sum(σ(W @ x + b)) - y) * σ(W @ x + b) * (1 - σ(W @ x + b)) @ x.T"
WRONG_2C_W = "2 * (sum(σ(W @ x + b)) - y) * σ(W @ x + b) @ x.T"


def _box(pg, ex_id: str):
    return pg.locator(f".st-key-ws_in_{ex_id} input")


def _submit(pg, ex_id: str, text: str, enter: bool) -> float:
    """Type ``text`` into the exercise's box, send it (Enter or Check), return the seconds
    until the page has rerun."""
    _box(pg, ex_id).fill(text)
    runs = server_runs(pg)
    start = time.perf_counter()
    if enter:
        _box(pg, ex_id).press("Enter")
    else:
        pg.locator(f".st-key-ws_check_{ex_id} button").click()
    wait_for_rerun(pg, runs)
    return time.perf_counter() - start


def test_a_wrong_then_a_right_answer_get_their_verdicts(page, server_url):
    open_page(page, f"{server_url}/worksheet?ws_part=2c")
    stage = page.locator(STAGE)
    expect(stage).to_contain_text("2c · the gradient with φ = σ")

    took = _submit(page, "2c-W", WRONG_2C_W, enter=True)
    error = stage.locator("[data-testid='stAlertContentError']")
    expect(error).to_contain_text("the derivative of σ is missing")
    expect(stage).to_contain_text("Read as (using W, b, x, y):")
    expect(stage.locator(".katex-display").first).to_be_visible()  # the answer as read
    print(f"wrong answer: rerun done {took * 1000:.0f} ms after Enter")

    took = _submit(page, "2c-W", RIGHT_2C_W, enter=False)
    expect(stage.locator("[data-testid='stAlertContentSuccess']")).to_contain_text(
        "Right! It matches the answer at every test point."
    )
    expect(error).to_have_count(0)
    print(f"right answer: rerun done {took * 1000:.0f} ms after Check")
    assert_healthy(page)


def test_hints_one_at_a_time_then_the_solution_with_numbers(page, server_url):
    open_page(page, f"{server_url}/worksheet?ws_part=2a")
    stage = page.locator(STAGE)
    hints = stage.locator("[data-testid='stAlertContentInfo']")
    expect(hints).to_have_count(0)
    for shown, words in ((1, "reaches f along three paths"), (2, "for every i")):
        runs = server_runs(page)
        stage.get_by_role("button", name=f"Hint {shown}/3").click()
        wait_for_rerun(page, runs)
        expect(hints).to_contain_text(words)
    expect(hints).not_to_contain_text("tanh(w)")  # the third hint is still hidden
    expect(stage.get_by_role("button", name="Hint 3/3")).to_be_visible()

    runs = server_runs(page)
    stage.get_by_role("button", name="Show solution").click()
    wait_for_rerun(page, runs)
    solution = page.locator(".st-key-ws_solution_2a-sum")
    expect(solution).to_contain_text("With numbers (random instance 0)")
    expect(solution.locator(".katex-display")).to_have_count(3)  # formula, w, df/dw
    expect(solution.locator("[data-testid='stCode']")).to_contain_text("2*w + exp(w)")

    runs = server_runs(page)
    solution.get_by_role("button", name="New numbers").click()
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]ws_seed=1(&|$)"))
    expect(solution).to_contain_text("random instance 1")
    assert_healthy(page)


def test_the_tab_stays_put_and_progress_lands_in_the_url(page, server_url):
    open_page(page, f"{server_url}/worksheet?ws_part=2e")
    page.get_by_role("tab", name="∂ℓ/∂W2").click()
    _submit(page, "2e-W2", "(W2 @ tanh(W1 @ x + b) - y) @ tanh(W1 @ x + b).T", enter=True)
    panel = page.locator(".st-key-ws_in_2e-W2")
    expect(panel).to_be_visible()
    page.get_by_role("tab", name="∂ℓ/∂W1").click()
    _submit(page, "2e-W1", "W2 @ x", enter=True)
    expect(page.locator(".st-key-ws_in_2e-W1")).to_be_visible()  # still on this tab
    expect(page.locator(STAGE).get_by_text("Your answer came out d×1")).to_be_visible()

    open_page(page, f"{server_url}/worksheet?ws_part=1d")
    page.get_by_text("In general no: they depend on the targets y_j").click()
    runs = server_runs(page)
    page.locator(".st-key-ws_qcheck_1d-output button").click()
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]ws_done=1d(&|$)"))
    expect(page.locator(STAGE)).to_contain_text("1d · the output deltas ✓")

    runs = server_runs(page)
    page.get_by_role("button", name="Next ▶").click()
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]ws_part=1e(&|$)"))
    bookmark = page.url
    open_page(page, bookmark)
    expect(page.get_by_text("1 of 14 parts done")).to_be_visible()
    expect(page.locator(STAGE)).to_contain_text("1e · one gradient step")
    assert_healthy(page)


def test_clicker_keys_walk_the_parts_in_lecture_mode_but_not_while_typing(page, server_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/worksheet?lecture=true&ws_part=1b")
    runs = server_runs(page)
    page.keyboard.press("PageDown")
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]ws_part=1c(&|$)"))
    runs = server_runs(page)
    page.keyboard.press("PageUp")
    wait_for_rerun(page, runs)
    expect(page).to_have_url(re.compile(r"[?&]ws_part=1b(&|$)"))
    _box(page, "1b-x").click()
    page.keyboard.type("a * x")
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(1000)
    expect(page).to_have_url(re.compile(r"[?&]ws_part=1b(&|$)"))
    expect(_box(page, "1b-x")).to_have_value("a * x")
    assert_healthy(page)


def test_ten_rapid_next_presses_walk_ten_parts(page, server_url):
    """A lecturer's clicker: ten presses 150 ms apart move exactly ten parts on."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{server_url}/worksheet?lecture=true")
    settle(page)
    for _ in range(10):
        page.click(".st-key-ws_next button", no_wait_after=True)
        page.wait_for_timeout(150)
    settle(page)
    expect(page).to_have_url(re.compile(rf"[?&]ws_part={PART_IDS[10]}(&|$)"))
    assert_healthy(page)
