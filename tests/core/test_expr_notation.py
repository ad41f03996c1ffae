"""core.expr: the notation students can type (issue 11) and a formula language that is
exactly what its help card says (issue 16).

Every accepted alias is checked twice, independently: against the same formula in
ASCII (same value, same gradients, same graph size) and against a plain-numpy value
written here. Every rejected form raises ExpressionError with a message that says
what to write instead, quotes at most a short excerpt of the input and never Python's
own error text; 50+ hostile strings are rejected within the time budget.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.expr import (
    ALIASES,
    EXPRESSION_HELP,
    MAX_LENGTH,
    ExpressionError,
    parse,
)
from core.graph import Var
from tests.core.parse_budget import parse_within_budget

RNG = np.random.default_rng(11)
VALUES = {
    "W": RNG.normal(size=(2, 3)),
    "A": RNG.normal(size=(3, 3)),
    "x": RNG.uniform(0.5, 1.5, 3),
    "X": RNG.uniform(0.5, 1.5, (3, 1)),
    "b": RNG.normal(size=2),
    "y": np.array(0.7),
    "eta": np.array(0.1),
}
W, A, x, X, b, y, eta = (VALUES[k] for k in ("W", "A", "x", "X", "b", "y", "eta"))


def leaves():
    return {k: Var(v, k) for k, v in VALUES.items()}


def sig(u):
    return 1.0 / (1.0 + np.exp(-u))


def cpu_parse(text, variables=None):
    """parse() within the time budget (tests/core/parse_budget.py); the Var or the error."""
    return parse_within_budget(text, leaves() if variables is None else variables)


def rejected(text, variables=None) -> ExpressionError:
    result = cpu_parse(text, variables)
    assert isinstance(result, ExpressionError), f"{text!r} was accepted"
    return result


# ---- every alias, accepted -------------------------------------------------------------
# typed with the notation -> (the same formula in ASCII, its value in plain numpy)
ALIASED = {
    "σ(W @ x + b)": ("sigmoid(W @ x + b)", sig(W @ x + b)),
    "σ (x)": ("sigmoid(x)", sig(x)),
    "-σ(x)": ("-sigmoid(x)", -sig(x)),
    "2*σ(x)": ("2*sigmoid(x)", 2 * sig(x)),
    "x·x": ("x*x", x * x),
    "x · y": ("x * y", x * y),
    "x×W": ("x*W", x * W),
    "y × x · x": ("y * x * x", y * x * x),
    "x − y": ("x - y", x - y),
    "−x": ("-x", -x),
    "x −− y": ("x - - y", x + y),
    "x²": ("x**2", x**2),
    "2²": ("2**2", np.array(4.0)),
    "(W @ x + b)²": ("(W @ x + b)**2", (W @ x + b) ** 2),
    "-x²": ("-x**2", -(x**2)),
    "x² + y²": ("x**2 + y**2", x**2 + y**2),
    "sum(x²)": ("sum(x**2)", np.sum(x**2)),
    "x^2": ("x**2", x**2),
    "x ^ -1": ("x ** -1", 1 / x),
    "x^0.5": ("x**0.5", np.sqrt(x)),
    "x^+3": ("x**+3", x**3),
    "y^-2.5": ("y**-2.5", y**-2.5),
    "x.T": ("x.T", x),
    "X.T @ X": ("X.T @ X", X.T @ X),
    "Xᵀ @ X": ("X.T @ X", X.T @ X),
    "X @ Xᵀ": ("X @ X.T", X @ X.T),
    "Wᵀ @ b": ("W.T @ b", W.T @ b),
    "(W @ x)ᵀ": ("(W @ x).T", W @ x),
    "(A @ X)ᵀ @ X": ("(A @ X).T @ X", (A @ X).T @ X),
    "Aᵀᵀ": ("A.T.T", A),
    "A.Tᵀ": ("A.T.T", A),
    "Aᵀ²": ("A.T**2", A.T**2),
    "xᵀ": ("x.T", x),
    "sum(σ(W @ x + b)) − y": ("sum(sigmoid(W @ x + b)) - y", np.sum(sig(W @ x + b)) - y),
    "(y − sum(σ(W @ x + b)))²": (
        "(y - sum(sigmoid(W @ x + b)))**2",
        (y - np.sum(sig(W @ x + b))) ** 2,
    ),
    "A − eta · (X @ σ(Xᵀ @ A))ᵀ": (
        "A - eta * (X @ sigmoid(X.T @ A)).T",
        A - eta * (X @ sig(X.T @ A)).T,
    ),
    "Xᵀ @ A @ X × 0.5": ("X.T @ A @ X * 0.5", X.T @ A @ X * 0.5),
    " \tσ(x)": ("sigmoid(x)", sig(x)),  # blanks before the formula are harmless
    "(x\n − y)": ("(x - y)", x - y),
}


def test_alias_table_is_exhaustive():
    assert set(ALIASES) == {"σ", "·", "×", "−", "²", "^", "ᵀ"}
    typed = "".join(ALIASED)
    for alias in ALIASES:
        assert alias in typed, alias
        assert alias in EXPRESSION_HELP, alias
    assert ".T" in EXPRESSION_HELP and "sigmoid (or σ)" in EXPRESSION_HELP


@pytest.mark.parametrize("typed", list(ALIASED))
def test_alias_builds_the_same_graph_as_ascii(typed):
    ascii_text, expected = ALIASED[typed]
    assert ascii_text.isascii()
    mine, theirs = leaves(), leaves()
    out = cpu_parse(typed, mine)
    ref = cpu_parse(ascii_text, theirs)
    assert isinstance(out, Var), out
    assert isinstance(ref, Var), ref
    np.testing.assert_allclose(out.value, expected, rtol=1e-12)
    np.testing.assert_array_equal(out.value, ref.value)
    assert [v.op for v in out.topo()] == [v.op for v in ref.topo()]
    (out * np.arange(1.0, out.value.size + 1).reshape(out.shape)).sum().backward()
    (ref * np.arange(1.0, ref.value.size + 1).reshape(ref.shape)).sum().backward()
    for name in VALUES:
        np.testing.assert_array_equal(mine[name].grad, theirs[name].grad, err_msg=name)


def test_transpose_nodes_are_graph_transposes():
    v = leaves()
    out = parse("Xᵀ", v)
    assert out.op == "T" and out.parents[0] is v["X"] and out.shape == (1, 3)
    out = parse("σ(x)", v)
    assert out.op == "sigmoid" and out.parents[0] is v["x"]
    out = parse("x²", v)
    assert out.op == "**2" and out.parents[0] is v["x"]


# ---- the ** rule holds for ^ and ² too ------------------------------------------------
@pytest.mark.parametrize(
    "text, fragment",
    [
        ("x^11", "between -10 and 10"),
        ("x ^ -10.5", "between -10 and 10"),
        ("x^y", "exponent"),
        ("x^(1 + 1)", "exponent"),
        ("x^x²", "exponent"),
        ("2^2^2", "exponent"),
        ("x^σ(x)", "exponent"),
        ("x²²", "brackets"),
        ("x ²", "right after"),
        ("²", "right after"),
        ("+²", "right after"),
        ("x ᵀ", "right after"),
        ("2ᵀ", "right after"),
        ("ᵀ", "right after"),
        ("x²ᵀ", "right after"),
        ("σx", "brackets"),
        ("σ", "brackets"),
        ("σ + x", "brackets"),
        ("x ^^ 2", "syntax error"),
        ("x··y", "syntax error"),
        ("x*·y", "syntax error"),
        ("x·", "syntax error"),
        ("Xᵀx", "syntax error"),
    ],
)
def test_notation_misuse_is_rejected(text, fragment):
    err = rejected(text)
    assert fragment in str(err), str(err)


def test_limits_hold_for_the_notation():
    assert parse("x^10 + x^-10 + x^+2", leaves()).shape == (3,)
    assert isinstance(cpu_parse("x" + "·x" * 200), Var)  # exactly 200 operations
    assert "too many operations" in str(rejected("x" + "·x" * 201))
    assert "too many operations" in str(rejected("A" + "ᵀ" * 201))
    assert isinstance(cpu_parse("A" + "ᵀ" * 200), Var)
    text = "σ(" * 30 + "x" + ")" * 30
    assert isinstance(cpu_parse(text), Var)
    assert "nested" in str(rejected("σ(" + text + ")"))
    # the 500-character limit counts what was typed, not the rewrite (σ -> sigmoid)
    text = "+".join(["σ(x)"] * 100)  # 499 characters typed, 799 rewritten
    assert len(text) <= MAX_LENGTH and isinstance(cpu_parse(text), Var)


# ---- what the language does not have ---------------------------------------------------
# text -> (fragments the message must contain: what is wrong and what to write instead)
REJECTED = {
    "sum(A) # comment": ("comment", "delete the #"),
    "x # y": ("comment",),
    "0x10 + y": ("hexadecimal", "'0x10'", "write the decimal number: 16"),
    "0X1F": ("hexadecimal", "31"),
    "0o7": ("octal", "write the decimal number: 7"),
    "0b1 * x": ("binary", "write the decimal number: 1"),
    "0xg": ("hexadecimal", "write the decimal number"),
    "1_000": ("digit separators", "write 1000"),
    "1_000.5 * x": ("digit separators", "write 1000.5"),
    "x * 1e1_0": ("digit separators", "write 1e10"),
    "1j": ("complex", "real numbers"),
    "2.5J * x": ("complex", "real numbers"),
    "x + 1_0j": ("complex",),
    "007": ("leading zeros", "write it without leading zeros: 7"),
    "2x": ("followed directly by a name", "2 * x"),
    "1e": ("not a number", "1e3"),
    "1.2.3": ("not a number",),
    "ｓｕｍ(A)": ("look-alike letters", "U+FF53", "did you mean sum?"),
    "sum(ᴬ)": ("look-alike letters", "U+1D2C", "did you mean A?"),
    "Aᴬ": ("look-alike letters", "did you mean A?"),
    "𝐱 * 2": ("look-alike letters", "MATHEMATICAL BOLD SMALL X", "did you mean x?"),
    "ｘ": ("look-alike letters", "did you mean x?"),
    "sum(x) + ﬁ": ("look-alike letters", "LIGATURE"),
    "x１": ("look-alike letters",),
    "η * x": ("GREEK SMALL LETTER ETA", "spell it out, e.g. eta"),
    "Σ(x)": ("sum(...)",),
    "x³": ("superscript", "x**3"),
    "x⁻¹": ("superscript", "x**-1"),
    "x ＋ y": ("looks like '+'", "type +"),
    "x – y": ("U+2013", "type -"),
    "x ⋅ y": ("DOT OPERATOR", "type * (or ·)"),
    "x ÷ y": ("type /",),
    "x′": ("prime", "write the derivative out"),
    "σ'(x)": ("a prime (') is not part of the notation at column 2", "σ(u)·(1 − σ(u))"),
    "tanh'(x)": ("prime", "1 − tanh(u)²"),
    "(W @ x)'": ("prime",),
    "x’": ("prime",),
    "x\u00a0+ y": ("special space", "plain space"),
    "x\u3000+ y": ("special space",),
    "x\u202e + y": ("invisible character", "U+202E", "delete it"),
    "\u200bx": ("invisible character", "U+200B"),
    "\ufeffx": ("invisible character", "U+FEFF"),
    "x\x1b[31m": ("invisible character", "U+001B"),
    "x\\\n+ y": ("backslash",),
    "x $ y": ("not part of the notation",),
    "`x`": ("not part of the notation",),
    "x ? y : W": ("not part of the notation",),
    "x(1 - x)": ("x at column 1 is a variable, not a function", "x * (...)"),
    "sigmoid + x": ("is a function", "sigmoid(x)"),
    "sigmod(x)": ("unknown function 'sigmod'", "did you mean sigmoid?", "Allowed functions"),
    "X + Y": ("unknown name 'Y'", "Y is unknown; did you mean y?", "Known names: A, W, X"),
    "ETA * x": ("ETA is unknown; did you mean eta?",),
    "Wx": ("Wx is unknown", "Known names"),
    "e^x": ("exp(...)",),
    "x.t": ("attribute access is not allowed", "only .T (transpose) is allowed"),
    "x.shape": ("attribute access is not allowed", "'x.shape'"),
    "x.T.real": ("only .T",),
    "x = 1": ("syntax error", "'=' is not allowed"),
    "sum(x y)": ("syntax error", "no operator between them"),
    "(x": ("syntax error at column 1", "never closed"),
    "x)": ("syntax error at column 2", "no opening bracket"),
    "(x]": ("does not match",),
    "x +": ("syntax error at the end of the formula",),
    "x\n+ y": ("line 2, column 1", "put it in brackets"),
    "'abc": ("string", "never closed"),
}


@pytest.mark.parametrize("text", list(REJECTED), ids=lambda t: repr(t[:30]))
def test_outside_the_language_is_rejected_with_what_to_write(text):
    message = str(rejected(text))
    for fragment in REJECTED[text]:
        assert fragment in message, (fragment, message)


def test_identifiers_are_checked_as_typed_not_as_python_reads_them():
    """Python's tokenizer folds ｓｕｍ to sum and ᴬ to A (NFKC); the scanner does not."""
    import unicodedata

    for typed, folded in [("ｓｕｍ(A)", "sum(A)"), ("ᴬ", "A"), ("𝐱", "x"), ("xᵢ", "xi")]:
        assert unicodedata.normalize("NFKC", typed) == folded
        err = rejected(typed, {**leaves(), "xi": Var(1.0)})
        assert err.kind == "character"
    # a declared name is matched exactly, also when Python would fold something onto it
    variables = {"fi": Var(2.0, "fi")}
    assert parse("fi", variables).value == 2.0
    assert rejected("ﬁ", variables).kind == "character"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("0x10", "number"),
        ("1_0", "number"),
        ("1j", "number"),
        ("x # c", "comment"),
        ("ｘ", "character"),
        ("foo", "unknown-name"),
        ("foo(x)", "unknown-function"),
        ("x.y", "not-allowed"),
        ("x ^ y", "exponent"),
        ("x +", "syntax"),
        ("W @ W", "math"),
        ("'s'", "string"),
        ("sum(x, y)", "arguments"),
        ("", "empty"),
        ("x" * 501, "too-long"),
        ("(" * 31 + "x" + ")" * 31, "too-deep"),
        ("x" + "+x" * 201, "too-many-operations"),
    ],
)
def test_errors_name_their_kind(text, kind):
    assert rejected(text).kind == kind


