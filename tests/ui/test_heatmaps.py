"""ui.heatmaps: the single-matrix heatmap and the browser-scrubbed history heatmaps.

References are hand-written tables and a Python re-implementation of the
Vega-Lite filter the browser evaluates, never the builders' own output.
"""

from __future__ import annotations

import re

import jsonschema
import numpy as np
import pandas as pd
import pytest
from altair.vegalite.v6.schema import core as vl_core

from ui import heatmaps, theme


def _columns(steps, shapes, seed=0):
    """A hand-made history_to_columns output: per layer W then b, records, i, j."""
    rng = np.random.default_rng(seed)
    cols = {k: [] for k in ("step", "layer", "kind", "i", "j", "value")}
    for layer, (rows, width) in enumerate(shapes, start=1):
        for kind, r in (("W", rows), ("b", 1), ("dW", rows), ("db", 1)):
            for s in steps:
                for i in range(r):
                    for j in range(width):
                        cols["step"].append(s)
                        cols["layer"].append(layer)
                        cols["kind"].append(kind)
                        cols["i"].append(i)
                        cols["j"].append(j)
                        cols["value"].append(rng.normal())
    return {k: np.asarray(v) for k, v in cols.items()}


def _shown(table: pd.DataFrame, s: int) -> pd.DataFrame:
    """What the browser shows at slider value s: datum.step <= s && s < datum.until."""
    return table[(table["step"] <= s) & (s < table["until"])]


def test_weight_heatmap_keeps_matrix_and_shared_domain():
    m = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    chart = heatmaps.weight_heatmap(m, "W", domain=[-5.0, 5.0])
    spec = chart.to_dict()
    data = next(iter(spec["datasets"].values()))
    got = {(r["i"], r["j"]): r["value"] for r in data}
    assert got == {(i, j): m[i, j] for i in range(2) for j in range(3)}
    scales = [
        layer["encoding"]["color"]["scale"]
        for layer in spec["layer"]
        if "scale" in layer["encoding"].get("color", {})
    ]
    assert scales == [
        {"scheme": theme.WEIGHT_SCHEME, "domain": [-5.0, 5.0], "domainMid": 0, "clamp": True}
    ]


def test_weight_heatmap_default_domain_is_symmetric():
    spec = heatmaps.weight_heatmap(np.array([0.2, -0.7]), "b").to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == [-0.7, 0.7]


def test_scrub_table_until_picks_exactly_one_record_per_cell():
    steps = [0, 3, 7]  # uneven, as after subsampling
    cols = _columns(steps, [(2, 3)])
    table = heatmaps.scrub_table({"A": cols})
    cells = 2 * 3 + 3  # W rows + bias row, per kind group
    expected_record = {0: 0, 1: 0, 2: 0, 3: 3, 4: 3, 5: 3, 6: 3, 7: 7, 8: 7, 10**6: 7}
    for s, rec in expected_record.items():
        shown = _shown(table, s)
        assert len(shown) == 2 * cells  # weights and gradients
        assert set(shown["step"]) == {rec}


def test_scrub_table_labels_bias_rows_and_keeps_values():
    cols = _columns([0, 1], [(2, 2)], seed=3)
    table = heatmaps.scrub_table({"A": cols, "B": cols})
    assert len(table) == 2 * len(cols["value"])
    bias = table[table["kind"].isin(["b", "db"])]
    assert set(bias["row"]) == {heatmaps.BIAS_ROW}
    weights = table[table["kind"] == "W"]
    assert set(weights["row"]) == {"0", "1"}
    np.testing.assert_array_equal(table["value"].to_numpy()[: len(cols["value"])], cols["value"])
    assert list(table["run"].cat.categories) == ["A", "B"]


def _spec(step=None, shapes=((2, 3), (3, 1))):
    steps = [0, 1, 2, 5]
    table = heatmaps.scrub_table(
        {"const": _columns(steps, shapes), "rand": _columns(steps, shapes)}
    )
    sizes = (shapes[0][0], *(w for _, w in shapes))
    spec = heatmaps.scrub_heatmaps(
        table,
        sizes,
        runs=["const", "rand"],
        weight_domain=[-2.0, 2.0],
        grad_domain=[-0.1, 0.1],
        last_step=5,
        step=step,
    )
    return spec, table


def _panels(spec):
    return [panel for row in spec["vconcat"] for panel in row.get("hconcat", row.get("vconcat"))]


def test_scrub_spec_has_browser_slider_and_every_panel_filters_on_it():
    spec, table = _spec()
    (param,) = spec["params"]
    assert param["name"] == heatmaps.STEP_PARAM
    assert param["bind"]["input"] == "range"
    assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (0, 5, 1)
    assert param["value"] == 5
    panels = _panels(spec)
    assert len(panels) == 4  # 2 layers x (weights, gradients)
    for panel in panels:
        (flt,) = [t["filter"] for t in panel["transform"]]
        assert f"datum.step <= {heatmaps.STEP_PARAM}" in flt
        assert panel["data"] == {"name": "weights_history"}
    assert spec["datasets"]["weights_history"] is table


@pytest.mark.parametrize("group, domain", [(0, [-2.0, 2.0]), (1, [-0.1, 0.1])])
def test_scrub_spec_uses_one_shared_colour_scale_per_group(group, domain):
    spec, _ = _spec()
    panels = _panels(spec)[group::2]
    for panel in panels:
        rect = panel["spec"]["layer"][0]
        assert rect["encoding"]["color"]["scale"] == heatmaps.colour_scale(domain).to_dict()
        # one facet column per run: both runs share the panel's scale
        assert panel["facet"]["column"]["field"] == "run"
    for row in spec["vconcat"]:
        assert row["resolve"] == {"scale": {"color": "independent"}}


def test_scrub_spec_filters_select_each_layer_and_kind():
    spec, table = _spec()
    for panel in _panels(spec):
        (flt,) = [t["filter"] for t in panel["transform"]]
        layer = int(re.search(r"datum.layer == (\d+)", flt).group(1))
        kinds = set(re.findall(r"datum.kind == '(\w+)'", flt))
        assert kinds in ({"W", "b"}, {"dW", "db"})
        # the y-axis rows are the matrix rows plus the bias row
        rows = panel["spec"]["layer"][0]["encoding"]["y"]["scale"]["domain"]
        expected_rows = table[(table["layer"] == layer) & table["kind"].isin(kinds)]["row"]
        assert set(rows) == set(expected_rows)


def test_wide_layers_stack_weights_above_gradients():
    spec, _ = _spec(shapes=((2, 8), (8, 1)))
    first, second = spec["vconcat"]
    assert "vconcat" in first and "hconcat" in second  # 8 columns do not fit beside each other


def test_server_side_frame_holds_only_that_step():
    spec, _ = _spec(step=3)  # records 0, 1, 2, 5: step 3 shows record 2
    assert "params" not in spec
    data = spec["datasets"]["weights_history"]
    assert set(data["step"]) == {2}
    assert len(data) == 2 * (2 * 3 + 3 + 3 * 1 + 1) * 2  # runs x cells x (values, grads)
    titles = [p["title"]["text"] for p in _panels(spec)]
    assert all(t.endswith("at step 3") for t in titles)


def test_scrub_spec_is_valid_vega_lite():
    spec, _ = _spec(shapes=((2, 2),))
    jsonschema.validate({**spec, "datasets": {"weights_history": []}}, vl_core.load_schema())
