"""Month names as pages print them, in the languages of the EU and Central Asia.

Each language lists its month names (nominative, then the forms dates use:
genitive, locative, partitive ...) and abbreviations; forms inflected by a
regular suffix are generated from a stem. Words are looked up whole, after
case folding and removal of accents, so "martes" is not "mart" and "Fevrier"
is "février". The same word can name different months in different languages
(Croatian "listopad" is October, Polish and Czech "listopad" November): the
page's language decides, else the reading most languages share.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache


def _with_suffixes(stems: str, suffixes: tuple[str, ...]) -> list[list[str]]:
    """Twelve lists of forms, one per month: each stem with each suffix."""
    return [[stem + suffix for suffix in suffixes] for stem in stems.split()]


def _months(*lines: str) -> list[list[str]]:
    """Twelve lists of forms from lines of twelve space-separated words ("_" joins two)."""
    columns: list[list[str]] = [[] for _ in range(12)]
    for line in lines:
        words = line.split()
        if len(words) != 12:
            raise ValueError(f"twelve months expected: {line!r}")
        for month, word in enumerate(words):
            columns[month].append(word.replace("_", " "))
    return columns


def _merge(*tables: list[list[str]]) -> list[list[str]]:
    return [[form for table in tables for form in table[month]] for month in range(12)]


_RU_SOFT = ("ь", "я", "е", "ю", "ём", "ем")  # январь, января, январе ...
_RU_HARD = ("", "а", "е", "у", "ом")  # март, марта, марте ...
_KK_SUFFIXES = ("", "да", "де", "та", "те", "ның", "нің", "дың", "дің", "тың", "тің", "ы", "і")
_KY_SUFFIXES = ("ь", "", "да", "де", "ында", "инде", "ына", "дын", "дин", "ынын", "ында")
_UZ_LATIN = ("", "da", "ning", "dan", "ga", "oyi")
_UZ_CYRILLIC = ("", "да", "нинг", "дан", "га", "и")  # и: Tajik izafet (ноябри)
_TURKIC = ("", "da", "de", "ta", "te", "də")  # 7 Haziran, Haziranda, 7 iyunda

# language -> twelve lists of forms (January first)
MONTHS: dict[str, list[list[str]]] = {
    "en": _months(
        "january february march april may june july august september october november december",
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "jan feb mar apr may jun jul aug sept oct nov dec",
    ),
    "de": _months(
        "januar februar märz april mai juni juli august september oktober november dezember",
        "jänner feber märz april mai juni juli august september oktober november dezember",
        "jan feb mär apr mai jun jul aug sep okt nov dez",
        "jän febr märz apr mai jun jul aug sept okt nov dez",
    ),
    "fr": _months(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janv févr mars avr mai juin juil août sept oct nov déc",
    ),
    "es": _months(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre",
        "ene feb mar abr may jun jul ago sep oct nov dic",
        "ene feb mar abr may jun jul ago sept oct nov dic",
        "ene feb mar abr may jun jul ago set oct nov dic",
    ),
    "ca": _months(
        "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    ),
    "it": _months(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre",
        "gen feb mar apr mag giu lug ago set ott nov dic",
    ),
    "pt": _months(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "jan fev mar abr mai jun jul ago set out nov dez",
    ),
    "nl": _months(
        "januari februari maart april mei juni juli augustus september oktober november december",
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
    ),
    "pl": _months(
        "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad "
        "grudzień",
        "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
        "listopada grudnia",
        "styczniu lutym marcu kwietniu maju czerwcu lipcu sierpniu wrześniu październiku "
        "listopadzie grudniu",
        "sty lut mar kwi maj cze lip sie wrz paź lis gru",
    ),
    "cs": _months(
        "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec",
        "ledna února března dubna května června července srpna září října listopadu prosince",
    ),
    "sk": _months(
        "január február marec apríl máj jún júl august september október november december",
        "januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra",
    ),
    "sl": _months(
        "januar februar marec april maj junij julij avgust september oktober november december",
        "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra "
        "decembra",
    ),
    "hr": _months(
        "siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni "
        "prosinac",
        "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga "
        "prosinca",
        "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenog "
        "prosinca",
    ),
    "sr": _months(
        "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
        "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
    ),
    "bg": _months(
        "януари февруари март април май юни юли август септември октомври ноември декември",
    ),
    "mk": _months(
        "јануари февруари март април мај јуни јули август септември октомври ноември декември",
    ),
    "ro": _months(
        "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie "
        "decembrie",
        "ian feb mar apr mai iun iul aug sep oct noi dec",
    ),
    "hu": _months(
        "január február március április május június július augusztus szeptember október "
        "november december",
        "jan febr márc ápr máj jún júl aug szept okt nov dec",
    ),
    "fi": _with_suffixes(
        "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu "
        "marraskuu joulukuu",
        ("", "ta", "ssa"),
    ),
    "et": _months(
        "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november "
        "detsember",
    ),
    "lv": _months(
        "janvāris februāris marts aprīlis maijs jūnijs jūlijs augusts septembris oktobris "
        "novembris decembris",
        "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī novembrī "
        "decembrī",
    ),
    "lt": _months(
        "sausis vasaris kovas balandis gegužė birželis liepa rugpjūtis rugsėjis spalis lapkritis "
        "gruodis",
        "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio "
        "lapkričio gruodžio",
    ),
    "sv": _months(
        "januari februari mars april maj juni juli augusti september oktober november december",
    ),
    "da": _months(
        "januar februar marts april maj juni juli august september oktober november december",
    ),
    "no": _months(
        "januar februar mars april mai juni juli august september oktober november desember",
    ),
    "el": _months(
        "ιανουάριος φεβρουάριος μάρτιος απρίλιος μάιος ιούνιος ιούλιος αύγουστος σεπτέμβριος "
        "οκτώβριος νοέμβριος δεκέμβριος",
        "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου "
        "οκτωβρίου νοεμβρίου δεκεμβρίου",
        "ιαν φεβ μαρ απρ μαΐ ιουν ιουλ αυγ σεπ οκτ νοε δεκ",
    ),
    "ga": _months(
        "eanáir feabhra márta aibreán bealtaine meitheamh iúil lúnasa meán_fómhair "
        "deireadh_fómhair samhain nollaig",
    ),
    "mt": _months(
        "jannar frar marzu april mejju ġunju lulju awwissu settembru ottubru novembru diċembru",
    ),
    "uk": _months(
        "січень лютий березень квітень травень червень липень серпень вересень жовтень "
        "листопад грудень",
        "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
        "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
    ),
    "be": _months(
        "студзень люты сакавік красавік травень чэрвень ліпень жнівень верасень кастрычнік "
        "лістапад снежань",
        "студзеня лютага сакавіка красавіка траўня чэрвеня ліпеня жніўня верасня кастрычніка "
        "лістапада снежня",
    ),
    "ru": _merge(
        _with_suffixes("январ феврал", _RU_SOFT)
        + _with_suffixes("март", _RU_HARD)
        + _with_suffixes("апрел", _RU_SOFT)
        + [["май", "мая", "мае", "маю", "маем"]]
        + _with_suffixes("июн июл", _RU_SOFT)
        + _with_suffixes("август", _RU_HARD)
        + _with_suffixes("сентябр октябр ноябр декабр", _RU_SOFT),
        _months(
            "янв фев мар апр мая июн июл авг сен окт ноя дек",
            "янв февр март апр май июня июля авг сент окт нояб дек",
        ),
    ),
    "kk": _with_suffixes(
        "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
        _KK_SUFFIXES,
    ),
    "ky": _merge(
        _with_suffixes(
            "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр", _KY_SUFFIXES
        ),
        _months(
            "үчтүн_айы бирдин_айы жалган_куран чын_куран бугу кулжа теке баш_оона аяк_оона "
            "тогуздун_айы жетинин_айы бештин_айы",
            "үчтүн бирдин жалган_куран чын_куран бугу кулжа теке баш_оона аяк_оона тогуздун "
            "жетинин бештин",
        ),
    ),
    "uz": _merge(
        _with_suffixes(
            "yanvar fevral mart aprel may iyun iyul avgust sentabr oktabr noyabr dekabr",
            _UZ_LATIN,
        ),
        _with_suffixes(
            "yanvar fevral mart aprel may iyun iyul avgust sentyabr oktyabr noyabr dekabr",
            _UZ_LATIN,
        ),
        _with_suffixes(
            "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр", _UZ_CYRILLIC
        ),
    ),
    "tg": _with_suffixes(
        "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр", _UZ_CYRILLIC
    ),
    "tk": _with_suffixes(
        "ýanwar fewral mart aprel maý iýun iýul awgust sentýabr oktýabr noýabr dekabr",
        _TURKIC,
    ),
    "az": _with_suffixes(
        "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
        _TURKIC,
    ),
    "tr": _with_suffixes(
        "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
        _TURKIC,
    ),
}


def fold(word: str) -> str:
    """Case folded, without accents: the key a printed word is looked up by."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip(".")


