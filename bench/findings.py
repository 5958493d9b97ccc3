"""Findings benchmark: is what claimcheck shows a fact-checker real? Run by hand, not in CI.

    python bench/findings.py build            # once: index the UnifiedFC evaluation articles (.work/findings/)
    python bench/findings.py run --label after --out .work/findings/after.json
    CLAIMCHECK_SRC=.work/main-src python bench/findings.py run --label before --out .work/findings/before.json
    python bench/findings.py table .work/findings/before.json .work/findings/after.json

One table with:
- ``check`` end to end on UnifiedFC dev (claims of Fold_2/Fold_3, their articles
  indexed together as a user would): per article (refutes if any evidence
  sentence from it refutes, supports likewise), refute and support precision /
  recall with counts, refutes from articles retrieved for *other* claims, and the
  pair judgement on the gold rationale sentences;
- the seeds against ``bench/seed_gold.json`` (read by a person): precision@k of
  the default view, ranks of the seed-000 conflicts, the agreements corroborated;
- ANS dev contradiction F1 (the NLI flag before; the decision out-of-fold after).

The "before" run imports claimcheck from an export of main (``git archive main``)
and reads whatever API it has: findings without ``shown`` count as all shown.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if os.environ.get("CLAIMCHECK_SRC"):
    # measure another checkout (e.g. main, for the "before" column)
    import checkout

    checkout.use(os.environ["CLAIMCHECK_SRC"])

import findings_data as fd  # noqa: E402
import numpy as np  # noqa: E402

UFC_DIR = fd.WORK / "ufc"
SEEDS_DIR = fd.WORK / "seeds"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- build


def build(args) -> None:
    from claimcheck.pipeline import index_paths

    UFC_DIR.mkdir(parents=True, exist_ok=True)
    claims = fd.eval_claims(args.claims, folds=tuple(args.folds.split(",")))
    seen, n = set(), 0
    with open(UFC_DIR / "articles.jsonl", "w", encoding="utf-8") as fh:
        for r in claims:
            for a in r["articles"]:
                if a["url"] in seen:
                    continue
                seen.add(a["url"])
                fh.write(json.dumps({"text": a["text"], "url": a["url"], "source": a["url"].split("/")[2]},
                                    ensure_ascii=False) + "\n")
                n += 1
    (UFC_DIR / "claims.json").write_text(json.dumps(
        [{"id": r["id"], "claim": r["claim"], "articles": [
            {"url": a["url"], "stance": a["stance"], "rationale": fd.rationale(a)} for a in r["articles"]]}
         for r in claims], ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"{len(claims)} claims, {n} articles; indexing (once) ...")
    t = time.time()
    res = index_paths([UFC_DIR / "articles.jsonl"], UFC_DIR / "index")
    log(f"indexed: {len(res.index.articles)} articles, {len(res.index.claims)} claims in {time.time() - t:.0f} s;"
        f" {len(res.warnings)} warnings")


# --------------------------------------------------------------------------- run


def _has_decision() -> bool:
    try:
        import claimcheck.decision  # noqa: F401
    except ImportError:
        return False
    return True


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _pair_flag(a: str, b: str, pab, pba, cosine: float) -> bool:
    """The version's own judgement of a text pair: the decision's default view
    where there is one, else the pipeline's NLI flag or opposing-predicate cue."""
    from claimcheck import pipeline
    from claimcheck.types import Claim

    if _has_decision():
        ca = Claim(id="", article_id="", sentence_index=0, start=0, end=len(a), text=a, norm="")
        cb = Claim(id="", article_id="", sentence_index=0, start=0, end=len(b), text=b, norm="")
        jd = pipeline.judge_pair(ca, cb, pab, pba, cosine)
        return jd.probability >= pipeline.DEFAULT_SETTINGS.show_threshold
    from claimcheck.findings import explain, predicate_cue_confidence
    from claimcheck.registry import LABELS

    flag, _ = pipeline.nli_contradiction(pab, pba, 0.5)
    ei = LABELS.index("entailment")
    cue = predicate_cue_confidence(explain(a, b), float(max(pab[ei], pba[ei])))
    return flag or cue >= 0.5


