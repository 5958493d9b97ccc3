"""Dates in Arabic and English text, read with dateparser (no hand tables).

Two uses: an article's publication date given in a CSV/JSONL field or a web
page ("22 فبراير 2015", "Feb 22, 2015", "2015-02-22T10:00:00Z" → "2015-02-22"),
and dates written inside a claim ("يوم الاثنين 16 فبراير 2015", "on Sunday,
February 15, 2015"), which are compared between claims and kept out of the
numbers: a day of the month is not a count.

    >>> parse_date("22 فبراير 2015")
    '2015-02-22'
    >>> [d.iso for d in dates_in("Egyptian jets struck Derna on Sunday, February 15, 2015.")]
    ['2015-02-15']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import MONTHS
from .normalize import normalize

# Dates only when they name a day, a month and a year: "Sunday" alone or "10
# hours" must not become today's date.
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
    "PARSERS": ["custom-formats", "absolute-time"],  # "10 ساعات" is a duration, not "10 hours ago"
}
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_HAS_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True)
class TextDate:
    """A date written in a text: the characters and where, and its ISO day."""

    surface: str
    start: int
    end: int
    iso: str  # YYYY-MM-DD


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # imported on first use: it loads its language data (~1 s)
    import dateparser.search

    return dateparser


def parse_date(text: str | None) -> str | None:
    """ISO day (YYYY-MM-DD) of a date written in Arabic or English, or None.

    ISO timestamps are read directly; anything else goes through dateparser and
    must name a day, a month and a year.
    """
    if not text or not text.strip():
        return None
    m = _ISO.match(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if not _HAS_DIGIT.search(text):
        return None
    dp = _dateparser()
    d = dp.parse(text.strip(), languages=["ar"] if _ARABIC.search(text) else ["en"], settings=_SETTINGS)
    return d.date().isoformat() if d is not None else None


_D = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_W = r"[^\W\d_]+\.?"  # a word (a month name, "Feb."), checked by dateparser, not by a table
# Shapes a full date takes; dateparser decides whether the words are a month.
# dateparser's own search_dates misses "يوم الاثنين 16 فبراير 2015" and "Feb. 15,
# 2015" inside a sentence, so it parses candidates cut out by shape.
_CANDIDATES = re.compile(
    # 16 فبراير 2015, 16 of May 2015, 29 كانون الأول ( ديسمبر ) 2009, 16 حزيران , 2017
    rf"(?<!{_D}){_D}{{1,2}}\s+(?:{_W}\s+)?{_W}(?:\s*\(\s*{_W}\s*\))?\s*,?\s+{_D}{{4}}(?!{_D})"
    rf"|{_W}\s+{_D}{{1,2}}(?:st|nd|rd|th)?,?\s+{_D}{{4}}(?!{_D})"  # February 15, 2015
    rf"|(?<!{_D}){_D}{{1,4}}\s?[/.-]\s?{_D}{{1,2}}\s?[/.-]\s?{_D}{{2,4}}(?!{_D})"  # 15/02/2015, 22 / 1 / 2009
)


# dateparser reads the Gregorian month names only: the Levantine and Maghreb ones
# (``lang.MONTHS``: "كانون الأول", "حزيران", "جوان") are given to it as the Gregorian
# name of the same month, and a month repeated in brackets ("كانون الأول ( ديسمبر )",
# as Levantine papers write it) is dropped.
def _month_names() -> tuple[re.Pattern, dict[str, str]]:
    gregorian = {}
    for name, n in MONTHS.items():  # the table lists each month's Gregorian name first
        if _ARABIC.search(name):
            gregorian.setdefault(n, name)
    other = {normalize(k): gregorian[v] for k, v in MONTHS.items()
             if _ARABIC.search(k) and gregorian[v] != k}
    alt = "|".join(sorted((re.escape(k) for k in other), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alt})(?![^\W\d_])"), other


_BRACKETED = re.compile(r"\s*\(\s*[^\W\d_]+\s*\)")
_SPACED_SEPARATOR = re.compile(r"\s?([/.-])\s?")
_LETTER = re.compile(r"[^\W\d_]")


def _gregorian(candidate: str) -> str:
    """``candidate`` (a date as written) in the words dateparser reads."""
    pattern, other = _MONTH_NAMES
    text = _BRACKETED.sub("", candidate)
    if not _LETTER.search(text):
        text = _SPACED_SEPARATOR.sub(r"\1", text)  # "22 / 1 / 2009" as "22/1/2009"
    if not _ARABIC.search(text):
        return text
    norm = normalize(text)
    return pattern.sub(lambda m: other[m.group(0)], norm) if pattern.search(norm) else text


_MONTH_NAMES = _month_names()


# A day and a month without the year ("February 15", "16 فبراير"): not a full
# date to compare, but its day is no count either. Each one- or two-digit number
# is tried with the word after it and the word before it.
_DAY = re.compile(rf"(?<!{_D}){_D}{{1,2}}(?:st|nd|rd|th)?(?!{_D})")
_WORD_AFTER = re.compile(rf"\s+{_W}")
_WORD_BEFORE = re.compile(rf"{_W}\s+$")
_DAY_MONTH_SETTINGS = {**_SETTINGS, "REQUIRE_PARTS": ["day", "month"]}


@lru_cache(maxsize=4096)
def date_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of every written date in ``text``, full or day-and-month."""
    if not _HAS_DIGIT.search(text):
        return ()
    spans = [(d.start, d.end) for d in _search(text)]
    dp = _dateparser()
    for m in _DAY.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        after = _WORD_AFTER.match(text, m.end())
        before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        tries = ([(m.start(), after.end())] if after else []) + ([(before.start(), m.end())] if before else [])
        for start, end in tries:
            cand = text[start:end]
            lang = ["ar"] if _ARABIC.search(cand) else ["en"]
            if dp.parse(_gregorian(cand), languages=lang, settings=_DAY_MONTH_SETTINGS) is not None:
                spans.append((start, end))
                break
    return tuple(sorted(spans))


@lru_cache(maxsize=4096)
def _search(text: str) -> tuple[TextDate, ...]:
    if not _HAS_DIGIT.search(text):
        return ()
    dp = _dateparser()
    out: list[TextDate] = []
    for m in _CANDIDATES.finditer(text):
        lang = ["ar"] if _ARABIC.search(m.group()) else ["en"]
        value = dp.parse(_gregorian(m.group()), languages=lang, settings=_SETTINGS)
        if value is not None:
            out.append(TextDate(m.group(), m.start(), m.end(), value.date().isoformat()))
    return tuple(out)


def dates_in(text: str) -> list[TextDate]:
    """Full dates (day, month, year) written in ``text``, in order."""
    return list(_search(text))
