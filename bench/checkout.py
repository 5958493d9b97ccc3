"""Run a benchmark against another checkout's ``claimcheck`` (an older commit, for a
"before" column): ``git archive REV claimcheck | tar -x -C DIR``, then ``use(DIR)``
before anything imports claimcheck."""

from __future__ import annotations

import sys


def use(src: str) -> None:
    """Import ``claimcheck`` from ``src``: the editable install's import hook would
    otherwise win over ``sys.path``."""
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    sys.path.insert(0, src)
