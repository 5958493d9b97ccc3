"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

It loads with no console errors, its filters change what is shown, Arabic
paragraphs are laid out right to left, and markup injected through article text,
titles, sources and URLs is shown as text and never runs. Outside CI a machine
without Chromium skips this file; in CI (CI=true) that is a failure, since
.ci/run installs Chromium.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app


def _browser_or_skip(script):
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "playwright is not installed (pip install -e '.[test]')"
    shoot = script("shoot_report")
    if why is None and not Path(shoot.CHROMIUM).exists():
        why = f"{shoot.CHROMIUM} missing (apt-get install chromium)"
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {why}")
        pytest.skip(why)
    return shoot


INJECTED = [
    {"title": "انفجار في السوق <script>window.__pwned=3</script>", "source": "وكالة الأنباء أ",
     "published": "2020-01-05", "url": "https://example.org/a?x=1&y=<b>",
     "text": "انفجار في السوق\n\nقال المسؤولون إن ١٢ شخصا قتلوا في انفجار السوق المركزي CONTRA-A يوم الأحد "
             "<img src=x onerror=\"window.__pwned=1\">.\n\nوأضاف المسؤولون أن الشرطة أغلقت الطرق المؤدية إلى السوق."},
    {"title": "حصيلة الانفجار", "source": "وكالة الأنباء ب <svg onload=window.__pwned=5>",
     "published": "2020-01-05", "url": "javascript:window.__pwned=4",
     "text": "حصيلة الانفجار\n\nقال المسؤولون إن 5 أشخاص قتلوا في انفجار السوق المركزي CONTRA-B يوم الأحد "
             "<script>window.__pwned=2</script>.\n\nوأكدت الشرطة أن الطرق المؤدية إلى السوق أغلقت."},
    {"title": "Bridge closed", "source": "Wire", "published": "2021-03-01", "url": "https://example.com/bridge",
     "text": "Bridge closed\n\nOfficials said CONTRA-A the old bridge was closed on Monday for repairs to the deck.\n\n"
             "Officials said CONTRA-B the old bridge was closed on Monday for repairs to the deck and rails, "
             "the city's transport office said in a long statement on its website late in the evening."},
]


@pytest.fixture
def injected_report(tmp_path, scripted_nli) -> Path:
    """Report over three articles: an Arabic contradiction (numbers differ, shown;
    both articles of one day, so it stays a contradiction when time is taken into
    account), an English dispute with no named difference (a weaker lead, hidden at
    first); markup in text, title, source and URL."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in INJECTED), "utf-8")
    html = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["-q", "report", str(d), "--index", str(tmp_path / "ix"), "--encoder", "hash.v1",
                                   "--nli", "scripted.v1", "--out", str(tmp_path / "r.md"),
                                   "--json", str(tmp_path / "r.json"), "--html", str(html),
                                   # the decision (issue 10) puts the pair whose numbers differ at 0.57 and
                                   # the English one at 0.40: shown from 0.5, the weaker lead listed too
                                   "--show-threshold", "0.5", "--all"])
    assert res.exit_code == 0, res.output
    rep = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [(f["kind"], f["explained"]) for f in rep["findings"]] == [("contradiction", True), ("dispute", False)]
    return html


def test_report_in_chromium(injected_report, script):
    shoot = _browser_or_skip(script)
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = shoot.launch(p)
        try:
            page = browser.new_page()
            page.on("console", lambda m: m.type in ("error", "warning") and errors.append(f"console {m.type}: {m.text}"))
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("request", lambda r: r.url.startswith("file:") or errors.append(f"request: {r.url}"))
            page.goto(injected_report.resolve().as_uri())
            page.wait_for_load_state("load")

            # injected markup is text: nothing ran, no element was made from it
            assert page.evaluate("window.__pwned") is None
            assert page.locator("img, svg, iframe, object, embed").count() == 0
            assert page.locator("script").count() == 1  # the report's own
            body = page.inner_text("body")
            assert '<img src=x onerror="window.__pwned=1">' in body
            assert "<script>window.__pwned=2</script>" in body and "<script>window.__pwned=3</script>" in body
            assert page.locator('a[href^="javascript:"]').count() == 0

            count = page.locator("#f-count")
            visible = page.locator("article.finding:visible")
            # the weaker lead (an NLI flag naming no difference) starts hidden
            assert visible.count() == 1 and count.inner_text() == "1 of 2 findings shown"
            page.check("#f-hidden")
            assert visible.count() == 2 and count.inner_text() == "2 of 2 findings shown"
            page.select_option("#f-kind", "dispute")
            assert visible.count() == 1 and "dispute" in visible.first.get_attribute("data-kind")
            page.select_option("#f-kind", "")
            page.select_option("#f-source", "وكالة الأنباء أ")
            assert visible.count() == 1 and visible.first.get_attribute("data-kind") == "contradiction"
            page.select_option("#f-source", "")
            page.fill("#f-since", "2021-01-01")
            assert visible.count() == 1 and visible.first.get_attribute("data-kind") == "dispute"
            page.fill("#f-until", "2021-02-01")
            assert visible.count() == 0 and page.locator("#f-none").is_visible()
            page.click("#f-reset")
            page.wait_for_function("document.getElementById('f-count').textContent.startsWith('1 of 2')")
            page.select_option("#f-conf", "0.5")  # the contradiction is at 0.57, the weaker lead at 0.40
            page.check("#f-hidden")
            assert visible.count() == 1 and visible.first.get_attribute("data-kind") == "contradiction"
            page.select_option("#f-conf", "")

            # a link to a finding that starts hidden shows it
            page.uncheck("#f-hidden")
            assert not page.locator("#finding-2").is_visible()
            page.goto(injected_report.resolve().as_uri() + "#finding-2")
            assert page.locator("#finding-2").is_visible() and page.is_checked("#f-hidden")
            fresh = browser.new_page()
            fresh.goto(injected_report.resolve().as_uri() + "#finding-2")
            assert fresh.locator("#finding-2").is_visible() and fresh.is_checked("#f-hidden")
            fresh.close()

            # right to left where the text is Arabic, left to right where it is English
            ar = page.locator("article.finding[data-kind=contradiction] p.para").first
            en = page.locator("article.finding[data-kind=dispute] p.para").first
            assert ar.evaluate("e => getComputedStyle(e).direction") == "rtl"
            assert en.evaluate("e => getComputedStyle(e).direction") == "ltr"
            # the page's own style applies (its CSP names it by hash)
            assert page.locator("mark.claim").first.evaluate("e => getComputedStyle(e).backgroundColor") \
                == "rgb(255, 243, 196)"
            # the differing numbers are marked inside the claim, in the original digits
            assert page.locator("article.finding[data-kind=contradiction] mark.diff-number").all_inner_texts() == ["١٢", "5"]
        finally:
            browser.close()
    assert errors == []


def test_missing_browser_fails_in_ci_and_skips_elsewhere(script, monkeypatch, tmp_path):
    shoot = script("shoot_report")
    shoot.CHROMIUM = str(tmp_path / "no-chromium")  # a module of its own: nothing else sees this
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium missing"):
        _browser_or_skip(lambda name: shoot)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no-chromium missing"):
        _browser_or_skip(lambda name: shoot)
