"""Cached runs for the "Logistic regression vs MLP" page (worksheet 1g).

One cached function, keyed by a handful of primitives (never by arrays):
make the data set, train the four models side by side with the same
learning rate and steps, and reduce everything the page shows to plain
arrays and numbers (maps, loss curves, accuracies, the evidence, the loss
along straight lines in weight space).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import streamlit as st
from streamlit import dataframe_util

from core.datasets import make_dataset
from core.network import Network
from core.training import train
from lessons import symmetry, unit_maps
from lessons.descent import landscape
from ui.logistic_vs_mlp import charts, maps

# model key -> display label (the order is the page's left-to-right order)
MODELS = {
    "lr_zero": "LR · zero init",
    "lr_rand": "LR · random init",
    "mlp_const": "MLP · constant init",
    "mlp_rand": "MLP · random init",
}
MAP_RES = 40  # cells per axis of the final probability maps
FRAME_RES = 25  # cells per axis of the scrubbable maps
N_FRAMES = 20  # recorded steps (plus step 0) shown by the browser-side slider
MAX_CURVE = 200  # points per loss curve
UNIT_ROWS = 50_000  # most unit-map cells (both MLPs, every frame) sent to the browser
LINE_TS = np.linspace(-0.5, 1.5, 41)  # t along theta(t) = (1 - t) theta_0 + t theta_1


@dataclass(frozen=True)
class Config:
    """Everything a run depends on (primitives only, so it is a cache key)."""

    dataset: str = "xor"
    n: int = 200
    noise: float = 0.05
    seed: int = 0
    width: int = 8
    activation: str = "tanh"
    const: float = 0.5
    scale: float = 1.0
    init_seed: int = 3
    lr: float = 1.0
    steps: int = 300


def networks(width: int, activation: str) -> tuple[Network, Network]:
    """Logistic regression (2, 1) and the 1-hidden-layer MLP (2, width, 1), both
    with a sigmoid output and binary cross-entropy."""
    common = dict(output_activation="sigmoid", loss="binary_cross_entropy")
    return (
        Network((2, 1), activation="sigmoid", **common),
        Network((2, width, 1), activation=activation, **common),
    )


def _inits(cfg: Config, lr_net: Network, mlp_net: Network) -> dict:
    rand = dict(scale=cfg.scale, seed=cfg.init_seed)
    const = mlp_net.init("zeros") if cfg.const == 0 else mlp_net.init("constant", scale=cfg.const)
    return {
        "lr_zero": (lr_net, lr_net.init("zeros")),
        "lr_rand": (lr_net, lr_net.init("normal", **rand)),
        "mlp_const": (mlp_net, const),
        "mlp_rand": (mlp_net, mlp_net.init("normal", **rand)),
    }


def frame_every(steps: int) -> int:
    """Steps between two frames of the browser-side slider."""
    return max(1, int(np.ceil(steps / N_FRAMES)))


def _at_steps(history, wanted: np.ndarray) -> list:
    """The recorded Params at (or last before) each wanted step."""
    steps = np.asarray(history.steps)
    idx = np.searchsorted(steps, wanted, side="right") - 1
    return [history.params[max(int(k), 0)] for k in idx]


def unit_resolution(width: int, n_frames: int) -> int:
    """Cells per axis of a unit map: at most UNIT_ROWS cells in all, 8 to 14 per axis."""
    return int(np.clip(np.sqrt(UNIT_ROWS / (2 * width * max(n_frames, 1))), 8, 14))


def activation_range(activation: str) -> list[float]:
    """Colour domain of the unit maps: the hidden activation's range (relu: [0, 2], clamped)."""
    return {"tanh": [-1.0, 1.0], "sigmoid": [0.0, 1.0]}.get(activation, [0.0, 2.0])


def _curve(history) -> tuple[np.ndarray, np.ndarray]:
    steps = np.asarray(history.steps, dtype=np.int64)
    loss = np.asarray(history.loss, dtype=np.float64)
    if steps.size > MAX_CURVE:
        keep = np.unique(np.round(np.linspace(0, steps.size - 1, MAX_CURVE)).astype(np.int64))
        steps, loss = steps[keep], loss[keep]
    return steps, loss


