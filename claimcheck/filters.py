"""Which articles a command looks at: ``--source``, ``--since``, ``--until``.

One definition for ``report``, ``search`` and ``check``: an ``ArticleFilter``
says whether an article is in, ``rows`` gives the claim rows of the articles in,
and ``restrict`` makes an in-memory view of an index holding only those, which
the report analyses as if it were the whole index.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass

import numpy as np

from .errors import IndexError_, InputError
from .index import ClaimIndex, build_faiss
from .types import Article


def parse_day(value: str | None, name: str = "date") -> str | None:
    """``value`` as YYYY-MM-DD, or InputError naming ``name``.

    >>> parse_day("2016-03-05")
    '2016-03-05'
    """
    if value is None or value == "":
        return None
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class ArticleFilter:
    """Articles whose source, URL or path contains ``source`` (any case) and whose
    publication day lies in [``since``, ``until``]. With a date bound set, an
    undated article is out: nothing says it falls in the range.

    >>> ArticleFilter(source="afp", since="2020-01-01").matches(
    ...     Article(id="x", path="a.txt", title="t", text="t", source="AFP", published="2020-02-10"))
    True
    """

    source: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive

    def __post_init__(self):
        object.__setattr__(self, "since", parse_day(self.since, "--since"))
        object.__setattr__(self, "until", parse_day(self.until, "--until"))
        object.__setattr__(self, "source", (self.source or "").strip() or None)
        if self.since and self.until and self.since > self.until:
            raise InputError(f"--since {self.since} is after --until {self.until}")

    def __bool__(self) -> bool:
        return bool(self.source or self.since or self.until)

    def matches(self, a: Article) -> bool:
        if self.source and self.source.casefold() not in " ".join(
                filter(None, [a.source, a.url, a.path])).casefold():
            return False
        if self.since or self.until:
            day = (a.published or "")[:10]
            if not day or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True

    def rows(self, index: ClaimIndex) -> np.ndarray | None:
        """Claim rows of the matching articles; None when the filter is empty (all rows)."""
        if not self:
            return None
        ok = {a.id for a in index.articles if self.matches(a)}
        return np.array([i for i, c in enumerate(index.claims) if c.article_id in ok], dtype=np.int64)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class IndexView(ClaimIndex):
    """Part of an index, in memory, for reading only (a report over some articles).

    It shares the index's folder, so NLI scores cached for the whole index serve
    the view too (they are keyed by the texts); saving it would overwrite the
    index with a part of itself, so ``save`` refuses.
    """

    def save(self):
        raise IndexError_(f"{self.path}: a filtered view of an index cannot be saved")


def restrict(index: ClaimIndex, where: ArticleFilter | None) -> ClaimIndex:
    """The index itself when ``where`` is empty, else a view of the matching articles.

    The view searches exactly (a flat FAISS index over its rows), whatever the
    index's own search type.
    """
    if not where:
        return index
    rows = where.rows(index)
    keep = {index.claims[int(r)].article_id for r in rows}
    keep |= {a.id for a in index.articles if where.matches(a)}  # articles with no claims
    vectors = np.asarray(index.vectors[rows], dtype=np.float16).reshape(len(rows), index.encoder["dim"])
    faiss_index, search = build_faiss(vectors, exact_max=max(len(rows), 1))
    return IndexView(
        path=index.path, encoder=dict(index.encoder),
        articles=[a for a in index.articles if a.id in keep],
        claims=[index.claims[int(r)] for r in rows],
        vectors=vectors,
        manifest={**index.manifest, "search": search, "filter": where.to_dict()},
        _faiss=faiss_index,
    )
