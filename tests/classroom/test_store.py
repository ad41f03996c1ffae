"""The poll store's rules (issue 12), each checked on SQLite and on PostgreSQL.

The ``store`` fixture runs every test here once per back end on empty
tables, with the small test bank of conftest.py and a fake clock.
"""

from __future__ import annotations

import re
import string
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event, text

from classroom import PollStore, new_voter_id, normalise_code, store_url_from
from classroom import codes as codes_module
from classroom.codes import CODE_ALPHABET, CODE_LENGTH, new_code, new_host_token
from classroom.db import (
    BUSY_TIMEOUT_MS,
    ENV_VAR,
    SQLITE_FILENAME,
    default_url,
    make_engine,
    set_sqlite_pragmas,
)
from classroom.store import ROOM_TTL_S
from tests.classroom.conftest import BANK

Q, Q2 = "1a-test", "2b-test"
A, B, C = BANK[Q].options
DAY = 24 * 3600.0
TABLE_DUMPS = {
    "poll_rooms": text("SELECT * FROM poll_rooms ORDER BY code"),
    "poll_rounds": text("SELECT * FROM poll_rounds ORDER BY code, question_id, round_no"),
    "poll_votes": text("SELECT * FROM poll_votes ORDER BY code, question_id, round_no, voter_id"),
}


def dump(store: PollStore) -> dict[str, list[tuple]]:
    """Every row of the three tables, to compare before and after a call."""
    with store.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(sql)] for name, sql in TABLE_DUMPS.items()}


def voter(i: int) -> str:
    return f"voter-{i:04d}"


@pytest.fixture
def room(store):
    """A room with question Q open in round 1."""
    made = store.create_room()
    assert store.open_question(made.code, made.host_token, Q) == 1
    return made


# -- rooms, codes and tokens ---------------------------------------------------------------


def test_alphabet_has_no_look_alikes():
    assert not set(CODE_ALPHABET) & set("0O1IlL")
    assert set(CODE_ALPHABET) <= set(string.ascii_uppercase + string.digits)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 31


def test_new_codes_are_six_characters_of_the_alphabet():
    made = {new_code() for _ in range(2000)}
    assert all(len(c) == CODE_LENGTH == 6 and set(c) <= set(CODE_ALPHABET) for c in made)
    assert len(made) > 1990  # 31^6 ~ 8.9e8 codes: repeats are rare


def test_host_tokens_carry_at_least_128_random_bits():
    tokens = {new_host_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) * 6 >= 256  # 43 base64url characters = 32 random bytes


def test_create_room_returns_code_and_token_and_stores_only_a_hash(store):
    made = store.create_room()
    assert len(made.code) == 6 and set(made.code) <= set(CODE_ALPHABET)
    assert len(made.host_token) >= 43
    assert made.host_token not in repr(made)
    rows = dump(store)["poll_rooms"]
    assert len(rows) == 1
    assert made.host_token not in repr(rows)  # only its sha256 is kept
    store.check_host(made.code, made.host_token)


def test_rooms_get_different_codes_and_tokens(store):
    rooms = [store.create_room() for _ in range(30)]
    assert len({r.code for r in rooms}) == 30
    assert len({r.host_token for r in rooms}) == 30


def test_create_room_retries_a_taken_code(store, monkeypatch):
    first = store.create_room()
    sequence = iter([first.code, first.code, "ABC234"])
    monkeypatch.setattr(codes_module, "new_code", lambda: next(sequence))
    assert store.create_room().code == "ABC234"


def test_room_codes_are_normalised_before_lookup(store, room):
    spaced = f" {room.code[:3].lower()}-{room.code[3:]} "
    assert normalise_code(spaced) == room.code
    store.vote(spaced, Q, voter(1), A)
    store.vote(room.code.lower(), Q, voter(2), A)
    assert store.tally(f"{room.code[:3]} {room.code[3:]}", Q)[A] == 2
    assert store.state(room.code.lower()).code == room.code


MANGLED = ["", "ABC23", "ABC2345", "ABC23O", "ABC231", "AB!234", None, 42]


