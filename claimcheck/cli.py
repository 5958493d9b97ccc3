"""The command-line interface: parses, calls library functions, prints.

Diagnostics and progress bars go to stderr; with ``--json`` stdout carries pure
JSON and nothing else. ClaimcheckError becomes a one-line message and its exit
code; nothing of the article text reaches a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import config
from .config import DEFAULT_ENCODER, DEFAULT_INDEX_DIR, DEFAULT_NLI, INDEX_ENV, NLI_ENV
from .errors import ClaimcheckError, InputError
from .settings import DEFAULT, SEARCH_RESULTS

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Find where news articles contradict each other (Arabic first).",
)

_state = {"quiet": False}


def _index_dir(value: Optional[Path]) -> Path:
    return value if value is not None else config.default_index_dir()


# Defaults are decided once: environment and paths in claimcheck.config (which reads
# CLAIMCHECK_INDEX / CLAIMCHECK_NLI itself), how claimcheck decides in claimcheck.settings.
# An index option reads `index: IndexOpt = None`; its callback puts in config's default.
IndexOpt = Annotated[Optional[Path], typer.Option(
    "--index", "-i", callback=_index_dir, show_default=False,
    help=f"Index folder; default: ${INDEX_ENV}, else {DEFAULT_INDEX_DIR}.")]
EncoderOpt = Annotated[Optional[str], typer.Option(
    "--encoder", help=f"Encoder name (see `claimcheck models`); default: the index's own, else {DEFAULT_ENCODER}.")]
NLIOpt = Annotated[Optional[str], typer.Option(
    "--nli", help=f"NLI backend (see `claimcheck models`); default: ${NLI_ENV}, else {DEFAULT_NLI}.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print pure JSON on stdout.")]
# which articles report / search / check look at: one definition (claimcheck.filters.ArticleFilter)
SourceOpt = Annotated[Optional[str], typer.Option(
    "--source", help="Only articles whose source, URL or path contains this (any case).")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Only articles published on or before YYYY-MM-DD.")]


def _where(source: Optional[str], since: Optional[str], until: Optional[str]):
    from .filters import ArticleFilter

    return ArticleFilter(source=source, since=since, until=until)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


DeviceOpt = Annotated[Optional[str], typer.Option(
    "--device", help="Where the models run: auto (CUDA when present), cpu or cuda; default: auto.",
    envvar=config.DEVICE_ENV)]
RayOpt = Annotated[bool, typer.Option(
    "--ray", help="Run embedding and NLI as Ray Data jobs with model actors (needs the 'ray' extra); "
                  "a local Ray instance unless --ray-address or RAY_ADDRESS names a cluster.")]
RayAddressOpt = Annotated[Optional[str], typer.Option(
    "--ray-address", metavar="ADDRESS", envvar="RAY_ADDRESS",
    help="Ray cluster for --ray: auto (the cluster this machine joined) or ray://HOST:10001.")]


def _set_device(device: Optional[str]) -> None:
    """The one device setting: the option, validated, becomes CLAIMCHECK_DEVICE for the
    library (and for Ray workers, which get this process's environment)."""
    if device is None:
        return
    import os

    from .config import DEVICES

    d = device.strip().lower()
    if d not in DEVICES:
        raise typer.BadParameter(f"{device!r} is not one of {', '.join(DEVICES)}", param_hint="--device")
    os.environ[config.DEVICE_ENV] = d


@app.callback()
def _main(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
):
    _state["quiet"] = quiet


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _note(msg: str) -> None:
    if not _state["quiet"]:
        typer.echo(msg, err=True)


@contextlib.contextmanager
def _errors():
    try:
        yield
    except ClaimcheckError as e:
        _err("error: " + "; ".join(line.strip() for line in str(e).splitlines() if line.strip()))
        raise typer.Exit(e.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130)
    except OSError as e:  # the machine, not claimcheck: disk full, permissions
        where = f" ({e.filename})" if e.filename else ""
        _err(f"error: {e.strerror or e}{where}")
        raise typer.Exit(1)


@contextlib.contextmanager
def _progress():
    """A progress factory for the library: one bar per stage, on stderr."""
    if _state["quiet"]:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)

    def factory(stage: str, total: int):
        task = bars.add_task(stage, total=max(total, 1))
        return lambda n: bars.advance(task, n)

    with bars:
        yield factory


