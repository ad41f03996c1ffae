"""Page furniture shared by every page: lecture mode, header, stage, settings, notes.

Lecture mode (a sidebar toggle, kept in the URL as ``lecture``) is for a
projector: a one-line title, one row of the controls a lecturer touches while
talking, then the page's key visual in ``st.container(key="stage")`` sized to
fit a 1280x720 screen; every other control sits in a collapsed "Settings"
expander below the stage, and prose is hidden. Out of lecture mode the same
controls live in the sidebar.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui import theme
from ui.pages import PAGES
from ui.safe_text import escape_markdown, quote
from ui.state import fix_param

LECTURE_KEY = "lecture"
STAGE_HEIGHT = 440  # px: the stage's key visual in lecture mode (fits 1280x720)
_NOTICE_KEY = "_app_link_notice"
KEYS_HELP = "Clicker / keyboard: PageDown or → = Step ▶, PageUp or ← = ◀ Back"

_CSS_ALWAYS = """
<style>
/* Phones: nothing may scroll sideways; charts and tables shrink with the page. */
[data-testid="stMainBlockContainer"] { max-width: 100%; }
.stVegaLiteChart, .stGraphVizChart, [data-testid="stDataFrame"] { max-width: 100%; }
/* A chart wider than a phone (a row of fixed-size heatmap cells) scrolls inside its
   own box, so the page itself never scrolls sideways. */
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; overflow-y: hidden; }
[data-testid="stGraphVizChart"] svg { max-width: 100%; height: auto; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
</style>
"""
_CSS_LECTURE = """
<style>
/* Lecture mode: a thin top margin, so the stage fits a 1280x720 projector. */
[data-testid="stMainBlockContainer"] { padding-top: 2.9rem; padding-bottom: 1rem; }
[data-testid="stHeader"] { height: 2.5rem; min-height: 2.5rem; }
.st-key-stage { font-size: 1.15rem; }
.st-key-stage .katex-display .katex { font-size: 1.45em; }
.st-key-flow .katex-display .katex { font-size: 1.8em; }
.st-key-stage [data-testid="stMetricValue"] { font-size: 2.1rem; }
.st-key-lecture-title h3 { padding: 0; margin: 0; }
</style>
"""


def literal(text: str) -> str:
    """``text`` escaped for st.markdown / st.error, so it shows exactly as typed.

    For messages that quote user input (a formula, a variable line): without
    this, ``__import__`` shows as a bold "import" and ``$x$`` as LaTeX. For a
    quoted excerpt of a value, use :func:`ui.safe_text.quote`.
    """
    return escape_markdown(text)


def lecture_mode() -> bool:
    """True when the sidebar "Lecture mode" toggle is on (or ``?lecture=true``)."""
    if LECTURE_KEY in st.session_state:
        return bool(st.session_state[LECTURE_KEY])
    return str(st.query_params.get(LECTURE_KEY, "")).lower() == "true"


def lecture_toggle() -> bool:
    """Draw the sidebar toggle (called once, from streamlit_app.py).

    A link whose ``lecture`` value is not true/false gets a notice under the
    page title (see :func:`header`) instead of being dropped silently.
    """
    raw = st.query_params.get(LECTURE_KEY)
    if raw is not None and str(raw).strip().lower() not in ("true", "false"):
        st.session_state[_NOTICE_KEY] = (
            f"URL value lecture={quote(raw)} ignored (expected true or false); lecture mode is off."
        )
        fix_param(LECTURE_KEY, None)
    return st.sidebar.toggle(
        "Lecture mode",
        value=False,
        key=LECTURE_KEY,
        bind="query-params",
        help="For projection: a one-line title, the key visual on one screen, the other "
        "controls in a collapsed Settings panel. Kept in the URL, so a prepared link opens "
        "in lecture mode.",
    )


# Presentation clickers send PageDown / PageUp (some send the arrow keys). Streamlit's
# button shortcuts only hear keys while the focus is inside the app, so a press right
# after load (focus on <body>) would be lost: keys aimed at <body> are forwarded to the
# Step / Back buttons here. The arrow keys do the same, except where a focused slider,
# text box or list uses them.
_KEYS_JS = """
<script>
(() => {
  if (window.__backpropKeys) return;
  window.__backpropKeys = true;
  const TARGET = {PageDown: "PageDown", PageUp: "PageUp", ArrowRight: "PageDown",
                  ArrowLeft: "PageUp"};
  document.addEventListener("keydown", (event) => {
    const want = TARGET[event.key];
    if (!want || event.ctrlKey || event.metaKey || event.altKey) return;
    const el = event.target;
    const atBody = !el || el === document.body || el === document.documentElement;
    const arrow = event.key.startsWith("Arrow");
    if (!atBody) {
      if (!arrow) return;  // PageDown / PageUp inside the app: Streamlit's shortcut
      const tag = el.tagName || "";
      const role = (el.getAttribute && el.getAttribute("role")) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || el.isContentEditable ||
          ["slider", "listbox", "combobox", "option", "tab", "radio"].includes(role)) return;
    }
    const key = document.querySelector(`kbd[aria-label="Shortcut ${want}"]`);
    const button = key && key.closest("button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  }, true);
})();
</script>
"""


def page_css() -> None:
    """Inject the app's small CSS (phones always; the projector layout in lecture mode)
    and the clicker-key forwarding script."""
    st.html(_CSS_ALWAYS + (_CSS_LECTURE if lecture_mode() else ""))
    st.html(_KEYS_JS, unsafe_allow_javascript=True)


def chart_height(base: int = theme.CHART_HEIGHT) -> int:
    """Chart height in pixels, larger in lecture mode."""
    return int(base * theme.LECTURE_SCALE) if lecture_mode() else base


def stage_height(normal: int) -> int:
    """Height of the stage's key visual: ``normal`` on a laptop, STAGE_HEIGHT in lecture mode."""
    return STAGE_HEIGHT if lecture_mode() else normal


def header(url_path: str) -> None:
    """The page's icon and title (from ui.pages), its worksheet parts and question.

    In lecture mode: one line, so the stage starts high on the projector.
    """
    info = next(p for p in PAGES if p.url_path == url_path)
    if lecture_mode():
        with st.container(key="lecture-title"):
            st.markdown(f"### {info.icon} {info.title} :gray[· {info.parts}]")
    else:
        st.title(f"{info.icon} {info.title}")
        st.caption(f"Worksheet parts {info.parts} · {info.question}")
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.caption(":orange[Link problem:] " + notice)


def page_header(title: str, parts: str, question: str) -> None:
    """Title, the worksheet parts covered, and the question (pages without a PageInfo)."""
    if lecture_mode():
        st.markdown(f"### {title} :gray[· {parts}]")
    else:
        st.title(title)
        st.caption(f"Worksheet parts {parts} · {question}")


def stage():
    """The container of the page's key visual (tests and the lecture layout find it by key)."""
    return st.container(key="stage")


def settings():
    """Where a page's other controls go: the sidebar, or in lecture mode a collapsed
    "Settings" expander (call it where the expander should appear, below the stage)."""
    if lecture_mode():
        return st.expander("Settings", expanded=False, icon=":material/tune:")
    return st.sidebar


def keys_caption(extra: str = "") -> None:
    """Say which keys step the view (small, lecture mode only)."""
    if lecture_mode():
        st.caption(KEYS_HELP + (f", {extra}" if extra else ""))


def explain(markdown: str) -> None:
    """Explanatory prose: shown normally, hidden in lecture mode."""
    if not lecture_mode():
        st.markdown(markdown)


def convention_note(text: str) -> None:
    """Say which weight convention a view uses (the worksheet asks every page to)."""
    st.caption(f"Convention: {text}")


def page_card(path: str, title: str, icon: str, url_path: str, parts: str, question: str) -> None:
    """A bordered card for one demo: title, worksheet parts, question, link.

    Uses ``st.page_link`` inside the app; when the page runs on its own (tests,
    notebooks) there is no navigation, so it falls back to a plain link.
    """
    with st.container(border=True):
        st.markdown(f"**{icon} {title}**  \n:gray[Worksheet {parts}]")
        st.markdown(question)
        page_link(path, f"Open {title}", url_path)


def page_link(path: str, label: str, url_path: str, query: str = "", icon: str = "➡️") -> None:
    """``st.page_link`` to another page (with an optional query), or a plain link outside
    the app's navigation (AppTest runs a page on its own)."""
    try:
        if query:
            params = dict(kv.split("=", 1) for kv in query.split("&") if "=" in kv)
            st.page_link(path, label=label, icon=icon, query_params=params)
        else:
            st.page_link(path, label=label, icon=icon)
    except (StreamlitAPIException, KeyError):
        st.markdown(f"[{icon} {literal(label)}](./{url_path}{'?' + query if query else ''})")
