"""Word lists for the analysis parity test: real stems of each language with real endings.

The test corpora (tests/corpus.py, tests/data/language/*.txt, tests/sites/*) hold a few
hundred distinct words per language; the parity test needs thousands. These lists
inflect common news-vocabulary stems by each language's own endings (Russian cases and
conjugations; English prefixes and inflections; Kazakh, Kyrgyz and Uzbek plural,
possessive and case suffixes with a simplified vowel harmony; Tajik plural, izofat,
object and possessive endings), written for these tests, with no stemmer involved.
Not every form is grammatical; every one is a plausible word of its script.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import product


def _listed(text: str) -> list[str]:
    return text.split()


def _combine(*parts: Iterable[str]) -> Iterator[str]:
    for pieces in product(*parts):
        yield "".join(pieces)


RU_NOUNS_HARD = _listed(
    """
закон журналист президент парламент депутат министр город район проект бюджет суд
налог банк завод кризис митинг протест договор указ штраф эксперт инвестор фермер
экспорт импорт курс процент доклад приговор арест выбор сенат аким акимат регион
кандидат лидер директор инженер рабочий студент школьник пенсионер водитель пассажир
аэропорт вокзал транспорт автобус трамвай поезд самолет рейс маршрут тариф рост спад
дефицит профицит кредит вклад депозит рубль доллар рынок магазин товар продукт хлеб
сахар бензин газ уголь металл урожай скот пожар взрыв ремонт мост дом двор парк сад
"""
)
RU_NOUN_HARD_ENDINGS = ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"]
RU_NOUNS_A = _listed(
    """
газет стран столиц границ программ реформ систем школ больниц пресс полиц партий
власт компани организаци комисси делегаци позици ситуаци информаци инфляци пенси
зарплат цен налогов нефт вод земл улиц площад дорог трасс степ гор рек
"""
)
RU_NOUN_A_ENDINGS = ["а", "ы", "е", "у", "ой", "ою", "ам", "ами", "ах", "", "я", "и", "ю", "ей"]
RU_NOUNS_NEUTER = _listed(
    """
решени заявлени правительств министерств агентств издани сообщени событи соглашени
управлени предприяти законодательств обществ государств производств строительств
образовани здравоохранени населени движени положени обращени выступлени расследовани
"""
)
RU_NOUN_NEUTER_ENDINGS = ["е", "я", "ю", "ем", "и", "й", "ям", "ями", "ях", "о", "а", "у", "ом"]
RU_ADJECTIVES = _listed(
    """
нов национальн государствен независим международн местн региональн социальн
финансов правов судебн нефтян газов налогов городск сельск областн районн
официальн журналистск президентск парламентск казахстанск кыргызск узбекск
таджикск российск китайск американск европейск экономическ политическ исторически
бывш нынешн последн первичн вторичн крупн мелк сред высок низк дорог дешев
"""
)
RU_ADJECTIVE_ENDINGS = _listed(
    """
ый ий ая яя ое ее ые ие ого его ой ей ому ему ым им ом ем ую юю ых их ыми ими ее ейш ейшая
"""
)
RU_VERBS = _listed(
    """
работа заявля сообща подписыва обсужда рассматрива принима отмеча объявля
увеличива сокраща развива поддержива проверя выполня исполня назнача освобожда
задержива арестовыва штрафова финансирова инвестирова экспортирова импортирова
регистрирова контролирова организова планирова реализова модернизирова строи
говори реши объяви подписа приня отмети увеличи сократи назначи освободи
"""
)
RU_VERB_PREFIXES = ["", "пере", "про"]
RU_VERB_ENDINGS = _listed(
    """
ть ет ют ем ешь ете л ла ло ли ющий ющая ющие ющих ющего вший вшая вшие вших ние ния
нию нием нии ть тся лся лась лись ются ется я в вшись но ны нный нная нные нных
"""
)

EN_VERBS = _listed(
    """
build vote sign report claim protest arrest charge fine accuse invest export import
tax spend cut raise lower close open elect appoint dismiss resign govern rule judge
sentence release detain search seize ban allow approve reject propose amend adopt
debate discuss announce publish broadcast print write edit read view watch follow
attack defend support oppose fund pay borrow lend trade sell buy ship deliver supply
produce grow harvest mine drill pump burn heat cool flood damage repair restore plan
design develop test launch start finish stop end begin join leave enter return visit
meet host invite welcome thank praise blame warn threaten demand request order need
want decide agree refuse accept count measure record register license permit limit
control manage lead organize reform modernize privatize nationalize regulate monitor
"""
)
EN_PREFIXES = ["", "re", "un", "over", "pre", "mis", "out", "co"]
EN_VERB_ENDINGS = ["", "s", "ed", "ing", "er", "ers", "ment", "able"]
EN_NOUNS = _listed(
    """
