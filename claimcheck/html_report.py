"""The HTML report: one self-contained page rendered from the report's JSON dict.

The page is built from the same dict that ``report.write_json`` writes (schema
``claimcheck-report.v1``), plus the articles' original texts when the caller has
them (the index keeps them), so each claim can be shown in its paragraph. It
tolerates what it does not know: a finding kind it has no title for gets its own
group, optional fields (``tier``, ``shown``, ``url``, ``published`` …) may be
absent, and ``shown: false`` findings are hidden until the reader asks for them.

Article text is untrusted input. Jinja2 escapes every value (autoescape on), the
only links are http(s) URLs, and a Content-Security-Policy lets only the page's
own script and style (by hash) apply, so markup in an article is shown as text,
never run. Everything (CSS, JS) is inline: the file opens offline and can be mailed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .fsutil import atomic_write_text
from .findings import number_spans
from .text.normalize import normalize_with_offsets

# Group titles of the finding kinds this version knows; other kinds are shown
# under their own name (a newer pipeline may add some).
KIND_TITLES = {
    "contradiction": "Contradictions between articles",
    "dispute": "Disputes inside one article",
}
TIER_NAMES = {0: "opposing predicates", 1: "NLI + named difference", 2: "NLI alone"}
CONFIDENCE_STEPS = (0.5, 0.7, 0.9)  # the "at least" choices of the confidence filter
PARAGRAPH_MAX = 900  # longer paragraphs are cut to a window around the claim
_WINDOW = 300  # characters kept on each side of the claim in such a window
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")  # what the date filter can compare
PAGE_SAMPLE = 2000  # characters of each article that vote on the page's direction


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("claimcheck", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return _env().loader.get_source(_env(), name)[0]


def is_rtl(text: str | None) -> bool:
    """Whether most letters of ``text`` are of a right-to-left script (Arabic, Hebrew).

    >>> is_rtl("قال المصدر إن 10 أشخاص قتلوا (AFP)"), is_rtl("Seven people died")
    (True, False)
    """
    rtl = ltr = 0
    for ch in text or "":
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            rtl += 1
        else:
            ltr += 1
    return rtl > ltr


def _dir(text: str | None) -> dict:
    return {"dir": "rtl", "lang": "ar"} if is_rtl(text) else {"dir": "ltr", "lang": ""}


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (javascript:, data:, …) is not linked."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def source_label(article: dict) -> str:
    """What the source filter calls an article: its source, else its URL's host, else its file."""
    if article.get("source"):
        return article["source"]
    url = safe_url(article.get("url"))
    if url:
        return urlsplit(url).hostname or url
    return article.get("path") or article.get("id") or "?"


# --------------------------------------------------------------------------- highlighting


def _pieces(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,،]\s*|\s+/\s+", value or "") if p.strip()]


