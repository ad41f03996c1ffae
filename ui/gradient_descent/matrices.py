"""The filled-in update as HTML matrices (bracketed CSS grids), for the stage.

Why not st.latex here: the stage redraws at every Step press, and KaTeX
re-typesetting three blocks of matrices costs the browser hundreds of
milliseconds per press; an HTML fragment is swapped in a few. The symbolic
rules stay LaTeX (latex.py), drawn once outside the stepper.

Every matrix is a ``<div class="gdm" data-name="...">`` whose cells are
``<span>`` elements in row-major order, so tests can read the numbers back.
The page injects :data:`CSS` once, outside the stepper: a ``<style>`` element
swapped in at every step would make the browser restyle the whole page.
"""

from __future__ import annotations

from html import escape

import numpy as np

SUP = str.maketrans("0123456789+-()t", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵗ")
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

CSS = """
<style>
.gdu { font-family: KaTeX_Main, 'Latin Modern Roman', 'Times New Roman', serif;
       line-height: 1.25; color: #111; overflow-x: auto; overflow-y: hidden; }
.gdu .blk { display: grid; grid-template-columns: auto auto; column-gap: .3em; row-gap: .25em;
            align-items: center; margin-bottom: .6em; }
.gdu .lhs { text-align: right; white-space: nowrap; }
.gdu .rhs { display: flex; align-items: center; gap: .25em; white-space: nowrap; }
.gdu .gdm { display: inline-grid; column-gap: .7em; row-gap: .05em; padding: .05em .4em;
            position: relative; text-align: right; }
.gdu .gdm::before, .gdu .gdm::after { content: ""; position: absolute; top: 0; bottom: 0;
            width: .28em; border: 1.5px solid #222; }
.gdu .gdm::before { left: 0; border-right: none; }
.gdu .gdm::after { right: 0; border-left: none; }
.gdu i { font-style: italic; }
</style>
"""


def fmt(value: float, digits: int = 2) -> str:
    """A number in at most about 7 characters: ``digits`` significant digits, a
    compact power of ten (``1.2e5``) outside 0.001..1000, a real minus sign."""
    value = float(value)
    if not np.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "NaN")
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e3:
        text = f"{value:.{digits}g}"
        if "e" in text:  # e.g. 1.2e+02 for digits=2
            text = f"{value:.0f}"
    else:
        mantissa, exponent = f"{value:.{max(digits - 1, 0)}e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def name(symbol: str, sub: str = "", t: int | None = None) -> str:
    """``W₁⁽¹⁾`` as HTML: an italic symbol, a subscript, the step as a superscript."""
    out = f"<i>{escape(symbol)}</i>{sub.translate(SUB)}"
    return out + (f"({int(t)})".translate(SUP) if t is not None else "")


def matrix(array, label: str, digits: int = 2) -> str:
    """A bracketed matrix; a 1-D array is a column, shape (1, n) a row."""
    arr = np.asarray(array, dtype=float)
    arr = arr[:, None] if arr.ndim == 1 else np.atleast_2d(arr)
    cells = "".join(f"<span>{fmt(v, digits)}</span>" for v in arr.ravel())
    grid = f"grid-template-columns: repeat({arr.shape[1]}, auto)"
    return f'<div class="gdm" data-name="{escape(label)}" style="{grid}">{cells}</div>'


def block(lhs: str, rows: list[tuple[str, str]]) -> str:
    """Aligned rows: ``lhs = first``, then ``(prefix) rest`` for every further row."""
    html = [f'<div class="lhs">{lhs} =</div><div class="rhs">{rows[0][1]}</div>']
    html += [f'<div class="lhs">{p}</div><div class="rhs">{r}</div>' for p, r in rows[1:]]
    return '<div class="blk">' + "".join(html) + "</div>"


