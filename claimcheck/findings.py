"""Findings and what differs between two claims.

``explain(a, b)`` names the concrete differences a reader should check: numbers
(Arabic-Indic or Western digits), dates and weekdays, one-sided negation,
opposing predicates, and actors or places named on one side only. It works on the
normalised form and reports the surface words, so the report can quote them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from . import lexicon
from .normalize import normalize


@dataclass(frozen=True)
class Difference:
    aspect: str  # number | date | negation | predicate | actor | place
    a: str  # what claim A says ("" when A says nothing of it)
    b: str
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Finding:
    kind: str  # contradiction (two articles) | dispute (one article, two passages) | changed over time
    confidence: float
    a: int  # claim rows in the index
    b: int
    similarity: float
    nli_ab: dict  # label -> probability, premise a / hypothesis b
    nli_ba: dict
    differences: list[Difference] = field(default_factory=list)
    detectors: list[str] = field(default_factory=list)  # "nli", "predicate-cue", "count-cue", "date-cue"
    time: dict | None = None  # for "changed over time": {"a", "b" (dates), "later", "reason"} (timeline.py)

    @property
    def explained(self) -> bool:
        """Whether a concrete difference (number, date, negation, opposing
        predicate, place; ``EXPLAINING_ASPECTS``) backs the finding. An NLI flag
        without one is a weaker lead: on ANS dev, claimcheck-nli-ar.v2's
        contradiction flags were right 90 times out of 96
        with such a difference and 319 out of 384 without (0.94 vs 0.83), and on
        long news sentences most unexplained flags are one story told with other
        details.
        """
        return explains(self.differences)

    @property
    def tier(self) -> int:
        """Report order: 0 = opposing predicates (lexicon) named, 1 = NLI with a named
        difference, 2 = NLI alone (``explained`` false). Measured precision falls
        in that order (README, "Detectors")."""
        if "predicate-cue" in self.detectors:
            return 0
        return 1 if self.explained else 2


# Share of ANS train pairs carrying an opposing-predicate cue that are labelled
# "disagree": 78 of 88 (dev: 21 of 22). The cue's confidence starts from there.
PREDICATE_CUE_PRECISION = 0.90


def predicate_cue_confidence(diffs: list[Difference], max_entailment: float) -> float:
    """Confidence that an opposing-predicate cue marks a contradiction, given how
    strongly NLI says one claim entails the other (an entailment vetoes the cue).

    NLI models trained on ANS and FarsTail miss pragmatic conflicts such as
    "surprised X" vs "notified X ten hours before"; the lexicon names them.
    """
    if not any(d.aspect == "predicate" for d in diffs):
        return 0.0
    return round(PREDICATE_CUE_PRECISION * (1.0 - max_entailment), 4)


_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _lang_table(name: str, default):
    try:
        from . import lang

        return getattr(lang, name)
    except (ImportError, AttributeError):
        return default


def _norm_keys(table) -> dict:
    if isinstance(table, dict):
        return {normalize(k): v for k, v in table.items()}
    return {normalize(k): True for k in table}


_WEEKDAYS = _norm_keys(_lang_table("WEEKDAYS", {}))
_MONTHS = _norm_keys(_lang_table("MONTHS", {}))
# "ما", "غير" and friends are as often relative pronouns or "other than" as negations
_AMBIGUOUS_NEG = frozenset({"ما", "لما", "مالم", "غير"})
_NEGATIONS = frozenset(_norm_keys(_lang_table("NEGATIONS", ()))) - _AMBIGUOUS_NEG
_PLACES = frozenset(normalize(p) for p in lexicon.PLACES)
_TITLES = frozenset(normalize(t) for t in lexicon.ACTOR_TITLES)
_CLITICS = tuple(sorted({normalize(c) for c in lexicon.CLITICS}, key=len, reverse=True))
def _merge_by_label(entries) -> tuple:
    """One entry per label: the English and Arabic forms of one opposition are
    two sides of one entry, so "فاجأت" (Arabic) and "notified" (English) oppose."""
    merged: dict[str, tuple[set, set]] = {}
    for a, b, label in entries:
        sa, sb = merged.setdefault(label, (set(), set()))
        sa.update(normalize(x) for x in a)
        sb.update(normalize(x) for x in b)
    return tuple((frozenset(a), frozenset(b), label) for label, (a, b) in merged.items())


_OPPOSING = _merge_by_label(lexicon.OPPOSING_PREDICATES)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def numbers(text: str) -> list[str]:
    """Numbers in a text, Arabic-Indic digits read as Western; years excluded.

    >>> numbers("قبل انطلاق العمليات بـ10 ساعات و٣ مرات")
    ['10', '3']
    """
    return [v for _, v in _numbers_at(text)]


def _numbers_at(text: str) -> list[tuple[int, str]]:
    """(offset, value) of each number: digits, and English number words
    ("Seven" → 7, "twenty-five" → 25); the days and years inside a written date
    ("on Sunday, February 15, 2015", "16 فبراير 2015") are not counts."""
    text = _without_dates(text)
    t = text.translate(_DIGITS).replace("ـ", "")
    out = []
    for m in re.finditer(r"\d+(?:[.,]\d+)?", t):
        v = m.group(0).replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", m.group(0)) else m.group(0).replace(",", "")
        if not _YEAR.match(v):
            out.append((m.start(), v))
    for m in _EN_NUMBER.finditer(text):
        total = current = 0
        for part in re.split(r"[-\s]+", m.group(0).lower()):
            v = _EN_NUMBERS[part]
            if v in (100, 1000):  # "two hundred", "three thousand"
                current = max(current, 1) * v
                if v == 1000:
                    total, current = total + current, 0
            else:
                current += v
        out.append((m.start(), str(total + current)))
    return sorted(out)


_EN_NUMBERS = {k.lower(): v for k, v in _lang_table("NUMBER_WORDS_EN", {}).items()}
_EN_NUMBER = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?:[-\s]+(?:"
    + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r"))*(?![\w-])", re.IGNORECASE) if _EN_NUMBERS else re.compile(r"(?!)")


def _without_dates(text: str) -> str:
    """``text`` with each written date blanked out (same length, so offsets hold)."""
    from .dates import date_spans

    for start, end in date_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _full_dates(text: str) -> dict[str, str]:
    """ISO day -> the date as written, for each full date in ``text`` (dateparser)."""
    from .dates import dates_in

    out: dict[str, str] = {}
    for d in dates_in(text):
        out.setdefault(d.iso, d.surface.strip())
    return out


def _years(text: str) -> set[str]:
    t = text.translate(_DIGITS)
    return {m.group(0) for m in re.finditer(r"(?<!\d)(1[89]|20)\d\d(?!\d)", t)}


def _strip_clitics(tok: str) -> list[str]:
    forms = [tok]
    for c in _CLITICS:
        if tok.startswith(c) and len(tok) - len(c) >= 2:
            forms.append(tok[len(c):])
    return forms


_CONTRACTION = re.compile(r"(?<=n)['’]t(?![^\W\d_])")  # "didn't" → "didn", one word (lang.NEGATIONS)


def _words(text: str) -> list[str]:
    return _WORD.findall(_CONTRACTION.sub("", normalize(text)))


def _surface(text: str) -> dict[str, str]:
    """Normalised word -> the word as written (first occurrence), for display."""
    out: dict[str, str] = {}
    for tok in text.split():
        for w in _WORD.findall(normalize(tok)):
            out.setdefault(w, tok.strip("«»“”\"'()[]،,.:؛!؟?"))
    return out


def _show(words, surface: dict[str, str], sep: str = " ") -> str:
    shown = []
    for w in sorted(words):
        parts = w.split(" ")
        shown.append(" ".join(surface.get(p, p) for p in parts))
    return sep.join(shown)


def _lookup(words: list[str], table: dict) -> set:
    found = set()
    for w in words:
        for f in _strip_clitics(w):
            if f in table:
                found.add(f)
                break
    return found


def _is_negation(w: str) -> bool:
    # only the conjunctions as prefixes: "كما" is not "ك" + "ما"
    return w in _NEGATIONS or (w[:1] in "وف" and w[1:] in _NEGATIONS)


def _negations(words: list[str]) -> list[str]:
    return [w for w in words if _is_negation(w)]


def _predicates(words: list[str], side: frozenset[str]) -> set[str]:
    hits = set()
    joined = " " + " ".join(words) + " "
    for form in side:
        if " " in form:  # a multiword form ("أطلق سراح")
            if f" {form} " in joined:
                hits.add(form)
            continue
    for w in words:
        if any(f in side for f in _strip_clitics(w)):
            hits.add(w)
    return hits


_ALL_FORMS = frozenset(f for a, b, _ in _OPPOSING for f in a | b if " " not in f)
_MULTI_FORMS = tuple(f for a, b, _ in _OPPOSING for f in a | b if " " in f)


def opposing_sides(text: str) -> set[tuple[int, int]]:
    """(entry, side) of each opposing-predicate lexicon entry whose words the text uses.

    >>> sorted(opposing_sides("قال المصدر إن القاهرة أبلغت الجزائر"))  # notified: side 1 of two entries
    [(0, 1), (1, 1)]
    """
    words = _words(text)
    joined = " " + " ".join(words) + " "
    if not any(f in _ALL_FORMS for w in words for f in _strip_clitics(w)) and \
            not any(f" {m} " in joined for m in _MULTI_FORMS):
        return set()
    out = set()
    for n, (a, b, _) in enumerate(_OPPOSING):
        if _predicates(words, a):
            out.add((n, 0))
        if _predicates(words, b):
            out.add((n, 1))
    return out


_FUNCTION = frozenset(normalize(w) for w in lexicon.FUNCTION_WORDS)
_GLOSSES = {normalize(k): normalize(v) for k, v in getattr(lexicon, "GLOSSES_EN_AR", {}).items()}
CONTEXT_WINDOW = 6
CONTEXT_SHARED = 2
_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه")


def _stems(word: str) -> set[str]:
    """A word's forms without proclitics and without a possessive/object pronoun."""
    out = set()
    for f in _strip_clitics(word):
        out.add(f)
        for suf in _PRONOUN_SUFFIXES:
            if f.endswith(suf) and len(f) - len(suf) >= 3:
                out.add(f[: -len(suf)])
                break
    return {f for f in out if len(f) >= 3}


