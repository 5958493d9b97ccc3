"""NLI precision check: ANS dev accuracy and pairs/s of the built-in model per precision.

    python bench/nli_precision.py [--out bench/results-nli.md]

Same process, same pairs, precisions alternated (best of N timing runs), so the
speed ratios compare like with like on a shared machine. ANS dev: the 755 headline
pairs of /work/shared/data/ans/stance_dev.csv (Khouja 2020, Apache-2.0), labels
agree/disagree/other -> entailment/contradiction/neutral, argmax accuracy. Seed-like
pairs: the most similar pairs of real news claims (realtext.real_sentences) by e5
cosine, both directions — what a report scores.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

ALIASES = {"agree": "entailment", "disagree": "contradiction", "other": "neutral"}


def ans_dev():
    from realtext import ANS

    with open(ANS / "stance_dev.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r["s1"], r["s2"]) for r in rows], [ALIASES[r["stance"]] for r in rows]


def claim_pairs(n: int):
    from realtext import real_sentences

    from claimcheck.registry import get_encoder

    texts, _ = real_sentences(600)
    v = get_encoder("e5-small-torch.v1").encode(texts)
    sims = v @ v.T
    np.fill_diagonal(sims, -1)
    iu = np.triu_indices(len(texts), 1)
    top = np.argsort(-sims[iu])[: n // 2]
    pairs = [(texts[iu[0][t]], texts[iu[1][t]]) for t in top]
    return pairs + [(b, a) for a, b in pairs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--precisions", default="fp32,bf16,int8")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()

    from claimcheck.nli.backends import predict_cached
    from claimcheck.nli.model import BuiltinNLI
    from claimcheck.registry import LABELS

    pairs, gold = ans_dev()
    cp = claim_pairs(a.pairs)
    models = {p: BuiltinNLI(precision=p) for p in a.precisions.split(",")}
    acc, speed, probs = {}, {}, {}
    for p, m in models.items():
        pr = m.predict(pairs)
        probs[p] = pr
        acc[p] = float(np.mean([LABELS[k] == g for k, g in zip(pr.argmax(1), gold)]))
    for _ in range(a.repeats):
        for p, m in models.items():
            for name, ps in (("ans", pairs), ("claims", cp)):
                t0 = time.perf_counter()
                predict_cached(m, ps, {})
                speed.setdefault((p, name), []).append(len(ps) / (time.perf_counter() - t0))
    base = a.precisions.split(",")[0]
    lines = [f"| precision | ANS dev accuracy (n={len(pairs)}) | Δ vs {base} | mean abs Δprob vs {base} | "
             f"pairs/s ANS dev | pairs/s claim pairs (n={len(cp)}) | speed vs {base} (claim pairs) |",
             "|---|---|---|---|---|---|---|"]
    for p in models:
        sp = max(speed[(p, "claims")])
        lines.append(f"| {p} (ran: {models[p].precision}) | {acc[p]:.4f} | {acc[p] - acc[base]:+.4f} | "
                     f"{np.abs(probs[p] - probs[base]).mean():.4f} | {max(speed[(p, 'ans')]):.1f} | {sp:.1f} | "
                     f"{sp / max(speed[(base, 'claims')]):.2f}x |")
    import os

    text = "\n".join(lines) + f"\n\nload average at end: {os.getloadavg()}; best of {a.repeats} alternating runs.\n"
    print(text)
    if a.out:
        a.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
