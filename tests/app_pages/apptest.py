"""Helpers for driving pages headlessly with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def run_page(page: str, query: dict[str, str] | None = None, **state) -> AppTest:
    """Run ``app_pages/<page>.py`` (or a path) once, with query params and session state.

    Returns the AppTest after the run; callers assert ``not at.exception``.
    """
    path = ROOT / (page if page.endswith(".py") else f"app_pages/{page}.py")
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def vega_specs(at: AppTest) -> list[dict]:
    """Every Altair/Vega-Lite chart on the page: the parsed spec, with its
    named datasets decoded to pandas DataFrames under ``spec["_data"]``."""
    specs = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        spec["_data"] = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for d in el.proto.datasets
        }
        specs.append(spec)
    return specs


def dot_sources(at: AppTest) -> list[str]:
    """The DOT source of every st.graphviz_chart on the page."""
    return [el.proto.spec for el in at.get("graphviz_chart")]


def messages(at: AppTest) -> list[str]:
    """Text of every error, warning, info and success box on the page."""
    out = []
    for kind in ("error", "warning", "info", "success"):
        out += [el.value for el in getattr(at, kind)]
    return out


def distinct_maps(maps: np.ndarray, tol: float = 1e-6) -> int:
    """Different pictures among unit maps of shape (d, G, G), within ``tol``.

    Grouped greedily by hand here, independently of the app's own count
    (lessons.symmetry), which the page tests compare against.
    """
    groups: list[np.ndarray] = []
    for m in maps:
        if not any(np.abs(m - g).max() <= tol for g in groups):
            groups.append(m)
    return len(groups)