def _context(words: list[str], hits: set[str], window: int = CONTEXT_WINDOW) -> set[str]:
    """Content-word stems within ``window`` words of the predicate hits."""
    firsts = {h.split(" ")[0] for h in hits}
    out: set[str] = set()
    for i, w in enumerate(words):
        if w not in firsts and w not in hits:
            continue
        for v in words[max(0, i - window): i + window + 1]:
            if v in hits or v in firsts or v in _FUNCTION or v.isdigit() or len(v) < 2:
                continue
            if v in _GLOSSES:  # "Algeria" stands for "الجزائر": each form it can take in Arabic
                g = _GLOSSES[v]
                out |= _stems(g) | _stems("ال" + g if not g.startswith("ال") else g[2:])
                continue
            st = _stems(v)
            if st:
                out.add(min(st, key=lambda f: (len(f), f)))  # one stem per word
    return out


def _shared_context(wa: list[str], ha: set[str], wb: list[str], hb: set[str]) -> bool:
    """Opposing predicates count only when they are said of the same thing: some
    two content words near the predicate in A are near it in B too ("فاجأت الجزائر
    وتونس" / "أبلغت الجزائر وتونس"). "الدول الكبرى وافقت على طلبات الأسلحة" /
    "دول الجوار ترفض التدخلات الخارجية" share one generic word: two different
    acts, no conflict."""
    return len(_context(wa, ha) & _context(wb, hb)) >= CONTEXT_SHARED


