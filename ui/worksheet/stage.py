"""The stage of the Worksheet page: the part on screen, with its exercises and self-checks.

Several items in one part sit in tabs, so the part fits one projector screen;
in lecture mode the stage has a fixed height and scrolls inside itself.
"""

from __future__ import annotations

import streamlit as st

from lessons.exercises import EXERCISES
from ui import layout
from ui.worksheet import progress
from ui.worksheet.exercise import exercise_box
from ui.worksheet.parts import Part
from ui.worksheet.selfcheck import question_box
from ui.worksheet.syntax import syntax_card

# Lecture mode: the stage scrolls inside itself, STAGE_HEIGHT tall on a 1280x720 projector
# and taller on a taller screen (the title and the navigation row take about 280 px).
_TALL = f"max({layout.STAGE_HEIGHT}px, calc(100vh - 280px))"
_LECTURE_CSS = (
    '<style>[data-testid="stLayoutWrapper"]:has(> .st-key-ws_stage_body) '
    f"{{ height: {_TALL} !important; flex: 0 0 {_TALL} !important; }}</style>"
)


def _tab_label(item: str, n_questions: int, index: int) -> str:
    kind, _, ident = item.partition(":")
    if kind == "ex":
        return EXERCISES[ident].title
    return "Self-check" if n_questions == 1 else f"Self-check {index}"


def _item(part: Part, item: str, seed: int) -> None:
    kind, _, ident = item.partition(":")
    if kind == "ex":
        exercise_box(ident, seed)
    else:
        question_box(part.id, ident)


def part_view(part: Part, seed: int, done: tuple[str, ...]) -> None:
    """Heading, question, demo link, then the items (tabs when more than one)."""
    lecture = layout.lecture_mode()
    if lecture:
        st.html(_LECTURE_CSS)
    height = layout.STAGE_HEIGHT if lecture else "content"
    with st.container(height=height, border=False, key="ws_stage_body"):
        mark = " ✓" if part.id in done else ""
        head, link = st.columns([3, 2], gap="medium", vertical_alignment="center")
        head.markdown(f"#### {part.label} · {part.title}{mark}")
        with link:
            layout.page_link(
                part.page_path, f"See it: {part.page_title}", part.page, part.view, "🔎"
            )
        if part.exercises:
            main, side = st.columns([3, 1], gap="medium")
            with side:
                syntax_card(part.exercises)
        else:
            main = st.container()
        with main:
            st.markdown(part.text)
            items = part.items
            if len(items) == 1:
                _item(part, items[0], seed)
                return
            labels, q = [], 0
            for item in items:
                q += item.startswith("q:")
                labels.append(_tab_label(item, len(part.questions), q))
            for tab, item in zip(st.tabs(labels, key=f"ws_tabs_{part.id}"), items, strict=True):
                with tab:
                    _item(part, item, seed)
            right = sum(progress.is_right(i) for i in items)
            st.caption(f"{right} of {len(items)} checked right in this part.")
