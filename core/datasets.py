"""Toy 2-D classification data sets and a small regression example.

Every generator draws class 0 and class 1 points separately (``n // 2`` of
class 0, the rest class 1, so both classes are present whenever n >= 2), adds
Gaussian jitter of standard deviation ``noise`` (for blobs: ``2 * noise``) to
the coordinates, and shuffles the rows. The labels come from the clean
positions; with noise > 0 a few points may sit on the wrong side of the ideal
boundary, which is part of the lesson. Same (name, n, noise, seed), same data.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = ["DATASETS", "MAX_N", "make_dataset", "make_regression_example"]

MAX_N = 5000
"""Largest number of examples make_dataset and make_regression_example accept."""

# TWO_PI * SPIRAL_TURNS is the angle swept by each spiral arm.
SPIRAL_TURNS = 1.75
XOR_PADDING = 0.05  # xor points keep this distance from the axes before jitter


def _blobs(n0: int, n1: int, noise: float, rng: np.random.Generator):
    """Two Gaussian clusters centred at (-1, -1) (class 0) and (1, 1) (class 1).

    Their centres are sqrt(2) from the separating line x1 + x2 = 0; with
    standard deviation 2 * noise = 0.2 at noise 0.1 that is 7 standard
    deviations, so the classes are linearly separable at noise <= 0.1.
    """
    centres = np.array([[-1.0, -1.0], [1.0, 1.0]])
    X = np.concatenate([np.repeat(centres[:1], n0, axis=0), np.repeat(centres[1:], n1, axis=0)])
    return X + rng.normal(0.0, 2.0 * noise, size=X.shape)


def _xor(n0: int, n1: int, noise: float, rng: np.random.Generator):
    """Uniform on [-1, 1]^2 away from the axes; class 1 where x1 * x2 > 0."""
    n = n0 + n1
    magnitude = XOR_PADDING + (1.0 - XOR_PADDING) * rng.uniform(0.0, 1.0, size=(n, 2))
    # class 1: same signs (quadrants I, III); class 0: opposite signs (II, IV)
    first = rng.choice([-1.0, 1.0], size=n)
    second = np.concatenate([-first[:n0], first[n0:]])
    X = magnitude * np.stack([first, second], axis=1)
    return X + rng.normal(0.0, noise, size=X.shape)


def _circles(n0: int, n1: int, noise: float, rng: np.random.Generator):
    """Class 0 on the circle of radius 1, class 1 on the circle of radius 0.5."""
    radius = np.concatenate([np.full(n0, 1.0), np.full(n1, 0.5)])
    angle = rng.uniform(0.0, 2.0 * math.pi, size=n0 + n1)
    X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return X + rng.normal(0.0, noise, size=X.shape)


def _moons(n0: int, n1: int, noise: float, rng: np.random.Generator):
    """Two interleaved half circles of radius 1 (as scikit-learn's make_moons), centred."""
    t0 = rng.uniform(0.0, math.pi, size=n0)
    t1 = rng.uniform(0.0, math.pi, size=n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) - np.array([0.5, 0.25])
    return X + rng.normal(0.0, noise, size=X.shape)


def _spiral(n0: int, n1: int, noise: float, rng: np.random.Generator):
    """Two interleaved spiral arms of radius up to 2; class 1 is class 0 turned by pi."""
    u = rng.uniform(0.05, 1.0, size=n0 + n1)
    turn = np.concatenate([np.zeros(n0), np.full(n1, math.pi)])
    angle = 2.0 * math.pi * SPIRAL_TURNS * u + turn
    X = (2.0 * u)[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return X + rng.normal(0.0, noise, size=X.shape)


# name -> generator(n0, n1, noise, rng) -> X of shape (n0 + n1, 2), class 0 rows first
DATASETS: dict[str, Callable[..., np.ndarray]] = {
    "blobs": _blobs,
    "xor": _xor,
    "circles": _circles,
    "moons": _moons,
    "spiral": _spiral,
}


def _check_int(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def make_dataset(
    name: str, n: int = 200, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A labelled 2-D toy data set.

    Parameters
    ----------
    name : {"blobs", "xor", "circles", "moons", "spiral"}
        ``"blobs"``: two linearly separable clusters (at noise <= 0.1);
        ``"xor"``: class 1 where x1 * x2 > 0; ``"circles"``: class 0 on the
        unit circle, class 1 on radius 0.5; ``"moons"``: two interleaved half
        circles; ``"spiral"``: two interleaved spiral arms.
    n : int, default 200
        Number of examples, 2 <= n <= MAX_N.
    noise : float, default 0.1
        Standard deviation of the Gaussian jitter (blobs use twice it), >= 0.
    seed : int, default 0
        Seed of the random generator; same seed, same data.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), float64, values 0.0 and 1.0 (both present)

    Raises
    ------
    ValueError
        For an unknown name (the message lists the allowed ones), n out of
        range, a negative or non-finite noise, or a bad seed.
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; allowed: {', '.join(DATASETS)}")
    n = _check_int("n", n, 2, MAX_N)
    if isinstance(noise, bool) or not isinstance(noise, int | float | np.integer | np.floating):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    if not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(_check_seed(seed))
    n0 = n // 2
    n1 = n - n0
    X = np.asarray(DATASETS[name](n0, n1, float(noise), rng), dtype=np.float64)
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    order = rng.permutation(n)
    return X[order], y[order]


def make_regression_example(
    d0: int, dL: int, n: int = 1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets for the symmetry demo (worksheet 1b-1f).

    The inputs are positive (so ``a * sum_i x_i^(0)`` is nonzero and ReLU
    units with a > 0 are alive); within each example the targets differ
    between output units, so the output deltas differ (worksheet 1d).

    Parameters
    ----------
    d0 : int
        Number of inputs, 1 <= d0 <= 1000.
    dL : int
        Number of outputs, 1 <= dL <= 1000.
    n : int, default 1
        Number of examples, 1 <= n <= MAX_N.
    seed : int, default 0

    Returns
    -------
    X : ndarray of shape (n, d0), float64, entries in [0.1, 1.0)
    Y : ndarray of shape (n, dL), float64, entries in (0.1, 0.9); within a row
        the entries are distinct and increase with the output index.
    """
    d0 = _check_int("d0", d0, 1, 1000)
    dL = _check_int("dL", dL, 1, 1000)
    n = _check_int("n", n, 1, MAX_N)
    rng = np.random.default_rng(_check_seed(seed))
    X = rng.uniform(0.1, 1.0, size=(n, d0))
    base = np.linspace(0.2, 0.8, dL) if dL > 1 else np.array([0.5])
    # jitter smaller than a quarter of the spacing keeps each row's targets distinct
    half_width = min(0.05, 0.6 / (4 * max(dL - 1, 1)))
    Y = base + rng.uniform(-half_width, half_width, size=(n, dL))
    return X, Y
