"""Back / Step buttons and the step slider, shared by every page that steps.

The shown step is one URL-bound field (a shared link reopens it). Step and
Back answer a presentation clicker (PageDown / PageUp); pressing them changes
the field in session state through a callback, which Streamlit runs before
the script (or the fragment) reruns, so a press is applied exactly once and
never past either end.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui import layout
from ui.safe_text import quote
from ui.state import NUMBER, Field, fix_param, render


def _url_step(key: str) -> int | None:
    """The step a link asks for on first load (None: none, or not a whole number)."""
    raw = st.query_params.get(key)
    if raw is None or not NUMBER.fullmatch(str(raw).strip()):
        return None
    value = float(raw)
    return int(value) if value == int(value) and abs(value) < 1e9 else None


def clamp_step(field: Field, last: int) -> int:
    """Keep the shown step within 0..last; return it.

    On first load the step comes from the link: one beyond either end is
    clamped to the nearest step that exists, written back to the URL and noted
    (a step that later falls past the end, because Steps was lowered, is
    clamped the same way).
    """
    key, last = field.key, int(last)
    if key not in st.session_state:
        asked = _url_step(key)
        if asked is not None:
            shown = max(0, min(last, asked))
            st.session_state[key] = shown
            if shown != asked:
                fix_param(key, str(shown))
                st.caption(
                    f":orange[Link problem:] step {quote(asked)} does not exist here (steps "
                    f"run from 0 to {last}); showing step {shown}."
                )
            return shown
    now = st.session_state.get(key, field.default)
    if not isinstance(now, int) or isinstance(now, bool):
        now = field.default
    st.session_state[key] = max(0, min(last, now))
    return st.session_state[key]


def _shift(key: str, by: int, last: int) -> None:
    now = st.session_state.get(key, 0)
    st.session_state[key] = max(0, min(last, int(now) + by))


def step_controls(field: Field, last: int, *, label: str | None = None, ends: bool = False) -> int:
    """Draw ◀ Back, Step ▶ (and ⏮ / ⏭ when ``ends``) and the step slider in one row.

    Parameters
    ----------
    field : Field
        The URL-bound int field holding the shown step.
    last : int
        The last step that exists (the slider's maximum).
    label : str, optional
        Slider label (default: the field's).
    ends : bool
        Also draw Reset (to 0) and End (to ``last``).

    Returns
    -------
    int
        The shown step, within 0..last.
    """
    clamp_step(field, last)
    widths = [1, 2, 2, 1, 5] if ends else [2, 2, 5]
    cols = st.columns(widths, vertical_alignment="bottom")
    i = 0
    if ends:
        cols[0].button("⏮", key=f"{field.key}_reset", help="Back to step 0 (Home)",
                       on_click=_shift, args=(field.key, -10**9, last), width="stretch",
                       shortcut="Home")  # fmt: skip
        i = 1
    cols[i].button("◀ Back", key=f"{field.key}_back", help="One step back (PageUp)",
                   on_click=_shift, args=(field.key, -1, last), width="stretch",
                   shortcut="PageUp", disabled=False)  # fmt: skip
    cols[i + 1].button("Step ▶", key=f"{field.key}_next", help="One step on (PageDown)",
                       on_click=_shift, args=(field.key, 1, last), width="stretch",
                       type="primary", shortcut="PageDown")  # fmt: skip
    if ends:
        cols[3].button("⏭", key=f"{field.key}_end", help="To the last step (End)",
                       on_click=_shift, args=(field.key, 10**9, last), width="stretch",
                       shortcut="End")  # fmt: skip
    slot = cols[-1]
    if last > 0:
        shown = replace(field, hi=last, default=min(field.default, last),
                        label=label or field.label)  # fmt: skip
        value = render(shown, slot)
    else:
        slot.caption("Only step 0: nothing to step through yet.")
        value = 0
    layout.keys_caption("Home / End = first / last step" if ends else "")
    return int(value)