NEGATION_SCOPE = 4


def _negation_bears_on(neg_words: list[str], other: list[str], window: int = NEGATION_SCOPE) -> bool:
    """Whether some negation in ``neg_words`` negates what ``other`` says: of the
    content words right after it (``window`` words), two — or all, if fewer — occur
    in ``other`` too. "لم ترتفع أسعار النفط" / "ارتفاع أسعار النفط" shares أسعار and
    النفط; a long report whose "عدم خوض حروب خارجية" has no counterpart in the other
    claim is no negation difference, however many words the two share elsewhere."""
    theirs: set[str] = set()
    for w in other:
        if w not in _FUNCTION:
            theirs |= _stems(w)
    for i, w in enumerate(neg_words):
        if not _is_negation(w):
            continue
        scope = [v for v in neg_words[i + 1: i + 1 + window]
                 if v not in _FUNCTION and not v.isdigit() and _stems(v)
                 and not _is_negation(v)]
        if scope and sum(bool(_stems(v) & theirs) for v in scope) >= min(2, len(scope)):
            return True
    return False


def _place_hits(words: list[str], places: set[str]) -> set[str]:
    """The words of ``words`` that spell one of ``places`` (first word of the name,
    with or without clitics), for ``_context``. A place substitution ("هجوم في
    طرابلس" / "هجوم في بنغازي") counts only when the two places are said of the same
    thing, as opposing predicates must be: long reports name many places."""
    firsts = {p.split(" ")[0] for p in places}
    firsts |= {f[2:] for f in firsts if f.startswith("ال")}
    return {w for w in words if any(f in firsts for f in _strip_clitics(w))}  # w itself is the first form


