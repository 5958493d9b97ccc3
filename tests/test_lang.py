"""Each language table, checked with native examples."""

import re
from datetime import date

import pytest

from claimcheck.text import lang
from claimcheck.text.normalize import normalize


@pytest.mark.parametrize("mark", [".", "!", "?", "؟", "؛", "…"])
def test_sentence_end_has_arabic_and_latin_stops(mark):
    assert mark in lang.SENTENCE_END


@pytest.mark.parametrize("mark", ["،", ",", ":", "-", "«"])
def test_sentence_end_excludes_commas_and_quotes(mark):
    assert mark not in lang.SENTENCE_END


@pytest.mark.parametrize(
    "opening, closing", [("«", "»"), ("“", "”"), ('"', '"'), ("„", "“"), ("‹", "›")]
)
def test_quote_pairs(opening, closing):
    assert lang.QUOTES[opening] == closing


@pytest.mark.parametrize(
    "marker", ["وبينما", "إلا أن", "لكن", "بينما", "في حين", "غير أن", "بيد أن", "كما قال"]
)
def test_clause_markers_cover_contrast_and_second_accounts(marker):
    assert marker in lang.CLAUSE_MARKERS


def test_clause_markers_do_not_include_fima():
    # "فيما يخص" (regarding) is far more common than contrastive "فيما".
    assert "فيما" not in lang.CLAUSE_MARKERS


@pytest.mark.parametrize(
    "line",
    [
        "اترك تعليقاً",
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "ترك الرد",
        "من فضلك ادخل تعليقك",
        "من فضلك ادخل اسمك هنا",
        "أخبار ذات علاقة",
        "أهم الأخبار",
        "اخترنا لكم",
        "هذا الموقع يستخدم Akismet",
        "شارك",
        "طباعة",
    ],
)
def test_boilerplate_lists_seed_furniture(line):
    assert line in lang.BOILERPLATE


@pytest.mark.parametrize("line", ["اترك تعليقاً", "ترك الرد", "أخبار ذات علاقة"])
def test_article_end_markers(line):
    assert line in lang.ARTICLE_END


def test_breadcrumb_head():
    assert "الرئيسية" in lang.BREADCRUMB_HEADS


def _compiled():
    return [re.compile(p) for p in lang.ATTRIBUTION_PATTERNS]


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("وقد عرضت جمهورية مصر على الجزائر، حسب مصدر عليم، التعاون", "مصدر عليم"),
        ("بحسب مصدر أمني جزائري رفيع المستوى.", "مصدر امني جزايري رفيع المستوي"),
        ("وقال المصدر لـ “الخبر” إن السلطات المصرية", "المصدر"),
        ("وقال مصدرنا إن تقارير استخبارية", "مصدرنا"),
        ("أفاد مصدر عسكري لوكالة سبوتنيك أن دعوة حفتر", "مصدر عسكري لوكاله سبوتنيك"),
        ("مضى قائلا، في تصريحات لوكالة الأناضول، إن", "وكاله الاناضول"),
        ("وأفاد المكتب الإعلامي للمشير حفتر أن الرجلين", "المكتب الاعلامي للمشير حفتر"),
        ("وتقول مصادر إن دول الجوار", "مصادر"),
    ],
)
def test_attribution_patterns_capture_the_source(sentence, source):
    norm = normalize(sentence)
    found = [m.group("src") for p in _compiled() if (m := p.search(norm))]
    assert source in found


def test_attribution_patterns_ignore_plain_statement():
    norm = normalize("انتهى لقاء وزراء خارجية الدول الثلاثة في الجزائر بالاتفاق على التهدئة")
    assert not any(p.search(norm) for p in _compiled())


@pytest.mark.parametrize(
    "word", ["لا", "لم", "لن", "ليس", "ليست", "غير", "عدم", "دون", "بدون", "ما", "نفى", "أنكر"]
)
def test_negations(word):
    assert word in lang.NEGATIONS


@pytest.mark.parametrize("word", ["رفض", "رفضت", "يرفض", "استبعد", "امتنع", "rejected", "refused"])
def test_refusal_is_an_act_not_a_negation(word):
    assert word not in lang.NEGATIONS


def test_weekdays_follow_python_numbering():
    # 22 Jan 2020 was a Wednesday (seed 003/004: "الأربعاء").
    assert lang.WEEKDAYS["الأربعاء"] == date(2020, 1, 22).weekday()
    assert lang.WEEKDAYS["الإثنين"] == 0 and lang.WEEKDAYS["الأحد"] == 6
    assert set(lang.WEEKDAYS.values()) == set(range(7))


@pytest.mark.parametrize(
    "name, month",
    [
        ("يناير", 1), ("فبراير", 2), ("أبريل", 4), ("ديسمبر", 12),
        ("كانون الثاني", 1), ("شباط", 2), ("نيسان", 4), ("تموز", 7), ("كانون الأول", 12),
        ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("ماي", 5), ("جوان", 6),
        ("جويلية", 7), ("أوت", 8),
    ],
)
def test_months(name, month):
    assert lang.MONTHS[name] == month


def test_months_cover_the_year():
    assert set(lang.MONTHS.values()) == set(range(1, 13))


@pytest.mark.parametrize("abbr", ["د.", "م.", "ت.غ", "أ.", "ص.", "ق.م", "Mr.", "U.S."])
def test_abbreviations(abbr):
    assert abbr in lang.ABBREVIATIONS


@pytest.mark.parametrize(
    "digits, ascii_", [("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789"), ("٢٠١١", "2011")]
)
def test_digit_map_is_translate_ready(digits, ascii_):
    assert digits.translate(lang.DIGITS) == ascii_


@pytest.mark.parametrize("word, value", [("ثلاث", 3), ("عشرة", 10), ("ألف", 1000), ("مليون", 10**6)])
def test_number_words(word, value):
    assert lang.NUMBER_WORDS[word] == value
