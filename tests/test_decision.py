"""The calibrated pair decision: its asset, its features, its vetoes, and that
report and check share it."""

import json

import numpy as np
import pytest

from claimcheck import decision
from claimcheck.errors import BackendError
from claimcheck.findings import explain, quantities
from claimcheck.settings import DEFAULT, Settings

C = np.array([0.01, 0.01, 0.98], dtype=np.float32)  # NLI: contradiction
E = np.array([0.95, 0.04, 0.01], dtype=np.float32)  # NLI: entailment
N = np.array([0.05, 0.90, 0.05], dtype=np.float32)


def test_shipped_asset_loads_and_matches_the_features():
    m = decision.load()
    assert m.features == decision.FEATURES and len(m.coef) == len(decision.FEATURES)
    assert 0.0 < m.show_threshold < 1.0
    d = json.loads(decision.ASSET.read_text(encoding="utf-8"))
    # the asset says how it was rebuilt and carries its cross-validated calibration table
    assert "scripts/fit_decision.py" in d["command"]
    assert sum(r["pairs"] for r in d["cv"]["calibration"]) == d["cv"]["pairs"]


def test_broken_asset_is_an_error(tmp_path):
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps({"name": "x", "features": ["c_mean"], "mean": [0], "scale": [1], "coef": [1],
                               "intercept": 0, "show_threshold": 0.5}))
    with pytest.raises(BackendError, match="features"):
        decision.load(bad)
    with pytest.raises(BackendError, match="not a usable"):
        decision.load(tmp_path / "missing.json")


def test_settings_defaults_come_from_the_asset():
    assert DEFAULT.show_threshold == decision.load().show_threshold
    assert DEFAULT.decision_model == decision.load().name
    s = DEFAULT.replace(show_threshold=0.9, neighbours=None)
    assert s.show_threshold == 0.9 and s.neighbours == DEFAULT.neighbours
    with pytest.raises(Exception):
        DEFAULT.show_threshold = 0.1  # frozen
    assert Settings().to_dict() == DEFAULT.to_dict()


def test_fit_logistic_recovers_a_known_rule():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    p = 1 / (1 + np.exp(-(2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5)))
    y = (rng.random(4000) < p).astype(float)
    mean, scale, coef, b = decision.fit_logistic(x, y, l2=0.01)
    raw = coef / scale
    assert raw[0] == pytest.approx(2.0, abs=0.25) and raw[1] == pytest.approx(-1.0, abs=0.2)


def test_stronger_contradiction_means_higher_confidence():
    a = "قتل 10 أشخاص في الهجوم على وسط المدينة مساء الأحد"
    b = "قتل 12 شخصا في الهجوم على وسط المدينة مساء الأحد"
    hi = decision.judge(a, b, C, C, cosine=0.95).probability
    lo = decision.judge(a, b, N, N, cosine=0.95).probability
    ent = decision.judge(a, b, E, E, cosine=0.95).probability
    assert hi > lo > 0 and hi > ent


@pytest.mark.parametrize("a,b", [
    ("المؤشر العماني تراجع 0.57% في ختام التعاملات", "المؤشر الأردني ارتفع 0.56% في ختام التعاملات"),
    ("أغلق مؤشر بورصة الكويت مرتفعا بنسبة 0.5%", "أغلق مؤشر بورصة قطر منخفضا بنسبة 0.4%"),
])
def test_market_reports_on_two_exchanges_never_conflict(a, b):
    j = decision.judge(a, b, C, C, cosine=0.97)
    assert j.probability < DEFAULT.finding_threshold
    assert not j.cues
    assert [d.aspect for d in j.differences] == ["subject"]


def test_one_exchange_rising_and_falling_is_a_cue():
    j = decision.judge("المؤشر العماني تراجع 0.57% في ختام التعاملات",
                       "المؤشر العماني ارتفع 0.57% في ختام التعاملات", C, C, cosine=0.97)
    assert "predicate" in j.cues and j.probability >= DEFAULT.show_threshold


def test_numbers_compare_like_quantities():
    assert quantities("قتل 21 مسيحيا قبل 10 ساعات") == {"مسح": {"21"}, "سع": {"10"}}
    assert quantities("قتل 10 أشخاص").keys() == quantities("قتل 12 شخصا").keys()
    d = [x for x in explain("ذبح التنظيم 21 مسيحيا مصريا", "ذبح التنظيم 20 مسيحيا مصريا") if x.aspect == "number"]
    assert d and (d[0].a, d[0].b) == ("21", "20")
    # different counted things, or a number on one side only: no difference
    assert "number" not in {x.aspect for x in explain("قتل 3 أشخاص في الهجوم", "أصيب 5 جنود في الهجوم")}
    assert "number" not in {x.aspect for x in explain("أبلغت القاهرة الجزائر قبل 10 ساعات", "أبلغت القاهرة الجزائر")}


