"""The host's view (the projector): start a room, open questions, live bars, Reveal.

The host token lives in this browser session's state only. A host link
(``?room=CODE&host=TOKEN``, made on request for another device) is read once by
:func:`adopt_host_link` and removed from the address bar in the same run. Every
host action goes through the store, which checks the token (constant time).
"""

from __future__ import annotations

import streamlit as st

from lessons.questions import QUESTIONS
from ui import layout
from ui.poll import links
from ui.poll.access import DB_ERRORS, DOWN, store
from ui.poll.charts import LETTERS, tally_chart
from ui.poll.fields import HIDE, HOST, QUESTION, ROOM
from ui.safe_text import quote
from ui.state import render

ROOM_KEY = "poll_host_room"
TOKEN_KEY = "poll_host_token"
PICK = "poll_pick"
MSG = "poll_host_msg"
SHOW_LINK = "poll_show_host_link"
_SEEN_Q = "poll_q_seen"
IDS = tuple(QUESTIONS)
_CSS = """
<style>
.st-key-poll_code p { font-size: 3.3rem; font-weight: 700; letter-spacing: 0.12em;
  font-family: "Source Code Pro", monospace; line-height: 1.1; margin: 0; }
.st-key-poll_join_link p { font-size: 1.05rem; font-weight: 600; overflow-wrap: anywhere; }
/* the live part reruns every second: no flashing "Running... Stop" on the projector */
[data-testid="stStatusWidget"] { visibility: hidden; }
</style>
"""

HOW = """
**How the class poll works**

1. **Start a room.** The projector shows a room code, a join link and a QR code.
2. **Students join** on their phones: scan the code or open the link. No login, no names.
3. **Open a question.** Votes arrive live; hide the bars for a first, independent vote.
4. **Discuss, re-vote** (round 2 beside round 1), then **Reveal**: the answer, why, and
   the demo view that proves it.
"""


def _label(qid: str) -> str:
    q = QUESTIONS[qid]
    prompt = q.prompt if len(q.prompt) <= 70 else q.prompt[:69] + "…"
    return f"{q.part} · {prompt}"


def room() -> tuple[str, str] | None:
    """(code, token) of the room this session hosts, or None."""
    code, token = st.session_state.get(ROOM_KEY), st.session_state.get(TOKEN_KEY)
    return (code, token) if code and token else None


def _forget() -> None:
    for key in (ROOM_KEY, TOKEN_KEY, SHOW_LINK):
        st.session_state.pop(key, None)


def adopt_host_link() -> str | None:
    """Read a host link's ``host`` (and ``room``) into this session and drop both from
    the URL at once. Returns a message when the link does not work, else None."""
    if HOST not in st.query_params:
        return None
    token, code = st.query_params.get(HOST, ""), st.query_params.get(ROOM, "")
    for key in (HOST, ROOM):
        if key in st.query_params:
            del st.query_params[key]
    try:
        store().check_host(code, token)
        state = store().state(code)
    except (LookupError, PermissionError) as err:
        return f"This host link does not work: {layout.literal(str(err))}"
    except (ValueError, *DB_ERRORS):  # a misconfigured or silent store: the page says which
        return "This host link cannot be used while the poll's database is unavailable."
    st.session_state[ROOM_KEY], st.session_state[TOKEN_KEY] = state.code, token
    if state.question_id in QUESTIONS:
        st.session_state[PICK] = state.question_id
    return None


def _seed_pick() -> str | None:
    """Preselect ``?poll_q=<question id>`` (from a class question card); a notice if bad."""
    raw = st.query_params.get(QUESTION)
    if raw is None or raw == st.session_state.get(_SEEN_Q):
        return None
    if raw not in QUESTIONS:
        del st.query_params[QUESTION]
        return (
            f"URL value {QUESTION}={quote(raw)} ignored (not a question id, e.g. "
            f"{IDS[0]}); choose the question below."
        )
    st.session_state[PICK] = raw
    st.session_state[_SEEN_Q] = raw
    return None


