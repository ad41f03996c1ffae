"""Activation functions g with their derivatives, in a registry keyed by name.

Each :class:`Activation` carries its derivative beside it. The derivative is
computed from the forward OUTPUT x = g(S) (cheaper: the sigmoid's g'(S) is
x (1 - x), no second exp), which is what backpropagation has at hand; the
closed form in S is there too (``der_from_S``) for worksheet formulas.

Examples
--------
>>> import numpy as np
>>> g = ACTIVATIONS["sigmoid"]
>>> x = g.fn(np.array([0.0]))
>>> float(x[0]), float(g.der(x)[0])
(0.5, 0.25)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.registry import lookup

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An elementwise activation g with its derivative.

    Attributes
    ----------
    name : str
        Registry key, also the serialisable name.
    into : callable, (S, out) -> x, arrays of shape (n, d)
        Writes x = g(S) into ``out`` (which may be S itself) and returns it
        (the identity returns S). No floating-point guard: the sigmoid's
        exp(-S) overflows, harmlessly, to the exact limit 0 for S < -709, so
        call it inside ``np.errstate(over="ignore")``, or call :meth:`fn`.
    der : callable, x -> ndarray of x's shape
        g'(S) expressed through the forward output x = g(S).
    der_from_S : callable, S -> ndarray of S's shape
        g'(S) in closed form from the weighted input S.
    chain_into : callable, (x, upstream, out) -> ndarray of shape (n, d)
        Writes ``upstream * g'(S)`` (g' from x) into ``out`` and returns it,
        leaving x and upstream alone; the identity returns upstream itself.
        One step of the backward recursion delta = g'(S) * (sum_j w_ij delta_j).
    """

    name: str
    into: Callable[[Array, Array], Array]
    der: Callable[[Array], Array]
    der_from_S: Callable[[Array], Array]
    chain_into: Callable[[Array, Array, Array], Array]

    def raw(self, S: Array) -> Array:
        """x = g(S) in a new array (unguarded, see ``into``)."""
        return self.into(S, np.empty_like(S))

    def chain(self, x: Array, up: Array) -> Array:
        """``up * g'(S)`` (g' from x = g(S)) in a new array; shapes (n, d)."""
        return self.chain_into(x, up, np.empty_like(x))

    def fn(self, S: Array) -> Array:
        """Return x = g(S), overflow-safe for any finite S (no warnings).

        Parameters
        ----------
        S : ndarray of shape (n, d)
            Weighted inputs.

        Returns
        -------
        x : ndarray of shape (n, d)
        """
        with np.errstate(over="ignore", under="ignore"):
            return self.raw(np.asarray(S, dtype=np.float64))

    def __str__(self) -> str:
        return self.name


def _sigmoid_into(S: Array, out: Array) -> Array:
    # 1 / (1 + e^-S) is accurate everywhere; for S < -709 e^-S overflows to
    # inf and the result is the exact limit 0.0 (callers silence the warning).
    np.negative(S, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.divide(1.0, out, out=out)


def _sigmoid_der_from_S(S: Array) -> Array:
    S = np.asarray(S, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore"):
        x = _sigmoid_into(S, np.empty_like(S))
    return x * (1.0 - x)


def _sigmoid_chain_into(x: Array, up: Array, out: Array) -> Array:
    np.multiply(x, x, out=out)
    np.subtract(x, out, out=out)  # x (1 - x)
    return np.multiply(out, up, out=out)


def _tanh_chain_into(x: Array, up: Array, out: Array) -> Array:
    np.multiply(x, x, out=out)
    np.subtract(1.0, out, out=out)  # 1 - x^2
    return np.multiply(out, up, out=out)


def _relu_chain_into(x: Array, up: Array, out: Array) -> Array:
    np.greater(x, 0.0, out=out)
    return np.multiply(out, up, out=out)


def _tanh_der_from_S(S: Array) -> Array:
    x = np.tanh(S)
    return 1.0 - x * x


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            name="sigmoid",
            into=_sigmoid_into,
            der=lambda x: x * (1.0 - x),
            der_from_S=_sigmoid_der_from_S,
            chain_into=_sigmoid_chain_into,
        ),
        Activation(
            name="tanh",
            into=lambda S, out: np.tanh(S, out=out),
            der=lambda x: 1.0 - x * x,
            der_from_S=_tanh_der_from_S,
            chain_into=_tanh_chain_into,
        ),
        Activation(
            name="relu",
            into=lambda S, out: np.maximum(S, 0.0, out=out),
            der=lambda x: (x > 0.0).astype(np.float64),
            der_from_S=lambda S: (np.asarray(S) > 0.0).astype(np.float64),
            chain_into=_relu_chain_into,
        ),
        Activation(
            name="identity",
            into=lambda S, out: S,
            der=lambda x: np.ones_like(x, dtype=np.float64),
            der_from_S=lambda S: np.ones_like(S, dtype=np.float64),
            chain_into=lambda x, up, out: up,
        ),
    )
}
"""Activations by name: "sigmoid", "tanh", "relu", "identity"."""


def get_activation(name: str) -> Activation:
    """Look up an activation by name.

    Parameters
    ----------
    name : str
        One of ``ACTIVATIONS``.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return lookup(ACTIVATIONS, name, "activation")