def _emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _warn_all(warnings) -> None:
    for w in warnings:
        _err(f"warning: {w}")


def _ray_encoder(ray: Optional[str], index: Path, encoder: Optional[str]):
    """Encoder ``encoder`` (or the index's own) run by Ray at ``ray`` (None: locally)."""
    if ray is None:
        return encoder
    from .distributed import RayEncoder
    from .pipeline import encoder_name

    return RayEncoder(encoder_name(encoder, index), address=ray)


def _do_index(paths: list[str], index: Path, encoder: Optional[str], force: bool = False, verbose: bool = False,
              max_article_bytes: Optional[int] = None, max_claim_chars: Optional[int] = None):
    from .pipeline import index_paths

    with _progress() as p:
        res = index_paths(paths, index, encoder=encoder, stdin=_stdin(paths), progress=p, force=force,
                          max_article_bytes=max_article_bytes, max_claim_chars=max_claim_chars)
    _indexed(res, index, verbose)
    return res


def _stdin(paths):
    """stdin when one of the paths is "-"."""
    return sys.stdin if paths and "-" in paths else None


def _indexed(res, index: Path, verbose: bool = False) -> None:
    """What indexing did, on stderr: warnings, a repair, the counts, the files skipped."""
    _warn_all(res.warnings)
    if res.recovered:
        _err(f"repaired: {res.recovered}")
    s = res.stats
    _note(f"{index}: {_files_summary(res)}; +{s.articles_added} articles ({s.articles_skipped} already indexed, "
          f"{s.articles_replaced} replaced), +{s.claims_added} claims, {s.embedded} embedded, "
          f"{s.reused} reused; {len(res.index.articles)} articles / {len(res.index.claims)} claims in all")
    if verbose:
        for path, why in res.skipped:
            _note(f"skipped: {path}: {why}")


def _files_summary(res) -> str:
    """"read 12 files, skipped 3 (2 unsupported type (.png), 1 hidden)": the reasons, most frequent first."""
    from collections import Counter

    text = f"read {res.files_read} file{'s' if res.files_read != 1 else ''}"
    if res.skipped:
        why = Counter(w for _, w in res.skipped).most_common()
        text += f", skipped {len(res.skipped)} (" + ", ".join(f"{n} {w}" for w, n in why) + ")"
    return text


@app.command("index")
def index_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt .md .jsonl); '-' reads stdin.")],
    index: IndexOpt = None,
    encoder: EncoderOpt = None,
    json_out: JsonFlag = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every file skipped in folders.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Repair a damaged index: make its newest intact generation live, or start it empty.")] = False,
    max_article_bytes: Annotated[Optional[int], typer.Option(
        "--max-article-bytes", min=1,
        help=f"Skip larger articles (default {config.MAX_ARTICLE_BYTES:,}; env {config.MAX_ARTICLE_BYTES_ENV}).")] = None,
    max_claim_chars: Annotated[Optional[int], typer.Option(
        "--max-claim-chars", min=1,
        help=f"Split longer clauses at spaces (default {config.MAX_CLAIM_CHARS:,}; env {config.MAX_CLAIM_CHARS_ENV}).")] = None,
    device: DeviceOpt = None,
    ray: RayOpt = False,
    ray_address: RayAddressOpt = None,
):
    """Add articles to an index (only new claims are embedded)."""
    _set_device(device)
    ray = (ray_address or "local") if ray else None
    with _errors():
        res = _do_index(paths, index, _ray_encoder(ray, index, encoder), force=force, verbose=verbose,
                        max_article_bytes=max_article_bytes, max_claim_chars=max_claim_chars)
        if json_out:
            _emit_json({"index": str(index), **res.stats.to_dict(),
                        "articles": len(res.index.articles), "claims": len(res.index.claims),
                        "files_read": res.files_read,
                        "skipped": [{"path": p, "why": w} for p, w in res.skipped],
                        "recovered": res.recovered,
                        "warnings": [str(w) for w in res.warnings]})


