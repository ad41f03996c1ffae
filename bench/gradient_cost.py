"""What a full gradient costs: numerical differences, forward mode and backprop, over d.

Usage::

    python bench/gradient_cost.py [--model 2e] [--d-max 64] [--points 12] [--repeats 3]

For each d of the page's grids (up to the page default, d = 32, and up to
--d-max): the counted operations of the three methods (lessons.cost: the
forward difference's P + 1 loss evaluations, forward mode's P jvp passes,
backprop's one forward and one backward pass), the best wall time of a few
repeats (forward mode: a sample of its passes, scaled, unless --forward-sample 0),
and how far each gradient is from backprop's. Then the log-log
slopes fitted over the large-d end, as the page fits them (theory for counted
operations: 4, 4, 2; wall time at small d follows the number of numpy calls).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lessons import cost  # noqa: E402

PAGE_DEFAULT = 32  # the page's "Largest d measured"
LABELS = {"numeric": "numerical   ", "forward": "forward mode", "backprop": "backprop    "}


def slopes(points, d_max: int) -> list[str]:
    """Lines with the fitted slopes over the grid up to d_max (d >= max(4, d_max / 4))."""
    grid = set(cost.d_grid(d_max))
    pts = [p for p in points if p.d in grid]
    ds, d_from = [p.d for p in pts], max(4.0, d_max / 4)
    out = [f"slopes up to d = {d_max} (fitted on d >= {d_from:g}):"]
    for method, label in LABELS.items():
        ops = cost.fit_slope(ds, [getattr(p, f"{method}_ops") for p in pts], d_from)[0]
        wall = cost.fit_slope(ds, [getattr(p, f"{method}_seconds") for p in pts], d_from)[0]
        out.append(f"  {label}  counted ops {ops:5.2f}   wall time {wall:5.2f}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=cost.MODELS, default="2e")
    parser.add_argument("--d-max", type=int, default=64)
    parser.add_argument("--points", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--forward-sample", type=int, default=64,
                        help="time forward mode on this many jvp passes and scale to all P, "
                        "as the page does (0: time every pass)")  # fmt: skip
    args = parser.parse_args()
    sample = args.forward_sample or None

    grid = sorted(set(cost.d_grid(min(PAGE_DEFAULT, args.d_max), args.points))
                  | set(cost.d_grid(args.d_max, args.points)))  # fmt: skip
    print(
        f"model {args.model}; forward mode timed on "
        + (f"up to {sample} passes per d, scaled to P" if sample else "every pass")
    )
    print(f"{'d':>4} {'P':>6} {'ops numerical':>14} {'ops forward':>13} {'ops backprop':>13} "
          f"{'ms numerical':>13} {'ms forward':>11} {'ms backprop':>12} "
          f"{'num err':>8} {'fwd rel':>8}")  # fmt: skip
    points = []
    for d in grid:
        p = cost.measure_cost(d, model=args.model, repeats=args.repeats, forward_sample=sample)
        points.append(p)
        print(f"{p.d:>4} {p.params:>6} {p.numeric_ops:>14,} {p.forward_ops:>13,} "
              f"{p.backprop_ops:>13,} {1e3 * p.numeric_seconds:>13.3f} "
              f"{1e3 * p.forward_seconds:>11.3f} {1e3 * p.backprop_seconds:>12.3f} "
              f"{p.max_diff:>8.0e} {p.forward_rel_diff:>8.0e}", flush=True)  # fmt: skip
    for d_max in sorted({min(PAGE_DEFAULT, args.d_max), args.d_max}):
        print()
        print("\n".join(slopes(points, d_max)))


if __name__ == "__main__":
    main()
