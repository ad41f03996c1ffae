"""Hostile input across the whole app, generated from the pages themselves.

For every page in ui.pages.PAGES: find every widget AppTest sees at the
defaults, set each one to its extremes and every option (one at a time, the
others at their defaults), type hostile text into every text box, click every
button, and assert no exception. Then open the page with hostile query
parameters and assert a clean fallback.
"""

from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from tests.app_pages.apptest import ROOT, TIMEOUT
from ui.pages import PAGES

HOSTILE_TEXT = [
    "",
    "   ",
    "x.__class__.__mro__",
    "__import__('os').system('echo pwned')",
    "open('/etc/passwd').read()",
    "lambda: 1",
    "[x for x in (1, 2)]",
    "'a string'",
    "(" * 300 + "1" + ")" * 300,
    "9**9**9",
    "1e308 * 1e308",
    "\x00",
    "x" * 10_000,
    "🧠∑∂δ",
    "<script>alert(1)</script>",
]

HOSTILE_QUERY = [
    "NaN",
    "inf",
    "-1e309",
    "1e999",
    "9" * 400,
    "'; DROP TABLE",
    "<b>x</b>",
    "",
    "x" * 3000,
]

WIDGET_KINDS = (
    "slider",
    "number_input",
    "select_slider",
    "selectbox",
    "radio",
    "toggle",
    "checkbox",
    "text_input",
    "text_area",
    "button_group",
    "multiselect",
)


def _values(w) -> list:
    """Extremes and every option of one widget (at most a dozen values)."""
    kind = w.type
    if kind in ("slider",):
        lo, hi = w.min, w.max
        if isinstance(w.value, (tuple, list)):
            return [(lo, lo), (lo, hi), (hi, hi)]
        return [lo, hi]
    if kind == "number_input":
        values = [v for v in (w.min, w.max) if v is not None]
        return values or [0]
    if kind in CHOICE_KINDS:
        return list(w.options)[:12]
    if kind == "multiselect":
        return [[], list(w.options)]
    if kind in ("toggle", "checkbox"):
        return [True, False]
    if kind in ("text_input", "text_area"):
        limit = w.max_chars or 10**6
        return [t[:limit] for t in HOSTILE_TEXT]
    return []


CHOICE_KINDS = ("selectbox", "radio", "select_slider", "button_group")


def _set(w, value) -> None:
    """Set a widget as the browser would; choices are given as displayed text."""
    if w.type in CHOICE_KINDS:
        _choose(w, value[0] if isinstance(value, list) else value)
    else:
        w.set_value(value)


def _choose(w, formatted: str) -> None:
    """Send exactly what the frontend sends when an option is clicked.

    AppTest's own setters want the option's Python value, which a generic
    walker cannot know when the page uses a format_func; the frontend sends
    the displayed text, so this sends that.
    """
    kind = w.type

    def state(self) -> WidgetState:
        ws = WidgetState()
        ws.id = self.id
        if kind in ("selectbox", "radio"):
            ws.string_value = formatted
        else:
            ws.string_array_value.data[:] = [formatted]
        return ws

    base = type(w)
    w.__class__ = type(f"Chosen{base.__name__}", (base,), {"_widget_state": property(state)})


def _widgets(at: AppTest) -> list:
    found = []
    for kind in WIDGET_KINDS:
        found += [w for w in at.get(kind) if w.key and not w.disabled]
    return found


def _fresh(page) -> AppTest:
    at = AppTest.from_file(str(ROOT / page.path), default_timeout=TIMEOUT)
    return at.run()


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_widget_at_every_extreme(page):
    at = _fresh(page)
    assert not at.exception, at.exception
    keys = [(w.type, w.key) for w in _widgets(at)]
    assert keys, f"{page.path} has no keyed widgets"
    tried = 0
    for kind, key in keys:
        probe = _fresh(page)
        matches = [w for w in probe.get(kind) if w.key == key]
        if not matches:
            continue
        for value in _values(matches[0]):
            w = next(w for w in probe.get(kind) if w.key == key)
            try:
                _set(w, value)
            except (ValueError, IndexError, KeyError):
                continue  # AppTest refuses values a browser could not send
            probe.run()
            tried += 1
            assert not probe.exception, (page.path, key, repr(value)[:80], probe.exception)
    assert tried >= len(keys)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_button_clicks_cleanly(page):
    at = _fresh(page)
    labels = [(b.key, b.label) for b in at.button if not b.disabled]
    for key, label in labels:
        for _ in range(2):  # twice: e.g. Step past the end, Back before the start
            b = next((b for b in at.button if (b.key, b.label) == (key, label)), None)
            if b is None or b.disabled:
                break
            b.click().run()
            assert not at.exception, (page.path, label, at.exception)


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_hostile_query_parameters_fall_back(page):
    at = _fresh(page)
    keys = [w.key for w in _widgets(at)] + ["lecture", "no_such_param"]
    for i, junk in enumerate(HOSTILE_QUERY):
        probe = AppTest.from_file(str(ROOT / page.path), default_timeout=TIMEOUT)
        for j, key in enumerate(keys):
            probe.query_params[key] = HOSTILE_QUERY[(i + j) % len(HOSTILE_QUERY)]
        probe.run()
        assert not probe.exception, (page.path, junk[:40], probe.exception)


def _choice_script():
    import streamlit as st

    labels = {"a": "Alpha", "b": "Beta"}
    s = st.selectbox("s", ["a", "b"], format_func=labels.get, key="s")
    r = st.radio("r", [1, 2, 3], format_func=lambda v: f"#{v}", key="r")
    g = st.segmented_control("g", ["x", "y"], default="x", format_func=str.upper, key="g")
    st.write(f"{s}|{r}|{g}")


def test_walker_chooses_options_like_the_browser():
    at = AppTest.from_function(_choice_script, default_timeout=TIMEOUT).run()
    _set(at.selectbox(key="s"), "Beta")
    _set(at.radio(key="r"), "#3")
    _set(at.get("button_group")[0], ["Y"])
    at.run()
    assert at.markdown[-1].value == "b|3|y"
