"""Screenshot a running Backprop Lab page in headless Debian Chromium.

Usage::

    python scripts/screenshot.py URL OUT.png [--width 1400] [--height 900] [--full]

Waits until Streamlit says the script finished, then a moment for charts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.conftest import CHROME_ARGS as ARGS  # noqa: E402
from tests.e2e.conftest import CHROMIUM, DONE  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="capture the whole page")
    parser.add_argument("--wait", type=float, default=1.5, help="seconds after render")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.url, timeout=60_000)
        page.wait_for_selector(DONE, timeout=60_000)
        page.wait_for_timeout(int(args.wait * 1000))
        page.wait_for_selector(DONE, timeout=60_000)
        if args.full:
            # Streamlit scrolls inside its own container, so a "full page"
            # screenshot needs a viewport as tall as that container's content.
            height = page.evaluate(
                "() => Math.max(...[...document.querySelectorAll("
                "'[data-testid=stMain], [data-testid=stAppViewContainer], section')]"
                ".map(e => e.scrollHeight), window.innerHeight)"
            )
            page.set_viewport_size({"width": args.width, "height": min(int(height), 12000)})
            page.wait_for_timeout(800)
        page.screenshot(path=args.out)
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