# Forms shorter than this are abbreviations, read only next to a year (never "3 mar"
# alone), except the full names of three letters (May, mai, maj, май).
_FULL_MIN = 4
_SHORT_FULL_NAMES = ("may", "mai", "maj", "mei", "май", "мај", "мая", "мае")


@lru_cache(maxsize=2)
def _table(accents: bool = False) -> dict[str, dict[str, int]]:
    """Folded form (with its accents, or without) -> {language: month}."""
    table: dict[str, dict[str, int]] = {}
    for lang, months in MONTHS.items():
        for month, forms in enumerate(months, start=1):
            for form in forms:
                key = form.casefold() if accents else fold(form)
                table.setdefault(key, {})[lang] = month
    return table


@lru_cache(maxsize=1)
def _short_full() -> frozenset[str]:
    return frozenset(fold(name) for name in _SHORT_FULL_NAMES)


def two_word_starts() -> tuple[str, ...]:
    """First words of two-word month names ("баш оона"), as printed, lower case."""
    forms = (form for months in MONTHS.values() for month in months for form in month)
    return tuple(sorted({form.split()[0] for form in forms if " " in form}))


def month_number(word: str, lang: str | None = None, *, abbreviated: bool = True) -> int | None:
    """The month a whole word names, or None.

    ``abbreviated=False`` (a date without a year) refuses short forms and
    wants the accents as written ("Marc" is a name, "març" March).
    """
    key = fold(word)
    if abbreviated:
        readings = _table().get(key)
    else:
        readings = _table(accents=True).get(word.casefold().strip("."))
        if len(key) < _FULL_MIN and key not in _short_full():
            return None
    if not readings:
        return None
    if lang and (month := readings.get(lang.split("-")[0].lower())):
        return month
    return Counter(readings.values()).most_common(1)[0][0]
