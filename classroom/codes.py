"""Room codes, host tokens and voter ids: making them and checking what comes in.

Everything a browser sends (a typed room code, a token from the URL, a voter
id from the query string) passes through here before it reaches SQL, so a
mangled value gets a message that says what to fix and nothing is written.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "TOKEN_BYTES",
    "check_round",
    "check_voter_id",
    "hash_token",
    "new_code",
    "new_host_token",
    "new_voter_id",
    "no_room",
    "normalise_code",
    "token_matches",
]

#: Upper-case letters and digits without look-alikes: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: 32 random bytes: 256 bits, 43 URL-safe characters.
TOKEN_BYTES = 32
_MAX_TOKEN_CHARS = 256
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_VOTER_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SEPARATORS = str.maketrans("", "", " -\t")  # "ABC 234" or "abc-234" as typed from the projector


def shown(value: object, limit: int = 24) -> str:
    """``repr(value)``, cut short, for echoing user input in a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def new_code() -> str:
    """A random room code: 6 characters from :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_host_token() -> str:
    """A fresh host token with 256 random bits (``secrets.token_urlsafe(32)``)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_voter_id() -> str:
    """A random voter id for a student's URL (16 URL-safe characters, 96 bits)."""
    return secrets.token_urlsafe(12)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored instead of the token itself."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: object, stored_hash: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN_CHARS:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)


def normalise_code(code: object) -> str:
    """A room code as typed, made canonical: spaces and dashes dropped, upper case.

    Parameters
    ----------
    code : str
        What the student typed or the link carried, e.g. ``" abc-234 "``.

    Returns
    -------
    str
        The canonical code, e.g. ``"ABC234"``.

    Raises
    ------
    LookupError
        If what is left is not 6 characters of :data:`CODE_ALPHABET`: no room
        can have that code.
    """
    cleaned = code.strip().upper().translate(_SEPARATORS) if isinstance(code, str) else ""
    if not _CODE.fullmatch(cleaned):
        raise LookupError(
            f"{shown(code)} is not a room code: a code is {CODE_LENGTH} letters and digits "
            "like ABC234 (never 0, O, 1, I or L). Check the code on the projector."
        )
    return cleaned


def check_voter_id(voter_id: object) -> str:
    """Return ``voter_id`` if it has the form :func:`new_voter_id` makes.

    Raises
    ------
    ValueError
        Unless it is 8 to 64 characters of letters, digits, ``-`` and ``_``.
    """
    if not isinstance(voter_id, str) or not _VOTER_ID.fullmatch(voter_id):
        raise ValueError(
            f"{shown(voter_id)} is not a voter id: it must be 8 to 64 letters, digits, "
            "'-' or '_' (make one with classroom.new_voter_id()). Reopen the join link."
        )
    return voter_id


def check_round(round_no: object) -> int | None:
    """Return ``round_no`` (None or a whole number from 1 up); ValueError otherwise."""
    if round_no is None:
        return None
    if isinstance(round_no, bool) or not isinstance(round_no, int) or round_no < 1:
        raise ValueError(f"A round is a whole number from 1 up, not {shown(round_no)}.")
    return round_no


def no_room(code: str) -> str:
    """The message for a well-formed code that names no live room."""
    return (
        f"No room with code {code}: check the code on the projector "
        "(rooms close 24 hours after their last use)."
    )
