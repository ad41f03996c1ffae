"""Backprop Lab entry point: page config, lecture-mode toggle, navigation.

Run with ``streamlit run streamlit_app.py``.
"""

import streamlit as st

from ui.layout import lecture_toggle
from ui.pages import PAGES

st.set_page_config(
    page_title="Backprop Lab",
    page_icon="🧠",
    layout="wide",
    initial_sidebar_state="expanded",
)

navigation = st.navigation(
    [
        st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
        for p in PAGES
    ]
)
lecture_toggle()
navigation.run()
