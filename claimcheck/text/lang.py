"""Language facts as data: punctuation, quotes, markers, word lists, digit maps.

Only tables live here, no logic, so that segmentation, claim extraction and the
contradiction explainer all read the same facts and each fact is tested once
with native examples (tests/test_lang.py; the explainer's tables in
tests/test_findings.py). Arabic first; a few Latin entries where Arabic news
quotes English. Two parts: the tables for reading text (``segment``, ``claims``,
``normalize``, and the explainer's negation, date and number words), then the
explainer's lexicon (``claimcheck.findings``, ``claimcheck.timeline``).

Word lists hold *surface* forms as they are written in news text; code that
matches them runs both sides through ``claimcheck.text.normalize.normalize`` so
hamza/alef/taa-marbuta spelling variants need not be listed twice.
"""

from __future__ import annotations

# Characters that end a sentence. Line breaks also end one (see segment.py);
# they are not listed here because they are whitespace, not punctuation.
# "۔" is the Urdu full stop that shows up in copied Persian/Urdu text.
SENTENCE_END: frozenset[str] = frozenset({".", "!", "?", "؟", "؛", "…", "۔"})

# Opening → closing quote. "“" closes with "”"; the German/low pair „ “ too.
# Straight quotes open and close with themselves. Arabic web text often uses
# ” for both sides (seed 002), so segment.py treats every mark here as "a quote".
QUOTES: dict[str, str] = {
    "«": "»",
    "“": "”",
    "„": "“",
    "‹": "›",
    '"': '"',
    "”": "”",
    "'": "'",
}

# Markers that start a second account inside one sentence. Each is matched as a
# whole word at a clause boundary (after a comma or at the start of a phrase);
# the splitter keeps the marker with the clause it opens.
CLAUSE_MARKERS: tuple[str, ...] = (
    # contrast
    "وبينما", "بينما", "في حين", "وفي حين", "إلا أن", "غير أن", "بيد أن",
    "لكن", "ولكن", "في المقابل", "بالمقابل",
    # a second reporting verb: a new account starts
    "كما قال", "كما أكد", "كما أشار", "كما أفاد",
    "وقال", "قال", "وقالت", "قالت", "وأضاف", "وأضافت", "وأشار", "أشار", "وأشارت",
    "وأكد", "وأكدت", "وأوضح", "وأوضحت", "وتابع", "وتابعت", "وتقول",
    "من جهته", "من جهتها", "من جانبه", "من جانبها", "من جهة أخرى",
)

# Whole lines (or line prefixes) that are page furniture, not article text.
# Matched after normalisation, as a prefix of the stripped line.
BOILERPLATE: tuple[str, ...] = (
    "اترك تعليقاً",
    "اترك تعليقا",
    "اترك رداً",
    "اترك ردا",
    "ترك الرد",
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "من فضلك ادخل تعليقك",
    "من فضلك ادخل اسمك هنا",
    "من فضلك أدخل تعليقك",
    "من فضلك أدخل اسمك هنا",
    "الحقول الإلزامية مشار إليها",
    "أخبار ذات علاقة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "اقرأ أيضاً",
    "اقرأ أيضا",
    "أهم الأخبار",
    "اخترنا لكم",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "الرئيسية",  # breadcrumbs: "الرئيسيةأخبارعربية ودولية…"
    "هذا الموقع يستخدم Akismet",
    "شارك",
    "شارك على",
    "شارك هذا",
    "مشاركة",
    "طباعة",
    "تابعونا",
    "تابعنا على",
    "جميع الحقوق محفوظة",
    "حقوق النشر",
    "إقرأ المزيد",
    "اقرأ المزيد",
    "Share",
    "Tweet",
    "Print",
)

# Attribution. Patterns are regular expressions over *normalised* text (see
# normalize.normalize: أ/إ/آ → ا, ة → ه, ى → ي, ئ → ي, tatweel and
# diacritics gone); the group ``src`` is the source phrase, mapped back to the
# original characters by claims.py. The earliest match in a clause wins.
ATTRIBUTION_VERBS: tuple[str, ...] = (
    "قال", "قالت", "يقول", "تقول", "اضاف", "اضافت", "تابع", "اكد", "اكدت",
    "اوضح", "اوضحت", "افاد", "افادت", "اشار", "اشارت", "كشف", "كشفت", "ذكر",
    "ذكرت", "صرح", "نقل", "سرب", "اشاد", "تحدث", "تحدثت", "رجح", "رجحت",
    "نفي", "نفت", "زعم", "زعمت", "اعلن", "اعلنت", "يؤكد", "راي", "يري",
)
# Who can be a source when named by a common noun.
ATTRIBUTION_NOUNS: tuple[str, ...] = (
    "مصدرنا", "مصادرنا", "مصدر", "مصادر", "المصدر", "المصادر", "مسؤول",
    "المسؤول", "مسؤولون", "بعض المصادر", "مصدر مسؤول", "البيان", "بيان",
    "خبراء", "خبير", "مراقبون", "محللون", "شهود عيان", "شهود",
)
# Officials named by their post: "قال مندوب تونس في الأمم المتحدة، …".
ATTRIBUTION_OFFICIALS: tuple[str, ...] = (
    "مندوب", "وزير", "الوزير", "المتحدث", "الناطق", "رئيس", "سفير", "مدير",
    "قائد", "نايب", "عضو", "ممثل",
)
# Words that may follow an indefinite source and still name it: "مصدر عليم
# للغاية", "مصدر أمني جزائري رفيع المستوى". Nisba adjectives (…ي) are also
# accepted by the pattern itself.
ATTRIBUTION_QUALIFIERS: tuple[str, ...] = (
    "عليم", "عليمه", "مطلع", "مطلعه", "رفيع", "رفيعه", "المستوي", "للغايه",
    "موثوق", "موثوقه", "مقرب", "مقربه", "بارز", "كبير", "مسؤول", "مطلعون",
    "متطابقه", "مختلفه",
)
# What introduces the content of a statement after its speaker: "أكد رئيس الوزراء
# العراقي، حيدر العبادي، أن ..." — the words before it name who speaks, not what is said.
# Normalised, as the patterns here are (أن / إن -> ان): the attribution patterns and
# ``findings.without_speakers`` read this one list.
COMPLEMENTIZERS: frozenset[str] = frozenset({"ان", "بان", "انه", "انها"})
COMPLEMENTIZER = r"(?:" + "|".join(sorted(COMPLEMENTIZERS)) + r")"
SPEAKER_WORDS = 8  # the longest speaker span read between a verb and its complementizer
_W = r"[^\s،,.:؛«»“”\"()]+"  # one word, no punctuation
_NOT_PARTICLE = r"(?!(?:في|الي|علي|الذي|التي|حتي|التي|والتي|الذي)(?![^\W\d_]))"
_QUALIFIER = (
    r"(?:" + _NOT_PARTICLE + r"(?:" + "|".join(ATTRIBUTION_QUALIFIERS)
    + r"|[^\s،,.:؛«»“”\"()]+ي(?:ه|ون|ين)?)(?![^\W\d_]))"
)
_NOUN = r"(?:" + "|".join(sorted(ATTRIBUTION_NOUNS, key=len, reverse=True)) + r")"
_VERB = r"(?:" + "|".join(ATTRIBUTION_VERBS) + r")"
# "بحسب ما نقلته ..." / "حسب ما ذكرت ...": a verb of reporting, normalised, with its clitics
_REPORTED = (r"(?:نقل|ذكر|قال|اورد|افاد|اعلن|نشر|اكد|كشف|اوضح|صرح|وصف|ترجم"
             r"|[يت](?:قول|ذكر|فيد|عتقد|روي))(?:ت|ه|ته|ها|تها|وه|وا)?")
