import hashlib
from pathlib import Path

import pytest

from claimcheck.text.claims import MIN_CLAIM_WORDS, extract_claims, find_attribution, is_boilerplate
from claimcheck.text.ingest import article_id, read_paths
from claimcheck.text.normalize import normalize
from claimcheck.types import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    return {a.path.rsplit("/", 1)[-1][:3]: a for a in read_paths([SEEDS]).articles}


@pytest.fixture(scope="module")
def seed_claims(seeds):
    return {k: extract_claims(a) for k, a in seeds.items()}


def _article(text: str) -> Article:
    return Article(id=article_id(text), path="t.txt", title=text.split("\n", 1)[0], text=text)


def test_offsets_hold_on_every_seed_claim(seeds, seed_claims):
    for key, claims in seed_claims.items():
        text = seeds[key].text
        assert claims, key
        for c in claims:
            assert text[c.start : c.end] == c.text
            assert c.text == c.text.strip()
            assert c.norm == normalize(c.text)
            assert c.article_id == seeds[key].id
            assert c.id == hashlib.sha256(f"{c.article_id}:{c.start}:{c.end}".encode()).hexdigest()[:16]
            assert len(c.text.split()) >= MIN_CLAIM_WORDS


def test_claims_are_in_text_order_and_unique(seed_claims):
    for claims in seed_claims.values():
        starts = [c.start for c in claims]
        assert starts == sorted(starts)
        assert len({c.id for c in claims}) == len(claims)
        assert len({c.norm for c in claims}) == len(claims)


@pytest.mark.parametrize("key", ["000", "001"])
@pytest.mark.parametrize(
    "furniture",
    ["اترك تعليقاً", "لن يتم نشر عنوان بريدك", "Akismet", "ترك الرد", "من فضلك ادخل", "أخبار ذات علاقة",
     "أهم الأخبار", "اخترنا لكم", "المكتب الإعلامي الفلسطيني", "الرئيسيةأخبار"],
)
def test_boilerplate_is_not_a_claim(seed_claims, key, furniture):
    assert not any(furniture in c.text for c in seed_claims[key])


def test_seed_000_title_is_a_claim(seed_claims):
    first = seed_claims["000"][0]
    assert first.text == "الجزائر ترفض المشاركة في عملية عسكرية مع مصر"
    assert (first.start, first.sentence_index) == (0, 0)


def test_short_headings_are_not_claims(seed_claims):
    assert not any(c.text == "تراجع مستوى التنسيق" for c in seed_claims["000"])
    assert not any(c.text == "أمن وإستراتيجية" for c in seed_claims["002"])


def test_seed_001_repeated_title_is_one_claim(seed_claims):
    title = "اتفاق بين الجزائر ومصر وتونس على زيادة التنسيق الأمني حول ليبيا"
    assert [c.text for c in seed_claims["001"]].count(title) == 1


def test_seed_000_surprised_and_notified_are_separate_claims(seeds, seed_claims):
    text = seeds["000"].text
    claims = seed_claims["000"]
    surprised = [c for c in claims if "فاجأت الجزائر وتونس" in c.text and "الغارات الجوية" in c.text]
    notified = [c for c in claims if "أبلغت الجزائر وتونس" in c.text]
    assert len(surprised) == 1 and len(notified) == 1
    s, n = surprised[0], notified[0]
    assert s.sentence_index == n.sentence_index
    assert n.clause_index == s.clause_index + 1
    assert "أبلغت" not in s.text and "فاجأت" not in n.text
    assert n.text.endswith("بـ10 ساعات.")
    assert text[s.start : s.end] == s.text and text[n.start : n.end] == n.text
    assert s.attribution == "بعض المصادر"
    assert n.attribution == "المصدر"


def test_seed_000_illa_anna_splits(seed_claims):
    texts = [c.text for c in seed_claims["000"]]
    assert "إلا أن الجزائر واصلت التمسك بمبدأ عدم خوض حروب خارجية." in texts


def test_datelines_are_cut_from_the_claim(seed_claims):
    c003 = [c for c in seed_claims["003"] if "صبري بوقادوم محادثات" in c.text]
    assert len(c003) == 1 and c003[0].text.startswith("أجرى وزير الخارجية")
    c001 = [c for c in seed_claims["001"] if "اتفقت الجزائر ومصر وتونس" in c.text]
    assert len(c001) == 1 and c001[0].text.startswith("اتفقت")


