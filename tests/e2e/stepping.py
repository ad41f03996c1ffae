"""Press a page's Step button in Chromium and time it (shared by tests and bench/).

A press is timed from the click until the screen shows the next step (the
step slider's value) with the app idle again (``data-test-script-state`` is
"notRunning"), plus two animation frames, so the browser has painted the
result. Waiting for "notRunning" alone could return before the rerun started;
waiting for the new value cannot.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

APP = "[data-testid='stApp']"

# Click, then resolve with the milliseconds until what is on screen reads
# ``want`` and the app is idle again, plus two animation frames. What is on
# screen: an input's value (a step slider), else the element's first word (the
# Worksheet's part). A very short rerun can be folded by React into one update,
# so "running" is not required when the new step is already on screen.
_TIMED_CLICK = """
([button, shown, want, timeout]) => new Promise((resolve) => {
  const app = document.querySelector("[data-testid='stApp']");
  const el = document.querySelector(button);
  if (!el) { resolve(-1); return; }
  const t0 = performance.now();
  const read = (s) => s.value !== undefined ? s.value : s.innerText.trim().split(' ')[0];
  const check = () => {
    const s = document.querySelector(shown);
    const idle = app.getAttribute('data-test-script-state') === 'notRunning';
    if (s && read(s) === want && idle) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      return;
    }
    if (performance.now() - t0 > timeout) { resolve(-2); return; }
    setTimeout(check, 5);
  };
  el.click();
  setTimeout(check, 5);
})
"""


def step_button(step_key: str) -> str:
    """CSS selector of the Step ▶ button of the step field ``step_key``."""
    return f".st-key-{step_key}_next button"


def url_value(pg, key: str) -> str | None:
    """The value of ``key`` in the address bar (None when absent)."""
    values = parse_qs(urlparse(pg.url).query).get(key)
    return values[-1] if values else None


def url_step(pg, step_key: str) -> int | None:
    """The shown step as the address bar holds it (None when absent)."""
    value = url_value(pg, step_key)
    return None if value is None else int(value)


def slider_step(pg, step_key: str) -> int | None:
    """The shown step as the slider on screen shows it."""
    value = pg.evaluate(
        "sel => { const el = document.querySelector(sel); return el ? el.value : null; }",
        f".st-key-{step_key} input[type='range']",
    )
    return int(value) if value is not None else None


def timed_click(pg, button: str, shown: str, want: str, timeout_ms: int = 20_000) -> float:
    """Click ``button``; milliseconds until ``shown`` reads ``want`` and the rerun ended.

    ``shown`` is a selector: an input (its value) or an element (its first word).
    """
    ms = pg.evaluate(_TIMED_CLICK, [button, shown, want, timeout_ms])
    if ms < 0:
        raise AssertionError(
            f"Click on {button} failed ({'no button' if ms == -1 else 'timeout'}), "
            f"{shown} never read {want!r}"
        )
    return float(ms)


def timed_press(pg, step_key: str, timeout_ms: int = 20_000) -> float:
    """Press Step once; milliseconds until the next step is on screen and the rerun ended."""
    want = slider_step(pg, step_key) + 1
    slider = f".st-key-{step_key} input[type='range']"
    return timed_click(pg, step_button(step_key), slider, str(want), timeout_ms)


def settle(pg, quiet_ms: int = 1500, timeout_ms: int = 30_000) -> None:
    """Wait until the app has been idle ("notRunning") for ``quiet_ms`` in a row."""
    pg.evaluate("() => { window.__busyAt = performance.now(); }")  # count from now
    pg.wait_for_function(
        """([quiet]) => {
          const app = document.querySelector("[data-testid='stApp']");
          const now = performance.now();
          if (app.getAttribute('data-test-script-state') !== 'notRunning') {
            window.__busyAt = now; return false;
          }
          if (window.__busyAt === undefined) window.__busyAt = now;
          return now - window.__busyAt >= quiet;
        }""",
        arg=[quiet_ms],
        timeout=timeout_ms,
        polling=100,
    )


def rapid_presses(pg, step_key: str, n: int = 10, gap_ms: int = 150) -> tuple[int, int]:
    """Press Step ``n`` times ``gap_ms`` apart; return (steps advanced in the URL, on screen)."""
    settle(pg)
    url0, shown0 = url_step(pg, step_key), slider_step(pg, step_key)
    selector = step_button(step_key)
    for _ in range(n):
        pg.click(selector, no_wait_after=True)
        pg.wait_for_timeout(gap_ms)
    settle(pg)
    return url_step(pg, step_key) - (url0 or 0), slider_step(pg, step_key) - shown0
