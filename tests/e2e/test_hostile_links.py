"""Crafted links cannot put words in the app's mouth (issue: hostile links).

Each link below carries markup in a URL value. The page must show the value as
plain text in its link notice: no element created by the value (no link to an
outside host, heading, list, image, table, bold, italic or coloured text, no
KaTeX), and never more than the short excerpt.
"""

from urllib.parse import quote, urlparse

import pytest

from tests.e2e.conftest import assert_healthy, open_page

pytestmark = pytest.mark.e2e

NOTICE = "[data-testid='stCaptionContainer']:has-text('Link problem:')"
VALUES = {
    "markdown-link-latex-colour": "`**bold** [click](https://evil.example) $\\frac{1}{2}$ "
    ":red[RED] `",
    "heading-and-list": "`# BIG HEADING\n\n- item`",
    "katex-bomb": "\\underbrace{" * 60,
    "html-tags": "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)>",
    "javascript-link": "[x](javascript:alert(1))",
    "markdown-table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "markdown-image": "![img](https://evil.example/a.png)",
    "latex-href": "$\\href{https://evil.example}{click}$",
    "latex-def-color": "$\\def\\a{\\color{red}{X}}\\a$",
    "rtl-override": "1\u202e0.5 evil",
    "bare-url": "https://evil.example/login",
    "emphasis": "*em* __strong__ ~~strike~~",
}
PAGES = [("chain-rule", "cr_w"), ("symmetry", "sym_init"), ("gradient-descent", "gd_eta")]
CREATED = "h1, h2, h3, h4, h5, h6, ul, ol, li, img, table, strong, b, em, del, .katex, a"


@pytest.mark.parametrize("name", list(VALUES))
@pytest.mark.parametrize(("path", "key"), PAGES, ids=[p for p, _ in PAGES])
def test_a_crafted_value_is_shown_as_plain_text(page, server_url, path, key, name):
    value = VALUES[name]
    open_page(page, f"{server_url}/{path}?{key}={quote(value, safe='')}")
    notice = page.locator(NOTICE)
    assert notice.count() == 1, f"no link notice for {name}"
    created = notice.locator(CREATED)
    assert created.count() == 0, [created.nth(i).evaluate("e => e.outerHTML")
                                   for i in range(created.count())]  # fmt: skip
    coloured = notice.locator("span[style*='color']")
    # the app's own ":orange[Link problem:]" is the only coloured text
    assert coloured.count() <= 1 and "Link problem" in (coloured.first.inner_text() or "")
    text = " ".join(notice.inner_text().replace("\u200b", "").split())
    flat = " ".join(value.replace("\u202e", "U+202E").split())
    assert flat[:30] in text or flat[:20] in text  # the value is shown, as typed
    if len(flat) > 40:
        assert flat[:60] not in text  # only an excerpt
    for link in page.locator("[data-testid='stMain'] a[href]").all():
        host = urlparse(link.get_attribute("href")).hostname
        assert host in (None, "127.0.0.1", "localhost"), link.get_attribute("href")
    assert_healthy(page)