government minister president parliament deputy court judge journalist editor reporter
newspaper agency company bank market price wage salary pension budget deficit inflation
election candidate party campaign protest rally strike union worker farmer teacher
doctor hospital school university student border neighbour region province district
city village capital railway pipeline airport station road bridge river lake mountain
steppe desert oil gas coal uranium gold copper wheat cotton water energy power plant
"""
)
EN_NOUN_ENDINGS = ["", "s", "'s", "less", "hood", "ship", "like", "ism", "ist", "ists"]

KK_STEMS_BACK = _listed(
    """
заң жол қала ауыл бала ата ана халық жер су тау көл бағдарлама жоба сот прокурор
полиция облыс аудан кітап газет журналист хабар баға нан мұнай газ көмір мал
фермер бизнес банк ақша салық бюджет шара қаржы әскер шекара дос қонақ саясат
сайлау партия парламент сенат комиссия құжат хат талап митинг мәдениет театр
спорт чемпион оқушы жұмыс жұмысшы жылу тұрғын мамандық қызмет орган арна
"""
)
KK_STEMS_FRONT = _listed(
    """
үкімет мемлекет мектеп мұғалім дәрігер аурухана ел өзен теңіз министр депутат әкім
әкімдік тілші жаңалық ет сүт электр егін кәсіпкер теңге несие зейнетақы жәрдемақы
көрші мәжіліс президент премьер кеңес есеп шешім өтініш наразылық қоғам тіл
әдебиет музей жарыс білім ғылым өнер кен зауыт жүргізуші сөз бөлім іс
"""
)
KK_BACK = ("лар", ["", "ы", "ымыз", "ың"], ["", "ның", "ға", "ны", "да", "дан", "мен"])
KK_FRONT = ("лер", ["", "і", "іміз", "ің"], ["", "нің", "ге", "ні", "де", "ден", "мен"])

KY_STEMS_BACK = _listed(
    """
мыйзам жол шаар айыл бала ата апа эл жер суу тоо көл программа долбоор сот прокурор
милиция облус район китеп гезит журналист кабар баа нан мунай газ көмүр мал фермер
бизнес банк акча салык бюджет чара каржы аскер чек ара дос конок саясат шайлоо партия
парламент комиссия документ кат талап митинг маданият театр спорт чемпион окуучу
жумуш жумушчу жылуулук тургун кесип кызмат орган
"""
)
KY_STEMS_FRONT = _listed(
    """
өкмөт мамлекет мектеп мугалим дарыгер оорукана эл дарыя деңиз министр депутат аким
мэрия кабарчы жаңылык эт сүт электр эгин ишкер сом насыя пенсия жөлөкпул кошуна
кеңеш президент премьер эсеп чечим өтүнүч нааразылык коом тил адабият музей мелдеш
билим илим өнөр кен завод айдоочу сөз бөлүм иш көчө үй
"""
)
KY_BACK = ("лар", ["", "ы", "ыбыз", "ың"], ["", "дын", "га", "ды", "да", "дан", "менен"])
KY_FRONT = ("лер", ["", "и", "ибиз", "иң"], ["", "дин", "ге", "ди", "де", "ден", "менен"])

UZ_LATIN_STEMS = _listed(
    """
