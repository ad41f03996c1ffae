"""The symmetry page's controls, declared once (URL keys, defaults, ranges, help)."""

from __future__ import annotations

from ui.state import Field
from ui.symmetry.runs import ACTIVATIONS, INIT_LABELS, INITS, TARGET_LABELS, TARGETS

EPS_OPTIONS = (1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1)
FIELDS = (
    Field("sym_d0", "int_slider", 3, "Inputs d⁽⁰⁾", "Units in the input layer.", 1, 6),
    Field("sym_d1", "int_slider", 4, "Hidden units d⁽¹⁾", "Width of the hidden layer.", 1, 8),
    Field("sym_d2", "int_slider", 2, "Outputs d⁽²⁾", "Units in the output layer.", 1, 4),
    Field("sym_act", "select", "sigmoid", "Hidden activation g", options=ACTIVATIONS),
    Field(
        "sym_out",
        "select",
        "sigmoid",
        "Output activation",
        "Applied to S⁽²⁾; identity means x⁽²⁾ = S⁽²⁾. The loss is ½ Σ_j (x_j⁽²⁾ − y_j)².",
        options=ACTIVATIONS,
    ),
    Field(
        "sym_init",
        "select",
        "constant",
        "Initialisation",
        "How every weight starts (biases start at 0).",
        options=INITS,
        labels=INIT_LABELS,
    ),
    Field("sym_a", "number", 0.5, "Constant a", "Start value of every weight.", -2.0, 2.0, 0.05),
    Field("sym_sigma", "number", 0.5, "σ (random init)", "Std of N(0, σ²).", 0.01, 3.0, 0.05),
    Field(
        "sym_eps",
        "select_slider",
        1e-6,
        "Noise ε",
        "Std of the tiny N(0, ε²) nudge added to the constant a.",
        options=EPS_OPTIONS,
    ),
    Field("sym_lr", "number", 0.5, "Learning rate η", "Gradient step size.", 0.001, 10.0, 0.05),
    Field("sym_steps", "int_slider", 50, "Steps", "Full-batch gradient steps.", 0, 300),
    Field("sym_seed", "int", 0, "Seed", "Seeds the data, random and noisy inits.", 0, 9999),
    Field(
        "sym_n",
        "select_slider",
        1,
        "Examples n",
        "One example or a small batch (the loss is the mean).",
        options=(1, 2, 4, 8, 16),
    ),
    Field(
        "sym_targets",
        "select",
        "example",
        "Targets",
        "Regression example: targets differ between outputs (1d) but one hidden unit fits "
        "them. Random teacher: outputs of a random network of the same shape, which needs "
        "every hidden unit, so a nudge ε grows.",
        options=TARGETS,
        labels=TARGET_LABELS,
    ),
    Field("sym_bias", "toggle", False, "Biases b⁽ˡ⁾", "Add biases (they start at 0)."),
)
STEP = Field(
    "sym_step", "int_slider", 1, "Show step", "The step drawn in the diagram.", 0, 300, clamp=True
)
PRESET = {
    "sym_init": "noise",
    "sym_act": "tanh",
    "sym_out": "identity",
    "sym_targets": "teacher",
    "sym_n": 8,
    "sym_steps": 150,
    "sym_step": 100,
}
