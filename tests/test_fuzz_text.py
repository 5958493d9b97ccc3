"""Property tests (hypothesis) of normalize, segment, claims, decoding, the file
and JSONL readers, and indexing, over arbitrary Unicode with every Arabic block
weighted in. Properties: no exception escapes except claimcheck's error family,
offsets stay true to the original text, and every good article is read and
indexed. Counts go to the reliability table (tests/reliability.py)."""

from __future__ import annotations

import io
import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimcheck import pipeline
from claimcheck.text.claims import extract_claims
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.index import ClaimIndex
from claimcheck.text.ingest import article_id, decode, read_paths
from claimcheck.text.normalize import normalize, normalize_with_offsets, numbers, tokens
from claimcheck.text.segment import split_clauses, split_long, split_sentences
from claimcheck.types import Article
from reliability import TABLE

ARABIC_BLOCKS = [
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x089F),  # Arabic Extended-B
    (0x08A0, 0x08FF),  # Arabic Extended-A
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
    (0x10E60, 0x10E7F),  # Rumi numeral symbols
    (0x10EC0, 0x10EFF),  # Arabic Extended-C
    (0x1EC70, 0x1ECBF),  # Indic Siyaq numbers
    (0x1EE00, 0x1EEFF),  # Arabic mathematical alphabetic symbols
]
# what real news text is made of, so the generated texts have sentences, clauses,
# quotes, numbers and attribution phrases as well as noise
PIECES = ["قال", "المصدر", "إن", "الجزائر", "أبلغت", "القاهرة", "، إلا أن", "، لكن", "، وبينما", "حسب مصدر",
          "وفقا لـ", "«", "»", "“", "”", '"', ".", "؟", "!", "؛", "…", "3.5", "١٠", "ألف", "د.", "م.", "\n",
          "\u00a0", "\u200f", "\u200d", "ـ", "ﷺ", "﴿", "﴾", "﷽", "- ", "(ليبيا)", "U.S.A", "ت.غ"]
SURROGATES = (0xD800, 0xDFFF)


def _block(lo, hi):
    return st.characters(min_codepoint=lo, max_codepoint=hi, exclude_categories=("Cs",))


chars = st.one_of(*[_block(lo, hi) for lo, hi in ARABIC_BLOCKS], st.characters(exclude_categories=("Cs",)),
                  st.sampled_from(list(string.whitespace + string.punctuation)))
texts = st.lists(st.one_of(st.text(chars, max_size=12), st.sampled_from(PIECES)), max_size=40).map("".join)

# CLAIMCHECK_FUZZ_EXAMPLES=3000 for a deeper run than CI's
_N = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300"))
FAST = settings(max_examples=_N, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=max(10, _N // 5), deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


for _key in ("inputs", "crashes", "articles_lost", "articles_checked"):
    TABLE[_key] += 0  # the rows show even when nothing went wrong


def _count(n: int = 1) -> None:
    TABLE["inputs"] += n


def _guard(fn, *args, allowed=(ClaimcheckError,)):
    """Run ``fn``; an exception outside ``allowed`` is a crash (counted, then raised)."""
    try:
        return fn(*args)
    except allowed:
        raise
    except Exception:
        TABLE["crashes"] += 1
        raise


@FAST
@given(texts)
def test_normalize_properties(text):
    _count()
    norm, offsets = _guard(normalize_with_offsets, text)
    assert len(norm) == len(offsets)
    assert offsets == sorted(offsets) and all(0 <= o < len(text) for o in offsets)
    assert normalize(text) == norm  # the fast path and the offsets path agree
    assert normalize(norm) == norm  # one matching form: idempotent
    assert "  " not in norm and norm == norm.strip()
    _guard(tokens, text)
    for n in _guard(numbers, text):
        assert text[n.start:n.end] == n.surface


def test_every_code_point_of_every_arabic_block_normalises():
    for lo, hi in ARABIC_BLOCKS:
        for cp in range(lo, hi + 1):
            s = f"قال{chr(cp)} المصدر {chr(cp)}"
            norm, offsets = _guard(normalize_with_offsets, s)
            assert len(norm) == len(offsets) and normalize(s) == norm
            assert normalize(norm) == norm
            _count()


@FAST
@given(texts, st.integers(min_value=5, max_value=200))
def test_segment_spans_are_ordered_trimmed_and_bounded(text, max_chars):
    _count()
    sentences = _guard(split_sentences, text)
    end = 0
    for s, e in sentences:
        assert end <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        end = e
        last = s
        for cs, ce in _guard(split_clauses, text, s, e):
            assert last <= cs < ce <= e
            last = ce
            for ps, pe in split_long(text, cs, ce, max_chars):
                assert cs <= ps < pe <= ce and pe - ps <= max_chars


@FAST
@given(texts, st.integers(min_value=10, max_value=300))
def test_claims_quote_the_original_and_respect_the_bound(text, max_chars):
    _count()
    art = Article(id=article_id(text), path="x.txt", title="t", text=text)
    claims = _guard(extract_claims, art, max_chars)
    for c in claims:
        assert text[c.start:c.end] == c.text
        assert len(c.text) <= max_chars
        assert c.norm == normalize(c.text)


@FAST
@given(st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8")),
                 st.tuples(texts, st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"]))
                 .map(lambda x: x[0].encode(x[1]))))
def test_decode_returns_text_or_says_why_not(data):
    _count()
    try:
        text = _guard(decode, data)
    except InputError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: every later stage can write it


def _good(text: str, utf8: bool = True) -> bool:
    """A text a reader must turn into an article: a letter or digit somewhere, and
    not what the documented rule calls binary (a NUL byte in a UTF-8 file, or more
    control characters than one in 200)."""
    controls = sum(ch < " " and ch not in "\t\n\r\x0b\x0c" or ch == "\x7f" for ch in text)
    if (utf8 and "\x00" in text) or controls > max(2, len(text) // 200):
        return False
    return any(ch.isalnum() for ch in text) and bool(normalize(text))


@SLOWER
@given(st.lists(st.one_of(
    st.tuples(st.just("txt"), texts),
    st.tuples(st.just("bin"), st.binary(min_size=1, max_size=300)),
    st.tuples(st.just("u16"), texts),
), min_size=1, max_size=6))
def test_folder_reading_keeps_every_good_article(tmp_path_factory, files):
    d = tmp_path_factory.mktemp("fuzz")
    expected = set()
    for i, (kind, payload) in enumerate(files):
        p = d / f"{i:02d}.txt"
        if kind == "bin":
            p.write_bytes(payload)
        elif kind == "u16":
            p.write_bytes(payload.encode("utf-16"))
        else:
            p.write_bytes(payload.encode("utf-8"))
        if kind != "bin" and _good(payload, utf8=kind == "txt"):
            expected.add(payload)
    _count(len(files))
    try:
        result = _guard(read_paths, [d])
    except InputError:
        assert not expected
        return
    got = {a.id for a in result.articles}
    for text in expected:
        clean = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        TABLE["articles_checked"] += 1
        if article_id(clean) not in got:
            TABLE["articles_lost"] += 1
            raise AssertionError(f"good article lost: {clean[:80]!r}")


jsonl_lines = st.one_of(
    st.builds(lambda t, title: json.dumps({"text": t, "title": title, "published": "2020-01-22T10:00:00Z"},
                                          ensure_ascii=False), texts, st.one_of(st.none(), texts)),
    st.builds(lambda v: json.dumps(v), st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["text", "title", "id", "url"]),
                                                                     inner, max_size=3), max_leaves=6)),
    st.text(chars, max_size=30).filter(lambda s: "\n" not in s and "\r" not in s),
    st.just('{"text": "\\ud800 مصدر"}'),
)


