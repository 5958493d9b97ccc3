"""Rebuild claimcheck/assets/decision.v1.json: the calibrated pair decision.

    .venv/bin/python scripts/fit_decision.py            # fit, print the CV calibration table, write the asset
    .venv/bin/python scripts/fit_decision.py --dry-run  # table only

Development pairs (none of them is used as a benchmark test figure except
out-of-fold):
- ANS dev stance pairs (Khouja 2020, Apache-2.0): disagree = conflict; agree and
  other = not. The NLI model was trained on ANS train, so dev is where its
  probabilities look as they will on new text.
- UnifiedFC Fold_1 (Baly et al. 2018; calibration use only): each claim against
  the claims claimcheck extracts from its retrieved articles, as ``check`` sees
  them: the extracted claim of a 'disagree' article's rationale lines that best
  matches the claim = conflict; of an 'agree' article's rationale lines = not;
  the best-matching claim of every 'discuss' / 'unrelated' article = not.
  Folds 2-3 are left to ``bench/findings.py``.
- One story's other details (``story_pairs``): short claims of two articles
  retrieved for one Fold_1 claim with no 'disagree' article, that share many
  words = not a conflict.

The model is ``decision.fit_logistic`` (numpy, L2); figures are 5-fold
cross-validated, grouped by headline / UnifiedFC claim. The show threshold is the
lowest confidence band from which every band's out-of-fold precision is >= 0.7.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import findings_data as fd  # noqa: E402
from findings_data import Scorer, log  # noqa: E402

from claimcheck import decision  # noqa: E402
from claimcheck.registry import LABELS  # noqa: E402

BANDS = np.round(np.arange(0.0, 1.0001, 0.1), 2)
TARGET_PRECISION = 0.7
L2 = 1.0
FOLDS = 5


def ans_pairs() -> list[dict]:
    return [{"a": r["s1"], "b": r["s2"], "y": int(r["stance"] == "disagree"), "group": "ans:" + r["s1"],
             "source": "ans-dev", "attributed": False} for r in fd.ans_dev()]


def ufc_pairs(folds=fd.FIT_FOLDS, per_article: int = 1) -> list[dict]:
    """Claim vs extracted claims of its articles, labelled from stance and rationale."""
    from claimcheck.text.claims import extract_claims
    from claimcheck.findings import aligned_overlap
    from claimcheck.text.ingest import _clean, article_id
    from claimcheck.types import Article

    out = []
    for r in fd.ufc_rows():
        if r["fold"] not in folds:
            continue
        claim = r["claim"]
        for art in r["articles"]:
            text = _clean(art["text"])
            a = Article(id=article_id(text), path=art["url"], title="", text=text, source=None)
            cl = extract_claims(a)
            if not cl:
                continue
            starts = np.cumsum([0] + [len(x) + 1 for x in text.split("\n")])
            line_of = [int(np.searchsorted(starts, c.start, side="right") - 1) for c in cl]
            score = [aligned_overlap(claim, c.text)[0] for c in cl]
            rat = set(fd.rationale(art))
            st = art["stance"]
            if st in ("agree", "disagree"):
                in_rat = [n for n in range(len(cl)) if line_of[n] in rat]
                if not in_rat:
                    continue
                best = max(in_rat, key=lambda n: score[n])
                picks = [(best, int(st == "disagree"))]
                if st == "agree":  # other sentences of an agreeing article do not conflict either
                    picks += [(n, 0) for n in sorted(range(len(cl)), key=lambda n: -score[n])[:per_article]
                              if n != best]
            else:
                picks = [(n, 0) for n in sorted(range(len(cl)), key=lambda n: -score[n])[:per_article]]
            for n, y in picks:
                out.append({"a": cl[n].text, "b": claim, "y": y, "group": "ufc:" + r["id"], "source": "ufc-fold1",
                            "attributed": bool(cl[n].attribution), "stance": st})
    return out


def story_pairs(folds=fd.FIT_FOLDS, per_claim: int = 6, max_words: int = 40) -> list[dict]:
    """One story's other details: short claims of two different articles retrieved
    for one UnifiedFC claim (none of them 'disagree'), the pairs that share most
    words. Such pairs are what a report on real news is made of, and they are
    almost never conflicts; ANS, whose pairs are all one headline rewritten, has none."""
    from claimcheck.text.claims import extract_claims
    from claimcheck.findings import content_stems
    from claimcheck.text.ingest import _clean, article_id
    from claimcheck.types import Article

    out = []
    for r in fd.ufc_rows():
        if r["fold"] not in folds or any(a["stance"] == "disagree" for a in r["articles"]):
            continue
        per_art = []
        for art in r["articles"]:
            text = _clean(art["text"])
            cl = extract_claims(Article(id=article_id(text), path=art["url"], title="", text=text))
            per_art.append([c for c in cl if 6 <= len(c.text.split()) <= max_words][:40])
        stems = [[content_stems(c.text) for c in cl] for cl in per_art]
        cand = []
        for i in range(len(per_art)):
            for j in range(i + 1, len(per_art)):
                for ca, sa in zip(per_art[i], stems[i]):
                    for cb, sb in zip(per_art[j], stems[j]):
                        if ca.norm == cb.norm or not sa or not sb:
                            continue
                        cov = len(sa & sb) / min(len(sa), len(sb))
                        if 0.3 <= cov < 0.9:
                            cand.append((cov, ca, cb))
        cand.sort(key=lambda t: -t[0])
        for _, ca, cb in cand[:per_claim]:
            out.append({"a": ca.text, "b": cb.text, "y": 0, "group": "ufc:" + r["id"], "source": "ufc-story",
                        "attributed": bool(ca.attribution or cb.attribution), "stance": "story"})
    return out


def featurise(rows: list[dict], scorer: Scorer) -> np.ndarray:
    pairs = [(r["a"], r["b"]) for r in rows]
    probs = scorer.nli(pairs + [(b, a) for a, b in pairs])
    vec = scorer.vectors([t for p in pairs for t in p])
    n = len(pairs)
    x = []
    for t, r in enumerate(rows):
        cos = float(vec[r["a"]] @ vec[r["b"]])
        r["cos"] = cos
        r["pab"], r["pba"] = probs[t], probs[n + t]
        f, diffs = decision.features(r["a"], r["b"], probs[t], probs[n + t], cos, attributed=r["attributed"])
        r["diffs"] = diffs
        x.append(f)
    return np.stack(x)


def grouped_folds(groups: list[str], k: int = FOLDS, seed: int = 0) -> np.ndarray:
    uniq = sorted(set(groups))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(uniq))
    fold_of = {uniq[i]: n % k for n, i in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: list[str], l2: float = L2) -> np.ndarray:
    folds = grouped_folds(groups)
    p = np.zeros(len(y))
    for f in range(FOLDS):
        tr, te = folds != f, folds == f
        mean, scale, coef, b = decision.fit_logistic(x[tr], y[tr], l2=l2)
        p[te] = 1 / (1 + np.exp(-(((x[te] - mean) / scale) @ coef + b)))
    return p


def calibration(p: np.ndarray, y: np.ndarray) -> list[dict]:
    rows = []
    for lo, hi in zip(BANDS[:-1], BANDS[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        n = int(m.sum())
        rows.append({"band": f"{lo:.1f}-{hi:.1f}", "lo": float(lo), "pairs": n, "conflicts": int(y[m].sum()),
                     "mean_confidence": round(float(p[m].mean()), 3) if n else None,
                     "precision": round(float(y[m].mean()), 3) if n else None})
    return rows


def show_threshold(table: list[dict]) -> float:
    """Lowest band edge from which every (non-empty) band's precision is >= TARGET_PRECISION."""
    t = 1.0
    for row in reversed(table):
        if row["pairs"] and row["precision"] < TARGET_PRECISION:
            break
        t = row["lo"]
    return t