@pytest.mark.parametrize("mangled", MANGLED)
def test_mangled_codes_get_a_clear_lookup_error(store, mangled):
    with pytest.raises(LookupError, match="is not a room code"):
        store.state(mangled)
    with pytest.raises(LookupError, match="is not a room code"):
        store.vote(mangled, Q, voter(1), A)


def test_unknown_room_is_a_lookup_error_everywhere(store, room):
    unknown = "ZZZ999" if room.code != "ZZZ999" else "YYY888"
    calls = [
        lambda: store.state(unknown),
        lambda: store.tally(unknown, Q),
        lambda: store.rounds(unknown, Q),
        lambda: store.voter_count(unknown),
        lambda: store.vote(unknown, Q, voter(1), A),
        lambda: store.vote_of(unknown, Q, voter(1)),
        lambda: store.open_question(unknown, room.host_token, Q),
        lambda: store.revote(unknown, room.host_token, Q),
        lambda: store.reveal(unknown, room.host_token, Q),
        lambda: store.check_host(unknown, room.host_token),
        lambda: store.close_room(unknown, room.host_token),
    ]
    before = dump(store)
    for call in calls:
        with pytest.raises(LookupError, match=f"No room with code {unknown}: check the code"):
            call()
    assert dump(store) == before


# -- who may do what -----------------------------------------------------------------------


def _host_actions(store, code, token):
    return [
        lambda: store.open_question(code, token, Q2),
        lambda: store.revote(code, token, Q),
        lambda: store.reveal(code, token, Q),
        lambda: store.close_room(code, token),
        lambda: store.check_host(code, token),
    ]


@pytest.mark.parametrize("bad", [None, "", 0, "wrong-token", "x" * 10_000])
def test_host_actions_refuse_a_missing_or_wrong_token(store, room, bad):
    before = dump(store)
    for action in _host_actions(store, room.code, bad):
        with pytest.raises(PermissionError, match=f"room {room.code}"):
            action()
    assert dump(store) == before


def test_host_actions_refuse_a_near_miss_or_another_rooms_token(store, room):
    other = store.create_room()
    before = dump(store)
    near = [room.host_token + "x", room.host_token[:-1], room.host_token.upper(), other.host_token]
    for bad in near:
        for action in _host_actions(store, room.code, bad):
            with pytest.raises(PermissionError):
                action()
    assert dump(store) == before


def test_wrong_token_is_checked_before_the_question(store, room):
    with pytest.raises(PermissionError):
        store.open_question(room.code, "wrong-token", "no-such-question")


def test_unknown_question_is_a_value_error(store, room):
    before = dump(store)
    for bad in ["no-such-question", "", None, ["1a-test"]]:
        with pytest.raises(ValueError, match="Unknown question"):
            store.open_question(room.code, room.host_token, bad)
        with pytest.raises(ValueError, match="Unknown question"):
            store.revote(room.code, room.host_token, bad)
        with pytest.raises(ValueError, match="Unknown question"):
            store.reveal(room.code, room.host_token, bad)
        with pytest.raises(ValueError, match="Unknown question"):
            store.vote(room.code, bad, voter(1), A)
        with pytest.raises(ValueError, match="Unknown question"):
            store.tally(room.code, bad)
        with pytest.raises(ValueError, match="Unknown question"):
            store.rounds(room.code, bad)
    assert dump(store) == before


# -- opening, voting, tallying -------------------------------------------------------------


def test_tally_lists_every_option_in_bank_order(store, room):
    assert store.tally(room.code, Q) == {A: 0, B: 0, C: 0}
    assert list(store.tally(room.code, Q)) == [A, B, C]
    assert store.tally(room.code, Q2) == {"yes": 0, "no": 0}  # never opened: all zero
    store.vote(room.code, Q, voter(1), B)
    store.vote(room.code, Q, voter(2), B)
    store.vote(room.code, Q, voter(3), C)
    assert store.tally(room.code, Q) == {A: 0, B: 2, C: 1}