hukumat davlat qonun yoʻl shahar qishloq bola ota ona xalq yer suv togʻ koʻl dastur
loyiha sud prokuror militsiya viloyat tuman kitob gazeta jurnalist xabar narx non
neft gaz koʻmir chorva fermer biznes bank pul soliq byudjet chora moliya armiya
chegara doʻst mehmon siyosat saylov partiya parlament senat komissiya hujjat xat talab
miting madaniyat teatr sport chempion oʻquvchi ish ishchi issiqlik aholi kasb xizmat
maktab oʻqituvchi shifokor kasalxona daryo dengiz vazir deputat hokim hokimlik muxbir
yangilik goʻsht sut elektr ekin tadbirkor soʻm kredit pensiya nafaqa qoʻshni kengash
prezident bosh hisobot qaror ariza norozilik jamiyat til adabiyot muzey musobaqa bilim
fan sanʼat kon zavod haydovchi soʻz boʻlim koʻcha uy
"""
)
UZ_PLURAL = ["", "lar"]
UZ_POSSESSIVE = ["", "im", "ing", "i", "imiz", "ingiz"]
UZ_CASES = ["", "ning", "ga", "ni", "da", "dan", "dagi"]
#: Uzbek Latin -> Cyrillic, digraphs first, for the same stems in the other script.
UZ_TO_CYRILLIC = [
    ("oʻ", "ў"), ("gʻ", "ғ"), ("sh", "ш"), ("ch", "ч"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"),
    ("ye", "е"), ("ʼ", "ъ"), ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"), ("f", "ф"),
    ("g", "г"), ("h", "ҳ"), ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("q", "қ"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("v", "в"), ("x", "х"), ("y", "й"), ("z", "з"),
]  # fmt: skip

TG_STEMS = _listed(
    """
ҳукумат давлат қонун роҳ шаҳр деҳа кӯдак падар модар халқ замин об кӯҳ кӯл барнома
лоиҳа суд прокурор милитсия вилоят ноҳия китоб рӯзнома рӯзноманигор хабар нарх нон
нафт газ ангишт чорво деҳқон тиҷорат бонк пул андоз буҷет чора молия артиш сарҳад
дӯст меҳмон сиёсат интихобот ҳизб парлумон маҷлис комиссия ҳуҷҷат мактуб талаб
эътироз фарҳанг театр варзиш қаҳрамон хонанда кор коргар гармӣ аҳолӣ касб хизмат
мактаб муаллим духтур беморхона дарё баҳр вазир вакил раис мухбир навигарӣ гӯшт шир
барқ кишт соҳибкор сомонӣ қарз нафақа ҳамсоя шӯро президент ҳисобот қарор ариза
ҷомеа забон адабиёт осорхона мусобиқа дониш илм санъат кон корхона ронанда сухан
шӯъба кӯча хона
"""
)
TG_PLURAL = ["", "ҳо", "он"]
TG_ENDINGS = ["", "и", "е", "ӣ", "гӣ", "ам", "ат", "аш", "амон", "атон", "ашон", "ямон"]
TG_OBJECT = ["", "ро"]


def _turkic(
    back: list[str],
    front: list[str],
    paradigm_back: tuple[str, list[str], list[str]],
    paradigm_front: tuple[str, list[str], list[str]],
) -> set[str]:
    forms: set[str] = set()
    for stems, (plural, possessives, cases) in ((back, paradigm_back), (front, paradigm_front)):
        forms.update(_combine(stems, ["", plural], possessives, cases))
    return forms


def _to_cyrillic(word: str) -> str:
    for latin, cyrillic in UZ_TO_CYRILLIC:
        word = word.replace(latin, cyrillic)
    return word


def word_forms() -> dict[str, list[str]]:
    """Distinct generated word forms per language (ru, en, kk, uz, ky, tg), sorted."""
    ru: set[str] = set()
    ru.update(_combine(RU_NOUNS_HARD, RU_NOUN_HARD_ENDINGS))
    ru.update(_combine(RU_NOUNS_A, RU_NOUN_A_ENDINGS))
    ru.update(_combine(RU_NOUNS_NEUTER, RU_NOUN_NEUTER_ENDINGS))
    ru.update(_combine(RU_ADJECTIVES, RU_ADJECTIVE_ENDINGS))
    ru.update(_combine(RU_VERB_PREFIXES, RU_VERBS, RU_VERB_ENDINGS))
    en: set[str] = set()
    en.update(_combine(EN_PREFIXES, EN_VERBS, EN_VERB_ENDINGS))
    en.update(_combine(EN_NOUNS, EN_NOUN_ENDINGS))
    uz_latin = set(_combine(UZ_LATIN_STEMS, UZ_PLURAL, UZ_POSSESSIVE, UZ_CASES))
    forms = {
        "ru": ru,
        "en": en,
        "kk": _turkic(KK_STEMS_BACK, KK_STEMS_FRONT, KK_BACK, KK_FRONT),
        "uz": uz_latin | {_to_cyrillic(w) for w in uz_latin},
        "ky": _turkic(KY_STEMS_BACK, KY_STEMS_FRONT, KY_BACK, KY_FRONT),
        "tg": set(_combine(TG_STEMS, TG_PLURAL, TG_ENDINGS, TG_OBJECT)),
    }
    return {language: sorted(words) for language, words in forms.items()}
