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
* ``.html``/``.htm`` (``webpage.py``) and ``.csv`` (``csvinput.py``): read
  by their own modules, through ``READERS``.
* Directories are walked recursively in sorted order. Files of a suffix in
  ``READERS`` are read; every other entry is counted in ``IngestResult.skipped``
  with its reason (hidden, another type, a symlinked folder not followed, a
  broken or looping link), not warned about: folders of articles usually carry
  images and indexes too. A file named explicitly is read as text whatever its
  extension.
* ``-`` reads stdin as one text article, through the same sniffing as files.
* Encodings: UTF-8 (BOM or not), UTF-16/UTF-32 with BOM, UTF-16 without BOM
  when its high bytes say so, else Windows-1256 if the decoded text is mostly
  Arabic. Binary, undecodable, empty and whitespace-only files are warnings.
* Bound (``claimcheck.config``): a file or JSONL line over the maximum article
  size is skipped with a warning naming the bound (folder walks, stdin and
  JSONL alike).
* The same article twice (by normalised text) is kept once, with a
  "duplicate of …" warning.
* A missing path is a warning; only when nothing at all could be read does
  ``read_paths`` raise ``InputError`` (``InputFileNotFound`` if every path
  was missing).
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import jsonlines

from claimcheck import config
from claimcheck.errors import InputError, InputFileNotFound
from claimcheck.text.normalize import normalize
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


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ``data`` reads as UTF-16 text without a BOM, else None.

    In UTF-16 text the high byte of each unit comes from a handful of values
    (0x00 for spaces, digits and Latin, 0x06 for Arabic); in binary data it is
    spread over all 256. So: even length, the two most frequent high bytes
    carry at least 90 % of the units, and the decoding is strict.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    best = None
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        counts = sorted((high.count(b) for b in set(high)), reverse=True)
        share = sum(counts[:2]) / len(high)
        if best is None or share > best[1]:
            best = (codec, share)
    codec, share = best
    if share < 0.9:
        return None
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def article_id(text: str) -> str:
    """Content hash of ``text``: whitespace, BOM and spelling variants do not count."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def decode(data: bytes) -> str:
    """Decode file bytes or raise ``InputError`` saying why not.

    UTF-8/16/32 by BOM, UTF-8 strict, then Windows-1256 when the result is
    mostly Arabic (a Latin-1 or binary file decodes under cp1256 too, so the
    letter mix is the evidence, not the absence of errors).
    """
    failed = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            # FF FE 00 00 is the UTF-32-LE BOM, or the UTF-16-LE one before a NUL
            # character: when one reading fails, the next BOM that matches is tried
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                failed = failed or f"not valid {codec} after its byte-order mark ({e.reason})"
                continue
            if _looks_binary(text):
                raise InputError("binary file (control characters)")
            return text.lstrip("\ufeff")
    if failed:
        raise InputError(failed)
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError("binary file (NUL bytes)")
        text = data.decode(codec, errors="strict")
        if _looks_binary(text):
            raise InputError("binary file (control characters)")
        return text.lstrip("\ufeff")
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


MAX_TITLE_CHARS = 200  # a title is for display; a headline is far shorter


def _title_of(text: str) -> str:
    """First non-empty line, Markdown hashes stripped; a breadcrumb or share
    line above the headline (seed 001) is passed over. A line longer than
    ``MAX_TITLE_CHARS`` is cut at a word boundary with "…"."""
    from claimcheck.text.claims import is_boilerplate  # ingest comes first in the flow

    fallback = ""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if not is_boilerplate(line[: MAX_TITLE_CHARS * 2]):
            return _shorten(line)
        fallback = fallback or _shorten(line)
    return fallback


def _shorten(line: str) -> str:
    if len(line) <= MAX_TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_TITLE_CHARS)
    return line[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS].rstrip() + "…"


def file_key(path: str | Path) -> str:
    """Identity of a file whatever path it was named by: a hash of its real path.

    "A changed file replaces its old version" goes by this key, so ``a.txt``,
    ``./a.txt`` and ``../dir/a.txt`` are one file. A hash, so the index holds
    no absolute path.
    """
    real = os.path.realpath(path)
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class _Collector:
    """Accumulates articles, dropping repeats by content hash, and checks bounds."""

    def __init__(self, max_article_bytes: int) -> None:
        self.result = IngestResult()
        self.seen: dict[str, str] = {}  # article id → path of the first copy
        self.max_article_bytes = max_article_bytes
        self.file_name: str | None = None  # the file being read and its identity
        self.file_key: str | None = None

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.result.warnings.append(IngestWarning(path, line, message))

    def too_big(self, size: int, path: str, line: int | None = None) -> bool:
        """Warn and say so when ``size`` bytes is over the maximum article size."""
        if size <= self.max_article_bytes:
            return False
        self.warn(path, line, f"{size:,} bytes is over the maximum article size ({self.max_article_bytes:,} "
                              f"bytes; --max-article-bytes or {config.MAX_ARTICLE_BYTES_ENV}), skipped")
        return True

    def add(self, article: Article, path: str, line: int | None = None) -> None:
        first = self.seen.get(article.id)
        if first is not None:
            self.warn(path, line, f"duplicate of {first}")
            return
        if article.file_key is None and self.file_key is not None and article.path == self.file_name:
            article = dataclasses.replace(article, file_key=self.file_key)
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

    def add_jsonl(self, lines: list[str | None], path: str) -> None:
        """One article per JSON line; ``None`` stands for a line that is not UTF-8.

        Each bad line is a warning naming ``file:line`` and the others go on. A
        file in which no line is JSON and that looks binary is one warning.
        """
        if not any(line and normalize(line) for line in lines):
            self.warn(path, None, "empty file")
            return
        warnings: list[IngestWarning] = []
        articles: list[tuple[Article, int]] = []
        parsed = 0
        for lineno, line in enumerate(lines, start=1):
            if line is None:
                warnings.append(IngestWarning(path, lineno, "not valid UTF-8, skipped"))
                continue
            line = _clean(line)
            if not line.strip():
                continue
            if self.too_big(len(line.encode("utf-8", "surrogatepass")), path, lineno):
                continue
            try:
                record = jsonlines.Reader([line]).read()
            except jsonlines.InvalidLineError:
                warnings.append(IngestWarning(path, lineno, "malformed JSON line, skipped"))
                continue
            parsed += 1
            before = len(self.result.warnings)
            article = self._jsonl_article(record, path, lineno)
            warnings.extend(self.result.warnings[before:])  # keep the file's warnings in line order
            del self.result.warnings[before:]
            if article is not None:
                articles.append((article, lineno))
        if not parsed and _looks_binary("\n".join(line or "\x00" * 3 for line in lines)):
            self.warn(path, None, "binary file (control characters)")
            return
        self.result.warnings.extend(warnings)
        for article, lineno in articles:
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
        if _has_surrogates(text):
            # JSON may spell lone surrogates ("\\ud800"); no encoder or file can hold them
            self.warn(path, lineno, "'text' holds lone UTF-16 surrogates (\\ud800-\\udfff escapes), skipped")
            return None
        text = _clean(text)

        def field(name: str) -> str | None:
            value = record.get(name)
            if not isinstance(value, str) or _has_surrogates(value):
                return None
            return value.strip() or None

        published = field("published")
        if published is not None and _DATE.match(published):
            published = published[:10]  # "2020-01-22T10:00:00Z" → "2020-01-22"
        elif published is not None:
            from .dates import parse_date  # dateparser loads its data on first use

            published = parse_date(published) or published  # "22 فبراير 2015" → "2015-02-22"
        title = field("title")
        return Article(
            id=article_id(text),
            path=f"{path}:{lineno}",
            title=_shorten(title) if title else _title_of(text),
            text=text,
            source=field("source"),
            published=published,
            url=field("url"),
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


# --------------------------------------------------------------------------- readers

Reader = Callable[[_Collector, bytes, str], None]


def _read_text(col: _Collector, data: bytes, name: str) -> None:
    col.add_text(decode(data), name)


def _read_jsonl(col: _Collector, data: bytes, name: str) -> None:
    """JSON is UTF-8 (RFC 8259), so lines are decoded one by one and a line that
    is not UTF-8 costs that line alone; a UTF-16/32 file (BOM, or the high-byte
    evidence) is decoded whole."""
    wide = [bom for bom, codec in _BOMS if codec != "utf-8-sig" and data.startswith(bom)]
    if wide or (b"\x00" in data and _utf16_without_bom(data)):
        col.add_jsonl(_clean(decode(data)).split("\n"), name)
        return
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    lines: list[str | None] = []
    for raw in data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(None)
    if all(line is None for line in lines if line != ""):  # a whole file in another encoding
        col.add_jsonl(_clean(decode(data)).split("\n"), name)
        return
    col.add_jsonl(lines, name)


def _module_reader(target: str) -> Reader:
    """A reader that lives in its own module of this package ("webpage:read_page"), imported when
    a file of its kind is read. It takes (decoded text, path) and returns an
    Article (raising InputError for a file with none) or yields (Article, line)
    and IngestWarning items; each article is held to the size bound."""
    def read(col: _Collector, data: bytes, name: str) -> None:
        import importlib

        module, func = target.split(":")
        out = getattr(importlib.import_module(f".{module}", __package__), func)(decode(data), name)
        for item in [(out, None)] if isinstance(out, Article) else out:
            if isinstance(item, IngestWarning):
                col.result.warnings.append(item)
            elif not col.too_big(len(item[0].text.encode("utf-8")), name, item[1]):
                col.add(item[0], name, item[1])

    return read


# Suffix → reader. Folder mode reads these and counts everything else as
# skipped; a new format adds its reader here.
READERS: dict[str, Reader] = {
    **{suffix: _read_text for suffix in TEXT_SUFFIXES},
    **{suffix: _read_jsonl for suffix in JSONL_SUFFIXES},
    ".html": _module_reader("webpage:read_page"),
    ".htm": _module_reader("webpage:read_page"),
    ".csv": _module_reader("csvinput:read_csv"),
}
# Readers of files that hold many articles: the size bound applies per article
# (the reader's job), not to the whole file.
COLLECTION_SUFFIXES: set[str] = set(JSONL_SUFFIXES) | {".csv"}


def _walk(root: Path, skipped: list[tuple[str, str]]) -> list[Path]:
    """Files under ``root`` that a reader takes; every other entry goes to ``skipped``."""
    files: list[Path] = []

    def unreadable(err: OSError) -> None:
        skipped.append((str(err.filename or root), f"cannot read folder ({err.strerror or err})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        for d in sorted(dirnames):
            full = here / d
            if d.startswith("."):
                skipped.append((str(full), "hidden"))
                dirnames.remove(d)
            elif full.is_symlink():  # os.walk would not descend; say so
                skipped.append((str(full), "symlinked folder, not followed"))
                dirnames.remove(d)
        for f in filenames:
            full = here / f
            suffix = full.suffix.lower()
            if f.startswith("."):
                skipped.append((str(full), "hidden"))
            elif full.is_symlink() and not full.exists():
                skipped.append((str(full), "broken or looping symlink"))
            elif not full.is_file():
                skipped.append((str(full), "not a regular file"))
            elif suffix not in READERS:
                skipped.append((str(full), f"unsupported type ({suffix or 'no suffix'})"))
            else:
                files.append(full)
    skipped.sort()
    return sorted(files)


def _read_file(col: _Collector, p: Path) -> None:
    name = str(p)
    suffix = p.suffix.lower()
    reader = READERS.get(suffix, _read_text)  # a file named explicitly is read as text
    col.result.files_read += 1
    try:
        size = p.stat().st_size
        if suffix not in COLLECTION_SUFFIXES and col.too_big(size, name):
            return
        data = p.read_bytes()
    except OSError as e:
        col.warn(name, None, f"cannot read ({e.strerror or e})")
        return
    if not data:
        col.warn(name, None, "empty file")
        return
    col.file_name, col.file_key = name, file_key(p)
    try:
        reader(col, data, name)
    except InputError as e:
        col.warn(name, None, str(e))
    finally:
        col.file_name = col.file_key = None


def _read_stdin(col: _Collector, stream: IO) -> None:
    """stdin as bytes through ``decode``, like a file; a text stream (tests) as given."""
    raw = getattr(stream, "buffer", None)
    data = raw.read(col.max_article_bytes + 1) if raw is not None else stream.read()
    if isinstance(data, str):
        if _has_surrogates(data):  # undecodable bytes smuggled in by surrogateescape
            data = data.encode("utf-8", "surrogateescape")
        elif col.too_big(len(data.encode("utf-8")), STDIN_NAME):
            return
        else:
            col.add_text(data, STDIN_NAME)
            return
    if col.too_big(len(data), STDIN_NAME):
        return
    if not data:
        col.warn(STDIN_NAME, None, "empty input")
        return
    try:
        col.add_text(decode(data), STDIN_NAME)
    except InputError as e:
        col.warn(STDIN_NAME, None, str(e))


def read_paths(
    paths: Iterable[str | Path],
    stdin: IO | None = None,
    max_article_bytes: int | None = None,
) -> IngestResult:
    """Read every article under ``paths``; see the module docstring for the rules.

    ``stdin`` stands in for ``sys.stdin`` when a path is ``-`` (tests pass a
    ``StringIO`` or a binary stream). ``max_article_bytes`` defaults to
    ``config.max_article_bytes()``.
    Raises ``InputError`` only when no article could be read.
    """
    col = _Collector(max_article_bytes if max_article_bytes is not None else config.max_article_bytes())
    given = 0
    missing = 0
    for raw in paths:
        given += 1
        if str(raw) == "-":
            col.result.files_read += 1
            _read_stdin(col, stdin if stdin is not None else sys.stdin)
            continue
        p = Path(raw)
        if p.is_dir():
            skipped: list[tuple[str, str]] = []
            files = _walk(p, skipped)
            col.result.skipped.extend(skipped)
            if not files:
                kinds = ", ".join(sorted(READERS))
                col.warn(str(p), None, f"no {kinds} files in directory")
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
