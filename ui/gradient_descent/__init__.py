"""The gradient_descent demo's own pieces: fields, cached runners, chart builders, LaTeX."""