@st.cache_data(max_entries=16, show_spinner="Training the four models …")
def run(cfg: Config) -> dict:
    """Train the four models on one data set and collect what the page shows.

    Parameters
    ----------
    cfg : Config

    Returns
    -------
    dict
        ``X`` (n, 2), ``y`` (n,); ``xs``, ``ys`` (MAP_RES,) and ``fxs``,
        ``fys`` (FRAME_RES,) grid centres; ``frame_steps`` (F,);
        ``models``: per model key a dict with ``steps``/``loss`` curves,
        ``acc``, ``map`` (MAP_RES, MAP_RES), ``boundary`` (m, 2),
        ``frames`` (F, FRAME_RES, FRAME_RES), ``frame_boundaries`` (list of
        (m_k, 2)), ``frame_acc`` (F,), ``diverged``, ``diverged_at``, ``final`` (Params);
        ``uxs``, ``uys`` (G,) unit-map grid centres and ``units``: per MLP key
        ``maps`` (F, width, G, G), x_j^(1) at each frame step, and ``distinct``
        (F,), lessons.symmetry's distinct hidden units there;
        ``train_seconds``; ``evidence`` (see :func:`_evidence`).
    """
    X, y = make_dataset(cfg.dataset, n=cfg.n, noise=cfg.noise, seed=cfg.seed)
    lr_net, mlp_net = networks(cfg.width, cfg.activation)
    inits = _inits(cfg, lr_net, mlp_net)
    histories = {}
    start = time.perf_counter()
    for key, (net, params) in inits.items():
        histories[key] = train(net, params, X, y, lr=cfg.lr, steps=cfg.steps, record_every=1)
    seconds = time.perf_counter() - start

    bounds = landscape.grid_bounds(X)
    xs, ys = landscape.grid_axes(bounds, MAP_RES)
    fxs, fys = landscape.grid_axes(bounds, FRAME_RES)
    every = frame_every(cfg.steps)
    frame_steps = np.unique(np.append(np.arange(0, cfg.steps + 1, every), cfg.steps))
    uxs, uys = landscape.grid_axes(bounds, unit_resolution(cfg.width, frame_steps.size))
    models, units = {}, {}
    for key, history in histories.items():
        net = inits[key][0]
        final = history.params[-1]
        at_frames = _at_steps(history, frame_steps)
        frames = landscape.probability_frames(net, at_frames, fxs, fys)
        P = landscape.probability_map(net, final, xs, ys)
        steps, loss = _curve(history)
        models[key] = {
            "steps": steps,
            "loss": loss,
            "final_loss": float(history.loss[-1]),
            "acc": landscape.accuracy(net, final, X, y),
            "map": P,
            "boundary": landscape.boundary_points(xs, ys, P),
            "frames": frames,
            "frame_boundaries": [landscape.boundary_points(fxs, fys, F) for F in frames],
            "frame_acc": np.array([landscape.accuracy(net, p, X, y) for p in at_frames]),
            "diverged": bool(history.diverged),
            "diverged_at": int(history.steps[-1]),
            "final": final,
        }
        if key.startswith("mlp"):
            units[key] = {
                "maps": unit_maps.unit_maps(net, at_frames, uxs, uys)[1],
                "distinct": unit_maps.distinct_counts(at_frames)[:, 0],
            }
    return {
        "config": asdict(cfg),
        "X": X,
        "y": y,
        "xs": xs,
        "ys": ys,
        "fxs": fxs,
        "fys": fys,
        "frame_steps": frame_steps,
        "models": models,
        "uxs": uxs,
        "uys": uys,
        "units": units,
        "train_seconds": seconds,
        "evidence": _evidence(cfg, X, y, lr_net, mlp_net, histories),
    }


@st.cache_data(max_entries=16, show_spinner=False)
def stage_spec(cfg: Config) -> dict:
    """The stage chart of a run: decision and unit maps, one browser-side slider (cached).

    Its datasets are Arrow bytes (cheap to fetch from the cache).
    """
    res = run(cfg)
    spec = maps.stage_chart(res, MODELS, cfg.width, activation_range(cfg.activation))
    data = maps.stage_data(res, MODELS)
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(frame) for name, frame in data.items()
    }
    return spec


@st.cache_data(max_entries=32, show_spinner=False)
def line_specs(cfg: Config, height: int, log: bool) -> dict[str, dict]:
    """The page's line charts (loss, LR distance, the two loss slices), cached per view."""
    res = run(cfg)
    runs, ev = res["models"], res["evidence"]
    ua, uc = (u + 1 for u in ev["mlp_pair"])
    lr_series = {
        "LR: random start θ₀ → its solution θ₁": (ev["lr_line"], "lr_rand"),
        "LR: zero start θ₀ → its solution θ₁": (ev["lr_line_zero"], "lr_zero"),
    }
    mlp_label = f"MLP: θ₀ solution, θ₁ = θ₀ with units {ua} ↔ {uc} swapped"
    colours = charts.MODEL_COLOURS
    return {
        "loss": charts.loss_chart(runs, MODELS, height=height, log=log),
        "dist": charts.distance_chart(ev["lr_dist_steps"], ev["lr_dist"], height=height),
        "bowl": charts.line_slice_chart(
            ev["ts"], {k: v for k, (v, _) in lr_series.items()},
            {k: colours[m] for k, (_, m) in lr_series.items()},
            title="Logistic regression: a bowl", height=height,
        ),
        "bump": charts.line_slice_chart(
            ev["ts"], {mlp_label: ev["mlp_line"]}, {mlp_label: colours["mlp_rand"]},
            title="MLP: not convex", height=height,
        ),
    }  # fmt: skip


