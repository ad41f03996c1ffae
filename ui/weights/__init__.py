"""The weights demo's own pieces: fields, cached runners, chart builders, LaTeX."""
