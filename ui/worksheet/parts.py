"""The worksheet's parts in order: the question, its demo page, exercises and self-checks.

A computational part has typed-answer exercises (:data:`lessons.exercises.EXERCISES`);
a conceptual part has multiple-choice self-checks from the question bank
(:data:`lessons.questions.QUESTIONS`). The side note has both: the count of loss
evaluations (typed) and how the cost grows, O(d⁴) against O(d²) (multiple choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from lessons.exercises import EXERCISES
from lessons.questions import QUESTIONS
from ui.pages import PAGES


@dataclass(frozen=True)
class Part:
    """One part of the worksheet.

    Attributes
    ----------
    id : str
        "1a" ... "2f", "side".
    title : str
        A few words.
    text : str
        The question in a sentence or two, Markdown with $LaTeX$.
    page : str
        url_path of the demo page that shows it.
    exercises : tuple of str
        Exercise ids (typed answers), in order.
    questions : tuple of str
        Question ids (multiple-choice self-checks), in order.
    view : str
        Query string of the demo's view that shows the part ("k=v&k=v"), or "".
    """

    id: str
    title: str
    text: str
    page: str
    exercises: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    view: str = ""

    @property
    def items(self) -> tuple[str, ...]:
        """Everything to get right for the part: ``ex:<id>`` and ``q:<id>``."""
        return tuple(f"ex:{e}" for e in self.exercises) + tuple(f"q:{q}" for q in self.questions)

    @property
    def label(self) -> str:
        """The part's name as shown: its id, or "side note"."""
        return "side note" if self.id == "side" else self.id

    @property
    def page_path(self) -> str:
        return next(p.path for p in PAGES if p.url_path == self.page)

    @property
    def page_title(self) -> str:
        return next(p.title for p in PAGES if p.url_path == self.page)


def _view(question_id: str) -> str:
    return "&".join(f"{k}={v}" for k, v in QUESTIONS[question_id].view.items())


_F2C = r"$f(W, x, y) = \big(y - \sum_{i=1}^n \phi(w_i^\top x + b_i)\big)^2$"

