"""Typed variables for a typed formula: ``"W = random(2, 3); x = [1, -0.5, 2]; y = 1.5"``.

A small hand-written reader for numbers, brackets and ``random(...)`` (values
drawn from a seed); nothing typed is ever evaluated as Python. Companion of
:mod:`core.expr`, which parses the formula over these variables.
"""

from __future__ import annotations

import math
import re

import numpy as np

from lessons.chain_rule.examples import drawn

__all__ = [
    "MAX_DIM",
    "MAX_TOTAL",
    "MAX_VARIABLES",
    "VARIABLES_HELP",
    "VariablesError",
    "format_variables",
    "parse_variables",
]

MAX_VARIABLES = 8
MAX_DIM = 8  # longest side of a vector or matrix
MAX_TOTAL = 128  # numbers over all variables (each costs two evaluations in the check)
MAX_ABS = 1e6
RESERVED = {"sigmoid", "tanh", "relu", "exp", "log", "sum", "random"}

VARIABLES_HELP = (
    "One variable per entry, entries separated by ';'. A scalar: `y = 1.5`; a vector: "
    "`x = [1, -0.5, 2]`; a matrix, row by row: `A = [[1, 2], [3, 4]]`; or numbers drawn "
    "from the seed with the shape you choose: `W = random(2, 3)`, `v = random(3)`, "
    f"`c = random()`. At most {MAX_VARIABLES} variables, sides of at most {MAX_DIM}, "
    f"{MAX_TOTAL} numbers in all."
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,11}")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)|(?P<sym>[\[\](),])"
    r"|(?P<word>[A-Za-z_]\w*))"
)


class VariablesError(ValueError):
    """The variables text cannot be read; the message says which entry and why."""


def _tokens(text: str, where: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].strip()[:1]
            raise VariablesError(f"{where}: unexpected character {bad!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _number(text: str, where: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise VariablesError(f"{where}: {text} is too large (at most {MAX_ABS:g} in size)")
    return value


def _nested(tokens: list, i: int, where: str, depth: int = 0):
    """Read a number or a bracketed list starting at ``tokens[i]``; return (value, next i)."""
    if i >= len(tokens):
        raise VariablesError(f"{where}: the value ends too early")
    kind, text = tokens[i]
    if kind == "num":
        return _number(text, where), i + 1
    if text != "[":
        raise VariablesError(f"{where}: expected a number or '[', got {text!r}")
    if depth >= 2:
        raise VariablesError(f"{where}: at most two levels of brackets (a matrix)")
    items, i = [], i + 1
    while True:
        item, i = _nested(tokens, i, where, depth + 1)
        items.append(item)
        if i >= len(tokens):
            raise VariablesError(f"{where}: a '[' is never closed")
        if tokens[i][1] == "]":
            return items, i + 1
        if tokens[i][1] != ",":
            raise VariablesError(f"{where}: expected ',' or ']', got {tokens[i][1]!r}")
        i += 1


def _random(tokens: list, name: str, seed: int, where: str) -> np.ndarray:
    texts = [t for _, t in tokens]
    if len(texts) < 3 or texts[1] != "(" or texts[-1] != ")":
        raise VariablesError(f"{where}: write random(rows, columns), random(n) or random()")
    dims = [t for t in texts[2:-1] if t != ","]
    if len(dims) > 2 or texts[2:-1].count(",") != max(len(dims) - 1, 0):
        raise VariablesError(f"{where}: random() takes at most two sizes, e.g. random(2, 3)")
    shape = []
    for dim in dims:
        if not dim.isdigit() or not 1 <= int(dim) <= MAX_DIM:
            raise VariablesError(f"{where}: sizes must be whole numbers from 1 to {MAX_DIM}")
        shape.append(int(dim))
    return drawn(seed, name, tuple(shape))


def _value(rhs: str, name: str, seed: int, where: str) -> np.ndarray:
    tokens = _tokens(rhs, where)
    if not tokens:
        raise VariablesError(f"{where}: no value after '='")
    if tokens[0] == ("word", "random"):
        return _random(tokens, name, seed, where)
    if tokens[0][0] == "word":
        raise VariablesError(f"{where}: unknown word {tokens[0][1]!r}; use numbers or random(...)")
    if tokens[0][1] != "[" and len(tokens) > 1:  # a bare comma list: a vector
        tokens = [("sym", "["), *tokens, ("sym", "]")]
    value, end = _nested(tokens, 0, where)
    if end != len(tokens):
        raise VariablesError(f"{where}: unexpected {tokens[end][1]!r} after the value")
    rows = value if isinstance(value, list) else None
    if rows and isinstance(rows[0], list):
        if any(not isinstance(r, list) or len(r) != len(rows[0]) for r in rows):
            raise VariablesError(f"{where}: every row of a matrix needs the same length")
    elif rows and any(isinstance(r, list) for r in rows):
        raise VariablesError(f"{where}: mix of numbers and rows")
    array = np.array(value, dtype=np.float64)
    if any(n > MAX_DIM for n in array.shape):
        raise VariablesError(f"{where}: shape {array.shape} has a side longer than {MAX_DIM}")
    return array


def parse_variables(text: str, seed: int = 0) -> dict[str, np.ndarray]:
    """Read ``"W = random(2, 3); x = [1, 2, 3]; y = 1.5"`` into named arrays.

    Parameters
    ----------
    text : str
        Entries ``name = value`` separated by ';' or new lines; see
        :data:`VARIABLES_HELP`.
    seed : int
        Seed of the ``random(...)`` draws (each name has its own stream).

    Returns
    -------
    dict of str to ndarray
        Scalars are 0-d, vectors (k,), matrices (r, c).

    Raises
    ------
    VariablesError
        Naming the entry and what is wrong.
    """
    if not isinstance(text, str) or "\x00" in text:
        raise VariablesError("the variables contain a null byte")
    entries = [e.strip() for e in re.split(r"[;\n]", text) if e.strip()]
    if not entries:
        raise VariablesError("no variables: define at least one, e.g. x = [1, 2]")
    if len(entries) > MAX_VARIABLES:
        raise VariablesError(f"{len(entries)} variables; at most {MAX_VARIABLES}")
    values: dict[str, np.ndarray] = {}
    for k, entry in enumerate(entries, start=1):
        shown = entry if len(entry) <= 30 else entry[:27] + "..."
        where = f"variable {k} ('{shown}')"
        name, eq, rhs = entry.partition("=")
        name = name.strip()
        if not eq:
            raise VariablesError(f"{where}: write name = value")
        if not _NAME.fullmatch(name):
            raise VariablesError(
                f"{where}: a name starts with a letter and has at most 12 letters, digits or '_'"
            )
        if name in RESERVED:
            raise VariablesError(f"{where}: '{name}' is a function name; pick another")
        if name in values:
            raise VariablesError(f"{where}: '{name}' is defined twice")
        values[name] = _value(rhs, name, seed, where)
    total = sum(a.size for a in values.values())
    if total > MAX_TOTAL:
        raise VariablesError(f"{total} numbers in all; at most {MAX_TOTAL}")
    return values


def format_variables(values: dict[str, np.ndarray]) -> str:
    """The inverse of :func:`parse_variables` for explicit numbers (``%g``)."""

    def fmt(a):
        if a.ndim == 0:
            return f"{float(a):g}"
        return "[" + ", ".join(fmt(x) for x in a) + "]"

    return "; ".join(f"{k} = {fmt(np.asarray(v))}" for k, v in values.items())
