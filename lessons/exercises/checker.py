"""``check(exercise_id, answer) -> Feedback``: is a typed formula right, and if not, why.

The answer is parsed with :func:`core.expr.parse` (never eval/exec) at every
instance of :func:`lessons.exercises.specs.instances` (fresh values each, two
sets of sizes where the answer is shape-generic) and compared with the
reference computed by autodiff (:mod:`lessons.exercises.references`): the
shape first, then the values, within a relative 1e-8. When it is wrong,
:mod:`lessons.exercises.diagnose` names the mistake, verified numerically.

Messages are Markdown: maths in plain unicode, operators and names in
backticks, anything the student typed made inert (escaped, cut short).
``check`` never raises and answers within 100 ms.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from core import expr
from core.graph import Var
from lessons.exercises.catalog import EXERCISES, Exercise
from lessons.exercises.diagnose import close, diagnose_values, try_mutations
from lessons.exercises.references import Instance
from lessons.exercises.render import code, dims_text, graph_tex, quote, shape_text
from lessons.exercises.specs import SPECS, instances, warm

__all__ = ["MISTAKES", "Feedback", "check"]

# CPU seconds (time.process_time, so other processes' load does not count) into a check
# after which no LaTeX sketch and no further one-change diagnosis is started: a safety net
# for the 0.1 s promise. The work bound diagnose.MAX_WORK normally comes first, so the
# verdict does not depend on the machine's load.
BUDGET = 0.05

MISTAKES: Mapping[str, str] = {
    "sign": "the sign is flipped",
    "factor": "off by a constant factor (2, ½, ...)",
    "transpose": "a transposed result or a factor that needs (or must lose) a transpose",
    "matmul": "`*` where `@` was meant, or the reverse",
    "missing-derivative": "the σ' / tanh' factor is missing or wrong",
    "missing-term": "a factor or term of the answer is missing",
    "missing-rate": "the update's step is not scaled by eta",
    "activation": "the activation is missing or should not be there",
    "order": "the right pieces in the wrong order",
    "paths": "the chain-rule paths multiplied instead of added",
    "count": "the wrong number of loss evaluations",
    "shape": "the answer has the wrong shape",
    "value": "right shape, wrong values",
    "syntax": "the formula cannot be read",
    "unknown-name": "a name or function that is not allowed here",
    "empty": "no answer typed",
    "not-text": "the answer is not text",
    "unknown-exercise": "no exercise has this id",
    "internal": "the checker failed on this input",
}

_SHORTHANDS = {
    "1": {"S": "a * sum(x)", "W": "a (every weight starts at a)", "x0": "x", "g": "sigmoid",
          "W1": "a (every weight starts at a)", "w": "a (every weight starts at a)"},
    "2a": {"x1": "w**2", "x2": "exp(w)", "x3": "tanh(w)", "e": "exp(…)", "x": "w"},
    "2c": {"z": "W @ x + b", "s": "sigmoid(W @ x + b)", "r": "y - sum(sigmoid(W @ x + b))",
           "w": "W", "n": "a number: the formula must not need it"},
    "2e": {"x1": "W1 @ x + b", "x2": "tanh(W1 @ x + b)", "h": "tanh(W1 @ x + b)",
           "x3": "W2 @ tanh(W1 @ x + b)", "x4": "W2 @ tanh(W1 @ x + b) - y",
           "W": "W1 or W2"},
    "2f": {"x1": "W1 @ x + b", "x4": "W2 @ (W1 @ x + b) - y", "W": "W1 or W2"},
    "side": {"n": "d", "N": "d"},
}  # fmt: skip
_SHORTHANDS["2d"] = _SHORTHANDS["2c"]
_ALIASES = {"η": "eta", "lr": "eta", "alpha": "eta", "δ": "delta", "delta": "delta1 or delta2"}
_FUNCTION_HINTS = {
    "sigma": "`sigmoid` (or `σ`)", "sig": "`sigmoid` (or `σ`)", "logistic": "`sigmoid`",
    "σ": "`sigmoid` (σ is being added to the notation)", "g": "`sigmoid` (g = σ here)",
    "transpose": "`.T` after a name or bracket", "sqrt": "`**0.5`", "dot": "`@`",
    "matmul": "`@`", "outer": "`@` with a transpose: `u @ v.T`",
}  # fmt: skip
_DERIVATIVE_FUNCTIONS = re.compile(r"^(d_?|diff)?(sigma|sigmoid|sig|tanh|phi|g)_?(prime|der|d)?$")
_NO_DERIVATIVE = ("there is no derivative function: write σ'(s) as `sigmoid(s) * (1 - "
                  "sigmoid(s))` and tanh'(s) as `1 - tanh(s)**2`")  # fmt: skip


@dataclass(frozen=True)
class Feedback:
    """The verdict on one typed answer.

    Attributes
    ----------
    correct : bool
    message : str
        ``read_as`` (how the answer was read), then ``verdict``; Markdown.
    mistake : str or None
        None when correct, else a key of :data:`MISTAKES`.
    latex : str or None
        The answer as understood, as LaTeX (None when it could not be read).
    read_as : str
        "Read as $…$, using W, b, x." ("" when it could not be read).
    verdict : str
        What is right or what to change, in the student's terms.
    """

    correct: bool
    message: str
    mistake: str | None
    latex: str | None
    read_as: str = ""
    verdict: str = ""


def _feedback(correct, verdict, mistake, latex=None, read_as="") -> Feedback:
    message = f"{read_as}\n\n{verdict}" if read_as else verdict
    return Feedback(bool(correct), message, mistake, latex, read_as, verdict)


def _var_list(ex: Exercise) -> str:
    return ", ".join(
        f"`{k}` ({shape_text(s) if s else 'a number'})" for k, s in ex.variables.items()
    )


def _leaves(ex: Exercise, inst: Instance) -> dict[str, Var]:
    return {k: Var(inst.values[k], k) for k in ex.variables}


def _fit(value: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """A one-number answer counts as a number wherever a number is asked for."""
    value = np.asarray(value, dtype=np.float64)
    return value.reshape(()) if ref.ndim == 0 and value.size == 1 else value


def _is_shape_error(err: Exception) -> bool:
    """An op's shape error (core.expr's kind "math"), as opposed to a syntax problem."""
    message = str(err)
    shapes = "broadcast" in message or "cannot multiply" in message
    return shapes or (getattr(err, "kind", None) == "math" and "shape" in message)


@dataclass
class _Run:
    values: list[np.ndarray]
    error: expr.ExpressionError | None = None
    error_inst: Instance | None = None
    latex: str | None = None
    used: tuple[str, ...] = ()


def _run(text: str, ex: Exercise, insts: Sequence[Instance]) -> _Run:
    """Parse and evaluate at each instance, stopping at the first that cannot be built."""
    run = _Run([])
    for inst in insts:
        leaves = _leaves(ex, inst)
        try:
            out = expr.parse(text, leaves)
        except expr.ExpressionError as err:
            run.error, run.error_inst = err, inst
            return run
        if run.latex is None:
            run.latex = graph_tex(out, leaves, ex.scalars, ex.names_latex)
            seen = {id(v) for v in out.topo()}
            run.used = tuple(k for k, v in leaves.items() if id(v) in seen)
        run.values.append(_fit(out.value, inst.ref))
    return run


def _is_right(text: str, ex: Exercise, insts: Sequence[Instance]) -> bool:
    for inst in insts:
        try:
            out = expr.parse(text, _leaves(ex, inst))
        except (expr.ExpressionError, ValueError, TypeError, ArithmeticError):
            return False
        if not close(_fit(out.value, inst.ref), inst.ref):
            return False
    return True


def _sketch_latex(text: str, ex: Exercise) -> tuple[str | None, tuple[str, ...]]:
    """LaTeX of a formula whose shapes do not fit: parsed over 1×1 stand-ins."""
    leaves = {k: Var(0.5 if s == () else np.full((1, 1), 0.5), k) for k, s in ex.variables.items()}
    try:
        out = expr.parse(text, leaves)
    except expr.ExpressionError:
        return None, ()
    seen = {id(v) for v in out.topo()}
    return graph_tex(out, leaves, ex.scalars, ex.names_latex), tuple(
        k for k, v in leaves.items() if id(v) in seen
    )


def _read_as(latex: str | None, used: Sequence[str]) -> str:
    if latex is None:
        return ""
    names = ", ".join(f"`{k}`" for k in used) if used else "no variables"
    return f"Read as ${latex}$, using {names}."


def _unknown(message: str, ex: Exercise) -> tuple[str, str] | None:
    """(mistake, verdict) for an unknown name or function, with a suggestion."""
    m = re.search(r"unknown (name|function) '([^']*)'", message)
    if not m:
        return None
    kind, name = m.groups()
    shown = quote(name, 20)
    variables = list(ex.variables)
    group = ex.part if ex.part in _SHORTHANDS else ex.part[:1]
    tip = ""
    if kind == "function":
        lower = name.lower()
        if lower in _FUNCTION_HINTS:
            tip = f"; write {_FUNCTION_HINTS[lower]}."
        elif _DERIVATIVE_FUNCTIONS.match(lower) or "prime" in lower:
            tip = f"; {_NO_DERIVATIVE}."
        else:
            near = difflib.get_close_matches(lower, sorted(expr.ALLOWED_FUNCTIONS), 1, 0.6)
            tip = f"; did you mean `{near[0]}`?" if near else "."
        allowed = ", ".join(f"`{f}`" for f in sorted(expr.ALLOWED_FUNCTIONS))
        return "unknown-name", f"{shown} is not a function here{tip} The functions are {allowed}."
    same_case = [v for v in variables if v.lower() == name.lower()]
    near = same_case or difflib.get_close_matches(name, variables, 1, 0.5)
    if same_case:
        tip = f"; did you mean `{same_case[0]}`?"
    elif _SHORTHANDS.get(group, {}).get(name) in ex.variables:
        tip = f"; did you mean `{_SHORTHANDS[group][name]}`?"
    elif name in _SHORTHANDS.get(group, {}):
        tip = f"; write it out with the variables: {name} = {_SHORTHANDS[group][name]}."
    elif name in _ALIASES:
        tip = f"; did you mean `{_ALIASES[name]}`?"
    elif near:
        tip = f"; did you mean `{near[0]}`?"
    else:
        tip = "."
    return "unknown-name", f"{shown} is unknown{tip} The variables here are {_var_list(ex)}."


def _syntax(message: str, text: str) -> str:
    tips = []
    if "'" in text or "′" in text:
        tips.append(_NO_DERIVATIVE)
    greek = {"η": "eta", "δ": "delta1 or delta2", "ℓ": "the formula itself"}
    tips += [f"write {word} for {ch}" for ch, word in greek.items() if ch in text]
    if "decimal literal" in message and re.search(r"\d[^\W\d]", text):
        tips.append("a number times a name needs a `*`: write `2*w`, not `2w`")
    if "attribute" in message and "T" in text:
        tips.append("a transpose is written `.T` right after a name or a closing bracket")
    tip = (" Note: " + "; ".join(tips) + ".") if tips else ""
    return f"The formula cannot be read: {code(message)}.{tip}"


def _shape_verdict(ex: Exercise, got: tuple, inst: Instance) -> str:
    want = shape_text(ex.shape)
    numeric = shape_text(inst.ref.shape, inst.dims)
    here = f" (here {dims_text(inst.dims)})" if inst.dims else ""
    return (f"Your answer came out {shape_text(got, inst.dims)}{here}, but it must be "
            f"{want}" + ("" if want == numeric or not inst.dims else
                         f", {'×'.join(map(str, inst.ref.shape))} here") + ".")  # fmt: skip


def _check(exercise_id: object, answer: object, start: float) -> Feedback:
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        ids = ", ".join(EXERCISES)
        return _feedback(False, f"No exercise {quote(exercise_id, 30)}; the exercises are {ids}.",
                         "unknown-exercise")  # fmt: skip
    ex, spec = EXERCISES[exercise_id], SPECS[exercise_id]
    if not isinstance(answer, str):
        return _feedback(False, f"The answer must be text (a formula), not "
                         f"{quote(type(answer).__name__, 20)}.", "not-text")  # fmt: skip
    if not answer.strip():
        return _feedback(False, f"Type a formula using the variables {_var_list(ex)}.", "empty")
    deadline = start + BUDGET
    insts = instances(exercise_id)
    run = _run(answer, ex, insts)
    variables = list(ex.variables)
    if run.error is not None:
        message = str(run.error)
        if not _is_shape_error(run.error):
            unknown = _unknown(message, ex)
            if unknown:
                return _feedback(False, unknown[1], unknown[0])
            return _feedback(False, _syntax(message, answer), "syntax")
        latex, used = run.latex, run.used
        if latex is None and time.process_time() < deadline:
            latex, used = _sketch_latex(answer, ex)
        read_as = _read_as(latex, used)
        found = try_mutations(answer, variables, lambda t: _is_right(t, ex, insts), deadline)
        if found:
            return _feedback(False, found[1], found[0], latex, read_as)
        inst = run.error_inst
        here = f"here {dims_text(inst.dims)}; " if inst.dims else ""
        verdict = (f"The shapes do not fit together: {code(message)} ({here}the variables "
                   f"are {_var_list(ex)}).")  # fmt: skip
        return _feedback(False, verdict, "shape", latex, read_as)
    read_as = _read_as(run.latex, run.used)
    done = lambda verdict, mistake: _feedback(  # noqa: E731
        mistake is None, verdict, mistake, run.latex, read_as
    )
    got, refs = run.values, [i.ref for i in insts]
    if not all(np.all(np.isfinite(g)) for g in got):
        return done("Your formula does not give a finite number at some test point "
                    "(an overflow, or log/÷ of zero or a negative number).", "value")  # fmt: skip
    if all(g.shape == r.shape for g, r in zip(got, refs, strict=True)):
        if all(close(g, r) for g, r in zip(got, refs, strict=True)):
            return done("Right! It matches the answer at every test point.", None)
        found = diagnose_values(got, insts, spec, ex.part, _param(ex, spec))
        if found is None:
            found = try_mutations(answer, variables, lambda t: _is_right(t, ex, insts), deadline)
        if found:
            return done(found[1], found[0])
        return done(_value_verdict(ex, run, got, insts), "value")
    k = next(k for k, (g, r) in enumerate(zip(got, refs, strict=True)) if g.shape != r.shape)
    shape_msg = _shape_verdict(ex, got[k].shape, insts[k])
    if all(g.T.shape == r.shape and close(g.T, r) for g, r in zip(got, refs, strict=True)):
        return done(shape_msg + " It is the transpose of the right answer: rows and columns "
                    "are swapped.", "transpose")  # fmt: skip
    stretched = [_stretch(g, r.shape) for g, r in zip(got, refs, strict=True)]
    if all(s is not None for s in stretched):
        if all(close(s, r) for s, r in zip(stretched, refs, strict=True)):
            return done(shape_msg + " Its values are right once spread out to that shape: "
                        "write it so that it has that shape.", "shape")  # fmt: skip
        found = diagnose_values(stretched, insts, spec, ex.part, _param(ex, spec))
        if found:
            return done(shape_msg + " " + found[1], found[0])
    found = try_mutations(answer, variables, lambda t: _is_right(t, ex, insts), deadline)
    if found:
        return done(shape_msg + " " + found[1], found[0])
    return done(shape_msg + f" The variables are {_var_list(ex)}.", "shape")


def _param(ex: Exercise, spec) -> str:
    return "W⁽¹⁾" if spec.param == "a" else (spec.param or "")


def _stretch(value: np.ndarray, shape: tuple) -> np.ndarray | None:
    """``value`` broadcast to ``shape`` if it is smaller and broadcasts, else None."""
    if value.size >= int(np.prod(shape)):
        return None
    try:
        return np.broadcast_to(value, shape)
    except ValueError:
        return None


def _value_verdict(ex: Exercise, run: _Run, got, insts) -> str:
    ref = insts[0].ref
    rel = float(np.max(np.abs(got[0] - ref)) / max(float(np.max(np.abs(ref))), 1e-300))
    shape = f" ({shape_text(ex.shape)})" if ex.shape else ""
    missing = [k for k in ex.variables if k not in run.used]
    note = ""
    if missing:
        names = ", ".join(f"`{k}`" for k in missing)
        them = "them" if len(missing) > 1 else "it"
        note = f" Your formula does not use {names}, but the answer depends on {them}."
    size = f"about {rel:.0%} of its size" if rel < 10 else f"about {rel:.2g} times its size"
    return (f"Right shape{shape}, but the values differ from the answer at the test points "
            f"(by {size} at the first one).{note}")  # fmt: skip


def check(exercise_id: str, answer: str) -> Feedback:
    """Check a typed answer to one exercise.

    Parameters
    ----------
    exercise_id : str
        A key of :data:`EXERCISES` (anything else gives mistake "unknown-exercise").
    answer : str
        The formula as typed (anything else gives mistake "not-text").

    Returns
    -------
    Feedback
        Never raises; takes well under 100 ms for any input.
    """
    start = time.process_time()
    try:
        return _check(exercise_id, answer, start)
    except Exception:  # the promise: any input gives a Feedback
        return _feedback(False, "The checker could not handle this answer; try writing it "
                         "more simply.", "internal")  # fmt: skip


warm()  # the instances are fixed: build them once, at import
