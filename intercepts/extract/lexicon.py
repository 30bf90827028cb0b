"""The words of interception statements: weapons, verbs, markers. ru / uk / en.

Each pattern is a regex fragment matched case-insensitively on the original text.
Verbs are matched in their *predicate* forms only ("сбиты", "уничтожены", "shot
down"), never attributive participles ("обломки сбитого беспилотника" is no claim).
"""

from __future__ import annotations

import re

from intercepts.extract.fastre import gated

_I = re.IGNORECASE

# (regex, weapon) — specific before generic; the first that matches a noun phrase wins.
WEAPONS: list[tuple[str, str]] = [
    (
        r"крылат\w*\s+ракет\w*|крилат\w*\s+ракет\w*|cruise\s+missiles?|Storm\s*Shadow|SCALP|Х-101|Kh-101|Х-555|Kh-555|Калибр\w*|Калібр\w*|Kalibr|"
        r"Нептун\w*|Neptune|Томагавк\w*|Tomahawk",
        "cruise_missile",
    ),
    # the air-launched missiles the Air Force names by type: "8 керованих авіаційних ракет
    # Х-59/Х-69", "3 Kh-59/69 guided air missiles", "one Kh-59/69 missile"
    (r"\b(?:Х|Kh)-(?:59|69|31|35|22|32|47)\w*(?:/(?:Х-|Kh-)?\d+\w*)*", "missile"),
    # "6 аеробалістичними ракетами Х-47М2 «Кинджал»": the prefixed adjective too
    (
        r"(?:а[эе]ро-?)?баллистическ\w*\s+ракет\w*|(?:аеро-?)?балістичн\w*\s+ракет\w*|"
        r"(?:aero-?)?ballistic\s+missiles?|ATACMS|Искандер\w*|Іскандер\w*|"
        r"Iskander|Кинжал\w*|Кинджал\w*|Kinzhal|Точка-У",
        "ballistic_missile",
    ),
    (
        r"управляем\w*\s+авиа\w*\s+бомб\w*|корректируем\w*\s+авиа\w*\s+бомб\w*|авиабомб\w*|авиационн\w+\s+бомб\w*|"
        r"керован\w*\s+авіа\w*\s+бомб\w*|авіабомб\w*|guided\s+(?:aerial\s+|air\s+)?bombs?|glide\s+bombs?|"
        r"\bКАБ\w*|\bУАБ\w*|JDAM\w*|AASM|Hammer",
        "guided_bomb",
    ),
    (
        r"реактивн\w*\s+снаряд\w*|снаряд\w*\s+(?:реактивн\w*\s+)?(?:систем\w*\s+)?(?:залпового\s+огня|РСЗО|HIMARS)|ракет\w*\s+(?:РСЗО|системы\s+залпового\s+огня)\w*|HIMARS|РСЗО|Vampire|"
        r"(?:MLRS\s+)?rockets?",
        "rocket",
    ),
    (
        r"безэкипажн\w*\s+(?:катер\w*|лод\w*)|\bБЭК\b|безекіпажн\w*\s+катер\w*|unmanned\s+(?:surface\s+)?(?:boats?|vessels?)|"
        r"(?:naval|sea)\s+drones?|морск\w+\s+дрон\w*",
        "usv",
    ),
    (
        r"оперативно-тактическ\w*\s+ракет\w*|оперативно-тактичн\w*\s+ракет\w*",
        "ballistic_missile",
    ),
    (r"противорадиолокационн\w*\s+ракет\w*|HARM|ракет\w*|missiles?", "missile"),
    # "ВКС России сбит самолет МиГ-29", "знищено ворожий літак Су-34", "helicopter"
    (
        # never "беспилотных летательных аппаратов самолетного типа" (aircraft-type drones)
        r"самол[её]т(?:а|ы|ов|ом|у)?\b|літак(?:а|и|ів|ом)?\b|вертол[её]т\w*|гелікоптер\w*|fighter\s+jets?|"
        r"(?<![\w-])aircraft(?![\w-])|"
        r"helicopters?|\b(?:МиГ|Су|Ка|Ми)-\d+\w*",
        "aircraft",
    ),
    (
        r"\bБПЛА\b|\bБпЛА\b|\bБЛА\b|беспилотн\w*|безпілотн\w*|беспілотн\w*|безпілотник\w*|дрон\w*|\bUAVs?\b|drones?|"
        # "двома баражуючими боєприпасами «Бандероль»", "loitering munitions"
        r"баражуюч\w*\s+боєприпас\w*|барражирующ\w*\s+боеприпас\w*|loitering\s+munitions?|"
        r"Shahed\w*|Шахед\w*|Шахід\w*|Герань\w*|Geran\w*|квадрокоптер\w*|quadcopters?|летательн\w*\s+аппарат\w*|"
        r"unmanned\s+aerial\s+vehicles?|ударн\w*\s+БпЛА|"
        # "збито 3 летючих камікадзе"
        r"(?<![\w-])(?:камікадзе|камикадзе)\b|"
        # "Восемь аппаратов сбито силами ПВО" (the drones named in the sentence before)
        r"(?<![\w-])аппарат(?:а|ов|ы)?\b",
        "uav",
    ),
    (
        r"зас[оі]б\w*\s+повітряного\s+(?:нападу|удару)|средств\w*\s+воздушного\s+нападения|air\s+attack\s+(?:assets|weapons|means)|"
        r"aerial\s+(?:attack\s+)?(?:weapons|targets)|"
        # "уночі ворог випустив 44 повітряні об'єкти: 28 ракет і 16 БпЛА"
        r"повітрян\w+\s+об['’]єкт\w*|воздушн\w+\s+объект\w*|"
        r"air\s+targets|повітрян\w+\s+ціл(?:ей|і|ь)\b|воздушн\w+\s+цел(?:ей|и|ь)\b|"
        r"means\s+of\s+(?:enemy\s+)?air\s+attack|"
        # the Air Force's headline over every weapon: "ЗБИТО/ПОДАВЛЕНО 96 ЦІЛЕЙ ПРОТИВНИКА",
        # "збито/подавлено 96 цілей:"; a governor's "аэродинамических целей"
        r"(?<=\d\s)ціл(?:ей|і|ь)\b(?:\s+противника)?|\bціл(?:ей|і|ь)\s+противника|"
        # "знешкодили 288 ворожих цілей", "Ворожі цілі знищено"
        r"\bворож\w+\s+ціл(?:ей|і|ь)\b|\bвражеск\w+\s+цел(?:ей|и|ь)\b|"
        r"аэродинамическ\w+\s+цел(?:ей|и|ь)\b|"
        # a withheld figure: "Силами ПВО все цели уничтожены", "all targets were destroyed"
        r"\bвсе\s+(?:воздушные\s+)?цели\b|\b(?:всі|усі)\s+(?:повітряні\s+)?цілі\b|"
        r"\ball\s+(?:the\s+)?(?:aerial\s+|air\s+)?targets\b",
        "mixed",
    ),
]
# Who shoots and what launches are no weapon shot at: "знищені мобільними вогневими групами,
# літаками-винищувачами та зенітними ракетними підрозділами", "зенитными ракетными
# комплексами", "surface-to-air missile units"; "літаки стратегічної авіації Ту-95МС, які ...
# випустили 12 крилатих ракет", "з бомбардувальника Ту-22М3 ворог випустив", "із чотирьох
# літаків МіГ-31К": a weapon word inside these names the defender or the launcher.
NOT_A_TARGET_RE = gated(
    r"(?:літак|самол[её]т)\w*\s+(?:стратегічн|стратегическ|тактичн|тактическ|дальн)\w*\s+(?:авіаці|авиаци)\w*"
    r"(?:\s+[\w-]*\d[\w-]*)?|"
    r"(?<!\w)(?:з|із|с|from)\s+(?:\S+\s+){0,2}?(?:літак|бомбардувальник|винищувач|самол[её]т|бомбардировщик|"
    r"истребител|кораб|bomber|aircraft|jets?\b|planes?\b)\w*(?:\s+[\w-]*\d[\w-]*)?|"
    r"(?:зеніт|зенит)\w*[\s-]+ракетн\w*(?:\s+(?:підрозділ|військ|комплекс|частин|дивізіон|"
    r"подразделени|войск|дивизион|полк|бригад)\w*)?|(?:зеніт|зенит)но-ракетн\w*|"
    r"ракетн\w*\s+(?:підрозділ|військ|дивізіон|подразделени|войск|дивизион)\w*|"
    r"літак\w*-винищувач\w*|винищувальн\w+\s+авіаці\w+|истребительн\w+\s+авиаци\w+|"
    r"(?:anti-aircraft|surface-to-air)\s+missile\s+(?:units?|systems?|troops|forces)|"
    r"\bby\s+(?:\w+\s+){0,4}?fighter\s+(?:jets|aircraft|aviation)\b",
    _I,
)
# A sentence whose subject is the weapons just counted, said by a pronoun: "Усі вони були
# знищені ... у межах Одеської ... областей", "Усі – знищено", "Все они были сбиты", "All of
# them were shot down", "They were destroyed over ...": that weapon, without naming it.
ANAPHOR_RE = re.compile(
    r"^\W*(?:(?:усі|всі|все)\s+(?:вони|они|з\s+них|із\s+них|из\s+них)\b|(?:усі|всі)\s*[–—-]|"
    r"(?:вони|они)\s+(?:усі\s+|всі\s+|все\s+)?(?:були|было|были)?\s*(?:збит|знищен|сбит|уничтожен)|"
    r"(?:їх|их)\s+(?:усіх\s+|всіх\s+|всех\s+)?(?:було\s+|было\s+)?(?:збит|знищ|сбил|сбит|уничтож)|"
    r"all\s+of\s+them\b|they\s+(?:were\s+)?(?:all\s+)?(?:were\s+)?(?:shot|destroyed|downed|intercepted))",
    _I,
)
# "all" right before a figure: "All nine Shahed drones launched overnight were shot down",
# "Все три уничтожены", "shot down every one of the 35 Shahed drones"
ALL_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:all|усі|всі|все|всех|every\s+one\s+of|each\s+of)\s+(?:the\s+)?$", re.IGNORECASE
)
WEAPON_RE = gated("|".join(f"(?P<w{i}>{rx})" for i, (rx, _) in enumerate(WEAPONS)), _I)


