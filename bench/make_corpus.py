"""Write a realistic scale corpus (JSONL, one article a line) from the shared data.

    python bench/make_corpus.py --articles 300 --out .work/scale-300.jsonl
    python bench/make_corpus.py --articles 30000 --out .work/scale-30k.jsonl

Never commit the output: it is built from /work/shared (read-only) on demand.

How an article is composed
--------------------------
* Stories: ANS stance pairs grouped by their real headline ``s1`` (Khouja 2020,
  Apache-2.0). A story's versions are the real headline and its human paraphrases
  (agree) and human-corrupted contradictions (disagree). Each story is told by 2–6
  articles of different outlets on nearby dates: many-article stories, where some
  outlets carry a contradicting version.
* Each article: a title (one version), a lead sentence (another version, or the
  same), then 5–14 body sentences drawn from real news sentences — claims that
  ``extract_claims`` finds in the UnifiedFC crawled articles (Baly et al. 2018,
  evaluation only), the seed articles' sentences, and (one in ten) a FarsTail
  premise (Amirkhani et al. 2023, Apache-2.0; Persian in Arabic script, the length
  profile of written news). Sentences are real, so their lengths are real.
* When the data run out of stories, stories repeat with other outlets and dates
  (a new article text, so a new article id), as wire copy is re-run.

Deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SOURCES = ["الأهرام", "الشروق", "الخبر", "النهار", "الجزيرة نت", "العربي الجديد", "الشرق الأوسط",
           "الوطن", "المصري اليوم", "هسبريس", "القدس العربي", "سكاي نيوز عربية"]


def stories() -> list[list[str]]:
    from realtext import ANS

    groups: dict[str, list[str]] = defaultdict(list)
    for split in ("train", "dev"):
        with open(ANS / f"stance_{split}.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["stance"] in ("agree", "disagree"):
                    groups[r["s1"]].append(r["s2"])
    return [[s1, *vs] for s1, vs in groups.items()]


def filler() -> tuple[list[str], list[str]]:
    """Real Arabic news sentences, and FarsTail premises."""
    from realtext import SHARED, seed_claims, unifiedfc_claims

    arabic = [s for s in unifiedfc_claims() + seed_claims() if 25 <= len(s) <= 400]
    with open(SHARED / "data" / "farstail" / "train.tsv", encoding="utf-8") as f:
        persian = list(dict.fromkeys(r["premise"] for r in csv.DictReader(f, delimiter="\t")
                                     if 25 <= len(r["premise"]) <= 400))
    return arabic, persian


def make(n_articles: int, seed: int = 0):
    rng = random.Random(seed)
    st = stories()
    rng.shuffle(st)
    arabic, persian = filler()
    day0 = date(2024, 3, 1)
    made = 0
    round_ = 0
    while made < n_articles:
        for k, versions in enumerate(st):
            if made >= n_articles:
                break
            day = day0 + timedelta(days=rng.randrange(30))
            for _ in range(rng.randint(2, 6)):
                if made >= n_articles:
                    break
                title = rng.choice(versions)
                lead = rng.choice(versions)
                body = [rng.choice(persian) if rng.random() < 0.1 else rng.choice(arabic)
                        for _ in range(rng.randint(5, 14))]
                paras = [lead + ("." if not lead.endswith((".", "؟", "!")) else "")]
                paras += [" ".join(body[i:i + 2]) for i in range(0, len(body), 2)]
                src = rng.choice(SOURCES)
                published = (day + timedelta(days=rng.randrange(3))).isoformat()
                text = title + "\n\n" + "\n\n".join(paras)
                if round_:
                    text += f"\n\n{src} — {published} ({round_})"  # a re-run is a new article text
                yield {"title": title, "text": text, "source": src, "published": published,
                       "url": f"https://example.invalid/{src}/{made}"}
                made += 1
        round_ += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for rec in make(a.articles, a.seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{a.out}: {a.articles} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
