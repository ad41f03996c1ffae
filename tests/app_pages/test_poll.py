"""The class poll page: the host's projector view and the students' phone view.

Each test gets its own SQLite file (``BACKPROP_POLLS_URL``) and empty Streamlit
caches. Votes are cast through a separate :class:`classroom.PollStore` on the
same file (as other students' phones would), and the page must show exactly the
counts cast here; the host token must never reach a student's page or stay in
the URL.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from classroom import PollStore, new_voter_id
from lessons.questions import QUESTIONS
from tests.app_pages.apptest import ROOT, TIMEOUT, messages, vega_specs

Q = "1a-deltas"  # options A-D, answer B ("At the S nodes, output layer first")
OPTS = QUESTIONS[Q].options


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh poll store on its own SQLite file, which the page reads too."""
    url = f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    monkeypatch.setenv("BACKPROP_POLLS_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    s = PollStore(url)
    yield s
    s.dispose()
    st.cache_resource.clear()
    st.cache_data.clear()


def page(query: dict[str, str] | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages/poll.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def block(at: AppTest, key: str):
    """The container drawn with ``key=key`` (its element id ends with "-<key>")."""

    def walk(node):
        ident = getattr(getattr(node, "proto", None), "id", "") or ""
        if ident.endswith(f"-{key}"):
            return node
        children = getattr(node, "children", {})
        for child in children.values() if isinstance(children, dict) else children:
            found = walk(child)
            if found is not None:
                return found
        return None

    return walk(at._tree)


def texts(node) -> str:
    """Every protobuf of every element under ``node``, as one string (for leak checks)."""
    out = []

    def walk(n):
        proto = getattr(n, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(n, "children", {})
        for child in children.values() if isinstance(children, dict) else children:
            walk(child)

    walk(node)
    return "\n".join(out)


def hosting(at: AppTest) -> tuple[str, str]:
    return at.session_state["poll_host_room"], at.session_state["poll_host_token"]


def start(store, qid: str = Q, lecture: bool = True) -> AppTest:
    """The host's page after choosing ``qid`` and pressing Start."""
    at = page({"poll_q": qid}, lecture=lecture)
    at.button(key="poll_start").click().run()
    assert not at.exception, at.exception
    return at


def cast(store, code: str, qid: str, counts: dict[int, int]) -> None:
    """Votes from other phones: ``counts[i]`` voters choose option i."""
    for i, n in counts.items():
        for _ in range(n):
            store.vote(code, qid, new_voter_id(), QUESTIONS[qid].options[i])


def tally_rows(at: AppTest) -> list[tuple[str, str, int]]:
    """(round, label, count) of the tally chart's data, as the page sends them."""
    (spec,) = [s for s in vega_specs(at) if "tally" in s["_data"]]
    df = spec["_data"]["tally"]
    return [(r["round"], r["label"], int(r["count"])) for _, r in df.iterrows()]


# -- host: before a room -------------------------------------------------------------


def test_lecture_mode_without_a_room_shows_a_stage_to_start_one(store):
    at = page(lecture=True)
    assert not at.exception, at.exception
    stage = block(at, "stage")
    assert stage is not None, "no stage before a room exists"
    inside = texts(stage)
    assert "Start a room with this question" in inside
    assert "How the class poll works" in inside
    assert "Student? Type the room code" in inside  # the join form sits on the stage too
    assert at.selectbox(key="poll_pick").value == next(iter(QUESTIONS))


def test_defaults_put_the_join_form_first_for_phones(store):
    at = page()
    assert not at.exception, at.exception
    assert at.title[0].value.endswith("Class poll")
    assert block(at, "poll_join_box") is not None
    assert at.text_input(key="poll_join_code").max_chars == 12


def test_a_class_question_card_link_preselects_its_question(store):
    at = page({"poll_q": "2e-transpose"}, lecture=True)
    assert at.selectbox(key="poll_pick").value == "2e-transpose"
    assert "W₂ᵀ x₄" in texts(block(at, "poll_preview"))


def test_a_bad_question_id_in_the_link_gets_a_notice(store):
    at = page({"poll_q": "<b>9z-nope</b>"}, lecture=True)
    assert not at.exception
    notice = " ".join(c.value for c in at.caption)
    assert "Link problem" in notice and "not a question id" in notice
    assert "poll_q" not in at.query_params
    assert at.selectbox(key="poll_pick").value == next(iter(QUESTIONS))


# -- host: a room --------------------------------------------------------------------


def test_start_a_room_shows_code_qr_and_join_link_and_opens_the_question(store):
    at = start(store)
    code, token = hosting(at)
    state = store.state(code)
    assert (state.question_id, state.round, state.revealed) == (Q, 1, False)
    assert len(code) == 6
    assert texts(block(at, "poll_code")).count(code) >= 1
    assert len(at.get("image")) == 1  # the QR code, an SVG data URI
    assert f"poll?room={code}" in texts(block(at, "poll_join_link")).replace("\\", "")
    assert token not in texts(at._tree)  # not shown until asked for
    assert "host" not in at.query_params and token not in str(dict(at.query_params))


def test_votes_cast_elsewhere_show_in_the_live_tally(store):
    at = start(store)
    code, _ = hosting(at)
    cast(store, code, Q, {0: 3, 2: 1})
    at.run()
    rows = tally_rows(at)
    assert [(lab[0], n) for _, lab, n in rows] == [("A", 3), ("B", 0), ("C", 1), ("D", 0)]
    assert {r for r, _, _ in rows} == {"Round 1"}
    assert at.metric[0].label == "Voted" and at.metric[0].value == "4"


def test_hide_the_bars_keeps_only_the_count(store):
    at = start(store)
    code, _ = hosting(at)
    cast(store, code, Q, {1: 2})
    at.toggle(key="poll_hide").set_value(True).run()
    assert not at.exception
    assert not [s for s in vega_specs(at) if "tally" in s["_data"]]
    assert "2 votes in" in texts(block(at, "poll_hidden"))
    assert at.metric[0].value == "2"
    at.button(key="poll_reveal").click().run()  # Reveal shows the bars despite the switch
    assert tally_rows(at)


def test_revote_opens_round_2_beside_round_1(store):
    at = start(store)
    code, _ = hosting(at)
    voters = [new_voter_id() for _ in range(3)]
    for v, i in zip(voters, (0, 0, 1), strict=True):
        store.vote(code, Q, v, OPTS[i])
    at.button(key="poll_revote").click().run()
    assert store.state(code).round == 2
    for v in voters:  # after the discussion everyone picks B
        store.vote(code, Q, v, OPTS[1])
    at.run()
    rows = tally_rows(at)
    by_round = {(r, lab[0]): n for r, lab, n in rows}
    assert [by_round[("Round 1", x)] for x in "ABCD"] == [2, 1, 0, 0]
    assert [by_round[("Round 2", x)] for x in "ABCD"] == [0, 3, 0, 0]
    (spec,) = [s for s in vega_specs(at) if "tally" in s["_data"]]
    assert spec["layer"][0]["encoding"]["yOffset"]["field"] == "round"  # side by side
    assert at.metric[0].value == "3"


def test_reveal_shows_the_answer_its_reason_and_the_demo_view(store):
    at = start(store)
    code, _ = hosting(at)
    cast(store, code, Q, {1: 2, 3: 1})
    at.button(key="poll_reveal").click().run()
    assert store.state(code).revealed
    box = " ".join(s.value for s in at.success)
    assert "B. At the S nodes, output layer first" in box
    assert QUESTIONS[Q].explanation in box
    links = [m.value for m in at.markdown if "See it on" in m.value]
    assert links and "overview?ov_deltas=true&lecture=true" in links[0]
    labels = {lab for _, lab, _ in tally_rows(at)}
    assert "B. At the S nodes, output layer first ✓" in labels
    assert at.button(key="poll_reveal").disabled
    with pytest.raises(ValueError, match="closed"):
        store.vote(code, Q, new_voter_id(), OPTS[0])


def test_open_another_question_from_the_row_above_the_stage(store):
    at = start(store)
    code, _ = hosting(at)
    assert at.button(key="poll_open").disabled  # the chosen question is the open one
    at.selectbox(key="poll_pick").set_value("2b-order").run()
    assert at.query_params["poll_q"] == "2b-order"
    at.button(key="poll_open").click().run()
    assert store.state(code).question_id == "2b-order"
    assert "2b · round 1" in " ".join(m.value for m in at.markdown)


def test_host_link_appears_only_on_request_with_a_warning(store):
    at = start(store)
    code, token = hosting(at)
    assert at.get("expander")[0].label == "Settings"
    assert token not in texts(at._tree)
    at.button(key="poll_host_link").click().run()
    assert any("controls the poll" in w.value for w in at.warning)
    (shown,) = [c for c in at.code if token in c.value]
    assert shown.value == f"poll?room={code}&host={token}"


def test_a_host_link_is_read_into_the_session_and_leaves_the_url(store):
    room = store.create_room()
    store.open_question(room.code, room.host_token, "2d-step")
    at = page({"room": room.code, "host": room.host_token, "lecture": "true"})
    assert not at.exception
    assert "host" not in at.query_params and "room" not in at.query_params
    assert hosting(at) == (room.code, room.host_token)
    assert at.selectbox(key="poll_pick").value == "2d-step"
    assert block(at, "poll_code") is not None  # the host view, not the student view
    at.button(key="poll_reveal").click().run()
    assert store.state(room.code).revealed


def test_a_wrong_host_token_is_refused_and_removed(store):
    room = store.create_room()
    at = page({"room": room.code, "host": "not-the-token"})
    assert not at.exception
    notice = " ".join(c.value for c in at.caption)
    assert "host link does not work" in notice and "Wrong host token" in notice
    assert "host" not in at.query_params
    assert "poll_host_room" not in at.session_state
    assert block(at, "poll_code") is None
    assert store.state(room.code).question_id is None  # nothing written


def test_end_the_poll_deletes_the_room(store):
    at = start(store)
    code, _ = hosting(at)
    at.button(key="poll_close").click().run()
    with pytest.raises(LookupError):
        store.state(code)
    assert block(at, "poll_code") is None and at.button(key="poll_start")


# -- students ------------------------------------------------------------------------


def test_student_waits_until_a_question_opens(store):
    room = store.create_room()
    at = page({"room": room.code.lower()})
    assert not at.exception
    assert any("Waiting for the lecturer" in i.value for i in at.info)
    assert len(at.query_params["voter"]) >= 8  # a random voter id, kept in the URL


def test_student_votes_changes_the_vote_and_keeps_it_after_a_reload(store):
    room = store.create_room()
    store.open_question(room.code, room.host_token, Q)
    at = page({"room": room.code})
    voter = at.query_params["voter"]
    at.button(key="poll_opt_1").click().run()
    assert store.tally(room.code, Q) == dict(zip(OPTS, [0, 1, 0, 0], strict=True))
    assert any("Your vote is in: B" in s.value for s in at.success)
    at.button(key="poll_opt_2").click().run()  # changed her mind before Reveal
    assert store.tally(room.code, Q) == dict(zip(OPTS, [0, 0, 1, 0], strict=True))
    assert store.vote_of(room.code, Q, voter) == OPTS[2]
    again = page({"room": room.code, "voter": voter})  # a reload: a new session, same URL
    assert again.button(key="poll_opt_2").proto.type == "primary"
    assert any("Your vote is in: C" in s.value for s in again.success)
    assert store.voter_count(room.code) == 1


def test_student_after_reveal_sees_answer_and_distribution(store):
    room = store.create_room()
    store.open_question(room.code, room.host_token, Q)
    cast(store, room.code, Q, {1: 3, 2: 1})
    store.reveal(room.code, room.host_token, Q)
    at = page({"room": room.code})
    assert not at.exception
    assert any("Answer: B." in s.value for s in at.success)
    assert not [b for b in at.button if b.key and b.key.startswith("poll_opt_")]
    rows = tally_rows(at)
    assert [(lab, n) for _, lab, n in rows] == [("A", 0), ("B ✓", 3), ("C", 1), ("D", 0)]


def test_the_host_token_never_reaches_a_student(store):
    at = start(store)
    code, token = hosting(at)
    cast(store, code, Q, {0: 1})
    student = page({"room": code})
    student.button(key="poll_opt_3").click().run()
    store.reveal(code, token, Q)
    st.cache_data.clear()
    student.run()
    assert token not in texts(student._tree)
    assert token not in str(dict(student.query_params))
    state = student.session_state._state.filtered_state  # AppTest's SessionState
    assert all(token not in str(v) for v in state.values())


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("@@@", "is not a room code"),
        ("O0I1L5", "is not a room code"),
        ("ABCDEF", "No room with code ABCDEF"),
        ("<b>x</b>" * 50, "is not a room code"),
    ],
)
def test_a_wrong_room_code_gets_a_clear_message(store, raw, says):
    at = page({"room": raw})
    assert not at.exception
    assert any(says in m.replace("\\", "") for m in messages(at)), messages(at)
    assert at.text_input(key="poll_join_code")  # type the right code here
    assert "voter" not in at.query_params  # nothing written, not even a voter id


def test_repeated_wrong_codes_are_slowed_down(store, monkeypatch):
    import ui.poll.access as access

    waits = []
    monkeypatch.setattr(access, "time", SimpleNamespace(sleep=waits.append))
    at = page({"room": "ABCDEF"})
    for _ in range(5):
        at.run()
    assert waits == [0.5, 1.0, 1.5, 2.0, 2.0]  # no wait before the first try
    assert any("wrong codes in a row" in c.value for c in at.caption)
    room = store.create_room()
    at.query_params["room"] = room.code
    at.run()
    assert at.session_state["poll_failed_codes"] == 0  # a right code resets the count


def test_joining_by_typing_the_code(store):
    room = store.create_room()
    at = page()
    at.text_input(key="poll_join_code").input(" " + room.code.lower()[:3] + "-" + room.code[3:])
    next(b for b in at.get("button") if b.label == "Join").click().run()
    assert at.query_params["room"] == room.code
    assert any("Waiting for the lecturer" in i.value for i in at.info)


def test_voting_on_a_closed_or_replaced_question_is_refused(store):
    room = store.create_room()
    store.open_question(room.code, room.host_token, Q)
    at = page({"room": room.code})
    store.reveal(room.code, room.host_token, Q)  # revealed while the phone still shows it
    at.button(key="poll_opt_0").click().run()
    assert any("has closed" in e.value for e in at.error)
    assert store.tally(room.code, Q)[OPTS[0]] == 0
    store.open_question(room.code, room.host_token, "2b-order")
    at2 = page({"room": room.code, "voter": at.query_params["voter"]})
    store.open_question(room.code, room.host_token, "2d-step")
    at2.button(key="poll_opt_0").click().run()  # an option of 2b-order, no longer open
    assert any("is not open" in e.value for e in at2.error)
    assert store.tally(room.code, "2b-order") == dict.fromkeys(QUESTIONS["2b-order"].options, 0)


def _bad_option_script():
    import streamlit as st

    from ui.poll.student import cast_vote

    code, qid = st.session_state["code"], st.session_state["qid"]
    st.write(cast_vote(code, qid, "voter-12345", "E. none of these", 1) or "accepted")
    st.write(cast_vote(code, qid, "bad id!", st.session_state["option"], 1) or "accepted")


def test_an_option_that_does_not_exist_is_refused(store):
    room = store.create_room()
    store.open_question(room.code, room.host_token, Q)
    at = AppTest.from_function(_bad_option_script, default_timeout=TIMEOUT)
    for key, value in {"code": room.code, "qid": Q, "option": OPTS[0]}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    said = [m.value for m in at.markdown]
    assert "is not an option" in said[0] and "is not a voter id" in said[1]
    assert store.voter_count(room.code) == 0


def test_a_mangled_voter_id_is_replaced_with_a_notice(store):
    room = store.create_room()
    at = page({"room": room.code, "voter": "<script>"})
    assert not at.exception
    assert any("voter id in this link was not valid" in c.value for c in at.caption)
    assert at.query_params["voter"] != "<script>"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://user:secret@db.example/polls", "misconfigured"),
        ("postgresql+psycopg://user:secret@127.0.0.1:1/polls", "did not answer"),
    ],
)
def test_a_broken_store_url_gets_a_message_not_a_traceback(monkeypatch, url, says):
    monkeypatch.setenv("BACKPROP_POLLS_URL", url)
    st.cache_resource.clear()
    try:
        for query in ({}, {"room": "ABC234"}, {"room": "ABC234", "host": "a-host-token"}):
            at = page(query)
            assert not at.exception, at.exception
            said = " ".join(messages(at))
            assert says in said and "secret" not in said
            assert "host" not in at.query_params  # a token leaves the URL even then
    finally:
        st.cache_resource.clear()
