"""Choose `check`'s evidence thresholds on UnifiedFC Fold_1, never on the folds
the findings benchmark reports (Fold_2 / Fold_3). Run by hand, not in CI.

    python bench/findings.py build --folds Fold_1 --claims 40 --dir ufc-fit   # once
    python bench/check_tune.py [--dir ufc-fit] [--apply ufc]

Each claim is checked once with many evidence candidates and no labels decided
(every evidence row keeps its rank, cosine, NLI both ways and the decision's
conflict probability); the labels are then replayed for a grid of settings:
evidence candidates k, the conflict probability from which evidence refutes, the
entailment (evidence → claim) from which it supports, and the cosine support
needs. Per article, as in ``findings.py``: an article refutes (supports) when
some evidence sentence from it does. The table lists the best settings by
refute and by support F1 under the issue's precision floors, with counts;
``--apply DIR`` replays the chosen settings on another index's claims (the
evaluation folds) once, for the record.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import findings as fb  # noqa: E402
import findings_data as fd  # noqa: E402

K_MAX = 30


def evidence_rows(folder: str, scorer: fd.Scorer) -> list[dict]:
    """One check per claim of ``folder`` (k = K_MAX), every evidence row kept."""
    from claimcheck.text.ingest import _clean, article_id
    from claimcheck.nli.labels import LABELS
    from claimcheck.pipeline import check, open_index
    from claimcheck.settings import DEFAULT

    d = fd.WORK / folder
    claims = json.loads((d / "claims.json").read_text(encoding="utf-8"))
    texts = {a["url"]: a["text"] for r in fd.ufc_rows() for a in r["articles"]}
    idx, enc = open_index(d / "index")
    known = {a.id for a in idx.articles}
    aid = {url: article_id(_clean(t)) for url, t in texts.items()}
    nli = fb._CachedNLI(scorer)
    st = DEFAULT.replace(check_neighbours=K_MAX)
    out = []
    for n, r in enumerate(claims):
        res = check(idx, enc, r["claim"], nli=nli, settings=st)
        own = {aid[a["url"]]: a["stance"] for a in r["articles"] if aid[a["url"]] in known}
        ev = [{"rank": i, "article": e.hit.article.id, "cos": e.hit.score, "conflict": e.conflict,
               "fwd": [e.nli_evidence_to_claim[x] for x in LABELS],
               "bwd": [e.nli_claim_to_evidence[x] for x in LABELS]} for i, e in enumerate(res.evidence)]
        out.append({"claim": r["claim"], "own": own, "evidence": ev})
        if (n + 1) % 10 == 0:
            fb.log(f"  check {n + 1}/{len(claims)}")
    scorer.save()
    return out


def replay(rows: list[dict], k: int, refute_at: float, support_at: float, support_cos: float,
           no_conflict_below: float) -> dict:
    from claimcheck.nli.labels import LABELS

    ei = LABELS.index("entailment")
    c = {"refute": [0, 0, 0], "support": [0, 0, 0]}
    ref_other = 0
    for r in rows:
        refuting, supporting = set(), set()
        for e in r["evidence"]:
            if e["rank"] >= k:
                continue
            if e["conflict"] >= refute_at:
                refuting.add(e["article"])
                ref_other += r["own"].get(e["article"]) in (None, "unrelated")
            elif (e["conflict"] < no_conflict_below and e["fwd"][ei] >= support_at
                  and max(range(3), key=lambda i: e["fwd"][i]) == ei and e["cos"] >= support_cos):
                supporting.add(e["article"])
        for a, stance in r["own"].items():
            for what, flagged, gold in (("refute", refuting, "disagree"), ("support", supporting, "agree")):
                f, g = a in flagged, stance == gold
                c[what][0] += f and g
                c[what][1] += f and not g
                c[what][2] += g and not f
    return {"refute": fb._prf(*c["refute"]), "support": fb._prf(*c["support"]), "refutes_unrelated": ref_other}


GRID = {
    "k": (5, 10, 20, 30),
    "refute_at": (0.5, 0.6, 0.7, 0.8, 0.9),
    "support_at": (0.5, 0.7, 0.8, 0.9, 0.95, 0.98),
    "support_cos": (0.0, 0.88, 0.9, 0.92),
    "no_conflict_below": (0.3, 0.1),
}


def tune(rows: list[dict]) -> list[tuple[dict, dict]]:
    keys = list(GRID)
    return [(dict(zip(keys, v)), replay(rows, *v)) for v in itertools.product(*GRID.values())]


def best(results, what: str, floor: float):
    ok = [(p, m) for p, m in results if m[what]["precision"] >= floor and m[what]["tp"] >= 3]
    pool = ok or results
    return max(pool, key=lambda pm: (pm[1][what]["f1"], pm[1][what]["precision"])), bool(ok)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default="ufc-fit")
    ap.add_argument("--apply", default=None, help="replay the chosen settings on this index folder's claims")
    args = ap.parse_args(argv)
    scorer = fd.Scorer()
    rows = evidence_rows(args.dir, scorer)
    res = tune(rows)
    print(f"| fitted on {args.dir} ({len(rows)} claims) | k | refute at | support at | support cosine | "
          "no conflict below | refute P / R | support P / R | refutes from unrelated / other articles |")
    print("|---|---|---|---|---|---|---|---|---|")
    chosen = {}
    for what, floor in (("refute", 0.5), ("support", 0.8)):
        (p, m), met = best(res, what, floor)
        chosen[what] = p
        print(f"| best {what} F1 with precision >= {floor}{'' if met else ' (none meets it: best F1)'} | "
              + " | ".join(str(p[x]) for x in GRID) + f" | {fb._pr(m['refute'])} | {fb._pr(m['support'])} | "
              f"{m['refutes_unrelated']} |")
    if args.apply:
        other = evidence_rows(args.apply, scorer)
        for what, p in chosen.items():
            m = replay(other, *p.values())
            print(f"| {what} settings applied to {args.apply} ({len(other)} claims) | "
                  + " | ".join(str(p[x]) for x in GRID) + f" | {fb._pr(m['refute'])} | {fb._pr(m['support'])} | "
                  f"{m['refutes_unrelated']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
