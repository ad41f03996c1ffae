"""Reverse- and forward-mode autodiff over float64 numpy arrays, in the spirit of micrograd.

A :class:`Var` holds a value, the op that made it and its parents. Each op
attaches two small closures beside each other: its local chain rule backwards
(``_grad_fn``: output gradient -> one contribution per parent) and forwards
(``_tangent_fn``: parents' tangents -> the output's tangent, the dual-number
pairing of a value with its derivative). ``backward`` walks the graph in reverse
topological order and ADDS each contribution into the parents' ``.grad``, so a
Var used twice collects both contributions; :func:`jvp` walks it inputs first
and carries one tangent per node (forward mode: one pass per direction).

Notation of the explanation strings (:meth:`Var.backward_step_info`): ``y`` is
the node, ``a``/``b`` its first/second input (``u`` for a one-input op) and
``\\bar v`` means the gradient of the final output ``f`` with respect to ``v``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from core.forward import ForwardStep, jvp, jvp_all, jvp_ops, jvp_steps
from core.graph_rules import STEP_NOTATION, rule

__all__ = [
    "STEP_NOTATION",
    "FUNCTIONS",
    "BackwardStep",
    "ForwardStep",
    "LocalGrad",
    "Var",
    "exp",
    "grads_after",
    "jvp",
    "jvp_all",
    "jvp_ops",
    "jvp_steps",
    "log",
    "relu",
    "sigmoid",
    "tanh",
]


class LocalGrad(NamedTuple):
    """How one parent's gradient is updated by one node (LaTeX strings)."""

    parent: Var
    local: str  # the local derivative, e.g. \partial y / \partial a = b
    chain: str  # the chain-rule update, e.g. \bar a += \bar y \odot b


class BackwardStep(NamedTuple):
    """One node's turn in the reverse walk: what it added to each parent's grad."""

    node: Var
    contributions: tuple[tuple[Var, np.ndarray], ...]


# A tangent rule: (parents' tangents, in parent order) -> the node's tangent.
TangentFn = Callable[[tuple[np.ndarray, ...]], np.ndarray]


