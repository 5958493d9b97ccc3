"""The report: one JSON document (schema ``claimcheck-report.v1``) and its Markdown.

The JSON carries no timestamps or absolute paths, so the same corpus and models
give the same bytes; the Markdown is rendered from the JSON alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import __version__
from .analysis import Analysis
from .fsutil import atomic_write_text
from .index import ClaimIndex
from .timeline import CHANGED_OVER_TIME
from .types import Claim, IngestWarning

SCHEMA = "claimcheck-report.v1"


def _rel(path: str) -> str:
    if path.startswith("<"):  # <stdin>
        return path
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def claim_json(c: Claim, index: ClaimIndex, arts: dict | None = None) -> dict:
    a = (arts or index.article_by_id)[c.article_id]
    return {
        "id": c.id,
        "text": c.text,
        "span": [c.start, c.end],
        "sentence_index": c.sentence_index,
        "clause_index": c.clause_index,
        "attribution": c.attribution,
        "article": {"id": a.id, "path": _rel(a.path), "title": a.title, "source": a.source,
                    "published": a.published, "url": a.url},
    }


def build_report(index: ClaimIndex, analysis: Analysis, warnings: list[IngestWarning] = (),
                 include_hidden: bool = False) -> dict:
    """The report document. Findings below the show threshold (``"shown": false``)
    are listed only with ``include_hidden`` (``--all``); the summary counts both."""
    arts = index.article_by_id
    claims = index.claims
    findings = []
    for f in analysis.findings:
        if not f.shown and not include_hidden:
            continue
        findings.append({
            "kind": f.kind,
            "confidence": f.confidence,
            "shown": f.shown,
            "cues": f.cues,
            "detectors": f.detectors,
            "explained": f.explained,
            "tier": f.tier,
            "similarity": f.similarity,
            "claims": [claim_json(claims[f.a], index, arts), claim_json(claims[f.b], index, arts)],
            "nli": {"a_to_b": f.nli_ab, "b_to_a": f.nli_ba},
            "differences": [d.to_dict() for d in f.differences],
            **({"time": f.time} if f.time else {}),
        })
    clusters = []
    for n, c in enumerate(analysis.clusters, 1):
        # the outlets that carry the claim, and, apart, whom its members attribute it to
        sources = sorted({s for s in (arts[a].source for a in c.articles) if s})
        speakers = sorted({claims[m].attribution for m in c.members if claims[m].attribution})
        clusters.append({
            "id": n,
            "size": len(c.members),
            "contested": c.contested,
            "independent_sources": c.sources,
            "articles": [{"id": a, "title": arts[a].title, "path": _rel(arts[a].path)} for a in c.articles],
            "sources": sources,
            "attributed_to": speakers,
            "claims": [claim_json(claims[m], index, arts) for m in c.members],
        })
    per_article: dict[str, int] = {}
    for c in claims:
        per_article[c.article_id] = per_article.get(c.article_id, 0) + 1
    shown = [f for f in analysis.findings if f.shown]
    summary = {
        "articles": len(index.articles),
        "claims": len(claims),
        "pairs_scored": analysis.pairs_scored,
        "pairs_settled": analysis.settings.get("nli_directions_saved", 0),
        "contradictions": sum(f.kind == "contradiction" for f in shown),
        "disputes": sum(f.kind == "dispute" for f in shown),
        "changed_over_time": sum(f.kind == CHANGED_OVER_TIME for f in shown),
        "unexplained": sum(not f.explained and f.kind != CHANGED_OVER_TIME for f in shown),
        "shown": len(shown),
        "not_shown": len(analysis.findings) - len(shown),
        "corroborated_clusters": len(clusters),
    }
    return {
        "schema": SCHEMA,
        "claimcheck_version": __version__,
        "models": {
            "encoder": {k: index.encoder.get(k) for k in ("name", "dim", "fingerprint")},
            "nli": {"name": analysis.nli_name, "interim": analysis.nli_name.startswith("interim"),
                    "precision": analysis.nli_precision},
        },
        "settings": analysis.settings,
        "summary": summary,
        "findings": findings,
        "clusters": clusters,
        "articles": [
            {"id": a.id, "path": _rel(a.path), "title": a.title, "source": a.source,
             "published": a.published, "url": a.url, "claims": per_article.get(a.id, 0)}
            for a in index.articles
        ],
        "warnings": [str(w) for w in warnings],
    }


def write_json(report: dict, path: str | Path) -> None:
    atomic_write_text(Path(path), json.dumps(report, ensure_ascii=False, indent=2) + "\n")


def write_markdown(report: dict, path: str | Path) -> None:
    atomic_write_text(Path(path), render_markdown(report))


def _md(text: str | None) -> str:
    """Escape what would break a Markdown table cell or line."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _claim_md(label: str, c: dict) -> list[str]:
    a = c["article"]
    meta = [f"file `{a['path']}`", f"span {c['span'][0]}–{c['span'][1]}"]
    if a.get("source"):
        meta.append(f"source {_md(a['source'])}")
    if a.get("published"):
        meta.append(f"published {a['published']}")
    if c.get("attribution"):
        meta.append(f"attributed to «{_md(c['attribution'])}»")
    return [
        f"**{label}** — *{_md(a['title'])}*  ",
        f"> {_md(c['text'])}",
        "",
        f"<sub>{' · '.join(meta)}</sub>",
        "",
    ]


