"""The report document (``claimcheck.report``): what the JSON carries, how the
summary counts, what Markdown shows and collapses. A small corpus, the hash
encoder and an NLI that calls every pair a contradiction, so what is shown is
decided by the named differences, as on real news."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimcheck.cluster import Thresholds
from claimcheck.pipeline import analyse, index_paths
from claimcheck.report import SCHEMA, build_report, render_markdown, write_json
from claimcheck.settings import DEFAULT


class _AlwaysContradiction:
    name = "always-contradiction.v1"

    def predict(self, pairs):
        return np.tile(np.array([0.02, 0.03, 0.95], dtype=np.float32), (len(pairs), 1))


@pytest.fixture
def reports(corpus, tmp_path):
    res = index_paths([corpus], tmp_path / "ix", encoder="hash.v1")
    th = Thresholds(related=-1.0, duplicate=0.999, source="test")
    view = analyse(res.index, nli=_AlwaysContradiction(), k=8, thresholds=th)
    an = analyse(res.index, nli=_AlwaysContradiction(), k=8, thresholds=th, settings=DEFAULT.replace(weaker_leads=True))
    return (build_report(res.index, view, res.warnings),
            build_report(res.index, an, res.warnings, include_hidden=True))


def _has(f, needle):
    return any(needle in c["text"] for c in f["claims"])


def test_the_default_report_lists_only_shown_findings_and_all_lists_the_rest(reports):
    default, everything = reports
    assert default["schema"] == SCHEMA == everything["schema"]
    assert default["findings"] and all(f["shown"] for f in default["findings"])
    s = everything["summary"]
    assert len(everything["findings"]) == s["shown"] + s["not_shown"]
    assert sum(f["shown"] for f in everything["findings"]) == s["shown"] == len(default["findings"])
    # the default view scores only what it can show, and shows exactly that
    assert [f for f in everything["findings"] if f["shown"]] == default["findings"]
    assert default["summary"]["pairs_scored"] < s["pairs_scored"]
    assert "most were not scored" in render_markdown(default)
    assert any(not f["shown"] for f in everything["findings"])  # NLI alone, no named difference


def test_the_surprised_notified_conflict_is_shown_with_its_named_predicate(reports):
    default, _ = reports
    hits = [f for f in default["findings"] if _has(f, "CONTRA-A") and _has(f, "CONTRA-B")]
    assert len(hits) == 1
    f = hits[0]
    assert f["kind"] == "contradiction" and "predicate" in f["cues"]
    pred = next(d for d in f["differences"] if d["aspect"] == "predicate")
    assert {pred["a"], pred["b"]} == {"فاجأت", "أبلغت"}
    # provenance: each claim names its article, and its span is where the text is
    for c in f["claims"]:
        assert c["article"]["path"].endswith((".txt", ".jsonl"))
        assert c["span"][1] - c["span"][0] >= len(c["text"]) - 2


def test_the_summary_counts_kinds_of_what_is_shown_and_every_claim(reports):
    default, everything = reports
    s = default["summary"]
    for kind, key in (("contradiction", "contradictions"), ("dispute", "disputes"),
                      ("changed over time", "changed_over_time")):
        assert s[key] == sum(f["kind"] == kind for f in default["findings"])
    assert sum(a["claims"] for a in default["articles"]) == s["claims"]
    assert s["articles"] == len(default["articles"]) == 4  # a.txt, b.txt and two JSONL rows


def test_markdown_shows_the_conflict_and_collapses_the_weaker_leads(reports):
    _, everything = reports
    md = render_markdown(everything)
    collapsed = md.index("<details>")
    assert "CONTRA-A" in md[:collapsed]  # the shown conflict comes before the fold
    hidden = [f for f in everything["findings"] if not f["shown"]]
    assert f"{len(hidden)} weaker leads" in md


def test_json_written_is_the_report(reports, tmp_path):
    default, _ = reports
    out = tmp_path / "r.json"
    write_json(default, out)
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(default, ensure_ascii=False))


def test_a_cluster_lists_its_outlets_and_whom_it_is_attributed_to_apart(tmp_path):
    """Two outlets carry one statement of a minister: "sources" are the outlets,
    "attributed_to" the minister, in the JSON, the Markdown and the HTML page."""
    from claimcheck.html_report import render_html

    line = "قال وزير الخارجية الروسي سيرغي لافروف، إن بلاده لم تتعهد بضمان انسحاب القوات الموالية لإيران من سوريا"
    arts = tmp_path / "arts.jsonl"
    arts.write_text("".join(json.dumps({"title": t, "text": f"{t}\n\n{line}.", "source": src}, ensure_ascii=False) + "\n"
                            for t, src in (("لافروف", "arab48.com"), ("موسكو", "lebanon24.com"))), encoding="utf-8")
    res = index_paths([arts], tmp_path / "ix", encoder="hash.v1")
    an = analyse(res.index, nli=_AlwaysContradiction(), k=4, thresholds=Thresholds(related=-1.0, duplicate=0.99, source="test"))
    rep = build_report(res.index, an, res.warnings)
    [c] = rep["clusters"]
    assert c["sources"] == ["arab48.com", "lebanon24.com"]
    assert c["attributed_to"] == ["وزير الخارجية الروسي سيرغي لافروف"]
    md = render_markdown(rep)
    assert "Sources: arab48.com, lebanon24.com" in md and "Attributed to: وزير الخارجية الروسي سيرغي لافروف" in md
    assert "Attributed to: <span dir=\"auto\">وزير الخارجية الروسي سيرغي لافروف</span>" in render_html(rep)
