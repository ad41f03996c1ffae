"""The live class poll's store: rooms, rounds of a question, and votes.

A host (the lecturer's browser) creates a room and gets its code and a secret
host token; with the token it opens a question from ``lessons.questions``,
opens a re-vote (round 2, 3, ...) and reveals the answer. Students vote with
the code, the question id, a random voter id and one of the options; a later
vote in the same round replaces the earlier one. Rooms and their votes
disappear 24 hours after the last host action or vote. Nothing personal is
stored: no names, no addresses, only the random voter id.

The SQL is in :mod:`classroom.sql` (SQLite and PostgreSQL alike). No Streamlit
here: the poll page keeps one :class:`PollStore` per process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from classroom import codes, sql
from classroom.codes import check_round, check_voter_id, no_room, normalise_code, shown
from classroom.db import create_tables, default_url, make_engine
from classroom.records import Room, RoomState, RoundTally, counts_by_option, round_tallies

__all__ = ["ROOM_TTL_S", "PollStore", "Room", "RoomState", "RoundTally"]

ROOM_TTL_S = 24 * 3600.0
#: A vote refreshes its room's last activity at most once a minute (one hot row).
_TOUCH_EVERY_S = 60.0
_CODE_ATTEMPTS = 20


class PollStore:
    """Rooms, rounds and votes of the class poll in one SQL database.

    Parameters
    ----------
    url : str or sqlalchemy.engine.URL, optional
        ``sqlite:///path`` (default :func:`classroom.db.default_url`) or
        ``postgresql+psycopg://...`` when several replicas share the polls.
    questions : mapping, optional
        Question id -> object with ``.options`` (a tuple of str); default
        ``lessons.questions.QUESTIONS``, imported on first use.
    clock : callable, optional
        Returns the time in seconds since the epoch (default ``time.time``);
        tests pass a fake one to check expiry.
    ttl : float, optional
        Seconds after its last activity that a room is deleted (24 hours).

    Notes
    -----
    Creating the store creates its tables if they are missing. One store
    (one engine and connection pool) per process is enough: it is thread-safe.
    """

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        questions: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.time,
        ttl: float = ROOM_TTL_S,
    ) -> None:
        self.engine = make_engine(default_url() if url is None else url)
        self._questions = questions
        self._clock = clock
        self.ttl = float(ttl)
        create_tables(self.engine)

    def __repr__(self) -> str:
        return f"PollStore({self.engine.url!r})"  # the URL's repr hides a password

    @property
    def questions(self) -> Mapping[str, Any]:
        """The question bank votes are checked against."""
        if self._questions is None:
            from lessons.questions import QUESTIONS

            self._questions = QUESTIONS
        return self._questions

    def dispose(self) -> None:
        """Close every pooled connection (the store can still be used afterwards)."""
        self.engine.dispose()

    # -- helpers ---------------------------------------------------------------------

    def _now(self) -> float:
        return float(self._clock())

    def _question(self, question_id: object) -> Any:
        bank = self.questions
        if not isinstance(question_id, str) or question_id not in bank:
            example = next(iter(bank), "1a-deltas")
            raise ValueError(
                f"Unknown question {shown(question_id)}: use an id from "
                f"lessons.questions.QUESTIONS, e.g. {example!r}."
            )
        return bank[question_id]

    def _room(self, conn: Connection, code: str) -> Mapping[str, Any]:
        """The room's row joined with its current round; LookupError if gone."""
        row = conn.execute(sql.ROOM, {"code": code}).mappings().first()
        if row is None or row["last_active"] < self._now() - self.ttl:
            raise LookupError(no_room(code))
        return row

    def _host_room(self, code: object, host_token: object) -> tuple[str, Mapping[str, Any]]:
        """Canonical code and room row, after checking the host token."""
        code = normalise_code(code)
        with self.engine.connect() as conn:
            row = self._room(conn, code)
        if not isinstance(host_token, str) or not host_token:
            raise PermissionError(
                f"Only the host can do this in room {code}, and no host token was given: "
                "use the browser that started the room, or its host link."
            )
        if not codes.token_matches(host_token, row["host_hash"]):
            raise PermissionError(
                f"Wrong host token for room {code}: only the browser that started the "
                "room, or its host link, can do this."
            )
        return code, row

    @staticmethod
    def _latest_round(conn: Connection, code: str, question_id: str) -> int:
        params = {"code": code, "qid": question_id}
        return int(conn.execute(sql.LATEST_ROUND, params).scalar() or 0)

    def _round_or_latest(
        self, conn: Connection, code: str, question_id: str, round_no: int | None
    ) -> int:
        """``round_no`` if that round was opened; the latest round (0: none) if None."""
        latest = self._latest_round(conn, code, question_id)
        if round_no is None or round_no <= latest:
            return latest if round_no is None else round_no
        raise ValueError(
            f"Round {round_no} of question {question_id!r} was never opened in room "
            f"{code}: it has {latest} round(s)."
        )

    # -- host actions ----------------------------------------------------------------

    def create_room(self) -> Room:
        """Start a room; expired rooms are purged first.

        Returns
        -------
        Room
            Its code (show it to the class) and host token (keep it secret).
        """
        now = self._now()
        self.purge_expired(now)
        token = codes.new_host_token()
        params = {"host_hash": codes.hash_token(token), "now": now}
        for _ in range(_CODE_ATTEMPTS):
            code = codes.new_code()
            with self.engine.begin() as conn:
                if conn.execute(sql.NEW_ROOM, {**params, "code": code}).rowcount == 1:
                    return Room(code, token)
        raise RuntimeError("No free room code found after 20 tries: try again.")

    def check_host(self, code: str, host_token: str) -> None:
        """Raise LookupError (no such room) or PermissionError (missing or wrong token)."""
        self._host_room(code, host_token)

    def open_question(self, code: str, host_token: str, question_id: str) -> int:
        """Make ``question_id`` the room's open question.

        The first time, this opens its round 1; a question opened before
        comes back in its latest round, votes and reveal kept, so calling it
        again (a rerun) changes nothing.

        Returns
        -------
        int
            The round now open.

        Raises
        ------
        LookupError, PermissionError, ValueError
            Unknown room; wrong or missing host token; unknown question.
        """
        code, _ = self._host_room(code, host_token)
        self._question(question_id)
        params = {"code": code, "qid": question_id, "now": self._now()}
        with self.engine.begin() as conn:
            conn.execute(sql.NEW_ROUND, {**params, "round_no": 1})
            conn.execute(sql.MAKE_CURRENT, params)
            return self._latest_round(conn, code, question_id)

    def revote(self, code: str, host_token: str, question_id: str) -> int:
        """Open the next round of a question opened before (peer instruction's 2nd vote).

        Returns
        -------
        int
            The new round (2 after the first re-vote). Two calls at the same
            moment (a double click) open one round, not two.

        Raises
        ------
        ValueError
            If the question is unknown or was never opened in this room.
        """
        code, _ = self._host_room(code, host_token)
        self._question(question_id)
        params = {"code": code, "qid": question_id, "now": self._now()}
        with self.engine.begin() as conn:
            latest = self._latest_round(conn, code, question_id)
            if latest == 0:
                raise ValueError(
                    f"Question {question_id!r} has not been opened in room {code}: "
                    "open it before a re-vote."
                )
            conn.execute(sql.NEW_ROUND, {**params, "round_no": latest + 1})
            conn.execute(sql.MAKE_CURRENT, params)
            return self._latest_round(conn, code, question_id)

    def reveal(self, code: str, host_token: str, question_id: str) -> None:
        """Reveal the answer of the open question's current round: voting closes.

        Raises
        ------
        ValueError
            If the question is unknown or is not the room's open question.
        """
        code, row = self._host_room(code, host_token)
        self._question(question_id)
        if row["question_id"] != question_id:
            raise ValueError(
                f"Question {question_id!r} is not open in room {code}: open it, let the "
                "class vote, then reveal."
            )
        params = {"code": code, "qid": question_id, "round_no": row["round_no"]}
        with self.engine.begin() as conn:
            conn.execute(sql.REVEAL, params)
            now = self._now()
            conn.execute(sql.TOUCH, {"code": code, "now": now, "stale": now + 1.0})

    def close_room(self, code: str, host_token: str) -> None:
        """Delete the room with its rounds and votes now, not in 24 hours."""
        code, _ = self._host_room(code, host_token)
        with self.engine.begin() as conn:
            conn.execute(sql.DELETE_ROOM, {"code": code})

    def purge_expired(self, now: float | None = None) -> int:
        """Delete rooms (and their rounds and votes) idle for longer than ``ttl``.

        Parameters
        ----------
        now : float, optional
            The current time (default: the store's clock).

        Returns
        -------
        int
            How many rooms were deleted.
        """
        now = self._now() if now is None else float(now)
        with self.engine.begin() as conn:
            return conn.execute(sql.PURGE, {"cutoff": now - self.ttl}).rowcount

    # -- students --------------------------------------------------------------------

    def vote(self, code: str, question_id: str, voter_id: str, choice: str) -> None:
        """Record (or replace) one voter's choice in the open round.

        Raises
        ------
        LookupError
            Unknown, expired or mangled room code.
        ValueError
            Unknown question, a question that is not open or already revealed,
            a choice that is not one of its options, or a malformed voter id.
            Nothing is written.
        """
        code = normalise_code(code)
        question = self._question(question_id)
        if not isinstance(choice, str) or choice not in question.options:
            raise ValueError(
                f"{shown(choice, 40)} is not an option of question {question_id!r}: "
                f"choose one of {list(question.options)}."
            )
        now = self._now()
        params = {"code": code, "qid": question_id, "voter_id": check_voter_id(voter_id)}
        params.update(choice=choice, now=now, cutoff=now - self.ttl)
        with self.engine.begin() as conn:
            if conn.execute(sql.VOTE, params).rowcount == 1:
                conn.execute(sql.TOUCH, {"code": code, "now": now, "stale": now - _TOUCH_EVERY_S})
                return
        self._refuse_vote(code, question_id)

    def _refuse_vote(self, code: str, question_id: str) -> None:
        """Raise the reason a vote found no open round to land in."""
        state = self.state(code)
        if state.question_id is None:
            raise ValueError(f"No question is open in room {code} yet: wait for the lecturer.")
        if state.question_id != question_id:
            raise ValueError(
                f"Question {question_id!r} is not open in room {code}: the open question "
                f"is {state.question_id!r}. Reload to see it."
            )
        if state.revealed:
            raise ValueError(
                f"Voting on question {question_id!r} has closed: the answer is revealed."
            )
        raise ValueError("The room changed while you voted: please vote again.")

    def state(self, code: str) -> RoomState:
        """The open question, its round, whether it is revealed and how many voted.

        Raises
        ------
        LookupError
            Unknown, expired or mangled room code.
        """
        code = normalise_code(code)
        with self.engine.connect() as conn:
            row = self._room(conn, code)
            params = {"code": code, "qid": row["question_id"], "round_no": row["round_no"]}
            voters = int(conn.execute(sql.COUNT, params).scalar() or 0)
        return RoomState(
            code=code,
            question_id=row["question_id"],
            round=int(row["round_no"]),
            revealed=bool(row["revealed"]),
            voters=voters,
            expires_at=float(row["last_active"]) + self.ttl,
        )

    def tally(self, code: str, question_id: str, round: int | None = None) -> dict[str, int]:
        """Votes per option in one round (default: the question's latest round).

        Returns
        -------
        dict of str -> int
            Every option of the question, in the bank's order, with its count
            (all zero if the question was never opened).

        Raises
        ------
        LookupError, ValueError
            Unknown room; unknown question, or a round that was never opened.
        """
        code, round_no = normalise_code(code), check_round(round)
        question = self._question(question_id)
        with self.engine.connect() as conn:
            self._room(conn, code)
            round_no = self._round_or_latest(conn, code, question_id, round_no)
            params = {"code": code, "qid": question_id, "round_no": round_no}
            return counts_by_option(question.options, conn.execute(sql.TALLY, params))

    def rounds(self, code: str, question_id: str) -> list[RoundTally]:
        """Every round of a question in this room, first round first (side by side).

        Returns
        -------
        list of RoundTally
            Empty if the question was never opened here.
        """
        code = normalise_code(code)
        question = self._question(question_id)
        with self.engine.connect() as conn:
            self._room(conn, code)
            rows = conn.execute(sql.ROUNDS, {"code": code, "qid": question_id}).all()
        return round_tallies(question.options, rows)

    def voter_count(
        self, code: str, question_id: str | None = None, round: int | None = None
    ) -> int:
        """How many voted: in the room's open round by default, else in the given one."""
        if question_id is None:
            return self.state(code).voters
        return sum(self.tally(code, question_id, round).values())

    def vote_of(
        self, code: str, question_id: str, voter_id: str, round: int | None = None
    ) -> str | None:
        """This voter's choice in a round (default: the latest), or None ("not yet")."""
        code, round_no = normalise_code(code), check_round(round)
        self._question(question_id)
        params = {"code": code, "qid": question_id, "voter_id": check_voter_id(voter_id)}
        with self.engine.connect() as conn:
            self._room(conn, code)
            params["round_no"] = self._round_or_latest(conn, code, question_id, round_no)
            return conn.execute(sql.VOTE_OF, params).scalar()