_DETECTOR_NAMES = {"decision": "the calibrated pair decision", "nli": "the NLI model alone", "predicate-cue": "opposing predicates (lexical cue; NLI alone did not say contradiction)"}


def _detectors(ds: list[str]) -> str:
    if ds == ["nli", "predicate-cue"]:
        return "the NLI model and opposing predicates (lexical cue)"
    if ds and ds[0] == "decision" and len(ds) > 1:
        return "the calibrated pair decision, backed by " + " and ".join(
            {"nli": "the NLI model", "predicate-cue": "opposing predicates", "count-cue": "differing counts",
             "date-cue": "differing dates", "denial-cue": "a denied report"}.get(d, d) for d in ds[1:])
    return " and ".join(_DETECTOR_NAMES.get(d, d) for d in ds) or "—"


def _p(d: dict) -> str:
    return f"E {d['entailment']:.2f} · N {d['neutral']:.2f} · C {d['contradiction']:.2f}"


_KIND_TITLES = {"contradiction": "Contradiction between articles", "dispute": "Dispute inside one article",
                CHANGED_OVER_TIME: "Changed over time"}


def _finding_md(n: int, f: dict) -> list[str]:
    kind = _KIND_TITLES.get(f["kind"], f["kind"])
    out = [f"### {n}. {kind} — confidence {f['confidence']:.2f}", ""]
    if f.get("time"):
        t = f["time"]
        out += [f"A published {t['a'] or 'undated'}, B published {t['b'] or 'undated'}"
                + (f"; B is the later report" if t["later"] == "b" else "; A is the later report" if t["later"] == "a" else "")
                + f" ({t['reason']}).", ""]
    out += _claim_md("A", f["claims"][0]) + _claim_md("B", f["claims"][1])
    out += [f"Flagged by: {_detectors(f['detectors'])}. "
            f"NLI A→B: {_p(f['nli']['a_to_b'])}; B→A: {_p(f['nli']['b_to_a'])}; cosine {f['similarity']:.3f}", ""]
    if f["differences"]:
        out += ["What differs:", ""]
        for d in f["differences"]:
            a = d["a"] or "—"
            b = d["b"] or "—"
            out.append(f"- **{d['aspect']}**: A «{_md(a)}» vs B «{_md(b)}» ({d['note']})")
        out.append("")
    return out