def _picked() -> None:
    st.query_params[QUESTION] = st.session_state[PICK]
    st.session_state[_SEEN_Q] = st.session_state[PICK]


def question_picker(where, collapsed: bool) -> str:
    """The question chooser (bank order, "part · prompt"); kept in the URL as ``poll_q``."""
    if st.session_state.get(PICK) not in QUESTIONS:
        st.session_state[PICK] = IDS[0]
    return where.selectbox(
        "Question to ask",
        IDS,
        format_func=_label,
        key=PICK,
        on_change=_picked,
        label_visibility="collapsed" if collapsed else "visible",
        help="From the question bank: each demo page's questions, worksheet part first.",
    )


def _act(action: str) -> None:
    """A host button's callback: one store call, with the token; errors become a message."""
    hosted = room()
    if hosted is None:
        st.session_state[MSG] = "This browser hosts no room any more: start a new one."
        return
    code, token = hosted
    s = store()
    try:
        if action == "open":
            s.open_question(code, token, st.session_state[PICK])
        else:
            qid = s.state(code).question_id
            if action == "revote":
                s.revote(code, token, qid)
            elif action == "reveal":
                s.reveal(code, token, qid)
            elif action == "close":
                s.close_room(code, token)
                _forget()
    except LookupError as err:
        _forget()
        st.session_state[MSG] = f"{err} Start a new room."
    except (PermissionError, ValueError) as err:
        st.session_state[MSG] = str(err)
    except DB_ERRORS:
        st.session_state[MSG] = DOWN


def _start() -> None:
    try:
        created = store().create_room()
    except DB_ERRORS:
        st.session_state[MSG] = DOWN
        return
    st.session_state[ROOM_KEY], st.session_state[TOKEN_KEY] = created.code, created.host_token
    st.session_state.pop(SHOW_LINK, None)
    _act("open")


def _toggle_link() -> None:
    st.session_state[SHOW_LINK] = not st.session_state.get(SHOW_LINK, False)


def landing() -> None:
    """No room yet: the stage is the call to action (choose a question, Start a room).

    Students who typed the page's address get the join form: first thing on a phone
    or laptop, beside the explanation on the projector.
    """
    from ui.poll.student import join_form  # the same form students use

    lecture = layout.lecture_mode()
    if not lecture:
        with st.container(border=True, key="poll_join_box"):
            join_form()
    with layout.stage():
        act, how = st.columns([1.25, 1], gap="large")
        with act:
            q = QUESTIONS[question_picker(act, collapsed=False)]
            with st.container(border=True, key="poll_preview"):
                st.markdown(f"**{q.prompt}**")
                st.markdown("  \n".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(q.options)))
            st.button(
                "Start a room with this question",
                key="poll_start",
                type="primary",
                icon=":material/play_arrow:",
                width="stretch",
                on_click=_start,
            )
        with how:
            st.markdown(HOW)
            if lecture:
                join_form()


def _join_panel(code: str) -> None:
    url = links.join_url(st.context.url, code)
    st.markdown("**Join on your phone**")
    with st.container(key="poll_code"):
        st.markdown(code)
    st.image(links.qr_svg(url), width=230 if layout.lecture_mode() else 200)
    with st.container(key="poll_join_link"):
        st.markdown(layout.literal(links.shown_url(url)))