_NOT_RELATIVE = r"(?!(?:التي|الذي|الذين|اللتين|اللذين|اللواتي|اللاتي)(?![^\W\d_]))"
_AGENCY = r"وكاله " + _W + r"(?: (?:برس|نيوز|للانباء|" + _QUALIFIER + r"))*"
ATTRIBUTION_PATTERNS: tuple[str, ...] = (
    # "أفاد مصدر عسكري لوكالة سبوتنيك" — the source and the outlet it spoke to
    r"(?<![^\W\d_])و? ?" + _VERB + r" (?P<src>" + _NOUN + r"(?: " + _QUALIFIER + r")* ل" + _AGENCY + r")",
    # "وقال المصدر", "وقال مصدر أمني جزائري رفيع", "تحدثت بعض المصادر", "كما قال المصدر"
    r"(?<![^\W\d_])و? ?" + _VERB + r" (?P<src>" + _NOUN + r"(?: " + _QUALIFIER + r")*)(?![^\W\d_])",
    # "حسب مصدر عليم", "بحسب مصدر أمني جزائري رفيع المستوى", "وفقا للمصدر"
    r"(?<![^\W\d_])(?:ب?حسب|وفقا ل|وفق|طبقا ل|نقلا عن|استنادا الي) ?(?P<def>ل)?(?P<src>" + _NOUN + r"(?: " + _QUALIFIER + r")*)(?![^\W\d_])",
    # "في تصريحات لوكالة الأناضول", "وفقا لوكالة رويترز", "ذكرت وكالة الأنباء الجزائرية"
    r"(?<![^\W\d_])(?:(?:في تصريحات? (?:خاصه )?)?ل|(?:وفقا ل|طبقا ل|حسب |بحسب |نقلا عن |و? ?" + _VERB + r" ))(?P<src>" + _AGENCY + r")",
    # "المكتب الإعلامي للمشير حفتر", "المكتب الاعلامي لرئاسه الوزراء"
    r"(?P<src>المكتب الاعلامي (?:ل|لل)" + _W + r"(?: (?!ان|بان|انه)" + _W + r")?)",
    # "قال السيد جيلاني حسان", "أكد الدكتور بن هادي مصطفى"
    r"(?<![^\W\d_])و? ?" + _VERB + r" (?P<src>(?:السيد|السيده|الدكتور|الدكتوره|الاستاذ|الاستاذه|الشيخ|المهندس) " + _W + r"(?: (?!ان|بان|انه|في|علي|الي|وهو|وهي)" + _W + r"){0,2})",
    # "قال مندوب تونس في الأمم المتحدة، محمد خالد الخياري، إن" — up to the comma or "إن"
    r"(?<![^\W\d_])و? ?" + _VERB + r" (?P<src>(?:" + "|".join(ATTRIBUTION_OFFICIALS) + r")(?: " + _W + r"){0,5}?)(?=\s*[،,:]|\s+" + COMPLEMENTIZER + r"(?![^\W\d_]))",
    # "نقلا عن رويترز", "بحسب لجنة الاتحاد الإفريقي"; "بحسب ما نقلته شبكة سي إن إن",
    # "حسب ما نقلت عنه وكالة الأناضول" (the source follows "what it reported");
    # "حسب التقارير التي ترد" (not the relative pronoun); "بحسب ما يبدو" names no one
    r"(?<![^\W\d_])(?:نقلا عن|ب?حسب|وفقا ل) ?(?:ما " + _REPORTED + r" (?:(?:(?:عن|ب)(?:ه|ها|هم)|لي|عن) )?)?(?P<src>(?!ما(?![^\W\d_]))"
    + _W + r"(?: " + _NOT_RELATIVE + _W + r")?(?: " + _QUALIFIER + r")*)(?![^\W\d_])",
    # a wire-service dateline: "الأناضول –"
    r"^(?P<src>الاناضول|سبوتنيك|رويترز|فرانس برس|ا ف ب|واج|وام|واس|قنا|كونا|بترا|سانا)\s*[-–—]",
)

# Verbs that report what someone says, beyond ``ATTRIBUTION_VERBS`` (which name a
# source) and the verbs of denying and confirming: a claim holding one gives a
# voice, not the writer's own account (``findings.voiced``).
SPEECH_VERBS: frozenset[str] = frozenset({
    "يقولون", "قالوا", "تقولان", "أكدوا", "يؤكدون", "تؤكد", "أعلنوا", "يعلن", "تعلن", "أشاروا", "يشير", "تشير",
    "أوضحوا", "يوضح", "توضح", "أفادوا", "يفيد", "تفيد", "ذكروا", "يذكر", "تذكر", "صرحت", "يصرح", "تصرح",
    "اتهم", "اتهمت", "يتهم", "تتهم", "اتهموا", "يزعم", "تزعم", "زعموا", "ادعى", "ادعت", "يدعي", "تدعي",
    "said", "says", "say", "told", "stated", "claimed", "claims", "accused",
})

