"""The worksheet's computational parts as exercises: question, variables, hints, solution.

Ids and variable names are an API (tests outside the project call
``check`` with them). Shapes are tuples of symbolic sizes: ``("n", "d")`` is
an n×d matrix, ``("d", 1)`` a column vector, ``()`` a single number. Part 1
uses its own convention (W⁽¹⁾ is d⁽⁰⁾×d⁽¹⁾, rows = from) with column vectors
x (d⁽⁰⁾×1) and delta (d×1); part 2 multiplies column vectors, W x.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["EXERCISES", "Exercise"]


@dataclass(frozen=True)
class Exercise:
    """One typed-answer exercise.

    Attributes
    ----------
    id : str
        Stable key, e.g. ``"2c-W"``.
    part : str
        Worksheet part ("1b", "2e", "side").
    page : str
        url_path of the demo page that shows it.
    title : str
        A few words, e.g. "∂f/∂W".
    prompt : str
        The question in plain text with unicode maths.
    prompt_latex : str
        The same question as Markdown with $LaTeX$.
    variables : mapping of str to tuple
        Name -> symbolic shape, in the order to show them.
    meanings : mapping of str to str
        Name -> what it stands for.
    shape : tuple
        Symbolic shape of the answer (``()`` for a number).
    answer_latex : str
        LaTeX of the quantity asked for, e.g. ``\\frac{\\partial f}{\\partial W}``.
    hints : tuple of str
        Up to three, to reveal one at a time.
    solution : str
        A typed answer the checker accepts.
    solution_latex : str
        The worksheet's answer in LaTeX.
    names_latex : mapping of str to str
        LaTeX for variable names where the default (``W1`` -> ``W_{1}``) is not right.
    """

    id: str
    part: str
    page: str
    title: str
    prompt: str
    prompt_latex: str
    variables: MappingProxyType = field(compare=False)
    meanings: MappingProxyType = field(compare=False)
    shape: tuple
    answer_latex: str
    hints: tuple[str, ...]
    solution: str
    solution_latex: str
    names_latex: MappingProxyType = field(
        compare=False, default_factory=lambda: MappingProxyType({})
    )

    @property
    def scalars(self) -> frozenset[str]:
        """The variables that hold one number."""
        return frozenset(k for k, s in self.variables.items() if s == ())


_P1 = MappingProxyType({"x": r"x^{(0)}", "delta1": r"\delta^{(1)}", "delta2": r"\delta^{(2)}"})
_V2C = {"W": ("n", "d"), "b": ("n", 1), "x": ("d", 1), "y": ()}
_M2C = {"W": "weights; row i is w_iᵀ", "b": "biases", "x": "input", "y": "target"}
_V2E = {"W1": ("d", "d"), "W2": ("d", "d"), "b": ("d", 1), "x": ("d", 1), "y": ("d", 1)}
_M2E = {"W1": "first weight matrix", "W2": "second weight matrix", "b": "bias",
        "x": "input", "y": "target"}  # fmt: skip
_F2C = "f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² with W (n×d) holding the rows wᵢᵀ, b (n×1), x (d×1), y a number"
_F2C_TEX = r"$f = \big(y - \sum_i \sigma(w_i^\top x + b_i)\big)^2$ with $W \in \mathbb{R}^{n\times d}$ (rows $w_i^\top$), $b \in \mathbb{R}^{n}$, $x \in \mathbb{R}^{d}$, $y \in \mathbb{R}$"  # noqa: E501
_F2E = ("ℓ = ½‖W2 tanh(W1 x + b) − y‖² with W1, W2 (d×d) and b, x, y (d×1). "
        "W multiplies a column, W x (rows = to: the transpose of part 1's convention)")  # fmt: skip
_F2E_TEX = r"$\ell = \tfrac12\lVert W_2 \tanh(W_1 x + b) - y\rVert^2$ with $W_1, W_2 \in \mathbb{R}^{d\times d}$ and $b, x, y \in \mathbb{R}^{d}$ (column vectors; $W$ multiplies a column, rows = to)"  # noqa: E501
_F2F = "ℓ = ½‖W2 (W1 x + b) − y‖² (Φ = identity), W1, W2 (d×d), b, x, y (d×1)"
_F2F_TEX = r"$\ell = \tfrac12\lVert W_2 (W_1 x + b) - y\rVert^2$ ($\Phi$ = identity), $W_1, W_2 \in \mathbb{R}^{d\times d}$, $b, x, y \in \mathbb{R}^{d}$"  # noqa: E501
_Z = "sigmoid(W @ x + b)"
_G2C = f"2 * (sum({_Z}) - y) * {_Z} * (1 - {_Z})"
_H = "tanh(W1 @ x + b)"
_D1 = f"(1 - {_H}**2) * (W2.T @ (W2 @ {_H} - y))"
_X4F = "(W2 @ (W1 @ x + b) - y)"
_TEX_2C = (r"2\Big(\sum_j \sigma(z_j) - y\Big)\, \sigma(z_i)\big(1-\sigma(z_i)\big)",
           r"\quad z = W x + b")  # fmt: skip
_TEX_D1 = r"\big(1 - \tanh^2(x_1)\big) \odot \big(W_2^\top x_4\big)"
_TEX_2E = r",\quad x_1 = W_1 x + b,\ x_4 = W_2 \tanh(x_1) - y"
_TEX_2F = r",\quad x_4 = W_2 (W_1 x + b) - y"


def _ex(id, part, page, title, prompt, prompt_latex, variables, meanings, shape, answer_latex,
        hints, solution, solution_latex) -> Exercise:  # fmt: skip
    names_latex = _P1 if part.startswith("1") else {}
    return Exercise(id, part, page, title, prompt, prompt_latex, MappingProxyType(variables),
                    MappingProxyType(meanings), shape, answer_latex, tuple(hints), solution,
                    solution_latex, MappingProxyType(dict(names_latex)))  # fmt: skip


_ALL = (
    _ex("1b-x", "1b", "symmetry", "a hidden unit under constant weights",
        "Every weight starts at the same constant a, there are no biases and g = σ. Write the "
        "value of any hidden unit x_j⁽¹⁾ after the forward pass, in terms of a and the input "
        "x (a d⁽⁰⁾×1 column).",
        r"Every weight starts at the same constant $a$, no biases, $g = \sigma$. Write any "
        r"hidden unit $x_j^{(1)}$ after the forward pass, in terms of $a$ and the input "
        r"$x^{(0)}$ (a $d^{(0)}\times 1$ column).",
        {"a": (), "x": ("d0", 1)}, {"a": "the constant weight", "x": "input x⁽⁰⁾"},
        (), r"x_j^{(1)}",
        ("Start from S_j⁽¹⁾ = Σ_i w_ij⁽¹⁾ x_i⁽⁰⁾ and put w_ij⁽¹⁾ = a.",
         "a does not depend on i, so it leaves the sum: S_j⁽¹⁾ = a·Σ_i x_i⁽⁰⁾ (Σ_i x_i is "
         "sum(x)).",
         "Then apply g = σ: sigmoid(…) or σ(…)."),
        "sigmoid(a * sum(x))",
        r"x_j^{(1)} = \sigma\Big(a \sum_i x_i^{(0)}\Big)\ \text{ for every } j"),
    _ex("1c-delta", "1c", "symmetry", "a hidden delta under constant weights",
        "Same constant start (every weight a, no biases, g = σ). The output deltas δ⁽²⁾ are "
        "given as a d⁽²⁾×1 column delta2. Write any hidden delta δ_i⁽¹⁾.",
        r"Same constant start (every weight $a$, no biases, $g=\sigma$). The output deltas "
        r"$\delta^{(2)}$ are a $d^{(2)}\times 1$ column `delta2`. Write any hidden delta "
        r"$\delta_i^{(1)}$.",
        {"a": (), "x": ("d0", 1), "delta2": ("d2", 1)},
        {"a": "the constant weight", "x": "input x⁽⁰⁾", "delta2": "output deltas δ⁽²⁾"},
        (), r"\delta_i^{(1)}",
        ("Backward recursion: δ_i⁽¹⁾ = g'(S_i⁽¹⁾) · Σ_j w_ij⁽²⁾ δ_j⁽²⁾.",
         "Every w_ij⁽²⁾ = a, and S_i⁽¹⁾ = a·sum(x) for every i (from 1b).",
         "σ'(s) = σ(s)(1 − σ(s)): write it out, e.g. sigmoid(s) * (1 - sigmoid(s))."),
        "sigmoid(a * sum(x)) * (1 - sigmoid(a * sum(x))) * a * sum(delta2)",
        r"\delta_i^{(1)} = \sigma'\Big(a\sum_k x_k^{(0)}\Big)\, a \sum_j \delta_j^{(2)},"
        r"\quad \sigma'(s) = \sigma(s)\big(1-\sigma(s)\big)"),
    _ex("1e-W1", "1e", "symmetry", "W⁽¹⁾ after one step",
        "From the constant start, take one gradient step with rate η (eta). Write the new "
        "W⁽¹⁾ as a d⁽⁰⁾×d⁽¹⁾ matrix (part 1 convention: rows = from, w_ij⁽¹⁾ in row i, "
        "column j), using a, eta, the input x (d⁽⁰⁾×1) and the hidden deltas delta1 (d⁽¹⁾×1).",
        r"From the constant start, one gradient step with rate $\eta$ (`eta`). Write the new "
        r"$W^{(1)}$ as a $d^{(0)}\times d^{(1)}$ matrix (rows = from: $w_{ij}^{(1)}$ in row $i$, "
        r"column $j$) using $a$, $\eta$, $x^{(0)}$ ($d^{(0)}\times 1$) and $\delta^{(1)}$ "
        r"($d^{(1)}\times 1$).",
        {"a": (), "eta": (), "x": ("d0", 1), "delta1": ("d1", 1)},
        {"a": "the constant weight", "eta": "learning rate η", "x": "input x⁽⁰⁾",
         "delta1": "hidden deltas δ⁽¹⁾"},
        ("d0", "d1"), r"W^{(1)}_{\text{new}}",
        ("∂ℓ/∂w_ij⁽¹⁾ = δ_j⁽¹⁾ x_i⁽⁰⁾.",
         "The matrix with entries x_i δ_j is the outer product x δᵀ: x @ delta1.T "
         "(d⁽⁰⁾×1 times 1×d⁽¹⁾).",
         "Every old weight is a: a − η·(…) (a number minus a matrix is taken entrywise)."),
        "a - eta * x @ delta1.T",
        r"w_{ij}^{(1)} = a - \eta\, \delta_j^{(1)} x_i^{(0)},\quad "
        r"W^{(1)} = a\,\mathbf{1}\mathbf{1}^\top - \eta\, x^{(0)} \big(\delta^{(1)}\big)^{\top}"),
    _ex("2a-sum", "2a", "chain-rule", "df/dw along three paths",
        "x₁ = w², x₂ = eʷ, x₃ = tanh w and f = x₁ + x₂ + x₃. Write df/dw in terms of w.",
        r"$x_1 = w^2$, $x_2 = e^w$, $x_3 = \tanh w$ and $f = x_1 + x_2 + x_3$. "
        r"Write $\frac{df}{dw}$ in terms of $w$.",
        {"w": ()}, {"w": "the input"}, (), r"\frac{df}{dw}",
        ("w reaches f along three paths; the chain rule adds them: "
         "df/dw = Σ_i (∂f/∂x_i)(dx_i/dw).",
         "Here ∂f/∂x_i = 1 for every i.",
         "tanh'(w) = 1 − tanh²(w): write tanh(w)**2 or tanh(w)^2."),
        "2*w + exp(w) + 1 - tanh(w)**2",
        r"\frac{df}{dw} = 2w + e^{w} + 1 - \tanh^2 w"),
    _ex("2c-W", "2c", "chain-rule", "∂f/∂W",
        f"{_F2C}. Write ∂f/∂W as the n×d matrix whose row i is ∂f/∂wᵢ (as a row).",
        _F2C_TEX + r". Write $\frac{\partial f}{\partial W}$, the $n\times d$ matrix whose row "
        r"$i$ is $\big(\frac{\partial f}{\partial w_i}\big)^\top$.",
        _V2C, _M2C, ("n", "d"), r"\frac{\partial f}{\partial W}",
        ("Name the steps: z = W x + b, r = y − Σσ(z), f = r². Then ∂f/∂r = 2r and "
         "∂r/∂z_i = −σ'(z_i).",
         "σ'(z) = σ(z)(1 − σ(z)) elementwise, and ∂z_i/∂w_i = xᵀ.",
         "Row i is a number times xᵀ: a column (n×1) times the row xᵀ (1×d) is (…) @ x.T."),
        f"{_G2C} @ x.T",
        r"\frac{\partial f}{\partial W} = " + _TEX_2C[0] + r"\, x^\top\ \text{(row } i)"
        + _TEX_2C[1]),
    _ex("2c-b", "2c", "chain-rule", "∂f/∂b",
        f"{_F2C}. Write ∂f/∂b (n×1).",
        _F2C_TEX + r". Write $\frac{\partial f}{\partial b}$ ($n\times 1$).",
        _V2C, _M2C, ("n", 1), r"\frac{\partial f}{\partial b}",
        ("Name the steps: z = W x + b, r = y − Σσ(z), f = r². Then ∂f/∂r = 2r and "
         "∂r/∂z_i = −σ'(z_i).",
         "∂z_i/∂b_i = 1, and σ'(z) = σ(z)(1 − σ(z)) elementwise.",
         "A number times the column σ'(z): 2 * (sum(σ(z)) - y) * σ(z) * (1 - σ(z))."),
        _G2C,
        r"\frac{\partial f}{\partial b_i} = " + _TEX_2C[0] + _TEX_2C[1]),
    _ex("2d-W", "2d", "gradient-descent", "W after one step",
        f"{_F2C}. Write W after one gradient-descent step with rate η (eta).",
        _F2C_TEX + r". Write $W$ after one gradient-descent step with rate $\eta$ (`eta`).",
        {**_V2C, "eta": ()}, {**_M2C, "eta": "learning rate η"}, ("n", "d"),
        r"W_{\text{new}}",
        ("W ← W − η ∂f/∂W.",
         "∂f/∂W from 2c: row i is 2(Σ_j σ(z_j) − y) σ'(z_i) xᵀ.",
         "Mind the sign: descent moves against the gradient."),
        f"W - eta * {_G2C} @ x.T",
        r"w_i \leftarrow w_i - \eta\, " + _TEX_2C[0] + r"\, x" + _TEX_2C[1]),
    _ex("2e-W2", "2e", "chain-rule", "∂ℓ/∂W2",
        f"{_F2E}. Write ∂ℓ/∂W2 (d×d).",
        _F2E_TEX + r". Write $\frac{\partial\ell}{\partial W_2}$ ($d\times d$).",
        _V2E, _M2E, ("d", "d"), r"\frac{\partial \ell}{\partial W_2}",
        ("Name the steps: x1 = W1 x + b, x2 = tanh(x1), x3 = W2 x2, x4 = x3 − y, "
         "ℓ = ½‖x4‖². Then ∂ℓ/∂x4 = ∂ℓ/∂x3 = x4.",
         "For x3 = W2 x2: ∂ℓ/∂W2 = (∂ℓ/∂x3) x2ᵀ, an outer product.",
         "Write x2ᵀ as tanh(W1 @ x + b).T."),
        f"(W2 @ {_H} - y) @ {_H}.T",
        r"\frac{\partial \ell}{\partial W_2} = x_4\, x_2^\top,\quad x_2 = \tanh(W_1 x + b),"
        r"\ x_4 = W_2 x_2 - y"),
    _ex("2e-W1", "2e", "chain-rule", "∂ℓ/∂W1",
        f"{_F2E}. Write ∂ℓ/∂W1 (d×d).",
        _F2E_TEX + r". Write $\frac{\partial\ell}{\partial W_1}$ ($d\times d$).",
        _V2E, _M2E, ("d", "d"), r"\frac{\partial \ell}{\partial W_1}",
        ("Going back through x3 = W2 x2: ∂ℓ/∂x2 = W2ᵀ x4 (W2.T @ …).",
         "Through tanh: ∂ℓ/∂x1 = tanh'(x1) ⊙ W2ᵀ x4, elementwise, tanh'(x1) = 1 − tanh(x1)².",
         "Through x1 = W1 x + b: ∂ℓ/∂W1 = (∂ℓ/∂x1) xᵀ."),
        f"{_D1} @ x.T",
        r"\frac{\partial \ell}{\partial W_1} = \Big(" + _TEX_D1 + r"\Big)\, x^\top" + _TEX_2E),
    _ex("2e-b", "2e", "chain-rule", "∂ℓ/∂b",
        f"{_F2E}. Write ∂ℓ/∂b (d×1).",
        _F2E_TEX + r". Write $\frac{\partial\ell}{\partial b}$ ($d\times 1$).",
        _V2E, _M2E, ("d", 1), r"\frac{\partial \ell}{\partial b}",
        ("Going back through x3 = W2 x2: ∂ℓ/∂x2 = W2ᵀ x4 (W2.T @ …).",
         "Through tanh: ∂ℓ/∂x1 = tanh'(x1) ⊙ W2ᵀ x4, elementwise, tanh'(x1) = 1 − tanh(x1)².",
         "x1 = W1 x + b, so ∂ℓ/∂b = ∂ℓ/∂x1."),
        _D1,
        r"\frac{\partial \ell}{\partial b} = " + _TEX_D1 + _TEX_2E),
    _ex("2e-x", "2e", "chain-rule", "∂ℓ/∂x",
        f"{_F2E}. Write ∂ℓ/∂x (d×1).",
        _F2E_TEX + r". Write $\frac{\partial\ell}{\partial x}$ ($d\times 1$).",
        _V2E, _M2E, ("d", 1), r"\frac{\partial \ell}{\partial x}",
        ("Going back through x3 = W2 x2: ∂ℓ/∂x2 = W2ᵀ x4 (W2.T @ …).",
         "Through tanh: ∂ℓ/∂x1 = tanh'(x1) ⊙ W2ᵀ x4, elementwise, tanh'(x1) = 1 − tanh(x1)².",
         "Through x1 = W1 x + b: ∂ℓ/∂x = W1ᵀ (∂ℓ/∂x1)."),
        f"W1.T @ ({_D1})",
        r"\frac{\partial \ell}{\partial x} = W_1^\top \Big(" + _TEX_D1 + r"\Big)" + _TEX_2E),
    _ex("2f-W1", "2f", "gradient-descent", "W1 after one step",
        f"{_F2F}. Write W1 after one gradient step with rate η (eta).",
        _F2F_TEX + r". Write $W_1$ after one gradient step with rate $\eta$ (`eta`).",
        {**_V2E, "eta": ()}, {**_M2E, "eta": "learning rate η"}, ("d", "d"),
        r"W_1^{\text{new}}",
        ("Without tanh: x1 = W1 x + b and x4 = W2 x1 − y.",
         "∂ℓ/∂W1 = W2ᵀ x4 xᵀ.",
         "W1 ← W1 − η ∂ℓ/∂W1."),
        f"W1 - eta * W2.T @ {_X4F} @ x.T",
        r"W_1 \leftarrow W_1 - \eta\, W_2^\top x_4\, x^\top" + _TEX_2F),
    _ex("2f-W2", "2f", "gradient-descent", "W2 after one step",
        f"{_F2F}. Write W2 after one gradient step with rate η (eta).",
        _F2F_TEX + r". Write $W_2$ after one gradient step with rate $\eta$ (`eta`).",
        {**_V2E, "eta": ()}, {**_M2E, "eta": "learning rate η"}, ("d", "d"),
        r"W_2^{\text{new}}",
        ("Without tanh: x1 = W1 x + b and x4 = W2 x1 − y.",
         "∂ℓ/∂W2 = x4 x1ᵀ.",
         "W2 ← W2 − η ∂ℓ/∂W2."),
        f"W2 - eta * {_X4F} @ (W1 @ x + b).T",
        r"W_2 \leftarrow W_2 - \eta\, x_4 (W_1 x + b)^\top" + _TEX_2F),
    _ex("2f-b", "2f", "gradient-descent", "b after one step",
        f"{_F2F}. Write b after one gradient step with rate η (eta).",
        _F2F_TEX + r". Write $b$ after one gradient step with rate $\eta$ (`eta`).",
        {**_V2E, "eta": ()}, {**_M2E, "eta": "learning rate η"}, ("d", 1),
        r"b^{\text{new}}",
        ("Without tanh: x1 = W1 x + b and x4 = W2 x1 − y.",
         "∂ℓ/∂b = ∂ℓ/∂x1 = W2ᵀ x4.",
         "b ← b − η ∂ℓ/∂b."),
        f"b - eta * W2.T @ {_X4F}",
        r"b \leftarrow b - \eta\, W_2^\top x_4" + _TEX_2F),
    _ex("side-evals", "side", "gradient-descent", "evaluations for a numerical gradient",
        "The forward difference ∂ℓ/∂W_ij ≈ (ℓ(W + εE_ij) − ℓ(W))/ε. How many evaluations of "
        "2e's loss ℓ give the whole gradient with respect to W1 and W2 (both d×d) together? "
        "ℓ at the unperturbed point counts once. Answer with a formula in d.",
        r"The forward difference $\frac{\partial \ell}{\partial W_{ij}} \approx "
        r"\frac{\ell(W+\varepsilon E_{ij}) - \ell(W)}{\varepsilon}$. How many evaluations of "
        r"2e's loss $\ell$ give the whole gradient with respect to $W_1$ and $W_2$ (both "
        r"$d\times d$) together? $\ell$ at the unperturbed point counts once. Answer with a "
        r"formula in $d$.",
        {"d": ()}, {"d": "the size (a positive integer)"}, (), r"\#\text{evaluations}",
        ("One evaluation for each entry that is nudged.",
         "W1 and W2 together have 2d² entries.",
         "Plus one evaluation at the unperturbed point, shared by all the differences."),
        "2*d**2 + 1",
        r"2d^2 + 1\ \ (\text{one per entry of } W_1, W_2 \text{, plus } \ell(W_1, W_2)"
        r"\text{ once})"),
)  # fmt: skip

EXERCISES: MappingProxyType = MappingProxyType({e.id: e for e in _ALL})