@app.command("report")
def report_cli(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Index these first (optional).")] = None,
    index: IndexOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Markdown report path.")] = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Also write the JSON report here ('-' = stdout).")] = None,
    html_path: Annotated[Optional[Path], typer.Option("--html", help="Also write the HTML report (one self-contained page) here.")] = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    encoder: EncoderOpt = None,
    nli: NLIOpt = None,
    neighbours: Annotated[int, typer.Option("--neighbours", "-k", min=1, help="Neighbours per claim to pair.")] = DEFAULT.neighbours,
    threshold: Annotated[float, typer.Option("--threshold", min=0.0, max=1.0, help="NLI contradiction probability for the NLI flag (one input of the decision).")] = DEFAULT.contradiction_threshold,
    show_threshold: Annotated[float, typer.Option("--show-threshold", min=0.0, max=1.0, help="Confidence from which findings are shown by default (the decision's >= 0.7-precision band).")] = DEFAULT.show_threshold,
    show_all: Annotated[bool, typer.Option("--all", help="Also score and list the weaker leads: below the shown confidence or with no named difference (collapsed in Markdown; 2-3x the NLI time).")] = False,
    max_pairs: Annotated[Optional[int], typer.Option("--max-pairs", min=1, help="Score at most this many pairs, the most similar first (big corpora).")] = None,
    device: DeviceOpt = None,
    ray: RayOpt = False,
    ray_address: RayAddressOpt = None,
):
    """Index PATHS (if given), then write the contradiction report (Markdown; JSON and HTML on request).

    --source/--since/--until report on part of the index only.
    """
    from . import pipeline
    from .report import write_json, write_markdown

    _set_device(device)
    ray = (ray_address or "local") if ray else None
    settings = DEFAULT.replace(neighbours=neighbours, contradiction_threshold=threshold,
                               show_threshold=show_threshold, max_pairs=max_pairs)
    with _errors():
        where = _where(source, since, until)
        if ray is not None:
            from .config import default_nli
            from .distributed import RayNLI

            encoder = _ray_encoder(ray, index, encoder)
            nli = RayNLI(nli or default_nli(), address=ray)
        with _progress() as p:
            run = pipeline.report(paths or [], index, settings, p, encoder=encoder, nli=nli, where=where,
                                  include_hidden=show_all, stdin=_stdin(paths))
        if run.indexed is not None:
            _indexed(run.indexed, index)
        rep = run.report
        out = out or Path("reports") / f"{index.name}.md"
        write_markdown(rep, out)
        if json_path is not None and str(json_path) != "-":
            write_json(rep, json_path)
        if html_path is not None:
            from .html_report import write_html

            write_html(rep, html_path, texts={a.id: a.text for a in run.index.articles})
            _note(f"{html_path}: HTML report")
        s = rep["summary"]
        weaker = f"{s['not_shown']} weaker leads listed" if show_all else "weaker leads not scored; --all lists them"
        _note(f"{out}: {s['contradictions']} contradictions, {s['disputes']} disputes shown ({weaker}), "
              f"{s.get('changed_over_time', 0)} changed over time, "
              f"{s['corroborated_clusters']} corroborated clusters (NLI {run.analysis.nli_name})")
        if str(json_path) == "-":
            _emit_json(rep)


def _hit_json(h) -> dict:
    from .report import claim_json

    return {"score": round(h.score, 4), **claim_json(h.claim, None, {h.article.id: h.article})}


@app.command("search")
def search_cli(
    query: Annotated[str, typer.Argument(help="Text to look for (any language).")],
    index: IndexOpt = None,
    k: Annotated[int, typer.Option("-k", min=1, help="Results.")] = SEARCH_RESULTS,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    encoder: EncoderOpt = None,
    json_out: JsonFlag = False,
):
    """Similarity search over every indexed claim."""
    from .pipeline import open_index, search

    with _errors():
        where = _where(source, since, until)
        idx, enc = open_index(index, encoder)
        hits = search(idx, enc, query, k=k, where=where)
        if json_out:
            _emit_json({"query": query, "results": [_hit_json(h) for h in hits]})
            return
        if not hits:
            _note("no results")
        for n, h in enumerate(hits, 1):
            typer.echo(f"{n:>2}. {h.score:.3f}  {h.claim.text}")
            typer.echo(f"      {h.article.title} — {h.article.path} [{h.claim.start}:{h.claim.end}]")