def _places(text: str) -> set[str]:
    n = " " + " ".join(_words(text)) + " "
    found = set()
    for p in _PLACES:
        if re.search(rf"\s(?:[وفبلك]{{0,2}}|لل)?{re.escape(p)}\s", n) or (
            p.startswith("ال") and re.search(rf"\s(?:[وفبك]?ل|[وفبك]?بال|[وف]?ال){re.escape(p[2:])}\s", n)
        ):
            found.add(p)
    # "الجزائر" also names the capital; a longer match wins over its parts
    return {p for p in found if not any(p != q and p in q for q in found)}


def _actors(text: str) -> dict[str, str]:
    """Actors named by a title and the word after it: ``{key: words as found}``.

    The key uses the title without its clitics, so "بالمشير خليفة" and "المشير
    خليفة" are one actor."""
    words = _words(text)
    out: dict[str, str] = {}
    for i, w in enumerate(words[:-1]):
        title = next((f for f in _strip_clitics(w) if f in _TITLES), None)
        if title is not None:
            out.setdefault(f"{title} {words[i + 1]}", f"{w} {words[i + 1]}")
    return out


# Aspects that explain a finding on their own. An actor "named on one side only"
# does not: news sentences name one person by title or by name (القائد العام /
# المشير خليفة, both Haftar), so on the seeds every actor-only difference was such
# a pair, and on ANS dev actor differences backed 4 contradiction flags in all.
EXPLAINING_ASPECTS = ("number", "date", "negation", "predicate", "place")


def explains(diffs: list[Difference]) -> bool:
    """Whether these differences name something that can make two claims conflict."""
    return any(d.aspect in EXPLAINING_ASPECTS for d in diffs)