# Verbs of denial (part of ``NEGATIONS``): "نفت الهيئة ما أعلنته موسكو" denies what
# another claim asserts, across articles as in one. Not verbs of refusal (رفض,
# استبعد, امتنع): "رفض الرئيس الخطة" / "وافق على خطة مماثلة" is an opposition of acts
# (``OPPOSING_PREDICATES``), and in a day of news (bench/findings.py) none of their
# "negations" was real.
DENIAL_VERBS: frozenset[str] = frozenset({
    "نفى", "نفت", "ينفي", "تنفي", "نفي", "نفوا", "أنكر", "أنكرت", "ينكر", "تنكر", "كذّب", "كذب", "فند", "فندت",
    "denied", "denies", "deny",
})

# Negation words: particles, then the verbs of denial (``DENIAL_VERBS``).
NEGATIONS: frozenset[str] = frozenset(
    {
        "لا", "لم", "لن", "ليس", "ليست", "لست", "لسنا", "ليسوا", "غير", "عدم",
        "دون", "بدون", "ما", "مالم", "لما", "ولا", "ولم", "ولن", "وليس", "بلا",
        # English: particles and the stems that "n't" leaves ("didn't" → didn t).
        # Not "won" ("won't" reads as the past of "win").
        "not", "no", "never", "nor", "neither", "without", "cannot",
        "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "hasn", "haven", "hadn",
        "couldn", "wouldn", "shouldn",
    }
) | DENIAL_VERBS

# Words that mark what follows them as not done (within ``UNREALIZED_WINDOW`` words
# before it): "كانت قطر في طريقها الى انتزاع فوز" (on its way to a win: it lost),
# "كاد" / "أوشك" (almost), "لكي يدرس" (so that it be studied: it was not). An
# opposing predicate or a negated verb said of such a word is no conflict.
UNREALIZED: frozenset[str] = frozenset({
    "طريقه", "طريقها", "طريقهم", "طريقهما", "كاد", "كادت", "يكاد", "تكاد", "كادوا", "أوشك", "أوشكت",
    "يوشك", "توشك", "وشك", "لكي", "كي", "لكيلا", "almost", "nearly",
    # deferred: "يتم التفاوض لاحقا على تحديد أسمائهم" (the names are not set yet)
    "لاحقا", "لاحقاً", "مستقبلا", "مستقبلاً", "later",
})

# "لا" written joined to its verb, as web pages often do ("لاتمثل الرأي الرسمي",
# "لايمكن"): read as "لا" and the verb. A closed list: "لاتفاق", "لايران" are "ل" +
# a noun, so the join itself proves nothing.
JOINED_NEGATIONS: frozenset[str] = frozenset({
    "لايمكن", "لايوجد", "لاتوجد", "لايجوز", "لايستطيع", "لاتستطيع", "لايعني", "لاتعني", "لايمثل", "لاتمثل",
    "لايعبر", "لاتعبر", "لاينبغي", "لايسمح", "لاتسمح", "لايكون", "لاتكون", "لايعرف", "لاتعرف", "لايقل", "لاتقل",
    "لايملك", "لاتملك", "لايريد", "لاتريد", "لايرى", "لاترى",
})

# A negation of the future ("لن يسمح": will not allow) is what disputes a claim of
# the future ("سيسمح": will allow); a negation of the past or present ("لم تسمح":
# has not allowed) does not (``findings._future_only_in``). "سوف" marks the future
# as the prefix "س" does.
FUTURE_NEGATIONS: frozenset[str] = frozenset({"لن"})
FUTURE_MARKERS: frozenset[str] = frozenset({"سوف"})

# Words that put a negation outside what a claim asserts about the world:
# a relative pronoun right before it ("الشركات التي لا تطبق المعايير" names a set
# of firms, it denies nothing) and a condition within ``CONDITION_WINDOW`` words
# before it ("يعد الطلب مقبولا في حال انتهاء المدة دون البت فيه": a rule's case).
RELATIVE_PRONOUNS: frozenset[str] = frozenset({
    "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي", "who", "which", "that",
})
CONDITIONALS: frozenset[str] = frozenset({"إذا", "اذا", "لو", "حال", "حالة", "حالات", "if", "unless"})
# Seven, not four: "وإذا قلنا هي معارضة في الخارج وليست خارجية" supposes six words on
# (in the Fold_1 view, a shown false lead at four; ANS stance cues unchanged at seven).
CONDITION_WINDOW = 7

# Words that negate by their meaning or may be a negation: "هذا يتنافى مع المنطق"
# says what "هذا الكلام لا منطق فيه" says; "وألا تستخدم" (أن + لا) is "عدم استخدام",
# but without its hamza "الا" is also "إلا" (except), so it is not read as a
# negation either. A claim holding one is not "the one not negated".
NEGATIVE_MEANING: frozenset[str] = frozenset({
    "ألا", "وألا", "يتنافى", "تتنافى", "يتنافي", "تتنافي", "يخلو", "تخلو", "يفتقر", "تفتقر", "يفتقد", "تفتقد",
    "انعدام", "غياب", "افتقار", "lacks", "lack",
})
UNREALIZED_WINDOW = 3

# Temporal prepositions that put an act before or after the one a claim reports:
# "ارتفعت أسعار النفط ..." / "بعد الهبوط الحاد في اسعار النفط" (after the fall: a
# background event), "قبل أن يفاجئ الحريري تياره" (before he surprised them). An
# opposing predicate right after one (or after one and "أن") is not what the claim
# asserts of the present occasion.
BACKGROUND_PREPOSITIONS: frozenset[str] = frozenset({"بعد", "قبل", "منذ", "إثر", "اثر", "عقب", "أعقاب", "اعقاب"})
# Words right after an act (within two words) that make it an earlier stage: "كان قد
# رفض في البداية تجميد الأصول" (at first refused) / "غير موقفه ووافق على تجميد
# الأصول": a change of position the article itself tells, not two accounts.
EARLIER_STAGE_MARKERS: frozenset[str] = frozenset({"البداية", "البدء", "بادئ", "سابقا", "سابقاً", "initially"})