def stage(model: str, params: dict, x, terms: dict, eta: float, t: int, digits: int = 2,
          px: int = 17, grow: bool = False) -> list[str]:  # fmt: skip
    """The update from step t to t + 1 with the numbers: one HTML column per list entry.

    Each parameter takes three rows: the old value; minus eta times the
    factors of the worksheet's formula; the result. 2e: [W1 and b, W2];
    2b: [W, b]. Matrices are named "<param>" (old), "<param>-new" and the
    factors by what they are ("W2T r", "x^T", "r", "h^T", "sigma_prime"). With
    ``grow`` the type grows with the viewport beyond 1280 px (lecture mode).
    """
    new, e = terms["new"], f"− {fmt(eta, 4)}"
    size = f"{int(px)}px"
    if grow:  # px at 1280 px wide and below, up to 1.4 x px on wider screens (a projector)
        size = f"clamp({size}, {100 * px / 1280:.3f}vw, {1.4 * px:.1f}px)"
    wrap = f'<div class="gdu" style="font-size: {size}">{{}}</div>'

    def m(a, label: str) -> str:
        return matrix(a, label, digits)

    if model == "2b":
        coef = f"· ({fmt(terms['coef'], digits)}) ·"
        w = block(name("W", t=t + 1), [
            ("", m(params["W"], "W")),
            (e, f"{coef} {m(terms['sprime'], 'sigma_prime')} {m(np.atleast_2d(x), 'x^T')}"),
            ("=", m(new["W"], "W-new")),
        ])  # fmt: skip
        b = block(name("b", t=t + 1), [
            ("", m(params["b"], "b")),
            (e, f"{coef} {m(terms['sprime'], 'sigma_prime')}"),
            ("=", m(new["b"], "b-new")),
        ])  # fmt: skip
        return [wrap.format(w), wrap.format(b)]
    w1 = block(name("W", "1", t + 1), [
        ("", m(params["W1"], "W1")),
        (e, f"{m(terms['back'], 'W2T r')} {m(np.atleast_2d(x), 'x^T')}"),
        ("=", m(new["W1"], "W1-new")),
    ])  # fmt: skip
    w2 = block(name("W", "2", t + 1), [
        ("", m(params["W2"], "W2")),
        (e, f"{m(terms['r'], 'r')} {m(np.atleast_2d(terms['hidden']), 'h^T')}"),
        ("=", m(new["W2"], "W2-new")),
    ])  # fmt: skip
    b = block(name("b", t=t + 1), [
        ("", f"{m(params['b'], 'b')} {e} {m(terms['back'], 'W2T r')} = {m(new['b'], 'b-new')}"),
    ])  # fmt: skip
    return [wrap.format(w1 + b), wrap.format(w2)]


def intermediates(model: str, x, y, terms: dict, eta: float, digits: int = 3) -> str:
    """The inputs and intermediate vectors of one update, side by side (HTML)."""

    def item(lhs: str, value, label: str) -> str:
        body = matrix(value, label, digits) if np.ndim(value) else fmt(value, digits)
        return f'<div class="rhs">{lhs} = {body}</div>'

    items = [item(name("x"), x, "x"), item(name("y"), y, "y"), item("<i>η</i>", eta, "eta")]
    if model == "2b":
        items += [
            item(f"{name('z')} = {name('W')}{name('x')} + {name('b')}", terms["z"], "z"),
            item("σ(<i>z</i>)", terms["s"], "sigma"),
            item("σ(<i>z</i>)(1 − σ(<i>z</i>))", terms["sprime"], "sigma_prime"),
            item("2(Σ<sub>j</sub> σ(<i>z<sub>j</sub></i>) − <i>y</i>)", terms["coef"], "coef"),
        ]
    else:
        items += [
            item(f"{name('h')} = {name('W', '1')}{name('x')} + {name('b')}", terms["hidden"], "h"),
            item(f"{name('r')} = {name('W', '2')}{name('h')} − {name('y')}", terms["r"], "r"),
            item(f"{name('W', '2')}<sup>⊤</sup>{name('r')}", terms["back"], "W2T r"),
        ]
    style = "display: flex; flex-wrap: wrap; gap: .6em 2.2em; align-items: center"
    return f'<div class="gdu" style="font-size: 17px; {style}">{"".join(items)}</div>'
