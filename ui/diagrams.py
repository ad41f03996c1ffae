"""DOT diagrams that explain structure (not data): the worksheet's 1a flow."""

from __future__ import annotations

FORWARD = "#0b5cad"
BACKWARD = "#c0392b"


def flow_latex_1a(output_activation: bool = True, show_deltas: bool = True) -> str:
    """Worksheet 1a's forward pass as one LaTeX array, with where the deltas live.

    x^(0) -> W^(1) -> S^(1) -> g -> x^(1) -> W^(2) -> S^(2) -> g (or id) -> x^(2) -> ell,
    typeset by KaTeX at text size, so it reads on a laptop, a phone and a
    projector alike (a drawn diagram scaled to the page width did not). The
    second row puts each delta delta^(l) = d ell / d S^(l) under its S node, red,
    with the order in which backprop computes it (output layer first).

    Parameters
    ----------
    output_activation : bool
        Whether the output layer applies g (else x^(2) = S^(2), identity output).
    show_deltas : bool
        Draw the second row (the deltas and the backward arrows).
    """
    g2 = "g" if output_activation else r"\mathrm{id}"
    top = (
        r"x^{(0)} & \xrightarrow{\;W^{(1)}\;} & S^{(1)} & \xrightarrow{\;g\;} & x^{(1)} & "
        rf"\xrightarrow{{\;W^{{(2)}}\;}} & S^{{(2)}} & \xrightarrow{{\;{g2}\;}} & x^{{(2)}} & "
        r"\longrightarrow & \ell"
    )
    if not show_deltas:
        return r"\begin{array}{ccccccccccc}" + top + r"\end{array}"
    red = r"\color{#c0392b}"
    bottom = (
        rf"& & {red}\underset{{\text{{2nd}}}}{{\delta^{{(1)}}}} & & & {red}\xleftarrow{{\qquad}} & "
        rf"{red}\underset{{\text{{1st}}}}{{\delta^{{(2)}}}} & & & {red}\xleftarrow{{\qquad}} & "
    )
    return r"\begin{array}{ccccccccccc}" + top + r" \\[10pt] " + bottom + r"\end{array}"
