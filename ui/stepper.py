"""Back / Step buttons and the step slider, shared by every page that steps.

The shown step lives in one session key that no widget owns
(:func:`shown_key`); the step slider, bound to the URL (a shared link reopens
the step), is set from it on every run. Step and Back answer a presentation
clicker (PageDown / PageUp) and change that key in a callback, which Streamlit
runs before the script (or the fragment) reruns, so a press is applied exactly
once and never past either end.

Why the slider does not hold the step itself: every request from the browser
carries the slider value the browser has *on screen*. A press sent while the
previous press's rerun is still on its way (a lecturer pressing twice quickly)
carries the old value, and a slider-owned step would be overwritten by it: one
press lost. So a slider value that arrives together with a press is ignored;
only a slider the user moved (no press in the same request) sets the step.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui import layout
from ui.safe_text import quote
from ui.state import NUMBER, Field, fix_param, mark_visit, new_visit, render

NAMES = ("reset", "back", "next", "end")  # button key suffixes: f"{field.key}_{name}"
ENDS_KEYS = "Home / End = first / last step"


def shown_key(key: str) -> str:
    """Session key of the step shown for the step field ``key`` (owned by no widget)."""
    return f"_{key}_shown"


def _url_step(key: str) -> int | None:
    """The step a link asks for on first load (None: none, or not a whole number)."""
    raw = st.query_params.get(key)
    if raw is None or not NUMBER.fullmatch(str(raw).strip()):
        return None
    value = float(raw)
    return int(value) if value == int(value) and abs(value) < 1e9 else None


def pressed(button_keys) -> bool:
    """True in a callback when one of these buttons came in the same request: a list or
    slider value sent with it is the stale one the browser had on screen (module doc)."""
    return any(st.session_state.get(key) for key in button_keys)


def _as_step(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def shown_step(field: Field) -> int | None:
    """The step the session shows (None before the stepper's first run on this visit).

    A page opened again in the same session (a new visit, counted by
    ui.state.note_page) starts afresh: the link's step, or the default, not the
    step shown on the last visit, so a link to a view shows that view.
    """
    if field.key not in st.session_state or new_visit(field.key):
        return None
    now = _as_step(st.session_state.get(shown_key(field.key)))
    return now if now is not None else _as_step(st.session_state.get(field.key))


def set_step(field: Field, value: int, last: int) -> int:
    """Show step ``value`` (clamped to 0..last); call from a callback or before the stepper."""
    value = max(0, min(int(last), int(value)))
    st.session_state[shown_key(field.key)] = value
    st.session_state[field.key] = value  # the slider, and through it the URL
    return value


def clamp_step(field: Field, last: int) -> int:
    """Keep the shown step within 0..last; return it.

    On first load the step comes from the link: one beyond either end is
    clamped to the nearest step that exists, written back to the URL and noted
    (a step that later falls past the end, because Steps was lowered, is
    clamped the same way).
    """
    key, last = field.key, int(last)
    now = shown_step(field)
    mark_visit(key)
    if now is None:
        asked = _url_step(key)
        if asked is not None:
            shown = set_step(field, asked, last)
            if shown != asked:
                fix_param(key, str(shown))
                st.caption(
                    f":orange[Link problem:] step {quote(asked)} does not exist here (steps "
                    f"run from 0 to {last}); showing step {shown}."
                )
            return shown
        now = field.default
    return set_step(field, now, last)


def _shift(field: Field, by: int, last: int) -> None:
    """Button callback: move the shown step by ``by`` (the slider value sent is not used)."""
    now = shown_step(field)
    set_step(field, (field.default if now is None else now) + by, last)


def _slider_moved(field: Field) -> None:
    """Slider callback: the user dragged it, unless a step button came in the same request
    (then the value is the stale one the browser had on screen, see the module doc)."""
    if pressed(f"{field.key}_{name}" for name in NAMES):
        return
    value = _as_step(st.session_state.get(field.key))
    if value is not None:
        st.session_state[shown_key(field.key)] = value


def step_controls(field: Field, last: int, *, label: str | None = None, ends: bool = False) -> int:
    """Draw ◀ Back, Step ▶ (and first / last step when ``ends``) and the step slider.

    In lecture mode they share one row above the stage; on a laptop or phone
    the slider gets its own line under the buttons, so no label is cut. The
    keys a clicker can press are said by :func:`keys_caption`, which the page
    calls below its stage.

    Parameters
    ----------
    field : Field
        The URL-bound int field holding the shown step.
    last : int
        The last step that exists (the slider's maximum).
    label : str, optional
        Slider label (default: the field's).
    ends : bool
        Also draw buttons to step 0 (Home) and to ``last`` (End).

    Returns
    -------
    int
        The shown step, within 0..last.
    """
    last = int(last)
    k = clamp_step(field, last)
    buttons = [("back", "◀ Back", None, "One step back (PageUp)", -1, "PageUp"),
               ("next", "Step ▶", None, "One step on (PageDown)", 1, "PageDown")]  # fmt: skip
    if ends:
        buttons.insert(0, ("reset", "", ":material/first_page:", "Back to step 0 (Home)",
                           -(10**9), "Home"))  # fmt: skip
        buttons.append(("end", "", ":material/last_page:", f"To the last step, {last} (End)",
                        10**9, "End"))  # fmt: skip
    # One flex row: each button as wide as its label and key, nothing cut; the
    # slider takes the rest of the row in lecture mode and a line of its own on a
    # laptop or phone. (One block, not a block per column: fewer elements for the
    # browser to redraw at each press.)
    lecture = layout.lecture_mode()
    row = st.container(horizontal=True, vertical_alignment="bottom", key=f"{field.key}_row")
    for name, text, icon, tip, by, keys in buttons:
        row.button(text, key=f"{field.key}_{name}", icon=icon, help=tip, on_click=_shift,
                   args=(field, by, last), shortcut=keys,
                   type="primary" if name == "next" else "secondary")  # fmt: skip
    slot = row if lecture else st
    if last == 0:
        slot.caption("Only step 0: nothing to step through yet.")
        return 0
    shown = replace(field, hi=last, default=min(field.default, last), label=label or field.label)
    render(shown, slot, on_change=_slider_moved, args=(field,))
    return k


def keys_caption(ends: bool = False) -> None:
    """Say which keys step the view (lecture mode; call it below the stage)."""
    layout.keys_caption(ENDS_KEYS if ends else "")
