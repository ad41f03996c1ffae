"""The controls of the "Logistic regression vs MLP" page, declared once.

Every field is bound to a URL query parameter (ui.state), so a shared link
reopens the exact view, seeds included. Keys start with ``lr_``. ``MAIN`` is
the one control drawn above the stage (the data set); the rest go to the
settings panel.
"""

from __future__ import annotations

from ui.state import Field

DATASETS = ("blobs", "xor", "circles", "moons", "spiral")
RATES = (0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)

MAIN = Field(
    "lr_data", "segmented", "xor", "Data set",
    "blobs: linearly separable. xor, circles, moons, spiral: no straight line separates "
    "the classes.",
    options=DATASETS,
)  # fmt: skip
"""The data set: the one choice a lecturer makes while talking."""

SETTINGS = (
    Field("lr_width", "int_slider", 8, "Hidden units d (MLP)",
          "Width of the MLP's single hidden layer (both MLPs).", lo=2, hi=16, step=1),
    Field("lr_act", "select", "tanh", "Hidden activation g (MLP)",
          "Activation of the hidden layer. Every output is a sigmoid with cross-entropy.",
          options=("tanh", "relu", "sigmoid")),
    Field("lr_lr", "select_slider", 1.0, "Learning rate η",
          "Same step size for all four models (full-batch gradient descent).", options=RATES),
    Field("lr_steps", "int_slider", 300, "Training steps",
          "Same number of gradient steps for all four models.", lo=100, hi=1500, step=100),
    Field("lr_const", "slider", 0.5, "Constant init value c",
          "Every weight of the constant-init MLP starts at c (0: zero init). Biases start at 0.",
          lo=-2.0, hi=2.0, step=0.1, fmt="%.1f"),
    Field("lr_scale", "slider", 1.0, "Random init scale σ",
          "Random starts draw every weight from N(0, σ²); biases start at 0.",
          lo=0.1, hi=3.0, step=0.1, fmt="%.1f"),
    Field("lr_n", "int_slider", 200, "Examples n", "Number of data points (half of each class).",
          lo=20, hi=400, step=10),
    Field("lr_noise", "slider", 0.05, "Noise",
          "Standard deviation of the jitter added to each point (blobs: twice it).",
          lo=0.0, hi=0.5, step=0.01, fmt="%.2f"),
    Field("lr_seed", "int", 0, "Data seed", "Same seed, same data.", lo=0, hi=999_999, step=1),
    Field("lr_iseed", "int", 3, "Init seed", "Seed of the random starts (LR and MLP).",
          lo=0, hi=999_999, step=1),
    Field("lr_log", "toggle", False, "Log-scale loss axis",
          "Show the loss curves on a logarithmic axis."),
)  # fmt: skip
"""Everything else (the settings panel: sidebar, or a collapsed expander in lecture mode)."""

FIELDS = (MAIN, *SETTINGS)
"""Every URL-bound control of the page."""
