"""Weight-matrix heatmaps: one builder used by every page that shows weights.

Rows are ``i`` (the unit weights come FROM, layer l-1) and columns ``j`` (the
unit they go TO, layer l), as in the worksheet's part 1: ``w_ij = W[i, j]``.
Colours use :data:`ui.theme.WEIGHT_SCHEME`, symmetric around zero; pass a
shared ``domain`` so side-by-side charts are comparable.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import theme


def matrix_frame(matrix: np.ndarray) -> pd.DataFrame:
    """Long table of a matrix: columns i, j, value.

    Parameters
    ----------
    matrix : ndarray of shape (rows, cols), or (cols,) for a bias vector
    """
    m = np.atleast_2d(np.asarray(matrix, dtype=float))
    ii, jj = np.indices(m.shape)
    return pd.DataFrame({"i": ii.ravel(), "j": jj.ravel(), "value": m.ravel()})


def weight_heatmap(
    matrix: np.ndarray,
    title: str,
    *,
    domain: list[float] | None = None,
    row_title: str = "i (from unit, layer l-1)",
    col_title: str = "j (to unit, layer l)",
    cell: int = 38,
    show_values: bool = True,
) -> alt.Chart:
    """A heatmap of one weight (or gradient) matrix with the shared scale.

    Parameters
    ----------
    matrix : ndarray of shape (rows, cols), or (cols,) for a bias vector
    title : str
        Chart title, e.g. ``"W^(1) at step 10"``.
    domain : [lo, hi], optional
        Colour domain; defaults to a symmetric one covering ``matrix``.
    cell : int
        Cell size in pixels.
    show_values : bool
        Print each number in its cell (small matrices only).
    """
    data = matrix_frame(matrix)
    domain = domain or theme.symmetric_domain(data["value"].to_numpy())
    rows, cols = np.atleast_2d(np.asarray(matrix)).shape
    base = alt.Chart(data, title=title).encode(
        x=alt.X("j:O", title=col_title),
        y=alt.Y("i:O", title=row_title),
    )
    rect = base.mark_rect(stroke="#666", strokeWidth=0.5).encode(
        color=alt.Color(
            "value:Q",
            scale=alt.Scale(scheme=theme.WEIGHT_SCHEME, domain=domain, domainMid=0),
            legend=alt.Legend(title="value", orient="right"),
        ),
        tooltip=[
            alt.Tooltip("i:O", title="i (from)"),
            alt.Tooltip("j:O", title="j (to)"),
            alt.Tooltip("value:Q", format=".6g"),
        ],
    )
    layers = [rect]
    if show_values and rows * cols <= 64:
        layers.append(
            base.mark_text(fontSize=theme.FONT_SIZE - 3).encode(
                text=alt.Text("value:Q", format=".3g")
            )
        )
    return alt.layer(*layers).properties(width=max(cell * cols, 80), height=max(cell * rows, 40))
