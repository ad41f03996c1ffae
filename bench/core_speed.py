"""Time core.training.train against a minimal hand-written numpy loop.

Run from the project root: ``python bench/core_speed.py``. Prints, for each
network size, the median time per step of

- ``hand``: the same network (sigmoid hidden and output, squared error, full
  batch) trained by the shortest plain numpy loop, updating in place and
  recording nothing;
- ``train(end)``: ``train(..., record_every=steps)`` (records start and end);
- ``train(all)``: ``train(..., record_every=1)`` (Params, loss and gradient at
  every step);

and the ratios train(end) / hand and train(all) / train(end). Each variant is
run ``REPEATS`` times, interleaved, and the median is reported. Targets:
train(end) / hand <= 1.3, train(all) / train(end) <= 1.3. Figures, not a test.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.network import Network  # noqa: E402
from core.training import train  # noqa: E402

CASES = [((2, 16, 1), 200, 400), ((8, 64, 4), 1000, 40), ((3, 4, 2), 1, 3000)]
REPEATS = 15
LR = 0.1


def hand_loop(Ws, bs, X, Y, lr, steps):
    """The minimal numpy loop: forward, backward, in-place update."""
    Ws = [w.copy() for w in Ws]
    bs = [v.copy() for v in bs]
    n = X.shape[0]
    for _ in range(steps):
        xs = [X]
        for w, v in zip(Ws, bs, strict=True):
            xs.append(1.0 / (1.0 + np.exp(-(xs[-1] @ w + v))))
        out = xs[-1]
        delta = (out - Y) * out * (1.0 - out)
        for i in range(len(Ws) - 1, -1, -1):
            gw = xs[i].T @ delta / n
            gb = delta.mean(axis=0)
            if i:
                delta = (delta @ Ws[i].T) * xs[i] * (1.0 - xs[i])
            Ws[i] -= lr * gw
            bs[i] -= lr * gb
    return Ws, bs


def _seconds(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call: the CPU clock shrugs off other processes."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def bench_case(sizes, n, steps):
    rng = np.random.default_rng(0)
    net = Network(sizes)
    params = net.init("xavier", seed=1)
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.uniform(size=(n, sizes[-1]))
    Ws, bs = list(params.W[1:]), list(params.b[1:])

    # Same maths: both must land on the same weights.
    Wh, _ = hand_loop(Ws, bs, X, Y, LR, steps)
    h = train(net, params, X, Y, lr=LR, steps=steps, record_every=steps)
    assert all(np.allclose(a, c) for a, c in zip(Wh, h.params[-1].W[1:], strict=True))

    runs = {
        "hand": lambda: hand_loop(Ws, bs, X, Y, LR, steps),
        "train(end)": lambda: train(net, params, X, Y, lr=LR, steps=steps, record_every=steps),
        "train(all)": lambda: train(net, params, X, Y, lr=LR, steps=steps, record_every=1),
    }
    wall, cpu = {k: [] for k in runs}, {k: [] for k in runs}
    for _ in range(REPEATS):
        for k, fn in runs.items():
            w, c = _seconds(fn)
            wall[k].append(w / steps)
            cpu[k].append(c / steps)
    med = statistics.median
    return {k: med(v) for k, v in wall.items()}, {k: med(v) for k, v in cpu.items()}


def main() -> None:
    print(f"numpy {np.__version__}; median of {REPEATS} interleaved runs; time per step")
    print("(wall clock; the ratios in brackets use CPU time, steadier on a busy machine)")
    print(
        f"{'sizes':>12} {'n':>5} {'hand':>10} {'train(end)':>11} {'train(all)':>11}"
        f" {'end/hand':>15} {'all/end':>15}"
    )
    for sizes, n, steps in CASES:
        m, c = bench_case(sizes, n, steps)
        us = {k: f"{v * 1e6:.1f}us" for k, v in m.items()}
        r1 = f"{m['train(end)'] / m['hand']:.2f} [{c['train(end)'] / c['hand']:.2f}]"
        r2 = f"{m['train(all)'] / m['train(end)']:.2f} [{c['train(all)'] / c['train(end)']:.2f}]"
        print(
            f"{str(sizes):>12} {n:>5} {us['hand']:>10} {us['train(end)']:>11} "
            f"{us['train(all)']:>11} {r1:>15} {r2:>15}"
        )


if __name__ == "__main__":
    main()
