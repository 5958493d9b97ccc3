"""Findings and what differs between two claims.

``explain(a, b)`` names the concrete differences a reader should check: numbers
(Arabic-Indic or Western digits), dates and weekdays, one-sided negation,
opposing predicates, and actors or places named on one side only. It works on the
normalised form and reports the surface words, so the report can quote them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .text import lang
from .text.normalize import normalize
from .text.normalize import numbers as _scan_numbers  # the one digit reader; counts are read from it here


@dataclass(frozen=True)
class Difference:
    aspect: str  # number | date | negation | predicate | place | actor | subject (not a conflict)
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
    # "decision", "nli" (NLI alone flags it), "predicate-cue", "count-cue", "date-cue", "denial-cue"
    detectors: list[str] = field(default_factory=list)
    shown: bool = True  # in the default view (confidence >= Settings.show_threshold)
    cues: list[str] = field(default_factory=list)  # the named differences (aspects) that back it
    time: dict | None = None  # for "changed over time": {"a", "b" (dates), "later", "reason"} (timeline.py)

    @property
    def explained(self) -> bool:
        """Whether a concrete difference (number, date, negation, opposing
        predicate; ``EXPLAINING_ASPECTS``) backs the finding. An NLI flag
        without one is a weaker lead: on ANS dev, claimcheck-nli-ar.v2's
        contradiction flags were right 90 times out of 96
        with such a difference and 319 out of 384 without (0.94 vs 0.83), and on
        long news sentences most unexplained flags are one story told with other
        details.
        """
        return explains(self.differences)

    @property
    def tier(self) -> int:
        """Kept for readers of older reports: 0 = opposing predicates named, 1 = another
        named difference, 2 = none. Findings are ordered by ``confidence`` now."""
        if "predicate" in self.cues or "predicate-cue" in self.detectors:
            return 0
        return 1 if self.explained else 2


_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _norm_keys(table) -> dict:
    if isinstance(table, dict):
        return {normalize(k): v for k, v in table.items()}
    return {normalize(k): True for k in table}


_WEEKDAYS = _norm_keys(lang.WEEKDAYS)
_MONTHS = _norm_keys(lang.MONTHS)
# "ما", "غير" and friends are as often relative pronouns or "other than" as negations
_AMBIGUOUS_NEG = frozenset({"ما", "لما", "مالم", "غير"})
_NEGATIONS = frozenset(_norm_keys(lang.NEGATIONS)) - _AMBIGUOUS_NEG
# every name of a place (``lang.PLACES`` and ``lang.PLACE_ALIASES``) -> the one it names
_PLACE_KEY = {**{normalize(p): normalize(p) for p in lang.PLACES},
              **{normalize(k): normalize(v) for k, v in lang.PLACE_ALIASES.items()}}
_PLACES = frozenset(_PLACE_KEY)
_TITLES = frozenset(normalize(t) for t in lang.ACTOR_TITLES)
_COUNTERPARTS = frozenset(normalize(t) for t in lang.COUNTERPART_TITLES)
_CLITICS = tuple(sorted({normalize(c) for c in lang.CLITICS}, key=len, reverse=True))
def _merge_by_label(entries) -> tuple:
    """One entry per label: the English and Arabic forms of one opposition are
    two sides of one entry, so "فاجأت" (Arabic) and "notified" (English) oppose."""
    merged: dict[str, tuple[set, set]] = {}
    for a, b, label in entries:
        sa, sb = merged.setdefault(label, (set(), set()))
        sa.update(normalize(x) for x in a)
        sb.update(normalize(x) for x in b)
    return tuple((frozenset(a), frozenset(b), label) for label, (a, b) in merged.items())


_OPPOSING = _merge_by_label(lang.OPPOSING_PREDICATES)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def numbers(text: str) -> list[str]:
    """Numbers in a text, Arabic-Indic digits read as Western; years excluded.

    >>> numbers("قبل انطلاق العمليات بـ10 ساعات و٣ مرات")
    ['10', '3']
    >>> numbers("2017 / 10 / 5 الساعة 20 : 24 - قتل 12 شخصا")
    ['12']
    """
    return [v for _, _, v in number_spans(text) if not _YEAR.match(v)]


def _value(x: float) -> str:
    """A number's value as findings compare and quote it: "12", "3.5", "1250"."""
    return str(int(x)) if x.is_integer() else f"{x:g}"


_CLOCK_OR_NUMERIC_DATE = re.compile(
    r"(?<![\d.,])(?:\d{1,2}\s?:\s?\d{2}(?!\s?%)|\d{1,4}\s?[/-]\s?\d{1,2}\s?[/-]\s?\d{1,4})(?![\d.,]*\d)")


# a page counter is no count: "Page 2 of 55", "صفحة 2 من 55"
_PAGE_COUNTER = re.compile(r"(?i)(?:\d+\s*)?(?:\bpage|صفحة|صفحه|الصفحة|الصفحه)\s*\d+\s*(?:of|من|/)\s*\d+")


# a number with the article is an ordinal or a named figure, not a count: "اليوم الـ40
# من الحصار" (a siege's day counter), "خلال الـ24 ساعة الماضية" (a report's window)
_ORDINAL_BEFORE = re.compile(r"(?:^|(?<=\s)|(?<=[وفبك]))(?:ال|لل)ـ*\s?$")


