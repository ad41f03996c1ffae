"""Page furniture shared by every page: lecture mode, headers, notes.

Lecture mode (a sidebar toggle, kept in the URL as ``lecture``) hides the
explanatory prose and makes the charts larger, for a projector.
"""

from __future__ import annotations

import re

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui import theme

LECTURE_KEY = "lecture"
# ASCII punctuation that Markdown or Streamlit's Markdown (LaTeX $, :colour[...],
# :emoji:) may read as markup; CommonMark lets any of them be backslash-escaped.
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def literal(text: str) -> str:
    """``text`` escaped for st.markdown / st.error, so it shows exactly as typed.

    For messages that quote user input (a formula, a variable line): without
    this, ``__import__`` shows as a bold "import" and ``$x$`` as LaTeX.
    """
    return _MARKUP.sub(r"\\\1", text)


def lecture_mode() -> bool:
    """True when the sidebar "Lecture mode" toggle is on."""
    return bool(st.session_state.get(LECTURE_KEY, False))


def lecture_toggle() -> bool:
    """Draw the sidebar toggle (called once, from streamlit_app.py)."""
    return st.sidebar.toggle(
        "Lecture mode",
        value=False,
        key=LECTURE_KEY,
        bind="query-params",
        help="For projection: hides the explanations and enlarges the charts. "
        "Kept in the URL, so a prepared link opens in lecture mode.",
    )


def chart_height(base: int = theme.CHART_HEIGHT) -> int:
    """Chart height in pixels, larger in lecture mode."""
    return int(base * theme.LECTURE_SCALE) if lecture_mode() else base


def page_header(title: str, parts: str, question: str) -> None:
    """Title, the worksheet parts covered, and the question the page answers."""
    st.title(title)
    st.caption(f"Worksheet parts {parts} · {question}")


def explain(markdown: str) -> None:
    """Explanatory prose: shown normally, hidden in lecture mode."""
    if not lecture_mode():
        st.markdown(markdown)


def convention_note(text: str) -> None:
    """Say which weight convention a view uses (the worksheet asks every page to)."""
    st.caption(f"Convention: {text}")


def page_card(path: str, title: str, icon: str, url_path: str, parts: str, question: str) -> None:
    """A bordered card for one demo: title, worksheet parts, question, link.

    Uses ``st.page_link`` inside the app; when the page runs on its own (tests,
    notebooks) there is no navigation, so it falls back to a plain link.
    """
    with st.container(border=True):
        st.markdown(f"**{icon} {title}**  \n:gray[Worksheet {parts}]")
        st.markdown(question)
        try:
            st.page_link(path, label=f"Open {title}", icon="➡️")
        except StreamlitAPIException:
            st.markdown(f"[➡️ Open {title}](./{url_path})")
