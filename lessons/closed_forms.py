"""The worksheet's closed forms, written out as functions.

Pages use them to print each formula with live numbers; tests use them to
hold the engine (core.network, core.graph) to the worksheet.

Part 1 uses the row convention of core.network: ``W[i, j]`` is the weight
from unit i of layer l-1 to unit j of layer l, and S = x W. Part 2e/2f uses
the column-vector convention of the worksheet: W multiplies a column vector,
``W x``, so W is "to x from" (the transpose of part 1's convention).

Activations are looked up by name in ``core.activations.ACTIVATIONS``; each
entry has ``fn(S)`` and ``der(x)``, the derivative written in terms of the
OUTPUT ``x = g(S)``, so ``g'(S) = der(fn(S))``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "g_and_prime",
    "hidden_activation_constant",
    "hidden_delta_constant",
    "one_step_constant",
    "one_step_constant_batch",
    "loss_2c",
    "grads_2c",
    "step_2d",
    "loss_2e",
    "grads_2e",
    "step_2f",
]


def _activation(name: str):
    from core.activations import ACTIVATIONS

    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _arr(value, name: str, ndim: tuple[int, ...]) -> np.ndarray:
    out = np.asarray(value, dtype=np.float64)
    if out.ndim not in ndim:
        raise ValueError(
            f"{name} must have {' or '.join(map(str, ndim))} dimensions, got {out.shape}"
        )
    return out


def g_and_prime(S, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """The activation and its derivative at S.

    Parameters
    ----------
    S : array_like of any shape
    activation : str
        A key of ``core.activations.ACTIVATIONS``.

    Returns
    -------
    x : ndarray of S's shape, ``g(S)``
    g_prime : ndarray of S's shape, ``g'(S)``
    """
    act = _activation(activation)
    x = np.asarray(act.fn(np.asarray(S, dtype=np.float64)), dtype=np.float64)
    return x, np.asarray(act.der(x), dtype=np.float64)


# ---------------------------------------------------------------- part 1


def hidden_activation_constant(a: float, x0, activation: str):
    """Worksheet 1b: ``x_j^(1) = g(a * sum_i x_i^(0))`` for every hidden unit j.

    Holds when every weight of W^(1) equals ``a`` and the biases are off or 0.

    Parameters
    ----------
    a : float
        The constant every weight starts at.
    x0 : array_like of shape (d0,) or (n, d0)
        One input or a batch of inputs.
    activation : str

    Returns
    -------
    float or ndarray of shape (n,)
        The common value of the hidden units (per example).
    """
    x0 = _arr(x0, "x0", (1, 2))
    x, _ = g_and_prime(a * x0.sum(axis=-1), activation)
    return x


def hidden_delta_constant(a: float, x0, delta2, activation: str):
    """Worksheet 1c: ``delta_i^(1) = g'(a sum_k x_k^(0)) * a * sum_j delta_j^(2)``.

    The same for every hidden unit i, when every weight equals ``a`` and the
    biases are off or 0.

    Parameters
    ----------
    a : float
    x0 : array_like of shape (d0,) or (n, d0)
    delta2 : array_like of shape (d2,) or (n, d2)
        The output deltas ``delta_j^(2)`` of the same example(s).
    activation : str
        The hidden activation g.

    Returns
    -------
    float or ndarray of shape (n,)
        The common hidden delta (per example).
    """
    x0 = _arr(x0, "x0", (1, 2))
    delta2 = _arr(delta2, "delta2", (1, 2))
    if x0.shape[:-1] != delta2.shape[:-1]:
        raise ValueError(f"x0 {x0.shape} and delta2 {delta2.shape} disagree on examples")
    _, g_prime = g_and_prime(a * x0.sum(axis=-1), activation)
    return g_prime * a * delta2.sum(axis=-1)


def one_step_constant_batch(a: float, eta: float, x0, x1, delta1, delta2):
    """Worksheet 1e for a batch: one gradient step of the MEAN loss from constant a.

    ``w_ij^(1) = a - eta * mean_k delta_kj^(1) x_ki^(0)`` and
    ``w_ij^(2) = a - eta * mean_k delta_kj^(2) x_ki^(1)``.

    Parameters
    ----------
    a, eta : float
    x0 : array_like of shape (n, d0)
    x1 : array_like of shape (n, d1)
    delta1 : array_like of shape (n, d1)
    delta2 : array_like of shape (n, d2)

    Returns
    -------
    W1_new : ndarray of shape (d0, d1), each ROW constant when delta1 is
        constant across units
    W2_new : ndarray of shape (d1, d2), each COLUMN constant when x1 is
        constant across units
    """
    x0, x1, delta1, delta2 = (
        _arr(v, name, (2,))
        for v, name in ((x0, "x0"), (x1, "x1"), (delta1, "delta1"), (delta2, "delta2"))
    )
    n = x0.shape[0]
    if not (x1.shape[0] == delta1.shape[0] == delta2.shape[0] == n):
        raise ValueError("x0, x1, delta1 and delta2 must have the same number of rows")
    if x1.shape != delta1.shape:
        raise ValueError(f"x1 {x1.shape} and delta1 {delta1.shape} must have the same shape")
    return a - eta * (x0.T @ delta1) / n, a - eta * (x1.T @ delta2) / n


def one_step_constant(a: float, eta: float, x0, x1, delta1, delta2):
    """Worksheet 1e for one example.

    ``w_ij^(1) = a - eta delta_j^(1) x_i^(0)`` and
    ``w_ij^(2) = a - eta delta_j^(2) x_i^(1)``.

    Parameters
    ----------
    a, eta : float
    x0 : array_like of shape (d0,)
    x1 : array_like of shape (d1,)
    delta1 : array_like of shape (d1,)
    delta2 : array_like of shape (d2,)

    Returns
    -------
    W1_new : ndarray of shape (d0, d1)
    W2_new : ndarray of shape (d1, d2)
    """
    vectors = [_arr(v, "input", (1,)) for v in (x0, x1, delta1, delta2)]
    return one_step_constant_batch(a, eta, *(v[None, :] for v in vectors))


# ---------------------------------------------------------------- 2b-2d


def loss_2c(W, b, x, y: float) -> float:
    """Worksheet 2b with phi = sigma: ``f = (y - sum_i sigma(w_i^T x + b_i))^2``.

    Parameters
    ----------
    W : array_like of shape (n, d), rows w_i
    b : array_like of shape (n,)
    x : array_like of shape (d,)
    y : float
    """
    return float(grads_2c(W, b, x, y)["f"])


def grads_2c(W, b, x, y: float) -> dict[str, np.ndarray | float]:
    """Worksheet 2c: the forward values and gradients of f.

    ``df/dw_i = 2 (sum_j sigma(z_j) - y) sigma(z_i)(1 - sigma(z_i)) x`` and
    ``df/db_i = 2 (sum_j sigma(z_j) - y) sigma(z_i)(1 - sigma(z_i))``.

    Parameters
    ----------
    W : array_like of shape (n, d)
    b : array_like of shape (n,)
    x : array_like of shape (d,)
    y : float

    Returns
    -------
    dict
        ``z`` (n,) = W x + b, ``s`` (n,) = sigma(z), ``r`` float = y - sum s,
        ``f`` float = r^2, ``dW`` (n, d), ``db`` (n,).
    """
    W, b, x = _arr(W, "W", (2,)), _arr(b, "b", (1,)), _arr(x, "x", (1,))
    if b.shape != W.shape[:1] or x.shape != W.shape[1:]:
        raise ValueError(f"shapes disagree: W {W.shape}, b {b.shape}, x {x.shape}")
    z = W @ x + b
    s, s_prime = g_and_prime(z, "sigmoid")  # s_prime = sigma(z)(1 - sigma(z))
    r = float(y) - float(s.sum())
    db = 2.0 * (float(s.sum()) - float(y)) * s_prime
    return {"z": z, "s": s, "r": r, "f": r * r, "dW": np.outer(db, x), "db": db}


def step_2d(W, b, x, y: float, eta: float) -> tuple[np.ndarray, np.ndarray]:
    """Worksheet 2d: ``w_i <- w_i - eta df/dw_i``, ``b_i <- b_i - eta df/db_i``.

    Returns
    -------
    W_new : ndarray of shape (n, d)
    b_new : ndarray of shape (n,)
    """
    g = grads_2c(W, b, x, y)
    return np.asarray(W, dtype=np.float64) - eta * g["dW"], np.asarray(b, np.float64) - eta * g[
        "db"
    ]


# ---------------------------------------------------------------- 2e-2f


def _check_2e(W1, W2, b, x, y):
    W1, W2 = _arr(W1, "W1", (2,)), _arr(W2, "W2", (2,))
    b, x, y = _arr(b, "b", (1,)), _arr(x, "x", (1,)), _arr(y, "y", (1,))
    h, d = W1.shape
    if x.shape != (d,) or b.shape != (h,) or W2.shape[1] != h or y.shape != W2.shape[:1]:
        raise ValueError(
            f"shapes disagree: W1 {W1.shape}, W2 {W2.shape}, b {b.shape}, x {x.shape}, y {y.shape}"
        )
    return W1, W2, b, x, y


def grads_2e(W1, W2, b, x, y, phi: str = "identity") -> dict[str, np.ndarray | float]:
    """Worksheet 2e: ``ell = 1/2 ||W2 Phi(W1 x + b) - y||^2`` and its gradients.

    Column-vector convention (W is "to x from"). The worksheet has square
    d x d matrices; any consistent shapes are accepted.

    Parameters
    ----------
    W1 : array_like of shape (h, d)
    W2 : array_like of shape (m, h)
    b : array_like of shape (h,)
    x : array_like of shape (d,)
    y : array_like of shape (m,)
    phi : str, default "identity"
        A key of ``core.activations.ACTIVATIONS`` (sigmoid, tanh, relu, identity).

    Returns
    -------
    dict
        Forward: ``x1 = W1 x + b``, ``x2 = Phi(x1)``, ``x3 = W2 x2``,
        ``x4 = x3 - y``, ``ell`` (float). Backward: ``dl_dx4 = x4``,
        ``dl_dx3 = x4``, ``dW2 = x4 x2^T``, ``dl_dx2 = W2^T x4``,
        ``dl_dx1 = Phi'(x1) * dl_dx2``, ``dx = W1^T dl_dx1``,
        ``db = dl_dx1``, ``dW1 = dl_dx1 x^T``.
    """
    W1, W2, b, x, y = _check_2e(W1, W2, b, x, y)
    x1 = W1 @ x + b
    x2, phi_prime = g_and_prime(x1, phi)
    x3 = W2 @ x2
    x4 = x3 - y
    dl_dx2 = W2.T @ x4
    dl_dx1 = phi_prime * dl_dx2
    return {
        "x1": x1,
        "x2": x2,
        "x3": x3,
        "x4": x4,
        "ell": 0.5 * float(x4 @ x4),
        "dl_dx4": x4,
        "dl_dx3": x4.copy(),
        "dW2": np.outer(x4, x2),
        "dl_dx2": dl_dx2,
        "dl_dx1": dl_dx1,
        "dx": W1.T @ dl_dx1,
        "db": dl_dx1.copy(),
        "dW1": np.outer(dl_dx1, x),
    }


def loss_2e(W1, W2, b, x, y, phi: str = "identity") -> float:
    """Worksheet 2e loss ``1/2 ||W2 Phi(W1 x + b) - y||^2`` (forward pass only).

    Costs O(d^2) for d x d matrices; used to measure numerical gradients.
    """
    W1, W2, b, x, y = _check_2e(W1, W2, b, x, y)
    x2, _ = g_and_prime(W1 @ x + b, phi)
    r = W2 @ x2 - y
    return 0.5 * float(r @ r)


def step_2f(W1, W2, b, x, y, eta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Worksheet 2f (Phi = identity): one gradient step written out.

    ``W1 <- W1 - eta W2^T (W2 (W1 x + b) - y) x^T``,
    ``W2 <- W2 - eta (W2 (W1 x + b) - y) (W1 x + b)^T``,
    ``b <- b - eta W2^T (W2 (W1 x + b) - y)``.

    Returns
    -------
    W1_new : ndarray of shape (h, d)
    W2_new : ndarray of shape (m, h)
    b_new : ndarray of shape (h,)
    """
    W1, W2, b, x, y = _check_2e(W1, W2, b, x, y)
    hidden = W1 @ x + b
    residual = W2 @ hidden - y
    back = W2.T @ residual
    return (
        W1 - eta * np.outer(back, x),
        W2 - eta * np.outer(residual, hidden),
        b - eta * back,
    )
