"""ui.layout: lecture mode from the link, its notice, and the stage/settings placement."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui import layout

    layout.lecture_toggle()
    layout.header("symmetry")
    panel = layout.settings()
    panel.slider("a control", 0, 10, key="ctl")
    with layout.stage():
        st.write("the key visual")


def _run(query):
    at = AppTest.from_function(_script, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_lecture_true_puts_controls_in_a_collapsed_settings_expander():
    at = _run({"lecture": "true"})
    assert not at.exception
    assert at.sidebar.toggle(key="lecture").value is True
    assert [e.label for e in at.expander] == ["Settings"]
    assert not at.sidebar.slider
    assert at.markdown[0].value.startswith("### ")  # one-line title


def test_without_lecture_controls_stay_in_the_sidebar():
    at = _run({})
    assert not at.exception
    assert at.sidebar.slider and not at.expander
    assert at.title[0].value.endswith("Symmetry breaking")


def test_a_bad_lecture_value_gets_a_notice_not_silence():
    at = _run({"lecture": "maybe"})
    assert not at.exception
    assert at.sidebar.toggle(key="lecture").value is False
    notices = [c.value for c in at.caption if "Link problem" in c.value]
    assert notices and "lecture=“maybe”" in notices[0] and "true or false" in notices[0]
