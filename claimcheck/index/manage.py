"""Index management: list the indexes in a folder, describe one, remove articles.

Each function returns plain JSON-able data; the CLI prints it. Listing reads only
manifests (fast, and a damaged index is listed with its error instead of stopping
the listing); ``index_stats`` opens the index, so it also verifies the checksums;
``remove_articles`` writes through the index's own save path, so a removal lands
as one new generation or not at all.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Iterable

from ..config import default_index_dir
from ..errors import IndexError_, IndexNotFound, InputError
from .store import ClaimIndex, read_manifest
from ..types import Article

UNDATED = "undated"
NO_SOURCE = "(no source)"


def _folder_bytes(path: Path) -> int:
    total, seen = 0, set()
    for root, _, files in os.walk(path):
        for f in files:
            try:
                st = os.stat(os.path.join(root, f))
            except OSError:  # removed while we walk (a concurrent write's leftovers)
                continue
            if (st.st_dev, st.st_ino) not in seen:  # generations share segment files (hard links)
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def _is_index(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _summary(path: Path) -> dict:
    row: dict = {"name": path.name, "path": str(path)}
    try:
        gen, m = read_manifest(path)
    except IndexError_ as e:
        return {**row, "error": str(e)}
    return {
        **row,
        "articles": m.get("counts", {}).get("articles"),
        "claims": m.get("counts", {}).get("claims"),
        "encoder": m.get("encoder", {}).get("name"),
        "generation": m.get("generation"),
        "size_bytes": _folder_bytes(path),
        "created": m.get("created"),
        "updated": m.get("updated"),
    }


def list_indexes(root: str | Path | None = None) -> list[dict]:
    """One summary per index in ``root`` (or ``root`` itself if it is an index;
    default: the default index's folder, ``config.default_index_dir().parent``):
    name, path, articles, claims, encoder, generation, size on disk, created, updated.
    An index whose manifest cannot be read is listed with ``error`` instead."""
    root = Path(root) if root is not None else default_index_dir().parent
    if not root.is_dir():
        raise IndexNotFound(f"{root}: no such folder")
    if _is_index(root):
        return [_summary(root)]
    return [_summary(p) for p in sorted(root.iterdir(), key=lambda p: p.name) if p.is_dir() and _is_index(p)]


def _nli_caches(path: Path) -> dict[str, int]:
    out = {}
    for f in sorted((path / "nli-cache").glob("*.jsonl")):
        with open(f, "rb") as fh:
            out[f.stem] = sum(1 for line in fh if line.strip())
    return out


def index_stats(path: str | Path) -> dict:
    """What an index holds and how it is stored. Opens (and so verifies) the index."""
    path = Path(path)
    idx = ClaimIndex.open(path)
    m = idx.manifest
    per_article: dict[str, int] = {}
    for c in idx.claims:
        per_article[c.article_id] = per_article.get(c.article_id, 0) + 1
    counts = [per_article.get(a.id, 0) for a in idx.articles]
    sources: dict[str, int] = {}
    for a in idx.articles:
        key = a.source or NO_SOURCE
        sources[key] = sources.get(key, 0) + 1
    days = sorted(a.published[:10] for a in idx.articles if a.published)
    return {
        "index": str(path),
        "format": m.get("format"),
        "generation": m.get("generation"),
        "written_by": m.get("claimcheck_version"),
        "libraries": m.get("libraries", {}),
        "encoder": idx.encoder,
        "counts": {"articles": len(idx.articles), "claims": len(idx.claims)},
        "claims_per_article": {
            "min": min(counts, default=0), "median": statistics.median(counts) if counts else 0,
            "max": max(counts, default=0)},
        "sources": dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        "published": {"earliest": days[0] if days else None, "latest": days[-1] if days else None,
                      UNDATED: len(idx.articles) - len(days)},
        "search": m.get("search", {}),
        # appended segments (v2); a v1 index is one segment of its own files
        "segments": [{"name": sg["name"], "articles": sg["counts"]["articles"], "claims": sg["counts"]["claims"],
                      "deleted_articles": len(sg["deleted"]), "search": sg["search"].get("type")}
                     for sg in m.get("segments", [])],
        "files": {name: meta["bytes"] for name, meta in m.get("files", {}).items()},
        "nli_cache": _nli_caches(path),
        "size_bytes": _folder_bytes(path),
        "created": m.get("created"),
        "updated": m.get("updated"),
        "verified": True,
    }


def _refers_to(ref: str, a: Article) -> bool:
    if ref in (a.id, a.url, a.path):
        return True
    # a path given another way (./x.txt, absolute), or a .jsonl file for all its lines
    own = a.path.rsplit(":", 1)[0] if ".jsonl:" in a.path else a.path
    if a.path.startswith("<"):
        return False
    return os.path.abspath(ref) in (os.path.abspath(a.path), os.path.abspath(own))


def find_articles(index: ClaimIndex, refs: Iterable[str]) -> tuple[list[Article], list[str]]:
    """Articles that ``refs`` name (article id, file path, ``file.jsonl`` for all its
    lines or ``file.jsonl:LINE``, or URL), and the refs that name none."""
    found: dict[str, Article] = {}
    unknown = []
    for ref in refs:
        hits = [a for a in index.articles if _refers_to(ref, a)]
        if not hits:
            unknown.append(ref)
        for a in hits:
            found.setdefault(a.id, a)
    return list(found.values()), unknown


def remove_articles(path: str | Path, refs: list[str], dry_run: bool = False) -> dict:
    """Remove the articles ``refs`` name, with their claims and vectors, as one write.

    Every ref must name an article: if one does not, nothing is removed and
    InputError says which. NLI scores cached for the index stay (they are keyed by
    the texts and cost nothing to keep).
    """
    if not refs:
        raise InputError("name at least one article (id, path or URL) to remove")
    # under the writer lock from reading to saving: a concurrent `index` waits
    # for the removal (or the removal for it) instead of one dropping the other
    with ClaimIndex.writing(path, None) as idx:
        return _remove(idx, path, refs, dry_run)


def _remove(idx: ClaimIndex, path: str | Path, refs: list[str], dry_run: bool) -> dict:
    arts, unknown = find_articles(idx, refs)
    if unknown:
        raise InputError(f"{path}: no article with id, path or URL {', '.join(repr(r) for r in unknown)}; "
                         "nothing removed")
    per_article: dict[str, int] = {}
    for c in idx.claims:
        per_article[c.article_id] = per_article.get(c.article_id, 0) + 1
    removed = [{"id": a.id, "path": a.path, "title": a.title, "url": a.url, "claims": per_article.get(a.id, 0)}
               for a in arts]
    claims_removed = sum(r["claims"] for r in removed)
    generation = idx.manifest.get("generation")
    if not dry_run:
        idx.remove_articles(a.id for a in arts)
        idx.save()
        generation = idx.manifest.get("generation")
    return {
        "index": str(path), "dry_run": dry_run, "removed": removed, "claims_removed": claims_removed,
        "articles_left": len(idx.articles) - (len(arts) if dry_run else 0),
        "claims_left": len(idx.claims) - (claims_removed if dry_run else 0),
        "generation": generation,
    }
