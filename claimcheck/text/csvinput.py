"""CSV files of articles: one article per row, columns named in the header.

The header names the columns, in any order and any case. ``text`` is required;
``title``, ``url``, ``source`` and ``published`` are optional. A few common
spellings are read too: ``body``/``content``/``article`` for the text,
``headline`` for the title, ``date``/``published_at``/``publication_date`` for
the date, ``link`` for the URL, ``site``/``outlet`` for the source. Other
columns are ignored. The date may be ISO or written out ("22 فبراير 2015",
"Feb 22, 2015"); it is read with dateparser.

A row without text, or with more cells than the header has columns, is a
warning naming ``file:line`` (the line where the row starts), and the rest of
the file is read. A header without a text column is one warning for the file.
"""

from __future__ import annotations

import csv
import io

from .dates import parse_date
from ..types import Article, IngestWarning

SUFFIXES = frozenset({".csv"})

# field -> header names accepted for it, in order of preference (lower case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "site", "outlet"),
    "published": ("published", "date", "published_at", "publication_date"),
}


_EXTRA = "\0extra"  # DictReader's key for the cells beyond the header


def _columns(header: list[str]) -> dict[str, str]:
    names = {h.strip().lower(): h for h in header if h}
    out = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                out[field] = names[alias]
                break
    return out


def read_csv(text: str, path: str):
    """Yield ``(Article, line)`` for each good row and ``IngestWarning`` for each bad one."""
    from .ingest import _clean, _title_of, article_id  # ingest imports this module lazily
    from .normalize import normalize

    buf = io.StringIO(_clean(text), newline="")
    try:
        dialect = csv.Sniffer().sniff(buf.read(4096), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    buf.seek(0)
    reader = csv.DictReader(buf, dialect=dialect, restkey=_EXTRA)
    try:
        header = reader.fieldnames or []
    except csv.Error as e:
        yield IngestWarning(path, 1, f"unreadable CSV header ({e})")
        return
    cols = _columns(header)
    if "text" not in cols:
        yield IngestWarning(path, 1, "CSV header has no text column (expected one of: "
                            + ", ".join(COLUMNS["text"]) + f"; found: {', '.join(header) or 'nothing'})")
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield IngestWarning(path, line, f"malformed CSV row ({e}), skipped")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if _EXTRA in row:
            yield IngestWarning(path, start, f"row has {len(header) + len(row[_EXTRA])} cells for "
                                f"{len(header)} columns, skipped")
            continue

        def field(name: str) -> str | None:
            value = row.get(cols[name]) if name in cols else None
            return value.strip() or None if isinstance(value, str) else None

        body = row.get(cols["text"])
        if not isinstance(body, str) or not normalize(body):
            yield IngestWarning(path, start, "empty 'text' cell, skipped")
            continue
        body = _clean(body)
        raw_date = field("published")
        published = parse_date(raw_date)
        if raw_date and published is None:
            yield IngestWarning(path, start, f"cannot read the date {raw_date!r}; article kept undated")
        yield Article(id=article_id(body), path=f"{path}:{start}", title=field("title") or _title_of(body),
                      text=body, source=field("source"), published=published, url=field("url")), start