def weapon_of(match: re.Match) -> str:
    for i, (_, weapon) in enumerate(WEAPONS):
        if match.group(f"w{i}"):
            return weapon
    return "uav"


# (regex, action). 'shot_down_or_suppressed' is read when a shot-down and a suppressed
# verb stand together ("сбиты и подавлены", "збито/подавлено", "shot down or suppressed").
VERBS: list[tuple[str, str]] = [
    (
        r"перехвачен[аоы]?\b|перехватил[аи]?\b|уничтожен[аоы]?\b|уничтожил[аи]?\b|нейтрализован[аоы]?\b|"
        # air defence as the subject: "в районе города Туапсе система ПВО поразила 6 БПЛА"
        # (never the Ministry's "поражены пункты запуска БПЛА", its own strikes)
        r"(?:(?<=ПВО\s)|(?<=обороны\s))поразил[аи]?\b|"
        r"нейтрализовал[аи]?\b|отраж[её]н[аоы]?\s+(?:\w+\s+){0,2}атак\w*|отразил[аи]?\b|"
        # "Атака БПЛА отражена над нашим городом"
        r"(?<!\w)атак[аи]\s+(?:\w+\s+){1,3}?отражен[аы]\b|"
        r"знищен[оаі]?\b|знищил[аи]?\b|"
        r"перехоплен[оаі]?\b|перехопил[аи]?\b|знешкоджен[оаі]?\b|знешкодил[аи]?\b|знешкодивши\b|intercepted|destroyed|neutrali[sz]ed|repelled|"
        r"repulsed|thwarted|eliminated|taken\s+out|took\s+out|destroying|intercepting|"
        r"обезврежен[аоы]?\b|обезвредил[аи]?\b|знешкоджуван\w*|"
        # "Вражеские летательные аппараты ликвидированы", "ліквідували 15 з них"
        r"ликвидирован[аоы]?\b|ликвидировал[аи]?\b|ліквідован[оаі]?\b|ліквідувал[аи]?\b|"
        r"(?:об?\s+)(?:перехвате|уничтожении|нейтрализации)\b|(?:о\s+)сбитии\b|про\s+(?:знищення|збиття)\b|"
        # the Air Force's noun form: "підтверджено збиття 83 ударних БпЛА"
        r"(?:підтверджен[оі]|підтвердили)\s+(?:збиття|знищення|ураження)\b|"
        r"confirmed\s+(?:the\s+)?(?:downing|destruction|interception)\s+of\b",
        "intercepted",
    ),
    (
        r"сбит[аоы]?\b|сбил[аи]?\b|збит[оаі]?\b|збил[аи]?\b|shot\s+down|shooting\s+down|downed|brought\s+down|"
        r"удалось\s+(?:сбить|уничтожить|перехватить)\b|"
        # the Ukrainian officials' slang: "П'ять «шахедів» мінуснули наші оборонці",
        # "Відмінусували ще два ворожі безпілотники", "Мінус ворожий безпілотник"
        r"(?:від)?мінусну\w*|(?:від)?мінусува\w*|"
        # "Ukraine says it downs 3 missiles", "shoots down 40 drones"
        r"downs\b|shoots\s+down|"
        # "ППО ... змогли збити всі 28 ракет", "удалось сбить", "сумели сбить"
        r"(?:змогл[аи]?|змогла|вдалося|вдалось|зуміл[аи]?|удалось|смогл[аи]?|сумел[аи]?)\s+(?:\w+\s+)?(?:збити|сбить)\b|"
        # "52 of which it was able to shoot down"
        r"(?:able|managed)\s+to\s+(?:shoot|bring)\s+down|"
        r"fell\s+(?=over|above|on\s+(?:the\s+)?territory)",
        "shot_down",
    ),
    (
        r"подавлен[аоыі]?\b|подавил[аи]?\b|подавлено|suppressed|jammed|локально\s+втрачен\w*|локаційно\s+втрачен\w*|lost(?=\s+(?:to|due\s+to|because\s+of)\s+(?:electronic|EW\b|jamming|radio))|locally\s+lost|lost\s+in\s+location|location[- ]lost|"
        r"приземлен[аоы]?\b|посажен[аоы]?\b|заглушен[аоы]?\b|"
        # "Ещё три беспилотника попали под действие средств радиоэлектронной борьбы"
        r"попал[аи]?\s+под\s+(?:воздействие|действие)\b|удалось\s+подавить\b|"
        # '33 were "lost", likely to electronic warfare'
        r"lost(?=[\"”'’])(?<=[\"“'‘]lost)|"
        # "A total of 47 enemy decoy drones have disappeared from radar", "71 decoys vanish from radar"
        r"(?:disappeared|disappear|vanished|vanish)\s+from\s+(?:the\s+)?radars?",
        "suppressed",
    ),
    (
        r"атакован[аоы]?\b|атаковал[аи]?\b|нанес[её]н[аоы]?\s+удар\w*|нанесли\s+удар\w*|нанесены\s+удары|"
        # the Ministry's "пресечена попытка киевского режима осуществить четырьмя беспилотными
        # летательными аппаратами ... террористическую атаку", "попытался атаковать"
        r"осуществить(?=\s+(?:[\w-]+\s+){0,10}?(?:террористическ\w+\s+)?атак)|атаковать\b|"
        # "ворог завдав удару 10-ма ударними БпЛА", "завдав комбінованого удару"
        r"завда(?:в|ла|ли|но)\s+(?:\w+\s+)?удар\w*|"
        r"атакував\w*|атакувал[аи]?\b|attacked|struck|targeted|"
        # "У ніч на 21 серпня загалом в область зайшло 8 БпЛА"; "За добу по регіону прилетіло:"
        r"зайшл[оаи]\b|зайшов\b|прилетіл[оаи]\b|прилетів\b|"
        # attacks as a noun with the drones that made them: "совершены атаки с помощью 9
        # беспилотников", "подверглись атакам 14 дронов", "зафиксированы атаки 11
        # беспилотников", "атаки совершили 16 беспилотников"
        r"(?:совершен[аоы]?|зафиксирован[аоы]?|предпринят[аоы]?)\s+атак[аиу]?\b|"
        # "в Тамбовской области зафиксирован прилёт трёх БПЛА"
        r"прил[её]т\w*(?=\s+(?:\w+\s+)?(?:\d|дву|тр[её]|четыр|пят|шест|сем|вос|девят|десят|одн))|"
        r"атак[аиу]?\s+(?:совершил[аи]?|совершены)\b|подверг(?:ся|лась|лось|лись)\s+(?:атак(?:е|ам)|удар(?:у|ам))\b|"
        # the Ministry's "пресечена попытка киевского режима совершить террористическую атаку
        # ... с применением двух оперативно-тактических ракет «Точка-У»"
        r"(?:с\s+применением|с\s+использованием)(?=\s+(?:\w+\s+){0,3}?(?:\d|дву|тр[её]|четыр|пят|шест|сем|вос|девят|десят|одн))",
        "attacked",
    ),
    (
        # never a compound adjective: "air-launched Kh-101 and sea-launched Kalibr missiles"
        r"запустил[аи]?\b|выпустил[аи]?\b|выпущен[аоы]?\b|запустив\b|випустив\b|запущен[оаі]?\b|(?<!-)launched|(?<!-)fired|"
        r"випущен[оаі]?\b|випустил[аи]\b|скерувавши\b|скерував\b|скерувал[аи]\b|скерован[оі]\b|спрямува\w*\b|"
        # "Всього противник застосував 184 засоби повітряного нападу", "применил 50 ракет"
        r"застосував\b|застосувал[аи]\b|застосован[оаі]?\b|применил[аи]?\b|применен[оаы]?\b|"
        # "противник атакував Україну, задіявши шість БпЛА типу Shahed"
        r"задіявши\b|задіяв\b|задіял[аи]\b|задіян[оі]\b|задействовав\b|задействовал[аи]?\b|"
        # "Супротивник використав 29 дронів типу Shahed-136/131"
        r"використав\b|використал[аи]\b|використавши\b|"
        # what the Air Force tracked is what was launched: "Загалом зафіксовано 629 засобів
        # повітряного нападу" (never "зафіксовано влучання": hits, no count right after)
        # "Загалом зафіксовано пуски 31 дрона-камікадзе"
        r"зафіксован[оаі]?(?=\s+(?:пуск\w*\s+|запуск\w*\s+)?(?:близько\s+|понад\s+|щонайменше\s+)?\d)|"
        # "радіотехнічними військами виявлено та здійснено супровід 486 засобів повітряного нападу"
        r"(?:виявлено\s+(?:та|і|й)\s+)?здійснено\s+супровід\b|"
        r"(?:were\s+)?detected(?=\s+(?:about\s+|over\s+|at\s+least\s+)?\d)|"
        # "The Air Force's radio-technical troops detected and tracked 27 attack drones"
        r"detected\s+and\s+tracked(?=\s+(?:about\s+|over\s+|at\s+least\s+)?\d)|"
        # "A total of 34 means of enemy air attack were recorded"
        r"recorded\b(?<=were\srecorded)",
        "launched",
    ),
]
# every predicate verb form, for patterns that allow one ("и перехвачены 15 ...")
VERB_FORMS = "|".join(f"(?:{rx})" for rx, _ in VERBS)
# a negated verb states nothing was done: "лише шість дронів супротивника не ліквідували"
VERB_RE = gated(
    "|".join(
        f"(?P<v{i}>(?<!\\w)(?<![Нн]е\\s)(?<!not\\s)(?:{rx}))" for i, (rx, _) in enumerate(VERBS)
    ),
    _I,
)
# The prefilter: every verb form at the start of a word, negated or not, so it matches
# wherever VERB_RE could match in a unit or in its masked copy (a superset: the spans the
# grammar masks end at a word's end, so a verb after one starts a word in the text too). A
# document it does not match has no claim unit, hence no claim and no reject (see
# ``claims.extract``). The left boundary lets the engine give up at every letter inside a
# word: without it the prefilter cost 47 us a document, with it 18.
VERB_ANY_RE = gated("|".join(f"(?<!\\w)(?:{rx})" for rx, _ in VERBS), _I)


