"""Claims: the clauses of an article that assert something, with their source.

    >>> from claimcheck.text.ingest import read_paths
    >>> art = read_paths(["seeds/000_3f1dbae69eb59a09.txt"]).articles[0]   # doctest: +SKIP
    >>> [c.text for c in extract_claims(art)][:1]                           # doctest: +SKIP
    ['الجزائر ترفض المشاركة في عملية عسكرية مع مصر']

What is dropped: boilerplate lines (``lang.BOILERPLATE``), breadcrumbs,
everything after a comment form or related-links block (``lang.ARTICLE_END``),
short bylines, and fragments of fewer than ``MIN_CLAIM_WORDS`` words (headings,
a lone dateline). A dateline prefix ("بنغازي (ليبيا) - ") is cut from the
claim span. The same clause twice in one article (a title repeated as the
first line) is one claim.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from claimcheck import config
from claimcheck.text.lang import (
    ARTICLE_END,
    ATTRIBUTION_PATTERNS,
    ATTRIBUTION_VERBS,
    BOILERPLATE,
    BREADCRUMB_HEADS,
    BYLINES,
    COMPLEMENTIZER,
)
from claimcheck.text.normalize import normalize, normalize_with_offsets
from claimcheck.text.segment import split_clauses, split_long, split_sentences
from claimcheck.types import Article, Claim

# Three-word headings ("تراجع مستوى التنسيق") assert nothing; four-word
# titles usually do ("الجزائر ترفض المشاركة في عملية…").
MIN_CLAIM_WORDS = 4
# A line this short that starts with a byline word is a byline.
MAX_BYLINE_WORDS = 5
# A single-word boilerplate entry ("شارك", "طباعة") only counts on a line this short.
MAX_SHORT_BOILERPLATE_WORDS = 3

_WORD = re.compile(r"[^\W_]+")
# "بنغازي (ليبيا) - ", "الأناضول – ", "القاهرة، 12 يناير - ": up to four words,
# an optional parenthesis, then a dash with space after it. Used with
# Pattern.match(text, pos), which anchors at pos (a "^" would not).
_DATELINE = re.compile(
    r"(?P<head>[^\s\-–—.؛:«“\"()]+(?:[\s،,]+[^\s\-–—.؛:«“\"()]+){0,3})"
    r"\s*(?:\([^()\n]{1,30}\)\s*)?[-–—]\s+"
)


# "وأوضح أن …", "وتابع قائلا إن …": a reporting verb with no named subject
# continues the account of the claim just before it (not of anyone named
# further back: "وقالت إنها …" after an unattributed clause is the subject
# of that clause speaking).
_BARE_REPORT = re.compile(
    r"^(?:و ?)?(?:" + "|".join(ATTRIBUTION_VERBS) + r") (?:قايلا |بقوله )?" + COMPLEMENTIZER + r"(?![^\W\d_])"
)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@lru_cache(maxsize=1)
def _tables() -> tuple:
    norm = lambda xs: tuple(normalize(x) for x in xs)  # noqa: E731
    return (
        norm(BOILERPLATE),
        norm(ARTICLE_END),
        norm(BREADCRUMB_HEADS),
        norm(BYLINES),
        tuple(re.compile(p) for p in ATTRIBUTION_PATTERNS),
    )


def _starts_with(line: str, head: str) -> bool:
    return line == head or (line.startswith(head) and not line[len(head)].isalnum())


def is_boilerplate(line: str) -> bool:
    """Is ``line`` page furniture rather than article text?

    >>> is_boilerplate("لن يتم نشر عنوان بريدك الإلكتروني.")
    True
    >>> is_boilerplate("شاركت الجزائر في الاجتماع الأمني بالقاهرة")
    False
    """
    norm = normalize(line)
    boiler, end, crumbs, _, _ = _tables()
    if any(norm.startswith(head) for head in crumbs):
        rest = norm[len(next(h for h in crumbs if norm.startswith(h))):]
        # "الرئيسيةأخبار…" glued, or "الرئيسية » أخبار", or the bare word.
        if not rest or not rest[0].isspace() or rest.lstrip()[:1] in "»>/|-–":
            return True
    for head in boiler + end:
        if not _starts_with(norm, head):
            continue
        if " " in head or norm == head or _words(norm) <= MAX_SHORT_BOILERPLATE_WORDS:
            return True
    return False


def is_article_end(line: str) -> bool:
    """Does ``line`` open the comment form or related-links block?"""
    norm = normalize(line).rstrip(" :.")
    return norm in _tables()[1]


def _is_byline(line: str) -> bool:
    norm = normalize(line)
    return _words(norm) <= MAX_BYLINE_WORDS and any(_starts_with(norm, b) for b in _tables()[3])


def find_attribution(text: str) -> str | None:
    """The source a clause names, in its original spelling, or None.

    >>> find_attribution("وقد عرضت مصر على الجزائر، حسب مصدر عليم، التعاون")
    'مصدر عليم'
    >>> find_attribution("في تصريحات لوكالة الأناضول، إن الاتفاق تم")
    'وكالة الأناضول'
    """
    norm, offsets = normalize_with_offsets(text)
    best = None
    for order, pattern in enumerate(_tables()[4]):
        m = pattern.search(norm)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), order, m)
    if best is None:
        return None
    m = best[2]
    start, end = offsets[m.start("src")], offsets[m.end("src") - 1] + 1
    src = " ".join(text[start:end].split())  # NBSP runs in web text (seed 002)
    if "def" in m.re.groupindex and m.group("def"):
        src = "ال" + src  # "وفقا للمصدر": the article was merged into the ل
    return src or None


_DATELINE_MAX = 120  # a dateline is a few words; matching further only costs time


def _dateline_end(text: str, start: int, end: int) -> int:
    m = _DATELINE.match(text, start, min(end, start + _DATELINE_MAX))
    if m is None:
        return start
    return m.end()


def _claim_id(article_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{article_id}:{start}:{end}".encode()).hexdigest()[:16]


def extract_claims(
    article: Article,
    max_chars: int | None = None,
    on_split: Callable[[int], None] | None = None,
) -> list[Claim]:
    """Every claim in ``article``, in text order.

    ``article.text[c.start:c.end] == c.text`` holds for each claim. A clause
    without its own attribution inherits the one named earlier in the same
    sentence ("قال المصدر إن …، إلا أن …"), and one that opens with a bare
    reporting verb ("وأوضح أن …") inherits the last source named.

    A clause longer than ``max_chars`` (default ``config.max_claim_chars()``)
    is split at spaces (``segment.split_long``); ``on_split(length)`` is called
    for each such clause, so a caller can say that the bound applied.
    """
    if max_chars is None:
        max_chars = config.max_claim_chars()
    text = article.text
    claims: list[Claim] = []
    seen: set[str] = set()
    last_source: str | None = None
    for si, (s, e) in enumerate(split_sentences(text)):
        line = text[s:e]
        if is_article_end(line):
            break
        if is_boilerplate(line) or _is_byline(line):
            continue
        body = _dateline_end(text, s, e)
        inherited = find_attribution(text[s:body]) if body > s else None
        pieces = []
        for cs, ce in split_clauses(text, body, e):
            if ce - cs > max_chars:
                if on_split is not None:
                    on_split(ce - cs)
                pieces.extend(split_long(text, cs, ce, max_chars))
            else:
                pieces.append((cs, ce))
        for ci, (cs, ce) in enumerate(pieces):
            clause = text[cs:ce]
            if _words(clause) < MIN_CLAIM_WORDS:
                continue
            norm = normalize(clause)
            if norm in seen:
                continue
            seen.add(norm)
            attribution = find_attribution(clause) or inherited
            if attribution is None and _BARE_REPORT.match(norm):
                attribution = last_source
            inherited = attribution
            last_source = attribution  # only the claim right before may be continued
            claims.append(
                Claim(
                    id=_claim_id(article.id, cs, ce),
                    article_id=article.id,
                    sentence_index=si,
                    clause_index=ci,
                    start=cs,
                    end=ce,
                    text=clause,
                    norm=norm,
                    attribution=attribution,
                )
            )
    return claims


# A clause that one outlet prints in this many of its articles is its page
# template (a newsletter box, a login form, a copyright line, a "most read" list),
# not something an article claims. Wire copy that several outlets run is not
# caught: the count is per source.
TEMPLATE_MIN_ARTICLES = 3


def template_claims(claims: Sequence[Claim], source_of: Callable[[str], str | None],
                    min_articles: int = TEMPLATE_MIN_ARTICLES) -> set[int]:
    """Rows of ``claims`` whose normalised text, digits aside, one source
    (``source_of(article_id)``) prints in ``min_articles`` or more of its articles.

    >>> from claimcheck.types import Claim
    >>> mk = lambda i, art, t: Claim(id=str(i), article_id=art, sentence_index=0, clause_index=0,
    ...                              start=0, end=len(t), text=t, norm=t)
    >>> box = "الرجاء إدخال بريدك الإلكتروني للاشتراك"
    >>> cs = [mk(0, "a1", box), mk(1, "a2", box), mk(2, "a3", box), mk(3, "a1", "قتل 12 شخصا في الغارة"),
    ...       mk(4, "a1", "المزيد قبل 9 ساعات"), mk(5, "a2", "المزيد قبل 17 ساعات"), mk(6, "a3", "المزيد قبل 9 ساعات")]
    >>> sorted(template_claims(cs, lambda art: "example.com"))
    [0, 1, 2, 4, 5, 6]
    >>> sorted(template_claims(cs, lambda art: art))  # three outlets printing one line: not a template
    []
    """
    arts: dict[tuple[str, str], set[str]] = {}
    keys = [(source_of(c.article_id) or "", _DIGIT_RUN.sub("#", c.norm)) for c in claims]
    for c, key in zip(claims, keys):
        if key[0]:
            arts.setdefault(key, set()).add(c.article_id)
    return {i for i, key in enumerate(keys) if key[0] and len(arts[key]) >= min_articles}


# a template's counters and timestamps change from page to page ("قبل 9 ساعات")
_DIGIT_RUN = re.compile(r"\d+")
