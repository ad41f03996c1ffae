"""Turn a typed formula into a :mod:`core.graph` computation graph, safely.

``ast.parse(text, mode="eval")`` is used only to get a syntax tree; nothing is
ever evaluated as Python (no eval, exec or compile). The tree is walked with a
whitelist; anything else raises :class:`ExpressionError` saying what and where.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from core.graph import FUNCTIONS, Var

__all__ = [
    "ALLOWED_FUNCTIONS",
    "EXPRESSION_HELP",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_OPERATIONS",
    "ExpressionError",
    "parse",
]

MAX_LENGTH = 500
MAX_OPERATIONS = 200
MAX_DEPTH = 30  # nested brackets
MAX_EXPONENT = 10

ALLOWED_FUNCTIONS: Mapping[str, Callable[[Var], Var]] = MappingProxyType(
    {**FUNCTIONS, "sum": lambda v: v.sum()}
)

EXPRESSION_HELP = (
    "Write a formula with your variable names, numbers, + - * / (elementwise, "
    "broadcasting), @ (matrix product), ** with a number exponent between -10 and 10, "
    "unary minus, parentheses and the functions "
    + ", ".join(sorted(ALLOWED_FUNCTIONS))
    + ". Example: sum(sigmoid(W @ x + b)) - y. At most "
    + f"{MAX_LENGTH} characters and {MAX_OPERATIONS} operations."
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


class ExpressionError(ValueError):
    """A formula that cannot be turned into a graph; ``column`` is 1-based or None."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


def _check_text(text: object) -> str:
    """The checks that come before any parsing: type, size, null bytes, nesting."""
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the formula is too long: {len(text)} characters (at most {MAX_LENGTH})"
        )
    if "\x00" in text:
        raise ExpressionError("the formula contains a null byte", text.index("\x00") + 1)
    if not text.strip():
        raise ExpressionError("the formula is empty: type an expression such as sum(x * x)")
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"brackets nested too deeply at column {i + 1} (at most {MAX_DEPTH} levels)", i + 1
            )
    return text