@pytest.mark.parametrize(
    "key, fragment, source",
    [
        ("000", "وقد عرضت جمهورية مصر على الجزائر", "مصدر عليم"),
        ("000", "وقال المصدر لـ “الخبر”", "المصدر"),
        ("000", "إلا أن الجزائر واصلت التمسك", "المصدر"),  # inherited within the sentence
        ("000", "وسرّب مصدر عليم للغاية", "مصدر عليم للغاية"),
        ("000", "وقال مصدرنا إن تقارير استخبارية", "مصدرنا"),
        ("001", "اتفقت الجزائر ومصر وتونس", "مصدر أمني جزائري رفيع المستوى"),
        ("001", "الذي طلب عدم نشر اسمه", "وكالة الأناضول"),
        ("001", "وفقا للمصدر", "المصدر"),
        ("001", "وتابع المصدر أن", "المصدر"),
        ("002", "وقال مصدر أمني جزائري رفيع", "مصدر أمني جزائري رفيع"),
        ("002", "وقال مصدر \u00a0أمني", "مصدر أمني"),  # NBSP inside the source phrase
        ("002", "وقال السيد \u00a0جيلاني حسان", "السيد جيلاني حسان"),
        ("003", "وأفاد المكتب الإعلامي للمشير حفتر", "المكتب الإعلامي للمشير حفتر"),
        ("003", "وتقول مصادر إن", "مصادر"),
        ("004", "أفاد مصدر عسكري لوكالة سبوتنيك", "مصدر عسكري لوكالة سبوتنيك"),
        ("001", "وأوضح أن “القيادة السياسية", "المصدر"),  # bare verb continues the claim before
        ("001", "رأى الدكتور بن هادي مصطفى", "الدكتور بن هادي مصطفى"),
        ("001", "قال مندوب تونس في الأمم المتحدة", "مندوب تونس في الأمم المتحدة"),
        ("004", "وأوضح البيان بأن", "البيان"),
        ("004", "أوضح خبراء أمنيون بأن", "خبراء أمنيون"),
    ],
)
def test_attribution_on_seed_sentences(seed_claims, key, fragment, source):
    [claim] = [c for c in seed_claims[key] if fragment in c.text]
    assert claim.attribution == source


@pytest.mark.parametrize(
    "key, fragment",
    [
        ("000", "الجزائر ترفض المشاركة"),
        ("003", "ودخل وقف هش لإطلاق النار"),
        ("004", "التقى وزير الخارجية الجزائري صبري بوقادم"),
        # "وقالت" continues the unattributed clause before it, not the last named source
        ("001", "وقالت إنها تتم بالتننسيق"),
    ],
)
def test_no_attribution_when_none_is_named(seed_claims, key, fragment):
    [claim] = [c for c in seed_claims[key] if fragment in c.text]
    assert claim.attribution is None


def test_seed_002_claims_match_without_nbsp(seed_claims):
    claims = seed_claims["002"]
    assert any("\u00a0" in c.text for c in claims)  # originals keep it
    assert not any("\u00a0" in c.norm or "  " in c.norm for c in claims)


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("وقال مصدر دبلوماسي مطلع إن الاجتماع تأجل إلى الأسبوع المقبل.", "مصدر دبلوماسي مطلع"),
        ("نقلا عن وكالة رويترز فإن الاجتماع تأجل إلى الأسبوع المقبل.", "وكالة رويترز"),
        ("تأجل الاجتماع إلى الأسبوع المقبل وفقاً للمصدر ذاته.", "المصدر"),
        ("تأجل الاجتماع إلى الأسبوع المقبل، حسب مصادر متطابقة.", "مصادر متطابقة"),
        ("ذكرت وكالة الأنباء الجزائرية أن الاجتماع تأجل إلى الأسبوع المقبل.", "وكالة الأنباء الجزائرية"),
        ("أطلقت وكالة ناسا مسبارا جديدا نحو المريخ الأسبوع الماضي.", None),  # a subject, not a source
        ("وقال وزير الخارجية المصري سامح شكري إن بلاده تدعم الحل السياسي.", "وزير الخارجية المصري سامح شكري"),
        ("قال وزير سابق في مقابلة طويلة مع الصحيفة أمس كلاما كثيرا عن الأزمة.", None),  # no "إن"/comma: not bounded
        ("تأجل الاجتماع إلى الأسبوع المقبل في قاعة المؤتمرات.", None),
        # "according to what X reported": X is the source, not "ما نقلته" (245 such in
        # UnifiedFC Fold_1 + Fold_2)
        ("لم تتعهد روسيا بضمان انسحاب القوات الموالية لإيران، بحسب ما نقلته شبكة سي إن إن.", "شبكة سي"),
        ("يزور المبعوث موسكو غدا، بحسب ما ذكرت وكالة تاس الروسية.", "وكالة تاس الروسية"),
        ("ولا يوجد مرشح واضح في صدارة السباق وفقا لما يقوله المسؤولون العراقيون.", "المسؤولون العراقيون"),
        ("ووصلت القافلة إلى إدلب مساء أمس، حسب ما نقلت عنه وكالة الأناضول.", "وكالة الأناضول"),
        ("تقسم السلال على ست أسر، حسب التقارير التي ترد من هناك.", "التقارير"),  # not the relative pronoun
        ("وانهار الاتفاق بحسب ما يبدو بعد أسبوع من توقيعه.", None),  # "as it seems": no one
        ("وتابعت: حسب ما جاء في البيان فإن القافلة وصلت.", None),
    ],
)
def test_find_attribution(sentence, source):
    assert find_attribution(sentence) == source


