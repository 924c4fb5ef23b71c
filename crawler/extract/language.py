"""Which language an article is in, from its letters and words, checked against the page.

Each word votes: for the languages whose special letters it holds (Kazakh
ә ұ і һ, Kyrgyz and Kazakh ң ө ү, Uzbek ў, Tajik ӣ ӯ ҷ, Ukrainian ї є ґ,
Turkmen ň ý ž ...) and, when it is a frequent function word, for its
language. Russian has no letters of its own, so it wins by its function words,
and a Russian article that names Kazakh people and places (Тоқаев, Қарағанды)
is not taken for Kazakh: a few such words are outvoted. Kyrgyz is told from
Kazakh by the letters it lacks (ә ұ і қ ғ), its long vowels (оо, үү, ээ)
and its own function words. Uzbek is one code in either script. The page's
declared language decides only when the votes are too few or too close.
Fast: one pass over at most a few thousand characters, run on every page.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SAMPLE = 4000  # characters: enough words to vote, cheap on long pages

# letter -> votes of a word that holds it (once per word, whatever the count)
_LETTERS: dict[str, dict[str, float]] = {
    "ә": {"kk": 3, "ky": -3},
    "ұ": {"kk": 3, "ky": -3},
    "і": {"kk": 2, "uk": 2, "ky": -3},
    "һ": {"kk": 2, "ky": -2},
    "қ": {"kk": 1.5, "uz": 1, "tg": 1, "ky": -3},
    "ғ": {"kk": 1.5, "uz": 1, "tg": 1, "ky": -3},
    "ң": {"kk": 1, "ky": 1.5},
    "ө": {"kk": 1, "ky": 1.5},
    "ү": {"kk": 1, "ky": 1.5},
    "ў": {"uz": 4, "kk": -3, "ky": -3, "tg": -3},
    "ҳ": {"uz": 1.5, "tg": 1.5, "kk": -2, "ky": -2},
    "ӣ": {"tg": 4, "uz": -3},
    "ӯ": {"tg": 4, "uz": -3},
    "ҷ": {"tg": 4, "uz": -3},
    "ї": {"uk": 4},
    "є": {"uk": 4},
    "ґ": {"uk": 4},
    "щ": {"ru": 0.5},
    "ы": {"ru": 0.3, "uk": -2, "uz": -1, "tg": -1},
    "э": {"ru": 0.3, "uk": -2},
    # Latin
    "ň": {"tk": 4},
    "ý": {"tk": 3, "kk": 1},
    "ž": {"tk": 2},
    "ş": {"tk": 2, "tr": 2},
    "ğ": {"tr": 4},
    "ı": {"tr": 3, "kk": 2},
    "ö": {"tk": 1, "tr": 1},
    "ü": {"tk": 1, "tr": 1},
    "ǵ": {"kk": 4},
    "ń": {"kk": 1.5, "pl": 1.5},
    "ã": {"pt": 3},
    "õ": {"pt": 3},
    "ç": {"tk": 1.5, "tr": 2, "pt": 1, "fr": 1},
    "ß": {"de": 4},
    "ä": {"tk": 3, "de": 2},
    "ñ": {"es": 4},
    "è": {"fr": 2, "it": 2},
    "ê": {"fr": 2, "pt": 2},
    "ł": {"pl": 4},
    "ą": {"pl": 4},
    "ę": {"pl": 4},
    "ʻ": {"uz": 2},
}

_FUNCTION_WORDS: dict[str, str] = {
    "ru": "и в на не что с по из за от для это как а о к его её их также он она они был была "
    "были было будет который которая которые года году после при уже только но же ли "
    "этом этого того чтобы более может словам сообщили заявил отметил",
    "kk": "және мен бен пен деп бұл осы үшін бойынша да де та те болып болды жылы туралы "
    "керек еді жоқ бар ол оның олар сондай-ақ қазір қатысты дейін кейін арқылы бірақ "
    "айтты мәлім жылғы бүгін",
    "ky": "жана менен деп бул үчүн боюнча дагы болуп болгон жылы тууралуу керек эле жок бар "
    "ал анын алар эмес деген буга ошондой азыр тарабынан чейин кийин аркылуу бирок "
    "айтты маалымдады жылдын бүгүн",
    "uz": "ва билан учун бўйича ҳам бу деб эса қилди йил йилда эди бор йўқ керак ҳақида "
    "мумкин ўз шу лекин қилинди бўлди va bilan uchun boʻyicha ham bu deb esa qildi yil "
    "yilda edi bor yoʻq kerak haqida mumkin oʻz shu lekin qilindi boʻldi ekan mazkur "
    "hamda orqali tomonidan",
    "tg": "дар ки бо аз ба барои ин он буд мебошад шуд кард низ то аст ва мешавад гуфт "
    "намуд карда шудааст",
    "uk": "і що та як це від для його які також було буде після вже але",
    "en": "the of and to in a is was for on that with by as at said has have will from "
    "it its are were be been which who this an not but their after also",
    "tk": "we bilen üçin bu hem boýunça bolup bolan ýyl ýylda edip etdi has-da",
    "tr": "ve bir bu için ile olarak olan daha çok gibi sonra ancak",
    "de": "der die das und ist nicht mit von den zu im auf für sich dem ein eine auch wird",
    "fr": "le la les des et est une du dans que pour pas sur au qui avec ce il elle sont",
    "es": "el la los las y es en del que por una con para se su al lo como más fue",
    "pt": "o a os as e é em do da dos das que para com uma um não por no na se mais",
    "it": "il la le gli e è di del della che per con una un non sono da nel alla anche",
    "id": "dan yang di ini itu dengan untuk dari tidak akan pada juga ada adalah dalam",
    "nl": "de het een en van is dat op te zijn niet met voor ook aan",
    "pl": "i w na z się że nie do jest to jak od po przez oraz dla",
}
_WORDS: dict[str, set[str]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words.split():
        _WORDS.setdefault(_w, set()).add(_lang)
_WORD_VOTE = 2.0
# Word endings one language's grammar makes and the others' do not (plain letters only).
_ENDINGS: tuple[tuple[re.Pattern[str], dict[str, float]], ...] = tuple(
    (re.compile(pattern), votes)
    for pattern, votes in (
        # Russian inflections: adjectives, participles, infinitives, oblique cases
        (
            r"(?:ый|ая|яя|ое|ые|ого|его|ому|ему|ых|ыми|ими|ться|тся|ть|ешь|ют|ения|ании|ции|"
            r"ости|ами|ями|ением|ах|ях|али|или|ыли|ели)$",
            {"ru": 1.0},
        ),
        (r"(?:ады|йды|еді|йді)$", {"kk": 1.0}),  # Kazakh present tense
        (r"(?:деги|дагы|тагы|теги|догу|тогу|дук|тук|дүк|түк|луу|лүү)$", {"ky": 1.0}),
        (r"нинг$", {"uz": 2.0}),  # Uzbek genitive (Kazakh -ның, Kyrgyz -нын)
        # Turkic plural + case (Russian nouns in -лер/-тер take no such endings)
        (
            r"(?:лар|лер|лор|лөр|дар|дер|дор|тар|тер|тор)(?:дын|дин|дун|дүн|ды|ди|ду|га|ге|го|"
            r"да|де|до|ны|ни|ну|ын|ин|ун)$",
            {"kk": 0.5, "ky": 0.7, "uz": 0.7},
        ),
        (r"(?:лиги|лигини|ганини|масдан|моқда)$", {"uz": 1.0}),
        (r"ди$", {"uz": 0.3, "ky": 0.3}),
        # Uzbek Latin: adjectives in -iy, plural and case endings, verbs in -di, -gan, -ib
        (
            r"(?:iy|lar|lari|larni|larga|larda|ning|dagi|dan|ga|da|di|gan|ib|moqda|ish|ishni)$",
            {"uz": 0.5},
        ),
        (r"q(?!u)", {"uz": 1.5}),  # q without u: Uzbek, never English
    )
)
_KK_KY_LETTERS = set("ыіәұөүң")
_SPECIAL = frozenset(_LETTERS)
_LONG_VOWEL = re.compile(r"(?:оо|өө|үү|ээ|уу|ыы|аа)")
_WORD_RE = re.compile(r"\w+(?:ʻ\w+)*")
_APOSTROPHES = ("'", "‘", "’", "`", "ʼ")  # as Uzbek Latin writes its ʻ
_UZ_LATIN = re.compile(r"(?:oʻ|gʻ)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1 << 16)
def _word_votes(word: str, capitalised: bool, cyrillic: bool) -> tuple[tuple[str, float], ...]:
    """One (lower-case) word's votes; the letters of capitalised words (names) count half.

    Cached: the same words come back on every page of an outlet.
    """
    votes: dict[str, float] = {}

    def vote(lang: str, weight: float) -> None:
        votes[lang] = votes.get(lang, 0.0) + weight

    for lang in _WORDS.get(word, ()):
        vote(lang, _WORD_VOTE)
    scale = 0.5 if capitalised else 1.0
    letters = set(word)
    for letter in letters & _SPECIAL:
        for lang, weight in _LETTERS[letter].items():
            vote(lang, weight * scale)
    for pattern, weights in _ENDINGS:
        if pattern.search(word):
            for lang, weight in weights.items():
                vote(lang, weight)
    if cyrillic:
        if _LONG_VOWEL.search(word):
            vote("ky", 1.5 * scale)
        if letters & {"қ", "ғ"} and not letters & _KK_KY_LETTERS:
            # қ or ғ in a word with none of Kazakh's other letters: Uzbek or Tajik
            for lang, weight in (("kk", -1.0), ("uz", 1.0), ("tg", 1.0)):
                vote(lang, weight * scale)
    elif _UZ_LATIN.search(word):
        vote("uz", 3.0)
    return tuple(votes.items())


def _votes(words: list[str], cyrillic: bool) -> dict[str, float]:
    votes: dict[str, float] = {}
    for original in words:
        for lang, weight in _word_votes(original.lower(), original[0].isupper(), cyrillic):
            votes[lang] = votes.get(lang, 0.0) + weight
    return votes


# Scripts that name their language outright.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (lang, re.compile(f"[{chars}]"))
    for lang, chars in (
        ("ko", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"),
        ("ja", "\u3040-\u30ff"),  # kana
        ("zh", "\u4e00-\u9fff"),  # Han, also written in Japanese
        ("ar", "\u0600-\u06ff"),
        ("he", "\u0590-\u05ff"),
        ("ka", "\u10a0-\u10ff"),
        ("hy", "\u0530-\u058f"),
        ("el", "\u0370-\u03ff"),
        ("hi", "\u0900-\u097f"),
        ("th", "\u0e00-\u0e7f"),
    )
)
_ANY_OTHER = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS))
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06cc]")  # پ چ ژ گ ی
_LETTER = re.compile(r"[^\W\d_]")


def _other_script(sample: str) -> str | None:
    """The language of a text in a script of its own (a fifth of its letters or more)."""
    if not _ANY_OTHER.search(sample):
        return None
    counts = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPTS}
    if counts["ja"]:  # Japanese mixes kana with Han
        counts["ja"], counts["zh"] = counts["ja"] + counts["zh"], 0
    lang, count = max(counts.items(), key=lambda item: item[1])
    if count * 5 < len(_LETTER.findall(sample)):
        return None
    if lang == "ar" and len(_PERSIAN.findall(sample)) * 50 >= count:
        return "fa"
    return lang


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the text's language; ``declared`` (page or profile) breaks ties."""
    declared = (declared or "").lower()[:2] or None
    sample = text[:_SAMPLE]
    if (other := _other_script(sample)) is not None:
        return other
    for apostrophe in _APOSTROPHES:
        sample = sample.replace(apostrophe, "ʻ")
    words = [w for w in _WORD_RE.findall(sample) if w[0].isalpha()]
    if not words:
        return declared or "und"
    cyrillic = sum(1 for w in words if _CYRILLIC.match(w)) * 2 > len(words)
    words = [w for w in words if bool(_CYRILLIC.match(w)) == cyrillic]
    votes = _votes(words, cyrillic)
    if cyrillic:
        candidates: tuple[str, ...] = ("ru", "kk", "ky", "uz", "tg", "uk")
    else:
        candidates = ("en", "uz", "tk", "tr", "kk", "de", "fr", "es", "pt", "it", "id", "nl", "pl")
    ranked = sorted(candidates, key=lambda lang: (-votes.get(lang, 0.0), candidates.index(lang)))
    best = votes.get(ranked[0], 0.0)
    if declared in candidates and best - votes.get(declared, 0.0) < 1:
        return declared  # the text does not say otherwise
    if best <= 0:
        return declared or candidates[0]
    return ranked[0]
