"""Where the class poll keeps its rows: the URL, the engine and the tables.

SQLite in a file under the system temp folder is the default (nothing to set
up, one server). Several replicas share a PostgreSQL database instead, named
by ``[connections.polls] url`` in Streamlit's secrets or by the environment
variable ``BACKPROP_POLLS_URL``. Only these two back ends are supported; the
SQL below is written for both (``text()`` statements, bound parameters).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from classroom.sql import TABLES

__all__ = [
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "SQLITE_FILENAME",
    "create_tables",
    "default_url",
    "make_engine",
    "set_sqlite_pragmas",
    "store_url_from",
]

ENV_VAR = "BACKPROP_POLLS_URL"
SQLITE_FILENAME = "backprop_lab_polls.sqlite3"
BUSY_TIMEOUT_MS = 15_000  # keep in step with the busy_timeout pragma below
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # readers never block the writer
    "PRAGMA busy_timeout=15000",  # a writer waits up to 15 s for the lock
    "PRAGMA foreign_keys=ON",  # deleting a room deletes its rounds and votes
    "PRAGMA synchronous=NORMAL",  # safe with WAL, one fsync per checkpoint
)
_PG_DDL_LOCK = 0x0BAC_9011  # pg_advisory_xact_lock key: one replica creates tables at a time


def _temp_dir() -> str:
    """The system temp folder, found the way ``tempfile.gettempdir`` looks first.

    The app's own source does not import ``tempfile`` (see
    tests/test_source_safety.py), so this mirrors its search: ``TMPDIR``,
    ``TEMP``, ``TMP``, then the platform's usual folder.
    """
    for name in ("TMPDIR", "TEMP", "TMP"):
        folder = os.environ.get(name)
        if folder and os.path.isdir(folder):
            return os.path.abspath(folder)
    if os.name == "nt":
        for folder in (r"C:\TEMP", r"C:\TMP", r"\TEMP", r"\TMP"):
            if os.path.isdir(folder):
                return folder
    else:
        for folder in ("/tmp", "/var/tmp", "/usr/tmp"):
            if os.path.isdir(folder):
                return folder
    return os.getcwd()


def default_url() -> str:
    """The SQLite URL used when nothing else is configured.

    Returns
    -------
    str
        ``sqlite:///<temp folder>/backprop_lab_polls.sqlite3``, e.g.
        ``sqlite:////tmp/backprop_lab_polls.sqlite3``.
    """
    return f"sqlite:///{os.path.join(_temp_dir(), SQLITE_FILENAME)}"


def _secret_url(secrets: Mapping[str, Any] | None) -> str:
    """``secrets["connections"]["polls"]["url"]``, or "" if any level is missing."""
    if secrets is None:
        return ""
    try:
        value = secrets["connections"]["polls"]["url"]
    except (KeyError, TypeError, FileNotFoundError):
        # st.secrets raises a FileNotFoundError subclass when there is no secrets.toml
        return ""
    return value.strip() if isinstance(value, str) else ""


def store_url_from(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """Pick the poll store's URL: secrets, then environment, then SQLite.

    Parameters
    ----------
    secrets : mapping, optional
        Something shaped like ``st.secrets``; its ``[connections.polls] url``
        wins when present and not empty.
    environ : mapping, optional
        Something shaped like ``os.environ`` (default: ``os.environ``); its
        ``BACKPROP_POLLS_URL`` is used next.

    Returns
    -------
    str
        A SQLAlchemy URL; :func:`default_url` when neither is set.
    """
    environ = os.environ if environ is None else environ
    return _secret_url(secrets) or environ.get(ENV_VAR, "").strip() or default_url()


def _checked_url(url: str | URL) -> URL:
    """Parse ``url`` and insist on SQLite or PostgreSQL through psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError, but a bad type raises others
        raise ValueError(
            "The poll store's URL is not a database URL: use sqlite:///path/to/file "
            "or postgresql+psycopg://user:password@host/dbname"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the one installed
    if backend != "sqlite" or parsed.get_driver_name() != "pysqlite":
        raise ValueError(
            f"The poll store supports SQLite and PostgreSQL, not {backend!r}: use "
            "sqlite:///path/to/file or postgresql+psycopg://user:password@host/dbname"
        )
    return parsed


def set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Connect listener for SQLite: WAL journal, busy timeout, foreign keys.

    Registered once per engine by :func:`make_engine`; SQLAlchemy calls it
    for every new DBAPI connection the pool opens.
    """
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def make_engine(url: str | URL) -> Engine:
    """One engine for the store, with pool settings for a threaded server.

    Parameters
    ----------
    url : str or sqlalchemy.engine.URL
        A SQLite or PostgreSQL URL (``postgresql://`` is read as psycopg 3).

    Returns
    -------
    sqlalchemy.Engine
        For SQLite, with :func:`set_sqlite_pragmas` registered once.

    Raises
    ------
    ValueError
        If the URL is not SQLite or PostgreSQL.
    """
    parsed = _checked_url(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            parsed, pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800
        )
    if parsed.database in (None, "", ":memory:"):
        # one shared in-memory database (tests, demos); a file is the real default
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(parsed, pool_size=8, max_overflow=16, pool_timeout=60)
    event.listen(engine, "connect", set_sqlite_pragmas)
    return engine


def create_tables(engine: Engine) -> None:
    """Create the three poll tables and their index if they are missing.

    On PostgreSQL a transaction-level advisory lock keeps replicas that start
    together from racing on ``CREATE TABLE IF NOT EXISTS``.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_DDL_LOCK})
        for statement in TABLES:
            conn.execute(text(statement))
