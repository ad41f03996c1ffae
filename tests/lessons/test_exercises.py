"""lessons.exercises: the worksheet's typed answers, checked.

Every expected value here is computed in THIS file, independently of the
module: numpy closed forms from the worksheet (themselves held to central
finite differences below), a hand-counted forward difference for the side
note, and core.expr for evaluating typed solutions. Right answers written in
several ways pass; typical wrong answers fail with the right mistake code and
a message naming what to change; hostile input never raises and is quick.

Answers use the typed notation (x.T, ᵀ, σ, ·, ×, −, ², ^) as students write
it; test_core_expr_reads_the_typed_notation holds core.expr to reading it.
"""

from __future__ import annotations

import dataclasses
import re
import time
from functools import partial

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.expr import ExpressionError, parse
from core.graph import Var
from lessons.exercises import (
    EXERCISES,
    MISTAKES,
    Exercise,
    Feedback,
    check,
    instance,
    solution_numbers,
)

# The promise is 0.1 s per check. A test allows 0.5 s of wall-clock time, or, when the
# shared machine is so busy that even that passes, 0.25 s of this process's CPU time.
LIMIT = 0.5
CPU_LIMIT = 0.25
TIMES: list[float] = []
CPU_TIMES: list[float] = []

IDS = ["1b-x", "1c-delta", "1e-W1", "2a-sum", "2c-W", "2c-b", "2d-W", "2e-W2", "2e-W1",
       "2e-b", "2e-x", "2f-W1", "2f-W2", "2f-b", "side-evals"]  # fmt: skip
V2C = {"W": ("n", "d"), "b": ("n", 1), "x": ("d", 1), "y": ()}
V2E = {"W1": ("d", "d"), "W2": ("d", "d"), "b": ("d", 1), "x": ("d", 1), "y": ("d", 1)}
ISSUE_VARIABLES = {
    "1b-x": {"a": (), "x": ("d0", 1)},
    "1c-delta": {"a": (), "x": ("d0", 1), "delta2": ("d2", 1)},
    "1e-W1": {"a": (), "eta": (), "x": ("d0", 1), "delta1": ("d1", 1)},
    "2a-sum": {"w": ()},
    "2c-W": V2C, "2c-b": V2C, "2d-W": {**V2C, "eta": ()},
    **{f"2e-{k}": V2E for k in ("W2", "W1", "b", "x")},
    **{f"2f-{k}": {**V2E, "eta": ()} for k in ("W1", "W2", "b")},
    "side-evals": {"d": ()},
}  # fmt: skip


# ------------------------------------------------------------ the notation students type
def _reads(text: str) -> bool:
    try:
        parse(text, {"x": Var(np.ones((2, 1)), "x")})
        return True
    except ExpressionError:
        return False


@pytest.mark.parametrize("text", ["x.T", "xᵀ", "σ(x)", "x·x", "x×x", "x−x", "x²", "x^2"])
def test_core_expr_reads_the_typed_notation(text):
    assert _reads(text), f"core.expr no longer reads {text!r}, which the answers below use"


def timed_check(exercise_id, answer) -> Feedback:
    start, cpu = time.perf_counter(), time.process_time()
    fb = check(exercise_id, answer)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    TIMES.append(elapsed)
    CPU_TIMES.append(cpu)
    assert isinstance(fb, Feedback)
    assert elapsed < LIMIT or cpu < CPU_LIMIT, (
        f"check({exercise_id!r}, {answer!r:.60}) took {elapsed:.3f} s ({cpu:.3f} s CPU)"
    )
    return fb


# ------------------------------------------------------------ independent closed forms
def sig(s):
    return 1.0 / (1.0 + np.exp(-s))


def _2c_grads(v):
    z = v["W"] @ v["x"] + v["b"]
    common = 2 * (sig(z).sum() - v["y"]) * sig(z) * (1 - sig(z))  # n×1
    return {"W": common @ v["x"].T, "b": common}


def _2e_grads(v, phi="tanh"):
    x1 = v["W1"] @ v["x"] + v["b"]
    x2, dphi = (np.tanh(x1), 1 - np.tanh(x1) ** 2) if phi == "tanh" else (x1, 1.0)
    x4 = v["W2"] @ x2 - v["y"]
    dx1 = dphi * (v["W2"].T @ x4)
    return {"W2": x4 @ x2.T, "W1": dx1 @ v["x"].T, "b": dx1, "x": v["W1"].T @ dx1}


