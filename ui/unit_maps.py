"""Pieces shared by the pages that draw hidden units' maps in one composed chart.

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
