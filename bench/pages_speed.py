"""Per page: cold first run and median warm rerun at defaults, through AppTest.

Usage: ``python bench/pages_speed.py [--repeats 7] [page ...]``

Cold = a fresh AppTest on a fresh process-wide cache (st.cache_data cleared):
everything the page computes and draws for a new configuration, but not the
one-off imports of numpy, pandas and altair that a server pays once.
Warm = a rerun of the same AppTest (what a slider move costs when the run it
needs is cached). Goals: warm <= 100 ms, cold <= 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.pages import PAGES  # noqa: E402


def measure(path: str, repeats: int) -> tuple[float, float, float]:
    """Return (cold seconds, median warm seconds, max warm seconds)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].message}")
    warm = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    return cold, statistics.median(warm), max(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", help="url paths (default: all)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    # Warm the interpreter once: a server imports numpy/pandas/altair when the
    # first session opens any page, not per session, so the first page
    # measured is not charged for them.
    AppTest.from_string("import altair, numpy, pandas, streamlit as st\nst.write('warm-up')").run()
    print(f"{'page':<22}{'cold s':>9}{'warm ms':>10}{'max ms':>9}  goal: cold<=1.5 s, warm<=100 ms")
    for page in PAGES:
        if args.pages and page.url_path not in args.pages:
            continue
        cold, warm, worst = measure(page.path, args.repeats)
        flag = "" if cold <= 1.5 and warm <= 0.1 else "  <-- over goal"
        print(f"{page.url_path:<22}{cold:>9.3f}{warm * 1e3:>10.1f}{worst * 1e3:>9.1f}{flag}")


if __name__ == "__main__":
    main()
