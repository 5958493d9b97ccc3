"""Read articles from files, directories and stdin; bad input becomes warnings.

    >>> result = read_paths(["seeds/"])            # doctest: +SKIP
    >>> len(result.articles), [str(w) for w in result.warnings]
    (5, [])

Rules (they are the CLI's documented behaviour):

* ``.txt``/``.md``/``.markdown``: one article per file; the title is the first
  non-empty line with Markdown ``#`` marks stripped; the text is the whole file.
* ``.jsonl``: one article per line with ``text`` (required) and optional
  ``title``, ``url``, ``source``, ``published``; a bad line is a warning naming
  ``file:line`` and the rest of the file is read. A JSONL ``id`` is ignored:
  the article id is always the content hash, so the same text under two ids
  is one article.
* Directories are walked recursively in sorted order; hidden files and
  directories are skipped, and so are files of other extensions (silently:
  folders of articles usually carry images and indexes too). A file named
  explicitly is read as text whatever its extension.
* ``-`` reads stdin as one text article.
* Encodings: UTF-8 (BOM or not), UTF-16/UTF-32 with BOM, else Windows-1256 if
  the decoded text is mostly Arabic. Binary, undecodable, empty and
  whitespace-only files are warnings.
* The same article twice (by normalised text) is kept once, with a
  "duplicate of …" warning.
* A missing path is a warning; only when nothing at all could be read does
  ``read_paths`` raise ``InputError`` (``InputFileNotFound`` if every path
  was missing).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import jsonlines

from claimcheck.errors import InputError, InputFileNotFound
from claimcheck.normalize import normalize
from claimcheck.types import Article, IngestResult, IngestWarning

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl"})
STDIN_NAME = "<stdin>"

# Longest BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _looks_binary(text: str) -> bool:
    # A stray form feed or DOS EOF mark happens in real text dumps; a run of
    # control characters does not.
    return len(_CONTROL.findall(text)) > max(2, len(text) // 200)


def article_id(text: str) -> str:
    """Content hash of ``text``: whitespace, BOM and spelling variants do not count."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def decode(data: bytes) -> str:
    """Decode file bytes or raise ``InputError`` saying why not.

    UTF-8/16/32 by BOM, UTF-8 strict, then Windows-1256 when the result is
    mostly Arabic (a Latin-1 or binary file decodes under cp1256 too, so the
    letter mix is the evidence, not the absence of errors).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(f"not valid {codec} after its byte-order mark ({e.reason})") from None
            if _looks_binary(text):
                raise InputError("binary file (control characters)")
            return text.lstrip("\ufeff")
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            raise InputError("cannot decode: not UTF-8, UTF-16 or Windows-1256") from None
        arabic = len(_ARABIC_LETTER.findall(text))
        latin = len(_LATIN_LETTER.findall(text))
        if _looks_binary(text):
            raise InputError("binary file (control characters)")
        if arabic < 3 or arabic < 2 * latin:
            raise InputError("cannot decode: not UTF-8, UTF-16 or Windows-1256")
    if _looks_binary(text):
        raise InputError("binary file (control characters)")
    return text


def _clean(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _title_of(text: str) -> str:
    """First non-empty line, Markdown hashes stripped; a breadcrumb or share
    line above the headline (seed 001) is passed over."""
    from claimcheck.claims import is_boilerplate  # ingest comes first in the flow

    fallback = ""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if not is_boilerplate(line):
            return line
        fallback = fallback or line
    return fallback


class _Collector:
    """Accumulates articles, dropping repeats by content hash."""

    def __init__(self) -> None:
        self.result = IngestResult()
        self.seen: dict[str, str] = {}  # article id → path of the first copy

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.result.warnings.append(IngestWarning(path, line, message))

    def add(self, article: Article, path: str, line: int | None = None) -> None:
        first = self.seen.get(article.id)
        if first is not None:
            self.warn(path, line, f"duplicate of {first}")
            return
        self.seen[article.id] = article.path
        self.result.articles.append(article)

    def add_text(self, text: str, path: str) -> None:
        text = _clean(text)
        if not text:
            self.warn(path, None, "empty file")
            return
        if not normalize(text):
            self.warn(path, None, "only whitespace")
            return
        self.add(Article(id=article_id(text), path=path, title=_title_of(text), text=text), path)

    def add_jsonl(self, text: str, path: str) -> None:
        text = _clean(text)
        if not normalize(text):
            self.warn(path, None, "empty file")
            return
        for lineno, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = jsonlines.Reader([line]).read()
            except jsonlines.InvalidLineError:
                self.warn(path, lineno, "malformed JSON line, skipped")
                continue
            article = self._jsonl_article(record, path, lineno)
            if article is not None:
                self.add(article, path, lineno)

    def _jsonl_article(self, record: object, path: str, lineno: int) -> Article | None:
        if not isinstance(record, dict):
            self.warn(path, lineno, "line is not a JSON object, skipped")
            return None
        text = record.get("text")
        if not isinstance(text, str) or not normalize(text):
            what = "missing 'text'" if text is None else "empty or non-string 'text'"
            self.warn(path, lineno, f"{what}, skipped")
            return None
        text = _clean(text)

        def field(name: str) -> str | None:
            value = record.get(name)
            return value.strip() or None if isinstance(value, str) else None

        published = field("published")
        if published is not None and _DATE.match(published):
            published = published[:10]  # "2020-01-22T10:00:00Z" → "2020-01-22"
        return Article(
            id=article_id(text),
            path=f"{path}:{lineno}",
            title=field("title") or _title_of(text),
            text=text,
            source=field("source"),
            published=published,
            url=field("url"),
        )


def _walk(root: Path) -> list[Path]:
    files = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel):
            continue
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
            files.append(p)
    return files


def _read_file(col: _Collector, p: Path) -> None:
    name = str(p)
    try:
        data = p.read_bytes()
    except OSError as e:
        col.warn(name, None, f"cannot read ({e.strerror or e})")
        return
    if not data:
        col.warn(name, None, "empty file")
        return
    try:
        text = decode(data)
    except InputError as e:
        col.warn(name, None, str(e))
        return
    if p.suffix.lower() in JSONL_SUFFIXES:
        col.add_jsonl(text, name)
    else:
        col.add_text(text, name)


def read_paths(paths: Iterable[str | Path], stdin: TextIO | None = None) -> IngestResult:
    """Read every article under ``paths``; see the module docstring for the rules.

    ``stdin`` stands in for ``sys.stdin`` when a path is ``-`` (tests pass a
    ``StringIO``). Raises ``InputError`` only when no article could be read.
    """
    col = _Collector()
    given = 0
    missing = 0
    for raw in paths:
        given += 1
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin
            col.add_text(stream.read(), STDIN_NAME)
            continue
        p = Path(raw)
        if p.is_dir():
            files = _walk(p)
            if not files:
                col.warn(str(p), None, "no .txt, .md or .jsonl files in directory")
            for f in files:
                _read_file(col, f)
        elif p.is_file():
            _read_file(col, p)
        else:
            missing += 1
            col.warn(str(p), None, "no such file or directory")
    if not col.result.articles:
        detail = "; ".join(str(w) for w in col.result.warnings) or "no paths given"
        cls = InputFileNotFound if given and missing == given else InputError
        err = cls(f"no article could be read: {detail}")
        err.warnings = list(col.result.warnings)  # the CLI may list them one per line
        raise err
    return col.result
