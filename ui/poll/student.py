"""The student's view (a phone): the open question, one tap to vote, the reveal.

The join link is ``poll?room=CODE``; the page adds a random ``voter`` id to the
student's URL, so a reload keeps the same vote. Room state and tallies are read
through a ~1 s shared cache (:mod:`ui.poll.access`); only votes (and one look-up
of a returning voter's choice per round) reach the store directly.
"""

from __future__ import annotations

import streamlit as st

from classroom import new_voter_id, normalise_code
from classroom.codes import check_voter_id
from lessons.questions import QUESTIONS, Question
from ui import layout
from ui.poll import links
from ui.poll.access import (
    DB_ERRORS,
    DOWN,
    record_lookup,
    shared_rounds,
    shared_state,
    store,
    throttle,
)
from ui.poll.charts import LETTERS, tally_chart
from ui.poll.fields import ROOM, VOTER

MINE = "poll_my_votes"  # session: "code|question|round" -> the choice this voter made
VOTE_MSG = "poll_vote_msg"
JOIN_MSG = "poll_join_msg"
CODE_INPUT = "poll_join_code"
_REMEMBER = 16  # rounds whose own vote a session remembers

_CSS = """
<style>
.st-key-poll_opts button { min-height: 3.4rem; }
.st-key-poll_opts button p { font-size: 1.15rem; white-space: normal; }
.st-key-poll_room_line p { margin-bottom: 0; }
.st-key-poll_prompt p { font-size: 1.3rem; font-weight: 600; line-height: 1.35; }
/* a phone's first screen is for the question: a smaller title, a thinner top margin */
[data-testid="stMainBlockContainer"] { padding-top: 3.2rem; }
[data-testid="stMain"] h1 { font-size: 2rem; padding-top: 0.5rem; }
/* the view refreshes itself every 3 s: no flashing "Running... Stop" (Stop would end it) */
[data-testid="stStatusWidget"] { visibility: hidden; }
</style>
"""


def _join() -> None:
    """The join form's callback: a well-formed code goes into the URL (``?room=``)."""
    raw = st.session_state.get(CODE_INPUT, "")
    try:
        code = normalise_code(raw)
    except LookupError as err:
        record_lookup(False)
        st.session_state[JOIN_MSG] = str(err)
        return
    st.query_params[ROOM] = code
    st.query_params[VOTER] = new_voter_id()


def join_form() -> None:
    """ "Joining as a student?": type the code from the projector."""
    with st.form("poll_join_form", border=False):
        st.text_input(
            "📱 Student? Type the room code from the projector",
            key=CODE_INPUT,
            max_chars=12,
            placeholder="e.g. ABC234",
        )
        st.form_submit_button("Join", icon=":material/login:", on_click=_join)
    msg = st.session_state.pop(JOIN_MSG, None)
    if msg:
        st.error(layout.literal(msg))


def _voter() -> str:
    """This student's voter id from the URL; a fresh one (written to the URL) if none."""
    raw = st.query_params.get(VOTER)
    try:
        return check_voter_id(raw)
    except ValueError:
        if raw is not None:
            st.caption(
                ":orange[Link problem:] the voter id in this link was not valid, so you got a "
                "new one (any vote under the old id is not counted twice)."
            )
        voter = new_voter_id()
        st.query_params[VOTER] = voter
        return voter


def _key(code: str, qid: str, round_no: int) -> str:
    return f"{code}|{qid}|{round_no}"


def my_vote(code: str, qid: str, round_no: int, voter: str) -> str | None:
    """This voter's choice in a round: remembered after a tap, read once after a reload."""
    mine = st.session_state.setdefault(MINE, {})
    key = _key(code, qid, round_no)
    if key not in mine:
        try:
            mine[key] = store().vote_of(code, qid, voter, round_no)
        except (LookupError, ValueError):
            mine[key] = None
        except DB_ERRORS:
            return None  # not remembered: asked again on the next refresh
        while len(mine) > _REMEMBER:
            mine.pop(next(iter(mine)))
    return mine[key]


