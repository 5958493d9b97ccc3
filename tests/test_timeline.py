"""Time-aware findings (issue 13, item 3): a figure that changed between two
reports is "changed over time", with both dates; a same-day conflict, or a later
report that speaks of the earlier time, stays a contradiction."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimcheck.cluster import Thresholds
from claimcheck.pipeline import analyse, index_paths
from claimcheck.report import build_report, render_markdown
from claimcheck.settings import DEFAULT
from claimcheck.timeline import CHANGED_OVER_TIME, classify


class _AlwaysContradiction:
    """NLI that calls every pair a contradiction: the tests decide what time does to it."""

    name = "always-contradiction.v1"

    def predict(self, pairs):
        return np.tile(np.array([0.02, 0.03, 0.95], dtype=np.float32), (len(pairs), 1))


def _run(tmp_path, rows):
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    res = index_paths([p], tmp_path / "ix", encoder="hash.v1")
    an = analyse(res.index, nli=_AlwaysContradiction(), k=8,
                 thresholds=Thresholds(related=-1.0, duplicate=0.999, source="test"))
    return res, an, build_report(res.index, an, res.warnings)


TOLL_2015 = {"title": "غارات على درنة", "published": "2015-02-16", "source": "الخبر",
             "text": "غارات على درنة\n\nقتل 10 أشخاص في الغارات الجوية على مدينة درنة."}
TOLL_2016 = {"title": "ارتفاع حصيلة قتلى غارات درنة", "published": "2016-03-03", "source": "الشروق",
             "text": "ارتفاع حصيلة قتلى غارات درنة\n\nارتفعت حصيلة قتلى الغارات الجوية على مدينة درنة إلى 25 شخصا."}


def _pair(rep, needle_a, needle_b):
    out = [f for f in rep["findings"]
           if {needle_a, needle_b} <= {w for c in f["claims"] for w in c["text"].split()}
           and any(needle_a in c["text"] for c in f["claims"]) and any(needle_b in c["text"] for c in f["claims"])]
    assert out, f"no finding pairs {needle_a} with {needle_b}"
    return out[0]


def test_toll_a_year_later_is_changed_over_time_with_both_dates(tmp_path):
    _, _, rep = _run(tmp_path, [TOLL_2015, TOLL_2016])
    f = _pair(rep, "10", "25")
    assert f["kind"] == CHANGED_OVER_TIME
    dates = {c["article"]["published"]: c for c in f["claims"]}
    assert set(dates) == {"2015-02-16", "2016-03-03"}
    assert {f["time"]["a"], f["time"]["b"]} == {"2015-02-16", "2016-03-03"}
    later = f["claims"][0 if f["time"]["later"] == "a" else 1]
    assert later["article"]["published"] == "2016-03-03"
    assert rep["summary"]["changed_over_time"] >= 1
    assert rep["summary"]["contradictions"] == sum(x["kind"] == "contradiction" for x in rep["findings"])
    md = render_markdown(rep)
    section = md.split("## Changed over time")[1].split("## Corroborated")[0]
    assert "2015-02-16" in section and "2016-03-03" in section and "25 شخصا" in section


def test_same_day_conflict_stays_a_contradiction(tmp_path):
    other = {**TOLL_2015, "title": "مقتل 12 في درنة", "source": "الشروق",
             "text": "مقتل 12 في درنة\n\nقتل 12 شخصا في الغارات الجوية على مدينة درنة."}
    _, _, rep = _run(tmp_path, [TOLL_2015, other])
    f = _pair(rep, "10", "12")
    assert f["kind"] == "contradiction" and "time" not in f
    assert rep["summary"]["changed_over_time"] == 0


def test_later_report_about_the_earlier_day_stays_a_contradiction(tmp_path):
    later = {"title": "تصحيح", "published": "2016-03-03", "source": "الشروق",
             "text": "تصحيح\n\nقتل 25 شخصا في الغارات الجوية على مدينة درنة يوم 16 فبراير 2015."}
    _, _, rep = _run(tmp_path, [TOLL_2015, later])
    assert _pair(rep, "10", "25")["kind"] == "contradiction"


@pytest.mark.parametrize("a, b, da, db, changed", [
    # different publication dates
    ("قتل 10 أشخاص في الغارات", "قتل 25 شخصا في الغارات", "2015-02-16", "2016-03-03", True),
    ("Ten people died in the strikes", "25 people died in the strikes", "2015-02-16", "2015-02-20", True),
    # one day, but the later text marks an update
    ("قتل 10 أشخاص في الغارات", "ارتفع عدد القتلى في الغارات إلى 25", "2015-02-16", "2015-02-16", True),
    ("Ten people died in the strikes", "The toll rises to 25, officials said", None, None, True),
    ("Ten people died in the strikes", "Updated: 25 people died in the strikes", "2015-02-16", None, True),
    # one claim marks its figure as an earlier report's
    ("قتل أكثر من 50 مدنيا في قصف جوي على حلب", "وكان المرصد افاد في وقت سابق عن مقتل 21 مدنيا في القصف",
     None, None, True),
    # one day, no marker: a real conflict
    ("قتل 10 أشخاص في الغارات", "قتل 12 شخصا في الغارات", "2015-02-16", "2015-02-16", False),
    ("Ten people died", "Twelve people died", None, None, False),
    ("Ten people died", "Twelve people died", "2015-02-16", None, False),  # one date unknown
    # the later report speaks of the earlier time
    ("فاجأت الغارات الجزائر", "وكانت القاهرة قد أبلغت الجزائر بالغارات", "2015-02-16", "2016-03-03", False),
    ("The strikes surprised Algeria", "Cairo had notified Algeria of the strikes", "2015-02-16", "2016-03-03", False),
    ("قتل 10 أشخاص", "قتل 25 شخصا في غارات عام 2015", "2015-02-16", "2016-03-03", False),
    ("Ten people died", "25 people died in the strikes of February 16, 2015", "2015-02-16", "2016-03-03", False),
])
def test_classify(a, b, da, db, changed):
    reading = classify(a, b, da, db)
    assert (reading is not None) == changed
    if reading is not None:
        assert reading.dates == ((da or None), (db or None))


@pytest.mark.slow
def test_toll_case_with_the_real_models_and_a_saved_page(tmp_path):
    """The 2015 report (JSONL) and the 2016 "toll rises" page (HTML fixture): the
    toll pair is changed over time with both dates; a same-day report of another
    toll stays a contradiction."""
    from pathlib import Path

    from claimcheck import pipeline

    web = Path(__file__).resolve().parent / "fixtures" / "web" / "derna_ar.html"
    rows = [
        {"title": "غارات على درنة", "published": "2015-02-16", "source": "الخبر",
         "text": "غارات على درنة\n\nقتل 10 أشخاص في الغارات الجوية التي استهدفت مدينة درنة شرق ليبيا."},
        {"title": "غارات درنة", "published": "2016-03-03", "source": "الشروق",
         "text": "غارات درنة\n\nقتل 40 شخصا في الغارات الجوية التي استهدفت مدينة درنة شرق ليبيا يوم الأربعاء."},
        {"title": "قتلى في درنة", "published": "2016-03-03", "source": "النهار",
         "text": "قتلى في درنة\n\nقتل 12 شخصا في الغارات الجوية التي استهدفت مدينة درنة شرق ليبيا يوم الأربعاء."},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    res = pipeline.index_paths([feed, web], tmp_path / "ix")
    # the kind is under test, not whether a count conflict alone is shown (it is
    # not: findings.FACT_CUE_PRECISION), so every finding is scored and listed
    an = pipeline.analyse(res.index, settings=DEFAULT.replace(weaker_leads=True))
    rep = build_report(res.index, an, res.warnings, include_hidden=True)

    def between(x, y):
        return [f for f in rep["findings"]
                if any(x in c["text"] for c in f["claims"]) and any(y in c["text"] for c in f["claims"])]

    year = between("قتل 10 أشخاص", "إلى 25 شخصا")
    assert year and all(f["kind"] == CHANGED_OVER_TIME for f in year)
    assert {year[0]["time"]["a"], year[0]["time"]["b"]} == {"2015-02-16", "2016-03-03"}
    same_day = between("قتل 40 شخصا", "قتل 12 شخصا")
    assert same_day and all(f["kind"] == "contradiction" for f in same_day)


def test_an_update_marker_explains_only_a_number_difference():
    toll = "ارتفعت حصيلة القتلى في الغارات على درنة إلى 25 شخصا"
    assert classify("قتل 10 أشخاص في الغارات", toll, None, None, aspects={"number"}).reason == \
        "update marked: «ارتفعت حصيلة»"  # shown as the lexicon writes it
    # "the strikes surprised Algeria" is no earlier toll: a same-day conflict stays one
    assert classify("فاجأت الغارات الجزائر", toll, None, None, aspects={"predicate"}) is None
    # different dates need no number
    assert classify("فاجأت الغارات الجزائر", toll, "2015-02-16", "2016-03-03", aspects={"predicate"}) is not None


@pytest.mark.parametrize("text, iso", [
    # Levantine month names, with the Gregorian one in brackets as Kurdwatch writes them
    ("بتاريخ 29 كانون الأول ( ديسمبر ) 2009 أطلق سراح عضو المكتب السياسي", ["2009-12-29"]),
    ("تظاهر الآلاف مساء اليوم الجمعة 16 حزيران , 2017 , في ساحة التحرير", ["2017-06-16"]),
    ("وفي 3 جوان 2016 قال الوزير", ["2016-06-03"]),  # Maghreb
    ("يوم الاثنين 16 فبراير 2015", ["2015-02-16"]),
])
def test_dates_in_every_arabic_month_naming(text, iso):
    from claimcheck.findings import numbers
    from claimcheck.text.dates import dates_in

    assert [d.iso for d in dates_in(text)] == iso
    assert numbers(text) == []  # a day of the month is not a count


def test_two_entries_of_a_timeline_are_two_occasions():
    from claimcheck.findings import different_occasions

    assert different_occasions("بتاريخ 29 كانون الأول ( ديسمبر ) 2009 أطلق سراح عضو المكتب السياسي",
                               "بتاريخ 20 تشرين الأول ( أكتوبر ) 2009 اعتقل عضو المكتب السياسي")
