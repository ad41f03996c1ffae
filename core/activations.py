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

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An elementwise activation g with its derivative.

    Attributes
    ----------
    name : str
        Registry key, also the serialisable name.
    raw : callable, ndarray of shape (n, d) -> ndarray of shape (n, d)
        x = g(S), without any floating-point guard: the sigmoid's exp(-S)
        overflows (harmlessly, to the exact limit 0) for S < -709. Call it
        inside ``np.errstate(over="ignore")``, or call :meth:`fn`.
    der : callable, ndarray x of shape (n, d) -> ndarray of shape (n, d)
        g'(S) expressed through the forward output x = g(S).
    der_from_S : callable, ndarray S of shape (n, d) -> ndarray of shape (n, d)
        g'(S) in closed form from the weighted input S.
    chain : callable, (x, upstream) -> ndarray of shape (n, d)
        ``upstream * g'(S)`` from x: one step of the backward recursion
        delta = g'(S) * (sum_j w_ij delta_j). The identity returns upstream
        itself (no multiplication by ones).
    """

    name: str
    raw: Callable[[Array], Array]
    der: Callable[[Array], Array]
    der_from_S: Callable[[Array], Array]
    chain: Callable[[Array, Array], Array]

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


def _sigmoid(S: Array) -> Array:
    # 1 / (1 + e^-S) is accurate everywhere; for S < -709 e^-S overflows to
    # inf and the result is the exact limit 0.0 (callers silence the warning).
    return 1.0 / (1.0 + np.exp(-S))


def _sigmoid_der_from_S(S: Array) -> Array:
    with np.errstate(over="ignore", under="ignore"):
        x = _sigmoid(np.asarray(S, dtype=np.float64))
    return x * (1.0 - x)


def _tanh_der_from_S(S: Array) -> Array:
    x = np.tanh(S)
    return 1.0 - x * x


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            name="sigmoid",
            raw=_sigmoid,
            der=lambda x: x * (1.0 - x),
            der_from_S=_sigmoid_der_from_S,
            chain=lambda x, up: up * (x - x * x),
        ),
        Activation(
            name="tanh",
            raw=np.tanh,
            der=lambda x: 1.0 - x * x,
            der_from_S=_tanh_der_from_S,
            chain=lambda x, up: up * (1.0 - x * x),
        ),
        Activation(
            name="relu",
            raw=lambda S: np.maximum(S, 0.0),
            der=lambda x: (x > 0.0).astype(np.float64),
            der_from_S=lambda S: (np.asarray(S) > 0.0).astype(np.float64),
            chain=lambda x, up: up * (x > 0.0),
        ),
        Activation(
            name="identity",
            raw=lambda S: S,
            der=lambda x: np.ones_like(x, dtype=np.float64),
            der_from_S=lambda S: np.ones_like(S, dtype=np.float64),
            chain=lambda x, up: up,
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
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}"
        ) from None
