"""The plain records the poll store hands out (frozen dataclasses, no SQL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Room", "RoomState", "RoundTally", "counts_by_option", "round_tallies"]


@dataclass(frozen=True)
class Room:
    """A new room: its public code and the host's secret token.

    The token is left out of ``repr`` so it never lands in a log by accident.
    """

    code: str
    host_token: str = field(repr=False)


@dataclass(frozen=True)
class RoomState:
    """What a student may read about a room.

    Attributes
    ----------
    code : str
        The canonical room code.
    question_id : str or None
        The open question, None until the host opens one.
    round : int
        Its current round (1 for the first vote, 2 after a re-vote); 0 if none.
    revealed : bool
        Whether the host has revealed the answer of this round (voting closed).
    voters : int
        How many voters have voted in this round.
    expires_at : float
        When the room will be deleted unless used again (seconds since the epoch).
    """

    code: str
    question_id: str | None
    round: int
    revealed: bool
    voters: int
    expires_at: float


@dataclass(frozen=True)
class RoundTally:
    """One round's votes: ``counts`` maps every option (in bank order) to a count."""

    round: int
    counts: dict[str, int]
    voters: int
    revealed: bool


def counts_by_option(options: Iterable[str], rows: Iterable[Any]) -> dict[str, int]:
    """Every option with its count (0 if nobody chose it), in the bank's order.

    ``rows`` are (choice, count) pairs; a stored choice that is no longer an
    option of the question is left out.
    """
    counts = dict.fromkeys(options, 0)
    for choice, count in rows:
        if choice in counts:
            counts[choice] = int(count)
    return counts


def round_tallies(options: Iterable[str], rows: Iterable[Any]) -> list[RoundTally]:
    """Group (round, revealed, choice, count) rows into one :class:`RoundTally` per round.

    A round without votes comes as one row with choice None and count 0.
    """
    options = tuple(options)
    grouped: dict[int, tuple[bool, list]] = {}
    for round_no, revealed, choice, count in rows:
        grouped.setdefault(int(round_no), (bool(revealed), []))[1].append((choice, count))
    tallies = []
    for round_no, (revealed, votes) in sorted(grouped.items()):
        counts = counts_by_option(options, votes)
        tallies.append(RoundTally(round_no, counts, sum(counts.values()), revealed))
    return tallies
