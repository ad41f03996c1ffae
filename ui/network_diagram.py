"""DOT source of a layered, fully connected network drawn with its numbers.

Each unit is a box showing its value ``x_j^(l)`` and (optionally) its delta
``delta_j^(l)``; each edge ``i -> j`` into layer l carries the weight
``w_ij^(l) = W[l][i, j]`` (part 1's convention: rows = from, columns = to) as
its colour (orange positive, blue negative, grey zero), thickness (|w|) and,
for small networks, a label. Units can be grouped (e.g. hidden units that are
identical): every unit of a group gets the same fill colour, so clone units
are visibly the same. Used by the symmetry page; any page may reuse it.

Layer-indexed sequences follow core.network: index l = 0..L, index 0 is the
input (``weights[0]`` and ``deltas[0]`` are ignored / None).
"""

# ruff: noqa: E741  (l is the worksheet's layer index)
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

# Fill colours per group: Okabe-Ito hues as light tints (alpha 0x55) so the
# black text on them stays readable on a projector.
GROUP_FILLS = (
    "#E69F0066",
    "#56B4E966",
    "#009E7366",
    "#CC79A766",
    "#F0E44299",
    "#0072B255",
    "#D55E0055",
    "#99999966",
)
NEUTRAL_FILL = "#FFFFFF"
INPUT_FILL = "#EEF2F7"
POSITIVE = "#E08214"  # the orange end of theme.WEIGHT_SCHEME ("blueorange")
NEGATIVE = "#2166AC"  # its blue end
ZERO = "#9E9E9E"
MAX_EDGE_LABELS = 12  # more edges than this: weights only in tooltips
LEGEND = (
    "same fill colour = identical units · edge colour: orange w > 0, blue w < 0 · thickness ∝ |w|"
)

_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_SUP = str.maketrans("0123456789()-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻")
_LAYER_NAMES = {0: "input"}


def sub(n: int) -> str:
    """Unicode subscript digits, e.g. ``sub(12) == "₁₂"``."""
    return str(n).translate(_SUB)


def sup(text: str | int) -> str:
    """Unicode superscript, e.g. ``sup("(1)") == "⁽¹⁾"``."""
    return str(text).translate(_SUP)


def fmt(value: float, digits: int = 4) -> str:
    """A number with ``digits`` significant digits, "-0" shown as "0"."""
    value = float(value)
    if value == 0.0:
        return "0"
    if not np.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _vector(seq: Sequence | None, l: int, width: int, name: str) -> np.ndarray | None:
    if seq is None or l >= len(seq) or seq[l] is None:
        return None
    v = np.asarray(seq[l], dtype=float).reshape(-1)
    if v.shape != (width,):
        raise ValueError(f"{name}[{l}] must have {width} entries, got shape {v.shape}")
    return v


def _layer_title(l: int, L: int) -> str:
    if l == 0:
        return f"input x{sup('(0)')}"
    if l == L:
        return f"output x{sup(f'({l})')}"
    return f"hidden x{sup(f'({l})')}"


def _edge_attrs(w: float, wmax: float, label: bool, i: int, j: int, l: int) -> str:
    colour = POSITIVE if w > 0 else NEGATIVE if w < 0 else ZERO
    width = 0.6 + 4.0 * abs(w) / wmax if wmax > 0 else 1.0
    name = f"w{sub(i + 1)}{sub(j + 1)}{sup(f'({l})')}"
    attrs = [
        f'color="{colour}"',
        f"penwidth={width:.2f}",
        f'tooltip="{_esc(f"{name} = {fmt(w, 6)}")}"',
    ]
    if w == 0:
        attrs.append("style=dashed")
    if label:
        attrs += [f'label="{fmt(w, 3)}"', f'fontcolor="{colour}"']
    return ", ".join(attrs)


