import pytest

from claimcheck import lexicon
from claimcheck.findings import explain, numbers


def aspects(a, b):
    return {d.aspect: d for d in explain(a, b)}


def test_seed000_surprise_vs_notified_is_explained():
    a = "وبينما تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
    b = "كما قال المصدر، إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات"
    d = aspects(a, b)
    assert d["predicate"].note == "surprise vs prior notice"
    assert d["number"].b == "10" and d["number"].a == ""
    assert "negation" not in d  # "كما" is not a negated "ما"


@pytest.mark.parametrize("a,b,expected", [
    ("قتل ٣ أشخاص في الهجوم", "قتل 5 أشخاص في الهجوم", ("3", "5")),
    ("بلغت الخسائر ٣٫٥ مليون دولار", "بلغت الخسائر 4.5 مليون دولار", ("3.5", "4.5")),
])
def test_numbers_in_either_script(a, b, expected):
    d = aspects(a, b)["number"]
    assert (d.a, d.b) == expected


def test_same_number_in_two_scripts_is_no_difference():
    assert "number" not in aspects("قتل ٢١ شخصا في الهجوم", "قتل 21 شخصا في الهجوم")


@pytest.mark.parametrize("a,b,note", [
    ("التقى الوزير حفتر يوم الأربعاء", "التقى الوزير حفتر يوم الخميس", "weekdays differ"),
    ("وقع الاتفاق في يناير", "وقع الاتفاق في فبراير", "months differ"),
    ("وقع الاتفاق في جانفي", "وقع الاتفاق في يناير", None),  # Maghrebi and Egyptian names of one month
    ("سقط النظام في عام 2011", "سقط النظام في عام 2012", "years differ"),
])
def test_dates(a, b, note):
    d = [x for x in explain(a, b) if x.aspect == "date"]
    assert ([x.note for x in d] or [None]) == [note]


@pytest.mark.parametrize("a,b,negated", [
    ("الجزائر لن تشارك في العملية العسكرية", "الجزائر تشارك في العملية العسكرية", "A"),
    ("الجزائر تشارك في العملية", "الجزائر لم تشارك في العملية", "B"),
    ("الجزائر لم ترفض العرض المصري", "الجزائر رفضت العرض المصري", "B"),  # double negation affirms
])
def test_negation_parity(a, b, negated):
    d = aspects(a, b)["negation"]
    assert d.note.startswith(negated)


@pytest.mark.parametrize("a,b", [
    ("رفضت الجزائر العرض", "وافقت الجزائر على العرض"),
    ("نفت الوزارة الخبر", "أكدت الوزارة الخبر"),
    ("ارتفعت أسعار النفط", "انخفضت أسعار النفط"),
    ("The strikes surprised Algeria", "Cairo notified Algeria"),
])
def test_opposing_predicates(a, b):
    assert "predicate" in aspects(a, b)


def test_before_is_not_accepted():
    # "قبل" means "before" here; only conjugated forms count as predicates
    assert "predicate" not in aspects("رفضت الجزائر العرض", "قبل انطلاق العمليات بساعات")


def test_places_and_actors_substituted():
    d = aspects("التقى الرئيس تبون الوزير في بنغازي", "التقى الرئيس السيسي الوزير في طرابلس")
    assert d["place"].a == "بنغازي" and d["place"].b == "طرابلس"
    assert "تبون" in d["actor"].a and "السيسي" in d["actor"].b


def test_place_with_clitic():
    d = aspects("وصل الوفد إلى بالقاهرة أمس", "وصل الوفد إلى لليبيا أمس")
    assert "place" in d


def test_numbers_skip_years_and_read_clitics():
    assert numbers("قبل انطلاق العمليات بـ10 ساعات عام 2015") == ["10"]


def test_lexicon_tables_are_disjoint():
    for a, b, _ in lexicon.OPPOSING_PREDICATES:
        assert not (a & b)


def test_predicate_cue_confidence_is_vetoed_by_entailment():
    from claimcheck.findings import PREDICATE_CUE_PRECISION, predicate_cue_confidence

    d = explain("فاجأت الغارات الجزائر وتونس", "أبلغت القاهرة الجزائر وتونس قبل العمليات")
    assert predicate_cue_confidence(d, max_entailment=0.0) == PREDICATE_CUE_PRECISION
    assert predicate_cue_confidence(d, max_entailment=0.9) < 0.1
    assert predicate_cue_confidence(explain("قتل 3 أشخاص", "قتل 5 أشخاص"), 0.0) == 0.0