def _fmt(x: float) -> str:
    """A number in 4 significant digits: 2.0 -> '2', 0.123456 -> '0.1235'."""
    return f"{float(x):.4g}"


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, to ``shape``."""
    grad = np.asarray(grad, dtype=np.float64)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return np.array(grad.reshape(shape))  # a fresh array, never a view of a node's grad


def _lift(x: object) -> Var:
    """Wrap a Python number or numpy array as a constant leaf (a Var stays a Var)."""
    if isinstance(x, Var):
        return x
    if isinstance(x, numbers.Real | np.ndarray):
        value = np.array(x, dtype=np.float64)
        name = _fmt(value) if value.ndim == 0 else None
        return Var(value, name, constant=True)
    raise TypeError(f"cannot combine a Var with {type(x).__name__}")


class Var:
    """A node of a computation graph holding a float64 array.

    Parameters
    ----------
    value : array_like
        Copied to a float64 ndarray; a scalar becomes a 0-d array.
    name : str, optional
        Shown in graphs; nodes without a name are labelled by their op.
    constant : bool
        Marks a number or array that was mixed into an expression.
    """

    __array_ufunc__ = None  # make `ndarray + Var` call Var.__radd__

    def __init__(self, value, name: str | None = None, *, constant: bool = False):
        if isinstance(value, Var):
            raise TypeError("Var(value): value is already a Var")
        self.value = np.array(value, dtype=np.float64)
        self.grad = np.zeros_like(self.value)
        self.name = name
        self.op = ""
        self.parents: tuple[Var, ...] = ()
        self.constant = constant
        self.has_grad = False  # True once a backward() has filled .grad
        self._kind = ""
        self._exponent = 0.0
        self._grad_fn: Callable[[np.ndarray], tuple[np.ndarray, ...]] | None = None
        self._tangent_fn: TangentFn | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    @property
    def label(self) -> str:
        """The name, else the op, else 'const' / 'input'."""
        return self.name or self.op or ("const" if self.constant else "input")

    def __repr__(self) -> str:
        return f"Var({self.label!r}, shape={self.shape}, value={np.array2string(self.value)})"

    @staticmethod
    def _make(
        value,
        kind: str,
        parents: tuple[Var, ...],
        grad_fn,
        op: str | None = None,
        tangent_fn: TangentFn | None = None,
    ) -> Var:
        with np.errstate(all="ignore"):
            out = Var(value)
        out.op, out._kind, out.parents, out._grad_fn = op or kind, kind, parents, grad_fn
        out._tangent_fn = tangent_fn
        return out

    def _elementwise(self, other, kind: str, fn, grad_fn, tangent_fn) -> Var:
        """``grad_fn(g, a, b)`` and ``tangent_fn(ta, tb, a, b)`` are the local rules."""
        a, b = self, _lift(other)
        try:
            np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            raise ValueError(
                f"shapes {a.shape} and {b.shape} do not broadcast for '{kind}'"
            ) from None
        with np.errstate(all="ignore"):
            value = fn(a.value, b.value)
        return Var._make(
            value,
            kind,
            (a, b),
            lambda g: grad_fn(g, a.value, b.value),
            tangent_fn=lambda t: tangent_fn(t[0], t[1], a.value, b.value),
        )

    # ---- binary operators -------------------------------------------------
    def __add__(self, other) -> Var:
        return self._elementwise(
            other, "+", np.add, lambda g, a, b: (g, g), lambda ta, tb, a, b: ta + tb
        )

    def __sub__(self, other) -> Var:
        return self._elementwise(
            other, "-", np.subtract, lambda g, a, b: (g, -g), lambda ta, tb, a, b: ta - tb
        )

    def __mul__(self, other) -> Var:
        return self._elementwise(
            other,
            "*",
            np.multiply,
            lambda g, a, b: (g * b, g * a),
            lambda ta, tb, a, b: ta * b + a * tb,
        )

    def __truediv__(self, other) -> Var:
        return self._elementwise(
            other,
            "/",
            np.divide,
            lambda g, a, b: (g / b, -g * a / b**2),
            lambda ta, tb, a, b: ta / b - tb * a / b**2,
        )

    def __radd__(self, other) -> Var:
        return _lift(other) + self

    def __rsub__(self, other) -> Var:
        return _lift(other) - self

    def __rmul__(self, other) -> Var:
        return _lift(other) * self

    def __rtruediv__(self, other) -> Var:
        return _lift(other) / self

    def __matmul__(self, other) -> Var:
        a, b = self, _lift(other)
        if not (1 <= a.value.ndim <= 2 and 1 <= b.value.ndim <= 2) or (a.shape[-1] != b.shape[0]):
            raise ValueError(f"cannot multiply shapes {a.shape} @ {b.shape}")
        # Treat a vector on the left as a row and on the right as a column.
        a2 = a.value.reshape(1, -1) if a.value.ndim == 1 else a.value
        b2 = b.value.reshape(-1, 1) if b.value.ndim == 1 else b.value

        def grad_fn(g):
            g2 = np.reshape(g, (a2.shape[0], b2.shape[1]))
            return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)

        def tangent_fn(t):
            return t[0] @ b.value + a.value @ t[1]  # the product rule, same vector conventions

        with np.errstate(all="ignore"):
            value = a.value @ b.value
        return Var._make(value, "@", (a, b), grad_fn, tangent_fn=tangent_fn)

    def __rmatmul__(self, other) -> Var:
        return _lift(other) @ self

    def __pow__(self, p) -> Var:
        if isinstance(p, Var) or not isinstance(p, numbers.Real) or isinstance(p, bool):
            raise TypeError(f"exponent must be a number, not {type(p).__name__}")
        if not np.isfinite(p):
            raise ValueError(f"exponent must be finite, got {p}")
        u, p = self, float(p)

        def grad_fn(g):
            return (np.zeros_like(g) if p == 0 else g * p * u.value ** (p - 1),)

        def tangent_fn(t):
            return np.zeros_like(u.value) if p == 0 else p * u.value ** (p - 1) * t[0]

        with np.errstate(all="ignore"):
            value = u.value**p
        out = Var._make(value, "**", (u,), grad_fn, op=f"**{_fmt(p)}", tangent_fn=tangent_fn)
        out._exponent = p
        return out

    def __rpow__(self, base):
        raise TypeError("the exponent of ** must be a number, not a Var")

    # ---- unary operators --------------------------------------------------
    def _unary(self, kind: str, value, grad_fn, tangent_fn) -> Var:
        """``grad_fn(g)`` and ``tangent_fn(t)`` are the local rules of a one-input op."""
        return Var._make(
            value,
            kind,
            (self,),
            lambda g: (grad_fn(g),),
            tangent_fn=lambda t: tangent_fn(t[0]),
        )

    def __neg__(self) -> Var:
        return self._unary("neg", -self.value, lambda g: -g, lambda t: -t)

    def sum(self) -> Var:
        """The sum of all elements, a 0-d Var."""
        return self._unary(
            "sum", self.value.sum(), lambda g: np.broadcast_to(g, self.shape), np.sum
        )

    @property
    def T(self) -> Var:  # noqa: N802 (numpy's name)
        """The transpose (a 1-D or 0-d Var is returned as a new node with the same value)."""
        return self._unary("T", self.value.T, np.transpose, np.transpose)

    # ---- graph walks ------------------------------------------------------
    def topo(self) -> list[Var]:
        """All Vars this one depends on, inputs first, ``self`` last (iterative DFS)."""
        order: list[Var] = []
        seen: set[int] = set()
        stack: list[tuple[Var, bool]] = [(self, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                order.append(v)
                continue
            if id(v) in seen:
                continue
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((p, False) for p in reversed(v.parents) if id(p) not in seen)
        return order

    def _step(self) -> BackwardStep:
        """Apply this node's local chain rule: add its contributions into the parents."""
        if self._grad_fn is None:
            return BackwardStep(self, ())
        with np.errstate(all="ignore"):
            raw = self._grad_fn(self.grad)
            contributions = tuple(
                (p, _unbroadcast(c, p.shape)) for p, c in zip(self.parents, raw, strict=True)
            )
        for p, c in contributions:
            p.grad = p.grad + c
        return BackwardStep(self, contributions)

    def backward_steps(self) -> list[BackwardStep]:
        """Run backward() and return its steps, one per node in reverse topological order.

        Each step is ``(node, ((parent, added_grad), ...))``; a leaf's tuple is empty.
        """
        if self.value.size != 1:
            raise ValueError(
                f"backward() needs an output holding one number, got shape {self.shape}"
            )
        order = self.topo()
        for v in order:
            v.grad, v.has_grad = np.zeros_like(v.value), False
        self.grad = np.ones_like(self.value)
        steps = [v._step() for v in reversed(order)]
        for v in order:
            v.has_grad = True
        return steps

    def backward(self) -> None:
        """Fill ``.grad`` of every Var this one depends on (reset first, seed 1)."""
        self.backward_steps()

    # ---- explanations -----------------------------------------------------
    def formula(self) -> str:
        """LaTeX for how this node is computed from its inputs ('' for a leaf)."""
        return rule(self._kind, self._exponent)[0]

    def backward_step_info(self) -> tuple[LocalGrad, ...]:
        """Per parent: the local derivative and the chain-rule update (LaTeX)."""
        parts = rule(self._kind, self._exponent)[1]
        return tuple(
            LocalGrad(p, loc, ch) for p, (loc, ch) in zip(self.parents, parts, strict=True)
        )

    def to_dot(self, max_elements: int = 12, *, highlight=None, show_grad=None) -> str:
        """Graphviz DOT source of the graph ending here; see :func:`core.graph_dot.to_dot`."""
        from core.graph_dot import to_dot

        return to_dot(self, max_elements=max_elements, highlight=highlight, show_grad=show_grad)