def cast_vote(code: str, qid: str, voter: str, choice: str, round_no: int) -> str | None:
    """Vote (or change the vote); returns a message when the store refuses it (nothing
    is written then), else None."""
    try:
        store().vote(code, qid, voter, choice)
    except (LookupError, ValueError) as err:
        st.session_state[VOTE_MSG] = str(err)
        return str(err)
    except DB_ERRORS:
        st.session_state[VOTE_MSG] = DOWN
        return DOWN
    st.session_state.setdefault(MINE, {})[_key(code, qid, round_no)] = choice
    return None


def _options(q: Question, code: str, voter: str, round_no: int, mine: str | None) -> None:
    with st.container(key="poll_opts"):
        for i, option in enumerate(q.options):
            st.button(
                f"{LETTERS[i]}.  {layout.literal(option)}",
                key=f"poll_opt_{i}",
                type="primary" if option == mine else "secondary",
                icon=":material/check_circle:" if option == mine else None,
                width="stretch",
                on_click=cast_vote,
                args=(code, q.id, voter, option, round_no),
            )
    msg = st.session_state.pop(VOTE_MSG, None)
    if msg:
        st.error(layout.literal(msg))
    elif mine is not None:
        letter = LETTERS[q.options.index(mine)]
        st.success(
            f"**Your vote is in: {letter}.** Tap another option to change it "
            "until the lecturer reveals the answer."
        )
    else:
        st.caption("Tap one option. You can change it until the lecturer reveals the answer.")


def _revealed(q: Question, code: str, mine: str | None) -> None:
    letter = LETTERS[q.options.index(q.answer)]
    st.success(f"**Answer: {letter}. {layout.literal(q.answer)}**  \n{q.explanation}")
    if mine is not None:
        yours = LETTERS[q.options.index(mine)]
        verdict = "right ✓" if mine == q.answer else "not this time"
        st.markdown(f"You chose **{yours}**: {verdict}.")
    tallies = shared_rounds(code, q.id)
    if isinstance(tallies, str):
        st.warning(tallies)
        return
    st.markdown("  \n".join(f"**{LETTERS[i]}.** {o}" for i, o in enumerate(q.options)))
    st.vega_lite_chart(
        spec=tally_chart(q, tallies, revealed=True, height=200, full_labels=False),
        width="stretch",
    )
    layout.page_link(*links.demo_link(q, lecture=False), icon="🔎")


@st.fragment(run_every=3)
def _live(code: str, voter: str) -> None:
    """The room as the student sees it; refreshes itself every 3 seconds."""
    state = shared_state(code)
    if isinstance(state, str):
        st.warning(f"{layout.literal(state)} The lecturer may have ended the poll.")
        return
    if state.question_id is None or state.question_id not in QUESTIONS:
        st.info("⏳ Waiting for the lecturer to open a question. This page updates by itself.")
        return
    q = QUESTIONS[state.question_id]
    st.markdown(f":gray[Question {q.part} · round {state.round}]")
    st.container(key="poll_prompt").markdown(q.prompt)
    mine = my_vote(code, q.id, state.round, voter)
    if state.revealed:
        _revealed(q, code, mine)
    else:
        _options(q, code, voter, state.round, mine)


def view(raw_code: str) -> None:
    """The student's page for ``?room=<raw_code>``."""
    st.html(_CSS)
    throttle()
    try:
        code = normalise_code(raw_code)
        state = shared_state(code)
        if state == DOWN:
            st.warning(DOWN)
            return
        if isinstance(state, str):
            raise LookupError(state)
    except LookupError as err:
        fails = record_lookup(False)
        st.error(layout.literal(str(err)))
        if fails >= 3:
            st.caption(f"{fails} wrong codes in a row: each new try now waits a moment longer.")
        join_form()
        return
    record_lookup(True)
    voter = _voter()
    with st.container(key="poll_room_line"):
        st.markdown(f"🗳️ Room **{code}** · no login, your vote is anonymous")
    _live(code, voter)
