"""The name an NLI backend spec runs (and caches its scores) under, without loading it.

Above both the registry (aliases such as ``builtin``) and the built-in model (its
precision suffix, ``+int8``), so neither has to import the other.
"""

from __future__ import annotations

from . import nli_model
from .registry import resolve_nli


def resolve_run_name(spec: str) -> str:
    """``resolve_run_name("builtin") == "claimcheck-nli-ar.v2"`` (``…+int8`` under int8 precision)."""
    name = resolve_nli(spec)
    return nli_model.run_name(name) if name in nli_model.ASSETS else name