class _Builder:
    """Walks a checked syntax tree and builds Vars."""

    def __init__(self, text: str, variables: Mapping[str, Var]):
        self.text, self.variables = text, variables
        self.lines = re.split(r"\r\n|\r|\n", text)

    def where(self, node: ast.AST) -> tuple[str, int | None]:
        """'at column C' (with the line when the formula has several) and C."""
        lineno, offset = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if lineno is None or offset is None:
            return "", None
        line = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        col = len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore")) + 1
        prefix = f"line {lineno}, " if len(self.lines) > 1 else ""
        return f"at {prefix}column {col}", col

    def fragment(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.text, node) or ""
        return text if len(text) <= 40 else text[:37] + "..."

    def fail(self, node: ast.AST, what: str, tail: str = "") -> ExpressionError:
        """'<what> '<fragment>' at column C<tail>' as an ExpressionError."""
        where, col = self.where(node)
        fragment = self.fragment(node)
        quote = '"' if "'" in fragment else "'"
        shown = f" {quote}{fragment}{quote}" if fragment else ""
        return ExpressionError(f"{what}{shown} {where}{tail}".strip(), col)

    def number(self, node: ast.AST) -> float | None:
        """The value of a number literal, else None (bools and complex are not numbers)."""
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
            raise self.fail(node, "number too large")
        return value

    def exponent(self, node: ast.AST) -> float:
        sign, inner = 1.0, node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign, inner = (-1.0 if isinstance(node.op, ast.USub) else 1.0), node.operand
        value = self.number(inner)
        if value is None:
            raise self.fail(node, "the exponent of ** must be a number such as 2 or -1, got")
        if abs(value) > MAX_EXPONENT:
            raise self.fail(
                node, f"exponent must be between -{MAX_EXPONENT} and {MAX_EXPONENT}, got"
            )
        return sign * value

    def apply(self, node: ast.AST, fn: Callable[..., Var], *args) -> Var:
        """Run one graph op; its shape or type errors become ExpressionErrors."""
        try:
            return fn(*args)
        except (ValueError, TypeError, ArithmeticError) as err:
            raise self.fail(node, f"{err} in") from None

    def build(self, node: ast.AST) -> Var:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            value = self.number(node)
            if value is None:
                kind = "a string" if isinstance(node.value, str | bytes) else repr(node.value)
                raise self.fail(node, f"{kind} is not allowed:", "; use numbers and names")
            return Var(value, f"{value:.4g}", constant=True)
        if isinstance(node, ast.Name):
            if node.id not in self.variables:
                known = ", ".join(sorted(self.variables)) or "(none)"
                where, col = self.where(node)
                raise ExpressionError(
                    f"unknown name '{node.id}' {where}; known names: {known}", col
                )
            return self.variables[node.id]
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                base, p = self.build(node.left), self.exponent(node.right)
                return self.apply(node, lambda: base**p)
            if type(node.op) not in _BINOPS:
                raise self.fail(
                    node, f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' is not allowed in"
                )
            _, fn = _BINOPS[type(node.op)]
            a, b = self.build(node.left), self.build(node.right)
            return self.apply(node, fn, a, b)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            if isinstance(node.op, ast.USub):
                operand = self.build(node.operand)
                return self.apply(node, lambda: -operand)
            raise self.fail(
                node, f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' is not allowed in"
            )
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, f"{_WHAT.get(type(node), type(node).__name__)} is not allowed:")

    def call(self, node: ast.Call) -> Var:
        allowed = "; allowed functions: " + ", ".join(sorted(ALLOWED_FUNCTIONS))
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only a function name can be called:", allowed)
        if node.func.id not in ALLOWED_FUNCTIONS:
            where, col = self.where(node)
            raise ExpressionError(f"unknown function '{node.func.id}' {where}{allowed}", col)
        name = node.func.id
        if node.keywords:
            raise self.fail(node, f"{name}() takes no keyword arguments:")
        if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise self.fail(node, f"{name}() takes exactly one argument:")
        arg = self.build(node.args[0])
        return self.apply(node, ALLOWED_FUNCTIONS[name], arg)


def _syntax_error(text: str, err: SyntaxError) -> ExpressionError:
    """Python's SyntaxError as an ExpressionError with a 1-based column."""
    lines = re.split(r"\r\n|\r|\n", text)
    lineno = err.lineno if err.lineno and 0 < err.lineno <= len(lines) else len(lines)
    col = err.offset if err.offset and 0 < err.offset <= len(lines[lineno - 1]) else None
    where = f"at column {col}" if col else "at the end of the formula"
    if col and len(lines) > 1:
        where = f"at line {lineno}, column {col}"
    return ExpressionError(f"syntax error {where}: {err.msg}", col)


def parse(text: str, variables: Mapping[str, Var]) -> Var:
    """Build the graph of a typed formula.

    Parameters
    ----------
    text : str
        E.g. ``"sum(sigmoid(W @ x + b)) - y"``; see :data:`EXPRESSION_HELP`.
    variables : mapping of str to Var
        The names a formula may use; the result's graph ends at these leaves,
        so after ``backward()`` their ``.grad`` holds the gradients.

    Returns
    -------
    Var
        The output node.

    Raises
    ------
    ExpressionError
        For anything outside the whitelist, too long or too deep, a syntax
        error or a shape mismatch; the message says what and where.
    """
    for key, value in variables.items():
        if not isinstance(value, Var):
            raise TypeError(f"variables[{key!r}] must be a Var, got {type(value).__name__}")
    text = _check_text(text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise _syntax_error(text, err) from None
    except (ValueError, MemoryError, RecursionError) as err:
        raise ExpressionError(f"cannot read the formula: {err}") from None
    operations = sum(isinstance(n, ast.BinOp | ast.UnaryOp | ast.Call) for n in ast.walk(tree))
    if operations > MAX_OPERATIONS:
        raise ExpressionError(f"too many operations: {operations} (at most {MAX_OPERATIONS})")
    return _Builder(text, variables).build(tree)
