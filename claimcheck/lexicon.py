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
    (frozenset({"surprised", "surprise", "surprises"}),
     frozenset({"notified", "informed", "warned", "told"}), "surprise vs prior notice"),
    (frozenset({"unilaterally", "without coordination", "without consulting", "acted alone"}),
     frozenset({"notified", "informed", "coordinated", "consulted"}), "acted alone vs notified / coordinated"),
    (frozenset({"refused", "rejected", "refuses", "rejects"}),
     frozenset({"accepted", "agreed", "approved", "accepts", "approves"}), "refused vs accepted"),
    (frozenset({"denied", "denies"}), frozenset({"confirmed", "admitted", "confirms", "admits"}),
     "denied vs confirmed"),
    (frozenset({"rose", "rises", "increased", "increases"}),
     frozenset({"fell", "falls", "decreased", "decreases", "dropped"}), "rise vs fall"),
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
