"""The errors of :mod:`core.expr` and how its messages quote the user's text.

Every message quotes at most a short excerpt (:data:`EXCERPT` characters and
"…", invisible characters as code points) and never repeats Python's text.
"""

from __future__ import annotations

import difflib
import unicodedata

EXCERPT = 40  # characters of the user's text a message quotes


class ExpressionError(ValueError):
    """A formula that cannot be turned into a graph.

    Attributes
    ----------
    column : int or None
        1-based column in the user's text (in its line, for several lines).
    kind : str
        What went wrong, for callers that react to it: "empty", "too-long",
        "too-deep", "too-many-operations", "character" (a character outside the
        language), "number" (a literal the language does not have), "comment",
        "string", "syntax", "unknown-name", "unknown-function", "not-allowed"
        (a Python construct outside the whitelist), "exponent", "arguments",
        "math" (an op's shape or type error) or "type" (not text at all).
    """

    def __init__(self, message: str, column: int | None = None, *, kind: str = "syntax"):
        super().__init__(message)
        self.column = column
        self.kind = kind


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most ``limit`` characters of the user's text, "…" when cut; control,
    format and line characters shown as spaces or code points (U+202E)."""
    out = []
    for ch in text[:limit]:
        if ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
            out.append(f"U+{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(text) > limit else "")


def _quoted(text: str) -> str:
    shown = _excerpt(text)
    quote = '"' if "'" in shown else "'"
    return f"{quote}{shown}{quote}"


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"


def _closest(word: str, candidates) -> str | None:
    """The candidate equal to ``word`` up to case, else the closest by difflib."""
    candidates = sorted(candidates)
    if word in candidates:
        return word
    for c in candidates:
        if c.lower() == word.lower():
            return c
    lower = {c.lower(): c for c in candidates}
    near = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.6)
    return lower[near[0]] if near else None


def _names_list(names) -> str:
    names = sorted(n for n in names if isinstance(n, str))
    shown = ", ".join(_excerpt(n) for n in names[:20])
    return (shown + ", …" if len(names) > 20 else shown) or "(none)"
