"""Turn a typed formula into a :mod:`core.graph` computation graph, safely.

The formula language is exactly what :data:`EXPRESSION_HELP` says, in two stages:

1. A scanner reads the text as the user typed it, character by character. It
   rejects anything the help does not list (comments, strings' contents,
   non-decimal or separated or complex numbers, backslashes, any character
   outside ASCII) and rewrites the documented notation (:data:`ALIASES`: ``σ``,
   ``·``, ``×``, ``−``, ``²``, ``^``, ``ᵀ``) into plain Python operators. The
   result is pure ASCII, so Python's tokenizer never normalises anything (a
   full-width ``ｓｕｍ`` or a ``ᴬ`` that Python would read as ``sum`` or ``A`` is
   rejected here, as typed). It keeps, for every character it writes, the span
   of the user's text it came from, so every message points at what was typed.
2. ``ast.parse(..., mode="eval")`` gives a syntax tree (nothing is ever
   evaluated as Python: no eval, exec or compile), which is walked with a
   whitelist and built into :class:`core.graph.Var` nodes.

Every message quotes at most a short excerpt of the user's text (40 characters
and "…", invisible characters shown as code points) and never repeats Python's
own error text.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType

from core.graph import FUNCTIONS, Var

__all__ = [
    "ALIASES",
    "ALLOWED_FUNCTIONS",
    "EXPRESSION_HELP",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_OPERATIONS",
    "ExpressionError",
    "parse",
]

MAX_LENGTH = 500
MAX_OPERATIONS = 200
MAX_DEPTH = 30  # nested brackets
MAX_EXPONENT = 10
EXCERPT = 40  # characters of the user's text a message quotes

ALLOWED_FUNCTIONS: Mapping[str, Callable[[Var], Var]] = MappingProxyType(
    {**FUNCTIONS, "sum": lambda v: v.sum()}
)

# The only notation beyond plain Python operators: what a student types -> what it means.
ALIASES: Mapping[str, str] = MappingProxyType(
    {"σ": "sigmoid", "·": "*", "×": "*", "−": "-", "²": "**2", "^": "**", "ᵀ": ".T"}
)

EXPRESSION_HELP = (
    "A formula uses your variable names, numbers (2, 0.5, 1e-3), + - * / elementwise "
    "(with broadcasting), @ matrix product, ** or ^ with a number exponent from -10 to 10 "
    "(x**2, x^-1, x²), unary minus, brackets ( ), transpose x.T or xᵀ, and the functions "
    + ", ".join("sigmoid (or σ)" if f == "sigmoid" else f for f in sorted(ALLOWED_FUNCTIONS))
    + ". Also · or × for *, − for -. Example: sum(σ(W @ x + b)) - y. Names exactly as "
    "given, in plain letters; no comments (#), 0x numbers, 1_000 or 1j. At most "
    f"{MAX_LENGTH} characters and {MAX_OPERATIONS} operations."
)

_BINOPS: dict[type, tuple[str, Callable[[Var, Var], Var]]] = {
    ast.Add: ("+", lambda a, b: a + b),
    ast.Sub: ("-", lambda a, b: a - b),
    ast.Mult: ("*", lambda a, b: a * b),
    ast.Div: ("/", lambda a, b: a / b),
    ast.MatMult: ("@", lambda a, b: a @ b),
}
_OP_SYMBOLS = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Not: "not", ast.Invert: "~",
}  # fmt: skip
_WHAT = {
    ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.BoolOp: "a boolean operator", ast.Compare: "a comparison",
    ast.IfExp: "a conditional expression", ast.Starred: "a starred expression",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "an assignment", ast.Slice: "a slice",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
}  # fmt: skip

# Characters that look like an allowed one but are not: what to type instead.
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


_FUNCTIONS_LIST = ", ".join(
    "sigmoid (σ)" if f == "sigmoid" else f for f in sorted(ALLOWED_FUNCTIONS)
)


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
            names = [*_str_keys(self.variables), *ALLOWED_FUNCTIONS]
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


def _str_keys(variables: Mapping[str, Var]) -> list[str]:
    return [k for k in variables if isinstance(k, str)]


def _is_name_char(ch: str) -> bool:
    """A character Python would accept inside a name (before its NFKC normalisation)."""
    return ("a" + ch).isidentifier()


def _check_text(text: object) -> str:
    """The checks that come before any parsing: type, size, null bytes, emptiness, nesting."""
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text, got {type(text).__name__}", kind="type")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the formula is too long: {len(text)} characters (at most {MAX_LENGTH})",
            kind="too-long",
        )
    if "\x00" in text:
        raise ExpressionError(
            "the formula contains a null byte; delete it", text.index("\x00") + 1, kind="character"
        )
    if not text.strip():
        raise ExpressionError(
            "the formula is empty: type an expression such as sum(x * x)", kind="empty"
        )
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"brackets nested too deeply at column {i + 1} (at most {MAX_DEPTH} levels)",
                i + 1,
                kind="too-deep",
            )
    return text


class _Builder:
    """Walks a checked syntax tree and builds Vars."""

    def __init__(self, source: _Source):
        self.source, self.variables = source, source.variables
        py = source.py
        self.py_line_starts = [0] + [i + 1 for i, ch in enumerate(py) if ch == "\n"]

    def span(self, node: ast.AST) -> tuple[int, int] | None:
        """The span of the user's text that a node was read from."""
        try:
            a = self.py_line_starts[node.lineno - 1] + node.col_offset
            b = self.py_line_starts[node.end_lineno - 1] + node.end_col_offset
        except (AttributeError, IndexError, TypeError):
            return None
        return self.source.source_span(a, b)

    def fail(self, node: ast.AST, what: str, tail: str = "", *, kind: str) -> ExpressionError:
        """'<what> '<excerpt>' at column C<tail>' as an ExpressionError."""
        span = self.span(node)
        if span is None:
            return ExpressionError(f"{what}{tail}".rstrip(":"), kind=kind)
        fragment = self.source.text[span[0] : span[1]].strip()
        shown = f" {_quoted(fragment)}" if fragment else ""
        where, col = self.source.where(span[0])
        return ExpressionError(f"{what}{shown} {where}{tail}", col, kind=kind)

    def number(self, node: ast.AST) -> float | None:
        """The value of a number literal, else None (bools are not numbers)."""
        if not isinstance(node, ast.Constant):
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        try:
            value = float(value)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise self.fail(node, "number too large:", kind="number")
        return value

    def exponent(self, node: ast.AST) -> float:
        sign, inner = 1.0, node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign, inner = (-1.0 if isinstance(node.op, ast.USub) else 1.0), node.operand
        value = self.number(inner)
        if value is None:
            raise self.fail(
                node,
                "the exponent of ** (or ^) must be a number such as 2 or -1, got",
                kind="exponent",
            )
        if abs(value) > MAX_EXPONENT:
            raise self.fail(
                node,
                f"exponent must be between -{MAX_EXPONENT} and {MAX_EXPONENT}, got",
                kind="exponent",
            )
        return sign * value

    def apply(self, node: ast.AST, fn: Callable[..., Var], *args) -> Var:
        """Run one graph op; its shape or type errors (our own messages) become
        ExpressionErrors."""
        try:
            return fn(*args)
        except (ValueError, TypeError, ArithmeticError) as err:
            raise self.fail(node, f"{err} in", kind="math") from None

    def build(self, node: ast.AST) -> Var:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            value = self.number(node)
            if value is None:
                if isinstance(node.value, str | bytes):
                    raise self.fail(
                        node, "a string is not allowed:", "; use numbers and names", kind="string"
                    )
                raise self.fail(
                    node, f"{node.value!r} is not allowed:", "; use numbers and names",
                    kind="not-allowed",
                )  # fmt: skip
            return Var(value, f"{value:.4g}", constant=True)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                base, p = self.build(node.left), self.exponent(node.right)
                return self.apply(node, lambda: base**p)
            if type(node.op) not in _BINOPS:
                symbol = _OP_SYMBOLS.get(type(node.op), "?")
                raise self.fail(node, f"operator '{symbol}' is not allowed in", kind="not-allowed")
            _, fn = _BINOPS[type(node.op)]
            a, b = self.build(node.left), self.build(node.right)
            return self.apply(node, fn, a, b)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            if isinstance(node.op, ast.USub):
                operand = self.build(node.operand)
                return self.apply(node, lambda: -operand)
            symbol = _OP_SYMBOLS.get(type(node.op), "?")
            raise self.fail(node, f"operator '{symbol}' is not allowed in", kind="not-allowed")
        if isinstance(node, ast.Attribute) and node.attr == "T":
            operand = self.build(node.value)
            return self.apply(node, lambda: operand.T)
        if isinstance(node, ast.Attribute):
            raise self.fail(
                node,
                "attribute access is not allowed:",
                "; only .T (transpose) is allowed",
                kind="not-allowed",
            )
        if isinstance(node, ast.Call):
            return self.call(node)
        what = _WHAT.get(type(node), type(node).__name__)
        raise self.fail(node, f"{what} is not allowed:", kind="not-allowed")

    def name(self, node: ast.Name) -> Var:
        name = node.id  # ASCII: the scanner let no other letter through, so as typed
        if name in self.variables:
            return self.variables[name]
        span = self.span(node)
        where, col = self.source.where(span[0] if span else 0)
        shown = _excerpt(name)
        known = f" Known names: {_names_list(self.variables)}; functions: {_FUNCTIONS_LIST}."
        if name in ALLOWED_FUNCTIONS:
            raise ExpressionError(
                f"{shown} {where} is a function: call it with brackets, e.g. {shown}(x)",
                col,
                kind="syntax",
            )
        near = _closest(name, _str_keys(self.variables))
        if near is not None:
            hint = f"; did you mean {_excerpt(near)}?"
        elif name == "e":
            hint = "; for e to a power write exp(...)."
        else:
            hint = "."
        raise ExpressionError(
            f"unknown name '{shown}' {where}: {shown} is unknown{hint}{known}",
            col,
            kind="unknown-name",
        )

    def call(self, node: ast.Call) -> Var:
        allowed = f"; allowed functions: {_FUNCTIONS_LIST}"
        if not isinstance(node.func, ast.Name):
            raise self.fail(
                node, "only a function name can be called:", allowed, kind="not-allowed"
            )
        name = node.func.id
        if name not in ALLOWED_FUNCTIONS:
            span = self.span(node)
            where, col = self.source.where(span[0] if span else 0)
            shown = _excerpt(name)
            if name in self.variables:
                raise ExpressionError(
                    f"{shown} {where} is a variable, not a function: to multiply, write "
                    f"{shown} * (...)",
                    col,
                    kind="syntax",
                )
            near = _closest(name, ALLOWED_FUNCTIONS)
            hint = f"; did you mean {near}? A" if near else "; a"
            raise ExpressionError(
                f"unknown function '{shown}' {where}{hint}llowed functions: {_FUNCTIONS_LIST}",
                col,
                kind="unknown-function",
            )
        if node.keywords:
            raise self.fail(node, f"{name}() takes no keyword arguments:", kind="arguments")
        if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise self.fail(node, f"{name}() takes exactly one argument:", kind="arguments")
        arg = self.build(node.args[0])
        return self.apply(node, ALLOWED_FUNCTIONS[name], arg)