def test_places_in_two_roles_are_no_difference():
    a = "وبينما تحدثت بعض المصادر أن الغارات الجوية المصرية في ليبيا فاجأت الجزائر وتونس"
    b = "كما قال المصدر، إن القاهرة أبلغت الجزائر وتونس بقرارها قبل انطلاق العمليات بـ10 ساعات"
    aspects = [x.aspect for x in explain(a, b)]
    assert aspects == ["predicate"]  # Libya (where) vs Cairo (who): two roles, not a substitution


class _ContradictAll:
    """NLI that calls every pair a contradiction (0.999 both ways): only the
    decision's other evidence can keep a pair out of the findings."""

    name = "contradict-all.v1"

    def predict(self, pairs):
        return np.tile(np.array([0.0005, 0.0005, 0.999], dtype=np.float32), (len(pairs), 1))


def _index(tmp_path, texts: dict[str, str]):
    from claimcheck.pipeline import index_paths

    d = tmp_path / "c"
    d.mkdir()
    for name, t in texts.items():
        (d / name).write_text(t, encoding="utf-8")
    return index_paths([d], tmp_path / "ix", encoder="hash.v1").index


def _related():
    from claimcheck.cluster import Thresholds

    return Thresholds(related=-1.0, duplicate=0.999, source="test: every pair related")


def test_report_never_lists_two_exchanges_as_a_conflict(tmp_path):
    from claimcheck.pipeline import analyse

    idx = _index(tmp_path, {
        "om.txt": "بورصة مسقط\n\nتراجع المؤشر العماني 0.57% في ختام تعاملات الأسبوع.\n",
        "jo.txt": "بورصة عمان\n\nارتفع المؤشر الأردني 0.56% في ختام تعاملات الأسبوع.\n",
    })
    an = analyse(idx, nli=_ContradictAll(), k=4, thresholds=_related())
    assert an.pairs_scored > 0
    assert an.findings == []


def test_check_and_report_share_one_judgement(tmp_path):
    """The evidence label of check and the finding of report come from one judge_pair."""
    from claimcheck.pipeline import analyse, check, open_index

    idx = _index(tmp_path, {
        "a.txt": "الهجوم\n\nقتل 10 أشخاص في الهجوم على وسط المدينة مساء الأحد.\n",
        "b.txt": "الهجوم\n\nقتل 12 شخصا في الهجوم على وسط المدينة مساء الأحد.\n",
    })
    st = DEFAULT.replace(show_threshold=0.5)
    an = analyse(idx, nli=_ContradictAll(), k=4, thresholds=_related(), settings=st)
    claims = idx.claims
    f = next(f for f in an.findings if {"10", "12"} & set(claims[f.a].text.split()))
    assert "number" in f.cues and f.shown == (f.confidence >= 0.5)
    idx2, enc = open_index(tmp_path / "ix")
    query = claims[f.a].text
    out = check(idx2, enc, query, nli=_ContradictAll(), min_similarity=-1.0, settings=st)
    ev = next(e for e in out.evidence if e.hit.claim.text == claims[f.b].text)
    # the same pair, judged once for the report and once for check: one probability
    # (the cosine differs only by the query's re-embedding)
    assert ev.conflict == pytest.approx(f.confidence, abs=0.02)
    assert (ev.label == "refutes") == f.shown
    assert out.verdict == ("refuted" if f.shown else "not enough evidence")


def test_corroboration_by_mutual_entailment(tmp_path, scripted_nli):
    """Two articles whose claims entail each other form one cluster although their
    cosine is below the near-duplicate threshold."""
    from claimcheck.pipeline import analyse

    idx = _index(tmp_path, {
        "a.txt": "الجزائر\n\nتعارض الجزائر التدخل العسكري في ليبيا.\n",
        "b.txt": "موقف\n\nتعارض الجزائر التدخل العسكري في ليبيا بشدة.\n",
    })

    class Both:
        name = "both.v1"

        def predict(self, pairs):
            return np.tile(E, (len(pairs), 1))

    an = analyse(idx, nli=Both(), k=4, thresholds=_related())
    assert len(an.clusters) == 1 and an.clusters[0].sources == 2 and not an.clusters[0].contested
    assert an.findings == []