def number_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of each number that can be a count or an amount, offsets
    into ``text``: the digits ``text.normalize.numbers`` reads, as written ("3.5
    مليون" is 3.5, the scale being the unit), and English number words ("Seven" → 7, "twenty-five"
    → 25). What is not a count is left out: the days and years inside a written
    date ("on Sunday, February 15, 2015", "16 فبراير 2015"), clock times ("الساعة
    20 : 24", a page header's update time), numeric dates ("2017 / 10 / 5"), numbers
    with the article ("اليوم الـ40", ``_ORDINAL_BEFORE``), page counters ("Page 2 of
    55"), and
    Arabic number words ("واحد", "آلاف", "أحد عشر": compounds this reader does
    not parse). Years stay in; callers that want none drop them.

    >>> number_spans("قتل ١٢ شخصا الساعة 20:24 و3 ملايين دولار")
    [(4, 6, '12'), (26, 27, '3')]
    """
    return list(_number_spans(text))


@lru_cache(maxsize=8192)
def _number_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    # one claim is read in every pair it is in, by the cues and the explanations alike
    blank = _without_dates(text)
    # clock times and numeric dates blanked, offsets kept (\d reads every script's digits)
    blank = _CLOCK_OR_NUMERIC_DATE.sub(lambda m: " " * len(m.group(0)), blank.translate(_DIGITS))
    blank = _PAGE_COUNTER.sub(lambda m: " " * len(m.group(0)), blank)
    out = [(n.start, n.end, _value(n.value)) for n in _scan_numbers(blank, words=False)
           if not _ORDINAL_BEFORE.search(blank, max(0, n.start - 6), n.start) and not _labelled(blank, n.start, n.end)]
    out += [(m.start(), m.end(), v) for m, v in _en_number_words(blank)]
    return tuple(sorted(out))


_LABELS = frozenset(normalize(w) for w in lang.NUMBER_LABELS) | frozenset(lang.NUMBER_LABELS)
_NOT_COUNTS = frozenset(normalize(w) for w in lang.NUMBER_NOT_COUNTS)
_MONTH_WORDS = frozenset(k.split()[0] for k in _MONTHS)


def _labelled(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` labels, dates or links rather than
    counts: after a label noun ("حديث 6859", "القرار 2254", "عام 92"), before a
    month ("دمشق / 20 كانون الثاني", a dateline's day) or an era ("92 هجرية"), or
    between slashes ("/ 20171220060841 /", a link's path)."""
    before = _words(text[max(0, start - 20):start])
    after = _words(text[end:end + 25])
    if before and (before[-1] in _LABELS or any(f in _LABELS for f in _strip_clitics(before[-1]))):
        return True
    if after and (after[0] in _MONTH_WORDS or after[0] in _NOT_COUNTS):
        return True
    return text[max(0, start - 3):start].strip().endswith("/") and text[end:end + 3].strip().startswith("/")


_MARKUP = tuple(m.lower() for m in lang.MARKUP_MARKERS)


def is_markup(text: str) -> bool:
    """Whether a claim is a link, page markup or a widget's text ("org / web / … /
    http", "جاري التحميل"): not a statement to compare."""
    low = text.lower()
    return any(m in low for m in _MARKUP)


def _en_number_words(text: str) -> list[tuple[re.Match, str]]:
    """Each English number phrase of ``text`` with its value ("twenty-five" → "25")."""
    out = []
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
        out.append((m, str(total + current)))
    return out


_EN_NUMBERS = {k.lower(): v for k, v in lang.NUMBER_WORDS_EN.items()}
_EN_NUMBER = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?:[-\s]+(?:"
    + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r"))*(?![\w-])", re.IGNORECASE) if _EN_NUMBERS else re.compile(r"(?!)")


def _without_dates(text: str) -> str:
    """``text`` with each written date blanked out (same length, so offsets hold)."""
    from .text.dates import date_spans

    for start, end in date_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _full_dates(text: str) -> dict[str, str]:
    """ISO day -> the date as written, for each full date in ``text`` (dateparser)."""
    from .text.dates import dates_in

    out: dict[str, str] = {}
    for d in dates_in(text):
        out.setdefault(d.iso, d.surface.strip())
    return out


# Per-text readings are cached: analysis reads each claim once for every pair it is
# in (a claim is in ~4-8 candidate pairs), and each pair reads it in several places.
# Pairs come sorted by their first claim, so a small cache holds that side: 2,048
# texts were as fast as 16,384 (~1.5x the uncached speed) at ~1/8 of the memory
# (the 16,384 held ~90 MB more on 35k claims).
_TEXT_CACHE = 1 << 11


@lru_cache(maxsize=_TEXT_CACHE)
def _years(text: str) -> frozenset[str]:
    t = text.translate(_DIGITS)
    return frozenset(m.group(0) for m in re.finditer(r"(?<!\d)(1[89]|20)\d\d(?!\d)", t))


@lru_cache(maxsize=1 << 18)
def _strip_clitics(tok: str) -> tuple[str, ...]:
    # every pair reads each of its claims' words against every table: a day of news
    # asks 56 million times for the forms of a few hundred thousand words
    forms = [tok]
    for c in _CLITICS:
        if tok.startswith(c) and len(tok) - len(c) >= 2:
            forms.append(tok[len(c):])
    return tuple(forms)


_CONTRACTION = re.compile(r"(?<=n)['’]t(?![^\W\d_])")  # "didn't" → "didn", one word (lang.NEGATIONS)


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


_JOINED = {normalize(w): normalize(w)[2:] for w in lang.JOINED_NEGATIONS}


@lru_cache(maxsize=_TEXT_CACHE)
def _word_tuple(text: str) -> tuple[str, ...]:
    out = []
    for w in _WORD.findall(_CONTRACTION.sub("", normalize(text))):
        if w in _JOINED:  # "لاتمثل" -> "لا", "تمثل"
            out.extend(("لا", _JOINED[w]))
        else:
            out.append(w)
    return tuple(out)


def _surface(text: str) -> dict[str, str]:
    """Normalised word -> the word as written (first occurrence), for display."""
    return dict(_surface_items(text))


@lru_cache(maxsize=_TEXT_CACHE)
def _surface_items(text: str) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for tok in text.split():
        for w in _WORD.findall(normalize(tok)):
            out.setdefault(w, tok.strip("«»“”\"'()[]،,.:؛!؟?"))
    return tuple(out.items())


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


def _is_content(w: str) -> bool:
    """A word that says something: not a function word, not digits, with a stem."""
    return w not in _FUNCTION and not w.isdigit() and bool(_stems(w))


def _in(w: str, table: frozenset[str]) -> bool:
    # only the conjunctions as prefixes: "كما" is not "ك" + "ما"
    return w in table or (w[:1] in "وف" and w[1:] in table)


def _is_negation(w: str) -> bool:
    return _in(w, _NEGATIONS)


_DENIALS = frozenset(normalize(w) for w in lang.DENIAL_VERBS)


def is_denial(difference: "Difference") -> bool:
    """Whether a negation difference rests on a verb of denial ("نفت", "denied")
    rather than a particle ("لا", "لم", "دون")."""
    return any(_in(w, _DENIALS) for w in _words(f"{difference.a} {difference.b}"))


_QUESTION_WORDS = frozenset(normalize(w) for w in lang.QUESTION_WORDS)
_DEMONSTRATIVES = frozenset(normalize(w) for w in lang.DEMONSTRATIVES)


def is_question(text: str) -> bool:
    """Whether ``text`` asks rather than asserts: it ends with a question mark or
    opens with an interrogative ("كيف هذا التشدد يساعد الشعب الفلسطيني ?")."""
    t = text.strip().rstrip(".\"'»” ")
    if t.endswith(("?", "؟")):
        return True
    words = _words(text)
    return bool(words) and (words[0] in _QUESTION_WORDS or any(_in(w, _ASKS_ANYWHERE) for w in words))


_ASKS_ANYWHERE = frozenset(normalize(w) for w in lang.QUESTION_ANYWHERE)


_SECOND_PERSON = frozenset(normalize(w) for w in lang.SECOND_PERSON)


def is_addressed(text: str) -> bool:
    """Whether ``text`` addresses the reader ("مهما كان رأيك ..., لا تنكر أنك
    عرفت"): an opinion column's rhetoric, not a report to dispute."""
    return any(_in(w, _SECOND_PERSON) for w in _words(text))


_ORG_HEADS = frozenset(normalize(w) for w in lang.ORGANISATION_HEADS)
_DENIER_HEADS = _ORG_HEADS | frozenset(normalize(w) for w in lang.SOURCE_HEADS)
_NAME_LINKS = frozenset(normalize(w) for w in lang.NAME_LINKS)
_ARTICLES = ("ال", "وال", "فال", "بال", "كال", "لل")


def _names_someone(word: str) -> bool:
    """An organisation's head, a source's ("مصادر") or a title ("الرئيس", "نظيره")."""
    return any(f in _DENIER_HEADS or f in _TITLES or f in _COUNTERPARTS for f in _strip_clitics(word))


def _organisation_names(words: list[str]) -> frozenset[str]:
    """Stems of the words that name an organisation in ``words``: a head
    (``lang.ORGANISATION_HEADS``: "قوات", "حزب"), the word after it when it has no
    article (construct state: "حزب الله", "قوات سوريا") and its modifiers
    ("الديمقراطية", "السورية"), as ``denier_span`` reads a denier. "رفضت الحكومة
    المقترح" names the government, not the proposal."""
    out: set[str] = set()
    n = len(words)
    for i, w in enumerate(words):
        if not any(f in _ORG_HEADS for f in _strip_clitics(w)):
            continue
        out |= _stems(w)
        k = i + 1
        if not w.startswith(_ARTICLES) and k < n and words[k] not in _FUNCTION and not words[k].isdigit():
            out |= _stems(words[k])
            k += 1
        while k < n and words[k] not in _FUNCTION and _modifier(words[k]):
            out |= _stems(words[k])
            k += 1
    return frozenset(out)


def _modifier(word: str) -> bool:
    """A word that specifies the name before it: a nisba, with the article or
    without ("الروسية", "إعلامية"), or a place's word ("لقوات سوريا")."""
    return _nisba(word) or (len(word) >= 5 and word.endswith("يه") and word not in _FUNCTION) \
        or bool(_stems(word) & _place_stems())


def denier_span(words: list[str], i: int) -> int:
    """How many of the words after the verb of denial at ``i`` name who denies
    (VSO): a head that names someone (``lang.ORGANISATION_HEADS``,
    ``lang.SOURCE_HEADS``, a title), the word after it when it has no article
    (construct state: "حزب الله", "وزارة الدفاع"), its modifiers ("الروسية"), and
    whom it belongs or speaks for after a link (``lang.NAME_LINKS``): "نفت مصادر
    إعلامية تابعة لقوات سوريا الديمقراطية | صحة القرار" is 6. 0 when no such head
    follows the verb: what follows is then read as what is denied."""
    n, k = len(words), i + 1
    if k >= n or not _names_someone(words[k]):
        return 0
    while k < n:
        w = words[k]
        if _names_someone(w):
            k += 1
            if not w.startswith(_ARTICLES) and k < n and words[k] not in _FUNCTION:
                k += 1
        elif _modifier(w):
            k += 1
        elif w in _NAME_LINKS and k + 1 < n:
            k += 1
            if not _names_someone(words[k]):
                k += 1
        else:
            break
    return k - i - 1


def denies_only_its_subject(text: str, other: str) -> bool:
    """Whether each denial in ``text`` bears on ``other`` only through the
    denier's own name: "أنكرت حركة أحرار الشام وجود مقاتلين أجانب" shares "حركة
    أحرار الشام" with any claim about the movement, but what it denies (foreign
    fighters) is not there. The subject is a name right after the verb (VSO,
    ``denier_span``; at least three words are skipped after an organisation's
    head), and a denial whose claim ends with its denier ("صدق نفي الحكومة")
    denies nothing here."""
    words, ow = _words(text), _words(other)
    found = False
    for i, w in enumerate(words):
        if not _in(w, _DENIALS):
            continue
        span = denier_span(words, i)
        if not span:
            return False  # a denial without a named denier after it: read as it is
        found = True
        rest = words[i + 1:]
        skip = max(span, 3) if any(f in _ORG_HEADS for f in _strip_clitics(rest[0])) else span
        skip = _past_holders_name(rest, skip, ow)
        theirs = {st for v in ow if v not in _FUNCTION for st in _stems(v)}
        scope = [v for v in rest[skip:] if _is_content(v)][:NEGATION_SCOPE + 1]
        if scope and sum(bool(_stems(v) & theirs) for v in scope) >= min(2, len(scope)):
            return False
    return found


def _past_holders_name(rest: list[str], skip: int, other: list[str]) -> int:
    """``skip`` moved past the name of a titled denier as ``other`` names the same
    title's holder: "نفى وزير الخارجية السعودي | عادل الجبير | وجود أي علاقة" /
    "ممثلة بوزير الخارجية عادل الجبير" (up to three words: a title's holder is
    named by words no head or nisba marks, ``denier_span``). A counterpart ("نظيره
    الروسي فلاديمير بوتين") holds whatever title the other claim names him by
    ("الرئيس الروسي فلاديمير بوتين")."""
    forms = _strip_clitics(rest[0])
    if any(f in _COUNTERPARTS for f in forms):
        titles = _TITLES | _COUNTERPARTS
    else:
        title = next((f for f in forms if f in _TITLES), None)
        if title is None:
            return skip
        titles = frozenset({title})
    held = {v for j, w in enumerate(other) if titles & set(_strip_clitics(w)) for v in other[j + 1:j + 5]}
    k = skip
    while k < min(len(rest), skip + 3) and rest[k] in held and rest[k] not in _FUNCTION:
        k += 1
    return k


_SPEECH = frozenset(normalize(w) for w in (*lang.ATTRIBUTION_VERBS, *lang.SPEECH_VERBS))


@lru_cache(maxsize=_TEXT_CACHE)
def voiced(text: str) -> bool:
    """Whether ``text`` reports what someone says, confirms or denies (a verb of
    ``lang.ATTRIBUTION_VERBS``, ``lang.SPEECH_VERBS``, ``lang.DENIAL_VERBS`` or of
    confirming): "وقال المتحدث باسم قسد ...", "قوات الشهيد أحمد العبدو تنفي ...".
    Two claims of one article neither of which is voiced are the writer's own two
    sentences: an essay's steps ("increase the level, decrease the flow"), a
    narrative's before and after."""
    return any(_in(w, _SPEECH) or _in(w, _DENIALS) or _confirms(w) for w in _words(text))


FIGURE_WORDS = 2


@lru_cache(maxsize=1)
def _amount_forms() -> frozenset[str]:
    """``lang.AMOUNT_WORDS`` normalised, and their stems."""
    words = frozenset(normalize(w) for w in lang.AMOUNT_WORDS)
    return words | frozenset(st for w in words for st in _stems(w))


@lru_cache(maxsize=_TEXT_CACHE)
def says_what_it_counts(text: str) -> bool:
    """Whether ``text`` has ``FIGURE_WORDS`` content words besides its scales and
    currencies: "مقتل 12 جنديا" does, "775 مليار ريال ( 1 ." (a line cut at a
    decimal point) does not: a figure without what it is of compares with nothing."""
    return len(content_stems(text) - _amount_forms()) >= FIGURE_WORDS


def refers_back(text: str) -> bool:
    """Whether a denial in ``text`` denies something named only elsewhere: "نفت
    الهيئة هذه المزاعم", "ونفت ما أعلنته موسكو" (a demonstrative or "ما" within
    four words of the verb). Across articles the thing denied is not the other
    claim but whatever the denying article reported before."""
    words = _words(text)
    return any(_in(w, _DENIALS) and _refers_back_at(words, i) for i, w in enumerate(words))


def _refers_back_at(words: list[str], i: int) -> bool:
    """The denial at ``i`` is of "هذه المزاعم" or "ما ...", within four words."""
    return any(v == "ما" or any(f in _DEMONSTRATIVES for f in _strip_clitics(v)) for v in words[i + 1:i + 5])


_REPORT_NOUNS = frozenset(normalize(w) for w in lang.REPORT_NOUNS)
_DENIED_BACK = frozenset(normalize(w) for w in lang.DENIED_BACK_VERBS)
_BACK_HEADS = frozenset(normalize(w) for w in lang.DENIED_BACK_HEADS)
_BACK_RELATIVES = frozenset(normalize(w) for w in lang.DENIED_BACK_RELATIVES)
_ACCUSATIONS = frozenset(normalize(w) for w in lang.ACCUSATION_WORDS)
_REPORT_STOPS = frozenset(normalize(w) for w in lang.REPORT_STOPS)
_TOPIC_MARKERS = frozenset(normalize(w) for w in lang.REPORT_TOPIC_MARKERS)
REPORT_NOUN_REACH = 16  # words read after a denial for the report noun: a denier's name can be long
DENIED_REPORT_MIN_SHARED = 3
DENIED_REPORT_MIN_COVER = 1 / 3


def _report_ends(w: str) -> bool:
    # the denier's own account begins ("وقالت إنها تبني خنادق", "مؤكدا", "لكن"): not the
    # report's words; a verb of speech inside the report ("التقارير التي تزعم أن") is its own
    return (w[:1] in "وف" and w[1:] in _SPEECH) or _in(w, _REPORT_STOPS) or _in(w, _DENIALS) \
        or _in(w, _DENIED_BACK)


def _report_core(told: list[str]) -> list[str]:
    """What a denied report says, without who said it or the writer's background:
    from its first topic marker on ("... للشيخ صباح | بشأن إلغاء تجميد عضوية سوريا",
    ``lang.REPORT_TOPIC_MARKERS``) or, told before "وهو ما نفاه", from its last report
    noun ("حينما استيقظوا على خبر | إلقاء القبض على الفنان"), up to a relative clause
    of the writer's ("استعادة داعش سيطرته على مدينة البوكمال | , التي تعتبر آخر معقل ...")."""
    start = next((k + 1 for k, v in enumerate(told) if v in _TOPIC_MARKERS), None)
    if start is None:
        start = max((k + 1 for k, v in enumerate(told) if _in(v, _REPORT_NOUNS) and v not in _LIGHT), default=0)
    core = []
    for k, v in enumerate(told[start:], start):
        if k and _in(v, _RELATIVES):
            break  # only the report's own relative ("الأنباء | التي ترددت") is its words
        core.append(v)
    return core


def _report_noun_at(words: list[str], k: int) -> int | None:
    """Where the report a denial at ``k - 1 - span`` names starts: the first report noun
    (or "ما": "نفى ما تناقلته وسائل الإعلام") within ``REPORT_NOUN_REACH`` words, read
    past the rest of a long denier's name ("المندوب الدائم لدولة الكويت ... السفير
    احمد البكر اليوم الثلاثاء تصريحا"). None when the denial is of something else
    first: a complementizer, a copula, a negation, a light noun ("نفى وجود قوات"), a
    verb of speech or a preposition of background ("نفى أن يكون عنصريا بعد تصريحات
    نقلت عنه", "نفى قصف المدينة بعد أنباء")."""
    for j in range(k, min(len(words), k + REPORT_NOUN_REACH)):
        v = words[j]
        if _in(v, _REPORT_NOUNS) or (v == "ما" and j == k):
            return j
        if v in _COMPLEMENTIZERS or _in(v, _COPULAS) or _is_negation(v) or _in(v, _SPEECH) \
                or _in(v, _BACKGROUND) or (_in(v, _LIGHT) and not _in(v, _REPORT_NOUNS)):
            return None
    return None


def _denied_reports(words: list[str]) -> list[tuple[int, list[str]]]:
    """The reports a claim says were denied: (the verb's index, the report's words).

    Told first and denied after ("اتهمت المعارضة النظام باستخدام أسلحة كيميائية وهو
    ما نفته دمشق": the words before "وهو ما", ``lang.DENIED_BACK_VERBS``), or named
    after the verb and its denier ("نفى المندوب الكويتي تصريحا نسبته وسائل الإعلام
    للشيخ صباح بشأن إلغاء تجميد عضوية سوريا": the words after the report noun,
    ``lang.REPORT_NOUNS``), up to the denier's own account (``lang.REPORT_STOPS``, a
    verb of speech). "نفى أن يكون عنصريا بعد تصريحات نقلت عنه" denies being a
    racist: a complementizer before the noun ends the search."""
    out = []
    n = lang.DENIED_REPORT_WORDS
    for i, w in enumerate(words):
        if _in(w, _DENIED_BACK) and i >= 2 and words[i - 1] in _BACK_RELATIVES and _in(words[i - 2], _BACK_HEADS):
            told: list[str] = []
            for v in reversed(words[max(0, i - 2 - n):i - 2]):
                if _in(v, _REPORT_STOPS) or _in(v, _DENIED_BACK):
                    break
                told.append(v)
            out.append((i, told[::-1]))
        elif _in(w, _DENIALS):
            j = _report_noun_at(words, i + 1 + denier_span(words, i))
            if j is not None:
                told = []
                for u in words[j + 1:j + 1 + n]:
                    if _report_ends(u):
                        break
                    told.append(u)
                out.append((i, told))
    return out


def _what_is_said(words: list[str]) -> list[str]:
    """A statement's words without its speaker: after the first topic marker that
    follows a verb of speech ("أعلن الشيخ صباح ... النائب الأول لرئيس مجلس الوزراء |
    عن | إلغاء تجميد عضوية سوريا"), else all of them."""
    verb = next((k for k, v in enumerate(words) if _in(v, _SPEECH)), None)
    if verb is not None:
        for k in range(verb + 1, min(len(words), verb + 2 + lang.SPEAKER_WORDS * 2)):
            if words[k] in _TOPIC_MARKERS:
                return words[k + 1:]
    return words


@lru_cache(maxsize=_TEXT_CACHE)
def _denied_cores(text: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(verb, act, stems of the core) of each report ``text`` says was denied that
    tells an act (``_denied_reports``, ``_report_core``, ``_reported_act``); cached:
    a claim is read in every pair it is in."""
    words = _words(text)
    out = []
    for i, told in _denied_reports(words):
        core = [v for v in _report_core(told) if _is_content(v)]
        act = _reported_act(core)
        if act is not None:
            out.append((words[i], act, frozenset(st for v in core for st in _stems(v))))
    return tuple(out)


@lru_cache(maxsize=_TEXT_CACHE)
def _assertion(text: str) -> tuple[str, ...] | None:
    """The content words of what ``text`` asserts (``_what_is_said``), or None when it
    asserts no report as fact: negated, an accusation, a report or a denied one."""
    words = _words(text)
    if any(_is_negation(v) or _in(v, _ACCUSATIONS) or (_in(v, _REPORT_NOUNS) and v not in _LIGHT)
           or _in(v, _DENIED_BACK) for v in words):
        return None
    return tuple(v for v in dict.fromkeys(_what_is_said(words)) if _is_content(v))


def denied_report(text: str, other: str) -> str | None:
    """The verb by which ``text`` says that what ``other`` asserts was denied, or None.

    What ``other`` says (``_assertion``) must be in what the denied report says
    (``_denied_cores``): its act, at least ``DENIED_REPORT_MIN_SHARED`` of ``other``'s
    content words and ``DENIED_REPORT_MIN_COVER`` of all.
    NLI reads "نفى المندوب الكويتي تصريحا نسبته وسائل الإعلام للشيخ صباح ... بشأن
    إلغاء تجميد عضوية سوريا" as entailing "أعلن الشيخ صباح ... عن إلغاء تجميد عضوية
    سوريا": the report is there word for word, its denial one word before it.
    ``other`` must assert it: not negated, and not itself an accusation or report
    ("تتهم البحرين إيران بمساندة المسلحين" agrees with "... وهو ما تنفيه طهران")."""
    reports = _denied_cores(text)
    if not reports:
        return None
    mine = _assertion(other)
    if mine is None or len(mine) < DENIED_REPORT_MIN_SHARED:
        return None
    for verb, act, stems in reports:
        if not _asserted(act, _words(other)):
            continue
        shared = sum(bool(_stems(v) & stems) for v in mine)
        if shared >= DENIED_REPORT_MIN_SHARED and shared / len(mine) >= DENIED_REPORT_MIN_COVER:
            return verb
    return None


def _reported_act(core: list[str]) -> str | None:
    """The act a report tells, which the other claim must tell too: its first content
    word after any verb of speech ("أشارت إلى | استعادة", "تزعم أن | القوات عبرت"), or
    what an accusation accuses of ("تتهم كييف موسكو | بإرسال قوات"). Names and places
    shared with a report of another act ("نفي تقارير عن | الاندماج بين الجيش السوري
    الحر وجيش النصر في شمال حماة" / "الجيش السوري يسيطر على شمال شرق حماة") are not it."""
    k = 0
    while k < len(core) and _in(core[k], _SPEECH) and not _in(core[k], _ACCUSATIONS):
        k += 1
    if k < len(core) and _in(core[k], _ACCUSATIONS):
        return next((v[1:] for v in core[k + 1:k + 6] if v[:1] == "ب" and len(v) > 3), None)
    return core[k] if k < len(core) else None


def _negations(words: list[str]) -> list[str]:
    return [w for w in words if _is_negation(w)]


_NEGATIVE_MEANING = frozenset(normalize(w) for w in lang.NEGATIVE_MEANING)
_RELATIVES = frozenset(normalize(w) for w in lang.RELATIVE_PRONOUNS)
_CONDITIONALS = frozenset(normalize(w) for w in lang.CONDITIONALS)


def _maybe_negated(words: list[str]) -> bool:
    """Whether a claim without a negation particle negates by a word's meaning or
    may negate (``lang.NEGATIVE_MEANING``: "يتنافى", "وألا")."""
    return any(_in(w, _NEGATIVE_MEANING) for w in words)


def _outside_assertion(words: list[str], i: int) -> bool:
    """Whether the negation at ``i`` describes or supposes rather than asserts: right
    after a relative pronoun, or in a condition (``lang.RELATIVE_PRONOUNS``,
    ``lang.CONDITIONALS``)."""
    return (i > 0 and _in(words[i - 1], _RELATIVES)) or \
        any(_in(v, _CONDITIONALS) for v in words[max(0, i - lang.CONDITION_WINDOW):i])


_UNREALIZED = frozenset(normalize(w) for w in lang.UNREALIZED)
_OTHER_SENSE = {normalize(k): normalize(v) for k, v in lang.PREDICATE_OTHER_SENSE.items()}


def _unrealized_at(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` is marked as not done: "في طريقها الى انتزاع فوز",
    "كاد", "لكي يدرس" (``lang.UNREALIZED`` within ``lang.UNREALIZED_WINDOW`` words before it)."""
    return any(_in(v, _UNREALIZED) for v in words[max(0, i - lang.UNREALIZED_WINDOW):i])


_BACKGROUND = frozenset(normalize(w) for w in lang.BACKGROUND_PREPOSITIONS)
_EARLIER_STAGE = frozenset(normalize(w) for w in lang.EARLIER_STAGE_MARKERS)


def _backgrounded_at(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` follows a temporal preposition ("بعد الهبوط",
    "قبل ان يفاجئ": ``lang.BACKGROUND_PREPOSITIONS``) or is marked as an earlier
    stage ("رفض في البداية": ``lang.EARLIER_STAGE_MARKERS``): an earlier or later act, not
    the one the claim reports."""
    if any(_in(v, _EARLIER_STAGE) for v in words[i + 1:i + 3]):
        return True
    k = i - 1
    if k >= 1 and words[k] in _COMPLEMENTIZERS:
        k -= 1
    return k >= 0 and _in(words[k], _BACKGROUND)


def _unrealized_in(word: str, words: list[str]) -> bool:
    """Whether every use of ``word`` in ``words`` (same stem) is marked as not done."""
    at = [k for k, v in enumerate(words) if _stems(v) & _stems(word)]
    return bool(at) and all(_unrealized_at(words, k) for k in at)


@lru_cache(maxsize=1 << 16)
def _forms_present(words: tuple[str, ...]) -> frozenset[str]:
    """The single-word lexicon forms a claim's words take (``_ALL_FORMS``)."""
    return frozenset(f for w in words for f in _strip_clitics(w) if f in _ALL_FORMS)


PREDICATE_NEGATION_WINDOW = 2  # "لم يرفض", "دون أن يوافق"


def _predicates(words: list[str], side: frozenset[str]) -> set[str]:
    if not (side & _forms_present(tuple(words))) and not any(" " in f for f in side):
        return set()  # most claims use none of an entry's words
    hits = set()
    joined = " " + " ".join(words) + " "
    for form in side:
        if " " in form:  # a multiword form ("أطلق سراح")
            if f" {form} " in joined:
                hits.add(form)
            continue
    for i, w in enumerate(words):
        forms = [f for f in _strip_clitics(w) if f in side]
        if not forms or _unrealized_at(words, i) or _backgrounded_at(words, i):
            continue
        if any(_is_negation(v) for v in words[max(0, i - PREDICATE_NEGATION_WINDOW):i]):
            # "لا يوافق على اعتراف ترمب" refuses as "قرارا يرفض اعتراف ترامب" does: a
            # negated act is not its side (the negation cue reads "لا يوافق" / "يوافق")
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if any(f in _OTHER_SENSE and nxt.startswith(_OTHER_SENSE[f]) for f in forms):
            continue  # "تقبل عليها سوريا": faces, not accepts
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


_FUNCTION = frozenset(normalize(w) for w in lang.FUNCTION_WORDS)
_GLOSSES = {normalize(k): normalize(v) for k, v in lang.GLOSSES_EN_AR.items()}
CONTEXT_WINDOW = 6
CONTEXT_SHARED = 2
AFTER_SHARED = 2
_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه")


@lru_cache(maxsize=1 << 18)
def _stems(word: str) -> frozenset[str]:
    """A word's forms without proclitics and without a possessive/object pronoun."""
    out = set()
    for f in _strip_clitics(word):
        out.add(f)
        for suf in _PRONOUN_SUFFIXES:
            if f.endswith(suf) and len(f) - len(suf) >= 3:
                out.add(f[: -len(suf)])
                break
    return frozenset(f for f in out if len(f) >= 3)


def _context(words: list[str], hits: set[str], window: int = CONTEXT_WINDOW, after_only: bool = False,
             skip_titles: bool = False) -> set[str]:
    """Content-word stems within ``window`` words of the predicate hits (only the
    words after them with ``after_only``; without actor titles with ``skip_titles``)."""
    firsts = {h.split(" ")[0] for h in hits}
    out: set[str] = set()
    for i, w in enumerate(words):
        if w not in firsts and w not in hits:
            continue
        for v in words[(i + 1) if after_only else max(0, i - window): i + window + 1]:
            if v in hits or v in firsts or v in _FUNCTION or v.isdigit() or len(v) < 2 or (skip_titles and v in _TITLES):
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


def _said_of_one_thing(wa: list[str], ha: set[str], wb: list[str], hb: set[str], after: int = AFTER_SHARED) -> bool:
    """Opposing predicates conflict when said of one thing: their contexts are
    shared (``_shared_context``) and what follows each — the object, or in VSO the
    subject — shares a word too. "ووافقت إيران وتركيا على مقترح روسي" / "بالتنسيق مع
    إيران وتركيا وسط رفض أميركي لنتائج الاستفتاء" share إيران and تركيا before the
    refusal, nothing after it: an agreement and someone else's refusal of something
    else. A title is no shared word: "أكد وزير الخارجية" / "نفى وزير الخارجية" are
    two ministers. Within one language two words must follow both verbs (``after``):
    "وأكدت وزارة الدفاع الروسية ان مهمة الجيش الروسي ..." / "الدفاع الروسية تنفي
    المزاعم عن ضربات روسية" confirm one thing and deny another (on ANS stance pairs
    the cue keeps 47 of its 58 "disagree" pairs and 2 of its 4 "agree" ones; every
    one it dropped in two UnifiedFC folds' views was false)."""
    shared = _context(wa, ha, skip_titles=True) & _context(wb, hb, skip_titles=True)
    return len(shared) >= CONTEXT_SHARED and len(_context(wa, ha, after_only=True, skip_titles=True)
                                                 & _context(wb, hb, after_only=True, skip_titles=True)) >= after


# oppositions whose verbs take what they oppose next to them: what rises or falls,
# what is accepted or refused ("وافقت إيران على المقترح" / "رفضت إيران المقترح")
_NEIGHBOUR_BOUND = frozenset({"rise vs fall", "refused vs accepted"})


def _neighbours(words: list[str], hits: set[str], actors: frozenset[str] = frozenset()) -> set[str]:
    """Stems of the two content words right before each hit and the two right after
    it: what rises or falls ("ارتفعت أسعار النفط", "الدولار يتراجع", "هبوط حاد لليرة").
    Words of ``actors`` (an organisation's name: who acts) are passed over."""
    firsts = {h.split(" ")[0] for h in hits}
    out: set[str] = set()
    content = [k for k, v in enumerate(words) if _is_content(v) and not (_stems(v) & actors)]
    for i, w in enumerate(words):
        if w not in firsts and w not in hits:
            continue
        before = [k for k in content if k < i]
        after = [k for k in content if k > i and words[k] not in hits and words[k] not in firsts]
        for k in before[-2:] + after[:2]:  # "هبوط حاد لليرة", "الليرة التركية ترتفع": adjectives
            out |= _stems(words[k])
    return out


def _same_changed_thing(wa: list[str], ha: set[str], wb: list[str], hb: set[str]) -> bool:
    """A rise and a fall (an acceptance and a refusal) conflict when one thing rises
    and falls: a word next to one verb is next to the other ("ارتفعت أسعار النفط" /
    "تراجعت أسعار النفط"). "تراجع النفوذ الأوروبي في الشرق الأوسط" / "أن تزيد من
    الاضطراب ... في الشرق الأوسط" share the region, not what changes: influence fell,
    unrest may grow. "تؤيد إيران موقف الحكومة المركزية" / "وسط رفض داخلي وخارجي واسع
    دفع الحكومة المركزية" share the government, not what is supported and refused.
    On ANS stance pairs (train + dev) the predicate cue keeps 46 of its 47 "disagree"
    pairs and one of its two "agree" ones (gold falls as the dollar recovers: the
    dollar's rise is not gold's; the "disagree" pair it drops opposes Chinese demand's
    fall to oil prices' rise). A place is where, not what: "وافق على هدنة في الغوطة"
    / "رفض الاهالي الغوطة الشرقية ... الانتخابات" accept a truce and refuse elections."""
    # nor is who acts: "وافقت الحكومة السورية على وقف لاطلاق النار" / "رفض وفد الحكومة
    # السورية الخوض في مفاوضات مباشرة" share the government, not what it accepts and refuses
    return bool((_neighbours(wa, ha, _organisation_names(wa)) & _neighbours(wb, hb, _organisation_names(wb)))
                - _place_stems())


@lru_cache(maxsize=1)
def _place_stems() -> frozenset[str]:
    """Stems of the words of ``lang``'s place names (``_PLACES``)."""
    return frozenset(st for p in _PLACES for w in p.split() for st in _stems(w))


NEGATION_SCOPE = 4


def _negation_bears_on(neg_words: list[str], other: list[str], window: int = NEGATION_SCOPE,
                       one_name: bool = False) -> bool:
    """Whether some negation in ``neg_words`` negates what ``other`` says: of the
    content words right after it (``window`` words), two — or all, if fewer — occur
    in ``other`` too. "لم ترتفع أسعار النفط" / "ارتفاع أسعار النفط" shares أسعار and
    النفط; a long report whose "عدم خوض حروب خارجية" has no counterpart in the other
    claim is no negation difference, however many words the two share elsewhere."""
    theirs: set[str] = set()
    for w in other:
        if w not in _FUNCTION:
            theirs |= _stems(w)
    names = _organisation_names(other) if one_name else frozenset()
    for i, w in enumerate(neg_words):
        if not _is_negation(w) or _outside_assertion(neg_words, i):
            continue
        scope = [v for v in neg_words[i + 1: i + 1 + window] if _is_content(v) and not _is_negation(v)]
        # "نفى عسيري وجود نية للتدخل البري" / "أكد العميد عسيري وجود التنسيق": the
        # existence of two things; a light noun is no word the two share
        shared = [v for v in scope if _stems(v) & theirs and not _stems(v) & _LIGHT]
        # with ``one_name`` (a denial against a confirmation: ``denial_bears_on``) an
        # organisation's name is one thing shared, however many words it takes:
        # "ونفى تأكيدات قوات سوريا الديمقراطية أنه تعرض لضغط" shares only the SDF
        # with "أكدت المصادر أن قوات سوريا الديمقراطية تقوم بالتجنيد الإجباري"
        # (the negated word, asserted by ``other``, counts then even as another form:
        # "لم تنسحب قوات سوريا الديمقراطية" / "انسحبت قوات سوريا الديمقراطية").
        # Not for a negation against a plain statement: "تنفي وحدات الحماية كونها
        # جناحا من حزب العمال" / "وحدات حماية الشعب حليف لحزب العمال" (Fold_1,
        # real) is told by the unit's name within the negation's first words.
        in_name = [v for v in shared if _stems(v) & names] if one_name else []
        n_shared = len(shared) - len(in_name) + 1 + (scope[0] not in shared) if in_name else len(shared)
        # the negated word itself (the verb: "لم تحصل") must be asserted by the other
        # claim: "لم تحصل حكومة الوفاق على الثقة" does not deny "دعم حكومة الوفاق";
        # and not negated there too ("ولم تعلن أي جهة مسؤوليتها" in both)
        head = _denied_act(neg_words, i) or (scope[0] if scope else None)
        if scope and _asserted(head, other) and not _negated_in(head, other) and \
                not _unrealized_in(head, other) and \
                (_in(w, _FUTURE_NEGATIONS) or not _future_only_in(head, other)) and \
                n_shared >= min(2, len(scope)):
            return True
    return False


_QAD = normalize("قد")
_COPULAS = frozenset(normalize(w) for w in lang.COPULAS)


def _denied_act(words: list[str], i: int) -> str | None:
    """The verb a denial at ``i`` negates when it is told as "أن يكون (X) قد فعل":
    "نفى أن تكون الجامعة قد منحت سوريا أي مهلة" denies a granting (منحت), whatever
    else the league is said to do. None when the words after it are not so built."""
    rest = words[i + 1: i + 1 + NEGATION_SCOPE + 3]
    if not any(f in _COPULAS for v in rest[:4] for f in _strip_clitics(v)):
        return None
    for k, v in enumerate(rest[:-1]):
        if v == _QAD:
            return rest[k + 1]
    return None


_LIGHT = frozenset(normalize(w) for w in lang.LIGHT_NOUNS)
_FUTURE_NEGATIONS = frozenset(normalize(w) for w in lang.FUTURE_NEGATIONS)
_FUTURE_MARKERS = frozenset(normalize(w) for w in lang.FUTURE_MARKERS)


def _future_only_in(word: str, words: list[str]) -> bool:
    """Whether ``words`` use ``word`` (``_asserted``) only in the future: "سيسمح"
    (س + the imperfect) or after "سوف". "لم تسمح قسد بعودة المدنيين" (has not allowed)
    and "سيسمح بعودة المدنيين عند الانتهاء من إزالة الألغام" (will allow) are two
    times, not one fact told two ways; "لن يسمح" (will not) against it is a conflict
    (``lang.FUTURE_NEGATIONS``, not passed here)."""
    uses = []
    for k, v in enumerate(words):
        if v in _FUNCTION:
            continue
        bare = v[1:] if v[:1] == "س" and v[1:2] in "يتنا" and len(v) >= 5 else ""
        if bare and _asserted(word, [bare]):
            uses.append(True)
        elif _asserted(word, [v]):
            uses.append(k > 0 and _in(words[k - 1], _FUTURE_MARKERS))
    return bool(uses) and all(uses)


def denial_bears_on(a: str, b: str, d: "Difference") -> bool:
    """Whether the denial of a "denied vs confirmed" difference denies what the other
    claim says (``_negation_bears_on``: the words right after the verb — the denier
    in VSO, or what is denied — are the other claim's). "نفى الأمين العام لحزب الله
    حصول حزبه على أسلحة كيميائية" does not deny "وأكد زعيم حزب الله إن القرار
    الأمريكي بداية النهاية لإسرائيل": "أكد" says that, and then anything. Who
    confirms is not what is confirmed (``without_speakers``); a denier who is that
    speaker ("وتنفي حكومة رئيس الوزراء العراقي حيدر العبادي تورط الحشد الشعبي" /
    "أكد رئيس الوزراء العراقي حيدر العبادي أن الحشد الشعبي تورط") is skipped whole."""
    wa, wb = _words(a), _words(b)
    words, other = (wa, wb) if any(_in(w, _DENIALS) for w in _words(d.a)) else (wb, wa)
    other, speaker = without_speakers(other)
    for i, w in enumerate(words):
        if not _in(w, _DENIALS):
            continue
        # the denier may stand first (VSO: "نفت الهيئة ما أعلنته موسكو"): up to
        # DENIER_WORDS words of it are skipped before what is denied, or the other
        # claim's speaker named within SPEAKER_WORDS words and DENIER_WORDS after it
        # a named denier (``denier_span``) is not what is denied: "وينفي حزب الله
        # القتال في اليمن" denies the fighting, not Hezbollah; unless it denies "these
        # claims" (``refers_back``: read only inside one article), which are what its
        # article says of the denier
        span = 0 if _refers_back_at(words, i) else denier_span(words, i)
        skips = {max(span, k) for k in range(DENIER_WORDS + 1)}
        near = range(i + 1, min(len(words), i + 2 + lang.SPEAKER_WORDS))
        named = [k - i for k in near if _stems(words[k]) & speaker]
        if named:
            skips.add(max(named))  # what is denied starts right after the speaker's name
        back = _refers_back_at(words, i)  # "these claims" are the other's, named by who they are of
        for skip in sorted(skips):
            if _negation_bears_on([w] + words[i + 1 + skip:], other, one_name=not back):
                return True
    return False


DENIER_WORDS = 3
_CONFIRMS = next(b for _, b, label in _OPPOSING if label == "denied vs confirmed")
_COMPLEMENTIZERS = frozenset(normalize(w) for w in lang.COMPLEMENTIZERS)


def _confirms(word: str) -> bool:
    """A verb of confirming ("وأكد", "تؤكد"), with any clitic."""
    return any(f in _CONFIRMS for f in _strip_clitics(word))


def without_speakers(words: list[str]) -> tuple[list[str], frozenset[str]]:
    """``words`` without who speaks in them, and the speaker's stems: the words
    between a verb of confirming and its complementizer ("أكد رئيس الوزراء العراقي
    حيدر العبادي أن …", at most ``lang.SPEAKER_WORDS``). A denial bears on what the
    other claim says, not on its speaker: "نفى الأمين العام لحزب الله حسن نصر الله
    حصول حزبه على أسلحة" shares only the speaker with "وأكد زعيم حزب الله حسن نصر
    الله إن القرار الأمريكي بداية النهاية": one man's two statements. A confirmation
    without a complementizer ("أكد الجيش مقتل جنود") is left whole: its subject and
    object are not told apart."""
    drop: set[int] = set()
    for i, w in enumerate(words):
        if not _confirms(w):
            continue
        for k in range(i + 1, min(len(words), i + 2 + lang.SPEAKER_WORDS)):
            if words[k] in _COMPLEMENTIZERS:
                drop.update(range(i + 1, k))
                break
    if not drop:
        return words, frozenset()
    speaker = frozenset(st for n in drop for st in _stems(words[n]) if words[n] not in _FUNCTION)
    return [w for n, w in enumerate(words) if n not in drop], speaker


def _negated_in(word: str, words: list[str]) -> bool:
    """Whether ``words`` negate ``word`` too: it follows an odd run of negations
    ("ولم تعلن"; "لم ينكر الاتصال" affirms it)."""
    for k in range(1, len(words)):
        if not _stems(words[k]) & _stems(word):
            continue
        run = 0
        while k - run - 1 >= 0 and _is_negation(words[k - run - 1]):
            run += 1
        if run % 2:
            return True
    return False


def _skeleton(word: str) -> str:
    forms = [f for f in _stems(word)] or [word]
    w = min(forms, key=len)
    return "".join(ch for ch in w if ch not in "اويىت") or w


_EN_LEMMAS = {k.lower(): v for k, v in lang.IRREGULAR_PAST_EN.items()}


_PARTIES = frozenset(normalize(w) for w in lang.PARTY_NOUNS)


def _names_a_party(word: str) -> bool:
    forms = set(_strip_clitics(word))
    if word.startswith("لل"):
        forms.add("ال" + word[2:])
    return bool(forms & _PARTIES)


def _asserted(word: str, other: list[str]) -> bool:
    """Whether ``other`` uses ``word`` in some form: the same stem, an English
    irregular past and its verb ("met" / "meet", ``lang.IRREGULAR_PAST_EN``), or
    three root-like letters in a row (ترتفع / ارتفاع, تعلن / أعلنت), except in a
    party's name (``lang.PARTY_NOUNS``: المعارضة is no تعارض)."""
    sk = _skeleton(word)
    for v in other:
        if v in _FUNCTION:
            continue
        if _stems(v) & _stems(word) or _EN_LEMMAS.get(v, v) == _EN_LEMMAS.get(word, word):
            return True
        if _names_a_party(v):
            continue
        sv = _skeleton(v)
        if len(sk) >= 3 and len(sv) >= 3 and any(sk[k:k + 3] in sv for k in range(len(sk) - 2)):
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


def _slots(words: list[str], hits: set[str]) -> set[str]:
    """The word before each hit: the slot a place fills ("في", "إلى", "بورصة")."""
    return {words[i - 1] for i, w in enumerate(words) if w in hits and i > 0}


def _same_slot(wa: list[str], ha: set[str], wb: list[str], hb: set[str]) -> bool:
    """A place substitution needs the two places in one slot: "اجتمعوا في الجزائر" /
    "اجتمعوا في تونس". "الغارات في ليبيا فاجأت …" / "إن القاهرة أبلغت …" name two
    places in two roles (where the strikes were, who notified): no difference."""
    return bool(_slots(wa, ha) & _slots(wb, hb))


@lru_cache(maxsize=8192)
def _places(text: str) -> frozenset[str]:
    n = " " + " ".join(_words(text)) + " "
    found = set()
    for p in _PLACES:
        if (p[2:] if p.startswith("ال") else p) not in n:  # most texts name few of the table's places
            continue
        if re.search(rf"\s(?:[وفبلك]{{0,2}}|لل)?{re.escape(p)}\s", n) or (
            p.startswith("ال") and re.search(rf"\s(?:[وفبك]?ل|[وفبك]?بال|[وف]?ال){re.escape(p[2:])}\s", n)
        ):
            found.add(p)
    # "الجزائر" also names the capital; a longer match wins over its parts
    return frozenset(p for p in found if not any(p != q and p in q for q in found))


@lru_cache(maxsize=_TEXT_CACHE)
def _place_keys(text: str) -> frozenset[str]:
    """The places ``text`` names, one key per place however it is written
    ("سورية" and "سوريا", "الولايات المتحدة" and "أمريكا")."""
    return frozenset(_PLACE_KEY[p] for p in _places(text))


def _actors(text: str) -> dict[str, str]:
    """Actors named by a title and the word after it: ``{key: words as found}``.

    The key uses the title without its clitics, so "بالمشير خليفة" and "المشير
    خليفة" are one actor."""
    return dict(_actor_items(text))


@lru_cache(maxsize=_TEXT_CACHE)
def _actor_items(text: str) -> tuple[tuple[str, str], ...]:
    words = _word_tuple(text)
    out: dict[str, str] = {}
    for i, w in enumerate(words[:-1]):
        title = next((f for f in _strip_clitics(w) if f in _TITLES), None)
        if title is None:
            continue
        # "المتحدث باسم الجيش": the word after باسم names whose spokesman; "وزير
        # الخارجية الروسي": the nationality says whose minister (one key per actor,
        # not one for every foreign minister)
        end = i + 2
        if words[i + 1] in _ACTOR_LINKS and end < len(words):
            end += 1
        if end < len(words) and _nisba(words[end]):
            end += 1
        out.setdefault(" ".join([title, *words[i + 1:end]]), " ".join(words[i:end]))
    return tuple(out.items())


_ACTOR_LINKS = frozenset({"باسم"})


def _nisba(word: str) -> bool:
    """A relative adjective with the article ("الروسي", "الروسيه", "الجزايري"): a
    nationality or affiliation that specifies the noun before it."""
    return word.startswith("ال") and len(word) >= 5 and (word.endswith("ي") or word.endswith("يه")) \
        and word not in _FUNCTION


_PERCENT = ("بالمئه", "بالمايه", "المئه", "المايه", "بالمئة", "في المئة", "percent", "%")
_UNIT_STEM = 3


_UNIT_SUFFIXES = ("ات", "ون", "ين", "ان", "ه", "ا")


def _unit_key(word: str) -> str | None:
    """A counted thing's rough root: clitics, a plural / feminine / accusative
    ending and the long vowels dropped, first letters kept, so أشخاص / شخصا,
    ساعات / ساعة and مسيحيين / مسيحيا each give one key."""
    if word in ("%", "٪"):
        return "%"
    st = _stems(word)
    if not st:
        return None
    # the shortest form; of two as short, the one that keeps the word's first letters
    # ("كتابه": كتاب, not تابه), then the alphabet: never the set's (hash-seeded) order
    w = min(st, key=lambda f: (len(f), word.find(f), f))
    for suf in _UNIT_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            w = w[: -len(suf)]
            break
    skeleton = "".join(ch for ch in w if ch not in "اوي")
    skeleton = skeleton if len(skeleton) >= 2 else w
    return skeleton[:_UNIT_STEM] or None


def quantities(text: str) -> dict[str, set[str]]:
    """Numbers keyed by what they count: the first content word after the number
    (its stem's first letters, so ساعة / ساعات are one unit), or % for a percentage.

    >>> quantities("قتل 21 مسيحيا قبل 10 ساعات من الهدنة")
    {'مسح': {'21'}, 'سع': {'10'}}
    >>> quantities("قتل 21 مسيحيا قبل 10 ساعات")  # counted back from the writing: no quantity
    {'مسح': {'21'}}
    """
    out: dict[str, set[str]] = {}
    found = []
    for start, end, v in number_spans(text):
        # a year is no quantity unless it is a percentage ("2000%")
        if _YEAR.match(v) and not re.match(r"\s*[%٪]", text[end:]):
            continue
        unit = _words(text[end:])[:1]
        if unit and unit[0] in _RELATIVE_UNIT_WORDS and _counted_back(text, start, end):
            continue  # "قبل 11 ساعة": when the page was written (``_counts``)
        found.append((end, v))
    for end, v in found:
        rest = text[end:]
        if re.match(r"\s*[%٪]", rest) or any(normalize(rest[:14]).strip().startswith(normalize(p)) for p in _PERCENT):
            key = "%"
        else:
            key = None
            for w in _WORD.findall(normalize(rest[:60])):
                if w in _FUNCTION or len(w) < 2:
                    continue
                key = _unit_key(w)
                break
        if key:
            out.setdefault(key, set()).add(v)
    return out


def unit_word(text: str, key: str) -> str:
    """The word as written that ``quantities`` keyed as ``key`` (for the note)."""
    if key == "%":
        return "%"
    for tok in text.split():
        for w in _WORD.findall(normalize(tok)):
            if _unit_key(w) == key:
                return tok.strip("«»“”\"'()[]،,.:؛!؟?")
    return ""


def _specifier(word: str) -> str | None:
    """A word that says *which* thing its head noun is: a relative adjective
    (العماني, الأردني: "ال…ي") or a place (الكويت, دبي)."""
    forms = _strip_clitics(word)
    for f in forms:
        if f.startswith("ال") and f.endswith("ي") and len(f) >= 6 and f not in _FUNCTION:
            return f
    for f in forms:
        if f in _PLACES or ("ال" + f) in _PLACES:
            return _PLACE_KEY[f if f in _PLACES else "ال" + f]
    return None


def _heads(words: list[str]) -> dict[str, set[str]]:
    """Head-noun stem -> the specifiers right after it ("المؤشر العماني" -> {المؤشر: {العماني}})."""
    out: dict[str, set[str]] = {}
    for w, nxt in zip(words, words[1:]):
        if w in _FUNCTION or _specifier(w):
            continue
        sp = _specifier(nxt)
        if sp is None:
            continue
        for st in _stems(w):
            out.setdefault(st, set()).add(sp)
    return out


def _subjects_clash(wa: list[str], wb: list[str]) -> bool:
    """Whether the two claims speak of different things of one kind: the same
    head noun specified differently on each side, each specifier absent from the
    other claim. "المؤشر العماني تراجع" / "المؤشر الأردني ارتفع" are two exchanges,
    not one disputed fact; "الغارات المصرية فاجأت الجزائر" / "القاهرة أبلغت الجزائر"
    share no specified head and do not clash."""
    return _clash(wa, wb) is not None


def _clash(wa: list[str], wb: list[str]) -> tuple[set[str], set[str]] | None:
    ha, hb = _heads(wa), _heads(wb)
    all_a = {_specifier(w) for w in wa} - {None}
    all_b = {_specifier(w) for w in wb} - {None}
    for head in sorted(ha.keys() & hb.keys()):
        xa, xb = ha[head] - all_b, hb[head] - all_a
        if xa and xb:
            return xa, xb
    return None


def subjects_clash(a: str, b: str) -> bool:
    """``_subjects_clash`` on two texts (the decision vetoes such pairs)."""
    return _subjects_clash(_words(a), _words(b))


@lru_cache(maxsize=_TEXT_CACHE)
def content_stems(text: str) -> frozenset[str]:
    """One stem per content word (function words, digits and one-letter words dropped)."""
    out = set()
    for w in _words(text):
        if w in _FUNCTION or len(w) < 2:
            continue
        st = _stems(w)
        if st:
            out.add(min(st, key=lambda f: (len(f), f)))
    return frozenset(out)


def retold(a: str, b: str, min_shared: int, min_share: float) -> bool:
    """Whether ``b`` can tell what ``a`` tells, by their words: they share at least
    ``min_shared`` content stems, and at least ``min_share`` of the longer claim's.

    A claim told twice keeps most of its words ("الحكومة المصرية تعتقل 14 عضوا في
    حركة حسم" / "اعتقلت الشرطة المصرية 14 عضوا في حركة حسم"). Two short lines that
    share a word or two ("لكن لم ترد تفاصيل أكثر بشأن ذلك" / "لكنه لم يتطرق لتفاصيل
    مضمون الوثيقة") are not one claim, whatever NLI reads into them.

    >>> retold("اعتقلت الشرطة المصرية 14 عضوا في حركة حسم", "الحكومة المصرية تعتقل 14 عضوا في حركة حسم", 3, 0.2)
    True
    >>> retold("لكن لم ترد تفاصيل أكثر بشأن ذلك", "لكنه لم يتطرق لتفاصيل مضمون الوثيقة", 3, 0.2)
    False
    """
    sa, sb = content_stems(a), content_stems(b)
    shared = len(sa & sb)
    return shared >= min_shared and shared >= min_share * max(len(sa), len(sb))


def aligned_overlap(a: str, b: str) -> tuple[float, float]:
    """How well two claims' words align: (share of the shorter claim's content
    stems found in the other, Jaccard of the two stem sets)."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0, 0.0
    inter = len(sa & sb)
    return inter / min(len(sa), len(sb)), inter / len(sa | sb)


_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _letters(text: str) -> tuple[int, int]:
    """How many Arabic and how many Latin letters ``text`` has."""
    return len(_ARABIC.findall(text)), len(_LATIN.findall(text))


def script(text: str) -> str:
    """"ar" when most letters are Arabic, "latin" when most are Latin, else "other"."""
    a, latin = _letters(text)
    if a == latin == 0:
        return "other"
    return "ar" if a >= latin else "latin"


def mixed_script(text: str) -> bool:
    """Whether a claim mixes Arabic and Latin text at length (a page's English
    widget glued to an Arabic line: "Kadyrov summoned … داعش يدعي مقتل 11"): at
    least a quarter of its letters in the script that is not its own; one
    English name in an Arabic sentence is not that)."""
    a, latin = _letters(text)
    return min(a, latin) >= 0.25 * max(a + latin, 1)


def shared_anchors(a: str, b: str) -> int:
    """Same-event evidence: places, actors, numbers and years that both claims name."""
    n = len(_place_keys(a) & _place_keys(b)) + len(_actors(a).keys() & _actors(b).keys())
    n += len(set(numbers(a)) & set(numbers(b))) + len(_years(a) & _years(b))
    return n


# Aspects that explain a finding on their own. An actor "named on one side only"
# does not: news sentences name one person by title or by name (القائد العام /
# المشير خليفة, both Haftar), so on the seeds every actor-only difference was such
# a pair, and on ANS dev actor differences backed 4 contradiction flags in all.
# Nor do a place or a date alone: in a day of news (371 articles, bench/findings.py)
# two places were two events (two provinces' tolls, "exports to Egypt" / "exports to
# China") or one place named two ways (واشنطن / الولايات المتحدة), and two dates or
# weekdays two announcements or two page headers: of 14 place-only and 14 date-only
# shown findings read, none was a real conflict. They stay named in a finding's
# differences, and the decision still reads them; they do not put it in the default view.
EXPLAINING_ASPECTS = ("number", "negation", "predicate")


def explains(diffs: list[Difference]) -> bool:
    """Whether these differences name something that can make two claims conflict."""
    return any(d.aspect in EXPLAINING_ASPECTS for d in diffs)


def explain(a: str, b: str) -> list[Difference]:
    """Concrete differences between two claims, most telling first.

    >>> [d.aspect for d in explain("فاجأت الغارات الجزائر وتونس", "أبلغت القاهرة الجزائر وتونس قبل 10 ساعات")]
    ['predicate']
    """
    diffs: list[Difference] = []
    wa, wb = _words(a), _words(b)
    sa, sb = _surface(a), _surface(b)
    clash = _clash(wa, wb)
    if clash is not None:
        # different subjects of one kind: nothing else they say can conflict
        return [Difference("subject", _show(clash[0], sa), _show(clash[1], sb),
                           "different subjects: not one fact told two ways")]

    # what follows both verbs shares two words ("فاجأت الجزائر وتونس" / "أبلغت الجزائر
    # وتونس"); across languages one, the glosses being few
    one_script = script(a) == script(b)
    after = AFTER_SHARED if one_script else 1
    # what rises and falls is compared within one language (words, not glosses)
    bound = _NEIGHBOUR_BOUND if one_script else frozenset()
    for side_a, side_b, label in _OPPOSING:
        pa1, pb2 = _predicates(wa, side_a), _predicates(wb, side_b)
        pa2, pb1 = _predicates(wa, side_b), _predicates(wb, side_a)
        if (pa1 and pa2) or (pb1 and pb2):
            # one claim says both ("نفت ما أعلنته موسكو وأكدت أنه بصحة جيدة"): the
            # two words are two of its own acts, not its dispute with the other claim
            continue
        if pa1 and pb2 and _said_of_one_thing(wa, pa1, wb, pb2, after) and \
                (label not in bound or _same_changed_thing(wa, pa1, wb, pb2)):
            diffs.append(Difference("predicate", _show(pa1, sa), _show(pb2, sb), label))
        elif pa2 and pb1 and _said_of_one_thing(wa, pa2, wb, pb1, after) and \
                (label not in bound or _same_changed_thing(wa, pa2, wb, pb1)):
            diffs.append(Difference("predicate", _show(pa2, sa), _show(pb1, sb), label))

    # a number differs only between like quantities: the same counted thing or
    # unit on both sides ("21 مسيحيا" / "20 مسيحيا"), said of the same subject;
    # a number given on one side only is a detail, not a difference
    qa, qb = quantities(a), quantities(b)
    for unit in sorted(qa.keys() & qb.keys()):
        va, vb = qa[unit], qb[unit]
        if va & vb or not (va and vb):
            continue
        if script(a) == script(b) and not _same_counted_event(_contexts_of(a, va), _contexts_of(b, vb)):
            continue  # "97 مليون دولار للمؤسسات الخيرية" / "20 مليون دولار لأنشطة الوقاية"
        if _unlike_roles(_count_roles(a, va), _count_roles(b, vb)) or _two_places(a, va, b, vb):
            continue  # executed / killed in an attack; 5 in Deir ez-Zor / 4 in Maarat al-Numan
        diffs.append(Difference("number", ", ".join(sorted(va)), ", ".join(sorted(vb)),
                                f"A gives {', '.join(sorted(va))}, B gives {', '.join(sorted(vb))} "
                                f"({unit_word(a, unit) or unit})"))
        break

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
    if len(nega) % 2 != len(negb) % 2 and not _maybe_negated(wb if len(nega) % 2 else wa) and (
            _negation_bears_on(wa, wb) if len(nega) % 2 else _negation_bears_on(wb, wa)):
        diffs.append(Difference(
            "negation", " ".join(sa.get(w, w) for w in nega), " ".join(sb.get(w, w) for w in negb),
            "A is negated, B is not" if len(nega) % 2 else "B is negated, A is not"))

    pa, pb = _places(a), _places(b)
    ka, kb = {_PLACE_KEY[p] for p in pa}, {_PLACE_KEY[p] for p in pb}
    only_a, only_b = {p for p in pa if _PLACE_KEY[p] not in kb}, {p for p in pb if _PLACE_KEY[p] not in ka}
    if only_a and only_b and _same_slot(wa, _place_hits(wa, only_a), wb, _place_hits(wb, only_b)) \
            and _shared_context(wa, _place_hits(wa, only_a), wb, _place_hits(wb, only_b)):
        diffs.append(Difference("place", _show(only_a, sa), _show(only_b, sb),
                                "places named on one side only"))
    aa, ab = _actors(a), _actors(b)
    if aa.keys() - ab.keys() and ab.keys() - aa.keys():
        diffs.append(Difference("actor", _show({aa[k] for k in aa.keys() - ab.keys()}, sa, "; "),
                                _show({ab[k] for k in ab.keys() - aa.keys()}, sb, "; "),
                                "actors named on one side only"))
    return diffs


_UNITS = {cls: frozenset(normalize(w) for w in forms) for cls, forms in
          lang.QUANTITY_UNITS.items()}
_LOWER_BOUNDS = tuple(normalize(x) for x in lang.LOWER_BOUNDS)
_LOWER_BOUNDS_AFTER = tuple(normalize(x) for x in lang.LOWER_BOUNDS_AFTER)


def counts(text: str) -> dict[str, list[tuple[float, bool]]]:
    """Counts in ``text`` by what they count (``lang.QUANTITY_UNITS``):
    ``{class: [(value, is_lower_bound), …]}``.

    >>> counts("At least 12 people were killed, ten hours after the warning")
    {'people': [(12.0, True)], 'hours': [(10.0, False)]}
    """
    out: dict[str, list[tuple[float, bool]]] = {}
    for cls, value, bound, *_ in _counts(text):
        out.setdefault(cls, []).append((value, bound))
    return out


_ROLES = {role: frozenset(normalize(w) for w in forms) for role, forms in lang.COUNT_ROLES.items()}
_RELATIVE_UNITS = frozenset(lang.RELATIVE_TIME_UNITS)
_RELATIVE_UNIT_WORDS = frozenset(w for c in _RELATIVE_UNITS for w in _UNITS[c])
_RELATIVE_BEFORE = frozenset(normalize(w) for w in lang.RELATIVE_TIME_BEFORE)
_RELATIVE_FROM = frozenset(normalize(w) for w in lang.RELATIVE_TIME_FROM)
_RELATIVE_AFTER = frozenset(normalize(w) for w in lang.RELATIVE_TIME_AFTER)


def _counted_back(text: str, start: int, end: int) -> bool:
    """Whether the count of hours or days at ``text[start:end]`` is counted back from
    the writing (``lang.RELATIVE_TIME_BEFORE``): "قبل 11 ساعة", "منذ 3 أيام", "two
    hours ago"; not "قبل 10 ساعات من انطلاق العمليات" (counted from the operations)."""
    after = _words(text[end:])[:3]
    if any(w in _RELATIVE_AFTER for w in after[:2]):
        return True
    before = _words(text[max(0, start - 30):start])[-1:]
    return bool(before) and any(f in _RELATIVE_BEFORE for f in _strip_clitics(before[-1])) and not (
        len(after) > 1 and after[1] in _RELATIVE_FROM)


def _role(words: list[str]) -> str | None:
    """What happened to the people counted (``lang.COUNT_ROLES``): killed, wounded."""
    return next((r for w in words for r, forms in _ROLES.items() if any(f in forms for f in _strip_clitics(w))), None)


@lru_cache(maxsize=8192)
def _counts(text: str) -> tuple[tuple[str, float, bool, frozenset[str], str | None, str | None], ...]:
    """(class, value, is_lower_bound, context stems, role, first place after it) of
    each count in ``text``; cached, as ``_number_spans``: a claim is read in every
    pair it is in, by the explanation and the count cue alike."""
    out = []
    win = lang.QUANTITY_WINDOW
    for pos, end, value in number_spans(text):
        if _YEAR.match(value):
            continue
        before = normalize(text[max(0, pos - 30):pos])
        after = _words(text[pos:])[1: 1 + win] if not text[pos].isdigit() else _words(text[pos:])[:win]
        near = after + _words(before)[-1:]
        cls = next((c for w in near for c, forms in _UNITS.items()
                    if any(f in forms for f in _strip_clitics(w))), None)
        if cls is None or _is_percent(text, end):
            continue  # "15 % of their fighters" is a share, not a count of people
        if cls in _RELATIVE_UNITS and _counted_back(text, pos, end):
            continue  # "قبل 11 ساعة": when the page was written, not what happened
        tail = normalize(text[pos:pos + 40])
        lead = next((b for b in _LOWER_BOUNDS if before.rstrip().endswith(b)), None)
        bound = lead is not None or any(b in tail[:30] for b in _LOWER_BOUNDS_AFTER)
        # the nearest word that says it: "مقتل 20 شخصا , وإصابة 30" counts 20 dead;
        # read past a lower bound: "قتل ما لا يقل عن 328 شخصا وأصيب أكثر من 2500"
        # counts 328 dead (its "يقل" is no "aboard", its next clause's "وأصيب" not its own)
        said = before.rstrip()[:-len(lead)] if lead else before
        role = _role(_words(said)[-1:] + after + _words(said)[-2:-1]) if cls == "people" else None
        out.append((cls, float(value), bound, frozenset(_count_context(text, pos, end)), role,
                    _first_place(text, end)))
    return tuple(out)


# what a count is of: the content words just before the number and after it
# (the event: "في هجوم بسيارة ملغومة على النازحين"), not the counted unit itself
COUNT_CONTEXT_BEFORE, COUNT_CONTEXT_AFTER, COUNT_CONTEXT_SHARED = 40, 80, 3
_UNIT_WORDS = frozenset(f for forms in _UNITS.values() for f in forms) | frozenset(
    normalize(w) for w in lang.AMOUNT_WORDS)
_UNIT_STEMS = frozenset(st for w in _UNIT_WORDS for st in _stems(w))


_COUNT_SOURCES = re.compile("|".join(re.escape(normalize(x)) for x in sorted(lang.COUNT_SOURCES, key=len, reverse=True)))


def _count_context(text: str, start: int, end: int) -> set[str]:
    near = text[max(0, start - COUNT_CONTEXT_BEFORE):start] + " " + text[end:end + COUNT_CONTEXT_AFTER]
    near = _COUNT_SOURCES.sub(" ", normalize(near))  # who counts is not what is counted
    return {w for w in content_stems(near) if w not in _UNIT_STEMS and w not in _UNIT_WORDS}


def _contexts_of(text: str, values: set[str]) -> set[str]:
    """The words around the numbers of ``text`` with these values (``_count_context``)."""
    out: set[str] = set()
    for start, end, v in number_spans(text):
        if v in values:
            out |= _count_context(text, start, end)
    return out


def _same_counted_event(ca: set[str], cb: set[str]) -> bool:
    """Two counts are of one event when the words around them share three content
    stems (or all of the fewer there are: "Seven people died" has none to compare;
    two are often only the source, "وثق المرصد").
    "مقتل 34 مدنيا في غارات روسية استهدفت عبارات" / "مقتل 48 طفلا وامرأة في قصف
    التحالف" count two strikes' dead; "قتلوا 50 شخصا في هجوم ... بين النازحين في
    شمال شرق سوريا" / "مقتل 20 شخصا ... بموقع للنازحين شرق سوريا" one attack's."""
    return len(ca & cb) >= min(COUNT_CONTEXT_SHARED, len(ca), len(cb))


def _unlike_roles(x: set, y: set) -> bool:
    """Counts of different roles: the dead and the wounded; an execution's count
    is compared only with an execution's ("أعدموا 23" / "26 ق تلوا", the role word
    broken in the crawl)."""
    return bool(x and y and not x & y) or (("executed" in x) != ("executed" in y))


def _is_percent(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` is a percentage ("15 %", "30 في المائة")."""
    nxt = normalize(text[end:end + 16]).lstrip()
    return nxt.startswith(_PERCENT_NORM)


_PERCENT_NORM = tuple(normalize(p) for p in _PERCENT + ("٪", "في المائة", "بالمائة", "per cent"))


def count_conflict(a: str, b: str) -> Difference | None:
    """A difference between like quantities: both claims count the same thing
    (people killed, hours of notice) of the same event (``_same_counted_event``;
    not read across scripts) and no count of one fits a count of the other. "At
    least 12 were killed" / "Seven people died" conflict; "at least 12" / "15 were
    killed" do not (a lower bound is met by more).

    >>> count_conflict("At least 12 people were killed", "Seven people died").note
    'A counts at least 12 people, B counts 7'
    """
    ra, rb = _counts(a), _counts(b)
    one_script = script(a) == script(b)

    def fits(x: tuple[float, bool], y: tuple[float, bool]) -> bool:
        (vx, lx), (vy, ly) = x, y
        return vx == vy or (lx and vy >= vx) or (ly and vx >= vy) or (lx and ly)

    if different_parts(a, b):
        return None  # two districts' or two fronts' counts
    ka, kb = _place_keys(a), _place_keys(b)

    def alike(x, y) -> bool:  # the dead are not compared with the wounded, nor two places' counts
        return not _unlike_roles({x[4]} - {None}, {y[4]} - {None}) and not _apart(
            {x[5]} - {None}, {y[5]} - {None}, ka, kb)

    def two_scopes(xs) -> bool:
        # one claim's two tolls of one kind ("قتل 13 شخصا ... وأعلن مقتل 712 شخصا في
        # شهر نيسان": a day's and a month's) are of two scopes: a third toll is no
        # conflict with either (Fold_2 view: a UN toll of another month, 319)
        seen: dict = {}
        for _, v, _lower, _ctx, role, *_ in xs:
            seen.setdefault(role, set()).add(v)
        return any(len(vs) > 1 for vs in seen.values())

    for cls in sorted({r[0] for r in ra} & {r[0] for r in rb}):
        xa = [r for r in ra if r[0] == cls]
        xb = [r for r in rb if r[0] == cls]
        if two_scopes(xa) or two_scopes(xb):
            continue
        pairs = [(x, y) for x in xa for y in xb if alike(x, y)]
        if not pairs or (one_script and not any(_same_counted_event(x[3], y[3]) for x, y in pairs)):
            continue
        if not any(fits(x[1:3], y[1:3]) for x, y in pairs):
            fa = ", ".join(("at least " if lx else "") + f"{vx:g}" for _, vx, lx, *_ in xa)
            fb = ", ".join(("at least " if ly else "") + f"{vy:g}" for _, vy, ly, *_ in xb)
            return Difference("number", fa, fb, f"A counts {fa} {cls}, B counts {fb}")
    return None


def date_conflict(a: str, b: str) -> Difference | None:
    """Two claims that date one thing differently: full dates ("16 فبراير 2015" /
    "February 15, 2015") or weekdays ("الاثنين" / "Sunday") differ, and the words
    around the dates are the same in both (two content words within
    ``CONTEXT_WINDOW``, English glossed to Arabic), so the dates are said of the
    same event. A claim that also names the other's date or weekday ("closed on
    Monday ..., the office said late on Sunday") dates something else besides: no conflict."""
    wa, wb = _words(a), _words(b)
    da, db = _full_dates(a), _full_dates(b)
    if da and db and not set(da) & set(db):
        ha = {w for s_ in da.values() for w in _words(s_)}
        hb = {w for s_ in db.values() for w in _words(s_)}
        if _shared_context(wa, ha, wb, hb):
            return Difference("date", "; ".join(da.values()), "; ".join(db.values()), "dates differ")
    ka, kb = _lookup(wa, _WEEKDAYS), _lookup(wb, _WEEKDAYS)
    if ka and kb and not {_WEEKDAYS[x] for x in ka} & {_WEEKDAYS[x] for x in kb}:
        ha = {w for w in wa if any(f in ka for f in _strip_clitics(w))}
        hb = {w for w in wb if any(f in kb for f in _strip_clitics(w))}
        if _shared_context(wa, ha, wb, hb):
            return Difference("date", _show(ka, _surface(a)), _show(kb, _surface(b)), "weekdays differ")
    return None


def different_occasions(a: str, b: str) -> bool:
    """Whether two claims are dated to different occasions: both give full dates,
    or years, or months, or weekdays, and none is shared. Counts said of two days
    ("12 قتيلا يوم الاثنين" / "7 قتلى يوم الثلاثاء", a timeline's entries, two
    years' figures) are two tolls, not one disputed.

    >>> different_occasions("قتل 12 شخصا يوم الاثنين", "قتل 7 أشخاص يوم الثلاثاء")
    True
    >>> different_occasions("قتل 12 شخصا يوم الاثنين", "قتل 7 أشخاص")
    False
    """
    da, db = _full_dates(a), _full_dates(b)
    if da and db and not set(da) & set(db):
        return True
    ya, yb = _years(a), _years(b)
    if ya and yb and not ya & yb:
        return True
    wa, wb = _words(a), _words(b)
    for table in (_MONTHS, _WEEKDAYS):
        ka, kb = _lookup(wa, table), _lookup(wb, table)
        if ka and kb and not {table[x] for x in ka} & {table[x] for x in kb}:
            return True
    return False


_PERIOD = frozenset(normalize(w) for w in lang.PERIOD_MARKERS)


def different_periods(a: str, b: str) -> bool:
    """Whether one claim counts over a period and the other does not: "مقتل 1117
    مدنيا ... منذ ال 5 من حزيران" is a campaign's total, "قتل 12 بينهم 5 أطفال" one
    day's. Their numbers are not one figure told twice."""
    pa = any(_in(w, _PERIOD) for w in _words(a))
    pb = any(_in(w, _PERIOD) for w in _words(b))
    return pa != pb


def _first_place(text: str, start: int) -> str | None:
    """The key of the first place named in the count context after ``start``."""
    seg = normalize(text[start:start + COUNT_CONTEXT_AFTER])
    found = [(seg.find(p[2:] if p.startswith("ال") else p), _PLACE_KEY[p]) for p in _places(seg)]
    found = [f for f in found if f[0] >= 0]
    return min(found)[1] if found else None


def _count_places(text: str, values: set[str]) -> set[str]:
    """The first place named after each number of ``text`` with these values."""
    out = set()
    for start, end, v in number_spans(text):
        if v in values:
            p = _first_place(text, end)
            if p:
                out.add(p)
    return out


def _apart(pa: set[str], pb: set[str], ka: set[str], kb: set[str]) -> bool:
    """Whether counts whose places are ``pa`` / ``pb`` (the place named right after
    each) are of two places: both are named, and neither claim names the other's
    at all (``ka`` / ``kb``: every place each claim names). "5 في محافظة دير الزور" /
    "4 على مدينة معرة النعمان" are; "276 قتيلا ... في تفجير الصومال" / "231 قتيلا
    بتفجير مقديشو" are not, A naming Mogadishu too."""
    return bool(pa and pb and not (pa & kb or pb & ka))


def _two_places(a: str, va: set[str], b: str, vb: set[str]) -> bool:
    """``_apart`` for the numbers of ``a`` and ``b`` with these values, or two parts
    of a place (``different_parts``)."""
    return _apart(_count_places(a, va), _count_places(b, vb), _place_keys(a), _place_keys(b)) or \
        different_parts(a, b)


_PARTS = {normalize(k): v for k, v in lang.PLACE_PARTS.items()}


@lru_cache(maxsize=_TEXT_CACHE)
def _parts(text: str) -> frozenset[str]:
    """The parts of a place ``text`` names (``lang.PLACE_PARTS``): "الجانب الأيسر" -> left."""
    return frozenset(_PARTS[f] for w in _words(text) for f in _strip_clitics(w) if f in _PARTS)


def different_parts(a: str, b: str) -> bool:
    """Whether the two claims name parts of places and no part in common: "مقتل 80
    داعشيا خلال عمليات لتطهير أحياء في الجانب الأيسر لمدينة الموصل" / "مقتل 115
    مسلحا خلال عملياتها لتطهير مدينة الموصل القديمة" count two operations' dead."""
    pa, pb = _parts(a), _parts(b)
    return bool(pa and pb and not pa & pb)


def _count_roles(text: str, values: set[str]) -> set[str]:
    """The roles (``lang.COUNT_ROLES``) of the counts of ``text`` with these values."""
    return {r[4] for r in _counts(text) if r[4] is not None and _value(r[1]) in values}


def different_places(a: str, b: str) -> bool:
    """Whether both claims name places and none is shared: "32 killed in Idlib" /
    "20 killed in North Sinai" are two events' tolls; or two sites under one head
    (``different_sites``)."""
    pa, pb = _place_keys(a), _place_keys(b)
    return bool(pa and pb and not pa & pb) or different_sites(a, b)


_SITE_HEADS = frozenset(normalize(w) for w in lang.SITE_HEADS)


@lru_cache(maxsize=_TEXT_CACHE)
def _sites(text: str) -> tuple[tuple[str, str], ...]:
    """(head, name) of each site ``text`` names: a head of ``lang.SITE_HEADS``
    without the article (construct state) and the content words after it, up to
    two, joined without spaces ("كنيسة مار مينا" -> ("كنيسة", "مارمينا"))."""
    words = _words(text)
    out = []
    for i, w in enumerate(words):
        head = next((f for f in _strip_clitics(w) if f in _SITE_HEADS), None)
        if head is None or w.startswith(_ARTICLES):
            continue  # "المستشفى الميداني": a described site, not a named one
        name = []
        for v in words[i + 1:i + 3]:
            if v in _FUNCTION or v.isdigit() or not _WORD.fullmatch(v) or (name and _modifier(v)):
                break  # a nisba after the name describes it: "كنيسة مار مينا القبطية"
            name.append(v[2:] if v.startswith("ال") and len(v) > 4 else v)
        if name:
            out.append((head, "".join(name)))
    return tuple(out)


def different_sites(a: str, b: str) -> bool:
    """Whether the claims name two different sites under one head and none in
    common: "هجوم على كنيسة مار مينا" / "انفجار استهدف كنيسة مارجرس في طنطا" are two
    attacks. Names match when one spells the start of the other ("مار جرجس" /
    "مارجرجس", "مدينة حلب" / "مدينة حلب الشرقية")."""
    sa, sb = _sites(a), _sites(b)
    if not (sa and sb):
        return False
    heads = {h for h, _ in sa} & {h for h, _ in sb}
    if not heads:
        return False
    for h in heads:
        na, nb = {n for g, n in sa if g == h}, {n for g, n in sb if g == h}
        if any(x.startswith(y) or y.startswith(x) for x in na for y in nb):
            return False
    return True


# Confidence of a finding that rests on a count or date conflict alone (the NLI
# model read the pair as neutral or as entailment: "Seven people died" / "At least
# 12 were killed", and most pairs across languages). On ANS stance pairs the cues
# fire 4 times in 3,407, all "disagree"; on real news they fire between tolls of
# different events: at 0.75 (the predicate cue's precision) they alone showed 17
# findings in two UnifiedFC views (371 and 602 articles), 1 of them real (two
# tolls of one attack). At 0.5 a count conflict shows a finding only where the
# regression itself gives it 0.4 or more (noisy-or to the 0.7 shown).
FACT_CUE_PRECISION = 0.5
FACT_CUE_ACROSS_SCRIPTS = 0.75
# Confidence of a finding that rests on a report and its denial (``denial_of_report``:
# "نفى ... تصريحا نسبته للشيخ صباح بشأن إلغاء تجميد عضوية سوريا" against the
# statement told as fact). NLI reads such pairs as entailment (the report is there
# word for word) or as a contradiction the regression discounts. Set at the
# opposing-predicate cue's 0.75 (``decision.PREDICATE_CUE_PRECISION``): read on real
# news it fired 3 times, all real (in UnifiedFC dev's 1,842 claim-article pairs on
# 2 claims' articles, gold "disagree" and a "discuss" article denying al-Baghdadi's
# death; in the three views once, that death against its denial).
DENIAL_CUE_PRECISION = 0.75


def fact_cue(a: str, b: str) -> tuple[str, float, Difference] | None:
    """A contradiction named by facts alone: ``("count-cue" | "date-cue" |
    "denial-cue", confidence, the difference)``, or None. Counts first: a toll is
    the claim a reader checks first."""
    # across languages the cues keep the weight they had: NLI reads most such pairs
    # as agreement, and the real-news views that lowered it were all in Arabic
    across = script(a) != script(b) and not (mixed_script(a) or mixed_script(b))
    weight = FACT_CUE_ACROSS_SCRIPTS if across else FACT_CUE_PRECISION
    conflict = count_conflict(a, b)
    if conflict is not None:
        return "count-cue", weight, conflict
    conflict = date_conflict(a, b)
    if conflict is not None:
        return "date-cue", weight, conflict
    conflict = denial_of_report(a, b)
    if conflict is not None:
        return "denial-cue", DENIAL_CUE_PRECISION, conflict
    return None


def denial_of_report(a: str, b: str) -> Difference | None:
    """The negation difference of a claim that says the other's report was denied
    (``denied_report``), either way round."""
    for text, other, side in ((b, a, "B"), (a, b, "A")):
        verb = denied_report(text, other)
        if verb is not None:
            shown = _surface(text).get(verb, verb)
            return Difference("negation", shown if side == "A" else "", shown if side == "B" else "",
                              f"{side} says that what {'A' if side == 'B' else 'B'} states was denied")
    return None


def add_difference(diffs: list[Difference], d: Difference) -> list[Difference]:
    """``d`` first, then ``diffs`` without what ``d`` restates: the same note, or
    for a count conflict the plain number difference it makes precise ("A counts 7
    people, B counts at least 12" over "A gives 7, B gives 12")."""
    rest = [x for x in diffs if not (x.aspect == d.aspect and (x.note == d.note or d.aspect == "number"))]
    return [d] + rest