# ---- positions point at what was typed -------------------------------------------------
@pytest.mark.parametrize(
    "text, column",
    [
        ("σ(x) + foo", 8),  # σ is one character although it reads as sigmoid
        ("x² + y² + foo", 11),
        ("−σ(x)·foo", 7),
        ("Xᵀ @ Xᵀᵀ @ foo", 12),
        ("x^2 + ｙ", 7),
        ("σ(σ(x)) ^ y", 11),
        ("σ(x)·x + 0x1", 10),
        ("  x + foo", 7),
        ("σ(x) # c", 6),
        ("x·(y + ", 3),
        ("x·y +", None),
        ("σ(x))", 5),
    ],
)
def test_columns_point_at_the_users_text(text, column):
    err = rejected(text)
    assert err.column == column, str(err)
    if column is not None:
        assert f"column {column}" in str(err)


def test_fragments_quote_the_users_text():
    err = rejected("σ(x) ^ σ(y)")
    assert "'σ(y)'" in str(err)
    err = rejected("x² @ W")
    assert "'x² @ W'" in str(err) and "(3,) @ (2, 3)" in str(err)
    err = rejected("x.__class__ · 2")
    assert "'x.__class__'" in str(err)


# ---- messages: short excerpts, never Python's own text ---------------------------------
PYTHON_WORDS = (
    "invalid syntax",
    "Perhaps",
    "Maybe you meant",
    "was never closed",
    "unexpected indent",
    "invalid decimal literal",
    "invalid character",
    "leading zeros in decimal",
    "unterminated",
    "EOF",
    "source code",
    "f-string:",
    "Traceback",
)


def longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


LONG = {
    "hex": "0x" + "abcdef0123" * 10,
    "separators": "1_" * 60 + "1",
    "string": "'" + "never closed, and long enough to need cutting " * 3,
    "attribute": "x." + "attr" * 30,
    "unknown name": "q" + "w" * 120,
    "unknown function": "f" * 120 + "(x)",
    "comparison": "x < " + "y + " * 40 + "y",
    "lambda": "lambda: " + "x + " * 40 + "x",
    "look-alike": "ｓ" * 100,
    "fstring": "f'" + "{x}" * 50 + "'",
    "number name": "2" + "x" * 100,
    "tuple": "(" + "x, " * 60 + "x)",
    "syntax": "x " + "+ x " * 50 + "+",
}


@pytest.mark.parametrize("name", list(LONG))
def test_messages_quote_at_most_a_short_excerpt(name):
    text = LONG[name]
    message = str(rejected(text))
    assert longest_common_run(text, message) <= 41, message
    assert len(message) < 400
    for words in PYTHON_WORDS:
        assert words not in message, (words, message)


# ---- hostile input, rejected quickly ---------------------------------------------------
HOSTILE = [
    "__import__('os').system('ls')",
    "__import__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__",
    "x.T.__class__",
    "x.T.T.__dict__",
    "sum.__globals__",
    "σ.__call__(x)",
    "lambda: x",
    "(lambda: x)()",
    "f'{x}'",
    "f'{__import__(\"os\")}'",
    "rb'\\x00'",
    "'\u202e'",
    "(y := x)",
    "[*x]",
    "sum(*x)",
    "sum(**x)",
    "sum(x=x)",
    "x if y else x",
    "not x",
    "x and y",
    "x or y",
    "x in y",
    "x is y",
    "await x",
    "yield x",
    "import os",
    "del x",
    "global x",
    "print(x)",
    "open('/etc/passwd')",
    "eval('1')",
    "exec",
    "compile",
    "globals()",
    "breakpoint()",
    "x[0]",
    "x[::-1]",
    "{x}",
    "{x: y}",
    "[i for i in x]",
    "...",
    "None",
    "True + x",
    "x // y",
    "x % y",
    "x << 1",
    "~x",
    "x & y",
    "x | y",
    "x\x00",
    "\x00",
    "x\u202e+\u202dy",
    "x\u2066+y\u2069",
    "\ufeffsum(x)",
    "ｅｘｅｃ",
    "ℯxp(x)",
    "𝐞𝐱𝐩(x)",
    "ⅹ",
    "x ＊ y",
    "x\u0301",
    "xσ(y)",
    "σσ(x)",
    "ᵀ" * 300,
    "²" * 300,
    "x" + "²" * 200,
    "σ(" * 200 + "x" + ")" * 200,
    "(" * 31 + "x" + ")" * 31,
    "[" * 200 + "]" * 200,
    "-" * 499 + "x",
    "x" + "^x" * 150,
    "x" + "**x" * 120,
    "2" + "**2" * 160,
    "9" * 499,
    "1e99999",
    "x" * (MAX_LENGTH + 1),
    "σ" * 10_000,
    "a" * 1_000_000,
    "x + " * 1000,
    "# " + "x" * 100,
    "x\n" * 200,
    "\r\n\r\n",
    "\t",
    "'" * 3 + "x" + "'" * 3,
    '"""x"""',
    "0x" + "f" * 400,
    "1" + "_1" * 240,
    "1j" * 200,
]