def grads_after(steps: list[BackwardStep], k: int) -> dict[Var, np.ndarray]:
    """The gradients known after the first ``k`` steps (the output's seed included).

    Feed the result to ``to_dot(show_grad=...)`` to draw the gradients filling in.
    """
    if not steps:
        return {}
    grads: dict[Var, np.ndarray] = {steps[0].node: np.ones_like(steps[0].node.value)}
    for step in steps[: max(k, 0)]:
        for p, c in step.contributions:
            grads[p] = grads[p] + c if p in grads else c
    return grads


def _function(kind: str, fn, grad_from) -> Callable[[object], Var]:
    """A graph function: ``grad_from(g, u, y)`` is the local chain rule.

    Every function here is elementwise, so the same rule, fed a tangent instead
    of a gradient, is its forward rule: ``dy = f'(u) * du`` (``grad_from`` only
    ever multiplies ``g`` by ``f'(u)``).
    """

    def apply(u) -> Var:
        u = _lift(u)
        with np.errstate(all="ignore"):
            y = fn(u.value)
        return u._unary(
            kind, y, lambda g: grad_from(g, u.value, y), lambda t: grad_from(t, u.value, y)
        )

    apply.__name__ = apply.__qualname__ = kind
    apply.__doc__ = f"Elementwise {kind} as a graph node (takes a Var or a number)."
    return apply


sigmoid = _function(
    "sigmoid", lambda u: 0.5 * (1.0 + np.tanh(0.5 * u)), lambda g, u, y: g * y * (1 - y)
)
tanh = _function("tanh", np.tanh, lambda g, u, y: g * (1 - y**2))
relu = _function("relu", lambda u: np.maximum(u, 0.0), lambda g, u, y: g * (u > 0))
exp = _function("exp", np.exp, lambda g, u, y: g * y)
log = _function("log", np.log, lambda g, u, y: g / u)

FUNCTIONS: Mapping[str, Callable[[object], Var]] = {
    "sigmoid": sigmoid, "tanh": tanh, "relu": relu, "exp": exp, "log": log,
}  # fmt: skip
