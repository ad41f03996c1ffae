"""Pieces shared by the pages that draw hidden units' maps in one composed stage chart.

The Logistic regression vs MLP and Weights stages both concatenate many Altair
panels into one Vega-Lite dict (one browser slider moves them all) and colour
every unit map on one scale.
"""

from __future__ import annotations

import altair as alt

from ui import theme


def unit_scale(domain) -> alt.Scale:
    """The unit maps' colour scale: diverging around the middle of a bounded activation
    (tanh, sigmoid), white-to-orange from 0 for relu (unbounded above: clamped)."""
    lo, hi = (float(v) for v in domain)
    if lo == 0 and hi > 1:
        return alt.Scale(scheme="oranges", domain=[lo, hi], clamp=True)
    return alt.Scale(scheme=theme.WEIGHT_SCHEME, domain=[lo, hi], domainMid=(lo + hi) / 2,
                     clamp=True)  # fmt: skip


def bare(chart: alt.TopLevelMixin) -> dict:
    """A chart's dict without the top-level-only keys (so it can sit inside a concat)."""
    spec = chart.to_dict(validate=False)
    for key in ("$schema", "config", "datasets"):
        spec.pop(key, None)
    return spec


def fit_css(lecture: bool) -> str:
    """CSS that scales the stage's SVG chart to the container's width; in lecture mode
    also to the screen's height (so the whole stage stays on one screen)."""
    tall = "max-height: calc(100vh - 270px);" if lecture else ""
    return (
        "<style>.st-key-stage [data-testid='stElementContainer']:has(.vega-embed), "
        ".st-key-stage [data-testid='stFullScreenFrame'], .st-key-stage "
        "[data-testid='stFullScreenFrame'] > div, .st-key-stage .vega-embed "
        "{ width: 100% !important; } .st-key-stage .vega-embed svg.marks { width: 100% "
        f"!important; height: auto !important; {tall} }} .st-key-stage .vega-bindings "
        ".vega-bind-name { font-size: 1.05rem; font-weight: 600; } .st-key-stage "
        ".vega-bindings input[type='range'] { width: min(560px, 60vw); }</style>"
    )
