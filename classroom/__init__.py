"""The live class poll's store (SQLAlchemy, no Streamlit): see :mod:`classroom.store`."""

from classroom.codes import new_voter_id, normalise_code
from classroom.db import default_url, store_url_from
from classroom.store import ROOM_TTL_S, PollStore, Room, RoomState, RoundTally

__all__ = [
    "ROOM_TTL_S",
    "PollStore",
    "Room",
    "RoomState",
    "RoundTally",
    "default_url",
    "new_voter_id",
    "normalise_code",
    "store_url_from",
]