@app.command("check")
def check_cli(
    claim: Annotated[str, typer.Argument(help="The claim to check against the corpus.")],
    index: IndexOpt = None,
    k: Annotated[int, typer.Option("-k", min=1, help="Evidence candidates.")] = DEFAULT.check_neighbours,
    show_threshold: Annotated[float, typer.Option("--show-threshold", min=0.0, max=1.0, help="Conflict confidence from which evidence refutes (as the report shows findings).")] = DEFAULT.show_threshold,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    encoder: EncoderOpt = None,
    nli: NLIOpt = None,
    json_out: JsonFlag = False,
):
    """Check one claim: per-evidence labels and a verdict (the report's pair decision)."""
    from .findings import EXPLAINING_ASPECTS
    from .pipeline import check, open_index

    with _errors():
        where = _where(source, since, until)
        idx, enc = open_index(index, encoder)
        settings = DEFAULT.replace(check_neighbours=k, show_threshold=show_threshold)
        res = check(idx, enc, claim, nli=nli, settings=settings, where=where)
        if json_out:
            _emit_json({
                "claim": res.claim, "verdict": res.verdict, "confidence": res.confidence, "nli": res.nli_name,
                "settings": settings.to_dict(),
                "evidence": [{**_hit_json(e.hit), "label": e.label, "label_score": e.score,
                              "conflict": e.conflict, "explained": e.explained,
                              "nli": {"evidence_to_claim": e.nli_evidence_to_claim,
                                      "claim_to_evidence": e.nli_claim_to_evidence},
                              "differences": [d.to_dict() for d in e.differences]} for e in res.evidence],
            })
            return
        typer.echo(f"verdict: {res.verdict} ({res.confidence:.2f}) — NLI {res.nli_name}")
        for e in res.evidence:
            typer.echo(f"  {e.label:<8} {e.score:.2f}  sim {e.hit.score:.3f}  {e.hit.claim.text}")
            if e.label == "refutes" and e.explained:
                why = "; ".join(f"{d.aspect}: {d.a or '—'} / {d.b or '—'}" for d in e.differences
                                if d.aspect in EXPLAINING_ASPECTS)
                typer.echo(f"           differs: {why}")
            elif e.label == "refutes":
                typer.echo("           (no named difference)")
            typer.echo(f"           {e.hit.article.title} — {e.hit.article.path}")


@app.command("nli")
def nli_cli(
    premise: Annotated[Optional[str], typer.Argument(help="Premise.")] = None,
    hypothesis: Annotated[Optional[str], typer.Argument(help="Hypothesis.")] = None,
    pairs: Annotated[Optional[Path], typer.Option("--pairs", help="JSONL of {premise, hypothesis}; '-' = stdin.")] = None,
    nli: NLIOpt = None,
):
    """Score premise/hypothesis pairs: one JSON line each with label and probabilities."""
    from .config import default_nli
    from .registry import LABELS, get_nli

    with _errors():
        items, bad = [], []
        if pairs is not None:
            if premise or hypothesis:
                raise InputError("give either PREMISE HYPOTHESIS or --pairs, not both")
            items, bad = _read_pairs(pairs)
        elif premise is not None and hypothesis is not None:
            items = [(premise, hypothesis)]
        else:
            raise InputError("give PREMISE and HYPOTHESIS, or --pairs FILE.jsonl")
        for w in bad:
            _err(f"warning: {w}")
        backend = get_nli(nli or default_nli())
        probs = backend.predict(items) if items else []
        for (p, h), pr in zip(items, probs):
            row = {"premise": p, "hypothesis": h, "label": LABELS[int(pr.argmax())],
                   **{lab: round(float(x), 4) for lab, x in zip(LABELS, pr)}}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_pairs(path: Path):
    items, bad = [], []
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        fh = sys.stdin if str(path) == "-" else open(path, encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror})") from e
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                p, h = obj["premise"], obj["hypothesis"]
                if not isinstance(p, str) or not isinstance(h, str):
                    raise TypeError
                items.append((p, h))
            except (ValueError, KeyError, TypeError):
                bad.append(f"{name}:{n}: not a JSON object with string premise and hypothesis; skipped")
    return items, bad