def _find(text: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` is written in ``text``, matched on the normalised form;
    offsets into ``text`` as written."""
    norm, offs = normalize_with_offsets(text)
    nn = normalize_with_offsets(needle)[0]
    if not nn or not offs:
        return None
    m = re.search(rf"(?<!\w){re.escape(nn)}(?!\w)", norm) or re.search(re.escape(nn), norm)
    if not m:
        return None
    return offs[m.start()], offs[m.end() - 1] + 1


def diff_spans(text: str, differences: list[dict], side: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` (claim A or B, ``side`` "a" or "b") that a difference names,
    as (start, end, aspect), sorted and not overlapping.

    >>> diff_spans("قتل ١٢ شخصا يوم الأحد", [{"aspect": "number", "a": "12", "b": "5"}], "a")
    [(4, 6, 'number')]
    """
    spans = []
    for d in differences:
        aspect, value = d.get("aspect") or "", d.get(side) or ""
        for piece in _pieces(value):
            if aspect == "number":
                try:
                    want = float(piece)
                except ValueError:
                    want = None
                hits = [(s, e) for s, e, v in number_spans(text) if float(v) == want]
                if hits:
                    spans.extend((s, e, aspect) for s, e in hits)
                    continue
            at = _find(text, piece)
            if at is None and " " in piece:
                for word in piece.split():
                    if (w := _find(text, word)) is not None:
                        spans.append((*w, aspect))
            elif at is not None:
                spans.append((*at, aspect))
    out: list[tuple[int, int, str]] = []
    for s, e, a in sorted(spans):
        if e > s and (not out or s >= out[-1][1]):
            out.append((s, e, a))
    return out


def _paragraph(claim: dict, texts: dict[str, str] | None) -> tuple[str, int, int]:
    """(paragraph, claim start, claim end) with offsets into the paragraph; the
    claim alone when the article text is not at hand or does not match the span."""
    ctext = claim.get("text") or ""
    art = (claim.get("article") or {}).get("id")
    full = (texts or {}).get(art)
    span = claim.get("span") or [None, None]
    s, e = span[0], span[1]
    if not full or s is None or e is None or full[s:e] != ctext:
        return ctext, 0, len(ctext)
    p0 = full.rfind("\n", 0, s) + 1
    p1 = full.find("\n", e)
    p1 = len(full) if p1 < 0 else p1
    if p1 - p0 > PARAGRAPH_MAX:
        w0, w1 = max(p0, s - _WINDOW), min(p1, e + _WINDOW)
        if w0 > p0:  # start at a word
            sp = full.find(" ", w0, s)
            w0 = sp + 1 if sp >= 0 else w0
        if w1 < p1:
            sp = full.rfind(" ", e, w1)
            w1 = sp if sp >= 0 else w1
        pre, post = ("… " if w0 > p0 else ""), (" …" if w1 < p1 else "")
        para = pre + full[w0:w1] + post
        return para, s - w0 + len(pre), e - w0 + len(pre)
    return full[p0:p1], s - p0, e - p0


def _claim_view(label: str, claim: dict, differences: list[dict], side: str, texts) -> dict:
    art = claim.get("article") or {}
    para, cs, ce = _paragraph(claim, texts)
    ctext = para[cs:ce]
    parts, pos = [], 0
    for s, e, aspect in diff_spans(ctext, differences, side):
        if s > pos:
            parts.append((ctext[pos:s], None))
        parts.append((ctext[s:e], aspect))
        pos = e
    if pos < len(ctext) or not parts:
        parts.append((ctext[pos:], None))
    return {
        "label": label,
        "before": para[:cs], "parts": parts, "after": para[ce:],
        "in_paragraph": len(para) > len(ctext),
        **_dir(para),
        "span": claim.get("span"),
        "attribution": claim.get("attribution"),
        "article": _article_view(art),
    }


def _article_view(a: dict) -> dict:
    return {
        "id": a.get("id"), "title": a.get("title") or a.get("path") or "(untitled)",
        "title_dir": _dir(a.get("title"))["dir"],
        "path": a.get("path"), "source": a.get("source"), "published": a.get("published"),
        "url": safe_url(a.get("url")), "source_label": source_label(a), "claims": a.get("claims"),
    }


# --------------------------------------------------------------------------- page


def _number(x, fmt: str = "{:.2f}") -> str:
    return fmt.format(x) if isinstance(x, (int, float)) else "—"


def _finding_view(n: int, f: dict, texts) -> dict:
    claims = f.get("claims") or []
    diffs = f.get("differences") or []
    sides = [_claim_view(label, c, diffs, side, texts) for label, side, c in zip("AB", "ab", claims)]
    # hidden by default: what the pipeline marks not shown, or (older reports) an
    # NLI flag that names no difference, which the Markdown also collapses
    hidden = f.get("shown") is False or ("shown" not in f and f.get("explained") is False)
    tier = f.get("tier")
    nli = f.get("nli") or {}
    return {
        "n": n, "kind": f.get("kind") or "finding", "hidden": hidden,
        "confidence": f.get("confidence"), "confidence_text": _number(f.get("confidence")),
        "similarity_text": _number(f.get("similarity"), "{:.3f}"),
        "tier": "" if tier is None else str(tier), "tier_name": TIER_NAMES.get(tier, "" if tier is None else f"tier {tier}"),
        "explained": f.get("explained"), "detectors": f.get("detectors") or [],
        "sides": sides, "differences": diffs,
        "nli": [(name, nli[key]) for name, key in (("A→B", "a_to_b"), ("B→A", "b_to_a"))
                if isinstance(nli.get(key), dict)],
        "sources": sorted({s["article"]["source_label"] for s in sides}),
        "dates": sorted({d for s in sides if _DAY.match(d := (s["article"]["published"] or "")[:10])}),
    }


# summary counts the page's header names in words (the template's tally)
_SUMMARY_SHOWN = frozenset({"articles", "claims", "pairs_scored", "pairs_settled", "contradictions", "disputes", "unexplained",
                            "corroborated_clusters"})


def _kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind) or kind.replace("_", " ").replace("-", " ").capitalize()


def build_view(report: dict, texts: dict[str, str] | None = None) -> dict:
    """The template's data: the report with each claim placed in its paragraph."""
    findings = [_finding_view(n, f, texts) for n, f in enumerate(report.get("findings") or [], 1)]
    # groups in the order their first finding has in the report, which ranks the
    # findings: the best lead of the page is at its top whatever its kind
    groups = [{"kind": k, "title": _kind_title(k), "findings": [f for f in findings if f["kind"] == k]}
              for k in dict.fromkeys(f["kind"] for f in findings)]
    articles = [_article_view(a) for a in report.get("articles") or []]
    # the page's own direction follows most articles (their texts, else titles)
    samples = [t[:PAGE_SAMPLE] for t in (texts or {}).values()] or [a["title"] for a in articles]
    page_rtl = sum(map(is_rtl, samples)) * 2 > len(samples)
    clusters = []
    for c in report.get("clusters") or []:
        clusters.append({
            "id": c.get("id"), "size": c.get("size", len(c.get("claims") or [])), "contested": c.get("contested"),
            "n_articles": len(c.get("articles") or []), "sources": c.get("sources") or [],
            "attributed_to": c.get("attributed_to") or [],
            "claims": [{"text": cl.get("text") or "", **_dir(cl.get("text")),
                        "article": _article_view(cl.get("article") or {})} for cl in c.get("claims") or []],
        })
    models = report.get("models") or {}
    return {
        "page": {"dir": "rtl", "lang": "ar"} if page_rtl else {"dir": "ltr", "lang": "en"},
        "summary": report.get("summary") or {},
        # counts this version has no words for (a newer pipeline's kinds) are shown by name
        "summary_extra": [(k.replace("_", " "), v) for k, v in (report.get("summary") or {}).items()
                          if k not in _SUMMARY_SHOWN and isinstance(v, (int, float))],
        "groups": groups,
        "n_findings": len(findings),
        "n_hidden": sum(f["hidden"] for f in findings),
        "kinds": [(g["kind"], g["title"], len(g["findings"])) for g in groups],
        "tiers": sorted({(f["tier"], f["tier_name"]) for f in findings if f["tier"]}),
        "confidence_steps": CONFIDENCE_STEPS,
        "sources": sorted({s for f in findings for s in f["sources"]}),
        "dates": sorted({d for f in findings for d in f["dates"]}),
        "clusters": clusters,
        "articles": articles,
        "warnings": report.get("warnings") or [],
        "encoder": models.get("encoder") or {},
        "nli_model": models.get("nli") or {},
        "settings": sorted((report.get("settings") or {}).items()),
        "version": report.get("claimcheck_version"),
        "schema": report.get("schema"),
    }


def render_html(report: dict, texts: dict[str, str] | None = None) -> str:
    """The report as one self-contained HTML page.

    ``texts`` maps article id → original text (``{a.id: a.text for a in index.articles}``);
    without it each claim is shown alone instead of in its paragraph.
    """
    from markupsafe import Markup

    css, script = _asset("report.css"), _asset("report.js")
    return _env().get_template("report.html.j2").render(
        v=build_view(report, texts), css=Markup(css), script=Markup(script),
        css_hash=_csp_hash(css), script_hash=_csp_hash(script),
    )


def _csp_hash(source: str) -> str:
    """The Content-Security-Policy name of an inline script or style: only these run."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def write_html(report: dict, path: str | Path, texts: dict[str, str] | None = None) -> None:
    atomic_write_text(Path(path), render_html(report, texts))