def run_ans(scorer: fd.Scorer) -> dict:
    from claimcheck import pipeline

    rows = fd.ans_dev()
    pairs = [(r["s1"], r["s2"]) for r in rows]
    probs = scorer.nli(pairs + [(b, a) for a, b in pairs])
    n = len(pairs)
    y = [r["stance"] == "disagree" for r in rows]
    flag = [pipeline.nli_contradiction(probs[t], probs[n + t], 0.5)[0] for t in range(n)]
    out = {"nli_flag": _prf(sum(f and t for f, t in zip(flag, y)), sum(f and not t for f, t in zip(flag, y)),
                            sum(t and not f for f, t in zip(flag, y))), "pairs": n, "contradictions": sum(y)}
    if _has_decision():
        from claimcheck import decision

        asset_cv = json.loads(decision.ASSET.read_text(encoding="utf-8"))["cv"]
        out["decision_asset_0.5"] = asset_cv["ans_dev_decision_0.5"]
        # out-of-fold with this checkout's cues (the asset's own figures are those of
        # the cues it was fitted with): scripts/fit_decision.py's cross-validation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
        import fit_decision

        _, _, _, cv = fit_decision.cross_validate(scorer)
        out["decision_oof_0.5"] = cv["ans_dev_decision_0.5"]
        out["decision_oof_shown"] = cv["ans_dev_decision_shown"]
        out["calibration"] = cv["calibration"]
        # the shipped decision with this checkout's cues, on the pairs it was fit on
        # (in-sample: the out-of-fold figures above refit it fold by fold)
        judged = [decision.judge(r["s1"], r["s2"], probs[t], probs[n + t], 0.9) for t, r in enumerate(rows)]
        for key, pred in (("decision_live_0.5", [j.probability >= 0.5 for j in judged]),
                          ("decision_live_shown", [pipeline.is_shown(j) for j in judged])):
            out[key] = _prf(sum(p and t for p, t in zip(pred, y)), sum(p and not t for p, t in zip(pred, y)),
                            sum(t and not p for p, t in zip(pred, y)))
    return out


def _find(claims, sub: str) -> set[int]:
    return {n for n, c in enumerate(claims) if sub in c.text}


def run_seeds() -> dict:
    from claimcheck.pipeline import analyse, index_paths

    gold = json.loads((HERE / "seed_gold.json").read_text(encoding="utf-8"))
    res = index_paths([fd.ROOT / "seeds"], SEEDS_DIR / "index")
    idx = res.index
    t = time.time()
    an = analyse(idx)
    secs = time.time() - t
    claims = idx.claims

    def match(f, pairs) -> int | None:
        for g, p in enumerate(pairs):
            ra, rb = _find(claims, p["a"]), _find(claims, p["b"])
            if (f.a in ra and f.b in rb) or (f.a in rb and f.b in ra):
                return g
        return None

    shown = [f for f in an.findings if getattr(f, "shown", True)]
    real = [match(f, gold["conflicts"]) is not None for f in shown]
    ranks = {}
    for r, f in enumerate(shown, 1):
        g = match(f, gold["conflicts"])
        if g is not None:
            ranks.setdefault(g, r)
    agree_listed = sum(match(f, gold["agreements"]) is not None for f in shown)
    not_listed = sum(match(f, gold["not_conflicts"]) is not None for f in shown)
    corroborated = []
    for p in gold["agreements"]:
        ra, rb = _find(claims, p["a"]), _find(claims, p["b"])
        ok = any((set(c.members) & ra) and (set(c.members) & rb) for c in an.clusters)
        corroborated.append({"why": p["why"], "expected": p["corroborate"], "corroborated": bool(ok),
                             "found": bool(ra and rb)})
    pk = {str(k): round(sum(real[:k]) / k, 3) if len(real) >= k else round(sum(real) / k, 3) for k in (3, 5, 10)}
    return {"findings": len(an.findings), "shown": len(shown), "real_shown": sum(real),
            "precision_at": pk, "conflict_ranks": [ranks.get(g) for g in range(len(gold["conflicts"]))],
            "agreements_listed_as_conflict": agree_listed, "false_leads_listed": not_listed,
            "corroboration": corroborated, "clusters": len(an.clusters), "pairs_scored": an.pairs_scored,
            "analyse_seconds": round(secs, 1)}


