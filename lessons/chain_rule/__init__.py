"""Worksheet 2a-2c and 2e on computation graphs: examples, local derivatives, typed variables.

- :mod:`lessons.chain_rule.derivatives`: the g_i and f of 2a, local derivatives
  of graph nodes, the chain rule over the n paths.
- :mod:`lessons.chain_rule.examples`: the 2a, 2b and 2e graphs with checks
  against closed forms and finite differences.
- :mod:`lessons.chain_rule.variables`: reading a typed "name = values" block.
"""