def explain(a: str, b: str) -> list[Difference]:
    """Concrete differences between two claims, most telling first.

    >>> [d.aspect for d in explain("فاجأت الغارات الجزائر وتونس", "أبلغت القاهرة الجزائر وتونس قبل 10 ساعات")]
    ['predicate', 'number']
    """
    diffs: list[Difference] = []
    wa, wb = _words(a), _words(b)
    sa, sb = _surface(a), _surface(b)

    for side_a, side_b, label in _OPPOSING:
        pa1, pb2 = _predicates(wa, side_a), _predicates(wb, side_b)
        pa2, pb1 = _predicates(wa, side_b), _predicates(wb, side_a)
        if pa1 and pb2 and not (pa2 and pb1) and _shared_context(wa, pa1, wb, pb2):
            diffs.append(Difference("predicate", _show(pa1, sa), _show(pb2, sb), label))
        elif pa2 and pb1 and not (pa1 and pb2) and _shared_context(wa, pa2, wb, pb1):
            diffs.append(Difference("predicate", _show(pa2, sa), _show(pb1, sb), label))

    na, nb = numbers(a), numbers(b)
    if set(na) != set(nb):
        only_a = [x for x in na if x not in nb]
        only_b = [x for x in nb if x not in na]
        if only_a and only_b:
            note = f"A gives {', '.join(only_a)}, B gives {', '.join(only_b)}"
        elif only_a:
            note = f"only A gives {', '.join(only_a)}"
        else:
            note = f"only B gives {', '.join(only_b)}"
        diffs.append(Difference("number", ", ".join(only_a), ", ".join(only_b), note))

    da, db = _full_dates(a), _full_dates(b)
    if da and db and set(da) != set(db):
        diffs.append(Difference("date", "; ".join(da.values()), "; ".join(db.values()), "dates differ"))
    ya, yb = _years(a), _years(b)
    if ya and yb and ya != yb and not (da and db):
        diffs.append(Difference("date", ", ".join(sorted(ya)), ", ".join(sorted(yb)), "years differ"))
    for table, what in ((_WEEKDAYS, "weekday"), (_MONTHS, "month")):
        da, db = _lookup(wa, table), _lookup(wb, table)
        if da and db and {table[x] for x in da} != {table[x] for x in db}:
            diffs.append(Difference("date", _show(da, sa), _show(db, sb), f"{what}s differ"))

    nega, negb = _negations(wa), _negations(wb)
    # "لم ترفض" (two) affirms what "رفضت" (one) denies; the negated side's negation
    # must bear on something the other claim says
    if len(nega) % 2 != len(negb) % 2 and (
            _negation_bears_on(wa, wb) if len(nega) % 2 else _negation_bears_on(wb, wa)):
        diffs.append(Difference(
            "negation", " ".join(sa.get(w, w) for w in nega), " ".join(sb.get(w, w) for w in negb),
            "A is negated, B is not" if len(nega) % 2 else "B is negated, A is not"))

    pa, pb = _places(a), _places(b)
    if pa - pb and pb - pa and _shared_context(wa, _place_hits(wa, pa - pb), wb, _place_hits(wb, pb - pa)):
        diffs.append(Difference("place", _show(pa - pb, sa), _show(pb - pa, sb),
                                "places named on one side only"))
    aa, ab = _actors(a), _actors(b)
    if aa.keys() - ab.keys() and ab.keys() - aa.keys():
        diffs.append(Difference("actor", _show({aa[k] for k in aa.keys() - ab.keys()}, sa, "; "),
                                _show({ab[k] for k in ab.keys() - aa.keys()}, sb, "; "),
                                "actors named on one side only"))
    return diffs


_UNITS = {cls: frozenset(normalize(w) for w in forms) for cls, forms in
          getattr(lexicon, "QUANTITY_UNITS", {}).items()}
_LOWER_BOUNDS = tuple(normalize(x) for x in getattr(lexicon, "LOWER_BOUNDS", ()))
_LOWER_BOUNDS_AFTER = tuple(normalize(x) for x in getattr(lexicon, "LOWER_BOUNDS_AFTER", ()))


def counts(text: str) -> dict[str, list[tuple[float, bool]]]:
    """Counts in ``text`` by what they count (``lexicon.QUANTITY_UNITS``):
    ``{class: [(value, is_lower_bound), …]}``.

    >>> counts("At least 12 people were killed, ten hours after the warning")
    {'people': [(12.0, True)], 'hours': [(10.0, False)]}
    """
    out: dict[str, list[tuple[float, bool]]] = {}
    win = getattr(lexicon, "QUANTITY_WINDOW", 3)
    for pos, value in _numbers_at(text):
        before = normalize(text[max(0, pos - 30):pos])
        after = _words(text[pos:])[1: 1 + win] if not text[pos].isdigit() else _words(text[pos:])[:win]
        near = after + _words(before)[-1:]
        cls = next((c for w in near for c, forms in _UNITS.items()
                    if any(f in forms for f in _strip_clitics(w))), None)
        if cls is None:
            continue
        tail = normalize(text[pos:pos + 40])
        bound = any(before.rstrip().endswith(b) for b in _LOWER_BOUNDS) or \
            any(b in tail[:30] for b in _LOWER_BOUNDS_AFTER)
        out.setdefault(cls, []).append((float(value), bound))
    return out


