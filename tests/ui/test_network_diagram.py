"""The layered-network DOT: labels, group colours, edge encodings, validation."""

import re

import numpy as np
import pytest

from ui.network_diagram import (
    GROUP_FILLS,
    LEGEND,
    NEGATIVE,
    POSITIVE,
    ZERO,
    fmt,
    network_dot,
    sub,
    sup,
)


def node(dot: str, name: str) -> str:
    match = re.search(rf"^\s*{name} \[(.*)\];$", dot, re.M)
    assert match, name
    return match.group(1)


def edge(dot: str, a: str, b: str) -> str:
    match = re.search(rf"^\s*{a} -> {b} \[(.*)\];$", dot, re.M)
    assert match, (a, b)
    return match.group(1)


SIZES = (2, 3, 1)
W = [None, np.array([[0.5, -0.25, 0.0], [1.0, 2.0, -3.0]]), np.array([[1.5], [0.0], [-0.5]])]
X = [np.array([0.1, 0.2]), np.array([0.7, 0.7, 0.3]), np.array([0.9])]
D = [None, np.array([-0.01, -0.01, 0.02]), np.array([0.125])]


def test_unit_labels_show_values_and_deltas():
    dot = network_dot(SIZES, W, X, D)
    assert 'label="x₁⁽⁰⁾ = 0.1"' in node(dot, "L0_0")
    assert "δ" not in node(dot, "L0_1")  # inputs have no delta
    assert 'label="x₂⁽¹⁾ = 0.7\\nδ₂⁽¹⁾ = -0.01"' in node(dot, "L1_1")
    assert 'label="x₁⁽²⁾ = 0.9\\nδ₁⁽²⁾ = 0.125"' in node(dot, "L2_0")


def test_groups_share_fill_colours():
    dot = network_dot(SIZES, W, X, D, {1: [0, 0, 1]})
    fills = [re.search(r'fillcolor="([^"]+)"', node(dot, f"L1_{j}")).group(1) for j in range(3)]
    assert fills[0] == fills[1] == GROUP_FILLS[0]
    assert fills[2] == GROUP_FILLS[1] != fills[0]
    # layers without groups keep a neutral fill
    assert GROUP_FILLS[0] not in node(dot, "L2_0")


def test_edges_encode_sign_and_size_of_the_weight():
    dot = network_dot(SIZES, W, X, D, edge_labels=True)
    strong, weak = edge(dot, "L0_1", "L1_2"), edge(dot, "L0_0", "L1_1")  # -3 and -0.25
    assert f'color="{NEGATIVE}"' in strong and f'color="{NEGATIVE}"' in weak
    assert f'color="{POSITIVE}"' in edge(dot, "L0_0", "L1_0")
    assert f'color="{ZERO}"' in edge(dot, "L0_0", "L1_2") and "dashed" in edge(dot, "L0_0", "L1_2")

    def width(attrs):
        return float(re.search(r"penwidth=([\d.]+)", attrs).group(1))

    assert width(strong) > width(weak)
    assert 'label="-3"' in strong and 'tooltip="w₂₃⁽¹⁾ = -3"' in strong
    # W2 row 1 (unit 1 of layer 1) to output 1 = 1.5
    assert 'label="1.5"' in edge(dot, "L1_0", "L2_0")


def test_edge_labels_default_off_for_big_networks():
    small = network_dot(SIZES, W)
    assert 'label="0.5"' in small  # 9 edges: labelled
    big = network_dot((6, 8, 4), [None, np.ones((6, 8)), np.ones((8, 4))])
    assert 'label="1"' not in big and 'tooltip="w₁₁⁽¹⁾ = 1"' in big
    assert len(re.findall(r"^  L\d_\d+ -> L\d_\d+ \[", big, re.M)) == 6 * 8 + 8 * 4


def test_legend_and_title_caption():
    dot = network_dot(SIZES, W, title="step 3")
    assert f'label="step 3\\n{LEGEND}"' in dot
    assert LEGEND not in network_dot(SIZES, W, legend=False)


def test_plain_network_without_numbers():
    dot = network_dot((1, 1))
    assert 'label="x₁⁽⁰⁾"' in dot and "L0_0 -> L1_0" in dot


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(sizes=(3,)),
        dict(sizes=(2, 0, 1)),
        dict(sizes=SIZES, weights=[None, np.ones((3, 2)), None]),
        dict(sizes=SIZES, values=[np.ones(3)]),
        dict(sizes=SIZES, groups={1: [0, 1]}),
    ],
)
def test_bad_shapes_raise(kwargs):
    with pytest.raises(ValueError):
        network_dot(**kwargs)


def test_number_helpers():
    assert sub(12) == "₁₂" and sup("(3)") == "⁽³⁾"
    assert fmt(-0.0) == "0" and fmt(1.23456e-7) == "1.235e-07" and fmt(float("nan")) == "nan"