@pytest.mark.parametrize(
    "line, expected",
    [
        ("اترك تعليقاً", True),
        ("من فضلك ادخل اسمك هنا", True),
        ("هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة.", True),
        ("الرئيسيةأخبارعربية ودوليةاتفاق بين الجزائر ومصر", True),
        ("الرئيسية » أخبار » ليبيا", True),
        ("شارك", True),
        ("طباعة", True),
        ("شارك على فيسبوك", True),
        ("شاركت الجزائر في الاجتماع الأمني بالقاهرة", False),
        ("شارك وزير الخارجية الجزائري في اجتماع دول الجوار أمس", False),
        ("الرئيسية هي القضية الأهم في الاجتماع", False),
        ("اتفاق بين الجزائر ومصر وتونس على زيادة التنسيق الأمني", False),
    ],
)
def test_is_boilerplate(line, expected):
    assert is_boilerplate(line) is expected


def test_dateline_only_line_and_byline_are_skipped():
    text = (
        "بقلم: محمد علي\n"
        "بنغازي (ليبيا) -\n"
        "القاهرة - أعلنت وزارة الخارجية المصرية تأجيل الاجتماع إلى الأسبوع المقبل.\n"
        "شارك\n"
    )
    claims = extract_claims(_article(text))
    assert [c.text for c in claims] == ["أعلنت وزارة الخارجية المصرية تأجيل الاجتماع إلى الأسبوع المقبل."]


def test_everything_after_the_comment_form_is_dropped():
    text = (
        "أعلنت وزارة الخارجية المصرية تأجيل الاجتماع إلى الأسبوع المقبل.\n"
        "ترك الرد\n"
        "المكتب الإعلامي الفلسطيني في أوروبا\n"
    )
    assert [c.sentence_index for c in extract_claims(_article(text))] == [0]


def test_wire_dateline_is_a_fallback_attribution():
    text = "الأناضول – أعلنت وزارة الخارجية المصرية تأجيل الاجتماع إلى الأسبوع المقبل."
    [claim] = extract_claims(_article(text))
    assert claim.text.startswith("أعلنت")
    assert claim.attribution == "الأناضول"


def test_sentence_and_clause_indexes():
    text = (
        "عنوان قصير\n"
        "أيدت الحكومة الأولى الغارات المصرية على درنة، لكن حكومة الحاسي نددت بتلك الغارات بشدة.\n"
    )
    claims = extract_claims(_article(text))
    assert [(c.sentence_index, c.clause_index) for c in claims] == [(1, 0), (1, 1)]


def test_offsets_hold_on_noisy_text():
    # Deterministic noise: markers, abbreviations, NBSP, marks, quotes, digits.
    import random

    pieces = (
        "قال المصدر إن وبينما إلا أن لكن حسب مصدر عليم وفقا للمصدر لوكالة الأناضول "
        "ت.غ د. 3.5 ٣٫٥ بـ10 اترك تعليقاً الرئيسية شارك بنغازي (ليبيا) - « » “ ” ؟ ؛ … . ، "
        "\u00a0 \u200f ـ ً الجزائر أبلغت فاجأت"
    ).split(" ")
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice(pieces) + rng.choice([" ", " ", "\n", ""]) for _ in range(rng.randint(0, 50)))
        for c in extract_claims(_article(text)):
            assert text[c.start : c.end] == c.text
            assert c.text.strip() == c.text
