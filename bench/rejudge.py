"""Rejudge a report's findings with this checkout's rules, reusing the NLI scores stored in its JSON.

    claimcheck report --index IX --all --json view.json      # once (scores every lead)
    python bench/rejudge.py IX view.json --shown              # what the default view shows now
    python bench/rejudge.py IX view.json --diff               # findings whose "shown" changed
    python bench/rejudge.py IX view.json --save now.json      # every finding's new judgement

A rule change in ``findings`` / ``decision`` / ``timeline`` is read on a real-news view in
seconds instead of a new report (minutes of NLI): each finding of the JSON is judged again
by ``pipeline.claim_facts`` + ``judge_pair`` + ``is_shown`` + ``time_aware`` with its stored
probabilities in both directions. Only findings the JSON lists are rejudged (``--all`` lists
every scored lead), so a rule that would raise an unlisted pair is not seen: a new report
tells that. Run by hand, not in CI.
"""
import json
import sys

import numpy as np

from claimcheck.index.store import ClaimIndex
from claimcheck import pipeline
from claimcheck.findings import Finding
from claimcheck.nli.labels import LABELS
from claimcheck.settings import DEFAULT as ST
from claimcheck.timeline import time_aware
ix = ClaimIndex.open(sys.argv[1], verify=False)
rep = json.load(open(sys.argv[2]))
pos = {c.id: n for n, c in enumerate(ix.claims)}
arts = ix.article_by_id
src = lambda aid: arts[aid].source if aid in arts else None
out = []
changed = 0
for f in rep["findings"]:
    i, j = pos[f["claims"][0]["id"]], pos[f["claims"][1]["id"]]
    a, b = ix.claims[i], ix.claims[j]
    pab = np.array([f["nli"]["a_to_b"][l] for l in LABELS]); pba = np.array([f["nli"]["b_to_a"][l] for l in LABELS])
    facts = pipeline.claim_facts(a, b, src)
    jd = pipeline.judge_pair(a, b, pab, pba, f["similarity"], ST, facts=facts)
    shown = pipeline.is_shown(jd, ST) and jd.probability >= ST.finding_threshold
    fi = Finding(kind="dispute" if a.article_id == b.article_id else "contradiction", confidence=jd.probability,
                 a=i, b=j, similarity=f["similarity"], nli_ab={}, nli_ba={}, differences=list(jd.differences),
                 detectors=[], shown=shown, cues=list(jd.cues))
    fi = time_aware(fi, a, b, arts)
    rec = dict(a=a.text, b=b.text, before=f.get("shown"), now=shown, kind=fi.kind, p=jd.probability,
               cues=list(jd.cues), diffs=[d.note for d in jd.differences], same=a.article_id == b.article_id,
               srcs=(arts[a.article_id].source, arts[b.article_id].source))
    out.append(rec)
    changed += rec["before"] != rec["now"]
print(f"findings {len(out)}; shown before {sum(bool(r['before']) for r in out)}, now {sum(r['now'] for r in out)}; changed {changed}", file=sys.stderr)
sel = [r for r in out if ("--diff" in sys.argv and r["before"] != r["now"]) or ("--shown" in sys.argv and r["now"])]
for n, r in enumerate(sel, 1):
    print(f"[{n}] {'+' if r['now'] else '-'} {r['kind']} p={r['p']} cues={r['cues']} same={r['same']} {r['srcs']}\n  A: {r['a'][:300]}\n  B: {r['b'][:300]}\n  diffs: {r['diffs']}")
if "--save" in sys.argv:
    json.dump(out, open(sys.argv[sys.argv.index("--save") + 1], "w"), ensure_ascii=False)
