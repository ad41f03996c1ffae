"""ui.safe_text: whatever a link or a student typed is quoted as inert, short text.

Checked two ways: the escaped string itself, and what Streamlit's Markdown
renderer would make of it (via the CommonMark rule that a backslash before
ASCII punctuation yields that character literally, written out here).
"""

import re

import pytest

from ui.safe_text import EXCERPT, escape_markdown, excerpt, quote

HOSTILE = [
    "`**bold** [click](https://evil.example) $\\frac{1}{2}$ :red[RED] `",
    "`# BIG HEADING\n\n- item`",
    "\\underbrace{" * 60,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "![img](https://evil.example/a.png)",
    "$\\href{https://evil.example}{x}$",
    "$\\def\\a{b}\\a$",
    "$\\color{red}{x}$",
    "abc\u202edef",
    "https://evil.example",
    "www.evil.example",
    ":material/warning: :smile:",
    "~~strike~~ __under__ *em*",
    "> quote",
    "1. one\n2. two",
    "x" * 5000,
]


def unescape(text: str) -> str:
    """What CommonMark renders for ``text`` made only of escapes and plain characters."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u200b", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markup_character_is_escaped(text):
    out = escape_markdown(excerpt(text))
    # no ASCII punctuation is left unescaped: each is preceded by a backslash
    bare = re.findall(r"(?<!\\)[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]", "", out))
    assert bare == []
    assert "\n" not in out and "\u202e" not in out


@pytest.mark.parametrize("text", HOSTILE)
def test_quote_is_short_and_shows_the_text(text):
    shown = unescape(quote(text))
    assert shown.startswith("“") and shown.endswith("”")
    inner = shown[1:-1]
    assert len(inner) <= EXCERPT + len("U+202E")
    flat = text.replace("\n", " ").replace("\u202e", "U+202E")
    assert flat.startswith(inner.rstrip("…")) or inner.endswith("…")


def test_plain_values_read_as_typed():
    assert unescape(quote("x = 1.5")) == "“x = 1.5”"
    assert unescape(quote("W1 @ x + b")) == "“W1 @ x + b”"


def test_long_values_are_cut_with_an_ellipsis():
    out = excerpt("a" * 100)
    assert len(out) == EXCERPT and out.endswith("…")
    assert excerpt("short") == "short"


def test_bare_urls_and_addresses_are_broken_so_they_are_not_linked():
    out = quote("https://evil.example www.evil.example me@evil.example")
    assert "://" not in out.replace("\\", "") and "www." not in out.replace("\\", "")
    assert "\u200b" in out


def test_control_and_direction_characters_are_made_visible():
    assert excerpt("a\u202eb\x00c\u200bd") == "aU+202EbU+0000cU+200Bd"
