"""The worksheet's mathematics, topic by topic (numpy only; imports core, never ui).

- symmetry: 1b-1f (unit signatures, checks, traced runs, teacher targets)
- closed_forms: the closed-form answers of 1b, 1c, 1e, 2c, 2d, 2e, 2f
- chain_rule: 2a-2c examples, local derivatives, typed variables
- descent: 2d/2f updates, learning-rate experiments, loss landscapes (1g)
- cost: the side note, numerical vs backprop gradient cost
- questions: the class-question bank; exercises: the typed-answer checker
"""
