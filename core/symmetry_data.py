"""Targets that need every hidden unit: a random "teacher" network.

core.datasets.make_regression_example gives targets that one hidden unit
already fits well (they barely vary between examples), so a tiny symmetry-
breaking nudge has nothing pushing it to grow. Targets produced by a random
network of the same shape (a teacher) can only be matched by a student whose
hidden units differ, so a clone network sits at a saddle and a nudge of size
eps grows until the units are apart (worksheet 1f's "in exact arithmetic").
"""

from __future__ import annotations

import numpy as np

from core.network import Network

__all__ = ["TEACHER_SCALE", "make_teacher_example"]

TEACHER_SCALE = 2.0
"""Standard deviation of the teacher's weights (large enough to need every unit)."""


def make_teacher_example(
    sizes,
    n: int = 8,
    activation: str = "tanh",
    output_activation: str = "identity",
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and the outputs of a random teacher network on them.

    Parameters
    ----------
    sizes : tuple of int, (d0, d1, ..., dL)
        The teacher's (and the student's) layer sizes.
    n : int, default 8
        Number of examples, >= 1.
    activation, output_activation : str
        The teacher's activations (use the student's).
    seed : int, default 0
        Same seed, same inputs and teacher.

    Returns
    -------
    X : ndarray of shape (n, d0), entries uniform in [-1, 1]
    Y : ndarray of shape (n, dL), the teacher's outputs x^(L)
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    net = Network(tuple(sizes), activation, output_activation, bias=False)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(int(n), net.sizes[0]))
    teacher = net.init("normal", scale=TEACHER_SCALE, seed=int(seed) + 1)
    return X, np.array(net.forward(teacher, X).x[-1])
