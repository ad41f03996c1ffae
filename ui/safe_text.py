"""Quoting user and link text as inert excerpts: see :mod:`lessons.quoting`.

The link notices and the worksheet checker share one implementation; it lives
in lessons/ because the checker (numpy only, no ui) needs it too.
"""

from lessons.quoting import EXCERPT, escape_markdown, excerpt, quote

__all__ = ["EXCERPT", "escape_markdown", "excerpt", "quote"]