@SLOWER
@given(st.lists(jsonl_lines, min_size=1, max_size=8))
def test_jsonl_lines_are_articles_or_warnings(tmp_path_factory, lines):
    d = tmp_path_factory.mktemp("jsonl")
    p = d / "a.jsonl"
    p.write_text("\n".join(lines) + "\n", "utf-8")
    _count(len(lines))
    expected = set()
    for line in lines:
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("text"), str) and _good(rec["text"]):
            t = rec["text"]
            if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in t):
                expected.add(article_id(t.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")))
    try:
        result = _guard(read_paths, [p])
    except InputError:
        assert not expected
        return
    for w in result.warnings:
        assert w.path == str(p) and "\n" not in w.message
    got = {a.id for a in result.articles}
    TABLE["articles_checked"] += len(expected)
    lost = expected - got
    TABLE["articles_lost"] += len(lost)
    assert not lost


@SLOWER
@given(st.lists(texts, min_size=1, max_size=4), st.booleans())
def test_indexing_keeps_every_good_article(tmp_path_factory, bodies, via_stdin):
    """End to end with the deterministic encoder: read, claims, embed, commit, reopen."""
    d = tmp_path_factory.mktemp("ix")
    paths = []
    for i, body in enumerate(bodies):
        p = d / f"{i}.txt"
        p.write_text(body, "utf-8")
        paths.append(p)
    _count(len(bodies))
    stdin = None
    if via_stdin:
        stdin = io.TextIOWrapper(io.BytesIO(bodies[0].encode("utf-16")), encoding="utf-8")
        paths[0] = "-"
    expected = set()
    for i, body in enumerate(bodies):
        clean = body.replace("\r\n", "\n").replace("\r", "\n")
        if _good(body, utf8=not (via_stdin and i == 0)):
            expected.add(article_id(clean.lstrip("\ufeff")))
    try:
        _guard(pipeline.index_paths, paths, d / "index", "hash.v1", stdin)
    except InputError:
        assert not expected
        return
    got = {a.id for a in ClaimIndex.open(d / "index").articles}
    TABLE["articles_checked"] += len(expected)
    lost = expected - got
    TABLE["articles_lost"] += len(lost)
    assert not lost


@SLOWER
@given(st.lists(st.one_of(st.binary(max_size=200), texts.map(lambda t: t.encode("utf-8")),
                          texts.map(lambda t: t.encode("utf-16-le"))), min_size=1, max_size=3),
       st.one_of(st.binary(max_size=200), texts.map(lambda t: t.encode("cp1256", errors="ignore"))),
       st.sampled_from([".txt", ".md", ".jsonl", ".png", ""]))
def test_the_cli_exits_cleanly_on_any_input(tmp_path_factory, files, stdin_bytes, suffix):
    """`claimcheck index` over fuzzed files and stdin: exit 0 or 2, never a traceback."""
    from typer.testing import CliRunner

    from claimcheck.cli import app

    d = tmp_path_factory.mktemp("cli")
    for i, data in enumerate(files):
        (d / f"{i}{suffix}").write_bytes(data)
    _count(len(files) + 1)
    res = CliRunner().invoke(app, ["-q", "index", str(d), "-", "--index", str(d / "ix"), "--encoder", "hash.v1"],
                             input=stdin_bytes)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        TABLE["crashes"] += 1
        raise res.exception
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.output
