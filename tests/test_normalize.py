import doctest
from pathlib import Path

import pytest

import claimcheck.text.claims
import claimcheck.text.normalize
import claimcheck.text.segment
from claimcheck.text.normalize import normalize, normalize_with_offsets, numbers, tokens

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    "raw, norm",
    [
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),  # alef variants
        ("مستوى على", "مستوي علي"),  # alef maqsura
        ("القاهرة الجمهورية", "القاهره الجمهوريه"),  # taa marbuta
        ("مؤتمر الجزائر", "موتمر الجزاير"),  # hamza on waw / yaa
        ("الـقـاهـرة", "القاهره"),  # tatweel
        ("قالَ المصدرُ إنّ", "قال المصدر ان"),  # tashkeel, shadda
        ("الرحمٰن", "الرحمن"),  # superscript alef
        ("١٠ ساعات و۲۳ يناير", "10 ساعات و23 يناير"),  # Arabic-Indic, Persian digits
        ("٣٫٥ و١٬٠٠٠", "3.5 و1,000"),  # Arabic decimal / thousands separators
        ("کتاب فارسی", "كتاب فارسي"),  # Persian kaf / yeh
        ("Akismet U.S. Army", "akismet u.s. army"),  # Latin casefold
        ("أمريكي \u00a0قبل  ايام\u00a0\u00a0كما", "امريكي قبل ايام كما"),  # NBSP runs (seed 002)
        ("الجزائر\u200fو\u200eتونس", "الجزايرو تونس".replace(" ", "")),  # RLM/LRM dropped
        ("مع\u200bمصر", "معمصر"),  # zero-width space is invisible, not a space
        ("  \n أهلاً \t\n ", "اهلا"),  # trimmed and collapsed
        ("\ufeffنص", "نص"),  # BOM
    ],
)
def test_normalize(raw, norm):
    assert normalize(raw) == norm


def test_normalize_is_idempotent_on_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        once = normalize(path.read_text(encoding="utf-8"))
        assert normalize(once) == once


def test_seed_002_nbsp_is_gone():
    text = (SEEDS / "002_ab0cdb139f012ad3.txt").read_text(encoding="utf-8")
    assert "\u00a0" in text  # the seed really has one
    norm = normalize(text)
    assert "\u00a0" not in norm
    assert "  " not in norm


@pytest.mark.parametrize(
    "raw",
    [
        "وقال المصدر لـ “الخبر” إن السلطات المصرية",
        "أمريكي \u00a0قبل ايام \u00a0 كما",
        "قالَ   المصدرُ\u200f ٣٫٥ ﻻ",
        "ß Straße",
    ],
)
def test_offsets_point_at_the_source_character(raw):
    norm, offsets = normalize_with_offsets(raw)
    assert len(offsets) == len(norm)
    assert offsets == sorted(offsets)
    for ch, i in zip(norm, offsets):
        if ch == " ":
            assert raw[i].isspace()
        else:
            assert normalize(raw[i])  # a visible source character, not a deleted mark


def test_offsets_recover_original_span():
    raw = "وقال المصدر لـ “الخبر” إن القاهرة أبلغت الجزائر"
    norm, offsets = normalize_with_offsets(raw)
    i = norm.index("القاهره ابلغت")
    j = i + len("القاهره ابلغت")
    assert raw[offsets[i] : offsets[j - 1] + 1] == "القاهرة أبلغت"


def test_presentation_forms_decompose():
    assert normalize("\ufefb") == "لا"  # lam-alef ligature


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("أبلغت القاهرةُ الجزائر قبل ١٠ ساعات.", ["ابلغت", "القاهره", "الجزاير", "قبل", "10", "ساعات"]),
        ("بـ10 ساعات", ["ب", "10", "ساعات"]),
        ("ارتفع 3.5% و Akismet", ["ارتفع", "3.5", "و", "akismet"]),
        ("“داعش” (ليبيا) - ،", ["داعش", "ليبيا"]),
    ],
)
def test_tokens(raw, expected):
    assert tokens(raw) == expected


@pytest.mark.parametrize(
    "raw, values",
    [
        ("قبل انطلاق العمليات بـ10 ساعات", [10]),
        ("ذبحه 21 مسيحيا", [21]),
        ("زيارة الحدود لـ٣ مرات", [3]),
        ("نمو ٣٫٥ بالمئة و3.5 أخرى", [3.5, 3.5]),
        ("بلغ 1,000,000 و١٬٢٠٠", [1_000_000, 1200]),
        ("حدود يبلغ طولها ألف كيلومتر", [1000]),
        ("3 ملايين دولار", [3_000_000]),
        ("ثلاث مرات في غضون شهرين", [3]),
        ("عام ۲۰۱۹", [2019]),
        ("نمو 12,5 بالمئة و1,250 دينار", [12.5, 1250]),
        ("لا أرقام هنا", []),
    ],
)
def test_numbers_values(raw, values):
    assert [n.value for n in numbers(raw)] == values


def test_numbers_keep_surface_and_offsets():
    raw = "العمليات بـ10 ساعات وعام ٢٠١١"
    found = numbers(raw)
    assert [n.surface for n in found] == ["10", "٢٠١١"]
    for n in found:
        assert raw[n.start : n.end] == n.surface


def test_numbers_without_words_read_digits_as_written():
    assert [(n.value, n.surface) for n in numbers("3 ملايين وثلاث مرات", words=False)] == [(3.0, "3")]


def test_numbers_do_not_run_past_a_sentence_dot():
    assert [n.surface for n in numbers("عام 2011. وقال")] == ["2011"]


@pytest.mark.parametrize("module", [claimcheck.text.normalize, claimcheck.text.segment, claimcheck.text.claims])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_a_crawls_spaced_decimal_is_one_number():
    # "2 . 8 بالمئة" as a tokenised crawl writes 2.8 %; not a date's or a clock's field
    assert [(n.value, n.surface) for n in numbers("ارتفع 2 . 8 بالمئة إلى 31 . 5 مليار", words=False)] == \
        [(2.8, "2 . 8"), (31.5, "31 . 5")]
    assert [n.value for n in numbers("بلغ 3 . 5 ملايين دولار")] == [3500000.0]
    assert [n.value for n in numbers("2017 / 10 / 5 . 3", words=False)] == [2017.0, 10.0, 5.0, 3.0]
    assert [n.value for n in numbers("20 : 24 . 5", words=False)] == [20.0, 24.0, 5.0]
    assert [n.value for n in numbers("عام 2015 . 3 أشخاص", words=False)] == [2015.0, 3.0]
    assert [n.value for n in numbers("تاريخ 07 . 10 . 2017", words=False)] == [7.0, 10.0, 2017.0]
    assert [n.value for n in numbers("بلغ 0 . 5 بالمئة", words=False)] == [0.5]
    assert [n.value for n in numbers("زلزال قوته 7 . 3 درجة", words=False)] == [7.3]
    assert [n.value for n in numbers("بلغ عدد القتلى 12 . 5 منهم أطفال", words=False)] == [12.0, 5.0]