def _syntax_error(source: _Source, err: SyntaxError) -> ExpressionError:
    """Python's SyntaxError in our words (its own message is never repeated)."""
    py = source.py
    starts = [0] + [i + 1 for i, ch in enumerate(py) if ch == "\n"]
    index, line_start = None, False
    if err.lineno and 0 < err.lineno <= len(starts) and err.offset and err.offset > 0:
        j = starts[err.lineno - 1] + err.offset - 1
        while j < len(py) and py[j] in " \t\n":  # Python points at a blank: the next token
            j += 1
        if j < len(py):
            index = source.start[j]
            first = starts[max(i for i, s in enumerate(starts) if s <= j)]
            line_start = first > 0 and not py[first:j].strip()
    if index is None:
        return ExpressionError(
            "syntax error at the end of the formula: something is missing (an operand after "
            "an operator, or a closing bracket)",
            kind="syntax",
        )
    where, col = source.where(index)
    ch = source.text[index]
    msg = err.msg or ""
    if "was never closed" in msg and ch in "([{":
        hint = f": the bracket {ch} is never closed"
    elif "unmatched" in msg and ch in ")]}":
        hint = f": the bracket {ch} has no opening bracket"
    elif "does not match" in msg and ch in ")]}":
        hint = f": the bracket {ch} does not match the opening one"
    elif line_start:
        hint = ": a line break ends the formula; to go on over several lines, put it in brackets"
    elif "forgot a comma" in msg:
        hint = ": two terms with no operator between them; write * or @ between them"
    elif ch == "=":
        hint = ": '=' is not allowed; a formula is an expression, without = or comparisons"
    elif ch in "+-*/@%<>|&~·×−^":
        hint = ": an operand is missing next to this operator"
    elif ch in _ASCII_NAME_CHARS or ch in "(.'\"σ":
        hint = ": an operator (such as * or @) may be missing before this"
    else:
        hint = ": check for a missing operand or bracket"
    return ExpressionError(f"syntax error {where}{hint}", col, kind="syntax")


