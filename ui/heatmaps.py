"""Weight-matrix heatmaps: one builder used by every page that shows weights.

Rows are ``i`` (the unit weights come FROM, layer l-1) and columns ``j`` (the
unit they go TO, layer l), as in the worksheet's part 1: ``w_ij = W[i, j]``.
Colours use :data:`ui.theme.WEIGHT_SCHEME`, symmetric around zero; pass a
shared ``domain`` so side-by-side charts are comparable.

:func:`weight_heatmap` draws one matrix. :func:`scrub_heatmaps` draws every
layer's ``W`` and ``b`` (and their gradients) for one or more runs side by side,
with an iteration slider that lives in the browser (a Vega-Lite param bound to
a range input): moving it filters the data already on the page, so scrubbing
reruns nothing on the server.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui import theme

STEP_PARAM = "iteration"
"""Name of the browser-side slider param (a JavaScript identifier)."""

BIAS_ROW = "b"
"""Row label of the bias row drawn under each weight matrix."""

GROUPS = {"weights": ("W", "b"), "gradients": ("dW", "db")}
"""Heatmap group -> (matrix kind, bias kind) as in core.history's ``kind`` column."""

_TEXT_DARK_FRACTION = 0.55  # cells beyond this share of the domain get white text


def matrix_frame(matrix: np.ndarray) -> pd.DataFrame:
    """Long table of a matrix: columns i, j, value.

    Parameters
    ----------
    matrix : ndarray of shape (rows, cols), or (cols,) for a bias vector
    """
    m = np.atleast_2d(np.asarray(matrix, dtype=float))
    ii, jj = np.indices(m.shape)
    return pd.DataFrame({"i": ii.ravel(), "j": jj.ravel(), "value": m.ravel()})


def colour_scale(domain: Sequence[float]) -> alt.Scale:
    """The shared diverging weight scale over ``domain`` (clamped, midpoint 0)."""
    return alt.Scale(
        scheme=theme.WEIGHT_SCHEME, domain=list(domain), domainMid=0, clamp=True
    )


def _text_colour(domain: Sequence[float]) -> alt.Color:
    cut = _TEXT_DARK_FRACTION * max(abs(domain[0]), abs(domain[1]))
    return alt.condition(f"abs(datum.value) > {cut!r}", alt.value("white"), alt.value("black"))


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
            scale=colour_scale(domain),
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
                text=alt.Text("value:Q", format=".3g"), color=_text_colour(domain)
            )
        )
    return alt.layer(*layers).properties(width=max(cell * cols, 80), height=max(cell * rows, 40))


def scrub_table(columns_by_run: dict[str, dict[str, np.ndarray]]) -> pd.DataFrame:
    """One long table for :func:`scrub_heatmaps` from several runs' history columns.

    Parameters
    ----------
    columns_by_run : dict of run label -> columns
        Each value is the output of ``core.history.history_to_columns`` (1-D
        arrays ``step``, ``layer``, ``kind``, ``i``, ``j``, ``value`` of equal
        length, grouped by layer, kind, record).

    Returns
    -------
    DataFrame with columns run, step, until, layer, kind, row, j, value
        ``row`` is ``str(i)`` for W/dW and :data:`BIAS_ROW` for b/db; ``until``
        is the next recorded step of that run (``step + 1`` for the last), so
        the record shown at slider value ``s`` is the one with
        ``step <= s < until`` (exactly one per cell, even when records are
        uneven).
    """
    frames = []
    for run, cols in columns_by_run.items():
        steps = np.asarray(cols["step"], dtype=np.int64)
        recorded = np.unique(steps)
        following = np.append(recorded[1:], recorded[-1] + 1) if recorded.size else recorded
        until = following[np.searchsorted(recorded, steps)] if steps.size else steps
        kind = np.asarray(cols["kind"]).astype(str)
        is_bias = np.isin(kind, ("b", "db"))
        row = np.where(is_bias, BIAS_ROW, np.asarray(cols["i"]).astype(str))
        frames.append(
            pd.DataFrame(
                {
                    "run": run,
                    "step": steps,
                    "until": until,
                    "layer": np.asarray(cols["layer"], dtype=np.int64),
                    "kind": kind,
                    "row": row,
                    "j": np.asarray(cols["j"], dtype=np.int64),
                    "value": np.asarray(cols["value"], dtype=np.float64),
                }
            )
        )
    if not frames:
        raise ValueError("scrub_table needs at least one run")
    return pd.concat(frames, ignore_index=True)