class _CachedNLI:
    """The default NLI backend through the bench's score cache, so the before and
    after runs score each evidence pair once (both versions' ``check`` take an NLI object)."""

    def __init__(self, scorer: fd.Scorer):
        from claimcheck.config import default_nli

        try:
            from claimcheck.registry import resolve_run_name
        except ImportError:  # an older checkout measured for the "before" column
            try:
                from claimcheck.nli_names import resolve_run_name
            except ImportError:
                from claimcheck.nli import resolve_nli_name as resolve_run_name

        self.scorer = scorer
        self.name = resolve_run_name(default_nli())

    def predict(self, pairs):
        return self.scorer.nli(list(pairs)) if pairs else np.zeros((0, 3), dtype=np.float32)


def run_ufc(scorer: fd.Scorer, k: int | None = None) -> dict:
    from claimcheck.text.ingest import _clean, article_id
    from claimcheck.pipeline import check, open_index

    claims = json.loads((UFC_DIR / "claims.json").read_text(encoding="utf-8"))
    texts = {a["url"]: a["text"] for r in fd.ufc_rows() for a in r["articles"]}
    idx, enc = open_index(UFC_DIR / "index")
    aid = {url: article_id(_clean(t)) for url, t in texts.items()}
    known = {a.id for a in idx.articles}
    c = {"refute": [0, 0, 0], "support": [0, 0, 0]}  # tp, fp, fn
    ref_on_agree = 0
    ref_other = ref_unrelated = 0
    verdicts: dict[str, int] = {}
    stance_n: dict[str, int] = {}
    nli = _CachedNLI(scorer)
    read_doc = HERE / "ufc_support_read.json"
    read = {(x["claim_id"], x["url"]): x["read"]
            for x in json.loads(read_doc.read_text(encoding="utf-8"))["labels"]} if read_doc.exists() else {}
    support_read: dict[str, int] = {"flagged": 0, "agree": 0, "states": 0, "arguable": 0, "other": 0, "unread": 0}
    t0 = time.time()
    for n, r in enumerate(claims):
        kw = {"k": k} if k else {}
        res = check(idx, enc, r["claim"], nli=nli, **kw)
        verdicts[res.verdict] = verdicts.get(res.verdict, 0) + 1
        own = {aid[a["url"]]: a["stance"] for a in r["articles"] if aid[a["url"]] in known}
        refuting = {e.hit.article.id for e in res.evidence if e.label == "refutes"}
        supporting = {e.hit.article.id for e in res.evidence if e.label == "supports"}
        for e in res.evidence:
            if e.label == "refutes":
                st = own.get(e.hit.article.id)
                if st is None:
                    ref_other += 1
                elif st == "unrelated":
                    ref_unrelated += 1
        url_of = {aid[a["url"]]: a["url"] for a in r["articles"]}
        for a in supporting & own.keys():
            support_read["flagged"] += 1
            support_read["agree" if own[a] == "agree" else read.get((r["id"], url_of[a]), "unread")] += 1
        for a, st in own.items():
            stance_n[st] = stance_n.get(st, 0) + 1
            for what, flagged, gold in (("refute", refuting, "disagree"), ("support", supporting, "agree")):
                f, g = a in flagged, st == gold
                c[what][0] += f and g
                c[what][1] += f and not g
                c[what][2] += g and not f
            ref_on_agree += a in refuting and st == "agree"
        if (n + 1) % 10 == 0:
            log(f"  check {n + 1}/{len(claims)}")
    secs = time.time() - t0
    # the judgement on the gold rationale lines alone
    rat = []
    for r in fd.ufc_rows():
        if r["id"] not in {x["id"] for x in claims}:
            continue
        for a in r["articles"]:
            if a["stance"] not in ("agree", "disagree"):
                continue
            lines = a["text"].split("\n")
            for i in fd.rationale(a):
                if 0 <= i < len(lines) and lines[i].strip():
                    rat.append((lines[i].strip(), r["claim"], a["stance"] == "disagree"))
    pairs = [(x, y) for x, y, _ in rat]
    probs = scorer.nli(pairs + [(b, a) for a, b in pairs])
    vec = scorer.vectors([t for p in pairs for t in p])
    m = len(pairs)
    fl = [_pair_flag(x, y, probs[t], probs[m + t], float(vec[x] @ vec[y])) for t, (x, y, _) in enumerate(rat)]
    g = [z for _, _, z in rat]
    rationale = _prf(sum(a and b for a, b in zip(fl, g)), sum(a and not b for a, b in zip(fl, g)),
                     sum(b and not a for a, b in zip(fl, g)))
    return {"claims": len(claims), "articles": len(idx.articles), "index_claims": len(idx.claims),
            "stances": stance_n, "refute": _prf(*c["refute"]), "support": _prf(*c["support"]),
            "refutes_on_agreeing_articles": ref_on_agree, "refutes_from_other_claims_articles": ref_other,
            "refutes_from_own_unrelated_articles": ref_unrelated, "support_read": support_read, "verdicts": verdicts,
            "rationale_pairs": m, "rationale": rationale, "check_seconds": round(secs, 1)}


