"""One typed-answer exercise: the box with Check, the verdict, hints one at a time, the solution.

Check (or Enter in the box) runs :func:`lessons.exercises.check`, which never
raises and answers within 100 ms; the page echoes how the formula was read
(LaTeX) before the verdict. Session keys, per exercise id ``i``: ``ws_in_i``
(the box), ``ws_fb_i`` (the last Feedback), ``ws_hints_i`` (hints shown),
``ws_sol_i`` (solution shown).
"""

from __future__ import annotations

import streamlit as st

from lessons.exercises import EXERCISES, check, solution_numbers
from ui.safe_text import escape_markdown
from ui.worksheet import progress
from ui.worksheet.fields import SEED

MAX_CHARS = 500
_USING = "$, using "


def _key(kind: str, ex_id: str) -> str:
    return f"ws_{kind}_{ex_id}"


def _check(ex_id: str) -> None:
    answer = st.session_state.get(_key("in", ex_id), "")
    fb = check(ex_id, answer if isinstance(answer, str) else "")
    st.session_state[_key("fb", ex_id)] = fb
    if fb.correct:
        progress.mark_right(EXERCISES[ex_id].part, f"ex:{ex_id}")


def _more_hints(ex_id: str) -> None:
    key = _key("hints", ex_id)
    st.session_state[key] = min(st.session_state.get(key, 0) + 1, len(EXERCISES[ex_id].hints))


def _toggle_solution(ex_id: str) -> None:
    key = _key("sol", ex_id)
    st.session_state[key] = not st.session_state.get(key, False)


def _new_numbers() -> None:
    seed = st.session_state.get(SEED.key, SEED.default)
    seed = seed if isinstance(seed, int) and SEED.lo <= seed <= SEED.hi else SEED.default
    st.session_state[SEED.key] = seed + 1 if seed < SEED.hi else SEED.lo


def used_names(read_as: str) -> str:
    """The variables list of a Feedback.read_as ("`W`, `b`, `x`"), or ""."""
    if _USING not in read_as:
        return ""
    return read_as.rpartition(_USING)[2].rstrip(".")


def verdict(ex_id: str) -> None:
    """How the last checked answer was read (LaTeX), then right or what to change."""
    fb = st.session_state.get(_key("fb", ex_id))
    if fb is None:
        return
    if fb.latex:
        used = used_names(fb.read_as)
        st.caption("Read as" + (f" (using {used})" if used else "") + ":")
        st.latex(fb.latex)
    body = fb.verdict if fb.latex else fb.message
    if fb.correct:
        st.success(body, icon="✅")
    else:
        st.error(body, icon="✏️")


def stacked(tex: str) -> str:
    """``a,\\quad b`` as two centred lines (a gathered block), when the pieces are whole."""
    pieces = tex.split(r",\quad ")
    if len(pieces) == 1 or any(p.count("{") != p.count("}") for p in pieces):
        return tex
    return r"\begin{gathered}" + r" \\ ".join(pieces) + r"\end{gathered}"


def _hints(ex_id: str, shown: int) -> None:
    hints = EXERCISES[ex_id].hints[:shown]
    if hints:
        lines = [f"{i}\\. {escape_markdown(h)}" for i, h in enumerate(hints, 1)]
        st.info("  \n".join(lines), icon="💡")


def _solution(ex_id: str, seed: int) -> None:
    ex = EXERCISES[ex_id]
    with st.container(border=True, key=_key("solution", ex_id)):
        st.markdown("**Solution**")
        st.latex(stacked(ex.solution_latex))
        st.caption("Typed in the notation of the box:")
        st.code(ex.solution, language=None, wrap_lines=True)
        worked = solution_numbers(ex_id, seed)
        st.markdown(f"**With numbers** (random instance {seed}):")
        with st.container(horizontal=True, gap="medium", key=_key("numbers", ex_id)):
            for tex in worked.variables_latex:
                st.latex(tex, width="content")
        st.latex(r"\Longrightarrow\quad " + worked.answer_latex)
        st.button(
            "🎲 New numbers",
            key=_key("new", ex_id),
            on_click=_new_numbers,
            help="Work the solution out at another random instance.",
        )


def exercise_box(ex_id: str, seed: int) -> None:
    """The whole exercise: prompt, answer box + Check, verdict, hints, solution."""
    ex = EXERCISES[ex_id]
    st.markdown(ex.prompt_latex)
    with st.form(_key("form", ex_id), border=False):
        box, go = st.columns([5, 1], vertical_alignment="bottom")
        box.text_input(
            f"Your answer: ${ex.answer_latex} =$",
            key=_key("in", ex_id),
            max_chars=MAX_CHARS,
            placeholder="a formula in " + ", ".join(ex.variables),
            help="Type a formula with the names and operators of the card beside the box; "
            "Enter or Check tests it at several random instances.",
        )
        go.form_submit_button(
            "Check", key=_key("check", ex_id), type="primary", on_click=_check, args=(ex_id,)
        )
    verdict(ex_id)
    shown = min(st.session_state.get(_key("hints", ex_id), 0), len(ex.hints))
    solution = bool(st.session_state.get(_key("sol", ex_id), False))
    row = st.container(horizontal=True)
    total = len(ex.hints)
    row.button(
        f"💡 Hint {shown + 1}/{total}" if shown < total else f"All {total} hints shown",
        key=_key("hint", ex_id),
        on_click=_more_hints,
        args=(ex_id,),
        disabled=shown >= total,
    )
    row.button(
        "Hide solution" if solution else "Show solution",
        key=_key("solbtn", ex_id),
        on_click=_toggle_solution,
        args=(ex_id,),
    )
    _hints(ex_id, shown)
    if solution:
        _solution(ex_id, seed)
