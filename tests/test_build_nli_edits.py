"""Light-edit entailment pairs of scripts/build_nli_data.py (--light-edits)."""

import random


def test_shorten_drops_a_trailing_phrase_only(script):
    b = script("build_nli_data")
    text = "29 قتيلا في هجوم بقذيفة صاروخية على سوق مزدحم شرقي دمشق"
    seen = {b.shorten(text, random.Random(s)) for s in range(20)}
    assert seen == {"29 قتيلا في هجوم بقذيفة صاروخية"}  # "في" at word 2 is too early a cut
    assert b.shorten("77 مليار دولار.. عجز ميزانية الحكومة الأميركية", random.Random(0)) == "77 مليار دولار"


def test_shorten_refuses_unsafe_cuts(script):
    b = script("build_nli_data")
    # the dropped part holds a negation: cutting it could change what the rest means
    assert b.shorten("الحكومة تعلن خطة جديدة مع عدم رفع الأسعار", random.Random(0)) is None
    # too short to keep three words
    assert b.shorten("النفط يرتفع في آسيا", random.Random(0)) is None
    # the kept part would end on a particle
    assert b.shorten("أكد الوزير أن في الأمر خطأ", random.Random(0)) is None


def test_respell_changes_spelling_not_words(script):
    b = script("build_nli_data")
    text = "ارتفاع أسعار الذهب إلى 2000 دولار في مصر.. والأسهم تتراجع"

    def norm(s):
        for a, c in (("أ", "ا"), ("إ", "ا"), ("ى", "ي"), ("ة", "ه"), ("..", ""), ("،", ""), (" -", ""), (":", "")):
            s = s.replace(a, c)
        return s.translate(b._WESTERN).split()

    outs = [b.respell(text, random.Random(s)) for s in range(30)]
    changed = [o for o in outs if o is not None]
    assert len(changed) >= 20 and any("٢٠٠٠" in o for o in changed) and any("اسعار" in o for o in changed)
    assert all(norm(o) == norm(text) for o in changed)


def test_light_edit_pairs_are_entailments_from_the_given_headlines(script):
    b = script("build_nli_data")
    heads = ["29 قتيلا في هجوم بقذيفة صاروخية على سوق مزدحم شرقي دمشق",
             "آلاف المدنيين يفرون من الغوطة الشرقية وعفرين", "النفط يرتفع"]
    pairs = b.light_edit_pairs(heads, random.Random(3))
    assert pairs and {p["label"] for p in pairs} == {"entailment"}
    for p in pairs:
        assert p["premise"] in heads or p["hypothesis"] in heads
        if p["origin"] == "edit_shorten":
            assert p["premise"].startswith(p["hypothesis"]) and len(p["hypothesis"]) < len(p["premise"])