def test_there_are_enough_hostile_strings():
    assert len(set(HOSTILE)) >= 50


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:25]))
def test_hostile_input_is_rejected_quickly(text):
    err = rejected(text)
    message = str(err)
    assert message and len(message) < 400
    assert longest_common_run(text, message) <= 41
    for words in PYTHON_WORDS:
        assert words not in message, (words, message)
    assert "\x00" not in message and "\u202e" not in message


# ---- property: any formula reads the same in ASCII and with the notation ---------------
def _formula(draw_leaf, children):
    """(ascii, typed) pairs of random formulas over x (3,), X (3, 1), y ()."""
    return st.one_of(
        st.tuples(children, children, st.sampled_from(["+", "*", "-"]), st.booleans()).map(
            lambda t: (
                f"({t[0][0]} {t[2]} {t[1][0]})",
                f"({t[0][1]} {({'+': '+', '*': '·×'[t[3]], '-': '−'})[t[2]]} {t[1][1]})",
            )
        ),
        children.map(lambda c: (f"sigmoid({c[0]})", f"σ({c[1]})")),
        children.map(lambda c: (f"({c[0]})**2", f"({c[1]})²")),
        st.tuples(children, st.sampled_from(["2", "-1", "3", "0.5"])).map(
            lambda t: (f"tanh({t[0][0]})**{t[1]}", f"tanh({t[0][1]})^{t[1]}")
        ),
        children.map(lambda c: (f"-({c[0]})", f"−({c[1]})")),
        children.map(lambda c: (f"(X.T @ X) * ({c[0]})", f"(Xᵀ @ X) · ({c[1]})")),
    )


