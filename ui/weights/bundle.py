"""What the "Weights over iterations" page draws for two runs, cached as plain data.

- :func:`heat_table`: every recorded W, b, dW, db of both runs as one long
  table (subsampled to at most MAX_CHART_ROWS rows), shared read-only;
- :func:`unit_table`: each hidden unit's activation over the input plane at
  evenly spaced records (lessons.unit_maps), with the distinct-unit count;
- :func:`page_bundle`: the stage spec with its data as Arrow bytes, the line
  charts, and the numbers for the text. A warm rerun only fetches it.
- :func:`player_spec` and :func:`frame_data`: the autoplay view, the same
  stage with the data of one iteration filtered on the server.

Every function is keyed by RunConfig pairs and a few small options, and every
cache is bounded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.history import history_to_columns, n_rows, subsample_records
from core.training import History
from lessons import symmetry, unit_maps
from lessons.descent.landscape import grid_axes, grid_bounds
from ui import heatmaps, theme
from ui.weights import charts as weights_charts
from ui.weights import stage
from ui.weights.links import cost_seconds
from ui.weights.runs import RunConfig, run_colours, run_labels, spreads, train_run

MAX_CHART_ROWS = 40_000
"""Heatmap rows (both runs together) above which the records are subsampled."""
UNIT_ROWS = 50_000
"""Most unit-map cells (both runs, every shown record) sent to the browser."""
MAX_UNIT_FRAMES = 61  # records of the unit maps at most
PROGRESS_AFTER = 1.0  # s: views estimated to compute longer than this show a progress bar
UNIT_DOMAINS = {"tanh": [-1.0, 1.0], "sigmoid": [0.0, 1.0]}


def chart_records(hists: tuple[History, ...]) -> tuple[np.ndarray, bool]:
    """Record indices drawn in the heatmaps and whether that is a subsample.

    All runs share the step grid; at most MAX_CHART_ROWS rows in total.
    """
    n_rec = min(len(h.params) for h in hists)
    total = sum(n_rows(h) for h in hists)
    if total <= MAX_CHART_ROWS:
        return np.arange(n_rec), False
    per_record = total / max(n_rec, 1)
    keep = max(2, int(MAX_CHART_ROWS // per_record))
    return subsample_records(n_rec, keep), True


@st.cache_resource(max_entries=4, show_spinner=False)
def heat_table(cfg_a: RunConfig, cfg_b: RunConfig) -> tuple[pd.DataFrame, bool]:
    """Both runs' W, b, dW, db at the chart records (shared, read-only).

    Returns
    -------
    table : DataFrame
        :func:`ui.heatmaps.scrub_table` columns (run, step, until, layer,
        kind, row, j, value) plus ``r``, the run's index (0 left, 1 right).
    subsampled : bool
    """
    hists = (train_run(cfg_a), train_run(cfg_b))
    records, subsampled = chart_records(hists)
    labels = run_labels(cfg_a, cfg_b)
    columns = {
        label: history_to_columns(h, records[records < len(h.params)])
        for label, h in zip(labels, hists, strict=True)
    }
    table = heatmaps.scrub_table(columns)
    table["r"] = (table["run"] == labels[1]).astype(np.int8)
    return table, subsampled


def unit_resolution(n_units: int, n_records: int) -> tuple[int, int]:
    """(cells per axis, records) of the unit maps: at most UNIT_ROWS cells in all."""
    frames = min(n_records, MAX_UNIT_FRAMES)
    res = int(np.clip(np.sqrt(UNIT_ROWS / (2 * n_units * max(frames, 1))), 10, 14))
    frames = int(np.clip(UNIT_ROWS // (2 * n_units * res * res), 2, max(n_records, 2)))
    return res, min(frames, MAX_UNIT_FRAMES, max(n_records, 1))


@st.cache_resource(max_entries=4, show_spinner=False)
def unit_table(cfg_a: RunConfig, cfg_b: RunConfig) -> dict | None:
    """Both runs' unit maps at evenly spaced records (None when the inputs are not 2-D).

    Returns
    -------
    dict with
        ``table``: run, r, step, until, layer, kind (0 a cell, 1 the count),
        u (unit index), a (x2 index), c (x1 index), v (x_u^(layer) there, or
        for kind 1 the number of distinct units of that layer);
        ``res``: cells per axis; ``domain``: the colour domain [lo, hi].
    """
    sizes = cfg_a.sizes()
    if sizes[0] != 2:
        return None
    net = cfg_a.network()
    X, _ = cfg_a.data()
    hists = (train_run(cfg_a), train_run(cfg_b))
    res, frames = unit_resolution(sum(sizes[1:-1]), min(len(h.params) for h in hists))
    xs, ys = grid_axes(grid_bounds(X), res)
    parts = []
    for r, (label, h) in enumerate(zip(run_labels(cfg_a, cfg_b), hists, strict=True)):
        keep = subsample_records(len(h.params), frames)
        params = [h.params[k] for k in keep]
        steps = np.asarray(h.steps)[keep]
        until = np.append(steps[1:], np.iinfo(np.int32).max)
        maps, counts = unit_maps.unit_maps(net, params, xs, ys), unit_maps.distinct_counts(params)
        for layer in range(1, len(sizes) - 1):
            m = np.clip(maps[layer], -1e30, 1e30)  # (F, d, G, G); float32 in the chart
            k, u, a, c = np.indices(m.shape)
            k = k.ravel()
            parts.append(pd.DataFrame({"run": label, "r": r, "step": steps[k], "until": until[k],
                                       "layer": layer, "kind": 0, "u": u.ravel(), "a": a.ravel(),
                                       "c": c.ravel(), "v": m.ravel()}))  # fmt: skip
            parts.append(pd.DataFrame({"run": label, "r": r, "step": steps, "until": until,
                                       "layer": layer, "kind": 1, "u": 0, "a": 0, "c": 0,
                                       "v": counts[:, layer - 1]}))  # fmt: skip
    table = pd.concat(parts, ignore_index=True).astype(
        {"run": "category", "r": "int8", "step": "int32", "until": "int32", "layer": "int8",
         "kind": "int8", "u": "int8", "a": "int8", "c": "int8", "v": "float32"}
    )  # fmt: skip
    cells = table.loc[table["kind"] == 0, "v"].to_numpy(np.float64)
    domain = UNIT_DOMAINS.get(cfg_a.activation)
    if domain is None:  # relu: [0, max]; identity: symmetric around 0
        top = float(np.abs(cells).max()) if cells.size else 1.0
        domain = [0.0, max(top, 1e-9)] if cfg_a.activation == "relu" else [-top, top]
    return {"table": table, "res": res, "domain": domain}


def domains(table: pd.DataFrame) -> tuple[list[float], list[float]]:
    """One symmetric colour domain for all W and b, one for all dW and db."""
    is_grad = table["kind"].isin(("dW", "db")).to_numpy()
    values = table["value"].to_numpy()
    return theme.symmetric_domain(values[~is_grad]), theme.symmetric_domain(values[is_grad])


def _stage_datasets(cfg_a: RunConfig, cfg_b: RunConfig, step: int | None = None) -> dict:
    """The stage's tables as Arrow bytes, all records or (autoplay) one iteration's."""
    tables = {stage.HEAT: heat_table(cfg_a, cfg_b)[0]}
    units = unit_table(cfg_a, cfg_b)
    if units is not None:
        tables[stage.UNITS] = units["table"]
    if step is not None:
        tables = {k: t[(t["step"] <= step) & (step < t["until"])] for k, t in tables.items()}
    return weights_charts.serialise({"datasets": tables})["datasets"]


def _stage(cfg_a: RunConfig, cfg_b: RunConfig, lecture: bool, slider: bool) -> dict:
    table = heat_table(cfg_a, cfg_b)[0]
    units = unit_table(cfg_a, cfg_b)
    return stage.stage_spec(
        cfg_a.sizes(), run_labels(cfg_a, cfg_b), domains(table),
        None if units is None else units["domain"], 0 if units is None else units["res"],
        int(table["step"].max()), lecture=lecture, slider=slider,
    )  # fmt: skip


@st.cache_data(max_entries=16, show_spinner=False)
def page_bundle(cfg_a: RunConfig, cfg_b: RunConfig, lecture: bool, height: int) -> dict:
    """Everything the page draws for two runs, as plain data.

    Returns
    -------
    dict with
        ``stage``: the scrubbable stage spec, datasets as Arrow bytes;
        ``loss``, ``norms``: line chart specs; ``labels``: the run names;
        ``sizes``; ``last_step``; ``chart_steps`` (the steps in the heatmaps);
        ``subsampled``; ``records`` (recorded steps per run); ``csv_rows``;
        ``diverged``; ``final_loss``; ``spreads`` (per run); ``unit_res``
        (cells per axis of a unit map, 0 without unit maps).
    """
    hists = (train_run(cfg_a), train_run(cfg_b))
    table, subsampled = heat_table(cfg_a, cfg_b)
    labels = run_labels(cfg_a, cfg_b)
    spec = _stage(cfg_a, cfg_b, lecture, slider=True)
    spec["datasets"] = _stage_datasets(cfg_a, cfg_b)
    colours = run_colours(cfg_a, cfg_b)
    units = unit_table(cfg_a, cfg_b)
    return {
        "stage": spec,
        "loss": weights_charts.serialise(
            weights_charts.loss_chart(hists, labels, colours, height=height)
        ),
        "norms": weights_charts.serialise(
            weights_charts.grad_norm_chart(hists, labels, height=height)
        ),
        "labels": labels,
        "sizes": cfg_a.sizes(),
        "last_step": int(table["step"].max()),
        "chart_steps": np.unique(table["step"].to_numpy()),
        "subsampled": subsampled,
        "records": [len(h.params) for h in hists],
        "csv_rows": [n_rows(h) for h in hists],
        "diverged": [bool(h.diverged) for h in hists],
        "final_loss": [float(h.loss[-1]) for h in hists],
        "spreads": [spreads(h) for h in hists],
        "unit_res": 0 if units is None else units["res"],
        "unit_frames": 0 if units is None else int(units["table"]["step"].nunique()),
    }


def build(cfg_a: RunConfig, cfg_b: RunConfig, lecture: bool, height: int, slot) -> dict:
    """:func:`page_bundle`, with progress shown in ``slot`` while it is computed.

    A quick view gets a spinner; one estimated to take more than a second or so
    (ui.weights.links.cost_seconds) gets a progress bar naming each stage.
    """
    what = f"{cfg_a.steps:,} steps of a {'-'.join(map(str, cfg_a.sizes()))} network"
    if cost_seconds(cfg_a) < PROGRESS_AFTER:
        with slot, st.spinner(f"Training 2 runs of {what} and drawing every step …"):
            return page_bundle(cfg_a, cfg_b, lecture, height)
    bar = slot.progress(0.0, text=f"Training the left run: {what} …")
    try:
        train_run(cfg_a)
        bar.progress(0.3, text=f"Training the right run: {what} …")
        train_run(cfg_b)
        bar.progress(0.55, text="Collecting W, b and their gradients at every step …")
        heat_table(cfg_a, cfg_b)
        bar.progress(0.7, text="Drawing each hidden unit's map …")
        unit_table(cfg_a, cfg_b)
        bar.progress(0.85, text="Building the charts …")
        return page_bundle(cfg_a, cfg_b, lecture, height)
    finally:
        bar.empty()


@st.cache_data(max_entries=8, show_spinner=False)
def player_spec(cfg_a: RunConfig, cfg_b: RunConfig, lecture: bool) -> dict:
    """The autoplay view's spec: the stage without the slider, identical for every frame
    (so the browser updates it in place; only :func:`frame_data` changes)."""
    return _stage(cfg_a, cfg_b, lecture, slider=False)


@st.cache_data(max_entries=64, show_spinner=False)
def frame_data(cfg_a: RunConfig, cfg_b: RunConfig, step: int) -> dict:
    """The stage's datasets at one iteration (the record with step <= s < until)."""
    return _stage_datasets(cfg_a, cfg_b, int(step))


