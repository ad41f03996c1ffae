"""DOT diagrams that explain structure (not data): the worksheet's 1a flow."""

from __future__ import annotations

FORWARD = "#0b5cad"
BACKWARD = "#c0392b"


def flow_diagram_1a(output_activation: bool = True, show_deltas: bool = True) -> str:
    """DOT source of worksheet 1a's forward pass, with where the deltas live.

    x^(0) -> [W^(1)] -> S^(1) -> g -> x^(1) -> [W^(2)] -> S^(2) -> g? -> x^(2) -> ell.
    The deltas delta^(l) = d ell / d S^(l) sit at the S nodes and are computed
    from the output back to the hidden layer (dashed red edges).

    Parameters
    ----------
    output_activation : bool
        Whether the output layer applies g (else x^(2) = S^(2), identity output).
    show_deltas : bool
        Draw the backward edges and the delta labels.
    """
    g_out = "g" if output_activation else "id"
    red = f'<BR/><FONT COLOR="{BACKWARD}" POINT-SIZE="15">'
    delta2 = f"{red}δ⁽²⁾ = ∂ℓ/∂S⁽²⁾<BR/>(1st)</FONT>" if show_deltas else ""
    delta1 = f"{red}δ⁽¹⁾ = g′(S⁽¹⁾) ⊙ δ⁽²⁾W⁽²⁾ᵀ<BR/>(2nd)</FONT>" if show_deltas else ""
    lines = [
        "digraph flow {",
        '  graph [rankdir=LR, bgcolor="transparent", nodesep=0.25, ranksep=0.3, '
        'fontname="Helvetica"];',
        '  node [fontname="Helvetica", fontsize=18, style="filled,rounded", '
        'shape=box, fillcolor="#eef2f7", color="#333333", penwidth=1.4, margin="0.12,0.06"];',
        f'  edge [color="{FORWARD}", penwidth=2, arrowsize=0.8];',
        '  x0 [label="x⁽⁰⁾\\ninput"];',
        '  W1 [label="W⁽¹⁾\\nd⁽⁰⁾×d⁽¹⁾", shape=box3d, fillcolor="#fff3d6"];',
        f'  S1 [label=<S⁽¹⁾ = x⁽⁰⁾W⁽¹⁾<BR/>+ b⁽¹⁾{delta1}>, fillcolor="#dbe9f7"];',
        '  g1 [label="g", shape=circle, fillcolor="#ffffff", margin=0.02];',
        '  x1 [label="x⁽¹⁾\\nhidden"];',
        '  W2 [label="W⁽²⁾\\nd⁽¹⁾×d⁽²⁾", shape=box3d, fillcolor="#fff3d6"];',
        f'  S2 [label=<S⁽²⁾ = x⁽¹⁾W⁽²⁾<BR/>+ b⁽²⁾{delta2}>, fillcolor="#dbe9f7"];',
        f'  g2 [label="{g_out}", shape=circle, fillcolor="#ffffff", margin=0.02];',
        '  x2 [label="x⁽²⁾\\noutput"];',
        '  loss [label="ℓ(x⁽²⁾, y)\\nloss", shape=doubleoctagon, fillcolor="#f7e1dc"];',
        "  x0 -> S1; W1 -> S1; S1 -> g1; g1 -> x1; x1 -> S2; W2 -> S2;",
        "  S2 -> g2; g2 -> x2; x2 -> loss;",
    ]
    if show_deltas:
        lines += [
            f'  edge [color="{BACKWARD}", style=dashed, constraint=false];',
            "  loss -> S2;",
            "  S2 -> S1;",
        ]
    lines.append("}")
    return "\n".join(lines)


def flow_latex_1a(output_activation: bool = True, show_deltas: bool = True) -> str:
    """Worksheet 1a's forward pass as one LaTeX array (for the projector).

    The same chain as :func:`flow_diagram_1a`, typeset by KaTeX at text size,
    so it stays large when projected; the second row puts each delta under its
    S node with the order in which backprop computes it.
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
