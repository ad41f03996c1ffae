"""Graphviz DOT source for a :mod:`core.graph` computation graph (text only, no rendering).

One record node per Var: its name and/or op, its shape, its value and (when
shown) its grad. Edges run from inputs to the node they feed; a Var used twice
gets two edges. Everything user-provided is escaped, so any name is safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # core.graph imports this module for Var.to_dot: no import cycle at run time
    from core.graph import Var

__all__ = ["escape_label", "format_array", "to_dot"]

_RECORD_SPECIALS = '"{}|<>'
_HIGHLIGHT = {"penwidth": "3", "color": "#d62728", "fillcolor": "#fff2b3"}
_FILL = {"leaf": "#dbe9f6", "const": "#eeeeee", "op": "#ffffff"}


def escape_label(text: str) -> str:
    """Escape text for a field of a DOT record label inside double quotes.

    Backslashes are doubled, record specials ``" { } | < >`` get a backslash,
    and control characters (newlines included) become spaces.
    """
    out = []
    for ch in str(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch in _RECORD_SPECIALS:
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _num(x: float) -> str:
    return f"{float(x):.4g}"


def format_array(value, max_elements: int = 12) -> list[str]:
    """Lines of text for an array: all numbers (4 significant digits) if it has at
    most ``max_elements`` entries, else its first few numbers, "…" and min/max.

    Parameters
    ----------
    value : array_like of any shape
    max_elements : int
        Largest size printed in full.

    Returns
    -------
    list of str
        One line per matrix row for small 2-D arrays, otherwise one or two lines.
    """
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return [_num(a)]
    flat = a.ravel()
    if a.size <= max(max_elements, 0):
        if a.ndim == 2 and a.shape[0] > 1:
            return ["[" + ", ".join(_num(x) for x in row) + "]" for row in a]
        return ["[" + ", ".join(_num(x) for x in flat) + "]"]
    head = ", ".join(_num(x) for x in flat[: min(3, max(max_elements, 1))])
    known = flat[~np.isnan(flat)]
    lo, hi = (known.min(), known.max()) if known.size else (np.nan, np.nan)
    return [f"[{head}, …]", f"min {_num(lo)}  max {_num(hi)}"]


def _key(x) -> int:
    return x if isinstance(x, int) else id(x)


def _shown_grads(nodes: list[Var], show_grad) -> dict[int, np.ndarray]:
    """Which nodes show a grad, and which array: see :func:`to_dot`."""
    by_id = {id(v): v for v in nodes}
    if show_grad is None:
        return {id(v): v.grad for v in nodes if v.has_grad}
    if isinstance(show_grad, Mapping):
        return {_key(k): np.asarray(g) for k, g in show_grad.items() if _key(k) in by_id}
    if hasattr(show_grad, "topo") or not isinstance(show_grad, Iterable):  # one Var
        show_grad = [show_grad]
    return {_key(k): by_id[_key(k)].grad for k in show_grad if _key(k) in by_id}


def _label(v: Var, grad, max_elements: int) -> str:
    if v.name and v.op:
        title = f"{v.name} = {v.op}"
    else:
        title = v.label
    shape = "scalar" if v.value.ndim == 0 else "shape " + "×".join(str(n) for n in v.shape)
    fields = [escape_label(title), escape_label(shape)]
    fields.append(_lines("value", v.value, max_elements))
    if grad is not None:
        fields.append(_lines("grad", grad, max_elements))
    return "|".join(fields)


def _lines(prefix: str, value, max_elements: int) -> str:
    first, *rest = format_array(value, max_elements)
    return "\\n".join(escape_label(line) for line in [f"{prefix} {first}", *rest])


def to_dot(
    out: Var,
    max_elements: int = 12,
    *,
    highlight=None,
    show_grad=None,
    rankdir: str = "LR",
) -> str:
    """DOT source of the graph that ends at ``out``.

    Parameters
    ----------
    out : Var
        The output; every Var it depends on is drawn (ids ``n0, n1, ...`` in
        topological order).
    max_elements : int
        Arrays with more entries are abbreviated (first numbers, "…", min/max).
    highlight : Var or int, optional
        A Var (or its ``id()``) drawn with a thick red border: the stepper's
        current node.
    show_grad : None, iterable of Var/int, or mapping Var/int -> array
        None shows the grad of every node that a backward() has filled; an
        iterable shows only those nodes' ``.grad``; a mapping shows the given
        arrays (e.g. :func:`core.graph.grads_after`, for partial sums).
    rankdir : {"LR", "TB"}
        Direction of the layout.

    Returns
    -------
    str
        ``digraph G { ... }``, ready for ``st.graphviz_chart``.
    """
    nodes = out.topo()
    ids = {id(v): f"n{i}" for i, v in enumerate(nodes)}
    grads = _shown_grads(nodes, show_grad)
    hot = None if highlight is None else _key(highlight)
    lines = [
        "digraph G {",
        f"  rankdir={'TB' if rankdir == 'TB' else 'LR'};",
        '  node [shape=record, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [color="#555555"];',
    ]
    for v in nodes:
        kind = "op" if v.parents else ("const" if v.constant else "leaf")
        attrs = {"label": _label(v, grads.get(id(v)), max_elements), "fillcolor": _FILL[kind]}
        if kind == "const":
            attrs["style"] = "rounded,filled,dashed"
        if id(v) == hot:
            attrs.update(_HIGHLIGHT)
        body = ", ".join(f'{k}="{a}"' for k, a in attrs.items())
        lines.append(f"  {ids[id(v)]} [{body}];")
    for v in nodes:
        lines.extend(f"  {ids[id(p)]} -> {ids[id(v)]};" for p in v.parents)
    lines.append("}")
    return "\n".join(lines) + "\n"
