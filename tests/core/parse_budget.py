"""core.expr's time guarantee, as the tests check it: any input returns or raises
within 100 ms (the design budget). The machine is shared, so the budget is on CPU time
(not time spent waiting for a core), and a slow first try (a GC pause, a cold
cache) gets one more: an input that is really slow is slow both times."""

import time

from core.expr import ExpressionError, parse

BUDGET = 0.1  # seconds per parse


def _once(text, variables):
    start = time.thread_time()
    try:
        result = parse(text, variables)
    except ExpressionError as err:
        result = err
    return time.thread_time() - start, result


def parse_within_budget(text, variables):
    """parse() within the budget; returns the Var or the ExpressionError it raised."""
    seconds, result = _once(text, variables)
    if seconds >= BUDGET:
        seconds = min(seconds, _once(text, variables)[0])
    assert seconds < BUDGET, f"{text[:40]!r} took {seconds * 1000:.0f} ms"
    return result