def test_state_before_and_after_a_question_opens(store):
    made = store.create_room()
    empty = store.state(made.code)
    assert (empty.question_id, empty.round, empty.revealed, empty.voters) == (None, 0, False, 0)
    store.open_question(made.code, made.host_token, Q)
    store.vote(made.code, Q, voter(1), A)
    state = store.state(made.code)
    assert (state.question_id, state.round, state.revealed, state.voters) == (Q, 1, False, 1)
    assert store.voter_count(made.code) == 1
    assert not any("host" in name for name in vars(state))  # students never see the token


def test_a_later_vote_replaces_the_earlier_one(store, room):
    store.vote(room.code, Q, voter(1), A)
    assert store.vote_of(room.code, Q, voter(1)) == A
    store.vote(room.code, Q, voter(1), C)
    store.vote(room.code, Q, voter(1), C)
    assert store.tally(room.code, Q) == {A: 0, B: 0, C: 1}
    assert store.vote_of(room.code, Q, voter(1)) == C
    assert store.vote_of(room.code, Q, voter(2)) is None
    assert store.voter_count(room.code) == 1
    assert len(dump(store)["poll_votes"]) == 1


def test_unicode_options_round_trip(store):
    made = store.create_room()
    store.open_question(made.code, made.host_token, "side-unicode")
    options = BANK["side-unicode"].options
    for i, option in enumerate(options):
        store.vote(made.code, "side-unicode", voter(i), option)
    assert store.tally(made.code, "side-unicode") == dict.fromkeys(options, 1)


def test_opening_again_changes_nothing(store, room):
    store.vote(room.code, Q, voter(1), A)
    assert store.open_question(room.code, room.host_token, Q) == 1  # a rerun of the host page
    assert store.tally(room.code, Q)[A] == 1
    assert store.state(room.code).round == 1


def test_switching_questions_and_back_keeps_votes(store, room):
    store.vote(room.code, Q, voter(1), A)
    store.open_question(room.code, room.host_token, Q2)
    assert store.state(room.code).question_id == Q2
    store.vote(room.code, Q2, voter(1), "yes")
    with pytest.raises(ValueError, match="is not open"):
        store.vote(room.code, Q, voter(2), A)
    store.open_question(room.code, room.host_token, Q)
    assert store.tally(room.code, Q)[A] == 1
    assert store.tally(room.code, Q2)["yes"] == 1


# -- rounds --------------------------------------------------------------------------------


def test_revote_opens_round_two_with_its_own_tally(store, room):
    for i, choice in enumerate([A, A, B]):
        store.vote(room.code, Q, voter(i), choice)
    assert store.revote(room.code, room.host_token, Q) == 2
    state = store.state(room.code)
    assert (state.question_id, state.round, state.voters) == (Q, 2, 0)
    assert store.tally(room.code, Q) == {A: 0, B: 0, C: 0}
    for i, choice in enumerate([B, B, B]):
        store.vote(room.code, Q, voter(i), choice)
    assert store.tally(room.code, Q) == {A: 0, B: 3, C: 0}
    assert store.tally(room.code, Q, round=1) == {A: 2, B: 1, C: 0}
    assert store.vote_of(room.code, Q, voter(0), round=1) == A
    assert store.vote_of(room.code, Q, voter(0)) == B
    side_by_side = store.rounds(room.code, Q)
    assert [(r.round, r.voters, r.revealed) for r in side_by_side] == [(1, 3, False), (2, 3, False)]
    assert side_by_side[0].counts == {A: 2, B: 1, C: 0}
    assert side_by_side[1].counts == {A: 0, B: 3, C: 0}
    assert store.voter_count(room.code, Q, round=1) == 3


def test_rounds_lists_empty_rounds_and_nothing_for_unopened_questions(store, room):
    store.revote(room.code, room.host_token, Q)
    assert [(r.round, r.voters) for r in store.rounds(room.code, Q)] == [(1, 0), (2, 0)]
    assert store.rounds(room.code, Q)[1].counts == {A: 0, B: 0, C: 0}
    assert store.rounds(room.code, Q2) == []


