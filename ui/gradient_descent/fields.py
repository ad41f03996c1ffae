"""The gradient-descent page's controls, declared once (URL keys prefixed "gd_")."""

from __future__ import annotations

from ui.state import Field

MODELS = ("2e", "2b")
T_MAX = 10**6  # the URL may ask for any step; the page clamps it to the run's last

FIELDS = (
    Field("gd_model", "segmented", "2e", "Model (worksheet part)", options=MODELS,
          help="2e: ℓ = ½‖W₂(W₁x + b) − y‖² with d × d matrices. "
               "2b: f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² with n sigmoid units."),
    Field("gd_eta", "number", 0.1, "Your learning rate η", lo=0.0, hi=100.0, step=0.01,
          fmt="%.4g", help="Used by Step / Run and drawn in black beside the presets."),
    Field("gd_d", "int_slider", 3, "Input size d", lo=1, hi=5, step=1,
          help="Length of x (for 2e also of b and y; W₁, W₂ are d × d)."),
    Field("gd_n", "int_slider", 3, "Sigmoid units n (2b only)", lo=1, hi=5, step=1,
          help="Rows of W in the 2b model (one sigmoid per row)."),
    Field("gd_seed", "int", 0, "Seed", lo=0, hi=9999, step=1,
          help="Draws the start weights, x and y. Same seed, same run."),
    Field("gd_scale", "slider", 1.0, "Init scale", lo=0.1, hi=3.0, step=0.1,
          help="Start weights ~ N(0, scale²) (2b) or N(0, scale²/d) (2e); biases start at 0."),
    Field("gd_steps", "int_slider", 60, "Steps (chart and stepper)", lo=10, hi=300, step=10,
          help="Length of the learning-rate comparison; the stepper goes up to here."),
    Field("gd_k", "int_slider", 10, "k (steps per Run k)", lo=1, hi=100, step=1,
          help="How many updates the 'Run k' button takes."),
    Field("gd_dmax", "int_slider", 32, "Largest d measured (cost)", lo=8, hi=64, step=1,
          help="The three gradients are timed and counted for d from 2 up to this size "
               "(about 12 sizes, log-spaced). Larger d takes longer the first time."),
)  # fmt: skip

STEP = Field("gd_t", "int_slider", 0, "Shown step t", lo=0, hi=T_MAX, step=1,
             help="The update shown is the one from step t to t + 1. Kept in the URL, so a "
                  "link reopens the same step.")  # fmt: skip