# Predicate forms that take another sense before a preposition: "اضطرابات تقبل
# عليها سوريا" (Syria faces unrest) is no acceptance; "بحسب ما اطلعت عليه" (as it
# read: اطّلع على) informs no one, where "أطلعت مصر تونس على ..." does. Without
# its hamza one spelling serves both verbs. Form -> the next word's start.
PREDICATE_OTHER_SENSE: dict[str, str] = {
    "تقبل": "على", "يقبل": "على", "قبلت": "على", "أقبل": "على", "أقبلت": "على",
    "أطلع": "على", "أطلعت": "على", "اطلع": "على", "اطلعت": "على",
}

# The reader addressed ("مهما كان رأيك ... لا تنكر أنك عرفت"): an opinion column's
# rhetoric, not a report; its negations and predicates are no cue.
SECOND_PERSON: frozenset[str] = frozenset({"أنك", "إنك", "رأيك", "عليك", "لديك", "أنتم", "إنكم", "أنكم"})

# The head of an organisation's name: after a verb of denial it starts the subject
# (VSO: "أنكرت حركة أحرار الشام وجود مقاتلين أجانب"), not what is denied.
ORGANISATION_HEADS: frozenset[str] = frozenset({
    "حركة", "جماعة", "تنظيم", "فصيل", "حزب", "هيئة", "جبهة", "كتائب", "قوات", "ألوية", "لواء", "جيش",
    "وحدات", "حكومة", "وزارة", "مجلس", "شرطة", "رئاسة", "قيادة",
    "مفوضية", "لجنة", "منظمة", "وكالة", "مؤسسة", "جمعية", "اتحاد",
})
# Nouns that only carry what follows them in a denial's scope: "نفى وجود نية
# للتدخل البري" denies an intention, "تنفي كونها جناحا من حزب العمال" being a wing;
# "وجود" shared with "أكد وجود التنسيق" is no shared content (``findings._negation_bears_on``).
LIGHT_NOUNS: frozenset[str] = frozenset({"وجود", "حصول", "كون", "صحة"})
# A denial of what was reported, not of a claim said in its own words (``findings.denied_report``):
# the report named after the verb ("نفى ... تصريحا نسبته وسائل الإعلام للشيخ صباح ... بشأن
# إلغاء تجميد عضوية سوريا", "نفت مصادر الأنباء التي ترددت حول مقتل البغدادي")...
REPORT_NOUNS: frozenset[str] = frozenset({
    "تصريح", "تصريحا", "تصريحات", "أنباء", "الأنباء", "خبر", "خبرا", "الخبر", "أخبار", "الأخبار",
    "تقرير", "تقريرا", "تقارير", "التقارير", "شائعة", "شائعات", "الشائعات", "إشاعة", "إشاعات", "الإشاعات",
    "مزاعم", "المزاعم", "ادعاءات", "الادعاءات", "اتهامات", "الاتهامات", "معلومات", "المعلومات", "صحة",
})
# ... or the report told first and denied after, by a verb with the report as its
# object pronoun behind "وهو ما" / "الأمر الذي": "اتهمت المعارضة النظام باستخدام أسلحة
# كيميائية وهو ما نفته دمشق", "خبر إلقاء القبض على الفنان عمرو يوسف ... وهو ما نفاه الطرفان".
DENIED_BACK_VERBS: frozenset[str] = frozenset({
    "نفاه", "نفته", "نفوه", "نفياه", "نفتاه", "ينفيه", "تنفيه", "ينفونه", "ينفيانه", "تنفيانه",
    "نفاها", "نفتها", "تنفيها", "ينفيها", "أنكره", "أنكرته", "ينكره", "تنكره", "كذبه", "كذبته", "فنده", "فندته",
})
DENIED_BACK_HEADS: frozenset[str] = frozenset({"وهو", "وهي", "هو", "هي", "وهذا", "وذلك", "الأمر", "والأمر"})
DENIED_BACK_RELATIVES: frozenset[str] = frozenset({"ما", "الذي", "التي"})
# A claim that only reports an accusation or a report does not assert its content:
# "تتهم البحرين إيران بمساندة المسلحين" is told the same way by "... وهو ما تنفيه طهران".
ACCUSATION_WORDS: frozenset[str] = frozenset({
    "اتهم", "اتهمت", "اتهموا", "يتهم", "تتهم", "يتهمون", "اتهام", "اتهامات", "الاتهامات", "متهمة", "متهما",
    "زعم", "زعمت", "يزعم", "تزعم", "مزاعم", "ادعى", "ادعت", "يدعي", "تدعي", "ادعاء", "ادعاءات",
})
# Where a denied report's words end: the denier's own account or a turn ("وقالت إنها
# تبني خنادق", "مؤكدا", "لكن"); verbs of speech end it too (``findings._denied_reports``).
REPORT_STOPS: frozenset[str] = frozenset({
    "لكن", "لكنه", "لكنها", "بل", "بينما", "فيما", "حين", "مؤكدا", "مؤكدة", "مشيرا", "مشيرة", "واصفا", "واصفة",
    "مضيفا", "مضيفة", "موضحا", "موضحة", "معتبرا", "معتبرة", "قائلا", "قائلة",
})
# What a report is about starts after these ("تصريحا نسبته وسائل الإعلام للشيخ صباح |
# بشأن | إلغاء تجميد عضوية سوريا", "الأنباء التي ترددت | حول | مقتل البغدادي"): the
# words before name who said it, which a claim of another statement by the same man shares.
REPORT_TOPIC_MARKERS: frozenset[str] = frozenset({"بشأن", "حول", "عن", "أن", "بأن", "إن", "أنه", "أنها"})
DENIED_REPORT_WORDS = 30  # the report's words read before "وهو ما نفاه" or after the report noun
# Nouns that name a party, not an act: "المعارضة" (the opposition) shares its root
# with "تعارض" (opposes; a conflict) and "عارض", but "لا تعارض بين العمل السياسي
# والمقاومة" is not negated by "سينسحب ... كجزء من المعارضة" (``findings._asserted``
# reads root letters; these words are read by their stems only).
PARTY_NOUNS: frozenset[str] = frozenset({"المعارضة", "المعارض", "المعارضون", "المعارضين"})
# The copula of a denied past act: "نفى أن تكون الجامعة قد منحت سوريا أي مهلة"
# denies the granting (the verb after قد), not the league (``findings._denied_act``).
COPULAS: frozenset[str] = frozenset({"يكون", "تكون", "يكونوا", "تكونا", "يكونا", "نكون", "أكون", "كان", "كانت"})
# Who speaks for someone: after a verb of denial they start its subject too ("نفت
# مصادر إعلامية تابعة لقوات سوريا الديمقراطية صحة القرار", "نفى مسؤول في الحكومة").
SOURCE_HEADS: frozenset[str] = frozenset({
    "مصادر", "مصدر", "مسؤول", "مسؤولون", "مسؤولو", "متحدث", "ناطق", "مكتب",
})
# Nouns that name a place or a building by the word after them, in construct
# state: "كنيسة مار مينا" / "كنيسة مارجرس", "مدينة طنطا" / "مدينة حلوان". Two
# claims naming two different ones under one head speak of two sites, where the
# place list (``PLACES``) knows neither name (``findings.different_sites``).
SITE_HEADS: frozenset[str] = frozenset({
    "كنيسة", "مسجد", "جامع", "مستشفى", "مدرسة", "جامعة", "سجن", "مطار", "فندق", "معبر", "مخيم",
    "مدينة", "بلدة", "قرية", "ضاحية", "حي", "محافظة", "ولاية", "منطقة",
})

