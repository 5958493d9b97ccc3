"""Saved web pages (``.html``/``.htm``) as articles.

A news page carries menus, share bars, "related news" blocks and a comment form
around the story; read as text, all of that became claims. trafilatura keeps the
article's own paragraphs (comments off) and reads the page's metadata; htmldate
finds the publication date in the markup (meta tags, ``<time>``, JSON-LD, the
URL). What is ours is only the mapping onto ``Article``:

* title: the page's headline (og:title, ``<title>`` without the site suffix, h1);
* source: the site name (og:site_name, publisher), else the URL's domain;
* url: the canonical URL (og:url, ``<link rel=canonical>``) when the page gives one;
* published: htmldate's original publication date, else trafilatura's;
* text: the headline, a blank line, then the article's paragraphs, so that the
  title is the first line as for ``.txt`` files and the headline's claim counts.

``read_page(html, path)`` returns the ``Article`` or raises ``InputError`` saying
why the page has no article text.
"""

from __future__ import annotations

from urllib.parse import urlparse

from .dates import parse_date
from ..errors import InputError

SUFFIXES = frozenset({".html", ".htm"})
MIN_STORY_WORDS = 6


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def read_page(html: str, path: str):
    """The article on a saved news page (see the module docstring)."""
    import trafilatura  # heavy (lxml, justext): only when a page is read
    from htmldate import find_date

    from .ingest import article_id  # ingest imports this module lazily

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_precision=True, deduplicate=False)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    # On a page with no story trafilatura falls back to whatever text there is
    # (a menu: "Home World news"); a story has at least one sentence-long line.
    if not any(len(line.split()) >= MIN_STORY_WORDS for line in body.split("\n")):
        raise InputError("no article text found in the page")
    title = (doc.title or "").strip()
    url = (doc.url or "").strip() or None
    if url and not urlparse(url).scheme.startswith("http"):
        url = None
    source = (doc.sitename or "").strip() or _domain(url)
    try:
        # original_date: the first publication, not the "updated" stamp; no
        # extensive search, which would take a date from a sidebar or the footer
        published = find_date(html, original_date=True, extensive_search=False, url=url)
    except (ValueError, TypeError):
        published = None
    published = parse_date(published) or parse_date(getattr(doc, "date", None))
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    text = "\n\n".join(([title] if title else []) + lines)
    from ..types import Article

    return Article(id=article_id(text), path=path, title=title or lines[0], text=text,
                   source=source, published=published, url=url)
