"""lessons.chain_rule.variables: reading typed variables, refusing anything else."""

import numpy as np
import pytest

from lessons.chain_rule.examples import drawn
from lessons.chain_rule.variables import (
    MAX_TOTAL,
    VariablesError,
    format_variables,
    parse_variables,
)


def test_scalars_vectors_matrices_and_random():
    v = parse_variables(
        "a = 1.5; x = [1, -0.5, 2e-1]\nA = [[1, 2], [3, 4]]; v = 3, 4; W = random(2, 3)"
    )
    assert v["a"].shape == () and float(v["a"]) == 1.5
    np.testing.assert_array_equal(v["x"], [1, -0.5, 0.2])
    np.testing.assert_array_equal(v["A"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(v["v"], [3, 4])
    np.testing.assert_array_equal(v["W"], drawn(0, "W", (2, 3)))
    assert parse_variables("c = random()")["c"].shape == ()
    assert not np.array_equal(
        parse_variables("W = random(2)", seed=1)["W"], parse_variables("W = random(2)")["W"]
    )


def test_round_trip_through_format():
    values = parse_variables("W = random(2, 3); y = 1.5; x = [1, 2]")
    again = parse_variables(format_variables(values))
    for k in values:
        np.testing.assert_array_equal(values[k], again[k])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "no variables"),
        ("x", "name = value"),
        ("1x = 2", "starts with a letter"),
        ("sum = 2", "function name"),
        ("x = 1; x = 2", "defined twice"),
        ("x = __import__('os')", "unexpected character"),
        ("x = os", "unknown word"),
        ("x = [1, 2", "never closed"),
        ("x = [[1, 2], [3]]", "same length"),
        ("x = [[[1]]]", "two levels"),
        ("x = [1, [2]]", "mix"),
        ("x = 1e999", "too large"),
        ("x = random(9)", "from 1 to 8"),
        ("x = random(1, 2, 3)", "at most two sizes"),
        ("x = random", "random(rows"),
        ("x = 1 2", "expected ','"),
        ("x = [1] 2", "unexpected '2' after"),
        ("x = ;", "no value"),
        ("x = 1\x00", "null byte"),
        ("x = $", "unexpected character"),
        ("; ".join(f"v{i} = 1" for i in range(9)), "at most 8"),
        ("A = random(8, 8); B = random(8, 8); c = 1", f"at most {MAX_TOTAL}"),
    ],
)
def test_bad_text_gets_a_message(text, words):
    with pytest.raises(VariablesError, match=words.replace("(", r"\(")):
        parse_variables(text)
