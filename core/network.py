"""A fully connected network in the worksheet's notation, numpy only.

Layer l = 1..L has d[l] units; S^(l) = x^(l-1) W^(l) + b^(l), x^(l) = g(S^(l))
(g_out on the output layer), x^(0) = X. Layer-indexed tuples hold index 0 as
the input (``Trace.x[0] is X``) or None, so ``W[l]`` is the worksheet's W^(l).

Examples
--------
>>> import numpy as np
>>> net = Network((2, 3, 1))
>>> params = net.init("xavier", seed=0)
>>> X, Y = np.ones((4, 2)), np.zeros((4, 1))
>>> grads = net.backward(params, net.forward(params, X), Y)
>>> new = net.step(params, grads, lr=0.5)
>>> net.mean_loss(new, X, Y) < net.mean_loss(params, X, Y)
True
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.activations import ACTIVATIONS, Activation
from core.losses import LOSSES
from core.params import Grads, Params, Trace, _lazy, _readonly, _views  # noqa: F401 (re-exported)
from core.registry import lookup

Array = np.ndarray


def _forward_raw(W, b, X, g: Activation, g_out: Activation) -> tuple[list, list]:
    """S and x lists for layers 0..L (no checks; b None means no bias)."""
    L = len(W) - 1
    S, x, h = [None], [X], X
    for l in range(1, L + 1):
        s = h @ W[l]
        if b is not None:
            s += b[l]
        h = (g_out if l == L else g).raw(s)
        S.append(s)
        x.append(h)
    return S, x


def _backward_into(W, x, d: Array, g: Activation, gW, gb) -> list:
    """Back-propagate the output delta d; return the deltas. Writes SUMS over the
    examples into gW[l] (x[l-1]^T delta[l]) and gb[l] (if gb); the caller divides by n."""
    L = len(W) - 1
    delta = [None] * (L + 1)
    for l in range(L, 0, -1):
        delta[l] = d
        np.matmul(x[l - 1].T, d, out=gW[l])
        if gb is not None:
            np.add.reduce(d, axis=0, out=gb[l])
        if l > 1:
            d = g.chain(x[l - 1], d @ W[l].T)
    return delta


def _nonneg(scale: float) -> float:
    if scale < 0:
        raise ValueError(f"scale must be >= 0 for a random scheme, got {scale}")
    return scale


INIT_SCHEMES: dict[str, Callable] = {
    "zeros": lambda rng, i, o, scale: np.zeros((i, o)),
    "constant": lambda rng, i, o, scale: np.full((i, o), float(scale)),
    "normal": lambda rng, i, o, scale: rng.normal(0.0, _nonneg(scale), (i, o)),
    "uniform": lambda rng, i, o, scale: rng.uniform(-_nonneg(scale), scale, (i, o)),
    "xavier": lambda rng, i, o, scale: rng.normal(0.0, math.sqrt(2.0 / (i + o)), (i, o)),
    "he": lambda rng, i, o, scale: rng.normal(0.0, math.sqrt(2.0 / i), (i, o)),
}
"""Weight init schemes: name -> f(rng, fan_in, fan_out, scale) -> (fan_in, fan_out) array.
"zeros"; "constant" (every weight = scale); "normal" N(0, scale^2); "uniform"
U(-scale, scale); "xavier" N(0, 2/(fan_in+fan_out)); "he" N(0, 2/fan_in)
(xavier and he ignore scale)."""


def _check_sizes(sizes) -> tuple[int, ...]:
    if isinstance(sizes, str) or not hasattr(sizes, "__iter__"):
        raise ValueError(f"sizes must be a sequence like (2, 8, 1), got {sizes!r}")
    items = list(sizes)
    if len(items) < 2:
        raise ValueError(f"sizes needs at least 2 entries (input and output), got {sizes!r}")
    for i, d in enumerate(items):
        if isinstance(d, bool | np.bool_) or not isinstance(d, int | np.integer):
            raise ValueError(f"sizes[{i}] must be an integer, got {d!r}")
        if d <= 0:
            raise ValueError(f"sizes[{i}] must be positive, got {d}")
    return tuple(int(d) for d in items)


def _is_number(v) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)


def _check_lr(lr) -> float:
    if not _is_number(lr):
        raise ValueError(f"lr must be a number, got {lr!r}")
    if not math.isfinite(lr) or lr < 0:
        raise ValueError(f"lr must be finite and >= 0, got {lr}")
    return float(lr)


@dataclass(frozen=True)
class Network:
    """A fully connected network (hashable: usable as a cache key).

    Parameters
    ----------
    sizes : sequence of int
        (d0, d1, ..., dL), L >= 1 (L = 1 is logistic/linear regression).
    activation, output_activation : str
        Hidden and output g, names in ``ACTIVATIONS``.
    loss : str
        Name in ``LOSSES``; "binary_cross_entropy" needs a sigmoid output.
    bias : bool
        Without bias every b[l] is zero and stays zero.
    """

    sizes: tuple[int, ...]
    activation: str = "sigmoid"
    output_activation: str = "sigmoid"
    loss: str = "squared_error"
    bias: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "sizes", _check_sizes(self.sizes))
        lookup(ACTIVATIONS, self.activation, "activation")
        lookup(ACTIVATIONS, self.output_activation, "output_activation")
        need = lookup(LOSSES, self.loss, "loss").requires_output
        if need is not None and self.output_activation != need:
            raise ValueError(
                f"loss {self.loss!r} requires output_activation={need!r}, "
                f"got {self.output_activation!r}"
            )
        object.__setattr__(self, "bias", bool(self.bias))

    g = property(lambda self: ACTIVATIONS[self.activation], doc="Hidden Activation.")
    g_out = property(lambda self: ACTIVATIONS[self.output_activation], doc="Output Activation.")
    loss_fn = property(lambda self: LOSSES[self.loss], doc="The Loss object.")
    n_layers = property(lambda self: len(self.sizes) - 1, doc="L, the number of weight layers.")
    n_params = property(
        lambda self: sum(i * o + o for i, o in zip(self.sizes[:-1], self.sizes[1:], strict=False)),
        doc="Length of Params.flat() (biases counted even when bias=False).",
    )

    def init(self, scheme: str, *, scale: float = 1.0, noise: float = 0.0, seed=0) -> Params:
        """Initial Params; every bias starts at 0.

        Parameters
        ----------
        scheme : {"zeros", "constant", "normal", "uniform", "xavier", "he"}
            See ``INIT_SCHEMES``.
        scale : float
            The constant, or the std / half-width of "normal" / "uniform".
        noise : float
            If > 0, N(0, noise^2) is added to every weight (symmetry breaking).
        seed : int
            For ``np.random.default_rng``: same seed, same Params.

        Returns
        -------
        Params
        """
        make = lookup(INIT_SCHEMES, scheme, "init scheme")
        if not (_is_number(scale) and math.isfinite(scale)):
            raise ValueError(f"scale must be a finite number, got {scale!r}")
        if not (_is_number(noise) and math.isfinite(noise) and noise >= 0):
            raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
        rng = np.random.default_rng(seed)
        buf = np.zeros(self.n_params)
        W, _ = _views(buf, self.sizes)
        for l in range(1, self.n_layers + 1):
            W[l][...] = make(rng, self.sizes[l - 1], self.sizes[l], scale)
            if noise > 0:
                W[l] += rng.normal(0.0, noise, W[l].shape)
        return self._from_buffer(buf)

    def _from_buffer(self, buf: Array) -> Params:
        """Params viewing ``buf`` (made read-only; its b slots zeroed if no bias)."""
        if not self.bias:
            for v in _views(buf, self.sizes)[1][1:]:
                v[...] = 0.0
        _readonly(buf)
        return _lazy(Params, buf, self.sizes)

    def unflatten(self, vec) -> Params:
        """Params from a vector laid out as :meth:`Params.flat` (copied).

        Without bias the b entries of ``vec`` are ignored (set to zero).
        """
        buf = np.array(vec, dtype=np.float64).reshape(-1)
        if buf.shape != (self.n_params,):
            raise ValueError(f"vec must have {self.n_params} entries, got {np.shape(vec)}")
        return self._from_buffer(buf)

    def check_params(self, params: Params) -> None:
        """Raise ValueError unless params fits this network."""
        if not isinstance(params, Params) or len(params.W) != len(self.sizes):
            raise ValueError(f"params must be Params with {self.n_layers} layers")
        for l in range(1, len(self.sizes)):
            shape = (self.sizes[l - 1], self.sizes[l])
            if params.W[l].shape != shape or params.b[l].shape != shape[1:]:
                raise ValueError(
                    f"params.W[{l}] must have shape {shape} and params.b[{l}] shape "
                    f"{shape[1:]}, got {params.W[l].shape} and {params.b[l].shape}"
                )
            if not self.bias and np.any(params.b[l]):
                raise ValueError(f"bias=False but params.b[{l}] is not zero")

    def check_X(self, X) -> Array:
        """X as a float64 array of shape (n, d0), n >= 1; ValueError otherwise."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or X.shape[0] < 1:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}) with n >= 1, got {X.shape}")
        return X

    def check_Y(self, Y, n: int) -> Array:
        """Y as float64 of shape (n, dL); a 1-D y is accepted when dL == 1."""
        Y = np.asarray(Y, dtype=np.float64)
        dL = self.sizes[-1]
        if Y.ndim == 1 and dL == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (n, dL):
            alt = f" (or ({n},) as dL == 1)" if dL == 1 else ""
            raise ValueError(f"Y must have shape ({n}, {dL}){alt}, got {np.shape(Y)}")
        return Y

    def forward(self, params: Params, X) -> Trace:
        """Forward pass S^(l) = x^(l-1) W^(l) + b^(l), x^(l) = g(S^(l)).

        Parameters
        ----------
        params : Params
        X : array_like of shape (n, d0)

        Returns
        -------
        Trace
            ``S[l]``, ``x[l]`` of shape (n, d[l]), read-only for l >= 1; ``x[0]`` is X.
        """
        self.check_params(params)
        X = self.check_X(X)
        with np.errstate(all="ignore"):
            S, x = _forward_raw(params.W, params.b if self.bias else None, X, self.g, self.g_out)
        _readonly(*S[1:], *x[1:])
        return Trace(tuple(S), tuple(x))

    def backward(self, params: Params, trace: Trace, Y) -> Grads:
        """Backward recursion delta^(l) = g'(S^(l)) * (delta^(l+1) W^(l+1)^T).

        Parameters
        ----------
        params : Params
        trace : Trace
            ``forward(params, X)``.
        Y : array_like of shape (n, dL), or (n,) when dL == 1

        Returns
        -------
        Grads
            Per-example deltas (n, d[l]) and gradients of the MEAN loss.
        """
        self.check_params(params)
        n = trace.x[0].shape[0]
        shapes = [(n, d) for d in self.sizes]
        if len(trace.x) != len(self.sizes) or [a.shape for a in trace.x] != shapes:
            raise ValueError(f"trace does not come from this network (needs x shapes {shapes})")
        Y, L = self.check_Y(Y, n), self.n_layers
        buf = np.zeros(self.n_params)
        gW, gb = _views(buf, self.sizes)
        with np.errstate(all="ignore"):
            d = self.loss_fn.delta(trace.S[L], trace.x[L], Y, self.g_out)
            delta = _backward_into(params.W, trace.x, d, self.g, gW, gb if self.bias else None)
        buf /= n
        _readonly(*delta[1:], *gW[1:], *gb[1:])
        return Grads(tuple(delta), tuple(gW), tuple(gb))

    def step(self, params: Params, grads: Grads, lr: float) -> Params:
        """One gradient step: new Params W[l] - lr * grads.W[l], b[l] - lr * grads.b[l].

        Parameters
        ----------
        params : Params
        grads : Grads
        lr : float
            Step size eta, finite and >= 0.

        Returns
        -------
        Params
            New; the inputs are never modified.
        """
        self.check_params(params)
        lr = _check_lr(lr)
        if [g.shape for g in grads.W[1:]] != [w.shape for w in params.W[1:]]:
            raise ValueError("grads do not match params (different shapes)")
        with np.errstate(all="ignore"):
            return self._from_buffer(params.flat() - lr * grads.flat())

    def mean_loss(self, params: Params, X, Y) -> float:
        """Mean over the n examples of the per-example loss ell.

        Parameters
        ----------
        params : Params
        X : array_like of shape (n, d0)
        Y : array_like of shape (n, dL), or (n,) when dL == 1

        Returns
        -------
        float
        """
        trace = self.forward(params, X)
        Y, L = self.check_Y(Y, trace.x[0].shape[0]), self.n_layers
        with np.errstate(all="ignore"):
            return self.loss_fn.mean_and_delta(trace.S[L], trace.x[L], Y, self.g_out)[0]

    def output(self, params: Params, X) -> Array:
        """x^(L), shape (n, dL): the network's prediction."""
        return self.forward(params, X).x[-1]
