"""Lexical facts used to explain contradictions, as data tables.

Entries are written as in text; they are normalised (see ``normalize``) before
matching, and matched whole-word after one clitic prefix (و ف ب ل ك ال…) is
stripped. Predicates are listed by their conjugated forms, not stems: a stem such
as قبل would also match "before". Each table is tested with native examples in
tests/test_findings.py.
"""

# Predicates whose meanings exclude each other: (forms A, forms B, what differs).
OPPOSING_PREDICATES: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (frozenset({"فاجأ", "فاجأت", "فاجأوا", "يفاجئ", "تفاجئ", "فوجئ", "فوجئت", "تفاجأ", "تفاجأت", "مفاجأة", "مفاجئة", "مفاجئا", "مفاجئ"}),
     frozenset({"أبلغ", "أبلغت", "أبلغوا", "أخطر", "أخطرت", "يخطر", "تخطر", "أعلم", "أعلمت", "أطلع", "أطلعت", "أبلغها", "أبلغهم"}),
     "surprise vs prior notice"),
    (frozenset({"انفرد", "انفردت", "انفردوا", "ينفرد", "تنفرد", "منفردة", "دون تنسيق", "دون أي تنسيق",
                "بدون تنسيق", "بلا تنسيق", "من دون تنسيق", "أحادي الجانب", "بشكل أحادي"}),
     frozenset({"أبلغ", "أبلغت", "أبلغوا", "أخطر", "أخطرت", "أطلع", "أطلعت", "أبلغها", "أبلغهم",
                "نسق", "نسقت", "ينسق", "شاور", "شاورت", "تشاورت"}),
     "acted alone vs notified / coordinated"),
    (frozenset({"رفض", "رفضت", "يرفض", "ترفض", "رفضوا", "يرفضون"}),
     frozenset({"وافق", "وافقت", "يوافق", "توافق", "وافقوا", "قبلت", "يقبل", "تقبل", "أيد", "أيدت", "يؤيد", "تؤيد"}),
     "refused vs accepted"),
    (frozenset({"نفى", "نفت", "ينفي", "تنفي", "نفوا"}),
     frozenset({"أكد", "أكدت", "يؤكد", "تؤكد", "أكدوا", "اعترف", "اعترفت", "يعترف", "تعترف"}),
     "denied vs confirmed"),
    (frozenset({"ارتفع", "ارتفعت", "يرتفع", "ترتفع", "ارتفاع", "زاد", "زادت", "يزيد", "تزيد", "صعد", "صعدت"}),
     frozenset({"انخفض", "انخفضت", "ينخفض", "تنخفض", "انخفاض", "تراجع", "تراجعت", "يتراجع", "هبط", "هبطت", "هبوط"}),
     "rise vs fall"),
    (frozenset({"فاز", "فازت", "يفوز", "تفوز", "فوز", "انتصر", "انتصرت"}),
     frozenset({"خسر", "خسرت", "يخسر", "تخسر", "خسارة", "هزم", "هزمت", "هزيمة"}),
     "win vs loss"),
    (frozenset({"أفرج", "أفرجت", "أطلق سراح", "الإفراج"}),
     frozenset({"اعتقل", "اعتقلت", "احتجز", "احتجزت", "اعتقال", "احتجاز"}),
     "release vs detention"),
    # English entries carry the same labels as the Arabic ones: entries with one
    # label are one entry to the explainer, so an Arabic claim and an English one
    # can use its two sides.
    (frozenset({"surprised", "surprise", "surprises", "surprising"}),
     frozenset({"notified", "informed", "warned", "told", "briefed"}), "surprise vs prior notice"),
    (frozenset({"unilaterally", "without coordination", "without consulting", "acted alone"}),
     frozenset({"notified", "informed", "coordinated", "consulted"}), "acted alone vs notified / coordinated"),
    (frozenset({"refused", "rejected", "refuses", "rejects"}),
     frozenset({"accepted", "agreed", "approved", "accepts", "approves"}), "refused vs accepted"),
    (frozenset({"denied", "denies"}), frozenset({"confirmed", "admitted", "confirms", "admits"}),
     "denied vs confirmed"),
    (frozenset({"rose", "rises", "increased", "increases"}),
     frozenset({"fell", "falls", "decreased", "decreases", "dropped"}), "rise vs fall"),
    (frozenset({"won", "wins", "victory"}), frozenset({"lost", "loses", "defeat", "defeated"}), "win vs loss"),
    (frozenset({"released", "freed", "releases"}), frozenset({"arrested", "detained", "detains", "arrests"}),
     "release vs detention"),
)

