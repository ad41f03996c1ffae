"""Backprop Lab entry point: page config, lecture-mode toggle, navigation.

Run with ``streamlit run streamlit_app.py``.
"""

import streamlit as st

from ui.layout import lecture_mode, lecture_toggle, page_css
from ui.pages import PAGES
from ui.state import note_page

# Lecture mode opens with the sidebar collapsed (the projector shows the stage);
# otherwise Streamlit decides: open on a laptop, collapsed on a phone.
st.set_page_config(
    page_title="Backprop Lab",
    page_icon="🧠",
    layout="wide",
    initial_sidebar_state="collapsed" if lecture_mode() else "auto",
)

navigation = st.navigation(
    [
        st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
        for p in PAGES
    ]
)
note_page(navigation.url_path)  # a new visit: links win over the last visit's steps
lecture_toggle()
page_css()
navigation.run()
