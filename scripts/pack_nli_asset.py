"""Pack a trained NLI checkpoint as int8 differences from the base (asset ≤ 25 MB).

    python scripts/pack_nli_asset.py --src .work/asset_full --out claimcheck/assets/nli-ar.v1

``--src`` is an asset folder written by train_nli.py (fp16 weights of the trained
layers, config.json, train_meta.json). Every trained matrix W becomes
``W.q8`` = round((W - W_base) / scale) as int8 with one fp16 ``W.scale`` per output
row; trained word-embedding rows likewise, against the base rows they replace;
vectors (biases, LayerNorm) stay fp16; the classifier stays fp16 whole. The
script reports the largest reconstruction error against the fp16 source.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def int8_difference(diff: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Quantise a difference per row: int8 values and one fp16 scale per row."""
    scale = (diff.abs().amax(dim=1) / 127.0).clamp_min(1e-12)
    q = torch.round(diff / scale.unsqueeze(1)).clamp(-127, 127).to(torch.int8)
    return q.contiguous(), scale.to(torch.float16).contiguous()


def pack(src: dict, base_sd: dict) -> tuple[dict, float]:
    """Packed tensors and the largest reconstruction error against ``src``.

    Matrices that exist in the base become int8 differences (``.q8`` + ``.scale``);
    trained embedding rows (``<EMB>.row_values``) become int8 differences from the
    base rows they replace; row ids stay integers; everything else is stored fp16.
    """
    from claimcheck.nli.model import EMB

    packed, worst = {}, 0.0
    for k, v in src.items():
        if k == EMB + ".row_values":
            ids = src[EMB + ".row_ids"].long()
            ref = base_sd[EMB + ".weight"][ids].float()
        elif v.ndim == 2 and k in base_sd and not k.startswith("classifier."):
            ref = base_sd[k].float()
        elif not v.is_floating_point():
            packed[k] = v.contiguous()
            continue
        else:
            packed[k] = v.to(torch.float16).contiguous()
            continue
        q, scale = int8_difference(v.float() - ref)
        back = ref + q.float() * scale.float().unsqueeze(1)
        worst = max(worst, float((back - v.float()).abs().max()))
        packed[k + ".q8"], packed[k + ".scale"] = q, scale
    return packed, worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name", default=None, help="model name to write into config.json (default: keep)")
    args = ap.parse_args()
    from claimcheck.nli.e5convert import ensure_base_model
    from transformers import BertModel

    base = BertModel.from_pretrained(str(ensure_base_model()), add_pooling_layer=False)
    base_sd = {f"bert.{k}": v for k, v in base.state_dict().items()}
    src = load_file(str(args.src / "delta.safetensors"))
    packed, worst = pack(src, base_sd)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = args.out / "delta.safetensors.tmp"
    save_file(packed, str(tmp), metadata={"format": "claimcheck-nli-delta", "version": "2"})
    os.replace(tmp, args.out / "delta.safetensors")
    cfg = json.loads((args.src / "config.json").read_text("utf-8"))
    cfg.setdefault("claimcheck", {})["delta_dtype"] = ("int8 differences from the base per output row (matrices, "
                                                      "embedding rows); float16 (vectors, classifier)")
    cfg["claimcheck"]["asset_format"] = 2
    if args.name:
        cfg["claimcheck"]["name"] = args.name
    (args.out / "config.json").write_text(json.dumps(cfg, ensure_ascii=False, indent=1), "utf-8")
    if (args.src / "train_meta.json").exists() and args.src.resolve() != args.out.resolve():
        shutil.copy(args.src / "train_meta.json", args.out / "train_meta.json")
    size = (args.out / "delta.safetensors").stat().st_size
    print(f"packed {len(src)} tensors -> {args.out / 'delta.safetensors'} ({size / 1e6:.1f} MB); "
          f"max |error| vs fp16 source {worst:.2e}")


if __name__ == "__main__":
    main()
