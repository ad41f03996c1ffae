"""The syntax card beside the answer boxes: what can be typed, and the part's variables."""

from __future__ import annotations

import streamlit as st

from lessons.exercises import EXERCISES
from lessons.exercises.render import shape_text
from ui.safe_text import escape_markdown

SYNTAX = "\n".join(
    (
        "- `+` `-` `*` `/` elementwise, `@` matrix product",
        "- `x.T` or `xᵀ` transpose",
        "- `σ` or `sigmoid`, `tanh`, `exp`, `log`, `relu`, `sum`",
        "- `^` or `**` power, `²`",
        "- `·` `×` for `*`, `−` for `-`",
        "- numbers `2` `0.5` `1e-3`, brackets `( )`",
    )
)


_CSS = (
    "<style>.st-key-ws_syntax p, .st-key-ws_syntax li { font-size: 16px; line-height: 1.45; }"
    " .st-key-ws_syntax li { margin: 0; }</style>"
)


def variables(exercise_ids) -> dict[str, tuple[str, str]]:
    """Name -> (shape text, meaning), in order of first use by the exercises."""
    out: dict[str, tuple[str, str]] = {}
    for ex_id in exercise_ids:
        ex = EXERCISES[ex_id]
        for name, shape in ex.variables.items():
            shown = "a number" if shape == () else shape_text(shape)
            out.setdefault(name, (shown, ex.meanings.get(name, "")))
    return out


def syntax_card(exercise_ids) -> None:
    """A bordered card: the notation, then each variable with its shape."""
    st.html(_CSS)
    with st.container(border=True, key="ws_syntax"):
        st.markdown("**Variables**")
        st.markdown(
            "\n".join(
                f"- `{name}` {shape}" + (f" · {escape_markdown(meaning)}" if meaning else "")
                for name, (shape, meaning) in variables(exercise_ids).items()
            )
        )
        st.markdown("**What you can type**")
        st.markdown(SYNTAX)
