"""Worksheet 2d and 2f: gradient-descent updates, learning rates, loss landscapes.

- :mod:`lessons.descent.updates`: the 2b/2e models, closed-form vs autodiff
  updates, runs over several learning rates.
- :mod:`lessons.descent.landscape`: 1-D loss slices and the logistic-regression
  Hessian (1g: convex vs not).
"""
