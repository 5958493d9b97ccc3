"""A persisted claim index: FAISS + claim metadata + a manifest, in segments.

On-disk layout (format ``claimcheck-index.v2``; documented in README)::

    indexes/<name>/
      CURRENT                 one line: the live generation, e.g. "gen-000004"
      gen-000004/
        manifest.json         format, encoder identity, live counts, segments, checksums
        seg-000001/           a segment: the articles one write added (or a merge)
          articles.jsonl      one Article per line
          claims.jsonl        one Claim per line, in vector-row order
          vectors.f16.npy     (rows, dim) float16 embeddings, the source of truth
          claims.faiss        the segment's ANN index (none for a flat segment)
        seg-000004/           the articles generation 4 added
      nli-cache/<model>.jsonl append-only NLI scores keyed by pair hash
      .lock                   writers hold an exclusive flock

The manifest lists the segments in row order, each with its counts, its
tombstones (ids of articles removed since it was written) and its search info,
and every file with its size and sha256. The live claims are the segments' rows
in order, less the tombstoned articles' rows; search scans each segment's index
and re-ranks the candidates exactly from the float16 vectors.

A write builds a complete new generation in a temporary folder, renames it into
place and only then swaps CURRENT with ``os.replace``: a kill at any moment leaves
the previous generation live and intact. Readers never see a half-written index.
The segments the write keeps are hard links to the previous generation's files
(copies where the file system has none): their bytes are not written again and
no file is ever changed after its generation is committed, so every generation
folder is whole by itself. An append writes one new segment and a manifest; a
removal writes only a manifest (tombstones). A merge (``MERGE_SEGMENTS``,
``MERGE_DELETED``, ``save(merge=True)``) rewrites everything as one segment.
The swap of CURRENT is the commit; a generation folder that CURRENT does not
name is an interrupted commit (or an old generation whose removal was cut
short), and the next writer removes it before it writes. Removing an old
generation unlinks names only: segments the live one still holds stay.

Format ``claimcheck-index.v1`` (one set of files in the generation folder, no
segments) still opens; the next write links its files in as the first segment.

Writers: ``ClaimIndex.writing(path, encoder)`` holds the lock across the whole
read-modify-write (open, add or remove, save), so two writers run one after the
other and neither loses the other's articles. ``save()`` also refuses
(``IndexConflict``) when CURRENT moved since the index was read, so a writer that
opened without the lock cannot overwrite a commit it never saw.

Damage is never repaired silently: a missing or garbled CURRENT, a file whose
size or checksum differs from the manifest (in any segment), counts that disagree, all raise
``IndexError_``. Only ``writing(..., force=True)`` (``claimcheck index --force``)
makes the newest intact generation live again, or starts from nothing when no
generation is intact.

Test-only: ``CLAIMCHECK_FAULT_AT=N`` kills the process (SIGKILL) right before
the N-th file operation of a commit, so tests can stop a commit between every
two of its file operations.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .. import __version__
from ..fsutil import fsync_dir, fsync_file, sha256_file
from ..errors import EncoderMismatch, IndexBusy, IndexConflict, IndexError_, IndexNotFound
from ..text.normalize import visible_text
from ..types import Article, Claim

FORMAT = "claimcheck-index.v2"  # segmented generations
FORMAT_V1 = "claimcheck-index.v1"  # one set of files per generation; still read, appended to as a segment
MERGE_SEGMENTS = 16  # an append that would leave more segments than this merges them all into one
MERGE_DELETED = 0.25  # ...as does one that would leave more than this share of stored claim rows deleted
EXACT_MAX = 20_000  # below this many claims search is exact (flat inner product)
_CANDIDATES = 4  # ANN fetches k * this many, then re-ranks exactly from the f16 vectors


def text_key(text: str) -> str:
    """Key of an embedding: the exact text embedded (same text, same vector)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------- FAISS


_CHUNK = 65_536  # rows converted to float32 at a time while building (~100 MB at d=384)
_TRAIN_PER_LIST = 40  # k-means training points per IVF list (FAISS warns below 39)
_RECALL_TARGET = 0.97  # recall@10 after the exact re-rank, on held-out-like queries
_PROBE_ROWS = 50_000  # the IVF-or-HNSW decision is made on a sample this big
_IVF_MAX_SCAN = 1 / 16  # IVF only if it reaches the target scanning <= this share of lists
_HNSW_M = 32
_HNSW_EF_CONSTRUCTION = 40
_TUNE_QUERIES = 300


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float32)


def build_faiss(vectors: np.ndarray, exact_max: int = EXACT_MAX, seed: int = 0):
    """Return (faiss index, search-info dict) for these (n, d) vectors.

    Exact below ``exact_max`` rows. Above, IVF with 8-bit scalar quantisation when
    the data partitions well, else an HNSW graph over 8-bit codes ("HNSW32,SQ8");
    either way the search breadth (nprobe / efSearch) is tuned to reach recall@10
    >= 0.97 against exact search, after the exact re-rank that ``search`` applies,
    on queries that behave like new ones (IVF: sampled rows left out of their own
    answers; HNSW: the last rows, held out of the graph until tuned).

    Which one: an IVF index is built and tuned on a sample of up to 50k rows; if
    it needs more than 1/16 of its lists to reach the target, IVF would scan a
    large share of the data per query (e5 claim embeddings are like that: the
    10th neighbour sits among many near-equidistant claims), and HNSW is used.
    Small, well-clustered sets stay on IVF, which builds several times faster.

    ``vectors`` may be float16 and memory-mapped: it is never converted to float32
    as a whole. Training uses a seeded sample, rows are added in chunks and the
    ground truth for tuning is computed chunk by chunk, so the build needs the
    index itself (~n*d bytes of codes, plus 256 bytes/row of HNSW links) and
    ~250 MB of working memory on top of whatever holds ``vectors``. Same vectors
    and seed, same index (HNSW is built on one thread for that reason).
    """
    import faiss

    n, d = vectors.shape
    if n <= exact_max:
        index = faiss.IndexFlatIP(d)
        for s in range(0, n, _CHUNK):
            index.add(_f32(vectors[s : s + _CHUNK]))
        return index, {"type": "flat-ip", "exact_max": exact_max}
    rng = np.random.default_rng(seed)
    probe_rows = None if n <= _PROBE_ROWS else np.sort(rng.choice(n, _PROBE_ROWS, replace=False))
    probe = vectors if probe_rows is None else _f32(vectors[probe_rows])
    index, info = _build_ivf(probe, seed, rng)
    if info["nprobe"] <= info["nlist"] * _IVF_MAX_SCAN and info["tuned_recall_at_10"] >= _RECALL_TARGET:
        if probe_rows is None:
            info["exact_max"] = exact_max
            return index, info
        del index, probe
        index, info = _build_ivf(vectors, seed, rng)
        info["exact_max"] = exact_max
        return index, info
    why = (f"IVF{info['nlist']} needed nprobe {info['nprobe']} for recall "
           f"{info['tuned_recall_at_10']} on {len(probe):,} rows")
    del index, probe
    index, info = _build_hnsw(vectors, seed, rng)
    info.update(exact_max=exact_max, chosen_because=why)
    return index, info