# Parts of a place: a count in "الجانب الأيسر لمدينة الموصل" and one in "مدينة
# الموصل القديمة" are of two districts, as "ريف حلب الشمالي" / "ريف حلب الجنوبي"
# are of two fronts. Each word -> the part it names.
PLACE_PARTS: dict[str, str] = {
    "الأيسر": "left", "الأيمن": "right", "القديمة": "old",
    "شرق": "east", "شرقي": "east", "الشرقي": "east", "الشرقية": "east",
    "غرب": "west", "غربي": "west", "الغربي": "west", "الغربية": "west",
    "شمال": "north", "شمالي": "north", "الشمالي": "north", "الشمالية": "north",
    "جنوب": "south", "جنوبي": "south", "الجنوبي": "south", "الجنوبية": "south",
}

# Words that join a denier's name to whom it belongs or speaks for: "تابعة لقوات
# سوريا الديمقراطية", "المتحدث باسم الجيش", "مسؤول في الحكومة" (the next word is the
# name's).
NAME_LINKS: frozenset[str] = frozenset({
    "باسم", "تابعة", "التابعة", "تابع", "التابع", "مقربة", "المقربة", "مقرب", "المقرب", "في",
})

# Nouns a number labels rather than counts: "البخاري حديث 6859" (hadith number),
# "القرار 2254", "المادة 12", "عام 92 هجرية" (a year): the number after them is no count.
NUMBER_LABELS: frozenset[str] = frozenset({
    "حديث", "رقم", "المادة", "مادة", "القرار", "قرار", "الفقرة", "البند", "الآية", "آية", "سورة", "عام", "العام",
    "سنة", "لعام", "تاريخ", "صفحة", "الصفحة", "No", "no", "number", "article", "resolution",
})
# The unit after a number that makes it a year or a page's markup, not a count.
NUMBER_NOT_COUNTS: frozenset[str] = frozenset({"هجرية", "هجري", "ميلادية", "ميلادي"})
# What a claim that is page markup, a link or a widget says ("org / web / 2017… / http",
# "جاري التحميل"): nothing to compare.
MARKUP_MARKERS: tuple[str, ...] = ("http", "www", ".com", "com /", "/ p /", "versionurl", "جاري التحميل", "Desktop :",
                                   # a page title's separator ("... | القدس العربي Alquds Newspaper"), a tweet's hashtags
                                   "|", "#",
                                   # a site's notices: comment disclaimers ("التعليقات المنشورة لا تعبر عن
                                   # رأي الجزيرة" / "... تعبر عن رأي أصحابها فقط"), copyright, scripts
                                   "التعليقات المنشورة", "المشاركات والتعليقات", "الآراء والتعليقات",
                                   "عن رأي أصحابها", "وجهة نظر كاتبها", "جميع الحقوق محفوظة", "enable javascript")

# Interrogatives that open a question (a question asserts nothing to dispute).
QUESTION_WORDS: frozenset[str] = frozenset({
    "هل", "كيف", "لماذا", "متى", "أين", "ماذا", "من أين", "كم", "أي", "what", "why", "how", "when", "where", "who",
    "is", "are", "does", "do", "did",
})
# An interrogative that asks wherever it stands ("... فهل هذا يعني انهم PKK .").
QUESTION_ANYWHERE: frozenset[str] = frozenset({"هل"})

# Demonstratives: "هذه المزاعم" points back to what was said before it.
DEMONSTRATIVES: frozenset[str] = frozenset({
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "this", "these", "that", "those",
})

# Weekday name → 0..6, Monday = 0 (as datetime.date.weekday()).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الإثنين": 0, "الأثنين": 0, "اثنين": 0,
    "الثلاثاء": 1, "ثلاثاء": 1,
    "الأربعاء": 2, "الاربعاء": 2, "أربعاء": 2,
    "الخميس": 3, "خميس": 3,
    "الجمعة": 4, "جمعة": 4,
    "السبت": 5, "سبت": 5,
    "الأحد": 6, "الاحد": 6,
    # English
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4,
    "Saturday": 5, "Sunday": 6,
}

# Month name → 1..12: Egyptian/Gulf Gregorian forms, Levantine/Iraqi
# (Syriac) names, Maghrebi (French-derived) names.
MONTHS: dict[str, int] = {
    # Gregorian, Egypt/Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4,
    "مايو": 5, "يونيو": 6, "يونية": 6, "يوليو": 7, "يولية": 7,
    "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # Levant/Iraq
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4,
    "أيار": 5, "ايار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8,
    "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    # Maghreb
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "افريل": 4, "ماي": 5, "جوان": 6,
    "جويلية": 7, "جويلة": 7, "أوت": 8, "اوت": 8,
    # English; not "May" or "March", which are as often a verb and a noun
    "January": 1, "February": 2, "April": 4, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12,
}

