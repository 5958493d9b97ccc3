"""claimcheck.registry: lookup by name and prefix, aliases ("builtin"), listing,
and registrations that end with their test."""

from __future__ import annotations

import types

import pytest

from claimcheck import builtins, registry
from claimcheck.nli import labels, model as nli_model
from claimcheck.encoders import HashEncoder
from claimcheck.errors import BackendError
from claimcheck.nli.backends import InterimCueNLI


class Named:
    def __init__(self, name):
        self.name = name


def test_registered_lasts_for_the_block_only():
    with registry.registered("nli", "fake.v1", Named, "a fake"):
        assert registry.get_nli("fake.v1").name == "fake.v1"
        assert ("fake.v1", "a fake") in registry.list_nli()
    assert "fake.v1" not in dict(registry.list_nli())
    with pytest.raises(BackendError, match="unknown NLI backend 'fake.v1'; known: .*interim-cues.v1"):
        registry.get_nli("fake.v1")


def test_registered_over_a_builtin_puts_the_builtin_back():
    with registry.registered("encoder", "hash.v1", lambda name: Named(name)):
        assert isinstance(registry.get_encoder("hash.v1"), Named)
    assert isinstance(registry.get_encoder("hash.v1"), HashEncoder)


def test_register_backend_fixture_cleans_up(register_backend):
    register_backend("encoder", "fake-enc.v1", Named)
    assert registry.get_encoder("fake-enc.v1").name == "fake-enc.v1"


def test_the_fixture_above_left_nothing_behind():
    assert "fake-enc.v1" not in dict(registry.list_encoders())


def test_aliases_resolve_without_loading_and_build_under_the_real_name():
    built = []

    def factory(name):
        built.append(name)
        return Named(name)

    with registry.registered("nli", "fake.v2", factory, aliases=("fake-latest",)):
        assert registry.resolve_nli("fake-latest") == "fake.v2" and built == []
        assert registry.get_nli("fake-latest").name == "fake.v2" and built == ["fake.v2"]
        assert dict(registry.list_nli())["fake-latest"] == "alias of fake.v2"
    assert registry.resolve_nli("fake-latest") == "fake-latest"  # the alias went with it


def test_unregister_removes_a_backend_and_its_aliases():
    registry.register_encoder("tmp-enc.v1", Named, aliases=("tmp-enc",))
    registry.unregister_encoder("tmp-enc.v1")
    assert registry.resolve_encoder("tmp-enc") == "tmp-enc"
    with pytest.raises(BackendError):
        registry.get_encoder("tmp-enc")


def test_prefix_backends_get_the_full_name(register_backend):
    register_backend("nli", "fake:", Named)
    assert registry.get_nli("fake:/models/x").name == "fake:/models/x"
    assert registry.resolve_nli("fake:/models/x") == "fake:/models/x"


def test_builtin_is_one_alias_decided_by_the_shipped_asset(monkeypatch):
    assert registry.resolve_nli("builtin") == builtins.builtin_nli_name() == nli_model.NAME

    # the same hook on a package whose asset is missing: "builtin" is the interim model
    calls = {}
    fake = types.SimpleNamespace(
        register_encoder=lambda name, factory, help="", aliases=(): None,
        register_nli=lambda name, factory, help="", aliases=(): calls.update({a: name for a in aliases}))
    monkeypatch.setattr(nli_model, "asset_available", lambda asset_dir=None: False)
    builtins.register(fake)
    assert calls == {"builtin": InterimCueNLI.name}


def test_labels_have_one_home():
    assert registry.LABELS is labels.LABELS == ("entailment", "neutral", "contradiction")
