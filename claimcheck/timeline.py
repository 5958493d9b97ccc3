"""Time-aware findings: a figure that changed between two reports is news, not
a contradiction.

Two articles a year apart (10 dead in 2015, 25 dead in 2016, the second headed
"toll rises") disagree on the toll because time passed. ``classify`` reads a
pair of conflicting claims with their articles and says whether the conflict is
*changed over time*:

* the articles carry different publication dates, or
* either claim, or its article's title, marks an update ("ارتفعت حصيلة",
  "ارتفع عدد", "updated", "rises to"; ``lang.UPDATE_MARKERS``) and a number
  differs between the two claims (an update changes a figure), or
* one claim marks its figure as an earlier report's ("في وقت سابق", "حصيلة
  سابقة"; ``lang.EARLIER_MARKERS``) and a number differs,

unless the later claim speaks of the earlier time: it writes a date on or before
the earlier article's date (or the earlier claim's own date), names the earlier
year, or looks back ("كانت قد", "had", "at the time"; ``lang.RETROSPECTIVE``).
Then the two reports disagree about one moment and the pair stays a
contradiction. A same-day conflict with no update marker is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import lang
from .text.dates import dates_in
from .text.normalize import normalize

CHANGED_OVER_TIME = "changed over time"

_UPDATE = {normalize(m): m for m in lang.UPDATE_MARKERS}  # matched normalised, shown as written
_RETRO = {normalize(m): m for m in lang.RETROSPECTIVE}
_EARLIER = {normalize(m): m for m in lang.EARLIER_MARKERS}
_RETRO_RE = re.compile(lang.RETROSPECTIVE_PATTERN)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class TimeReading:
    """Why a pair is read as a change over time."""

    dates: tuple[str | None, str | None]  # publication dates of the articles of claim A and claim B
    later: str | None  # "a" or "b" when the dates order the two reports
    reason: str  # "published on different dates" | "update marked: «…»"

    def to_dict(self) -> dict:
        return {"a": self.dates[0], "b": self.dates[1], "later": self.later, "reason": self.reason}


def _has(markers: dict[str, str], text: str) -> str | None:
    t = " " + " ".join(re.findall(r"[^\W_]+:?", normalize(text))) + " "
    for m, written in markers.items():
        if re.search(r"(?<![^\W_])" + re.escape(m) + r"(?![^\W_])", t):
            return written
    return None


def _speaks_of(later_text: str, earlier_date: str | None, earlier_text: str) -> bool:
    """Whether the later claim speaks of the earlier report's time."""
    if _has(_RETRO, later_text) or _RETRO_RE.search(normalize(later_text)):
        return True
    limits = [d.iso for d in dates_in(earlier_text)] + ([earlier_date] if earlier_date else [])
    if not limits:
        return False
    bound = max(limits)
    if any(d.iso <= bound for d in dates_in(later_text)):
        return True
    return any(y <= bound[:4] for y in _YEAR.findall(later_text.translate(_DIGITS)))


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def classify(text_a: str, text_b: str, date_a: str | None, date_b: str | None,
             title_a: str = "", title_b: str = "", aspects: set[str] | None = None) -> TimeReading | None:
    """A ``TimeReading`` when the conflict between claims A and B is a change
    over time, else None (the pair stays a contradiction).

    >>> classify("قتل 10 أشخاص في الغارات", "ارتفعت حصيلة القتلى إلى 25 شخصا", "2015-02-16", "2016-03-03").reason
    'published on different dates'
    >>> classify("Ten people died", "Twelve people died", "2015-02-16", "2015-02-16") is None
    True
    """
    da = (date_a or "")[:10] or None
    db = (date_b or "")[:10] or None
    later = None
    if da and db and da != db:
        later = "a" if da > db else "b"
        reason = "published on different dates"
    else:
        # a figure marked as an earlier report's ("افاد في وقت سابق عن مقتل 21"): the
        # other claim's is the later one
        ea, eb = _has(_EARLIER, text_a), _has(_EARLIER, text_b)
        if bool(ea) != bool(eb) and (aspects is None or "number" in aspects):
            reading = _unless_retrospective(text_a, text_b, da, db, "b" if ea else "a",
                                            f"earlier report marked: «{ea or eb}»")
            if reading is not None:
                return reading
        marker = next((m for m in (_has(_UPDATE, t) for t in (text_a, text_b, title_a, title_b)) if m), None)
        # an update marker speaks of a figure ("ارتفعت حصيلة"): it explains a
        # conflict only where a number differs (``aspects``, when given)
        if marker is None or (aspects is not None and "number" not in aspects):
            return None
        reason = f"update marked: «{marker}»"
        if _has(_UPDATE, text_b) or _has(_UPDATE, title_b):
            later = "b" if not (_has(_UPDATE, text_a) or _has(_UPDATE, title_a)) else None
        else:
            later = "a"
    return _unless_retrospective(text_a, text_b, da, db, later, reason)


def _unless_retrospective(text_a: str, text_b: str, da: str | None, db: str | None, later: str | None,
                          reason: str) -> TimeReading | None:
    """The reading, unless the later claim speaks of the earlier report's time."""
    if later == "a" and _speaks_of(text_a, db, text_b):
        return None
    if later == "b" and _speaks_of(text_b, da, text_a):
        return None
    return TimeReading((da, db), later, reason)


def time_aware(finding, claim_a, claim_b, articles: dict):
    """The pipeline's hook: mark ``finding`` (a contradiction or dispute between
    ``claim_a`` and ``claim_b``) as changed over time when ``classify`` says so,
    with both dates in ``finding.time``; returns the finding."""
    art_a, art_b = articles[claim_a.article_id], articles[claim_b.article_id]
    reading = classify(claim_a.text, claim_b.text, art_a.published, art_b.published,
                       art_a.title, art_b.title, aspects={d.aspect for d in finding.differences})
    if reading is not None:
        finding.kind = CHANGED_OVER_TIME
        finding.time = reading.to_dict()
    return finding