def parse(text: str, variables: Mapping[str, Var]) -> Var:
    """Build the graph of a typed formula.

    Parameters
    ----------
    text : str
        E.g. ``"sum(sigmoid(W @ x + b)) - y"`` or ``"sum(σ(W @ x + b)) − y"``;
        see :data:`EXPRESSION_HELP` and :data:`ALIASES`.
    variables : mapping of str to Var
        The names a formula may use, typed exactly (plain ASCII); the result's
        graph ends at these leaves, so after ``backward()`` their ``.grad``
        holds the gradients.

    Returns
    -------
    Var
        The output node.

    Raises
    ------
    ExpressionError
        For anything outside the language (see :data:`EXPRESSION_HELP`), too
        long or too deep, a syntax error or a shape mismatch; the message says
        what, where, and what to write instead, and ``.kind`` names the problem.
    TypeError
        When a value of ``variables`` is not a Var.
    """
    for key, value in variables.items():
        if not isinstance(value, Var):
            raise TypeError(f"variables[{key!r}] must be a Var, got {type(value).__name__}")
    text = _check_text(text)
    source = _Source(text, variables)
    py = source.translate()
    try:
        tree = ast.parse(py, mode="eval")
    except SyntaxError as err:
        raise _syntax_error(source, err) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("the formula is nested too deeply to read", kind="too-deep") from None
    operations = sum(
        isinstance(n, ast.BinOp | ast.UnaryOp | ast.Call | ast.Attribute) for n in ast.walk(tree)
    )
    if operations > MAX_OPERATIONS:
        raise ExpressionError(
            f"too many operations: {operations} (at most {MAX_OPERATIONS})",
            kind="too-many-operations",
        )
    return _Builder(source).build(tree)
