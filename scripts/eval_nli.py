#!/usr/bin/env python3
"""Evaluate an NLI backend: ANS dev, FarsTail val, pairs files, and fixed seed pairs.

Prints accuracy, macro-F1 and per-class precision / recall / F1 for each set, the
throughput (pairs/s, including tokenisation), and the predictions on a fixed list
of seed pairs (seed 000: surprised vs notified 10 hours ahead, both directions;
agreeing pairs between seeds 003 and 004; unrelated pairs).

  python scripts/eval_nli.py                          # the default built-in model
  python scripts/eval_nli.py --both-directions        # also the pipeline's two-direction contradiction flag
  python scripts/eval_nli.py --backend interim-cues.v1
  python scripts/eval_nli.py --asset .work/some_asset --threads 2
  python scripts/eval_nli.py --pairs my_pairs.jsonl --no-ans --no-farstail
  python scripts/eval_nli.py --json .work/eval.json   # also write all numbers

A pairs file is JSONL with "premise", "hypothesis", "label" (entailment / neutral /
contradiction, or agree / disagree / other, e / n / c).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.nli.labels import LABELS  # noqa: E402  (one home for the label order)

ALIASES = {"agree": "entailment", "disagree": "contradiction", "other": "neutral",
           "e": "entailment", "n": "neutral", "c": "contradiction",
           "entailment": "entailment", "neutral": "neutral", "contradiction": "contradiction"}

# (id, premise, hypothesis, expected); expected "not contradiction" = anything else
_A1 = "بسبب العمليات العسكرية المصرية في ليبيا التي فاجأت كلا من الجزائر وتونس"
_A2 = "تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
_B = "إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات"
_S3 = ("أجرى وزير الخارجية الجزائري صبري بوقادوم محادثات مع القائد العام للجيش الوطني الليبي "
       "المشير خليفة حفتر في بنغازي الأربعاء")
_S4 = "التقى وزير الخارجية الجزائري صبري بوقادم، اليوم الأربعاء، قائد الجيش الليبي خليفة حفتر في مدينة بنغازي."
_H3 = "وزير الخارجية الجزائري يجري مباحثات مع القائد العام للقوات الليبية المسلحة في بنغازي"
_H4 = "المشير خليفة حفتر يلتقي وزير الخارجية الجزائري في مدينة بنغازي الليبية"
SEED_PAIRS = [
    ("000 surprised->notified", _A1, _B, "contradiction"),
    ("000 notified->surprised", _B, _A1, "contradiction"),
    ("000 airstrikes surprised->notified", _A2, _B, "contradiction"),
    ("000 notified->airstrikes surprised", _B, _A2, "contradiction"),
    ("003->004 met Haftar Wednesday", _S3, _S4, "not contradiction"),
    ("004->003 met Haftar Wednesday", _S4, _S3, "not contradiction"),
    ("003->004 headlines", _H3, _H4, "not contradiction"),
    ("004->003 headlines", _H4, _H3, "not contradiction"),
    ("unrelated 000 / gold prices", _B, "ارتفعت أسعار الذهب مع ضعف الدولار الأميركي", "neutral"),
    ("unrelated 003 / football", _S3, "فاز المنتخب المغربي على نظيره البرتغالي بهدف دون رد", "neutral"),
    ("unrelated phone / 004", "أعلنت شركة أبل عن هاتف جديد بكاميرا محسنة", _S4, "neutral"),
]


def metrics(y_true, y_pred) -> dict:
    from claimcheck.nli.backends import classification_metrics

    return classification_metrics(y_true, y_pred, LABELS)


def print_metrics(title: str, m: dict, secs: float) -> None:
    print(f"\n## {title}  (n={m['n']}, {m['n'] / max(secs, 1e-9):.1f} pairs/s)")
    print(f"accuracy {m['accuracy']:.4f}   macro-F1 {m['macro_f1']:.4f}")
    print(f"{'label':<14}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>9}")
    for lab in LABELS:
        c = m[lab]
        print(f"{lab:<14}{c['precision']:>10.4f}{c['recall']:>10.4f}{c['f1']:>10.4f}{c['support']:>9d}")


def load_ans(path: Path) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["s1"].strip(), r["s2"].strip(), ALIASES[r["stance"].strip()]) for r in csv.DictReader(f)]


def load_farstail(path: Path) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["premise"].strip(), r["hypothesis"].strip(), ALIASES[r["label"].strip()])
                for r in rows if (r.get("label") or "").strip() in ALIASES]


def load_pairs(path: Path) -> list[tuple[str, str, str]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            lab = ALIASES.get(str(r.get("label", "")).strip().lower())
            if lab is None:
                raise SystemExit(f"{path}:{n}: label {r.get('label')!r} is not entailment/neutral/contradiction")
            out.append((r["premise"], r["hypothesis"], lab))
    return out


def get_backend(args):
    if args.asset:
        from claimcheck.nli.model import BuiltinNLI

        return BuiltinNLI(asset_dir=args.asset, threads=args.threads, batch_size=args.batch_size,
                          precision=args.precision)
    if args.precision:
        import os

        os.environ["CLAIMCHECK_NLI_PRECISION"] = args.precision
    try:
        from claimcheck.registry import get_nli

        if args.threads:
            import torch

            torch.set_num_threads(args.threads)
        return get_nli(args.backend)
    except ImportError:
        from claimcheck.nli.model import BuiltinNLI

        return BuiltinNLI(threads=args.threads, batch_size=args.batch_size, precision=args.precision)


def run_set(nli, title, rows, results, both: bool = False):
    t = time.time()
    probs = nli.predict([(p, h) for p, h, _ in rows])
    secs = time.time() - t
    y = [LABELS.index(l) for _, _, l in rows]
    m = metrics(y, probs.argmax(1))
    m["seconds"] = secs
    m["pairs_per_s"] = len(rows) / max(secs, 1e-9)
    print_metrics(title, m, secs)
    results[title] = m
    if both:
        # the pipeline scores every related pair in both directions and flags a
        # contradiction by pipeline.nli_contradiction (contradiction is symmetric;
        # entailment is not, so only the contradiction decision is read this way)
        import numpy as np

        from claimcheck.nli.backends import classification_metrics
        from claimcheck.pipeline import nli_contradiction

        t = time.time()
        rev = nli.predict([(h, p) for p, h, _ in rows])
        secs = time.time() - t
        flag = np.array([nli_contradiction(a, b)[0] for a, b in zip(probs, rev)], dtype=int)
        gold = (np.array(y) == LABELS.index("contradiction")).astype(int)
        binary = classification_metrics(gold, flag, ("other", "contradiction"))
        mb = {**binary["contradiction"], "flagged": int(flag.sum()), "binary_accuracy": binary["accuracy"],
              "seconds": secs}
        print(f"contradiction as the pipeline flags it (both directions, pipeline.nli_contradiction): "
              f"precision {mb['precision']:.4f}  recall {mb['recall']:.4f}  F1 {mb['f1']:.4f}  "
              f"(one direction: F1 {m['contradiction']['f1']:.4f})")
        results[f"{title}, pipeline contradiction flag"] = mb


def main() -> None:
    data = ROOT.parent / "shared" / "data"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="builtin", help="registered NLI name (default: the default built-in model)")
    ap.add_argument("--asset", default=None, help="evaluate this asset dir with BuiltinNLI directly")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--precision", choices=("auto", "fp32", "bf16", "int8"), default=None,
                    help="matrix-product precision of the built-in model (default: CLAIMCHECK_NLI_PRECISION or auto)")
    ap.add_argument("--ans-dev", type=Path, default=data / "ans" / "stance_dev.csv")
    ap.add_argument("--farstail-val", type=Path, default=data / "farstail" / "val.tsv")
    ap.add_argument("--no-ans", action="store_true")
    ap.add_argument("--no-farstail", action="store_true")
    ap.add_argument("--pairs", type=Path, action="append", default=[])
    ap.add_argument("--limit", type=int, default=0, help="first N rows of each set")
    ap.add_argument("--json", type=Path, default=None, help="write all metrics and seed predictions here")
    ap.add_argument("--both-directions", action="store_true",
                    help="also score every set with premise and hypothesis swapped and report the "
                         "contradiction flag the pipeline derives from both directions")
    args = ap.parse_args()

    t = time.time()
    nli = get_backend(args)
    print(f"# backend {getattr(nli, 'name', args.backend)}, precision {getattr(nli, 'precision', '-')}"
          f"  (loaded in {time.time() - t:.1f}s)")
    results: dict = {"backend": getattr(nli, "name", args.backend), "precision": getattr(nli, "precision", None)}
    lim = (lambda r: r[: args.limit]) if args.limit else (lambda r: r)
    if not args.no_ans and args.ans_dev.is_file():
        run_set(nli, "ANS stance dev", lim(load_ans(args.ans_dev)), results, args.both_directions)
    if not args.no_farstail and args.farstail_val.is_file():
        run_set(nli, "FarsTail val", lim(load_farstail(args.farstail_val)), results, args.both_directions)
    for p in args.pairs:
        run_set(nli, f"pairs {p}", lim(load_pairs(p)), results, args.both_directions)

    probs = nli.predict([(p, h) for _, p, h, _ in SEED_PAIRS])
    print("\n## seed pairs  (probabilities entailment / neutral / contradiction)")
    seeds = []
    for (sid, p, h, exp), pr in zip(SEED_PAIRS, probs):
        pred = LABELS[int(pr.argmax())]
        ok = (pred != "contradiction") if exp == "not contradiction" else (pred == exp)
        print(f"{'ok ' if ok else 'BAD'} {sid:<38} pred={pred:<13} "
              f"[{pr[0]:.3f} {pr[1]:.3f} {pr[2]:.3f}]  expected {exp}")
        seeds.append({"id": sid, "pred": pred, "probs": [float(x) for x in pr], "expected": exp, "ok": ok})
    results["seed_pairs"] = seeds
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
