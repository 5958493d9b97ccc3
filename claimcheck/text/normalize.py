"""The matching form of text: one spelling per word, offsets back to the original.

Article text is kept verbatim everywhere; this module produces the form that is
compared, hashed and tokenised. ``normalize_with_offsets`` lets a caller that
found something in the normalised form show the original characters.

    >>> normalize("قالَ المصدرُ إنّ الـقاهرة أبلغت\u00a0الجزائر ١٠ ساعات")
    'قال المصدر ان القاهره ابلغت الجزاير 10 ساعات'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimcheck.text.lang import DECIMAL_SEPARATOR, DECIMAL_UNITS, DIGITS, NUMBER_WORDS, THOUSANDS_SEPARATOR

# One table for every single-character rewrite; "" deletes the character.
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۃ": "ه", "ھ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
}
# Tatweel, tashkeel (U+064B–U+065F), superscript alef, Quranic annotation
# marks, and the invisible characters that break matching.
_DELETE = (
    ["\u0640", "\u0670"]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
        "\u200e", "\u200f", "\u061c",  # LRM, RLM, ALM
        *[chr(c) for c in range(0x202A, 0x202F)],  # embeddings/overrides
        *[chr(c) for c in range(0x2066, 0x206A)],  # isolates
        "\u00ad",  # soft hyphen
    ]
)
# The invisible formatting marks alone (no letters, no tashkeel): what a copy of
# a text may gain or lose without changing a visible character.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u00ad"
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)
_INVISIBLE_TABLE = str.maketrans("", "", _INVISIBLE)


def visible_text(text: str) -> str:
    """``text`` without invisible marks (RLM/LRM/ALM, zero-width, bidi controls, soft hyphen).

    What an encoder embeds: a copy of a claim with marks in it is the same
    claim (its vector was 0.86 from its twin's), while everything a reader sees,
    tashkeel included, stays as written.

    >>> visible_text("قال\u200f المصدر\u200d")
    'قال المصدر'
    """
    return text.translate(_INVISIBLE_TABLE)


_CHAR_MAP: dict[str, str] = {
    **_LETTERS,
    **{chr(k): v for k, v in DIGITS.items()},
    **{c: "" for c in _DELETE},
    DECIMAL_SEPARATOR: ".",
    THOUSANDS_SEPARATOR: ",",
}


def _is_space(ch: str) -> bool:
    # isspace() covers NBSP (U+00A0), U+2000–U+200A, U+202F, U+205F, U+3000.
    return ch.isspace()


def _map_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    cp = ord(ch)
    # Arabic presentation forms (old PDFs, copied web text) decompose to letters.
    # About a hundred code points of these blocks have no decomposition (the
    # Quranic brackets ﴾ ﴿, ﷽, symbols, unassigned slots): they stay as they are.
    # A decomposition never holds another presentation form, so one level of
    # mapping is the whole job (recursing on an undecomposed form never ended).
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFC:
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch:
            return "".join(_map_base(c) for c in decomposed)
    return _map_base(ch)


def _map_base(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    cp = ord(ch)
    if cp < 0x0600 or cp > 0x06FF:
        return ch.casefold()
    return ch


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map each output character to its source offset.

    ``offsets[i]`` is the index in ``text`` of the character that produced
    ``norm[i]``; a collapsed run of whitespace maps to its first character.

    >>> normalize_with_offsets("أ\u00a0 ب")
    ('ا ب', [0, 1, 3])
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = -1  # offset of the first space in a run not yet written
    for i, ch in enumerate(text):
        if _is_space(ch):
            if pending_space < 0:
                pending_space = i
            continue
        for m in _map_char(ch):
            # a mapping may hold spaces (ﷺ is three words, ﹰ a space + a mark):
            # they join the whitespace run like any other space
            if _is_space(m):
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0:
                if out:
                    out.append(" ")
                    offsets.append(pending_space)
                pending_space = -1
            out.append(m)
            offsets.append(i)
    return "".join(out), offsets


def _translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(k): (v or None) for k, v in _CHAR_MAP.items()}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFD)):
        mapped = _map_char(chr(cp))
        if mapped != chr(cp):
            table[cp] = mapped
    return table


_TRANSLATION = _translation()


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (see module docstring).

    The same string as ``normalize_with_offsets(text)[0]`` (a property test
    holds them equal), built with ``str.translate`` in C: a per-character list
    took ~40 bytes per character, 2 GB for a 50 MB article, to hash it.
    """
    # casefold first: it leaves Arabic alone and never yields a character the
    # table maps, so this is the per-character rule of _map_char
    return " ".join(text.casefold().translate(_TRANSLATION).split())


_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


def tokens(text: str) -> list[str]:
    """Normalised word tokens: letter runs and numbers, punctuation dropped.

    Letters and digits are split apart so "بـ10" gives ["ب", "10"].

    >>> tokens("أبلغت القاهرةُ الجزائر قبل ١٠ ساعات.")
    ['ابلغت', 'القاهره', 'الجزاير', 'قبل', '10', 'ساعات']
    """
    return _TOKEN_RE.findall(normalize(text))


@dataclass(frozen=True)
class Number:
    """A number found in text: its value and where it was written."""

    value: float
    surface: str  # the original characters, e.g. "١٠" or "3.5" or "ألف"
    start: int
    end: int


_D = "0-9\u0660-\u0669\u06f0-\u06f9"
# what may follow a spaced decimal (``lang.DECIMAL_UNITS``), as a lookahead
DECIMAL_UNIT_AHEAD = r"(?=\s*(?:" + "|".join(re.escape(u) for u in sorted(DECIMAL_UNITS, key=len, reverse=True)) + \
    r")(?![^\W\d_]))"
# thousands groups ("1,250", "١٬٢٠٠"), then a decimal point, or a decimal comma
# before one or two digits ("12,5 بالمئة", as Maghreb papers write it); or a
# crawl's spaced decimal point ("2 . 8 بالمئة": one to three digits without a
# leading zero, before a percentage, scale, currency or measure, as ``segment``
# reads it)
_NUMBER_RE = re.compile(
    rf"(?<![{_D}])(?<![/:.,] )(?!0[{_D}])[{_D}]{{1,3}} \. [{_D}]+(?![{_D}]){DECIMAL_UNIT_AHEAD}"
    rf"|(?<![{_D}])[{_D}]+(?:[,\u066c][{_D}]{{3}})*(?:[.\u066b][{_D}]+|,[{_D}]{{1,2}})?(?![{_D}])"
)
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_NUMBER_WORDS_NORM = {normalize(k): v for k, v in NUMBER_WORDS.items()}
_SCALES = {k: v for k, v in _NUMBER_WORDS_NORM.items() if v >= 1000}
_WORD_RE = re.compile(r"[^\W\d_]+")


def _to_float(surface: str) -> float:
    s = surface.translate(DIGITS).replace(" . ", ".")
    if _DECIMAL_COMMA.fullmatch(s):
        return float(s.replace(",", "."))
    s = s.replace(THOUSANDS_SEPARATOR, "").replace(",", "").replace(DECIMAL_SEPARATOR, ".")
    return float(s)


def numbers(text: str, words: bool = True) -> list[Number]:
    """Numbers in ``text`` with offsets into it, in order of appearance.

    Western and Arabic-Indic digits, decimals ("3.5", "٣٫٥", "12,5"), thousands
    separators ("1,000", "١٬٠٠٠"), digits glued to a prefix ("بـ10"), and with
    ``words`` a small table of number words ("ألف", "ثلاث") and digit + scale
    ("3 ملايين"). Without ``words``, digits only, as written ("3" of "3 ملايين").

    >>> [n.value for n in numbers("قبل انطلاق العمليات بـ10 ساعات و٣٫٥ ألف")]
    [10.0, 3500.0]
    """
    found: list[Number] = [
        Number(_to_float(m.group()), m.group(), m.start(), m.end())
        for m in _NUMBER_RE.finditer(text)
    ]
    if not words:
        return found
    by_end = {n.end: i for i, n in enumerate(found)}
    for m in _WORD_RE.finditer(text):
        word = normalize(m.group())
        value = _NUMBER_WORDS_NORM.get(word)
        if value is None and word.startswith("و") and len(word) > 2:
            value = _NUMBER_WORDS_NORM.get(word[1:])  # "وثلاثة"
        if value is None:
            continue
        # "3 ملايين" / "٣٫٥ ألف": the scale multiplies the number just before it.
        if word in _SCALES:
            gap = len(text[: m.start()]) - len(text[: m.start()].rstrip())
            i = by_end.get(m.start() - gap)
            if gap and i is not None and found[i].value != 0:
                prev = found[i]
                found[i] = Number(prev.value * value, text[prev.start : m.end()], prev.start, m.end())
                continue
        found.append(Number(float(value), m.group(), m.start(), m.end()))
    found.sort(key=lambda n: n.start)
    return found
