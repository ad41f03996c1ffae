"""One state, one schema, in the URL.

Every control of every page is declared once as a :class:`Field` in a tuple
(the page's schema). :func:`render` draws the widget bound to a query
parameter of the same name (``bind="query-params"``), so the URL always holds
the exact view and a shared link reopens it, seed included.

Streamlit already ignores an invalid bound value; :func:`url_notices` runs
before the widgets and tells the user which URL values were ignored and why,
so a bad link falls back to defaults with a small notice, never an exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.safe_text import quote

# A number as a person writes it: optional sign, decimal digits, an optional
# decimal part and exponent. No digit separators (1_0), hex (0x10), inf or nan.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
CHOICE_KINDS = ("select", "radio", "segmented", "select_slider")
KINDS = (
    "slider",
    "int_slider",
    "number",
    "int",
    "select",
    "radio",
    "segmented",
    "toggle",
    "text",
    "select_slider",
)


@dataclass(frozen=True)
class Field:
    """One control: its URL key, widget kind, default and allowed values.

    Parameters
    ----------
    key : str
        Query-parameter name and session-state key (unique across the app:
        prefix it with the page's short name, e.g. ``"sym_lr"``).
    kind : str
        One of :data:`KINDS`.
    default : Any
        The value the page opens with.
    label, help : str
        Widget label and tooltip (say units and effect).
    lo, hi, step : float or int, optional
        Range and step for numeric kinds.
    options : tuple, optional
        Allowed values for choice kinds.
    labels : dict, optional
        Display text per option (``format_func``).
    max_chars : int
        Longest text accepted by a text field.
    fmt : str, optional
        printf-style display format for numeric widgets.
    """

    key: str
    kind: str
    default: Any
    label: str
    help: str = ""
    lo: float | int | None = None
    hi: float | int | None = None
    step: float | int | None = None
    options: tuple = ()
    labels: dict | None = None
    max_chars: int = 500
    fmt: str | None = None
    clamp: bool = False  # a shown step: out-of-range URL values are clamped by the page

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}; use one of {KINDS}")
        problem = self.check(self.default)
        if problem:
            raise ValueError(f"default of {self.key!r} is invalid: {problem}")

    def check(self, value: Any) -> str:
        """Return "" when ``value`` is allowed, else what is wrong with it."""
        if self.kind in CHOICE_KINDS:
            return "" if value in self.options else f"expected one of {list(self.options)}"
        if self.kind == "toggle":
            return "" if isinstance(value, bool) else "expected true or false"
        if self.kind == "text":
            if not isinstance(value, str):
                return "expected text"
            return (
                "" if len(value) <= self.max_chars else f"longer than {self.max_chars} characters"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "expected a number"
        if not math.isfinite(value):
            return "expected a finite number"
        if self.kind in ("int_slider", "int") and int(value) != value:
            return "expected a whole number"
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            return f"expected a number from {self.lo} to {self.hi}"
        return ""

    def shown(self, option: Any) -> str:
        """The text a choice widget displays (and writes to the URL) for ``option``."""
        return self.labels.get(option, str(option)) if self.labels else str(option)

    def parse(self, text: str) -> Any:
        """Turn a query-parameter string into a value of this field's type.

        Raises ValueError when the text cannot be read as this field's type.
        """
        if len(text) > 2000:
            raise ValueError("value too long")
        if self.kind == "toggle":
            low = text.strip().lower()
            if low in ("true", "false"):
                return low == "true"
            raise ValueError("expected true or false")
        if self.kind == "text":
            return text
        if self.kind in CHOICE_KINDS:
            # A bound choice widget with format_func writes and reads the shown label.
            shown = [self.shown(o) for o in self.options]
            for option, label in zip(self.options, shown, strict=True):
                if label == text:
                    return option
            for option in self.options:  # the option's own name, or "1" for 1.0
                if str(option) == text or (
                    isinstance(option, (int, float)) and _same_number(option, text)
                ):
                    return option
            raise ValueError(f"expected one of {shown}")
        if not NUMBER.fullmatch(text.strip()):
            raise ValueError("expected a number written with digits, like 0.5 or 3")
        number = float(text)
        if self.kind in ("int_slider", "int") and math.isfinite(number) and number == int(number):
            return int(number)
        return number


def _same_number(option: float, text: str) -> bool:
    """True when ``text`` is a plainly written number equal to ``option``."""
    return bool(NUMBER.fullmatch(text.strip())) and float(text) == float(option)


def url_notices(fields: Sequence[Field]) -> list[str]:
    """Messages for URL values of these fields that are unusable.

    Call before the widgets are drawn (Streamlit drops an invalid bound value
    from the URL when the widget registers). Returns one message per bad
    parameter; unknown parameter names are left alone (other pages' keys).
    """
    messages = []
    params = st.query_params
    for field in fields:
        if field.key not in params:
            continue
        raw = params.get_all(field.key) if hasattr(params, "get_all") else [params[field.key]]
        text = raw[-1] if raw else ""
        try:
            value = field.parse(text)
            problem = field.check(value)
        except (ValueError, OverflowError) as err:
            # our own messages only: Python's (float's) repeat the raw value
            problem = str(err) if isinstance(err, ValueError) else "too large"
            value = None
        if field.clamp and problem.startswith("expected a number from"):
            problem = ""  # the page clamps a step to the steps that exist, and says so
        if not problem and field.kind in CHOICE_KINDS:
            _fix_param(field.key, field.shown(value))
        if problem:
            _fix_param(field.key, None)
            messages.append(
                f"URL value {field.key}={quote(text)} ignored ({problem}); "
                f"using the default {quote(field.shown(field.default))}."
            )
    return messages


def _fix_param(key: str, text: str | None) -> None:
    """Rewrite (``text``) or drop (None) a URL value before its widget reads it.

    Streamlit seeds a bound widget from the query string captured at page
    load, and its own parsing can raise (an int number_input given "1e999"
    overflows) or ignore a value that names an option another way ("1" for
    the option shown as "1.0"). So the captured copy is fixed too, and the
    address bar follows: a bad value leaves it, a corrected one (a step
    clamped to the steps that exist) replaces it. A bound widget set from
    session state would not rewrite it on a first load: Streamlit just drops
    the value it could not use. Uses Streamlit internals, guarded: if they
    change, tests/ui/test_state.py fails rather than users.
    """
    from streamlit.runtime.state import get_session_state

    try:
        with get_session_state().query_params() as qp:
            if text is None:
                qp.remove_param(key)
                qp._initial_query_params.pop(key, None)
                return
            if key in qp._initial_query_params:
                qp._initial_query_params[key] = [text]
            if key in qp._query_params and qp._query_params[key] != text:
                qp._query_params[key] = text
                qp._send_query_param_msg()
    except (AttributeError, KeyError, RuntimeError):
        pass


def fix_param(key: str, text: str | None) -> None:
    """Public form of :func:`_fix_param` (a page correcting a URL value it clamped)."""
    _fix_param(key, text)


def show_url_notices(fields: Sequence[Field]) -> None:
    """Draw :func:`url_notices` as one small caption (nothing when all is fine)."""
    messages = url_notices(fields)
    if messages:
        st.caption(":orange[Link problem:] " + " ".join(messages))


def render(field: Field, container: Any = st, **extra: Any) -> Any:
    """Draw ``field`` as a URL-bound widget in ``container`` and return its value.

    ``extra`` goes to the widget as it is (``on_change=``, ``args=``).
    """
    common = dict(key=field.key, help=field.help or None, bind="query-params", **extra)
    fmt = field.shown
    kind = field.kind
    if kind in ("slider", "int_slider", "number", "int"):
        cast = int if kind in ("int_slider", "int") else float
        draw = container.slider if kind in ("slider", "int_slider") else container.number_input
        return draw(
            field.label,
            cast(field.lo),
            cast(field.hi),
            cast(field.default),
            step=cast(field.step) if field.step else None,
            format=field.fmt,
            **common,
        )
    if kind == "select":
        return container.selectbox(
            field.label,
            field.options,
            index=field.options.index(field.default),
            format_func=fmt,
            **common,
        )
    if kind == "radio":
        return container.radio(
            field.label,
            field.options,
            index=field.options.index(field.default),
            format_func=fmt,
            horizontal=True,
            **common,
        )
    if kind == "segmented":
        value = container.segmented_control(
            field.label, field.options, default=field.default, format_func=fmt, **common
        )
        return field.default if value is None else value
    if kind == "select_slider":
        return container.select_slider(
            field.label, field.options, value=field.default, format_func=fmt, **common
        )
    if kind == "toggle":
        return container.toggle(field.label, value=field.default, **common)
    return container.text_input(
        field.label, value=field.default, max_chars=field.max_chars, **common
    )


def render_all(fields: Sequence[Field], container: Any = st) -> dict[str, Any]:
    """Draw every field in order; return ``{key: value}``."""
    return {f.key: render(f, container) for f in fields}


def field_map(fields: Sequence[Field]) -> dict[str, Field]:
    """Index a schema by key (for tests and for :func:`reset`)."""
    return {f.key: f for f in fields}


def reset(fields: Sequence[Field]) -> None:
    """Put every field back to its default (bound params follow session state)."""
    for field in fields:
        st.session_state[field.key] = field.default


_PAGE_NOW, _VISIT = "_page_now", "_page_visit"


def note_page(url_path: str) -> None:
    """Count page visits (called by streamlit_app.py on every full run).

    Widgets whose value is also set from session state keep that value after
    the page is left, and it would win over a link's value when the page is
    opened again. :func:`page_visit` lets such a page tell a new visit apart.
    """
    if st.session_state.get(_PAGE_NOW) != url_path:
        st.session_state[_PAGE_NOW] = url_path
        st.session_state[_VISIT] = st.session_state.get(_VISIT, 0) + 1


def page_visit() -> int:
    """Which visit to a page this is (0 when run without the app's navigation)."""
    return int(st.session_state.get(_VISIT, 0))


def new_visit(key: str) -> bool:
    """True until :func:`mark_visit` ran for ``key`` on this visit to its page."""
    return st.session_state.get(f"_{key}_visit", 0) != page_visit()


def mark_visit(key: str) -> None:
    """Record that the control ``key`` has been drawn on this visit to its page."""
    st.session_state[f"_{key}_visit"] = page_visit()