def live_answers(cfg: Config) -> dict[str, str]:
    """One line per class question of this page, with this run's numbers."""
    res = run(cfg)
    ev = res["evidence"]
    const = res["units"]["mlp_const"]["distinct"]
    return {
        "1g-lr-start": f"this run ({cfg.dataset}): the two LR solutions differ by at most "
        f"{ev['lr_end_diff']:.1e} after {cfg.steps} steps (they started "
        f"{ev['lr_start_diff']:.2g} apart)",
        "1g-mlp-xor": f"this run ({cfg.dataset}, constant init c = {cfg.const:g}): "
        f"{int(const[-1])} distinct hidden unit(s) of {cfg.width} after {cfg.steps} steps; "
        f"the random-init MLP has {ev['rand_distinct']}",
    }


def _evidence(cfg: Config, X, y, lr_net, mlp_net, histories) -> dict:
    """The numbers behind the page's claims.

    Returns
    -------
    dict
        ``lr_start_diff``, ``lr_end_diff``: max |theta_zero - theta_rand| at
        the start and the end; ``lr_dist`` (R,) that difference at every
        record, with ``lr_dist_steps``; ``lr_w`` {key: (w1, w2, b)};
        ``lr_prob_diff``: max |p_zero - p_rand| over the examples;
        ``hessian`` (3, 3) and ``hessian_eig`` (3,) at the random-start
        solution; ``sym_const``: distinct hidden units and spread of the
        constant-init MLP at every recorded step; ``rand_distinct``: distinct
        hidden units of the random-init MLP at the end; ``const_unit``: the one hidden unit
        of the constant-init MLP (u1, u2, c, v, b2) at the end; ``ts``;
        ``lr_line`` (random start -> its solution), ``lr_line_zero`` (zero
        start -> its solution), ``mlp_line`` (random-init MLP solution -> the
        same with its two most different hidden units ``mlp_pair`` swapped);
        the minima of their second differences ``lr_curv_min``, ``mlp_curv_min``.
    """
    h0, h1 = histories["lr_zero"], histories["lr_rand"]
    k = min(len(h0.params), len(h1.params))
    dist = np.array([landscape.max_abs_difference(h0.params[i], h1.params[i]) for i in range(k)])
    z_end, r_end = h0.params[-1], h1.params[-1]
    p0 = landscape.predict_proba(lr_net, z_end, X)
    p1 = landscape.predict_proba(lr_net, r_end, X)
    hessian = landscape.logistic_hessian(X, r_end)
    const_hist, rand_hist = histories["mlp_const"], histories["mlp_rand"]
    cfin = const_hist.params[-1]
    const_unit = (
        float(cfin.W[1][0, 0]),
        float(cfin.W[1][1, 0]),
        float(cfin.b[1][0]),
        float(cfin.W[2][0, 0]),
        float(cfin.b[2][0]),
    )
    solution = rand_hist.params[-1]
    pair = landscape.most_different_units(solution)
    twin = landscape.swap_units(solution, *pair)
    ts = LINE_TS
    lr_line = landscape.loss_along_line(lr_net, h1.params[0], r_end, X, y, ts)
    lr_line_zero = landscape.loss_along_line(lr_net, h0.params[0], z_end, X, y, ts)
    mlp_line = landscape.loss_along_line(mlp_net, solution, twin, X, y, ts)
    return {
        "lr_start_diff": float(dist[0]),
        "lr_end_diff": landscape.max_abs_difference(z_end, r_end),
        "lr_dist": dist,
        "lr_dist_steps": np.asarray(h0.steps[:k], dtype=np.int64),
        "lr_w": {
            key: tuple(float(v) for v in landscape.flatten_params(h.params[-1]))
            for key, h in (("lr_zero", h0), ("lr_rand", h1))
        },
        "lr_prob_diff": float(np.max(np.abs(p0 - p1))),
        "hessian": hessian,
        "hessian_eig": np.linalg.eigvalsh(hessian),
        "sym_const": symmetry.symmetry_over_history(const_hist),
        "rand_distinct": symmetry.distinct_units(rand_hist.params[-1]),
        "const_unit": const_unit,
        "ts": ts,
        "lr_line": lr_line,
        "lr_line_zero": lr_line_zero,
        "mlp_line": mlp_line,
        "mlp_pair": pair,
        "lr_curv_min": float(
            min(
                landscape.second_differences(lr_line).min(),
                landscape.second_differences(lr_line_zero).min(),
            )
        ),
        "mlp_curv_min": float(landscape.second_differences(mlp_line).min()),
        "mlp_end_loss": (float(mlp_line[10]), float(mlp_line[30])),
        "mlp_mid_loss": float(mlp_line[20]),
    }
