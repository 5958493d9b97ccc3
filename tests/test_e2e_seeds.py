"""End to end on the five seed articles with the real default encoder
and the default NLI backend (the trained built-in model once its asset is
installed, else the interim cue model)."""

from pathlib import Path

import pytest

from claimcheck import pipeline
from claimcheck.config import DEFAULT_ENCODER
from claimcheck.report import build_report, render_markdown

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    ix = tmp_path_factory.mktemp("seeds") / "ix"
    res = pipeline.index_paths([SEEDS], ix)
    analysis = pipeline.analyse(res.index)
    return res, analysis, build_report(res.index, analysis, res.warnings)


def _stem(c):
    return Path(c["article"]["path"]).name[:3]


def test_all_seeds_indexed_with_default_encoder(seeds_run):
    res, _, rep = seeds_run
    assert rep["summary"]["articles"] == 5 and not res.warnings
    assert rep["models"]["encoder"]["name"] == DEFAULT_ENCODER
    assert rep["summary"]["claims"] >= 50


def test_haftar_meeting_is_one_corroborated_cluster(seeds_run):
    _, _, rep = seeds_run
    meeting = [c for c in rep["clusters"]
               if {_stem(x) for x in c["claims"]} >= {"003", "004"}
               and all("حفتر" in x["text"] for x in c["claims"])]
    assert len(meeting) == 1
    assert not meeting[0]["contested"]


def test_seed000_surprise_vs_notified_is_found(seeds_run):
    _, _, rep = seeds_run
    hits = [f for f in rep["findings"]
            if any("فاجأت" in c["text"] for c in f["claims"]) and any("أبلغت" in c["text"] for c in f["claims"])
            and {_stem(c) for c in f["claims"]} == {"000"}]
    assert hits and all(f["kind"] == "dispute" for f in hits)
    assert any("predicate" in f["cues"] for f in hits)
    assert hits[0]["detectors"][0] == "decision"


# The three passages of seed 000 that the "notified 10 hours before" account
# contradicts (read by a person; see bench/seed_conflicts.json).
NOTIFIED = "أبلغت الجزائر وتونس بقرارها"
AGAINST_NOTIFIED = ("الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس",
                    "التي فاجأت كلا من الجزائر وتونس",
                    "انفردوا بقرار شن عمليات عسكرية")


@pytest.mark.parametrize("other", AGAINST_NOTIFIED)
def test_every_passage_against_the_notified_account_is_a_dispute(seeds_run, other):
    _, _, rep = seeds_run
    hits = [f for f in rep["findings"]
            if any(NOTIFIED in c["text"] for c in f["claims"]) and any(other in c["text"] for c in f["claims"])]
    assert len(hits) == 1, [f["claims"][0]["text"][:40] for f in rep["findings"]]
    assert hits[0]["kind"] == "dispute" and hits[0]["shown"]
    assert "predicate" in hits[0]["cues"]
    assert rep["findings"].index(hits[0]) < 5  # among the first five of the default view


def test_default_view_is_short(seeds_run):
    """Issue 10: the default report on the seeds shows at most 12 findings (63 before)."""
    _, an, rep = seeds_run
    assert rep["summary"]["shown"] <= 12 and all(f["shown"] for f in rep["findings"])
    assert rep["summary"]["shown"] + rep["summary"]["not_shown"] == len(an.findings)


def test_markdown_quotes_claims_verbatim(seeds_run):
    _, _, rep = seeds_run
    md = render_markdown(rep)
    for f in rep["findings"]:
        for c in f["claims"]:
            assert c["text"].replace("|", "\\|").replace("\n", " ") in md
    assert "## Articles" in md and DEFAULT_ENCODER in md


def test_search_ranks_the_meeting_first(seeds_run):
    res, _, _ = seeds_run
    idx, enc = pipeline.open_index(res.index.path)
    hits = pipeline.search(idx, enc, "وزير الخارجية الجزائري يلتقي حفتر", k=5)
    top = [Path(h.article.path).name[:3] for h in hits[:2]]
    assert set(top) <= {"003", "004"}
    assert all("حفتر" in h.claim.text for h in hits[:2])


def test_check_gives_labels_and_verdict(seeds_run):
    res, _, _ = seeds_run
    idx, enc = pipeline.open_index(res.index.path)
    out = pipeline.check(idx, enc, "التقى وزير الخارجية الجزائري بالمشير خليفة حفتر في بنغازي")
    assert out.verdict in pipeline.VERDICTS
    assert out.evidence and all(e.label in ("supports", "refutes", "neutral") for e in out.evidence)
    assert "حفتر" in out.evidence[0].hit.claim.text
    assert sum(e.label == "supports" for e in out.evidence) >= 2  # the 003 and 004 meeting reports


def test_check_meeting_claim_is_supported(seeds_run):
    """claimcheck-nli-ar.v1 calls 004's 'التقى … اليوم الأربعاء' sentence a contradiction
    of the meeting claim, but nothing differs between them beyond how Haftar is named:
    an unexplained refutation does not outweigh the two supporting reports."""
    res, _, _ = seeds_run
    idx, enc = pipeline.open_index(res.index.path)
    out = pipeline.check(idx, enc, "التقى وزير الخارجية الجزائري بالمشير خليفة حفتر في بنغازي")
    assert out.verdict == "supported"
    assert all(not e.explained for e in out.evidence if e.label == "refutes")