# Function words that do not tie two claims to one event (predicate context).
FUNCTION_WORDS: frozenset[str] = frozenset("""في من على إلى الى عن مع أن ان إن بعد قبل هذا هذه ذلك تلك التي الذي الذين
 و أو او ما لا لم لن بين حول خلال ضد عبر منذ كل كلا قد ثم كما حتى عند لدى وسط أي اي أمام عليه عليها له لها
 به بها فيه فيها منه منها هو هي هم كان كانت يكون تكون قال قالت وقال وقالت أيضا ايضا غير بعض جميع
 the a an of to in on at for by with from and or that this was were is are be been has have had""".split())

# Places an Arabic news claim commonly names: countries and cities.
PLACES: frozenset[str] = frozenset({
    "الجزائر", "مصر", "تونس", "ليبيا", "المغرب", "السودان", "تشاد", "النيجر", "مالي", "موريتانيا",
    "سوريا", "العراق", "لبنان", "الأردن", "فلسطين", "اليمن", "السعودية", "قطر", "الإمارات",
    "الكويت", "البحرين", "سلطنة عمان", "تركيا", "إيران", "روسيا", "فرنسا", "بريطانيا", "ألمانيا",
    "إيطاليا", "أمريكا", "الولايات المتحدة", "الصين", "إسرائيل", "نيجيريا", "أوروبا", "إفريقيا",
    "القاهرة", "طرابلس", "بنغازي", "طبرق", "درنة", "سرت", "مصراتة", "الرباط", "بغداد", "دمشق",
    "بيروت", "الرياض", "أنقرة", "إسطنبول", "موسكو", "واشنطن", "باريس", "لندن", "برلين",
    "نيويورك", "برازافيل", "جانت", "بوفاريك", "بنينا", "عين أمناس",
})

# Words that name an actor by role; the word after them is part of the actor.
ACTOR_TITLES: frozenset[str] = frozenset({
    "وزير", "الوزير", "رئيس", "الرئيس", "المشير", "الجنرال", "الفريق", "العقيد", "الملك",
    "الأمير", "السفير", "مندوب", "المتحدث", "الناطق", "قائد", "القائد",
})

# Prefixes stripped before matching a token against these tables (longest first).
CLITICS: tuple[str, ...] = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

# What a count counts: a number is of a class when one of these words is within
# a few words of it ("12 قتيلا", "Seven people died", "بـ10 ساعات", "ten hours in
# advance"). Two claims that give different counts of one class disagree on a
# like quantity ("At least 12 were killed" / "Seven people died"); counts of
# different classes (people / hours) are not compared.
QUANTITY_UNITS: dict[str, frozenset[str]] = {
    "people": frozenset({
        "قتيل", "قتيلا", "قتلى", "مقتل", "قتل", "قتلوا", "لقي", "لقوا", "حتفهم", "حصيلة", "ضحايا", "ضحية",
        "جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين", "إصابة", "شخص", "شخصا", "أشخاص", "مدنيين",
        "مدنيا", "أطفال", "طفلا", "نساء", "امرأة", "جندي", "جنديا", "جنود", "عسكريين", "مسلحين", "مسلحا",
        "people", "persons", "person", "killed", "dead", "died", "deaths", "death", "toll", "victims",
        "wounded", "injured", "casualties", "civilians", "children", "women", "soldiers", "fighters",
    }),
    "hours": frozenset({"ساعة", "ساعات", "ساعتين", "hour", "hours"}),
    "days": frozenset({"يوم", "أيام", "يومين", "day", "days"}),
    "times": frozenset({"مرة", "مرات", "مرتين", "times"}),
}
QUANTITY_WINDOW = 3  # words after the number (and one before) searched for its class