LEAF = st.sampled_from([("x", "x"), ("y", "y"), ("X.T", "Xᵀ"), ("sum(x)", "sum(x)")])
FORMULAS = st.recursive(LEAF, lambda children: _formula(LEAF, children), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(FORMULAS)
def test_notation_and_ascii_agree(pair):
    ascii_text, typed = pair
    assert ascii_text.isascii()
    a, b = cpu_parse(ascii_text), cpu_parse(typed)
    if isinstance(a, ExpressionError):  # e.g. too many operations: both say so
        assert isinstance(b, ExpressionError) and a.kind == b.kind, (a, b)
        return
    assert isinstance(b, Var), (typed, b)
    np.testing.assert_array_equal(a.value, b.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("xyWAX()+-*/@^ .T0123456789e") + list(ALIASES))))
def test_fuzz_notation_text(text):
    result = cpu_parse(text)
    assert isinstance(result, Var | ExpressionError)
    if isinstance(result, ExpressionError):
        message = str(result)
        assert longest_common_run(text, message) <= 41
        for words in PYTHON_WORDS:
            assert words not in message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_unicode_never_reaches_python(text):
    """Whatever is accepted contains nothing outside ASCII but the documented aliases."""
    result = cpu_parse(text)
    if isinstance(result, Var):
        assert all(ch.isascii() or ch in ALIASES for ch in text), text
    else:
        assert re.search(r"\S", str(result))
