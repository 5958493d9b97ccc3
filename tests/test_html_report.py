"""The HTML report rendered from the report's JSON dict (no browser here; see
test_html_browser.py for the page in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.html_report import diff_spans, is_rtl, render_html, safe_url, source_label

AR_TEXT = ("حصيلة الانفجار\n\n"
           "قال المسؤولون إن ١٢ شخصا قتلوا في انفجار السوق المركزي يوم الأحد <img src=x onerror=alert(1)>.\n\n"
           "وأضاف المسؤولون أن الشرطة أغلقت الطرق.")
AR_CLAIM = "قال المسؤولون إن ١٢ شخصا قتلوا في انفجار السوق المركزي يوم الأحد <img src=x onerror=alert(1)>."
EN_TEXT = "Toll rises\n\nSeven people died in the blast at the central market on Sunday, officials said."
EN_CLAIM = "Seven people died in the blast at the central market on Sunday, officials said."


def _claim(text, article, full):
    start = full.index(text)
    return {"id": "c-" + article["id"], "text": text, "span": [start, start + len(text)], "sentence_index": 1,
            "clause_index": 0, "attribution": None, "article": article}


def _report(findings_extra=(), **finding_fields):
    a = {"id": "a1", "path": "x/a.txt", "title": "حصيلة <script>alert(2)</script>", "source": "وكالة أ",
         "published": "2020-01-05", "url": "javascript:alert(3)"}
    b = {"id": "b1", "path": "x/b.txt", "title": "Toll rises", "source": None, "published": None,
         "url": "https://example.org/toll"}
    finding = {
        "kind": "contradiction", "confidence": 0.93, "detectors": ["nli"], "explained": True, "tier": 1,
        "similarity": 0.91, "claims": [_claim(AR_CLAIM, a, AR_TEXT), _claim(EN_CLAIM, b, EN_TEXT)],
        "nli": {"a_to_b": {"entailment": 0.01, "neutral": 0.04, "contradiction": 0.95},
                "b_to_a": {"entailment": 0.02, "neutral": 0.08, "contradiction": 0.90}},
        "differences": [{"aspect": "number", "a": "12", "b": "", "note": "only A gives 12"}],
        **finding_fields,
    }
    return {
        "schema": "claimcheck-report.v1", "claimcheck_version": "0.1.0",
        "models": {"encoder": {"name": "hash.v1", "dim": 256, "fingerprint": "f"}, "nli": {"name": "x", "interim": False}},
        "settings": {"neighbours": 4, "related_floor": 0.3, "some_new_setting": "kept"},
        "summary": {"articles": 2, "claims": 2, "pairs_scored": 2, "contradictions": 1, "disputes": 0,
                    "unexplained": 0, "corroborated_clusters": 0},
        "findings": [finding, *findings_extra], "clusters": [],
        "articles": [{**a, "claims": 1}, {**b, "claims": 1}], "warnings": ["x/c.txt: <b>empty</b> file"],
    }


TEXTS = {"a1": AR_TEXT, "b1": EN_TEXT}


def _articles(page: str) -> list[str]:
    return re.findall(r'<article class="finding[^"]*"[^>]*>', page)


def test_untrusted_text_is_escaped_and_unsafe_urls_are_not_linked():
    rep = _report()
    # ingest keeps a "published" it cannot read as a date as it was given
    for c in rep["findings"][0]["claims"]:
        if c["article"]["id"] == "b1":
            c["article"]["published"] = '"><script>alert(4)</script>'
    page = render_html(rep, TEXTS)
    assert page.count("<script") == 1  # the report's own
    assert "<img" not in page and "<b>empty" not in page and "&lt;b&gt;empty&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert "data-dates='[\"2020-01-05\"]'" in page  # only real days reach the date filter
    assert "javascript:" not in page
    assert 'href="https://example.org/toll"' in page


def test_page_is_self_contained_and_only_its_own_script_may_run():
    page = render_html(_report(), TEXTS)
    assert not re.search(r"<link\b|<[a-z]+[^<>]*\ssrc=|url\(|@import", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}';" in csp
    assert "unsafe-inline" not in csp


def test_claim_shown_in_its_paragraph_right_to_left_with_the_differing_number_marked():
    page = render_html(_report(), TEXTS)
    ar = re.search(r'<p class="para" dir="rtl" lang="ar">(.*?)</p>', page, re.S).group(1)
    assert ar.startswith('<mark class="claim">قال المسؤولون إن <mark class="diff diff-number" title="number">١٢</mark>')
    en = re.search(r'<p class="para" dir="ltr">(.*?)</p>', page, re.S).group(1)
    assert en.startswith('<mark class="claim">Seven people died')
    # the paragraph, not the whole article: the title line and the next paragraph stay out
    assert "وأضاف" not in ar and "Toll rises" not in en


def test_paragraph_around_the_claim_is_shown_when_the_claim_is_one_sentence_of_it():
    text = "First sentence here. The bridge was closed on Monday. Last sentence there."
    claim = "The bridge was closed on Monday."
    art = {"id": "e1", "path": "e.txt", "title": "t"}
    rep = _report()
    rep["findings"][0]["claims"][1] = _claim(claim, art, text)
    page = render_html(rep, {**TEXTS, "e1": text})
    assert ('First sentence here. <mark class="claim">The bridge was closed on Monday.</mark> Last sentence there.'
            in page)


def test_a_long_paragraph_is_cut_to_a_window_around_the_claim_at_word_bounds():
    words = " ".join(f"كلمة{i}" for i in range(400))
    claim = "قال المسؤولون إن ١٢ شخصا قتلوا."
    text = f"عنوان\n\n{words} {claim} {words}\n\nآخر"
    art = {"id": "l1", "path": "l.txt", "title": "عنوان"}
    rep = _report()
    rep["findings"][0]["claims"][0] = _claim(claim, art, text)
    page = render_html(rep, {**TEXTS, "l1": text})
    para = re.search(r'<p class="para" dir="rtl" lang="ar">(.*?)</p>', page, re.S).group(1)
    before, after = para.split('<mark class="claim">')[0], para.rsplit("</mark>", 1)[1]
    assert 250 <= len(before) <= 305 and 250 <= len(after) <= 305
    assert re.fullmatch(r"… (كلمة\d+ )+", before) and re.fullmatch(r"( كلمة\d+)+ …", after)


def test_without_texts_each_claim_is_shown_alone():
    page = render_html(_report(), None)
    assert "وأضاف" not in page and 'mark class="claim">قال المسؤولون' in page


def test_text_that_does_not_match_the_span_falls_back_to_the_claim():
    page = render_html(_report(), {"a1": "another text entirely", "b1": EN_TEXT})
    assert "another text" not in page and 'mark class="claim">قال المسؤولون' in page


def test_unknown_kinds_get_their_own_group_and_optional_fields_may_be_absent():
    later = {"kind": "changed over time", "claims": _report()["findings"][0]["claims"], "confidence": 0.8}
    bare = {"kind": "contradiction", "claims": _report()["findings"][0]["claims"]}  # no tier, nli, differences …
    rep = _report([later, bare])
    rep["summary"]["changed_over_time"] = 1
    page = render_html(rep, TEXTS)
    assert "<li><b>1</b> changed over time</li>" in page
    groups = re.findall(r'<section class="group" data-kind="([^"]+)">\s*<h3[^>]*>([^<]+)<', page)
    assert [(k, t.strip()) for k, t in groups] == [
        ("contradiction", "Contradictions between articles"), ("changed over time", "Changed over time")]
    assert '<option value="changed over time">Changed over time (1)</option>' in page
    assert "some new setting" in page and "kept" in page  # settings shown whatever their keys
    # groups follow the report's ranking: the kind of the first finding comes first
    page = render_html(_report([{**_report()["findings"][0], "kind": "dispute"}], kind="changed_over_time"), TEXTS)
    groups = re.findall(r'<section class="group" data-kind="([^"]+)">\s*<h3[^>]*>([^<]+)<', page)
    assert [(k, t.strip()) for k, t in groups] == [
        ("changed_over_time", "Changed over time"), ("dispute", "Disputes inside one article")]


@pytest.mark.parametrize("fields, hidden", [
    ({}, False),
    ({"explained": False}, True),  # older reports: an NLI flag naming nothing is a weaker lead
    ({"shown": False}, True),
    ({"shown": True, "explained": False}, False),  # the pipeline's own say wins
])
def test_findings_not_shown_start_hidden(fields, hidden):
    (tag,) = _articles(render_html(_report(**fields), TEXTS))
    assert f'data-hidden="{int(hidden)}"' in tag


def test_filter_data_on_each_finding():
    (tag,) = _articles(render_html(_report(), TEXTS))
    assert 'data-kind="contradiction"' in tag and 'data-tier="1"' in tag and 'data-confidence="0.93"' in tag
    sources = json.loads(re.search(r"data-sources='([^']*)'", tag).group(1))
    assert sources == ["example.org", "وكالة أ"]  # no source: the URL's host
    assert json.loads(re.search(r"data-dates='([^']*)'", tag).group(1)) == ["2020-01-05"]


@pytest.mark.parametrize("text, rtl", [
    ("قال المسؤولون إن 12 شخصا قتلوا (AFP)", True),
    ("گفت که ۱۲ نفر کشته شدند", True),
    ("Seven people died, officials said", False),
    ("", False),
])
def test_is_rtl(text, rtl):
    assert is_rtl(text) is rtl


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?x=1", True), ("HTTP://EXAMPLE.ORG", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,<b>", False), ("//example.org", False), (None, False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_source_label():
    assert source_label({"source": "AFP", "url": "https://x.org/"}) == "AFP"
    assert source_label({"url": "https://www.x.org/a"}) == "www.x.org"
    assert source_label({"path": "seeds/000.txt"}) == "seeds/000.txt"


@pytest.mark.parametrize("text, diff, side, marked", [
    ("قتل ١٢ شخصا يوم الأحد", {"aspect": "number", "a": "12", "b": "5"}, "a", ["١٢"]),
    ("أبلغت القاهرة الجزائر قبل 10 ساعات", {"aspect": "number", "a": "10", "b": ""}, "a", ["10"]),
    ("الغارات فاجأت الجزائر وتونس", {"aspect": "predicate", "a": "فاجأت", "b": "أبلغت"}, "a", ["فاجأت"]),
    ("لم يصدر أي إعلان رسمي", {"aspect": "negation", "a": "", "b": "لم"}, "b", ["لم"]),
    ("التقى الوزير الرئيس الأربعاء", {"aspect": "date", "a": "الاربعاء", "b": "الخميس"}, "a", ["الأربعاء"]),
    ("The toll rose to 1,200 on Sunday", {"aspect": "number", "a": "1200", "b": "900"}, "a", ["1,200"]),
    ("nothing here", {"aspect": "place", "a": "بنغازي", "b": "طرابلس"}, "a", []),
])
def test_diff_spans_match_on_the_normalised_form_and_mark_the_original(text, diff, side, marked):
    assert [text[s:e] for s, e, _ in diff_spans(text, [diff], side)] == marked


def test_report_cli_writes_html(corpus, tmp_path, scripted_nli):
    html = tmp_path / "out" / "r.html"
    res = CliRunner().invoke(app, ["-q", "report", str(corpus), "--index", str(tmp_path / "ix"),
                                   "--encoder", "hash.v1", "--nli", "scripted.v1",
                                   "--out", str(tmp_path / "r.md"), "--html", str(html)])
    assert res.exit_code == 0, res.output
    page = html.read_text("utf-8")
    assert page.startswith("<!doctype html>") and "CONTRA-A" in page and "Oil prices" in page
    assert page.count('<article class="cluster') == 1  # the meeting sentence, in two articles
    # the same report twice gives the same bytes (no timestamps)
    CliRunner().invoke(app, ["-q", "report", "--index", str(tmp_path / "ix"), "--nli", "scripted.v1",
                             "--out", str(tmp_path / "r.md"), "--html", str(tmp_path / "r2.html")])
    assert (tmp_path / "r2.html").read_text("utf-8") == page
