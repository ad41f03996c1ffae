"""Parameter, forward-trace and gradient containers of core.network.

``Params``, ``Trace`` and ``Grads`` hold layer-indexed tuples (index 0 is the
input or None). Objects made inside the training loop view one flat read-only
buffer, so recording a step costs one copy.
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


class _FlatLayers:
    """Mixin: objects made by :func:`_lazy` hold one flat read-only buffer (cheap
    in a training loop); their ``W`` and ``b`` tuples of views appear on first use."""

    def __getattr__(self, name: str):
        d = self.__dict__
        if name in ("W", "b") and "_buf" in d:
            W, b = _views(d["_buf"], d["_sizes"])
            d["W"], d["b"] = tuple(W), tuple(b)
            return d[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def flat(self) -> Array:
        """All entries as one vector of shape (n_params,): W1, b1, W2, b2, ..."""
        if "_buf" in self.__dict__:
            return self.__dict__["_buf"].copy()
        pairs = zip(self.W[1:], self.b[1:], strict=True)
        return np.concatenate([a.ravel() for pair in pairs for a in pair])


def _lazy(cls, buf: Array, sizes: tuple[int, ...], **fields):
    """A Params or Grads viewing the read-only flat ``buf`` (no checks, no copy)."""
    obj = object.__new__(cls)
    obj.__dict__.update(fields, _buf=buf, _sizes=sizes)
    return obj


def _readonly(*arrays: Array) -> None:
    for a in arrays:
        a.flags.writeable = False


def _views(buf: Array, sizes: tuple[int, ...]) -> tuple[list, list]:
    """[None, W1, ..., WL] and [None, b1, ..., bL] as views of the flat ``buf``
    (layout W1 row-major, b1, W2, b2, ...; views of a read-only buf are read-only)."""
    W, b, o = [None], [None], 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        W.append(buf[o : o + fan_in * fan_out].reshape(fan_in, fan_out))
        o += fan_in * fan_out
        b.append(buf[o : o + fan_out])
        o += fan_out
    return W, b


@dataclass(frozen=True, eq=False)
class Params(_FlatLayers):
    """Weights and biases; arrays are float64 copies made read-only.

    Attributes
    ----------
    W : tuple
        ``(None, W1, ..., WL)``; ``W[l]`` is an ndarray of shape (d[l-1], d[l])
        with w_ij^(l) = ``W[l][i, j]`` (rows = from, columns = to).
    b : tuple
        ``(None, b1, ..., bL)``; ``b[l]`` is an ndarray of shape (d[l],).
    """

    W: tuple
    b: tuple

    def __post_init__(self) -> None:
        W, b = tuple(self.W), tuple(self.b)
        if len(W) < 2 or len(W) != len(b) or W[0] is not None or b[0] is not None:
            raise ValueError("Params needs W = (None, W1, ..., WL) and b = (None, b1, ..., bL)")
        W = (None, *(np.array(w, dtype=np.float64) for w in W[1:]))
        b = (None, *(np.array(v, dtype=np.float64) for v in b[1:]))
        for l in range(1, len(W)):
            rows = W[l - 1].shape[1:] if l > 1 else W[l].shape[:1]
            if W[l].ndim != 2 or W[l].shape[:1] != rows or b[l].shape != W[l].shape[1:]:
                raise ValueError(
                    f"W[{l}] of shape {W[l].shape} and b[{l}] of shape {b[l].shape} do not "
                    f"fit: W[{l}] needs 2 dimensions and {rows} rows, b[{l}] one entry per column"
                )
        _readonly(*W[1:], *b[1:])
        self.__dict__.update(W=W, b=b)

    @property
    def sizes(self) -> tuple[int, ...]:
        """(d0, d1, ..., dL) read off the weight shapes."""
        return (self.W[1].shape[0], *(w.shape[1] for w in self.W[1:]))


@dataclass(frozen=True, eq=False)
class Trace:
    """The forward pass: ``S[l]``, ``x[l]`` of shape (n, d[l]); S[0] None, x[0] = X."""

    S: tuple
    x: tuple


@dataclass(frozen=True, eq=False)
class Grads(_FlatLayers):
    """Backward pass results (read-only arrays).

    Attributes
    ----------
    delta : tuple
        ``(None, delta1, ..., deltaL)``, ``delta[l]`` of shape (n, d[l]): the
        PER-EXAMPLE delta_j^(l) = d ell_k / d S_kj^(l); ``()`` in histories.
    W, b : tuple
        Gradient of the MEAN loss: ``W[l] = x[l-1]^T delta[l] / n``, shape
        (d[l-1], d[l]); ``b[l]`` = mean of delta[l] over examples, shape (d[l],)
        (zeros without bias).
    """

    delta: tuple
    W: tuple
    b: tuple
