"""Weight-matrix heatmaps: one builder used by every page that shows weights.

Rows are ``i`` (the unit weights come FROM, layer l-1) and columns ``j`` (the
unit they go TO, layer l), as in the worksheet's part 1: ``w_ij = W[i, j]``.
Colours use :data:`ui.theme.WEIGHT_SCHEME`, symmetric around zero; pass a
shared ``domain`` so side-by-side charts are comparable.

:func:`weight_heatmap` draws one matrix. :func:`scrub_heatmaps` draws every
layer's ``W``, ``b`` and their gradients for several runs side by side, with an
iteration slider that lives in the browser (a Vega-Lite param bound to a range
input): it filters the data already on the page, so scrubbing reruns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui import theme

STEP_PARAM = "iteration"  # name of the browser-side slider param (a JavaScript identifier)

SLIDER_CSS = """<style>
.vega-bindings .vega-bind-name { font-size: 1.05rem; font-weight: 600; }
.vega-bindings input[type="range"] { width: min(480px, 60vw); vertical-align: middle; }
</style>"""
"""CSS for a wide, readable browser-side slider (give it to ``st.html`` once)."""

BIAS_ROW = "b"
"""Row label of the bias row drawn under each weight matrix."""

GROUPS = {"weights": ("W", "b"), "gradients": ("dW", "db")}
"""Heatmap group -> (matrix kind, bias kind) as in core.history's ``kind`` column."""

MIN_PANEL_WIDTH = 130  # pixels: room for a run name above a one-column matrix
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TEXT_DARK_FRACTION = 0.55  # cells beyond this share of the domain get white text
# cell text: 2 significant digits, tiny numbers as 1 digit + exponent (fits a cell)
_LABEL = "abs(datum.value) >= 0.01 || datum.value == 0 ? format(datum.value, '.2~g') : format(datum.value, '.0e')"  # noqa: E501
_LAST = np.iinfo(np.int32).max  # "until" of a run's last record
_INDEPENDENT = {"scale": {"color": "independent"}}  # weights and gradients: own scales
_COMPACT = dict(run="category", step="int32", until="int32", layer="int8", kind="category",
                row="category", j="int16")  # fmt: skip
_TOOLTIP = (("run", "nominal", "init"), ("step", "quantitative", "step"),
            ("kind", "nominal", "matrix"), ("row", "ordinal", "i (from) or b"),
            ("j", "ordinal", "j (to)"))  # fmt: skip


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
    return alt.Scale(scheme=theme.WEIGHT_SCHEME, domain=list(domain), domainMid=0, clamp=True)


