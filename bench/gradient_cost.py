"""Print the cost of numerical vs backprop gradients of the 2e loss, and the slopes.

Usage::

    python bench/gradient_cost.py [--d-max 64] [--points 12] [--repeats 3]

For each d: loss evaluations of the forward difference (2 d^2 + 1), counted
operations of both methods (lessons.cost.graph_ops), best wall time of a few
repeats, and the largest disagreement. Then log-log slopes fitted over the
large-d end (theory: 4 for the forward difference, 2 for backprop in counted
operations; wall time at small d follows the number of numpy calls instead).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lessons import cost  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--d-max", type=int, default=64)
    parser.add_argument("--points", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    grid = cost.d_grid(args.d_max, args.points)
    print(f"{'d':>4} {'evals':>7} {'ops numerical':>14} {'ops backprop':>13} "
          f"{'ms numerical':>13} {'ms backprop':>12} {'max diff':>9}")  # fmt: skip
    points = []
    for d in grid:
        p = cost.measure_cost(d, repeats=args.repeats)
        points.append(p)
        print(f"{p.d:>4} {p.numeric_evals:>7} {p.numeric_ops:>14,} {p.backprop_ops:>13,} "
              f"{1e3 * p.numeric_seconds:>13.3f} {1e3 * p.backprop_seconds:>12.3f} "
              f"{p.max_diff:>9.1e}", flush=True)  # fmt: skip

    d_from = max(4.0, args.d_max / 4)
    ds = [p.d for p in points]
    print(f"\nlog-log slopes over d >= {d_from:g}:")
    for label, key in (
        ("counted ops, numerical", "numeric_ops"),
        ("counted ops, backprop ", "backprop_ops"),
        ("wall time,   numerical", "numeric_seconds"),
        ("wall time,   backprop ", "backprop_seconds"),
    ):
        slope, _ = cost.fit_slope(ds, [getattr(p, key) for p in points], d_from)
        print(f"  {label}: {slope:5.2f}")


if __name__ == "__main__":
    main()
