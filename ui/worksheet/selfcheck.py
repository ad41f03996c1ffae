"""One self-check question from the bank: pick an option (none preselected), Check, and
see right or wrong with the one-line why. Session keys, per question id ``q``:
``ws_q_q`` (the radio) and ``ws_qr_q`` (the option that was checked, "" for none)."""

from __future__ import annotations

import streamlit as st

from lessons.questions import QUESTIONS
from ui.worksheet import progress


def _key(kind: str, qid: str) -> str:
    return f"ws_{kind}_{qid}"


def _check(part_id: str, qid: str) -> None:
    choice = st.session_state.get(_key("q", qid))
    q = QUESTIONS[qid]
    choice = choice if choice in q.options else ""
    st.session_state[_key("qr", qid)] = choice
    if choice == q.answer:
        progress.mark_right(part_id, f"q:{qid}")


def question_box(part_id: str, qid: str) -> None:
    """Prompt, options (no default), Check, then the verdict for the option checked."""
    q = QUESTIONS[qid]
    st.markdown(f"**{q.prompt}**")
    choice = st.radio(
        "Your answer", q.options, index=None, key=_key("q", qid), label_visibility="collapsed"
    )
    st.button("Check", key=_key("qcheck", qid), on_click=_check, args=(part_id, qid))
    checked = st.session_state.get(_key("qr", qid))
    if checked is None:
        return
    if checked == "":
        st.warning("Pick one of the options first, then Check.", icon="☝️")
    elif checked != choice:
        return  # the choice changed since it was checked
    elif checked == q.answer:
        st.success(f"**Right.** {q.explanation}", icon="✅")
    else:
        st.error(f"**Not this one.** {q.explanation}", icon="✏️")