def action_of(match: re.Match) -> str:
    for i, (_, action) in enumerate(VERBS):
        if match.group(f"v{i}"):
            return action
    return "intercepted"


# Words that may stand between a count and its weapon noun: adjectives.
# Ukrainian feminine adjectives end in -а/-я: "1 крилата Х-101", "балістична ракета"
RU_UK_ADJECTIVE = re.compile(
    r"[а-яёіїєґ'’-]+(?:ых|их|ые|ие|ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ыми|ими|ую|юю|і|ої|им|ым|ий)$"
    r"|[а-яіїєґ'’-]+(?:[тнвж]а|[зсц]ька)$",
    _I,
)
EN_ADJECTIVE = re.compile(
    r"(?:ukrainian|russian|enemy|hostile|attack|strike|kamikaze|combat|more|other|additional|aerial|unmanned|"
    r"fixed-wing|fixed|wing|long-range|heavy|jet-powered|jet|decoy|incoming|further|armed|shahed|shahed-type|"
    r"geran|geran-2|aircraft-type|aircraft|type|of|the|such|similar|big|large|small|surface|air|naval|sea|fpv-?|"
    r"[a-z-]+-(?:type|wing|range|made|style|powered|supplied|provided|built|designed|launched)|"
    r"us|american|british|french|western)$",
    _I,
)

