"""The row above the stage (Play / Stop, key P) and the stage of the weights page.

Out of autoplay the stage is one chart with its own browser-side slider:
scrubbing reruns nothing. Autoplay steps through the iterations on the server:
a fragment reruns every 1/fps seconds and hands the browser the same spec
(:func:`ui.weights.bundle.player_spec`, nothing in it depends on the step)
with one iteration's data, so the chart is updated in place.
"""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.state import render
from ui.unit_maps import fit_css
from ui.weights import bundle as weights_bundle
from ui.weights.fields import FPS_FIELD
from ui.weights.runs import RunConfig

PLAY_KEY = "wts_play"  # session state: autoplay on (not kept in the URL)
FRAME_KEY = "wts_frame"
SHORTCUT = "P"
KEYS_HELP = "Keyboard / clicker: P = play / stop the iterations; drag the slider under the chart"


def _set_play(on: bool) -> None:
    st.session_state[PLAY_KEY] = on


def keys_caption() -> None:
    """Say which key plays (lecture mode only; this page has no Step / Back)."""
    if layout.lecture_mode():
        st.caption(KEYS_HELP)


def controls_and_stage(cfgs: tuple[RunConfig, RunConfig], bundle: dict, lecture: bool) -> None:
    """The row above the stage (Play or Stop, frames per second) and the stage itself."""
    if not st.session_state.get(PLAY_KEY):
        row = st.columns([1.3, 2.2, 5], vertical_alignment="bottom")
        row[0].button(
            "▶ Play", key="wts_play_btn", on_click=_set_play, args=(True,), shortcut=SHORTCUT,
            type="primary", width="stretch",
            help="Step through the iterations automatically (key P; the server draws each "
            "frame). Stop to get the browser slider back.",
        )  # fmt: skip
        render(FPS_FIELD, row[1])
        with row[2]:
            keys_caption()
        st.html(fit_css(lecture))
        with layout.stage():
            st.vega_lite_chart(spec=bundle["stage"], width="content")
        return
    fps = st.session_state.get(FPS_FIELD.key, FPS_FIELD.default)
    _play(cfgs, bundle, lecture, fps if fps in FPS_FIELD.options else FPS_FIELD.default)


def _play(cfgs: tuple[RunConfig, RunConfig], bundle: dict, lecture: bool, fps: int) -> None:
    """Autoplay: a fragment that draws the next frame every 1/fps seconds."""
    frames = weights_bundle.autoplay_frames(bundle["chart_steps"])
    spec = weights_bundle.player_spec(*cfgs, lecture)

    @st.fragment(run_every=1.0 / fps)
    def _player() -> None:
        if not st.session_state.get(PLAY_KEY):
            st.rerun()
        row = st.columns([1.3, 2.2, 5], vertical_alignment="bottom")
        row[0].button("⏹ Stop", key="wts_stop", on_click=_set_play, args=(False,),
                      shortcut=SHORTCUT, width="stretch", help="Stop autoplay (P).")  # fmt: skip
        if render(FPS_FIELD, row[1]) != fps:
            st.rerun()  # a new speed: the fragment's timer is set when it is defined
        k = st.session_state.get(FRAME_KEY, 0) % len(frames)
        row[2].markdown(
            f"**Iteration {frames[k]:,}** of {bundle['last_step']:,} · the server draws each "
            "frame; Stop (P) to scrub in the browser"
        )
        st.html(fit_css(lecture))
        with layout.stage():
            data = weights_bundle.frame_data(*cfgs, int(frames[k]))
            st.vega_lite_chart(spec={**spec, "datasets": data}, width="content")
        st.session_state[FRAME_KEY] = k + 1

    _player()