def _build_ivf(vectors: np.ndarray, seed: int, rng):
    import faiss

    n, d = vectors.shape
    # 4*sqrt(n) lists, FAISS's guideline being 4-16*sqrt(n)
    nlist = int(max(64, min(8192, 4 * np.sqrt(n))))
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFScalarQuantizer(
        quantizer, d, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    train_n = min(n, _TRAIN_PER_LIST * nlist)
    rows = np.sort(rng.choice(n, train_n, replace=False)) if train_n < n else slice(None)
    index.cp.seed = seed
    index.cp.max_points_per_centroid = _TRAIN_PER_LIST  # train on exactly our sample
    index.train(_f32(vectors[rows]))
    for s in range(0, n, _CHUNK):
        index.add(_f32(vectors[s : s + _CHUNK]))

    def set_nprobe(v):
        index.nprobe = min(v, nlist)
        return index.nprobe

    # Rows as queries, each left out of its own answer and truth: in IVF a row
    # finds itself only if its own list is probed, so this behaves like new queries.
    rows = np.sort(rng.choice(n, min(_TUNE_QUERIES, n), replace=False))
    q = _f32(vectors[rows])
    truth = _exact_topk(vectors, q, 11)
    truth = [[t for t in tr if t != r][:10] for tr, r in zip(truth.tolist(), rows.tolist())]
    nprobe, recall = _tune(index, vectors, q, truth, rows, set_nprobe,
                           (4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256))
    return index, {"type": "ivf-sq8", "nlist": nlist, "nprobe": nprobe, "train_points": int(train_n),
                   "seed": seed, "tuned_recall_at_10": round(recall, 4)}


def _build_hnsw(vectors: np.ndarray, seed: int, rng):
    import faiss

    n, d = vectors.shape
    index = faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, _HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = _HNSW_EF_CONSTRUCTION
    index.hnsw.rng = faiss.RandomGenerator(seed)  # node levels
    train_n = min(n, 100_000)
    rows = np.sort(rng.choice(n, train_n, replace=False)) if train_n < n else slice(None)
    index.train(_f32(vectors[rows]))  # the SQ8 value ranges
    # A row already in the graph walks straight to itself and its own links, which
    # flatters recall; so the last rows are held out, used as the tuning queries
    # against the graph of the others, and inserted afterwards (ids stay row order).
    hold = min(_TUNE_QUERIES, max(10, n // 20))
    head = n - hold

    def set_ef(v):
        index.hnsw.efSearch = v
        return v

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # parallel insertion makes the graph depend on timing
    try:
        for s in range(0, head, _CHUNK):
            index.add(_f32(vectors[s : min(head, s + _CHUNK)]))
        q = _f32(vectors[head:])
        truth = _exact_topk(vectors[:head], q, 10).tolist()
        ef, recall = _tune(index, vectors, q, truth, None, set_ef,
                           (16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512))
        index.add(q)
    finally:
        faiss.omp_set_num_threads(threads)
    return index, {"type": "hnsw-sq8", "M": _HNSW_M, "ef_construction": _HNSW_EF_CONSTRUCTION,
                   "ef_search": ef, "seed": seed, "tuned_recall_at_10": round(recall, 4)}


def _exact_topk(vectors: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    """Exact top-k row ids of each query, scanning ``vectors`` in float32 chunks."""
    best_s = np.full((len(q), 0), -np.inf, np.float32)
    best_i = np.empty((len(q), 0), np.int64)
    for s in range(0, len(vectors), _CHUNK):
        sims = q @ _f32(vectors[s : s + _CHUNK]).T
        kk = min(k, sims.shape[1])
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        cand_s = np.concatenate([best_s, np.take_along_axis(sims, part, 1)], axis=1)
        cand_i = np.concatenate([best_i, part + s], axis=1)
        keep = np.argsort(-cand_s, axis=1, kind="stable")[:, :k]
        best_s = np.take_along_axis(cand_s, keep, 1)
        best_i = np.take_along_axis(cand_i, keep, 1)
    return best_i


def _tune(index, vectors: np.ndarray, q: np.ndarray, truth: list, exclude, set_breadth, steps,
          k: int = 10, target: float = _RECALL_TARGET) -> tuple[int, float]:
    """Smallest search breadth in ``steps`` whose recall@k reaches ``target``.

    Recall as ``ClaimIndex.search`` delivers it: k * _CANDIDATES ANN candidates
    re-ranked exactly from ``vectors``, compared with ``truth`` (exact top-k ids
    per query). ``exclude[i]``, if given, is a row left out of query i's answer.
    Returns (breadth, recall); the last step if none reaches the target.
    """
    fetch = k * _CANDIDATES + (exclude is not None)
    recall, used = 0.0, steps[-1]
    for step in steps:
        used = set_breadth(step)
        _, cand = index.search(q, min(fetch, index.ntotal))
        hits = 0
        for i in range(len(q)):
            c = cand[i][cand[i] >= 0]
            if exclude is not None:
                c = c[c != exclude[i]]
            c = np.sort(c[: k * _CANDIDATES])
            top = c[np.argsort(-(_f32(vectors[c]) @ q[i]), kind="stable")[:k]]
            hits += len(set(top.tolist()) & set(truth[i]))
        recall = hits / (len(q) * k)
        if recall >= target:
            break
    return int(used), recall


# --------------------------------------------------------------------------- index


@dataclass
class AddStats:
    articles_added: int = 0
    articles_skipped: int = 0  # already indexed (same content)
    articles_replaced: int = 0  # same file path, new content
    claims_added: int = 0
    claims_removed: int = 0
    embedded: int = 0  # claim texts sent to the encoder
    reused: int = 0  # claim texts whose vectors were already in the index

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Segment:
    """One segment as read: what it stores (deleted rows included) and its tombstones."""

    name: str  # "seg-000004": its folder in a generation (made by generation 4)
    prefix: str  # where its files are in its generation: "seg-000004/", or "" in a v1 generation
    files: dict  # its file names -> {bytes, sha256}, as the manifest lists them
    search: dict  # the search info of its FAISS index (flat-ip: none stored, built at load)
    deleted: frozenset  # tombstoned article ids: their articles and claims are not live
    article_ids: list  # article id of each stored article, in file order
    claim_ids: list  # claim id of each stored claim row
    claim_articles: list  # article id of each stored claim row
    vectors: np.ndarray  # (rows, dim) float16, memory-mapped
    ann: object | None = None  # the stored FAISS index of an ANN segment

    @property
    def rows(self) -> int:
        return len(self.claim_ids)

    def live_mask(self, deleted=None) -> np.ndarray:
        deleted = self.deleted if deleted is None else deleted
        if not deleted:
            return np.ones(self.rows, bool)
        return np.fromiter((a not in deleted for a in self.claim_articles), bool, self.rows)

    def record(self) -> dict:
        return {"name": self.name, "counts": {"articles": len(self.article_ids), "claims": self.rows},
                "deleted": sorted(self.deleted), "search": self.search}


@dataclass
class _Part:
    """What search scans for one segment: a FAISS index and the live row of each of its ids."""

    index: object
    ids: np.ndarray | None  # FAISS id -> live claim row (-1: deleted); None: the same number
    exact: bool
    deleted: int  # deleted rows still in ``index``


@dataclass
class ClaimIndex:
    path: Path
    encoder: dict  # name, dim, fingerprint, kind
    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    vectors: np.ndarray | None = None  # (n, dim) float16: the live rows, in claim order
    manifest: dict = field(default_factory=dict)
    # an index built in memory (filters, benchmarks) searches one FAISS index over
    # ``vectors``; one read from disk searches its segments' (``_parts``)
    _faiss: object | None = None
    # the generation this object was read from (None: a new index); save()
    # refuses when CURRENT names another one by then
    _base: str | None = None
    recovered: str | None = None  # what writing(force=True) repaired, if anything
    _segs: list | None = None  # the segments of ``_base``, as read or last saved
    _parts: list | None = None  # their search structures; None after a change in memory
    last_write: dict = field(default_factory=dict)  # what the last save() wrote (merged, bytes, files)

    # -- reading --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, encoder: dict | None = None, verify: bool = True) -> "ClaimIndex":
        """Open the live generation. ``encoder`` (name/fingerprint) must match if given.

        Raises ``IndexNotFound`` when there is no index, ``IndexError_`` when it is
        damaged in any way the manifest can tell (``verify=False`` skips only the
        checksums).
        """
        path = Path(path)
        for attempt in range(3):
            gen = _live(path)
            if gen is None:
                raise IndexNotFound(f"{path}: no claimcheck index here (run `claimcheck index` first)")
            try:
                return cls._load(path, gen, read_manifest_at(gen), encoder, verify)
            except EncoderMismatch:
                raise
            except IndexError_:
                # readers take no lock: a commit may have swapped CURRENT and removed
                # this generation while it was being read; then read the new one
                if attempt == 2 or _live_name(path, strict=False) == gen.name:
                    raise
        raise AssertionError("unreachable")

    @classmethod
    def _load(cls, path: Path, gen: Path, manifest: dict, encoder: dict | None, verify: bool) -> "ClaimIndex":
        if encoder is not None:
            check_encoder(manifest["encoder"], encoder, path)
        files = manifest["files"]
        layout = _segment_layout(manifest)
        for _name, prefix, rec in layout:
            need = set(_SEG_FILES) | ({"claims.faiss"} if not _is_flat(rec["search"]) else set())
            missing = {prefix + f for f in need} - set(files)
            if missing:
                raise IndexError_(f"{gen}/manifest.json: lists no {', '.join(sorted(missing))}; {_DAMAGED}")
        for name, meta in files.items():
            f = gen / name
            if not f.is_file() or f.stat().st_size != meta["bytes"]:
                raise IndexError_(f"{f}: missing or wrong size; {_DAMAGED}")
            if verify and meta["bytes"] < 256 << 20 and sha256_file(f) != meta["sha256"]:
                raise IndexError_(f"{f}: checksum mismatch; {_DAMAGED}")
        dim = int(manifest["encoder"]["dim"])
        idx = cls(path=path, encoder=manifest["encoder"], manifest=manifest, _base=gen.name)
        segs = []
        try:
            for name, prefix, rec in layout:
                d = gen / prefix if prefix else gen
                arts = [Article(**a) for a in _read_jsonl(d / "articles.jsonl")]
                claims = [Claim(**c) for c in _read_jsonl(d / "claims.jsonl")]
                counts = rec["counts"]
                if counts.get("articles") != len(arts) or counts.get("claims") != len(claims):
                    raise IndexError_(
                        f"{d}: the manifest counts {counts.get('articles')} articles / {counts.get('claims')} "
                        f"claims but the files hold {len(arts)} / {len(claims)}; {_DAMAGED}")
                seg = _Segment(
                    name=name, prefix=prefix, search=rec["search"], deleted=frozenset(rec.get("deleted", ())),
                    files={f[len(prefix):]: m for f, m in files.items()
                           if f.startswith(prefix) and "/" not in f[len(prefix):]},
                    article_ids=[a.id for a in arts], claim_ids=[c.id for c in claims],
                    claim_articles=[c.article_id for c in claims],
                    vectors=np.load(d / "vectors.f16.npy", mmap_mode="r"))
                if seg.vectors.shape != (len(claims), dim):
                    raise IndexError_(f"{d}: claims, vectors and FAISS rows disagree; {_DAMAGED}")
                if not _is_flat(seg.search):
                    import faiss

                    seg.ann = faiss.read_index(str(d / "claims.faiss"))
                    if seg.ann.ntotal != len(claims) or seg.ann.d != dim:
                        raise IndexError_(f"{d}: claims, vectors and FAISS rows disagree; {_DAMAGED}")
                    _set_breadth(seg.ann, seg.search)
                segs.append(seg)
                idx.articles.extend(a for a in arts if a.id not in seg.deleted)
                idx.claims.extend(c for c in claims if c.article_id not in seg.deleted)
        except (OSError, ValueError, TypeError, RuntimeError) as e:
            raise IndexError_(f"{gen}: unreadable ({type(e).__name__}: {str(e)[:200]}); {_DAMAGED}") from None
        counts = manifest["counts"]
        if counts.get("articles") != len(idx.articles) or counts.get("claims") != len(idx.claims):
            raise IndexError_(
                f"{gen}: the manifest counts {counts.get('articles')} articles / {counts.get('claims')} claims "
                f"but the files hold {len(idx.articles)} / {len(idx.claims)}; {_DAMAGED}")
        idx._segs = segs
        idx.vectors = _live_vectors(segs, dim)
        idx._assemble()
        return idx

    @classmethod
    def open_or_new(cls, path: str | Path, encoder: dict | None) -> "ClaimIndex":
        """The index at ``path``, or a new empty one for ``encoder``. With
        ``encoder=None`` the index must exist (a writer that only removes)."""
        path = Path(path)
        if _live(path) is None:
            if encoder is None:
                raise IndexNotFound(f"{path}: no claimcheck index here (run `claimcheck index` first)")
            return cls(path=path, encoder=dict(encoder),
                       vectors=np.empty((0, encoder["dim"]), dtype=np.float16))
        return cls.open(path, encoder)

    @classmethod
    @contextlib.contextmanager
    def writing(cls, path: str | Path, encoder: dict | None, force: bool = False,
                on_wait: Callable[[], None] | None = None):
        """Hold the writer lock across a whole read-modify-write::

            with ClaimIndex.writing(path, identity) as idx:
                idx.add(...)      # or any other change
                idx.save()

        ``encoder`` is the identity new claims are embedded with (checked against
        the index's); None for a writer that embeds nothing (the index must exist).
        ``on_wait()`` is called once if another writer holds the lock.

        Another writer of the same index waits (``config.lock_timeout()`` seconds,
        then ``IndexBusy``). Leftovers of killed commits are removed first. With
        ``force``, a damaged index (CURRENT missing or garbled, a file that fails
        its checksum) restarts from its newest intact generation, or from nothing;
        ``idx.recovered`` then says what was done, and ``save()`` must follow.
        """
        path = Path(path)
        if encoder is None and not path.is_dir():
            raise IndexNotFound(f"{path}: no claimcheck index here (run `claimcheck index` first)")
        path.mkdir(parents=True, exist_ok=True)
        with _locked(path, on_wait):
            note = _recover(path, force)
            idx = cls.open_or_new(path, encoder)
            idx.recovered = note
            yield idx

    @property
    def article_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def _assemble(self) -> None:
        """Search structures for the segments read or saved: an ANN segment's stored
        index with its deleted ids mapped to -1; a flat one built over its live rows."""
        import faiss

        dim = int(self.encoder["dim"])
        parts, offset = [], 0
        for seg in self._segs or []:
            mask = seg.live_mask()
            live = int(mask.sum())
            if seg.ann is None:
                index = faiss.IndexFlatIP(dim)
                rows = None if live == seg.rows else np.flatnonzero(mask)
                for s in range(0, live, _CHUNK):
                    index.add(_f32(seg.vectors[s : s + _CHUNK] if rows is None else seg.vectors[rows[s : s + _CHUNK]]))
                parts.append(_Part(index, np.arange(offset, offset + live), True, 0))
            else:
                ids = np.full(seg.rows, -1, np.int64)
                ids[mask] = np.arange(offset, offset + live)
                parts.append(_Part(seg.ann, ids, False, seg.rows - live))
            offset += live
        if len(parts) == 1 and parts[0].deleted == 0:
            parts[0].ids = None  # one segment, nothing deleted: FAISS ids are the rows
        self._parts = parts
        self._faiss = parts[0].index if len(parts) == 1 and parts[0].ids is None else None

    def _search_parts(self) -> list:
        if self._parts is not None:
            return self._parts
        # built in memory, or changed since it was read: one index over ``vectors``
        if self._faiss is None:
            self._faiss, info = build_faiss(self.vectors)
            self.manifest = {**self.manifest, "search": info}
        exact = _is_flat(self.manifest.get("search", {}))
        return [_Part(self._faiss, None, exact, 0)]

    def search(self, queries: np.ndarray, k: int = 10, rows: np.ndarray | None = None):
        """Top-k (scores, row ids) per query; ``rows`` restricts to those claim rows.

        ANN candidates are re-ranked with exact inner products from the stored
        vectors, so scores are exact cosines whatever the FAISS index type. Each
        segment is searched; their candidates meet in that re-rank (all flat: their
        exact scores are merged directly).
        """
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        n = len(self.claims)
        k = min(k, n)
        if k == 0:
            return np.empty((len(q), 0), np.float32), np.empty((len(q), 0), np.int64)
        if rows is not None:
            rows = np.asarray(rows, dtype=np.int64)
            sims = q @ np.asarray(self.vectors[rows], dtype=np.float32).T
            kk = min(k, len(rows))
            top = np.argsort(-sims, axis=1)[:, :kk]
            return np.take_along_axis(sims, top, 1), rows[top]
        parts = self._search_parts()
        if len(parts) == 1 and parts[0].ids is None:
            exact = parts[0].exact
            scores, ids = _faiss_search(parts[0].index, q, k if exact else min(n, k * _CANDIDATES))
            if exact:
                return scores, ids
        else:
            exact = all(p.exact for p in parts)
            got_s, got_i = [], []
            for p in parts:
                m = p.index.ntotal
                if m == 0:
                    continue
                want = k if p.exact else k * _CANDIDATES
                if p.deleted:  # deleted rows take places among the candidates
                    want = int(want * m / max(1, m - p.deleted)) + 1
                s, i = _faiss_search(p.index, q, min(m, want))
                g = np.where(i >= 0, p.ids[np.where(i >= 0, i, 0)], -1)
                got_s.append(np.where(g >= 0, s, -np.inf).astype(np.float32))
                got_i.append(g)
            scores, ids = np.concatenate(got_s, axis=1), np.concatenate(got_i, axis=1)
            if exact:
                top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
                out_s = np.take_along_axis(scores, top, 1)
                return out_s, np.where(np.isfinite(out_s), np.take_along_axis(ids, top, 1), -1)
        fetch = ids.shape[1]
        # exact re-rank of all candidates at once: gather their stored vectors
        valid = ids >= 0
        safe = np.where(valid, ids, 0)
        order = np.argsort(safe, axis=None)  # read the memory map in row order
        flat = np.empty((safe.size, q.shape[1]), np.float32)
        flat[order] = np.asarray(self.vectors[safe.ravel()[order]], dtype=np.float32)
        sims = np.einsum("qcd,qd->qc", flat.reshape(len(q), fetch, -1), q)
        sims[~valid] = -np.inf
        top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        out_s = np.take_along_axis(sims, top, 1).astype(np.float32)
        out_i = np.where(np.isfinite(out_s), np.take_along_axis(ids, top, 1), -1)
        return out_s, out_i

    # -- writing --------------------------------------------------------------

    def add(
        self,
        articles: Sequence[Article],
        claims_of: Callable[[Article], list[Claim]],
        encode: Callable[[list[str]], np.ndarray],
    ) -> AddStats:
        """Add articles (skipping ones already indexed); embed only unseen claim texts.

        Call ``save()`` afterwards to persist.
        """
        stats = AddStats()
        known_ids = {a.id for a in self.articles}
        # a file is known by its real path's hash (``file_key``); articles indexed
        # before there was one are known by the path as typed
        by_file = {_file_identity(a): a.id for a in self.articles if _file_identity(a)}
        remove: set[str] = set()
        new_articles: list[Article] = []
        for a in articles:
            if a.id in known_ids:
                stats.articles_skipped += 1
                continue
            old = by_file.get(_file_identity(a)) or (by_file.get(("path", a.path)) if _replaceable(a.path) else None)
            if old and old not in remove:
                remove.add(old)
                stats.articles_replaced += 1
            known_ids.add(a.id)
            new_articles.append(a)
        if remove:
            stats.claims_removed = self.remove_articles(remove)
        known_vec = {text_key(visible_text(c.text)): i for i, c in enumerate(self.claims)}
        new_claims: list[Claim] = []
        for a in new_articles:
            new_claims.extend(claims_of(a))
        todo: dict[str, str] = {}
        for c in new_claims:
            shown = visible_text(c.text)  # invisible marks do not change what a claim says
            key = text_key(shown)
            if key not in known_vec and key not in todo:
                todo[key] = shown
        fresh = encode(list(todo.values())) if todo else np.empty((0, self.encoder["dim"]), np.float32)
        fresh_at = {k: i for i, k in enumerate(todo)}
        rows = np.empty((len(new_claims), self.encoder["dim"]), dtype=np.float16)
        for j, c in enumerate(new_claims):
            key = text_key(visible_text(c.text))
            if key in fresh_at:
                rows[j] = fresh[fresh_at[key]]
            else:
                rows[j] = self.vectors[known_vec[key]]
        stats.embedded = len(todo)
        stats.reused = max(0, len(new_claims) - len(todo))
        self.articles.extend(new_articles)
        self.claims.extend(new_claims)
        if new_articles:
            base = np.asarray(self.vectors) if self.vectors is not None else rows[:0]
            self.vectors = np.concatenate([base, rows]) if len(rows) else base
            self._changed()
        stats.articles_added = len(new_articles)
        stats.claims_added = len(new_claims)
        return stats

    def remove_articles(self, ids: Iterable[str]) -> int:
        """Drop these articles, their claims and their vectors; returns the number of
        claims dropped. Call ``save()`` to persist: the removal then lands as one new
        generation, like any write (tombstones in the manifest, or a merge)."""
        ids = set(ids)
        keep = [i for i, c in enumerate(self.claims) if c.article_id not in ids]
        removed = len(self.claims) - len(keep)
        self.claims = [self.claims[i] for i in keep]
        self.vectors = np.asarray(self.vectors[keep]).reshape(len(keep), self.encoder["dim"])
        self.articles = [a for a in self.articles if a.id not in ids]
        self._changed()
        return removed

    def _changed(self) -> None:
        # rows moved or grew: search builds one index over ``vectors`` until save()
        self._parts = None
        self._faiss = None

    def save(self, merge: bool | None = None) -> Path:
        """Commit the articles, claims and vectors held now as a new generation, atomically.

        The new generation links the segments of the one read (no bytes copied),
        adds one segment with the articles not stored yet, and records removed
        ones as tombstones. ``merge=True`` (or the merge policy, ``_should_merge``)
        writes everything into one segment instead. Returns the generation folder;
        ``last_write`` says what was written.

        Takes the writer lock (already held inside ``writing()``), removes the
        leftovers of killed commits, and refuses with ``IndexConflict`` when
        CURRENT no longer names the generation this index was read from.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
            live = _live_name(self.path)
            if live != self._base:
                raise IndexConflict(
                    f"{self.path}: another writer committed {live or 'a change'} after this index was read "
                    f"(from {self._base or 'no index'}); nothing was written, run the command again")
            _recover(self.path, force=False)
            if not (self.path / "CURRENT").exists():
                # a first commit killed after its rename must read as "no index
                # yet", not as an index whose CURRENT was lost
                _write_current(self.path, NO_GENERATION)
            gen_no = int(live.split("-")[1]) + 1 if live else 1
            plan = self._plan(merge)
            _fault_point()
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-gen-", dir=self.path))
            try:
                segs, files, written = self._write_segments(tmp, gen_no, plan)
                counts = {"articles": len(self.articles), "claims": len(self.claims)}
                manifest = {
                    "format": FORMAT,
                    "generation": gen_no,
                    "claimcheck_version": __version__,
                    "libraries": _library_versions(),
                    "encoder": self.encoder,
                    "counts": counts,
                    "search": segs[0].search if segs else {"type": "flat-ip", "exact_max": EXACT_MAX},
                    "segments": [s.record() for s in segs],
                    "files": files,
                    "created": self.manifest.get("created") or _now(),
                    "updated": _now(),
                }
                manifest["checksum"] = _manifest_checksum(manifest)
                _fault_point()
                text = json.dumps(manifest, ensure_ascii=False, indent=2)
                (tmp / "manifest.json").write_text(text, "utf-8")
                written.append(("manifest.json", len(text.encode("utf-8"))))
                _fault_point()
                fsync_file(tmp / "manifest.json")
                _fault_point()
                fsync_dir(tmp)
                final = self.path / f"gen-{gen_no:06d}"
                _fault_point()
                os.rename(tmp, final)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _write_current(self.path, final.name)  # the commit
            self._base = final.name
            self.manifest = manifest
            self.recovered = None
            for old in _generations(self.path):  # old generations, now unreferenced
                if old != final:
                    _fault_point()
                    shutil.rmtree(old, ignore_errors=True)
        self._segs = segs
        if len(segs) == 1 and not segs[0].deleted:
            self.vectors = segs[0].vectors
        self._assemble()
        self.last_write = {"merged": plan["merge"], "segments": len(segs),
                           "files_written": written, "bytes_written": sum(b for _, b in written),
                           "files_linked": plan["linked"]}
        return final

    def _plan(self, merge: bool | None) -> dict:
        """What save() writes: the tombstones of each stored segment and the new
        rows (the articles no segment stores, whose claims ``add`` left last), or,
        when merging, everything."""
        segs = self._segs or []
        stored: dict[str, int] = {}  # live stored article id -> its segment
        for si, seg in enumerate(segs):
            for aid in seg.article_ids:
                if aid not in seg.deleted:
                    stored[aid] = si
        now = {a.id for a in self.articles}
        gone: list[set] = [set() for _ in segs]
        for aid, si in stored.items():
            if aid not in now:
                gone[si].add(aid)
        deleted = [seg.deleted | g for seg, g in zip(segs, gone)]
        new_articles = [a for a in self.articles if a.id not in stored]
        fresh = {a.id for a in new_articles}
        n_new = sum(c.article_id in fresh for c in self.claims)
        n_old = len(self.claims) - n_new
        # appending keeps the row order only if the stored live claims come first,
        # in segment order, and the new ones after them (as add() and
        # remove_articles() leave them); any other order is written by a merge
        expect = [cid for seg, d in zip(segs, deleted)
                  for cid, aid in zip(seg.claim_ids, seg.claim_articles) if aid not in d]
        in_order = (expect == [c.id for c in self.claims[:n_old]]
                    and all(c.article_id in fresh for c in self.claims[n_old:]))
        if merge is None:
            merge = not segs or not in_order or _should_merge(segs, deleted, n_new, bool(new_articles))
        return {"merge": bool(merge), "deleted": deleted, "new_articles": new_articles, "n_new": n_new,
                "linked": 0 if merge else sum(len(s.files) for s in segs)}

    def _write_segments(self, tmp: Path, gen_no: int, plan: dict):
        """Fill the temporary generation folder; returns (segments, manifest files, written)."""
        name = f"seg-{gen_no:06d}"
        segs: list[_Segment] = []
        files: dict = {}
        written: list[tuple[str, int]] = []
        if plan["merge"]:
            ann, search = self._merged_faiss()
            seg = self._write_segment(tmp, name, self.articles, self.claims, self.vectors, ann, search, written)
            segs.append(seg)
        else:
            src = self.path / self._base
            for old, deleted in zip(self._segs, plan["deleted"]):
                _fault_point()
                (tmp / old.name).mkdir()
                for fname in sorted(old.files):
                    _fault_point()
                    _link(src / old.prefix / fname, tmp / old.name / fname, written, f"{old.name}/{fname}")
                _fault_point()
                fsync_dir(tmp / old.name)
                segs.append(_Segment(name=old.name, prefix=old.name + "/", files=old.files, search=old.search,
                                     deleted=frozenset(deleted), article_ids=old.article_ids,
                                     claim_ids=old.claim_ids, claim_articles=old.claim_articles,
                                     vectors=old.vectors, ann=old.ann))
            if plan["new_articles"]:
                n = plan["n_new"]
                vectors = self.vectors[len(self.claims) - n:]
                ann, search = (None, {"type": "flat-ip", "exact_max": EXACT_MAX}) if n <= EXACT_MAX \
                    else build_faiss(vectors)
                segs.append(self._write_segment(tmp, name, plan["new_articles"], self.claims[len(self.claims) - n:],
                                                vectors, ann, search, written))
        for seg in segs:
            for fname, meta in seg.files.items():
                files[f"{seg.name}/{fname}"] = meta
        return segs, files, written

    def _write_segment(self, tmp: Path, name: str, articles, claims, vectors, ann, search: dict,
                       written: list) -> _Segment:
        import faiss

        d = tmp / name
        _fault_point()
        d.mkdir()
        _fault_point()
        _write_jsonl(d / "articles.jsonl", (a.to_dict() for a in articles))
        _fault_point()
        _write_jsonl(d / "claims.jsonl", (c.to_dict() for c in claims))
        _fault_point()
        with open(d / "vectors.f16.npy", "wb") as f:
            np.save(f, np.ascontiguousarray(vectors, dtype=np.float16))
        if ann is not None:
            _fault_point()
            faiss.write_index(ann, str(d / "claims.faiss"))
        files = {}
        for f in sorted(d.iterdir()):
            files[f.name] = {"bytes": f.stat().st_size, "sha256": sha256_file(f)}
            written.append((f"{name}/{f.name}", f.stat().st_size))
            _fault_point()
            fsync_file(f)
        _fault_point()
        fsync_dir(d)
        return _Segment(name=name, prefix=name + "/", files=files, search=search, deleted=frozenset(),
                        article_ids=[a.id for a in articles], claim_ids=[c.id for c in claims],
                        claim_articles=[c.article_id for c in claims],
                        vectors=np.load(d / "vectors.f16.npy", mmap_mode="r"), ann=ann)

    def _merged_faiss(self):
        """(FAISS index or None for flat, search info) over all live rows.

        An index built in memory over ``vectors`` is kept. When the first
        segment has an ANN index and all its rows are still live
        and lead the claims, a copy of it takes the other rows by ``add``
        (minutes saved on a large index: the IVF lists or HNSW graph stay as
        tuned); otherwise ``build_faiss`` decides anew.
        """
        import faiss

        n = len(self.claims)
        if self._parts is None and self._faiss is not None and self._faiss.ntotal == n:
            # one index over ``vectors`` built in memory (or by a search since the last change)
            search = self.manifest.get("search") or {"type": "flat-ip", "exact_max": EXACT_MAX}
            return (None if _is_flat(search) else self._faiss), search
        first = (self._segs or [None])[0]
        if (first is not None and first.ann is not None and not first.deleted and n > EXACT_MAX
                and self._plan_keeps_first_rows(first)):
            index = faiss.clone_index(first.ann)
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)  # as _build_hnsw: the graph must not depend on timing
            try:
                for s in range(first.rows, n, _CHUNK):
                    index.add(_f32(self.vectors[s : min(n, s + _CHUNK)]))
            finally:
                faiss.omp_set_num_threads(threads)
            _set_breadth(index, first.search)
            return index, dict(first.search)
        index, search = build_faiss(self.vectors)
        return (None if _is_flat(search) else index), search

    def _plan_keeps_first_rows(self, first: _Segment) -> bool:
        m = first.rows
        return len(self.claims) >= m and [c.id for c in self.claims[:m]] == first.claim_ids

    # -- NLI cache ------------------------------------------------------------

    def nli_cache_path(self, model: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in model)
        return self.path / "nli-cache" / f"{safe}.jsonl"


def _should_merge(segs: list, deleted: list, new_rows: int, new_segment: bool) -> bool:
    """The merge policy: rewrite everything into one segment when an append would
    leave more than MERGE_SEGMENTS segments, more than MERGE_DELETED of the stored
    claim rows deleted, or more than EXACT_MAX rows in flat (exactly searched)
    segments. Otherwise append a segment (bytes written ~ the new rows)."""
    count = len(segs) + new_segment
    stored = sum(s.rows for s in segs) + new_rows
    dead = sum(s.rows - int(s.live_mask(d).sum()) for s, d in zip(segs, deleted))
    flat = sum(s.rows for s in segs if s.ann is None) + (new_rows if new_rows <= EXACT_MAX else 0)
    return count > MERGE_SEGMENTS or (stored and dead / stored > MERGE_DELETED) or flat > EXACT_MAX


def _is_flat(search: dict) -> bool:
    return search.get("type", "flat-ip") == "flat-ip"


def _set_breadth(index, search: dict) -> None:
    if search.get("nprobe"):
        index.nprobe = search["nprobe"]
    if search.get("ef_search") and hasattr(index, "hnsw"):
        index.hnsw.efSearch = search["ef_search"]


def _live_vectors(segs: list, dim: int) -> np.ndarray:
    """The live rows of all segments, in order: one segment with nothing deleted
    stays memory-mapped; otherwise they are gathered into memory."""
    if len(segs) == 1 and not segs[0].deleted:
        return segs[0].vectors
    if not segs:
        return np.empty((0, dim), np.float16)
    return np.concatenate([np.asarray(s.vectors) if not s.deleted else np.asarray(s.vectors[s.live_mask()])
                           for s in segs]).reshape(-1, dim)


def _segment_layout(manifest: dict) -> list[tuple[str, str, dict]]:
    """(name, file prefix, record) of each segment; a v1 generation is one segment
    whose files lie in the generation folder itself."""
    if manifest["format"] == FORMAT_V1:
        rec = {"counts": manifest["counts"], "deleted": [], "search": manifest["search"]}
        return [(f"seg-{int(manifest['generation']):06d}", "", rec)]
    return [(rec["name"], rec["name"] + "/", rec) for rec in manifest["segments"]]


def _link(src: Path, dst: Path, written: list, label: str) -> None:
    """Hard-link a committed segment file into the new generation; a file system
    without hard links gets a copy (and the bytes count as written)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
        fsync_file(dst)
        written.append((label, dst.stat().st_size))


def _faiss_search(index, q: np.ndarray, k: int):
    """Search; a few queries run on one thread (threads only add overhead there,
    and cost a lot when another process holds the other core)."""
    import faiss

    if len(q) > 16:
        return index.search(q, k)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return index.search(q, k)
    finally:
        faiss.omp_set_num_threads(threads)


def read_manifest(path: str | Path) -> tuple[Path, dict]:
    """The live generation folder and its manifest, without loading the index."""
    path = Path(path)
    gen = _live(path)
    if gen is None:
        raise IndexNotFound(f"{path}: no claimcheck index here (run `claimcheck index` first)")
    return gen, read_manifest_at(gen)


def stored_encoder(path: str | Path) -> str | None:
    """Name of the encoder an index was built with; None when there is no index.

    A damaged index still says it from its newest readable manifest, so a repair
    (``--force``) uses the right encoder without being told.
    """
    path = Path(path)
    try:
        return read_manifest(path)[1]["encoder"]["name"]
    except IndexNotFound:
        return None
    except IndexError_:
        for gen in reversed(_generations(path)):
            try:
                return read_manifest_at(gen)["encoder"]["name"]
            except IndexError_:
                continue
        return None


_MANIFEST_KEYS = frozenset({"format", "generation", "claimcheck_version", "libraries", "encoder", "counts",
                            "search", "segments", "files", "created", "updated", "checksum"})


def _manifest_checksum(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def read_manifest_at(gen: Path) -> dict:
    """The manifest of one generation folder, checked byte for byte.

    It is written in one canonical form with a checksum of its content, so any
    changed byte is caught (a manifest from before the checksum is accepted when
    it is canonical and holds only known keys).
    """
    mpath = gen / "manifest.json"
    try:
        raw = mpath.read_text("utf-8")
        manifest = json.loads(raw)
    except (OSError, ValueError) as e:
        raise IndexError_(f"{mpath}: unreadable manifest ({e}); {_DAMAGED}") from None
    if not isinstance(manifest, dict):
        raise IndexError_(f"{mpath}: not a manifest; {_DAMAGED}")
    if manifest.get("format") not in (FORMAT, FORMAT_V1):
        raise IndexError_(f"{gen.parent}: index format {manifest.get('format')!r} is not {FORMAT!r}; rebuild it")
    canonical = json.dumps(manifest, ensure_ascii=False, indent=2) == raw
    known = set(manifest) <= _MANIFEST_KEYS
    checksum = manifest.get("checksum")
    if not canonical or not known or (checksum is not None and checksum != _manifest_checksum(manifest)):
        raise IndexError_(f"{mpath}: altered after it was written (checksum); {_DAMAGED}")
    try:
        for name, meta in manifest["files"].items():
            int(meta["bytes"]), str(meta["sha256"])
            if not _FILE_NAME.fullmatch(name) or (manifest["format"] == FORMAT_V1 and "/" in name):
                raise ValueError(name)
        if manifest["format"] == FORMAT:
            for rec in manifest["segments"]:
                if not _SEG_NAME.fullmatch(rec["name"]):
                    raise ValueError(rec["name"])
                int(rec["counts"]["articles"]), int(rec["counts"]["claims"]), dict(rec["search"])
                [str(a) for a in rec["deleted"]]
        manifest["encoder"]["name"], int(manifest["encoder"]["dim"]), manifest["counts"], manifest["search"]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise IndexError_(f"{mpath}: incomplete manifest; {_DAMAGED}") from None
    return manifest


def check_encoder(stored: dict, wanted: dict, path: Path | str) -> None:
    if stored.get("name") != wanted.get("name"):
        raise EncoderMismatch(
            f"{path}: index was built with encoder {stored.get('name')!r}, not {wanted.get('name')!r}; "
            f"use --encoder {stored.get('name')} or index into another folder"
        )
    fp_s, fp_w = stored.get("fingerprint"), wanted.get("fingerprint")
    if fp_s and fp_w and fp_s != fp_w:
        raise EncoderMismatch(
            f"{path}: encoder {stored.get('name')!r} now computes other vectors "
            f"(fingerprint {fp_w} != {fp_s}); rebuild the index"
        )


def _replaceable(path: str) -> bool:
    return path != "<stdin>" and ".jsonl:" not in path


def _file_identity(a: Article):
    if a.file_key:
        return ("file", a.file_key)
    return ("path", a.path) if _replaceable(a.path) else None


NO_GENERATION = "none"  # CURRENT of an index folder whose first commit has not happened
_GEN_NAME = re.compile(r"gen-(\d{6})")
_CURRENT_TEXT = re.compile(r"(gen-\d{6}|" + NO_GENERATION + r")\n")
_SEG_FILES = ("articles.jsonl", "claims.jsonl", "vectors.f16.npy")  # + claims.faiss when not flat
_SEG_NAME = re.compile(r"seg-\d{6}")
_FILE_NAME = re.compile(r"(seg-\d{6}/)?[a-z0-9]+(\.[a-z0-9]+)+")
_DAMAGED = ("the index is damaged; `claimcheck index --force` makes its newest intact generation live "
            "(or starts an empty index if none is intact)")


def _generations(path: Path) -> list[Path]:
    """Generation folders on disk, oldest first."""
    try:
        entries = list(path.iterdir())
    except OSError:
        return []
    return sorted((p for p in entries if _GEN_NAME.fullmatch(p.name) and p.is_dir()), key=lambda p: p.name)


def _live_name(path: Path, strict: bool = True) -> str | None:
    """The generation CURRENT names; None when there is no index (yet).

    A missing CURRENT beside generation folders, a CURRENT that is not exactly
    one generation name, or one naming a folder that is not there, is damage:
    ``IndexError_`` (``strict=False`` returns None instead). It is never read as
    "no index", which would let the next write start over and drop the index.
    """
    if path.exists() and not path.is_dir():
        if not strict:
            return None
        raise IndexNotFound(f"{path}: a file, not an index folder")
    cur = path / "CURRENT"
    try:
        raw = cur.read_bytes()
    except FileNotFoundError:
        gens = _generations(path)
        if gens and strict:
            raise IndexError_(f"{cur}: missing, but generations are on disk ({', '.join(g.name for g in gens)}); "
                              f"{_DAMAGED}") from None
        return None
    except OSError as e:
        if not strict:
            return None
        raise IndexError_(f"{cur}: unreadable ({e.strerror or e}); {_DAMAGED}") from None
    text = raw.decode("ascii", errors="replace")
    if not _CURRENT_TEXT.fullmatch(text):
        if not strict:
            return None
        raise IndexError_(f"{cur}: garbled (it should be one line naming a generation); {_DAMAGED}")
    name = text.strip()
    if name == NO_GENERATION:
        return None
    if not (path / name).is_dir():
        if not strict:
            return None
        raise IndexError_(f"{cur}: names {name}, which is not on disk; {_DAMAGED}")
    return name


def _live(path: Path) -> Path | None:
    name = _live_name(path)
    return path / name if name else None


def _write_current(path: Path, name: str) -> None:
    cur_tmp = path / ".CURRENT.tmp"
    _fault_point()
    cur_tmp.write_text(name + "\n", "utf-8")
    _fault_point()
    fsync_file(cur_tmp)
    _fault_point()
    os.replace(cur_tmp, path / "CURRENT")
    _fault_point()
    fsync_dir(path)


def _recover(path: Path, force: bool) -> str | None:
    """Under the writer lock: remove what killed commits left, or with ``force`` repair.

    Leftovers are temporary folders and generations that CURRENT does not name
    (a commit killed after its rename, or old generations whose removal was cut
    short): the commit point is the swap of CURRENT, so they were never live.
    Damage (CURRENT missing or garbled, a live generation failing its checks)
    raises unless ``force``; then the newest intact generation is made live, or
    CURRENT is reset to "no generation". Returns what was repaired, if anything.
    """
    for p in list(path.iterdir()):
        if p.name.startswith(".tmp-gen-"):
            _fault_point()
            shutil.rmtree(p, ignore_errors=True)
    try:
        live = _live_name(path)
        if force and live is not None:
            ClaimIndex._load(path, path / live, read_manifest_at(path / live), None, True)
    except EncoderMismatch:
        raise
    except IndexError_ as e:
        if not force:
            raise
        damage = str(e).split("; the index is damaged")[0]
    else:
        for g in _generations(path):
            if g.name != live:
                _fault_point()
                shutil.rmtree(g, ignore_errors=True)
        return None
    chosen = None
    for g in reversed(_generations(path)):
        try:
            ClaimIndex._load(path, g, read_manifest_at(g), None, True)
        except IndexError_:
            continue
        chosen = g.name
        break
    _write_current(path, chosen or NO_GENERATION)
    if chosen:
        return f"{damage}; --force made {chosen}, the newest intact generation, live"
    return f"{damage}; --force found no intact generation and starts an empty index"


def _fault_point() -> None:
    """Test-only (``CLAIMCHECK_FAULT_AT=N``): SIGKILL this process at the N-th call."""
    at = os.environ.get("CLAIMCHECK_FAULT_AT")
    if not at:
        return
    _fault_count[0] += 1
    if _fault_count[0] == int(at):
        os.kill(os.getpid(), signal.SIGKILL)


_fault_count = [0]
_held: dict[tuple[int, str], list] = {}  # (thread, real path) -> [lock file, depth]


@contextlib.contextmanager
def _locked(path: Path, on_wait: Callable[[], None] | None = None):
    """The index's exclusive writer lock (flock on ``.lock``), re-entrant within a thread.

    Waits up to ``config.lock_timeout()`` seconds for another writer, then
    raises ``IndexBusy``. The kernel drops a flock when its process dies, so a
    killed writer never leaves the index locked.
    """
    from ..config import lock_timeout

    key = (threading.get_ident(), os.path.realpath(path))
    entry = _held.get(key)
    if entry is None:
        f = open(path / ".lock", "a+")
        deadline = time.monotonic() + lock_timeout()
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                if time.monotonic() > deadline:
                    f.close()
                    raise IndexBusy(f"{path}: another claimcheck process has been writing this index for "
                                    f"{lock_timeout():.0f} s; try again when it is done") from None
                time.sleep(0.05)
        entry = _held[key] = [f, 0]
    entry[1] += 1
    try:
        yield
    finally:
        entry[1] -= 1
        if entry[1] == 0:
            del _held[key]
            fcntl.flock(entry[0], fcntl.LOCK_UN)
            entry[0].close()


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path.name}: a line is not an object")
    return rows


def _library_versions() -> dict:
    import faiss

    return {"faiss": faiss.__version__, "numpy": np.__version__}