def _text_colour(domain: Sequence[float]) -> dict:
    """Text colour channel: white on the dark ends of the scale, black elsewhere."""
    cut = _TEXT_DARK_FRACTION * max(abs(float(domain[0])), abs(float(domain[1])))
    return {"condition": {"test": f"abs(datum.value) > {cut!r}", "value": "white"},
            "value": "black"}  # fmt: skip


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

    Labels are categorical and integers small (a compact Arrow table).

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
        is the next recorded step of that run (a huge number for the last, which
        so stays on show past a run that stopped early), so the record shown
        at slider value ``s`` is the one with ``step <= s < until`` (exactly
        one per cell, even when records are uneven).
    """
    frames = []
    for run, cols in columns_by_run.items():
        steps = np.asarray(cols["step"], dtype=np.int64)
        recorded = np.unique(steps)
        following = np.append(recorded[1:], _LAST) if recorded.size else recorded
        until = following[np.searchsorted(recorded, steps)] if steps.size else steps
        kind = np.asarray(cols["kind"]).astype(str)
        row = np.where(np.isin(kind, ("b", "db")), BIAS_ROW, np.asarray(cols["i"]).astype(str))
        frame = dict(run=run, step=steps, until=until, layer=cols["layer"], kind=kind, row=row,
                     j=cols["j"], value=np.asarray(cols["value"], dtype=np.float64))  # fmt: skip
        frames.append(pd.DataFrame(frame))
    if not frames:
        raise ValueError("scrub_table needs at least one run")
    return pd.concat(frames, ignore_index=True).astype(_COMPACT)


def _panel(sizes: Sequence[int], layer: int, group: str, domain, title: dict, o: dict) -> dict:
    """Vega-Lite facet spec: one layer's matrix plus its bias row, one column per run.

    ``o`` holds the options shared by all panels: runs, cell, show_values,
    legend, where (the slider filter or None) and data (the dataset reference).
    """
    cell = o["cell"]
    kind, bias_kind = GROUPS[group]
    rows = [str(i) for i in range(sizes[layer - 1])] + [BIAS_ROW]
    cols = int(sizes[layer])
    encoding = {
        "x": {"field": "j", "type": "ordinal", "title": "j (to unit)", "axis": {"labelAngle": 0}},
        "y": {"field": "row", "type": "ordinal", "sort": rows, "scale": {"domain": rows},
              "title": "i (from) · b = bias"},
    }  # fmt: skip
    label = "weight" if group == "weights" else "gradient"
    rect = {
        "mark": {"type": "rect", "stroke": "#666", "strokeWidth": 0.5},
        "encoding": {
            **encoding,
            "color": {
                "field": "value",
                "type": "quantitative",
                "scale": colour_scale(domain).to_dict(),
                "legend": {
                    "title": label,
                    "orient": "bottom",
                    "direction": "horizontal",
                    "gradientLength": 180,
                }
                if o["legend"]
                else None,  # fmt: skip
            },
            "tooltip": [{"field": f, "type": t, "title": n} for f, t, n in _TOOLTIP]
            + [{"field": "value", "type": "quantitative", "format": ".6g"}],
        },
    }
    layers = [rect]
    if o["show_values"] and len(rows) * cols <= 48:
        layers.append(
            {
                "transform": [{"calculate": _LABEL, "as": "label"}],
                "mark": {"type": "text", "fontSize": max(10, round(cell * 0.3))},
                "encoding": {
                    **encoding,
                    "text": {"field": "label", "type": "nominal"},
                    "color": _text_colour(domain),
                },
            }
        )
    test = f"datum.layer == {int(layer)} && (datum.kind == '{kind}' || datum.kind == '{bias_kind}')"
    if o["where"]:
        test = f"{test} && {o['where']}"
    return {
        "data": o["data"],
        "transform": [{"filter": test}],
        "title": title,
        "facet": {
            "column": {
                "field": "run",
                "type": "nominal",
                "sort": list(o["runs"]),
                "title": None,
                "header": {"labelFontSize": theme.FONT_SIZE, "labelFontWeight": "bold"},
            }
        },
        # at least MIN_PANEL_WIDTH wide, so the run names above narrow matrices fit
        "spec": {
            "layer": layers,
            "width": max(cell * cols, MIN_PANEL_WIDTH),
            "height": cell * len(rows),
        },
    }


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
    data_name: str = "weights_history",
    max_width: int = 960,
) -> dict:
    """Every layer's W with its bias row, and dW with db, per run, at one iteration.

    A Vega-Lite dict for ``st.vega_lite_chart``: Altair needs seconds for a
    nested concat of facets (it deep-copies the tree at every step), a dict
    microseconds. The slider is an ``alt.param`` bound to ``alt.binding_range``;
    the colours are :func:`colour_scale`, as in :func:`weight_heatmap`.

    Parameters
    ----------
    table : DataFrame
        From :func:`scrub_table` (columns run, step, until, layer, kind, row,
        j, value). Put in ``spec["datasets"][data_name]``.
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
    data_name : str
        Name of the dataset every panel reads.
    max_width : int
        Pixels available: a layer whose weight and gradient panels would be
        wider than this side by side gets them one above the other.

    Returns
    -------
    dict
        A Vega-Lite spec: one row per layer l, [W^(l) and b^(l) | dW^(l) and
        db^(l)], each panel with one column per run; ``datasets`` holds the
        table once.
    """
    if step is None:
        # a range input needs max > min: a 0-step run still gets a slider; it opens
        # on the last step, where the patterns are clearest
        bind = alt.binding_range(min=0, max=max(int(last_step), 1), step=1, name="iteration ")
        param = alt.param(name=STEP_PARAM, value=int(last_step), bind=bind).param.to_dict()
        where = f"datum.step <= {STEP_PARAM} && {STEP_PARAM} < datum.until"
        data, at = table, {"expr": f"' at step ' + {STEP_PARAM}"}
    else:
        s = int(step)
        where, at = None, f" at step {s}"
        data = table[(table["step"] <= s) & (s < table["until"])]
    domains = {"weights": weight_domain, "gradients": grad_domain}
    rows = []
    for layer in range(1, len(sizes)):
        sup = f"⁽{str(layer).translate(_SUPERSCRIPT)}⁾"
        names = {"weights": f"W{sup} and b{sup}", "gradients": f"gradients dL/dW{sup}, dL/db{sup}"}
        shared = dict(runs=runs, cell=cell, show_values=show_values, legend=layer == 1,
                      where=where, data={"name": data_name})  # fmt: skip
        pair = [
            _panel(sizes, layer, group, domains[group], _title(names[group], at), shared)
            for group in GROUPS
        ]
        # weights beside gradients when both fit in max_width, else one above the other
        wide = len(pair) * _panel_width(sizes, layer, cell, len(runs)) > max_width
        rows.append(
            {"vconcat" if wide else "hconcat": pair, "spacing": 28, "resolve": _INDEPENDENT}
        )
    font = theme.FONT_SIZE
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "vconcat": rows,
        "spacing": 18,
        "resolve": _INDEPENDENT,
        "datasets": {data_name: data},
        "config": {
            "axis": {"labelFontSize": font - 3, "titleFontSize": font - 3},
            "legend": {"labelFontSize": font - 4, "titleFontSize": font - 3},
        },
    }
    if step is None:
        spec["params"] = [param]
    return spec


def _panel_width(sizes: Sequence[int], layer: int, cell: int, n_runs: int) -> int:
    """Rough width in pixels of one panel (runs side by side plus the row axis)."""
    return n_runs * (max(cell * int(sizes[layer]), MIN_PANEL_WIDTH) + 12) + 70


def _title(name: str, at: str | dict) -> dict:
    """Panel title: fixed text, or an expression that reads the slider."""
    text = {"expr": f"'{name}' + {at['expr']}"} if isinstance(at, dict) else name + at
    return {"text": text, "fontSize": theme.TITLE_SIZE - 2, "anchor": "start"}