def _loss(exercise_id, v):
    if exercise_id.startswith("2c") or exercise_id.startswith("2d"):
        return float((v["y"] - sig(v["W"] @ v["x"] + v["b"]).sum()) ** 2)
    phi = np.tanh if exercise_id.startswith("2e") else (lambda s: s)
    return 0.5 * float(np.sum((v["W2"] @ phi(v["W1"] @ v["x"] + v["b"]) - v["y"]) ** 2))


def _2e_grad(key, v):
    return _2e_grads(v)[key]


def _2f_step(key, v):
    return v[key] - v["eta"] * _2e_grads(v, "id")[key]


CLOSED = {
    "1b-x": lambda v: sig(v["a"] * v["x"].sum()),
    "1c-delta": lambda v: (sig(v["a"] * v["x"].sum()) * (1 - sig(v["a"] * v["x"].sum()))
                           * v["a"] * v["delta2"].sum()),
    "1e-W1": lambda v: v["a"] - v["eta"] * v["x"] @ v["delta1"].T,
    "2a-sum": lambda v: 2 * v["w"] + np.exp(v["w"]) + 1 - np.tanh(v["w"]) ** 2,
    "2c-W": lambda v: _2c_grads(v)["W"],
    "2c-b": lambda v: _2c_grads(v)["b"],
    "2d-W": lambda v: v["W"] - v["eta"] * _2c_grads(v)["W"],
    **{f"2e-{k}": partial(_2e_grad, k) for k in ("W2", "W1", "b", "x")},
    **{f"2f-{k}": partial(_2f_step, k) for k in ("W1", "W2", "b")},
    "side-evals": lambda v: 2 * v["d"] ** 2 + 1,
}  # fmt: skip
GRADIENT_OF = {"2c-W": "W", "2c-b": "b", "2e-W2": "W2", "2e-W1": "W1", "2e-b": "b", "2e-x": "x"}


