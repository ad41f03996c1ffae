"""Step-press latency in headless Chromium at 1280x720, per stepping page.

Usage: ``python bench/step_latency.py [--presses 12] [--lecture]``

Starts ``streamlit run`` on a free port, opens each stepping page, and for
each press of Step ▶ measures the time from the click to the end of the rerun
(``data-test-script-state`` goes to "running", then back to "notRunning",
then two animation frames). Prints the median and p90 over the presses, then
the result of ten presses 150 ms apart (how far the step moved in the URL and
on screen: 10 means no press was lost) and of one press right after load,
and the server's resident memory as the presses go on (it runs without
Streamlit's full garbage collection after every run, see .streamlit/config.toml).
The Worksheet's Next ▶ is timed the same way (the part on screen instead of
the step slider). Goal (issue: stepping keeps up with the lecturer): median
<= 300 ms, no lost press.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import (  # noqa: E402
    CHROME_ARGS,
    CHROMIUM,
    free_port,
    open_page,
    start_server,
    stop_server,
)
from tests.e2e.stepping import (  # noqa: E402
    rapid_presses,
    settle,
    slider_step,
    step_button,
    timed_click,
    timed_press,
    url_value,
)
from ui.worksheet.parts import PART_IDS  # noqa: E402

# (name, URL path and query at step 0, URL key of the shown step)
PAGES = (
    ("symmetry", "symmetry?sym_step=0&sym_steps=300", "sym_step"),
    ("chain rule 2a", "chain-rule?cr_example=2a&cr_n=5&cr_f=sum+of+squares&cr_step=0", "cr_step"),
    ("chain rule 2e", "chain-rule?cr_example=2e&cr_ed=3&cr_step=0", "cr_step"),
    ("chain rule 2e forward", "chain-rule?cr_example=2e&cr_ed=3&cr_mode=forward&cr_step=0",
     "cr_step"),
    ("gradient descent", "gradient-descent?gd_t=0", "gd_t"),
)  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb(pid: int) -> int | None:
    """Resident memory of process ``pid`` in MB (Linux; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def at_last_step(pg, key: str) -> bool:
    """True when the step slider shows its last step (Step ▶ would do nothing)."""
    return pg.evaluate(
        "sel => { const el = document.querySelector(sel); return !el || el.value === el.max; }",
        f".st-key-{key} input[type='range']",
    )


NEXT, BODY = ".st-key-ws_next button", ".st-key-ws_stage_body"  # the Worksheet's


def shown_part(pg) -> int:
    """Index (in PART_IDS) of the Worksheet part on screen (the stage's first word)."""
    text = pg.locator(BODY).inner_text().strip()
    return PART_IDS.index(text.split(" ")[0])


def worksheet_row(browser, base: str, presses: int, lecture: str) -> tuple:
    """The Worksheet's Next ▶ (a whole-page rerun: each part is another exercise),
    measured like a Step press: (name, times, URL moved, screen moved, first press)."""
    url = f"{base}worksheet?ws_part={PART_IDS[0]}{lecture}"
    pg = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    pg.goto(url, timeout=60_000)
    pg.wait_for_selector(NEXT, timeout=60_000)
    pg.click(NEXT)
    settle(pg)
    first = shown_part(pg)
    times = []
    while len(times) < presses:
        if len(times) % (len(PART_IDS) - 1) == 0:  # start over at the first part
            open_page(pg, url)
            settle(pg)
        want = PART_IDS[shown_part(pg) + 1]
        times.append(timed_click(pg, NEXT, BODY, want))
    open_page(pg, url)
    settle(pg)
    for _ in range(10):
        pg.click(NEXT, no_wait_after=True)
        pg.wait_for_timeout(150)
    settle(pg)
    in_url = PART_IDS.index(url_value(pg, "ws_part"))
    row = ("worksheet Next", times, in_url, shown_part(pg), first)
    pg.context.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=12)
    parser.add_argument("--lecture", action="store_true", help="open pages with lecture=true")
    parser.add_argument("pages", nargs="*", help="names to run (default: all)")
    args = parser.parse_args()
    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}/"
    rows, memory = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            for name, path, key in PAGES:
                if args.pages and name not in args.pages:
                    continue
                url = base + path + ("&lecture=true" if args.lecture else "")
                ctx = browser.new_context(viewport={"width": 1280, "height": 720})
                pg = ctx.new_page()
                # One press right after load: wait only until the button is there.
                pg.goto(url, timeout=60_000)
                pg.wait_for_selector(step_button(key), timeout=60_000)
                pg.click(step_button(key))
                settle(pg)
                first = slider_step(pg, key)
                memory.append(rss_mb(proc.pid))
                open_page(pg, url)
                settle(pg)
                times = []
                for _ in range(args.presses):
                    if at_last_step(pg, key):  # start over, so any number of presses works
                        open_page(pg, url)
                        settle(pg)
                    times.append(timed_press(pg, key))
                open_page(pg, url)
                url_moved, shown_moved = rapid_presses(pg, key)
                rows.append((name, times, url_moved, shown_moved, first))
                memory.append(rss_mb(proc.pid))
                ctx.close()
            if not args.pages or "worksheet Next" in args.pages:
                lecture = "&lecture=true" if args.lecture else ""
                rows.append(worksheet_row(browser, base, args.presses, lecture))
                memory.append(rss_mb(proc.pid))
            browser.close()
    finally:
        stop_server(proc)
    print(f"{'page':<24}{'median ms':>10}{'p90 ms':>9}{'max ms':>9}   10 presses 150 ms apart"
          "   first press after load")  # fmt: skip
    for name, times, url_moved, shown_moved, first in rows:
        lost = "" if url_moved == 10 == shown_moved else "  <-- presses lost"
        print(
            f"{name:<24}{statistics.median(times):>10.0f}{percentile(times, 0.9):>9.0f}"
            f"{max(times):>9.0f}   URL +{url_moved}, screen +{shown_moved}{lost:<20}"
            f"   step {first} (want 1)"
        )
    if memory and None not in memory:  # the server keeps no garbage between runs
        print(
            f"server memory (RSS): {memory[0]} MB after the first page loaded, "
            f"{memory[-1]} MB after every press, {max(memory)} MB at most"
        )


if __name__ == "__main__":
    main()