def test_revote_needs_an_opened_question(store, room):
    before = dump(store)
    with pytest.raises(ValueError, match="open it before a re-vote"):
        store.revote(room.code, room.host_token, Q2)
    assert dump(store) == before


def test_rounds_that_were_never_opened_are_refused(store, room):
    for bad in [0, -1, 3, 1.5, "1", True]:
        with pytest.raises(ValueError, match="round"):
            store.tally(room.code, Q, round=bad)


def test_reopening_a_question_returns_to_its_latest_round(store, room):
    store.revote(room.code, room.host_token, Q)
    store.open_question(room.code, room.host_token, Q2)
    assert store.open_question(room.code, room.host_token, Q) == 2
    assert store.state(room.code).round == 2


# -- reveal --------------------------------------------------------------------------------


def test_votes_after_reveal_are_refused(store, room):
    store.vote(room.code, Q, voter(1), A)
    store.reveal(room.code, room.host_token, Q)
    store.reveal(room.code, room.host_token, Q)  # twice is fine
    assert store.state(room.code).revealed
    before = dump(store)
    for who, choice in [(voter(1), B), (voter(2), A)]:
        with pytest.raises(ValueError, match="closed: the answer is revealed"):
            store.vote(room.code, Q, who, choice)
    assert dump(store) == before
    assert store.tally(room.code, Q) == {A: 1, B: 0, C: 0}  # the distribution stays readable


def test_a_revote_after_reveal_opens_a_new_unrevealed_round(store, room):
    store.reveal(room.code, room.host_token, Q)
    assert store.revote(room.code, room.host_token, Q) == 2
    assert not store.state(room.code).revealed
    store.vote(room.code, Q, voter(1), B)
    assert [r.revealed for r in store.rounds(room.code, Q)] == [True, False]


def test_reveal_needs_the_open_question(store, room):
    before = dump(store)
    with pytest.raises(ValueError, match="is not open in room"):
        store.reveal(room.code, room.host_token, Q2)
    assert dump(store) == before


# -- bad votes -----------------------------------------------------------------------------


def test_a_vote_on_a_question_that_is_not_open_is_refused(store):
    made = store.create_room()
    with pytest.raises(ValueError, match="No question is open"):
        store.vote(made.code, Q, voter(1), A)
    store.open_question(made.code, made.host_token, Q)
    with pytest.raises(ValueError, match=f"Question '{Q2}' is not open"):
        store.vote(made.code, Q2, voter(1), "yes")
    assert dump(store)["poll_votes"] == []


@pytest.mark.parametrize("choice", ["D", "a", " A", "yes", "", None, 0, ("A",)])
def test_a_choice_that_is_not_an_option_is_refused(store, room, choice):
    before = dump(store)
    with pytest.raises(ValueError, match="is not an option"):
        store.vote(room.code, Q, voter(1), choice)
    assert dump(store) == before


@pytest.mark.parametrize(
    "bad", ["", "short", "x" * 65, "has space1", "semi;colon", "ünïcødé12", "a/b/c/d/e", None, 7]
)
def test_a_malformed_voter_id_is_refused(store, room, bad):
    before = dump(store)
    with pytest.raises(ValueError, match="is not a voter id"):
        store.vote(room.code, Q, bad, A)
    assert dump(store) == before


def test_new_voter_ids_are_accepted(store, room):
    ids = {new_voter_id() for _ in range(50)}
    assert len(ids) == 50
    for i, voter_id in enumerate(sorted(ids)):
        store.vote(room.code, Q, voter_id, (A, B, C)[i % 3])
    assert store.voter_count(room.code) == 50


def test_nothing_is_written_on_any_bad_input(store, room):
    store.vote(room.code, Q, voter(1), A)
    before = dump(store)
    bad_calls = [
        lambda: store.vote("ZZZZZZ", Q, voter(2), A),
        lambda: store.vote("not a code", Q, voter(2), A),
        lambda: store.vote(room.code, Q2, voter(2), "yes"),
        lambda: store.vote(room.code, Q, voter(2), "D"),
        lambda: store.vote(room.code, Q, "bad id", A),
        lambda: store.vote(room.code, "nope", voter(2), A),
        lambda: store.open_question(room.code, "", Q2),
        lambda: store.open_question(room.code, room.host_token, "nope"),
        lambda: store.revote(room.code, room.host_token, Q2),
        lambda: store.reveal(room.code, room.host_token, Q2),
        lambda: store.close_room(room.code, "wrong-token"),
        lambda: store.tally(room.code, Q, round=5),
    ]
    for call in bad_calls:
        with pytest.raises((LookupError, PermissionError, ValueError)):
            call()
    assert dump(store) == before


