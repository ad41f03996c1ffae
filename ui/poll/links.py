"""The poll's links: the join link students open, the host link, the QR code, and
the demo view that proves a question's answer.

Built from ``st.context.url`` (the page's address in the host's browser, without
its query); when there is none (AppTest, a notebook) the links are relative.
"""

from __future__ import annotations

import segno

from lessons.questions import Question
from ui.pages import PAGES

POLL_PATH = "poll"


def app_base(context_url: str | None) -> str:
    """The app's base URL from ``st.context.url`` ("" when unknown: links stay relative).

    >>> app_base("http://127.0.0.1:8501/poll")
    'http://127.0.0.1:8501/'
    """
    if not context_url or not context_url.startswith(("http://", "https://")):
        return ""
    base = context_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    base = base.removesuffix("/" + POLL_PATH)
    return base + "/"


def join_url(context_url: str | None, code: str) -> str:
    """The link students open: ``<app>/poll?room=CODE``."""
    return f"{app_base(context_url)}{POLL_PATH}?room={code}"


def host_url(context_url: str | None, code: str, token: str) -> str:
    """A link that makes another browser this room's host (secret: it carries the token)."""
    return f"{join_url(context_url, code)}&host={token}"


def shown_url(url: str) -> str:
    """``url`` without its scheme, as it is read out or typed from a projector."""
    return url.split("://", 1)[-1]


def qr_svg(url: str, scale: int = 8) -> str:
    """The QR code of ``url`` as an SVG string (``st.image`` shows it as a data URI,
    so it needs no media-file server)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=scale, border=2, dark="#000000", light="#ffffff")


def demo_link(question: Question, lecture: bool) -> tuple[str, str, str, str]:
    """``(page file, label, url_path, query)`` of the view that shows the answer,
    for :func:`ui.layout.page_link`."""
    page = next((p for p in PAGES if p.url_path == question.page), PAGES[0])
    params = dict(question.view)
    if lecture:
        params["lecture"] = "true"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return page.path, f"See it on {page.title}", page.url_path, query