def render_markdown(report: dict) -> str:
    s = report["summary"]
    m = report["models"]
    st = report["settings"]
    out = ["# claimcheck report", ""]
    out += [
        f"{s['articles']} articles · {s['claims']} claims · {s['pairs_scored']} NLI pair directions scored"
        + (f" ({s['pairs_settled']} settled without NLI)" if s.get("pairs_settled") else ""),
        "",
        "| contradictions (two articles) | disputes (one article) | of which no named difference | "
        "changed over time | not shown (below the confidence shown) | corroborated clusters |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {s['contradictions']} | {s['disputes']} | {s.get('unexplained', 0)} | {s.get('changed_over_time', 0)} | "
        f"{s.get('not_shown', 0) if st.get('weaker_leads', True) else 'not scored (--all)'} | "
        f"{s['corroborated_clusters']} |",
        "",
        f"Encoder `{m['encoder']['name']}` · NLI `{m['nli']['name']}`"
        + (" — **interim lexical model, not a trained NLI model: treat findings as leads only**"
           if m["nli"]["interim"] else ""),
        "",
    ]
    findings = report["findings"]
    changed = [f for f in findings if f["kind"] == CHANGED_OVER_TIME and f.get("shown", True)]
    shown = [f for f in findings if f.get("shown", True) and f["kind"] != CHANGED_OVER_TIME]
    hidden = [f for f in findings if not f.get("shown", True)]
    thr = st.get("show_threshold")
    out += ["## Contradictions and disputes", ""]
    if thr is not None:
        out += [f"Confidence is the estimated probability that a careful reader calls the pair a real conflict; "
                f"pairs from {thr:.2f} on are shown (≥ 0.7 precision on development pairs).", ""]
    if not shown:
        out += ["None at the confidence shown." + (" See the other leads below." if hidden else ""), ""]
    for n, f in enumerate(shown, 1):
        out += _finding_md(n, f)
    if changed:
        out += ["## Changed over time", "",
                "These claims differ, but the reports were published on different dates or one marks "
                "itself as an update (\"ارتفعت حصيلة\", \"rises to\"), and the later one does not speak of "
                "the earlier time: the figure changed, the articles need not contradict each other.", ""]
        for n, f in enumerate(changed, len(shown) + 1):
            out += _finding_md(n, f)
    if hidden:
        out += ["## Weaker leads (below the confidence shown)", "",
                "Less often right: most are one story told with other details. Read both claims before using one.",
                "", f"<details><summary>{len(hidden)} weaker leads</summary>", ""]
        for n, f in enumerate(hidden, len(shown) + len(changed) + 1):
            out += _finding_md(n, f)
        out += ["</details>", ""]
    elif not st.get("weaker_leads", True):
        out += ["Weaker leads are not listed, and most were not scored: a pair with no named difference is "
                "never shown. `claimcheck report --all` scores and lists them all.", ""]
    elif s.get("not_shown"):
        out += [f"{s['not_shown']} weaker leads are not listed; `claimcheck report --all` lists them.", ""]
    out += ["## Corroborated claims", ""]
    if not report["clusters"]:
        out += ["No claim is carried by more than one article.", ""]
    for c in report["clusters"]:
        flag = " — **contested: some members contradict each other**" if c["contested"] else ""
        src = c.get("independent_sources", len(c["articles"]))
        out += [f"### Cluster {c['id']}: {src} independent sources, {len(c['articles'])} articles, "
                f"{c['size']} claims{flag}", ""]
        if c["sources"]:
            out += [f"Sources: {', '.join(_md(x) for x in c['sources'])}", ""]
        if c.get("attributed_to"):
            out += [f"Attributed to: {', '.join(_md(x) for x in c['attributed_to'])}", ""]
        for cl in c["claims"]:
            out.append(f"- {_md(cl['text'])} — *{_md(cl['article']['title'])}* (`{cl['article']['path']}`)")
        out.append("")
    out += ["## Articles", "", "| # | title | file | source | published | claims |", "|---:|---|---|---|---|---:|"]
    for n, a in enumerate(report["articles"], 1):
        out.append(f"| {n} | {_md(a['title'])} | `{a['path']}` | {_md(a['source']) or '—'} | "
                   f"{a['published'] or '—'} | {a['claims']} |")
    out.append("")
    if report["warnings"]:
        out += ["## Input warnings", ""] + [f"- {_md(w)}" for w in report["warnings"]] + [""]
    out += [
        "## Models and settings", "",
        f"- encoder: `{m['encoder']['name']}` (dim {m['encoder']['dim']}, fingerprint {m['encoder']['fingerprint']})",
        f"- NLI: `{m['nli']['name']}`",
        f"- related-pair floor {st['related_floor']}, near-duplicate threshold {st['duplicate_threshold']} "
        f"({st['thresholds_from']}), {st['neighbours']} neighbours per claim, "
        f"contradiction threshold {st['contradiction_threshold']}",
        *([f"- decision `{st['decision_model']}`: findings from confidence {st['finding_threshold']}, "
           f"shown from {st['show_threshold']}"] if "decision_model" in st else []),
        f"- claimcheck {report['claimcheck_version']}, report schema `{report['schema']}`",
        "",
    ]
    if st.get("articles"):  # report over part of the index (--source/--since/--until)
        out[-1:-1] = ["- only articles with " + ", ".join(f"{k} {_md(str(v))}" for k, v in st["articles"].items())]
    return "\n".join(out)