@app.command("models")
def models_cli(json_out: JsonFlag = False):
    """List encoders and NLI backends."""
    from .registry import list_encoders, list_nli

    enc, nli = list_encoders(), list_nli()
    if json_out:
        _emit_json({"encoders": [{"name": n, "help": h} for n, h in enc],
                    "nli": [{"name": n, "help": h} for n, h in nli]})
        return
    typer.echo("encoders:")
    for n, h in enc:
        typer.echo(f"  {n:<24} {h}")
    typer.echo("NLI backends:")
    for n, h in nli:
        typer.echo(f"  {n:<24} {h}")


def _size(n: int | None) -> str:
    if n is None:
        return "—"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


@app.command("indexes")
def indexes_cli(
    folder: Annotated[Optional[Path], typer.Argument(
        help="Folder holding indexes (or an index itself); default: the default index's folder, indexes/.",
        show_default=False)] = None,
    json_out: JsonFlag = False,
):
    """List the indexes in a folder: articles, claims, encoder, size, last update."""
    from .config import default_index_dir
    from .index.manage import list_indexes

    with _errors():
        folder = folder or default_index_dir().parent
        rows = list_indexes(folder)
        if json_out:
            _emit_json({"folder": str(folder), "indexes": rows})
            return
        if not rows:
            _note(f"{folder}: no indexes")
        for r in rows:
            if "error" in r:
                typer.echo(f"{r['name']:<20} damaged: {r['error']}")
                continue
            typer.echo(f"{r['name']:<20} {r['articles'] or 0:>6} articles {r['claims'] or 0:>8} claims  "
                       f"{r['encoder'] or '?':<20} {_size(r['size_bytes']):>9}  updated {r['updated'] or '—'}")


@app.command("stats")
def stats_cli(
    index: Annotated[Path, typer.Argument(help="Index folder.")],
    json_out: JsonFlag = False,
):
    """Describe one index: counts, sources, dates, encoder, search type, files (verifies checksums)."""
    from .index.manage import index_stats

    with _errors():
        st = index_stats(index)
        if json_out:
            _emit_json(st)
            return
        e, c, p = st["encoder"], st["counts"], st["published"]
        cpa = st["claims_per_article"]
        typer.echo(f"{st['index']}: {st['format']}, generation {st['generation']}, checksums ok")
        typer.echo(f"  {c['articles']} articles, {c['claims']} claims "
                   f"(per article: min {cpa['min']}, median {cpa['median']}, max {cpa['max']})")
        typer.echo(f"  encoder {e.get('name')} (dim {e.get('dim')}, fingerprint {e.get('fingerprint')})")
        segs = st["segments"]
        dead = sum(sg["deleted_articles"] for sg in segs)
        typer.echo(f"  search {st['search'].get('type')}; {len(segs) or 1} segment(s)"
                   + (f", {dead} removed article(s) awaiting a merge" if dead else "")
                   + f"; {_size(st['size_bytes'])} on disk")
        typer.echo(f"  published {p['earliest'] or '—'} … {p['latest'] or '—'}, {p['undated']} undated")
        typer.echo("  sources: " + (", ".join(f"{k} ({v})" for k, v in st["sources"].items()) or "—"))
        if st["nli_cache"]:
            typer.echo("  NLI cache: " + ", ".join(f"{k} ({v} scores)" for k, v in st["nli_cache"].items()))
        typer.echo(f"  created {st['created']}, updated {st['updated']}, written by claimcheck {st['written_by']}")


@app.command("rm")
def rm_cli(
    index: Annotated[Path, typer.Argument(help="Index folder.")],
    articles: Annotated[list[str], typer.Argument(
        help="Articles to remove: id, file path (a .jsonl path = all its lines; file.jsonl:LINE = one), or URL.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be removed; change nothing.")] = False,
    json_out: JsonFlag = False,
):
    """Remove articles and their claims from an index, in one atomic write."""
    from .index.manage import remove_articles

    with _errors():
        res = remove_articles(index, articles, dry_run=dry_run)
        if json_out:
            _emit_json(res)
            return
        verb = "would remove" if dry_run else "removed"
        for a in res["removed"]:
            typer.echo(f"{verb} {a['id']}  {a['path']}  ({a['claims']} claims)  {a['title']}")
        _note(f"{index}: {verb} {len(res['removed'])} articles, {res['claims_removed']} claims; "
              f"{res['articles_left']} articles / {res['claims_left']} claims left")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
