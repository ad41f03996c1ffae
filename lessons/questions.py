"""The question bank: one multiple-choice prediction per idea of the lesson.

Lecturers ask these before the answer is on screen ("predict, then reveal"):
each demo page shows its questions in lecture mode, the class poll lets the
room vote on them, and the Worksheet page uses the conceptual ones as
self-checks. Each question names the page and the view (URL parameters) that
shows its answer, so a Reveal can jump straight to the proof.

QUESTIONS is an ordered mapping id -> :class:`Question`; ids are
``<part>-<idea>`` (e.g. ``1e-rows``). Code outside the project reads it: keep
ids and fields stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["QUESTIONS", "Question", "for_page", "for_part"]


@dataclass(frozen=True)
class Question:
    """One prediction question.

    Attributes
    ----------
    id : str
        Stable key, ``<part>-<idea>``.
    part : str
        Worksheet part it belongs to ("1e", "2c", "side").
    page : str
        url_path of the demo page that shows the answer.
    prompt : str
        The question, one or two sentences (Markdown and $LaTeX$ allowed).
    options : tuple of str
        The choices, 2 to 5, shown in this order.
    answer : str
        The right choice; one of ``options``.
    explanation : str
        One line saying why.
    view : dict of str -> str
        URL parameters of the view on ``page`` that shows the answer.
    """

    id: str
    part: str
    page: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    view: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 2 <= len(self.options) <= 5:
            raise ValueError(f"{self.id}: a question needs 2 to 5 options")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"{self.id}: options must differ")
        if self.answer not in self.options:
            raise ValueError(f"{self.id}: the answer must be one of the options")

    @property
    def link(self) -> str:
        """Relative URL of the view that proves the answer (``page?k=v&...``)."""
        query = "&".join(f"{k}={v}" for k, v in self.view.items())
        return f"{self.page}?{query}" if query else self.page


_BANK = (
    Question(
        "1a-deltas", "1a", "overview",
        "In the backward pass, at which nodes are the deltas δ⁽ˡ⁾ computed, and in what order?",
        ("At the x nodes, input layer first", "At the S nodes, output layer first",
         "At the S nodes, input layer first", "At the weights, in any order"),
        "At the S nodes, output layer first",
        "δ_j⁽ˡ⁾ = ∂ℓ/∂S_j⁽ˡ⁾ lives at the weighted inputs, and the recursion needs δ⁽ˡ⁺¹⁾ "
        "before δ⁽ˡ⁾.",
        {"ov_deltas": "true"},
    ),
    Question(
        "1a-shape", "1a", "overview",
        "With d⁽⁰⁾ = 3 inputs and d⁽¹⁾ = 4 hidden units, what shape is W⁽¹⁾ (rows = from)?",
        ("3 × 4", "4 × 3", "4 × 4", "3 × 3"),
        "3 × 4",
        "w_ij⁽¹⁾ goes from unit i of layer 0 to unit j of layer 1: d⁽⁰⁾ rows, d⁽¹⁾ columns.",
        {},
    ),
    Question(
        "1b-clones", "1b", "symmetry",
        "Every weight starts at the same constant a. After the forward pass, how many "
        "different values do the 4 hidden units x_j⁽¹⁾ take?",
        ("1", "2", "4", "It depends on the input"),
        "1",
        "x_j⁽¹⁾ = g(a Σᵢ xᵢ⁽⁰⁾) does not depend on j.",
        {"sym_init": "constant", "sym_step": "0"},
    ),
    Question(
        "1c-deltas", "1c", "symmetry",
        "Same constant start. Are the hidden deltas δ_i⁽¹⁾ equal too?",
        ("Yes, all equal", "No, they differ like the output deltas",
         "Only when the outputs are equal"),
        "Yes, all equal",
        "δ_i⁽¹⁾ = g'(a Σ x) · a Σⱼ δⱼ⁽²⁾: nothing in it depends on i.",
        {"sym_init": "constant", "sym_step": "0"},
    ),
    Question(
        "1d-output", "1d", "symmetry",
        "Under constant init, are the OUTPUT deltas δ_j⁽²⁾ equal to each other?",
        ("Yes, always", "In general no: they depend on the targets y_j",
         "Only for the identity output"),
        "In general no: they depend on the targets y_j",
        "δ_j⁽²⁾ = (x_j⁽²⁾ − y_j) g'(S_j⁽²⁾): equal x_j⁽²⁾ but different y_j.",
        {"sym_init": "constant", "sym_d2": "2", "sym_step": "0"},
    ),
    Question(
        "1e-rows", "1e", "symmetry",
        "After one gradient step from constant weights, what pattern does W⁽¹⁾ (rows = from) "
        "have?",
        ("Every row is constant", "Every column is constant", "All entries equal",
         "No pattern"),
        "Every row is constant",
        "w_ij⁽¹⁾ = a − η δ_j⁽¹⁾ x_i⁽⁰⁾ and δ_j⁽¹⁾ is the same for every j.",
        {"sym_init": "constant", "sym_step": "1"},
    ),
    Question(
        "1e-columns", "1e", "symmetry",
        "And W⁽²⁾ after that step?",
        ("Every row is constant", "Every column is constant", "All entries equal",
         "No pattern"),
        "Every column is constant",
        "w_ij⁽²⁾ = a − η δ_j⁽²⁾ x_i⁽¹⁾ and x_i⁽¹⁾ is the same for every i.",
        {"sym_init": "constant", "sym_step": "1"},
    ),
    Question(
        "1f-forever", "1f", "symmetry",
        "After 50 steps from constant weights, how many different hidden units are there "
        "(of 4)?",
        ("1", "2", "4", "It grows with the steps"),
        "1",
        "Constant rows of W⁽¹⁾ and columns of W⁽²⁾ reproduce themselves at every step.",
        {"sym_init": "constant", "sym_steps": "50", "sym_step": "50"},
    ),
    Question(
        "1f-nudge", "1f", "symmetry",
        "Add a tiny random nudge ε = 10⁻⁶ to the constant start. What happens to the gap "
        "between hidden units when the targets need every unit?",
        ("It stays about 10⁻⁶", "It grows until the units are apart",
         "It shrinks to exactly 0"),
        "It grows until the units are apart",
        "The clone network sits at a saddle; the data pushes a nudged network off it.",
        {"sym_init": "noise", "sym_act": "tanh", "sym_out": "identity",
         "sym_targets": "teacher", "sym_n": "8", "sym_steps": "150", "sym_step": "150"},
    ),
    Question(
        "1g-lr-start", "1g", "logistic-vs-mlp",
        "Logistic regression trained from all-zero weights and from random weights: where do "
        "they end?",
        ("At the same weights", "At different weights, same accuracy",
         "Zero init never learns"),
        "At the same weights",
        "Its cross-entropy loss is convex: one minimum, reached from any start.",
        {},
    ),
    Question(
        "1g-mlp-xor", "1g", "logistic-vs-mlp",
        "An MLP with 8 hidden units learns XOR from a CONSTANT start. How many distinct hidden "
        "units does it end with?",
        ("1", "2", "8"),
        "1",
        "Constant init makes clones; the hidden layer acts like a single unit.",
        {"lr_data": "xor"},
    ),
    Question(
        "1e-weights-rows", "1e", "weights",
        "Watch W⁽¹⁾ under constant init over 300 steps. Which statement holds at every step?",
        ("Its rows stay constant", "Its columns stay constant",
         "It becomes random-looking"),
        "Its rows stay constant",
        "Every hidden unit receives the same update (1e, 1f).",
        {"wts_init_a": "constant"},
    ),
    Question(
        "1f-weights-random", "1f", "weights",
        "Under random init, do the hidden units' weight columns ever become equal?",
        ("No: they start apart and stay apart", "Yes, after enough steps",
         "Only with a small learning rate"),
        "No: they start apart and stay apart",
        "Nothing pulls distinct units together; each learns its own feature.",
        {"wts_init_b": "normal"},
    ),
    Question(
        "2a-paths", "2a", "chain-rule",
        "w feeds x₁ = w², x₂ = eʷ and x₃ = tanh w, and f = x₁ + x₂ + x₃. What is df/dw?",
        ("2w · eʷ · (1 − tanh²w)", "2w + eʷ + 1 − tanh²w", "2w + eʷ", "(2w + eʷ + tanh w)/3"),
        "2w + eʷ + 1 − tanh²w",
        "The gradients arriving at w along the three paths add up.",
        {"cr_example": "2a", "cr_n": "3", "cr_g1": "square", "cr_g2": "exp", "cr_g3": "tanh",
         "cr_f": "sum"},
    ),
    Question(
        "2b-order", "2b", "chain-rule",
        "In which order does the backward pass fill in the gradients of a computation graph?",
        ("Inputs first", "Reverse topological order: output first",
         "Any order", "Leaves last, alphabetically"),
        "Reverse topological order: output first",
        "A node's gradient needs the gradients of every node it feeds.",
        {"cr_example": "2b/2c"},
    ),
    Question(
        "2c-sigma", "2c", "chain-rule",
        "For f = (y − Σᵢ σ(zᵢ))², what factor does ∂f/∂wᵢ have that ∂f/∂r (r = y − Σ σ) "
        "does not?",
        ("σ(zᵢ)(1 − σ(zᵢ)) x", "2r only", "1/σ(zᵢ)", "x only"),
        "σ(zᵢ)(1 − σ(zᵢ)) x",
        "df/dwᵢ = 2(Σσ − y) σ(zᵢ)(1 − σ(zᵢ)) x: σ' and x come from the path through zᵢ.",
        {"cr_example": "2b/2c"},
    ),
    Question(
        "2e-transpose", "2e", "chain-rule",
        "For ℓ = ½‖W₂Φ(W₁x + b) − y‖², which is ∂ℓ/∂x₂ (x₂ = Φ(W₁x + b))?",
        ("W₂ x₄", "W₂ᵀ x₄", "x₄ W₂", "x₄ x₂ᵀ"),
        "W₂ᵀ x₄",
        "x₃ = W₂x₂, so the gradient flows back through W₂ transposed.",
        {"cr_example": "2e"},
    ),
    Question(
        "2d-step", "2d", "gradient-descent",
        "One gradient step: w ← w − η ∂f/∂w. If η is far too large, what does the loss do?",
        ("Converges faster", "Oscillates or blows up", "Stays the same"),
        "Oscillates or blows up",
        "Each step overshoots the minimum by more than it corrects.",
        {"gd_eta": "5"},
    ),
    Question(
        "2f-linear", "2f", "gradient-descent",
        "With Φ the identity, W₁ ← W₁ − η W₂ᵀ(W₂(W₁x + b) − y)xᵀ. Which factor makes the "
        "update of W₁ a rank-one matrix?",
        ("xᵀ on the right", "W₂ᵀ on the left", "η"),
        "xᵀ on the right",
        "A column vector times xᵀ is an outer product: rank one.",
        {"gd_model": "2e"},
    ),
    Question(
        "side-cost", "side", "gradient-descent",
        "For 2e with d × d matrices, how does the cost of the full numerical gradient grow "
        "with d, against backprop?",
        ("O(d²) vs O(d²)", "O(d⁴) vs O(d²)", "O(d³) vs O(d)", "O(d⁴) vs O(d⁴)"),
        "O(d⁴) vs O(d²)",
        "d² entries, one O(d²) loss evaluation each; backprop is one O(d²) backward pass.",
        {"gd_model": "2e", "gd_dmax": "32"},
    ),
    Question(
        "side-evals", "side", "gradient-descent",
        "How many loss evaluations does the forward difference need for all d² entries of one "
        "d × d matrix?",
        ("d", "d²", "d² + 1", "2d²"),
        "d² + 1",
        "One base evaluation ℓ(W) plus one ℓ(W + εE_ij) per entry.",
        {"gd_model": "2e"},
    ),
)  # fmt: skip

QUESTIONS: MappingProxyType = MappingProxyType({q.id: q for q in _BANK})


def for_page(url_path: str) -> tuple[Question, ...]:
    """The questions whose answer a page shows, in bank order."""
    return tuple(q for q in QUESTIONS.values() if q.page == url_path)


def for_part(part: str) -> tuple[Question, ...]:
    """The questions of one worksheet part ("1e", "2c", "side")."""
    return tuple(q for q in QUESTIONS.values() if q.part == part)
