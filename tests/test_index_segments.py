"""Segmented index generations (format v2): an append writes one new segment and
a manifest, links the stored segments, and searches exactly like an index built
from scratch over the same articles; removals are tombstones until a merge."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import claimcheck.index.store as I
from claimcheck.index import manage
from claimcheck import pipeline
from claimcheck.errors import IndexError_
from claimcheck.index import ClaimIndex, build_faiss
from claimcheck.types import Article, Claim

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "index-v1"
PLACES = ["الجزائر", "تونس", "القاهرة", "بنغازي", "طرابلس", "الرباط", "عمان", "بيروت", "دمشق", "الدوحة"]
VERBS = ["أعلنت", "نفت", "أكدت", "رفضت", "قبلت", "أبلغت"]


def _folder(root: Path, tag: str, n: int) -> Path:
    d = root / tag
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place, verb = PLACES[i % len(PLACES)], VERBS[(i + len(tag)) % len(VERBS)]
        (d / f"{tag}-{i:02d}.txt").write_text(
            f"{verb} حكومة {place} خبرا رقم {i} من سلسلة {tag}\n\n"
            f"وقال المصدر إن حكومة {place} {verb} اليوم القرار رقم {i} في سلسلة {tag} بعد اجتماع طويل.\n"
            f"وأضاف أن الوفد سيزور {PLACES[(i + 3) % len(PLACES)]} الأسبوع المقبل لبحث الملف {i} من {tag}.\n",
            "utf-8")
    return d


def _gen(ix: Path) -> Path:
    return ix / (ix / "CURRENT").read_text().strip()


def _inodes(gen: Path) -> dict[str, int]:
    return {str(p.relative_to(gen)): p.stat().st_ino for p in gen.rglob("*") if p.is_file()}


def _same_search(a: ClaimIndex, b: ClaimIndex, k: int = 8) -> None:
    """Same live claims in the same order, same vectors, same top-k (claim ids and scores)."""
    assert [c.id for c in a.claims] == [c.id for c in b.claims]
    assert [x.id for x in a.articles] == [x.id for x in b.articles]
    np.testing.assert_array_equal(np.asarray(a.vectors), np.asarray(b.vectors))
    rng = np.random.default_rng(0)
    q = np.asarray(a.vectors[:: max(1, len(a.claims) // 25)], np.float32)
    q = np.concatenate([q, rng.normal(size=(10, q.shape[1])).astype(np.float32)])
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    sa, ia = a.search(q, k)
    sb, ib = b.search(q, k)
    np.testing.assert_allclose(sa, sb, rtol=0, atol=1e-6)
    # equal scores (the hash encoder repeats some) may come in either order, and a tie at the
    # k-th place may keep either claim, as in any FAISS search: the claims above the k-th score match
    def above_kth(idx, s, i):
        return [{idx.claims[r].id for x, r in zip(srow, irow) if x > srow[-1] + 1e-5} for srow, irow in zip(s, i)]

    assert above_kth(a, sa, ia) == above_kth(b, sb, ib)


def _scratch(tmp_path: Path, folders: list[Path], name: str = "scratch") -> ClaimIndex:
    ix = tmp_path / name
    pipeline.index_paths(folders, ix, encoder="hash.v1")
    return ClaimIndex.open(ix)


def test_append_writes_only_the_new_segment(tmp_path):
    ix = tmp_path / "ix"
    a, b = _folder(tmp_path, "a", 30), _folder(tmp_path, "b", 3)
    pipeline.index_paths([a], ix, encoder="hash.v1")
    gen1 = _gen(ix)
    before = _inodes(gen1)
    res = pipeline.index_paths([b], ix, encoder="hash.v1")
    gen2 = _gen(ix)
    assert gen2.name == "gen-000002" and not gen1.exists()
    w = res.index.last_write
    assert w["merged"] is False and w["segments"] == 2 and w["files_linked"] == 3
    new_files = {"seg-000002/articles.jsonl", "seg-000002/claims.jsonl", "seg-000002/vectors.f16.npy"}
    assert {name for name, _ in w["files_written"]} == new_files | {"manifest.json"}
    after = _inodes(gen2)
    # the stored segment is the same inodes (hard links), not a copy
    before.pop("manifest.json")
    assert {k: v for k, v in after.items() if k.startswith("seg-000001/")} == before
    sizes = {k: (gen2 / k).stat().st_size for k in after}
    assert w["bytes_written"] == sum(sizes[k] for k in new_files | {"manifest.json"})
    old_bytes = sum(v for k, v in sizes.items() if k.startswith("seg-000001/"))
    assert sum(sizes[k] for k in new_files) < old_bytes / 5  # 3 articles of 33: about a tenth
    m = res.index.manifest
    assert m["format"] == "claimcheck-index.v2" and [s["name"] for s in m["segments"]] == ["seg-000001", "seg-000002"]
    assert [s["counts"]["articles"] for s in m["segments"]] == [30, 3]
    assert sorted(os.listdir(ix)) == [".lock", "CURRENT", "gen-000002"]


def test_without_hard_links_the_stored_segment_is_copied(tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    a, b = _folder(tmp_path, "a", 5), _folder(tmp_path, "b", 2)
    pipeline.index_paths([a], ix, encoder="hash.v1")
    before = _inodes(_gen(ix))

    def no_links(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(I.os, "link", no_links)
    res = pipeline.index_paths([b], ix, encoder="hash.v1")
    w = res.index.last_write
    assert {n for n, _ in w["files_written"]} >= {"seg-000001/claims.jsonl", "seg-000002/claims.jsonl"}
    assert not set(_inodes(_gen(ix)).values()) & set(before.values())
    _same_search(ClaimIndex.open(ix), _scratch(tmp_path, [a, b]))


def test_appends_search_exactly_like_a_build_from_scratch(tmp_path):
    ix = tmp_path / "ix"
    folders = [_folder(tmp_path, t, n) for t, n in (("a", 12), ("b", 5), ("c", 7))]
    for f in folders:
        pipeline.index_paths([f], ix, encoder="hash.v1")
    idx = ClaimIndex.open(ix)
    assert len(idx.manifest["segments"]) == 3 and idx._faiss is None
    _same_search(idx, _scratch(tmp_path, folders))
    # restricted search (filters) sees the same rows too
    rows = np.arange(0, len(idx.claims), 3)
    s1, i1 = idx.search(np.asarray(idx.vectors[:4], np.float32), 5, rows=rows)
    s2, i2 = _scratch(tmp_path, folders, "scratch2").search(np.asarray(idx.vectors[:4], np.float32), 5, rows=rows)
    np.testing.assert_array_equal(i1, i2)


def test_remove_is_a_tombstone_then_append(tmp_path):
    ix = tmp_path / "ix"
    a, b, c = _folder(tmp_path, "a", 12), _folder(tmp_path, "b", 4), _folder(tmp_path, "c", 3)
    pipeline.index_paths([a], ix, encoder="hash.v1")
    pipeline.index_paths([b], ix, encoder="hash.v1")
    gone = sorted(a.iterdir())[5]
    out = manage.remove_articles(ix, [str(gone)])
    idx = ClaimIndex.open(ix)
    segs = idx.manifest["segments"]
    assert [s["deleted"] for s in segs] == [[out["removed"][0]["id"]], []]
    assert all(c.article_id != out["removed"][0]["id"] for c in idx.claims)
    gen = _gen(ix)
    assert sorted(p.relative_to(gen).as_posix() for p in gen.rglob("*") if p.is_file()) == [
        "manifest.json", *(f"{s}/{f}" for s in ("seg-000001", "seg-000002")
                           for f in ("articles.jsonl", "claims.jsonl", "vectors.f16.npy"))]
    pipeline.index_paths([c], ix, encoder="hash.v1")
    idx = ClaimIndex.open(ix)
    assert len(idx.manifest["segments"]) == 3
    shutil.move(str(gone), tmp_path / "gone.txt")
    _same_search(idx, _scratch(tmp_path, [a, b, c]))
    # the removed article indexed again: live in a new segment, still a tombstone in its old one
    shutil.move(str(tmp_path / "gone.txt"), gone)
    pipeline.index_paths([gone], ix, encoder="hash.v1")
    idx = ClaimIndex.open(ix)
    assert out["removed"][0]["id"] in {x.id for x in idx.articles}
    assert [len(s["deleted"]) for s in idx.manifest["segments"]] == [1, 0, 0, 0]


def test_changed_file_is_a_tombstone_and_a_new_segment(tmp_path):
    ix = tmp_path / "ix"
    a = _folder(tmp_path, "a", 10)
    pipeline.index_paths([a], ix, encoder="hash.v1")
    f = sorted(a.iterdir())[0]
    f.write_text(f.read_text("utf-8").replace("اجتماع طويل", "اجتماع قصير جدا"), "utf-8")
    res = pipeline.index_paths([a], ix, encoder="hash.v1")
    assert res.stats.articles_replaced == 1 and not res.index.last_write["merged"]
    idx = ClaimIndex.open(ix)
    assert [len(s["deleted"]) for s in idx.manifest["segments"]] == [1, 0]
    assert len(idx.articles) == 10
    # live order: the old segment's survivors, then the new version
    assert idx.articles[-1].path == str(f)


def test_merge_by_segment_count_and_by_deleted_share(tmp_path, monkeypatch):
    monkeypatch.setattr(I, "MERGE_SEGMENTS", 3)
    ix = tmp_path / "ix"
    folders = [_folder(tmp_path, t, 4) for t in ("a", "b", "c", "d")]
    merged = []
    for f in folders:
        merged.append(pipeline.index_paths([f], ix, encoder="hash.v1").index.last_write["merged"])
    assert merged == [True, False, False, True]  # the first write, then the 4th segment
    idx = ClaimIndex.open(ix)
    assert [s["name"] for s in idx.manifest["segments"]] == ["seg-000004"]
    assert idx._faiss is not None and idx._faiss.ntotal == len(idx.claims)
    _same_search(idx, _scratch(tmp_path, folders))
    # more than MERGE_DELETED of the stored rows deleted: merged, the tombstones gone
    e = _folder(tmp_path, "e", 8)
    pipeline.index_paths([e], ix, encoder="hash.v1")
    out = manage.remove_articles(ix, [str(p) for p in sorted(folders[0].iterdir())])
    idx = ClaimIndex.open(ix)
    assert [s["deleted"] for s in idx.manifest["segments"]] == [sorted(x["id"] for x in out["removed"]), []]
    manage.remove_articles(ix, [str(p) for p in sorted(folders[1].iterdir())])
    idx = ClaimIndex.open(ix)
    assert [s["deleted"] for s in idx.manifest["segments"]] == [[]]
    for f in folders[:2]:
        shutil.rmtree(f)
    _same_search(idx, _scratch(tmp_path, [*folders[2:], e], "scratch-after-rm"))
    # and on demand
    with ClaimIndex.writing(ix, None) as w:
        w.save(merge=True)
    assert w.last_write["merged"] and ClaimIndex.open(ix).manifest["generation"] == idx.manifest["generation"] + 1


def test_every_damaged_segment_file_is_detected(tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([_folder(tmp_path, "a", 6)], ix, encoder="hash.v1")
    pipeline.index_paths([_folder(tmp_path, "b", 2)], ix, encoder="hash.v1")
    files = ClaimIndex.open(ix).manifest["files"]
    assert len(files) == 6
    for name in files:
        for how in ("flip", "truncate", "delete"):
            copy = tmp_path / f"copy-{name.replace('/', '_')}-{how}"
            shutil.copytree(ix, copy)  # copies, not links: damage stays in the copy
            target = _gen(copy) / name
            data = bytearray(target.read_bytes())
            if how == "flip":
                data[len(data) // 2] ^= 0x20
                target.write_bytes(bytes(data))
            elif how == "truncate":
                target.write_bytes(bytes(data[: len(data) // 2]))
            else:
                target.unlink()
            with pytest.raises(IndexError_, match="damaged"):
                ClaimIndex.open(copy)


def test_a_segment_file_the_manifest_does_not_list_is_damage(tmp_path):
    ix = tmp_path / "ix"
    pipeline.index_paths([_folder(tmp_path, "a", 3)], ix, encoder="hash.v1")
    gen = _gen(ix)
    m = json.loads((gen / "manifest.json").read_text("utf-8"))
    del m["files"]["seg-000001/claims.jsonl"]
    m["checksum"] = I._manifest_checksum(m)
    (gen / "manifest.json").write_text(json.dumps(m, ensure_ascii=False, indent=2), "utf-8")
    with pytest.raises(IndexError_, match="lists no seg-000001/claims.jsonl"):
        ClaimIndex.open(ix)


def _clustered(n, d=32, centres=60, seed=0):
    c = np.random.default_rng(0).normal(size=(centres, d))  # new rows: the same topics, other points
    rng = np.random.default_rng(seed)
    x = c[rng.integers(0, centres, n)] + 0.3 * rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float16)


def _claims(tag: str, n: int) -> list[Claim]:
    return [Claim(id=f"{tag}{i}", article_id=f"{tag}-art{i // 10}", sentence_index=i, start=0, end=1, text="x",
                  norm="x") for i in range(n)]


def _articles(tag: str, n: int) -> list[Article]:
    return [Article(id=f"{tag}-art{j}", path=f"{tag}{j}.txt", title="t", text="x") for j in range((n + 9) // 10)]


def test_ann_segment_appends_searches_and_detects_a_damaged_faiss_file(tmp_path, monkeypatch):
    """A large first segment keeps its IVF index; appended flat segments are
    searched with it, and a merge adds their rows to a copy of it."""
    ix = tmp_path / "ix"
    x = _clustered(3000)
    idx = ClaimIndex(path=ix, encoder={"name": "t", "dim": 32}, vectors=x)
    idx.articles, idx.claims = _articles("a", 3000), _claims("a", 3000)
    idx._faiss, info = build_faiss(x, exact_max=1000)
    assert info["type"] == "ivf-sq8"
    idx.manifest = {"search": info}
    idx.save()
    assert "seg-000001/claims.faiss" in idx.manifest["files"]
    y = _clustered(200, seed=1)
    idx.articles += _articles("b", 200)
    idx.claims += _claims("b", 200)
    idx.vectors = np.concatenate([np.asarray(idx.vectors), y])
    idx._changed()
    idx.save()
    assert not idx.last_write["merged"] and len(idx.manifest["segments"]) == 2
    back = ClaimIndex.open(ix)
    q = np.asarray(y[:50], np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    allv = np.concatenate([x, y]).astype(np.float32)
    truth = np.argsort(-(q @ allv.T), axis=1)[:, :10]

    def recall(ix):
        _, got = ix.search(q, 10)
        return np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)])

    assert recall(back) >= 0.9
    # a merge: a copy of the IVF index takes the 200 rows, nothing retrained
    monkeypatch.setattr(I, "build_faiss", lambda *a, **k: pytest.fail("retrained on merge"))
    monkeypatch.setattr(I, "EXACT_MAX", 1000)
    with ClaimIndex.writing(ix, None) as w:
        w.save(merge=True)
    merged = ClaimIndex.open(ix)
    assert merged._faiss.ntotal == 3200 and merged.manifest["search"]["nprobe"] == info["nprobe"]
    assert recall(merged) >= 0.9
    [f] = _gen(ix).glob("seg-*/claims.faiss")
    data = bytearray(f.read_bytes())
    data[len(data) // 3] ^= 0x01
    f.write_bytes(bytes(data))
    with pytest.raises(IndexError_, match="checksum mismatch"):
        ClaimIndex.open(ix)


def test_old_format_index_opens_and_takes_appends(tmp_path):
    ix = tmp_path / "v1"
    shutil.copytree(FIXTURE_V1, ix)
    old = ClaimIndex.open(ix)
    assert old.manifest["format"] == "claimcheck-index.v1" and len(old.articles) == 2 and len(old.claims) == 6
    gen1 = _gen(ix)
    inodes = {n: (gen1 / n).stat().st_ino for n in ("articles.jsonl", "claims.jsonl", "vectors.f16.npy")}
    res = pipeline.index_paths([_folder(tmp_path, "new", 3)], ix, encoder="hash.v1")
    assert not res.index.last_write["merged"]
    idx = ClaimIndex.open(ix)
    m = idx.manifest
    assert m["format"] == "claimcheck-index.v2" and [s["name"] for s in m["segments"]] == ["seg-000001", "seg-000002"]
    gen = _gen(ix)
    # the v1 files became segment seg-000001 by hard links, claims.faiss included
    assert {n: (gen / "seg-000001" / n).stat().st_ino for n in inodes} == inodes
    assert (gen / "seg-000001" / "claims.faiss").is_file()
    assert {n for n, _ in res.index.last_write["files_written"]} == {
        "manifest.json", "seg-000002/articles.jsonl", "seg-000002/claims.jsonl", "seg-000002/vectors.f16.npy"}
    assert [c.id for c in idx.claims[:6]] == [c.id for c in old.claims]
    np.testing.assert_array_equal(np.asarray(idx.vectors[:6]), np.asarray(old.vectors))
    s, i = idx.search(np.asarray(old.vectors[:3], np.float32), 1)
    assert i[:, 0].tolist() == [0, 1, 2] and np.allclose(s[:, 0], 1, atol=1e-2)
    # removal from the old segment, and an unchanged read of it after
    manage.remove_articles(ix, [old.articles[1].id])
    assert [a.id for a in ClaimIndex.open(ix).articles][0] == old.articles[0].id


def test_reopen_after_many_appends(tmp_path):
    ix = tmp_path / "ix"
    folders = []
    for j in range(I.MERGE_SEGMENTS + 4):
        folders.append(_folder(tmp_path, f"f{j}", 1 + j % 3))
        res = pipeline.index_paths([folders[-1]], ix, encoder="hash.v1")
        assert len(res.index.manifest["segments"]) <= I.MERGE_SEGMENTS
    idx = ClaimIndex.open(ix)
    assert idx.manifest["generation"] == len(folders)
    assert 1 <= len(idx.manifest["segments"]) <= 5  # merged once, at the 17th
    _same_search(idx, _scratch(tmp_path, folders))
    assert sorted(os.listdir(ix)) == [".lock", "CURRENT", f"gen-{len(folders):06d}"]


# ----------------------------------------------------------------- kills


def _ids(ix: Path) -> set[str]:
    return {a.id for a in ClaimIndex.open(ix).articles}


def _cli(args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimcheck", "-q", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("write", ["append", "rm", "rm-merge"])
def test_kill_at_every_file_operation_of_an_append_or_removal(tmp_path, write):
    """As tests/test_faults.py, on an index of two segments with a tombstone: the
    append links both and writes a third, the removal writes only a manifest, and
    a removal past MERGE_DELETED rewrites everything as one segment.
    After each kill the previous generation is live and whole (or the new one,
    past the swap), and the next write succeeds."""
    base = tmp_path / "base"
    a, b, c = _folder(tmp_path, "a", 8), _folder(tmp_path, "b", 3), _folder(tmp_path, "c", 4)
    pipeline.index_paths([a], base, encoder="hash.v1")
    pipeline.index_paths([b], base, encoder="hash.v1")
    manage.remove_articles(base, [str(sorted(a.iterdir())[0])])
    before = _ids(base)
    victims = [str(p) for p in sorted(b.iterdir())][1 : (2 if write == "rm" else 3)]
    after = before | _ids_of(c) if write == "append" else before - {x for v in victims for x in _ids_of(Path(v))}
    same = tmp_path / "same"  # a copy of an indexed article: indexing it writes nothing
    same.mkdir()
    shutil.copy(sorted(a.iterdir())[3], same / "copy.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_FAULT")}
    ix = tmp_path / "ix"
    step = 0
    while True:
        step += 1
        assert step < 100, "the commit never finished"
        if ix.exists():
            shutil.rmtree(ix)
        shutil.copytree(base, ix)
        cmd = (["index", c, "--index", ix, "--encoder", "hash.v1"] if write == "append"
               else ["rm", ix, *victims])
        proc = _cli(cmd, {**env, "CLAIMCHECK_FAULT_AT": str(step)})
        if proc.returncode == 0:
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        got = _ids(ix)  # opens with every checksum verified
        assert got in (before, after), f"step {step}: neither the old nor the new set"
        # past the swap a removal is done: any writer (here one with nothing new) clears the leftovers
        res = _cli(cmd if got == before else ["index", same, "--index", ix, "--encoder", "hash.v1"], env)
        assert res.returncode == 0, res.stderr
        assert _ids(ix) == after
        left = sorted(p.name for p in ix.iterdir() if p.name.startswith(("gen-", ".tmp-gen-", ".CURRENT")))
        assert len(left) == 1, left
    assert step > {"append": 20, "rm": 10, "rm-merge": 15}[write]
    assert _ids(ix) == after
    assert len(ClaimIndex.open(ix).manifest["segments"]) == {"append": 3, "rm": 2, "rm-merge": 1}[write]


def _ids_of(path: Path) -> set[str]:
    from claimcheck.text.ingest import read_paths

    return {x.id for x in read_paths([path]).articles}
