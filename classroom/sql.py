"""Every SQL statement of the class poll, as ``text()`` with bound parameters.

Written once for both back ends: SQLite 3.24 or later (``ON CONFLICT``
upserts, ``TRUE``/``FALSE``) and PostgreSQL. Deleting a room cascades to its
rounds and votes (SQLite needs ``PRAGMA foreign_keys=ON``, set per connection
by :func:`classroom.db.set_sqlite_pragmas`).

Tables
------
poll_rooms
    One row per room: its code, the SHA-256 of its host token, the open
    question and round, and when it was created and last used.
poll_rounds
    One row per (room, question, round) opened, with whether it is revealed.
poll_votes
    One row per (room, question, round, voter id): the choice, as option text.
"""

from sqlalchemy import text

TABLES = (
    """CREATE TABLE IF NOT EXISTS poll_rooms (
        code TEXT PRIMARY KEY,
        host_hash TEXT NOT NULL,
        question_id TEXT,
        round_no INTEGER NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL,
        last_active DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS poll_rooms_last_active ON poll_rooms (last_active)",
    """CREATE TABLE IF NOT EXISTS poll_rounds (
        code TEXT NOT NULL REFERENCES poll_rooms (code) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        round_no INTEGER NOT NULL,
        revealed BOOLEAN NOT NULL DEFAULT FALSE,
        opened_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, question_id, round_no)
    )""",
    """CREATE TABLE IF NOT EXISTS poll_votes (
        code TEXT NOT NULL,
        question_id TEXT NOT NULL,
        round_no INTEGER NOT NULL,
        voter_id TEXT NOT NULL,
        choice TEXT NOT NULL,
        voted_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, question_id, round_no, voter_id),
        FOREIGN KEY (code, question_id, round_no)
            REFERENCES poll_rounds (code, question_id, round_no) ON DELETE CASCADE
    )""",
)

ROOM = text(
    "SELECT r.code, r.host_hash, r.question_id, r.round_no, r.last_active, p.revealed "
    "FROM poll_rooms r LEFT JOIN poll_rounds p ON p.code = r.code "
    "AND p.question_id = r.question_id AND p.round_no = r.round_no WHERE r.code = :code"
)
NEW_ROOM = text(
    "INSERT INTO poll_rooms (code, host_hash, question_id, round_no, created_at, last_active) "
    "VALUES (:code, :host_hash, NULL, 0, :now, :now) ON CONFLICT (code) DO NOTHING"
)
NEW_ROUND = text(
    "INSERT INTO poll_rounds (code, question_id, round_no, revealed, opened_at) "
    "VALUES (:code, :qid, :round_no, FALSE, :now) "
    "ON CONFLICT (code, question_id, round_no) DO NOTHING"
)
LATEST_ROUND = text(
    "SELECT MAX(round_no) FROM poll_rounds WHERE code = :code AND question_id = :qid"
)
MAKE_CURRENT = text(
    "UPDATE poll_rooms SET question_id = :qid, last_active = :now, round_no = "
    "(SELECT MAX(round_no) FROM poll_rounds WHERE code = :code AND question_id = :qid) "
    "WHERE code = :code"
)
REVEAL = text(
    "UPDATE poll_rounds SET revealed = TRUE "
    "WHERE code = :code AND question_id = :qid AND round_no = :round_no"
)
TOUCH = text("UPDATE poll_rooms SET last_active = :now WHERE code = :code AND last_active < :stale")
COUNT = text(
    "SELECT COUNT(*) FROM poll_votes "
    "WHERE code = :code AND question_id = :qid AND round_no = :round_no"
)
# One statement: the vote lands only if the room is alive, on this question, in its
# current round and not revealed; otherwise no row is written and vote() says why.
VOTE = text(
    "INSERT INTO poll_votes (code, question_id, round_no, voter_id, choice, voted_at) "
    "SELECT r.code, r.question_id, r.round_no, :voter_id, :choice, :now "
    "FROM poll_rooms r JOIN poll_rounds p ON p.code = r.code "
    "AND p.question_id = r.question_id AND p.round_no = r.round_no "
    "WHERE r.code = :code AND r.question_id = :qid AND p.revealed = FALSE "
    "AND r.last_active >= :cutoff "
    "ON CONFLICT (code, question_id, round_no, voter_id) "
    "DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at"
)
TALLY = text(
    "SELECT choice, COUNT(*) FROM poll_votes "
    "WHERE code = :code AND question_id = :qid AND round_no = :round_no GROUP BY choice"
)
ROUNDS = text(
    "SELECT p.round_no, p.revealed, v.choice, COUNT(v.voter_id) FROM poll_rounds p "
    "LEFT JOIN poll_votes v ON v.code = p.code AND v.question_id = p.question_id "
    "AND v.round_no = p.round_no WHERE p.code = :code AND p.question_id = :qid "
    "GROUP BY p.round_no, p.revealed, v.choice ORDER BY p.round_no"
)
VOTE_OF = text(
    "SELECT choice FROM poll_votes WHERE code = :code AND question_id = :qid "
    "AND round_no = :round_no AND voter_id = :voter_id"
)
DELETE_ROOM = text("DELETE FROM poll_rooms WHERE code = :code")
PURGE = text("DELETE FROM poll_rooms WHERE last_active < :cutoff")
