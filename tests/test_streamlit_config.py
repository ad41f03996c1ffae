"""The app's Streamlit settings (.streamlit/config.toml), which Community Cloud reads too."""

from __future__ import annotations

import tomllib
from pathlib import Path

import streamlit as st

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def _settings() -> dict[str, object]:
    """Every setting in the file as "section.option" -> value."""
    table = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {f"{section}.{name}": value for section, options in table.items()
            for name, value in options.items()}  # fmt: skip


def test_every_setting_is_one_streamlit_knows():
    """A misspelt or retired option would be ignored without a word (st.get_option
    raises for a key Streamlit does not define)."""
    unknown = []
    for name in _settings():
        try:
            st.get_option(name)
        except RuntimeError:
            unknown.append(name)
    assert not unknown, unknown


def test_no_full_garbage_collection_after_every_run():
    """Streamlit's default gc.collect(2) after each run holds the GIL for about 100 ms
    with numpy, pandas and Altair loaded, and a Step press's messages wait behind it."""
    assert _settings()["runner.postScriptGC"] is False


def test_projector_theme_and_viewer_toolbar():
    settings = _settings()
    assert settings["theme.base"] == "light" and settings["theme.baseFontSize"] >= 16
    assert settings["client.toolbarMode"] == "viewer"
    assert settings["client.showErrorDetails"] == "none"  # no traceback mid-lecture