def run(args) -> None:
    import claimcheck

    scorer = fd.Scorer()
    parts = set(args.parts.split(","))
    prev = json.loads(Path(args.out).read_text(encoding="utf-8")) if Path(args.out).exists() else {}
    out = {**prev, "label": args.label, "claimcheck": str(Path(claimcheck.__file__).parent),
           "decision": _has_decision()}
    if "ans" in parts:
        log("ANS dev ...")
        out["ans"] = run_ans(scorer)
    if "seeds" in parts:
        log("seeds ...")
        out["seeds"] = run_seeds()
    if "ufc" in parts:
        log("UnifiedFC check end to end ...")
        out["ufc"] = run_ufc(scorer, args.k)
    scorer.save()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table([out]))


def _pr(d: dict) -> str:
    return f"{d['precision']:.2f} / {d['recall']:.2f} ({d['tp']} of {d['tp'] + d['fp']} flagged; {d['tp'] + d['fn']} gold)"


def _ans_prf(key: str):
    """A table cell: the ANS dev P / R / F1 under ``key``, or a dash where a run has none."""
    return lambda r: "{precision:.3f} / {recall:.3f} / {f1:.3f}".format(**r["ans"][key]) if key in r["ans"] else "—"


def _support_read(r: dict) -> str:
    c = r["ufc"].get("support_read")
    if not c or not c["flagged"]:
        return "—"
    ok = c["agree"] + c["states"]
    return (f"{ok / c['flagged']:.2f} ({c['agree']} + {c['states']} of {c['flagged']}); "
            f"{c['arguable']} / {c['other']} / {c['unread']}")


