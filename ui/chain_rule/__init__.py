"""The chain_rule demo's own pieces: fields, cached runners, chart builders, LaTeX."""
