"""The scanner of :mod:`core.expr`: reads the text as typed, rejects what the formula
language lacks, rewrites the aliases (:data:`ALIASES`) into Python operators, and keeps
for every character it writes the span of the user's text it came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from core.expr_errors import (
    ExpressionError,
    _char_name,
    _closest,
    _excerpt,
    _names_list,
    _quoted,
)

if TYPE_CHECKING:
    from core.graph import Var

MAX_LENGTH = 500
MAX_DEPTH = 30  # nested brackets
# The functions a formula may call (core.expr.ALLOWED_FUNCTIONS maps them to graph ops).
FUNCTION_NAMES = ("exp", "log", "relu", "sigmoid", "sum", "tanh")

# The only notation beyond plain Python operators: what a student types -> what it means.
ALIASES: Mapping[str, str] = MappingProxyType(
    {"σ": "sigmoid", "·": "*", "×": "*", "−": "-", "²": "**2", "^": "**", "ᵀ": ".T"}
)

_LOOKALIKES = {
    "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "﹣": "-",
    "⋅": "* (or ·)", "∙": "* (or ·)", "•": "* (or ·)", "∗": "*", "✕": "* (or ×)",
    "÷": "/", "∕": "/", "⁄": "/",
    "√": "**0.5", "∑": "sum(...)", "Σ": "sum(...)", "⊤": "ᵀ or .T", "ᵗ": "ᵀ or .T",
}  # fmt: skip

_PRIMES = "'′’ʹ"  # a derivative mark after a name: σ'(x), f'
_STRING_PREFIXES = {"b", "r", "u", "f", "br", "rb", "fr", "rf"}
_NUMBER = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_ASCII_NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_ASCII_NAME_CHARS = _ASCII_NAME_START + "0123456789"
_PUNCTUATION = "+-*/@()[]{}.,:;=<>!~|&%"
_NEWLINE = re.escape("\r\n") + "|\r|\n"


_FUNCTIONS_LIST = ", ".join("sigmoid (σ)" if f == "sigmoid" else f for f in FUNCTION_NAMES)


def _str_keys(variables: Mapping[str, Var]) -> list[str]:
    return [k for k in variables if isinstance(k, str)]


def _is_name_char(ch: str) -> bool:
    """A character Python would accept inside a name (before its NFKC normalisation)."""
    return ("a" + ch).isidentifier()


class _Source:
    """The user's text, its ASCII Python rewrite and the map between them.

    ``py[j]`` came from ``text[start[j]:end[j]]``.
    """

    def __init__(self, text: str, variables: Mapping[str, Var]):
        self.text, self.variables = text, variables
        self.line_starts = [0] + [m.end() for m in re.finditer(_NEWLINE, text)]
        self.parts: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.last = ""  # kind of the last token: name, number, close, square, op
        self.py = ""

    # ---- positions ----------------------------------------------------------------
    def where(self, index: int) -> tuple[str, int]:
        """'at column C' ('at line L, column C' for several lines) of a text index."""
        index = max(0, min(index, len(self.text)))
        line = max(i for i, s in enumerate(self.line_starts) if s <= index)
        col = index - self.line_starts[line] + 1
        if len(self.line_starts) > 1:
            return f"at line {line + 1}, column {col}", col
        return f"at column {col}", col

    def error(self, index: int, message: str, tail: str = "", *, kind: str) -> ExpressionError:
        """'<message> at column C<tail>' as an ExpressionError."""
        where, col = self.where(index)
        return ExpressionError(f"{message} {where}{tail}", col, kind=kind)

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """The span of the user's text behind the rewrite's characters a..b-1."""
        if not self.start:
            return 0, 0
        a = max(0, min(a, len(self.start) - 1))
        b = max(a + 1, min(b, len(self.start)))
        return self.start[a], self.end[b - 1]

    # ---- the scanner ----------------------------------------------------------------
    def pad(self) -> str:
        """A space that keeps an alias's rewrite from merging with the token before it."""
        return " " if self.parts and self.parts[-1][-1] not in " \t\n" else ""

    def emit(self, s: str, a: int, b: int) -> None:
        self.parts.append(s)
        self.start.extend([a] * len(s))
        self.end.extend([b] * len(s))

    def translate(self) -> str:
        text, n, i = self.text, len(self.text), 0
        while i < n:
            ch = text[i]
            if ch in " \t\r\n":
                j = i + 2 if text.startswith("\r\n", i) else i + 1
                if self.parts:  # blanks before the formula are dropped (Python: "indent")
                    self.emit("\n" if ch in "\r\n" else ch, i, j)
                i = j
            elif ch in _ASCII_NAME_START:
                i = self.name(i)
            elif ch in "0123456789" or (ch == "." and i + 1 < n and text[i + 1] in "0123456789"):
                i = self.number(i)
            elif ch in "'\"":
                i = self.string(i)
            elif ch in _PUNCTUATION:
                self.emit(ch, i, i + 1)
                self.last = "close" if ch in ")]}" else "op"
                i += 1
            elif ch in ALIASES:
                i = self.alias(i)
            else:
                raise self.unexpected(i)
        self.py = "".join(self.parts)
        return self.py

    def name(self, i: int) -> int:
        text, j = self.text, i
        while j < len(text) and text[j] in _ASCII_NAME_CHARS:
            j += 1
        if (
            j < len(text)
            and text[j] not in ALIASES
            and not text[j].isascii()
            and _is_name_char(text[j])
        ):
            raise self.unexpected(j)  # xᵢ, Aᴬ: one word with look-alike letters
        self.emit(text[i:j], i, j)
        self.last = "name"
        return j

    def number(self, i: int) -> int:
        text, j = self.text, i
        while j < len(text):
            c = text[j]
            if c in _ASCII_NAME_CHARS or c == ".":
                j += 1
            elif (
                c in "+-"
                and re.fullmatch(r"[0-9.]+[eE]", text[i:j])
                and text[j + 1 : j + 2].isdigit()
            ):
                j += 1
            else:
                break
        run = text[i:j]
        if not re.fullmatch(_NUMBER, run):
            raise self.bad_number(i, run)
        if re.fullmatch(r"0+[0-9]*[1-9][0-9]*", run):
            raise self.error(
                i,
                f"the number {_quoted(run)}",
                f" starts with 0; write it without leading zeros: {_excerpt(run.lstrip('0'))}",
                kind="number",
            )
        self.emit(run, i, j)
        self.last = "number"
        return j

    def bad_number(self, i: int, run: str) -> ExpressionError:
        low = run.lower()
        shown = _quoted(run)
        if re.match(r"0[xob]", low):
            base = {"x": "hexadecimal", "o": "octal", "b": "binary"}[low[1]]
            try:
                value = f": {int(run, 0)}" if len(run) <= 20 else ""
            except ValueError:
                value = ""
            return self.error(
                i,
                f"{base} numbers such as {shown} are not allowed",
                f"; write the decimal number{value}",
                kind="number",
            )
        if "_" in run and re.fullmatch(_NUMBER, run.replace("_", "")):
            return self.error(
                i,
                f"digit separators ('_') are not allowed in numbers: {shown}",
                f"; write {_excerpt(run.replace('_', ''))}",
                kind="number",
            )
        if low.endswith("j") and re.fullmatch(_NUMBER, run[:-1].replace("_", "")):
            return self.error(
                i,
                f"complex numbers such as {shown} are not allowed",
                "; formulas use real numbers only",
                kind="number",
            )
        if re.fullmatch(r"[0-9.]+[eE][+-]?", run):
            return self.error(
                i,
                f"{shown} is not a number",
                "; after e write the power of ten, e.g. 1e3 or 1e-3",
                kind="number",
            )
        m = re.match(_NUMBER, run)
        if m and m.end() < len(run) and run[m.end()] in _ASCII_NAME_START:
            num, rest = run[: m.end()], run[m.end() :]
            return self.error(
                i,
                f"a number followed directly by a name: {shown}",
                f"; write a * between them: {_excerpt(num)} * {_excerpt(rest)}",
                kind="number",
            )
        return self.error(
            i, f"{shown} is not a number", "; write numbers such as 2, 0.5 or 1e-3", kind="number"
        )

    def string(self, i: int) -> int:
        """A quoted string: always rejected later, but as a string (so 'open("f")' still
        reads as a call of open); its contents are replaced by an ASCII placeholder."""
        text, q, j = self.text, self.text[i], i + 1
        before = text[:i].rstrip(_ASCII_NAME_CHARS)
        word = text[len(before) : i]
        after_operand = (word and word.lower() not in _STRING_PREFIXES) or (
            i > 0 and text[i - 1] in ")]σᵀ²"
        )
        if q == "'" and after_operand:
            raise self.prime(i)
        while j < len(text) and text[j] != q and text[j] not in "\r\n":
            j += 2 if text[j] == "\\" else 1
        if j >= len(text) or text[j] != q:
            raise self.error(
                i,
                "a string (text in quotes) is not allowed, and this one is never closed,",
                "; use numbers and names",
                kind="string",
            )
        self.emit("'s'", i, j + 1)
        self.last = "number"
        return j + 1

    def alias(self, i: int) -> int:
        text, ch = self.text, self.text[i]
        directly_after = i > 0 and text[i - 1] not in " \t\r\n"
        if ch == "σ":
            j = i + 1
            while j < len(text) and text[j] in " \t":
                j += 1
            if j < len(text) and text[j] in _PRIMES:
                raise self.prime(j)
            if j >= len(text) or text[j] != "(":
                raise self.error(
                    i, "σ stands for sigmoid and needs brackets", ": write σ(...), e.g. σ(x)",
                    kind="syntax",
                )  # fmt: skip
            self.emit(self.pad() + "sigmoid", i, i + 1)
            self.last = "name"
        elif ch == "ᵀ":
            if not (directly_after and self.last in ("name", "close")):
                raise self.error(
                    i,
                    "ᵀ (transpose) must come right after a name or a closing bracket",
                    ", e.g. xᵀ or (W @ x)ᵀ",
                    kind="syntax",
                )
            self.emit(".T ", i, i + 1)
            self.last = "close"
        elif ch == "²":
            if not (directly_after and self.last in ("name", "number", "close")):
                raise self.error(
                    i,
                    "² (squared) must come right after a name, a number or a closing bracket",
                    ", e.g. x² or (x + 1)²; for a power of a power use brackets: (x²)²",
                    kind="syntax",
                )
            self.emit("**2 ", i, i + 1)
            self.last = "square"
        else:  # · × − ^: operators, padded so they never merge with a neighbour (x·*y)
            self.emit(f"{self.pad()}{ALIASES[ch]} ", i, i + 1)
            self.last = "op"
        return i + 1

    def prime(self, i: int) -> ExpressionError:
        """A derivative mark (σ'(x), f', x′): not notation; the derivative is written out."""
        return self.error(
            i,
            "a prime (') is not part of the notation",
            ": write the derivative out, e.g. σ(u)·(1 − σ(u)) for σ'(u), or 1 − tanh(u)² for "
            "tanh'(u)",
            kind="character",
        )

    def unexpected(self, i: int) -> ExpressionError:
        """A character outside the language, with what to type instead."""
        text, ch = self.text, self.text[i]
        code = _char_name(ch)
        category = unicodedata.category(ch)
        if ch == "#":
            return self.error(
                i,
                "'#' starts a Python comment; formulas have no comments",
                ": delete the # and what follows it",
                kind="comment",
            )
        if ch == "\\":
            return self.error(
                i, "a backslash is not allowed", "; write the formula without it", kind="character"
            )
        if category in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
            return self.error(
                i,
                f"an invisible character ({code})",
                " is not allowed; delete it (copying text can bring these in)",
                kind="character",
            )
        if ch.isspace():
            return self.error(
                i, f"a special space ({code})", " is not allowed; type a plain space",
                kind="character",
            )  # fmt: skip
        if ch in _PRIMES:
            return self.prime(i)
        if ch.isascii():
            return self.error(
                i,
                f"the character {ch} is not part of the notation",
                "; see the syntax card for what a formula may contain",
                kind="character",
            )
        if ch in _LOOKALIKES:
            return self.error(
                i,
                f"the character {ch} ({code})",
                f" is not part of the notation; type {_LOOKALIKES[ch]}",
                kind="character",
            )
        if _is_name_char(ch):
            a, b = i, i + 1
            while a > 0 and _is_name_char(text[a - 1]):
                a -= 1
            while b < len(text) and _is_name_char(text[b]):
                b += 1
            word = text[a:b]
            folded = unicodedata.normalize("NFKC", word)
            names = [*_str_keys(self.variables), *FUNCTION_NAMES]
            if folded.isascii() and folded.isidentifier():
                near = _closest(folded, names)
                hint = f"; did you mean {_excerpt(near)}?" if near else "."
                return self.error(
                    a,
                    f"{_quoted(word)} is written with look-alike letters ({ch} is {code})",
                    f"; type names exactly as given, in plain letters{hint} "
                    f"Known names: {_names_list(self.variables)}; functions: {_FUNCTIONS_LIST}",
                    kind="character",
                )
            greek = unicodedata.name(ch, "")
            spelled = (
                f"; spell it out, e.g. {greek.split()[-1].lower()}"
                if greek.startswith("GREEK")
                else ""
            )
            return self.error(
                a,
                f"{_quoted(word)} is not a name you can use ({ch} is {code})",
                f"{spelled}; names are plain letters. Known names: "
                f"{_names_list(self.variables)}; functions: {_FUNCTIONS_LIST}",
                kind="character",
            )
        if unicodedata.name(ch, "").startswith("SUPERSCRIPT"):
            return self.error(
                i,
                f"the superscript {ch} ({code}) is not part of the notation",
                "; only ² has a shortcut: write ** and the number, e.g. x**3 or x**-1",
                kind="character",
            )
        folded = unicodedata.normalize("NFKC", ch)
        if folded.isascii() and folded.strip() and folded.isprintable():
            return self.error(
                i,
                f"the character {ch} ({code}) looks like {folded!r} but is a different one",
                f"; type {folded}",
                kind="character",
            )
        return self.error(
            i,
            f"the character {_excerpt(ch)} ({code}) is not part of the notation",
            "; see the syntax card for what a formula may contain",
            kind="character",
        )
