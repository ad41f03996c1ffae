"""Shared pytest setup: the project root importable, and Hypothesis profiles.

Property tests explore new random examples on every local run ("dev"), but
CI must give the same answer for the same commit: with ``CI`` set (as
``.ci/run`` does) the "ci" profile derandomizes every search, so a failure
found locally is kept as an ``@example`` rather than left to chance.
Choose a profile by hand with ``HYPOTHESIS_PROFILE=ci|dev``.
"""

import os
import sys
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
