"""Worksheet 1b-1f: symmetry under equal initial weights, and how to break it.

- :mod:`lessons.symmetry.analysis`: unit signatures, distinct units, spreads,
  constant rows/columns, and which units are clones (groups, for drawing).
- :mod:`lessons.symmetry.checks`: 1b-1f held against backprop with numbers.
- :mod:`lessons.symmetry.runs`: gradient descent that keeps every forward and
  backward pass, and "teacher" targets that need every hidden unit.
"""

from lessons.symmetry.analysis import (
    column_constant_spread,
    distinct_units,
    group_rows,
    hidden_delta_spread,
    hidden_values_spread,
    row_constant_spread,
    spread,
    symmetry_over_history,
    unit_groups,
    unit_signatures,
)
from lessons.symmetry.checks import TOL, agrees, check_1b_1c, check_1d, check_1e, check_1f
from lessons.symmetry.runs import MAX_STEPS, TEACHER_SCALE, make_teacher_example, run_with_traces

__all__ = [
    "MAX_STEPS",
    "TEACHER_SCALE",
    "TOL",
    "agrees",
    "check_1b_1c",
    "check_1d",
    "check_1e",
    "check_1f",
    "column_constant_spread",
    "distinct_units",
    "group_rows",
    "hidden_delta_spread",
    "hidden_values_spread",
    "make_teacher_example",
    "row_constant_spread",
    "run_with_traces",
    "spread",
    "symmetry_over_history",
    "unit_groups",
    "unit_signatures",
]
