"""Fixtures for the poll store: the same tests on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``BACKPROP_TEST_POSTGRES_URL`` when set (``.ci/run``
sets it), else from a throwaway cluster started here (see pg_cluster.py).
Without PostgreSQL the ``postgresql`` cases are skipped, except under CI
(``CI`` set), where they fail: CI must test both back ends.
Every test gets empty tables: a new SQLite file, or a new PostgreSQL schema.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, make_url, text

from classroom import PollStore
from tests.classroom.pg_cluster import PgUnavailable, find_bin_dir, start_cluster

PG_ENV = "BACKPROP_TEST_POSTGRES_URL"
START = 1_750_000_000.0  # a fixed "now" (June 2025) so expiry tests are exact


@dataclass(frozen=True)
class FakeQuestion:
    """The two fields of lessons.questions.Question the store reads."""

    options: tuple[str, ...]
    answer: str


#: A small bank so the store's rules are tested apart from the lesson's content.
BANK = {
    "1a-test": FakeQuestion(("A", "B", "C"), "B"),
    "2b-test": FakeQuestion(("yes", "no"), "no"),
    "side-unicode": FakeQuestion(
        ("σ(z)(1 − σ(z))", "W₂ᵀ x₄", "d² + 1", "O(d⁴) vs O(d²)"), "d² + 1"
    ),
}


class FakeClock:
    """A clock the test moves by hand: ``clock()`` returns ``clock.now``."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _under_ci():
        pytest.fail(f"PostgreSQL is required under CI (CI is set): {reason}", pytrace=False)
    pytest.skip(f"{reason}; install PostgreSQL or set {PG_ENV} to run these cases")


@pytest.fixture(scope="session")
def postgres_url():
    """URL of an empty-ish PostgreSQL database for this test session."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        yield url
        return
    if find_bin_dir() is None:
        _unavailable("PostgreSQL server programs (initdb, pg_ctl) not found")
    try:
        cluster = start_cluster()
    except (PgUnavailable, OSError, subprocess.SubprocessError) as exc:
        _unavailable(f"could not start a throwaway PostgreSQL cluster: {exc}")
    try:
        yield cluster.create_database("backprop_test")
    finally:
        cluster.stop()


@pytest.fixture
def pg_schema_url(postgres_url):
    """``postgres_url`` pointed at a fresh schema (search_path), dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(make_url(postgres_url).set(drivername="postgresql+psycopg"))
    quoted = admin.dialect.identifier_preparer.quote(schema)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {quoted}"))
    except Exception as exc:  # a wrong BACKPROP_TEST_POSTGRES_URL, a server that went away
        admin.dispose()
        pytest.fail(f"cannot use PostgreSQL at {make_url(postgres_url)!r}: {exc}", pytrace=False)
    yield make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {quoted} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL with no poll tables yet, on each back end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(db_url, clock):
    """A PollStore on fresh tables with the small test bank and a fake clock."""
    poll_store = PollStore(db_url, questions=BANK, clock=clock)
    yield poll_store
    poll_store.dispose()


@pytest.fixture
def sqlite_store(tmp_path, clock):
    """A PollStore on a fresh SQLite file (for SQLite-only checks)."""
    url = f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    poll_store = PollStore(url, questions=BANK, clock=clock)
    yield poll_store
    poll_store.dispose()
