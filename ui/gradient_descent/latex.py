"""LaTeX of the worksheet's 2d and 2f update rules (symbolic; drawn once, outside the stepper).

The same updates with the live numbers are HTML (matrices.py): they change at
every step, and HTML is far cheaper for the browser to redraw than KaTeX.
"""

from __future__ import annotations

SYMBOLIC = {
    "2b": (
        r"z_i = w_i^{\top} x + b_i,\qquad "
        r"w_i^{(t+1)} = w_i^{(t)} - \eta\cdot 2\Big(\sum_{j=1}^{n}\sigma(z_j) - y\Big)"
        r"\,\sigma(z_i)\big(1-\sigma(z_i)\big)\,x",
        r"b_i^{(t+1)} = b_i^{(t)} - \eta\cdot 2\Big(\sum_{j=1}^{n}\sigma(z_j) - y\Big)"
        r"\,\sigma(z_i)\big(1-\sigma(z_i)\big)",
        r"\text{all rows at once: }W^{(t+1)} = W^{(t)} - \eta\cdot 2\Big(\sum_j\sigma(z_j)-y\Big)"
        r"\,\big(\sigma(z)\odot(1-\sigma(z))\big)\,x^{\top}",
    ),
    "2e": (
        r"W_1^{(t+1)} = W_1^{(t)} - \eta\, W_2^{\top}\big(W_2(W_1 x + b) - y\big)\,x^{\top}",
        r"W_2^{(t+1)} = W_2^{(t)} - \eta\,\big(W_2(W_1 x + b) - y\big)\,(W_1 x + b)^{\top}",
        r"b^{(t+1)} = b^{(t)} - \eta\, W_2^{\top}\big(W_2(W_1 x + b) - y\big)",
    ),
}
