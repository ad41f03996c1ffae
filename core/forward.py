"""Forward-mode differentiation over :mod:`core.graph` (one pass per direction).

Each op of core.graph keeps a tangent rule (``_tangent_fn``) beside its backward
closure; :func:`jvp` walks the graph inputs first and carries one tangent per
node, the dual-number view of a value with its derivative. Getting the whole
gradient this way costs one pass per parameter entry (:func:`jvp_all`), which is
why reverse mode (one backward pass) wins when there are many parameters.
Re-exported by core.graph; this module imports nothing from it (no import cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from core.graph import Var

__all__ = ["ForwardStep", "jvp", "jvp_all", "jvp_ops", "jvp_steps"]


def _is_var(x: object) -> bool:
    """A core.graph Var (recognised by its interface, so this module need not import it)."""
    return hasattr(x, "topo") and hasattr(x, "_tangent_fn") and hasattr(x, "value")


class ForwardStep(NamedTuple):
    """One node's turn in the forward walk: its value and its tangent (the dual number)."""

    node: Var
    tangent: np.ndarray


def _seed_tangents(tangents: Mapping[Var, object]) -> dict[int, np.ndarray]:
    """The given tangents by leaf id, as fresh float64 arrays; bad keys or shapes raise."""
    if not isinstance(tangents, Mapping):
        raise TypeError(f"tangents must map leaf Vars to arrays, got {type(tangents).__name__}")
    seeds: dict[int, np.ndarray] = {}
    for leaf, tangent in tangents.items():
        if not _is_var(leaf):
            raise TypeError(f"tangents must be keyed by Vars, got {type(leaf).__name__}")
        if leaf.parents:
            raise ValueError(
                f"tangents are given to leaves only; {leaf.label!r} is computed by {leaf.op!r}"
            )
        t = np.array(tangent, dtype=np.float64)
        if t.shape != leaf.shape:
            raise ValueError(
                f"the tangent of {leaf.label!r} has shape {t.shape}, expected {leaf.shape}"
            )
        seeds[id(leaf)] = t
    return seeds


def _forward(output: Var, tangents: Mapping[Var, object], keep: bool) -> list[ForwardStep]:
    """The forward-mode walk; a tangent of None means 'exactly zero' (nothing computed).

    Returns every node's step when ``keep`` (zeros filled in), else only the output's.
    """
    if not _is_var(output):
        raise TypeError(f"output must be a Var, got {type(output).__name__}")
    seeds = _seed_tangents(tangents)
    known: dict[int, np.ndarray | None] = {}
    steps: list[ForwardStep] = []
    order = output.topo()
    for v in order:
        if not v.parents:
            t = seeds.get(id(v))
        else:
            ins = [known[id(p)] for p in v.parents]
            if all(i is None for i in ins):
                t = None
            else:
                if v._tangent_fn is None:
                    raise TypeError(f"the op {v.op!r} has no forward (tangent) rule")
                full = tuple(
                    np.zeros_like(p.value) if i is None else i
                    for p, i in zip(v.parents, ins, strict=True)
                )
                with np.errstate(all="ignore"):
                    raw = np.asarray(v._tangent_fn(full), dtype=np.float64)
                t = np.array(np.broadcast_to(raw, v.shape))  # fresh, shaped like the value
        known[id(v)] = t
        if keep or v is output:
            steps.append(ForwardStep(v, np.zeros_like(v.value) if t is None else t))
    return steps


def jvp(output: Var, tangents: Mapping[Var, object]) -> np.ndarray:
    """Forward-mode derivative of ``output`` along ``tangents`` (a Jacobian-vector product).

    Parameters
    ----------
    output : Var
        Any node; it need not hold one number.
    tangents : mapping of leaf Var to array_like
        The direction: one array per leaf, shaped like that leaf's value.
        Leaves not given (and every constant) have tangent 0.

    Returns
    -------
    ndarray
        Shaped like ``output.value``: ``sum over leaves of d output / d leaf . tangent``,
        computed in ONE inputs-first pass that carries a tangent beside each value
        (each op's ``_tangent_fn``), never via backward().

    Raises
    ------
    ValueError
        A tangent whose shape is not its leaf's (the message names both shapes), or a
        key that is not a leaf.
    TypeError
        A key that is not a Var.
    """
    return _forward(output, tangents, keep=False)[-1].tangent


def jvp_steps(output: Var, tangents: Mapping[Var, object]) -> list[ForwardStep]:
    """The forward-mode walk of :func:`jvp`, one step per node of ``output.topo()``.

    Each step is ``(node, tangent)``, inputs first, the output last: the dual
    numbers (``node.value``, tangent) a forward-mode stepper shows. Tangents that
    are exactly zero (constants, leaves not given) are zero arrays.
    """
    return _forward(output, tangents, keep=True)


def jvp_all(output: Var, leaf: Var) -> tuple[np.ndarray, int]:
    """The full derivative of ``output`` with respect to ``leaf``, by forward mode.

    One :func:`jvp` pass per entry of ``leaf`` (unit tangents), which is what
    forward mode costs for a whole gradient.

    Returns
    -------
    jacobian : ndarray
        Shape ``output.shape + leaf.shape``: ``jacobian[i..., j...] = d output[i...] /
        d leaf[j...]``; for a one-number output that is the gradient, the same as
        ``leaf.grad`` after ``output.backward()`` (up to shape for a (1,) output).
    passes : int
        The forward passes made (``leaf.size``).
    """
    if not _is_var(leaf):
        raise TypeError(f"leaf must be a Var, got {type(leaf).__name__}")
    jac = np.zeros(output.shape + leaf.shape)
    passes = 0
    for idx in np.ndindex(leaf.shape):
        direction = np.zeros(leaf.shape)
        direction[idx] = 1.0
        jac[(...,) + idx] = jvp(output, {leaf: direction})
        passes += 1
    return jac, passes


def _tangent_ops(v: Var) -> int:
    """Counted multiply-adds of one node's tangent rule (0 for a leaf)."""
    if not v.parents:
        return 0
    if v.op == "@":
        a, b = (p.value for p in v.parents)
        m = a.shape[0] if a.ndim == 2 else 1
        k = a.shape[-1]
        p = b.shape[1] if b.ndim == 2 else 1
        return 2 * m * k * p  # da b + a db: two products
    size = max(v.value.size, *(p.value.size for p in v.parents))
    return size * len(v.parents)


def jvp_ops(output: Var) -> int:
    """Counted operations of one forward-mode (tangent) pass over ``output``'s graph.

    Convention: a product (m, k) @ (k, p) costs m k p and its tangent ``da b + a db``
    twice that; an elementwise op costs one per element and input. The value
    (primal) pass is not included; multiply by the passes of :func:`jvp_all` for a
    whole gradient.
    """
    return sum(_tangent_ops(v) for v in output.topo())
