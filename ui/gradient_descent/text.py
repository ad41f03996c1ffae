"""The gradient-descent page's longer words, per model (captions follow the chosen model)."""

from __future__ import annotations

CONVENTION = {
    "2e": "2e, a linear network (Φ = identity): "
    "$\\ell = \\tfrac12\\lVert W_2(W_1x + b) - y\\rVert^2$, one example (x, y). "
    "W multiplies a column vector, $Wx$, so W is *to × from* "
    "(the transpose of part 1's convention).",
    "2b": "2b, a sum of n sigmoids: $f = (y - \\sum_i \\sigma(w_i^\\top x + b_i))^2$, one "
    "example (x, y). Row i of W is $w_i^\\top$ (the weights of sigmoid unit i), so "
    "$z = Wx + b$.",
}

RATES = (
    "The stage's **local step limit 2/λ**: λ is the largest eigenvalue of the Gauss–Newton "
    "matrix at the shown weights; near them, a rate above 2/λ makes the prediction overshoot "
    "the target by more than it was off, and the limit moves as the weights change. "
    "Small steps creep down (**converges**). Past the local limit 2/λ each step overshoots: "
    "the prediction error flips sign every step (**oscillates**, chart above) and shrinks only "
    "slowly. Further out the overshoot grows each step and the loss explodes (**diverges**). "
    "In 2b the loss is bounded by (|y| + n)², so a huge step cannot blow it up: it throws the "
    "sigmoids into saturation, where σ′ ≈ 0 and the gradient vanishes (**stalls**). The "
    "presets were chosen at the default settings; with other settings the labels say what "
    "each did."
)

# What is measured, per model (the measurement uses n = d for 2b, so W is d x d).
MEASURED = {
    "2e": "the 2e loss ℓ = ½‖W₂(W₁x + b) − y‖², gradient over the P = 2d² entries of W₁ and W₂",
    "2b": "the 2b loss f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² with n = d sigmoid units, gradient over the "
    "P = d² entries of W",
}

COST = {
    "2e": "**Why d⁴ vs d².** One evaluation of ℓ costs about 2d² multiply-adds (two d × d "
    "matrix–vector products). The forward difference (ℓ(W + εE_ij) − ℓ(W))/ε perturbs each of "
    "the P = 2d² entries of W₁ and W₂ once: 2d² + 1 evaluations × O(d²) = **O(d⁴)**.",
    "2b": "**Why d⁴ vs d².** With n = d sigmoid units, one evaluation of f costs about d² "
    "multiply-adds (one d × d matrix–vector product, then d sigmoids). The forward difference "
    "(f(W + εE_ij) − f(W))/ε perturbs each of the P = d² entries of W once: d² + 1 "
    "evaluations × O(d²) = **O(d⁴)**.",
}

COST_SHARED = (
    " **Forward mode** (core.graph.jvp) pushes one tangent through the graph beside the "
    "values: exact, no ε, but one pass gives the derivative along one direction only, so the "
    "whole gradient takes P passes of O(d²) each: **O(d⁴)** again. **Backprop** (reverse "
    "mode) pushes one gradient backwards from the single output and gets all P derivatives "
    "from one backward pass: **O(d²)**. Many inputs and one output is why networks are "
    "trained in reverse mode. On a log-log plot a power law dᵖ is a straight line of slope "
    "p.\n\n"
    "**Why wall time disagrees.** The counted operations are deterministic. Wall time at "
    "these small d is dominated by Python's fixed overhead per numpy call (microseconds, "
    "whatever d is), so it grows like the number of calls: about d² for forward differences "
    "and forward mode (one evaluation or pass per entry), nearly flat for backprop. The "
    "arithmetic d⁴ vs d² only dominates the clock for d in the hundreds."
)

EPS_WHAT = {
    "2e": "Gradient over W₁ and W₂ of 2e with Φ = tanh, d = {d}, seed {seed}",
    "2b": "Gradient over W of 2b (n = {n} sigmoids of d = {d} inputs), seed {seed}",
}

EPS = (
    "Two errors pull in opposite directions. **Truncation**: the forward difference is off by "
    "about (ε/2)·ℓ″, the central one by (ε²/6)·ℓ‴, so a smaller ε helps. **Round-off**: the "
    "loss is stored with relative precision u ≈ 2.2 × 10⁻¹⁶, and dividing the difference of "
    "two nearly equal values by ε amplifies that error like u·|ℓ|/ε, so a smaller ε hurts. "
    "The total is smallest where the two meet: ε ≈ √u ≈ 1.5 × 10⁻⁸ for forward differences, "
    "ε ≈ ∛u ≈ 6 × 10⁻⁶ for central ones (dashed guides), which also reach a far smaller "
    "error. Forward mode and backprop have neither error: no ε at all."
)
EPS_2E = (
    " Φ = tanh here because with Φ = identity ℓ is quadratic in each weight and the central "
    "difference would have no truncation error at all."
)