def _group_chart(
    sizes: Sequence[int],
    layer: int,
    group: str,
    *,
    runs: Sequence[str],
    domain: Sequence[float],
    cell: int,
    show_values: bool,
    legend: bool,
    title: str | alt.ExprRef,
) -> alt.FacetChart:
    """One layer's matrix plus bias row, one facet column per run."""
    kind, bias_kind = GROUPS[group]
    rows = [str(i) for i in range(sizes[layer - 1])] + [BIAS_ROW]
    cols = sizes[layer]
    label = "value" if group == "weights" else "gradient"
    base = alt.Chart().encode(
        x=alt.X("j:O", title="j (to unit)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("row:O", sort=rows, scale=alt.Scale(domain=rows), title="i (from) · b = bias"),
    )
    rect = base.mark_rect(stroke="#666", strokeWidth=0.5).encode(
        color=alt.Color(
            "value:Q",
            scale=colour_scale(domain),
            legend=alt.Legend(title=label, orient="right", gradientLength=120) if legend else None,
        ),
        tooltip=[
            alt.Tooltip("run:N", title="init"),
            alt.Tooltip("step:Q", title="step"),
            alt.Tooltip("kind:N", title="matrix"),
            alt.Tooltip("row:O", title="i (from) / b"),
            alt.Tooltip("j:O", title="j (to)"),
            alt.Tooltip("value:Q", format=".6g"),
        ],
    )
    layers = [rect]
    if show_values and len(rows) * cols <= 48:
        layers.append(
            base.mark_text(fontSize=theme.FONT_SIZE - 5).encode(
                text=alt.Text("value:Q", format=".2g"), color=_text_colour(domain)
            )
        )
    chart = alt.layer(*layers).properties(width=cell * cols, height=cell * len(rows))
    return chart.facet(
        column=alt.Column(
            "run:N",
            sort=list(runs),
            title=None,
            header=alt.Header(labelFontSize=theme.FONT_SIZE, labelFontWeight="bold"),
        ),
    ).transform_filter(
        f"datum.layer == {int(layer)} && (datum.kind == '{kind}' || datum.kind == '{bias_kind}')"
    ).properties(title=title)


def scrub_heatmaps(
    table: pd.DataFrame,
    sizes: Sequence[int],
    *,
    runs: Sequence[str],
    weight_domain: Sequence[float],
    grad_domain: Sequence[float],
    last_step: int,
    step: int | None = None,
    cell: int = 38,
    show_values: bool = True,
) -> alt.VConcatChart:
    """Every layer's W with its bias row and dW with db, per run, at one iteration.

    Parameters
    ----------
    table : DataFrame
        From :func:`scrub_table` (columns run, step, until, layer, kind, row,
        j, value).
    sizes : sequence of int
        (d0, ..., dL): the matrix shapes.
    runs : sequence of str
        Run labels in display order (one facet column each, left to right).
    weight_domain, grad_domain : [lo, hi]
        The ONE colour domain for all W and b (every run, layer and step), and
        the one for all dW and db: same colour, same number, everywhere.
    last_step : int
        The slider's maximum (the last recorded step).
    step : int, optional
        When given, draw that iteration only (rows with ``step <= s < until``,
        filtered here on the server, no slider): the autoplay view.
        Otherwise the browser slider param :data:`STEP_PARAM` chooses it.
    cell : int
        Cell size in pixels.
    show_values : bool
        Print the numbers in the cells of small matrices.

    Returns
    -------
    alt.VConcatChart
        One row per layer l: [W^(l) and b^(l) | dW^(l) and db^(l)], each with
        one column per run. Data is the chart's top-level dataset.
    """
    L = len(sizes) - 1
    if step is None:
        last = max(int(last_step), 1)  # a range input needs max > min
        param = alt.param(
            name=STEP_PARAM,
            value=0,
            bind=alt.binding_range(min=0, max=last, step=1, name="iteration (step) "),
        )
        where = f"datum.step <= {STEP_PARAM} && {STEP_PARAM} < datum.until"
        data = table
    else:
        s = int(step)
        data = table[(table["step"] <= s) & (s < table["until"])]
    rows = []
    for layer in range(1, L + 1):
        pair = []
        for group, domain in (("weights", weight_domain), ("gradients", grad_domain)):
            name = (
                f"W⁽{layer}⁾ and b⁽{layer}⁾"
                if group == "weights"
                else f"gradients ∂L/∂W⁽{layer}⁾, ∂L/∂b⁽{layer}⁾"
            )
            if step is None:
                title = alt.Title(
                    text=alt.expr(f"'{name} at step ' + {STEP_PARAM}"),
                    fontSize=theme.TITLE_SIZE - 2,
                    anchor="start",
                )
            else:
                title = alt.Title(
                    text=f"{name} at step {int(step)}",
                    fontSize=theme.TITLE_SIZE - 2,
                    anchor="start",
                )
            pair.append(
                _group_chart(
                    sizes,
                    layer,
                    group,
                    runs=runs,
                    domain=domain,
                    cell=cell,
                    show_values=show_values,
                    legend=layer == 1,
                    title=title,
                )
            )
        rows.append(alt.hconcat(*pair, spacing=28))
    chart = alt.vconcat(*rows, data=data, spacing=18).resolve_scale(color="independent")
    if step is None:
        chart = chart.add_params(param).transform_filter(where)
    return chart.configure_axis(
        labelFontSize=theme.FONT_SIZE - 3, titleFontSize=theme.FONT_SIZE - 3
    ).configure_legend(labelFontSize=theme.FONT_SIZE - 4, titleFontSize=theme.FONT_SIZE - 3)
