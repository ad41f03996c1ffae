"""Quote what a user or a link typed, as plain text, in any message of the app.

One implementation for the link notices (re-exported by :mod:`ui.safe_text`)
and the worksheet checker's messages (:mod:`lessons.exercises`).

Everything the app echoes from a URL value or a typed formula goes through
:func:`quote` (inline, for Markdown messages) so a crafted link cannot make the
app show bold or coloured text, headings, lists, tables, images, links, LaTeX
or HTML in its own words. The text is cut to a short excerpt first, control and
direction-changing characters (a right-to-left override, say) are shown as
their code points, and every ASCII punctuation character that Markdown,
Streamlit's Markdown extensions (``:red[...]``, ``:emoji:``) or KaTeX (``$``)
could read as markup is backslash-escaped. Numbers, letters and spaces pass
through unchanged, so ``x = 1.5`` still reads ``x = 1.5``.
"""

from __future__ import annotations

import re
import unicodedata

EXCERPT = 40  # characters of a quoted value that are shown
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=/@%^;,?])")


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """At most ``limit`` characters of ``str(text)``, with "…" when cut.

    Line breaks and tabs become spaces; invisible control and format characters
    (categories Cc, Cf, e.g. U+202E RIGHT-TO-LEFT OVERRIDE) are shown as ``U+202E``.
    """
    raw = str(text)
    out = []
    for ch in raw[: limit * 2]:  # a generous prefix; escapes may lengthen it
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            out.append(f"U+{ord(ch):04X}")
        else:
            out.append(ch)
    shown = "".join(out)
    if len(shown) > limit or len(raw) > limit * 2:
        shown = shown[: limit - 1] + "…"
    return shown


_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")
_ZWSP = "\u200b"  # zero-width space: breaks GFM's bare-URL and e-mail autolinks


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character Markdown could read as markup,
    and break bare URLs and e-mail addresses (GFM links them even when escaped)."""
    text = _AUTOLINK.sub(lambda m: m.group(1)[:-1] + _ZWSP + m.group(1)[-1]
                         if m.group(1) != "@" else _ZWSP + "@", text)  # fmt: skip
    return _MARKUP.sub(r"\\\1", text)


def quote(text: object, limit: int = EXCERPT) -> str:
    """``text`` as a short, inert excerpt for st.markdown / st.caption / st.error.

    Returns the excerpt between typographic quotes, escaped (see the module).
    """
    return "“" + escape_markdown(excerpt(text, limit)) + "”"
