"""Placeholder while the page is built."""

import streamlit as st

from ui import layout

layout.header("poll")
with layout.stage():
    st.info("This page is being built.")
