"""Progress through the worksheet: which items were checked correct, which parts are done.

An item (``ex:<exercise id>`` or ``q:<question id>``) checked correct is kept in
the session; a part is done once all its items are right, and the done parts
live in the URL (``ws_done``), so a bookmark keeps them.
"""

from __future__ import annotations

import streamlit as st

from ui.safe_text import quote
from ui.state import fix_param
from ui.worksheet.fields import DONE, format_done, parse_done
from ui.worksheet.parts import PART_IDS, PARTS

RIGHT = "ws_right"  # session key: set of items checked correct


def url_notice() -> str:
    """Check ``ws_done`` in the URL once per run: "" when fine, else the link notice
    (the bad value is dropped). A valid value is rewritten in worksheet order."""
    if DONE not in st.query_params:
        return ""
    text = st.query_params.get(DONE, "")
    parts, problem = parse_done(text)
    if problem:
        fix_param(DONE, None)
        return f"URL value {DONE}={quote(text)} ignored ({problem}); no parts marked done."
    canonical = format_done(parts)
    if canonical != text:
        _write(parts)
    return ""


def done_parts() -> tuple[str, ...]:
    """The parts done, in worksheet order (from the URL)."""
    return parse_done(st.query_params.get(DONE, ""))[0]


def _write(parts) -> None:
    text = format_done(parts)
    if text:
        st.query_params[DONE] = text
    elif DONE in st.query_params:
        del st.query_params[DONE]


def is_right(item: str) -> bool:
    return item in st.session_state.get(RIGHT, set())


def mark_right(part_id: str, item: str) -> None:
    """Record ``item`` of ``part_id`` as checked correct; the part is done when all are."""
    right = set(st.session_state.get(RIGHT, set())) | {item}
    st.session_state[RIGHT] = right
    if all(i in right for i in PARTS[part_id].items):
        _write({*done_parts(), part_id})


def reset() -> None:
    """Forget every answer checked correct and every part done."""
    st.session_state[RIGHT] = set()
    _write(())


def summary(done: tuple[str, ...]) -> str:
    """The progress line, e.g. "4 of 14 parts done"."""
    return f"{len(done)} of {len(PART_IDS)} parts done"