def table(results: list[dict]) -> str:
    rows = [
        ("UnifiedFC check: claims / articles / indexed claims",
         lambda r: f"{r['ufc']['claims']} / {r['ufc']['articles']} / {r['ufc']['index_claims']}"),
        ("per-article refute precision / disagree recall", lambda r: _pr(r["ufc"]["refute"])),
        ("per-article support precision / agree recall", lambda r: _pr(r["ufc"]["support"])),
        ("flagged supporting articles read (bench/ufc_support_read.json): precision, gold 'agree' + read as "
         "stating the claim; arguable / other / unread", _support_read),
        ("agreeing articles flagged as refuting", lambda r: str(r["ufc"]["refutes_on_agreeing_articles"])),
        ("refuting evidence from other claims' articles", lambda r: str(r["ufc"]["refutes_from_other_claims_articles"])),
        ("refuting evidence from the claim's own unrelated articles",
         lambda r: str(r["ufc"]["refutes_from_own_unrelated_articles"])),
        ("verdicts", lambda r: ", ".join(f"{k} {v}" for k, v in sorted(r["ufc"]["verdicts"].items()))),
        ("gold rationale lines: conflict flag precision / recall", lambda r: _pr(r["ufc"]["rationale"])),
        ("seeds: findings listed / shown by default", lambda r: f"{r['seeds']['findings']} / {r['seeds']['shown']}"),
        ("seeds: real conflicts shown; precision@3 / @5 / @10",
         lambda r: f"{r['seeds']['real_shown']}; " + " / ".join(
             f"{r['seeds']['precision_at'][k]:.2f}" for k in ("3", "5", "10"))),
        ("seeds: precision of what is shown (real / shown)",
         lambda r: f"{r['seeds']['real_shown'] / max(r['seeds']['shown'], 1):.2f} "
                   f"({r['seeds']['real_shown']} / {r['seeds']['shown']})"),
        ("seeds: ranks of the 3 seed-000 conflicts", lambda r: str(r["seeds"]["conflict_ranks"])),
        ("seeds: agreements corroborated (002/000 Algeria opposes; 003/004 Haftar meeting)",
         lambda r: ", ".join(("yes" if c["corroborated"] else "no") for c in r["seeds"]["corroboration"][:2])),
        ("seeds: agreements / known false leads shown as conflicts",
         lambda r: f"{r['seeds']['agreements_listed_as_conflict']} / {r['seeds']['false_leads_listed']}"),
        ("seeds: corroborated clusters", lambda r: str(r["seeds"]["clusters"])),
        ("ANS dev: NLI flag contradiction P / R / F1", _ans_prf("nli_flag")),
        ("ANS dev: decision (out-of-fold, this checkout's cues) >= 0.5 P / R / F1", _ans_prf("decision_oof_0.5")),
        ("ANS dev: decision (out-of-fold, as the asset's fit recorded) >= 0.5 P / R / F1",
         _ans_prf("decision_asset_0.5")),
        ("ANS dev: decision (out-of-fold) shown P / R / F1", _ans_prf("decision_oof_shown")),
        ("ANS dev: shipped decision, this checkout's cues (in-sample) >= 0.5 P / R / F1",
         _ans_prf("decision_live_0.5")),
        ("ANS dev: shipped decision, this checkout's cues (in-sample) shown P / R / F1",
         _ans_prf("decision_live_shown")),
    ]
    out = ["| measure | " + " | ".join(r["label"] for r in results) + " |",
           "|---|" + "---|" * len(results)]
    def cell(fn, r):
        try:
            return fn(r)
        except (KeyError, TypeError):
            return "—"

    for name, fn in rows:
        out.append(f"| {name} | " + " | ".join(cell(fn, r) for r in results) + " |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--claims", type=int, default=50)
    b.add_argument("--folds", default=",".join(fd.EVAL_FOLDS),
                   help="UnifiedFC folds to draw the claims from (Fold_1 for tuning check's thresholds)")
    r = sub.add_parser("run")
    r.add_argument("--label", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("-k", type=int, default=None, help="check's evidence candidates (default: the library's)")
    r.add_argument("--parts", default="ans,seeds,ufc", help="which parts to run (results merge into --out)")
    t = sub.add_parser("table")
    t.add_argument("results", nargs="+")
    for p in (b, r):
        p.add_argument("--dir", default="ufc", help="folder under .work/findings/ for the UnifiedFC index")
    args = ap.parse_args(argv)
    if getattr(args, "dir", None):
        global UFC_DIR
        UFC_DIR = fd.WORK / args.dir
    if args.cmd == "build":
        build(args)
    elif args.cmd == "run":
        run(args)
    else:
        print(table([json.loads(Path(p).read_text()) for p in args.results]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
