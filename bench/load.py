"""A classroom's worth of load on one server.

Starts one ``streamlit run`` on 127.0.0.1, then opens N concurrent Chromium
sessions (default 30) spread over the pages; each waits for its page to
render, moves a slider one notch or flips a toggle (a real control change,
so the server reruns), and waits again. First one visitor opens every page,
so imports and default caches (paid once per server) are in the baseline.
Reports how many sessions rendered without error, p50/p95 time to first
render and to re-render, the server's CPU time, and its RSS at the warm
start, at peak and after the sessions close. Then loads ``--configs``
distinct configurations in a row (default 250: a different seed in the URL,
round-robin over five pages, 50 each, past the smaller cache bounds) and
prints RSS every 50, to show the caches are bounded.

Usage: ``python bench/load.py [--sessions 30] [--configs 250]``
Goals: 30 sessions, 0 errors, peak RSS <= 400 MB, <= 3 MB per extra session,
RSS back near its start after they close, no unbounded growth over configs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROME_ARGS, CHROMIUM, DONE, free_port, start_server, stop_server  # noqa: E402
from ui.pages import PAGES  # noqa: E402

MB = 1024 * 1024


def rss(proc: psutil.Process) -> float:
    """Resident memory of the server and its children, in MB."""
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / MB


class PeakSampler(threading.Thread):
    """Samples RSS every 100 ms in the background; keeps the maximum."""

    def __init__(self, proc: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.proc, self.peak, self.running = proc, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss(self.proc))
            time.sleep(0.1)


async def one_session(browser, url: str, results: list, hold: asyncio.Event) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    record = {"url": url, "ok": False, "first": None, "rerender": None, "error": ""}
    try:
        t0 = time.perf_counter()
        await page.goto(url, timeout=180_000)
        await page.wait_for_selector(DONE, timeout=180_000)
        record["first"] = time.perf_counter() - t0
        slider = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input").first
        toggle = page.locator("[data-testid='stMain'] [data-testid='stCheckbox'] input").first
        if await slider.count() or await toggle.count():
            t0 = time.perf_counter()
            if await slider.count():
                await slider.focus()
                await page.keyboard.press("ArrowRight")
            else:
                await toggle.click(force=True)
            await page.wait_for_timeout(200)
            await page.wait_for_selector(DONE, timeout=180_000)
            record["rerender"] = time.perf_counter() - t0
        exceptions = await page.locator("[data-testid='stException']").count()
        record["ok"] = exceptions == 0 and not errors
        record["error"] = f"{exceptions} exception boxes; {errors[:2]}" if not record["ok"] else ""
    except Exception as exc:  # a failed session is a result, not a crash of the bench
        record["error"] = f"{type(exc).__name__}: {exc}"[:200]
    results.append(record)
    await hold.wait()
    await context.close()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return (
        values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")
    )


async def warm_up(base: str) -> None:
    """One visitor opens every page once: imports and default-config caches,
    which a server pays once, not per session."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        page = await browser.new_page()
        for info in PAGES:
            await page.goto(f"{base}/{info.href}", timeout=180_000)
            await page.wait_for_selector(DONE, timeout=180_000)
        await browser.close()


async def classroom(base: str, sessions: int, proc: psutil.Process) -> None:
    from playwright.async_api import async_playwright

    urls = [f"{base}/{PAGES[i % len(PAGES)].href}" for i in range(sessions)]
    before = rss(proc)
    cpu0 = sum(proc.cpu_times()[:2])
    sampler = PeakSampler(proc)
    sampler.start()
    results: list = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        hold = asyncio.Event()
        tasks = [asyncio.create_task(one_session(browser, u, results, hold)) for u in urls]
        while len(results) < sessions:
            await asyncio.sleep(0.2)
        at_peak_sessions = rss(proc)
        hold.set()
        await asyncio.gather(*tasks)
        await browser.close()
    # Streamlit drops a closed session's state after its websocket closes.
    time.sleep(15)
    after = rss(proc)
    cpu = sum(proc.cpu_times()[:2]) - cpu0
    sampler.running = False
    sampler.join()
    ok = sum(r["ok"] for r in results)
    first = [r["first"] for r in results if r["first"] is not None]
    rer = [r["rerender"] for r in results if r["rerender"] is not None]
    print(f"sessions: {sessions}, rendered without error: {ok}, errors: {sessions - ok}")
    for r in results:
        if not r["ok"]:
            print(f"  error on {r['url']}: {r['error']}")
    print(f"time to first render: p50 {pct(first, 0.5):.2f} s, p95 {pct(first, 0.95):.2f} s")
    if rer:
        print(
            f"time to re-render after a control change: p50 {pct(rer, 0.5):.2f} s, "
            f"p95 {pct(rer, 0.95):.2f} s"
        )
    print(
        f"server CPU for the {sessions} sessions: {cpu:.1f} s ({cpu / sessions:.2f} s per "
        "session; the browsers share the same 2 cores, so render times are browser-bound)"
    )
    print(
        f"server RSS: warm start {before:.0f} MB, with {sessions} sessions open "
        f"{at_peak_sessions:.0f} MB, peak {sampler.peak:.0f} MB, "
        f"15 s after they close {after:.0f} MB"
    )
    print(f"per extra session: {(at_peak_sessions - before) / sessions:.2f} MB")


async def many_configs(base: str, count: int, proc: psutil.Process) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        context = await browser.new_context()
        page = await context.new_page()
        readings = []
        for k in range(count):
            info = PAGES[1 + k % (len(PAGES) - 1)]
            short = {
                "symmetry": "sym",
                "weights": "wts",
                "chain-rule": "cr",
                "gradient-descent": "gd",
                "logistic-vs-mlp": "lr",
            }.get(info.url_path, "")
            url = f"{base}/{info.url_path}?{short}_seed={k % 1000}"
            await page.goto(url, timeout=180_000)
            await page.wait_for_selector(DONE, timeout=180_000)
            if (k + 1) % 50 == 0:
                readings.append(rss(proc))
                print(f"  after {k + 1} configurations: RSS {readings[-1]:.0f} MB")
        await browser.close()
    if len(readings) >= 2:
        print(
            f"growth over the last {len(readings) - 1} x 50 configurations: "
            f"{readings[-1] - readings[0]:+.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--configs", type=int, default=250)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    proc = psutil.Process(server.pid)
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(2)
        print(f"server RSS at start: {rss(proc):.0f} MB")
        asyncio.run(warm_up(base))
        time.sleep(10)
        print(f"server RSS after one visitor opened every page: {rss(proc):.0f} MB")
        asyncio.run(classroom(base, args.sessions, proc))
        if args.configs:
            print(f"{args.configs} distinct configurations in a row:")
            asyncio.run(many_configs(base, args.configs, proc))
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