AUTOPLAY_FRAMES = 60
"""Most frames in one autoplay pass (about 30 s at 2 frames/s)."""


def autoplay_frames(chart_steps) -> list[int]:
    """The steps autoplay visits: evenly spaced over ``chart_steps``, first and last included."""
    picks = subsample_records(len(chart_steps), AUTOPLAY_FRAMES)
    return [int(chart_steps[k]) for k in picks]


@st.cache_data(max_entries=16, show_spinner=False)
def live_answers(cfg_a: RunConfig, cfg_b: RunConfig) -> dict[str, str]:
    """One line per class question of the page, with these runs' numbers."""
    labels = run_labels(cfg_a, cfg_b)
    out = {}
    rows = spreads(train_run(cfg_a))[1]["rows"]
    out["1e-weights-rows"] = (
        f"left run ({labels[0]}): the largest spread within a row of W⁽¹⁾ over all "
        f"{len(train_run(cfg_a).params) - 1} steps is {rows:.2g}"
    )
    h = train_run(cfg_b)
    if cfg_b.width >= 2:
        closest = min(_closest_units(p) for p in h.params)
        out["1f-weights-random"] = (
            f"right run ({labels[1]}): {symmetry.distinct_units(h.params[-1])} of "
            f"{cfg_b.width} hidden units distinct after {int(h.steps[-1])} steps; two units' "
            f"weights never came closer than {closest:.2g}"
        )
    return out


def _closest_units(params) -> float:
    """Smallest max-abs difference between two hidden units' signatures (layer 1)."""
    sig = symmetry.unit_signatures(params, 1)
    gaps = np.max(np.abs(sig[:, None, :] - sig[None, :, :]), axis=2)
    return float(gaps[~np.eye(len(sig), dtype=bool)].min())
