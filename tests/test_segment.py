from pathlib import Path

import pytest

from claimcheck.text.segment import MIN_CLAUSE_WORDS, split_clauses, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def clauses(text):
    return [text[s:e] for s, e in split_clauses(text, 0, len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Arabic question mark and semicolon end sentences
        ("هل انتهى الاجتماع؟ نعم انتهى.", ["هل انتهى الاجتماع؟", "نعم انتهى."]),
        ("اتفق الوزراء؛ ورفضت الجزائر المشاركة.", ["اتفق الوزراء؛", "ورفضت الجزائر المشاركة."]),
        ("انتهى! ثم غادر…", ["انتهى!", "ثم غادر…"]),
        ("حقا؟! لا أصدق.", ["حقا؟!", "لا أصدق."]),
        ("وانتظر... ثم تكلم.", ["وانتظر...", "ثم تكلم."]),
        # line breaks end sentences, blank and NBSP-only lines vanish
        ("عنوان الخبر\n\u00a0\n\nنص الخبر هنا.", ["عنوان الخبر", "نص الخبر هنا."]),
        # decimals, Western and Arabic-Indic
        ("ارتفع المؤشر 3.5 نقطة. وهبط لاحقا.", ["ارتفع المؤشر 3.5 نقطة.", "وهبط لاحقا."]),
        ("نما بنسبة ٣٫٥ بالمئة. ثم توقف.", ["نما بنسبة ٣٫٥ بالمئة.", "ثم توقف."]),
        ("بلغ العدد ٣.٥ مليون. ثم تراجع.", ["بلغ العدد ٣.٥ مليون.", "ثم تراجع."]),
        # abbreviations and titles
        ("قال د. أحمد إن الوضع خطير.", ["قال د. أحمد إن الوضع خطير."]),
        ("بنيت عام 300 ق.م في المدينة.", ["بنيت عام 300 ق.م في المدينة."]),
        ("Mr. Smith met U.S. officials. Then he left.", ["Mr. Smith met U.S. officials.", "Then he left."]),
        ("وقع الحادث في الساعة 10 ص. صباحا أمس.", ["وقع الحادث في الساعة 10 ص. صباحا أمس."]),
        # "ت.غ" (GMT) from seed 001
        (
            "وحتى الساعة 07:50 “ت.غ” لم يصدر أي إعلان رسمي. وجاء ذلك لاحقا.",
            ["وحتى الساعة 07:50 “ت.غ” لم يصدر أي إعلان رسمي.", "وجاء ذلك لاحقا."],
        ),
        ("الساعة 07:50 ت.غ اليوم. انتهى.", ["الساعة 07:50 ت.غ اليوم.", "انتهى."]),
        # URLs and initials
        ("نشر على www.aljazeera.net اليوم. ثم حذف.", ["نشر على www.aljazeera.net اليوم.", "ثم حذف."]),
        ("قال J.R.R. Tolkien ذلك. انتهى.", ["قال J.R.R. Tolkien ذلك.", "انتهى."]),
        # a closing quote after the stop stays with its sentence
        ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
        ('قال: "انتهى الأمر." ثم غادر.', ['قال: "انتهى الأمر."', "ثم غادر."]),
        ("قال: “انتهى الأمر.” ثم غادر.", ["قال: “انتهى الأمر.”", "ثم غادر."]),
        # ...but an opening quote after the stop starts the next one
        ('انتهى الأمر. "وهذا جديد" قال.', ["انتهى الأمر.", '"وهذا جديد" قال.']),
        # a missing space after an Arabic full stop still ends the sentence
        ("انتهى الاجتماع.وقال المصدر إنه نجح.", ["انتهى الاجتماع.", "وقال المصدر إنه نجح."]),
        ("منذ عام 2011.وقال المصدر ذلك.", ["منذ عام 2011.", "وقال المصدر ذلك."]),
        # the era mark after a year ends a sentence; before a name it is a title
        ("سقط النظام عام 2011 م. ثم بدأت الفوضى.", ["سقط النظام عام 2011 م.", "ثم بدأت الفوضى."]),
        ("وقال م. خالد إن المشروع انتهى.", ["وقال م. خالد إن المشروع انتهى."]),
        # no punctuation at the end
        ("اتفاق بين الجزائر ومصر", ["اتفاق بين الجزائر ومصر"]),
        ("", []),
        (" \u00a0\n\t", []),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_spans_are_trimmed_offsets_into_the_original():
    text = "  \u00a0الجزائر ترفض.\u00a0 \n  مصر تعرض.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["الجزائر ترفض.", "مصر تعرض."]
    assert spans[0][0] == 3


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_sentences_cover_the_text(path):
    text = path.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert spans == sorted(spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    # Nothing with letters is lost between spans.
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    lost = "".join(text[i] for i in range(len(text)) if i not in covered)
    assert not any(c.isalpha() for c in lost)


SEED_000_SENTENCE = (
    "وتشير المعلومات المتاحة إلى أن المسؤولين في الجزائر شعروا بأن المصريين انفردوا بقرار شن "
    "عمليات عسكرية في ليبيا دون أي تنسيق مع جيران ليبيا الذين ستنعكس عليهم أية نتائج للعمليات "
    "العسكرية في ليبيا، وبينما تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت "
    "الجزائر وتونس، كما قال المصدر، إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات "
    "بـ10 ساعات."
)


def test_seed_000_two_accounts_become_two_clauses():
    parts = clauses(SEED_000_SENTENCE)
    assert len(parts) == 3
    assert parts[1] == "وبينما تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
    assert parts[2] == "كما قال المصدر، إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات."
    assert "فاجأت" not in parts[2] and "أبلغت" not in parts[1]


def test_seed_000_clauses_in_the_file():
    text = (SEEDS / "000_3f1dbae69eb59a09.txt").read_text(encoding="utf-8")
    s = text.index(SEED_000_SENTENCE)
    spans = split_clauses(text, s, s + len(SEED_000_SENTENCE))
    assert text[spans[1][0] : spans[1][1]].endswith("فاجأت الجزائر وتونس")
    assert text[spans[2][0] : spans[2][1]].endswith("قبل انطلاق العمليات بـ10 ساعات.")
    assert all(s <= a < b <= s + len(SEED_000_SENTENCE) for a, b in spans)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "وقال المصدر إن السلطات المصرية عرضت على الجزائر المشاركة، إلا أن الجزائر واصلت التمسك بمبدأ عدم خوض حروب خارجية.",
            ["وقال المصدر إن السلطات المصرية عرضت على الجزائر المشاركة", "إلا أن الجزائر واصلت التمسك بمبدأ عدم خوض حروب خارجية."],
        ),
        (
            "رغم تحفظ الجزائر على العمليات العسكرية في ليبيا، إلا أنها لن تتردد في التعاون الاستخباري.",
            ["رغم تحفظ الجزائر على العمليات العسكرية في ليبيا", "إلا أنها لن تتردد في التعاون الاستخباري."],
        ),
        (
            "أيدت الحكومة الأولى الغارات المصرية على درنة، لكن حكومة الحاسي نددت بتلك الغارات بشدة.",
            ["أيدت الحكومة الأولى الغارات المصرية على درنة", "لكن حكومة الحاسي نددت بتلك الغارات بشدة."],
        ),
        (
            "أعلنت الوزارة مقتل خمسة جنود في الهجوم، في حين تحدثت مصادر محلية عن عشرة قتلى.",
            ["أعلنت الوزارة مقتل خمسة جنود في الهجوم", "في حين تحدثت مصادر محلية عن عشرة قتلى."],
        ),
        (
            "وصل الوزير إلى بنغازي صباح الأربعاء، غير أن اللقاء مع المشير تأجل إلى المساء.",
            ["وصل الوزير إلى بنغازي صباح الأربعاء", "غير أن اللقاء مع المشير تأجل إلى المساء."],
        ),
    ],
)
def test_contrast_markers_split(text, expected):
    assert clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # marker with no comma before it is inside a clause
        "قال إنه لكن لم يوضح السبب الحقيقي لتأجيل الاجتماع.",
        # "فيما يخص" is not a contrast
        "ظهر خلاف بين مصر والجزائر، فيما يخص سبل حل الأزمة الليبية.",
        # a word that merely starts like a marker ("لكنائس")
        "زار الوفد الرسمي المدينة، لكنائس قديمة فيها تاريخ طويل.",
        # too short to stand alone: "لكن بشدة" would be two words
        "أيدت الحكومة الأولى الغارات المصرية على درنة، لكن بشدة.",
    ],
)
def test_no_split(text):
    assert clauses(text) == [text]


