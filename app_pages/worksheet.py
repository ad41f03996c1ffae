"""Worksheet (1a-2f, side note): type your derivation, the app checks it.

Parts in order; each computational part takes typed formulas (checked by
lessons.exercises), each conceptual part self-check questions from the bank.
The part on screen (``ws_part``), the parts done (``ws_done``) and the numbers of
the worked solutions (``ws_seed``) live in the URL, so a bookmark keeps them.
"""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.state import render, url_notices
from ui.worksheet import nav, progress
from ui.worksheet.fields import FIELDS, PART, SEED
from ui.worksheet.parts import PART_IDS, PARTS
from ui.worksheet.stage import part_view

layout.header("worksheet")
notices = url_notices(FIELDS) + [m for m in (progress.url_notice(),) if m]
if notices:
    st.caption(":orange[Link problem:] " + " ".join(notices))
lecture = layout.lecture_mode()
top = st.container()
panel = layout.settings()
seed = render(SEED, panel)
panel.button(
    "Reset progress",
    key="ws_reset",
    on_click=progress.reset,
    help="Forget which answers were right and which parts are done.",
)

with top:
    back, pick, forward, info = st.columns([1.6, 1.2, 1.6, 3.6], vertical_alignment="bottom")
    nav.sync()
    part_id = render(PART, pick, on_change=nav.picked)
    nav.remember(part_id)
    i = PART_IDS.index(part_id)
    back.button(
        "◀ Previous",
        key="ws_prev",
        on_click=nav.go,
        args=(-1,),
        disabled=i == 0,
        shortcut="PageUp" if lecture else None,
        width="stretch",
    )
    forward.button(
        "Next ▶",
        key="ws_next",
        on_click=nav.go,
        args=(1,),
        disabled=i == len(PART_IDS) - 1,
        shortcut="PageDown" if lecture else None,
        width="stretch",
    )
    done = progress.done_parts()
    keys = " · PageDown / PageUp: next / previous part" if lecture else ""
    info.progress(len(done) / len(PART_IDS), text=progress.summary(done) + keys)
    with layout.stage():
        part_view(PARTS[part_id], seed, done)

layout.explain(
    "Type your answer in the box with the notation of the card beside it and press "
    "**Check** (or Enter): the app evaluates it at several random instances, compares with "
    "backprop's own numbers and, when it is off, says what looks wrong. Hints come one at a "
    "time; **Show solution** gives the worksheet's answer and the same answer with numbers. "
    "A part is done when everything in it was checked right; the address bar keeps your "
    "progress, so a bookmark brings you back here."
)
if not lecture:
    st.caption(
        "Parts: " + " · ".join(f"{PARTS[p].label}{' ✓' if p in done else ''}" for p in PART_IDS)
    )
layout.convention_note(
    "part 1: W⁽ˡ⁾ is d⁽ˡ⁻¹⁾ × d⁽ˡ⁾, rows = from; part 2: W multiplies a column vector, "
    "W x (rows = to), x and b are columns."
)