CUMULATIVE_RE = gated(
    r"с\s+начала\s+(?:проведения\s+)?(?:специальной\s+военной\s+операции|СВО|спецоперации|войны|конфликта)|"
    # "Всего за время военной операции военные уничтожили свыше 100 тыс. беспилотников"
    r"за\s+(?:всё\s+|все\s+)?время\s+(?:проведения\s+)?(?:специальной\s+)?(?:военной\s+)?(?:операции|СВО|спецоперации)|"
    r"since\s+the\s+(?:start|beginning)\s+of\s+the\s+(?:special\s+military\s+operation|war|conflict|invasion)|"
    r"з\s+початку\s+(?:повномасштабного\s+)?(?:вторгнення|війни|року|місяця)|за\s+весь\s+период|"
    # "всього з початку застосування російськими військами іранських дронів ... знищено 412"
    r"з\s+початку\s+(?:їх\s+)?застосування|с\s+начала\s+(?:их\s+)?применения|"
    # a project's or a unit's tally: "У межах проєкту "Чисте небо" від початку роботи вже
    # перехоплено майже 900 ворожих дронів", "с начала работы", "since it began operating"
    r"(?:від|з)\s+початку\s+(?:своєї\s+|її\s+|його\s+)?(?:роботи|діяльності|існування|функціонування)|"
    r"с\s+начала\s+(?:своей\s+|её\s+|его\s+)?(?:работы|деятельности|существования)|"
    r"since\s+(?:it|the\s+project|the\s+unit)\s+(?:began|started)\s+(?:operating|work)|"
    r"с\s+начала\s+(?:текущего\s+|этого\s+)?(?:года|месяца|\d{4}\s+года)|since\s+the\s+(?:start|beginning)\s+of\s+"
    r"(?:the\s+|this\s+)?(?:year|month)|since\s+January|"
    # a year's total is a tally too: "Итоги года. За 2025 год над Брянской областью силами ПВО
    # уничтожено более 4,5 тысяч вражеских беспилотников"; "за минулий рік", "in 2024 as a whole",
    # "so far this year" (a week or a month stays a claim with no night: ``timewin``)
    r"\bитог\w*\s+(?:\d{4}\s+)?года\b|\bза\s+(?:весь\s+|прошедший\s+|минувший\s+|уходящий\s+|прошлый\s+|"
    r"этот\s+|текущий\s+|минулий\s+|цей\s+|весь\s+)?(?:\d{4}\s+)?(?:год|рік)\b|"
    r"\b(?:в\s+течение|на\s+протяжении|протягом)\s+(?:всего\s+|всього\s+)?(?:\d{4}\s+)?(?:года|року)\b|"
    r"\b(?:so\s+far\s+this|over\s+the\s+(?:past|last)|in\s+the\s+past|throughout\s+the)\s+year\b|"
    r"\b(?:in|during|throughout|over)\s+(?:all\s+of\s+)?\d{4}\s+as\s+a\s+whole\b|\bin\s+all\s+of\s+\d{4}\b|"
    r"\b(?:throughout|during)\s+\d{4}\b",
    _I,
)
# an exercise is no claim: "В ходе командно-штабного учения расчеты ... отразили массированный
# авиаудар условного противника, поразив 18 воздушных целей ... на полигоне Ашулук"
EXERCISE_RE = gated(
    r"\bучени[еяйюи]\w*|\bусловн\w+\s+противник\w*|\bна\s+полигон\w*|\bнавчан\w+|"
    r"\bумовн\w+\s+противник\w*|\bна\s+полігоні\b|\b(?:military|air\s+defen[cs]e|command|joint)\s+"
    r"(?:exercises?|drills?)\b|\bduring\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:exercises?|drills?)\b|"
    r"\bmock\s+(?:enemy|attack)|\bsimulated\s+(?:enemy|air\s+attack|targets?)|\bat\s+the\s+\w+\s+(?:firing\s+)?range\b",
    _I,
)
# "из которых", "of which" after a count ("17 из которых сбиты", "three of which were ...")
OF_AFTER_RE = re.compile(
    r"^\s*(?:,\s*)?(?:из\s+(?:них|которых)|і?з\s+(?:них|яких)|of\s+(?:them|which|those|these|the\s+drones))\b",
    _I,
)
# "в том числе 3", "including 10", "из них 4", "of which 39" before a count
OF_BEFORE_RE = re.compile(
    r"(?:в\s+том\s+числе|включая|из\s+них|из\s+которых|у\s+тому\s+числі|в\s+тому\s+числі|зокрема|і?з\s+них|і?з\s+яких|"
    r"including|among\s+them|of\s+which|of\s+them|of\s+these|of\s+those)\s*[,:—–-]?\s*$",
    _I,
)
DISTRIBUTIVE_RE = re.compile(r"(?:^|[\s(])по\s+$", _I)
# English distributive after the figure: "seven each over the Tula, Kaluga and Voronezh Regions"
# "two each over ...", "three apiece", "Three drones were destroyed each over the Voronezh and
# Belgorod regions"
EACH_AFTER_RE = re.compile(
    r"^\s+(?:each|apiece)\b|^\s+\w+(?:\s+\w+){0,3}?\s+(?:were|was)\s+\w+\s+each\s+(?:over|in)\b", _I
)
# a running total stated after an increment, its noun and verb left out:
# "уничтожены ещё 3 украинских БПЛА. Всего с начала ночи — 12"
RUNNING_TOTAL_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:всего|итого|усього|всього|загалом|in\s+total|total)\b[^.\d]{0,40}?[—–:-]?\s*$",
    _I,
)
ANOTHER_RE = re.compile(r"(?:ещё|еще|ще|another|a\s+further|further)\s+$", _I)
ONE_MORE_RE = re.compile(r"^\s+more\b", _I)
RUNNING_TOTAL_RE = re.compile(
    r"с\s+вечера|с\s+начала\s+ночи|всего\s+за\s+ночь|за\s+ночь\s+всего|since\s+(?:last\s+)?(?:the\s+)?evening|"
    r"in\s+total\s+overnight|з\s+вечора",
    _I,
)
# a direction is not a place: "летевших на Москву", "en route to the capital"
DIRECTION_RE = gated(
    r"(?:летевш\w*|летящ\w*|летел\w*|направлявш\w*|следовавш\w*|летіл\w*|що\s+летіли|которые\s+летели)\s+"
    r"(?:на|в\s+сторону|в\s+направлении|к|до|у\s+напрямку)\s+(?P<t1>[\w-]+)"
    r"|на\s+подл[её]те\s+к\s+(?P<t2>[\w-]+)"
    r"|(?:flying|heading|headed|en\s+route|on\s+(?:their|its)\s+way|approaching|bound)\s+(?:to|towards|toward|for)?\s*"
    r"(?:the\s+)?(?P<t3>capital|Moscow|Kyiv|Kiev|St\.?\s+Petersburg)\b",
    _I,
)
# an origins list ends at the verb of its sentence: "літаки Ту-95МС, які з району Каспійського
# моря випустили 12 крилатих ракет" (the verb and its figure are no origin)
_NOT_A_VERB = r"(?!(?<!\w)(?:випуст|випущ|запуст|запущ|атакув|застосув|застосов|знищ|збил|збит|збив|спрямув)\w*)"
# launch directions in Ukrainian reports: "з напрямків Брянськ, Курськ, Міллерово" — places that are no target
LAUNCH_FROM_RE = gated(
    # "(з району Енгельс)", "(з акваторії Чорного моря)": where a missile was launched from
    r"\((?:з|із|from)\s+(?:району|районів|акваторії|території|the\s+area|area|the\s+waters?|the)\b[^)]*\)|"
    # "(райони пусків – Чауда – ТОТ АР Крим, Єйськ, Курськ – рф)", "райони пуску: ..."
    r"\(\s*(?:райони?|район|місця|місце)\s+пуск\w*[^)]*\)|(?:райони?|місця)\s+пуск\w*\s*[–—:-][^.;()]*|"
    # the list runs to the end of its sentence; "рф." and "ТОТ" inside it abbreviate, they
    # end nothing: "із напрямків: Брянськ, Шаталово – рф., ТОТ Донецьк"; a figure ends
    # it: "..., Міллерово – РФ, близько 40 із них – шахеди"
    r"(?:з|із)\s+напрямк\w+(?:" + _NOT_A_VERB + r"[^.;\n\d]|\n(?!\s*\n)|(?<=рф)\.|(?<=РФ)\.)*|"
    r"з\s+(?:тимчасово\s+)?окупован\w+[^.;]*|с\s+направлени\w+[^.;]*|"
    # "дві балістичні ракети «Іскандер-М» з Бєлгородської області рф та тимчасово окупованого
    # Криму": a place marked as Russia's, and the occupied one beside it
    r"(?:з|із)\s+(?=(?-i:[А-ЯІЇЄҐ]))[^.;\d]{0,40}?\s(?:рф|РФ|росії)\b(?:\s+(?:та|і|й)\s+(?:з\s+)?(?:тимчасово\s+)?окупован\w+(?:\s+[^\s.,;]+){1,3})?|"
    # "18 ударними БпЛА типу Shahed-131/136 з району Приморсько-Ахтарська – рф."
    r"(?:з|із)\s+район\w*:?\s+(?:" + _NOT_A_VERB + r"[^.;\n\d]|(?<=рф)\.|(?<=РФ)\.)*|"
    # "з мису Чауда – АР Крим", "з ТОТ АР Крим", "з повітряного простору ТОТ Запорізької
    # області", "з акваторії Чорного моря": where a launch came from (a few words, never
    # past a preposition: "з акваторії Чорного моря по Одесі випущено 4 «Калібри»")
    r"(?:з|із)\s+(?:мису|ТОТ|повітряного\s+простору|акваторії)"
    r"(?:\s+(?:[–-]|(?!(?:по|на|в|у|та|і|й)\b)[^\s,.;\d]+)){1,6}|"
    r"from\s+(?:the\s+)?directions?\s+of[^.;]*|launched\s+from[^.;]*|"
    # "fired eight missiles at Odesa Oblast from the area of Cape Tarkhankut in occupied Crimea"
    r"from\s+the\s+(?:area|region|airspace|waters)\s+of[^.;,]*",
    _I,
)
# a dateline names where the story was filed, not where anything was shot down: "KYIV:",
# "MOSCOW, July 20 (Reuters) -", "БРЯНСК, 21 августа."; a city in capitals at the start
DATELINE_RE = re.compile(
    r"^\s*[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ'’.-]+(?:\s+[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ'’.-]+)?(?=\s*(?:[:,(—–]|-\s))"
    # an agency's capital dateline in mixed case: "Moscow: Russian air defences have downed ..."
    r"|^\s*(?:Moscow|Kyiv|Kiev|Москва|Київ|Киев)(?=\s*:\s)"
)
# numbers that are not counts of drones even when a drone word is near
NON_COUNT_AFTER_RE = re.compile(
    r"^\s*(?:раз\w*|times?|лет\b|years?|год(?:а|у|ом|ы|ах)?\b|г\.|рік\b|рок[иуі]\b|році\b|человек|people|домов|домах|дом\w*|houses?|район\w*|округ\w*|"
    # "пошкодження вікон ... та одного житлового будинку, а також даху ще одного"
    r"(?:житлов\w+\s+|приватн\w+\s+|багатоповерхов\w+\s+)?будин\w*|будівл\w*|квартир\w*|"
    r"сел\w*|villages?|обстрел\w*|боеприпас\w*|снаряд\w*|мин\b|взрывн\w*|взрывных|%|процент\w*|км|km|"
    r"метр\w*|м\b|часов|hours?|minutes?|минут\w*|локаци\w*|локаці\w*|населенн\w*|населён\w*|автомобил\w*|"
    r"участк\w*|семей|семьи|items?|объект\w*|регион\w*|regions?|област\w*|провинц\w*|cities|городах|"
    r"airports?|аэропорт\w*|flights?|рейс\w*)",
    _I,
)
# a singular noun with no numeral is a count of one, whatever the verb's form: "сбит
# беспилотник", and the active "Силы ПВО Минобороны сбили беспилотник, летевший на Москву",
# "збили ворожий дрон", "знищено крилату ракету", "shot down a drone"
SINGULAR_RE = gated(
    r"(?:сбит|уничтожен|перехвачен|подавлен|нейтрализован)\s+(?:\w+\s+){0,5}?(?:беспилотник|БПЛА|дрон|"
    r"беспилотный\s+летательный\s+аппарат|ракета|крылатая\s+ракета|самол[её]т|вертол[её]т)\b|"
    r"\b(?:сбил[аи]?|уничтожил[аи]?|перехватил[аи]?|нейтрализовал[аи]?|подавил[аи]?|збил[аи]?|знищил[аи]?|"
    r"перехопил[аи]?|збит[оаі]?|знищен[оаі]?|перехоплен[оаі]?|"
    # "ПвК «Схід» знищив над областю ворожий БпЛА", "Ліквідовано ворожий БпЛА"
    r"знищив|збив|перехопив|ліквідував|ліквідувал[аи]|ліквідован[оаі]?|ликвидирован)\s+(?:\w+\s+){0,3}?"
    r"(?:беспилотник|дрон|беспилотный\s+летательный\s+аппарат|ракету|безпілотник|БпЛА|крилату\s+ракету|"
    # "було збито ворожий безпілотний літальний апарат", "збита ворожа ракета"
    r"безпілотний\s+літальний\s+апарат|ракета|"
    # an aircraft: "На Херсонщині збито черговий ворожий ударний гелікоптер Ка-52"
    r"гелікоптер|вертоліт|літак|вертол[её]т|самол[её]т)(?![\w-])|"
    # the drone just named, as a pronoun: "На залетевший ... БПЛА наши военные среагировали
    # оперативно и уничтожили его"
    r"\b(?:сбил[аи]?|уничтожил[аи]?|перехватил[аи]?|подавил[аи]?|збил[аи]?|знищил[аи]?|перехопил[аи]?)\s+"
    r"(?:его|його|її)\b|"
    r"\b(?:shot\s+down|destroyed|intercepted|downed|neutrali[sz]ed)\s+an?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:drone|UAV|missile)\b|"
    r"\b(?:беспилотник|дрон|беспилотный\s+летательный\s+аппарат)\s+(?:был\s+)?(?:сбит|уничтожен|перехвачен)\b|"
    # "По словам губернатора, дрон удалось сбить"
    r"\b(?:беспилотник|дрон|БПЛА)\s+удалось\s+(?:сбить|уничтожить|подавить|перехватить|нейтрализовать)\b|"
    # a headline's bare singular: "Russia-Ukraine war live: Drone downed near Moscow"
    r"(?:^|:\s+)(?:an?\s+)?(?:drone|UAV|missile)\s+(?:was\s+)?(?:downed|shot\s+down|destroyed|intercepted)\b|"
    r"\b(?:ракета|авиабомба|бомба)\s+(?:была\s+)?(?:сбита|уничтожена|перехвачена)\b|"
    # "На Вінниччині працює ППО! Повітряний об'єкт знищено."
    r"\b(?:повітряний\s+об['’]єкт|воздушный\s+объект)\s+(?:був\s+|был\s+)?(?:знищен\w*|збит\w*|сбит|уничтожен)|"
    r"атак\w*\s+(?:\w+\s+)?(?:беспилотника|БПЛА|дрона)\s*,?\s*(?:летевшего|летящего|направлявшегося)|"
    r"атак\w*\s+(?:\w+\s+)?(?:беспилотника|дрона)\b|"
    r"\b(?:an?|another)\s+(?:\w+\s+){0,2}(?:drone|UAV|missile)\s+(?:was|had\s+been|has\s+been)\s+"
    r"(?:shot\s+down|destroyed|intercepted|downed)",
    _I,
)