@st.fragment(run_every=1)
def _live(code: str) -> None:
    """The open question with its live bars and voter count (reruns every second)."""
    try:
        state = store().state(code)
        known = state.question_id in QUESTIONS
        tallies = store().rounds(code, state.question_id) if known else []
    except LookupError as err:
        st.warning(f"{err} Start a new room.")
        return
    except DB_ERRORS:
        st.warning(DOWN)
        return
    if not known:
        st.info("No question is open: choose one above and press **Open**.")
        return
    q = QUESTIONS[state.question_id]
    hidden = bool(st.session_state.get(HIDE.key)) and not state.revealed
    head, count = st.columns([4, 1], vertical_alignment="center")
    head.markdown(f":gray[{q.part} · round {state.round}]  \n**{q.prompt}**")
    with count.container(key="poll_voters"):
        st.metric("Voted", state.voters)
    lecture = layout.lecture_mode()
    if hidden:
        with st.container(key="poll_hidden", border=True):
            st.markdown(
                f"🙈 **{state.voters} vote{'s' if state.voters != 1 else ''} in.** "
                "The bars stay hidden until **Reveal**."
            )
            st.markdown("  \n".join(f"**{LETTERS[i]}.** {o}" for i, o in enumerate(q.options)))
    else:
        height = (180 if state.revealed else 320) if lecture else 280
        st.vega_lite_chart(
            spec=tally_chart(q, tallies, revealed=state.revealed, height=height),
            width="stretch",
        )
    if state.revealed:
        letter = LETTERS[q.options.index(q.answer)]
        st.success(f"**Answer: {letter}. {q.answer}**  \n{q.explanation}")
        layout.page_link(*links.demo_link(q, lecture), icon="🔎")


def _controls(state) -> None:
    """The row above the stage: the question, Open, Re-vote, Reveal, hide switch."""
    open_q = state.question_id
    pick, b_open, b_re, b_rev, hide = st.columns(
        [3.5, 1.1, 1.4, 1.2, 2.9], vertical_alignment="center"
    )
    chosen = question_picker(pick, collapsed=True)
    common = dict(width="stretch", on_click=_act)
    b_open.button(
        "Open", key="poll_open", icon=":material/play_arrow:", disabled=chosen == open_q,
        args=("open",), help="Open the chosen question (one opened before comes back with "
        "its votes).", **common,
    )  # fmt: skip
    b_re.button(
        "Re-vote", key="poll_revote", icon=":material/replay:", disabled=open_q is None,
        args=("revote",), help="Open the next round of the open question; the rounds "
        "show side by side.", **common,
    )  # fmt: skip
    b_rev.button(
        "Reveal", key="poll_reveal", type="primary", args=("reveal",),
        disabled=open_q is None or state.revealed,
        help="Close voting; show the answer, why, and the demo that proves it.", **common,
    )  # fmt: skip
    render(HIDE, hide)


def _host_settings(code: str, token: str) -> None:
    panel = layout.settings()
    panel.button(
        "Hide the host link" if st.session_state.get(SHOW_LINK) else "Host link for another device",
        key="poll_host_link", icon=":material/key:", on_click=_toggle_link,
    )  # fmt: skip
    if st.session_state.get(SHOW_LINK):
        panel.warning(
            "Anyone with this link controls the poll: open it on your own device only, "
            "never on the projector or in a chat."
        )
        panel.code(links.host_url(st.context.url, code, token), language=None, wrap_lines=True)
    panel.button("End the poll (delete the room now)", key="poll_close",
                 icon=":material/stop_circle:", on_click=_act, args=("close",))  # fmt: skip
    panel.caption(f"Room {code} and its votes are deleted 24 hours after their last use.")


def view(notice: str | None = None) -> None:
    """The host's page: the landing stage, or the room's stage with its controls."""
    seeded = _seed_pick()
    for text in (notice, seeded):
        if text:
            st.caption(":orange[Link problem:] " + text)
    msg = st.session_state.pop(MSG, None)
    if msg:
        st.error(layout.literal(msg))
    hosted, state = room(), None
    if hosted is not None:
        try:
            state = store().state(hosted[0])
        except LookupError as err:
            _forget()
            st.warning(f"{err} Start a new room.")
        except DB_ERRORS:
            st.error(DOWN)
            return
    if state is None:
        landing()
        return
    code, token = hosted
    st.html(_CSS)
    _controls(state)
    with layout.stage():
        left, right = st.columns([1, 2.6], gap="medium")
        with left:
            _join_panel(code)
        with right:
            _live(code)
    _host_settings(code, token)
