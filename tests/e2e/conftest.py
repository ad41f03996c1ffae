"""Browser-test fixtures: one streamlit server per session, Debian Chromium.

The server runs ``streamlit run streamlit_app.py`` on 127.0.0.1 on a free
port; tests wait until Streamlit marks the script as finished *and* the
browser has drawn every element (Streamlit shows skeletons while it loads the
code of a widget or chart). Screenshots go to ``$E2E_ARTIFACTS`` (default
``tests/e2e/artifacts``). Without /usr/bin/chromium the tests skip, except
under CI (CI=true) where that is a failure: .ci/run installs it.

Every ``page`` records, from before its first request:

- ``pg.errors``: console errors (with the URL they came from) and page errors;
  :func:`app_errors` drops the benign ones;
- ``pg.ws_sent``: the type of every websocket message the browser sent to the
  server (Streamlit's BackMsg protobuf, e.g. "rerun_script"), so a test can
  prove an interaction stayed in the browser;
- ``pg.ws_received``: a count per type of the messages the server sent
  (ForwardMsg: "new_session" starts a script run, "script_finished" ends
  one); :func:`server_runs` and :func:`wait_for_rerun` read it;
- ``window.__stRuns``: how many times the page showed the "running" state
  (a MutationObserver on ``data-test-script-state``), read with
  :func:`script_runs`. React may fold a very short run into one update, so
  this can miss a run; the websocket counts cannot.

Playwright's ``expect`` waits up to 20 s here (a rerun of a heavy page takes
a few seconds of browser rendering on a small machine).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", ROOT / "tests" / "e2e" / "artifacts"))
APP = "[data-testid='stApp']"
DONE = f"{APP}[data-test-script-state='notRunning']"
# Placeholders Streamlit draws while a widget's or chart's code is still loading.
SKELETON = "[data-testid='stSkeleton']"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Console noise that is not the app's fault. The sandbox has no network, so
# anything Chromium tries to fetch from outside fails (net::ERR_...), and the
# Streamlit client probes for its base path on a deep link (/symmetry/_stcore/
# health and host-config answer 404 before it tries /_stcore/...).
BENIGN = ("net::ERR_", "favicon", "/_stcore/health", "/_stcore/host-config")

expect.set_options(timeout=20_000)

# Counts the app's script runs as the DOM shows them (installed before any page script).
RUN_COUNTER = """
(() => {
  window.__stRuns = 0;
  window.__stStates = [];
  const seen = (el) => {
    const s = el.getAttribute('data-test-script-state');
    window.__stStates.push(s);
    if (s === 'running') window.__stRuns += 1;
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.getAttribute && r.target.getAttribute('data-testid') === 'stApp') seen(r.target);
    }
  });
  const start = () => observer.observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ['data-test-script-state'],
  });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """Start ``streamlit run streamlit_app.py`` and wait for its health check."""
    cmd = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    proc.log = log
    deadline = time.time() + 60
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server_log(proc)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (loopback)
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def server_log(proc: subprocess.Popen) -> str:
    """Everything the server printed so far."""
    proc.log.seek(0)
    return proc.log.read().decode(errors="replace")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    proc.log.close()