# -- many voters at once -------------------------------------------------------------------


def test_300_concurrent_voters_are_each_counted_exactly_once(store, room):
    options = (A, B, C)

    def student(i: int) -> None:
        store.vote(room.code, Q, voter(i), options[i % 3])  # a first tap
        store.vote(room.code, Q, voter(i), options[(i + 1) % 3])  # changed before Reveal
        store.state(room.code)

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(student, range(300)))  # list() re-raises any error
    expected = {options[(i + 1) % 3]: 0 for i in range(3)}
    for i in range(300):
        expected[options[(i + 1) % 3]] += 1
    assert store.tally(room.code, Q) == expected == {A: 100, B: 100, C: 100}
    assert store.voter_count(room.code) == 300
    assert len(dump(store)["poll_votes"]) == 300


# -- expiry --------------------------------------------------------------------------------


def test_rooms_expire_24_hours_after_their_last_activity(store, clock):
    assert ROOM_TTL_S == DAY
    made = store.create_room()
    store.open_question(made.code, made.host_token, Q)
    clock.advance(DAY - 120)
    store.vote(made.code, Q, voter(1), A)  # activity: the room lives on
    clock.advance(DAY - 120)
    assert store.state(made.code).voters == 1
    assert store.state(made.code).expires_at == pytest.approx(clock.now + 120)
    clock.advance(121)
    with pytest.raises(LookupError, match="No room with code"):
        store.state(made.code)
    with pytest.raises(LookupError):
        store.vote(made.code, Q, voter(2), A)
    assert store.purge_expired() == 1
    assert dump(store) == {"poll_rooms": [], "poll_rounds": [], "poll_votes": []}


def test_reads_do_not_keep_a_room_alive(store, clock, room):
    clock.advance(DAY - 1)
    store.state(room.code)
    store.tally(room.code, Q)
    clock.advance(2)
    with pytest.raises(LookupError):
        store.tally(room.code, Q)


def test_votes_refresh_activity_at_most_once_a_minute(store, clock, room):
    def last_active():
        return dump(store)["poll_rooms"][0][-1]

    start = last_active()
    clock.advance(30)
    store.vote(room.code, Q, voter(1), A)
    assert last_active() == start
    clock.advance(31)
    store.vote(room.code, Q, voter(2), A)
    assert last_active() == clock.now


def test_create_room_purges_expired_rooms(store, clock):
    old = store.create_room()
    store.open_question(old.code, old.host_token, Q)
    store.vote(old.code, Q, voter(1), A)
    clock.advance(DAY + 1)
    new = store.create_room()
    rows = dump(store)
    assert [r[0] for r in rows["poll_rooms"]] == [new.code]
    assert rows["poll_rounds"] == rows["poll_votes"] == []


def test_purge_takes_an_explicit_time_and_a_custom_ttl(db_url, clock):
    short = PollStore(db_url, questions=BANK, clock=clock, ttl=60)
    try:
        made = short.create_room()
        assert short.purge_expired(now=clock.now + 59) == 0
        assert short.purge_expired(now=clock.now + 61) == 1
        with pytest.raises(LookupError):
            short.state(made.code)
    finally:
        short.dispose()


def test_close_room_deletes_it_now(store, room):
    store.vote(room.code, Q, voter(1), A)
    store.close_room(room.code, room.host_token)
    assert dump(store) == {"poll_rooms": [], "poll_rounds": [], "poll_votes": []}
    with pytest.raises(LookupError):
        store.state(room.code)


# -- several processes, one database -------------------------------------------------------


