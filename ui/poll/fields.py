"""The poll page's URL keys.

``room`` (a student's room code), ``voter`` (a student's random voter id) and
``poll_q`` (the question the host view preselects, e.g. from a demo page's class
question card) are read by hand; ``host`` (a host link's token) is read once and
removed from the address bar at once. The one bound widget is the hide switch.
"""

from __future__ import annotations

from ui.state import Field

ROOM = "room"
VOTER = "voter"
QUESTION = "poll_q"
HOST = "host"

HIDE = Field(
    "poll_hide",
    "toggle",
    False,
    "Hide the bars until Reveal",
    "Peer instruction: the class votes alone first, without seeing how the others voted. "
    "The count of votes stays on screen.",
)
FIELDS = (HIDE,)
