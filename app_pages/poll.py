"""Class poll: the room votes on the lecture's questions, the projector shows the bars.

Two views on one page. The host (the lecturer's browser, on the projector) starts
a room, opens questions from the bank, watches the votes arrive, re-votes and
reveals. Students open the join link (``?room=CODE``) on their phones and tap an
option; no login, nothing personal stored. The host token never leaves the
host's session: a host link's ``?host=`` is read once and removed from the URL.
"""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui.poll import host, student
from ui.poll.access import store_problem
from ui.poll.fields import FIELDS, ROOM
from ui.state import show_url_notices

layout.header("poll")
show_url_notices(FIELDS)
problem = host.adopt_host_link()  # first: a host token leaves the URL whatever happens next
broken = store_problem()
if broken:
    st.error(broken)
    st.stop()
if ROOM in st.query_params:
    student.view(st.query_params[ROOM])
else:
    host.view(problem)
    layout.explain(
        "**Predict, then reveal.** Each demo page's *Question for the class* card (lecture "
        "mode) links here with its question chosen. Peer instruction: hide the bars for the "
        "first vote, let neighbours discuss, **Re-vote**, then **Reveal** and open the demo "
        "view that shows why."
    )
