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
import math
from collections.abc import Callable, Mapping
from types import MappingProxyType

from core.expr_errors import ExpressionError, _closest, _excerpt, _names_list, _quoted
from core.expr_scan import (
    _ASCII_NAME_CHARS,
    _FUNCTIONS_LIST,
    ALIASES,
    FUNCTION_NAMES,
    MAX_DEPTH,
    MAX_LENGTH,
    _Source,
    _str_keys,
)
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

MAX_OPERATIONS = 200
MAX_EXPONENT = 10

ALLOWED_FUNCTIONS: Mapping[str, Callable[[Var], Var]] = MappingProxyType(
    {**FUNCTIONS, "sum": lambda v: v.sum()}
)
assert tuple(sorted(ALLOWED_FUNCTIONS)) == FUNCTION_NAMES  # one list of functions

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
