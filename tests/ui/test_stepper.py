"""ui.stepper: presses move the shown step once each, within 0..last, and the URL follows.

The lost-press case (issue: stepping that keeps up with the lecturer) is played
the way a browser sends it: the press arrives together with the slider value
that was on screen *before* the previous press's rerun reached the browser.
"""

import pytest
from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui.state import Field
    from ui.stepper import keys_caption, step_controls

    field = Field("t_step", "int_slider", 0, label="Step", lo=0, hi=4, step=1, clamp=True)
    k = step_controls(field, int(st.session_state.get("last", 4)), ends=True)
    keys_caption(ends=True)
    st.write(f"k={k}")


def _shown(at) -> int:
    return int(at.markdown[-1].value.removeprefix("k="))


def _url(at) -> int:
    """The step the link holds (the default, 0, leaves the URL)."""
    return int(at.query_params.get("t_step", 0))


def _app(url: str | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    if url is not None:
        at.query_params["t_step"] = url
    return at.run()


def test_buttons_move_one_step_each_within_bounds_and_the_url_follows():
    at = _app()
    assert _shown(at) == 0 and at.slider(key="t_step").value == 0
    at.button(key="t_step_back").click().run()
    assert _shown(at) == 0  # never below step 0
    for want in (1, 2, 3, 4, 4):  # the fifth press stays at the last step
        at.button(key="t_step_next").click().run()
        assert (_shown(at), at.slider(key="t_step").value) == (want, want)
    assert _url(at) == 4
    at.button(key="t_step_reset").click().run()
    assert _shown(at) == 0
    at.button(key="t_step_end").click().run()
    assert _shown(at) == 4
    at.button(key="t_step_back").click().run()
    assert _shown(at) == 3 and _url(at) == 3


def test_a_press_sent_with_the_stale_slider_value_still_counts():
    at = _app()
    at.button(key="t_step_next").click().run()
    at.button(key="t_step_next").click().run()
    assert _shown(at) == 2
    # The browser had not yet drawn step 2 when the next press left it: it sends 1.
    at.slider(key="t_step").set_value(1)
    at.button(key="t_step_next").click().run()
    assert (_shown(at), at.slider(key="t_step").value) == (3, 3)
    at.slider(key="t_step").set_value(2)  # the same with Back: 3 - 1, not 2 - 1
    at.button(key="t_step_back").click().run()
    assert _shown(at) == 2


def test_dragging_the_slider_alone_sets_the_step():
    at = _app()
    at.slider(key="t_step").set_value(3).run()
    assert _shown(at) == 3
    at.button(key="t_step_next").click().run()
    assert _shown(at) == 4  # and the buttons go on from there


@pytest.mark.parametrize(("url", "shown", "noted"), [("2", 2, False), ("99", 4, True),
                                                     ("-7", 0, True)])  # fmt: skip
def test_a_link_opens_its_step_clamped_to_the_steps_that_exist(url, shown, noted):
    at = _app(url)
    assert not at.exception
    assert _shown(at) == shown and at.slider(key="t_step").value == shown
    assert _url(at) == shown
    notes = [c.value for c in at.caption if "does not exist" in c.value]
    assert bool(notes) == noted


def test_fewer_steps_clamp_the_shown_one():
    at = _app()
    at.button(key="t_step_end").click().run()
    at.session_state["last"] = 2
    at.run()
    assert _shown(at) == 2
    at.session_state["last"] = 0
    at.run()
    assert _shown(at) == 0 and not at.exception
    assert any("Only step 0" in c.value for c in at.caption)


def test_keys_are_said_in_lecture_mode_only():
    at = _app()
    assert not any("PageDown" in c.value for c in at.caption)
    at.query_params["lecture"] = "true"
    at = AppTest.from_function(_script, default_timeout=30)
    at.query_params["lecture"] = "true"
    at.run()
    (keys,) = [c.value for c in at.caption if "PageDown" in c.value]
    assert "Home / End" in keys


def _away_script():
    import streamlit as st

    from ui.state import Field, note_page
    from ui.stepper import step_controls

    here = st.session_state.get("here", True)  # False: the user is on another page
    note_page("stepping" if here else "elsewhere")  # as streamlit_app.py does
    if here:
        field = Field("t_step", "int_slider", 0, label="Step", lo=0, hi=4, step=1, clamp=True)
        st.write(f"k={step_controls(field, 4)}")
    else:
        st.write("elsewhere")


@pytest.mark.parametrize(("url", "shown"), [(None, 0), ("1", 1)])
def test_a_new_visit_shows_the_links_step_not_the_last_visits(url, shown):
    at = AppTest.from_function(_away_script, default_timeout=30).run()
    for _ in range(3):
        at.button(key="t_step_next").click().run()
    assert _shown(at) == 3
    at.session_state["here"] = False
    at.run()  # the page is left
    at.session_state["here"] = True
    if url is not None:
        at.query_params["t_step"] = url
    at.run()
    assert _shown(at) == shown
