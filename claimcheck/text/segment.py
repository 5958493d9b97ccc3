"""Sentence and clause spans, Arabic-aware, as offsets into the original text.

    >>> text = "ارتفع المؤشر 3.5 نقطة. وقال د. أحمد: «انتهى الأمر.» هل انتهى؟"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['ارتفع المؤشر 3.5 نقطة.', 'وقال د. أحمد: «انتهى الأمر.»', 'هل انتهى؟']

Spans are ``(start, end)`` with ``text[start:end]`` trimmed of whitespace, so a
claim built from a span can always be shown verbatim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimcheck.text.lang import ABBREVIATIONS, CLAUSE_MARKERS, QUOTES, SENTENCE_END
from claimcheck.text.normalize import DECIMAL_UNIT_AHEAD, normalize, normalize_with_offsets

# A clause shorter than this is not a claim on its own; it is merged back.
MIN_CLAUSE_WORDS = 5

# Closing marks that belong to the sentence they follow: «…انتهى.» stays whole.
# Marks that only ever close ("»", "›") are absorbed outright; the double
# quotes that may open or close (“ ” " „ — web text uses ” on both sides)
# are absorbed only when they balance an odd count in the sentence so far.
_CLOSERS = frozenset(c for c in QUOTES.values() if c not in QUOTES) | frozenset("’)]}")
_DOUBLE_QUOTES = frozenset('"“”„')
_SPACE_OR_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u061c]")
_SINGLE_LETTER_DOTS = re.compile(r"^(?:\w\.)+\w?\.?$")


def _is_blank(ch: str) -> bool:
    return bool(_SPACE_OR_INVISIBLE.match(ch))


def _trim(text: str, start: int, end: int, extra: str = "") -> tuple[int, int]:
    while start < end and (_is_blank(text[start]) or text[start] in extra):
        start += 1
    while end > start and (_is_blank(text[end - 1]) or text[end - 1] in extra):
        end -= 1
    return start, end


# No abbreviation, initial or era mark is longer; looking further back only made
# a long run of dotted text ("a.a.a.…") quadratic.
_WORD_LOOKBACK = 64


def _word_before(text: str, i: int) -> str:
    """The whitespace-delimited token that ends at ``text[i]`` (inclusive), at
    most ``_WORD_LOOKBACK`` characters of it."""
    j = i
    stop = max(0, i - _WORD_LOOKBACK)
    while j > stop and not _is_blank(text[j - 1]):
        j -= 1
    return text[j : i + 1]


_ERA_MARKS = frozenset({"م.", "هـ.", "ه.", "ق.م."})  # "عام 2011 م." ends a sentence

# Crawled pages tokenised with spaces around punctuation write "2.8" as "2 . 8":
# one to three digits (no leading zero), " . ", digits, then a percentage, scale,
# currency or measure (``lang.DECIMAL_UNITS``). A year ("عام 2015 . 3 أشخاص"), a
# date's or a clock's last field ("2017 / 10 / 5 .", "20 : 24 .") before the dot,
# a dotted date ("07 . 10 . 2017") or a count after it ("12 . 5 منهم أطفال") still
# end a sentence.
_SPACED_DECIMAL_LEFT = re.compile(r"(?:^|[^\S\n]|[(«\"])((?!0\d)\d{1,3}) $")
_SPACED_DECIMAL_RIGHT = re.compile(r" \d+(?!\d)" + DECIMAL_UNIT_AHEAD)


def _spaced_decimal(text: str, i: int) -> bool:
    """Is the dot at ``text[i]`` the decimal point of a spaced number ("2 . 8")?"""
    left = _SPACED_DECIMAL_LEFT.search(text, max(0, i - 6), i)
    if left is None or not _SPACED_DECIMAL_RIGHT.match(text, i + 1):
        return False
    before = text[max(0, left.start(1) - 3):left.start(1)].rstrip()
    return not before.endswith(("/", ":", ".", ","))


def _is_stop(text: str, i: int) -> bool:
    """Does the punctuation at ``text[i]`` end a sentence?"""
    ch = text[i]
    if ch not in SENTENCE_END:
        return False
    if ch != ".":
        return True
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev == " " and nxt == " " and _spaced_decimal(text, i):
        return False
    if nxt.isalnum():
        # A dot glued to what follows is inside a token: 3.5, example.com,
        # U.S.A, "ت.غ". Arabic text glued after a word ("الاجتماع.وقال") is
        # a missing space, so that one still ends the sentence.
        if prev.isdigit() and nxt.isdigit():
            return False
        if prev.isascii() and prev.isalnum() and nxt.isascii():
            return False
        if len(_word_before(text, i - 1).lstrip("«“\"(")) <= 1:
            return False
    word = _word_before(text, i).lstrip("«“\"(")
    if word in _ERA_MARKS:
        before = text[: i + 1 - len(word)].rstrip()
        return bool(before) and before[-1].isdigit()
    if word in ABBREVIATIONS:
        return False
    if _SINGLE_LETTER_DOTS.match(word) and len(word) <= 6 and not prev.isdigit():
        return False  # initials and "ق.م." style abbreviations
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into trimmed sentence spans.

    Ends at ``. ! ? ؟ ؛ …`` (runs such as "؟!" or "..." count once) and at line
    breaks; not at decimal points, listed abbreviations, "ت.غ", URLs or
    initials. A closing quote or bracket right after the stop stays with it.
    Spans without any letter or digit (a lone NBSP line, "***") are dropped.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            spans.append((start, i))
            start = i + 1
        elif _is_stop(text, i):
            j = i + 1
            while j < n and text[j] in SENTENCE_END:
                j += 1
            while j < n:
                c = text[j]
                if c in _CLOSERS:
                    j += 1
                elif c in _DOUBLE_QUOTES and sum(text[k] in _DOUBLE_QUOTES for k in range(start, j)) % 2 == 1:
                    j += 1  # an odd quote count means this one closes an open quote
                else:
                    break
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    spans.append((start, n))
    out = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if s < e and any(c.isalnum() for c in text[s:e]):
            out.append((s, e))
    return out


def _marker_pattern(marker: str) -> str:
    words = normalize(marker).split()
    body = r"\s+".join(re.escape(w) for w in words)
    if body.startswith("و") and len(words[0]) > 1:
        body = "و ?" + body[1:]  # web text writes "و قال" as often as "وقال"
    # A pronoun may be glued on: "إلا أنها", "لكنه".
    return body + r"(?:ه|ها|هم|هما|هن|نا|ني)?"


@lru_cache(maxsize=1)
def _clause_re() -> re.Pattern[str]:
    alternatives = sorted({_marker_pattern(m) for m in CLAUSE_MARKERS}, key=len, reverse=True)
    # Only at a clause boundary: after a comma, semicolon or dash.
    return re.compile(r"[،,؛;\-–—]\s*(" + "|".join(alternatives) + r")(?![^\W\d_])")


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the sentence ``text[start:end]`` where it starts a second account.

    A clause opens at a marker from ``lang.CLAUSE_MARKERS`` ("وبينما", "إلا أن",
    "لكن", "كما قال"…) that follows a comma. Clauses of fewer than
    ``MIN_CLAUSE_WORDS`` words are merged into their neighbour; the comma that
    separated two clauses is trimmed from the first.

    >>> s = "عرضت مصر المشاركة في عمليات مشتركة، إلا أن الجزائر واصلت التمسك بمبدئها."
    >>> [s[a:b] for a, b in split_clauses(s, 0, len(s))]
    ['عرضت مصر المشاركة في عمليات مشتركة', 'إلا أن الجزائر واصلت التمسك بمبدئها.']
    """
    norm, offsets = normalize_with_offsets(text[start:end])
    cuts = [start + offsets[m.start(1)] for m in _clause_re().finditer(norm)]
    bounds = [start, *cuts, end]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]

    merged: list[list[int]] = []
    carry: int | None = None  # start of a too-short piece waiting for the next one
    for s, e in pieces:
        if carry is not None:
            s, carry = carry, None
        if _word_count(text[s:e]) < MIN_CLAUSE_WORDS:
            carry = s
            continue
        merged.append([s, e])
    if carry is not None:
        if merged:
            merged[-1][1] = end
        else:
            merged.append([carry, end])

    out = []
    for k, (s, e) in enumerate(merged):
        last = k == len(merged) - 1
        s, e = _trim(text, s, e, extra="" if last else "،,؛;-–—")
        if s < e:
            out.append((s, e))
    return out


def split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into trimmed pieces of at most ``max_chars`` characters.

    Each cut falls on the last space before the limit (in the second half of
    the piece), else at the limit itself: a 2 MB line without punctuation
    becomes claims of a readable, embeddable length instead of one claim.

    >>> t = "كلمة " * 5
    >>> [t[a:b] for a, b in split_long(t, 0, len(t), 12)]
    ['كلمة كلمة', 'كلمة كلمة', 'كلمة']
    """
    out: list[tuple[int, int]] = []
    s = start
    while end - s > max_chars:
        limit = s + max_chars
        cut = limit
        k = limit
        while k > s + max_chars // 2:
            if _is_blank(text[k]):
                cut = k
                break
            k -= 1
        a, b = _trim(text, s, cut)
        if a < b:
            out.append((a, b))
        s = cut
        while s < end and _is_blank(text[s]):
            s += 1
    a, b = _trim(text, s, end)
    if a < b:
        out.append((a, b))
    return out
