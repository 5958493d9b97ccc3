"""Real Arabic news sentences from /work/shared (read-only) for the speed benchmarks.

* seed claims: what ``extract_claims`` finds in the seed articles (seeds/);
* ANS headlines: ``s1`` of /work/shared/data/ans/stance_{dev,train}.csv (Khouja 2020,
  Apache-2.0);
* UnifiedFC article claims: ``extract_claims`` over the crawled article texts of
  /work/shared/data/unifiedfc-dev (Baly et al. 2018; evaluation only, not copied).

Each list keeps corpus order and drops exact repeats, so a sample is reproducible.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared")
ANS = SHARED / "data" / "ans"
UFC = SHARED / "data" / "unifiedfc-dev" / "claims.jsonl"


def _article(text: str, path: str):
    from claimcheck.text.ingest import article_id
    from claimcheck.types import Article

    return Article(id=article_id(text), path=path, title=text.split("\n", 1)[0][:80], text=text)


def seed_claims() -> list[str]:
    from claimcheck.text.claims import extract_claims

    out = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        out += [c.text for c in extract_claims(_article(p.read_text(encoding="utf-8"), str(p)))]
    return list(dict.fromkeys(out))


def ans_headlines(split: str = "dev") -> list[str]:
    with open(ANS / f"stance_{split}.csv", encoding="utf-8") as f:
        return list(dict.fromkeys(r["s1"] for r in csv.DictReader(f)))


def unifiedfc_claims(limit_articles: int | None = None) -> list[str]:
    """Claims extracted from UnifiedFC's crawled article texts (boilerplate filtered
    by ``extract_claims`` as for any article)."""
    from claimcheck.text.claims import extract_claims

    out, n = [], 0
    with open(UFC, encoding="utf-8") as f:
        for line in f:
            for a in json.loads(line)["articles"]:
                if not a.get("text"):
                    continue
                out += [c.text for c in extract_claims(_article(a["text"], a.get("url") or "ufc"))]
                n += 1
                if limit_articles and n >= limit_articles:
                    return list(dict.fromkeys(out))
    return list(dict.fromkeys(out))


def real_sentences(n: int, seed: int = 0) -> tuple[list[str], dict]:
    """``n`` real news sentences: all seed claims, then ANS headlines and UnifiedFC
    article claims in equal shares, sampled with a fixed seed."""
    import random

    seeds = seed_claims()
    rng = random.Random(seed)
    ans = ans_headlines()
    ufc = unifiedfc_claims(limit_articles=400)
    rest = max(0, n - len(seeds))
    take_a = min(len(ans), rest // 2)
    take_u = min(len(ufc), rest - take_a)
    texts = seeds[:n] + rng.sample(ans, take_a) + rng.sample(ufc, take_u)
    return texts, {"seed_claims": min(len(seeds), n), "ans_headlines": take_a, "unifiedfc_claims": take_u}