def prf(pred: np.ndarray, y: np.ndarray) -> dict:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def cross_validate(scorer: Scorer) -> tuple[list[dict], np.ndarray, np.ndarray, dict]:
    """The development pairs (each row gains its features' differences, NLI scores and
    out-of-fold decision ``p``), their features and labels, and the CV figures that
    the asset records, with this checkout's cues: ``bench/findings.py`` reports them
    live, since an asset's own figures are those of the cues it was fitted with."""
    rows = ans_pairs() + ufc_pairs() + story_pairs()
    x = featurise(rows, scorer)
    scorer.save()
    y = np.array([r["y"] for r in rows])
    groups = [r["group"] for r in rows]
    log(f"{len(rows)} development pairs, {int(y.sum())} conflicts "
        f"(ANS dev {sum(r['source'] == 'ans-dev' for r in rows)}, UnifiedFC Fold_1 "
        f"{sum(r['source'] == 'ufc-fold1' for r in rows)})")
    p = out_of_fold(x, y, groups)
    ei = LABELS.index("entailment")
    p = np.array([decision.combine(float(pr), r["diffs"], max(float(r["pab"][ei]), float(r["pba"][ei])))
                  for pr, r in zip(p, rows)])  # as decision.judge does
    for r, pr in zip(rows, p):
        r["p"] = float(pr)
    veto = np.array([any(d.aspect == "subject" for d in r["diffs"]) for r in rows])
    cue = np.array([any(d.aspect == "predicate" for d in r["diffs"]) for r in rows])
    log(f"{int(veto.sum())} pairs about different subjects (capped), {int(y[veto].sum())} of them labelled conflicts; "
        f"{int(cue.sum())} with opposing predicates, {int(y[cue].sum())} of them conflicts")
    table = calibration(p, y)
    thr = show_threshold(table)
    src = np.array([r["source"] for r in rows])
    ans = src == "ans-dev"
    cv = {
        "folds": FOLDS, "grouped_by": "ANS s1 headline / UnifiedFC claim", "pairs": len(rows),
        "conflicts": int(y.sum()), "calibration": table, "show_threshold": thr,
        "shown": prf(p >= thr, y),
        "ans_dev_decision_0.5": prf(p[ans] >= 0.5, y[ans]),
        "ans_dev_decision_shown": prf(p[ans] >= thr, y[ans]),
        "ufc_fold1_shown": prf(p[src == "ufc-fold1"] >= thr, y[src == "ufc-fold1"]),
        "story_pairs_shown": int((p[src == "ufc-story"] >= thr).sum()),
        "story_pairs": int((src == "ufc-story").sum()),
    }
    return rows, x, y, cv


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--out", default=str(decision.ASSET))
    args = ap.parse_args(argv)
    scorer = Scorer()
    rows, x, y, cv = cross_validate(scorer)
    table, thr = cv["calibration"], cv["show_threshold"]
    with open(fd.WORK / "oof.jsonl", "w", encoding="utf-8") as fh:  # for reading the errors
        for r in rows:
            fh.write(json.dumps({"p": round(float(r["p"]), 3), "y": r["y"], "source": r["source"],
                                 "stance": r.get("stance"), "a": r["a"], "b": r["b"],
                                 "pab": [round(float(v), 3) for v in r["pab"]],
                                 "pba": [round(float(v), 3) for v in r["pba"]]}, ensure_ascii=False) + "\n")
    print("| confidence band | pairs | conflicts | mean confidence | observed precision |")
    print("|---|---:|---:|---:|---:|")
    for r in table:
        print(f"| {r['band']} | {r['pairs']} | {r['conflicts']} | {r['mean_confidence']} | {r['precision']} |")
    print(f"\nshow threshold {thr}; shown: {cv['shown']}")
    print(f"ANS dev (out-of-fold) decision >= 0.5: {cv['ans_dev_decision_0.5']}; shown: {cv['ans_dev_decision_shown']}")
    print(f"UnifiedFC Fold_1 (out-of-fold) shown: {cv['ufc_fold1_shown']}")
    print(f"story pairs (one story, other details) shown: {cv['story_pairs_shown']} of {cv['story_pairs']}")
    mean, scale, coef, b = decision.fit_logistic(x, y, l2=L2)
    print("\ncoefficients (standardised features):")
    for f, c in sorted(zip(decision.FEATURES, coef), key=lambda t: -abs(t[1])):
        print(f"  {f:<16} {c:+.3f}")
    if args.dry_run:
        return 0
    asset = {
        "name": "claimcheck-decision.v1",
        "about": "Logistic regression over claimcheck.decision.FEATURES: P(a careful reader calls the pair a real "
                 "conflict). Rebuilt by scripts/fit_decision.py from ANS dev (Khouja 2020) and UnifiedFC Fold_1 "
                 "(Baly et al. 2018; calibration use: claim vs article claims, and one story's other details) "
                 "with the NLI model named here; decision.combine adds the opposing-predicate cue and the "
                 "different-subject cap, in the CV figures too.",
        "command": ".venv/bin/python scripts/fit_decision.py",
        "nli": scorer._nli.name if scorer._nli else "builtin (cached scores)",
        "features": list(decision.FEATURES),
        "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef], "intercept": round(b, 6),
        "show_threshold": thr, "l2": L2, "cv": cv,
    }
    Path(args.out).write_text(json.dumps(asset, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
