"""Web pages, CSV files and written dates as input (issue 13, item 2).

The saved pages under tests/fixtures/web were written for these tests: each has
menus, a breadcrumb or ticker, share buttons, "related"/"most read" blocks, a
comment thread and a comment form around a three- or four-paragraph story.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.text.claims import extract_claims
from claimcheck.text.dates import dates_in, parse_date
from claimcheck.text.ingest import read_paths

WEB = Path(__file__).resolve().parent / "fixtures" / "web"


def _claim_texts(article) -> list[str]:
    return [c.text for c in extract_claims(article)]


def test_arabic_page_yields_only_the_story_with_title_source_and_date():
    [art] = read_paths([WEB / "derna_ar.html"]).articles
    assert art.title == "ارتفاع حصيلة الغارات على درنة إلى 25 قتيلا"
    assert art.source == "أخبار الساحل"  # og:site_name
    assert art.published == "2016-03-03"  # first publication, not the "modified" stamp
    assert art.url == "https://www.sahel-news.example/libya/derna-toll-2016"
    claims = " ".join(_claim_texts(art))
    assert "مستشفى الهريش" in claims and "تحقيق مستقل" in claims
    for furniture in ("الرئيسية", "منتخب الجزائر", "شارك على", "حكومة الوفاق", "أسعار النفط",
                      "مئة قتيل", "اترك تعليق", "بريدك الإلكتروني", "جميع الحقوق", "بقلم"):
        assert furniture not in art.text, furniture


def test_english_page_source_falls_back_to_the_domain_and_date_to_json_ld():
    [art] = read_paths([WEB / "menus_en.html"]).articles
    assert art.title == "Egyptian jets strike Derna; seven dead"
    assert art.source == "coastline-daily.example"  # no og:site_name: the canonical URL's domain
    assert art.published == "2015-02-15"
    texts = _claim_texts(art)
    assert any(t.startswith("Seven people died") for t in texts)
    for furniture in ("Sign in", "cookies", "briefing", "Most read", "oil prices", "fake news",
                      "Post comment", "All rights reserved"):
        assert furniture not in art.text, furniture


def test_page_without_a_story_is_a_one_line_warning_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    (tmp_path / "story.htm").write_bytes((WEB / "menus_en.html").read_bytes())
    result = read_paths([tmp_path])
    assert [Path(a.path).name for a in result.articles] == ["story.htm"]
    [w] = result.warnings
    assert str(w) == f"{tmp_path / 'empty.html'}: no article text found in the page"


CSV_GOOD = (
    "Headline,Body,Source,Date,Link\n"
    "غارات على درنة,\"قتل 10 أشخاص في غارات جوية على مدينة درنة يوم الاثنين.\n\nوقالت مصادر طبية إن بين القتلى أطفالا.\",الخبر,16 فبراير 2015,https://example.com/a\n"
)


def test_csv_rows_become_articles_with_their_columns(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text(CSV_GOOD + "Toll rises,\"The toll rose to 25, officials said.\",Reuters,\"March 3, 2016\",\n", "utf-8")
    result = read_paths([p])
    a, b = result.articles
    assert (a.title, a.source, a.published, a.url) == ("غارات على درنة", "الخبر", "2015-02-16", "https://example.com/a")
    assert a.text.startswith("قتل 10 أشخاص") and "\n\nوقالت" in a.text  # a quoted cell keeps its lines
    assert (b.title, b.source, b.published, b.url) == ("Toll rises", "Reuters", "2016-03-03", None)
    assert a.path == f"{p}:2" and b.path == f"{p}:5"  # the line where each row starts
    assert result.warnings == []


def test_csv_bad_rows_warn_with_file_and_line(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text(CSV_GOOD
                 + "No text,,Reuters,2016-03-03,\n"
                 + "Too many,\"The toll rose to 25.\",Reuters,2016-03-03,x,y\n"
                 + "Bad date,\"The toll rose to 30, officials said.\",AFP,someday,\n", "utf-8")
    result = read_paths([p])
    assert [a.title for a in result.articles] == ["غارات على درنة", "Bad date"]
    assert result.articles[1].published is None
    msgs = [str(w) for w in result.warnings]
    assert msgs[0] == f"{p}:5: empty 'text' cell, skipped"
    assert msgs[1].startswith(f"{p}:6: row has 6 cells for 5 columns")
    assert msgs[2] == f"{p}:7: cannot read the date 'someday'; article kept undated"


def test_csv_without_a_text_column_is_one_warning(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text("title,url\nfoo,https://example.com\n", "utf-8")
    (tmp_path / "a.txt").write_text("خبر عن ليبيا والجزائر وتونس يكفي للقراءة", "utf-8")
    result = read_paths([tmp_path])
    assert len(result.articles) == 1
    [w] = result.warnings
    assert w.line == 1 and "no text column" in w.message and "title, url" in w.message


@pytest.mark.parametrize("written, iso", [
    ("22 فبراير 2015", "2015-02-22"),
    ("الأحد ١٥ فبراير ٢٠١٥", "2015-02-15"),
    ("3 مارس 2016", "2016-03-03"),
    ("Feb 22, 2015", "2015-02-22"),
    ("3 March 2016", "2016-03-03"),
    ("2015-02-22T10:00:00Z", "2015-02-22"),
    ("someday", None),
    ("10 ساعات", None),  # a duration, not "ten hours ago"
])
def test_parse_date(written, iso):
    assert parse_date(written) == iso


@pytest.mark.parametrize("text, found", [
    ("شنت طائرات مصرية غارات على درنة يوم الاثنين 16 فبراير 2015 وقتل 12 شخصا", [("16 فبراير 2015", "2015-02-16")]),
    ("Egyptian jets struck Derna on Sunday, Feb. 15, 2015, and seven people died.", [("Feb. 15, 2015", "2015-02-15")]),
    ("أبلغت القاهرة الجزائر قبل 10 ساعات من الغارات عام 2015", []),
    ("At least 12 were killed, 10 hours later, in 2015", []),
    ("The toll stood at 25 on 03/03/2016.", [("03/03/2016", "2016-03-03")]),
])
def test_dates_in_text(text, found):
    assert [(d.surface, d.iso) for d in dates_in(text)] == found
    for d in dates_in(text):
        assert text[d.start:d.end] == d.surface
