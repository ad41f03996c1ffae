"""The sections below the stage of the "Weights over iterations" page.

Each function draws one section from cached runs (never computes): the 1e-1f
spreads, the trajectories of chosen weights with the first update worked out,
loss and gradient norms, and the CSV downloads.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import layout
from ui.weights import charts as weights_charts
from ui.weights import runs as weights_runs
from ui.weights.runs import RunConfig


def spreads(bundle: dict, L: int) -> None:
    """Worksheet 1e-1f as numbers: the largest row and column spreads over all steps."""
    st.subheader("1e-1f: which patterns survive every step")
    layout.explain(
        "The largest spread inside a row (or column) of each matrix, over all steps. Zero "
        "means the rows (columns) stayed exactly constant: the hidden units are still clones."
    )
    for label, spread in zip(bundle["labels"], bundle["spreads"], strict=True):
        st.markdown(f"**{label}**")
        st.latex(weights_charts.spread_latex(spread, L))


def trajectories(cfgs: tuple[RunConfig, RunConfig], labels, choice: dict, height: int) -> None:
    """The chosen entries of one layer over the steps, and their first update by hand."""
    sizes = cfgs[0].sizes()
    st.subheader("Trajectories of chosen weights")
    layer, kind = int(choice["wts_tl"]), choice["wts_tk"]
    ti = None if choice["wts_ti"] == "all" else int(choice["wts_ti"])
    tj = None if choice["wts_tj"] == "all" else int(choice["wts_tj"])
    entries, note = weights_charts.trajectory_entries(sizes, layer, kind, ti, tj)
    if note:
        st.caption(note[0].upper() + note[1:] + ".")
    st.caption(
        f"Layer {layer}, {weights_charts.KIND_NAMES[kind]}, row i = {choice['wts_ti']}, "
        f"column j = {choice['wts_tj']} (change them in the settings)."
    )
    st.vega_lite_chart(weights_runs.trajectory_spec(*cfgs, layer, kind, ti, tj, height))
    layout.explain(
        "Under constant init the lines of one row of W⁽¹⁾ (and of one column of the "
        "last W) lie on top of each other, so fewer lines are visible than the legend lists."
    )
    i0, j0 = entries[0]
    st.markdown(
        f"**The first update of w⁽{layer}⁾[{i0},{j0}]** (worksheet 1e: "
        "w ← w − η ∂L/∂w, with ∂L/∂wᵢⱼ the batch mean of δⱼ xᵢ)"
    )
    for label, cfg in zip(labels, cfgs, strict=True):
        numbers = weights_runs.first_update(cfg, layer, i0, j0)
        st.markdown(f"**{label}**")
        if numbers is None:
            st.caption("No step taken (steps = 0, or the first step diverged).")
            continue
        st.latex(weights_charts.update_latex(numbers, layer, i0, j0))
        ok = abs(numbers["predicted"] - numbers["w1"]) <= 1e-12 * max(1.0, abs(numbers["w1"]))
        st.caption(("✅ " if ok else "❌ ") + f"recorded after step 1: {numbers['w1']:.6g}")


def curves(bundle: dict) -> None:
    """Mean loss and the gradient norm per layer over the steps."""
    st.subheader("Loss and gradient norms")
    left, right = st.columns(2)
    left.vega_lite_chart(dict(bundle["loss"]))
    right.vega_lite_chart(dict(bundle["norms"]))
    right.caption(
        f"Norms below {weights_charts.NORM_FLOOR:g} (exact zeros) are drawn at "
        f"{weights_charts.NORM_FLOOR:g}."
    )


def downloads(cfgs: tuple[RunConfig, RunConfig], bundle: dict) -> None:
    """One CSV per run with every recorded step (built when clicked)."""
    st.subheader("Download the whole history")
    st.caption(
        "One row per recorded step, layer, matrix and entry: step, layer, kind "
        "(W, b, dW, db), i, j, value; every step, never subsampled."
    )
    sizes = "-".join(map(str, cfgs[0].sizes()))
    cols = st.columns(2)
    for side, (col, label, cfg, rows) in enumerate(
        zip(cols, bundle["labels"], cfgs, bundle["csv_rows"], strict=True)
    ):
        col.download_button(
            f"⬇ {label} · CSV, {rows:,} rows",
            data=partial(weights_runs.history_csv, cfg),
            file_name=f"weights_{cfg.init}_{cfg.dataset}_{sizes}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"wts_csv_{side}",
            help="Built when you click (cached).",
        )
