"""Forward-mode differentiation node by node, and what each mode costs (issue: why backprop
runs backwards).

Forward mode carries, next to every node's value ``y``, its *tangent*
``ẏ = dy/dt`` along one direction ``t`` of the inputs (the dual number
``y + ẏ ε``). The tangents start at the leaves (the seed: a unit vector on one
input entry, zero elsewhere) and flow inputs-first; each node's tangent is the
chain rule summed over its inputs:

    ẏ = sum_i  (dy/da_i) ẏ_i      (elementwise ops: local derivative ⊙ tangent),
    (A B)˙ = Ȧ B + A Ḃ             (matrix product: the product rule),
    (Σ a)˙ = Σ ȧ,   (aᵀ)˙ = ȧᵀ.

One forward sweep gives the derivative of the output with respect to ONE input
entry; the gradient with respect to all N input entries needs N sweeps. Reverse
mode gets all N from one backward sweep. :func:`mode_costs` counts both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from core.graph import Var, jvp_steps

__all__ = [
    "ModeCost",
    "entry_label",
    "forward_nodes",
    "input_entries",
    "mode_costs",
    "seed",
    "tangents",
]


def forward_nodes(out: Var) -> list[Var]:
    """The forward stepper's order: every node but the constants, inputs first.

    The mirror of the backward order: an input's step sets its value and its tangent
    (the seed), an op node's step computes both from its inputs.
    """
    return [v for v in out.topo() if v is out or not v.constant]


def _ops(out: Var) -> list[Var]:
    return [v for v in out.topo() if v.parents]


def seed(leaves: Mapping[str, Var], name: str, entry: int = 0) -> dict[Var, np.ndarray]:
    """Tangents of the leaves: a one at ``leaves[name]``'s flat ``entry``, zeros elsewhere
    (leaves not in ``leaves``, e.g. constants, get tangent 0 in :func:`tangents`)."""
    out = {}
    for key, leaf in leaves.items():
        t = np.zeros_like(leaf.value)
        if key == name:
            t.reshape(-1)[int(entry)] = 1.0
        out[leaf] = t
    return out


def tangents(out: Var, seeds: Mapping[Var, np.ndarray]) -> dict[int, np.ndarray]:
    """Every node's tangent, by ``id(node)``, from the leaves' ``seeds`` (inputs first).

    One forward-mode walk of :func:`core.graph.jvp_steps` (each op's tangent rule).
    """
    return {id(step.node): step.tangent for step in jvp_steps(out, seeds)}


def entry_label(name: str, shape: tuple[int, ...], entry: int) -> str:
    """``W1[2,1]`` for flat entry 3 of a 2×2 array (1-based), ``w`` for a scalar."""
    if not shape or int(np.prod(shape)) == 1:
        return name
    index = np.unravel_index(int(entry), shape)
    return f"{name}[{','.join(str(i + 1) for i in index)}]"


def input_entries(leaves: Mapping[str, Var]) -> int:
    """How many numbers the inputs hold in all (the length of the full gradient)."""
    return int(sum(leaf.value.size for leaf in leaves.values()))


def _value_cost(v: Var) -> int:
    """Multiplications (or elementwise operations) to compute one node's value."""
    if v.op == "@":
        a, b = (p.value for p in v.parents)
        inner = a.shape[-1]
        return int(max(v.value.size, 1) * inner)
    if v.op == "T":
        return 0
    if v.op == "sum":
        return int(v.parents[0].value.size)
    return int(max(v.value.size, 1))


def _derivative_cost(v: Var) -> int:
    """Multiplications for one node's tangent (forward) or its inputs' gradients (reverse):
    one local product per input, so about twice the value's cost for a binary op."""
    if v.op in ("T",):
        return 0
    return _value_cost(v) * len(v.parents)


class ModeCost(NamedTuple):
    """What one mode pays for the whole gradient."""

    passes: int  # sweeps through the graph (reverse: one forward, one backward)
    visits: int  # op-node visits over all sweeps
    mults: int  # multiplications over all sweeps


def mode_costs(out: Var, n_inputs: int) -> dict[str, ModeCost]:
    """What forward and reverse mode each pay for the gradient w.r.t. all ``n_inputs`` entries.

    Forward mode: one sweep per input entry, each computing every op node's value
    and tangent. Reverse mode: one forward sweep (values) and one backward sweep
    (every op node passes its gradient to its inputs). Multiplications count one
    per elementwise product and ``m k n`` per (m×k)(k×n) matrix product.

    Returns
    -------
    dict
        ``{"forward": ModeCost, "reverse": ModeCost}``.
    """
    ops = _ops(out)
    values = sum(_value_cost(v) for v in ops)
    derivs = sum(_derivative_cost(v) for v in ops)
    n = max(int(n_inputs), 0)
    return {
        "forward": ModeCost(n, n * len(ops), n * (values + derivs)),
        "reverse": ModeCost(2, 2 * len(ops), values + derivs),
    }