# Hits, impacts and falls are no interceptions. A count governed by a hit noun said before
# it in its clause ("Зафіксовано влучання 5 ракет та 17 БпЛА на 8 локаціях", "попадания 2
# дронов", "hits by 3 missiles were recorded") or by a hit verb after its noun ("two drones
# hit a warehouse", "3 ракеты попали в ...") is no count (``grammar.find_counts``).
HIT_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:влучан\w*|влучань|попадани\w*|попаданий|hits?|impacts?|strikes\s+by|"
    r"падінн\w*|падени\w*|обломк\w*|уламк\w*|debris|wreckage)\b[^.;:!?]*$",
    _I,
)
HIT_AFTER_RE = re.compile(
    r"^[^.;:!?,\d]{0,60}?(?<!\w)(?:hit|struck|crashed\s+(?:into|on)|fell\s+(?:on|onto|in|into)\s+(?!the\s+territory)|"
    r"упал[аио]?\s+(?:на|в)|попал[аио]?\s+в|влучил[аи]?|влучив|впал[аио]?\s+(?:на|в))\b",
    _I,
)
# A unit with no verb of its own that speaks of hits or falling debris continues no
# statement: "Kursk Governor ... said four drones were shot down ... One of them fell on the
# roof of a garage" (the second sentence is no count of one), "Зафіксовано влучання ..."
# after an Air Force list (``claims._read_unit``).
HIT_UNIT_RE = gated(
    r"\b(?:влучан\w*|влучань|влучил\w*|влучив|попадани\w*|попаданий|попал[аио]?|упал[аио]?|впал[аио]?|"
    r"падени\w*|падінн\w*|обломк\w*|уламк\w*|hits?|impacts?|struck|fell|crashed|debris|wreckage)\b",
    _I,
)