def test_two_stores_on_one_url_share_rooms(store, db_url, clock):
    replica = PollStore(db_url, questions=BANK, clock=clock)  # tables exist: no error
    try:
        made = store.create_room()
        replica.open_question(made.code, made.host_token, Q)
        store.vote(made.code, Q, voter(1), B)
        assert replica.tally(made.code, Q)[B] == 1
    finally:
        replica.dispose()


def test_the_real_question_bank(db_url):
    lessons = pytest.importorskip(
        "lessons.questions", reason="lessons/questions.py (the question bank) is not there yet"
    )
    real = PollStore(db_url)  # default bank: lessons.questions.QUESTIONS, imported lazily
    try:
        assert real.questions is lessons.QUESTIONS
        made = real.create_room()
        for qid, question in lessons.QUESTIONS.items():
            real.open_question(made.code, made.host_token, qid)
            for i, option in enumerate(question.options):
                real.vote(made.code, qid, voter(i), option)
            assert real.tally(made.code, qid) == dict.fromkeys(question.options, 1)
            assert question.answer in real.tally(made.code, qid)
            real.reveal(made.code, made.host_token, qid)
    finally:
        real.dispose()


def test_repr_hides_the_token_and_password():
    assert "secret" not in repr(make_engine("postgresql://u:secret@db.example/polls").url)
    with pytest.raises(ValueError, match="supports SQLite and PostgreSQL"):
        make_engine("mysql://u@h/db")
    with pytest.raises(ValueError, match="not a database URL"):
        make_engine("not a url")
    assert make_engine("postgresql://u@h/db").url.drivername == "postgresql+psycopg"


# -- SQLite set-up and configuration -------------------------------------------------------


def ours(engine) -> int:
    """How many times set_sqlite_pragmas is registered on this engine's pool."""
    return sum(fn is set_sqlite_pragmas for fn in engine.pool.dispatch.connect)


def test_sqlite_connections_use_wal_and_a_busy_timeout(sqlite_store):
    engine = sqlite_store.engine
    assert event.contains(engine, "connect", set_sqlite_pragmas)
    listeners = len(engine.pool.dispatch.connect)
    assert ours(engine) == 1
    held = [engine.connect() for _ in range(6)]  # new DBAPI connections, one listener call each
    try:
        for conn in held:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        for conn in held:
            conn.close()
    sqlite_store.dispose()
    sqlite_store.state(sqlite_store.create_room().code)  # reconnects after dispose
    assert len(engine.pool.dispatch.connect) == listeners
    assert ours(engine) == 1


def test_each_engine_gets_its_listener_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    stores = [PollStore(url, questions=BANK) for _ in range(3)]
    try:
        assert len({id(s.engine) for s in stores}) == 3
        assert [ours(s.engine) for s in stores] == [1, 1, 1]
    finally:
        for s in stores:
            s.dispose()


def test_default_url_is_a_sqlite_file_in_the_temp_folder():
    url = default_url()
    assert url.startswith("sqlite:///")
    path = Path(url.removeprefix("sqlite:///"))
    assert path.name == SQLITE_FILENAME
    assert path.parent == Path(tempfile.gettempdir())


def test_store_url_from_prefers_secrets_then_environment():
    secrets = {"connections": {"polls": {"url": " postgresql+psycopg://u@h/polls "}}}
    env = {ENV_VAR: "sqlite:////srv/polls.sqlite3"}
    assert store_url_from(secrets, env) == "postgresql+psycopg://u@h/polls"
    assert store_url_from({}, env) == "sqlite:////srv/polls.sqlite3"
    assert store_url_from({"connections": {"polls": {"url": ""}}}, env) == env[ENV_VAR]
    assert store_url_from({"connections": {"other": {}}}, {}) == default_url()
    assert store_url_from(None, {ENV_VAR: "  "}) == default_url()

    class NoSecretsFile(dict):  # how st.secrets behaves without a secrets.toml
        def __getitem__(self, key):
            raise FileNotFoundError("No secrets found")

    assert store_url_from(NoSecretsFile(), {}) == default_url()