# Words that make a count a lower bound: "at least 12" is not contradicted by 15.
LOWER_BOUNDS: tuple[str, ...] = (
    "at least", "more than", "over", "أكثر من", "ما لا يقل عن", "ما يزيد عن", "ما يزيد على", "نحو",
)
LOWER_BOUNDS_AFTER: tuple[str, ...] = ("على الأقل", "at least", "or more")  # "12 قتيلا على الأقل"

# English words glossed to the Arabic word a claim in Arabic would use, so that
# two claims in two languages can be seen to speak of the same thing (the
# "said of the same thing" test of opposing predicates and places). Places first.
GLOSSES_EN_AR: dict[str, str] = {
    "algeria": "الجزائر", "algiers": "الجزائر", "egypt": "مصر", "cairo": "القاهرة", "tunisia": "تونس",
    "tunis": "تونس", "libya": "ليبيا", "tripoli": "طرابلس", "benghazi": "بنغازي", "derna": "درنة",
    "tobruk": "طبرق", "sirte": "سرت", "misrata": "مصراتة", "morocco": "المغرب", "sudan": "السودان",
    "chad": "تشاد", "niger": "النيجر", "mali": "مالي", "syria": "سوريا", "iraq": "العراق",
    "lebanon": "لبنان", "jordan": "الأردن", "yemen": "اليمن", "turkey": "تركيا", "iran": "إيران",
    "russia": "روسيا", "france": "فرنسا", "britain": "بريطانيا", "washington": "واشنطن",
    "moscow": "موسكو", "paris": "باريس", "london": "لندن",
    "egyptian": "المصرية", "algerian": "الجزائرية", "libyan": "الليبية", "tunisian": "التونسية",
    "strikes": "الغارات", "airstrikes": "الغارات", "raids": "الغارات", "strike": "الغارة",
    "operation": "العملية", "operations": "العمليات", "attack": "الهجوم", "army": "الجيش",
    "minister": "وزير", "meeting": "لقاء", "talks": "محادثات", "government": "الحكومة",
}

# Words that mark a report as an update of an earlier one: a different figure
# in it is news, not a contradiction (timeline.py). Matched in the claim and in
# its article's title.
UPDATE_MARKERS: tuple[str, ...] = (
    "ارتفعت حصيلة", "ارتفاع حصيلة", "ارتفعت الحصيلة", "ارتفاع الحصيلة", "ارتفع عدد", "ارتفاع عدد",
    "حصيلة جديدة", "الحصيلة الجديدة", "تحديث", "محدث",
    "updated", "update:", "rises to", "rose to", "climbs to", "climbed to", "new toll", "revised",
)
# Words by which a later report speaks of an earlier time ("كانت القاهرة قد
# أبلغت", "Cairo had notified", "at the time"): a conflict then is about the
# same moment, so it stays a contradiction.
RETROSPECTIVE: tuple[str, ...] = (
    "كانت قد", "كان قد", "كانوا قد", "في ذلك الوقت", "آنذاك", "حينها", "في حينه",
    "had", "at the time", "back then",
)
# The Arabic pluperfect with its subject between: "وكانت القاهرة قد أبلغت"
# (a regular expression over normalised text).
RETROSPECTIVE_PATTERN = r"(?<![^\W_])و?(?:كان|كانت|كانوا)(?:\s+[^\W\d_]+){0,3}\s+قد(?![^\W_])"
