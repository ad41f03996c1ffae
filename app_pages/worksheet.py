"""Placeholder while the page is built."""

import streamlit as st

from ui import layout

layout.header("worksheet")
with layout.stage():
    st.info("This page is being built.")
