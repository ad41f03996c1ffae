"""lessons.chain_rule.forward: per-node tangents against central differences, and the costs."""

import numpy as np
import pytest

from lessons.chain_rule import examples as ce
from lessons.chain_rule import forward as fw
from lessons.chain_rule.variables import parse_variables

EXAMPLES = {
    "2a sum": lambda: ce.build_2a(("square", "exp", "tanh"), "sum", 0.5),
    "2a product": lambda: ce.build_2a(("cube", "sigmoid", "negate", "double"), "product", -0.7),
    "2a squares": lambda: ce.build_2a(("tanh", "relu"), "sum of squares", 1.3),
    "2b per unit": lambda: ce.build_2b(2, 3, 1, 1.5, True),
    "2b matrix": lambda: ce.build_2b(3, 2, 4, -1.0, False),
    "2e tanh": lambda: ce.build_2e(3, "tanh", 0),
    "2e sigmoid": lambda: ce.build_2e(2, "sigmoid", 7),
    "2e identity": lambda: ce.build_2e(2, "identity", 3),
    "formula": lambda: ce.build_formula(
        "y * sum(sigmoid(W @ x + b)) + x @ x / 3 - sum(exp(-b)) * y",
        parse_variables("W = random(2, 3); x = [1, -0.5, 2]; b = [0.1, -0.2]; y = 1.5", 0),
    ),
}


def _values(example, leaf: str, entry: int, eps: float) -> list[np.ndarray]:
    """Every node's value (topological order) with one input number moved by ``eps``."""
    values = {k: np.array(v, dtype=float) for k, v in example.values.items()}
    values[leaf].reshape(-1)[entry] += eps
    return [np.asarray(v.value, dtype=float) for v in example.rebuild(values).topo()]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_node_tangent_matches_central_differences_for_every_input_number(name):
    example = EXAMPLES[name]()
    nodes = example.out.topo()
    eps = 1e-6
    for leaf, var in example.leaves.items():
        for entry in range(var.value.size):
            tangent = fw.tangents(example.out, fw.seed(example.leaves, leaf, entry))
            up, down = _values(example, leaf, entry, eps), _values(example, leaf, entry, -eps)
            for node, u, d in zip(nodes, up, down, strict=True):
                numeric = (u - d) / (2 * eps)
                got = tangent[id(node)]
                assert got.shape == node.value.shape
                where = f"{name}: d{node.label}/d{leaf}[{entry}]"
                np.testing.assert_allclose(got, numeric, rtol=1e-5, atol=1e-7, err_msg=where)
            # the output's tangent is one entry of the gradient reverse mode computed
            assert tangent[id(example.out)] == pytest.approx(
                var.grad.reshape(-1)[entry], rel=1e-9, abs=1e-12
            )


def test_forward_order_is_the_backward_order_reversed():
    for build in EXAMPLES.values():
        out = build().out
        backward = [v for v in reversed(out.topo()) if v is out or not v.constant]
        assert fw.forward_nodes(out) == list(reversed(backward))
        order = fw.forward_nodes(out)
        seen = set()
        for v in order:  # inputs first: every input of a node comes before it
            assert all(id(p) in seen or p.constant for p in v.parents)
            seen.add(id(v))


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_costs_of_the_whole_2e_gradient_counted_by_hand(d):
    example = ce.build_2e(d, "tanh", 0)
    n = fw.input_entries(example.leaves)
    assert n == 2 * d * d + 3 * d  # W1, W2 (d x d) and x, b, y (d)
    # values: two d x d products, +b, tanh, -y, square, sum (d each), times 0.5 (1)
    values = 2 * d * d + 5 * d + 1
    # derivatives: each product twice, binary elementwise ops twice, unary once
    derivs = 4 * d * d + 2 * d + d + 2 * d + d + d + 2
    costs = fw.mode_costs(example.out, n)
    assert costs["reverse"] == (2, 16, values + derivs)
    assert costs["forward"] == (n, 8 * n, n * (values + derivs))


def test_seed_and_entry_labels():
    example = ce.build_2e(2, "tanh", 0)
    seeds = fw.seed(example.leaves, "W1", 2)
    by_name = {leaf.name: t for leaf, t in seeds.items()}
    np.testing.assert_array_equal(by_name["W1"], [[0, 0], [1, 0]])
    assert not by_name["x"].any() and not by_name["W2"].any()
    assert fw.entry_label("W1", (2, 2), 2) == "W1[2,1]"
    assert fw.entry_label("x", (3,), 0) == "x[1]"
    assert fw.entry_label("w", (), 0) == "w"
