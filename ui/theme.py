"""Colours and sizes shared by every chart (one place, so pages agree).

WEIGHT_SCHEME is one colour-blind-safe diverging scale (Vega's "blueorange":
blue negative, orange positive, white-ish at zero), used by every chart that
shows weights or gradients, always symmetric around zero.
"""

from __future__ import annotations

import numpy as np

WEIGHT_SCHEME = "blueorange"

# Okabe-Ito, colour-blind safe; matches .streamlit/config.toml.
CATEGORICAL = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
)

# Fixed colours per model / init so every page tells the same story.
INIT_COLOURS = {
    "constant": "#D55E00",
    "zeros": "#CC79A7",
    "random": "#0072B2",
    "noise": "#009E73",
}

FONT_SIZE = 16  # axis labels and titles, readable on a projector
TITLE_SIZE = 18
CHART_HEIGHT = 280  # default chart height in pixels
LECTURE_SCALE = 1.35  # charts grow by this factor in lecture mode


def symmetric_domain(values: object, floor: float = 1e-12) -> list[float]:
    """A colour domain [-m, m] around zero covering every finite value.

    Parameters
    ----------
    values : array_like of float, any shape
        The numbers the scale must cover (non-finite ones are ignored).
    floor : float
        Smallest half-width (so an all-zero matrix still gets a valid scale).
    """
    arr = np.asarray(values, dtype=float).ravel()
    arr = arr[np.isfinite(arr)]
    m = max(floor, float(np.abs(arr).max())) if arr.size else floor
    return [-m, m]
