"""The records that flow through the pipeline: ingest → segment → claims."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    id: str  # content hash of the text (hex, 16 chars); the same text twice is one article
    path: str  # file path, "<stdin>", or "file.jsonl:LINE"
    title: str
    text: str  # original text, unchanged (BOM stripped, newlines normalised to \n)
    source: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    url: str | None = None
    # hash of the file's real path (``ingest.file_key``): a changed file replaces
    # its old version whatever path named it; None for stdin and JSONL lines
    file_key: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    id: str  # hash of article id + span
    article_id: str
    sentence_index: int  # index of the sentence in the article
    start: int  # character offsets into Article.text; text == article.text[start:end]
    end: int
    text: str
    norm: str  # normalised form, used for matching and hashing
    attribution: str | None = None  # e.g. "مصدر عليم", "وكالة الأناضول"
    clause_index: int = 0  # index of the clause within its sentence

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class IngestWarning:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    files_read: int = 0  # files (and stdin) opened by a reader
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) not read in folder mode
