"""The worksheet, live: typed answers to its computational parts, checked.

Stable API (tests outside the project call it)::

    EXERCISES                      ordered mapping id -> Exercise
    check(exercise_id, answer)     -> Feedback(correct, message, mistake, latex, read_as, verdict)
    instance(exercise_id, seed=0)  -> dict name -> ndarray, a random instance (small sizes)
    solution_numbers(exercise_id, seed=0) -> Worked: that instance and its answer, as LaTeX

Ids: 1b-x, 1c-delta, 1e-W1, 2a-sum, 2c-W, 2c-b, 2d-W, 2e-W2, 2e-W1, 2e-b, 2e-x,
2f-W1, 2f-W2, 2f-b, side-evals. Each answer is compared with a reference
computed by autodiff through :mod:`core.graph`, never with the closed form
the student is asked for. ``side-evals`` counts one evaluation of ℓ per entry
of W1 and W2 plus ONE at the unperturbed point: 2d² + 1 (2d² + 2 is rejected).

Modules: ``catalog`` (the exercises' words), ``references`` (autodiff
references, draws), ``specs`` (sizes, typical mistakes, instances),
``diagnose`` (naming a mistake), ``render`` (LaTeX), ``checker`` (``check``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from lessons.exercises.catalog import EXERCISES, Exercise
from lessons.exercises.checker import MISTAKES, Feedback, check
from lessons.exercises.render import matrix_tex, name_tex
from lessons.exercises.specs import draw_instance

__all__ = [
    "EXERCISES",
    "MISTAKES",
    "Exercise",
    "Feedback",
    "Worked",
    "check",
    "instance",
    "solution_numbers",
]


def _exercise(exercise_id: object) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; the ids are {', '.join(EXERCISES)}")
    return EXERCISES[exercise_id]


def instance(exercise_id: str, seed: int = 0) -> dict[str, np.ndarray]:
    """A random instance of the exercise's variables at its smallest sizes.

    Parameters
    ----------
    exercise_id : str
    seed : int
        Same seed, same numbers.

    Returns
    -------
    dict of str to ndarray
        One entry per variable, in ``EXERCISES[exercise_id].variables`` order;
        a number is a 0-d array, a column an (m, 1) array. The values avoid the
        points where a wrong answer could agree by accident.

    Raises
    ------
    ValueError
        For an unknown id.
    """
    ex = _exercise(exercise_id)
    inst = draw_instance(exercise_id, int(seed), 0)
    return {k: np.array(inst.values[k]) for k in ex.variables}


@dataclass(frozen=True)
class Worked:
    """The solution with live numbers.

    Attributes
    ----------
    exercise_id : str
    seed : int
    sizes : mapping of str to int, e.g. {"n": 3, "d": 2}
    values : mapping of str to ndarray, the instance
    answer : ndarray, the right answer at it (by autodiff, not the closed form)
    variables_latex : tuple of str, one ``name = matrix`` per variable
    answer_latex : str, ``quantity = matrix``
    latex : str, everything on one line: the variables, then ``⟹`` the answer
    """

    exercise_id: str
    seed: int
    sizes: MappingProxyType
    values: MappingProxyType
    answer: np.ndarray
    variables_latex: tuple[str, ...]
    answer_latex: str
    latex: str


def solution_numbers(exercise_id: str, seed: int = 0, digits: int = 3) -> Worked:
    """The instance ``instance(exercise_id, seed)`` and its answer, as LaTeX.

    Raises
    ------
    ValueError
        For an unknown id.
    """
    ex = _exercise(exercise_id)
    inst = draw_instance(exercise_id, int(seed), 0)
    values = {k: np.array(inst.values[k]) for k in ex.variables}
    parts = tuple(
        f"{name_tex(k, ex.names_latex)} = {matrix_tex(v, digits)}" for k, v in values.items()
    )
    answer = np.array(inst.ref)
    answer_tex = f"{ex.answer_latex} = {matrix_tex(answer, digits)}"
    latex = r",\quad ".join(parts) + r"\qquad\Longrightarrow\qquad " + answer_tex
    return Worked(exercise_id, int(seed), MappingProxyType(dict(inst.dims)),
                  MappingProxyType(values), answer, parts, answer_tex, latex)  # fmt: skip