# Tokens ending in "." that do not end a sentence. Compared case-sensitively
# against the word just before (and including) the dot.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # Arabic: titles, "ت.غ" (GMT), "ق.م" (BC), "ص." (page / a.m.), "م." (AD / eng.)
        "د.", "م.", "أ.", "ص.", "ق.م.", "ق.م", "ت.غ", "ت.غ.", "ه.", "هـ.",
        "ج.", "ط.", "س.", "ع.", "ح.", "ب.", "ت.", "ك.", "ش.",
        # English
        "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Jr.", "Sr.", "Gen.",
        "Col.", "Lt.", "Sgt.", "Capt.", "Rep.", "Sen.", "Gov.", "U.S.",
        "U.N.", "U.K.", "E.U.", "a.m.", "p.m.", "e.g.", "i.e.", "etc.", "vs.",
        "No.", "Inc.", "Ltd.", "Co.", "Corp.", "Jan.", "Feb.", "Mar.", "Apr.",
        "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    }
)

# A line that opens the comment form or the related-links block: the article
# is over, everything after it is page furniture (seed 001 ends with a widget
# title, "المكتب الإعلامي الفلسطيني في أوروبا", that no word list would catch).
ARTICLE_END: tuple[str, ...] = (
    "اترك تعليقاً", "اترك تعليقا", "اترك رداً", "اترك ردا", "ترك الرد",
    "أضف تعليق", "أخبار ذات علاقة", "أخبار ذات صلة", "مواضيع ذات صلة",
    "مقالات ذات صلة", "الأكثر قراءة", "التعليقات",
)

# Breadcrumb trails start with the home link, often glued to the next crumb:
# "الرئيسيةأخبارعربية ودولية…".
BREADCRUMB_HEADS: tuple[str, ...] = ("الرئيسية", "الصفحة الرئيسية", "Home")

# Byline openers; a short line starting with one is a byline, not a claim.
BYLINES: tuple[str, ...] = (
    "بقلم", "كتب", "كتبت", "إعداد", "تحرير", "حرر", "مراسل", "مراسلة",
    "من مراسلنا", "By",
)

# Arabic-Indic (U+0660..) and Persian/Urdu (U+06F0..) digits, plus the Arabic
# decimal and thousands separators, for str.translate.
DIGITS: dict[int, str] = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
}
DECIMAL_SEPARATOR = "٫"  # U+066B
THOUSANDS_SEPARATOR = "٬"  # U+066C

# Number words → value. Small on purpose: enough to compare "ثلاث مرات" with
# "3 مرات" or "ألف كيلومتر" with "1000 كلم".
NUMBER_WORDS: dict[str, int] = {
    "صفر": 0, "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2,
    "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5,
    "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8,
    "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40,
    "أربعين": 40, "خمسون": 50, "خمسين": 50, "مئة": 100, "مائة": 100,
    "مئتان": 200, "مئتين": 200, "ألف": 1000, "ألفان": 2000, "ألفين": 2000,
    "آلاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000,
    "مليار": 1_000_000_000, "مليارات": 1_000_000_000,
}

# English number words → value, read by the contradiction explainer ("Seven
# people died" gives 7). Not "one": "one of the victims" is no count. Compounds
# are written with a hyphen ("twenty-five") and read part by part.
NUMBER_WORDS_EN: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}

# English irregular past forms → the verb, so that a negation's scope finds what
# the other claim asserts: "did not meet Haftar" / "met Haftar" (the explainer's
# negation test; regular forms share a stem already: "entered" / "enter").
IRREGULAR_PAST_EN: dict[str, str] = {
    "met": "meet", "went": "go", "said": "say", "took": "take", "gave": "give", "held": "hold",
    "made": "make", "came": "come", "left": "leave", "sent": "send", "fought": "fight", "won": "win",
    "lost": "lose", "paid": "pay", "sold": "sell", "bought": "buy", "told": "tell", "knew": "know",
    "saw": "see", "seen": "see", "began": "begin", "begun": "begin", "broke": "break", "broken": "break",
    "brought": "bring", "built": "build", "caught": "catch", "chose": "choose", "drove": "drive",
    "fell": "fall", "fallen": "fall", "fled": "flee", "flew": "fly", "found": "find", "got": "get",
    "grew": "grow", "kept": "keep", "led": "lead", "meant": "mean", "ran": "run", "rose": "rise",
    "risen": "rise", "sought": "seek", "shot": "shoot", "spoke": "speak", "spoken": "speak",
    "stood": "stand", "struck": "strike", "threw": "throw", "thrown": "throw", "wrote": "write",
    "written": "write", "withdrew": "withdraw", "withdrawn": "withdraw", "taken": "take", "given": "give",
    "hid": "hide", "hidden": "hide", "forbade": "forbid", "forbidden": "forbid", "overthrew": "overthrow",
}

# ----------------------------------------------------------------------------
# The explainer's lexicon: lexical facts used to explain contradictions
# (claimcheck.findings) and to tell an update from a contradiction
# (claimcheck.timeline).
#
# Entries are written as in text; they are normalised (see ``normalize``) before
# matching, and matched whole-word after one clitic prefix (و ف ب ل ك ال…) is
# stripped. Predicates are listed by their conjugated forms, not stems: a stem such
# as قبل would also match "before". Each table is tested with native examples in
# tests/test_findings.py.

