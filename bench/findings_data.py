"""Development and evaluation data for the pair decision, shared by
``scripts/fit_decision.py`` and ``bench/findings.py``.

UnifiedFC dev (Baly et al. 2018, folds 1-3; evaluation and calibration only): the
fit uses Fold_1, the end-to-end ``check`` benchmark uses claims of Fold_2 and
Fold_3, so no benchmark figure comes from data the decision was fitted on.
ANS (Khouja 2020) dev stance pairs: fitted with cross-validation, grouped by
headline; the ANS figure is out-of-fold.
"""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").exists() else Path("/work/shared")
UFC = SHARED / "data" / "unifiedfc-dev" / "claims.jsonl"
ANS_DEV = SHARED / "data" / "ans" / "stance_dev.csv"
WORK = ROOT / ".work" / "findings"

FIT_FOLDS = ("Fold_1",)
EVAL_FOLDS = ("Fold_2", "Fold_3")


def ufc_rows() -> list[dict]:
    with open(UFC, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def rationale(article: dict) -> list[int]:
    r = (article.get("rationale") or "").strip()
    if not r:
        return []
    try:
        return [int(x) for x in json.loads(r)]
    except (ValueError, TypeError):
        return []


def eval_claims(n: int = 50, seed: int = 0, folds: tuple[str, ...] = EVAL_FOLDS) -> list[dict]:
    """Claims of the evaluation folds (or of ``folds``): every one with a 'disagree'
    article (they are rare: 21 articles in Fold_2 and Fold_3), then others drawn at
    random, ``n`` in all."""
    rows = [r for r in ufc_rows() if r["fold"] in folds]
    dis = [r for r in rows if any(a["stance"] == "disagree" for a in r["articles"])]
    rest = [r for r in rows if r not in dis]
    random.Random(seed).shuffle(rest)
    return dis + rest[: max(0, n - len(dis))]


def ans_dev() -> list[dict]:
    with open(ANS_DEV, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


CACHE = WORK / "fitcache.pkl"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


class Scorer:
    """NLI probabilities and cosines of text pairs, cached on disk across runs."""

    def __init__(self):
        self.cache = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {"nli": {}, "emb": {}}
        self._nli = self._enc = None

    def save(self):
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(self.cache))

    def nli(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        todo = list(dict.fromkeys(p for p in pairs if _key(*p) not in self.cache["nli"]))
        if todo:
            from claimcheck.config import default_nli
            from claimcheck.registry import get_nli

            self._nli = self._nli or get_nli(default_nli())
            log(f"NLI: {len(todo)} pair directions to score")
            for s in range(0, len(todo), 256):
                chunk = todo[s: s + 256]
                for p, pr in zip(chunk, self._nli.predict(chunk)):
                    self.cache["nli"][_key(*p)] = np.asarray(pr, dtype=np.float32)
                self.save()
        return np.stack([self.cache["nli"][_key(*p)] for p in pairs])

    def vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        todo = list(dict.fromkeys(t for t in texts if _key(t) not in self.cache["emb"]))
        if todo:
            from claimcheck.config import default_encoder
            from claimcheck.registry import get_encoder

            self._enc = self._enc or get_encoder(default_encoder())
            log(f"embedding {len(todo)} texts")
            for s in range(0, len(todo), 256):
                chunk = todo[s: s + 256]
                for t, v in zip(chunk, self._enc.encode(chunk, kind="query")):
                    self.cache["emb"][_key(t)] = np.asarray(v, dtype=np.float32)
            self.save()
        return {t: self.cache["emb"][_key(t)] for t in texts}


