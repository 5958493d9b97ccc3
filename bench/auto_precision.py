"""The measurement behind ``bert.auto_cpu_precision``: built-in NLI, fp32 vs bf16 products.

    python bench/auto_precision.py [--seeds /work/main/seeds] [--pairs 200] [--runs 3]

200 pairs of seed sentences (20-400 characters, drawn with seed 13), two torch
threads, both precisions loaded in one process and run alternately, best of
``--runs``: wall and CPU seconds, so a loaded machine shows as CPU < 2 × wall.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="/work/main/seeds")
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from claimcheck.nli.bert import cpu_bf16_flags
    from claimcheck.nli.model import BuiltinNLI
    from claimcheck.text.segment import split_sentences

    sents = []
    for f in sorted(Path(args.seeds).glob("*.txt")):
        t = f.read_text(encoding="utf-8")
        sents += [t[a:b] for a, b in split_sentences(t) if 20 <= b - a <= 400]
    rng = random.Random(13)
    pairs = [tuple(rng.sample(sents, 2)) for _ in range(args.pairs)]
    models = {p: BuiltinNLI(threads=2, precision=p) for p in ("fp32", "bf16")}
    for m in models.values():
        m.predict(pairs[:16])  # warm-up: kernels chosen
    wall = {p: [] for p in models}
    cpu = {p: [] for p in models}
    out = {}
    for r in range(args.runs):
        for p, m in models.items():
            c0, t0 = time.process_time(), time.perf_counter()
            out[p] = m.predict(pairs)
            wall[p].append(time.perf_counter() - t0)
            cpu[p].append(time.process_time() - c0)
            print(f"run {r} {p}: {wall[p][-1]:.2f} s wall, {cpu[p][-1]:.2f} s CPU, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    b32, b16 = min(wall["fp32"]), min(wall["bf16"])
    print(f"CPU bf16 flags: {sorted(cpu_bf16_flags()) or 'none'}; {len(pairs)} pairs from {len(sents)} sentences")
    print(f"best wall: fp32 {b32:.2f} s ({len(pairs) / b32:.1f} pairs/s), bf16 {b16:.2f} s "
          f"({len(pairs) / b16:.1f} pairs/s): bf16 is {b32 / b16:.2f}x float32")
    d = np.abs(out["fp32"] - out["bf16"])
    print(f"probabilities fp32 vs bf16: max |diff| {d.max():.4f}, mean {d.mean():.5f}")


if __name__ == "__main__":
    main()
