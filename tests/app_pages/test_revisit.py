"""A page opened again in the same session shows what its link asks for.

Step and part are also set from session state (so every press counts), and
such a value outlives the page; without the visit count of ui.state.note_page
it would win over the link on the next visit (a poll's "show me" link, or the
sidebar). Runs the whole app, navigation included, as a student would.
"""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _open(at: AppTest, page: str, **query: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py")
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_link_back_to_a_page_wins_over_the_last_visit():
    at = _open(AppTest.from_file(APP, default_timeout=60), "worksheet")
    for _ in range(3):
        at.button(key="ws_next").click().run()
    assert at.selectbox(key="ws_part").value == "1d"
    _open(at, "symmetry", sym_step="0")
    for _ in range(2):
        at.button(key="sym_step_next").click().run()
    assert at.slider(key="sym_step").value == 2
    _open(at, "worksheet", ws_part="2a")
    assert at.selectbox(key="ws_part").value == "2a"
    _open(at, "symmetry", sym_step="7")
    assert at.slider(key="sym_step").value == 7
    at.button(key="sym_step_next").click().run()  # and presses go on from there
    assert at.slider(key="sym_step").value == 8


def test_a_plain_visit_starts_at_the_default():
    at = _open(AppTest.from_file(APP, default_timeout=60), "worksheet")
    at.button(key="ws_next").click().run()
    _open(at, "overview")
    at.query_params.pop("ws_part", None)
    _open(at, "worksheet")
    assert at.selectbox(key="ws_part").value == "1a"