# Predicates whose meanings exclude each other: (forms A, forms B, what differs).
# (Not the adjective مفاجئ / مفاجئة, "sudden": "اتصال مفاجئ" is a sudden call, and
# in a day of news it opposed every "أبلغ" near it.)
OPPOSING_PREDICATES: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (frozenset({"فاجأ", "فاجأت", "فاجأوا", "يفاجئ", "تفاجئ", "فوجئ", "فوجئت", "تفاجأ", "تفاجأت", "مفاجأة"}),
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

# The interim cue model's stop words (``claimcheck.nli.backends.InterimCueNLI``,
# token overlap): a subset of FUNCTION_WORDS, kept as it was so that model's
# scores do not change. Unlike the other tables it is matched as written against
# normalised tokens, so its entries that normalisation respells (أن، أو، إلى، إن،
# الى، على) never match.
CUE_STOP_WORDS: frozenset[str] = frozenset("""في من على الى إلى عن مع ان أن إن ما لا و او أو ثم قد كان كانت هذا هذه ذلك التي الذي
 the of to a in and on for is was""".split())

# Places an Arabic news claim commonly names: countries and cities.
PLACES: frozenset[str] = frozenset({
    "الجزائر", "مصر", "تونس", "ليبيا", "المغرب", "السودان", "تشاد", "النيجر", "مالي", "موريتانيا",
    "سوريا", "العراق", "لبنان", "الأردن", "فلسطين", "اليمن", "السعودية", "قطر", "الإمارات",
    "الكويت", "البحرين", "سلطنة عمان", "تركيا", "إيران", "روسيا", "فرنسا", "بريطانيا", "ألمانيا",
    "إيطاليا", "أمريكا", "الصين", "إسرائيل", "نيجيريا", "أوروبا", "إفريقيا",
    "القاهرة", "طرابلس", "بنغازي", "طبرق", "درنة", "سرت", "مصراتة", "الرباط", "بغداد", "دمشق",
    "بيروت", "الرياض", "أنقرة", "إسطنبول", "موسكو", "واشنطن", "باريس", "لندن", "برلين",
    "نيويورك", "برازافيل", "جانت", "بوفاريك", "بنينا", "عين أمناس",
    # provinces and towns of the countries Arabic news reports tolls and battles
    # from: two tolls in two of them are two events (``findings.different_places``).
    # Left out where the name is also a common word: الباب (the door), الميادين,
    # حديثة (recent), القائم, العمارة, الزاوية (corner), البيضاء (white), المرج,
    # الخمس (five), صور (pictures), حجة (argument), المهرة, عمران, إب, مسقط,
    # المدينة, الضاحية, بنين, صلاح الدين and المثنى (also people's names).
    # Syria
    "حلب", "إدلب", "حمص", "حماة", "درعا", "اللاذقية", "طرطوس", "الرقة", "دير الزور", "الحسكة",
    "القنيطرة", "السويداء", "ريف دمشق", "الغوطة", "الغوطة الشرقية", "دوما", "داريا", "منبج",
    "عفرين", "كوباني", "تدمر", "جرابلس", "القامشلي", "البوكمال", "معرة النعمان",
    "خان شيخون", "سراقب", "جسر الشغور", "الزبداني", "مضايا", "حرستا", "جوبر", "اليرموك",
    # Iraq
    "الموصل", "نينوى", "الأنبار", "الرمادي", "الفلوجة", "تكريت", "كركوك", "أربيل", "السليمانية",
    "دهوك", "البصرة", "النجف", "كربلاء", "الحلة", "بابل", "ديالى", "بعقوبة", "سامراء", "الكوت",
    "واسط", "الناصرية", "ذي قار", "ميسان", "الديوانية", "السماوة", "تلعفر", "سنجار", "الحويجة",
    "بيجي", "هيت", "كردستان",
    # Libya
    "سبها", "زوارة", "غريان", "ترهونة", "بني وليد", "الكفرة", "أجدابيا", "الجفرة", "أوباري",
    "مرزق", "صبراتة", "زليتن", "راس لانوف", "السدرة", "البريقة", "فزان", "برقة", "الهلال النفطي",
    # Yemen
    "صنعاء", "عدن", "تعز", "الحديدة", "مأرب", "حضرموت", "المكلا", "ذمار", "صعدة", "الضالع",
    "لحج", "أبين", "شبوة",
    # Egypt
    "الإسكندرية", "الجيزة", "سيناء", "شمال سيناء", "العريش", "رفح", "الشيخ زويد", "بورسعيد",
    "السويس", "الإسماعيلية", "أسيوط", "المنيا", "سوهاج", "قنا", "الأقصر", "أسوان", "الفيوم",
    "دمياط", "المنصورة", "طنطا", "الزقازيق", "الغردقة", "شرم الشيخ", "مرسى مطروح", "بني سويف",
    "كفر الشيخ", "حلوان",
    # Palestine, Israel, Lebanon, Jordan
    "غزة", "قطاع غزة", "الضفة الغربية", "القدس", "رام الله", "نابلس", "جنين", "الخليل",
    "بيت لحم", "طولكرم", "قلقيلية", "أريحا", "خان يونس", "تل أبيب", "حيفا", "يافا", "عسقلان",
    "سديروت", "الجولان", "صيدا", "بعلبك", "عرسال", "النبطية", "زحلة", "جونية", "الزرقاء",
    "إربد", "العقبة", "معان",
    # the Gulf
    "جدة", "مكة", "الدمام", "الطائف", "تبوك", "نجران", "جازان", "أبها", "القطيف", "دبي",
    "أبوظبي", "الشارقة", "الدوحة", "المنامة",
    # the Maghreb, the Sahel and the Horn
    "الدار البيضاء", "مراكش", "فاس", "طنجة", "وهران", "قسنطينة", "عنابة", "سطيف", "تلمسان",
    "تمنراست", "ورقلة", "غرداية", "صفاقس", "سوسة", "القيروان", "بنزرت", "قابس", "نواكشوط",
    "الخرطوم", "دارفور", "أم درمان", "بورتسودان", "جنوب السودان", "جوبا", "نجامينا", "نيامي",
    "باماكو", "إثيوبيا", "الصومال", "مقديشو", "كينيا", "نيروبي", "إريتريا", "جيبوتي",
    # further countries and capitals
    "أفغانستان", "كابول", "طهران", "باكستان", "إسلام آباد", "الهند", "نيودلهي", "بكين", "اليابان",
    "طوكيو", "كوريا", "أوكرانيا", "كييف", "إسبانيا", "مدريد", "روما", "جنيف", "سويسرا",
    "بروكسل", "بلجيكا", "هولندا", "اليونان", "أثينا", "قبرص", "كندا", "أستراليا", "البرازيل",
    "المكسيك", "فنزويلا", "كوبا", "ماليزيا", "إندونيسيا", "ميانمار", "بنغلاديش", "الفلبين",
    "أذربيجان", "أرمينيا", "بولندا", "النمسا", "السويد", "النرويج", "الدنمارك", "السنغال",
    "جنوب إفريقيا",
})

# Other names of a place in ``PLACES`` (a spelling normalisation does not join, a
# longer official name): two claims naming one place two ways name one place.
# Capitals stay themselves: "Damascus" is where a strike fell as often as the state.
PLACE_ALIASES: dict[str, str] = {
    "سورية": "سوريا", "أميركا": "أمريكا", "الولايات المتحدة": "أمريكا",
    "الولايات المتحدة الأمريكية": "أمريكا", "الولايات المتحدة الأميركية": "أمريكا",
    "أبو ظبي": "أبوظبي", "عين العرب": "كوباني",
}

# Words that name an actor by role; the word after them is part of the actor.
ACTOR_TITLES: frozenset[str] = frozenset({
    "وزير", "الوزير", "رئيس", "الرئيس", "المشير", "الجنرال", "الفريق", "العقيد", "الملك",
    "الأمير", "السفير", "مندوب", "المتحدث", "الناطق", "قائد", "القائد",
})

# "His counterpart": a title that stands for another's title ("بعث الرئيس الروسي
# فلاديمير بوتين ... | صدق نفي نظيره الروسي فلاديمير بوتين"). Read only where a
# denier is parsed (``findings.denier_span``): the holder's name after it is the
# name another claim gives after any title.
COUNTERPART_TITLES: frozenset[str] = frozenset({
    "نظير", "نظيره", "نظيرها", "نظيرهم", "نظيريه", "نظيرته", "نظيرتها", "نظراؤه", "نظرائه", "نظيرك",
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
# Scales and currencies: what an amount is counted in, not what it is of (the
# words around a count that say which event it counts leave them out).
AMOUNT_WORDS: frozenset[str] = frozenset({
    "ألف", "آلاف", "مليون", "ملايين", "مليار", "مليارات", "دولار", "دولارا", "دولارات", "يورو",
    "ليرة", "ليرات", "جنيه", "جنيها", "دينار", "دينارا", "ريال", "ريالا", "درهم", "درهما",
    "thousand", "million", "billion", "dollars", "dollar", "euros",
})
# What a crawl's spaced decimal ("2 . 8 بالمئة", ``text.normalize.numbers``) is
# read as one only before: a percentage, a scale or currency, a measure. Else
# "بلغ عدد القتلى 12 . 5 منهم أطفال" would read 12.5 dead.
DECIMAL_UNITS: tuple[str, ...] = (
    "%", "٪", "بالمئة", "بالمائة", "بالمئه", "بالمائه", "في المئة", "في المائة", "في المئه", "في المائه",
    "percent", "per cent", *sorted(AMOUNT_WORDS),
    "درجة", "درجات", "نقطة", "نقاط", "كيلومتر", "كيلومترا", "كيلومترات", "كلم", "كم", "متر", "مترا",
    "أمتار", "طن", "أطنان", "برميل", "ميغاواط", "هكتار", "سنة ضوئية",
)

# What happened to the people a count counts, read from the words around it: the
# dead are not compared with the wounded ("أصابت 3 جنود" / "مقتل 23 مسلحا").
COUNT_ROLES: dict[str, frozenset[str]] = {
    "killed": frozenset({
        "قتيل", "قتيلا", "قتلى", "مقتل", "قتل", "قتلوا", "لقي", "لقوا", "حتفهم", "مصرع", "مصرعهم",
        "تقتل", "يقتل", "قتلت", "killed", "dead", "died", "deaths", "death",
    }),
    # those aboard are not the dead ("تحطم طائرة تقل 12 شخصا" / "لقي 32 شخصا مصرعهم بحادث تحطم طائرة")
    "aboard": frozenset({"تقل", "يقل", "تقلّ", "يقلّ", "متنها", "متنه", "ركاب", "راكبا", "passengers", "aboard",
                         "carrying"}),
    # executions are not an attack's dead ("أعدموا 23 شخصا" / "26 قتلوا في الهجوم")
    "executed": frozenset({"أعدم", "أعدموا", "أعدمت", "إعدام", "بإعدام", "executed", "execution", "executions"}),
    "wounded": frozenset({
        "جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين", "إصابة", "إصابات", "أصاب", "أصابت", "أصيب",
        "أصيبوا", "wounded", "injured", "injuries",
    }),
}
# Who counts, not what is counted: the words around two counts that say which event
# they count leave these names out ("وثق المرصد السوري لحقوق الإنسان مقتل 34" /
# "أعلن المرصد السوري لحقوق الإنسان أن 26 قتلوا" share four words and no event).
COUNT_SOURCES: tuple[str, ...] = (
    "المرصد السوري لحقوق الإنسان", "المرصد السوري لحقوق الانسان", "المرصد السوري", "المرصد",
    "الشبكة السورية لحقوق الإنسان", "Syrian Observatory for Human Rights",
)
QUANTITY_WINDOW = 3  # words after the number (and one before) searched for its class

# Words that make a count a lower bound: "at least 12" is not contradicted by 15.
LOWER_BOUNDS: tuple[str, ...] = (
    "at least", "more than", "over", "أكثر من", "ما لا يقل عن", "ما يزيد عن", "ما يزيد على", "نحو",
)
LOWER_BOUNDS_AFTER: tuple[str, ...] = ("على الأقل", "at least", "or more")  # "12 قتيلا على الأقل"

# Times counted back from when the article was written ("قبل 11 ساعة", "منذ 3
# أيام", "two hours ago") are no quantity of the event: two articles written at
# two times give two counts of one moment. Hours or days right after one of
# RELATIVE_TIME_BEFORE, unless the unit is followed by what it is counted from
# (RELATIVE_TIME_FROM: "قبل 10 ساعات من انطلاق العمليات"), or followed by
# RELATIVE_TIME_AFTER.
RELATIVE_TIME_BEFORE: tuple[str, ...] = ("قبل", "منذ")
RELATIVE_TIME_FROM: tuple[str, ...] = ("من", "على")
RELATIVE_TIME_AFTER: tuple[str, ...] = ("ago",)
RELATIVE_TIME_UNITS: tuple[str, ...] = ("hours", "days")

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
# Words that mark a figure as an earlier report's ("وكان المرصد افاد في وقت سابق عن
# مقتل 21", "حصيلة سابقة"): a later, different figure is an update (timeline.py).
EARLIER_MARKERS: tuple[str, ...] = (
    "في وقت سابق", "حصيلة سابقة", "الحصيلة السابقة", "حصيلة أولية", "الحصيلة الأولية", "earlier toll",
)
# Words that make a count a total over a period ("منذ ال 5 من حزيران", "since"): it
# is not one incident's count.
PERIOD_MARKERS: tuple[str, ...] = ("منذ", "since")
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