def count_conflict(a: str, b: str) -> Difference | None:
    """A difference between like quantities: both claims count the same thing
    (people killed, hours of notice) and no count of one fits a count of the
    other. "At least 12 were killed" / "Seven people died" conflict; "at least 12"
    / "15 were killed" do not (a lower bound is met by more).

    >>> count_conflict("At least 12 people were killed", "Seven people died").note
    'A counts at least 12 people, B counts 7'
    """
    ca, cb = counts(a), counts(b)

    def fits(x: tuple[float, bool], y: tuple[float, bool]) -> bool:
        (vx, lx), (vy, ly) = x, y
        return vx == vy or (lx and vy >= vx) or (ly and vx >= vy) or (lx and ly)

    for cls in sorted(ca.keys() & cb.keys()):
        if not any(fits(x, y) for x in ca[cls] for y in cb[cls]):
            fa = ", ".join(("at least " if lx else "") + f"{vx:g}" for vx, lx in ca[cls])
            fb = ", ".join(("at least " if ly else "") + f"{vy:g}" for vy, ly in cb[cls])
            return Difference("number", fa, fb, f"A counts {fa} {cls}, B counts {fb}")
    return None


def date_conflict(a: str, b: str) -> Difference | None:
    """Two claims that date one thing differently: full dates ("16 فبراير 2015" /
    "February 15, 2015") or weekdays ("الاثنين" / "Sunday") differ, and the words
    around the dates are the same in both (two content words within
    ``CONTEXT_WINDOW``, English glossed to Arabic), so the dates are said of the
    same event."""
    wa, wb = _words(a), _words(b)
    da, db = _full_dates(a), _full_dates(b)
    if da and db and set(da) != set(db):
        ha = {w for s_ in da.values() for w in _words(s_)}
        hb = {w for s_ in db.values() for w in _words(s_)}
        if _shared_context(wa, ha, wb, hb):
            return Difference("date", "; ".join(da.values()), "; ".join(db.values()), "dates differ")
    ka, kb = _lookup(wa, _WEEKDAYS), _lookup(wb, _WEEKDAYS)
    if ka and kb and {_WEEKDAYS[x] for x in ka} != {_WEEKDAYS[x] for x in kb}:
        ha = {w for w in wa if any(f in ka for f in _strip_clitics(w))}
        hb = {w for w in wb if any(f in kb for f in _strip_clitics(w))}
        if _shared_context(wa, ha, wb, hb):
            return Difference("date", _show(ka, _surface(a)), _show(kb, _surface(b)), "weekdays differ")
    return None


# Confidence of a finding that rests on a count or date conflict alone (the NLI
# model read the pair as neutral or as entailment: "Seven people died" / "At least
# 12 were killed", and most pairs across languages). The cues fire rarely: on
# ANS stance pairs 3 times (count) and once (date) in 3,407, all four labelled
# "disagree"; on bench/xlang_pairs.jsonl the report rests on one alone once, a
# contradiction. Five of five is too few to calibrate on, so the confidence is
# the opposing-predicate cue's measured 0.90, the other lexical detector.
FACT_CUE_PRECISION = PREDICATE_CUE_PRECISION


def fact_cue(a: str, b: str) -> tuple[str, float, Difference] | None:
    """A contradiction named by facts alone: ``("count-cue" | "date-cue",
    confidence, the difference)``, or None. Counts first: a toll is the claim a
    reader checks first."""
    conflict = count_conflict(a, b)
    if conflict is not None:
        return "count-cue", FACT_CUE_PRECISION, conflict
    conflict = date_conflict(a, b)
    if conflict is not None:
        return "date-cue", FACT_CUE_PRECISION, conflict
    return None


def add_difference(diffs: list[Difference], d: Difference) -> list[Difference]:
    """``d`` first, then ``diffs`` without what ``d`` restates: the same note, or
    for a count conflict the plain number difference it makes precise ("A counts 7
    people, B counts at least 12" over "A gives 7, B gives 12")."""
    rest = [x for x in diffs if not (x.aspect == d.aspect and (x.note == d.note or d.aspect == "number"))]
    return [d] + rest
