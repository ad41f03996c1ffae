"""One poll store per process, and the short shared cache students read through.

The store's URL comes from ``[connections.polls] url`` in ``.streamlit/secrets.toml``,
else the environment variable ``BACKPROP_POLLS_URL``, else a SQLite file under the
system temp folder (:func:`classroom.store_url_from`). Every cached function takes the
URL as its first argument, so two stores (tests, a changed secret) never share entries.
"""

from __future__ import annotations

import os
import time
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from classroom import PollStore, RoomState, RoundTally, store_url_from
from classroom.db import ENV_VAR as ENV

FAILS_KEY = "poll_failed_codes"  # session: wrong room codes tried in a row
MAX_WAIT_S = 2.0
#: Said when the database does not answer (PostgreSQL down, disk full): never a traceback.
DOWN = (
    "The class poll's database did not answer. Try again in a moment; if this keeps "
    "happening, the app's poll database needs a look."
)
DB_ERRORS = (SQLAlchemyError, OSError)


def _secrets() -> Any:
    """``st.secrets`` if a secrets.toml exists (reading it otherwise raises), else None."""
    try:
        return st.secrets if st.secrets.load_if_toml_exists() else None
    except Exception:  # noqa: BLE001 (a broken secrets file must not break the page)
        return None


def store_url() -> str:
    """The poll store's SQLAlchemy URL (secrets, then environment, then SQLite)."""
    return store_url_from(_secrets(), os.environ)


@st.cache_resource(max_entries=4, show_spinner=False)
def _store(url: str) -> PollStore:
    return PollStore(url)


def store() -> PollStore:
    """The process's :class:`classroom.PollStore` (one engine and pool, shared by sessions)."""
    return _store(store_url())


def store_problem() -> str | None:
    """Why the store cannot be used (a bad URL, a database that does not answer), or None.

    The URL itself is never echoed: it may hold a password.
    """
    try:
        store()
    except ValueError as err:
        return f"The class poll is misconfigured: {err} (in [connections.polls] url or {ENV})."
    except DB_ERRORS:
        return DOWN
    return None


@st.cache_data(ttl=1, max_entries=256, show_spinner=False)
def _state(url: str, code: str) -> RoomState | str:
    try:
        return _store(url).state(code)
    except LookupError as err:
        return str(err)
    except DB_ERRORS:
        return DOWN


@st.cache_data(ttl=1, max_entries=256, show_spinner=False)
def _rounds(url: str, code: str, question_id: str) -> list[RoundTally] | str:
    try:
        return _store(url).rounds(code, question_id)
    except (LookupError, ValueError) as err:
        return str(err)
    except DB_ERRORS:
        return DOWN


def shared_state(code: str) -> RoomState | str:
    """A room's state for students, at most ~1 s old: one query a second per room,
    however many phones ask. A message (str) instead when the room does not exist."""
    return _state(store_url(), code)


def shared_rounds(code: str, question_id: str) -> list[RoundTally] | str:
    """Every round's tally of a question, cached like :func:`shared_state`."""
    return _rounds(store_url(), code, question_id)


def throttle() -> None:
    """Slow a session down after wrong room codes: 0.5 s per earlier failure, at most 2 s."""
    fails = int(st.session_state.get(FAILS_KEY, 0))
    if fails:
        time.sleep(min(MAX_WAIT_S, 0.5 * fails))


def record_lookup(ok: bool) -> int:
    """Count a wrong room code (reset on a right one); returns the failures so far."""
    fails = 0 if ok else int(st.session_state.get(FAILS_KEY, 0)) + 1
    st.session_state[FAILS_KEY] = fails
    return fails