def test_short_leftovers_merge_into_a_claim_sized_clause():
    text = (
        "وأدانت حكومتا الثني والحاسي ذبح المسيحيين المصريين، "
        "لكن بينما أيدت الأولى الغارات المصرية على درنة، نددت الثانية بها."
    )
    parts = clauses(text)
    assert len(parts) == 2
    assert all(len(p.split()) >= MIN_CLAUSE_WORDS for p in parts)
    assert parts[1].startswith("لكن بينما أيدت")  # the lone "لكن" joined the next piece


def test_short_first_piece_merges_forward():
    text = "وأدانت الحكومتان الذبح، لكن بينما أيدت الأولى الغارات المصرية على درنة."
    assert clauses(text) == [text]


def test_split_clauses_respects_bounds():
    text = "عنوان.\nأيدت الحكومة الأولى الغارات المصرية على درنة، لكن حكومة الحاسي نددت بتلك الغارات بشدة.\nذيل."
    s = text.index("أيدت")
    e = text.index("\nذيل")
    spans = split_clauses(text, s, e)
    assert spans[0][0] == s and spans[-1][1] == e
    assert text[spans[1][0] : spans[1][1]].startswith("لكن")


def test_a_crawls_spaced_decimal_point_ends_no_sentence():
    # UnifiedFC pages are tokenised with spaces around punctuation: "2 . 8" is 2.8,
    # and splitting there made "8 بالمئة خلال عام 2015 إلى 31 ." a claim of its own
    # (836 such numbers in the 1,842 UnifiedFC dev articles)
    text = ("ارتفع الناتج 2 . 8 بالمئة خلال عام 2015 إلى 31 . 5 مليار دولار . "
            "وقال الوزير إن النمو سيبلغ 3 . 1 بالمئة في العام الحالي .")
    assert sentences(text) == ["ارتفع الناتج 2 . 8 بالمئة خلال عام 2015 إلى 31 . 5 مليار دولار .",
                               "وقال الوزير إن النمو سيبلغ 3 . 1 بالمئة في العام الحالي ."]
    # a year, a numeric date's or a clock's last field before the dot still ends the sentence
    assert sentences("قتل في عام 2015 . 3 أشخاص أصيبوا") == ["قتل في عام 2015 .", "3 أشخاص أصيبوا"]
    assert sentences("التاريخ 2017 / 10 / 5 . 3 أشخاص") == ["التاريخ 2017 / 10 / 5 .", "3 أشخاص"]
    assert sentences("الساعة 20 : 24 . 5 قتلى") == ["الساعة 20 : 24 .", "5 قتلى"]
    assert sentences("وصلت النسبة الى 12 . وقال") == ["وصلت النسبة الى 12 .", "وقال"]
    # a dotted date (a page header's "07 . 10 . 2017") is no decimal either
    assert sentences("مختارات تاريخ 07 . 10 . 2017 وقال") == ["مختارات تاريخ 07 .", "10 .", "2017 وقال"]
    assert sentences("16 : 05 - 20 . 01 .") == ["16 : 05 - 20 .", "01 ."]
    # only before a percentage, scale, currency or measure: a count after the dot
    # starts a sentence ("12 . 5 منهم" is no 12.5 dead)
    assert sentences("بلغ عدد القتلى 12 . 5 منهم أطفال") == ["بلغ عدد القتلى 12 .", "5 منهم أطفال"]
    assert sentences("نحو 1 . 7 مليون لاجئ . وقال") == ["نحو 1 . 7 مليون لاجئ .", "وقال"]
