"""The report's words of the method box (how the numbers are made), the factors that hold
back and effects in probability points, in English and Arabic."""

from __future__ import annotations

METHOD_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "method": "How the numbers are made",
        "method_framework": (
            "The framework: what each factor measures, which way it works, how much it weighs and "
            "what the ends of its scale mean. Each country's value comes from the evidence in its "
            "profile (see the evidence appendix). The weight is the factor's share of the score: "
            "its group's weight × its weight within the group, scaled so that all add up to 100%, "
            "as scenarios rank uses them."
        ),
        "method_no_definition": (
            "model.yaml gives no description for {factors}: their definition is left blank "
            "rather than guessed."
        ),
        "method_no_ends": (
            "model.yaml does not say what the ends of the scale mean for {factors} (low_means, "
            "high_means): those cells are blank."
        ),
        "method_table": "The factors of the model",
        "col_definition": "Definition",
        "col_direction": "Direction",
        "col_effective_weight": "Weight",
        "col_scale_end": "{value} means",
        "direction_for": "pushes toward joining",
        "direction_against": "holds back",
        "method_link": (
            "From score to probability, a logistic link: each year's chance is {annual}, where s "
            "is the score, and the chance within {horizon} is {within}. With this model's "
            "coefficients: {formula}."
        ),
        "method_alternatives": (
            "The figure is the mean of this link and its {n} alternative slopes (other defensible "
            "fits, which scenarios calibrate lists)."
        ),
        "method_slope_fitted": (
            "The slope b ({slope}) was fitted on the {outcomes} states of the {workspace} "
            "workspace, {events} of which joined."
        ),
        "method_slope_skill": (
            "Out of sample (leave one out), its probabilities there have a Brier skill of {skill} "
            "against the base rate (above 0 beats it)."
        ),
        "method_slope_assumed": (
            "The slope b ({slope}) is a judgement written in model.yaml, not a fit."
        ),
        "method_intercept_members": (
            "The intercept a is not fitted: it is set so that the link expects {events} of the "
            "{of} states of the reference class to join within {years} years, as observed (the "
            "base rate)."
        ),
        "method_intercept_mean": (
            "The intercept a is not fitted: it is set so that a state of average score has the "
            "base rate's chance ({events} of {of} in {years} years)."
        ),
        "method_intercept_file": "The intercept a ({a}) is written in model.yaml.",
        "method_points": (
            "The sections below give each effect in score and in probability points: the change "
            "of a country's probability within {horizon} (from 5.0% to 8.1% is +3.1 points). "
            "For a change of weight the intercept is set anew from the base rate, as scenarios "
            "rank --weight would set it."
        ),
        "method_points_panel": (
            "With a panel, changes of weight are given in score only: the pooled probability "
            "comes from each analyst's own scores, not from one score."
        ),
        "method_no_link": (
            "The model has no link from score to probability: the scores rank the countries but "
            "are not probabilities, and every effect is given in score only."
        ),
        "method_caveats": "What the numbers cannot carry",
        "method_caveat_transfer": (
            "The link is carried over from other events ({transfer}): that it holds for these "
            "states now is an assumption, and no interval covers it."
        ),
        "method_caveat_thin": (
            "The base rate is thin: {events} of {of} states in {years} years. One join more or "
            "fewer would move every probability a long way; the interval carries the uncertainty "
            "of that count, not the choice of the reference class."
        ),
        "method_caveat_panel_illustrative": (
            "The panel is illustrative: its analysts are invented to show how a panel works, so "
            "its figures are nobody's judgement."
        ),
        "method_caveat_panel": (
            "The figures pool the judgements of a panel of analysts ({rule}): where they "
            "disagree, one pooled figure does not show it."
        ),
        # contributions: factors that hold back
        "legend_holds_back": "{label} (holds back; bar = how little of it)",
        "contributions_reading_holds_back": (
            "A factor that holds back ({factors}) adds to the score by its absence: its bar, "
            "hatched, is long where the factor is weak."
        ),
        # effects in probability points
        "points": "{points} points",
        "col_score_swing": "Score change",
        "col_points_swing": "P change (points)",
        "col_points_for": "For",
        "col_weight_move": "Weight moved",
        "tornado_table": "The largest change of a probability when each weight moves",
        "tornado_points": (
            "In probability, one weight moved alone changes a chance within {horizon} by at most "
            "{points} points: {name}'s, when the weight of {factor} moves {move}."
        ),
        "tornado_points_against": (
            "A probability can move against its own score: with a weight moved, the intercept is "
            "set anew so that the link still expects the base rate's count of joins, so a country "
            "whose score rises less than the others' loses chance."
        ),
        "col_points_swap": "P change (points)",
        "critical_points": (
            "The points columns give the change of the two countries' probabilities within "
            "{horizon} at that weight, in the order of the swap (– for a country that has "
            "joined)."
        ),
        "col_points_change": "P change (points)",
        "whatifs_points": (
            "In probability, the biggest change: “{title}” changes {name}'s probability within "
            "{horizon} by {points} points."
        ),
    },
    "ar": {
        "method": "كيف تُحسب الأرقام",
        "method_framework": (
            "إطار التقييم: ما يقيسه كل عامل، والاتجاه الذي يعمل فيه، ووزنه، وما يعنيه طرفا "
            "مقياسه. تأتي قيمة كل دولة من الأدلة الواردة في ملفها (انظر ملحق الأدلة). الوزن هو "
            "حصة العامل من الدرجة: وزن مجموعته × وزنه داخل المجموعة، مع تعديل الأوزان بحيث "
            "يبلغ مجموعها 100%، كما يستخدمها الأمر `scenarios rank`."
        ),
        "method_no_definition": (
            "لا يقدّم الملف `model.yaml` وصفًا للعوامل التالية: {factors}؛ لذا تُرك تعريفها فارغًا "
            "بدلًا من تخمينه."
        ),
        "method_no_ends": (
            "لا يذكر الملف `model.yaml` ما يعنيه طرفا المقياس للعوامل التالية: {factors} "
            "(low_means وhigh_means)؛ لذا تُركت هذه الخانات فارغة."
        ),
        "method_table": "عوامل النموذج",
        "col_definition": "التعريف",
        "col_direction": "الاتجاه",
        "col_effective_weight": "الوزن",
        "col_scale_end": "معنى {value}",
        "direction_for": "يدفع نحو الانضمام",
        "direction_against": "يكبح",
        "method_link": (
            "من الدرجة إلى الاحتمال، عبر دالة لوجستية: احتمال كل سنة هو {annual}، حيث `s` هي "
            "الدرجة، والاحتمال خلال {horizon} هو {within}. وبمعاملات هذا النموذج: {formula}."
        ),
        "method_alternatives": (
            "الرقم المعروض هو متوسط هذه الدالة وميولها البديلة الـ{n} (تقديرات أخرى يمكن الدفاع "
            "عنها، يعرضها الأمر `scenarios calibrate`)."
        ),
        "method_slope_fitted": (
            "قُدّر الميل `b` ({slope}) على الدول الـ{outcomes} في مساحة العمل {workspace}، "
            "انضمت منها {events}."
        ),
        "method_slope_skill": (
            "وخارج العينة (بترك حالة واحدة في كل مرة)، تبلغ مهارة احتمالاته هناك بمقياس براير "
            "{skill} مقارنةً بالمعدل الأساسي (ما فوق الصفر يتفوّق عليه)."
        ),
        "method_slope_assumed": (
            "الميل `b` ({slope}) تقدير مكتوب في الملف `model.yaml`، لا نتيجة مطابقة."
        ),
        "method_intercept_members": (
            "الحد الثابت `a` غير مقدَّر من البيانات: بل يُضبط بحيث تتوقع الدالة انضمام {events} من "
            "دول الفئة المرجعية الـ{of} خلال {years} سنة، كما حدث فعلًا (المعدل الأساسي)."
        ),
        "method_intercept_mean": (
            "الحد الثابت `a` غير مقدَّر من البيانات: بل يُضبط بحيث يكون لدولة ذات درجة متوسطة "
            "احتمالُ المعدل الأساسي ({events} من {of} خلال {years} سنة)."
        ),
        "method_intercept_file": "الحد الثابت `a` ({a}) مكتوب في الملف `model.yaml`.",
        "method_points": (
            "تعطي الأقسام التالية كل أثر بالدرجة وبالنقاط المئوية: أي تغيّر احتمال الدولة خلال "
            "{horizon} (الانتقال من 5.0% إلى 8.1% يساوي +3.1 نقطة). وعند تغيير وزن يُعاد ضبط "
            "الحد الثابت من المعدل الأساسي، كما يفعل الأمر `scenarios rank --weight`."
        ),
        "method_points_panel": (
            "مع لجنة من المحللين، تُعطى آثار تغيير الأوزان بالدرجة فقط: فالاحتمال المجمَّع يأتي من "
            "درجات كل محلل، لا من درجة واحدة."
        ),
        "method_no_link": (
            "ليس في النموذج دالة تحوّل الدرجة إلى احتمال: الدرجات ترتّب الدول لكنها ليست "
            "احتمالات، وكل أثر يُعطى بالدرجة فقط."
        ),
        "method_caveats": "ما لا تحمله الأرقام",
        "method_caveat_transfer": (
            "الدالة منقولة من أحداث أخرى ({transfer}): وصلاحيتها لهذه الدول اليوم افتراضٌ لا "
            "يغطيه أي مجال."
        ),
        "method_caveat_thin": (
            "المعدل الأساسي هشّ: {events} من {of} دول خلال {years} سنة. انضمام واحد زائد أو ناقص "
            "كان سيحرّك كل الاحتمالات كثيرًا؛ والمجال يحمل عدم اليقين في هذا العدد، لا في اختيار "
            "الفئة المرجعية."
        ),
        "method_caveat_panel_illustrative": (
            "اللجنة توضيحية: محللوها مُتخيَّلون لبيان طريقة عمل اللجنة، فأرقامها ليست تقدير أحد."
        ),
        "method_caveat_panel": (
            "تجمع الأرقام تقديرات لجنة من المحللين ({rule}): وحيث يختلفون، لا يُظهر الرقم المجمَّع "
            "ذلك الاختلاف."
        ),
        "legend_holds_back": "{label} (يكبح؛ الشريط = مدى ضعفه)",
        "contributions_reading_holds_back": (
            "العامل الذي يكبح ({factors}) يضيف إلى الدرجة بغيابه: شريطه المخطّط يطول حيث يضعف "
            "العامل."
        ),
        "points": "{points} نقطة مئوية",
        "col_score_swing": "تغيّر الدرجة",
        "col_points_swing": "تغيّر الاحتمال (نقاط مئوية)",
        "col_points_for": "للدولة",
        "col_weight_move": "تحريك الوزن",
        "tornado_table": "أكبر تغيّر في احتمالٍ عند تحريك كل وزن",
        "tornado_points": (
            "بالاحتمال، يغيّر تحريك وزن واحد وحده احتمالًا خلال {horizon} بما لا يزيد على "
            "{points} نقطة مئوية: احتمال {name}، عند تحريك وزن {factor} بنسبة {move}."
        ),
        "tornado_points_against": (
            "قد يتحرك الاحتمال عكس درجة الدولة نفسها: فعند تحريك وزن يُعاد ضبط الحد الثابت بحيث "
            "تظل الدالة تتوقع عدد الانضمامات في المعدل الأساسي، فالدولة التي ترتفع درجتها أقل من "
            "غيرها تخسر من احتمالها."
        ),
        "col_points_swap": "تغيّر الاحتمال (نقاط مئوية)",
        "critical_points": (
            "يعطي عمودا النقاط تغيّر احتمالَي الدولتين خلال {horizon} عند ذلك الوزن، بترتيب "
            "التبادل (– لدولة انضمت)."
        ),
        "col_points_change": "تغيّر الاحتمال (نقاط مئوية)",
        "whatifs_points": (
            "بالاحتمال، أكبر تغيّر: السيناريو «{title}» يغيّر احتمال {name} خلال {horizon} "
            "بمقدار {points} نقطة مئوية."
        ),
    },
}
