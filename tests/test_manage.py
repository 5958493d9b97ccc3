"""Index management (--version, indexes, stats, rm), the --source/--since/--until
filters shared by report, search and check, and shell completion; through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimcheck import __version__
from claimcheck.index import manage
from claimcheck.cli import app
from claimcheck.errors import InputError
from claimcheck.filters import ArticleFilter
from claimcheck.index import ClaimIndex

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], prog_name="claimcheck")


def js(*args):
    res = run(*args, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.fixture
def ix(corpus, tmp_path):
    path = tmp_path / "indexes" / "news"
    assert run("-q", "index", corpus, "--index", path, "--encoder", "hash.v1").exit_code == 0
    return path


def test_version():
    res = run("--version")
    assert res.exit_code == 0 and res.stdout.strip() == f"claimcheck {__version__}"


def test_indexes_lists_counts_encoder_size_and_update(ix, corpus, tmp_path):
    root = ix.parent
    run("-q", "index", corpus / "c.jsonl", "--index", root / "small", "--encoder", "hash.v1")
    (root / "not-an-index").mkdir()
    broken = root / "broken"
    broken.mkdir()
    (broken / "CURRENT").write_text("gen-000009\n")  # points at nothing
    out = js("indexes", root)
    rows = {r["name"]: r for r in out["indexes"]}
    assert set(rows) == {"news", "small", "broken"}
    news = rows["news"]
    assert (news["articles"], news["encoder"], news["generation"]) == (4, "hash.v1", 1)
    assert news["claims"] == len(ClaimIndex.open(ix).claims) and news["size_bytes"] > 1000
    assert news["updated"] and news["created"]
    assert (rows["small"]["articles"], rows["small"]["claims"]) == (2, 2)
    assert "error" in rows["broken"] and "broken" in rows["broken"]["error"]
    text = run("indexes", root).stdout
    assert "news" in text and "hash.v1" in text and "damaged" in text
    # an index itself lists as one row
    assert [r["name"] for r in js("indexes", ix)["indexes"]] == ["news"]


def test_indexes_defaults_to_the_default_index_folder(ix, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # ix lives in tmp_path/indexes
    monkeypatch.delenv("CLAIMCHECK_INDEX", raising=False)
    assert [r["name"] for r in js("indexes")["indexes"]] == ["news"]
    monkeypatch.setenv("CLAIMCHECK_INDEX", str(tmp_path / "elsewhere" / "x"))
    res = run("indexes")
    assert res.exit_code == 3 and "elsewhere: no such folder" in res.stderr


def test_indexes_missing_folder_is_a_clear_error(tmp_path):
    res = run("indexes", tmp_path / "nope")
    assert res.exit_code == 3 and "nope: no such folder" in res.stderr


def test_stats(ix, tmp_path, scripted_nli):
    run("-q", "report", "--index", ix, "--nli", "scripted.v1", "--out", tmp_path / "r.md")
    st = js("stats", ix)
    idx = ClaimIndex.open(ix)
    assert st["counts"] == {"articles": 4, "claims": len(idx.claims)}
    assert st["encoder"]["name"] == "hash.v1" and st["search"]["type"] == "flat-ip"
    assert st["sources"] == {"(no source)": 2, "AFP": 1, "Reuters": 1}
    assert st["published"] == {"earliest": "2020-01-06", "latest": "2020-02-10", "undated": 2}
    assert st["claims_per_article"]["min"] == 1 and st["claims_per_article"]["max"] >= 2
    assert st["nli_cache"]["scripted.v1"] > 0 and st["verified"] is True
    assert set(st["files"]) == {"seg-000001/articles.jsonl", "seg-000001/claims.jsonl", "seg-000001/vectors.f16.npy"}
    assert st["segments"] == [{"name": "seg-000001", "articles": 4, "claims": len(idx.claims),
                               "deleted_articles": 0, "search": "flat-ip"}]
    text = run("stats", ix).stdout
    assert "1 segment(s)" in text
    assert "4 articles" in text and "checksums ok" in text and "Reuters (1)" in text


def test_stats_of_a_damaged_index_fails_with_exit_3(ix):
    gen = ClaimIndex.open(ix).manifest["generation"]
    claims = ix / f"gen-{gen:06d}" / f"seg-{gen:06d}" / "claims.jsonl"
    claims.write_bytes(claims.read_bytes().replace("حفتر".encode(), "حفتز".encode()))
    res = run("stats", ix)
    assert res.exit_code == 3 and "checksum mismatch" in res.stderr


def _article(ix, **kw):
    return next(a for a in ClaimIndex.open(ix).articles if all(getattr(a, k) == v for k, v in kw.items()))


def test_rm_by_path_url_and_id(ix, corpus):
    before = ClaimIndex.open(ix)
    a_txt = _article(ix, title="وزير الخارجية يلتقي حفتر في بنغازي")
    oil = _article(ix, url="https://example.org/1")
    rain = _article(ix, title="Rain")
    n_claims = {a.id: sum(c.article_id == a.id for c in before.claims) for a in (a_txt, oil, rain)}
    out = js("rm", ix, a_txt.path, "https://example.org/1", rain.id)
    assert sorted(r["id"] for r in out["removed"]) == sorted([a_txt.id, oil.id, rain.id])
    assert out["claims_removed"] == sum(n_claims.values()) and out["dry_run"] is False
    after = ClaimIndex.open(ix)
    assert [a.title for a in after.articles] == ["حفتر يستقبل الوزير الجزائري"]
    assert len(after.claims) == len(before.claims) - out["claims_removed"] == out["claims_left"]
    assert len(after.vectors) == len(after.claims) == sum(p.index.ntotal - p.deleted for p in after._parts)
    assert after.manifest["generation"] == before.manifest["generation"] + 1 == out["generation"]
    assert {c.article_id for c in after.claims} == {after.articles[0].id}
    # the remaining claims keep their vectors: search still finds them, exactly
    hits = js("search", "القاهرة أبلغت الجزائر وتونس", "--index", ix, "-k", "3")["results"]
    assert hits and all(h["article"]["title"] == "حفتر يستقبل الوزير الجزائري" for h in hits)
    # a removed article is no longer known: indexing it again adds it back
    assert js("index", corpus, "--index", ix)["articles_added"] == 3


def test_rm_a_jsonl_file_removes_all_its_lines(ix, corpus):
    out = js("rm", ix, str(corpus / "c.jsonl"))
    assert sorted(r["path"].rsplit(":", 1)[1] for r in out["removed"]) == ["1", "2"]
    assert {a.title for a in ClaimIndex.open(ix).articles} == {
        "وزير الخارجية يلتقي حفتر في بنغازي", "حفتر يستقبل الوزير الجزائري"}


def test_rm_unknown_article_removes_nothing(ix):
    before = ClaimIndex.open(ix).manifest
    res = run("rm", ix, "https://example.org/1", "no-such-article")
    assert res.exit_code == 2 and "'no-such-article'" in res.stderr and "nothing removed" in res.stderr
    after = ClaimIndex.open(ix)
    assert after.manifest["generation"] == before["generation"] and len(after.articles) == 4


def test_rm_dry_run_changes_nothing(ix):
    before = ClaimIndex.open(ix).manifest
    out = js("rm", ix, "https://example.org/1", "--dry-run")
    assert out["dry_run"] is True and len(out["removed"]) == 1 and out["articles_left"] == 3
    assert ClaimIndex.open(ix).manifest == before


def test_rm_is_all_or_nothing_when_the_write_fails(ix, monkeypatch):
    """rm writes only through the index's save path: a write that fails midway
    (here: the disk fails while the new manifest is synced; a removal writes
    only tombstones into it) leaves the index as it was."""
    import claimcheck.index.store as I

    before = ClaimIndex.open(ix)

    def boom(*a, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(I, "fsync_file", boom)
    with pytest.raises(OSError):
        manage.remove_articles(ix, ["https://example.org/1"])
    monkeypatch.undo()
    after = ClaimIndex.open(ix)
    assert after.manifest == before.manifest and len(after.articles) == 4


def test_rm_every_article_leaves_an_empty_index(ix):
    ids = [a.id for a in ClaimIndex.open(ix).articles]
    js("rm", ix, *ids)
    st = js("stats", ix)
    assert st["counts"] == {"articles": 0, "claims": 0}
    assert js("search", "حفتر", "--index", ix)["results"] == []


# --------------------------------------------------------------------------- filters


def _report(ix, tmp_path, *flags) -> dict:
    res = run("-q", "report", "--index", ix, "--nli", "scripted.v1", "--out", tmp_path / "r.md", "--json", "-", *flags)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_report_over_part_of_an_index(ix, tmp_path, scripted_nli):
    assert _report(ix, tmp_path)["summary"]["articles"] == 4
    out = _report(ix, tmp_path, "--source", "reuters")
    assert [a["source"] for a in out["articles"]] == ["Reuters"]
    assert out["settings"]["articles"] == {"source": "reuters"}
    assert "- only articles with source reuters" in (tmp_path / "r.md").read_text("utf-8")
    out = _report(ix, tmp_path, "--since", "2020-02-01", "--until", "2020-12-31")
    assert [a["title"] for a in out["articles"]] == ["Rain"] and out["summary"]["claims"] == 1
    # the index itself is untouched by a filtered report
    assert len(ClaimIndex.open(ix).articles) == 4


def test_report_over_a_filter_matching_nothing_is_empty_not_an_error(ix, tmp_path, scripted_nli):
    out = _report(ix, tmp_path, "--source", "no such source")
    assert (out["summary"]["articles"], out["summary"]["claims"], out["findings"]) == (0, 0, [])


def test_filtered_report_keeps_findings_within_the_filter(ix, tmp_path, scripted_nli):
    out = _report(ix, tmp_path)
    assert any("CONTRA-A" in f["claims"][0]["text"] + f["claims"][1]["text"] for f in out["findings"])
    # the two articles of the CONTRA pair have no source: filtering on one's path leaves no pair
    out = _report(ix, tmp_path, "--source", "a.txt")
    assert out["summary"]["articles"] == 1 and out["summary"]["contradictions"] == 0


@pytest.mark.parametrize("flags, message", [
    (("--since", "2020-13-01"), "--since: '2020-13-01' is not a date (YYYY-MM-DD)"),
    (("--until", "yesterday"), "--until: 'yesterday' is not a date (YYYY-MM-DD)"),
    (("--since", "2021-01-01", "--until", "2020-01-01"), "--since 2021-01-01 is after --until 2020-01-01"),
])
@pytest.mark.parametrize("command", [("report",), ("search", "x"), ("check", "x")])
def test_bad_filter_dates_are_one_line_errors_in_every_command(ix, command, flags, message):
    res = run(*command, "--index", ix, *flags)
    assert res.exit_code == 2 and res.stderr.strip() == f"error: {message}"


def test_check_evidence_from_filtered_articles_only(ix, scripted_nli):
    claim = "وقال المصدر إن الغارات الجوية فاجأت الجزائر وتونس في بداية الأسبوع الماضي."
    whole = js("check", claim, "--index", ix, "--nli", "scripted.v1", "-k", "10")
    assert {e["article"]["path"].rsplit("/", 1)[-1] for e in whole["evidence"]} >= {"a.txt", "b.txt"}
    part = js("check", claim, "--index", ix, "--nli", "scripted.v1", "-k", "10", "--source", "b.txt")
    assert part["evidence"] and {e["article"]["path"].rsplit("/", 1)[-1] for e in part["evidence"]} == {"b.txt"}


def test_article_filter_matches():
    from claimcheck.types import Article

    a = Article(id="x", path="news/a.txt", title="t", text="t", source="وكالة الأنباء", published="2020-03-05T10:00:00")
    undated = Article(id="y", path="b.txt", title="t", text="t", url="https://www.example.org/z")
    assert ArticleFilter(source="الأنباء").matches(a) and ArticleFilter(source="NEWS/").matches(a)
    assert ArticleFilter(since="2020-03-05", until="2020-03-05").matches(a)
    assert not ArticleFilter(since="2020-03-06").matches(a)
    assert not ArticleFilter(until="2020-01-01").matches(undated) and not ArticleFilter(since="1900-01-01").matches(undated)
    assert ArticleFilter(source="example.org").matches(undated)
    assert not ArticleFilter() and ArticleFilter().to_dict() == {}
    with pytest.raises(InputError):
        ArticleFilter(since="5/3/2020")


def test_shell_completion(monkeypatch):
    # --show-completion detects the shell running pytest (sh under make, which Typer
    # does not support): make the detected shell bash, whoever runs the tests
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda *a, **k: ("bash", "/bin/bash"))
    res = runner.invoke(app, [], prog_name="claimcheck",
                        env={"_CLAIMCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "claimcheck ind", "COMP_CWORD": "1"})
    assert res.stdout.split() == ["index", "indexes"]
    res = run("--show-completion", "bash")
    assert res.exit_code == 0 and "_CLAIMCHECK_COMPLETE=complete_bash" in res.stdout
