"""The chain-rule explanations shown by the backward stepper (LaTeX strings).

Notation: ``y`` is the node, ``a``/``b`` its first/second input (``u`` for a
one-input op) and ``\\bar v`` is the gradient of the final output ``f`` with
respect to ``v``. Used by :meth:`core.graph.Var.backward_step_info`.
"""

from __future__ import annotations

__all__ = ["RULES", "STEP_NOTATION", "rule"]

STEP_NOTATION = (
    r"y: this node; a, b: its inputs (u for a one-input op); "
    r"\bar v = \partial f / \partial v for the output f"
)

# op kind -> (formula of y, ((local derivative, chain-rule update) per parent))
RULES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "+": (r"y = a + b", (
        (r"\frac{\partial y}{\partial a} = 1", r"\bar a \mathrel{+}= \bar y"),
        (r"\frac{\partial y}{\partial b} = 1", r"\bar b \mathrel{+}= \bar y"))),
    "-": (r"y = a - b", (
        (r"\frac{\partial y}{\partial a} = 1", r"\bar a \mathrel{+}= \bar y"),
        (r"\frac{\partial y}{\partial b} = -1", r"\bar b \mathrel{-}= \bar y"))),
    "*": (r"y = a \odot b", (
        (r"\frac{\partial y}{\partial a} = b", r"\bar a \mathrel{+}= \bar y \odot b"),
        (r"\frac{\partial y}{\partial b} = a", r"\bar b \mathrel{+}= \bar y \odot a"))),
    "/": (r"y = a / b", (
        (r"\frac{\partial y}{\partial a} = \frac{1}{b}", r"\bar a \mathrel{+}= \bar y / b"),
        (r"\frac{\partial y}{\partial b} = -\frac{a}{b^2}",
         r"\bar b \mathrel{-}= \bar y \odot a / b^2"))),
    "@": (r"y = a\,b", (
        (r"\frac{\partial y}{\partial a}:\ \text{row } i \text{ of } a \text{ meets } b",
         r"\bar a \mathrel{+}= \bar y\, b^\top"),
        (r"\frac{\partial y}{\partial b}:\ a^\top \text{ maps } \bar y \text{ back}",
         r"\bar b \mathrel{+}= a^\top \bar y"))),
    "**": (r"y = u^{@P}", (
        (r"\frac{\partial y}{\partial u} = @P\,u^{@Q}",
         r"\bar u \mathrel{+}= \bar y \odot @P\,u^{@Q}"),)),
    "neg": (r"y = -u", ((r"\frac{\partial y}{\partial u} = -1", r"\bar u \mathrel{-}= \bar y"),)),
    "sum": (r"y = \sum_j u_j", (
        (r"\frac{\partial y}{\partial u_j} = 1", r"\bar u_j \mathrel{+}= \bar y"),)),
    "T": (r"y = u^\top", (
        (r"\frac{\partial y_{ij}}{\partial u_{ji}} = 1", r"\bar u \mathrel{+}= \bar y^\top"),)),
    "sigmoid": (r"y = \sigma(u)", (
        (r"\sigma'(u) = \sigma(u)\,(1 - \sigma(u))",
         r"\bar u \mathrel{+}= \bar y \odot y\,(1 - y)"),)),
    "tanh": (r"y = \tanh(u)", (
        (r"\tanh'(u) = 1 - \tanh^2(u)", r"\bar u \mathrel{+}= \bar y \odot (1 - y^2)"),)),
    "relu": (r"y = \max(0, u)", (
        (r"\mathrm{relu}'(u) = \mathbb{1}[u > 0]",
         r"\bar u \mathrel{+}= \bar y \odot \mathbb{1}[u > 0]"),)),
    "exp": (r"y = e^{u}", (
        (r"\frac{\partial e^u}{\partial u} = e^u", r"\bar u \mathrel{+}= \bar y \odot y"),)),
    "log": (r"y = \log u", (
        (r"\frac{\partial \log u}{\partial u} = \frac{1}{u}", r"\bar u \mathrel{+}= \bar y / u"),)),
}  # fmt: skip


def rule(kind: str, exponent: float = 0.0) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The formula of an op and, per input, (local derivative, chain-rule update).

    ``kind`` is a key of :data:`RULES` ("" for a leaf gives ``("", ())``); for
    "**" the exponent is written in.
    """
    formula, parts = RULES.get(kind, ("", ()))
    if kind == "**":
        p, q = f"{exponent:.4g}", f"{exponent - 1:.4g}"
        formula = formula.replace("@P", p)
        if q == "1":  # 2 u^{1} reads better as 2 u
            parts = tuple(
                (loc.replace("u^{@Q}", "u"), ch.replace("u^{@Q}", "u")) for loc, ch in parts
            )
        parts = tuple(
            (loc.replace("@P", p).replace("@Q", q), ch.replace("@P", p).replace("@Q", q))
            for loc, ch in parts
        )
    return formula, parts
