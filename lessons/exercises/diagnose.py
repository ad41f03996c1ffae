"""Name a wrong answer's mistake, verified numerically at every instance.

Nothing here guesses from the text alone. A diagnosis is reported only when
the student's values agree, at EVERY instance, with what that mistake
predicts:

- ``transpose``: the answer's transpose is right, or one name / bracket
  transposed (``W2`` for ``W2.T``) makes it right;
- ``sign`` / ``factor``: the answer is a fixed multiple (−1, 2, ½, ...) of the
  right one, the same at every instance (for an update: of the gradient);
- ``matmul``: one ``*`` written as ``@`` (or the reverse) makes it right;
- a per-exercise typical wrong answer (``missing-derivative``, ...) agrees;
- an update given as the gradient itself, the step alone, or without eta.

The text changes (one operator swapped, one transpose toggled) are re-parsed
with :func:`core.expr.parse` and compared with the reference like any answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from lessons.exercises.references import Instance, Spec

__all__ = [
    "DIAG_RTOL", "MAX_WORK", "RTOL", "close", "diagnose_values", "mutations", "try_mutations",
]  # fmt: skip

RTOL = 1e-8  # a right answer: relative to the reference's largest entry
DIAG_RTOL = 1e-6  # a named mistake
MAX_MUTATIONS = 60
MAX_WORK = 2000  # characters of changed formulas tried per check
MAX_LENGTH = 300  # longer answers are not searched for a one-change fix

_NAME = re.compile(r"(?<![\w.])[^\W\d]\w*")
_TRANSPOSED = re.compile(r"\s*(?:\.\s*T(?![\w])|ᵀ)")

SIGN_NOTES = {
    "2c": " Check ∂r/∂z_i for r = y − Σσ(z): it is −σ'(z_i), so the product is "
          "2(Σσ(z) − y)σ'(z_i).",
    "2e": " ∂ℓ/∂x4 = x4 = W2 x2 − y (output minus target).",
    "1c": "",
}  # fmt: skip
FACTOR_NOTES = {
    "2c": " f = r² gives ∂f/∂r = 2r.",
    "2d": " f = r² gives ∂f/∂r = 2r.",
    "2e": " ℓ = ½‖x4‖² gives ∂ℓ/∂x4 = x4: the ½ cancels the 2.",
    "2f": " ℓ = ½‖x4‖² gives ∂ℓ/∂x4 = x4: the ½ cancels the 2.",
}


def close(a: np.ndarray, ref: np.ndarray, rtol: float = RTOL) -> bool:
    """Same shape and ``max|a − ref| <= rtol · max|ref|`` (plus a tiny absolute slack)."""
    a, ref = np.asarray(a), np.asarray(ref)
    if a.shape != ref.shape or not np.all(np.isfinite(a)):
        return False
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    return bool(np.max(np.abs(a - ref), initial=0.0) <= rtol * scale + 1e-12)


def _all_close(got: Sequence[np.ndarray], want: Sequence[np.ndarray], rtol=DIAG_RTOL) -> bool:
    return all(close(g, w, rtol) for g, w in zip(got, want, strict=True))


def _broadcast(w: np.ndarray, shape: tuple) -> np.ndarray | None:
    try:
        return np.broadcast_to(w, shape)
    except ValueError:
        return None


def _ratio(core: Sequence[np.ndarray], target: Sequence[np.ndarray]) -> float | None:
    """The constant c with core = c · target at every instance, or None."""
    cs = []
    for g, t in zip(core, target, strict=True):
        tt = float(np.vdot(t, t))
        if tt == 0.0:
            return None
        c = float(np.vdot(g, t)) / tt
        if not close(g, c * t, DIAG_RTOL):
            return None
        cs.append(c)
    c0 = cs[0]
    if abs(c0) < 1e-6 or any(abs(c - c0) > 1e-6 * abs(c0) for c in cs):
        return None
    return c0


def _ratio_message(c: float, part: str, update: str | None) -> tuple[str, str]:
    nice = {2.0: "2", 0.5: "½", 4.0: "4", 0.25: "¼", 3.0: "3"}
    if update and abs(c + 1) < 1e-6:
        return "sign", (f"Your step goes uphill: gradient descent SUBTRACTS the gradient, "
                        f"{update} − η·(gradient); you added it or flipped its sign.")  # fmt: skip
    if abs(c + 1) < 1e-6:
        return "sign", ("The sign is flipped: your answer is exactly −1 times the right one at "
                        "every test point." + SIGN_NOTES.get(part, ""))  # fmt: skip
    what = "your step is" if update else "your answer is"
    mag = abs(c)
    for value, word in nice.items():
        if abs(mag - value) < 1e-6 * value:
            extra = (f"an extra factor {word}" if value > 1 else f"a factor {nice[1 / value]} "
                     f"is missing")  # fmt: skip
            sign = " and the sign is flipped" if c < 0 else ""
            return "factor", (f"Off by a constant factor: {what} exactly {word} times the right "
                              f"one at every test point ({extra}{sign})."
                              + FACTOR_NOTES.get(part, ""))  # fmt: skip
    return "factor", (f"Off by a constant factor: {what} exactly {c:.4g} times the right one at "
                      "every test point.")  # fmt: skip


def diagnose_values(
    got: Sequence[np.ndarray], insts: Sequence[Instance], spec: Spec, part: str, param_name: str
) -> tuple[str, str] | None:
    """(mistake, message) for answers of the right shape (or broadcast to it), else None."""
    refs = [i.ref for i in insts]
    square = all(r.ndim == 2 and r.shape[0] == r.shape[1] for r in refs)
    if square and _all_close([g.T for g in got], refs):
        return "transpose", ("Your answer is the transpose of the right one: rows and columns "
                             "are swapped.")  # fmt: skip
    update = param_name if spec.param is not None else None
    core = list(got)
    if update:
        if _all_close(got, [i.grad for i in insts]):
            return "missing-term", (f"This is the gradient itself; the answer is the updated "
                                    f"{update} = {update} − η·(gradient).")  # fmt: skip
        if _all_close(got, [-i.eta * i.grad for i in insts]):
            return "missing-term", (f"This is only the step −η·(gradient): start from the "
                                    f"current {update}, {update} − η·(gradient).")  # fmt: skip
        if _all_close(got, [i.param - i.grad for i in insts]):
            return "missing-rate", (f"The step must be scaled by the rate eta: "
                                    f"{update} − eta·(gradient).")  # fmt: skip
        core = [(i.param - g) / i.eta for g, i in zip(got, insts, strict=True)]
    target = [i.grad for i in insts]
    c = _ratio(core, target)
    if c is not None:
        return _ratio_message(c, part, update)
    if update and square and _all_close([g.T for g in core], target):
        return "transpose", ("Your step uses the transpose of the gradient: rows and columns "
                             "are swapped.")  # fmt: skip
    for j, variant in enumerate(spec.variants):
        for s in (1.0, -1.0):
            want = [_broadcast(s * i.wrong[j], t.shape) for i, t in zip(insts, target, strict=True)]
            if all(w is not None for w in want) and _all_close(core, want):
                flip = " (and the sign is flipped)" if s < 0 else ""
                return variant.code, variant.message + flip + "."
    return None


def mutations(text: str, variables: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """One-change variants of ``text``: (mistake, message, changed text).

    In this order: toggles the transpose after one variable name, swaps one
    ``*`` (also ``·``, ``×``) for ``@`` or the reverse, toggles the transpose
    after one closing bracket.
    """
    names = set(variables)
    for m in _NAME.finditer(text):
        if m.group() in names and text[m.end() : m.end() + 1] != "(":
            yield _toggle(text, m.end(), f"`{m.group()}` at column {m.start() + 1}", m.group())
    for i, ch in enumerate(text):
        col = i + 1
        power = ch == "*" and "*" in (text[i - 1 : i], text[i + 1 : i + 2])
        if ch in "*·×" and not power:
            yield "matmul", (f"The `*` at column {col} multiplies entry by entry; a matrix "
                             f"product `@` is needed there (with `@` your answer is right)."), \
                text[:i] + "@" + text[i + 1 :]  # fmt: skip
        elif ch == "@":
            yield "matmul", (f"The `@` at column {col} is a matrix product; an entrywise `*` "
                             f"is needed there (with `*` your answer is right)."), \
                text[:i] + "*" + text[i + 1 :]  # fmt: skip
    for i, ch in enumerate(text):
        if ch == ")":
            yield _toggle(text, i + 1, f"the bracket closing at column {i + 1}", None)


def _toggle(text: str, end: int, where: str, name: str | None) -> tuple[str, str, str]:
    m = _TRANSPOSED.match(text, end)
    if m:
        return "transpose", f"Drop the transpose after {where}: it is not transposed there.", \
            text[:end] + text[m.end() :]  # fmt: skip
    fix = f" (write `{name}.T`)" if name else " (add `.T` after it)"
    return "transpose", f"Transpose {where}{fix}: with that change your answer is right.", \
        text[:end] + ".T" + text[end:]  # fmt: skip


def try_mutations(
    text: str,
    variables: Sequence[str],
    is_right: Callable[[str], bool],
    deadline: float,
) -> tuple[str, str] | None:
    """The first one-change variant that ``is_right`` accepts.

    The search is bounded by work, so its answer does not depend on the
    machine's load: at most :data:`MAX_WORK` characters of changed formulas
    (about 20 changes of a 100-character formula) and :data:`MAX_MUTATIONS`
    changes; answers longer than :data:`MAX_LENGTH` are not searched.
    ``deadline`` (a ``time.process_time`` value) only guards the time promise.
    """
    if len(text) > MAX_LENGTH:
        return None
    work = 0
    for k, (code, message, changed) in enumerate(mutations(text, variables)):
        work += len(changed)
        if k >= MAX_MUTATIONS or work > MAX_WORK or time.process_time() > deadline:
            return None
        if is_right(changed):
            return code, message
    return None
