"""The logistic_vs_mlp demo's own pieces: fields, cached runners, chart builders, LaTeX."""
