#!/usr/bin/env python3
"""Average the weights of several NLI checkpoints ("model soup") into one asset folder.

    python scripts/soup_nli.py --out .work/soup .work/runA/ck/step-03900 .work/runB/ck/step-03900
    python scripts/eval_nli.py --asset .work/soup --both-directions

Every input is an asset folder written by train_nli.py (fp16 weights) or packed by
pack_nli_asset.py (int8 differences from the base); each is resolved to full
weights, and the output holds their (optionally weighted) mean in fp16, in the
format train_nli.py writes, ready for pack_nli_asset.py. Averaging only makes sense
for checkpoints fine-tuned from the same start: the same base and the same initial
classifier (train_nli.py --init-seed); the script refuses inputs whose label order,
trained layers or tensor names differ. Inference costs what one model costs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def resolve(asset: Path, base_sd: dict) -> tuple[dict, dict]:
    from claimcheck.nli.model import resolve_delta

    cfg = json.loads((asset / "config.json").read_text("utf-8"))
    sd = resolve_delta(load_file(str(asset / "delta.safetensors")), base_sd)
    return cfg, {k: v.float() for k, v in sd.items()}


def to_rows(sd: dict, base_sd: dict) -> dict:
    """``sd`` with a full word-embedding table stored as its rows that differ from the base.

    ``resolve`` rebuilds the whole 250k-row table of an asset that trained embedding
    rows; written back whole it would take 192 MB, so the soup keeps the asset form
    (``row_ids`` / ``row_values``) that ``pack_nli_asset.py`` and the loader read.
    """
    from claimcheck.nli.model import EMB

    out = dict(sd)
    full = out.pop(EMB + ".weight", None)
    if full is None:
        return out
    ids = (full != base_sd[EMB + ".weight"].float()).any(dim=1).nonzero().flatten()
    out[EMB + ".row_ids"] = ids.to(torch.int32)
    out[EMB + ".row_values"] = full[ids]
    return out


def normalised_weights(weights: list[float] | None, n: int) -> list[float]:
    """The weights summing to 1 (equal when None); one non-negative weight per checkpoint."""
    w = list(weights) if weights else [1.0] * n
    if len(w) != n or min(w) < 0 or sum(w) <= 0:
        raise ValueError("need one non-negative weight per checkpoint, not all zero")
    return [x / sum(w) for x in w]


def average(state_dicts: list[dict], weights: list[float] | None = None) -> dict:
    """Weighted mean of state dicts that hold the same tensor names and shapes (float32)."""
    if not state_dicts:
        raise ValueError("nothing to average")
    w = normalised_weights(weights, len(state_dicts))
    names = set(state_dicts[0])
    out = {}
    for i, sd in enumerate(state_dicts):
        if set(sd) != names:
            raise ValueError(f"checkpoint {i}: tensor names differ from checkpoint 0: "
                             f"{sorted(set(sd) ^ names)[:3]}")
        for k, v in sd.items():
            if v.shape != state_dicts[0][k].shape:
                raise ValueError(f"checkpoint {i}: {k} has shape {tuple(v.shape)}, "
                                 f"not {tuple(state_dicts[0][k].shape)}")
            out[k] = out.get(k, 0) + v.float() * w[i]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", type=Path, nargs="+", help="asset folders (config.json + delta.safetensors)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--weights", type=float, nargs="*", default=None, help="one per input (default: equal)")
    ap.add_argument("--name", default=None, help="model name to write into config.json (default: first input's)")
    args = ap.parse_args()
    if len(args.inputs) < 2:
        raise SystemExit("soup_nli: give at least two checkpoints")
    from claimcheck.nli.e5convert import ensure_base_model

    base_sd = {"bert." + k: v for k, v in load_file(str(Path(ensure_base_model()) / "model.safetensors")).items()}
    cfgs, sds, sources = [], [], []
    for path in args.inputs:
        cfg, sd = resolve(path, base_sd)
        if cfgs and cfg.get("id2label") != cfgs[0].get("id2label"):
            raise SystemExit(f"soup_nli: {path}: label order {cfg.get('id2label')} != {cfgs[0].get('id2label')}")
        if cfgs and cfg.get("claimcheck", {}).get("trained_layers") != cfgs[0].get("claimcheck", {}).get("trained_layers"):
            raise SystemExit(f"soup_nli: {path}: trained layers differ from {args.inputs[0]}")
        cfgs.append(cfg)
        sds.append(sd)
        meta_p = path / "train_meta.json"
        meta = json.loads(meta_p.read_text("utf-8")) if meta_p.exists() else {}
        sources.append({"path": str(path), "step": meta.get("step", meta.get("best", {}).get("step")),
                        "command": meta.get("command") or meta.get("args")})
    try:
        w = normalised_weights(args.weights, len(sds))
        acc = average(sds, w)
    except ValueError as e:
        raise SystemExit(f"soup_nli: {e}") from e
    cfg0 = cfgs[0]

    args.out.mkdir(parents=True, exist_ok=True)
    tmp = args.out / "delta.safetensors.tmp"
    acc = to_rows(acc, base_sd)
    half = {k: (v.to(torch.float16) if v.is_floating_point() else v).contiguous() for k, v in acc.items()}
    save_file(half, str(tmp),
              metadata={"format": "claimcheck-nli-delta", "version": "1"})
    os.replace(tmp, args.out / "delta.safetensors")
    cfg0.setdefault("claimcheck", {})["delta_dtype"] = "float16"
    cfg0["claimcheck"]["asset_format"] = 1
    if args.name:
        cfg0["claimcheck"]["name"] = args.name
    (args.out / "config.json").write_text(json.dumps(cfg0, ensure_ascii=False, indent=1), "utf-8")
    meta = {"soup": {"inputs": sources, "weights": w},
            "command": "python " + " ".join(sys.argv)}
    (args.out / "train_meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    print(f"averaged {len(args.inputs)} checkpoints ({len(acc)} tensors) -> {args.out}")


if __name__ == "__main__":
    main()
