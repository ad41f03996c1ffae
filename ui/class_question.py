"""The "Question for the class" card: predict, then reveal (lecture mode).

Each demo page passes its url_path and, per question id, a line with the
live number from the current view; the questions themselves come from
:data:`lessons.questions.QUESTIONS`. The card asks first (prompt and lettered
options), and only after **Reveal** shows the answer, why, and the live
number. A link opens the class poll with the same question, so the room can
vote on their devices first.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from lessons.questions import for_page
from ui import layout

LETTERS = "ABCDE"
POLL_PATH = "app_pages/poll.py"


def _revealed_key(qid: str) -> str:
    return f"cq_revealed_{qid}"


def _reveal(qid: str) -> None:
    st.session_state[_revealed_key(qid)] = True


def _hide(qid: str) -> None:
    st.session_state[_revealed_key(qid)] = False


def question_card(url_path: str, live: Mapping[str, str] | None = None) -> None:
    """Draw the card with the page's questions (a chooser when there are several).

    Parameters
    ----------
    url_path : str
        The page whose questions to ask (``Question.page``).
    live : mapping of question id -> str, optional
        One line with the live number that answers the question in the current
        view (e.g. "This run: 1 distinct hidden unit of 4 at step 50").
    """
    questions = for_page(url_path)
    if not questions:
        return
    live = live or {}
    with st.container(border=True, key=f"class_question_{url_path}"):
        ids = [q.id for q in questions]
        by_id = {q.id: q for q in questions}
        head, pick = st.columns([2, 3], vertical_alignment="center")
        head.markdown("**❓ Question for the class**")
        qid = ids[0]
        if len(ids) > 1:
            qid = pick.selectbox(
                "Question",
                ids,
                format_func=lambda i: f"{by_id[i].part}: {by_id[i].prompt[:60]}…",
                key=f"cq_pick_{url_path}",
                label_visibility="collapsed",
            )
        q = by_id[qid]
        st.markdown(f"#### {q.prompt}")
        st.markdown("\n".join(f"- **{LETTERS[i]}.** {opt}" for i, opt in enumerate(q.options)))
        revealed = st.session_state.get(_revealed_key(qid), False)
        left, right = st.columns(2, vertical_alignment="center")
        if revealed:
            left.button("Hide the answer", key=f"cq_hide_{qid}", on_click=_hide, args=(qid,))
        else:
            left.button(
                "Reveal", key=f"cq_reveal_{qid}", type="primary", on_click=_reveal, args=(qid,)
            )
        with right:
            layout.page_link(POLL_PATH, "Poll the room first", "poll", f"poll_q={qid}", "🗳️")
        if revealed:
            letter = LETTERS[q.options.index(q.answer)]
            st.success(f"**{letter}. {q.answer}**  \n{q.explanation}")
            if qid in live:
                st.markdown(f"**Live:** {live[qid]}")