_PARTS = (
    Part("1a", "the network and its deltas",
         r"The forward pass: $x^{(0)} \xrightarrow{W^{(1)}} S^{(1)} \xrightarrow{g} x^{(1)} "
         r"\xrightarrow{W^{(2)}} S^{(2)} \xrightarrow{g} x^{(2)} \to \ell$, with "
         r"$S_j^{(l)} = \sum_i w_{ij}^{(l)} x_i^{(l-1)}$ and $W^{(l)}$ of shape "
         r"$d^{(l-1)}\times d^{(l)}$ (rows = from). Where do the deltas "
         r"$\delta_j^{(l)} = \partial\ell/\partial S_j^{(l)}$ live, and in which order are "
         r"they computed?",
         "overview", questions=("1a-deltas", "1a-shape"), view=_view("1a-deltas")),
    Part("1b", "a constant start: the hidden units",
         r"Every weight starts at the same constant $a$. What does each hidden unit "
         r"$x_j^{(1)} = g(S_j^{(1)})$ compute after the forward pass?",
         "symmetry", exercises=("1b-x",), view=_view("1b-clones")),
    Part("1c", "a constant start: the hidden deltas",
         r"Backward recursion: $\delta_i^{(1)} = g'(S_i^{(1)}) \sum_j w_{ij}^{(2)} "
         r"\delta_j^{(2)}$. Under the same constant start, what is each hidden delta?",
         "symmetry", exercises=("1c-delta",), view=_view("1c-deltas")),
    Part("1d", "the output deltas",
         r"The output deltas are $\delta_j^{(2)} = (x_j^{(2)} - y_j)\, g'(S_j^{(2)})$. "
         r"Are they equal to each other as well?",
         "symmetry", questions=("1d-output",), view=_view("1d-output")),
    Part("1e", "one gradient step",
         r"Gradient descent: $w_{ij}^{(l)} \leftarrow w_{ij}^{(l)} - \eta\, \delta_j^{(l)} "
         r"x_i^{(l-1)}$. What does $W^{(1)}$ look like after one step from the constant start?",
         "symmetry", exercises=("1e-W1",), view=_view("1e-rows")),
    Part("1f", "every later step",
         r"If $W^{(1)}$ has constant rows and $W^{(2)}$ constant columns, does the next step "
         r"keep the pattern? How many different hidden units are there after many steps?",
         "symmetry", questions=("1f-forever", "1f-nudge"), view=_view("1f-forever")),
    Part("1g", "the fix, and logistic regression",
         r"Random initialisation breaks the symmetry. Why does logistic regression "
         r"(no hidden layer, a convex loss) not need it, while an MLP does?",
         "logistic-vs-mlp", questions=("1g-lr-start", "1g-mlp-xor"), view=_view("1g-mlp-xor")),
    Part("2a", "several paths",
         r"If $x_i = g_i(w)$ for $i = 1..n$ and $f = f(x_1, \dots, x_n)$, then "
         r"$\frac{df}{dw} = \sum_i \frac{\partial f}{\partial x_i}\frac{dx_i}{dw}$: "
         r"the paths from $w$ to $f$ add up.",
         "chain-rule", exercises=("2a-sum",), view=_view("2a-paths")),
    Part("2b", "a computation graph",
         _F2C + r" as a graph: $z_i = w_i^\top x + b_i \to \phi(z_i) \to \sum \to "
         r"r = y - \sum \to f = r^2$. In which order does backprop fill in the gradients?",
         "chain-rule", questions=("2b-order",), view=_view("2b-order")),
    Part("2c", "the gradient with φ = σ",
         r"With $\phi = \sigma$: $\frac{\partial f}{\partial r} = 2r$, "
         r"$\frac{\partial r}{\partial z_i} = -\sigma'(z_i)$, "
         r"$\frac{\partial z_i}{\partial w_i} = x^\top$, "
         r"$\frac{\partial z_i}{\partial b_i} = 1$. Put the chain together.",
         "chain-rule", exercises=("2c-W", "2c-b"), view=_view("2c-sigma")),
    Part("2d", "one gradient-descent step",
         r"$w_i \leftarrow w_i - \eta\,\frac{\partial f}{\partial w_i}$, written out with "
         r"the gradient of 2c.",
         "gradient-descent", exercises=("2d-W",), view=_view("2d-step")),
    Part("2e", "backprop in column-vector form",
         r"Name the steps $x_1 = W_1 x + b$, $x_2 = \tanh(x_1)$, $x_3 = W_2 x_2$, "
         r"$x_4 = x_3 - y$, $\ell = \tfrac12\lVert x_4\rVert^2$ and go backwards from "
         r"$\partial\ell/\partial x_4 = x_4$.",
         "chain-rule", exercises=("2e-W2", "2e-W1", "2e-b", "2e-x"), view=_view("2e-transpose")),
    Part("2f", "one step of the linear network",
         r"The network of 2e with $\Phi$ the identity: one gradient step with rate $\eta$ "
         r"for each parameter.",
         "gradient-descent", exercises=("2f-W1", "2f-W2", "2f-b"), view=_view("2f-linear")),
    Part("side", "the cost of numerical gradients",
         r"A numerical gradient nudges one entry at a time: count the loss evaluations, then "
         r"compare how the cost grows with $d$ against backprop's.",
         "gradient-descent", exercises=("side-evals",), questions=("side-cost",),
         view=_view("side-cost")),
)  # fmt: skip

PARTS: MappingProxyType = MappingProxyType({p.id: p for p in _PARTS})
PART_IDS: tuple[str, ...] = tuple(PARTS)


def _check_bank() -> None:
    """Every id named above exists (fails at import, so a test sees it at once)."""
    for part in _PARTS:
        for e in part.exercises:
            if EXERCISES[e].part != part.id:
                raise ValueError(f"exercise {e} belongs to part {EXERCISES[e].part}")
        for q in part.questions:
            if QUESTIONS[q].part != part.id:
                raise ValueError(f"question {q} belongs to part {QUESTIONS[q].part}")


_check_bank()
