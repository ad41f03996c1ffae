"""The app's pages, listed once: navigation, overview cards and tests use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """One page: file, title, icon, URL path and the question it answers."""

    path: str
    title: str
    icon: str
    url_path: str
    parts: str
    question: str
    default: bool = False

    @property
    def href(self) -> str:
        """Path of the page's URL: the default page lives at the app's root."""
        return "" if self.default else self.url_path


PAGES = (
    PageInfo(
        "app_pages/overview.py",
        "Overview",
        "🏠",
        "overview",
        "1a",
        "What does a network compute, and where do the deltas live?",
        default=True,
    ),
    PageInfo(
        "app_pages/worksheet.py",
        "Worksheet",
        "📝",
        "worksheet",
        "1a-2f, side note",
        "Can you derive it yourself? Type your answer; the app checks it.",
    ),
    PageInfo(
        "app_pages/symmetry.py",
        "Symmetry breaking",
        "🪞",
        "symmetry",
        "1a-1f",
        "Why do equal initial weights keep hidden units identical forever?",
    ),
    PageInfo(
        "app_pages/chain_rule.py",
        "Chain rule and graphs",
        "🔗",
        "chain-rule",
        "2a-2c, 2e",
        "How does the chain rule flow backwards through a computation graph?",
    ),
    PageInfo(
        "app_pages/gradient_descent.py",
        "Gradient descent updates",
        "⛰️",
        "gradient-descent",
        "2d, 2f, side note",
        "What does one update do, how big may the step be, and why is backprop cheap?",
    ),
    PageInfo(
        "app_pages/logistic_vs_mlp.py",
        "Logistic regression vs MLP",
        "⚖️",
        "logistic-vs-mlp",
        "1g",
        "Why is zero init fine for logistic regression and fatal for an MLP?",
    ),
    PageInfo(
        "app_pages/weights.py",
        "Weights over iterations",
        "🎞️",
        "weights",
        "1e-1f",
        "How do the weight matrices evolve, step by step?",
    ),
    PageInfo(
        "app_pages/poll.py",
        "Class poll",
        "🗳️",
        "poll",
        "1a-2f, side note",
        "What does the room predict? Vote on your phone; the projector shows the tallies.",
    ),
)