def network_dot(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray | None] | None = None,
    values: Sequence[np.ndarray | None] | None = None,
    deltas: Sequence[np.ndarray | None] | None = None,
    groups: Mapping[int, Sequence[int]] | None = None,
    *,
    title: str = "",
    digits: int = 4,
    edge_labels: bool | None = None,
    legend: bool = True,
) -> str:
    """DOT source of the network with unit values, deltas and edge weights.

    Parameters
    ----------
    sizes : sequence of int, (d0, d1, ..., dL)
        Units per layer, L >= 1.
    weights : sequence, optional
        ``weights[l]`` ndarray of shape (d[l-1], d[l]) for l = 1..L
        (``weights[0]`` ignored); ``None`` draws plain grey edges.
    values : sequence, optional
        ``values[l]`` ndarray of shape (d[l],): x_j^(l) of ONE example, l = 0..L.
    deltas : sequence, optional
        ``deltas[l]`` ndarray of shape (d[l],): delta_j^(l) of the same example,
        l = 1..L (``deltas[0]`` ignored).
    groups : mapping, optional
        ``groups[l]`` sequence of d[l] ints: units with the same int get the
        same fill colour (group 0 the first colour, ...). Layers without an
        entry get a neutral fill.
    title : str
        First line of the caption below the drawing.
    digits : int
        Significant digits of the numbers in the unit labels.
    edge_labels : bool, optional
        Print each weight on its edge; default: only when there are at most
        ``MAX_EDGE_LABELS`` edges (weights are always in the edge tooltips).
    legend : bool
        Add :data:`LEGEND` (colours and thickness explained) to the caption.

    Returns
    -------
    str
        DOT source for ``st.graphviz_chart``. Unit labels read
        ``"x₁⁽¹⁾ = 0.6162\\nδ₁⁽¹⁾ = -0.01234"``; node ids are ``L{l}_{j}``
        (j from 0).
    """
    sizes = [int(d) for d in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two layers of >= 1 unit, got {sizes}")
    L = len(sizes) - 1
    groups = dict(groups or {})
    n_edges = sum(sizes[l - 1] * sizes[l] for l in range(1, L + 1))
    if edge_labels is None:
        edge_labels = n_edges <= MAX_EDGE_LABELS
    mats = {}
    for l in range(1, L + 1):
        if weights is not None and l < len(weights) and weights[l] is not None:
            W = np.asarray(weights[l], dtype=float)
            if W.shape != (sizes[l - 1], sizes[l]):
                raise ValueError(
                    f"weights[{l}] must have shape {(sizes[l - 1], sizes[l])}, got {W.shape}"
                )
            mats[l] = W
    finite = [np.abs(W[np.isfinite(W)]) for W in mats.values()]
    wmax = max((float(a.max()) for a in finite if a.size), default=0.0)
    caption = "\n".join(t for t in (title, LEGEND if legend else "") if t)

    lines = [
        "digraph network {",
        '  graph [rankdir=LR, bgcolor="transparent", nodesep=0.25, ranksep=1.1, '
        'fontname="Helvetica", fontsize=16, newrank=true'
        + (f', label="{_esc(caption)}", labelloc=b' if caption else "")
        + "];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=18, '
        'color="#333333", penwidth=1.3, margin="0.12,0.06"];',
        '  edge [fontname="Helvetica", fontsize=12, arrowsize=0.6];',
    ]
    for l, width in enumerate(sizes):
        x = _vector(values, l, width, "values")
        delta = _vector(deltas, l, width, "deltas") if l > 0 else None
        labels = groups.get(l)
        if labels is not None and len(labels) != width:
            raise ValueError(f"groups[{l}] must have {width} entries, got {len(labels)}")
        # One rank per layer, its title on top and the units chained by
        # invisible edges, so units are drawn in index order (clusters let
        # Graphviz rotate them).
        lines.append(f"  subgraph layer_{l} {{")
        lines.append("    rank=same;")
        lines.append(
            f'    T{l} [label="{_esc(_layer_title(l, L))}", shape=plaintext, style="", '
            'fontsize=16, fontcolor="#555555"];'
        )
        for j in range(width):
            tag = f"{sub(j + 1)}{sup(f'({l})')}"
            text = [f"x{tag} = {fmt(x[j], digits)}" if x is not None else f"x{tag}"]
            if delta is not None:
                text.append(f"δ{tag} = {fmt(delta[j], digits)}")
            if labels is not None:
                fill = GROUP_FILLS[int(labels[j]) % len(GROUP_FILLS)]
            else:
                fill = INPUT_FILL if l == 0 else NEUTRAL_FILL
            tip = f"unit {j + 1} of layer {l}"
            if labels is not None:
                tip += f", group {int(labels[j]) + 1}"
            lines.append(
                f'    L{l}_{j} [label="{_esc(chr(10).join(text))}", fillcolor="{fill}", '
                f'tooltip="{_esc(tip)}"];'
            )
        chain = " -> ".join([f"T{l}"] + [f"L{l}_{j}" for j in range(width)])
        lines.append(f"    {chain} [style=invis];")
        lines.append("  }")
    for l in range(1, L + 1):
        W = mats.get(l)
        for i in range(sizes[l - 1]):
            for j in range(sizes[l]):
                if W is None:
                    attrs = f'color="{ZERO}"'
                else:
                    attrs = _edge_attrs(float(W[i, j]), wmax, edge_labels, i, j, l)
                lines.append(f"  L{l - 1}_{i} -> L{l}_{j} [{attrs}];")
    lines.append("}")
    return "\n".join(lines)