# "беспилотники не были сбиты", "no drones were shot down": a negated verb is no claim
NEGATED_RE = gated(
    r"\bне\s+(?:был[иао]?\s+)?(?:сбит|уничтож|перехвач|подавл)|\bне\s+(?:вдалося|удалось)|"
    r"\bnot\s+(?:been\s+)?(?:shot|intercepted|destroyed|downed)|\bno\s+(?:\w+\s+)?(?:drones|missiles|UAVs)\s+were|"
    r"\bне\s+(?:було\s+)?(?:збит|знищ)",
    _I,
)
# "59 – над другими регионами", "the rest over other regions": a remainder without a place
OTHER_PLACES_RE = re.compile(
    r"^\s*(?:[–—-]\s*)?(?:\w+\s+){0,3}?(?:над|в|по|over|in|above)\s+(?:the\s+)?(?:други\w+|остальн\w+|иных|other|"
    r"remaining|інши\w+|решт\w+)\s+(?:регион\w*|област\w*|субъект\w*|regions?|areas?|parts?|регіон\w*|област\w*)",
    _I,
)
# an English participle used as an adjective: "a downed drone", "the destroyed UAVs"
ATTRIBUTIVE_RE = re.compile(r"\s+(?:\w+\s+)?(?:drones?|UAVs?|missiles?|aircraft|Shahed\w*)\b", _I)
