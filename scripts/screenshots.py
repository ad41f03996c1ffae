"""Screenshots of every page for docs/screenshots (start the app first).

Usage::

    streamlit run streamlit_app.py --server.port 8501 &
    python scripts/screenshots.py [--base http://127.0.0.1:8501] [page ...]

Per page: ``<page>-lecture.png`` (1280x720, lecture mode: what the projector
shows), ``<page>.png`` (1400 wide laptop, the whole page) and
``<page>-phone.png`` (390x844, the first screen).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROME_ARGS, CHROMIUM, open_page, screenshot  # noqa: E402
from ui.pages import PAGES  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8501")
    parser.add_argument("pages", nargs="*", help="url paths (default: all)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        for info in PAGES:
            if args.pages and info.url_path not in args.pages:
                continue
            url = f"{args.base}/{info.href}"
            for suffix, size, query, full in (
                ("-lecture", (1280, 720), "?lecture=true", False),
                ("", (1400, 900), "", True),
                ("-phone", (390, 844), "", False),
            ):
                ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
                pg = ctx.new_page()
                open_page(pg, url + query)
                pg.wait_for_timeout(1200)
                path = OUT / f"{info.url_path}{suffix}.png"
                if full:
                    import os

                    os.environ["E2E_ARTIFACTS"] = str(OUT)
                    shot = screenshot(pg, f"{info.url_path}{suffix}")
                    if shot != path:
                        shot.replace(path)
                else:
                    pg.screenshot(path=str(path))
                print(path.relative_to(ROOT))
                ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
