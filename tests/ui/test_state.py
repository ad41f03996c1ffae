"""ui.state: the field schema, URL parsing/validation and the fallback notice."""

import pytest
from streamlit.testing.v1 import AppTest

from ui.state import Field


def test_field_rejects_bad_default_and_kind():
    with pytest.raises(ValueError, match="default of 'x' is invalid"):
        Field("x", "slider", 5.0, "x", lo=0.0, hi=1.0)
    with pytest.raises(ValueError, match="unknown field kind"):
        Field("x", "dial", 0, "x")


@pytest.mark.parametrize(
    ("field", "text", "ok"),
    [
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "0.25", True),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "2", False),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "nan", False),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "inf", False),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "abc", False),
        (Field("n", "int", 3, "n", lo=1, hi=8), "4", True),
        (Field("n", "int", 3, "n", lo=1, hi=8), "4.5", False),
        (Field("n", "int", 3, "n", lo=1, hi=8), "1e999", False),
        (Field("c", "select", "x", "c", options=("x", "y")), "y", True),
        (Field("c", "select", "x", "c", options=("x", "y")), "z", False),
        (Field("t", "toggle", False, "t"), "true", True),
        (Field("t", "toggle", False, "t"), "perhaps", False),
        (Field("t", "toggle", False, "t"), "TRUE", True),
        # issue 16: numbers only as a person writes them, booleans only true/false
        (Field("t", "toggle", False, "t"), "1", False),
        (Field("t", "toggle", False, "t"), "yes", False),
        (Field("n", "int", 3, "n", lo=1, hi=80), "1_0", False),
        (Field("n", "int", 3, "n", lo=1, hi=80), "0x10", False),
        (Field("n", "int", 3, "n", lo=1, hi=80), "0o7", False),
        (Field("n", "int", 3, "n", lo=1, hi=80), "１０", False),
        (Field("n", "int", 3, "n", lo=1, hi=80), "10", True),
        (Field("n", "int", 3, "n", lo=1, hi=80), " 10 ", True),
        (Field("n", "int", 3, "n", lo=1, hi=80), "1e1", True),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), ".5", True),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "+0.5", True),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "5e-1", True),
        (Field("a", "slider", 0.5, "a", lo=0.0, hi=1.0), "0.5j", False),
        (Field("c", "select_slider", 1.0, "c", options=(0.5, 1.0)), "1_0", False),
        (Field("c", "select_slider", 1.0, "c", options=(0.5, 1.0)), "1", True),
        (Field("s", "text", "", "s", max_chars=5), "abcde", True),
        (Field("s", "text", "", "s", max_chars=5), "abcdef", False),
    ],
)
def test_parse_and_check(field, text, ok):
    try:
        problem = field.check(field.parse(text))
    except (ValueError, OverflowError):
        problem = "unparsable"
    assert (problem == "") is ok


def test_int_parse_returns_int():
    value = Field("n", "int", 3, "n", lo=1, hi=8).parse("5")
    assert value == 5 and isinstance(value, int)
    with pytest.raises(ValueError, match="written with digits"):
        Field("a", "number", 0.0, "a").parse("nan")


def _script():
    import streamlit as st

    from ui import state

    fields = (
        state.Field("p_lr", "slider", 0.5, "lr", lo=0.0, hi=1.0),
        state.Field("p_init", "select", "constant", "init", options=("constant", "random")),
        state.Field("p_n", "int", 3, "n", lo=1, hi=8),
    )
    state.show_url_notices(fields)
    values = state.render_all(fields)
    st.write(repr(values))


def _run(query):
    at = AppTest.from_function(_script, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_url_reproduces_values():
    at = _run({"p_lr": "0.25", "p_init": "random", "p_n": "7"})
    assert not at.exception
    assert at.slider(key="p_lr").value == 0.25
    assert at.selectbox(key="p_init").value == "random"
    assert at.number_input(key="p_n").value == 7
    assert not at.caption


def test_bad_url_values_fall_back_with_notice():
    at = _run({"p_lr": "NaN", "p_init": "<script>", "p_n": "9" * 500})
    assert not at.exception
    assert at.slider(key="p_lr").value == 0.5
    assert at.selectbox(key="p_init").value == "constant"
    assert at.number_input(key="p_n").value == 3
    notice = at.caption[0].value
    assert "p_lr=“NaN”" in notice and "p_init=“\\<script\\>”" in notice and "p_n=" in notice
    assert "9" * 40 not in notice  # quoted as a short excerpt
    assert len(notice) < 600


def _choice_script():
    import streamlit as st

    from ui import state

    fields = (
        state.Field("q_rate", "select_slider", 0.5, "rate", options=(0.1, 0.5, 1.0)),
        state.Field(
            "q_init",
            "select",
            "rand",
            "init",
            options=("const", "rand"),
            labels={"const": "constant a", "rand": "random normal"},
        ),
    )
    state.show_url_notices(fields)
    st.write(repr(state.render_all(fields)))


def test_choice_url_values_accept_numbers_and_labels():
    at = AppTest.from_function(_choice_script, default_timeout=30)
    at.query_params["q_rate"] = "1"
    at.query_params["q_init"] = "constant a"
    at.run()
    assert not at.exception
    assert not at.caption, [c.value for c in at.caption]
    assert at.select_slider(key="q_rate").value == 1.0
    assert at.selectbox(key="q_init").value == "const"


def test_choice_url_value_may_name_the_option_itself():
    at = AppTest.from_function(_choice_script, default_timeout=30)
    at.query_params["q_init"] = "const"
    at.run()
    assert not at.exception and not at.caption
    assert at.selectbox(key="q_init").value == "const"