@pytest.fixture(scope="session")
def server(request):
    """The streamlit server process (one for the whole session)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing: .ci/run should have installed chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    for stale in ARTIFACTS.glob("failed-*"):  # from an earlier session
        stale.unlink()
    port = free_port()
    proc = start_server(port)
    proc.url = f"http://127.0.0.1:{port}"
    yield proc
    stop_server(proc)


@pytest.fixture(scope="session")
def server_url(server):
    return server.url


@pytest.fixture(scope="session")
def browser(server_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh page that records console errors, page errors and websocket frames sent.

    When the test fails, a screenshot and the server's log tail are kept as
    artifacts (``failed-<test name>.png`` / ``.log``).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(30_000)
    context.add_init_script(RUN_COUNTER)
    pg = context.new_page()
    pg.errors = []
    pg.ws_sent = []
    pg.ws_received = Counter()
    pg.on("pageerror", lambda exc: pg.errors.append(f"pageerror: {exc}"))
    pg.on(
        "console",
        lambda msg: (
            pg.errors.append(f"console: {msg.text} @ {msg.location.get('url', '')}")
            if msg.type == "error"
            else None
        ),
    )

    def on_websocket(ws):
        ws.on("framesent", lambda payload: pg.ws_sent.append(message_type(payload, back=True)))
        ws.on("framereceived", lambda payload: pg.ws_received.update([message_type(payload)]))

    pg.on("websocket", on_websocket)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        name = "failed-" + request.node.name.replace("/", "_")[:80]
        try:
            screenshot(pg, name)
        except Exception:  # noqa: BLE001 (a broken page must not hide the real failure)
            pass
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{name}.log").write_text(server_log(server)[-20_000:])
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can see a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def wait_rendered(pg, timeout: float = 60_000) -> None:
    """Wait until the app has finished its script run and drawn every element.

    "notRunning" alone is not enough: it is also the state before a rerun
    starts, and after the run the browser may still be loading the code of
    a widget or chart (skeletons). So: finished, no skeletons, still finished
    a moment later.
    """
    pg.wait_for_selector(DONE, timeout=timeout)
    pg.wait_for_function(
        "sel => document.querySelectorAll(sel).length === 0", arg=SKELETON, timeout=timeout
    )
    pg.wait_for_timeout(300)
    pg.wait_for_selector(DONE, timeout=timeout)


def open_page(pg, url: str) -> None:
    """Go to ``url`` and wait until the page is drawn (its title is on screen)."""
    pg.goto(url, timeout=60_000)
    pg.wait_for_selector("[data-testid='stMain'] :is(h1, h3)", timeout=60_000)
    wait_rendered(pg)


def message_type(payload, back: bool = False) -> str:
    """The type of one Streamlit websocket message (BackMsg if ``back``, else ForwardMsg)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return "text"
    msg = BackMsg() if back else ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 (count what cannot be read instead of failing)
        return "unreadable"
    return msg.WhichOneof("type") or "empty"


def server_runs(pg) -> int:
    """How many script runs the server has finished for this page so far."""
    return pg.ws_received["script_finished"]


def wait_for_rerun(pg, runs_before: int, timeout: float = 60.0) -> None:
    """Wait until the server finished a run after ``runs_before``, then until it is drawn."""
    deadline = time.time() + timeout
    while server_runs(pg) <= runs_before:
        if time.time() > deadline:
            raise AssertionError(f"no script run within {timeout} s (runs: {server_runs(pg)})")
        pg.wait_for_timeout(50)  # lets Playwright deliver the websocket events
    wait_rendered(pg)


def script_runs(pg) -> int:
    """How many times the page has shown the "running" state (see RUN_COUNTER)."""
    return pg.evaluate("window.__stRuns")


def app_errors(pg) -> list[str]:
    """The page's console and page errors, without the benign ones (see BENIGN)."""
    return [e for e in pg.errors if not any(b in e for b in BENIGN)]


def assert_healthy(pg) -> None:
    """No exception box on the page and no error in the console."""
    assert pg.locator("[data-testid='stException']").count() == 0, "exception box on the page"
    assert app_errors(pg) == []


def screenshot(pg, name: str) -> Path:
    """Save a screenshot of the whole page (Streamlit scrolls inside its own container)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = pg.viewport_size
    height = pg.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], section')]"
        ".map(e => e.scrollHeight), window.innerHeight)"
    )
    tall = min(int(height), 12_000)
    if size and tall > size["height"]:
        pg.set_viewport_size({"width": size["width"], "height": tall})
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(path))
        pg.set_viewport_size(size)
        pg.wait_for_timeout(200)
    else:
        pg.screenshot(path=str(path), full_page=True)
    return path