def _central_difference(exercise_id, v, name, eps=1e-6):
    v = {k: np.array(a, dtype=float) for k, a in v.items()}
    grad = np.zeros_like(v[name])
    for idx in np.ndindex(v[name].shape):
        old = v[name][idx]
        v[name][idx] = old + eps
        up = _loss(exercise_id, v)
        v[name][idx] = old - eps
        down = _loss(exercise_id, v)
        v[name][idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize("exercise_id", sorted(GRADIENT_OF))
def test_this_files_closed_forms_match_finite_differences(exercise_id):
    v = instance(exercise_id, seed=5)
    numeric = _central_difference(exercise_id, v, GRADIENT_OF[exercise_id])
    np.testing.assert_allclose(CLOSED[exercise_id](v), numeric, rtol=1e-6, atol=1e-8)


def test_side_note_count_by_hand():
    """A forward difference over W1 and W2 together, counting calls of the loss."""
    for d in (1, 2, 3, 4):
        calls = []
        rng = np.random.default_rng(d)
        x, b, y = (rng.normal(size=(d, 1)) for _ in range(3))

        def loss(theta, d=d, x=x, b=b, y=y, calls=calls):
            calls.append(1)
            w1, w2 = theta[: d * d].reshape(d, d), theta[d * d :].reshape(d, d)
            return 0.5 * np.sum((w2 @ np.tanh(w1 @ x + b) - y) ** 2)

        theta = rng.normal(size=2 * d * d)
        base = loss(theta)
        for i in range(theta.size):
            bumped = theta.copy()
            bumped[i] += 1e-6
            _ = loss(bumped) - base
        assert len(calls) == CLOSED["side-evals"]({"d": d}) == 2 * d * d + 1


# ------------------------------------------------------------ the catalogue
def test_ids_and_variables_are_the_issues():
    assert list(EXERCISES) == IDS
    for exercise_id, ex in EXERCISES.items():
        assert ex.id == exercise_id
        assert dict(ex.variables) == ISSUE_VARIABLES[exercise_id], exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_fields(exercise_id):
    ex = EXERCISES[exercise_id]
    assert isinstance(ex, Exercise)
    assert ex.part and ex.page and ex.prompt and ex.prompt_latex and ex.answer_latex
    assert 1 <= len(ex.hints) <= 3 and all(h.strip() for h in ex.hints)
    assert ex.solution.strip() and ex.solution_latex.strip()
    assert set(ex.meanings) == set(ex.variables)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.solution = "x"  # type: ignore[misc]


@pytest.mark.parametrize("exercise_id", IDS)
def test_instances_have_the_declared_shapes_and_repeat_by_seed(exercise_id):
    ex = EXERCISES[exercise_id]
    worked = solution_numbers(exercise_id, seed=3)
    v = instance(exercise_id, seed=3)
    assert list(v) == list(ex.variables)
    for name, shape in ex.variables.items():
        want = tuple(worked.sizes[s] if isinstance(s, str) else s for s in shape)
        assert v[name].shape == want, name
        np.testing.assert_array_equal(v[name], worked.values[name])
    again, other = instance(exercise_id, seed=3), instance(exercise_id, seed=4)
    assert all(np.array_equal(v[k], again[k]) for k in v)
    if exercise_id != "side-evals":
        assert any(not np.array_equal(v[k], other[k]) for k in v)


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_solution_numbers_are_the_closed_form(exercise_id, seed):
    worked = solution_numbers(exercise_id, seed)
    expected = CLOSED[exercise_id](dict(worked.values))
    np.testing.assert_allclose(worked.answer, expected, rtol=1e-10, atol=1e-12)
    assert "Longrightarrow" in worked.latex and worked.answer_latex in worked.latex
    if worked.answer.size > 1:
        assert r"\begin{bmatrix}" in worked.answer_latex


@pytest.mark.parametrize("exercise_id", IDS)
def test_typed_solution_is_the_closed_form(exercise_id):
    ex = EXERCISES[exercise_id]
    v = instance(exercise_id, seed=11)
    out = parse(ex.solution, {k: Var(a, k) for k, a in v.items()})
    np.testing.assert_allclose(out.value, CLOSED[exercise_id](v), rtol=1e-10)
    fb = timed_check(exercise_id, ex.solution)
    assert fb.correct and fb.mistake is None, fb.message


# ------------------------------------------------------------ right answers, written differently
H = "tanh(W1 @ x + b)"
S = "sigmoid(W @ x + b)"
RIGHT = [
    ("1b-x", "sigmoid(a * sum(x))"),
    ("1b-x", "1 / (1 + exp(-a * sum(x)))"),
    ("1b-x", "σ(sum(x) · a)"),
    ("1c-delta", "sigmoid(a*sum(x)) * (1 - sigmoid(a*sum(x))) * a * sum(delta2)"),
    ("1c-delta", "a * sum(delta2) * (sigmoid(a*sum(x)) - sigmoid(a*sum(x))**2)"),
    ("1c-delta", "σ(a·sum(x))·(1 − σ(a·sum(x)))·a·sum(delta2)"),
    ("1e-W1", "a - eta * x @ delta1.T"),
    ("1e-W1", "a - eta * x * delta1.T"),
    ("1e-W1", "a − eta·x @ delta1ᵀ"),
    ("2a-sum", "2*w + exp(w) + 1 - tanh(w)**2"),
    ("2a-sum", "exp(w) + 2*w + 1 - tanh(w)*tanh(w)"),
    ("2a-sum", "2·w + exp(w) + 1 − tanh(w)^2"),
    ("2a-sum", "2*w + exp(w) + 1 - tanh(w)²"),
    ("2c-W", f"2 * (sum({S}) - y) * {S} * (1 - {S}) @ x.T"),
    ("2c-W", "2*(sum(σ(W@x+b)) - y) * σ(W@x+b) * (1-σ(W@x+b)) @ xᵀ"),
    ("2c-W", f"2*({S} - {S}**2) * (sum({S}) - y) * x.T"),
    ("2c-b", f"2 * (sum({S}) - y) * {S} * (1 - {S})"),
    ("2c-b", f"-2 * (y - sum({S})) * {S} * (1 - {S})"),
    ("2c-b", "2·(sum(σ(W@x+b)) − y)·σ(W@x+b)·(1 − σ(W@x+b))"),
    ("2d-W", f"W - eta * 2 * (sum({S}) - y) * {S} * (1 - {S}) @ x.T"),
    ("2d-W", "W + 2*eta*(y - sum(σ(W@x+b))) * σ(W@x+b) * (1 - σ(W@x+b)) @ xᵀ"),
    ("2e-W2", f"(W2 @ {H} - y) @ {H}.T"),
    ("2e-W2", f"W2 @ {H} @ {H}.T - y @ {H}.T"),
    ("2e-W2", f"(W2 @ {H} - y) * {H}ᵀ"),
    ("2e-W1", f"(1 - {H}**2) * (W2.T @ (W2 @ {H} - y)) @ x.T"),
    ("2e-W1", f"((W2ᵀ @ (W2 @ {H} - y)) × (1 − {H}^2)) @ xᵀ"),
    ("2e-b", f"(1 - {H}**2) * (W2.T @ (W2 @ {H} - y))"),
    ("2e-b", f"(W2ᵀ @ W2 @ {H} - W2ᵀ @ y) * (1 − {H}²)"),
    ("2e-x", f"W1.T @ ((1 - {H}**2) * (W2.T @ (W2 @ {H} - y)))"),
    ("2e-x", f"W1ᵀ @ ((W2ᵀ @ (W2 @ {H} - y)) * (1 - {H}^2))"),
    ("2f-W1", "W1 - eta * W2.T @ (W2 @ (W1 @ x + b) - y) @ x.T"),
    ("2f-W1", "W1 - eta*W2ᵀ@W2@W1@x@xᵀ - eta*W2ᵀ@W2@b@xᵀ + eta*W2ᵀ@y@xᵀ"),
    ("2f-W2", "W2 - eta * (W2 @ (W1 @ x + b) - y) @ (W1 @ x + b).T"),
    ("2f-W2", "W2 - eta·(W2@(W1@x+b) − y) * (W1@x+b)ᵀ"),
    ("2f-b", "b - eta * W2.T @ (W2 @ (W1 @ x + b) - y)"),
    ("2f-b", "b - eta*(W2ᵀ@W2@W1@x + W2ᵀ@W2@b - W2ᵀ@y)"),
    ("side-evals", "2*d**2 + 1"),
    ("side-evals", "1 + d*d + d*d"),
    ("side-evals", "d^2 + d² + 1"),
]


@pytest.mark.parametrize("exercise_id, answer", RIGHT)
def test_right_answers_pass(exercise_id, answer):
    fb = timed_check(exercise_id, answer)
    assert fb.correct and fb.mistake is None, fb.message
    assert fb.latex and fb.read_as.startswith("Read as $")
    assert fb.message.startswith(fb.read_as) and fb.message.endswith(fb.verdict)
    used = re.findall(r"`(\w+)`", fb.read_as)
    assert used and set(used) <= set(EXERCISES[exercise_id].variables)


# ------------------------------------------------------------ typical wrong answers
X4 = f"(W2 @ {H} - y)"
D1 = f"(1 - {H}**2) * (W2.T @ {X4})"
G2C = f"(sum({S}) - y) * {S} * (1 - {S})"
F4 = "(W2 @ (W1 @ x + b) - y)"
# (exercise, answer, mistake, words the verdict must contain)
WRONG = [
    ("1b-x", "a * sum(x)", "activation", ["σ"]),
    ("1b-x", "sigmoid(sum(x))", "missing-term", ["a is missing"]),
    ("1b-x", "a * sigmoid(sum(x))", "factor", ["inside σ"]),
    ("1b-x", "-sigmoid(a * sum(x))", "sign", ["sign"]),
    ("1b-x", "sigmoid(a * x)", "shape", ["single number", "d⁽⁰⁾×1"]),
    ("1b-x", "sigmoid(A * sum(x))", "unknown-name", ["did you mean `a`"]),
    ("1c-delta", "a * sum(delta2)", "missing-derivative", ["g'(S_i)"]),
    ("1c-delta", "sigmoid(a*sum(x)) * a * sum(delta2)", "missing-derivative", ["not σ(S)"]),
    (
        "1c-delta",
        "sigmoid(a*sum(x)) * (1 - sigmoid(a*sum(x))) * sum(delta2)",
        "missing-term",
        ["factor a"],
    ),
    (
        "1c-delta",
        "2 * sigmoid(a*sum(x)) * (1 - sigmoid(a*sum(x))) * a * sum(delta2)",
        "factor",
        ["factor 2"],
    ),
    (
        "1c-delta",
        "sigmoid(a*sum(x)) * (1 - sigmoid(a*sum(x))) * a * delta2",
        "shape",
        ["single number"],
    ),
    ("1e-W1", "a - eta * delta1 @ x.T", "transpose", ["transpose", "d⁽⁰⁾×d⁽¹⁾"]),
    ("1e-W1", "a + eta * x @ delta1.T", "sign", ["SUBTRACTS"]),
    ("1e-W1", "a - x @ delta1.T", "missing-rate", ["eta"]),
    ("1e-W1", "a - eta * x @ delta1", "transpose", ["delta1.T"]),
    ("1e-W1", "x @ delta1.T", "missing-term", ["gradient itself"]),
    ("1e-W1", "W - eta * x @ delta1.T", "unknown-name", ["every weight starts at a"]),
    ("2a-sum", "2*w + exp(w) + tanh(w)", "missing-derivative", ["1 − tanh(w)²"]),
    ("2a-sum", "w + exp(w) + 1 - tanh(w)**2", "factor", ["2w"]),
    ("2a-sum", "2*w * exp(w) * (1 - tanh(w)**2)", "paths", ["ADD"]),
    ("2a-sum", "-2*w - exp(w) - 1 + tanh(w)**2", "sign", ["sign"]),
    ("2a-sum", "w**2 + exp(w) + tanh(w)", "missing-derivative", ["f itself"]),
    ("2a-sum", "2*W + exp(W)", "unknown-name", ["did you mean `w`"]),
    ("2c-W", f"2 * (y - sum({S})) * {S} * (1 - {S}) @ x.T", "sign", ["sign", "−σ'(z_i)"]),
    ("2c-W", f"{G2C} @ x.T", "factor", ["factor 2 is missing", "2r"]),
    ("2c-W", f"2 * (sum({S}) - y) * {S} @ x.T", "missing-derivative", ["σ'"]),
    ("2c-W", f"2 * (sum({S}) - y) * x.T", "missing-derivative", ["σ'(z_i)", "n×d"]),
    ("2c-W", f"2 * {G2C} * x", "transpose", ["`x.T`"]),
    ("2c-W", f"x @ (2 * {G2C}).T", "transpose", ["transpose", "d×n"]),
    ("2c-W", f"2 * {G2C}", "missing-term", ["x.T"]),
    ("2c-W", "2 * (sum(sigmoid(z)) - y)", "unknown-name", ["z = W @ x + b"]),
    ("2c-W", f"2 * (sum(sigma({S})) - y)", "unknown-name", ["`sigmoid`"]),
    ("2c-b", "2 * (sum(σ(W@x+b)) - y)", "missing-derivative", ["σ'(z_i)", "n×1"]),
    ("2c-b", f"2 * (y - sum({S})) * {S} * (1 - {S})", "sign", ["sign"]),
    ("2c-b", f"(2 * {G2C}).T", "transpose", ["transpose", "1×n"]),
    ("2c-b", f"4 * {G2C}", "factor", ["extra factor 2"]),
    ("2d-W", f"W + eta * 2 * {G2C} @ x.T", "sign", ["SUBTRACTS"]),
    ("2d-W", f"W - 2 * {G2C} @ x.T", "missing-rate", ["eta"]),
    ("2d-W", f"W - eta * 2 * (sum({S}) - y) * x.T", "missing-derivative", ["σ'(z_i)"]),
    ("2d-W", f"W - eta * {G2C} @ x.T", "factor", ["factor 2 is missing"]),
    ("2d-W", f"W - eta * 2 * {G2C} @ x", "transpose", ["`x.T`"]),
    ("2e-W2", f"{H} @ {X4}.T", "transpose", ["transpose"]),
    ("2e-W2", f"{X4} @ (W1 @ x + b).T", "activation", ["tanh(W1 x + b)"]),
    ("2e-W2", f"(y - W2 @ {H}) @ {H}.T", "sign", ["sign", "output minus target"]),
    ("2e-W2", f"2 * {X4} @ {H}.T", "factor", ["extra factor 2", "½"]),
    ("2e-W2", f"{X4} * {H}", "transpose", ["Transpose the bracket", "add `.T`"]),
    ("2e-W2", f"{X4} @ x.T", "missing-term", ["not x4 xᵀ"]),
    ("2e-W1", f"(W2.T @ {X4}) @ x.T", "missing-derivative", ["tanh'(x1)"]),
    ("2e-W1", f"(1 - {H}**2) * (W2 @ {X4}) @ x.T", "transpose", ["W2 must be transposed"]),
    ("2e-W1", f"x @ ({D1}).T", "transpose", ["transpose"]),
    ("2e-W1", f"{H} * (W2.T @ {X4}) @ x.T", "missing-derivative", ["not tanh(x1)"]),
    ("2e-W1", f"-({D1}) @ x.T", "sign", ["sign"]),
    ("2e-b", f"W2.T @ {X4}", "missing-derivative", ["tanh'(x1)"]),
    ("2e-b", f"(1 - {H}**2) * (W2 @ {X4})", "transpose", ["W2 must be transposed"]),
    ("2e-b", f"(1 - {H}**2) * (W2.T @ (y - W2 @ {H}))", "sign", ["sign"]),
    ("2e-b", f"(1 - {H}**2) @ (W2.T @ {X4})", "matmul", ["`@` at column"]),
    ("2e-b", f"(1 - {H}**2) * {X4}", "missing-term", ["W2ᵀ is missing"]),
    ("2e-x", f"W1 @ ({D1})", "transpose", ["W1 must be transposed"]),
    ("2e-x", f"W1.T @ (W2.T @ {X4})", "missing-derivative", ["tanh'(x1)"]),
    ("2e-x", f"W1.T * ({D1})", "matmul", ["`*` at column 6", "`@`"]),
    ("2e-x", f"W1 @ ((1 - {H}**2) * (W2 @ {X4}))", "transpose", ["both"]),
    ("2e-x", f"-W1.T @ ({D1})", "sign", ["sign"]),
    ("2f-W1", f"W1 + eta * W2.T @ {F4} @ x.T", "sign", ["SUBTRACTS"]),
    ("2f-W1", f"W1 - eta * W2 @ {F4} @ x.T", "transpose", ["W2 must be transposed"]),
    ("2f-W1", f"W1 - W2.T @ {F4} @ x.T", "missing-rate", ["eta"]),
    ("2f-W1", f"W1 - eta * ({D1}) @ x.T", "activation", ["identity"]),
    ("2f-W1", f"W2.T @ {F4} @ x.T", "missing-term", ["gradient itself"]),
    ("2f-W1", f"W1 - eta * W2.T @ {F4} * x", "transpose", ["`x.T`"]),
    ("2f-W2", f"W2 - eta * (W1 @ x + b) @ {F4}.T", "transpose", ["transpose of the gradient"]),
    ("2f-W2", f"W2 - eta * {F4} @ x.T", "missing-term", ["not x4 xᵀ"]),
    ("2f-W2", f"W2 + eta * {F4} @ (W1 @ x + b).T", "sign", ["SUBTRACTS"]),
    ("2f-W2", f"W2 - eta * {X4} @ {H}.T", "activation", ["identity"]),
    ("2f-b", f"b - eta * W2 @ {F4}", "transpose", ["W2 must be transposed"]),
    ("2f-b", f"b + eta * W2.T @ {F4}", "sign", ["SUBTRACTS"]),
    ("2f-b", f"b - eta * {F4}", "missing-term", ["W2ᵀ is missing"]),
    ("2f-b", f"-eta * W2.T @ {F4}", "missing-term", ["current b"]),
    ("2f-b", f"b - eta * W2.T @ {F4} @ x.T", "shape", ["d×d", "d×1"]),
    ("side-evals", "2*d**2 + 2", "count", ["count it once"]),
    ("side-evals", "2*d**2", "count", ["add 1"]),
    ("side-evals", "d**2 + 1", "count", ["2d²"]),
    ("side-evals", "4*d**2", "count", ["central"]),
    ("side-evals", "d**4", "count", ["COST"]),
    ("side-evals", "2*n**2 + 1", "unknown-name", ["did you mean `d`"]),
]


@pytest.mark.parametrize("exercise_id, answer, mistake, words", WRONG)
def test_wrong_answers_are_named(exercise_id, answer, mistake, words):
    fb = timed_check(exercise_id, answer)
    assert not fb.correct
    assert fb.mistake == mistake, fb.message
    for word in words:
        assert word in fb.verdict, (word, fb.verdict)


def test_every_exercise_has_enough_examples():
    for exercise_id in IDS:
        assert sum(c[0] == exercise_id for c in RIGHT) >= 2, exercise_id
        assert sum(c[0] == exercise_id for c in WRONG) >= 3, exercise_id
    assert {c[2] for c in WRONG} >= {"sign", "factor", "transpose", "matmul",
                                     "missing-derivative", "shape", "unknown-name"}  # fmt: skip
    assert {c[2] for c in WRONG} <= set(MISTAKES)


GRADIENTS = ["1b-x", "1c-delta", "2a-sum", "2c-W", "2c-b", "2e-W2", "2e-W1", "2e-b", "2e-x"]


@pytest.mark.parametrize("exercise_id", GRADIENTS)
@pytest.mark.parametrize("factor, mistake", [(-1, "sign"), (2, "factor"), (0.5, "factor"),
                                             (-0.5, "factor"), (3, "factor")])  # fmt: skip
def test_constant_multiples_of_the_solution(exercise_id, factor, mistake):
    solution = EXERCISES[exercise_id].solution
    fb = timed_check(exercise_id, f"{factor} * ({solution})")
    assert (fb.correct, fb.mistake) == (False, mistake), fb.message


def test_a_diagnosis_is_numerical_not_textual():
    """Looks like a sign flip (a leading minus) but is not one: plain "value"."""
    fb = timed_check("2c-b", f"-(2 * {G2C}) + 0.001")
    assert fb.mistake == "value"
    fb = timed_check("2a-sum", "-(2*w + exp(w) + 1 - tanh(w)**2) + w**3")
    assert fb.mistake == "value"


def test_unused_variables_are_named():
    fb = timed_check("2c-W", "W")
    assert fb.mistake == "value" and "`b`, `x`, `y`" in fb.verdict


# ------------------------------------------------------------ reading it back
@pytest.mark.parametrize(
    "exercise_id, answer, latex",
    [
        ("2e-x", "W1.T @ x", r"W_{1}^{\top}\,x"),
        ("2c-b", "2 * (b - y)", r"2 \cdot \left(b - y\right)"),
        ("2e-b", "b * x - y / 2", r"b \odot x - \frac{y}{2}"),
        ("1c-delta", "a * sum(delta2)", r"a \cdot \textstyle\sum\left(\delta^{(2)}\right)"),
        ("2a-sum", "-(w - 1)**2", r"-{\left(w - 1\right)}^{2}"),
        ("1e-W1", "(x @ delta1.T).T", r"\left(x^{(0)}\,{\delta^{(1)}}^{\top}\right)^{\top}"),
        ("1e-W1", "x.T", r"{x^{(0)}}^{\top}"),
    ],
)
def test_latex_reads_the_answer_back(exercise_id, answer, latex):
    assert timed_check(exercise_id, answer).latex == latex


def test_shape_errors_still_echo_the_formula():
    fb = timed_check("2c-W", "W * x")  # (3, 2) * (2, 1) cannot broadcast
    assert fb.mistake in ("shape", "matmul", "transpose")
    assert fb.latex == r"W \odot x" and fb.read_as.startswith("Read as")


# ------------------------------------------------------------ hostile input
HOSTILE = [
    "", "   ", "\n\t", "x" * 10_000, "x" * 501, "(" * 300 + "1" + ")" * 300,
    "(" * 29 + "x" + ")" * 29, "__import__('os').system('echo pwned')",
    "open('/etc/passwd').read()", "lambda: 1", "(lambda x: x)(1)", "x.__class__.__mro__",
    "x.T.__class__", "x" + ".T" * 240, "[x for x in (1, 2)]", "'a string'", "b'bytes'",
    "9**9**9", "1e308 * 1e308", "1e309", "10**400", "exp(exp(exp(x)))", "log(-1 * sum(x * x))",
    "0/0", "x/0", "\x00", "x\x00", "\u202ex - W\u202c", "🧠∑∂δ", "<script>alert(1)</script>",
    "$\\alpha$ **bold** [a](http://e)", "W" + "@W" * 199, "+".join(["x"] * 166),
    "-" * 400 + "x", "sum(" * 25 + "x" + ")" * 25, "sigmoid(x, x)", "sigmoid(x=1)",
    "sigmoid(*x)", "x if y else x", "x and y", "not x", "~x", "x % 2", "x // 2", "x[0]",
    "x[0:1]", "{x: 1}", "(x, y)", "x == y", "f'{x}'", "await x", "(x := 1)", "x ** y",
    "x ** 11", "x ** 1e400", "sum", "σ", "ᵀ", "x\n+ x", "# comment", "x # comment", "`x`",
    "x;y", "import os", "x = 1", "1 +", "((x)", "True", "None", "...", "1j", "0x1F", "1_000",
    "١٢٣", "ｘ", "x\u0301", "\ud800", "\ufeffx", "\u200bx", "W.t", "np.tanh(x)",
    "os.system('ls')", "x.T()", "\\x", "x" * 499, "-(-(-(-(-(-(-(-(-(-x)))))))))",
    "sum(x)" + " * sum(x)" * 60, "x @ x @ x @ x", "exp(x) ** -10",
]  # fmt: skip
NOT_TEXT = [None, 123, 1.5, b"x", bytearray(b"x"), ["x"], {"x": 1}, object(), float("nan"), True]


@pytest.mark.parametrize("k", range(len(HOSTILE)))
def test_hostile_strings_give_feedback_quickly(k):
    for exercise_id in (IDS[k % len(IDS)], "2e-x"):
        fb = timed_check(exercise_id, HOSTILE[k])
        assert not fb.correct and fb.mistake in MISTAKES and fb.mistake != "internal", fb
        assert fb.verdict.count("`") % 2 == 0  # code spans closed: user text stays inside
        assert "<script>" not in _outside_code(fb.verdict)


def _outside_code(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


@pytest.mark.parametrize("answer", NOT_TEXT, ids=lambda a: type(a).__name__)
def test_answers_that_are_not_text(answer):
    fb = timed_check("2c-W", answer)
    assert (fb.correct, fb.mistake, fb.latex) == (False, "not-text", None)


@pytest.mark.parametrize("exercise_id", [None, 1, "", "2c-w", "x" * 1000, ("2c-W",), "\x00"])
def test_unknown_exercises(exercise_id):
    fb = timed_check(exercise_id, "x")
    assert (fb.correct, fb.mistake) == (False, "unknown-exercise")
    assert "2c-W" in fb.verdict


def test_user_text_is_inert_in_messages():
    fb = timed_check("2c-W", "evil_name_*_x")
    assert "**" not in _outside_code(fb.verdict)
    fb = timed_check("2c-W", "bad_name_here * x")
    assert fb.mistake == "unknown-name" and r"bad\_name\_here" in fb.verdict
    fb = timed_check("2c-W", "[link](http://e) `x`")
    assert "](" not in _outside_code(fb.verdict)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(IDS), st.text(max_size=80))
def test_random_text_never_raises(exercise_id, text):
    fb = timed_check(exercise_id, text)
    assert fb.mistake in MISTAKES and fb.mistake != "internal"


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(IDS), st.lists(st.sampled_from(
    ["x", "W", "W1", "W2", "b", "y", "a", "w", "d", "eta", "delta2", "2", "0.5", "+", "-", "*",
     "@", "/", "**2", ".T", "(", ")", "sigmoid(", "tanh(", "sum(", "exp(", "σ(", "ᵀ"]),
    max_size=40))  # fmt: skip
def test_random_formulas_never_raise(exercise_id, tokens):
    fb = timed_check(exercise_id, " ".join(tokens))
    assert fb.mistake in MISTAKES and fb.mistake != "internal"


def test_timing_report():
    """Runs last in this file: every check above stayed under the generous limit."""
    assert TIMES and all(w < LIMIT or c < CPU_LIMIT for w, c in zip(TIMES, CPU_TIMES, strict=True))
    print(f"\n{len(TIMES)} checks: wall max {max(TIMES) * 1e3:.1f} ms, median "
          f"{np.median(TIMES) * 1e3:.2f} ms; CPU max {max(CPU_TIMES) * 1e3:.1f} ms")  # fmt: skip
