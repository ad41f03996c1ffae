"""Previous / Next through the worksheet's parts, where every press counts.

The part on screen lives in a session key no widget owns (as the shown step
does in :mod:`ui.stepper`, whose module doc says why): a press of Previous or
Next that reaches the server with the part the browser still showed before the
last press moves on from the part the server showed, not from that stale one.
Only a part picked in the list itself (no press in the same request) sets it.
"""

from __future__ import annotations

import streamlit as st

from ui.state import mark_visit, new_visit
from ui.stepper import pressed, shown_key
from ui.worksheet.fields import PART
from ui.worksheet.parts import PART_IDS

SHOWN = shown_key(PART.key)
BUTTONS = ("ws_prev", "ws_next")


def current() -> str:
    """The part on screen (an id of PART_IDS)."""
    part = st.session_state.get(SHOWN, st.session_state.get(PART.key, PART.default))
    return part if part in PART_IDS else PART.default


def show(part: str) -> None:
    """Put ``part`` on screen (call from a callback, or before the list is drawn)."""
    st.session_state[SHOWN] = part
    st.session_state[PART.key] = part  # the list, and through it the URL


def go(delta: int) -> None:
    """Button callback: ``delta`` parts on (or back), never past either end."""
    i = PART_IDS.index(current()) + delta
    show(PART_IDS[min(max(i, 0), len(PART_IDS) - 1)])


def picked() -> None:
    """List callback: the user picked a part, unless a press came in the same request."""
    if pressed(BUTTONS):
        return
    if st.session_state.get(PART.key) in PART_IDS:
        st.session_state[SHOWN] = st.session_state[PART.key]


def remember(part: str) -> None:
    """After the list is drawn: the part it shows is the part on screen."""
    st.session_state[SHOWN] = part


def sync() -> None:
    """Before the list is drawn: it shows the part the session shows.

    On a new visit to the page the link's part (or the first part) decides, not
    the part of the last visit, which the list would otherwise keep.
    """
    if new_visit(PART.key):
        mark_visit(PART.key)
        st.session_state.pop(SHOWN, None)
        if PART.key in st.session_state:
            asked = st.query_params.get(PART.key)
            st.session_state[PART.key] = asked if asked in PART_IDS else PART.default
        return
    if SHOWN in st.session_state:
        st.session_state[PART.key] = current()
