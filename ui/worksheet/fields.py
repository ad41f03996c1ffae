"""The Worksheet page's URL keys.

``ws_part`` (the part on screen) and ``ws_seed`` (the numbers of the worked
solutions) are bound widgets. ``ws_done``, the parts checked correct, is read
and written by hand (:mod:`ui.worksheet.progress`): a compact list such as
``1b.1c.2a``, parsed strictly by :func:`parse_done`.
"""

from __future__ import annotations

from ui.safe_text import quote
from ui.state import Field
from ui.worksheet.parts import PART_IDS

PART = Field(
    "ws_part",
    "select",
    "1a",
    "Part",
    "The worksheet part on screen. Previous / Next walk them in order.",
    options=PART_IDS,
)
SEED = Field(
    "ws_seed",
    "int",
    0,
    "Numbers of the worked solutions",
    "Seed of the random instance a solution is worked out at (🎲 New numbers picks the next).",
    0,
    9999,
)
FIELDS = (PART, SEED)
DONE = "ws_done"
SEP = "."
MAX_DONE = 200  # characters: every part id once, with room to spare


def parse_done(text: str) -> tuple[tuple[str, ...], str]:
    """Read a ``ws_done`` value: the parts in worksheet order, and "" or what is wrong.

    Only known part ids separated by ``.`` are accepted ("" means none); repeats
    and any order are fine. Anything else returns ``((), problem)``.
    """
    if not isinstance(text, str):
        return (), "expected text"
    if len(text) > MAX_DONE:
        return (), f"longer than {MAX_DONE} characters"
    if text == "":
        return (), ""
    tokens = text.split(SEP)
    for token in tokens:
        if token not in PART_IDS:
            what = "an empty part" if token == "" else f"{quote(token, 12)} is not a part"
            return (), f"{what}; the parts are {', '.join(PART_IDS)}, joined by {SEP}"
    return tuple(p for p in PART_IDS if p in tokens), ""


def format_done(parts) -> str:
    """The ``ws_done`` text for a set of parts (worksheet order)."""
    return SEP.join(p for p in PART_IDS if p in set(parts))
