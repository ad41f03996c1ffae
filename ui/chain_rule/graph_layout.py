"""A layered layout of a computation graph, computed once per graph (pixel coordinates).

Rank = longest path from the leaves (a leaf sits just before its first
consumer, so a constant does not hang far out on the left); the order within a
rank comes from a few sweeps that sort each rank by the mean position of its
neighbours, keeping the order with the fewest edge crossings; then every node
is pulled toward the mean position of its neighbours, without overlaps. An
edge that skips ranks bends through a thin dummy node in each rank it crosses,
so it runs between the boxes, not through them. Inputs are on the left ("LR")
or at the top ("TB").

Boxes are sized for their text at a nominal font size: a title ("x1 = +"), the
shape of an array, the value and, below it, room for the gradient (or the
tangent), so the boxes never move while stepping. Arrays show at most
``rows × cols`` numbers: :func:`fit_layout` picks the direction and the most
numbers that still fit the target width and height.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.graph import Var
from ui.chain_rule.node_text import array_lines, shape_text, shown_all, text_width, title_text

__all__ = ["LEVELS", "Layout", "fit_layout", "layout"]

LEVELS = ((8, 8), (4, 4), (3, 3), (2, 2), (1, 1))  # (rows, cols) of an array's numbers
LINE = 1.2  # line height, in font sizes
PAD_X, PAD_Y = 0.6, 0.3  # inner padding of a box, in font sizes
GAP = 1.1  # least gap between ranks, in font sizes (room for an arrowhead)
SPREAD = 0.7  # least gap between two boxes of one rank, in font sizes
MARGIN = 4.0  # px around the drawing
DUMMY = 0.5  # the room an edge takes where it passes a rank, in font sizes


@dataclass(frozen=True)
class Layout:
    """Where every node and edge goes (pixels at the nominal font size).

    Attributes
    ----------
    direction : str
        "LR" (inputs on the left) or "TB" (inputs at the top).
    rows, cols, maxel : int
        At most this many numbers of an array are written (see
        :func:`ui.chain_rule.node_text.array_lines`).
    width, height : float
        The drawing's extent; the chart maps it onto its own size.
    font : float
        The nominal font size the boxes were sized for.
    boxes : tuple of (x0, y0, x1, y1)
        One per node, in ``out.topo()`` order.
    slots : tuple of (title_y, shape_y or None, value_ys, deriv_ys)
        The y of each text line of each node (derivative lines stay empty until known).
    edges : tuple of (source, target, points)
        Node indices and the polyline ``((x, y), ...)`` from an input to the node it feeds.
    natural : tuple of float
        The least width and height the drawing needs at ``font``.
    """

    direction: str
    rows: int
    cols: int
    maxel: int
    width: float
    height: float
    font: float
    boxes: tuple
    slots: tuple
    edges: tuple
    natural: tuple = (0.0, 0.0)  # the least (width, height) the boxes need at ``font``

    @property
    def column(self) -> bool:
        """Vectors print as columns (left-right layouts) or rows (top-down)."""
        return self.direction == "LR"


class _Graph:
    """The nodes as indices, with a dummy node wherever an edge skips a rank."""

    def __init__(self, out: Var):
        self.nodes = out.topo()
        index = {id(v): i for i, v in enumerate(self.nodes)}
        n = len(self.nodes)
        parents = [[index[id(p)] for p in v.parents] for v in self.nodes]
        rank = [0] * n
        for i in range(n):
            if parents[i]:
                rank[i] = 1 + max(rank[p] for p in parents[i])
        consumers: list[list[int]] = [[] for _ in range(n)]
        for i in range(n):
            for p in parents[i]:
                consumers[p].append(i)
        for i in range(n):  # a leaf sits just before its first consumer
            if not parents[i] and consumers[i]:
                rank[i] = max(0, min(rank[c] for c in consumers[i]) - 1)
        self.n = n
        self.chains: list[tuple[int, int, list[int]]] = []  # (source, target, dummies)
        self.rank = rank
        self.up: list[list[int]] = [[] for _ in range(n)]  # neighbours toward the inputs
        self.down: list[list[int]] = [[] for _ in range(n)]  # neighbours toward the output
        for i in range(n):
            for p in parents[i]:
                dummies = []
                prev = p
                for r in range(rank[p] + 1, rank[i]):
                    d = len(self.rank)
                    self.rank.append(r)
                    self.up.append([prev])
                    self.down.append([])
                    self.down[prev].append(d)
                    dummies.append(d)
                    prev = d
                self.down[prev].append(i)
                self.up[i].append(prev)
                self.chains.append((p, i, dummies))
        self.size = len(self.rank)
        self.layers = [[i for i in range(self.size) if self.rank[i] == r]
                       for r in range(max(self.rank) + 1)]  # fmt: skip

    def links(self) -> list[tuple[int, int]]:
        return [(a, b) for a in range(self.size) for b in self.down[a]]


def _crossings(links: list[tuple[int, int]], pos: list[float], rank: list[int]) -> int:
    count = 0
    for k, (a, b) in enumerate(links):
        for c, d in links[k + 1 :]:
            if (
                rank[a] == rank[c]
                and a != c
                and b != d
                and (pos[a] - pos[c]) * (pos[b] - pos[d]) < 0
            ):
                count += 1
    return count


def _order(g: _Graph, sweeps: int = 6) -> list[list[int]]:
    """Node indices per rank, sorted by the mean position of their neighbours (barycentres)."""
    layers = [list(x) for x in g.layers]
    links = g.links()

    def positions(ls):
        pos = [0.0] * g.size
        for layer in ls:
            for k, i in enumerate(layer):
                pos[i] = (k + 0.5) / len(layer)
        return pos

    best, best_cross = [list(x) for x in layers], _crossings(links, positions(layers), g.rank)
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        for r in range(1, len(layers)) if down else range(len(layers) - 2, -1, -1):
            pos = positions(layers)
            keys = {}
            for i in layers[r]:
                near = (g.up[i] if down else g.down[i]) or g.up[i] + g.down[i]
                keys[i] = float(np.mean([pos[j] for j in near])) if near else pos[i]
            layers[r] = sorted(layers[r], key=lambda i: (keys[i], pos[i]))
        cross = _crossings(links, positions(layers), g.rank)
        if cross < best_cross:
            best, best_cross = [list(x) for x in layers], cross
    return best


def _place(layer: list[int], size: list[float], want: list[float], extent: float, gap: float):
    """Centres along the rank, in order, as close to ``want`` as the sizes allow."""
    c = [0.0] * len(layer)
    low = MARGIN
    for k, i in enumerate(layer):
        c[k] = max(want[i], low + size[i] / 2)
        low = c[k] + size[i] / 2 + gap
    high = extent - MARGIN
    for k in range(len(layer) - 1, -1, -1):  # push back inside the far edge
        i = layer[k]
        c[k] = min(c[k], high - size[i] / 2)
        high = c[k] - size[i] / 2 - gap
    if layer and c[0] - size[layer[0]] / 2 < MARGIN:  # too long: pack from the start
        low = MARGIN
        for k, i in enumerate(layer):
            c[k] = low + size[i] / 2
            low += size[i] + gap
    return c


def _prepared(out: Var) -> tuple[_Graph, list[list[int]]]:
    """The graph with its dummies and the order within each rank (the same for every level)."""
    g = _Graph(out)
    return g, _order(g)


def _node_lines(v: Var, rows: int, cols: int, column: bool, maxel: int):
    """(title, shape, n value lines, widest line in em) of one node, for sizing."""
    title = title_text(v)
    if v.constant and not v.parents:
        return title, "", 0, text_width(title, bold=True)
    shape = "" if shown_all(v.shape, rows, cols, column, maxel) else shape_text(v)
    template = np.full(v.value.shape, -0.123)  # the widest number num() writes
    lines = array_lines(template, rows, cols, column, maxel)
    widest = max(text_width(x) for x in lines)
    return title, shape, len(lines), max(widest, text_width(title, True), text_width(shape))


def layout(
    out: Var,
    direction: str,
    rows: int,
    cols: int,
    maxel: int,
    width: float,
    height: float,
    font: float,
    prepared: tuple | None = None,
) -> tuple[Layout, float]:
    """The layout for one direction and number budget, and how well it fits (scale <= 1).

    ``width`` and ``height`` are the target size in pixels; the drawing is spread
    out to fill it, and the returned scale is how much the text would have to
    shrink to fit (1.0: it fits at ``font``).
    """
    g, layers = _prepared(out) if prepared is None else prepared
    column = direction == "LR"
    sized = [_node_lines(v, rows, cols, column, maxel) for v in g.nodes]
    n_lines = [1 + bool(s[1]) + 2 * s[2] for s in sized]
    w = [(s[3] + 2 * PAD_X) * font for s in sized] + [DUMMY * font] * (g.size - g.n)
    h = [(k * LINE + 2 * PAD_Y) * font for k in n_lines] + [DUMMY * font] * (g.size - g.n)
    along, across = (w, h) if column else (h, w)  # along the flow, across the ranks
    target_along, target_across = (width, height) if column else (height, width)
    depth = [max(along[i] for i in layer if i < g.n) for layer in layers]
    if column:  # one width per column: tidier
        w = [depth[g.rank[i]] for i in range(g.n)] + w[g.n :]
    spread = SPREAD * font
    need_along = sum(depth) + GAP * font * (len(layers) - 1) + 2 * MARGIN
    need_across = max(
        sum(across[i] for i in layer) + spread * (len(layer) - 1) + 2 * MARGIN for layer in layers
    )
    scale = min(1.0, target_along / need_along, target_across / need_across)
    extent_along, extent_across = max(target_along, need_along), max(target_across, need_across)
    gap = GAP * font
    if len(layers) > 1:
        gap += (extent_along - need_along) / (len(layers) - 1)
    start, pos_along = MARGIN + (extent_along - need_along if len(layers) == 1 else 0) / 2, []
    for d in depth:
        pos_along.append(start + d / 2)
        start += d + gap
    cross = [extent_across / 2] * g.size
    for layer in layers:
        for k, c in enumerate(_place(layer, across, cross, extent_across, spread)):
            cross[layer[k]] = c
    neighbours = [g.up[i] + g.down[i] for i in range(g.size)]
    for _ in range(8):
        for layer in layers:
            want = list(cross)
            for i in layer:
                if neighbours[i]:
                    want[i] = sum(cross[j] for j in neighbours[i]) / len(neighbours[i])
            for k, c in enumerate(_place(layer, across, want, extent_across, spread)):
                cross[layer[k]] = c
    lo = min(cross[i] - across[i] / 2 for i in range(g.size))
    hi = max(cross[i] + across[i] / 2 for i in range(g.size))
    shift = (extent_across - (hi - lo)) / 2 - lo  # centre the drawing across the ranks
    cross = [c + shift for c in cross]

    def point(i: int) -> tuple[float, float]:
        a = pos_along[g.rank[i]]
        return (a, cross[i]) if column else (cross[i], a)

    boxes, slots = [], []
    for i in range(g.n):
        cx, cy = point(i)
        x0, x1, y0, y1 = cx - w[i] / 2, cx + w[i] / 2, cy - h[i] / 2, cy + h[i] / 2
        boxes.append((x0, y0, x1, y1))
        step = LINE * font
        y = y0 + (PAD_Y + LINE / 2) * font
        title_y, y = y, y + step
        shape_y = None
        if sized[i][1]:
            shape_y, y = y, y + step
        k = sized[i][2]
        slots.append((title_y, shape_y, tuple(y + j * step for j in range(k)),
                      tuple(y + (k + j) * step for j in range(k))))  # fmt: skip
    edges = []
    for source, target, dummies in g.chains:
        sx0, sy0, sx1, sy1 = boxes[source]
        tx0, ty0, tx1, ty1 = boxes[target]
        ins = g.up[target]
        share = (ins.index(dummies[-1] if dummies else source) + 1) / (len(ins) + 1)
        if column:
            start_pt = (sx1, (sy0 + sy1) / 2)
            end_pt = (tx0, ty0 + share * (ty1 - ty0))
        else:
            start_pt = ((sx0 + sx1) / 2, sy1)
            end_pt = (tx0 + share * (tx1 - tx0), ty0)
        middle = [point(d) for d in dummies]
        edges.append((source, target, (start_pt, *middle, end_pt)))
    size = (extent_along, extent_across) if column else (extent_across, extent_along)
    natural = (need_along, need_across) if column else (need_across, need_along)
    result = Layout(direction, rows, cols, maxel, size[0], size[1], font, tuple(boxes),
                    tuple(slots), tuple(edges), natural)  # fmt: skip
    return result, scale


def fit_layout(
    out: Var, directions: Sequence[str], maxel: int, width: float, height: float, font: float
) -> tuple[Layout, float]:
    """The layout showing the most numbers per array that fits ``width`` × ``height``.

    Tries every level of :data:`LEVELS` (most numbers first) in each of
    ``directions`` ("LR", "TB"); the first that fits at ``font`` wins (of two
    directions fitting at one level, the roomier). If none fits, the one that
    needs the least shrinking. Returns the layout and that shrink factor (1: fits).
    """
    best = None
    prepared = _prepared(out)
    for level, (rows, cols) in enumerate(LEVELS):
        fits = []
        for direction in directions:
            lay, scale = layout(out, direction, rows, cols, maxel, width, height, font, prepared)
            if scale >= 1.0:
                fits.append((_room(lay, width, height), lay))
            if best is None or (scale, level) >= best[:2]:
                best = (scale, level, lay)
        if fits:  # the first direction that fits (LR before TB in "auto")
            return fits[0][1], 1.0
    return best[2], best[0]


def _room(lay: Layout, width: float, height: float) -> float:
    """How much empty space a fitting layout leaves (more: boxes less crowded)."""
    area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in lay.boxes)
    return 1.0 - area / (width * height)
