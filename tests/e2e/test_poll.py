"""The class poll in a real Chromium: one host (the projector) and five phones.

The host starts a room in lecture mode; five students join by the link the
projector shows, vote, one changes her vote and one reloads; the projector's
count follows; Reveal reaches every phone with the answer and the distribution.
The host token is never in a student's page, nor in the host's address bar
after load (also when the host arrived by a host link).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from classroom import PollStore
from lessons.questions import QUESTIONS
from tests.e2e.conftest import RUN_COUNTER, assert_healthy, open_page, wait_rendered

pytestmark = pytest.mark.e2e

Q = "1a-deltas"  # A-D; the answer is B
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
FIRST = ["B", "B", "A", "C", "C"]
FINAL = ["B", "B", "A", "C", "B"]  # the fifth student changes C -> B before Reveal


SLOW = 90_000  # ms: six browsers on a small shared machine


def _open(pg, url: str) -> None:
    """open_page with more patience: the page's JS can take long to arrive under load."""
    pg.goto(url, wait_until="domcontentloaded", timeout=120_000)
    pg.wait_for_selector("[data-testid='stMain'] :is(h1, h3)", timeout=120_000)
    wait_rendered(pg, 120_000)


def _context(browser, viewport):
    ctx = browser.new_context(viewport=viewport)
    ctx.set_default_timeout(SLOW)
    ctx.add_init_script(RUN_COUNTER)
    return ctx


def _pages(browser, n):
    contexts = [_context(browser, PHONE) for _ in range(n)]
    pages = []
    for ctx in contexts:
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda exc, pg=pg: pg.errors.append(f"pageerror: {exc}"))
        pages.append(pg)
    return contexts, pages


def _option(pg, letter: str):
    return pg.locator(f".st-key-poll_opt_{'ABCDE'.index(letter)} button")


def _host_token(host) -> str:
    """Ask for the host link (Settings, lecture mode) and read the token out of it."""
    host.get_by_text("Settings").click()
    host.get_by_role("button", name="Host link for another device").click()
    wait_rendered(host)
    code_text = host.locator("[data-testid='stCode']").inner_text()
    match = re.search(r"[?&]host=([A-Za-z0-9_-]+)", code_text)
    assert match, code_text
    host.get_by_role("button", name="Hide the host link").click()
    wait_rendered(host)
    return match.group(1)


def test_one_host_and_five_students(browser, server_url):
    host_ctx = _context(browser, PROJECTOR)
    host = host_ctx.new_page()
    contexts, phones = _pages(browser, 5)
    try:
        _open(host, f"{server_url}/poll?lecture=true&poll_q={Q}")
        host.get_by_role("button", name="Start a room with this question").click()
        code_box = host.locator(".st-key-poll_code")
        expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=SLOW)
        code = code_box.inner_text().strip()
        link = host.locator(".st-key-poll_join_link").inner_text().strip()
        assert link.endswith(f"/poll?room={code}"), link
        expect(host.locator(".st-key-stage img")).to_have_count(1, timeout=SLOW)  # the QR code
        token = _host_token(host)
        assert len(token) >= 22 and token not in host.url and "host=" not in host.url

        for pg in phones:  # join by the link on the projector, all at once
            pg.goto("http://" + link, wait_until="commit", timeout=120_000)
        for pg in phones:
            expect(_option(pg, "A")).to_be_visible(timeout=240_000)
            assert "voter=" in pg.url
        for pg, letter in zip(phones, FIRST, strict=True):
            _option(pg, letter).click()
        for pg, letter in zip(phones, FIRST, strict=True):
            expect(pg.get_by_text(f"Your vote is in: {letter}.")).to_be_visible(timeout=SLOW)
        _option(phones[4], "B").click()  # changes her mind before Reveal
        expect(phones[4].get_by_text("Your vote is in: B.")).to_be_visible(timeout=SLOW)

        phones[3].reload(wait_until="commit")  # a reload keeps the voter id and the vote
        expect(phones[3].get_by_text("Your vote is in: C.")).to_be_visible(timeout=240_000)
        expect(_option(phones[3], "C")).to_have_attribute("data-testid", "stBaseButton-primary")

        voters = host.locator(".st-key-poll_voters [data-testid='stMetricValue']")
        expect(voters).to_have_text("5", timeout=SLOW)  # the projector's live count (1 s refresh)
        store = PollStore()  # the server's default SQLite file under the temp folder
        options = QUESTIONS[Q].options
        counts = [FINAL.count(letter) for letter in "ABCD"]
        assert store.tally(code, Q) == dict(zip(options, counts, strict=True))
        store.dispose()

        wait_rendered(host, 120_000)
        host.get_by_role("button", name="Reveal", exact=True).click()
        wait_rendered(host)
        expect(host.locator("[data-testid='stAlertContentSuccess']")).to_contain_text(
            "Answer: B. At the S nodes, output layer first"
        )
        expect(host.get_by_text("See it on Overview")).to_be_visible(timeout=SLOW)
        for pg, letter in zip(phones, FINAL, strict=True):  # each phone refreshes itself
            expect(pg.get_by_text("Answer: B.")).to_be_visible(timeout=SLOW)
            verdict = "right ✓" if letter == "B" else "not this time"
            expect(pg.get_by_text(f"You chose {letter}: {verdict}.")).to_be_visible(timeout=SLOW)
            expect(pg.locator("[data-testid='stVegaLiteChart']")).to_have_count(1, timeout=SLOW)
            expect(_option(pg, "A")).to_have_count(0)  # voting is closed
        for pg in phones:
            assert token not in pg.content() and token not in pg.url
            widths = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], widths
            assert pg.locator("[data-testid='stException']").count() == 0
            assert [e for e in pg.errors if "net::ERR_" not in e] == []
        assert token not in host.url
        assert host.locator("[data-testid='stException']").count() == 0

        # A host link opens the host view on another device and leaves the address bar.
        other = _context(browser, PROJECTOR)
        try:
            pg = other.new_page()
            _open(pg, f"{server_url}/poll?room={code}&host={token}")
            expect(pg.locator(".st-key-poll_code")).to_have_text(code)
            assert "host=" not in pg.url and token not in pg.url, pg.url
        finally:
            other.close()
    finally:
        for ctx in [host_ctx, *contexts]:
            ctx.close()


def test_projector_stage_fits_with_a_revealed_second_round(page, server_url):
    """Worst case on a 1280x720 projector: longest prompt, two rounds, revealed."""
    store = PollStore()
    room = store.create_room()
    qid = "1f-nudge"
    store.open_question(room.code, room.host_token, qid)
    store.revote(room.code, room.host_token, qid)
    store.reveal(room.code, room.host_token, qid)
    store.dispose()
    page.set_viewport_size(PROJECTOR)
    open_page(page, f"{server_url}/poll?room={room.code}&host={room.host_token}&lecture=true")
    assert "host=" not in page.url
    box = page.locator(".st-key-stage").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720 + 1, box
    assert box["height"] >= 0.55 * 720, box
    assert_healthy(page)
